"""Partnerships named by their subject, from the titles agreement decisions carry."""

import pytest

from index.linking.lineage import Step, StepDocument
from index.linking.partnership import describe, subject
from extractor.model import Extraction


@pytest.mark.parametrize("title,expected", [
    ("Idéburet offentligt partnerskap med Stadsmissionen i Lund om Mötesplats Trappan", "Mötesplats Trappan"),
    ("Förlängning av överenskommelse om idéburet offentligt partnerskap med Stadsmissionen i Lund – Mötesplats Trappan",
     "Mötesplats Trappan"),
    ("Ny överenskommelse om idéburet offentligt partnerskap om Mötesplats Trappan mellan Lunds kommun, Region Skåne "
     "och Stadsmissionen i Lund", "Mötesplats Trappan"),
    ("Överenskommelse om IOP med Lunds kommun och Stadsmissionen i Lund om Mötesplats Trappan", "Mötesplats Trappan"),
    ("Idéburet offentligt partnerskap med Svenska Röda Korset avseende stöd vid familjeåterförening",
     "Stöd vid familjeåterförening"),
    ("Överenskommelse om idéburet offentligt partnerskap om läxhjälp för elever i årskurs 4–9",
     "Läxhjälp för elever i årskurs 4–9"),
    ("Idéburet offentligt partnerskap med Föreningen Gemenskapshuset Gottsunda", None),
    ("Förlängning av idéburet offentligt partnerskap med Föreningen Läxhjälpen i Kungsbacka", None),
    ("Bidrag till Föreningen Krokus för 2024", None),
    ("Protokoll, Kommunstyrelsen, Eslövs kommun, sammanträdesdatum 2023-06-12", None),
    ("Hälso- och sjukvårdsnämnden 2015-12-02 § 190", None),
    (None, None),
])
def test_subject_of_a_title(title, expected):
    assert subject(title) == expected


def test_the_newest_decision_names_the_subject_and_every_step_the_parties():
    steps = [_step("Hälso- och sjukvårdsnämnden 2015-12-02 § 190"), _step("SOCN 2017/211", "a"),
             _step("VON 2021/577", "b")]
    extractions = {
        "a": {"title": "Idéburet offentligt partnerskap med Stadsmissionen om Mötesplatsen", "own_case_numbers": ["SOCN 2017/211"],
              "parties": [{"name": "Lunds kommun", "org_number": "212000-1132"}, {"name": "Stadsmissionen"}]},
        "b": {"title": "Ny överenskommelse om idéburet offentligt partnerskap om Mötesplats Trappan",
              "own_case_numbers": ["VON 2021/577"],
              "parties": [{"name": "Stadsmissionen i Lund"}, {"name": "Sammanfattning Föreningen"}, {"name": "Region Skåne"}]},
    }
    described = describe(steps, {i: Extraction.from_dict(dict(x, id=i)) for i, x in extractions.items()})
    assert described.subject == "Mötesplats Trappan"
    assert described.parties == ["Stadsmissionen i Lund", "Region Skåne", "Lunds kommun"]
    assert described.name == "Mötesplats Trappan – Stadsmissionen i Lund, Region Skåne, Lunds kommun"


def test_without_subject_or_parties_the_oldest_case_names_it():
    assert describe([_step("KS 2020/1")], {}).name == "KS 2020/1"


def _step(case: str, *documents: str) -> Step:
    return Step([case], None, [], [], None, "original", [], [StepDocument(d, f"{d}.txt") for d in documents],
                bool(documents), [])
