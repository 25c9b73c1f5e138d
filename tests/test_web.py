"""The web interface in process: every route and its JSON twin, and hostile input."""

from __future__ import annotations

import csv
import io
import re
import warnings
from pathlib import Path
from urllib.parse import quote

import pytest

warnings.filterwarnings("ignore", message=".*httpx.*", category=DeprecationWarning)
from starlette.testclient import TestClient  # noqa: E402

from diarium.web import create_app  # noqa: E402
from diarium.web.data import case_url  # noqa: E402
from index.export.formats import FUNDING_COLUMNS  # noqa: E402
from index.store import Store  # noqa: E402
from tests.indexes import HOSTILE  # noqa: E402




@pytest.fixture(scope="module")
def index_dir(web_index) -> Path:
    return web_index


@pytest.fixture(scope="module")
def client(index_dir) -> TestClient:
    return TestClient(create_app(index_dir), raise_server_exceptions=True, base_url="http://127.0.0.1")


def document_id(index_dir: Path, name: str) -> str:
    with Store(index_dir) as store:
        return next(d for d, path, _ in store.extractions() if path.endswith(name))




# -- pages that need only the store ----------------------------------------------------------

def test_home_lists_documents(client):
    page = client.get("/")
    assert page.status_code == 200
    assert 'lang="sv"' in page.text and "Senaste dokumenten" in page.text
    assert "/document/" in page.text


@pytest.mark.parametrize("name", ["lund_von-2020-388_tjansteskrivelse.txt"])
def test_document_page_marks_every_fact_and_links_case_numbers(client, index_dir, name):
    doc_id = document_id(index_dir, name)
    page = client.get(f"/document/{doc_id}")
    assert page.status_code == 200
    assert f'href="/case/{quote("VON 2020/388", safe="")}"' in page.text
    assert f'href="/case/{quote("SOCN 2017/211", safe="")}"' in page.text
    assert 'class="fact k-amount"' in page.text and 'class="fact k-period"' in page.text
    assert "Uppgifter (" in page.text and f"/document/{doc_id}/original" in page.text


@pytest.mark.parametrize("name", ["lund_von-2020-388_tjansteskrivelse.txt"])
def test_document_json_twin_holds_extraction_and_text(client, index_dir, name):
    doc_id = document_id(index_dir, name)
    data = client.get(f"/document/{doc_id}.json").json()
    assert data["id"] == doc_id
    assert data["extraction"]["own_case_numbers"] == ["VON 2020/388"]
    assert "Stadsmissionen i Lund" in data["text"]
    assert data["download"] == f"/document/{doc_id}/original"


def test_document_text_with_markup_is_shown_as_text(client, index_dir):
    doc_id = document_id(index_dir, "hostile.txt")
    page = client.get(f"/document/{doc_id}")
    assert page.status_code == 200
    assert "<script>alert" not in page.text and "<img src=x" not in page.text
    assert "&lt;script&gt;alert(" in page.text and "&lt;img src=x onerror=" in page.text


def test_original_download_is_the_imported_file(client, index_dir):
    doc_id = document_id(index_dir, "hostile.txt")
    answer = client.get(f"/document/{doc_id}/original")
    assert answer.status_code == 200
    assert answer.content.decode("utf-8") == HOSTILE
    assert "attachment" in answer.headers["content-disposition"]


@pytest.mark.parametrize("url", [
    "/document/0000000000000000", "/document/0000000000000000.json", "/document/nonsense",
    "/document/../../etc/passwd", "/document/..%2F..%2Fetc%2Fpasswd", "/document/%2e%2e/original",
    "/document/..%2F..%2Fetc%2Fpasswd/original", "/document/0000000000000000/original",
    "/document/%00/original", "/static/../store.sqlite", "/static/..%2Fapp.py", "/no/such/page",
])
def test_unknown_ids_and_traversal_give_a_plain_404(client, url):
    answer = client.get(url)
    assert answer.status_code == 404
    assert "root:" not in answer.text and "import " not in answer.text


