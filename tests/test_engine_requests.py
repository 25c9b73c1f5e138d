"""What every search engine answers to a :class:`~index.search.engine.Request`: filters, order, paging, facets.

The tests speak only the engine interface (``create``, ``open``, ``update``, ``search``),
so each engine in :data:`index.search.engine.ENGINES` must pass all of them.
"""

import pytest

from index.search.engine import ENGINES, SORTS, UNDATED, Request, engine_module
from index.search.fields import committee_key
from index.organisations.names import number_term
from index.store import StoredDocument

MALMO = ("Malmö stad", "212000-1124")
REGION = ("Region Skåne", "232100-0255")
KORSET = ("Svenska Röda Korset", "802002-8711")
LAXHJALP = ("Föreningen Läxhjälpen", "802456-7897")


def doc(doc_id: str, text: str, *, date=None, doc_type="tjänsteskrivelse", parties=(), committee=None, own=(), cited=()):
    x = {"id": doc_id, "path": f"{doc_id}.txt", "title": text.split(".")[0], "date": date, "document_type": doc_type,
         "parties": [{"name": n, "org_number": nr} for n, nr in parties],
         "org_numbers": [{"number": nr, "name": n} for n, nr in parties],
         "decided_by": committee, "own_case_numbers": list(own),
         "referenced_case_numbers": [{"number": c, "relation": "related"} for c in cited]}
    return StoredDocument(doc_id, f"{doc_id}.txt", doc_id * 4, 0, None, None, "1", x, text, [])


DOCS = [
    doc("a1", "Stöd till barnverksamhet i Malmö.", date="2021-03-01", doc_type="protokoll",
        parties=[MALMO, KORSET], committee="Socialnämnden", own=["ASN-2021-100"]),
    doc("a2", "Stöd till läxhjälp.", date="2022-06-15", parties=[MALMO, LAXHJALP], committee="Bildningsnämnden"),
    doc("a3", "Stöd till familjer.", date="2023-01-10", parties=[MALMO, REGION, KORSET], committee="Socialnämnden",
        cited=["ASN-2021-100"]),
    doc("a4", "Stöd till äldre.", date="2023-11-30", doc_type="överenskommelse", parties=[REGION]),
    doc("a5", "Stöd utan datum.", date=None, parties=[MALMO]),
    doc("a6", "Stöd till ungdomar.", date="2024-02-01", doc_type="protokoll", parties=[MALMO, KORSET],
        committee="Bildningsnämnden"),
    doc("a7", "Annat ärende utan datum om cyklar.", date=None, doc_type="protokoll"),
]
DATED = ["a6", "a4", "a3", "a2", "a1"]  # newest first
ORG = {name: [number_term(nr)] for name, nr in (MALMO, REGION, KORSET, LAXHJALP)}
NAMES = {number_term(nr): name for name, nr in (MALMO, REGION, KORSET, LAXHJALP)}


@pytest.fixture(params=ENGINES, scope="module")
def ix(request, tmp_path_factory):
    module = engine_module(request.param)
    folder = tmp_path_factory.mktemp(request.param) / "engine"
    module.create(folder)
    index = module.open(folder)
    index.update(add=DOCS)
    yield index
    index.close()


def ids(page):
    return [h.id for h in page.hits]


def search(ix, **kw):
    kw.setdefault("limit", 100)
    kw.setdefault("org_names", NAMES)
    return ix.search(Request(**kw))


def test_every_document_is_searchable(ix):
    assert ix.count() == len(DOCS)
    assert search(ix).total == len(DOCS)


@pytest.mark.parametrize("sort", ["newest", "oldest"])
def test_sort_by_date_puts_undated_last(ix, sort):
    order = ids(search(ix, text="stöd", sort=sort))
    dated = DATED if sort == "newest" else DATED[::-1]
    assert order == dated + ["a5"]


def test_a_request_without_text_or_case_lists_newest_first(ix):
    order = ids(search(ix, org_terms=ORG["Malmö stad"]))
    assert order[:4] == ["a6", "a3", "a2", "a1"] and order[4] == "a5"


def test_relevance_ranks_own_case_before_citing(ix):
    assert ids(search(ix, case_keys=["ASN.2021.100"])) == ["a1", "a3"]


