"""Round trips with generated identifiers, amounts and dates (hypothesis).

The examples are the same on every run, so a test run (and CI) never fails by chance; set
DIARIUM_EXPLORE=1 to draw new ones, and turn any failure it finds into a fixed example.
"""

import datetime as dt
import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import luhn

from extractor.facts import amount, dates
from extractor.identifiers import diarienummer, orgnr, personnummer
from extractor.reading import textclean
from extractor import vocab

SETTINGS = settings(max_examples=200, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow],
                    derandomize=os.environ.get("DIARIUM_EXPLORE") != "1")

# --- organisation numbers ----------------------------------------------------------------------


@st.composite
def org_numbers(draw) -> str:
    """Ten digits: third and fourth digits >= 20, Luhn check digit over the first nine."""
    head = draw(st.integers(0, 99))
    group = draw(st.integers(20, 99))
    tail = draw(st.integers(0, 99999))
    nine = f"{head:02d}{group:02d}{tail:05d}"
    return nine + luhn.calc_check_digit(nine)


SEPARATORS = st.sampled_from(["-", "\u2013", " - ", " \u2013 ", "\u2014"])


@pytest.mark.parametrize("sentence", ["Föreningen, org.nr {}, ansöker om bidrag.", "Parter: ({})\n"])
@SETTINGS
@given(digits=org_numbers(), sep=SEPARATORS, prefix16=st.booleans())
def test_orgnr_round_trip(sentence, digits, sep, prefix16):
    normal = f"{digits[:6]}-{digits[6:]}"
    written = ("16" if prefix16 else "") + digits[:6] + sep + digits[6:]
    assert orgnr.validate(written) == normal
    assert orgnr.format(orgnr.validate(written)) == normal
    assert orgnr.format(normal) == normal
    assert orgnr.compact(written) == digits
    text = sentence.format(orgnr.format(written))
    assert [n for n, _, _ in orgnr.find(text)] == [normal]
    # an organisation number is never taken for a personnummer (so never masked)
    assert personnummer.find(sentence.format(written)) == []


# --- case numbers -------------------------------------------------------------------------------

_NOT_PREFIXES = {w.upper() for w in vocab.load("case_numbers")["not_prefixes"]}
PREFIXES = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ", min_size=2, max_size=8).filter(
    lambda p: p not in _NOT_PREFIXES
)
YEARS = st.integers(1950, 2099)
SERIALS = st.from_regex(r"\A[0-9]{1,7}\Z")
CONTEXTS = st.sampled_from(
    ["Ärendet {} gäller förlängning.", "enligt beslut ({}) i nämnden", "Diarienummer: {}\n", "Vår beteckning {}.", "{}"]
)


@SETTINGS
@given(prefix=PREFIXES, year=YEARS, serial=SERIALS, dashed=st.booleans(), context=CONTEXTS)
def test_case_number_found_in_sentence(prefix, year, serial, dashed, context):
    number = f"{prefix}-{year}-{serial}" if dashed else f"{prefix} {year}/{serial}"
    text = context.format(number)
    [found] = diarienummer.find(text)
    assert found.number == number
    assert text[found.start:found.end] == number
    assert diarienummer.validate(number) == number


@SETTINGS
@given(prefix=PREFIXES, year=YEARS, serial=SERIALS)
def test_case_number_broken_across_lines_is_found(prefix, year, serial):
    text = f"Den pågående överenskommelsen {prefix}-\n{year}-{serial} löper ut."
    assert [m.number for m in diarienummer.find(text)] == [f"{prefix}-{year}-{serial}"]


@SETTINGS
@given(prefix=PREFIXES, year=YEARS, serial=SERIALS, data=st.data())
def test_case_number_compact_equal_across_spellings(prefix, year, serial, data):
    normal = f"{prefix}-{year}-{serial}"
    spellings = [
        normal,
        normal.lower(),
        f"{prefix.capitalize()}-{year}-{serial}",
        f"{prefix} - {year} - {serial}",
        f"{prefix}-\n{year}-{serial}",
    ]
    key = diarienummer.compact(normal)
    assert {diarienummer.compact(s) for s in spellings + [f"{prefix} {year} {serial}"]} == {key}
    assert diarienummer.compact(diarienummer.validate(data.draw(st.sampled_from(spellings)))) == key


@SETTINGS
@given(prefix=PREFIXES, year=YEARS, serial=SERIALS)
def test_case_number_slashed_serial_first(prefix, year, serial):
    number = f"{prefix} {serial}/{year}"
    assert [m.number for m in diarienummer.find(f"Ärendet {number} gäller")] == [number]
    assert diarienummer.compact(number.lower()) == diarienummer.compact(f"{prefix}  {serial} / {year}")


# --- amounts ------------------------------------------------------------------------------------


@SETTINGS
@given(value=st.integers(1, 10**12), context=st.sampled_from(["Bidraget är {} per år.", "{}", "totalt {} vardera"]))
def test_amount_format_found_back(value, context):
    text = context.format(amount.format(value))
    assert [a.value for a in amount.find(text)] == [value]
    assert [a.value for a in amount.find(textclean.clean(text))] == [value]


# --- dates --------------------------------------------------------------------------------------

_MONTHS = vocab.load("calendar")["months"]
MONTH_NAMES = {n: name for name, n in _MONTHS.items() if len(name) > 3 or name == "maj"}  # full names
assert sorted(MONTH_NAMES) == list(range(1, 13))


@SETTINGS
@given(
    day=st.dates(dt.date(1900, 1, 1), dt.date(2099, 12, 31)),
    context=st.sampled_from(["{}", "beslutade den {} att", "Datum: {}\n", "gäller från ({})"]),
)
def test_swedish_date_parses_back(day, context):
    written = f"{day.day} {MONTH_NAMES[day.month]} {day.year}"
    assert dates.parse(written) == day.isoformat()
    assert [d.iso for d in dates.find(context.format(written))] == [day.isoformat()]
    assert dates.parse(day.isoformat()) == day.isoformat()
