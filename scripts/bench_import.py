#!/usr/bin/env python3
"""Reading, extraction and import speed on a generated archive, beside a pdfplumber baseline.

    python scripts/bench_import.py [--docs 200] [--scanned-share 0.02] [--seed 1]
                                   [--workers 2] [--only baseline|reading|extracting|import|ocr|phases|writer]
                                   [--second N] [--archive DIR] [--profile N]
    python scripts/bench_import.py --cluster [--docs 200] [--scans 24] [--workers 2]

Generates its own archive in a temporary folder: multi-page born-digital PDFs (one to six
pages of text built from the sample corpus with every number redrawn, typeset with a
running header, ``N (M)`` page numbers, a rotated stamp and hyphenated line ends; see
``tests/filemaker.py``), and for ``--scanned-share`` of the documents a scanned copy of
one of its pages. Then, one after another and each with ``--workers`` processes, it
measures pages per second and the peak resident memory of the whole process tree for:

- ``baseline``: plain pdfplumber ``extract_text`` on every page;
- ``reading``: Diarium's readers (``extractor.reading.readers.read``);
- ``extracting``: reading and extracting (``extractor.extract_documents``);
- ``import``: ``diarium import`` of the born-digital folder into a fresh index, end to end
  (read, extract, store, index, refresh registry and links), in a process of its own, with
  the peak resident memory of that process (the writer) and of its largest worker beside
  the whole tree's, and the CPU seconds of the writer and of the workers (pages per CPU
  second do not depend on what else the machine runs, wall-clock rates do); with
  ``--second N``, then ``N`` more documents (another ``N`` generated, not among the first)
  imported onto that index, measured the same way;
- ``ocr``: the readers on the scanned pages, against ``tesseract`` alone on the same page
  images at 300 dpi, as many in parallel.
- ``phases`` (only when asked for, with ``--only phases``): where the CPU time of an import
  goes, in CPU seconds per phase (they depend less on the load than wall-clock times do).
  A worker's phases are measured in this process, one file after another: loading the
  extractor, reading each PDF page's text (PDFium and the per-page Python), page layout
  (``layout.join_pages``), extraction, the rest of the result as sent (``to_dict``, the
  masked text) and its pickling. The writer's come from an import of the same files with
  ``--workers`` processes run in this process, each phase's own time (a phase inside
  another counts for itself only): taking the workers' answers, storing each file,
  indexing, the registry, links and browse refreshes, starting workers; beside the
  workers' CPU time in all. The search engine indexes and merges its segments in threads
  of its own: their CPU time counts in whatever phase the writer is in meanwhile (mostly
  waiting for the workers), and is shown apart as well.
- ``writer`` (only when asked for, with ``--only writer``): the writer's half of ``phases``
  alone, for archives too large to read one file after another as well (``--docs 10000``).
The first four, ``phases`` and ``writer`` run on the born-digital files only; run with ``--docs 1000`` and
``--docs 10000`` to see how time and memory grow with the archive. ``--archive DIR`` keeps
the generated archive in ``DIR`` and uses it again on the next run with the same ``--docs``,
``--second``, ``--scanned-share`` and ``--seed`` (10 000 documents take minutes to make).
``--profile N`` prints
where the time goes instead: cProfile of one worker's reading and extraction of ``N`` files,
and of the writer of an import of them with one worker.

With ``--cluster`` it starts a Dask scheduler and single-thread workers on this machine
(``tests/daskcluster.py``) and measures ``diarium import --cluster``: ``--scans`` scanned
one-page PDFs (OCR) through one worker, then through ``--workers`` workers, in pages per
second and the ratio between them; and the born-digital PDFs through the same workers
against a local import with as many worker processes (the overhead of the cluster path).
Workers are warmed up (their reading process started) before each measured run.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests import filemaker  # noqa: E402

MODES = ("baseline", "reading", "extracting", "import", "ocr", "phases", "writer")
DEFAULT_MODES = MODES[:-2]


class PeakMemory:
    """Samples the resident memory of this process and all its descendants (from /proc);
    with ``root``, also the peak of that process (the writer) and of the largest of its
    descendants (a worker)."""

    def __init__(self, interval: float = 0.05):
        self.interval, self.peak, self._stop = interval, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self.root: int | None = None
        self.root_peak = self.child_peak = 0
        self.root_cpu = 0.0  # CPU seconds of the writer itself, as last seen

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()

    def _run(self):
        while not self._stop.is_set():
            self.peak = max(self.peak, sum(_rss(pid) for pid in _tree(os.getpid())))
            if self.root:
                self.root_peak = max(self.root_peak, _rss(self.root))
                self.root_cpu = max(self.root_cpu, _cpu(self.root))
                self.child_peak = max([self.child_peak] + [_rss(pid) for pid in _tree(self.root)[1:]])
            self._stop.wait(self.interval)

    @property
    def mb(self) -> float:
        return self.peak / 1024


def _tree(pid: int) -> list[int]:
    pids, todo = [], [pid]
    while todo:
        current = todo.pop()
        pids.append(current)
        for task in Path(f"/proc/{current}/task").glob("*/children"):
            try:
                todo += [int(p) for p in task.read_text().split()]
            except OSError:
                pass
    return pids


def _cpu(pid: int) -> float:
    """User and system CPU seconds a process has used itself (not its children)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, IndexError, ValueError):
        return 0.0


