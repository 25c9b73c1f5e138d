"""Periods: spans of time an agreement, a grant or a project covers, as ISO ``[start, end]``.

The Swedish phrasings of DOMAIN.md: ``1 januari 2025 till 31 december 2025``,
``från den 1 januari 2022 till och med den 31 december 2022``, ``mellan den 1 januari
2023 och den 31 december 2024``, ``2021-01-01 t o m 2024-12-31``, ``2016-01-01 –
2018-12-31``, ``2021-01-31-2024-12-31``, and year-only forms ``under 2021-2024``,
``perioden 2021–2024``, ``(2018-2020)``, which cover whole years. Also:

- day and month ranges: ``15-16 juni 2024``, ``perioden januari–augusti 2024``;
- years listed (``för 2023, 2024 och 2025``) and ``från år 2024 till längst år 2040``;
- a single year after a cue that makes it the span of a budget, plan or account
  (``verksamhetsåret 2025``, ``revisionsplan för 2023``, ``bokslut år 2024``), ``2025 års bidrag``
  and the year an amount is for (``9 000 tkr för 2026``);
- a school year, ``läsåret 2024/25`` (1 July to 30 June);
- an open end (``från och med 2027-01-01``, ``från och med år 2025``, ``för 2026 och framåt``):
  ``end_date`` is ``None``;
- the posting of a protocol (``Anslaget sätts upp 2008-03-14 … tas ned 2008-04-07``).

Cue words are data (``extractor/data/periods.json``). ``Period.kind`` says which form it was.

>>> [(p.start_date, p.end_date) for p in find("avser 1 januari till 31 december 2025")]
[('2025-01-01', '2025-12-31')]
>>> [(p.start_date, p.end_date) for p in find("Avanti (2018-2020) och lagen (2017:30)")]
[('2018-01-01', '2020-12-31')]
>>> [p.text for p in find("gäller 2021-01-31-2024-12-31 med")]
['2021-01-31-2024-12-31']
>>> [(p.start_date, p.end_date, p.kind) for p in find("bidrag från och med 2027-01-01.")]
[('2027-01-01', None, 'open')]
>>> [(p.start_date, p.end_date) for p in find("läsåret 2024/25 och perioden januari–augusti 2024")]
[('2024-07-01', '2025-06-30'), ('2024-01-01', '2024-08-31')]
"""

from __future__ import annotations

import bisect
import calendar
import re
from datetime import date as date_of, timedelta
from functools import lru_cache
from typing import Optional

from extractor.facts import dates
from extractor import vocab
from extractor.model import Period

_CONNECTOR = re.compile(
    r"\s*(?:till\s+och\s+med|t\.?\s?o\.?\s?m\.?|fram\s+till|till|och|--?|[–—])\s*(?:den\s+)?", re.I
)
_MELLAN = re.compile(r"(?i)\bmellan\s+$")
_YEAR = r"(?:19|20)\d\d"
# Each pattern scanned over the whole text starts with a lookahead for the characters a match
# can start with (see ``vocab.starts``). A year at a word's start is tested after its first two
# digits: a pattern that starts with a character is searched by skipping to it, one led by a
# test (``(?<!...)``, ``(?=...)``) is tried at every position.
_WORD_YEAR = r"(?:19|20)(?<![\w-]..)\d\d"  # = (?<![\w-])(?:19|20)\d\d
_YEAR_RANGE = re.compile(
    rf"(?P<a>{_WORD_YEAR})(?:\s*[-–—/]\s*|\s+(?:till(?:\s+och\s+med)?|t\.?\s?o\.?\s?m\.?)\s+(?:år\s+)?)"
    rf"(?P<b>{_YEAR})(?![\w:]|-\d)"
)
_YEARS_FROM_TO = re.compile(
    rf"(?i)(?=f)(?<![\wåäö])från\s+(?:och\s+med\s+)?(?:år\s+)?(?P<a>{_YEAR})\s+(?:till|t\.?\s?o\.?\s?m\.?)\s+"
    rf"(?:och\s+med\s+)?(?:längst\s+)?(?:år\s+)?(?P<b>{_YEAR})(?![\w-])"
)
_YEAR_LIST = re.compile(rf"(?P<a>{_WORD_YEAR})(?:\s*,\s*{_YEAR})*\s+(?:och|samt)\s+(?P<b>{_YEAR})(?![\w-])")
# A land lease runs decades (2028–2062 in an arrende); a longer span of years is a comparison
# of two years ("1990-2030"), not a period.
_MAX_YEARS = 35


