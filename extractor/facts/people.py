"""Named officials and their titles.

The layouts decision documents use (seen in Malmö stad and Region Skåne records):
``Vår referens`` then a name and a title on the next lines; ``Ansvariga`` lines
``Name Title``; ``Avdelningschef Name``; signatures ``Name, titel Förvaltning, Kommun``;
``Verksamhetschef är Name``; contact persons (a name followed by an e-mail address, a
phone number or an organisation line) with no title. A title is a word in
``data/people.json``: ending in ``-chef``, ``-sekreterare``, ``-direktör`` and so on.

Protocols add layouts that run inside a line or across table cells: a list of members with
their party (``Anna Persson (M), 1:e vice ordförande``) and a title before a name within a
sentence or a cell (``Övriga deltagande  Kommunchef Mats Widén``). These are matched on the
spaCy ``Doc``'s tokens with a ``Matcher`` whose patterns are data (``token_patterns``).
"""

from __future__ import annotations

import bisect
import re
from functools import lru_cache, partial
from typing import TYPE_CHECKING

from extractor import vocab
from extractor.model import Person

if TYPE_CHECKING:
    from spacy.matcher import Matcher
    from spacy.tokens import Doc

# (possessive: what follows a name's word in every pattern is no small letter, so a shorter run
# of them never matches where the whole run does not)
_WORD = r"[A-ZÅÄÖÉ][a-zåäöéüë]++(?:-[A-ZÅÄÖ][a-zåäöéü]++)?"
_INITIAL = r"[A-ZÅÄÖ]\.(?:-?[A-ZÅÄÖ]\.)?"
# up to three lower-case words after a title that name the field its holder heads: words of five
# letters or more, so that no preposition ("på", "inom", "för") starts a phrase of another kind
_UNIT_WORDS = r"(?:[ \t][a-zåäö][a-zåäö-]{4,}){0,3}"
# how a contact is reached: an e-mail address, a phone label, a Swedish phone number (0 and the area code)
_REACHED_AT = r"(?:[\w.-]+@[\w.-]+|(?:Tel|Telefon|Mobil)\b|0\d{1,3}[ -]?\d\d)"
# the body a title's holder serves, after "i" ("Ordförande i socialnämnden", "ledamot i barn- och
# utbildningsnämnden")
_BODY_SERVED = (r"[ \t]+i[ \t]+(?:[a-zåäö]+-[ \t]+och[ \t]+)?[a-zåäö-]+"
                r"(?:nämnden|styrelsen|fullmäktige|utskottet|direktionen)(?![\wåäö])")
RIGHT_CELL = 20  # spaces that put a line's text in a letterhead's or a signature block's right column


