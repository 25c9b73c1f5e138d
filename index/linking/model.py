"""A typed link between two cases or documents: its types, the record, and the page its
evidence stands on.

Every module of :mod:`index.linking` that finds links (:mod:`~index.linking.links` from case
numbers, :mod:`~index.linking.agreements` from agreements and cited decisions,
:mod:`~index.linking.refresh` for the changed documents) makes :class:`Link` records; the
lineage reads them back from the store as dicts (:meth:`Link.to_dict`).

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


def page_of(e: Extraction, offset: Optional[int]) -> Optional[int]:
    """The page an offset falls on, from the extraction's pages (1 for a text without pages)."""
    if offset is None:
        return None
    page = e.page_at(offset)
    return page.number if page else 1
