"""How organisation names vary, in one place for the extractor and the index alike.

- the genitive (``Röda Korsets`` is ``Röda Korset``) and a committee's base form
  (``socialnämndens`` is ``socialnämnden``);
- name keys: a name folded for comparison (lower case, accents folded but ``å/ä/ö`` kept, white
  space collapsed, a heading run into it and the genitive of its last word dropped);
- units (``Röda Korsets behandlingscenter`` is Röda Korset's) and local chapters
  (``Röda Korset Göteborgskretsen`` may be a legal person of its own: a name that is another's
  plus a chapter's word never names the same organisation);
- whether two names are variants of one organisation (:func:`same_organisation`);
- fuzzy comparison (rapidfuzz) and how close two spellings must be to name one organisation:
  the thresholds are data (``fuzzy_thresholds`` in ``data/organisations.json``), and so is the
  length below which a name is not compared by spelling at all (``fuzzy_min_length``).

>>> without_genitive("Korsets"), without_genitive("IOP:s"), without_genitive("Lunds"), without_genitive("KFS")
('Korset', 'IOP', 'Lund', 'KFS')
>>> committee_base("arbetsmarknads- och socialnämndens"), committee_base("kulturnämnd")
('arbetsmarknads- och socialnämnden', 'kulturnämnden')
>>> fuzzy_min("same_organisation") > fuzzy_min("candidate")
True
>>> body_and_place("Utbildningsnämnden i Stockholms stad"), body_and_place("Socialnämnden")
(('Utbildningsnämnden', 'Stockholms stad'), ('Socialnämnden', None))
>>> name_key("Röda  Korsets"), name_key("Sammanfattning Stadsmissionen i Lund")
('röda korset', 'stadsmissionen i lund')
>>> unit_owner("Röda Korsets behandlingscenter för torterade"), unit_owner("Föreningen Fyrljuset")
('Röda Korsets', None)
>>> without_chapter("röda korset göteborgskretsen"), part_of({"röda", "korset"}, {"röda", "korset", "göteborgskretsen"})
('röda korset', False)
>>> same_organisation("Röda Korsets", "Svenska Röda Korset"), same_organisation("Röda Korset", "Röda Korset Göteborgskretsen")
(True, False)
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from rapidfuzz import fuzz, process

from extractor import vocab
from extractor.reading.textclean import fold

# The municipality or region a committee belongs to, written after it: "Utbildningsnämnden i
# Stockholms stad", "Hälso- och sjukvårdsnämnden i Region Skåne" (a genitive -s may follow).
PLACE = re.compile(r"[ \t]+i[ \t]+(?P<place>Region[ \t]+[A-ZÅÄÖ][a-zåäö]+|[A-ZÅÄÖ][a-zåäö]+[ \t]+(?:kommun|stad))"
                   r"s?(?![\wåäö])")

# The genitive of a committee's definite form, and its base form (Svenska Akademiens ordlista).
_COMMITTEE_GENITIVES = (("nämndens", "nämnden"), ("styrelsens", "styrelsen"), ("fullmäktiges", "fullmäktige"),
                        ("utskottets", "utskottet"))


# The stems of a body's kind: a committee's name holds one in its last word.
_KIND_STEMS = ("nämnd", "styrelse", "fullmäktige", "utskott")
_LETTERS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖabcdefghijklmnopqrstuvwxyzåäö")


def body_starts(text: str, ignorecase: bool = False) -> Optional[list[int]]:
    """Where a body's name can start in ``text``, in order: the start of each word (letters
    ``[A-ZÅÄÖa-zåäö]``) holding a kind's stem (``Socialnämnden``) or followed by a hyphen (the first
    of compounds sharing one: ``Kultur- och fritidsnämnden``). For :func:`vocab.scan` of the patterns
    of committee names, which may start only there; None when ``ignorecase`` and the text has letters
    whose case cannot be told by ``str.lower`` (see :func:`vocab.folded`)."""
    hay = vocab.folded(text) if ignorecase else text
    if hay is None:
        return None
    starts = set()
    for stem in _KIND_STEMS + ("-",):
        at = hay.find(stem)
        while at >= 0:
            if stem != "-" or (at and hay[at - 1] in _LETTERS):
                start = at
                while start and hay[start - 1] in _LETTERS:
                    start -= 1
                starts.add(start)
            at = hay.find(stem, at + 1)
    return sorted(starts)


def without_genitive(word: str) -> str:
    """A word without its genitive ``-s`` (``:s`` after an abbreviation); a word of three letters
    or fewer, one in capitals (an abbreviation: ``KFS``) and one ending in ``ss`` keep theirs."""
    if word.endswith(":s"):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3 and not word.isupper():
        return word[:-1]
    return word


_ADJECTIVE_BEFORE = re.compile(r"(?<![\wåäö-])([A-ZÅÄÖa-zåäö][a-zåäö]+)[ \t]+$")


def with_adjective(text: str, start: int) -> int:
    """Where a committee's name starts when an adjective of its name stands before the word at
    ``start`` (``Tekniska nämnden``, ``Regionala utvecklingsnämnden``)."""
    m = _ADJECTIVE_BEFORE.search(text, max(0, start - 24), start)
    return m.start(1) if m and m.group(1).casefold() in vocab.words("organisations", "committee_adjectives") else start


def committee_base(name: str) -> str:
    """A committee's name in its definite base form: genitive dropped, ``nämnd`` made ``nämnden``."""
    for genitive, base in _COMMITTEE_GENITIVES:
        if name.endswith(genitive):
            return name[: -len(genitive)] + base
    if name.endswith("nämnd"):
        return name + "en"
    return name


