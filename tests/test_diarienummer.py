"""extractor.identifiers.diarienummer: find / validate / is_valid / format / compact on every form of DOMAIN.md."""

import os

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from extractor import vocab
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
        ["KS 2023/123", "ks 2023/123", "KS 2023 / 123", "KS2023/123", "KS 2023/0123", "KS-2023-123"],
        ["Ks 1234/2023", "KS 1234/2023", "ks 1234 / 2023"],
        ["BN-2024-00013", "bn 2024-00013", "BN 2024/13"],
        ["ks 2012:628", "KS/2012:628", "KS-2012-628", "KS/2012:628-805", "Dnr KS/2012:628"],  # -805 a classification
        ["KF/2006.366", "DNR:KF/2006.366", "kf 2006.366", "KF 2006/366"],
        ["2018/KS 0001 001", "2018/KS 0001", "2018 / ks 0001 001"],  # Tyresö: the trailing group a classification
        ["SRV-0226/18", "SRV 226/2018"],  # a short year is the year it stands for
        ["S2024/01873", "s2024/01873", "S2024/1873"],
        ["Fi2023/01234", "FI2023/01234"],
        ["3.4.2-1186/2024", "3.4.2-1186-2024", "Dnr 3.4.2-01186/2024"],
        ["Dnr 0098/22", "Dnr 98/2022", "Dnr 0098 / 2022"],
        ["Dnr 2012-6356", "Ärende nr 2012:6356", "Dnr 2012/6356"],
        ["SLK-2024-00008:15", "SLK-2024-00008"],  # :15 the document's serial within the case
    ],
)
def test_compact_is_one_key_across_spellings(spellings):
    keys = {diarienummer.compact(s) for s in spellings}
    assert len(keys) == 1, keys


@pytest.mark.parametrize(
    "number, key",
    [("ASN-2019-9502", "ASN.2019.9502"), ("KS 1234/2023", "KS.1234.2023"), ("2020-000123", "2020.123"),
     ("åsn-2020-1", "ÅSN.2020.1"), ("SRV-0226/68", "SRV.226.1968"), ("3.1-4788-2026", "3.1.4788.2026"),
     ("KN2026/00741", "KN.2026.741"), ("2023/KS 0362", "2023.KS.362")],
)
def test_compact_is_prefix_year_and_serial_in_the_printed_order(number, key):
    assert diarienummer.compact(number) == key


@pytest.mark.parametrize(
    "one, other",
    [("KS 2023/123", "KS 2023/1234"), ("KS 2023/123", "KS 2024/123"), ("KS 2023/123", "KSN 2023/123"),
     ("S2024/01873", "KN2024/01873"), ("3.4.2-1186/2024", "3.4.1-1186/2024"), ("Dnr 2020-000123", "KS 2020/123"),
     ("SRV-0226/18", "SRV-0226/19"), ("2018/KS 0001 001", "2018/KS 0010 001"), ("Dnr 0098/22", "Dnr 0098/23"),
     ("KF/2006.366", "KF/2006.36"),
     # the order is the register's layout: Eslöv's KS 412/2023 and Ljusdal's KS 2023/412 are two cases
     ("KS 412/2023", "KS 2023/412"), ("2018/KS 0001 001", "KS 2018/1"), ("Dnr 6356-2012", "Dnr 2012-6356")],
)
def test_compact_keeps_different_numbers_apart(one, other):
    assert diarienummer.compact(one) != diarienummer.compact(other)


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


# -- one key per number, none shared (hypothesis) ---------------------------------------------
# The layouts of DOMAIN.md and of the municipalities' and state bodies' registers, each drawn
# for one (prefix, year, serial). The examples are the same on every run; DIARIUM_EXPLORE=1
# draws new ones.

