"""Earlier decisions a document cites by body, date and paragraph, including those a protocol
cites without naming the body (its own, or the one whose proposal a stamp marks)."""

import pytest

from extractor import extract_text

EXTRACT = """\
§ 41 Ärendenummer KS 2024/310

Ny taxa för upplåtelse av torgplatser
Beslut

Enligt kommunstyrelsens förslag:
Taxan antas att gälla från den 1 januari 2025.

Tidigare behandling
Bordlagt den 3 oktober 2024, § 350 och den 7 november 2024, § 377.

Handling
Kommunstyrelsens protokoll 2024-09-18, § 212.
"""

PROTOCOL = """\
NORRVIKS KOMMUN                                  SAMMANTRÄDESPROTOKOLL
Kommunstyrelsen                                  Sammanträdesdatum 2009-02-02

KS § 14                         DNR:KF/2008.77

Bidrag till hembygdsföreningens museum

Kommunledningsutskottets förslag

KU § 22 09-01-19
Kommunstyrelsen beviljar föreningen 40 000 kronor. Arbetsutskottet behandlade
ärendet den 19 januari 2009, § 22.

KS § 15                         DNR:KS/2009.3

Anmälan av delegationsbeslut
KS § 9 09-01-12
Beslutet återremitterades den 12 januari 2009, § 9.
"""


def refs(text):
    return [(r.body, r.date, r.paragraph) for r in extract_text(text).decision_refs]


def test_an_extract_cites_its_own_assemblys_earlier_meetings():
    x = extract_text(EXTRACT)
    assert x.document_type == "protokollsutdrag" and x.decided_by == "Kommunfullmäktige"
    assert refs(EXTRACT) == [("Kommunfullmäktige", "2024-10-03", "350"), ("Kommunfullmäktige", "2024-11-07", "377"),
                             ("Kommunstyrelsen", "2024-09-18", "212")]


def test_stamps_name_their_body_by_prefix_or_by_the_heading_above():
    found = refs(PROTOCOL)
    assert ("Kommunledningsutskottet", "2009-01-19", "22") in found
    assert ("Kommunstyrelsen", "2009-01-12", "9") in found
    assert len(found) == len(set(found))  # a decision cited twice is one decision


def test_a_letterhead_date_beside_a_body_is_no_decision_cited():
    text = "Miljö- och byggnämnden 2025-06-04\n\nYttrande över ansökan om bygglov\n\nNämnden har inget att invända.\n"
    assert refs(text) == []


def test_a_matter_tabled_to_a_later_meeting_plans_that_meeting_once():
    text = PROTOCOL + "\nKS § 16\n\nMotion om gång- och cykelväg\n\nÄrendet bordläggs till sammanträdet den 2 mars 2009.\n"
    meetings = [(m.body, m.date) for m in extract_text(text).meetings]
    assert meetings == [("Kommunstyrelsen", "2009-03-02")]


def test_an_extract_without_letterhead_plans_no_meeting_for_the_sender_of_its_matter():
    extract = ("§ 57 0412/24\nHemställan från socialnämnden om hyresavtal för\nboende i Hisingen\nBeslut\n\n"
               "Ärendet bordläggs till sammanträdet den 12 juni 2025.\n\nHandlingar\n\nYrkande M den 20 maj 2025.\n")
    found = extract_text(extract)
    assert found.document_type == "protokollsutdrag"
    assert [m.body for m in found.meetings if m.body.casefold() == "socialnämnden"] == []
    assert found.date != "2025-06-12"  # the meeting it is tabled to is not the extract's date


@pytest.mark.parametrize(
    "text",
    [
        # a protocol extract's header: the meeting date above the extract's own paragraph is no citation
        "MÖLNDALS STAD\nPROTOKOLLSUTDRAG\nSocial- och arbetsmarknadsnämnden\nSammanträdesdatum 2023-05-24\n\n"
        "§ 61     Dnr SAN 2023/0188\n\nFörlängning av överenskommelse\n",
    ],
)
def test_a_protocol_header_above_its_own_paragraph_is_no_decision_ref(text):
    assert extract_text(text).decision_refs == []


REPORT = ("REVISIONSBERÄTTELSE\nDatum 2025-03-31\n\nVi har granskat Vimmerby kommuns verksamhet.\n\n"
          "Berättelsen överlämnas till kommunfullmäktiges sammanträde\nden 22 april 2025 för beslut om ansvarsfrihet.\n")


def test_a_body_s_meeting_after_the_document_s_date_is_planned():
    meetings = [(m.body, m.date) for m in extract_text(REPORT).meetings]
    assert meetings == [("Kommunfullmäktige", "2025-04-22")]


def test_a_body_s_meeting_before_the_document_s_date_is_history_not_a_plan():
    past = REPORT.replace("överlämnas till kommunfullmäktiges sammanträde\nden 22 april 2025",
                          "behandlades vid kommunfullmäktiges sammanträde\nden 20 mars 2025")
    assert extract_text(past).meetings == []


def test_a_call_to_an_extra_meeting_plans_it():
    text = PROTOCOL + "\nKS § 17\n\nKallelse till extra kommunstyrelse den 16 mars 2009\n\nOrdföranden kallar till extra sammanträde.\n"
    assert ("Kommunstyrelsen", "2009-03-16") in [(m.body, m.date) for m in extract_text(text).meetings]
