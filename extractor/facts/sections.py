"""The sections of a decision document, found by their headings (``Beslutsplanering``, ``Ansvariga``).

A heading is a line that is, apart from a trailing colon, one of the headings listed in
``data/documents.json``. A section runs from its heading to the next heading.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractor import vocab

_LINE = re.compile(r"[^\n]*")


@dataclass(frozen=True)
class Section:
    name: str
    start: int  # start of the heading line
    body: int  # first character after the heading line
    end: int


class Sections:
    def __init__(self, text: str):
        headings = set(vocab.words("documents", "headings"))
        found = []
        for m in _LINE.finditer(text):
            key = " ".join(m.group().strip().rstrip(":").split()).lower()
            if key in headings:
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
