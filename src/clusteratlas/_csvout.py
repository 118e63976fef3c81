"""CSV text of a table: formulas neutralised, cells quoted as needed, built column-wise in Arrow.

The writer behind :func:`clusteratlas.export.write_csv` and the streaming engines. It
builds the text of a block of rows column by column with Arrow's compute kernels (no
Python loop over rows or cells) and joins the columns into lines the same way, so a
million-row table is written in a few seconds and in memory bounded by the block.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ThreadPoolExecutor

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["BLOCK_ROWS", "WORKERS", "csv_blocks", "csv_lines", "safe_cell", "unescape_cells"]

#: Rows turned into text at a time: bounds the memory the text takes beside the table.
BLOCK_ROWS = 100_000
#: Threads building blocks of text at once (and so blocks built ahead of the one being written).
WORKERS = 2

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?%?$")
_FORMULA = ("=", "+", "-", "@")
_CONTROL = ("\t", "\r")
#: Characters that make a cell quoted, besides the separator: the quote, and every line
#: break some reader splits on (CR and LF for spreadsheets and the csv module; VT, FF,
#: FS/GS/RS, NEL, LINE and PARAGRAPH SEPARATOR for ``str.splitlines``).
_QUOTED = '"\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029'
#: Cells that may need :func:`safe_cell`: a tab or CR first, or a formula sign after
#: anything but letters and digits (a superset of "after blanks", checked exactly after).
_MAY_BE_FORMULA = r"^[\t\r]|^[^\p{L}\p{N}]*[=+\-@]"


def _s(text: str) -> pa.Scalar:
    """Return ``text`` as an Arrow large-string scalar (kernels want one string type throughout)."""
    return pa.scalar(text, type=pa.large_string())


def safe_cell(value: object) -> object:
    r"""Neutralise a spreadsheet formula by prefixing ``'`` to text that would be evaluated.

    That is text starting with tab or carriage return (OWASP's list), and text whose first
    non-blank character is ``= + - @`` unless it is a number. Spreadsheets skip leading
    blanks before a formula in some import paths (LibreOffice with "trim spaces", Excel's
    Text Import Wizard), so ``" =1+1"`` and ``"\n=1+1"`` are neutralised too.

    Examples
    --------
    >>> safe_cell("=SUM(A1:A9)")
    "'=SUM(A1:A9)"
    >>> safe_cell("-7.61")
    '-7.61'
    >>> safe_cell(" =1+1")
    "' =1+1"
    """
    if not isinstance(value, str):
        return value
    stripped = value.lstrip()
    if value.startswith(_CONTROL) or (stripped.startswith(_FORMULA) and not _NUMBER.match(stripped.rstrip())):
        return "'" + value
    return value


def _safe_cells(column: pd.Series) -> pd.Series:
    """:func:`safe_cell` over a column, vectorised (missing values become ``""``)."""
    text = column.astype(object).where(column.notna(), "").astype(str)
    stripped = text.str.lstrip()
    danger = text.str.startswith(_CONTROL) | (
        stripped.str.startswith(_FORMULA) & ~stripped.str.rstrip().str.fullmatch(_NUMBER.pattern)
    )
    return text.where(~danger, "'" + text).astype(object)


def unescape_cells(column: pd.Series) -> pd.Series:
    """Undo :func:`safe_cell` on a text column read back from our CSV: ``'=SUM(A1)`` is ``=SUM(A1)`` again.

    A cell loses its first ``'`` only when the rest is a cell :func:`safe_cell` would have
    prefixed; other cells, missing ones and other types are returned as they are.

    Examples
    --------
    >>> unescape_cells(pd.Series(["'=1+1", "'-2+3 SARL", "'Tanger", "-7.61", None], dtype=object)).tolist()
    ['=1+1', '-2+3 SARL', "'Tanger", '-7.61', None]
    """
    if not (pd.api.types.is_string_dtype(column) or column.dtype == object):
        return column
    text = column.astype(object).where(column.notna(), "").astype(str)
    rest = text.str.slice(1)
    undo = (text.str.startswith("'") & (_safe_cells(rest) != rest)).to_numpy(dtype=bool)
    if not undo.any():
        return column
    out = column.astype(object).copy()
    out[undo] = rest[undo].to_numpy(dtype=object)
    return out.astype(column.dtype)


def _as_text(column: pd.Series) -> pa.Array:
    """Return the column's cells as Arrow strings: ``str`` of each value, missing values ``""``."""
    if isinstance(column.dtype, pd.StringDtype) and column.dtype.storage == "pyarrow":  # Arrow already: no copy
        return pc.fill_null(pa.array(column.array).cast(pa.large_string()), _s(""))
    values = column.to_numpy(dtype=object, na_value="")
    try:
        return pa.array(values, type=pa.large_string())
    except (pa.ArrowTypeError, pa.ArrowInvalid):  # not all str (dates, numbers in an object column)
        return pa.array(pd.Series(values, dtype=object).astype(str).to_numpy(dtype=object), type=pa.large_string())


def _safe_text(column: pd.Series) -> pa.Array:
    """:func:`safe_cell` over a text column: Arrow finds the few candidates, Python decides them."""
    text = _as_text(column)
    maybe = np.flatnonzero(pc.match_substring_regex(text, _MAY_BE_FORMULA).to_numpy(zero_copy_only=False))
    if not len(maybe):
        return text
    decided = _safe_cells(pd.Series(text.take(pa.array(maybe)).to_pylist(), dtype=object))
    mask = np.zeros(len(text), dtype=bool)
    mask[maybe] = True
    return pc.replace_with_mask(text, pa.array(mask), pa.array(decided.to_numpy(dtype=object), type=pa.large_string()))


def _number_text(values: pd.Series, decimal: str) -> pa.Array:
    """Return distinct numbers as pandas writes them (``repr`` of floats, locale-free ints)."""
    body = values.to_frame().to_csv(
        index=False, header=False, lineterminator="\n", decimal=decimal, sep="\t" if decimal == "," else ","
    )
    return pa.array(body.split("\n")[:-1], type=pa.large_string())


def _distinct(column: pd.Series) -> tuple[np.ndarray, pd.Series]:
    """Codes and distinct values of a column, missing values coded -1 (floats by their bits: -0.0 stays)."""
    if pd.api.types.is_float_dtype(column) and column.dtype.kind == "f":
        values = column.to_numpy(dtype=np.float64)
        codes, bits = pd.factorize(values.view(np.int64))
        codes[np.isnan(values)] = -1
        return codes, pd.Series(np.asarray(bits, dtype=np.int64).view(np.float64))
    try:
        codes, uniques = pd.factorize(column, use_na_sentinel=True)
    except TypeError:  # unhashable cells (lists, dicts from JSON or Parquet): each its own
        codes, uniques = np.arange(len(column)), column.to_numpy(dtype=object)
        codes[column.isna().to_numpy(dtype=bool)] = -1
    return np.asarray(codes), pd.Series(uniques, dtype=column.dtype if column.dtype.kind == "b" else None)


def _quote(text: pa.Array, sep: str, *, empty: bool) -> pa.Array:
    """Quote the cells that hold the separator, a quote or a line break (``empty``: also ``""``)."""
    chars = "".join(f"\\x{{{ord(c):x}}}" for c in sep + _QUOTED)
    need = pc.match_substring_regex(text, f"[{chars}]")
    if empty:
        need = pc.or_(need, pc.equal(text, _s("")))
    which = np.flatnonzero(need.to_numpy(zero_copy_only=False))
    if not len(which):
        return text
    some = text.take(pa.array(which))  # only the cells to quote go through the kernels
    quoted = pc.binary_join_element_wise(_s('"'), pc.replace_substring(some, '"', '""'), _s('"'), _s(""))
    return pc.replace_with_mask(text, need, quoted)


def _column_text(column: pd.Series, sep: str, decimal: str, *, one: bool) -> pa.Array:
    """Return one column of a block as quoted CSV cells (each distinct value written once)."""
    codes, values = _distinct(column)
    if pd.api.types.is_bool_dtype(column):
        cells = pa.array(np.where(values.to_numpy(dtype=bool), "true", "false"), type=pa.large_string())
    elif pd.api.types.is_numeric_dtype(column):
        cells = _number_text(values, decimal)
    else:
        cells = _safe_text(values)
    cells = pa.concat_arrays([cells, pa.array([""], type=pa.large_string())])  # the missing value, last
    cells = _quote(cells, sep, empty=one)
    return cells.take(pa.array(np.where(codes < 0, len(cells) - 1, codes)))


def _block_bytes(block: pd.DataFrame, sep: str, decimal: str) -> memoryview:
    """Return the UTF-8 lines of a block of rows, each ending in a line feed (a view of Arrow's buffer, no copy)."""
    one = len(block.columns) == 1
    columns = [_column_text(block.iloc[:, i], sep, decimal, one=one) for i in range(block.shape[1])]
    lines = pc.binary_join_element_wise(*columns, _s(sep)) if len(columns) > 1 else columns[0]
    lines = pc.binary_join_element_wise(lines, _s("\n"), _s(""))
    offsets = np.frombuffer(lines.buffers()[1], dtype=np.int64)[lines.offset : lines.offset + len(lines) + 1]
    data = lines.buffers()[2]
    if data is None or not len(offsets):
        return memoryview(b"")
    return memoryview(data)[offsets[0] : offsets[-1]]


def _header(frame: pd.DataFrame, sep: str) -> str:
    """Return the header line: the column names, formulas neutralised, quoted as cells are."""
    one = len(frame.columns) == 1
    names = pd.Series([str(safe_cell(str(c))) for c in frame.columns], dtype=object)
    header = _quote(pa.array(names.to_numpy(dtype=object), type=pa.large_string()), sep, empty=one)
    return sep.join(header.to_pylist()) + "\n"


def _blocks(frame: pd.DataFrame, sep: str, decimal: str) -> Iterator[memoryview]:
    """Yield the UTF-8 text of the rows, :data:`BLOCK_ROWS` at a time, in order.

    The blocks are built by :data:`WORKERS` threads (Arrow's kernels run without the GIL),
    at most that many ahead of the one the caller has, so the caller writes one block while
    the next are built, and the memory stays bounded by a few blocks.
    """
    starts = range(0, len(frame), BLOCK_ROWS) if len(frame.columns) else range(0)
    if len(starts) < 2:
        for start in starts:
            yield _block_bytes(frame.iloc[start : start + BLOCK_ROWS], sep, decimal)
        return
    with ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="csv-block") as pool:
        ahead: deque[Future[memoryview]] = deque()
        try:
            for start in starts:
                ahead.append(pool.submit(_block_bytes, frame.iloc[start : start + BLOCK_ROWS], sep, decimal))
                if len(ahead) > WORKERS:
                    yield ahead.popleft().result()
            while ahead:
                yield ahead.popleft().result()
        finally:
            for future in ahead:
                future.cancel()


