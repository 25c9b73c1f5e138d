"""Planned meetings (``Beslutsplanering``) and earlier decisions cited by body, date and paragraph.

A planned meeting is a line ``<body> <date>`` in a meeting section. A decision reference
is a committee named right before a date (``hälso- och sjukvårdsnämnden 2015-12-02, § 190``,
``Regionfullmäktige beslutade 2010-06-29 § 57``, ``Kultur- och fritidsnämndens arbetsutskott
2025-03-17, § 8``) outside the meeting sections. Only ISO dates count (prose names written-out
dates freely: ``bildandet av nämnden 1 maj 2017``); a few words may stand between body and date
only when a paragraph sign follows the date.

A decision named as one (``regeringens beslut den 22 juni 2017``, ``Utbildningsnämnden i
Stockholms stads beslut den 4 mars 2021``) may have a written date and no paragraph; its body is
a committee, with the municipality written after it, or a state body.

A protocol also cites decisions without naming their body, which is then its own:
- the note that a matter was tabled or sent back before (``Bordlagt den 8 maj 2024, § 382 och
  den 15 maj 2024, § 424``), written dates included;
- the stamp of the paragraph that prepared a matter (``KU § 317 06-12-05``, a two-digit year):
  the protocol's own body when the prefix is its own paragraphs' prefix, else the body the
  heading above names (``Kommunledningsutskottets förslag``).
"""

from __future__ import annotations

import datetime
import re
from functools import lru_cache
from typing import Optional

from extractor.facts import dates, names, paragraphs
from extractor.identifiers import diarienummer
from extractor import vocab
from extractor.model import DecisionRef, Meeting
from extractor.facts.names import PLACE
from extractor.facts.organisations import committee_name, state_bodies
from extractor.facts.sections import Sections

_MEETING_LINE = re.compile(r"(?m)^[ \t]*(?P<body>[^\n\d]{3,}?)[ \t,]+(?P<date>(?:19|20)\d\d-[01]\d-[0-3]\d)[ \t]*$")
# The kinds of committee a body's name ends in ("Socialnämnden"), and in the genitive ("socialnämndens").
_KINDS = vocab.words("documents", "committee_kinds")
_KIND = vocab.alternation("documents", "committee_kinds")
_GENITIVES = tuple(k + "s" for k in _KINDS)
_GENITIVE = vocab.factored(re.escape(g) for g in _GENITIVES)
# A body: "Hälso- och sjukvårdsnämnden", "Regionfullmäktige", "Kommunledningsutskottet",
# "Kultur- och fritidsnämndens arbetsutskott", and a body's protocol ("Socialnämndens protokoll").
# The lookahead for the kinds' first letters spares trying each ending at every letter. The
# first word ends in the body's kind (or in "den" written onto it) or in a compound's hyphen: the
# first lookahead rejects every other word at once. A bare "nämnden" is the one committee the
# text is about (see _lone_committee).
_BODY = (r"(?P<body>(?<![\w-])"
         + vocab.word_ending([*_KINDS, *(k + "den" for k in _KINDS), *_GENITIVES, "-"])
         + r"(?:[Nn]ämndens?(?=\s)|[Ss]tyrelsens?(?=\s)|(?:[A-ZÅÄÖa-zåäö]+-,?\s+(?:[a-zåäö]+-,?\s+)*(?:och|samt)\s+)?"
         rf"[A-ZÅÄÖa-zåäö][a-zåäö]{{2,}}?{vocab.starts(_KINDS)}(?:{_KIND}|(?:nämndens|styrelsens)\s+[a-zåäö]*utskott"
         rf"|(?=(?:{_GENITIVE})\s+protokoll)[a-zåäö]+(?=\s))))(?:\s+protokoll)?")
