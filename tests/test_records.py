"""The typed records the index passes on read every key of the JSON they are read from, so a
key added where the JSON is written cannot be dropped on the way: a search hit's summary with
its parties and amounts, a registry entry, a row of the funding table, a row and a meeting's
item of the browse lists, a stored link; the records a trace is built of write no key they do
not hold, and read back what they write; and the answers of ``show``, ``orgs`` and the web's
JSON twins write exactly their records' fields."""

import json
import sqlite3
from dataclasses import fields

from extractor.model import Extraction
from extractor.pipeline import extract_text
from index.export.formats import FUNDING_COLUMNS, FundingRow, funding_rows
from index.folder import IndexFolder
from diarium.web import data as web
from diarium.web.data import CasePage, case
from index import browse
from index.linking import lineage
from index.linking.model import Link
from index.linking.partnership import Partnership
from index.organisations.build import Builder
from index.organisations.registry import PUBLIC, Organisation, Registry, organisations
from index.search.fields import summary
from index.search.query import HitAmount, HitParty, OtherReading, SearchHit, Understood, search
from index.show import CaseAnswer, CaseDocument, DocumentAnswer, NamedOrganisation, describe
from index.store import Store

TEXT = """Lunds kommun
Vård- och omsorgsnämnden
Dnr VON 2020/388
Överenskommelse om idéburet offentligt partnerskap mellan Lunds kommun och
Stadsmissionen i Lund, organisationsnummer 802002-8711.
Kommunen bidrar med 600 000 kronor per år under 2021.
"""


def names(record) -> set[str]:
    return {f.name for f in fields(record)}


# Records whose JSON names a field otherwise (``from`` is a keyword).
JSON_NAMES = {lineage.SideCase: {"source": "from"}}


def json_names(record) -> set[str]:
    renamed = JSON_NAMES.get(record, {})
    return {renamed.get(name, name) for name in names(record)}


AMOUNTS_ONLY = """Lunds kommun
Dnr KS 2024/12
Budget för föreningsbidrag 2024. Ramen är 2 400 000 kronor, varav 150 000 kronor till lokalbidrag.
"""


def test_a_hit_reads_every_key_of_the_engines_summary():
    kept = summary("d1", "a.txt", extract_text(TEXT).to_dict())
    assert set(kept) == names(SearchHit) - {"snippet", "score", "paragraph"}
    assert SearchHit.from_summary(kept).to_dict() == kept


def test_a_hits_parties_and_amounts_read_every_key_of_the_summary():
    """Both kinds of amounts a summary keeps (the decided funding, else the largest amounts)."""
    for text in (TEXT, AMOUNTS_ONLY):
        kept = summary("d1", "a.txt", extract_text(text).to_dict())
        assert kept["amounts"], text
        assert all(set(a) == names(HitAmount) for a in kept["amounts"])
        assert all(set(p) == names(HitParty) for p in kept["parties"])
        hit = SearchHit.from_summary(kept)
        assert all(isinstance(a, HitAmount) for a in hit.amounts) and all(isinstance(p, HitParty) for p in hit.parties)
        assert hit.to_dict() == kept
    assert summary("d1", "a.txt", extract_text(TEXT).to_dict())["parties"]


def _objects(record, data) -> list[tuple[type, dict]]:
    """``(record type, JSON object)`` for a trace's JSON form and every object within it."""
    found = [(record, data)]
    nested = {lineage.Trace: {"partnership": Partnership, "steps": lineage.Step, "related": lineage.SideCase,
                              "guidelines": lineage.SideCase},
              lineage.Step: {"funding": lineage.StepFunding, "documents": lineage.StepDocument,
                             "evidence": lineage.StepQuote, "stated_by": lineage.StatedBy},
              lineage.SideCase: {"evidence": lineage.Quote}}.get(record, {})
    for key, inner in nested.items():
        value = data.get(key)
        for item in value if isinstance(value, list) else [value] if value is not None else []:
            found += _objects(inner, item)
    return found


