"""What each page shows, gathered from the index as its typed records (a search's
:class:`~index.search.query.SearchResult`, a document's :class:`DocumentPage`, a case's
:class:`CasePage`, an organisation's :class:`OrganisationPage`, a committee's
:class:`CommitteePage`, a page of a list a :class:`Listing`), each turned into its JSON twin's
form once, at the output (``to_dict``).

The web layer holds no business logic: search, the organisation registry, lineages and the
store answer; this module only asks them and adds the links a page needs.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator, Optional, Union
from urllib.parse import quote

from extractor.identifiers import diarienummer
from extractor.model import Extraction, plain
from index import browse
from index.browse import BodyMeetings, ListedBody, ListedCase, ListedMeeting
from index.export.formats import FundingRow, funding_rows, lineage_funding, lineage_name, year_order
from index.search.engine import Request
from index.folder import IndexFolder, opened
from index.linking.lineage import Trace
from index.organisations.registry import Organisation, documents_of, load as orgs_registry
from index.search.query import SearchHit, SearchResult, search as run_search

DOCUMENT_ID = re.compile(r"[0-9a-f]{16}(-\d{1,5})?")
MAX_QUERY = 500


def case_url(number: str) -> str:
    return "/case/" + quote(number, safe="")


def organisation_url(org_id: str) -> str:
    return "/organisation/" + quote(str(org_id), safe="")


def document_url(doc_id: str) -> str:
    return "/document/" + quote(doc_id, safe="")


# -- document -------------------------------------------------------------------------------

@dataclass(slots=True)
class FileState:
    """The imported file of a document as the import's manifest has it: its status, size and pages."""

    status: str
    size: Optional[int]
    pages: Optional[int]


@dataclass(slots=True)
class DocumentPage:
    """What a document's page shows: the stored document (its extraction, text and pages in their
    stored JSON form, passed on as kept), its file in the manifest, the address of its original
    (None when it is withheld) and the registry ids of the organisations it names (by name or
    number). Its JSON twin is its fields in order."""

    id: str
    path: str
    sha256: str
    part: Optional[int]
    page_from: Optional[int]
    page_to: Optional[int]
    pipeline_version: Optional[str]
    file: Optional[FileState]
    download: Optional[str]
    organisations: dict
    extraction: dict
    text: str
    pages: list

    def to_dict(self) -> dict:
        return plain(self)


def document(index, doc_id: str) -> Optional[DocumentPage]:
    """The stored document with its extraction, text and pages, or None."""
    found = document_and_facts(index, doc_id)
    return found[0] if found else None


def document_and_facts(index, doc_id: str) -> Optional[tuple[DocumentPage, Extraction]]:
    """:func:`document` and its extraction as an :class:`~extractor.model.Extraction` (what the
    page shows), or None."""
    with opened(index) as folder:
        found = _stored(folder, doc_id)
        if found is None:
            return None
        doc, record = found
        page = DocumentPage(doc.id, doc.path, doc.sha256, doc.part, doc.page_from, doc.page_to, doc.pipeline_version,
                            FileState(record.status, record.size, record.pages) if record else None,
                            None if doc.facts.masked_personnummer else document_url(doc.id) + "/original",
                            organisation_links(folder, doc.facts), doc.extraction, doc.text, doc.pages)
        return page, doc.facts


def moved_document(index, doc_id: str) -> Optional[str]:
    """The id a document has now, when ``doc_id`` was its id before its file was corrected."""
    if not DOCUMENT_ID.fullmatch(doc_id):
        return None
    with opened(index) as folder:
        return folder.store.moved_to(doc_id)


def _stored(index, doc_id: str):
    """``(document, manifest row)`` of a well-formed, known id, or None."""
    if not DOCUMENT_ID.fullmatch(doc_id):
        return None
    with opened(index) as folder:
        doc = folder.store.document(doc_id)
        return (doc, folder.store.file(doc.path)) if doc else None


