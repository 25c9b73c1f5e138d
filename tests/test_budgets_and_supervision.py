"""Budget allocations, supervisory decisions and protocol paragraphs without a letterhead.

Written in the forms of bodies the sample corpus does not hold (Norrköping's and Luleå's
councils, Skolinspektionen's and a county board's decisions, a regional board's protocol).
"""

import pytest

from extractor import extract_text
from extractor.identifiers import diarienummer
from extractor.facts import period, people


def _periods(text):
    return [(p.start_date, p.end_date) for p in period.find(text)]


@pytest.mark.parametrize("text, expected", [
    # a lasting allocation: from the year on, an open end
    ("Barn- och utbildningsnämnden tilldelas 3,5 mnkr för 2027 och framåt.", [("2027-01-01", None)]),
    ("Ramen för vård- och omsorgsnämnden höjs från 2026 och tills vidare.", [("2026-01-01", None)]),
    # an amount for a year: the year it is granted or budgeted for
    ("Nämnden avsätter 1,2 miljoner kronor under 2026 för projektet.", [("2026-01-01", "2026-12-31")]),
    ("ett bidrag om 450 000 kr per år för 2025.", [("2025-01-01", "2025-12-31")]),
    ("Kulturnämnden tilldelas 800 tkr för 2026 och 2027.", [("2026-01-01", "2027-12-31")]),
])
def test_the_years_an_allocation_covers(text, expected):
    assert _periods(text) == expected


@pytest.mark.parametrize("text", [
    "Under 2019 deltog 40 personer i verksamheten.",  # a year in a narrative
    "Föreningen fick 2025 fler medlemmar än kronor i bidrag.",
    "Kostnaden steg med 4 mnkr mellan åren.",
    "Kommunen betalade 300 000 kronor för 2019-2021 års hyror.",  # a range, not a year alone
])
def test_no_year_without_an_amount_or_a_lasting_allocation(text):
    assert ("2019-01-01", "2019-12-31") not in _periods(text)
    assert ("2025-01-01", "2025-12-31") not in _periods(text)


NORRKOPING_KF = """§ 61                                   Dnr KS 2026/0088

Ombudgetering för 2026

Beslut
Enligt kommunstyrelsens förslag beslutar kommunfullmäktige

1. Kultur- och fritidsnämnden tilldelas 2 400 tkr för 2026 och framåt.
2. Socialnämnden uppdras att i enlighet med fullmäktiges budgetbeslut den 20 november
2025 hålla ramen för försörjningsstöd oförändrad.
"""


def test_a_council_budget_decision_cited_by_date_alone():
    e = extract_text(NORRKOPING_KF)
    assert [(d.body, d.date, d.paragraph) for d in e.decision_refs] == [("Kommunfullmäktige", "2025-11-20", None)]
    assert ("2026-01-01", None) in [(p.start_date, p.end_date) for p in e.periods]


def test_a_bare_fullmaktige_outside_its_protocol_names_no_body():
    text = "Förvaltningen följer fullmäktiges budgetbeslut den 20 november 2025 i sitt arbete."
    assert extract_text(text).decision_refs == []


SUPERVISION = """SKOLINSPEKTIONEN                                   BESLUT
                                                   2026-01-15
                                                   Dnr 2025:4412

Barn- och utbildningsnämnden i Luleå kommun

Beslut efter tillsyn av nämndens hantering av en anmälan om kränkande behandling

Den 2 september 2025 höll Barn- och utbildningsnämnden i Luleå kommun ett extra
sammanträde om skolans åtgärder. Av protokollet från barn- och utbildningsnämndens
sammanträde den 14 oktober 2025 framgår att åtgärderna har följts upp.

Nämnden yttrade sig genom beslut den 4 november 2025, § 88.

Utbildningschefen Karin Nordmark har uppgett att rutinen har ändrats.
Beslut i ärendet har fattats av enhetschefen Tomas Aho. Utredaren
Lisa Berglund har varit föredragande.
"""


