"""Reading a file into text: one reader per format, chosen by content, then by extension.

Text comes in UTF-8, UTF-8 with a byte-order mark, cp1252 or latin-1; the encoding is
detected, never guessed into mojibake. Unreadable input raises
:class:`~extractor.errors.UnreadableDocument` naming the file and the reason.
"""

from __future__ import annotations

from pathlib import Path

from extractor.errors import UnreadableDocument

TEXT_SUFFIXES = {".txt", ".text", ".md", ".markdown", ""}
# What a folder walk picks up.
SUPPORTED_SUFFIXES = TEXT_SUFFIXES - {""}
_MAGIC = {b"%PDF": "PDF", b"PK\x03\x04": "ZIP/Office", b"\xd0\xcf\x11\xe0": "legacy Office", b"{\\rtf": "RTF"}
# Bytes 0x80-0x9F are control characters in latin-1 but letters and punctuation in cp1252.
_CP1252_ONLY = set(range(0x80, 0xA0)) - {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def read_text(path) -> str:
    """The text of a plain-text or Markdown file."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(path, exc.strerror or "cannot be read") from exc
    if not data.strip():
        raise UnreadableDocument(path, "empty file")
    kind = next((name for magic, name in _MAGIC.items() if data.startswith(magic)), None)
    if kind:
        raise UnreadableDocument(path, f"{kind} file: this format is not readable yet")
    if path.suffix.lower() not in TEXT_SUFFIXES:
        raise UnreadableDocument(path, f"unsupported format '{path.suffix}'")
    if b"\x00" in data[:4096]:
        raise UnreadableDocument(path, "binary content, not text")
    return decode(data)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) when it decodes, else cp1252 or latin-1."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if any(b in _CP1252_ONLY for b in data):
        return data.decode("cp1252", errors="replace")
    return data.decode("latin-1")
