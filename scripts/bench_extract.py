#!/usr/bin/env python3
"""Extraction speed and memory on one core: documents of about 10 kB a second.

    python scripts/bench_extract.py [--docs 1000] [--size 10000] [--seed 1] [--finders]

Builds documents of about ``--size`` bytes from the paragraphs of the sample corpus,
with every number in them redrawn at random (so no two documents are alike), then runs
``extract_text`` on each in this one process and prints documents per second (of wall time
and of this process's CPU time, which other load on the machine distorts less), kB per second
and peak resident memory. ``--finders`` adds each step's CPU time per document (a step's
time includes the finders it calls itself, so the column does not add up to the total).
"""

import argparse
import collections
import random
import re
import resource
import sys
import time
from pathlib import Path

from extractor import extract_text, pipeline

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from tests.filemaker import redraw_digits  # noqa: E402

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "documents"


def paragraphs() -> list[str]:
    out = []
    for path in sorted(CORPUS.glob("*")):
        out += [p for p in re.split(r"\n\s*\n", path.read_text("utf-8")) if p.strip()]
    return out


def make_documents(n: int, size: int, seed: int):
    rng = random.Random(seed)
    pool = paragraphs()
    for _ in range(n):
        parts, length = [], 0
        while length < size:
            p = redraw_digits(rng.choice(pool), rng)
            parts.append(p)
            length += len(p.encode("utf-8")) + 2
        yield "\n\n".join(parts)


# The steps of ``extractor.pipeline.extract_with_doc``, as it names them.
STEPS = ["_mask_and_clean", "make_doc", "Sections", "Clauses", "diarienummer.find", "relations.split_own",
         "period.find", "find_mentions", "Resolver", "document.decided_by", "document.document_type",
         "document.own_date", "document.title", "paragraphs.find", "amount.find", "agreement.agreement_period",
         "select_parties", "relations.classify", "meetings.decision_refs", "funding.find", "people.find",
         "meetings.meetings", "_lift"]


def time_steps(times: collections.Counter) -> None:
    """Wrap each step so that its CPU time adds up in ``times``."""
    for step in STEPS:
        owner_name, _, name = step.rpartition(".")
        owner = getattr(pipeline, owner_name) if owner_name else pipeline
        function = getattr(owner, name)

        def timed(*args, _function=function, _step=step, **kwargs):
            start = time.process_time()
            try:
                return _function(*args, **kwargs)
            finally:
                times[_step] += time.process_time() - start

        setattr(owner, name, timed)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--size", type=int, default=10_000, help="bytes per document")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--finders", action="store_true", help="CPU time per document of each step")
    args = parser.parse_args(argv)
    documents = list(make_documents(args.docs, args.size, args.seed))
    total_bytes = sum(len(d.encode("utf-8")) for d in documents)
    extract_text(documents[0])  # load the pipeline and vocabularies once, outside the timing
    times: collections.Counter = collections.Counter()
    if args.finders:
        time_steps(times)
    start, cpu_start = time.perf_counter(), time.process_time()
    facts = 0
    for text in documents:
        e = extract_text(text)
        facts += len(e.amounts) + len(e.periods) + len(e.referenced_case_numbers) + len(e.people)
    elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"documents: {len(documents)}  mean size: {total_bytes / len(documents) / 1000:.1f} kB  facts: {facts}")
    print(f"extraction: {len(documents) / elapsed:.1f} documents/s  {total_bytes / elapsed / 1000:.0f} kB/s  "
          f"({elapsed:.2f} s on one core)")
    print(f"CPU time: {cpu:.2f} s, {len(documents) / cpu:.1f} documents per CPU second")
    print(f"peak resident memory: {peak_mb:.0f} MB (whole process, corpus held in memory)")
    for step, seconds in times.most_common():
        print(f"  {step:28s} {seconds / len(documents) * 1000:6.2f} ms CPU a document")
    return 0


if __name__ == "__main__":
    sys.exit(main())
