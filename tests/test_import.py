"""Bulk import: statuses, resume, duplicates, changed and forgotten files, bounds per file."""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from diarium import cli
from index.importing import workers
from index.importing.importer import import_paths
from index.store import Store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "documents"
SAMPLES = sorted(p for p in CORPUS.iterdir() if p.suffix in (".txt", ".md"))


def copy_corpus(folder: Path, copies: int = 1) -> list[Path]:
    """The corpus documents, each made distinct per copy by a trailing line."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for n in range(copies):
        for sample in SAMPLES:
            target = folder / f"{sample.stem}_{n}{sample.suffix}"
            target.write_text(sample.read_text(encoding="utf-8") + f"\n\nArkivexemplar {n}.\n", encoding="utf-8")
            made.append(target)
    return made


def stored_ids(index_dir: Path) -> list[str]:
    with Store(index_dir) as store:
        return [doc_id for doc_id, _, _ in store.extractions()]


def statuses(index_dir: Path) -> dict[str, str]:
    with Store(index_dir) as store:
        return {Path(f.path).name: f.status for f in store.files()}


def add_broken_files(folder: Path) -> Path:
    """A subfolder of an empty, a binary, a truncated PDF and an unsupported file."""
    (folder / "trasig").mkdir()
    (folder / "trasig" / "tom.txt").write_bytes(b"")
    (folder / "trasig" / "binär.txt").write_bytes(b"\x00\x01\x02" * 100)
    (folder / "trasig" / "avklippt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog")
    (folder / "trasig" / "kalkyl.xyz").write_bytes(b"whatever")
    return folder


@pytest.fixture
def archive(tmp_path):
    folder = tmp_path / "arkiv"
    copy_corpus(folder / "2021")
    return add_broken_files(folder)


def test_mixed_folder_every_good_file_lands_every_broken_one_is_reported(archive, tmp_path):
    summary = import_paths([archive], tmp_path / "index", workers=2)
    assert summary.counts["imported"] == len(SAMPLES)
    assert summary.counts["failed"] == 3
    assert summary.counts["skipped"] == 1
    reasons = {Path(f["path"]).name: f["reason"] for f in summary.failures}
    assert set(reasons) == {"tom.txt", "binär.txt", "avklippt.pdf"}
    assert all(reason and "\n" not in reason for reason in reasons.values())
    assert len(stored_ids(tmp_path / "index")) == len(SAMPLES)
    assert statuses(tmp_path / "index")["kalkyl.xyz"] == "skipped"


def test_manifest_records_what_was_done(archive, tmp_path):
    import_paths([archive], tmp_path / "index", workers=1)
    with Store(tmp_path / "index") as store:
        record = next(f for f in store.files("imported"))
        assert record.size > 0 and len(record.sha256) == 64
        assert record.pages >= 1 and record.methods and record.pipeline_version
        assert record.seconds is not None and record.documents == 1


def test_rerun_does_nothing_twice(archive, tmp_path):
    import_paths([archive], tmp_path / "index", workers=2)
    again = import_paths([archive], tmp_path / "index", workers=2)
    assert again.counts["imported"] == 0
    assert again.counts["unchanged"] == len(SAMPLES)
    assert again.counts["skipped"] == 4  # three failed earlier, one format unknown
    assert len(stored_ids(tmp_path / "index")) == len(SAMPLES)


def test_same_bytes_under_another_path_is_a_duplicate(archive, tmp_path):
    import_paths([archive], tmp_path / "index")
    first = sorted((archive / "2021").iterdir())[0]
    shutil.copy(first, archive / "kopia.txt")
    summary = import_paths([archive], tmp_path / "index")
    assert summary.counts["duplicate"] == 1
    with Store(tmp_path / "index") as store:
        record = store.file(str((archive / "kopia.txt").resolve()))
        assert record.status == "duplicate" and str(first.resolve()) in record.reason
    assert len(stored_ids(tmp_path / "index")) == len(SAMPLES)


def test_retry_failed_takes_only_failed_files(archive, tmp_path):
    import_paths([archive], tmp_path / "index")
    (archive / "trasig" / "tom.txt").write_text("Tjänsteskrivelse\nDnr KS 2022/15\nBidrag 10 000 kronor.\n")
    copy_corpus(archive / "2022")
    summary = import_paths([archive], tmp_path / "index", retry_failed=True)
    assert summary.counts["imported"] == 1
    assert summary.counts["failed"] == 2
    assert summary.counts["left"] == 2 * len(SAMPLES)
    assert statuses(tmp_path / "index")["tom.txt"] == "imported"


def test_changed_file_replaces_its_documents_and_keeps_history(tmp_path):
    folder = tmp_path / "docs"
    path = copy_corpus(folder)[0]
    import_paths([folder], tmp_path / "index")
    before = set(stored_ids(tmp_path / "index"))
    path.write_text(path.read_text(encoding="utf-8") + "\nTillägg: ny version.\n", encoding="utf-8")
    summary = import_paths([folder], tmp_path / "index")
    assert summary.counts["imported"] == 1
    after = set(stored_ids(tmp_path / "index"))
    assert len(after) == len(before) and after != before
    with Store(tmp_path / "index") as store:
        history = store.file_history(str(path.resolve()))
        assert [h["status"] for h in history] == ["imported"]


def test_removed_file_stays_until_forgotten(tmp_path, capsys):
    folder = tmp_path / "docs"
    paths = copy_corpus(folder)
    index_dir = tmp_path / "index"
    import_paths([folder], index_dir)
    paths[0].unlink()
    assert import_paths([folder], index_dir).counts["imported"] == 0
    assert len(stored_ids(index_dir)) == len(SAMPLES)
    assert cli.main(["forget", str(paths[0]), "--index", str(index_dir)]) == 0
    assert len(stored_ids(index_dir)) == len(SAMPLES) - 1
    with Store(index_dir) as store:
        assert store.file(str(paths[0].absolute())).status == "forgotten"
        assert store.pending_deletes() == []
    assert cli.main(["forget", str(tmp_path / "nothing"), "--index", str(index_dir)]) == 1
    assert "not in the index" in capsys.readouterr().err


def test_personnummer_never_stored(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "beslut.txt").write_text(
        "Tjänsteskrivelse\nDnr KS 2023/77\nSökande Anna Berg, 19850412-1230, beviljas bidrag med 5 000 kronor.\n",
        encoding="utf-8")
    import_paths([folder], tmp_path / "index")
    with Store(tmp_path / "index") as store:
        doc = next(store.documents())
        assert "19850412-1230" not in doc.text and "********-****" in doc.text
        assert "19850412" not in json.dumps(doc.extraction)
        assert doc.extraction["masked_personnummer"] == 1


def test_newer_pipeline_version_re_extracts(tmp_path, monkeypatch):
    folder = tmp_path / "docs"
    copy_corpus(folder)
    import_paths([folder], tmp_path / "index")
    monkeypatch.setattr("extractor.pipeline.PIPELINE_VERSION", "test-next")
    summary = import_paths([folder], tmp_path / "index")
    assert summary.counts["imported"] == len(SAMPLES)
    with Store(tmp_path / "index") as store:
        assert {f.pipeline_version for f in store.files("imported")} == {"test-next"}
    assert len(stored_ids(tmp_path / "index")) == len(SAMPLES)


@pytest.mark.slow
def test_hanging_crashing_and_greedy_files_fail_and_the_rest_lands(tmp_path, monkeypatch):
    """Workers are forked, so they run the patched reader; the bound is CPU time, not the clock."""
    from tests import faults

    folder = tmp_path / "docs"
    copy_corpus(folder)
    for name in ("hang.txt", "crash.txt", "huge.txt"):
        shutil.copy(SAMPLES[0], folder / name)
        (folder / name).write_text((folder / name).read_text() + name, encoding="utf-8")
    monkeypatch.setattr(workers, "read_and_extract", faults.read)
    # the wall-clock stall guard (for readers that wait) must not fire first on a loaded machine,
    # where 3 s of CPU can take far longer than 30 s of the clock
    monkeypatch.setattr(workers, "STALL_FACTOR", 1000)
    summary = import_paths([folder], tmp_path / "index", workers=2, file_timeout=3, memory_limit_mb=1024)
    reasons = {Path(f["path"]).name: f["reason"] for f in summary.failures}
    assert "more than 3 s of CPU time" in reasons["hang.txt"]
    assert "died" in reasons["crash.txt"]
    assert "memory" in reasons["huge.txt"]
    assert summary.counts["imported"] == len(SAMPLES)


def test_workers_are_served_while_a_batch_is_indexed(tmp_path, monkeypatch):
    """Indexing a batch takes the writer a while; meanwhile it takes the workers' answers and
    gives them more files (a worker whose answers wait stops once its pipe is full). Each batch
    here starts with an answer waiting, so one is taken during it; nothing is lost or doubled.
    Workers are replaced after every two files, but never while the engine's writer holds
    its lock file: a worker forked then would keep the lock, and the next batch could not write."""
    from multiprocessing.connection import wait

    from index.importing import importer
    from index.search.engine import open_index

    monkeypatch.setattr(importer, "INDEX_BATCH", 1)
    monkeypatch.setattr(importer, "SERVE_INTERVAL", 0)
    taken = []
    serving = importer.Importer._serving

    def answer_waiting(self, documents):
        busy = [w.conn for w in self._pool.workers if w.queue] if self._pool else []
        if not busy:
            yield from serving(self, documents)
            return
        wait(busy, timeout=120)  # a worker has answered (or died): either is taken as the batch goes on
        before = sum(self.summary.counts.values())
        yield from serving(self, documents)
        taken.append(sum(self.summary.counts.values()) - before)

    monkeypatch.setattr(importer.Importer, "_serving", answer_waiting)
    folder = tmp_path / "docs"
    copy_corpus(folder)
    summary = import_paths([folder], tmp_path / "index", workers=2, tasks_per_worker=2)
    assert summary.counts["imported"] == len(SAMPLES), summary.failures
    assert taken and all(n >= 1 for n in taken)
    with Store(tmp_path / "index") as store:
        assert store.unindexed_ids() == [] and store.document_count() == len(SAMPLES)
    engine = open_index(tmp_path / "index")
    try:
        assert engine.count() == len(SAMPLES)
    finally:
        engine.close()


def test_a_worker_lets_go_of_the_file_locks_it_inherited(tmp_path):
    """The search engine takes ``flock`` locks in its own threads, and a worker forked while
    one is held shares it (the lock belongs to the open file). If the worker kept it, the
    writer's next wait for that lock would last as long as the worker, which waits for the
    writer. A worker that has started holds none."""
    import fcntl
    import multiprocessing

    from index.importing.importer import _Worker

    lock = tmp_path / ".tantivy-meta.lock"
    held = os.open(lock, os.O_RDWR | os.O_CREAT, 0o644)
    fcntl.flock(held, fcntl.LOCK_EX)
    worker = _Worker(multiprocessing.get_context("fork"), ocr=False, memory_limit_mb=None, cpu_seconds=None)
    os.close(held)  # the engine's thread lets go, as after its merge
    try:
        text = tmp_path / "beslut.txt"
        text.write_text("Dnr KS 2024/118\n\nKommunstyrelsen beslutar att bevilja bidrag.\n", encoding="utf-8")
        worker.conn.send(str(text))
        assert worker.conn.poll(120), "the worker did not answer"
        assert worker.conn.recv()[0] == "ok"
        again = os.open(lock, os.O_RDWR)
        try:
            fcntl.flock(again, fcntl.LOCK_EX | fcntl.LOCK_NB)  # BlockingIOError while a worker holds it
        finally:
            os.close(again)
    finally:
        worker.retire()


def _import_process(folder: Path, index_dir: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "diarium", "import", str(folder), "--index", str(index_dir), "--workers", "2", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)


def _wait_for_imported(index_dir: Path, at_least: int, process: subprocess.Popen, limit: float = 60.0) -> None:
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with sqlite3.connect(index_dir / "store.sqlite") as db:
                if db.execute("SELECT count(*) FROM files WHERE status = 'imported'").fetchone()[0] >= at_least:
                    return
        except sqlite3.Error:
            pass
        time.sleep(0.05)


@pytest.mark.slow
@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT])
def test_interrupted_import_resumes_with_nothing_lost_or_doubled(tmp_path, how):
    folder = tmp_path / "docs"
    made = copy_corpus(folder, copies=6)
    index_dir = tmp_path / "index"
    process = _import_process(folder, index_dir)
    _wait_for_imported(index_dir, 5, process)
    interrupted_early = process.poll() is None
    process.send_signal(how)
    process.communicate(timeout=60)
    if how == signal.SIGINT and interrupted_early:
        assert process.returncode == 130
    with sqlite3.connect(index_dir / "store.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    rerun = _import_process(folder, index_dir)
    out, err = rerun.communicate(timeout=300)
    assert rerun.returncode == 0, err.decode()
    summary = json.loads(out)
    assert summary["counts"]["imported"] + summary["counts"]["unchanged"] == len(made)
    ids = stored_ids(index_dir)
    assert len(ids) == len(set(ids)) == len(made)
    from index.search.engine import open_index

    engine = open_index(index_dir)
    try:
        assert engine.count() == len(ids)  # every stored document indexed, none twice
    finally:
        engine.close()


def test_second_writer_is_refused_with_a_clear_message(tmp_path, capsys):
    folder = tmp_path / "docs"
    copy_corpus(folder)
    index_dir = tmp_path / "index"
    import_paths([folder], index_dir)
    with Store(index_dir) as store:
        store.acquire_writer_lock()
        code = cli.main(["import", str(folder), "--index", str(index_dir)])
    err = capsys.readouterr().err
    assert code == 1 and "another process is writing" in err and len(err.strip().splitlines()) == 1


def test_cli_summary_and_exit_codes(archive, tmp_path, capsys):
    index_dir = tmp_path / "index"
    assert cli.main(["import", str(archive), "--index", str(index_dir), "--json"]) == 1
    summary = json.loads(capsys.readouterr().out)
    assert summary["counts"]["failed"] == 3 and summary["pages_per_second"] > 0
    assert cli.main(["import", str(archive / "2021"), "--index", str(index_dir)]) == 0
    assert "unchanged" in capsys.readouterr().out
    assert cli.main(["import", str(tmp_path / "saknas"), "--index", str(index_dir)]) == 1
    assert "no such file or folder" in capsys.readouterr().err


def test_a_jsonl_export_imports_back_losslessly(tmp_path, capsys):
    folder = tmp_path / "docs"
    copy_corpus(folder)
    first, second = tmp_path / "first.jsonl", tmp_path / "second.jsonl"
    import_paths([folder], tmp_path / "index")
    assert cli.main(["export", "--format", "jsonl", str(first), "--index", str(tmp_path / "index")]) == 0
    capsys.readouterr()
    assert cli.main(["import", str(first), "--index", str(tmp_path / "copy"), "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["documents"] == len(SAMPLES)
    assert cli.main(["export", "--format", "jsonl", str(second), "--index", str(tmp_path / "copy")]) == 0
    assert first.read_bytes() == second.read_bytes()
    from index.search.engine import open_index

    engine = open_index(tmp_path / "copy")
    try:
        assert engine.count() == len(SAMPLES)
    finally:
        engine.close()


def test_a_local_import_never_imports_dask(tmp_path):
    folder = tmp_path / "docs"
    copy_corpus(folder)
    script = ("import sys; from diarium import cli; "
              f"code = cli.main(['import', {str(folder)!r}, '--index', {str(tmp_path / 'index')!r}, '--workers', '1']); "
              "print(code, sorted(m for m in sys.modules if m.split('.')[0] in ('dask', 'distributed')))")
    env = {k: v for k, v in os.environ.items() if k != "DIARIUM_CLUSTER"}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    assert done.stdout.splitlines()[-1] == "0 []"


def test_send_files_needs_a_cluster(tmp_path, capsys, monkeypatch):
    monkeypatch.delenv("DIARIUM_CLUSTER", raising=False)
    assert cli.main(["import", str(tmp_path), "--index", str(tmp_path / "index"), "--send-files"]) == 2
    assert "--send-files needs --cluster" in capsys.readouterr().err


def test_engine_is_chosen_for_a_new_index_and_an_old_index_is_rebuilt_from_the_store(tmp_path, capsys):
    from index.search.engine import engine_name, open_index
    from index.search.query import search

    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "a.txt").write_text("Tjänsteskrivelse\nStöd till läxhjälp för barn i Kungsbacka.\n", "utf-8")
    index_dir = tmp_path / "index"
    assert cli.main(["import", str(folder), "--index", str(index_dir), "--engine", "whoosh", "--workers", "1"]) == 0
    assert engine_name(index_dir) == "whoosh"
    # An index made before engine.json named an engine or an analysis: Whoosh's, kept working.
    pointer = index_dir / "engine.json"
    legacy = {k: v for k, v in json.loads(pointer.read_text()).items() if k in ("folder", "schema")}
    pointer.write_text(json.dumps(legacy))
    assert engine_name(index_dir) == "whoosh" and search(index_dir, "barnen").total == 1
    assert cli.main(["search", "barnen", "--index", str(index_dir)]) == 0
    assert "reindex" in capsys.readouterr().err
    (folder / "a.txt").rename(tmp_path / "a.txt")  # the source is gone: the move must use the store
    (folder / "b.txt").write_text("Protokoll\nBeslut om stöd till föreningen.\n", "utf-8")
    assert cli.main(["import", str(folder), "--index", str(index_dir), "--engine", "tantivy", "--workers", "1"]) == 0
    assert engine_name(index_dir) == "tantivy" and json.loads(pointer.read_text())["analysis"] >= 2
    ix = open_index(index_dir)
    assert ix.count() == 2 and search(index_dir, "barnen").total == 1 and search(index_dir, "stöd").total == 2
    ix.close()
