"""Organisationsnummer: the identity number of a Swedish legal person.

``NNNNNN-NNNN`` with a Luhn check digit (checked with python-stdnum, ``stdnum.se.orgnr``).
The first digit tells the legal form; the third and fourth digits are 20 or more, which
tells an organisation number from a personnummer (whose third and fourth digits are a
month). Written with a hyphen, an en dash, spaces around the dash (``232100 - 0255``) or
a ``16`` prefix (``16802002-8711``). Personnummer are personal data: they are never
reported as organisation numbers (see :mod:`extractor.identifiers.personnummer`).

>>> validate("802002 – 8711")
'802002-8711'
>>> validate("16802002-8711")
'802002-8711'
>>> is_valid("802002-8712")
False
>>> legal_form("232100-0255")
'stat, region, kommun eller församling'
"""

from __future__ import annotations

import re

from stdnum.se import orgnr as _stdnum_orgnr

from extractor import vocab
from extractor.identifiers import Found

_DASHES = r"\-" + "\u2010\u2011\u2012\u2013\u2014\u2212"
_CANDIDATE = re.compile(rf"(?=\d)(?<![\d{_DASHES}])(?:16)?(\d{{6}})[ \t]*[{_DASHES}][ \t]*(\d{{4}})(?![\d{_DASHES}])")
_UNDELIMITED = re.compile(r"(?i)(?=o)(?:org(?:anisations)?\.?\s*-?\s*nr\.?|organisationsnummer)\s*:?\s*(?:16)?(\d{10})(?!\d)")


def compact(number) -> str:
    """Return the ten digits, without separators or the ``16`` prefix."""
    digits = re.sub(r"\D", "", str(number))
    return digits[2:] if len(digits) == 12 and digits.startswith("16") else digits


def validate(number) -> str:
    """Return ``NNNNNN-NNNN`` or raise ``ValueError``."""
    digits = compact(number)
    if len(digits) != 10 or not digits.isascii() or int(digits[2:4]) < 20 or not _stdnum_orgnr.is_valid(digits):
        raise ValueError(f"not an organisation number: {number!r}")
    return f"{digits[:6]}-{digits[6:]}"


def is_valid(number) -> bool:
    """True for a valid organisation number; never raises."""
    try:
        return bool(validate(number))
    except (ValueError, TypeError):
        return False


def format(number) -> str:  # noqa: A001 - the identifier-module interface
    return validate(number)


def legal_form(number) -> str:
    """The legal form the first digit stands for."""
    return vocab.load("organisations")["legal_form_by_first_digit"].get(compact(number)[:1], "okänd")


def find(text: str) -> list[Found]:
    """Every valid organisation number in ``text``: ``(number, start, end)``, in reading order."""
    if not text:
        return []
    out = []
    # a delimited number starts a run of six digits; an undelimited one after "org" (or "Org")
    candidates = (vocab.scan(_CANDIDATE, text, vocab.six_digit_runs(text)), vocab.finditer_at(_UNDELIMITED, text, ["org"]))
    for pattern, matches in zip((_CANDIDATE, _UNDELIMITED), candidates):
        for m in matches:
            digits = "".join(g for g in m.groups() if g)
            if is_valid(digits):
                start = m.start() if pattern is _CANDIDATE else m.start(1)
                out.append(Found(validate(digits), start, m.end()))
    return sorted(set(out), key=lambda t: t.start)
