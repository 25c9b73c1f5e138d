"""Searching: what a query means, the hits with their facts at a glance, and facet counts.

A query is understood, in this order, as
1. an organisation number (``802002-8711``): every document of that organisation;
2. a case number however typed (``ASN-2019-9502``, ``asn 2019 9502``, ``Dnr 2020-000123``):
   the documents that carry it (ranked first) or cite it;
3. an organisation by any name, alias, unit, defined abbreviation or misspelling
   (:func:`index.orgs.Registry.resolve`): every document about it, none about another;
4. anything else: Swedish free text over titles and texts, inflected forms included.
Filters (``org``, ``case``, ``doc_type``, dates, ``committee``) narrow any of these.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from extractor import diarienummer, orgnr, textclean
from extractor.errors import DiariumError
from index import orgs
from index.analysis import case_key, case_pattern, query_stems, stem_spans, WORD
from index.engine import Request, shared_index
from index.fields import committee_key
from index.snippets import snippet
from index.store import Store

_CASE_SHAPE = re.compile(
    r"^(?:(?:dnr|diarienummer|diarienr)\.?:?\s*)?(?:(?P<prefix>[A-Za-zÅÄÖåäö]{1,8})[\s.-]*)?"
    r"\d{1,7}(?:\s*[-/\s]\s*\d{1,7}){1,2}$", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DATE = re.compile(r"^\d{4}(-\d\d(-\d\d)?)?$")
FACET_SIZE = 15


class SearchProblem(DiariumError):
    code = "D205"


@dataclass
class SearchResult:
    query: str
    understood_as: dict
    total: int
    hits: list[dict] = field(default_factory=list)
    facets: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return {"query": self.query, "understood_as": self.understood_as, "total": self.total,
                "hits": self.hits, "facets": self.facets}


def search(index_dir, query: str = "", *, org: Optional[str] = None, case: Optional[str] = None,
           doc_type: Optional[str] = None, date_from: Optional[str] = None, date_to: Optional[str] = None,
           committee: Optional[str] = None, limit: int = 20) -> SearchResult:
    """Search one index folder (see the module docstring)."""
    index_dir = Path(index_dir)
    registry = orgs.load(index_dir)
    request = Request(doc_type=doc_type or None, date_from=_date(date_from, "from"), date_to=_date(date_to, "to"),
                      committee_key=committee_key(committee) if committee else None, limit=max(0, int(limit)))
    if org:
        understood_org = _organisation(registry, org)
        if understood_org is None:
            raise SearchProblem(f"{org}: no organisation by this name or number in the index")
        request.org_terms = understood_org["terms"]
    if case:
        request.case_keys = [case_key(case)]
    understood = understand(registry, query or "")
    _apply(understood, request)
    request.org_names = {t: o["name"] for t, o in registry.by_term.items()}
    ix = shared_index(index_dir)
    page = ix.search(request)
    if understood["kind"] == "case" and understood["bare"] and page.total == 0:
        # a bare number no document carries (a date, an amount) is text after all
        understood = {"kind": "text", "text": " ".join(query.split())}
        request.case_keys = [case_key(case)] if case else []
        request.text = understood["text"]
        page = ix.search(request)
    hits = _hits(index_dir, page.hits, understood)
    return SearchResult(query or "", _public(understood), page.total, hits, _facets(page.facets))


def understand(registry, query: str) -> dict:
    """What a query asks for: ``{"kind": "organisation" | "case" | "text" | "all", ...}``."""
    q = " ".join(query.split())
    if not q:
        return {"kind": "all"}
    if orgnr.is_valid(q):
        number = orgnr.validate(q)
        found = registry.by_number.get(number)
        return {"kind": "organisation", "org": found, "org_number": number,
                "terms": (found or {}).get("terms") or orgs.terms_for_number(number)}
    shape = _CASE_SHAPE.match(q)
    if (shape and _YEAR.search(q)) or diarienummer.is_valid(q):
        number = _case_display(q)
        return {"kind": "case", "case": number, "key": case_key(q), "bare": not re.match(r"[A-Za-zÅÄÖåäö]", number)}
    found = registry.resolve(q)
    if found:
        return {"kind": "organisation", "org": found, "org_number": found.get("org_number"), "terms": found["terms"]}
    return {"kind": "text", "text": q}


def _organisation(registry, text: str) -> Optional[dict]:
    u = understand(registry, text)
    return u if u["kind"] == "organisation" else None


def _apply(understood: dict, request: Request) -> None:
    kind = understood["kind"]
    if kind == "organisation":
        request.org_terms = _both(request.org_terms, understood["terms"])
        org = understood.get("org")
        if org:
            request.title_words = WORD.findall(org["name"])
    elif kind == "case":
        request.case_keys = _both(request.case_keys, [understood["key"]])
    elif kind == "text":
        request.text = understood["text"]


def _both(current: list, new: list) -> list:
    """Two org (or case) criteria at once must both hold; a criterion given twice stays one."""
    if current and set(current) != set(new):
        return [t for t in current if t in set(new)] or ["\x00none"]
    return new


def _case_display(q: str) -> str:
    try:
        return diarienummer.validate(q)
    except ValueError:
        return re.sub(r"^(?i:dnr|diarienummer|diarienr)\.?:?\s*", "", q).upper()


def _date(value: Optional[str], which: str) -> Optional[str]:
    """``2024`` -> ``2024-01-01`` (from) or ``2024-12-31`` (to); full ISO dates pass."""
    if not value:
        return None
    value = value.strip()
    if not _DATE.match(value):
        raise SearchProblem(f"{value}: not a date (write 2024, 2024-05 or 2024-05-29)")
    pad = {"from": ("-01", "-01"), "to": ("-12", "-31")}[which]
    if len(value) == 4:
        value += pad[0]
    if len(value) == 7:
        value += pad[1] if which == "from" else "-31"
    return value


def _public(understood: dict) -> dict:
    out = {k: v for k, v in understood.items() if k not in ("org", "terms", "key", "bare")}
    org = understood.get("org")
    if org:
        out.update(organisation=org["name"], org_id=org["id"], org_number=org.get("org_number"))
    return out


def _hits(index_dir: Path, hits, understood: dict) -> list[dict]:
    if not hits:
        return []
    patterns = _highlighters(understood)
    out = []
    with Store(index_dir) as store:
        for h in hits:
            doc = store.document(h.id)
            text = textclean.clean(doc.text) if doc else ""  # no front matter, stamps or page markers
            part = _paragraph((doc.extraction if doc else None) or {}, text, understood, patterns)
            passage = text[part["start"]:part["end"]] if part else text
            hit = dict(h.summary, snippet=snippet(passage, patterns), score=round(h.score, 3))
            if part:
                hit["paragraph"] = {k: part.get(k) for k in ("number", "heading", "pages", "anchor", "case_numbers")}
            out.append(hit)
    return out


HEAD_WEIGHT = 3  # a match in a paragraph's head and heading outweighs one in its running text


def _paragraph(extraction: dict, text: str, understood: dict, patterns) -> Optional[dict]:
    """The protocol paragraph a hit lands on: the one carrying the case number searched for,
    else the one holding most of the matches (those in its heading counting more)."""
    found = extraction.get("paragraphs") or []
    if not found or not patterns:
        return None
    if understood["kind"] == "case":
        for p in found:
            if understood["key"] in {case_key(n) for n in p.get("case_numbers") or []}:
                return p
    weight = dict.fromkeys(range(len(found)), 0)
    starts = [p["start"] for p in found]
    for a, b in (s for find in patterns for s in find(text)):
        i = bisect_right(starts, a) - 1
        if i >= 0 and a < found[i]["end"]:
            in_heading = text[a:b].casefold() in (found[i].get("heading") or "").casefold()
            weight[i] += HEAD_WEIGHT if in_heading else 1
    best = max(weight, key=lambda i: (weight[i], -i))
    return found[best] if weight[best] else None


def _highlighters(understood: dict) -> list:
    """Functions giving the spans to mark in a hit's text."""
    kind = understood["kind"]
    if kind == "text":
        stems = query_stems(understood["text"])
        return [lambda text: list(stem_spans(text, stems))]
    if kind == "case":
        pattern = case_pattern(understood["case"])
        return [lambda text: [m.span() for m in pattern.finditer(text)]]
    if kind == "organisation":
        pattern = _org_pattern(understood)
        return [lambda text: [m.span() for m in pattern.finditer(text)]] if pattern else []
    return []


def _org_pattern(understood: dict) -> Optional[re.Pattern]:
    org = understood.get("org") or {}
    names = sorted({n for n in [org.get("name"), *(org.get("aliases") or [])] if n and len(n) > 1}, key=len, reverse=True)
    parts = [r"\s+".join(re.escape(w) for w in n.split()) + r"(?::?s)?" for n in names]
    number = understood.get("org_number")
    if number:
        parts.append(r"(?:16)?" + number[:6] + r"\s*[-–]\s*" + number[7:])
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", re.IGNORECASE) if parts else None


def _facets(raw: dict) -> dict:
    out = {}
    for name, counts in raw.items():
        ordered = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
        out[name] = [[value, count] for value, count in ordered[:FACET_SIZE]]
    return out
