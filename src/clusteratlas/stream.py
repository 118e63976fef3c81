"""Streaming: geocode and count CSV or Parquet tables chunk by chunk, in bounded memory.

:func:`stream_geocode` and :func:`stream_shares` give the same rows and the same shares as
:func:`~clusteratlas.geocode` and :func:`~clusteratlas.shares` on the whole table, but hold
only one chunk of records at a time: peak memory grows with the chunk size and the number
of distinct names, not with the rows. Each chunk is checked by
:func:`~clusteratlas.records.prepare_records` (messages name the record's number in the
file) and geocoded with :func:`~clusteratlas.geocode`; the unplaced records are reported
once, at the end, in one :class:`~clusteratlas.errors.UnresolvedWarning`, and the records
placed outside the region or province their own columns give in one
:class:`~clusteratlas.errors.RegionConflictWarning`, as for the whole table.
"""

from __future__ import annotations

import codecs
import re
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import numpy as np
import pandas as pd

from . import records as rec
from ._csvin import TEXT, text_columns
from ._gis import csvt_line, csvt_types
from ._resources import atomic_write, check_input_file
from .aggregate import (
    GEOGRAPHIC,
    PROVINCE_UNKNOWN,
    UNPLACED,
    Shares,
    Zones,
    finish_shares,
    load_zones,
    ordered_groups,
    per_capita_columns,
    resolve_column,
)
from .aggregate import shares as shares_of
from .aliases import Aliases, load_aliases
from .errors import InputError, RegionConflictWarning, UnresolvedError, UnresolvedWarning
from .export import csv_lines, write_csvt
from .gazetteer import NOT_FOUND, normalize_names
from .geocode import user_headers
from .schema import count_placed, is_placed, set_provenance

#: Inputs that can be streamed.
STREAMED = (".csv", ".tsv", ".txt", ".parquet")
#: Default number of records per chunk.
CHUNKSIZE = 200_000
_HEAD = 1 << 20  # bytes read to find the encoding, the separator and the header
_SUGGESTED = NOT_FOUND + "; closest: "


def _encoding(path: Path, head: bytes) -> str:
    """Return the codec of a CSV from its first bytes, as :func:`clusteratlas.records.read_records` decides it."""
    for bom, codec, _name in rec.BYTE_ORDER_MARKS:
        if head.startswith(bom):
            return {"utf-8": "utf-8-sig", "utf-16-le": "utf-16", "utf-16-be": "utf-16"}.get(
                codec, "utf-32" if codec.startswith("utf-32") else codec
            )
    if b"\x00" in head[:4096]:
        codec16 = rec.guess_utf16(head)
        if codec16 is None:
            msg = f"{path}: holds NUL bytes, so it looks binary, not a text CSV; save the table as CSV (UTF-8)."
            raise InputError(msg)
        return codec16
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        if len(head.decode("utf-8", "surrogateescape")) == len(head):
            return "cp1252"
    return "utf-8"  # read by records.MixedText: lines that are not UTF-8 read as Windows-1252


def csv_options(path: Path) -> dict[str, object]:
    """Return how to read a CSV as :func:`~clusteratlas.records.read_records` would: ``pandas.read_csv`` options.

    The encoding, the separator and the header row (title rows above it skipped) are found in
    the first megabyte; the header is checked. Used by streaming and by the Dask engine.

    Returns
    -------
    dict
        ``sep``, ``encoding`` and ``skiprows``, with the options that read every cell as text.
    """
    with path.open("rb") as f:
        head = f.read(_HEAD)
    encoding = _encoding(path, head) if head.strip() else "utf-8"
    text = head.decode(encoding, "replace")
    if not text.strip("\ufeff \t\r\n\x00"):  # nothing, or a byte order mark and blanks
        msg = f"{path}: the file is empty; give a header row (name, city, …) and one row per record."
        raise InputError(msg)
    sep, header_line, header, grouped = rec.find_csv_header(text, str(path))
    rec.check_header(header, str(path))
    rec.refuse_wide_rows(text, sep, str(path))  # a row of a million cells would take pandas minutes
    rec.say_titles(str(path), "line", header_line)
    options: dict[str, object] = {
        "sep": sep,
        "dtype": str,
        "keep_default_na": False,
        "na_filter": False,
        "skipinitialspace": True,
        "encoding": encoding,
        "skiprows": header_line - 1,
    }
    if grouped:  # names read in from the group lines above the header
        options.update(header=0, names=rec.unique_names(header))
    return options


