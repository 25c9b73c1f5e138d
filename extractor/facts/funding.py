"""Who pays whom, how much, on what basis and for which years: one funding row per amount paid.

Roles come from the sentence, not from proximity (the vocabulary is ``extractor/data/funding.json``):

- the subject of a paying verb pays (``Socialnämnden beviljar Stiftelsen X ett bidrag om 4,5
  mnkr``: the committee, on behalf of its municipality; the foundation right after the verb is
  the recipient); a proposal without a subject (``att bevilja X 450 000 kronor``) is the
  deciding authority's;
- the subject of a receiving verb (``föreningen tilldelas``, ``erhåller``) receives; the payer is
  named after ``från``/``av`` or is the deciding authority; a committee receiving from its own
  municipality is a budget allocation, no funding;
- coordinated subjects with ``vardera`` each pay the amount (``Region X och kommunen finansierar
  med 450 000 kronor vardera``);
- an elliptic second payer (``... och Stadsmissionen med handledning och lokaler motsvarande
  210 000 kronor``) and a possessive owner (``Kommunens kostnad uppgår till sammanlagt 1 200 000
  kronor``: the municipality's total, not the whole budget) pay; ``egna medel`` are the payer's own;
- the whole budget (``ekonomiska omfattning``) is the payer ``total``;
- the recipient may be named after ``till`` instead (``lämna bidrag med 480 000 kronor till
  Ockelbo kommun``, ``beviljar verksamhetsbidrag till X``);
- a cost named without an owner in a clause that enters or extends an agreement (``att ingå
  avtal med X ... till en kostnad av ...``) is the deciding authority's;
- a table of grants, one row per recipient and a sum row: each row is paid by the deciding
  authority; the sum row is no grant. A table of years pays the recipient its lead names
  (``... beviljar Föreningen X stöd enligt följande.``).

Generic nouns (``kommunen``, ``föreningen``, ``stiftelsen``) and short names resolve to the
document's parties. Basis: ``per år``/``årligen``/``per läsår`` is per year, a past grant or a
grant table is one-off, as is a grant a sentence about it says is paid once (``Bidraget är ett
engångsbelopp``), ``totalt``/``sammanlagt`` over a multi-year period is total. The
period is one stated in the clause, else the agreement's. Amounts of the running agreement
(``pågående``) and the old side of ``från X till Y`` are not the decided funding.

The rows of tables are read in :mod:`extractor.facts.funding_tables`; the vocabulary's patterns and the
names payers and recipients go by in :mod:`extractor.facts.funding_names`.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from datetime import date, timedelta
from functools import lru_cache, partial
from typing import Callable, Optional, Sequence

from extractor import vocab
from extractor.model import Amount, CaseNumber, Funding, Party, Period
from extractor.nlp import Clauses
from extractor.facts.organisations import Mention
from extractor.facts.funding_names import PER_YEAR, Names, funding_data, funding_words
from extractor.facts.funding_tables import table_row, table_funding

# earlier years' money ("history_cues"), "tidigare" but not "som tidigare" (as before), and "i dag";
# the lookahead: the cues' first letters (see vocab.starts)
_HISTORY_CUES = re.compile(
    vocab.starts([*vocab.words("funding", "history_cues"), "tidigare", "i"])
    + rf"(?:{vocab.alternation('funding', 'history_cues')}|(?<!som\s)tidigare|(?<![\wåäö])i\s*dag(?![\wåäö]))", re.I)
_PAST_GRANT = re.compile(vocab.alternation("funding", "past_grant_verbs"), re.I)
# "en årlig driftsersättning om 2,4 miljoner kronor": the payment named yearly right before the amount
_YEARLY_NOUN = re.compile(r"(?i)(?<![\wåäö])årlig[at]?\s+[\wåäö-]+\s+(?:om|på|med)\s+$")
_TOTAL_WORDS = re.compile(vocab.alternation("funding", "total_words"), re.I)
_FROM_TO = re.compile(r"\bfrån\s*$", re.I)
# a year alone, not the first of a list ("för 2025 och 2026", which is a period of its own)
_SINGLE_YEAR = re.compile(r"(?<![\wåäö])(?:under|år|för)\s+((?:19|20)\d\d)(?![\d\-–—/])(?!\s*[-–—]\s*\d)"
                          r"(?!\s*,\s*(?:19|20)\d\d|\s+(?:och|samt)\s+(?:19|20)\d\d)", re.I)
# "... och Stadsmissionen med handledning, lokaler och arbetsplatser motsvarande 210 000 kronor"
_ELLIPSIS = re.compile(
    r"^[\s,]*(?:(?:med|om)\s*|med\s+(?:[\wåäö-]+,?\s+){0,8}?(?:motsvarande|värderade?\s+till|om)\s+(?:minst\s+)?)?$", re.I)
# the source of what a recipient gets: "får 2,4 mnkr från nämnden", "... som betalas av fritidsnämnden"
_SOURCE_AFTER = re.compile(r"(?:^|(?<=\s))(?:från|av|ur)\s+$", re.I)
# "För hela förlängningen blir kostnaden 1,3 miljoner kronor", "en höjning till 480 000 kronor",
# "med en årlig ersättning om ...": the cost or grant of the document's own matter, named without
# an owner, right before its amount. A bare "Kostnaden beräknas till ..." is often an applicant's
# project cost, so only the cost of the agreement's whole term counts.
_BARE_COST = re.compile(
    r"(?i)(?<![\wåäö])(?:bidraget|ersättningen|höjning(?:en)?|(?:årlig\s+)?ersättning|till\s+en\s+(?:årlig\s+)?kostnad\s+(?:av|om|på)|"
    r"för\s+hela\s+(?:förlängningen|avtalstiden|avtalsperioden|perioden)\s+(?:blir|uppgår)\s+kostnaden)"
    r"(?:\s+(?:blir|uppgår\s+till|beräknas\s+till|till|om|på|totalt|sammanlagt)){0,2}\s*$")
# "480 000 kronor per år, totalt 1 440 000 kronor": the same payer's total of the amount before
_RESTATED = re.compile(r"(?i)^\s*(?:per\s+år|årligen)?\s*,?\s*(?:totalt|sammanlagt)\s*$")


def _add_payers(out: dict, own_cost: list, stated: Optional[set], names: "Names", payers: list, row: Funding) -> None:
    """One amount's ``row`` (its payer not yet set) for each payer: an own cost kept aside as the
    authority's, any other payer named and added unless it is the recipient; a row whose basis
    the text states is noted in ``stated`` (None: the basis was guessed)."""
    for payer in payers:
        if payer == "own cost":
            own_cost.append(replace(row, payer=names.of("authority")))
            continue
        name = names.of(payer)
        if name and name != row.recipient:
            f = replace(row, payer=name)
            _add(out, f)
            if stated is not None:
                stated.add((f.payer, f.amount, f.basis, f.period))


def _not_funding(text: str, amount: Amount, a: int, b: int) -> bool:
    """An amount its clause (``a``-``b``) shows to be no funding of the decision: earlier years'
    money, one end of a from-to range, a committee's budget allocation (kommunbidrag), or a
    recipient passing on part of its grant (the grant's payer's money, counted once)."""
    if _HISTORY_CUES.search(text[a:amount.start]) or _HISTORY_CUES.search(text[amount.end:min(b, amount.end + 40)]):
        return True
    if _FROM_TO.search(text[max(a, amount.start - 8):amount.start]):
        return True
    return bool(funding_words("allocation_words").search(text, a, b) or funding_words("pass_on_verbs").search(text, a, amount.start))


def find(
    text: str,
    amounts: list[Amount],
    mentions: list[Mention],
    clauses: Clauses,
    periods: list[Period],
    cases: list[CaseNumber],
    agreement: Optional[tuple[str, str]],
    payer_name: Callable[[Mention], Optional[str]],
    authority: Optional[str],
    parties: list[Party],
    paragraph_agreements: Sequence[tuple[int, int, Optional[tuple[str, str]]]] = (),
) -> list[Funding]:
    """One :class:`Funding` per distinct (payer, amount, basis, period) in ``text``.

    ``paragraph_agreements`` are a protocol's paragraphs as ``(start, end, agreed period)``: an
    amount in one of them goes with that paragraph's agreement, not with another matter's."""
    names = Names(payer_name, authority, parties)
    mentions = sorted(mentions + _generic_mentions(text, mentions) + _short_names(text, mentions, parties),
                      key=lambda m: m.start)
    starts = [m.start for m in mentions]
    period_starts = [p.start for p in periods]  # periods come sorted by start
    out: dict[tuple, Funding] = {}
    own_cost: list[Funding] = []
    prev_payers: list = []
    stated: set[tuple] = set()  # rows whose basis the text states, not guessed from the agreement's length
    amount_ends = frozenset(p.end for p in amounts)
    once: dict[tuple[int, int], bool] = {}  # per paragraph (or the whole text): the grant is said to be paid once
    for i, amount in enumerate(amounts):
        if amount.value <= 0:
            continue
        row = table_row(text, amount)
        if row == "sum":
            continue
        if row:
            above = _recipient_above(text, row[2], mentions, starts)
            _add(out, table_funding(text, amount, row, names, names.of(above) if above else None))
            continue
        a, b = clauses.around(amount.start, amount.end)
        if _not_funding(text, amount, a, b):
            continue
        # the stretch of the clause that is this amount's own: from the amount before to the amount after
        lo = max([a] + [p.end for p in amounts[:i] if a <= p.end <= amount.start])
        hi = min([b] + [n.start for n in amounts[i + 1:] if amount.end <= n.start < b])
        in_clause = [m for m in mentions[bisect.bisect_left(starts, a):bisect.bisect_right(starts, b)] if m.end <= b]
        payers, recipient, past = _roles(text, amount, in_clause, a)
        if not payers and i and a <= amounts[i - 1].end and _RESTATED.match(text[lo:amount.start]):
            payers = list(prev_payers)
        payers = prev_payers = _unnamed_payer(text, amount, payers, lo, (a, b))
        here = next((span for start, end, span in paragraph_agreements if start <= amount.start < end), agreement)
        region = next(((s, e) for s, e, _ in paragraph_agreements if s <= amount.start < e), (0, len(text)))
        if region not in once:
            once[region] = _paid_once(text, *region)
        terms = _terms(text, amount, (lo, hi), (a, b), past, here, periods, period_starts, amount_ends,
                       once[region] and here is None)
        if terms is None:
            continue  # "har under 2018–2020 uppgått till": the years before the decided agreement
        value, basis, said, period = terms
        case = next((c.number for c in cases if a <= c.start < b), None) if basis == "one_off" else None
        receiver = names.of(recipient) if isinstance(recipient, Mention) else recipient
        row = Funding(None, value, basis, period, amount.start, amount.end, case, receiver)
        nxt = amounts[i + 1].start if i + 1 < len(amounts) else len(text)
        shares = _shares(text, amount, (a, b), nxt, clauses, mentions, starts)
        for payer, part in shares:  # "... med 50 procent var": each payer's part of the amount
            _add_payers(out, own_cost, stated if said else None, names, [payer], replace(row, amount=round(value * part)))
        if shares and payers != ["total"]:
            continue  # the split names who pays; the whole budget stays a row of its own
        _add_payers(out, own_cost, stated if said else None, names, payers, row)
    # an owner-less cost is the deciding authority's only where the text shows the authority paying
    if any(f.payer == names.of("authority") for f in out.values()):
        for f in own_cost:
            if f.payer:
                _add(out, f)
    # a basis guessed from the agreement's length yields to the one the text states for the same payer and amount
    said_pairs = {key[:2] for key in stated}
    return [f for key, f in out.items() if key in stated or key[:2] not in said_pairs]


def _unnamed_payer(text: str, amount: Amount, payers: list, lo: int, clause: tuple[int, int]) -> list:
    """The payers of an amount whose clause names none (or only an owner-less cost), from
    ``lo``, where the amount's own stretch of its clause starts."""
    a, b = clause
    if payers in ([], ["own cost"]) and _own_budget().match(text, amount.end, b) and _payment().search(text, lo, amount.start):
        return ["authority"]  # "... finansieras med statsbidraget och socialnämndens budget"
    if not payers and _BARE_COST.search(text[lo:amount.start]):
        # the authority's: the cost of an agreement its clause enters or extends ("att ingå avtal
        # med X ... till en kostnad av ...", "att avtalet förlängs ..., med en årlig ersättning om
        # ..."), else where the text shows the authority paying elsewhere (in find)
        return ["authority"] if _enters_agreement().search(text, a, amount.start) else ["own cost"]
    return payers


