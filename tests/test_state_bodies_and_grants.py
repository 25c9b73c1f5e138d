"""State agencies, universities and grants: their case numbers, names, payers and cited decisions.

Written in the forms of bodies the sample corpus does not hold (Umeå universitet, Region
Västerbotten, Skatteverket, Länsstyrelsen, Justitiedepartementet).
"""

import pytest

from extractor import extract_text
from extractor.identifiers import diarienummer
from extractor.facts.organisations import find_mentions, known_organisations
from index.linking.links import find_links


@pytest.mark.parametrize("written, number", [
    ("Ärendenummer: NV-00871-25", "NV-00871-25"),  # prefix, five-digit serial, two-digit year
    ("Dnr LiU-2025-00077", "LiU-2025-00077"),  # a university's mixed-case prefix, kept as written
    ("Regeringsbeslut Ju2018/01234/POL", "Ju2018/01234/POL"),  # a ministry number with its unit
    ("Ert dnr: S2016/04512/FS", "S2016/04512/FS"),
])
def test_state_and_university_numbers(written, number):
    assert [c.number for c in diarienummer.find(written)] == [number]


def test_the_unit_is_no_part_of_the_key_and_the_mixed_case_is_none_of_it():
    assert diarienummer.compact("Ju2018/01234/POL") == diarienummer.compact("Ju2018/01234")
    assert diarienummer.compact("LiU-2025-00077") == diarienummer.compact("LIU-2025-77")
    assert diarienummer.compact("NV-00871-25") != diarienummer.compact("NV-00871-24")


@pytest.mark.parametrize("text", ["Ring 08-1234-56 före lunch.", "Postnummer SE-1234-56.",
                                  "KS-2019-12-05 kl. 10", "Vid 2019-05-12 hölls mötet."])
def test_lookalikes_of_the_new_forms_are_no_numbers(text):
    assert diarienummer.find(text) == []


UNIVERSITY_AGREEMENT = """UMEÅ UNIVERSITET                                   AVTAL
                                                   Dnr UmU-2025-00412
REGION VÄSTERBOTTEN                                Regionens dnr RUN 2025-00188

Avtal om Forskningsskolan för vårdens digitalisering 2026–2028

Parter
Umeå universitet, org.nr 202100-2874 (universitetet)
Region Västerbotten, org.nr 232100-0222 (regionen)

Bakgrund
Detta avtal ersätter avtalet för 2023–2025 (UmU-2022-00388, RUN 2022-00071).

Avtalstid
Avtalet gäller från och med den 1 januari 2026 till och med den 31 december 2028.

Finansiering
Regionen och universitetet bidrar vardera med 450 000 kronor per år.
Regionen står även för lokalerna, 90 000 kronor per år.
"""


def test_a_university_is_named_by_its_number_and_pays_its_share():
    e = extract_text(UNIVERSITY_AGREEMENT)
    assert {o.number: o.name for o in e.org_numbers} == {"202100-2874": "Umeå universitet",
                                                         "232100-0222": "Region Västerbotten"}
    rows = {(f.payer, f.amount, f.basis) for f in e.funding}
    assert rows == {("Umeå universitet", 450000, "per_year"), ("Region Västerbotten", 450000, "per_year"),
                    ("Region Västerbotten", 90000, "per_year")}
    assert e.agreement_period == ("2026-01-01", "2028-12-31")


def test_each_partys_number_of_the_agreement_before_is_its_predecessor():
    e = extract_text(UNIVERSITY_AGREEMENT)
    assert [c.number for c in e.own_case_numbers] == ["UmU-2025-00412", "RUN 2025-00188"]
    relations = {c.number: c.relation for c in e.referenced_case_numbers}
    assert relations == {"UmU-2022-00388": "predecessor", "RUN 2022-00071": "predecessor"}
    links = [l for l in find_links([e.to_dict()]) if l.type in ("replaces", "extends", "predecessor")]
    assert {(l.source, l.target) for l in links} == {("UmU-2025-00412", number) for number in relations}