_SHAPES = ("title", "name", "name_word", "name_line", "title_line", "title_before_break")  # patterns of one part, not layouts of a person
# The layouts that start a line with a name or with a title are tried only at the line starts
# where one stands (one scan for each kind of start, instead of one scan of every line for each).
_LEADS = {"name_title": "name_and_title_line", "signature": "name_line", "name_then_title": "name_line",
          "contact": "name_line", "title_name": "title_line", "role_above_name": "title_line"}


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    data = vocab.load("people")
    particles = "|".join(data["name_particles"])
    # a middle initial after the first name: "Maria E. Holm"
    name = rf"(?P<name>{_WORD}(?:[ \t]+{_INITIAL})?(?:[ \t]+(?:(?:{particles})[ \t]+)?{_WORD}){{1,2}})"
    suffixes = vocab.factored(sorted(data["title_suffixes"], key=len, reverse=True), ignorecase=True)
    words = vocab.factored(sorted((re.escape(w) for w in data["title_words"]), key=len, reverse=True), ignorecase=True)
    labels = "|".join(re.escape(w) for w in data["contact_labels"])
    first = vocab.starts(data["title_suffixes"])  # a suffix is tried only where one can start
    # a title may name the body it serves first: "Kommunstyrelsens ordförande"
    body = r"(?:(?i:[a-zåäö-]+(?:nämndens|styrelsens|fullmäktiges|utskottets))[ \t]+)?"
    title_word = (rf"(?:{body}{_modifiers()}(?i:(?:[a-zåäö]+-[ \t]+och[ \t]+)?[a-zåäö-]*{first}(?:{suffixes})"
                  rf"|{vocab.starts(data['title_words'])}(?:{words})))")
    return {
        "name_title": re.compile(rf"(?m)^[ \t]*{name}[ \t]*,?[ \t]+(?P<title>{title_word})[ \t]*$"),
        "title_name": re.compile(rf"(?m)^[ \t]*(?P<title>{title_word})[ \t]+{name}[ \t]*$"),
        "signature": re.compile(rf"(?m)^[ \t]*{name},[ \t]*(?P<title>{title_word}(?:[ \t]+[^,\n]+)?)(?:,|$)"),
        # a signing block: the role on one line, the name under it, then a blank line
        # (or with the next signature's cells in another column under it)
        "role_above_name": re.compile(rf"(?m)^[ \t]*(?P<title>{title_word})[ \t]*:?[ \t]*\n[ \t]*{name}[ \t]*"
                                      rf"(?:\n[ \t]*\n|\n?\Z|(?=\n[ \t]{{{RIGHT_CELL},}}\S))"),
        # the title may name what its holder heads in words of its own ("Direktör social hållbarhet")
        "name_then_title": re.compile(rf"(?m)^[ \t]*{name}[ \t]*\n(?:[ \t]*\n)?[ \t]*(?P<title>{title_word}(?:{_BODY_SERVED}|{_UNIT_WORDS}))[ \t]*$"),
        # Any word before " är Name", checked against the title shape afterwards (fast: no
        # title alternation tried at every position).
        # (possessive: a word is followed by a space or by nothing this pattern takes)
        "title_is": re.compile(rf"(?<![\w-])(?P<title>[\w-]++)[ \t]+är[ \t]+{name}"),
        "title": re.compile(rf"{title_word}"),
        # a title that ends its line's text before a name's first word ("fritidschef Åsa")
        "title_before_break": re.compile(rf"(?<![\w.-])(?P<title>{title_word})[ \t]$"),
        "name": re.compile(name),
        # one word of a name: capitalised, no title however inflected (Ordföranden)
        "name_word": re.compile(rf"(?!(?i:[a-zåäö-]*(?:{suffixes})(?:n|en|na|s)?$)){_WORD}"),
        # the line breaks after which a line starts with a name, or with a title
        "name_line": re.compile(rf"\n(?=[ \t]*{name})"),
        "title_line": re.compile(rf"\n(?=[ \t]*{title_word})"),
        "labelled": re.compile(rf"(?m)^[ \t]*(?i:{labels})[ \t]*:[ \t]*{name}[ \t]*$"),
        # a contact: a name and under it an e-mail address, a phone or the unit; or the
        # organisation's line and then the address or the phone ("Jonatan Lilja" / "Stadsmissionen
        # i Lund" / "Tel: 046-211 80 40")
        "contact": re.compile(rf"(?m)^[ \t]*{name}[ \t]*\n[ \t]*(?:[^\n\d][^\n]*\n[ \t]*(?={_REACHED_AT})|"
                              rf"{_REACHED_AT}|[A-ZÅÄÖ][^\n]*(?:förvaltning|avdelning|centret|center|styrning|kontor)[^\n]*)"),
    }


@lru_cache(maxsize=1)
def _modifiers() -> str:
    """The words before a title that belong to it (``title_modifiers``: ``tillförordnad``,
    ``t.f.``, ``biträdande``), at most two, each followed by white space; any case."""
    words = vocab.factored(re.escape(w).replace(r"\ ", r"[ \t]+") for w in vocab.words("people", "title_modifiers"))
    return rf"(?:(?<![\w.])(?i:{words})[ \t]+){{0,2}}"


@lru_cache(maxsize=1)
def _title_head() -> re.Pattern:
    """What stands before a title word and belongs to it, up to the title: its modifiers and the
    first part of a compound joined by ``och`` (``biträdande hälso- och`` sjukvårdsdirektör)."""
    return re.compile(rf"{_modifiers()}(?i:(?<![\w.-])[a-zåäö]+-[ \t]+och[ \t]+)?$")


_HEAD_REACH = 60  # characters before a title where its modifiers stand


def _title_runs_on(text: str, title: int, name: int, name_end: int) -> bool:
    """Whether a title at offset ``title`` runs on to the name at ``name`` (ending at ``name_end``):
    on one line, or wrapped in a sentence (``... efter föredragning av handläggare`` / ``Eva
    Sjöberg.``: a sentence's word or end before the title on its line, the name on the next line
    and the sentence going on after it). A title alone on its line above a name is a signature's,
    read by the line layouts; a list's title at a line's end (``Eva Ek, Nämndsekreterare``) is not
    the next line's person's."""
    between = text.count("\n", title, name)
    if between == 0:
        return True
    line = text.rfind("\n", 0, title) + 1
    return between == 1 and bool(_SENTENCE_RUNS_INTO.search(text, line, title)) and bool(_SENTENCE_GOES_ON.match(text, name_end))


