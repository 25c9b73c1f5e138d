"""The tantivy engine (Rust, through its Python bindings): schema, writing, querying, facets.

The only module that builds tantivy indexes and queries. Texts get :mod:`index.search.analysis`'s
Swedish analysis: :func:`~index.search.analysis.index_words` makes their words in Python (folded
with å/ä/ö kept, stemmed, each stem looked up once per process rather than once per word)
and tantivy's analyser ``diarium_sv`` reads them back by white space, dropping the marks
left for stop words so that their places stay empty in the positions. The index holds
exactly the words :func:`~index.search.analysis.analyse` makes (a test holds the two to that)
and queries are built from :mod:`index.search.analysis`'s stems. Case-number keys,
organisation terms, committee keys, types and years are single terms (``raw``); the ones
that are counted or sorted on are fast fields (columns), and facets are tantivy terms
aggregations over every matching document. Dates are ``yyyymmdd`` integers: ranges and
ordering by date run on those columns (``day`` with 0 for undated documents, so newest first
puts them last; ``day_asc`` with 99991231 for them, so oldest first does too).

Concurrency: tantivy lets one writer hold the index's lock file (a file lock the kernel
drops when the process dies) and commits by writing new segment files and then replacing
``meta.json`` atomically, so readers keep the last commit while an import writes and a
writer killed before its commit leaves that commit intact.
"""

from __future__ import annotations

import atexit
import collections
import itertools
import json
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterable, Iterator

import tantivy
from tantivy import Occur, Query

from index.search.analysis import GAP, index_form, index_words, parse_text
from index.search.interface import UNDATED, DamagedSearchIndex, Hit, Page, Request
from index.search.fields import document_fields

FACETS = {"type": "doc_type", "year": "year", "committee": "committee", "organisation": "orgs"}
FACET_BUCKETS = {"type": 200, "year": 200, "committee": 1000, "organisation": 50_000}
TITLE_BOOST = 3.0
OWN_CASE_BOOST = 3.0
WRITE_TIMEOUT = 60.0  # seconds to wait for another writer's commit
HEAP = 128_000_000  # bytes of the writer's buffer before it writes a segment
ANALYZER = "diarium_sv"


def analyzer() -> tantivy.TextAnalyzer:
    """The words of :func:`~index.search.analysis.index_words`, read back by tantivy.

    Tantivy's own regular-expression tokenizer and stemmer took three quarters of the CPU
    time of building an index; the words made in Python cost a third of that."""
    return (tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace())
            .filter(tantivy.Filter.custom_stopword([GAP]))
            .build())


def _opened(folder) -> tantivy.Index:
    """The index of a folder, with the analyser its text fields name (tantivy does not keep it)."""
    ix = tantivy.Index.open(str(folder))
    ix.register_tokenizer(ANALYZER, analyzer())
    return ix


def schema() -> tantivy.Schema:
    b = tantivy.SchemaBuilder()
    b.add_text_field("id", stored=True, tokenizer_name="raw")
    b.add_text_field("path", tokenizer_name="raw")
    b.add_text_field("title", tokenizer_name=ANALYZER)
    b.add_text_field("body", tokenizer_name=ANALYZER)
    for name in ("doc_type", "year", "committee", "orgs"):
        b.add_text_field(name, tokenizer_name="raw", fast=True)
    for name in ("own_cases", "cited_cases", "committee_key", "authority", "period_years"):
        b.add_text_field(name, tokenizer_name="raw")
    b.add_integer_field("day", indexed=True, fast=True)
    b.add_integer_field("day_asc", fast=True)
    b.add_bytes_field("summary", stored=True)
    return b.build()


_SCHEMA = None


def _schema() -> tantivy.Schema:
    global _SCHEMA
    if _SCHEMA is None:
        _SCHEMA = schema()
    return _SCHEMA


def exists(folder: Path) -> bool:
    """Whether a tantivy index was ever committed here (without reading it: it may be damaged)."""
    return (Path(folder) / "meta.json").is_file()


def create(folder: Path) -> None:
    Path(folder).mkdir(parents=True, exist_ok=True)
    tantivy.Index(_schema(), path=str(folder), reuse=False)


def open(folder: Path) -> "TantivyIndex":  # noqa: A001 - the engine-module interface
    try:
        json.loads((Path(folder) / "meta.json").read_text("utf-8"))
        readable = folder if os.access(folder, os.W_OK) else _read_only_view(Path(folder))
        return TantivyIndex(_opened(readable), Path(folder))
    except Exception as exc:  # a damaged meta.json or segment: rebuilding is the cure
        raise DamagedSearchIndex(Path(folder).parent, f"{type(exc).__name__}: {exc}") from None


