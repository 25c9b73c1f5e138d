"""The role of every case number in a document: its own, or cited, and how it is related.

Own numbers stand in the header (before the first body heading) outside parentheses, or
after a cue such as ``Dnr`` / ``Diarienummer`` on a label line, or at the head of a
protocol paragraph (``§ 57``). Everything else is cited. A document's identity comes from its
own number only, never from one it cites (DOMAIN.md, lessons).

A cited number's relation comes from cue words in its own clause only (a tight window, so
a reference never attaches to the wrong agreement): the stretch between its neighbours when
a clause cites several numbers, else the clause; a next sentence that refers back to it
(``Detta avtal ersätter det tidigare avtalet``) lends its cue to the last number before it.
An extension's cited agreement with no cue is the one it extends. Across mentions the strongest wins
(predecessor, earlier_in_lineage, guideline, related). Among several lineage numbers,
the one the text calls current (``pågående``, ``löper ut``) or else the newest is the
predecessor, with another party's number for the same step; the others are earlier in the lineage. Every mention's clause is kept
(``mentions``): what the text says about a cited case is spread over several sentences.
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

from extractor.identifiers import diarienummer
from extractor.reading import textclean
from extractor import vocab
from extractor.model import CaseNumber, CitedCase, Period
from extractor.nlp import Clauses
from extractor.facts import paragraphs
from extractor.facts.sections import Sections

_PRECEDENCE = ("predecessor", "earlier_in_lineage", "guideline", "related")
_LINEAGE = ("predecessor", "earlier_in_lineage")
_LABEL_REACH = 40
_LETTERHEAD_REACH = 600  # a letterhead's labels stand within its first lines
# How far a line is looked along: a heading or a paragraph head is short, and a text without
# line breaks (a 5 MB single line) must not be scanned once per number.
_LINE_REACH = 200
_ATTACHMENT = re.compile(r"(?im)^[ \t]*bilaga[ \t]+[A-Z0-9]{1,3}[ \t]*$")
_PARAGRAPH_HEAD = re.compile(diarienummer.PARAGRAPH_HEAD, re.M)


def split_own(text: str, found: list[CaseNumber], sections: Sections) -> tuple[list[CaseNumber], list[CaseNumber]]:
    """Return ``(own, cited)`` mentions."""
    head_end = header_end(text, sections)
    court = _court_letterhead(text)
    own, cited = [], []
    for c in found:
        if _their_reference(text, c) or (_government_number(c.number) and not _GOVERNMENT_LETTERHEAD.match(text)):
            cited.append(c)  # "Er beteckning: …"; a ministry's number in another authority's text
            continue
        if not court and _court_number(text, c):
            cited.append(c)  # "Yttrande i mål nr 4412-23": the court's case, in a statement to it
            continue
        in_header = c.start < head_end and not _in_parentheses(text, c) and not _cites_decision(text, c)
        is_own = in_header or _after_label(text, c) or _heads_paragraph(text, c) or _in_own_register(text, c)
        (own if is_own else cited).append(c)
    # An attachment (``Bilaga A`` on a line of its own) carries its own header: a number the
    # document cites before it, such as an appealed decision, stays cited there.
    attachment = _ATTACHMENT.search(text, head_end)
    if attachment:
        cited_before = {_key(c) for c in cited if c.start < attachment.start()}
        moved = [c for c in own if c.start >= attachment.start() and _key(c) in cited_before]
        own = [c for c in own if c not in moved]
        cited = sorted(cited + moved, key=lambda c: c.start)
    own_numbers = {_key(c) for c in own}
    return own, [c for c in cited if _key(c) not in own_numbers]


# Regeringskansliet's register: a department's letters glued to the year ("S2020/05361",
# "KN2026/00741"). Such a number is the document's own only in the government's own documents,
# whose letterhead opens with the government offices or a ministry.
_GOVERNMENT_FORM = "department+year/serial"
_GOVERNMENT_LETTERHEAD = re.compile(r"\s*(?i:regeringen|regeringskansliet|[a-zåäö]*departementet)(?![\wåäö])")


def _government_number(number: str) -> bool:
    """A ministry's number: the department layout with a ministry's letters (not a region's ``RV2024/00872``)."""
    if diarienummer.form_of(number) != _GOVERNMENT_FORM:
        return False
    return re.match(r"[A-Za-zÅÄÖåäö]+", number).group() in vocab.load("case_numbers")["government_departments"]["letters"]


def _court_number(text: str, c: CaseNumber) -> bool:
    return bool(_court_label().search(text, max(0, c.start - _LABEL_REACH), c.start))


@lru_cache(maxsize=1)
def _court_label() -> re.Pattern:
    labels = vocab.load("case_numbers")["court_numbers"]["labels"]
    alternation = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in sorted(labels, key=len, reverse=True))
    return re.compile(rf"(?i)(?<![\wåäö])(?:{alternation})[ \t]*:?[ \t]*$")


