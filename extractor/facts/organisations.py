"""Organisations and committees named in a document, resolved to canonical names.

Sources of a mention, strongest first:
- the known organisations (:class:`KnownOrganisations`, ``data/organisations.json``: municipalities
  and regions with their committees, state agencies and universities);
- the name written next to an organisation number (it becomes an alias of that number);
- name shapes that mark an organisation (``Region X``, ``X kommun``, ``X stad``,
  ``...föreningen i Y``, ``Stiftelsen X``, ``Svenska X``, ``X AB``, ``...Stadsmission``);
- an abbreviation defined in the text (``Behandlingscenter ... (RKC)``).

How names vary (genitive, units, local chapters, spelling slips) and when two are variants of one
organisation is :mod:`extractor.facts.names`, the rules the index's registry uses as well; names
carrying different organisation numbers stay apart.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Optional

from extractor.facts import names
from extractor.identifiers import orgnr
from extractor.reading import textclean
from extractor import vocab

# acronyms come in as defined abbreviations; a full stop inside a word ("St.Petri") is
# followed by a letter, one after it ends a sentence ("... till Föreningen X. Bidraget ...")
_CAP = r"[A-ZÅÄÖÉ][a-zåäöéü](?:[A-Za-zÅÄÖåäöéü&]|\.(?=[A-Za-zÅÄÖåäöéü]))*+(?:-[A-Za-zÅÄÖåäö]++)*+"
_SEP = r"(?:[ \t]+|[ \t]*\n[ \t]*)"  # a name may wrap onto the next line, never across a blank line
# "... i Malmö", wrapped or not; or the county after its place name ("Brottsofferjouren Uppsala län")
_PLACE = rf"(?:{_SEP}i{_SEP}[A-ZÅÄÖ][a-zåäö]+|[ \t]+län(?![\wåäö]))?"
# A company's name: capitalised words, acronyms and "&" before its form ("GS Buss AB",
# "Göteborg & Co AB", "Göteborgs Stads Leasing AB"), or a form inside it ("Förvaltnings AB
# Framtiden"). It comes first: a company named after its owner city is no mention of the city.
_WORD_IN_COMPANY = rf"(?:{_CAP}|[A-ZÅÄÖ]{{2,5}})"


def _first_letter(words: list[str]) -> str:
    """A lookahead for the first letters of ``words``: put before their alternation where a pattern
    tries it at every place of a word, it rejects most places with one test instead of one for
    each word."""
    return f"(?=[{''.join(sorted({re.escape(w[0]) for w in words}))}])"


_KINDS = ["föreningen", "förening", "förbundet", "förbund", "stadsmissionen", "stadsmission", "kretsen", "krets"]
_KIND_WORD = f"(?i:{_first_letter(_KINDS)}(?:{'|'.join(_KINDS)}))"
_PLACE_KINDS = vocab.load("organisations")["place_names"]["kinds"]
_LEGAL_FORM_ENDING = "|".join(e.replace(" ", r"[ \t]+") for e in vocab.load("organisations")["legal_form_endings"]["endings"])
_NAME_SHAPES = [
    # a registered name followed by its legal form in lower case ("Hjälpande Händer i Falun ideell förening")
    rf"{_CAP}(?:[ \t]+(?:{_CAP}|i|för|och|&)){{0,5}},?[ \t]+(?:{_LEGAL_FORM_ENDING})(?![\wåäö])",
    rf"[A-ZÅÄÖ][a-zåäö]++(?<=[a-zåäö]s)[ \t]+AB[ \t]+{_CAP}"
    rf"|{_WORD_IN_COMPANY}(?:[ \t]+(?:{_WORD_IN_COMPANY}|&)){{0,4}}[ \t]+(?:AB|HB|KB)(?![\wåäö])",
    # "Region Jönköpings län", and a region by its name before 2019, "Landstinget Dalarna",
    # "Landstinget i Uppsala län", "Stockholms läns landsting"; a name's words are one space apart,
    # a wider gap is a letterhead's next column ("Region Gotland            Delegationsbeslut")
    r"(?:Region|Landstinget(?:[ ]i)?)\s+[A-ZÅÄÖ][a-zåäö]+(?:[ ][A-ZÅÄÖ][a-zåäö]+|[ ]län(?![\wåäö]))?",
    r"[A-ZÅÄÖ][a-zåäö]+s[ ]läns[ ]landsting(?![\wåäö])",
    r"[A-ZÅÄÖ][a-zåäö]++(?:[ \t]+[A-ZÅÄÖ][a-zåäö]++)?\s+(?:kommun|stad|Stad|Kommun)s?(?![\wåäö])",
    # "Kvinnojouren Freja i Växjö", "Brottsofferjouren Kronoberg": a jour's name follows the word
    rf"(?:Svenska|Föreningen|Stiftelsen|Riksförbundet|Förbundet|[A-ZÅÄÖ][a-zåäö]*jouren)(?:{_SEP}{_CAP}){{1,4}}{_PLACE}",
    rf"(?:{_CAP}[ \t]+){{0,3}}(?=[A-ZÅÄÖ])[\w-]*?{_KIND_WORD}s?(?![\wåäö]){_PLACE}",
    # the same name wrapped before its kind's word, from within a line ("... med Nacka" /
    # "Fotbollsförening"): a line of its own above is a heading ("Sammanfattning" / "Föreningen ...")
    rf"(?<=\w[ \t])(?:{_CAP}[ \t]+){{0,2}}{_CAP}[ \t]*\n[ \t]*(?=[A-ZÅÄÖ])[\w-]*?{_KIND_WORD}s?(?![\wåäö]){_PLACE}",
    # a place (or a county: "Kalmar läns") and a compound ending in the association's kind: "Torsås hembygdsförening",
    # "Ådalens kvinno- och tjejjour", "Botkyrka Kvinnojour" (the kinds and the words that name no place are data)
    # (a capitalised compound on the place's line only: a heading above a sentence is no place)
    rf"(?P<place>[A-ZÅÄÖ][a-zåäö]++)(?:{_SEP}(?:läns{_SEP})?(?:[a-zåäö]++-,?{_SEP}(?:[a-zåäö]++-,?{_SEP})*(?:och|samt){_SEP})?"
    r"[a-zåäö]{3,}|[ ](?:läns[ ])?[A-ZÅÄÖ][a-zåäö]{2,})" + _first_letter(_PLACE_KINDS)
    + "(?:" + "|".join(_PLACE_KINDS) + r")(?:en|et|n)?s?(?![\wåäö])",
]
# every shape starts with a capital: the lookahead rejects other positions with one test
_SHAPES = re.compile("(?=[A-ZÅÄÖÉ])(?:" + "|".join(f"(?:{p})" for p in _NAME_SHAPES) + ")")
# A committee's name is one word ending in its kind, or a list of compounds sharing it
# (``arbetsmarknads- och socialnämnden``): only a word ending so or in a hyphen can start one, which
# the lookahead tests with one pass over the word (the rest of the pattern tries every split of it).
_COMMITTEE_START = vocab.word_ending(["nämnd", "nämnden", "nämnds", "nämndens", "styrelsen", "styrelsens",
                                     "fullmäktige", "fullmäktiges", "-"])
_COMMITTEE = re.compile(
    r"(?<![\w-])" + _COMMITTEE_START + r"((?:[A-ZÅÄÖa-zåäö]+-,?\s+(?:[a-zåäö]+-,?\s+)*(?:och|samt)\s+)?"
    r"[A-ZÅÄÖa-zåäö][a-zåäö]{2,}?(?:nämnden|nämnd|styrelsen|fullmäktige)s?)(?![\wåäö])"
)
_ABBREVIATION = re.compile(r"\s*\(([A-ZÅÄÖ]{2,6})\)")
# an abbreviation defined within a line after a name, matched from the name's end
_DEFINED_ABBREVIATION = re.compile(r"[^\n()]{0,80}?" + _ABBREVIATION.pattern)


@dataclass
class Mention:
    name: str  # as written, whitespace folded
    start: int
    end: int
    kind: str = "organisation"  # or "committee"
    canonical: Optional[str] = None
    authority: Optional[str] = None  # the municipality or region a committee belongs to


@dataclass
class Organisation:
    name: str
    org_number: Optional[str] = None
    aliases: list[str] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)


_CLOSEST_KEPT = 50_000  # names whose closest alias the list keeps


class KnownOrganisations:
    """The organisations and committees known before reading any document (the packaged list,
    :func:`known_organisations`): canonical names, numbers, aliases, domains, prefixes."""

    def __init__(self, entries: list[dict]):
        self.entries = entries
        self._alias = {}
        self._number = {}
        self._committee = {}
        self._domain = {}
        self._prefix = {}
        self._closest: dict[str, Optional[str]] = {}
        for e in entries:
            self._add(e)

    def _add(self, e: dict) -> None:
        for alias in [e["name"], *e.get("aliases", [])]:
            self._alias[alias.casefold()] = e["name"]
        if e.get("org_number"):
            self._number[e["org_number"]] = e["name"]
        for d in e.get("domains", []):
            self._domain[d] = e["name"]
        for c in e.get("committees", []):
            for alias in [c["name"], *c.get("aliases", [])]:
                self._committee[alias.casefold()] = (c["name"], e["name"])
            if c.get("short"):
                self._prefix[c["short"]] = e["name"]

    def aliases(self) -> dict[str, str]:
        return dict(self._alias)

    def canonical(self, name: str) -> Optional[str]:
        key = " ".join(name.split()).casefold()
        hit = self._alias.get(key) or self._alias.get(names.without_genitive(key))
        if hit or not names.spelt_out(key):
            return hit
        return self._closest_alias(key)

    def _closest_alias(self, key: str) -> Optional[str]:
        """The organisation of the alias most like ``key`` (an OCR slip), if one is like enough.
        Kept for the names met (the list does not change once built; a document names each of
        its organisations many times, and an archive the same ones in document after document)."""
        if key not in self._closest:
            if len(self._closest) >= _CLOSEST_KEPT:
                self._closest.clear()
            best = names.closest(key, list(self._alias))
            self._closest[key] = self._alias[best] if best else None
        return self._closest[key]

    def by_number(self, number: str) -> Optional[str]:
        return self._number.get(number)

    def committee(self, name: str) -> Optional[tuple[str, str]]:
        key = " ".join(name.split()).casefold()
        return self._committee.get(key) or self._committee.get(names.committee_base(key).casefold())

    def authority_for_prefix(self, prefix: str) -> Optional[str]:
        return self._prefix.get(prefix.upper())

    def authority_for_domain(self, domain: str) -> Optional[str]:
        return self._domain.get(domain.lower())


@lru_cache(maxsize=1)
def known_organisations() -> KnownOrganisations:
    """The packaged list: ``known`` of ``data/organisations.json`` and the state's bodies."""
    return KnownOrganisations(vocab.load("organisations")["known"] + state_bodies())


