"""Searching: what a query means, the hits with their facts at a glance, and facet counts.

A query is understood, in this order, as
1. an organisation number (``802002-8711``): every document of that organisation;
2. a case number however typed (``ASN-2019-9502``, ``asn 2019 9502``, ``Dnr 2020-000123``):
   the documents that carry it (ranked first) or cite it;
3. an organisation by any name, alias, unit, defined abbreviation or misspelling
   (:func:`index.organisations.registry.Registry.resolve`): every document about it, none about another;
4. anything else: Swedish free text over titles and texts, inflected forms included.
Filters (``org``, ``case``, ``doc_type``, dates, ``year``, ``committee``) narrow any of these; hits come
in pages (``offset``, ``limit``) by relevance, newest or oldest first.

An organisation read from a name never hides the text: the answer says how the query was
read (``understood_as``) and offers the other reading with its count (``other_reading``);
``as_text`` takes the words as free text; and a name whose organisation has no documents
here is read as text at once (``läxhjälp`` finds the documents that say it even when the
only organisation called Läxhjälpen has none).
"""

from __future__ import annotations

import calendar
import datetime
import re
from bisect import bisect_right
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Iterable, Optional, Union

from extractor.identifiers import diarienummer, orgnr
from extractor.reading import textclean
from extractor.errors import DiariumError
from extractor.model import Paragraph, plain, record
from index.organisations import registry as orgs
from index.organisations.registry import Organisation
from index.search.analysis import case_pattern, query_stems, stem_spans, WORD
from index.search.engine import QUERY_BUDGET, SORTS, UNDATED, Budget, Request
from index.search.fields import committee_key
from index.folder import IndexFolder, opened
from index.search.snippets import snippet
from index.store import Store