def fuzzy_min(kind: str) -> int:
    """The least ``rapidfuzz`` ratio (0-100) for two name keys to match, by use:
    ``same_organisation`` (two spellings in documents), ``typed_query`` (a name typed in a
    search), ``candidate`` (a first cut before the closer checks)."""
    return int(vocab.load("organisations")["fuzzy_thresholds"][kind])


def spelt_out(key: str) -> bool:
    """Whether a name key is long enough to be compared by spelling (``fuzzy_min_length`` in
    ``data/organisations.json``): in a shorter one, every abbreviation among them, one letter is
    too large a part to tell a slip from another name.

    >>> spelt_out("boverket"), spelt_out("boverke"), spelt_out("rkc")
    (True, False, False)
    """
    return len(key) >= int(vocab.load("organisations")["fuzzy_min_length"])


def body_and_place(name: str) -> tuple[str, Optional[str]]:
    """A body's name split from the municipality or region written after it."""
    m = PLACE.search(name)
    return (name[:m.start()], " ".join(m.group("place").split())) if m and m.end() == len(name) else (name, None)


def alike(a: str, b: str, kind: str = "same_organisation") -> bool:
    """Whether two name keys are spelt closely enough to name one organisation, for the use
    ``kind`` (:func:`fuzzy_min`)."""
    return fuzz.ratio(a, b) >= fuzzy_min(kind)


def closest(key: str, choices: list[str], kind: str = "same_organisation") -> Optional[str]:
    """The one of ``choices`` spelt most like ``key``, if one is close enough for ``kind``."""
    best = process.extractOne(key, choices, scorer=fuzz.ratio, score_cutoff=fuzzy_min(kind))
    return best[0] if best else None


def close_ones(key: str, choices: list[str], kind: str, limit: int) -> list[tuple[str, float]]:
    """The ``limit`` of ``choices`` spelt most like ``key`` that are close enough for ``kind``,
    with their ratios, the closest first."""
    return [(choice, score) for choice, score, _ in
            process.extract(key, choices, scorer=fuzz.ratio, limit=limit, score_cutoff=fuzzy_min(kind))]


# -- name keys ------------------------------------------------------------------------------

