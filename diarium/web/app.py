"""The Starlette application: routes, their HTML pages and JSON twins, and error pages.

Read-only: every route is GET. Templates autoescape every value; the only markup passed
through is the search snippet, which ``index.search.query`` has already escaped around ``<mark>``.
"""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from diarium.web import data
from diarium.web.charts import funding_chart
from diarium.web.highlight import KINDS, facts_of, format_amount, pieces, shown
from diarium.web.openapi import openapi_document
from extractor.errors import DiariumError
from index.export.formats import write_documents_csv, write_funding_csv
from index.folder import IndexFolder
from index.search.engine import QUERY_BUDGET

HERE = Path(__file__).parent
CSV_DELIMITER = ";"  # Excel with Swedish settings reads semicolons
KIND_LABELS = {"original": "ursprungligt beslut", "extension": "förlängning", "new agreement": "nytt avtal"}


class BadQuery(Exception):
    """A query the page cannot run; the message is shown to the user (in Swedish)."""


LOCAL_HOSTS = ("127.0.0.1", "localhost", "::1")


def create_app(index_dir, hosts=(), budget: float = QUERY_BUDGET) -> Starlette:
    """The web interface over the index in ``index_dir``; each search may spend ``budget``
    CPU seconds, and one that needs more answers 400 (``D211``, too broad).

    Only requests naming this machine in their ``Host`` header (127.0.0.1, localhost, ::1)
    or one of ``hosts`` are answered; any other gets 421. A page elsewhere that rebinds its
    own name to 127.0.0.1 (DNS rebinding) thus cannot read the archive through the user's
    browser, which sends that page's name as the host.
    """
    env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(default=True))
    env.filters.update(amount=format_amount, case_url=data.case_url, organisation_url=data.organisation_url,
                       document_url=data.document_url, committee_url=data.committee_url, item_url=data.item_url, kind_label=lambda k: KIND_LABELS.get(k, k or ""),
                       by_payer=_by_payer, funding_summary=_funding_summary)
    site = _Site(Path(index_dir), env, budget)
    routes = [
        Route("/", site.home),
        Route("/search", site.search_page),
        Route("/search.json", site.search_json),
        Route("/search.csv", site.search_csv),
        Route("/document/{doc_id}/original", site.original),
        Route("/document/{doc_id}", site.document),
        Route("/organisation/{org_id}/funding.csv", site.organisation_funding_csv),
        Route("/organisation/{org_id}", site.organisation),
        Route("/case/{number:path}", site.case),
        Route("/organisations", site.organisations),
        Route("/organisations.json", site.organisations),
        Route("/cases", site.cases),
        Route("/cases.json", site.cases),
        Route("/committees", site.committees),
        Route("/committees.json", site.committees),
        Route("/committee/{body_id}", site.committee),
        Route("/openapi.json", site.openapi),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    handlers = {HTTPException: site.http_error, Exception: site.internal_error}
    allowed = {_host_name(h) for h in (*LOCAL_HOSTS, *hosts) if h}
    app = Starlette(routes=routes, exception_handlers=handlers,
                    middleware=[Middleware(_HostCheck, allowed=allowed), Middleware(_NoSniff)])
    app.state.index_dir = Path(index_dir)
    return app


def _host_name(host: str) -> str:
    """The name in a ``Host`` header or option, without port or IPv6 brackets, lower case."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:host.find("]")] if "]" in host else host[1:]
    if host.count(":") == 1:
        host = host.split(":", 1)[0]
    return host.rstrip(".")


class _HostCheck:
    """Answer 421 to any request whose ``Host`` is not one this server is known by."""

    def __init__(self, app, allowed: set):
        self.app, self.allowed = app, allowed

    async def __call__(self, scope, receive, send):
        if scope["type"] == "http":
            host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1")
            if _host_name(host) not in self.allowed:
                response = Response("421 Misdirected Request: this server answers only to its own host names\n",
                                    status_code=421, media_type="text/plain")
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)


class _NoSniff:
    """Every answer (JSON, files) says ``nosniff``, so no browser reads JSON data as a page."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        async def sending(message):
            if message["type"] == "http.response.start":
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"x-content-type-options"]
                message = {**message, "headers": headers + [(b"x-content-type-options", b"nosniff")]}
            await send(message)

        await self.app(scope, receive, sending)