def _rss(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def make_archive(folder: Path, docs: int, scanned_share: float, seed: int, second: int = 0):
    """Write the archive, or take the one an earlier run with the same settings left in
    ``folder``; return (born-digital paths, pages), (scanned paths, pages), (the ``second``
    documents' paths, pages). The first ``docs`` documents are the same whatever ``second`` is."""
    settings = {"docs": docs, "scanned_share": scanned_share, "seed": seed, "second": second}
    kept = folder / "archive.json"
    if kept.exists():
        made = json.loads(kept.read_text("utf-8"))
        if made["settings"] == settings:
            return tuple(([folder / p for p in made[part]["paths"]], made[part]["pages"])
                         for part in ("digital", "scanned", "more"))
        raise SystemExit(f"{folder}: holds an archive made with {made['settings']}, not {settings}")
    rng = random.Random(seed)
    digital, scanned, more, pages, scanned_pages, more_pages = [], [], [], 0, 0, 0
    (folder / "digital").mkdir(parents=True, exist_ok=True)
    (folder / "more").mkdir(exist_ok=True)
    for i, text in enumerate(filemaker.varied_texts(ROOT / "corpus" / "documents", docs + second, seed)):
        data = filemaker.pdf_bytes(text)
        count = _page_count(data)
        if i >= docs:
            path = folder / "more" / f"{i:05d}.pdf"
            path.write_bytes(data)
            more.append(path)
            more_pages += count
            continue
        path = folder / "digital" / f"{i:05d}.pdf"
        path.write_bytes(data)
        digital.append(path)
        pages += count
        if rng.random() < scanned_share:
            scan = filemaker.scanned_pdf(folder / f"{i:05d}_skannad.pdf", data, pages=[0], dpi=200, noise=200)
            page_only = _first_page(scan, folder / f"{i:05d}_skannad_s1.pdf")
            scanned.append(page_only)
            scanned_pages += 1
    made = {"settings": settings}
    for part, paths, count in (("digital", digital, pages), ("scanned", scanned, scanned_pages),
                               ("more", more, more_pages)):
        made[part] = {"paths": [str(p.relative_to(folder)) for p in paths], "pages": count}
    kept.write_text(json.dumps(made), "utf-8")
    return (digital, pages), (scanned, scanned_pages), (more, more_pages)


def _page_count(data: bytes) -> int:
    import pypdfium2 as pdfium
    return len(pdfium.PdfDocument(data))


def _first_page(path: Path, out: Path) -> Path:
    import pypdfium2 as pdfium
    single = pdfium.PdfDocument.new()
    single.import_pages(pdfium.PdfDocument(str(path)), [0])
    single.save(str(out))
    path.unlink()
    return out


def _baseline(path: str) -> int:
    import pdfplumber
    with pdfplumber.open(path) as pdf:
        return sum(len(page.extract_text() or "") for page in pdf.pages)


def _reading(path: str) -> int:
    from extractor.reading.readers import read
    return len(read(path).text)


def _extracting(path: str) -> int:
    from extractor import extract_documents
    return sum(len(e.amounts) for e in extract_documents(path))


def _in_pool(function, paths, workers: int) -> float:
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(function, [str(p) for p in paths[:workers]]))  # warm the workers up
        start = time.perf_counter()
        list(pool.map(function, [str(p) for p in paths], chunksize=4))
        return time.perf_counter() - start


