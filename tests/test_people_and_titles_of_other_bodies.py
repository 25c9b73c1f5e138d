"""People and titles in the forms of bodies whose documents the rules were not written from:
acting and deputy holders, compound titles in running text, titles and names wrapped across a
line, meeting roles, initials, contacts over an organisation's line, an office in capitals over
its holder's name, and paragraph headings printed after a label."""

from extractor import extract_text
from extractor.facts import people


def found(text):
    return {p.name: p.title for p in people.find(text)}


def test_an_acting_or_deputy_holder_keeps_the_word_before_the_title():
    text = ("Ärendet har beretts av tillförordnad socialchef Anna-Lena Öberg-Nilsson och\n"
            "biträdande förvaltningschef Ola Strand.\n\n"
            "Karin De Geer\nt.f. ekonomidirektör\n\n"
            "Tomas Nilsson                        Elin Jonsson\n"
            "Ställföreträdande socialchef         Socialsekreterare\n")
    assert found(text) == {"Anna-Lena Öberg-Nilsson": "tillförordnad socialchef",
                           "Ola Strand": "biträdande förvaltningschef",
                           "Karin De Geer": "t.f. ekonomidirektör",
                           "Tomas Nilsson": "ställföreträdande socialchef",
                           "Elin Jonsson": "socialsekreterare"}


def test_a_certified_auditor_keeps_the_whole_title_of_the_first_mention():
    text = ("Ida Westberg, certifierad kommunal revisor\n\n"
            "Ida Westberg                          Kristian Öberg\n"
            "Uppdragsledare                        Projektledare\n")
    assert found(text)["Ida Westberg"] == "certifierad kommunal revisor"


def test_a_compound_title_joined_by_och_is_taken_whole_in_running_text():
    text = "Ärendet har beretts av biträdande hälso- och sjukvårdsdirektör Per-Erik Nordström och strateg My Lind.\n"
    assert found(text)["Per-Erik Nordström"] == "biträdande hälso- och sjukvårdsdirektör"


def test_a_fuller_form_of_a_title_replaces_the_shorter():
    text = ("Beredd av sjukvårdsdirektör Per Holm.\n\n"
            "Per Holm\nBiträdande hälso- och sjukvårdsdirektör\n")
    assert found(text) == {"Per Holm": "biträdande hälso- och sjukvårdsdirektör"}


def test_a_title_wrapped_before_its_name_in_a_sentence():
    text = ("Beslutet har fattats av enhetschef Lars Viklund efter föredragning av handläggare\n"
            "Eva Sjöberg.\n\n"
            "Beslut i detta ärende har fattats av riksrevisor Helena Lindberg. Revisionsdirektör\n"
            "Anders Holm har varit föredragande.\n")
    assert found(text) == {"Lars Viklund": "enhetschef", "Eva Sjöberg": "handläggare",
                           "Helena Lindberg": "riksrevisor", "Anders Holm": "revisionsdirektör"}


def test_a_list_s_title_at_a_line_s_end_is_not_the_next_person_s():
    text = ("Övriga deltagare:\nDenis Ek, Nämndsekreterare\n"
            "Staffan Berg, Utredningschef/Stf. Förvaltningschef\nMaja Lund, Controller\n")
    names = found(text)
    assert names["Denis Ek"] == "nämndsekreterare" and names["Maja Lund"] == "controller"
    assert names.get("Staffan Berg") is None


def test_a_member_s_title_at_a_line_s_end_is_not_the_next_member_s():
    text = "Beslutande\nAnna Persson (M), ordförande\nBo Lindh (S), 1:e vice ordförande\nKarin Svensson (C)\n"
    assert found(text) == {"Anna Persson": "ordförande", "Bo Lindh": "1:e vice ordförande", "Karin Svensson": None}


def test_a_name_broken_after_its_first_word():
    text = ("Föreningen har ansökt om bidrag. Kommundirektör Peter Niemi har berett ärendet tillsammans med\n"
            "kultur- och fritidschef Åsa\nHenriksson.\n\n"
            "Yrkande\nMats Taaveniku (S) och Kristina\nZakrisson (S) yrkar bifall till förslaget.\n")
    assert found(text) == {"Peter Niemi": "kommundirektör", "Åsa Henriksson": "kultur- och fritidschef",
                           "Mats Taaveniku": None, "Kristina Zakrisson": None}


def test_a_heading_or_another_column_s_word_above_a_name_is_no_first_name():
    text = ("Yrkanden\n\nLina Hermodsson (S) yrkar bifall.\n\n"
            "Marie Ek Sandahl (S), Ordförande                       Sammanträdesdatum\n"
            "Gustav Wennberg (M), 1:e vice ordförande               2025-02-10\n")
    assert found(text) == {"Lina Hermodsson": None, "Marie Ek Sandahl": "ordförande",
                           "Gustav Wennberg": "1:e vice ordförande"}


def test_a_meeting_role_finds_the_person_but_is_no_title():
    text = ("Justerare              Lenita Ericson\n\n"
            "Ordförande\nHenrik Strand\n\nJusterande\nEva Lindahl\n\nUtdragsbestyrkande\n")
    assert found(text) == {"Lenita Ericson": None, "Henrik Strand": "ordförande", "Eva Lindahl": None}


