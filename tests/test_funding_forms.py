"""Funding in the forms other bodies print: amounts per quarter or month, shares of a cost,
tables of payers or years, a sum split over years, words and numbers broken by OCR, and the
cost of an agreement a protocol's paragraph enters or extends."""

import pytest

from extractor import extract_text
from extractor.facts import amount

HEAD = ("Karlskoga kommun\nTjänsteskrivelse\n\nDatum 2025-09-02\nDiarienummer KS 2025/0277\n\nKommunstyrelsen\n\n"
        "Överenskommelse om idéburet offentligt partnerskap med Föreningen Ljuspunkten i Karlskoga\n\n"
        "Överenskommelsen avser perioden 2026-01-01 – 2027-12-31.\n\n")
AGREED = ("2026-01-01", "2027-12-31")


def _rows(body: str, head: str = HEAD):
    e = extract_text(head + body + "\n")
    return sorted((f.payer, f.amount, f.basis, f.period and tuple(f.period)) for f in e.funding)


@pytest.mark.parametrize(
    "body, rows",
    [
        # a quarter's amount is a quarter of the yearly one
        ("Kommunen betalar föreningen 185 000 kronor per kvartal under avtalsperioden.",
         [("Karlskoga kommun", 740000, "per_year", AGREED)]),
        # a month's amount, paid by the committee's office on the municipality's behalf
        ("Förvaltningen betalar 42 500 kronor per månad för platserna.",
         [("Karlskoga kommun", 510000, "per_year", AGREED)]),
        ("Kommunen betalar 20 tkr/mån till föreningen.",
         [("Karlskoga kommun", 240000, "per_year", AGREED)]),
        # a payment schedule is no unit of the amount
        ("Kommunen betalar 600 000 kronor per år. Ersättningen betalas ut kvartalsvis i förskott.",
         [("Karlskoga kommun", 600000, "per_year", AGREED)]),
    ],
)
def test_an_amount_per_part_of_a_year_is_funded_as_its_yearly_amount(body, rows):
    assert _rows(body) == rows


@pytest.mark.parametrize(
    "body",
    [
        # the payers and their share after the amount, in its sentence
        "Kostnaden beräknas till 900 000 kronor per år och finansieras av kommunen och Region Örebro län "
        "med 50 procent var.",
        "Kostnaden beräknas till 900 000 kronor per år och bekostas av kommunen och Region Örebro län med hälften vardera.",
        # in the next sentence, opening on the amount's noun
        "Den totala kostnaden för samordnaren är 900 000 kronor per år. Kostnaden fördelas lika mellan kommunen och "
        "Region Örebro län.",
        # the payers first, before the amount
        "Kommunen och Region Örebro län delar lika på kostnaden om 900 000 kronor per år.",
        # the payers first, in the next sentence
        "Den totala kostnaden beräknas till 900 000 kronor per år. Kommunen och Region Örebro län står för hälften var.",
    ],
)
def test_a_shared_cost_is_one_row_per_payer_with_its_part(body):
    rows = [r for r in _rows(body) if r[0] != "total"]
    assert rows == [("Karlskoga kommun", 450000, "per_year", AGREED), ("Region Örebro län", 450000, "per_year", AGREED)]


def test_a_whole_cost_keeps_its_total_row_beside_the_shares():
    body = "Den totala kostnaden beräknas till 900 000 kronor per år. Kommunen och Region Örebro län står för hälften var."
    assert ("total", 900000, "per_year", AGREED) in _rows(body)


def test_a_share_in_percent_other_than_half():
    body = "Kostnaden, 1 000 000 kronor per år, finansieras av kommunen och Region Örebro län med 40 procent var."
    assert [r[:2] for r in _rows(body)] == [("Karlskoga kommun", 400000), ("Region Örebro län", 400000)]