def test_a_trace_writes_only_the_keys_of_its_records_and_reads_back_what_it_writes(corpus_index):
    with IndexFolder(corpus_index) as folder:
        nodes = {n for link in folder.store.links() for n in (link["source"], link["target"])}
        traces = [folder.trace(n) for n in sorted(nodes)]
    seen = set()
    for t in traces:
        data = json.loads(json.dumps(t.to_dict()))
        for record, obj in _objects(lineage.Trace, data):
            assert set(obj) <= json_names(record), (record.__name__, set(obj) - json_names(record))
            seen.add((record, frozenset(obj)))
        assert lineage.Trace.from_dict(data) == t
    # every record, and each of a funding row's three shapes, was met
    met = {record for record, _ in seen}
    assert met == {lineage.Trace, Partnership, lineage.Step, lineage.StepFunding, lineage.StepDocument,
                   lineage.StepQuote, lineage.StatedBy, lineage.SideCase, lineage.Quote}
    assert len({keys for record, keys in seen if record is lineage.StepFunding}) == 3


def test_a_case_page_is_its_trace_with_titles_name_funding_and_canonical_number(corpus_index):
    page = case(corpus_index, "VON 2020/388")
    data = page.to_dict()
    assert list(data) == list(page.lineage.to_dict()) + [f.name for f in fields(CasePage) if f.name not in ("lineage", "titles")]
    assert {key for step in data["steps"] for d in step["documents"] for key in d} == names(lineage.StepDocument) | {"title"}
    assert set(page.titles) == set(page.lineage.document_ids())


def test_an_organisation_reads_every_key_of_the_registrys_record():
    builder = Builder({"organisations": [{"name": "Stadsmissionen i Lund", "org_number": "802002-8711",
                                          "aliases": ["Stadsmissionen"]}]}, [])
    builder.add_document("d1", extract_text(TEXT))
    records = [o.to_dict() for o in builder.finish()]
    assert records and all(set(r) == names(Organisation) for r in records)
    assert [Organisation.from_dict(r).to_dict() for r in records] == records
    found = Registry(records).resolve("Stadsmissionen")
    assert found.org_number == "802002-8711" and set(found.public()) == set(PUBLIC)


def test_a_funding_row_has_the_funding_tables_columns(corpus_index):
    with IndexFolder(corpus_index) as folder:
        table = funding_rows(folder)
    assert table and all(tuple(r.to_dict()) == FUNDING_COLUMNS for r in table)
    assert tuple(f.name for f in fields(FundingRow)) == FUNDING_COLUMNS


def test_the_browse_lists_records_read_every_column_and_every_key_of_a_meetings_items(corpus_index):
    db = sqlite3.connect(corpus_index / browse.BROWSE_FILE)
    try:
        columns = {table: [r[1] for r in db.execute(f"PRAGMA table_info({table})")] for table in ("cases", "bodies", "meetings")}
    finally:
        db.close()
    assert columns["cases"] == ["rank", *names_in_order(browse.ListedCase)]
    assert columns["bodies"] == ["rank", *names_in_order(browse.ListedBody)]
    assert columns["meetings"] == ["body", "rank", *names_in_order(browse.ListedMeeting)]
    kinds = {"decided": browse.Decided, "cited": browse.Cited, "planned": browse.Planned}
    met = set()
    with Store(corpus_index) as store:
        for doc_id, _path, data in store.extractions():
            for statement in browse.statements(doc_id, Extraction.from_dict(data)):
                kept = json.loads(json.dumps(statement.to_json()))
                assert browse.Statement.from_json(kept) == statement
                for item in kept[4]:  # as the store keeps it
                    assert list(item) == names_in_order(kinds[statement.kind]), (statement.kind, item)
                    met.add(statement.kind)
    assert met == set(kinds)


def names_in_order(record) -> list[str]:
    return [f.name for f in fields(record)]


def test_show_writes_exactly_the_fields_of_its_answers(corpus_index):
    with Store(corpus_index) as store:
        nodes = sorted({n for link in store.links() for n in (link["source"], link["target"])})
        stored_links = store.links()
        doc_ids = [d for d, _, _ in store.extractions()][:12]
    assert all(list(link) == names_in_order(Link) for link in stored_links)
    kinds = set()
    for target in nodes[:40] + doc_ids:
        answer = describe(corpus_index, target)
        if answer is None:
            continue
        out = json.loads(json.dumps(answer.to_dict()))
        record = type(answer)
        assert list(out) == ["kind", *names_in_order(record)] and out["kind"] == record.kind
        assert all(list(link) == names_in_order(Link) for link in out["links"])
        if record is DocumentAnswer:
            assert all(list(o) == names_in_order(NamedOrganisation) for o in out["organisations"])
        else:
            assert all(list(d) == names_in_order(CaseDocument) for d in out["documents"])
        kinds.add(record)
    assert kinds == {DocumentAnswer, CaseAnswer}


