"""The ``search``, ``orgs``, ``show`` and ``reindex`` commands over the sample corpus."""

import json
import shutil
from pathlib import Path

import pytest

from diarium.cli import main
from tests.indexes import CORPUS, build_index

FILES = ["malmo_asn-2023-4187_tjansteskrivelse.txt", "goteborg_dnr-2020-000123_tjansteskrivelse.txt",
         "kungsbacka_bn-2024-00013_tjansteskrivelse.txt", "kungsbacka_laxhjalpen_overenskommelse_2023-2024.txt"]


@pytest.fixture(scope="module")
def index(tmp_path_factory, engine):
    return build_index(tmp_path_factory.mktemp("cli") / "index", [CORPUS / f for f in FILES], engine=engine)


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_search_text_shows_the_facts_at_a_glance(index, capsys):
    code, out, _ = run(capsys, "search", "Röda Korset", "--index", str(index))
    assert code == 0
    assert "organisation: Svenska Röda Korset 802002-8711" in out
    assert "ASN-2023-4187" in out and "parter:" in out and "belopp:" in out and "«Röda Korset" in out
    assert "goteborg" not in out


def test_search_json_gives_hits_with_id_path_and_facets(index, capsys):
    code, out, _ = run(capsys, "search", "läxhjälpens", "--json", "--index", str(index))
    data = json.loads(out)
    assert code == 0 and data["understood_as"]["kind"] in ("text", "organisation")
    assert {Path(h["path"]).name for h in data["hits"]} == set(FILES[2:])
    assert all(h["id"] and "<mark>" in h["snippet"] for h in data["hits"])
    assert set(data["facets"]) == {"type", "year", "organisation", "committee"}


@pytest.mark.parametrize("argv,names", [
    (["--type", "överenskommelse"], {FILES[3]}),
    (["--from", "2024"], {FILES[2]}),
    (["--to", "2020-12-31"], {FILES[1]}),
    (["--committee", "bildningsnämndens"], {FILES[2]}),
    (["--org", "Läxhjälpen i Kungsbacka", "--case", "BN-2022-00561"], {FILES[2]}),
])
def test_filters(index, capsys, argv, names):
    code, out, _ = run(capsys, "search", *argv, "--json", "--index", str(index))
    assert code == 0 and {Path(h["path"]).name for h in json.loads(out)["hits"]} == names


def test_orgs_lists_numbers_aliases_and_counts(index, capsys):
    code, out, _ = run(capsys, "orgs", "röda", "--json", "--index", str(index))
    found = {o["name"]: o for o in json.loads(out)}
    assert code == 0 and found["Svenska Röda Korset"]["documents"] == 1
    assert found["Röda Korset Göteborgskretsen"]["org_number"] == "857209-4186"
    assert found["Svenska Röda Korset"]["legal_form"] == "ideell förening eller stiftelse"


def test_show_a_case_and_a_document(index, capsys):
    code, out, _ = run(capsys, "show", "bn 2022 561", "--json", "--index", str(index))
    case = json.loads(out)
    assert code == 0 and case["kind"] == "case" and case["documents"][0]["role"] == "cites"
    code, out, _ = run(capsys, "show", case["documents"][0]["id"], "--index", str(index))
    assert code == 0 and "BN-2024-00013" in out


@pytest.mark.parametrize("argv,message", [
    (["show", "XYZ-1999-1"], "no document or case"),
    (["search", "x", "--from", "igår"], "not a date"),
    (["search", "x", "--org", "Ingen Sådan Förening Alls"], "no organisation"),
])
def test_bad_input_is_one_line_on_stderr(index, capsys, argv, message):
    code, out, err = run(capsys, *argv, "--index", str(index))
    assert code == 1 and message in err and "Traceback" not in err and len(err.strip().splitlines()) == 1


def test_no_index_is_a_clear_error(tmp_path, capsys):
    code, _, err = run(capsys, "search", "x", "--index", str(tmp_path / "none"))
    assert code == 1 and "no Diarium index" in err or "no search index" in err


def test_reindex_rebuilds_from_the_store_alone(index, tmp_path, capsys):
    copy = tmp_path / "copy"
    shutil.copytree(index, copy)
    for engine in copy.glob("engine*"):
        shutil.rmtree(engine, ignore_errors=True) if engine.is_dir() else engine.unlink()
    code, out, _ = run(capsys, "reindex", "--json", "--index", str(copy))
    assert code == 0 and json.loads(out)["documents"] == len(FILES)
    code, out, _ = run(capsys, "search", "Göteborgskretsen", "--json", "--index", str(copy))
    assert [Path(h["path"]).name for h in json.loads(out)["hits"]] == [FILES[1]]


def test_the_library_rebuilds_from_the_store_what_the_command_does(index, tmp_path, capsys):
    from index.reindex import Reindexed, reindex

    copy = tmp_path / "copy"
    shutil.copytree(index, copy)
    code, out, _ = run(capsys, "reindex", "--json", "--index", str(copy))
    by_command = json.loads(out)
    done = reindex(copy)
    assert isinstance(done, Reindexed) and code == 0
    assert [done.documents, done.organisations, done.links, done.engine] == \
        [by_command[k] for k in ("documents", "organisations", "links", "engine")]
    assert done.documents == len(FILES) and done.links
    code, out, _ = run(capsys, "search", "Göteborgskretsen", "--json", "--index", str(copy))
    assert [Path(h["path"]).name for h in json.loads(out)["hits"]] == [FILES[1]]


def test_reindex_moves_to_another_engine_with_the_same_answers(index, engine, tmp_path, capsys):
    other = next(e for e in ("tantivy", "whoosh") if e != engine)
    copy = tmp_path / "copy"
    shutil.copytree(index, copy)
    before = [json.loads(run(capsys, "search", q, "--json", "--index", str(copy))[1]) for q in ("stöd", "Göteborgskretsen")]
    code, out, _ = run(capsys, "reindex", "--json", "--engine", other, "--index", str(copy))
    assert code == 0 and json.loads(out)["engine"] == other
    after = [json.loads(run(capsys, "search", q, "--json", "--index", str(copy))[1]) for q in ("stöd", "Göteborgskretsen")]
    assert [{h["id"] for h in r["hits"]} for r in after] == [{h["id"] for h in r["hits"]} for r in before]
    assert [r["facets"] for r in after] == [r["facets"] for r in before]
