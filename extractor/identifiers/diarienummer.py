"""Diarienummer: the case number an authority gives every matter it handles.

Every authority keeps its own register (offentlighets- och sekretesslagen 5 kap. 1 §) and its
own layout of the number. The layouts are data (``data/case_numbers.json``, ``forms``), each
a pattern over a letter prefix, a year and a serial:

- prefix, year, serial: ``ASN-2019-19171`` (Malmö), ``SLK-2024-00008:15`` (Göteborg; ``:15`` is
  the document's serial within the case, not part of the number), ``RS2025-00412`` (the prefix
  glued to the year), ``KS 2023/123``, ``Ks 1234/2023``, colon forms ``KFN/2012:20``,
  ``SN 2020:412``, ``KS/2012:628-805`` (``-805`` a classification code), dotted forms
  ``KF/2006.366``, ``SOC 2022.0789``, ``KS.2025.0142``;
- year first: ``2023/KS 0362``, ``2018/KS 0001 001`` (the trailing group a classification code);
- Regeringskansliet's department letters glued to the year: ``S2024/01873``, ``KN2026/00741``;
- classification-plan numbers: ``3.4.2-1186/2024``, ``3.1-4788-2026``;
- a long serial printed in two groups of four digits: Arbetsförmedlingen's ``Af-2021/0058 0521``;
- bare numbers, case numbers only after a label (``Dnr``, ``Diarienummer``, ``Ärende nr``,
  ``Mål nr``) on the same line or the line above, or at the head of a protocol paragraph
  (``§ 20 0098/22``): ``2020-000123``, ``0098/22``, ``2020:112``, JO's ``6356-2012``, a county
  board's ``851-4417-09``, a classification code after the year ``01529-2021-1.1.2``, and the
  courts' mål numbers with their case group's letters, ``T 2345-22``, ``UM 1234-22``.

The normal form is the authority's own layout without its label: prefix upper-cased,
separators as written, the whitespace and line breaks that text layers put inside a number
removed, a document serial (``:15``) dropped, a classification code kept as printed.
:func:`compact` is the one key of a number however it is typed (search, links, lineage, web
and export all use it, and no other).

Lookalikes that are not case numbers: statute-book and report numbers (``SFS 2001:453``,
``SOU 2017:114``, ``Dir. 2016:15``, ``(2016:1145)``), parliamentary-year references
(``Prop. 2019/20:12``, ``JO 2011/12 s. 600``), meeting codes (``ASN 210617``), property
designations (``Tomtebo 2:5``), dates, ``§ 15``, phone numbers, postcodes and GUIDs.

>>> validate("asn-\\n2019-9502")
'ASN-2019-9502'
>>> validate("Ks 1234/2023")
'KS 1234/2023'
>>> validate("DNR: KF/2006.366")
'KF/2006.366'
>>> is_valid("ASN 210617"), is_valid("SFS 2001:453")
(False, False)
>>> [m.number for m in find("enligt riktlinjer (ASN-2023-3539) och Dnr 2020-000123.")]
['ASN-2023-3539', '2020-000123']
>>> compact("bn 2022 561") == compact("BN-2022-00561") == compact("BN 2022/561")
True
>>> compact("KS 412/2023") == compact("KS 2023/412")
False
>>> compact("KS/2012:628-805"), compact("SRV-0226/18"), compact("3.1-4788-2026"), compact("2023/KS 0362")
('KS.2012.628', 'SRV.226.2018', '3.1.4788.2026', '2023.KS.362')
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Optional

from extractor import vocab
from extractor.model import CaseNumber

_PLACEHOLDERS = {
    # capitals (KS), a capital and small letters (Ks, Fi), or a university's mixed case (LiU)
    "{P}": r"(?P<pfx>[A-ZÅÄÖ]{2,8}|[A-ZÅÄÖ][a-zåäö][A-ZÅÄÖ]|[A-ZÅÄÖ][a-zåäö]{1,3})",
    "{Y}": r"(?:19[5-9]\d|20\d\d)",
    "{y}": r"\d\d",
}
_NOT_BEFORE = r"[\w@.\-/–]"  # no number starts right after one of these
_BEFORE = rf"(?<!{_NOT_BEFORE})"
_MIXED_CASE = re.compile(r"[A-ZÅÄÖ][a-zåäö]+[A-ZÅÄÖ]")  # LiU: written so by its owner, kept so
# Every form starts with a capital letter (a prefix) or a digit: the lookahead before each form
# rejects most positions of a text with one test (the forms are scanned over whole texts).
_FIRST_CHARACTER = r"[\dA-ZÅÄÖ]"
FIRST = rf"(?={_FIRST_CHARACTER})"
_END = r"(?![-/.:]?[0-9A-Za-zÅÄÖåäö])"
_DATE_AFTER = re.compile(r"\s*-\s*\d{2}\b")
# A protocol paragraph's head: "§ 57", "KS § 3 a", "KFN § 9", "§ 88/25" (numbered within the
# year), "Kf § 45" (the body's abbreviation with small letters, as many municipalities print it),
# and "$ 114" where OCR read § as $; not "§ 58, dnr ..." (a citation running on from the line
# above), nor "Se § 12".
_NOT_HEAD_WORDS = "|".join(vocab.load("case_numbers")["paragraph_prefix_not_words"])
PARAGRAPH_PREFIX = rf"(?:[A-ZÅÄÖ]{{1,6}}|(?!(?:{_NOT_HEAD_WORDS})[ \t§$])[A-ZÅÄÖ][a-zåäö]{{1,3}})"
PARAGRAPH_HEAD = rf"^[ \t]*(?:{PARAGRAPH_PREFIX}[ \t]*)?[§$][ \t]*\d{{1,4}}(?:/(?:\d\d){{1,2}}(?!\d))?(?:[ \t]*[a-z](?![\w]))?(?=[ \t]|$)"


@dataclass(frozen=True)
class Form:
    """One layout of case numbers (an entry of ``forms`` in the data file)."""

    name: str
    pattern: re.Pattern
    normal: str
    needs_cue: bool = False
    no_date_after: bool = False
    capitals_before_space: bool = False
    keep_case: bool = False

    def number(self, m: re.Match) -> str:
        parts = {k: v for k, v in m.groupdict().items() if v is not None}
        parts = {k: (" " if k.startswith("s") and not v.strip() else v.strip()) for k, v in parts.items()}
        if "pfx" in parts and not self.keep_case and not _MIXED_CASE.fullmatch(parts["pfx"]):
            parts["pfx"] = parts["pfx"].upper()
        if "cls" in parts:
            parts["cls"] = re.sub(r"\s+", " ", m.group("cls"))
        return self.normal.format(**{k: parts.get(k, "") for k in ("pfx", "year", "serial", "cls", "s1", "s2")})


@lru_cache(maxsize=1)
def forms() -> tuple[Form, ...]:
    out = []
    for f in vocab.load("case_numbers")["forms"]:
        pattern = f["pattern"]
        for placeholder, regex in _PLACEHOLDERS.items():
            pattern = pattern.replace(placeholder, regex)
        out.append(Form(f["name"], re.compile(FIRST + _BEFORE + pattern + _END), f["normal"], f.get("needs_cue", False),
                        f.get("no_date_after", False), f.get("capitals_before_space", False), f.get("keep_case", False)))
    return tuple(out)


def validate(number: str) -> str:
    """Return the normal form of one case number, or raise ``ValueError``."""
    text = " ".join(str(number).split()) if "\n" not in str(number) else str(number).strip()
    whole = _whole_number(text)
    return whole if whole is not None else _validate_found(text, number)


def _validate_found(text: str, number) -> str:
    """:func:`validate` of ``text`` (``number`` as given), by the numbers :func:`find` finds in it."""
    # a bare number is one only after a label; a text in capitals already is searched once
    for searched in dict.fromkeys((text, text.upper(), f"Dnr {text}")):
        matches = find(searched)
        if len(matches) == 1 and matches[0].end == len(searched):
            lead = searched[:matches[0].start].strip().rstrip(":.").strip().casefold()
            if not lead or lead in vocab.words("case_numbers", "own_cues") or lead in _cues():
                return matches[0].number
    raise ValueError(f"not a case number: {number!r}")


def _whole_number(text: str):
    """The normal form of ``text`` when it is one number of a form that needs no label, from its
    first character to its last, else None: ``find(text)`` is then that one number (the longest
    match at a text's start is the one ``find`` keeps, and every number it finds after a label
    starts later, inside it), found here without the scans for labels and for later numbers.
    Most numbers asked about are a normal form already (:func:`compact` of a found number)."""
    if not _any_form().match(text):
        return None
    best, best_form = None, None
    for form in forms():
        if not form.needs_cue and (m := form.pattern.match(text)) and (best is None or m.end() > best.end()):
            if _acceptable(text, form, m):
                best, best_form = m, form
    return best_form.number(best) if best is not None and best.end() == len(text) else None


def is_valid(number) -> bool:
    """True when ``number`` is one case number in a known form; never raises."""
    try:
        return bool(validate(number))
    except (ValueError, TypeError):
        return False


def format(number: str) -> str:  # noqa: A001 - the identifier-module interface
    """Return the display form (the normal form)."""
    return validate(number)


@lru_cache(maxsize=200_000)
def compact(number: str) -> str:
    """The one key of a case number however it is typed, the same for search, links, lineage,
    web and export: its prefix, year and serial in the order the layout prints them, joined by
    dots, the prefix upper-cased and leading zeros dropped (``ks 2012:628``, ``KS/2012:628``,
    ``KS-2012-00628`` -> ``KS.2012.628``). The order is kept because it is the register's
    layout, not typing: Eslöv's ``KS 412/2023`` and Ljusdal's ``KS 2023/412`` are two cases.
    A short year is the year it stands for (``SRV-0226/18`` and ``SRV 226/2018`` are one number;
    the forms' years run from 1950, so ``50``-``99`` are 19xx); a classification code printed
    after the serial (``KS/2012:628-805``, ``2018/KS 0001 001``) and a document's serial within
    the case (``:15``) are no part of it, a classification before it (``3.4.2-1186/2024``) is.
    Text in no known form keeps its letters and digits in order, label words dropped."""
    try:
        text = validate(number)
    except (ValueError, TypeError):
        text = str(number)
    for form in forms():
        m = form.pattern.fullmatch(text)
        if m and m.group("serial"):
            found = m.groupdict()
            parts = {"pfx": found.get("pfx") or "", "year": _full_year(found["year"]),
                     "serial": found["serial"].replace(" ", "").lstrip("0") or "0"}
            if not parts["pfx"][:1].isdigit():
                parts["pfx"] = parts["pfx"].upper()
            return ".".join(parts[g] for g in sorted(parts, key=lambda g: m.start(g) if found.get(g) else -1) if parts[g])
    parts = re.findall(r"[A-Za-zÅÄÖåäö]+|\d+", text)
    return ".".join(p.upper() if p[0].isalpha() else p.lstrip("0") or "0"
                    for p in parts if not p[0].isalpha() or p.casefold() not in _label_words())


def form_of(number: str) -> Optional[str]:
    """The name of the form (``data/case_numbers.json``) a number in normal form is written in."""
    return next((form.name for form in forms() if form.pattern.fullmatch(number)), None)


def _full_year(year: str) -> str:
    return year if len(year) == 4 else ("19" if year >= "50" else "20") + year


def find(text: str) -> list[CaseNumber]:
    """Every case number in ``text`` with its offsets, in reading order; where OCR misread a
    prefix the same document writes correctly elsewhere, the document's spelling wins (the
    more frequent one, or at a tie the first, as in the header)."""
    if not text:
        return []
    found = list(_prefixed(text))
    found += _after_cues(text, found)
    found += _same_register(text, found)
    found.sort(key=lambda c: (c.start, -c.end))
    kept, end = [], -1
    for c in found:
        if c.start >= end:
            kept.append(c)
            end = c.end
    return _mend_ocr_prefixes(kept)


def _prefixed(text: str):
    starts = [m.start() for m in _any_form().finditer(text)]
    for form in forms():
        if form.needs_cue:
            continue
        end = 0
        for at in starts:  # as ``form.pattern.finditer(text)``: leftmost matches, none overlapping
            m = form.pattern.match(text, at) if at >= end else None
            if m:
                end = m.end()
                if _acceptable(text, form, m):
                    yield _case(text, m, form.number(m))


@lru_cache(maxsize=1)
def _any_form() -> re.Pattern:
    """Where any form without a cue matches (a match is the number's first character): one scan of
    a text finds the places each form is then tried at, instead of one scan per form (each scan's
    cost is mostly its visit of every position)."""
    unnamed = [re.sub(r"\(\?P<\w+>", "(?:", f.pattern.pattern) for f in forms() if not f.needs_cue]
    ahead = _DIGIT_NEAR + "(?=" + "|".join(f"(?:{p})" for p in unnamed) + ")"
    # FIRST as a class matched (the engine skips to its characters; a lookahead first is tried at
    # every position), _BEFORE then tested before it, and the rest from it (a lookbehind of one
    # character holding a lookahead): each match is the first character of a number
    return re.compile(rf"{_FIRST_CHARACTER}(?<!{_NOT_BEFORE}.)(?<=(?={ahead}).)")


# Every form without a cue starts with a digit, or with its letter prefix (at most eight letters)
# followed by white space, hyphens, slashes or a dot and a digit: a capital followed by anything else
# (most words of a text) is rejected with this one test before the forms are tried.
# ``tests/test_patterns.py`` checks each form of the data file for this shape.
_DIGIT_NEAR = r"(?=\d|[A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,7}(?:[\s/-]*|\.)\d)"


def _after_cues(text: str, found: list[CaseNumber]) -> list[CaseNumber]:
    taken = {c.start for c in found}
    out = []
    for cue in _cue_matches(text):
        for at in dict.fromkeys((cue.end(), *_under(text, cue))):
            if at in taken:
                continue
            # as printed, else with the letters OCR read for digits mended ("Dnr KS 2O24/0O123")
            mended = _ocr_mended(text, at) if cue.group("label") or cue.group("hlabel") else text
            for form, m in ((f, f.pattern.match(t, at)) for t in dict.fromkeys((text, mended)) for f in forms()):
                if m and _acceptable(m.string, form, m):
                    out.append(_case(text, m, form.number(m)))
                    break
            else:
                m = _LABELLED.match(text, at)
                if not (m and (cue.group("label") or cue.group("hlabel"))):
                    continue
                out.append(_case(text, m, re.sub(r"\s+", "", m.group())))
            break
    return out


def _same_register(text: str, found: list[CaseNumber]) -> list[CaseNumber]:
    """Numbers of a form that needs a label, found without one where the document gives a number of
    that form and prefix under a label (Region Halland's ``Dnr RS250517``, then ``(RS220311)`` in
    the text): the register the document itself uses, not a lookalike."""
    labelled = {(form_of(c.number), _LETTERS.match(c.number).group()) for c in found}
    prefixed = {name for name, pfx in labelled if pfx}  # the forms given with a letter prefix
    if not prefixed:
        return []
    taken = {c.start for c in found}
    out = []
    for form in forms():
        if not form.needs_cue or form.name not in prefixed:
            continue
        for m in form.pattern.finditer(text):
            number = form.number(m)
            if m.start() not in taken and (form.name, _LETTERS.match(number).group()) in labelled and _acceptable(text, form, m):
                out.append(_case(text, m, number))
    return out


_LETTERS = re.compile(r"[A-ZÅÄÖ]*")


# Letters OCR reads for digits, and the digits they stand for.
_DIGIT_SLIPS = str.maketrans({"O": "0", "o": "0", "D": "0", "l": "1", "I": "1", "|": "1"})
_NUMBER_TOKEN = re.compile(r"[^\s,;()]{1,24}")


def _ocr_mended(text: str, at: int) -> str:
    """``text`` with the letters OCR put for digits mended in the number after a label, from its
    first digit on (the prefix's letters stay): ``KS 2O24/0O123`` -> ``KS 2024/00123``."""
    digit = re.compile(r"\d").search(text, at, at + 12)
    token = _NUMBER_TOKEN.match(text, digit.start()) if digit else None
    if not token:
        return text
    return text[:token.start()] + token.group().translate(_DIGIT_SLIPS) + text[token.end():]


COLUMN_SLACK = 3
_UNDER_REACH = 600  # a letterhead's labels stand near the top
_CELL = re.compile(r"\S+")


def _under(text: str, cue: re.Match) -> list[int]:
    """Where the number under a label ending its line may start, in a letterhead set in columns
    (``VÄSTERNORRLAND      Diarienummer`` / ``Enheten för …      851-2143-2025``): the cell in the
    label's column or, where the columns ran together, one of the line's last two words."""
    label = cue.group("label")
    if not label or "\n" not in label or cue.start() > _UNDER_REACH:
        return []
    column = cue.start() - text.rfind("\n", 0, cue.start()) - 1
    below = text.find("\n", cue.start()) + 1
    line_end = text.find("\n", below)
    cells = list(_CELL.finditer(text, below, line_end if line_end >= 0 else len(text)))
    under = [c.start() for c in cells if abs(c.start() - below - column) <= COLUMN_SLACK]
    return under + [c.start() for c in cells[-2:]]


# After an explicit label, a prefix and digits in no known form are still the number as written
# (an old register's ``KNSLI/20014197``).
_LABELLED = re.compile(r"[A-ZÅÄÖ]{2,8}/\d{4,10}" + _END)


def _acceptable(text: str, form: Form, m: re.Match) -> bool:
    pfx = m.groupdict().get("pfx")
    if pfx and pfx[0].isalpha() and not _good_prefix(pfx):
        return False
    if form.no_date_after and _DATE_AFTER.match(text, m.end()):
        return False
    serial, year = m.groupdict().get("serial") or "", m.groupdict().get("year") or ""
    # a capitalised word before a space and a year range (``Åren 2021-2024``) is no number; a
    # register's zero-padded serial (``Ks 2026-00391``) is never a year
    if (form.capitals_before_space and pfx and not pfx.isupper() and " " in text[m.start("pfx"):m.start("year")]
            and not (len(serial) >= 3 and serial.startswith("0"))):
        return False
    if (len(year) == 4 and len(serial) == 2 and "/" in text[m.end("year"):m.start("serial")]
            and int(serial) == (int(year) + 1) % 100):
        return False  # a parliamentary year (riksmöte) such as 2019/20, not a serial
    return True


def _good_prefix(prefix: str) -> bool:
    upper = prefix.upper()
    return upper not in _not_prefixes() and not any(upper.endswith(e) for e in vocab.load("case_numbers")["not_prefix_endings"])


@lru_cache(maxsize=1)
def _not_prefixes() -> frozenset[str]:
    return frozenset(w.upper() for w in vocab.words("case_numbers", "not_prefixes"))


@lru_cache(maxsize=1)
def _cues() -> frozenset[str]:
    return frozenset(c.rstrip(":.").strip() for c in vocab.words("case_numbers", "cues_before_bare_numbers"))


@lru_cache(maxsize=1)
def _label_words() -> frozenset[str]:
    return frozenset(w for c in _cues() | set(vocab.words("case_numbers", "own_cues")) for w in re.findall(r"\w+", c))


@lru_cache(maxsize=1)
def _cue_pattern() -> re.Pattern:
    """A label (same line, or alone on the line above), or a protocol paragraph's head."""
    labels = "|".join(re.escape(c).replace(r"\ ", r"[ \t]+") for c in sorted(_cues(), key=len, reverse=True))
    label = rf"(?P<label>(?<![\w])(?i:{labels})[ \t]*[:.]?[ \t]*(?:\n[ \t]*){{0,2}})"
    head = rf"(?P<head>{PARAGRAPH_HEAD}[ \t]+(?P<hlabel>(?i:{labels})[ \t]*[:.]?[ \t]*)?)"
    # a number alone on the line under a paragraph's heading ("§ 67 Idéburet partnerskap …" / "RS250517")
    under = rf"{PARAGRAPH_HEAD}[^\n]{{0,{_LINE}}}\n[ \t]*(?=\S+[ \t]*(?:\n|\Z))"
    # a label starts with its first letter, a head at a line's start
    return re.compile(rf"(?m)(?=(?i:{vocab.starts(_cues())})|^)(?:{label}|{under}|{head})")


_LINE = 200  # a paragraph's heading line is shorter


_SHORT = 200
# A line that may start with a protocol paragraph's head (``PARAGRAPH_HEAD``, up to its sign)
_HEAD_LINE = re.compile(r"\n(?=[ \t]*(?:[A-ZÅÄÖ]{1,6}[ \t]*)?[§$])")


def _cue_matches(text: str):
    """``_cue_pattern().finditer(text)``, tried only where a label's first word stands (found in the
    text's lower case) and at the lines that may open with a paragraph's head."""
    lower = vocab.folded(text) if len(text) >= _SHORT else None
    if lower is None:  # a short text (one number) is scanned as it is
        return _cue_pattern().finditer(text)
    labels = vocab.occurrences(lower, {cue.split()[0] for cue in _cues()})
    heads = [0] + [m.end() for m in _HEAD_LINE.finditer(text)]
    return vocab.scan(_cue_pattern(), text, sorted(set(labels).union(heads)))


def _mend_ocr_prefixes(found: list[CaseNumber]) -> list[CaseNumber]:
    if len(found) < 2:
        return found  # a prefix is mended only to another one the same text writes
    prefixes = Counter(p for c in found if (p := _letter_prefix(c.number)))
    first = {p: -i for i, p in reversed(list(enumerate(_letter_prefix(c.number) for c in found)))}
    pairs = set(vocab.load("case_numbers")["ocr_confusions"]["pairs"])
    mended = {}
    for rare in prefixes:
        for common, n in prefixes.items():
            if (len(rare) >= 3 and len(common) == len(rare) and (n, first[common]) > (prefixes[rare], first[rare])
                    and sum(a != b for a, b in zip(rare, common)) == 1
                    and all(a + b in pairs for a, b in zip(rare, common) if a != b)):
                mended[rare] = common
    return [replace(c, number=mended[p] + c.number[len(p):]) if (p := _letter_prefix(c.number)) in mended else c
            for c in found]


_LETTER_PREFIX = re.compile(r"[A-ZÅÄÖ]+(?=[-/ ])")


def _letter_prefix(number: str) -> str:
    m = _LETTER_PREFIX.match(number)
    return m.group() if m else ""


def _case(text: str, m: re.Match, number: str) -> CaseNumber:
    return CaseNumber(number=number, start=m.start(), end=m.end(), text=text[m.start():m.end()])
