"""Snippets: a short passage of a hit's text with the matches marked.

The passage is cut around the densest run of matches, at word boundaries, with white space
collapsed; the text is HTML-escaped and each match wrapped in ``<mark>…</mark>``, so a
web page can show it as it is and a terminal can swap the marks for its own emphasis.

>>> snippet("Barnverksamheten i Malmö fortsätter.", [lambda t: [(0, 16)]])
'<mark>Barnverksamheten</mark> i Malmö fortsätter.'
"""

from __future__ import annotations

import re
from typing import Callable, Iterable

from index.search.analysis import marked

WIDTH = 240


def snippet(text: str, finders: Iterable[Callable[[str], list]], width: int = WIDTH) -> str:
    """The passage of ``text`` (at most about ``width`` characters) with the most matches, marked."""
    if not text:
        return ""
    spans = sorted({s for find in finders for s in find(text)})
    spans = _non_overlapping(spans)
    start = _best_start(spans, width) if spans else _first_prose(text)
    start = _word_start(text, start)
    end = _word_end(text, min(len(text), start + width))
    inside = [(max(a, start) - start, min(b, end) - start) for a, b in spans if a < end and b > start]
    body = re.sub(r"\s+", " ", marked(text[start:end], inside)).strip()
    return ("… " if start > 0 else "") + body + (" …" if end < len(text) else "")


def _non_overlapping(spans: list) -> list:
    out = []
    for a, b in spans:
        if out and a < out[-1][1]:
            continue
        out.append((a, b))
    return out


def _best_start(spans: list, width: int) -> int:
    """Start of the window holding most matches, a little before its first match."""
    best, best_count, j = spans[0][0], 0, 0
    for i, (a, _) in enumerate(spans):
        while spans[j][0] < a - width + 40:
            j += 1
        if i - j + 1 > best_count:
            best, best_count = spans[j][0], i - j + 1
    return max(0, best - 60)


def _first_prose(text: str) -> int:
    """Without matches: the first line that reads like a sentence rather than a header."""
    m = re.search(r"^.{60,}$", text, re.MULTILINE)
    return m.start() if m else 0


def _word_start(text: str, pos: int) -> int:
    if pos <= 0:
        return 0
    space = text.rfind(" ", max(0, pos - 20), pos)
    return space + 1 if space >= 0 else pos


def _word_end(text: str, pos: int) -> int:
    if pos >= len(text):
        return len(text)
    space = text.find(" ", pos, pos + 20)
    return space if space >= 0 else pos
