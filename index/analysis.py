"""Swedish text analysis for the index: words, folding, stemming, and case-number keys.

Free text goes through one analyser, the same at index and at query time: words (letters and
digits), lower case, folding that strips accents (``é`` -> ``e``, ``ü`` -> ``u``) but keeps
``å``, ``ä`` and ``ö`` as letters of their own (Swedish sorts and spells them apart:
``får`` and ``far`` are different words), Swedish stop words, and the Snowball Swedish
stemmer (``barnverksamheten`` and ``barnverksamhet`` both give ``barnverksam``; Whoosh stems
English unless told otherwise, DOMAIN.md).

Case numbers get a key that ignores how they are typed: ``ASN-2019-9502``, ``asn 2019 9502``
and ``ASN 2019-9502`` all give ``ASN.2019.9502``; ``KS 2023/123`` and ``Ks 1234/2023`` stay
apart because the order of their parts differs.

>>> case_key("asn 2019 9502") == case_key("ASN-2019-9502")
True
>>> case_key("BN-2024-00013")
'BN.2024.13'
>>> fold("Idéburet Café")
'Ideburet Cafe'
>>> stem("Barnverksamheten")
'barnverksam'
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache
from typing import Iterable, Iterator

from whoosh.analysis import Filter, RegexTokenizer
from whoosh.lang import stemmer_for_language, stopwords_for_language

from extractor import diarienummer

LANGUAGE = "sv"
WORD = re.compile(r"\w+", re.UNICODE)
_KEPT = set("åäöÅÄÖ")
_CASE_PARTS = re.compile(r"[A-Za-zÅÄÖåäö]+|\d+")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _KEPT:
        return ch
    base = unicodedata.normalize("NFD", ch)[:1]  # one character for one: offsets survive folding
    return {"æ": "ä", "Æ": "Ä", "ø": "ö", "Ø": "Ö"}.get(ch, base or ch)


def fold(text: str) -> str:
    """Strip accents except from å, ä, ö; the result has the same length as ``text``."""
    if text.isascii():
        return text
    return "".join(_fold_char(ch) for ch in text)


class SwedishFilter(Filter):
    """Lower case, fold, drop stop words and stem, in one pass with one cache (the hot loop of indexing).

    Positions are renumbered over the words kept, as Whoosh's ``StopFilter`` does, so a
    phrase matches across a stop word the same way in the text and in a query.
    """

    _cache: dict = {}

    def __call__(self, tokens):
        cache, position = self._cache, 0
        if len(cache) > 500_000:
            cache.clear()
        for t in tokens:
            word = cache.get(t.text)
            if word is None:
                word = cache[t.text] = index_form(t.text)
            if not word:
                continue
            t.text = word
            if t.positions:
                t.pos = position
                position += 1
            yield t


def index_form(word: str) -> str:
    """Lower case, folded, stemmed; ``""`` for a stop word."""
    folded = fold(word.lower())
    return "" if folded in _stopwords() else _stemmer()(folded)


@lru_cache(maxsize=1)
def _stemmer():
    return stemmer_for_language(LANGUAGE)


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The index form of one word: lower case, folded, Snowball Swedish stem."""
    return _stemmer()(fold(word.lower()))


def swedish_analyzer():
    """The analyser of every free-text field (title, body)."""
    return RegexTokenizer(r"\w+") | SwedishFilter()


@lru_cache(maxsize=1)
def _stopwords() -> frozenset:
    return frozenset(stopwords_for_language(LANGUAGE))


def query_stems(text: str) -> list[str]:
    """The stems a free-text query looks for, in order, stop words dropped."""
    words = [fold(w.lower()) for w in WORD.findall(text)]
    return list(dict.fromkeys(stem(w) for w in words if w not in _stopwords()))


# -- case numbers ------------------------------------------------------------------------

def case_key(number: str) -> str:
    """The one key of a case number however it is typed (:func:`extractor.diarienummer.key`)."""
    return diarienummer.key(number)


def case_pattern(number: str) -> re.Pattern:
    """A pattern finding ``number`` in running text, whatever separators or line breaks it has."""
    parts = _CASE_PARTS.findall(number)
    pieces = [re.escape(p) if p[0].isalpha() else "0*" + re.escape(p.lstrip("0") or "0") for p in parts]
    return re.compile(r"(?<![\w])" + r"[\s\-/–]*".join(pieces) + r"(?![\w])", re.IGNORECASE)


# -- matches in running text, for snippets -----------------------------------------------

def stem_spans(text: str, stems: Iterable[str]) -> Iterator[tuple[int, int]]:
    """Character spans of the words in ``text`` whose stem is one of ``stems``.

    A Snowball stem is a prefix of its folded, lower-cased word, so only words starting
    with a stem are stemmed and compared.
    """
    wanted = set(stems)
    if not wanted:
        return
    alternatives = "|".join(re.escape(s) for s in sorted(wanted, key=len, reverse=True))
    prefix = re.compile(r"(?<!\w)(?:" + alternatives + r")\w*", re.IGNORECASE)
    for m in prefix.finditer(fold(text)):
        if stem(m.group()) in wanted:
            yield m.start(), m.end()


def marked(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` HTML-escaped, with ``<mark>`` around each span (spans sorted, not overlapping)."""
    out, pos = [], 0
    for start, end in spans:
        out += [html.escape(text[pos:start]), "<mark>", html.escape(text[start:end]), "</mark>"]
        pos = end
    out.append(html.escape(text[pos:]))
    return "".join(out)
