#!/usr/bin/env python3
"""Score Diarium's extraction against a gold file: precision, recall and F1 per fact kind.

    python scripts/evaluate.py GOLD.json DOCS_DIR [--json] [--details] [--links]

Prints a table, then (with --details, or always for kinds below F1 1.0) the misses and
false finds per document. With --links, also the links between documents: precision and
recall of typed links, traces in the right order, must-not-link violations (see
index/linking/evaluation.py). Exit 0 when it ran, 1 when a document could not be read.
"""

import argparse
import json
import sys
from pathlib import Path

from extractor import UnreadableDocument
from extractor.evaluation import score
from extractor.pipeline import extract_source
from extractor.reading.readers import read


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("docs", type=Path)
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--details", action="store_true", help="list misses and false finds for every kind")
    parser.add_argument("--links", action="store_true", help="also score links, traces and must-not-link pairs")
    args = parser.parse_args(argv)
    whole_gold = json.loads(args.gold.read_text("utf-8"))
    gold = whole_gold["documents"]
    extractions, texts = {}, {}

    def extract(name: str) -> dict:
        # Each file is read once (a PDF's text layer, OCR for scans); links use the same text.
        if name not in extractions:
            source = read(args.docs / name)
            extractions[name] = extract_source(source).to_dict()
            texts[extractions[name]["id"]] = source.text
        return extractions[name]

    try:
        scores = score(gold, extract)
        links = score_links_of(whole_gold, extractions, texts) if args.links else None
    except UnreadableDocument as exc:
        print(f"evaluate: {exc}", file=sys.stderr)
        return 1
    if args.json:
        result = {k: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "tp": s.tp, "fp": s.fp,
                      "fn": s.fn, "documents": s.documents} for k, s in scores.items()}
        if links is not None:
            result["links"] = links.to_dict()
        print(json.dumps(result, indent=2, ensure_ascii=False))
        return 0
    print(f"{'fact kind':<20} {'precision':>9} {'recall':>7} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    for kind, s in scores.items():
        if not s.documents:
            print(f"{kind:<20} {'not annotated':>24}")
            continue
        print(f"{kind:<20} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f} {s.tp:4d} {s.fp:4d} {s.fn:4d}")
    for kind, s in scores.items():
        if args.details or s.f1 < 1.0:
            for doc, item in s.misses:
                print(f"  miss  {kind:<18} {doc}: {item}")
            for doc, item in s.false_finds:
                print(f"  false {kind:<18} {doc}: {item}")
    if links is not None:
        print_links(links)
    return 0


def score_links_of(gold: dict, extractions: dict, texts: dict):
    from index.linking.evaluation import score_links
    from index.linking.links import find_links

    return score_links(gold, find_links(list(extractions.values()), texts.get), extractions)


def print_links(s) -> None:
    print(f"\n{'links':<20} {'precision':>9} {'recall':>7} {'tp':>4} {'fp':>4} {'fn':>4}")
    print(f"{'typed links':<20} {s.precision:9.3f} {s.recall:7.3f} {s.tp:4d} {s.fp:4d} {s.fn:4d}")
    print(f"traces in order: {s.traces_ok}/{s.traces}   must-not-link violations: {len(s.violations)}")
    for item in s.misses:
        print(f"  miss  link  {item}")
    for item in s.false_finds:
        print(f"  false link  {item}")
    for failure in s.trace_failures:
        print(f"  trace {failure['from']}: {'; '.join(failure['problems'])}")
    for a, b in s.violations:
        print(f"  violation  {a} and {b} share a lineage")


if __name__ == "__main__":
    sys.exit(main())