def test_unknown_json_twin_gives_json_404(client):
    answer = client.get("/document/0000000000000000.json")
    assert answer.status_code == 404 and answer.json()["status"] == 404


def test_download_refuses_a_file_changed_since_import(tmp_path):
    index_dir = tmp_path / "index"
    files = tmp_path / "files"
    files.mkdir()
    (files / "a.txt").write_text(HOSTILE, encoding="utf-8")
    from index.importing.importer import import_paths
    import_paths([str(files)], index_dir, workers=1, ocr=False)
    doc_id = document_id(index_dir, "a.txt")
    (files / "a.txt").write_text("ersatt innehåll", encoding="utf-8")
    assert TestClient(create_app(index_dir), base_url="http://127.0.0.1").get(f"/document/{doc_id}/original").status_code == 404


def test_a_document_corrected_at_the_same_path_keeps_its_address(tmp_path):
    from index.importing.importer import import_paths

    index_dir, files = tmp_path / "index", tmp_path / "files"
    files.mkdir()
    (files / "a.txt").write_text(HOSTILE, encoding="utf-8")
    import_paths([str(files)], index_dir, workers=1, ocr=False)
    first = document_id(index_dir, "a.txt")
    ids = [first]
    for correction in ("50 000 kr", "60 000 kr"):
        (files / "a.txt").write_text(HOSTILE.replace("50 000 kr", correction) + "\nRättad.\n", encoding="utf-8")
        import_paths([str(files)], index_dir, workers=1, ocr=False)
        ids.append(document_id(index_dir, "a.txt"))
    assert len(set(ids)) == 3
    client = TestClient(create_app(index_dir), base_url="http://127.0.0.1")
    for old in ids[:2]:
        answer = client.get(f"/document/{old}", follow_redirects=False)
        assert answer.status_code == 301 and answer.headers["location"] == f"/document/{ids[2]}"
        assert client.get(f"/document/{old}.json", follow_redirects=False).headers["location"] == f"/document/{ids[2]}.json"
    assert client.get(f"/document/{first}").status_code == 200 and "Rättad." in client.get(f"/document/{first}").text
    assert client.get(f"/document/{first}/original").content.decode("utf-8").endswith("Rättad.\n")
    assert client.get("/document/0123456789abcdef", follow_redirects=False).status_code == 404


def test_openapi_describes_every_json_twin(client):
    spec = client.get("/openapi.json").json()
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) == {"/search.json", "/document/{id}.json", "/organisation/{id}.json", "/case/{number}.json",
                                  "/organisations.json", "/cases.json", "/committees.json", "/committee/{id}.json"}


def test_pages_forbid_foreign_scripts_and_sniffing(client):
    page = client.get("/")
    assert "script-src 'self'" in page.headers["content-security-policy"]
    assert client.get("/openapi.json").headers["x-content-type-options"] == "nosniff"


def test_only_get_is_allowed(client, index_dir):
    doc_id = document_id(index_dir, "hostile.txt")
    assert client.post(f"/document/{doc_id}").status_code == 405
    assert client.delete("/search").status_code == 405


# -- malformed queries: a message, never a 500 --------------------------------------------------

@pytest.mark.parametrize("url", [
    "/search?q=" + "a" * 5000, "/search?year=20x4", "/search?q=x&from=igår", "/search.json?q=x&to=2024-13-99x",
])
def test_malformed_query_gives_a_message(client, url):
    answer = client.get(url)
    assert answer.status_code == 400
    if ".json" in url:
        assert answer.json()["error"]
    else:
        assert 'class="message"' in answer.text


@pytest.mark.parametrize("q", ['"', "(", "AND", "*", "NOT OR", "title:", "a" * 499, "\x00<script>", "KS 2023/", "ö~^2"])
def test_odd_queries_never_fail(client, q):
    for url in ("/search?q=", "/search.json?q="):
        answer = client.get(url + quote(q))
        assert answer.status_code in (200, 400)
        if url.startswith("/search.json"):
            assert answer.headers["content-type"] == "application/json" and answer.json()
        else:
            assert "<script>" not in answer.text.replace('<script src="/static/diarium.js" defer></script>', "")


