"""Forms of still other bodies: case numbers with a filing code after a dot, letterhead units
without ``för``, working committees' protocols, a cited paragraph wrapped to a line's start,
grants decided in protocol extracts, a state agency above its regional unit. Each text is
written in the way its kind of body prints it, not taken from the sample corpus."""

import pytest

from extractor import extract_text
from extractor.facts import amount, paragraphs, period
from extractor.facts.names import same_organisation
from extractor.facts.organisations import find_mentions, known_organisations
from extractor.identifiers import diarienummer
from index.linking.agreements import decision_links


@pytest.mark.parametrize("text, number", [
    ("Dnr KS-2021/0345.109", "KS-2021/0345.109"),  # a filing-plan code after a dot (Huddinge, Salem)
    ("Socialförvaltningen   2022-02-14   SOCN-2022/118.750", "SOCN-2022/118.750"),
    ("Diarienummer RS 2019-05814", "RS 2019-05814"),  # the space the register prints is kept
])
def test_case_numbers_keep_the_registers_form(text, number):
    assert [c.number for c in diarienummer.find(text)] == [number]


def test_a_filing_code_is_no_part_of_the_key():
    assert diarienummer.compact("KS-2021/0345.109") == diarienummer.compact("KS 2021/345")
    assert diarienummer.compact("RS 2019-05814") == diarienummer.compact("RS-2019-05814")


@pytest.mark.parametrize("unit", ["Regionstyrelsens förvaltning", "Koncernkontoret", "Ledningsstaben",
                                  "Koncernstab hälso- och sjukvård"])
def test_a_unit_line_in_a_letterhead_is_no_title(unit):
    text = (f"Region Örebro län\n{unit}\n\nTjänsteskrivelse\nDatum: 2024-03-01\nDiarienummer: RS 2024/311\n\n"
            "Bidrag till Örebro läns bildningsförbund 2025\n\nFörslag till beslut\n"
            "Regionstyrelsen beviljar Örebro läns bildningsförbund 300 000 kronor för 2025.\n")
    assert extract_text(text).title == "Bidrag till Örebro läns bildningsförbund 2025"


PROTOCOL = """HANINGE KOMMUN
PROTOKOLLSUTDRAG
Kommunstyrelsen                  Sammanträdesdatum 2023-05-22

§ 44    Föreningsbidrag till Haninge Brottsofferjour för 2023 (KS/2023:101)

Kommunstyrelsens beslut
Haninge Brottsofferjour beviljas ett bidrag om 120 tkr för verksamhetsåret 2023.

Sammanfattning
Socialnämnden tillstyrkte ansökan den 3 maj 2023,
§ 19 (SN/2023:55). Tidigare år har bidraget varit 100 tkr (KS/2022:077).
"""


def test_a_cited_paragraph_wrapped_to_a_lines_start_opens_no_paragraph():
    found = extract_text(PROTOCOL)
    assert [p.number for p in found.paragraphs] == ["§ 44"]
    assert found.own_case_numbers[0].number == "KS/2023:101" and len(found.own_case_numbers) == 1
    assert {c.number: c.relation for c in found.referenced_case_numbers} == {
        "SN/2023:55": "related", "KS/2022:077": "predecessor"}


def test_a_paragraph_under_a_running_header_that_ends_on_a_date_is_kept():
    text = "Kommunstyrelsen   Sammanträdesdatum 2023-05-22\n§ 45   Dnr KS 2023/102\nVal av ombud\n\nKommunstyrelsen utser Eva Berg.\n"
    assert [p.number for p in paragraphs.find(text, diarienummer.find(text))] == ["§ 45"]


def test_the_heading_drops_the_case_number_in_parentheses():
    assert extract_text(PROTOCOL).title == "Föreningsbidrag till Haninge Brottsofferjour för 2023"


def test_a_grant_decided_in_a_protocol_extract_has_its_two_sides_as_parties():
    found = extract_text(PROTOCOL)
    assert {p.name for p in found.parties} == {"Haninge kommun", "Haninge Brottsofferjour"}
    assert [(f.payer, f.amount, f.recipient) for f in found.funding] == [("Haninge kommun", 120000, "Haninge Brottsofferjour")]


