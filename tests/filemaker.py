"""Real document files made from text, for the reader tests and ``scripts/bench_import.py``.

Born-digital PDFs are typeset with reportlab the way municipal PDFs come: a running header,
a footer with the address, page numbers written ``2 (3)``, words hyphenated at line ends and
a rotated registration stamp in the margin. Scanned PDFs are such pages rendered to images
(pypdfium2, Pillow) and wrapped in a PDF with no text layer. Word files are built with
python-docx. Nothing here is shipped: reportlab is a development dependency.
"""

from __future__ import annotations

import io
import random
import re
from pathlib import Path
from typing import Iterable, Optional

PAGE_WIDTH, PAGE_HEIGHT = 595.27, 841.89  # A4 in points
MARGIN = 72
FONT, FONT_SIZE, LEADING = "Helvetica", 10, 13
HEADER = "Förvaltningen för stöd och service  |  Tjänsteskrivelse"
FOOTER = "Postadress: Box 1000, 100 10 Exempelstad  Besöksadress: Storgatan 1  Telefon 010-100 10 00"
STAMP = "INKOM 2024-01-02  REG 2024/99"
_MIN_SPLIT = 9  # hyphenate only words this long or longer


def wrap(text: str, width: float = PAGE_WIDTH - 2 * MARGIN, hyphenate: bool = True) -> list[str]:
    """Lines that fit ``width`` in the body font; long words are split with a hyphen at line ends."""
    from reportlab.pdfbase.pdfmetrics import stringWidth

    def fits(s: str) -> bool:
        return stringWidth(s, FONT, FONT_SIZE) <= width

    lines: list[str] = []
    text = re.sub(r"(?<=\d) (?=\d{3}\b)", "\u00a0", text)  # amounts stay on one line, as word processors keep them
    for paragraph in text.split("\n"):
        line = ""
        for word in paragraph.split(" "):
            candidate = f"{line} {word}" if line else word
            if fits(candidate):
                line = candidate
                continue
            head, tail = _hyphen_split(line, word, fits) if hyphenate else (None, word)
            if head:
                lines.append(f"{line} {head}-" if line else f"{head}-")
                line = tail
            else:
                lines.append(line)
                line = word
        lines.append(line)
    return lines


def _hyphen_split(line: str, word: str, fits):
    """The longest head of a plain lower-case word that still fits with a hyphen, and the rest."""
    if len(word) < _MIN_SPLIT or not re.fullmatch(r"[a-zåäöé]+[,.]?", word):
        return None, word
    for cut in range(len(word) - 4, 3, -1):
        head = word[:cut]
        if fits(f"{line} {head}-" if line else f"{head}-"):
            return head, word[cut:]
    return None, word


