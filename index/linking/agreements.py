"""Which agreement a document without a case number of its own belongs to, and decisions
cited by body and date as steps of a lineage.

An agreement text (a bilaga) or a region's proposal carries no number of the case it
belongs to. It joins a case when they share what identifies an agreement: the same period
(required), the same non-public party (required, by organisation number or name), and
enough of the rest: the same set of parties, the same amounts, words of the subject
(``Mötesplats Trappan``, ``barnverksamhet``). What is known about a case comes from its own
documents and, for a case cited but not imported, from what the citing documents say: the
period they give it and, when they extend it, their parties and subject (an extension keeps
both). Two partnerships of one organisation differ in period, parties or subject, so the
agreement text of one never joins the other.

Documents are read as :class:`~extractor.model.Extraction` objects (a refresh reads each
one's kept profile, :func:`index.linking.links.read_profile`); what identifies an agreement
is a :class:`Profile`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Optional

from extractor import vocab
from extractor.model import DecisionRef, Extraction, Party
from extractor.nlp import Clauses
from index.linking.model import Evidence, Link, page_of

_PUBLIC = re.compile(rf"(?i)(?<![\wåäö])(?:{vocab.alternation('organisations', 'public_name_words')})(?![\wåäö])")
_STOP = frozenset(vocab.words("agreement_titles", "not_subject_words"))
_WORD = re.compile(r"[a-zåäöé]{5,}")
JOIN_THRESHOLD = 5


def _cues(key: str) -> re.Pattern:
    """The words of ``relations.json``'s list ``key``, found as parts of words in any case."""
    return re.compile(rf"(?i){vocab.alternation('relations', key)}")


# the words around a decision cited by body and date that tell its place in a lineage (relations.json)
_AGREEMENT_WORD = _cues("decision_agreement_words")
_GUIDELINE_WORD = _cues("decision_guideline_words")
_GRANT_WORD = _cues("decision_grant_words")
_EXTENDED = _cues("decision_extension_words")
_STARTED = _cues("decision_start_words")
# "Ärendet har behandlats av ... arbetsutskott 2025-03-17, § 8", "har beretts i arbetsutskottet den
# 27 januari 2025, § 5", "Arbetsutskottet behandlade ärendet den ...": the same matter's earlier
# step, prepared by another body (a protocol paragraph's preparation)
_PREPARED = re.compile(rf"(?i)(?<![\wåäö])(?:{vocab.alternation('relations', 'decision_preparation_cues')})(?![\wåäö])")


@dataclass(frozen=True)
class PartyKeys:
    """A party as agreements are compared: its names folded, its organisation number, and
    whether it is a public body (which alone identifies no agreement)."""

    name: str
    names: frozenset
    org_number: Optional[str]
    public: bool


@dataclass
class Profile:
    """What identifies an agreement: its period, parties, amounts, words of its subject, and
    the authority deciding it."""

    period: Optional[tuple] = None
    parties: list[PartyKeys] = field(default_factory=list)
    amounts: set = field(default_factory=set)
    subject: set = field(default_factory=set)
    authority: Optional[str] = None


def join_links(docs: list[Extraction], links: list) -> list:
    """``same_agreement`` links for documents without an own case number, and between cases
    two authorities decided about one agreement."""
    profiles = case_profiles(docs, links)
    by_period = defaultdict(list)  # only a case with the same period can match
    for case, p in profiles.items():
        by_period[p.period].append(case)
    out = []
    for e in docs:
        if joins(e):
            out += join_link(e, {case: profiles[case] for case in by_period.get(tuple(e.agreement_period), ())})
    out += _cross_authority(docs)
    return out


def joins(e: Extraction) -> bool:
    """Whether a document may join a case by its agreement: no own case number, a period."""
    return not e.own_case_numbers and bool(e.agreement_period)


def join_link(e: Extraction, profiles: dict[str, Profile]) -> list:
    """The one ``same_agreement`` link of a joining document to the best of ``profiles`` (the
    cases with its period), or none when no case fits well enough or two fit equally well."""
    me = document_profile(e)
    scored = sorted(((score(me, profile), case) for case, profile in profiles.items()), reverse=True)
    if not scored or scored[0][0] < JOIN_THRESHOLD:
        return []
    if len(scored) > 1 and scored[1][0] == scored[0][0]:
        return []  # two agreements fit equally well: joining either could be wrong
    best, case = scored[0]
    return [Link(e.id, case, "same_agreement", round(min(0.95, 0.5 + best / 20), 2),
                 {"document": e.id, "page": page_of(e, 0), "sentence": explain(me, profiles[case]), "facts": {}})]


def document_profile(e: Extraction) -> Profile:
    return Profile(tuple(e.agreement_period) if e.agreement_period else None, [party_keys(p) for p in e.parties],
                   {f.amount for f in e.funding if f.amount}, subject_words(e.title), e.authority)


