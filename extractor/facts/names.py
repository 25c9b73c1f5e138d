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
"""

from __future__ import annotations

from extractor import vocab

# The genitive of a committee's definite form, and its base form (Svenska Akademiens ordlista).
_COMMITTEE_GENITIVES = (("nämndens", "nämnden"), ("styrelsens", "styrelsen"), ("fullmäktiges", "fullmäktige"),
                        ("utskottets", "utskottet"))


def without_genitive(word: str) -> str:
    """A word without its genitive ``-s`` (``:s`` after an abbreviation); a word of three letters
    or fewer, one in capitals (an abbreviation: ``KFS``) and one ending in ``ss`` keep theirs."""
    if word.endswith(":s"):
        return word[:-2]
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3 and not word.isupper():
        return word[:-1]
    return word


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
