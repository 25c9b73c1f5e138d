"""The organisation registry: names as keys, building from corrections, public bodies and
documents, and looking up.
"""
