#!/usr/bin/env python3
"""Where the importing process's (the writer's) memory and CPU time go as the index grows.

    python scripts/bench_writer.py SOURCE_INDEX [--marks 1000,10000] [--preload] [--snapshots] [--trace]
    python scripts/bench_writer.py --texts DIR [--docs 10000]

The second form writes an archive to import for the first: ``--docs`` text files of the
documents ``scripts/bench_import.py`` typesets as PDFs (``tests/filemaker.varied_texts``,
seed 1), so that ``diarium import DIR --index SOURCE_INDEX`` makes a source index without
the PDF reading.

Replays the writer's side of an import from an index made earlier (``diarium import DIR
--index SOURCE_INDEX``), without the workers: each imported file's stored documents are
recorded again into a fresh index in a temporary folder, one file per transaction as the
importer does (after the manifest look-ups its planning makes), fed to the search engine in
its batches, and at the end the engine's last commit and the three refreshes of
``index.importing.importer.refresh_derived`` (registry, links, browse lists) run.

Every step is measured apart: its CPU seconds (of the thread that runs it; what the search
engine's own threads spend indexing and merging segments, meanwhile and later, is a row of
its own), and its own peak of resident memory (the
kernel's high-water mark of this process, reset before each call through
``/proc/self/clear_refs``, so a step's peak is what it reached, not what an earlier step
did). At each mark (documents stored so far) and at the end it prints, per step, the
calls, CPU seconds and the highest peak, beside the resident memory then (anonymous and
file-backed apart), the memory SQLite holds (its page caches and statements, from
``sqlite3_status64``) and the caches that grow with what was read.

``--preload`` first loads the extractor as the importer does before it forks its workers,
so the figures include what that costs the writer. ``--snapshots`` takes ``tracemalloc``
snapshots (10 frames) at the first and last mark and prints the 30 largest growths between
them by traceback (``--top``): Python objects only, not SQLite's or the engine's own memory;
tracing slows every step, so the CPU figures of such a run are not comparable. ``--trace``
reports the peak of the Python objects each refresh allocated (``tracemalloc`` for those
steps only).
"""

from __future__ import annotations

import argparse
import ctypes
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index import browse  # noqa: E402
from index.importing import importer, workers as worker_side  # noqa: E402
from index.linking import refresh as link_refresh  # noqa: E402
from extractor.facts import names  # noqa: E402
from index.organisations import registry  # noqa: E402
from index.search import analysis  # noqa: E402
from index.search.engine import open_index  # noqa: E402
from index.store import Store  # noqa: E402


def _status(field: str) -> float:
    """A ``/proc/self/status`` field in MB (``VmRSS``, ``VmHWM``, ``RssAnon``, ``RssFile``)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(field + ":"):
            return int(line.split()[1]) / 1024
    return 0.0


def rss_mb() -> float:
    return _status("VmRSS")


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def reset_peak() -> bool:
    """Set the kernel's high-water mark of this process (``VmHWM``) to its present RSS."""
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False


_SQLITE = None


def sqlite_memory() -> tuple[float, float, float]:
    """``(in use, highest since the last call, page caches)`` of SQLite in this process, in MB."""
    global _SQLITE
    if _SQLITE is None:
        try:
            _SQLITE = ctypes.CDLL("libsqlite3.so.0")  # the library the sqlite3 module loaded
        except OSError:
            _SQLITE = False
    if not _SQLITE:
        return 0.0, 0.0, 0.0
    now, high = ctypes.c_longlong(), ctypes.c_longlong()
    _SQLITE.sqlite3_status64(0, ctypes.byref(now), ctypes.byref(high), 1)  # SQLITE_STATUS_MEMORY_USED
    cache, _ = ctypes.c_longlong(), ctypes.c_longlong()
    _SQLITE.sqlite3_status64(2, ctypes.byref(cache), ctypes.byref(_), 0)  # SQLITE_STATUS_PAGECACHE_OVERFLOW
    return now.value / 2**20, high.value / 2**20, cache.value / 2**20


