"""Refreshing the stored links for the documents that changed, with the result a refresh of
every document gives.

:func:`index.linking.links.find_links` over all documents is three steps: each document's own links
(its own case numbers, the cases it cites, the decisions it cites by body and date), then
what needs the other documents (a decision cited by body and date renamed to the case decided
at that meeting; a document without a case number joining the case of its agreement; one
agreement decided by two authorities), then one link per source, target and kind
(:func:`index.linking.links.dedupe`, which keeps the first of equals and merges the others' evidence).

The store keeps what each step needs, per document (``link_docs``, ``link_decided``,
``raw_links``: every link before merging, with its place in the order of a full refresh) and
per case (``case_periods``: the agreement period a case's profile has). A refresh then works
only on what the changed documents (``pending_links``) touch:

* their own links are computed again; nothing else of theirs is read;
* a meeting they add or take away renames only the links citing that body and date;
* joins are redone only for documents whose period is that of a case whose profile (its own
  document, or what the documents citing it say) may have changed;
* cross-authority pairs are redone only for the periods of the changed deciding documents;
* only the (source, target, kind) groups that gained, lost or changed a link are merged again.

Everything runs in one transaction: a refresh killed half-way leaves the earlier links and
the pending marks, and the next one starts again. Touched keys, cases and periods are kept
in temporary tables, not in memory, so a refresh of every document holds one document, one
period's cases or one link group at a time.
"""

from __future__ import annotations

import json
from itertools import groupby
from pathlib import Path
from typing import Iterable, Optional

from extractor import vocab
from index.linking import agreements
from index.linking.links import cross_profile, citation_links, dedupe, own_number_links, read_profile
from index.linking.model import LINEAGE_TYPES, Link

CACHE_KEY = "link_cache"


def _cache_version() -> str:
    """What the kept links were computed by: this module and the link rules, with their
    vocabularies. A store whose kept links came from other rules is refreshed whole once."""
    here = Path(__file__).resolve().parent
    return vocab.rules_digest(*(here / name for name in ("refresh.py", "links.py", "agreements.py")))


_CHUNK = 400

_TEMP = """
CREATE TEMP TABLE IF NOT EXISTS now_pending (id TEXT PRIMARY KEY);
CREATE TEMP TABLE IF NOT EXISTS touched_keys (source TEXT, target TEXT, kind TEXT, PRIMARY KEY (source, target, kind));
CREATE TEMP TABLE IF NOT EXISTS touched_cases (case_number TEXT PRIMARY KEY);
CREATE TEMP TABLE IF NOT EXISTS touched_periods (period TEXT PRIMARY KEY);
CREATE TEMP TABLE IF NOT EXISTS touched_groups (period TEXT PRIMARY KEY);
CREATE TEMP TABLE IF NOT EXISTS touched_bd (bd TEXT PRIMARY KEY);
"""
_TEMP_TABLES = ("now_pending", "touched_keys", "touched_cases", "touched_periods", "touched_groups", "touched_bd")
_DERIVED_TABLES = ("raw_links", "link_docs", "link_decided", "case_periods", "links")


def kind_of(link_type: str) -> str:
    return "lineage" if link_type in LINEAGE_TYPES else link_type


def period_key(period) -> Optional[str]:
    return json.dumps(list(period), ensure_ascii=False) if period else None


def decision_key(node: str) -> Optional[str]:
    """The body and date a node names when it is a decision cited by body and date."""
    parsed = agreements.parse_decision_node(node)
    return f"{parsed['body'].casefold()}\x1f{parsed['date']}" if parsed else None