@pytest.mark.parametrize(
    "body",
    [
        # payers without a share: who pays how much is not said
        "Kostnaden beräknas till 900 000 kronor per år och finansieras av kommunen och Region Örebro län.",
        # one payer named: no split
        "Kostnaden beräknas till 900 000 kronor per år och finansieras av kommunen med 50 procent.",
        # a split sentence about something else than the amount before it
        "Kostnaden beräknas till 900 000 kronor per år. Ansvaret fördelas lika mellan kommunen och Region Örebro län.",
    ],
)
def test_no_split_without_payers_and_their_share(body):
    assert not [r for r in _rows(body) if r[1] == 450000]


def test_a_verb_broken_by_ocr_still_names_the_payer():
    head = ("Myndigheten för ungdoms- och civilsamhällesfrågor\nBeslut\n2025-12-09\nDnr 2025/3310\n\n"
            "Beslut om organisationsbidrag för 2026\n\n")
    body = ("Myndigheten för ungdoms- och civilsamhällesfrågor bevil jar Förbundet Unga Röster, org.nr 802331-2542, "
            "ett organisationsbidrag om 1 2OO OOO kr för år 2026.")
    assert _rows(body, head) == [("Myndigheten för ungdoms- och civilsamhällesfrågor", 1200000, "per_year",
                                  ("2026-01-01", "2026-12-31"))]


def test_a_sum_split_over_years_is_one_row_per_year():
    head = "Tillväxtverket\nBeslut\n2025-02-10\nÄrendenummer 2025-000977\n\nBeslut om stöd till projektet Gröna spår\n\n"
    body = ("Tillväxtverket beviljar Kumla kommun stöd med högst 1 000 000 kronor, varav 400 000 kronor 2025 och "
            "600 000 kronor 2026.\nProjektet ska genomföras under perioden 2025-01-01 -- 2026-12-31.")
    rows = _rows(body, head)
    assert ("Tillväxtverket", 400000, "per_year", ("2025-01-01", "2025-12-31")) in rows
    assert ("Tillväxtverket", 600000, "per_year", ("2026-01-01", "2026-12-31")) in rows
    assert ("Tillväxtverket", 1000000, "total", ("2025-01-01", "2026-12-31")) in rows
    periods = {(p.start_date, p.end_date) for p in extract_text(head + body).periods}
    assert {("2025-01-01", "2025-12-31"), ("2026-01-01", "2026-12-31")} <= periods


def test_a_table_of_payers_pays_each_row_for_the_year_in_its_heading():
    body = ("Verksamheten finansieras enligt tabellen.\n\n"
            "Finansiär                        Belopp 2026\n"
            "Karlskoga kommun                 600 000 kr\n"
            "Region Örebro län                400 000 kr\n"
            "Bostadsbolaget Karlskogahem AB   200 000 kr\n"
            "Summa                          1 200 000 kr\n")
    year = ("2026-01-01", "2026-12-31")
    assert _rows(body) == [("Bostadsbolaget Karlskogahem AB", 200000, "per_year", year),
                           ("Karlskoga kommun", 600000, "per_year", year), ("Region Örebro län", 400000, "per_year", year)]


def test_a_table_of_years_is_the_authoritys_amount_for_each_year():
    head = ("Boverket\nBeslut\n2025-03-01\nDnr 2025/2201\n\nBeslut om stöd till Föreningen Gröna gårdar\n\n"
            "Boverket beviljar Föreningen Gröna gårdar, org.nr 802404-7667, stöd enligt följande.\n\n")
    body = ("År        Belopp\n"
            "2025      1 450 000 kr\n"
            "2026      1 600 000 kr\n"
            "Summa     3 050 000 kr\n")
    assert _rows(body, head) == [("Boverket", 1450000, "per_year", ("2025-01-01", "2025-12-31")),
                                 ("Boverket", 1600000, "per_year", ("2026-01-01", "2026-12-31"))]
    periods = {(p.start_date, p.end_date) for p in extract_text(head + body).periods}
    assert {("2025-01-01", "2025-12-31"), ("2026-01-01", "2026-12-31")} <= periods


