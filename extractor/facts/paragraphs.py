"""The paragraphs of a protocol: each decision of a meeting under its own ``§``.

A sammanträdesprotokoll (kommunallagen 5 kap. 69 §) records every matter the meeting took up
as a numbered paragraph, numbered in one series through the year: ``§ 141``, ``KS § 3 a``
(a body's prefix and a letter for a paragraph added later), ``$ 114`` where OCR read § as $.
Each paragraph opens with its head, often with the matter's case number on the same line or
the next (``§ 57`` / ``Dnr Ks 412/2023``), then the matter's heading, then the decision.

Three things print the same head without opening a paragraph, and are left out:
- a list of the meeting's paragraphs on the cover page or in a register (heads on adjacent
  lines with nothing under them);
- a stamp citing another body's paragraph (``KU § 41 08-02-18``) just above the paragraph it
  prepared: a head of a prefix that is not the protocol's own;
- a citation of an earlier paragraph wrapped to the start of a line (``2021-12-09\\n§ 14 att``),
  which breaks the rising series of paragraph numbers or reads on in lower case.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from functools import lru_cache
from typing import Optional

from extractor.identifiers import diarienummer
from extractor import vocab
from extractor.facts import dates
from extractor.model import CaseNumber, Paragraph

_HEAD = re.compile(r"(?m)" + diarienummer.PARAGRAPH_HEAD)
_HEAD_PARTS = re.compile(rf"\s*(?P<prefix>{diarienummer.PARAGRAPH_PREFIX})?\s*[§$]\s*(?P<n>\d{{1,4}})(?:\s*(?P<letter>[a-z]))?")
_LINES = re.compile(r"(?m)^[^\n]*")
_CELLS = re.compile(r"\S(?:.*?\S)?(?=\s{2,}|\s*$)")
_SENTENCE = re.compile(r"[^\W\d_]{2,}[.!?](?:\s|$)")  # a word that ends a sentence
_FULL_STOP = re.compile(r"[^\W_][.!?](?:\s|$)")  # a sentence's end, after a word or a number ("2009, § 9.")
_LINE_ENDS_SENTENCE = re.compile(r"\w{2,}[.!?]$")
_DATE = re.compile(r"^(?:\d{2}|\d{4})-\d\d-\d\d$")
HEADING_LINES = 4  # a paragraph's heading runs over at most this many lines
HEADING_REACH = 8  # and starts within this many lines of the head


def find(text: str, own: list[CaseNumber]) -> list[Paragraph]:
    """The paragraphs of a protocol's ``text``; ``own`` are the protocol's own case numbers."""
    heads = [m for m in _HEAD.finditer(text) if not cites_on(text, m)]
    heads = [m for i, m in enumerate(heads) if _has_body(text, m, heads[i + 1] if i + 1 < len(heads) else None)]
    heads = _own_prefix(text, heads)
    heads = _rising(_once(text, heads))
    starts = [_with_stamp_above(text, m.start() + len(m.group()) - len(m.group().lstrip())) for m in heads]
    out = []
    for i, m in enumerate(heads):
        end = starts[i + 1] if i + 1 < len(heads) else len(text)
        numbers = list(dict.fromkeys(c.number for c in own if starts[i] <= c.start < end))
        out.append(Paragraph(_label(m), heading(text, m.end(), end), starts[i], end, numbers, m.end()))
    return out


# The margin note of the step that prepared a matter, on the line above its paragraph's head in
# older protocol templates: prefix, paragraph and date, the year in two digits or four
# ("KU § 41 08-02-18" above "KS § 3   DNR:KF/2007.388").
STAMP = re.compile(r"(?m)^[ \t]*(?P<prefix>[A-ZÅÄÖ]{1,6})[ \t]*§[ \t]*(?P<par>\d{1,4})[ \t]+"
                   r"(?P<date>(?:19|20)?\d\d-[01]\d-[0-3]\d)[ \t]*$")


def _with_stamp_above(text: str, start: int) -> int:
    """A paragraph starts at the stamp right above its head, which belongs to it, or at its
    case number printed on the line above (``Dnr BUN 2024-0088`` / ``§ 33 Skolskjuts ...``)."""
    above_end = text.rfind("\n", 0, start)
    if above_end <= 0 or text[text.rfind("\n", 0, start) + 1:start].strip():
        return start
    above_start = text.rfind("\n", 0, above_end) + 1
    above = STAMP.fullmatch(text, above_start, above_end)
    if above:
        return above.start("prefix")
    line = text[above_start:above_end]
    if line.strip() and diarienummer.find(line) and _is_label(line):
        return above_start + len(line) - len(line.lstrip())
    return start


def prefix(found: list[Paragraph]) -> Optional[str]:
    """The body's prefix the paragraphs are numbered under (``KS`` of ``KS § 3 a``), if any."""
    prefixes = {p.number.split("§")[0].strip() for p in found}
    return prefixes.pop() or None if len(prefixes) == 1 else None