def csv_error(path: Path | str, err: Exception, encoding: str = "utf-8") -> InputError:
    """Return the error to raise for a CSV pandas could not parse or decode after its first megabyte."""
    if isinstance(err, UnicodeDecodeError):
        msg = (
            f"{path}: holds bytes that are not {encoding} after its first megabyte; save it as UTF-8, "
            "or read it without `chunksize`."
        )
        return InputError(msg)
    detail = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
    return InputError(f"{path}: cannot be read as CSV ({detail}); check its separators and quotes.")


def _csv_chunks(path: Path, chunksize: int) -> Iterator[pd.DataFrame]:
    """Chunks of a CSV's records as strings, header found as :func:`~clusteratlas.records.read_records` does."""
    options = csv_options(path)
    mixed = options["encoding"] in ("utf-8", "utf-8-sig")  # some lines may be Windows-1252, as in memory
    try:
        with path.open("rb") as raw:
            text = rec.MixedText(raw) if mixed else None
            source = path if text is None else text
            chosen = {k: v for k, v in options.items() if not (mixed and k == "encoding")}
            chosen["dtype"] = TEXT  # as Arrow strings, given pandas' string dtype chunk by chunk (faster)
            with pd.read_csv(source, chunksize=chunksize, **chosen) as reader:
                start = 1
                for chunk in map(text_columns, reader):  # NUL after the first megabyte: refused as in memory
                    rec.refuse_nul_cells(chunk, str(path), start)
                    start += len(chunk)
                    yield chunk
            if text is not None and text.fallback:
                rec.warn_fallback(path, text.fallback, stacklevel=3)
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        raise csv_error(path, err, str(options["encoding"])) from err


def _parquet_chunks(path: Path, chunksize: int) -> Iterator[pd.DataFrame]:
    pfile = rec.parquet_file(path)
    names = [str(n) for n in rec.drop_geometry(pfile.schema_arrow.empty_table()).schema.names]
    rec.check_header(names, str(path))
    for batch in pfile.iter_batches(batch_size=chunksize):
        yield rec.as_strings(rec.drop_geometry(batch).to_pandas())


def no_sheet_layer(sheet: str | None, layer: str | None) -> None:
    """Refuse --sheet and --layer with --chunksize: only CSV and Parquet files are streamed."""
    if sheet is not None or layer is not None:
        option = "`sheet`" if sheet is not None else "`layer`"
        msg = f"{option} reads a workbook or a GeoPackage, which can't be streamed; drop `chunksize` or {option}."
        raise InputError(msg)


def read_chunks(path: str | Path, *, chunksize: int = CHUNKSIZE) -> Iterator[pd.DataFrame]:
    """Yield a CSV's or a Parquet file's records, checked, ``chunksize`` at a time.

    Parameters
    ----------
    path : str or Path
        A CSV (its encoding, separator and header found as
        :func:`~clusteratlas.records.read_records` finds them) or a Parquet file.
    chunksize : int, default 200,000
        Records per chunk.

    Yields
    ------
    pandas.DataFrame
        Prepared records (see :func:`~clusteratlas.records.read_records`); messages and
        :func:`~clusteratlas.records.row_numbers` give each record's number in the file.

    Raises
    ------
    InputError
        If the file can't be streamed or read, has no records, or holds values that can't be
        read (the message names the file, the records and the column).
    """
    path = Path(path)
    check_input_file(path)
    suffix = path.suffix.lower()
    if suffix not in STREAMED:
        msg = f"{path}: `chunksize` reads {', '.join(STREAMED)} files, not {suffix or '(none)'!r}; drop `chunksize`."
        raise InputError(msg)
    if chunksize < 1:
        msg = f"chunksize must be a positive number of records, not {chunksize}."
        raise InputError(msg)
    raw = _parquet_chunks(path, chunksize) if suffix == ".parquet" else _csv_chunks(path, chunksize)
    count = 0
    for chunk in _tidy_chunks(path, raw):
        frame = rec.prepare_records(chunk)
        if not count:
            rec.check_location(frame)
        count += len(frame)
        yield frame
    if not count:
        msg = f"{path}: the file has a header but no records; add one row per record."
        raise InputError(msg)


