"""The typed records the index passes on read every key of the JSON they are read from, so a
key added where the JSON is written cannot be dropped on the way: a search hit's summary with
its parties and amounts, a registry entry, a row of the funding table; and the records a
trace is built of write no key they do not hold, and read back what they write."""

import json
from dataclasses import fields

from extractor.pipeline import extract_text
from index.export.formats import FUNDING_COLUMNS, FundingRow, funding_rows
from index.folder import IndexFolder
from diarium.web.data import CasePage, case
from index.linking import lineage
from index.linking.partnership import Partnership
from index.organisations.build import Builder
from index.organisations.registry import PUBLIC, Organisation, Registry
from index.search.fields import summary
from index.search.query import HitAmount, HitParty, SearchHit

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
