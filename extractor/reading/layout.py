"""From the texts of a paged document's pages to one text: page numbers, running headers and
footers and line-end hyphenation removed, and where each page runs in the result.

The pages come from a PDF text layer or from OCR. What is removed (DOMAIN.md, "PDFs as they
come"):

- a page number at the end of one of the page's first or last lines (``2 (3)``,
  ``Sida 2 av 4``); it is kept as the page's label, which tells where a merged bundle's
  documents start;
- running headers and footers: a line among a page's first or last four lines that comes
  back among the first or last lines of another page, or with only its digits changed on
  most pages (a one-page document
  keeps its letterhead); section headings and document-type words never count as running
  lines;
- hyphens at line ends that split a word (``förvalt-`` / ``ningen``), never those of a
  compound pair (``Arbetsmarknads-`` / ``och``) or of a case number (``ASN-`` / ``2019-9502``).

>>> join_pages(["Tjänsteskrivelse 1 (2)\\nFörvalt-\\nningen föreslår", "2 (2)\\natt nämnden beslutar."])[0]
'Tjänsteskrivelse\\nFörvaltningen föreslår\\natt nämnden beslutar.'
"""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from extractor import vocab

EDGE_LINES = 4
_PAGE_NUMBER = re.compile(
    r"(?i)(?:^|[ \t]+)(?:(?:sida|sid\.?|page)[ \t]+)?(?P<n>\d{1,3})[ \t]*(?:\((?P<t>\d{1,3})\)|(?:av|/)[ \t]*(?P<u>\d{1,3}))[ \t]*$"
)
_BARE_NUMBER = re.compile(r"^[ \t]*-?[ \t]*(?P<n>\d{1,3})[ \t]*-?[ \t]*$")
# A word split at a line end: a lower-case letter, a hyphen, a line break, lower-case letters.
_HYPHEN = re.compile(r"(?<=[a-zåäöéü])-\n(?=(?P<next>[a-zåäöéü]+))")
_DIGITS = re.compile(r"\d+")
_NOT_SPLIT = {"och", "eller", "samt", "respektive", "resp", "som", "till", "men", "utan"}


def join_pages(page_texts: list[str]) -> tuple[str, list[tuple[int, int]], list[str | None]]:
    """The whole text, each page's ``(start, end)`` in it, and each page's printed label."""
    lines = [text.replace("\r\n", "\n").replace("\r", "\n").split("\n") for text in page_texts]
    labels = [_take_page_number(page) for page in lines]
    _drop_running_lines(lines)
    parts, spans, pos = [], [], 0
    for i, page in enumerate(lines):
        text = dehyphenate("\n".join(page).strip("\n"))
        if i:
            separator = "\n" if _continues(parts[-1], text) else "\n\n"
            parts.append(separator)
            pos += len(separator)
        parts.append(text)
        spans.append((pos, pos + len(text)))
        pos += len(text)
    return "".join(parts), spans, labels


def dehyphenate(text: str) -> str:
    """Join words split by a hyphen at a line end (the two lines become one)."""
    def join(m: re.Match) -> str:
        return "-\n" if m.group("next").lower() in _NOT_SPLIT else ""
    joined = _HYPHEN.sub(join, text)
    return joined


def _continues(before: str, after: str) -> bool:
    """A sentence running on from one page to the next."""
    return bool(before) and bool(after) and before[-1] not in ".:!?" and after[:1].islower()


def _take_page_number(lines: list[str]) -> str | None:
    """Remove the page number from the first or last lines of a page; return it as ``N (M)``."""
    for index in _edge_indices(lines):
        m = _PAGE_NUMBER.search(lines[index])
        if m:
            total = m.group("t") or m.group("u")
            if 1 <= int(m.group("n")) <= int(total):
                lines[index] = lines[index][:m.start()].rstrip()
                return f"{int(m.group('n'))} ({int(total)})"
    for index in _edge_indices(lines):
        m = _BARE_NUMBER.match(lines[index])
        if m and int(m.group("n")) > 0:
            lines[index] = ""
            return m.group("n").lstrip("0")
    return None


def _edge_indices(lines: list[str]) -> list[int]:
    """Indices of the first and the last ``EDGE_LINES`` non-empty lines of a page (the last
    from the bottom up); only the edges are looked at."""
    return list(dict.fromkeys(_filled(lines, range(len(lines))) + _filled(lines, range(len(lines) - 1, -1, -1))))


def _filled(lines: list[str], order: range) -> list[int]:
    """The first ``EDGE_LINES`` indices in ``order`` of non-empty lines."""
    found = []
    for i in order:
        if lines[i].strip():
            found.append(i)
            if len(found) == EDGE_LINES:
                break
    return found


def _drop_running_lines(pages: list[list[str]]) -> None:
    """Blank running headers and footers: a line that comes back word for word at the edges
    of another page, or with other digits only (a date, a page count) on most pages."""
    exact, shapes = Counter(), Counter()
    for page in pages:
        lines = {_norm(page[i]) for i in _edge_indices(page)} - {""}
        exact.update(lines)
        shapes.update({_shape(line) for line in lines})
    for page in pages:
        for i in _edge_indices(page):
            line = _norm(page[i])
            if line and (exact[line] >= 2 or shapes[_shape(line)] >= max(3, len(pages) / 2)):
                page[i] = ""


def _norm(line: str) -> str:
    """A line with its spacing evened out; empty for lines that must stay (headings)."""
    norm = " ".join(line.split())
    if len(norm) < 5 or norm.lower() in _keep_lines():
        return ""
    return norm


def _shape(line: str) -> str:
    return _DIGITS.sub("0", line)


@lru_cache(maxsize=1)
def _keep_lines() -> frozenset[str]:
    """Headings and document-type words: at a page's edge they are content, not running lines."""
    documents = vocab.load("documents")
    words = {cue for cues in documents["types"].values() for cue in cues}
    for key, value in documents.items():
        if key not in ("types", "_doc") and isinstance(value, list):
            words.update(v for v in value if isinstance(v, str))
    return frozenset(w.lower() for w in words)