@lru_cache(maxsize=1)
def _headings() -> frozenset:
    return frozenset(w for w in vocab.words("documents", "headings") if " " not in w)


@lru_cache(maxsize=65536)
def name_key(name: str) -> str:
    """The comparison form of an organisation name (see the module docstring)."""
    words = fold(" ".join(str(name).split())).casefold().split()
    while len(words) > 1 and words[0] in _headings():  # 'Sammanfattning X': a heading run into the name
        words = words[1:]
    if words:
        words[-1] = without_genitive(words[-1])
    return " ".join(words)


def clean_name(name: str) -> str:
    """A name without a heading run into it: ``Sammanfattning Stadsmissionen i Lund`` -> ``Stadsmissionen i Lund``."""
    words = " ".join(name.split()).split()
    headings = set(vocab.words("documents", "headings"))
    while len(words) > 1 and words[0].casefold() in headings:
        words = words[1:]
    return " ".join(words)


@lru_cache(maxsize=1)
def _prefix_words() -> tuple[str, ...]:
    return tuple(name_key(w) + " " for w in vocab.words("organisations", "org_prefix_words"))


def distinctive_part(key: str) -> str:
    """A name key without the generic words it opens with (``org_prefix_words``): ``föreningen
    fyrljuset`` -> ``fyrljuset``, the part a misspelt name is also compared with."""
    while key.startswith(_prefix_words()):
        key = key.split(" ", 1)[1]
    return key


def word_stems(key: str) -> list[str]:
    """A name key's words, each without a final ``-s`` (a genitive's or its own) when longer than
    three letters: to compare the words of two names written in different cases."""
    return [w[:-1] if w.endswith("s") and len(w) > 3 else w for w in key.split()]


ABBREVIATION = re.compile(r"^[A-ZÅÄÖ]{2,6}$")  # a name in capitals only: an abbreviation (``RKC``)


# -- units and local chapters -----------------------------------------------------------------

@lru_cache(maxsize=1)
def _unit_words() -> frozenset[str]:
    return frozenset(vocab.words("organisations", "unit_words"))


def unit_start(words: list[str]) -> Optional[int]:
    """Where a unit's name starts among a name's words: at a unit word (``behandlingscenter``,
    ``verksamhet``) after a word ending in ``s`` (``Röda Korsets``), never at the first word. The
    ``s`` is tested as written, so that an abbreviation in capitals (``LSS Center``) is no genitive;
    fold the words first to read a name typed in any case."""
    units = _unit_words()
    return next((i for i in range(1, len(words)) if words[i].casefold() in units and words[i - 1].endswith("s")), None)


def unit_owner(name: str) -> Optional[str]:
    """The organisation a unit name names, in any case (the genitive before a unit word), or None."""
    words = " ".join(str(name).split()).split()
    at = unit_start([w.casefold() for w in words])
    return " ".join(words[:at]) if at else None


@lru_cache(maxsize=1)
def chapter_markers() -> tuple[str, ...]:
    """The words that end a local chapter's name (``-kretsen``), longest first."""
    return vocab.words("organisations", "chapter_markers")


def is_chapter_word(word: str) -> bool:
    return any(word.endswith(m) for m in chapter_markers())


def chapter_words(key: str) -> set[str]:
    """The words of a name key that mark a local chapter."""
    return {w for w in key.split() if is_chapter_word(w)}


def without_chapter(key: str) -> str:
    """``röda korset göteborgskretsen`` -> ``röda korset``: the name a local chapter carries."""
    return " ".join(w for w in key.split() if not is_chapter_word(w))


def part_of(short: set[str], long: set[str]) -> bool:
    """Whether the words ``short`` are among the words ``long`` and those ``long`` adds mark no
    local chapter: a short name belongs to a longer one (``Stadsmissionen`` to ``Stadsmissionen i
    Lund``), but a national body's name does not to its chapter's."""
    return short <= long and not any(is_chapter_word(w) for w in long - short)


# -- variants of one organisation -----------------------------------------------------------

