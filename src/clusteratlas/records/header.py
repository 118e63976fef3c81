"""Finding the header: the separator of a CSV, and the row that names the columns.

The header is the first row that names a location column (``city``, ``lat``/``lon``,
``province`` or ``region``, in any spelling of :data:`~clusteratlas.records.SYNONYMS`); title
rows above it, as Excel exports write them, are skipped when it is within
:data:`HEADER_ROWS` rows.
"""

from __future__ import annotations

import csv
import io
import logging
from collections.abc import Sequence

from ..errors import InputError
from .vocabulary import has_location

__all__ = [
    "HEADER_ROWS",
    "HEADER_SCAN",
    "find_csv_header",
    "find_header",
    "head_records",
    "say_titles",
    "sniff_separator",
]

log = logging.getLogger("clusteratlas")

#: A header is looked for in this many first rows (title rows above it are skipped).
HEADER_ROWS = 10
#: Rows read to find the header (a header found below HEADER_ROWS is named in the error).
HEADER_SCAN = 50
_TITLE_CELLS = 2  # a title row above the header holds at most this many cells
_HEAD_TEXT = 65536  # characters of a CSV read to find its separator and header


def sniff_separator(text: str) -> str:
    """Return a CSV's separator (comma, semicolon or tab), sniffed from its first 64 KiB.

    When the sniffer can't tell, the separator the first line holds most of wins.
    """
    head = text[:_HEAD_TEXT]
    first = head.splitlines()[0] if head else ""
    try:
        return csv.Sniffer().sniff(head, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: first.count(d) for d in (",", ";", "\t")}
        return max(counts, key=lambda d: counts[d])


def head_records(text: str, sep: str) -> list[tuple[int, list[str]]]:
    """Return (first line, cells) of a CSV's first records, blank lines included, as the csv module reads them."""
    reader = csv.reader(io.StringIO(text[:_HEAD_TEXT], newline=""), delimiter=sep, skipinitialspace=True)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            rows.append((line, cells))
            line = reader.line_num + 1
            if len(rows) >= HEADER_SCAN:
                break
    except csv.Error:
        pass
    return rows


def _filled(cells: Sequence[object]) -> int:
    return sum(1 for c in cells if str(c).strip())


def _refuse_crowded(rows: Sequence[tuple[int, Sequence[object]]], k: int, source: str, label: str) -> None:
    """Refuse rows above the header that look like data, not titles: they are not dropped silently."""
    crowded = [(n, c) for n, c in rows[:k] if _filled(c) > _TITLE_CELLS]
    if crowded:
        n, c = crowded[0]
        msg = (
            f"{source}: the header seems to be on {label} {rows[k][0]}, but {label} {n} above it holds "
            f"{_filled(c)} cells, more than a title; remove the {label}s above the header, or name a "
            "location column (city, lat/lon, province or region) in the first row."
        )
        raise InputError(msg)


def find_header(rows: Sequence[tuple[int, Sequence[object]]], source: str, label: str) -> int:
    """Return the index in ``rows`` of the header: the first row naming a location column.

    Parameters
    ----------
    rows : sequence of (int, sequence)
        (line, cells) of the first records (:func:`head_records`, or a sheet's first rows).
    source : str
        The file, named in messages.
    label : str
        What a row is called in messages (``"line"``, ``"row"``).

    Returns
    -------
    int
        The header's index; with no location column anywhere, the first row that is not blank.

    Raises
    ------
    InputError
        If rows above the header hold more cells than a title, or the header is deeper than
        :data:`HEADER_ROWS` rows.
    """
    for k, (_, cells) in enumerate(rows[:HEADER_ROWS]):
        if has_location(cells):
            _refuse_crowded(rows, k, source, label)
            return k
    for line, cells in rows[HEADER_ROWS:]:
        if has_location(cells):
            msg = (
                f"{source}: the header seems to be on {label} {line} (it names "
                f"{', '.join(repr(str(c)) for c in cells if str(c).strip())}); remove the {line - 1} "
                f"{label}s above it, so that it is within the first {HEADER_ROWS}."
            )
            raise InputError(msg)
    return next((k for k, (_, cells) in enumerate(rows) if any(str(c).strip() for c in cells)), 0)


def find_csv_header(text: str, source: str) -> tuple[str, int, list[str]]:
    """Return a CSV's separator, its header's line and the header's cells.

    The sniffed separator is tried first, then comma, semicolon and tab (title rows can
    mislead the sniffer): the first that shows a location column in the first rows wins.

    Parameters
    ----------
    text : str
        The decoded file (its first 64 KiB are read).
    source : str
        The file, named in messages.

    Returns
    -------
    tuple of (str, int, list of str)
        The separator, the header's line (1-based) and its cells.
    """
    sniffed = sniff_separator(text)
    for sep in dict.fromkeys((sniffed, ",", ";", "\t")):
        head = head_records(text, sep)
        if any(has_location(cells) for _, cells in head):
            break
    else:
        sep = sniffed
        head = head_records(text, sep)
    k = find_header(head, source, "line")
    line, cells = head[k] if head else (1, [])
    return sep, line, cells


def say_titles(source: str, label: str, line: int) -> None:
    """Log (info) that the rows above the header, on ``line``, were read as titles."""
    if line > 1:
        above = line - 1
        log.info(
            "%s: the header is on %s %d; the %d %s(s) above it were read as titles", source, label, line, above, label
        )
