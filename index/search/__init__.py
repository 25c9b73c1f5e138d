"""Searching: the engines (tantivy, Whoosh) behind one interface, the Swedish analysis both
share, what of a document is indexed, queries, facets and snippets.
"""
