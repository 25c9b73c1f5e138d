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
    "cited_relations": 1.0, "decision_refs": 0.80, "org_numbers": 0.91, "funding": 0.99, "parties": 0.99,
    "people": 0.99, "date": 1.0, "document_type": 0.96, "title": 1.0,
}
# Documents whose forms the extraction rules do not cover yet, with the exact kinds still
# wrong on each: colon, dotted, year-first and filing-plan case numbers, DNR: labels in
# protocol paragraphs, agreement periods in texts that decide none. They are
# expected to fail on those kinds only (every other kind is checked as for any document),
# and they stay out of the corpus floors until they leave this table. Remove a kind (or
# the document) as soon as the rules handle it; scripts/evaluate.py lists the misses.
PENDING_RULES = {
    "torsas_ks_protokoll_2008-03-10.txt": set(),
    "burlov_kfn_protokoll_2025-02-10.txt": set(),
    "goteborg_kf_protokollsutdrag_2023-01-26_par34.txt": set(),
    "goteborg_ks_protokollsutdrag_2024-02-07.txt": set(),
    "tyreso_2023-ks-0362_tjansteskrivelse.txt": set(),
    "strangnas_2020-112_beslutsforslag.txt": set(),
    "kramfors_soc-2022-0789_tjansteutlatande.txt": set(),
    "vardanalys_3.1-2207-2024_remissvar.txt": set(),
    "jo_2417-2023_ludvika_socialnamnden_beslut.txt": set(),
    "trelleborg_kft-2024-00072_delegationsbeslut.txt": set(),
    "ljusdal_revisionsrapport_investeringar_2025.txt": set(),
    "umea_tomtebo-2-5_arrendeavtal_2025.txt": set(),
    "solleftea_mbn-2025-0143_yttrande.txt": set(),
    "regionjh_rs-1492-2023_minnesanteckningar.txt": set(),
    "forvaltningsratten-falun_3311-24_dom.txt": set(),
    "eskilstuna_kskf-2023-418_overenskommelse.txt": set(),
    "vaxjo_sn-2024-0312_tjansteskrivelse.txt": set(),
    "region-kronoberg_rs-2024-0815_beslutsforslag.txt": set(),
    "ystad_bun-2024-0211_tjansteskrivelse.txt": set(),
    "ystad_sn-2024-0097_delegationsbeslut.txt": set(),
    "harnosand_ks-2025-0044_tjansteskrivelse.txt": set(),
    "harnosand_stadsmission_overenskommelse_2026-2028.txt": set(),
    "molndal_kfn-2023-0097_delegationsbeslut.txt": set(),
}
SETTLED = {name: g for name, g in GOLD.items() if name not in PENDING_RULES}
# The targets on the seed gold.
SEED_FLOORS = {
    "own_case_numbers": 1.0, "cited_case_numbers": 1.0, "org_numbers": 1.0, "amounts": 0.97,
    "agreement_period": 0.97, "cited_relations": 0.9, "funding": 0.9, "periods": 0.9, "parties": 0.9, "people": 0.9,
}


@pytest.fixture(scope="module")
def extractions():
    return {name: extract_file(CORPUS / "documents" / name).to_dict() for name in GOLD}


def _document_kind_cases():
    for kind in EXACT_KINDS:
        for name in sorted(GOLD):
            pending = kind in PENDING_RULES.get(name, ())
            marks = [pytest.mark.xfail(reason="listed in PENDING_RULES", strict=False)] if pending else []
            yield pytest.param(name, kind, marks=marks, id=f"{kind}-{name}")


@pytest.mark.parametrize("name,kind", list(_document_kind_cases()))
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
        assert written.replace("-", "").replace("/", "").endswith(cited["number"].upper().replace("-", "").replace("/", "").replace(" ", ""))


@pytest.mark.parametrize("kind,floor", sorted(CORPUS_FLOORS.items()))
def test_corpus_scores_do_not_regress(kind, floor):
    scores = score(SETTLED, lambda name: extract_file(CORPUS / "documents" / name).to_dict())
    assert scores[kind].f1 >= floor, [scores[kind].misses, scores[kind].false_finds]


@pytest.mark.skipif(not (SEEDS / "gold" / "seeds.json").exists(), reason="the seed gold is not on this machine")
@pytest.mark.parametrize("kind,floor", sorted(SEED_FLOORS.items()))
def test_seed_targets(kind, floor):
    gold = json.loads((SEEDS / "gold" / "seeds.json").read_text("utf-8"))["documents"]
    scores = score(gold, lambda name: extract_file(SEEDS / "seeds" / name).to_dict())
    assert scores[kind].f1 >= floor, [scores[kind].misses, scores[kind].false_finds]


def test_pending_documents_are_corpus_documents():
    assert set(PENDING_RULES) <= set(GOLD)
    assert all(kinds <= set(EXACT_KINDS) for kinds in PENDING_RULES.values())


def test_a_kind_the_gold_does_not_annotate_is_not_scored():
    found = extract_file(CORPUS / "documents" / next(iter(SETTLED))).to_dict()
    found["people"] = [{"name": "Anna Berg", "title": "controller"}]
    annotated = {"d": {"people": [], "title": None}}
    unannotated = {"d": {"title": None}}  # no "people" key: people were not read for
    assert score(annotated, lambda _: found)["people"].fp == 1
    people = score(unannotated, lambda _: found)["people"]
    assert (people.documents, people.fp, people.tp, people.fn) == (0, 0, 0, 0)
