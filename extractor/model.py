"""The facts Diarium extracts, as plain dataclasses with character offsets into the original text.

Every fact carries ``start`` and ``end``: the span of the original document text it came
from, in the same two keys of its JSON form (a period's dates are ``start_date`` and
``end_date``). ``Extraction.to_dict`` gives the JSON form printed by ``diarium extract --json`` and
stored in an index; ``Extraction.from_dict`` reads that form back into the dataclasses.
"""

from __future__ import annotations

import re
from bisect import bisect_right
import copy
from dataclasses import MISSING, dataclass, field, fields
from functools import lru_cache
from typing import Optional

# Mean word confidence (0-100, Tesseract's scale) under which an OCR page is low-confidence.
LOW_CONFIDENCE = 70.0
_OFFSETS = ("start", "end")
# The lists of facts that carry character offsets, and so a page.
_FACT_LISTS = ("own_case_number_spans", "referenced_case_numbers", "decision_refs", "org_numbers", "amounts",
               "funding", "periods", "parties", "organisations", "people", "meetings")


@dataclass(frozen=True)
class Page:
    """One page of a source: where its text runs in the whole text and how it was obtained.

    ``method`` is ``text`` (a text layer or a text format), ``ocr`` (Tesseract), or ``none``
    (the page needed OCR and OCR was turned off); ``confidence`` is the mean OCR word
    confidence (0-100), ``None`` for text. ``label`` is the page number printed on the page
    (``2 (3)``), when there was one.
    """

    number: int
    start: int
    end: int
    method: str = "text"
    confidence: Optional[float] = None
    label: Optional[str] = None

    @property
    def low_confidence(self) -> bool:
        return self.method == "ocr" and self.confidence is not None and self.confidence < LOW_CONFIDENCE


@dataclass
class SourceText:
    """A file read into text: its format (``pdf``, ``docx``, ``html``, ``markdown``, ``text``,
    ``image``), the text, its pages and the SHA-256 of the file's bytes."""

    path: str
    format: str
    text: str
    pages: list[Page] = field(default_factory=list)
    sha256: Optional[str] = None
    note: Optional[str] = None  # something the reader did to the text that a user should know


@dataclass(frozen=True)
class CaseNumber:
    number: str
    start: int
    end: int
    text: str = ""


@dataclass
class CitedCase:
    number: str
    relation: str
    evidence: str
    start: int
    end: int
    period: Optional[tuple[str, str]] = None
    # Every mention's clause, in reading order: {"evidence", "start", "end", "period"}.
    mentions: list[dict] = field(default_factory=list)

    @property
    def clauses(self) -> list[dict]:
        """Every mention's clause; the number's own clause when the mentions were not kept."""
        return self.mentions or [{"evidence": self.evidence, "start": self.start, "end": self.end, "period": self.period}]

    @property
    def stated_period(self) -> Optional[tuple[str, str]]:
        """The period the text gives the case: its own, else the first a mention gives."""
        return self.period or next((tuple(m["period"]) for m in self.mentions if m.get("period")), None)


@dataclass(frozen=True)
class OrgNumber:
    number: str
    name: Optional[str]
    start: int
    end: int


@dataclass(frozen=True)
class Amount:
    value: int
    text: str
    start: int
    end: int


@dataclass(frozen=True)
class Period:
    start_date: str
    end_date: Optional[str]  # None: an open end ("från och med 2027-01-01")
    text: str
    start: int
    end: int
    kind: str = "range"  # range, years, year, months, days, school_year, open, posting

    @property
    def span(self) -> tuple[str, Optional[str]]:
        return (self.start_date, self.end_date)

    @classmethod
    def from_dict(cls, data: dict) -> "Period":
        """A period in its JSON form: ``start``/``end`` its offsets, as for every fact, and
        ``start_date``/``end_date``; or, as stored by pipeline versions before 16, ``start``/``end``
        its dates and ``offset`` its span."""
        if "offset" in data:
            return cls(data["start"], data["end"], data["text"], *data["offset"], data.get("kind", "range"))
        return _values(cls, data, build=True)


@dataclass
class Funding:
    payer: str
    amount: int
    basis: str
    period: Optional[tuple[str, str]]
    start: int
    end: int
    case: Optional[str] = None
    recipient: Optional[str] = None  # who receives the money, when the text says


@dataclass
class DecisionRef:
    body: str
    date: str
    paragraph: Optional[str]
    start: int
    end: int


@dataclass
class Party:
    name: str
    org_number: Optional[str]
    start: int
    end: int
    aliases: list[str] = field(default_factory=list)


