"""A partnership's name as people say it: its subject and its parties, not a case number.

A lineage is known by case numbers, and its oldest step may be a decision cited only by body,
date and paragraph ("Hälso- och sjukvårdsnämnden 2015-12-02 § 190"), which tells a reader
nothing. Titles of agreement decisions name the subject after the kind of agreement
(``Idéburet offentligt partnerskap med Stadsmissionen i Lund om Mötesplats Trappan``,
``Förlängning av överenskommelse ... – Mötesplats Trappan``; the words are in
``extractor/data/agreement_titles.json``), and the documents name the parties.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Optional

from extractor import vocab

DASH = re.compile(r"\s+[–—-]\s+")
_PUBLIC = re.compile(r"(?i)(?<![\wåäö])(?:kommun|kommuns|stad|stads|region|regionen|landsting|nämnd\w*|styrelse\w*)(?![\wåäö])")


@lru_cache(maxsize=None)
def _patterns() -> tuple[re.Pattern, re.Pattern, re.Pattern]:
    def alternation(key: str) -> str:
        return "|".join(r"\s+".join(re.escape(w) for w in phrase.split()) for phrase in vocab.words("agreement_titles", key))

    agreement = re.compile(rf"(?i)(?<![\wåäö])(?:{alternation('agreements')})(?![\wåäö])")
    subject = re.compile(rf"(?i)(?<![\wåäö])(?:{alternation('subject_words')})\s+(?P<subject>.+)$")
    parties = re.compile(rf"(?i)\s+(?:{alternation('party_words')})\s+.*$")
    return agreement, subject, parties


def subject(title: Optional[str]) -> Optional[str]:
    """What an agreement title says the partnership is about, or None (not an agreement title,
    or one naming only its parties)."""
    if not title:
        return None
    agreement, subject_word, party = _patterns()
    found = list(agreement.finditer(title))
    if not found:
        return None
    rest = title[found[-1].end():]
    parts = DASH.split(rest)
    if len(parts) > 1 and parts[-1].strip():
        candidate = parts[-1]
    else:
        m = subject_word.search(rest)
        if not m:
            return None
        candidate = m.group("subject")
    candidate = party.sub("", candidate).strip(" .,:;–-")
    if len(candidate) < 3 or not re.search(r"[^\W\d_]{3}", candidate) or agreement.fullmatch(candidate):
        return None
    return candidate[0].upper() + candidate[1:] if candidate[0].islower() else candidate


def is_public(name: str, org_number: Optional[str] = None) -> bool:
    """A municipality, region or one of their bodies (organisation numbers of public bodies begin with 2)."""
    return bool(org_number and org_number.startswith("2")) or bool(_PUBLIC.search(name or ""))


def name(subject_text: Optional[str], parties: list[str], fallback: str) -> str:
    """The partnership's subject and its parties, the parties alone, or ``fallback``.

    >>> name("Mötesplats Trappan", ["Stadsmissionen i Lund", "Lunds kommun"], "VON 2020/388")
    'Mötesplats Trappan – Stadsmissionen i Lund, Lunds kommun'
    >>> name(None, [], "VON 2020/388")
    'VON 2020/388'
    """
    listed = ", ".join(parties[:4]) + (" m.fl." if len(parties) > 4 else "")
    if subject_text and listed:
        return f"{subject_text} – {listed}"
    return subject_text or listed or fallback


@dataclass(slots=True)
class Partnership:
    """A lineage's name as people say it (:func:`describe`): its subject, its parties, and the two
    together (else its oldest case number)."""

    subject: Optional[str]
    parties: list[str]
    name: str


def describe(steps: list, extractions: dict) -> Partnership:
    """The partnership of a lineage's steps (oldest first, :class:`~index.linking.lineage.Step`
    records); ``extractions``: document id -> :class:`~extractor.model.Extraction`. The newest
    decision that names a subject names it; parties are those of every step, the non-public
    ones (the associations) first."""
    documents = [d.id for step in reversed(steps) for d in step.documents if d.id in extractions]
    ranked = sorted(documents, key=lambda i: not extractions[i].own_case_numbers)  # decisions first, stable
    found = next((s for s in (subject(extractions[i].title) for i in ranked) if s), None)
    seen: dict = {}
    for doc_id in documents:
        for p in extractions[doc_id].parties:
            label = p.name
            if label and label.casefold() not in {k.casefold() for k in seen} and _is_name(label):
                seen[label] = is_public(label, p.org_number)
    names = [n for n in seen if not any(_shorter_form(n, other) for other in seen if other != n)]
    parties = sorted(names, key=lambda n: seen[n])  # stable: associations, then public bodies
    fallback = next((c for step in steps for c in step.cases), "")
    return Partnership(found, parties, name(found, parties, fallback))


def _is_name(label: str) -> bool:
    """Not a section heading run into a name (``Sammanfattning Föreningen``) nor a bare kind word."""
    words = label.split()
    if len(words) == 1 and words[0].casefold() in vocab.words("organisations", "generic_nouns"):
        return False
    return not any(label.casefold().startswith(h + " ") for h in vocab.words("documents", "headings"))


def _shorter_form(name: str, other: str) -> bool:
    """``Stadsmissionen`` beside ``Stadsmissionen i Lund``: the same party written shorter."""
    return other.casefold().startswith(name.casefold() + " ")
