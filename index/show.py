"""Everything known about one document or one case, for ``diarium show``.

A document is found by its id; a case by its number however typed: the documents that
carry it, those that cite it, the stored links touching it and its lineage (a
:class:`~index.linking.lineage.Trace`); :func:`to_dict` gives an answer's JSON form.
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from extractor.identifiers import diarienummer
from index.search.engine import Request
from index.search.query import SearchHit, case_display
from index.folder import IndexFolder
from index.organisations.names import document_entities


def describe(index_dir, id_or_case: str) -> Optional[dict]:
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


def to_dict(answer: dict) -> dict:
    """An answer of :func:`describe` in its JSON form (a case's lineage as its JSON)."""
    if answer["kind"] == "case" and answer["lineage"] is not None:
        return dict(answer, lineage=answer["lineage"].to_dict())
    return answer


def _document(folder: IndexFolder, doc) -> dict:
    registry = folder.registry
    organisations = []
    for entity in document_entities(doc.facts):
        org = registry.by_number.get(entity.number) if entity.number else registry.resolve(entity.name)
        organisations.append({"name": org.name if org else entity.name, "org_number": entity.number,
                              "org_id": org.id if org else None, "written": entity.names})
    return {"kind": "document", "id": doc.id, "path": doc.path, "part": doc.part,
            "pages": [doc.page_from, doc.page_to] if doc.page_from else None,
            "extraction": doc.extraction, "organisations": organisations,
            "links": folder.store.links(doc.id), "characters": len(doc.text)}


def _case(folder: IndexFolder, number: str) -> Optional[dict]:
    key = diarienummer.compact(number)
    if not key or not any(ch.isdigit() for ch in key):
        return None
    page = folder.engine.search(Request(case_keys=[key], limit=1000))
    shown = case_display(number)
    documents = [_hit(SearchHit.from_summary(h.summary), key) for h in page.hits]
    links = folder.store.links(shown)
    lineage = folder.trace(shown)
    if not documents and not links and not lineage:
        return None
    documents.sort(key=lambda d: (d["role"] != "carries", d["date"] or ""))
    return {"kind": "case", "case": shown, "documents": documents, "links": links, "lineage": lineage}


def _hit(hit: SearchHit, key: str) -> dict:
    """A document naming the case, from its hit: whether it carries the case as its own or cites it."""
    own = {diarienummer.compact(n) for n in hit.own_case_numbers or []}
    return {"id": hit.id, "path": hit.path, "title": hit.title, "date": hit.date,
            "document_type": hit.document_type, "role": "carries" if key in own else "cites"}
