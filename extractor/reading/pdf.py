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
with a text layer of garbage, is rendered at 300 dpi and read by OCR (``extractor.reading.ocr``).
Page numbers and running headers and footers are removed across pages (``extractor.reading.layout``).
"""

from __future__ import annotations

import base64
import binascii
import codecs
import ctypes
import re
import zlib
from collections import Counter
from functools import lru_cache
from itertools import compress, repeat, takewhile
from pathlib import Path
from typing import Optional

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractor.reading import ocr as tesseract
from extractor.errors import UnreadableDocument
from extractor.reading.layout import join_pages
from extractor.model import Page, SourceText

MIN_TEXT_CHARS = 20  # fewer visible characters than this: the page has no real text layer
MIN_GOOD_SHARE = 0.75  # below this share of ordinary characters a text layer is garbage
_PRIVATE_USE = re.compile(r"[\ue000-\uf8ff]")
_ORDINARY = r"\wåäöÅÄÖéÉüÜ\s.,:;!?()\[\]/%&§'\"+*=<>@–—•-"
_NOT_ORDINARY = re.compile(f"[^{_ORDINARY}]")
_WORD = re.compile(r"[^\W\d_]{2,}")
# A word of Swedish letters with a vowel, the whole word (no letter before or after it).
_VOWELED_WORD = re.compile(r"(?i)(?<![^\W\d_])(?=[a-zåäöéü]*[aeiouyåäöé])[a-zåäöéü]{2,}(?![^\W\d_])")
_HYPHEN_MARK = "\ufffe"
_SPACE = re.compile(r"\s")  # what str.isspace calls white space (both use Py_UNICODE_ISSPACE)

# A compressed stream may inflate to at most this much (checked before PDFium opens the file,
# which inflates a page's streams whole in memory): a scanned A4 page at 600 dpi in colour,
# stored uncompressed, is about 100 MB; a stream that inflates past the limit is a bomb (Flate
# packs about 1 000 bytes into one: a 1.5 MB file can unpack to 1.5 GB).
MAX_STREAM_MB = 200
# A page without a text layer is rendered for OCR at 300 dpi; a page larger than A0 (about
# 140 million pixels) is no decision document's, and a PDF page may be 5 × 5 m (3.6 billion
# pixels, as many bytes in grey), so such a page fails before it is rendered.
MAX_RENDER_MPX = 150
_STREAM = re.compile(rb">>\s*stream(?:\r\n|\n|\r)")
_FILTER = re.compile(rb"/Filter\s*(\[[^\]]*\]|/[^\s/\[\]<>()]+)")
_FLATE = {b"FlateDecode", b"Fl"}
_CHUNK = 1 << 16
# The most bytes a filter makes of one: Flate 1 032 (258 from a code of at least two bits),
# ASCII85 4 (``z`` stands for four zero bytes), ASCIIHex less than one.
_MAX_RATIO = {b"FlateDecode": 1032, b"Fl": 1032, b"ASCII85Decode": 4, b"A85": 4}


def read_pdf(path: Path, data: bytes, *, ocr: bool = True) -> SourceText:
    """A PDF's text, page by page; raises ``UnreadableDocument`` for encrypted or damaged files."""
    document = _open(path, data)
    try:
        texts, methods = [], []
        for index in range(len(document)):
            text, method, confidence = _page_text(path, document, index, ocr)
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
    check_streams(path, data)
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


def check_streams(path: Path, data: bytes, limit_mb: Optional[float] = None) -> None:
    """Refuse a PDF with a compressed stream that inflates past :data:`MAX_STREAM_MB`.

    A stream too short to reach the limit (Flate makes at most 1 032 bytes of one, see
    :data:`_MAX_RATIO`) is passed over. Otherwise its filters are followed in order as long
    as they are Flate or a text encoding (ASCII85, ASCIIHex; PDF writers put these before or
    between Flate layers), and each Flate layer's output is counted a chunk at a time,
    stopping at the limit, so the check never holds more than the limit itself. Streams are
    found by their keyword after a dictionary; one that does not decode is left for PDFium
    to judge."""
    limit = (MAX_STREAM_MB if limit_mb is None else limit_mb) * 1_000_000
    for found in _STREAM.finditer(data):
        at = max(0, data.rfind(b"obj", 0, found.start()))
        spec = _FILTER.search(data, at, found.start())
        names = re.findall(rb"/([^\s/\[\]]+)", spec.group(1)) if spec else []
        chain = list(takewhile(lambda n: n in _FLATE or n in _TEXT_CODES, names))
        most = _stored_size(data, at, found)
        for name in chain:
            most *= _MAX_RATIO.get(name, 1)
        if any(n in _FLATE for n in chain) and most > limit and _inflates_past(data, found.end(), chain, limit):
            number = re.search(rb"(\d+)\s+\d+\s+$", data[max(0, at - 24):at])
            which = f"object {int(number.group(1))}" if number else f"at byte {found.end()}"
            raise UnreadableDocument(path, f"a compressed stream ({which}) inflates to over "
                                           f"{limit / 1e6:g} MB, the limit of one PDF stream")