# -- search, organisations, cases (built by other modules) ------------------------------------

def test_search_page_shows_hits_facets_and_marked_snippets(client):
    page = client.get("/search?q=" + quote("Mötesplats Trappan"))
    assert page.status_code == 200
    assert 'class="hit"' in page.text and "<mark>" in page.text
    data = client.get("/search.json?q=" + quote("Mötesplats Trappan")).json()
    assert data["total"] >= 1 and data["hits"]
    assert set(data["facets"]) >= {"type", "year"}


def test_an_organisation_reading_links_to_the_text_reading(client):
    data = client.get("/search.json?q=" + quote("Röda Korset")).json()
    assert data["understood_as"]["kind"] == "organisation"
    other = data["understood_as"]["other_reading"]
    assert other["kind"] == "text" and other["total"] >= data["total"]
    page = client.get("/search?q=" + quote("Röda Korset"))
    assert "as=text" in page.text and "Sök i stället på orden" in page.text
    as_text = client.get("/search.json?q=" + quote("Röda Korset") + "&as=text").json()
    assert as_text["understood_as"]["kind"] == "text" and as_text["total"] == other["total"]
    assert as_text["understood_as"]["other_reading"]["organisation"] == data["understood_as"]["organisation"]
    page = client.get("/search?q=" + quote("Röda Korset") + "&as=text")
    assert "Sök i stället organisationen" in page.text and "Ta bort filtret" not in page.text


def test_search_filters_are_shareable_urls(client):
    data = client.get("/search.json?q=partnerskap&type=tjänsteskrivelse").json()
    assert data["hits"] and all(h["document_type"] == "tjänsteskrivelse" for h in data["hits"])
    page = client.get("/search?q=partnerskap&type=tjänsteskrivelse")
    assert "Ta bort filtret" in page.text


def test_search_escapes_markup_in_hits(client):
    page = client.get("/search?q=Krokus")
    assert page.status_code == 200
    assert "<script>alert" not in page.text


def test_organisation_page_and_twin(client):
    from index.organisations.registry import resolve

    org = resolve(client.app.state.index_dir, "Stadsmissionen i Lund")
    assert org, "the registry should know Stadsmissionen i Lund"
    page = client.get(f"/organisation/{quote(org.id, safe='')}")
    assert page.status_code == 200 and "Stadsmissionen" in page.text
    data = client.get(f"/organisation/{quote(org.id, safe='')}.json").json()
    assert data["id"] == org.id and data["document_list"]
    assert data["funding"] and all(set(row) == set(FUNDING_COLUMNS) for row in data["funding"])  # rows in their JSON form


@pytest.mark.parametrize("org_id", ["no-such-organisation", "..%2F..%2Fetc", "%3Cscript%3E"])
def test_unknown_organisation_is_404(client, org_id):
    assert client.get(f"/organisation/{org_id}").status_code == 404
    assert client.get(f"/organisation/{org_id}.json").status_code == 404


@pytest.mark.parametrize("number", ["VON 2020/388"])
def test_case_page_shows_the_lineage(client, number):
    page = client.get("/case/" + quote(number, safe=""))
    assert page.status_code == 200
    assert 'class="timeline"' in page.text and "SOCN 2017/211" in page.text
    data = client.get("/case/" + quote(number, safe="") + ".json").json()
    assert data["steps"] and data["funding_rows"] and all(set(row) == set(FUNDING_COLUMNS) for row in data["funding_rows"])


@pytest.mark.parametrize("number", ["XYZ 1999/1", "..%2F..%2Fetc%2Fpasswd", "%3Cscript%3E", "a" * 300])
def test_unknown_case_is_404(client, number):
    assert client.get(f"/case/{number}").status_code == 404
    assert client.get(f"/case/{number}.json").status_code == 404


# -- search: pages, order, filters as chips, downloads -------------------------------------------

