"""Benchmark the search index: build rate, size, and query latency on generated documents.

    python scripts/bench_search.py --docs 10000 [--docs 100000] [--engine tantivy|whoosh] [--procs 2] [--slices]
        [--keep DIR [--reuse]]

Documents are generated, not extracted: an extraction dict and a text per document, written
from sentence templates with a vocabulary of a few thousand Swedish words and compounds,
and an organisation mix in which a few public bodies appear in many documents and most
associations in a few (Zipf-like), each with a valid organisation number, committees
with case-number prefixes, and citations of earlier cases. The store is filled directly,
then timed: the engine build (``index.search.engine.rebuild``), the registry (``index.organisations.registry.refresh``),
and ``index.search.query.search`` end to end (query understanding, engine, facets, snippets from
the store) for organisation, case-number and free-text queries, in one warm process. Beside
each end-to-end time, the time spent inside the engine's ``search`` (query, count, facets) for
that query, and the ratio of the two; each in wall-clock time and in CPU time of the process
(a loaded machine stretches the first, not the second). ``--reuse`` times the queries again
on an index an earlier run kept. ``--slices`` prints, for each 10 000 documents of the build, where
its time went (see :class:`Slices`).
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stdnum import luhn  # noqa: E402

from index.organisations import registry as orgs  # noqa: E402
from index.search.engine import (ENGINES, DEFAULT_ENGINE, QUERY_BUDGET, engine_module, engine_name, rebuild,  # noqa: E402
                                 shared_index)
from index.search.query import search  # noqa: E402
from index.store import FileRecord, Store, StoredDocument  # noqa: E402

PLACES = ("Malmö Lund Göteborg Uppsala Kungsbacka Eslöv Helsingborg Kristianstad Växjö Umeå Luleå Borås Örebro "
          "Västerås Linköping Norrköping Jönköping Gävle Sundsvall Karlstad Halmstad Kalmar Trelleborg Ystad Skövde "
          "Falun Östersund Visby Nyköping Södertälje Huddinge Botkyrka Solna Nacka Täby Lidköping Varberg Alingsås").split()
ROOTS = ("barn ungdom familj förälder skola läxa språk kultur idrott fritid arbete jobb hälsa vård omsorg äldre "
         "kvinna mamma pappa flykting nyanländ integration boende hemlöshet missbruk beroende trygghet mötes "
         "samtal stöd råd volontär förening samverkan partnerskap mat kläder cykel natur musik teater dans "
         "läger lovverksamhet sommar vinter kris våld skydd jour kvinnojour brottsoffer tolk").split()
TAILS = ("verksamhet verksamheten stöd stödet grupp grupper gruppen insats insatser insatsen plats platsen "
         "arbete arbetet projekt projektet center centret hus huset program programmet träff träffar träffen "
         "café caféet linje linjen ").split()
WORDS = ("kommunen nämnden förvaltningen föreningen överenskommelsen partnerskapet bidraget målgruppen "
         "uppföljningen rapporten budgeten perioden beslutet förslaget ansvar syfte mål resultat deltagare "
         "aktiviteter utveckling kvalitet samarbete tillgänglighet jämställdhet barnperspektiv delaktighet "
         "lokaler personal medel kostnader finansiering bedömning behov erfarenhet utvärdering kontakt").split()
TEMPLATES = [
    "{org} har sedan {year} bedrivit {thing} för {group} i {place}.",
    "Förvaltningen bedömer att {thing} bidrar till {word} och {word2} för {group}.",
    "Under {year} deltog {n} personer i {thing}, vilket är fler än föregående år.",
    "Nämnden föreslås bidra med {amount} kronor per år till {thing}.",
    "Överenskommelsen avser perioden 1 januari {year} till 31 december {year2}.",
    "{org} ansvarar för {word} medan {authority} ansvarar för {word2}.",
    "Uppföljning av {thing} sker två gånger per år genom dialogmöten mellan parterna.",
    "Verksamheten vänder sig till {group} som behöver {thing} och {word}.",
    "Tidigare beslut i ärendet finns under {cited}.",
    "Ekonomiska konsekvenser: kostnaden ryms inom nämndens budget för {year}.",
    "Barnperspektivet har beaktats genom att {group} själva har fått beskriva {thing}.",
    "Jämställdhetsperspektivet innebär att {thing} ska nå både kvinnor och män.",
    "{authority} och {org} har gemensamt utvecklat {thing} med fokus på {word}.",
    "Förlängning av överenskommelsen kan ske med ett år i taget efter {word}.",
]
GROUPS = ["barn och unga", "nyanlända familjer", "äldre personer", "personer i hemlöshet", "kvinnor",
          "unga vuxna", "personer med funktionsnedsättning", "elever i årskurs 4–9", "föräldrar"]
TYPES = ["tjänsteskrivelse"] * 6 + ["protokoll"] * 2 + ["överenskommelse"] * 2 + ["beslutsförslag"]
COMMITTEES = [("Socialnämnden", "SN"), ("Kommunstyrelsen", "KS"), ("Bildningsnämnden", "BN"),
              ("Arbetsmarknads- och socialnämnden", "ASN"), ("Kulturnämnden", "KN"), ("Vård- och omsorgsnämnden", "VON")]
ASSOCIATION_SHAPES = ["Föreningen {x} i {place}", "Stiftelsen {x}", "{place}s {x}förening", "{x} {place}",
                      "Röda Korset {place}kretsen", "{place}s Stadsmission", "Föreningen {x}"]


def orgnr(rng: random.Random, first: str) -> str:
    body = first + "".join(rng.choice("0123456789") for _ in range(1)) + str(rng.randint(20, 99)) + \
        "".join(rng.choice("0123456789") for _ in range(5))
    return f"{body[:6]}-{body[6:]}{luhn.calc_check_digit(body)}"


def make_orgs(rng: random.Random, associations: int):
    authorities = [(f"{p} {'stad' if i % 3 == 0 else 'kommun'}", orgnr(rng, "2")) for i, p in enumerate(PLACES)]
    seen, others = set(), []
    while len(others) < associations:
        x = rng.choice(ROOTS).capitalize() + rng.choice(TAILS)
        name = rng.choice(ASSOCIATION_SHAPES).format(x=x, place=rng.choice(PLACES))
        if name not in seen:
            seen.add(name)
            others.append((name, orgnr(rng, rng.choice("78"))))
    return authorities, others


def zipf_pick(rng: random.Random, items: list, s: float = 1.1):
    return items[min(len(items) - 1, int(rng.paretovariate(s)) - 1)]


def make_document(rng: random.Random, n: int, authorities, others, cases: list) -> StoredDocument:
    authority, auth_nr = zipf_pick(rng, authorities, 0.8)
    partner, partner_nr = zipf_pick(rng, others, 0.6)
    committee, prefix = rng.choice(COMMITTEES)
    year = rng.randint(2012, 2025)
    own = f"{prefix}-{year}-{rng.randint(1, 20000)}" if rng.random() < 0.8 else None
    cited = rng.sample(cases, k=min(len(cases), rng.randint(0, 3)))
    thing = rng.choice(ROOTS) + rng.choice(TAILS)
    amount = rng.randint(5, 300) * 5000
    sentences = []
    for _ in range(rng.randint(12, 60)):
        sentences.append(rng.choice(TEMPLATES).format(
            org=partner, authority=authority, place=rng.choice(PLACES), year=year - rng.randint(0, 6),
            year2=year + rng.randint(0, 3), thing=rng.choice([thing, rng.choice(ROOTS) + rng.choice(TAILS)]),
            group=rng.choice(GROUPS), word=rng.choice(WORDS), word2=rng.choice(WORDS), n=rng.randint(5, 400),
            amount=f"{amount:,}".replace(",", " "), cited=", ".join(cited) or f"{prefix}-{year - 3}-{rng.randint(1, 9999)}"))
    title = f"Idéburet offentligt partnerskap med {partner} om {thing}"
    text = f"{title}\n\nDiarienummer {own or '-'}\n\n{partner} (org.nr {partner_nr})\n\n" + " ".join(sentences)
    date = f"{year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    doc_id = f"{n:016x}"
    extraction = {
        "id": doc_id, "path": f"bench/{doc_id}.txt", "document_type": rng.choice(TYPES), "title": title,
        "date": date, "decided_by": committee, "authority": authority, "own_case_numbers": [own] if own else [],
        "referenced_case_numbers": [{"number": c, "relation": "predecessor"} for c in cited],
        "org_numbers": [{"number": partner_nr, "name": partner}],
        "parties": [{"name": partner, "org_number": partner_nr, "aliases": [partner]},
                    {"name": authority, "org_number": auth_nr if rng.random() < 0.5 else None, "aliases": [authority]}],
        "amounts": [{"value": amount}], "funding": [{"payer": authority, "amount": amount, "basis": "per_year"}],
        "agreement_period": [f"{year}-01-01", f"{year + 1}-12-31"],
    }
    if own:
        cases.append(own)
    return StoredDocument(doc_id, extraction["path"], doc_id * 4, 0, None, None, "bench", extraction, text, [])


def fill_store(directory: Path, count: int, seed: int = 4):
    rng = random.Random(seed)
    authorities, others = make_orgs(rng, max(200, count // 40))
    cases: list[str] = []
    store = Store(directory, create=True)
    batch, texts = [], 0
    for n in range(count):
        doc = make_document(rng, n, authorities, others, cases)
        texts += len(doc.text)
        batch.append(doc)
        if len(batch) == 1000 or n == count - 1:
            store.record_file(FileRecord(f"bench/batch-{n // 1000}", None, None, None, "imported"), batch)
            batch = []
    return store, authorities + others, cases, texts / max(1, count)


def kept_store(directory: Path, count: int, seed: int = 4):
    """A store :func:`fill_store` filled earlier, with its organisations and case numbers."""
    authorities, others = make_orgs(random.Random(seed), max(200, count // 40))
    store = Store(directory)
    cases = [c for _, _, x in store.extractions() for c in x.get("own_case_numbers") or []]
    return store, authorities + others, cases


def queries(rng: random.Random, organisations, cases, k: int):
    def org_query(name, number):
        return rng.choice([name, name.lower(), name + "s", number, _typo(rng, name)])
    def case_query(c):
        return rng.choice([c, c.lower().replace("-", " "), c.replace("-", " ", 1)])
    texts = [" ".join(rng.sample(ROOTS + WORDS, rng.randint(1, 3))) for _ in range(k)]
    return ([org_query(*zipf_pick(rng, organisations, 0.7)) for _ in range(k)],
            [case_query(rng.choice(cases)) for _ in range(k)], texts)


def _typo(rng: random.Random, name: str) -> str:
    i = rng.randint(1, len(name) - 2)
    return name[:i] + name[i + 1] + name[i] + name[i + 2:]


def timed(index_dir: Path, qs: list[str]) -> dict:
    """p50 and p95 of the queries end to end and inside the engine, each in wall-clock time
    and in CPU time of the process (every thread), and what the queries were read as."""
    ix = shared_index(index_dir)
    inner = ix.search
    spent, spent_cpu = [], []

    def engine_search(request):
        t, cpu = time.perf_counter(), time.process_time()
        try:
            return inner(request)
        finally:
            spent.append(time.perf_counter() - t)
            spent_cpu.append(time.process_time() - cpu)

    ix.search = engine_search
    series: dict[str, list[float]] = {"wall": [], "cpu": [], "engine": [], "engine_cpu": []}
    kinds: dict[str, int] = {}
    try:
        for q in qs:
            spent.clear()
            spent_cpu.clear()
            t, cpu = time.perf_counter(), time.process_time()
            result = search(index_dir, q, limit=20)
            series["wall"].append((time.perf_counter() - t) * 1000)
            series["cpu"].append((time.process_time() - cpu) * 1000)
            series["engine"].append(sum(spent) * 1000)
            series["engine_cpu"].append(sum(spent_cpu) * 1000)
            kinds[result.understood_as.kind] = kinds.get(result.understood_as.kind, 0) + 1
    finally:
        ix.search = inner
    out: dict = {"kinds": kinds}
    for name, values in series.items():
        values.sort()
        out[name] = (statistics.median(values), values[int(len(values) * 0.95) - 1])
    return out


def broad(index_dir: Path) -> None:
    """The broadest searches the query syntax allows (every generated word, one OR another;
    a phrase of the commonest words), unbounded: their CPU time against the default budget."""
    everything = " OR ".join(ROOTS + WORDS)
    for label, q in (("every word OR'ed", everything), ("common phrase", '"förvaltningen bedömer att"')):
        cpu, t = time.thread_time(), time.perf_counter()
        result = search(index_dir, q, limit=20, budget=float("inf"))
        cpu, wall = time.thread_time() - cpu, time.perf_counter() - t
        print(f"broad: {label:17s} {result.total:7d} hits  CPU {cpu * 1000:7.1f} ms  wall {wall * 1000:7.1f} ms  "
              f"({cpu / QUERY_BUDGET:.1%} of the default budget of {QUERY_BUDGET:g} s)")


def _cpu() -> float:
    """CPU seconds of this process (every thread) and of its finished child processes."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


