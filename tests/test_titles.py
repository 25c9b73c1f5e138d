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