def test_search_pages_through_every_hit(client):
    whole = client.get("/search.json?q=stöd&limit=100").json()
    assert whole["total"] > 10
    seen, offset = [], 0
    while offset < whole["total"]:
        page = client.get(f"/search.json?q=stöd&limit=5&offset={offset}").json()
        assert page["offset"] == offset and page["total"] == whole["total"]
        seen += [h["id"] for h in page["hits"]]
        offset += 5
    assert seen == [h["id"] for h in whole["hits"]]
    html = client.get("/search?q=stöd&limit=5&offset=5").text
    assert f"6–10 av {whole['total']}" in html
    assert re.search(r'href="/search\?q=st%C3%B6d&amp;limit=5&amp;offset=10" rel="next"', html)
    assert re.search(r'href="/search\?q=st%C3%B6d&amp;limit=5" rel="prev"', html)
    assert 'href="/search.json?q=st%C3%B6d&amp;limit=5&amp;offset=5" class="twin"' in html


def test_search_sorts_by_date(client):
    hits = client.get("/search.json?q=stöd&sort=oldest&limit=100").json()["hits"]
    dated = [h["date"] for h in hits if h["date"]]
    assert dated == sorted(dated) and not hits[-1]["date"]
    assert "Äldsta först" in client.get("/search?q=stöd&sort=oldest").text


def test_narrowing_an_organisation_by_an_organisation_facet(client):
    base = client.get("/search.json?q=" + quote("Region Skåne")).json()
    facets = dict(base["facets"]["organisation"])
    assert facets["Lunds kommun"] > 0
    narrowed = client.get("/search.json?q=" + quote("Region Skåne") + "&org=" + quote("Lunds kommun")).json()
    assert narrowed["total"] == facets["Lunds kommun"]
    page = client.get("/search?q=" + quote("Region Skåne")).text
    assert "org=Lunds+kommun" in page


def test_several_values_show_as_chips_each_removable(client):
    page = client.get("/search?q=stöd&type=protokoll&type=tjänsteskrivelse&from=2020").text
    assert page.count('class="chip"') == 3
    assert 'href="/search?q=st%C3%B6d&amp;type=tj%C3%A4nsteskrivelse&amp;from=2020"' in page
    assert 'href="/search?q=st%C3%B6d&amp;type=protokoll&amp;type=tj%C3%A4nsteskrivelse"' in page
    data = client.get("/search.json?q=stöd&type=protokoll&type=tjänsteskrivelse").json()
    assert {h["document_type"] for h in data["hits"]} <= {"protokoll", "tjänsteskrivelse"}


@pytest.mark.parametrize("url,message", [
    ("/search?q=stöd&from=2024-13-45", "finns inte i kalendern"),
    ("/search?org=" + quote("Ingen Sådan Förening Alls"), "Ingen organisation"),
    ("/search?q=x&sort=random", "sortering"),
    ("/search?q=x&offset=-3", "heltal"),
    ("/search?q=x&from=2024-05-01&to=2023-01-01", "efter"),
])
def test_user_errors_are_400_with_a_swedish_message(client, url, message):
    for address in (url, url.replace("/search?", "/search.json?")):
        answer = client.get(address)
        assert answer.status_code == 400
        text = answer.json()["error"] if ".json" in address else answer.text
        assert message in text


def test_a_search_downloads_as_csv_for_excel(client, index_dir):
    total = client.get("/search.json?q=stöd").json()["total"]
    answer = client.get("/search.csv?q=stöd")
    assert answer.status_code == 200 and answer.headers["content-type"].startswith("text/csv")
    assert "attachment" in answer.headers["content-disposition"]
    body = answer.content.decode("utf-8")
    assert body.startswith("\ufeffid;path;part;document_type;")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert len(rows) == total + 1
    everything = client.get("/search.csv?sort=newest").content.decode("utf-8-sig")
    with Store(index_dir) as store:
        assert len(list(csv.reader(io.StringIO(everything), delimiter=";"))) == store.document_count() + 1 > 21
    assert client.get("/search.csv?q=x&from=2024-13-45").status_code == 400


# -- funding, stable case addresses -------------------------------------------------------------

