"""The HTML reader (standard library ``html.parser``): the text a browser would show.

Block elements (paragraphs, headings, list items, table rows, ``<br>``) become line breaks,
table cells are separated by tabs, ``script``, ``style`` and the like are dropped, entities
are decoded, and runs of white space collapse as a browser collapses them (not in ``pre``).
The encoding is the one a ``<meta charset>`` names, else detected like a text file's.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

from extractor.errors import UnreadableDocument
from extractor.model import SourceText
from extractor.reading.plain import decode, whole

_BLOCKS = {
    "address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure", "footer",
    "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section",
    "table", "tbody", "thead", "tfoot", "tr", "ul", "title", "caption",
}
_CELLS = {"td", "th"}
_DROPPED = {"script", "style", "noscript", "template", "svg"}
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.I)


class _TextCollector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dropped = 0
        self.pre = 0

    def handle_starttag(self, tag, attrs) -> None:
        if tag in _DROPPED:
            self.dropped += 1
        elif tag in _BLOCKS:
            self.parts.append("\n")
            self.pre += tag == "pre"
        elif tag in _CELLS:
            self.parts.append("\t")

    def handle_startendtag(self, tag, attrs) -> None:
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag) -> None:
        if tag in _DROPPED:
            self.dropped = max(self.dropped - 1, 0)
        elif tag in _BLOCKS:
            self.parts.append("\n")
            if tag == "pre" and self.pre:
                self.pre -= 1

    def handle_data(self, data) -> None:
        if not self.dropped:
            self.parts.append(data if self.pre else re.sub(r"[ \t\r\n\f]+", " ", data))


def html_text(markup: str) -> str:
    """The visible text of an HTML document.

    >>> html_text("<p>Dnr&nbsp;KS 2023/123</p><script>x()</script><ul><li>400 000 kr</li></ul>")
    'Dnr\\xa0KS 2023/123\\n\\n400 000 kr'
    """
    collector = _TextCollector()
    collector.feed(markup)
    collector.close()
    lines = [line.strip(" ") for line in "".join(collector.parts).split("\n")]
    text = "\n".join(lines)
    return re.sub(r"\n{3,}", "\n\n", text).strip()


def read_html(path: Path, data: bytes, *, ocr: bool = True) -> SourceText:
    declared = _CHARSET.search(data[:2048])
    try:
        markup = data.decode(declared.group(1).decode("ascii")) if declared else decode(data)
    except (LookupError, UnicodeDecodeError):
        markup = decode(data)
    text = html_text(markup)
    if not text.strip():
        raise UnreadableDocument(path, "the HTML page holds no text")
    return whole(path, "html", text)
