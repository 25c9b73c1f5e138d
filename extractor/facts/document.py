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

import itertools
import re
from functools import lru_cache
from typing import Optional

from extractor.facts import dates, names, paragraphs, people
from extractor.identifiers import diarienummer
from extractor.reading import textclean
from extractor import vocab
from extractor.model import CaseNumber
from extractor.facts.organisations import Mention, committee_name, state_bodies
from extractor.facts.sections import Sections

# Letterhead labels (``data/documents.json``); some also open a line with their value after them.
# labels with their value after them: a letterhead's, the addressee's reference ("Er beteckning:
# S2024/00411"), a party's role in an agreement's table of parties ("Säljare  Helsingborgs stad")
_LABEL_PREFIXES = (*vocab.words("documents", "header_labels_with_value"),
                   *vocab.load("case_numbers")["their_reference_labels"]["labels"],
                   *vocab.words("documents", "party_role_labels"))
_LABEL_BLOCKS = frozenset(_LABEL_PREFIXES + vocab.words("documents", "header_labels"))
_EMAIL_OR_PHONE = re.compile(rf"@|^(?:{vocab.alternation('documents', 'phone_labels')})\b|^\+?\d[\d\s-]{{6,}}$", re.I)
# Letterhead and addressee lines above the title: the authority, its office, the committee addressed.
_LETTERHEAD = re.compile(r"(?i)^(?:region\s+\S+|.*(?:kommun|\bstad|regionen|förvaltningen|kontoret|nämnden|"
                         r"styrelsen|fullmäktige|landsting))$")
# after a committee's name, with its municipality or not: "Socialnämnden i Kristianstads kommun tillstyrker"
_DECIDES = re.compile(rf"(?:{names.PLACE.pattern})?\s+(?:föreslås\s+)?(?:{vocab.alternation('documents', 'deciding_verbs')})\b")


def document_type(text: str, header_end: int) -> str:
    """The document's type (``data/documents.json``), ``annat`` when nothing tells."""
    data = vocab.load("documents")
    top = text[:1500].casefold()
    for kind, markers in data["type_markers"].items():
        if any(m in top for m in markers):
            return kind
    lines = [ln for ln in text[:max(header_end, 3000)].splitlines() if ln.strip()]
    cue = _type_cue(lines)
    if cue == "protokollsutdrag":
        return cue
    heads = _decision_paragraphs(text)
    if heads and (cue in (None, "protokoll", "beslut") or _is_protocol_cover(lines)):
        opens_with_head = any(re.match(diarienummer.PARAGRAPH_HEAD, line) for line in lines[:_EXTRACT_HEAD_LINES])
        return "protokollsutdrag" if len(heads) == 1 and opens_with_head else "protokoll"
    if cue is None and _is_protocol_cover(lines):
        return "protokoll"
    if cue:
        return cue
    title = title_lines(text, header_end)
    first = title[0].casefold() if title else ""
    for kind, cues in data["types"].items():
        if any(first == cue or first.startswith(cue + " ") for cue in cues):
            return kind
    memo = data["memo_signs"]
    labelled = any(ln.strip().casefold().rstrip(":") in memo["labels"] for ln in lines[:25])
    if labelled and re.search(rf"(?im)^[ \t]*(?:{'|'.join(map(re.escape, memo['sections']))})[ \t]*:?[ \t]*$", text):
        return memo["type"]
    return "annat"


# A page label, a date or "Sida 1 av 3" after the type word on its line.
_AFTER_TYPE = re.compile(r"(?:\s+(?:\d+\s*\(\s*\d+\s*\)|sida\s+\d+.*|(?:19|20)\d\d-\d\d-\d\d|nr\s*\d+.*))+$")
# The authority or office that a letterhead cell names before the type word; a state agency by
# its name ("Riksrevisionen GRANSKNINGSRAPPORT", columns run together in a PDF's text).
@lru_cache(maxsize=1)
def _before_type() -> re.Pattern:
    agencies = "|".join(re.escape(body["name"].casefold()) for body in state_bodies())
    # (a county board's second letterhead line is its county: "DALARNAS LÄN  BESLUT")
    return re.compile(r"^(?:\[[^\]]*\]\s*)?(?:.*?(?:\b(?:kommun|stad|region\s+\S+(?:\s+län)?|regionen|landsting|[a-zåäö]+s\s+län)|"
                      rf"(?:nämnden|styrelsen|fullmäktige|{vocab.alternation('documents', 'agency_nouns')})|^(?:{agencies}))\b[\s,]*)?")


