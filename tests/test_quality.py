"""The code passes the linter the project is configured with (ruff, ``[tool.ruff]`` in
pyproject.toml): pyflakes' errors, syntax and import errors, and no function taking more
paths than the complexity limit allows (split it instead)."""

import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_the_complexity_limit_is_set_for_all_code():
    lint = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["tool"]["ruff"]["lint"]
    assert "C901" in lint["select"] and 10 <= lint["mccabe"]["max-complexity"] <= 15
    assert "per-file-ignores" not in lint


def test_ruff_finds_nothing():
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", "--output-format", "concise", "."],
                          cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
