"""Diarium's search index and organisation registry (built on ``extractor``, never the reverse)."""