def _terms(text: str, amount: Amount, own: tuple[int, int], clause: tuple[int, int], past: bool, here,
           periods: list[Period], period_starts: list[int], amount_ends: frozenset, once: bool = False):
    """``(value, basis, stated, period)`` of an amount whose own stretch of its clause is ``own``:
    the yearly value, the basis, whether the text states it (not guessed from the agreement's
    length) and the period; None for money of the years before the decided agreement ``here``.
    ``once``: the text says elsewhere that the grant is paid once."""
    (lo, hi), (a, b) = own, clause
    own_period = _stated_period(text, periods, period_starts, lo, hi, amount, here, amount_ends)
    basis, said = _basis(text, amount, lo, hi, b, past, here, own_period, once)
    if (split := _split_years(text, amount, periods, b, amount_ends)) and not past:
        own_period, basis, said = _cut_to_term(split, here), "total", True  # "högst 1 000 000 kronor, varav ..."
    value = amount.value
    if (parts := _parts_of_year(text, amount)) > 1:
        value, basis, said = amount.value * parts, "per_year", True  # "185 000 kronor per kvartal": 740 000 a year
    period = None if basis == "one_off" else (own_period or _stated_period(
        text, periods, period_starts, a, b, amount, here, amount_ends) or here)
    if period and here and period[1] and period[1] < here[0]:
        return None
    return value, basis, said, period


