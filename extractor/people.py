"""Named officials and their titles.

The layouts decision documents use (seen in Malmö stad and Region Skåne records):
``Vår referens`` then a name and a title on the next lines; ``Ansvariga`` lines
``Name Title``; ``Avdelningschef Name``; signatures ``Name, titel Förvaltning, Kommun``;
``Verksamhetschef är Name``; contact persons (a name followed by an e-mail address, a
phone number or an organisation line) with no title. A title is a word in
``data/people.json``: ending in ``-chef``, ``-sekreterare``, ``-direktör`` and so on.
"""

from __future__ import annotations

import re
from functools import lru_cache

from extractor import vocab
from extractor.model import Person

_WORD = r"[A-ZÅÄÖÉ][a-zåäöéüë]+(?:-[A-ZÅÄÖ][a-zåäöéü]+)?"


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern]:
    data = vocab.load("people")
    particles = "|".join(data["name_particles"])
    name = rf"(?P<name>{_WORD}(?:[ \t]+(?:(?:{particles})[ \t]+)?{_WORD}){{1,2}})"
    suffixes = "|".join(sorted(data["title_suffixes"], key=len, reverse=True))
    words = "|".join(sorted((re.escape(w) for w in data["title_words"]), key=len, reverse=True))
    title_word = rf"(?:(?i:(?:[a-zåäö]+-[ \t]+och[ \t]+)?[a-zåäö-]*(?:{suffixes})|{words}))"
    return {
        "name_title": re.compile(rf"(?m)^[ \t]*{name}[ \t]*,?[ \t]+(?P<title>{title_word})[ \t]*$"),
        "title_name": re.compile(rf"(?m)^[ \t]*(?P<title>{title_word})[ \t]+{name}[ \t]*$"),
        "signature": re.compile(rf"(?m)^[ \t]*{name},[ \t]*(?P<title>{title_word}(?:[ \t]+[^,\n]+)?)(?:,|$)"),
        "name_then_title": re.compile(rf"(?m)^[ \t]*{name}[ \t]*\n(?:[ \t]*\n)?[ \t]*(?P<title>{title_word})[ \t]*$"),
        # Any word before " är Name", checked against the title shape afterwards (fast: no
        # title alternation tried at every position).
        "title_is": re.compile(rf"(?<![\w-])(?P<title>[\w-]+)[ \t]+är[ \t]+{name}"),
        "title": re.compile(rf"{title_word}"),
        "labelled": re.compile(rf"(?m)^[ \t]*(?i:{vocab.alternation('people', 'contact_labels')})[ \t]*:[ \t]*{name}[ \t]*$"),
        "contact": re.compile(rf"(?m)^[ \t]*{name}[ \t]*\n[ \t]*(?:[\w.-]+@[\w.-]+|Tel|Telefon|[A-ZÅÄÖ][^\n]*(?:förvaltning|avdelning|centret|center|styrning|kontor)[^\n]*)"),
    }


def find(text: str, not_names=()) -> list[Person]:
    """Every distinct person; a later mention adds a title to an earlier one without."""
    found: dict[str, Person] = {}
    excluded = {w.casefold() for w in vocab.load("people")["not_names"]} | {n.casefold() for n in not_names}
    patterns = _patterns()
    for kind, pattern in patterns.items():
        if kind == "title":
            continue
        for m in pattern.finditer(text):
            name = " ".join(m.group("name").split())
            title = " ".join(m.group("title").split()) if "title" in pattern.groupindex else None
            if not _plausible(name, excluded) or (kind == "title_is" and not patterns["title"].fullmatch(title)):
                continue
            held = found.get(name)
            if held is None:
                found[name] = Person(name, title, m.start("name"), m.end("name"))
            elif held.title is None and title:
                held.title = title
    return sorted(found.values(), key=lambda p: p.start)


def _plausible(name: str, excluded: set[str]) -> bool:
    words = name.split()
    if name.casefold() in excluded or any(w.casefold() in excluded for w in words):
        return False
    suffixes = tuple(vocab.words("people", "title_suffixes"))
    return not any(w.casefold().endswith(suffixes) for w in words)
