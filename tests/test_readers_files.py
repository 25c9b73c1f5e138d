"""The readers on real files made here: PDFs typeset from the corpus (running header, ``N (M)``
page numbers, a rotated stamp, hyphenated line ends), scanned pages, images, Word, HTML, a
merged bundle, and one file of each broken kind. OCR tests are few and small (a page takes
a few seconds).
"""

from pathlib import Path

import pytest

from extractor import UnreadableDocument, extract_documents, extract_file, extract_source, extract_text
from extractor.evaluation import found_facts
from extractor.reading.layout import join_pages
from extractor.model import Extraction, Page
from extractor.reading.pdf import plumber_text
from extractor.reading.readers import SUPPORTED_SUFFIXES, read
from tests import filemaker

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "documents"
DOCUMENTS = sorted(p.name for p in CORPUS.glob("*.txt"))
MALMO = "malmo_asn-2023-4187_tjansteskrivelse.txt"
LUND = "lund_von-2020-388_tjansteskrivelse.txt"
FACT_KINDS = ("own_case_numbers", "cited_case_numbers", "org_numbers", "amounts", "periods", "agreement_period",
              "meetings", "date", "document_type")
SHORT = (
    "Tjänsteskrivelse\n\nDatum 2024-03-12\nDiarienummer KS 2024/321\n\n"
    "Bidrag till Föreningen Sjöfåglarna\n\n"
    "Nämnden föreslås bevilja 450 000 kronor per år för perioden 2025-01-01 till 2025-12-31.\n"
)


def _facts(extraction) -> dict:
    facts = found_facts(extraction.to_dict() if isinstance(extraction, Extraction) else extraction)
    facts["org_numbers"] = [number for number, _name in facts["org_numbers"]]  # names come from wording nearby
    return {kind: sorted(map(repr, facts[kind])) for kind in FACT_KINDS}


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pdf")
    return {name: filemaker.write_pdf(folder / (Path(name).stem + ".pdf"), (CORPUS / name).read_text("utf-8"))
            for name in DOCUMENTS}


@pytest.mark.parametrize("name", DOCUMENTS)
def test_pdf_gives_the_facts_of_its_text(pdfs, name):
    assert _facts(extract_file(pdfs[name])) == _facts(extract_file(CORPUS / name))


@pytest.mark.parametrize("name", DOCUMENTS)
def test_pdfium_path_gives_the_facts_of_the_pdfplumber_path(pdfs, name):
    plumber = extract_text(join_pages(plumber_text(pdfs[name]))[0])
    assert _facts(extract_file(pdfs[name])) == _facts(plumber)


@pytest.mark.parametrize("name", [MALMO])
def test_pdf_noise_is_removed(pdfs, name):
    source = read(pdfs[name])
    text = source.text
    assert source.format == "pdf" and len(source.pages) >= 2
    assert filemaker.HEADER.split("|")[0].strip() not in text  # running header
    assert "Storgatan 1" not in text  # running footer
    assert "INKOM" not in text and "2024/99" not in text  # the rotated stamp
    assert "\ufffe" not in text and f"Tjänsteskrivelse 1 ({len(source.pages)})" not in text  # hyphen marks, page numbers
    assert [p.label for p in source.pages] == [f"{n} ({len(source.pages)})" for n in range(1, len(source.pages) + 1)]
    split_words = [line.rsplit(" ", 1)[-1][:-1] for line in filemaker.wrap((CORPUS / name).read_text("utf-8"))
                   if line.endswith("-") and line[-2].islower()]
    assert split_words
    for head in split_words:
        assert f"{head}-\n" not in text


