"""Cleans the noise PDF text layers leave, without moving a single character.

Every cleaning step replaces characters one for one (noise becomes spaces, an OCR slip
such as ``20l0`` becomes ``2010``), so the cleaned text has the length of the original and
every offset found in it points into the original text as well.

What counts as noise (DOMAIN.md, "PDFs as they come"):
- private-use glyphs (U+E000-U+F8FF, e.g. the bullet U+F0B7) and no-break spaces;
- page markers such as ``2 (3)``, ``Sida 2 av 4``;
- running headers and footers: a line of some length repeated three times or more, other than
  a section heading or a decision's opening line, which a protocol repeats in every paragraph;
- stamps read as a column of very short lines (a signature GUID split in two-character lines);
- the markup of PDF-to-Markdown converters (front matter, ``#`` headings, ``**`` bold).

:func:`fold` strips accents one character for one as well (``é`` -> ``e``, ``å/ä/ö`` kept): the
search index's words and the name keys of organisations are compared folded.
"""

import re
import unicodedata
from collections import Counter
from functools import lru_cache

from extractor import vocab

_SPACE_LIKE = re.compile(r"[\u00a0\u2007\u202f\u2009\u200a\ue000-\uf8ff\ufeff\u200b\u00ad]")
_PAGE_MARKER = re.compile(
    r"(?im)(?:\b(?:sida|sid\.?|page)\s+)?\b(\d{1,3})\s*(?:\((\d{1,3})\)|(?:av|/)\s*(\d{1,3}))[ \t]*$"
)
# (the first character as a class the engine skips to, and the one before it tested from there)
_OCR_YEAR = re.compile(r"[12lI](?<![\w-].)[09O][0-9lIO]{2}(?=[-–/]|\b)")
_OCR_DIGITS = str.maketrans({"l": "1", "I": "1", "O": "0"})
_FRONT_MATTER = re.compile(r"\A\s*---[ \t]*\n.*?\n---[ \t]*\n", re.S)
_MARKUP = re.compile(r"(?m)^[ \t]*#{1,6}[ \t]|\*\*|__")
_NOT_NEWLINE = re.compile(r"[^\n]")
_LINE_ENDS_IN_NUMBER = re.compile(r"(?m)\d\)?[ \t]*$")
_SHORT_LINE_MAX = 3
_STAMP_MIN_LINES = 8
_REPEAT_MIN_LENGTH = 12
_REPEAT_MIN_COUNT = 3


def clean(text: str) -> str:
    """Return ``text`` with noise blanked and OCR digit slips mended, at the same length."""
    cleaned = _blank(_SPACE_LIKE.sub(" ", text), _converter_markup)
    cleaned = _blank(cleaned, _page_markers)
    cleaned = _blank(cleaned, _stamp_columns)
    cleaned = _blank(cleaned, _repeated_lines)
    return _OCR_YEAR.sub(_mend_year, cleaned)


def _blank(text: str, finder) -> str:
    """Replace every span ``finder(text)`` yields with spaces, keeping line breaks."""
    spans = sorted(finder(text))
    if not spans:
        return text
    out, pos = [], 0
    for start, end in spans:
        start = max(start, pos)  # spans may overlap
        if end <= start:
            continue
        out += [text[pos:start], _NOT_NEWLINE.sub(" ", text[start:end])]
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _converter_markup(text: str):
    """Markdown written by PDF converters: YAML front matter, heading hashes, bold markers."""
    front = _FRONT_MATTER.match(text)
    if front:
        yield front.span()
    if "#" not in text and "**" not in text and "__" not in text:
        return  # (the pattern, tried at every position, costs more than three scans for its signs)
    for m in _MARKUP.finditer(text):
        yield m.span()


def _mend_year(match: re.Match) -> str:
    token = match.group()
    fixed = token.translate(_OCR_DIGITS)
    real_digits = sum(c.isdigit() for c in token)
    if fixed != token and real_digits >= 2 and 1900 <= int(fixed) <= 2099:
        return fixed
    return token