_UNNAMED = re.compile(r"Unnamed: \d+")  # how pandas names a column with no header


def _tidy_chunks(path: Path, raw: Iterator[pd.DataFrame]) -> Iterator[pd.DataFrame]:
    """Raw chunks numbered in the file, put right as :func:`~clusteratlas.records.read_records` puts a table right.

    Extra cells from a separator ending every row and blank rows are left out of each chunk;
    the unnamed columns blank in the first chunk are left out of every chunk (a later cell
    there is an error); a totals row is looked for at the end of the last chunk (one chunk
    is held back to know which is last).
    """
    start, pending, blank = 0, None, None
    for chunk in raw:
        if not len(chunk):
            continue
        set_provenance(chunk, source=str(path), row_label="record", row_offset=1 + start)
        start += len(chunk)
        chunk = rec.drop_blank_rows(rec.extra_cells(chunk, say=blank is None).reset_index(drop=True))
        if blank is None:
            names = ["" if _UNNAMED.fullmatch(str(c)) else str(c) for c in chunk.columns]
            blank = [c for c in chunk.columns if c not in rec.drop_blank_columns(chunk, names)]
        chunk = _drop_columns(chunk, blank)
        if pending is not None and len(pending):
            yield pending
        pending = chunk
    if pending is not None and len(pending):
        yield rec.drop_totals(pending, stacklevel=4)


def _drop_columns(chunk: pd.DataFrame, blank: list[str]) -> pd.DataFrame:
    """Leave out the unnamed columns found blank in the first chunk; refuse a cell filled there later."""
    if not blank:
        return chunk
    filled = chunk[blank].astype("string").fillna("").apply(lambda col: col.str.strip().ne("")).to_numpy()
    rows = np.flatnonzero(filled.any(axis=1))
    if len(rows):
        where = rec.describe_rows(chunk, rows, blank[int(np.flatnonzero(filled[rows[0]])[0])])
        msg = (
            f"{where}: a cell in a column with no header, empty in the first chunk of records; name "
            "the column in the header, or read the file without `chunksize`."
        )
        raise InputError(msg)
    return chunk.drop(columns=blank)


