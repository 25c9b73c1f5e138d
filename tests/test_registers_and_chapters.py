"""Registers that print their case numbers in still other layouts (dots between the parts, the
prefix run together with the year, the serial before the year, a two-digit year before the
prefix), an earlier decision cited in a header sentence, a cost charged to a committee's budget,
a local chapter named two ways, a county in a name, the writer's line in a letterhead, a
protocol's matters each with their own agreement, a term counted from a date, a scan's letter O
for a zero. Each text is written the way its kind of body prints it, not taken from the sample
corpus."""

import pytest

from extractor import extract_text
from extractor.facts import period
from extractor.facts.names import same_organisation
from extractor.identifiers import diarienummer


@pytest.mark.parametrize("text, number", [
    ("Diarienummer KS.2024.0311", "KS.2024.0311"),     # prefix, year and serial between dots
    ("Dnr: BUN.2023.0087", "BUN.2023.0087"),
    ("Diarienummer RS2024-00871", "RS2024-00871"),     # the prefix run together with the year
    ("Dnr ADM 512-2024", "ADM 512-2024"),              # the serial before the year
    ("Diarienummer RS 02114-2023", "RS 02114-2023"),
    ("Dnr: 24RS0815", "24RS0815"),                     # a two-digit year, the prefix, the serial
])
def test_case_numbers_in_further_layouts(text, number):
    assert [c.number for c in diarienummer.find(text)] == [number]


@pytest.mark.parametrize("text", [
    "Åren 2021-2024 ökade antalet besök.",   # a capitalised word before a span of years
    "Sida 2-2025",
    "Kl.2024.05 i protokollet",              # a dotted date-like run, not a register's layout
    "möte 2024-05-12",
])
def test_look_alikes_of_the_further_layouts_are_no_case_numbers(text):
    assert diarienummer.find(text) == []


def test_the_further_layouts_keep_their_parts_in_the_key():
    assert diarienummer.compact("KS.2024.0311") == diarienummer.compact("KS 2024.311")
    assert diarienummer.compact("RS2024-00871") == diarienummer.compact("RS 2024-871")
    assert diarienummer.compact("24RS0815") == "2024.RS.815"
    assert diarienummer.compact("ADM 512-2024") != diarienummer.compact("ADM 2024-512")


LETTER = """Naturvårdsverket                                        BESLUT
                                                        2024-09-12
                                                        Ärendenr NV-05512-24

Halmstads kommun
Miljöförvaltningen

Bidrag till kalkning av sjöar 2025

Naturvårdsverket beviljar Halmstads kommun bidrag med 310 000 kronor för år 2025.
Naturvårdsverkets tidigare beslut i ärende NV-01234-23 om bidrag för samma sjöar upphör att gälla.
"""


def test_an_earlier_decision_in_a_header_sentence_is_cited_not_own():
    found = extract_text(LETTER)
    assert [c.number for c in found.own_case_numbers] == ["NV-05512-24"]
    assert {c.number: c.relation for c in found.referenced_case_numbers} == {"NV-01234-23": "predecessor"}


@pytest.mark.parametrize("sentence", [
    "Avtalets kostnad, 1,2 miljoner kronor per år, belastar kultur- och fritidsnämndens budget.",
    "Bidraget om 1 200 000 kronor per år belastar kultur- och fritidsnämndens anslag för föreningsstöd.",
])
def test_a_cost_charged_to_a_committees_budget_is_paid_by_its_municipality(sentence):
    text = ("Skövde kommun\nKultur- och fritidsförvaltningen\nTjänsteskrivelse\n2025-01-15\nDnr KFN 2025/0031\n\n"
            "Avtal med Skövde Idrottsallians om drift av idrottshallen\n\nFörslag till beslut\n"
            "Kultur- och fritidsnämnden godkänner avtal med Skövde Idrottsallians för åren 2025–2026.\n"
            f"{sentence}\n")
    rows = [(f.payer, f.amount, f.basis) for f in extract_text(text).funding]
    assert rows == [("Skövde kommun", 1_200_000, "per_year")]


