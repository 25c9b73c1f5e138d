"""Reading a file into text: one reader per format, chosen by content, then by extension.

:func:`read` sniffs the first bytes (the table ``_MAGIC``), falls back on the extension
(``_BY_SUFFIX``) for formats without a signature (text, Markdown, HTML), and hands the bytes
to that format's reader. Each reader returns a :class:`~extractor.model.SourceText`: the
text, and its pages with how each page's text was obtained.

Text comes in UTF-8, UTF-8 with a byte-order mark, cp1252 or latin-1; the encoding is
detected, never guessed into mojibake. Unreadable input (empty, damaged, encrypted, not
what its extension says, an unsupported format) raises
:class:`~extractor.errors.UnreadableDocument` naming the file and the reason.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from extractor.errors import UnreadableDocument
from extractor.model import Page, SourceText
from extractor.reading.plain import decode, whole

__all__ = ["Page", "SourceText", "SUPPORTED_SUFFIXES", "decode", "read", "read_text"]

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ""}
_BY_SUFFIX = {
    ".txt": "text", ".text": "text", "": "text", ".md": "markdown", ".markdown": "markdown",
    ".html": "html", ".htm": "html", ".pdf": "pdf", ".docx": "docx",
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image",
}
# What a folder walk picks up.
SUPPORTED_SUFFIXES = set(_BY_SUFFIX) - {""}
# Signatures of binary formats (first bytes); "zip" is a Word file when it holds word/document.xml.
_MAGIC = {
    b"%PDF": "pdf", b"PK\x03\x04": "zip", b"\x89PNG\r\n\x1a\n": "image", b"\xff\xd8\xff": "image",
    b"II*\x00": "image", b"MM\x00*": "image", b"\xd0\xcf\x11\xe0": "legacy Office", b"{\\rtf": "RTF",
}
_NAMES = {"pdf": "PDF", "zip": "ZIP/Office", "image": "image", "docx": "Word"}
_HTML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*(?:<!doctype html|<html|<\?xml[^>]*>\s*<html)", re.I)


# Size limits, enforced before the work they bound. A text, Markdown or HTML file over
# MAX_TEXT_FILE_MB fails at once (a decision document is a few hundred kB; such a file is a
# dump or junk, and the finders would run for minutes on it). Any document's text is cut at
# MAX_TEXT_CHARS characters, with a note, so nothing larger is stored or indexed.
MAX_TEXT_FILE_MB = 20
MAX_TEXT_CHARS = 20_000_000


def read(path, *, ocr: bool = True) -> SourceText:
    """The text of the document at ``path``, whatever its format; ``ocr=False`` never runs Tesseract.

    NUL characters (never text; padding or a damaged file) become spaces, so offsets hold;
    a text longer than :data:`MAX_TEXT_CHARS` is cut there and ``source.note`` says so."""
    path = Path(path)
    data = _bytes(path)
    kind = _kind(path, data)
    if kind in ("text", "markdown", "html") and len(data) > MAX_TEXT_FILE_MB * 1_000_000:
        raise UnreadableDocument(path, f"a text file of {len(data) / 1e6:.0f} MB is over the limit of "
                                       f"{MAX_TEXT_FILE_MB} MB")
    source = _reader(kind)(path, data, ocr=ocr)
    source.sha256 = hashlib.sha256(data).hexdigest()
    if "\x00" in source.text:
        source.text = source.text.replace("\x00", " ")
    if len(source.text) > MAX_TEXT_CHARS:
        source.text = source.text[:MAX_TEXT_CHARS]
        source.pages = [Page(p.number, p.start, min(p.end, MAX_TEXT_CHARS), p.method, p.confidence, p.label)
                        for p in source.pages if p.start < MAX_TEXT_CHARS]
        source.note = f"text cut at {MAX_TEXT_CHARS:,} characters (the limit)".replace(",", " ")
    return source


def _bytes(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(path, exc.strerror or "cannot be read") from exc
    if not data.strip():
        raise UnreadableDocument(path, "empty file")
    return data


def _kind(path: Path, data: bytes) -> str:
    """The format by content, checked against what the extension says."""
    suffix = path.suffix.lower()
    claimed = _BY_SUFFIX.get(suffix)
    sniffed = next((kind for magic, kind in _MAGIC.items() if data.startswith(magic)), None)
    if sniffed == "zip" and claimed in (None, "docx", "text", "markdown"):
        sniffed = "docx" if b"word/document.xml" in data else "zip"
    if sniffed in ("legacy Office", "RTF", "zip"):
        detail = "an encrypted Office file or an old .doc/.xls" if sniffed == "legacy Office" else "not a Word document"
        raise UnreadableDocument(path, f"{_NAMES.get(sniffed, sniffed)} file: not readable ({detail}); unsupported format")
    if sniffed and claimed not in (None, "text", "markdown", sniffed):
        raise UnreadableDocument(path, f"the content is {_NAMES[sniffed]}, not what the extension '{suffix}' says")
    if sniffed:
        return sniffed
    if claimed in ("pdf", "docx", "image"):
        raise UnreadableDocument(path, f"not a {_NAMES[claimed]} file: the content is not what '{suffix}' says")
    if claimed is None:
        raise UnreadableDocument(path, f"unsupported format '{suffix}'")
    return "html" if _HTML_START.match(data[:512]) else claimed


def _reader(kind: str):
    if kind == "pdf":
        from extractor.reading.pdf import read_pdf
        return read_pdf
    if kind == "docx":
        from extractor.reading.office import read_docx
        return read_docx
    if kind == "image":
        from extractor.reading.ocr import read_image
        return read_image
    if kind == "html":
        from extractor.reading.html import read_html
        return read_html
    return _read_plain_text if kind == "text" else _read_markdown


def _read_plain_text(path: Path, data: bytes, *, ocr: bool = True) -> SourceText:
    return whole(path, "text", _text_of(path, data))


def _read_markdown(path: Path, data: bytes, *, ocr: bool = True) -> SourceText:
    """Markdown as written, front matter included: cleaning blanks the markup one for one."""
    return whole(path, "markdown", _text_of(path, data))


def _text_of(path: Path, data: bytes) -> str:
    if b"\x00" in data[:4096]:
        raise UnreadableDocument(path, "binary content, not text")
    return decode(data)


def read_text(path) -> str:
    """The text of a plain-text or Markdown file (other formats: :func:`read`)."""
    path = Path(path)
    data = _bytes(path)
    kind = next((name for magic, name in _MAGIC.items() if data.startswith(magic)), None)
    if kind:
        raise UnreadableDocument(path, f"{_NAMES.get(kind, kind)} file: not readable as text")
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise UnreadableDocument(path, f"unsupported format '{path.suffix}'")
    return _text_of(path, data)