def unknown_cities(geo: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Return the positions of the unplaced records whose city is not in the gazetteer, and its keys."""
    codes, texts = pd.factorize(geo["geocode_note"].to_numpy(dtype=object))  # few distinct notes
    said = np.array([t == NOT_FOUND or str(t).startswith(_SUGGESTED) for t in texts] + [False], dtype=bool)
    unknown = np.flatnonzero(~is_placed(geo) & said[codes])
    if "city" not in geo or not len(unknown):  # only city names are "not in the gazetteer"
        return unknown[:0], np.array([], dtype=object)
    codes, uniq = pd.factorize(geo["city"].iloc[unknown])
    return unknown, np.asarray(normalize_names(uniq), dtype=object)[codes]


def listing(geo: pd.DataFrame, limit: int) -> list[tuple[str, str, str]]:
    """Return the first ``limit`` unplaced records as the warning lists them.

    Returns
    -------
    list of (str, str, str)
        The text the warning gives, the key of the record's unknown city ("" if its city is
        known or it has none) and its note (with the suggestions its table gave).
    """
    from .geocode import record_line, unplaced

    first = np.flatnonzero(~is_placed(geo))[:limit]
    if not len(first):
        return []
    unknown, keys = unknown_cities(geo)
    key_at = dict(zip(unknown.tolist(), keys.tolist(), strict=True))
    note = geo["geocode_note"].to_numpy(dtype=object)
    texts = [record_line(who, city, reason) for who, city, reason in unplaced(geo, limit=limit).itertuples(index=False)]
    return [(t, str(key_at.get(int(i), "")), str(note[i])) for t, i in zip(texts, first, strict=True)]


def set_notes(geo: pd.DataFrame, notes: dict[str, str]) -> None:
    """Give unknown cities the note of ``notes`` (the names the table's warning lists), else "not in the gazetteer"."""
    unknown, keys = unknown_cities(geo)
    if not len(unknown):
        return
    note = geo["geocode_note"].to_numpy(dtype=object)
    new = note.copy()
    new[unknown] = pd.Series(keys, dtype=object).map(notes).fillna(NOT_FOUND).to_numpy(dtype=object)
    if not (new[unknown] == note[unknown]).all():
        geo["geocode_note"] = pd.array(new, dtype=geo["geocode_note"].dtype)


def conflicts(geo: pd.DataFrame) -> int:
    """Return how many records of a geocoded frame have the status ``conflict``."""
    from .geocode import placed_conflicts

    return int(placed_conflicts(geo).sum())


class Unplaced:
    """Unplaced and conflicting records over all chunks: their counts, the first listed, the suggestions shown.

    Conflicting records are those placed by their city outside the region or province their
    own columns give (status ``conflict``); :meth:`report` warns about them as
    :func:`~clusteratlas.geocode` does, after the unplaced ones.
    """

    def __init__(self) -> None:
        from .geocode import CONFLICTS_LISTED, LISTED

        self.limit = LISTED
        self.count = 0
        self.total = 0
        self.parts: list[str] = []
        self.notes: dict[str, str] = {}  # key of each listed unknown name -> its note
        self.clash_limit = CONFLICTS_LISTED
        self.clashes = 0
        self.clash_parts: list[str] = []

    def take(
        self, listed: list[tuple[str, str, str]], *, total: int, count: int, clashes: tuple[list[str], int] = ([], 0)
    ) -> None:
        """Add the next chunk's listing (:func:`listing`), its number of records and of unplaced ones.

        ``clashes`` is the chunk's conflicting records listed
        (:func:`~clusteratlas.geocode.conflict_listing`) and their count.
        """
        for text, key, note in listed[: max(self.limit - len(self.parts), 0)]:
            self.parts.append(text)
            if key:
                self.notes.setdefault(key, note)
        self.total += total
        self.count += count
        self.add_clashes(*clashes)

    def add_clashes(self, listed: list[str], count: int) -> None:
        """Add the next chunk's conflicting records: the first listed and their count."""
        self.clash_parts += listed[: max(self.clash_limit - len(self.clash_parts), 0)]
        self.clashes += count

    def clash_room(self) -> int:
        """How many more conflicting records the warning lists."""
        return max(self.clash_limit - len(self.clash_parts), 0)

    def add(self, geo: pd.DataFrame, *, notes: bool = True) -> None:
        """Count a geocoded chunk's unplaced records; with ``notes``, give suggestions as the whole table would."""
        from .geocode import conflict_listing

        bad = len(geo) - count_placed(geo)
        clashes = conflicts(geo)
        # The records the whole table's warning would list: a chunk gives suggestions to its
        # first ones, and so to these.
        room = self.limit - len(self.parts)
        listed = conflict_listing(geo, self.clash_room()) if clashes else []
        self.take(listing(geo, room) if bad and room > 0 else [], total=len(geo), count=bad, clashes=(listed, clashes))
        # Names the chunk suggested for but the table's warning does not list lose them;
        # names it lists get them in every chunk.
        if bad and notes:
            set_notes(geo, self.notes)

    def report(self, *, strict: bool) -> None:
        """Warn once (or raise, ``strict``) as :func:`~clusteratlas.geocode` does; then warn once about conflicts."""
        from .geocode import conflict_message, unplaced_message

        if self.count:
            msg = unplaced_message(self.count, self.total, self.parts)
            if strict:
                raise UnresolvedError(msg)
            warnings.warn(msg, UnresolvedWarning, stacklevel=3)
        if self.clashes:
            msg = conflict_message(self.clashes, self.total, self.clash_parts)
            warnings.warn(msg, RegionConflictWarning, stacklevel=3)


def geocode_chunks(
    path: str | Path,
    *,
    chunksize: int = CHUNKSIZE,
    aliases: str | Path | Aliases | None = None,
    strict: bool = False,
    notes: bool = True,
) -> Iterator[pd.DataFrame]:
    """Yield a file's records geocoded, chunk by chunk (see :func:`stream_geocode`).

    The unplaced records are reported once, after the last chunk. Without ``notes`` the
    chunks' notes are left as each chunk wrote them (counting needs no more).
    """
    from .geocode import geocode

    user = aliases if isinstance(aliases, Aliases) or aliases is None else load_aliases(aliases)
    seen = Unplaced()
    for chunk in read_chunks(path, chunksize=chunksize):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UnresolvedWarning)
            geo = geocode(chunk, aliases=user)
        seen.add(geo, notes=notes)
        yield geo
    seen.report(strict=strict)


