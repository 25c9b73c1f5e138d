"""Loads the vocabularies in ``extractor/data``: cue words, prefixes, month names, titles.

Vocabularies are data so that adding a municipality or a cue is a diff of a JSON file.
"""

import json
from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """Return the parsed data file ``extractor/data/<name>.json``."""
    text = resources.files("extractor").joinpath("data", f"{name}.json").read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=None)
def words(name: str, key: str) -> tuple[str, ...]:
    """Return one list of a data file, lower-cased, longest first (for regex alternations)."""
    return tuple(sorted({w.lower() for w in load(name)[key]}, key=len, reverse=True))
