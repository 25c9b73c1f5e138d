"""Load test of ``diarium serve``: concurrent clients on 127.0.0.1, errors and latency.

    python scripts/bench_web.py [--docs 1500] [--clients 32] [--seconds 30] [--index DIR]

Builds an index of generated documents (as ``bench_search.py`` does; or uses ``--index``),
starts ``diarium serve`` on a free port of 127.0.0.1 in its own process, and runs
``--clients`` client threads for ``--seconds`` seconds, each asking in turn for the home
page, searches (organisation, case number, free text, HTML and JSON) and document pages
(HTML and JSON). Prints the requests made, the errors (any status of 500 or
more, or a failed connection) and the latency percentiles. Exit 1 when any request failed.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))


def build(directory: Path, count: int) -> None:
    from bench_search import fill_store

    from index.organisations import registry as orgs
    from index.search.engine import rebuild

    store, _organisations, _cases, _chars = fill_store(directory, count)
    rebuild(directory, store.documents(), procs=1)
    orgs.refresh(store)
    store.close()


def urls(directory: Path, rng: random.Random, k: int = 400) -> list[str]:
    from index.store import Store

    with Store(directory) as store:
        docs = [(i, ex) for i, _, ex in store.extractions()]
    out = ["/", "/openapi.json"]
    for _ in range(k):
        doc_id, ex = rng.choice(docs)
        parties = [p["name"] for p in ex.get("parties") or []]
        cases = ex.get("own_case_numbers") or []
        q = rng.choice(["bidrag", "förening stöd", "överenskommelse", "barn familj", "kultur"] + parties + cases)
        out += [f"/search?q={urllib.parse.quote(q)}", f"/search.json?q={urllib.parse.quote(q)}",
                f"/document/{doc_id}", f"/document/{doc_id}.json"]
    return out


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run(directory: Path, clients: int, seconds: float) -> int:
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "diarium", "serve", "--index", str(directory),
                               "--port", str(port)], cwd=ROOT, stderr=subprocess.PIPE)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):  # up to 30 s to start
            try:
                urllib.request.urlopen(base + "/openapi.json", timeout=5).read()
                break
            except OSError:
                time.sleep(0.1)
        else:
            print("the server did not start", file=sys.stderr)
            return 1
        targets = urls(directory, random.Random(3))
        times: list[float] = []
        statuses: Counter = Counter()
        failures: list[str] = []
        lock = threading.Lock()
        stop = time.monotonic() + seconds

        def client(n: int) -> None:
            rng = random.Random(n)
            while time.monotonic() < stop:
                url = rng.choice(targets)
                started = time.perf_counter()
                try:
                    with urllib.request.urlopen(base + url, timeout=60) as answer:
                        answer.read()
                        status = answer.status
                except urllib.error.HTTPError as exc:
                    status = exc.code
                except OSError as exc:
                    status = f"{type(exc).__name__}"
                elapsed = time.perf_counter() - started
                with lock:
                    times.append(elapsed * 1000)
                    statuses[status] += 1
                    if not isinstance(status, int) or status >= 500:
                        failures.append(f"{status} {url}")

        threads = [threading.Thread(target=client, args=(n,)) for n in range(clients)]
        began = time.monotonic()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        took = time.monotonic() - began
        times.sort()
        p = lambda q: times[min(len(times) - 1, int(len(times) * q))]  # noqa: E731
        print(f"clients: {clients}  seconds: {took:.1f}  requests: {len(times)}  ({len(times) / took:.1f}/s)")
        print(f"errors: {len(failures)}  statuses: {json.dumps({str(k): v for k, v in sorted(statuses.items(), key=str)})}")
        print(f"latency: p50 {statistics.median(times):.0f} ms  p95 {p(0.95):.0f} ms  max {times[-1]:.0f} ms")
        for line in failures[:10]:
            print("  " + line)
        return 1 if failures else 0
    finally:
        server.terminate()
        server.wait(timeout=30)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=1500, help="documents to generate (without --index)")
    parser.add_argument("--index", type=Path, help="an existing index folder to serve instead")
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=30.0)
    args = parser.parse_args(argv)
    if args.index:
        return run(args.index, args.clients, args.seconds)
    directory = Path(tempfile.mkdtemp(prefix="diarium-bench-web-"))
    try:
        t = time.perf_counter()
        build(directory, args.docs)
        print(f"index: {args.docs} generated documents, built in {time.perf_counter() - t:.1f} s")
        return run(directory, args.clients, args.seconds)
    finally:
        shutil.rmtree(directory, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
