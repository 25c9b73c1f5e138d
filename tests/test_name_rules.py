"""How organisation names vary is one module's (extractor/facts/names.py), read by the extractor
and the index alike: the two give the same answer for the same pair of names, and no other module
holds a copy of the rules or of their thresholds."""

import re
from pathlib import Path

import pytest

from extractor.facts import names
from extractor.model import Extraction
from index.organisations.names import document_entities

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("a, b, same", [
    ("Röda Korset", "Röda Korset Göteborgskretsen", False),  # a local chapter may be its own legal person
    ("Rädda Barnen", "Rädda Barnen Malmö lokalförening", False),
    ("Svenska Röda Korset", "Röda Korset", True),  # a generic word before the name
    ("Röda Korsets", "Röda Korset", True),  # the genitive
    ("Röda Korset", "Röda Korset Behandlingscenter", True),  # a unit
    ("Kvinnojouren Freja", "Kvinnojouren Freja i Växjö", True),
])
def test_extractor_and_index_read_a_pair_of_names_alike(a, b, same):
    extraction = Extraction.from_dict({"organisations": [{"name": a}, {"name": b}]})
    assert names.same_organisation(a, b) is same
    assert len(document_entities(extraction)) == (1 if same else 2)


@pytest.mark.parametrize("written, owner", [
    ("Röda Korsets behandlingscenter", "Röda Korsets"),
    ("RÖDA KORSETS BEHANDLINGSCENTER", "RÖDA KORSETS"),  # typed in capitals: the index folds it
])
def test_a_unit_names_its_organisation(written, owner):
    assert names.unit_owner(written) == owner


@pytest.mark.parametrize("words, start", [
    (["Röda", "Korsets", "behandlingscenter"], 2),
    (["LSS", "Center"], None),  # an abbreviation's S as written is no genitive
])
def test_where_a_unit_starts_as_written(words, start):
    assert names.unit_start(words) == start


@pytest.mark.parametrize("rule", [
    r"^\s*(?:from|import) rapidfuzz",  # fuzzy comparison
    r"fuzzy_thresholds",  # its thresholds, as data
    r"\"(?:chapter_markers|unit_words|generic_leads|org_prefix_words)\"",  # units, chapters and generic words
    r"^\s*_?[A-Z_]*FUZZY[A-Z_]*\s*=",  # no fuzzy threshold kept as a constant of its own
])
def test_the_naming_rules_live_in_one_module(rule):
    pattern = re.compile(rule, re.M)
    holders = sorted(str(p.relative_to(ROOT)) for folder in ("extractor", "index", "diarium")
                     for p in (ROOT / folder).rglob("*.py") if pattern.search(p.read_text("utf-8")))
    assert holders in ([], ["extractor/facts/names.py"])


def test_the_threshold_of_each_use_is_data():
    assert names.fuzzy_min("same_organisation") > names.fuzzy_min("typed_query") > names.fuzzy_min("candidate")
    assert names.alike("stadsmissionen i lund", "stadsmisionen i lund")
    assert names.closest("stadsmisionen i lund", ["röda korset", "stadsmissionen i lund"]) == "stadsmissionen i lund"
