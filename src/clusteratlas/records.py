"""Reading cluster records from CSV, XLSX, GeoJSON, GeoPackage or Parquet, and checking them.

Column names are matched case-insensitively, accents and separators ignored, in English
or French (``name``/``nom``, ``city``/``ville``, ``year``/``année``, ``lat``/``latitude``,
``lon``/``lng``/``longitude``, ``region``/``région`` …) and renamed to one vocabulary.
Values are checked once, and every problem of a kind is reported in one message that
names the file, the rows and the column, and says how to fix it.
"""

from __future__ import annotations

import csv
import io
import json
import logging
import re
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._resources import check_input_file, read_input_bytes
from .errors import ClusterAtlasWarning, InputError
from .gazetteer import normalize_name

log = logging.getLogger("clusteratlas")

#: The seven intervention levers of the study's Table 3, as columns, with their labels.
LEVERS: dict[str, str] = {
    "lever_rnd": "Innovation development R&D",
    "lever_cooperation": "Cooperation & synergy development",
    "lever_skills": "Skills development",
    "lever_infrastructure": "Infrastructure development",
    "lever_international": "International development",
    "lever_subsidies": "Accessing subsidies and incentives",
    "lever_governance": "Governance and integrated practices",
}

#: Short labels of the levers, for tables and legends.
LEVER_SHORT: dict[str, str] = {
    "lever_rnd": "R&D",
    "lever_cooperation": "Cooperation",
    "lever_skills": "Skills",
    "lever_infrastructure": "Infrastructure",
    "lever_international": "International",
    "lever_subsidies": "Subsidies",
    "lever_governance": "Governance",
}

#: Canonical column -> the header spellings that mean it (compared by normalize_name).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "name": ("name", "nom", "cluster", "cluster name", "nom du cluster"),
    "city": ("city", "ville", "localisation", "localization", "location", "town", "cité"),
    "sector": ("sector", "secteur", "sectors", "secteurs", "secteur d'activité"),
    "year": (
        "year",
        "année",
        "annee",
        "creation year",
        "année de création",
        "release date",
        "date de création",
        "founded",
    ),
    "lat": ("lat", "latitude", "y_lat"),
    "lon": ("lon", "lng", "long", "longitude", "x_lon"),
    "region": ("region", "région", "region_name"),
    "province": ("province", "préfecture", "prefecture", "province/préfecture"),
    "governance": ("governance", "gouvernance", "governance system", "système de gouvernance"),
    "financing": ("financing", "financement", "financing system", "système de financement"),
    "labeling": ("labeling", "labelling", "label", "labellisation", "labélisation"),
    "perimeter": ("perimeter", "périmètre", "geographic perimeter", "périmètre géographique"),
    "vocation": ("vocation",),
    "sector_group": ("sector group", "sector_group", "groupe sectoriel", "filière"),
}
#: Headers that name a record when no column of ``SYNONYMS["name"]`` does, the first found in this
#: order (registers and exports name their records this way). Several of them is no error: the
#: others keep their own header. ``name_column`` chooses another column.
NAME_FALLBACKS: tuple[str, ...] = (
    "nom de la zone",
    "nom de l'entreprise",
    "raison sociale",
    "dénomination",
    "company name",
    "entreprise",
    "company",
    "firm",
    "organisation",
    "organization",
)
_LOOKUP = {normalize_name(s): canon for canon, spellings in SYNONYMS.items() for s in spellings}
_NAME_FALLBACK_KEYS = {normalize_name(s): rank for rank, s in enumerate(NAME_FALLBACKS)}
_LOOKUP.update({normalize_name(k): k for k in LEVERS})

_TRUE = {"true", "yes", "oui", "1", "x", "×", "✓", "vrai", "y"}
_FALSE = {"false", "no", "non", "0", "faux", "n"}
_UNKNOWN = {"", "-", "–", "—", "na", "n/a", "nan", "unknown", "inconnu", "?"}

SUPPORTED = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".geojson", ".json", ".gpkg", ".parquet")
_EXCEL = (".xlsx", ".xlsm")
_VECTOR = (".geojson", ".json", ".gpkg")
#: Creation years outside these bounds are errors (typos such as 20150 or -2015).
YEARS = (1900, 2100)


def row_numbers(frame: pd.DataFrame, positions: np.ndarray | Sequence[int]) -> np.ndarray:
    """Return the file row (the line a text editor shows, or the spreadsheet row) of records.

    Parameters
    ----------
    frame : pandas.DataFrame
        Records from :func:`read_records` (its ``attrs`` say where each record starts).
    positions : array of int
        Positions of records in ``frame`` (0-based).

    Returns
    -------
    numpy.ndarray
        One row number per position: ``row_offset`` plus the position, plus the lines taken by
        title rows, blank lines and multi-line quoted cells before it.
    """
    pos = np.asarray(positions, dtype=np.int64)
    out = pos + int(frame.attrs.get("row_offset", 2))
    jumps = frame.attrs.get("row_jumps") or ()
    if jumps and len(pos):
        at = np.array([p for p, _ in jumps], dtype=np.int64)
        extra = np.array([d for _, d in jumps], dtype=np.int64)
        k = np.searchsorted(at, pos, side="right") - 1
        out += np.where(k >= 0, extra[np.maximum(k, 0)], 0)
    return out