@pytest.mark.parametrize("a, b, same", [
    ("Röda Korsets Skövdekrets", "Skövde Röda Korskrets", True),
    ("Röda Korsets Göteborgskrets", "Göteborgs Röda Korskrets", True),
    ("Röda Korsets Skövdekrets", "Röda Korsets Falköpingkrets", False),   # two chapters
    ("Skövde Röda Korskrets", "Röda Korset", False),                      # a chapter is not the whole
    ("Röda Korsets Skövdekrets", "Skövde Röda Korsdistrikt", False),      # another kind of chapter
])
def test_a_local_chapter_named_two_ways_is_one(a, b, same):
    assert same_organisation(a, b) is same


def test_a_chapter_named_two_ways_is_one_party():
    text = ("MARIESTADS KOMMUN                                   BESLUTSFÖRSLAG\n"
            "Kommunledningskontoret                             Datum: 2025-03-03\n"
            "                                                   Dnr: KS 2025/0140\n\n"
            "Bidrag till Mariestads Röda Korskrets för läxhjälp\n\nFörslag till beslut\n"
            "Kommunstyrelsen beviljar Röda Korsets Mariestadskrets ett bidrag på 90 tkr för 2025.\n\n"
            "Sammanfattning\nMariestads Röda Korskrets har drivit läxhjälp sedan 2021.\n")
    parties = [p.name for p in extract_text(text).parties]
    assert len(parties) == 2 and "Mariestads kommun" in parties


def test_a_county_after_the_place_is_part_of_the_name():
    text = ("Region Kalmar län\nRegionstyrelsen\nTjänsteskrivelse\n2025-02-01\nDiarienummer RS 2025/0212\n\n"
            "Bidrag till Brottsofferjouren Kalmar län 2025\n\nFörslag till beslut\n"
            "Regionstyrelsen beviljar Brottsofferjouren Kalmar län, org.nr 802011-4503, 250 000 kronor för 2025.\n")
    found = extract_text(text)
    assert {o.number: o.name for o in found.org_numbers} == {"802011-4503": "Brottsofferjouren Kalmar län"}


def test_the_writers_line_in_a_letterhead_is_no_title():
    text = ("KARLSKRONA KOMMUN\nKommunledningsförvaltningen\nJonas Ek, kommunjurist\n\nTJÄNSTESKRIVELSE\n"
            "Datum 2025-01-20\nDiarienummer KS.2025.0044\n\nKommunstyrelsen\n\n"
            "Arrendeavtal för Karlskrona Segelsällskaps klubbhus\n\nFörslag till beslut\n"
            "Kommunstyrelsen godkänner arrendeavtalet.\n")
    found = extract_text(text)
    assert found.title == "Arrendeavtal för Karlskrona Segelsällskaps klubbhus"
    assert [c.number for c in found.own_case_numbers] == ["KS.2025.0044"]


PROTOCOL = """VÄSTERVIKS KOMMUN                      SAMMANTRÄDESPROTOKOLL
Kommunstyrelsen                        Sammanträdesdatum 2025-06-10

KS § 101   Dnr KS 2025/0311
Idéburet offentligt partnerskap med Västerviks Stadsmission

Kommunstyrelsens beslut
Kommunstyrelsen ingår partnerskap med Västerviks Stadsmission för perioden 2025-07-01--2028-06-30.
Kommunen bidrar med 1,2 mnkr per år.

KS § 102   Dnr KS 2025/0298
Bidrag till Västerviks hembygdsförening

Kommunstyrelsens beslut
Västerviks hembygdsförening beviljas ett bidrag om 250 000 kronor för 2025.
"""


