#!/usr/bin/env python3
"""Score Diarium's extraction against a gold file: precision, recall and F1 per fact kind.

    python scripts/evaluate.py GOLD.json DOCS_DIR [--json] [--details]

Prints a table, then (with --details, or always for kinds below F1 1.0) the misses and
false finds per document. Exit 0 when it ran, 1 when a document could not be read.
"""

import argparse
import json
import sys
from pathlib import Path

from extractor import UnreadableDocument, extract_file
from extractor.evaluation import score


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", type=Path)
    parser.add_argument("docs", type=Path)
    parser.add_argument("--json", action="store_true", help="print the scores as JSON")
    parser.add_argument("--details", action="store_true", help="list misses and false finds for every kind")
    args = parser.parse_args(argv)
    gold = json.loads(args.gold.read_text("utf-8"))["documents"]
    try:
        scores = score(gold, lambda name: extract_file(args.docs / name).to_dict())
    except UnreadableDocument as exc:
        print(f"evaluate: {exc}", file=sys.stderr)
        return 1
    if args.json:
        print(json.dumps({k: {"precision": s.precision, "recall": s.recall, "f1": s.f1, "tp": s.tp, "fp": s.fp,
                              "fn": s.fn} for k, s in scores.items()}, indent=2))
        return 0
    print(f"{'fact kind':<20} {'precision':>9} {'recall':>7} {'F1':>6} {'tp':>4} {'fp':>4} {'fn':>4}")
    for kind, s in scores.items():
        print(f"{kind:<20} {s.precision:9.3f} {s.recall:7.3f} {s.f1:6.3f} {s.tp:4d} {s.fp:4d} {s.fn:4d}")
    for kind, s in scores.items():
        if args.details or s.f1 < 1.0:
            for doc, item in s.misses:
                print(f"  miss  {kind:<18} {doc}: {item}")
            for doc, item in s.false_finds:
                print(f"  false {kind:<18} {doc}: {item}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
