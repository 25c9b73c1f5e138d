"""Index folders for the tests, made the one way ``diarium import`` makes them.

Every test that needs an index gets it from here: files imported by the real importer
(extraction, store, search engine, organisation registry, links), with a corrections file
kept in the index when asked. ``tests/conftest.py`` builds the sample corpus's index once
per test session and engine.
"""

from pathlib import Path
from typing import Iterable, Optional

import json

from index.importing.importer import import_paths
from index.organisations import registry as orgs
from index.organisations.registry import install_corrections
from index.store import Store

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus" / "documents"
# The sample corpus's organisations, as a user would correct them.
CORRECTIONS = ROOT / "corpus" / "organisations.json"

# A document written to attack the page: markup in its text and title, and a real case number.
HOSTILE = """Tjänsteskrivelse
Datum 2024-02-01
Diarienummer KS 2024/77

Bidrag till <script>alert("x")</script> Föreningen Krokus

Sammanfattning
Kommunstyrelsen föreslås bevilja Föreningen Krokus ett bidrag om 50 000 kr för 2024.
<img src=x onerror="alert(1)"> Ärendet hänger samman med KS 2023/123.
"""


def build_index(index_dir: Path, paths: Iterable, *, engine: Optional[str] = None,
                corrections: Optional[Path] = CORRECTIONS) -> Path:
    """Import ``paths`` (files or folders) into a new index folder with ``engine`` (default: the
    default engine), with ``corrections`` kept in the index; the folder is returned."""
    index_dir = Path(index_dir)
    if corrections:
        install_corrections(index_dir, corrections)
    summary = import_paths([str(p) for p in paths], index_dir, workers=1, ocr=False, engine=engine)
    assert not summary.counts["failed"], f"a test file failed to import into {index_dir}"
    return index_dir


def write_files(folder: Path, texts: dict[str, str]) -> Path:
    """Write each ``name: text`` into ``folder`` (made if missing); the folder is returned."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in texts.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def as_made_before_the_store_kept_the_registry(index_dir: Path) -> dict:
    """Turn an index into one an older Diarium made: the registry and corrections in JSON
    files beside the store, the store's registry tables and keys dropped."""
    kept = orgs.stored(index_dir)
    with Store(index_dir) as store:
        own = orgs.corrections(store)
        (index_dir / "organisations.json").write_text(json.dumps({"organisations": kept["organisations"]}), "utf-8")
        (index_dir / "organisation_documents.json").write_text(json.dumps(kept["documents"]), "utf-8")
        (index_dir / "corrections.json").write_text(json.dumps(own), "utf-8")
        store.db.execute("DROP TABLE organisations")
        store.db.execute("DROP TABLE organisation_documents")
        store.db.execute("DELETE FROM meta WHERE key IN (?, ?)", (orgs.STAMP_KEY, orgs.CORRECTIONS_KEY))
    return kept