def organisation_address(client, name: str) -> str:
    from index.organisations.registry import resolve

    return "/organisation/" + quote(resolve(client.app.state.index_dir, name).id, safe="")


def test_funding_over_split_years_is_kept_named_and_totalled(client):
    page = client.get(organisation_address(client, "Svenska Röda Korset")).text
    assert "Stöd vid familjeåterförening – Svenska Röda Korset" in page
    assert ">2023/2024</th>" in page and ">2024/2025</th>" in page
    assert "Summa per år" in page and "Per betalare" in page
    assert "Inga belopp per år är kända" not in page
    case = client.get("/case/" + quote("ASN-2023-4187", safe="")).text
    assert ">2023/2024</th>" in case and "Inga belopp per år är kända" not in case


def test_funding_chart_has_a_value_axis_and_totals(client):
    page = client.get(organisation_address(client, "Lunds kommun")).text
    chart = page[page.index("<svg"):page.index("</svg>")]
    assert chart.count('class="tick"') >= 3 and ">0 kr</text>" in chart
    assert chart.count('class="value"') >= 5 and "1,72 mnkr" in chart
    assert "<title" in chart


def test_an_organisations_funding_downloads_as_csv(client):
    address = organisation_address(client, "Lunds kommun")
    answer = client.get(address + "/funding.csv")
    assert answer.status_code == 200 and "attachment" in answer.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(answer.content.decode("utf-8-sig")), delimiter=";"))
    assert rows and set(rows[0]) == {"lineage", "partnership", "case", "payer", "year", "amount", "documents"}
    assert {"2023/2024", "2022"} <= {r["year"] for r in rows}
    assert any(r["partnership"].startswith("Mötesplats Trappan") and r["lineage"] == "SOCN 2017/211" for r in rows)
    assert client.get("/organisation/no-such-organisation/funding.csv").status_code == 404


@pytest.mark.parametrize("typed", ["von 2020 388", "VON-2020-388", "Von 2020/388"])
def test_a_case_has_one_address_however_it_is_typed(client, typed):
    answer = client.get("/case/" + quote(typed, safe=""), follow_redirects=False)
    assert answer.status_code == 301 and answer.headers["location"] == "/case/VON%202020%2F388"
    twin = client.get("/case/" + quote(typed, safe="") + ".json", follow_redirects=False)
    assert twin.headers["location"] == "/case/VON%202020%2F388.json"
    assert client.get("/case/VON%202020%2F388", follow_redirects=False).status_code == 200


def test_an_organisations_documents_come_in_pages(client):
    address = organisation_address(client, "Lunds kommun")
    whole = client.get(address + ".json").json()
    assert whole["documents_total"] == len(whole["document_ids"]) > 3
    seen = []
    for offset in range(0, whole["documents_total"], 2):
        page = client.get(f"{address}.json?offset={offset}&limit=2").json()
        assert page["offset"] == offset and len(page["document_list"]) <= 2
        seen += [d["id"] for d in page["document_list"]]
    assert sorted(seen) == sorted(whole["document_ids"])
    dates = [d["date"] for d in whole["document_list"] if d["date"]]
    assert dates == sorted(dates, reverse=True)
    html = client.get(address + "?offset=2&limit=2").text
    assert f"3–4 av {whole['documents_total']}" in html and 'rel="prev"' in html and 'rel="next"' in html
    assert client.get(address + "?offset=x").status_code == 400


def test_home_shows_the_newest_documents(client, index_dir):
    page = client.get("/").text
    with Store(index_dir) as store:
        dates = sorted((x.get("date") or "" for _, _, x in store.extractions()), reverse=True)[:10]
        assert f"Indexet innehåller {store.document_count()} dokument" in page
    shown = re.findall(r'<td class="nowrap">([^<]+)</td>', page)
    assert shown == [d or "–" for d in dates]


def test_home_and_an_organisation_page_decode_no_stored_extraction(client, monkeypatch):
    def refused(*args, **kwargs):
        raise AssertionError("a stored extraction was read")

    monkeypatch.setattr(Store, "extractions", refused)
    monkeypatch.setattr(Store, "documents", refused)
    assert client.get("/").status_code == 200
    assert client.get(organisation_address(client, "Lunds kommun") + ".json?limit=3").status_code == 200


