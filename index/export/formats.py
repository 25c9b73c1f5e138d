"""Exports of an index to the tools analysts already use: JSON Lines, CSV and SQLite.

- JSON Lines: one stored extraction per line, with the text, pages and manifest row under
  ``"stored"``, so nothing is lost; :func:`read_jsonl` / :func:`load_jsonl` read it back.
- CSV (UTF-8 with BOM, so Excel reads å, ä, ö; delimiter ``,`` or ``;``): ``documents`` and
  ``funding`` (one row per lineage, case, payer and year).
- SQLite (:mod:`index.export.sqlite`): tables with foreign keys and full-text search.

:func:`select_documents` applies the filters every format shares (organisation, case,
document type, date range).
"""

from __future__ import annotations

import csv
import json
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from extractor.errors import DiariumError
from extractor.identifiers import diarienummer
from extractor.model import Extraction
from index.folder import IndexFolder, opened
from index.linking.lineage import Trace
from index.organisations.registry import documents_of
from index.store import FileRecord, Store, StoredDocument

FORMATS = ("jsonl", "csv", "sqlite")
DOCUMENT_COLUMNS = (
    "id", "path", "part", "document_type", "title", "date", "authority", "decided_by",
    "own_case_numbers", "cited_case_numbers", "parties", "org_numbers",
    "agreement_start", "agreement_end", "funding_per_year",
)
FUNDING_COLUMNS = ("lineage", "partnership", "case", "payer", "year", "amount", "documents")


class ExportProblem(DiariumError):
    code = "D601"


@dataclass(slots=True)
class FundingRow:
    """One row of the funding table: what a payer gives in a year (``2021``, or a split year
    ``2023/2024``) in one step of a lineage, and the documents that say so."""

    lineage: str  # the lineage's oldest case number
    partnership: str  # its subject and parties, else its case number
    case: str  # the step's first case number ("" for none)
    payer: Optional[str]
    year: Union[int, str]
    amount: int
    documents: list[str]

    def to_dict(self) -> dict:
        """The JSON form (the web's organisation and case pages), keys as ``FUNDING_COLUMNS``."""
        return {c: getattr(self, c) for c in FUNDING_COLUMNS}


@dataclass
class Filters:
    """What to export; every field None means everything."""

    org: Optional[str] = None
    case: Optional[str] = None
    doc_type: Optional[str] = None
    date_from: Optional[str] = None
    date_to: Optional[str] = None


# -- selection ------------------------------------------------------------------------------

def select_documents(folder: IndexFolder, filters: Filters) -> Iterator[StoredDocument]:
    """The stored documents of an index folder that pass every filter, streamed in id order."""
    org_ids = _organisation_documents(folder, filters.org) if filters.org else None
    case = diarienummer.compact(filters.case) if filters.case else None
    for doc in folder.store.documents():
        ex = doc.facts
        if org_ids is not None and doc.id not in org_ids and not _names_organisation(ex, filters.org):
            continue
        if case and case not in {diarienummer.compact(c) for c in case_numbers(ex)}:
            continue
        if filters.doc_type and (ex.document_type or "").lower() != filters.doc_type.lower():
            continue
        if not _in_range(ex.date, filters.date_from, filters.date_to):
            continue
        yield doc


def case_numbers(extraction: Extraction) -> list[str]:
    """The document's own case numbers, then those it cites."""
    return [c.number for c in extraction.own_case_numbers] + [r.number for r in extraction.referenced_case_numbers]


def _organisation_documents(folder: IndexFolder, org: str) -> set:
    """Ids of the documents the organisation registry files under ``org`` (id, name or number)."""
    found = folder.registry.find(org)
    return set(documents_of(folder.store, found.id)) if found else set()


def _names_organisation(extraction: Extraction, org: str) -> bool:
    """True when a party or organisation number of the extraction is ``org`` (any case)."""
    wanted = org.strip().casefold()
    for party in extraction.parties:
        names = [party.name or "", party.org_number or ""] + list(party.aliases or [])
        if wanted in {n.casefold() for n in names}:
            return True
    return any((o.number or "") == org.strip() for o in extraction.org_numbers)


def _in_range(date: Optional[str], date_from: Optional[str], date_to: Optional[str]) -> bool:
    if not date_from and not date_to:
        return True
    if not date:
        return False
    return (not date_from or date >= date_from) and (not date_to or date[: len(date_to)] <= date_to)


# -- JSON Lines -----------------------------------------------------------------------------

def write_jsonl(store: Store, documents: Iterable[StoredDocument], out: Path) -> dict:
    """One line per document: its extraction, plus ``"stored"`` (text, pages, part, file row)."""
    count = 0
    with _replacing(out) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as f:
        for doc in documents:
            f.write(json.dumps(jsonl_record(store, doc), ensure_ascii=False) + "\n")
            count += 1
    return {"format": "jsonl", "files": [str(out)], "documents": count}


