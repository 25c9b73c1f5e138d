#!/usr/bin/env python3
"""Where the importing process's (the writer's) memory goes as the index grows.

    python scripts/bench_writer.py SOURCE_INDEX [--marks 1000,3500] [--trace]

Replays the writer's side of an import from an index made earlier (``diarium import DIR
--index SOURCE_INDEX``), without the workers: each imported file's stored documents are
recorded again into a fresh index in a temporary folder, one file per transaction as the
importer does, fed to the search engine in its batches, and at the end the registry, the
links and the browse lists are refreshed (``index.importing.importer.refresh_derived``'s
three steps). At each mark (documents stored so far) and after each refresh step it prints
the resident memory (RSS) and the peak so far of this process, and at the end the sizes of
the caches that grow with what was read. With ``--trace`` each refresh step also reports the
peak of the Python objects it allocated (``tracemalloc``), which leaves out the memory
SQLite and the search engine allocate themselves.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from index import browse  # noqa: E402
from index.importing import importer  # noqa: E402
from index.linking import refresh as link_refresh  # noqa: E402
from index.organisations import names, registry  # noqa: E402
from index.search import analysis  # noqa: E402
from index.search.engine import open_index  # noqa: E402
from index.store import Store  # noqa: E402


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


def peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def replay(source: Path, target: Path, marks: list[int], trace: bool) -> None:
    old = Store(source)
    store = Store(target, create=True)
    store.acquire_writer_lock()
    run = importer.Importer(target)
    run.store, run.engine = store, open_index(target, create=True)
    paths = [r[0] for r in old.db.execute("SELECT path FROM files WHERE status = 'imported' ORDER BY path")]
    started, stored = time.process_time(), 0
    for path in paths:
        documents = list(old.documents(old.documents_of_path(path)))
        run._record(old.file(path), documents, replace=True)
        run._to_index += [d.id for d in documents]
        run._flush()
        stored += len(documents)
        if marks and stored >= marks[0]:
            marks.pop(0)
            print(f"{stored:>6} documents stored: RSS {rss_mb():6.1f} MB, peak {peak_mb():6.1f} MB, "
                  f"CPU {time.process_time() - started:6.1f} s", flush=True)
            if not marks:
                break
    run._flush(force=True)
    print(f"{'':>6} engine's last commit: RSS {rss_mb():6.1f} MB, peak {peak_mb():6.1f} MB", flush=True)
    if trace:
        tracemalloc.start()
    for name, step in (("registry", lambda: registry.refresh(store)), ("links", lambda: link_refresh.refresh(store)),
                       ("browse lists", lambda: browse.refresh(store))):
        started = time.process_time()
        step()
        importer.release_memory()
        traced = ""
        if trace:
            traced = f", Python objects' peak {tracemalloc.get_traced_memory()[1] / 1e6:.1f} MB"
            tracemalloc.reset_peak()
        print(f"{'':>6} {name} refreshed: RSS {rss_mb():6.1f} MB, peak {peak_mb():6.1f} MB, "
              f"CPU {time.process_time() - started:6.1f} s{traced}", flush=True)
    print(f"caches: words {len(analysis._gapped)} (+{len(analysis._forms)}), "
          f"name keys {names.name_key.cache_info().currsize}")
    run.engine.close()
    store.close()
    old.close()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", type=Path, help="an index folder made by diarium import")
    parser.add_argument("--marks", default="1000,3500", help="report after this many documents (comma-separated)")
    parser.add_argument("--trace", action="store_true", help="the Python objects' peak of each refresh step")
    args = parser.parse_args(argv)
    marks = sorted(int(m) for m in args.marks.split(",") if m)
    with tempfile.TemporaryDirectory(prefix="diarium-bench-writer-") as tmp:
        replay(args.source, Path(tmp) / "index", marks, args.trace)
    return 0


if __name__ == "__main__":
    sys.exit(main())
