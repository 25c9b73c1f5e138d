"""The organisation registry: learning names, keeping legal persons apart, resolving variants."""

import pytest

from extractor.model import Extraction, Party
from extractor.facts.names import name_key
from index.organisations.names import document_entities, index_terms
from index.organisations.registry import Registry
from index.organisations.build import Builder


def party(name, number=None, aliases=()):
    return Party(name, number, 0, len(name), [name, *aliases])


def extraction(*parties, authority=None, decided_by=None):
    return Extraction("0" * 16, None, "", "", parties=list(parties), authority=authority, decided_by=decided_by)


def registry(*extractions, corrections=None) -> Registry:
    builder = Builder(corrections or {"not_aliases": ["föreningen", "kommunen"]}, [])
    for n, x in enumerate(extractions):
        builder.add_document(f"d{n}", x)
    return Registry([o.to_dict() for o in builder.finish()])


RED_CROSS = party("Svenska Röda Korset", "802002-8711", ["Röda Korset", "RKC"])
CHAPTER = party("Röda Korset Göteborgskretsen", "857209-4186", ["Sammanfattning Röda Korset Göteborgskretsen"])


@pytest.fixture
def reg():
    return registry(extraction(RED_CROSS), extraction(CHAPTER), extraction(party("Svenska Röda Korsets behandlingscenter")),
                    extraction(party("Stadsmissionen i Lund", "845002-3174")), extraction(party("Stockholms Stadsmission", "802008-9127")),
                    extraction(party("Malmö stad", "212000-1124"), authority="Malmö stad", decided_by="arbetsmarknads- och socialnämndens"))


@pytest.mark.parametrize("query,number", [
    ("Röda Korset", "802002-8711"), ("röda korsets", "802002-8711"), ("RKC", "802002-8711"),
    ("Röda Kosret", "802002-8711"), ("802002 – 8711", "802002-8711"), ("16802002-8711", "802002-8711"),
    ("Röda Korsets behandlingscenter för krigsskadade", "802002-8711"),
    ("Röda Korset Göteborgskretsen", "857209-4186"), ("Stadsmisionen i Lund", "845002-3174"),
    ("Stockholms Stadsmision", "802008-9127"),
])
def test_variants_resolve_to_one_organisation(reg, query, number):
    assert reg.resolve(query).org_number == number


@pytest.mark.parametrize("query", ["Mammakraft", "barnverksamhet", "föreningen", "Röda Korset Malmökretsen", ""])
def test_words_that_name_no_organisation_resolve_to_none(reg, query):
    found = reg.resolve(query)
    assert found is None or found.org_number != "802002-8711"


@pytest.mark.parametrize("query", ["Boverke", "Unizn", "unizo"])
def test_a_short_name_is_never_taken_for_a_misspelling(query):
    """A name key shorter than eight characters (every abbreviation among them) is not compared
    by spelling: one letter is too large a part of it to tell a slip from another name."""
    reg = registry(extraction(party("Boverket")), extraction(party("Unizon")))
    assert reg.resolve("Boverket") and reg.resolve("Unizon")
    assert reg.resolve(query) is None


def test_a_local_chapter_stays_apart_from_the_national_body(reg):
    national, chapter = reg.resolve("Röda Korset"), reg.resolve("Göteborgskretsen") or reg.resolve("Röda Korset Göteborgskretsen")
    assert national.id != chapter.id
    assert not set(national.terms) & set(chapter.terms)


def test_a_heading_run_into_a_name_is_no_alias(reg):
    chapter = reg.by_number["857209-4186"]
    assert not any(a.startswith("Sammanfattning") for a in chapter.aliases)


def test_an_unnumbered_variant_joins_the_numbered_organisation(reg):
    red_cross = reg.by_number["802002-8711"]
    assert red_cross.documents == 2 and "name:svenska_röda_korsets_behandlingscenter" in red_cross.terms


def test_committees_belong_to_their_municipality(reg):
    assert reg.by_number["212000-1124"].committees == ["Arbetsmarknads- och socialnämnden"]


def test_a_name_two_organisations_share_finds_neither():
    reg = registry(extraction(party("Stadsmissionen i Lund", "845002-3174", ["Mötesplatsen"])),
                   extraction(party("Stockholms Stadsmission", "802008-9127", ["Mötesplatsen"])),
                   corrections={})
    assert reg.resolve("Mötesplatsen") is None


def test_a_correction_wins_over_what_documents_say():
    reg = registry(extraction(party("Sammanfattning Föreningen", "802497-1379")),
                   corrections={"organisations": [{"name": "Föreningen Fritidsbanken Eslöv", "org_number": "802497-1379",
                                                   "aliases": ["Fritidsbanken Eslöv"]}]})
    assert reg.by_number["802497-1379"].name == "Föreningen Fritidsbanken Eslöv"
    assert reg.resolve("Fritidsbanken Eslöv").org_number == "802497-1379"


def test_a_short_name_beside_its_long_form_is_one_entity():
    x = extraction(party("Stadsmissionen i Lund"), party("Stadsmissionen", aliases=["IOP"]), party("Lunds kommun"))
    assert [e.name for e in document_entities(x)] == ["Stadsmissionen i Lund", "Lunds kommun"]


def test_numbered_entities_are_indexed_by_number_only():
    assert index_terms(extraction(RED_CROSS, party("Region Skånes"))) == ["nr:802002-8711", "name:region_skåne"]


@pytest.mark.parametrize("name,key", [("Röda  Korsets", "röda korset"), ("Region Skåne:s", "region skåne"),
                                      ("Sammanfattning Föreningen X", "föreningen x"), ("RKC", "rkc")])
def test_name_keys(name, key):
    assert name_key(name) == key