def jsonl_record(store: Store, doc: StoredDocument) -> dict:
    record = store.file(doc.path)
    stored = {"part": doc.part, "page_from": doc.page_from, "page_to": doc.page_to,
              "pipeline_version": doc.pipeline_version, "sha256": doc.sha256,
              "text": doc.text, "pages": doc.pages, "file": record.to_dict() if record else None}
    return {**doc.extraction, "id": doc.id, "path": doc.path, "stored": stored}


def read_jsonl(path) -> Iterator[tuple[FileRecord, StoredDocument]]:
    """The documents of a Diarium JSON Lines export, each with its manifest row."""
    with open(path, encoding="utf-8-sig") as f:
        for number, line in enumerate(f, 1):
            if line.strip():
                yield _from_line(path, number, line)


def load_jsonl(path, store: Store) -> list[StoredDocument]:
    """Record the documents of an export in ``store`` (one transaction per file); returns them.

    The caller holds the writer lock and indexes the returned documents afterwards.
    """
    by_path: dict[str, tuple[FileRecord, list[StoredDocument]]] = {}
    for record, doc in read_jsonl(path):
        by_path.setdefault(doc.path, (record, []))[1].append(doc)
    loaded = []
    for record, docs in by_path.values():
        store.record_file(record, docs, replace_documents=True)
        loaded += docs
    return loaded


def _from_line(path, number: int, line: str) -> tuple[FileRecord, StoredDocument]:
    try:
        data = json.loads(line)
        if not isinstance(data, dict) or not isinstance(data.get("stored", {}), dict):
            raise ValueError("each line must be one JSON object")
        stored = data.pop("stored")
        doc = StoredDocument(
            id=data["id"], path=data["path"], sha256=stored.get("sha256") or data["sha256"],
            part=stored["part"], page_from=stored.get("page_from"), page_to=stored.get("page_to"),
            pipeline_version=stored.get("pipeline_version") or data["pipeline_version"],
            extraction=data, text=stored["text"], pages=stored.get("pages") or [])
        row = stored.get("file") or {}
        fields = {k: row.get(k) for k in FileRecord.__dataclass_fields__}
        record = FileRecord(**{**fields, "path": doc.path, "status": row.get("status") or "imported",
                               "updated": row.get("updated") or 0.0})
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        reason = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc).splitlines()[0]
        raise ExportProblem(f"{path}:{number}: not a line of a Diarium JSON Lines export ({reason})") from None
    return record, doc


# -- CSV ------------------------------------------------------------------------------------

