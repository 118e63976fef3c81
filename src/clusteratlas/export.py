"""Writing tables and geodata: atomic, deterministic, and safe to open in a spreadsheet."""

from __future__ import annotations

import codecs
import datetime as dt
import json
import re
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._csvout import _NUMBER as _NUMBER
from ._csvout import _safe_cells as _safe_cells
from ._csvout import csv_blocks, csv_lines, safe_cell
from ._gis import csvt_text, geo_frame, layer_name, typed_frame, write_gpkg_layer
from ._resources import atomic_path, atomic_write
from ._text import one_line
from ._xlsx import excel_frame, write_xlsx
from .errors import InputError
from .geocode import user_headers
from .presentation import catalogue, one
from .presentation import count_share as count_share
from .presentation import number as number
from .presentation import percent as percent
from .registry import LANGUAGES, RECORD_FORMATS, SHARE_FORMATS, Registry, output_format
from .schema import json_value, source

__all__ = [
    "GEO_FORMATS",
    "SHARES_TEXT",
    "SHARE_FORMATS",
    "TABLE_FORMATS",
    "WRITERS",
    "check_layer_name",
    "check_output",
    "count_share",
    "csv_lines",
    "csv_text",
    "format_shares",
    "markdown_table",
    "markdown_text",
    "number",
    "percent",
    "safe_cell",
    "shares_display",
    "shares_text",
    "text_table",
    "write_csv",
    "write_csvt",
    "write_geo",
    "write_geojson",
    "write_gpkg",
    "write_parquet",
    "write_records",
    "write_xlsx",
]


def csv_text(frame: pd.DataFrame, *, excel: bool = False) -> str:
    """Return a table as CSV text (see :func:`write_csv`; ``excel`` uses ``;``, decimal commas, codes as text)."""
    if excel:
        return "".join(csv_lines(excel_frame(frame), ";", ","))
    return "".join(csv_lines(frame))


def write_csv(frame: pd.DataFrame, path: str | Path, *, excel: bool = False) -> Path:
    """Write a table as UTF-8 CSV, atomically, with formula-like cells neutralised.

    Every cell holding the separator, a quote or a line break (CR, LF, or a Unicode one)
    is quoted, so reading the file back gives as many records as the frame has rows.

    Parameters
    ----------
    frame : pandas.DataFrame
        The table.
    path : str or Path
        Where to write.
    excel : bool, default False
        Write what French (and most European) Excel opens correctly by double-click:
        ``;``-separated, every numeric column (also numbers written ``2 880``) with decimal
        commas, codes and other text as written (never a formula), UTF-8 with a byte-order
        mark (:func:`clusteratlas._xlsx.excel_frame`).

    Returns
    -------
    Path
        The path written.
    """
    path = Path(path)
    table = excel_frame(frame) if excel else frame
    with atomic_write(path, "wb") as f:
        if excel:
            f.write(codecs.BOM_UTF8)  # what the "utf-8-sig" codec writes first
        f.writelines(csv_blocks(table, ";" if excel else ",", "," if excel else "."))
    return path