GRANT = """LÄNSSTYRELSEN VÄSTERBOTTEN                          BESLUT
                                                   2025-03-12
                                                   Dnr 511-2231-2025

Bidrag till Föreningen Fjällnära Friluftsliv

Beslut
Länsstyrelsen beviljar Föreningen Fjällnära Friluftsliv, org.nr 802511-2072, bidrag med
högst 280 000 kronor till projektet Leder i Vindelälvsdalen. Bidraget avser perioden
1 april 2025–31 mars 2026.

Skäl för beslutet
Ansökan stämmer med regeringens beslut den 1 juli 2021 (M2021/01342) om stöd till friluftslivet.
Skatteverkets beslut den 12 maj 2024 om föreningens skattskyldighet har inte påverkat bedömningen.
Socialnämnden i Lycksele kommuns beslut den 3 februari 2025 om samverkan med föreningen bifogas.
"""


def test_a_grant_has_a_payer_and_a_period_but_no_agreement():
    e = extract_text(GRANT)
    assert e.agreement_period is None
    assert [(f.amount, f.basis, f.period) for f in e.funding] == [(280000, "total", ("2025-04-01", "2026-03-31"))]


def test_decisions_named_with_written_dates_and_their_bodies():
    refs = {(r.body, r.date, r.paragraph) for r in extract_text(GRANT).decision_refs}
    assert refs == {("Regeringen", "2021-07-01", None), ("Skatteverket", "2024-05-12", None),
                    ("Socialnämnden i Lycksele kommun", "2025-02-03", None)}


def test_a_table_of_grants_makes_each_recipient_a_party():
    table = ("DELEGATIONSBESLUT\n\nBidrag till lovaktiviteter 2025\n\nBeslut\n"
             "Med stöd av delegationsordningen beviljar Vindelns kommun följande bidrag:\n\n"
             "  Mottagare                     Belopp\n"
             "  Vindelns Skidklubb            kr 40 000\n"
             "  Hällnäs Bygdegårdsförening    kr 25 000\n"
             "  Summa                         kr 65 000\n")
    names = {p.name for p in extract_text(table).parties}
    assert {"Vindelns Skidklubb", "Hällnäs Bygdegårdsförening"} <= names


@pytest.mark.parametrize("written", ["Umeå brukshundklubb", "Nordmalings hembygdsförening",
                                     "Västerbottens brand- och\nräddningsförbund"])
def test_an_association_named_by_its_place_and_kind(written):
    text = f"Bidraget går till {written} (org.nr 802412-3377) för verksamhetsåret.\n"
    assert [(o.number, o.name) for o in extract_text(text).org_numbers] == [("802412-3377", " ".join(written.split()))]


def test_a_determiner_or_a_generic_noun_names_no_place():
    text = "Denna idrottsförening har funnits länge. Kommunens idrottsförening är en annan.\n"
    assert not [m for m in find_mentions(text, known_organisations()) if "förening" in m.name]


def test_a_decision_on_a_charter_has_no_parties():
    charter = ("TJÄNSTESKRIVELSE\n\nReviderad förbundsordning för Västerbottens brand- och räddningsförbund\n\n"
               "Förslag till beslut\nKommunfullmäktige antar den reviderade förbundsordningen för Västerbottens "
               "brand- och räddningsförbund, org.nr 802498-1105.\n")
    e = extract_text(charter)
    assert e.parties == [] and e.org_numbers[0].name == "Västerbottens brand- och räddningsförbund"


def test_what_the_agreement_before_gave_is_no_funding_of_this_one():
    text = ("TJÄNSTESKRIVELSE\n\nFörlängning av överenskommelse med Umeå brukshundklubb\n\nBakgrund\n"
            "Överenskommelsen gav föreningen 400 000 kronor per år.\n")
    assert extract_text(text).funding == []


@pytest.mark.parametrize("written, number, same_as", [
    ("Diarienummer: KS 2020/00212-1.1.2", "KS 2020/00212-1.1.2", "KS 2020/212"),  # filed under its plan
    ("Dnr KS 2019/00123-5", "KS 2019/00123-5", "KS 2019/123"),  # the fifth document of the case
    ("Dnr: 2021/118-2.3", "2021/118-2.3", "Dnr 2021/118"),
    ("Ärende: 2019-00123", "2019-00123", "Dnr 2019-123"),
])
def test_a_number_with_its_filing_code_or_document_serial_is_the_case(written, number, same_as):
    assert [c.number for c in diarienummer.find(written)] == [number]
    assert diarienummer.compact(number) == diarienummer.compact(same_as)