_ISO_DATE = r"(?:19|20)\d\d-[01]\d-[0-3]\d"
# the body's abbreviation before the paragraph sign: "den 14 mars 2023, Ks § 61"
_BODY_ABBREVIATION = r"(?:(?-i:[A-ZÅÄÖ][A-ZÅÄÖa-zåäö]{0,5})[ \t]*)?"
_DECISION = re.compile(
    _BODY + rf"(?:\s+(?:{vocab.alternation('documents', 'cited_decision_verbs')}|den))?\s*,?\s*"
    rf"(?P<date>{_ISO_DATE})(?:\s*,?\s*{_BODY_ABBREVIATION}§\s*(?P<par>\d+))?"
)


@lru_cache(maxsize=1)
def _decision_with_paragraph() -> re.Pattern:
    """With a paragraph sign, a few words may stand between body and date ("antog", "beslutade
    om förlängningen", "har behandlat ärendet den") and the date may be written out. The sign
    follows the date on its line (in brackets too: ``beslutade den 3 maj 2022 (§ 34)``) or the
    next, never after a blank line (a protocol's header ``Sammanträdesdatum 2023-05-24`` above its
    own ``§ 61``)."""
    months = "|".join(sorted(vocab.load("calendar")["months"], key=len, reverse=True))
    written = rf"[0-3]?\d\s+(?:{months})\s+(?:19|20)\d\d"
    # the words may name years ("antog investeringsplanen för 2024–2028 den 27 november 2023, § 141")
    return re.compile(_BODY + r"(?:\s+(?:[a-zåäö]+|(?:19|20)\d\d(?:[–-](?:19|20)?\d\d)?)(?=[\s,])){0,6}[ \t]*,?\s*(?:den\s+)?"
                      rf"(?P<date>{_ISO_DATE}|{written})[ \t]*,?[ \t]*(?:\n[ \t]*)?\(?{_BODY_ABBREVIATION}§\s*(?P<par>\d+)",
                      re.IGNORECASE)


# A body and a date alone on a line near the top are the letterhead's, not a decision cited.
LETTERHEAD_REACH = 600


def meetings(text: str, sections: Sections, own_body: Optional[str] = None,
             own_date: Optional[str] = None) -> list[Meeting]:
    """Planned meetings: the lines of a meeting section, in a protocol the meeting a matter is
    tabled to (``Ärendet bordläggs till sammanträdet den 12 juni 2024``), and a body's meeting
    named with a date after the document's own (``överlämnas till kommunfullmäktiges
    sammanträde den 25 april 2024``, ``Kallelse till extra kommunstyrelse den 26 januari
    2007``, ``Ärendet ska behandlas av regionfullmäktige den 26 november 2024``), the meeting a
    tjänsteutlåtande is addressed to (``Till`` / ``Kulturnämnden`` / ``2024-09-17``), once each."""
    out = []
    for s in sections.named(vocab.words("documents", "meeting_sections")):
        for m in _MEETING_LINE.finditer(text, s.body, s.end):
            out.append(Meeting(" ".join(m.group("body").split()), m.group("date"), m.start("body"), m.end()))
    if own_date:  # a meeting is planned when it comes after the document: earlier ones are history
        for m in _handled_meetings(text):
            date = dates.find(m.group("date"))
            if date and date[0].iso and date[0].iso > own_date:
                found = m.groupdict()
                out.append(Meeting(_definite(found.get("called") or found.get("body") or m.group("handler")), date[0].iso,
                                   m.start(), m.end()))
    if own_date:  # a committee's document addressed to the meeting that takes it up: "Till / Kulturnämnden / 2024-09-17"
        for m in _ADDRESSED_MEETING.finditer(text, 0, LETTERHEAD_REACH * 2):
            if m.group("date") > own_date:
                out.append(Meeting(committee_name(m.group("body")), m.group("date"), m.start("body"), m.end()))
    if own_body:
        for m in vocab.finditer_at(_postponed(), text, vocab.words("documents", "postponed_cues")):
            date = dates.find(m.group("date"))
            if date and date[0].iso:
                out.append(Meeting(own_body, date[0].iso, m.start(), m.end()))
    once: dict[tuple[str, str], Meeting] = {}
    for meeting in out:
        once.setdefault((meeting.body.casefold(), meeting.date), meeting)
    return list(once.values())