@pytest.mark.parametrize("name", [LUND])
def test_pages_cover_the_text_and_facts_know_their_page(pdfs, name):
    source = read(pdfs[name])
    assert source.pages[0].start == 0 and source.pages[-1].end == len(source.text)
    assert all(a.end <= b.start for a, b in zip(source.pages, source.pages[1:]))
    data = extract_source(source).to_dict()
    assert data["format"] == "pdf"
    assert [p["number"] for p in data["pages"]] == list(range(1, len(source.pages) + 1))
    for amount in data["amounts"]:
        page = source.pages[amount["page"] - 1]
        assert page.start <= amount["start"] < page.end + 1
        assert "low_confidence" not in amount


@pytest.mark.parametrize("confidence, low", [(40.0, True), (92.0, False)])
def test_facts_on_low_confidence_ocr_pages_are_marked(confidence, low):
    extraction = extract_text("Dnr KS 2024/321\n\nNämnden beviljar 450 000 kronor.")
    extraction.pages = [Page(1, 0, 16, "text"), Page(2, 16, 60, "ocr", confidence)]
    amount = extraction.to_dict()["amounts"][0]
    assert amount["page"] == 2
    assert amount.get("low_confidence", False) is low


@pytest.fixture(scope="module")
def scanned(tmp_path_factory):
    folder = tmp_path_factory.mktemp("scan")
    return filemaker.scanned_pdf(folder / "skannad.pdf", filemaker.pdf_bytes(SHORT, stamp=None), noise=300)


@pytest.mark.slow
def test_scanned_pdf_is_read_by_ocr(scanned):
    source = read(scanned)
    assert [(p.method, p.confidence is not None) for p in source.pages] == [("ocr", True)]
    data = extract_documents(scanned)[0].to_dict()
    assert data["own_case_numbers"] == ["KS 2024/321"]
    assert 450000 in [a["value"] for a in data["amounts"]]


def test_scanned_pdf_without_ocr_says_ocr_is_needed(scanned):
    with pytest.raises(UnreadableDocument) as info:
        read(scanned, ocr=False)
    assert "OCR is needed" in info.value.reason


def test_mixed_pdf_without_ocr_reads_the_text_pages(tmp_path, pdfs):
    mixed = filemaker.scanned_pdf(tmp_path / "blandad.pdf", pdfs[LUND].read_bytes(), pages=[1])
    source = read(mixed, ocr=False)
    assert [p.method for p in source.pages][:2] == ["text", "none"]
    assert "VON 2020/388" in source.text


@pytest.mark.slow
@pytest.mark.parametrize("suffix", [".png"])
def test_image_is_read_by_ocr(tmp_path, suffix):
    image = filemaker.page_image(tmp_path / f"sida{suffix}", filemaker.pdf_bytes(SHORT, stamp=None), dpi=300)
    source = read(image)
    assert source.format == "image" and source.pages[0].method == "ocr"
    assert "KS 2024/321" in source.text
    with pytest.raises(UnreadableDocument, match="OCR is needed"):
        read(image, ocr=False)


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1", "utf-8-sig"])
def test_text_files_in_old_encodings(tmp_path, encoding):
    path = tmp_path / "gammal.txt"
    path.write_bytes(SHORT.encode(encoding))
    source = read(path)
    assert (source.format, source.text, len(source.pages)) == ("text", SHORT, 1)


def test_docx_paragraphs_and_tables_in_order(tmp_path):
    path = filemaker.write_docx(
        tmp_path / "beslut.docx", "Tjänsteskrivelse",
        ["Diarienummer KS 2024/321", "Bidrag till Föreningen Sjöfåglarna", "Beslutet gäller från 2025-01-01."],
        table=[["Part", "Belopp"], ["Föreningen Sjöfåglarna", "450 000 kronor per år"]],
    )
    source = read(path)
    assert source.format == "docx"
    assert source.text.index("Sjöfåglarna\n") < source.text.index("Part\tBelopp") < source.text.index("2025-01-01")
    data = extract_documents(path)[0].to_dict()
    assert data["own_case_numbers"] == ["KS 2024/321"]
    assert [a["value"] for a in data["amounts"]] == [450000]