_NOT_PREFIXES = {w.upper() for w in vocab.load("case_numbers")["not_prefixes"]}
_NOT_ENDINGS = tuple(vocab.load("case_numbers")["not_prefix_endings"])
_LABELS = {w.upper() for c in vocab.words("case_numbers", "cues_before_bare_numbers") for w in c.split()}
SETTINGS = settings(max_examples=150, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow],
                    derandomize=os.environ.get("DIARIUM_EXPLORE") != "1")
PREFIXES = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ", min_size=2, max_size=6).filter(
    lambda p: p not in _NOT_PREFIXES and p not in _LABELS and not p.endswith(_NOT_ENDINGS))
YEARS = st.integers(1950, 2049)  # a short year stands for one of these
SERIALS = st.integers(1, 99_999)
CLASSES = st.from_regex(r"\A[1-9](?:\.[1-9]){1,2}\Z")


def _looks_like_a_year(serial: int) -> bool:
    """A serial that could be a year (``KS 2020/2019``): the text does not tell which comes
    first, so the serial-first layouts are left out for it."""
    return 1950 <= serial <= 2099


def _prefix_year_serial(p: str, y: int, s: int, cls: int) -> list[str]:
    """Prefix, year, serial: dashed, slashed, colon, dotted, after a label, a classification
    code after the serial, Regeringskansliet's department letters glued to the year."""
    forms = [f"{p}-{y}-{s}", f"{p} {y}/{s}", f"{p.capitalize()} {y}/{s:05d}", f"{p}/{y}:{s}", f"{p} {y}:{s}",
             f"{p}/{y}:{s}-{cls}", f"{p}/{y}.{s}", f"{p} {y}.{s:04d}", f"Dnr {p}-{y}-{s}", f"DNR:{p}/{y}.{s}"]
    if len(p) <= 3 and p.isascii() and s >= 100:  # department letters are ASCII (S, Fi, KN, UD)
        forms.append(f"{p}{y}/{s:05d}")
    return forms


def _prefix_serial_year(p: str, y: int, s: int, cls: int) -> list[str]:
    """Prefix, serial, year, the year in full or short."""
    forms = [f"{p} {s}/{y}", f"{p.lower()} {s:04d} / {y}", f"{p}/{s}/{y}"]
    return forms + ([f"{p}-{s:04d}/{y % 100:02d}"] if 100 <= s <= 999_999 else [])


def _year_prefix_serial(p: str, y: int, s: int, cls: int) -> list[str]:
    """Year first (Tyresö), a classification group after the serial."""
    return [f"{y}/{p} {s:04d}", f"{y}/{p} {s:04d} {cls:03d}", f"{y} / {p.lower()} {s:04d}"]


def _bare(y: int, s: int) -> list[str]:
    """A number without a prefix, after a label, year first (``2020/12`` reads as serial 2020 of
    2012, so the slashed layout only with serials of three digits or more)."""
    return [f"Dnr {y}-{s:06d}", f"Ärende nr {y}:{s}"] + ([f"Dnr {y}/{s}"] if s >= 100 else [])


def _bare_serial_first(y: int, s: int) -> list[str]:
    """A number without a prefix, after a label, serial first (JO's ``6356-2012``, ``0098/22``)."""
    return [f"Dnr {s}/{y}", f"Diarienummer {s}-{y}"] + ([f"Dnr {s:04d}/{y % 100:02d}"] if s < 10_000 else [])


def _planned(c: str, y: int, s: int) -> list[str]:
    """A classification-plan number: the class is part of the number."""
    return [f"{c}-{s}/{y}", f"Dnr {c}-{s}-{y}", f"{c}-{s:05d}/{y}"]


PREFIXED = [_prefix_year_serial, _prefix_serial_year, _year_prefix_serial]


@SETTINGS
@given(p=PREFIXES, y=YEARS, s=SERIALS, cls=st.integers(100, 999))
def test_every_spelling_of_one_number_gives_one_key(p, y, s, cls):
    families = [_prefix_year_serial(p, y, s, cls), _year_prefix_serial(p, y, s, cls), _bare(y, s),
                _planned("3.4.2", y, s)]
    if not _looks_like_a_year(s):
        families += [_prefix_serial_year(p, y, s, cls), _bare_serial_first(y, s)]
    for family in families:
        assert all(diarienummer.is_valid(f) for f in family), [f for f in family if not diarienummer.is_valid(f)]
        assert len({diarienummer.compact(f) for f in family}) == 1, {f: diarienummer.compact(f) for f in family}