def test_a_working_committees_protocol_is_its_own():
    text = ("Sollentuna kommun                                          Protokoll\n"
            "Socialnämndens individutskott                              2024-02-07\n\n"
            "Justerare: Lars Holm\n\n§ 8  Dnr SN 2024/031\nAnsökan om bistånd\n\nUtskottet beslutar enligt förslaget.\n\n"
            "§ 9  Dnr SN 2024/040\nAnsökan om kontaktfamilj\n\nUtskottet beslutar enligt förslaget.\n")
    found = extract_text(text)
    assert found.decided_by == "Socialnämndens individutskott"
    assert found.title.startswith("Protokoll, Socialnämndens individutskott")


def test_a_state_agency_above_its_regional_unit_is_the_authority_and_decides():
    text = ("Trafikverket                                     BESLUT\n"
            "Region Väst                                      2024-04-02        TRV 2024/11223\n\n"
            "Borås Stad\n\nStatlig medfinansiering av busshållplatser\n\nBeslut\n"
            "Trafikverket beviljar Borås Stad statlig medfinansiering med högst 1 200 000 kronor.\n")
    found = extract_text(text)
    assert (found.authority, found.decided_by) == ("Trafikverket", "Trafikverket")
    assert [(f.payer, f.basis) for f in found.funding] == [("Trafikverket", "one_off")]


def test_a_protocols_date_is_its_meetings_not_a_listed_documents():
    text = ("TÄBY KOMMUN                                         PROTOKOLLSUTDRAG\nKommunstyrelsen\n2024-05-06\n\n"
            "§ 12                                                KS 2024/0077\n\nAvtal om drift av simhall\n\n"
            "Beslut\nKommunstyrelsen godkänner avtalet.\n\nHandlingar i ärendet\nTjänsteskrivelse 2024-04-20\n")
    found = extract_text(text)
    assert found.date == "2024-05-06"
    assert found.decision_refs == []  # the letterhead and the paragraph's head are the protocol's own


def test_a_yearly_payment_paid_by_a_committee():
    text = ("LIDINGÖ STAD\nTjänsteskrivelse\nDatum: 2024-01-10\nDnr KFN 2024/004\n\nAvtal med Lidingö Simsällskap\n\n"
            "Förslag till beslut\nKultur- och fritidsnämnden godkänner avtalet med Lidingö Simsällskap för 2024–2026.\n\n"
            "Föreningen får en årlig driftsersättning om 300 000 kronor som betalas av kultur- och fritidsnämnden.\n")
    rows = extract_text(text).funding
    assert [(f.payer, f.amount, f.basis) for f in rows] == [("Lidingö stad", 300000, "per_year")]


def test_an_administration_grants_by_delegation_for_its_authority():
    text = ("Region Jämtland Härjedalen                         Delegationsbeslut\n"
            "Regionala utvecklingsförvaltningen                 2024-03-12\n"
            "                                                   Dnr RS 2024/0456\n\n"
            "Bidrag till Jämtlands Läns Konstförening\n\nBeslut\n"
            "Regionala utvecklingsförvaltningen beviljar Jämtlands Konstförening ett engångsbidrag om 18 000 kronor.\n")
    found = extract_text(text)
    assert found.authority == "Region Jämtland Härjedalen"
    assert [(f.payer, f.amount, f.basis) for f in found.funding] == [("Region Jämtland Härjedalen", 18000, "one_off")]


@pytest.mark.parametrize("text, name", [
    ("Bidraget går till Sigtuna Kvinnojour som ansökt.", "Sigtuna Kvinnojour"),
    ("Avtal med Tumba Röda Korskrets om läxhjälp.", "Tumba Röda Korskrets"),  # the -s of -krets is its own
    ("Ett partnerskap med Föreningen Ekbackens Mötesplats som driver caféet. Kontakt: Föreningen Ekbackens Mötesplats.",
     "Föreningen Ekbackens Mötesplats"),  # standing alone elsewhere, the -s is no genitive
])
def test_association_names(text, name):
    assert name in [m.name for m in find_mentions(text, known_organisations())]