# a sentence's word or end before a wrapped title ("av handläggare", "Lindberg. Revisionsdirektör"),
# not a list's comma ("Denis Karamyshev, Nämndsekreterare"); words after its name, or its end
_SENTENCE_RUNS_INTO = re.compile(r"(?:[a-zåäö]|[.!?])[ \t]+$")
_SENTENCE_GOES_ON = re.compile(r"[ \t]*[.;]|[ \t]+[a-zåäö]")


# A name broken after its first word, a word and one space before it on its line: "... och
# Kristina" / "Zakrisson (S)". (The first letter is tested before the look-behind, so that the
# scan skips to capitals.)
_BROKEN_NAME = re.compile(rf"[A-ZÅÄÖÉ](?<=\S[ \t][A-ZÅÄÖÉ])[a-zåäöéüë]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?[ \t]*\n[ \t]*{_WORD}")


_PARTY_REACH = 12  # characters after a name where its party in brackets stands


def _broken_names(text: str) -> list[Person]:
    """Names broken across a line where a sentence or a list runs on: a member with the party
    after the name (``Mats Ek (S) och Kristina`` / ``Zakrisson (S) yrkar ...``), or a person with
    the title before the name and the sentence going on after it (``... tillsammans med kultur- och
    fritidschef Åsa`` / ``Henriksson.``). A capitalised word alone at a line's start, or in another
    column, is no first name; neither is a name with nothing of these around it."""
    patterns, (titles, party) = _patterns(), _anchor_words()
    out = []
    for m in _BROKEN_NAME.finditer(text):
        first, last = m.group().split()
        if not (patterns["name_word"].fullmatch(first) and patterns["name_word"].fullmatch(last)):
            continue
        if party.match(text[m.end():m.end() + _PARTY_REACH].lstrip(" \t").lower()):
            out.append(Person(f"{first} {last}", None, m.start(), m.end()))
            continue
        line = max(text.rfind("\n", 0, m.start()) + 1, m.start() - _HEAD_REACH)
        before = text[line:m.start()].split()
        if not (before and before[-1].lower().endswith(titles) and _SENTENCE_GOES_ON.match(text, m.end())):
            continue
        title = patterns["title_before_break"].search(text, line, m.start())
        if title:
            out.append(Person(f"{first} {last}", " ".join(title.group("title").split()), m.start(), m.end()))
    return out


def _with_head(text: str, start: int, title: str) -> str:
    """``title``, starting at ``start`` in ``text``, with the words before it on its line that
    belong to it (:func:`_title_head`)."""
    line = max(text.rfind("\n", 0, start) + 1, start - _HEAD_REACH)
    head = _title_head().search(text, line, start)
    return " ".join((text[head.start():start] + title).split()) if head else title


def _with_definite_head(text: str, start: int, title: str) -> str:
    """A definite title's base form ``title`` (its word at ``start``) with the modifiers before it,
    in their base form too: ``rättsliga experten`` -> ``rättslig expert``, ``den biträdande
    juristen`` -> ``biträdande jurist``."""
    line = max(text.rfind("\n", 0, start) + 1, start - _HEAD_REACH)
    head = []
    for word in reversed(text[line:start].split()[-2:]):
        base = _modifier_base(word.casefold())
        if base is None:
            break
        head.insert(0, base)
    return " ".join([*head, title])


def _modifier_base(word: str) -> "str | None":
    """A title modifier from its form before a definite title (``rättsliga``, ``tillförordnade``)."""
    modifiers = vocab.words("people", "title_modifiers")
    return next((word[:len(word) - len(ending)] for ending in ("", "a", "e")
                 if word.endswith(ending) and word[:len(word) - len(ending)] in modifiers), None)