class _Site:
    def __init__(self, index_dir: Path, env: Environment, budget: float):
        self.index_dir = index_dir
        self.env = env
        self.budget = budget

    # -- rendering ------------------------------------------------------------------------

    def page(self, name: str, status_code: int = 200, **context) -> HTMLResponse:
        html = self.env.get_template(name).render(**context)
        return HTMLResponse(html, status_code=status_code, headers=_HTML_HEADERS)

    def problem(self, request: Request, status: int, message: str, json: bool = False, code: str = "") -> Response:
        if json:
            return JSONResponse({"error": message, "status": status, **({"code": code} if code else {})},
                                status_code=status)
        title = _CODE_TITLES.get(code) or _STATUS_TITLES.get(status, "Fel")
        return self.page("error.html", status, title=title, message=message,
                         status=status, q=request.query_params.get("q", "")[:data.MAX_QUERY])

    async def http_error(self, request: Request, exc: HTTPException) -> Response:
        message = "Sidan finns inte." if exc.status_code == 404 else "Det gick inte att visa sidan."
        return self.problem(request, exc.status_code, message, request.url.path.endswith(".json"))

    async def internal_error(self, request: Request, exc: Exception) -> Response:
        return self.problem(request, 500, "Ett internt fel inträffade.", request.url.path.endswith(".json"))

    def guarded(self, request: Request, json: bool, answer) -> Response:
        """Run ``answer()``, turning the expected failures into a message page."""
        try:
            return answer()
        except BadQuery as exc:
            return self.problem(request, 400, str(exc), json)
        except DiariumError as exc:  # the query or filters, a search too broad (400, in Swedish), the index (5xx)
            return self.problem(request, exc.http_status, getattr(exc, "swedish", None) or _strip_code(str(exc)),
                                json, exc.code)

    # -- routes ---------------------------------------------------------------------------

    def home(self, request: Request) -> Response:
        def answer():
            with IndexFolder(self.index_dir) as folder:
                count, recent = data.recent(folder)
            return self.page("home.html", title="Diarium", count=count, recent=recent, q="")
        return self.guarded(request, False, answer)

    def search_page(self, request: Request) -> Response:
        def answer():
            state = SearchState.of(request)
            result = data.search(self.index_dir, state.query, state.params, offset=state.offset, limit=state.limit,
                                 budget=self.budget) \
                if state.asked() else None
            title = f"Sök: {state.query}" if state.query else "Sök"
            return self.page("search.html", title=title, q=state.query, state=state, result=result,
                             pager=state.pager(result) if result else None, twin=state.url("/search.json", offset=state.offset),
                             labels=_FACET_LABELS, facet_params=_FACET_PARAMS, sort_labels=_SORT_LABELS,
                             snippet=lambda hit: Markup(hit.snippet or ""))
        return self.guarded(request, False, answer)

    def search_json(self, request: Request) -> Response:
        def answer():
            state = SearchState.of(request)
            return JSONResponse(data.search(self.index_dir, state.query, state.params, offset=state.offset, limit=state.limit,
                                            budget=self.budget).to_dict())
        return self.guarded(request, True, answer)

    def search_csv(self, request: Request) -> Response:
        """Every hit of a search (not only one page) as the documents CSV of ``diarium export``."""
        def answer():
            state = SearchState.of(request)
            documents = data.search_documents(self.index_dir, state.query, state.params, budget=self.budget)
            return _csv_response(lambda f: list(write_documents_csv(f, documents, CSV_DELIMITER)),
                                 "diarium-sok" + (f"-{_file_word(state.query)}" if state.query else "") + ".csv")
        return self.guarded(request, False, answer)

    def document(self, request: Request) -> Response:
        doc_id, json = _twin(request.path_params["doc_id"])
        with IndexFolder(self.index_dir) as folder:  # one store for the document or where it moved
            found = data.document_and_facts(folder, doc_id)
            moved = data.moved_document(folder, doc_id) if found is None else None
        if found is None:
            if moved:  # its file was corrected: the old address leads on
                return RedirectResponse(data.document_url(moved) + (".json" if json else ""), status_code=301)
            raise HTTPException(404)
        doc, ex = found
        if json:
            return JSONResponse(doc.to_dict())
        facts = facts_of(ex, lambda kind, item: _fact_link(kind, item, doc.organisations))
        legend = sorted({(kind, label) for kind, label in KINDS.values()})
        tree = pieces(doc.text, facts)
        return self.page("document.html", title=ex.title or doc.id, doc=doc, ex=ex, facts=facts, pieces=tree,
                         shown=shown(tree), legend=legend, q="", twin=data.document_url(doc_id) + ".json")

    def original(self, request: Request) -> Response:
        doc_id = request.path_params["doc_id"]
        with IndexFolder(self.index_dir) as folder:  # one store for the file or where it moved
            try:
                found = data.original_file(folder, doc_id)
            except data.Withheld:
                return self.problem(request, 403, "Originalfilen visas inte: den innehåller personnummer, "
                                                  "som är maskerade i Diarium.")
            moved = data.moved_document(folder, doc_id) if found is None else None
        if found is None:
            if moved:
                return RedirectResponse(data.document_url(moved) + "/original", status_code=301)
            raise HTTPException(404)
        path, name = found
        if request.query_params.get("visa") and Path(name).suffix.lower() in _SHOWN_INLINE:
            # PDFs and images open in the browser; anything that a browser would run (HTML) only downloads
            return FileResponse(path, filename=name, content_disposition_type="inline",
                                media_type=_SHOWN_INLINE[Path(name).suffix.lower()])
        return FileResponse(path, filename=name)

    def paged(self, request: Request, json: bool, address: str, fetch, render, as_json=None) -> Response:
        """A page showing one page of a list (``offset``, ``limit``), or its JSON twin at
        ``address.json``: ``fetch(offset, limit)`` gives the answer (None: 404), ``render(answer,
        paging)`` the page, where ``paging(shown, total)`` gives its ``pager`` and ``twin`` (the
        JSON twin's address of the same page), and ``as_json`` the answer's JSON form (when it
        is not one already: a record's ``to_dict``)."""
        def answer():
            offset, limit = _paging(request)
            found = fetch(offset, limit)
            if found is None:
                raise HTTPException(404)
            if json:
                return JSONResponse(as_json(found) if as_json else found)
            return render(found, lambda shown, total: {"pager": _pager(address, offset, limit, shown, total),
                                                       "twin": _paged(address + ".json", offset, limit)})
        return self.guarded(request, json, answer)

    def organisation(self, request: Request) -> Response:
        org_id, json = _twin(request.path_params["org_id"])
        address = data.organisation_url(org_id)

        def render(page: data.OrganisationPage, paging) -> Response:
            table = data.funding_table(page.funding)
            return self.page("organisation.html", title=page.organisation.name or org_id, org=page.organisation,
                             page=page, table=table, chart=funding_chart(table), q="", funding_csv=address + "/funding.csv",
                             **paging(len(page.document_list), page.documents_total))
        return self.paged(request, json, address,
                          lambda offset, limit: data.organisation(self.index_dir, org_id, offset=offset, limit=limit),
                          render, data.OrganisationPage.to_dict)

    def organisation_funding_csv(self, request: Request) -> Response:
        """The organisation's funding rows as the funding CSV of ``diarium export``."""
        org_id = request.path_params["org_id"]

        def answer():
            rows = data.organisation_funding(self.index_dir, org_id)
            if rows is None:
                raise HTTPException(404)
            return _csv_response(lambda f: write_funding_csv(f, rows, CSV_DELIMITER),
                                 f"diarium-finansiering-{_file_word(org_id)}.csv")
        return self.guarded(request, False, answer)

    def case(self, request: Request) -> Response:
        number, json = _twin(request.path_params["number"])

        def answer():
            page = data.case(self.index_dir, number)
            if page is None:
                raise HTTPException(404)
            canonical = page.canonical
            if canonical and canonical != number:  # one address per case, however its number was typed
                return RedirectResponse(data.case_url(canonical) + (".json" if json else ""), status_code=301)
            if json:
                return JSONResponse(page.to_dict())
            table = data.funding_table(page.funding_rows)
            return self.page("case.html", title=number, number=number, page=page, lineage=page.lineage, table=table,
                             chart=funding_chart(table), q="", twin=data.case_url(number) + ".json",
                             period_amounts=any(s.funding for s in page.lineage.steps))
        return self.guarded(request, json, answer)

    def organisations(self, request: Request) -> Response:
        return self.browse(request, "/organisations", data.organisations, "organisations.html", "Organisationer")

    def cases(self, request: Request) -> Response:
        return self.browse(request, "/cases", data.cases, "cases.html", "Ärenden")

    def committees(self, request: Request) -> Response:
        return self.browse(request, "/committees", data.committees, "committees.html", "Nämnder och möten")

    def committee(self, request: Request) -> Response:
        body_id, json = _twin(request.path_params["body_id"])

        def render(page: data.CommitteePage, paging) -> Response:
            return self.page("committee.html", title=page.body.name, body=page.body, page=page, q="",
                             **paging(len(page.meetings), page.body.meetings))
        return self.paged(request, json, data.committee_url(body_id),
                          lambda offset, limit: data.committee(self.index_dir, body_id, offset=offset, limit=limit),
                          render, data.CommitteePage.to_dict)

    def browse(self, request: Request, address: str, lister, template: str, title: str) -> Response:
        """A paged list (``offset``, ``limit``) as a page, or its JSON twin at ``address.json``."""
        def render(listing: data.Listing, paging) -> Response:
            return self.page(template, title=title, listing=listing, q="", **paging(len(listing.rows), listing.total))
        return self.paged(request, request.url.path.endswith(".json"), address,
                          lambda offset, limit: lister(self.index_dir, offset=offset, limit=limit), render,
                          data.Listing.to_dict)

    def openapi(self, request: Request) -> Response:
        return JSONResponse(openapi_document())


