"""Protocol paragraphs: each decision of a meeting found under its own head, with its heading,
its case numbers and the pages it runs over; cover lists, stamps and citations are no paragraph."""

import pytest
from starlette.testclient import TestClient

from diarium.web import create_app
from extractor.identifiers import diarienummer
from extractor import extract_text
from extractor.facts import paragraphs
from index.search.query import search
from tests.indexes import build_index

COVER = """\
BJÄRSTA KOMMUN                                   SAMMANTRÄDESPROTOKOLL
Kommunstyrelsen                                  Sida 1 av 4

Plats och tid     Kommunhuset, klockan 13.00-15.10
Beslutande        Anna Ek (S), ordförande
Utses att justera Per Holm (M)
Paragrafer        §§ 21-23

Ärendelista

§ 21         KS 2025/112
             Val av justerare

§ 22         KS 2025/87
             Bidrag till Föreningen Bjärsta Bygdegård för

             upprustning av samlingslokalen

§ 23         KS 2025/90
             Avtal om vinterväghållning

"""

BODY = """\
KS § 21                                          Sammanträdesdatum
                                                 2025-03-10
Dnr KS 2025/112

Val av justerare

Beslut
Per Holm (M) utses att justera dagens protokoll.

KU § 14 2025-02-24
KS § 22
Dnr KS 2025/87

Bidrag till Föreningen Bjärsta Bygdegård för

upprustning av samlingslokalen

Ärendet
Föreningen har ansökt om 150 000 kronor. Kommunfullmäktige beslutade 2024-11-28
§ 14 att avsätta medel för samlingslokaler.

Beslut
Kommunstyrelsen beviljar bidrag om 150 000 kronor.
KS § 22 (forts.)                                  Sammanträdesdatum
Beslutet skickas till föreningen.

KS § 23
Dnr KS 2025/90

Avtal om vinterväghållning
Ärendet
Avtalet gäller vintersäsongerna 2025/26 och 2026/27.
"""


def _found(text):
    own = diarienummer.find(text)
    return paragraphs.find(text, own)


def test_each_paragraph_once_with_heading_and_case_number():
    found = _found(COVER + BODY)
    assert [(p.number, p.heading, p.case_numbers) for p in found] == [
        ("KS § 21", "Val av justerare", ["KS 2025/112"]),
        ("KS § 22", "Bidrag till Föreningen Bjärsta Bygdegård för upprustning av samlingslokalen", ["KS 2025/87"]),
        ("KS § 23", "Avtal om vinterväghållning", ["KS 2025/90"]),
    ]


def test_a_paragraph_runs_to_the_next_head_over_a_repeated_head():
    text = COVER + BODY
    p22 = _found(text)[1]
    assert text[p22.start:].startswith("KU § 14 2025-02-24\nKS § 22")  # the stamp of the step that prepared it
    assert _found(text)[0].end == p22.start
    assert "Beslutet skickas till föreningen." in text[p22.start:p22.end]
    assert text[p22.end:].startswith("KS § 23")


def test_the_list_of_matters_alone_is_the_paragraphs_of_an_extract():
    # a cover page cut off before the paragraphs still names them
    found = _found(COVER)
    assert [p.number for p in found] == ["§ 21", "§ 22", "§ 23"]
    assert found[1].heading == "Bidrag till Föreningen Bjärsta Bygdegård för upprustning av samlingslokalen"


def test_ocr_dollar_letters_and_heading_beside_the_head():
    text = "$ 114 Val av revisorer\nBeslut\nNämnden väljer två revisorer.\n\nKS § 3 a  KS/2012:628\nTaxa för bygglov\nTaxan gäller från 2013.\n"
    found = _found(text)
    assert [(p.number, p.heading) for p in found] == [("§ 114", "Val av revisorer")]
    assert [(p.number, p.heading) for p in _found(text.split("\n\n")[1])] == [("KS § 3 a", "Taxa för bygglov")]


def test_citations_at_the_start_of_a_line_are_no_paragraph():
    text = ("§ 40\nDnr 2024/55\n\nMotion om skolskjuts\n\nFullmäktige gav uppdraget 2023-05-11\n"
            "§ 7 att utreda skolskjutsen. Beslut fattades enligt\n§ 58, dnr 2022/10.\n"
            "§ 90 Val av ombud\nNämnden väljer ett ombud.\n")
    found = _found(text)
    assert [p.number for p in found] == ["§ 40", "§ 90"]


