"""The sections of a decision document, found by their headings (``Beslutsplanering``, ``Ansvariga``).

A heading is a line that is, apart from a trailing colon and a section number before it (an
agreement's ``1. Parter``, ``3 Avtalstid``, ``2.1 Bakgrund``), one of the headings listed in
``data/documents.json``. A section runs from its heading to the next heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from extractor import vocab
from extractor.identifiers import diarienummer

_LINE = re.compile(r"[^\n]*")
_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})*\.?\s+")


@dataclass(frozen=True)
class Section:
    name: str
    start: int  # start of the heading line
    body: int  # first character after the heading line
    end: int


# A letterhead's lines: a date alone or after its author's name, a case-number label, a page
# counter; a protocol paragraph's head ("§ 475 Ärendenummer ...") is none.
_LETTERHEAD_LINE = re.compile(r"(?im)^(?![ \t]*(?:[A-ZÅÄÖ]{1,6}[ \t]*)?§)[^\n]{0,60}?(?:(?:19|20)\d\d-[01]\d-[0-3]\d[ \t]*$|(?<![\w])(?:dnr|diarienummer|"
                              r"ärendenummer|ärendenr|vårt dnr|beteckning)\b|^[ \t]*\d+[ \t]*\(\d+\)[ \t]*$)")
LETTERHEAD_LINES = 3


def _letterhead_follows(text: str, at: int) -> bool:
    """Whether letterhead lines (a date, a case-number label) come right after a line: the
    document's type word set above its letterhead (``BESLUT`` / ``Inspektionen för vård och omsorg
    2026-02-04`` / ``Dnr …``) is no section heading."""
    lines = [line for line in text[at:at + 400].split("\n") if line.strip()][:LETTERHEAD_LINES]
    return any(_LETTERHEAD_LINE.match(line) for line in lines)


# a protocol paragraph's head: a heading under one is the paragraph's, never a type word above a letterhead
_PARAGRAPH_HEAD = re.compile(diarienummer.PARAGRAPH_HEAD, re.M)
# A word in a letterhead's right column ("BESLUT" above the date) is the document's type, no heading.
RIGHT_COLUMN = 24


@lru_cache(maxsize=1)
def _headings() -> frozenset[str]:
    return frozenset(vocab.words("documents", "headings"))


@lru_cache(maxsize=1)
def _first_letters() -> frozenset[str]:
    return frozenset(h[0] for h in vocab.words("documents", "headings"))


class Sections:
    def __init__(self, text: str):
        headings = _headings()
        firsts = _first_letters()
        found = []
        for m in _LINE.finditer(text):
            # a heading line starts with a heading's first letter or with its section number
            lead = m.group().lstrip()[:1]
            if not lead or (not lead.isdigit() and lead.lower()[:1] not in firsts):
                continue
            key = " ".join(_NUMBER.sub("", m.group().strip()).rstrip(":").split()).lower()
            indent = len(m.group()) - len(m.group().lstrip(" \t"))
            if key in headings and indent < RIGHT_COLUMN and not (
                    found == [] and _letterhead_follows(text, m.end()) and not _PARAGRAPH_HEAD.search(text, 0, m.start())):
                found.append((key, m.start(), m.end()))
        ends = [start for _, start, _ in found[1:]] + [len(text)]
        self.all = [Section(name, s, b, e) for (name, s, b), e in zip(found, ends)]
        self.first_heading = self.all[0].start if self.all else len(text)

    def named(self, names) -> list[Section]:
        wanted = set(names)
        return [s for s in self.all if s.name in wanted]

    def of(self, offset: int) -> str | None:
        for s in self.all:
            if s.start <= offset < s.end:
                return s.name
        return None

    def inside(self, offset: int, names) -> bool:
        return self.of(offset) in set(names)