def _import(paths, workers: int) -> tuple[float | None, str]:
    try:
        from index.importing.importer import import_paths
    except ImportError as exc:
        return None, f"not available yet ({exc})"
    with tempfile.TemporaryDirectory() as index_dir:
        start = time.perf_counter()
        summary = import_paths([str(p) for p in paths], index_dir, workers=workers)
        seconds = time.perf_counter() - start
    counts = summary.to_dict().get("counts", {})
    return seconds, f"statuses {counts}" if counts else ""


def _import_command(folder: Path, index_dir: str, workers: int, memory: PeakMemory) -> tuple[float, str]:
    """``diarium import FOLDER`` into ``index_dir``, in a process of its own (the writer)."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    child = subprocess.Popen([sys.executable, "-m", "diarium", "import", str(folder), "--index", index_dir,
                              "--workers", str(workers), "--json"], cwd=ROOT, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True)
    memory.root = child.pid
    out, err = child.communicate()
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    memory.tree_cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    if child.returncode:
        return seconds, f"failed ({child.returncode}): {err.strip()[-300:]}"
    counts = json.loads(out)["counts"]
    return seconds, f"statuses {counts}"


def report_import(label: str, folder: Path, index_dir: str, pages: int, workers: int) -> None:
    with PeakMemory() as memory:
        seconds, note = _import_command(folder, index_dir, workers, memory)
    report(label, pages, seconds, memory, note)
    print(f"{'':<34} peak MB: writer {memory.root_peak / 1024:.0f}, largest worker "
          f"{memory.child_peak / 1024:.0f}; load average (1 min) at the end {os.getloadavg()[0]:.1f} "
          f"on {os.cpu_count()} cores")
    cpu = getattr(memory, "tree_cpu", 0.0)
    if cpu:
        print(f"{'':<34} CPU s: {cpu:.1f} in all ({pages / cpu:.1f} pages per CPU second), writer "
              f"{memory.root_cpu:.1f}, workers {cpu - memory.root_cpu:.1f}", flush=True)


def profile(paths: list[Path], count: int) -> None:
    """Where the time goes: a worker's reading and extraction, and the writer, on ``count`` files."""
    import cProfile
    import pstats

    from index.importing.workers import read_and_extract
    from extractor.pipeline import extract_text

    extract_text("Förberedelse.")
    chosen = paths[:count]
    worker = cProfile.Profile()
    worker.enable()
    for path in chosen:
        read_and_extract(str(path), True)
    worker.disable()
    print(f"--- worker: reading and extracting {len(chosen)} files (cumulative, top 25)")
    pstats.Stats(worker, stream=sys.stdout).sort_stats("cumulative").print_stats(25)
    pstats.Stats(worker, stream=sys.stdout).sort_stats("tottime").print_stats(15)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "files"
        folder.mkdir()
        for path in chosen:
            os.link(path, folder / path.name)
        out = Path(tmp) / "writer.prof"
        subprocess.run([sys.executable, "-m", "cProfile", "-o", str(out), "-m", "diarium", "import", str(folder),
                        "--index", str(Path(tmp) / "index"), "--workers", "1", "--json"], cwd=ROOT, check=True,
                       capture_output=True)
        print(f"--- writer: importing {len(chosen)} files with one worker (cumulative, top 30)")
        pstats.Stats(str(out), stream=sys.stdout).sort_stats("cumulative").print_stats(30)
        pstats.Stats(str(out), stream=sys.stdout).sort_stats("tottime").print_stats(20)


class PhaseClock:
    """CPU seconds per phase, each phase's own: while a phase runs inside another, the
    outer one's clock stands still."""

    def __init__(self):
        self.seconds: dict[str, float] = {}
        self._stack: list[str] = []
        self._mark = 0.0

    def _switch(self, now: float) -> None:
        if self._stack:
            label = self._stack[-1]
            self.seconds[label] = self.seconds.get(label, 0.0) + now - self._mark
        self._mark = now

    def wrap(self, owner, name: str, label: str) -> None:
        """Count the time of ``owner.name`` (a function or method) as ``label``."""
        function = getattr(owner, name)

        def timed(*args, **kwargs):
            self._switch(time.process_time())
            self._stack.append(label)
            try:
                return function(*args, **kwargs)
            finally:
                self._switch(time.process_time())
                self._stack.pop()

        setattr(owner, name, timed)

    def wrap_generator(self, owner, name: str, label: str) -> None:
        """As :meth:`wrap`, for a generator function: its steps count, not what its consumer does."""
        function = getattr(owner, name)
        clock = self

        def timed(*args, **kwargs):
            inner = function(*args, **kwargs)
            while True:
                clock._switch(time.process_time())
                clock._stack.append(label)
                try:
                    item = next(inner)
                except StopIteration:
                    return
                finally:
                    clock._switch(time.process_time())
                    clock._stack.pop()
                yield item

        setattr(owner, name, timed)


