"""An import killed after its documents are stored but before the links and the registry
are rebuilt: the store says so, and the next run (every file unchanged) completes them."""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from index import importer
from index.importer import import_paths
from index.lineage import trace
from index.store import Store
from tests.test_import import CORPUS, ROOT

pytestmark = pytest.mark.slow  # each test kills an import

# The import runs in its own process, which kills itself (kill -9, or Ctrl-C as a terminal
# sends it) on entering the phase named: the real process dies at exactly that moment.
KILLER = textwrap.dedent("""
    import os, signal, sys
    from diarium import cli
    import index.importer, index.links, index.orgs

    phase, how = sys.argv[1], getattr(signal, sys.argv[2])
    module, name = phase.rsplit(".", 1)
    owner = {"importer": index.importer, "links": index.links, "orgs": index.orgs}[module]
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
    assert (index_dir / "organisations.json").read_bytes() == (clean / "organisations.json").read_bytes()
    assert trace(index_dir, "VON 2020/388") == trace(clean, "VON 2020/388")
