"""The PDF reader: each page's text layer with pypdfium2, OCR for the pages that have none.

Why pypdfium2 and not pdfplumber for the text: pdfplumber (on pdfminer.six, in Python)
builds an object for every character, which is what tables and layout analysis need but
costs about 50 ms a page; PDFium's text page (C++) gives the text of a page in well under
a millisecond, with line-end hyphens already marked (U+FFFE) and each character's angle at
hand. Diarium needs plain text in reading order, so PDFium reads and pdfplumber serves as
the measured baseline (``scripts/bench_import.py``) and as the cross-check in the tests.

Per page: characters set at another angle than the page's text (a rotated registration
stamp) are dropped, PDFium's hyphen marks become joined words (``layout.dehyphenate``
rules), private-use glyphs become spaces. A page with (almost) no text but an image, or
with a text layer of garbage, is rendered at 300 dpi and read by OCR (``extractor.ocr``).
Page numbers and running headers and footers are removed across pages (``extractor.layout``).
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractor import ocr as tesseract
from extractor.errors import UnreadableDocument
from extractor.layout import join_pages
from extractor.model import Page, SourceText

MIN_TEXT_CHARS = 20  # fewer visible characters than this: the page has no real text layer
MIN_GOOD_SHARE = 0.75  # below this share of ordinary characters a text layer is garbage
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
_ORDINARY = re.compile(r"[\wåäöÅÄÖéÉüÜ\s.,:;!?()\[\]/%&§'\"+*=<>@–—•-]")
_VOWEL_WORD = re.compile(r"(?i)[a-zåäöéü]*[aeiouyåäöé][a-zåäöéü]*")
_HYPHEN_MARK = "\ufffe"


def read_pdf(path: Path, data: bytes, *, ocr: bool = True) -> SourceText:
    """A PDF's text, page by page; raises ``UnreadableDocument`` for encrypted or damaged files."""
    document = _open(path, data)
    try:
        texts, methods = [], []
        for index in range(len(document)):
            page = document[index]
            try:
                text, method, confidence = _page_text(path, page, index, ocr)
            finally:
                page.close()
            texts.append(text)
            methods.append((method, confidence))
    finally:
        document.close()
    if not any(t.strip() for t in texts):
        if any(m == "none" for m, _ in methods):
            raise UnreadableDocument(path, "no page has a text layer: OCR is needed (it was turned off)")
        raise UnreadableDocument(path, "no text in the PDF (blank pages)")
    text, spans, labels = join_pages(texts)
    pages = [Page(i + 1, s, e, m, c, label) for i, ((s, e), (m, c), label) in enumerate(zip(spans, methods, labels))]
    return SourceText(str(path), "pdf", text, pages)


def _open(path: Path, data: bytes) -> pdfium.PdfDocument:
    if b"%%EOF" not in data[-2048:]:
        raise UnreadableDocument(path, "damaged or truncated PDF (no end-of-file marker)")
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "password" in str(exc).lower():
            raise UnreadableDocument(path, "encrypted PDF: it needs a password") from exc
        raise UnreadableDocument(path, f"damaged PDF ({exc})") from exc
    if len(document) == 0:
        document.close()
        raise UnreadableDocument(path, "PDF without pages")
    return document


def _page_text(path: Path, page, index: int, ocr: bool) -> tuple[str, str, float | None]:
    """``(text, method, confidence)`` of one page."""
    text = layer_text(page)
    if usable(text) or not _has_image(page):
        return text, "text", None
    if not ocr:
        return "", "none", None
    try:
        result = tesseract.recognise(render(page))
    except tesseract.OcrFailed as exc:
        raise UnreadableDocument(path, f"page {index + 1}: {exc}") from exc
    return result.text, "ocr", result.confidence


def layer_text(page) -> str:
    """The text layer of a page: rotated characters dropped, hyphen marks resolved, a blank
    line where the gap between two lines shows a new paragraph."""
    textpage = page.get_textpage()
    try:
        raw = textpage.get_text_range()
        aligned = textpage.count_chars() == len(raw)  # False with characters beyond the BMP
        keep = _main_angle_mask(textpage, raw) if aligned and _has_rotated_text(page) else None
        lines = _lines(textpage, raw, keep, aligned)
    finally:
        textpage.close()
    text = _PRIVATE_USE.sub(" ", "\n".join(lines))
    return text.replace(_HYPHEN_MARK, "-\n")  # layout.dehyphenate joins the real word splits


