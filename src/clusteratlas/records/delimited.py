"""The CSV reader: comma-, semicolon- or tab-separated text, as spreadsheets and exports write it.

The bytes are decoded by :func:`~clusteratlas.records.encoding.decode_with_bytes`, the separator
and the header found by :func:`~clusteratlas.records.header.find_csv_header`; every cell is
read as text, and provenance (:func:`~clusteratlas.schema.set_provenance`) says on which
line of the file each record starts.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Mapping
from pathlib import Path

import numpy as np
import pandas as pd

from .. import schema
from .._resources import read_input_bytes
from ..errors import ClusterAtlasWarning, InputError
from ._csvbody import EXTRA, line_start, parser_error, read_body, row_jumps
from .encoding import decode_with_bytes, utf8_head
from .header import find_csv_header, say_titles, unique_names
from .rows import row_numbers
from .tidy import drop_blank_columns, drop_blank_rows, drop_totals
from .vocabulary import check_header

__all__ = ["extra_cells", "read_delimited", "warn_fallback"]

log = logging.getLogger("clusteratlas")


def _index_as_cells(frame: pd.DataFrame) -> pd.DataFrame:
    """Put back the cells ``pandas.read_csv`` took as the index (the first record wider than the header)."""
    if isinstance(frame.index, pd.RangeIndex):
        return frame
    out = frame.reset_index()
    out.columns = pd.Index([*frame.columns, *(f"{EXTRA}{i}" for i in range(frame.index.nlevels))])
    schema.copy_provenance(out, frame)
    return out


def _refuse_extra(
    out: pd.DataFrame, cells: pd.DataFrame, rows: np.ndarray, filled: np.ndarray, sep: str | None
) -> None:
    """Name the first record with a non-empty cell beyond the header, its cell and how many others have one."""
    width = len(out.columns) - len(cells.columns)
    first = int(rows[0])
    cols = np.flatnonzero(filled[first])
    line = int(row_numbers(out, [first])[0])
    label = schema.row_label(out)
    value = str(cells.iat[first, int(cols[0])]).strip()
    value = value if len(value) <= 40 else value[:39] + "…"
    others = f"; {len(rows) - 1} other {label}s have extra cells too" if len(rows) > 1 else ""
    separator = f" (separator {sep!r})" if sep else ""
    msg = (
        f"{schema.source(out)}: {label} {line} has {width + int(cols[-1]) + 1} cells but the header names {width}"
        f"{separator}, so {value!r} belongs to no column{others}; name the extra column in the header, "
        "quote cells that contain the separator, or remove the extra cells."
    )
    raise InputError(msg)


def extra_cells(frame: pd.DataFrame, *, sep: str | None = None, say: bool = True) -> pd.DataFrame:
    """Put right a CSV's records read with more cells than its header: drop empty extra cells, refuse others.

    When the first record has more cells than the header (a separator ending every row, as some
    exports write), ``pandas.read_csv`` takes the first cells as the index and shifts every
    column onto the next one's header. The cells are put back under their headers; the cells
    beyond the header's last column, when all empty, are dropped (with an info message if ``say``).

    Parameters
    ----------
    frame : pandas.DataFrame
        A CSV's records (or a chunk of them) as ``pandas.read_csv(dtype=str)`` gives them, with
        provenance saying where their rows are (see :func:`~clusteratlas.records.row_numbers`).
    sep : str, optional
        The separator, named in messages.
    say : bool, default True
        Log that empty extra cells were dropped (streaming says it for the first chunk only).

    Returns
    -------
    pandas.DataFrame
        ``frame`` itself when its cells are under their headers, else the records put right.

    Raises
    ------
    InputError
        If a record has a non-empty cell beyond the header's last column: the first such
        record is named, with its cell, how many others have one, and how to fix it.
    """
    out = _index_as_cells(frame)
    width = sum(not str(c).startswith(EXTRA) for c in out.columns)
    if width == len(out.columns):
        return frame
    cells = out.iloc[:, width:].astype(str)
    filled = cells.apply(lambda col: col.str.strip().ne("")).to_numpy()
    rows = np.flatnonzero(filled.any(axis=1))
    if len(rows):
        _refuse_extra(out, cells, rows, filled, sep)
    if say:
        ends = f" ({sep!r})" if sep else ""
        log.info(
            "%s: rows end with a separator%s; the empty cells beyond the header were dropped",
            schema.source(frame),
            ends,
        )
    return out.iloc[:, :width]


def _text(path: Path) -> tuple[str, list[int], bytes | None, bool]:
    """Return the file's text (old Mac line ends made LF), the lines read as Windows-1252, its UTF-8, whether whole.

    The UTF-8 is the file's own bytes when they are the text's (see
    :func:`~clusteratlas.records.encoding.decode_with_bytes`), else None. A big UTF-8 file
    gives only its head as text (:func:`~clusteratlas.records.encoding.utf8_head`), with its bytes.
    """
    raw = read_input_bytes(path)
    head = utf8_head(raw)
    if head is not None:
        return head[0], [], head[1], False
    text, fallback, data = decode_with_bytes(raw, path)
    if not text or text.isspace():  # what ``not text.strip()`` says, without a copy of the text
        msg = f"{path}: the file is empty; give a header row (name, city, …) and one row per record."
        raise InputError(msg)
    if "\n" not in text and "\r" in text:  # old Mac line ends
        text, data = text.replace("\r", "\n"), None
    return text, fallback, data, True


def warn_fallback(path: Path, fallback: list[int], *, stacklevel: int = 5) -> None:
    """Warn that some lines of a UTF-8 file were read as Windows-1252 (``fallback``: their numbers)."""
    shown = ", ".join(str(n) for n in fallback[:10])
    more = f" and {len(fallback) - 10} more" if len(fallback) > 10 else ""
    msg = (
        f"{path}: row{'s' if len(fallback) > 1 else ''} {shown}{more} are not valid UTF-8; their other "
        "bytes were read as Windows-1252 (the rest of the file as UTF-8); save the file as UTF-8 to be sure."
    )
    warnings.warn(msg, ClusterAtlasWarning, stacklevel=stacklevel)


def read_delimited(path: Path, *, chosen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Read a CSV's records as text, below its header (title rows above it skipped).

    Parameters
    ----------
    path : Path
        A ``.csv``, ``.tsv`` or ``.txt`` file (see :func:`~clusteratlas.records.read_records`).
    chosen : mapping, optional
        Our column -> the header the user chose for it (no conflict with its synonyms).

    Returns
    -------
    pandas.DataFrame
        The records as strings, under the file's headers, with their provenance; rows and
        unnamed columns with no cell filled, and a totals row at the end, left out.

    Raises
    ------
    InputError
        If the file is empty, can't be decoded or parsed, or repeats a recognised column.

    Warns
    -----
    ClusterAtlasWarning
        When some rows of a UTF-8 file are not valid UTF-8 (they are read as Windows-1252),
        and when a totals row was left out.
    """
    text, fallback, data, whole = _text(path)
    sep, header_line, header, grouped = find_csv_header(text, str(path))
    check_header(header, str(path), chosen=chosen)
    say_titles(str(path), "line", header_line)
    start = line_start(text, header_line) if header_line > 1 else 0
    body = text[start:] if start else text
    if data is not None and start:
        data = data[len(text[:start].encode("utf-8")) :]
    rest = None if whole else data  # the body's whole UTF-8 when ``body`` is only its head
    try:
        frame = read_body(body, sep, data, whole=rest is None)
    except pd.errors.ParserError as err:
        whole_body = body if rest is None else rest.decode("utf-8")
        raise parser_error(err, path, whole_body, header_line, sep, len(header)) from err
    except pd.errors.EmptyDataError as err:  # only marks or blanks the readers before saw as text
        msg = f"{path}: holds no header and no records; give a header row (name, city, …) and one row per record."
        raise InputError(msg) from err
    if grouped:  # names read in from the group lines above the header
        frame.columns = pd.Index([*unique_names(header), *frame.columns[len(header) :]])
    jumps = row_jumps(body, sep, len(frame), rest)
    if jumps is None:
        schema.set_provenance(frame, row_label="record", row_offset=1)
    else:
        schema.set_provenance(frame, row_offset=header_line + 1, row_jumps=jumps)
    schema.set_provenance(frame, source=str(path))
    frame = drop_blank_columns(drop_blank_rows(extra_cells(frame, sep=sep)), header)
    frame = drop_totals(frame, stacklevel=4)
    if fallback:
        warn_fallback(path, fallback)
    return frame
