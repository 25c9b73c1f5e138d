"""The organisation registry: who each organisation is, under every name, and its documents.

Built by :func:`refresh` from three sources, strongest first:

1. ``corpus/organisations.json``: corrections a reviewer can diff — canonical names,
   numbers, aliases, and ``not_aliases`` (words that never name one organisation:
   ``kommunen``, ``IOP``);
2. the public bodies the extractor knows (``extractor/data/organisations.json``) with their
   committees;
3. the documents: an organisation number is the identity, the names written next to it
   become its aliases, and so do abbreviations defined in the text (``(RKC)``); a name
   without a number joins the organisation it is a variant of (case, genitive, unit, OCR
   slip), or stays an organisation of its own. A name that two organisations share is
   ambiguous and finds neither; a local chapter (``Röda Korset Göteborgskretsen``) never
   joins the national body, since the extractor's rule says the chapter marker separates
   them.

The result is written to ``organisations.json`` (organisations with their aliases and
search terms) and ``organisation_documents.json`` (document ids per organisation) in the
index folder, each replaced atomically.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path
from typing import Optional

from rapidfuzz import fuzz, process

from extractor import orgnr, vocab
from index.org_names import ABBREVIATION, is_chapter_word, name_key, number_term, unit_owner
from index.registry_build import Builder

REGISTRY_FILE = "organisations.json"
DOCUMENTS_FILE = "organisation_documents.json"
CORRECTIONS = Path(__file__).resolve().parent.parent / "corpus" / "organisations.json"
FUZZY_MIN = 88


def refresh(store) -> dict:
    """Rebuild the registry of an index folder from its store; returns counts."""
    builder = Builder(_corrections(), vocab.load("organisations")["known"])
    for doc_id, _path, extraction in store.extractions():
        builder.add_document(doc_id, extraction)
    orgs = builder.finish()
    directory = Path(store.directory)
    _write(directory / REGISTRY_FILE, {"organisations": [o.to_dict() for o in orgs]})
    _write(directory / DOCUMENTS_FILE, {o.id: sorted(o.document_ids) for o in orgs})
    return {"organisations": len(orgs), "documents": store.document_count()}


def _corrections() -> dict:
    if CORRECTIONS.exists():
        return json.loads(CORRECTIONS.read_text("utf-8"))
    return {}


def _write(path: Path, data) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        tmp.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)  # a full disk leaves no half-written file behind
        raise


# -- reading -----------------------------------------------------------------------------

class Registry:
    """The registry of one index folder, for answering and resolving."""

    def __init__(self, orgs: list[dict]):
        self.orgs = orgs
        self.by_id = {o["id"]: o for o in orgs}
        self.by_number = {o["org_number"]: o for o in orgs if o.get("org_number")}
        self.by_key: dict[str, list[dict]] = {}
        for o in orgs:
            for key in o.get("keys", []):
                self.by_key.setdefault(key, []).append(o)
        self.by_term = {t: o for o in orgs for t in o.get("terms", [])}

    def unique(self, key: str) -> Optional[dict]:
        found = self.by_key.get(key) or []
        return found[0] if len(found) == 1 else None

    def resolve(self, text: str) -> Optional[dict]:
        text = " ".join(str(text or "").split())
        if not text:
            return None
        if orgnr.is_valid(text):
            return self.by_number.get(orgnr.validate(text))
        key = name_key(text)
        return self.unique(key) or self._unit(text) or self._fuzzy(key)

    def _unit(self, text: str) -> Optional[dict]:
        """``Röda Korsets behandlingscenter ...``: the organisation whose unit is named."""
        owner = unit_owner(text)
        return self.unique(name_key(owner)) if owner else None

    def _fuzzy(self, key: str) -> Optional[dict]:
        """A misspelt or OCR-slipped name: the one organisation with a key this close."""
        if len(key) < 8 or ABBREVIATION.match(key):
            return None
        found = process.extract(key, list(self.by_key), scorer=fuzz.ratio, limit=6, score_cutoff=FUZZY_MIN)
        if not found:
            return None
        best = found[0][1]
        candidates = {o["id"]: o for k, score, _ in found if score >= best - 2 for o in self.by_key[k]}
        close = [k for k, score, _ in found if score >= best - 2]
        if len(candidates) != 1 or any(_chapters(key) != _chapters(k) for k in close):
            return None
        return next(iter(candidates.values()))


def _chapters(key: str) -> set:
    return {w for w in key.split() if is_chapter_word(w)}


_cache: dict = {}


def load(index_dir) -> Registry:
    """The registry of ``index_dir`` (cached until its file changes); seeds only before any refresh."""
    path = Path(index_dir) / REGISTRY_FILE
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        return _seed_registry()
    cached = _cache.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    registry = Registry(json.loads(path.read_text("utf-8"))["organisations"])
    _cache[path] = (stamp, registry)
    return registry


@lru_cache(maxsize=1)
def _seed_registry() -> Registry:
    orgs = Builder(_corrections(), vocab.load("organisations")["known"]).finish()
    return Registry([o.to_dict() for o in orgs])


def public(org: dict) -> dict:
    """The contract's form of one organisation."""
    keys = ("id", "name", "org_number", "legal_form", "aliases", "committees", "documents")
    return {k: org.get(k) for k in keys}


def organisations(index_dir, query: Optional[str] = None) -> list[dict]:
    """Every organisation (or those a query names or whose names contain it), most documents first."""
    registry = load(index_dir)
    found = registry.orgs
    if query:
        hit = registry.resolve(query)
        needle = name_key(query)
        found = [o for o in registry.orgs if o is hit or any(needle in k for k in o.get("keys", []))
                 or needle in name_key(o["name"]) or (o.get("org_number") or "") == query.strip()]
    return [public(o) for o in sorted(found, key=lambda o: (-o.get("documents", 0), o["name"]))]


def organisation(index_dir, org_id: str) -> Optional[dict]:
    """One organisation by id (or by any name or number), with the ids of its documents."""
    registry = load(index_dir)
    org = registry.by_id.get(org_id) or registry.resolve(org_id)
    if org is None:
        return None
    out = public(org)
    out["document_ids"] = _documents(index_dir).get(org["id"], [])
    return out


def _documents(index_dir) -> dict:
    path = Path(index_dir) / DOCUMENTS_FILE
    return json.loads(path.read_text("utf-8")) if path.exists() else {}


def resolve(index_dir, name_or_number: str) -> Optional[dict]:
    """The organisation a name, alias, misspelling or number stands for, with its search ``terms``."""
    org = load(index_dir).resolve(name_or_number)
    return dict(public(org), terms=list(org.get("terms", []))) if org else None


def terms_for_number(number: str) -> list[str]:
    return [number_term(number)]


def canonical_of_term(index_dir, index_term: str) -> Optional[str]:
    """The name of the organisation an index term (``nr:...``, ``name:...``) belongs to."""
    org = load(index_dir).by_term.get(index_term)
    return org["name"] if org else None

