"""Which organisations a document is about, under one canonical name each, and which are its parties.

Mentions (from :mod:`extractor.facts.organisations`) are grouped: the name next to an
organisation number names that number; a known organisation's name wins over a written one; a
variant joins the first group it is a variant of. The parties are the organisations with an
organisation number, those named in the title, the proposal or the ``Parter`` block, and
the municipality or region of the deciding committee. A protocol of several matters has
the parties of the paragraphs that decide an agreement only, named in their heading or
decision (each paragraph is its own decision; the other matters' organisations are no party).
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extractor.facts import organisations as orgs
from extractor.identifiers import orgnr
from extractor import vocab
from extractor.model import Funding, OrgNumber, Paragraph, Party
from extractor.facts.names import generic_leads, same_organisation
from extractor.facts.organisations import KnownOrganisations, Mention, Organisation
from extractor.facts.document import names_agreement
from extractor.facts.paragraphs import heading_span
from extractor.facts.sections import Sections


class Resolver:
    """Groups a document's organisation mentions; ``canonical(name)`` answers for any variant."""

    def __init__(self, text: str, mentions: list[Mention], known: KnownOrganisations):
        self.text = text
        self.known = known
        self.groups: list[Organisation] = []
        # (group, name) -> how many of the group's aliases were compared with the name, and whether
        # the name joins the group: a group's name never changes and its aliases only grow
        self._compared: dict[tuple[int, str], tuple[int, bool]] = {}
        self.committees = [m for m in mentions if m.kind == "committee"]
        self.numbers = self._tie_numbers(mentions)
        for m in sorted(mentions, key=self._strength):
            if m.kind == "organisation":
                self._place(m)
        self._add_variants(mentions)

    def _tie_numbers(self, mentions: list[Mention]) -> list[OrgNumber]:
        tied = []
        ordered = sorted((m for m in mentions if m.kind == "organisation"), key=lambda m: m.start)
        starts = [m.start for m in ordered]
        for number, start, end in orgnr.find(self.text):
            mention = orgs.name_before(self.text, start, ordered, starts)
            written = mention.name if mention else orgs.fallback_name(self.text, start)
            name = self.known.by_number(number) or (mention.canonical if mention else None) or written
            if mention is None and written:
                at = self.text.rfind(written, max(0, start - 200), start)  # "X (org.nr 802917-9648)": X's own span
                at = at if at >= 0 else start - len(written)
                mentions.append(Mention(written, at, at + len(written)))
            group = self._group_for(name, number) if name else None
            tied.append(OrgNumber(number, group.name if group else None, start, end))
        return tied

    def _strength(self, m: Mention):
        return (m.canonical is None, -len(m.name), m.start)

    def _group_for(self, name: str, number: Optional[str] = None) -> Organisation:
        for g in self.groups:
            if (number and g.org_number == number) or self._joins(g, name, number):
                if number and not g.org_number:
                    g.org_number = number
                return g
        listed = self.known.canonical(name)
        g = Organisation(listed or name, number or self.known_number(listed))
        self.groups.append(g)
        return g

    def _joins(self, g: Organisation, name: str, number: Optional[str]) -> bool:
        if number and g.org_number and number != g.org_number:
            return False
        key = (id(g), name)
        compared, joins = self._compared.get(key, (-1, False))
        if not joins and compared < len(g.aliases):
            joins = ((compared < 0 and same_organisation(g.name, name))
                     or any(same_organisation(a, name) for a in g.aliases[max(compared, 0):]))
            self._compared[key] = (len(g.aliases), joins)
        return joins

    def known_number(self, canonical: Optional[str]) -> Optional[str]:
        if canonical is None:  # a name the known organisations lack (their entries all have names)
            return None
        for e in self.known.entries:
            if e["name"] == canonical:
                return e.get("org_number")
        return None

    def _place(self, m: Mention) -> None:
        g = self._group_for(m.canonical or m.name)
        m.canonical = g.name
        g.mentions.append(m)
        if m.name not in g.aliases:
            g.aliases.append(m.name)

    def _add_variants(self, mentions: list[Mention]) -> None:
        """Scan for short forms of each group (``Röda Korset`` of ``Svenska Röda Korset``) and defined abbreviations."""
        for abbreviation, m in orgs.abbreviations(self.text, mentions).items():
            for hit in orgs.find_words(abbreviation, self.text):
                if not _standalone(self.text, hit):
                    continue
                self._place(Mention(abbreviation, hit.start(), hit.end(), canonical=m.canonical))
        taken = [(m.start, m.end) for g in self.groups for m in g.mentions]
        for g in list(self.groups):
            for short in _short_forms(g.name):
                for hit in orgs.find_words(short, self.text, re.I):
                    if _standalone(self.text, hit) and not any(a <= hit.start() < b for a, b in taken):
                        self._place(Mention(" ".join(hit.group().split()), hit.start(), hit.end(), canonical=g.name))

    def canonical(self, name: str) -> Optional[str]:
        for g in self.groups:
            if g.name == name or self._joins(g, name, None):
                return g.name
        return self.known.canonical(name)

    def group(self, name: str) -> Optional[Organisation]:
        return next((g for g in self.groups if g.name == name), None)


