"""The pattern helpers of ``extractor.vocab`` match exactly what the patterns they stand for match.

``factored`` rewrites an alternation with shared leading letters written once, and ``word_ending``
is a lookahead put before patterns whose first word must end in given letters: both exist for
speed only, so every match (where it starts, where it ends, which groups) must stay the same.
"""

import re

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from extractor import vocab
from extractor.facts import meetings, organisations

LETTERS = "abkKsSåÅ -."
words = st.text(alphabet=LETTERS, min_size=1, max_size=6)


def matches(pattern: re.Pattern, text: str) -> list:
    return [(m.span(), m.groups()) for m in pattern.finditer(text)]


def test_factored_shares_leading_letters():
    assert vocab.factored(["kommunstyrelsen", "kommunfullmäktige", "kommun"]) == "kommun(?:styrelsen|fullmäktige|)"
    # an alternative that is no literal keeps the ones after it from joining the ones before it
    assert vocab.factored(["ab", "a[xy]", "ac"]) == "a(?:b|[xy]|c)"
    assert vocab.factored(["ab", "[a-z]x", "ac"]) == "ab|[a-z]x|ac"
    assert vocab.factored(["ab", "a", "ac"]) == "a(?:b||c)"
    assert vocab.factored(["Ab", "ac"]) == "Ab|ac"
    assert vocab.factored(["Ab", "ac"], ignorecase=True) == "A(?:b|c)"
    assert vocab.factored(["a(b)", "ac"]) == "a(b)|ac"  # groups keep their numbers


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(words, min_size=1, max_size=12), st.text(alphabet=LETTERS + "x\n", max_size=80),
       st.sampled_from(["", "(?i)"]), st.sampled_from(["", "x", r"\b", "(?!k)", "s?"]))
def test_factored_matches_what_the_alternation_matches(items, text, flags, after):
    alternatives = [re.escape(w).replace(r"\ ", r"\s+") for w in items]
    plain = re.compile(f"{flags}(?:{'|'.join(alternatives)}){after}")
    factored = re.compile(f"{flags}(?:{vocab.factored(alternatives, ignorecase=bool(flags))}){after}")
    assert matches(factored, text) == matches(plain, text)


# Text made of the pieces committee names and decision references are made of
pieces = st.sampled_from(["Social", "nämnd", "en", "s", "styrelse", "n", "fullmäktige", "utskott", "et", "den",
                          "Kultur", "-", ",", " ", "\n", "och", "samt", " protokoll", "2023-05-04", " § 12", "kommun",
                          "Å", "ä", "Ö", "x", "1", "beslutade", "12 maj 2023", "NÄMNDEN", "Kallelse till ",
                          "s sammanträde ", "ſ", "é"])


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(pieces, max_size=30).map("".join))
@example("Socialnämndenden 12 maj 2023 § 4")  # "den" written onto the body's name
@example("Kallelſe till ſocialnämnd den 2023-05-04")  # ſ is s to a pattern ignoring case
@example("Socialnämnden, 2023-05-04 § 12 och kultur-, fritids- samt utbildningsnämndens protokoll 2023-05-04")
def test_committee_and_body_patterns_keep_their_matches(text):
    lookahead = re.compile(r"\(\?=\[A-ZÅÄÖa-zåäö\]\+\+\(\?:[^()]*(?:\([^()]*\)[^()]*)*\)\)")
    for pattern in (organisations._COMMITTEE, meetings._DECISION, meetings._decision_with_paragraph()):
        without = re.compile(lookahead.sub("", pattern.pattern, count=1), pattern.flags)
        assert without.pattern != pattern.pattern
        assert matches(pattern, text) == matches(without, text)
        # tried only where a body's name starts, they find what a scan of every position finds
        found = meetings._committee_matches(pattern, text)
        assert [(m.span(), m.groups()) for m in found] == matches(without, text)
    assert [(m.span(), m.groups()) for m in meetings._named_meetings(text)] == matches(meetings._named_meeting(), text)


