"""extractor.identifiers.orgnr (and the personnummer it must never mistake for one)."""

import pytest

from extractor.identifiers import orgnr, personnummer

# (as written, normal form)
WRITTEN = [
    ("232100-0255", "232100-0255"),  # hyphen (Region Skåne)
    ("232100\u20130255", "232100-0255"),  # en dash
    ("232100\u20140255", "232100-0255"),  # em dash
    ("232100\u22120255", "232100-0255"),  # minus sign
    ("232100 - 0255", "232100-0255"),  # spaces around the dash
    ("232100 \u2013 0255", "232100-0255"),
    ("16802002-8711", "802002-8711"),  # 16 prefix
    ("16802002\u20138711", "802002-8711"),
    ("2321000255", "232100-0255"),  # no separator (validate only)
    ("212000-1124", "212000-1124"),  # Malmö stad
    ("556016-0680", "556016-0680"),  # aktiebolag
]

LUHN_FAILURES = ["232100-0256", "802002-8712", "212000-1125", "16802002-8710", "556016-0681", "2321000254"]

PERSONNUMMER = ["850412-1230", "19850412-1230", "8504121230", "850412+1230", "850412\u20131230", "198504121230"]


@pytest.mark.parametrize("written, normal", WRITTEN)
def test_validate(written, normal):
    assert orgnr.validate(written) == normal


@pytest.mark.parametrize("written, normal", WRITTEN)
def test_is_valid(written, normal):
    assert orgnr.is_valid(written) is True


@pytest.mark.parametrize("written, normal", WRITTEN)
def test_format_is_stable(written, normal):
    assert orgnr.format(written) == normal
    assert orgnr.format(orgnr.format(written)) == normal


@pytest.mark.parametrize("written, normal", WRITTEN)
def test_compact_is_ten_digits(written, normal):
    assert orgnr.compact(written) == normal.replace("-", "")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Region Skåne, org.nr 232100-0255, och", [("232100-0255", "232100-0255")]),
        ("Region Skåne (232100\u20130255)", [("232100-0255", "232100\u20130255")]),
        ("Region Skåne, organisationsnummer 232100 - 0255.", [("232100-0255", "232100 - 0255")]),
        ("Föreningen Solrosen 16802002-8711 ansöker", [("802002-8711", "16802002-8711")]),
        ("Org.nr: 2321000255", [("232100-0255", "2321000255")]),
        ("Organisationsnummer 8020028711\n", [("802002-8711", "8020028711")]),
        (
            "Parter: Malmö stad (212000-1124) och Föreningen Solrosen (802002-8711).",
            [("212000-1124", "212000-1124"), ("802002-8711", "802002-8711")],
        ),
    ],
)
def test_find_with_offsets(text, expected):
    found = orgnr.find(text)
    assert [(number, text[start:end]) for number, start, end in found] == expected


@pytest.mark.parametrize("number", LUHN_FAILURES)
def test_luhn_failure_rejected(number):
    assert orgnr.is_valid(number) is False
    with pytest.raises(ValueError):
        orgnr.validate(number)
    assert orgnr.find(f"Föreningen X, org.nr {number}, ansöker") == []


@pytest.mark.parametrize("number", PERSONNUMMER)
def test_personnummer_is_never_an_organisation_number(number):
    assert orgnr.is_valid(number) is False
    assert orgnr.find(f"Sökande Anna Berg, {number}, Lund") == []
    assert orgnr.find(f"Organisationsnummer {number}") == []


@pytest.mark.parametrize("number", PERSONNUMMER)
def test_personnummer_is_masked(number):
    text = f"Sökande Anna Berg, {number}, Lund"
    masked = personnummer.mask(text)
    assert len(masked) == len(text)
    assert not any(ch.isdigit() for ch in masked)
    assert masked.startswith("Sökande Anna Berg, ") and masked.endswith(", Lund")
    assert [(f.start, f.end) for f in personnummer.find(text)] == [(text.index(number), text.index(number) + len(number))]


@pytest.mark.parametrize("text", ["Malmö stad 212000-1124", "Föreningen 16802002-8711", "tel 040-675 31 27"])
def test_mask_leaves_organisation_and_phone_numbers_alone(text):
    assert personnummer.mask(text) == text


@pytest.mark.parametrize(
    "text",
    ["tel 040-675 31 27", "040 - 675 31 27", "Box 175 63", "ASN-2019-19171", "2024-05-29", "232100-0255-1", "1232100-0255"],
)
def test_lookalikes_not_found(text):
    assert orgnr.find(text) == []


@pytest.mark.parametrize(
    "number, form",
    [
        ("232100-0255", "stat, region, kommun eller församling"),
        ("212000-1124", "stat, region, kommun eller församling"),
        ("556016-0680", "aktiebolag"),
        ("769605-8804", "ekonomisk förening eller bostadsrättsförening"),
        ("802002-8711", "ideell förening eller stiftelse"),
        ("916582-1126", "handelsbolag eller kommanditbolag"),
    ],
)
def test_legal_form(number, form):
    assert orgnr.legal_form(number) == form


@pytest.mark.parametrize("junk", [None, "", "😀", "²³²¹⁰⁰-⁰²⁵⁵", "\x00\xff", "12-" * 10])
def test_is_valid_never_raises(junk):
    assert orgnr.is_valid(junk) is False


@pytest.mark.parametrize("written", ["\uff12\uff13\uff12\uff11\uff10\uff10-\uff10\uff12\uff15\uff15"])
def test_normal_form_is_ascii(written):
    try:
        normal = orgnr.validate(written)
    except ValueError:
        return  # rejecting is fine too
    assert normal == "232100-0255"