class Slices:
    """Where the build's time goes, per ``every`` documents (Linux: threads and processes are
    read from ``/proc``). Each row: wall-clock seconds, and CPU seconds of

    - ``store``: reading the documents from the store (the iterator the build consumes);
    - ``fields``: :func:`~index.search.fields.document_fields` in this process;
    - ``python``: the rest of this process's Python threads (handing texts to the worker
      processes and taking their words back, the engine's Python side);
    - ``engine``: the engine's own threads in this process (tantivy's indexing and merging);
    - ``workers``: the worker processes (making the words of the texts);

    then the segments the engine has written so far. A phase whose CPU time per
    slice grows with the index is what makes the rate fall."""

    HEADER = "  documents   wall |  store  fields  python  engine  workers | segments"

    def __init__(self, directory: Path, engine: str, every: int = 10_000):
        self.directory, self.every, self.spent = directory, every, {"store": 0.0, "fields": 0.0}
        self.module = engine_module(engine)
        self.comm = _comm(os.getpid(), os.getpid())
        self.last: dict = {}

    def documents(self, documents):
        """``documents``, with the CPU time spent fetching each counted as ``store``."""
        documents = iter(documents)
        while True:
            cpu = time.thread_time()
            doc = next(documents, None)
            self.spent["store"] += time.thread_time() - cpu
            if doc is None:
                return
            yield doc

    def __enter__(self):
        inner = self.module.document_fields

        def fields(doc):
            cpu = time.thread_time()
            try:
                return inner(doc)
            finally:
                self.spent["fields"] += time.thread_time() - cpu

        self.module.document_fields, self._inner = fields, inner
        print(self.HEADER)
        self.last = self._sample()
        return self

    def __exit__(self, *exc):
        self.module.document_fields = self._inner

    def __call__(self, count: int) -> None:
        if count % self.every == 0:
            self.row(f"{count:11d}")

    def row(self, label: str) -> None:
        now = self._sample()
        d = {k: now[k] - self.last[k] for k in ("wall", "store", "fields", "workers")}
        python = sum(cpu - self.last["threads"].get(tid, (name, 0.0))[1]
                     for tid, (name, cpu) in now["threads"].items() if name == self.comm)
        engine = max(0.0, now["process"] - self.last["process"] - python)  # every other thread, ended ones too
        python -= d["store"] + d["fields"]
        print(f"{label} {d['wall']:6.1f} | {d['store']:6.2f}  {d['fields']:6.2f}  {python:6.2f}  {engine:6.2f}  "
              f"{d['workers']:7.2f} | {now['segments']:8d}", flush=True)
        self.last = now

    def _sample(self) -> dict:
        threads = {}
        for tid in os.listdir("/proc/self/task"):
            try:
                threads[tid] = (_comm(os.getpid(), tid), _stat_cpu(f"/proc/self/task/{tid}/stat"))
            except OSError:
                pass
        built = max(self.directory.glob("engine-*"), key=lambda p: p.stat().st_mtime, default=None)
        return {"wall": time.perf_counter(), "process": time.process_time(), "store": self.spent["store"], "fields": self.spent["fields"],
                "threads": threads, "workers": _children_cpu(), "segments": _segments(built) if built else 0}