def _features(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """GeoJSON features of :func:`~clusteratlas._gis.typed_frame` records (dates as ISO 8601 text)."""
    props = [c for c in frame.columns if c not in ("geometry",)]
    feats = []
    lon = frame["lon"].to_numpy(dtype=float)
    lat = frame["lat"].to_numpy(dtype=float)
    records = frame[props].astype(object).to_dict(orient="records")
    for i, row in enumerate(records):
        geom = None if np.isnan(lon[i]) else {"type": "Point", "coordinates": [float(lon[i]), float(lat[i])]}
        feats.append({"type": "Feature", "properties": {k: _json_cell(v) for k, v in row.items()}, "geometry": geom})
    return feats


def _json_cell(value: object) -> object:
    """Return a typed cell as JSON: numbers, booleans, text, ``None``; dates in ISO 8601."""
    if isinstance(value, dt.date):
        return value.isoformat()
    return json_value(value)


def write_geo(frame: pd.DataFrame, path: str | Path, *, layer: str | None = None) -> Path:
    """Write geocoded records as points (EPSG:4326) to GeoJSON, GeoPackage or GeoParquet, atomically.

    Records that are not placed are written with an empty geometry: nothing is dropped.
    Every column has the same type in the three formats (:func:`clusteratlas._gis.column_kinds`:
    numbers, booleans, dates, and codes as text). No path or timestamp goes into the file:
    the same records give the same bytes from any folder.

    Parameters
    ----------
    frame : pandas.DataFrame
        Geocoded records.
    path : str or Path
        Where to write; a GeoPackage that exists keeps its other layers.
    layer : str, optional
        The layer's name (GeoPackage; the ``name`` of a GeoJSON); default: the stem of the
        file the records were read from (:func:`clusteratlas._gis.layer_name`).

    Returns
    -------
    Path
        The path written.

    Raises
    ------
    InputError
        If the extension is not one of :data:`GEO_FORMATS`, or the layer name can't be used.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in GEO_FORMATS:
        msg = f"{path}: cannot write {suffix or 'a file without extension'!r}; use one of {', '.join(GEO_FORMATS)}."
        raise InputError(msg)
    return _GEO_WRITERS[suffix](frame, path, layer_name(source(frame), layer))


def write_geojson(frame: pd.DataFrame, path: str | Path, layer: str | None = None) -> Path:
    """Write geocoded records as an RFC 7946 GeoJSON FeatureCollection (WGS 84), atomically.

    ``layer`` is the collection's ``name`` (default: the input file's stem); columns are
    typed as in every geodata output (:func:`clusteratlas._gis.typed_frame`).
    """
    doc = {
        "type": "FeatureCollection",
        "name": layer_name(source(frame), layer),
        "features": _features(typed_frame(frame)),
    }
    with atomic_write(Path(path), "w", encoding="utf-8") as f:
        json.dump(doc, f, ensure_ascii=False, indent=None, separators=(",", ":"))
        f.write("\n")
    return Path(path)


def write_gpkg(frame: pd.DataFrame, path: str | Path, layer: str | None = None) -> Path:
    """Write geocoded records as a GeoPackage 1.2 point layer, atomically, its timestamps pinned.

    An existing GeoPackage keeps its other layers; a layer of the same name is replaced
    (see :func:`clusteratlas._gis.write_gpkg_layer`). ``layer`` defaults to the input file's stem.
    """
    return write_gpkg_layer(frame, Path(path), layer_name(source(frame), layer))


def write_parquet(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write geocoded records as GeoParquet, atomically: their columns and a WKB point ``geometry``.

    ``lat``/``lon`` stay plain columns, so any Parquet reader gets the points; GeoParquet
    readers (GeoPandas, GDAL, DuckDB) get the geometry too (EPSG:4326, empty when unplaced).
    Columns are typed as in every geodata output (:func:`clusteratlas._gis.typed_frame`);
    no index, path or timestamp is written. Reading the file back with
    :func:`~clusteratlas.read_records` gives the records again (the geometry column is dropped).

    Parameters
    ----------
    frame : pandas.DataFrame
        Geocoded records (with ``lat`` and ``lon``).
    path : str or Path
        Where to write.

    Returns
    -------
    Path
        The path written.
    """
    path = Path(path)
    gdf = geo_frame(frame)
    with atomic_path(path) as tmp:
        gdf.to_parquet(tmp, index=False)
    return path


def check_layer_name(name: str, output: str | Path) -> str:
    """Check a layer name given by the user (``--layer-name``) for ``output`` before any work; return it.

    Raises
    ------
    InputError
        If ``output`` has no layers (only ``.gpkg`` and ``.geojson`` do), or the name is
        empty, has control characters or blanks around it, or a GeoPackage reserved prefix.
    """
    if Path(output).suffix.lower() not in (".gpkg", ".geojson"):
        msg = f"{output}: a layer name applies to .gpkg and .geojson outputs only; leave out the layer name."
        raise InputError(msg)
    return layer_name("", name)


def check_output(path: str | Path, allowed: Registry[str] | tuple[str, ...] | None = None) -> Path:
    """Check an output path's extension before any work is done.

    Parameters
    ----------
    path : str or Path
    allowed : Registry or tuple of str, optional
        The extensions that can be written; default: the records formats
        (:data:`clusteratlas.registry.RECORD_FORMATS`).

    Raises
    ------
    InputError
        If the extension is not allowed, or ``path`` is a folder.
    """
    if allowed is None:
        allowed = RECORD_FORMATS
    elif not isinstance(allowed, Registry):
        keys, allowed = allowed, Registry[str]("file format", "output")
        for key in keys:
            allowed.add(key, key, key)
    output_format(allowed, path)
    return Path(path)


