"""Exports to JSON Lines, CSV and SQLite: :func:`export` writes the selected documents of an
index in one format. The formats and the selection are in :mod:`index.export.formats`, the
SQLite database in :mod:`index.export.sqlite`.
"""

from __future__ import annotations

from pathlib import Path

from index.export.formats import FORMATS, ExportProblem, Filters, select_documents, write_csv, write_jsonl
from index.export.sqlite import write_sqlite
from index.folder import IndexFolder


def export(index_dir, fmt: str, out, filters: Filters = Filters(), *, delimiter: str = ",") -> dict:
    """Write the selected documents of an index in one format; returns what was written."""
    if fmt not in FORMATS:
        raise ExportProblem(f"{fmt}: unknown export format (choose one of {', '.join(FORMATS)})")
    with IndexFolder(index_dir) as folder:  # one store, registry and link graph for the whole export
        documents = select_documents(folder, filters)
        if fmt == "jsonl":
            return write_jsonl(folder.store, documents, Path(out))
        if fmt == "csv":
            return write_csv(folder, documents, out, delimiter=delimiter)
        return write_sqlite(folder, documents, Path(out))
