"""The SQLite export: documents, facts, organisations, links and funding, with foreign keys
and an FTS5 index over titles and texts, laid out so that Datasette opens it with search
and facets as it is (``datasette OUT.db -m OUT.metadata.json`` adds the suggested facets).
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Iterable

from index.export.formats import ExportProblem, _replacing, funding_rows
from index.folder import IndexFolder, opened
from index.organisations.registry import organisation_documents
from index.store import Store, StoredDocument

SCHEMA = """
PRAGMA foreign_keys = ON;
CREATE TABLE documents (
    id TEXT PRIMARY KEY, path TEXT NOT NULL, part INTEGER, page_from INTEGER, page_to INTEGER,
    sha256 TEXT, pipeline_version TEXT, document_type TEXT, title TEXT, date TEXT, year INTEGER,
    authority TEXT, decided_by TEXT, own_case_numbers TEXT, agreement_start TEXT, agreement_end TEXT,
    text TEXT, extraction TEXT
);
CREATE TABLE organisations (
    id TEXT PRIMARY KEY, name TEXT, org_number TEXT, legal_form TEXT, aliases TEXT, committees TEXT
);
CREATE TABLE document_organisations (
    document_id TEXT NOT NULL REFERENCES documents(id),
    organisation_id TEXT NOT NULL REFERENCES organisations(id),
    PRIMARY KEY (document_id, organisation_id)
);
CREATE TABLE facts (
    id INTEGER PRIMARY KEY, document_id TEXT NOT NULL REFERENCES documents(id),
    kind TEXT NOT NULL, value TEXT, start INTEGER, "end" INTEGER, data TEXT
);
CREATE TABLE links (
    id INTEGER PRIMARY KEY, source TEXT NOT NULL, target TEXT NOT NULL, type TEXT, confidence REAL,
    evidence TEXT, source_document TEXT REFERENCES documents(id), target_document TEXT REFERENCES documents(id)
);
CREATE TABLE funding (
    id INTEGER PRIMARY KEY, lineage TEXT, case_number TEXT, payer TEXT, year INTEGER, amount INTEGER,
    document_id TEXT REFERENCES documents(id)
);
CREATE INDEX facts_document ON facts(document_id);
CREATE INDEX facts_kind ON facts(kind);
CREATE INDEX document_organisations_organisation ON document_organisations(organisation_id);
CREATE INDEX funding_lineage ON funding(lineage);
CREATE VIRTUAL TABLE documents_fts USING fts5(title, text, content='documents', content_rowid='rowid');
"""

# Fact lists of an extraction: the kind stored, and the key holding the fact's value.
FACT_KINDS = {
    "own_case_number_spans": ("own_case_number", "number"),
    "referenced_case_numbers": ("cited_case_number", "number"),
    "org_numbers": ("org_number", "number"),
    "parties": ("party", "name"),
    "amounts": ("amount", "value"),
    "funding": ("funding", "amount"),
    "periods": ("period", "text"),
    "decision_refs": ("decision_ref", "body"),
    "meetings": ("meeting", "body"),
    "people": ("person", "name"),
}

FACETS = {
    "documents": ["document_type", "year", "authority", "decided_by"],
    "facts": ["kind"],
    "organisations": ["legal_form"],
    "links": ["type"],
    "funding": ["payer", "year", "lineage"],
}


def write_sqlite(index, documents: Iterable[StoredDocument], out: Path) -> dict:
    """Write a fresh database at ``out`` (replacing one there) and ``OUT.metadata.json`` beside;
    ``index`` is an index folder or an :class:`~index.folder.IndexFolder` handle on it."""
    with _replacing(out) as tmp, opened(index) as folder:
        if tmp.exists():
            tmp.unlink()
        db = sqlite3.connect(tmp)
        try:
            counts = _fill(db, folder, documents)
            db.commit()
        finally:
            db.close()
    metadata = out.with_name(out.stem + ".metadata.json")
    metadata.write_text(json.dumps(_metadata(out), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return {"format": "sqlite", "files": [str(out), str(metadata)], **counts}


def _fill(db: sqlite3.Connection, folder: IndexFolder, documents: Iterable[StoredDocument]) -> dict:
    db.executescript(SCHEMA)
    ids = set()
    facts = 0
    for doc in documents:
        db.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", _document(doc))
        rows = list(_facts(doc))
        db.executemany('INSERT INTO facts (document_id, kind, value, start, "end", data) VALUES (?, ?, ?, ?, ?, ?)', rows)
        facts += len(rows)
        ids.add(doc.id)
    db.execute("INSERT INTO documents_fts (rowid, title, text) SELECT rowid, coalesce(title, ''), text FROM documents")
    organisations = _organisations(db, folder, ids)
    links = _links(db, folder.store, ids)
    funding = _funding(db, folder, ids)
    problems = db.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise ExportProblem(f"{len(problems)} rows refer to missing rows (first: {tuple(problems[0])})")
    return {"documents": len(ids), "facts": facts, "organisations": organisations, "links": links,
            "funding_rows": funding}


def _document(doc: StoredDocument) -> tuple:
    ex = doc.facts
    period = ex.agreement_period or (None, None)
    date = ex.date or None
    return (doc.id, doc.path, doc.part, doc.page_from, doc.page_to, doc.sha256, doc.pipeline_version,
            ex.document_type, ex.title, date, int(date[:4]) if date and date[:4].isdigit() else None,
            ex.authority, ex.decided_by, ", ".join(ex.case_numbers), period[0], period[1], doc.text,
            json.dumps(doc.extraction, ensure_ascii=False))


def _facts(doc: StoredDocument):
    """One row per fact: its value and offsets from the typed fact (a period's whichever form it
    was stored in), and the fact's stored JSON form (with its page) as its data."""
    for key, (kind, value_key) in FACT_KINDS.items():
        attribute = "own_case_numbers" if key == "own_case_number_spans" else key
        for fact, item in zip(getattr(doc.facts, attribute), doc.extraction.get(key) or []):
            yield (doc.id, kind, str(getattr(fact, value_key)), fact.start, fact.end, json.dumps(item, ensure_ascii=False))


