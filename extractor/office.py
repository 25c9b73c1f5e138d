"""The Word reader (``.docx``, with python-docx): paragraphs and tables in document order.

A table row becomes one line, its cells separated by tabs (a cell merged across columns is
written once); a nested table is read in its cell. A Word file has no fixed pages, so the
whole text is one page. Headers and footers are left out: they repeat on every printed page
and belong to no fact.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from extractor.errors import UnreadableDocument
from extractor.model import SourceText


def read_docx(path: Path, data: bytes, *, ocr: bool = True) -> SourceText:
    from extractor.readers import whole

    try:
        import docx

        document = docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise UnreadableDocument(path, f"Word file not readable: damaged or truncated ({exc})") from exc
    except Exception as exc:  # python-docx raises its own and lxml's errors for broken XML
        raise UnreadableDocument(path, f"Word file not readable ({type(exc).__name__}: {exc})") from exc
    text = "\n".join(_blocks(document)).strip("\n")
    if not text.strip():
        raise UnreadableDocument(path, "the Word file holds no text")
    return whole(path, "docx", text)


def _blocks(container):
    """Lines of a document or a table cell: paragraphs as they are, tables row by row."""
    for block in container.iter_inner_content():
        if hasattr(block, "rows"):
            yield from _table(block)
        else:
            yield block.text


def _table(table):
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(line for line in _blocks(cell) if line.strip()))
        yield "\t".join(cells)