def refresh(store, full: bool = False) -> int:
    """Bring the stored links up to date with the documents that changed since the last
    refresh (all of them with ``full``, or when the store kept nothing yet); returns how many
    links there are."""
    store.ensure_schema()
    db = store.db
    with store.transaction():
        store.take_pending(schema=_TEMP, scratch=tuple(_TEMP_TABLES), derived=tuple(_DERIVED_TABLES),
                           pending="pending_links", now="now_pending", cache_key=CACHE_KEY, version=_cache_version(),
                           full=full)
        if db.execute("SELECT count(*) FROM now_pending").fetchone()[0]:
            _forget_pending(db)
            _add_pending(store)
            _rename(db)
            _case_profiles(db)
            _joins(db)
            _cross_authority(db)
            _merge(db)
            db.execute("DELETE FROM pending_links WHERE id IN (SELECT id FROM now_pending)")
        return db.execute("SELECT count(*) FROM links").fetchone()[0]


def _forget_pending(db) -> None:
    """Take out what the changed documents contributed, noting what that touches."""
    pending = "(SELECT id FROM now_pending)"
    db.execute(f"INSERT OR IGNORE INTO touched_cases SELECT single_own FROM link_docs "
               f"WHERE id IN {pending} AND single_own IS NOT NULL")
    db.execute(f"INSERT OR IGNORE INTO touched_periods SELECT period FROM link_docs "
               f"WHERE id IN {pending} AND joins = 1")
    db.execute(f"INSERT OR IGNORE INTO touched_groups SELECT period FROM link_docs "
               f"WHERE id IN {pending} AND alone = 1")
    db.execute(f"INSERT OR IGNORE INTO touched_bd SELECT bd FROM link_decided WHERE doc IN {pending}")
    db.execute(f"INSERT OR IGNORE INTO touched_keys SELECT source, target, kind FROM raw_links "
               f"WHERE doc IN {pending} AND stage IN (0, 1)")
    db.execute(f"INSERT OR IGNORE INTO touched_cases SELECT target FROM raw_links "
               f"WHERE doc IN {pending} AND stage = 0 AND kind = 'lineage'")
    db.execute(f"DELETE FROM raw_links WHERE doc IN {pending} AND stage IN (0, 1)")
    db.execute(f"DELETE FROM link_decided WHERE doc IN {pending}")
    db.execute(f"DELETE FROM link_docs WHERE id IN {pending}")


def _add_pending(store) -> None:
    """Each changed document still stored: its own links and what the others read of it."""
    db = store.db
    ids = [r[0] for r in db.execute("SELECT id FROM now_pending ORDER BY id")]
    for doc_id in ids:
        doc = store.document(doc_id)
        if doc is None:
            continue  # removed
        facts = doc.facts
        if not facts.id:
            continue
        own = own_number_links(facts) + citation_links(facts)
        if facts.decision_refs:
            own += agreements.decision_links(facts, doc.text)
        profile = cross_profile(facts)
        single = facts.own_case_numbers[0].number if len(facts.own_case_numbers) == 1 else None
        period = period_key(facts.agreement_period)
        joins, alone = agreements.joins(facts), agreements.decides_alone(facts)
        db.execute("INSERT INTO link_docs VALUES (?, ?, ?, ?, ?, ?)",
                   (doc_id, single, int(joins), int(alone), period, json.dumps(profile, ensure_ascii=False)))
        if single:
            db.execute("INSERT OR IGNORE INTO touched_cases VALUES (?)", (single,))
            rows = {(" ".join(m.body.split()).casefold() + "\x1f" + m.date) for m in facts.meetings}
            db.executemany("INSERT INTO link_decided VALUES (?, ?, ?)", [(doc_id, bd, single) for bd in sorted(rows)])
            db.executemany("INSERT OR IGNORE INTO touched_bd VALUES (?)", [(bd,) for bd in rows])
        if joins:
            db.execute("INSERT OR IGNORE INTO touched_periods VALUES (?)", (period,))
        if alone:
            db.execute("INSERT OR IGNORE INTO touched_groups VALUES (?)", (period,))
        _insert(db, 0, doc_id, None, [(f"0\x1f{doc_id}\x1f{n:06d}", l) for n, l in enumerate(own)])


