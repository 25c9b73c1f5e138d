"""Organisation names as index keys, and the organisations one document is about.

A *name key* is a name folded for comparison: lower case, accents folded (``å/ä/ö`` kept),
white space collapsed, a genitive ``-s`` or ``:s`` dropped from the last word
(``Röda Korsets`` -> ``röda korset``). A document's organisations are its *entities*: the
parties, the organisations named and the numbered ones of its extraction, each with its organisation
number (if the text gave one) and every name it was written under. A short name that is
the words of one longer name in the same document (``Stadsmissionen`` beside
``Stadsmissionen i Lund``) belongs to that entity, unless the extra words mark a local
chapter (``Röda Korset`` beside ``Röda Korset Göteborgskretsen`` stays apart).

>>> name_key("Röda  Korsets")
'röda korset'
>>> name_key("Sammanfattning Stadsmissionen i Lund")
'stadsmissionen i lund'
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from extractor import vocab
from extractor.facts.names import without_genitive
from extractor.model import Extraction
from index.search.analysis import fold

NUMBER_PREFIX, NAME_PREFIX = "nr:", "name:"


@lru_cache(maxsize=1)
def _headings() -> frozenset:
    return frozenset(w for w in vocab.words("documents", "headings") if " " not in w)


@lru_cache(maxsize=1)
def chapter_markers() -> tuple:
    return tuple(vocab.words("organisations", "chapter_markers"))


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The comparison form of an organisation name (see the module docstring)."""
    words = fold(" ".join(str(name).split())).casefold().split()
    while len(words) > 1 and words[0] in _headings():  # 'Sammanfattning X': a heading run into the name
        words = words[1:]
    if words:
        words[-1] = without_genitive(words[-1])
    return " ".join(words)


def unit_owner(name: str) -> Optional[str]:
    """The organisation a unit name names (the genitive before a unit word), or None.

    >>> unit_owner("Röda Korsets behandlingscenter för torterade")
    'Röda Korsets'
    >>> unit_owner("Föreningen Fyrljuset") is None
    True
    """
    words = " ".join(str(name).split()).split()
    units = set(vocab.words("organisations", "unit_words"))
    for i in range(1, len(words)):
        if words[i].casefold() in units and words[i - 1].casefold().endswith("s"):
            return " ".join(words[:i])
    return None


def term(key: str) -> str:
    """A name key as one index term (no spaces)."""
    return NAME_PREFIX + key.replace(" ", "_")


def number_term(number: str) -> str:
    return NUMBER_PREFIX + number


def is_chapter_word(word: str) -> bool:
    return any(word.endswith(m) for m in chapter_markers())


@dataclass
class Entity:
    """One organisation as one document names it."""

    name: str
    number: Optional[str] = None
    names: list[str] = field(default_factory=list)

    def keys(self) -> list[str]:
        return list(dict.fromkeys(key for key in map(name_key, [self.name, *self.names]) if key))


def document_entities(extraction: Extraction) -> list[Entity]:
    """The organisations an extraction names: its parties, every organisation it names, and
    the numbered ones."""
    entities: list[Entity] = []
    keys: dict[int, set] = {}  # each entity's keys, kept up to date as it takes in names
    for party in extraction.parties + extraction.organisations:
        _add(entities, keys, party.name, party.org_number, party.aliases or [])
    for numbered in extraction.org_numbers:
        _add(entities, keys, numbered.name, numbered.number, [])
    return _merge_short_names(entities)


def _add(entities: list[Entity], keys: dict, name: Optional[str], number: Optional[str], aliases: list[str]) -> None:
    if not name and not number:
        return
    names = [n for n in [name, *aliases] if n]
    key = name_key(name) if name else None
    for e in entities:
        if (number and e.number == number) or (name and key in keys[id(e)] and not (number and e.number)):
            e.number = e.number or number
            e.names += [n for n in names if n not in e.names]
            keys[id(e)] = set(e.keys())
            return
    entities.append(Entity(name or number, number, names))
    keys[id(entities[-1])] = set(entities[-1].keys())


def _merge_short_names(entities: list[Entity]) -> list[Entity]:
    """Fold an unnumbered short name into the one longer entity of this document it abbreviates.

    Each entity's keys are split into word sets once, and again only when it takes in a
    short name (a document names dozens of organisations: every pair is compared)."""
    kept = list(entities)
    word_sets = {id(e): _word_sets(e) for e in entities}
    for short in entities:
        if short.number:
            continue
        words = set(name_key(short.name).split())
        hosts = [e for e in kept if e is not short and _abbreviates(words, word_sets[id(e)])]
        if len(hosts) == 1:
            hosts[0].names += [n for n in short.names if n not in hosts[0].names]
            word_sets[id(hosts[0])] = _word_sets(hosts[0])
            kept.remove(short)
    return kept


def _word_sets(entity: Entity) -> list[frozenset]:
    return [frozenset(key.split()) for key in entity.keys()]


def _abbreviates(words: set, host_keys: list[frozenset]) -> bool:
    """Whether ``words`` are some of one of the host's keys, and the words it lacks mark no chapter."""
    return any(words < key and not any(is_chapter_word(w) for w in key - words) for key in host_keys)


def index_terms(extraction: Extraction) -> list[str]:
    """The organisation terms of one document: ``nr:NUMBER`` for a numbered entity, ``name:KEY`` per name otherwise.

    A numbered entity is found by its number only, so a stray name it was written under
    never makes it another organisation's document; the registry knows its names.
    """
    terms = []
    for e in document_entities(extraction):
        terms += [number_term(e.number)] if e.number else [term(k) for k in e.keys()]
    return list(dict.fromkeys(terms))


ABBREVIATION = re.compile(r"^[A-ZÅÄÖ]{2,6}$")
