"""The funding vocabulary (``data/funding.json``) as patterns, and the names payers and
recipients go by: a committee or ``nämnden`` is its authority, ``kommunen``, ``föreningen`` and a
short name (``Stadsmissionen``) are the document's parties.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Optional

from extractor import vocab
from extractor.model import Party
from extractor.facts.organisations import Mention

# a yearly basis: "per år", "årligen", "per läsår"
PER_YEAR = re.compile(r"per\s+(?:hel)?år|årligen|/\s*år|om\s+året|varje\s+år|per\s+verksamhetsår|per\s+läsår|årligt?", re.I)
_PUBLIC = re.compile(r"(?i)\b(?:kommun|stad|region|landsting|nämnd|styrelse)\b|^region\s|nämnden$")


@lru_cache(maxsize=1)
def funding_data() -> dict:
    """The funding vocabulary (``data/funding.json``)."""
    return vocab.load("funding")


# OCR breaks a long word with a stray space (``bevil jar``): a verb of one word is also found so
# broken, after its fifth letter at the earliest (``till delar`` is two words of its own) and
# before its last two.
_SPLIT_HEAD, _SPLIT_TAIL = 5, 2


def _ocr_splits(word: str) -> list[str]:
    if " " in word:
        return []
    return [word[:i] + " " + word[i:] for i in range(_SPLIT_HEAD, len(word) - _SPLIT_TAIL + 1)]


@lru_cache(maxsize=None)
def funding_words(key: str) -> re.Pattern:
    """One list of the funding vocabulary as a pattern of whole words, longest first; a verb also
    as OCR splits it, and a verb in two parts with an adverb between them."""
    words = funding_data()[key]
    if key.endswith("_verbs"):
        words = words + [split for w in words for split in _ocr_splits(w)]
    words = sorted(words, key=len, reverse=True)
    # a verb in two parts may take an adverb between them: "står därutöver för", "bidrar även med"
    gap = r"\s+" if not key.endswith("_verbs") else r"\s+(?:(?:" + "|".join(funding_data()["verb_adverbs"]) + r")\s+)?"
    return re.compile(r"(?i)" + vocab.starts(words) + r"(?<![\wåäö])(?:"
                      + vocab.factored((re.escape(w).replace(r"\ ", gap) for w in words), ignorecase=True) + r")(?![\wåäö])")


class Names:
    """A payer's name: committees and ``nämnden`` are their authority, ``kommunen``, ``föreningen``
    and short names (``Stadsmissionen``) resolve to the document's parties."""

    def __init__(self, payer_name, authority: Optional[str], parties: list[Party]) -> None:
        self.payer_name = payer_name
        self.authority = re.sub(r"(?i)^(?:för|till|från|av|med)\s+", "", authority) if authority else None
        self.parties = [p.name for p in parties]

    def of(self, m) -> Optional[str]:
        if m == "authority":
            return self.authority
        if not isinstance(m, Mention):
            return m
        if m.kind == "committee":
            return m.authority or self.authority
        if m.kind == "generic":
            return self._generic(m.name.casefold())
        return self.party(self.payer_name(m) or m.name)

    def party(self, name: str) -> Optional[str]:
        name = re.sub(r"(?i)^(?:för|till|från|av|med)\s+", "", name)  # "För Härnösands kommun" under a signature
        if name in self.parties:
            return name
        words = name.split()
        if words and words[-1].casefold() in funding_data()["generic"] and len(words) <= 2:
            return self._generic(words[-1].casefold())  # "föreningen", "Sammanfattning föreningen"
        folded = name.casefold().removesuffix("s")
        within = [p for p in self.parties if folded and folded in p.casefold()]
        if not within and " " not in folded:  # "Stadsmissionen" for "Stiftelsen Gävle Stadsmission"
            within = [p for p in self.parties if re.search(rf"(?<![\wåäö]){re.escape(indefinite(folded))}$", p.casefold())]
        if len(within) == 1:
            return within[0]
        holding = [p for p in self.parties if p.casefold() in name.casefold()]
        return max(holding, key=len) if holding else name

    def _generic(self, word: str) -> Optional[str]:
        role = funding_data()["generic"].get(word)
        if role == "authority":
            return self.authority
        if role == "municipality":
            if self.authority and re.search(r"(?i)kommun|stad", self.authority):
                return self.authority
            return next((p for p in self.parties if re.search(r"(?i)kommun$|stad$", p)), None)
        if role == "region":
            if self.authority and self.authority.casefold().startswith("region"):
                return self.authority
            return next((p for p in self.parties if p.casefold().startswith("region")), None)
        if role == "named":  # "universitetet", "verket": the one party whose name holds the noun
            stem = indefinite(word.removesuffix("s"))
            named = [p for p in self.parties if stem in p.casefold()]
            return named[0] if len(named) == 1 else None
        private = [p for p in self.parties if not _PUBLIC.search(p)]
        stem = word.removesuffix("s").removesuffix("en")
        named = [p for p in private if stem and stem in p.casefold()]
        if len(named) == 1:
            return named[0]
        return private[0] if len(private) == 1 else None


def indefinite(noun: str) -> str:
    """A noun without its definite ending: ``universitetet`` -> ``universitet``, ``verket`` ->
    ``verk``, ``myndigheten`` -> ``myndighet``, ``högskolan`` -> ``högskola``."""
    for ending in ("et", "en", "n"):
        if noun.endswith(ending) and len(noun) > len(ending) + 3:
            return noun[:-len(ending)]
    return noun
