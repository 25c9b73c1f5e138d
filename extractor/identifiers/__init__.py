"""Identifiers: case numbers (diarienummer), organisation numbers and personal identity numbers,
all with one contract: ``find``, ``compact``, ``validate``, ``is_valid``, ``format``.

``find(text)`` gives every number in ``text`` in reading order, each with its normal form
(``number``, as ``validate`` gives it) and where it is written (``text[start:end]``): a
:class:`Found`, or for a case number a :class:`~extractor.model.CaseNumber`, which carries
the same three fields and the text as written.
"""

from typing import NamedTuple


class Found(NamedTuple):
    """One identifier found in a text: its normal form and its span."""

    number: str
    start: int
    end: int