def mappings(index_dir: Path) -> str:
    """This process's resident memory by what is mapped (``/proc/self/smaps``): the search
    engine's segment files, other files (shared libraries, the store's shared memory), the
    C heap (glibc's, where SQLite and the engine allocate) and anonymous mappings (Python's
    arenas, large blocks, threads' heaps)."""
    kinds = {"engine segment files": 0, "other files": 0, "heap": 0, "anonymous": 0}
    kind = "anonymous"
    engine = str(index_dir)
    try:
        lines = Path("/proc/self/smaps").read_text().splitlines()
    except OSError:
        return ""
    for line in lines:
        head = line.split(maxsplit=5)
        if len(head) >= 5 and "-" in head[0] and ":" not in head[0]:
            name = head[5] if len(head) > 5 else ""
            kind = ("heap" if name == "[heap]" else "anonymous" if not name.startswith("/")
                    else "engine segment files" if name.startswith(engine) and "store.sqlite" not in name
                    else "other files")
        elif line.startswith("Rss:"):
            kinds[kind] += int(line.split()[1])
    return ", ".join(f"{k} {v / 1024:.1f}" for k, v in kinds.items())


class Steps:
    """CPU seconds and the peak resident memory of each step, over all its calls."""

    def __init__(self, index_dir: Path):
        self.index_dir = index_dir
        self.rows: dict[str, list] = {}  # name -> [calls, CPU s, peak MB, RSS growth MB]
        self.exact = reset_peak()
        self.started = (time.process_time(), time.thread_time())

    def run(self, name: str, step, *args, **options):
        row = self.rows.setdefault(name, [0, 0.0, 0.0, 0.0])
        before = rss_mb()
        if self.exact:
            reset_peak()
        started = time.thread_time()
        result = step(*args, **options)
        row[1] += time.thread_time() - started
        row[0] += 1
        row[2] = max(row[2], _status("VmHWM") if self.exact else peak_mb())
        row[3] = max(row[3], (_status("VmHWM") if self.exact else peak_mb()) - before)
        return result

    def table(self, heading: str) -> None:
        print(f"{heading}: RSS {rss_mb():.1f} MB (anonymous {_status('RssAnon'):.1f}, files {_status('RssFile'):.1f}), "
              f"peak {peak_mb():.1f} MB; SQLite {'in use {:.1f} MB, highest {:.1f}, page caches {:.1f}'.format(*sqlite_memory())}; "
              f"words {len(analysis._gapped)} (+{len(analysis._forms)}), name keys {names.name_key.cache_info().currsize}")
        print(f"  resident by mapping (MB): {mappings(self.index_dir)}")
        print(f"  {'step':<38}{'calls':>7}{'CPU s':>9}{'peak MB':>9}{'above RSS before':>18}")
        for name, (calls, cpu, peak, growth) in self.rows.items():
            print(f"  {name:<38}{calls:>7}{cpu:>9.2f}{peak:>9.1f}{growth:>18.1f}")
        process, thread = time.process_time() - self.started[0], time.thread_time() - self.started[1]
        label = "the engine's threads (indexing, merges)"
        print(f"  {label:<38}{'':>7}{process - thread:>9.2f}")
        print(f"  {'the process in all':<38}{'':>7}{process:>9.2f}", flush=True)


def _plan(store: Store, path: str, sha256: str) -> None:
    """The manifest look-ups the importer's planning makes for a new file."""
    store.file(path)
    store.imported_path_of(sha256)


