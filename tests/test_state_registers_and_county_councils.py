"""Registers of bodies met only now: a county council's letters run together with a two-digit
year (before the councils became regions), the tax agency's office code, serial, year and code of
the kind of matter, and a supervisory authority's two-digit year and serial after its initials;
the council named as a public body, meetings chained in one sentence, and titles in the definite
form after an adjective. Each text is written the way its kind of body prints it, not taken from
the sample corpus."""

import pytest

from extractor import extract_file, extract_text
from extractor.facts import amount, people, period
from extractor.facts.organisations import find_mentions, known_organisations
from extractor.identifiers import diarienummer
from extractor.reading import ocr


@pytest.mark.parametrize("text, number", [
    ("Dnr LD14/01127", "LD14/01127"),                      # a council's letters, two-digit year, serial
    ("överenskommelsen (LD12/00318) löper ut", "LD12/00318"),  # the same form in the text, no label needed
    ("Dnr/målnr/löpnr: 202-318840-22/111", "202-318840-22/111"),  # office code, serial, year / kind of matter
    ("Dnr 131 204417-23/113", "131 204417-23/113"),          # the same with a space after the office code
    ("FI Dnr 21-18840", "21-18840"),                          # two-digit year and serial after a label
    ("Diarienummer 19-4471", "19-4471"),
])
def test_case_numbers_of_county_councils_and_state_registers(text, number):
    assert [c.number for c in diarienummer.find(text)] == [number]


@pytest.mark.parametrize("text", [
    "Ring 08-9709 om du har frågor",   # a two-digit year and serial only after a label
    "under 21-18840",
    "LD14/12",                          # a serial of at least three digits
])
def test_look_alikes_of_those_forms_are_no_case_numbers(text):
    assert diarienummer.find(text) == []


LETTERHEAD = ("FINANSINSPEKTIONEN                        BESLUT\n"
              "                                          2024-02-12\n"
              "Norrlands Kortinlösen AB                  FI Dnr 24-1187\n\n"
              "Registrering som betaltjänstleverantör\n\n"
              "Finansinspektionen avslog genom beslut den 3 maj 2022 en ansökan från bolaget (FI Dnr 22-907).\n")


def test_the_type_word_over_a_letterheads_date_is_no_decision_cited():
    e = extract_text(LETTERHEAD)
    assert [c.number for c in e.own_case_numbers] == ["24-1187"]
    assert [c.number for c in e.referenced_case_numbers] == ["22-907"]
    assert e.decided_by == "Finansinspektionen"


@pytest.mark.parametrize("text, name", [
    ("att Landstinget Gävleborg lämnar ett bidrag", "Landstinget Gävleborg"),
    ("Landstinget i Uppsala län beslutar", "Landstinget i Uppsala län"),
    ("Stockholms läns landsting beviljar", "Stockholms läns landsting"),
])
def test_a_county_council_by_its_name_before_2019_is_an_organisation(text, name):
    assert [m.name for m in find_mentions(text, known_organisations())] == [name]


def test_a_county_council_pays_the_grant_it_decides():
    e = extract_text("Beslut\n\nLandstinget Gävleborg lämnar ett bidrag om 300 000 kronor per år till "
                     "Föreningen Ljusglimten för tiden 1 januari 2014–31 december 2015.\n")
    assert [(f.payer, f.amount, f.basis) for f in e.funding] == [("Landstinget Gävleborg", 300000, "per_year")]


def test_meetings_chained_in_one_sentence_are_each_planned():
    e = extract_text("Tjänsteskrivelse\n2013-09-02\n\nÄrendet behandlas av landstingsstyrelsens arbetsutskott "
                     "den 17 september 2013 och av landstingsstyrelsen den 1 oktober 2013.\n")
    assert [(m.body, m.date) for m in e.meetings] == [("Landstingsstyrelsens arbetsutskott", "2013-09-17"),
                                                       ("Landstingsstyrelsen", "2013-10-01")]