def find(text: str) -> list[Period]:
    """Every period stated in ``text``, in reading order (repeats included)."""
    if not text:
        return []
    found: list[Period] = []
    written = dates.find(text)
    for finder in (_date_pairs, _posting, _day_ranges, _month_ranges, _years_from_to, _school_years,
                   _year_ranges, _year_lists, _term_dates, _open_dates, _open_years, _onward_years, _owned_years, _single_years,
                   _amount_years, _split_years, _table_years):
        found.sort(key=lambda p: p.start)
        taken = _Spans(found)
        new = finder(text, written) if finder in (_date_pairs, _term_dates, _open_dates) else finder(text)
        found += [p for p in new if not taken.overlaps(p.start, p.end)]
    return sorted(found, key=lambda p: p.start)


class _Spans:
    """Spans sorted by start, none overlapping another: does a new span overlap one? (log n)"""

    def __init__(self, items) -> None:
        self.starts = [i.start for i in items]
        self.ends = [i.end for i in items]

    def overlaps(self, start: int, end: int) -> bool:
        i = bisect.bisect_left(self.starts, end)  # spans starting before ``end``
        return i > 0 and self.ends[i - 1] > start


def unique(periods: list[Period]) -> list[tuple[str, str]]:
    """The distinct ``(start, end)`` pairs, in order of first mention."""
    return list(dict.fromkeys(p.span for p in periods))


@lru_cache(maxsize=1)
def _data() -> dict:
    return vocab.load("periods")


def _alternation(key: str) -> str:
    return vocab.factored((re.escape(w).replace(r"\ ", r"\s+") for w in sorted(_data()[key], key=len, reverse=True)),
                          ignorecase=True)


def _date_pairs(text: str, found: list[dates.DateMatch]) -> list[Period]:
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


def _posting(text: str) -> list[Period]:
    """``Anslaget sätts upp 2008-03-14  Anslaget tas ned 2008-04-07``: the days a protocol is posted."""
    out = []
    labelled = sorted(zip(_data()["posting_labels"], _posting_patterns()), key=lambda lp: -len(lp[0][0]))
    for (up, _down), pattern in labelled:  # the longest label first: it holds the shorter ones
        for m in vocab.finditer_at(pattern, text, [up]):
            a, b = dates.parse(m.group("a")), dates.parse(m.group("b"))
            # one line matched by two labels ("Datum för anslags uppsättande" holds "anslags uppsättande") is one period
            if a and b and a <= b and not any(p.start < m.end() and m.start() < p.end for p in out):
                out.append(Period(a, b, m.group(), m.start(), m.end(), "posting"))
    return out


@lru_cache(maxsize=1)
def _posting_patterns() -> list[re.Pattern]:
    return [re.compile(rf"(?i)(?={re.escape(up[0])}){_words(up)}\W{{0,20}}(?P<a>{dates._ISO})[\s\S]{{0,80}}?"
                       rf"{_words(down)}\W{{0,20}}(?P<b>{_YEAR}-[01]\d-[0-3]\d)")
            for up, down in _data()["posting_labels"]]


def _words(phrase: str) -> str:
    return r"\s+".join(re.escape(w) for w in phrase.split())


@lru_cache(maxsize=1)
def _month_names() -> str:
    full: dict[int, str] = {}
    for name, number in vocab.load("calendar")["months"].items():  # the full name, never "mar" or "jun"
        if len(name) > len(full.get(number, "")):
            full[number] = name
    months = full.values()
    return "|".join(sorted(months, key=len, reverse=True))


@lru_cache(maxsize=1)
def _day_range_pattern() -> re.Pattern:
    return re.compile(rf"(?i)(?=\d)(?<![\w.-])(?P<a>[0-3]?\d)\s*[-–]\s*(?P<b>[0-3]?\d)\s+(?P<m>{_month_names()})\s+(?P<y>{_YEAR})(?!\w)")


def _day_ranges(text: str) -> list[Period]:
    """``15-16 juni 2024``: two days of one month."""
    out = []
    for m in _day_range_pattern().finditer(text):
        month = vocab.load("calendar")["months"][m.group("m").lower()]
        a, b = (dates.parse(f"{int(m.group(k))} {m.group('m')} {m.group('y')}") for k in ("a", "b"))
        if a and b and a < b and month:
            out.append(Period(a, b, m.group(), m.start(), m.end(), "days"))
    return out


