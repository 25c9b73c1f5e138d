"""Amounts of money in kronor.

Space, no-break space or a line break between thousands (``1 070 000 kr``, ``1\\n260 000
kronor``), or a point (``1.250.000 kr``, ``11.716 Mkr``: Swedish writes the decimal with a
comma, so a point before three digits groups thousands), a decimal comma, and the units
``kr``, ``kronor``, ``kr/år``, ``SEK``, ``tkr`` (thousands), ``mnkr`` / ``Mkr`` / ``miljoner
kronor`` and ``mdkr``; the unit may also lead (``kr 95 000``, the form of some tables and
invoices). A minus sign written against the number stays (``-3,1 mnkr``, an overrun). A
number without a currency unit is never an amount, which keeps postal codes (``205 80
Malmö``), box and phone numbers, counts (``70 barn``) and years out.

>>> [a.value for a in find("med 400 000 kr vardera och 2,5 mnkr samt 850 tkr")]
[400000, 2500000, 850000]
>>> [a.value for a in find("1.250.000 kr, 11.716 Mkr, kr 95 000 och avvikelsen -0,1 mnkr")]
[1250000, 11716000000, 95000, -100000]
>>> [a.value for a in find("Köpeskillingen är fyra miljoner (4 000 000) kronor.")]
[4000000]
>>> find("205 80 Malmö, 70 barn, tel 040-675 31 27")
[]
>>> [a.value for a in find("ett bidrag om 185 OOO kronor (skannat)")]
[185000]
>>> [a.value for a in find("ett investeringsbidrag om l50 000 kr, I2 500 kronor, I 200 000 kronor")]
[150000, 12500, 200000]
"""

from __future__ import annotations

import bisect
import re
from decimal import Decimal

from extractor import vocab
from extractor.model import Amount

_UNITS = {
    "mdkr": 10**9, "miljarder kronor": 10**9, "miljarder kr": 10**9, "miljard kronor": 10**9,
    "mnkr": 10**6, "mkr": 10**6, "miljoner kronor": 10**6, "miljoner kr": 10**6, "milj. kr": 10**6,
    "milj kr": 10**6, "miljon kronor": 10**6, "miljon kr": 10**6, "msek": 10**6, "miljoner sek": 10**6,
    "tkr": 1000, "tusen kronor": 1000, "tusen kr": 1000, "tsek": 1000,
    "kronor": 1, "kr": 1, "sek": 1, ":-": 1,
}
_GAP = r"[ \t\u00a0\u202f\u2009]"  # thousands separators: space, no-break and thin spaces
# A separator is never empty (or "100101" could split anywhere: exponential backtracking on
# rows of table figures) and never long (or a run of spaces is rescanned from every digit).
_SEP = rf"(?:{_GAP}{{1,3}}|{_GAP}{{0,3}}\n{_GAP}{{0,3}})"
_UNIT_ALTERNATION = "|".join(re.escape(u).replace(r"\ ", r"\s+") for u in sorted(_UNITS, key=len, reverse=True))
# A thousands group may hold the letter O that OCR reads for a zero (``185 OOO kronor`` on a scan):
# after a first group of digits and before a currency unit, it can be nothing else.
# OCR also runs a number's first two groups together ("1450 000 kr" for 1 450 000): four digits
# and a group of three after a space are one number, unless the four are a year ("2025 85 000 kr").
_NUMBER = (rf"(?P<int>\d{{1,3}}(?:{_SEP}[\dO]{{3}})+|(?!(?:19[5-9]|20\d)\d)\d{{4}}(?:{_SEP}[\dO]{{3}})+"
           rf"|\d{{1,3}}(?:\.\d{{3}})+|\d+)(?:,(?P<dec>\d+))?")
