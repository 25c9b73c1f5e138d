"""The organisation registry: who each organisation is, under every name, and its documents.

Built by :func:`refresh` from four sources, strongest first:

1. the index's own corrections (kept in the index's store, put there by
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
   joins the national body: the chapter marker separates them, by the naming rules the
   extractor reads as well (:mod:`extractor.facts.names`).

The result is kept in the index's store (tables ``organisations`` and
``organisation_documents``), written in the transaction that reads the changed documents, so
the registry and the documents it was read from never disagree. An index made before the
registry lived in the store kept it in JSON files beside the store (``organisations.json``,
``organisation_documents.json``, ``corrections.json``); they are read once and moved into the
store (:func:`adopt_files`), or only read when the index folder is read-only.
"""

from __future__ import annotations

import bisect
import json
import uuid
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Iterable, Iterator, Optional, Union

from extractor.identifiers import orgnr
from extractor import vocab
from extractor.errors import DiariumError
from extractor.facts import names as name_rules
from extractor.facts.names import chapter_words, name_key, unit_owner, without_chapter
from index.organisations.names import Entity, number_term
from index.organisations import build as build_module, names as names_module
from index.organisations.build import Builder, document_record
from index.search import fields
from index.store import IndexProblem, Store

# the files beside the store in which an older Diarium kept the registry
LEGACY_FILES = {"organisations": "organisations.json", "documents": "organisation_documents.json",
                "corrections": "corrections.json"}
CORRECTIONS_KEY = "corrections"  # the store's meta key of the index's own corrections
STAMP_KEY = "registry_stamp"  # changes with every refresh: a reader's kept registry is then stale
REFERENCE = Path(str(resources.files("index").joinpath("data", "organisations.json")))
PREFIX_MIN = 6  # characters of a name typed in part ('röda kors') before it is read as a name


class BadCorrections(DiariumError):
    code = "D209"


class BadRegistry(IndexProblem):
    """A registry file of an index made by an older Diarium that cannot be read."""


CACHE_KEY = "org_cache"


def _cache_version() -> str:
    """What the kept records were read by (a newer Diarium reads every document again once)."""
    return vocab.rules_digest(*(Path(module.__file__) for module in (name_rules, names_module, build_module, fields)))


def refresh(store, full: bool = False) -> dict:
    """Rebuild the registry of an index folder from its store; returns counts.

    What the registry reads of each document (its organisations, its deciding committee) is
    kept in the store (``org_docs``) and read again only for the documents added, changed or
    removed since the last refresh (``pending_orgs``; every document with ``full``). The
    registry itself is then settled from those small records in document order, so it is the
    one a refresh from every extraction gives, and corrections apply at once: the records are
    read twice (numbered organisations, then the names without a number) and each
    organisation's documents go to a temporary table, so the process holds the organisations
    and their names, not every document's. The records, the registry and its documents are
    written in one transaction."""
    store.ensure_schema()
    adopt_files(store)
    db = store.db
    with store.transaction():
        if full or store.meta(CACHE_KEY) != _cache_version():
            db.execute("DELETE FROM org_docs")
            db.execute("INSERT OR IGNORE INTO pending_orgs SELECT id FROM documents")
            db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (CACHE_KEY, json.dumps(_cache_version())))
        pending = [r[0] for r in db.execute("SELECT id FROM pending_orgs ORDER BY id")]
        for doc_id in pending:
            db.execute("DELETE FROM org_docs WHERE id = ?", (doc_id,))
            extraction = store.facts(doc_id)
            if extraction is not None:
                entities, decided = document_record(extraction)
                db.execute("INSERT INTO org_docs VALUES (?, ?, ?)", (
                    doc_id, json.dumps([[e.name, e.number, e.names] for e in entities], ensure_ascii=False),
                    json.dumps(decided, ensure_ascii=False) if decided else None))
        db.executemany("DELETE FROM pending_orgs WHERE id = ?", [(i,) for i in pending])
        pairs = _Pairs(db)
        builder = Builder(_corrections(store), vocab.load("organisations")["known"], sink=pairs.add)
        for doc_id, entities in _records(db):
            builder.add_numbered(doc_id, entities)
        for doc_id, entities in _records(db):
            builder.settle(doc_id, entities)
        orgs = builder.finish(tuple(json.loads(r[0])) for r in
                              db.execute("SELECT decided FROM org_docs WHERE decided IS NOT NULL ORDER BY id"))
        pairs.flush()
        _write_built(db, orgs)
    return {"organisations": len(orgs), "documents": store.document_count()}