@lru_cache(maxsize=1)
def _month_range_patterns() -> tuple[re.Pattern, re.Pattern]:
    names = _month_names()
    pattern = re.compile(rf"(?i){vocab.starts(names.split('|'))}(?<![\wåäö])"
                         rf"(?:(?P<a>{names})\s*(?:[-–]|\s+till(?:\s+och\s+med)?\s+)\s*)?"
                         rf"(?P<b>{names})\s+(?P<y>{_YEAR})(?!\w|-\d)")
    cue = re.compile(rf"(?i)(?<![\wåäö])(?:{_alternation('month_cues')})\s+$")
    return pattern, cue


def _month_ranges(text: str) -> list[Period]:
    """``perioden januari–augusti 2024``, ``januari till mars 2025``; a single month after ``perioden``."""
    pattern, cue = _month_range_patterns()
    months = vocab.load("calendar")["months"]
    out = []
    for m in vocab.finditer_at(pattern, text, _month_names().split("|")):
        if not m.group("a") and not cue.search(text[max(0, m.start() - 20):m.start()]):
            continue
        if re.search(r"\d\s*$", text[max(0, m.start() - 4):m.start()]):
            continue  # "1 januari 2025" is a date
        year = int(m.group("y"))
        first, last = months[(m.group("a") or m.group("b")).lower()], months[m.group("b").lower()]
        if first <= last:
            end_day = calendar.monthrange(year, last)[1]
            out.append(Period(f"{year}-{first:02d}-01", f"{year}-{last:02d}-{end_day:02d}", m.group(), m.start(), m.end(),
                              "months"))
    return out


def _years_from_to(text: str) -> list[Period]:
    return [Period(f"{m.group('a')}-01-01", f"{m.group('b')}-12-31", m.group(), m.start(), m.end(), "years")
            for m in vocab.finditer_at(_YEARS_FROM_TO, text, ["från"]) if _plausible(m.group("a"), m.group("b"))]


def _school_years(text: str) -> list[Period]:
    """``läsåret 2024/25``, ``läsåret 2024/2025``: 1 July to 30 June; ``läsåren 2024/25–2026/27``
    and ``läsåren 2024/25 och 2025/26``: from the first's 1 July to the last's 30 June."""
    out = []
    pattern = _cued("school_year_cues", rf"\s+(?:(?P<a>{_YEAR})\s*/\s*(?P<b>\d\d(?:\d\d)?)(?:\s*(?:[-–—]|till|och)\s*"
                                        rf"(?P<c>{_YEAR})\s*/\s*(?P<d>\d\d(?:\d\d)?))?|(?P<a1>{_YEAR})\s*-\s*(?P<b1>\d\d(?:\d\d)?))"
                                        rf"(?![\w-])")
    for m in vocab.finditer_at(pattern, text, _data()["school_year_cues"]):
        a, b = (m.group("a"), m.group("b")) if m.group("a") else (m.group("a1"), m.group("b1"))
        first = _school_year(a, b)
        last = _school_year(m.group("c"), m.group("d")) if m.group("c") else first
        if first and last and last[0] >= first[0]:
            out.append(Period(f"{first[0]}-07-01", f"{last[1]}-06-30", m.group(), m.start(), m.end(), "school_year"))
        elif first:  # the second is no school year after the first: the first alone
            out.append(Period(f"{first[0]}-07-01", f"{first[1]}-06-30", text[m.start():m.end("b")], m.start(),
                              m.end("b"), "school_year"))
    return out


def _school_year(a: str, b: str) -> Optional[tuple[int, int]]:
    """The calendar years a school year ``a/b`` spans (``2024/25``, ``2024/2025``), if it is one."""
    start = int(a)
    end = int(b) if len(b) == 4 else start // 100 * 100 + int(b)
    return (start, end) if end == start + 1 else None


def _year_ranges(text: str) -> list[Period]:
    out = []
    for m in _YEAR_RANGE.finditer(text):
        if _plausible(m.group("a"), m.group("b")):
            out.append(Period(f"{m.group('a')}-01-01", f"{m.group('b')}-12-31", m.group(), m.start(), m.end(), "years"))
    return out


def _year_lists(text: str) -> list[Period]:
    """``för 2023, 2024 och 2025``: consecutive years listed after a year cue."""
    cue = _cue_before("year_list_cues", "")
    out = []
    for m in _YEAR_LIST.finditer(text):
        years = [int(y) for y in re.findall(_YEAR, m.group())]
        consecutive = all(b == a + 1 for a, b in zip(years, years[1:]))
        if consecutive and cue.search(text[max(0, m.start() - 30):m.start()]):
            out.append(Period(f"{years[0]}-01-01", f"{years[-1]}-12-31", m.group(), m.start(), m.end(), "years"))
    return out


