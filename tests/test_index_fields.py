"""A document's search-index values, read from the stored JSON form of its extraction, are the
ones the typed extraction (``Extraction.from_dict``) gives: on every document of the sample
corpus, and on the older and sparser forms a store may hold."""

import json

import pytest

from index.organisations.names import index_terms
from index.search.fields import case_keys, committee_key, committee_label, document_fields, period_years
from index.store import Store, StoredDocument


def typed_fields(doc: StoredDocument) -> dict:
    """The values as read through the model's dataclasses."""
    x = doc.facts
    committee = committee_label(x.decided_by)
    funding = [{"payer": f.payer, "amount": f.amount, "basis": f.basis} for f in x.funding if f.amount]
    amounts = funding[:4] or [{"payer": None, "amount": v, "basis": None}
                              for v in sorted({a.value for a in x.amounts if a.value}, reverse=True)[:4]]
    return {
        "id": doc.id, "path": doc.path or x.path or "", "title": x.title or "", "body": doc.text or "",
        "doc_type": x.document_type or "", "date": x.date or "", "year": (x.date or "")[:4],
        "own_cases": case_keys([c.number for c in x.own_case_numbers]),
        "cited_cases": case_keys([c.number for c in x.referenced_case_numbers if c.number]),
        "orgs": index_terms(x), "committee": committee or "", "committee_key": committee_key(committee) if committee else "",
        "authority": x.authority or "", "period_years": period_years(x.agreement_period),
        "summary": {"id": doc.id, "path": doc.path or x.path, "title": x.title, "date": x.date,
                    "document_type": x.document_type, "own_case_numbers": [c.number for c in x.own_case_numbers],
                    "parties": [{"name": p.name, "org_number": p.org_number} for p in x.parties], "amounts": amounts,
                    "period": list(x.agreement_period) if x.agreement_period else None, "decided_by": x.decided_by,
                    "authority": x.authority},
    }


def fields(doc: StoredDocument) -> dict:
    values = document_fields(doc)
    return dict(values, summary=json.loads(values["summary"]))


def stored(extraction: dict, text: str = "Text.") -> StoredDocument:
    return StoredDocument("d1", "", "x", 0, None, None, "1", extraction, text, [])


def test_every_corpus_document_gives_the_values_of_its_typed_extraction(corpus_index):
    store = Store(corpus_index)
    docs = list(store.documents())
    store.close()
    assert len(docs) > 40
    for doc in docs:
        assert fields(doc) == typed_fields(doc), doc.path


@pytest.mark.parametrize("extraction", [
    {},  # nothing extracted
    {"own_case_numbers": ["KS 2024/12", "ks 2024/12"], "path": "a.txt"},  # an older form: numbers without spans
    {"own_case_numbers": ["KS 2024/12"], "own_case_number_spans": [{"number": "KS 2024/13", "start": 4, "end": 14}]},
    {"parties": None, "organisations": None, "org_numbers": None, "funding": None, "amounts": None,
     "referenced_case_numbers": None, "agreement_period": None, "decided_by": None, "date": None},
    {"parties": [{"name": "Läxhjälpen", "aliases": None}, {"name": None, "org_number": "802002-8711"}],
     "organisations": [{"name": "Läxhjälpen i Kungsbacka"}], "org_numbers": [{"number": "802002-8711"}]},
    {"agreement_period": [], "funding": [{"payer": "Malmö stad", "amount": 0}], "amounts": [{"value": 5}, {"value": 5}]},
    {"agreement_period": ["2021-07-01", None], "decided_by": "arbetsmarknads- och socialnämndens",
     "referenced_case_numbers": [{"number": None}, {"number": "SN 2020/4"}], "date": "2024-05-29"},
])
def test_sparse_and_older_forms_give_the_values_of_their_typed_extraction(extraction):
    doc = stored(dict(extraction, id="d1"))
    assert fields(doc) == typed_fields(doc)


def test_documents_naming_the_same_organisations_get_lists_of_their_own():
    parties = [{"name": "Läxhjälpen", "org_number": "802002-8711"}]
    first, second = document_fields(stored({"parties": parties})), document_fields(stored({"parties": parties}))
    first["orgs"].append("name:annan")
    assert second["orgs"] == ["nr:802002-8711"]
