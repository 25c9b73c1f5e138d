"""Reading on a Dask distributed cluster: the worker side and the client side of ``--cluster``.

What runs where. The client (``diarium import --cluster``) walks, hashes and plans exactly as
a local import, then submits one task per file to the scheduler and stores each result as
it arrives; it stays the one writer of the store and the search index. A Dask worker runs
:func:`read_guarded`: it reads, OCRs and extracts one file in a child process of its own
under the bounds of a local import's workers (an address-space limit, a CPU-time limit per
file enforced by the kernel, a wall-clock limit only for a file that makes no progress), so
a file that hangs, eats memory or crashes a PDF library fails with its reason while the
Dask worker lives on. Workers read files by path on storage they share with the client, or
are sent the bytes (``send_files``).

A Dask worker that dies while it reads is replaced by the scheduler, which gives its files to
another worker; a file on which workers die repeatedly comes back as ``KilledWorker`` and is
recorded as failed. Dask is imported only here, and only when an import names a cluster.
"""

from __future__ import annotations

import importlib
import socket
import subprocess
import sys
import tempfile
import threading
import uuid
from collections import deque
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Iterable, Iterator, Optional

from extractor.errors import DiariumError
from index.importing import workers

CONNECT_TIMEOUT = 10.0     # seconds to reach the scheduler
WINDOW_PER_THREAD = 2      # files submitted ahead per worker thread, so no worker waits
MIN_WINDOW = 8


class ClusterProblem(DiariumError):
    """The cluster cannot be used: the scheduler is unreachable, Dask is not installed, or the
    workers run another Diarium."""

    code = "D210"


# -- the worker side ----------------------------------------------------------------------

class _GuardedReader:
    """A child process that reads files under the bounds of a local import's worker.

    It is started with ``subprocess`` (a Dask worker is a daemon process and may not have
    ``multiprocessing`` children) and talks over a socket pair; it lives on across files so
    that the vocabularies and the tokenizer load once.
    """

    def __init__(self, ocr: bool, memory_limit_mb: Optional[int], cpu_seconds: Optional[float],
                 reader: Optional[str]):
        self.settings = (ocr, memory_limit_mb, cpu_seconds, reader)
        ours, theirs = socket.socketpair()
        command = [sys.executable, "-m", "index.importing.cluster", str(theirs.fileno()), "1" if ocr else "0",
                   str(memory_limit_mb or 0), str(cpu_seconds or 0), reader or ""]
        self.process = subprocess.Popen(command, pass_fds=(theirs.fileno(),), stdin=subprocess.DEVNULL)
        theirs.close()
        self.conn = Connection(ours.detach())

    def alive(self) -> bool:
        return self.process.poll() is None

    def read(self, path: str, stall_seconds: float) -> tuple[str, object]:
        """``("ok", payload)`` or ``("failed", reason)``; a failure other than a reader's
        error leaves this child dead."""

        try:
            self.conn.send(path)
            if self.conn.poll(stall_seconds):
                return self.conn.recv()
            self.stop()
            return "failed", f"made no progress in {stall_seconds:g} s; stopped"
        except (EOFError, OSError):
            self.process.wait()
            return "failed", workers.death_reason(self.process.returncode, self.settings[2])

    def stop(self) -> None:
        if self.alive():
            self.process.kill()
        self.process.wait()
        self.conn.close()


_local = threading.local()  # one guarded reader per worker thread


def _guarded_reader(ocr, memory_limit_mb, cpu_seconds, reader) -> _GuardedReader:
    current: Optional[_GuardedReader] = getattr(_local, "reader", None)
    if current is not None and (not current.alive() or current.settings != (ocr, memory_limit_mb, cpu_seconds, reader)):
        current.stop()
        current = None
    if current is None:
        current = _local.reader = _GuardedReader(ocr, memory_limit_mb, cpu_seconds, reader)
    return current


def read_guarded(path: str, data: Optional[bytes] = None, *, ocr: bool = True,
                 memory_limit_mb: Optional[int] = 3072, cpu_seconds: float = 300.0,
                 reader: Optional[str] = None) -> tuple[str, object]:
    """Read and extract one file as a local import's worker does; runs on a Dask worker.

    ``path`` is read where it is, unless ``data`` brings the file's bytes; the result names
    ``path`` either way. Returns ``("ok", payload)`` (see ``workers.read_and_extract``) or
    ``("failed", reason)``.
    """
    guarded = _guarded_reader(ocr, memory_limit_mb, cpu_seconds, reader)
    stall = cpu_seconds * workers.STALL_FACTOR
    if data is None:
        return guarded.read(path, stall)
    with tempfile.TemporaryDirectory(prefix="diarium-") as folder:
        local = Path(folder) / Path(path).name  # the name kept: readers look at the extension
        local.write_bytes(data)
        status, payload = guarded.read(str(local), stall)
    if status == "ok":
        for document in payload["documents"]:
            document["extraction"]["path"] = path
    return status, payload