def _term_dates(text: str, found: list[dates.DateMatch]) -> list[Period]:
    """``i tre år från och med den 1 juni 2025``: a term of years or months counted from a date;
    ``förlängs med ett år, till och med den 31 december 2025``: a term that ends on a date."""
    out = []
    for d in found:
        if not d.iso:
            continue
        for ends, pattern in ((False, _term_before("from")), (True, _term_before("to"))):
            m = pattern.search(text, max(0, d.start - 60), d.start)
            if not m:
                continue
            number = m.group("n").casefold()
            count = int(number) if number.isdigit() else _data()["term_numbers"][number]
            months = count * _data()["term_units"][m.group("unit").casefold()]
            if 0 < months <= _MAX_YEARS * 12:
                start, end = (_months_earlier(d.iso, months), d.iso) if ends else (d.iso, _months_later(d.iso, months))
                out.append(Period(start, end, text[m.start():d.end], m.start(), d.end, "range"))
            break
    return out


@lru_cache(maxsize=2)
def _term_before(direction: str) -> re.Pattern:
    numbers = "|".join(sorted(_data()["term_numbers"], key=len, reverse=True))
    units = "|".join(sorted(_data()["term_units"], key=len, reverse=True))
    marker = (r"\s+(?:räknat\s+)?(?:från(?:\s+och\s+med)?|fr\.?\s?o\.?\s?m\.?)" if direction == "from"
              else r"\s*,?\s+(?:till\s+och\s+med|t\.?\s?o\.?\s?m\.?)")
    return re.compile(rf"(?i)(?<![\wåäö])(?P<n>{numbers}|\d{{1,3}})\s+(?P<unit>{units}){marker}\s+(?:den\s+)?$")


def _months_earlier(iso: str, months: int) -> str:
    """The first day of a term of ``months`` months that ends on ``iso``."""
    return _add_months(date_of.fromisoformat(iso) + timedelta(days=1), -months).isoformat()


def _months_later(iso: str, months: int) -> str:
    """The day before the date ``months`` months after ``iso`` (the last day of the term)."""
    return (_add_months(date_of.fromisoformat(iso), months) - timedelta(days=1)).isoformat()