_ADDRESSED_MEETING = re.compile(
    r"(?im)^[ \t]*till[ \t]*:?[ \t]*\n[ \t]*(?P<body>(?:[a-zåäö]+-,?\s+(?:[a-zåäö]+-,?\s+)*(?:och|samt)\s+)?"
    rf"[a-zåäö]{{3,}}?(?:{_KIND}))[ \t]*\n[ \t]*(?P<date>{_ISO_DATE})[ \t]*$")


_COMPOUND = r"(?:[a-zåäö]+-,?\s+(?:[a-zåäö]+-,?\s+)*(?:och|samt)\s+)?"
# the body that takes a matter up: "regionfullmäktige", "landstingsstyrelsens arbetsutskott"
_MEETING = vocab.alternation("documents", "meeting_nouns")  # "vid sammanträdet den 22 maj 2024"
_HANDLER = (rf"(?P<handler>{_COMPOUND}[a-zåäö]+(?:(?:styrelsens|nämndens)\s+[a-zåäö]*utskott(?:et)?(?![\wåäö])"
            rf"|{_KIND}))(?:\s+(?:vid|på)\s+(?:nästa\s+)?(?:{_MEETING}))?")


def _written_or_iso_date() -> str:
    months = "|".join(sorted(vocab.load("calendar")["months"], key=len, reverse=True))
    return rf"{_ISO_DATE}|[0-3]?\d\s+(?:{months})\s+(?:19|20)\d\d"


@lru_cache(maxsize=1)
def _named_meeting() -> re.Pattern:
    """``<body>s [extra] sammanträde [den] <date>``, ``kallelse till [extra] <body> [den] <date>``,
    ``ska behandlas av <body> den <date>`` and ``anmäls till <body> vid sammanträdet den <date>``."""
    return re.compile(
        rf"(?i)(?<![\w-])(?:kallelse\s+till\s+(?:extra\s+)?(?P<called>{_COMPOUND}[a-zåäö]+(?:styrelse|nämnd|fullmäktige))"
        rf"|(?P<body>{_COMPOUND}[a-zåäö]+(?:{_GENITIVE}))\s+(?:extra\s+)?sammanträde"
        rf"|(?:{vocab.alternation('documents', 'handled_by_verbs')})\s+(?:av|i|till|för)\s+{_HANDLER})"
        rf"\s+(?:den\s+)?(?P<date>{_written_or_iso_date()})")


@lru_cache(maxsize=1)
def _next_handler() -> re.Pattern:
    """The next body of a chain after a handled-by meeting: ``… av landstingsstyrelsens
    arbetsutskott den 8 november 2011 och av landstingsstyrelsen den 22 november 2011``."""
    return re.compile(rf"(?i)[ \t]*,?\s+(?:och|samt|därefter)\s+(?:(?:av|i|till|för)\s+)?{_HANDLER}"
                      rf"\s+(?:den\s+)?(?P<date>{_written_or_iso_date()})")


def _handled_meetings(text: str):
    """:func:`_named_meetings`, each handled-by meeting followed by the rest of its chain."""
    for m in _named_meetings(text):
        yield m
        while m.group("handler") and (m := _next_handler().match(text, m.end())):
            yield m


def _named_meetings(text: str):
    """The matches of :func:`_named_meeting`, tried only where a body's name, ``kallelse`` or a
    verb of handling (``behandlas``, ``anmäls``) starts."""
    starts, lower = names.body_starts(text, ignorecase=True), vocab.folded(text)
    if starts is None or lower is None:
        return _named_meeting().finditer(text)
    calls = vocab.occurrences(lower, {"kallelse"} | {v.split()[0] for v in vocab.words("documents", "handled_by_verbs")})
    return vocab.scan(_named_meeting(), text, sorted(set(starts + calls)))