def _page_markers(text: str):
    for m in _page_marker_matches(text):
        page, total = int(m.group(1)), int(m.group(2) or m.group(3))
        bare_slash = m.group(3) and "/" in m.group() and not re.match(r"(?i)\s*(?:sida|sid|page)", m.group())
        if 1 <= page <= total and not bare_slash:  # "Dnr 12/20" is a case number, "Sida 2/4" a page
            yield m.start(), m.end()


def _page_marker_matches(text: str):
    """``_PAGE_MARKER.finditer(text)``, tried only on lines that end in a digit or ``)``: the
    full pattern, tried at every position, was most of the time of cleaning a text."""
    for end in _LINE_ENDS_IN_NUMBER.finditer(text):
        start = text.rfind("\n", 0, end.start()) + 1
        m = _PAGE_MARKER.search(text, start, end.end())
        if m:
            yield m


def _lines(text: str):
    """Yield (start, end, stripped) for every line."""
    pos = 0
    for line in text.split("\n"):
        yield pos, pos + len(line), line.strip()
        pos += len(line) + 1


def _stamp_columns(text: str):
    """Runs of many very short lines (blank lines allowed between them) are a stamp."""
    run: list[tuple[int, int]] = []
    for start, end, stripped in _lines(text):
        if not stripped:
            continue
        if len(stripped) <= _SHORT_LINE_MAX:
            run.append((start, end))
            continue
        yield from _flush(run)
        run = []
    yield from _flush(run)


def _flush(run):
    if len(run) >= _STAMP_MIN_LINES:
        yield run[0][0], run[-1][1]


def _repeated_lines(text: str):
    """A line repeated three times or more is a running header or footer: blank all but the first.

    Page numbers are already blanked, so the pages' headers compare equal. A protocol repeats
    its structure in every paragraph (``Beslutsunderlag``, ``Kommunstyrelsen beslutar``): a
    section heading or a decision's opening line is kept wherever it stands.
    """
    lines = [(s, e, " ".join(norm.split())) for s, e, norm in _lines(text) if len(norm) >= _REPEAT_MIN_LENGTH]
    counts = Counter(norm for _, _, norm in lines)
    seen: set[str] = set()
    for start, end, norm in lines:
        if counts[norm] >= _REPEAT_MIN_COUNT and not norm.startswith("-") and not _structure(norm):
            if norm in seen:
                yield start, end
            seen.add(norm)


def _structure(line: str) -> bool:
    key = line.rstrip(":").casefold()
    return key in _headings() or key.rsplit(" ", 1)[-1] in _deciding_verbs()


@lru_cache(maxsize=1)
def _headings() -> frozenset[str]:
    return frozenset(vocab.words("documents", "headings"))


@lru_cache(maxsize=1)
def _deciding_verbs() -> frozenset[str]:
    return frozenset(vocab.words("documents", "deciding_verbs"))


def line_start(text: str, pos: int, reach: int) -> int:
    """Where the line holding ``pos`` starts, looked for at most ``reach`` characters back; on a
    longer line, ``pos - reach`` (so that a text of one endless line costs linear work)."""
    floor = max(0, pos - reach)
    found = text.rfind("\n", floor, pos)
    return found + 1 if found >= 0 else floor


# -- folding for comparison ---------------------------------------------------------------

_KEPT = set("åäöÅÄÖ")


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    if ch in _KEPT:
        return ch
    base = unicodedata.normalize("NFD", ch)[:1]  # one character for one: offsets survive folding
    return {"æ": "ä", "Æ": "Ä", "ø": "ö", "Ø": "Ö"}.get(ch, base or ch)


_FOREIGN = re.compile(r"[^\x00-\x7fåäöÅÄÖ]")  # the only characters folding may change


def fold(text: str) -> str:
    """Strip accents except from å, ä, ö; the result has the same length as ``text``."""
    if text.isascii():
        return text
    return _FOREIGN.sub(lambda m: _fold_char(m.group()), text)
