"""The organisation registry: who each organisation is, under every name, and its documents.

Built by :func:`refresh` from four sources, strongest first:

1. the index's own corrections (``corrections.json`` in the index folder, put there by
   ``diarium import --corrections FILE``): canonical names, numbers and aliases a reviewer
   can diff, for the organisations of that archive;
2. the packaged reference data (``index/data/organisations.json``): ``not_aliases`` (words
   that never name one organisation: ``kommunen``, ``IOP``), municipalities and committees;
3. the public bodies the extractor knows (``extractor/data/organisations.json``);
4. the documents: an organisation number is the identity, the names written next to it
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

import bisect
import json
import os
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Optional

from rapidfuzz import fuzz, process

from extractor.identifiers import orgnr
from extractor import vocab
from extractor.errors import DiariumError
from extractor.facts.names import fuzzy_min
from index.organisations.names import ABBREVIATION, Entity, is_chapter_word, name_key, number_term, unit_owner
from index.organisations import build as build_module, names as names_module
from index.organisations.build import Builder, document_record
from index.search import fields

REGISTRY_FILE = "organisations.json"
DOCUMENTS_FILE = "organisation_documents.json"
CORRECTIONS_FILE = "corrections.json"
REFERENCE = Path(str(resources.files("index").joinpath("data", "organisations.json")))
FUZZY_MIN = fuzzy_min("typed_query")  # a name typed in a search
PREFIX_MIN = 6  # characters of a name typed in part ('röda kors') before it is read as a name


class BadCorrections(DiariumError):
    code = "D209"


CACHE_KEY = "org_cache"


def _cache_version() -> str:
    """What the kept records were read by (a newer Diarium reads every document again once)."""
    return vocab.rules_digest(*(Path(module.__file__) for module in (names_module, build_module, fields)))


def refresh(store, full: bool = False) -> dict:
    """Rebuild the registry of an index folder from its store; returns counts.

    What the registry reads of each document (its organisations, its deciding committee) is
    kept in the store (``org_docs``) and read again only for the documents added, changed or
    removed since the last refresh (``pending_orgs``; every document with ``full``). The
    registry itself is then settled from those small records in document order, so it is the
    one a refresh from every extraction gives, and corrections apply at once."""
    store.ensure_schema()
    db = store.db
    with store.transaction():
        if full or store.meta(CACHE_KEY) != _cache_version():
            db.execute("DELETE FROM org_docs")
            db.execute("INSERT OR IGNORE INTO pending_orgs SELECT id FROM documents")
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (CACHE_KEY, json.dumps(_cache_version())))
        pending = [r[0] for r in db.execute("SELECT id FROM pending_orgs ORDER BY id")]
        for doc_id in pending:
            db.execute("DELETE FROM org_docs WHERE id = ?", (doc_id,))
            extraction = store.extraction(doc_id)
            if extraction is not None:
                entities, decided = document_record(extraction)
                db.execute("INSERT INTO org_docs VALUES (?, ?, ?)", (
                    doc_id, json.dumps([[e.name, e.number, e.names] for e in entities], ensure_ascii=False),
                    json.dumps(decided, ensure_ascii=False) if decided else None))
        db.executemany("DELETE FROM pending_orgs WHERE id = ?", [(i,) for i in pending])
    builder = Builder(_corrections(store.directory), vocab.load("organisations")["known"])
    for doc_id, entities, decided in db.execute("SELECT id, entities, decided FROM org_docs ORDER BY id"):
        builder.add_record(doc_id, [Entity(*e) for e in json.loads(entities)], json.loads(decided) if decided else None)
    orgs = builder.finish()
    directory = Path(store.directory)
    _write(directory / REGISTRY_FILE, {"organisations": [o.to_dict() for o in orgs]})
    _write(directory / DOCUMENTS_FILE, {o.id: sorted(o.document_ids) for o in orgs})
    return {"organisations": len(orgs), "documents": store.document_count()}


def _corrections(index_dir) -> dict:
    """The packaged reference data and the index's own corrections, the latter winning."""
    merged = json.loads(REFERENCE.read_text("utf-8"))
    path = Path(index_dir) / CORRECTIONS_FILE
    if path.exists():
        own = read_corrections(path)
        merged["not_aliases"] = merged.get("not_aliases", []) + own.get("not_aliases", [])
        merged["organisations"] = merged.get("organisations", []) + own.get("organisations", [])
        merged["committees"] = merged.get("committees", []) + own.get("committees", [])
    return merged