def write_csvt(path: str | Path, line: str) -> Path:
    """Write the ``.csvt`` beside the plain CSV ``path`` (the column types GDAL and QGIS read), atomically.

    ``line`` is :func:`clusteratlas._gis.csvt_text` of the table the CSV holds (or
    :func:`~clusteratlas._gis.csvt_line` of its parts' types). Returns the ``.csvt``'s path.
    """
    csvt = Path(path).with_suffix(".csvt")
    with atomic_write(csvt, "w", encoding="utf-8", newline="") as f:
        f.write(line)
    return csvt


def _write_csv_records(frame: pd.DataFrame, path: Path, excel: bool) -> Path:
    """Write records as CSV; a plain CSV gets its ``.csvt`` beside it (column types for GDAL and QGIS)."""
    written = write_csv(frame, path, excel=excel)
    if not excel:
        write_csvt(path, csvt_text(frame))
    return written


def _write_geo_records(frame: pd.DataFrame, path: Path, excel: bool) -> Path:
    del excel  # a spreadsheet setting; geodata have none
    return write_geo(frame, path)


#: Writers of geodata by extension (:func:`write_geo`), ``(frame, path, layer) -> path``.
_GEO_WRITERS: dict[str, Callable[[pd.DataFrame, Path, str], Path]] = {
    ".gpkg": write_gpkg,
    ".geojson": write_geojson,
    ".parquet": lambda frame, path, layer: write_parquet(frame, path),  # a GeoParquet file has no layer
}
#: Writers of records by extension, ``(frame, path, excel) -> path``
#: (:data:`clusteratlas.registry.RECORD_FORMATS` reads the keys, its help is there): a new
#: format is one entry here, one function, and its help in the registry.
WRITERS: dict[str, Callable[[pd.DataFrame, Path, bool], Path]] = {
    ".csv": _write_csv_records,
    **dict.fromkeys(_GEO_WRITERS, _write_geo_records),
    ".xlsx": lambda frame, path, excel: write_xlsx(frame, path),  # always for a spreadsheet
}
TABLE_FORMATS = (".csv", ".xlsx")
GEO_FORMATS = tuple(_GEO_WRITERS)


def write_records(
    frame: pd.DataFrame, path: str | Path, *, excel: bool = False, layer: str | None = None, lang: str = "en"
) -> Path:
    """Write records to ``.csv``, ``.geojson``, ``.gpkg``, ``.parquet`` or ``.xlsx`` by the extension.

    ``excel``: see :func:`write_csv`; ``layer``: the geodata's layer name (see
    :func:`write_geo`; default: the input file's stem); ``lang``: the language of the
    headers of our columns in a workbook (:func:`clusteratlas._xlsx.write_xlsx`). The
    extensions are :data:`clusteratlas.registry.RECORD_FORMATS`, one writer each in :data:`WRITERS`.
    """
    suffix = output_format(RECORD_FORMATS, path)
    if suffix == ".xlsx":
        return write_xlsx(user_headers(frame), Path(path), lang=lang)
    if layer is not None and suffix in GEO_FORMATS:
        return write_geo(user_headers(frame), Path(path), layer=layer)
    return WRITERS[suffix](user_headers(frame), Path(path), excel)


#: Column headings and fixed group names of shares tables, per language.
SHARES_TEXT = catalogue("shares")


def shares_display(table: pd.DataFrame, lang: str = "en", names: dict[str, str] | None = None) -> pd.DataFrame:
    """Return a shares table as display strings (headings and numbers in ``lang``; ``names`` renames groups)."""
    t = SHARES_TEXT[lang]
    rename = {k: t[k] for k in ("Unplaced", "Province unknown", "Unknown", "Other regions")} | (names or {})
    out = pd.DataFrame({t["group"]: table["group"].astype(str).map(lambda g: rename.get(g, g))})
    if "code" in table:
        out[t["code"]] = table["code"].astype(str)
    out[t["count"]] = [number(v, lang) for v in table["count"]]
    out[t["share"]] = [percent(v, lang) for v in table["share"]]
    if "population_2024" in table:
        few = table["few_records"].fillna(False).astype(bool) if "few_records" in table else False
        mark = pd.Series(np.where(few, "*", ""), index=table.index)
        out[t["population 2024"]] = [number(v, lang) for v in table["population_2024"]]
        for key, col in (("per million", "per_million"), ("location quotient", "location_quotient")):
            values = [number(v, lang, decimals=2) for v in table[col]]
            out[t[key]] = [v + m if v else v for v, m in zip(values, mark, strict=True)]
    return out


