"""The command line: stdout carries data, stderr one-line errors; exit 0, 1 (file unreadable) or 2 (usage)."""

import json
import subprocess
import sys

import pytest

from diarium.cli import main

MEMO = """Tjänsteskrivelse
Datum 2023-03-01

Förlängning av överenskommelse med Föreningen Exempel i Lund KS 2023/45

Sammanfattning
Nuvarande överenskommelse löper ut den 31 mars 2023 (KS 2021/12). Kommunen bidrar med 120 000 kronor per år.
"""


@pytest.fixture
def memo(tmp_path):
    path = tmp_path / "memo.txt"
    path.write_text(MEMO, encoding="utf-8")
    return path


@pytest.mark.parametrize("flag", ["--json"])
def test_json_is_one_array_on_stdout(memo, capsys, flag):
    assert main(["extract", str(memo), flag]) == 0
    out = capsys.readouterr()
    data = json.loads(out.out)
    assert data[0]["own_case_numbers"] == ["KS 2023/45"]
    assert data[0]["referenced_case_numbers"][0]["relation"] == "predecessor"
    assert out.err == ""


@pytest.mark.parametrize("count", [2])
def test_nl_is_one_object_per_line(memo, capsys, count):
    assert main(["extract", str(memo), str(memo.parent), "--nl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == count and all(json.loads(line)["id"] for line in lines)


@pytest.mark.parametrize("bad_name,content", [("missing.txt", None), ("empty.txt", b""), ("scan.pdf", b"%PDF-1.4\n")])
def test_unreadable_file_exit_1_and_the_good_one_still_printed(memo, tmp_path, capsys, bad_name, content):
    bad = tmp_path / bad_name
    if content is not None:
        bad.write_bytes(content)
    assert main(["extract", str(bad), str(memo), "--nl"]) == 1
    out = capsys.readouterr()
    assert len(out.out.splitlines()) == 1
    assert out.err.count("\n") == 1 and str(bad) in out.err and "Traceback" not in out.err


@pytest.mark.parametrize("argv", [[], ["bogus"], ["extract"], ["extract", "x.txt", "--json", "--nl"]])
def test_usage_errors_exit_2(argv):
    with pytest.raises(SystemExit) as exc:
        main(argv)
    assert exc.value.code == 2


@pytest.mark.parametrize("module", ["diarium"])
def test_python_dash_m(memo, module):
    done = subprocess.run([sys.executable, "-m", module, "extract", str(memo)], capture_output=True, text=True)
    assert done.returncode == 0 and "KS 2023/45" in done.stdout and done.stderr == ""
