"""Benchmark the web pages: server time of each page type on an index of generated documents.

    python scripts/bench_pages.py --docs 10000 [--repeat 20] [--keep DIR]

The documents are those ``bench_search.py`` generates (extractions and texts with a
realistic organisation mix), except that each cites at most the previous agreement with the
same association, as an extension does (so partnerships form chains of a few agreements,
not one web of random citations), and states its amount in a sentence; the registry and the
links are computed as an import computes them. Reports plan their matters for their
committee's meetings and extensions cite the decision taken at the meeting of the agreement
they extend, so the committee pages have meetings and decisions to list; the browse lists are
computed as an import computes them. Each page is then asked for in process (Starlette's test
client, so the time is the server's: routing, the index, templates) once (``first``: the
searcher, registry or browse lists read from disk) and ``--repeat`` times more; the median and
the slowest are printed, between the machine's load averages before and after. The
organisation pages are those of the organisation with the most documents and of a median
one; the committee pages those of the body with the most meetings.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import warnings
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

warnings.filterwarnings("ignore", message=".*httpx.*")

from bench_search import make_document, make_orgs  # noqa: E402
from starlette.testclient import TestClient  # noqa: E402

from diarium.web import create_app  # noqa: E402
from index import browse  # noqa: E402
from index.linking import refresh as link_refresh  # noqa: E402
from index.organisations import registry as orgs  # noqa: E402
from index.search.engine import rebuild  # noqa: E402
from index.store import FileRecord, Store  # noqa: E402


def fill_store(directory: Path, count: int, seed: int = 4):
    """A store of ``count`` generated documents in partnership chains; returns it and the case numbers."""
    rng = random.Random(seed)
    authorities, others = make_orgs(rng, max(200, count // 40))
    latest: dict = {}  # association -> its latest own case number
    latest_meeting: dict = {}  # association -> the meeting its latest matter was planned for
    cases: list = []
    store = Store(directory, create=True)
    batch = []
    for n in range(count):
        doc = make_document(rng, n, authorities, others, [])
        x, text = doc.extraction, doc.text
        partner = x["parties"][0]["name"]
        stated = f"{x['amounts'][0]['value']:,}".replace(",", " ") + " kronor"
        text += f" Bidraget uppgår till {stated} per år."
        start = len(text) - len(stated) - len(" per år.")
        x["amounts"] = [dict(x["amounts"][0], text=stated, start=start, end=start + len(stated))]
        x["referenced_case_numbers"] = []
        if latest.get(partner) and rng.random() < 0.7:  # an extension of the partnership's last agreement
            cited = latest[partner]
            sentence = f"Överenskommelsen förlänger den tidigare överenskommelsen med {partner} ({cited})."
            text += " " + sentence
            start = len(text) - len(sentence) + sentence.index(f"({cited})") + 1
            x["referenced_case_numbers"] = [{"number": cited, "relation": "predecessor", "evidence": sentence,
                                             "start": start, "end": start + len(cited)}]
        text = _meeting_facts(rng, x, text, latest_meeting.get(partner))
        if x["document_type"] != "protokoll" and x["meetings"]:
            latest_meeting[partner] = x["meetings"][-1]
        for own in x["own_case_numbers"]:
            latest[partner] = own
            cases.append(own)
        batch.append(dataclasses.replace(doc, text=text, extraction=x))
        if len(batch) == 1000 or n == count - 1:
            store.record_file(FileRecord(f"bench/batch-{n // 1000}", None, None, None, "imported"), batch)
            batch = []
    return store, cases


def _meeting_facts(rng: random.Random, x: dict, text: str, earlier) -> str:
    """A report plans its matter for its committee's meeting two to five weeks on (a protocol
    records that meeting itself); an extension often cites the decision taken at the meeting
    its predecessor was planned for, by body, date and paragraph. Returns the text with the
    sentences stating them."""
    x["meetings"], x["decision_refs"] = [], []
    if x["document_type"] != "protokoll" and x.get("date"):
        day = date.fromisoformat(x["date"]) + timedelta(days=rng.randint(14, 35))
        sentence = f"Ärendet behandlas av {x['decided_by']} den {day.isoformat()}."
        text += " " + sentence
        start = len(text) - len(sentence) + len("Ärendet behandlas av ")
        x["meetings"].append({"body": x["decided_by"], "date": day.isoformat(), "start": start,
                              "end": start + len(x["decided_by"])})
    if earlier and x["referenced_case_numbers"]:
        paragraph = str(rng.randint(1, 250))
        sentence = f"{earlier['body']} beslutade den {earlier['date']}, § {paragraph}, om den tidigare överenskommelsen."
        text += " " + sentence
        start = len(text) - len(sentence)
        x["decision_refs"].append({"body": earlier["body"], "date": earlier["date"], "paragraph": paragraph,
                                   "start": start, "end": start + sentence.index(",", len(earlier["body"]) + 20)})
    return text


def build(directory: Path, count: int) -> list:
    t = time.perf_counter()
    store, cases = fill_store(directory, count)
    rebuild(directory, store.documents(), procs=1)
    orgs.refresh(store)
    link_refresh.refresh(store)
    browse.refresh(store)
    store.close()
    print(f"documents: {count}  index built in {time.perf_counter() - t:.1f} s (store, engine, registry, links, browse lists)")
    return cases


def pages(directory: Path, cases: list) -> list[tuple[str, str]]:
    registry = orgs.load(directory)
    by_size = sorted(registry.orgs, key=lambda o: o.documents, reverse=True)
    largest, median = by_size[0], by_size[len(by_size) // 2]
    with Store(directory) as store:
        doc_id = next(store.extractions())[0]
    word = "partnerskap"
    lists = browse.load(directory)
    busiest = max(lists.bodies(0, lists.bodies(0, 0)[0])[1], key=lambda b: b["meetings"])
    return [
        ("home", "/"),
        ("search, organisation", "/search?q=" + quote(largest.name)),
        ("search, organisation, page 3", "/search?q=" + quote(largest.name) + "&offset=40"),
        ("search, free text", "/search?q=" + word),
        ("search, free text, newest", "/search?q=" + word + "&sort=newest&offset=20"),
        ("search, case number", "/search?q=" + quote(cases[len(cases) // 2])),
        (f"organisation, largest ({largest.documents} docs)", "/organisation/" + quote(largest.id, safe="")),
        (f"organisation, median ({median.documents} docs)", "/organisation/" + quote(median.id, safe="")),
        ("organisation, largest, page 5", "/organisation/" + quote(largest.id, safe="") + "?offset=80"),
        ("case", "/case/" + quote(cases[len(cases) // 3], safe="")),
        ("organisations", "/organisations"),
        ("organisations, page 10", "/organisations?offset=180"),
        ("cases", "/cases"),
        ("cases, page 200", f"/cases?offset={min(3980, len(cases) // 2)}"),
        ("committees", "/committees"),
        (f"committee, busiest ({busiest['meetings']} meetings)", "/committee/" + busiest["id"]),
        ("committee, busiest, page 10", "/committee/" + busiest["id"] + "?offset=180"),
        ("document", "/document/" + doc_id),
    ]


def run(count: int, repeat: int, keep) -> None:
    directory = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="diarium-bench-web-"))
    if not (directory / "store.sqlite").exists():
        shutil.rmtree(directory, ignore_errors=True)
        cases = build(directory, count)
    else:
        with Store(directory) as store:
            cases = sorted({c for _, _, x in store.extractions() for c in x.get("own_case_numbers") or []})
        print(f"documents: {count}  index reused from {directory}")
    client = TestClient(create_app(directory), base_url="http://127.0.0.1")  # a host name serve answers to
    print("load average: " + " ".join(f"{v:.2f}" for v in os.getloadavg()))
    print(f"{'page':48s} {'first':>9s} {'median':>9s} {'slowest':>9s}  status")
    for label, url in pages(directory, cases):
        t = time.perf_counter()
        status = client.get(url).status_code  # warms: searcher, columns, registry, browse lists, templates
        first = (time.perf_counter() - t) * 1000
        times = []
        for _ in range(repeat):
            t = time.perf_counter()
            status = client.get(url).status_code
            times.append((time.perf_counter() - t) * 1000)
        print(f"{label:48s} {first:6.1f} ms {statistics.median(times):6.1f} ms {max(times):6.1f} ms  {status}")
    print("load average: " + " ".join(f"{v:.2f}" for v in os.getloadavg()))
    if not keep:
        shutil.rmtree(directory, ignore_errors=True)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, default=10_000, help="documents to generate")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    parser.add_argument("--keep", help="build in this folder and keep it (reused when it holds an index)")
    args = parser.parse_args(argv)
    run(args.docs, args.repeat, args.keep)
    return 0


if __name__ == "__main__":
    sys.exit(main())