#: Line breaks (CommonMark's, plus those other renderers or ``str.splitlines`` honour) and tabs:
#: shown as one space, so a value never starts a new block, row or list item.
_MD_BREAK = re.compile("\r\n|[\t\n\v\f\r\x1c-\x1e\x85\u2028\u2029]")
#: What :func:`markdown_text` escapes: punctuation that can start markup anywhere in a line
#: (code, HTML, links, tables, strikethrough, math, attributes, heading closers); runs of
#: ``*`` and ``_`` (emphasis; decided per run); ``&`` before an entity; the ``:``, ``.`` and
#: ``@`` of GFM autolinks (``scheme://``, ``mailto:``, ``www.``, ``name@host``).
_MD_SPECIAL = re.compile(
    r"[\\`{}\[\]<>|~$^#]|\*+|_+|&(?=#?\w+;)|(?<=[\w+.-]):(?=//)|(?i:(?<=mailto)|(?<=xmpp)):|(?i:(?<=www))\.|@(?=\w)"
)
#: Unicode space separators (CommonMark's whitespace, besides the line breaks and tabs above).
_MD_SPACE = "[ \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]"
_MD_BLANKS = re.compile(f"^{_MD_SPACE}+|{_MD_SPACE}+$")
#: At the start of a line (after leading blanks, which could make an indented code block, are
#: dropped): a list marker, a thematic break of ``-``, an ordered-list number.
_MD_LINE_START = re.compile(r"^(?:[-+](?= |$)|-(?=[- ]*$)|\d{1,9}(?=[.)](?: |$)))")


def _md_blank(char: str) -> bool:
    return char == " " or unicodedata.category(char) == "Zs"


def _md_escape(match: re.Match[str], *, cell: bool) -> str:
    run = match.group()
    if run[0] in "*_":
        text, start, end = match.string, match.start(), match.end()
        edge = " " if cell else ""  # a cell's edges are blanks; elsewhere the text may be wrapped
        before = text[start - 1] if start else edge
        after = text[end] if end < len(text) else edge
        spaced = bool(before and after) and _md_blank(before) and _md_blank(after)
        inside_word = run[0] == "_" and before.isalnum() and after.isalnum()
        if spaced or inside_word:  # can neither open nor close emphasis (CommonMark flanking rules)
            return run
    return "".join("\\" + c for c in run)


def markdown_text(value: object, *, cell: bool = False) -> str:
    r"""Return ``value`` as Markdown that renders as exactly its text: no markup, no HTML, one line.

    Every data-derived string goes through this before it reaches Markdown (table cells,
    headings, list items, paragraphs, captions, alt text): CommonMark, GitHub, GitLab,
    Jupyter, pandoc and MkDocs then show it as text. Markdown punctuation is
    backslash-escaped where it could start markup (backslash escapes render invisibly); line
    breaks and tabs become spaces; other control characters and bidi marks are shown as
    visible escapes (as by :func:`clusteratlas._text.one_line`). Digits, ``.``, ``%`` and
    ``-`` inside the text are left alone, so numbers and tables stay readable as plain text.
    One limit: GitHub's cmark-gfm finds e-mail autolinks (``me@example.org``) after escapes
    and entities are read, so no escape stops them there; only HTML (an empty comment after
    the ``@``) would, and this function adds no HTML (see the README, "report").

    Parameters
    ----------
    value : object
        Anything ``str()`` accepts.
    cell : bool, default False
        ``value`` is a whole table cell. Otherwise it may start a line (a heading, list item
        or paragraph) or sit inside other markup (bold, alt text): blanks at either end are dropped,
        a leading list marker or ordered-list number is escaped, and so is a ``*`` or ``_``
        at either end.

    Returns
    -------
    str
        The escaped text, on one line.

    Examples
    --------
    >>> markdown_text("<img src=x onerror=alert(1)>")
    '\\<img src=x onerror=alert(1)\\>'
    >>> markdown_text("[x](javascript:alert(1)) a|b")
    '\\[x\\](javascript:alert(1)) a\\|b'
    >>> markdown_text("58.8% -2.5 0.16 *", cell=True)
    '58.8% -2.5 0.16 *'
    >>> markdown_text("1. Souss_Massa,\nAgadir")
    '1\\. Souss_Massa, Agadir'
    """
    text = _MD_BREAK.sub(" ", str(value))
    if not cell:
        text = _MD_BLANKS.sub("", text)
    text = _MD_SPECIAL.sub(lambda m: _md_escape(m, cell=cell), text)
    if not cell:
        text = _MD_LINE_START.sub(lambda m: m.group() + "\\" if m.group()[0].isdigit() else "\\" + m.group(), text)
    return one_line(text, limit=sys.maxsize)


