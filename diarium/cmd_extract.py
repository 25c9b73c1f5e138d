"""``diarium extract``: print the facts of documents, touching no index."""

from __future__ import annotations

import json
import sys
from pathlib import Path

from diarium.cli import EXIT_FAILED, EXIT_OK, output_flags
from extractor import UnreadableDocument
from extractor.errors import shown, terminal
from extractor.pipeline import extract_documents
from index.importing.walk import walk


def register(commands) -> None:
    extract = commands.add_parser("extract", help="print the facts of documents (touches no index)")
    extract.add_argument("paths", nargs="+", type=Path, metavar="FILE", help="files, or folders to walk")
    extract.add_argument("--no-ocr", dest="ocr", action="store_false", help="do not OCR scanned pages")
    output_flags(extract)
    extract.set_defaults(run=run_extract)


def run_extract(args) -> int:
    failed = 0
    results = []
    for found in walk(args.paths):
        if found.status != "file":  # skipped (a format no reader knows, a link out) or unreadable
            message = f"{found.status}, {found.reason}" if found.status == "skipped" else found.reason
            print(f"diarium: {'[D101] ' if found.status == 'failed' else ''}{shown(found.path)}: {message}",
                  file=sys.stderr)
            failed += found.status == "failed"
            continue
        path = found.path
        try:
            extractions = extract_documents(path, ocr=args.ocr)
        except UnreadableDocument as exc:
            print(f"diarium: {exc}", file=sys.stderr)
            failed += 1
            continue
        for extraction in extractions:
            data = extraction.to_dict()
            if args.output == "nl":
                print(json.dumps(data, ensure_ascii=False), flush=True)
            elif args.output == "json":
                results.append(data)
            else:
                print(terminal(format_extraction(data)))
    if args.output == "json":
        print(json.dumps(results, ensure_ascii=False, indent=2))
    return EXIT_FAILED if failed else EXIT_OK


def format_extraction(d: dict) -> str:
    """A human-readable summary of one extraction."""
    lines = [f"{d['path']}  [{d['id']}]",
             f"  {d['document_type'] or 'okänd typ'}: {d['title'] or '(ingen titel)'}",
             f"  datum {d['date'] or '-'}  beslutas av {d['decided_by'] or '-'}  ({d['authority'] or '-'})",
             f"  eget diarienummer: {', '.join(d['own_case_numbers']) or '-'}"]
    lines += [f"  hänvisar till {r['number']} ({r['relation']})" for r in d["referenced_case_numbers"]]
    lines += [f"  beslut {r['body']} {r['date']}" + (f" § {r['paragraph']}" if r["paragraph"] else "") for r in d["decision_refs"]]
    if d["agreement_period"]:
        lines.append(f"  avtalsperiod {d['agreement_period'][0]} – {d['agreement_period'][1]}")
    lines += [f"  part {p['name']}" + (f" ({p['org_number']})" if p["org_number"] else "") for p in d["parties"]]
    lines += [f"  finansiering {f['payer']}: {f['amount']:,} kr {f['basis']}".replace(",", " ") for f in d["funding"]]
    lines += [f"  person {p['name']}" + (f", {p['title']}" if p["title"] else "") for p in d["people"]]
    lines += [f"  möte {m['body']} {m['date']}" for m in d["meetings"]]
    return "\n".join(lines)
