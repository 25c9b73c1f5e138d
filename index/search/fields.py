"""What of a stored document goes into the search index, in engine-neutral form.

:func:`document_fields` turns one :class:`~index.store.StoredDocument` into plain values:
texts to analyse, keys to match exactly (case-number keys, organisation terms, committee
keys), values to count facets on, and a small summary that a hit shows without opening the
store. Both engines (:mod:`index.search.tantivy_engine`, :mod:`index.search.whoosh_engine`) index these.
"""

from __future__ import annotations

import json
from typing import Optional

from extractor.facts.organisations import committee_name
from extractor.model import Extraction
from extractor.identifiers import diarienummer
from index.organisations.names import index_terms, name_key

UNKNOWN = ""


def document_fields(doc) -> dict:
    """The index values of one stored document."""
    x = doc.facts
    cited = [c.number for c in x.referenced_case_numbers if c.number]
    committee = committee_label(x.decided_by)
    return {
        "id": doc.id,
        "path": doc.path or x.path or "",
        "title": x.title or "",
        "body": doc.text or "",
        "doc_type": x.document_type or UNKNOWN,
        "date": x.date or UNKNOWN,
        "year": (x.date or "")[:4],
        "own_cases": _keys([c.number for c in x.own_case_numbers]),
        "cited_cases": _keys(cited),
        "orgs": index_terms(x),
        "committee": committee or UNKNOWN,
        "committee_key": committee_key(committee) if committee else UNKNOWN,
        "authority": x.authority or UNKNOWN,
        "period_years": period_years(x.agreement_period),
        "summary": json.dumps(summary(doc.id, doc.path, x), ensure_ascii=False),
    }


def _keys(numbers) -> list[str]:
    return list(dict.fromkeys(k for k in map(diarienummer.compact, numbers) if k))


def committee_label(decided_by: Optional[str]) -> Optional[str]:
    """The committee a document's deciding body names, in its base form.

    >>> committee_label("arbetsmarknads- och socialnämndens")
    'Arbetsmarknads- och socialnämnden'
    """
    return committee_name(decided_by) if decided_by else None


def committee_key(name: str) -> str:
    return name_key(committee_name(name)).replace(" ", "_")


def period_years(period) -> list[str]:
    """Every year an agreement period touches; none for an open or unreadable period.

    >>> period_years(["2021-07-01", "2023-06-30"])
    ['2021', '2022', '2023']
    >>> period_years(["2021-01-01", None])
    []
    """
    if not period or not period[0] or not period[1]:
        return []
    try:
        first, last = int(period[0][:4]), int(period[1][:4])
    except ValueError:
        return []
    return [str(y) for y in range(first, last + 1)] if 0 <= last - first <= 50 else []


def summary(doc_id: str, path: Optional[str], x: Extraction) -> dict:
    """The facts a hit shows at a glance (the contract of ``SearchResult`` hits)."""
    return {
        "id": doc_id,
        "path": path or x.path,
        "title": x.title,
        "date": x.date,
        "document_type": x.document_type,
        "own_case_numbers": [c.number for c in x.own_case_numbers],
        "parties": [{"name": p.name, "org_number": p.org_number} for p in x.parties],
        "amounts": key_amounts(x),
        "period": list(x.agreement_period) if x.agreement_period else None,
        "decided_by": x.decided_by,
        "authority": x.authority,
    }


def key_amounts(x: Extraction, limit: int = 4) -> list[dict]:
    """The funding of the decided agreement, else the largest amounts mentioned."""
    funding = [{"payer": f.payer, "amount": f.amount, "basis": f.basis} for f in x.funding if f.amount]
    if funding:
        return funding[:limit]
    values = sorted({a.value for a in x.amounts if a.value}, reverse=True)
    return [{"payer": None, "amount": v, "basis": None} for v in values[:limit]]
