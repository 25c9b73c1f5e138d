"""Every finder takes junk without crashing or hanging.

The alarm below is a HANG GUARD, not a speed test: it only turns a pathological input that
never finishes (catastrophic regex backtracking, a quadratic loop over a long line) into a
test failure instead of a stuck test run. The limit is deliberately generous; on the
development machine the slowest passing call here (extract_text on 100 000 characters, or
period.find on the 5 MB line) takes a few seconds.
"""

from __future__ import annotations

import signal
from contextlib import contextmanager

import pytest

from extractor import Extraction, extract_text
from extractor.facts import amount, dates, period
from extractor.identifiers import diarienummer, orgnr, personnummer
from extractor.reading import textclean

HANG_GUARD_SECONDS = 60
# For inputs of a few hundred characters, where any linear scan takes microseconds.
SMALL_INPUT_HANG_GUARD_SECONDS = 10


@contextmanager
def hang_guard(seconds: int = HANG_GUARD_SECONDS):
    """Fail when the block uses more than ``seconds`` of CPU time (not wall-clock time, so a
    loaded machine cannot fail it): SIGPROF fires after that much CPU time of this process."""
    def _hung(signum, frame):
        pytest.fail(f"used more than {seconds} CPU seconds (hang guard: catastrophic backtracking?)", pytrace=False)

    previous = signal.signal(signal.SIGPROF, _hung)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


# Mixed text of a decision document, with every kind of identifier and lookalike, on one line.
_MIXED = (
    "Tjänsteskrivelse Dnr ASN-2019-9502 (KS 2023/123) Förlängning av överenskommelse om idéburet offentligt "
    "partnerskap. Arbetsmarknads- och socialnämnden beslutade den första januari 2023 att förlänga "
    "överenskommelsen för perioden 2021–2024; den gäller 2021-01-31-2024-12-31 med möjlighet till förlängning. "
    "Nämnden bidrar med 1 070 000 kr per år, totalt 2,5 mnkr under avtalstiden, och leverantör 556016-0680 "
    "svarar för lokalerna. Sökande 850412-1230 nås på tel 040-675 31 27, postadress 205 80 Malmö, box 175 63. "
    "Verksamheten når 70 barn år 2024, se § 15 i protokoll ASN 210617 och SFS 2017:30 samt Prop. 2019/20:123. "
    "Dokument-id C9A9AF79-D0AD-144A-6B9B-AB69B1378E63 😀 ²³¹ \uf0b7\u00a0Å ä ö ÅÄÖ é ü – — … "
)
FIVE_MB_LINE = (_MIXED * (5_000_000 // len(_MIXED) + 1))[:5_000_000]

JUNK = {
    "empty": "",
    "binary": "\x00\xff" * 1000,
    "emoji": "😀🇸🇪👍🏽📄💶" * 1000,
    "superscript digits": "²³¹⁰⁴⁵⁶⁷⁸⁹ ²⁰¹⁹-⁹⁵⁰² ⁸⁰²⁰⁰²-⁸⁷¹¹ " * 500,
    "5 MB single line": FIVE_MB_LINE,
    "digits and dashes": "12-" * 70000,
    "spaces": " " * 100000,
    "digits": "9" * 200000,
    "short lines": "A\n" * 100000,
    # one word of agreement words, and a line of titles and names: patterns that look for an
    # agreement word or a title must not split the run again at each of its letters
    "one long word of agreement words": "avtal" * 200000,
    "a long line of titles": "Kommunchef Anna Berg " * 50000,
}

FINDERS = {
    "diarienummer.find": diarienummer.find,
    "orgnr.find": orgnr.find,
    "amount.find": amount.find,
    "dates.find": dates.find,
    "period.find": period.find,
    "personnummer.find": personnummer.find,
    "personnummer.mask": personnummer.mask,
    "textclean.clean": textclean.clean,
    "extract_text": extract_text,
}

BIG = 100_000  # characters: inputs this long are left out of a quick run (-m "not slow")
KNOWN_HANGS: dict = {}  # (finder, junk) -> reason, for a hang known and not yet fixed


def _cases():
    for fname in FINDERS:
        for jname in JUNK:
            marks = [pytest.mark.slow] if len(JUNK[jname]) >= BIG else []
            if (fname, jname) in KNOWN_HANGS:
                marks += [pytest.mark.xfail(strict=True, reason=KNOWN_HANGS[(fname, jname)])]
            yield pytest.param(fname, jname, marks=marks, id=f"{fname}-{jname}")


def _check_result(fname, text, result):
    if fname == "textclean.clean":
        assert isinstance(result, str) and len(result) == len(text)
    elif fname == "personnummer.mask":
        assert isinstance(result, str) and len(result) == len(text)
    elif fname == "extract_text":
        assert isinstance(result, Extraction)
    else:
        assert isinstance(result, list)


@pytest.mark.parametrize("fname, jname", list(_cases()))
def test_junk_neither_crashes_nor_hangs(fname, jname):
    text = JUNK[jname]
    with hang_guard():
        result = FINDERS[fname](text)
    _check_result(fname, text, result)


@pytest.mark.parametrize(
    "finder",
    [diarienummer.find, orgnr.find, amount.find, dates.find, period.find, personnummer.find],
    ids=lambda f: f"{f.__module__}.{f.__name__}",
)
def test_find_accepts_none(finder):
    # every find() guards against a falsy text explicitly
    assert finder(None) == []


@pytest.mark.parametrize("is_valid", [diarienummer.is_valid, orgnr.is_valid], ids=lambda f: f.__module__)
@pytest.mark.parametrize(
    "junk", [None, "", "😀", "²⁰¹⁹-⁹⁵⁰²", "²³²¹⁰⁰-⁰²⁵⁵", "ASN-²⁰¹⁹-⁹⁵⁰²", "\x00\xff", "12-" * 1000, " " * 1000]
)
def test_is_valid_returns_false_never_raises(is_valid, junk):
    assert is_valid(junk) is False


@pytest.mark.parametrize(
    "text",
    ["ASN-2019-9502 😀", "😀 1 070 000 kr 😀", "²³ 232100-0255 ²³", "\x00den första januari 2023\x00"],
)
def test_real_facts_next_to_junk_are_still_found(text):
    with hang_guard():
        found = diarienummer.find(text) + orgnr.find(text) + amount.find(text) + dates.find(text)
    assert len(found) == 1


@pytest.mark.parametrize("row", [" ".join(str(100 + i) for i in range(40))], ids=["40 numbers"])
def test_amount_find_on_a_table_row_of_numbers(row):
    with hang_guard(SMALL_INPUT_HANG_GUARD_SECONDS):
        assert amount.find(row) == []