@lru_cache(maxsize=1)
def _share_patterns() -> dict[str, re.Pattern]:
    """``cue``: a passive split before its payers (``finansieras av``, ``fördelas lika mellan``);
    ``share``: the part after them (``med 50 procent var``, ``med hälften vardera``, ``i lika
    delar``); ``active``: a split after its payers (``står för hälften var``, ``delar lika på``);
    ``between``: what joins two payers; ``back``: the noun that opens a sentence about the
    amount before it (``Kostnaden``)."""
    alternation = partial(vocab.alternation, "funding")  # a funding.json list as an alternation
    equal, each = alternation("share_equal"), alternation("share_each")
    part = rf"(?:(?P<pct>\d{{1,3}}(?:,\d+)?)\s*(?:procent|%)|(?P<word>{alternation('share_words')}))\s+(?:{each})"
    return {
        "cue": re.compile(rf"(?i){vocab.starts(funding_data()['share_verbs'])}(?<![\wåäö])(?:{alternation('share_verbs')})\s+(?:(?P<equal>{equal})\s+)?"
                          rf"(?:gemensamt\s+)?(?:av|mellan)\s+"),
        "share": re.compile(rf"(?i)\s*,?\s*(?:(?:med\s+)?{part}|(?P<equal>{equal}))(?![\wåäö])"),
        "active": re.compile(rf"(?i){vocab.starts(funding_data()['share_subject_verbs'] + funding_data()['share_equal_verbs'])}"
                             rf"(?<![\wåäö])(?:(?:{alternation('share_subject_verbs')})\s+(?:{part}|(?P<equal>{equal}))"
                             rf"|(?P<equal_verb>{alternation('share_equal_verbs')}))(?![\wåäö])"),
        "between": re.compile(r"\s*(?:,|och|samt)\s*"),
        "back": re.compile(rf"(?i)\s*(?:{alternation('share_back_nouns')})\s+(?=\S)"),
    }


_SENTENCE_GAP = re.compile(r"[\s.;]*")


def _skip_space(text: str, at: int) -> int:
    while at < len(text) and text[at].isspace():
        at += 1
    return at


def _back_over_space(text: str, at: int) -> int:
    while at > 0 and text[at - 1].isspace():
        at -= 1
    return at