def _md_cells(column: pd.Series) -> pd.Series:
    """Escape a column's cells with :func:`markdown_text`, each distinct value once."""
    codes, distinct = pd.factorize(column, use_na_sentinel=False)
    escaped = np.array([markdown_text(v, cell=True) for v in distinct.tolist()], dtype=object)
    return pd.Series(escaped[codes], index=column.index, dtype=object)


def markdown_table(frame: pd.DataFrame, *, numeric: tuple[str, ...] = ()) -> str:
    """Render a frame as a GitHub-flavoured Markdown table, every heading and cell as text.

    Cells and headings go through :func:`markdown_text`, so a ``|`` never adds a column,
    a line break never ends a row and no value becomes markup or HTML. ``numeric`` names the
    right-aligned columns.
    """
    head = "| " + " | ".join(markdown_text(c, cell=True) for c in frame.columns) + " |"
    rule = "|" + "|".join("---:" if c in numeric else "---" for c in frame.columns) + "|"
    if frame.shape[1] == 0:
        return "\n".join([head, rule])
    cells = [_md_cells(frame.iloc[:, i]) for i in range(frame.shape[1])]
    rows = "| " + cells[0]
    for column in cells[1:]:
        rows = rows + " | " + column
    return "\n".join([head, rule, *(rows + " |")])


def text_table(frame: pd.DataFrame, *, numeric: tuple[str, ...] = ()) -> str:
    """Render a frame of strings as an aligned plain-text table."""
    cols = [str(c) for c in frame.columns]
    widths = [max([len(c)] + [len(str(v)) for v in frame[c]]) for c in frame.columns]

    def line(vals: list[str]) -> str:
        return "  ".join(
            v.rjust(w) if c in numeric else v.ljust(w) for v, w, c in zip(vals, widths, cols, strict=True)
        ).rstrip()

    out = [line(cols), line(["-" * w for w in widths])]
    out += [line([str(v) for v in row]) for row in frame.itertuples(index=False)]
    return "\n".join(out)


def format_shares(
    result: Any, fmt: str = "table", *, lang: str = "en", excel: bool = False, names: dict[str, str] | None = None
) -> str:
    """Render a :class:`~clusteratlas.aggregate.Shares` as ``table``, ``csv``, ``json`` or ``md``.

    ``lang`` sets the headings, fixed group names and number format of ``table`` and ``md``
    (``csv`` and ``json`` are data: plain numbers, the data's own names); ``excel`` writes
    ``csv`` for Excel (see :func:`write_csv`); ``names`` renames groups for display (zones'
    French names).

    Raises
    ------
    InputError
        For a language or format that is not one of its registry's (the message lists them).
    """
    LANGUAGES.check(lang)  # each choice checked once, by its registry
    return shares_text(result, SHARE_FORMATS.check(fmt), lang=lang, excel=excel, names=names)


def shares_text(
    result: Any, fmt: str, *, lang: str = "en", excel: bool = False, names: dict[str, str] | None = None
) -> str:
    """Render shares as :func:`format_shares` does, ``fmt`` and ``lang`` already checked by their registries."""
    if fmt == "json":
        return str(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    if fmt == "csv":
        return csv_text(result.table, excel=excel)
    t = SHARES_TEXT[lang]
    numeric = tuple(t[k] for k in ("count", "share", "population 2024", "per million", "location quotient"))
    shown = shares_display(result.table, lang, names)
    few = bool(result.table["few_records"].fillna(False).any()) if "few_records" in result.table else False
    note = f"\n\n{t['few']}" if few else ""
    if fmt == "md":  # the note's leading "*" is the table's marker, not a list item
        return markdown_table(shown, numeric=numeric) + (f"\n\n{markdown_text(t['few'])}" if few else "")
    total = t["total_one" if one(result.total, lang) else "total"].format(total=result.total)  # "1 fiche", "0 fiche"
    return text_table(shown, numeric=numeric) + f"\n\n{total}" + note


#: TEMPORARY: the old private names, for the modules that still import them
#: (``engines``, ``stream``: ``_csv_lines``; ``reproduce``: ``_display``).
_csv_lines = csv_lines
_display = shares_display