@pytest.mark.parametrize("charset", ["utf-8", "windows-1252"])
def test_html_visible_text(tmp_path, charset):
    markup = (f'<!DOCTYPE html><html><head><meta charset="{charset}"><style>p {{color: red}}</style>'
              "<script>var belopp = '999 000 kr';</script></head><body><h1>Tjänsteskrivelse</h1>"
              "<p>Diarienummer&nbsp;KS&#160;2024/321</p><p>Nämnden beviljar <b>450&nbsp;000 kronor</b> &amp; mer."
              "<br>Ny rad</p><table><tr><td>Part</td><td>Belopp</td></tr></table></body></html>")
    path = tmp_path / "sida.html"
    path.write_bytes(markup.encode(charset))
    source = read(path)
    assert source.format == "html"
    assert "999" not in source.text and "color" not in source.text
    assert "Tjänsteskrivelse\n" in source.text and "450\u00a0000 kronor & mer.\nNy rad" in source.text
    assert extract_documents(path)[0].to_dict()["own_case_numbers"] == ["KS 2024/321"]


def test_bundle_is_split_with_page_ranges(tmp_path):
    texts = [(CORPUS / name).read_text("utf-8") for name in (MALMO, LUND)]
    parts = [filemaker.pdf_bytes(t) for t in texts]
    path = filemaker.merge_pdfs(tmp_path / "handlingar.pdf", parts)
    documents = extract_documents(path)
    first_pages = len(read(filemaker.write_pdf(tmp_path / "a.pdf", texts[0])).pages)
    total = len(read(path).pages)
    assert [[p.number for p in d.pages] for d in documents] == [
        list(range(1, first_pages + 1)), list(range(first_pages + 1, total + 1))]
    assert [c.number for d in documents for c in d.own_case_numbers] == ["ASN-2023-4187", "VON 2020/388"]
    assert [d.id[-2:] for d in documents] == ["-1", "-2"]
    assert len({d.id for d in documents}) == 2


def test_one_document_is_not_split(pdfs):
    assert len(extract_documents(pdfs[LUND])) == 1


def _encrypted(tmp_path):
    from reportlab.lib.pdfencrypt import StandardEncryption

    return filemaker.write_pdf(tmp_path / "krypterad.pdf", SHORT, encrypt=StandardEncryption("hemligt", canPrint=0))


def _truncated(tmp_path):
    data = filemaker.pdf_bytes(SHORT)
    path = tmp_path / "avbruten.pdf"
    path.write_bytes(data[: len(data) // 2])
    return path


def _named(name, data):
    def make(tmp_path):
        path = tmp_path / name
        path.write_bytes(data if isinstance(data, bytes) else data())
        return path
    return make


@pytest.mark.parametrize("make, reason", [
    (_encrypted, "encrypted"),
    (_truncated, "truncated"),
    (_named("tom.pdf", b""), "empty"),
    (_named("dokument.docx", lambda: filemaker.pdf_bytes(SHORT)), "PDF, not what the extension '.docx' says"),
    (_named("dokument.pdf", SHORT.encode("utf-8")), "not a PDF file"),
    (_named("bild.png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), "damaged or truncated image"),
    (_named("trasig.docx", b"PK\x03\x04word/document.xml" + b"\x00" * 40), "Word file not readable"),
    (_named("okand.xyz", b"some text"), "unsupported"),
])
def test_broken_files_say_why(tmp_path, make, reason):
    path = make(tmp_path)
    for reader in (read, extract_documents, extract_file):
        with pytest.raises(UnreadableDocument) as info:
            reader(path)
        assert reason in info.value.reason
        assert str(path) in str(info.value) and "\n" not in str(info.value)


@pytest.mark.parametrize("suffix", [".txt", ".md", ".pdf", ".docx", ".html", ".htm", ".png", ".jpg", ".jpeg", ".tif", ".tiff"])
def test_folder_walk_picks_up_every_readable_format(suffix):
    assert suffix in SUPPORTED_SUFFIXES