numbers = st.sampled_from(["KS", "Ks", "LiU", "NV", "S", "KN", "SOC", "KFN", "2023", "2006", "24", "00412", "366",
                           "3.4.2", "1", " ", "  ", "\n", "-", "/", ":", ".", " - ", "Dnr", "§ 5", "x", "Å"])


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(numbers, max_size=12).map("".join))
@example("ASN-2019-19171 SLK-2024-00008:15 KS 2023/123 Ks 1234/2023 KFN/2012:20 KS/2012:628-805 KF/2006.366 "
         "2023/KS 0362 S2024/01873 KN2026/00741 3.4.2-1186/2024 NV-04417-24 SRV-0226/18 LiU-2024-01873")
def test_case_number_forms_start_with_a_digit_or_a_prefix_before_one(text):
    """``diarienummer._any_form`` tries the forms only where a digit follows a short prefix: true of
    every form of the data file that needs no cue."""
    from extractor.identifiers import diarienummer

    near = re.compile(diarienummer._DIGIT_NEAR)
    for form in diarienummer.forms():
        if not form.needs_cue:
            for at in range(len(text)):
                if form.pattern.match(text, at):
                    assert near.match(text, at), (form.name, text[at:])
    # and the one scan for them finds each place where a form matches
    starts = [at for at in range(len(text)) if any(f.pattern.match(text, at) for f in diarienummer.forms()
                                                   if not f.needs_cue)]
    assert [m.start() for m in diarienummer._any_form().finditer(text)] == starts


years = st.sampled_from(["2023", "1999", "2024", "19", "20", "x2023", "-", "–", " ", ",", " och ", " samt ", " till ",
                         " års ", "bidrag", "verksamhetsbidrag", "\n", "år", "Beslut", "beslutet", " den ", "1", "5"])


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(years, max_size=14).map("".join))
def test_year_and_decision_patterns_test_the_word_start_after_the_first_characters(text):
    from extractor.facts import period

    for pattern in (period._YEAR_RANGE, period._YEAR_LIST, period._owned_year_pattern()):
        before = pattern.pattern.replace(period._WORD_YEAR, r"(?<![\w-])(?:19|20)\d\d")
        assert matches(pattern, text) == matches(re.compile(before, pattern.flags), text)
    nouns = meetings._beslut_den()
    before = re.sub(r"(\[\w\w\])\(\?<!\[\\wåäö\]\.\)", r"(?<![\\wåäö])\1", nouns.pattern)
    assert before != nouns.pattern
    assert matches(nouns, text) == matches(re.compile(before), text)


lines = st.sampled_from(["Anna Persson", "Erik von Berg", "Kommunchef", "kommunchef", "Avdelningschef", " ", "\t", "\n",
                         ",", ":", "anna@kommun.se", "Tel 010", "Socialförvaltningen", "Ekonomi- och personalchef",
                         "Kontaktperson", "Verksamhetschef är ", "x", "1", "  ", "İ", "ſ", "Socialnämndens ordförande",
                         "Vice ordförande", "KOMMUNCHEF", "råd"])


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(lines, max_size=16).map("".join))
@example("Anna Persson\nKommunchef\n\nKommunchef:\nErik von Berg\n\nKontaktperson: Eva Ek\nEva Ek\nTel 010")
def test_line_layouts_of_people_keep_their_matches(text):
    """People's line layouts, tried at the line starts a name or a title stands at (and
    ``vocab.finditer`` at line breaks), find what a scan of every position finds; the lines holding
    a title word are the lines ``title_line`` finds, and others."""
    from extractor.facts import people

    patterns = people._patterns()
    starts = people._lead_starts(text)
    assert set(starts) == set(people._LEADS.values())
    lead_lines = [0] + [m.end() for m in patterns["title_line"].finditer(text)]
    assert set(lead_lines) <= set(starts["title_line"])
    for kind, pattern in patterns.items():
        if kind in people._LEADS:
            assert [(m.span(), m.groups()) for m in vocab.scan(pattern, text, starts[people._LEADS[kind]])] == \
                matches(pattern, text)
        if kind not in people._SHAPES:
            assert [(m.span(), m.groups()) for m in vocab.finditer(pattern, text)] == matches(pattern, text)
        # a name's words taken possessively: the matches of the plain runs of letters
        plain = re.compile(pattern.pattern.replace(people._WORD, people._WORD.replace("++", "+")), pattern.flags)
        assert plain.pattern != pattern.pattern or people._WORD not in pattern.pattern
        assert matches(pattern, text) == matches(plain, text)


