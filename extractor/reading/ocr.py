"""Optical character recognition with the ``tesseract`` binary and its Swedish data (``-l swe``).

One page image in, its text and the mean word confidence out. The image goes to Tesseract
on stdin as an uncompressed greyscale PGM (no encoding cost), the result comes back as TSV
(one row per word with its confidence), and lines and paragraphs are rebuilt from the TSV's
block, paragraph and line numbers. Each run is one thread (``OMP_THREAD_LIMIT=1``: parallel
pages scale better than threads within a page) and has a timeout, so a pathological page
fails with a reason instead of hanging. Image files (PNG, JPEG, TIFF, one page per frame)
are read here too.

Tesseract reads the paragraph sign of a scanned protocol as an ``8`` more often than as
anything else (``8 301`` for ``§ 301``, ``2024, 8 144`` for ``2024, § 144``, ``889 Dnr`` for
``§ 89 Dnr``), and sometimes as ``&`` (``&3 Bokslut``); where the shape around it can only be a
paragraph (a number alone at a line's head, a head with its case number's label after it, a
stamp with its date, after a decision's date, in a range of paragraphs), the sign is put back.
"""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Optional

from extractor.errors import UnreadableDocument

LANGUAGE = "swe"
DPI = 300
PAGE_TIMEOUT = 180  # seconds for one page
MAX_PIXELS = 12_000 * 12_000


class OcrFailed(Exception):
    """Tesseract could not read a page; the message says why."""


@dataclass(frozen=True)
class OcrResult:
    text: str
    confidence: Optional[float]  # mean word confidence 0-100; None when no word was found


def tesseract_command(dpi: int = DPI) -> list[str]:
    return ["tesseract", "stdin", "stdout", "-l", LANGUAGE, "--dpi", str(dpi), "tsv"]


def pgm(image) -> bytes:
    """A Pillow image as binary greyscale PGM."""
    grey = image.convert("L")
    return b"P5\n%d %d\n255\n" % grey.size + grey.tobytes()


def recognise(image, dpi: int = DPI, timeout: float = PAGE_TIMEOUT) -> OcrResult:
    """The text on ``image`` (a Pillow image); raises :class:`OcrFailed`."""
    if shutil.which("tesseract") is None:
        raise OcrFailed("OCR is needed but the 'tesseract' program is not installed")
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    try:
        done = subprocess.run(tesseract_command(dpi), input=pgm(image), capture_output=True, timeout=timeout, env=env)
    except subprocess.TimeoutExpired as exc:
        raise OcrFailed(f"OCR of a page took longer than {timeout:.0f} s") from exc
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", "replace").strip().splitlines()
        raise OcrFailed(f"Tesseract failed: {message[-1] if message else 'exit code %d' % done.returncode}")
    return parse_tsv(done.stdout.decode("utf-8", "replace"))


def parse_tsv(tsv: str) -> OcrResult:
    """Text and mean confidence from Tesseract's TSV (level 5 rows are words): one line of text a
    line of words, a gap between columns kept as a run of spaces (:func:`_line_text`), a blank line
    where a block or paragraph starts unless it goes on from the line before (:func:`_goes_on`).

    >>> parse_tsv("level\\tpage_num\\tblock_num\\tpar_num\\tline_num\\tword_num\\tl\\tt\\tw\\th\\tconf\\ttext\\n"
    ...           "5\\t1\\t1\\t1\\t1\\t1\\t0\\t0\\t9\\t9\\t90\\tDnr\\n5\\t1\\t1\\t1\\t1\\t2\\t0\\t0\\t9\\t9\\t80\\tKS\\n"
    ...           "5\\t1\\t2\\t1\\t1\\t1\\t0\\t0\\t9\\t9\\t70\\tBeslut\\n")
    OcrResult(text='Dnr KS\\n\\nBeslut', confidence=80.0)
    """
    lines: list[list[list[str]]] = []
    keys: list[tuple[str, str, str]] = []
    confidences = []
    for row in tsv.splitlines()[1:]:
        cells = row.split("\t")
        if len(cells) < 12 or cells[0] != "5" or not cells[11].strip() or _upright_word_on_its_side(cells):
            continue
        key = (cells[2], cells[3], cells[4])
        if not keys or keys[-1] != key:
            keys.append(key)
            lines.append([])
        lines[-1].append(cells)
        confidences.append(float(cells[10]))
    out = []
    for i, words in enumerate(lines):
        text = _line_text(words)
        if i and keys[i][:2] != keys[i - 1][:2] and not _goes_on(out[-1], text):
            out.append("")  # a new block or paragraph
        out.append(text)
    confidence = round(sum(confidences) / len(confidences), 1) if confidences else None
    return OcrResult(paragraph_signs("\n".join(out)), confidence)


