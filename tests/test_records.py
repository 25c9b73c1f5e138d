"""The typed records the index passes on read every key of the JSON they are read from, so a
key added where the JSON is written cannot be dropped on the way: a search hit's summary, a
registry entry, a trace step's funding row, a row of the funding table."""

from dataclasses import fields

from extractor.pipeline import extract_text
from index.export.formats import FUNDING_COLUMNS, FundingRow, funding_rows
from index.folder import IndexFolder
from index.linking.lineage import StepFunding
from index.organisations.build import Builder
from index.organisations.registry import PUBLIC, Organisation, Registry
from index.search.fields import summary
from index.search.query import SearchHit

TEXT = """Lunds kommun
Vård- och omsorgsnämnden
Dnr VON 2020/388
Överenskommelse om idéburet offentligt partnerskap mellan Lunds kommun och
Stadsmissionen i Lund, organisationsnummer 802002-8711.
Kommunen bidrar med 600 000 kronor per år under 2021.
"""


def names(record) -> set[str]:
    return {f.name for f in fields(record)}


def test_a_hit_reads_every_key_of_the_engines_summary():
    kept = summary("d1", "a.txt", extract_text(TEXT).to_dict())
    assert set(kept) == names(SearchHit) - {"snippet", "score", "paragraph"}
    assert SearchHit.from_summary(kept).to_dict() == kept


def test_an_organisation_reads_every_key_of_the_registrys_record():
    builder = Builder({"organisations": [{"name": "Stadsmissionen i Lund", "org_number": "802002-8711",
                                          "aliases": ["Stadsmissionen"]}]}, [])
    builder.add_document("d1", extract_text(TEXT))
    records = [o.to_dict() for o in builder.finish()]
    assert records and all(set(r) == names(Organisation) for r in records)
    assert [Organisation.from_dict(r).to_dict() for r in records] == records
    found = Registry(records).resolve("Stadsmissionen")
    assert found.org_number == "802002-8711" and set(found.public()) == set(PUBLIC)


def test_a_step_funding_reads_every_key_of_a_traces_funding_rows(corpus_index):
    with IndexFolder(corpus_index) as folder:
        rows = [f for doc_id, _, _ in folder.store.extractions() for step in (folder.trace(doc_id) or {"steps": []})["steps"]
                for f in step["funding"]]
        table = funding_rows(folder)
    assert rows and {key for f in rows for key in f} <= names(StepFunding)
    assert all(StepFunding.from_dict(f).amount == f["amount"] for f in rows)
    assert table and all(tuple(r.to_dict()) == FUNDING_COLUMNS for r in table)
    assert tuple(f.name for f in fields(FundingRow)) == FUNDING_COLUMNS