def phases(paths: list[Path], pages: int, workers: int) -> None:
    """Where an import's CPU time goes (see the module docstring, ``phases``)."""
    worker_phases(paths, pages)
    writer_phases(paths, pages, workers)


def worker_phases(paths: list[Path], pages: int) -> None:
    """A worker's CPU seconds per phase, its files read and extracted one after another here."""
    import pickle

    from extractor import pipeline
    from extractor.reading import pdf
    from index.importing import workers as worker_side

    clock = PhaseClock()
    started = time.process_time()
    worker_side.prepare()
    load = time.process_time() - started
    clock.wrap(pdf, "read_pdf", "reading PDFs (PDFium, each page's text)")
    clock.wrap(pdf, "join_pages", "page layout (join_pages)")
    clock.wrap(pipeline, "extract_source", "extraction")
    for path in paths:
        payload = worker_side.read_and_extract(str(path), True)
        start = time.process_time()
        pickle.dumps(("ok", payload), protocol=pickle.HIGHEST_PROTOCOL)
        clock.seconds["pickling the result"] = clock.seconds.get("pickling the result", 0.0) + \
            time.process_time() - start
    total = time.process_time() - started - load
    clock.seconds["the rest (reading the file, to_dict, masking)"] = total - sum(clock.seconds.values())
    print(f"{'a worker, one file after another':<48} {'CPU s':>8} {'share':>7} {'pages/CPU s':>12}")
    print(f"{'loading the extractor (once per process)':<48} {load:>8.2f}")
    for label, seconds in clock.seconds.items():
        print(f"{label:<48} {seconds:>8.2f} {seconds / total:>7.1%} {pages / max(seconds, 1e-9):>12.0f}")
    print(f"{'in all':<48} {total:>8.2f} {1:>7.0%} {pages / total:>12.1f}", flush=True)


def writer_phases(paths: list[Path], pages: int, workers: int) -> None:
    """The writer's CPU seconds per phase in an import of ``paths`` run in this process, beside
    the workers' CPU seconds in all."""
    from multiprocessing.connection import Connection

    from index import browse
    from index.importing import importer, workers as worker_side
    from index.linking import refresh as link_refresh
    from index.organisations import registry

    clock = PhaseClock()
    clock.wrap(Connection, "recv", "taking the workers' answers (unpickling)")
    clock.wrap(importer.Importer, "_finish", "storing each file (one transaction)")
    clock.wrap(importer.Importer, "_flush", "indexing (search engine)")
    clock.wrap_generator(importer.Importer, "_serving", "indexing (search engine)")
    clock.wrap(registry, "refresh", "organisation registry refresh")
    clock.wrap(link_refresh, "refresh", "links refresh")
    clock.wrap(browse, "refresh", "browse lists refresh")
    clock.wrap(worker_side, "prepare", "loading the extractor before forking")
    clock.wrap(importer._Worker, "__init__", "starting workers (fork)")
    before, children = time.process_time(), resource.getrusage(resource.RUSAGE_CHILDREN)
    main_before = time.thread_time()
    with tempfile.TemporaryDirectory() as index_dir:
        wall = time.perf_counter()
        summary = importer.import_paths([str(p) for p in paths], index_dir, workers=workers)
        wall = time.perf_counter() - wall
    writer = time.process_time() - before
    engine_threads = writer - (time.thread_time() - main_before)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    worker_cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
    clock.seconds["the rest of the writer (planning, waiting)"] = writer - sum(clock.seconds.values())
    print(f"{f'the writer, importing with {workers} workers':<48} {'CPU s':>8} {'share':>7} {'pages/CPU s':>12}")
    for label, seconds in clock.seconds.items():
        print(f"{label:<48} {seconds:>8.2f} {seconds / writer:>7.1%} {pages / max(seconds, 1e-9):>12.0f}")
    print(f"{'the writer in all':<48} {writer:>8.2f} {1:>7.0%} {pages / writer:>12.1f}")
    print(f"{'  of it in the search engine threads':<48} {engine_threads:>8.2f} {engine_threads / writer:>7.1%} "
          f"{pages / max(engine_threads, 1e-9):>12.0f}")
    print(f"{'the workers in all':<48} {worker_cpu:>8.2f} {'':>7} {pages / worker_cpu:>12.1f}")
    print(f"import: {summary.counts['imported']} files, {pages / wall:.1f} pages/s ({wall:.1f} s), "
          f"{pages / (writer + worker_cpu):.1f} pages per CPU second; load average (1 min) "
          f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)