def _type_cue(lines: list[str]) -> Optional[str]:
    """The type a letterhead cell or type line names: in any case among the first lines, and in
    capitals alone on a line further down (``DOM`` under a court's cover letter)."""
    types = vocab.load("documents")["types"]
    title_only = set(vocab.load("documents")["title_only_types"])
    opening = _type_openings()
    for number, line in enumerate(lines[:40]):
        for cell in re.split(r"\s{2,}|\t", line.strip()):
            if number >= _TYPE_LINES and not (cell.isupper() and len(cell.split()) <= 3):
                continue
            low = _AFTER_TYPE.sub("", _before_type().sub("", cell.strip().casefold(), count=1)).strip(" ,:")
            for kind, cues in types.items():
                exact = kind in title_only or number >= _TYPE_LINES
                if low in cues or (not exact and opening[kind].match(low)):
                    return kind
    return None


@lru_cache(maxsize=1)
def _type_openings() -> dict[str, re.Pattern]:
    """Per type, a cell that opens with one of its cues (``1. Tjänsteskrivelse``), not with a
    cue that names a subject (``beslut om``, ``avtal med``)."""
    return {kind: re.compile(rf"(?:\d+\.\s*)?(?:{'|'.join(re.escape(cue) for cue in cues) or '(?!)'})\b(?!\s+(?:om|till|för|med|av)\b)")
            for kind, cues in vocab.load("documents")["types"].items()}


_TYPE_LINES = 15
# An extract opens with its paragraph, under at most a letterhead's lines.
_EXTRACT_HEAD_LINES = 4


def _decision_paragraphs(text: str) -> set[str]:
    """The paragraphs (``§ 57``) whose head line carries a case number: a protocol's decisions."""
    heads = set()
    for m in re.finditer(diarienummer.PARAGRAPH_HEAD + r"(?P<rest>[^\n]*)", text, re.M):
        if diarienummer.find(m.group()) or re.search(r"(?i)\b(?:dnr|ärendenummer|diarienummer)\b", m.group("rest")):
            heads.add(re.sub(r"\s+", "", m.group()[:m.start("rest") - m.start()]).lstrip("$§"))
    return heads


def _is_protocol_cover(lines: list[str]) -> bool:
    found = {lbl for line in lines[:60] for lbl, label in _cover_labels() if label.match(line)}
    return len(found) >= 3


@lru_cache(maxsize=1)
def _cover_labels() -> list[tuple[str, re.Pattern]]:
    return [(lbl, re.compile(rf"(?i)\s*{re.escape(lbl)}\b\s*:?")) for lbl in vocab.load("documents")["protocol_cover_labels"]]


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
        if title == [] and (_is_label(low) or in_block or _not_a_title_line(line)):
            skip_block = low in _LABEL_BLOCKS or in_block or (skip_block and bool(_EMAIL_OR_PHONE.search(line)))
            continue
        if title == [] and low in set(vocab.words("documents", "headings")):
            break
        if title == [] and _LETTERHEAD.search(line) and len(line.split()) <= 5:
            continue
        title.append(line)
    return title


# A letterhead sets its cells in two columns: a line with a wide gap inside it, or one indented
# into the right column (the addressee, the date), is letterhead and never the title.
_COLUMN_GAP = re.compile(r"\S[ \t]{3,}\S")
RIGHT_COLUMN = 24
TITLE_BLOCK_LINES = 4
_LETTERHEAD_REACH = 400  # characters from the top where a letterhead names its author
_POSTAL_ADDRESS = re.compile(r"^\d{3} ?\d{2}[ \t]+[A-ZÅÄÖ]")  # "103 17 Stockholm": a Swedish postcode and town
_BAR_CELLS = re.compile(r"\S[ \t]+\|[ \t]+\S")  # "Förvaltningen för stöd | Tjänsteskrivelse": a page's running head
_PLACEHOLDER = re.compile(r"^\[[^\]]*\]$|^(?:https?://|www\.)\S+$")  # an image set as text ("[logotyp]"), a web address


