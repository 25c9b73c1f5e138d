"""Diarium's extractor: from the text of one decision document to structured facts.

The public entry points are :func:`extract_text` (a string), :func:`extract_file` (a
path, one document), :func:`extract_documents` (a path, every document in it: a merged
bundle gives several) and :func:`extract_source` (a file already read by
``extractor.reading.readers.read``). Nothing here knows about the search index; ``index`` builds
on this package, never the reverse.
"""

from extractor.errors import UnreadableDocument
from extractor.model import Extraction, Page, SourceText
from extractor.pipeline import PIPELINE_VERSION, extract_documents, extract_file, extract_source, extract_text

__all__ = ["Extraction", "PIPELINE_VERSION", "Page", "SourceText", "UnreadableDocument", "extract_documents",
           "extract_file", "extract_source", "extract_text"]
