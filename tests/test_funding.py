"""extractor.facts.funding: payer and recipient from the sentence's roles, basis and period."""

import pytest

from extractor import extract_text

HEAD = "Växjö kommun\nTjänsteskrivelse\n\nDatum 2024-09-10\nDiarienummer SN 2024/0312\n\nSocialnämnden\n\n"
TITLE = "Överenskommelse om idéburet offentligt partnerskap med Föreningen Solrosen i Växjö\n\n"
PERIOD = "Överenskommelsen avser perioden 2025-01-01 – 2027-12-31.\n\n"


def _rows(body: str):
    e = extract_text(HEAD + TITLE + PERIOD + body + "\n")
    return sorted((f.payer, f.amount, f.basis) for f in e.funding)


@pytest.mark.parametrize(
    "body, rows",
    [
        # the subject of a paying verb pays on behalf of its municipality; the party after the verb receives
        ("Socialnämnden beviljar Föreningen Solrosen i Växjö ett bidrag om 450 000 kronor per år.",
         [("Växjö kommun", 450000, "per_year")]),
        # the association's own means
        ("Föreningen bidrar med egna medel om 350 tkr per år.",
         [("Föreningen Solrosen i Växjö", 350000, "per_year")]),
        # vardera: each coordinated subject pays the amount
        ("Region Kronoberg och kommunen finansierar verksamheten med 450 000 kronor vardera per år.",
         [("Region Kronoberg", 450000, "per_year"), ("Växjö kommun", 450000, "per_year")]),
        # a possessive owner: the municipality's total, not the whole budget
        ("Kommunens kostnad uppgår till sammanlagt 1 350 000 kronor under avtalstiden.",
         [("Växjö kommun", 1350000, "total")]),
        # a committee's allocation from its own municipality is no funding
        ("För detta ändamål tilldelas nämnden 2 mnkr i höjt kommunbidrag.", []),
        # each "att" of a decision list has the deciding body as subject, not a name in the item above
        ("Förslag till beslut\nSocialnämnden beslutar\natt ingå överenskommelse med Föreningen Solrosen i Växjö "
         "för perioden 2025–2027,\natt avsätta 450 000 kronor per år inom nämndens budget.",
         [("Växjö kommun", 450000, "per_year")]),
        # every infinitive of one decision has the subject before the first "att", not the party in between
        ("Kommunstyrelsen beslutar att ingå överenskommelse med Föreningen Solrosen i Växjö för perioden "
         "2025–2027 och att avsätta 450 000 kronor per år.",
         [("Växjö kommun", 450000, "per_year")]),
        # the decision's date and paragraph between the verb and the receiver; a past grant is one-off
        ("Socialnämnden beviljade 2023-05-11, § 98 Föreningen Solrosen i Växjö 150 000 kronor.",
         [("Växjö kommun", 150000, "one_off")]),
        # a one-time grant from the board's appropriation at its disposal
        ("Socialnämnden beslutar att bevilja Föreningen Solrosen i Växjö ett engångsbidrag om 75 000 kronor.",
         [("Växjö kommun", 75000, "one_off")]),
        # inverted order: the name right after "beviljas" receives, the deciding authority pays,
        # also when an organisation number follows the name
        ("Med stöd av socialnämndens delegationsordning beviljas Solrosens Scoutkår (org.nr 802400-1235) "
         "ett arrangemangsbidrag om 20 000 kronor.",
         [("Växjö kommun", 20000, "one_off")]),
        ("Med stöd av socialnämndens delegationsordning beviljas Föreningen Solrosen i Växjö ett "
         "arrangemangsbidrag om 20 000 kronor.",
         [("Växjö kommun", 20000, "one_off")]),
        # "som tidigare" continues; it is no history
        ("Föreningen bidrar, som tidigare, med 35 000 kronor per år i egna medel.",
         [("Föreningen Solrosen i Växjö", 35000, "per_year")]),
        # an owner-less cost of the agreement's whole term, a raise and its total are the authority's,
        # once the text shows the authority paying
        ("Socialnämnden beviljar Föreningen Solrosen i Växjö 400 000 kronor per år. Förvaltningen bedömer "
         "att en höjning till 450 000 kronor per år, totalt 1 350 000 kronor under avtalstiden, är rimlig. "
         "För hela förlängningen blir kostnaden 1,35 miljoner kronor.",
         [("Växjö kommun", 400000, "per_year"), ("Växjö kommun", 450000, "per_year"),
          ("Växjö kommun", 1350000, "total")]),
        # an applicant's project cost is nobody's funding
        ("Föreningen ansöker om bidrag till taket. Kostnaden beräknas till 212 000 kronor.", []),
        ("En höjning till 450 000 kronor per år är rimlig.", []),
        # what a party pays today, before the decision, is no decided funding
        ("Växjö kommun betalar i dag 200 000 kronor per år för verksamheten.", []),
        # an amount for years before the decided agreement is history
        ("Nämndens bidrag har under 2021–2024 uppgått till 400 000 kronor per år.", []),
        # each amount takes the period and basis of its own stretch of the clause
        ("Socialnämnden beslutar att för 2025 avsätta 300 000 kronor och för 2026–2027 avsätta "
         "1,2 miljoner kronor per år.",
         [("Växjö kommun", 300000, "per_year"), ("Växjö kommun", 1200000, "per_year")]),
        # a basis guessed from the agreement's length yields to the one stated for the same payer and amount
        ("Nämnden bidrar med 500 000 kronor per år.\n\nEkonomi\nPartnerskapets ekonomiska omfattning beräknas "
         "till 800 000 kronor per år. Nämnden bidrar med 500 tkr och föreningen med motsvarande 300 000 kronor.",
         [("Föreningen Solrosen i Växjö", 300000, "total"), ("Växjö kommun", 500000, "per_year"),
          ("total", 800000, "per_year")]),
    ],
)
def test_roles(body, rows):
    assert _rows(body) == rows


