"""Refreshing links, the registry and the browse lists for the documents that changed gives
exactly what a refresh of every document gives: documents added one at a time in any order, changed,
removed; a decision cited by body and date renamed when the meeting's case arrives and back
when it goes; and on real imports, the links, registry, traces and search results of an
index grown by several imports equal those after ``diarium reindex``."""

from __future__ import annotations

import copy
import json
import random
import shutil
from pathlib import Path

import pytest

from diarium import cli
from index import browse
from extractor import extract_file
from extractor.reading.readers import read_text
from index.importing import importer
from index.linking import refresh as link_refresh
from index.organisations import registry as orgs
from index.importing.importer import forget, import_paths
from index.linking.lineage import trace
from index.linking.links import find_links
from index.linking.refresh import refresh
from index.search.query import search
from index.store import FileRecord, Store, StoredDocument

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "documents"
CITED = ("Regionstyrelsen", "2019-03-14")  # a decision the corpus cites by body and date


@pytest.fixture(scope="module")
def corpus_docs() -> list[StoredDocument]:
    """The corpus's extractions, and a decision whose meeting is the cited one (it renames
    the cited decision to its own case number)."""
    docs = []
    for path in sorted(CORPUS.iterdir()):
        e = extract_file(path).to_dict()
        docs.append(StoredDocument(e["id"], path.name, e["sha256"], 1, None, None, e["pipeline_version"], e,
                                   read_text(path), []))
    assert any(f"{CITED[0]} {CITED[1]}" in l.target for l in _expected_links(docs))
    base = next(d for d in docs if len(d.extraction.get("own_case_numbers") or []) == 1)
    e = copy.deepcopy(base.extraction)
    e.update(id="ffff000000000001", own_case_numbers=["RS 2019/77"],
             own_case_number_spans=[{"number": "RS 2019/77", "start": 0, "end": 10, "text": "RS 2019/77"}],
             meetings=[{"body": CITED[0], "date": CITED[1]}])
    docs.append(StoredDocument(e["id"], "beslut-rs-2019-77.txt", e["sha256"], 1, None, None, e["pipeline_version"], e,
                               base.text, []))
    return docs


def _expected_links(docs) -> list:
    texts = {d.id: d.text for d in docs}
    return find_links([d.extraction for d in sorted(docs, key=lambda d: d.id)], texts.get)


def _as_stored(links) -> list[dict]:
    """Links as the store gives them back (evidence through JSON)."""
    return [{"source": l.source, "target": l.target, "type": l.type, "confidence": l.confidence,
             "evidence": json.loads(json.dumps(l.evidence, ensure_ascii=False))} for l in links]


def _put(store: Store, doc: StoredDocument) -> None:
    store.record_file(FileRecord(doc.path, len(doc.text), None, doc.sha256, "imported"), [doc], replace_documents=True)


def _check(store: Store, present: dict) -> None:
    """Stored links equal those of every present document at once, in the same order."""
    refresh(store)
    assert store.links() == _as_stored(_expected_links(list(present.values())))


def test_documents_added_one_at_a_time_in_any_order_give_the_full_links(tmp_path, corpus_docs):
    order = list(corpus_docs)
    random.Random(14).shuffle(order)
    present: dict[str, StoredDocument] = {}
    with Store(tmp_path / "index", create=True) as store:
        for n, doc in enumerate(order):
            _put(store, doc)
            present[doc.path] = doc
            if n % 3 == 2 or doc.id.startswith("ffff"):
                _check(store, present)
        _check(store, present)
        assert any(l["target"] == "RS 2019/77" for l in store.links())  # the cited decision renamed


def test_changed_and_removed_documents_give_the_full_links(tmp_path, corpus_docs):
    present = {d.path: d for d in corpus_docs}
    with Store(tmp_path / "index", create=True) as store:
        for doc in corpus_docs:
            _put(store, doc)
        _check(store, present)
        # The decision that renames a cited one goes: the citation is a decision node again.
        store.forget("beslut-rs-2019-77.txt")
        del present["beslut-rs-2019-77.txt"]
        _check(store, present)
        assert not any(l["target"] == "RS 2019/77" for l in store.links())
        # A case document's period and parties change: the joins of both periods are redone.
        joined = {l["target"] for l in store.links() if l["type"] == "same_agreement" and l["source"] in
                  {d.id for d in corpus_docs if not d.extraction.get("own_case_numbers")}}
        target = next(d for d in corpus_docs if set(d.extraction.get("own_case_numbers") or []) & joined
                      and len(d.extraction["own_case_numbers"]) == 1)
        e = copy.deepcopy(target.extraction)
        e["agreement_period"] = ["2031-01-01", "2031-12-31"]
        e["parties"] = e["parties"][:1]
        changed = StoredDocument(target.id, target.path, target.sha256, 1, None, None, target.pipeline_version, e,
                                 target.text, [])
        _put(store, changed)
        present[target.path] = changed
        _check(store, present)
        # A document replaced by one with another id (the file corrected), and one removed.
        other = next(d for d in corpus_docs if d.extraction.get("referenced_case_numbers"))
        e = copy.deepcopy(other.extraction)
        e["id"] = "0000" + other.id[4:]
        e["referenced_case_numbers"] = e["referenced_case_numbers"][1:]
        corrected = StoredDocument(e["id"], other.path, other.sha256, 1, None, None, other.pipeline_version, e,
                                   other.text, [])
        _put(store, corrected)
        present[other.path] = corrected
        _check(store, present)
        gone = next(p for p, d in present.items() if not d.extraction.get("own_case_numbers")
                    and d.extraction.get("agreement_period"))
        store.forget(gone)
        del present[gone]
        _check(store, present)
        # And back: the renaming decision again, and the removed document.
        _put(store, corpus_docs[-1])
        present[corpus_docs[-1].path] = corpus_docs[-1]
        restored = next(d for d in corpus_docs if d.path == gone)
        _put(store, restored)
        present[gone] = restored
        _check(store, present)
        assert store.links() == _full(store)