def test_a_supervisory_decision_cites_the_committees_meetings_and_decision():
    refs = {(d.body, d.date, d.paragraph) for d in extract_text(SUPERVISION).decision_refs}
    assert refs == {
        ("Barn- och utbildningsnämnden i Luleå kommun", "2025-09-02", None),  # the meeting it held
        ("Barn- och utbildningsnämnden i Luleå kommun", "2025-10-14", None),  # its protocol, the place carried over
        ("Barn- och utbildningsnämnden i Luleå kommun", "2025-11-04", "88"),  # 'Nämnden' is the one committee named
    }


def test_a_bare_namnden_among_two_named_committees_is_nobody():
    text = ("Kritik riktas mot Socialnämnden i Bodens kommun och mot Utbildningsnämnden i Bodens kommun.\n"
            "Nämnden yttrade sig genom beslut den 4 november 2025, § 88.\n")
    assert all(d.date != "2025-11-04" for d in extract_text(text).decision_refs)


def test_officials_named_by_a_definite_title_in_running_text():
    found = {(p.name, p.title) for p in people.find(SUPERVISION)}
    # 'Utredaren' stands at the end of its line, the name on the next
    assert {("Karin Nordmark", "utbildningschef"), ("Tomas Aho", "enhetschef"),
            ("Lisa Berglund", "utredare")} <= found


@pytest.mark.parametrize("line, expected", [
    ("Justerare: Malin Forsberg och Erik Nyström", {("Malin Forsberg", None), ("Erik Nyström", None)}),
    ("Vid protokollet: Johanna Lind, nämndsekreterare", {("Johanna Lind", "nämndsekreterare")}),
    ("Protokollet justeras av: Ali Hassan, Eva Strand", {("Ali Hassan", None), ("Eva Strand", None)}),
])
def test_the_people_who_sign_a_protocol(line, expected):
    assert {(p.name, p.title) for p in people.find(f"Protokoll\n\n{line}\n")} == expected


def test_a_signing_label_without_names_gives_nobody():
    assert people.find("Justerare: se nästa sida\nVid protokollet: digital signering\n") == []


REGION_PARAGRAPH = """§ 204                                          Rs 2026-00517

Riktlinjer för regionens stöd till civilsamhället

Beslut
Ärendet bordläggs till sammanträdet den 2 december 2026.

Propositionsordning
Ordföranden ställer proposition på om ärendet ska avgöras i dag eller bordläggas
och finner att regionstyrelsen beslutat att bordlägga ärendet.
"""


def test_a_paragraph_without_letterhead_is_its_propositions_body():
    e = extract_text(REGION_PARAGRAPH)
    assert [(m.body, m.date) for m in e.meetings] == [("Regionstyrelsen", "2026-12-02")]
    assert e.own_case_numbers and diarienummer.compact(e.own_case_numbers[0].number) == diarienummer.compact("RS-2026-00517")


@pytest.mark.parametrize("text", ["Åren 2021-2024 ökade kostnaderna.", "Under 2022-2023 byggdes skolan."])
def test_a_capitalised_word_before_a_year_range_is_no_prefix(text):
    assert diarienummer.find(text) == []


STAMPS = """KALIX KOMMUN                PROTOKOLL
Kommunstyrelsen
Sammanträdesdatum           2009-04-20

TU § 12 09-03-30
        KS § 40                        DNR: KS/2009.55

        Upprustning av hamnen

        Tekniska utskottet har behandlat ärendet och föreslår att arbetet påbörjas.

TU § 15 09-03-30
        KS § 41                        DNR: KS/2009.61

        Ny belysning på torget
"""


def test_a_stamps_prefix_keeps_the_body_another_stamp_names():
    refs = {(d.body, d.date, d.paragraph) for d in extract_text(STAMPS).decision_refs}
    assert {("Tekniska utskottet", "2009-03-30", "12"), ("Tekniska utskottet", "2009-03-30", "15")} <= refs


