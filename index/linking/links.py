"""Typed links between cases and documents, computed from the extractions alone.

Nodes are case numbers (``ASN-2019-19171``), document ids (``2e2b5d2cbe642867``) and, for
regions that cite decisions by body and date rather than by number, decision references
(``Hälso- och sjukvårdsnämnden 2015-12-02 § 190``). A link runs from the newer or citing
node to the older or cited one; its types are those of :mod:`index.linking.model`.

Every link carries its evidence (document id, page, sentence, and what that document states
about the cases it names: period, amounts, kind) and a confidence between 0 and 1.

Cues are read in tight windows: for a cited case, the words between the previous case number
in its sentence and its own number say what kind of step it was (``förlängdes``, ``ny
överenskommelse``, ``tecknades``), so in "förlängdes 2018 (A) och 2019 (B)" both are
extensions and in "löper ut 2021 (A) och förlängning av avtalet" A is not. A document's own
identity comes only from its own case numbers (``own_case_numbers``), never from a cited one.

Every function reads an :class:`~extractor.model.Extraction`; :func:`find_links` also takes
extractions in their JSON form and reads them through ``Extraction.from_dict``.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from functools import lru_cache
from typing import Callable, Iterable, Optional, Union

from extractor import vocab
from extractor.model import CitedCase, Extraction
from index.linking import agreements
from index.linking.model import LINEAGE_TYPES, Link, page_of
_LINEAGE_RELATIONS = ("predecessor", "earlier_in_lineage")

# What a sentence says about the case cited in it; checked in this order.
_NEW = re.compile(r"(?<![\wåäö])(?:nya?|nytt)\s+(?:[\wåäö]+\s+){0,2}?(?:överenskommelse|avtal|partnerskap)|"
                  r"(?<![\wåäö])ersatte|"
                  r"(?<![\wåäö])ersätter|(?<![\wåäö])ersattes|(?<![\wåäö])ersätts", re.I)
_ORIGINAL = re.compile(r"(?<![\wåäö])(?:första|ursprungliga)\s+(?:[\wåäö]+\s+){0,3}?(?:överenskommelse|avtal|"
                       r"partnerskap)|(?<![\wåäö])tecknades|(?<![\wåäö])ingicks|(?<![\wåäö])slöts", re.I)
# Past tense only: "förlängning av en pågående överenskommelse (X)" is the citing document's
# extension of X, not a statement that X was one.
_EXTENSION = re.compile(r"(?<![\wåäö])förläng(?:des|de|ts)(?![\wåäö])|(?<![\wåäö])förlängning(?:en)?\s+"
                        r"(?:för|från|till\s+och\s+med)(?![\wåäö])", re.I)
_SAME = re.compile(r"(?i)(?<![\wåäö])(?:" + "|".join(
    re.escape(w).replace(r"\ ", r"\s+") for w in vocab.words("relations", "same_agreement")) + r")(?![\wåäö])")
# What the citing document is, from its title or the sentence naming its predecessor.
_SELF_EXTENSION = re.compile(r"(?<![\wåäö])förläng", re.I)


def find_links(extractions: Iterable[Union[Extraction, dict]],
               text_of: Optional[Callable[[str], str]] = None) -> list[Link]:
    """Every link the documents support. ``text_of(id)`` gives a document's text, which lets
    decisions cited by body and date (a region's proposal) become lineage steps."""
    docs: list[Extraction] = []
    links: list[Link] = []
    for e in extractions:
        e = e if isinstance(e, Extraction) else Extraction.from_dict(e)
        if not e.id:
            continue
        links += own_number_links(e)
        links += citation_links(e)
        if text_of is not None and e.decision_refs:
            links += agreements.decision_links(e, text_of(e.id))
        docs.append(read_profile(cross_profile(e)))
    links = _decisions_as_cases(docs, links)
    links += agreements.join_links(docs, links)
    return dedupe(links)


def cross_profile(e: Extraction) -> dict:
    """What the links across documents read of one document, in the extraction's JSON form:
    its id, own case numbers, agreement period, parties, funding, title, authority, date,
    meetings and first page (the evidence of a join points at it). The rest of an extraction
    is let go as soon as its own links are found, so a refresh keeps a small profile per
    document, never the corpus's extractions; :func:`read_profile` reads it back."""
    return {"id": e.id, "own_case_numbers": e.case_numbers,
            "agreement_period": list(e.agreement_period) if e.agreement_period else None,
            "parties": [asdict(p) for p in e.parties], "funding": [asdict(f) for f in e.funding],
            "title": e.title, "authority": e.authority, "date": e.date,
            "meetings": [asdict(m) for m in e.meetings], "pages": [asdict(p) for p in e.pages[:1]]}


def read_profile(profile: dict) -> Extraction:
    """A kept :func:`cross_profile` as the extraction it describes (the facts it left out empty)."""
    return Extraction.from_dict(profile)


def _decisions_as_cases(docs: list[Extraction], links: list[Link]) -> list[Link]:
    """A decision cited by body and date that is the meeting where an imported case was
    decided (its ``Beslutsplanering``) is that case."""
    decided = {}
    for e in docs:
        if len(e.own_case_numbers) == 1:
            for m in e.meetings:
                decided[(" ".join(m.body.split()).casefold(), m.date)] = e.own_case_numbers[0].number

    def rename(node: str) -> str:
        parsed = agreements.parse_decision_node(node)
        if not parsed:
            return node
        return decided.get((parsed["body"].casefold(), parsed["date"]), node)

    for link in links:
        link.source, link.target = rename(link.source), rename(link.target)
    return links


def own_number_links(e: Extraction) -> list[Link]:
    """The document belongs to each of its own cases (``own_number`` in the evidence)."""
    spans = {c.number: c for c in e.own_case_numbers}  # a number written twice: its last span
    out = []
    for number in e.case_numbers:
        span = spans[number]
        evidence = _evidence(e, span.start if span.start >= 0 else None, span.text or number)
        evidence["own_number"] = True
        evidence["facts"] = {number: own_facts(e)} if len(e.own_case_numbers) == 1 else {}
        out.append(Link(e.id, number, "same_agreement", 1.0, evidence))
    return out


def own_facts(e: Extraction) -> dict:
    """What a document states about its own case: period, kind, funding, authority."""
    return {"period": list(e.agreement_period) if e.agreement_period else None, "kind": document_kind(e),
            "authority": e.authority, "decided_by": e.decided_by, "amounts": sorted({f.amount for f in e.funding})}


def citation_links(e: Extraction) -> list[Link]:
    """Lineage, guideline and related links from one document's cited case numbers."""
    by_source: dict[str, list[CitedCase]] = {}
    for ref in e.referenced_case_numbers:
        by_source.setdefault(_source_of(e, ref), []).append(ref)
    known = e.case_numbers + [r.number for r in e.referenced_case_numbers]
    out: list[Link] = []
    for source, refs in by_source.items():
        out += _chain(e, source, [r for r in refs if r.relation in _LINEAGE_RELATIONS], known)
        for ref in refs:
            if ref.relation in ("guideline", "related"):
                evidence = _evidence(e, ref.start, ref.evidence)
                evidence["facts"] = {ref.number: cited_facts(e, ref, known)}
                out.append(Link(source, ref.number, ref.relation, 0.8, evidence))
            if ref.relation == "related" and _same_agreement(ref, known):
                # another authority's decision on this very agreement: the document joins that case too
                evidence = _evidence(e, ref.start, ref.evidence)
                evidence["facts"] = {ref.number: cited_facts(e, ref, known)}
                out.append(Link(e.id, ref.number, "same_agreement", 0.8, evidence))
    return out


def _same_agreement(ref: CitedCase, known: list[str]) -> bool:
    """``... fattar beslut om samma överenskommelse (SN 2024/0312)``: the words before the number say so."""
    return any(_SAME.search(segment(m["evidence"], ref.number, known)) for m in ref.clauses)


def _source_of(e: Extraction, ref: CitedCase) -> str:
    """The own case a citation belongs to: in a protocol the last own number before it (one per
    paragraph); else the first own number (a decision on two joined cases, such as a JO decision
    on two complaints, cites for both under the first), else the document itself."""
    own = e.case_numbers
    if not e.paragraphs and e.document_type not in ("protokoll", "protokollsutdrag"):
        return own[0] if own else e.id
    spans = sorted((c for c in e.own_case_numbers if c.start >= 0), key=lambda c: c.start)
    before = [c.number for c in spans if c.start < ref.start]
    if before:
        return before[-1]
    return own[0] if own else e.id


def _chain(e: Extraction, source: str, refs: list[CitedCase], known: list[str]) -> list[Link]:
    """source → predecessor → older ones, newest first (the text's current one, else by period)."""
    if not refs:
        return []
    refs = sorted(refs, key=lambda r: (r.relation != "predecessor",) + _age(r), reverse=False)
    # the step right before: every predecessor (one agreement under each party's number), then
    # the older steps, newest first, each behind the one after it
    twins = [r for r in refs[1:] if r.relation == "predecessor"]
    older = sorted([r for r in refs[1:] if r.relation != "predecessor"], key=_age, reverse=True)
    out = []
    own_kind = self_kind(e, refs[0])
    for ref in twins:
        out.append(_lineage_link(e, source, own_kind, ref, known)[0])
    newer_kind, newer = own_kind, source
    for ref in refs[:1] + older:
        link, newer_kind = _lineage_link(e, newer, newer_kind, ref, known)
        out.append(link)
        newer = ref.number
    return out


def _lineage_link(e: Extraction, newer: str, newer_kind: Optional[str], ref: CitedCase,
                  known: list[str]) -> tuple[Link, str]:
    """The link from a newer step to a cited older one, typed by what the newer step is; with the
    older step's kind, for the link behind it."""
    facts = cited_facts(e, ref, known)
    link_type = {"extension": "extends", "new agreement": "replaces"}.get(newer_kind, "predecessor")
    confidence = 0.9 if link_type != "predecessor" else 0.7
    evidence = _evidence(e, ref.start, ref.evidence)
    evidence["facts"] = {ref.number: facts}
    if newer == (e.case_numbers or [None])[0]:
        evidence["facts"][newer] = own_facts(e)
    return Link(newer, ref.number, link_type, confidence, evidence), facts["kind"]


def _age(ref: CitedCase) -> tuple:
    """Sort key, oldest first: the period the text gives the case, else the year in its number."""
    period = ref.stated_period
    year = re.search(r"(?:19|20)\d\d", ref.number)
    return (period[0] if period else (year.group() if year else ""), year.group() if year else "")


def self_kind(e: Extraction, predecessor: CitedCase) -> Optional[str]:
    """Whether the citing document decides an extension or a new agreement."""
    title = e.title or ""
    if _SELF_EXTENSION.search(title):
        return "extension"
    if _NEW.search(title):
        return "new agreement"
    mentions = predecessor.mentions
    clauses = [m["evidence"] for m in mentions] or [predecessor.evidence]
    # what the text goes on to say right after naming the predecessor ("... löper ut den 31 december
    # 2024. Förvaltningen föreslår en ny treårig överenskommelse") is about the citing document
    clauses += [m["next"] for m in mentions if m.get("next")]
    if any(_NEW.search(c) for c in clauses):
        return "new agreement"
    if any(_SELF_EXTENSION.search(c) for c in clauses):
        return "extension"
    if e.document_type == "överenskommelse":
        return "new agreement"  # an agreement text that extends nothing is a new agreement after its predecessor
    return None


def document_kind(e: Extraction) -> Optional[str]:
    """A document's own step kind; ``original`` when it cites no predecessor."""
    lineage = [r for r in e.referenced_case_numbers if r.relation == "predecessor"]
    if lineage:
        return self_kind(e, lineage[0])
    title = e.title or ""
    return "extension" if _SELF_EXTENSION.search(title) else ("new agreement" if _NEW.search(title) else "original")


def cited_facts(e: Extraction, ref: CitedCase, known: list[str]) -> dict:
    """What the citing document says about a cited case: period, amounts, kind of step."""
    mentions = ref.clauses
    segments = [segment(m["evidence"], ref.number, known) for m in mentions]
    kind = None
    for pattern, name in ((_NEW, "new agreement"), (_ORIGINAL, "original"), (_EXTENSION, "extension")):
        if any(pattern.search(s) for s in segments):
            kind = name
            break
    period = ref.stated_period
    return {"period": list(period) if period else None, "kind": kind, "amounts": _amounts_near(e, mentions),
            "authority": e.authority}


def segment(sentence: str, number: str, known: list[str]) -> str:
    """The words that speak about ``number``: from the previous case number in the sentence (or
    the sentence start) to it, plus the sentence head when several numbers share one cue."""
    at = _span(sentence, number)
    if at is None:
        return sentence
    others = sorted(span for n in known if n != number for span in [_span(sentence, n)] if span is not None)
    before = [span for span in others if span[0] < at[0]]
    if not before:
        return sentence[:at[0]]
    own = sentence[before[-1][1]:at[0]]
    head = sentence[:others[0][0]]
    return own if (_NEW.search(own) or _ORIGINAL.search(own) or _EXTENSION.search(own)) else own + " " + head


def find_number(sentence: str, number: str) -> Optional[int]:
    """Where a case number stands in a sentence, whitespace inside it allowed (``ASN- 2019-9502``)."""
    span = _span(sentence, number)
    return span[0] if span else None


def _span(sentence: str, number: str) -> Optional[tuple[int, int]]:
    """Where ``number`` stands in ``sentence``: its characters in order, case folded, with only
    white space between them, not glued to a word before nor to a digit after (the same
    match as :func:`_number_pattern`'s, found without compiling a pattern per number, which
    cost more than the rest of a link refresh: nearly every case number is a new one)."""
    squeezed = _squeezed(sentence)  # digits have no case: the folded text holds them as written
    if _digits(number) not in (squeezed[0] if squeezed else "".join(sentence.split())):
        return None  # cannot be there: only white space may stand between its characters
    needle = "".join(number.split())
    if squeezed is None or not needle or _UNFOLDED.search(needle):
        m = _number_pattern(number).search(sentence)  # characters whose case rules are not one to one
        return m.span() if m else None
    folded, at = squeezed
    needle = needle.lower()
    i = folded.find(needle)
    while i >= 0:
        start, end = at[i], at[i + len(needle) - 1] + 1
        before = sentence[start - 1] if start else ""
        if not (before.isalnum() or before == "_") and not sentence[end:end + 1].isdecimal():
            return start, end
        i = folded.find(needle, i + 1)
    return None


# Characters outside Latin-1, white space, general punctuation and currency signs: among them
# are those a case-insensitive match pairs other than by lower case (``ſ``, ``K``, ``İ``).
_UNFOLDED = re.compile(r"[^\x00-\xff\s\u2000-\u206f\u20a0-\u20cf]")


@lru_cache(maxsize=64)
def _squeezed(sentence: str) -> Optional[tuple[str, list[int]]]:
    """The sentence without white space, in lower case, and where each character stood; None
    for a sentence with characters whose case is not folded one to one."""
    if _UNFOLDED.search(sentence):
        return None
    at = [i for i, ch in enumerate(sentence) if not ch.isspace()]
    return "".join(sentence[i] for i in at).lower(), at


@lru_cache(maxsize=4096)
def _digits(number: str) -> str:
    """The longest run of digits in a case number (digits have no case to fold)."""
    return max(re.findall(r"\d+", "".join(number.split())) or [""], key=len)


@lru_cache(maxsize=512)
def _number_pattern(number: str) -> re.Pattern:
    """A case number as written in running text, whitespace allowed between its characters."""
    pattern = r"\s*".join(re.escape(ch) for ch in number if not ch.isspace())
    return re.compile(rf"(?<![\wåäö]){pattern}(?![\d])", re.I)


def _amounts_near(e: Extraction, mentions: list[dict]) -> list[int]:
    """Amounts written in the clauses that cite the case (the clause text contains them)."""
    found = []
    for m in mentions:
        clause = m["evidence"]
        for a in e.amounts:
            near = abs(a.start - m["start"]) <= len(clause)
            if near and " ".join(a.text.split()) in clause and a.value not in found:
                found.append(a.value)
    return found


def _evidence(e: Extraction, offset: Optional[int], sentence: str) -> dict:
    return {"document": e.id, "page": page_of(e, offset), "sentence": sentence}


def dedupe(links: list[Link]) -> list[Link]:
    """One link per (source, target, type): the most confident, with the others' facts merged."""
    best: dict[tuple, Link] = {}
    for link in links:
        if link.source == link.target:
            continue
        kind = "lineage" if link.type in LINEAGE_TYPES else link.type
        key = (link.source, link.target, kind)
        held = best.get(key)
        if held is None or _rank(link) > _rank(held):
            if held is not None:
                link.evidence.setdefault("also", []).append(_brief(held.evidence))
            best[key] = link
        else:
            held.evidence.setdefault("also", []).append(_brief(link.evidence))
    return list(best.values())


def _rank(link: Link) -> tuple:
    """A stated kind of step beats an unstated one; then the more confident."""
    return (link.type != "predecessor", link.confidence)


def _brief(evidence: dict) -> dict:
    return {k: evidence.get(k) for k in ("document", "page", "sentence", "facts")}
