"""An index folder rebuilt from its store alone, never from the source files (``diarium
reindex``): the search index (with its own engine, or another), then the organisation registry,
the links and the browse lists from every stored document.

The writer's lock is held for the whole rebuild, so no import writes meanwhile.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from index.importing.importer import refresh_derived
from index.search import engine as engines
from index.store import Store


@dataclass(slots=True)
class Reindexed:
    """What a rebuild made: documents indexed, organisations and links, and the engine used."""

    documents: int
    organisations: int
    links: int
    engine: str


def reindex(directory, *, procs: int = 1, engine: Optional[str] = None,
            progress: Optional[Callable[[int], None]] = None) -> Reindexed:
    """Rebuild ``directory``'s search index with ``engine`` (default: the index's own) in ``procs``
    processes, then its registry, links and browse lists; ``progress(n)`` hears how many
    documents are indexed as it goes."""
    with Store(directory) as store:
        store.acquire_writer_lock()
        ids: list[str] = []
        count = engines.rebuild(directory, _collect(store.documents(), ids), procs=max(1, procs), progress=progress,
                                engine=engine)
        store.mark_indexed(ids)
        organisations, links = refresh_derived(store, full=True)
    return Reindexed(count, organisations, links, engines.engine_name(directory))


def _collect(documents, ids: list):
    """The stored documents as they are read, each id noted (to mark them indexed after)."""
    for doc in documents:
        ids.append(doc.id)
        yield doc