@pytest.mark.parametrize("sort", SORTS)
def test_offset_pages_through_the_order_without_gaps_or_repeats(ix, sort):
    whole = ids(search(ix, text="stöd", sort=sort))
    pages = []
    for offset in range(0, len(whole), 2):
        page = search(ix, text="stöd", sort=sort, offset=offset, limit=2)
        assert page.total == len(whole)
        pages += ids(page)
    assert pages == whole


def test_an_offset_past_the_end_gives_no_hits_but_the_total(ix):
    page = search(ix, text="stöd", offset=50, limit=10)
    assert page.hits == [] and page.total == 6


def test_limit_zero_counts_and_facets_only(ix):
    page = search(ix, text="stöd", limit=0)
    assert page.hits == [] and page.total == 6 and page.facets["type"]["protokoll"] == 2


def test_date_range_is_inclusive_and_leaves_out_undated(ix):
    assert sorted(ids(search(ix, date_from="2022-06-15", date_to="2023-11-30"))) == ["a2", "a3", "a4"]
    assert sorted(ids(search(ix, date_from="2023-01-01"))) == ["a3", "a4", "a6"]
    assert sorted(ids(search(ix, date_to="2021-12-31"))) == ["a1"]


def test_document_types_match_any_of_them(ix):
    assert sorted(ids(search(ix, doc_types=["protokoll"]))) == ["a1", "a6", "a7"]
    assert sorted(ids(search(ix, doc_types=["protokoll", "överenskommelse"]))) == ["a1", "a4", "a6", "a7"]
    assert search(ix, doc_types=["beslut"]).total == 0


def test_years_match_any_of_them_and_the_undated_group(ix):
    assert sorted(ids(search(ix, years=["2023"]))) == ["a3", "a4"]
    assert sorted(ids(search(ix, years=["2021", "2024"]))) == ["a1", "a6"]
    assert sorted(ids(search(ix, years=[UNDATED]))) == ["a5", "a7"]
    assert sorted(ids(search(ix, years=[UNDATED, "2022"], text="stöd"))) == ["a2", "a5"]


def test_the_year_facet_counts_the_undated(ix):
    facets = search(ix).facets
    assert facets["year"] == {"2021": 1, "2022": 1, "2023": 2, "2024": 1, UNDATED: 2}
    assert facets["type"] == {"protokoll": 3, "tjänsteskrivelse": 3, "överenskommelse": 1}


def test_committees_match_any_of_them(ix):
    social, bildning = committee_key("Socialnämnden"), committee_key("Bildningsnämnden")
    assert sorted(ids(search(ix, committee_keys=[social]))) == ["a1", "a3"]
    assert sorted(ids(search(ix, committee_keys=[social, bildning]))) == ["a1", "a2", "a3", "a6"]


def test_an_organisation_narrowed_by_another_gives_the_documents_about_both(ix):
    page = search(ix, org_terms=ORG["Malmö stad"])
    assert page.facets["organisation"]["Svenska Röda Korset"] == 3
    narrowed = search(ix, org_terms=ORG["Malmö stad"], org_filters=[ORG["Svenska Röda Korset"]])
    assert narrowed.total == 3 and sorted(ids(narrowed)) == ["a1", "a3", "a6"]
    both = search(ix, org_terms=ORG["Malmö stad"], org_filters=[ORG["Svenska Röda Korset"], ORG["Region Skåne"]])
    assert ids(both) == ["a3"]


def test_facet_counts_are_what_narrowing_gives(ix):
    base = dict(org_terms=ORG["Malmö stad"])
    facets = search(ix, **base).facets
    for name, count in facets["organisation"].items():
        terms = next(t for t, n in NAMES.items() if n == name)
        assert search(ix, **base, org_filters=[[terms]]).total == count
    for value, count in facets["type"].items():
        assert search(ix, **base, doc_types=[value]).total == count
    for value, count in facets["year"].items():
        assert search(ix, **base, years=[value]).total == count


def test_filters_combine_with_text(ix):
    page = search(ix, text="stöd", org_filters=[ORG["Svenska Röda Korset"]], doc_types=["protokoll"], sort="oldest")
    assert ids(page) == ["a1", "a6"]


def test_an_organisation_filter_without_terms_matches_nothing(ix):
    assert search(ix, org_filters=[[]]).total == 0


def test_without_facets_the_hits_and_total_are_the_same(ix):
    with_facets, without = search(ix, text="stöd", limit=3), search(ix, text="stöd", limit=3, facets=False)
    assert ids(without) == ids(with_facets) and without.total == with_facets.total
