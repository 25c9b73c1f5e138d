"""The search engine behind a small interface, and where its files live in an index folder.

Two engines implement it, each in one module: :mod:`index.search.tantivy_engine` (the default
for new indexes) and :mod:`index.search.whoosh_engine`. The rest of Diarium sees
:class:`SearchIndex` (``update``, ``search``, ``count``, ``close``), :class:`Request` and
:class:`Page`; both engines index the words of :mod:`index.search.analysis`.

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
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Protocol

from extractor.errors import DiariumError
from index.search.analysis import ANALYSIS_VERSION
from index.store import IndexProblem

POINTER = "engine.json"
DEFAULT_FOLDER = "engine"
SCHEMA_VERSION = 1
ENGINES = ("tantivy", "whoosh")
DEFAULT_ENGINE = "tantivy"
LEGACY_ENGINE = "whoosh"  # the engine of an index whose engine.json names none


class NoSearchIndex(IndexProblem):
    code = "D203"

    def __init__(self, directory: Path):
        super().__init__(f"{directory}: no search index here yet (run 'diarium import' or 'diarium reindex')")


class DamagedSearchIndex(IndexProblem):
    code = "D204"

    def __init__(self, directory: Path, reason: str):
        super().__init__(f"{directory}: the search index cannot be read ({reason}); run 'diarium reindex' to rebuild it")


QUERY_BUDGET = 5.0  # CPU seconds one search may spend (``--budget`` of search and serve)


class QueryTooBroad(DiariumError):
    """A search whose work went over its budget (a word in nearly every document, many
    alternatives at once); ``swedish`` says so to a user of the web page."""

    code = "D211"

    def __init__(self, seconds: float):
        super().__init__(f"too broad a search: it needs more than the {seconds:g} s of work a search may take; "
                         "narrow it with more words, a filter or a phrase")
        self.swedish = (f"För bred sökning: den kräver mer än de {seconds:g} sekunder arbete en sökning får ta. "
                        "Begränsa den med fler ord, ett filter eller en fras.")


class Budget:
    """The work one search may do, measured on ``clock`` (by default the CPU time of the
    thread searching: the engines run their work in the caller's thread, and time spent
    waiting for a busy machine does not count), from the first :meth:`check`. The engines
    call it before and between their steps and, where they loop in Python, every few
    thousand documents; a budget of 0 refuses any search that reaches the engine."""

    def __init__(self, seconds: float = QUERY_BUDGET, clock=time.thread_time):
        if not seconds >= 0:
            raise ValueError("a search budget is 0 seconds or more")
        self.seconds, self._clock = float(seconds), clock
        self._start: Optional[float] = None

    def check(self) -> None:
        now = self._clock()
        if self._start is None:
            self._start = now
        if self.seconds <= 0 or now - self._start > self.seconds:
            raise QueryTooBroad(self.seconds)


SORTS = ("relevance", "newest", "oldest")
UNDATED = "odaterade"  # the year value (filter and facet) of documents without a date


@dataclass
class Request:
    """What to look for; every criterion given must hold (AND), a list of values of one
    single-valued field (types, years, committees) matches any of them (OR).

    Organisations: ``org_terms`` is the organisation a query names (any of its terms);
    each entry of ``org_filters`` is one more organisation (any of its terms) that must
    also be about the document, so narrowing an organisation by another gives the
    documents about both.

    Order: ``relevance`` ranks by score, except that a request for organisations only lists
    newest first (being about an organisation is yes or no); ``newest`` and ``oldest``
    order by date, undated documents last either way. ``offset`` skips that many hits of
    the order; ``total`` always counts every match.
    """

    text: Optional[str] = None  # Swedish free text
    org_terms: list[str] = field(default_factory=list)  # any of these organisation terms
    org_filters: list[list[str]] = field(default_factory=list)  # each: one organisation's terms; all must hold
    case_keys: list[str] = field(default_factory=list)  # carried or cited (own numbers rank first)
    doc_types: list[str] = field(default_factory=list)  # any of these document types
    years: list[str] = field(default_factory=list)  # any of these years of the document's date; UNDATED: no date
    date_from: Optional[str] = None  # ISO dates, inclusive
    date_to: Optional[str] = None
    committee_keys: list[str] = field(default_factory=list)  # any of these committees
    title_words: list[str] = field(default_factory=list)  # rank documents with these words in the title first
    sort: str = "relevance"  # one of SORTS
    offset: int = 0
    limit: int = 20
    facets: bool = True  # False: the counts are not wanted (Page.facets may be left empty)
    org_names: dict = field(default_factory=dict)  # organisation term -> name, for the organisation facet
    budget: Optional[Budget] = None  # the work the search may do; None: no bound

    def check(self) -> None:
        """Raise :class:`QueryTooBroad` if the request's budget is spent."""
        if self.budget is not None:
            self.budget.check()


@dataclass
class Hit:
    id: str
    score: float
    summary: dict


@dataclass
class Page:
    total: int
    hits: list[Hit]
    facets: dict  # name -> {value: count} over every match: "type", "year" (UNDATED for no date),
    #               "committee", "organisation" (names from Request.org_names)


class SearchIndex(Protocol):
    def update(self, add: Iterable = (), delete: Iterable[str] = (), *, merge: bool = True) -> None: ...
    def search(self, request: Request) -> Page: ...
    def count(self) -> int: ...
    def close(self) -> None: ...


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