def state_bodies() -> list[dict]:
    """The state's bodies as entries of the known organisations: agencies and universities by name, the county
    boards by their official name with the other name they print."""
    data = vocab.load("organisations")["state_bodies"]
    return ([{"name": name} for name in data["names"]]
            + [{"name": official, "aliases": aliases} for official, *aliases in data["county_boards"]])


def committee_name(written: str) -> str:
    """``arbetsmarknads- och socialnämndens`` -> ``Arbetsmarknads- och socialnämnden``."""
    base = names.committee_base(" ".join(written.split()))
    return base[:1].upper() + base[1:]


def find_mentions(text: str, known: KnownOrganisations) -> list[Mention]:
    """Every organisation and committee mention, non-overlapping, longest first at each place."""
    found = _known_mentions(text, known) + _shape_mentions(text) + _committee_mentions(text, known)
    found = _non_overlapping(found)
    return found + _bare_county_board(text, found)


_BARE_COUNTY_BOARD = re.compile(r"(?i)(?<![\w-])länsstyrelsen(?::?s)?(?![\wåäö])")


def _bare_county_board(text: str, found: list[Mention]) -> list[Mention]:
    """``Länsstyrelsen beviljar``: the county board the text names in full, when it names one."""
    boards = {m.canonical for m in found if m.canonical in _county_boards()}
    if len(boards) != 1:
        return []
    board = boards.pop()
    taken = [(m.start, m.end) for m in found]
    return [Mention(m.group(), m.start(), m.end(), canonical=board) for m in _BARE_COUNTY_BOARD.finditer(text)
            if not any(a <= m.start() < b for a, b in taken)]


