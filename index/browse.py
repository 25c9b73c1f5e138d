"""The lists a reader browses: every case with its documents, and every deciding body with
its meetings and the decisions taken at them.

Both are derived from all stored extractions. :func:`refresh` keeps what the lists read of
each document in the store (``browse_case_docs``, ``browse_statements``), reads again only
the documents added, changed or removed since the last refresh (``pending_browse``), and
computes again only the cases and body names those documents touch (``browse_cases``,
``browse_bodies``, ``browse_meetings``), one case or body name at a time. It then writes
``browse.sqlite`` in the index folder from those tables, in SQLite, replaced atomically, each
list in its order so that a page is read without reading the rest. The lists are those
:func:`build` computes from every extraction at once, whatever the order and the steps in
which documents came. :func:`load` reads that file, or computes the lists from the store
when an index has none yet.

Everything here is a typed record: what a document says of a meeting is a :class:`Statement`
(kept in the store as a JSON list) of :class:`Decided`, :class:`Cited` or :class:`Planned`
items, and the lists are :class:`ListedCase` and :class:`ListedBody` rows and a body's
:class:`ListedMeeting` records, read once from the lists file; a record's JSON form is its
fields in order (:func:`extractor.model.plain`).

A case is one case number however it is typed (:func:`extractor.diarienummer.compact`), shown in its
most frequent spelling, with the title of its newest document, its newest date and how many
documents carry it as their own.

A body is a committee or board of one authority (``Socialnämnden`` of Lunds kommun and of
Växjö kommun are two bodies). Its meetings come from three kinds of statements:

- a protocol or protocol extract is the record of its body's meeting on its date, and each of
  its paragraphs is a decision taken there (``decided`` with the paragraph's anchor);
- a decision cited by body, date and paragraph (``Socialnämnden 2020-09-22 § 87``) was taken
  at that meeting (``cited``, with the citing document);
- a matter planned for a meeting (``Vård- och omsorgsnämnden 2020-09-23`` in a report's
  decision planning) is on that meeting's agenda (``planned``, with the report).

A planned meeting is one of the reporting document's own authority. A cited decision names
the body without its authority: it joins the one body of that name that met on that date (by
a protocol or a planned meeting), or, when none or several did, the body of that name of the
citing document's own authority. So everything a body shows depends only on the statements
that name a body of its name, which is what lets a refresh compute one body name at a time.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Optional

from extractor import vocab
from extractor.facts.names import body_and_place
from extractor.identifiers import diarienummer
from extractor.model import Extraction, plain, record

BROWSE_FILE = "browse.sqlite"
CACHE_KEY = "browse_cache"
_PROTOCOL_TYPES = ("protokoll", "protokollsutdrag")


# -- the lists' records ----------------------------------------------------------------------

@dataclass(slots=True)
class ListedCase:
    """A case of the list: its most frequent spelling, the title of its newest document, its
    newest date, how many documents carry it and the newest of them."""

    number: str
    title: Optional[str]
    latest: Optional[str]
    documents: int
    newest_document: str


@dataclass(slots=True)
class ListedBody:
    """A body of the list: its address word, name and authority, its latest meeting, and how
    many meetings and decisions are known."""

    id: str
    name: str
    authority: Optional[str]
    latest: Optional[str]
    meetings: int
    decisions: int


@dataclass(slots=True)
class Decided:
    """A decision of a protocol: its paragraph (None when the protocol has none), heading, case
    numbers, the protocol and the paragraph's anchor there."""

    paragraph: Optional[str]
    heading: Optional[str]
    case_numbers: list[str]
    document: str
    anchor: Optional[str]


@dataclass(slots=True)
class Cited:
    """A decision another document cites by the meeting's date: its paragraph, the citing
    document and its title."""

    paragraph: Optional[str]
    document: str
    title: Optional[str]


@dataclass(slots=True)
class Planned:
    """A matter planned for the meeting: the reporting document, its title and case numbers."""

    document: str
    title: Optional[str]
    case_numbers: list[str]


