"""extractor.reading.textclean.clean: noise becomes spaces, one character for one, so offsets survive."""

import pytest

from extractor.identifiers import diarienummer
from extractor.reading import textclean

NBSP = "\u00a0"
BULLET = "\uf0b7"  # private-use bullet glyph from PDF text layers
GUID_COLUMN = "\n".join(["C9", "A9", "AF", "79", "D0", "AD", "14", "4A", "6B", "9B", "AB", "69", "B1", "37", "8E", "63"])
HEADER = "Malmö stad, Arbetsmarknads- och socialförvaltningen"


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Tjänsteskrivelse\n2 (3)\n",
        f"{BULLET} punkt{NBSP}ett\r\n{BULLET} punkt två\r\n",
        f"Beslut\n{GUID_COLUMN}\nSlut\n",
        "\n".join([HEADER, "text", HEADER, "mer", HEADER, "slut"]),
        "beslutat 20l0-06-29 och 2O19-05-01",
        "😀 emoji ²³ och \x00\xff binärt",
        "Sida 2 av 4\nsida 3/4\n",
        "\u200b\u00ad\ufeff\u2009\u202f\u2007",
        "12-" * 1000,
    ],
)
def test_clean_keeps_length(text):
    assert len(textclean.clean(text)) == len(text)


@pytest.mark.parametrize("text", [f"Beslut\n{GUID_COLUMN}\nSlut på texten här\n", f"Beslut\n{GUID_COLUMN.replace(chr(10), chr(10) * 2)}\nSlut\n"])
def test_stamp_column_of_two_character_lines_is_blanked(text):
    cleaned = textclean.clean(text)
    column_start = text.index("C9")
    column_end = text.rindex("63") + 2
    stamp = cleaned[column_start:column_end]
    assert stamp.strip() == ""
    assert stamp.count("\n") == text[column_start:column_end].count("\n")  # line breaks kept
    assert cleaned[:column_start] == text[:column_start]
    assert cleaned[column_end:] == text[column_end:]


@pytest.mark.parametrize("lines", [["Ja", "Nej", "Ja"], ["1.", "2.", "3.", "4.", "5."]])
def test_a_few_short_lines_are_not_a_stamp(lines):
    text = "Omröstning\n" + "\n".join(lines) + "\nSlut"
    assert textclean.clean(text) == text


@pytest.mark.parametrize(
    "text, marker",
    [
        ("Tjänsteskrivelse\n2 (3)\nText", "2 (3)"),
        ("Sammanfattning 1 (3)\nText", "1 (3)"),
        ("Text\nSida 2 av 4\nmer", "Sida 2 av 4"),
        ("Text\nsida 3/4\nmer", "sida 3/4"),
        ("Text\n3 (3)", "3 (3)"),
    ],
)
def test_page_markers_are_blanked(text, marker):
    cleaned = textclean.clean(text)
    i = text.index(marker)
    assert cleaned[i:i + len(marker)] == " " * len(marker)
    assert cleaned.replace(" ", "") == text.replace(marker, "").replace(" ", "")


@pytest.mark.parametrize("text", ["Beräknat på 4 (3) år", "Se 2 (3) nedan\nText"])
def test_not_page_markers_stay(text):
    # page > total, or not at the end of a line
    assert textclean.clean(text) == text


@pytest.mark.parametrize(
    "text, expected",
    [
        (f"{BULLET} Förslag", "  Förslag"),
        (f"1{NBSP}070{NBSP}000{NBSP}kr", "1 070 000 kr"),
        ("1\u202f070\u202f000 kr", "1 070 000 kr"),
        (f"att{NBSP}bevilja\n{BULLET}\tpunkt", "att bevilja\n \tpunkt"),
        ("\ue000\uf8ff", "  "),
    ],
)
def test_private_use_glyphs_and_no_break_spaces_become_spaces(text, expected):
    assert textclean.clean(text) == expected


@pytest.mark.parametrize("repeats", [3, 4, 7])
def test_line_repeated_three_times_is_blanked_after_its_first_occurrence(repeats):
    pages = [f"{HEADER}\nSidans text nummer {i}.\n" for i in range(repeats)]
    text = "".join(pages)
    cleaned = textclean.clean(text)
    assert cleaned.count(HEADER) == 1
    assert cleaned.startswith(HEADER)
    for i in range(repeats):
        assert f"Sidans text nummer {i}." in cleaned
    positions = [i for i in range(len(text)) if text.startswith(HEADER, i)]
    for p in positions[1:]:
        assert cleaned[p:p + len(HEADER)] == " " * len(HEADER)


@pytest.mark.parametrize("repeats", [1, 2])
def test_line_repeated_fewer_than_three_times_stays(repeats):
    text = "".join(f"{HEADER}\nText {i}\n" for i in range(repeats))
    assert textclean.clean(text) == text


@pytest.mark.parametrize(
    "text",
    [
        # running header with page marker and the number on three pages
        "".join(f"Malmö stad  Diarienummer ASN-2019-9502  {p} (3)\nText på sidan {p}.\n" for p in (1, 2, 3)),
        f"{BULLET}{NBSP}Diarienummer{NBSP}ASN-\n2019-9502\n1 (3)\nbeslutet 20l0-06-29",
        f"Beslut\n{GUID_COLUMN}\nDen pågående överenskommelsen (KS 2023/123) löper ut.",
        f"Dnr{NBSP}2020-000123\n2 (2)",
    ],
)
def test_offsets_in_cleaned_text_point_into_the_original(text):
    cleaned = textclean.clean(text)
    found = diarienummer.find(cleaned)
    assert found
    for m in found:
        assert text[m.start:m.end] == cleaned[m.start:m.end] == m.text
        assert diarienummer.compact(text[m.start:m.end]) == diarienummer.compact(m.number)


@pytest.mark.parametrize("text", ["Ärende ASN-2019-9502\n", "Dnr 2020-000123\n", "KS 2023/123\n", "Ks 1234/2023\n"])
def test_case_number_ending_a_line_survives_cleaning(text):
    assert [m.number for m in diarienummer.find(textclean.clean(text))] == [m.number for m in diarienummer.find(text)]


@pytest.mark.parametrize("text", ["Dnr 12/20\nTjänsteskrivelse", "Diarienummer 5/19\n"])
def test_short_case_number_after_cue_survives_cleaning(text):
    raw = [m.number for m in diarienummer.find(text)]
    assert raw  # the finder itself accepts the form
    assert [m.number for m in diarienummer.find(textclean.clean(text))] == raw
