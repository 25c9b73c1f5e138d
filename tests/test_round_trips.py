"""Property tests: formatting then finding gives back what was formatted."""

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum import luhn

from extractor import amount, dates, diarienummer, orgnr, vocab

MONTHS = dict(enumerate(["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september",
                          "oktober", "november", "december"], start=1))


@st.composite
def organisation_numbers(draw):
    body = f"{draw(st.integers(1, 9))}{draw(st.integers(0, 9))}{draw(st.integers(20, 99))}{draw(st.integers(0, 99999)):05d}"
    return body + luhn.calc_check_digit(body)


@settings(max_examples=150)
@given(organisation_numbers(), st.sampled_from(["-", " – ", "–", " - "]))
def test_orgnr_round_trip(digits, dash):
    written = f"{digits[:6]}{dash}{digits[6:]}"
    assert orgnr.format(written) == orgnr.format(orgnr.format(written)) == f"{digits[:6]}-{digits[6:]}"
    assert [n for n, _, _ in orgnr.find(f"Föreningen (org nr {written}) tecknar")] == [orgnr.format(written)]


@settings(max_examples=150)
@given(st.text("ABCDEFGHIJKLMNOPRSTUVXYZ", min_size=2, max_size=5), st.integers(1990, 2030), st.integers(1, 99999),
       st.booleans())
def test_case_number_round_trip(prefix, year, serial, slashed):
    number = f"{prefix} {year}/{serial}" if slashed else f"{prefix}-{year}-{serial}"
    found = diarienummer.find(f"enligt beslut ({number}) och")
    if prefix not in {w.upper() for w in vocab.words("case_numbers", "not_prefixes")}:
        assert [c.number for c in found] == [number]
        assert diarienummer.compact(number.lower().replace("-", " ")) == diarienummer.compact(number)


@settings(max_examples=150)
@given(st.integers(1, 10**10))
def test_amount_round_trip(value):
    assert [a.value for a in amount.find(f"bidrar med {amount.format(value)} per år")] == [value]


@settings(max_examples=150)
@given(st.dates(dt.date(1950, 1, 1), dt.date(2099, 12, 31)))
def test_written_date_round_trip(day):
    assert dates.parse(f"den {day.day} {MONTHS[day.month]} {day.year}") == day.isoformat()