def _twin(value: str) -> tuple[str, bool]:
    """``("abc", True)`` for ``abc.json``: the JSON twin of the same page."""
    return (value[:-5], True) if value.endswith(".json") else (value, False)


class SearchState:
    """The query, filters, order and page of a search request, checked, and the addresses of
    the same search with one thing changed (a filter added or removed, another page)."""

    def __init__(self, query: str, params: dict, offset: int, limit: int):
        self.query, self.params, self.offset, self.limit = query, params, offset, limit

    @classmethod
    def of(cls, request: Request) -> "SearchState":
        """Raises :class:`BadQuery` for what cannot be a search (dates are checked by the search)."""
        args = request.query_params
        q = args.get("q", "")
        if len(q) > data.MAX_QUERY:
            raise BadQuery(f"Sökfrågan är för lång ({len(q)} tecken; högst {data.MAX_QUERY}).")
        params: dict = {}
        for name in data.SEARCH_FILTERS:
            if name in data.MULTI_FILTERS:
                values = list(dict.fromkeys(v.strip()[:200] for v in args.getlist(name) if v.strip()))
                if len(values) > 20:
                    raise BadQuery(f"För många värden för {name} (högst 20).")
                params[name] = values
            else:
                params[name] = args.get(name, "").strip()[:200]
        sort = args.get("sort", "").strip() or "relevance"
        if sort not in data.SORTS:
            raise BadQuery(f"Okänd sortering ”{sort[:20]}” (relevance, newest eller oldest).")
        params["sort"] = sort
        params["as"] = "text" if args.get("as", "").strip() == "text" else ""  # the words, not an organisation
        offset, limit = _paging(request)
        return cls(re.sub(r"[\x00-\x1f\x7f]", " ", q).strip(), params, offset, limit)

    def asked(self) -> bool:
        return bool(self.query) or any(v for k, v in self.params.items() if k not in ("sort", "as"))

    def pairs(self, **changes) -> list[tuple[str, str]]:
        merged = {"q": self.query, **self.params,
                  "limit": self.limit if self.limit != data.PAGE_SIZE else "", **changes}  # any change: first page
        out = []
        for name, value in merged.items():
            if name == "sort" and value == "relevance":
                continue
            for v in value if isinstance(value, list) else [value]:
                if v not in ("", None, 0):
                    out.append((name, str(v)))
        return out

    def url(self, path: str = "/search", **changes) -> str:
        return path + "?" + urlencode(self.pairs(**changes))

    def adding(self, name: str, value: str) -> str:
        """This search narrowed by one more value (first page)."""
        return self.url(**{name: self.params[name] + [value] if value not in self.params[name] else self.params[name]})

    def removing(self, name: str, value: str = "") -> str:
        """This search without one value of a filter (first page)."""
        if name in data.MULTI_FILTERS:
            return self.url(**{name: [v for v in self.params[name] if v != value]})
        return self.url(**{name: ""})

    def chips(self) -> list[dict]:
        """The active filters, each with the address of the search without it."""
        out = []
        for name in data.SEARCH_FILTERS:
            values = self.params[name] if name in data.MULTI_FILTERS else [self.params[name]]
            for value in values:
                if value:
                    out.append({"label": _CHIP_LABELS[name], "value": value, "href": self.removing(name, value)})
        return out

    def pager(self, result) -> dict:
        """``1–20 av 57`` and the neighbouring pages of a search answer (:class:`~index.search.query.SearchResult`)."""
        total, shown = result.total, len(result.hits)
        first = self.offset + 1 if shown else 0
        previous = max(0, self.offset - self.limit)
        return {"first": first, "last": self.offset + shown, "total": total,
                "previous": self.url(offset=previous) if self.offset > 0 else None,
                "next": self.url(offset=self.offset + self.limit) if self.offset + self.limit < total else None}


