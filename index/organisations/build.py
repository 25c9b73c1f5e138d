"""Building the organisation registry from corrections, known public bodies and documents.

See :mod:`index.organisations.registry` for the rules. :class:`Builder` is fed one extraction at a time
(numbered organisations are settled at once, since the number is the identity) and
settles the unnumbered names in :meth:`Builder.finish`, when every number and alias is
known. Fed from a store, the documents are read twice instead (:meth:`Builder.add_numbered`,
then :meth:`Builder.settle`), so no document's names are held until the end, and each
organisation's documents can go to a ``sink`` rather than be held in memory. A name (key) owned by two organisations is ambiguous and searches neither, unless a
correction or the known registry pins it to one.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from itertools import chain
from typing import Optional

from extractor.identifiers import orgnr
from extractor.facts import names
from extractor.facts.names import ABBREVIATION, clean_name, name_key, unit_owner
from extractor.facts.organisations import committee_name
from index.search.fields import committee_label
from index.organisations.names import Entity, document_entities, number_term, term
from extractor.model import Extraction


@dataclass(eq=False)
class Org:
    name: str
    org_number: Optional[str] = None
    aliases: list[str] = field(default_factory=list)
    committees: list[str] = field(default_factory=list)
    document_ids: set = field(default_factory=set)
    names_seen: Counter = field(default_factory=Counter)
    pinned_name: bool = False
    keys: list[str] = field(default_factory=list)
    n: int = -1  # its place in the registry's order

    @property
    def id(self) -> str:
        return self.org_number or "org-" + re.sub(r"\W+", "-", name_key(self.name)).strip("-")

    def to_dict(self, documents: Optional[int] = None) -> dict:
        """The registry's record; ``documents`` counts its documents when a sink took them."""
        terms = ([number_term(self.org_number)] if self.org_number else []) + [term(k) for k in self.keys]
        return {
            "id": self.id, "name": self.name, "org_number": self.org_number,
            "legal_form": orgnr.legal_form(self.org_number) if self.org_number else None,
            "aliases": [a for a in self.aliases if a != self.name],
            "committees": sorted(set(self.committees)),
            "documents": len(self.document_ids) if documents is None else documents,
            "keys": self.keys, "terms": terms,
        }


