"""extractor.facts.amount: amounts in kronor, and the numbers that are not amounts."""

import pytest

from extractor.facts import amount
from extractor.reading import textclean

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize(
    "text, values",
    [
        ("1 070 000 kr", [1070000]),
        ("1\n260 000 kronor", [1260000]),  # thousands split across a line break
        ("2,5 mnkr", [2500000]),
        ("850 tkr", [850000]),
        ("1,2 miljoner kronor", [1200000]),
        ("35 000 kr/år", [35000]),
        ("400 000 kronor per år", [400000]),
        ("3 mdkr", [3000000000]),
        ("500 SEK", [500]),
        ("1 500:-", [1500]),
        ("12 tusen kronor", [12000]),
        ("1 miljon kronor", [1000000]),
        ("1 070 000" + NBSP + "kr", [1070000]),  # no-break space before the unit
        ("totalt 1 200 000 kr vardera", [1200000]),
        ("med 400 000 kr vardera och 2,5 mnkr samt 850 tkr", [400000, 2500000, 850000]),
        ("Nämnden bidrar med 1 070 000 kr per år under avtalstiden.", [1070000]),
        ("1.250.000 kr", [1250000]),  # a point groups thousands (the decimal is a comma)
        ("11.716 Mkr", [11716000000]),
        ("11,716 Mkr", [11716000]),
        ("kr 95 000", [95000]),  # the unit first, as in tables
        ("Summa kr 1 200 000,00", [1200000]),
        ("350 tkr", [350000]),
        ("1,2 mnkr", [1200000]),
        ("en avvikelse på -850 tkr", [-850000]),  # a minus sign against the number stays
        ("avvikelsen (−12,8 mnkr)", [-12800000]),
        ("2 000–3 000 kr", [3000]),  # a range's dash is no minus sign
    ],
)
def test_find_values(text, values):
    assert [a.value for a in amount.find(text)] == values


@pytest.mark.parametrize(
    "text, written",
    [
        ("Bidraget är 1 070 000 kr per år.", "1 070 000 kr"),
        ("Bidraget är 1\n260 000 kronor per år.", "1\n260 000 kronor"),
        ("Högst 35 000 kr/år.", "35 000 kr"),
        ("Ram 2,5 mnkr.", "2,5 mnkr"),
    ],
)
def test_find_offsets_and_text(text, written):
    [found] = amount.find(text)
    assert text[found.start:found.end] == written
    assert found.text == " ".join(written.split())


@pytest.mark.parametrize(
    "text",
    [
        "205 80 Malmö",  # postal code
        "Box 175 63 Stockholm",
        "box 175 63",
        "tel 040-675 31 27",  # phone numbers
        "040 - 675 31 27",
        "070-123 45 67",
        "70 barn",  # counts
        "1 200 deltagare",
        "år 2024",  # years
        "2024",
        "under 2021-2024",
        "Sida 2 av 4",
        "0 kr",  # nothing to pay is not an amount
        "kr 2023",  # a year after the unit
        "2020-850",
    ],
)
def test_non_amounts(text):
    assert amount.find(text) == []


@pytest.mark.parametrize(
    "text",
    ["Postadress: Malmö stad, 205 80 Malmö. Telefon 040-675 31 27. Verksamheten når 70 barn år 2024."],
)
def test_non_amounts_in_a_sentence(text):
    assert amount.find(text) == []


@pytest.mark.parametrize(
    "value, shown",
    [
        (1, "1" + NBSP + "kr"),
        (999, "999" + NBSP + "kr"),
        (1000, "1" + NBSP + "000" + NBSP + "kr"),
        (1070000, "1" + NBSP + "070" + NBSP + "000" + NBSP + "kr"),
        (123456789, "123" + NBSP + "456" + NBSP + "789" + NBSP + "kr"),
    ],
)
def test_format(value, shown):
    assert amount.format(value) == shown


@pytest.mark.parametrize("value", [1, 999, 1000, 35000, 1070000, 123456789])
def test_format_found_back_after_cleaning(value):
    # The pipeline reads amounts from textclean.clean()ed text, where no-break spaces are spaces.
    assert [a.value for a in amount.find(textclean.clean(amount.format(value)))] == [value]


@pytest.mark.parametrize(
    "text, values",
    [
        ("1" + NBSP + "070" + NBSP + "000" + NBSP + "kr", [1070000]),
        ("123" + NBSP + "456" + NBSP + "789 kr", [123456789]),
        ("1" + NNBSP + "070" + NNBSP + "000 kr", [1070000]),
    ],
)
def test_no_break_space_between_thousands(text, values):
    assert [a.value for a in amount.find(text)] == values


@pytest.mark.parametrize("value", [1000, 1070000, 123456789])
def test_format_found_back_directly(value):
    assert [a.value for a in amount.find(amount.format(value))] == [value]
