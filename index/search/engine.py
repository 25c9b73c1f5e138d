"""The search engine behind a small interface, and where its files live in an index folder.

Two engines implement it, each in one module: :mod:`index.search.tantivy_engine` (the default
for new indexes) and :mod:`index.search.whoosh_engine`. The rest of Diarium sees
:class:`SearchIndex` (``update``, ``search``, ``count``, ``close``), :class:`Request` and
:class:`Page` (defined in :mod:`index.search.interface`, which the engines import instead of
this module); both engines index the words of :mod:`index.search.analysis`.

The engine's files are disposable: the store (``store.sqlite``) is the truth and
:func:`rebuild` makes them again from the stored extractions, with the same or another
engine. ``engine.json`` names the engine and the folder in use (an index made before it
named an engine is Whoosh's); a rebuild writes a fresh folder and then switches the name
with one atomic rename, so a crash at any moment leaves either the old or the new index,
never neither. Both engines commit by renaming a new table of contents into place, so a
writer killed mid-commit leaves the last committed state readable.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from pathlib import Path
from typing import Iterable, Optional

from index.search.analysis import ANALYSIS_VERSION
from index.search.interface import (QUERY_BUDGET, SORTS, UNDATED, Budget, DamagedSearchIndex, Hit, NoSearchIndex,
                                    Page, QueryTooBroad, Request, SearchIndex)
from index.store import IndexProblem

# What the rest of Diarium takes from here: the engine-neutral types of
# :mod:`index.search.interface`, and choosing, opening and rebuilding an engine.
__all__ = ["QUERY_BUDGET", "SORTS", "UNDATED", "Budget", "DamagedSearchIndex", "Hit", "NoSearchIndex", "Page",
           "QueryTooBroad", "Request", "SearchIndex", "ENGINES", "DEFAULT_ENGINE", "UnknownEngine", "engine_module",
           "engine_name", "analysis_is_current", "engine_folder", "open_index", "shared_index", "rebuild"]

POINTER = "engine.json"
DEFAULT_FOLDER = "engine"
SCHEMA_VERSION = 1
ENGINES = ("tantivy", "whoosh")
DEFAULT_ENGINE = "tantivy"
LEGACY_ENGINE = "whoosh"  # the engine of an index whose engine.json names none


class UnknownEngine(IndexProblem):
    code = "D208"

    def __init__(self, name: str):
        super().__init__(f"{name}: no such search engine (choose {' or '.join(ENGINES)})")


def _engine(name: str):
    """The module of an engine, imported only when used."""
    if name == "tantivy":
        from index.search import tantivy_engine
        return tantivy_engine
    if name == "whoosh":
        from index.search import whoosh_engine
        return whoosh_engine
    raise UnknownEngine(name)


def engine_module(name: str = DEFAULT_ENGINE):
    """The module of a search engine: ``exists``, ``create``, ``open`` and ``bulk_load``."""
    return _engine(name)


def engine_name(directory) -> str:
    """The engine of an index folder: the one its ``engine.json`` names, else the default for a new one."""
    pointer = _read_pointer(Path(directory))
    if not pointer:
        return DEFAULT_ENGINE
    return pointer.get("engine") or LEGACY_ENGINE


def analysis_is_current(directory) -> bool:
    """Whether the index was made with this version's analysis (else ``diarium reindex`` brings it up to date)."""
    pointer = _read_pointer(Path(directory))
    return not pointer or pointer.get("analysis", 1) == ANALYSIS_VERSION


def engine_folder(directory) -> Path:
    """The folder of the engine files in use."""
    directory = Path(directory)
    pointer = _read_pointer(directory)
    return directory / (pointer.get("folder") or DEFAULT_FOLDER)


def _read_pointer(directory: Path) -> dict:
    try:
        return json.loads((directory / POINTER).read_text("utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise DamagedSearchIndex(directory, f"{POINTER}: {exc}") from None


def open_index(directory, *, create: bool = False, engine: Optional[str] = None) -> SearchIndex:
    """The search index of an index folder; with ``create``, an empty one when there is none
    (of ``engine``, by default :data:`DEFAULT_ENGINE`; an existing index keeps its own)."""
    directory = Path(directory)
    pointer = _read_pointer(directory)
    if pointer and pointer.get("schema") != SCHEMA_VERSION:
        raise DamagedSearchIndex(directory, f"made by another version (schema {pointer.get('schema')})")
    name = (pointer.get("engine") or LEGACY_ENGINE) if pointer else (engine or DEFAULT_ENGINE)
    module = _engine(name)
    folder = directory / (pointer.get("folder") or DEFAULT_FOLDER)
    if not module.exists(folder):
        if not create:
            raise NoSearchIndex(directory)
        module.create(folder)
        if not pointer:
            _write_pointer(directory, folder.name, name)
    return module.open(folder)


_shared: dict = {}
_shared_lock = threading.Lock()


def shared_index(directory) -> SearchIndex:
    """A search index kept open for reading in this process (searchers and facet columns stay
    warm between queries); re-opened when a rebuild switched folders. Not to be closed."""
    folder = engine_folder(directory)
    with _shared_lock:  # request threads of a web server ask at once
        cached = _shared.get(Path(directory))
        if cached is None or cached[0] != folder:
            if cached is not None:
                cached[1].close()
            _shared[Path(directory)] = (folder, open_index(directory))
        return _shared[Path(directory)][1]


def _write_pointer(directory: Path, folder: str, engine: str) -> None:
    tmp = directory / f".{POINTER}.{os.getpid()}"
    try:
        tmp.write_text(json.dumps({"folder": folder, "schema": SCHEMA_VERSION, "engine": engine,
                                   "analysis": ANALYSIS_VERSION}), "utf-8")
        os.replace(tmp, directory / POINTER)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


def rebuild(directory, documents: Iterable, *, procs: int = 1, progress=None, engine: Optional[str] = None) -> int:
    """Index ``documents`` into a fresh folder, then switch to it; returns how many were indexed.

    ``engine`` switches the index to another engine; by default it keeps its own. The
    caller holds the store's writer lock. Folders left by an earlier rebuild that crashed
    are removed first; the folder replaced is removed last.
    """
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    name = engine or engine_name(directory)
    module = _engine(name)
    current = engine_folder(directory)
    for stale in directory.glob(f"{DEFAULT_FOLDER}-*"):
        if stale != current:
            shutil.rmtree(stale, ignore_errors=True)
    fresh = directory / f"{DEFAULT_FOLDER}-{time.strftime('%Y%m%d%H%M%S')}-{os.getpid()}"
    try:
        module.create(fresh)
        count = module.bulk_load(fresh, documents, procs=procs, progress=progress)
        _write_pointer(directory, fresh.name, name)
    except BaseException:
        shutil.rmtree(fresh, ignore_errors=True)  # a full disk or Ctrl-C leaves the old index, no orphan
        raise
    if current != fresh:
        shutil.rmtree(current, ignore_errors=True)  # open readers keep their files until they close
    return count