class Builder:
    def __init__(self, corrections: dict, known: list[dict], sink=None):
        """``sink(org, doc_id)`` takes each organisation's documents (by default its ``document_ids``)."""
        self.sink = sink or (lambda org, doc_id: org.document_ids.add(doc_id))
        self.settled: dict[tuple, Org] = {}  # the organisation each unnumbered signature was settled as
        self.not_aliases = {name_key(a) for a in corrections.get("not_aliases", [])}
        self.orgs: list[Org] = []
        self.by_number: dict[str, Org] = {}
        self.owners: dict[str, set] = defaultdict(set)  # name key -> orgs that use it
        self.pinned: dict[str, Org] = {}  # name key -> the org a correction or the known registry gives it
        self.pending: list[tuple[str, Entity]] = []
        self.decided: list[tuple[str, str]] = []
        for entry in known:
            self._seed(entry, correction=False)
        for entry in corrections.get("organisations", []):
            self._seed(entry, correction=True)
        for c in corrections.get("committees", []):
            self.decided.append((c["belongs_to"], c["name"]))

    # -- seeds -----------------------------------------------------------------------------

    def _seed(self, entry: dict, correction: bool) -> None:
        number = entry.get("org_number")
        org = self.by_number.get(number) if number else None
        org = org or self.pinned.get(name_key(entry["name"])) or self._new(entry["name"], number)
        if correction or not org.pinned_name:
            org.name, org.pinned_name = entry["name"], True
        if number and not org.org_number:
            org.org_number = number
            self.by_number[number] = org
        for alias in [entry["name"], *entry.get("aliases", [])]:
            if name_key(alias) not in self.not_aliases:
                self._alias(org, alias)
                self.pinned[name_key(alias)] = org
        org.committees += [c["name"] if isinstance(c, dict) else c for c in entry.get("committees", [])]

    def _new(self, name: str, number: Optional[str]) -> Org:
        org = Org(name, number, n=len(self.orgs))
        self.orgs.append(org)
        if number:
            self.by_number[number] = org
        return org

    def _alias(self, org: Org, alias: str) -> None:
        alias = " ".join(alias.split())
        if alias not in org.aliases:
            org.aliases.append(alias)
        self.owners[name_key(alias)].add(org)

    # -- documents -------------------------------------------------------------------------

    def add_document(self, doc_id: str, extraction: Extraction) -> None:
        self.add_record(doc_id, *document_record(extraction))

    def add_record(self, doc_id: str, entities: list[Entity], decided: Optional[tuple[str, str]]) -> None:
        """One document as :func:`document_record` gives it."""
        self.add_numbered(doc_id, entities)
        self.pending += [(doc_id, entity) for entity in entities if not entity.number]
        if decided:
            self.decided.append(tuple(decided))

    def add_numbered(self, doc_id: str, entities: list[Entity]) -> None:
        """A document's numbered organisations (the first reading, every document in order)."""
        for entity in entities:
            if entity.number:
                org = self.by_number.get(entity.number) or self._new(clean_name(entity.name), entity.number)
                self._learn(org, entity, doc_id)

    def settle(self, doc_id: str, entities: list[Entity]) -> None:
        """A document's unnumbered organisations (the second reading, every document in the
        same order), once every numbered one is known."""
        for entity in entities:
            if not entity.number:
                signature = tuple(entity.keys())
                if signature not in self.settled:
                    self.settled[signature] = self._settle(entity)
                self._learn(self.settled[signature], entity, doc_id)

    def _learn(self, org: Org, entity: Entity, doc_id: str) -> None:
        self.sink(org, doc_id)
        org.names_seen[clean_name(entity.name)] += 1
        for name in entity.names:
            if self._good_alias(name, entity.name):
                self._alias(org, clean_name(name))

    def _good_alias(self, alias: str, canonical: str) -> bool:
        """A variant, a short form, a unit or a defined abbreviation of ``canonical``; not a run-in heading or name."""
        key, base = name_key(alias), name_key(canonical)
        if not key or key in self.not_aliases:
            return False
        if ABBREVIATION.match(alias.strip()) or key == base:
            return True
        words, base_words = names.word_stems(key), names.word_stems(base)
        if words[: len(base_words)] == base_words and len(words) > len(base_words):
            return alias.split()[len(base_words) - 1].endswith("s")  # 'Röda Korsets behandlingscenter ...'
        if set(words) < set(base_words):
            return names.part_of(set(words), set(base_words)) and len(key) >= 6
        return names.spelt_out(key) and names.alike(key, base)

    # -- settling --------------------------------------------------------------------------

    def finish(self, decided=()) -> list[Org]:
        """The registry: pending names settled, then each deciding committee (the corrections'
        and those given to :meth:`add_record`, then ``decided``) under its authority."""
        for doc_id, entity in self.pending:
            self.settle(doc_id, [entity])
        self.pending = []
        for authority, committee in chain(self.decided, decided):
            org = self._find(name_key(authority)) or self._new(authority, None)
            org.committees.append(committee_name(committee))
        for org in self.orgs:
            if not org.pinned_name and org.names_seen:
                org.name = max(org.names_seen.items(), key=lambda kv: (kv[1], len(kv[0])))[0]
        self._assign_keys()
        return self.orgs

    def _settle(self, entity: Entity) -> Org:
        """The organisation an unnumbered entity is, or a new one."""
        for key in entity.keys():
            if key in self.pinned:
                return self.pinned[key]
        found = {o for key in entity.keys() for o in self.owners.get(key, ())}
        if len(found) == 1:
            return found.pop()
        owner = unit_owner(entity.name)
        if not found and owner and self._find(name_key(owner)):
            return self._find(name_key(owner))
        if not found:
            close = self._close(name_key(entity.name))
            if close:
                return close
        org = self._new(clean_name(entity.name), None)
        return org

    def _close(self, key: str) -> Optional[Org]:
        """The one organisation with a name this close (an OCR slip, a misspelling, ``Svenska`` dropped)."""
        if not names.spelt_out(key):
            return None
        found = names.close_ones(key, list(self.owners), "candidate", limit=5)
        orgs = {o for k, _score in found for o in self.owners[k] if names.alike(k, key) or names.same_organisation(k, key)}
        return orgs.pop() if len(orgs) == 1 else None

    def _find(self, key: str) -> Optional[Org]:
        if key in self.pinned:
            return self.pinned[key]
        owners = self.owners.get(key, set())
        return next(iter(owners)) if len(owners) == 1 else None

    def _assign_keys(self) -> None:
        for org in self.orgs:
            self.owners[name_key(org.name)].add(org)
        for key, owners in self.owners.items():
            owner = self.pinned.get(key) or (next(iter(owners)) if len(owners) == 1 else None)
            if owner is not None and key:
                owner.keys.append(key)


def document_record(extraction: Extraction) -> tuple[list[Entity], Optional[tuple[str, str]]]:
    """What the registry reads of one document: its organisations, and the committee that
    decided it with the authority it belongs to."""
    committee = committee_label(extraction.decided_by)
    decided = (extraction.authority, committee) if committee and extraction.authority else None
    return document_entities(extraction), decided