def pdf_bytes(text: str, *, header: Optional[str] = HEADER, footer: Optional[str] = FOOTER,
              stamp: Optional[str] = STAMP, hyphenate: bool = True, encrypt: Optional[str] = None) -> bytes:
    """A born-digital PDF of ``text``: header, ``N (M)`` page numbers, footer, stamp on page 1."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    lines = [_winansi(line) for line in wrap(text, hyphenate=hyphenate)]
    per_page = int((PAGE_HEIGHT - 2 * MARGIN - 30) // LEADING)
    pages = [lines[i:i + per_page] for i in range(0, max(len(lines), 1), per_page)]
    out = io.BytesIO()
    pdf = canvas.Canvas(out, pagesize=A4, encrypt=encrypt, invariant=1)
    for number, body in enumerate(pages, 1):
        _page(pdf, body, number, len(pages), header, footer, stamp if number == 1 else None)
        pdf.showPage()
    pdf.save()
    return out.getvalue()


def _page(pdf, body, number, total, header, footer, stamp) -> None:
    pdf.setFont(FONT, 8)
    if header:
        pdf.drawString(MARGIN, PAGE_HEIGHT - 40, _winansi(header))
    pdf.drawRightString(PAGE_WIDTH - MARGIN, PAGE_HEIGHT - 40, f"{number} ({total})")
    if footer:
        pdf.drawString(MARGIN, 30, _winansi(footer))
    if stamp:
        pdf.saveState()
        pdf.translate(40, 300)
        pdf.rotate(90)
        pdf.setFont(FONT, 9)
        pdf.drawString(0, 0, stamp)
        pdf.restoreState()
    text = pdf.beginText(MARGIN, PAGE_HEIGHT - MARGIN - 10)
    text.setFont(FONT, FONT_SIZE)
    text.setLeading(LEADING)
    for line in body:
        text.textLine(line)
    pdf.drawText(text)


def _winansi(text: str) -> str:
    """The standard fonts know cp1252 only; the private-use bullet becomes a bullet."""
    text = text.replace("\uf0b7", "\u2022")
    return text.encode("cp1252", "replace").decode("cp1252")


def write_pdf(path, text: str, **options) -> Path:
    path = Path(path)
    path.write_bytes(pdf_bytes(text, **options))
    return path


def merge_pdfs(path, parts: Iterable[bytes]) -> Path:
    """One PDF holding the given PDFs one after another (a meeting bundle)."""
    import pypdfium2 as pdfium

    merged = pdfium.PdfDocument.new()
    for data in parts:
        merged.import_pages(pdfium.PdfDocument(data))
    merged.save(str(path))
    return Path(path)


def scanned_pdf(path, source: bytes, pages: Optional[list[int]] = None, dpi: int = 200,
                noise: int = 0, seed: int = 1, rotate: float = 0.0) -> Path:
    """A PDF of images of ``source``'s pages (all, or the 0-based ``pages``), with no text layer.

    The other pages are copied as they are, so a file can mix born-digital and scanned pages.
    ``rotate`` turns each scanned page by that many degrees, as a sheet lies askew on a scanner.
    """
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(source)
    chosen = set(range(len(document)) if pages is None else pages)
    out = pdfium.PdfDocument.new()
    for index in range(len(document)):
        if index not in chosen:
            out.import_pages(document, [index])
            continue
        image = document[index].render(scale=dpi / 72, grayscale=True).to_pil()
        if rotate:
            image = image.convert("L").rotate(rotate, resample=3, expand=True, fillcolor=255)  # 3: bicubic
        if noise:
            image = _speckle(image, noise, random.Random(seed + index))
        buffer = io.BytesIO()
        image.convert("L").save(buffer, "PDF", resolution=dpi)
        out.import_pages(pdfium.PdfDocument(buffer.getvalue()))
    out.save(str(path))
    return Path(path)


def _speckle(image, count: int, rng: random.Random):
    """Dark specks, as on a photocopy."""
    pixels = image.load()
    width, height = image.size
    for _ in range(count):
        pixels[rng.randrange(width), rng.randrange(height)] = 0
    return image


def page_image(path, source: bytes, page: int = 0, dpi: int = 200) -> Path:
    """One page of a PDF as an image file (PNG, JPEG or TIFF by the suffix of ``path``)."""
    import pypdfium2 as pdfium

    image = pdfium.PdfDocument(source)[page].render(scale=dpi / 72, grayscale=True).to_pil()
    image.save(str(path), dpi=(dpi, dpi))
    return Path(path)


def write_docx(path, title: str, paragraphs: list[str], table: Optional[list[list[str]]] = None) -> Path:
    """A Word file: a heading, paragraphs, then a table, then one closing paragraph."""
    import docx

    document = docx.Document()
    document.add_heading(title, level=1)
    for paragraph in paragraphs[:-1]:
        document.add_paragraph(paragraph)
    if table:
        grid = document.add_table(rows=len(table), cols=len(table[0]))
        for r, row in enumerate(table):
            for c, value in enumerate(row):
                grid.cell(r, c).text = value
    document.add_paragraph(paragraphs[-1])
    document.save(str(path))
    return Path(path)


def redraw_digits(text: str, rng: random.Random) -> str:
    """Keep the shape of every number (years stay plausible years), change its value."""
    def one(m: re.Match) -> str:
        digits = m.group()
        if len(digits) == 4 and digits[:2] in ("19", "20"):
            return str(rng.randint(2010, 2026))
        return "".join(rng.choice("0123456789") for _ in digits)
    return re.sub(r"\d+", one, text)


def varied_texts(corpus: Path, count: int, seed: int = 1, pages=(1, 6)) -> Iterable[str]:
    """``count`` documents built from the corpus paragraphs with every number redrawn,
    each of one to six pages (about 3 kB of text a page)."""
    rng = random.Random(seed)
    pool = []
    for path in sorted(corpus.glob("*.txt")):
        pool += [p for p in re.split(r"\n\s*\n", path.read_text("utf-8")) if p.strip()]
    for _ in range(count):
        size, parts, length = rng.randint(*pages) * 3000, [], 0
        while length < size:
            paragraph = redraw_digits(rng.choice(pool), rng)
            parts.append(paragraph)
            length += len(paragraph) + 2
        yield "\n\n".join(parts)