def test_a_pdf_original_opens_in_the_browser_at_its_page(tmp_path):
    from index.importing.importer import import_paths
    from tests.filemaker import write_pdf

    files, index_dir = tmp_path / "files", tmp_path / "index"
    files.mkdir()
    write_pdf(files / "beslut.pdf", HOSTILE)
    (files / "sida.html").write_text("<p>Beslut KS 2024/77 om bidrag.</p>", encoding="utf-8")
    import_paths([str(files)], index_dir, workers=1, ocr=False)
    client = TestClient(create_app(index_dir), base_url="http://127.0.0.1")
    pdf = document_id(index_dir, "beslut.pdf")
    page = client.get(f"/document/{pdf}").text
    assert f'href="/document/{pdf}/original?visa=1#page=1"' in page
    shown = client.get(f"/document/{pdf}/original?visa=1")
    assert shown.headers["content-type"] == "application/pdf" and shown.headers["content-disposition"].startswith("inline")
    assert client.get(f"/document/{pdf}/original").headers["content-disposition"].startswith("attachment")
    html = document_id(index_dir, "sida.html")
    assert client.get(f"/document/{html}/original?visa=1").headers["content-disposition"].startswith("attachment")


# -- browsing -------------------------------------------------------------------------------

@pytest.mark.parametrize("address, key", [("/organisations", "organisations"), ("/cases", "cases"),
                                          ("/committees", "committees")])
def test_every_browse_list_comes_in_pages_with_a_twin(client, address, key):
    first = client.get(address + ".json?limit=100").json()
    whole = {"total": first["total"], key: [row for offset in range(0, first["total"], 100)
                                            for row in client.get(f"{address}.json?offset={offset}&limit=100").json()[key]]}
    assert whole["total"] == len(whole[key]) > 10 and first[key] == whole[key][:100]
    seen = []
    for offset in range(0, whole["total"], 7):
        page = client.get(f"{address}.json?offset={offset}&limit=7").json()
        assert page["total"] == whole["total"] and len(page[key]) == min(7, whole["total"] - offset)
        seen += page[key]
    assert seen == whole[key]
    html = client.get(f"{address}?offset=7&limit=7").text
    assert f"8–14 av {whole['total']}" in html and 'rel="prev"' in html and 'rel="next"' in html
    assert f'href="{address}.json?offset=7&amp;limit=7"' in html
    assert client.get(f"{address}?offset=x").status_code == 400


def test_the_header_links_every_browse_page(client):
    header = client.get("/").text.split("</header>")[0]
    assert all(f'href="{a}"' in header for a in ("/organisations", "/cases", "/committees"))


def test_organisations_have_document_counts_and_similar_names(client):
    total = client.get("/organisations.json?limit=100").json()["total"]  # a page holds at most 100
    listed = [o for offset in range(0, total, 100)
              for o in client.get(f"/organisations.json?offset={offset}&limit=100").json()["organisations"]]
    rows = {o["name"] + (o["org_number"] or ""): o for o in listed}
    assert rows["Stadsmissionen i Lund845002-3174"]["documents"] >= 7
    assert [o["documents"] for o in listed] == sorted((o["documents"] for o in listed), reverse=True)
    chapter = rows["Röda Korset Göteborgskretsen857209-4186"]
    assert [s["name"] for s in chapter["see_also"]] == ["Svenska Röda Korset"]
    assert [s["name"] for s in rows["Svenska Röda Korset802002-8711"]["see_also"]] == ["Röda Korset Göteborgskretsen"]
    assert rows["Stadsmissionen i Lund845002-3174"]["see_also"] == []  # no other mission is that close
    page = "".join(client.get(f"/organisations?offset={offset}&limit=100").text for offset in range(0, total, 100))
    assert '<a href="/organisation/802002-8711">Svenska Röda Korset (802002-8711)</a>' in page
    organisation = client.get("/organisation/857209-4186.json").json()
    assert [s["name"] for s in organisation["see_also"]] == ["Svenska Röda Korset"]
    assert "Se även" in client.get("/organisation/857209-4186").text


