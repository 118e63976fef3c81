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
from collections import Counter
from collections.abc import Sequence
from typing import NamedTuple

from ..errors import InputError
from ..gazetteer import normalize_name
from .vocabulary import MAX_COLUMNS, has_location, role_count

__all__ = [
    "HEADER_ROWS",
    "HEADER_SCAN",
    "CsvHeader",
    "find_csv_header",
    "find_header",
    "head_records",
    "header_names",
    "refuse_wide_rows",
    "say_titles",
    "sniff_separator",
    "unique_names",
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


def _compose(header: Sequence[object], group: Sequence[object]) -> list[str]:
    """Return the header's cells, an empty one taking the group line's cell above it (a cell merged down)."""
    cells = [str(c).strip() for c in header]
    above = [str(c).strip() for c in group] + [""] * max(len(cells) - len(group), 0)
    return [c or above[j] for j, c in enumerate(cells)]


def _is_group_line(group: Sequence[object], header: Sequence[object]) -> bool:
    """Whether a row is a group line above ``header``: at least two labels, fewer than the header's names.

    A merged or grouped header line ("Identification", "Localisation", "Activité") names blocks
    of columns: fewer cells than the header below it, once the header's empty cells merged
    down from it are counted.
    """
    return _filled(group) >= 2 and _filled(group) < _filled(_compose(header, group))


def _group_lines(rows: Sequence[tuple[int, Sequence[object]]], k: int) -> int:
    """Count the rows directly above the header ``k`` that are group lines (each above the last)."""
    n, names = 0, [str(c).strip() for c in rows[k][1]]
    while k - n - 1 >= 0 and _is_group_line(rows[k - n - 1][1], names):
        names = _compose(names, rows[k - n - 1][1])
        n += 1
    return n


def _refuse_crowded(rows: Sequence[tuple[int, Sequence[object]]], k: int, source: str, label: str) -> None:
    """Refuse rows above the header that look like data, not titles or group lines: they are not dropped silently."""
    crowded = [(n, c) for n, c in rows[: k - _group_lines(rows, k)] if _filled(c) > _TITLE_CELLS]
    if crowded:
        n, c = crowded[0]
        msg = (
            f"{source}: the header seems to be on {label} {rows[k][0]}, but {label} {n} above it holds "
            f"{_filled(c)} cells, more than a title; remove the {label}s above the header, or name a "
            "location column (city, lat/lon, province or region) in the first row."
        )
        raise InputError(msg)


def _located(rows: Sequence[tuple[int, Sequence[object]]], k: int) -> bool:
    """Whether row ``k`` can be the header: it names a location column and is no group line of the next row."""
    if not has_location(rows[k][1]):
        return False
    below = rows[k + 1][1] if k + 1 < len(rows) else ()
    return not (has_location(below) and _is_group_line(rows[k][1], below))


def find_header(rows: Sequence[tuple[int, Sequence[object]]], source: str, label: str) -> int:
    """Return the index in ``rows`` of the header: the first row naming a location column.

    A row that names one but is a group line above another that does (merged or grouped
    header lines, "Localisation" above "Adresse", "Ville") is not the header: the row
    below it is.

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
        The header's index; with no location column anywhere, the first row that is not blank,
        or a row below it that names two or more of our columns when that one is a title.

    Raises
    ------
    InputError
        If rows above the header (other than titles and group lines) hold more cells than a
        title, or the header is deeper than :data:`HEADER_ROWS` rows.
    """
    located = [k for k in range(min(HEADER_ROWS, len(rows))) if _located(rows, k)]
    if located:
        k = _best_of(rows, located)
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
    first = next((k for k, (_, cells) in enumerate(rows) if any(str(c).strip() for c in cells)), 0)
    return _best_of(rows, list(range(first, min(HEADER_ROWS, len(rows))))) if first < len(rows) else first


def _best_of(rows: Sequence[tuple[int, Sequence[object]]], candidates: list[int]) -> int:
    """Return the first candidate header, or a later one naming more of our columns below a title row.

    A title line ("Registre des entreprises - Ville de Casablanca") may name a column of
    ours; the row below it whose cells name more of them ("N°", "Raison sociale", "Ville",
    "Secteur") is the header. Rows are only passed over while they hold no more cells than
    a title.
    """
    best = candidates[0]
    score = role_count(rows[best][1])
    for k in candidates[1:]:
        if _filled(rows[best][1]) > _TITLE_CELLS:
            break
        if (count := role_count(rows[k][1])) > score and count >= 2:
            best, score = k, count
    return best


def header_names(rows: Sequence[tuple[int, Sequence[object]]], k: int) -> list[str]:
    """Return the header's column names, with the group lines above it (see :func:`find_header`) read in.

    A header cell left empty under a group line's label (a cell merged down over both lines)
    takes that label. Names the header repeats ("Téléphone" under "Siège" and under "Usine")
    are prefixed by their group's label ("Siège - Téléphone"), and only those: a group line
    adds to a name only when it is needed to tell columns apart.

    Parameters
    ----------
    rows : sequence of (int, sequence)
        (line, cells) of the first rows, as for :func:`find_header`.
    k : int
        The header's index, from :func:`find_header`.

    Returns
    -------
    list of str
        One name per header cell ("" for a column with no name).
    """
    if not rows:
        return []
    names = [str(c).strip() for c in rows[k][1]]
    groups = [list(rows[k - i - 1][1]) for i in range(_group_lines(rows, k))]
    for group in groups:
        names = _compose(names, group)
    for group in groups:
        names = _prefix_repeated(names, group)
    return names


def _prefix_repeated(names: list[str], group: Sequence[object]) -> list[str]:
    """Prefix the names the header repeats by the label of the group over them."""
    keys = [normalize_name(n) for n in names]
    repeated = {key for key in keys if key and keys.count(key) > 1}
    spans = _spans(group, len(names))
    return [f"{spans[j]} - {n}" if keys[j] in repeated and spans[j] not in ("", n) else n for j, n in enumerate(names)]


def _spans(group: Sequence[object], width: int) -> list[str]:
    """Return the group line's label over each column: a label spans the columns up to the next one."""
    out, label = [], ""
    cells = [str(c).strip() for c in group] + [""] * max(width - len(group), 0)
    for cell in cells[:width]:
        label = cell or label
        out.append(label)
    return out


class CsvHeader(NamedTuple):
    """Where a CSV's header is: its separator, its line, its column names, and whether group lines were read in."""

    sep: str
    line: int
    names: list[str]
    grouped: bool


def find_csv_header(text: str, source: str) -> CsvHeader:
    """Return a CSV's separator, its header's line and the header's names.

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
    CsvHeader
        The separator, the header's line (1-based), its names (see :func:`header_names`) and
        whether group lines above it changed them (the reader then names the columns itself).
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
    if not head:
        return CsvHeader(sep, 1, [], grouped=False)
    names = header_names(head, k)
    return CsvHeader(sep, head[k][0], names, grouped=names != [str(c).strip() for c in head[k][1]])


def unique_names(names: Sequence[str]) -> list[str]:
    """Return column names as ``pandas.read_csv`` makes them: ``Unnamed: j`` for none, ``.1`` for a repeat.

    As pandas' C parser does: named columns are numbered before unnamed ones, and a number
    is never one that an original name already takes (``x``, ``x.1``, ``x`` gives ``x``,
    ``x.1``, ``x.2``). Parquet's repeated names are numbered by this function too.

    Parameters
    ----------
    names : sequence of str
        The header's names, in order (empty for a column without a name).

    Returns
    -------
    list of str
        The names, each one distinct.
    """
    out = [name or f"Unnamed: {j}" for j, name in enumerate(names)]
    present = Counter(out)  # the names as they stand, for "is this number taken?"
    counts: dict[str, int] = {}
    for i in [j for j, name in enumerate(names) if name] + [j for j, name in enumerate(names) if not name]:
        col = old = out[i]
        cur = counts.get(col, 0)
        while cur > 0:
            counts[old] = cur + 1
            col = f"{old}.{cur}"
            cur = cur + 1 if present[col] else counts.get(col, 0)
        if col != old:
            present[old] -= 1
            present[col] += 1
            out[i] = col
        counts[col] = cur + 1
    return out


def refuse_wide_rows(text: str, sep: str, source: str) -> None:
    """Refuse a row of ``text`` (a CSV's first megabyte) with more cells than a table may have.

    For readers that hand the file to ``pandas.read_csv`` in pieces (``--chunksize``, Dask):
    a first record wider than its header becomes an index of that many levels there, which
    takes minutes for a line of a million separators.

    Raises
    ------
    InputError
        Naming the line, its cells and the limit (:data:`~clusteratlas.records.MAX_COLUMNS`).
    """
    reader = csv.reader(io.StringIO(text), delimiter=sep)
    try:
        for row in reader:
            if len(row) > MAX_COLUMNS:
                msg = (
                    f"{source}: line {reader.line_num} has {len(row):,} cells (separator {sep!r}), more than the "
                    f"{MAX_COLUMNS:,} columns a table may have; remove the extra separators, or check the separator."
                )
                raise InputError(msg)
    except csv.Error:  # a cell past the csv module's limit, or a quote left open: pandas says which
        return


def say_titles(source: str, label: str, line: int) -> None:
    """Log (info) that the rows above the header, on ``line``, were read as titles."""
    if line > 1:
        above = line - 1
        log.info(
            "%s: the header is on %s %d; the %d %s(s) above it were read as titles", source, label, line, above, label
        )
