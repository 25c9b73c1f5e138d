"""``diarium export``: write an index (or part of it) as JSON Lines, CSV or SQLite."""

from __future__ import annotations

import argparse
import sys

from diarium.cli import EXIT_OK, index_dir, index_flag, print_json
from index.export import export
from index.export.formats import FORMATS, Filters


def register(commands) -> None:
    parser = commands.add_parser(
        "export", help="write the index as JSON Lines, CSV or SQLite",
        description="Write the documents of an index (all, or those the filters select). "
                    "jsonl: one extraction per line with its text, re-importable. "
                    "csv: OUT-documents.csv and OUT-funding.csv (OUT a base name), or documents.csv and "
                    "funding.csv inside OUT when OUT is a folder; UTF-8 with BOM. "
                    "sqlite: one database with full-text search, and OUT.metadata.json for Datasette.")
    parser.add_argument("out", metavar="OUT", help="file to write (for csv: a base name or a folder)")
    parser.add_argument("--format", required=True, choices=FORMATS, help="export format")
    parser.add_argument("--delimiter", default=",", choices=[",", ";", "tab"],
                        help="CSV delimiter (';' for Excel with Swedish settings; default ',')")
    parser.add_argument("--org", help="only documents about this organisation (id, name or number)")
    parser.add_argument("--case", help="only documents with or citing this case number")
    parser.add_argument("--type", dest="doc_type", help="only documents of this type (e.g. tjänsteskrivelse)")
    parser.add_argument("--from", dest="date_from", type=iso_date, metavar="DATE", help="documents dated on or after (YYYY[-MM[-DD]])")
    parser.add_argument("--to", dest="date_to", type=iso_date, metavar="DATE", help="documents dated on or before (YYYY[-MM[-DD]])")
    parser.add_argument("--json", action="store_true", help="print what was written as JSON")
    index_flag(parser)
    parser.set_defaults(run=run_export)


def iso_date(value: str) -> str:
    from index.search.query import SearchProblem, parse_date

    try:
        parse_date(value, "from")
    except SearchProblem:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)") from None
    return value


def run_export(args) -> int:
    filters = Filters(org=args.org, case=args.case, doc_type=args.doc_type,
                      date_from=args.date_from, date_to=args.date_to)
    delimiter = "\t" if args.delimiter == "tab" else args.delimiter
    summary = export(index_dir(args), args.format, args.out, filters, delimiter=delimiter)
    if args.json:
        print_json(summary)
    else:
        counts = ", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in summary.items() if isinstance(v, int))
        for name in summary["files"]:
            print(name)
        print(f"diarium: exported {counts}", file=sys.stderr)
    return EXIT_OK
