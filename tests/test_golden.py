"""Golden tests: every sample-corpus document against its gold entry (corpus/gold.json).

Per document, the facts Diarium must get exactly right: case numbers with their roles,
organisation numbers, amounts, periods, the agreement period and planned meetings. Over
the whole corpus, every other fact kind must stay at or above the F1 measured when it was
last improved (see the README), so a change that makes extraction worse fails here.
The seed gold in ../shared is scored too when it is present; it is not shipped.
"""

import json
from pathlib import Path

import pytest

from extractor import extract_file
from extractor.evaluation import found_facts, gold_facts, score

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"
GOLD = json.loads((CORPUS / "gold.json").read_text("utf-8"))["documents"]
SEEDS = ROOT.parent / "shared"

EXACT_KINDS = ("own_case_numbers", "cited_case_numbers", "amounts", "periods", "agreement_period", "meetings")
CORPUS_FLOORS = {
    "cited_relations": 1.0, "decision_refs": 0.80, "org_numbers": 0.91, "funding": 0.57, "parties": 0.90,
    "people": 0.89, "date": 1.0, "document_type": 0.96, "title": 0.92,
}
# The targets on the seed gold.
SEED_FLOORS = {
    "own_case_numbers": 1.0, "cited_case_numbers": 1.0, "org_numbers": 1.0, "amounts": 0.97,
    "agreement_period": 0.97, "cited_relations": 0.9, "funding": 0.9, "periods": 0.9, "parties": 0.9, "people": 0.9,
}


@pytest.fixture(scope="module")
def extractions():
    return {name: extract_file(CORPUS / "documents" / name).to_dict() for name in GOLD}


@pytest.mark.parametrize("name", sorted(GOLD))
@pytest.mark.parametrize("kind", EXACT_KINDS)
def test_document_facts(extractions, name, kind):
    expected = sorted(map(repr, gold_facts(GOLD[name])[kind]))
    found = sorted(map(repr, found_facts(extractions[name])[kind]))
    assert found == expected


@pytest.mark.parametrize("name", sorted(GOLD))
def test_every_fact_points_into_the_original(extractions, name):
    text = (CORPUS / "documents" / name).read_text("utf-8")
    for amount in extractions[name]["amounts"]:
        assert " ".join(text[amount["start"]:amount["end"]].split()).replace("\u00a0", " ") == amount["text"]
    for cited in extractions[name]["referenced_case_numbers"]:
        written = "".join(text[cited["start"]:cited["end"]].split()).upper()
        assert written.replace("-", "").replace("/", "") .endswith(cited["number"].replace("-", "").replace("/", "").replace(" ", ""))


@pytest.mark.parametrize("kind,floor", sorted(CORPUS_FLOORS.items()))
def test_corpus_scores_do_not_regress(kind, floor):
    scores = score(GOLD, lambda name: extract_file(CORPUS / "documents" / name).to_dict())
    assert scores[kind].f1 >= floor, [scores[kind].misses, scores[kind].false_finds]


@pytest.mark.skipif(not (SEEDS / "gold" / "seeds.json").exists(), reason="the seed gold is not on this machine")
@pytest.mark.parametrize("kind,floor", sorted(SEED_FLOORS.items()))
def test_seed_targets(kind, floor):
    gold = json.loads((SEEDS / "gold" / "seeds.json").read_text("utf-8"))["documents"]
    scores = score(gold, lambda name: extract_file(SEEDS / "seeds" / name).to_dict())
    assert scores[kind].f1 >= floor, [scores[kind].misses, scores[kind].false_finds]