def test_an_extract_under_a_letterhead_is_titled_by_its_paragraph():
    extract = ("NORRTÄLJE KOMMUN\nKOMMUNSTYRELSEN\nPROTOKOLLSUTDRAG\nSammanträdesdatum 2020-02-12\n\n"
               "§ 22\nSamverkansavtal med Roslagens Båtklubb om gästhamnen\nKS 2019/0331\n\n"
               "Beslut\nKommunstyrelsen beslutar att godkänna samverkansavtalet.\n")
    e = extract_text(extract)
    assert e.document_type == "protokollsutdrag"
    assert e.title == "Samverkansavtal med Roslagens Båtklubb om gästhamnen"


REGION_PROTOCOL = """                                                  PROTOKOLL
Region Kalmar län                                 Sammanträdesdatum: 2022-10-11
Regionstyrelsen

§ 140
Val av justerare

§ 141
Överenskommelse om idéburet offentligt partnerskap med Kvinnohuset Tranan
Diarienummer: RS 2022/512

Beslut
Regionstyrelsen
1. godkänner överenskommelsen för perioden 2023-01-01–2025-12-31,
2. beviljar 720 000 kronor per år.
"""


def test_a_numbered_decision_list_is_paid_by_the_body_heading_it():
    e = extract_text(REGION_PROTOCOL)
    assert e.authority == "Region Kalmar län"
    assert [(f.payer, f.amount, f.basis) for f in e.funding] == [("Region Kalmar län", 720000, "per_year")]


def test_the_partner_an_agreement_heading_names_after_med_is_a_party():
    assert "Kvinnohuset Tranan" in [p.name for p in extract_text(REGION_PROTOCOL).parties]
    running_on = REGION_PROTOCOL.replace("med Kvinnohuset Tranan", "med Kvinnohuset tranan i stan")
    assert not any("Kvinnohuset" in p.name for p in extract_text(running_on).parties)


def test_numbered_agreement_sections_and_a_signature_for_the_municipality():
    agreement = ("Överenskommelse om idéburet offentligt partnerskap – Väntjänst\n\n1. Parter\n"
                 "Ludvika kommun, genom socialnämnden,\noch Stiftelsen Ludvika Stadsmission.\n\n"
                 "2. Avtalstid\nÖverenskommelsen gäller 2026-01-01–2027-12-31.\n\n"
                 "För Ludvika kommun                För Stiftelsen Ludvika Stadsmission\n")
    assert sorted(p.name for p in extract_text(agreement).parties) == ["Ludvika kommun", "Stiftelsen Ludvika Stadsmission"]


def test_an_agreement_whose_counterparty_is_not_named_has_no_parties():
    text = ("TJÄNSTESKRIVELSE\n\nFörlängd överenskommelse om kollektivtrafik\n\nFörslag till beslut\n"
            "Kommunstyrelsen i Hylte kommun godkänner den förlängda överenskommelsen.\n")
    assert extract_text(text).parties == []


def test_a_known_body_mentioned_in_passing_is_no_party_and_reasons_end_the_decision():
    text = ("TJÄNSTESKRIVELSE\n\nAvtal med Kvinnojouren Tranan\n\nFörslag till beslut\nSocialnämnden i Kalmar kommun "
            "godkänner avtalet med Kvinnojouren Tranan, org.nr 802412-3377.\n\nMotivering\nRegeringens beslut om "
            "statsbidrag gäller även 2025.\n\nBakgrund\nMalmö stad har ett liknande avtal.\n")
    assert sorted(p.name for p in extract_text(text).parties) == ["Kalmar kommun", "Kvinnojouren Tranan"]


def test_an_organisation_named_in_passing_is_named_but_no_party():
    text = ("TJÄNSTESKRIVELSE\n\nAvtal med Kvinnojouren Tranan\n\nFörslag till beslut\nSocialnämnden i Kalmar kommun "
            "godkänner avtalet med Kvinnojouren Tranan, org.nr 802412-3377.\n\nBakgrund\nRegion Kalmar län deltar i "
            "samrådet om skyddat boende.\n")
    e = extract_text(text)
    assert "Region Kalmar län" in [o.name for o in e.organisations]
    assert "Region Kalmar län" not in [p.name for p in e.parties]