_NOT_AN_AMOUNT = r"(?![ \t]*(?:kr\b|kronor|sek\b|tkr|mnkr|st\b|%|procent|personer))"
_MISREAD_SIGN = re.compile(
    # a paragraph's head: the sign and number alone, or before its case number or heading
    r"(?m)(?P<a>^[ \t]*(?:[A-ZÅÄÖ]{1,6}[ \t]+)?)[8&](?P<b>[ \t]+\d{1,4}(?:[ \t]?[a-z])?(?=[ \t]*$|[ \t]+(?:Dnr|DNR|Ärende|[A-ZÅÄÖ][a-zåäö])))"
    # a decision's date, then its paragraph (on the next line too, in brackets or not: "den 28 maj 2018" / "(8 71)")
    r"|(?P<c>(?:(?:19|20)\d\d-\d\d-\d\d|\d{1,2}[ \t]+[a-zåäö]+[ \t]+(?:19|20)\d\d)(?:,?[ \t]+|,?[ \t]*\n[ \t]*|[ \t]*(?:\n[ \t]*)?\([ \t]*))"
    r"8(?P<d>[ \t]+\d{1,4}\b" + _NOT_AN_AMOUNT + ")"
    # a decision cited by its body's letters, paragraph and date ("(KS 8 47, 2018-03-13)")
    r"|(?P<k>(?<![\w§])[A-ZÅÄÖ]{2,6}[ \t]+)8(?P<l>[ \t]+\d{1,4}(?=[ \t]*,?[ \t]*(?:19|20)\d\d-[01]\d-[0-3]\d))"
    # a range of paragraphs: "8 301—8 304", the second sign read as the first was
    r"|(?P<e>[ \t])8(?P<f>[ \t]+\d{1,4}[ \t]*[-–—][ \t]*)8(?=[ \t]+\d{1,4}\b)"
    # the sign run into its number ("889 Dnr 2025/377", "KS83a DNR:KF/2007.388", "8118    Ks 2026-00391")
    # where a case number or its label follows, or a preparing body's stamp with its date ("KU 8 41 08-02-18")
    r"|(?P<g>^[ \t]*(?:[A-ZÅÄÖ]{1,6}[ \t]*)?)[8&](?P<h>\d{1,3}[a-z]?(?=[ \t]+(?:(?i:dnr|diarienummer|ärendenummer)\b"
    r"|[A-ZÅÄÖ][A-Za-zåäö]{0,5}[ \t/-]?(?:19|20)\d\d[-/.:]\d))"
    r"|[ \t]+\d{1,4}(?=[ \t]+(?:19|20)?\d\d-[01]\d-[0-3]\d[ \t]*$))"
    # "&3 Bokslut …": an ampersand run into a number at a line's head has no other reading
    r"|(?P<i>^[ \t]*)&(?P<j>\d{1,4}[a-z]?(?=[ \t]+[A-ZÅÄÖ]|[ \t]*$))"
    # "$" for the sign after a body's letters or at a line's head ("KU $ 317 06-12-05", "$ 114"):
    # a dollar sign has no place there
    r"|(?P<m>(?:^[ \t]*|(?<![\w§$])[A-ZÅÄÖ]{1,6}[ \t]*))\$(?P<n>[ \t]*\d{1,4}\b)"
)


# Tesseract may start a paragraph after a short line, even between an amount and its unit
# ("... kostnaden om 1,6" / "mnkr per år"): a line opening with a currency unit after a line
# ending in a digit goes on the same paragraph.
_UNIT_FIRST = re.compile(r"(?i)(?:kr|kronor|sek|tkr|mnkr|mkr|mdkr|miljoner|miljarder)(?![\wåäö])")


def _goes_on(before: str, line: str) -> bool:
    """Whether a paragraph Tesseract starts at ``line`` goes on from the line ``before``: an
    amount's unit after its digits, or a line opening with a small letter or a digit after a line
    that ends no sentence (``ett engångsbidrag om`` / ``25 000 kronor för …``, a table's rows set
    apart by blank lines)."""
    if _UNIT_FIRST.match(line) and before[-1:].isdigit():
        return True
    return before[-1:] not in ".!?:;" and (line[:1].islower() or line[:1].isdigit())


# A gap between two words of one line wider than this many times the line's word height is a gap
# between columns (signatures side by side, a letterhead's cells), not a space: it is kept as a
# run of spaces, as a PDF's text layer keeps it, for the rules that read columns.
COLUMN_GAP = 1.5
COLUMN_SPACES = "    "


