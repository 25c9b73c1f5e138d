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
import importlib
import traceback
from pathlib import Path

from extractor.errors import DiariumError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

# Each command lives in its own module with a ``register(commands)`` that adds its parser.
COMMAND_MODULES = [
    "diarium.cmd_extract",
    "diarium.cmd_import",
    "diarium.cmd_search",
    "diarium.cmd_serve",
    "diarium.cmd_export",
    "diarium.cmd_trace",
]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="diarium", description="Read, search and connect Swedish decision documents.")
    parser.add_argument("--debug", action="store_true", help="show tracebacks")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(commands)
    return parser


def output_flags(parser: argparse.ArgumentParser) -> None:
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




def index_flag(parser: argparse.ArgumentParser) -> None:
    """``--index DIR``, defaulting to ``$DIARIUM_INDEX`` (else ``~/.local/share/diarium``)."""
    from index.store import default_directory

    parser.add_argument("--index", type=Path, default=None, metavar="DIR",
                        help="index folder (default: $DIARIUM_INDEX, else ~/.local/share/diarium)")
    parser.set_defaults(index_default=default_directory)


def index_dir(args) -> Path:
    return args.index if args.index is not None else args.index_default()


def print_json(data) -> None:
    print(json.dumps(data, ensure_ascii=False, indent=2))
