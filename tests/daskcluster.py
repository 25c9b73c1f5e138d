"""A real Dask cluster on 127.0.0.1: ``dask scheduler`` and ``dask worker`` processes on ports
of their own (used by the cluster tests and ``scripts/bench_import.py --cluster``)."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _dask_command() -> list[str]:
    """``dask`` of this interpreter's environment."""
    script = Path(sys.executable).parent / "dask"
    return [str(script)] if script.exists() else [sys.executable, "-m", "dask"]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class LocalDaskCluster:
    """One scheduler and ``workers`` single-thread workers, each a process of its own.

    Workers find Diarium and the test helpers through ``PYTHONPATH`` (the repository), as
    a worker on another machine would through its own installation. Logs go to ``logs``.
    """

    def __init__(self, logs: Path, workers: int = 2, threads: int = 1):
        self.logs, self.threads = Path(logs), threads
        self.logs.mkdir(parents=True, exist_ok=True)
        self.address = f"tcp://127.0.0.1:{free_port()}"
        self.env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
        self.processes: list[subprocess.Popen] = []
        self.scheduler = self._start("scheduler", ["scheduler", "--host", "127.0.0.1",
                                                   "--port", self.address.rsplit(":", 1)[1], "--no-dashboard"])
        self.workers = [self.add_worker() for _ in range(workers)]

    def _start(self, name: str, arguments: list[str]) -> subprocess.Popen:
        log = open(self.logs / f"{name}-{len(self.processes)}.log", "wb")
        process = subprocess.Popen(_dask_command() + arguments, stdout=log, stderr=subprocess.STDOUT,
                                   env=self.env, cwd=ROOT, start_new_session=True)
        log.close()
        self.processes.append(process)
        return process

    def add_worker(self, nanny: bool = True) -> subprocess.Popen:
        """A worker process (under a nanny unless ``nanny`` is False: then killing it kills it)."""
        return self._start("worker", ["worker", self.address, "--nthreads", str(self.threads), "--nworkers", "1",
                                      "--host", "127.0.0.1", "--no-dashboard", "--death-timeout", "60",
                                      "--local-directory", str(self.logs / "work"),
                                      "--nanny" if nanny else "--no-nanny"])

    def wait_for_workers(self, count: int, timeout: float = 180.0) -> None:
        from distributed import Client

        with Client(self.address, timeout=timeout, set_as_default=False) as client:
            client.wait_for_workers(count, timeout=timeout)

    def close(self) -> None:
        for process in reversed(self.processes):
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def __enter__(self):
        self.wait_for_workers(len(self.workers))
        return self

    def __exit__(self, *exc):
        self.close()