def heading(text: str, pos: int, end: int) -> Optional[str]:
    """The heading of the paragraph whose head line ends at ``pos`` (see :func:`heading_span`)."""
    found = heading_span(text, pos, end)
    return found[0] if found else None


def heading_span(text: str, pos: int, end: int) -> Optional[tuple[str, tuple[int, int]]]:
    """The heading of the paragraph whose head line ends at ``pos``, with its span: the text
    beside the head, or the first lines under it that are no label, case number, date or
    section heading."""
    line_end = text.find("\n", pos)
    line_end = end if line_end < 0 or line_end > end else line_end
    beside = [m for m in _CELLS.finditer(text, pos, line_end) if not _is_label(m.group())]
    if beside:
        return _tidy(beside[0].group()), beside[0].span()
    lines: list[re.Match] = []
    blank = False
    for n, line in enumerate(_LINES.finditer(text, line_end + 1, end)):
        stripped = line.group().strip()
        if not stripped:
            blank = bool(lines)
            continue
        if not lines:
            if n >= HEADING_REACH or _ends_heading(stripped):
                break
            if _is_label(stripped):
                continue
        elif (_is_label(stripped) or len(lines) == HEADING_LINES or _ends_heading(stripped)
              or (blank and not _continues(lines[-1].group().strip(), stripped)) or _LINE_ENDS_SENTENCE.search(stripped)):
            break
        lines.append(line)
        blank = False
    if not lines:
        return None
    return _tidy(" ".join(m.group().strip() for m in lines)), (lines[0].start(), lines[-1].end())


def _label(m: re.Match) -> str:
    parts = _HEAD_PARTS.match(m.group())
    prefix = f"{parts['prefix']} " if parts["prefix"] else ""
    return f"{prefix}§ {parts['n']}" + (f" {parts['letter']}" if parts["letter"] else "")


def _order(m: re.Match) -> tuple[int, str]:
    parts = _HEAD_PARTS.match(m.group())
    return int(parts["n"]), parts["letter"] or ""


def _prefix(m: re.Match) -> str:
    return _HEAD_PARTS.match(m.group())["prefix"] or ""


def cites_on(text: str, m: re.Match) -> bool:
    """A citation running on: a head followed on its line by a word in lower case, or right
    under a line that ends on a date (``tillstyrkte ansökan den 24 maj 2022,`` / ``§ 64 …``),
    the decision's date that a citation of its paragraph follows. A running header that ends on
    the meeting's date (``Sammanträdesdatum 2022-06-13``) is no sentence: it has no run of words
    in lower case."""
    rest = text[m.end():text.find("\n", m.end()) if "\n" in text[m.end():] else len(text)].strip()
    if rest and rest[0].islower():
        return True
    line_start = text.rfind("\n", 0, m.start() + len(m.group()) - len(m.group().lstrip())) + 1
    if line_start < 2:
        return False
    above = text[text.rfind("\n", 0, line_start - 1) + 1:line_start - 1].rstrip(" \t,")
    found = dates.find(above[-40:])
    if not found or found[-1].end != len(above[-40:]):
        return False
    before = above[:len(above) - 40 + found[-1].start] if len(above) > 40 else above[:found[-1].start]
    return len(_PROSE_WORDS.findall(before)) >= 2


_PROSE_WORDS = re.compile(r"(?<!\S)[a-zåäö]{2,}(?!\S)")


def _has_body(text: str, m: re.Match, following: Optional[re.Match]) -> bool:
    """Something but blank lines stands between this head's line and the next head."""
    line_end = text.find("\n", m.end())
    if line_end < 0:
        return False
    stop = following.start() if following else len(text)
    return bool(text[line_end:stop].strip())


def _own_prefix(text: str, heads: list[re.Match]) -> list[re.Match]:
    """Only the heads written as the protocol writes its own: the most common prefix (or none)
    among the numberings that hold a decision somewhere. A list of the meeting's matters
    (``§ 9  KFN/2025:6`` and a heading, never a sentence) may number them otherwise than the
    paragraphs themselves (``KFN § 9``)."""
    if not heads:
        return heads
    counts = Counter(_prefix(m) for m in heads)
    deciding = {_prefix(m) for i, m in enumerate(heads)
                if _FULL_STOP.search(text, m.end(), heads[i + 1].start() if i + 1 < len(heads) else len(text))}
    first = {}
    for i, m in enumerate(heads):
        first.setdefault(_prefix(m), -i)
    # at a tie the numbering the protocol uses first: the same answer in every run (a set's order
    # depends on the hash seed)
    own = max(deciding or counts, key=lambda p: (counts[p], p == "", first[p]))
    return [m for m in heads if _prefix(m) == own]


