"""Planned meetings (``Beslutsplanering``) and earlier decisions cited by body, date and paragraph.

A planned meeting is a line ``<body> <date>`` in a meeting section. A decision reference
is a committee named right before a date (``hälso- och sjukvårdsnämnden 2015-12-02, § 190``,
``Regionfullmäktige beslutade 2010-06-29 § 57``) outside the meeting sections. Only ISO dates
count (prose names written-out dates freely: ``bildandet av nämnden 1 maj 2017``); a few words
may stand between body and date only when a paragraph sign follows the date.
"""

from __future__ import annotations

import re

from extractor import vocab
from extractor.model import DecisionRef, Meeting
from extractor.organisations import committee_name
from extractor.sections import Sections

_MEETING_LINE = re.compile(r"(?m)^[ \t]*(?P<body>[^\n\d]{3,}?)[ \t,]+(?P<date>(?:19|20)\d\d-[01]\d-[0-3]\d)[ \t]*$")
_DECISION = re.compile(
    r"(?P<body>(?<![\w-])(?:[A-ZÅÄÖa-zåäö]+-,?\s+(?:[a-zåäö]+-,?\s+)*(?:och|samt)\s+)?"
    r"[A-ZÅÄÖa-zåäö][a-zåäö]{2,}?(?:nämnden|styrelsen|fullmäktige|utskottet))"
    r"(?:\s+(?:beslutade|beslöt|förlängde|tecknade|fattade\s+beslut|den))?\s*,?\s*"
    r"(?P<date>(?:19|20)\d\d-[01]\d-[0-3]\d)(?:\s*,?\s*§\s*(?P<par>\d+))?"
)


# With a paragraph sign, a few words may stand between body and date ("antog", "beslutade om förlängningen").
_DECISION_WITH_PARAGRAPH = re.compile(
    r"(?P<body>(?<![\w-])(?:[A-ZÅÄÖa-zåäö]+-,?\s+(?:[a-zåäö]+-,?\s+)*(?:och|samt)\s+)?"
    r"[A-ZÅÄÖa-zåäö][a-zåäö]{2,}?(?:nämnden|styrelsen|fullmäktige|utskottet))"
    r"(?:\s+[a-zåäö]+(?=[\s,])){0,5}[ \t]*,?\s*(?:den\s+)?"
    r"(?P<date>(?:19|20)\d\d-[01]\d-[0-3]\d)\s*,?\s*§\s*(?P<par>\d+)"
)


def meetings(text: str, sections: Sections) -> list[Meeting]:
    out = []
    for s in sections.named(vocab.words("documents", "meeting_sections")):
        for m in _MEETING_LINE.finditer(text, s.body, s.end):
            out.append(Meeting(" ".join(m.group("body").split()), m.group("date"), m.start("body"), m.end()))
    return out


def decision_refs(text: str, sections: Sections) -> list[DecisionRef]:
    meeting_sections = vocab.words("documents", "meeting_sections")
    found = {}
    for pattern in (_DECISION, _DECISION_WITH_PARAGRAPH):
        for m in pattern.finditer(text):
            if sections.inside(m.start(), meeting_sections) or m.start("date") in found:
                continue
            found[m.start("date")] = DecisionRef(committee_name(m.group("body")), m.group("date"), m.group("par"),
                                                 m.start(), m.end())
    return sorted(found.values(), key=lambda d: d.start)
