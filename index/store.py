"""The document store: the import manifest, every stored extraction and its text, and links.

One SQLite file (``store.sqlite`` in the index folder) in WAL mode is the source of truth.
The search engine's files beside it can always be rebuilt from it (``diarium reindex``),
so a crash or ``kill -9`` at any moment leaves at worst some documents not yet indexed;
they carry ``indexed = 0`` and the next writer indexes them.

Tables:

``files``
    the manifest, one row per path: size, mtime, sha256, status (``imported``,
    ``duplicate``, ``failed``, ``skipped``, ``forgotten``), reason, pages, how the text was
    obtained, pipeline version, seconds taken. ``file_history`` keeps every earlier row.
``documents``
    one row per document (a merged bundle gives several per file): the extraction as JSON,
    the text with personnummer masked, its pages, and whether the search engine has it.
``links``
    typed links between cases and documents, recomputed from the extractions.
``pending_deletes``
    ids removed from the store that the search engine may still hold; written in the
    same transaction as the removal and cleared once the engine has dropped them.
``pending_links``, ``pending_orgs``, ``pending_browse``
    ids of documents added, changed or removed since the links (the registry, the browse
    lists) were last refreshed; written in the same transaction as the change, so a run killed before its
    refresh leaves them for the next one (see :mod:`index.linking.refresh`, :mod:`index.organisations.registry`).
``org_docs``, ``link_docs``, ``link_decided``, ``raw_links``, ``case_periods``
    what the refreshes keep per document (its organisations; its links before they are
    merged, and what the links across documents read of it), so a refresh reads only the
    documents that changed; likewise ``browse_*`` for the browse lists (:mod:`index.browse`).
``organisations``, ``organisation_documents``
    the organisation registry (one row per organisation, in the registry's order) and the
    ids of each organisation's documents, replaced by each registry refresh in the
    transaction that reads the changed documents (:mod:`index.orgs`). The index's own
    corrections are kept in ``meta`` (key ``corrections``).

Only one process writes at a time (:meth:`Store.writer_lock`); readers never block.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import sqlite3
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Iterable, Iterator, Optional
from urllib.parse import quote

from extractor.errors import DiariumError
from extractor.model import Extraction

STORE_FILE = "store.sqlite"
LOCK_FILE = "write.lock"
STATUSES = ("imported", "duplicate", "failed", "skipped", "forgotten")

_SCHEMA = """
CREATE TABLE IF NOT EXISTS files (
    path TEXT PRIMARY KEY,
    size INTEGER,
    mtime REAL,
    sha256 TEXT,
    status TEXT NOT NULL,
    reason TEXT,
    pages INTEGER,
    methods TEXT,
    pipeline_version TEXT,
    seconds REAL,
    documents INTEGER,
    updated REAL NOT NULL
);
CREATE INDEX IF NOT EXISTS files_sha ON files(sha256);
CREATE TABLE IF NOT EXISTS file_history (
    path TEXT NOT NULL,
    size INTEGER,
    sha256 TEXT,
    status TEXT NOT NULL,
    reason TEXT,
    pipeline_version TEXT,
    updated REAL NOT NULL
);
CREATE TABLE IF NOT EXISTS documents (
    id TEXT PRIMARY KEY,
    path TEXT NOT NULL,
    sha256 TEXT NOT NULL,
    part INTEGER NOT NULL,
    page_from INTEGER,
    page_to INTEGER,
    pipeline_version TEXT NOT NULL,
    extraction TEXT NOT NULL,
    text TEXT NOT NULL,
    pages TEXT NOT NULL,
    imported REAL NOT NULL,
    indexed INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX IF NOT EXISTS documents_path ON documents(path);
CREATE INDEX IF NOT EXISTS documents_sha ON documents(sha256);
CREATE INDEX IF NOT EXISTS documents_unindexed ON documents(indexed) WHERE indexed = 0;
CREATE TABLE IF NOT EXISTS links (
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    type TEXT NOT NULL,
    confidence REAL NOT NULL,
    evidence TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS links_source ON links(source);
CREATE INDEX IF NOT EXISTS links_target ON links(target);
CREATE TABLE IF NOT EXISTS pending_deletes (id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS moved_documents (old TEXT PRIMARY KEY, new TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS pending_links (id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS pending_orgs (id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS pending_browse (id TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS org_docs (id TEXT PRIMARY KEY, entities TEXT NOT NULL, decided TEXT);
CREATE TABLE IF NOT EXISTS link_docs (
    id TEXT PRIMARY KEY,
    single_own TEXT,
    joins INTEGER NOT NULL,
    alone INTEGER NOT NULL,
    period TEXT,
    profile TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS link_docs_own ON link_docs(single_own) WHERE single_own IS NOT NULL;
CREATE INDEX IF NOT EXISTS link_docs_period ON link_docs(period) WHERE period IS NOT NULL;
CREATE TABLE IF NOT EXISTS link_decided (doc TEXT NOT NULL, bd TEXT NOT NULL, case_number TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS link_decided_bd ON link_decided(bd, doc);
CREATE INDEX IF NOT EXISTS link_decided_doc ON link_decided(doc);
CREATE TABLE IF NOT EXISTS raw_links (
    ord TEXT NOT NULL,
    stage INTEGER NOT NULL,
    doc TEXT NOT NULL,
    grp TEXT,
    orig_source TEXT NOT NULL,
    orig_target TEXT NOT NULL,
    src_bd TEXT,
    tgt_bd TEXT,
    source TEXT NOT NULL,
    target TEXT NOT NULL,
    kind TEXT NOT NULL,
    type TEXT NOT NULL,
    confidence REAL NOT NULL,
    evidence TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS raw_links_key ON raw_links(source, target, kind);
CREATE INDEX IF NOT EXISTS raw_links_doc ON raw_links(doc, stage);
CREATE INDEX IF NOT EXISTS raw_links_target ON raw_links(target, kind);
CREATE INDEX IF NOT EXISTS raw_links_grp ON raw_links(grp) WHERE grp IS NOT NULL;
CREATE INDEX IF NOT EXISTS raw_links_src_bd ON raw_links(src_bd) WHERE src_bd IS NOT NULL;
CREATE INDEX IF NOT EXISTS raw_links_tgt_bd ON raw_links(tgt_bd) WHERE tgt_bd IS NOT NULL;
CREATE TABLE IF NOT EXISTS case_periods (case_number TEXT PRIMARY KEY, period TEXT);
CREATE TABLE IF NOT EXISTS organisations (ord INTEGER PRIMARY KEY, id TEXT NOT NULL, record TEXT NOT NULL);
CREATE INDEX IF NOT EXISTS organisations_id ON organisations(id);
CREATE TABLE IF NOT EXISTS organisation_documents (org TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (org, doc));
CREATE INDEX IF NOT EXISTS case_periods_period ON case_periods(period) WHERE period IS NOT NULL;
"""


class IndexProblem(DiariumError):
    code = "D201"


class NoIndex(IndexProblem):
    """The index folder holds no store."""

    def __init__(self, directory: Path):
        super().__init__(f"{directory}: no Diarium index here (run 'diarium import' first)")


class IndexBusy(IndexProblem):
    code = "D202"

    def __init__(self, directory: Path):
        super().__init__(f"{directory}: another process is writing to this index; try again when it has finished")


class ReadOnlyIndex(IndexProblem):
    code = "D207"

    def __init__(self, directory: Path):
        super().__init__(f"{directory}: the index folder is read-only; it can be searched and served, not written")


def _open_read_only(path: Path) -> sqlite3.Connection:
    """The store opened for reading only. SQLite reads a WAL database read-only when its
    shared-memory file can be used; where it cannot even be created (read-only media), the
    file is opened as immutable, which is safe because no writer can change it there (the
    last writer's close folded the write-ahead log into the file)."""
    uri = "file:" + quote(str(path.absolute())) + "?mode=ro"
    try:
        db = sqlite3.connect(uri, uri=True, timeout=30, isolation_level=None, check_same_thread=False)
        db.execute("SELECT count(*) FROM files").fetchone()
        return db
    except sqlite3.OperationalError:
        return sqlite3.connect(uri + "&immutable=1", uri=True, isolation_level=None, check_same_thread=False)


class DiskFull(IndexProblem):
    """No space left where the index is written; what was committed stays."""

    code = "D206"

    def __init__(self, directory: Path):
        super().__init__(f"{directory}: the disk is full; free some space and run the same command again "
                         "(what was committed stays, the rest follows)")


def is_disk_full(exc: BaseException) -> bool:
    """Whether ``exc`` says the disk (or the quota) is full: an ``OSError`` with ENOSPC or
    EDQUOT, or SQLite's ``database or disk is full``."""
    import errno

    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return True
    return isinstance(exc, sqlite3.Error) and "full" in str(exc).lower()


@dataclass
class StoredDocument:
    """One document as stored: its extraction (a dict, ``Extraction.to_dict`` form) and text.

    Code that reads the extraction's facts reads :attr:`facts`, the same extraction as the
    model's dataclasses (``Extraction.from_dict``); ``extraction`` is the stored JSON form,
    for what passes it on whole (an export line, a web page's JSON) and for the search
    index's values (:mod:`index.search.fields`), which a rebuild reads of every document."""

    COLUMNS = "id, path, sha256, part, page_from, page_to, pipeline_version, extraction, text, pages"

    id: str
    path: str
    sha256: str
    part: int
    page_from: Optional[int]
    page_to: Optional[int]
    pipeline_version: str
    extraction: dict
    text: str
    pages: list = field(default_factory=list)

    @cached_property
    def facts(self) -> Extraction:
        return Extraction.from_dict(self.extraction)

    @classmethod
    def from_row(cls, row: tuple) -> "StoredDocument":
        """A document from a row of :data:`COLUMNS`, in that order."""
        doc_id, path, sha256, part, page_from, page_to, version, extraction, text, pages = row
        return cls(doc_id, path, sha256, part, page_from, page_to, version, json.loads(extraction), text, json.loads(pages))


@dataclass
class FileRecord:
    """One manifest row."""

    path: str
    size: Optional[int]
    mtime: Optional[float]
    sha256: Optional[str]
    status: str
    reason: Optional[str] = None
    pages: Optional[int] = None
    methods: Optional[str] = None
    pipeline_version: Optional[str] = None
    seconds: Optional[float] = None
    documents: Optional[int] = None
    updated: float = 0.0

    def to_dict(self) -> dict:
        return dict(self.__dict__)


def default_directory() -> Path:
    """``$DIARIUM_INDEX``, else ``~/.local/share/diarium`` (``$XDG_DATA_HOME/diarium``)."""
    if os.environ.get("DIARIUM_INDEX"):
        return Path(os.environ["DIARIUM_INDEX"])
    base = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(base) / "diarium"


class Store:
    """The SQLite store of one index folder. Use as a context manager, or call :meth:`close`."""

    def __init__(self, directory, *, create: bool = False):
        self.directory = Path(directory)
        path = self.directory / STORE_FILE
        if not path.exists():
            if not create:
                raise NoIndex(self.directory)
            self.directory.mkdir(parents=True, exist_ok=True)
        # A folder this process cannot write (read-only media, a read-only mount, another
        # user's archive) is opened read-only: search, show, trace, export and the web work.
        self.read_only = path.exists() and not os.access(self.directory, os.W_OK)
        if self.read_only:
            self.db = _open_read_only(path)
        else:
            self.db = sqlite3.connect(path, timeout=30, isolation_level=None, check_same_thread=False)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self.db.execute("PRAGMA foreign_keys=ON")
        self.db.row_factory = sqlite3.Row
        if create and not self.read_only:
            self.ensure_schema()
        self._lock_fd: Optional[int] = None

    def ensure_schema(self) -> None:
        """Create what a store made by an earlier version lacks (tables, the links' order)."""
        self.db.executescript(_SCHEMA)
        columns = {r[1] for r in self.db.execute("PRAGMA table_info(links)")}
        if "ord" not in columns:
            self.db.execute("ALTER TABLE links ADD COLUMN ord TEXT")
        if "kind" not in columns:
            self.db.execute("ALTER TABLE links ADD COLUMN kind TEXT")
        self.db.execute("CREATE INDEX IF NOT EXISTS links_key ON links(source, target, kind)")

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        self.release_writer_lock()
        self.db.close()

    # -- writing ---------------------------------------------------------------------------

    def acquire_writer_lock(self) -> None:
        """Become the one writer of this index, or raise :class:`IndexBusy` at once.

        The lock is an ``flock`` on ``write.lock``: the kernel drops it when the process
        dies, so a killed import never leaves the index locked.
        """
        if self._lock_fd is not None:
            return
        if self.read_only:
            raise ReadOnlyIndex(self.directory)
        try:
            fd = os.open(self.directory / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as exc:
            if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise ReadOnlyIndex(self.directory) from None
            raise
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            raise IndexBusy(self.directory) from None
        self._lock_fd = fd

    def release_writer_lock(self) -> None:
        if self._lock_fd is not None:
            fcntl.flock(self._lock_fd, fcntl.LOCK_UN)
            os.close(self._lock_fd)
            self._lock_fd = None

    @contextmanager
    def transaction(self) -> Iterator[sqlite3.Connection]:
        self.db.execute("BEGIN IMMEDIATE")
        try:
            yield self.db
        except BaseException:
            self.db.execute("ROLLBACK")
            raise
        self.db.execute("COMMIT")

    def record_file(self, record: FileRecord, documents: Iterable[StoredDocument] = (),
                    replace_documents: bool = False) -> list[str]:
        """Write one file's manifest row (and its documents) in one transaction.

        With ``replace_documents`` the documents stored earlier for this path go first (a
        file changed at the same path). Returns the ids of the removed documents, which the
        search engine must drop too.
        """
        record.updated = record.updated or time.time()
        removed: list[str] = []
        with self.transaction() as db:
            old = db.execute("SELECT * FROM files WHERE path = ?", (record.path,)).fetchone()
            if old is not None:
                db.execute(
                    "INSERT INTO file_history VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (old["path"], old["size"], old["sha256"], old["status"], old["reason"],
                     old["pipeline_version"], old["updated"]),
                )
            parts: dict = {}
            if replace_documents:
                rows = db.execute("SELECT id, part FROM documents WHERE path = ?", (record.path,)).fetchall()
                removed = [r[0] for r in rows]
                parts = {r[1]: r[0] for r in rows}
                db.execute("DELETE FROM documents WHERE path = ?", (record.path,))
            documents = list(documents)
            for doc in documents:
                old_id = parts.get(doc.part)
                if old_id and old_id != doc.id:  # a corrected file: links to the old id lead on to the new
                    db.execute("UPDATE moved_documents SET new = ? WHERE new = ?", (doc.id, old_id))
                    db.execute("INSERT OR REPLACE INTO moved_documents VALUES (?, ?)", (old_id, doc.id))
                db.execute("DELETE FROM moved_documents WHERE old = ?", (doc.id,))
            for doc in documents:
                db.execute(
                    "INSERT OR REPLACE INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                    (doc.id, doc.path, doc.sha256, doc.part, doc.page_from, doc.page_to, doc.pipeline_version,
                     json.dumps(doc.extraction, ensure_ascii=False), doc.text,
                     json.dumps(doc.pages, ensure_ascii=False), record.updated),
                )
                if doc.id in removed:
                    removed.remove(doc.id)
            db.executemany("INSERT OR IGNORE INTO pending_deletes VALUES (?)", [(i,) for i in removed])
            self._changed(db, list(parts.values()) + [doc.id for doc in documents])
            db.execute(
                "INSERT OR REPLACE INTO files VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (record.path, record.size, record.mtime, record.sha256, record.status, record.reason,
                 record.pages, record.methods, record.pipeline_version, record.seconds, record.documents,
                 record.updated),
            )
        return removed

    def forget(self, path_or_folder: str) -> tuple[list[str], list[str]]:
        """Drop the documents of a path (or of every path under a folder) from the store.

        The manifest rows stay, with status ``forgotten``, so the history shows what was
        there. Returns ``(paths, document ids)`` removed.
        """
        prefix = path_or_folder.rstrip("/") + "/"
        with self.transaction() as db:
            rows = db.execute(
                "SELECT * FROM files WHERE (path = ? OR substr(path, 1, ?) = ?) AND status != 'forgotten'",
                (path_or_folder, len(prefix), prefix),
            ).fetchall()
            paths = [r["path"] for r in rows]
            ids: list[str] = []
            now = time.time()
            for row in rows:
                ids += [r[0] for r in db.execute("SELECT id FROM documents WHERE path = ?", (row["path"],))]
                db.execute("DELETE FROM documents WHERE path = ?", (row["path"],))
                db.execute(
                    "INSERT INTO file_history VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (row["path"], row["size"], row["sha256"], row["status"], row["reason"],
                     row["pipeline_version"], row["updated"]),
                )
                db.execute("UPDATE files SET status = 'forgotten', reason = 'forgotten by request', "
                           "documents = 0, updated = ? WHERE path = ?", (now, row["path"]))
            db.executemany("INSERT OR IGNORE INTO pending_deletes VALUES (?)", [(i,) for i in ids])
            self._changed(db, ids)
        return paths, ids

    @staticmethod
    def _changed(db: sqlite3.Connection, ids: list[str]) -> None:
        """Documents added, changed or removed: their links and organisations need refreshing."""
        rows = [(i,) for i in ids]
        db.executemany("INSERT OR IGNORE INTO pending_links VALUES (?)", rows)
        db.executemany("INSERT OR IGNORE INTO pending_orgs VALUES (?)", rows)
        db.executemany("INSERT OR IGNORE INTO pending_browse VALUES (?)", rows)

    def mark_indexed(self, ids: Iterable[str] = (), deleted: Iterable[str] = ()) -> None:
        """The search engine now holds ``ids`` and no longer holds ``deleted``."""
        with self.transaction() as db:
            db.executemany("UPDATE documents SET indexed = 1 WHERE id = ?", [(i,) for i in ids])
            db.executemany("DELETE FROM pending_deletes WHERE id = ?", [(i,) for i in deleted])

    def unindexed_ids(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM documents WHERE indexed = 0")]

    def pending_deletes(self) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM pending_deletes")]

    def mark_all_unindexed(self) -> None:
        with self.transaction() as db:
            db.execute("UPDATE documents SET indexed = 0")

    def set_meta(self, key: str, value) -> None:
        with self.transaction() as db:
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, json.dumps(value, ensure_ascii=False)))

    def take_pending(self, *, schema: str, scratch: tuple[str, ...], derived: tuple[str, ...], pending: str, now: str,
                     cache_key: str, version, full: bool) -> None:
        """Start a refresh of derived tables, inside the caller's transaction: run ``schema`` (its
        tables and temporary tables), empty the ``scratch`` temporary tables, and when ``full`` or the
        stored ``version`` under ``cache_key`` differs, empty ``derived`` and mark every document
        pending; then copy the ``pending`` table's ids into the temporary table ``now``."""
        db = self.db
        for statement in schema.strip().rstrip(";").split(";\n"):
            db.execute(statement)
        for table in scratch:
            db.execute(f"DELETE FROM temp.{table}")
        if full or self.meta(cache_key) != version:
            for table in derived:
                db.execute(f"DELETE FROM {table}")
            db.execute(f"INSERT OR IGNORE INTO {pending} SELECT id FROM documents")
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (cache_key, json.dumps(version)))
        db.execute(f"INSERT INTO {now} SELECT id FROM {pending}")

    # -- reading ---------------------------------------------------------------------------

    def meta(self, key: str, default=None):
        row = self.db.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
        return json.loads(row[0]) if row else default

    def file(self, path: str) -> Optional[FileRecord]:
        row = self.db.execute("SELECT * FROM files WHERE path = ?", (path,)).fetchone()
        return FileRecord(**dict(row)) if row else None

    def files(self, status: Optional[str] = None) -> list[FileRecord]:
        sql, args = "SELECT * FROM files", ()
        if status:
            sql, args = sql + " WHERE status = ?", (status,)
        return [FileRecord(**dict(r)) for r in self.db.execute(sql + " ORDER BY path", args)]

    def file_history(self, path: str) -> list[dict]:
        rows = self.db.execute("SELECT * FROM file_history WHERE path = ? ORDER BY updated", (path,))
        return [dict(r) for r in rows]

    def imported_path_of(self, sha256: str) -> Optional[str]:
        """The path under which a file with these bytes was imported, if any."""
        row = self.db.execute(
            "SELECT path FROM files WHERE sha256 = ? AND status = 'imported' LIMIT 1", (sha256,)
        ).fetchone()
        return row[0] if row else None

    def moved_to(self, doc_id: str) -> Optional[str]:
        """The id of the document that replaced ``doc_id`` when its file was corrected at the
        same path (the same part of it), if that document is still stored."""
        try:
            row = self.db.execute("SELECT m.new FROM moved_documents m JOIN documents d ON d.id = m.new WHERE m.old = ?",
                                  (doc_id,)).fetchone()
        except sqlite3.OperationalError:  # a store made before documents were followed
            return None
        return row[0] if row else None

    def extraction(self, doc_id: str) -> Optional[dict]:
        """One document's extraction, without its text."""
        row = self.db.execute("SELECT extraction FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return json.loads(row[0]) if row else None

    def facts(self, doc_id: str) -> Optional[Extraction]:
        """One document's extraction as the model's dataclasses, without its text."""
        data = self.extraction(doc_id)
        return Extraction.from_dict(data) if data is not None else None

    def document(self, doc_id: str) -> Optional[StoredDocument]:
        row = self.db.execute(f"SELECT {StoredDocument.COLUMNS} FROM documents WHERE id = ?", (doc_id,)).fetchone()
        return StoredDocument.from_row(tuple(row)) if row else None

    def documents(self, ids: Optional[Iterable[str]] = None, *, unindexed: bool = False) -> Iterator[StoredDocument]:
        """Stored documents, streamed (never all in memory), in id order."""
        if ids is not None:
            for doc_id in ids:
                doc = self.document(doc_id)
                if doc is not None:
                    yield doc
            return
        sql = f"SELECT {StoredDocument.COLUMNS} FROM documents" + (" WHERE indexed = 0" if unindexed else "") + " ORDER BY id"
        cursor = self.db.cursor()
        cursor.row_factory = None  # plain tuples, taken apart in one step: a rebuild reads every row
        cursor.arraysize = 200
        cursor.execute(sql)
        while rows := cursor.fetchmany():
            yield from map(StoredDocument.from_row, rows)

    def extractions(self) -> Iterator[tuple[str, str, dict]]:
        """``(id, path, extraction)`` of every document, streamed, without the texts."""
        cursor = self.db.execute("SELECT id, path, extraction FROM documents ORDER BY id")
        for doc_id, path, extraction in cursor:
            yield doc_id, path, json.loads(extraction)

    def documents_of_path(self, path: str) -> list[str]:
        return [r[0] for r in self.db.execute("SELECT id FROM documents WHERE path = ? ORDER BY part", (path,))]

    def document_count(self) -> int:
        return self.db.execute("SELECT count(*) FROM documents").fetchone()[0]

    def links(self, node: Optional[str] = None) -> list[dict]:
        """Stored links, or those touching one case number or document id."""
        sql = "SELECT source, target, type, confidence, evidence FROM links"
        args: tuple = ()
        if node is not None:
            sql, args = sql + " WHERE source = ? OR target = ?", (node, node)
        try:  # in the order a refresh of every document finds them
            rows = self.db.execute(sql + " ORDER BY ord", args).fetchall()
        except sqlite3.OperationalError:  # a store made before links kept their order
            rows = self.db.execute(sql, args).fetchall()
        return [dict(r, evidence=json.loads(r["evidence"])) for r in rows]
