"""Loads the vocabularies in ``extractor/data``: cue words, prefixes, month names, titles.

Vocabularies are data so that adding a municipality or a cue is a diff of a JSON file.
"""

import hashlib
import json
import itertools
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path


@lru_cache(maxsize=None)
def load(name: str) -> dict:
    """Return the parsed data file ``extractor/data/<name>.json``."""
    text = resources.files("extractor").joinpath("data", f"{name}.json").read_text("utf-8")
    return json.loads(text)


@lru_cache(maxsize=None)
def words(name: str, key: str) -> tuple[str, ...]:
    """Return one list of a data file, lower-cased, longest first (for regex alternations), words
    of one length in alphabetical order, so that a pattern built from them is the same every run."""
    return tuple(sorted({w.lower() for w in load(name)[key]}, key=lambda w: (-len(w), w)))


@lru_cache(maxsize=None)
def alternation(name: str, key: str) -> str:
    """One list of a data file as a regular-expression alternation, longest first, each space
    matching any run of whitespace (``föreslås gälla`` also across a line break)."""
    return factored(re.escape(w).replace(r"\ ", r"\s+") for w in words(name, key))


@lru_cache(maxsize=None)
def rules_digest(*sources: Path) -> str:
    """A short digest of rule modules and of every vocabulary they read: data kept in an index
    from earlier rules (another Diarium version) carries another digest and is computed again."""
    digest = hashlib.sha256()
    data = Path(str(resources.files("extractor").joinpath("data")))
    for path in list(sources) + sorted(data.glob("*.json")):
        digest.update(Path(path).read_bytes())
    return digest.hexdigest()[:16]



def starts(items) -> str:
    """A lookahead for the first characters of ``items`` (``(?=[bdv])``), to put before their
    alternation when it is scanned over a whole text: the regular-expression engine then rejects
    most positions with one test instead of trying every alternative at each of them. Empty when
    there are no items, or one is empty or starts with white space (which alternations let match any white space)."""
    items = list(items)
    if not items or any(not w or w[0].isspace() for w in items):
        return ""
    return "(?=[" + "".join(sorted({re.escape(w[0]) for w in items})) + "])"


# A literal character of a pattern: plain (no metacharacter, no white space) or escaped (``\-``,
# ``\.``), and not followed by a quantifier (``s?`` is no literal ``s``).
_LITERAL = re.compile(r"(?:[^\s\\.^$*+?{}\[\]|()]|\\[^\w\s])(?![*+?{])")


def factored(alternatives, ignorecase: bool = False) -> str:
    """The alternation of ``alternatives`` (regular expressions, in the order they are to be tried)
    with the literal characters that neighbours share at their start written once:
    ``kommunstyrelsen|kommunfullmäktige|kommun`` -> ``kommun(?:styrelsen|fullmäktige|)``.

    It matches what ``"|".join(alternatives)`` matches, trying the same alternatives in the same
    order: two alternatives are joined only when every one tried between them starts with another
    literal character (which cannot match where they do). The regular-expression engine then tests
    each first character once instead of once for every alternative, most of the cost of a long
    list (the names of every municipality, agency and committee) scanned over a whole text.
    ``ignorecase``: the alternation is used without regard to case (``K`` and ``k`` are one start).
    Alternatives with groups of their own are joined as they are."""
    alternatives = list(alternatives)
    if any(re.search(r"(?<!\\)(?:\((?!\?:)|\|)", a) for a in alternatives):
        return "|".join(alternatives)
    return "|".join(_factor([_literal_tokens(a) for a in alternatives], ignorecase))


def _literal_tokens(pattern: str) -> list[str]:
    tokens, at = [], 0
    while m := _LITERAL.match(pattern, at):
        tokens.append(m.group())
        at = m.end()
    return tokens + ([pattern[at:]] if at < len(pattern) else [])


def _factor(items: list[list[str]], ignorecase: bool) -> list[str]:
    """The top-level alternatives of the factored alternation of ``items``, each an alternative
    as its leading literal tokens (and, last, the rest of it)."""
    out: list = []  # [first token, [rests]] for a group, or an alternative as it is
    open_groups: dict[str, list] = {}
    for tokens in items:
        first = tokens[0] if tokens else ""
        if first and _LITERAL.fullmatch(first):
            key = first.lower() if ignorecase else first
            if key in open_groups:
                open_groups[key][1].append(tokens[1:])
            else:
                open_groups[key] = [first, [tokens[1:]]]
                out.append(open_groups[key])
        else:  # the end of an alternative, or no literal: may match where any of the groups does
            out.append("".join(tokens))
            open_groups = {}
    parts = []
    for part in out:
        if isinstance(part, str):
            parts.append(part)
            continue
        first, rests = part
        inner = _factor(rests, ignorecase) if len(rests) > 1 else ["".join(rests[0])]
        parts.append(first + (f"(?:{'|'.join(inner)})" if len(inner) > 1 else inner[0]))
    return parts


def word_ending(endings) -> str:
    """A lookahead: the word starting here (its letters ``[A-ZÅÄÖa-zåäö]``, all of them) ends in one
    of ``endings`` (``-`` for a word that ends in a hyphen, the first part of a compound list).

    Put at the start of a pattern whose first word must end so, it rejects the other words of a
    text with one pass over each, where the pattern itself would try every split of it."""
    ends = "|".join("-" if e == "-" else f"(?<={re.escape(e)})" for e in endings)
    return rf"(?=[A-ZÅÄÖa-zåäö]++(?:{ends}))"


