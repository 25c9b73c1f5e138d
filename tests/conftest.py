"""Fixtures shared by the test modules: the search engines every search-behaviour test runs on."""

import pytest

from index.engine import ENGINES


@pytest.fixture(scope="module", params=ENGINES)
def engine(request) -> str:
    """Each search engine in turn; module-scoped, so an index built for one serves a module's tests."""
    return request.param