LAST_DAY = 99991231


LOCKS = (".tantivy-meta.lock", ".tantivy-writer.lock")


def _read_only_view(folder: Path) -> Path:
    """A folder of links to the index files of a read-only ``folder``, for searching it.

    Tantivy takes a lock file even to read, and cannot create one on read-only storage (a
    backup, a read-only share); the links let it read the same segment files while its lock
    files go to a private folder, removed when the process ends."""
    view = Path(tempfile.mkdtemp(prefix="diarium-readonly-"))
    atexit.register(shutil.rmtree, view, True)
    for item in folder.iterdir():
        if item.name not in LOCKS:
            (view / item.name).symlink_to(item.resolve())
    return view


def day(date: str) -> int:
    """``2024-05-29`` -> 20240529; 0 for no date (last newest first, outside every range)."""
    digits = (date or "").replace("-", "")
    return int(digits.ljust(8, "0")[:8]) if digits[:8].isdigit() else 0


def tantivy_document(values: dict, schema: tantivy.Schema | None = None) -> tantivy.Document:
    """One document's :func:`~index.search.fields.document_fields` as a tantivy document (typed
    by the schema: without it, tantivy guesses each value's type by trying one after another)."""
    return tantivy.Document.from_dict(tantivy_values(values, _words(values)), schema or _schema())


def _words(values: dict) -> tuple[str, str]:
    """The words of a document's title and body (:func:`~index.search.analysis.index_words`)."""
    return index_words(values["title"]), index_words(values["body"])


def tantivy_values(values: dict, words: tuple[str, str]) -> dict:
    """The field values of a tantivy document, given the words of its title and body."""
    when = day(values["date"])
    doc = {"id": values["id"], "day": when, "day_asc": when or LAST_DAY, "summary": values["summary"].encode("utf-8"),
           "title": words[0], "body": words[1]}
    for name in ("path", "doc_type", "year", "committee", "committee_key", "authority"):
        if values[name]:
            doc[name] = values[name]
    for name in ("own_cases", "cited_cases", "orgs", "period_years"):
        if values[name]:
            doc[name] = list(values[name])
    return doc


def _texts_words(texts: tuple[str, str]) -> tuple[str, str]:
    return index_words(texts[0]), index_words(texts[1])


PREPARE_CHUNK = 64  # documents whose words a worker process makes at a time


@contextmanager
def _prepared(documents: Iterable, procs: int) -> Iterator[Iterator[dict]]:
    """The tantivy values of ``documents`` in their order. Making the words of the texts is
    most of the CPU time of indexing; with ``procs`` > 1 that many worker processes make
    them (only the title and text travel), forked after the first document has loaded the
    vocabularies and before any writer thread exists."""
    fields = map(document_fields, documents)
    first = next(fields, None)
    if first is None:
        yield iter(())
        return
    head = tantivy_values(first, _words(first))
    if procs <= 1:
        yield itertools.chain([head], (tantivy_values(v, _words(v)) for v in fields))
        return
    waiting: collections.deque = collections.deque()  # values sent, in order, until their words return

    def texts():
        for values in fields:  # run by the pool's feeding thread
            waiting.append(values)
            yield values["title"], values["body"]

    import multiprocessing  # here: a search never needs it

    with multiprocessing.get_context("fork").Pool(procs) as pool:
        words = pool.imap(_texts_words, texts(), chunksize=PREPARE_CHUNK)
        yield itertools.chain([head], (tantivy_values(waiting.popleft(), w) for w in words))


def _writer(ix: tantivy.Index, threads: int = 1):
    """The index's one writer, waiting up to :data:`WRITE_TIMEOUT` for another to finish."""
    deadline = time.monotonic() + WRITE_TIMEOUT
    while True:
        try:
            return ix.writer(heap_size=HEAP, num_threads=threads)
        except ValueError as exc:
            if "lock" not in str(exc).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def bulk_load(folder: Path, documents: Iterable, *, procs: int = 1, progress=None) -> int:
    """Add ``documents`` to a new, empty index in one commit (``procs`` processes preparing
    the documents, and as many indexing threads)."""
    ix = _opened(folder)
    count, schema = 0, ix.schema
    with _prepared(documents, procs) as prepared:
        writer = _writer(ix, max(1, procs))
        try:
            for values in prepared:
                writer.add_document(tantivy.Document.from_dict(values, schema))
                count += 1
                if progress and count % 1000 == 0:
                    progress(count)
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            writer.rollback()
            raise
    return count


