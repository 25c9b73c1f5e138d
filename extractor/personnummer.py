"""Personnummer: personal identity numbers, found only to be masked.

``YYMMDD-NNNN`` or ``YYYYMMDD-NNNN`` with a Luhn check digit over the last ten digits
(python-stdnum, ``stdnum.se.personnummer``); ``+`` replaces the dash for people over 100,
and a samordningsnummer adds 60 to the day. They are never reported, stored or indexed.

>>> mask("Sökande 19850412-1230 bor i Lund.")
'Sökande ********-**** bor i Lund.'
"""

from __future__ import annotations

import re

from stdnum.se import personnummer as _stdnum_pnr

_CANDIDATE = re.compile(r"(?<![\d-])(?:19|20)?(\d{6})[ \t]*([-+\u2013])?[ \t]*(\d{4})(?![\d-])")


def find(text: str) -> list[tuple[int, int]]:
    """Return the ``(start, end)`` of every valid personnummer in ``text``."""
    out = []
    for m in _CANDIDATE.finditer(text or ""):
        sep = "+" if m.group(2) == "+" else "-"
        candidate = f"{m.group(1)}{sep}{m.group(3)}"
        month = int(m.group(1)[2:4])
        if 1 <= month <= 12 and _stdnum_pnr.is_valid(candidate):
            out.append((m.start(), m.end()))
    return out


def mask(text: str, spans: list[tuple[int, int]] | None = None) -> str:
    """Replace the digits of every personnummer with ``*``, keeping length and separators."""
    chars = list(text)
    for start, end in find(text) if spans is None else spans:
        for i in range(start, end):
            if chars[i].isdigit():
                chars[i] = "*"
    return "".join(chars)