def _standalone(text: str, hit: re.Match) -> bool:
    """Not part of a longer word; a genitive ``s`` or ``:s`` may follow."""
    before = text[hit.start() - 1:hit.start()]
    after = re.match(r":?s?(\w?)", text[hit.end():hit.end() + 3]).group(1)
    return not (before.isalnum() or before == "-") and not after


def _short_forms(name: str) -> list[str]:
    lowered = name.casefold()
    for lead in generic_leads():
        if lowered.startswith(lead) and len(name.split()) >= 3:
            return [name[len(lead):]]
    return []


def select_parties(
    text: str, resolver: Resolver, sections: Sections, title_span: tuple[int, int], authority_of_decider: Optional[str],
    paragraphs: list[Paragraph] = (),
) -> list[Party]:
    names: list[str] = []
    if len(paragraphs) > 1:
        deciding = [p for p in paragraphs if _decides_agreement(text, p)]
        regions = [region for p in deciding for region in _decision_regions(text, sections, p)]
        numbered = [(p.start, p.end) for p in deciding]  # an organisation number anywhere in such a matter
        if not deciding:
            return []
    else:
        regions = [title_span] + [(s.start, s.end) for s in sections.named(vocab.words("documents", "proposal_sections"))]
        regions += [(s.start, s.end) for s in sections.named(vocab.words("documents", "party_sections"))]
        numbered = [(0, len(text))]
    for g in resolver.groups:
        written = g.org_number in {n.number for n in resolver.numbers}  # in the text, not only known
        if any(a <= m.start < b for m in g.mentions for a, b in (numbered if written else regions)):
            names.append(g.name)
    for m in _committees_in(resolver, regions):
        if m.authority:
            names.append(m.authority)
    if authority_of_decider:
        names.append(authority_of_decider)
    parties = [_party(resolver, n) for n in dict.fromkeys(names)]
    for name, start in _partners_named(text, regions):
        if not any(same_organisation(name, p.name) or p.name.casefold() in name.casefold()
                   or name.casefold() in p.name.casefold() for p in parties):  # "Västtrafik" of "Västtrafik AB"
            parties.append(Party(name, None, start, start + len(name)))
    return parties


def _partners_named(text: str, regions) -> list[tuple[str, int]]:
    """The counterparty an agreement's heading or decision names after ``med``, in whatever shape
    (``Idéburet offentligt partnerskap med Ria Jönköping``): capitalised words, a place after
    ``i``, up to a word that ends a name (``om``, ``för``, a comma, the line's end); a name running
    into other lower-case words is not taken."""
    out = []
    for a, b in regions:
        for m in _partner_matches(text, a, b):
            name = " ".join(m.group("name").split())
            if name.split()[0].casefold() not in _not_partner_leads():
                out.append((name, m.start("name")))
    return out


@lru_cache(maxsize=1)
def _partner_pattern() -> re.Pattern:
    data = vocab.load("organisations")["partner_after_agreement"]
    agreement = "|".join(re.escape(w) for w in vocab.load("documents")["agreement_words"])
    ends = "|".join(re.escape(w) for w in data["name_ends"])
    word = r"[A-ZÅÄÖ][\wåäöÅÄÖé&.-]*"
    return re.compile(
        # a word holding an agreement word, taken whole once (a possessive run: one long word is
        # not split again at each of its letters)
        rf"(?i:(?=\w*(?:{agreement}))\w++)[ \t]+(?:om[ \t]+[\wåäö ]+?[ \t]+)?med[ \t]+"
        rf"(?P<name>{word}(?:[ \t]+{word}){{0,4}}(?:[ \t]+i[ \t]+{word})?)"
        rf"(?=[ \t]*(?:$|[,.;(]|[ \t](?:{ends})(?![\wåäö])))", re.M)


