"""``diarium import`` and ``diarium forget``: fill the index from files, and take files out."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from diarium.cli import EXIT_FAILED, EXIT_OK, index_dir, index_flag, print_json
from extractor.errors import printable
from extractor.identifiers.personnummer import mask_name


def register(commands) -> None:
    command = commands.add_parser(
        "import", help="read, extract and index files and folders (resumable; safe to interrupt)")
    command.add_argument("paths", nargs="+", type=Path, metavar="PATH", help="files, or folders to walk")
    index_flag(command)
    command.add_argument("--workers", type=int, default=None, metavar="N",
                         help="worker processes (default: one per core)")
    command.add_argument("--no-ocr", dest="ocr", action="store_false",
                         help="do not OCR scanned pages (files that need it fail)")
    command.add_argument("--retry-failed", action="store_true",
                         help="take only the files that failed before, again")
    command.add_argument("--timeout", type=float, default=300.0, metavar="SECONDS",
                         help="CPU-time bound per file (default 300)")
    command.add_argument("--max-memory", type=int, default=3072, metavar="MB",
                         help="memory bound per reading process (default 3072)")
    command.add_argument("--cluster", default=os.environ.get("DIARIUM_CLUSTER") or None, metavar="ADDRESS",
                         help="read on the workers of this Dask scheduler, e.g. tcp://host:8786 "
                              "(default: $DIARIUM_CLUSTER; --workers then does not apply)")
    command.add_argument("--send-files", action="store_true",
                         help="with --cluster: send each file's bytes to the workers instead of its path")
    command.add_argument("--engine", choices=["tantivy", "whoosh"], default=None,
                         help="search engine of a new index (default tantivy); an existing index "
                              "given another is rebuilt from its store")
    command.add_argument("--corrections", type=Path, default=None, metavar="FILE",
                         help="organisation corrections (JSON) to keep with the index and apply")
    command.add_argument("--json", action="store_true", help="print the summary as JSON")
    command.set_defaults(run=run_import)

    command = commands.add_parser("forget", help="remove a file, or every file under a folder, from the index")
    command.add_argument("path", type=Path, metavar="PATH")
    index_flag(command)
    command.set_defaults(run=run_forget)


def run_import(args) -> int:
    from index.importing.importer import ProgressBar, import_paths

    if args.workers is not None and args.workers < 1:
        print("diarium: --workers must be at least 1", file=sys.stderr)
        return 2
    if args.send_files and not args.cluster:
        print("diarium: --send-files needs --cluster (or $DIARIUM_CLUSTER)", file=sys.stderr)
        return 2
    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"diarium: {printable(mask_name(str(path)))}: no such file or folder", file=sys.stderr)
    if args.corrections is not None:
        from index.organisations.registry import install_corrections

        install_corrections(index_dir(args), args.corrections)
    progress = ProgressBar() if sys.stderr.isatty() else None
    summary = import_paths(
        [p for p in args.paths if p.exists()], index_dir(args), workers=args.workers, ocr=args.ocr,
        retry_failed=args.retry_failed, progress=progress, file_timeout=args.timeout,
        memory_limit_mb=args.max_memory, cluster=args.cluster, send_files=args.send_files, engine=args.engine,
    )
    if progress:
        progress.close()
    if args.corrections is not None and not summary.interrupted:
        from index.organisations import registry as orgs
        from index.store import Store

        with Store(index_dir(args)) as store:
            store.acquire_writer_lock()
            orgs.refresh(store)
    if args.json:
        print_json(summary.to_dict())
    else:
        print(format_summary(summary.to_dict()))
    if summary.error:
        print(f"diarium: {summary.error}", file=sys.stderr)
        return EXIT_FAILED
    if summary.interrupted:
        print("diarium: interrupted; what was committed stays, run the same command to continue",
              file=sys.stderr)
        return 130
    return EXIT_FAILED if summary.counts["failed"] or missing else EXIT_OK


def format_summary(s: dict) -> str:
    counts = ", ".join(f"{n} {status}" for status, n in s["counts"].items() if n) or "nothing to do"
    lines = [f"{s['files']} files: {counts}",
             f"{s['documents']} documents, {s['pages']} pages in {s['seconds']:.1f} s "
             f"({s['pages_per_second']:.1f} pages/s)"]
    lines += [f"skipped: {printable(f['path'])}: {printable(f['reason'])}" for f in s.get("skipped", [])]
    lines += [f"note: {printable(n['path'])}: {printable(n['note'])}" for n in s.get("notes", [])]
    lines += [f"failed: {printable(f['path'])}: {printable(f['reason'])}" for f in s["failures"]]
    return "\n".join(lines)


def run_forget(args) -> int:
    from index.importing.importer import forget

    paths, ids = forget(index_dir(args), args.path)
    if not paths:
        print(f"diarium: {args.path}: not in the index", file=sys.stderr)
        return EXIT_FAILED
    print(f"forgot {len(paths)} file(s), {len(ids)} document(s)")
    return EXIT_OK