SUNDSVALL = """SUNDSVALLS KOMMUN                                 TJÄNSTESKRIVELSE
Kultur- och fritidsförvaltningen                  2025-10-02
                                                  Dnr KFN 2025/0233

Kultur- och fritidsnämnden

Överenskommelse med Föreningen Sundsvalls Kvinnojour om öppen mötesplats 2026–2027

Förslag till beslut
Kultur- och fritidsnämnden beslutar att ingå en överenskommelse med Föreningen
Sundsvalls Kvinnojour om en öppen mötesplats under perioden 1 januari 2026–31
december 2027.

Ärendet
Föreningen har drivit mötesplatsen sedan 2021 enligt den överenskommelse som
nämnden beslutade om den 9 december 2020, § 144.

Ekonomi
Driftbidraget om 1,1 mnkr per år bekostas ur statsbidrag och kultur- och
fritidsnämndens budgetram. Kvinnojouren bidrar med 50 000 kronor per år.
Ökningen om 200 000 kronor finansieras inom nämndens ram.
"""


def test_a_payment_named_by_the_budget_that_covers_it():
    e = extract_text(SUNDSVALL)
    rows = {(f.payer, f.amount, f.basis) for f in e.funding}
    assert ("Sundsvalls kommun", 1_100_000, "per_year") in rows
    assert ("Föreningen Sundsvalls Kvinnojour", 50_000, "per_year") in rows  # its short name, 'Kvinnojouren'
    assert not any(f.amount == 200_000 for f in e.funding)  # an increase is no payment of its own


def test_a_bare_namnden_in_a_committees_own_document_is_that_committee():
    refs = [(d.body, d.date, d.paragraph) for d in extract_text(SUNDSVALL).decision_refs]
    assert refs == [("Kultur- och fritidsnämnden", "2020-12-09", "144")]


def test_an_agreement_signed_on_two_dates_is_dated_by_the_later():
    text = ("AVTAL\n\nAvtal om lokalvård för föreningens lokaler\n\n1. Parter\nLuleå kommun och Föreningen Hertsöbadet.\n\n"
            "Luleå 2025-05-09                      Luleå 2025-05-02\n\nFör Luleå kommun                      För föreningen\n")
    assert extract_text(text).date == "2025-05-09"


COUNTY_BOARD = """                                                    BESLUT
LÄNSSTYRELSEN                                       Datum 2026-03-02
DALARNA                                             Diarienummer
Enheten för samhällsutveckling                      505-1187-2026

Leksands kommun
Kultur- och fritidsnämnden
793 80 Leksand

Bidrag till föreningsdrivna mötesplatser 2026

Beslut
Länsstyrelsen beviljar Föreningen Siljansgården, org.nr 802455-1190, ett bidrag om
90 000 kronor för verksamhetsåret 2026.

Länsstyrelsen Dalarna, 791 84 Falun, telefon 010-225 00 00
"""


def test_a_county_boards_grant_is_the_boards_and_its_addressee_no_party():
    e = extract_text(COUNTY_BOARD)
    assert [c.number for c in e.own_case_numbers] == ["505-1187-2026"]  # in the cell under its label
    assert e.authority == "Länsstyrelsen i Dalarnas län"
    assert [(f.payer, f.amount) for f in e.funding] == [("Länsstyrelsen i Dalarnas län", 90_000)]
    assert {p.name for p in e.parties} == {"Länsstyrelsen i Dalarnas län", "Föreningen Siljansgården"}
    assert e.decided_by != "Kultur- och fritidsnämnden"  # the addressee under the type word decides nothing


@pytest.mark.parametrize("name", ["Socialstyrelsen", "Skogsstyrelsen", "Länsstyrelsen"])
def test_state_agencies_ending_in_styrelsen_are_no_committees(name):
    e = extract_text(f"{name} beslutar om föreskrifter.\n")
    assert e.decided_by is None or e.decided_by == e.authority  # the agency itself, never a committee of it


CITY_LETTERHEAD = """Göteborgs Stad
Kulturförvaltningen
Enheten för föreningsstöd

Tjänsteutlåtande
Dnr 0412/25
2025-09-01

Till
Kulturnämnden
2025-09-23

Verksamhetsbidrag till Stiftelsen Folkets Hus i
Angered 2026

Kulturchef
Maria Svensson
                                    Enhetschef
                                    Per Åberg
"""


def test_a_stacked_letterhead_its_addressed_meeting_and_offset_signatures():
    e = extract_text(CITY_LETTERHEAD)
    assert e.title.startswith("Verksamhetsbidrag till Stiftelsen Folkets Hus")  # the unit line is no title
    assert [(m.body, m.date) for m in e.meetings] == [("Kulturnämnden", "2025-09-23")]
    assert {(p.name, p.title) for p in e.people} == {("Maria Svensson", "kulturchef"), ("Per Åberg", "enhetschef")}