def organisation_links(index, extraction: Extraction) -> dict:
    """Party names and organisation numbers of an extraction mapped to registry ids."""
    keys = {p.org_number or p.name for p in extraction.parties}
    keys |= {o.number for o in extraction.org_numbers}
    keys |= {p.name for p in extraction.parties}
    registry = orgs_registry(index)
    found = {}
    for key in sorted(k for k in keys if k):
        org = registry.resolve(key)
        if org:
            found[key] = org.id
    return found


class Withheld(Exception):
    """The original file is not served: it holds personal identity numbers that were masked."""


def original_file(index, doc_id: str):
    """``(path, name)`` of the document's original file when it is still the one imported.

    Raises :class:`Withheld` when personal identity numbers were masked in the document (in
    its text or its name), or when it was extracted by another pipeline version, whose
    masking this one cannot vouch for: the original would show what the index hides.
    """
    from extractor.pipeline import PIPELINE_VERSION

    found = _stored(index, doc_id)
    if found is None:
        return None
    doc, record = found
    if doc.facts.masked_personnummer or doc.pipeline_version != PIPELINE_VERSION:
        raise Withheld(doc_id)
    path = Path(doc.path)
    if not path.is_file():
        return None
    digest = hashlib.sha256()
    with open(path, "rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    if digest.hexdigest() not in {doc.sha256, record.sha256 if record else None}:
        return None  # the file at that path changed since it was imported
    return path, path.name


# -- search ---------------------------------------------------------------------------------

SEARCH_FILTERS = ("org", "case", "type", "committee", "year", "from", "to")
MULTI_FILTERS = ("org", "type", "committee", "year")  # given several times: all organisations, any other
SORTS = ("relevance", "newest", "oldest")
PAGE_SIZE = 20
MAX_PAGE = 100
MAX_CSV = 100_000


def search(index, query: str, params: dict, *, offset: int = 0, limit: int = PAGE_SIZE, snippets: bool = True,
           budget=None) -> SearchResult:
    """The search answer (``index.search.query.search``) for a query and filters
    (``params``: each of MULTI_FILTERS a list, the others a string, and ``sort``)."""
    result = run_search(index, query, org=params.get("org") or None, case=params.get("case") or None,
                        doc_type=params.get("type") or None, committee=params.get("committee") or None,
                        year=params.get("year") or None, date_from=params.get("from") or None,
                        date_to=params.get("to") or None, sort=params.get("sort") or "relevance",
                        offset=offset, limit=limit, snippets=snippets, as_text=params.get("as") == "text",
                        budget=budget)
    return result


def search_documents(index_dir, query: str, params: dict, budget=None) -> Iterator:
    """Every stored document a search finds, in its order (for a CSV download), read through
    the handle the search used, which is closed when they have all been read."""
    folder = IndexFolder(index_dir)
    try:
        found = search(folder, query, params, limit=MAX_CSV, snippets=False, budget=budget)  # refused input raises here
    except BaseException:
        folder.close()
        raise
    return _stored_documents(folder, [h.id for h in found.hits])


def _stored_documents(folder: IndexFolder, ids: list[str]) -> Iterator:
    with folder:
        yield from folder.store.documents(ids)


# -- home -----------------------------------------------------------------------------------

def recent(index, count: int = 10) -> tuple[int, list[SearchHit]]:
    """How many documents the index holds and the newest ``count``, from the search engine's
    summaries (no stored extraction is decoded)."""
    with opened(index) as folder:
        page = folder.engine.search(Request(sort="newest", limit=count, facets=False))
    return page.total, [SearchHit.from_summary(h.summary) for h in page.hits]


# -- organisation ---------------------------------------------------------------------------

FUNDING_LINEAGES = 10  # partnerships in an organisation page's funding view; the CSV has every one
FUNDING_TRACES = 24  # lineages traced at most for that view (documents naming payers may hold no yearly amounts)


@dataclass(slots=True)
class OrganisationPage:
    """What an organisation's page shows: the registry's organisation, the ids of its documents,
    the organisations with similar names (``see_also``), one page of its documents (newest
    first, ``documents_total`` in all) and the funding of its newest partnerships
    (``funding_complete``: whether that is all of it)."""

    organisation: Organisation
    document_ids: list[str]
    see_also: list[Organisation]
    documents_total: int
    offset: int
    limit: int
    document_list: list[SearchHit]
    funding: list[FundingRow]
    funding_complete: bool

    def to_dict(self) -> dict:
        """The JSON twin: the organisation's public form, then the page's fields in order."""
        return dict(self.organisation.public(), document_ids=self.document_ids,
                    see_also=[organisation_entry(o) for o in self.see_also], documents_total=self.documents_total,
                    offset=self.offset, limit=self.limit, document_list=[d.to_dict() for d in self.document_list],
                    funding=[row.to_dict() for row in self.funding], funding_complete=self.funding_complete)


def organisation(index, org_id: str, *, offset: int = 0, limit: int = PAGE_SIZE) -> Optional[OrganisationPage]:
    """The registry's organisation (by id, or by any name or number), one page of its documents
    (newest first) and the funding of its newest partnerships, or None."""
    with opened(index) as folder:  # one store, registry and engine for the whole page
        registry = folder.registry
        org = registry.find(org_id)
        if org is None:
            return None
        page = folder.engine.search(Request(org_terms=org.terms, sort="newest", offset=offset, limit=limit,
                                            facets=False)) if org.terms else None
        funding, complete = newest_funding(folder, org.terms)
        return OrganisationPage(org, documents_of(folder.store, org.id), see_also(registry, org),
                                page.total if page else 0, offset, limit,
                                [SearchHit.from_summary(h.summary) for h in page.hits] if page else [], funding, complete)


def newest_funding(index, terms: list[str], lineages: int = FUNDING_LINEAGES) -> tuple[list[FundingRow], bool]:
    """Funding rows of the newest ``lineages`` partnerships with amounts among the documents
    about an organisation, and whether there are no more. Documents are taken newest first
    from the search engine; one whose summary names no payer starts no trace, one met in a
    traced lineage is not traced again, and at most FUNDING_TRACES are traced, so a large
    organisation costs a bounded number of traces."""
    if not terms:
        return [], True
    rows, seen, covered, found, offset, traced = [], set(), set(), 0, 0, 0
    with opened(index) as folder:
        ix = folder.engine
        while True:
            page = ix.search(Request(org_terms=terms, sort="newest", offset=offset, limit=100, facets=False))
            for hit in page.hits:
                if hit.id in covered or not any(a.payer for a in SearchHit.from_summary(hit.summary).amounts or []):
                    continue
                if found == lineages or traced == FUNDING_TRACES:
                    return rows, False
                traced += 1
                lineage = folder.trace(hit.id)
                if not lineage:
                    continue
                covered.update(lineage.document_ids())
                funding = lineage_funding(lineage)
                key = lineage_name(lineage)
                if funding and key not in seen:
                    seen.add(key)
                    rows += funding
                    found += 1
            offset += 100
            if offset >= page.total:
                return rows, True


def organisation_funding(index, org_id: str) -> Optional[list[FundingRow]]:
    """Every funding row of an organisation's partnerships (the CSV download), or None."""
    with opened(index) as folder:
        org = folder.registry.find(org_id)
        return None if org is None else _funding(folder, set(documents_of(folder.store, org.id)))


def _funding(index, ids: set) -> list[FundingRow]:
    return funding_rows(index, ids) if ids else []


def funding_table(rows: list[FundingRow]) -> dict:
    """Funding rows (:func:`index.export.formats.funding_rows`) for reading: per partnership and payer,
    per payer over all partnerships, and the total of each year.

    ``{"years": [2022, "2023/2024", ...], "lineages": [{"lineage": case number, "name": subject
    and parties, "payers": {payer: {year: amount}}, "totals": {year: amount}}], "payers":
    {payer: {year: amount}}, "totals": {year: amount}}``. A partnership's yearly total is what
    its named payers give together, or its stated whole budget (payer ``total``) when no payer
    is named; split years (1 July to 30 June) are columns of their own."""
    years = sorted({r.year for r in rows if r.year is not None}, key=year_order)
    lineages: dict = {}
    for r in rows:
        if r.year is None or r.amount is None:
            continue
        entry = lineages.setdefault(r.lineage, {"lineage": r.lineage, "name": r.partnership or r.lineage,
                                                "payers": defaultdict(dict)})
        cell = entry["payers"][r.payer or "okänd"]
        cell[r.year] = cell.get(r.year, 0) + r.amount
    payers: dict = defaultdict(dict)
    totals: dict = {}
    out = []
    for entry in lineages.values():
        entry["payers"] = dict(entry["payers"])
        entry["totals"] = {y: t for y in years if (t := year_total(entry["payers"], y))}
        for payer, amounts in entry["payers"].items():
            if payer != "total":
                for y, v in amounts.items():
                    payers[payer][y] = payers[payer].get(y, 0) + v
        for y, t in entry["totals"].items():
            totals[y] = totals.get(y, 0) + t
        out.append(entry)
    return {"years": years, "lineages": out, "payers": dict(sorted(payers.items())), "totals": totals}


def year_total(payers: dict, year) -> int:
    """What the named payers give together in a year; the stated whole budget when only it is known."""
    named = sum(amounts.get(year, 0) for payer, amounts in payers.items() if payer != "total")
    return named or payers.get("total", {}).get(year, 0)


# -- case -----------------------------------------------------------------------------------

@dataclass(slots=True)
class CasePage:
    """What a case's page shows: its lineage, the titles of the lineage's stored documents (by
    id), the lineage's name (its oldest case number), its yearly funding rows, and the case's
    own spelling of the number asked for (``canonical``, None when that was a document id)."""

    lineage: Trace
    titles: dict
    name: str
    funding_rows: list[FundingRow]
    canonical: Optional[str]

    def to_dict(self) -> dict:
        """The JSON twin: the trace's JSON, each step's documents with their titles, then ``name``,
        ``funding_rows`` and ``canonical``."""
        out = self.lineage.to_dict()
        for step in out["steps"]:
            for doc in step["documents"]:
                doc["title"] = self.titles[doc["id"]]
        return dict(out, name=self.name, funding_rows=[r.to_dict() for r in self.funding_rows],
                    canonical=self.canonical)


def case(index_dir, number: str) -> Optional[CasePage]:
    """The lineage of a case number (``index.linking.lineage.trace``) and the stored documents naming it."""
    if not number.strip() or len(number) > 100:
        return None
    with IndexFolder(index_dir) as folder:  # one store for the trace and the titles
        lineage = folder.trace(number)
        if lineage is None:
            return None
        titles = {}
        for doc_id in lineage.document_ids():
            stored = folder.store.document(doc_id)
            titles[doc_id] = stored.facts.title if stored else None
    start = lineage.start
    same = start and not DOCUMENT_ID.fullmatch(start) and diarienummer.compact(start) == diarienummer.compact(number)
    return CasePage(lineage, titles, lineage_name(lineage), lineage_funding(lineage), start if same else None)


# -- browsing -------------------------------------------------------------------------------

SEE_ALSO = 3  # organisations with similar names listed beside each organisation


@dataclass(slots=True)
class ListedOrganisation:
    """An organisation of the list, with the organisations whose names are close to its own."""

    organisation: Organisation
    see_also: list[Organisation]


Row = Union[ListedOrganisation, ListedCase, ListedBody]


@dataclass(slots=True)
class Listing:
    """One page of a list (``rows`` at ``offset``, at most ``limit``, of ``total``); its JSON twin
    names the rows ``key``."""

    key: str
    total: int
    offset: int
    limit: int
    rows: list[Row]

    def to_dict(self) -> dict:
        return {"total": self.total, "offset": self.offset, "limit": self.limit,
                self.key: [row_json(row) for row in self.rows]}


def row_json(row: Row) -> dict:
    """A row of a list in its JSON form: its fields, and the address of its page (``url``)."""
    if isinstance(row, ListedOrganisation):
        return dict(organisation_entry(row.organisation), see_also=[organisation_entry(o) for o in row.see_also])
    if isinstance(row, ListedCase):
        return dict(plain(row), url=case_url(row.number))
    return dict(plain(row), url=committee_url(row.id))


def organisations(index, *, offset: int = 0, limit: int = PAGE_SIZE) -> Listing:
    """One page of the organisations with documents, most documents first, each with the
    organisations whose names are close to its own (``see_also``)."""
    registry = orgs_registry(index)
    listed = [o for o in registry.ranked() if o.documents]
    rows = [ListedOrganisation(org, see_also(registry, org)) for org in listed[offset:offset + limit]]
    return Listing("organisations", len(listed), offset, limit, rows)


def see_also(registry, org: Organisation) -> list[Organisation]:
    """The organisations with documents whose names are close to ``org``'s (``Registry.similar``)."""
    return [o for o in registry.similar(org, SEE_ALSO + 2) if o.documents][:SEE_ALSO]


def organisation_entry(org: Organisation) -> dict:
    """An organisation as a list shows it (JSON): id, name, number, documents and address."""
    return {"id": org.id, "name": org.name, "org_number": org.org_number,
            "documents": org.documents, "url": organisation_url(org.id)}


def cases(index_dir, *, offset: int = 0, limit: int = PAGE_SIZE) -> Listing:
    """One page of the cases with documents, newest first: number, title of the newest
    document, newest date, number of documents, and the case's address."""
    total, rows = browse.load(index_dir).cases(offset, limit)
    return Listing("cases", total, offset, limit, rows)


def committees(index_dir, *, offset: int = 0, limit: int = PAGE_SIZE) -> Listing:
    """One page of the deciding bodies, by authority and name, with how many meetings and
    decisions are known and the latest meeting."""
    total, rows = browse.load(index_dir).bodies(offset, limit)
    return Listing("committees", total, offset, limit, rows)


@dataclass(slots=True)
class CommitteePage:
    """A body and one page of its meetings (newest first, at ``offset``, at most ``limit``), each
    with the decisions taken at it (``decided``: a protocol's paragraphs; ``cited``: decisions
    other documents cite by its date) and the matters planned for it (``planned``)."""

    body: ListedBody
    offset: int
    limit: int
    meetings: list[ListedMeeting]

    def to_dict(self) -> dict:
        """The JSON twin: the body (``total`` its number of meetings), then its meetings, each item
        with its document's address (``url``)."""
        b = self.body
        return {"id": b.id, "name": b.name, "authority": b.authority, "latest": b.latest, "decisions": b.decisions,
                "total": b.meetings, "offset": self.offset, "limit": self.limit,
                "meetings": [{"date": m.date, "decided": _linked(m.decided), "cited": _linked(m.cited),
                              "planned": _linked(m.planned)} for m in self.meetings]}


def _linked(items: list) -> list[dict]:
    """A meeting's items in their JSON form, each with its address (``url``)."""
    return [dict(plain(item), url=item_url(item)) for item in items]


def committee(index_dir, body_id: str, *, offset: int = 0, limit: int = PAGE_SIZE) -> Optional[CommitteePage]:
    """A body and one page of its meetings (newest first), or None."""
    found: Optional[BodyMeetings] = browse.load(index_dir).body(body_id, offset, limit)
    return CommitteePage(found.body, offset, limit, found.meetings) if found else None


def item_url(item: Union[browse.Decided, browse.Cited, browse.Planned]) -> str:
    """Where a meeting's item leads: its document, at the paragraph's anchor for a protocol's decision."""
    anchor = item.anchor if isinstance(item, browse.Decided) else None
    return document_url(item.document) + (f"#{anchor}" if anchor else "")


def committee_url(body_id: str) -> str:
    return "/committee/" + quote(body_id, safe="")