def case_profiles(docs: list[Extraction], links: list) -> dict[str, Profile]:
    """What is known of every case: from its own document, else from the documents citing it."""
    by_id = {e.id: e for e in docs}
    profiles: dict[str, Profile] = {}
    for e in docs:
        if len(e.own_case_numbers) == 1:
            profiles[e.own_case_numbers[0].number] = document_profile(e)
    cited: dict[str, Profile] = defaultdict(Profile)
    for link in links:
        if link.type == "same_agreement" or link.type in ("guideline", "related"):
            continue
        evidence = Evidence.from_dict(link.evidence)
        stated = evidence.about(link.target)  # what the citing document stated about the cited case
        node = cited[link.target]
        if stated.period and not node.period:
            node.period = tuple(stated.period)
        node.amounts |= set(stated.amounts)
        citing = by_id.get(evidence.document)
        if citing and link.type == "extends" and (link.source == citing.id or link.source in citing.case_numbers):
            node.parties = [party_keys(p) for p in citing.parties]
            node.subject |= subject_words(citing.title)
            node.authority = node.authority or citing.authority
    for case, node in cited.items():
        profiles.setdefault(case, node)
    return profiles


def score(doc: Profile, case: Profile) -> int:
    """How well a document fits a case's agreement; 0 when period or organisation differ."""
    if not doc.period or doc.period != case.period:
        return 0
    organisations = [p for p in doc.parties if not p.public]
    if not any(_same(p, q) for p in organisations for q in case.parties):
        return 0
    points = 3
    shared = sum(1 for p in doc.parties if any(_same(p, q) for q in case.parties))
    points += 2 if shared == len(doc.parties) == len(case.parties) else (1 if shared >= 2 else 0)
    points += min(3, len(doc.amounts & case.amounts))
    points += min(2, len(doc.subject & case.subject))
    return points


def explain(doc: Profile, case: Profile) -> str:
    """The shared facts, in words, as the evidence of a join."""
    parts = [f"samma avtalsperiod {doc.period[0]} – {doc.period[1] or ''}"]
    names = sorted({p.name for p in doc.parties if any(_same(p, q) for q in case.parties)})
    if names:
        parts.append("samma parter: " + ", ".join(names))
    amounts = sorted(doc.amounts & case.amounts)
    if amounts:
        parts.append("samma belopp: " + ", ".join(f"{a:,}".replace(",", " ") + " kr" for a in amounts))
    words = sorted(doc.subject & case.subject)
    if words:
        parts.append("samma ämne: " + ", ".join(words))
    return "; ".join(parts)


def party_keys(p: Party) -> PartyKeys:
    names = frozenset(" ".join(n.split()).casefold() for n in [p.name or ""] + list(p.aliases or []) if n)
    number = p.org_number
    public = bool(number and number.startswith("2")) or bool(_PUBLIC.search(p.name or ""))
    return PartyKeys(p.name or "", names, number, public)


def _same(p: PartyKeys, q: PartyKeys) -> bool:
    if p.org_number and q.org_number:
        return p.org_number == q.org_number
    return bool(p.names & q.names)


def subject_words(title: Optional[str]) -> set[str]:
    return {w for w in _WORD.findall((title or "").casefold()) if w not in _STOP}


def _cross_authority(docs: list[Extraction]) -> list:
    """One agreement decided by two authorities, each under its own number: same period,
    same parties, at least two shared amounts, different authorities."""
    by_period = defaultdict(list)
    for e in docs:
        if decides_alone(e):
            by_period[tuple(e.agreement_period)].append(e)
    out = []
    for same_period in by_period.values():
        out += cross_authority_links(same_period)
    return out


def decides_alone(e: Extraction) -> bool:
    """Whether a document is one authority's decision on one agreement: one own case number,
    a period and an authority (the documents compared across authorities)."""
    return len(e.own_case_numbers) == 1 and bool(e.agreement_period) and bool(e.authority)


def cross_authority_links(same_period: list[Extraction]) -> list:
    """The cross-authority links among the deciding documents of one period, in id order."""
    return _pairs_across_authorities([(e, document_profile(e)) for e in same_period])


def _pairs_across_authorities(same_period: list) -> list:
    out = []
    for i, (a, pa) in enumerate(same_period):
        for b, pb in same_period[i + 1:]:
            if a.authority == b.authority:
                continue
            if score(pa, pb) >= JOIN_THRESHOLD + 1 and len(pa.amounts & pb.amounts) >= 2:
                newer, older = sorted((a, b), key=lambda e: e.date or "", reverse=True)
                out.append(Link(newer.own_case_numbers[0].number, older.own_case_numbers[0].number, "same_agreement",
                                0.8, {"document": newer.id, "page": page_of(newer, 0), "sentence": explain(pa, pb),
                                      "facts": {}}))
    return out