_ITEMS = {"decided": Decided, "cited": Cited, "planned": Planned}


@dataclass(slots=True)
class ListedMeeting:
    """A meeting of a body on its date: the decisions taken (``decided``, ``cited``) and the
    matters planned for it."""

    date: str
    decided: list[Decided]
    cited: list[Cited]
    planned: list[Planned]

    @classmethod
    def from_row(cls, row) -> "ListedMeeting":
        """A row of the lists file's ``meetings`` (each kind's items as JSON)."""
        return cls(row["date"], *([record(kind, item) for item in json.loads(row[name])] for name, kind in _ITEMS.items()))


@dataclass(slots=True)
class BodyMeetings:
    """A body and its meetings (or one page of them), newest first."""

    body: ListedBody
    meetings: list[ListedMeeting]


@dataclass(slots=True)
class Statement:
    """What a document says of a body's meeting: ``decided`` (a protocol's paragraphs) and
    ``planned`` are of the named authority's body; a ``cited`` decision's authority is the one it
    falls back on (see the module docstring). Kept in the store as a JSON list (:meth:`to_json`)."""

    kind: str
    authority: str
    body: str
    date: str
    items: list  # Decided, Cited or Planned records, as ``kind`` says

    def to_json(self) -> list:
        return [self.kind, self.authority, self.body, self.date, plain(self.items)]

    @classmethod
    def from_json(cls, data: list) -> "Statement":
        kind, authority, body, date, items = data
        return cls(kind, authority, body, date, [record(_ITEMS[kind], item) for item in items])


@dataclass(slots=True)
class AllLists:
    """Every case and every body with all its meetings, in list order (what :func:`build` computes)."""

    cases: list[ListedCase]
    bodies: list[BodyMeetings]


# -- what the lists read of one document ----------------------------------------------------

def case_rows(x: Extraction) -> list[tuple[str, str]]:
    """``(key, number)`` for each own case number of a document, each spelling once."""
    return [(diarienummer.compact(number), number) for number in dict.fromkeys(c.number for c in x.own_case_numbers)]


def statements(doc_id: str, x: Extraction) -> list[Statement]:
    """What a document says of bodies' meetings, in its order."""
    authority = x.authority or ""
    title = x.title or None
    own = [c.number for c in x.own_case_numbers]
    out: list[Statement] = []
    if x.document_type in _PROTOCOL_TYPES and x.decided_by and _is_date(x.date):
        items = [Decided(p.number, p.heading, p.case_numbers or [], doc_id, p.anchor) for p in x.paragraphs]
        if not x.paragraphs:
            items = [Decided(None, title, own, doc_id, None)]
        out.append(Statement("decided", authority, x.decided_by, x.date, items))
    for ref in x.decision_refs:
        if ref.body and _is_date(ref.date):
            name, place = body_and_place(ref.body)  # "Socialnämnden i Lunds kommun": Lund's
            out.append(Statement("cited", place or authority, name, ref.date, [Cited(ref.paragraph, doc_id, title)]))
    for m in x.meetings:  # a report plans its own authority's meetings
        if m.body and _is_date(m.date):
            out.append(Statement("planned", authority, m.body, m.date, [Planned(doc_id, title, own)]))
    return out


def build(extractions) -> AllLists:
    """Every list from ``(id, path, extraction)`` triples in id order, all at once (what
    :func:`refresh` gives in steps)."""
    cases: dict[str, list] = {}
    bodies = _Bodies()
    for doc_id, _path, data in extractions:
        x = Extraction.from_dict(data)
        for key, number in case_rows(x):
            cases.setdefault(key, []).append((number, x.date, x.title, doc_id))
        for seq, statement in enumerate(statements(doc_id, x)):
            bodies.take(statement, (doc_id, seq))
    listed = [case(rows) for rows in cases.values()]
    listed.sort(key=lambda c: (c.latest or "", c.number), reverse=True)  # newest first, undated last
    shown = sorted(bodies.finish(), key=lambda b: (*_body_order(b.authority, b.name), b.born))
    return AllLists(listed, _with_ids(shown))