@lru_cache(maxsize=1)
def _county_boards() -> frozenset[str]:
    return frozenset(official for official, *_ in vocab.load("organisations")["state_bodies"]["county_boards"])


def _known_mentions(text: str, known: KnownOrganisations) -> list[Mention]:
    pattern = _alternation(tuple(known.aliases()))
    out = []
    for m in pattern.finditer(text):
        written = " ".join(m.group().split())
        canonical = known.canonical(written)
        committee = known.committee(written)
        if committee:
            out.append(Mention(written, m.start(), m.end(), "committee", committee[0], committee[1]))
        elif canonical:
            out.append(Mention(written, m.start(), m.end(), canonical=canonical))
    return out


@lru_cache(maxsize=8)
def _alternation(aliases: tuple[str, ...]) -> re.Pattern:
    """A known name wherever written, but not as part of an e-mail or web address
    (``kn.remissvar@regeringskansliet.se``, ``www.kammarkollegiet.se``): an addressee's address names
    no organisation of the text."""
    parts = sorted({re.escape(a).replace(r"\ ", r"\s+") for a in aliases}, key=len, reverse=True)
    return re.compile(rf"(?i){vocab.starts(aliases)}(?<![\w@.-])(?:{vocab.factored(parts, ignorecase=True)})(?::?s)?"
                      r"(?![\wåäö]|\.[a-z]{2,}\b)")


