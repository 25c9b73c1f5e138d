"""Swedish text analysis for the index: words, folding, stemming, and case-number patterns.

Free text goes through one analyser, the same at index and at query time: words (letters and
digits), lower case, folding that strips accents (``é`` -> ``e``, ``ü`` -> ``u``) but keeps
``å``, ``ä`` and ``ö`` as letters of their own (Swedish sorts and spells them apart:
``får`` and ``far`` are different words; :func:`extractor.reading.textclean.fold`), Swedish
stop words, and the Snowball Swedish stemmer (``barnverksamheten`` and ``barnverksamhet`` both
give ``barnverksam``, ``avtalet`` and ``avtal`` both ``avtal``). Both engines index the words
this module makes (:func:`analyse`), so a query means the same whichever engine answers it.

Case numbers are matched by one key however they are typed, :func:`extractor.diarienummer.compact`
(``ASN-2019-9502``, ``asn 2019 9502`` and ``ASN 2019-9502`` all give ``ASN.2019.9502``); both
engines index that key, so :data:`ANALYSIS_VERSION` changes with it.

>>> fold("Idéburet Café")
'Ideburet Cafe'
>>> stem("Barnverksamheten")
'barnverksam'
>>> analyse("Avtalet om stöd till Idéburna föreningar")
['avtal', 'stöd', 'ideburn', 'förening']
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator

import snowballstemmer

from extractor.reading.textclean import fold


STOPWORDS = Path(str(resources.files("index").joinpath("data", "stopwords_sv.json")))
# Bumped when the words made from a text change (stemmer, folding, stop words) or the
# case-number key does: an index made with another version is rebuilt from the store.
ANALYSIS_VERSION = 3
WORD = re.compile(r"\w+", re.UNICODE)
_CASE_PARTS = re.compile(r"[A-Za-zÅÄÖåäö]+|\d+")


def index_form(word: str) -> str:
    """Lower case, folded, stemmed; ``""`` for a stop word."""
    folded = fold(word.lower())
    return "" if folded in _stopwords() else _stemmer().stemWord(folded)


_forms: dict = {}


def _form(word: str, forms: dict, stop: str) -> str:
    """A word not yet in ``forms``: its index form (``stop`` for a stop word), kept for the
    next time unless the word is a number. Numbers (amounts, case and organisation numbers,
    dates) are their own index form and nearly every one is new, so keeping them made the
    importing process's memory grow with the archive."""
    if word.isdigit() and word.isascii():
        return word
    form = forms[word] = index_form(word) or stop
    return form


def analyse(text: str) -> list[str]:
    """The index words of a text, in order, stop words dropped (the hot loop of indexing:
    known words are looked up in C, only new ones go through the stemmer)."""
    forms = _forms
    if len(forms) > 500_000:
        forms.clear()
    words = WORD.findall(text.lower())
    found = list(map(forms.get, words))
    for i, form in enumerate(found):
        if form is None:
            form = forms.get(words[i])
            if form is None:
                form = _form(words[i], forms, "")
            found[i] = form
    return list(filter(None, found))


GAP = "§"  # a stop word's place in :func:`index_words` (no word holds it)
_gapped: dict = {}


def index_words(text: str) -> str:
    """The index words of a text (:func:`analyse`) joined by spaces, with :data:`GAP` for each
    stop word: an engine that reads them back by white space keeps the stop words' places,
    so a phrase across a stop word matches where the text has one.

    >>> index_words("Läxhjälp för barnen")
    'läxhjälp § barn'
    """
    forms = _gapped
    if len(forms) > 500_000:
        forms.clear()
    words = WORD.findall(text.lower())
    found = list(map(forms.get, words))
    if None in found:  # words not seen before (in a long run, few texts have any)
        for i, form in enumerate(found):
            if form is None:
                form = forms.get(words[i])
                if form is None:
                    form = _form(words[i], forms, GAP)
                found[i] = form
    return " ".join(found)


@lru_cache(maxsize=1)
def _stemmer():
    return snowballstemmer.stemmer("swedish")


@lru_cache(maxsize=100_000)
def stem(word: str) -> str:
    """The index form of one word: lower case, folded, Snowball Swedish stem."""
    return _stemmer().stemWord(fold(word.lower()))


@lru_cache(maxsize=1)
def _stopwords() -> frozenset:
    return frozenset(json.loads(STOPWORDS.read_text("utf-8"))["words"])


def stopwords() -> frozenset:
    """The Swedish words free-text search skips (``index/data/stopwords_sv.json``)."""
    return _stopwords()


def is_stopword(word: str) -> bool:
    return fold(word.lower()) in _stopwords()


def query_stems(text: str) -> list[str]:
    """The stems a free-text query looks for, in order, stop words dropped."""
    words = [fold(w.lower()) for w in WORD.findall(text)]
    return list(dict.fromkeys(stem(w) for w in words if w not in _stopwords()))


# -- free-text queries ------------------------------------------------------------------

@dataclass
class Alternative:
    """One word (``words`` of one stem) or a phrase (several stems in order)."""

    words: list[str] = field(default_factory=list)
    gaps: int = 0  # stop words between the first and last word of a phrase


@dataclass
class Group:
    """What one place of a query asks for: any of its alternatives; ``negated``: none of them."""

    alternatives: list[Alternative]
    negated: bool = False


_QUERY_PART = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def parse_text(text: str) -> list[Group]:
    """A free-text query as groups that must all hold (Whoosh's query syntax, in part).

    Words are analysed as texts are; ``"…"`` is a phrase, ``-word``, ``-"…"`` or ``NOT word``
    excludes, ``a OR b`` takes either. Wildcards are plain words (``läx*`` is ``läx``): no
    query expands a pattern over every word of the index. A group of stop words only asks
    for nothing and is left out.

    >>> [(g.negated, [a.words for a in g.alternatives]) for g in parse_text('stöd -barn "Röda korset" läxhjälp OR avtalen')]
    [(False, [['stöd']]), (True, [['barn']]), (False, [['röd', 'korset']]), (False, [['läxhjälp'], ['avtal']])]
    >>> [(g.negated, [a.words for a in g.alternatives]) for g in parse_text('bidrag -"Röda korset"')]
    [(False, [['bidrag']]), (True, [['röd', 'korset']])]
    """
    groups: list[Group] = []
    pending_not = pending_or = False
    for m in _QUERY_PART.finditer(text):
        phrase, word = m.group(2), m.group(3)
        if word in ("AND", "&&"):
            continue
        if word in ("NOT", "!"):
            pending_not = True
            continue
        if word in ("OR", "||"):
            pending_or = bool(groups)
            continue
        negated = pending_not
        if phrase is not None:
            negated = negated or m.group(1) == "-"  # -"Röda korset" excludes the phrase
            alternative = Alternative(words=analyse(phrase), gaps=_inner_stopwords(phrase))
        else:
            if word.startswith("-") and len(word) > 1:
                negated, word = True, word[1:]
            alternative = Alternative(words=analyse(word))
        pending_not = False
        if not alternative.words:
            pending_or = False
            continue
        if pending_or and groups and not groups[-1].negated and not negated:
            groups[-1].alternatives.append(alternative)
        else:
            groups.append(Group([alternative], negated))
        pending_or = False
    return groups


def _inner_stopwords(phrase: str) -> int:
    kept = [i for i, w in enumerate(WORD.findall(phrase)) if index_form(w)]
    return (kept[-1] - kept[0] + 1 - len(kept)) if kept else 0


# -- case numbers ------------------------------------------------------------------------

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
