"""spaCy: the ``Doc`` that carries a document's cleaned text, its clauses and its fact spans.

The people finder matches its token patterns (``data/people.json``) on this ``Doc`` with a
spaCy ``Matcher``; callers of ``extract_with_doc`` get the facts as span groups on it.

The pipeline is ``spacy.blank("sv")`` (no downloaded model) with two changes:
- a lean tokenizer (punctuation off the ends of whitespace-separated tokens, no exception
  tables): Swedish's default tokenizer costs 11 ms on a 14 kB document, this one 0.5 ms, and
  identifiers are matched on the text anyway (``KS 2023/123`` spans several tokens);
- sentence starts at clause boundaries (after ``. ! ? ;`` and at every blank line, so a clause
  never runs from a heading into the paragraph under it), found on the text with one regex
  and written into the Doc as an array: the ``sentencizer`` visits every token in Python and
  costs 4 ms a document, eight times the tokenizer.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # spaCy is imported when a document is first tokenized: loading it takes
    from spacy.language import Language  # seconds, and commands that do not extract never need it
    from spacy.tokens import Doc

_PREFIX = re.compile(r"""^[\[\("'“”»«–—‐-]""")
_SUFFIX = re.compile(r"""[\]\)"'“”»«.,;:!?–—]$""")
# A clause ends after . ! ? ; followed by white space, and at every blank line; not after a
# word's point that a lower-case word follows, which ends an abbreviation ("org. nr", "bl.a. de",
# "enl. avtalet"; a numbered item's "2. att" still starts one). (The sign or the line break is
# taken first, a class the engine skips to, and the lookbehinds tell which it was: the matches
# end where ``(?<=[;!?])\s+|(?<=\d[.])\s+|(?<=[.])\s+(?![a-zåäö])|\n[ \t]*\n\s*`` ends, without a
# test at every position.)
_CLAUSE_END = re.compile(r"[;!?.\n](?:(?<=[;!?])\s+|(?<=\d[.])\s+|(?<=[.])\s+(?![a-zåäö])|(?<=\n)[ \t]*\n\s*)")


@lru_cache(maxsize=1)
def pipeline() -> Language:
    import spacy
    from spacy.tokenizer import Tokenizer

    nlp = spacy.blank("sv")
    nlp.tokenizer = Tokenizer(nlp.vocab, prefix_search=_PREFIX.search, suffix_search=_SUFFIX.search)
    # spaCy's default limit (1 000 000 characters) guards the parser's memory; only the
    # tokenizer runs here, and a merged meeting bundle is several megabytes of text.
    nlp.max_length = 100_000_000
    return nlp


def clause_starts(text: str) -> list[int]:
    """Character offsets where clauses start (0 first)."""
    return list(_clause_starts(text))


@lru_cache(maxsize=2)
def _clause_starts(text: str) -> tuple[int, ...]:
    """Kept for the last texts: the Doc and the finders' clauses of one text need them once."""
    return (0,) + tuple(m.end() for m in _CLAUSE_END.finditer(text) if m.end() < len(text))


def make_doc(text: str) -> Doc:
    """Tokenize ``text`` and mark its clause starts as the Doc's sentence starts."""
    import numpy
    from spacy.attrs import IDX, SENT_START

    doc = pipeline().make_doc(text)
    if len(doc):
        token_starts = doc.to_array(IDX)
        sent_start = numpy.full(len(doc), -1, dtype="int32")
        sent_start[numpy.searchsorted(token_starts, clause_starts(text), side="left").clip(0, len(doc) - 1)] = 1
        sent_start[0] = 1
        doc.from_array([SENT_START], sent_start.reshape(-1, 1).astype("uint64"))
    return doc


# Put between two parts of a text tokenized together (``make_doc_of_parts``): a token of its own
# between line breaks, so that a token pattern that can match neither it nor a line break runs
# from no part into the next.
PART_BREAK = "\n§\n"


def make_doc_of_parts(text: str, parts: list[tuple[int, int]]) -> tuple[Doc, list[tuple[int, int]]]:
    """One Doc of the parts ``parts`` of ``text`` (character ranges, in order, apart), joined by
    ``PART_BREAK``, and the offset of each part in the Doc and in ``text`` (to map a token's
    ``idx`` back: :func:`text_offset`).

    Each part must start and end where tokens do in the whole text (at its first character or
    after white space, and before white space or at its end): the tokenizer splits at white space
    and splits the punctuation off the ends of what lies between, so the tokens of a part are then
    those the whole text has there."""
    pieces, offsets, at = [], [], 0
    for start, end in parts:
        offsets.append((at, start))
        pieces.append(text[start:end])
        at += end - start + len(PART_BREAK)
    # tokens only: the token patterns read no sentence starts
    return pipeline().make_doc(PART_BREAK.join(pieces)), offsets


def text_offset(offsets: list[tuple[int, int]], idx: int) -> int:
    """The offset in the whole text of character ``idx`` of a Doc of parts."""
    at, start = offsets[bisect.bisect_right(offsets, (idx, float("inf"))) - 1]
    return start + idx - at


# A clause never reaches further than this from the span it is asked about: long runs
# without punctuation (tables, stamps) would otherwise make every window the whole text.
CLAUSE_REACH = 400


class Clauses:
    """The clause (sentence, cut at semicolons and blank lines) around a character offset."""

    def __init__(self, text: str):
        self._starts = clause_starts(text)
        self._ends = self._starts[1:] + [len(text)]
        self._text = text

    def around(self, start: int, end: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(self._starts, start) - 1)
        j = max(i, bisect.bisect_left(self._ends, end))
        a, b = self._starts[i], self._ends[min(j, len(self._ends) - 1)]
        return max(a, start - CLAUSE_REACH), min(b, end + CLAUSE_REACH)

    def text_around(self, start: int, end: int) -> str:
        a, b = self.around(start, end)
        return " ".join(self._text[a:b].split())
def add_spans(doc: Doc, group: str, spans: list[tuple[int, int, str]]) -> None:
    """Lift facts found on the text onto ``doc.spans[group]`` (start, end, label)."""
    lifted = []
    for start, end, label in spans:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            lifted.append(span)
    doc.spans[group] = lifted
