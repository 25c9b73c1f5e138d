"""The ``diarium`` command: parses options, calls the library, formats the result.

Conventions for every command: data on stdout (``--json`` for one JSON document, ``--nl``
for one JSON object per line), progress, warnings and errors on stderr; exit 0 on success,
1 when the job could not be done (a file unreadable, no index), 2 for a usage error; no
traceback unless ``--debug``.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import traceback
from pathlib import Path

from extractor import UnreadableDocument, extract_file
from extractor.errors import DiariumError
from extractor.readers import TEXT_SUFFIXES

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="diarium", description="Read, search and connect Swedish decision documents.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    extract = commands.add_parser("extract", help="print the facts of documents (touches no index)")
    extract.add_argument("paths", nargs="+", type=Path, metavar="FILE", help="files, or folders to walk")
    _output_flags(extract)
    extract.set_defaults(run=run_extract)
    return parser


def _output_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_mutually_exclusive_group()
    group.add_argument("--json", dest="output", action="store_const", const="json", help="one JSON array")
    group.add_argument("--nl", dest="output", action="store_const", const="nl", help="one JSON object per line")
    parser.set_defaults(output="text")


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.run(args)
    except DiariumError as exc:
        print(f"diarium: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("diarium: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # the reader went away (``diarium extract ... | head``): not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # a bug: say so in one line, trace only when asked
        if args.debug:
            traceback.print_exc()
        print(f"diarium: internal error: {type(exc).__name__}: {exc} (run with --debug for details)", file=sys.stderr)
        return EXIT_FAILED


def run_extract(args) -> int:
    failed = 0
    results = []
    for path in _walk(args.paths):
        try:
            data = extract_file(path).to_dict()
        except UnreadableDocument as exc:
            print(f"diarium: {exc}", file=sys.stderr)
            failed += 1
            continue
        if args.output == "nl":
            print(json.dumps(data, ensure_ascii=False), flush=True)
        elif args.output == "json":
            results.append(data)
        else:
            print(format_extraction(data))
    if args.output == "json":
        print(json.dumps(results, ensure_ascii=False, indent=2))
    return EXIT_FAILED if failed else EXIT_OK


def _walk(paths: list[Path]):
    """Files named, and the readable files in folders named; a skipped file is named on stderr."""
    for path in paths:
        if not path.is_dir():
            yield path
            continue
        for found in sorted(p for p in path.rglob("*") if p.is_file()):
            if found.suffix.lower() in TEXT_SUFFIXES - {""}:
                yield found
            else:
                print(f"diarium: {found}: skipped, format '{found.suffix or '(none)'}' is not readable yet", file=sys.stderr)


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
