"""extractor.funding: payer and recipient from the sentence's roles, basis and period."""

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