def _stored_size(data: bytes, at: int, found: re.Match) -> float:
    """The most bytes a stream can hold: its ``/Length`` when written out, or up to its
    ``endstream``, whichever is more; unbounded when the length is a reference."""
    length = re.search(rb"/Length\s+(\d+)(\s+\d+\s+R)?", data[at:found.start()])
    if length and length.group(2):
        return float("inf")
    end = data.find(b"endstream", found.end())
    return max(int(length.group(1)) if length else 0, (end if end >= 0 else len(data)) - found.end())


class _PastLimit(Exception):
    pass


def _inflates_past(data: bytes, start: int, chain: list, limit: float) -> bool:
    """Whether the stream at ``start``, decoded through ``chain``, grows past ``limit`` bytes in any Flate layer."""
    chunks = (data[i:i + _CHUNK] for i in range(start, len(data), _CHUNK))
    for name in chain:
        chunks = _counted(_inflate(chunks), limit) if name in _FLATE else _decoded(_TEXT_CODES[name], chunks)
    try:
        for _ in chunks:
            pass
    except _PastLimit:
        return True
    except (zlib.error, ValueError):
        return False
    return False


def _counted(chunks, limit: float):
    total = 0
    for chunk in chunks:
        total += len(chunk)
        if total > limit:
            raise _PastLimit
        yield chunk


def _inflate(chunks):
    """The output of one Flate stream read from ``chunks``, at most :data:`_CHUNK` bytes at a time."""
    decoder = zlib.decompressobj()
    for chunk in chunks:
        while True:
            out = decoder.decompress(chunk, _CHUNK)
            if out:
                yield out
            chunk = decoder.unconsumed_tail
            if decoder.eof or not chunk and len(out) < _CHUNK:
                break
        if decoder.eof:
            return


def _decoded(decode, chunks):
    """A text encoding's decoded bytes, as one chunk (they are fewer than the encoded ones)."""
    yield decode(chunks)


def _until(chunks, end: bytes) -> bytes:
    """The bytes of ``chunks`` up to ``end`` (a text encoding's end mark), without it."""
    parts, tail = [], b""
    for chunk in chunks:
        parts.append(chunk)
        if end in tail + chunk:
            break
        tail = chunk[-len(end):]
    return b"".join(parts).split(end, 1)[0]


def _ascii85(chunks) -> bytes:
    text = _until(chunks, b"~>").strip()
    return base64.a85decode(text[2:] if text.startswith(b"<~") else text)


def _ascii_hex(chunks) -> bytes:
    digits = b"".join(_until(chunks, b">").split())
    return binascii.unhexlify(digits + b"0" * (len(digits) % 2))


_TEXT_CODES = {b"ASCII85Decode": _ascii85, b"A85": _ascii85, b"ASCIIHexDecode": _ascii_hex, b"AHx": _ascii_hex}


def _page_text(path: Path, document: pdfium.PdfDocument, index: int, ocr: bool) -> tuple[str, str, float | None]:
    """``(text, method, confidence)`` of one page. The page is loaded through PDFium's own
    calls (pypdfium2's page and text-page objects each cost a finalizer; together about a
    tenth of reading a page); only a page that goes to OCR is loaded again as an object to
    render."""
    page = pdfium_c.FPDF_LoadPage(document.raw, index)
    if not page:
        raise pdfium.PdfiumError("Failed to load page.")
    try:
        rotated, image = _object_kinds(page)
        text = _layer_text(page, rotated)
    finally:
        pdfium_c.FPDF_ClosePage(page)
    if not image or usable(text):
        return text, "text", None
    if not ocr:
        return "", "none", None
    page = document[index]
    try:
        width, height = (side * tesseract.DPI / 72 for side in page.get_size())
        if width * height > MAX_RENDER_MPX * 1e6:
            raise UnreadableDocument(path, f"page {index + 1} is {width / tesseract.DPI * 2.54:.0f} × "
                                           f"{height / tesseract.DPI * 2.54:.0f} cm: too large to render for OCR "
                                           f"(over {MAX_RENDER_MPX} million pixels at {tesseract.DPI} dpi)")
        try:
            result = tesseract.recognise(render(page))
        except tesseract.OcrFailed as exc:
            raise UnreadableDocument(path, f"page {index + 1}: {exc}") from exc
    finally:
        page.close()
    return result.text, "ocr", result.confidence