def _committee_matches(pattern: re.Pattern, text: str):
    """``pattern.finditer(text)`` for a pattern that starts with a body's name: tried only where
    one can start (:func:`names.body_starts`, and a bare ``Nämnden`` opening a sentence)."""
    starts = names.body_starts(text, ignorecase=bool(pattern.flags & re.IGNORECASE))
    if starts is None:
        return pattern.finditer(text)
    bare = [m.start() for m in _BARE_KIND.finditer(text)]
    return vocab.scan(pattern, text, sorted(set(starts + bare)) if bare else starts)


# (each word's capital first, then the character before it tested: the engine skips to the capitals)
_BARE_KIND = re.compile(r"(?:N(?<![\wåäö-]N)ämnden|S(?<![\wåäö-]S)tyrelsen)s?(?![\wåäö])")


def _definite(written: str) -> str:
    """A body's name as written in a call or genitive, in the definite form the facts use."""
    name = " ".join(written.split())
    if name.casefold().endswith(("styrelse", "nämnd")):
        name += "n" if name.casefold().endswith("styrelse") else "en"
    return committee_name(name)


@lru_cache(maxsize=1)
def _postponed() -> re.Pattern:
    cues = "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in vocab.words("documents", "postponed_cues"))
    return re.compile(rf"(?i)(?<!\w)(?:{cues})\s+till\s+(?:nästa\s+)?(?:{_MEETING})\s+(?:den\s+)?"
                      rf"(?P<date>{_written_or_iso_date()})")


def decision_refs(text: str, sections: Sections, own_body: Optional[str] = None,
                  own_prefix: Optional[str] = None, deciding: Optional[str] = None,
                  authority: Optional[str] = None) -> list[DecisionRef]:
    """Decisions the text cites; ``own_body`` is the body whose protocol it is and ``own_prefix``
    the prefix of its paragraphs (``KS``), for the references that leave the body out;
    ``deciding`` the committee that decides the matter, whom a bare ``nämnden`` names; in its own
    ``authority``'s text its decisions are cited under its name alone, whatever municipality the
    text names it with (``Socialnämnden i Kristianstads kommun tillstyrker`` ... ``den 27 mars
    2024, § 41``)."""
    meeting_sections = vocab.words("documents", "meeting_sections")
    found = {}
    if own_body:
        for ref in _handled_before(text, own_body) + _stamps(text, own_body, own_prefix):
            found.setdefault(ref.start, ref)
    for ref in _abbreviated(text, own_body, own_prefix):
        found.setdefault(ref.start, ref)
    for matches in (_committee_matches(_DECISION, text), _committee_matches(_decision_with_paragraph(), text),
                    _named_decisions(text), *_past_meeting_matches(text)):
        for m in matches:
            if sections.inside(m.start(), meeting_sections) or m.start("date") in found or _letterhead(text, m):
                continue
            date = dates.find(m.group("date"))
            start = names.with_adjective(text, m.start("body"))  # "tekniska nämnden 2024-05-12, § 45"
            written = text[start:m.end("body")]
            body = _body(written, own_body) or _lone_committee(text, written, own_body or deciding)
            if date and date[0].iso and body:
                body += _place(text, m.end("body"))
                found[m.start("date")] = DecisionRef(body, date[0].iso, m.group("par"), m.start(), m.end())
    once = {}  # a decision cited twice is one decision, kept where it is first cited
    for ref in sorted(found.values(), key=lambda d: d.start):
        ref.body = _with_named_place(text, ref.body)
        if deciding and authority and ref.body.casefold() == f"{deciding} i {authority}".casefold():
            ref.body = deciding
        elif authority and authority.casefold().startswith(f"{ref.body} i ".casefold()):
            ref.body = authority  # "Länsstyrelsens beslut" in the county board's own text: that board's
        once.setdefault((ref.body.casefold(), ref.date, ref.paragraph), ref)
    return list(once.values())