def _records(db) -> Iterator[tuple[str, list[Entity]]]:
    """Each document's kept organisations, in document order, read as they are needed."""
    for doc_id, entities in db.execute("SELECT id, entities FROM org_docs ORDER BY id"):
        yield doc_id, [Entity(*e) for e in json.loads(entities)]


class _Pairs:
    """Which organisation (by its place) has which document, kept in a temporary table of the
    store rather than in memory."""

    def __init__(self, db):
        self.db, self.rows = db, []
        db.execute("CREATE TEMP TABLE IF NOT EXISTS org_pairs (n INTEGER NOT NULL, doc TEXT NOT NULL, "
                   "PRIMARY KEY (n, doc)) WITHOUT ROWID")
        db.execute("DELETE FROM temp.org_pairs")

    def add(self, org, doc_id: str) -> None:
        self.rows.append((org.n, doc_id))
        if len(self.rows) >= 2000:
            self.flush()

    def flush(self) -> None:
        self.db.executemany("INSERT OR IGNORE INTO temp.org_pairs VALUES (?, ?)", self.rows)
        self.rows = []


def _write_built(db, orgs: list) -> None:
    """Replace the stored registry with a built one whose documents are in ``temp.org_pairs``.
    Organisations that share an id keep the documents of the last of them."""
    counts = dict(db.execute("SELECT n, count(*) FROM temp.org_pairs GROUP BY n"))
    _write_registry(db, [o.to_dict(counts.get(o.n, 0)) for o in orgs], {})
    db.execute("CREATE TEMP TABLE IF NOT EXISTS org_ids (n INTEGER PRIMARY KEY, id TEXT NOT NULL)")
    db.execute("DELETE FROM temp.org_ids")
    db.executemany("INSERT INTO temp.org_ids VALUES (?, ?)", [(n, i) for i, n in {o.id: o.n for o in orgs}.items()])
    db.execute("INSERT INTO organisation_documents SELECT i.id, p.doc FROM temp.org_pairs p "
               "JOIN temp.org_ids i ON i.n = p.n ORDER BY i.n, p.doc")


def _write_registry(db, organisations: list[dict], documents: dict) -> None:
    """Replace the stored registry (inside the caller's transaction) and stamp it anew."""
    db.execute("DELETE FROM organisations")
    db.execute("DELETE FROM organisation_documents")
    db.executemany("INSERT INTO organisations VALUES (?, ?, ?)",
                   [(n, o["id"], json.dumps(o, ensure_ascii=False)) for n, o in enumerate(organisations)])
    db.executemany("INSERT INTO organisation_documents VALUES (?, ?)",
                   [(org_id, doc_id) for org_id, ids in documents.items() for doc_id in ids])
    db.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (STAMP_KEY, json.dumps(uuid.uuid4().hex)))


def _corrections(store) -> dict:
    """The packaged reference data and the index's own corrections, the latter winning."""
    merged = json.loads(REFERENCE.read_text("utf-8"))
    own = corrections(store)
    merged["not_aliases"] = merged.get("not_aliases", []) + own.get("not_aliases", [])
    merged["organisations"] = merged.get("organisations", []) + own.get("organisations", [])
    merged["committees"] = merged.get("committees", []) + own.get("committees", [])
    return merged


def corrections(store) -> dict:
    """The corrections kept with an index (``{}`` when it has none)."""
    own = store.meta(CORRECTIONS_KEY)
    if own is None:
        legacy = _legacy_files(store)
        own = legacy.get("corrections") if legacy else None
    return own or {}


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
    """Keep a checked copy of a corrections file with the index, in its store (made if there
    is none yet); the next refresh applies it."""
    data = read_corrections(path)
    with Store(index_dir, create=True) as store:
        store.ensure_schema()
        adopt_files(store)
        store.set_meta(CORRECTIONS_KEY, data)


# -- an index made before the registry lived in the store ------------------------------------

