"""``Extraction.from_dict`` reads back what ``Extraction.to_dict`` writes, through JSON, for
every document of the sample corpus; derived and unknown keys are left out."""

import json
from pathlib import Path

import pytest

from extractor import extract_file
from extractor.model import _FACT_LISTS, CaseNumber, Extraction, Period

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "documents"


def json_form(extraction: Extraction) -> str:
    return json.dumps(extraction.to_dict(), ensure_ascii=False, sort_keys=True)


@pytest.mark.parametrize("path", sorted(CORPUS.iterdir()), ids=lambda p: p.name)
def test_the_json_form_reads_back_into_the_same_extraction(path):
    extraction = extract_file(path)
    read = Extraction.from_dict(json.loads(json_form(extraction)))
    assert json_form(read) == json_form(extraction)
    assert [type(c) for c in read.own_case_numbers] == [CaseNumber] * len(extraction.own_case_numbers)
    assert read.agreement_period == extraction.agreement_period  # a tuple again, not JSON's list


@pytest.mark.parametrize("path", sorted(CORPUS.iterdir())[::3], ids=lambda p: p.name)
def test_every_fact_carries_its_offsets_in_one_shape(path):
    data = extract_file(path).to_dict()
    facts = [(key, fact) for key in _FACT_LISTS for fact in data.get(key) or []]
    assert any(key == "periods" for key, _ in facts) or not extract_file(path).periods
    for key, fact in facts:
        assert isinstance(fact["start"], int) and isinstance(fact["end"], int) and fact["start"] <= fact["end"], key
        assert "offset" not in fact, key


def test_a_period_stored_by_an_earlier_pipeline_reads_as_one_stored_now():
    now = {"start_date": "2024-01-01", "end_date": "2024-12-31", "text": "år 2024", "start": 3, "end": 10, "kind": "year"}
    before = {"start": "2024-01-01", "end": "2024-12-31", "text": "år 2024", "offset": [3, 10], "kind": "year"}
    assert Period.from_dict(now) == Period.from_dict(before) == Period("2024-01-01", "2024-12-31", "år 2024", 3, 10, "year")


def test_derived_and_unknown_keys_are_left_out_and_missing_ones_default():
    data = {"id": "0123456789abcdef", "path": "a.txt", "sha256": "ab" * 32, "pipeline_version": "1",
            "own_case_numbers": ["KS 2023/123"],
            "periods": [{"start": "2024-01-01", "end": None, "text": "från 2024", "offset": [3, 12], "kind": "open",
                         "page": 1, "in_paragraph": "§ 3"}],
            "a_key_from_a_later_version": 1}
    read = Extraction.from_dict(data)
    assert read.own_case_numbers == [CaseNumber("KS 2023/123", -1, -1)]
    assert read.periods == [Period("2024-01-01", None, "från 2024", 3, 12, "open")]
    assert read.parties == [] and read.title is None