def test_protocol_facts_carry_their_paragraph_and_other_documents_have_none():
    data = extract_text(COVER + BODY).to_dict()
    assert data["document_type"] == "protokoll"
    assert [p["number"] for p in data["paragraphs"]] == ["KS § 21", "KS § 22", "KS § 23"]
    grant = [a for a in data["amounts"] if a["value"] == 150000]
    assert grant and {a["in_paragraph"] for a in grant} == {"KS § 22"}
    letter = extract_text("TJÄNSTESKRIVELSE\nDnr KS 2025/87\n\n§ 1 Parter\nKommunen och föreningen.\n").to_dict()
    assert letter["paragraphs"] == []


def test_many_heads_cost_linear_work():
    # five thousand heads is read in one pass per head, not one per pair
    text = "PROTOKOLL\n" + "".join(f"§ {n}\nPunkt {n} behandlades.\n" for n in range(1, 5001))
    found = _found(text)
    assert len(found) == 5000 and found[-1].number == "§ 5000"


@pytest.fixture(scope="module")
def protocol_index(tmp_path_factory):
    folder = tmp_path_factory.mktemp("protocol")
    path = folder / "bjarsta_ks_protokoll_2025-03-10.txt"
    path.write_text(COVER + BODY, encoding="utf-8")
    return build_index(folder / "index", [path])


def test_searching_a_paragraphs_case_number_or_heading_lands_on_it(protocol_index):
    by_case = search(protocol_index, "KS 2025/90").hits[0].paragraph
    assert (by_case.number, by_case.heading, by_case.anchor) == ("KS § 23", "Avtal om vinterväghållning", "p-ks-23")
    by_text = search(protocol_index, "upprustning av samlingslokalen").hits[0]
    assert by_text.paragraph.number == "KS § 22"
    assert "samlingslokalen" in by_text.snippet and "vinterväghållning" not in by_text.snippet


def test_the_document_page_names_each_paragraph(protocol_index):
    hit = search(protocol_index, "KS 2025/90").hits[0]
    page = TestClient(create_app(protocol_index), base_url="http://127.0.0.1").get(f"/document/{hit.id}").text
    assert 'id="p-ks-21"' in page and 'id="p-ks-23"' in page and 'href="#p-ks-22"' in page
    listing = TestClient(create_app(protocol_index), base_url="http://127.0.0.1").get("/search", params={"q": "KS 2025/90"}).text
    assert '#p-ks-23"' in listing


def test_a_list_of_matters_numbered_otherwise_is_not_taken_for_the_paragraphs():
    text = ("SALA KOMMUN                              Sammanträdesdatum 2025-05-12\nTekniska nämnden\n\nÄrendelista\n\n"
            "§ 21        TN/2025:40\n            Taxa för slamtömning 2026\n\n"
            "§ 22        TN/2025:44\n            Avtal om vinterväghållning\n\n"
            "§ 23        TN/2025:12\n            Information från förvaltningen\n\n"
            "TN § 21                                TN/2025:40\n\nTaxa för slamtömning 2026\n\nBeslut\n"
            "Tekniska nämnden antar taxan. Den gäller från den 1 januari 2026.\n\n"
            "TN § 22                                TN/2025:44\n\nAvtal om vinterväghållning\n\nBeslut\n"
            "Tekniska nämnden godkänner avtalet.\n")
    found = paragraphs.find(text, diarienummer.find(text))
    assert [p.number for p in found] == ["TN § 21", "TN § 22"]
    assert found[0].heading == "Taxa för slamtömning 2026" and found[1].case_numbers == ["TN/2025:44"]


def test_a_tie_between_two_numberings_is_settled_the_same_in_every_run():
    import os
    import subprocess
    import sys
    protocol = ("PROTOKOLL\nKommunstyrelsen\n\nKS § 1\nÄrende ett\nBeslut\nKommunstyrelsen beslutar enligt förslaget.\n\n"
                "KFN § 7\nÄrende två\nBeslut\nNämnden beslutar enligt förslaget.\n")
    code = f"from extractor import extract_text; print([p.number for p in extract_text({protocol!r}).paragraphs])"
    answers = {subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                              env={**os.environ, "PYTHONHASHSEED": str(seed)}).stdout for seed in range(8)}
    assert len(answers) == 1, answers