def find(text: str, not_names=(), doc: "Doc | None" = None) -> list[Person]:
    """Every distinct person, with the title of its first mention that has one.
    ``doc`` is the text's spaCy ``Doc``; without it only the lines where a token pattern can
    match are tokenized (:func:`_token_matches_in`), with the same matches."""
    data = vocab.load("people")
    excluded = {w.casefold() for w in data["not_names"]} | {n.casefold() for n in not_names}
    labels = set(data["contact_labels"])
    roles = set(data["meeting_roles"])
    patterns = _patterns()
    mentions: list[Person] = []
    starts = _lead_starts(text)
    for kind, pattern in patterns.items():
        if kind in _SHAPES:
            continue
        if kind in _LEADS:
            found = vocab.scan(pattern, text, starts[_LEADS[kind]])
        elif kind == "title_is":
            found = vocab.scan(pattern, text, _words_before_is(text))
        else:
            found = vocab.finditer(pattern, text)
        for m in found:
            title = " ".join(m.group("title").split()) if "title" in pattern.groupindex else None
            if kind == "title_is" and not patterns["title"].fullmatch(title):
                continue
            if kind in ("name_then_title", "role_above_name") and not _same_column(text, m.start("name"), m.start("title")):
                continue  # signatures side by side: the title under another column's name is not this one's
            if title and title.casefold() in labels | roles:
                title = None
            mentions.append(Person(" ".join(m.group("name").split()), title, m.start("name"), m.end("name")))
    mentions += _office_over_name(text) + _signature_columns(text) + _signing_lists(text) + _broken_names(text) + (_token_matches(doc, text=text) if doc is not None
                                                                    else _token_matches_in(text))
    found: dict[str, Person] = {}
    for person in sorted(mentions, key=lambda p: p.start):
        if not _plausible(person.name, excluded):
            continue
        held = found.setdefault(person.name, Person(person.name, None, person.start, person.end))
        title = _common_noun(person.title) if person.title and person.title.casefold() not in roles else None
        if title and (held.title is None or _extends(title, held.title)):
            held.title = title
    return list(found.values())


def _extends(title: str, held: str) -> bool:
    """Whether ``title`` is ``held`` with words before it (``biträdande hälso- och
    sjukvårdsdirektör`` after ``sjukvårdsdirektör``): the fuller form of the same title."""
    return len(title) > len(held) and title.casefold().endswith(" " + held.casefold())


def _lead_starts(text: str) -> dict[str, list[int]]:
    """For each kind of line start in ``_LEADS``, the offsets of the lines starting so (a superset):
    lines starting with a name found by ``name_line``, lines holding a title ending or word
    (:func:`_title_lines`, found with ``str.find``) for those starting with a title, and the lines
    that are both for a name followed on its line by a title (``name_title``: every title holds a
    word the title lines are found by, wherever on the line it stands)."""
    title_lines = _title_lines(text)
    anywhere = title_lines is not None
    if title_lines is None:
        title_lines = [m.end() for m in _patterns()["title_line"].finditer(text)]
    name_lines = [0] + [m.end() for m in _patterns()["name_line"].finditer(text)]
    return {"name_line": name_lines, "title_line": [0] + title_lines,
            "name_and_title_line": sorted(set(name_lines).intersection([0] + title_lines)) if anywhere else name_lines}


def _same_column(text: str, a: int, b: int) -> bool:
    """Whether two offsets on different lines stand in one column (within ``COLUMN_SLACK``)."""
    return abs((a - text.rfind("\n", 0, a) - 1) - (b - text.rfind("\n", 0, b) - 1)) <= COLUMN_SLACK


def _words_before_is(text: str) -> list[int]:
    """Where the word before each `` är `` starts (where ``title_is`` can match)."""
    out = []
    at = text.find("är")
    while at >= 0:
        word_end = at
        while word_end and text[word_end - 1] in " \t":
            word_end -= 1
        start = word_end
        while start and (text[start - 1].isalnum() or text[start - 1] in "_-"):
            start -= 1
        if word_end < at and start < word_end:
            out.append(start)
        at = text.find("är", at + 1)
    return out


def _common_noun(title: str) -> str:
    """A title as a common noun: ``Räddningschef`` at a line's start is ``räddningschef``
    (``IT-chef`` stays)."""
    return title[:1].lower() + title[1:] if title[1:2].islower() else title


_CELL = re.compile(r"\S+(?: \S+)*")
_NAME_FIRST = re.compile(r"\s*[A-ZÅÄÖÉ]")  # a line whose first cell can be a name (``_WORD``'s first letter)
COLUMN_SLACK = 4  # a title stands under its name's first letter, give or take this many characters


def _signature_columns(text: str) -> list[Person]:
    """Signatures side by side (two parties signing an agreement): a line of names in
    columns and under it a line of their titles, each starting where its name starts, or, as a
    scan's text keeps the gap between columns but not where they start, one title cell for each
    name cell."""
    patterns = _patterns()
    lines = [(m.start(), m.group()) for m in re.finditer(r"(?m)^.*$", text)]
    out = []
    for (start, line), (_, below) in zip(lines, lines[1:]):
        if not _NAME_FIRST.match(line):
            continue
        names = list(_CELL.finditer(line))
        if len(names) < 2 or not all(patterns["name"].fullmatch(c.group()) for c in names):
            continue
        cells = list(_CELL.finditer(below))
        titles = {c.start(): c.group() for c in cells}
        for i, cell in enumerate(names):
            title = next((t for at, t in titles.items() if abs(at - cell.start()) <= COLUMN_SLACK), None)
            if title is None and len(cells) == len(names):
                title = cells[i].group()
            if title and patterns["title"].fullmatch(title):
                out.append(Person(cell.group(), title, start + cell.start(), start + cell.end()))
    return out


