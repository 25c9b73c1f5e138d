"""Dates in Swedish decision documents, to ISO 8601.

ISO ``2024-05-29`` is the norm; also ``1 januari 2025``, ``den första januari 2023``,
``1 januari år 2021``. OCR slips in years (``20l0``) are mended by
:mod:`extractor.reading.textclean` before this module sees the text.

>>> [d.iso for d in find("beslutade 2010-06-29 och den första januari 2023")]
['2010-06-29', '2023-01-01']
>>> parse("31 december 2024")
'2024-12-31'
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from extractor import vocab

_ISO = r"(?P<y>(?:19|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)"


@dataclass(frozen=True)
class DateMatch:
    iso: Optional[str]  # None when the year is missing ("1 januari till 31 december 2025")
    start: int
    end: int
    day: int = 0
    month: int = 0


@lru_cache(maxsize=1)
def _pattern() -> re.Pattern:
    cal = vocab.load("calendar")
    months = "|".join(sorted(cal["months"], key=len, reverse=True))
    # the ordinals grouped under their first letter (longest first within each, as one list):
    # ignoring case, the engine tries each alternative in turn, and most words of a text start
    # with a letter some ordinal starts with
    by_letter: dict[str, list[str]] = {}
    for word in sorted(cal["ordinals"], key=len, reverse=True):
        by_letter.setdefault(word[:1], []).append(word[1:])
    ordinals = "|".join(f"{letter}(?:{'|'.join(rests)})" for letter, rests in by_letter.items())
    written = (
        rf"(?:den\s+)?(?P<wd>[0-3]?\d|{ordinals})(?::?[ae])?\s+(?P<wm>{months})\.?"
        rf"(?:\s+(?:år\s+)?(?P<wy>(?:19|20)\d\d))?"
    )
    # a date starts with a digit, or at a word's start with "den" or an ordinal (the lookahead:
    # see ``vocab.starts``)
    first = vocab.starts(["den"] + list(cal["ordinals"]))
    # (a range's second date may hang on the first's year by a hyphen, where OCR or a converter
    # made its dash one: "1 april 2024-31 mars 2025")
    return re.compile(rf"(?i)(?=\d|(?<![\w-]){first})(?:(?<!\w){_ISO}(?!\w)|(?:(?<![\w-])|(?<=(?:19|20)\d\d-)){written}(?!\w))")


def find(text: str) -> list[DateMatch]:
    """Every valid date in ``text``; written dates without a year get ``iso=None``."""
    out = []
    for m in _matches(text or ""):
        found = _from_match(m)
        if found:
            out.append(found)
    return out


_ISO_DATE = re.compile(r"(?:19|20)\d\d-[01]\d-[0-3]\d")
_LONG = 1000  # a text this long is searched from its ISO dates and month names


def _matches(text: str):
    """``_pattern().finditer(text)``; in a long text tried only where a date can start: at an ISO
    date, and before a month's name at the day (a number or an ordinal, ``den`` before it)."""
    lower = vocab.folded(text) if len(text) >= _LONG else None
    if lower is None:
        return _pattern().finditer(text)
    starts = {m.start() for m in _ISO_DATE.finditer(text)}
    for month in vocab.occurrences(lower, vocab.load("calendar")["months"]):
        end = month
        while end and text[end - 1].isspace():
            end -= 1
        if end == month:
            continue  # a month's name written onto a word: no date before it
        day = end
        while day and (text[day - 1].isalnum() or text[day - 1] in ":_"):
            day -= 1
        starts.update(range(day, end))  # the day starts somewhere in the word before the month
        word = day
        while word and text[word - 1].isspace():
            word -= 1
        while word and (text[word - 1].isalnum() or text[word - 1] == "_"):
            word -= 1
        starts.add(word)  # "den" before the day
    return vocab.scan(_pattern(), text, sorted(starts))


def parse(text: str) -> Optional[str]:
    """The ISO form of a text that is exactly one date, else ``None``."""
    matches = find(text.strip())
    return matches[0].iso if len(matches) == 1 else None


def _from_match(m: re.Match) -> Optional[DateMatch]:
    cal = vocab.load("calendar")
    if m.group("y"):
        year, month, day = int(m.group("y")), int(m.group("m")), int(m.group("d"))
    else:
        raw_day = m.group("wd").lower()
        month = cal["months"][m.group("wm").lower()]
        if raw_day == "sista":  # the last day of the month, whatever its length
            year_for_length = int(m.group("wy")) if m.group("wy") else 2001
            raw_day = str(calendar.monthrange(year_for_length, month)[1])
        day = cal["ordinals"].get(raw_day) or int(raw_day)
        if not m.group("wy"):
            return DateMatch(None, m.start(), m.end(), day, month) if _valid(2000, month, day) else None
        year = int(m.group("wy"))
    if not _valid(year, month, day):
        return None
    return DateMatch(dt.date(year, month, day).isoformat(), m.start(), m.end(), day, month)


def _valid(year: int, month: int, day: int) -> bool:
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True
