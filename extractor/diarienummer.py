"""Diarienummer: the case number an authority gives every matter it handles.

Forms differ per authority (DOMAIN.md, "Identifiers"): ``ASN-2019-19171`` (Malmö),
``BN-2024-00013`` (Kungsbacka), ``KSN-2021-01234`` (Uppsala), ``KS 2023/123``,
``Ks 1234/2023``, ``RS 2020/1234``, and numbers without a prefix after a cue word,
``Dnr 2020-000123``. The normal form keeps the authority's own layout, upper-cased, with
the whitespace and line breaks that text layers put inside a number removed.

Lookalikes that are not case numbers: meeting codes (``ASN 210617``), dates, ``§ 15``,
phone numbers, law references (``SFS 2017:30``, ``Prop. 2019/20:12``) and GUIDs.

>>> validate("asn-\\n2019-9502")
'ASN-2019-9502'
>>> validate("Ks 1234/2023")
'KS 1234/2023'
>>> is_valid("ASN 210617")
False
>>> [m.number for m in find("enligt riktlinjer (ASN-2023-3539) och Dnr 2020-000123.")]
['ASN-2023-3539', '2020-000123']
"""

from __future__ import annotations

import re

from extractor import vocab
from extractor.model import CaseNumber

_PREFIX = r"(?P<pfx>[A-ZÅÄÖ]{2,8}|[A-ZÅÄÖ][a-zåäö]{1,3})"
_YEAR = r"(?:19[5-9]\d|20\d\d)"
_END = r"(?![-/.:]?[0-9A-Za-zÅÄÖåäö])"
_DASHED = re.compile(
    rf"(?<![\w@.-]){_PREFIX}(?:\s*-\s*|[ ])(?P<year>{_YEAR})\s*-\s*(?P<serial>\d{{1,7}}){_END}"
)
_SLASHED = re.compile(
    rf"(?<![\w@.-]){_PREFIX}\s+(?:(?P<year>{_YEAR})\s*/\s*(?P<serial>\d{{1,7}})"
    rf"|(?P<serial2>\d{{1,7}})\s*/\s*(?P<year2>{_YEAR})){_END}"
)
_BARE = re.compile(
    rf"(?P<bare>{_YEAR}-\d{{3,7}}|\d{{1,7}}/(?:{_YEAR}|\d\d)|{_YEAR}/\d{{1,7}}){_END}"
)
_LOOKS_LIKE_DATE_AFTER = re.compile(r"\s*-\s*\d{2}\b")


def compact(number: str) -> str:
    """Return the match key: letters and digits only, upper-cased (``asn 2019 9502`` -> ``ASN20199502``)."""
    return re.sub(r"[^0-9A-ZÅÄÖ]", "", str(number).upper())


def validate(number: str) -> str:
    """Return the normal form of one case number, or raise ``ValueError``."""
    text = str(number).strip().upper()
    searched = text if find(text) else f"DNR {text}"  # a bare number is one only after a cue
    matches = find(searched)
    lead = searched[:matches[0].start].strip().rstrip(":").strip().casefold() if len(matches) == 1 else None
    cues = vocab.words("case_numbers", "own_cues")
    if lead is None or matches[0].end < len(searched) or (lead and lead not in cues):
        raise ValueError(f"not a case number: {number!r}")
    return matches[0].number


def is_valid(number) -> bool:
    """True when ``number`` is one case number in a known form; never raises."""
    try:
        return bool(validate(number))
    except (ValueError, TypeError):
        return False


def format(number: str) -> str:  # noqa: A001 - the identifier-module interface
    """Return the display form (the normal form)."""
    return validate(number)


def find(text: str) -> list[CaseNumber]:
    """Return every case number in ``text`` with its offsets, in reading order."""
    if not text:
        return []
    found = [m for m in _prefixed(text) if m]
    found += _after_cues(text, found)
    return sorted(found, key=lambda c: c.start)


def _prefixed(text: str):
    for m in _DASHED.finditer(text):
        if _LOOKS_LIKE_DATE_AFTER.match(text, m.end()) or not _good_prefix(m.group("pfx")):
            continue
        if " " in text[m.start("pfx"):m.start("year")] and not m.group("pfx").isupper():
            continue
        yield _case(text, m, f"{m.group('pfx').upper()}-{m.group('year')}-{m.group('serial')}")
    for m in _SLASHED.finditer(text):
        if not _good_prefix(m.group("pfx")):
            continue
        if m.group("year"):
            number = f"{m.group('pfx').upper()} {m.group('year')}/{m.group('serial')}"
        else:
            number = f"{m.group('pfx').upper()} {m.group('serial2')}/{m.group('year2')}"
        yield _case(text, m, number)


def _after_cues(text: str, found: list[CaseNumber]) -> list[CaseNumber]:
    cues = "|".join(re.escape(c) for c in vocab.words("case_numbers", "cues_before_bare_numbers"))
    taken = {c.start for c in found}
    out = []
    for cue in re.finditer(rf"(?i)(?<!\w)(?:{cues})[ \t]*:?[ \t]*", text):
        m = _BARE.match(text, cue.end())
        if m and m.start() not in taken and not _LOOKS_LIKE_DATE_AFTER.match(text, m.end()):
            out.append(_case(text, m, re.sub(r"\s+", "", m.group("bare"))))
    return out


def _good_prefix(prefix: str) -> bool:
    return prefix.upper() not in _not_prefixes()


def _not_prefixes() -> frozenset[str]:
    return frozenset(w.upper() for w in vocab.words("case_numbers", "not_prefixes"))


def _case(text: str, m: re.Match, number: str) -> CaseNumber:
    return CaseNumber(number=number, start=m.start(), end=m.end(), text=text[m.start():m.end()])