def _past_meeting_matches(text: str):
    """The matches of :func:`_past_meetings`' patterns, each tried only where its fixed word stands."""
    protocol, held = _past_meetings()
    return (vocab.finditer_at(protocol, text, ["protokoll"]),
            held.finditer(text) if "höll" in text else iter(()))


@lru_cache(maxsize=1)
def _past_meetings() -> tuple[re.Pattern, re.Pattern]:
    """A body's meeting the text tells was held, the decisions taken there cited by the meeting's
    date: ``protokollet från socialnämndens sammanträde den 21 januari 2026`` and ``Den 10
    december 2025 höll Socialnämnden i Hudiksvalls kommun ett sammanträde`` (a supervisory
    authority's account of a committee's handling)."""
    months = "|".join(sorted(vocab.load("calendar")["months"], key=len, reverse=True))
    date = rf"(?P<date>{_ISO_DATE}|[0-3]?\d\s+(?:{months})\s+(?:19|20)\d\d)"
    compound = r"(?:[A-ZÅÄÖa-zåäö]+-,?\s+(?:[a-zåäö]+-,?\s+)*(?:och|samt)\s+)?[A-ZÅÄÖa-zåäö][a-zåäö]{2,}?"
    paragraph = r"(?:[ \t]*,?[ \t]*§\s*(?P<par>\d+))?"
    protocol = re.compile(
        rf"(?i)(?<![\w-])protokoll(?:et)?\s+från\s+(?P<body>{compound}(?:nämndens|styrelsens|fullmäktiges|utskottets))"
        rf"\s+(?:extra\s+)?sammanträde\s+(?:den\s+)?{date}{paragraph}")
    held = re.compile(
        rf"(?i)(?<![\w-])(?:den\s+)?{date}\s+höll\s+(?P<body>{compound}(?:nämnden|styrelsen|fullmäktige|utskottet))"
        rf"(?:{PLACE.pattern})?\s+(?:ett\s+)?(?:extra\s+)?sammanträde{paragraph}")
    return protocol, held


def _lone_committee(text: str, written: str, deciding: Optional[str]) -> Optional[str]:
    """A bare ``Nämnden`` (``Nämnden yttrade sig genom beslut den 23 augusti 2023, § 112``) is the
    committee a supervisory decision is about: the one committee of that kind the text names with
    its municipality; in a committee's own document (``nämnden beslutade den 15 december 2021,
    § 201``) the deciding committee. None when neither is known, or the text names several."""
    kind = written.casefold().removesuffix("s") if written.casefold().endswith("ens") else written.casefold()
    if kind not in ("nämnden", "styrelsen"):
        return None
    deciding = deciding if deciding and deciding.casefold().endswith(kind) else None
    named = {" ".join(m.group().split()).casefold(): " ".join(m.group().split()) for m in re.finditer(
        rf"(?<![\w-])(?:[A-ZÅÄÖa-zåäö]+-,?\s+(?:[a-zåäö]+-,?\s+)*(?:och|samt)\s+)?[A-ZÅÄÖa-zåäö][a-zåäö]{{2,}}?{kind}"
        rf"\s+i\s+(?:Region\s+[A-ZÅÄÖ][a-zåäö]+|[A-ZÅÄÖ][a-zåäö]+\s+(?:kommun|stad))(?![\wåäö])", text)}
    if len(named) > 1:
        return None
    return committee_name(next(iter(named.values()))) if named else deciding


def _with_named_place(text: str, body: str) -> str:
    """A committee cited without its municipality takes the one the text names it with
    (``Socialnämnden i Hudiksvalls kommun`` ... ``socialnämndens sammanträde``), when it names one."""
    if " i " in body or not body.endswith(_KINDS):
        return body
    places = {" ".join(m.group("place").split()) for m in re.finditer(
        rf"(?<![\w-])(?i:{re.escape(body)})s?\s+i\s+(?P<place>Region\s+[A-ZÅÄÖ][a-zåäö]+|[A-ZÅÄÖ][a-zåäö]+\s+(?:kommun|stad))s?(?![\wåäö])",
        text)}
    return f"{body} i {places.pop()}" if len(places) == 1 else body