# -- cases ----------------------------------------------------------------------------------

def case(rows: Iterable[tuple]) -> ListedCase:
    """One case from ``(number as written, date, title, document)`` of each of its documents'
    spellings, in document order."""
    spellings: Counter = Counter()
    documents = []
    for number, date, title, doc_id in rows:
        spellings[number] += 1
        documents.append((date or "", title or "", doc_id))
    newest = max(documents)
    dated = [d for d, _, _ in documents if d]
    return ListedCase(spellings.most_common(1)[0][0], newest[1] or None, max(dated) if dated else None,
                      len(documents), newest[2])


# -- bodies and their meetings --------------------------------------------------------------

def body_key(name: str) -> str:
    """``Vård- och  omsorgsnämnden`` and ``vård- och omsorgsnämnden`` are one body name."""
    return " ".join(str(name).split()).casefold()


@dataclass(slots=True)
class _Body:
    """A body as its statements come: its authority, the spellings of its name, its meetings by
    date, and when the first statement naming it came (``born``)."""

    authority: Optional[str]
    born: tuple
    names: Counter = field(default_factory=Counter)
    meetings: dict = field(default_factory=dict)  # date -> ListedMeeting


@dataclass(slots=True)
class _Found:
    """A body computed from every statement naming a body of its name, before it has its address
    word: ``key`` (its authority as kept, its name's key), its most frequent spelling, its
    meetings newest first, how many decisions they hold, and ``born`` as a sortable string."""

    key: tuple
    name: str
    authority: Optional[str]
    meetings: list[ListedMeeting]
    decisions: int
    born: str

    @property
    def latest(self) -> Optional[str]:
        return self.meetings[0].date if self.meetings else None


class _Bodies:
    """Bodies from statements taken in document order. Each body keeps ``born``: when the
    first statement naming it came (those placed by authority before the cited ones)."""

    def __init__(self):
        self.bodies: dict[tuple, _Body] = {}  # (authority, body key) -> body
        self.loose: list[tuple] = []  # (cited statement, where it came) to place at the end

    def body(self, authority: str, name: str, born: tuple) -> _Body:
        key = (authority, body_key(name))
        entry = self.bodies.get(key)
        if entry is None:
            entry = self.bodies[key] = _Body(authority or None, born)
        entry.names[" ".join(name.split())] += 1
        return entry

    @staticmethod
    def meeting(body: _Body, date: str) -> ListedMeeting:
        return body.meetings.setdefault(date, ListedMeeting(date, [], [], []))

    def take(self, statement: Statement, came: tuple) -> None:
        """One statement of :func:`statements`; ``came`` is (document id, its place there)."""
        if statement.kind == "cited":
            self.loose.append((statement, came))
            return
        meeting = self.meeting(self.body(statement.authority, statement.body, (0, *came)), statement.date)
        for item in statement.items:
            if statement.kind == "decided":
                meeting.decided.append(item)
            else:
                _add_once(meeting.planned, item)

    def finish(self) -> list[_Found]:
        met: dict[tuple, list] = {}  # (body key, date) -> the authorities whose body of that name met then
        for (authority, key), body in self.bodies.items():
            for date in body.meetings:
                met.setdefault((key, date), []).append(authority)
        for statement, came in self.loose:
            known = met.get((body_key(statement.body), statement.date)) or []
            owner = known[0] if len(known) == 1 else statement.authority
            for item in statement.items:
                _add_once(self.meeting(self.body(owner, statement.body, (1, *came)), statement.date).cited, item)
        return [self._found(key, body) for key, body in self.bodies.items()]

    @staticmethod
    def _found(key: tuple, body: _Body) -> _Found:
        meetings = sorted(body.meetings.values(), key=lambda m: m.date, reverse=True)
        return _Found(key, body.names.most_common(1)[0][0], body.authority, meetings,
                      sum(len(m.decided) + len(m.cited) for m in meetings), _born(body.born))