def decision_links(e: Extraction, text: str) -> list:
    """Links to decisions a document cites by body and date (``hälso- och sjukvårdsnämnden
    2015-12-02, § 190``): lineage steps when the words around say an agreement was signed or
    extended for a stated period, guidelines when they name rules, related for grants."""
    refs = sorted(e.decision_refs, key=lambda d: d.start)
    if not refs or not text:
        return []
    clauses = Clauses(text)
    source = (e.case_numbers or [e.id])[0]
    steps, out = [], []
    prepared: dict[str, list] = defaultdict(list)
    for i, ref in enumerate(refs):
        a, b = clauses.around(ref.start, ref.end)
        lo = max(a, refs[i - 1].end if i else a)
        hi = min(b, refs[i + 1].start if i + 1 < len(refs) else b)
        window = text[lo:hi]
        node = decision_node(ref)
        evidence = {"document": e.id, "page": page_of(e, ref.start), "sentence": " ".join(window.split())}
        if (_PREPARED.search(text[lo:ref.end]) or _stamp(text, ref)) and ref.paragraph:
            case = _case_at(e, text, ref.start)
            if case:
                prepared[case].append((ref.date, node, evidence))
            continue
        period = next((p for p in e.periods if ref.end <= p.start < hi), None)
        if period and _AGREEMENT_WORD.search(window) and any(lo <= c.start < hi for c in e.referenced_case_numbers):
            continue  # "beslutade 2020-12-07, § 204, att ingå ett partnerskap ... (dnr X)": the step is case X's
        if period and _AGREEMENT_WORD.search(window):
            kind = "extension" if _EXTENDED.search(window) else ("original" if _STARTED.search(window) else None)
            steps.append((period.start_date, node, kind, period, evidence))
        elif _GUIDELINE_WORD.search(window):
            out.append(Link(source, node, "guideline", 0.7, dict(evidence, facts={})))
        elif _GRANT_WORD.search(window):
            out.append(Link(source, node, "related", 0.6, dict(evidence, facts={})))
    newer, newer_kind = source, None
    for start, node, kind, period, evidence in sorted(steps, reverse=True):
        link_type = "extends" if newer != source and newer_kind == "extension" else "predecessor"
        facts = {node: {"period": list(period.span), "kind": kind, "amounts": [],
                        "authority": e.authority, "decided_by": ref_body(node)}}
        out.append(Link(newer, node, link_type, 0.7, dict(evidence, facts=facts)))
        newer, newer_kind = node, kind
    for case, earlier in prepared.items():
        newer = case
        for _date, node, evidence in sorted(set((d, n, _frozen(ev)) for d, n, ev in earlier), reverse=True):
            facts = {node: {"period": None, "kind": "preparation", "amounts": [], "authority": e.authority,
                            "decided_by": ref_body(node)}}
            out.append(Link(newer, node, "predecessor", 0.7, dict(dict(evidence), facts=facts)))
            newer = node
    return out


# A paragraph's stamp on a line of its own, "KU § 317 06-12-05": the decision of the body (here
# the kommunledningsutskott) whose proposal or earlier handling of the matter the paragraph follows.
_STAMP_LINE = re.compile(r"[ \t]*[A-ZÅÄÖ]{1,6}[ \t]*§[ \t]*\d{1,4}[ \t]+(?:19|20)?\d\d-[01]\d-[0-3]\d[ \t]*")


def _stamp(text: str, ref: DecisionRef) -> bool:
    line_start = text.rfind("\n", 0, ref.start) + 1
    line_end = text.find("\n", ref.end)
    return bool(_STAMP_LINE.fullmatch(text, line_start, line_end if line_end >= 0 else len(text)))


def _frozen(evidence: dict) -> tuple:
    return tuple(sorted(evidence.items()))


def _case_at(e: Extraction, text: str, offset: int) -> Optional[str]:
    """The case a protocol's paragraph holding ``offset`` is about: the paragraph's one case, else
    the own number written last before ``offset`` (``Dnr KFN/2024:118`` under the paragraph's
    head); in a document of one case, that case."""
    own = e.case_numbers
    if not e.paragraphs:
        return own[0] if len(own) == 1 else None
    for p in e.paragraphs:
        if p.start <= offset < p.end and len(p.case_numbers) == 1:
            return p.case_numbers[0]
    written = [(m.start(), n) for n in own
               for m in re.finditer(r"\s*".join(re.escape(ch) for ch in n if not ch.isspace()), text[:offset])]
    return max(written)[1] if written else None


def decision_node(ref: DecisionRef) -> str:
    """The node name of a decision cited by body and date: ``Body YYYY-MM-DD § N``."""
    return f"{ref.body} {ref.date}" + (f" § {ref.paragraph}" if ref.paragraph else "")


def ref_body(node: str) -> str:
    return re.split(r" (?:19|20)\d\d-", node)[0]


_DECISION_NODE = re.compile(r"^(?P<body>.+?) (?P<date>(?:19|20)\d\d-\d\d-\d\d)(?: § (?P<par>\d+))?$")


def parse_decision_node(node: str) -> Optional[dict]:
    m = _DECISION_NODE.match(node)
    return m.groupdict() if m else None
