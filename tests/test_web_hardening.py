"""The web server under hostile conditions: foreign Host headers, concurrent requests,
query syntax meant for the engine, unknown filters."""

from __future__ import annotations

import threading
import warnings
from pathlib import Path

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)
from starlette.testclient import TestClient  # noqa: E402

from diarium.web import create_app  # noqa: E402
from index.search.engine import open_index, shared_index  # noqa: E402
from index.search.query import search  # noqa: E402


@pytest.fixture(scope="module")
def index_dir(corpus_index) -> Path:
    return corpus_index


@pytest.mark.parametrize("host, allowed, status", [
    ("127.0.0.1:8000", (), 200), ("localhost:8000", (), 200), ("LOCALHOST", (), 200), ("[::1]:8000", (), 200),
    ("evil.example", (), 421), ("evil.example:8000", (), 421), ("127.0.0.1.evil.example", (), 421),
    ("", (), 421), ("arkiv.lan:8000", ("arkiv.lan",), 200), ("arkiv.lan", ("andra.lan",), 421),
])
def test_only_own_host_names_are_answered(index_dir, host, allowed, status):
    client = TestClient(create_app(index_dir, hosts=allowed), base_url="http://127.0.0.1")
    for url in ("/", "/search.json?q=bidrag", "/openapi.json"):
        response = client.get(url, headers={"host": host})
        assert response.status_code == status, (host, url)
        if status == 421:
            assert "bidrag" not in response.text


def test_serve_option_adds_host_names():
    from diarium.cli import build_parser

    args = build_parser().parse_args(["serve", "--allow-host", "arkiv.lan", "--allow-host", "x.lan"])
    assert args.allow_host == ["arkiv.lan", "x.lan"]


@pytest.mark.slow
def test_concurrent_searches_share_one_index_safely(index_dir):
    """Threads of a web server searching one shared reader at once, while an import commits
    (each commit makes the shared index open a new searcher), never see an error."""
    from index.store import Store

    with Store(index_dir) as store:
        some = list(store.documents())[:3]
    queries = ["bidrag", "Röda Korset", "VON 2020/388", "överenskommelse partnerskap", "Lunds kommun",
               "förlängning", "idéburet", "ASN-2023-4187"]
    errors, totals = [], {}
    for q in queries:
        totals[q] = search(index_dir, q).total

    def client(n):
        for i in range(60):
            q = queries[(n + i) % len(queries)]
            try:
                assert search(index_dir, q).total == totals[q]
            except Exception as exc:  # noqa: BLE001 - every failure is the finding
                errors.append(f"{q}: {type(exc).__name__}: {exc}")

    def writer():
        engine = open_index(index_dir)
        try:
            for _ in range(15):
                engine.update(add=some)
        finally:
            engine.close()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(16)]
    threads.append(threading.Thread(target=writer))
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert shared_index(index_dir) is shared_index(index_dir)


@pytest.mark.parametrize("query", ["*", "path:*", "[a TO z]", "summary:*", "id:*", "*:*", "bid*", "body:[a TO ö]"])
def test_engine_syntax_is_read_as_plain_words(index_dir, query):
    everything = open_index(index_dir).count()
    result = search(index_dir, query)
    assert result.total < everything  # never "every document"
    assert all(set(hit.to_dict()) >= {"id", "path"} for hit in result.hits)


def test_field_names_reach_no_internal_field(index_dir):
    # 'summary' and 'path' are fields of the engine; typed in a query they are just words
    assert search(index_dir, "path:corpus").total == search(index_dir, "path corpus").total


def test_unknown_organisation_filter_is_a_bad_request(index_dir):
    client = TestClient(create_app(index_dir), base_url="http://127.0.0.1")
    response = client.get("/search.json", params={"q": "bidrag", "org": "Ingen sådan förening"})
    assert response.status_code == 400
    assert "organisation" in response.json()["error"].lower()
    assert client.get("/search", params={"q": "bidrag", "org": "Ingen sådan förening"}).status_code == 400