def _stat_cpu(path: str) -> float:
    """User and system CPU seconds of a ``/proc/.../stat`` line (fields 14 and 15)."""
    raw = Path(path).read_text()
    fields = raw[raw.rindex(")") + 2:].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _segments(folder: Path) -> int:
    """Segments among an engine folder's files (one name, several extensions, per segment)."""
    return len({f.name.split(".")[0] for f in folder.iterdir() if not f.name.startswith(".") and f.suffix != ".json"})


def _comm(pid, tid) -> str:
    return Path(f"/proc/{pid}/task/{tid}/comm").read_text().strip()


_finished_children: dict = {}


def _children_cpu() -> float:
    """CPU seconds of this process's child processes, living (read from ``/proc``) and
    finished (as last seen)."""
    me = str(os.getpid())
    for pid in os.listdir("/proc"):
        if pid.isdigit():
            try:
                raw = Path(f"/proc/{pid}/stat").read_text()
                if raw[raw.rindex(")") + 2:].split()[1] == me:
                    _finished_children[pid] = _stat_cpu(f"/proc/{pid}/stat")
            except (OSError, ValueError):
                pass
    return sum(_finished_children.values())


def folder_size(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def run(count: int, procs: int, keep, k: int, engine: str, reuse: bool = False, slices: bool = False) -> None:
    directory = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="diarium-bench-"))
    if reuse:
        store, organisations, cases = kept_store(directory, count)
        print(f"documents: {store.document_count()} (kept in {directory}, {engine_name(directory)})")
        time_queries(directory, organisations, cases, k)
        store.close()
        return
    shutil.rmtree(directory, ignore_errors=True)
    t = time.perf_counter()
    store, organisations, cases, mean_chars = fill_store(directory, count)
    print(f"documents: {count}  mean text: {mean_chars / 1000:.1f} kB  store filled in {time.perf_counter() - t:.1f} s")
    load = os.getloadavg()[0]
    t, cpu = time.perf_counter(), _cpu()
    if slices:
        with Slices(directory, engine) as timer:
            rebuild(directory, timer.documents(store.documents()), procs=procs, engine=engine, progress=timer)
            timer.row(f"{'commit':>11s}")
    else:
        rebuild(directory, store.documents(), procs=procs, engine=engine)
    build, cpu = time.perf_counter() - t, _cpu() - cpu
    print(f"engine build ({engine}): {count / build:.0f} documents/s  ({build:.1f} s, procs {procs}; "
          f"CPU {cpu:.1f} s: {count / cpu:.0f} documents per CPU second; "
          f"load average {load:.1f} before, {os.getloadavg()[0]:.1f} after)")
    t = time.perf_counter()
    orgs.refresh(store)
    print(f"registry refresh: {time.perf_counter() - t:.1f} s")
    engine_dir = next(p for p in directory.iterdir() if p.is_dir() and p.name.startswith("engine"))
    print(f"index size: engine {folder_size(engine_dir) / 1e6:.0f} MB, store {os.path.getsize(directory / 'store.sqlite') / 1e6:.0f} MB")
    time_queries(directory, organisations, cases, k)
    store.close()
    if not keep:
        shutil.rmtree(directory, ignore_errors=True)


