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
from extractor.reading.plain import whole

# A Word file is a ZIP archive of parts that python-docx unpacks whole into memory. Limits on
# what the parts unpack to, checked on the sizes the archive declares before anything is
# unpacked (Python's zipfile never unpacks a part past its declared size: a part that lies
# fails its checksum instead). A long decision's text is a few MB of XML; more is a bomb.
MAX_PART_MB = 100  # one part (the document's XML, an image)
MAX_PARTS_MB = 400  # all parts together
MAX_PARTS = 10_000  # parts in the archive


def read_docx(path: Path, data: bytes, *, ocr: bool = True) -> SourceText:
    check_parts(path, data)
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


def check_parts(path: Path, data: bytes) -> None:
    """Refuse a Word file whose parts would unpack past the limits above, naming the part."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        return  # python-docx says what is wrong with the archive
    if len(parts) > MAX_PARTS:
        raise UnreadableDocument(path, f"a Word file of {len(parts)} parts is over the limit of {MAX_PARTS}")
    for part in parts:
        if part.file_size > MAX_PART_MB * 1_000_000:
            raise UnreadableDocument(path, f"the part {part.filename} unpacks to {part.file_size / 1e6:.0f} MB, "
                                           f"over the limit of {MAX_PART_MB} MB for one part of a Word file")
    total = sum(part.file_size for part in parts)
    if total > MAX_PARTS_MB * 1_000_000:
        raise UnreadableDocument(path, f"the parts unpack to {total / 1e6:.0f} MB together, over the limit of "
                                       f"{MAX_PARTS_MB} MB for a Word file")


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