def test_cases_list_number_title_latest_date_and_count_at_their_one_address(client):
    total = client.get("/cases.json?limit=100").json()["total"]  # a page holds at most 100
    listed = [c for offset in range(0, total, 100)
              for c in client.get(f"/cases.json?offset={offset}&limit=100").json()["cases"]]
    by_number = {c["number"]: c for c in listed}
    socn = by_number["SOCN 2017/211"]
    assert socn["latest"] == "2017-09-18" and socn["documents"] == 1 and socn["title"]
    dates = [c["latest"] for c in listed if c["latest"]]
    assert dates == sorted(dates, reverse=True)
    for case in listed:
        assert client.get(case["url"], follow_redirects=False).status_code == 200, case["number"]
    page = "".join(client.get(f"/cases?offset={offset}&limit=100").text for offset in range(0, total, 100))
    assert f'href="{case_url("SOCN 2017/211")}"' in page


def test_committees_show_meetings_and_the_decisions_taken_there(client):
    bodies = {(b["authority"], b["name"]): b for b in client.get("/committees.json?limit=100").json()["committees"]}
    von = client.get(bodies[("Lunds kommun", "Vård- och omsorgsnämnden")]["url"] + ".json").json()
    meetings = {m["date"]: m for m in von["meetings"]}
    assert list(meetings) == sorted(meetings, reverse=True)
    planned = meetings["2020-09-23"]["planned"]
    assert [p["case_numbers"] for p in planned] == [["VON 2020/388"]]
    # Region Skåne's proposal cites Lund's decision of that meeting (§ 141): it joins Lund's body
    assert [c["paragraph"] for c in meetings["2020-09-23"]["cited"]] == ["141"]
    eslov = client.get(bodies[("Eslövs kommun", "Kommunstyrelsen")]["url"] + ".json").json()
    decided = eslov["meetings"][0]["decided"]
    assert eslov["meetings"][0]["date"] == "2023-06-12"
    assert [d["paragraph"] for d in decided][:3] == ["§ 57", "§ 58", "§ 59"]
    assert decided[0]["url"].endswith("#" + decided[0]["anchor"]) and decided[0]["case_numbers"] == ["KS 412/2023"]
    assert ("Växjö kommun", "Socialnämnden") in bodies and ("Lunds kommun", "Socialnämnden") in bodies
    page = client.get(bodies[("Eslövs kommun", "Kommunstyrelsen")]["url"]).text
    assert "Idéburet offentligt partnerskap med Föreningen Fritidsbanken Eslöv" in page
    assert client.get("/committee/ingen-sadan").status_code == 404
    assert client.get("/committee/ingen-sadan.json").json()["status"] == 404


def test_a_body_s_meetings_come_in_pages(client):
    eslov = client.get("/committees.json?limit=100").json()["committees"]
    lund = next(b for b in eslov if b["name"] == "Vård- och omsorgsnämnden" and b["authority"] == "Lunds kommun")
    first = client.get(lund["url"] + ".json?limit=1").json()
    second = client.get(lund["url"] + ".json?limit=1&offset=1").json()
    assert first["total"] == second["total"] == 2
    assert first["meetings"][0]["date"] > second["meetings"][0]["date"]
    assert 'rel="next"' in client.get(lund["url"] + "?limit=1").text


def test_browse_lists_come_from_the_store_when_an_index_has_none_yet(index_dir, tmp_path):
    import shutil

    from index import browse

    copy = tmp_path / "copy"
    shutil.copytree(index_dir, copy)
    (copy / browse.BROWSE_FILE).unlink()
    assert browse.load(copy).cases(0, 100) == browse.load(index_dir).cases(0, 100)
    assert browse.load(copy).body("eslovs-kommun-kommunstyrelsen", 0, 5) == \
        browse.load(index_dir).body("eslovs-kommun-kommunstyrelsen", 0, 5)
    assert browse.load(copy).cases(0, 100)[0] > 20