def _body(written: str, own_body: Optional[str]) -> Optional[str]:
    """The body's name; a bare ``arbetsutskottet`` is the own body's (``Kultur- och
    fritidsnämndens arbetsutskott``), a bare ``fullmäktige`` the protocol's own fullmäktige (none
    outside a fullmäktige's protocol: which one is not said); a state body by the name it uses
    (``regeringens`` -> ``Regeringen``)."""
    name = re.sub(r"\s+protokoll$", "", " ".join(written.split()))
    if own_body and name.casefold() in ("arbetsutskottet", "utskottet") and own_body.endswith(("nämnden", "styrelsen")):
        return f"{own_body}s {name.casefold()[:-2]}"
    if name.casefold() in ("fullmäktige", "fullmäktiges"):
        return own_body if own_body and own_body.endswith("fullmäktige") else None
    if name.casefold() in ("nämnden", "styrelsen", "nämndens", "styrelsens"):
        return None
    state = _state_bodies().get(name.casefold()) or _state_bodies().get(name.casefold().removesuffix("s"))
    return state or committee_name(name)


def _place(text: str, body_end: int) -> str:
    """The municipality written after a committee (``Utbildningsnämnden i Stockholms stads
    beslut``, ``Kultur- och fritidsnämndens i Ludvika kommun beslut``), as `` i <place>``."""
    m = PLACE.match(text, body_end)
    return f" i {' '.join(m.group('place').split())}" if m else ""


@lru_cache(maxsize=1)
def _state_bodies() -> dict[str, str]:
    return {alias.casefold(): body["name"] for body in state_bodies() for alias in [body["name"], *body.get("aliases", [])]}


_BODY_REACH = 200  # how far before "beslut den" its body may be named


@lru_cache(maxsize=1)
def _decision_nouns() -> str:
    nouns = vocab.words("documents", "decision_nouns")
    return "|".join(re.escape(n) for n in sorted(nouns, key=len, reverse=True))


@lru_cache(maxsize=1)
def _beslut_den() -> re.Pattern:
    r"""A decision noun before a date: ``beslut den 4``, ``budgetbeslut 2025``. Each noun's start is
    tested after its first letter (``(?<![\wåäö].)``): a pattern that starts with a letter is
    searched by skipping to that letter, one led by a test is tried at every position."""
    nouns = sorted(vocab.words("documents", "decision_nouns"), key=len, reverse=True)
    led = "|".join(f"[{n[0]}{n[0].upper()}](?<![\\wåäö].){re.escape(n[1:])}" for n in nouns)
    return re.compile(rf"(?:{led})\s+(?:den\s+)?\d")


def _named_decisions(text: str):
    """The matches of :func:`_decision_named`, looked for only around a ``beslut den <date>``
    (a handful in a document) instead of at every position of the text."""
    for anchor in _beslut_den().finditer(text):
        for m in _decision_named().finditer(text, max(0, anchor.start() - _BODY_REACH), anchor.end() + 40):
            if m.start("date") >= anchor.start():  # this anchor's decision, not an earlier one's
                yield m
                break