def _part(found: re.Match, payers: int) -> float:
    """Each payer's part by a matched share: ``50 procent``, ``hälften``, or equal parts."""
    if found.group("pct"):
        return float(found.group("pct").replace(",", ".")) / 100
    if found.group("word"):
        num, den = funding_data()["share_words"][" ".join(found.group("word").split()).casefold()]
        return num / den
    return 1 / payers


def _shares(text: str, amount: Amount, clause: tuple[int, int], limit: int, clauses: Clauses, mentions: list[Mention],
            starts: list[int]) -> list[tuple[Mention, float]]:
    """The payers an amount is split between and each one's part: named after it in its clause
    (``... och finansieras av kommunen och regionen med 50 procent var``), before it with an
    active verb (``Regionen och kommunen delar lika på kostnaden om ...``), or in the next
    sentence (``Kostnaden fördelas lika mellan ...``, ``Regionen och kommunen står för hälften
    var.``); nothing past ``limit`` (the next amount)."""
    p = _share_patterns()
    a, b = clause
    cue = p["cue"].search(text, amount.end, min(b, limit))
    if cue:
        return _passive_split(text, cue, mentions, starts)
    for verb in p["active"].finditer(text, a, amount.start):
        payers = _payers_before(text, verb.start(), mentions, starts)
        if len(payers) >= 2:
            return [(m, _part(verb, len(payers))) for m in payers]
    if b >= limit:
        return []
    nxt = min(_SENTENCE_GAP.match(text, b).end(), limit)
    end = min(clauses.around(nxt, nxt)[1], limit)
    opening = p["back"].match(text, nxt, end)
    if opening:
        cue = p["cue"].match(text, opening.end(), end)
        return _passive_split(text, cue, mentions, starts) if cue else []
    payers = _payers_from(text, nxt, mentions, starts)
    verb = p["active"].match(text, _skip_space(text, payers[-1].end), end) if len(payers) >= 2 else None
    if verb and re.match(r"(?i)\s*(?:av\s+(?:den\s+)?(?:totala\s+)?kostnaden)?\s*(?:[.;]|$)", text[verb.end():end + 1]):
        return [(m, _part(verb, len(payers))) for m in payers]
    return []


def _passive_split(text: str, cue: re.Match, mentions: list[Mention], starts: list[int]) -> list[tuple[Mention, float]]:
    payers = _payers_from(text, cue.end(), mentions, starts)
    if len(payers) < 2:
        return []
    found = _share_patterns()["share"].match(text, payers[-1].end)
    if found and (found.group("pct") or found.group("word") or found.group("equal")) or cue.group("equal"):
        return [(m, _part(found, len(payers)) if found else 1 / len(payers)) for m in payers]
    return []


def _payers_from(text: str, at: int, mentions: list[Mention], starts: list[int]) -> list[Mention]:
    """The mentions that start at ``at`` and follow each other joined by ``och``, ``samt`` or commas."""
    payers: list[Mention] = []
    for m in mentions[bisect.bisect_left(starts, at):]:
        if m.start > at:
            break
        if m.start == at:
            payers.append(m)
            gap = _share_patterns()["between"].match(text, m.end)
            at = gap.end() if gap else -1
    return payers


def _payers_before(text: str, at: int, mentions: list[Mention], starts: list[int]) -> list[Mention]:
    """The mentions joined by ``och``, ``samt`` or commas whose last ends right before ``at``."""
    payers: list[Mention] = []
    end = _back_over_space(text, at)
    for m in reversed(mentions[:bisect.bisect_left(starts, at)]):
        if m.end > end:
            continue
        if m.end < end:
            break
        payers.insert(0, m)
        gap = re.search(r"\s*(?:,|och|samt)\s*$", text[max(0, m.start - 8):m.start])
        end = m.start - len(gap.group()) if gap else -1
    return payers


@lru_cache(maxsize=1)
def _period_unit() -> re.Pattern:
    units = sorted(funding_data()["period_units"], key=len, reverse=True)
    return re.compile(r"(?i)[ \t\u00a0]*(?:" + "|".join(re.escape(u).replace(r"\ ", r"\s+") for u in units) + r")(?![\wåäö])")


def _parts_of_year(text: str, amount: Amount) -> int:
    """How many times a year the amount is paid, by the unit right after it (``per kvartal``: 4); 1 when none."""
    m = _period_unit().match(text, amount.end)
    return funding_data()["period_units"][" ".join(m.group().split()).casefold()] if m else 1


@lru_cache(maxsize=1)
def _own_budget() -> re.Pattern:
    """After an amount: paid from the authority's own budget, perhaps beside other sources."""
    verbs = "|".join(re.escape(v).replace(r"\ ", r"\s+") for v in funding_data()["own_budget_verbs"])
    nouns = "|".join(re.escape(n) for n in sorted(funding_data()["own_budget_nouns"], key=len, reverse=True))
    owner = r"[\wåäö-]*(?:nämndens|styrelsens|fullmäktiges|förvaltningens)|kommunens|stadens|regionens"
    return re.compile(rf"(?i)\s*,?\s*(?:(?:per\s+år|årligen)\s*,?\s+)?(?:{verbs})\s[^.;]*?(?<![\wåäö-])(?:{owner})\s+(?:{nouns})(?![\wåäö])")


@lru_cache(maxsize=1)
def _payment() -> re.Pattern:
    nouns = "|".join(re.escape(n) for n in sorted(funding_data()["own_budget_payments"], key=len, reverse=True))
    return re.compile(rf"(?i)(?<![\wåäö-])(?:{nouns})(?![\wåäö])")


