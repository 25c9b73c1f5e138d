"""An import killed after its documents are stored but before the links and the registry
are rebuilt: the store says so, and the next run (every file unchanged) completes them."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from index.importing import importer
from index.importing.importer import import_paths
from index.linking.lineage import trace
from index.organisations import registry as orgs
from index.store import Store
from tests.test_import import CORPUS, ROOT

pytestmark = pytest.mark.slow  # each test kills an import

# The import runs in its own process, which kills itself (kill -9, or Ctrl-C as a terminal
# sends it) on entering the phase named: the real process dies at exactly that moment.
KILLER = textwrap.dedent("""
    import os, signal, sys
    from diarium import cli
    import index.importing.importer, index.linking.refresh, index.organisations.registry

    phase, how = sys.argv[1], getattr(signal, sys.argv[2])
    module, name = phase.rsplit(".", 1)
    owner = {"importer": index.importing.importer, "links": index.linking.refresh, "orgs": index.organisations.registry}[module]
    real = getattr(owner, name)

    def die(*args, **kwargs):
        os.kill(os.getpid(), how)
        return real(*args, **kwargs)

    setattr(owner, name, die)
    sys.exit(cli.main(["import", *sys.argv[3:], "--workers", "1", "--no-ocr", "--json"]))
""")


def links_of(index_dir: Path) -> list:
    with Store(index_dir) as store:
        return sorted((l["source"], l["target"], l["type"]) for l in store.links())


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> Path:
    """The same corpus imported without interruption: what recovery must reach."""
    index_dir = tmp_path_factory.mktemp("clean") / "index"
    import_paths([CORPUS], index_dir, workers=1, ocr=False)
    return index_dir


@pytest.mark.parametrize("how", ["SIGKILL", "SIGINT"])
@pytest.mark.parametrize("phase", ["importer.refresh_derived", "orgs.refresh", "links.refresh"])
def test_killed_before_derived_data_the_next_run_rebuilds_it(tmp_path, clean, phase, how):
    index_dir = tmp_path / "index"
    killed = subprocess.run([sys.executable, "-c", KILLER, phase, how, str(CORPUS), "--index", str(index_dir)],
                            cwd=ROOT, capture_output=True, timeout=600)
    assert killed.returncode == (-9 if how == "SIGKILL" else 130), killed.stderr.decode()
    with Store(index_dir) as store:
        assert store.document_count() == Store(clean).document_count()
        assert importer.derived_stale(store)  # the store records what is pending
    assert links_of(index_dir) == [] or phase == "links.refresh"
    rerun = subprocess.run([sys.executable, "-m", "diarium", "import", str(CORPUS), "--index", str(index_dir),
                            "--workers", "1", "--no-ocr", "--json"], cwd=ROOT, capture_output=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr.decode()
    summary = json.loads(rerun.stdout)
    assert summary["counts"]["unchanged"] == len(list(CORPUS.iterdir()))
    with Store(index_dir) as store:
        assert not importer.derived_stale(store)
    assert links_of(index_dir) == links_of(clean) != []
    assert orgs.stored(index_dir) == orgs.stored(clean)
    assert trace(index_dir, "VON 2020/388") == trace(clean, "VON 2020/388")


# Killed earlier: while a worker reads the nth file (the writer dies; its workers follow), or
# while the writer stores the nth file (inside its transaction, every row written, before the
# commit). The killing process is the writer either way: workers are forked from it.
KILL_DURING = textwrap.dedent("""
    import os, signal, sys
    from contextlib import contextmanager
    from diarium import cli
    import index.importing.workers
    from index.store import Store

    phase, how, nth = sys.argv[1], getattr(signal, sys.argv[2]), int(sys.argv[3])
    writer, calls = os.getpid(), [0]

    def due():
        calls[0] += 1
        return calls[0] == nth

    if phase == "reading":
        real_read = index.importing.workers.read_and_extract

        def reading(*args, **kwargs):
            if due():
                os.kill(writer, how)
            return real_read(*args, **kwargs)

        index.importing.workers.read_and_extract = reading
    else:
        real_record, real_transaction = Store.record_file, Store.transaction

        def record_file(self, *args, **kwargs):
            if due():
                @contextmanager
                def dying():
                    del self.transaction
                    with real_transaction(self) as db:
                        yield db
                        os.kill(writer, how)
                self.transaction = dying
            return real_record(self, *args, **kwargs)

        Store.record_file = record_file
    sys.exit(cli.main(["import", *sys.argv[4:], "--workers", "1", "--no-ocr", "--json"]))
""")
NTH = 10


def _stored(index_dir: Path) -> tuple[dict, list]:
    """The manifest (path -> status, documents) and every stored document's (path, part, id)."""
    with Store(index_dir) as store:
        files = {f.path: (f.status, f.documents) for f in store.files()}
        documents = sorted((d.path, d.part, d.id) for d in store.documents())
    return files, documents


@pytest.mark.parametrize("how", ["SIGKILL", "SIGINT"])
@pytest.mark.parametrize("phase", ["reading", "storing"])
def test_killed_while_reading_or_storing_the_next_run_completes_everything_once(tmp_path, clean, phase, how):
    index_dir = tmp_path / "index"
    killed = subprocess.run([sys.executable, "-c", KILL_DURING, phase, how, str(NTH), str(CORPUS),
                             "--index", str(index_dir)], cwd=ROOT, capture_output=True, timeout=600)
    assert killed.returncode == (-9 if how == "SIGKILL" else 130), killed.stderr.decode()
    files, documents = _stored(index_dir)
    clean_files, clean_documents = _stored(clean)
    # what was committed is whole: each file's row with all its documents, or neither
    assert 0 < len(files) < len(clean_files)
    assert {f: clean_files[f] for f in files} == files
    assert documents == [d for d in clean_documents if d[0] in files]
    if phase == "storing":
        assert len(files) == NTH - 1  # the nth file's transaction was rolled back whole
    with Store(index_dir) as store:
        assert importer.derived_stale(store)

    rerun = subprocess.run([sys.executable, "-m", "diarium", "import", str(CORPUS), "--index", str(index_dir),
                            "--workers", "1", "--no-ocr", "--json"], cwd=ROOT, capture_output=True, timeout=600)
    assert rerun.returncode == 0, rerun.stderr.decode()
    counts = json.loads(rerun.stdout)["counts"]
    assert counts["unchanged"] == len(files) and counts["failed"] == counts["left"] == 0
    assert counts["imported"] + counts["duplicate"] == len(clean_files) - len(files)
    # nothing lost, nothing twice: the same manifest and documents as an uninterrupted run,
    # each document once in the search engine, and the derived data rebuilt
    assert _stored(index_dir) == (clean_files, clean_documents)
    with Store(index_dir) as store:
        assert not importer.derived_stale(store) and store.unindexed_ids() == []
    from index.search.engine import open_index

    engine = open_index(index_dir)
    try:
        assert engine.count() == len(clean_documents)
    finally:
        engine.close()
    assert links_of(index_dir) == links_of(clean) != []
    assert orgs.stored(index_dir) == orgs.stored(clean)