def _court_letterhead(text: str) -> bool:
    """The document's first line names a court (``FÖRVALTNINGSRÄTTEN ... DOM ... Mål nr 3311-24``)."""
    first = text.lstrip()[:_LINE_REACH].split("\n", 1)[0].casefold()
    words = vocab.load("case_numbers")["court_numbers"]["court_words"]
    return any(w.endswith(court) for w in re.findall(r"[\wåäö]+", first) for court in words)


def _key(c) -> str:
    """One number however the document spells it at each place (:func:`diarienummer.compact`)."""
    return diarienummer.compact(c.number)


def classify(text: str, cited: list[CaseNumber], clauses: Clauses, periods: list[Period],
             extends: bool = False) -> list[CitedCase]:
    """One :class:`CitedCase` per distinct number (by :func:`diarienummer.compact`; the first
    spelling is kept), with its relation, evidence and period.

    ``extends``: the document extends an agreement (a förlängning); the agreement it cites
    with no cue of its own is then the one it extends.
    """
    best: dict[str, CitedCase] = {}
    current: set[str] = set()
    mentions: dict[str, list[dict]] = {}
    starts = [p.start for p in periods]  # periods come sorted by start
    cited = sorted(cited, key=lambda c: c.start)
    for i, c in enumerate(cited):
        a, b = clauses.around(c.start, c.end)
        clause = text[a:b].casefold()
        window = _own_stretch(text, cited, i, a, b)
        relation = _relation(window) if _relation(window) != "related" else _relation(clause)
        key = _key(c)
        if relation == "related" and _referred_back(text, cited, i, b, clauses):
            relation = "predecessor"
            current.add(key)
        # What the sentence calls current (``ersätter``, ``som upphör``) may stand by another number of it:
        # among the lineage numbers of such a sentence the newest is the predecessor.
        if _has_cue(clause, "current_agreement") and relation in _LINEAGE:
            current.add(key)
        candidate = CitedCase(c.number, relation, clauses.text_around(c.start, c.end), c.start, c.end,
                              _period_before(periods, starts, a, c.start))
        mentions.setdefault(key, []).append(
            {"evidence": candidate.evidence, "start": c.start, "end": c.end, "period": candidate.period,
             "next": _next_sentence(text, cited, i, b, clauses)})
        held = best.get(key)
        if held is None or _PRECEDENCE.index(relation) < _PRECEDENCE.index(held.relation):
            if held and not candidate.period:
                candidate.period = held.period
            if held:
                candidate.number = held.number
            best[key] = candidate
        elif held.period is None:
            held.period = candidate.period
    if extends:
        _extended_agreement(best, clauses, text)
    _settle_lineage(best, current)
    for number, case in best.items():
        case.mentions = mentions[number]
    return list(best.values())


def _own_stretch(text: str, cited: list[CaseNumber], i: int, a: int, b: int) -> str:
    """The part of the clause that belongs to citation ``i``: up to its neighbours in the clause, so a
    cue meant for one number never attaches to the other."""
    lo = cited[i - 1].end if i and cited[i - 1].end > a else a
    hi = cited[i + 1].start if i + 1 < len(cited) and cited[i + 1].start < b else b
    return text[lo:hi].casefold()


def _referred_back(text: str, cited: list[CaseNumber], i: int, clause_end: int, clauses: Clauses) -> bool:
    """``... enligt avtal med diarienummer X, som upphör ... Detta avtal ersätter det tidigare avtalet.``:
    the next sentence opens by speaking of the agreement just cited and carries a predecessor cue."""
    if i + 1 < len(cited) and cited[i + 1].start < clause_end:
        return False  # not the last number of its sentence
    nxt = re.search(r"\S", text[clause_end:clause_end + 40])
    if not nxt:
        return False
    start = clause_end + nxt.start()
    a, b = clauses.around(start, start + 1)
    if a < clause_end or (i + 1 < len(cited) and cited[i + 1].start < b):
        return False  # the next sentence cites a number of its own
    sentence = text[max(a, start):b].casefold()
    return bool(_cue_pattern("refer_back_open").match(sentence)) and _has_cue(sentence, "predecessor")