def _legacy_files(store) -> Optional[dict]:
    """The registry files an older Diarium wrote beside the store, read, or None when there
    are none (the stored registry and corrections then are the whole truth)."""
    directory = Path(store.directory)
    paths = {name: directory / file for name, file in LEGACY_FILES.items()}
    if not any(p.exists() for p in paths.values()):
        return None
    found: dict = {}
    for name, p in paths.items():
        if not p.exists():
            continue
        if name == "corrections":
            found[name] = read_corrections(p)
            continue
        try:
            found[name] = json.loads(p.read_text("utf-8"))
        except (OSError, ValueError) as exc:
            raise BadRegistry(f"{p}: not a readable JSON file ({exc}); 'diarium reindex' rebuilds the registry") from None
    return found


def adopt_files(store) -> bool:
    """Move the registry files of an index made by an older Diarium into its store, once:
    read, written to the store in one transaction (what the store already holds wins), then
    removed. A read-only index folder keeps them, and they are read from there. Returns
    whether files were moved."""
    if store.read_only:
        return False
    legacy = _legacy_files(store)
    if legacy is None:
        return False
    store.ensure_schema()
    with store.transaction() as db:
        if "corrections" in legacy and store.meta(CORRECTIONS_KEY) is None:
            db.execute("INSERT INTO meta VALUES (?, ?)",
                       (CORRECTIONS_KEY, json.dumps(legacy["corrections"], ensure_ascii=False)))
        if "organisations" in legacy and store.meta(STAMP_KEY) is None:
            _write_registry(db, legacy["organisations"].get("organisations", []), legacy.get("documents") or {})
    for file in LEGACY_FILES.values():
        (Path(store.directory) / file).unlink(missing_ok=True)
    return True


# -- reading -----------------------------------------------------------------------------

PUBLIC = ("id", "name", "org_number", "legal_form", "aliases", "committees", "documents")  # the contract's keys


@dataclass(slots=True)
class Organisation:
    """One organisation of the registry: its record as the store keeps it (``Org.to_dict`` of
    :mod:`index.organisations.build`), read once; ``keys`` are its name keys, ``terms`` its
    search terms, ``documents`` how many documents it has."""

    id: str
    name: str
    org_number: Optional[str] = None
    legal_form: Optional[str] = None
    aliases: list[str] = field(default_factory=list)
    committees: list[str] = field(default_factory=list)
    documents: int = 0
    keys: list[str] = field(default_factory=list)
    terms: list[str] = field(default_factory=list)

    @classmethod
    def from_dict(cls, data: dict) -> "Organisation":
        """A stored record (or one of an older Diarium's registry file, where keys may be missing)."""
        return cls(data["id"], data["name"], data.get("org_number"), data.get("legal_form"),
                   list(data.get("aliases") or []), list(data.get("committees") or []), data.get("documents") or 0,
                   list(data.get("keys") or []), list(data.get("terms") or []))

    def to_dict(self) -> dict:
        """The record as kept."""
        return {"id": self.id, "name": self.name, "org_number": self.org_number, "legal_form": self.legal_form,
                "aliases": self.aliases, "committees": self.committees, "documents": self.documents,
                "keys": self.keys, "terms": self.terms}

    def public(self) -> dict:
        """The contract's form (``diarium orgs``, the web page's JSON, exports)."""
        return {k: getattr(self, k) for k in PUBLIC}


