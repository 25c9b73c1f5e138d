"""Forms of bodies met only now: a court's case numbers in a statement to the court, a national
agency's serial in two groups, a county board's two-digit year, a region's number run together
or printed in the government's layout, an organisation number after a kind in its definite form,
a deed's price in words and figures, an agreement headed by its kind alone, an extension stated
by its length and last day, a protocol's repeated decision openings, a cover's labels in a
column, abbreviations inside a sentence, and a scan's paragraph signs read as eights, columns
run together and addresses above the title. Each text is written the way its kind of body prints
it, not taken from the sample corpus."""

from pathlib import Path

import pytest

from extractor import extract_file, extract_text
from extractor.facts import amount, period, people
from extractor.identifiers import diarienummer
from extractor.nlp import clause_starts
from extractor.reading import ocr, textclean
from extractor.reading.readers import read
from tests import filemaker

CORPUS = Path(__file__).resolve().parent.parent / "corpus" / "documents"


@pytest.mark.parametrize("text, number", [
    ("Diarienummer: Af-2022/0107 3318", "AF-2022/0107 3318"),   # eight digits in two groups of four
    ("Dnr 525-8436-07", "525-8436-07"),                       # a county board's older two-digit year
    ("Dnr 03893-2021-2.2.1", "03893-2021-2.2.1"),             # a classification code after the year
    ("Mål nr T 1187-23", "T 1187-23"),                        # a court's case group before the serial
    ("målnummer UM 4410-22", "UM 4410-22"),
    ("Diarienummer RS240118", "RS240118"),                    # prefix, two-digit year and serial run together
])
def test_case_numbers_of_agencies_courts_and_regions(text, number):
    assert [c.number for c in diarienummer.find(text)] == [number]


@pytest.mark.parametrize("text", [
    "KS 2023/0456 2024-01-05",   # a date after a number is no second group of its serial
    "RS240118",                  # run together, without a label: a code of any kind
    "T 1187-23",                 # a court's group letter without 'mål nr'
    "(2019) kronor",
])
def test_look_alikes_of_those_forms_are_no_case_numbers(text):
    assert [c.number for c in diarienummer.find(text)] in ([], ["KS 2023/0456"])


def test_a_serial_in_two_groups_is_one_key_however_typed():
    assert diarienummer.compact("Af-2022/0107 3318") == diarienummer.compact("AF-2022/01073318")


def test_a_regions_run_together_number_is_found_again_in_the_text_once_labelled():
    text = "Dnr RS240118\n\nAvtalet ersätter det nuvarande avtalet (RS210907) som löper ut.\n"
    assert [c.number for c in diarienummer.find(text)] == ["RS240118", "RS210907"]


def test_a_number_alone_under_a_paragraphs_heading_is_the_paragraphs():
    text = "§ 12 Partnerskap med Föreningen Ljusglimten\nRS240118\n\nRegionstyrelsen beslutar att ingå avtalet.\n"
    assert [c.number for c in diarienummer.find(text)] == ["RS240118"]


STATEMENT = """VÄSTERÅS STAD
Socialförvaltningen

YTTRANDE                                       2024-02-12
                                               Dnr SN 2024/0117

Förvaltningsrätten i Uppsala

Yttrande i mål nr 6120-23 angående bistånd

Nämnden hänvisar till Kammarrättens i Stockholm dom i mål nr 3310-21.

Per Holm
Ordförande i socialnämnden
"""


def test_a_courts_case_in_a_statement_to_the_court_is_cited_and_the_unit_no_title():
    e = extract_text(STATEMENT)
    assert [c.number for c in e.own_case_numbers] == ["SN 2024/0117"]
    assert [c.number for c in e.referenced_case_numbers] == ["6120-23", "3310-21"]
    assert e.title == "Yttrande i mål nr 6120-23 angående bistånd"
    assert [(p.name, p.title) for p in e.people] == [("Per Holm", "ordförande i socialnämnden")]


def test_in_a_courts_own_document_its_case_number_is_its_own():
    e = extract_text("KAMMARRÄTTEN I GÖTEBORG          DOM          Mål nr 4471-24\n\nKLAGANDE\nAnna Berg\n")
    assert [c.number for c in e.own_case_numbers] == ["4471-24"]


def test_a_regions_number_in_the_governments_layout_is_its_own():
    text = ("Region Värmland                                REMISSVAR\n"
            "                                               Dnr: RV2023/01144\n\n"
            "Klimat- och näringslivsdepartementet\nEr beteckning: KN2023/02210\n\nRemissvar om en ny lag\n")
    e = extract_text(text)
    assert [c.number for c in e.own_case_numbers] == ["RV2023/01144"]
    assert [c.number for c in e.referenced_case_numbers] == ["KN2023/02210"]


