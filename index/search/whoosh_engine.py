"""The Whoosh engine (whoosh-reloaded): schema, writing, querying and facet counting.

The only module that builds Whoosh indexes and queries (:mod:`index.search.analysis` holds the
analyser). Free text is searched in ``title`` (boosted) and ``body`` with the Swedish
analyser; case-number keys, organisation terms and committee keys are matched exactly.
The body is indexed but not stored: the store keeps the text, snippets are cut from it.

Facets are counted over every matching document from per-document value columns, read
once per searcher and kept while the index does not change.

Concurrency: Whoosh lets one writer hold ``WRITELOCK`` (an ``flock``, dropped by the kernel
when the process dies) and commits by renaming a new table of contents into place, so
readers keep searching the last commit while an import writes, and a writer killed before
its commit leaves that commit intact (its half-written segment files are cleaned up by
the next writer).
"""

from __future__ import annotations

import heapq
import json
import threading
from collections import Counter
from itertools import chain
from pathlib import Path
from typing import Iterable

from whoosh import collectors, columns, index as whoosh_index, query as Q
from whoosh.analysis import Filter, RegexTokenizer
from whoosh.fields import COLUMN, ID, KEYWORD, STORED, TEXT, Schema
from whoosh.qparser import AndGroup, MultifieldParser, PlusMinusPlugin

from index.search.analysis import WORD, index_form, stem
from index.search.interface import UNDATED, DamagedSearchIndex, Hit, Page, Request
from index.search.fields import document_fields

FACETS = {"type": "doc_type", "year": "year", "committee": "committee", "organisation": "org_list"}
WRITE_TIMEOUT = 60.0  # seconds to wait for another writer's commit
CHECK_EVERY = 2048  # documents matched or scored between two checks of a search's budget


class SwedishFilter(Filter):
    """:func:`index.search.analysis.index_form` on each token, in one pass with one cache.

    Positions are renumbered over the words kept, as Whoosh's ``StopFilter`` does, so a
    phrase matches across a stop word the same way in the text and in a query.
    """

    _cache: dict = {}

    def __call__(self, tokens):
        cache, position = self._cache, 0
        if len(cache) > 500_000:
            cache.clear()
        for t in tokens:
            word = cache.get(t.text)
            if word is None:
                word = cache[t.text] = index_form(t.text)
            if not word:
                continue
            t.text = word
            if t.positions:
                t.pos = position
                position += 1
            yield t


def swedish_analyzer():
    """The analyser of every free-text field (title, body): :mod:`index.search.analysis`'s words."""
    return RegexTokenizer(WORD.pattern) | SwedishFilter()


def schema() -> Schema:
    analyzer = swedish_analyzer()
    return Schema(
        id=ID(stored=True, unique=True),
        path=ID(),
        title=TEXT(analyzer=analyzer, field_boost=3.0),
        body=TEXT(analyzer=analyzer),
        doc_type=ID(sortable=True),
        date=ID(sortable=True),
        year=ID(sortable=True),
        own_cases=KEYWORD(),
        cited_cases=KEYWORD(),
        orgs=KEYWORD(),
        org_list=COLUMN(columns.PickleColumn(columns.VarBytesColumn())),
        committee=ID(sortable=True),
        committee_key=ID(),
        authority=ID(),
        period_years=KEYWORD(),
        summary=STORED(),
    )


def exists(folder: Path) -> bool:
    """Whether a Whoosh index was ever committed here (without reading it: it may be damaged)."""
    return Path(folder).is_dir() and any(Path(folder).glob("_MAIN_*.toc"))


def create(folder: Path) -> None:
    Path(folder).mkdir(parents=True, exist_ok=True)
    whoosh_index.create_in(str(folder), schema())


def open(folder: Path) -> "WhooshIndex":  # noqa: A001 - the engine-module interface
    try:
        return WhooshIndex(whoosh_index.open_dir(str(folder)))
    except Exception as exc:  # a damaged table of contents or segment: rebuilding is the cure
        raise DamagedSearchIndex(Path(folder).parent, f"{type(exc).__name__}: {exc}") from None


def whoosh_document(values: dict) -> dict:
    """One document's :func:`~index.search.fields.document_fields` as Whoosh field values."""
    doc = {"id": values["id"], "summary": values["summary"], "org_list": values["orgs"]}
    for name in ("path", "title", "body", "doc_type", "date", "year", "committee", "committee_key", "authority"):
        if values[name]:
            doc[name] = values[name]
    for name in ("own_cases", "cited_cases", "orgs", "period_years"):
        if values[name]:
            doc[name] = " ".join(values[name])
    return doc