def _shape_mentions(text: str) -> list[Mention]:
    out = []
    not_places = _not_places()
    for m in _shape_matches(text):
        if m.group("place") and m.group("place").casefold() in not_places:
            continue
        start = m.start()
        lead = _FIRST_WORD.match(text, start, m.end())
        end = m.end()
        if lead and lead.group(1) in _not_first_words():  # "För Härnösands kommun" under a signature
            start = lead.end()
            again = _SHAPES.match(text, start)  # the name's own shape from its first word ("Köpare  Fastighets AB Sätra")
            end = max(end, again.end()) if again else end
        end = _list_item_end(text, start, end)
        name = _strip_unit(_sentence_end(" ".join(text[start:end].split())), text, end)
        if name and name.casefold() not in _BARE_NOUNS:  # "Föreningen bidrar ...": a word for a party, not a name
            out.append(Mention(name, start, start + _written_length(text, start, name)))
    return out


def _shape_matches(text: str):
    """The name shapes' matches, left to right. A match that runs from a short line onto the next
    (``Jonatan Lilja`` / ``Stadsmissionen i Lund``, a contact block) and whose part on its own line
    has no name's shape is no name: the next line is searched again on its own."""
    at = 0
    while (m := _SHAPES.search(text, at)) is not None:
        brk = text.find("\n", m.start(), m.end())
        cut = _list_item_end(text, m.start(), m.end()) if brk >= 0 else m.end()
        if cut < m.end() and not _SHAPES.fullmatch(text[m.start():cut].strip()):
            at = brk + 1
            continue
        yield m
        at = max(m.end(), m.start() + 1)


_FIRST_WORD = re.compile(r"(\w+)[ \t]+(?=\w)")

@lru_cache(maxsize=1)
def _not_first_words() -> frozenset[str]:
    roles = (w.capitalize() for w in vocab.words("documents", "party_role_labels"))  # "Säljare  Helsingborgs stad"
    return frozenset(vocab.load("organisations")["not_first_words"]).union(roles)


@lru_cache(maxsize=1)
def _not_places() -> frozenset[str]:
    return frozenset(w.casefold() for w in vocab.load("organisations")["place_names"]["not_places"])


def _sentence_end(name: str) -> str:
    """A name without the full stop of its sentence (``... Stiftelsen Ludvika Stadsmission.``);
    an abbreviation's stop stays (``Göteborg & Co.``)."""
    last = name.rsplit(" ", 1)[-1]
    return name[:-1] if last.endswith(".") and len(last) > 4 and "." not in last[:-1] else name


_ADDRESS_LINE = re.compile(r"[ \t]*(?i:" + vocab.alternation("documents", "address_labels") + r")[ \t]*:?[ \t]*\w")
_BARE_NOUNS = {"föreningen", "förening", "förbundet", "förbund", "kretsen", "krets"}
_WRAP_MIN = 45  # a line shorter than this was not wrapped: it ended where its item ended


def _list_item_end(text: str, start: int, end: int) -> int:
    """Where a name ends that the name shapes let run onto the next line: not past the line break
    when its own line is short and the next line holds only the words taken (``Expedieras till``
    lists one addressee a line: ``Föreningen X`` / ``Ekonomienheten``), nor when the next line is
    an address (``Föreningen X`` / ``Box 118``)."""
    brk = text.find("\n", start, end)
    if brk < 0:
        return end
    if _ADDRESS_LINE.match(text, brk + 1):
        return len(text[:brk].rstrip())  # an addressee's name over its "Box 118" line
    line_end = text.find("\n", end)
    own_line = text[textclean.line_start(text, start, _WRAP_MIN * 4):brk]
    if len(own_line.strip()) < _WRAP_MIN and not text[end:line_end if line_end >= 0 else len(text)].strip():
        return len(text[:brk].rstrip())
    return end