def test_a_matter_handled_at_a_later_meeting():
    text = ("Regionstyrelsen\nSammanträdesdatum 2024-10-22\n\n§ 12\n\nÄrendet ska behandlas av regionfullmäktige "
            "den 26 november 2024.\n\nBeslutet anmäls till arbetsutskottet vid sammanträdet den 5 november 2024.\n")
    meetings = {(m.body, m.date) for m in extract_text(text).meetings}
    assert {("Regionfullmäktige", "2024-11-26"), ("Arbetsutskottet", "2024-11-05")} <= meetings


def test_a_numbered_list_under_its_body_and_att_pays_from_that_body():
    text = ("Region Gävleborg\nRegionstyrelsen\n\nFörslag till beslut\nRegionstyrelsen beslutar att\n"
            "1. ingå överenskommelse med Föreningen Gläntan för perioden 2026-01-01–2027-12-31,\n"
            "2. avsätta 750 000 kronor per år för överenskommelsen.\n")
    assert [(f.payer, f.amount, f.basis) for f in extract_text(text).funding] == [("Region Gävleborg", 750_000, "per_year")]


def test_officials_listed_beside_the_members():
    found = {(p.name, p.title) for p in people.find("Protokoll\n\nÖvriga: Henrik Ståhl, kommundirektör, Eva Dahl, nämndsekreterare\n")}
    assert found == {("Henrik Ståhl", "kommundirektör"), ("Eva Dahl", "nämndsekreterare")}


@pytest.mark.parametrize("text, expected", [
    ("Annette Carlsson\nKommunstyrelsens ordförande\n", ("Annette Carlsson", "kommunstyrelsens ordförande")),
    ("Lars Öberg\nRådman\n", ("Lars Öberg", "rådman")),  # a court's judge signing its judgment
])
def test_titles_that_name_their_body_or_a_court(text, expected):
    assert [(p.name, p.title) for p in people.find(text)] == [expected]


@pytest.mark.parametrize("written, number", [
    ("Dnr KS 2O24/00123", "KS 2024/00123"),  # a scanned letterhead: O for 0 in the year
    ("Diarienummer: BUN-2O23-0O412", "BUN-2023-00412"),
    ("Dnr SN 2024/0l23", "SN 2024/0123"),  # l for 1
])
def test_letters_ocr_read_for_digits_after_a_label(written, number):
    assert [c.number for c in diarienummer.find(written)] == [number]


@pytest.mark.parametrize("text", ["Enligt KS 2O24/00123 i texten.", "Dnr Olof Berg 2024", "Dnr: se bilaga 2"])
def test_no_mending_without_a_label_or_a_number(text):
    assert diarienummer.find(text) == []


REGION_GRANT = """REGION VÄSTMANLAND                                     TJÄNSTESKRIVELSE
Kultur och folkbildning                                 Datum: 2026-01-20
                                                        Diarienummer: RV 2026/0044

Tekniska nämnden och Regionala utvecklingsnämnden

Förslag till beslut
Regionala utvecklingsnämnden beslutar att bevilja Västmanlands läns bildningsförbund,
org.nr 802007-8924, ett bidrag om 300 000 kronor per år för 2026 och 2027.

Bakgrund
Förbundet har fått bidrag sedan 2019, senast enligt nämndens beslut 2024-02-13, § 9.
"""


def test_a_regions_letterhead_a_committee_with_an_adjective_and_a_county_association():
    e = extract_text(REGION_GRANT)
    assert e.authority == "Region Västmanland"
    assert e.decided_by == "Regionala utvecklingsnämnden"
    assert [(f.payer, f.amount, f.period) for f in e.funding] == [
        ("Region Västmanland", 300_000, ("2026-01-01", "2027-12-31"))]  # both years listed, not the first alone
    assert "Västmanlands läns bildningsförbund" in {p.name for p in e.parties}
    assert [(d.body, d.date, d.paragraph) for d in e.decision_refs] == [("Regionala utvecklingsnämnden", "2024-02-13", "9")]