# A minus sign counts only against the digits and after a space or an opening bracket
# ("2 000–3 000 kr" is a range, "2020-850 kr" no sign).
_SIGN = r"(?:(?:(?<=[\s(])|^)(?P<sign>[-\u2212\u2013]))?"
_AMOUNT = re.compile(
    rf"(?=[-\u2212\u2013\d]){_SIGN}(?<![\d,.]){_NUMBER}{_SEP}?(?P<unit>{_UNIT_ALTERNATION})(?![\wåäö])",
    re.I | re.M,
)
# ``kr 95 000``: the unit first; the number must be grouped or of three digits or more.
_LEADING_UNIT = re.compile(
    rf"(?=[ks])(?<![\wåäö])(?P<unit>kr|sek)\.?{_GAP}{{1,2}}(?!(?:19|20)\d\d(?![\d.,]?\d))(?P<int>\d{{1,3}}(?:{_GAP}\d{{3}})+|\d{{1,3}}(?:\.\d{{3}})+|\d{{3,9}})"
    rf"(?:,(?P<dec>\d\d))?(?![\d.,]?\d|{_SEP}?(?:{_UNIT_ALTERNATION})(?![\wåäö]))",
    re.I,
)

# ``fyra miljoner (4 000 000) kronor``: the sum in words with its figures in brackets before the
# unit, as agreements and deeds write a price.
_BRACKETED = re.compile(
    rf"\((?!(?:19|20)\d\d\))(?P<int>\d{{1,3}}(?:{_GAP}\d{{3}})+|\d{{1,3}}(?:\.\d{{3}})+|\d{{3,12}})(?:,(?P<dec>\d\d))?\)"
    rf"{_GAP}{{0,2}}(?P<unit>kronor|kr|sek)(?![\wåäö])",
    re.I,
)


# OCR reads a leading one as a lower-case L or a capital I (``l50 000 kr``): before digits grouped in
# thousands and a currency unit it can be nothing else. Read as 1 in a copy of the same length.
_OCR_ONE = re.compile(r"[lI](?=\d)(?<![\wåäö][lI])(?=\d{1,2}(?:[ \u00a0]\d{3})+[ \u00a0]?(?:kr|kronor|sek)(?![\wåäö]))")


def find(text: str) -> list[Amount]:
    """Every amount in ``text``, in reading order, in whole kronor."""
    original = text or ""
    text = _OCR_ONE.sub("1", original)
    out = sorted(_found(_AMOUNT, text, original=original) + _found(_BRACKETED, text, ["("], original),
                 key=lambda a: a.start)
    starts, ends = [a.start for a in out], [a.end for a in out]
    # The leading-unit form only where no trailing-unit amount stands ("kr 2 000 kr").
    leading = [a for a in _found(_LEADING_UNIT, text, ["kr", "sek"], original)
               if not (i := bisect.bisect_left(starts, a.end)) or ends[i - 1] <= a.start]
    return sorted(out + leading, key=lambda a: a.start)


def _found(pattern: re.Pattern, text: str, first_words=None, original: str = "") -> list[Amount]:
    """The amounts ``pattern`` finds; where every match starts with one of ``first_words`` (ignoring
    case), it is tried only where one stands. Each amount's text is as ``original`` writes it."""
    out = []
    for m in vocab.finditer_at(pattern, text, first_words) if first_words else pattern.finditer(text):
        value = parse_match(m)
        if value is not None:
            out.append(Amount(value, " ".join((original or text)[m.start():m.end()].split()), m.start(), m.end()))
    return out


_GROUPING = re.compile(r"[\s.]")


def parse_match(m: re.Match) -> int | None:
    digits = _GROUPING.sub("", m.group("int")).replace("O", "0")
    unit = " ".join(m.group("unit").lower().split())
    # a decimal part exactly, as a Decimal rounded to whole kronor; whole kronor as integers
    value = Decimal(f"{digits}.{m.group('dec')}") * _UNITS[unit] if m.group("dec") else int(digits) * _UNITS[unit]
    if value <= 0:
        return None
    negative = "sign" in m.re.groupindex and m.group("sign")
    return (value if type(value) is int else int(value.to_integral_value())) * (-1 if negative else 1)


def format(value: int) -> str:  # noqa: A001 - the identifier-module interface
    """Swedish display form with a no-break space between thousands: ``1 070 000 kr``."""
    return f"{value:,}".replace(",", "\u00a0") + "\u00a0kr"