def _paging(request: Request) -> tuple[int, int]:
    """``offset`` and ``limit`` of a paged list, checked (:class:`BadQuery` otherwise)."""
    args = request.query_params
    return (_whole(args.get("offset"), 0, "Början (offset)", 1_000_000),
            _whole(args.get("limit"), data.PAGE_SIZE, "Antalet (limit)", data.MAX_PAGE))


def _pager(address: str, offset: int, limit: int, shown: int, total: int) -> dict:
    """``1–20 av 57`` and the addresses of the previous and next page of a list at ``address``."""
    return {"first": offset + 1 if shown else 0, "last": offset + shown, "total": total,
            "previous": _paged(address, max(0, offset - limit), limit) if offset > 0 else None,
            "next": _paged(address, offset + limit, limit) if offset + limit < total else None}


def _paged(address: str, offset: int, limit: int) -> str:
    query = urlencode([(k, v) for k, v in (("offset", offset), ("limit", limit if limit != data.PAGE_SIZE else 0)) if v])
    return address + ("?" + query if query else "")


def _whole(value, default: int, label: str, top: int) -> int:
    if value is None or not value.strip():
        return default
    if not re.fullmatch(r"\d{1,7}", value.strip()) or int(value) > top:
        raise BadQuery(f"{label} ska vara ett heltal från 0 till {top}.")
    return int(value)


