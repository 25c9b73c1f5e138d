"""The pattern helpers of ``extractor.vocab`` match exactly what the patterns they stand for match.

``factored`` rewrites an alternation with shared leading letters written once, and ``word_ending``
is a lookahead put before patterns whose first word must end in given letters: both exist for
speed only, so every match (where it starts, where it ends, which groups) must stay the same.
"""

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from extractor import vocab
from extractor.facts import meetings, organisations

LETTERS = "abkKsSåÅ -."
words = st.text(alphabet=LETTERS, min_size=1, max_size=6)


def matches(pattern: re.Pattern, text: str) -> list:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def test_factored_shares_leading_letters():
    assert vocab.factored(["kommunstyrelsen", "kommunfullmäktige", "kommun"]) == "kommun(?:styrelsen|fullmäktige|)"
    # an alternative that is no literal keeps the ones after it from joining the ones before it
    assert vocab.factored(["ab", "a[xy]", "ac"]) == "a(?:b|[xy]|c)"
    assert vocab.factored(["ab", "[a-z]x", "ac"]) == "ab|[a-z]x|ac"
    assert vocab.factored(["ab", "a", "ac"]) == "a(?:b||c)"
    assert vocab.factored(["Ab", "ac"]) == "Ab|ac"
    assert vocab.factored(["Ab", "ac"], ignorecase=True) == "A(?:b|c)"
    assert vocab.factored(["a(b)", "ac"]) == "a(b)|ac"  # groups keep their numbers


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(words, min_size=1, max_size=12), st.text(alphabet=LETTERS + "x\n", max_size=80),
       st.sampled_from(["", "(?i)"]), st.sampled_from(["", "x", r"\b", "(?!k)", "s?"]))
def test_factored_matches_what_the_alternation_matches(items, text, flags, after):
    alternatives = [re.escape(w).replace(r"\ ", r"\s+") for w in items]
    plain = re.compile(f"{flags}(?:{'|'.join(alternatives)}){after}")
    factored = re.compile(f"{flags}(?:{vocab.factored(alternatives, ignorecase=bool(flags))}){after}")
    assert matches(factored, text) == matches(plain, text)


# Text made of the pieces committee names and decision references are made of
pieces = st.sampled_from(["Social", "nämnd", "en", "s", "styrelse", "n", "fullmäktige", "utskott", "et", "den",
                          "Kultur", "-", ",", " ", "\n", "och", "samt", " protokoll", "2023-05-04", " § 12", "kommun",
                          "Å", "ä", "Ö", "x", "1", "beslutade", "12 maj 2023"])


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(pieces, max_size=30).map("".join))
@example("Socialnämndenden 12 maj 2023 § 4")  # "den" written onto the body's name
@example("Socialnämnden, 2023-05-04 § 12 och kultur-, fritids- samt utbildningsnämndens protokoll 2023-05-04")
def test_committee_and_body_patterns_keep_their_matches(text):
    lookahead = re.compile(r"\(\?=\[A-ZÅÄÖa-zåäö\]\+\+\(\?:[^()]*(?:\([^()]*\)[^()]*)*\)\)")
    for pattern in (organisations._COMMITTEE, meetings._DECISION, meetings._decision_with_paragraph()):
        without = re.compile(lookahead.sub("", pattern.pattern, count=1), pattern.flags)
        assert without.pattern != pattern.pattern
        assert matches(pattern, text) == matches(without, text)