def _add_months(day: date_of, months: int) -> date_of:
    """The same day ``months`` months later (earlier when negative), at most its month's last day."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date_of(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def _open_dates(text: str, found: list[dates.DateMatch]) -> list[Period]:
    """``från och med 2027-01-01`` with no end after it (a closed pair was taken first): an open end."""
    cue = _cue_before("open_start_cues", r"(?:den\s+)?")
    return [Period(d.iso, None, text[d.start:d.end], d.start, d.end, "open") for d in found
            if d.iso and cue.search(text[max(0, d.start - 30):d.start])]


def _open_years(text: str) -> list[Period]:
    """``från och med år 2025``, ``fr.o.m. 2024``: an open end."""
    before = _cued("open_start_cues", rf"\s+(?:år\s+)?(?P<y>{_YEAR})(?![\w-]|\s*[-–]\s*\d|\s+(?:till|t\.?\s?o\.?\s?m))")
    return [Period(f"{m.group('y')}-01-01", None, m.group(), m.start(), m.end(), "open")
            for m in vocab.finditer_at(before, text, _data()["open_start_cues"])]


@lru_cache(maxsize=1)
def _owned_year_pattern() -> re.Pattern:
    return re.compile(rf"(?i)(?P<y>{_WORD_YEAR})\s+års\s+(?:{_alternation('owned_year_nouns')})(?![\wåäö])")


def _owned_years(text: str) -> list[Period]:
    """``2025 års bidrag``: the year a grant or budget is for."""
    pattern = _owned_year_pattern()
    return [Period(f"{m.group('y')}-01-01", f"{m.group('y')}-12-31", m.group(), m.start(), m.end(), "year")
            for m in pattern.finditer(text)]


# A year standing alone: not the first of a range or list, not ``2025 års``, not ``2026 och framåt``.
_ALONE = rf"(?![\w:/]|\s*[-–]\s*\d|-\d|\s+års|,\d|\s*,\s*{_YEAR}|\s+(?:och|samt)\s+(?:{_YEAR}|fram))"


def _onward_years(text: str) -> list[Period]:
    """``för 2026 och framåt``, ``från 2025 och tills vidare``: a lasting allocation or decision, an open end."""
    pattern = _cued("onward_lead_words", rf"\s+(?:år\s+)?(?P<y>{_YEAR})\s+(?:{_alternation('onward_words')})(?![\wåäö])")
    return [Period(f"{m.group('y')}-01-01", None, m.group(), m.start(), m.end(), "open")
            for m in vocab.finditer_at(pattern, text, _data()["onward_lead_words"])]


def _single_years(text: str) -> list[Period]:
    """A whole year after a cue: ``verksamhetsåret 2025``, ``revisionsplan för 2023``, ``bokslut år 2024``."""
    return _whole_years(_cued("single_year_cues", rf"\s+(?:år\s+)?(?P<y>{_YEAR}){_ALONE}"), text, "single_year_cues")


def _amount_years(text: str) -> list[Period]:
    """The year an amount is granted, budgeted or allocated for: ``9 000 tkr för 2026``,
    ``400 000 kronor under 2025``, ``650 000 kronor per år för 2025``."""
    pattern = _cued("amount_year_units", rf"(?:\s+per\s+år)?\s+(?:för|under)\s+(?:år\s+)?(?P<y>{_YEAR}){_ALONE}")
    return _whole_years(pattern, text, "amount_year_units")


# The list after a split cue runs to the end of its sentence, within a bound.
_SPLIT_REACH = 300


def _split_years(text: str) -> list[Period]:
    """``varav 400 000 kronor 2025 och 600 000 kronor 2026``: in a sum's split, the year right
    after each amount is the year that amount is for (the year alone is the period's text)."""
    item = _split_item_pattern()
    out = []
    for cue in vocab.finditer_at(_cued("split_list_cues", r"\s"), text, _data()["split_list_cues"]):
        end = re.search(r"[.;]\s|\n\s*\n|$", text[cue.end():cue.end() + _SPLIT_REACH]).start() + cue.end()
        out += [Period(f"{m.group('y')}-01-01", f"{m.group('y')}-12-31", m.group("y"), m.start("y"), m.end("y"), "year")
                for m in item.finditer(text, cue.end(), end)]
    return out


@lru_cache(maxsize=1)
def _split_item_pattern() -> re.Pattern:
    return re.compile(rf"(?i)\d\s*(?:{_alternation('amount_year_units')})\s+(?:år\s+)?(?P<y>{_YEAR}){_ALONE}")


@lru_cache(maxsize=1)
def _table_year_pattern() -> re.Pattern:
    # after a gap of spaces the unit may stand in the heading; a PDF's text layer keeps one space
    # of the gap, and then the amount's unit tells the row from a sentence
    units = _alternation("amount_year_units")
    return re.compile(rf"(?im)^[ \t]*(?P<y>{_WORD_YEAR})(?:(?:[ \t]{{2,}}|\t)[ \t]*(?:kr[ \t]+)?\d[\d \u00a0.,]*(?:{units})?"
                      rf"|[ \t](?:kr[ \t]+)?\d[\d \u00a0.,]*?[ \t]?(?:{units}))[ \t]*$")


def _table_years(text: str) -> list[Period]:
    """``2026      1 600 000 kr``: a table's row whose first cell is a year and whose other an
    amount is that year's amount (the year alone is the period's text)."""
    return [Period(f"{m.group('y')}-01-01", f"{m.group('y')}-12-31", m.group("y"), m.start("y"), m.end("y"), "year")
            for m in _table_year_pattern().finditer(text)]


def _whole_years(pattern: re.Pattern, text: str, cues: str) -> list[Period]:
    """The whole years ``pattern`` finds, each match starting with a phrase of the list ``cues``."""
    return [Period(f"{m.group('y')}-01-01", f"{m.group('y')}-12-31", m.group(), m.start(), m.end(), "year")
            for m in vocab.finditer_at(pattern, text, _data()[cues])]


@lru_cache(maxsize=None)
def _cued(key: str, after: str) -> re.Pattern:
    """A cue of the list ``key`` (a whole word, any case) followed by ``after``."""
    return re.compile(rf"(?i){vocab.starts(_data()[key])}(?<![\wåäö])(?:{_alternation(key)}){after}")


@lru_cache(maxsize=None)
def _cue_before(key: str, between: str) -> re.Pattern:
    """A cue of the list ``key`` ending where a search of ``text[:at]`` ends, ``between`` after it."""
    return re.compile(rf"(?i)(?<![\wåäö])(?:{_alternation(key)})\s+{between}$")


def _plausible(a: str, b: str) -> bool:
    return int(a) < int(b) <= int(a) + _MAX_YEARS