@dataclass
class Person:
    name: str
    title: Optional[str]
    start: int
    end: int


@dataclass
class Meeting:
    body: str
    date: str
    start: int
    end: int


@dataclass
class Paragraph:
    """One paragraph of a protocol: its head as printed (``KS § 3 a``), the heading of its
    matter, the case numbers it carries, and the span from its head to the next paragraph."""

    number: str
    heading: Optional[str]
    start: int
    end: int
    case_numbers: list[str] = field(default_factory=list)
    head_end: int = -1  # end of the head as printed, where the paragraph's heading may follow

    @property
    def anchor(self) -> str:
        return anchor(self.number)


def anchor(number: str) -> str:
    """The fragment naming a protocol paragraph on a page: ``KS § 3 a`` -> ``p-ks-3-a``."""
    return "p-" + "-".join(re.findall(r"\w+", number.casefold()))


@dataclass
class Extraction:
    """Everything extracted from one document."""

    id: str
    path: Optional[str]
    sha256: str
    pipeline_version: str
    document_type: Optional[str] = None
    title: Optional[str] = None
    date: Optional[str] = None
    decided_by: Optional[str] = None
    authority: Optional[str] = None
    own_case_numbers: list[CaseNumber] = field(default_factory=list)
    referenced_case_numbers: list[CitedCase] = field(default_factory=list)
    decision_refs: list[DecisionRef] = field(default_factory=list)
    org_numbers: list[OrgNumber] = field(default_factory=list)
    amounts: list[Amount] = field(default_factory=list)
    funding: list[Funding] = field(default_factory=list)
    agreement_period: Optional[tuple[str, str]] = None
    periods: list[Period] = field(default_factory=list)
    parties: list[Party] = field(default_factory=list)
    # every organisation the document names, a party or not, under one name each: what it is about
    organisations: list[Party] = field(default_factory=list)
    people: list[Person] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    masked_personnummer: int = 0
    format: Optional[str] = None
    pages: list[Page] = field(default_factory=list)

    @property
    def case_numbers(self) -> list[str]:
        """The document's own case numbers, as written (normalised)."""
        return [c.number for c in self.own_case_numbers]

    def page_at(self, offset: int) -> Optional[Page]:
        """The page an offset of the text falls on (the first for an offset before it); None
        for a document without pages."""
        if not self.pages:
            return None
        return self.pages[max(bisect_right([p.start for p in self.pages], offset) - 1, 0)]

    def paragraph_pages(self, paragraph: Paragraph) -> Optional[list[int]]:
        """The first and last page a protocol paragraph runs over, as its JSON form gives them."""
        if not self.pages:
            return None
        return [self.page_at(paragraph.start).number, self.page_at(max(paragraph.end - 1, 0)).number]

    def to_dict(self) -> dict:
        """The JSON form: own case numbers as plain strings, every other fact as an object."""
        data = plain(self)
        data["own_case_numbers"] = [c.number for c in self.own_case_numbers]
        data["own_case_number_spans"] = [plain(c) for c in self.own_case_numbers]
        data["org_numbers"] = [
            {"number": o.number, "name": o.name, "start": o.start, "end": o.end} for o in self.org_numbers
        ]
        data["pages"] = [{k: v for k, v in plain(p).items() if k != "label" or v} for p in self.pages]
        _add_pages(data, self.pages)
        _add_paragraphs(data, self.paragraphs)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Extraction":
        """The extraction a JSON form describes (:meth:`to_dict`'s, or one read from an index):
        what ``to_dict`` derives (each fact's page and paragraph, anchors) is left out, keys it
        does not know are ignored, and missing ones take their defaults."""
        values = _values(cls, data)
        for key, kind in _FACT_CLASSES.items():
            values[key] = [_values(kind, item, build=True) for item in data.get(key) or []]
        values["own_case_numbers"] = _own_case_numbers(data)
        values["org_numbers"] = [_values(OrgNumber, o, build=True) for o in data.get("org_numbers") or []]
        values["periods"] = [Period.from_dict(p) for p in data.get("periods") or []]
        return _values(cls, values, build=True)


_ATOMS = frozenset({str, int, float, bool, type(None)})


def plain(value):
    """``dataclasses.asdict`` for the model's values: a dataclass as a dict of its fields,
    lists, tuples and dicts rebuilt, anything else copied; strings, numbers and None are
    taken as they are instead of through ``copy.deepcopy`` (``asdict`` spent most of the
    time of :meth:`Extraction.to_dict` there).

    >>> plain(CaseNumber("KS 2024/12", 4, 14))
    {'number': 'KS 2024/12', 'start': 4, 'end': 14, 'text': ''}
    """
    kind = type(value)
    if kind in _ATOMS:
        return value
    names = _field_names(kind)
    if names is not None:
        return {name: plain(getattr(value, name)) for name in names}
    if kind is list:
        return [plain(v) for v in value]
    if kind is tuple:
        return tuple(plain(v) for v in value)
    if kind is dict:
        return {plain(k): plain(v) for k, v in value.items()}
    return copy.deepcopy(value)