@pytest.mark.parametrize("text, title", [
    ("Beslutet har fattats av rättsliga experten Karin Ek.", "rättslig expert"),
    ("efter föredragning av den biträdande juristen Olof Sand.", "biträdande jurist"),
    ("I handläggningen har juristen Mira Holm deltagit.", "jurist"),
])
def test_a_definite_title_keeps_the_words_before_it_in_their_base_form(text, title):
    assert [p.title for p in people.find(text)] == [title]


def test_a_posting_line_with_two_labels_of_the_older_template_is_one_period():
    text = "ANSLAG/BEVIS\nDatum för anslags uppsättande 2016-05-20   Datum för anslags nedtagande 2016-06-11\n"
    assert [(p.start_date, p.end_date) for p in period.find(text)] == [("2016-05-20", "2016-06-11")]


@pytest.mark.parametrize("text, ref", [
    ("Föreningen fick bidrag även 2015 (KS § 112, 2015-05-26).", ("Kommunstyrelsen", "2015-05-26", "112")),
    ("enligt riktlinjerna (KF 2016-02-22, § 9)", ("Kommunfullmäktige", "2016-02-22", "9")),
    ("Regionstyrelsen beslutade den 4 maj 2021 (§ 88) att ingå avtalet.", ("Regionstyrelsen", "2021-05-04", "88")),
    ("Regionfullmäktige antog planen den 30 november 2020\n(§ 204) och den gäller än.", ("Regionfullmäktige", "2020-11-30", "204")),
])
def test_a_decision_cited_by_its_bodys_letters_or_with_its_paragraph_in_brackets(text, ref):
    e = extract_text("Tjänsteskrivelse\n2024-01-10\n\n" + text + "\n")
    assert [(r.body, r.date, r.paragraph) for r in e.decision_refs] == [ref]


def test_a_committees_letters_other_than_the_assemblies_name_no_body_of_their_own():
    e = extract_text("Tjänsteskrivelse\n2024-01-10\n\nBidraget höjdes förra året (BUN § 12, 2023-02-14).\n")
    assert e.decision_refs == []


def test_a_sum_in_billions_written_in_the_singular():
    assert [a.value for a in amount.find("en ram om 1 miljard kronor och 1,5 miljon kr")] == [10**9, 1500000]


def _tsv_word(block, line, left, width, text, height=30):
    return f"5\t1\t{block}\t1\t{line}\t1\t{left}\t100\t{width}\t{height}\t90\t{text}"


def test_a_scans_column_gap_is_kept_as_spaces_and_a_space_as_one():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = [_tsv_word(1, 1, 100, 120, "Anna"), _tsv_word(1, 1, 232, 150, "Karlberg"),
            _tsv_word(1, 1, 1200, 140, "Mikael"), _tsv_word(1, 1, 1352, 130, "Strand")]
    assert ocr.parse_tsv("\n".join([header, *rows])).text == "Anna Karlberg    Mikael Strand"


def test_signatures_side_by_side_in_a_scan_are_the_same_two_people_as_in_the_text():
    lead = "Beslut\n2024-05-02\n\nRegionen beviljar bidraget.\n\n"
    typed = lead + "Anna Karlberg                        Mikael Strand\nRegional utvecklingsdirektör         Enhetschef\n"
    scanned = lead + "Anna Karlberg    Mikael Strand\nRegional utvecklingsdirektör    Enhetschef\n"
    people = [(p.name, p.title) for p in extract_text(scanned).people]
    assert people == [(p.name, p.title) for p in extract_text(typed).people]
    assert [name for name, _ in people] == ["Anna Karlberg", "Mikael Strand"]


@pytest.mark.parametrize("table", [
    "År        Belopp\n2025      85 000 kr\n2026      90 000 kr\nSumma =   175 000 kr\n",
    "År Belopp\n\n2025 85 000 kr\n2026 90 000 kr\nSumma = 175 000 kr\n",   # as OCR sets it: a blank line under the heading
])
def test_a_table_of_years_under_its_heading_and_its_sum_row(table):
    text = ("Delegationsbeslut\n2025-03-14\n\nVästerviks kommun beviljar verksamhetsbidrag till Västerviks "
            "Folkdansgille, org.nr 802437-5522, enligt tabellen nedan.\n\n" + table)
    e = extract_text(text)
    assert [(f.amount, f.basis, f.period) for f in e.funding] == [
        (85000, "per_year", ("2025-01-01", "2025-12-31")), (90000, "per_year", ("2026-01-01", "2026-12-31"))]
    assert sorted(p.name for p in e.parties) == ["Västerviks Folkdansgille", "Västerviks kommun"]


