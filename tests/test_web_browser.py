"""End to end in a real browser: Debian's Chromium driven by Playwright, over a served index.

Searches for an organisation, opens a document, follows a case number to its lineage, browses
organisations, cases and committees, and saves a screenshot of each page (laptop and phone
widths) in ``test-output/screenshots/``; axe-core (``tests/axe.py``) checks every page type
for accessibility violations of impact serious or critical.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import pytest


CHROMIUM = Path("/usr/bin/chromium")
SHOTS = Path(__file__).resolve().parent.parent / "test-output" / "screenshots"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="/usr/bin/chromium is absent (apt-get install chromium)"),
]


@pytest.fixture(scope="module")
def base_url(web_index):
    import uvicorn

    from diarium.web import create_app

    index_dir = web_index
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(index_dir), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 120  # a bound for a server that never starts, not a speed check
    while not server.started:
        assert time.monotonic() < deadline, "the server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def shoot(page, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


@pytest.mark.parametrize("width, label", [(1280, "laptop"), (390, "phone")])
def test_search_an_organisation_open_a_document_follow_its_case(browser, base_url, width, label):
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base_url + "/")
    page.fill("input[name=q]", "Stadsmissionen i Lund")
    page.press("input[name=q]", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=Stadsmissionen"))
    assert "tolkat som organisationen" in page.inner_text(".understood")
    assert page.locator(".hit").count() >= 3
    assert page.locator(".snippet mark").count() >= 1
    shoot(page, f"1-search-{label}")

    page.click(".hit h2 a >> text=Förlängning av överenskommelse")
    page.wait_for_url(re.compile(r"/document/[0-9a-f]{16}$"))
    assert page.locator("#doctext a.fact.k-case").count() >= 2
    assert page.locator(".facts-table tbody tr").count() >= 10
    shoot(page, f"2-document-{label}")

    page.click("#doctext a.fact.k-case >> text=SOCN 2017/211")
    page.wait_for_url(re.compile(r"/case/SOCN"))
    assert page.locator(".timeline .step").count() >= 2
    assert "förlängning" in page.inner_text(".timeline")
    shoot(page, f"3-case-{label}")
    assert errors == []
    page.close()


def test_markup_in_a_document_is_shown_not_run(browser, base_url):
    page = browser.new_page()
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto(base_url + "/search?q=Krokus")
    page.click(".hit h2 a")
    page.wait_for_url(re.compile(r"/document/"))
    assert '<script>alert("x")</script>' in page.inner_text("h1")
    assert page.locator("#doctext script, #doctext img").count() == 0
    assert dialogs == []
    page.close()


def test_fact_kinds_can_be_hidden_and_facts_found_from_the_table(browser, base_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base_url + "/search?q=" + "VON 2020/388")
    page.click(".hit h2 a >> nth=0")
    page.wait_for_url(re.compile(r"/document/"))
    page.uncheck("#legend input[data-kind=amount]")
    assert "hide-amount" in page.get_attribute("#doctext", "class")
    page.click(".facts-table a.goto >> nth=0")
    page.wait_for_selector("#doctext .flash")
    page.close()


def no_sideways_scrolling(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width, label", [(1280, "laptop"), (390, "phone")])
def test_page_through_narrow_by_facets_and_remove_a_filter(browser, base_url, width, label):
    page = browser.new_page(viewport={"width": width, "height": 900 if width > 400 else 844})
    page.goto(base_url + "/search?q=st%C3%B6d&limit=5")
    total = int(re.search(r"av (\d+)", page.inner_text(".pager-line")).group(1))
    assert total > 10 and page.locator(".hit").count() == 5
    page.click("a[rel=next]")
    page.wait_for_url(re.compile(r"offset=5"))
    assert page.inner_text(".pager-line").startswith(f"6–10 av {total}")
    assert no_sideways_scrolling(page)
    shoot(page, f"4-search-page2-{label}")

    page.click(".facets section:has(h2:text('Dokumenttyp')) li a >> nth=0")
    page.wait_for_load_state()
    narrowed = int(re.search(r"av (\d+)", page.inner_text(".pager-line")).group(1))
    assert "offset" not in page.url and narrowed < total and page.locator(".chips .chip").count() == 1
    page.select_option("select[name=sort]", "oldest")
    page.fill("input[name=from]", "2020")
    page.click(".refine button")
    page.wait_for_url(re.compile(r"sort=oldest"))
    assert page.locator(".chips a.chip:not(.clear)").count() == 2
    dates = [d for d in page.locator(".hit .meta").all_inner_texts()]
    assert all(re.search(r"20(2\d)-", d) for d in dates)
    assert no_sideways_scrolling(page)
    shoot(page, f"5-search-narrowed-{label}")

    page.click(".chips a.chip:not(.clear) >> nth=0")
    page.wait_for_load_state()
    assert page.locator(".chips a.chip:not(.clear)").count() == 1
    page.goto(base_url + "/search?q=x&from=2024-13-45")
    assert "finns inte i kalendern" in page.inner_text(".message")
    page.close()


@pytest.mark.parametrize("width, label", [(1280, "laptop"), (390, "phone")])
def test_every_page_type_has_one_h1_a_skip_link_and_no_sideways_scrolling(browser, base_url, width, label):
    page = browser.new_page(viewport={"width": width, "height": 900 if width > 400 else 844})
    page.goto(base_url + "/search?q=" + "Svenska Röda Korset")
    document = page.locator(".hit h2 a").first.get_attribute("href")
    organisation = page.locator(".understood a").first.get_attribute("href")
    for name, path in [("home", "/"), ("search", "/search?q=st%C3%B6d"), ("document", document),
                       ("organisation", organisation), ("case", "/case/VON%202021%2F577"), ("error", "/document/0"),
                       ("organisations", "/organisations"), ("cases", "/cases"), ("committees", "/committees"),
                       ("committee", "/committee/eslovs-kommun-kommunstyrelsen")]:
        page.goto(base_url + path)
        assert page.locator("h1").count() == 1, name
        assert page.locator("a.skip").get_attribute("href") == "#main"
        assert no_sideways_scrolling(page), name
        shoot(page, f"6-{name}-{label}")
    page.close()


@pytest.mark.parametrize("width, label", [(1280, "laptop"), (1024, "small-laptop"), (390, "phone")])
def test_the_facts_table_fits_and_a_phone_jumps_to_it(browser, base_url, width, label):
    page = browser.new_page(viewport={"width": width, "height": 900 if width > 400 else 844})
    page.goto(base_url + "/search?q=" + "VON 2020/388")
    page.click(".hit h2 a >> text=Förlängning av överenskommelse")
    page.wait_for_url(re.compile(r"/document/"))
    fits = page.evaluate("(() => { const t = document.querySelector('.facts-table');"
                         " return t.scrollWidth <= t.parentElement.clientWidth + 1 })()")
    assert fits
    summary = page.inner_text("dl.summary")
    assert "Lunds kommun: 920\xa0000 kr per år" in summary and "Förlänger eller ersätter\nSOCN 2017/211" in summary
    if width < 800:
        page.click(".jump a")
        assert page.evaluate("document.querySelector('#uppgifter').getBoundingClientRect().top") < 100
    else:
        assert not page.locator(".jump").is_visible()
    shoot(page, f"7-document-facts-{label}")
    page.emulate_media(media="print")
    assert not page.locator("header.top").is_visible() and page.locator(".facts-table").is_visible()
    page.close()


@pytest.mark.parametrize("width, height, label", [(1280, 900, "laptop"), (390, 844, "phone")])
def test_browse_organisations_cases_and_committees_from_the_header(browser, base_url, width, height, label):
    page = browser.new_page(viewport={"width": width, "height": height})
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(base_url + "/")
    page.click("nav.browse a >> text=Organisationer")
    page.wait_for_url(re.compile(r"/organisations$"))
    assert page.locator(".browselist tbody tr").count() == 20
    total = int(re.search(r"av (\d+)", page.inner_text(".pager-line")).group(1))
    assert total > 20 and no_sideways_scrolling(page)
    shoot(page, f"8-organisations-{label}")
    page.click("a[rel=next]")
    page.wait_for_url(re.compile(r"offset=20"))
    assert page.inner_text(".pager-line").startswith(f"21–{min(40, total)} av {total}")
    chapter = page.locator(".browselist tr:has(td:first-child a:text-is('Röda Korset Göteborgskretsen')) .see-also a")
    for offset in range(40, 400, 20):  # the list is alphabetical: the chapter is on whichever page R falls
        if chapter.count():
            break
        page.click("a[rel=next]")
        page.wait_for_url(re.compile(rf"offset={offset}"))
    chapter.click()
    page.wait_for_url(re.compile(r"/organisation/802002-8711$"))
    assert page.inner_text("h1") == "Svenska Röda Korset"

    page.click("nav.browse a >> text=Ärenden")
    page.wait_for_url(re.compile(r"/cases$"))
    assert page.locator(".browselist tbody tr").count() == 20 and no_sideways_scrolling(page)
    shoot(page, f"9-cases-{label}")
    page.click("a[rel=next]")
    page.wait_for_url(re.compile(r"/cases\?offset=20"))
    for offset in range(40, 400, 20):  # the oldest case is listed last, on whichever page that is
        if page.locator(".browselist a.case >> text=SOCN 2017/211").count():
            break
        page.click("a[rel=next]")
        page.wait_for_url(re.compile(rf"/cases\?offset={offset}"))
    page.click(".browselist a.case >> text=SOCN 2017/211")
    page.wait_for_url(re.compile(r"/case/SOCN%202017%2F211$"))
    assert page.locator(".timeline .step").count() >= 2

    page.click("nav.browse a >> text=Nämnder och möten")
    page.wait_for_url(re.compile(r"/committees$"))
    assert no_sideways_scrolling(page)
    shoot(page, f"10-committees-{label}")
    page.click(".browselist tr:has-text('Eslövs kommun') a >> text=Kommunstyrelsen")
    page.wait_for_url(re.compile(r"/committee/eslovs-kommun-kommunstyrelsen$"))
    assert page.locator(".meeting h3").first.inner_text() == "2023-06-12"
    assert page.locator(".meeting .decisions li").count() >= 3 and no_sideways_scrolling(page)
    shoot(page, f"11-committee-{label}")
    page.click(".meeting .decisions a >> text=§ 57")
    page.wait_for_url(re.compile(r"/document/[0-9a-f]{16}#p-"))
    assert errors == []
    page.close()


# -- accessibility: axe-core on every page type --------------------------------------------

@pytest.fixture(scope="module")
def axe_script():
    from tests.axe import ensure

    return ensure()


PAGE_TYPES = [("home", "/"), ("search", "/search?q=st%C3%B6d"), ("search-organisation", "/search?q=Stadsmissionen+i+Lund"),
              ("document", None), ("case", "/case/VON%202021%2F577"), ("organisation", "/organisation/845002-3174"),
              ("organisations", "/organisations"), ("cases", "/cases"), ("committees", "/committees"),
              ("committee", "/committee/eslovs-kommun-kommunstyrelsen"), ("error", "/document/0"),
              ("bad-query", "/search?q=x&from=2024-13-45")]


def serious_violations(page) -> list[str]:
    """axe-core's violations of impact serious or critical on the page, one line each."""
    found = page.evaluate("""async () => {
        const result = await axe.run(document, {resultTypes: ["violations"]});
        return result.violations.filter(v => v.impact === "serious" || v.impact === "critical")
            .map(v => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map(n => n.target.join(" ")).join(", "));
    }""")
    return found


@pytest.mark.parametrize("width, height, label", [(1280, 900, "laptop"), (390, 844, "phone")])
def test_no_page_type_has_serious_accessibility_violations(browser, base_url, axe_script, width, height, label):
    context = browser.new_context(viewport={"width": width, "height": height})
    context.add_init_script(path=str(axe_script))  # before the page's own scripts; not subject to its CSP
    page = context.new_page()
    page.goto(base_url + "/search?q=" + "VON 2020/388")
    document = page.locator(".hit h2 a").first.get_attribute("href")
    failures = {}
    for name, path in PAGE_TYPES:
        page.goto(base_url + (path or document))
        assert page.evaluate("typeof axe") == "object", name
        violations = serious_violations(page)
        if violations:
            failures[name] = violations
    assert failures == {}
    page.evaluate("document.querySelector('main').appendChild(document.createElement('img'))")
    assert any(v.startswith("image-alt (critical)") for v in serious_violations(page))  # axe does look
    context.close()


def test_axe_core_is_refused_when_it_is_not_the_registry_s_tarball():
    from tests.axe import BadDownload, check

    with pytest.raises(BadDownload):
        check(b"not the tarball")
