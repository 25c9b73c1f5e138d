"""A time budget per search: a search whose work goes over it is refused as too broad
(``D211``: one line on the command line, 400 with a Swedish message on the web page and its
JSON twin) instead of stalling. The budget is counted on a clock the tests replace by a
counter, so no test depends on how fast the machine is."""

from __future__ import annotations

import warnings

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)
from starlette.testclient import TestClient  # noqa: E402

from diarium.cli import main  # noqa: E402
from diarium.web import create_app  # noqa: E402
from extractor.errors import HTTP_STATUS  # noqa: E402
from index.search import whoosh_engine  # noqa: E402
from index.search.engine import Budget, QueryTooBroad  # noqa: E402
from index.search.query import search  # noqa: E402


@pytest.fixture(scope="module")
def index(corpus_indexes, engine):
    return corpus_indexes(engine)


class Ticks:
    """A clock that advances one second each time it is read: the budget counts checks."""

    def __init__(self):
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        return float(self.reads)


def test_a_search_within_its_budget_answers(index):
    assert search(index, "överenskommelse").total > 0
    assert search(index, "överenskommelse", budget=Budget(10_000, clock=Ticks())).total > 0


def test_a_budget_of_zero_refuses_every_search_that_reaches_the_engine(index):
    for query in ("överenskommelse", "Röda Korset", "ASN-2023-4187", ""):
        with pytest.raises(QueryTooBroad) as raised:
            search(index, query, budget=0)
        assert raised.value.code == "D211" and HTTP_STATUS["D211"] == 400
        assert "too broad" in str(raised.value) and "För bred sökning" in raised.value.swedish


def test_the_engine_checks_the_budget_between_its_steps(index):
    """With one second per read of the clock, a budget of 1.5 s lets two checks pass: a search
    with facets takes more steps than that, so it is refused part-way, not after the fact."""
    ticks = Ticks()
    with pytest.raises(QueryTooBroad):
        search(index, "överenskommelse", budget=Budget(1.5, clock=ticks))
    assert ticks.reads == 3


def test_whoosh_checks_while_it_matches_so_a_broad_search_is_refused_and_a_narrow_one_answers(index, engine, monkeypatch):
    if engine != "whoosh":
        pytest.skip("tantivy matches inside one call into Rust; its checks come between calls")
    monkeypatch.setattr(whoosh_engine, "CHECK_EVERY", 1)
    narrow, broad = Ticks(), Ticks()
    found = search(index, "Trappan", budget=Budget(10_000, clock=narrow))
    everywhere = search(index, "kommun", budget=Budget(10_000, clock=broad))
    assert 0 < found.total < everywhere.total
    # matching and scoring each read the clock once per document
    assert broad.reads - narrow.reads >= everywhere.total - found.total
    budget = narrow.reads + (broad.reads - narrow.reads) // 2
    assert search(index, "Trappan", budget=Budget(budget, clock=Ticks())).total == found.total
    with pytest.raises(QueryTooBroad):
        search(index, "kommun", budget=Budget(budget, clock=Ticks()))


def test_a_negative_budget_is_no_budget():
    with pytest.raises(ValueError):
        Budget(-1)


def test_the_command_line_says_too_broad_in_one_line(index, capsys):
    code = main(["search", "överenskommelse", "--budget", "0", "--index", str(index)])
    out, err = capsys.readouterr()
    assert code == 1 and out == ""
    assert err.startswith("diarium: [D211] too broad") and len(err.strip().splitlines()) == 1
    assert main(["search", "överenskommelse", "--budget", "-1", "--index", str(index)]) == 2
    assert main(["search", "överenskommelse", "--index", str(index)]) == 0


def test_the_web_page_and_its_twins_answer_400_too_broad_in_swedish(index):
    strict = TestClient(create_app(index, budget=0), base_url="http://127.0.0.1")
    page = strict.get("/search", params={"q": "överenskommelse"})
    assert page.status_code == 400 and "För bred sökning" in page.text
    twin = strict.get("/search.json", params={"q": "överenskommelse"})
    assert twin.status_code == 400
    assert twin.json()["code"] == "D211" and twin.json()["error"].startswith("För bred sökning")
    assert strict.get("/search.csv", params={"q": "överenskommelse"}).status_code == 400
    assert strict.get("/").status_code == 200  # no search: nothing to refuse
    usual = TestClient(create_app(index), base_url="http://127.0.0.1")
    assert usual.get("/search.json", params={"q": "överenskommelse"}).status_code == 200


def test_serve_takes_a_budget():
    from diarium.cli import build_parser

    assert build_parser().parse_args(["serve", "--budget", "2.5"]).budget == 2.5