def _next_sentence(text: str, cited: list[CaseNumber], i: int, clause_end: int, clauses: Clauses) -> str:
    """The sentence after the last number of a clause, up to the first number it cites itself:
    what the text goes on to say (``Den nuvarande överenskommelsen (X) löper ut ... Förvaltningen
    föreslår en ny treårig överenskommelse``). Empty when another number follows in the clause."""
    if i + 1 < len(cited) and cited[i + 1].start < clause_end:
        return ""
    nxt = re.search(r"\S", text[clause_end:clause_end + 40])
    if not nxt:
        return ""
    start = clause_end + nxt.start()
    a, b = clauses.around(start, start + 1)
    if a < clause_end:
        return ""
    stop = next((c.start for c in cited[i + 1:] if c.start < b), b)
    return " ".join(text[max(a, start):stop].split())


def _extended_agreement(best: dict[str, CitedCase], clauses: Clauses, text: str) -> None:
    """An extension's cited agreement without a cue is the one it extends (the newest, when several)."""
    if any(c.relation in _LINEAGE for c in best.values()):
        return
    agreements = [c for c in best.values() if c.relation == "related"
                  and _has_cue(text[slice(*clauses.around(c.start, c.end))].casefold(), "agreement_words")]
    if agreements:
        max(agreements, key=_recency).relation = "predecessor"


def _relation(clause: str) -> str:
    for relation in _PRECEDENCE[:-1]:
        if _has_cue(clause, relation):
            return relation
    return "related"


def _has_cue(clause: str, kind: str) -> bool:
    return bool(_cue_pattern(kind).search(clause))


@lru_cache(maxsize=None)
def _cue_pattern(kind: str) -> re.Pattern:
    if kind == "refer_back_open":
        cues = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in vocab.words("relations", "refer_back"))
        return re.compile(rf"\W*(?:{cues})(?![\wåäö])")
    cues = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in vocab.words("relations", kind))
    return re.compile(rf"(?<![\wåäö])(?:{cues})")


def _settle_lineage(best: dict[str, CitedCase], current: set[str]) -> None:
    lineage = [c for c in best.values() if c.relation in _LINEAGE]
    if not lineage:
        return
    chosen = [c for c in lineage if _key(c) in current] or [c for c in lineage if c.relation == "predecessor"] or lineage
    newest = max(chosen, key=_recency)
    for c in lineage:
        # the parties of one agreement each register it: another register's number of the same
        # year and period is the same step (``avtalet för 2022–2024 (LiU-2021-02290, KS 2021-00388)``)
        twin = _register(c) != _register(newest) and _recency(c) == _recency(newest)
        c.relation = "predecessor" if c is newest or twin else "earlier_in_lineage"


def _register(c: CitedCase) -> str:
    """The letters of a case number's prefix: the diary it was registered in."""
    m = re.match(r"[A-Za-zÅÄÖåäö]+", c.number)
    return m.group().upper() if m else ""


def _recency(c: CitedCase):
    year = re.search(r"(?:19|20)\d\d", c.number)
    return ((c.period[1] or c.period[0]) if c.period else "", year.group() if year else "")


def _period_before(periods: list[Period], starts: list[int], clause_start: int, position: int):
    """The last period that ends before ``position`` within the clause (periods sorted by start)."""
    for p in reversed(periods[bisect.bisect_left(starts, clause_start):bisect.bisect_left(starts, position)]):
        if p.end <= position:
            return p.span
    return None


def header_end(text: str, sections: Sections) -> int:
    """Where the header (labels, title, own number) ends: the first body heading, within bounds."""
    cap = max(1500, len(text) // 4)
    return min(sections.first_heading, cap)


def _in_parentheses(text: str, c: CaseNumber) -> bool:
    before = text[max(0, c.start - 40):c.start]
    return before.rfind("(") > before.rfind(")")


def _cites_decision(text: str, c: CaseNumber) -> bool:
    """``... beslut den 4 mars 2021 med dnr X``, ``tidigare beslut i ärende X``: the number of a
    decision the sentence names by its date, or as an earlier one."""
    before = re.split(r"\n[ \t]*\n", text[max(0, c.start - 120):c.start])[-1]
    m = _decision_citation().search(before)
    # a type word in capitals over a letterhead's date (``BESLUT`` / ``2024-03-12`` / ``FI Dnr …``)
    # names the document itself, no earlier decision
    return bool(m) and not (m.group("noun") or "").isupper()


@lru_cache(maxsize=1)
def _decision_citation() -> re.Pattern:
    data = vocab.load("case_numbers")["cited_decision_before"]
    nouns, earlier, verbs = ("|".join(re.escape(w) for w in data[k])
                             for k in ("decision_nouns", "earlier_words", "decision_verbs"))
    labels = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in data["labels"])
    date = r"(?:(?:19|20)\d\d-\d\d-\d\d|\d{1,2}\s+[a-zåäö]+\s+(?:19|20)\d\d)"
    paragraph = r"(?:\W+§\s*\d+\s*[a-z]?)?"
    named = rf"(?:(?P<noun>{nouns})\s+(?:den\s+)?{date}{paragraph}|(?:{earlier})\s+(?:{nouns})|(?:{verbs}))"
    return re.compile(rf"(?i)\b{named}\W+(?:\w+\s+){{0,4}}(?:{labels})\W*$")


