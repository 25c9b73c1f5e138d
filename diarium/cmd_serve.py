"""``diarium serve``: the web interface on this machine (127.0.0.1 unless told otherwise)."""

from __future__ import annotations

import sys

from diarium.cli import EXIT_OK, index_dir, index_flag
from index.store import Store


def register(commands) -> None:
    parser = commands.add_parser("serve", help="serve the web interface for an index",
                                 description="Serve search, documents, organisations and case lineages "
                                             "as web pages with JSON twins (read-only).")
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1: this machine only)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.add_argument("--allow-host", action="append", default=[], metavar="NAME",
                        help="another host name the server may be reached by (repeatable); requests naming any "
                             "host but 127.0.0.1, localhost, ::1, --host and these get 421")
    parser.add_argument("--budget", type=float, default=None, metavar="SECONDS",
                        help="CPU seconds one search may spend; a broader one answers 400 (default 5)")
    index_flag(parser)
    parser.set_defaults(run=run_serve)


def run_serve(args) -> int:
    import uvicorn

    from diarium.web import create_app

    from index.search.engine import QUERY_BUDGET

    if args.budget is not None and not args.budget >= 0:
        print("diarium: --budget must be 0 or more", file=sys.stderr)
        return 2
    directory = index_dir(args)
    Store(directory).close()  # no index here: say so now, not on the first request
    print(f"diarium: serving {directory} on http://{args.host}:{args.port}/ (Ctrl+C stops)", file=sys.stderr)
    hosts = [args.host, *args.allow_host] if args.host not in ("0.0.0.0", "::") else list(args.allow_host)
    budget = QUERY_BUDGET if args.budget is None else args.budget
    uvicorn.run(create_app(directory, hosts=hosts, budget=budget), host=args.host, port=args.port, log_level="warning")
    return EXIT_OK
