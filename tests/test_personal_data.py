"""Personal identity numbers in every spelling: found, masked, and never stored, indexed,
exported or served (folkbokföringslagen 18 § personnummer, 18 a § samordningsnummer)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from stdnum import luhn

from extractor.identifiers import personnummer
from extractor.pipeline import extract_text
from index.export import export
from index.importing.importer import import_paths
from index.search.query import search
from index.store import Store
from tests.filemaker import write_docx, write_pdf


def number(date: str, serial3: str) -> str:
    """A valid ten-digit number: six date digits, three serial digits and the check digit."""
    return date + serial3 + luhn.calc_check_digit(date + serial3)


PNR = number("850412", "123")          # born 12 April 1985
SAMORDNING = number("811278", "987")   # samordningsnummer: day 18 + 60
LEAP = number("000229", "456")         # 29 February 2000
OLD = number("120101", "321")          # over 100: written with +

FULL_WIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")


def spellings(digits: str) -> list[str]:
    """The ways one number is written in documents, PDFs and OCR text."""
    d, s = digits[:6], digits[6:]
    century = "19" if int(d[:2]) > 30 else "20"
    return [
        f"{d}-{s}", f"{d}{s}", f"{century}{d}-{s}", f"{century}{d}{s}", f"{d} {s}", f"{century}{d} {s}",
        f"{d}\u2010{s}", f"{d}\u2011{s}", f"{d}\u2012{s}", f"{d}\u2013{s}", f"{d}\u2014{s}", f"{d}\u2212{s}",
        f"{d}\u00a0{s}", f"{d}\u202f{s}", f"{d}\u2009{s}", f"{d} - {s}", f"{d}\u00a0\u2013\u00a0{s}",
        f"{d}-\n{s}", f"{d}\n-{s}", f"{d}\n{s}", f"{d}-\r\n{s}", f"{d}\u00ad\n{s}", f"{century}{d}-\n{s}",
        f"{d}-{s}".translate(FULL_WIDTH), f"{century}{d}{s}".translate(FULL_WIDTH),
    ]


CASES = [(kind, written) for kind, digits in (("personnummer", PNR), ("samordningsnummer", SAMORDNING),
                                              ("skottdag", LEAP)) for written in spellings(digits)]
CASES += [("över 100 år", f"{OLD[:6]}+{OLD[6:]}")]


@pytest.mark.parametrize("kind, written", CASES)
@pytest.mark.parametrize("context", ["Sökande {}, Lund", "({})", "| Anna Berg | {} | Lund |", "pnr:{}."])
def test_every_spelling_is_found_and_masked(kind, written, context):
    text = context.format(written)
    start = text.index(written)
    assert [(f.start, f.end) for f in personnummer.find(text)] == [(start, start + len(written))]
    masked = personnummer.mask(text)
    assert len(masked) == len(text)
    assert not any(ch.isdigit() for ch in masked)
    assert masked[:start] == text[:start] and masked[start + len(written):] == text[start + len(written):]


@pytest.mark.parametrize("text", [
    "Malmö stad 212000-1124", "Föreningen 16802002-8711", "tel 040-675 31 27", "ASN-2019-19171",
    "Dnr 2023-850412-1230", f"{PNR[:6]}-{PNR[6:9]}{(int(PNR[9]) + 1) % 10}",  # wrong check digit
    "851312-1234", "850432-1238", "850229-1235 (no 29 February 1985)",
    f"{PNR[:6]}\n\n{PNR[6:]}",  # a blank line between: two numbers, not one
    "Belopp 120000 1500 kr", "Konto 1234-567890-1234",
])
def test_lookalikes_are_left_alone(text):
    assert personnummer.mask(text) == text


def test_offsets_of_other_facts_are_kept():
    text = (f"Tjänsteskrivelse\nDnr KS 2023/77\nSökande Anna Berg, {PNR[:6]}\u2011{PNR[6:]}, och "
            f"samordningsnummer {SAMORDNING[:6]}\u00a0{SAMORDNING[6:]} beviljas bidrag med 5 000 kronor.\n")
    extraction = extract_text(text)
    assert extraction.masked_personnummer == 2
    [amount] = extraction.amounts
    assert text[amount.start:amount.end] == "5 000 kronor"


def test_masking_survives_cleaning():
    """A private-use glyph between the parts, which cleaning turns into a space, must not
    let a number through to the facts or the stored text."""
    from extractor.pipeline import masked_text

    text = f"Sökande Anna Berg {PNR[:6]}\uf0b7\uf0b7-\uf0b7{PNR[6:]} beviljas bidrag med 5 000 kronor."
    masked, count = masked_text(text)
    assert count == 1 and PNR[6:] not in masked and PNR[:6] not in masked
    assert PNR[6:] not in json.dumps(extract_text(text).to_dict())


def _forms(digits: str) -> list[bytes]:
    """Raw forms to grep for: compact, with a dash, and each spelling as UTF-8."""
    return sorted({w.encode("utf-8") for w in spellings(digits)} | {digits.encode(), digits[6:].encode() + b"\n"})


def _all_bytes(folder: Path):
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            yield path, path.read_bytes()


@pytest.fixture(scope="module")
def imported(tmp_path_factory):
    base = tmp_path_factory.mktemp("pnr")
    docs = base / "docs"
    docs.mkdir()
    lines = [f"Sökande {i}: {w}, Lund." for i, (_kind, w) in enumerate(CASES)]
    (docs / "beslut.txt").write_text("Tjänsteskrivelse\nDnr KS 2023/77\nBidrag till enskilda\n\n"
                                     + "\n".join(lines) + "\nBeslutet gäller 5 000 kronor.\n", encoding="utf-8")
    (docs / f"ansökan {PNR[:6]}-{PNR[6:]}.txt").write_text(
        "Tjänsteskrivelse\nDnr KS 2023/78\nAnsökan om bidrag om 2 000 kronor.\n", encoding="utf-8")
    write_docx(docs / "tabell.docx", f"Beslut om stöd till {SAMORDNING[:6]}\u2212{SAMORDNING[6:]}",
               ["Dnr KS 2023/79", "Utbetalning enligt tabell."],
               table=[["Namn", "Personnummer"], ["Anna Berg", f"19{PNR[:6]} {PNR[6:]}"],
                      ["Bo Ek", f"{SAMORDNING[:6]}\u2011{SAMORDNING[6:]}"]])
    write_pdf(docs / "protokoll.pdf", f"Protokoll\nDnr KS 2023/80\nSökande {LEAP[:6]}-{LEAP[6:]} "
                                      f"och {SAMORDNING[:6]}-{SAMORDNING[6:]} beviljas bidrag.")
    index = base / "index"
    summary = import_paths([docs], index, workers=1)
    assert summary.counts["imported"] == 4, summary.to_dict()
    exports = base / "exports"
    exports.mkdir()
    for fmt, out in (("jsonl", "all.jsonl"), ("csv", "csv"), ("sqlite", "all.sqlite")):
        (exports / out).mkdir() if fmt == "csv" else None
        export(index, fmt, exports / out)
    return base, index, exports


@pytest.mark.parametrize("digits", [PNR, SAMORDNING, LEAP])
def test_no_raw_number_in_any_file_of_the_index_or_exports(imported, digits):
    base, index, exports = imported
    for folder in (index, exports):
        for path, data in _all_bytes(folder):
            for form in _forms(digits):
                assert form not in data, f"{form!r} in {path}"


def test_numbers_are_not_searchable_and_names_are_masked(imported):
    _base, index, _exports = imported
    for query in (PNR, f"{PNR[:6]}-{PNR[6:]}", SAMORDNING, f"19{PNR}"):
        assert search(index, query).total == 0, query
    with Store(index) as store:
        names = [f.path for f in store.files()]
        assert any("ansökan ******-****.txt" in n for n in names), names
        for doc in store.documents():
            assert doc.extraction["masked_personnummer"] > 0
            assert SAMORDNING[6:] not in (doc.extraction["title"] or "")


def test_original_is_withheld_and_pages_show_no_number(imported):
    from starlette.testclient import TestClient

    from diarium.web import create_app

    _base, index, _exports = imported
    client = TestClient(create_app(index), base_url="http://127.0.0.1")
    with Store(index) as store:
        ids = [d.id for d in store.documents()]
    for doc_id in ids:
        assert client.get(f"/document/{doc_id}/original").status_code == 403
        for url in (f"/document/{doc_id}", f"/document/{doc_id}.json"):
            page = client.get(url).content
            for digits in (PNR, SAMORDNING, LEAP):
                for form in _forms(digits):
                    assert form not in page, (url, form)