def test_grant_table_rows_are_one_off_and_the_sum_row_is_no_grant():
    table = ("Följande föreningar beviljas bidrag:\n\n"
             "  Förening                          Belopp\n"
             "  Föreningen Solrosen i Växjö       kr 95 000\n"
             "  Scoutkåren Sandskogen             kr 45 000\n"
             "  Summa                             kr 140 000\n")
    e = extract_text("Delegationsbeslut\n\nDatum 2024-02-20\nDnr SN 2024/0097\n\nVäxjö kommun\n\n" + table)
    assert sorted((f.payer, f.amount, f.basis, f.recipient) for f in e.funding) == [
        ("Växjö kommun", 45000, "one_off", "Scoutkåren Sandskogen"),
        ("Växjö kommun", 95000, "one_off", "Föreningen Solrosen i Växjö"),
    ]


@pytest.mark.parametrize(
    "start, period",
    [
        # a year the agreement covers in part is cut to the agreement, and its sum is a total
        ("2025-04-01", ("2025-04-01", "2025-12-31")),
    ],
)
def test_a_year_cut_to_the_agreement_is_a_total(start, period):
    e = extract_text(HEAD + TITLE + f"Överenskommelsen avser perioden {start} – 2027-12-31.\n\n"
                     "Socialnämnden beslutar att för 2025 avsätta 300 000 kronor och för 2026–2027 avsätta "
                     "400 000 kronor per år.\n")
    assert sorted((f.amount, f.basis, f.period) for f in e.funding) == [
        (300000, "total", period), (400000, "per_year", ("2026-01-01", "2027-12-31"))]


@pytest.mark.parametrize(
    "sentence, payer",
    [
        # a parent company's capital contribution to its subsidiary: two companies, not one
        ("Kommunfullmäktige godkänner att Hamnbolaget Norrvik AB lämnar ett kapitaltillskott om 50 mnkr "
         "till Norra Hamnbolaget Norrvik AB.", "Hamnbolaget Norrvik AB"),
    ],
)
def test_capital_contribution_is_paid_by_the_parent(sentence, payer):
    e = extract_text("Kommunfullmäktige\nProtokollsutdrag\n\nDatum 2024-02-01\nDnr KS 2024/0012\n\n" + sentence + "\n")
    assert [(f.payer, f.amount, f.basis) for f in e.funding] == [(payer, 50000000, "one_off")]


@pytest.mark.parametrize(
    "sentence, payer",
    [
        # a jour's name follows the word ("Kvinnojouren X i Y"); "föreningen" is then that party
        ("Överenskommelse om idéburet offentligt partnerskap med Kvinnojouren Vega i Alvesta\n\n"
         + PERIOD + "Föreningen bidrar med egna medel om 120 tkr per år.", "Kvinnojouren Vega i Alvesta"),
    ],
)
def test_a_jour_is_an_organisation_and_pays_its_own_means(sentence, payer):
    e = extract_text(HEAD + sentence + "\n")
    assert (payer, 120000, "per_year") in [(f.payer, f.amount, f.basis) for f in e.funding]


@pytest.mark.parametrize(
    "sentence",
    [
        # money a recipient passes on from its grant stays the grant's payer's, counted once
        "Av nämndens bidrag vidareförmedlar föreningen 120 000 kronor till studieförbundet.",
    ],
)
def test_money_passed_on_is_no_row_of_its_own(sentence):
    e = extract_text(HEAD + TITLE + PERIOD + sentence + "\n")
    assert [f for f in e.funding if f.amount == 120000] == []
