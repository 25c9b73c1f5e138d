"""Index folders on a full disk and on read-only storage: real file systems (a small tmpfs
and a read-only bind mount in a private mount namespace), not simulated errors."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.test_import import CORPUS, ROOT

PY = sys.executable


def in_namespace(script: str) -> subprocess.CompletedProcess:
    """Run a shell script in a private mount namespace (mounts vanish with it)."""
    return subprocess.run(["unshare", "-m", "sh", "-ec", script], cwd=ROOT, capture_output=True, text=True,
                          timeout=900)


pytestmark = pytest.mark.slow  # each test fills or mounts a disk


@pytest.fixture(scope="module")
def can_mount(tmp_path_factory):
    target = tmp_path_factory.mktemp("probe")
    if not shutil.which("unshare"):
        pytest.skip("unshare is not installed")
    probe = in_namespace(f"mount -t tmpfs -o size=64k tmpfs {target}")
    if probe.returncode != 0:
        pytest.skip(f"mounting needs privileges this machine does not give: {probe.stderr.strip()}")


def test_full_disk_is_reported_with_summary_and_the_next_run_recovers(tmp_path, can_mount):
    index = tmp_path / "index"
    index.mkdir()
    first = in_namespace(f"""
        mount -t tmpfs -o size=600k tmpfs {index}
        set +e
        {PY} -m diarium import {CORPUS} --index {index} --workers 1 --no-ocr --json > {tmp_path}/out.json 2> {tmp_path}/err.txt
        echo $? > {tmp_path}/code
        ls -A {index} > {tmp_path}/files.txt
        ls -A {index}/engine >> {tmp_path}/files.txt
        set -e
        mount -o remount,size=64m {index}
        {PY} -m diarium import {CORPUS} --index {index} --workers 1 --no-ocr --json > {tmp_path}/again.json
        {PY} -m diarium search "Röda Korset" --index {index} --json > {tmp_path}/search.json
        {PY} -c "import sqlite3; print(sqlite3.connect('{index}/store.sqlite').execute('select value from meta where key=\\'derived_stale\\'').fetchone()[0])" > {tmp_path}/stale.txt
    """)
    assert first.returncode == 0, first.stderr
    assert (tmp_path / "code").read_text().strip() == "1"
    err = (tmp_path / "err.txt").read_text().strip().splitlines()
    assert len(err) == 1 and err[0].startswith("diarium: [D206]") and "disk is full" in err[0]
    summary = json.loads((tmp_path / "out.json").read_text())
    assert summary["error"] and summary["counts"]["left"] > 0
    assert summary["counts"]["imported"] + summary["counts"]["left"] + summary["counts"]["failed"] == summary["files"]
    names = (tmp_path / "files.txt").read_text().split()
    engine_own = {".managed.json", ".tantivy-meta.lock", ".tantivy-writer.lock"}  # tantivy's lasting files, no leftovers
    assert not [n for n in names if (n.startswith(".") and n not in engine_own) or n.startswith("engine-")
                or n.endswith(".tmp")], names
    again = json.loads((tmp_path / "again.json").read_text())
    assert again["error"] is None
    assert again["counts"]["imported"] + again["counts"]["unchanged"] == len(list(CORPUS.iterdir()))
    assert json.loads((tmp_path / "search.json").read_text())["total"] >= 1
    assert (tmp_path / "stale.txt").read_text().strip() == "false"


READ_ONLY_CHECKS = """
import json, sys, warnings
warnings.filterwarnings("ignore")
from starlette.testclient import TestClient
from diarium import cli
from diarium.web import create_app
from index.store import Store

index, out = sys.argv[1], sys.argv[2]
results = {}
for name, argv in {"search": ["search", "Röda Korset"], "show": ["show", "VON 2020/388"],
                   "trace": ["trace", "VON 2020/388"], "orgs": ["orgs"],
                   "export": ["export", "--format", "jsonl", out + "/export.jsonl"],
                   "import": ["import", sys.argv[3]], "reindex": ["reindex"]}.items():
    results[name] = cli.main([*argv, "--index", index])
client = TestClient(create_app(index), base_url="http://127.0.0.1")
with Store(index) as store:
    doc_id = next(store.extractions())[0]
for url in ("/", "/search.json?q=bidrag", f"/document/{doc_id}", "/case/VON%202020%2F388"):
    results[url] = client.get(url).status_code
open(out + "/results.json", "w").write(json.dumps(results))
"""


def _imported_index(tmp_path) -> Path:
    index = tmp_path / "archive-index"  # not "index": the script's folder comes first on sys.path
    subprocess.run([PY, "-m", "diarium", "import", str(CORPUS), "--index", str(index), "--workers", "1", "--no-ocr"],
                   cwd=ROOT, check=True, capture_output=True, timeout=600)
    return index


def _checked_read_only(tmp_path, index: Path, checks: str, *args) -> dict:
    """Run ``checks`` (a script given the index and an output folder) with ``index`` mounted
    read-only; its ``results.json``."""
    (tmp_path / "out").mkdir()
    script = tmp_path / "checks.py"
    script.write_text(checks, encoding="utf-8")
    extra = " ".join(str(a) for a in args)
    run = in_namespace(f"""
        mount --bind {index} {index}
        mount -o remount,bind,ro {index}
        {PY} {script} {index} {tmp_path}/out {extra} > /dev/null 2> {tmp_path}/err.txt
    """)
    assert run.returncode == 0, run.stderr + (tmp_path / "err.txt").read_text()
    return json.loads((tmp_path / "out" / "results.json").read_text())


def test_read_only_index_is_searched_shown_exported_and_served(tmp_path, can_mount):
    index = _imported_index(tmp_path)
    before = sorted(p.name for p in index.rglob("*"))
    results = _checked_read_only(tmp_path, index, READ_ONLY_CHECKS, CORPUS)
    assert {k: results[k] for k in ("search", "show", "trace", "orgs", "export")} == dict.fromkeys(
        ("search", "show", "trace", "orgs", "export"), 0)
    assert results["import"] == 1 and results["reindex"] == 1  # refused, one line: read-only
    assert "[D207]" in (tmp_path / "err.txt").read_text()
    assert all(results[url] == 200 for url in results if url.startswith("/")), results
    assert (tmp_path / "out" / "export.jsonl").stat().st_size > 0
    assert sorted(p.name for p in index.rglob("*")) == before


LEGACY_CHECKS = """
import json, sys
from diarium import cli
from index.organisations import registry as orgs

index, out = sys.argv[1], sys.argv[2]
results = {"search": cli.main(["search", "Röda Korset", "--json", "--index", index]),
           "organisations": orgs.stored(index)}
open(out + "/results.json", "w").write(json.dumps(results))
"""


def test_a_read_only_index_made_with_registry_files_reads_them_where_they_are(tmp_path, can_mount):
    from tests.indexes import as_made_before_the_store_kept_the_registry

    index = _imported_index(tmp_path)
    kept = as_made_before_the_store_kept_the_registry(index)
    before = sorted(p.name for p in index.rglob("*"))
    results = _checked_read_only(tmp_path, index, LEGACY_CHECKS)
    assert results["search"] == 0
    assert results["organisations"] == json.loads(json.dumps(kept))  # read from the files, which stay
    assert sorted(p.name for p in index.rglob("*")) == before