cues = st.sampled_from(["Från", "från och med ", "fr.o.m. ", "FR O M", "from ", "med start ", "läsåret ", "Läsår ", "2024",
                        "/25", "-", "–", " till ", "januari", "Augusti", " ", "\n", "perioden ", "Anslaget sätts upp ",
                        "2008-03-14", " anslaget tas ned ", "Datum för anslags uppsättande ", "bokslut år ", "ſ",
                        "verksamhetsåret ", "budget för ", "x", "2025"])


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(cues, max_size=16).map("".join))
@example("Från och med år 2025 till 2027, läsåret 2024/25, perioden januari–augusti 2024")
@example("Anslaget sätts upp 2008-03-14 Anslaget tas ned 2008-04-07")
def test_period_cue_patterns_tried_at_their_words_keep_their_matches(text):
    """The period patterns that start with a cue, tried only where a cue's first word stands
    (``vocab.finditer_at``), find what a scan of every position finds."""
    from extractor.facts import period

    data = period._data()
    cases = [(period._YEARS_FROM_TO, ["från"]), (period._month_range_patterns()[0], period._month_names().split("|"))]
    cases += [(p, [up]) for (up, _), p in zip(data["posting_labels"], period._posting_patterns())]
    cases += [(period._cued(key, rf"\s+(?:år\s+)?(?P<y>{period._YEAR})"), data[key])
              for key in ("school_year_cues", "open_start_cues", "single_year_cues")]
    for pattern, phrases in cases:
        assert [(m.span(), m.groups()) for m in vocab.finditer_at(pattern, text, phrases)] == matches(pattern, text)


digits = st.sampled_from(["19", "20", "16", "5", "55", "811218", "9876", "1234", "-", "–", "+", " ", "\n", "/", ".",
                          "Org.nr ", "organisationsnummer: ", "ORG NR", "x", "٣"])


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(digits, max_size=14).map("".join))
@example("19811218-9876 16556677-8899 org.nr 5566778899 811218 9876")
def test_identifiers_tried_at_runs_of_digits_keep_their_matches(text):
    """Personnummer and organisation numbers, tried only where six digits start (or after
    ``org``), find what a scan of every position finds."""
    from extractor.identifiers import orgnr, personnummer

    for pattern in (personnummer._CANDIDATE, orgnr._CANDIDATE):
        assert [(m.span(), m.groups()) for m in vocab.scan(pattern, text, vocab.six_digit_runs(text))] == \
            matches(pattern, text)
    assert [(m.span(), m.groups()) for m in vocab.finditer_at(orgnr._UNDELIMITED, text, ["org"])] == \
        matches(orgnr._UNDELIMITED, text)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["Dnr", "DNR:", "dnr.", "Diarienummer", "Vår beteckning", "ärende nr", "Ärende:", "KS",
                                 "§ 57", "$ 12", "KS § 3 a", " ", "\n", "  ", "2023/123", "0098/22", "x", "ſ", ":"]),
                max_size=14).map("".join))
@example("§ 20 0098/22\nDnr 2020-000123\nVår beteckning: KS 2023/123")
def test_case_number_cues_tried_at_their_words_keep_their_matches(text):
    """Case-number labels and paragraph heads, tried only where a label's first word or a head
    can stand, are found as a scan of every position finds them."""
    from extractor.identifiers import diarienummer

    short, diarienummer._SHORT = diarienummer._SHORT, 0  # as a long text is searched, here on any text
    try:
        assert [(m.span(), m.groups()) for m in diarienummer._cue_matches(text)] == \
            matches(diarienummer._cue_pattern(), text)
    finally:
        diarienummer._SHORT = short


