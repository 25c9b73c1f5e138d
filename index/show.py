"""Everything known about one document or one case, for ``diarium show``.

A document is found by its id (a :class:`DocumentAnswer`: the stored extraction, the
organisations it names as the registry knows them, the stored links touching it); a case by
its number however typed (a :class:`CaseAnswer`: the documents that carry it and those that
cite it, the stored links touching it and its lineage, a
:class:`~index.linking.lineage.Trace`). Each answer's ``to_dict`` is its JSON form.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Optional, Union

from extractor.identifiers import diarienummer
from extractor.model import plain
from index.search.engine import Request
from index.search.query import SearchHit, case_display
from index.folder import IndexFolder
from index.linking.lineage import Trace
from index.linking.model import Link
from index.organisations.names import document_entities


@dataclass(slots=True)
class NamedOrganisation:
    """An organisation a document names: the registry's name for it (the document's own when the
    registry does not know it), its number, its registry id, and how the document writes it."""

    name: str
    org_number: Optional[str]
    org_id: Optional[str]
    written: list[str]


@dataclass(slots=True)
class DocumentAnswer:
    """A stored document: where it is, its pages when it is part of a file, its extraction (the
    stored JSON form, passed on as kept), the organisations it names, the stored links touching
    it (:class:`~index.linking.model.Link`) and the length of its text."""

    kind: ClassVar[str] = "document"
    id: str
    path: str
    part: Optional[int]
    pages: Optional[list[int]]
    extraction: dict
    organisations: list[NamedOrganisation]
    links: list[Link]
    characters: int

    def to_dict(self) -> dict:
        return {"kind": self.kind, **plain(self)}


@dataclass(slots=True)
class CaseDocument:
    """A document naming a case: whether it carries the case as its own (``carries``) or cites it."""

    id: str
    path: str
    title: Optional[str]
    date: Optional[str]
    document_type: Optional[str]
    role: str


@dataclass(slots=True)
class CaseAnswer:
    """A case: its number as the index shows it, the documents naming it (those carrying it first,
    oldest first), the stored links touching it and its lineage."""

    kind: ClassVar[str] = "case"
    case: str
    documents: list[CaseDocument]
    links: list[Link]
    lineage: Optional[Trace]

    def to_dict(self) -> dict:
        return {"kind": self.kind, "case": self.case, "documents": plain(self.documents), "links": plain(self.links),
                "lineage": self.lineage.to_dict() if self.lineage is not None else None}


Answer = Union[DocumentAnswer, CaseAnswer]


def describe(index_dir, id_or_case: str) -> Optional[Answer]:
    """A document (by id) or a case (by number); ``None`` when the index knows neither."""
    index_dir = Path(index_dir)
    wanted = " ".join(str(id_or_case or "").split())
    if not wanted:
        return None
    with IndexFolder(index_dir) as folder:  # one store, engine and registry for the whole answer
        doc = folder.store.document(wanted)
        if doc is not None:
            return _document(folder, doc)
        return _case(folder, wanted)


def to_dict(answer: Answer) -> dict:
    """An answer of :func:`describe` in its JSON form."""
    return answer.to_dict()


def _links(folder: IndexFolder, node: str) -> list[Link]:
    """The stored links touching a node, each read into the record it was stored from."""
    return [Link(**link) for link in folder.store.links(node)]


def _document(folder: IndexFolder, doc) -> DocumentAnswer:
    registry = folder.registry
    organisations = []
    for entity in document_entities(doc.facts):
        org = registry.by_number.get(entity.number) if entity.number else registry.resolve(entity.name)
        organisations.append(NamedOrganisation(org.name if org else entity.name, entity.number,
                                               org.id if org else None, entity.names))
    return DocumentAnswer(doc.id, doc.path, doc.part, [doc.page_from, doc.page_to] if doc.page_from else None,
                          doc.extraction, organisations, _links(folder, doc.id), len(doc.text))


def _case(folder: IndexFolder, number: str) -> Optional[CaseAnswer]:
    key = diarienummer.compact(number)
    if not key or not any(ch.isdigit() for ch in key):
        return None
    page = folder.engine.search(Request(case_keys=[key], limit=1000))
    shown = case_display(number)
    documents = [_hit(SearchHit.from_summary(h.summary), key) for h in page.hits]
    links = _links(folder, shown)
    lineage = folder.trace(shown)
    if not documents and not links and not lineage:
        return None
    documents.sort(key=lambda d: (d.role != "carries", d.date or ""))
    return CaseAnswer(shown, documents, links, lineage)


def _hit(hit: SearchHit, key: str) -> CaseDocument:
    """A document naming the case, from its hit: whether it carries the case as its own or cites it."""
    own = {diarienummer.compact(n) for n in hit.own_case_numbers or []}
    return CaseDocument(hit.id, hit.path, hit.title, hit.date, hit.document_type, "carries" if key in own else "cites")
