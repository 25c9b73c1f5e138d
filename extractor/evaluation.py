"""Scoring extractions against a gold file (the format of ``shared/gold/README.md``).

Each fact kind is compared as a multiset of normalised tuples per document, and the
counts are summed over documents (micro-averaged precision, recall and F1). Misses and
false finds are kept per document so a reader sees what went wrong, not only how much.
A document whose gold lacks a kind's key was not annotated for that kind (an empty list or
null means "looked, found none"), so that kind is not scored on it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Callable

KINDS = (
    "own_case_numbers", "cited_case_numbers", "cited_relations", "decision_refs", "org_numbers", "amounts",
    "funding", "periods", "agreement_period", "parties", "people", "meetings", "date", "document_type", "title",
)
# The gold key each kind is read from; a kind absent from a document's gold is not scored there.
GOLD_KEYS = {
    "own_case_numbers": "own_case_numbers", "cited_case_numbers": "referenced_case_numbers",
    "cited_relations": "referenced_case_numbers", "decision_refs": "decision_refs", "org_numbers": "org_numbers",
    "amounts": "amount_mentions", "funding": "funding", "periods": "periods", "agreement_period": "agreement_period",
    "parties": "parties", "people": "people", "meetings": "meetings", "date": "date",
    "document_type": "document_type", "title": "title",
}


@dataclass
class Score:
    documents: int = 0  # documents whose gold annotates this kind
    tp: int = 0
    fp: int = 0
    fn: int = 0
    misses: list = field(default_factory=list)
    false_finds: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def _fold(value):
    return " ".join(str(value).split()).casefold() if value is not None else None


def _period(p):
    return tuple(p) if p else None


def gold_facts(g: dict) -> dict[str, list]:
    refs = g.get("referenced_case_numbers") or {}
    return {
        "own_case_numbers": list(g.get("own_case_numbers") or []),
        "cited_case_numbers": list(refs),
        "cited_relations": list(refs.items()),
        "decision_refs": [(_fold(d["body"]), d["date"], d.get("paragraph")) for d in g.get("decision_refs") or []],
        "org_numbers": [(n, _fold(name)) for n, name in (g.get("org_numbers") or {}).items()],
        "amounts": list(g.get("amount_mentions") or []),
        "funding": [(_fold(f["payer"]), f["amount"], f["basis"], _period(f.get("period"))) for f in g.get("funding") or []],
        "periods": [tuple(p) for p in g.get("periods") or []],
        "agreement_period": [tuple(g["agreement_period"])] if g.get("agreement_period") else [],
        "parties": [_fold(p) for p in g.get("parties") or []],
        "people": [(_fold(p["name"]), _fold(p.get("title"))) for p in g.get("people") or []],
        "meetings": [(_fold(m["body"]), m["date"]) for m in g.get("meetings") or []],
        "date": [g["date"]] if g.get("date") else [],
        "document_type": [g["document_type"]] if g.get("document_type") else [],
        "title": [_fold(g["title"])] if g.get("title") else [],
    }


def found_facts(e: dict) -> dict[str, list]:
    """The same shapes from an extraction's JSON form (``Extraction.to_dict()``)."""
    refs = e["referenced_case_numbers"]
    return {
        "own_case_numbers": list(e["own_case_numbers"]),
        "cited_case_numbers": [r["number"] for r in refs],
        "cited_relations": [(r["number"], r["relation"]) for r in refs],
        "decision_refs": [(_fold(d["body"]), d["date"], d["paragraph"]) for d in e["decision_refs"]],
        "org_numbers": list(dict.fromkeys((o["number"], _fold(o["name"])) for o in e["org_numbers"])),
        "amounts": [a["value"] for a in e["amounts"]],
        "funding": [(_fold(f["payer"]), f["amount"], f["basis"], _period(f["period"])) for f in e["funding"]],
        "periods": list(dict.fromkeys((p["start_date"], p["end_date"]) for p in e["periods"])),
        "agreement_period": [tuple(e["agreement_period"])] if e["agreement_period"] else [],
        "parties": [_fold(p["name"]) for p in e["parties"]],
        "people": [(_fold(p["name"]), _fold(p["title"])) for p in e["people"]],
        "meetings": [(_fold(m["body"]), m["date"]) for m in e["meetings"]],
        "date": [e["date"]] if e["date"] else [],
        "document_type": [e["document_type"]] if e["document_type"] else [],
        "title": [_fold(e["title"])] if e["title"] else [],
    }


def score(gold_documents: dict[str, dict], extract: Callable[[str], dict]) -> dict[str, Score]:
    """Score every gold document; ``extract(name)`` returns the extraction's JSON form."""
    scores = {kind: Score() for kind in KINDS}
    for name, g in gold_documents.items():
        expected, found = gold_facts(g), found_facts(extract(name))
        for kind in KINDS:
            if GOLD_KEYS[kind] not in g:
                continue
            scores[kind].documents += 1
            _compare(scores[kind], name, Counter(expected[kind]), Counter(found[kind]))
    return scores


def _compare(s: Score, name: str, expected: Counter, found: Counter) -> None:
    hit = expected & found
    s.tp += sum(hit.values())
    missed, extra = expected - hit, found - hit
    s.fn += sum(missed.values())
    s.fp += sum(extra.values())
    s.misses += [(name, item) for item in missed.elements()]
    s.false_finds += [(name, item) for item in extra.elements()]
