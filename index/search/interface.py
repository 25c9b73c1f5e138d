"""What a search engine takes and gives, the same for every engine: :class:`Request`,
:class:`Page` of :class:`Hit`, the :class:`SearchIndex` an engine module opens, a search's
work :class:`Budget`, and the problems an index folder's search files can have.

:mod:`index.search.engine` chooses and opens an engine; the engines
(:mod:`index.search.tantivy_engine`, :mod:`index.search.whoosh_engine`) take their types from
here, so neither depends on the module that chooses among them.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional, Protocol

from extractor.errors import DiariumError
from index.store import IndexProblem


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
