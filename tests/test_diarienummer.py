"""extractor.identifiers.diarienummer: find / validate / is_valid / format / compact on every form of DOMAIN.md."""

import pytest

from extractor.identifiers import diarienummer

# (as written, normal form). DOMAIN.md "Identifiers": each authority's own layout, upper-cased,
# with the whitespace and line breaks text layers put inside a number removed.
VALID = [
    ("ASN-2019-19171", "ASN-2019-19171"),  # Malmö
    ("BN-2024-00013", "BN-2024-00013"),  # Kungsbacka, leading zeros kept
    ("KS 2023/123", "KS 2023/123"),
    ("Ks 1234/2023", "KS 1234/2023"),  # serial before year, capitalised prefix
    ("KSN-2021-01234", "KSN-2021-01234"),  # Uppsala
    ("Dnr 2020-000123", "2020-000123"),  # no prefix, after a cue word
    ("RS 2020/1234", "RS 2020/1234"),  # Region Skåne
    ("GYVF-2015-4220", "GYVF-2015-4220"),  # an old committee prefix
    ("ASN-\n2019-9502", "ASN-2019-9502"),  # broken across lines
    ("asn-2019-9502", "ASN-2019-9502"),  # lower case
    ("ASN - 2019 - 9502", "ASN-2019-9502"),  # spaces around the dashes
]

LOOKALIKES = [
    "ASN 210617",  # meeting code: the meeting of 2021-06-17
    "2024-05-29",  # a date
    "§ 15",  # a paragraph
    "040-675 31 27",  # phone number
    "040 - 675 31 27",
    "C9A9AF79-D0AD-144A-6B9B-AB69B1378E63",  # document GUID
    "SFS 2017:30",  # law reference
    "Prop. 2019/20:123",  # government bill
    "1 januari 2025",
    "ASN 2019-06-17",  # committee and ISO date
]


@pytest.mark.parametrize("written, normal", VALID)
def test_validate_gives_normal_form(written, normal):
    assert diarienummer.validate(written) == normal


@pytest.mark.parametrize("written, normal", VALID)
def test_is_valid_true_for_every_form(written, normal):
    assert diarienummer.is_valid(written) is True


@pytest.mark.parametrize("written, normal", VALID)
def test_format_is_normal_form_and_stable(written, normal):
    assert diarienummer.format(written) == normal
    assert diarienummer.format(diarienummer.format(written)) == normal


@pytest.mark.parametrize(
    "text, numbers",
    [
        ("Diarienummer ASN-2019-19171", ["ASN-2019-19171"]),
        ("Vår referens BN-2024-00013, handläggare", ["BN-2024-00013"]),
        ("Ärendet KS 2023/123 behandlas i kommunstyrelsen.", ["KS 2023/123"]),
        ("Beslut i Ks 1234/2023 den 3 maj.", ["KS 1234/2023"]),
        ("Dnr KSN-2021-01234", ["KSN-2021-01234"]),
        ("Dnr 2020-000123", ["2020-000123"]),
        ("Dnr: 2020-000123", ["2020-000123"]),
        ("Diarienummer: 2020-000123\n", ["2020-000123"]),
        ("Vår beteckning 2020-000123", ["2020-000123"]),
        ("Regionstyrelsen, RS 2020/1234.", ["RS 2020/1234"]),
        ("den pågående överenskommelsen (ASN-\n2019-9502) löper ut", ["ASN-2019-9502"]),
        ("Diarienummer\nASN-\n2019-9502\n", ["ASN-2019-9502"]),
        ("enligt riktlinjer (ASN-2023-3539) och Dnr 2020-000123.", ["ASN-2023-3539", "2020-000123"]),
        ("Se KS 2023/123, KS 2023/124 och RS 2020/1234.", ["KS 2023/123", "KS 2023/124", "RS 2020/1234"]),
        ("GYVF-2015-4220 → ASN-2017-348 → ASN-2018-4475", ["GYVF-2015-4220", "ASN-2017-348", "ASN-2018-4475"]),
    ],
)
def test_find_in_text(text, numbers):
    assert [m.number for m in diarienummer.find(text)] == numbers


