"""Identifiers: case numbers (diarienummer), organisation numbers and personal identity numbers,
all with one contract: ``find``, ``compact``, ``validate``, ``is_valid``, ``format``.
"""