GRANT = """LÄNSSTYRELSEN
GÄVLEBORGS LÄN                              BESLUT
                                            2010-04-12        Dnr 851-2291-10

Ljusnans Vänner ideell förening
Storgatan 4
827 30 Ljusdal

Beslut om statsbidrag

Länsstyrelsen beviljar föreningen (org. nr 802412-3393) statsbidrag med 40 000 kr för år 2010.
"""


def test_an_organisation_number_after_a_kind_in_the_definite_form_is_that_kinds():
    e = extract_text(GRANT)
    assert [(o.number, o.name) for o in e.org_numbers] == [("802412-3393", "Ljusnans Vänner ideell förening")]
    assert [(f.payer, f.amount, f.recipient) for f in e.funding] == [
        ("Länsstyrelsen i Gävleborgs län", 40000, "Ljusnans Vänner ideell förening")]


def test_a_public_body_never_owns_an_organisation_number_of_another_legal_form():
    e = extract_text("Beslut\nRegion Gotland beviljar bidrag (org.nr 802412-3393) för året.\n")
    assert [o.name for o in e.org_numbers] == [None]


def test_a_price_in_words_with_its_figures_in_brackets():
    assert [a.value for a in amount.find("Köpeskillingen är två miljoner (2 000 000) kronor.")] == [2000000]


DEED = """KÖPEAVTAL

Säljare        Gävle kommun, org.nr 212000-2411, nedan kallad Kommunen
Köpare         Fastighets AB Sätra, org.nr 556714-2830, nedan kallad Köparen

§ 1 Överlåtelse
Kommunen överlåter fastigheten Gävle Sätra 12:4 till Köparen.

Gävle den 3 maj 2024
För Fastighets AB Sätra

Jonas Ek
Verkställande direktör
"""


def test_an_agreement_headed_by_its_kind_alone_and_its_table_of_parties():
    e = extract_text(DEED)
    assert e.title == "Köpeavtal"
    assert [p.name for p in e.parties] == ["Gävle kommun", "Fastighets AB Sätra"]
    assert [(p.name, p.title) for p in e.people] == [("Jonas Ek", "verkställande direktör")]


@pytest.mark.parametrize("text, span", [
    ("Avtalet förlängs med ett år, till och med den 31 december 2026.", ("2026-01-01", "2026-12-31")),
    ("förlängs med sex månader t.o.m. 2025-03-31", ("2024-10-01", "2025-03-31")),
])
def test_a_term_that_ends_on_a_date(text, span):
    assert [(p.start_date, p.end_date) for p in period.find(text)] == [span]


PROTOCOL = """§ 1
Dnr KS-2024-00101
Val av justerare

Kommunstyrelsen beslutar
att utse Anna Berg.

§ 2
Dnr KS-2024-00102
Markanvisning för kvarteret Svalan

Kommunstyrelsen beslutar
att anvisa mark.

§ 3
Dnr KS-2024-00103
Anmälan av delegationsbeslut

Kommunstyrelsen beslutar
att lägga redovisningen till handlingarna.
"""


def test_a_protocols_repeated_decision_opening_is_no_running_head():
    assert textclean.clean(PROTOCOL).count("Kommunstyrelsen beslutar") == 3
    assert textclean.clean("Sidhuvud för protokoll\n" * 3).count("Sidhuvud") == 1


def test_a_covers_label_in_a_column_opens_a_list_of_names():
    text = "Beslutande        Eva Lind (S), ordförande\n\nÖvriga            Kristina Sundin Jonsson, kommundirektör\n"
    assert ("Kristina Sundin Jonsson", "kommundirektör") in [(p.name, p.title) for p in people.find(text)]


def test_a_neuter_title_in_the_definite_form():
    assert [(p.name, p.title) for p in people.find("I ärendet har länsrådet Per Olof Dahl beslutat.")] == [
        ("Per Olof Dahl", "länsråd")]


def test_an_abbreviations_point_ends_no_clause_but_a_numbered_items_starts_one():
    text = "Kommunen beviljar föreningen (org. nr 802412-3393) bidrag.\n1. att ingå avtal,\n2. att avsätta medel."
    starts = clause_starts(text)
    assert text.index("nr 802412") not in starts
    assert text.index("2. att") + 3 in starts


@pytest.mark.parametrize("read_as, meant", [
    ("8 301\nDnr KS-2024-00871", "§ 301\nDnr KS-2024-00871"),
    ("KS 8 12 Val av justerare", "KS § 12 Val av justerare"),
    ("tillstyrkt den 22 oktober 2024, 8 144.", "tillstyrkt den 22 oktober 2024, § 144."),
    ("Paragrafer 8 301—8 304", "Paragrafer § 301—§ 304"),
    ("889 Dnr 2025/377", "§89 Dnr 2025/377"),                  # the sign run into its number
    ("KS83a DNR:KF/2007.388", "KS§3a DNR:KF/2007.388"),
    ("KU 8 41 08-02-18", "KU § 41 08-02-18"),                  # a preparing body's stamp
    ("&3 Bokslut 2024 KFN/2025:3", "§3 Bokslut 2024 KFN/2025:3"),  # the sign read as an ampersand
    ("Svensson & Co 12 AB", "Svensson & Co 12 AB"),
    ("8 personer deltog", "8 personer deltog"),
    ("889 personer", "889 personer"),
    ("2024-05-12, 8 144 kronor", "2024-05-12, 8 144 kronor"),
])
def test_a_paragraph_sign_that_ocr_read_as_eight(read_as, meant):
    assert ocr.paragraph_signs(read_as) == meant