names = st.sampled_from(["Göteborg & Co AB", "Svenska", " Röda Korset", "Region Jönköpings län", "Torsås ", "hembygds",
                         "förening", "FÖRENINGEN", "Kvinnojouren Freja i Växjö", "Lunds kommun", "Stiftelsen ",
                         "Kretsen", " och ", "kvinno- ", "tjejjour", "Malmö stad", "GS Buss", " AB", " ", "\n", ",",
                         "x", "1", "Förbundet", "ſ", "Stadsmission", "é", "&", ".", "-", "Ab"])


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(names, max_size=16).map("".join))
@example("Avtal med Göteborg & Co AB och Svenska Röda Korset, Region Jönköpings län, Torsås hembygdsförening")
def test_short_forms_of_names_found_where_their_first_word_stands_keep_their_matches(text):
    """The short forms of names (``find_words``), ignoring case tried only where their first
    word stands, are found as a scan of every position finds them."""
    for name in ("Röda Korset", "Kretsen", "Göteborg & Co"):
        for flags in (0, re.I):
            assert [(m.span(), m.groups()) for m in organisations.find_words(name, text, flags)] == \
                matches(organisations.words_pattern(name, flags), text)


written = st.sampled_from(["2024-05-29", "1 januari 2025", "den första januari 2023", "den ", "1", "31", ":a", "e",
                           " januari", " Jan", " maj", "MARS", " år 2021", " ", "\n", "-", "x", "12", "sista ",
                           "tjugoförsta", "ſ", "kl:1 ", "år", "2023", "."])


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(written, max_size=16).map("".join))
@example("beslutade 2010-06-29 och den första januari 2023, kl:1 maj 2020, x1 juni 2020, den 1:a mars")
def test_dates_of_a_long_text_tried_at_their_starts_keep_their_matches(text):
    """Dates, tried only at ISO dates and at the word before a month's name, are those a scan of
    every position finds (the way a long text is searched, here on any text)."""
    from extractor.facts import dates

    long, dates._LONG = dates._LONG, 0
    try:
        assert [(m.span(), m.groups()) for m in dates._matches(text)] == matches(dates._pattern(), text)
    finally:
        dates._LONG = long


others = st.sampled_from(["Verksamhetschef", " är ", "är", "Anna Persson", "-", "\t", "\n", "x", "kr", " 95 000", "SEK",
                          "Kr.", " 2 000 kr", "kommunen", "Kommunens", "föreningen", "-föreningen", " ", "1.250.000",
                          "ſ", "1. Parter", "Bakgrund", "Beslut:", "  ", "2.1 Bakgrund"])


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(others, max_size=16).map("".join))
@example("Verksamhetschef är Anna Persson\n1. Parter\nkr 95 000 och 2 000 kr; kommunen och föreningen")
def test_other_patterns_tried_at_their_words_keep_their_matches(text):
    """``title_is`` before `` är ``, the unit-first amounts at ``kr``/``sek``, the short words for
    parties, and the section headings (tried on lines starting as a heading can) are found as a
    scan of every position or line finds them."""
    from extractor.facts import amount, funding, people
    from extractor.facts.sections import _LINE, _NUMBER, Sections

    title_is = people._patterns()["title_is"]
    assert [(m.span(), m.groups()) for m in vocab.scan(title_is, text, people._words_before_is(text))] == \
        matches(title_is, text)
    assert [(m.span(), m.groups()) for m in vocab.finditer_at(amount._LEADING_UNIT, text, ["kr", "sek"])] == \
        matches(amount._LEADING_UNIT, text)
    generic = funding._generic_pattern()
    assert [(m.span(), m.groups()) for m in vocab.finditer_at(generic, text, funding.funding_data()["generic"])] == \
        matches(generic, text)
    headings = set(vocab.words("documents", "headings"))
    every_line = [m.start() for m in _LINE.finditer(text)
                  if " ".join(_NUMBER.sub("", m.group().strip()).rstrip(":").split()).lower() in headings]
    assert [s.start for s in Sections(text).all] == every_line


members = st.sampled_from(["Anna Persson", "Erik von Berg", "Eva", " (M)", "(S)", "( kd )", "(x)", ", ", "1:e vice ordförande",
                           "Kommunchef", "Socialchefen", "socialchefen", "Ordföranden", "Kommunalrådet", "enhetschef",
                           "Justerare", "Beslutande", " ", "  ", "\t", "\n", "\n\n", " \n ", "\xa0", "x", "(", ")", "—",
                           ".", "§", "ſ", "İ", "-", "Ledamot"])


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(members, max_size=20).map("".join))
@example("Ordförande Anna Persson (M), 1:e vice ordförande\nSocialchefen\n\n Helena Dahlgren\tKommunchef  Erik Berg")
def test_token_patterns_find_on_the_lines_with_an_anchor_what_they_find_on_the_whole_text(text):
    """The people's token patterns, matched on a Doc of the lines where a title or a party in
    brackets stands, find what they find on the Doc of the whole text, in the same order."""
    from extractor.facts import people
    from extractor.nlp import make_doc

    assert people._token_matches_in(text) == people._token_matches(make_doc(text))


