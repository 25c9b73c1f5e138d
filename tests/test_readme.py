"""The README documents every command and every option the command line accepts: each command
has a section whose heading names it, and each of its options stands in that section or among
the conventions every command shares (``--json``, ``--nl``, ``--index``)."""

import argparse
import re
from pathlib import Path

import pytest

from diarium.cli import build_parser

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def _commands() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def _conventions() -> str:
    """The part of ``## Command line`` above its first command."""
    return README.split("## Command line", 1)[1].split("\n### ", 1)[0]


def _section(command: str) -> str:
    """The README section whose heading (### ...) names ``diarium COMMAND``."""
    parts = re.split(r"(?m)^(?=### )", README)
    found = [p for p in parts if re.match(rf"### .*`diarium {re.escape(command)}\b", p)]
    return "\n".join(found)


@pytest.mark.parametrize("command", sorted(_commands()))
def test_every_command_and_option_is_documented(command):
    section = _section(command)
    assert section, f"no README section heading names `diarium {command}`"
    options = {o for a in _commands()[command]._actions for o in a.option_strings if o.startswith("--") and o != "--help"}
    documented = section + _conventions()
    missing = sorted(o for o in options if not re.search(rf"{re.escape(o)}(?![\w-])", documented))
    assert not missing, f"diarium {command}: options not in its README section: {missing}"