def test_a_scans_letterhead_with_its_columns_run_together_names_authority_and_cover_people():
    text = ("SKELLEFTEÅ KOMMUN Sammanträdesdatum Sida\nKommunstyrelsen 2024-11-19\n\n"
            "Övriga Kristina Sundin Jonsson, kommundirektör\n\n"
            "§ 1\nDnr KS-2024-00101\nVal av justerare\n\nKommunstyrelsen beslutar\natt utse Anna Berg.\n")
    e = extract_text(text)
    assert e.authority == "Skellefteå kommun"
    assert ("Kristina Sundin Jonsson", "kommundirektör") in [(p.name, p.title) for p in e.people]


@pytest.mark.parametrize("line", ["Förvaltningen för stöd och service | Tjänsteskrivelse", "Åsgatan 12",
                                  "Stora Torget 3 B", "c/o Lindqvist", "Box 118"])
def test_running_heads_and_addresses_are_no_title(line):
    text = f"{line}\n\nBeslut om bidrag till Föreningen Ljuset\n\nBeslut\nNämnden beviljar bidrag.\n"
    assert extract_text(text).title == "Beslut om bidrag till Föreningen Ljuset"


@pytest.mark.slow
def test_a_scanned_protocol_keeps_its_paragraphs_authority_and_cited_decisions(tmp_path):
    name = "skelleftea_ks_protokoll_2024-11-19.txt"
    text = (CORPUS / name).read_text("utf-8")
    scan = filemaker.scanned_pdf(tmp_path / "skannad.pdf", filemaker.pdf_bytes(text), dpi=300, noise=300, rotate=0.4)
    assert {p.method for p in read(scan).pages} == {"ocr"}
    found, expected = extract_file(scan), extract_text(text)
    assert [(p.number, p.case_numbers) for p in found.paragraphs] == [(p.number, p.case_numbers) for p in expected.paragraphs]
    assert found.authority == expected.authority == "Skellefteå kommun"
    assert [(d.body, d.date, d.paragraph) for d in found.decision_refs] == [("Socialnämnden", "2024-10-22", "144")]


def test_a_range_of_dates_joined_by_a_hyphen_after_the_first_dates_year():
    assert [(p.start_date, p.end_date) for p in period.find("för perioden 1 april 2024-31 mars 2025.")] == [
        ("2024-04-01", "2025-03-31")]


def test_a_title_over_the_first_sentence_without_a_blank_line_between():
    text = ("SUNDSVALLS KOMMUN\n\nYTTRANDE 2023-11-06\nDnr SN 2023/0871\n\n"
            "Yttrande i mål nr 4412-23 angående bistånd enligt 4 kap. 1 § socialtjänstlagen\n"
            "Socialnämnden har förelagts att yttra sig och anför följande. Nämnden vidhåller beslutet.\n")
    assert extract_text(text).title == "Yttrande i mål nr 4412-23 angående bistånd enligt 4 kap. 1 § socialtjänstlagen"


def test_a_label_line_of_a_parties_table_or_the_addressees_reference_is_no_title():
    for line in ("Säljare Helsingborgs stad, org.nr 212000-0308", "Er beteckning: S2024/00411"):
        text = f"KÖPEAVTAL\n\n{line}\n\n§ 1 Överlåtelse\nStaden överlåter fastigheten.\n"
        assert extract_text(text).title == "Köpeavtal"


def test_an_addressees_name_stops_at_its_address_line():
    from extractor.facts import organisations
    text = "Beslut om bidrag\n\nStiftelsen Kvarnbackens Folkhögskola\nBox 118\n781 23 Borlänge\n"
    names = [m.name for m in organisations.find_mentions(text, organisations.known_organisations())]
    assert names == ["Stiftelsen Kvarnbackens Folkhögskola"]


@pytest.mark.parametrize("head, date", [
    ("Kommunstyrelsen\nANKOM\n2025-03-04\nDnr KS 2025/12\n\nYttrande om X\n", None),   # the stamp's date only
    ("Kommunstyrelsen\nInkom 2025-03-04\n2025-02-27\n\nYttrande om X\n", "2025-02-27"),
])
def test_a_received_stamps_date_is_not_the_documents(head, date):
    assert extract_text(head).date == date
