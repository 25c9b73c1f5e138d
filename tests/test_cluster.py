"""Import on a real Dask cluster (a scheduler and worker processes on 127.0.0.1): the same
documents, facts and failures as a local import; bounds per file; workers and the client
killed mid-import."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from diarium import cli
from index.importing.importer import import_paths
from index.store import Store
from tests.test_import import ROOT, SAMPLES, add_broken_files, copy_corpus

pytest.importorskip("distributed", reason="the cluster extra is not installed")

pytestmark = [pytest.mark.cluster, pytest.mark.slow]


@pytest.fixture(scope="module")
def dask_cluster(tmp_path_factory):
    from tests.daskcluster import LocalDaskCluster

    with LocalDaskCluster(tmp_path_factory.mktemp("dask"), workers=2) as cluster:
        yield cluster


@pytest.fixture
def mixed(tmp_path):
    """Good text files, one typeset PDF, a copy under another name, broken files and a format
    Diarium does not read."""
    from tests import filemaker

    folder = tmp_path / "arkiv"
    first = copy_corpus(folder / "2021")[0]
    (folder / "kopia.txt").write_bytes(first.read_bytes())
    (folder / "2022").mkdir()
    filemaker.write_pdf(folder / "2022" / "typsatt.pdf", SAMPLES[1].read_text(encoding="utf-8"))
    return add_broken_files(folder)


def outcome(index_dir: Path) -> tuple[dict, dict]:
    """The manifest (without timings) and every stored extraction, by path and by id."""
    with Store(index_dir) as store:
        files = {f.path: (f.status, f.reason, f.sha256, f.pages, f.methods, f.documents) for f in store.files()}
        extractions = {doc_id: (path, extraction) for doc_id, path, extraction in store.extractions()}
    return files, extractions


@pytest.mark.parametrize("send_files", [False, True])
def test_cluster_import_is_the_same_as_a_local_import(dask_cluster, mixed, tmp_path, send_files):
    local = import_paths([mixed], tmp_path / "local", workers=2)
    remote = import_paths([mixed], tmp_path / "remote", cluster=dask_cluster.address, send_files=send_files)
    assert remote.counts == local.counts
    assert remote.counts["imported"] == len(SAMPLES) + 1 and remote.counts["failed"] == 3
    assert remote.counts["duplicate"] == 1
    assert sorted(map(str, remote.failures)) == sorted(map(str, local.failures))
    assert outcome(tmp_path / "remote") == outcome(tmp_path / "local")
    again = import_paths([mixed], tmp_path / "remote", cluster=dask_cluster.address, send_files=send_files)
    assert again.counts["imported"] == 0 and again.counts["unchanged"] == len(SAMPLES) + 2


def test_retry_failed_on_the_cluster_takes_the_failed_files_only(dask_cluster, mixed, tmp_path):
    index_dir = tmp_path / "index"
    import_paths([mixed], index_dir, cluster=dask_cluster.address)
    (mixed / "trasig" / "tom.txt").write_text("Tjänsteskrivelse\nDnr KS 2022/15\nBidrag 10 000 kronor.\n")
    summary = import_paths([mixed], index_dir, cluster=dask_cluster.address, retry_failed=True)
    assert summary.counts["imported"] == 1 and summary.counts["failed"] == 2
    assert summary.counts["left"] == len(SAMPLES) + 2  # the good files and the copy; the unknown format is skipped


def test_files_that_hang_crash_or_eat_memory_fail_on_the_workers(dask_cluster, tmp_path):
    folder = tmp_path / "docs"
    copy_corpus(folder)
    for name in ("hang.txt", "crash.txt", "huge.txt"):
        (folder / name).write_text(SAMPLES[0].read_text(encoding="utf-8") + name, encoding="utf-8")
    summary = import_paths([folder], tmp_path / "index", cluster=dask_cluster.address, file_timeout=3,
                           memory_limit_mb=1024, reader="tests.faults:read")
    reasons = {Path(f["path"]).name: f["reason"] for f in summary.failures}
    assert "more than 3 s of CPU time" in reasons["hang.txt"]
    assert "died" in reasons["crash.txt"]
    assert "memory" in reasons["huge.txt"]
    assert summary.counts["imported"] == len(SAMPLES)


def test_a_file_that_keeps_killing_workers_fails_as_killed_worker(dask_cluster, tmp_path):
    """The scheduler gives a file whose worker died to another worker, a few times
    (``distributed.scheduler.allowed-failures``), then gives up on it: that file fails."""
    folder = tmp_path / "docs"
    good = copy_corpus(folder)[:3]
    for path in folder.iterdir():
        if path not in good:
            path.unlink()
    (folder / "killparent.txt").write_text(SAMPLES[0].read_text(encoding="utf-8") + "x", encoding="utf-8")
    summary = import_paths([folder], tmp_path / "index", cluster=dask_cluster.address, reader="tests.faults:read")
    reasons = {Path(f["path"]).name: f["reason"] for f in summary.failures}
    assert "KilledWorker" in reasons["killparent.txt"]
    _every_file_once(tmp_path / "index", good + [folder / "killparent.txt"])
    dask_cluster.wait_for_workers(2)  # the nannies have started new workers


def _cluster_import(folder: Path, index_dir: Path, address: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "diarium", "import", str(folder), "--index", str(index_dir), "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env={**os.environ, "DIARIUM_CLUSTER": address})


def _wait_for_imported(index_dir: Path, at_least: int, process: subprocess.Popen) -> None:
    """Until the store holds ``at_least`` imported files, or the import has ended."""
    from tests.test_import import _wait_for_imported as wait

    wait(index_dir, at_least, process, limit=600.0)


def _every_file_once(index_dir: Path, made: list[Path]) -> None:
    with Store(index_dir) as store:
        files = store.files()
        ids = [doc_id for doc_id, _, _ in store.extractions()]
    assert sorted(f.path for f in files) == sorted(str(p.resolve()) for p in made)
    imported = [f for f in files if f.status == "imported"]
    assert all(f.status == "imported" or "KilledWorker" in (f.reason or "") for f in files)
    assert len(ids) == len(set(ids)) == len(imported)


def test_a_worker_killed_mid_import_leaves_every_file_once(dask_cluster, tmp_path):
    folder = tmp_path / "docs"
    made = copy_corpus(folder, copies=6)
    index_dir = tmp_path / "index"
    doomed = dask_cluster.add_worker(nanny=False)
    dask_cluster.wait_for_workers(3)
    process = _cluster_import(folder, index_dir, dask_cluster.address)
    _wait_for_imported(index_dir, 5, process)
    assert process.poll() is None, "the import ended before the worker could be killed"
    os.killpg(doomed.pid, signal.SIGKILL)
    out, err = process.communicate(timeout=900)
    summary = json.loads(out)
    assert summary["counts"]["imported"] + summary["counts"]["failed"] == len(made), err.decode()
    _every_file_once(index_dir, made)


def test_client_killed_resumes_without_sending_stored_files_again(dask_cluster, tmp_path):
    folder = tmp_path / "docs"
    made = copy_corpus(folder, copies=6)
    index_dir = tmp_path / "index"
    process = _cluster_import(folder, index_dir, dask_cluster.address)
    _wait_for_imported(index_dir, 5, process)
    process.send_signal(signal.SIGKILL)
    process.communicate(timeout=60)
    with sqlite3.connect(index_dir / "store.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        stored = db.execute("SELECT count(*) FROM files WHERE status = 'imported'").fetchone()[0]
    rerun = _cluster_import(folder, index_dir, dask_cluster.address)
    out, err = rerun.communicate(timeout=900)
    assert rerun.returncode == 0, err.decode()
    summary = json.loads(out)
    assert summary["counts"]["unchanged"] >= stored >= 5  # stored before the kill: not sent again
    assert summary["counts"]["imported"] + summary["counts"]["unchanged"] == len(made)
    _every_file_once(index_dir, made)
    from index.search.engine import open_index

    engine = open_index(index_dir)
    try:
        assert engine.count() == len(made)
    finally:
        engine.close()


def test_an_unreachable_scheduler_is_one_clear_line(tmp_path, capsys, monkeypatch):
    folder = tmp_path / "docs"
    copy_corpus(folder)
    from tests.daskcluster import free_port

    monkeypatch.setenv("DIARIUM_CLUSTER", f"tcp://127.0.0.1:{free_port()}")
    assert cli.main(["import", str(folder), "--index", str(tmp_path / "index")]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "[D210]" in err and "cannot reach the Dask scheduler" in err
    assert not (tmp_path / "index").exists()  # nothing started
