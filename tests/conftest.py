"""Fixtures shared by the test modules: the search engines every search-behaviour test runs on,
and the sample corpus's index, imported once per test session by the real importer."""

import pytest
from hypothesis import settings

from index.search.engine import DEFAULT_ENGINE, ENGINES
from tests.indexes import CORPUS, HOSTILE, build_index, write_files

# No property test may fail by the clock: Hypothesis's default limit of 200 ms per example trips
# on a loaded machine. Each test's own ``@settings`` keeps its other choices and inherits this.
settings.register_profile("diarium", deadline=None)
settings.load_profile("diarium")

@pytest.fixture(scope="module", params=ENGINES)
def engine(request) -> str:
    """Each search engine in turn; module-scoped, so an index built for one serves a module's tests."""
    return request.param


@pytest.fixture(scope="session")
def corpus_indexes(tmp_path_factory):
    """``index_for(engine)``: the sample corpus imported with that engine, built on first use and
    shared by the whole session. Tests only read it; a test that changes an index builds its own."""
    built: dict[str, object] = {}

    def index_for(engine: str = DEFAULT_ENGINE):
        if engine not in built:
            built[engine] = build_index(tmp_path_factory.mktemp(f"corpus-{engine}") / "index", [CORPUS], engine=engine)
        return built[engine]

    return index_for


@pytest.fixture(scope="session")
def corpus_index(corpus_indexes):
    """The sample corpus imported with the default engine (read only)."""
    return corpus_indexes(DEFAULT_ENGINE)


@pytest.fixture(scope="session")
def web_index(tmp_path_factory):
    """The sample corpus and a hostile document, imported for the web pages (read only)."""
    folder = tmp_path_factory.mktemp("web")
    return build_index(folder / "index", [CORPUS, write_files(folder / "files", {"hostile.txt": HOSTILE})])
