"""The document text cut into plain and marked pieces, one mark per extracted fact.

Facts are read from an :class:`~extractor.model.Extraction`; each carries character offsets
into the stored text (``start``/``end``; a protocol paragraph is marked by its head). Marks nest when one fact lies inside another (a case number inside a planned
meeting); a fact that only partly overlaps an earlier one is left out of the text (it is
still in the facts table), so the marks always form a tree that HTML can hold.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Optional

from extractor.model import Extraction

# Fact lists of an extraction, the kind each is shown as, and the Swedish label of the kind.
KINDS = {
    "paragraphs": ("paragraph", "paragraf"),
    "own_case_numbers": ("case", "eget diarienummer"),
    "referenced_case_numbers": ("case", "hänvisat diarienummer"),
    "org_numbers": ("orgnr", "organisationsnummer"),
    "parties": ("party", "part"),
    "funding": ("funding", "finansiering"),
    "amounts": ("amount", "belopp"),
    "periods": ("period", "period"),
    "decision_refs": ("decision", "beslut"),
    "meetings": ("meeting", "möte"),
    "people": ("person", "person"),
}


@dataclass
class Fact:
    """One fact of a document, as shown: where it is, what it is, where it leads."""

    number: int
    kind: str
    label: str
    start: int
    end: int
    value: str
    detail: str = ""
    evidence: str = ""
    href: Optional[str] = None
    name: Optional[str] = None  # the fragment naming it on the page, when it has its own

    @property
    def anchor(self) -> str:
        return self.name or f"f{self.number}"


@dataclass
class Piece:
    """Plain text (``fact`` is None) or one marked fact holding its own pieces."""

    text: str = ""
    fact: Optional[Fact] = None
    children: list["Piece"] = field(default_factory=list)


def facts_of(extraction: Extraction, link: Callable[[str, object], Optional[str]]) -> list[Fact]:
    """Every fact of an extraction with a span, in text order; ``link(kind, fact)`` gives its URL."""
    facts = []
    for key, (kind, label) in KINDS.items():
        for item in getattr(extraction, key):
            head = key == "paragraphs" and item.head_end >= 0
            end = item.head_end if head else item.end  # a protocol paragraph is marked by its head
            value, detail, evidence = _describe(key, item, extraction)
            name = item.anchor if key == "paragraphs" else None
            facts.append(Fact(0, kind, label, item.start, end, value, detail, evidence, link(kind, item), name))
    facts.sort(key=lambda f: (f.start, -f.end))
    for number, fact in enumerate(facts, 1):
        fact.number = number
    return facts


def pieces(text: str, facts: list[Fact]) -> list[Piece]:
    """The text as a tree of pieces; facts outside the text or crossing another are skipped."""
    root = Piece()
    stack: list[tuple[Piece, int]] = [(root, len(text))]
    position = 0
    for fact in sorted(facts, key=lambda f: (f.start, -f.end)):
        if not 0 <= fact.start < fact.end <= len(text):
            continue
        while len(stack) > 1 and stack[-1][1] <= fact.start:
            position = _close(stack, text, position)
        if fact.end > stack[-1][1] or fact.start < position:
            continue  # crosses the mark that is open (or one just closed)
        _append_text(stack[-1][0], text[position:fact.start])
        piece = Piece(fact=fact)
        stack[-1][0].children.append(piece)
        stack.append((piece, fact.end))
        position = fact.start
    while len(stack) > 1:
        position = _close(stack, text, position)
    _append_text(root, text[position:])
    return root.children


def shown(tree: list[Piece]) -> set[int]:
    """Numbers of the facts marked in the text (the others are only in the facts table)."""
    found = set()
    for piece in tree:
        if piece.fact is not None:
            found.add(piece.fact.number)
            found |= shown(piece.children)
    return found


def _close(stack, text: str, position: int) -> int:
    piece, end = stack.pop()
    _append_text(piece, text[position:end])
    return end


def _append_text(parent: Piece, text: str) -> None:
    if text:
        parent.children.append(Piece(text=text))


def _describe(key: str, item, extraction: Extraction) -> tuple[str, str, str]:
    """``(value, detail, evidence)`` of one fact, in words for the facts table."""
    if key == "referenced_case_numbers":
        return item.number, _RELATIONS.get(item.relation, item.relation or ""), item.evidence or ""
    if key == "own_case_numbers":
        return item.number, "dokumentets eget", item.text or ""
    if key == "org_numbers":
        return item.number, item.name or "", ""
    if key == "parties":
        return item.name, item.org_number or "", ", ".join(item.aliases)
    if key == "funding":
        period = " – ".join(item.period or ())
        return f"{format_amount(item.amount)} kr", f"{item.payer}, {_BASES.get(item.basis, item.basis)} {period}".strip(), ""
    if key == "amounts":
        return f"{format_amount(item.value)} kr", "", item.text or ""
    if key == "periods":
        return f"{item.start_date} – {item.end_date}", "", item.text
    if key == "decision_refs":
        paragraph = f", § {item.paragraph}" if item.paragraph else ""
        return f"{item.body} {item.date}{paragraph}", "", ""
    if key == "paragraphs":
        pages = extraction.paragraph_pages(item)
        where = f"s. {pages[0]}" + (f"–{pages[1]}" if pages[1] != pages[0] else "") if pages else ""
        return item.number, item.heading or "", ", ".join([where, *item.case_numbers]).strip(", ")
    if key == "meetings":
        return item.body, item.date, ""
    return item.name, item.title or "", ""


def format_amount(value) -> str:
    """``1260000`` as ``1 260 000`` (a no-break space between thousands, as Swedish writes it)."""
    try:
        return f"{int(value):,}".replace(",", "\u00a0")
    except (TypeError, ValueError):
        return str(value)


_RELATIONS = {
    "predecessor": "föregående avtal",
    "earlier_in_lineage": "tidigare i kedjan",
    "guideline": "riktlinje",
    "related": "relaterat",
}
_BASES = {"per_year": "per år", "total": "totalt", "one_off": "engångs"}
