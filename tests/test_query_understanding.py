"""How a query is read: an organisation's name never hides the text, names typed in part or
misspelt, and a registry that knows only its own index and the packaged reference data."""

import json
from pathlib import Path

import pytest

from diarium.cli import main
from index.organisations import registry as orgs
from index.search.query import search
from index.store import Store
from tests.indexes import CORRECTIONS, as_made_before_the_store_kept_the_registry, build_index, write_files

RED_CROSS, LIGHTHOUSE, HOMEWORK = "802002-8711", "802400-1201", "802500-9906"

# Each document's text; an agreement names its party with the number and a short form.
DOCUMENTS = {
    "laxa": "Läxhjälp för barn i årskurs fyra till sex, två kvällar i veckan.",
    "laxb": "Stödet till läxhjälpen i biblioteket förlängs.",
    "rk1": f"Överenskommelse om idéburet offentligt partnerskap med Svenska Röda Korset ({RED_CROSS}).\n"
           "Röda Korset driver mötesplatsen.",
    "rk2": f"Svenska Röda Korset ({RED_CROSS}) får bidrag för språkcafé.",
    "fyr": f"Överenskommelse om stöd till Föreningen Fyrljuset ({LIGHTHOUSE}).\nFyrljuset ordnar stödsamtal.",
    "kors": "Ett kors av trä står vid kyrkan, skriver Röda Korset i ansökan.",
}
# A correction of this index: an organisation named Läxhjälpen that has no document here.
CORRECTIONS_OF_INDEX = {"organisations": [{"name": "Läxhjälpen", "org_number": HOMEWORK, "aliases": []}]}


def make_index(directory: Path, engine: str, corrections: dict = None) -> Path:
    """The documents above imported into ``directory/index``, with ``corrections`` kept in it."""
    own = None
    if corrections:
        own = directory / "own.json"
        directory.mkdir(parents=True, exist_ok=True)
        own.write_text(json.dumps(corrections), "utf-8")
    files = write_files(directory / "files", {f"{name}.txt": text for name, text in DOCUMENTS.items()})
    return build_index(directory / "index", [files], engine=engine, corrections=own)


@pytest.fixture(scope="module")
def index(tmp_path_factory, engine):
    return make_index(tmp_path_factory.mktemp("understanding"), engine, CORRECTIONS_OF_INDEX)


def ids(result) -> set:
    return {Path(h.path).stem for h in result.hits}


def test_a_name_whose_organisation_has_no_documents_is_read_as_text(index):
    assert orgs.load(index).resolve("läxhjälpen").org_number == HOMEWORK  # the name is known ...
    result = search(index, "läxhjälp")
    assert result.understood_as.kind == "text" and ids(result) == {"laxa", "laxb"}  # ... the text still found


def test_an_organisation_reading_offers_the_text_reading(index):
    result = search(index, "Röda Korset")
    assert result.understood_as.kind == "organisation" and ids(result) == {"rk1", "rk2"}
    assert result.understood_as.other_reading.to_dict() == {"kind": "text", "text": "Röda Korset", "total": 3}
    as_text = search(index, "Röda Korset", as_text=True)
    assert as_text.understood_as.kind == "text" and ids(as_text) == {"rk1", "rk2", "kors"}
    assert as_text.understood_as.other_reading.organisation == "Svenska Röda Korset"
    assert as_text.understood_as.other_reading.total == 2


def test_cli_shows_the_other_reading_and_takes_as_text(index, capsys):
    assert main(["search", "Röda Korset", "--index", str(index)]) == 0
    out = capsys.readouterr().out
    assert "organisation: Svenska Röda Korset" in out and "--as-text" in out
    assert main(["search", "Röda Korset", "--as-text", "--json", "--index", str(index)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["understood_as"]["kind"] == "text" and data["total"] == 3


@pytest.mark.parametrize("query,number", [("röda kors", RED_CROSS), ("Röda kor", RED_CROSS), ("Fyrljusset", LIGHTHOUSE),
                                          ("fyrljuset", LIGHTHOUSE)])
def test_a_name_typed_in_part_or_misspelt_finds_the_organisation(index, query, number):
    result = search(index, query)
    assert result.understood_as.org_number == number
    assert result.total >= 1


@pytest.mark.parametrize("query", ["kors", "röda", "fyr", "stöd"])
def test_one_word_or_a_short_start_is_no_name(index, query):
    assert search(index, query).understood_as.kind == "text"


def test_a_registry_knows_its_index_and_the_reference_data_only(tmp_path, engine):
    plain = make_index(tmp_path / "plain", engine)
    registry = orgs.load(plain)
    names = {o.name for o in registry.orgs}
    sample = {o["name"] for o in json.loads(CORRECTIONS.read_text("utf-8"))["organisations"]}
    assert {"Svenska Röda Korset", "Föreningen Fyrljuset"} <= names
    assert not (sample - {"Svenska Röda Korset"}) & names  # the sample corpus's organisations are not there
    assert registry.resolve("Läxhjälpen") is None and registry.resolve("Uppsala kommun") is not None  # reference data
    assert registry.resolve("kommunen") is None
    assert not (plain / "corrections.json").exists()


def test_corrections_live_with_the_index_and_bad_ones_are_one_line(tmp_path, capsys):
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"organisations": [{"name": "X", "org_number": "123456-7890"}]}), "utf-8")
    (tmp_path / "docs").mkdir()
    assert main(["import", str(tmp_path / "docs"), "--corrections", str(bad), "--index", str(tmp_path / "ix")]) == 1
    err = capsys.readouterr().err
    assert "bad.json" in err and "organisation number" in err and len(err.strip().splitlines()) == 1
    good = tmp_path / "good.json"
    good.write_text(json.dumps(CORRECTIONS_OF_INDEX), "utf-8")
    assert main(["import", str(tmp_path / "docs"), "--corrections", str(good), "--index", str(tmp_path / "ix")]) == 0
    with Store(tmp_path / "ix") as store:
        assert orgs.corrections(store) == CORRECTIONS_OF_INDEX  # kept in the index's store
    assert not any((tmp_path / "ix" / name).exists() for name in orgs.LEGACY_FILES.values())
    assert orgs.load(tmp_path / "ix").resolve("Läxhjälpen").org_number == HOMEWORK


def test_an_index_made_with_registry_files_moves_them_into_its_store(tmp_path, engine):
    index_dir = make_index(tmp_path / "old", engine, CORRECTIONS_OF_INDEX)
    kept = as_made_before_the_store_kept_the_registry(index_dir)
    orgs._cache.clear()
    assert search(index_dir, "Röda Korset").understood_as.org_number == RED_CROSS  # read, and moved
    assert not any((index_dir / name).exists() for name in orgs.LEGACY_FILES.values())
    assert orgs.stored(index_dir) == kept
    with Store(index_dir) as store:
        assert orgs.corrections(store) == CORRECTIONS_OF_INDEX
    assert orgs.load(index_dir).resolve("Läxhjälpen").org_number == HOMEWORK  # the corrections still apply
    assert main(["reindex", "--json", "--index", str(index_dir)]) == 0
    assert orgs.stored(index_dir) == kept