@lru_cache(maxsize=1)
def _decision_named() -> re.Pattern:
    """A decision named as one, with a written or ISO date and no paragraph needed: ``<body>s
    beslut den 4 mars 2021``, ``<body> beviljade genom tidigare beslut den 14 mars 2022``,
    ``fullmäktiges budgetbeslut 2025-11-27``; the body a committee (its place may follow), the
    protocol's own fullmäktige named bare, or a state body, at most four words before ``beslut``."""
    months = "|".join(sorted(vocab.load("calendar")["months"], key=len, reverse=True))
    written = rf"[0-3]?\d\s+(?:{months})\s+(?:19|20)\d\d"
    committee = (r"(?:[A-ZÅÄÖa-zåäö]+-,?\s+(?:[a-zåäö]+-,?\s+)*(?:och|samt)\s+)?[A-ZÅÄÖa-zåäö][a-zåäö]{2,}?"
                 rf"(?:{vocab.factored(re.escape(k) for k in sorted(_KINDS + _GENITIVES, key=len, reverse=True))})")
    state = vocab.factored((re.escape(n).replace(r"\ ", r"\s+") for n in sorted(_state_bodies(), key=len, reverse=True)),
                           ignorecase=True)
    return re.compile(
        rf"(?P<body>(?<![\w-])(?:{committee}|fullmäktiges?|nämndens?|styrelsens?|(?:{state})s?))(?![\wåäö])(?:{PLACE.pattern})?"
        rf"(?:\s+[a-zåäö]+){{0,4}}?\s+(?:{_decision_nouns()})\s+(?:den\s+)?(?P<date>{_ISO_DATE}|{written})"
        rf"(?:[ \t]*,?[ \t]*(?:\n[ \t]*)?§\s*(?P<par>\d+))?", re.IGNORECASE)


_HEAD_SIGN = re.compile(rf"[ \t]*(?:{diarienummer.PARAGRAPH_PREFIX}[ \t]*)?[§$][ \t]*")  # "KS § " opening a line


def _letterhead(text: str, m: re.Match) -> bool:
    """A protocol's letterhead (``Kommunstyrelsen`` / ``2024-04-15``), its body and date on lines of
    their own; the paragraph head under it (``§ 87``) opens the protocol's own paragraph."""
    if m.start() > LETTERHEAD_REACH:
        return False
    end = m.end()
    if m.group("par"):
        between = text[m.end("date"):m.start("par")]
        head = text[text.rfind("\n", 0, m.start("par")) + 1:m.start("par")]
        if "\n" not in between or not _HEAD_SIGN.fullmatch(head):
            return False
        end = m.end("date")
    line_start = text.rfind("\n", 0, m.start()) + 1
    line_end = text.find("\n", end)
    return not (text[line_start:m.start()] + text[end:line_end if line_end >= 0 else len(text)]).strip()


_PARAGRAPH_AFTER = re.compile(r"\s*,?\s*§\s*(?P<par>\d+)")
_STAMP = paragraphs.STAMP
SENTENCE_REACH = 300


def _handled_before(text: str, own_body: str) -> list[DecisionRef]:
    out = []
    for m in vocab.finditer_at(_handled_cue(), text, vocab.words("documents", "handled_before_cues")):
        stop = re.search(r"\.(?:\s|$)|\n[ \t]*\n", text[m.end():m.end() + SENTENCE_REACH])
        end = m.end() + (stop.start() if stop else SENTENCE_REACH)
        for d in dates.find(text[m.end():end]):
            par = _PARAGRAPH_AFTER.match(text, m.end() + d.end)
            if d.iso and par:
                out.append(DecisionRef(own_body, d.iso, par.group("par"), m.end() + d.start, par.end()))
    return out


def _stamps(text: str, own_body: str, own_prefix: Optional[str]) -> list[DecisionRef]:
    """The stamps of the paragraphs that prepared a matter; a prefix stands for one body throughout
    a protocol, so a stamp whose body nothing near it names takes the body another stamp with the
    same prefix has."""
    stamps = []
    for m in _STAMP.finditer(text):
        body = own_body if m.group("prefix") == own_prefix else (
            _proposing_body(text, m.start()) or _preparing_body(text, m.end(), m.group("prefix")))
        date = m.group("date") if len(m.group("date")) == 10 else _two_digit_year(m.group("date"))
        if date and dates.parse(date):
            stamps.append((m, body, date))
    bodies = {}
    for m, body, _date in stamps:
        bodies.setdefault(m.group("prefix"), set()).add(body)
    out = []
    for m, body, date in stamps:
        named = bodies[m.group("prefix")] - {None}
        body = body or (next(iter(named)) if len(named) == 1 else None)
        if body:
            out.append(DecisionRef(body, date, m.group("par"), m.start("prefix"), m.end("date")))
    return out