def pipeline_version() -> str:
    from extractor.pipeline import PIPELINE_VERSION

    return PIPELINE_VERSION


def _child_main(argv: list[str]) -> None:
    """``python -m index.importing.cluster FD OCR MEMORY_MB CPU_SECONDS [MODULE:FUNCTION]``."""
    fd, ocr, memory, cpu, reader = (argv + [""])[:5]
    if reader:
        module, name = reader.split(":")
        workers.read_and_extract = getattr(importlib.import_module(module), name)
    workers.worker_main(Connection(int(fd)), ocr == "1", int(memory) or None, float(cpu) or None)


# -- the client side ----------------------------------------------------------------------

def connect(address: str, version: str, timeout: float = CONNECT_TIMEOUT):
    """A Dask client of the scheduler at ``address`` whose workers run pipeline ``version``."""
    try:
        from distributed import Client
    except ImportError:
        raise ClusterProblem("Dask is not installed; install Diarium with the cluster extra: "
                             "pip install 'diarium[cluster]'") from None
    try:
        client = Client(address, timeout=timeout, set_as_default=False)
    except (OSError, TimeoutError, ValueError) as exc:
        reason = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        raise ClusterProblem(f"cannot reach the Dask scheduler at {address}: {reason}") from None
    try:
        versions = client.run(pipeline_version)
    except Exception as exc:  # the workers cannot import Diarium
        client.close()
        raise ClusterProblem(f"the workers of {address} cannot run Diarium: {type(exc).__name__}: {exc}") from None
    other = {worker: v for worker, v in versions.items() if v != version}
    if other:
        client.close()
        worker, v = next(iter(other.items()))
        raise ClusterProblem(f"worker {worker} runs pipeline version {v}, this import {version}; "
                             "install the same Diarium on every worker")
    return client


def _window(client) -> int:
    return max(MIN_WINDOW, WINDOW_PER_THREAD * sum(client.nthreads().values()))


def read_all(client, tasks: Iterable, *, ocr: bool, send_files: bool, cpu_seconds: float,
             memory_limit_mb: Optional[int], reader: Optional[str] = None) -> Iterator[tuple]:
    """``(task, status, payload)`` for each task, in the order the workers finish them.

    A bounded number of files is in flight at a time, so that neither the scheduler nor (with
    ``send_files``) the client's memory holds the whole archive.
    """
    from distributed import as_completed

    pending = deque(tasks)
    running = as_completed(loop=client.loop)
    submitted: dict = {}
    options = {"ocr": ocr, "memory_limit_mb": memory_limit_mb, "cpu_seconds": cpu_seconds, "reader": reader}

    def submit() -> Optional[tuple]:
        """Send the next file; a file the client cannot read itself comes back at once."""
        task = pending.popleft()
        source = task.source or task.path  # the path to read by; task.path is the name stored
        try:
            data = Path(source).read_bytes() if send_files else None
        except OSError as exc:
            return task, "failed", exc.strerror or str(exc)
        future = client.submit(read_guarded, source, data, key=f"diarium-read-{uuid.uuid4().hex}",
                               pure=False, **options)
        submitted[future] = task
        running.add(future)
        return None

    def top_up(limit: int) -> Iterator[tuple]:
        while pending and len(submitted) < limit:
            if (early := submit()) is not None:
                yield early

    window = _window(client)
    try:
        yield from top_up(window)
        done = 0
        while submitted:
            future = next(running)
            task = submitted.pop(future)
            yield (task, *_outcome(future, task.path))
            done += 1
            if done % 100 == 0:
                window = _window(client)  # workers come and go
            yield from top_up(window)
    finally:
        if submitted:
            client.cancel(list(submitted))


def _outcome(future, path: str) -> tuple[str, object]:
    """A finished future as ``(status, payload)``; a task that raised is a failed file."""
    from distributed import KilledWorker

    try:
        if future.status == "cancelled":  # the scheduler went away or restarted: no verdict on the file
            raise ClusterProblem(f"the cluster dropped the task reading {path} (did the scheduler stop?); "
                                 "run the same command again to continue")
        if future.status == "error":
            exc = future.exception()
            if isinstance(exc, KilledWorker):
                return "failed", "the Dask workers reading it died (KilledWorker)"
            return "failed", f"internal error on a worker: {type(exc).__name__}: {exc}"
        return future.result()
    finally:
        future.release()


if __name__ == "__main__":
    _child_main(sys.argv[1:])
