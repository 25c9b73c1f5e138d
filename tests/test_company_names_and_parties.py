"""Company names whole however they are composed, and parties only where an agreement is decided."""

import pytest

from extractor import extract_text
from extractor.organisations import find_mentions, default_registry


@pytest.mark.parametrize("written", ["GS Buss AB", "Göteborg & Co AB", "Västerviks Stads Leasing AB",
                                     "Förvaltnings AB Framtiden"])
def test_a_company_name_is_found_whole(written):
    text = f"Kommunstyrelsen ger {written} i uppdrag att redovisa sin ekonomi.\n"
    names = [m.name for m in find_mentions(text, default_registry()) if m.kind != "committee"]
    assert written in names and not any(n != written and n in written for n in names)


def test_a_report_names_no_parties_and_an_agreement_does():
    report = ("REVISIONSRAPPORT\n\nGranskning av bidrag till föreningar\n\nRevisorerna har granskat hur "
              "Västerviks kommun följer upp bidragen till Föreningen Gamla Stan.\n")
    assert extract_text(report).parties == []
    agreement = ("TJÄNSTESKRIVELSE\n\nÖverenskommelse med Föreningen Gamla Stan\n\nFörslag till beslut\n"
                 "Kommunstyrelsen godkänner överenskommelsen med Föreningen Gamla Stan (org.nr 802437-1234).\n")
    assert "Föreningen Gamla Stan" in [p.name for p in extract_text(agreement).parties]
