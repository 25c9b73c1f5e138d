"""The worker side of an import: one file read and extracted in a process of its own, under
bounds.

A worker process (:func:`worker_main`) takes paths from its pipe and answers each with
``("ok", payload)`` (:func:`read_and_extract`) or ``("failed", reason)``. It runs under an
address-space limit and, afresh before each file, a CPU-time limit (``RLIMIT_CPU``): a
pathological PDF fails with a reason instead of hanging or exhausting the machine, and the
process dies with the writer that started it. The local import's workers
(:mod:`index.importing.importer`) and a Dask worker's reading child
(:mod:`index.importing.cluster`) are both this.
"""

from __future__ import annotations

import gc
import os
import resource
import signal
import time
from typing import Optional

from extractor.errors import DiariumError

STALL_FACTOR = 10          # wall-clock bound per file, in CPU bounds: only for a reader that waits


def read_and_extract(path: str, ocr: bool = True) -> dict:
    """Everything a worker sends back for one file: its documents, pages and how it was read."""
    from extractor.pipeline import PIPELINE_VERSION, masked_text, read_documents

    started = time.monotonic()
    read = read_documents(path, ocr=ocr)
    pages = [page for _extraction, part in read for page in part.pages]  # the parts share out the pages
    return {
        "documents": [{"extraction": e.to_dict(), "text": masked_text(part.text)[0]} for e, part in read],
        "pages": len(pages), "methods": "+".join(sorted({p.method for p in pages}) or ["text"]),
        "pipeline_version": PIPELINE_VERSION, "seconds": time.monotonic() - started,
        "note": next((part.note for _e, part in read if part.note), None),
    }


def prepare() -> None:
    """Load the extractor's vocabularies, patterns and tokenizer in this process (about 0.8 CPU s).

    The local import's writer calls it before it forks its workers, so each worker, the
    first and every replacement, starts with them loaded instead of loading them again."""
    from extractor.pipeline import extract_text

    extract_text("Förberedelse.")


def _die_with_parent() -> None:
    """Ask Linux to kill this process when the writer dies (``kill -9`` of an import)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass  # not Linux: the parent check in the loop below still ends the worker


def release_inherited_locks() -> None:
    """Close every file descriptor this process inherited with a BSD lock (``flock``) on it.

    A forked process shares its parent's open files, and an ``flock`` belongs to the open
    file, not to a process: it is released only when every copy of its descriptor is closed
    (flock(2)). The search engine takes such locks in threads of its own (its metadata lock
    while it opens or merges segments in the background), so a worker forked at that moment
    would hold the lock for as long as it lives, and the writer, waiting for the lock, would
    wait for a worker that waits for the writer. A worker uses none of the writer's files.
    Linux lists a descriptor's locks in ``/proc/self/fdinfo``; elsewhere this does nothing."""
    try:
        descriptors = os.listdir("/proc/self/fd")
    except OSError:
        return
    for name in descriptors:
        try:
            with open(f"/proc/self/fdinfo/{name}", encoding="ascii", errors="replace") as info:
                locked = any(line.startswith("lock:") and "FLOCK" in line for line in info)
            if locked:
                os.close(int(name))
        except (OSError, ValueError):
            pass  # the directory's own descriptor, gone by now


def _limit_cpu(seconds: Optional[float]) -> None:
    """Let the kernel stop this process (SIGXCPU) once it has spent ``seconds`` more of CPU time."""
    if not seconds:
        return
    usage = resource.getrusage(resource.RUSAGE_SELF)
    _soft, hard = resource.getrlimit(resource.RLIMIT_CPU)
    soft = int(usage.ru_utime + usage.ru_stime + seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (soft if hard == resource.RLIM_INFINITY else min(soft, hard), hard))


def death_reason(exitcode: Optional[int], cpu_seconds: Optional[float]) -> str:
    """Why a reading process ended without answering, from its exit status."""
    if exitcode == -signal.SIGXCPU:
        return f"used more than {cpu_seconds:g} s of CPU time; stopped"
    return "the reading process died (out of memory or a crash in a PDF library)"


def worker_main(conn, ocr: bool, memory_limit_mb: Optional[int], cpu_seconds: Optional[float] = None) -> None:
    release_inherited_locks()  # first: until then the writer may be waiting for one of them
    parent = os.getppid()
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the writer decides what an interrupt means
    if memory_limit_mb:
        limit = memory_limit_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    prepare()  # at once when forked from a prepared writer; else before the first file
    gc.freeze()  # what is loaded now lives as long as the process: the collector passes it over
    while True:
        try:
            if not conn.poll(1.0):
                if os.getppid() != parent:
                    return  # orphaned: the writer is gone
                continue
            path = conn.recv()
        except (EOFError, OSError):
            return
        if path is None:
            return
        _limit_cpu(cpu_seconds)
        try:
            conn.send(("ok", read_and_extract(path, ocr)))
        except DiariumError as exc:
            conn.send(("failed", getattr(exc, "reason", None) or str(exc)))
        except MemoryError:
            conn.send(("failed", f"ran out of memory (limit {memory_limit_mb} MB per file)"))
        except RecursionError:
            conn.send(("failed", "document structure too deeply nested"))
        except Exception as exc:  # a reader or extractor bug: the file fails, the import goes on
            conn.send(("failed", f"internal error: {type(exc).__name__}: {exc}"))
