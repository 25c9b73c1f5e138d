"""Count what one operation opens on an index folder, and time it.

    python scripts/bench_handles.py [--index DIR]
    python scripts/bench_handles.py --graph LINKS

Without ``--index`` the sample corpus (``corpus/documents``, with ``corpus/organisations.json``
as corrections) is imported into a temporary folder first. Each command then runs in a fresh
interpreter, as it does from a shell (``diarium export``, ``search``, ``trace``, ``show``),
and each web page in one warm app (asked for once to warm up, then counted). For each the
script prints the store opens (SQLite connections to ``store.sqlite``), registry files read
(the JSON files beside the store that held the registry before the store did), search-engine
opens, registry loads, lineages traced, and the seconds (wall and CPU) the operation took inside
the process, without the interpreter's start. The last rows trace every case and document of
the index through one handle (as a case page per node would), counting the lineages built, and
answer ``show --json`` for each of them (its answer and JSON form, without the printing).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parent.parent
CASE = "VON 2020/388"
# the files beside the store in which the registry was kept before it moved into the store
REGISTRY_FILES = {"organisations.json", "organisation_documents.json", "corrections.json"}
COMMANDS = {
    "export csv": ["export", "--format", "csv", "{out}/x"],
    "export jsonl": ["export", "--format", "jsonl", "{out}/x.jsonl"],
    "export sqlite": ["export", "--format", "sqlite", "{out}/x.sqlite"],
    "search": ["search", "Röda Korset", "--json"],
    "search, filtered by organisation": ["search", "bidrag", "--org", "Röda Korset", "--json"],
    "orgs": ["orgs", "--json"],
    "trace": ["trace", CASE, "--json"],
    "show case": ["show", CASE, "--json"],
    "show document": ["show", "{doc}", "--json"],
}


class Counts:
    """Counters around the functions that open or compute something per index folder."""

    def __init__(self):
        self.values = dict.fromkeys(("store opens", "registry files", "engine opens", "registry loads",
                                     "lineages traced"), 0)

    def install(self) -> None:
        import index.search.engine
        import index.linking.lineage
        import index.organisations.registry

        connect = sqlite3.connect

        def counted_connect(database, *args, **kwargs):
            if Path(str(database)).name == "store.sqlite" or str(database).startswith("file:") and "store.sqlite" in str(database):
                self.values["store opens"] += 1
            return connect(database, *args, **kwargs)

        sqlite3.connect = counted_connect
        read_text = Path.read_text

        def counted_read_text(path, *args, **kwargs):
            if path.name in REGISTRY_FILES:
                self.values["registry files"] += 1
            return read_text(path, *args, **kwargs)

        Path.read_text = counted_read_text
        self._wrap(index.search.engine, "open_index", "engine opens")
        # the registry read from the store (``registry_of``), or before it lived there, from its files
        registry = index.organisations.registry
        self._wrap(registry, "registry_of" if hasattr(registry, "registry_of") else "load", "registry loads")
        self._wrap(index.linking.lineage, "build_trace", "lineages traced")

    def _wrap(self, module, name: str, counter: str) -> None:
        original = getattr(module, name)

        def counted(*args, **kwargs):
            self.values[counter] += 1
            return original(*args, **kwargs)

        setattr(module, name, counted)
        # modules that imported the function by name (or under another) before
        for other in list(sys.modules.values()):
            if getattr(other, "__name__", "").startswith(("index.", "diarium.")):
                for attribute, value in list(vars(other).items()):
                    if value is original:
                        setattr(other, attribute, counted)

    def reset(self) -> None:
        self.values = dict.fromkeys(self.values, 0)


def timed(run) -> dict:
    wall, cpu = time.perf_counter(), time.process_time()
    run()
    return {"seconds": round(time.perf_counter() - wall, 3), "cpu": round(time.process_time() - cpu, 3)}


def probe_command(argv: list[str]) -> dict:
    """Run one command in this (fresh) interpreter and count."""
    import diarium.cli  # noqa: F401  (imported before the counters, as a shell's command does)
    import diarium.cmd_export, diarium.cmd_search, diarium.cmd_trace  # noqa: E401,F401
    import index.export.formats, index.linking.lineage, index.search.query, index.show  # noqa: E401,F401

    counts = Counts()
    counts.install()
    with contextlib.redirect_stdout(io.StringIO()):
        figures = timed(lambda: diarium.cli.main(argv))
    return dict(counts.values, **figures)


def probe_pages(index_dir: str, doc: str) -> dict:
    """Each page type in one warm app: asked for once, then counted."""
    import warnings

    warnings.filterwarnings("ignore", message=".*httpx.*")
    from starlette.testclient import TestClient

    from diarium.web import create_app
    from index.organisations import registry as orgs

    counts = Counts()
    counts.install()
    client = TestClient(create_app(index_dir), base_url="http://127.0.0.1")
    org = max(orgs.organisations(index_dir), key=lambda o: o.documents).id
    body = max(client.get("/committees.json?limit=100").json()["committees"], key=lambda b: b["decisions"])["id"]
    pages = {"home": "/", "search": "/search?q=" + quote("Röda Korset"), "search.json": "/search.json?q=" + quote("Röda Korset"),
             "document": f"/document/{doc}", "case": "/case/" + quote(CASE, safe=""),
             "organisations": "/organisations", "organisation (most documents)": f"/organisation/{org}",
             "organisation.json": f"/organisation/{org}.json", "cases": "/cases", "cases.json": "/cases.json",
             "committees": "/committees", "committees.json": "/committees.json",
             "committee (most decisions)": f"/committee/{body}", "committee.json": f"/committee/{body}.json",
             "document, unknown id": "/document/0123456789abcdef"}
    found = {}
    for name, url in pages.items():
        assert client.get(url).status_code == (404 if "unknown" in name else 200), url
        counts.reset()
        figures = timed(lambda: client.get(url))
        found[name] = dict(counts.values, **figures)
    return found


def probe_every_node(index_dir: str) -> dict:
    """Every case and document of the index traced through one handle."""
    from index.folder import IndexFolder
    from index.show import describe, to_dict
    from index.store import Store

    with Store(index_dir) as store:
        nodes = sorted({n for link in store.links() for n in (link["source"], link["target"])}
                       | {doc_id for doc_id, _, _ in store.extractions()})
    counts = Counts()
    counts.install()

    def run():
        with IndexFolder(index_dir) as folder:
            for node in nodes:
                folder.trace(node)
    figures = timed(run)
    found = {f"trace every case and document ({len(nodes)})": dict(counts.values, **figures)}
    counts.reset()
    figures = timed(lambda: [to_dict(describe(index_dir, node)) for node in nodes])
    found[f"show --json, every case and document ({len(nodes)})"] = dict(counts.values, **figures)
    return found


def sample_index(folder: Path) -> Path:
    from index.importing.importer import import_paths
    from index.organisations.registry import install_corrections

    index_dir = folder / "index"
    install_corrections(index_dir, ROOT / "corpus" / "organisations.json")
    import_paths([str(ROOT / "corpus" / "documents")], index_dir, workers=1, ocr=False)
    return index_dir


def some_document(index_dir: Path) -> str:
    from index.store import Store

    with Store(index_dir) as store:
        return next(doc_id for doc_id, path, _ in store.extractions() if path.endswith("lund_von-2020-388_tjansteskrivelse.txt"))


def child(*args: str) -> dict:
    done = subprocess.run([sys.executable, __file__, *args], cwd=ROOT, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(index_dir: Path, out: Path) -> None:
    doc = some_document(index_dir)
    print(f"{'operation':<40}{'store':>6}{'files':>6}{'engine':>7}{'registry':>9}{'traces':>7}{'seconds':>9}{'cpu s':>7}")
    rows = {name: child("--probe", json.dumps([part.format(out=out, doc=doc) for part in argv] + ["--index", str(index_dir)]))
            for name, argv in COMMANDS.items()}
    rows.update({f"page: {k}": v for k, v in child("--pages", str(index_dir), doc).items()})
    rows.update(child("--every", str(index_dir)))
    for name, c in rows.items():
        print(f"{name:<40}{c['store opens']:>6}{c['registry files']:>6}{c['engine opens']:>7}{c['registry loads']:>9}{c['lineages traced']:>7}"
              f"{c['seconds']:>9.3f}{c['cpu']:>7.3f}")


def graph_cost(links: int) -> None:
    """CPU seconds to read ``links`` generated own-number links into a link graph, to resolve a
    case number typed loosely in it (the nodes' keys made then, once), and to find the lineage
    (the group of the graph) of every node."""
    import random

    from index.linking.lineage import Lineages, LinkGraph

    rng = random.Random(1)
    rows = [{"source": f"{rng.getrandbits(64):016x}", "target": f"KS {rng.randint(1, 99999)}/{rng.randint(1990, 2030)}",
             "type": "same_agreement", "confidence": 1.0, "evidence": {"own_number": True}} for _ in range(links)]
    started = time.process_time()
    graph = LinkGraph(rows)
    built = time.process_time() - started
    started = time.process_time()
    graph.node("ks 2020/0412")
    resolved = time.process_time() - started
    started = time.process_time()
    lineages = Lineages(graph.links_of, lambda _id: None)
    groups = {lineages.members(node) for node in graph.by_node}
    print(f"link graph of {links} links, {len(graph.by_node)} nodes: built in {built:.2f} CPU s; "
          f"first loosely typed case number resolved in {resolved:.2f} CPU s; "
          f"every node's lineage found ({len(groups)} lineages) in {time.process_time() - started:.2f} CPU s")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--index", help="an index folder (default: the sample corpus imported into a temporary one)")
    parser.add_argument("--graph", type=int, metavar="LINKS",
                        help="only time reading LINKS generated links into a link graph")
    parser.add_argument("--probe", help=argparse.SUPPRESS)
    parser.add_argument("--pages", nargs=2, help=argparse.SUPPRESS)
    parser.add_argument("--every", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.probe:
        print(json.dumps(probe_command(json.loads(args.probe))))
        return 0
    if args.pages:
        print(json.dumps(probe_pages(*args.pages)))
        return 0
    if args.every:
        print(json.dumps(probe_every_node(args.every)))
        return 0
    if args.graph:
        graph_cost(args.graph)
        return 0
    with tempfile.TemporaryDirectory(prefix="diarium-handles-") as tmp:
        index_dir = Path(args.index) if args.index else sample_index(Path(tmp))
        (Path(tmp) / "out").mkdir()
        report(index_dir, Path(tmp) / "out")
    return 0


if __name__ == "__main__":
    sys.exit(main())