_GENERIC_LEADS = tuple(f"{w} " for w in vocab.load("organisations")["generic_leads"])  # in the order listed


def generic_leads() -> tuple[str, ...]:
    """The words that open a name without telling it apart (``Svenska Röda Korset``), each with the
    space after it, in the order they are stripped (``generic_leads``)."""
    return _GENERIC_LEADS
COMPANY_FORM = re.compile(r"(?<![\wåäö])(?:ab|hb|kb)(?![\wåäö])")  # on a folded name


@lru_cache(maxsize=65536)
def same_organisation(a: str, b: str) -> bool:
    """True when two names are variants of one organisation: case, genitive ``-s``, units, a name
    that is another's minus a leading generic word (``Röda Korset`` / ``Svenska Röda Korset``),
    and spelling slips (:func:`alike`). Names carrying a chapter marker (``Göteborgskretsen``)
    stay apart from the body without one, and a lone place name is no organisation."""
    x, y = _core(a), _core(b)
    if x == y:
        return True
    if COMPANY_FORM.search(x) and COMPANY_FORM.search(y) and min(len(x.split()), len(y.split())) >= 3:
        # two full company names are registered whole: "Södra Älvstranden Utveckling AB" is the
        # subsidiary of "Älvstranden Utveckling AB", not a variant of it; only a slip in one word
        # joins (a one-word short form such as "Stadshus AB" still joins its company)
        return len(x.split()) == len(y.split()) and alike(x, y)
    if _chapter_readings(a) & _chapter_readings(b):
        return True  # "Röda Korsets Huddingekrets" is "Huddinge Röda Korskrets"
    small, large = sorted((set(x.split()), set(y.split())), key=len)
    if small and small <= large:
        return part_of(small, large) and not _one_word(x, y)
    return spelt_out(x) and alike(x, y)


@lru_cache(maxsize=8192)
def _core(name: str) -> str:
    """The name's comparable core (kept for the names met last: a document's mentions are
    compared pairwise, each name many times)."""
    key = " ".join(name.split()).casefold()
    for lead in _GENERIC_LEADS:
        if key.startswith(lead):
            key = key[len(lead):]
    placed = _PLACE_AFTER.fullmatch(key)
    if placed:  # "Stadsmissionen i Jönköping" is "Jönköpings Stadsmission"
        key = f"{placed.group('place')} {placed.group('word')}"
    return " ".join(without_genitive(w) for w in key.split())


_PLACE_AFTER = re.compile(r"(?P<word>[\wåäö-]{4,}?)(?:en|et)? i (?P<place>[\wåäö-]+)")


@lru_cache(maxsize=8192)
def _chapter_readings(name: str) -> frozenset[tuple[str, str, str]]:
    """A local chapter's (organisation, place, kind) as a name may say it: the organisation's
    genitive before the place compounded with the kind (``Röda Korsets Huddingekrets``), or the
    place before the organisation's stem compounded with it (``Huddinge Röda Korskrets``). The
    organisation is kept in its stem (``röda kors``: a definite -et or -en dropped), as a
    compound's first part is written. Both readings of a name are given, and two names name one
    chapter when a reading is shared; a name whose last word holds no chapter kind has none."""
    words = name.casefold().split()
    if len(words) < 3:
        return frozenset()
    last = words[-1]
    kind = next((k for k in chapter_markers() if last.endswith(k) and len(last) > len(k) + 2), None)
    if kind is None:
        return frozenset()
    head = last[:-len(kind)].rstrip("-")
    organisation = " ".join(without_genitive(w) for w in words[:-1])
    return frozenset({(re.sub(r"(?<=\w{3})e[nt]$", "", organisation), head, kind),
                      (" ".join(words[1:-1] + [head]), words[0], kind)})


def _one_word(x: str, y: str) -> bool:
    """``Region Skåne`` and ``Skåne`` are not variants: a lone place name is not an organisation."""
    return len(x.split()) == 1 or len(y.split()) == 1
