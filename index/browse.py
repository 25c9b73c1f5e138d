"""The lists a reader browses: every case with its documents, and every deciding body with
its meetings and the decisions taken at them.

Both are derived from all stored extractions, so :func:`refresh` computes them once after an
import (with the registry and the links) into ``browse.sqlite`` in the index folder, replaced
atomically, each list in its order so that a page is read without reading the rest;
:func:`load` reads that file, or computes the lists from the store when an index has none yet.

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
citing document's own authority.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
import threading
import unicodedata
from collections import Counter
from pathlib import Path
from typing import Optional

from extractor.identifiers import diarienummer
from extractor.model import Extraction

BROWSE_FILE = "browse.sqlite"
_PROTOCOL_TYPES = ("protokoll", "protokollsutdrag")


def refresh(store) -> dict:
    """Recompute the browse lists of an index folder from its store; returns counts."""
    lists = build(store.extractions())
    _write(Path(store.directory) / BROWSE_FILE, lists)
    return {"cases": len(lists["cases"]), "bodies": len(lists["bodies"])}


def build(extractions) -> dict:
    """``{"cases": [...], "bodies": [...]}`` from ``(id, path, extraction)`` triples."""
    cases = _Cases()
    bodies = _Bodies()
    for doc_id, _path, data in extractions:
        x = Extraction.from_dict(data)
        cases.add(doc_id, x)
        bodies.add(doc_id, x)
    return {"cases": cases.finish(), "bodies": bodies.finish()}


# -- cases ----------------------------------------------------------------------------------

class _Cases:
    def __init__(self):
        self.by_key: dict[str, dict] = {}

    def add(self, doc_id: str, x: Extraction) -> None:
        for number in dict.fromkeys(c.number for c in x.own_case_numbers):
            entry = self.by_key.setdefault(diarienummer.compact(number), {"spellings": Counter(), "documents": []})
            entry["spellings"][number] += 1
            entry["documents"].append((x.date or "", x.title or "", doc_id))

    def finish(self) -> list[dict]:
        out = []
        for entry in self.by_key.values():
            newest = max(entry["documents"])
            dated = [d for d, _, _ in entry["documents"] if d]
            out.append({"number": entry["spellings"].most_common(1)[0][0], "title": newest[1] or None,
                        "latest": max(dated) if dated else None, "documents": len(entry["documents"]),
                        "newest_document": newest[2]})
        out.sort(key=lambda c: (c["latest"] or "", c["number"]), reverse=True)  # newest first, undated last
        return out


# -- bodies and their meetings --------------------------------------------------------------

def body_key(name: str) -> str:
    """``Vård- och  omsorgsnämnden`` and ``vård- och omsorgsnämnden`` are one body name."""
    return " ".join(str(name).split()).casefold()


class _Bodies:
    def __init__(self):
        self.bodies: dict[tuple, dict] = {}  # (authority, body key) -> body
        self.loose: list[tuple] = []  # (body name, date, document authority, item) to place at the end

    def body(self, authority: str, name: str) -> dict:
        key = (authority, body_key(name))
        entry = self.bodies.setdefault(key, {"authority": authority or None, "names": Counter(), "meetings": {}})
        entry["names"][" ".join(name.split())] += 1
        return entry

    def meeting(self, body: dict, date: str) -> dict:
        return body["meetings"].setdefault(date, {"date": date, "decided": [], "cited": [], "planned": []})

    def add(self, doc_id: str, x: Extraction) -> None:
        authority = x.authority or ""
        title = x.title or None
        own = [c.number for c in x.own_case_numbers]
        if x.document_type in _PROTOCOL_TYPES and x.decided_by and _is_date(x.date):
            meeting = self.meeting(self.body(authority, x.decided_by), x.date)
            for p in x.paragraphs:
                meeting["decided"].append({"paragraph": p.number, "heading": p.heading,
                                           "case_numbers": p.case_numbers or [], "document": doc_id,
                                           "anchor": p.anchor})
            if not x.paragraphs:
                meeting["decided"].append({"paragraph": None, "heading": title, "case_numbers": own,
                                           "document": doc_id, "anchor": None})
        for ref in x.decision_refs:
            if ref.body and _is_date(ref.date):
                item = {"paragraph": ref.paragraph, "document": doc_id, "title": title}
                self.loose.append((ref.body, ref.date, authority, "cited", item))
        for m in x.meetings:  # a report plans its own authority's meetings
            if m.body and _is_date(m.date):
                item = {"document": doc_id, "title": title, "case_numbers": own}
                _add_once(self.meeting(self.body(authority, m.body), m.date)["planned"], item)

    def finish(self) -> list[dict]:
        met: dict[tuple, list] = {}  # (body key, date) -> the authorities whose body of that name met then
        for (authority, key), body in self.bodies.items():
            for date in body["meetings"]:
                met.setdefault((key, date), []).append(authority)
        for name, date, authority, kind, item in self.loose:
            known = met.get((body_key(name), date)) or []
            owner = known[0] if len(known) == 1 else authority
            _add_once(self.meeting(self.body(owner, name), date)[kind], item)
        return _with_ids([self._shown(body) for body in self.bodies.values()])

    @staticmethod
    def _shown(body: dict) -> dict:
        meetings = sorted(body["meetings"].values(), key=lambda m: m["date"], reverse=True)
        return {"name": body["names"].most_common(1)[0][0], "authority": body["authority"],
                "meetings": meetings, "latest": meetings[0]["date"] if meetings else None,
                "decisions": sum(len(m["decided"]) + len(m["cited"]) for m in meetings)}


def _with_ids(bodies: list[dict]) -> list[dict]:
    """Each body with an address word (``lunds-kommun-socialnamnden``), ordered by authority and name."""
    bodies.sort(key=lambda b: ((b["authority"] or "~").casefold(), b["name"].casefold()))
    taken: set = set()
    for body in bodies:
        base = slug(f"{body['authority'] or ''} {body['name']}")
        body_id, n = base, 2
        while body_id in taken:
            body_id, n = f"{base}-{n}", n + 1
        taken.add(body_id)
        body["id"] = body_id
    return bodies


def slug(text: str) -> str:
    """``Vård- och omsorgsnämnden`` -> ``vard-och-omsorgsnamnden``: letters a-z, digits, dashes."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "organ"