def _tesseract_alone(images: list[Path], workers: int) -> float:
    from extractor.reading.ocr import tesseract_command
    env = {**os.environ, "OMP_THREAD_LIMIT": "1"}
    command = [c for c in tesseract_command() if c != "stdin"]

    def run(image: Path):
        subprocess.run(command[:1] + [str(image)] + command[1:], capture_output=True, env=env, timeout=300, check=True)
    start = time.perf_counter()
    with __import__("concurrent.futures").futures.ThreadPoolExecutor(workers) as pool:
        list(pool.map(run, images))
    return time.perf_counter() - start


def _page_images(paths, folder: Path) -> list[Path]:
    """The scanned pages rendered as the reader renders them (300 dpi greyscale), as PGM files."""
    import pypdfium2 as pdfium
    from extractor.reading.ocr import pgm
    from extractor.reading.pdf import render
    images = []
    for path in paths:
        image = folder / (path.stem + ".pgm")
        image.write_bytes(pgm(render(pdfium.PdfDocument(str(path))[0])))
        images.append(image)
    return images


def report(name: str, pages: int, seconds, memory, note: str = "") -> None:
    if seconds is None:
        print(f"{name:<34} {'-':>10} {'-':>10} {'-':>9}  {note}")
        return
    print(f"{name:<34} {pages / seconds:>10.1f} {seconds:>10.2f} {memory.mb:>9.0f}  {note}", flush=True)


def make_scans(folder: Path, count: int, seed: int) -> list[Path]:
    """``count`` scanned one-page PDFs (200 dpi, specks), each of another generated document."""
    scans = []
    for i, text in enumerate(filemaker.varied_texts(ROOT / "corpus" / "documents", count, seed + 1, pages=(1, 1))):
        scans.append(filemaker.scanned_pdf(folder / f"skannad_{i:04d}.pdf", filemaker.pdf_bytes(text),
                                           pages=[0], dpi=200, noise=200, seed=seed + i))
    return scans


def _cluster_import(paths, address: str, **options) -> tuple[float, dict]:
    from index.importing.importer import import_paths
    with tempfile.TemporaryDirectory() as index_dir:
        start = time.perf_counter()
        summary = import_paths([str(p) for p in paths], index_dir, cluster=address, **options)
        return time.perf_counter() - start, summary.to_dict()["counts"]


def _warm_up(address: str, folder: Path, workers: int) -> None:
    """Start every worker's reading process: a few tiny files per worker, in one import."""
    warm = folder / "warm"
    warm.mkdir(exist_ok=True)
    for i in range(4 * workers):
        (warm / f"{workers}_{i}.txt").write_text(f"Tjänsteskrivelse\nDnr KS 2024/{i + 1}\n", encoding="utf-8")
    _cluster_import(sorted(warm.glob(f"{workers}_*.txt")), address)


