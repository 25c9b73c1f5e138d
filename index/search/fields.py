"""What of a stored document goes into the search index, in engine-neutral form.

:func:`document_fields` turns one :class:`~index.store.StoredDocument` into plain values:
texts to analyse, keys to match exactly (case-number keys, organisation terms, committee
keys), values to count facets on, and a small summary that a hit shows without opening the
store. Both engines (:mod:`index.search.tantivy_engine`, :mod:`index.search.whoosh_engine`) index these.

Building the index reads every stored document once, so the values are read straight from
the extraction's stored JSON form (the keys of ``Extraction.to_dict``, read as
``Extraction.from_dict`` reads them) rather than through the model's dataclasses, which cost
more than everything else of a document's fields; and what depends only on a value that many
documents share (a committee's name and key, the organisation terms of a set of parties) is
worked out once per distinct value.
"""

from __future__ import annotations

import json
from functools import lru_cache
from typing import Optional

from extractor.facts.organisations import committee_name
from extractor.model import Extraction
from extractor.identifiers import diarienummer
from extractor.facts.names import name_key
from index.organisations.names import index_terms

UNKNOWN = ""
DISTINCT = 1024  # the committees, and sets of parties, whose values are kept (the latest used)


def document_fields(doc) -> dict:
    """The index values of one stored document."""
    x = doc.extraction
    date = x.get("date") or UNKNOWN
    committee, committee_key_ = _committee(x.get("decided_by"))
    return {
        "id": doc.id,
        "path": doc.path or x.get("path") or "",
        "title": x.get("title") or "",
        "body": doc.text or "",
        "doc_type": x.get("document_type") or UNKNOWN,
        "date": date,
        "year": date[:4],
        "own_cases": case_keys(own_case_numbers(x)),
        "cited_cases": case_keys([n for n in (c.get("number") for c in x.get("referenced_case_numbers") or []) if n]),
        "orgs": organisation_terms(x),
        "committee": committee,
        "committee_key": committee_key_,
        "authority": x.get("authority") or UNKNOWN,
        "period_years": period_years(x.get("agreement_period")),
        "summary": json.dumps(summary(doc.id, doc.path, x), ensure_ascii=False),
    }


def forget_case_keys() -> None:
    """Forget the case-number keys worked out so far (``diarienummer.compact``'s cache).

    An import's writer reads each new document once and meets nearly every case number once,
    so that cache, made for the extraction's repeated look-ups, grew with the import (about
    2 MB per 1 000 documents, to 200 000 keys). The importer calls this after each
    search-engine batch; the committees and sets of parties are kept in bounded caches."""
    diarienummer.compact.cache_clear()


def own_case_numbers(x: dict) -> list:
    """The own case numbers of an extraction's JSON form, as ``Extraction.from_dict`` reads them
    (from their spans, else from the plain list an older form has)."""
    spans = x.get("own_case_number_spans")
    if spans is not None:
        return [c.get("number") for c in spans]
    return list(x.get("own_case_numbers") or [])


def case_keys(numbers) -> list[str]:
    """The keys of case numbers (``diarienummer.compact``), each once, in order."""
    return list(dict.fromkeys(k for k in map(diarienummer.compact, numbers) if k))


@lru_cache(maxsize=DISTINCT)
def _committee(decided_by: Optional[str]) -> tuple[str, str]:
    """The committee of a deciding body and its key (:data:`UNKNOWN` for none)."""
    committee = committee_label(decided_by)
    return (committee, committee_key(committee)) if committee else (UNKNOWN, UNKNOWN)


def committee_label(decided_by: Optional[str]) -> Optional[str]:
    """The committee a document's deciding body names, in its base form.

    >>> committee_label("arbetsmarknads- och socialnämndens")
    'Arbetsmarknads- och socialnämnden'
    """
    return committee_name(decided_by) if decided_by else None


def committee_key(name: str) -> str:
    return name_key(committee_name(name)).replace(" ", "_")


_NAMED = ("parties", "organisations")  # the facts naming organisations, as ``index_terms`` reads them


def organisation_terms(x: dict) -> list[str]:
    """:func:`~index.organisations.names.index_terms` of an extraction's JSON form, worked out
    once per distinct set of named and numbered organisations."""
    named = tuple((p.get("name"), p.get("org_number"), _aliases(p)) for key in _NAMED for p in x.get(key) or [])
    numbered = tuple((o.get("name"), o.get("number")) for o in x.get("org_numbers") or [])
    return list(_organisation_terms(named, numbered))


def _aliases(party: dict):
    aliases = party.get("aliases", [])
    return tuple(aliases) if isinstance(aliases, list) else aliases


@lru_cache(maxsize=DISTINCT)
def _organisation_terms(named: tuple, numbered: tuple) -> tuple[str, ...]:
    def party(name, number, aliases):
        return {"name": name, "org_number": number, "aliases": list(aliases) if isinstance(aliases, tuple) else aliases}
    parties = [party(*p) for p in named]
    orgs = [{"name": name, "number": number} for name, number in numbered]
    return tuple(index_terms(Extraction.from_dict({"parties": parties, "org_numbers": orgs})))


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


def summary(doc_id: str, path: Optional[str], x: dict) -> dict:
    """The facts a hit shows at a glance (the contract of ``SearchResult`` hits), from an
    extraction's JSON form."""
    period = x.get("agreement_period")
    return {
        "id": doc_id,
        "path": path or x.get("path"),
        "title": x.get("title"),
        "date": x.get("date"),
        "document_type": x.get("document_type"),
        "own_case_numbers": own_case_numbers(x),
        "parties": [{"name": p.get("name"), "org_number": p.get("org_number")} for p in x.get("parties") or []],
        "amounts": key_amounts(x),
        "period": list(period) if period else None,
        "decided_by": x.get("decided_by"),
        "authority": x.get("authority"),
    }


def key_amounts(x: dict, limit: int = 4) -> list[dict]:
    """The funding of the decided agreement, else the largest amounts mentioned."""
    funding = [{"payer": f.get("payer"), "amount": f.get("amount"), "basis": f.get("basis")}
               for f in x.get("funding") or [] if f.get("amount")]
    if funding:
        return funding[:limit]
    values = sorted({a.get("value") for a in x.get("amounts") or [] if a.get("value")}, reverse=True)
    return [{"payer": None, "amount": v, "basis": None} for v in values[:limit]]
