"""The agreement a document decides: its period and who pays how much.

Agreement period: every stated period scores in its clause; agreement cues (``avser
perioden``, ``avtalstid``, ``föreslås gälla``) and the proposal or title add, history cues
(``pågående``, ``tecknades``, ``sedan``) subtract. The best total wins, the later on a tie,
so a period named in the proposal, the summary and the economy section beats one date
written once (Region Skåne's proposal on the Röda Korset agreement, seed gold 003).

Funding, per amount, in its clause only:
- ``Region Skåne med 400 000 kronor`` / ``och Röda korset 270 000 kr``: the organisation
  just before the amount pays it;
- a funding verb (``står för``, ``bidrar med``, ``finansierar``, ``avsätter``): its subject pays,
  every coordinated subject with ``vardera`` / ``var``; a verb coordinated with an earlier one
  (``godkänner ... och avsätter``) takes the clause's first subject;
- a passive grant (``tilldelades ... från nämnden``) is paid by the deciding authority;
- ``totala ekonomiska omfattning`` is the total.
Basis: ``per år``/``årligen`` in the clause is per year, a past grant is one-off, ``totalt``
over a multi-year period is total; otherwise per year when the agreement spans one year.
Amounts of the running agreement (``pågående``) and the old side of ``från X till Y`` are not
the decided funding.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from typing import Callable, Optional

from extractor.model import Amount, CaseNumber, Funding, Period
from extractor.nlp import Clauses
from extractor.organisations import Mention

_AGREEMENT_CUES = re.compile(
    r"avser\s+perioden|avtalstid|avtalsperiod|föreslås\s+(?:gälla|pågå)|gäller\s+(?:från|mellan|perioden|\d)|"
    r"period\s+för|perioden|förlängningen\s+avser|överenskommelsen\s+avser|för\s+perioden|löptid", re.I)
_AGREEMENT_WORD = re.compile(r"(?i)överenskommelse|avtal|partnerskap|\bIOP\b")
_HISTORY_CUES = re.compile(
    r"pågående|nuvarande|tecknades|förlängdes|sedan|tidigare|finansierades|avsåg|dåvarande|projekt|haft", re.I)
_FUNDING_VERB = re.compile(
    r"(?<![\wåäö])(?:står\s+för|stod\s+för|bidrar(?:\s+med)?|bidra\s+med|(?:del)?finansiera[rs]?|avsätter|avsätta|"
    r"avsätts|beviljade|beviljar|bevilja|beviljat|tilldelar|tilldelades|beviljades|belastar|betalar|svarar\s+för)(?![\wåäö])",
    re.I)
_PASSIVE = re.compile(r"tilldelades|beviljades|avsätts", re.I)
_PAST_GRANT = re.compile(r"beviljade|beviljat|tilldelades|beviljades", re.I)
_PER_YEAR = re.compile(r"per\s+(?:hel)?år|årligen|/\s*år|om\s+året|varje\s+år|per\s+verksamhetsår", re.I)
_TOTAL = re.compile(r"totala?|sammanlagt|ekonomiska\s+omfattning|omfattning", re.I)
_EACH = re.compile(r"^\s*(?:kr|kronor)?\s*(?:vardera|var|per\s+part|vardera\s+part)\b", re.I)
_ELLIPTIC_GAP = re.compile(r"^[\s,]*(?:med|om)?[\s]*$")
# A protocol's posting days, a two-day event, a budget year or an open start is no agreement's term.
_AGREEMENT_KINDS = ("range", "years", "months", "school_year")
_SINGLE_YEAR = re.compile(r"(?<![\wåäö])(?:under|år|för)\s+((?:19|20)\d\d)(?![\d-])", re.I)
_FROM_TO = re.compile(r"\bfrån\s*$", re.I)


def agreement_period(text: str, periods: list[Period], clauses: Clauses, boosted: list[tuple[int, int]]) -> Optional[tuple[str, str]]:
    scores: dict[tuple[str, str], float] = defaultdict(float)
    for p in periods:
        if p.kind not in _AGREEMENT_KINDS:
            continue
        a, b = clauses.around(p.start, p.end)
        clause = text[a:b]
        score = 1.0
        score += 2 if _AGREEMENT_CUES.search(clause) else 0
        score += 2 if any(lo <= p.start < hi for lo, hi in boosted) else 0
        score -= 3 if _HISTORY_CUES.search(clause) else 0
        scores[p.span] += max(score, 0)
    if not scores:
        return None
    best = max(scores, key=lambda span: (scores[span], span[0]))
    # A period with no cue of its own is the agreement's only in a text about an agreement
    # (a wind farm's operating years in an opinion are not).
    return best if scores[best] > 1 or _AGREEMENT_WORD.search(text) else None


def funding(
    text: str,
    amounts: list[Amount],
    mentions: list[Mention],
    clauses: Clauses,
    periods: list[Period],
    cases: list[CaseNumber],
    agreement: Optional[tuple[str, str]],
    payer_name: Callable[[Mention], Optional[str]],
    authority: Optional[str],
) -> list[Funding]:
    out: dict[tuple, Funding] = {}
    starts = [m.start for m in mentions]  # mentions come sorted by start
    for amount in amounts:
        a, b = clauses.around(amount.start, amount.end)
        if _HISTORY_CUES.search(text[a:amount.start]) or _HISTORY_CUES.search(text[amount.end:min(b, amount.end + 40)]):
            continue
        if _FROM_TO.search(text[max(a, amount.start - 8):amount.start]):
            continue
        in_clause = [m for m in mentions[bisect.bisect_left(starts, a):bisect.bisect_right(starts, b)] if m.end <= b]
        payers, past = _payers(text, amount, in_clause, a, authority)
        if not payers:
            continue
        basis = _basis(text, amount, a, b, past, agreement)
        period = None if basis == "one_off" else (_stated_period(text, periods, a, b) or agreement)
        case = next((c.number for c in cases if a <= c.start < b), None) if basis == "one_off" else None
        for payer in payers:
            name = payer if isinstance(payer, str) else payer_name(payer)
            if name:
                key = (name, amount.value, basis, period)
                out.setdefault(key, Funding(name, amount.value, basis, period, amount.start, amount.end, case))
    return list(out.values())


def _payers(text, amount, in_clause, clause_start, authority):
    before = [m for m in in_clause if m.end <= amount.start]
    verbs = [v for v in _FUNDING_VERB.finditer(text, clause_start, amount.start)]
    past = bool(verbs) and bool(_PAST_GRANT.fullmatch(verbs[-1].group()))
    if before and _ELLIPTIC_GAP.match(text[before[-1].end:amount.start]):
        return [before[-1]], past
    if verbs:
        verb = verbs[-1]
        if _PASSIVE.fullmatch(verb.group()):
            return ([authority] if authority else []), past
        between = [m for m in in_clause if verb.end() <= m.start and m.end <= amount.start]
        if between:
            return [between[0]], past
        subjects = [m for m in before if m.end <= verb.start()]
        if not subjects:
            return ([authority] if authority and re.search(r"nämnden|styrelsen", text[clause_start:verb.start()]) else []), past
        if re.search(r"(?:och|samt)\s*$", text[subjects[-1].end:verb.start()]) or re.search(r"\s(?:och|samt)\s+$", text[max(clause_start, verb.start() - 6):verb.start()]):
            return [subjects[0]], past
        return _coordinated(text, subjects, amount), past
    if _TOTAL.search(text[clause_start:amount.start]):
        return ["total"], False
    return [], False


def _coordinated(text: str, subjects: list[Mention], amount: Amount) -> list[Mention]:
    """``A och B står för X vardera``: every subject joined by ``och`` pays when the amount is each's."""
    chosen = [subjects[-1]]
    if _EACH.match(text[amount.end:amount.end + 20]):
        for prev in reversed(subjects[:-1]):
            if re.fullmatch(r"\s*(?:,|och|samt)\s*", text[prev.end:chosen[0].start]):
                chosen.insert(0, prev)
            else:
                break
    return chosen


def _basis(text, amount, a, b, past, agreement) -> str:
    if past:
        return "one_off"
    after = text[amount.end:b]
    if _PER_YEAR.search(after) or _PER_YEAR.search(text[amount.start - 12:amount.start]):
        return "per_year"
    if re.search(r"totalt|sammanlagt|under\s+(?:hela\s+)?(?:avtalstiden|perioden)", text[a:b], re.I):
        return "per_year" if _one_year(agreement) else "total"
    return "per_year" if _one_year(agreement) or agreement is None else "total"


def _one_year(agreement) -> bool:
    return bool(agreement) and agreement[0][:4] == agreement[1][:4]


def _stated_period(text: str, periods: list[Period], a: int, b: int) -> Optional[tuple[str, str]]:
    """A period in the clause, or a single year (``under 2025``, ``år 2022``, ``för 2025``)."""
    inside = [p for p in periods if a <= p.start and p.end <= b]
    if inside:
        return inside[0].span
    year = _SINGLE_YEAR.search(text, a, b)
    return (f"{year.group(1)}-01-01", f"{year.group(1)}-12-31") if year else None
