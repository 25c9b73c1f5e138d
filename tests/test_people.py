"""People and their titles in the layouts protocols and agreements use: members with their
party, titles before names inside a line, signatures side by side and signing blocks."""

from extractor.facts import people

COVER = """MORA KOMMUN                                  SAMMANTRÄDESPROTOKOLL
Barn- och utbildningsnämnden                 2025-05-20

Beslutande      Lars Ekström (C), ordförande
                Annika Wik (S), 1:e vice ordförande
                Göran Sand (M)
                Ulla-Britt Hed (V)

Övriga          Förvaltningschef Stina Rask
närvarande      Nämndsekreterare Olof Berg

§ 31    Dnr BUN 2025/44
Ordföranden Lars Ekström öppnar sammanträdet.

Vid protokollet
Sekreterare
Olof Berg

Ordförande
Lars Ekström

Justerande
Göran Sand
"""


def found(text):
    return {p.name: p.title for p in people.find(text)}


def test_members_with_their_party_and_title():
    names = found(COVER)
    assert names["Lars Ekström"] == "ordförande"
    assert names["Annika Wik"] == "1:e vice ordförande"
    assert names["Göran Sand"] is None and names["Ulla-Britt Hed"] is None


def test_a_title_before_a_name_inside_a_line_or_a_cell():
    names = found(COVER)
    assert names["Stina Rask"] == "förvaltningschef"
    assert names["Olof Berg"] == "nämndsekreterare"


def test_no_inflected_title_or_cover_label_becomes_part_of_a_name():
    names = found(COVER)
    assert not any(n.startswith(("Ordföranden", "Beslutande", "Övriga")) for n in names), names


def test_signatures_side_by_side_take_the_title_under_each_name():
    text = ("För Mora kommun                       För Föreningen Lugnet\n\n"
            "Kerstin Ahl                           Per Holm\n"
            "Kommundirektör                        Ordförande\n")
    assert found(text) == {"Kerstin Ahl": "kommundirektör", "Per Holm": "ordförande"}


def test_a_signing_block_gives_the_role_above_the_name_not_the_next_block_s():
    text = "Vid protokollet\nSekreterare\nMaja Lund\n\nOrdförande\nErik Sjö\n"
    assert found(text) == {"Maja Lund": "sekreterare", "Erik Sjö": "ordförande"}


def test_a_contact_label_names_the_person_without_a_title():
    text = "Mora kommun\nBildningsförvaltningen\n\nHandläggare\nJohan Strid\n\nDatum\n2025-04-02\n"
    assert found(text) == {"Johan Strid": None}


def test_a_later_mention_gives_the_title_an_earlier_one_lacks():
    text = ("Rapport\n\nKontaktperson: Sara Björk\n\nSara Björk                      Nils Ek\n"
            "Uppdragsledare                  Projektledare\n")
    assert found(text)["Nils Ek"] == "projektledare"
    assert found(text)["Sara Björk"] == "uppdragsledare"


def test_a_title_is_a_common_noun_but_an_acronym_stays():
    assert found("Hans Ek\nRäddningschef\n") == {"Hans Ek": "räddningschef"}
    assert found("Eva Ny\nIT-chef\n") == {"Eva Ny": "IT-chef"}
