"""One handle per operation: an export, ``show`` and a web page open the index folder's store
once, and an export traces each lineage once (counted, not timed)."""

import sqlite3
import warnings
from pathlib import Path

import pytest

from index.linking import lineage
from index.export import export
from index.export.formats import FORMATS
from index.show import describe

warnings.filterwarnings("ignore", message=".*httpx.*")

CASE = "VON 2020/388"


@pytest.fixture
def store_opens(monkeypatch) -> list:
    """The store connections opened while a test runs, one entry each."""
    opened, connect = [], sqlite3.connect

    def counted(database, *args, **kwargs):
        if "store.sqlite" in Path(str(database).split("?")[0]).name:
            opened.append(database)
        return connect(database, *args, **kwargs)

    monkeypatch.setattr(sqlite3, "connect", counted)
    return opened


@pytest.fixture
def traced_starts(monkeypatch) -> list:
    starts, build = [], lineage.build_trace

    def counted(query, start, *args, **kwargs):
        starts.append(start)
        return build(query, start, *args, **kwargs)

    monkeypatch.setattr(lineage, "build_trace", counted)
    return starts


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_export_opens_the_store_once_and_traces_each_lineage_once(corpus_index, tmp_path, store_opens,
                                                                      traced_starts, fmt):
    export(corpus_index, fmt, tmp_path / f"out.{fmt}")
    assert len(store_opens) == 1
    assert len(traced_starts) == len(set(traced_starts))


@pytest.mark.parametrize("what", ["case", "document"])
def test_show_opens_the_store_once(corpus_index, store_opens, what):
    from index.store import Store

    with Store(corpus_index) as store:
        doc_id = next(d for d, path, _ in store.extractions() if path.endswith("lund_von-2020-388_tjansteskrivelse.txt"))
    store_opens.clear()
    assert describe(corpus_index, CASE if what == "case" else doc_id).kind == what
    assert len(store_opens) == 1


def test_a_case_page_opens_the_store_once(corpus_index, store_opens):
    from starlette.testclient import TestClient

    from diarium.web import create_app
    from diarium.web.data import case_url

    client = TestClient(create_app(corpus_index), base_url="http://127.0.0.1")
    store_opens.clear()
    assert client.get(case_url(CASE) + ".json").status_code == 200
    assert len(store_opens) == 1


@pytest.mark.parametrize("argv", [["search", "Röda Korset", "--json"], ["search", "bidrag", "--org", "Röda Korset"],
                                  ["trace", CASE, "--json"], ["orgs", "--json"]])
def test_search_trace_and_orgs_open_the_store_once_and_read_no_registry_file(corpus_index, store_opens, capsys,
                                                                             monkeypatch, argv):
    from diarium.cli import main

    read, read_text = [], Path.read_text
    monkeypatch.setattr(Path, "read_text", lambda path, *a, **k: read.append(path.name) or read_text(path, *a, **k))
    assert main([*argv, "--index", str(corpus_index)]) == 0
    assert len(store_opens) == 1
    assert not {"organisations.json", "organisation_documents.json", "corrections.json"} & set(read)


@pytest.mark.parametrize("page", ["/search?q=R%C3%B6da+Korset", "/search.json?q=bidrag&org=R%C3%B6da+Korset",
                                  "/organisations", "/organisations.json", "organisation", "organisation.json"])
def test_search_and_organisation_pages_open_the_store_once(corpus_index, store_opens, page):
    from starlette.testclient import TestClient

    from diarium.web import create_app
    from diarium.web.data import organisation_url
    from index.organisations import registry as orgs

    client = TestClient(create_app(corpus_index), base_url="http://127.0.0.1")
    if page.startswith("organisation"):
        busiest = max(orgs.organisations(corpus_index), key=lambda o: o.documents).id
        page = organisation_url(busiest) + page[len("organisation"):]
    assert client.get(page).status_code == 200  # the first answer may read the registry
    store_opens.clear()
    assert client.get(page).status_code == 200
    assert len(store_opens) == 1


@pytest.mark.parametrize("page", ["/document/{doc}", "/document/{doc}.json", "/document/{doc}/original",
                                  "/document/0123456789abcdef", "/document/0123456789abcdef/original"])
def test_a_document_page_opens_the_store_once_found_or_not(corpus_index, store_opens, page):
    """A document, its original file, and an id the index does not know (which is looked up
    among the ids of corrected files too) are each answered over one store."""
    from starlette.testclient import TestClient

    from diarium.web import create_app
    from index.store import Store

    with Store(corpus_index) as store:
        doc_id = next(d for d, path, _ in store.extractions() if path.endswith("lund_von-2020-388_tjansteskrivelse.txt"))
    client = TestClient(create_app(corpus_index), base_url="http://127.0.0.1")
    store_opens.clear()
    answer = client.get(page.format(doc=doc_id), follow_redirects=False)
    assert answer.status_code in (200, 404)
    assert len(store_opens) == 1
