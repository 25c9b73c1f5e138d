"""Splitting a merged meeting bundle (handlingar: several documents in one PDF, one after
another) into its documents, each with its own text and page range.

A page starts a new document when its printed page numbering starts again (``1 (3)`` after
``4 (4)``), or, on pages without numbering, when it opens like a document: a line that is a
document-type word (``Tjänsteskrivelse``, ``Protokollsutdrag``, ...) among its first lines
and a case-number or date label (``Diarienummer``, ``Dnr``, ``Datum``) near it. A file that
holds one document comes back as it is.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from extractor import vocab
from extractor.model import Page, SourceText

HEAD_LINES = 8  # a document's type word stands among the first lines of its first page
LABEL_LINES = 20
_LABEL = re.compile(r"(?im)^[ \t]*(?:diarienummer|dnr|datum|vår referens|vår beteckning|ärendenummer|sammanträdesdatum)\b")


def split(source: SourceText) -> list[SourceText]:
    """The documents of ``source``: ``[source]`` unless it is a bundle."""
    starts = [i for i in range(1, len(source.pages)) if _starts_document(source, i)]
    if not starts:
        return [source]
    bounds = [0] + starts + [len(source.pages)]
    return [_part(source, source.pages[a:b]) for a, b in zip(bounds, bounds[1:])]


def _starts_document(source: SourceText, index: int) -> bool:
    page, before = source.pages[index], source.pages[index - 1]
    if page.label and before.label:
        return page.label.split(" ")[0] == "1" and before.label != page.label
    return _opens_like_a_document(source.text[page.start:page.end])


def _opens_like_a_document(text: str) -> bool:
    lines = [line.strip().lower() for line in text.split("\n") if line.strip()]
    head = lines[:HEAD_LINES]
    typed = any(line in _type_words() or line.split(" ")[0] in _type_words() and _is_dated(line) for line in head)
    return typed and bool(_LABEL.search("\n".join(lines[:LABEL_LINES])))


def _is_dated(line: str) -> bool:
    return bool(re.search(r"\b(?:19|20)\d\d-\d\d-\d\d$", line))


@lru_cache(maxsize=1)
def _type_words() -> frozenset[str]:
    return frozenset(cue for cues in vocab.load("documents")["types"].values() for cue in cues)


def _part(source: SourceText, pages: list[Page]) -> SourceText:
    start, end = pages[0].start, pages[-1].end
    moved = [replace(p, start=p.start - start, end=p.end - start) for p in pages]
    return SourceText(source.path, source.format, source.text[start:end], moved, source.sha256, source.note)
