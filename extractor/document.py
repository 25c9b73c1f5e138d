"""What a document is: its type, title, own date and the body that decides it.

- Type: a cue line near the top (``Tjänsteskrivelse``, ``Protokoll``, ``Ordförandens förslag``),
  else the first word of the title (``Överenskommelse om ...``); cues in ``data/documents.json``.
- Title: the first paragraph after the header labels (``Datum``, ``Vår referens`` and the
  lines under them, the type line), with the document's own case number taken off.
- Date: the date under or after a ``Datum`` label in the header, or on the type line
  (``Beslutsförslag 2020-02-05``); none when the text has none.
- Decided by: the first committee in the proposal (``Förslag till beslut``) that the
  proposal makes act (``... godkänner``), else the first committee the text says is to decide.
"""

from __future__ import annotations

import re
from typing import Optional

from extractor import dates, vocab
from extractor.model import CaseNumber
from extractor.organisations import Mention
from extractor.sections import Sections

_LABEL_BLOCKS = ("vår referens", "er referens", "handläggare", "kontaktperson", "datum", "diarienummer", "dnr",
                 "vår beteckning", "sida", "dokumentnamn", "dokumentdatum", "till", "från", "kopia")
# Labels that also open a line with their value after them ("Kontaktperson: Sara Lindahl").
_LABEL_PREFIXES = _LABEL_BLOCKS[:8]
_EMAIL_OR_PHONE = re.compile(r"@|^(?:tel|telefon|mobil)\b|^\+?\d[\d\s-]{6,}$", re.I)
# Letterhead and addressee lines above the title: the authority, its office, the committee addressed.
_LETTERHEAD = re.compile(r"(?i)^(?:region\s+\S+|.*(?:kommun|\bstad|regionen|förvaltningen|kontoret|nämnden|"
                         r"styrelsen|fullmäktige|landsting))$")
_DECIDES = re.compile(r"\s+(?:föreslås\s+)?(?:godkänner|beslutar|ingår|avsätter|antar|uppdrar|beviljar|"
                      r"tillstyrker|fastställer|föreslår|besluta|godkänna)\b")


def document_type(text: str, header_end: int) -> Optional[str]:
    types = vocab.load("documents")["types"]
    lines = [ln.strip().casefold() for ln in text[:max(header_end, 400)].splitlines() if ln.strip()]
    for line in lines[:12]:
        for kind, cues in types.items():
            if any(line == cue or re.match(rf"(?:\d+\.\s*)?{re.escape(cue)}\b(?!\s+(?:om|till|för|med|av))", line)
                   for cue in cues if kind != "överenskommelse"):
                return kind
    title = title_lines(text, header_end)
    first = title[0].casefold() if title else ""
    for kind, cues in types.items():
        if any(first.startswith(cue) for cue in cues):
            return kind
    return None


def title_lines(text: str, header_end: int) -> list[str]:
    """The lines of the title paragraph."""
    lines = text[:max(header_end, 600)].split("\n")
    title: list[str] = []
    skip_block = False
    for raw in lines:
        line = raw.strip()
        if not line:
            if title:
                break
            continue
        low = line.casefold().rstrip(":")
        in_block = skip_block and len(line.split()) <= 3
        if title == [] and (_is_label(low) or in_block or _is_type_line(low) or dates.parse(line) or _EMAIL_OR_PHONE.search(line)):
            skip_block = low in _LABEL_BLOCKS or in_block or (skip_block and bool(_EMAIL_OR_PHONE.search(line)))
            continue
        if title == [] and low in set(vocab.words("documents", "headings")):
            break
        if title == [] and _LETTERHEAD.search(line) and len(line.split()) <= 5:
            continue
        title.append(line)
    return title


def title(text: str, header_end: int, own: list[CaseNumber]) -> tuple[Optional[str], tuple[int, int]]:
    lines = title_lines(text, header_end)
    if not lines:
        return None, (0, 0)
    joined = " ".join(" ".join(lines).split())
    for c in own:
        joined = joined.replace(" ".join(c.text.split()), " ").replace(c.number, " ")
    cleaned = " ".join(joined.split()).strip(" -–,")
    start = text.find(lines[0])
    end = text.find(lines[-1], start) + len(lines[-1])
    return (cleaned or None), (start, end)


def own_date(text: str, header_end: int) -> Optional[str]:
    head = text[:max(header_end, 400)]
    labels = "|".join(re.escape(w) for w in vocab.words("documents", "date_labels"))
    types = "|".join(re.escape(c) for cues in vocab.load("documents")["types"].values() for c in cues)
    searches = (
        (rf"(?im)^[ \t]*(?:{labels})[ \t]*:?[ \t]*\n?(?:[ \t]*\n)*[ \t]*(?P<d>[^\n]+)", head),  # under "Datum"
        (rf"(?im)^[ \t]*(?:\d+\.\s*)?(?:{types})[ \t]+(?P<d>(?:19|20)\d\d-\d\d-\d\d)", text),  # "Beslutsförslag 2020-02-05"
    )
    for pattern, where in searches:
        for m in re.finditer(pattern, where):
            found = dates.find(m.group("d"))
            if found and found[0].iso and found[0].start == 0:
                return found[0].iso
    for line in head.split("\n")[:12]:  # a date alone on a line of the letterhead
        iso = dates.parse(line)
        if iso:
            return iso
    return None


def decided_by(text: str, committees: list[Mention], sections: Sections) -> Optional[Mention]:
    proposal = sections.named(vocab.words("documents", "proposal_sections"))
    for s in proposal[:1]:
        inside = [m for m in committees if s.body <= m.start < s.end]
        acting = [m for m in inside if _DECIDES.match(text, m.end)]
        if acting or inside:
            return (acting or inside)[0]
    for m in committees:
        if _DECIDES.match(text, m.end):
            return m
    return None


def _is_label(line: str) -> bool:
    return line in _LABEL_BLOCKS or any(line.startswith(f"{lbl} ") or line.startswith(f"{lbl}:") for lbl in _LABEL_PREFIXES)


def _is_type_line(line: str) -> bool:
    types = vocab.load("documents")["types"]
    return any(line == cue for kind, cues in types.items() for cue in cues if kind != "överenskommelse")