class Registry:
    """The registry of one index folder, for answering and resolving; records kept as dicts
    (the store's JSON form) are read into :class:`Organisation` here, once."""

    def __init__(self, orgs: Iterable[Union[Organisation, dict]]):
        self.orgs = [o if isinstance(o, Organisation) else Organisation.from_dict(o) for o in orgs]
        orgs = self.orgs
        self.by_id = {o.id: o for o in orgs}
        self.by_number = {o.org_number: o for o in orgs if o.org_number}
        self.by_key: dict[str, list[Organisation]] = {}
        for o in orgs:
            for key in o.keys:
                self.by_key.setdefault(key, []).append(o)
        self.by_term = {t: o for o in orgs for t in o.terms}
        self.names_by_term = {t: o.name for t, o in self.by_term.items()}  # the organisation facet's names
        self._sorted_keys = sorted(self.by_key)
        # Misspellings are compared with every name and with each name's distinctive part
        # ('Föreningen Fyrljuset' is also 'fyrljuset').
        self._fuzzy_keys: dict[str, list[Organisation]] = {k: list(v) for k, v in self.by_key.items()}
        for key, owners in self.by_key.items():
            short = name_rules.distinctive_part(key)
            if short != key and short not in self.by_key:
                self._fuzzy_keys.setdefault(short, []).extend(owners)
        self._fuzzy_list = list(self._fuzzy_keys)
        self._chapters: Optional[dict] = None  # both built when first asked (``similar``)
        self._names: Optional[dict] = None

    def similar(self, org: Organisation, limit: int = 3) -> list[Organisation]:
        """Other organisations whose names are close to one of ``org``'s ("se även"): those
        sharing a name with it (an ambiguous name) and those a misspelling of its name would
        be taken for (the ``typed_query`` threshold, as in :meth:`resolve`), the closest first.
        A local chapter and its national body are close but never one organisation, so each
        lists the other."""
        scores: dict[str, float] = {}
        for key in dict.fromkeys([*org.keys, name_key(org.name)]):
            for other in self.by_key.get(key, []) + self._named().get(key, []):
                scores[other.id] = 100.0
            for other in self.by_key.get(without_chapter(key), []) + self._chapters_of().get(key, []):
                scores[other.id] = max(99.0, scores.get(other.id, 0))
            if not name_rules.spelt_out(key):
                continue  # a short name, an abbreviation among them, is never a misspelling of another
            for k, score in name_rules.close_ones(key, self._fuzzy_list, "typed_query", limit=limit + 4):
                for other in self._fuzzy_keys[k]:
                    scores[other.id] = max(score, scores.get(other.id, 0))
        scores.pop(org.id, None)
        ranked = sorted(scores, key=lambda i: (-scores[i], self.by_id[i].name))
        return [self.by_id[i] for i in ranked[:limit]]

    def _named(self) -> dict[str, list[Organisation]]:
        """The organisations under each canonical name's key (a name may have lost its key
        by being shared)."""
        if self._names is None:
            self._names = {}
            for o in self.orgs:
                self._names.setdefault(name_key(o.name), []).append(o)
        return self._names

    def _chapters_of(self) -> dict[str, list[Organisation]]:
        """The local chapters under each name without its chapter word (``röda korset``)."""
        if self._chapters is None:
            self._chapters = {}
            for o in self.orgs:
                for key in o.keys:
                    if without_chapter(key) != key:
                        self._chapters.setdefault(without_chapter(key), []).append(o)
        return self._chapters

    def ranked(self) -> list[Organisation]:
        """Every organisation, most documents first (then by name)."""
        return sorted(self.orgs, key=lambda o: (-o.documents, o.name))

    def find(self, id_name_or_number: str) -> Optional[Organisation]:
        """An organisation by its id, else by any name or number (:meth:`resolve`)."""
        return self.by_id.get(id_name_or_number) or self.resolve(id_name_or_number)

    def unique(self, key: str) -> Optional[Organisation]:
        found = self.by_key.get(key) or []
        return found[0] if len(found) == 1 else None

    def resolve(self, text: str) -> Optional[Organisation]:
        text = " ".join(str(text or "").split())
        if not text:
            return None
        if orgnr.is_valid(text):
            return self.by_number.get(orgnr.validate(text))
        key = name_key(text)
        return self.unique(key) or self._unit(text) or self._fuzzy(key) or self._prefix(key)

    def _prefix(self, key: str) -> Optional[Organisation]:
        """A name typed in part, its last word unfinished (``röda kors``): the one organisation
        with a name that only completes that word. One word alone is too often the start of
        a common word to be taken for a name."""
        words = key.split()
        if len(words) < 2 or len(key) < PREFIX_MIN or len(words[-1]) < 3:
            return None
        found: dict[str, Organisation] = {}
        for k in self._sorted_keys[bisect.bisect_left(self._sorted_keys, key):]:
            if not k.startswith(key):
                break
            if " " not in k[len(key):]:
                found.update((o.id, o) for o in self.by_key[k])
        return next(iter(found.values())) if len(found) == 1 else None

    def _unit(self, text: str) -> Optional[Organisation]:
        """``Röda Korsets behandlingscenter ...``: the organisation whose unit is named."""
        owner = unit_owner(text)
        return self.unique(name_key(owner)) if owner else None

    def _fuzzy(self, key: str) -> Optional[Organisation]:
        """A misspelt or OCR-slipped name: the one organisation with a key this close; a short key
        (every abbreviation: ``RKD`` is not ``RKC``) is not compared (:func:`names.spelt_out`)."""
        if not name_rules.spelt_out(key):
            return None
        found = name_rules.close_ones(key, self._fuzzy_list, "typed_query", limit=6)
        if not found:
            return None
        best = found[0][1]
        candidates = {o.id: o for k, score in found if score >= best - 2 for o in self._fuzzy_keys[k]}
        close = [k for k, score in found if score >= best - 2]
        if len(candidates) != 1 or any(chapter_words(key) != chapter_words(k) for k in close):
            return None
        return next(iter(candidates.values()))


