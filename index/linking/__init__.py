"""Linking: typed links between cases, agreements without their own number, lineages of
partnerships, the refresh after an import, and scoring against gold.
"""