def _full(store: Store) -> list[dict]:
    refresh(store, full=True)
    return store.links()


def test_a_refresh_reads_only_the_changed_documents(tmp_path, corpus_docs, monkeypatch):
    with Store(tmp_path / "index", create=True) as store:
        for doc in corpus_docs:
            _put(store, doc)
        refresh(store)
        read: list[str] = []
        real = Store.document

        def counting(self, doc_id):
            read.append(doc_id)
            return real(self, doc_id)

        monkeypatch.setattr(Store, "document", counting)
        refresh(store)
        assert read == []  # nothing changed, nothing read
        _put(store, corpus_docs[3])
        refresh(store)
        assert read == [corpus_docs[3].id]


def _registry_rows(store) -> list:
    """The registry as the store keeps it: its organisations in order, and their documents."""
    return [store.db.execute("SELECT ord, id, record FROM organisations ORDER BY ord").fetchall(),
            store.db.execute("SELECT org, doc FROM organisation_documents ORDER BY org, doc").fetchall()]


def test_the_registry_from_kept_records_equals_the_one_from_every_extraction(tmp_path, corpus_docs):
    index_dir = tmp_path / "index"
    with Store(index_dir, create=True) as store:
        for n, doc in enumerate(corpus_docs):
            _put(store, doc)
            if n % 7 == 0:
                orgs.refresh(store)
        store.forget(corpus_docs[5].path)
        orgs.refresh(store)
        grown = _registry_rows(store)
        orgs.refresh(store, full=True)
        assert grown == _registry_rows(store) and grown[0]
        assert store.db.execute("SELECT count(*) FROM pending_orgs").fetchone()[0] == 0


def test_the_registry_read_from_the_store_equals_one_built_in_memory(tmp_path, corpus_docs):
    """The store's refresh reads each document's record twice and keeps the organisations'
    documents in a temporary table; the registry is the one a builder fed every extraction gives."""
    from extractor import vocab
    from extractor.model import Extraction
    from index.organisations.build import Builder

    with Store(tmp_path / "index", create=True) as store:
        for doc in corpus_docs:
            _put(store, doc)
        orgs.refresh(store)
        builder = Builder(orgs._corrections(store), vocab.load("organisations")["known"])
        for doc in sorted(corpus_docs, key=lambda d: d.id):
            builder.add_document(doc.id, Extraction.from_dict(doc.extraction))
        built = builder.finish()
        documents = {o.id: sorted(o.document_ids) for o in built}
        assert [[tuple(r) for r in rows] for rows in _registry_rows(store)] == [
            [(n, o.id, json.dumps(o.to_dict(), ensure_ascii=False)) for n, o in enumerate(built)],
            sorted((org_id, doc_id) for org_id, ids in documents.items() for doc_id in ids)]
        assert sum(1 for o in built if o.document_ids) > 10


def test_a_store_from_before_is_refreshed_whole_once(tmp_path, corpus_docs):
    with Store(tmp_path / "index", create=True) as store:
        for doc in corpus_docs:
            _put(store, doc)
        refresh(store)
        expected = store.links()
        store.set_meta(link_refresh.CACHE_KEY, 0)  # as a store whose kept links are of another form
        store.db.execute("DELETE FROM pending_links")
        assert refresh(store) == len(expected)
        assert store.links() == expected


def _lists(index_dir: Path) -> dict:
    """The browse lists as a reader pages through them: every case, every body, each body's meetings."""
    lists = browse.load(index_dir)
    bodies = lists.bodies(0, 10**6)[1]
    return {"cases": lists.cases(0, 10**6), "bodies": bodies,
            "meetings": {b.id: lists.body(b.id, 0, 10**6) for b in bodies}}


def _lists_at_once(store: Store) -> dict:
    """The browse lists computed from every present extraction at once, as a reader sees them."""
    at_once = store.directory.parent / "at-once"
    at_once.mkdir(exist_ok=True)
    built = browse.build(store.extractions())
    browse._write(at_once / browse.BROWSE_FILE, lambda db: browse._fill(db, built))
    return _lists(at_once)


def _browse_check(store: Store) -> None:
    browse.refresh(store)
    assert _lists(store.directory) == _lists_at_once(store)