def record(kind, data: dict):
    """A record of dataclass ``kind`` from a JSON form whose keys are its field names, as
    :func:`plain` writes it: keys it does not know are left out, and a field without a default
    must be there (a ``TypeError`` otherwise).

    >>> record(CaseNumber, {"number": "KS 2024/12", "start": 4, "end": 14, "page": 1})
    CaseNumber(number='KS 2024/12', start=4, end=14, text='')
    """
    return kind(**{name: data[name] for name in _field_names(kind) if name in data})


@lru_cache(maxsize=None)
def _field_names(kind) -> Optional[tuple]:
    """The field names of dataclass ``kind``, in order; None for any other type."""
    try:
        return tuple(f.name for f in fields(kind))
    except TypeError:
        return None


def _values(kind, data: dict, build: bool = False):
    """The fields of dataclass ``kind`` found in ``data``, tuples made tuples again (JSON has only
    lists); with ``build``, the instance itself, a missing field that has no default taken as
    unknown (offsets -1, as for own case numbers without their spans; anything else None)."""
    values = {}
    for name, is_tuple, unknown in _plan(kind):
        if name in data:
            value = data[name]
            values[name] = tuple(value) if is_tuple and value is not None else value
        elif build and unknown is not MISSING:
            values[name] = unknown
    return kind(**values) if build else values


@lru_cache(maxsize=None)
def _plan(kind) -> tuple:
    """Per field of dataclass ``kind``: its name, whether it is a tuple, and what it is when
    missing and without a default (``MISSING`` when it has one)."""
    plan = []
    for f in fields(kind):
        required = f.default is MISSING and f.default_factory is MISSING
        plan.append((f.name, "tuple[" in str(f.type), (-1 if f.name in _OFFSETS else None) if required else MISSING))
    return tuple(plan)


def _own_case_numbers(data: dict) -> list[CaseNumber]:
    spans = data.get("own_case_number_spans")
    if spans is not None:
        return [_values(CaseNumber, c, build=True) for c in spans]
    return [CaseNumber(n, -1, -1) for n in data.get("own_case_numbers") or []]  # a form without the spans


def _fact_start(fact: dict) -> int:
    start = fact.get("start", -1)
    return start if isinstance(start, int) else -1


def _add_pages(data: dict, pages: list[Page]) -> None:
    """Give every fact with offsets its page number, and mark facts on low-confidence OCR pages;
    a protocol paragraph gets the first and last page it runs over."""
    if not pages:
        return
    starts = [p.start for p in pages]
    page_at = lambda offset: pages[max(bisect_right(starts, offset) - 1, 0)]  # noqa: E731
    for key in _FACT_LISTS:
        for fact in data.get(key) or []:
            if _fact_start(fact) < 0:
                continue
            page = page_at(_fact_start(fact))
            fact["page"] = page.number
            if page.low_confidence:
                fact["low_confidence"] = True
    for paragraph in data["paragraphs"]:
        paragraph["pages"] = [page_at(paragraph["start"]).number, page_at(max(paragraph["end"] - 1, 0)).number]


def _add_paragraphs(data: dict, paragraphs: list[Paragraph]) -> None:
    """Give every fact inside a protocol paragraph that paragraph's head (``§ 141``) as ``in_paragraph``."""
    if not paragraphs:
        return
    for paragraph in data["paragraphs"]:
        paragraph["anchor"] = anchor(paragraph["number"])
    starts = [p.start for p in paragraphs]
    for key in _FACT_LISTS:
        for fact in data.get(key) or []:
            offset = _fact_start(fact)
            i = bisect_right(starts, offset) - 1
            if offset >= 0 and i >= 0 and offset < paragraphs[i].end:
                fact["in_paragraph"] = paragraphs[i].number


# The lists whose JSON form is their dataclass's own fields (``Extraction.from_dict`` builds them
# back); periods are too, read by ``Period.from_dict``, which also reads their older form.
_FACT_CLASSES = {"referenced_case_numbers": CitedCase, "decision_refs": DecisionRef, "amounts": Amount,
                 "funding": Funding, "parties": Party, "organisations": Party, "people": Person, "meetings": Meeting,
                 "paragraphs": Paragraph, "pages": Page}