def _where(frame: pd.DataFrame, rows: np.ndarray, column: str, limit: int = 3, why: Sequence[str] | None = None) -> str:
    """Name the file, column and first ``limit`` rows (value, and ``why`` each is wrong if given)."""
    label = frame.attrs.get("row_label", "row")
    header = frame.attrs.get("headers", {}).get(column, column)
    lines = row_numbers(frame, rows[:limit])
    reasons = [f": {w}" for w in why[:limit]] if why is not None else [""] * len(lines)
    shown = ", ".join(
        f"{label} {int(n)} ({frame[column].iat[int(i)]!r}{w})"
        for i, n, w in zip(rows[:limit], lines, reasons, strict=True)
    )
    more = f" and {len(rows) - limit} more" if len(rows) > limit else ""
    return f"{frame.attrs.get('source', '<records>')}, column {header!r}: {shown}{more}"


# --- decoding ----------------------------------------------------------------------------

_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "UTF-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "UTF-32"),
    (b"\xef\xbb\xbf", "utf-8", "UTF-8"),
    (b"\xff\xfe", "utf-16-le", "UTF-16"),
    (b"\xfe\xff", "utf-16-be", "UTF-16"),
)
_ESCAPED = re.compile("[\udc80-\udcff]+")  # bytes that were not UTF-8, kept by surrogateescape