def test_a_working_committee_run_together_with_the_next_columns_label():
    text = ("SAMMANTRÄDESPROTOKOLL\nBOLLNÄS KOMMUN\n\nKommunstyrelsens arbetsutskott Sammanträdesdatum\n2019-04-09\n\n"
            "§ 61 Dnr KS 2019/88\n\nInformation\n\nArbetsutskottets beslut\nInformationen noteras.\n")
    assert extract_text(text).decided_by == "Kommunstyrelsens arbetsutskott"


def test_a_scans_paragraph_break_between_an_amount_and_its_unit_is_no_break():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    rows = ["5\t1\t1\t1\t1\t1\t0\t0\t50\t30\t90\tkostnaden", "5\t1\t1\t1\t1\t2\t60\t0\t30\t30\t90\t1,6",
            "5\t1\t1\t2\t1\t1\t0\t40\t40\t30\t90\tmnkr", "5\t1\t1\t2\t1\t2\t50\t40\t20\t30\t90\tper",
            "5\t1\t1\t3\t1\t1\t0\t80\t40\t30\t90\tEkonomi"]
    assert ocr.parse_tsv("\n".join([header, *rows])).text == "kostnaden 1,6\nmnkr per\n\nEkonomi"


@pytest.mark.parametrize("text, value", [
    ("2025    1450 000 kr", 1450000),   # OCR ran the first two groups together
    ("Summa 4250 000 kr", 4250000),
    ("år 2025 450 000 kronor", 450000),   # a year before an amount is no group of it
])
def test_an_amount_whose_first_groups_ocr_ran_together(text, value):
    assert [a.value for a in amount.find(text)] == [value]


def test_a_scans_paragraph_break_inside_a_sentence_or_between_table_rows_is_no_break():
    header = "level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext"
    lines = [(1, 1, "ett engångsbidrag om"), (2, 1, "25 000 kronor."), (3, 1, "År    Belopp"), (4, 1, "2025    85 000 kr"),
             (5, 1, "2026    90 000 kr"), (6, 1, "Beslutet gäller.")]
    rows = [f"5\t1\t{block}\t{par}\t1\t1\t0\t{40 * block}\t400\t30\t90\t{text}" for block, par, text in lines]
    assert ocr.parse_tsv("\n".join([header, *rows])).text == (
        "ett engångsbidrag om\n25 000 kronor.\n\nÅr    Belopp\n2025    85 000 kr\n2026    90 000 kr\n\nBeslutet gäller.")


@pytest.mark.parametrize("text, names", [
    ("Remissvar till kn.remissvar@regeringskansliet.se från Skatteverket", ["Skatteverket"]),
    ("Läs mer på www.kammarkollegiet.se.", []),
    ("Beslutet fattades av Kammarkollegiet. Det gäller nu.", ["Kammarkollegiet"]),
])
def test_a_known_name_inside_an_e_mail_or_web_address_is_no_mention(text, names):
    assert [m.name for m in find_mentions(text, known_organisations())] == names


def test_a_pdfs_words_printed_apart_on_one_line_keep_the_gap_and_sign_side_by_side(tmp_path):
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    path = tmp_path / "missiv.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4, invariant=1)
    pdf.setFont("Helvetica", 11)
    pdf.drawString(60, 700, "Revisorerna har avslutat granskningen och ställer sig bakom rapportens bedömningar.")
    pdf.drawString(60, 640, "Jonas Ransgård")
    pdf.drawString(330, 640, "Torbjörn Rigemar")
    pdf.drawString(60, 626, "ordförande")
    pdf.drawString(330, 626, "vice ordförande")
    pdf.showPage()
    pdf.save()
    e = extract_file(path)
    assert [(p.name, p.title) for p in e.people] == [("Jonas Ransgård", "ordförande"), ("Torbjörn Rigemar", "vice ordförande")]
