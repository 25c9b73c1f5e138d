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

>>> page_of({"pages": [{"number": 1, "start": 0}, {"number": 2, "start": 120}]}, 130)
2
"""

from __future__ import annotations

import bisect
from dataclasses import asdict, dataclass, field
from typing import Optional

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


def page_of(e: dict, offset: Optional[int]) -> Optional[int]:
    """The page an offset falls on, from the extraction's pages (1 for a text without pages)."""
    pages = e.get("pages") or []
    if offset is None:
        return None
    if not pages:
        return 1
    starts = [p["start"] for p in pages]
    return pages[max(bisect.bisect_right(starts, offset) - 1, 0)]["number"]