class TantivyIndex:
    """:class:`~index.search.engine.SearchIndex` over one tantivy index folder."""

    def __init__(self, ix: tantivy.Index, folder: Path):
        self._ix = ix
        self._meta = folder / "meta.json"
        self._searcher, self._stamp = None, None
        self._schema = ix.schema
        self._disjoint: dict = {}  # the searcher's answers of :meth:`_disjoint_terms`

    # -- writing ---------------------------------------------------------------------------

    def update(self, add: Iterable = (), delete: Iterable[str] = (), *, merge: bool = True) -> None:
        """Add or replace (by id) and delete documents, in one commit, and wait for the merges
        that commit starts.

        A commit makes a segment and lets tantivy's merge policy start merges of the segments
        in threads of its own; a merge is kept only if it ends while its writer lives (a
        writer dropped first discards it, and a later writer merges the same segments again,
        each time more of them). So every commit waits for its merges, whatever ``merge``
        says (Whoosh's ``merge=False`` leaves a batch's segment unmerged; tantivy's binding
        has no such choice), and no thread of the writer outlives the call."""
        writer = _writer(self._ix)
        try:
            for doc_id in delete:
                writer.delete_documents_by_term("id", doc_id)
            for doc in add:
                values = document_fields(doc)
                writer.delete_documents_by_term("id", values["id"])
                writer.add_document(tantivy_document(values, self._schema))
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        try:
            writer.wait_merging_threads()
        finally:
            del writer  # dropping the writer releases the lock
        self._ix.reload()

    # -- reading ---------------------------------------------------------------------------

    def searcher(self):
        """A searcher of the latest commit: a commit replaces ``meta.json``, so a new one is
        made only when that file changed (reloading on every query cost milliseconds)."""
        try:
            stamp = self._meta.stat()
            stamp = (stamp.st_mtime_ns, stamp.st_ino, stamp.st_size)
        except OSError:
            stamp = None
        if self._searcher is None or stamp != self._stamp:
            self._ix.reload()
            self._searcher, self._stamp, self._disjoint = self._ix.searcher(), stamp, {}
        return self._searcher

    def count(self) -> int:
        return self.searcher().num_docs

    def search(self, request: Request) -> Page:
        """One request; its budget is checked before and after each call into tantivy (each
        call runs to its end in Rust: the calls are bounded by the result window and the
        facets' bucket counts, the budget bounds how many follow one another)."""
        request.check()
        searcher = self.searcher()
        q = self._query(request)
        offset, limit = max(0, request.offset), max(0, request.limit)
        has_text = bool(request.text and request.text.strip())
        by_date = request.sort in ("newest", "oldest") or not has_text and not request.case_keys
        if limit == 0:  # a count (the other reading's, a facet's): nothing to rank or fetch
            total, hits = self._count(searcher, q), []
        elif by_date:
            # Being about an organisation is yes or no: by date, no relevance to score.
            oldest = request.sort == "oldest"
            found = searcher.search(q, limit=limit, offset=offset, order_by_field="day_asc" if oldest else "day",
                                    order=tantivy.Order.Asc if oldest else tantivy.Order.Desc)
            total, hits = found.count, [self._hit(searcher, 0.0, address) for _, address in found.hits]
        else:
            found = searcher.search(q, limit=limit, offset=offset)
            total, hits = found.count, [self._hit(searcher, score, address) for score, address in found.hits]
        request.check()
        facets = self._facets(searcher, q, request, total) if request.facets else {}
        return Page(total=total, hits=hits, facets=facets)

    def _hit(self, searcher, score: float, address) -> Hit:
        stored = searcher.doc(address)
        return Hit(stored.get_first("id"), float(score or 0.0), json.loads(bytes(stored.get_first("summary"))))

    def _term(self, field: str, value: str, boost: float = 1.0) -> Query:
        q = Query.term_query(self._schema, field, value)
        return Query.boost_query(q, boost) if boost != 1.0 else q

    def _any(self, field: str, values: list[str]) -> Query:
        return Query.term_set_query(self._schema, field, list(values))

    def _query(self, r: Request) -> Query:
        must = []
        if r.org_terms:
            must.append(self._any("orgs", r.org_terms))
        for terms in r.org_filters:  # each one more organisation the document must be about
            must.append(self._any("orgs", terms) if terms else Query.empty_query())
        if r.case_keys:
            own = [(Occur.Should, self._term("own_cases", k, OWN_CASE_BOOST)) for k in r.case_keys]
            must.append(Query.boolean_query(own + [(Occur.Should, self._term("cited_cases", k)) for k in r.case_keys]))
        text = self._text(r.text) if r.text and r.text.strip() else None
        if text is not None:
            must.append(text)
        if r.doc_types:
            must.append(self._any("doc_type", r.doc_types))
        if r.committee_keys:
            must.append(self._any("committee_key", r.committee_keys))
        if r.years:
            years = [(Occur.Should, self._any("year", [y for y in r.years if y != UNDATED]))]
            if UNDATED in r.years:
                years.append((Occur.Should, Query.range_query(self._schema, "day", tantivy.FieldType.Integer, 0, 0)))
            must.append(Query.boolean_query(years))
        if r.date_from or r.date_to:
            must.append(Query.range_query(self._schema, "day", tantivy.FieldType.Integer,
                                          day(r.date_from or "0001-01-01"), day(r.date_to or "9999-12-31")))
        clauses = [(Occur.Must, q) for q in must] or [(Occur.Must, Query.all_query())]
        if r.title_words:
            words = [w for w in (index_form(w) for w in r.title_words) if w]
            clauses += [(Occur.Should, self._term("title", w, 2.0)) for w in dict.fromkeys(words)]
        return Query.boolean_query(clauses)

    def _text(self, text: str) -> Query:
        """Free text: every group must match (in title or body), ``-word`` must not, ``a OR b`` either."""
        clauses = []
        for group in parse_text(text):
            alternatives = [q for q in (self._words(alt) for alt in group.alternatives) if q is not None]
            if not alternatives:
                continue
            q = alternatives[0] if len(alternatives) == 1 else Query.boolean_query([(Occur.Should, a) for a in alternatives])
            clauses.append((Occur.MustNot if group.negated else Occur.Must, q))
        if not any(occur == Occur.Must for occur, _ in clauses):
            clauses.append((Occur.Must, Query.empty_query() if not clauses else Query.all_query()))
        return Query.boolean_query(clauses)

    def _words(self, alt) -> Query | None:
        """One word or phrase, in the title (boosted) or the body."""
        per_field = []
        for field, boost in (("title", TITLE_BOOST), ("body", 1.0)):
            if len(alt.words) == 1:
                q = Query.term_query(self._schema, field, alt.words[0])
            elif alt.words:  # stop words inside the phrase left gaps in the positions
                q = Query.phrase_query(self._schema, field, alt.words, alt.gaps)
            else:
                return None
            per_field.append((Occur.Should, Query.boost_query(q, boost) if boost != 1.0 else q))
        return Query.boolean_query(per_field)

    def _facets(self, searcher, q: Query, request: Request, total: int) -> dict:
        spec = {name: {"terms": {"field": FACETS[name], "size": FACET_BUCKETS[name]}} for name in FACETS}
        raw = searcher.aggregate(q, spec)
        request.check()
        out = {}
        for name in FACETS:
            buckets = {b["key"]: b["doc_count"] for b in raw.get(name, {}).get("buckets", [])}
            if name == "organisation":
                out[name] = self._org_counts(searcher, q, buckets, request)
            else:
                buckets.pop("", None)
                if name == "year" and total > sum(buckets.values()):  # a document has one year or none
                    buckets[UNDATED] = total - sum(buckets.values())
                out[name] = buckets
        return out

    def _org_counts(self, searcher, q: Query, term_counts: dict, request: Request) -> dict:
        """Documents per organisation: a document counts once under any of its terms; a term
        the registry does not hold is no facet. An organisation two of whose terms matched
        is counted by one more query, since the documents of its terms may overlap."""
        org_names = request.org_names
        terms_of: dict[str, list[str]] = {}
        for t in term_counts:
            if t in org_names:
                terms_of.setdefault(org_names[t], []).append(t)
        counts = {}
        for name, terms in terms_of.items():
            if len(terms) == 1 or self._disjoint_terms(searcher, terms):
                counts[name] = sum(term_counts[t] for t in terms)
            else:
                both = Query.boolean_query([(Occur.Must, q), (Occur.Must, self._any("orgs", terms))])
                counts[name] = self._count(searcher, both)
                request.check()
        return counts

    def _disjoint_terms(self, searcher, terms: list[str]) -> bool:
        """Whether no document of the index holds two of ``terms`` (then the documents of any
        search under them add up without overlap). Asked once per searcher and set of terms:
        the documents holding any of them against the sum of each term's documents (a term's
        count may include deleted documents, which can only make the answer a safe no)."""
        key = tuple(sorted(terms))
        found = self._disjoint.get(key)
        if found is None:
            each = sum(searcher.doc_freq("orgs", t) for t in key)
            found = self._disjoint[key] = self._count(searcher, self._any("orgs", list(key))) == each
        return found

    @staticmethod
    def _count(searcher, q: Query) -> int:
        """How many documents ``q`` matches, without scoring them."""
        return searcher.search(Query.const_score_query(q, 1.0), limit=1).count

    def close(self) -> None:
        self._ix = None