# A decision cited in a sentence by its body's letters, paragraph and date, in either order:
# "(KS § 55, 2023-03-14)", "(KF 2022-11-28, § 141)".
# (the prefix's first capital matched before the look behind it: the engine skips to capitals)
_ABBREVIATED = re.compile(r"(?P<prefix>[A-ZÅÄÖ](?<![\w§-][A-ZÅÄÖ])[A-ZÅÄÖ]{1,4})[ \t]+(?:§[ \t]*(?P<par>\d{1,4})[ \t]*,?[ \t]*"
                          rf"(?P<date>{_ISO_DATE})|(?P<date2>{_ISO_DATE})[ \t]*,?[ \t]*§[ \t]*(?P<par2>\d{{1,4}}))(?![\w-])")


def _abbreviated(text: str, own_body: Optional[str], own_prefix: Optional[str]) -> list[DecisionRef]:
    """Decisions cited by an assembly's or board's letters (``assembly_abbreviations``), or by the
    protocol's own prefix, with paragraph and date."""
    bodies = vocab.load("documents")["assembly_abbreviations"]
    out = []
    for m in _ABBREVIATED.finditer(text):
        prefix = m.group("prefix")
        body = own_body if own_body and prefix == own_prefix else bodies.get(prefix)
        date = m.group("date") or m.group("date2")
        if body and dates.parse(date):
            out.append(DecisionRef(body, date, m.group("par") or m.group("par2"), m.start(), m.end()))
    return out


def _proposing_body(text: str, line_start: int) -> Optional[str]:
    """The body a heading right above a stamp names: ``Kommunledningsutskottets förslag``."""
    above = [line.strip() for line in text[max(0, line_start - 200):line_start].split("\n") if line.strip()]
    if not above:
        return None
    cues = "|".join(re.escape(c) for c in vocab.words("documents", "proposal_from_cues"))
    m = re.fullmatch(rf"(?i)(?P<body>[\w-]+(?:\s+och\s+[\w-]+)?(?:{_GENITIVE}))\s+(?:{cues})",
                     above[-1])
    return committee_name(m.group("body")) if m else None


# "Kommunledningsutskottet", "Kultur- och fritidsnämnden", and with an adjective "Tekniska utskottet"
_PREPARED = re.compile(r"(?<![\w-])(?P<body>(?:[A-ZÅÄÖ][a-zåäö]+a\s+[a-zåäö]*|(?:[A-ZÅÄÖa-zåäö]+-,?\s+(?:[a-zåäö]+-,?\s+)*"
                       r"(?:och|samt)\s+)?[A-ZÅÄÖa-zåäö][a-zåäö]{2,}?)(?:utskottet|nämnden|styrelsen))"
                       rf"\s+(?:{vocab.alternation('documents', 'prepared_matter_cues')})")


def _preparing_body(text: str, stamp_end: int, prefix: str) -> Optional[str]:
    """The body the paragraph under a stamp says prepared the matter (``KU § 41 08-02-18`` ...
    ``Kommunledningsutskottet har behandlat ärendet``), when its name starts as the prefix does."""
    following = _STAMP.search(text, stamp_end)
    m = _PREPARED.search(text, stamp_end, min(following.start() if following else len(text), stamp_end + SENTENCE_REACH * 2))
    return committee_name(m.group("body")) if m and m.group("body")[0].upper() == prefix[0] else None


def _two_digit_year(date: str) -> Optional[str]:
    """``06-12-05`` -> ``2006-12-05``: a protocol stamp's short year is of this century when it can be."""
    year = int(date[:2])
    century = 2000 if year <= datetime.date.today().year % 100 else 1900
    return f"{century + year}{date[2:]}"


@lru_cache(maxsize=1)
def _handled_cue() -> re.Pattern:
    cues = "|".join(re.escape(c) for c in vocab.words("documents", "handled_before_cues"))
    return re.compile(rf"(?i)(?<!\w)(?:{cues})(?!\w)")
