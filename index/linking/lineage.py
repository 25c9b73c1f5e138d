"""A partnership's history: the lineage a case or document belongs to, oldest step first.

Lineages are fixed groups of the link graph: the nodes joined by lineage links (``extends``,
``replaces``, ``predecessor``) and ``same_agreement`` links, in either direction. A document
with several case numbers of its own (a protocol, whose paragraphs are separate matters) joins
none of them to another: it is listed in the lineage of each of its cases, and its own lineage
is all of theirs together. ``related`` and ``guideline`` links are listed apart and never
followed, so a separate partnership with the same organisation never enters the lineage.
Every case and document of one lineage gets the same answer, built once per handle
(:class:`Lineages`); its links are taken in one order (source, target, type), whichever node
was asked about.

A step is one agreement: its case numbers (one per deciding authority; or a decision cited
by body and date), the documents about it (or none, ``imported: false``, with what the citing
documents say about it), its period, kind (original, extension, new agreement), funding per
party per year and the evidence of its links.

A trace is a :class:`Trace` of :class:`Step` records (with their :class:`StepDocument`,
:class:`StepFunding`, :class:`StepQuote` and :class:`StatedBy` rows) and :class:`SideCase`
records for related cases and guidelines, built once from the link graph's
:class:`~index.linking.model.StoredLink` records and the documents' extractions; ``to_dict``
gives the JSON of ``diarium trace --json``, ``show`` and the web's case page (each record's
fields in order, :func:`~extractor.model.plain`, but for the few keys said at each record),
and ``Trace.from_dict`` reads it back.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from datetime import date
from functools import cached_property
from dataclasses import dataclass, replace
from typing import Callable, Optional, Union

from extractor.identifiers import diarienummer
from extractor.model import Extraction, Funding, plain, record
from index.linking.model import LINEAGE_TYPES, Statement, StoredLink
from index.linking.partnership import Partnership, describe
from index.store import Store

_FOLLOW = LINEAGE_TYPES + ("same_agreement",)
_KIND = {"extends": "extension", "replaces": "new agreement"}


def trace(index, case_or_doc: str) -> Optional["Trace"]:
    """The lineage of a case number (any spelling), document id or document path; None if unknown.

    ``index`` is an index folder's path or a handle on it (:class:`~index.folder.IndexFolder`);
    one lineage asks the store for the links of each node it meets (many lineages in a row
    are traced over the handle's link graph by :meth:`IndexFolder.trace`)."""
    if hasattr(index, "store"):  # an IndexFolder handle (which traces with this module)
        return trace_in(index.store, case_or_doc)
    with Store(index) as store:
        return trace_in(store, case_or_doc)


def trace_in(store: Store, case_or_doc: str, graph: Optional["LinkGraph"] = None,
             lineages: Optional["Lineages"] = None) -> Optional["Trace"]:
    """:func:`trace` over an open store; with the store's ``graph`` read once and the
    ``lineages`` built over it (:func:`lineages_of`), for tracing many in a row."""
    start = resolve(store, case_or_doc, graph)
    if start is None:
        return None
    return (lineages or lineages_of(store, graph)).trace(case_or_doc, start)


def lineages_of(store: Store, graph: Optional["LinkGraph"] = None) -> "Lineages":
    """The lineages of a store's links: over its ``graph`` when read, else asking the store
    for the links of each node met."""

    def fetch_doc(doc_id: str):
        doc = store.document(doc_id)
        return (doc.path, doc.facts) if doc else None

    return Lineages(graph.links_of if graph else store.links, fetch_doc)


def resolve(store: Store, query: str, graph: Optional["LinkGraph"] = None) -> Optional[str]:
    """The node a query names: a document id, a document path, or a case number typed loosely."""
    query = query.strip()
    if store.document(query):
        return query
    ids = store.documents_of_path(query)
    if ids:
        return ids[0]
    if graph is not None:
        return graph.node(query)
    if store.links(query):
        return query
    wanted = diarienummer.compact(query)
    for row in store.db.execute("SELECT source FROM links UNION SELECT target FROM links ORDER BY 1"):
        if diarienummer.compact(row[0]) == wanted:
            return row[0]
    return None


class LinkGraph:
    """Every stored link read once: the links touching a node, in the store's order, and the
    node a case number typed loosely names (the nodes' keys made only when a query is not a
    node as it stands)."""

    def __init__(self, links: list[dict]):
        self.by_node: dict[str, list[dict]] = defaultdict(list)
        for link in links:
            self.by_node[link["source"]].append(link)
            if link["target"] != link["source"]:
                self.by_node[link["target"]].append(link)

    def links_of(self, node: str) -> list[dict]:
        return self.by_node.get(node, [])

    def node(self, query: str) -> Optional[str]:
        """``query`` itself when links touch it, else the first node (in sorted order) with its case key."""
        return query if query in self.by_node else self._by_key.get(diarienummer.compact(query))

    @cached_property
    def _by_key(self) -> dict[str, str]:
        by_key: dict[str, str] = {}
        for node in sorted(self.by_node):
            by_key.setdefault(diarienummer.compact(node), node)
        return by_key


class Lineages:
    """The lineages of one link graph, given ``links_of(node)`` (stored link dicts) and
    ``fetch_doc(id) -> (path, extraction) | None`` (the extraction in its JSON form or as an
    :class:`~extractor.model.Extraction`). Each group of the graph is found once, and each
    lineage built once (:func:`build_trace`), whichever of its nodes is asked about."""

    def __init__(self, links_of: Callable[[str], list[dict]], fetch_doc: Callable[[str], Optional[tuple]]):
        self._read, self.fetch_doc = links_of, fetch_doc
        self._links: dict[str, list[StoredLink]] = {}
        self._read_links: dict[tuple, StoredLink] = {}
        self._group_of: dict[str, _Group] = {}
        self._own: dict[str, list[str]] = {}
        self._built: dict[frozenset, Trace] = {}

    def links_of(self, node: str) -> list[StoredLink]:
        """The links touching ``node``, read once (each link's evidence read once)."""
        if node not in self._links:
            self._links[node] = [self._stored(link) for link in self._read(node)]
        return self._links[node]

    def _stored(self, link: dict) -> StoredLink:
        key = (link["source"], link["target"], link["type"])
        if key not in self._read_links:
            self._read_links[key] = StoredLink.from_dict(link)
        return self._read_links[key]

    def trace(self, query: str, start: str) -> "Trace":
        """The lineage of node ``start`` (asked for as ``query``); its steps and side cases are
        shared by every node of the lineage, and not to be changed."""
        key = self.members(start)
        if key not in self._built:
            self._built[key] = build_trace(query, start, self)
        return replace(self._built[key], query=query, start=start)

    def members(self, node: str) -> frozenset:
        """The nodes of ``node``'s lineage: its group and the protocol documents listed in it;
        for a protocol document, those of each of its cases and its own."""
        cases = self.own_cases(node)
        groups = [self._group(node)] + ([self._group(case) for case in cases] if len(cases) > 1 else [])
        found = {node}
        for g in groups:
            found |= g.members | g.listed
        return frozenset(found)

    def own_cases(self, node: str) -> list[str]:
        """The case numbers a document carries as its own (none for a case)."""
        if node not in self._own:
            self._own[node] = [l.target for l in self.links_of(node) if l.source == node and l.evidence.own_number]
        return self._own[node]

    def links(self, members: frozenset) -> tuple[list[StoredLink], list[StoredLink]]:
        """The lineage links among ``members`` and the side links (``related``, ``guideline``)
        from them, each in the order (source, target, type)."""
        lineage, side = {}, {}
        for node in members:
            for link in self.links_of(node):
                if link.type in _FOLLOW and link.source in members and link.target in members:
                    lineage[link.key] = link
                elif link.type not in _FOLLOW and link.source == node:
                    side[link.key] = link
        return [lineage[k] for k in sorted(lineage)], [side[k] for k in sorted(side)]

    def _group(self, node: str) -> "_Group":
        """The nodes joined to ``node`` by lineage and same_agreement links, found once: a
        protocol document's own-number links list it in its cases' groups without joining them."""
        if node in self._group_of:
            return self._group_of[node]
        group, queue = _Group({node}, set()), [node]
        while queue:
            at = queue.pop()
            for link in self.links_of(at):
                if link.type not in _FOLLOW:
                    continue
                if link.evidence.own_number and len(self.own_cases(link.source)) > 1:
                    if link.target == at:
                        group.listed.add(link.source)
                    continue
                other = link.target if link.source == at else link.source
                if other not in group.members:
                    group.members.add(other)
                    queue.append(other)
        for member in group.members:
            self._group_of[member] = group
        return group


class _Group:
    """Nodes of one connected part of the link graph, and the protocol documents listed in it."""

    def __init__(self, members: set, listed: set):
        self.members, self.listed = members, listed


def build_trace(query: str, start: str, lineages: Lineages) -> "Trace":
    """The lineage of node ``start`` (asked for as ``query``), from the links and documents
    ``lineages`` reads; pure apart from those."""
    members = lineages.members(start)
    lineage_links, side_links = lineages.links(members)
    docs = {n: lineages.fetch_doc(n) for n in sorted(members)}
    docs = {n: (d[0], d[1] if isinstance(d[1], Extraction) else Extraction.from_dict(d[1])) for n, d in docs.items() if d}
    groups = _steps(members, lineage_links)
    ordered = _order(groups, lineage_links, docs)
    steps = [_step(g, lineage_links, docs) for g in ordered]
    related = [_side(l, lineages.links_of) for l in side_links if l.type == "related"]
    guidelines = [_side(l, lineages.links_of) for l in side_links if l.type == "guideline"]
    partnership = describe(steps, {n: d[1] for n, d in docs.items()})
    return Trace(query, start, partnership, steps, related, guidelines)


def _steps(members: set, links: list[StoredLink]) -> list[set]:
    """Nodes joined by same_agreement links form one step (union-find)."""
    parent = {m: m for m in members}

    def find(x):
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for l in links:
        if l.type == "same_agreement" and l.source in parent and l.target in parent:
            parent[find(l.source)] = find(l.target)
    groups = defaultdict(set)
    for m in sorted(members):
        groups[find(m)].add(m)
    return sorted(groups.values(), key=min)  # one order, so steps of equal age keep it


def _order(groups: list[set], links: list[StoredLink], docs: dict) -> list[set]:
    """Oldest first: a link's target is older than its source; ties by period, then number year."""
    index = {n: i for i, g in enumerate(groups) for n in g}
    older = defaultdict(set)
    for l in links:
        if l.type in LINEAGE_TYPES and index[l.source] != index[l.target]:
            older[index[l.source]].add(index[l.target])
    sort_key = {i: _age(g, links, docs) for i, g in enumerate(groups)}
    done, out = set(), []
    while len(done) < len(groups):
        ready = [i for i in range(len(groups)) if i not in done and older[i] <= done]
        if not ready:  # a cycle in contradicting documents: fall back on dates
            ready = [i for i in range(len(groups)) if i not in done]
        pick = min(ready, key=lambda i: sort_key[i])
        done.add(pick)
        out.append(groups[pick])
    return out


def _age(group: set, links: list[StoredLink], docs: dict) -> tuple:
    period = _period(group, links, docs)
    years = [y for n in group for y in re.findall(r"(?:19|20)\d\d", n if n not in docs else "")]
    return (period[0] if period else "9999", min(years) if years else "9999")


def _facts(group: set, links: list[StoredLink]) -> list[tuple[str, Statement, StoredLink]]:
    """(node, statement, link) for every statement a link's evidence makes about a node of the group."""
    out = []
    for l in links:
        for node, facts in l.evidence.facts.items():
            if node in group:
                out.append((node, facts, l))
        for also in l.evidence.also:
            for node, facts in also.facts.items():
                if node in group:
                    out.append((node, facts, replace(l, evidence=also)))
    return out


def _period(group: set, links: list[StoredLink], docs: dict) -> Optional[list]:
    for n in sorted(group):
        if n in docs and docs[n][1].agreement_period and docs[n][1].own_case_numbers:
            return list(docs[n][1].agreement_period)
    for n in sorted(group):
        if n in docs and docs[n][1].agreement_period:
            return list(docs[n][1].agreement_period)
    stated = Counter(tuple(f.period) for _, f, _ in _facts(group, links) if f.period)
    return list(stated.most_common(1)[0][0]) if stated else None


def _step(group: set, links: list[StoredLink], docs: dict) -> "Step":
    cases = sorted(n for n in group if n not in docs)
    documents = [StepDocument(n, docs[n][0]) for n in sorted(group) if n in docs]
    facts = _facts(group, links)
    period = _period(group, links, docs)
    authorities = list(dict.fromkeys(
        [docs[n][1].authority for n in sorted(group) if n in docs and docs[n][1].own_case_numbers]
        + [f.authority for _, f, _ in facts if f.authority]
        + [docs[n][1].authority for n in sorted(group) if n in docs]))
    authorities = [a for a in authorities if a]
    deciders = list(dict.fromkeys(
        [docs[n][1].decided_by for n in sorted(group) if n in docs] + [f.decided_by for _, f, _ in facts]))
    stated_by = None if documents else [StatedBy(l.evidence.document, n, f.period, f.amounts, f.kind)
                                        for n, f, l in facts]
    return Step(cases, authorities[0] if authorities else None, authorities, [d for d in deciders if d], period,
                _kind(group, links, facts), _funding(group, docs, period) or _stated_amounts(facts), documents,
                bool(documents), _evidence(group, links), stated_by)


def _kind(group: set, links: list[StoredLink], facts) -> str:
    """From the link to the older step; else what the documents say of the step itself."""
    to_older = [l for l in links if l.type in LINEAGE_TYPES and l.source in group and l.target not in group]
    stated = [f.kind for _, f, _ in facts if f.kind]
    for l in sorted(to_older, key=lambda l: l.type == "predecessor"):
        if l.type in _KIND:
            return _KIND[l.type]
    if to_older:
        return next((k for k in stated if k in ("extension", "new agreement")), "new agreement")
    return "extension" if "extension" in stated and "original" not in stated else "original"


def _funding(group: set, docs: dict, period) -> list["StepFunding"]:
    """Funding per payer per year, from the step's decision documents first, then the others."""
    ranked = sorted((n for n in group if n in docs), key=lambda n: (not docs[n][1].own_case_numbers,
                                                                    docs[n][1].document_type != "överenskommelse", n))
    seen, out = set(), []
    for n in ranked:
        for f in docs[n][1].funding:
            if f.period and period and list(f.period) != list(period) and f.basis != "one_off":
                continue
            key = (f.payer, f.basis)
            if key in seen:
                continue
            seen.add(key)
            out += _per_year(f, n)
    return out


def _per_year(f: Funding, doc_id: str) -> list["StepFunding"]:
    if f.basis != "per_year" or not f.period:
        year = f.period[0][:4] if f.period and f.basis == "one_off" else None
        return [StepFunding(f.payer, f.amount, year, f.basis, doc_id, list(f.period) if f.period else None)]
    return [StepFunding(f.payer, f.amount, label, f.basis, doc_id) for label in agreement_years(*f.period)]


def agreement_years(start: str, end: Optional[str]) -> list[str]:
    """Calendar years for a period starting 1 January; otherwise agreement years ``2023/2024``.
    An open end (``från och med 2027-01-01``) gives its first year only: later ones are not stated.

    >>> agreement_years("2021-01-01", "2022-12-31")
    ['2021', '2022']
    >>> agreement_years("2023-07-01", "2025-06-30")
    ['2023/2024', '2024/2025']
    >>> agreement_years("2027-01-01", None)
    ['2027']
    """
    a = date.fromisoformat(start)
    b = date.fromisoformat(end) if end else date(a.year + (0 if (a.month, a.day) == (1, 1) else 1), a.month, a.day)
    if (a.month, a.day) == (1, 1):
        return [str(y) for y in range(a.year, b.year + 1)]
    return [f"{y}/{y + 1}" for y in range(a.year, b.year)] or [str(a.year)]


def _stated_amounts(facts) -> list["StepFunding"]:
    amounts = dict.fromkeys(a for _, f, _ in facts for a in f.amounts)
    return [StepFunding(None, a, None, "stated") for a in amounts]


def _evidence(group: set, links: list[StoredLink]) -> list["StepQuote"]:
    """The sentences that speak of this step: a link's sentence quotes the newer document
    about the older agreement (its target), so it belongs to the target's step."""
    out = []
    for l in links:
        if l.evidence.own_number:
            continue
        if l.target in group:
            out.append(StepQuote(l.type, l.source, l.target, l.confidence, l.evidence.document, l.evidence.page,
                                 l.evidence.sentence))
    return out


def _side(link: StoredLink, links_of) -> "SideCase":
    documents = [l.source for l in links_of(link.target) if l.evidence.own_number and l.target == link.target]
    evidence = link.evidence
    return SideCase(link.target, link.source, link.type, link.confidence, documents, bool(documents),
                    Quote(evidence.document, evidence.page, evidence.sentence))


# -- the records of a trace ---------------------------------------------------------------------

@dataclass(slots=True)
class StepFunding:
    """One row of a step's ``funding``: a payer's amount for a year (``2021`` or ``2023/2024``;
    None for a whole period or a stated sum), its ``basis`` (``per_year``, ``total``,
    ``one_off``, or ``stated`` for amounts the citing documents state), the decision document it
    comes from, and a whole period's dates.

    The JSON form has the keys a row of its kind has: a stated sum ``payer``, ``year``,
    ``amount``, ``basis``; one year of a yearly amount ``payer``, ``basis``, ``document``,
    ``year``, ``amount``; any other row also its ``period``."""

    payer: Optional[str]
    amount: Optional[int]
    year: Union[str, None] = None
    basis: Optional[str] = None
    document: Optional[str] = None
    period: Optional[list] = None

    def to_dict(self) -> dict:
        if self.basis == "stated":
            return {"payer": self.payer, "year": self.year, "amount": self.amount, "basis": self.basis}
        out = {"payer": self.payer, "basis": self.basis, "document": self.document, "year": self.year,
               "amount": self.amount}
        if self.basis != "per_year" or self.year is None:  # not one year of a yearly amount
            out["period"] = self.period
        return out


@dataclass(slots=True)
class StepDocument:
    """A stored document about a step's agreement."""

    id: str
    path: str


@dataclass(slots=True)
class Quote:
    """Where a link was found: the document, its page and the sentence."""

    document: Optional[str]
    page: Optional[int]
    sentence: Optional[str]


@dataclass(slots=True)
class StepQuote:
    """The evidence of a link that speaks of a step: the link (``link`` its type), and its quote."""

    link: str
    source: str
    target: str
    confidence: float
    document: Optional[str]
    page: Optional[int]
    sentence: Optional[str]


@dataclass(slots=True)
class StatedBy:
    """What a citing document states about a step none of whose documents is imported."""

    document: Optional[str]
    case: str
    period: Optional[list]
    amounts: list
    kind: Optional[str]


@dataclass(slots=True)
class Step:
    """One agreement of a lineage (see the module docstring); ``stated_by`` only for a step
    none of whose documents is imported."""

    cases: list[str]
    authority: Optional[str]
    authorities: list[str]
    decided_by: list[str]
    period: Optional[list]
    kind: str
    funding: list[StepFunding]
    documents: list[StepDocument]
    imported: bool
    evidence: list[StepQuote]
    stated_by: Optional[list[StatedBy]] = None

    @classmethod
    def from_dict(cls, data: dict) -> "Step":
        step = record(cls, data)
        step.funding = [record(StepFunding, f) for f in step.funding]  # the keys a row lacks stay None
        step.documents = [record(StepDocument, d) for d in step.documents]
        step.evidence = [record(StepQuote, e) for e in step.evidence]
        if step.stated_by is not None:
            step.stated_by = [record(StatedBy, s) for s in step.stated_by]
        return step

    def to_dict(self) -> dict:
        out = plain(self)
        out["funding"] = [f.to_dict() for f in self.funding]  # each row with the keys of its kind
        if self.stated_by is None:
            del out["stated_by"]
        return out


@dataclass(slots=True)
class SideCase:
    """A related case or guideline of a lineage: the case, the node citing it (``from`` in the
    JSON form), the link's type and confidence, the stored documents carrying the case, and the quote."""

    case: str
    source: str
    type: str
    confidence: float
    documents: list[str]
    imported: bool
    evidence: Quote

    @classmethod
    def from_dict(cls, data: dict) -> "SideCase":
        return record(cls, dict(data, source=data["from"], evidence=record(Quote, data["evidence"])))

    def to_dict(self) -> dict:
        return {("from" if key == "source" else key): value for key, value in plain(self).items()}


@dataclass(slots=True)
class Trace:
    """The lineage of ``start`` (asked for as ``query``): its partnership, steps oldest first,
    related cases and guidelines."""

    query: str
    start: str
    partnership: Partnership
    steps: list[Step]
    related: list[SideCase]
    guidelines: list[SideCase]

    @classmethod
    def from_dict(cls, data: dict) -> "Trace":
        """A trace in its JSON form (``diarium trace --json``)."""
        return cls(data["query"], data["start"], record(Partnership, data["partnership"]),
                   [Step.from_dict(s) for s in data["steps"]], [SideCase.from_dict(r) for r in data["related"]],
                   [SideCase.from_dict(g) for g in data["guidelines"]])

    def to_dict(self) -> dict:
        return {"query": self.query, "start": self.start, "partnership": plain(self.partnership),
                "steps": [s.to_dict() for s in self.steps], "related": [r.to_dict() for r in self.related],
                "guidelines": [g.to_dict() for g in self.guidelines]}

    def document_ids(self) -> list[str]:
        """The stored documents of every step, oldest step first."""
        return [d.id for s in self.steps for d in s.documents]

    def cases(self) -> list[str]:
        """The case numbers of every step, oldest step first."""
        return [c for s in self.steps for c in s.cases]
