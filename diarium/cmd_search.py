"""``diarium search``, ``orgs``, ``show`` and ``reindex``: the index read, and rebuilt."""

from __future__ import annotations

import html
import json
import sys
import time

from extractor.errors import terminal
from diarium.cli import EXIT_FAILED, EXIT_OK, index_dir, index_flag, output_flags, print_json


def register(commands) -> None:
    search = commands.add_parser("search", help="search the index: an organisation, a case number or free text")
    search.add_argument("query", nargs="*", help="an organisation (name, alias, number), a case number, or words")
    search.add_argument("--org", metavar="ORG", action="append", help="only documents about this organisation (repeat: about all of them)")
    search.add_argument("--case", metavar="NUMBER", help="only documents carrying or citing this case number")
    search.add_argument("--type", dest="doc_type", metavar="TYPE", action="append", help="document type, e.g. tjänsteskrivelse (repeat for any of several)")
    search.add_argument("--from", dest="date_from", metavar="DATE", help="dated on or after (2024, 2024-05, 2024-05-29)")
    search.add_argument("--to", dest="date_to", metavar="DATE", help="dated on or before")
    search.add_argument("--committee", metavar="NAME", action="append", help="decided by this committee (repeat for any of several)")
    search.add_argument("--year", metavar="YEAR", action="append", help="dated in this year, 'odaterade' for no date (repeat for any of several)")
    search.add_argument("--sort", choices=("relevance", "newest", "oldest"), default="relevance", help="order of the hits (default relevance)")
    search.add_argument("--offset", type=int, default=0, metavar="N", help="skip the first N hits (default 0)")
    search.add_argument("--limit", type=int, default=20, metavar="N", help="hits to show (default 20)")
    search.add_argument("--as-text", action="store_true",
                        help="read the query as free text even when it names an organisation")
    search.add_argument("--budget", type=float, default=None, metavar="SECONDS",
                        help="CPU seconds the search may spend before it is refused as too broad (default 5)")
    output_flags(search)
    index_flag(search)
    search.set_defaults(run=run_search)

    orgs = commands.add_parser("orgs", help="list organisations with numbers, aliases and document counts")
    orgs.add_argument("query", nargs="*", help="only organisations this names or whose names contain it")
    output_flags(orgs)
    index_flag(orgs)
    orgs.set_defaults(run=run_orgs)

    show = commands.add_parser("show", help="everything known about one document (by id) or case (by number)")
    show.add_argument("target", nargs="+", metavar="ID_OR_CASE")
    output_flags(show)
    index_flag(show)
    show.set_defaults(run=run_show)

    reindex = commands.add_parser("reindex", help="rebuild the search index and registry from the stored extractions")
    reindex.add_argument("--procs", type=int, default=1, metavar="N", help="processes indexing (tantivy: as many preparing documents and indexing threads; default 1)")
    reindex.add_argument("--engine", choices=["tantivy", "whoosh"], default=None,
                         help="rebuild with this search engine (default: the index's own)")
    output_flags(reindex)
    index_flag(reindex)
    reindex.set_defaults(run=run_reindex)


def _emit(args, data, text: str) -> None:
    if args.output == "json":
        print_json(data)
    elif args.output == "nl":
        for item in data if isinstance(data, list) else [data]:
            print(json.dumps(item, ensure_ascii=False))
    else:
        print(terminal(text))


# -- search ------------------------------------------------------------------------------

def run_search(args) -> int:
    from index.search.engine import analysis_is_current
    from index.folder import IndexFolder
    from index.search.query import search

    if args.limit < 0 or args.offset < 0:
        print("diarium: --limit and --offset must be 0 or more", file=sys.stderr)
        return 2
    if args.budget is not None and not args.budget >= 0:
        print("diarium: --budget must be 0 or more", file=sys.stderr)
        return 2
    if not analysis_is_current(index_dir(args)):
        print("diarium: this index was made with an older word analysis and may miss inflected forms; "
              "'diarium reindex' rebuilds it from the store", file=sys.stderr)
    with IndexFolder(index_dir(args)) as folder:  # one store, engine and registry for the whole search
        result = search(folder, " ".join(args.query), org=args.org, case=args.case, doc_type=args.doc_type,
                        date_from=args.date_from, date_to=args.date_to, committee=args.committee, year=args.year,
                        sort=args.sort, offset=args.offset, limit=args.limit, as_text=args.as_text,
                        budget=args.budget)
    data = result.to_dict()
    payload = data if args.output == "json" else data["hits"]
    _emit(args, payload, format_result(result, sys.stdout.isatty()))
    return EXIT_OK


def format_result(result, tty: bool = False) -> str:
    """A search answer (:class:`~index.search.query.SearchResult`) as text: how it was read, the hits, the facets."""
    u = result.understood_as
    lines = [f"{result.total} träffar  ({_reading(u.kind, u.text, u.case, u.organisation, u.org_number)})"]
    other = u.other_reading
    if other:
        how = "--as-text" if other.kind == "text" else "utan --as-text"
        lines.append(f"   som {_reading(other.kind, other.text, None, other.organisation, None)}: "
                     f"{other.total} träffar ({how})")
    for n, hit in enumerate(result.hits, result.offset + 1):
        lines += ["", *format_hit(n, hit, tty)]
    facets = [f"{name}: " + ", ".join(f"{v} {c}" for v, c in values) for name, values in result.facets.items() if values]
    return "\n".join(lines + ([""] + facets if facets else []))


