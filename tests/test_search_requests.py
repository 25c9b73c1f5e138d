"""Search over the sample corpus: pages, order, several filters, facet counts that hold, checked input."""

import pytest

from index.search.engine import UNDATED
from index.search.query import SearchProblem, parse_date, search
from tests.indexes import CORPUS


@pytest.fixture(scope="module")
def corpus(corpus_index):
    return corpus_index


def ids(result):
    return [h.id for h in result.hits]


@pytest.mark.parametrize("sort", ["relevance", "newest", "oldest"])
def test_pages_cover_every_hit_once(corpus, sort):
    whole = search(corpus, "", sort=sort, limit=1000)
    seen = []
    for offset in range(0, whole.total, 7):
        page = search(corpus, "", sort=sort, offset=offset, limit=7)
        assert page.total == whole.total and page.offset == offset
        seen += ids(page)
    assert seen == ids(whole) and len(set(seen)) == whole.total == len(list(CORPUS.iterdir()))


@pytest.mark.parametrize("sort,descending", [("newest", True), ("oldest", False)])
def test_order_by_date_puts_undated_last(corpus, sort, descending):
    dates = [h.date for h in search(corpus, "stöd", sort=sort, limit=100).hits]
    dated = [d for d in dates if d]
    assert dated == sorted(dated, reverse=descending)
    assert dates == dated + [None] * (len(dates) - len(dated)) and len(dated) < len(dates)


def test_an_organisation_narrowed_by_an_organisation_facet_gives_its_count(corpus):
    result = search(corpus, "Region Skåne", limit=0)
    facets = dict(result.facets["organisation"])
    assert facets["Lunds kommun"] > 0
    for name, count in facets.items():
        narrowed = search(corpus, "Region Skåne", org=name, limit=100)
        assert narrowed.total == count, name
    both = search(corpus, "Region Skåne", org=["Lunds kommun", "Stadsmissionen i Lund"], limit=100)
    assert 0 < both.total <= facets["Lunds kommun"]


def test_a_filtered_field_still_counts_its_other_values(corpus):
    plain = dict(search(corpus, "", limit=0).facets["type"])
    filtered = search(corpus, "", doc_type="protokoll", limit=0)
    assert dict(filtered.facets["type"]) == plain and filtered.total == plain["protokoll"]
    two = search(corpus, "", doc_type=["protokoll", "tjänsteskrivelse"], limit=0)
    assert two.total == plain["protokoll"] + plain["tjänsteskrivelse"]


def test_the_undated_group(corpus):
    undated = search(corpus, "", year=UNDATED, limit=100)
    years = dict(search(corpus, "", limit=0).facets["year"])
    assert undated.total == years[UNDATED] > 0 and all(not h.date for h in undated.hits)


@pytest.mark.parametrize("value,which,expected", [
    ("2024", "from", "2024-01-01"), ("2024", "to", "2024-12-31"), ("2024-02", "to", "2024-02-29"),
    ("2023-02", "to", "2023-02-28"), ("2024-05", "from", "2024-05-01"), (" 2024-05-29 ", "to", "2024-05-29"),
    ("", "from", None),
])
def test_dates_are_read_in_one_place(value, which, expected):
    assert parse_date(value, which) == expected


@pytest.mark.parametrize("value", ["2024-13-45", "2023-02-29", "2024-00", "24-05-01", "igår", "2024-1-1"])
def test_dates_that_are_none_are_refused(corpus, value):
    with pytest.raises(SearchProblem) as caught:
        search(corpus, "stöd", date_from=value)
    assert "datum" in caught.value.swedish.lower()


def test_a_range_that_ends_before_it_starts_is_refused(corpus):
    with pytest.raises(SearchProblem):
        search(corpus, "", date_from="2024-05-01", date_to="2023")


def test_an_unknown_organisation_is_a_user_error(corpus):
    with pytest.raises(SearchProblem) as caught:
        search(corpus, "", org="Ingen sådan förening alls")
    assert "Ingen organisation" in caught.value.swedish


@pytest.mark.parametrize("kw", [{"sort": "slumpvis"}, {"year": "förra"}, {"offset": -1}])
def test_other_bad_requests_are_refused(corpus, kw):
    with pytest.raises(SearchProblem):
        search(corpus, "", **kw)


def test_a_minus_before_a_phrase_excludes_the_phrase(corpus_indexes, engine):
    index = corpus_indexes(engine)
    everything = set(ids(search(index, "stöd", limit=1000, as_text=True)))
    with_phrase = set(ids(search(index, 'stöd "Röda korset"', limit=1000, as_text=True)))
    without = set(ids(search(index, 'stöd -"Röda korset"', limit=1000, as_text=True)))
    assert with_phrase and without and without == everything - with_phrase