def write_csv(index, documents: Iterable[StoredDocument], out, *, delimiter: str = ",") -> dict:
    """``documents`` and ``funding`` CSV files; ``out`` is a folder or a base name (see csv_paths).
    ``index`` is an index folder or an :class:`~index.folder.IndexFolder` handle on it."""
    _check_delimiter(delimiter)
    docs_path, funding_path = csv_paths(out)
    ids = []
    with _replacing(docs_path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as f:
        for doc in write_documents_csv(f, documents, delimiter):
            ids.append(doc.id)
    rows = funding_rows(index, set(ids))
    with _replacing(funding_path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as f:
        write_funding_csv(f, rows, delimiter)
    return {"format": "csv", "files": [str(docs_path), str(funding_path)], "documents": len(ids),
            "funding_rows": len(rows)}


def _check_delimiter(delimiter: str) -> None:
    if delimiter not in (",", ";", "\t"):
        raise ExportProblem(f"{delimiter!r}: CSV delimiter must be ',', ';' or a tab")


def write_documents_csv(f, documents: Iterable[StoredDocument], delimiter: str = ",") -> Iterator[StoredDocument]:
    """Write the documents table to the text file ``f`` (header first); yields each document written."""
    _check_delimiter(delimiter)
    writer = csv.writer(f, delimiter=delimiter)
    writer.writerow(DOCUMENT_COLUMNS)
    for doc in documents:
        writer.writerow(document_row(doc))
        yield doc


def write_funding_csv(f, rows: Iterable[FundingRow], delimiter: str = ",") -> None:
    """Write funding rows (:func:`funding_rows`) to the text file ``f``, header first."""
    _check_delimiter(delimiter)
    writer = csv.writer(f, delimiter=delimiter)
    writer.writerow(FUNDING_COLUMNS)
    writer.writerows([[getattr(r, c) if c != "documents" else " ".join(r.documents) for c in FUNDING_COLUMNS]
                      for r in rows])


def csv_paths(out) -> tuple[Path, Path]:
    """An existing folder (or one named with a trailing ``/``) gets ``documents.csv`` and
    ``funding.csv``; anything else is a base name: ``OUT-documents.csv``, ``OUT-funding.csv``
    (a ``.csv`` suffix on OUT is dropped)."""
    folder = str(out).endswith(("/", os.sep))
    out = Path(out)
    if folder or out.is_dir():
        out.mkdir(parents=True, exist_ok=True)
        return out / "documents.csv", out / "funding.csv"
    base = out.with_suffix("") if out.suffix.lower() == ".csv" else out
    return base.with_name(base.name + "-documents.csv"), base.with_name(base.name + "-funding.csv")


def document_row(doc: StoredDocument) -> list:
    ex = doc.facts
    period = ex.agreement_period or (None, None)
    values = {
        "id": doc.id, "path": doc.path, "part": doc.part,
        "own_case_numbers": ", ".join(c.number for c in ex.own_case_numbers),
        "cited_case_numbers": ", ".join(r.number for r in ex.referenced_case_numbers),
        "parties": ", ".join(p.name for p in ex.parties),
        "org_numbers": ", ".join(o.number for o in ex.org_numbers),
        "agreement_start": period[0], "agreement_end": period[1],
        "funding_per_year": ", ".join(f"{f.payer}: {f.amount}" for f in ex.funding if f.basis == "per_year"),
    }
    return [values[c] if c in values else getattr(ex, c) for c in DOCUMENT_COLUMNS]


# -- funding per lineage ----------------------------------------------------------------------

def funding_rows(index, document_ids: Optional[set] = None) -> list[FundingRow]:
    """Funding of every lineage touching the documents (all when None), one :class:`FundingRow`
    per step, payer and year.

    ``index`` is an index folder or an :class:`~index.folder.IndexFolder` handle on it. A
    lineage is named by its oldest case number; rows come from ``index.linking.lineage.trace``, over
    the handle's link graph. A document already met in a traced lineage is not traced again."""
    rows, seen, covered = [], set(), set()
    with opened(index) as folder:
        store = folder.store
        if document_ids is None:
            starts = [(doc_id, Extraction.from_dict(ex)) for doc_id, _, ex in store.extractions()]
        else:
            starts = [(d.id, d.facts) for d in store.documents(sorted(document_ids))]
        for doc_id, ex in starts:
            if doc_id in covered:
                continue
            lineage = folder.trace(([c.number for c in ex.own_case_numbers] or [doc_id])[0]) or folder.trace(doc_id)
            key = _lineage_key(lineage) if lineage else None
            if not key or key in seen:
                continue
            seen.add(key)
            covered.update(lineage.document_ids())
            rows += lineage_funding(lineage)
    return rows


def lineage_funding(lineage: Trace) -> list[FundingRow]:
    """The yearly funding rows of one trace, oldest step first: per calendar year, or per split
    year (``2023/2024``) for agreements that run from another day than 1 January (sums over a
    whole period, which carry no year, are left to the JSON forms)."""
    name, partnership = lineage_name(lineage), partnership_name(lineage)
    rows = []
    for step in lineage.steps:
        case = (step.cases or [""])[0]
        documents = [d.id for d in step.documents]
        for f in step.funding:
            year = year_label(f.year)
            if year is not None and f.amount is not None:
                rows.append(FundingRow(name, partnership, case, f.payer, year, f.amount,
                                       [f.document] if f.document else documents))
    return rows


_SPLIT_YEAR = re.compile(r"^(\d{4})/(\d{4})$")


def year_label(value) -> Optional[object]:
    """A calendar year as an int (2021); a split financial or agreement year as its label
    (``2023/2024``, from 1 July to 30 June and the like); anything else None.

    >>> year_label("2021"), year_label("2023/2024"), year_label("2023/2025"), year_label(None)
    (2021, '2023/2024', None, None)
    """
    text = str(value or "")
    if re.fullmatch(r"\d{4}", text):
        return int(text)
    m = _SPLIT_YEAR.match(text)
    return text if m and int(m.group(2)) == int(m.group(1)) + 1 else None


def year_order(label) -> tuple:
    """Calendar and split years in time order.

    >>> sorted([2024, "2023/2024", 2023], key=year_order)
    [2023, '2023/2024', 2024]
    """
    text = str(label)
    return (int(text[:4]), len(text), text)


def lineage_name(lineage: Trace) -> str:
    """The oldest case number of a lineage: a decision cited only by body, date and paragraph
    names it only when no step has a case number (else what was traced)."""
    cases = lineage.cases()
    return next((c for c in cases if "§" not in c), None) or (cases[0] if cases else str(lineage.query or ""))


def partnership_name(lineage: Trace) -> str:
    """The partnership's subject and parties (:mod:`index.linking.partnership`), else its case number."""
    return lineage.partnership.name or lineage_name(lineage)


def _lineage_key(lineage: Trace) -> Optional[tuple]:
    cases, docs = tuple(lineage.cases()), tuple(lineage.document_ids())
    return (cases, docs) if cases or docs else None


class _replacing:
    """Write to ``OUT.part`` and move it over ``OUT`` only when writing succeeded."""

    def __init__(self, out: Path):
        self.out = Path(out)
        self.tmp = self.out.with_name(self.out.name + ".part")

    def __enter__(self) -> Path:
        if not self.out.parent.is_dir():
            raise ExportProblem(f"{self.out.parent}: no such folder to write the export in")
        return self.tmp

    def __exit__(self, kind, exc, tb) -> None:
        if kind is None:
            os.replace(self.tmp, self.out)
        elif self.tmp.exists():
            self.tmp.unlink()