def _born(born: tuple) -> str:
    """``(phase, document id, place)`` as one string that sorts as the tuple does."""
    phase, doc_id, seq = born
    return f"{phase}\x1f{doc_id}\x1f{seq:06d}"


def _body_order(authority: Optional[str], name: str) -> tuple[str, str]:
    """Bodies are listed by authority and name, case-folded (bodies without an authority last)."""
    return (authority or "~").casefold(), name.casefold()


def _with_ids(bodies: list[_Found]) -> list[BodyMeetings]:
    """Each body (in list order) with an address word (``lunds-kommun-socialnamnden``)."""
    taken: set = set()
    return [BodyMeetings(ListedBody(_new_id(b.authority, b.name, taken), b.name, b.authority, b.latest, len(b.meetings),
                                    b.decisions), b.meetings) for b in bodies]


def _new_id(authority: Optional[str], name: str, taken: set) -> str:
    base = slug(f"{authority or ''} {name}")
    body_id, n = base, 2
    while body_id in taken:
        body_id, n = f"{base}-{n}", n + 1
    taken.add(body_id)
    return body_id


def slug(text: str) -> str:
    """``Vård- och omsorgsnämnden`` -> ``vard-och-omsorgsnamnden``: letters a-z, digits, dashes."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "organ"


def _add_once(items: list, item) -> None:
    if item not in items:
        items.append(item)


def _is_date(value) -> bool:
    return isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None


# -- kept in the store, refreshed for the documents that changed ------------------------------

_TABLES = """
CREATE TABLE IF NOT EXISTS browse_case_docs (key TEXT NOT NULL, doc TEXT NOT NULL, seq INTEGER NOT NULL,
    number TEXT NOT NULL, date TEXT, title TEXT, PRIMARY KEY (key, doc, seq));
CREATE INDEX IF NOT EXISTS browse_case_docs_doc ON browse_case_docs(doc);
CREATE TABLE IF NOT EXISTS browse_statements (bkey TEXT NOT NULL, doc TEXT NOT NULL, seq INTEGER NOT NULL,
    statement TEXT NOT NULL, PRIMARY KEY (bkey, doc, seq));
CREATE INDEX IF NOT EXISTS browse_statements_doc ON browse_statements(doc);
CREATE TABLE IF NOT EXISTS browse_cases (key TEXT PRIMARY KEY, number TEXT, title TEXT, latest TEXT,
    documents INTEGER, newest_document TEXT);
CREATE TABLE IF NOT EXISTS browse_bodies (bkey TEXT NOT NULL, authority TEXT NOT NULL, name TEXT, latest TEXT,
    meetings INTEGER, decisions INTEGER, by_authority TEXT, by_name TEXT, born TEXT, PRIMARY KEY (bkey, authority));
CREATE TABLE IF NOT EXISTS browse_meetings (bkey TEXT NOT NULL, authority TEXT NOT NULL, date TEXT NOT NULL,
    decided TEXT, cited TEXT, planned TEXT, PRIMARY KEY (bkey, authority, date));