def _rising(heads: list[re.Match]) -> list[re.Match]:
    """The longest run of heads whose numbers never fall (a repeated head continues a paragraph
    over a page break and is dropped)."""
    if not heads:
        return heads
    keys = [_order(m) for m in heads]
    tails: list[tuple[int, str]] = []
    ends: list[int] = []
    before = [-1] * len(heads)
    for i, key in enumerate(keys):  # patience sorting: O(n log n) however many heads
        pos = bisect_right(tails, key)
        before[i] = ends[pos - 1] if pos else -1
        if pos == len(tails):
            tails.append(key)
            ends.append(i)
        else:
            tails[pos], ends[pos] = key, i
    chain, i = [], ends[-1]
    while i >= 0:
        chain.append(heads[i])
        i = before[i]
    return chain[::-1]


def _once(text: str, heads: list[re.Match]) -> list[re.Match]:
    """One head per paragraph number. A number printed twice is a list of the meeting's matters
    (a heading, no decision) before the paragraph itself, or the paragraph's head repeated over
    a page break: the paragraph is the first occurrence that holds a sentence."""
    bodies = {}
    for i, m in enumerate(heads):
        stop = heads[i + 1].start() if i + 1 < len(heads) else len(text)
        bodies[m.start()] = _SENTENCE.search(text, m.end(), stop) is not None
    chosen: dict[tuple[int, str], re.Match] = {}
    for m in heads:
        key = _order(m)
        if key not in chosen or (bodies[m.start()] and not bodies[chosen[key].start()]):
            chosen[key] = m
    kept = {m.start() for m in chosen.values()}
    return [m for m in heads if m.start() in kept]


def _is_label(line: str) -> bool:
    """A line or cell that carries no heading: case numbers and their labels, dates, the
    labels of a protocol page's head (``Sammanträdesdatum``)."""
    rest = line
    for c in sorted(diarienummer.find(line), key=lambda c: -c.start):
        rest = rest[:c.start] + rest[c.end:]
    words = re.findall(r"[^\W\d_]+", rest.casefold())
    if _DATE.match(rest.strip()) or not re.search(r"[^\W\d_]", rest) or _number_label().match(rest):
        return True
    return all(w in _label_words() for w in words)


@lru_cache(maxsize=1)
def _number_label() -> re.Pattern:
    """A case-number label with one word carrying a digit after it, in a form no rule of
    ``case_numbers`` knows (``Dnr 25KS0112``): a label line all the same, no heading."""
    return re.compile(rf"(?i)\s*(?:{vocab.alternation('case_numbers', 'cues_before_bare_numbers')})\s*[^\s\d]*\d\S*\s*$")


def _ends_heading(line: str) -> bool:
    key = " ".join(line.rstrip(":").split()).casefold()
    return key in _section_headings() or key.endswith(" beslut")


def _continues(previous: str, line: str) -> bool:
    """After a blank line (a PDF's line spacing), a heading goes on only mid-sentence."""
    return line[0].islower() or previous.endswith((",", "-", "–", " och", " samt", " i", " av", " för", " om"))


def _tidy(heading: str) -> str:
    """The heading in one line, without the matter's case number in parentheses after it
    (``Föreningsbidrag till Botkyrka Kvinnojour för 2022 (KS/2022:412)``)."""
    for c in reversed(diarienummer.find(heading)):
        before, after = heading[:c.start].rstrip(), heading[c.end:].lstrip()
        if before.endswith("(") and after.startswith(")"):
            heading = before[:-1] + " " + after[1:]
    return without_subject_label(" ".join(heading.split()).rstrip(" .:"))


def without_subject_label(heading: str) -> str:
    """A heading without the label that prints it as a subject (``Ärende: Taxa för ...`` ->
    ``Taxa för ...``; ``subject_labels`` in ``data/documents.json``)."""
    m = _subject_label().match(heading)
    return heading[m.end():] if m and m.end() < len(heading) else heading


@lru_cache(maxsize=1)
def _subject_label() -> re.Pattern:
    return re.compile(rf"(?i)(?:{vocab.alternation('documents', 'subject_labels')})[ \t]*:[ \t]*(?=\S)")


@lru_cache(maxsize=1)
def _section_headings() -> frozenset[str]:
    return frozenset(vocab.words("documents", "headings"))


@lru_cache(maxsize=1)
def _label_words() -> frozenset[str]:
    labels = vocab.words("case_numbers", "cues_before_bare_numbers") + vocab.words("documents", "date_labels")
    return frozenset(w for label in labels for w in re.findall(r"[^\W\d_]+", label))
