"""Importing: walking the given files, reading them in workers (local or on a Dask cluster),
storing and indexing them.
"""