_cache: dict = {}


def registry_of(store) -> Registry:
    """The registry kept in a store (cached per index folder until a refresh stamps a new
    one); before any refresh, the registry of the reference data and the index's corrections."""
    key = str(Path(store.directory).resolve())
    stamp = store.meta(STAMP_KEY)
    legacy = None
    if stamp is None:
        adopt_files(store)
        stamp = store.meta(STAMP_KEY)
    if stamp is None:
        legacy = _legacy_files(store)  # a read-only index folder made by an older Diarium
        if legacy and "organisations" in legacy:
            return Registry(legacy["organisations"].get("organisations", []))
        own = corrections(store)
        stamp = "seed:" + json.dumps(own, sort_keys=True, ensure_ascii=False)
    cached = _cache.get(key)
    if cached and cached[0] == stamp:
        return cached[1]
    if stamp.startswith("seed:"):
        records = [o.to_dict() for o in Builder(_corrections(store), vocab.load("organisations")["known"]).finish()]
    else:
        records = [json.loads(r[0]) for r in store.db.execute("SELECT record FROM organisations ORDER BY ord")]
    registry = Registry(records)
    _cache[key] = (stamp, registry)
    return registry


@contextmanager
def _held(index) -> Iterator[tuple]:
    """``(store, registry)`` of an index: an open :class:`~index.folder.IndexFolder` handle's
    own (left open), or those of an index folder's path (its store closed after)."""
    if hasattr(index, "registry"):  # a handle; this module is what it reads the registry with
        yield index.store, index.registry
        return
    with Store(index) as store:
        yield store, registry_of(store)


def load(index) -> Registry:
    """The registry of an index folder (a path or an open :class:`~index.folder.IndexFolder`)."""
    with _held(index) as (_store, registry):
        return registry


def documents_of(store, org_id: str) -> list[str]:
    """The ids of one organisation's documents, in id order."""
    if store.meta(STAMP_KEY) is None:
        return (_legacy_files(store) or {}).get("documents", {}).get(org_id, [])
    return [r[0] for r in store.db.execute("SELECT doc FROM organisation_documents WHERE org = ? ORDER BY doc",
                                           (org_id,))]


def stored(index) -> dict:
    """The whole registry as kept: ``{"organisations": [records], "documents": {id: [doc ids]}}``."""
    with _held(index) as (store, registry):
        documents: dict = {}
        if store.meta(STAMP_KEY) is None:
            documents = (_legacy_files(store) or {}).get("documents", {})
        else:
            for org_id, doc_id in store.db.execute("SELECT org, doc FROM organisation_documents ORDER BY org, doc"):
                documents.setdefault(org_id, []).append(doc_id)
        return {"organisations": [o.to_dict() for o in registry.orgs], "documents": documents}


Index = Union[str, Path, "IndexFolder"]  # noqa: F821  (the handle reads its registry with this module)


def organisations(index: Index, query: Optional[str] = None) -> list[Organisation]:
    """Every organisation (or those a query names or whose names contain it), most documents
    first (``public`` is each one's JSON form)."""
    registry = load(index)
    found = registry.orgs
    if query:
        hit = registry.resolve(query)
        needle = name_key(query)
        found = [o for o in registry.orgs if o is hit or any(needle in k for k in o.keys)
                 or needle in name_key(o.name) or (o.org_number or "") == query.strip()]
    return sorted(found, key=lambda o: (-o.documents, o.name))  # as ``Registry.ranked``


def organisation_documents(index: Index) -> dict:
    """The ids of each organisation's documents, by organisation id (read once for many)."""
    return stored(index)["documents"]


def resolve(index: Index, name_or_number: str) -> Optional[Organisation]:
    """The organisation a name, alias, misspelling or number stands for (with its search ``terms``)."""
    return load(index).resolve(name_or_number)


def terms_for_number(number: str) -> list[str]:
    return [number_term(number)]


def canonical_of_term(index: Index, index_term: str) -> Optional[str]:
    """The name of the organisation an index term (``nr:...``, ``name:...``) belongs to."""
    org = load(index).by_term.get(index_term)
    return org.name if org else None