def test_browse_lists_refreshed_in_steps_equal_those_of_every_document_at_once(tmp_path, corpus_docs):
    order = list(corpus_docs)
    random.Random(7).shuffle(order)
    with Store(tmp_path / "index", create=True) as store:
        for n, doc in enumerate(order):
            _put(store, doc)
            if n % 4 == 3:
                _browse_check(store)
        _browse_check(store)
        lists = _lists(store.directory)
        assert lists["cases"][0] > 20 and any(b.decisions for b in lists["bodies"])
        kinds = {k for m in lists["meetings"].values() for meeting in m.meetings
                 for k, items in (("decided", meeting.decided), ("cited", meeting.cited), ("planned", meeting.planned))
                 if items}
        assert kinds == {"decided", "cited", "planned"}
        # a protocol's date and body change, a citing document goes, then comes back
        protocol = next(d for d in corpus_docs if d.extraction.get("document_type") == "protokoll"
                        and d.extraction.get("decided_by"))
        e = copy.deepcopy(protocol.extraction)
        e["date"], e["decided_by"] = "2031-05-05", "Kulturnämnden"
        _put(store, StoredDocument(protocol.id, protocol.path, protocol.sha256, 1, None, None,
                                   protocol.pipeline_version, e, protocol.text, []))
        _browse_check(store)
        citing = next(d for d in corpus_docs if d.extraction.get("decision_refs"))
        store.forget(citing.path)
        _browse_check(store)
        _put(store, citing)
        _browse_check(store)
        grown = _lists(store.directory)
        browse.refresh(store, full=True)
        assert _lists(store.directory) == grown
        assert store.db.execute("SELECT count(*) FROM pending_browse").fetchone()[0] == 0


def test_a_browse_refresh_reads_only_the_changed_documents(tmp_path, corpus_docs, monkeypatch):
    with Store(tmp_path / "index", create=True) as store:
        for doc in corpus_docs:
            _put(store, doc)
        browse.refresh(store)
        read: list[str] = []
        real = Store.facts

        def counting(self, doc_id):
            read.append(doc_id)
            return real(self, doc_id)

        monkeypatch.setattr(Store, "facts", counting)
        monkeypatch.setattr(Store, "extractions", None)  # never every extraction
        browse.refresh(store)
        assert read == []
        _put(store, corpus_docs[3])
        browse.refresh(store)
        assert read == [corpus_docs[3].id]


# -- real imports ----------------------------------------------------------------------------

def _state(index_dir: Path) -> dict:
    with Store(index_dir) as store:
        links = store.links()
        cases = sorted({n for l in links for n in (l["source"], l["target"])})
    return {
        "links": links,
        "browse": _lists(index_dir),
        "registry": orgs.stored(index_dir),
        "traces": {c: trace(index_dir, c) for c in cases},
        "search": {q: _answer(search(index_dir, q, sort="newest", limit=50))
                   for q in ("Stadsmissionen", "Röda Korset", "VON 2020/388", "överenskommelse", "Mötesplats Trappan")},
    }


def _answer(result) -> dict:
    """A search's answer but its scores and the order of equals: the engine's term statistics
    count deleted documents until its segments merge, and documents of the same date come in
    the engine's storage order, so these differ between a grown index and a rebuilt one."""
    answer = dict(result.__dict__)
    answer["hits"] = sorted(({k: v for k, v in hit.to_dict().items() if k != "score"} for hit in result.hits),
                            key=lambda hit: hit["id"])
    return answer


def test_imports_in_steps_with_changes_and_removals_equal_a_rebuild(tmp_path):
    source = tmp_path / "archive"
    source.mkdir()
    changed = source / "lund_von-2020-388_tjansteskrivelse.txt"  # imported first; its period then moves a year
    files = sorted(CORPUS.iterdir())
    first = [p for i, p in enumerate(files) if i % 2 == 0 or p.name == changed.name]
    second = [p for p in files if p not in first]
    for path in first:
        shutil.copy(path, source / path.name)
    index_dir = tmp_path / "index"
    assert import_paths([source], index_dir, workers=1, ocr=False).counts["imported"] == len(first)
    for path in second:
        shutil.copy(path, source / path.name)
    changed.write_text(changed.read_text("utf-8").replace("2021", "2022"), "utf-8")
    removed = source / "lund_motesplats-trappan_overenskommelse_2022-2024.txt"
    summary = import_paths([source], index_dir, workers=1, ocr=False)
    assert summary.counts["imported"] == len(second) + 1 and summary.counts["unchanged"] == len(first) - 1
    removed.unlink()
    assert forget(index_dir, removed)[0]
    with Store(index_dir) as store:
        assert not importer.derived_stale(store)
        assert store.db.execute("SELECT count(*) FROM pending_links").fetchone()[0] == 0
    grown = _state(index_dir)
    assert grown["links"] and any(t for t in grown["traces"].values())
    rebuilt = tmp_path / "rebuilt"
    shutil.copytree(index_dir, rebuilt)
    assert cli.main(["reindex", "--index", str(rebuilt), "--json"]) == 0
    assert _state(rebuilt) == grown