def title_block(text: str, header_end: int) -> Optional[list[str]]:
    """The title as a block of its own under the letterhead: the first paragraph above the body
    that is set in one column at the left margin and holds a phrase rather than a name, a label,
    a date or a sentence. A title that a PDF's line spacing broke into several paragraphs is
    joined again where a paragraph ends mid-phrase. ``[]`` when the body starts before any such
    block, ``None`` when the head holds none."""
    head = text[:max(header_end, TITLE_REACH)]
    blocks = [[line for line in block.split("\n") if line.strip()]
              for block in re.split(r"\n[ \t]*\n", head[_type_line_end(head):])]
    letterhead = set(vocab.words("documents", "people_sections"))
    for i, lines in enumerate(blocks):
        if not lines or any(_in_columns(line) for line in lines) or _is_label(lines[0].strip().casefold().rstrip(":")):
            continue  # a letterhead set in columns, or a label with its value under it
        while lines and _not_a_title_line(lines[0].strip()):
            lines = lines[1:]  # the authority's name or address above the title, in one column
        if not lines:
            continue
        stripped = [line.strip() for line in lines]
        first = stripped[0].casefold().rstrip(":")
        if _PARAGRAPH_HEAD.match(lines[0]):
            return []  # an agreement's "§ 1 Överlåtelse": its body starts
        if _is_prose(stripped) and _heads_prose(stripped):
            return stripped[:1]  # a scan lost the blank line between the title and the body's first sentence
        if first in _body_headings() and first not in letterhead or _is_prose(stripped):
            return []  # the body starts: there is no title block above it
        if len(lines) > TITLE_BLOCK_LINES or any(_not_a_title_line(line) for line in stripped):
            continue
        if len(" ".join(stripped).split()) >= 3 and not stripped[-1].endswith((".", ":")):
            for more in blocks[i + 1:]:
                if not (more and len(more) <= 2 and _runs_on(stripped[-1], more[0].strip())
                        and not any(_in_columns(line) or _not_a_title_line(line.strip()) for line in more)):
                    break
                stripped += [line.strip() for line in more]
            return stripped
    return None


def _type_line_end(head: str) -> int:
    """Where the line naming the document's type ends when the letterhead sets the type in
    capitals at a line's start (``YTTRANDE      2023-11-06``): the authority and its unit stand
    above it, the title under it."""
    for n, m in enumerate(_LINE_CELL.finditer(head)):
        if n == _TYPE_LINE_REACH:
            break
        if m.group(1).isupper() and _is_type_line(_AFTER_TYPE.sub("", m.group(1).casefold())):
            return m.end()
    return 0


_LINE_CELL = re.compile(r"(?m)^[ \t]*(\S+(?: \S+)*)[^\n]*$")  # a line's first cell
_TYPE_LINE_REACH = 8  # lines: a letterhead's
TITLE_REACH = 1500
TITLE_LINE_MAX = 300


def _in_columns(raw: str) -> bool:
    """Set in the letterhead's columns, or longer than any title line."""
    return bool(len(raw) > TITLE_LINE_MAX or _COLUMN_GAP.search(raw.strip()) or len(raw) - len(raw.lstrip()) >= RIGHT_COLUMN)


_PARAGRAPH_HEAD = re.compile(diarienummer.PARAGRAPH_HEAD)


def _heads_prose(lines: list[str]) -> bool:
    """The block's first line is a title over prose that starts on the next line: it ends without
    a sentence's or a list's punctuation, and the next line starts a sentence of its own."""
    first = lines[0]
    return (len(lines) >= 2 and 3 <= len(first.split()) <= TITLE_MAX_WORDS and not re.search(r"[.,;:]$|\.\s+[A-ZÅÄÖ]", first)
            and first[:1].isupper() and lines[1][:1].isupper())


TITLE_MAX_WORDS = 25


def _is_prose(lines: list[str]) -> bool:
    return lines[-1].endswith(".") and len(" ".join(lines).split()) >= 10


def _runs_on(last: str, following: str) -> bool:
    """A title line ends mid-phrase: the next paragraph starts in lower case or with a number,
    the line ends on a connective or an open parenthesis, or on a name in the genitive
    (``Göteborgs`` / ``Stads verksamheter``)."""
    words = last.split()
    numbered = re.match(r"\d+\.?\s+[A-ZÅÄÖ]", following)  # "1. Parter": the body's first heading
    return bool(following[:1].islower() or (following[:1].isdigit() and not numbered) or last.count("(") > last.count(")")
                or words[-1].casefold() in _CONNECTIVES or last.endswith(("-", "–", ","))
                or (words[-1][:1].isupper() and words[-1].endswith("s") and following[:1].isupper()
                    and not following.endswith(".")))


_CONNECTIVES = frozenset("och samt eller av för om i med till på från mellan gällande avseende angående över vid inom".split())


@lru_cache(maxsize=1)
def _body_headings() -> frozenset[str]:
    return frozenset(vocab.words("documents", "headings"))


