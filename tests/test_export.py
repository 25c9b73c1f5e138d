"""Exports: JSON Lines round trips, CSV for Swedish Excel, SQLite with FTS5 and foreign keys."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

import pytest

from diarium import cli
from index.export import export
from index.export.formats import ExportProblem, Filters, csv_paths, load_jsonl, read_jsonl
from index.store import Store



@pytest.fixture(scope="module")
def index_dir(corpus_index) -> Path:
    return corpus_index


def count(index_dir) -> int:
    with Store(index_dir) as store:
        return store.document_count()


# -- JSON Lines ---------------------------------------------------------------------------------

def test_jsonl_has_one_complete_extraction_per_line(index_dir, tmp_path):
    out = tmp_path / "all.jsonl"
    summary = export(index_dir, "jsonl", out)
    lines = out.read_text(encoding="utf-8").splitlines()
    assert summary["documents"] == len(lines) == count(index_dir)
    first = json.loads(lines[0])
    assert {"id", "path", "own_case_numbers", "funding", "stored"} <= set(first)
    assert first["stored"]["text"] and first["stored"]["file"]["sha256"]


def test_jsonl_round_trip_is_lossless(index_dir, tmp_path):
    first = tmp_path / "first.jsonl"
    export(index_dir, "jsonl", first)
    with Store(tmp_path / "copy", create=True) as store:
        loaded = load_jsonl(first, store)
    assert len(loaded) == count(index_dir)
    second = tmp_path / "second.jsonl"
    export(tmp_path / "copy", "jsonl", second)
    assert second.read_text(encoding="utf-8") == first.read_text(encoding="utf-8")


@pytest.mark.parametrize("line, reason", [
    ("not json", "Expecting value"),
    ('{"id": "x"}', "missing field 'stored'"),
    ('{"id": "x", "path": "p", "sha256": "s", "pipeline_version": "1", "stored": {"part": 0}}', "missing field 'text'"),
    ("[1, 2]", "one JSON object"),
    ('{"stored": 3}', "one JSON object"),
])
def test_jsonl_reader_names_the_bad_line(tmp_path, line, reason):
    path = tmp_path / "bad.jsonl"
    path.write_text("\n" + line + "\n", encoding="utf-8")
    with pytest.raises(ExportProblem) as caught:
        list(read_jsonl(path))
    assert "bad.jsonl:2: not a line of a Diarium JSON Lines export" in str(caught.value)
    assert reason in str(caught.value)


# -- filters ------------------------------------------------------------------------------------

def ids(index_dir, tmp_path, filters: Filters) -> set:
    out = tmp_path / "f.jsonl"
    export(index_dir, "jsonl", out, filters)
    return {json.loads(l)["id"] for l in out.read_text(encoding="utf-8").splitlines()}


@pytest.mark.parametrize("filters, check", [
    (Filters(doc_type="Protokoll"), lambda ex: ex["document_type"] == "protokoll"),
    (Filters(date_from="2021", date_to="2022-06-30"), lambda ex: "2021-01-01" <= ex["date"] <= "2022-06-30"),
    (Filters(case="von 2020 / 388"), lambda ex: "VON 2020/388" in ex["own_case_numbers"]
        + [r["number"] for r in ex["referenced_case_numbers"]]),
    (Filters(org="845002-3174"), lambda ex: True),
])
def test_filters_select_matching_documents(index_dir, tmp_path, filters, check):
    selected = ids(index_dir, tmp_path, filters)
    assert selected
    with Store(index_dir) as store:
        for doc_id, _, ex in store.extractions():
            if doc_id in selected:
                assert check(ex), (doc_id, ex.get("date"), ex.get("document_type"))
    assert len(selected) < count(index_dir)


@pytest.mark.parametrize("number, same", [("VON 2020/388", "von  2020 / 0388"), ("VON 2020/388", "VON-2020-388")])
def test_the_case_filter_takes_a_number_however_typed(index_dir, tmp_path, number, same):
    assert ids(index_dir, tmp_path, Filters(case=same)) == ids(index_dir, tmp_path, Filters(case=number)) != set()


# -- CSV ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("out, names", [
    ("export", ("export-documents.csv", "export-funding.csv")),
    ("export.csv", ("export-documents.csv", "export-funding.csv")),
    ("folder/", ("folder/documents.csv", "folder/funding.csv")),
])
def test_csv_paths_from_a_base_name_or_a_folder(tmp_path, out, names):
    paths = csv_paths(str(tmp_path / out) + ("/" if out.endswith("/") else ""))
    assert tuple(str(p.relative_to(tmp_path)) for p in paths) == names


@pytest.mark.parametrize("delimiter", [";", ","])
def test_csv_opens_in_swedish_excel(index_dir, tmp_path, delimiter):
    summary = export(index_dir, "csv", tmp_path / "ut", delimiter=delimiter)
    documents, funding = (Path(p) for p in summary["files"])
    raw = documents.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = list(csv.reader(documents.open(encoding="utf-8-sig", newline=""), delimiter=delimiter))
    assert rows[0][:3] == ["id", "path", "part"] and len(rows) == count(index_dir) + 1
    assert any("Förlängning" in (r[4] or "") for r in rows[1:])
    header = next(csv.reader(funding.open(encoding="utf-8-sig", newline=""), delimiter=delimiter))
    assert header == ["lineage", "partnership", "case", "payer", "year", "amount", "documents"]


def test_csv_funding_rows_follow_the_lineage(index_dir, tmp_path):
    summary = export(index_dir, "csv", tmp_path / "ut", Filters(case="VON 2020/388"), delimiter=";")
    rows = list(csv.DictReader(Path(summary["files"][1]).open(encoding="utf-8-sig", newline=""), delimiter=";"))
    assert {"case": "VON 2020/388", "payer": "Lunds kommun", "year": "2021", "amount": "920000"}.items() <= next(
        r for r in rows if r["case"] == "VON 2020/388" and r["payer"] == "Lunds kommun").items()
    assert {r["lineage"] for r in rows} == {"SOCN 2017/211"}


# -- SQLite -------------------------------------------------------------------------------------

def test_sqlite_has_search_foreign_keys_and_facets(index_dir, tmp_path):
    out = tmp_path / "diarium.db"
    summary = export(index_dir, "sqlite", out)
    db = sqlite3.connect(out)
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert {"documents", "facts", "organisations", "links", "funding", "documents_fts"} <= tables
    assert db.execute("SELECT count(*) FROM documents").fetchone()[0] == summary["documents"] == count(index_dir)
    hits = db.execute("SELECT d.id FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid "
                      "WHERE documents_fts MATCH 'Trappan'").fetchall()
    assert hits
    assert db.execute("SELECT count(*) FROM facts WHERE kind = 'own_case_number'").fetchone()[0] >= 10
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("SELECT count(*) FROM pragma_foreign_key_list('facts')").fetchone()[0] == 1
    metadata = json.loads(out.with_name("diarium.metadata.json").read_text(encoding="utf-8"))
    assert "document_type" in metadata["databases"]["diarium"]["tables"]["documents"]["facets"]


def test_sqlite_export_replaces_an_earlier_one(index_dir, tmp_path):
    out = tmp_path / "d.db"
    out.write_bytes(b"not a database")
    export(index_dir, "sqlite", out, Filters(doc_type="protokoll"))
    assert sqlite3.connect(out).execute("SELECT count(*) FROM documents").fetchone()[0] >= 1


# -- the command --------------------------------------------------------------------------------

def test_cli_export_writes_and_names_the_files(index_dir, tmp_path, capsys):
    out = tmp_path / "cli.jsonl"
    assert cli.main(["export", "--format", "jsonl", str(out), "--index", str(index_dir), "--json"]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["files"] == [str(out)] and out.exists()


@pytest.mark.parametrize("argv", [
    ["export", "--format", "xml", "x"], ["export", "x"], ["export", "--format", "csv", "x", "--from", "igår"],
    ["export", "--format", "csv", "x", "--delimiter", "|"],
])
def test_cli_export_usage_errors_exit_2(argv, capsys):
    with pytest.raises(SystemExit) as caught:
        cli.main(argv)
    assert caught.value.code == 2


def test_cli_export_without_index_says_so(tmp_path, capsys):
    code = cli.main(["export", "--format", "jsonl", str(tmp_path / "o.jsonl"), "--index", str(tmp_path / "none")])
    assert code == 1
    assert "no Diarium index here" in capsys.readouterr().err


def test_cli_export_into_a_missing_folder_says_so(index_dir, tmp_path, capsys):
    code = cli.main(["export", "--format", "jsonl", str(tmp_path / "no" / "o.jsonl"), "--index", str(index_dir)])
    assert code == 1
    assert "no such folder" in capsys.readouterr().err