def read_corrections(path) -> dict:
    """A corrections file, checked: ``organisations`` (each with a ``name``), ``not_aliases``, ``committees``."""
    try:
        data = json.loads(Path(path).read_text("utf-8"))
    except (OSError, ValueError) as exc:
        raise BadCorrections(f"{path}: not a readable JSON file ({exc})") from None
    if not isinstance(data, dict):
        raise BadCorrections(f"{path}: not a JSON object")
    for entry in data.get("organisations", []):
        if not isinstance(entry, dict) or not isinstance(entry.get("name"), str):
            raise BadCorrections(f"{path}: an organisation without a name: {entry!r}")
        if entry.get("org_number") and not orgnr.is_valid(entry["org_number"]):
            raise BadCorrections(f"{path}: {entry['org_number']}: not a valid organisation number")
    for entry in data.get("committees", []):
        if not isinstance(entry, dict) or not entry.get("name") or not entry.get("belongs_to"):
            raise BadCorrections(f"{path}: a committee needs a name and belongs_to: {entry!r}")
    return data


def install_corrections(index_dir, path) -> None:
    """Keep a checked copy of a corrections file with the index (the next refresh applies it)."""
    data = read_corrections(path)
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    _write(Path(index_dir) / CORRECTIONS_FILE, data)


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
        self.names_by_term = {t: o["name"] for t, o in self.by_term.items()}  # the organisation facet's names
        self._sorted_keys = sorted(self.by_key)
        # Misspellings are compared with every name and with each name's distinctive part
        # ('Föreningen Fyrljuset' is also 'fyrljuset').
        self._fuzzy_keys: dict[str, list[dict]] = {k: list(v) for k, v in self.by_key.items()}
        prefixes = tuple(name_key(w) + " " for w in vocab.words("organisations", "org_prefix_words"))
        for key, owners in self.by_key.items():
            short = key
            while short.startswith(prefixes):
                short = short.split(" ", 1)[1]
            if short != key and short not in self.by_key:
                self._fuzzy_keys.setdefault(short, []).extend(owners)
        self._fuzzy_list = list(self._fuzzy_keys)
        self._chapters: Optional[dict] = None  # both built when first asked (``similar``)
        self._names: Optional[dict] = None

    def similar(self, org: dict, limit: int = 3) -> list[dict]:
        """Other organisations whose names are close to one of ``org``'s ("se även"): those
        sharing a name with it (an ambiguous name) and those a misspelling of its name would
        be taken for (``FUZZY_MIN``, as in :meth:`resolve`), the closest first. A local
        chapter and its national body are close but never one organisation, so each lists the
        other."""
        scores: dict[str, float] = {}
        for key in dict.fromkeys([*org.get("keys", []), name_key(org["name"])]):
            for other in self.by_key.get(key, []) + self._named().get(key, []):
                scores[other["id"]] = 100.0
            for other in self.by_key.get(_without_chapter(key), []) + self._chapters_of().get(key, []):
                scores[other["id"]] = max(99.0, scores.get(other["id"], 0))
            if len(key) < 8 or ABBREVIATION.match(key):
                continue
            for k, score, _ in process.extract(key, self._fuzzy_list, scorer=fuzz.ratio, limit=limit + 4,
                                               score_cutoff=FUZZY_MIN):
                for other in self._fuzzy_keys[k]:
                    scores[other["id"]] = max(score, scores.get(other["id"], 0))
        scores.pop(org["id"], None)
        ranked = sorted(scores, key=lambda i: (-scores[i], self.by_id[i]["name"]))
        return [self.by_id[i] for i in ranked[:limit]]

    def _named(self) -> dict[str, list[dict]]:
        """The organisations under each canonical name's key (a name may have lost its key
        by being shared)."""
        if self._names is None:
            self._names = {}
            for o in self.orgs:
                self._names.setdefault(name_key(o["name"]), []).append(o)
        return self._names

    def _chapters_of(self) -> dict[str, list[dict]]:
        """The local chapters under each name without its chapter word (``röda korset``)."""
        if self._chapters is None:
            self._chapters = {}
            for o in self.orgs:
                for key in o.get("keys", []):
                    if _without_chapter(key) != key:
                        self._chapters.setdefault(_without_chapter(key), []).append(o)
        return self._chapters

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
        return self.unique(key) or self._unit(text) or self._fuzzy(key) or self._prefix(key)

    def _prefix(self, key: str) -> Optional[dict]:
        """A name typed in part, its last word unfinished (``röda kors``): the one organisation
        with a name that only completes that word. One word alone is too often the start of
        a common word to be taken for a name."""
        words = key.split()
        if len(words) < 2 or len(key) < PREFIX_MIN or len(words[-1]) < 3:
            return None
        found: dict[str, dict] = {}
        for k in self._sorted_keys[bisect.bisect_left(self._sorted_keys, key):]:
            if not k.startswith(key):
                break
            if " " not in k[len(key):]:
                found.update((o["id"], o) for o in self.by_key[k])
        return next(iter(found.values())) if len(found) == 1 else None

    def _unit(self, text: str) -> Optional[dict]:
        """``Röda Korsets behandlingscenter ...``: the organisation whose unit is named."""
        owner = unit_owner(text)
        return self.unique(name_key(owner)) if owner else None

    def _fuzzy(self, key: str) -> Optional[dict]:
        """A misspelt or OCR-slipped name: the one organisation with a key this close."""
        if len(key) < 8 or ABBREVIATION.match(key):
            return None
        found = process.extract(key, self._fuzzy_list, scorer=fuzz.ratio, limit=6, score_cutoff=FUZZY_MIN)
        if not found:
            return None
        best = found[0][1]
        candidates = {o["id"]: o for k, score, _ in found if score >= best - 2 for o in self._fuzzy_keys[k]}
        close = [k for k, score, _ in found if score >= best - 2]
        if len(candidates) != 1 or any(_chapters(key) != _chapters(k) for k in close):
            return None
        return next(iter(candidates.values()))


def _chapters(key: str) -> set:
    return {w for w in key.split() if is_chapter_word(w)}


def _without_chapter(key: str) -> str:
    """``röda korset göteborgskretsen`` -> ``röda korset``: the name a local chapter carries."""
    return " ".join(w for w in key.split() if not is_chapter_word(w))


_cache: dict = {}


def load(index_dir) -> Registry:
    """The registry of ``index_dir`` (cached until its file changes); seeds only before any refresh."""
    path = Path(index_dir) / REGISTRY_FILE
    try:
        stamp = path.stat().st_mtime_ns
    except FileNotFoundError:
        return _seed_registry(str(Path(index_dir)))
    cached = _cache.get(path)
    if cached and cached[0] == stamp:
        return cached[1]
    registry = Registry(json.loads(path.read_text("utf-8"))["organisations"])
    _cache[path] = (stamp, registry)
    return registry


@lru_cache(maxsize=8)
def _seed_registry(index_dir: str) -> Registry:
    orgs = Builder(_corrections(index_dir), vocab.load("organisations")["known"]).finish()
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


def organisation_documents(index_dir) -> dict:
    """The ids of each organisation's documents, by organisation id (read once for many)."""
    return _documents(index_dir)


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