def _committee_mentions(text: str, known: KnownOrganisations) -> list[Mention]:
    out = []
    for m in vocab.scan(_COMMITTEE, text, names.body_starts(text)):
        start = names.with_adjective(text, m.start(1))  # "Tekniska nämnden"
        written = " ".join(text[start:m.end(1)].split())
        if names.committee_base(written).casefold() in _state_body_words():
            continue  # Länsstyrelsen, Socialstyrelsen, Skogsstyrelsen: state agencies, no committee
        listed = known.committee(written)
        name, authority = listed if listed else (committee_name(written), None)
        place = names.PLACE.match(text, m.end(1))  # "Socialnämnden i Kalmar kommun": that municipality's
        if place and not listed:
            authority = " ".join(place.group("place").split())
        out.append(Mention(written, start, m.end(1), "committee", name, authority))
    return out


@lru_cache(maxsize=1)
def _state_body_words() -> frozenset[str]:
    return frozenset(alias.casefold() for body in state_bodies() for alias in [body["name"], *body.get("aliases", [])]
                     ) | {"länsstyrelsen"}


def _strip_unit(name: str, text: str, end: int) -> Optional[str]:
    """Cut a unit off its organisation and drop a genitive: ``Röda Korsets behandlingscenter`` -> ``Röda Korset``."""
    words = name.split()
    headings = set(vocab.words("documents", "headings"))
    cut = next((i for i, w in enumerate(words) if i and w.casefold() in headings), None)
    if cut:
        words = words[:cut]
        name = " ".join(words)
    at = names.unit_start(words)
    if at:
        words = words[:at]
    following = text[end:end + 2]
    if words[-1].endswith(("s", ":s")) and not words[-1].casefold().endswith(_own_s_endings()) and (
            len(words) < len(name.split()) or (re.match(r"\s[a-zåäö]", following)
                                               and not _stands_alone(" ".join(words), text))):
        words[-1] = names.without_genitive(words[-1])
    cleaned = " ".join(words)
    return cleaned if len(cleaned) >= 4 else None


@lru_cache(maxsize=1)
def _own_s_endings() -> tuple[str, ...]:
    return tuple(vocab.words("organisations", "own_s_endings"))


def _stands_alone(name: str, text: str) -> bool:
    """Whether ``name`` stands somewhere with nothing after it that it could be the genitive of
    (a comma, a parenthesis, the end of a line or sentence): its ``-s`` is then its own
    (``Föreningen Kvarnbyns Mötesplats driver …`` beside ``Föreningen Kvarnbyns Mötesplats.``)."""
    return any(_NOTHING_OWNED.match(text, m.end()) for m in find_words(name, text))


# after a name: nothing it could be the genitive of (punctuation, the end of a line or the text)
_NOTHING_OWNED = re.compile(r"[ \t]*(?:$|[,.;:()]|\n[ \t]*(?![a-zåäö]))")


def _written_length(text: str, start: int, name: str) -> int:
    """Length in ``text`` of the words of ``name`` starting at ``start`` (whitespace may differ)."""
    m = words_pattern(name).match(text, start)
    return (m.end() - start) if m else len(name)


@lru_cache(maxsize=4096)
def words_pattern(name: str, flags: int = 0) -> re.Pattern:
    """A pattern for the words of ``name`` with any white space (a line break too) between them.
    Search it with :func:`find_words`: a pattern that starts with a literal word is searched by
    skipping to that word, but ignoring case no literal speeds up the search."""
    return re.compile(r"\s+".join(re.escape(w) for w in name.split()), flags)


def find_words(name: str, text: str, flags: int = 0):
    """Every place ``text`` writes the words of ``name`` (:func:`words_pattern`), as ``finditer``
    finds them; ignoring case, only where the first word stands in the text's lower case."""
    pattern = words_pattern(name, flags)
    if flags & re.IGNORECASE:
        return vocab.finditer_at(pattern, text, [name])
    return pattern.finditer(text)


def _non_overlapping(mentions: list[Mention]) -> list[Mention]:
    ordered = sorted(mentions, key=lambda m: (m.start, -(m.end - m.start)))
    out: list[Mention] = []
    for m in ordered:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out


def abbreviations(text: str, mentions: list[Mention]) -> dict[str, Mention]:
    """Abbreviations defined right after a mention: ``... torterade (RKC)`` -> ``{"RKC": mention}``."""
    out = {}
    for m in mentions:
        if m.kind != "organisation":
            continue
        tail = _DEFINED_ABBREVIATION.match(text, m.end)
        if tail and not re.search(r"[.;]", text[tail.start():tail.start(1)]):
            out.setdefault(tail.group(1), m)
    return out


