"""Diarium's extractor: from the text of one decision document to structured facts.

The public entry points are :func:`extract_text` (a string) and :func:`extract_file` (a
path). Nothing here knows about the search index; ``index`` builds on this package,
never the reverse.
"""

from extractor.errors import UnreadableDocument
from extractor.model import Extraction
from extractor.pipeline import PIPELINE_VERSION, extract_file, extract_text

__all__ = ["Extraction", "PIPELINE_VERSION", "UnreadableDocument", "extract_file", "extract_text"]
