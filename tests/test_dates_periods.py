"""extractor.facts.dates and extractor.facts.period: Swedish dates and periods to ISO 8601."""

import pytest

from extractor.facts import dates, period
from extractor.reading import textclean


@pytest.mark.parametrize(
    "text, iso",
    [
        ("2024-05-29", "2024-05-29"),
        ("1 januari 2025", "2025-01-01"),
        ("den första januari 2023", "2023-01-01"),
        ("1 maj 2017", "2017-05-01"),
        ("31 december 2024", "2024-12-31"),
        ("1 januari år 2021", "2021-01-01"),
        ("den 1:a januari 2023", "2023-01-01"),
        ("den 2:e maj 2020", "2020-05-02"),
        ("1 jan. 2020", "2020-01-01"),
        ("15 sept 2021", "2021-09-15"),
        ("den tjugoförsta mars 2021", "2021-03-21"),
        ("den trettioförsta december 2023", "2023-12-31"),
        ("1 JANUARI 2025", "2025-01-01"),
        ("29 februari 2024", "2024-02-29"),  # leap day
        ("01 april 2022", "2022-04-01"),
    ],
)
def test_parse_one_date(text, iso):
    assert dates.parse(text) == iso


@pytest.mark.parametrize(
    "text, isos",
    [
        ("beslutade 2010-06-29 och den första januari 2023", ["2010-06-29", "2023-01-01"]),
        ("Datum 2024-05-29\nVår referens", ["2024-05-29"]),
        ("gäller från den 1 maj 2017.", ["2017-05-01"]),
    ],
)
def test_find_dates_in_text(text, isos):
    found = dates.find(text)
    assert [d.iso for d in found] == isos
    for d in found:
        assert dates.parse(text[d.start:d.end]) == d.iso


@pytest.mark.parametrize("text", ["30 februari 2024", "29 februari 2023", "2024-13-01", "2024-02-30", "32 maj 2020"])
def test_impossible_dates_are_not_dates(text):
    assert dates.parse(text) is None
    assert all(d.iso is None for d in dates.find(text))


@pytest.mark.parametrize("text, day, month", [("den 1 januari", 1, 1), ("31 december", 31, 12)])
def test_date_without_year_has_no_iso(text, day, month):
    [d] = dates.find(text)
    assert (d.iso, d.day, d.month) == (None, day, month)


@pytest.mark.parametrize(
    "text, iso",
    [
        ("20l0-06-29", "2010-06-29"),  # OCR: l for 1
        ("2O19-05-01", "2019-05-01"),  # OCR: O for 0
        ("l999-12-31", "1999-12-31"),
        ("beslutat 20l0-06-29 av nämnden", "2010-06-29"),
        ("1 januari 2O25", "2025-01-01"),
    ],
)
def test_ocr_slips_mended_by_textclean(text, iso):
    cleaned = textclean.clean(text)
    assert len(cleaned) == len(text)
    assert [d.iso for d in dates.find(cleaned)] == [iso]


@pytest.mark.parametrize("text", ["20l0-06-29", "2O19-05-01"])
def test_ocr_slips_are_not_dates_before_cleaning(text):
    assert [d.iso for d in dates.find(text) if d.iso] == []


@pytest.mark.parametrize("text, iso", [("den sista juni 2025", "2025-06-30"), ("den sista februari 2024", "2024-02-29")])
def test_sista_is_the_last_day_of_the_month(text, iso):
    assert dates.parse(text) == iso


# --- periods ---------------------------------------------------------------------------------

PERIODS = [
    ("1 januari 2025 till 31 december 2025", ("2025-01-01", "2025-12-31")),
    ("från den 1 januari 2022 till och med den 31 december 2022", ("2022-01-01", "2022-12-31")),
    ("mellan den 1 januari 2023 och den 31 december 2024", ("2023-01-01", "2024-12-31")),
    ("2021-01-01 t o m 2024-12-31", ("2021-01-01", "2024-12-31")),
    ("2021-01-01 t.o.m. 2024-12-31", ("2021-01-01", "2024-12-31")),
    ("2016-01-01 – 2018-12-31", ("2016-01-01", "2018-12-31")),
    ("2021-01-31-2024-12-31", ("2021-01-31", "2024-12-31")),
    ("under 2021-2024", ("2021-01-01", "2024-12-31")),
    ("perioden 2021–2024", ("2021-01-01", "2024-12-31")),
    ("perioden 2021 - 2024", ("2021-01-01", "2024-12-31")),
    ("(2018-2020)", ("2018-01-01", "2020-12-31")),
    ("1 januari till 31 december 2025", ("2025-01-01", "2025-12-31")),  # year only on the end date
    ("1 januari - 31 december 2025", ("2025-01-01", "2025-12-31")),
    ("den första januari 2023 till den trettioförsta december 2023", ("2023-01-01", "2023-12-31")),
    ("1 juli 2024–30 juni 2025", ("2024-07-01", "2025-06-30")),
    ("2022-01-01 fram till 2022-06-30", ("2022-01-01", "2022-06-30")),
    ("2021 till 2024", ("2021-01-01", "2024-12-31")),
    ("1 jan 2025 - 31 dec 2025", ("2025-01-01", "2025-12-31")),
]


