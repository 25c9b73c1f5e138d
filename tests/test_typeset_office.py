"""Corpus documents typeset by a word processor, and a scanned copy of one, read back.

Municipal PDFs mostly come out of a word processor's PDF export. Here a few corpus documents
are written as Word files (python-docx) with a running header that carries the page number
as fields, ``1 (3)``, and LibreOffice (Debian's ``libreoffice-writer-nogui``, installed by
``scripts/bootstrap.sh dev``) converts them headless to PDF, with a profile folder of its own
so that parallel runs do not clash. The case numbers, organisation numbers and amounts that
Diarium finds in each PDF must be those it finds in the text. Then the first page of one PDF
is printed to an image at 300 dpi, turned by less than a degree, speckled and saved as a PDF
without a text layer, as a scanner gives it: read by OCR it must give the own case number and
most amounts. Without ``soffice`` on the machine the tests are skipped.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from collections import Counter
from pathlib import Path

import pytest

from extractor import extract_file
from extractor.reading.readers import read
from tests import filemaker

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "documents"
SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
# Each document with the running header its body prints on every page.
TYPESET = {
    "tyreso_2023-ks-0362_tjansteskrivelse.txt": "Tyresö kommun  |  Tjänsteskrivelse",
    "trelleborg_kft-2024-00072_delegationsbeslut.txt": "Trelleborgs kommun  |  Delegationsbeslut",
    "umea_tomtebo-2-5_arrendeavtal_2025.txt": "Umeå kommun  |  Arrendeavtal",
    "uppsala_ksn-2021-01234_tjansteskrivelse.txt": "Uppsala kommun  |  Tjänsteskrivelse",
}
SCANNED = "trelleborg_kft-2024-00072_delegationsbeslut.txt"
CONVERSION_LIMIT = 900  # seconds; only a hung LibreOffice reaches it

pytestmark = [pytest.mark.slow, pytest.mark.skipif(SOFFICE is None, reason="LibreOffice (soffice) is not installed")]


def write_office_docx(path: Path, text: str, header: str) -> Path:
    """A Word file of ``text``: one paragraph per block, its lines kept as line breaks, and a
    running header ``header`` with the page number right-aligned as ``N (M)``."""
    import docx
    from docx.shared import Cm, Pt

    document = docx.Document()
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Liberation Sans", Pt(10)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.0)
    _running_header(section, header, section.page_width - section.left_margin - section.right_margin)
    for block in re.split(r"\n\s*\n", text.strip("\n")):
        paragraph = document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(8)
        for number, line in enumerate(block.split("\n")):
            if number:
                paragraph.add_run().add_break()
            paragraph.add_run(line)
    document.save(str(path))
    return path


def _running_header(section, header: str, width) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT

    paragraph = section.header.paragraphs[0]
    paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    paragraph.add_run(f"{header}\t")
    _field(paragraph, "PAGE")
    paragraph.add_run(" (")
    _field(paragraph, "NUMPAGES")
    paragraph.add_run(")")


def _field(paragraph, instruction: str) -> None:
    """A Word field (``PAGE``, ``NUMPAGES``) that the word processor fills in when it lays out."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run, text = OxmlElement("w:r"), OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    field.append(run)
    paragraph._p.append(field)


def convert_to_pdf(documents: list[Path], outdir: Path, profile: Path) -> dict[Path, Path]:
    """Each Word file converted to PDF by LibreOffice headless, in one run."""
    command = [SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile.as_uri()}",
               "--convert-to", "pdf", "--outdir", str(outdir), *map(str, documents)]
    done = subprocess.run(command, capture_output=True, text=True, timeout=CONVERSION_LIMIT)
    pdfs = {d: outdir / (d.stem + ".pdf") for d in documents}
    missing = [d.name for d, pdf in pdfs.items() if not pdf.exists()]
    assert not missing, f"soffice made no PDF of {missing} (exit {done.returncode}): {done.stderr.strip()}"
    return pdfs


@pytest.fixture(scope="module")
def typeset(tmp_path_factory):
    folder = tmp_path_factory.mktemp("office")
    documents = [write_office_docx(folder / (Path(name).stem + ".docx"), (CORPUS / name).read_text("utf-8"), header)
                 for name, header in TYPESET.items()]
    pdfs = convert_to_pdf(documents, folder, folder / "profile")
    return {name: pdfs[document] for name, document in zip(TYPESET, documents)}


def _identifiers(path: Path) -> dict:
    data = extract_file(path).to_dict()
    return {
        "own_case_numbers": data["own_case_numbers"],
        "cited_case_numbers": sorted(r["number"] for r in data["referenced_case_numbers"]),
        "org_numbers": sorted({o["number"] for o in data["org_numbers"]}),
        "amounts": [a["value"] for a in data["amounts"]],
    }


@pytest.mark.parametrize("name", sorted(TYPESET))
def test_typeset_pdf_gives_the_identifiers_and_amounts_of_its_text(typeset, name):
    from_text = _identifiers(CORPUS / name)
    assert from_text["own_case_numbers"] or from_text["org_numbers"] or from_text["amounts"]
    assert _identifiers(typeset[name]) == from_text


@pytest.mark.parametrize("name", sorted(TYPESET))
def test_typeset_pdf_is_read_as_text_with_its_page_numbers(typeset, name):
    source = read(typeset[name])
    pages = len(source.pages)
    assert source.format == "pdf" and all(p.method == "text" for p in source.pages)
    assert [p.label for p in source.pages] == [f"{n} ({pages})" for n in range(1, pages + 1)]


def test_word_processor_header_is_removed_when_it_repeats(typeset):
    name = "uppsala_ksn-2021-01234_tjansteskrivelse.txt"
    source = read(typeset[name])
    assert len(source.pages) >= 2
    assert TYPESET[name] not in source.text and "Uppsala kommun  |" not in source.text


@pytest.fixture(scope="module")
def scanned(typeset, tmp_path_factory):
    path = tmp_path_factory.mktemp("office-scan") / "skannad.pdf"
    return filemaker.scanned_pdf(path, typeset[SCANNED].read_bytes(), pages=[0], dpi=300, noise=600, rotate=0.7)


def test_scanned_copy_gives_the_own_case_number_and_most_amounts(typeset, scanned):
    source = read(scanned)
    assert [p.method for p in source.pages] == ["ocr"] * len(source.pages)
    expected, found = _identifiers(typeset[SCANNED]), _identifiers(scanned)
    assert expected["own_case_numbers"] and found["own_case_numbers"] == expected["own_case_numbers"]
    right = sum((Counter(found["amounts"]) & Counter(expected["amounts"])).values())
    assert right >= 0.75 * len(expected["amounts"]), (found["amounts"], expected["amounts"])
    assert right >= 0.75 * len(found["amounts"]), (found["amounts"], expected["amounts"])