def test_a_heading_above_a_name_is_no_part_of_it():
    names = [m.name for m in find_mentions("Sammanfattning\nKvinnojouren Tara har ansökt om bidrag.\n", known_organisations())]
    assert not any(n.startswith("Sammanfattning") for n in names), names


def test_a_name_and_its_place_after_i_are_one_organisation():
    assert same_organisation("Kvinnojouren i Sigtuna", "Sigtuna Kvinnojour")
    assert same_organisation("Stadsmissionen i Jönköping", "Stiftelsen Jönköpings Stadsmission")
    assert not same_organisation("Kvinnojouren i Sigtuna", "Märsta Kvinnojour")


@pytest.mark.parametrize("sentence", [
    "Den överenskommelsen löper ut den 31 december 2024.",
    "Det avtalet löper ut vid årsskiftet.",
])
def test_an_agreement_referred_back_to_is_the_predecessor(sentence):
    text = ("Tjänsteskrivelse\nDnr KS 2024/500\n\nFörlängt partnerskap med Föreningen Fyrljuset\n\n"
            "Bakgrund\nKommunen ingick ett partnerskap med Föreningen Fyrljuset (KS 2021/120). " + sentence + "\n")
    assert {c.number: c.relation for c in extract_text(text).referenced_case_numbers} == {"KS 2021/120": "predecessor"}


def test_a_decision_cited_with_its_case_number_is_that_cases_step():
    text = ("Tjänsteskrivelse\nDnr KS 2024/600\n\nPartnerskap med Föreningen Fyrljuset\n\nBakgrund\n"
            "Kommunstyrelsen beslutade 2021-03-08, § 41, att ingå ett partnerskap med Föreningen Fyrljuset för "
            "åren 2021–2023 (dnr KS 2021/077). Den överenskommelsen löper ut vid årsskiftet.\n")
    found = extract_text(text)
    assert {c.number: c.relation for c in found.referenced_case_numbers} == {"KS 2021/077": "predecessor"}
    assert [l for l in decision_links(found, text) if l.type in ("predecessor", "extends")] == []


@pytest.mark.parametrize("text, number", [
    ("Dnr: 3.1.1-2022-0456", "3.1.1-2022-0456"),  # a filing-plan code before year and serial (a state audit)
    ("Diarienummer A537.591/2023", "A537.591/2023"),  # the police register: a letter, a serial with a point, the year
])
def test_state_registers(text, number):
    assert [c.number for c in diarienummer.find(text)] == [number]


def test_a_ministrys_number_in_another_authoritys_subject_line_is_cited_and_no_title():
    text = ("Mölndals stad\nSocialförvaltningen\n\nYTTRANDE\n2024-05-02\nDnr SN 2024/0301\n\nRegeringskansliet\n"
            "Socialdepartementet\n\nYttrande över promemorian Stärkt skydd för barn (Ds 2024:3), S2024/00512\n\n"
            "Socialnämnden i Mölndals stad tillstyrker förslagen.\n")
    found = extract_text(text)
    assert [c.number for c in found.own_case_numbers] == ["SN 2024/0301"]
    assert {c.number: c.relation for c in found.referenced_case_numbers} == {"S2024/00512": "related"}
    assert found.title == "Yttrande över promemorian Stärkt skydd för barn (Ds 2024:3)"
    assert found.decided_by == "Socialnämnden"


def test_a_ministrys_own_number_is_its_own():
    text = "Regeringskansliet\nSocialdepartementet\n\nS2024/00512\n\nPromemoria\n\nStärkt skydd för barn\n"
    assert [c.number for c in extract_text(text).own_case_numbers] == ["S2024/00512"]


PROTOCOL_SMALL_PREFIX = """LUDVIKA KOMMUN                            SAMMANTRÄDESPROTOKOLL
Kommunfullmäktige                         Sammanträdesdatum 2024-02-26

Kf § 12                                   Dnr KS 2023/0412

Avtal med Ludvika Konstförening om utställningslokal

Kommunfullmäktiges beslut
Kommunfullmäktige godkänner avtalet med Ludvika Konstförening.

Ärendet
Kommunstyrelsen föreslog den 6 februari 2024, Ks § 21, att avtalet skulle godkännas.

Kf § 13                                   Dnr KS 2024/0031

Val av revisor

Kommunfullmäktiges beslut
Till revisor väljs Per Berg.

Se § 12 ovan för avtalet.
"""