def run_cluster(folder: Path, digital: list[Path], pages: int, scans: list[Path], workers: int) -> None:
    from tests.daskcluster import LocalDaskCluster

    print(f"{'through the cluster':<34} {'pages/s':>10} {'seconds':>10} {'peak MB':>9}")
    rates = {}
    with LocalDaskCluster(folder / "dask", workers=1) as cluster:
        for count in sorted({1, workers}):
            while len(cluster.workers) < count:
                cluster.workers.append(cluster.add_worker())
            cluster.wait_for_workers(count)
            _warm_up(cluster.address, folder, count)
            with PeakMemory() as memory:
                seconds, counts = _cluster_import(scans, cluster.address)
            rates[count] = len(scans) / seconds
            report(f"scanned, {count} worker(s) x 1 thread", len(scans), seconds, memory, f"statuses {counts}")
        if len(rates) > 1:
            print(f"ratio {workers} workers / 1 worker: {rates[workers] / rates[1]:.2f}x")
        with PeakMemory() as memory:
            seconds, counts = _cluster_import(digital, cluster.address)
        report(f"born-digital, {workers} workers", pages, seconds, memory, f"statuses {counts}")
    with PeakMemory() as memory:
        local, note = _import(digital, workers)
    report(f"born-digital, local, {workers} processes", pages, local, memory, note)
    print(f"cluster path / local: {local / seconds:.2f} of the local rate")
    print(f"load average (1 min) at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--scanned-share", type=float, default=0.02, help="share of documents with a scanned page")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", choices=MODES, action="append", help="run only these (repeatable)")
    parser.add_argument("--cluster", action="store_true", help="measure imports on a local Dask cluster instead")
    parser.add_argument("--scans", type=int, default=24, help="with --cluster: scanned one-page PDFs")
    parser.add_argument("--profile", type=int, metavar="N", help="profile a worker and the writer on N files")
    parser.add_argument("--second", type=int, default=0, metavar="N",
                        help="then import N more documents onto the index of the first import")
    parser.add_argument("--archive", type=Path, metavar="DIR", help="keep the archive in DIR, or use the one there")
    args = parser.parse_args(argv)
    modes = args.only or DEFAULT_MODES
    with tempfile.TemporaryDirectory(prefix="diarium-bench-") as tmp:
        folder = Path(args.archive or tmp)
        start = time.perf_counter()
        (digital, pages), (scanned, scanned_pages), (more, more_pages) = make_archive(
            folder, args.docs, args.scanned_share, args.seed, args.second)
        size = sum(p.stat().st_size for p in digital) / 1e6
        if args.cluster:
            scans = make_scans(folder, args.scans, args.seed)
            print(f"archive: {len(digital)} born-digital PDFs, {pages} pages, {size:.1f} MB; {len(scans)} scanned "
                  f"one-page PDFs (made in {time.perf_counter() - start:.0f} s); workers: {args.workers}; "
                  f"load average (1 min) {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
            run_cluster(folder, digital, pages, scans, args.workers)
            return 0
        print(f"archive: {len(digital)} born-digital PDFs, {pages} pages, {size:.1f} MB; "
              f"{len(scanned)} scanned pages" + (f"; {len(more)} more PDFs, {more_pages} pages" if more else "")
              + f" (made in {time.perf_counter() - start:.0f} s); workers: {args.workers}; load average (1 min) "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores", flush=True)
        print(f"{'born-digital pages':<34} {'pages/s':>10} {'seconds':>10} {'peak MB':>9}")
        for mode, function in (("baseline", _baseline), ("reading", _reading), ("extracting", _extracting)):
            if mode in modes:
                label = {"baseline": "pdfplumber extract_text (baseline)", "reading": "reading (extractor.reading)",
                         "extracting": "reading + extracting"}[mode]
                with PeakMemory() as memory:
                    seconds = _in_pool(function, digital, args.workers)
                report(label, pages, seconds, memory)
        if args.profile:
            profile(digital, args.profile)
            return 0
        if "phases" in modes:
            phases(digital, pages, args.workers)
        elif "writer" in modes:
            writer_phases(digital, pages, args.workers)
        if "import" in modes:
            with tempfile.TemporaryDirectory(prefix="diarium-bench-index-") as index_dir:
                report_import("import end to end (diarium import)", folder / "digital", index_dir, pages,
                              args.workers)
                if more:
                    report_import(f"{len(more)} more onto that index", folder / "more", index_dir, more_pages,
                                  args.workers)
        if "ocr" in modes and scanned:
            print(f"{'scanned pages (OCR, 300 dpi)':<34} {'pages/s':>10} {'seconds':>10} {'peak MB':>9}")
            images = _page_images(scanned, folder)
            with PeakMemory() as memory:
                seconds = _tesseract_alone(images, args.workers)
            report("tesseract alone", scanned_pages, seconds, memory)
            with PeakMemory() as memory:
                seconds = _in_pool(_reading, scanned, args.workers)
            report("reading (render + OCR)", scanned_pages, seconds, memory)
    return 0


if __name__ == "__main__":
    sys.exit(main())
