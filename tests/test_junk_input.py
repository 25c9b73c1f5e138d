"""Every finder takes junk without crashing or hanging.

The alarm is a hang guard against catastrophic regex backtracking (a pathological input
that never finishes), not a speed test: speed is measured by scripts/bench_extract.py.
"""

import signal

import pytest

from extractor import amount, dates, diarienummer, extract_text, orgnr, period, personnummer, textclean

FINDERS = [diarienummer.find, orgnr.find, amount.find, dates.find, period.find, personnummer.find, textclean.clean,
           extract_text]
JUNK = {
    "empty": "",
    "binary": "\x00\xff\xfe" * 2000,
    "emoji": "🙂💶📄" * 1000,
    "superscript digits": "²³¹⁴⁵⁶" * 1000,
    "digits and dashes": "12-" * 70000,
    "long digit run": "9" * 200000,
    "spaces": " " * 100000,
    "5 MB line": ("ASN-2019-1 kr 2021-2024 Region Skåne 802002-8711 § 5 den första januari " * 70000)[:5_000_000],
    "many short lines": "A\nB\n" * 50000,
}


@pytest.fixture
def hang_guard():
    def fail(*_):
        raise TimeoutError("finder did not finish: catastrophic backtracking?")
    signal.signal(signal.SIGALRM, fail)
    signal.alarm(300)
    yield
    signal.alarm(0)


@pytest.mark.parametrize("finder", FINDERS, ids=lambda f: f"{f.__module__}.{f.__name__}")
@pytest.mark.parametrize("junk", list(JUNK), ids=str)
def test_junk_does_not_crash_or_hang(hang_guard, finder, junk):
    finder(JUNK[junk])


@pytest.mark.parametrize("module", [diarienummer, orgnr])
@pytest.mark.parametrize("value", [None, "", "🙂", "²³", "\x00", 12345, "ASN 210617"])
def test_is_valid_never_raises(module, value):
    assert module.is_valid(value) is False