CREATE TEMP TABLE IF NOT EXISTS browse_now (id TEXT PRIMARY KEY);
CREATE TEMP TABLE IF NOT EXISTS browse_touched_cases (key TEXT PRIMARY KEY);
CREATE TEMP TABLE IF NOT EXISTS browse_touched_bodies (bkey TEXT PRIMARY KEY);
"""
_KEPT = ("browse_case_docs", "browse_statements", "browse_cases", "browse_bodies", "browse_meetings")
_CHUNK = 500


def _cache_version() -> str:
    """What the kept rows were computed by (rows kept by other rules are computed again once)."""
    return vocab.rules_digest(Path(__file__))


def refresh(store, full: bool = False) -> dict:
    """Bring the browse lists of an index folder up to date with its store (every document
    read again with ``full``, or when the store kept nothing yet); returns counts."""
    store.ensure_schema()
    db = store.db
    with store.transaction():
        store.take_pending(schema=_TABLES, scratch=("browse_now", "browse_touched_cases", "browse_touched_bodies"),
                           derived=tuple(_KEPT), pending="pending_browse", now="browse_now", cache_key=CACHE_KEY,
                           version=_cache_version(), full=full)
        _forget_pending(db)
        _add_pending(store)
        for key in _keys(db, "browse_touched_cases", "key"):
            _case_again(db, key)
        for bkey in _keys(db, "browse_touched_bodies", "bkey"):
            _bodies_again(db, bkey)
        db.execute("DELETE FROM pending_browse WHERE id IN (SELECT id FROM browse_now)")
    _write(Path(store.directory) / BROWSE_FILE, lambda out: _copy(store, out))
    return {"cases": db.execute("SELECT count(*) FROM browse_cases").fetchone()[0],
            "bodies": db.execute("SELECT count(*) FROM browse_bodies").fetchone()[0]}


def _forget_pending(db) -> None:
    """Take out what the changed documents said, noting the cases and body names it touches."""
    pending = "(SELECT id FROM browse_now)"
    db.execute(f"INSERT OR IGNORE INTO browse_touched_cases SELECT key FROM browse_case_docs WHERE doc IN {pending}")
    db.execute(f"INSERT OR IGNORE INTO browse_touched_bodies SELECT bkey FROM browse_statements WHERE doc IN {pending}")
    db.execute(f"DELETE FROM browse_case_docs WHERE doc IN {pending}")
    db.execute(f"DELETE FROM browse_statements WHERE doc IN {pending}")


def _add_pending(store) -> None:
    """What each changed document still stored says, one document at a time."""
    db = store.db
    for doc_id in _keys(db, "browse_now", "id"):
        x = store.facts(doc_id)
        if x is None:
            continue  # removed
        rows = [(key, doc_id, seq, number, x.date, x.title) for seq, (key, number) in enumerate(case_rows(x))]
        db.executemany("INSERT INTO browse_case_docs VALUES (?, ?, ?, ?, ?, ?)", rows)
        db.executemany("INSERT OR IGNORE INTO browse_touched_cases VALUES (?)", [(r[0],) for r in rows])
        found = [(body_key(s.body), doc_id, seq, json.dumps(s.to_json(), ensure_ascii=False))
                 for seq, s in enumerate(statements(doc_id, x))]
        db.executemany("INSERT INTO browse_statements VALUES (?, ?, ?, ?)", found)
        db.executemany("INSERT OR IGNORE INTO browse_touched_bodies VALUES (?)", [(r[0],) for r in found])


def _keys(db, table: str, column: str) -> Iterable[str]:
    """The values of a one-column table in order, read a chunk at a time."""
    last = ""
    while True:
        chunk = [r[0] for r in db.execute(f"SELECT {column} FROM temp.{table} WHERE {column} > ? "
                                          f"ORDER BY {column} LIMIT ?", (last, _CHUNK))]
        yield from chunk
        if len(chunk) < _CHUNK:
            return
        last = chunk[-1]


def _case_again(db, key: str) -> None:
    db.execute("DELETE FROM browse_cases WHERE key = ?", (key,))
    rows = db.execute("SELECT number, date, title, doc FROM browse_case_docs WHERE key = ? ORDER BY doc, seq",
                      (key,)).fetchall()
    if rows:
        c = case(rows)
        db.execute("INSERT INTO browse_cases VALUES (?, ?, ?, ?, ?, ?)",
                   (key, c.number, c.title, c.latest, c.documents, c.newest_document))


def _bodies_again(db, bkey: str) -> None:
    """Every body of one name, from the statements that name a body of that name."""
    db.execute("DELETE FROM browse_bodies WHERE bkey = ?", (bkey,))
    db.execute("DELETE FROM browse_meetings WHERE bkey = ?", (bkey,))
    bodies = _Bodies()
    for doc_id, seq, statement in db.execute("SELECT doc, seq, statement FROM browse_statements WHERE bkey = ? "
                                             "ORDER BY doc, seq", (bkey,)).fetchall():
        bodies.take(Statement.from_json(json.loads(statement)), (doc_id, seq))
    for body in bodies.finish():
        authority = body.key[0]
        db.execute("INSERT INTO browse_bodies VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                   (bkey, authority, body.name, body.latest, len(body.meetings), body.decisions,
                    *_body_order(body.authority, body.name), body.born))
        db.executemany("INSERT INTO browse_meetings VALUES (?, ?, ?, ?, ?, ?)",
                       [(bkey, authority, m.date, *_items_json(m)) for m in body.meetings])


def _copy(store, out: sqlite3.Connection) -> None:
    """The lists file from the kept tables, in their order, copied by SQLite (the bodies'
    address words are given here, in list order)."""
    out.executescript(_SCHEMA)
    out.execute("ATTACH DATABASE ? AS kept", (Path(store.directory, "store.sqlite").resolve().as_uri() + "?mode=ro",))
    out.execute("BEGIN")
    out.execute("INSERT INTO cases SELECT row_number() OVER (ORDER BY coalesce(latest, '') DESC, number DESC) - 1, "
                "number, title, latest, documents, newest_document FROM kept.browse_cases")
    taken: set = set()
    rows = out.execute("SELECT bkey, authority, name, latest, meetings, decisions FROM kept.browse_bodies "
                       "ORDER BY by_authority, by_name, born")
    for rank, (bkey, authority, name, latest, meetings, decisions) in enumerate(rows.fetchall()):
        body_id = _new_id(authority or None, name, taken)
        out.execute("INSERT INTO bodies VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (rank, body_id, name, authority or None, latest, meetings, decisions))
        out.execute("INSERT INTO meetings SELECT ?, row_number() OVER (ORDER BY date DESC) - 1, date, decided, cited, "
                    "planned FROM kept.browse_meetings WHERE bkey = ? AND authority = ?", (body_id, bkey, authority))
    out.execute("COMMIT")
    out.execute("DETACH DATABASE kept")


# -- storing and reading --------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE cases (rank INTEGER PRIMARY KEY, number TEXT, title TEXT, latest TEXT, documents INTEGER,
                    newest_document TEXT);
CREATE TABLE bodies (rank INTEGER PRIMARY KEY, id TEXT UNIQUE, name TEXT, authority TEXT, latest TEXT,
                     meetings INTEGER, decisions INTEGER);
CREATE TABLE meetings (body TEXT, rank INTEGER, date TEXT, decided TEXT, cited TEXT, planned TEXT,
                       PRIMARY KEY (body, rank));
"""


