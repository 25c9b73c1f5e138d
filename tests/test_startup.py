"""Commands that do not extract never load spaCy (loading it takes seconds).

Checked by what a fresh interpreter has imported after the command ran, not by timing.
"""

import json
import subprocess
import sys
from pathlib import Path

import pytest
from tests.indexes import CORPUS, build_index

ROOT = Path(__file__).resolve().parent.parent
PROBE = """
import contextlib, io, json, sys
from diarium.cli import main
out = io.StringIO()
with contextlib.redirect_stdout(out):
    try:
        code = main({argv!r})
    except SystemExit as exc:
        code = exc.code
print(json.dumps({{"code": code, "spacy": sorted(m for m in sys.modules if m.split('.')[0] == 'spacy')}}))
"""


def imported(argv: list[str]) -> dict:
    done = subprocess.run([sys.executable, "-c", PROBE.format(argv=argv)], cwd=ROOT, capture_output=True, text=True,
                          check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def index(tmp_path_factory):
    return build_index(tmp_path_factory.mktemp("startup") / "index", [CORPUS / "malmo_asn-2023-4187_tjansteskrivelse.txt"])


@pytest.mark.parametrize("argv", [["--help"], ["search", "--help"]])
def test_help_does_not_load_spacy(argv):
    assert imported(argv) == {"code": 0, "spacy": []}


@pytest.mark.parametrize("query", ["stöd", "ASN 2023/4187", "Malmö stad"])
def test_search_does_not_load_spacy(index, query):
    assert imported(["search", query, "--index", str(index)]) == {"code": 0, "spacy": []}


@pytest.mark.slow
def test_the_probe_sees_spacy_when_a_command_extracts(tmp_path):
    sample = tmp_path / "beslut.txt"
    sample.write_text("Tjänsteskrivelse\nDnr KS 2023/123\nStöd till föreningen.\n", "utf-8")
    assert imported(["extract", str(sample)])["spacy"]
