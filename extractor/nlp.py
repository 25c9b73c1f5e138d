"""spaCy: the ``Doc`` that carries a document's cleaned text, its clauses and its fact spans.

The pipeline is ``spacy.blank("sv")`` (no downloaded model) with two changes:
- a lean tokenizer (punctuation off the ends of whitespace-separated tokens, no exception
  tables): Swedish's default tokenizer costs 11 ms on a 14 kB document, this one 0.5 ms, and
  identifiers are matched on the text anyway (``KS 2023/123`` spans several tokens);
- sentence boundaries from the ``sentencizer`` plus one at every blank line, so a clause
  never runs from a heading into the paragraph under it.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Span

_PREFIX = re.compile(r"""^[\[\("'“”»«–—‐-]""")
_SUFFIX = re.compile(r"""[\]\)"'“”»«.,;:!?–—]$""")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


@Language.component("diarium_paragraphs")
def _paragraph_boundaries(doc: Doc) -> Doc:
    """Start a sentence after every blank line."""
    for token in doc[:-1]:
        if token.is_space and _BLANK_LINE.search(token.text + token.whitespace_):
            doc[token.i + 1].is_sent_start = True
    return doc


@lru_cache(maxsize=1)
def pipeline() -> Language:
    nlp = spacy.blank("sv")
    nlp.tokenizer = Tokenizer(nlp.vocab, prefix_search=_PREFIX.search, suffix_search=_SUFFIX.search)
    nlp.add_pipe("sentencizer")
    nlp.add_pipe("diarium_paragraphs")
    return nlp


def make_doc(text: str) -> Doc:
    return pipeline()(text)


class Clauses:
    """The sentence containing a character offset, found by bisection."""

    def __init__(self, doc: Doc):
        self._starts = [s.start_char for s in doc.sents]
        self._ends = [s.end_char for s in doc.sents]
        self._text = doc.text

    def around(self, start: int, end: int) -> tuple[int, int]:
        i = max(0, bisect.bisect_right(self._starts, start) - 1)
        j = max(i, bisect.bisect_left(self._ends, end))
        return self._starts[i], self._ends[min(j, len(self._ends) - 1)]

    def text_around(self, start: int, end: int) -> str:
        a, b = self.around(start, end)
        return " ".join(self._text[a:b].split())


def phrase_matcher(phrases: dict[str, list[str]]) -> PhraseMatcher:
    """A case-insensitive matcher: label -> the phrases that stand for it."""
    nlp = pipeline()
    matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
    for label, variants in phrases.items():
        matcher.add(label, [nlp.make_doc(v) for v in variants])
    return matcher


def add_spans(doc: Doc, group: str, spans: list[tuple[int, int, str]]) -> None:
    """Lift facts found on the text onto ``doc.spans[group]`` (start, end, label)."""
    lifted = []
    for start, end, label in spans:
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is not None:
            lifted.append(span)
    doc.spans[group] = lifted


def span_text(span: Span) -> str:
    return " ".join(span.text.split())
