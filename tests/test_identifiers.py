"""One contract for every identifier module (case numbers, organisation numbers, personal
identity numbers): ``find``, ``compact``, ``validate``, ``is_valid`` and ``format``, in the
manner of python-stdnum's modules, checked the same way over all of them."""

import pytest

from extractor.identifiers import diarienummer, orgnr, personnummer

# Each module with numbers written as people write them; the first is its normal form, the
# last is found in running text (a lower-cased prefix counts only when validated alone).
WRITTEN = {
    # separators kept as the register prints them, whitespace collapsed
    diarienummer: [("ASN-2019-19171", "ASN - 2019-19171"), ("RS 2024-03155", "RS  2024-03155", "RS 2024-03155"),
                   ("KS 2023/123", "ks 2023/123", "KS  2023/123"), ("KF/2006.366", "KF/2006.366")],
    orgnr: [("556016-0680", "5560160680", "16556016-0680", "556016 - 0680"), ("802437-1232", "802437–1232")],
    personnummer: [("850412-1230", "19850412-1230", "850412 1230", "８５０４１２－１２３０"),
                   ("811278-9873", "811278\u22129873")],
}
JUNK = [None, "", "abc", 12, "2024-13-45", "SFS 2001:453", "§ 57", "0000000000", "99999999999999999999", "\x00\ufeff"]


CASES = [(module, spellings) for module, groups in WRITTEN.items() for spellings in groups]
IDS = [f"{module.__name__.rsplit('.', 1)[1]}-{spellings[0]}" for module, spellings in CASES]


@pytest.mark.parametrize("module", list(WRITTEN), ids=lambda m: m.__name__.rsplit(".", 1)[1])
def test_every_identifier_module_offers_the_whole_contract(module):
    for name in ("find", "compact", "validate", "is_valid", "format"):
        assert callable(getattr(module, name)), name


@pytest.mark.parametrize("module, spellings", CASES, ids=IDS)
def test_every_spelling_validates_to_one_normal_form(module, spellings):
    normal = spellings[0]
    for written in spellings:
        assert module.is_valid(written), written
        assert module.validate(written) == module.format(written) == normal
        assert module.compact(written) == module.compact(normal)
    assert module.validate(module.format(normal)) == normal  # the normal form is a fixed point


@pytest.mark.parametrize("module, spellings", CASES, ids=IDS)
def test_find_gives_the_span_of_each_number_in_running_text(module, spellings):
    written = spellings[-1]
    text = f"Enligt ärende dnr {written} ska beslutet gälla.\n" if module is diarienummer else f"Nummer {written} gäller.\n"
    found, = module.find(text)
    assert found.number == module.validate(text[found.start:found.end]) == spellings[0]


@pytest.mark.parametrize("module", list(WRITTEN), ids=lambda m: m.__name__.rsplit(".", 1)[1])
@pytest.mark.parametrize("junk", JUNK, ids=repr)
def test_junk_is_never_valid_and_never_crashes(module, junk):
    assert module.is_valid(junk) is False
    with pytest.raises(ValueError):
        module.validate(junk)


def test_the_three_kinds_do_not_take_each_other_s_numbers():
    assert not orgnr.is_valid("850412-1230") and not personnummer.is_valid("556016-0680")
    assert not diarienummer.is_valid("556016-0680") and not diarienummer.is_valid("850412-1230")