@pytest.mark.parametrize(
    "text, number, written",
    [
        ("Ärendet (ASN-2019-9502) gäller", "ASN-2019-9502", "ASN-2019-9502"),
        ("beslut i ASN-\n2019-9502 om", "ASN-2019-9502", "ASN-\n2019-9502"),
        ("Dnr 2020-000123 avser", "2020-000123", "2020-000123"),
        ("Diarienummer: Ks 1234/2023\n", "KS 1234/2023", "Ks 1234/2023"),
    ],
)
def test_find_offsets_point_at_the_number(text, number, written):
    [match] = diarienummer.find(text)
    assert match.number == number
    assert text[match.start:match.end] == written == match.text
    assert diarienummer.compact(match.text) == diarienummer.compact(number)


@pytest.mark.parametrize("text", LOOKALIKES)
def test_lookalike_is_not_a_case_number(text):
    assert diarienummer.find(text) == []
    assert diarienummer.is_valid(text) is False


@pytest.mark.parametrize("text", LOOKALIKES)
def test_validate_rejects_lookalike(text):
    with pytest.raises(ValueError):
        diarienummer.validate(text)


@pytest.mark.parametrize(
    "text",
    [
        "Protokoll ASN 210617 § 15 justerat",
        "Ring handläggaren på 040-675 31 27 eller 040 - 675 31 27.",
        "Dokument-id C9A9AF79-D0AD-144A-6B9B-AB69B1378E63 signerat",
        "enligt SFS 2017:30 och Prop. 2019/20:123 samt lagen (2017:30)",
        "Beslutet fattades den 2021-06-17 i § 15.",
        "Sammanträde 2024-05-29, Dnr 2021-06-17",  # a date after a cue word is still a date
    ],
)
def test_lookalikes_in_sentences_are_not_found(text):
    assert diarienummer.find(text) == []


@pytest.mark.parametrize(
    "spellings",
    [
        ["ASN-2019-9502", "asn-2019-9502", "ASN 2019 9502", "ASN - 2019 - 9502", "ASN-\n2019-9502", "Asn-2019-9502"],
        ["KS 2023/123", "ks 2023/123", "KS 2023 / 123", "KS2023/123"],
        ["Ks 1234/2023", "KS 1234/2023", "ks 1234 / 2023"],
        ["BN-2024-00013", "bn 2024-00013"],
    ],
)
def test_compact_is_equal_across_spellings(spellings):
    keys = {diarienummer.compact(s) for s in spellings}
    assert len(keys) == 1


@pytest.mark.parametrize(
    "number, key",
    [("ASN-2019-9502", "ASN20199502"), ("KS 2023/123", "KS2023123"), ("2020-000123", "2020000123"), ("åsn-2020-1", "ÅSN20201")],
)
def test_compact_keeps_letters_and_digits_upper_cased(number, key):
    assert diarienummer.compact(number) == key


@pytest.mark.parametrize("junk", [None, "", "😀", "²⁰¹⁹-⁹⁵⁰²", "ASN-²⁰¹⁹-⁹⁵⁰²", "\x00\xff"])
def test_is_valid_never_raises(junk):
    assert diarienummer.is_valid(junk) is False


@pytest.mark.parametrize("written", ["Dnr: 2020-000123", "Diarienummer 2020-000123"])
def test_validate_accepts_bare_number_after_any_cue(written):
    assert diarienummer.validate(written) == "2020-000123"


@pytest.mark.parametrize("text, number", [("Ärendet DIARIENR 0/1950 gäller", "0/1950"),
                                          ("ÄRENDENR 5/2020 avser bidrag", "5/2020")])
def test_a_cue_word_in_capitals_is_no_prefix(text, number):
    """Found by the property tests: 'DIARIENR 0/1950' was reported both whole and bare."""
    assert [m.number for m in diarienummer.find(text)] == [number]