def _fill(db: sqlite3.Connection, lists: AllLists) -> None:
    """The lists of :func:`build` in their order (``rank``), so that a page is a range of ranks."""
    db.executescript(_SCHEMA)
    db.executemany("INSERT INTO cases VALUES (?, ?, ?, ?, ?, ?)",
                   ((i, c.number, c.title, c.latest, c.documents, c.newest_document) for i, c in enumerate(lists.cases)))
    db.executemany("INSERT INTO bodies VALUES (?, ?, ?, ?, ?, ?, ?)",
                   ((i, b.id, b.name, b.authority, b.latest, b.meetings, b.decisions)
                    for i, b in enumerate(found.body for found in lists.bodies)))
    db.executemany("INSERT INTO meetings VALUES (?, ?, ?, ?, ?, ?)",
                   ((found.body.id, i, m.date, *_items_json(m)) for found in lists.bodies
                    for i, m in enumerate(found.meetings)))
    db.commit()


def _items_json(meeting: ListedMeeting) -> tuple[str, str, str]:
    """A meeting's decided, cited and planned items, each kind a JSON list as the lists file keeps it."""
    return tuple(json.dumps(plain(items), ensure_ascii=False) for items in (meeting.decided, meeting.cited, meeting.planned))


def _write(path: Path, fill) -> None:
    """Write the lists to a new file (``fill(connection)``) and put it in place atomically
    (readers keep the old one)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite3.connect(tmp.resolve().as_uri(), uri=True)
        try:
            fill(db)
        finally:
            db.close()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk leaves no half-written file behind
        raise


class Lists:
    """The browse lists of one index folder, a page at a time, as typed records."""

    def __init__(self, connect):
        self._connect = connect

    def _rows(self, sql: str, args=()) -> list[sqlite3.Row]:
        with self._connect() as db:
            return db.execute(sql, args).fetchall()

    def _page(self, table: str, kind, offset: int, limit: int) -> tuple[int, list]:
        total = self._rows(f"SELECT count(*) FROM {table}")[0][0]
        rows = self._rows(f"SELECT * FROM {table} WHERE rank >= ? AND rank < ? ORDER BY rank", (offset, offset + limit))
        return total, [_listed(kind, r) for r in rows]

    def cases(self, offset: int, limit: int) -> tuple[int, list[ListedCase]]:
        """How many cases there are and those at ``offset``, newest first."""
        return self._page("cases", ListedCase, offset, limit)

    def bodies(self, offset: int, limit: int) -> tuple[int, list[ListedBody]]:
        """How many bodies there are and those at ``offset``, by authority and name."""
        return self._page("bodies", ListedBody, offset, limit)

    def body(self, body_id: str, offset: int, limit: int) -> Optional[BodyMeetings]:
        """A body and its meetings at ``offset``, newest first."""
        found = self._rows("SELECT * FROM bodies WHERE id = ?", (body_id,))
        if not found:
            return None
        rows = self._rows("SELECT * FROM meetings WHERE body = ? AND rank >= ? AND rank < ? ORDER BY rank",
                          (body_id, offset, offset + limit))
        return BodyMeetings(_listed(ListedBody, found[0]), [ListedMeeting.from_row(r) for r in rows])


def _listed(kind, row: sqlite3.Row):
    """A record of a list's row (its columns but the rank are the record's fields)."""
    return record(kind, {k: row[k] for k in row.keys()})


def load(index_dir) -> Lists:
    """The browse lists of ``index_dir``, read from its file; an index without one (made
    before it existed) has them computed from the store, kept in memory until the store changes."""
    path = Path(index_dir).resolve() / BROWSE_FILE
    if path.exists():
        uri = path.as_uri() + "?mode=ro&immutable=1"  # never changed in place, only replaced

        def connect():
            db = sqlite3.connect(uri, uri=True)
            db.row_factory = sqlite3.Row
            return _closing(db)
        return Lists(connect)
    return _from_store(Path(index_dir))


class _closing:
    def __init__(self, db):
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        return self.db

    def __exit__(self, *exc) -> None:
        self.db.close()


_memory: dict = {}
_memory_lock = threading.Lock()


def _from_store(index_dir: Path) -> Lists:
    from index.store import STORE_FILE, Store

    stamp = tuple((index_dir / name).stat().st_mtime_ns if (index_dir / name).exists() else 0
                  for name in (STORE_FILE, STORE_FILE + "-wal"))
    with _memory_lock:
        cached = _memory.get(index_dir)
        if cached is None or cached[0] != stamp:
            db = sqlite3.connect(":memory:", check_same_thread=False)
            db.row_factory = sqlite3.Row
            with Store(index_dir) as store:
                _fill(db, build(store.extractions()))
            cached = _memory[index_dir] = (stamp, db)
    return Lists(lambda: _Shared(cached[1]))


class _Shared:
    """One in-memory database shared by the request threads, one at a time."""

    def __init__(self, db):
        self.db = db

    def __enter__(self) -> sqlite3.Connection:
        _memory_lock.acquire()
        return self.db

    def __exit__(self, *exc) -> None:
        _memory_lock.release()
