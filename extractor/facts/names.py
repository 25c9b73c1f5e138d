"""How organisation names vary, in one place for the extractor and the index: the genitive
(``Röda Korsets`` is ``Röda Korset``), a committee's base form (``socialnämndens`` is
``socialnämnden``) and how close two spellings must be to name one organisation (the
thresholds are data: ``fuzzy_thresholds`` in ``data/organisations.json``).

>>> without_genitive("Korsets"), without_genitive("IOP:s"), without_genitive("Lunds"), without_genitive("KFS")
('Korset', 'IOP', 'Lund', 'KFS')
>>> committee_base("arbetsmarknads- och socialnämndens"), committee_base("kulturnämnd")
('arbetsmarknads- och socialnämnden', 'kulturnämnden')
>>> fuzzy_min("same_organisation") > fuzzy_min("candidate")
True
>>> body_and_place("Utbildningsnämnden i Stockholms stad"), body_and_place("Socialnämnden")
(('Utbildningsnämnden', 'Stockholms stad'), ('Socialnämnden', None))
"""

from __future__ import annotations

import re
from typing import Optional

from extractor import vocab

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


def body_and_place(name: str) -> tuple[str, Optional[str]]:
    """A body's name split from the municipality or region written after it."""
    m = PLACE.search(name)
    return (name[:m.start()], " ".join(m.group("place").split())) if m and m.end() == len(name) else (name, None)
