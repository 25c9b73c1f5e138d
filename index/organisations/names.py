"""The organisations one document is about, and their index terms.

A document's organisations are its *entities*: the parties, the organisations named and the
numbered ones of its extraction, each with its organisation number (if the text gave one) and
every name it was written under, compared by their name keys (:func:`extractor.facts.names.name_key`:
``Röda Korsets`` is ``röda korset``). A short name that is the words of one longer name in the
same document (``Stadsmissionen`` beside ``Stadsmissionen i Lund``) belongs to that entity, unless
the extra words mark a local chapter (``Röda Korset`` beside ``Röda Korset Göteborgskretsen``
stays apart: :func:`extractor.facts.names.part_of`).

>>> index_terms(Extraction.from_dict({"organisations": [
...     {"name": "Stadsmissionen"}, {"name": "Stadsmissionen i Lund"}, {"name": "Röda Korset"},
...     {"name": "Röda Korset Göteborgskretsen"}]}))
['name:stadsmissionen_i_lund', 'name:stadsmissionen', 'name:röda_korset', 'name:röda_korset_göteborgskretsen']
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from extractor.facts.names import name_key, part_of
from extractor.model import Extraction

NUMBER_PREFIX, NAME_PREFIX = "nr:", "name:"


def term(key: str) -> str:
    """A name key as one index term (no spaces)."""
    return NAME_PREFIX + key.replace(" ", "_")


def number_term(number: str) -> str:
    return NUMBER_PREFIX + number


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
    return any(words < key and part_of(words, key) for key in host_keys)


def index_terms(extraction: Extraction) -> list[str]:
    """The organisation terms of one document: ``nr:NUMBER`` for a numbered entity, ``name:KEY`` per name otherwise.

    A numbered entity is found by its number only, so a stray name it was written under
    never makes it another organisation's document; the registry knows its names.
    """
    terms = []
    for e in document_entities(extraction):
        terms += [number_term(e.number)] if e.number else [term(k) for k in e.keys()]
    return list(dict.fromkeys(terms))