def test_paragraph_heads_with_the_bodys_abbreviation_in_small_letters():
    found = extract_text(PROTOCOL_SMALL_PREFIX)
    assert [p.number for p in found.paragraphs] == ["Kf § 12", "Kf § 13"]
    assert sorted(c.number for c in found.own_case_numbers) == ["KS 2023/0412", "KS 2024/0031"]
    assert [(r.body, r.date, r.paragraph) for r in found.decision_refs] == [("Kommunstyrelsen", "2024-02-06", "21")]


def test_prefix_hyphen_serial_and_year():
    assert [c.number for c in diarienummer.find("Dnr: KS-0207/2023")] == ["KS-0207/2023"]  # Sundbyberg's register
    assert diarienummer.compact("KS-0207/2023") == diarienummer.compact("KS 207/2023")


@pytest.mark.parametrize("text, value", [("Ramen är 3 MSEK.", 3_000_000), ("Budget 450 TSEK.", 450_000),
                                         ("Ramen är 2,5 miljoner SEK.", 2_500_000)])
def test_amounts_in_sek_multiples(text, value):
    assert [a.value for a in amount.find(text)] == [value]


def test_a_cost_that_fits_the_boards_budget_is_the_authoritys():
    text = ("Solna stad\nTjänsteutlåtande\nDatum: 2024-03-04\nDnr: KS-0210/2024\n\nFörlängd överenskommelse med "
            "Föreningen Solna Kvinnojour\n\nFörslag till beslut\nKommunstyrelsen godkänner att överenskommelsen med "
            "Föreningen Solna Kvinnojour förlängs. Kostnaden, 310 000 kronor, ryms inom kommunstyrelsens budget.\n")
    assert [(f.payer, f.amount) for f in extract_text(text).funding] == [("Solna stad", 310000)]


KIRUNA_LIKE = """Protokoll
Barn- och utbildningsnämnden
Gällivare kommun
Sammanträdesdatum 2024-05-14

Dnr BUN 2024-0101
§ 41 Skolskjuts för elever i Hakkas

Beslut
Nämnden godkänner avtalet med Hakkas Buss AB om skolskjuts för läsåren 2024/25–2026/27.

Dnr BUN 2024-0107
§ 42 Information om elevhälsan

Beslut
Informationen noteras.
"""


def test_a_case_number_on_the_line_above_its_paragraphs_head_is_that_paragraphs():
    found = extract_text(KIRUNA_LIKE)
    assert [(p.number, p.case_numbers) for p in found.paragraphs] == [("§ 41", ["BUN 2024-0101"]), ("§ 42", ["BUN 2024-0107"])]


def test_a_decision_heading_under_a_paragraph_is_a_section_and_its_agreement_has_parties():
    found = extract_text(KIRUNA_LIKE)
    assert {p.name for p in found.parties} == {"Hakkas Buss AB", "Gällivare kommun"}  # the protocol's authority too


@pytest.mark.parametrize("text, span", [
    ("för läsåren 2024/25–2026/27", ("2024-07-01", "2027-06-30")),
    ("läsåren 2024/2025-2026/2027", ("2024-07-01", "2027-06-30")),  # never the years 2025-2026 inside it
    ("under läsåren 2024/25 och 2025/26", ("2024-07-01", "2026-06-30")),
])
def test_a_run_of_school_years(text, span):
    assert [p.span for p in period.find(text)] == [span]


@pytest.mark.parametrize("type_line, kind", [
    ("ORDFÖRANDEBESLUT", "delegationsbeslut"),  # a chair's decision in an urgent matter (kommunallagen 6 kap. 39 §)
    ("SAMARBETSAVTAL", "avtal"), ("Köpekontrakt", "avtal"), ("Tilldelningsbeslut", "beslut"),
])
def test_more_type_words(type_line, kind):
    text = f"Exempels kommun\n{type_line}\nDatum: 2024-01-10\nDnr KS 2024/0001\n\nOm ärendet\n\nText om ärendet.\n"
    assert extract_text(text).document_type == kind