def _not_a_title_line(line: str) -> bool:
    low = line.casefold().rstrip(":")
    return bool(_is_label(low) or _is_type_line(low) or _dates_a_line(line) or _EMAIL_OR_PHONE.search(line)
                or low.split(maxsplit=1)[0] in vocab.words("documents", "address_labels") or _POSTAL_ADDRESS.match(line)
                or _PLACEHOLDER.match(line) or _BAR_CELLS.search(line) or _street().fullmatch(line)
                or (_LETTERHEAD.search(line) and len(line.split()) <= 5)
                or (_unit_line().match(line) and len(line.split()) <= 6) or _person_line(line)
                or bool(_body_name().fullmatch(line)))


@lru_cache(maxsize=1)
def _street() -> re.Pattern:
    """A street address: ``Åsgatan 12``, ``Stora Torget 3 B``, ``Kungsvägen 7, 2 tr``."""
    endings = vocab.alternation("documents", "street_endings")
    return re.compile(rf"(?:[A-ZÅÄÖ][\wåäö-]*[ \t]+){{0,2}}[A-ZÅÄÖ]?[\wåäö-]*(?i:{endings})[ \t]+\d{{1,3}}(?:[ \t]?[A-Za-z])?(?:,[^\n]{{0,12}})?")


@lru_cache(maxsize=1)
def _body_name() -> re.Pattern:
    """A line that is a court's or a state body's name and nothing else (``Förvaltningsrätten i
    Uppsala`` above a statement to it): an addressee, never a title."""
    courts = "|".join(re.escape(c) for c in vocab.words("documents", "courts"))
    bodies = "|".join(re.escape(b["name"]) for b in sorted(state_bodies(), key=lambda b: -len(b["name"])))
    return re.compile(rf"(?i)[ \t]*(?:(?:{courts})(?:[ \t]+i[ \t]+[A-ZÅÄÖ][a-zåäö]+)?|{bodies})[ \t]*")


# "Sara Lindqvist, utvecklingsstrateg": the official who wrote the document, in the letterhead
_PERSON_LINE = re.compile(r"[A-ZÅÄÖ][a-zåäöé]+(?:[ -][A-ZÅÄÖ][a-zåäöé]+){1,3}[ \t]*,[ \t]*(?P<role>[a-zåäö][\wåäö .-]*)")


def _person_line(line: str) -> bool:
    m = _PERSON_LINE.fullmatch(line)
    return bool(m and people.is_title(m.group("role")))


_TITLE_WORDS_BESIDE_A_DATE = 4  # "Protokoll från kommunstyrelsens sammanträde 2023-06-12" is a title


def _dates_a_line(line: str) -> bool:
    """A line that is one date, or a date with a few words that place or label it (``Göteborg
    2024-04-09``, ``Sammanträdesdatum 2025-02-10``), not a phrase that names what happened on it."""
    found = dates.find(line)
    if len(found) != 1 or not found[0].iso:
        return False
    rest = line[:found[0].start] + " " + line[found[0].end:]
    return len(re.findall(r"[^\W\d_]+", rest)) < _TITLE_WORDS_BESIDE_A_DATE


@lru_cache(maxsize=1)
def _unit_line() -> re.Pattern:
    """The line of an authority's unit in a letterhead: ``Avdelningen för stadsdelsstöd``,
    ``Koncernstab regional utveckling``, ``Kommunstyrelsens förvaltning``, ``Ledningsstaben``."""
    nouns = vocab.alternation("documents", "unit_nouns")
    return re.compile(rf"(?i)(?:{vocab.alternation('documents', 'unit_line_leads')})\s"
                      rf"|\w*(?:{nouns})(?:\s|$)|.*\s\w*(?:{nouns})$")


def audit_subject(text: str) -> Optional[tuple[str, tuple[int, int]]]:
    """An audit report's subject as it states it (``Revisorerna har granskat X.``), for a report
    with no title block: the first sentence with the most preferred cue, the subject up to the
    sentence's end (at most ``_AUDIT_SUBJECT_WORDS`` words; a line break inside it is a space),
    begun with a capital as a title is."""
    for cue in vocab.load("documents")["audit_subject_cues"]:  # in order of preference
        words = r"\s+".join(re.escape(w) for w in cue.split())
        m = re.search(rf"(?i)(?<![\wåäö]){words}\s+(?P<s>[^\W\d_][^.;:!?]{{3,200}}?)\.", text)
        if m and len(m.group("s").split()) <= _AUDIT_SUBJECT_WORDS:
            subject = " ".join(m.group("s").split())
            return subject[:1].upper() + subject[1:], m.span("s")
    return None