def _file_word(text: str) -> str:
    """A search as part of a file name: letters, digits and dashes."""
    return re.sub(r"[^\wåäöÅÄÖ]+", "-", text).strip("-")[:40] or "sok"


def _csv_response(write, filename: str) -> Response:
    """A CSV file for Excel with Swedish settings: UTF-8 with BOM, semicolons (as ``diarium export``
    writes with ``--delimiter ';'``), offered for download."""
    buffer = io.StringIO()
    buffer.write("\ufeff")
    write(buffer)
    quoted = quote(filename)
    return Response(buffer.getvalue().encode("utf-8"), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f"attachment; filename=\"{quoted}\"; filename*=UTF-8''{quoted}"})


def _fact_link(kind: str, item, organisations: dict):
    """Where a fact of the facts table leads: a case number to its case, an organisation number
    or a party to its organisation in the registry."""
    if kind == "case":
        return data.case_url(item.number)
    key = item.number if kind == "orgnr" else (item.org_number if kind == "party" else None)
    org_id = organisations.get(key) if key else None
    if kind == "party" and org_id is None:
        org_id = organisations.get(item.name)
    return data.organisation_url(org_id) if org_id else None


def _by_payer(funding: list) -> list[tuple[str, list[tuple[str, int]]]]:
    """A step's funding (a trace's rows, :class:`~index.linking.lineage.StepFunding`) as
    ``[(payer, [(year or "hela perioden", amount), ...])]``."""
    grouped: dict = {}
    for f in funding:
        if f.amount is not None:
            payer = "hela budgeten" if f.payer == "total" else (f.payer or "okänd")
            grouped.setdefault(payer, []).append((str(f.year) if f.year else "hela perioden", f.amount))
    return list(grouped.items())


_SHOWN_INLINE = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
_BASIS = {"per_year": "per år", "total": "för hela perioden", "one_off": "en gång"}


def _funding_summary(funding: list) -> list[str]:
    """Who pays what (an extraction's :class:`~extractor.model.Funding`), one line each:
    ``Malmö stad: 600 000 kr per år (2023-07-01 – 2025-06-30)``."""
    lines = []
    for f in funding:
        if f.amount is None:
            continue
        payer = "Hela budgeten" if f.payer == "total" else (f.payer or "Okänd betalare")
        period = f" ({' – '.join(f.period)})" if f.period else ""
        line = f"{payer}: {format_amount(f.amount)} kr {_BASIS.get(f.basis, '')}".rstrip() + period
        if line not in lines:
            lines.append(line)
    return lines


def _strip_code(message: str) -> str:
    return re.sub(r"^\[D\d+\]\s*", "", message)


# Defence in depth beside escaping: no script but our own file, no framing, no sniffing.
_HTML_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
                               "img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
_CODE_TITLES = {"D211": "För bred sökning"}
_STATUS_TITLES = {400: "Felaktig fråga", 403: "Visas inte", 404: "Hittades inte", 500: "Internt fel", 503: "Inte tillgängligt"}
_FACET_LABELS = {"type": "Dokumenttyp", "year": "År", "organisation": "Organisation", "committee": "Nämnd"}
_FACET_PARAMS = {"type": "type", "year": "year", "organisation": "org", "committee": "committee"}
_CHIP_LABELS = {"org": "Organisation", "case": "Diarienummer", "type": "Typ", "committee": "Nämnd", "year": "År",
                "from": "Från", "to": "Till"}
_SORT_LABELS = {"relevance": "Relevans", "newest": "Nyaste först", "oldest": "Äldsta först"}