@lru_cache(maxsize=1)
def _signing_line() -> re.Pattern:
    labels = "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in vocab.words("people", "signing_labels"))
    # the label with a colon, or in the left column of a protocol's cover ("Övriga      Anna Berg, …",
    # the gap one space where a scan's text ran the columns together)
    return re.compile(rf"(?im)^[ \t]*(?:{labels})(?:[ \t]*:|[ \t]{{2,}}|\t|[ \t](?=[A-ZÅÄÖ]))[ \t]*(?P<list>\S[^\n]*?)[ \t]*$")


@lru_cache(maxsize=1)
def _signing_block() -> re.Pattern:
    """A signing label alone on its line and one name alone on the next (``Vid protokollet`` /
    ``Anna Lind``, ``Justerat`` / ``Mikael Sund``)."""
    labels = "|".join(re.escape(w).replace(r"\ ", r"[ \t]+") for w in vocab.words("people", "signing_labels"))
    return re.compile(rf"(?im)^[ \t]*(?:{labels})[ \t]*:?[ \t]*\n[ \t]*(?-i:{_patterns()['name'].pattern})[ \t]*$")


def _signing_lists(text: str) -> list[Person]:
    """``Justerare: Lena Hagström, Per-Olof Sund``, ``Vid protokollet: Sara Öhman,
    kommunsekreterare``: names after a signing label, a lower-case title after a name its own;
    a name alone under a signing label alone on its line."""
    patterns = _patterns()
    out: list[Person] = [Person(m.group("name"), None, m.start("name"), m.end("name"))
                         for m in vocab.finditer(_signing_block(), text)]
    for line in _signing_line().finditer(text):
        for item in re.finditer(r"[^,]+", line.group("list")):
            for part in re.split(r"\s+och\s+", item.group()):
                part = part.strip()
                at = line.start("list") + item.start() + item.group().find(part)
                if patterns["name"].fullmatch(part):
                    out.append(Person(part, None, at, at + len(part)))
                elif part[:1].islower() and patterns["title"].fullmatch(part) and out and out[-1].title is None:
                    out[-1].title = part
    return out


def _base_title(word: str) -> "str | None":
    """A title's base form from its definite form: ``socialchefen`` -> ``socialchef``,
    ``sekreteraren`` -> ``sekreterare``, ``inspektören`` -> ``inspektör``, ``länsrådet`` ->
    ``länsråd``, ``justitieombudsmannen`` -> ``justitieombudsman`` (a final ``m`` or ``n`` is
    doubled before the ending); None for other words."""
    title = _patterns()["title"]
    for ending in ("n", "en", "et"):  # "länsrådet": a neuter title's definite form
        stem = word[:-len(ending)]
        if word.endswith(ending) and title.fullmatch(stem):
            return stem
        if word.endswith(ending) and stem[-2:] in ("nn", "mm") and title.fullmatch(stem[:-1]):
            return stem[:-1]
    return None


_LETTERHEAD_LINES = 4  # the lines at a document's top where an office stands over its holder's name


def _office_over_name(text: str) -> list[Person]:
    """A one-person office in capitals at the top of the letterhead and its holder's name on the
    next line, each the first cell of its line (``JUSTITIEOMBUDSMANNEN`` / ``Per Lindgren``, beside
    the type word and the date): the office, in its base form, is the holder's title."""
    lines = [(m.start(), m.group()) for _, m in zip(range(_LETTERHEAD_LINES + 1), re.finditer(r"(?m)^.*$", text))]
    for (_, line), (start, below) in zip(lines, lines[1:]):
        office, name = _first_cell(line), _first_cell(below)
        if not (office and name) or not office.isupper() or " " in office:
            continue
        title = _base_title(office.lower())
        if title and _patterns()["name"].fullmatch(name):
            at = start + below.find(name)
            return [Person(name, title, at, at + len(name))]
    return []


def _first_cell(line: str) -> str:
    """A line's text up to a gap of two spaces or more (a letterhead's next column)."""
    return re.split(r"[ \t]{2,}|\t", line.strip(), maxsplit=1)[0]