_AUDIT_SUBJECT_WORDS = 14


def judgment_title(text: str, own: list[CaseNumber]) -> Optional[tuple[str, tuple[int, int]]]:
    """A judgment's title the way it is cited: ``Dom, Förvaltningsrätten i Falun, mål nr 3311-24
    (laglighetsprövning enligt kommunallagen)``. The court is the one whose decision the judgment
    states (``FÖRVALTNINGSRÄTTENS AVGÖRANDE``) or, failing that, the one in its letterhead; its
    seat is where the judgment was given (``Meddelad i Falun``) or stands under the court's name
    (``I FALUN``); the subject is the line under ``SAKEN``. ``None`` when any part is missing."""
    headings = "|".join(re.escape(h) for h in vocab.words("documents", "judgment_subject_headings"))
    subject = re.search(rf"(?im)^[ \t]*(?:{headings})[ \t]*:?[ \t]*\n[ \t]*(?P<s>\S[^\n]*)", text)
    courts = "|".join(re.escape(c) for c in vocab.words("documents", "courts"))
    court = (re.search(rf"(?im)^[ \t]*(?P<c>{courts})s[ \t]+avgörande[ \t]*$", text)
             or re.search(rf"(?i)(?<!\w)(?P<c>{courts})\b", text[:_LETTERHEAD_REACH]))
    if not (subject and court and own):
        return None
    name = court.group("c").capitalize()
    if not name.startswith("Högsta"):  # the supreme courts have no seat in their name
        seat = (re.search(r"(?<!\w)Meddelad[ \t]+i[ \t]+(?P<seat>[A-ZÅÄÖ]\w+)", text)
                or re.search(rf"(?i)(?<!\w){re.escape(court.group('c'))}[ \t]*\n?[ \t]*i[ \t]+(?P<seat>[A-ZÅÄÖ]\w+)", text))
        if not seat:
            return None
        name = f"{name} i {seat.group('seat').capitalize()}"
    about = re.sub(r"\s*\((?:SFS\s*)?\d{4}:\d+\)", "", subject.group("s")).strip().rstrip(".")
    about = about[:1].lower() + about[1:] if about[1:2].islower() else about
    return f"Dom, {name}, mål nr {own[0].number} ({about})", subject.span("s")


def title(text: str, header_end: int, own: list[CaseNumber]) -> tuple[Optional[str], tuple[int, int]]:
    lines = title_block(text, header_end)
    lines = title_lines(text, header_end) if lines is None else lines
    if not lines:
        return _agreement_heading(text)
    heading = _heading_in_columns(text, lines[0])
    if heading:
        lines = [heading[0]] + lines[1:]
    joined = " ".join(" ".join(lines).split())
    for c in own:
        joined = joined.replace(" ".join(c.text.split()), " ").replace(c.number, " ")
    cleaned = " ".join(re.sub(r"\(\s*\)", " ", joined).split()).strip(" -–,")  # "(KS/2022:412)" taken out
    last = diarienummer.find(cleaned)[-1:]
    if last and last[0].end == len(cleaned) and cleaned[:last[0].start].rstrip().endswith(","):
        cleaned = cleaned[:last[0].start].rstrip(" ,")  # "..., S2020/05361": the addressee's reference
    cleaned = paragraphs.without_subject_label(cleaned)
    start = heading[1] if heading else text.find(lines[0])
    end = text.find(lines[-1], start) + len(lines[-1])
    return (cleaned or None), (start, end)


def _heading_in_columns(text: str, first: str) -> Optional[tuple[str, int]]:
    """An agreement's heading set in the letterhead's left column, its kind in capitals and the
    lines under it going on in lower case (``ÖVERENSKOMMELSE      Dnr: …`` / ``om idéburet
    offentligt partnerskap      Bilaga 1``), over a title block that goes on from it (``Mellan
    Eskilstuna kommun och …``, its first word one of ``title_run_on_words``): the heading's
    cells, the kind capitalised and the block's first word in lower case, and where it starts."""
    at = text.find(first)
    words = first.split(maxsplit=1)
    if at < 0 or len(words) < 2 or words[0].casefold() not in vocab.words("documents", "title_run_on_words"):
        return None
    cells = list(_LINE_CELL.finditer(text, 0, at))
    kinds = {cue for kind in ("avtal", "överenskommelse") for cue in vocab.load("documents")["types"][kind]}
    for i, m in enumerate(cells[:_HEAD_LINES]):
        if m.group(1).isupper() and m.group(1).casefold() in kinds:
            below = [c.group(1) for c in cells[i + 1:]]
            if not all(c[:1].islower() for c in below) or text[cells[-1].end():at].count("\n") > 3:
                return None  # the heading's lines run on in lower case, right over the block
            lowered = f"{words[0].lower()} {words[1]}"
            return " ".join([m.group(1).capitalize()] + below + [lowered]), m.start(1)
    return None


