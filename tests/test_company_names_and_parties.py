"""Company names whole however they are composed, and parties only where an agreement is decided."""

import pytest

from extractor import extract_text
from extractor.facts.organisations import find_mentions, known_organisations


@pytest.mark.parametrize("written", ["GS Buss AB", "Göteborg & Co AB", "Västerviks Stads Leasing AB",
                                     "Förvaltnings AB Framtiden"])
def test_a_company_name_is_found_whole(written):
    text = f"Kommunstyrelsen ger {written} i uppdrag att redovisa sin ekonomi.\n"
    names = [m.name for m in find_mentions(text, known_organisations()) if m.kind != "committee"]
    assert written in names and not any(n != written and n in written for n in names)


def test_a_report_names_no_parties_and_an_agreement_does():
    report = ("REVISIONSRAPPORT\n\nGranskning av bidrag till föreningar\n\nRevisorerna har granskat hur "
              "Västerviks kommun följer upp bidragen till Föreningen Gamla Stan.\n")
    assert extract_text(report).parties == []
    agreement = ("TJÄNSTESKRIVELSE\n\nÖverenskommelse med Föreningen Gamla Stan\n\nFörslag till beslut\n"
                 "Kommunstyrelsen godkänner överenskommelsen med Föreningen Gamla Stan (org.nr 802437-1234).\n")
    assert "Föreningen Gamla Stan" in [p.name for p in extract_text(agreement).parties]


PROTOCOL = """KALIX KOMMUN                                   SAMMANTRÄDESPROTOKOLL
Kommunstyrelsen                                 2025-04-14

§ 41    Dnr KS 2025/118
Årsredovisning 2024 för Kalix Hamn AB

Beslut
Kommunstyrelsen lägger Kalix Hamn AB:s årsredovisning till handlingarna.

§ 42    Dnr KS 2025/131
Samverkansavtal med Föreningen Folkets Hus i Kalix 2025–2027

Beslut
Kommunstyrelsen godkänner samverkansavtalet med Föreningen Folkets Hus i Kalix
för åren 2025–2027.

§ 43    Dnr KS 2025/140
Val av ombud till Stiftelsen Kalix Folkhögskola

Beslut
Kommunstyrelsen utser Eva Lind till ombud vid Stiftelsen Kalix Folkhögskolas stämma.
"""


def test_a_protocol_of_several_matters_has_the_parties_of_its_agreement_paragraph_only():
    found = extract_text(PROTOCOL)
    assert [p.number for p in found.paragraphs] == ["§ 41", "§ 42", "§ 43"]
    names = [p.name for p in found.parties]
    assert "Föreningen Folkets Hus i Kalix" in names
    assert not any("Hamn" in n or "Folkhögskola" in n for n in names), names
    by_paragraph = {p["name"]: p.get("in_paragraph") for p in found.to_dict()["parties"]}
    assert by_paragraph["Föreningen Folkets Hus i Kalix"] == "§ 42"


def test_a_protocol_that_decides_no_agreement_has_no_parties():
    without = PROTOCOL.replace("Samverkansavtal med", "Information om").replace(
        "godkänner samverkansavtalet med", "noterar informationen om")
    assert extract_text(without).parties == []


@pytest.mark.parametrize(
    "text, found, not_found",
    [
        # one addressee a line: the unit on the next line is no part of the association's name
        ("Expedieras till\nFöreningen Kvarnbyns Mötesplats\nEkonomienheten\n",
         "Föreningen Kvarnbyns Mötesplats", "Föreningen Kvarnbyns Mötesplats Ekonomienheten"),
        # a name wrapped in running text still continues on the next line
        ("Kommunstyrelsen har under flera år samverkat med Föreningen Kvarnbyns\nMötesplats, som driver läxhjälp.\n",
         "Föreningen Kvarnbyns Mötesplats", "Föreningen Kvarnbyns"),
    ],
)
def test_a_name_runs_onto_the_next_line_only_where_the_line_wrapped(text, found, not_found):
    names = [m.name for m in find_mentions(text, known_organisations()) if m.kind != "committee"]
    assert found in names and not_found not in names


@pytest.mark.parametrize("text", ["Föreningen bidrar med egna medel.\n", "Förbundet står för lokalerna.\n"])
def test_a_bare_generic_word_is_no_organisation_name(text):
    assert [m.name for m in find_mentions(text, known_organisations()) if m.kind != "committee"] == []


@pytest.mark.parametrize(
    "parent, subsidiary",
    [("Hamnbolaget Norrvik AB", "Norra Hamnbolaget Norrvik AB")],
)
def test_two_full_company_names_differing_by_a_word_are_two_companies(parent, subsidiary):
    from extractor.facts.names import same_organisation
    assert not same_organisation(parent, subsidiary)
    assert same_organisation("Göteborgs Stadshus AB", "Stadshus AB")


def test_a_protocol_of_several_matters_has_no_agreement_period_of_its_own():
    text = PROTOCOL.replace("för åren 2025–2027.", "för perioden 1 januari 2025 – 31 december 2027.")
    found = extract_text(text)
    assert found.agreement_period is None
    assert ("2025-01-01", "2027-12-31") in [(p.start_date, p.end_date) for p in found.periods]


def test_a_capital_contribution_between_two_companies_names_both_as_parties():
    extract = ("§ 88 0231/25\nHemställan från Norrviks Hamn AB om att lämna kapitaltillskott till\n"
               "Norrviks Hamnfastigheter AB\nBeslut\n\nNorrviks Hamn AB medges att lämna ett kapitaltillskott om "
               "40 mnkr till Norrviks Hamnfastigheter AB.\n")
    names = [p.name for p in extract_text(extract).parties]
    assert "Norrviks Hamn AB" in names and "Norrviks Hamnfastigheter AB" in names, names