def _lines(textpage, raw: str, keep, aligned: bool) -> list[str]:
    """The page's lines, with an empty line before each that starts a paragraph."""
    lines, tops, pos = [], [], 0
    for line in raw.split("\r\n"):
        text = line if keep is None else "".join(c for c, k in zip(line, keep[pos:pos + len(line)]) if k)
        first = next((pos + i for i, c in enumerate(line) if not c.isspace() and (keep is None or keep[pos + i])), None)
        pos += len(line) + 2
        if not text.strip():
            continue
        lines.append(text)
        tops.append(textpage.get_charbox(first)[1] if aligned and first is not None else None)
    return _paragraphs(lines, tops)


def _paragraphs(lines: list[str], bottoms: list) -> list[str]:
    """Insert an empty line where the line spacing is well above the page's usual spacing.

    A line holding PDFium's hyphen mark spans two printed lines (or more).
    """
    spans = [1 + line.count(_HYPHEN_MARK) for line in lines]
    steps = [a - b for a, b, n in zip(bottoms, bottoms[1:], spans) if a is not None and b is not None and a > b and n == 1]
    if len(steps) < 3:
        return lines
    usual = sorted(steps)[len(steps) // 5]  # the plain line spacing: blank lines may be half of all steps
    out = lines[:1]
    for i in range(1, len(lines)):
        a, b = bottoms[i - 1], bottoms[i]
        if a is not None and b is not None and a - b > (spans[i - 1] + 0.4) * usual:
            out.append("")
        out.append(lines[i])
    return out


def _has_rotated_text(page) -> bool:
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_TEXT,), max_depth=2):
        m = obj.get_matrix()
        if abs(m.b) > 1e-3 or abs(m.c) > 1e-3:
            return True
    return False


def _main_angle_mask(textpage, text: str) -> list[bool]:
    """Which characters are at the page's main angle (a rotated stamp is not)."""
    angles = [round(pdfium_c.FPDFText_GetCharAngle(textpage.raw, i), 1) for i in range(len(text))]
    main = Counter(a for a, c in zip(angles, text) if not c.isspace()).most_common(1)
    if not main:
        return [True] * len(text)
    return [a == main[0][0] or c.isspace() for a, c in zip(angles, text)]


def _has_image(page) -> bool:
    return any(True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=2))


def usable(text: str) -> bool:
    """Whether a text layer is real text: enough characters, mostly ordinary ones, words with vowels.

    >>> usable("Förvaltningen föreslår att nämnden beslutar om förlängning.")
    True
    >>> usable("ÿþ¤¦¨ ©ª« ¬®¯ °±²³ ´µ¶·¸ ¹º»¼½¾ ¿×÷")
    False
    """
    visible = "".join(text.split())
    if len(visible) < MIN_TEXT_CHARS:
        return False
    ordinary = len(_ORDINARY.findall(text)) / len(text)
    words = re.findall(r"[^\W\d_]{2,}", text)
    voweled = sum(1 for w in words if _VOWEL_WORD.fullmatch(w)) / len(words) if words else 0.0
    return ordinary >= MIN_GOOD_SHARE and voweled >= 0.6


def render(page, dpi: int = tesseract.DPI):
    """The page as a greyscale Pillow image at ``dpi``."""
    return page.render(scale=dpi / 72, grayscale=True).to_pil()


def plumber_text(path) -> list[str]:
    """Each page's text by pdfplumber's ``extract_text``, upright characters only: the
    baseline the PDFium path is measured and checked against."""
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        texts = []
        for page in pdf.pages:
            upright = page.filter(lambda o: o.get("object_type") != "char" or o.get("upright", True))
            lines = upright.extract_text_lines(return_chars=False)
            texts.append("\n".join(_paragraphs([line["text"] for line in lines], [-line["bottom"] for line in lines])))
        return texts