def _add_once(items: list, item: dict) -> None:
    if item not in items:
        items.append(item)


def _is_date(value) -> bool:
    return isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value) is not None


# -- storing and reading --------------------------------------------------------------------

_SCHEMA = """
CREATE TABLE cases (rank INTEGER PRIMARY KEY, number TEXT, title TEXT, latest TEXT, documents INTEGER,
                    newest_document TEXT);
CREATE TABLE bodies (rank INTEGER PRIMARY KEY, id TEXT UNIQUE, name TEXT, authority TEXT, latest TEXT,
                     meetings INTEGER, decisions INTEGER);
CREATE TABLE meetings (body TEXT, rank INTEGER, date TEXT, decided TEXT, cited TEXT, planned TEXT,
                       PRIMARY KEY (body, rank));
"""
_KINDS = ("decided", "cited", "planned")


def _fill(db: sqlite3.Connection, lists: dict) -> None:
    """The lists in their order (``rank``), so that a page is a range of ranks."""
    db.executescript(_SCHEMA)
    db.executemany("INSERT INTO cases VALUES (?, ?, ?, ?, ?, ?)",
                   ((i, c["number"], c["title"], c["latest"], c["documents"], c["newest_document"])
                    for i, c in enumerate(lists["cases"])))
    db.executemany("INSERT INTO bodies VALUES (?, ?, ?, ?, ?, ?, ?)",
                   ((i, b["id"], b["name"], b["authority"], b["latest"], len(b["meetings"]), b["decisions"])
                    for i, b in enumerate(lists["bodies"])))
    db.executemany("INSERT INTO meetings VALUES (?, ?, ?, ?, ?, ?)",
                   ((b["id"], i, m["date"], *(json.dumps(m[k], ensure_ascii=False) for k in _KINDS))
                    for b in lists["bodies"] for i, m in enumerate(b["meetings"])))
    db.commit()


def _write(path: Path, lists: dict) -> None:
    """Write the lists to a new file and put it in place atomically (readers keep the old one)."""
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite3.connect(tmp)
        try:
            _fill(db, lists)
        finally:
            db.close()
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk leaves no half-written file behind
        raise


class Lists:
    """The browse lists of one index folder, a page at a time."""

    def __init__(self, connect):
        self._connect = connect

    def _rows(self, sql: str, args=()) -> list[sqlite3.Row]:
        with self._connect() as db:
            return db.execute(sql, args).fetchall()

    def _page(self, table: str, offset: int, limit: int) -> tuple[int, list[dict]]:
        total = self._rows(f"SELECT count(*) FROM {table}")[0][0]
        rows = self._rows(f"SELECT * FROM {table} WHERE rank >= ? AND rank < ? ORDER BY rank", (offset, offset + limit))
        return total, [{k: r[k] for k in r.keys() if k != "rank"} for r in rows]

    def cases(self, offset: int, limit: int) -> tuple[int, list[dict]]:
        """How many cases there are and those at ``offset``, newest first."""
        return self._page("cases", offset, limit)

    def bodies(self, offset: int, limit: int) -> tuple[int, list[dict]]:
        """How many bodies there are and those at ``offset``, by authority and name."""
        return self._page("bodies", offset, limit)

    def body(self, body_id: str, offset: int, limit: int) -> Optional[dict]:
        """A body with ``meetings`` (its number) and the meetings at ``offset`` (``meeting_list``), newest first."""
        found = self._rows("SELECT * FROM bodies WHERE id = ?", (body_id,))
        if not found:
            return None
        body = {k: found[0][k] for k in found[0].keys() if k != "rank"}
        rows = self._rows("SELECT * FROM meetings WHERE body = ? AND rank >= ? AND rank < ? ORDER BY rank",
                          (body_id, offset, offset + limit))
        body["meeting_list"] = [{"date": r["date"], **{k: json.loads(r[k]) for k in _KINDS}} for r in rows]
        return body


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