def _token_matches_in(text: str) -> list[Person]:
    """:func:`_token_matches` of the whole text's Doc, from a Doc of the lines where a match can
    stand (:func:`_matchable_parts`): most of a text is never tokenized."""
    from extractor.nlp import make_doc, make_doc_of_parts, text_offset

    parts = _matchable_parts(text)
    if parts is None:
        return _token_matches(make_doc(text), text=text)
    doc, offsets = make_doc_of_parts(text, parts)
    return _token_matches(doc, partial(text_offset, offsets), text)


_NON_SPACE = re.compile(r"\S")


def _matchable_parts(text: str) -> "list[tuple[int, int]] | None":
    """The parts of ``text`` that hold every match of ``token_patterns``, or None when they
    cannot be told (the patterns are not of the shapes :func:`_line_reach` knows, or the text
    has a character whose lower case moves the offsets, :func:`vocab.folded`).

    Every match holds an anchor (:func:`_anchors`): a word ending as a title does, or a party in
    brackets. Tokens are split at white space and the patterns' tokens are no white space but for
    ``IS_SPACE`` ones, so a match runs over no more line breaks than those: a part is the anchor's
    line with as many lines with text before and after it as a pattern has such tokens before
    and after its anchor. Parts
    start at a line's first character that is no white space, and end after its last (where
    tokens start and end in the whole text too)."""
    reach, lower = _line_reach(), vocab.folded(text)
    if reach is None or lower is None:
        return None
    lines, parts, line_of_last = _Lines(text), [], -1
    for at in _anchors(lower):
        if lines.start(at) == line_of_last:
            continue  # an anchor on the line of the one before: the same part
        line_of_last = lines.start(at)
        start = _NON_SPACE.search(text, lines.up(at, reach[0])).start()
        end = lines.down(at, reach[1])
        while text[end - 1].isspace():
            end -= 1
        if parts and start <= parts[-1][1]:
            parts[-1] = (parts[-1][0], max(parts[-1][1], end))
        else:
            parts.append((start, end))
    return parts


class _Lines:
    """The lines of a text, found once (asking ``str.rfind`` for each offset of a long line would
    scan it again each time)."""

    def __init__(self, text: str):
        self.text = text
        self.breaks = [m.start() for m in re.finditer("\n", text)]

    def start(self, at: int) -> int:
        """The start of the line holding offset ``at`` (``text.rfind("\\n", 0, at) + 1``)."""
        i = bisect.bisect_left(self.breaks, at)
        return self.breaks[i - 1] + 1 if i else 0

    def end(self, at: int) -> int:
        """Where the line holding offset ``at`` ends: its line break, or the text's end."""
        i = bisect.bisect_left(self.breaks, at)
        return self.breaks[i] if i < len(self.breaks) else len(self.text)

    def up(self, at: int, lines: int) -> int:
        """The start of the line ``lines`` lines with text above the one holding offset ``at``."""
        start = self.start(at)
        for _ in range(lines):
            last = start - 1
            while last >= 0 and self.text[last].isspace():
                last -= 1
            if last < 0:
                break
            start = self.start(last)
        return start

    def down(self, at: int, lines: int) -> int:
        """The end of the line ``lines`` lines with text below the one holding offset ``at``."""
        end = self.end(at)
        for _ in range(lines):
            after = _NON_SPACE.search(self.text, end)
            if not after:
                break
            end = self.end(after.start())
        return end


def _anchors(lower: str) -> list[int]:
    """Where, in a text's lower case, a word ends as a title does (a TITLE token, or a
    TITLE_DEFINITE one, the title in its definite form) or a party abbreviation stands in brackets
    (a PARTY token, between ``(`` and ``)``): every match of ``token_patterns`` holds one. Found
    with ``str.find`` for each title ending (a scan of the text for an alternation of them visits
    every position, and most letters start one)."""
    _titles, parties = _anchor_words()
    out = {at for at, title in _title_words(lower) if _TOKEN_END.match(lower, at + len(title))}
    return sorted(out | {at for at in _found(lower, "(") if parties.match(lower, at)})


@lru_cache(maxsize=2)
def _title_words(lower: str) -> tuple[tuple[int, str], ...]:
    """Where each title ending or title word stands in a text's lower case (inside words too).
    Kept for the last texts: the line layouts and the token patterns of one text ask for it."""
    return tuple((at, title) for title in _anchor_words()[0] for at in _found(lower, title))


def _title_lines(text: str) -> "list[int] | None":
    """The starts of the lines (after their line break) that hold a title ending or title word,
    where a line layout starting with a title (``title_line``) can match; None for a text whose
    lower case moves offsets (:func:`vocab.folded`)."""
    lower = vocab.folded(text)
    if lower is None:
        return None
    lines = _Lines(text)
    return sorted({lines.start(at) for at, _title in _title_words(lower)} - {0})