_CASE_SHAPE = re.compile(
    r"^(?:(?:dnr|diarienummer|diarienr)\.?:?\s*)?(?:(?P<prefix>[A-Za-zÅÄÖåäö]{1,8})[\s.-]*)?"
    r"\d{1,7}(?:\s*[-/\s]\s*\d{1,7}){1,2}$", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d\d(?!\d)")
_DATE = re.compile(r"^\d{4}(-\d\d(-\d\d)?)?$")
FACET_SIZE = 15


class SearchProblem(DiariumError):
    """A search that cannot be run as asked (an unknown organisation, a date that is none);
    ``swedish`` says the same to a user of the web page."""

    code = "D205"

    def __init__(self, message: str, swedish: Optional[str] = None):
        super().__init__(message)
        self.swedish = swedish or message


@dataclass(slots=True)
class Reading:
    """What a query was read as (:func:`understand`): ``kind`` ``organisation`` (``org`` when
    the registry knows it, its ``org_number`` and index ``terms``; ``by_name`` when read from
    a name), ``case`` (its display form ``case``, its ``key``, ``bare`` when it has no prefix),
    ``text`` (the words) or ``all``."""

    kind: str
    text: Optional[str] = None
    org: Optional[Organisation] = None
    org_number: Optional[str] = None
    terms: list[str] = field(default_factory=list)
    by_name: bool = False
    case: Optional[str] = None
    key: Optional[str] = None
    bare: bool = False


@dataclass(slots=True)
class OtherReading:
    """The reading of a query not taken, offered with how many documents it finds: the words as
    free text (``kind`` ``text``) or the organisation a name stands for."""

    kind: str
    total: int
    text: Optional[str] = None
    organisation: Optional[str] = None
    org_id: Optional[str] = None

    @classmethod
    def of(cls, reading: Reading, total: int) -> "OtherReading":
        if reading.kind == "organisation":
            return cls("organisation", total, organisation=reading.org.name, org_id=reading.org.id)
        return cls("text", total, text=reading.text)

    def to_dict(self) -> dict:
        """The answer's ``other_reading``: the words or the organisation, then the count."""
        if self.kind == "organisation":
            return {"kind": self.kind, "organisation": self.organisation, "org_id": self.org_id, "total": self.total}
        return {"kind": self.kind, "text": self.text, "total": self.total}


@dataclass(slots=True)
class Understood:
    """What a query was read as, as the answer tells it (``understood_as``): ``kind`` and, for
    that kind, the words (``text``), the case number as shown (``case``) or the organisation
    (its number as asked or known, and when the registry knows it, its name and id); and the
    other reading offered, if any."""

    kind: str
    text: Optional[str] = None
    case: Optional[str] = None
    org_number: Optional[str] = None
    organisation: Optional[str] = None
    org_id: Optional[str] = None
    other_reading: Optional[OtherReading] = None

    @classmethod
    def of(cls, reading: Reading, other: Optional[OtherReading] = None) -> "Understood":
        org = reading.org if reading.kind == "organisation" else None
        return cls(reading.kind, reading.text if reading.kind == "text" else None,
                   reading.case if reading.kind == "case" else None,
                   org.org_number if org else reading.org_number if reading.kind == "organisation" else None,
                   org.name if org else None, org.id if org else None, other)

    def to_dict(self) -> dict:
        """The answer's ``understood_as``: the keys of its kind, then ``other_reading`` when one is offered."""
        out: dict = {"kind": self.kind}
        if self.kind == "text":
            out["text"] = self.text
        elif self.kind == "case":
            out["case"] = self.case
        elif self.kind == "organisation":
            out["org_number"] = self.org_number
            if self.org_id is not None:
                out.update(organisation=self.organisation, org_id=self.org_id)
        if self.other_reading is not None:
            out["other_reading"] = self.other_reading.to_dict()
        return out


@dataclass(slots=True)
class HitParagraph:
    """The protocol paragraph a hit lands on."""

    number: Optional[str]
    heading: Optional[str]
    pages: Optional[list[int]]
    anchor: Optional[str]
    case_numbers: list[str]


@dataclass(slots=True)
class HitParty:
    """A party a hit names: its name and, where the document gives it, its organisation number."""

    name: Optional[str]
    org_number: Optional[str]


@dataclass(slots=True)
class HitAmount:
    """An amount a hit shows: the decided agreement's funding (its ``payer``, ``amount`` and
    ``basis``), else one of the largest amounts the document mentions (no payer, no basis)."""

    payer: Optional[str]
    amount: Optional[int]
    basis: Optional[str]


@dataclass(slots=True)
class SearchHit:
    """One hit: the facts at a glance (:func:`index.search.fields.summary`, as the engine keeps
    them, read once here), and with snippets its ``snippet``, ``score`` and ``paragraph``."""

    id: str
    path: Optional[str] = None
    title: Optional[str] = None
    date: Optional[str] = None
    document_type: Optional[str] = None
    own_case_numbers: Optional[list[str]] = None
    parties: Optional[list[HitParty]] = None
    amounts: Optional[list[HitAmount]] = None
    period: Optional[list] = None
    decided_by: Optional[str] = None
    authority: Optional[str] = None
    snippet: Optional[str] = None
    score: Optional[float] = None
    paragraph: Optional[HitParagraph] = None

    @classmethod
    def from_summary(cls, summary: dict) -> "SearchHit":
        """An engine hit's summary (keys it does not hold stay None), its parties and amounts read."""
        hit = cls(**{k: v for k, v in summary.items() if k in _SUMMARY_FIELDS})
        if hit.parties is not None:
            hit.parties = [record(HitParty, p) for p in hit.parties]
        if hit.amounts is not None:
            hit.amounts = [record(HitAmount, a) for a in hit.amounts]
        return hit

    def to_dict(self) -> dict:
        """The contract's form: the summary, then ``snippet``, ``score`` and ``paragraph`` where found."""
        out = {k: plain(getattr(self, k)) for k in _SUMMARY_FIELDS}
        if self.snippet is not None:
            out.update(snippet=self.snippet, score=self.score)
        if self.paragraph is not None:
            out["paragraph"] = plain(self.paragraph)
        return out


_SUMMARY_FIELDS = ("id", "path", "title", "date", "document_type", "own_case_numbers", "parties", "amounts",
                   "period", "decided_by", "authority")


@dataclass
class SearchResult:
    query: str
    understood_as: Understood
    total: int
    hits: list[SearchHit] = field(default_factory=list)
    facets: dict = field(default_factory=dict)
    offset: int = 0
    limit: int = 20
    sort: str = "relevance"

    def to_dict(self) -> dict:
        return {"query": self.query, "understood_as": self.understood_as.to_dict(), "total": self.total,
                "offset": self.offset, "limit": self.limit, "sort": self.sort,
                "hits": [h.to_dict() for h in self.hits], "facets": self.facets}


Values = Union[None, str, Iterable[str]]


def search(index: Union[IndexFolder, str, Path], query: str = "", *, org: Values = None, case: Optional[str] = None,
           doc_type: Values = None, date_from: Optional[str] = None, date_to: Optional[str] = None,
           committee: Values = None, year: Values = None, sort: str = "relevance", offset: int = 0,
           limit: int = 20, snippets: bool = True, as_text: bool = False,
           budget: Union[None, float, Budget] = None) -> SearchResult:
    """Search one index folder (see the module docstring); ``as_text`` reads the query as free text.

    ``org``, ``doc_type``, ``committee`` and ``year`` take one value or several: every
    organisation given must be about a document; of several types, committees or years
    any will do (``year`` ``odaterade``: documents without a date). Facet counts of a
    filtered field count as if that field were not filtered, so each says how many
    documents its value adds.

    ``budget`` bounds the work: CPU seconds (default :data:`~index.search.engine.QUERY_BUDGET`) or
    a :class:`~index.search.engine.Budget`; a search that spends it raises
    :class:`~index.search.engine.QueryTooBroad` (``D211``) instead of answering late.

    ``index`` is an index folder's path or a handle on it (:class:`~index.folder.IndexFolder`)
    whose store, engine and registry the search uses."""
    with opened(index) as folder:
        return _search(folder, query, org=org, case=case, doc_type=doc_type, date_from=date_from, date_to=date_to,
                       committee=committee, year=year, sort=sort, offset=offset, limit=limit, snippets=snippets,
                       as_text=as_text, budget=budget)


def _search(folder: IndexFolder, query: str, *, org: Values, case: Optional[str], doc_type: Values,
            date_from: Optional[str], date_to: Optional[str], committee: Values, year: Values, sort: str,
            offset: int, limit: int, snippets: bool, as_text: bool, budget) -> SearchResult:
    if not isinstance(budget, Budget):
        budget = Budget(QUERY_BUDGET if budget is None else float(budget))
    if sort not in SORTS:
        raise SearchProblem(f"{sort}: unknown order (choose one of {', '.join(SORTS)})",
                            f"Okänd sortering ”{sort}” (välj relevans, nyaste eller äldsta).")
    if int(offset) < 0 or int(limit) < 0:
        raise SearchProblem("offset and limit must be 0 or more", "Början och antal ska vara 0 eller mer.")
    registry = folder.registry
    request = Request(doc_types=_list(doc_type), date_from=parse_date(date_from, "from"),
                      date_to=parse_date(date_to, "to"), committee_keys=[committee_key(c) for c in _list(committee)],
                      years=[_year(y) for y in _list(year)], sort=sort, offset=int(offset), limit=int(limit),
                      budget=budget)
    if request.date_from and request.date_to and request.date_from > request.date_to:
        raise SearchProblem(f"{date_from} is after {date_to}", f"Från-datumet {date_from} ligger efter till-datumet {date_to}.")
    request.org_filters = _org_filters(registry, _list(org))
    if case:
        request.case_keys = [diarienummer.compact(case)]
    words = " ".join((query or "").split())
    understood, other = _readings(understand(registry, query or ""), words, as_text)
    base = dict(vars(request))
    _apply(understood, request)
    request.org_names = registry.names_by_term
    ix = folder.engine
    page = ix.search(request)
    if page.total == 0 and ((understood.kind == "case" and understood.bare) or other and other.kind == "text"):
        # a bare number no document carries (a date, an amount) is text after all, and so is
        # a name whose organisation has no documents here
        understood, other = Reading("text", text=words), None
        request = Request(**base)
        _apply(understood, request)
        request.org_names = registry.names_by_term
        page = ix.search(request)
    offered = None
    if other is not None:
        counted = Request(**dict(base, offset=0, limit=0, facets=False))
        _apply(other, counted)
        offered = OtherReading.of(other, ix.search(counted).total)
    facets = dict(page.facets)
    for name, attribute in (("type", "doc_types"), ("year", "years"), ("committee", "committee_keys")):
        if getattr(request, attribute):  # what each other value of a filtered field would add
            facets[name] = ix.search(replace(request, **{attribute: []}, offset=0, limit=0)).facets[name]
    request.check()
    hits = _hits(folder.store, page.hits, understood) if snippets else [SearchHit.from_summary(h.summary) for h in page.hits]
    return SearchResult(query or "", Understood.of(understood, offered), page.total, hits, _facets(facets),
                        offset=request.offset, limit=request.limit, sort=sort)


def _org_filters(registry, names: list[str]) -> list[list[str]]:
    """The index terms of each organisation named (every one must be about a document)."""
    filters: list[list[str]] = []
    for name in names:
        understood_org = _organisation(registry, name)
        if understood_org is None:
            raise SearchProblem(f"{name}: no organisation by this name or number in the index",
                                f"Ingen organisation med namnet eller numret ”{name[:80]}” finns i indexet.")
        if understood_org.terms not in filters:
            filters.append(understood_org.terms)
    return filters


def _readings(understood: Reading, words: str, as_text: bool) -> tuple[Reading, Optional[Reading]]:
    """The reading searched and the other one offered: a name is also text; ``as_text`` swaps them."""
    other = None
    if understood.kind == "organisation" and understood.by_name:
        other = Reading("text", text=words)
        if as_text:
            understood, other = other, understood
    elif as_text and understood.kind not in ("all", "text"):
        understood = Reading("text", text=words)
    return understood, other


def _list(values: Values) -> list[str]:
    """One value or several as a list, blanks and repeats left out."""
    if values is None:
        return []
    if isinstance(values, str):
        values = [values]
    return list(dict.fromkeys(v.strip() for v in values if v and v.strip()))


def _year(value: str) -> str:
    if value == UNDATED or re.fullmatch(r"(?:1[89]|2\d)\d\d", value):
        return value
    raise SearchProblem(f"{value}: not a year (write 2024, or {UNDATED} for documents without a date)",
                        f"Året ”{value[:20]}” är inte ett årtal (skriv 2024, eller {UNDATED}).")


def understand(registry, query: str) -> Reading:
    """What a query asks for: an organisation, a case, free text or everything (:class:`Reading`)."""
    q = " ".join(query.split())
    if not q:
        return Reading("all")
    if orgnr.is_valid(q):
        number = orgnr.validate(q)
        found = registry.by_number.get(number)
        return Reading("organisation", org=found, org_number=number,
                       terms=(found.terms if found else None) or orgs.terms_for_number(number))
    shape = _CASE_SHAPE.match(q)
    if (shape and _YEAR.search(q)) or diarienummer.is_valid(q):
        number = case_display(q)
        return Reading("case", case=number, key=diarienummer.compact(q), bare=not re.match(r"[A-Za-zÅÄÖåäö]", number))
    found = registry.resolve(q)
    if found:
        return Reading("organisation", org=found, org_number=found.org_number, terms=found.terms, by_name=True)
    return Reading("text", text=q)


def _organisation(registry, text: str) -> Optional[Reading]:
    u = understand(registry, text)
    return u if u.kind == "organisation" else None


def _apply(understood: Reading, request: Request) -> None:
    kind = understood.kind
    if kind == "organisation":
        request.org_terms = understood.terms
        if understood.org:
            request.title_words = WORD.findall(understood.org.name)
    elif kind == "case":
        request.case_keys = _both(request.case_keys, [understood.key])
    elif kind == "text":
        request.text = understood.text


def _both(current: list, new: list) -> list:
    """Two case criteria at once must both hold; a criterion given twice stays one."""
    if current and set(current) != set(new):
        return [t for t in current if t in set(new)] or ["\x00none"]
    return new


def case_display(q: str) -> str:
    """A case number as a page or answer shows it: its normal form (``diarienummer.validate``),
    else as typed without a ``Dnr`` label, in capitals (search, ``show`` and the web alike).

    >>> case_display("dnr: von 2020/388"), case_display("Dnr 3.4.2-1186/2024 x")
    ('VON 2020/388', '3.4.2-1186/2024 X')
    """
    try:
        return diarienummer.validate(q)
    except ValueError:
        return re.sub(r"^(?i:dnr|diarienummer|diarienr)\.?:?\s*", "", q).upper()


def parse_date(value: Optional[str], which: str) -> Optional[str]:
    """A date bound as an ISO date: ``2024`` -> ``2024-01-01`` (from) or ``2024-12-31`` (to),
    ``2024-02`` -> ``2024-02-01`` or ``2024-02-29``; full dates must exist in the calendar.

    The one place where dates a user types are checked (search, web page, export).

    >>> parse_date("2024", "to"), parse_date("2024-02", "to"), parse_date(" 2023-05-29 ", "from")
    ('2024-12-31', '2024-02-29', '2023-05-29')
    >>> parse_date("2023-02-30", "from")
    Traceback (most recent call last):
    ...
    index.search.query.SearchProblem: [D205] 2023-02-30: no such date
    """
    if not value or not value.strip():
        return None
    text = value.strip()
    if not _DATE.match(text):
        raise SearchProblem(f"{text}: not a date (write 2024, 2024-05 or 2024-05-29)",
                            f"”{text[:20]}” är inte ett datum (skriv 2024, 2024-05 eller 2024-05-29).")
    year, month, day = _parts(text)
    try:
        if month is None:
            month, day = (1, 1) if which == "from" else (12, 31)
        elif day is None:
            day = 1 if which == "from" else calendar.monthrange(year, month)[1]
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        raise SearchProblem(f"{text}: no such date", f"Datumet {text[:20]} finns inte i kalendern.") from None


def _parts(text: str) -> tuple:
    numbers = [int(p) for p in text.split("-")]
    return tuple(numbers + [None] * (3 - len(numbers)))


def _hits(store: Store, hits, understood: Reading) -> list[SearchHit]:
    if not hits:
        return []
    patterns = _highlighters(understood)
    out = []
    for h in hits:
        doc = store.document(h.id)
        text = textclean.clean(doc.text) if doc else ""  # no front matter, stamps or page markers
        part = _paragraph(doc.facts.paragraphs, text, understood, patterns) if doc else None
        passage = text[part.start:part.end] if part else text
        hit = SearchHit.from_summary(h.summary)
        hit.snippet, hit.score = snippet(passage, patterns), round(h.score, 3)
        if part:
            hit.paragraph = HitParagraph(part.number, part.heading, doc.facts.paragraph_pages(part), part.anchor,
                                         part.case_numbers)
        out.append(hit)
    return out


HEAD_WEIGHT = 3  # a match in a paragraph's head and heading outweighs one in its running text


def _paragraph(found: list[Paragraph], text: str, understood: Reading, patterns) -> Optional[Paragraph]:
    """The protocol paragraph a hit lands on: the one carrying the case number searched for,
    else the one holding most of the matches (those in its heading counting more)."""
    if not found or not patterns:
        return None
    if understood.kind == "case":
        for p in found:
            if understood.key in {diarienummer.compact(n) for n in p.case_numbers}:
                return p
    weight = dict.fromkeys(range(len(found)), 0)
    starts = [p.start for p in found]
    for a, b in (s for find in patterns for s in find(text)):
        i = bisect_right(starts, a) - 1
        if i >= 0 and a < found[i].end:
            in_heading = text[a:b].casefold() in (found[i].heading or "").casefold()
            weight[i] += HEAD_WEIGHT if in_heading else 1
    best = max(weight, key=lambda i: (weight[i], -i))
    return found[best] if weight[best] else None


def _highlighters(understood: Reading) -> list:
    """Functions giving the spans to mark in a hit's text."""
    kind = understood.kind
    if kind == "text":
        stems = query_stems(understood.text)
        return [lambda text: list(stem_spans(text, stems))]
    if kind == "case":
        pattern = case_pattern(understood.case)
        return [lambda text: [m.span() for m in pattern.finditer(text)]]
    if kind == "organisation":
        pattern = _org_pattern(understood)
        if pattern is None:
            return []
        lower = _org_pattern(understood, lower=True)

        def find(text: str) -> list:
            # The names in lower case on the text in lower case: a case-insensitive
            # alternation of names is scanned character by character, this one is not.
            low = text.lower()
            if len(low) == len(text):
                return [m.span() for m in lower.finditer(low)]
            return [m.span() for m in pattern.finditer(text)]
        return [find]
    return []


def _org_pattern(understood: Reading, lower: bool = False) -> Optional[re.Pattern]:
    """The organisation's names and number in running text; ``lower``: for text in lower case."""
    org = understood.org
    names = {n for n in ([org.name, *org.aliases] if org else []) if n and len(n) > 1}
    names = sorted({n.lower() for n in names} if lower else names, key=len, reverse=True)
    parts = [r"\s+".join(re.escape(w) for w in n.split()) + r"(?::?s)?" for n in names]
    number = understood.org_number
    if number:
        parts.append(r"(?:16)?" + number[:6] + r"\s*[-–]\s*" + number[7:])
    flags = 0 if lower else re.IGNORECASE
    return re.compile(r"(?<!\w)(?:" + "|".join(parts) + r")(?!\w)", flags) if parts else None


def _facets(raw: dict) -> dict:
    """Values by count, most first; years newest first with the undated last."""
    out = {}
    for name, counts in raw.items():
        if name == "year":
            ordered = sorted(counts.items(), key=lambda kv: (kv[0] == UNDATED, "" if kv[0] == UNDATED else str(9999 - int(kv[0]))))
        else:
            ordered = sorted(counts.items(), key=lambda kv: (-kv[1], str(kv[0])))
        out[name] = [[value, count] for value, count in ordered[:FACET_SIZE]]
    return out
