"""Tables of amounts in a funding decision: a row is a short line whose first cell names a
recipient, a payer or a year and whose last cell is the amount, beside another such row; a sum
row is no grant. The heading over the rows tells the payer's column (``Finansiär``) or a table of
years (``År``); the rows are then the authority's grants, one-off unless the text says per year.
"""

from __future__ import annotations

import re
from typing import Optional

from extractor.model import Amount, Funding
from extractor.facts.funding_names import PER_YEAR, Names, funding_data, funding_words

_ROW_REACH = 200


def table_row(text: str, amount: Amount):
    """The recipient named in the first cell of a table row ending in ``amount``; ``"sum"`` for a sum row."""
    line_start = text.rfind("\n", max(0, amount.start - _ROW_REACH), amount.start) + 1
    line_end = text.find("\n", amount.end, amount.end + _ROW_REACH)
    if (line_start == 0 and amount.start > _ROW_REACH) or (line_end < 0 and len(text) > amount.end + _ROW_REACH):
        return None  # a table row is a short line
    line_end = len(text) if line_end < 0 else line_end
    if text[amount.end:line_end].strip(" \t:-"):
        return None
    cells = [c for c in re.split(r"\s{2,}|\t", text[line_start:amount.start].strip()) if c]
    if len(cells) != 1 or (re.search(r"\d", cells[0]) and not _YEAR_CELL.fullmatch(cells[0])) \
            or len(cells[0].split()) > 8 or text[amount.start - 1] not in " \t":
        return None
    if not _neighbour_row(text, line_start, line_end):
        return None
    # "Summa = 270 000 kr", "Totalt: …": a sum row, whatever sign a scan or a template puts after the word
    return "sum" if funding_words("sum_row").fullmatch(cells[0].strip(" :=")) else (cells[0].strip(" :"), *_table_heading(text, line_start))


_YEAR_CELL = re.compile(r"(?:19|20)\d\d")
# A row: a cell, a gap of spaces, an amount. A PDF's text layer keeps one space of a column's
# gap, so a year and an amount with a unit and nothing else is a row whatever the gap.
_ROW = re.compile(r"(?:\S.*?\s{2,}(?:kr\s+)?\d[\d \u00a0.]*(?:,\d+)?\s*(?:kr|kronor|tkr|sek)?"
                  r"|(?:19|20)\d\d\s+\d[\d \u00a0.]*(?:,\d+)?\s*(?:kr|kronor|tkr|sek))\s*$", re.I)
# A heading of at most this many words with one space between its cells (a PDF's text layer).
_HEADING_WORDS = 4
_MAX_ROWS = 40  # rows looked over for a table's heading


def _neighbour_row(text: str, line_start: int, line_end: int) -> bool:
    """Another line of the same block also ends in an amount after a gap of spaces."""
    prev_start = text.rfind("\n", 0, max(0, line_start - 1)) + 1
    lines = [text[prev_start:max(prev_start, line_start - 1)], text[line_end + 1:(text.find("\n", line_end + 1) + 1 or len(text) + 1) - 1]]
    return any(_ROW.match(line.strip()) for line in lines if line.strip())


def _table_heading(text: str, line_start: int) -> tuple[list[str], int]:
    """The cells of the heading line over the block of rows the row at ``line_start`` belongs to,
    and where the block starts (its heading line, else its first row); no cells when the block
    has no heading of two cells or more."""
    for _ in range(_MAX_ROWS):
        if line_start == 0:
            return [], line_start
        prev = text.rfind("\n", 0, line_start - 1) + 1
        line = text[prev:line_start - 1].strip()
        if not line:
            return _heading_over_blank(text, prev, line_start)
        if not _ROW.match(line):
            cells = _heading_cells(line)
            return (cells, prev) if len(cells) >= 2 else ([], line_start)
        line_start = prev
    return [], line_start


def _heading_cells(line: str) -> list[str]:
    cells = [c for c in re.split(r"\s{2,}|\t", line) if c]
    if len(cells) == 1 and 2 <= len(line.split()) <= _HEADING_WORDS:
        cells = line.split()  # "År Belopp"
    return cells


def _heading_over_blank(text: str, blank: int, top: int) -> tuple[list[str], int]:
    """A heading a blank line above the rows, as OCR sets a table's heading apart (``År Belopp`` /
    (blank) / ``2025 85 000 kr``): only one whose first cell names a known column."""
    prev = text.rfind("\n", 0, max(0, blank - 1)) + 1
    line = text[prev:max(prev, blank - 1)].strip()
    cells = _heading_cells(line) if line and not _ROW.match(line) else []
    known = set(funding_data()["year_columns"]) | set(funding_data()["payer_columns"])
    return (cells, prev) if len(cells) >= 2 and cells[0].casefold().strip(" :") in known else ([], top)


def table_funding(text: str, amount: Amount, row: tuple[str, list[str], int], names: "Names",
                   above: Optional[str] = None) -> Optional[Funding]:
    """A row of a table of amounts: by its heading, the payer's amount (``Finansiär``), the
    authority's amount for the year of its first cell (``År``, to the recipient ``above`` the
    table, if its lead names one), or the authority's grant to the recipient its first cell names."""
    cell, heading, _top = row
    first = heading[0].casefold().strip(" :") if heading else ""
    years = [y for c in heading[1:] for y in re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", c)]
    year = years[0] if len(years) == 1 else None
    if first in funding_data()["payer_columns"] and not _YEAR_CELL.fullmatch(cell):
        period = (f"{year}-01-01", f"{year}-12-31") if year else None
        basis = "per_year" if year or PER_YEAR.search(" ".join(heading)) else _table_basis(text, amount)
        return Funding(names.party(cell), amount.value, basis, None if basis == "one_off" else period, amount.start, amount.end)
    if not names.authority:
        return None
    if _YEAR_CELL.fullmatch(cell):
        if first not in funding_data()["year_columns"]:
            return None
        return Funding(names.authority, amount.value, "per_year", (f"{cell}-01-01", f"{cell}-12-31"), amount.start, amount.end,
                       recipient=above if above != names.authority else None)
    return Funding(names.authority, amount.value, _table_basis(text, amount), None, amount.start, amount.end,
                   recipient=names.party(cell))


def _table_basis(text: str, amount: Amount) -> str:
    """A table of grants in a decision: one-off, unless it says per year."""
    lead = text[max(0, amount.start - 600):amount.start]
    return "per_year" if PER_YEAR.search(lead) else "one_off"
