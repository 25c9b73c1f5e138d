"""Periods: spans of time an agreement, a grant or a project covers, as ISO ``[start, end]``.

The Swedish phrasings of DOMAIN.md: ``1 januari 2025 till 31 december 2025``,
``från den 1 januari 2022 till och med den 31 december 2022``, ``mellan den 1 januari
2023 och den 31 december 2024``, ``2021-01-01 t o m 2024-12-31``, ``2016-01-01 –
2018-12-31``, ``2021-01-31-2024-12-31``, and year-only forms ``under 2021-2024``,
``perioden 2021–2024``, ``(2018-2020)``, which cover whole years.

>>> [(p.start_date, p.end_date) for p in find("avser 1 januari till 31 december 2025")]
[('2025-01-01', '2025-12-31')]
>>> [(p.start_date, p.end_date) for p in find("Avanti (2018-2020) och lagen (2017:30)")]
[('2018-01-01', '2020-12-31')]
>>> [p.text for p in find("gäller 2021-01-31-2024-12-31 med")]
['2021-01-31-2024-12-31']
"""

from __future__ import annotations

import re
from bisect import bisect_left

from extractor import dates
from extractor.model import Period

_CONNECTOR = re.compile(
    r"\s*(?:till\s+och\s+med|t\.?\s?o\.?\s?m\.?|fram\s+till|till|och|[-–—]|—)\s*(?:den\s+)?", re.I
)
_MELLAN = re.compile(r"(?i)\bmellan\s+$")
_YEAR_RANGE = re.compile(
    r"(?<![\w-])(?P<a>(?:19|20)\d\d)(?:\s*[-–—/]\s*|\s+(?:till(?:\s+och\s+med)?|t\.?\s?o\.?\s?m\.?)\s+(?:år\s+)?)"
    r"(?P<b>(?:19|20)\d\d)(?![\w:]|-\d)"
)
_MAX_YEARS = 30


def find(text: str) -> list[Period]:
    """Every period stated in ``text``, in reading order (repeats included)."""
    if not text:
        return []
    found = _date_pairs(text)
    taken = sorted((p.start, p.end) for p in found)
    found += [p for p in _year_ranges(text) if not _overlaps(p, taken)]
    return sorted(found, key=lambda p: p.start)


def unique(periods: list[Period]) -> list[tuple[str, str]]:
    """The distinct ``(start, end)`` pairs, in order of first mention."""
    return list(dict.fromkeys(p.span for p in periods))


def _date_pairs(text: str) -> list[Period]:
    found = dates.find(text)
    out = []
    for first, second in zip(found, found[1:]):
        between = text[first.end:second.start]
        connector = _CONNECTOR.fullmatch(between)
        if not connector or second.iso is None:
            continue
        if between.strip().lower() == "och" and not _MELLAN.search(text[max(0, first.start - 12):first.start]):
            continue
        start_iso = first.iso or _with_year(first, second.iso[:4])
        if start_iso and start_iso <= second.iso:
            out.append(Period(start_iso, second.iso, text[first.start:second.end], first.start, second.end))
    return out


def _with_year(date: dates.DateMatch, year: str) -> str:
    return f"{year}-{date.month:02d}-{date.day:02d}"


def _year_ranges(text: str) -> list[Period]:
    out = []
    for m in _YEAR_RANGE.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if a < b <= a + _MAX_YEARS:
            out.append(Period(f"{a}-01-01", f"{b}-12-31", m.group(), m.start(), m.end()))
    return out


def _overlaps(period: Period, spans: list[tuple[int, int]]) -> bool:
    """Whether ``period`` overlaps one of ``spans`` (sorted; each a date pair, shorter than
    ``_PAIR_REACH``): only the spans starting just before its end need a look."""
    i = bisect_left(spans, (period.end,))
    while i > 0 and spans[i - 1][0] > period.start - _PAIR_REACH:
        i -= 1
        if spans[i][1] > period.start:
            return True
    return False


_PAIR_REACH = 400