def test_token_patterns_are_matched_on_parts_of_documents():
    """The patterns of the data file are of the shapes whose matches the parts hold, and no token
    of one matches the token between two parts; on every sample document the parts find what the
    whole text's Doc finds."""
    from pathlib import Path

    from extractor.facts import people
    from extractor.nlp import PART_BREAK, make_doc

    assert people._line_reach() == (0, 1)  # "Socialchefen" / "Helena Dahlgren": one line break after the title
    def found(text):
        return [(p.name, p.title) for p in people._token_matches(make_doc(text))]

    # each joined as a text writes it is one match; between two parts, each part's own matches
    for before, between, after in (("Socialchefen", "\n", "Helena Dahlgren"), ("Anna Persson (M)", "", ", ordförande"),
                                   ("Kommunchef", " ", "Mats Widén"), ("Anna", " ", "Persson (S)")):
        assert found(before + PART_BREAK + after) == found(before) + found(after) != found(before + between + after)
    for path in sorted((Path(__file__).parent.parent / "corpus" / "documents").glob("*")):
        text = path.read_text("utf-8")
        assert people._token_matches_in(text) == people._token_matches(make_doc(text)), path.name


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(numbers, max_size=8).map("".join))
@example("KS 2023/123")
@example("KS/2012:628-805")
@example("2018/KS 0001 001")
@example("SLK-2024-00008:15")
@example("Ks 2026-00391")
@example("Åren 2021-2024")
@example("KS 2019/20")
def test_a_text_that_is_one_number_is_validated_as_find_finds_it(text):
    """``validate`` takes a text that is one number of a form needing no label without ``find``'s
    scans: the same normal form as ``find`` gives it."""
    from extractor.identifiers import diarienummer

    whole = diarienummer._whole_number(text)
    if whole is not None:
        assert diarienummer._validate_found(text, text) == whole


def test_every_number_of_the_sample_documents_is_validated_as_find_finds_it():
    from pathlib import Path

    from extractor.identifiers import diarienummer

    texts = set()
    for path in sorted((Path(__file__).parent.parent / "corpus" / "documents").glob("*")):
        for c in diarienummer.find(path.read_text("utf-8")):
            texts |= {c.number, " ".join(c.text.split()), c.number.lower(), c.number.replace(" ", "  ")}
    taken = 0
    for text in sorted(texts):
        text = " ".join(text.split())
        try:
            slow = diarienummer._validate_found(text, text)
        except ValueError:
            slow = None
        assert diarienummer._whole_number(text) in (None, slow), text
        taken += diarienummer._whole_number(text) is not None
    assert taken > 100


def test_every_title_holds_a_word_the_title_lines_are_found_by():
    from extractor.facts import people

    anchors = people._anchor_words()[0]
    data = vocab.load("people")
    for title in data["title_suffixes"] + data["title_words"]:
        assert any(a in title.lower() for a in anchors), title