def layer_text(page: pdfium.PdfPage, rotated: Optional[bool] = None) -> str:
    """The text layer of a page: rotated characters dropped, hyphen marks resolved, a blank
    line where the gap between two lines shows a new paragraph. ``rotated``: whether the page
    has text objects set at an angle, when already known."""
    return _layer_text(page.raw, rotated)


def _layer_text(page, rotated: Optional[bool]) -> str:
    """:func:`layer_text` of a page's PDFium handle."""
    textpage = pdfium_c.FPDFText_LoadPage(page)
    if not textpage:
        raise pdfium.PdfiumError("Failed to load text page.")
    try:
        raw = _text_range(textpage)
        aligned = _count_chars(textpage) == len(raw)  # False with characters beyond the BMP
        if aligned and rotated is None:
            rotated = _object_kinds(page)[0]
        keep = _main_angle_mask(textpage, raw) if aligned and rotated else None
        lines = _lines(textpage, raw, keep, aligned)
    finally:
        pdfium_c.FPDFText_ClosePage(textpage)
    text = _PRIVATE_USE.sub(" ", "\n".join(lines))
    return text.replace(_HYPHEN_MARK, "-\n")  # layout.dehyphenate joins the real word splits


def _count_chars(textpage) -> int:
    count = pdfium_c.FPDFText_CountChars(textpage)
    if count == -1:
        raise pdfium.PdfiumError("Failed to get character count.")
    return count


def _text_range(textpage) -> str:
    """The whole text of a text page, as ``PdfTextPage.get_text_range()`` gives it: PDFium's
    text of the characters from the first to the last one it puts in its text (characters it
    leaves out at either end are not asked for), UTF-16 decoded, undecodable units dropped."""
    count = _count_chars(textpage)
    start, end, left, right = 0, count - 1, 0, 0
    while start <= end:
        first = pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, start)
        if first == -1:
            start, left = start + 1, left + 1
            continue
        last = pdfium_c.FPDFText_GetTextIndexFromCharIndex(textpage, end)
        if last == -1:
            end, right = end - 1, right + 1
            continue
        size = last + 2 - first  # with the terminating NUL
        buffer = (ctypes.c_ushort * size)()
        written = pdfium_c.FPDFText_GetText(textpage, left, count - left - right, buffer)
        if written > size:
            raise pdfium.PdfiumError(f"Text buffer too small: {size} for {written}")
        return codecs.decode(memoryview(buffer)[:written - 1], "utf-16-le", errors="ignore")
    return ""


def _lines(textpage, raw: str, keep, aligned: bool) -> list[str]:
    """The page's lines, with an empty line before each that starts a paragraph."""
    lines, firsts, pos = [], [], 0
    for line in raw.split("\r\n"):
        start, pos = pos, pos + len(line) + 2
        if keep is None:
            text = line
            if not text.strip():
                continue
            first = start + len(line) - len(line.lstrip())
        else:
            text = "".join(compress(line, keep[start:start + len(line)]))
            if not text.strip():
                continue
            first = next((start + i for i, c in enumerate(line) if not c.isspace() and keep[start + i]), None)
        if aligned and keep is None and 0 < text.count(" ") <= _FEW_SPACES:
            text = _with_column_gaps(textpage, text, start)
        lines.append(text)
        firsts.append(first if aligned else None)
    return _paragraphs(lines, _bottoms(textpage, firsts))


# PDFium puts one space between two words however far apart they are printed. A short line (a
# letterhead's cells, signatures side by side) whose words stand further apart than
# ``tesseract.COLUMN_GAP`` times their height stands in columns: the gap is kept as a run of
# spaces, as a scan's text keeps it, for the rules that read columns. Long lines are running text.
_FEW_SPACES = 8


def _with_column_gaps(textpage, line: str, start: int) -> str:
    """``line`` (from character ``start`` of the text page) with each space that stands for a
    gap between columns widened to a run of spaces."""
    char_box = _char_boxes(textpage)
    out, at = [], 0
    for i, c in enumerate(line):
        if c != " " or not 0 < i < len(line) - 1 or line[i - 1] == " " or line[i + 1] == " ":
            continue
        before, after = char_box(start + i - 1), char_box(start + i + 1)
        if before is None or after is None:
            continue
        height = before[3] - before[2]
        if height > 0 and after[0] - before[1] > tesseract.COLUMN_GAP * height:
            out.append(line[at:i] + tesseract.COLUMN_SPACES)
            at = i + 1
    return "".join(out) + line[at:]