_HEAD_LINES = 5
_LINE = re.compile(r"(?m)^[ \t]*(\S[^\n]*?)[ \t]*$")  # a line with text, without its margins


def _agreement_heading(text: str) -> tuple[Optional[str], tuple[int, int]]:
    """An agreement headed by its kind alone (``KÖPEAVTAL`` over its table of parties): that kind
    is its title (``Köpeavtal``)."""
    kinds = {cue for kind in ("avtal", "överenskommelse") for cue in vocab.load("documents")["types"][kind]}
    for m in itertools.islice(_LINE.finditer(text, 0, TITLE_REACH), _HEAD_LINES):
        if m.group(1).casefold() in kinds:
            return m.group(1).capitalize(), m.span(1)
    return None, (0, 0)


@lru_cache(maxsize=1)
def _own_date_patterns() -> tuple[re.Pattern, re.Pattern]:
    """The date under a date label (``Datum``), and the date after or under a type word
    (``Beslutsförslag 2020-02-05``, ``DOM`` / ``2021-06-30``)."""
    labels = "|".join(re.escape(w) for w in vocab.words("documents", "date_labels"))
    types = "|".join(re.escape(c) for cues in vocab.load("documents")["types"].values() for c in cues)
    return (re.compile(rf"(?im)^[ \t]*(?:{labels})[ \t]*:?[ \t]*\n?(?:[ \t]*\n)*[ \t]*(?P<d>[^\n]+)"),
            re.compile(rf"(?im)^[ \t]*(?:\d+\.\s*)?(?:{types})[ \t]*(?:[ \t]|\n[ \t]*)(?P<d>(?:19|20)\d\d-\d\d-\d\d)"))


def own_date(text: str, header_end: int, protocol: bool = False) -> Optional[str]:
    """The document's own date; a protocol's is its meeting's (``Sammanträdesdatum``)."""
    if protocol and (meeting := _meeting_date(text)):
        return meeting
    head = text[:max(header_end, 400)]
    if protocol:  # a protocol's letterhead ends at its first paragraph; a list under it dates others
        first = re.search(diarienummer.PARAGRAPH_HEAD, head, re.M)
        head = head[:first.start()] if first else head
    under_label, after_type = _own_date_patterns()
    for pattern, where in ((under_label, head), (after_type, head if protocol else text)):
        for m in vocab.finditer(pattern, where):
            found = dates.find(m.group("d"))
            if found and found[0].iso and found[0].start == 0:
                return found[0].iso
    previous = ""
    for line in head.split("\n")[:12]:  # a date alone on a line of the letterhead
        iso = dates.parse(line)
        stamped = _RECEIVED.match(line) or (_RECEIVED.match(previous) and not previous.split()[1:])
        if iso and not _SENTENCE.search(line) and not stamped:  # not "Ärendet bordläggs till sammanträdet den …"
            return iso
        previous = line if line.strip() else previous
    meeting = _meeting_date(text)
    if meeting:
        return meeting
    return _signed_date(text)


# a registry's stamp of the day the document came in ("Inkom 2025-03-04", "ANKOM" / "2025-03-04")
_RECEIVED = re.compile(rf"(?i)[ \t]*(?:{vocab.alternation('documents', 'received_stamp_labels')})(?![\wåäö])")


def _signed_date(text: str) -> Optional[str]:
    """The date a letter or agreement is signed under: ``Göteborg den 9 april 2024``; of an
    agreement's signatures side by side on one line (``Umeå 2025-03-27    Umeå 2025-04-02``), the
    later one, when the last party signed and the agreement was made."""
    not_places = vocab.words("documents", "not_places")
    for line in vocab.finditer(_SIGNATURE_LINE, text):
        cells = list(_PLACE_AND_DATE.finditer(line.group()))
        if any(c.group("place").casefold() in not_places for c in cells):
            continue
        signed = [d.iso for c in cells for d in dates.find(c.group("d"))[:1] if d.iso]
        if signed:
            return max(signed)
    return None