def test_a_middle_initial_is_part_of_the_name():
    assert found("På Skolverkets vägnar\n\nMaria E. Holm\nEnhetschef\n") == {"Maria E. Holm": "enhetschef"}
    assert found("Ansökan har undertecknats av skolchef Maria E. Holm den 2 maj.\n") == {"Maria E. Holm": "skolchef"}


def test_a_deputy_s_rank_before_a_title_in_a_cell():
    text = "Beslutande             Ordförande      Carina Sammeli (S)\n                       Vice ordförande Lenita Ericson (M)\n"
    assert found(text) == {"Carina Sammeli": "ordförande", "Lenita Ericson": "vice ordförande"}


def test_a_contact_under_the_organisation_s_line_and_its_phone():
    text = ("Kontaktpersoner\n\nJonatan Lilja\nStadsmissionen i Lund\nTel: 046-211 80 40\n\n"
            "Yasmin Karimi\nFöreningen Läxhjälpen i Kungsbacka\n070-412 33 90\n\n"
            "Stiftelsen Skyddsnätet\nStorgatan 4\n090-12 34 56\n")
    assert found(text) == {"Jonatan Lilja": None, "Yasmin Karimi": None}


def test_a_title_names_the_field_its_holder_heads_but_no_phrase_after_a_preposition():
    assert found("Johan Lind\nKommundirektör\n\nEmma Sundin\nDirektör social hållbarhet\n") == {
        "Johan Lind": "kommundirektör", "Emma Sundin": "direktör social hållbarhet"}
    assert found("Anna Berg\nHandläggare på socialkontoret\n").get("Anna Berg") is None


EXTRACT = """NORDMALINGS KOMMUN          SAMMANTRÄDESPROTOKOLL          Sida
                                                           7(21)
Kommunfullmäktige           Sammanträdesdatum
                            2025-06-16

§ 58                                              Dnr 2025/000141

Ärende: Taxa för offentlig kontroll inom miljöbalkens område

Kommunfullmäktiges beslut
Kommunfullmäktige antar taxan att gälla från den 1 januari 2026.
"""


def test_a_paragraph_heading_printed_after_a_subject_label_is_the_title_without_it():
    extraction = extract_text(EXTRACT)
    assert extraction.document_type == "protokollsutdrag"
    assert extraction.title == "Taxa för offentlig kontroll inom miljöbalkens område"


def test_a_case_number_label_with_a_number_of_an_unknown_form_is_no_heading():
    text = ("Piteå kommun\nUtdrag ur protokoll\nKommunstyrelsens arbetsutskott\nSammanträdesdatum 2025-03-03\n\n"
            "KSAU § 41\nDnr 25XQ0112\n\n"
            "Överenskommelse om idéburet offentligt partnerskap med Föreningen Huset i Piteå\n\n"
            "Arbetsutskottets förslag till kommunstyrelsen\nKommunstyrelsen godkänner överenskommelsen.\n")
    assert extract_text(text).title == "Överenskommelse om idéburet offentligt partnerskap med Föreningen Huset i Piteå"


def test_a_protocol_s_own_heading_with_its_meeting_date_is_its_title_and_no_cover_label_is():
    text = ("ÅSELE KOMMUN\nKommunfullmäktige\n\nSAMMANTRÄDESPROTOKOLL\nSammanträdesdatum 2025-04-28\n\n"
            "Protokoll från kommunfullmäktiges sammanträde 2025-04-28\n\n"
            "Plats och tid\nKommunhuset, Åsele, kl. 18.00–20.15\n\n"
            "Beslutande\nLars-Erik Rönnlund (S), ordförande\nYlva Mattsson (C)\n\n"
            "Utses att justera\nYlva Mattsson\n")
    assert extract_text(text).title == "Protokoll från kommunfullmäktiges sammanträde 2025-04-28"


def test_a_name_alone_under_a_signing_label_alone_on_its_line():
    text = "Vid protokollet\nAnna Lind\nJusterat\nMikael Sund\n\nVid protokollet\nSekreterare\nMaja Ek\n"
    assert found(text) == {"Anna Lind": None, "Mikael Sund": None, "Maja Ek": "sekreterare"}


def test_a_contact_over_an_organisations_line_is_no_organisation_of_its_last_name():
    text = ("Kontaktpersoner\n\nSanna Öberg\nVård- och omsorgsförvaltningen, Lunds kommun\nTel: 046-359 50 00\n\n"
            "Jonatan Lilja\nStadsmissionen i Lund\nTel: 046-211 80 40\n")
    e = extract_text(text)
    assert [o.name for o in e.organisations] == ["Lunds kommun", "Stadsmissionen i Lund"]
    assert {p.name: p.title for p in e.people} == {"Sanna Öberg": None, "Jonatan Lilja": None}


def test_a_one_person_office_in_capitals_over_its_holders_name_is_the_holders_title():
    text = ("JUSTITIEOMBUDSMANNEN                                BESLUT\n"
            "Per Lindgren                                        Datum 2024-03-12\n"
            "                                                    Dnr 2417-2023\n\n"
            "Kritik mot nämnden\n\nÄrendet avslutas.\n\nPer Lindgren\n")
    assert found(text) == {"Per Lindgren": "justitieombudsman"}


def test_a_body_in_capitals_over_a_name_is_no_title():
    text = "SOCIALNÄMNDEN                                       PROTOKOLL\nAnna Berg                                           2024-03-12\n"
    assert found(text).get("Anna Berg") is None