def replay(source: Path, target: Path, marks: list[int], trace: bool, snapshots: bool, top: int) -> None:
    steps = Steps(target)
    old = Store(source)
    store = Store(target, create=True)
    store.acquire_writer_lock()
    run = importer.Importer(target)
    run.store, run.engine = store, open_index(target, create=True)
    paths = [r[0] for r in old.db.execute("SELECT path FROM files WHERE status = 'imported' ORDER BY path")]
    first: tracemalloc.Snapshot | None = None
    if snapshots:
        tracemalloc.start(10)
    stored, last = 0, marks[-1] if marks else None
    for path in paths:
        record = old.file(path)
        documents = list(old.documents(old.documents_of_path(path)))
        steps.run("planning (manifest look-ups)", _plan, store, path, record.sha256)
        steps.run("storing each file (one transaction)", run._record, record, documents, replace=True)
        run._to_index += [d.id for d in documents]
        stored += len(documents)
        del documents
        if len(run._to_index) >= importer.INDEX_BATCH:
            steps.run("engine batches (add, commit)", run._flush)
        if marks and stored >= marks[0]:
            mark = marks.pop(0)
            if snapshots and first is None:
                first = tracemalloc.take_snapshot()
            elif snapshots and mark == last:
                _compare(first, tracemalloc.take_snapshot(), top)
            steps.table(f"{stored} documents stored")
            if not marks:
                break
    if snapshots:
        tracemalloc.stop()
    steps.run("engine's last commit (merging)", run._flush, True)
    if trace:
        tracemalloc.start()
    writing = browse._write

    def timed_write(*args):
        return steps.run("browse lists' file written", writing, *args)
    browse._write = timed_write
    try:
        for name, step in (("registry refresh", lambda: registry.refresh(store)),
                           ("links refresh", lambda: link_refresh.refresh(store)),
                           ("browse lists refresh (in all)", lambda: browse.refresh(store))):
            steps.run(name, step)
            importer.release_memory()
            if trace:
                print(f"  {name}: Python objects' peak {tracemalloc.get_traced_memory()[1] / 1e6:.1f} MB")
                tracemalloc.reset_peak()
    finally:
        browse._write = writing
    steps.run("stale mark cleared", store.set_meta, importer.STALE, False)
    steps.table("at the end")
    run.engine.close()
    store.close()
    old.close()


def _compare(first: tracemalloc.Snapshot, second: tracemalloc.Snapshot, top: int) -> None:
    """The largest growths of Python objects between two snapshots, by traceback."""
    ignore = [tracemalloc.Filter(False, tracemalloc.__file__)]
    diffs = second.filter_traces(ignore).compare_to(first.filter_traces(ignore), "traceback")
    growth = sum(d.size_diff for d in diffs)
    print(f"Python objects between the marks: {growth / 2**20:+.1f} MB in all; the {top} largest growths:")
    for diff in diffs[:top]:
        print(f"  {diff.size_diff / 2**20:+8.2f} MB {diff.count_diff:+8d} blocks, now {diff.size / 2**20:.2f} MB")
        for frame in list(diff.traceback)[-6:]:
            print(f"      {Path(frame.filename).relative_to(ROOT) if frame.filename.startswith(str(ROOT)) else frame.filename}"
                  f":{frame.lineno}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, nargs="?", help="an index folder made by diarium import")
    parser.add_argument("--texts", type=Path, metavar="DIR", help="write an archive of text files to DIR instead")
    parser.add_argument("--docs", type=int, default=10000, help="with --texts: how many documents")
    parser.add_argument("--marks", default="1000,3500", help="report after this many documents (comma-separated)")
    parser.add_argument("--preload", action="store_true", help="load the extractor first, as an import's writer does")
    parser.add_argument("--snapshots", action="store_true", help="tracemalloc growth between the first and last mark")
    parser.add_argument("--top", type=int, default=30, help="with --snapshots: how many growths to show")
    parser.add_argument("--trace", action="store_true", help="the Python objects' peak of each refresh step")
    args = parser.parse_args(argv)
    if args.texts:
        from tests import filemaker

        args.texts.mkdir(parents=True, exist_ok=True)
        for i, text in enumerate(filemaker.varied_texts(ROOT / "corpus" / "documents", args.docs, 1)):
            (args.texts / f"{i:05d}.txt").write_text(text, "utf-8")
        print(f"{args.docs} texts written to {args.texts}")
        return 0
    if args.source is None:
        parser.error("an index folder, or --texts DIR")
    marks = sorted(int(m) for m in args.marks.split(",") if m)
    if args.preload:
        started = time.process_time()
        worker_side.prepare()
        print(f"extractor loaded: {time.process_time() - started:.2f} CPU s, RSS {rss_mb():.1f} MB", flush=True)
    with tempfile.TemporaryDirectory(prefix="diarium-bench-writer-") as tmp:
        replay(args.source, Path(tmp) / "index", marks, args.trace, args.snapshots, args.top)
    return 0


if __name__ == "__main__":
    sys.exit(main())