def test_orgs_writes_each_organisations_public_form(corpus_index):
    found = organisations(corpus_index)
    assert found and all(isinstance(o, Organisation) for o in found)
    assert all(list(o.public()) == list(PUBLIC) for o in found)


def test_the_webs_pages_write_exactly_their_records_fields(corpus_index):
    listing = web.organisations(corpus_index, limit=5)
    out = listing.to_dict()
    assert list(out) == ["total", "offset", "limit", "organisations"] and len(out["organisations"]) == len(listing.rows)
    entry = ["id", "name", "org_number", "documents", "url"]
    assert all(list(o) == entry + ["see_also"] and all(list(s) == entry for s in o["see_also"]) for o in out["organisations"])
    for lister, record, key in ((web.cases, browse.ListedCase, "cases"), (web.committees, browse.ListedBody, "committees")):
        out = lister(corpus_index, limit=5).to_dict()
        assert list(out) == ["total", "offset", "limit", key] and out[key]
        assert all(list(row) == names_in_order(record) + ["url"] for row in out[key])
    busiest = max(organisations(corpus_index), key=lambda o: o.documents)
    page = web.organisation(corpus_index, busiest.id, limit=3)
    out = page.to_dict()
    assert list(out) == list(PUBLIC) + [n for n in names_in_order(web.OrganisationPage) if n != "organisation"]
    assert out["document_list"] and out["funding"]
    body = max(web.committees(corpus_index, limit=100).rows, key=lambda b: b.decisions)
    out = web.committee(corpus_index, body.id).to_dict()
    assert list(out) == ["id", "name", "authority", "latest", "decisions", "total", "offset", "limit", "meetings"]
    items = {"decided": browse.Decided, "cited": browse.Cited, "planned": browse.Planned}
    for meeting in out["meetings"]:
        assert list(meeting) == ["date", *items]
        for kind, record in items.items():
            assert all(list(i) == names_in_order(record) + ["url"] for i in meeting[kind])
    with Store(corpus_index) as store:
        doc_id = next(d for d, _, _ in store.extractions())
    page, _facts = web.document_and_facts(corpus_index, doc_id)
    out = json.loads(json.dumps(page.to_dict()))
    assert list(out) == names_in_order(web.DocumentPage) and list(out["file"]) == names_in_order(web.FileState)
    assert out["extraction"]["id"] == doc_id and out["text"]


def test_what_a_query_was_read_as_writes_only_its_records_fields_and_each_kinds_own(corpus_index):
    """Each kind of reading writes its own keys of :class:`Understood`; the other reading offered
    writes those of :class:`OtherReading`, the words or the organisation."""
    own = {"organisation": ["kind", "org_number", "organisation", "org_id"], "case": ["kind", "case"],
           "text": ["kind", "text"], "all": ["kind"]}
    other = {"organisation": ["kind", "organisation", "org_id", "total"], "text": ["kind", "text", "total"]}
    index = corpus_index
    met = set()
    for query, as_text in (("Stadsmissionen i Lund", False), ("Stadsmissionen i Lund", True), ("802002-8711", False),
                           ("VON 2020/388", False), ("bidrag", False), ("", False)):
        u = search(index, query, as_text=as_text, limit=1).understood_as
        out = json.loads(json.dumps(u.to_dict()))
        assert isinstance(u, Understood) and set(out) <= set(json_names(Understood))
        assert list(out)[:len(own[u.kind])] == own[u.kind], out
        if u.other_reading is not None:
            assert isinstance(u.other_reading, OtherReading) and list(out["other_reading"]) == other[u.other_reading.kind]
            met.add(("other", u.other_reading.kind))
        met.add(u.kind)
    assert met == {"organisation", "case", "text", "all", ("other", "text"), ("other", "organisation")}