def name_before(text: str, number_start: int, ordered: list[Mention], starts: list[int],
                window: int = 220) -> Optional[Mention]:
    """The organisation an organisation number belongs to: the nearest organisation named before it.

    ``ordered`` holds the organisation mentions sorted by start, ``starts`` their starts.
    """
    lo = max(0, number_start - window)
    nearby = ordered[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, number_start)]
    candidates = [m for m in nearby if m.end <= number_start]
    if not candidates:
        return None
    nearest = candidates[-1]
    between = text[nearest.end:number_start]
    if orgnr.find(between):
        return None
    kind = _kind_before(between)
    if kind and not _of_kind(nearest, kind):
        # "Länsstyrelsen beviljar föreningen (org. nr …)": the association named before, however far
        return next((m for m in reversed(ordered[:bisect.bisect_left(starts, number_start)])
                     if m.end <= number_start and _of_kind(m, kind)), None)
    number = orgnr.find(text[number_start:number_start + 24])
    if number and not number[0].number.startswith("2") and _is_public_body(nearest):
        # the first digit tells the legal form, and a municipality, region or state body is numbered in group 2
        return None
    written = fallback_name(text, number_start)
    at = text.rfind(written, max(0, number_start - 200), number_start) if written else -1
    if at >= nearest.end and not text[nearest.end:at].rstrip().endswith(","):
        # "... beviljas Skåre Båtklubb (org.nr ...)": the name written right before it, not an earlier
        # one; a place after a comma ("..., Malmö (organisationsnummer ...") still names the one before
        return None
    return nearest


_ORG_LABEL = re.compile(r"(?i)[\s,(]*(?:org(?:anisations)?\.?\s*-?\s*(?:nr|nummer)\.?|organisationsnummer)?\s*:?\s*$")


def _kind_before(between: str) -> Optional[str]:
    """The kind in its definite form written right before an organisation number (``föreningen (org.nr``)."""
    words = re.findall(r"[\wåäö]+", between[:_ORG_LABEL.search(between).start()][-40:])
    return words[-1].casefold() if words and words[-1].casefold() in _kind_references() else None


def _of_kind(m: Mention, kind: str) -> bool:
    folded = (m.canonical or m.name).casefold()
    # the kind's word ends a word of the name ("Hembygdsföreningen", "Föreningen X"); a short one
    # ("AB") is a word of its own
    return any(re.search((_WORD_START if len(w) < 3 else "") + re.escape(w) + r"(?:en|et|n)?(?![\wåäö])", folded)
               for w in _kind_references()[kind])


_WORD_START = r"(?<![\wåäö])"


@lru_cache(maxsize=1)
def _kind_references() -> dict[str, tuple[str, ...]]:
    return {k: tuple(v) for k, v in vocab.load("organisations")["kind_references"].items() if k != "_doc"}


def _is_public_body(m: Mention) -> bool:
    """A municipality, region, county board or state body: known, or by its name's shape."""
    name = m.canonical or m.name
    return (name.casefold() in _public_names() or bool(_PUBLIC_SHAPE.search(name))) and not names.COMPANY_FORM.search(name.casefold())


_PUBLIC_SHAPE = re.compile(r"(?i)^(?:region|landstinget|länsstyrelsen)\s|\s(?:kommun|stad|läns landsting)s?$")


@lru_cache(maxsize=1)
def _public_names() -> frozenset[str]:
    return frozenset(alias.casefold() for alias in known_organisations().aliases())


def fallback_name(text: str, number_start: int) -> Optional[str]:
    """The capitalised words just before ``(org nr ...`` when no known shape matched."""
    line_start = textclean.line_start(text, number_start, 200)
    before = text[max(line_start, number_start - 200):number_start]
    m = re.search(
        r"((?:[A-ZÅÄÖ][\w&.-]*)(?:[ \t]+(?:[A-ZÅÄÖ][\w&.-]*|i|för|och|av|på))*)[ \t,]*\(?[ \t]*"
        r"(?:org(?:anisations)?\.?[ \t]*-?[ \t]*(?:nr|nummer)\.?)?[ \t]*:?[ \t]*$",
        before,
    )
    if not m or len(m.group(1)) < 4 or re.match(r"(?i)org", m.group(1)):
        return None
    return m.group(1).strip()
