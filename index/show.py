"""Everything known about one document or one case, for ``diarium show``.

A document is found by its id; a case by its number however typed: the documents that
carry it, those that cite it, the stored links touching it and, when the lineage module is
there, its lineage (:func:`index.linking.lineage.trace`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from extractor.identifiers import diarienummer
from index.search.engine import Request
from index.search.query import case_display
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
    documents = [_hit(h.id, h.summary, key) for h in page.hits]
    links = folder.store.links(shown)
    lineage = folder.trace(shown)
    if not documents and not links and not lineage:
        return None
    documents.sort(key=lambda d: (d["role"] != "carries", d["date"] or ""))
    return {"kind": "case", "case": shown, "documents": documents, "links": links, "lineage": lineage}


def _hit(doc_id: str, summary: dict, key: str) -> dict:
    """A document naming the case, from its hit's summary (``index.search.fields.summary``):
    whether it carries the case as its own or cites it."""
    own = {diarienummer.compact(n) for n in summary["own_case_numbers"]}
    return {"id": doc_id, "path": summary["path"], "title": summary["title"], "date": summary["date"],
            "document_type": summary["document_type"], "role": "carries" if key in own else "cites"}