def _found(text: str, word: str):
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


# After a title's ending: its definite form's, then the end of the token (white space, punctuation
# the tokenizer splits off, or the text's end: no character of a word).
_TOKEN_END = re.compile(r"(?:en|n|et)?(?!\w)")


@lru_cache(maxsize=1)
def _anchor_words() -> tuple[tuple[str, ...], re.Pattern]:
    """The title endings and words of one word (none that ends in another: ``råd`` finds
    ``kommunalråd`` too), and a party abbreviation in brackets."""
    data = vocab.load("people")
    words = {w.lower() for w in data["title_suffixes"]} | {w.lower() for w in data["title_words"] if " " not in w}
    titles = tuple(sorted(w for w in words if not any(w != v and w.endswith(v) for v in words)))
    parties = "|".join(map(re.escape, sorted(data["party_abbreviations"], key=len, reverse=True)))
    return titles, re.compile(rf"\(\s*(?:{parties})\s*\)")


# The items of ``token_patterns`` whose tokens are found where an anchor stands, and the other
# items :func:`_line_reach` knows: no white space but for ``IS_SPACE``, none matching ``PART_BREAK``.
_ANCHOR_SLOTS = ("$TITLE", "$TITLE_DEFINITE")
_PARTY_IN_BRACKETS = [{"ORTH": "("}, "$PARTY", {"ORTH": ")"}]
_KNOWN_ITEMS = [{"ORTH": "("}, {"ORTH": ")"}, {"ORTH": ","}, {"ORTH": ".", "OP": "?"}]


@lru_cache(maxsize=1)
def _line_reach() -> "tuple[int, int] | None":
    """How many line breaks (runs of white space with one) a match of ``token_patterns`` can run
    over before its anchor and after it: the most ``IS_SPACE`` tokens, each optional, a pattern
    has before its first anchor and after it. None when a pattern has no anchor or an item of
    another kind (its matches could stand anywhere)."""
    up = down = 0
    for pattern in vocab.load("people")["token_patterns"].values():
        spaces = [i for i, item in enumerate(pattern) if isinstance(item, dict) and "IS_SPACE" in item]
        anchor = next((i for i, item in enumerate(pattern) if item in _ANCHOR_SLOTS + tuple(s + "+" for s in _ANCHOR_SLOTS)
                       or pattern[i:i + 3] == _PARTY_IN_BRACKETS), None)
        if anchor is None or any(pattern[i] != {"IS_SPACE": True, "OP": "?"} for i in spaces):
            return None
        if any(isinstance(item, dict) and item not in _KNOWN_ITEMS and i not in spaces for i, item in enumerate(pattern)):
            return None
        up, down = max(up, sum(i < anchor for i in spaces)), max(down, sum(i > anchor for i in spaces))
    return up, down


def _token_matches(doc: "Doc", offset=None, text: "str | None" = None) -> list[Person]:
    """People in the layouts of ``token_patterns``: NAME tokens give the name, TITLE and
    TITLE_PART tokens the title (kept only when it ends in a title word), a TITLE with the words
    before it in ``text`` that belong to it (:func:`_with_head`). ``offset`` maps a token's
    ``idx`` to the text's offset (a Doc of parts of the text)."""
    offset = offset or (lambda idx: idx)
    text = doc.text if text is None else text
    matcher, slots_of = _matcher()
    title_shape, name_word = _patterns()["title"], _patterns()["name_word"]
    out = []
    for match_id, start, _end, alignment in matcher(doc, with_alignments=True):
        slots = slots_of[doc.vocab.strings[match_id]]
        tokens = [(slots[a], doc[start + i]) for i, a in enumerate(alignment)]
        name = [t for slot, t in tokens if slot == "NAME"]
        while name and not name_word.fullmatch(name[0].text):  # Ordföranden Jonas Attenius
            name.pop(0)
        while name and not name_word.fullmatch(name[-1].text):
            name.pop()
        if len(name) < 2 or not all(name_word.fullmatch(t.text) for t in name):
            continue
        initial = any(slot == "INITIAL" and name[0].i < t.i < name[-1].i for slot, t in tokens)
        title = " ".join(t.text for slot, t in tokens if slot in ("TITLE", "TITLE_PART")) or next(
            (_with_definite_head(text, offset(t.idx), _base_title(t.text.lower()))
             for slot, t in tokens if slot == "TITLE_DEFINITE"), "")
        if title and not title_shape.fullmatch(title.split()[-1]):
            title = ""
        first = next((t for slot, t in tokens if slot == "TITLE"), None)
        if first is not None and not _title_runs_on(text, offset(first.idx), offset(name[0].idx),
                                                    offset(name[-1].idx) + len(name[-1].text)):
            continue
        if title and first is not None:
            title = _with_head(text, offset(first.idx), title)
        start, end = offset(name[0].idx), offset(name[-1].idx) + len(name[-1].text)
        # with a middle initial, the name as printed between its first and last word ("Maria E. Holm")
        out.append(Person(" ".join(text[start:end].split()) if initial else " ".join(t.text for t in name),
                          title or None, start, end))
    return out


