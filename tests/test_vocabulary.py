"""Every key of every vocabulary file is read by the code: a cue list nobody reads is a rule
that silently does nothing, and a reviewer who edits it would be misled.

A key is read when the code names it as a string literal (``vocab.words("funding", "each")``,
``data["payer_verbs"]``); keys starting with ``_`` are notes for the reader.
"""

import ast
import json
from functools import lru_cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("extractor", "index", "diarium")
DATA_FILES = sorted([*(ROOT / "extractor" / "data").glob("*.json"), *(ROOT / "index" / "data").glob("*.json")])


@lru_cache(maxsize=None)
def code_strings() -> frozenset:
    """Every string literal in the packages' Python code."""
    found = set()
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text("utf-8"), str(path))):
                if isinstance(node, ast.Constant) and isinstance(node.value, str):
                    found.add(node.value)
    return frozenset(found)


def keys(path: Path) -> list[str]:
    data = json.loads(path.read_text("utf-8"))
    return [k for k in data if not k.startswith("_")] if isinstance(data, dict) else []


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_key_of_a_data_file_is_read(path):
    unread = [k for k in keys(path) if k not in code_strings()]
    assert not unread, f"{path.name}: keys the code never reads: {unread}"


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_the_file_is_loaded_by_name(path):
    assert path.stem in code_strings() or path.name in code_strings()


def test_an_unread_key_is_caught():
    assert "no_such_cue_list" not in code_strings() and "payer_verbs" in code_strings()