def _add(out: dict, f: Optional[Funding]) -> None:
    if f is not None:
        out.setdefault((f.payer, f.amount, f.basis, f.period), f)


@lru_cache(maxsize=1)
def _generic_pattern() -> re.Pattern:
    words = funding_data()["generic"]
    return re.compile(r"(?i)" + vocab.starts(words) + r"(?<![\wåäö-])(?:"
                      + vocab.factored(sorted(words, key=len, reverse=True), ignorecase=True)
                      + r")(?![\wåäö-])")


def _generic_mentions(text: str, mentions: list[Mention]) -> list[Mention]:
    """``kommunen``, ``föreningen``, ``nämndens``: the text's short words for parties it has named."""
    pattern = _generic_pattern()
    taken = sorted((m.start, m.end) for m in mentions)
    starts = [s for s, _ in taken]
    out = []
    for hit in vocab.finditer_at(pattern, text, funding_data()["generic"]):
        i = bisect.bisect_right(starts, hit.start())
        if i and taken[i - 1][1] > hit.start():
            continue  # inside a longer name
        out.append(Mention(hit.group(), hit.start(), hit.end(), kind="generic"))
    return out


def _short_names(text: str, mentions: list[Mention], parties: list[Party]) -> list[Mention]:
    """A party called by the definite form of its name's last word: ``Kvinnojouren`` for
    ``Föreningen Sundsvalls Kvinnojour``, ``Stadsmissionen`` for ``Stiftelsen Gävle Stadsmission``."""
    taken = [(m.start, m.end) for m in mentions]
    out = []
    for party in parties:
        words = party.name.split()
        last = words[-1] if len(words) >= 2 else ""
        if len(last) < 5 or not last[0].isupper():
            continue
        # the word first, then the character before it tested: the engine skips to the word
        for hit in re.finditer(rf"{re.escape(last)}(?<![\wåäö-]{re.escape(last)})(?:en|n|et)s?(?![\wåäö-])", text):
            if not any(a <= hit.start() < b for a, b in taken):
                out.append(Mention(hit.group(), hit.start(), hit.end()))
    return out


def _roles(text: str, amount: Amount, in_clause: list[Mention], clause_start: int):
    """``(payers, recipient, past)`` for one amount in its clause."""
    before = [m for m in in_clause if m.end <= amount.start]
    verbs = sorted(list(funding_words("payer_verbs").finditer(text, clause_start, amount.start))
                   + list(funding_words("recipient_verbs").finditer(text, clause_start, amount.start)), key=lambda v: v.start())
    verb = verbs[-1] if verbs else None
    past = bool(verb) and bool(_PAST_GRANT.fullmatch(verb.group()))
    if before and _ELLIPSIS.match(text[before[-1].end:amount.start]) and not _receives(text, verb, before[-1]):
        return [before[-1]], None, past
    if verb is not None:
        if funding_words("recipient_verbs").fullmatch(verb.group()):
            return _received(text, verb, before, in_clause, amount, clause_start) + (past,)
        payers, recipient = _paid(text, verb, verbs, before, amount, clause_start)
        return payers, recipient or _recipient_after_till(text, verb, amount, in_clause), past
    owner = _cost_owner(text, before, clause_start, amount)
    if owner is not None:
        return [owner], None, False
    if funding_words("whole_budget").search(text, clause_start, amount.start):
        return ["total"], None, False
    return [], None, False


def _recipient_after_till(text: str, verb, amount: Amount, in_clause: list[Mention]) -> Optional[Mention]:
    """``lämna bidrag med 480 000 kronor till Ockelbo kommun``, ``beviljar verksamhetsbidrag till
    Västerviks Folkdansgille``: the organisation named after ``till`` right after the amount, or
    after the grant's noun between a paying verb and its amount, receives (a committee named so
    gets an allocation, no grant)."""
    if re.search(r"(?i)\sav$", verb.group()):
        return None  # "finansieras av ...": no grant is given
    for m in in_clause:
        if m.kind == "committee" or (m.kind == "generic" and funding_data()["generic"].get(m.name.casefold()) != "organisation"):
            continue
        if m.start >= amount.end and _till_after_amount().fullmatch(text, amount.end, m.start):
            return m
        if verb.end() <= m.start and m.end <= amount.start and _till_after_grant().fullmatch(text, verb.end(), m.start):
            return m
    return None


@lru_cache(maxsize=1)
def _enters_agreement() -> re.Pattern:
    """A clause entering or extending an agreement: ``ingå avtal``, ``förlänga driftavtalet``,
    ``avtalet förlängs`` (``agreement_entering`` in ``data/funding.json``; the agreement's words are
    ``agreement_words`` in ``data/documents.json``)."""
    data = funding_data()["agreement_entering"]
    nouns = vocab.alternation("documents", "agreement_words")
    verbs, passives = (vocab.factored(re.escape(w) for w in data[key]) for key in ("verbs", "passives"))
    noun = rf"[\wåäö-]*(?:{nouns})(?:et|en|n)?"
    return re.compile(rf"(?i)(?<![\wåäö])(?:(?:{verbs})\s+(?:(?:ett|en|nytt|ny|det|den)\s+)?{noun}|{noun}\s+(?:{passives}))(?![\wåäö])")


@lru_cache(maxsize=1)
def _till_after_amount() -> re.Pattern:
    """Between an amount and its recipient: ``till``, perhaps after the amount's yearly basis."""
    return re.compile(r"(?i)\s*(?:(?:per\s+år|årligen|i\s+bidrag|i\s+stöd)\s+)?till\s+")