def bulk_load(folder: Path, documents: Iterable, *, procs: int = 1, progress=None) -> int:
    """Add ``documents`` to a new, empty index in one commit (``procs`` > 1 analyses in parallel)."""
    ix = whoosh_index.open_dir(str(folder))
    writer = ix.writer(procs=procs, limitmb=256, multisegment=procs > 1) if procs > 1 else ix.writer(limitmb=256)
    count = 0
    try:
        for doc in documents:
            writer.add_document(**whoosh_document(document_fields(doc)))
            count += 1
            if progress and count % 1000 == 0:
                progress(count)
        writer.commit()
    except BaseException:
        writer.cancel()
        raise
    finally:
        ix.close()
    return count


def plain_parser(schema) -> MultifieldParser:
    """The free-text parser: words, phrases in quotes, AND/OR/NOT and parentheses.

    Field names (``path:*``, ``summary:x``), wildcards (``*``, ``för*``), ranges
    (``[a TO z]``), boosts and ``*:*`` are read as plain words: the query reaches only the
    fields meant for it (title and body), and no query can ask the engine to expand a
    pattern over every term of the index.
    """
    from whoosh.qparser import plugins

    parser = MultifieldParser(["title", "body"], schema, group=AndGroup)
    for plugin in (plugins.FieldsPlugin, plugins.WildcardPlugin, plugins.RangePlugin, plugins.BoostPlugin,
                   plugins.EveryPlugin):
        parser.remove_plugin_class(plugin)
    return parser