def time_queries(directory: Path, organisations, cases, k: int) -> None:
    org_qs, case_qs, text_qs = queries(random.Random(7), organisations, cases, k)
    search(directory, "uppvärmning")  # warm: searcher, columns, registry
    for label, qs in (("organisation", org_qs), ("case number", case_qs), ("free text", text_qs)):
        t = timed(directory, qs)
        print(f"{label:13s} wall p50 {t['wall'][0]:6.1f} ms  p95 {t['wall'][1]:6.1f} ms  "
              f"engine p50 {t['engine'][0]:5.1f} p95 {t['engine'][1]:5.1f} ms  "
              f"(p95 {t['wall'][1] / max(t['engine'][1], 1e-3):.1f}x the engine's)  understood as {t['kinds']}\n"
              f"{'':13s} CPU  p50 {t['cpu'][0]:6.1f} ms  p95 {t['cpu'][1]:6.1f} ms  "
              f"engine p50 {t['engine_cpu'][0]:5.1f} p95 {t['engine_cpu'][1]:5.1f} ms  "
              f"(p95 {t['cpu'][1] / max(t['engine_cpu'][1], 1e-3):.1f}x the engine's)")
    broad(directory)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--docs", type=int, action="append", help="documents to generate (repeatable)")
    parser.add_argument("--procs", type=int, default=1, help="processes for the engine build (tantivy: as many preparing documents and indexing threads)")
    parser.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE, help="search engine (default tantivy)")
    parser.add_argument("--queries", type=int, default=200, help="queries of each kind")
    parser.add_argument("--keep", help="build in this folder and keep it")
    parser.add_argument("--slices", action="store_true",
                        help="print where the build's time goes per 10 000 documents (CPU per phase, thread and process)")
    parser.add_argument("--reuse", action="store_true",
                        help="time the queries again on the index an earlier run kept in --keep (same --docs)")
    args = parser.parse_args(argv)
    if args.reuse and not args.keep:
        parser.error("--reuse needs --keep DIR")
    for count in args.docs or [10_000]:
        run(count, args.procs, args.keep, args.queries, args.engine, args.reuse, args.slices)
    return 0


if __name__ == "__main__":
    sys.exit(main())