def test_a_table_of_years_read_from_a_pdf_keeps_one_space_of_its_gaps():
    head = ("Boverket\nBeslut\n2025-03-01\nDnr 2025/2201\n\nBeslut om stöd till Föreningen Gröna gårdar\n\n"
            "Boverket beviljar Föreningen Gröna gårdar, org.nr 802404-7667, stöd enligt följande.\n\n")
    body = "År Belopp\n2025 1 450 000 kr\n2026 1 600 000 kr\nSumma 3 050 000 kr\n"
    assert _rows(body, head) == [("Boverket", 1450000, "per_year", ("2025-01-01", "2025-12-31")),
                                 ("Boverket", 1600000, "per_year", ("2026-01-01", "2026-12-31"))]


def test_a_year_and_a_number_without_a_unit_is_no_table_row_at_one_space():
    periods = extract_text("Antal platser\n2025 12\n2026 14\n").periods
    assert not [p for p in periods if p.kind == "year"]


def test_a_table_of_recipients_is_still_the_authoritys_grants():
    body = ("Kommunstyrelsen beviljar följande bidrag.\n\n"
            "Förening                         Belopp\n"
            "Karlskoga Schacksällskap         25 000 kr\n"
            "Karlskoga Konstförening          40 000 kr\n"
            "Summa                            65 000 kr\n")
    assert [r[:3] for r in _rows(body)] == [("Karlskoga kommun", 25000, "one_off"), ("Karlskoga kommun", 40000, "one_off")]


def test_a_leading_one_read_as_a_letter_by_ocr():
    text = "ett investeringsbidrag om l50 000 kr för nytt golv"
    found = amount.find(text)
    assert [a.value for a in found] == [150000]
    assert text[found[0].start:found[0].end] == found[0].text == "l50 000 kr"


def test_a_capital_i_alone_is_no_digit():
    assert [a.value for a in amount.find("I 200 000 kronor ingår lokalkostnaden.")] == [200000]


def test_a_two_word_phrase_is_no_broken_verb():
    # "till delar" (in part) is two words, not the verb "tilldelar" broken by OCR
    body = "Kommunen finansierar till delar verksamheten. Föreningen står för 300 000 kronor per år."
    assert _rows(body) == [("Föreningen Ljuspunkten i Karlskoga", 300000, "per_year", AGREED)]


PROTOCOL = ("KULTUR- OCH FRITIDSNÄMNDEN                         SAMMANTRÄDESPROTOKOLL\n"
            "                                                   Sammanträdesdatum\n"
            "                                                   2025-02-10\n\n"
            "Plats:                    Västerby kommunhus, sammanträdesrum Ån\n\n"
            "KFN § 5\nAvtal om drift av Västerby sporthall\nDnr KFN/2025:5\n\n"
            "Ärendebeskrivning\n{body}\n\n"
            "Beslut\nKultur- och fritidsnämnden beslutar enligt förvaltningens förslag.\n")


@pytest.mark.parametrize(
    "body",
    [
        "Förvaltningen föreslår att avtalet förlängs med två år, för perioden 2025-07-01 -- 2027-06-30, med en\n"
        "årlig ersättning om 3 400 000 kronor.",
        "Förvaltningen föreslår att nämnden ska förlänga driftavtalet för perioden 2025-07-01 -- 2027-06-30\n"
        "till en kostnad av 3 400 000 kronor per år.",
    ],
)
def test_the_cost_of_an_agreement_the_clause_enters_or_extends_is_the_authoritys(body):
    # the municipality is named only by the hall the committee meets in
    e = extract_text(PROTOCOL.format(body=body))
    assert e.authority == "Västerby kommun"
    assert [(f.payer, f.amount, f.basis, tuple(f.period)) for f in e.funding] == [
        ("Västerby kommun", 3400000, "per_year", ("2025-07-01", "2027-06-30"))]


def test_a_cost_named_without_an_owner_outside_an_agreements_clause_is_no_funding():
    body = "Förvaltningen har utrett hallens skick. Renoveringen beräknas till en kostnad av 3 400 000 kronor."
    assert extract_text(PROTOCOL.format(body=body)).funding == []
