"""Plain text: the bytes of a text file decoded, and a source of one page.

Text comes in UTF-8, UTF-8 with a byte-order mark, cp1252 or latin-1; the encoding is
detected from the bytes, never guessed into mojibake. Every reader of a format without pages
(text, Markdown, HTML, Word) gives its text as one page (:func:`whole`).

>>> decode("Överenskommelse".encode("cp1252"))
'Överenskommelse'
>>> decode("– avtal".encode("cp1252"))
'– avtal'
"""

from __future__ import annotations

from pathlib import Path

from extractor.model import Page, SourceText

# Bytes 0x80-0x9F are control characters in latin-1 but letters and punctuation in cp1252.
_CP1252_ONLY = set(range(0x80, 0xA0)) - {0x81, 0x8D, 0x8F, 0x90, 0x9D}


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM) when it decodes, else cp1252 or latin-1."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    if any(b in _CP1252_ONLY for b in data):
        return data.decode("cp1252", errors="replace")
    return data.decode("latin-1")


def whole(path: Path, fmt: str, text: str) -> SourceText:
    """A source of one page holding all its text."""
    return SourceText(str(path), fmt, text, [Page(1, 0, len(text), "text", None)])