def _utf16_guess(raw: bytes) -> str | None:
    """UTF-16 without a byte-order mark: mostly-ASCII text has a NUL in every other byte."""
    head = raw[:4096]
    even, odd = head[0::2].count(0), head[1::2].count(0)
    half = max(len(head) // 2, 1)
    if odd > 0.1 * half and even * 10 < odd:
        return "utf-16-le"
    if even > 0.1 * half and odd * 10 < even:
        return "utf-16-be"
    return None


def _decode(raw: bytes, path: Path) -> tuple[str, list[int]]:
    """Decode a CSV's bytes; return the text and the lines that needed the Windows-1252 fallback.

    Byte-order marks (UTF-8, UTF-16, UTF-32) are followed. Otherwise the text is UTF-8; a file
    with no valid UTF-8 beyond ASCII is Windows-1252 as a whole (what French Excel writes); in a
    file that mixes both, only the bytes that are not UTF-8 are read as Windows-1252, so valid
    UTF-8 text ("Fès") is never turned into mojibake ("FÃ¨s"). Everything runs in C except one
    call per run of bytes that are not UTF-8.
    """
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            if codec == "utf-8":
                raw = raw[len(bom) :]
                break
            return _strict(raw[len(bom) :], codec, name, path, len(bom)), []
    else:
        if b"\x00" in raw[:4096]:
            codec16 = _utf16_guess(raw)
            if codec16 is None:
                msg = (
                    f"{path}: holds NUL bytes, so it looks binary, not a text CSV; "
                    "save the table as CSV (UTF-8) or .xlsx."
                )
                raise InputError(msg)
            return _strict(raw, codec16, "UTF-16 (no byte-order mark)", path, 0), []
    try:
        return raw.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    # Each valid UTF-8 sequence beyond ASCII makes one character of two to four bytes; with none,
    # every byte is a character and the whole file is Windows-1252.
    if len(raw.decode("utf-8", "surrogateescape")) == len(raw):
        return raw.decode("cp1252", "replace"), []
    return _decode_mixed(raw)


_CHUNK = 1 << 20  # mixed files are decoded in blocks of about this many bytes, cut at line ends


def _decode_mixed(raw: bytes) -> tuple[str, list[int]]:
    """UTF-8 with some lines that are not: only the bad bytes are read as Windows-1252.

    Blocks of about a megabyte (cut at line ends) are decoded in C; a block that is not all
    UTF-8 is decoded again keeping its bad bytes aside, and only the runs of bad bytes reach
    Python, where they are read as Windows-1252 and their lines noted. Valid UTF-8 on the same
    line is kept as it is. Returns the text and the lines that needed the fallback.
    """
    view = memoryview(raw)
    parts: list[str] = []
    lines: list[int] = []
    pos, line = 0, 1
    while pos < len(raw):
        end = raw.find(b"\n", pos + _CHUNK)
        end = len(raw) if end < 0 else end + 1
        try:
            parts.append(str(view[pos:end], "utf-8"))
        except UnicodeDecodeError:
            block = str(view[pos:end], "utf-8", "surrogateescape")
            state = [line, 0]  # line reached, position in block

            def cp1252(match: re.Match[str], block: str = block, state: list[int] = state) -> str:
                state[0] += block.count("\n", state[1], match.start())
                state[1] = match.start()
                if not lines or lines[-1] != state[0]:
                    lines.append(state[0])
                return match.group().encode("utf-8", "surrogateescape").decode("cp1252", "replace")

            parts.append(_ESCAPED.sub(cp1252, block))
        line += raw.count(b"\n", pos, end)
        pos = end
    return "".join(parts), lines


def _strict(raw: bytes, codec: str, name: str, path: Path, skipped: int) -> str:
    try:
        text = raw.decode(codec)
    except UnicodeDecodeError as err:
        msg = (
            f"{path}: is {name} but byte {err.start + skipped} is not valid {name}, "
            "so it looks binary or damaged; save the table again as CSV (UTF-8)."
        )
        raise InputError(msg) from err
    if "\x00" in text:
        msg = f"{path}: holds NUL characters, so it looks binary, not a text CSV; save the table as CSV (UTF-8)."
        raise InputError(msg)
    return text


def _delimiter(text: str) -> str:
    head = text[:65536]
    first = head.splitlines()[0] if head else ""
    try:
        return csv.Sniffer().sniff(head, delimiters=",;\t").delimiter
    except csv.Error:
        counts = {d: first.count(d) for d in (",", ";", "\t")}
        return max(counts, key=lambda d: counts[d])


# --- headers -----------------------------------------------------------------------------

#: Columns that say where a record is; a file needs at least one of them.
LOCATION_COLUMNS = ("city", "lat", "lon", "province", "region")
_LOCATION_KEYS = frozenset(k for k, v in _LOOKUP.items() if v in LOCATION_COLUMNS)
#: A header is looked for in this many first rows (title rows above it are skipped).
HEADER_ROWS = 10
_HEADER_HINT = 50
_TITLE_CELLS = 2  # a title row above the header holds at most this many cells


def _canonical(header: object) -> str | None:
    return _LOOKUP.get(normalize_name(str(header).strip()))


def _check_header(names: Sequence[object], source: str, *, name_column: str | None = None) -> None:
    """Refuse two columns that mean the same recognised column (``city`` twice, ``ville`` and ``city``).

    With ``name_column``, columns that would mean ``name`` are no conflict: the one chosen wins.
    """
    seen: dict[str, list[tuple[int, str]]] = {}
    for i, name in enumerate(names):
        canon = _canonical(name)
        if canon is not None and not (canon == "name" and name_column is not None):
            seen.setdefault(canon, []).append((i + 1, str(name).strip()))
    dups = {canon: cols for canon, cols in seen.items() if len(cols) > 1}
    if dups:
        parts = "; ".join(
            " and ".join(f"{name!r} (column {i})" for i, name in cols) + f" both mean {canon!r}"
            for canon, cols in dups.items()
        )
        msg = f"{source}: columns {parts}; keep one of them or rename the others."
        raise InputError(msg)


def _has_location(cells: Sequence[str]) -> bool:
    return any(normalize_name(str(c).strip()) in _LOCATION_KEYS for c in cells)


def _find_header(rows: Sequence[tuple[int, Sequence[str]]], source: str, label: str) -> int:
    """Return the index in ``rows`` of the header: the first row naming a location column.

    ``rows`` are (line, cells) of the first records. Title rows above a header (as Excel
    exports write them) are skipped when the header is within :data:`HEADER_ROWS` rows.
    """

    def filled(cells: Sequence[str]) -> int:
        return sum(1 for c in cells if str(c).strip())

    for k, (line, cells) in enumerate(rows[:HEADER_ROWS]):
        if _has_location(cells):
            crowded = [(n, c) for n, c in rows[:k] if filled(c) > _TITLE_CELLS]
            if crowded:  # rows above that look like data, not titles: don't drop them
                n, c = crowded[0]
                msg = (
                    f"{source}: the header seems to be on {label} {line}, but {label} {n} above it holds "
                    f"{filled(c)} cells, more than a title; remove the {label}s above the header, or name a "
                    "location column (city, lat/lon, province or region) in the first row."
                )
                raise InputError(msg)
            return k
    for line, cells in rows[HEADER_ROWS:]:
        if _has_location(cells):
            msg = (
                f"{source}: the header seems to be on {label} {line} (it names "
                f"{', '.join(repr(str(c)) for c in cells if str(c).strip())}); remove the {line - 1} "
                f"{label}s above it, so that it is within the first {HEADER_ROWS}."
            )
            raise InputError(msg)
    return next((k for k, (_, cells) in enumerate(rows) if any(str(c).strip() for c in cells)), 0)


def _say_titles(source: str, label: str, line: int) -> None:
    if line > 1:
        above = line - 1
        log.info(
            "%s: the header is on %s %d; the %d %s(s) above it were read as titles", source, label, line, above, label
        )


def _check_location(frame: pd.DataFrame) -> None:
    if any(c in frame for c in LOCATION_COLUMNS):
        return
    headers = frame.attrs.get("headers", {})
    found = ", ".join(repr(str(headers.get(c, c))) for c in frame.columns) or "none"
    accepted = "; ".join(f"{canon}: {', '.join(SYNONYMS[canon])}" for canon in LOCATION_COLUMNS)
    msg = (
        f"{frame.attrs.get('source', '<records>')}: no location column (found {found}); name a column "
        f"by one of these (case and accents ignored) — {accepted}."
    )
    raise InputError(msg)


# --- CSV ---------------------------------------------------------------------------------


def _head_records(text: str, sep: str) -> list[tuple[int, list[str]]]:
    """(first line, cells) of the first records, blank lines included, as the csv module reads them."""
    reader = csv.reader(io.StringIO(text[:65536], newline=""), delimiter=sep, skipinitialspace=True)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for cells in reader:
            rows.append((line, cells))
            line = reader.line_num + 1
            if len(rows) >= _HEADER_HINT:
                break
    except csv.Error:
        pass
    return rows


def _line_start(text: str, line: int) -> int:
    """Offset of a line, its lines split as :func:`_head_records` splits them (LF, CR LF or CR)."""
    lines = io.StringIO(text[:65536], newline="")
    return sum(len(lines.readline()) for _ in range(line - 1))


def _record_lines(body: str) -> tuple[np.ndarray, np.ndarray]:
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
    """Like :func:`_record_lines`, by the csv module (for quotes inside unquoted cells); slower."""
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


def _row_jumps(body: str, sep: str, n: int) -> tuple[tuple[int, int], ...] | None:
    """Where records' lines stop being ``header line + 1 + position``; ``None`` if unknown."""
    physical = body.count("\n") + (0 if body.endswith("\n") else 1)
    if physical - 1 == n:  # one line per record: the common case, no per-record work
        return ()
    for method in (_record_lines, lambda b: _record_lines_csv(b, sep)):
        lines, blank = method(body)
        data = lines[1:][~blank[1:]]
        if len(data) == n:
            extra = data - 2 - np.arange(n)
            change = np.flatnonzero(np.diff(extra, prepend=0))
            return tuple((int(p), int(extra[p])) for p in change)
    return None


#: Prefix of the names :func:`_read_body` gives the cells beyond the header's last column.
_EXTRA = "\x00extra "
_WIDE = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _read_body(body: str, sep: str) -> pd.DataFrame:
    """Read a CSV's header and records as text; rows wider than the header give ``_EXTRA`` columns.

    A row with more cells than the header, after the first record, stops ``pandas.read_csv``;
    the text is then read again with names for the extra cells (a few times at most, each
    time as wide as the widest row seen), so that :func:`extra_cells` can drop them when they
    are empty (a separator ending rows) and name the row when they are not.
    """
    options: dict[str, Any] = {
        "sep": sep,
        "dtype": str,
        "keep_default_na": False,
        "na_filter": False,
        "skipinitialspace": True,
    }
    try:
        return pd.read_csv(io.StringIO(body), **options)
    except pd.errors.ParserError as err:
        wide = _WIDE.search(str(err))
        if wide is None:
            raise
        error = err
    columns = [str(c) for c in pd.read_csv(io.StringIO(body), nrows=0, **options).columns]
    for _ in range(4):
        names = [*columns, *(f"{_EXTRA}{i}" for i in range(int(wide.group(3)) - len(columns)))]
        try:
            read = pd.read_csv(io.StringIO(body), header=None, names=names, index_col=False, **options)
            return read.iloc[1:].reset_index(drop=True)  # its first row is the header
        except pd.errors.ParserError as err:
            wide, error = _WIDE.search(str(err)), err
            if wide is None:
                break
    raise error


def extra_cells(frame: pd.DataFrame, *, sep: str | None = None, say: bool = True) -> pd.DataFrame:
    """Put right a CSV's records read with more cells than its header: drop empty extra cells, refuse others.

    When the first record has more cells than the header (a separator ending every row, as some
    exports write), ``pandas.read_csv`` takes the first cells as the index and shifts every
    column onto the next one's header. The cells are put back under their headers; the cells
    beyond the header's last column (these, or those :func:`_read_body` read), when all empty,
    are dropped (with an info message if ``say``).

    Parameters
    ----------
    frame : pandas.DataFrame
        A CSV's records (or a chunk of them) as ``pandas.read_csv(dtype=str)`` gives them, with
        ``attrs`` saying where their rows are (see :func:`row_numbers`).
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
    out = frame
    if not isinstance(frame.index, pd.RangeIndex):
        out = frame.reset_index()
        out.columns = pd.Index([*frame.columns, *(f"{_EXTRA}{i}" for i in range(frame.index.nlevels))])
        out.attrs.update(frame.attrs)
    width = sum(not str(c).startswith(_EXTRA) for c in out.columns)
    if width == len(out.columns):
        return frame
    cells = out.iloc[:, width:].astype(str)
    filled = cells.apply(lambda col: col.str.strip().ne("")).to_numpy()
    rows = np.flatnonzero(filled.any(axis=1))
    source = frame.attrs.get("source", "<records>")
    separator = f" (separator {sep!r})" if sep else ""
    if len(rows):
        first = int(rows[0])
        cols = np.flatnonzero(filled[first])
        line = int(row_numbers(out, [first])[0])
        label = frame.attrs.get("row_label", "row")
        value = str(cells.iat[first, int(cols[0])]).strip()
        value = value if len(value) <= 40 else value[:39] + "…"
        others = f"; {len(rows) - 1} other {label}s have extra cells too" if len(rows) > 1 else ""
        msg = (
            f"{source}: {label} {line} has {width + int(cols[-1]) + 1} cells but the header names {width}"
            f"{separator}, so {value!r} belongs to no column{others}; name the extra column in the header, "
            "quote cells that contain the separator, or remove the extra cells."
        )
        raise InputError(msg)
    if say:
        ends = f" ({sep!r})" if sep else ""
        log.info("%s: rows end with a separator%s; the empty cells beyond the header were dropped", source, ends)
    return out.iloc[:, :width]


def _parser_error(err: Exception, path: Path, body: str, header_line: int, sep: str, width: int) -> InputError:
    text = str(err).strip()
    wide = re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text)
    if wide:
        lines, _ = _record_lines(body)
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


def _read_csv(path: Path, name_column: str | None = None) -> pd.DataFrame:
    text, fallback = _decode(read_input_bytes(path), path)
    if not text.strip():
        msg = f"{path}: the file is empty; give a header row (name, city, …) and one row per record."
        raise InputError(msg)
    if "\n" not in text and "\r" in text:  # old Mac line ends
        text = text.replace("\r", "\n")
    sniffed = _delimiter(text)
    for sep in dict.fromkeys((sniffed, ",", ";", "\t")):  # title rows can mislead the sniffer
        head = _head_records(text, sep)
        if any(_has_location(cells) for _, cells in head):
            break
    else:
        sep = sniffed
        head = _head_records(text, sep)
    k = _find_header(head, str(path), "line")
    header_line, header = head[k] if head else (1, [])
    _check_header(header, str(path), name_column=name_column)
    _say_titles(str(path), "line", header_line)
    body = text[_line_start(text, header_line) :] if header_line > 1 else text
    try:
        frame = _read_body(body, sep)
    except pd.errors.ParserError as err:
        raise _parser_error(err, path, body, header_line, sep, len(header)) from err
    jumps = _row_jumps(body, sep, len(frame))
    if jumps is None:
        frame.attrs["row_label"], frame.attrs["row_offset"] = "record", 1
    else:
        frame.attrs["row_offset"], frame.attrs["row_jumps"] = header_line + 1, jumps
    frame.attrs["source"] = str(path)
    frame = extra_cells(frame, sep=sep)
    if fallback:
        shown = ", ".join(str(n) for n in fallback[:10])
        more = f" and {len(fallback) - 10} more" if len(fallback) > 10 else ""
        msg = (
            f"{path}: row{'s' if len(fallback) > 1 else ''} {shown}{more} are not valid UTF-8; their other "
            "bytes were read as Windows-1252 (the rest of the file as UTF-8); save the file as UTF-8 to be sure."
        )
        warnings.warn(msg, ClusterAtlasWarning, stacklevel=3)
    return frame


# --- Excel -------------------------------------------------------------------------------


def _has_cells(sheet: object) -> bool:
    rows = getattr(sheet, "iter_rows", None)
    if rows is None:  # a chart sheet
        return False
    return any(any(v is not None and str(v).strip() for v in row) for row in rows(values_only=True))


def _unique_columns(names: Sequence[str]) -> list[str]:
    out: list[str] = []
    seen: dict[str, int] = {}
    for j, name in enumerate(names):
        name = name or f"Unnamed: {j}"
        if name in seen:
            seen[name] += 1
            name = f"{name}.{seen[name]}"
        seen.setdefault(name, 0)
        out.append(name)
    return out


def _read_excel(path: Path, sheet: str | None, name_column: str | None = None) -> pd.DataFrame:
    check_input_file(path)
    try:
        book = pd.ExcelFile(path, engine="openpyxl")
    except Exception as err:  # openpyxl raises many types for damaged files
        msg = f"{path}: cannot be read as an Excel workbook ({type(err).__name__}); save it again as .xlsx or CSV."
        raise InputError(msg) from err
    with book:
        names = [str(n) for n in book.sheet_names]
        listed = ", ".join(repr(n) for n in names)
        if sheet is None:
            filled = [n for n in names if _has_cells(book.book[n])]
            if len(filled) > 1:
                msg = (
                    f"{path}: has {len(filled)} sheets with data ({', '.join(repr(n) for n in filled)}); "
                    "name the one to read with `sheet`."
                )
                raise InputError(msg)
            sheet = filled[0] if filled else names[0]
        elif sheet not in names:
            msg = f"{path}: has no sheet {sheet!r}; its sheets are {listed}."
            raise InputError(msg)
        try:
            raw = pd.read_excel(book, sheet_name=sheet, header=None, dtype=str, keep_default_na=False)
        except Exception as err:
            msg = f"{path}: sheet {sheet!r} cannot be read ({type(err).__name__}); save it again as .xlsx or CSV."
            raise InputError(msg) from err
    raw = raw.fillna("").astype(str)
    if raw.empty:
        msg = f"{path}: sheet {sheet!r} is empty; give a header row (name, city, …) and one row per record."
        raise InputError(msg)
    head = [(i + 1, raw.iloc[i].tolist()) for i in range(min(_HEADER_HINT, len(raw)))]
    source = f"{path} (sheet {sheet!r})" if len(names) > 1 else str(path)
    k = _find_header(head, source, "row")
    header = [str(c).strip() for c in raw.iloc[k]] if len(raw) else []
    _check_header(header, source, name_column=name_column)
    _say_titles(source, "row", k + 1)
    data = raw.iloc[k + 1 :]
    keep = ~(data.apply(lambda col: col.str.strip().eq("")).all(axis=1)).to_numpy() if len(data) else np.zeros(0, bool)
    frame = pd.DataFrame(data.to_numpy()[keep], columns=_unique_columns(header)) if header else pd.DataFrame()
    empty = [c for c, h in zip(frame.columns, header, strict=True) if not h and not frame[c].str.strip().any()]
    frame = frame.drop(columns=empty)
    extra = np.flatnonzero(keep) - np.arange(int(keep.sum()))
    change = np.flatnonzero(np.diff(extra, prepend=0))
    frame.attrs["row_offset"] = k + 2
    frame.attrs["row_jumps"] = tuple((int(p), int(extra[p])) for p in change)
    frame.attrs["source"] = source
    return frame


# --- Parquet -----------------------------------------------------------------------------


def as_strings(frame: pd.DataFrame) -> pd.DataFrame:
    """Return a frame's cells as strings, missing values as ``""``, as CSV input reads them.

    Parquet columns are typed (numbers, booleans, dates); writing them as strings lets
    :func:`prepare_records` check and convert them exactly as it does a CSV's cells.

    Parameters
    ----------
    frame : pandas.DataFrame
        A table as read (any dtypes).

    Returns
    -------
    pandas.DataFrame
        The same table with string columns, as ``pandas.read_csv(dtype=str)`` gives.
    """
    out = pd.DataFrame(index=frame.index)
    for col in frame.columns:
        s = frame[col]
        text = s.astype(object).where(s.notna(), "").astype(str)
        out[str(col)] = text
    out.attrs.update(frame.attrs)
    return out


def parquet_file(path: Path) -> Any:
    """Open a Parquet file (a ``pyarrow.parquet.ParquetFile``), or say why it can't be read."""
    import pyarrow.parquet as pq

    check_input_file(path)
    try:
        return pq.ParquetFile(path)
    except Exception as err:  # pyarrow's ArrowInvalid and OSError for damaged files
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        msg = f"{path}: cannot be read as Parquet ({first}); check the file is valid Parquet."
        raise InputError(msg) from err


def drop_geometry(table: Any) -> Any:
    """Drop the WKB geometry columns of a GeoParquet table (``pyarrow.Table`` or batch).

    GeoParquet files written by :func:`clusteratlas.export.write_parquet` keep ``lat`` and
    ``lon`` beside their geometry; the geometry, binary, is not a record's cell.
    """
    meta = table.schema.metadata or {}
    if b"geo" not in meta:
        return table
    geo = json.loads(meta[b"geo"])
    names = [c for c in geo.get("columns", {}) if c in table.schema.names]
    return table.drop_columns(names) if names else table


def _read_parquet(path: Path, name_column: str | None = None) -> pd.DataFrame:
    pfile = parquet_file(path)
    try:
        table = pfile.read()
    except Exception as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        msg = f"{path}: cannot be read as Parquet ({first}); check the file is valid Parquet."
        raise InputError(msg) from err
    frame = as_strings(drop_geometry(table).to_pandas())
    _check_header(list(frame.columns), str(path), name_column=name_column)
    frame.attrs["row_label"], frame.attrs["row_offset"] = "record", 1
    return frame


# --- GeoJSON, GeoPackage -----------------------------------------------------------------


def _read_vector(path: Path, layer: str | None) -> pd.DataFrame:
    import geopandas as gpd
    import pyogrio

    check_input_file(path)
    try:
        names = [str(n) for n in pyogrio.list_layers(path)[:, 0]]
        if layer is None and len(names) > 1:
            msg = (
                f"{path}: has {len(names)} layers ({', '.join(repr(n) for n in names)}); "
                "name the one to read with `layer`."
            )
            raise InputError(msg)
        if layer is not None and layer not in names:
            msg = f"{path}: has no layer {layer!r}; its layers are {', '.join(repr(n) for n in names)}."
            raise InputError(msg)
        frame = gpd.read_file(path, layer=layer)
    except InputError:
        raise
    except Exception as err:  # pyogrio's DataSourceError and friends
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        msg = f"{path}: cannot be read as GeoJSON/GeoPackage ({first}); check the file is valid."
        raise InputError(msg) from err
    table = pd.DataFrame(frame.drop(columns=frame.geometry.name))
    geom = frame.geometry
    if len(geom) and geom.notna().any() and not geom.is_empty.all():
        if frame.crs is not None and not frame.crs.equals("EPSG:4326"):
            geom = geom.to_crs("EPSG:4326")
        types = set(geom[geom.notna() & ~geom.is_empty].geom_type)
        if types - {"Point"}:
            msg = (
                f"{path}: geometries must be points, found {', '.join(sorted(types - {'Point'}))}; "
                "give one point per record, or a CSV with lat/lon or city columns."
            )
            raise InputError(msg)
        has = (geom.notna() & ~geom.is_empty).to_numpy()
        lat = np.full(len(table), "", dtype=object)
        lon = np.full(len(table), "", dtype=object)
        lat[has] = geom[has].y.map(repr).to_numpy()
        lon[has] = geom[has].x.map(repr).to_numpy()
        table["lat"], table["lon"] = lat, lon
    for col in table.columns:
        table[col] = table[col].map(lambda v: "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v))
    table.attrs["row_label"] = "feature"
    table.attrs["row_offset"] = 1
    return table


def read_records(
    path: str | Path, *, sheet: str | None = None, layer: str | None = None, name_column: str | None = None
) -> pd.DataFrame:
    """Read cluster records from a file and check them.

    Parameters
    ----------
    path : str or Path
        A CSV (comma, semicolon or tab; UTF-8 with or without BOM, UTF-16 or UTF-32 with a
        BOM, or Windows-1252/Latin-1), XLSX, GeoJSON, GeoPackage or Parquet file (Parquet
        cells are read as text, then checked as a CSV's). Title rows above
        the header are skipped when the header is within the first :data:`HEADER_ROWS` rows.
    sheet : str, optional
        The sheet of a workbook to read; needed when more than one sheet holds data.
    layer : str, optional
        The layer of a GeoPackage to read; needed when it has more than one.
    name_column : str, optional
        The column that names the records, as the file's header writes it (case and accents
        ignored). By default a column of ``SYNONYMS["name"]`` (``name``, ``nom`` …), else the
        first of :data:`NAME_FALLBACKS` (``Nom de la zone``, ``Raison sociale``, ``Company`` …);
        with none, a warning says so and records are shown by their row.

    Returns
    -------
    pandas.DataFrame
        One row per record, in file order, with recognised columns renamed to the
        canonical vocabulary (see :data:`SYNONYMS`), ``lat``/``lon``/``year`` as numbers
        and lever columns as booleans (``pd.NA`` for unknown). :func:`row_numbers` gives
        each record's row in the file.

    Raises
    ------
    InputError
        If the file is missing, not a regular file, of an unsupported kind, empty, malformed,
        has several sheets or layers and none is named, repeats a location column or has
        none, or holds values that can't be read; the message names the file, rows and column.

    Warns
    -----
    ClusterAtlasWarning
        When some rows of a UTF-8 file are not valid UTF-8 (they are read as Windows-1252).
    """
    path = Path(path)
    check_input_file(path)
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED:
        msg = f"{path}: unsupported file type {suffix or '(none)'!r}; use one of {', '.join(SUPPORTED)}."
        raise InputError(msg)
    if sheet is not None and suffix not in _EXCEL:
        msg = f"{path}: sheet {sheet!r} was asked for, but only Excel workbooks ({', '.join(_EXCEL)}) have sheets."
        raise InputError(msg)
    if layer is not None and suffix not in _VECTOR:
        msg = f"{path}: layer {layer!r} was asked for, but only {', '.join(_VECTOR)} files have layers."
        raise InputError(msg)
    if suffix in _EXCEL:
        frame = _read_excel(path, sheet, name_column)
    elif suffix in _VECTOR:
        frame = _read_vector(path, layer)
    elif suffix == ".parquet":
        frame = _read_parquet(path, name_column)
    else:
        frame = _read_csv(path, name_column)
    frame.attrs.setdefault("source", str(path))
    frame = prepare_records(frame, name_column=name_column)
    _check_location(frame)
    if "name" not in frame:
        headers = frame.attrs.get("headers", {})
        found = ", ".join(repr(str(headers.get(c, c))) for c in frame.columns)
        log.warning(
            "%s: no column names the records (found %s), so they are shown by row; call one "
            "name or nom, or choose it with `name_column`",
            frame.attrs["source"],
            found,
        )
    return frame


def prepare_records(frame: pd.DataFrame, *, name_column: str | None = None) -> pd.DataFrame:
    """Rename recognised columns, and check and convert their values.

    Parameters
    ----------
    frame : pandas.DataFrame
        Records as read (strings), or built in Python.
    name_column : str, optional
        The column that names the records, as its header says (case and accents ignored);
        by default one of ``SYNONYMS["name"]``, else of :data:`NAME_FALLBACKS`.

    Returns
    -------
    pandas.DataFrame
        A new frame; see :func:`read_records`.
    """
    source = frame.attrs.get("source", "<records>")
    frame = frame.copy()
    frame.attrs.setdefault("source", source)
    frame.attrs.setdefault("row_offset", 2)
    frame.columns = [str(c).strip() for c in frame.columns]
    _check_header(list(frame.columns), source, name_column=name_column)
    rename = _renames([str(c) for c in frame.columns], source, name_column)
    frame = frame.rename(columns=rename)
    frame.attrs["headers"] = {v: k for k, v in rename.items()}
    frame.attrs["prepared"] = True
    if frame.columns.duplicated().any():
        dup = sorted(set(frame.columns[frame.columns.duplicated()]))
        msg = f"{source}: the header repeats column(s) {dup}; give every column a distinct name."
        raise InputError(msg)
    if len(frame) == 0:
        msg = f"{source}: the file has a header but no records; add one row per record."
        raise InputError(msg)
    _check_coordinates(frame)
    _check_year(frame)
    _check_levers(frame)
    return frame


def _renames(columns: list[str], source: str, name_column: str | None) -> dict[str, str]:
    """Header -> canonical column, with the record name chosen as ``name_column`` or the fallbacks say."""
    rename = {c: canon for c in columns if (canon := _canonical(c)) is not None}
    if name_column is not None:
        chosen = find_column(columns, name_column, source, option="name_column")
        rename = {c: canon for c, canon in rename.items() if canon != "name"}
        rename[chosen] = "name"
    elif "name" not in rename.values():
        ranked = sorted(
            (rank, i) for i, c in enumerate(columns) if (rank := _NAME_FALLBACK_KEYS.get(normalize_name(c))) is not None
        )
        if ranked:
            rename[columns[ranked[0][1]]] = "name"
    return rename


def find_column(columns: Sequence[str], wanted: str, source: str, *, option: str) -> str:
    """Return the column of ``columns`` that ``wanted`` names: as written, else ignoring case and accents.

    Raises
    ------
    InputError
        If none does; the message lists the columns and names ``option``.
    """
    text = str(wanted).strip()
    if text in columns:
        return text
    key = normalize_name(text)
    found = next((c for c in columns if normalize_name(str(c)) == key), None)
    if found is None:
        listed = ", ".join(repr(str(c)) for c in columns) or "none"
        msg = f"{source}: no column {text!r} (`{option}`); the columns are {listed}."
        raise InputError(msg)
    return str(found)


def _numbers(frame: pd.DataFrame, column: str) -> tuple[pd.Series, np.ndarray]:
    """Parse a column as numbers (decimal comma accepted); return values and bad rows."""
    raw = frame[column]
    if pd.api.types.is_numeric_dtype(raw):
        return raw.astype(float), np.array([], dtype=int)
    values = pd.to_numeric(raw, errors="coerce").astype(float)
    # Only the cells that did not parse are looked at again (decimal commas, "-", blanks).
    idx = np.flatnonzero(values.isna().to_numpy())
    if len(idx):
        text = raw.iloc[idx].astype(str).str.strip()
        text = text.where(~text.str.fullmatch(r"-?\d+,\d+"), text.str.replace(",", ".", regex=False))
        empty = text.str.casefold().isin(_UNKNOWN)
        again = pd.to_numeric(text.where(~empty), errors="coerce")
        values.iloc[idx] = again.to_numpy(dtype=float)
        return values, idx[(again.isna() & ~empty).to_numpy()]
    return values, idx


def _check_coordinates(frame: pd.DataFrame) -> None:
    has_lat, has_lon = "lat" in frame, "lon" in frame
    source = frame.attrs.get("source", "<records>")
    if has_lat != has_lon:
        given, missing = ("lat", "lon") if has_lat else ("lon", "lat")
        msg = f"{source}: there is a {given!r} column but no {missing!r} column; give both, or neither."
        raise InputError(msg)
    if not has_lat:
        return
    parsed = {}
    for col, bound in (("lat", 90.0), ("lon", 180.0)):
        values, bad = _numbers(frame, col)
        out = np.flatnonzero((values.abs() > bound).to_numpy())
        if len(bad) or len(out):
            where = _bad_values(frame, col, (bad, "not a number"), (out, f"outside ±{bound:g}°"))
            hint = " (are latitude and longitude swapped, or in a projected CRS?)" if len(out) else ""
            msg = f"{where}; write decimal degrees such as 33.57 or -7.59{hint}."
            raise InputError(msg)
        parsed[col] = values
    half = np.flatnonzero((parsed["lat"].isna() != parsed["lon"].isna()).to_numpy())
    if len(half):
        col = "lat" if parsed["lat"].isna().iat[int(half[0])] else "lon"
        msg = f"{_where(frame, half, col)}: one coordinate is empty and the other is not; give both or neither."
        raise InputError(msg)
    frame["lat"], frame["lon"] = parsed["lat"], parsed["lon"]


def _bad_values(frame: pd.DataFrame, column: str, *kinds: tuple[np.ndarray, str]) -> str:
    """Name every bad value of a column at once, in row order: ``kinds`` are (positions, what is wrong).

    With one kind of problem it is said once after the rows; with several, after each value.
    """
    present = [(np.asarray(rows, dtype=np.int64), why) for rows, why in kinds if len(rows)]
    if len(present) == 1:
        rows, why = present[0]
        return f"{_where(frame, rows, column)}: {why}"
    rows = np.concatenate([r for r, _ in present])
    whys = np.concatenate([np.full(len(r), why, dtype=object) for r, why in present])
    order = np.argsort(rows, kind="stable")
    return _where(frame, rows[order], column, why=[str(w) for w in whys[order]])


def _check_year(frame: pd.DataFrame) -> None:
    if "year" not in frame:
        return
    values, bad = _numbers(frame, "year")
    frac = np.flatnonzero((values.notna() & (values % 1 != 0)).to_numpy())
    bad = np.union1d(bad, frac).astype(int)
    low, high = YEARS
    out = np.flatnonzero((values.notna() & ((values < low) | (values > high))).to_numpy())
    out = np.setdiff1d(out, bad)
    if len(bad) or len(out):
        where = _bad_values(frame, "year", (bad, "not a year"), (out, f"outside {low}–{high}"))
        msg = (
            f"{where}; write the four-digit year the cluster was created (such as 2014), or leave it empty if unknown."
        )
        raise InputError(msg)
    frame["year"] = values.astype("Int64")


def _check_levers(frame: pd.DataFrame) -> None:
    for col in LEVERS:
        if col not in frame:
            continue
        raw = frame[col]
        if pd.api.types.is_bool_dtype(raw):
            frame[col] = raw.astype("boolean")
            continue
        text = raw.astype(str).str.strip().str.casefold()
        ok = text.isin(_TRUE | _FALSE | _UNKNOWN) | raw.isna()
        bad = np.flatnonzero((~ok).to_numpy())
        if len(bad):
            msg = f"{_where(frame, bad, col)}: not true/false; write true, false, or leave it empty for unknown."
            raise InputError(msg)
        out = pd.Series(pd.NA, index=frame.index, dtype="boolean")
        out[text.isin(_TRUE)] = True
        out[text.isin(_FALSE)] = False
        frame[col] = out
