"""The period of the agreement a document decides.

Every stated period scores in its clause; agreement cues (``avser perioden``, ``avtalstid``,
``föreslås gälla``) and the proposal or title add, history cues (``pågående``, ``tecknades``,
``sedan``) subtract. The best total wins, the later on a tie, so a period named in the
proposal, the summary and the economy section beats one date written once (Region Skåne's
proposal on the Röda Korset agreement, seed gold 003). Who pays how much is
:mod:`extractor.facts.funding`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from typing import Optional

from extractor import vocab
from extractor.model import Period
from extractor.nlp import Clauses

# Cues of the decided agreement's term and of an earlier agreement (``data/periods.json``).
_AGREEMENT_CUES = re.compile(rf"{vocab.alternation('periods', 'agreement_term_cues')}|gäller\s+\d", re.I)
_AGREEMENT_WORD = re.compile(r"(?i)överenskommelse|avtal|partnerskap|\bIOP\b")
_HISTORY_CUES = re.compile(vocab.alternation("periods", "past_agreement_cues"), re.I)
# A protocol's posting days, a two-day event, a budget year or an open start is no agreement's term.
_AGREEMENT_KINDS = ("range", "years", "months", "school_year")


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