@lru_cache(maxsize=1)
def _till_after_grant() -> re.Pattern:
    """Between a paying verb and the recipient before the amount: the grant's noun and ``till``
    (``beviljar ett verksamhetsbidrag till``), the nouns in ``grant_nouns``."""
    nouns = vocab.alternation("funding", "grant_nouns")
    return re.compile(rf"(?i)\s*(?:(?:ett|en|ett\s+årligt|ett\s+nytt)\s+)?[\wåäö-]*(?:{nouns})\s+till\s+")


def _receives(text: str, verb, mention: Mention) -> bool:
    """The mention is the object of a paying verb, or named after the grant's noun and ``till``
    (``beviljar ett arrangörsbidrag till Föreningen X om 60 000 kronor``): it receives."""
    return _object_of(text, verb, mention) or (
        verb is not None and verb.end() <= mention.start and bool(_till_after_grant().fullmatch(text, verb.end(), mention.start)))


def _object_of(text: str, verb, mention: Mention) -> bool:
    """``beviljar Stiftelsen X ...``: the mention right after a paying verb is who receives."""
    if verb is None or re.search(r"(?i)\sav$", verb.group()):
        return False  # "finansieras av Region Skåne med ...": the agent pays
    return verb.end() <= mention.start and bool(_DECISION_BETWEEN.fullmatch(text, verb.end(), mention.start))


# "beviljade 2020-06-11, § 98 Stadsmissionen i Lund ...": the decision's date and paragraph may stand between
_DECISION_BETWEEN = re.compile(r"\s*(?:(?:den\s+)?\d{4}-\d\d-\d\d,?\s*(?:§\s*\d+[a-z]?,?\s*)?)?")


# An item of a decision list: "Kommunstyrelsen beslutar / att ingå ... med X, / att avsätta ...":
# each "att" on its own line takes the deciding body as its subject, not a name in an earlier item.
_INFINITIVE = re.compile(r"(?i)(?<![\wåäö])att\s+(?:för\s+\S+\s+)?$")
_LIST_ITEM = re.compile(r"(?im)^[ \t]*(?:\d+[.)][ \t]*)?att\s+(?:för\s+\S+\s+)?$")


def _paid(text, verb, verbs, before, amount, clause_start):
    item = _LIST_ITEM.search(text, clause_start, verb.start())
    subjects = [m for m in before if m.end <= verb.start() and (item is None or m.start >= item.start())]
    first_att = re.search(r"(?i)(?<![\wåäö])att\s", text[clause_start:verb.start()])
    if first_att and _INFINITIVE.search(text, clause_start, verb.start()) and item is None:
        # "Kommunstyrelsen beslutar att ingå överenskommelse med X ... och att avsätta": the subject of
        # every infinitive is the subject before the first "att", not a name in an earlier infinitive's object
        subjects = [m for m in subjects if m.end <= clause_start + first_att.start()]
    after = [m for m in before if verb.end() <= m.start]
    recipient = after[0] if after and _object_of(text, verb, after[0]) else None
    if not subjects:
        lead = text[clause_start:verb.start()]
        proposal = re.search(r"(?i)(?:^|\n|\d[.)]\s*|\s)att\s+(?:för\s+\S+\s+)?$", lead) or re.search(r"(?i)nämnden|styrelsen|förvaltningen|föreslås", lead)
        return (["authority"] if proposal or _body_above_list(text, clause_start, verb) else []), recipient
    # "godkänner ... och avsätter": a verb coordinated with an earlier one takes the clause's first subject
    if re.search(r"(?:och|samt)\s*$", text[subjects[-1].end:verb.start()]) or \
            re.search(r"\s(?:och|samt)\s+$", text[max(clause_start, verb.start() - 6):verb.start()]):
        return [subjects[0]], recipient
    return _coordinated(text, subjects, amount), recipient


# "Regionstyrelsen\n1. godkänner ...,\n2. beviljar 850 000 kronor": the body that heads a numbered
# decision list is the subject of each item's verb
_NUMBERED_ITEM = re.compile(r"[ \t]*\d+[.)][ \t]+")
_LIST_HEAD = re.compile(r"(?i)(?:nämnden|styrelsen|fullmäktige|utskottet)(?:[ \t]+(?:beslutar|beslutade|föreslås))?"
                        r"(?:[ \t]+att)?[ \t:]*$")  # "Regionstyrelsen beslutar att" / "1. ingå ..."


def _body_above_list(text: str, clause_start: int, verb) -> bool:
    """Whether the verb opens an item of a numbered list headed by a deciding body's line."""
    line_start = text.rfind("\n", 0, verb.start()) + 1
    if not _NUMBERED_ITEM.fullmatch(text, line_start, verb.start()):
        return False
    for _ in range(12):  # up the list, over the items and their wrapped lines, to its head
        if line_start == 0:
            return False
        line_start = text.rfind("\n", 0, line_start - 1) + 1
        line = text[line_start:text.find("\n", line_start)]
        if not line.strip():
            return False
        if _LIST_HEAD.search(line.strip()):
            return True
    return False


_OWN_BODY = re.compile(r"(?i)\s*(?:[\wåäö-]+\s+och\s+)?[\wåäö-]*(?:nämnden|nämnderna|styrelsen|utskottet|förvaltningen|förvaltningarna)(?![\wåäö])")