def _bottoms(textpage, indices: list) -> list:
    """The bottom of each character's box (``PdfTextPage.get_charbox(index)[1]``), None for None."""
    char_box, bottoms = _char_boxes(textpage), []
    for index in indices:
        if index is None:
            bottoms.append(None)
            continue
        found = char_box(index)
        if found is None:
            raise pdfium.PdfiumError("Failed to get charbox.")
        bottoms.append(found[2])
    return bottoms


def _char_boxes(textpage):
    """A function giving a character's box ``(left, right, bottom, top)`` by its index, None when
    PDFium has none: one buffer and PDFium's call without a wrapper object per character."""
    box = (ctypes.c_double * 4)()
    left, right, bottom, top = (ctypes.addressof(box) + i * ctypes.sizeof(ctypes.c_double) for i in range(4))
    char_box, address = _plain("FPDFText_GetCharBox"), _address(textpage)

    def of(index: int):
        return tuple(box) if char_box(address, index, left, right, bottom, top) else None
    return of


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


def _object_kinds(page, max_depth: int = 2) -> tuple[bool, bool]:
    """Whether the page (a PDFium page handle) has text set at an angle (a rotated stamp), and
    whether it has an image, in one pass over its objects and those of its forms down to
    ``max_depth`` levels (PDFium's own calls, through :func:`_plain` prototypes: a wrapper
    object per page object cost more than the text layer)."""
    rotated = image = False
    matrix = pdfium_c.FS_MATRIX()
    at_matrix = ctypes.addressof(matrix)
    kind_of, matrix_of = _plain("FPDFPageObj_GetType"), _plain("FPDFPageObj_GetMatrix")
    todo = [(_address(page), _plain("FPDFPage_CountObjects"), _plain("FPDFPage_GetObject"), 0)]
    while todo:
        parent, count, get, level = todo.pop()
        total = count(parent)
        if total < 0:
            raise pdfium.PdfiumError("Failed to get number of pageobjects.")
        for i in range(total):
            obj = get(parent, i)
            if not obj:
                raise pdfium.PdfiumError("Failed to get pageobject.")
            kind = kind_of(obj)
            if kind == pdfium_c.FPDF_PAGEOBJ_TEXT:
                if not rotated:
                    if not matrix_of(obj, at_matrix):
                        raise pdfium.PdfiumError("Failed to get matrix of pageobject.")
                    rotated = abs(matrix.b) > 1e-3 or abs(matrix.c) > 1e-3
            elif kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
                image = True
            elif kind == pdfium_c.FPDF_PAGEOBJ_FORM and level < max_depth - 1:
                todo.append((obj, _plain("FPDFFormObj_CountObjects"), _plain("FPDFFormObj_GetObject"), level + 1))
    return rotated, image


def _address(handle) -> int:
    """The address a PDFium handle (a ctypes pointer) holds."""
    return ctypes.cast(handle, ctypes.c_void_p).value


@lru_cache(maxsize=None)
def _plain(name: str):
    """PDFium's function ``name`` (the same function) through a prototype whose handles and
    pointers are plain addresses (``int``): ctypes then converts each argument without
    checking its pointer type, which is most of the cost of a call."""
    function = getattr(pdfium_c, name)
    plain = [ctypes.c_void_p if issubclass(t, ctypes._Pointer) else t for t in function.argtypes]
    restype = ctypes.c_void_p if issubclass(function.restype, ctypes._Pointer) else function.restype
    return ctypes.CFUNCTYPE(restype, *plain)(_address(function))


def _main_angle_mask(textpage, text: str) -> list[bool]:
    """Which characters are at the page's main angle (to a tenth of a radian; a rotated stamp
    is not); white space is kept. PDFium is asked each character's angle in one ``map`` (a
    Python loop around the calls cost more than the calls), and each distinct angle is
    rounded once (PDFium's call through a :func:`_plain` prototype: checking the handle's type
    on every call cost a quarter of the time)."""
    angles = list(map(_plain("FPDFText_GetCharAngle"), repeat(_address(textpage), len(text)), range(len(text))))
    for space in _SPACE.finditer(text):
        angles[space.start()] = None
    counts = Counter(angles)
    counts.pop(None, None)
    by_tenth: dict[float, int] = {}  # in order of first appearance, as Counter.most_common breaks ties
    for angle, count in counts.items():
        by_tenth[round(angle, 1)] = by_tenth.get(round(angle, 1), 0) + count
    if not by_tenth:
        return [True] * len(text)
    main = max(by_tenth.items(), key=lambda item: item[1])[0]
    kept = {angle for angle in counts if round(angle, 1) == main} | {None}
    return [angle in kept for angle in angles]


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
    ordinary = (len(text) - len(_NOT_ORDINARY.findall(text))) / len(text)
    words = len(_WORD.findall(text))
    voweled = len(_VOWELED_WORD.findall(text)) / words if words else 0.0
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
