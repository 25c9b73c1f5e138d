"""The ``diarium`` command: in process via diarium.cli.main, and once as a real process."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from diarium import cli, cmd_extract

ROOT = Path(__file__).resolve().parent.parent

FORLANGNING = """Tjänsteskrivelse
Datum 2024-03-12
Diarienummer ASN-2024-1234

Förlängning av överenskommelse om idéburet offentligt partnerskap med Föreningen Solrosen

Förslag till beslut
Arbetsmarknads- och socialnämnden föreslås besluta
att förlänga överenskommelsen med Föreningen Solrosen, org.nr 802002-8711, för perioden 1 januari 2025 till 31 december 2025.

Ärendet
Den pågående överenskommelsen (ASN-2021-6250) löper ut den 31 december 2024. Nämnden bidrar med 1 070 000 kr per år.

Ansvariga
Anna Berg, avdelningschef
"""

BIDRAG = """Tjänsteskrivelse
Datum 2023-09-01
Dnr KS 2023/123

Bidrag till Kulturföreningen Lyktan för 2024

Sammanfattning
Kommunstyrelsen föreslås bevilja Kulturföreningen Lyktan, organisationsnummer 769605-8804, ett bidrag om 250 000 kr för perioden 2024-01-01 t.o.m. 2024-12-31.
"""


@pytest.fixture
def docs(tmp_path):
    folder = tmp_path / "handlingar"
    (folder / "under").mkdir(parents=True)
    a = folder / "a_forlangning.txt"
    a.write_text(FORLANGNING, encoding="utf-8")
    b = folder / "under" / "b_bidrag.md"
    b.write_text(BIDRAG, encoding="cp1252")
    return {"folder": folder, "a": a, "b": b}


def run(capsys, argv):
    """``main(argv)``: (exit code, stdout, stderr); usage errors come as SystemExit from argparse."""
    try:
        code = cli.main([str(a) for a in argv])
    except SystemExit as exc:
        code = exc.code
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("doc", ["a"])
def test_extract_one_file_prints_facts(capsys, docs, doc):
    code, out, err = run(capsys, ["extract", docs[doc]])
    assert code == 0
    assert err == ""
    assert str(docs[doc]) in out
    assert "ASN-2024-1234" in out
    assert "ASN-2021-6250" in out
    assert "802002-8711" in out
    assert "2025-01-01" in out and "2025-12-31" in out


@pytest.mark.parametrize("flag", ["--json"])
def test_json_is_one_array(capsys, docs, flag):
    code, out, err = run(capsys, ["extract", flag, docs["a"], docs["b"]])
    assert code == 0
    data = json.loads(out)
    assert isinstance(data, list) and len(data) == 2
    assert [d["path"] for d in data] == [str(docs["a"]), str(docs["b"])]
    assert data[0]["own_case_numbers"] == ["ASN-2024-1234"]
    assert data[1]["own_case_numbers"] == ["KS 2023/123"]
    assert {o["number"] for o in data[1]["org_numbers"]} == {"769605-8804"}


@pytest.mark.parametrize("flag", ["--nl"])
def test_nl_is_one_object_per_line(capsys, docs, flag):
    code, out, err = run(capsys, ["extract", flag, docs["a"], docs["b"]])
    assert code == 0
    lines = out.splitlines()
    assert len(lines) == 2
    objects = [json.loads(line) for line in lines]
    assert all(isinstance(o, dict) for o in objects)
    assert [o["own_case_numbers"] for o in objects] == [["ASN-2024-1234"], ["KS 2023/123"]]


@pytest.mark.parametrize("flag", ["--nl", "--json"])
def test_folder_is_walked(capsys, docs, flag):
    code, out, err = run(capsys, ["extract", flag, docs["folder"]])
    assert code == 0
    data = [json.loads(line) for line in out.splitlines()] if flag == "--nl" else json.loads(out)
    assert sorted(d["path"] for d in data) == sorted([str(docs["a"]), str(docs["b"])])


@pytest.mark.parametrize(
    "bad_name, content",
    [
        ("saknas.txt", None),  # missing
        ("tom.txt", b""),  # empty
        ("binar.txt", b"\x00\x01\x02" * 50),  # binary
        ("skannad.pdf", b"%PDF-1.4\n"),  # PDF
    ],
)
def test_bad_file_exit_1_one_line_message_good_files_still_printed(capsys, docs, tmp_path, bad_name, content):
    bad = tmp_path / bad_name
    if content is not None:
        bad.write_bytes(content)
    code, out, err = run(capsys, ["extract", "--nl", docs["a"], bad, docs["b"]])
    assert code == 1
    assert [json.loads(line)["path"] for line in out.splitlines()] == [str(docs["a"]), str(docs["b"])]
    err_lines = err.strip().splitlines()
    assert len(err_lines) == 1
    assert err_lines[0].startswith("diarium: ")
    assert str(bad) in err_lines[0]
    assert "Traceback" not in err


@pytest.mark.parametrize("flag", ["--json"])
def test_bad_file_with_json_still_gives_parseable_array(capsys, docs, tmp_path, flag):
    code, out, err = run(capsys, ["extract", flag, docs["a"], tmp_path / "saknas.txt"])
    assert code == 1
    assert [d["path"] for d in json.loads(out)] == [str(docs["a"])]
    assert "saknas.txt" in err


@pytest.mark.parametrize("name, content", [("tom.txt", b"")])
def test_bad_file_inside_a_folder(capsys, docs, name, content):
    (docs["folder"] / name).write_bytes(content)
    code, out, err = run(capsys, ["extract", "--nl", docs["folder"]])
    assert code == 1
    assert len(out.splitlines()) == 2
    assert err.startswith("diarium: ") and name in err


@pytest.mark.parametrize(
    "argv",
    [[], ["frobnicate"], ["extract"], ["extract", "--json", "--nl", "x.txt"], ["--no-such-option", "extract", "x.txt"]],
)
def test_usage_errors_exit_2(capsys, argv):
    code, out, err = run(capsys, argv)
    assert code == 2
    assert out == ""
    assert "usage:" in err
    assert "Traceback" not in err


@pytest.mark.parametrize("debug", [False, True])
def test_internal_error_is_one_line_unless_debug(capsys, docs, monkeypatch, debug):
    def broken(path, ocr=True):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(cmd_extract, "extract_documents", broken)
    code, out, err = run(capsys, (["--debug"] if debug else []) + ["extract", docs["a"]])
    assert code == 1
    assert "diarium: internal error: RuntimeError: simulated bug" in err
    assert ("Traceback" in err) is debug
    if not debug:
        assert len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("extra", [["--json"]])
def test_subprocess(docs, tmp_path, extra):
    missing = tmp_path / "saknas.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "diarium", "extract", *extra, str(docs["a"]), str(missing)],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120,
    )
    assert proc.returncode == 1
    assert [d["own_case_numbers"] for d in json.loads(proc.stdout)] == [["ASN-2024-1234"]]
    assert proc.stderr.strip().splitlines() == [proc.stderr.strip()]
    assert proc.stderr.startswith("diarium: ") and str(missing) in proc.stderr
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("argv, code", [([], 2)])
def test_subprocess_usage_errors(argv, code):
    proc = subprocess.run(
        [sys.executable, "-m", "diarium", *argv], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == code
    assert proc.stdout == ""
    assert "Traceback" not in proc.stderr