class WhooshIndex:
    """:class:`~index.search.engine.SearchIndex` over one Whoosh index folder."""

    def __init__(self, ix):
        self._ix = ix
        self._searcher = None
        self._generation = None
        self._columns: dict[str, list] = {}  # whole columns, once many documents matched
        self._readers: dict = {}  # column readers, for a few documents
        self._parser = plain_parser(ix.schema)
        self._parser.add_plugin(PlusMinusPlugin())  # '-word' excludes, as NOT does
        # One searcher serves every thread of a web server, and Whoosh's readers share file
        # positions and cached blocks, so two threads reading at once can read each other's
        # bytes (unpickling and zlib errors). Queries take turns; each is short.
        self._lock = threading.RLock()

    # -- writing ---------------------------------------------------------------------------

    def update(self, add: Iterable = (), delete: Iterable[str] = (), *, merge: bool = True) -> None:
        """Add or replace (by id) and delete documents, in one commit.

        ``merge=False`` leaves the new segment as it is: a bulk import commits its batches
        so, and merges once at its end, instead of rewriting ever larger segments after
        every batch (which made import time and memory grow with the index)."""
        writer = self._ix.writer(timeout=WRITE_TIMEOUT)
        try:
            for doc_id in delete:
                writer.delete_by_term("id", doc_id)
            for doc in add:
                writer.update_document(**whoosh_document(document_fields(doc)))
            writer.commit(merge=merge)
        except BaseException:
            writer.cancel()
            raise

    # -- reading ---------------------------------------------------------------------------

    def searcher(self):
        """A searcher of the latest commit (a new one after any commit; Whoosh's own refresh
        reuses segment readers and can miss deletions)."""
        generation = self._ix.latest_generation()
        if self._searcher is None or generation != self._generation:
            if self._searcher is not None:
                self._searcher.close()
            self._searcher, self._generation = self._ix.searcher(), generation
            self._columns, self._readers = {}, {}
        return self._searcher

    def count(self) -> int:
        with self._lock:
            return self.searcher().doc_count()

    def search(self, request: Request) -> Page:
        with self._lock:
            return self._search(request)

    def _search(self, request: Request) -> Page:
        """One request; its budget is checked between the steps and every
        :data:`CHECK_EVERY` documents of the matching and scoring loops."""
        request.check()
        searcher = self.searcher()
        q = self._query(request)
        matched = []
        for docnum in searcher.docs_for_query(q):
            matched.append(docnum)
            if len(matched) % CHECK_EVERY == 0:
                request.check()
        request.check()
        offset, limit = max(0, request.offset), max(0, request.limit)
        by_date = request.sort in ("newest", "oldest") or not (request.text and request.text.strip()) and not request.case_keys
        if not limit or offset >= len(matched):
            hits = []
        elif by_date:
            hits = self._by_date(searcher, matched, offset, limit, oldest=request.sort == "oldest")
        else:
            collector = _Budgeted(searcher.collector(limit=offset + limit), request)
            searcher.search_with_collector(q, collector)
            hits = [Hit(r["id"], float(r.score or 0.0), _summary(r)) for r in collector.results()[offset:]]
        request.check()
        facets = self._facets(searcher, matched, request) if request.facets else {}
        return Page(total=len(matched), hits=hits[:limit], facets=facets)

    def _query(self, r: Request) -> Q.Query:
        parts = []
        if r.org_terms:
            parts.append(Q.Or([Q.Term("orgs", t) for t in r.org_terms]))
        for terms in r.org_filters:
            parts.append(Q.Or([Q.Term("orgs", t) for t in terms]) if terms else Q.NullQuery)
        if r.case_keys:
            own = [Q.Term("own_cases", k, boost=3.0) for k in r.case_keys]
            parts.append(Q.Or(own + [Q.Term("cited_cases", k) for k in r.case_keys]))
        if r.text and r.text.strip():
            parts.append(self._parser.parse(r.text))
        if r.doc_types:
            parts.append(Q.Or([Q.Term("doc_type", t) for t in r.doc_types]))
        if r.committee_keys:
            parts.append(Q.Or([Q.Term("committee_key", k) for k in r.committee_keys]))
        if r.years:
            years = [Q.Term("year", y) for y in r.years if y != UNDATED]
            if UNDATED in r.years:
                years.append(Q.Not(Q.TermRange("year", "0", "9999")))
            parts.append(Q.Or(years))
        if r.date_from or r.date_to:
            parts.append(Q.TermRange("date", r.date_from or "0", r.date_to or "9999-12-31"))
        q = Q.And(parts) if parts else Q.Every()
        if r.title_words:
            q = Q.AndMaybe(q, Q.Or([Q.Term("title", stem(w), boost=2.0) for w in r.title_words]))
        return q

    def _facets(self, searcher, matched: list[int], request: Request) -> dict:
        org_names = request.org_names
        out = {}
        for name, column in FACETS.items():
            request.check()
            values = self._values(searcher, column, matched)
            counts: Counter = Counter()
            if name == "organisation":
                # A document counts once per organisation, under any of its terms; a term the
                # registry does not hold (a stray word taken for a name, a name shared by two
                # organisations) is no facet.
                counts.update(chain.from_iterable(
                    {org_names[t] for t in terms if t in org_names} for terms in values if terms))
            else:
                counts.update(values)
            if name == "year" and counts.get(""):
                counts[UNDATED] = counts.pop("")
            counts.pop("", None)
            counts.pop(None, None)
            out[name] = dict(counts)
        return out

    def _by_date(self, searcher, matched: list[int], offset: int, limit: int, *, oldest: bool) -> list[Hit]:
        """Matches ``offset`` to ``offset + limit`` by date, newest (or oldest) first, undated last
        (only those read from the stored fields).

        Also the order of a request without text or case numbers: being about an
        organisation is yes or no, so relevance scores would only order by how often a
        name is repeated; ordering by date spares scoring every one of a large
        authority's documents (tens of thousands in a big index)."""
        dates = self._values(searcher, "date", matched) or [""] * len(matched)
        count = offset + limit
        if oldest:
            first = heapq.nsmallest(count, zip((d or "\uffff" for d in dates), matched))
        else:
            first = heapq.nlargest(count, zip((d or "" for d in dates), (-n for n in matched)))
            first = [(d, -n) for d, n in first]
        hits = []
        for _, docnum in first[offset:]:
            fields = searcher.stored_fields(docnum)
            hits.append(Hit(fields["id"], 0.0, _summary(fields)))
        return hits

    def _values(self, searcher, name: str, matched: list[int]) -> list:
        """The column values of the matched documents: read one by one for a few, all at once for many."""
        if name in self._columns:
            column = self._columns[name]
            return [column[d] for d in matched]
        reader = searcher.reader()
        if not reader.has_column(name):
            return []
        if len(matched) * 20 < reader.doc_count_all():
            column_reader = self._readers.get(name) or self._readers.setdefault(name, reader.column_reader(name))
            return [column_reader[d] for d in matched]
        column = self._columns[name] = list(reader.column_reader(name))
        return [column[d] for d in matched]

    def close(self) -> None:
        with self._lock:
            if self._searcher is not None:
                self._searcher.close()
                self._searcher = None
            self._ix.close()


class _Budgeted(collectors.WrappingCollector):
    """A collector that checks the request's budget every :data:`CHECK_EVERY` documents
    it scores (Whoosh's own ``TimeLimitCollector`` counts wall-clock time on a timer)."""

    def __init__(self, child, request: Request):
        super().__init__(child)
        self.request = request

    def collect_matches(self):
        child = self.child
        for n, sub_docnum in enumerate(child.matches(), 1):
            child.collect(sub_docnum)
            if n % CHECK_EVERY == 0:
                self.request.check()


def _summary(hit) -> dict:
    return json.loads(hit["summary"])
