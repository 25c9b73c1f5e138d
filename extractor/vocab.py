"""Loads the vocabularies in ``extractor/data``: cue words, prefixes, month names, titles.

Vocabularies are data so that adding a municipality or a cue is a diff of a JSON file.
"""

import hashlib
import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """Return the parsed data file ``extractor/data/<name>.json``."""
    text = resources.files("extractor").joinpath("data", f"{name}.json").read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=None)
def words(name: str, key: str) -> tuple[str, ...]:
    """Return one list of a data file, lower-cased, longest first (for regex alternations)."""
    return tuple(sorted({w.lower() for w in load(name)[key]}, key=len, reverse=True))


@lru_cache(maxsize=None)
def alternation(name: str, key: str) -> str:
    """One list of a data file as a regular-expression alternation, longest first, each space
    matching any run of whitespace (``föreslås gälla`` also across a line break)."""
    return "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in words(name, key))


@lru_cache(maxsize=None)
def rules_digest(*sources: Path) -> str:
    """A short digest of rule modules and of every vocabulary they read: data kept in an index
    from earlier rules (another Diarium version) carries another digest and is computed again."""
    digest = hashlib.sha256()
    data = Path(str(resources.files("extractor").joinpath("data")))
    for path in list(sources) + sorted(data.glob("*.json")):
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]



def starts(items) -> str:
    """A lookahead for the first characters of ``items`` (``(?=[bdv])``), to put before their
    alternation when it is scanned over a whole text: the regular-expression engine then rejects
    most positions with one test instead of trying every alternative at each of them. Empty when
    there are no items, or one is empty or starts with white space (which alternations let match any white space)."""
    items = list(items)
    if not items or any(not w or w[0].isspace() for w in items):
        return ""
    return "(?=[" + "".join(sorted({re.escape(w[0]) for w in items})) + "])"