def stream_geocode(
    path: str | Path,
    out: str | Path,
    *,
    chunksize: int = CHUNKSIZE,
    aliases: str | Path | Aliases | None = None,
    strict: bool = False,
    excel: bool = False,
) -> Path:
    """Geocode a CSV or Parquet file chunk by chunk into a CSV, in bounded memory.

    The CSV has the same bytes as :func:`~clusteratlas.export.write_records` writes for
    the whole table geocoded at once. It is written to a temporary file beside ``out`` and
    moved onto it at the end: on an error nothing is left half-written.

    Parameters
    ----------
    path : str or Path
        The records (``.csv``, ``.tsv``, ``.txt`` or ``.parquet``).
    out : str or Path
        The CSV to write.
    chunksize : int, default 200,000
        Records per chunk.
    aliases : str, Path or Aliases, optional
        As for :func:`~clusteratlas.geocode`.
    strict : bool, default False
        Raise :class:`~clusteratlas.errors.UnresolvedError` (and write nothing) when some
        records can't be placed.
    excel : bool, default False
        Write the CSV for French Excel (see :func:`~clusteratlas.export.write_csv`).

    Returns
    -------
    Path
        ``out``.

    Warns
    -----
    UnresolvedWarning
        Once, listing the first unplaced records.
    RegionConflictWarning
        Once, listing the first records placed outside the region or province their own
        columns give, as :func:`~clusteratlas.geocode` does.
    """
    from .export import check_output

    out = Path(out)
    if out.suffix.lower() != ".csv":
        msg = f"{out}: streaming (`chunksize`) writes .csv only, not {out.suffix or 'a file without extension'!r}."
        raise InputError(msg)
    out = check_output(out, (".csv",))
    chunks = geocode_chunks(path, chunksize=chunksize, aliases=aliases, strict=strict)
    with atomic_write(out, "w", encoding="utf-8-sig" if excel else "utf-8", newline="") as f:
        types = write_csv_parts(f, chunks, excel=excel)
        if types:
            write_csvt(out, types)
    return out


def write_csv_parts(f: IO[str], parts: Iterator[pd.DataFrame], *, excel: bool) -> str:
    """Write geocoded parts (chunks, partitions) as one CSV: what :func:`~clusteratlas.export.write_records` writes.

    The header is written once, from the first part; then every part's lines, in order.
    Used by streaming and by the Dask engine. Returns the plain CSV's ``.csvt`` line, the
    one the whole table gives (:func:`clusteratlas._gis.csvt_types`, merged part by part),
    for the caller to write beside the CSV once it is whole; ``""`` for ``excel``.

    Parameters
    ----------
    f : file
        The text file to write (opened with the CSV's encoding and ``newline=""``).
    parts : iterator of pandas.DataFrame
        Geocoded records, in the order of the table.
    excel : bool
        Write for French Excel (``;`` and decimal commas), as :func:`~clusteratlas.export.write_csv`.
    """
    sep, decimal = (";", ",") if excel else (",", ".")
    first = True
    types: dict[str, str | None] = {}
    for geo in parts:
        frame = user_headers(geo)
        lines = csv_lines(frame, sep, decimal)
        header = next(lines)
        if first:
            f.write(header)
            first = False
        f.writelines(lines)
        if not excel:
            types = csvt_types(frame, types)
    return "" if excel else csvt_line(types)