def _partner_matches(text: str, a: int, b: int):
    """``_partner_pattern().finditer(text, a, b)``, tried only at ``a`` and where a word holding an
    agreement word starts (a match starts with that word; it is looked for in the text's lower
    case), instead of at every position."""
    pattern, lower = _partner_pattern(), vocab.folded(text)
    if lower is None:
        yield from pattern.finditer(text, a, b)
        return
    starts, last = {a}, (a, a)  # the last occurrence, and where its word starts
    for at in sorted(at for stem in _agreement_stems() for at in _found(lower, stem, a, b)):
        last = (at, _word_start(text, at, last))
        starts.add(last[1])
    end = a
    for at in sorted(starts):
        if at >= end and (m := pattern.match(text, at, b)):
            yield m
            end = m.end()


def _word_start(text: str, at: int, last: tuple[int, int]) -> int:
    """Where the run of word characters (``\\w``) holding offset ``at`` starts, not before the
    offset of the occurrence before it (``last``, with its word's start: the same word's, when the
    run reaches it; a long word is not walked again for each occurrence in it)."""
    before, its_start = last
    while at > before and (text[at - 1].isalnum() or text[at - 1] == "_"):
        at -= 1
    return its_start if at == before and at > its_start else at


def _found(text: str, word: str, a: int, b: int):
    at = text.find(word, a, b)
    while at >= 0:
        yield at
        at = text.find(word, at + 1, b)


@lru_cache(maxsize=1)
def _agreement_stems() -> tuple[str, ...]:
    return tuple(w.lower() for w in vocab.load("documents")["agreement_words"])


@lru_cache(maxsize=1)
def _not_partner_leads() -> frozenset[str]:
    return frozenset(w.casefold() for w in vocab.load("organisations")["partner_after_agreement"]["not_names"])


def with_recipients(text: str, parties: list[Party], rows: list[Funding]) -> list[Party]:
    """The parties and both sides of every grant the text decides (a table of grants names each
    recipient on its row only), once each, where first named before its amount."""
    out = list(parties)
    known = {p.name.casefold() for p in parties}
    for row in rows:
        for name in (row.payer, row.recipient) if row.recipient else ():
            if name and name.casefold() not in known:
                at = text.rfind(name, 0, row.start)
                out.append(Party(name, None, at, at + len(name) if at >= 0 else -1))
                known.add(name.casefold())
    return out


def _decides_agreement(text: str, paragraph: Paragraph) -> bool:
    """A matter on an agreement: its heading names one, or its decision enters one (``att ingå
    avtal med Stiftelsen Jönköpings Stadsmission`` under a heading ``Samverkan med …``)."""
    if paragraph.heading and names_agreement(paragraph.heading):
        return True
    return bool(_ENTERS_AGREEMENT.search(text, paragraph.start, paragraph.end))


_ENTERS_AGREEMENT = re.compile(r"(?i)(?<![\wåäö])(?:ingå|ingår|teckna|tecknar|godkänna|godkänner|förlänga|förlänger)\s+"
                               r"(?:ett\s+|en\s+|nytt\s+|ny\s+)?(?:avtal|avtalet|överenskommelse|överenskommelsen|partnerskap)"
                               r"(?![\wåäö])")


def _decision_regions(text: str, sections: Sections, paragraph: Paragraph) -> list[tuple[int, int]]:
    """The head and heading of a paragraph, and its decision and party sections."""
    regions = [(paragraph.start, paragraph.head_end)]
    heading_end = paragraph.head_end
    if paragraph.heading:  # the heading stands within its first lines
        found = heading_span(text, paragraph.head_end, paragraph.end)
        heading_end = found[1][1] if found else heading_end
    regions.append((paragraph.head_end, heading_end))
    wanted = vocab.words("documents", "proposal_sections") + vocab.words("documents", "party_sections")
    regions += [(s.start, min(s.end, paragraph.end)) for s in sections.named(wanted)
                if paragraph.start <= s.start < paragraph.end]
    return regions


def _committees_in(resolver: Resolver, regions) -> list[Mention]:
    return [m for m in resolver.committees if any(a <= m.start < b for a, b in regions)]


def named_organisations(resolver: Resolver) -> list[Party]:
    """Every organisation the text names, once each under its canonical name, in reading order."""
    groups = sorted((g for g in resolver.groups if g.mentions), key=lambda g: min(m.start for m in g.mentions))
    return [_party(resolver, g.name) for g in groups]


def _party(resolver: Resolver, name: str) -> Party:
    g = resolver.group(name)
    if g is None:
        return Party(name, resolver.known_number(name), -1, -1)
    first = min(g.mentions, key=lambda m: m.start) if g.mentions else None
    return Party(g.name, g.org_number, first.start if first else -1, first.end if first else -1, list(g.aliases))