def _organisations(db: sqlite3.Connection, folder: IndexFolder, ids: set) -> int:
    """The registry's organisations that any exported document is about."""
    count = 0
    documents = organisation_documents(folder)
    for found in folder.registry.ranked():
        docs = [d for d in documents.get(found.id, []) if d in ids]
        if not docs:
            continue
        db.execute("INSERT INTO organisations VALUES (?, ?, ?, ?, ?, ?)", (
            found.id, found.name, found.org_number, found.legal_form,
            json.dumps(found.aliases, ensure_ascii=False), json.dumps(found.committees, ensure_ascii=False)))
        db.executemany("INSERT OR IGNORE INTO document_organisations VALUES (?, ?)", [(d, found.id) for d in docs])
        count += 1
    return count


def _links(db: sqlite3.Connection, store: Store, ids: set) -> int:
    links = [l for l in store.links() if l["source"] in ids or l["target"] in ids or not _is_document(l, store)]
    rows = [(l["source"], l["target"], l["type"], l["confidence"], json.dumps(l["evidence"], ensure_ascii=False),
             l["source"] if l["source"] in ids else None, l["target"] if l["target"] in ids else None)
            for l in links]
    db.executemany("INSERT INTO links (source, target, type, confidence, evidence, source_document, target_document) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
    return len(rows)


def _is_document(link: dict, store) -> bool:
    """True when either end of a link is a stored document (one not exported, when we get here)."""
    return any(store.document(node) is not None for node in (link["source"], link["target"]))


def _funding(db: sqlite3.Connection, folder: IndexFolder, ids: set) -> int:
    rows = funding_rows(folder, ids) if ids else []
    db.executemany("INSERT INTO funding (lineage, case_number, payer, year, amount, document_id) VALUES (?, ?, ?, ?, ?, ?)",
                   [(r.lineage, r.case, r.payer, r.year, r.amount, next((d for d in r.documents if d in ids), None))
                    for r in rows])
    return len(rows)


def _metadata(out: Path) -> dict:
    tables = {name: {"facets": facets} for name, facets in FACETS.items()}
    tables["documents"].update({"fts_table": "documents_fts", "fts_pk": "rowid", "label_column": "title"})
    return {"title": "Diarium", "databases": {out.stem: {"tables": tables}}}
