"""Exports to JSON Lines, CSV and SQLite.
"""
