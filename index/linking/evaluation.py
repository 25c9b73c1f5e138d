"""Scoring links and traces against a gold file's ``lineages``, ``must_not_link`` and ``traces``.

Gold links are read from the gold file: consecutive steps of every lineage chain give a
lineage link from the newer step's case to the older one (``extends`` when the newer step
says ``extension``, ``replaces`` for ``new agreement``, else any lineage type counts); a
document named in a step that does not own the step's case gives ``same_agreement``; the
``guideline`` and ``related`` relations of documents with their own number give those links.
A link between a document without a number and a case counts as a link of the case the
document joined. Decision references are compared by date and paragraph (``HSN 2015-12-02
§ 190`` in the gold is ``Hälso- och sjukvårdsnämnden 2015-12-02 § 190`` found); guideline
and related links to decision references are not scored (the gold gives them no relation).

Lineage order: each gold trace with ``expect_chain_in_order`` must list those cases newest
first in that order, hold the expected documents and related cases, and none of
``must_not_contain``. Must-not-link: two documents named there must never share a lineage.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Optional, Union

from extractor.identifiers import diarienummer
from extractor.evaluation import Score
from extractor.model import Extraction
from index.linking.agreements import parse_decision_node
from index.linking.lineage import Lineages, LinkGraph, Trace
from index.linking.model import LINEAGE_TYPES, Link

# A decision reference holds a whole date; no case-number form does.
_DECISION = re.compile(r"((?:19|20)\d\d-[01]\d-[0-3]\d)(?!\d)(?:,?\s*§\s*(\d+))?")


@dataclass
class LinkScore(Score):
    """Typed links scored like facts, plus traces in order and must-not-link violations."""

    traces_ok: int = 0
    traces: int = 0
    trace_failures: list = field(default_factory=list)
    violations: list = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"precision": self.precision, "recall": self.recall, "tp": self.tp, "fp": self.fp, "fn": self.fn,
                "traces_in_order": self.traces_ok, "traces": self.traces, "must_not_link_violations": len(self.violations),
                "misses": self.misses, "false_finds": self.false_finds, "trace_failures": self.trace_failures,
                "violations": self.violations}


@dataclass(slots=True)
class GoldDocument:
    """What the gold says of one document that links are scored by."""

    own: list[str]  # its own case numbers
    cited: dict[str, str]  # the case numbers it cites, with their relation (``guideline``, ``related`` ...)
    document_type: Optional[str]

    @classmethod
    def from_dict(cls, g: dict) -> "GoldDocument":
        return cls(list(g.get("own_case_numbers") or []), dict(g.get("referenced_case_numbers") or {}),
                   g.get("document_type"))


@dataclass(slots=True)
class GoldTrace:
    """A trace the gold expects: from a case, the chain newest first and what it must (not) hold."""

    start: str
    chain_in_order: list[str]
    chain_contains: list[str]
    documents: list[str]
    related: list[str]
    must_not_contain: list[str]

    @classmethod
    def from_dict(cls, t: dict) -> "GoldTrace":
        def listed(key: str) -> list[str]:
            return list(t.get(key) or [])
        return cls(t["from"], listed("expect_chain_in_order"), listed("expect_chain_contains"), listed("expect_documents"),
                   listed("expect_related"), listed("must_not_contain"))


@dataclass(slots=True)
class Gold:
    """A gold file's link part, read once: its documents (by file name), each lineage's chain
    of steps (each described in words, ``what``), its traces and its must-not-link pairs."""

    documents: dict[str, GoldDocument]
    chains: list[list[str]]
    traces: list[GoldTrace]
    must_not_link: list[tuple[str, str]]

    @classmethod
    def from_dict(cls, gold: dict) -> "Gold":
        return cls({name: GoldDocument.from_dict(g) for name, g in (gold.get("documents") or {}).items()},
                   [[step["what"] for step in lineage["chain"]] for lineage in gold.get("lineages") or []],
                   [GoldTrace.from_dict(t) for t in gold.get("traces") or []],
                   [(a, b) for a, b, *_ in gold.get("must_not_link") or []])


@dataclass(slots=True)
class _Step:
    """One step of a gold chain: its case (the first named), every case named, its kind, its documents."""

    case: Optional[str]
    cases: list
    kind: Optional[str]
    documents: list[str]


def node_key(node: str) -> str:
    """Compare case numbers loosely and decision references by date and paragraph."""
    m = _DECISION.search(node)
    return f"beslut {m.group(1)} § {m.group(2) or ''}" if m else diarienummer.compact(node)


def gold_links(gold: Union[Gold, dict]) -> set[tuple[str, str, str]]:
    """(source, target, type) keys; type ``lineage`` when the gold does not say which."""
    gold = gold if isinstance(gold, Gold) else Gold.from_dict(gold)
    docs = gold.documents
    numbers = {n for g in docs.values() for n in g.own + list(g.cited)}
    out = set()
    for chain in gold.chains:
        steps = [_gold_step(what, numbers, docs) for what in chain]
        for older, newer in zip(steps, steps[1:]):
            if older.case and newer.case and node_key(older.case) != node_key(newer.case):
                # two decisions in one case (a board's, then the council's) are one node, not a link;
                # a step registered by each party (``A-2021-1 + KS 2021-2``) is reached under each number
                kind = {"extension": "extends", "new agreement": "replaces"}.get(newer.kind, "lineage")
                for case in older.cases:
                    out.add((node_key(newer.case), node_key(case), kind))
        for step in steps:
            for name in step.documents:
                if step.case and step.case not in docs[name].own:
                    out.add((name, node_key(step.case), "same_agreement"))
    for name, g in docs.items():
        source = _citing(name, g)
        for number, relation in g.cited.items():
            if relation in ("guideline", "related") and source:
                out.add((source, node_key(number), relation))
    return out


def _citing(name: str, g: GoldDocument):
    """Whose guideline and related links a document's citations give: its own case (the first,
    when one decision settles several joined cases), the document itself when it has no number
    or is a protocol of several paragraphs (its gold does not say which paragraph cites)."""
    if not g.own or _of_paragraphs(g):
        return name
    return node_key(g.own[0])


def _of_paragraphs(g: GoldDocument) -> bool:
    return len(g.own) > 1 and g.document_type in ("protokoll", "protokollsutdrag")


def _gold_step(what: str, numbers: set[str], docs: dict[str, GoldDocument]) -> _Step:
    head = what.split("(")[0]
    found = sorted((what.find(n), n) for n in numbers if n in head)
    case = found[0][1] if found else (head.strip() if _DECISION.search(head) else None)
    kind = "extension" if "extension" in what else ("new agreement" if "new agreement" in what else None)
    return _Step(case, [n for _, n in found] or [case], kind, [n for n in docs if n in what])


def found_links(links: list[Link], names: dict[str, str], owners: dict[str, str] = None) -> set[tuple[str, str, str]]:
    """The same keys from found links; ``names`` maps document ids to gold file names, ``owners``
    a case to the one document that owns it (another authority's case on the same agreement is
    scored as its document's link, the gold's form)."""
    owners = owners or {}
    joined = {l.source: l.target for l in links if l.type == "same_agreement" and not l.own_number and l.source in names}
    out = set()
    for l in links:
        if l.own_number:
            continue
        if l.type in ("guideline", "related") and parse_decision_node(l.target) and not _looks_like_case(l.target):
            continue
        if l.type == "same_agreement":
            out.add((names.get(l.source) or owners.get(l.source) or node_key(l.source), node_key(l.target), l.type))
            continue
        source = joined.get(l.source, l.source)
        out.add((names.get(source) or node_key(source), names.get(l.target) or node_key(l.target), l.type))
    return out


def _looks_like_case(node: str) -> bool:
    return node_key(node) == diarienummer.compact(node)


def score_links(gold: Union[Gold, dict], links: list[Link], extractions: dict[str, Union[Extraction, dict]]) -> LinkScore:
    """Score found links and traces against a gold file (read, or as read by :meth:`Gold.from_dict`);
    ``extractions`` maps gold file names to extractions (or their JSON form)."""
    gold = gold if isinstance(gold, Gold) else Gold.from_dict(gold)
    extractions = {name: e if isinstance(e, Extraction) else Extraction.from_dict(e) for name, e in extractions.items()}
    names = {e.id: name for name, e in extractions.items()}
    s = LinkScore()
    owners = {e.case_numbers[0]: name for name, e in extractions.items() if len(e.own_case_numbers) == 1}
    expected, found = gold_links(gold), found_links(links, names, owners)
    # a paragraph's citation is scored as its protocol's, the gold's form (:func:`_citing`)
    paragraphs = {node_key(n): name for name, g in gold.documents.items() if _of_paragraphs(g) for n in g.own}
    found = {(paragraphs.get(source, source) if kind in ("guideline", "related") else source, target, kind)
             for source, target, kind in found}
    for item in found:
        if _matches(item, expected):
            s.tp += 1
        else:
            s.fp += 1
            s.false_finds.append(item)
    for item in expected:
        if not any(_matches(f, {item}) for f in found):
            s.fn += 1
            s.misses.append(item)
    _score_traces(s, gold, links, extractions)
    return s


def _matches(item: tuple, expected: set) -> bool:
    source, target, kind = item
    if item in expected:
        return True
    return kind in LINEAGE_TYPES and (source, target, "lineage") in expected


def _score_traces(s: LinkScore, gold: Gold, links: list[Link], extractions: dict[str, Extraction]) -> None:
    names = {e.id: name for name, e in extractions.items()}
    graph = LinkGraph([l.to_dict() for l in links])  # as the store's links are traced
    by_id = {e.id: (name, e) for name, e in extractions.items()}
    lineages = Lineages(graph.links_of, by_id.get)

    def run(start: str) -> Trace:
        return lineages.trace(start, graph.node(start) or start)

    for t in gold.traces:
        s.traces += 1
        problems = _check_trace(t, run(t.start), names)
        if problems:
            s.trace_failures.append({"from": t.start, "problems": problems})
        else:
            s.traces_ok += 1
    for a, b in gold.must_not_link:
        ids = {name: e.id for name, e in extractions.items()}
        if a in ids and b in ids:
            docs = {names.get(d) for d in run(ids[a]).document_ids()}
            if b in docs:
                s.violations.append((a, b))


def _check_trace(t: GoldTrace, result: Trace, names: dict[str, str]) -> list[str]:
    chain = [diarienummer.compact(c) for step in reversed(result.steps) for c in step.cases]
    documents = {names.get(d) for d in result.document_ids()}
    problems = []
    order = [diarienummer.compact(c) for c in t.chain_in_order]
    positions = [chain.index(c) if c in chain else -1 for c in order]
    if -1 in positions or positions != sorted(positions):
        problems.append(f"chain {chain} is not {order} in order")
    problems += [f"missing {c} from the chain" for c in t.chain_contains if diarienummer.compact(c) not in chain]
    problems += [f"missing document {d}" for d in t.documents if d not in documents]
    related = {diarienummer.compact(r.case) for r in result.related}
    problems += [f"missing related {c}" for c in t.related if diarienummer.compact(c) not in related]
    problems += [f"holds {c}" for c in t.must_not_contain if diarienummer.compact(c) in set(chain)]
    return problems
