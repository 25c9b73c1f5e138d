"""One document's text in, one :class:`~extractor.model.Extraction` out.

The order matters: personnummer are masked first (they never reach a fact), noise is
blanked (offsets stay those of the original), then each finder runs on the cleaned text
and its facts are lifted onto the spaCy ``Doc`` as span groups.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from functools import lru_cache
from pathlib import Path
from typing import Optional

from extractor import vocab
from extractor.facts import (agreement, amount, document, funding, meetings, paragraphs, people, period,
                             relations)
from extractor.identifiers import diarienummer, personnummer
from extractor.reading import bundle, readers, textclean
from extractor.errors import printable
from extractor.model import Extraction, SourceText
from extractor.nlp import Clauses, add_spans, make_doc
from extractor.facts.organisations import KnownOrganisations, committee_name, find_mentions, known_organisations, state_bodies
from extractor.facts.parties import Resolver, named_organisations, select_parties, with_recipients
from extractor.facts.sections import Sections

PIPELINE_VERSION = "39"
# A protocol's body stands in its letterhead, within the first lines.
_LETTERHEAD_REACH = 300
_EMAIL_DOMAIN = re.compile(r"@([\w-]+\.se)\b", re.I)


def extract_file(path, known: Optional[KnownOrganisations] = None, *, ocr: bool = True) -> Extraction:
    """Read ``path`` (any format the readers know) and extract its facts as one document;
    raises ``UnreadableDocument`` for bad input."""
    return extract_source(readers.read(Path(path), ocr=ocr), known)


def extract_source(source: SourceText, known: Optional[KnownOrganisations] = None) -> Extraction:
    """The facts of a read source, with its format and pages (facts learn their page)."""
    extraction = extract_text(source.text, path=source.path, known=known)
    extraction.format = source.format
    extraction.pages = list(source.pages)
    return extraction


def extract_documents(path, *, ocr: bool = True, known: Optional[KnownOrganisations] = None) -> list[Extraction]:
    """Every document in the file at ``path``: one, or each part of a merged bundle."""
    return [extraction for extraction, _part in read_documents(path, ocr=ocr, known=known)]


def read_documents(path, *, ocr: bool = True,
                   known: Optional[KnownOrganisations] = None) -> list[tuple[Extraction, SourceText]]:
    """Each document in the file at ``path`` with the part of the source it was read from.

    Ids follow the store: the first 16 hex digits of the file's SHA-256, with ``-N`` for
    part N of a bundle; ``sha256`` is the file's.
    """
    source = readers.read(Path(path), ocr=ocr)
    parts = bundle.split(source)
    out = []
    for number, part in enumerate(parts, 1):
        extraction = extract_source(part, known)
        extraction.sha256 = source.sha256
        extraction.id = source.sha256[:16] + (f"-{number}" if len(parts) > 1 else "")
        out.append((extraction, part))
    return out


def extract_text(text: str, path: Optional[str] = None, known: Optional[KnownOrganisations] = None) -> Extraction:
    extraction, _doc = _extract(text, path, known, with_doc=False)
    return extraction


def extract_with_doc(text: str, path: Optional[str] = None, known: Optional[KnownOrganisations] = None):
    """The extraction and the spaCy ``Doc`` carrying its spans (``doc.spans[kind]``)."""
    return _extract(text, path, known, with_doc=True)


def _extract(text: str, path: Optional[str], known: Optional[KnownOrganisations], with_doc: bool):
    """The extraction, and with ``with_doc`` the whole text's Doc carrying its spans (without it,
    the people finder tokenizes only the lines its token patterns can match)."""
    known = known or known_organisations()
    sha = hashlib.sha256(text.encode("utf-8")).hexdigest()
    _masked, clean, count = _mask_and_clean(text)
    if path is not None:  # a name shown and stored: printable, its personal numbers masked
        path = printable(path)
        count += len(personnummer.find(path))
        path = personnummer.mask(path)
    doc = make_doc(clean) if with_doc else None
    sections = Sections(clean)
    clauses = Clauses(clean)
    head_end = relations.header_end(clean, sections)

    found = diarienummer.find(clean)
    own, cited = relations.split_own(clean, found, sections)
    periods = period.find(clean)
    mentions = find_mentions(clean, known)
    resolver = Resolver(clean, mentions, known)
    committees = [m for m in mentions if m.kind == "committee"]
    decider = document.decided_by(clean, committees, sections)
    authority = _authority(clean, own, decider, resolver, known)
    for m in committees:
        m.authority = m.authority or authority

    doc_type = document.document_type(clean, head_end)
    protocol = doc_type in ("protokoll", "protokollsutdrag")
    date = document.own_date(clean, head_end, protocol=protocol)
    title, title_span = document.title(clean, head_end, own)
    if doc_type == "dom":
        title, title_span = document.judgment_title(clean, own) or (title, title_span)
    elif title is None and doc_type in vocab.words("documents", "audit_report_types"):
        title, title_span = document.audit_subject(clean) or (title, title_span)
    protocol_paragraphs = paragraphs.find(clean, own) if protocol else []
    body = _protocol_body(committees, protocol_paragraphs, decider) if protocol else None
    # an extract of one paragraph tells whose decision it is by whose proposal it follows
    assembly = document.assembly_deciding(clean) if doc_type == "protokollsutdrag" else None
    working = document.working_committee(clean, _letterhead_end(protocol_paragraphs)) if protocol else None
    body_name = assembly or working or (committee_name(body.canonical) if body else None) or (
        document.proposition_body(clean) if protocol else None)
    if protocol and not (title or "").casefold().startswith(f"{doc_type} från "):
        heading = document.paragraph_heading(clean, protocol_paragraphs) if doc_type == "protokollsutdrag" else None
        title, title_span = heading or (document.protocol_title(doc_type, working or (body.canonical if body else None),
                                                                 authority, date), (0, 0))
    boosted = [title_span] + [(s.start, s.end) for s in sections.named(vocab.words("documents", "proposal_sections"))]
    amounts = amount.find(clean)
    agreement_span = agreement.agreement_period(clean, periods, clauses, boosted)
    payer = lambda m: m.authority if m.kind == "committee" else resolver.canonical(m.canonical or m.name)  # noqa: E731
    org_mentions = [m for g in resolver.groups for m in g.mentions] + committees
    # a protocol's agreements are its own authority's, whoever the text names as deciding
    parties = select_parties(clean, resolver, sections, title_span, (decider.authority if decider else None)
                             or (authority if len(protocol_paragraphs) > 1 else None), protocol_paragraphs)
    about_agreement = document.concerns_agreement(clean, doc_type, boosted)
    # in a protocol of several matters, each paragraph agrees its own period, if any
    agreed = [(p.start, p.end, agreement.agreement_period(clean, [q for q in periods if p.start <= q.start < p.end],
                                                          clauses, boosted))
              for p in protocol_paragraphs] if len(protocol_paragraphs) > 1 else []
    rows = funding.find(clean, amounts, sorted(org_mentions, key=lambda m: m.start), clauses, periods,
                        found, agreement_span, payer, authority, parties, agreed)

    result = Extraction(
        id=sha[:16],
        path=path,
        sha256=sha,
        pipeline_version=PIPELINE_VERSION,
        document_type=doc_type,
        title=title,
        date=date,
        # a state agency decides as itself, not by a committee
        decided_by=assembly or working or (decider.canonical if decider else None) or body_name or (
            authority if authority in _state_names() else None),
        authority=authority,
        own_case_numbers=_unique_numbers(own),
        referenced_case_numbers=relations.classify(clean, cited, clauses, periods, extends=document.extends(title)),
        decision_refs=meetings.decision_refs(clean, sections, body_name, paragraphs.prefix(protocol_paragraphs),
                                             decider.canonical if decider else None, authority),
        org_numbers=resolver.numbers,
        amounts=amounts,
        funding=rows,
        # a protocol of several matters is no agreement: the period one paragraph agrees is that
        # matter's (its funding rows keep it)
        agreement_period=agreement_span if len(protocol_paragraphs) <= 1 and about_agreement else None,
        periods=periods,
        parties=_parties(clean, doc_type, about_agreement, protocol_paragraphs, parties, rows, authority),
        organisations=named_organisations(resolver),
        people=people.find(clean, not_names=[m.name for m in org_mentions], doc=doc),
        meetings=meetings.meetings(clean, sections, body_name, date),
        paragraphs=protocol_paragraphs,
        masked_personnummer=count,
    )
    if doc is not None:
        _lift(doc, result)
    return result, doc


def _parties(text, doc_type, about_agreement, protocol_paragraphs, parties, rows, authority) -> list:
    """The parties of the agreement or grant the document decides; none when it decides neither
    (a report, an opinion, a decision on a charter or a plan) or names only the deciding authority."""
    grant = len(protocol_paragraphs) <= 1 and any(f.recipient for f in rows)
    if not (document.has_parties(text, doc_type) or (grant and doc_type in ("protokoll", "protokollsutdrag"))):
        return []  # a protocol's extract has parties when it decides an agreement or a grant
    if len(protocol_paragraphs) > 1:
        found = parties  # the agreement paragraphs' parties
    elif not (about_agreement or grant):
        return []
    else:
        found = with_recipients(text, parties, rows)
    # an agreement or a grant has two sides: the deciding authority alone, its counterparty not
    # named, gives no parties
    return [] if [p.name for p in found] == [authority] else found


def masked_text(text: str) -> tuple[str, int]:
    """``text`` with every personnummer masked, and how many there were."""
    masked, _clean, count = _mask_and_clean(text)
    return masked, count


@lru_cache(maxsize=2)
def _mask_and_clean(text: str) -> tuple[str, str, int]:
    """The text masked, the text cleaned (and masked), and how many numbers were masked.

    Kept for the last texts: an import extracts a text and then stores its masked form, and
    the two need the same work once.

    Masking runs twice: on the text as read, and on the text as the finders see it
    (cleaning blanks noise between digits, which can complete a number), so no fact,
    evidence sentence or stored text ever holds one.
    """
    found = personnummer.find(text)
    masked = personnummer.mask(text, found)
    clean = textclean.clean(masked)
    more = personnummer.find(clean)
    if more:
        masked, clean = personnummer.mask(masked, more), personnummer.mask(clean, more)
    return masked, clean, len(found) + len(more)


def _unique_numbers(own):
    """Each own number once, as first spelt (one key however typed: :func:`diarienummer.compact`)."""
    seen, out = set(), []
    for c in own:
        if diarienummer.compact(c.number) not in seen:
            seen.add(diarienummer.compact(c.number))
            out.append(c)
    return out


def _protocol_body(committees, protocol_paragraphs, decider):
    """Whose protocol it is: the committee of its letterhead, which stands above the first
    paragraph (a committee in a heading, ``Hemställan från grundskolenämnden``, is the matter's
    sender), else the deciding committee."""
    return next((m for m in committees if m.start < _letterhead_end(protocol_paragraphs)), decider)


@lru_cache(maxsize=1)
def _state_names() -> frozenset[str]:
    return frozenset(body["name"] for body in state_bodies())


def _letterhead_end(protocol_paragraphs) -> int:
    return min([_LETTERHEAD_REACH] + [p.start for p in protocol_paragraphs[:1]])


_CAPITALS_AUTHORITY = re.compile(r"([A-ZÅÄÖ][A-ZÅÄÖ-]+ (?:KOMMUN|STAD))\s")


def _authority(text, own, decider, resolver, known) -> Optional[str]:
    """The municipality or region the document comes from."""
    for c in own:
        prefix = re.match(r"[A-ZÅÄÖ]+", c.number)
        if prefix and known.authority_for_prefix(prefix.group()):
            return known.authority_for_prefix(prefix.group())
    if decider and decider.authority:
        return decider.authority
    letterhead = [cell for line in text[:300].lstrip().split("\n", 3)[:3] for cell in re.split(r"\s{2,}", line)]
    # a letterhead's columns run together in a scan's text: "SKELLEFTEÅ KOMMUN Sammanträdesdatum Sida"
    letterhead += [m.group(1) for cell in letterhead if (m := _CAPITALS_AUTHORITY.match(cell.strip()))]
    state = _state_names()
    for line in letterhead:
        if resolver.canonical(line.strip()) in state:  # "Trafikverket" over its unit "Region Mitt"
            return resolver.canonical(line.strip())
        if re.search(r"(?i)\b(?:kommun|stad)$|^region\s", line.strip()):
            named = resolver.canonical(line.strip())
            if named or re.fullmatch(r"(?i)[\w-]+ (?:kommun|stad)", line.strip()):
                return named or line.strip().capitalize()
            if re.fullmatch(r"(?i)region(?: [\w-]+){1,2}(?: län)?", line.strip()):  # "REGION KALMAR LÄN"
                return " ".join(w.lower() if w.casefold() == "län" else w.capitalize() for w in line.split())
    for domain in _EMAIL_DOMAIN.findall(text):
        if known.authority_for_domain(domain):
            return known.authority_for_domain(domain)
    # an agency's letterhead: "LÄNSSTYRELSEN", "NATURVÅRDSVERKET"
    heading = [g.name for g in resolver.groups for m in g.mentions if g.name in state and m.start < _LETTERHEAD_REACH]
    if heading:
        return heading[0]
    public = Counter(g.name for g in resolver.groups for _ in g.mentions
                     if re.search(r"(?i)\b(?:kommun|stad|region)\b", g.name))
    return public.most_common(1)[0][0] if public else _meeting_hall_owner(text)


def _meeting_hall_owner(text: str) -> Optional[str]:
    """``Plats: Burlövs kommunhus``: the municipality whose hall the meeting is held in
    (``town_halls`` in ``data/documents.json``), for a protocol that names it nowhere else."""
    data = vocab.load("documents")
    labels, halls = vocab.alternation("documents", "meeting_place_labels"), data["town_halls"]
    hall = re.search(rf"(?m)^[ \t]*(?i:{labels})[ \t]*:[ \t]*(?P<place>[A-ZÅÄÖ][\wåäö-]*)[ \t]+"
                     rf"(?P<hall>(?i:{'|'.join(map(re.escape, halls))}))(?![\wåäö])", text[:_LETTERHEAD_REACH * 3])
    return f"{hall.group('place')} {halls[hall.group('hall').casefold()]}" if hall else None


def _lift(doc, result: Extraction) -> None:
    add_spans(doc, "case_number", [(c.start, c.end, "own") for c in result.own_case_numbers]
              + [(c.start, c.end, c.relation) for c in result.referenced_case_numbers])
    add_spans(doc, "org_number", [(o.start, o.end, o.number) for o in result.org_numbers])
    add_spans(doc, "amount", [(a.start, a.end, str(a.value)) for a in result.amounts])
    add_spans(doc, "period", [(p.start, p.end, f"{p.start_date}/{p.end_date}") for p in result.periods])
    add_spans(doc, "person", [(p.start, p.end, p.title or "") for p in result.people])
    add_spans(doc, "party", [(p.start, p.end, p.name) for p in result.parties if p.start >= 0])
