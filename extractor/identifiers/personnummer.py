"""Personnummer and samordningsnummer: personal identity numbers, found only to be masked.

A personnummer (folkbokföringslagen 18 §) is ``YYMMDD-NNNN``, or ``YYYYMMDD-NNNN`` with the
century; its last digit is a Luhn check digit over the ten digits without the century,
and ``+`` replaces the dash for people over 100. A samordningsnummer (folkbokföringslagen
18 a §) is written the same way with 60 added to the day of birth (``811278-9873`` is born on
the 18th). People write them in many ways, and every one is found:

* any dash (hyphen, U+2010 to U+2015, U+2011 non-breaking hyphen, U+2212 minus, full-width),
  a plus, spaces of any kind (no-break, narrow, thin) around it, or no separator at all;
* the two parts on two lines (a line break, with or without the dash, even a soft hyphen);
* digits of any script Unicode counts as decimal (full-width ``８５０４１２``).

A candidate counts only when its date exists (month 1 to 12, day within the month, or the
day plus 60) and the Luhn check holds (python-stdnum's ``luhn``), so organisation numbers
(month digits 20 or more), phone numbers and case numbers are left alone. Masking replaces
every digit with ``*`` and keeps everything else, so the text keeps its length and every
other fact its offsets. They are never reported, stored or indexed.

>>> mask("Sökande 19850412-1230 bor i Lund.")
'Sökande ********-**** bor i Lund.'
>>> mask("Samordningsnummer 811278\u22129873.")
'Samordningsnummer ******\u2212****.'
"""

from __future__ import annotations

import re
import unicodedata

from stdnum import luhn

from extractor import vocab
from extractor.identifiers import Found

_DASHES = "\\-+\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0b\uff0d"
# Whitespace of any kind (\s covers no-break and the typographic spaces), the soft hyphen
# and zero-width characters that PDF text layers leave between digits.
_GAP = "[\\s\u00ad\u200b\u200c\u200d\u2060\ufeff]{0,4}"
# Every pattern scanned over a whole text here and in the other finders starts with a lookahead
# for the characters a match can start with: the regular-expression engine then rejects most
# positions with one test instead of trying the lookbehinds and alternatives at each of them.
_CANDIDATE = re.compile(
    rf"(?=\d)(?<!\d)(?<!\d[{_DASHES}./])"
    rf"(?:(?P<century>\d\d)(?=\d{{6}}))?(?P<date>\d{{6}})"
    rf"(?P<sep>{_GAP}(?:[{_DASHES}]{_GAP})?)"
    rf"(?P<serial>\d{{4}})"
    rf"(?!\d)(?![{_DASHES}./]\d)"
)
_DAYS = (31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _ascii(digits: str) -> str:
    return "".join(str(unicodedata.digit(ch)) for ch in digits)


def compact(number) -> str:
    """The ten digits ``YYMMDDNNNN`` (ASCII), without separators or the century."""
    digits = _ascii("".join(ch for ch in str(number) if ch.isdecimal()))
    return digits[2:] if len(digits) == 12 else digits


def validate(number) -> str:
    """Return ``YYMMDD-NNNN`` or raise ``ValueError``."""
    digits = "".join(ch for ch in str(number) if ch.isdecimal())
    century = digits[:2] if len(digits) == 12 else None
    ten = compact(number)
    if len(ten) != 10 or not _valid_parts(ten[:6], ten[6:], century):
        raise ValueError(f"not a personnummer or samordningsnummer: {number!r}")
    return f"{ten[:6]}-{ten[6:]}"


def is_valid(number) -> bool:
    """True for a valid personnummer or samordningsnummer; never raises."""
    try:
        return bool(validate(number))
    except (ValueError, TypeError):
        return False


def format(number) -> str:  # noqa: A001 - the identifier-module interface
    return validate(number)


def _valid_parts(date: str, serial: str, century: str | None = None) -> bool:
    """Whether six date digits and four serial digits make a personnummer or samordningsnummer."""
    date, serial = _ascii(date), _ascii(serial)
    if century is not None and _ascii(century) not in ("18", "19", "20"):
        return False
    month, day = int(date[2:4]), int(date[4:6])
    if day > 60:
        day -= 60  # samordningsnummer
    if not (1 <= month <= 12 and 1 <= day <= _DAYS[month - 1]):
        return False
    return luhn.is_valid(date + serial)


def find(text: str) -> list[Found]:
    """Every valid personnummer or samordningsnummer in ``text``: ``(number, start, end)``, in
    reading order; only to be masked (:func:`mask`), never reported."""
    out = []
    for m in vocab.scan(_CANDIDATE, text, vocab.six_digit_runs(text)) if text else ():
        if "\n\n" in m.group("sep").replace("\r", ""):
            continue  # a blank line between the parts: two separate numbers
        if _valid_parts(m.group("date"), m.group("serial"), m.group("century")):
            out.append(Found(f"{_ascii(m.group('date'))}-{_ascii(m.group('serial'))}", m.start(), m.end()))
    return out


def mask(text: str, found: list[Found] | None = None) -> str:
    """Replace the digits of every personnummer with ``*``, keeping length and separators
    (those ``found`` in ``text`` already, else those :func:`find` finds)."""
    found = find(text) if text and found is None else found
    if not text or not found:
        return text
    chars = list(text)
    for _number, start, end in found:
        for i in range(start, end):
            if chars[i].isdigit():
                chars[i] = "*"
    return "".join(chars)


def mask_name(name: str) -> str:
    """A file name or path as it may be shown or stored: its personal numbers masked."""
    return mask(name) if name else name