def stream_shares(
    path: str | Path,
    *,
    by: str,
    zones: Zones | str | Path | None = None,
    per_capita: bool = False,
    chunksize: int = CHUNKSIZE,
    aliases: str | Path | Aliases | None = None,
    strict: bool = False,
) -> Shares:
    """Count a CSV's or Parquet file's records chunk by chunk: :func:`~clusteratlas.shares`, in bounded memory.

    Parameters
    ----------
    path : str or Path
        The records (``.csv``, ``.tsv``, ``.txt`` or ``.parquet``).
    by, zones, per_capita
        As for :func:`~clusteratlas.shares`.
    chunksize : int, default 200,000
        Records per chunk.
    aliases : str, Path or Aliases, optional
        As for :func:`~clusteratlas.geocode`.
    strict : bool, default False
        Raise :class:`~clusteratlas.errors.UnresolvedError` when some records can't be placed
        (the records are then geocoded whatever ``by`` is).

    Returns
    -------
    Shares
        The same table as :func:`~clusteratlas.shares` gives on the whole file.
    """
    zone_obj = zones if isinstance(zones, Zones) or zones is None else load_zones(zones)
    geographic = by in GEOGRAPHIC
    chunks = (
        geocode_chunks(path, chunksize=chunksize, aliases=aliases, strict=strict, notes=False)
        if geographic or strict
        else read_chunks(path, chunksize=chunksize)
    )
    parts: list[pd.DataFrame] = []
    total = 0
    numeric = False
    for chunk in chunks:
        total += len(chunk)
        parts.append(chunk_counts(chunk, by=by, zones=zone_obj, per_capita=per_capita))
        if not geographic:
            numeric = is_numeric(chunk, by)
    return combine_counts(parts, by=by, total=total, per_capita=per_capita, numeric=numeric)


def is_numeric(records: pd.DataFrame, by: str) -> bool:
    """Whether the column ``by`` names holds numbers (its groups are then ordered as numbers)."""
    col = records[resolve_column(records, by)]
    return bool(pd.api.types.is_numeric_dtype(col) and not pd.api.types.is_bool_dtype(col))


def chunk_counts(records: pd.DataFrame, *, by: str, zones: Zones | None, per_capita: bool) -> pd.DataFrame:
    """Count one chunk of records: :func:`~clusteratlas.shares`' groups, codes, counts (and populations)."""
    table = shares_of(records, by=by, zones=zones, per_capita=per_capita).table
    return table[[c for c in ("group", "code", "count", "population_2024") if c in table]]


def combine_counts(
    parts: list[pd.DataFrame], *, by: str, total: int, per_capita: bool = False, numeric: bool = False
) -> Shares:
    """Add up chunks' counts (:func:`chunk_counts`, in file order) into the whole table's shares.

    Parameters
    ----------
    parts : list of pandas.DataFrame
        One table per chunk, in the order of the file.
    by : str
        As for :func:`~clusteratlas.shares`.
    total : int
        Records in all chunks.
    per_capita : bool, default False
        The chunks were counted with populations.
    numeric : bool, default False
        ``by`` is a numeric column (its groups are ordered as numbers).

    Returns
    -------
    Shares
        What :func:`~clusteratlas.shares` gives on the whole table.
    """
    every = pd.concat(parts, ignore_index=True)
    counts = every.groupby("group", sort=False)["count"].sum()
    if by not in GEOGRAPHIC:
        return finish_shares(ordered_groups(counts, numeric=numeric), by=by, total=total)
    table = every.drop(columns="count").drop_duplicates("group").reset_index(drop=True)
    table["count"] = table["group"].map(counts).astype("int64")
    ours = table["group"].map({PROVINCE_UNKNOWN: 1, UNPLACED: 2}).fillna(0)  # the units, then our own rows
    table = table.iloc[np.argsort(ours.to_numpy(), kind="stable")].reset_index(drop=True)
    if not per_capita:
        return finish_shares(table[["group", "code", "count"]], by=by, total=total)
    units = table[~table["group"].isin([UNPLACED, PROVINCE_UNKNOWN])]
    unplaced = int(table.loc[table["group"] == UNPLACED, "count"].sum())
    region_only = int(table.loc[table["group"] == PROVINCE_UNKNOWN, "count"].sum())
    return finish_shares(per_capita_columns(units, unplaced, region_only=(region_only, 0.0)), by=by, total=total)


__all__ = [
    "CHUNKSIZE",
    "STREAMED",
    "chunk_counts",
    "combine_counts",
    "geocode_chunks",
    "read_chunks",
    "stream_geocode",
    "stream_shares",
    "write_csv_parts",
]