def _meeting_date(text: str) -> Optional[str]:
    """The date under a meeting-date label, wherever a running header put it."""
    meeting = "|".join(re.escape(w) for w in vocab.words("documents", "meeting_date_labels"))
    for m in vocab.finditer(re.compile(rf"(?im)^[ \t]*(?:{meeting})[ \t]*:?[ \t]*\n?[ \t]*(?P<d>[^\n]+)"), text):
        found = dates.find(m.group("d"))
        if found and found[0].iso and found[0].start == 0:
            return found[0].iso
    return None


# A line that reads as a sentence: words running into a full stop.
_SENTENCE = re.compile(r"\w+[ \t]+\w+[ \t]+\w+[^\n]*\.[ \t]*$")
# one signature's place and date; a line of them, side by side in columns or run together
_PLACE_AND_DATE = re.compile(r"(?P<place>[A-ZÅÄÖ][a-zåäö]+(?:[ -][A-ZÅÄÖ][a-zåäö]+)?),?[ \t]+(?:den[ \t]+)?"
                             r"(?P<d>\d{1,2}[ \t]+[a-zåäö]+[ \t]+(?:19|20)\d\d|(?:19|20)\d\d-\d\d-\d\d)")
_CELL = _PLACE_AND_DATE.pattern.replace("(?P<place>", "(?:").replace("(?P<d>", "(?:")
_SIGNATURE_LINE = re.compile(rf"(?m)^[ \t]*{_CELL}(?:[ \t]+{_CELL})*[ \t]*$")


def decided_by(text: str, committees: list[Mention], sections: Sections) -> Optional[Mention]:
    labels = "|".join(re.escape(w).replace(r"\ ", r"\s*") for w in vocab.words("documents", "deciding_body_labels"))
    for m in committees:  # a protocol's cover: "Beslutande organ: Kultur- och fritidsnämnden"
        line_start = textclean.line_start(text, m.start, 80)
        if re.fullmatch(rf"(?i)[ \t]*(?:{labels})[ \t]*:?[ \t]*", text[line_start:m.start]):
            return m
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


def has_parties(text: str, doc_type: str) -> bool:
    """Whether a document of this type can name parties: not a report, an opinion, a judgment or
    minutes; a protocol only when it decides on an agreement."""
    data = vocab.load("documents")
    if doc_type in data["types_without_parties"]:
        return False
    if doc_type in ("protokoll", "protokollsutdrag"):
        return names_agreement(text)
    return True


def concerns_agreement(text: str, doc_type: str, regions: list[tuple[int, int]]) -> bool:
    """Whether a document decides or states an agreement, so that one of its periods can be the
    agreement's: an agreement's own text, or a decision whose title or proposal names one
    (``Förlängning av överenskommelse om ...``). A grant, a report, an opinion or a judgment has
    periods but no agreement."""
    data = vocab.load("documents")
    if doc_type in ("överenskommelse", "avtal"):
        return True
    if doc_type in data["types_without_parties"]:
        return False
    return any(names_agreement(text, a, b) for a, b in regions)


@lru_cache(maxsize=1)
def agreement_word() -> re.Pattern:
    """A word that names an agreement (``avtal``, ``överenskommelse``, ``partnerskap``, and
    compounds such as ``samverkansavtal``): ``agreement_words`` in ``data/documents.json``."""
    stems = "|".join(re.escape(w) for w in vocab.load("documents")["agreement_words"])
    return re.compile(rf"(?i)\w*(?:{stems})")


def names_agreement(text: str, start: int = 0, end: Optional[int] = None) -> bool:
    """Whether an agreement word (:func:`agreement_word`) stands in ``text[start:end]``: where one
    does, one of its stems does, which is looked for alone (the word's letters before its stem,
    tried from every letter of every word, made the search of a text without one slow)."""
    return bool(_agreement_stem().search(text, start, len(text) if end is None else end))


@lru_cache(maxsize=1)
def _agreement_stem() -> re.Pattern:
    stems = vocab.load("documents")["agreement_words"]
    return re.compile(rf"(?i){vocab.starts(stems)}(?:{'|'.join(re.escape(w) for w in stems)})")