def test_a_protocols_paragraph_keeps_its_own_agreement_for_its_amounts():
    rows = {f.amount: (f.basis, f.period) for f in extract_text(PROTOCOL).funding}
    assert rows[1_200_000] == ("per_year", ("2025-07-01", "2028-06-30"))
    assert rows[250_000] == ("per_year", ("2025-01-01", "2025-12-31"))  # not cut to the other matter's agreement


@pytest.mark.parametrize("text, span", [
    ("Avtalet gäller i tre år från och med den 1 januari 2026.", ("2026-01-01", "2028-12-31")),
    ("Omsorgsnämnden godkänner avtalet för två år från och med den 1 juni 2025, därefter tills vidare.",
     ("2025-06-01", "2027-05-31")),
    ("Överenskommelsen gäller under 18 månader från 2026-03-01.", ("2026-03-01", "2027-08-31")),
])
def test_a_term_counted_from_a_date_is_a_period(text, span):
    assert [p.span for p in period.find(text)] == [span]


def test_a_term_counted_from_a_date_is_the_agreements_period():
    text = ("Falu kommun\nOmsorgsförvaltningen\nTjänsteskrivelse\n2025-04-02\nDnr OMN 2025/0077\n\n"
            "Avtal om ledsagning med Dalarnas Ledsagarförening\n\nFörslag till beslut\n"
            "Omsorgsnämnden godkänner avtal med Dalarnas Ledsagarförening om ledsagning för tre år från och med "
            "den 1 juni 2025, därefter tills vidare med tolv månaders uppsägningstid.\n")
    assert extract_text(text).agreement_period == ("2025-06-01", "2028-05-31")


SCANNED = """SOLLEFTEÅ KOMMUN
Kommunstyrelsen

PROTOKOLLSUTDRAG

§ 47 Dnr KS 2024/O112
Bidrag till Näsåkers Kvinnojour 2024

Beslut
Kommunstyrelsen beviljar Näsåkers Kvinnojour ett bidrag om 185 OOO kronor för år 2024.
"""


def test_a_scans_letter_o_for_a_zero_in_a_labelled_number_and_in_an_amount():
    found = extract_text(SCANNED)
    assert [c.number for c in found.own_case_numbers] == ["KS 2024/0112"]
    assert [a.value for a in found.amounts] == [185_000]


def test_paragraphs_numbered_within_the_year_are_paragraphs():
    text = ("Protokoll\nKommunfullmäktige\nSammanträdesdatum: 2025-09-22\n\n"
            "§ 88/25\nDnr 2025/0412-1.4.1\nSamverkansavtal med Alvesta Stadsmission 2026–2028\n\n"
            "Kommunfullmäktiges beslut\nKommunfullmäktige godkänner samverkansavtalet.\n\n"
            "§ 89/25\nDnr 2025/0388-3.2\nTaxa för bygglov 2026\n\n"
            "Kommunfullmäktiges beslut\nKommunfullmäktige antar taxan.\n")
    found = extract_text(text)
    assert [(p.number, p.case_numbers) for p in found.paragraphs] == [
        ("§ 88", ["2025/0412-1.4.1"]), ("§ 89", ["2025/0388-3.2"])]


AUDIT = """Revisorerna i Hudiksvalls kommun

Missiv till kommunstyrelsen och socialnämnden

Revisorerna har avslutat granskningen av kommunens arbete med upphandlingar. Vi hänvisar till
rapporten och önskar svar senast den 30 april 2026.

Hudiksvall den 2 februari 2026

Rapportsammandrag

Revisorerna har granskat kommunens styrning och kontroll av upphandlingar. Syftet har varit att
bedöma om nämnderna följer lagen om offentlig upphandling.
"""


def test_an_audit_report_without_a_title_block_is_titled_by_what_it_audited():
    found = extract_text(AUDIT)
    assert found.document_type == "rapportsammandrag"
    assert found.title == "Kommunens styrning och kontroll av upphandlingar"