partners = st.sampled_from(["avtal", "Samverkansavtal", "AVTAL", "överenskommelse", "Idéburet offentligt partnerskap",
                            " med ", " om stöd ", "Ria Jönköping", "Stiftelsen X", " i ", "Växjö", " för ", ",", ".", "\n",
                            " ", "\t", "x", "_", "1", "ſ", "İ", "Nämnden", "nämnden", "Styrelsens", "-Nämnden", "Kvinnojouren",
                            "Kvinnojourens", "kvinnojouren"])


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(partners, max_size=14).map("".join), st.integers(0, 40), st.integers(0, 200))
@example("Samverkansavtal med Ria Jönköping om stöd", 0, 200)
@example("överenskommelse med Stiftelsen X i Växjö.", 3, 30)
def test_words_found_where_they_stand_keep_their_matches(text, a, b):
    """The agreement partner pattern, tried where a word holding an agreement word starts; a bare
    ``Nämnden`` and a party's short name with the character before them tested after them: the
    matches a scan of every position finds."""
    from extractor.facts import funding, meetings, parties

    pattern = parties._partner_pattern()
    assert [(m.span(), m.groups()) for m in parties._partner_matches(text, a, b)] == \
        [(m.span(), m.groups()) for m in pattern.finditer(text, a, b)]
    before = re.compile(r"(?<![\wåäö-])(?:Nämnden|Styrelsen)s?(?![\wåäö])")
    assert matches(meetings._BARE_KIND, text) == matches(before, text)
    for last in ("Kvinnojour", "Stadsmission"):
        mentions = funding._short_names(text, [], [type("P", (), {"name": f"Föreningen {last}"})()])
        assert [(m.start, m.end) for m in mentions] == \
            [m.span() for m in re.finditer(rf"(?<![\wåäö-]){last}(?:en|n|et)s?(?![\wåäö-])", text)]


shapes = st.sampled_from(["Göteborg", " & ", "Co", " AB", " HB", "Stads ", "Leasing", "Förvaltnings", "Region ", "Skåne",
                          " län", "Lunds", " kommun", " Kommuns", " stad", "Svenska ", "Röda Korset", "Kvinnojouren ",
                          "Freja", " i ", "Växjö", "Torsås ", "hembygds", "förening", "FÖRENINGEN", "Kretsen", "kvinno-",
                          " och ", "tjejjour", "Idrotts", "-", "föreningens", "Stadsmission", "kår", "Kör", "läns ",
                          " ", "  ", "\t", "\n", "\n\n", ",", ".", "x", "s", "ſ", "K", "é", "ü", "1", "Ab", "ABC"])


def _plain(pattern: str) -> str:
    """``organisations._SHAPES`` as first written: greedy quantifiers where it has possessive ones,
    ``+s`` for a run of letters ending in ``s``, and no lookahead of first letters."""
    for words in (organisations._KINDS, organisations._PLACE_KINDS):
        pattern = pattern.replace(organisations._first_letter(words), "")
    return pattern.replace("++(?<=[a-zåäö]s)", "+s").replace("*+", "*").replace("++", "+")


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(shapes, max_size=18).map("".join))
@example("Avtal med Göteborg & Co AB, Förvaltnings AB Framtiden, Lunds kommun, Region Skåne, Torsås hembygdsförening")
@example("Samarbete med Idrotts-föreningen Kvarn och\nIdrottsförening i Växjö, Ådalens kvinno- och tjejjour")
def test_name_shapes_keep_their_matches(text):
    """The organisation name shapes, with possessive runs of letters that no later part of a shape
    can take back and a test of a kind's first letter before the kinds, match what they matched
    written plainly."""
    plain = re.compile(_plain(organisations._SHAPES.pattern))
    assert plain.pattern != organisations._SHAPES.pattern
    assert matches(organisations._SHAPES, text) == matches(plain, text)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.sets(st.text(alphabet="aåbn", min_size=0, max_size=4), max_size=6), st.text(alphabet="aåbn x", max_size=60))
@example({"jan", "januari", "ja"}, "januari jan ja")
def test_occurrences_of_words_are_every_place_one_starts(words, text):
    assert vocab.occurrences(text, words) == [i for i in range(len(text) + 1) if any(text.startswith(w, i) for w in words)]


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["2O10", "l999", "20l0", "1", "2", "O", "l", "I", "0", "9", "-", "–", "/", "x", " ", "_"]),
                max_size=14).map("".join))
def test_ocr_years_tried_at_their_first_character_keep_their_matches(text):
    from extractor.reading import textclean

    plain = re.compile(r"(?=[12lI])(?<![\w-])[12lI][09O][0-9lIO]{2}(?=[-–/]|\b)")
    assert matches(textclean._OCR_YEAR, text) == matches(plain, text)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["KS", "KF", "SN", "ABCDEF", "K", "x", "§", "-", " ", "\t", "\n", ", ", "§ 55", "§55", "12345",
                                 "2023-03-14", "(", "Å", "ÖÄ", "_"]),
                max_size=16).map("".join))
