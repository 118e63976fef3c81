"""Private machinery of the CSV reader: reading the body, where records' lines jump, parser errors."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .._csvin import read_text_csv, read_text_halves
from ..errors import InputError
from .vocabulary import MAX_COLUMNS

__all__ = ["EXTRA", "line_start", "parser_error", "read_body", "record_lines", "row_jumps"]

#: Prefix of the names :func:`read_body` gives the cells beyond the header's last column.
EXTRA = "\x00extra "
_WIDE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")
_OPTIONS: dict[str, Any] = {
    "keep_default_na": False,
    "na_filter": False,
    "skipinitialspace": True,
}


def line_start(text: str, line: int) -> int:
    """Offset of a line, its lines split as the csv module splits them (LF, CR LF or CR)."""
    lines = io.StringIO(text[:65536], newline="")
    return sum(len(lines.readline()) for _ in range(line - 1))


def record_lines(body: str) -> tuple[np.ndarray, np.ndarray]:
    """First line (1-based) of every record of ``body`` and whether it is blank, vectorised.

    A newline ends a record when an even number of quotes comes before it (RFC 4180 quoting:
    ``""`` inside a quoted cell keeps the count even).
    """
    arr = np.frombuffer(body.encode("utf-8"), dtype=np.uint8)
    newlines = np.flatnonzero(arr == 10)
    quotes = np.flatnonzero(arr == 34)
    ends = newlines[np.searchsorted(quotes, newlines) % 2 == 0] if len(quotes) else newlines
    starts = np.concatenate(([0], ends + 1))
    starts = starts[starts < len(arr)]
    lines = np.searchsorted(newlines, starts) + 1
    # Blank: no byte above a space (only spaces, tabs, CR, LF) from the record's start to the next.
    blank = np.maximum.reduceat(arr, starts) <= 32 if len(starts) else np.zeros(0, dtype=bool)
    return lines, blank


def _record_lines_csv(body: str, sep: str) -> tuple[np.ndarray, np.ndarray]:
    """Like :func:`record_lines`, by the csv module (for quotes inside unquoted cells); slower."""
    reader = csv.reader(io.StringIO(body, newline=""), delimiter=sep, skipinitialspace=True)
    lines, blank = [], []
    line = 1
    try:
        for cells in reader:
            lines.append(line)
            blank.append(not any(c.strip() for c in cells))
            line = reader.line_num + 1
    except csv.Error:
        pass
    return np.array(lines, dtype=np.int64), np.array(blank, dtype=bool)


def row_jumps(body: str, sep: str, n: int, utf8: bytes | None = None) -> tuple[tuple[int, int], ...] | None:
    """Where records' lines stop being ``header line + 1 + position``; ``None`` if unknown.

    ``utf8``: the body's UTF-8 when ``body`` is only its head (it is decoded when needed).
    """
    if utf8 is not None:
        physical = utf8.count(b"\n") + (0 if utf8.endswith(b"\n") else 1)
        if physical - 1 == n:
            return ()
        body = utf8.decode("utf-8")
    physical = body.count("\n") + (0 if body.endswith("\n") else 1)
    if physical - 1 == n:  # one line per record: the common case, no per-record work
        return ()
    for method in (record_lines, lambda b: _record_lines_csv(b, sep)):
        lines, blank = method(body)
        data = lines[1:][~blank[1:]]
        if len(data) == n:
            extra = data - 2 - np.arange(n)
            change = np.flatnonzero(np.diff(extra, prepend=0))
            return tuple((int(p), int(extra[p])) for p in change)
    return None


def read_body(body: str, sep: str, data: bytes | None = None, *, whole: bool = True) -> pd.DataFrame:
    """Read a CSV's header and records as text; rows wider than the header give ``EXTRA`` columns.

    A row with more cells than the header stops ``pandas.read_csv`` (or, as the first
    record, would be read as an index of many levels, which takes minutes when it is
    thousands of cells wide); the text is then read with names for the extra cells (a few
    times at most, each time as wide as the widest row seen), so that
    :func:`~clusteratlas.records.extra_cells` can drop them when they are empty (a separator
    ending rows) and name the row when they are not. A row wider than
    :data:`~clusteratlas.records.MAX_COLUMNS` cells is a ``ParserError`` naming it. ``data``:
    the body's UTF-8 when the caller has it (pandas reads bytes; else the body is encoded);
    ``whole=False``: ``body`` is only the head of the text ``data`` holds.
    """
    wide = _first_record_wider(body, sep, None if whole else data)
    error: pd.errors.ParserError | None = None
    data = body.encode("utf-8") if data is None else data  # what pandas would make of the text, chunk by chunk
    if wide is None:
        halves = read_text_halves(data, sep=sep, **_OPTIONS)  # a big file in two threads, when that reads the same
        if halves is not None:
            return halves
        try:
            return read_text_csv(io.BytesIO(data), sep=sep, **_OPTIONS)
        except pd.errors.ParserError as err:
            wide = _WIDE.search(str(err))
            if wide is None:
                raise
            error = err
    columns = [str(c) for c in read_text_csv(io.BytesIO(data), nrows=0, sep=sep, **_OPTIONS).columns]
    for _ in range(4):
        if int(wide.group(3)) > MAX_COLUMNS:  # a table that wide is refused before pandas builds it
            raise pd.errors.ParserError(wide.group())
        names = [*columns, *(f"{EXTRA}{i}" for i in range(int(wide.group(3)) - len(columns)))]
        try:
            read = read_text_csv(io.BytesIO(data), header=None, names=names, index_col=False, sep=sep, **_OPTIONS)
            return read.iloc[1:].reset_index(drop=True)  # its first row is the header
        except pd.errors.ParserError as err:
            wide, error = _WIDE.search(str(err)), err
            if wide is None:
                break
    assert error is not None
    raise error


def _first_record_wider(body: str, sep: str, data: bytes | None = None) -> re.Match[str] | None:
    """If the first record has more cells than the header, say so as pandas says it of a later row.

    ``data``: the body's UTF-8 when ``body`` is only its head; the head's whole lines are read,
    and the whole body only when its first record may go on past them.
    """
    lines = body if data is None else body[: body.rfind("\n") + 1]
    reader = csv.reader(_lines(lines), delimiter=sep)
    try:
        header = next(reader)
        first = next(row for row in reader if row)
    except (StopIteration, csv.Error):  # no record, or a cell past the csv module's limit: pandas decides
        return None if data is None else _first_record_wider(data.decode("utf-8"), sep)
    if data is not None and reader.line_num >= lines.count("\n"):  # the record may go on past the head
        return _first_record_wider(data.decode("utf-8"), sep)
    if len(first) <= len(header):
        return None
    return _WIDE.search(f"Expected {len(header)} fields in line {reader.line_num}, saw {len(first)}")


def _lines(text: str) -> Iterator[str]:
    """Yield the lines of ``text`` as ``io.StringIO(text)`` gives them (split after each LF), copying no more."""
    start = 0
    while start < len(text):
        end = text.find("\n", start)
        end = len(text) if end < 0 else end + 1
        yield text[start:end]
        start = end


def parser_error(err: Exception, path: Path, body: str, header_line: int, sep: str, width: int) -> InputError:
    """Return the error to raise for a CSV pandas could not parse: the line, and how to fix it."""
    text = str(err).strip()
    wide = _WIDE.search(text)
    if wide:
        lines, _ = record_lines(body)
        k = int(wide.group(2)) - 1  # pandas counts records, blank lines included
        line = header_line - 1 + int(lines[k]) if k < len(lines) else int(wide.group(2))
        msg = (
            f"{path}: row {line} has {wide.group(3)} fields, more than the header's {width} "
            f"(separator {sep!r}); quote cells that contain the separator or remove the extra cells."
        )
        return InputError(msg)
    if "EOF inside string" in text:
        raw = body.encode("utf-8")
        quotes = np.flatnonzero(np.frombuffer(raw, dtype=np.uint8) == 34)
        if len(quotes) % 2:
            line = header_line + raw.count(b"\n", 0, int(quotes[-1]))
            msg = f'{path}: the quote (") that opens on line {line} is never closed; close it or remove it.'
        else:
            msg = f'{path}: a quoted cell is never closed; check the quotes (") of the file.'
        return InputError(msg)
    detail = text.splitlines()[0] if text else type(err).__name__
    return InputError(f"{path}: cannot be read as CSV ({detail}); check its separators and quotes.")
