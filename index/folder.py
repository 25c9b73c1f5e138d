"""One handle per operation on an index folder.

An export, a search, a trace, ``show`` or a web page asks the same index many things: the
store for documents and links, the search engine for hits, the organisation registry for
names, the lineages for funding. :class:`IndexFolder` opens each of these once, when first
asked, and everything the operation does shares it; each lineage is built once::

    with IndexFolder(index_dir) as folder:
        lineage = folder.trace("VON 2020/388")
        hits = folder.engine.search(...)

:func:`opened` lets a library function take either an index folder's path (it opens and
closes a handle) or a handle its caller already holds.
"""

from __future__ import annotations

from contextlib import contextmanager
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Iterator, Optional, Union

from index.store import Store

if TYPE_CHECKING:
    from index.linking.lineage import Trace


class IndexFolder:
    """The store, search engine, organisation registry and link graph of one index folder,
    each opened on first use and kept for the operation. Use as a context manager."""

    def __init__(self, directory):
        self.directory = Path(directory)
        self._traces: dict[str, Optional[Trace]] = {}

    def __enter__(self) -> "IndexFolder":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def close(self) -> None:
        if "store" in self.__dict__:
            self.__dict__.pop("store").close()

    @cached_property
    def store(self) -> Store:
        return Store(self.directory)

    @cached_property
    def registry(self):
        from index.organisations import registry as orgs

        return orgs.registry_of(self.store)

    @cached_property
    def engine(self):
        """The process's shared reader of this folder's search engine (not to be closed)."""
        from index.search.engine import shared_index

        return shared_index(self.directory)

    @cached_property
    def graph(self):
        from index.linking.lineage import LinkGraph

        return LinkGraph(self.store.links())

    @cached_property
    def lineages(self):
        """The lineages of the link graph (``index.linking.lineage.Lineages``), each built once."""
        from index.linking.lineage import lineages_of

        return lineages_of(self.store, self.graph)

    def trace(self, case_or_doc: str) -> Optional[Trace]:
        """The lineage of a case number, document id or path (``index.linking.lineage``), built once
        per operation for all its cases and documents; shared, so not to be changed."""
        from index.linking.lineage import trace_in

        if case_or_doc not in self._traces:
            self._traces[case_or_doc] = trace_in(self.store, case_or_doc, self.graph, self.lineages)
        return self._traces[case_or_doc]


@contextmanager
def opened(index: Union[IndexFolder, str, Path]) -> Iterator[IndexFolder]:
    """``index`` itself when it is a handle (left open), else a handle on that folder, closed after."""
    if isinstance(index, IndexFolder):
        yield index
        return
    with IndexFolder(index) as folder:
        yield folder
