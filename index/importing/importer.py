"""Bulk import: read and extract files in parallel worker processes, store and index them.

One writer (this process) and ``N`` workers. The writer walks the paths, decides from the
manifest what needs work (new, changed, a newer pipeline version, or with ``retry_failed``
the files that failed), hashes each file so the same bytes under another path become a
duplicate, and hands the rest to the workers. Each finished file is committed to the store
in one transaction, so an interruption (Ctrl-C or ``kill -9``) loses nothing committed and
the next run carries on where this one stopped. The search engine is fed in batches from
the store; documents it has not confirmed keep ``indexed = 0`` and are indexed on the next
run.

A worker that spends more than ``file_timeout`` seconds of CPU time on one file is stopped
by the kernel (``RLIMIT_CPU``, raised afresh before each file) and the file recorded as
failed; each worker runs under an address-space limit, so a pathological PDF fails with a
reason instead of hanging or exhausting the machine. A file that makes no progress at all
(a stalled network mount) is stopped after ``STALL_FACTOR`` times that in wall-clock time.
The worker processes themselves are :mod:`index.importing.workers`.
Workers are replaced after ``tasks_per_worker`` files to keep memory flat (spaCy's string
store grows with every new word). They are forked from the writer after it has loaded the
extractor's vocabularies and tokenizer once, so starting one costs next to nothing.

With ``cluster`` (a Dask scheduler's address) the reading goes to the workers of a Dask
cluster instead, under the same bounds (:mod:`index.importing.cluster`); everything else stays here.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import sqlite3
import sys
import time
from collections import deque
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import Callable, Iterator, Optional

from extractor.errors import DiariumError
from index.importing import workers as worker_side
from index.store import DiskFull, FileRecord, Store, StoredDocument, is_disk_full

INDEX_BATCH = 500          # documents per search-engine commit
INDEX_INTERVAL = 30.0      # ... or seconds since the last commit, whichever comes first
SERVE_INTERVAL = 0.02      # seconds of indexing between two looks at the workers


@dataclass
class ImportSummary:
    counts: dict = field(default_factory=lambda: dict.fromkeys(
        ("imported", "duplicate", "failed", "skipped", "unchanged", "left"), 0))
    failures: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    notes: list = field(default_factory=list)
    files: int = 0
    pages: int = 0
    documents: int = 0
    seconds: float = 0.0
    interrupted: bool = False
    error: Optional[str] = None  # why the run stopped early (the disk is full)

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0

    def to_dict(self) -> dict:
        return {
            "counts": dict(self.counts), "failures": list(self.failures), "skipped": list(self.skipped), "notes": list(self.notes), "files": self.files,
            "pages": self.pages, "documents": self.documents, "seconds": round(self.seconds, 3),
            "pages_per_second": round(self.pages_per_second, 1), "interrupted": self.interrupted, "error": self.error,
        }


@dataclass
class _Task:
    path: str        # the name shown and stored (see index.importing.walk.shown)
    size: int
    mtime: float
    sha256: str
    replace: bool
    source: str = ""  # the path to read it by


class _Worker:
    """A worker process and the files sent to it, in order; it works on the first."""

    DEPTH = 2  # files sent ahead, so a worker never waits while the writer indexes

    def __init__(self, context, ocr: bool, memory_limit_mb: Optional[int], cpu_seconds: Optional[float]):
        self.conn, child = context.Pipe()
        self.process = context.Process(target=worker_side.worker_main, args=(child, ocr, memory_limit_mb, cpu_seconds),
                                       daemon=True)
        self.process.start()
        child.close()
        self.queue: deque[_Task] = deque()
        self.started = 0.0  # when it began the first file in its queue
        self.done = 0

    def give(self, task: _Task) -> None:
        if not self.queue:
            self.started = time.monotonic()
        self.queue.append(task)
        self.conn.send(task.source or task.path)

    def took(self) -> _Task:
        """The first file is done; the worker goes straight on to the next."""
        self.done += 1
        self.started = time.monotonic()
        return self.queue.popleft()

    def retire(self) -> None:
        try:
            self.conn.send(None)
        except OSError:
            pass
        self.process.join(timeout=5)
        self.kill()

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


@dataclass
class _Pool:
    """The local workers of a run and the files not yet sent to any."""

    pending: list      # tasks, the next one last
    workers: list
    fresh: Callable    # a new worker
    stall: float       # wall-clock seconds without an answer after which a worker is stopped
    dead: set = field(default_factory=set)  # places of broken workers not yet replaced


# -- the writer side ----------------------------------------------------------------------

def release_memory() -> None:
    """Hand the memory freed since the last call back to the system (glibc's ``malloc_trim``).

    The search engine's writer (Rust) and the refreshes free what they allocate, but glibc keeps
    freed blocks amid live ones for reuse, so the writer's resident memory grew with every batch
    (about 10 MB per 1 000 documents) although it used no more; trimmed after each batch and
    each refresh it stays near what is live. Elsewhere than glibc this does nothing."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


class Importer:
    """One import run into one index folder. Use :func:`import_paths`."""

    def __init__(self, index_dir, *, workers: Optional[int] = None, ocr: bool = True,
                 retry_failed: bool = False, progress: Optional[Callable] = None,
                 file_timeout: float = 300.0, memory_limit_mb: Optional[int] = 3072,
                 tasks_per_worker: int = 500, cluster: Optional[str] = None, send_files: bool = False,
                 reader: Optional[str] = None, engine: Optional[str] = None):
        self.index_dir = Path(index_dir)
        self.engine_name = engine
        self.workers = max(1, workers or os.cpu_count() or 1)
        self.ocr, self.retry_failed, self.progress = ocr, retry_failed, progress
        self.file_timeout, self.memory_limit_mb = file_timeout, memory_limit_mb
        self.tasks_per_worker = tasks_per_worker
        # On a cluster: the scheduler's address, whether to send the bytes, and the reading
        # function as ``module:name`` (the default reads with ``workers.read_and_extract``).
        self.cluster, self.send_files, self.reader = cluster, send_files, reader
        self.client = None
        self.summary = ImportSummary()
        self.store: Optional[Store] = None
        self.engine = None
        self._to_index: list[str] = []
        self._last_flush = time.monotonic()
        self._changed = False
        self._unmerged = False
        self._total = 0
        self._pool: Optional[_Pool] = None  # the workers, while files are being read

    # The public entry point -----------------------------------------------------------

    def run(self, paths) -> ImportSummary:
        from extractor.pipeline import PIPELINE_VERSION
        from index.search.engine import open_index

        self.version = PIPELINE_VERSION
        started = time.monotonic()
        if self.cluster:
            from index.importing import cluster

            self.client = cluster.connect(self.cluster, self.version)  # unreachable: fail before any work
        self.store = Store(self.index_dir, create=True)
        try:
            self.store.acquire_writer_lock()
            self._switch_engine()
            self.engine = open_index(self.index_dir, create=True, engine=self.engine_name)
            self._changed = derived_stale(self.store)  # an earlier run stopped before the end
            self._catch_up()
            paths = [Path(p) for p in paths]
            exports = [p for p in paths if p.suffix.lower() == ".jsonl" and p.is_file()]
            for export in exports:
                self._load_export(export)
            tasks = list(self._plan(p for p in paths if p not in exports))
            self._total = self.summary.files
            self._run_tasks(tasks)
        except KeyboardInterrupt:
            self.summary.interrupted = True
        except (OSError, sqlite3.Error) as exc:
            if not is_disk_full(exc):
                raise
            self._stopped(DiskFull(self.index_dir))
        finally:
            try:
                if not self.summary.error:
                    self._flush(force=True)
                    if self._changed and not self.summary.interrupted:
                        refresh_derived(self.store)
            except (OSError, sqlite3.Error) as exc:
                if not is_disk_full(exc):
                    raise
                self._stopped(DiskFull(self.index_dir))
            finally:
                if self.engine is not None:
                    self.engine.close()
                if self.client is not None:
                    self.client.close()
                self.store.close()
                self.summary.seconds = time.monotonic() - started
        return self.summary

    def _stopped(self, error: Exception) -> None:
        """The run cannot go on (the disk is full): say why; files not reached are ``left``."""
        self.summary.error = str(error)
        self.summary.counts["left"] += max(0, self.summary.files - sum(self.summary.counts.values()))

    def _load_export(self, path: Path) -> None:
        """Take in a JSON Lines export (``diarium export --format jsonl``) as it is."""
        from index.export.formats import load_jsonl

        self.summary.files += 1
        try:
            mark_derived_stale(self.store)
            documents = load_jsonl(path, self.store)
        except (DiariumError, OSError, UnicodeDecodeError) as exc:
            self._count("failed", str(path), getattr(exc, "strerror", None) or str(exc))
            return
        self._count("imported")
        self._changed = True
        self.summary.documents += len(documents)
        self._to_index += [d.id for d in documents]

    # Planning: what needs work --------------------------------------------------------

    def _plan(self, paths) -> Iterator[_Task]:
        """Record what needs no work (skipped, unchanged, duplicate); yield the rest."""
        from index.importing.walk import walk

        claimed: dict[str, str] = {}   # sha256 -> path, for duplicates within this run
        names: set[str] = set()        # names stored this run: masking can make two alike
        for found in walk(paths):
            self.summary.files += 1
            name, path = found.name, Path(found.path)
            base, n = name, 1
            while name in names:
                n += 1
                name = f"{base} ({n})"
            names.add(name)
            if found.status != "file":
                self._record(FileRecord(name, None, None, None, found.status, found.reason))
                continue
            try:
                stat = path.stat()
                earlier = self.store.file(name)
                if self.retry_failed and (earlier is None or earlier.status != "failed"):
                    self._count("left")  # --retry-failed takes the failed files only
                    continue
                if (earlier and earlier.size == stat.st_size and earlier.mtime == stat.st_mtime
                        and earlier.pipeline_version == self.version):
                    if earlier.status in ("imported", "duplicate"):
                        self._count("unchanged")
                        continue
                    if earlier.status == "failed" and not self.retry_failed:
                        self._count("skipped", name, f"failed before ({earlier.reason}); use --retry-failed")
                        continue
                sha = sha256_of(path)
            except OSError as exc:
                self._record(FileRecord(name, None, None, None, "failed", exc.strerror or str(exc)))
                continue
            if earlier and earlier.sha256 == sha and earlier.status == "imported" \
                    and earlier.pipeline_version == self.version:
                self._record(FileRecord(name, stat.st_size, stat.st_mtime, sha, "imported", earlier.reason,
                                        earlier.pages, earlier.methods, self.version, earlier.seconds,
                                        earlier.documents), count=False)
                self._count("unchanged")
                continue
            original = claimed.get(sha) or self.store.imported_path_of(sha)
            if original and original != name:
                self._record(FileRecord(name, stat.st_size, stat.st_mtime, sha, "duplicate",
                                        f"same content as {original}", pipeline_version=self.version),
                             replace=True)
                continue
            claimed[sha] = name
            yield _Task(name, stat.st_size, stat.st_mtime, sha,
                        replace=earlier is not None and bool(earlier.documents), source=found.path)

    # Running: workers and the one writer ----------------------------------------------

    def _run_tasks(self, tasks: list[_Task]) -> None:
        if not tasks:
            return
        if self.client is not None:
            return self._run_on_cluster(tasks)
        context = multiprocessing.get_context("fork")
        worker_side.prepare()  # once here: every worker forked from now on starts ready

        def fresh() -> _Worker:
            return _Worker(context, self.ocr, self.memory_limit_mb, self.file_timeout)

        pool = _Pool(list(reversed(tasks)), [fresh() for _ in range(min(self.workers, len(tasks)))], fresh,
                     self.file_timeout * worker_side.STALL_FACTOR)
        self._pool = pool
        try:
            while pool.pending or any(w.queue for w in pool.workers):
                self._serve(pool, timeout=1.0)
                self._flush()
                self._show_progress()
        except BaseException:
            for worker in pool.workers:
                worker.kill()
            raise
        finally:
            self._pool = None
        for worker in pool.workers:
            worker.retire()

    def _serve(self, pool: "_Pool", timeout: float, forking: bool = True) -> None:
        """Fill the workers' queues, wait up to ``timeout`` for answers, commit those that came.

        With ``forking`` False no worker is started: inside a search-engine batch, whose writer
        holds the index's lock file, a process forked then would keep the lock after the
        writer let it go. A worker that broke or did its share then waits for the next call
        that may fork."""
        if forking:
            for i in sorted(pool.dead):
                pool.workers[i] = pool.fresh()
            pool.dead.clear()
        self._hand_out(pool, forking)
        live = [(i, w) for i, w in enumerate(pool.workers) if i not in pool.dead]
        ready = wait([w.conn for _i, w in live if w.queue], timeout=timeout)
        now = time.monotonic()
        for i, worker in live:
            outcome = self._outcome(worker, ready, now, pool.stall)
            if outcome is None:
                continue
            status, payload, broken = outcome
            self._finish(worker.took(), status, payload)
            if broken:
                pool.pending += reversed(worker.queue)  # sent ahead, never started: send again
                worker.queue.clear()
                worker.kill()
                if forking:
                    pool.workers[i] = pool.fresh()
                else:
                    pool.dead.add(i)

    def _serving(self, documents: Iterator) -> Iterator:
        """``documents`` for the search engine, serving the workers between them while files
        are being read: a batch takes the writer seconds to index, and a worker whose answers
        nobody takes stops after a few files (its pipe is full)."""
        pool, last = self._pool, time.monotonic()
        for doc in documents:
            yield doc
            if pool is not None and time.monotonic() - last >= SERVE_INTERVAL:
                self._serve(pool, timeout=0, forking=False)
                last = time.monotonic()

    def _hand_out(self, pool: "_Pool", forking: bool = True) -> None:
        """Retire workers that did their share (when a new one may be forked), and fill each
        queue up to its depth."""
        for i, worker in enumerate(pool.workers):
            if i in pool.dead:
                continue
            if not worker.queue and worker.done >= self.tasks_per_worker:
                if not forking:
                    continue
                worker.retire()
                pool.workers[i] = worker = pool.fresh()
            while pool.pending and len(worker.queue) < _Worker.DEPTH \
                    and worker.done + len(worker.queue) < self.tasks_per_worker:
                worker.give(pool.pending.pop())

    def _outcome(self, worker: _Worker, ready: list, now: float, stall: float) -> Optional[tuple[str, object, bool]]:
        """``(status, payload, broken)`` of the file a worker is on, or None while it works on."""
        if not worker.queue:
            return None
        if worker.conn in ready:
            try:
                status, payload = worker.conn.recv()
                return status, payload, False
            except (EOFError, OSError):
                worker.process.join(timeout=5)
                return "failed", worker_side.death_reason(worker.process.exitcode, self.file_timeout), True
        if now - worker.started > stall:
            return "failed", f"made no progress in {stall:g} s; stopped", True
        return None

    def _run_on_cluster(self, tasks: list[_Task]) -> None:
        """Reading on the cluster's workers; storing here, each file as its result arrives."""
        from index.importing import cluster

        results = cluster.read_all(self.client, tasks, ocr=self.ocr, send_files=self.send_files,
                                   cpu_seconds=self.file_timeout, memory_limit_mb=self.memory_limit_mb,
                                   reader=self.reader)
        for task, status, payload in results:
            self._finish(task, status, payload)
            self._flush()
            self._show_progress()

    def _finish(self, task: _Task, status: str, payload) -> None:
        """Commit one file's outcome: its documents, or its failure."""
        if status != "ok":
            self._record(FileRecord(task.path, task.size, task.mtime, task.sha256, "failed", payload,
                                    pipeline_version=self.version), replace=task.replace)
            return
        documents = []
        for number, part in enumerate(payload["documents"], start=1):
            extraction = part["extraction"]  # its id and sha256 are those of the bytes the worker read
            extraction["path"] = task.path
            pages = extraction["pages"]
            documents.append(StoredDocument(
                id=extraction["id"], path=task.path, sha256=extraction["sha256"], part=number,
                page_from=pages[0]["number"] if pages else None, page_to=pages[-1]["number"] if pages else None,
                pipeline_version=payload["pipeline_version"], extraction=extraction, text=part["text"], pages=pages,
            ))
        sha256 = documents[0].sha256 if documents else task.sha256
        if payload.get("note"):
            self.summary.notes.append({"path": task.path, "note": payload["note"]})
        self._record(FileRecord(task.path, task.size, task.mtime, sha256, "imported", payload.get("note"),
                                payload["pages"], payload["methods"], payload["pipeline_version"],
                                round(payload["seconds"], 3), len(documents)),
                     documents, replace=True)
        self.summary.pages += payload["pages"]
        self.summary.documents += len(documents)
        self._to_index += [d.id for d in documents]

    def _record(self, record: FileRecord, documents=(), *, replace: bool = False, count: bool = True) -> None:
        if replace or documents:
            mark_derived_stale(self.store)
        self.store.record_file(record, documents, replace_documents=replace)
        self._changed = self._changed or replace or bool(documents)
        if count:
            self._count(record.status, record.path, record.reason)

    def _count(self, status: str, path: Optional[str] = None, reason: Optional[str] = None) -> None:
        self.summary.counts[status] += 1
        if status == "failed":
            self.summary.failures.append({"path": path, "reason": reason})
        elif status == "skipped" and path is not None:
            self.summary.skipped.append({"path": path, "reason": reason})

    # The search engine ------------------------------------------------------------------

    def _switch_engine(self) -> None:
        """An index asked to move to another engine, or made with an older analysis, is
        rebuilt from the store first (the sources are not read again)."""
        from index.search import engine as engines

        if not (self.index_dir / engines.POINTER).exists():
            return
        current = engines.engine_name(self.index_dir)
        wanted = self.engine_name or current
        if wanted != current or not engines.analysis_is_current(self.index_dir):
            ids: list[str] = []
            engines.rebuild(self.index_dir, _collect(self.store.documents(), ids), engine=wanted)
            self.store.mark_indexed(ids)

    def _catch_up(self) -> None:
        """Index what an earlier, interrupted run stored but did not index."""
        self._to_index = self.store.unindexed_ids()
        self._flush(force=True)

    def _flush(self, force: bool = False) -> None:
        if self.engine is None:
            return
        deleted = self.store.pending_deletes()
        due = len(self._to_index) >= INDEX_BATCH or time.monotonic() - self._last_flush >= INDEX_INTERVAL
        if not (force or due) or not (self._to_index or deleted or (force and self._unmerged)):
            return
        from index.search.fields import forget_case_keys

        ids, self._to_index = self._to_index, []
        # Whoosh leaves batches unmerged segments while files keep coming and merges at the
        # last commit; tantivy merges as its policy says at every commit.
        self.engine.update(add=self._serving(self.store.documents(ids)), delete=deleted, merge=force)
        self._unmerged = not force
        self.store.mark_indexed(ids, deleted)
        self._last_flush = time.monotonic()
        forget_case_keys()  # nearly every number of a batch is met once
        release_memory()

    def _show_progress(self) -> None:
        if self.progress:
            done = sum(self.summary.counts.values())
            self.progress(done, self._total, self.summary.pages, time.monotonic())


def _collect(documents, ids: list):
    for doc in documents:
        ids.append(doc.id)
        yield doc


STALE = "derived_stale"  # the store's meta key: documents changed, registry and links not yet recomputed


def mark_derived_stale(store: Store) -> None:
    """Record, before documents change, that the registry and links must be refreshed.

    Written in its own transaction before the first change of a run, cleared by
    :func:`refresh_derived` after both are rebuilt; a run killed in between (``kill -9``,
    Ctrl-C, a full disk) leaves the mark, and the next run rebuilds them even when every
    file is unchanged."""
    if not store.meta(STALE):
        store.set_meta(STALE, True)


def derived_stale(store: Store) -> bool:
    return bool(store.meta(STALE))


def refresh_derived(store: Store, full: bool = False) -> tuple[int, int]:
    """Bring what is derived from the documents up to date: the organisation registry and the
    links, each reading only the documents changed since its last refresh (all of them with
    ``full``), and the browse lists (cases, bodies and their meetings); then clear the stale
    mark. Returns how many organisations and links there are."""
    from index import browse
    from index.linking import refresh as link_refresh
    from index.organisations import registry as orgs

    organisations = orgs.refresh(store, full)["organisations"]
    release_memory()
    count = link_refresh.refresh(store, full)
    release_memory()
    browse.refresh(store, full)
    release_memory()
    store.set_meta(STALE, False)
    return organisations, count


def forget(index_dir, path) -> tuple[list[str], list[str]]:
    """Drop the documents of a file, or of every file under a folder, from store and engine."""
    from index.search.engine import open_index

    from index.importing.walk import shown

    name = shown(path)
    with Store(index_dir) as store:
        store.acquire_writer_lock()
        store.ensure_schema()
        mark_derived_stale(store)
        paths, ids = store.forget(name)
        engine = open_index(index_dir, create=True)
        try:
            deleted = store.pending_deletes()
            engine.update(delete=deleted)
            store.mark_indexed((), deleted)
        finally:
            engine.close()
        if paths or derived_stale(store):
            refresh_derived(store)
    return paths, ids


def import_paths(paths, index_dir, **options) -> ImportSummary:
    """Import files and folders into the index at ``index_dir``; see :class:`Importer`."""
    return Importer(index_dir, **options).run(paths)


class ProgressBar:
    """``files 120/1000 · 840 pages · 35.2 pages/s · 0:04:10 left`` on a terminal's stderr."""

    def __init__(self, stream=sys.stderr):
        self.stream = stream
        self.started = time.monotonic()
        self.last = 0.0

    def __call__(self, done: int, total: int, pages: int, now: float) -> None:
        if now - self.last < 0.2 and done < total:
            return
        self.last = now
        elapsed = max(now - self.started, 1e-6)
        rate = pages / elapsed
        left = (total - done) * elapsed / done if done else 0
        width = 24
        filled = int(width * done / total) if total else width
        bar = "#" * filled + "." * (width - filled)
        self.stream.write(f"\r[{bar}] {done}/{total} files · {pages} pages · {rate:.1f} pages/s · "
                          f"{int(left) // 3600}:{int(left) % 3600 // 60:02d}:{int(left) % 60:02d} left ")
        self.stream.flush()

    def close(self) -> None:
        self.stream.write("\n")
        self.stream.flush()