def finditer(pattern: re.Pattern, text: str):
    """``pattern.finditer(text)``, the same matches; a pattern anchored at a line's start
    (``(?m)^...``) is tried at line starts only.

    The regular-expression engine visits every position of a text for such a pattern (``^`` is
    no character it can skip to); here one scan for line breaks, which it skips to, finds where
    the pattern matches, and the matches are taken there as ``finditer`` takes them (leftmost
    first, none overlapping the one before). Patterns that can match an empty string are scanned
    as they are."""
    finder = _line_finder(pattern)
    if finder is None:
        yield from pattern.finditer(text)
        return
    yield from scan(pattern, text, itertools.chain((0,), (m.end() for m in finder.finditer(text))))


def scan(pattern: re.Pattern, text: str, starts):
    """``pattern.finditer(text)``, given the positions where a match can start (``starts``, in
    order; a superset): the matches ``finditer`` takes (leftmost first, none overlapping the one
    before) for a pattern that matches no empty string. The pattern is tried at those positions
    only, so finding them must cost less than its scan of the whole text."""
    end = 0
    for at in starts:
        if at >= end and (m := pattern.match(text, at)):
            yield m
            end = m.end()


def finditer_at(pattern: re.Pattern, text: str, phrases):
    """``pattern.finditer(text)`` for a pattern ignoring case whose every match starts with the
    first word of one of ``phrases`` (its cues): tried only where one of those words stands in the
    text's lower case (:func:`folded`), instead of at every position."""
    lower, words = folded(text), _cue_words(tuple(phrases))
    if lower is None or words is None:
        return pattern.finditer(text)
    return scan(pattern, text, occurrences(lower, words))


@lru_cache(maxsize=1024)
def _cue_words(phrases: tuple[str, ...]):
    """The first words of ``phrases`` in lower case (:func:`_fold`), or None when one has no lower
    case that keeps its length. Kept: the finders ask with the same lists for every text."""
    words = {_fold(p.split()[0]) for p in phrases}
    return None if None in words else frozenset(words)


def occurrences(text: str, words) -> list[int]:
    """Where each of ``words`` stands in ``text`` (overlapping ones too), in order."""
    out = []
    for word in _without_extensions(frozenset(words)):
        at = text.find(word)
        while at >= 0:
            out.append(at)
            at = text.find(word, at + 1)
    out.sort()
    return out


@lru_cache(maxsize=1024)
def _without_extensions(words: frozenset[str]) -> tuple[str, ...]:
    """``words`` without those that start with another of them: where ``januari`` stands, ``jan``
    stands too, so the shorter ones find every place. No two left can start at one place (one
    would start with the other), so the places of all of them are distinct."""
    kept: list[str] = []
    for word in sorted(words):  # a word comes right after the words it starts with, or theirs
        if not (kept and word.startswith(kept[-1])):
            kept.append(word)
    return tuple(kept)


_SIX_DIGITS = re.compile(r"\d{6,}")


@lru_cache(maxsize=4)
def six_digit_runs(text: str) -> tuple[int, ...]:
    """Where a run of six digits or more starts in ``text``: where a personnummer or an
    organisation number can start (its six date digits follow, after a century or ``16``). Kept for
    the last texts: the identifiers of one text ask for it in turn."""
    return tuple(m.start() for m in _SIX_DIGITS.finditer(text))


# Characters a pattern ignoring case matches where ``str.lower`` does not tell: ``ſ`` matches ``s``,
# dotless ``ı`` and ``İ`` match ``i``.
_FOLDS_APART = ("ſ", "ı", "İ")


def folded(text: str):
    """``text`` in lower case, where a word a pattern ignoring case finds in ``text`` stands at the
    same place in lower case; None for a text with a character that breaks this (``_FOLDS_APART``,
    or one whose lower case is longer). Kept for the last long texts: several finders ask for it
    (a short one, a line or a number, is not kept, so as not to push a document's text out)."""
    return _folded(text) if len(text) >= 1000 else _fold(text)


@lru_cache(maxsize=2)
def _folded(text: str):
    return _fold(text)


def _fold(text: str):
    if any(c in text for c in _FOLDS_APART):
        return None
    lower = text.lower()
    return lower if len(lower) == len(text) else None


@lru_cache(maxsize=None)
def _line_finder(pattern: re.Pattern):
    """A pattern for the line breaks after which ``pattern`` matches, or None when ``pattern`` is
    not one anchored at a line's start (``^`` first, multi-line, no alternative beside it) or can
    match an empty string."""
    lead = re.match(r"\(\?[a-zA-Z]*\)\^", pattern.pattern)
    if not lead or not pattern.flags & re.MULTILINE or pattern.match("") is not None:
        return None
    if _top_level_alternative(pattern.pattern):
        return None
    return re.compile(r"\n(?=" + pattern.pattern[lead.end():] + ")", pattern.flags)


def _top_level_alternative(pattern: str) -> bool:
    """Whether ``pattern`` has a ``|`` outside every group and character class."""
    depth, in_class, escaped = 0, False, False
    for i, c in enumerate(pattern):
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif in_class:
            in_class = c != "]" or pattern[i - 1] == "["
        elif c == "[":
            in_class = True
        elif c in "()":
            depth += 1 if c == "(" else -1
        elif c == "|" and depth == 0:
            return True
    return False