def _received(text, verb, before, in_clause, amount, clause_start):
    if _OWN_BODY.match(text, verb.end()) or re.search(r"(?i)(?:nämnden|nämnderna|styrelsen)\s+$", text[clause_start:verb.start()]):
        return [], None  # "tilldelas kommunstyrelsen 800 tkr", "Socialnämnderna tilldelas": a committee's allocation
    subjects = [m for m in before if m.end <= verb.start()]
    recipient = subjects[-1] if subjects else None
    inverted = [m for m in before if m.start >= verb.end() and not text[verb.end():m.start].strip()]
    if inverted:
        recipient = inverted[0]  # "..., beviljas Skåre Båtklubb ett bidrag om": the name after the verb receives
    if recipient is not None and (recipient.kind in ("committee", "generic") and funding_data()["generic"].get(
            recipient.name.casefold(), "authority") != "organisation"):
        return [], None  # a committee's budget from its own municipality is an allocation, not funding
    source = [m for m in in_clause if m.start >= verb.end() and _SOURCE_AFTER.search(text[max(verb.end(), m.start - 6):m.start])]
    return ([source[0]] if source else ["authority"]), recipient


def _coordinated(text: str, subjects: list[Mention], amount: Amount) -> list[Mention]:
    """``A och B står för X vardera``: every subject joined by ``och`` pays when the amount is each's."""
    chosen = [subjects[-1]]
    # "A och B står för X vardera", "A och B bidrar vardera med X"
    if funding_words("each").search(text, amount.end, min(len(text), amount.end + 30)) or \
            funding_words("each_before_amount").search(text, subjects[-1].end, amount.start):
        for prev in reversed(subjects[:-1]):
            if re.fullmatch(r"\s*(?:,|och|samt)\s*", text[prev.end:chosen[0].start]):
                chosen.insert(0, prev)
            else:
                break
    return chosen


@lru_cache(maxsize=1)
def _cost_noun() -> re.Pattern:
    nouns = "|".join(re.escape(w) for w in funding_data()["cost_owner_nouns"])
    return re.compile(rf"(?i)s?\s+(?:egen\s+|egna\s+|totala\s+|årliga\s+)?(?:{nouns})\b")


def _cost_owner(text: str, before: list[Mention], clause_start: int, amount: Amount) -> Optional[Mention]:
    """``Kommunens kostnad uppgår till ...``, ``Nämndens bidrag om ...``: the owner pays."""
    for m in reversed(before):
        if _cost_noun().match(text[m.end - 1 if m.name.endswith("s") else m.end:amount.start]) \
                and (m.name.endswith("s") or text[m.end:m.end + 1] == "s"):
            return m
    return None


def _basis(text, amount, lo, hi, b, past, agreement, own_period, once=False) -> tuple[str, bool]:
    """The basis of the amount in its own stretch ``lo:hi`` of the clause, and whether the text
    states it; ``once``: a sentence about the grant says it is paid once."""
    if past or funding_words("one_off_words").search(text, lo, hi):
        return "one_off", True  # "beviljade 2020", "ett engångsbidrag om", "kapitaltillskott om"
    if (PER_YEAR.search(text, amount.end, hi) or PER_YEAR.search(text[max(lo, amount.start - 12):amount.start])
            or _YEARLY_NOUN.search(text[max(lo, amount.start - 60):amount.start])):
        return "per_year", True
    if own_period and _part_of_year(own_period):
        return "total", True  # "för 2021" in an agreement from 1 April: the sum for those months
    if own_period and _whole_year(own_period):
        return "per_year", True  # "600 000 kronor 2026": the amount of that one year
    if PER_YEAR.search(text, amount.end, b):
        return "per_year", True  # "fördelat på A 920 000 kronor, B 400 000 kronor och C 400 000 kronor per år"
    if _TOTAL_WORDS.search(text, lo, hi):
        return ("per_year" if _one_year(agreement) else "total"), True
    if once:
        return "one_off", True  # "Bidraget är ett engångsbelopp", "Bidraget betalas ut en gång"
    return ("per_year" if _one_year(agreement) or agreement is None else "total"), False


@lru_cache(maxsize=1)
def _once_sentence() -> re.Pattern:
    """A sentence opening on the grant's noun that says it is paid once (``once_subjects``,
    ``once_cues`` and ``one_off_words``), up to its full stop."""
    subjects = vocab.alternation("funding", "once_subjects")
    cues = vocab.alternation("funding", "once_cues") + "|" + vocab.alternation("funding", "one_off_words")
    # "betalas ut en gång per år" is a yearly payment
    yearly = r"\s+(?:(?:per|om|varje|i)\s+(?:år|året|månad|månaden|kvartal|kvartalet|halvår|halvåret)|årligen)(?![\wåäö])"
    return re.compile(rf"(?i)(?:^|(?<=[.!?:\n])[ \t]*)(?:{subjects})\s(?:[^.;]*?\s)?(?:{cues})(?![\wåäö])(?!{yearly})", re.M)


def _paid_once(text: str, a: int, b: int) -> bool:
    return _once_sentence().search(text, a, b) is not None


def _one_year(agreement) -> bool:
    return bool(agreement) and (agreement[0][:4] == agreement[1][:4] or
                                (agreement[0][5:] == "07-01" and agreement[1][5:] == "06-30"
                                 and int(agreement[1][:4]) == int(agreement[0][:4]) + 1))


def _whole_year(period: tuple[str, Optional[str]]) -> bool:
    """One calendar year, 1 January to 31 December."""
    return bool(period[1]) and period[0][:4] == period[1][:4] and period[0][5:] == "01-01" and period[1][5:] == "12-31"


