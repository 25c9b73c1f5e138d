"""A typed link between two cases or documents: its types, the record, and the page its
evidence stands on.

Every module of :mod:`index.linking` that finds links (:mod:`~index.linking.links` from case
numbers, :mod:`~index.linking.agreements` from agreements and cited decisions,
:mod:`~index.linking.refresh` for the changed documents) makes :class:`Link` records; the
store keeps them in their JSON form (:meth:`Link.to_dict`), and the lineage reads that back as
:class:`StoredLink` records, each with its :class:`Evidence` and the :class:`Statement` it
makes about each case it names.

``extends``         the source is an extension (förlängning) of the target
``replaces``        the source is a new agreement after the target
``predecessor``     the target came before in the same lineage, kind not stated
``guideline``       the rules the source decision follows
``related``         another case about the same party or activity, not part of the lineage
``same_agreement``  a document (or another authority's case) about the target's agreement

>>> from extractor.model import Extraction
>>> page_of(Extraction.from_dict({"pages": [{"number": 1, "start": 0, "end": 120}, {"number": 2, "start": 120, "end": 300}]}), 130)
2
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Optional

from extractor.model import Extraction

LINEAGE_TYPES = ("extends", "replaces", "predecessor")
TYPES = LINEAGE_TYPES + ("guideline", "related", "same_agreement")


@dataclass
class Link:
    source: str
    target: str
    type: str
    confidence: float
    evidence: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        return asdict(self)

    @property
    def own_number(self) -> bool:
        """Whether this is a document's link to its own case (a case number it carries)."""
        return bool(self.evidence.get("own_number"))


@dataclass
class Statement:
    """What a document states about one case in a link's evidence: the period it gives it, the
    kind of step it was, the amounts written beside it, and the authority and body deciding it."""

    period: Optional[list] = None
    kind: Optional[str] = None
    amounts: list = field(default_factory=list)
    authority: Optional[str] = None
    decided_by: Optional[str] = None

    @classmethod
    def from_dict(cls, data: Optional[dict]) -> "Statement":
        """A statement in its JSON form; keys it does not hold are unknown (None, no amounts)."""
        data = data or {}
        return cls(data.get("period"), data.get("kind"), list(data.get("amounts") or []), data.get("authority"),
                   data.get("decided_by"))


@dataclass
class Evidence:
    """Where a link comes from: the document, page and sentence; whether it is the document's
    own number; what it states about the cases it names (``facts``); and the evidence of the
    same link found again (``also``)."""

    document: Optional[str] = None
    page: Optional[int] = None
    sentence: Optional[str] = None
    own_number: bool = False
    facts: dict = field(default_factory=dict)  # case or node -> Statement
    also: list = field(default_factory=list)  # Evidence

    @classmethod
    def from_dict(cls, data: dict) -> "Evidence":
        """Evidence in its stored JSON form (the keys a link of its kind holds; the others unknown)."""
        return cls(data.get("document"), data.get("page"), data.get("sentence"), bool(data.get("own_number")),
                   {node: Statement.from_dict(facts) for node, facts in (data.get("facts") or {}).items()},
                   [cls.from_dict(also) for also in data.get("also") or []])

    def about(self, node: str) -> Statement:
        """What this evidence states about ``node`` (nothing known when it does not name it)."""
        return self.facts.get(node) or Statement()


@dataclass
class StoredLink:
    """A link as the store gives it back: its ends, type and confidence, and its evidence read."""

    source: str
    target: str
    type: str
    confidence: float
    evidence: Evidence

    @classmethod
    def from_dict(cls, data: dict) -> "StoredLink":
        return cls(data["source"], data["target"], data["type"], data["confidence"], Evidence.from_dict(data["evidence"]))

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.source, self.target, self.type)


def page_of(e: Extraction, offset: Optional[int]) -> Optional[int]:
    """The page an offset falls on, from the extraction's pages (1 for a text without pages)."""
    if offset is None:
        return None
    page = e.page_at(offset)
    return page.number if page else 1