def csv_blocks(frame: pd.DataFrame, sep: str = ",", decimal: str = ".") -> Iterator[bytes | memoryview]:
    r"""Yield a frame as UTF-8 CSV bytes: the header line, then the rows in blocks of whole lines.

    The bytes of :func:`csv_lines`, for a file opened in binary mode: the text is built in
    Arrow and written from Arrow's buffers, never decoded into Python strings.
    """
    yield _header(frame, sep).encode("utf-8")
    yield from _blocks(frame, sep, decimal)


def csv_lines(frame: pd.DataFrame, sep: str = ",", decimal: str = ".") -> Iterator[str]:
    r"""Yield a frame as CSV text: the header line, then the rows in blocks of whole lines.

    Formulas are neutralised (:func:`safe_cell`) and every cell with the separator, a quote
    or any line break is quoted, column by column: Python's csv module (and so
    ``DataFrame.to_csv``) leaves a cell holding a lone CR unquoted when lines end in LF, and
    a spreadsheet then splits the record there. A lone empty cell is written ``""`` so its
    record is not read as a blank line. Lines end in ``\n``; each block after the header
    holds up to :data:`BLOCK_ROWS` lines.
    """
    yield _header(frame, sep)
    for block in _blocks(frame, sep, decimal):
        yield str(block, "utf-8")