def _part_of_year(period: tuple[str, Optional[str]]) -> bool:
    """A closed period shorter than a year (``2021-04-01 – 2021-12-31``)."""
    if not period[1]:
        return False
    start, end = date.fromisoformat(period[0]), date.fromisoformat(period[1])
    try:
        return end < start.replace(year=start.year + 1) - timedelta(days=1)
    except ValueError:  # 29 February
        return end < date(start.year + 1, 2, 28)


@lru_cache(maxsize=1)
def _split_cue() -> re.Pattern:
    cues = sorted(vocab.load("periods")["split_list_cues"], key=len, reverse=True)
    return re.compile(r"(?i)\s*,?\s*(?:" + "|".join(re.escape(c).replace(r"\ ", r"\s+") for c in cues) + r")\s")


def _split_years(text: str, amount: Amount, periods: list[Period], clause_end: int,
                 amount_ends: frozenset) -> Optional[tuple[str, str]]:
    """The years a sum is split over (``högst 1 000 000 kronor, varav 400 000 kronor 2025 och 600 000
    kronor 2026``: 2025 to 2026), each year the one right after one of its parts; None when none is."""
    if not _split_cue().match(text, amount.end):
        return None
    years = [p for p in periods if amount.end < p.start < clause_end and p.kind == "year"
             and (_amount_before(text, p.start, amount_ends) or amount.end) > amount.end]
    return (min(p.span[0] for p in years), max(p.span[1] for p in years)) if years else None


def _cut_to_term(span: tuple[str, str], term) -> tuple[str, str]:
    """``span`` within the decided ``term`` where the two overlap (a project that starts in October)."""
    if term and term[1] and term[0] <= span[1] and span[0] <= term[1]:
        return max(span[0], term[0]), min(span[1], term[1])
    return span


def _amount_before(text: str, at: int, amount_ends: frozenset) -> Optional[int]:
    """The end of the amount that stands right before ``at`` (white space and ``år`` between), if one does."""
    end = _back_over_space(text, at)
    if text[max(0, end - 3):end].casefold() in (" år", "\når"):
        end = _back_over_space(text, end - 2)
    return end if end in amount_ends else None


def _stated_period(text: str, periods: list[Period], starts: list[int], lo: int, hi: int, amount: Amount,
                   agreement, amount_ends: frozenset = frozenset()) -> Optional[tuple[str, str]]:
    """The closed period or single year (``under 2025``, ``år 2022``, ``för 2025``) stated nearest the
    amount in ``lo:hi``: the last before it, else the first after it. A year the agreement only
    partly covers is cut to the agreement (``för 2021`` in an agreement from 2021-04-01)."""
    found = [(p.start, p.end, p.span) for p in periods[bisect.bisect_left(starts, lo):bisect.bisect_left(starts, hi)]
             if p.end <= hi and p.end_date and p.kind != "posting"]
    found += [(y.start(), y.end(), (f"{y.group(1)}-01-01", f"{y.group(1)}-12-31"))
              for y in _SINGLE_YEAR.finditer(text, lo, hi)]
    # "varav 400 000 kronor 2025 och 600 000 kronor 2026": a year right after an amount is that amount's
    owners = {f: _amount_before(text, f[0], amount_ends) for f in found}
    own = [f for f in found if owners[f] == amount.end]
    found = [f for f in found if owners[f] is None]
    before = [f for f in found if f[1] <= amount.start]
    after = [f for f in found if f[0] >= amount.end]
    chosen = own[0] if own else max(before, key=lambda f: f[1]) if before else (min(after) if after else None)
    return _cut_to(chosen[2], agreement) if chosen else None


def _cut_to(span: tuple[str, str], agreement) -> tuple[str, str]:
    whole_year = span[0][5:] == "01-01" and span[1][5:] == "12-31" and span[0][:4] == span[1][:4]
    return _cut_to_term(span, agreement) if whole_year else span


_LEAD_REACH = 400  # how far above a table its lead sentence is looked for


def _recipient_above(text: str, top: int, mentions: list[Mention], starts: list[int]) -> Optional[Mention]:
    """The recipient a table's lead names, in the paragraph right above the table that ends by
    pointing to it (``table_leads``: ``... beviljar Föreningen X stöd ... enligt följande.``,
    ``... beviljar verksamhetsbidrag till X, ... enligt tabellen nedan.``): the organisation right
    after its paying verb, or after the grant's noun and ``till``."""
    end = _back_over_space(text, top)
    blank = text.rfind("\n\n", max(0, end - _LEAD_REACH), end)
    start = blank + 2 if blank >= 0 else max(0, end - _LEAD_REACH)
    if not _table_lead().search(text, start, end):
        return None
    verbs = list(funding_words("payer_verbs").finditer(text, start, end))
    if not verbs:
        return None
    verb = verbs[-1]
    for m in mentions[bisect.bisect_left(starts, verb.end()):bisect.bisect_left(starts, end)]:
        if m.kind == "committee" or (m.kind == "generic" and funding_data()["generic"].get(m.name.casefold()) != "organisation"):
            continue
        if _object_of(text, verb, m) or _till_after_grant().fullmatch(text, verb.end(), m.start):
            return m
    return None


@lru_cache(maxsize=1)
def _table_lead() -> re.Pattern:
    return re.compile(rf"(?i)(?<![\wåäö])(?:{vocab.alternation('funding', 'table_leads')})\s*[.:]?\s*$|:\s*$")
