"""Titles under every kind of letterhead: the title is the phrase set as a block of its own above
the body, never the letterhead's columns, the addressee, a label's value or the first sentence."""

import pytest

from extractor import extract_text

TWO_COLUMNS = """\
VÄSTERBY KOMMUN                                    TJÄNSTESKRIVELSE
Socialförvaltningen                                Datum 2025-02-03
Enheten för föreningsstöd                          Dnr SN 2025:41
Karin Berg
Utvecklingsledare

                                                   Socialnämnden


Bidrag till Föreningen Västerby Kvinnojour 2025–2026

Förslag till beslut
Socialnämnden beviljar föreningen 300 000 kronor per år.
"""

LABEL_BLOCK = """\
Norrfors kommun
Kultur- och fritidsförvaltningen

TJÄNSTESKRIVELSE

Datum 2024-09-30
Diarienummer KFN-2024-00212

Vår referens
Olle Sjöberg
Fritidskonsulent

Avtal om drift av Norrfors ishall med Norrfors Hockeyklubb

Sammanfattning
Förvaltningen föreslår ett nytt driftavtal för fem säsonger.
"""

SPACED_LINES = """\
Revisorerna i Österå kommun
granskning@revision.ostera.se
www.ostera.se/revision
Missiv till granskningen av

styrning och uppföljning av

bidrag till studieförbund (dnr REV 2024/7)

Revisorerna har avslutat granskningen av kommunens bidrag till studieförbunden och
lämnar rapporten till kommunstyrelsen för yttrande.
"""

NO_TITLE = """\
LILLEBY KOMMUN                                     YTTRANDE
Miljöförvaltningen                                 2025-05-05

Förvaltningen har tagit del av ansökan och har inga synpunkter på den sökta
verksamheten under förutsättning att villkoren i beslutet följs.
"""


@pytest.mark.parametrize("text, title", [
    (TWO_COLUMNS, "Bidrag till Föreningen Västerby Kvinnojour 2025–2026"),
    (LABEL_BLOCK, "Avtal om drift av Norrfors ishall med Norrfors Hockeyklubb"),
    (SPACED_LINES, "Missiv till granskningen av styrning och uppföljning av bidrag till studieförbund (dnr REV 2024/7)"),
], ids=["two-column letterhead", "label with a name under it", "title broken by line spacing"])
def test_the_title_is_the_block_above_the_body(text, title):
    assert extract_text(text).title == title


def test_a_letter_without_a_title_block_gets_no_sentence_as_title():
    title = extract_text(NO_TITLE).title or ""
    assert "har tagit del" not in title and "Miljöförvaltningen" not in title


JUDGMENT = """KAMMARRÄTTEN                                 DOM                 Mål nr 4410-25
I JÖNKÖPING                                  2025-10-02
Avdelning 2                                  Meddelad i Jönköping

KLAGANDE
Anders Lund

ÖVERKLAGAT AVGÖRANDE
Förvaltningsrätten i Växjös dom den 12 maj 2025 i mål nr 1022-25

SAKEN
Utlämnande av allmän handling enligt offentlighets- och sekretesslagen (2009:400)

KAMMARRÄTTENS AVGÖRANDE
Kammarrätten avslår överklagandet.
"""


def test_a_judgment_is_titled_as_it_is_cited():
    found = extract_text(JUDGMENT)
    assert found.document_type == "dom"
    assert found.title == ("Dom, Kammarrätten i Jönköping, mål nr 4410-25 "
                           "(utlämnande av allmän handling enligt offentlighets- och sekretesslagen)")


def test_a_supreme_court_has_no_seat_in_the_title():
    text = JUDGMENT.replace("KAMMARRÄTTEN   ", "HÖGSTA FÖRVALTNINGSDOMSTOLEN").replace("KAMMARRÄTTENS", "HÖGSTA FÖRVALTNINGSDOMSTOLENS")
    assert extract_text(text).title.startswith("Dom, Högsta förvaltningsdomstolen, mål nr 4410-25 (")


def test_an_authority_s_contact_block_is_never_a_title():
    text = ("Sida 1 (av 2)\nBesöksadress Postadress Telefon\nStorgatan 4 Box 12 0470-100 00\n\n"
            "351 12 Växjö E-post\n08:00–16:00\n\nBeslut om tillstånd\n\nMyndigheten beslutar att bevilja ansökan.\n")
    title = extract_text(text).title or ""
    assert "besöksadress" not in title.casefold() and "växjö e-post" not in title.casefold(), title


def test_a_judgment_is_dated_under_its_type_word_not_by_its_cover_notice():
    notice = "DELGIVNINGS-\nMEDDELANDE\n2025-10-03\nMål: 4410-25\n\nMeddelande om förenklad delgivning\n\n"
    judgment = "DOM\n2025-10-02\nMeddelad i Jönköping\nMål nr 4410-25\n\n" + JUDGMENT.split("\n", 3)[3]
    assert extract_text(notice + judgment).date == "2025-10-02"


def test_a_letterhead_printed_after_the_text_still_dates_the_document():
    text = ("Yttrande över betänkandet om tillsyn\n\n" + "Myndigheten har inga synpunkter på förslagen.\n" * 15 + "\n"
            "Post: Box 12, 103 15 Stockholm\nYTTRANDE\n2026-03-12\n\nDnr 2.1-101-2026\n")
    assert extract_text(text).date == "2026-03-12"


AGREEMENT_HEADING_IN_COLUMNS = """\
                                                   Västerby kommun
                                                   Kommunledningskontoret
ÖVERENSKOMMELSE                                    Dnr: KS 2024/0311
om idéburet offentligt partnerskap                 Bilaga 1

{first} Västerby kommun och Föreningen Västerby Kvinnojour om
Stödboende 2025–2027

§ 1 Parter
Västerby kommun och Föreningen Västerby Kvinnojour.
"""


def test_an_agreements_heading_in_the_letterheads_column_opens_the_title_block_it_goes_on_in():
    e = extract_text(AGREEMENT_HEADING_IN_COLUMNS.format(first="Mellan"))
    assert e.title == ("Överenskommelse om idéburet offentligt partnerskap mellan Västerby kommun och "
                       "Föreningen Västerby Kvinnojour om Stödboende 2025–2027")


def test_a_title_block_that_does_not_go_on_from_the_heading_stands_alone():
    e = extract_text(AGREEMENT_HEADING_IN_COLUMNS.format(first="Parterna är"))
    assert e.title == "Parterna är Västerby kommun och Föreningen Västerby Kvinnojour om Stödboende 2025–2027"