def _in_own_register(text: str, c: CaseNumber) -> bool:
    """``Anmälan från A. (JO:s ärende dnr 6356-2012)``: a heading that names the register of the
    authority the document keeps coming back to."""
    data = vocab.load("case_numbers")["register_labels"]
    line_start = textclean.line_start(text, c.start, _LINE_REACH)
    line_end = text.find("\n", c.end, c.end + _LINE_REACH)
    line = text[line_start:line_end if line_end >= 0 else c.end + _LINE_REACH]
    m = _register_label().search(text[max(line_start, c.start - _LABEL_REACH):c.start])
    if not m or len(line.split()) > data["max_heading_words"] or line.rstrip().endswith("."):
        return False
    owner = re.escape(m.group("owner"))
    return len(re.findall(rf"(?<!\w){owner}(?!\w)", text)) > data["min_mentions"]


@lru_cache(maxsize=1)
def _register_label() -> re.Pattern:
    labels = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in vocab.load("case_numbers")["register_labels"]["labels"])
    return re.compile(rf"(?<!\w)(?P<owner>[A-ZÅÄÖ][\wåäö]{{0,30}}?)(?::s|s)\s+(?i:{labels})\W*$")


def _their_reference(text: str, c: CaseNumber) -> bool:
    """``Er beteckning: S2024/01873``: the addressee's reference, on the number's line or the line above."""
    before = text[max(0, c.start - _LINE_REACH):c.start]
    return bool(_their_label().search(before))


@lru_cache(maxsize=1)
def _their_label() -> re.Pattern:
    labels = "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in vocab.load("case_numbers")["their_reference_labels"]["labels"])
    return re.compile(rf"(?i)(?<!\w)(?:{labels})[ \t]*[:.]?[ \t]*(?:\n[ \t]*)?$")


def _after_label(text: str, c: CaseNumber) -> bool:
    """``Diarienummer: X`` on one line, or the label alone on the line above the number."""
    cues = vocab.words("case_numbers", "own_cues")
    line_start = textclean.line_start(text, c.start, _LABEL_REACH)
    if line_start == 0 and c.start > _LABEL_REACH:
        return False  # no line break near: a label line is short
    label = text[line_start:c.start].strip().rstrip(":").strip().casefold()
    if label in cues or (label == "" and c.text.casefold().startswith("dnr")):
        return True
    if c.start < _LETTERHEAD_REACH and _label_with_colon(cues).search(text, line_start, c.start):
        return True  # a letterhead whose columns ran together: "NATURVÅRDSVERKET Ärendenr: NV-04417-24"
    previous = text[max(0, line_start - _LABEL_REACH):line_start].rstrip().rsplit("\n", 1)[-1]
    return label == "" and previous.strip().rstrip(":").strip().casefold() in cues


@lru_cache(maxsize=1)
def _label_with_colon(cues: tuple[str, ...]) -> re.Pattern:
    alternation = "|".join(re.escape(c).replace(r"\ ", r"[ \t]+") for c in cues)
    return re.compile(rf"(?i)(?<![\wåäö])(?:{alternation})[ \t]*:[ \t]*$")


def _heads_paragraph(text: str, c: CaseNumber) -> bool:
    """On a protocol paragraph's head line (``KS § 3 a DNR:KF/2006.366``), or first on the line under it."""
    line_start = textclean.line_start(text, c.start, _LINE_REACH)
    if _opens_paragraph(text, line_start):
        return True
    prev_start = textclean.line_start(text, max(0, line_start - 1), _LINE_REACH)
    return not text[line_start:c.start].strip() and _opens_paragraph(text, prev_start)


def _opens_paragraph(text: str, line_start: int) -> bool:
    """The line opens with a paragraph's head, not with a citation wrapped to the line's start."""
    head = _PARAGRAPH_HEAD.match(text, line_start)
    return bool(head) and not paragraphs.cites_on(text, head)