@pytest.mark.parametrize("text, span", PERIODS)
def test_period_alone(text, span):
    assert [p.span for p in period.find(text)] == [span]


@pytest.mark.parametrize("text, span", PERIODS)
def test_period_in_a_sentence_with_offsets(text, span):
    sentence = f"Överenskommelsen gäller {text}, med möjlighet till förlängning."
    [p] = period.find(sentence)
    assert p.span == span
    assert sentence[p.start:p.end] == p.text
    assert p.text in text


@pytest.mark.parametrize(
    "text, span",
    [
        ("avtalet gäller 20l8-01-01 till 2020-12-31", ("2018-01-01", "2020-12-31")),
        ("under perioden 20l9-2021", ("2019-01-01", "2021-12-31")),
        ("(2O18-2020)", ("2018-01-01", "2020-12-31")),
    ],
)
def test_period_after_ocr_mending(text, span):
    assert [p.span for p in period.find(textclean.clean(text))] == [span]


@pytest.mark.parametrize(
    "text",
    [
        "lagen (2017:30)",
        "SFS 2017:30",
        "Prop. 2019/20:123",
        "2020-2019",  # backwards
        "1990-2030",  # longer than any agreement
        "ASN-2019-2020",  # a case number whose serial looks like a year
        "tel 040-675 31 27",
        "2024-05-29",  # one date is not a period
        "den 1 januari 2023 och den 31 december 2024",  # 'och' without 'mellan' joins two dates, not a span
    ],
)
def test_not_periods(text):
    assert period.find(text) == []


@pytest.mark.parametrize(
    "text, span, kind",
    [
        ("Bidraget gäller från och med 2027-01-01.", ("2027-01-01", None), "open"),
        ("från och med den 1 maj 2008", ("2008-05-01", None), "open"),
        ("om 25 mnkr från och med år 2025", ("2025-01-01", None), "open"),
        ("årligen, med start 2023, rapportera", ("2023-01-01", None), "open"),
        ("läsåret 2024/25", ("2024-07-01", "2025-06-30"), "school_year"),
        ("läsåret 2024/2025", ("2024-07-01", "2025-06-30"), "school_year"),
        ("perioden januari–augusti 2024", ("2024-01-01", "2024-08-31"), "months"),
        ("januari till och med mars 2025", ("2025-01-01", "2025-03-31"), "months"),
        ("lägret 15-16 juni 2024", ("2024-06-15", "2024-06-16"), "days"),
        ("2025 års bidrag", ("2025-01-01", "2025-12-31"), "year"),
        ("ansvarsfrihet för verksamhetsåret 2023", ("2023-01-01", "2023-12-31"), "year"),
        ("revisionsplan för 2023", ("2023-01-01", "2023-12-31"), "year"),
        ("3 500 tkr för 2023, 2024 och 2025", ("2023-01-01", "2025-12-31"), "years"),
        ("avtal från år 2024 till längst år 2040", ("2024-01-01", "2040-12-31"), "years"),
        ("drifttid om 35 år, 2028–2062", ("2028-01-01", "2062-12-31"), "years"),
        ("perioden 2025-01-01 -- 2025-06-30", ("2025-01-01", "2025-06-30"), "range"),
        ("Anslaget sätts upp 2008-03-14    Anslaget tas ned 2008-04-07", ("2008-03-14", "2008-04-07"), "posting"),
    ],
)
def test_period_forms_beyond_two_dates(text, span, kind):
    [p] = period.find(text)
    assert (p.span, p.kind) == (span, kind)
    assert text[p.start:p.end] == p.text


@pytest.mark.parametrize(
    "text",
    [
        "Under 2022 deltog 45 personer.",  # a year in a narrative
        "sedan 2016 har parterna samarbetat",  # history, not a span decided
        "givna i budget 2022",  # the source of an assignment
        "verksamhetsåret 2026 och framåt",  # an open wish, not a decided start
        "den 1 januari 2025",
        "februari 2008",  # a month alone, no cue
    ],
)
def test_years_without_a_decided_span_are_not_periods(text):
    assert period.find(text) == []


@pytest.mark.parametrize(
    "text, spans",
    [
        (
            "Avanti (2018-2020) ersattes. Ny period 2021-01-01 t.o.m. 2024-12-31, se perioden 2021–2024.",
            [("2018-01-01", "2020-12-31"), ("2021-01-01", "2024-12-31")],
        ),
    ],
)
def test_unique_periods_in_order_of_first_mention(text, spans):
    assert period.unique(period.find(text)) == spans