@st.composite
def numbers(draw):
    """(what identifies the number: its layout and parts, one way of writing it)."""
    kind = draw(st.sampled_from(["prefixed", "bare", "bare serial first", "planned"]))
    y, s = draw(YEARS), draw(SERIALS)
    if kind == "prefixed":
        p, layout = draw(PREFIXES), draw(st.sampled_from(PREFIXED))
        assume(layout is not _prefix_serial_year or not _looks_like_a_year(s))
        return (layout.__name__, p, y, s), draw(st.sampled_from(layout(p, y, s, draw(st.integers(100, 999)))))
    if kind == "bare":
        return (kind, y, s), draw(st.sampled_from(_bare(y, s)))
    if kind == "bare serial first":
        assume(not _looks_like_a_year(s))
        return (kind, y, s), draw(st.sampled_from(_bare_serial_first(y, s)))
    c = draw(CLASSES)
    return (c, y, s), draw(st.sampled_from(_planned(c, y, s)))


@SETTINGS
@given(one=numbers(), other=numbers())
def test_different_numbers_never_share_a_key(one, other):
    (a, written_a), (b, written_b) = one, other
    assert (diarienummer.compact(written_a) == diarienummer.compact(written_b)) == (a == b), (written_a, written_b)


@SETTINGS
@given(p=PREFIXES, y=YEARS, s=SERIALS, near=st.sampled_from(["year", "serial", "prefix"]))
def test_numbers_one_part_apart_never_share_a_key(p, y, s, near):
    y2, s2, p2 = (y + 1, s, p) if near == "year" else (y, s + 1, p) if near == "serial" else (y, s, p + "N")
    assume(p2 not in _NOT_PREFIXES and not p2.endswith(_NOT_ENDINGS))
    keys = {diarienummer.compact(f) for f in _prefix_year_serial(p, y, s, 805)}
    assert not keys & {diarienummer.compact(f) for f in _prefix_year_serial(p2, y2, s2, 805)}


def _starts_within(items, allowed: str) -> bool:
    """True when every match of the parsed pattern ``items`` starts with a character of ``allowed``."""
    from re import _constants as c  # the opcodes of the standard library's parsed patterns

    op, av = list(items)[0]
    if op is c.SUBPATTERN:
        return _starts_within(av[3], allowed)
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        return av[0] >= 1 and _starts_within(av[2], allowed)
    if op is c.BRANCH:
        return all(_starts_within(alternative, allowed) for alternative in av[1])
    if op is c.LITERAL:
        return chr(av) in allowed
    if op is c.IN:
        return all((kind is c.LITERAL and chr(v) in allowed)
                   or (kind is c.RANGE and all(chr(x) in allowed for x in range(v[0], v[1] + 1)))
                   or (kind is c.CATEGORY and v is c.CATEGORY_DIGIT and "0" in allowed)
                   for kind, v in av)
    return False


def test_every_form_starts_as_its_lookahead_says():
    """``forms`` put a lookahead for a capital or a digit before each form; a form in the data
    that could start otherwise would lose its matches silently."""
    from re import _parser

    allowed = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZÅÄÖ"
    assert diarienummer.FIRST == r"(?=[\dA-ZÅÄÖ])"
    for form in diarienummer.forms():
        raw = form.pattern.pattern[len(diarienummer.FIRST) + len(diarienummer._BEFORE):]
        assert _starts_within(_parser.parse(raw), allowed), form.name
    assert not _starts_within(_parser.parse(r"(?P<pfx>[a-z]+)\d"), allowed)
    assert not _starts_within(_parser.parse(r"(?:KS)?\d"), allowed)