def _insert(db, stage: int, doc_id: str, group: Optional[str], links: Iterable[tuple[str, Link]]) -> None:
    rows = []
    for order, l in links:
        kind = kind_of(l.type)
        rows.append((order, stage, doc_id, group, l.source, l.target, decision_key(l.source) if stage == 0 else None,
                     decision_key(l.target) if stage == 0 else None, l.source, l.target, kind, l.type, l.confidence,
                     json.dumps(l.evidence, ensure_ascii=False)))
    db.executemany("INSERT INTO raw_links VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    db.executemany("INSERT OR IGNORE INTO touched_keys VALUES (?, ?, ?)", [(r[8], r[9], r[10]) for r in rows])
    db.executemany("INSERT OR IGNORE INTO touched_cases VALUES (?)", [(r[9],) for r in rows if r[10] == "lineage"])


_WINNER = "(SELECT d.case_number FROM link_decided d WHERE d.bd = raw_links.{col}_bd ORDER BY d.doc DESC LIMIT 1)"


def _rename(db) -> None:
    """A decision cited by body and date is the case decided at that meeting (the document
    with the highest id that plans it, as a full refresh's last word); only links whose body
    and date gained or lost a meeting, or that are new, are renamed."""
    for col, end in (("src", "source"), ("tgt", "target")):
        where = (f"{col}_bd IS NOT NULL AND ({col}_bd IN (SELECT bd FROM touched_bd) "
                 f"OR (stage = 0 AND doc IN (SELECT id FROM now_pending)))")
        renamed = f"COALESCE({_WINNER.format(col=col)}, orig_{end})"
        db.execute("CREATE TEMP TABLE IF NOT EXISTS moved (r INTEGER PRIMARY KEY)")
        db.execute("DELETE FROM temp.moved")
        db.execute(f"INSERT INTO temp.moved SELECT rowid FROM raw_links WHERE {where} AND {end} != {renamed}")
        moved = "rowid IN (SELECT r FROM temp.moved)"
        for renaming in (True, False):  # the keys and cited cases before the renaming, then after
            db.execute(f"INSERT OR IGNORE INTO touched_keys SELECT source, target, kind FROM raw_links WHERE {moved}")
            db.execute(f"INSERT OR IGNORE INTO touched_cases SELECT target FROM raw_links "
                       f"WHERE {moved} AND kind = 'lineage'")
            if renaming:
                db.execute(f"UPDATE raw_links SET {end} = {renamed} WHERE {moved}")


def _chunks(items: list, size: int = _CHUNK):
    for i in range(0, len(items), size):
        yield items[i:i + size]


def profiles_for(db, cases: list[str]) -> dict[str, dict]:
    """What is known of each case (:func:`index.linking.agreements.case_profiles`), from its own
    documents and the lineage links citing it, read from the kept profiles and links."""
    out: dict[str, dict] = {}
    for chunk in _chunks(sorted(set(cases))):
        marks = ",".join("?" * len(chunk))
        rows = db.execute(f"SELECT doc, source, target, type, confidence, evidence FROM raw_links "
                          f"WHERE stage = 0 AND kind = 'lineage' AND target IN ({marks}) ORDER BY ord", chunk).fetchall()
        links = [Link(r[1], r[2], r[3], r[4], json.loads(r[5])) for r in rows]
        ids = {r[0] for r in rows}
        ids |= {r[0] for r in db.execute(f"SELECT id FROM link_docs WHERE single_own IN ({marks})", chunk)}
        docs = _profiles(db, sorted(ids))
        profiles = agreements.case_profiles(docs, links)
        out.update((case, profiles[case]) for case in chunk if case in profiles)
    return out


def _profiles(db, ids: list[str]) -> list:
    docs = []
    for chunk in _chunks(ids):
        marks = ",".join("?" * len(chunk))
        docs += [read_profile(json.loads(r[0])) for r in
                 db.execute(f"SELECT profile FROM link_docs WHERE id IN ({marks}) ORDER BY id", chunk)]
    return sorted(docs, key=lambda d: d.id)


def _case_profiles(db) -> None:
    """The period of each touched case's profile; a case whose period changed touches the
    joins of both periods (its parties, amounts or subject may have changed too)."""
    cases = [r[0] for r in db.execute("SELECT case_number FROM touched_cases ORDER BY case_number")]
    for chunk in _chunks(cases):
        profiles = profiles_for(db, chunk)
        marks = ",".join("?" * len(chunk))
        db.execute(f"INSERT OR IGNORE INTO touched_periods SELECT period FROM case_periods "
                   f"WHERE case_number IN ({marks}) AND period IS NOT NULL", chunk)
        db.execute(f"DELETE FROM case_periods WHERE case_number IN ({marks})", chunk)
        rows = [(case, period_key(p.period)) for case, p in profiles.items()]
        db.executemany("INSERT INTO case_periods VALUES (?, ?)", rows)
        db.executemany("INSERT OR IGNORE INTO touched_periods VALUES (?)", [(p,) for _c, p in rows if p])


def _joins(db) -> None:
    """Documents without a case number of their own, joined again in each touched period."""
    periods = [r[0] for r in db.execute("SELECT period FROM touched_periods WHERE period IS NOT NULL ORDER BY period")]
    for period in periods:
        docs = [read_profile(json.loads(r[0])) for r in
                db.execute("SELECT profile FROM link_docs WHERE period = ? AND joins = 1 ORDER BY id", (period,))]
        old = "doc IN (SELECT id FROM link_docs WHERE period = ? AND joins = 1) AND stage = 1"
        db.execute(f"INSERT OR IGNORE INTO touched_keys SELECT source, target, kind FROM raw_links WHERE {old}", (period,))
        db.execute(f"DELETE FROM raw_links WHERE {old}", (period,))
        if not docs:
            continue
        cases = [r[0] for r in db.execute("SELECT case_number FROM case_periods WHERE period = ?", (period,))]
        profiles = profiles_for(db, cases)
        for e in docs:
            _insert(db, 1, e.id, None, [(f"1\x1f{e.id}", l) for l in agreements.join_link(e, profiles)])


def _cross_authority(db) -> None:
    """One agreement decided by two authorities: each touched period's pairs found again."""
    periods = [r[0] for r in db.execute("SELECT period FROM touched_groups WHERE period IS NOT NULL ORDER BY period")]
    for period in periods:
        db.execute("INSERT OR IGNORE INTO touched_keys SELECT source, target, kind FROM raw_links WHERE grp = ?",
                   (period,))
        db.execute("DELETE FROM raw_links WHERE grp = ?", (period,))
        docs = [read_profile(json.loads(r[0])) for r in
                db.execute("SELECT profile FROM link_docs WHERE period = ? AND alone = 1 ORDER BY id", (period,))]
        if docs:  # groups come in the order their first document comes
            first = docs[0].id
            found = agreements.cross_authority_links(docs)
            _insert(db, 2, first, period, [(f"2\x1f{first}\x1f{n:06d}", l) for n, l in enumerate(found)])


def _merge(db) -> None:
    """One link per touched (source, target, kind), merged from its links in full order."""
    db.execute("DELETE FROM links WHERE rowid IN (SELECT l.rowid FROM touched_keys t JOIN links l "
               "ON l.source = t.source AND l.target = t.target AND l.kind = t.kind)")
    rows = db.execute("SELECT r.source, r.target, r.kind, r.type, r.confidence, r.evidence, r.ord "
                      "FROM touched_keys t JOIN raw_links r ON r.source = t.source AND r.target = t.target "
                      "AND r.kind = t.kind ORDER BY r.source, r.target, r.kind, r.ord")
    out = []
    for _key, group in groupby(rows, key=lambda r: (r[0], r[1], r[2])):
        group = list(group)
        for link in dedupe([Link(r[0], r[1], r[3], r[4], json.loads(r[5])) for r in group]):
            out.append((link.source, link.target, link.type, link.confidence,
                        json.dumps(link.evidence, ensure_ascii=False), group[0][6], group[0][2]))
        if len(out) >= 1000:
            _write_links(db, out)
            out = []
    _write_links(db, out)


def _write_links(db, rows: list) -> None:
    db.executemany("INSERT INTO links (source, target, type, confidence, evidence, ord, kind) "
                   "VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