@example("(KS § 55, 2023-03-14) och (KF 2022-11-28, § 141), xKS § 5 2023-03-14, -SN 2023-03-14 § 2")
def test_abbreviated_decisions_tried_at_their_first_capital_keep_their_matches(text):
    plain = re.compile(r"(?<![\w§-])(?P<prefix>[A-ZÅÄÖ]{2,5})[ \t]+(?:§[ \t]*(?P<par>\d{1,4})[ \t]*,?[ \t]*"
                       rf"(?P<date>{meetings._ISO_DATE})|(?P<date2>{meetings._ISO_DATE})[ \t]*,?[ \t]*§[ \t]*(?P<par2>\d{{1,4}}))(?![\w-])")
    assert matches(meetings._ABBREVIATED, text) == matches(plain, text)


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from([".", "!", "?", ";", " ", "\t", "\n", "\n\n", " \n ", "x", "Ab", "\u2003", ":", "2",
                                 "ä", "bl.a. de"]),
                max_size=20).map("".join))
def test_clause_ends_taken_from_their_sign_end_where_they_did(text):
    from extractor import nlp

    plain = re.compile(r"(?<=[;!?])\s+|(?<=\d[.])\s+|(?<=[.])\s+(?![a-zåäö])|\n[ \t]*\n\s*")
    assert [m.end() for m in nlp._CLAUSE_END.finditer(text)] == [m.end() for m in plain.finditer(text)]


handled = st.sampled_from(["Ärendet ", "bordläggs", "Bordlades", "återremitteras", "ska bordläggas", " till sammanträdet ",
                           "den ", "12 juni 2024", "2024-05-08", ", § 382", " finner att ", "kommunstyrelsen",
                           "Kultur- och ", "fritidsnämnden", " har beslutat", " beslutat", "avtal", "Samverkansavtalet",
                           "ÖVERENSKOMMELSE", "partnerskap", " ", "\n", "x", "ſ", "-"])


@settings(max_examples=500, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(handled, max_size=16).map("".join), st.integers(0, 30), st.integers(0, 200))
@example("Ärendet bordläggs till sammanträdet den 12 juni 2024. Bordlades den 2024-05-08, § 382", 0, 200)
@example("Ordföranden finner att kultur- och fritidsnämnden har beslutat. Samverkansavtalet", 5, 60)
def test_meeting_cues_tried_at_their_words_keep_their_matches(text, a, b):
    """The cues of a postponed or earlier handled matter and a chair's proposition, tried where their
    first word stands, and the agreement stems looked for alone: what the whole patterns find."""
    from extractor.facts import document

    for pattern, cues in ((meetings._postponed(), vocab.words("documents", "postponed_cues")),
                          (meetings._handled_cue(), vocab.words("documents", "handled_before_cues")),
                          (document._PROPOSITION, ["finner"])):
        assert [(m.span(), m.groups()) for m in vocab.finditer_at(pattern, text, cues)] == matches(pattern, text)
    assert document.names_agreement(text) == bool(document.agreement_word().search(text))
    assert document.names_agreement(text, a, b) == bool(document.agreement_word().search(text, a, b))


@settings(max_examples=400, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["1", "0", "400 000", "1.250.000", ",", "5", "25", "OOO", " kr", " mnkr", " tkr", " kronor",
                                 " miljoner kronor", "-", "–", " ", "\n", "(", ".", "000", "٣"]), max_size=14).map("".join))
@example("0,4 kr, 0,5 kr, 2,5 kr, -0,1 mnkr, 0 kr, 185 OOO kronor, 1.250.000 kr")
def test_amounts_in_whole_kronor_are_what_decimal_arithmetic_gives(text):
    """An amount without a decimal part is counted in integers: the value Decimal arithmetic gives."""
    from decimal import Decimal

    from extractor.facts import amount

    for m in amount._AMOUNT.finditer(text):
        digits = re.sub(r"[\s.]", "", m.group("int")).replace("O", "0")
        value = Decimal(f"{digits}.{m.group('dec')}" if m.group("dec") else digits) * \
            amount._UNITS[" ".join(m.group("unit").lower().split())]
        expected = None if value <= 0 else int(value.to_integral_value()) * (-1 if m.group("sign") else 1)
        assert amount.parse_match(m) == expected