def _reading(kind: str, text, case, organisation, number) -> str:
    """A reading (what a query was read as, or the other reading offered), in words."""
    if kind == "organisation":
        return f"organisation: {organisation or '?'} {number or ''}".rstrip()
    if kind == "case":
        return f"diarienummer: {case}"
    if kind == "text":
        return f"fritext: {text}"
    return "alla dokument"


def format_hit(n: int, h, tty: bool) -> list[str]:
    """One hit (:class:`~index.search.query.SearchHit`) as lines of text."""
    part = h.paragraph
    cases = h.own_case_numbers or []
    if part and part.case_numbers and len(cases) > len(part.case_numbers):  # a protocol: the paragraph's
        cases = part.case_numbers + [f"och {len(cases) - len(part.case_numbers)} till"]
    facts = "  ".join(x for x in [h.date or "odaterad", h.document_type or "okänd typ", ", ".join(cases)] if x)
    lines = [f"{n}. {h.title or '(ingen titel)'}", f"   {facts}  [{h.id}]"]
    parties = [p.name + (f" ({p.org_number})" if p.org_number else "") for p in h.parties or []]
    if parties:
        lines.append("   parter: " + "; ".join(parties))
    money = [_amount(a) for a in h.amounts or []]
    period = h.period
    if money or period:
        lines.append("   " + "  ".join(x for x in ["belopp: " + "; ".join(money) if money else "",
                                                    f"period {period[0]} – {period[1] or ''}" if period else ""] if x))
    if part:
        pages = part.pages or []
        where = f" (s. {pages[0]}" + (f"–{pages[1]}" if pages[1] != pages[0] else "") + ")" if pages else ""
        lines.append(f"   {part.number} {part.heading or ''}".rstrip() + where)
    if h.snippet:
        lines.append("   " + _plain(h.snippet, tty))
    lines.append(f"   {h.path}")
    return lines


def _amount(a) -> str:
    """A hit's amount (:class:`~index.search.query.HitAmount`) in words."""
    basis = {"per_year": " per år", "total": " totalt", "one_off": " engångs"}.get(a.basis or "", "")
    payer = f"{a.payer} " if a.payer and a.payer != "total" else ("totalt " if a.payer == "total" else "")
    return f"{payer}{a.amount:,} kr{basis}".replace(",", " ")


def _plain(snippet: str, tty: bool) -> str:
    on, off = ("\033[1m", "\033[0m") if tty else ("«", "»")
    return html.unescape(snippet.replace("<mark>", on).replace("</mark>", off))


# -- orgs --------------------------------------------------------------------------------

def run_orgs(args) -> int:
    from index.folder import IndexFolder
    from index.organisations.registry import organisations

    with IndexFolder(index_dir(args)) as folder:
        found = organisations(folder, " ".join(args.query) or None)
    _emit(args, [o.public() for o in found], "\n".join(_org_line(o) for o in found) or "inga organisationer")
    return EXIT_OK


def _org_line(o) -> str:
    """An organisation (:class:`~index.organisations.registry.Organisation`) as text: what its
    public form holds (``index.organisations.registry.PUBLIC``)."""
    head = f"{o.name}  {o.org_number or '(inget organisationsnummer)'}  {o.documents} dokument"
    extra = []
    if o.legal_form:
        extra.append(f"   {o.legal_form}")
    if o.aliases:
        extra.append("   även: " + "; ".join(o.aliases))
    if o.committees:
        extra.append("   nämnder: " + "; ".join(o.committees))
    return "\n".join([head, *extra])


# -- show --------------------------------------------------------------------------------

def run_show(args) -> int:
    from index.show import describe, to_dict

    target = " ".join(args.target)
    found = describe(index_dir(args), target)
    if found is None:
        print(f"diarium: {target}: no document or case by this id or number in the index", file=sys.stderr)
        return EXIT_FAILED
    _emit(args, to_dict(found), format_description(found))
    return EXIT_OK


def format_description(d) -> str:
    """An answer of ``index.show.describe`` (a :class:`~index.show.DocumentAnswer` or
    :class:`~index.show.CaseAnswer`) as text."""
    if d.kind == "document":
        from diarium.cmd_extract import format_extraction

        lines = [format_extraction(d.extraction)]
        lines += [f"  organisation {o.name}" + (f" ({o.org_number})" if o.org_number else "") for o in d.organisations]
        lines += [f"  länk {link.source} → {link.target} ({link.type})" for link in d.links]
        return "\n".join(lines)
    lines = [f"ärende {d.case}"]
    lines += [f"  {doc.role == 'carries' and 'eget' or 'citerat'}: {doc.date or 'odaterad'}  "
              f"{doc.document_type or '-'}  {doc.title or '-'}  [{doc.id}]" for doc in d.documents]
    lines += [f"  länk {link.source} → {link.target} ({link.type})" for link in d.links]
    for step in d.lineage.steps if d.lineage else []:
        period = step.period or ["?", "?"]
        lines.append(f"  led: {', '.join(step.cases)}  {step.kind}  {period[0]} – {period[1] or ''}")
    return "\n".join(lines)


# -- reindex -----------------------------------------------------------------------------

def run_reindex(args) -> int:
    from index.reindex import reindex

    started = time.perf_counter()
    done = reindex(index_dir(args), procs=args.procs, engine=args.engine,
                   progress=lambda n: print(f"diarium: {n} documents indexed", file=sys.stderr))
    seconds = time.perf_counter() - started
    summary = {"documents": done.documents, "organisations": done.organisations, "links": done.links,
               "seconds": round(seconds, 2), "engine": done.engine}
    _emit(args, summary, f"{done.documents} documents indexed ({done.engine}), {done.organisations} organisations, "
                         f"{done.links} links in {seconds:.1f} s")
    return EXIT_OK