def _line_text(words: list[list[str]]) -> str:
    """One line's words (Tesseract's TSV cells), a column gap kept as a run of spaces."""
    heights = sorted(int(w[9]) for w in words)
    wide = COLUMN_GAP * heights[len(heights) // 2]
    parts = [words[0][11]]
    for before, word in zip(words, words[1:]):
        gap = int(word[6]) - int(before[6]) - int(before[8])
        parts.append((COLUMN_SPACES if gap > wide else " ") + word[11])
    return "".join(parts)


def paragraph_signs(text: str) -> str:
    """``text`` with a paragraph sign that OCR read as ``8``, ``&`` or ``$`` put back (same length).

    >>> paragraph_signs("8 301 Val av justerare\\nbeslut den 22 oktober 2024, 8 144.\\nParagrafer 8 301—8 304")
    '§ 301 Val av justerare\\nbeslut den 22 oktober 2024, § 144.\\nParagrafer § 301—§ 304'
    >>> paragraph_signs("889 Dnr 2025/377\\nKS83a DNR:KF/2007.388\\nKU 8 41 08-02-18\\n8118    Ks 2026-00391")
    '§89 Dnr 2025/377\\nKS§3a DNR:KF/2007.388\\nKU § 41 08-02-18\\n§118    Ks 2026-00391'
    >>> paragraph_signs("bidrag (KS 8 47, 2018-03-13); antog den 28 maj 2018\\n(8 71) och")
    'bidrag (KS § 47, 2018-03-13); antog den 28 maj 2018\\n(§ 71) och'
    >>> paragraph_signs("KU $ 317 06-12-05\\n$ 114 Val av justerare\\nbeslut den 19 september 2024,\\n8 58, dnr")
    'KU § 317 06-12-05\\n§ 114 Val av justerare\\nbeslut den 19 september 2024,\\n§ 58, dnr'
    >>> paragraph_signs("8 personer deltog; 8 300 000 kronor; 2024-05-12, 8 144 kronor")
    '8 personer deltog; 8 300 000 kronor; 2024-05-12, 8 144 kronor'
    """
    def sign(m: re.Match) -> str:
        for before, after in _AROUND_ONE_SIGN:
            if m.group(before) is not None:
                return f"{m.group(before)}§{m.group(after)}"
        return f"{m.group('e')}§{m.group('f')}§"  # a range: both signs
    return _MISREAD_SIGN.sub(sign, text)


_AROUND_ONE_SIGN = (("a", "b"), ("c", "d"), ("k", "l"), ("g", "h"), ("i", "j"), ("m", "n"))  # each alternative's groups before and after its sign


def _upright_word_on_its_side(cells: list[str]) -> bool:
    """A word much taller than wide was read from rotated text (a stamp in the margin)."""
    width, height = int(cells[8]), int(cells[9])
    return len(cells[11]) >= 3 and height > 1.5 * width


def read_image(path: Path, data: bytes, *, ocr: bool = True):
    """An image file (PNG, JPEG, TIFF; every frame a page) read by OCR."""
    from PIL import Image, ImageSequence

    from extractor.reading.layout import join_pages
    from extractor.model import Page, SourceText

    if not ocr:
        raise UnreadableDocument(path, "an image has no text layer: OCR is needed (it was turned off)")
    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    results = []
    try:
        with Image.open(io.BytesIO(data)) as image:
            dpi = _dpi(image)
            for frame in ImageSequence.Iterator(image):
                frame.load()
                results.append(recognise(frame, dpi))
    except OcrFailed as exc:
        raise UnreadableDocument(path, str(exc)) from exc
    except (OSError, ValueError, Image.DecompressionBombError, SyntaxError) as exc:
        raise UnreadableDocument(path, f"damaged or truncated image ({exc})") from exc
    text, spans, labels = join_pages([r.text for r in results])
    if not text.strip():
        raise UnreadableDocument(path, "OCR found no text in the image")
    pages = [Page(i + 1, s, e, "ocr", r.confidence, label)
             for i, ((s, e), r, label) in enumerate(zip(spans, results, labels))]
    return SourceText(str(path), "image", text, pages)


def _dpi(image) -> int:
    """The image's resolution when it says, else 300 dpi."""
    dpi = image.info.get("dpi")
    try:
        value = int(round(float(dpi[0]))) if dpi else 0
    except (TypeError, ValueError):
        value = 0
    return value if 70 <= value <= 1200 else DPI