@lru_cache(maxsize=1)
def _matcher() -> "tuple[Matcher, dict[str, list[str | None]]]":
    """The Matcher of ``token_patterns``, and per pattern the slot of each of its tokens."""
    from spacy.matcher import Matcher

    from extractor.nlp import pipeline

    data = vocab.load("people")
    suffixes = "|".join(sorted(data["title_suffixes"], key=len, reverse=True))
    single_words = "|".join(w for w in data["title_words"] if " " not in w)
    cover_words = {w for w in vocab.load("documents")["protocol_cover_labels"] if " " not in w}
    not_names = {w.casefold() for w in data["not_names"]} | cover_words
    parties = set(data["party_abbreviations"])
    title = re.compile(rf"^(?:[a-zåäö-]*(?:{suffixes})|{single_words})$")
    title_part = re.compile(r"^(?:[A-ZÅÄÖa-zåäö][a-zåäö-]*|\d:[ae])$")
    gap = re.compile(r"^[ \t]+$")
    # Each slot's test reads only the word itself, so it is a lexeme flag: computed once per
    # distinct word of the vocabulary and checked by the Matcher without calling Python (a
    # REGEX or IN predicate calls it at every token, most of the Matcher's time).
    vocab_ = pipeline().vocab
    flag = partial(_add_flag, vocab_)
    slots = {
        # a capitalised word, no cover label (Beslutande); its shape is checked on the matches
        "NAME": {"IS_TITLE": True, flag(lambda text: text.lower() not in not_names): True},
        "PARTY": {flag(lambda text: text.lower() in parties): True},
        "TITLE": {flag(lambda text: bool(title.search(text.lower()))): True},
        "TITLE_PART": {flag(lambda text: bool(title_part.search(text))): True},
        "INITIAL": {flag(lambda text: len(text) == 1 and text.isupper()): True},
        "TITLE_DEFINITE": {flag(lambda text: _base_title(text.lower()) is not None): True},
        "GAP": {flag(lambda text: bool(gap.search(text))): True},
    }
    matcher = Matcher(vocab_, validate=False)  # the validator knows flags only by their names
    slots_of: dict[str, list[str | None]] = {}
    for label, pattern in data["token_patterns"].items():
        tokens, names = [], []
        for item in pattern:
            if isinstance(item, str):
                slot = item.lstrip("$").rstrip("?*+")
                token = dict(slots[slot])
                if item[-1] in "?*+":
                    token["OP"] = item[-1]
                tokens.append(token)
                names.append(slot)
            else:
                tokens.append(item)
                names.append(None)
        matcher.add(label, [tokens], greedy="LONGEST")
        slots_of[label] = names
    return matcher, slots_of


def _add_flag(vocab_, test) -> int:
    """A new lexeme flag set by ``test`` on each word's text, in the bits spaCy leaves free
    for them (``FLAG19`` on; the bits below are its own, some deprecated)."""
    from spacy.attrs import FLAG19

    free = next(b for b in range(FLAG19, 64) if b not in vocab_.lex_attr_getters)
    return vocab_.add_flag(test, flag_id=free)


def _plausible(name: str, excluded: set[str]) -> bool:
    words = name.split()
    if len(words) < 2:
        return False
    if name.casefold() in excluded or any(w.casefold() in excluded for w in words):
        return False
    suffixes = tuple(vocab.words("people", "title_suffixes"))
    titles = set(vocab.words("people", "title_words"))  # "Justerare  Lenita Ericson": a role's cell beside a name
    return not any(w.casefold().endswith(suffixes) or w.casefold() in titles for w in words)


def is_title(words: str) -> bool:
    """True when ``words`` are an official's title (``utvecklingsstrateg``, ``enhetschef``,
    ``vice ordförande``), as the finders above read one."""
    return bool(_patterns()["title"].fullmatch(words.strip()))