def assembly_deciding(text: str) -> Optional[str]:
    """The assembly a protocol's decision is taken by when it follows its board's proposal:
    ``Beslut`` / ``Enligt kommunstyrelsens förslag`` is Kommunfullmäktige's decision."""
    boards = vocab.load("documents")["decided_on_proposal_of"]
    names = "|".join(re.escape(b[:-2] + "ens") for b in boards)  # kommunstyrelsen -> kommunstyrelsens
    m = re.search(rf"(?im)^[ \t]*beslut[ \t]*\n(?:[ \t]*\n)*[ \t]*enligt[ \t]+(?P<board>{names})[ \t]+förslag", text)
    return boards[m.group("board").casefold()[:-3] + "en"] if m else None


# A board's or committee's working committee (kommunallagen 6 kap. 4 §: a committee may set up
# utskott), named in a letterhead by its parent in the genitive: "Kommunstyrelsens arbetsutskott",
# "Socialnämndens individutskott", "Kultur- och fritidsnämndens arbetsutskott".
# a cell of its own, or run together with the meeting-date label of the next column in a scan's
# text ("Kommunstyrelsens arbetsutskott Sammanträdesdatum")
_WORKING_COMMITTEE = re.compile(
    r"(?m)(?:^|[ \t]{2})[ \t]*(?P<body>(?:[A-ZÅÄÖ][a-zåäö]+-,?\s+(?:[a-zåäö]+-,?\s+)*(?:och|samt)\s+[a-zåäö]+|"
    r"[A-ZÅÄÖ][a-zåäö]+)(?:nämndens|styrelsens|fullmäktiges)[ \t]+[a-zåäö]*utskott)[ \t]*"
    rf"(?:$|[ \t]{{2}}|(?<=[ \t])(?i:{vocab.alternation('documents', 'meeting_date_labels')})(?![\wåäö]))")


def working_committee(text: str, letterhead_end: int) -> Optional[str]:
    """The working committee whose protocol this is, when its letterhead names one."""
    m = _WORKING_COMMITTEE.search(text, 0, letterhead_end)
    return " ".join(m.group("body").split()) if m else None


_PROPOSITION = re.compile(
    r"(?i)(?<![\w-])finner\s+att\s+(?P<body>(?:[a-zåäö]+-,?\s+(?:[a-zåäö]+-,?\s+)*(?:och|samt)\s+)?"
    rf"[a-zåäö]{{3,}}?(?:{vocab.alternation('documents', 'committee_kinds')}))\s+(?:har\s+)?beslutat")


def proposition_body(text: str) -> Optional[str]:
    """The body whose meeting a protocol paragraph records, as its chair's proposition names it:
    ``Ordföranden ... finner att kommunstyrelsen beslutat att bordlägga ärendet`` (the formula that
    closes a proposition, whatever the letterhead left out)."""
    bodies = {committee_name(m.group("body")) for m in vocab.finditer_at(_PROPOSITION, text, ["finner"])}
    return bodies.pop() if len(bodies) == 1 else None


def _is_label(line: str) -> bool:
    return line in _LABEL_BLOCKS or any(line.startswith(f"{lbl} ") or line.startswith(f"{lbl}:") for lbl in _LABEL_PREFIXES)


def _is_type_line(line: str) -> bool:
    types = vocab.load("documents")["types"]
    return any(line == cue for kind, cues in types.items() for cue in cues if kind != "överenskommelse")


def protocol_title(doc_type: str, body: Optional[str], authority: Optional[str], date: Optional[str]) -> str:
    """A protocol's title, which its cover does not give: ``Protokoll, Kommunstyrelsen, Högsby
    kommun, sammanträdesdatum 2007-01-08``."""
    body = body.split(" (")[0] if body else None
    parts = [doc_type.capitalize(), body, authority, f"sammanträdesdatum {date}" if date else None]
    return ", ".join(p for p in parts if p)


def paragraph_heading(text: str, found: list = ()) -> Optional[tuple[str, tuple[int, int]]]:
    """The heading of a protocol extract, with its span: of the paragraph it opens with (``§ 20
    0098/22`` and the lines under it), or of its one paragraph under a letterhead."""
    m = re.match(r"\s*" + diarienummer.PARAGRAPH_HEAD[1:], text)
    if m:
        return paragraphs.heading_span(text, m.end(), len(text))
    if len(found) == 1 and found[0].heading and found[0].head_end >= 0:
        return paragraphs.heading_span(text, found[0].head_end, found[0].end)
    return None


def extends(title: Optional[str]) -> bool:
    """A document whose title extends an agreement (``Förlängning av överenskommelse ...``)."""
    return bool(title and re.search(r"(?i)(?<![\wåäö])förläng", title))
