"""Grants in the forms decisions print them: the recipient named only after ``till`` or in the
lead above a table of years, and a grant that a sentence about it says is paid once."""

import pytest

from extractor import extract_text

HEAD = ("Mora kommun                                  DELEGATIONSBESLUT\n"
        "Kultur- och fritidsförvaltningen             2025-04-02\n"
        "                                             Dnr KFN 2025/0112\n\n"
        "Bidrag till Föreningen Mora Spelmän\n\nBeslut\n")
TABLE = "\n\nÅr        Belopp\n2025      60 000 kr\n2026      65 000 kr\nSumma     125 000 kr\n"


def _extract(body: str):
    return extract_text(HEAD + body + "\n")


def _rows(body: str):
    return sorted((f.payer, f.amount, f.basis, f.period and tuple(f.period), f.recipient) for f in _extract(body).funding)


def _parties(body: str):
    return sorted(p.name for p in _extract(body).parties)


@pytest.mark.parametrize(
    "body",
    [
        # after the amount
        "Kultur- och fritidsförvaltningen beviljar bidrag med 60 000 kronor till Föreningen Mora Spelmän för stämman.",
        "Kultur- och fritidsförvaltningen beslutar att lämna 60 000 kronor till Föreningen Mora Spelmän.",
        # after the grant's noun, before the amount
        "Kultur- och fritidsförvaltningen beviljar ett arrangörsbidrag till Föreningen Mora Spelmän om 60 000 kronor.",
    ],
)
def test_a_recipient_named_after_till_is_a_party_of_the_grant(body):
    assert {r[4] for r in _rows(body)} == {"Föreningen Mora Spelmän"}
    assert _parties(body) == ["Föreningen Mora Spelmän", "Mora kommun"]


def test_a_recipient_after_the_grants_noun_is_no_elliptic_payer():
    body = "Kultur- och fritidsförvaltningen beviljar ett arrangörsbidrag till Föreningen Mora Spelmän om 60 000 kronor."
    assert [r[0] for r in _rows(body)] == ["Mora kommun"]


def test_a_committee_after_till_gets_an_allocation_and_is_no_recipient():
    assert _parties("Kultur- och fritidsförvaltningen avsätter 60 000 kronor till socialnämnden.") == []


@pytest.mark.parametrize(
    "lead",
    [
        "Kultur- och fritidsförvaltningen beviljar Föreningen Mora Spelmän bidrag enligt följande:",
        "Kultur- och fritidsförvaltningen beviljar verksamhetsbidrag till Föreningen Mora Spelmän enligt tabellen nedan.",
    ],
)
def test_the_recipient_in_the_lead_above_a_table_of_years_receives_every_row(lead):
    assert _rows(lead + TABLE) == [
        ("Mora kommun", 60000, "per_year", ("2025-01-01", "2025-12-31"), "Föreningen Mora Spelmän"),
        ("Mora kommun", 65000, "per_year", ("2026-01-01", "2026-12-31"), "Föreningen Mora Spelmän"),
    ]
    assert _parties(lead + TABLE) == ["Föreningen Mora Spelmän", "Mora kommun"]


def test_a_lead_that_does_not_point_to_the_table_names_no_recipient_of_it():
    body = "Kultur- och fritidsförvaltningen beviljar Föreningen Mora Spelmän ett bidrag för stämman." + TABLE
    assert {r[4] for r in _rows(body)} == {None}


@pytest.mark.parametrize(
    "said",
    [
        "Bidraget är ett engångsbelopp.",
        "Bidraget betalas ut en gång, efter att föreningen har redovisat stämmans kostnader.",
        "Bidraget betalas ut vid ett tillfälle.",
        "Bidraget motsvarar hälften av de redovisade kostnaderna.",
    ],
)
def test_a_grant_a_sentence_says_is_paid_once_is_one_off(said):
    body = f"Kultur- och fritidsförvaltningen beviljar bidrag med 60 000 kronor till Föreningen Mora Spelmän. {said}"
    assert _rows(body) == [("Mora kommun", 60000, "one_off", None, "Föreningen Mora Spelmän")]


@pytest.mark.parametrize(
    "said",
    [
        "Bidraget betalas ut en gång per år.",  # a yearly payment
        "Föreningen har tidigare sökt engångsbidrag för annat.",  # not a sentence about the grant
    ],
)
def test_no_one_off_without_a_sentence_about_the_grant_paid_once(said):
    body = f"Kultur- och fritidsförvaltningen beviljar bidrag med 60 000 kronor till Föreningen Mora Spelmän. {said}"
    assert [r[2] for r in _rows(body)] == ["per_year"]


def test_an_agreements_yearly_compensation_is_not_made_one_off():
    body = ("Överenskommelsen avser perioden 2026-01-01 – 2027-12-31. Kommunen betalar föreningen 60 000 kronor. "
            "Bidraget betalas ut en gång.")
    head = HEAD.replace("Bidrag till Föreningen Mora Spelmän", "Överenskommelse om idéburet offentligt partnerskap med Föreningen Mora Spelmän")
    rows = [(f.basis, f.period) for f in extract_text(head + body + "\n").funding]
    assert ("one_off", None) not in rows


def test_a_name_ends_at_the_full_stop_of_its_sentence():
    body = "Kultur- och fritidsförvaltningen beviljar bidrag med 60 000 kronor till Föreningen Mora Spelmän. Bidraget är ett engångsbelopp."
    assert [o.name for o in _extract(body).organisations] == ["Mora kommun", "Föreningen Mora Spelmän"]
