"""Index folders for the tests, made the one way ``diarium import`` makes them.

Every test that needs an index gets it from here: files imported by the real importer
(extraction, store, search engine, organisation registry, links), with a corrections file
kept in the index when asked. ``tests/conftest.py`` builds the sample corpus's index once
per test session and engine.
"""

from pathlib import Path
from typing import Iterable, Optional

from index.importing.importer import import_paths
from index.organisations.registry import install_corrections

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
