"""Writing tables and geodata: atomic, deterministic, and safe to open in a spreadsheet."""

from __future__ import annotations

import json
import math
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from ._resources import atomic_path, atomic_write
from .errors import InputError

GEO_FORMATS = (".gpkg", ".geojson")
TABLE_FORMATS = (".csv",)
_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)([eE][+-]?\d+)?%?$")
_FORMULA = ("=", "+", "-", "@")
_CONTROL = ("\t", "\r")
#: Characters that make a cell quoted, besides the separator: the quote, and every line
#: break some reader splits on (CR and LF for spreadsheets and the csv module; VT, FF,
#: FS/GS/RS, NEL, LINE and PARAGRAPH SEPARATOR for ``str.splitlines``).
_QUOTED = '"\r\n\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029'


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


def _cells(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for col in out.columns:
        s = out[col]
        if pd.api.types.is_bool_dtype(s):
            out[col] = s.map({True: "true", False: "false"}).astype(object).where(s.notna(), "")
        elif not pd.api.types.is_numeric_dtype(s):
            out[col] = s.astype(object).where(s.notna(), "").map(safe_cell)
    out.columns = [safe_cell(str(c)) for c in out.columns]
    return out


def _quote(cells: pd.Series, sep: str, *, empty: bool) -> pd.Series:
    """Quote the cells (strings) that hold the separator, a quote or a line break (``empty``: also "")."""
    need = cells.str.contains("[" + re.escape(sep + _QUOTED) + "]", regex=True)
    if empty:
        need |= cells.eq("")
    return cells.where(~need, '"' + cells.str.replace('"', '""', regex=False) + '"')


def _csv_lines(frame: pd.DataFrame, sep: str = ",") -> Iterator[str]:
    r"""Yield a frame as CSV lines (``\n``-terminated), formulas neutralised, cells quoted as needed.

    Python's csv module (and so ``DataFrame.to_csv``) leaves a cell holding a lone CR
    unquoted when lines end in LF; a spreadsheet then splits the record there. Here every
    cell with the separator, a quote or any line break is quoted, column by column. A lone
    empty cell is written ``""`` so its record is not read as a blank line.
    """
    cells = _cells(frame)
    one = len(cells.columns) == 1
    columns = []
    for col in cells.columns:
        s = cells[col]
        if not pd.api.types.is_numeric_dtype(s):
            text = s.astype(object).map(str)
        else:  # numbers, written as pandas writes them
            body = cells[[col]].to_csv(index=False, header=False, lineterminator="\n")
            text = pd.Series(body.split("\n")[:-1], index=s.index, dtype=object)
            if not one:
                text = text.where(text != '""', "")
        columns.append(_quote(text.astype(str), sep, empty=one))
    header = _quote(pd.Series([str(c) for c in cells.columns], dtype=object), sep, empty=one)
    yield sep.join(header) + "\n"
    if columns and len(cells):
        rows = columns[0]
        for other in columns[1:]:
            rows = rows + sep + other
        yield from (row + "\n" for row in rows)


def write_csv(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write a table as UTF-8 CSV, atomically, with formula-like cells neutralised.

    Every cell holding a comma, a quote or a line break (CR, LF, or a Unicode one) is
    quoted, so reading the file back gives as many records as the frame has rows.

    Returns
    -------
    Path
        The path written.
    """
    path = Path(path)
    with atomic_write(path, "w", encoding="utf-8", newline="") as f:
        f.writelines(_csv_lines(frame))
    return path


def json_value(value: Any) -> Any:
    """Return a pandas/numpy cell as a plain JSON value: missing and NaN become None."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, np.bool_ | bool):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, float | np.floating):
        return None if math.isnan(value) else float(value)
    return value


def _features(frame: pd.DataFrame) -> list[dict[str, Any]]:
    props = [c for c in frame.columns if c not in ("geometry",)]
    feats = []
    lon = frame["lon"].to_numpy(dtype=float)
    lat = frame["lat"].to_numpy(dtype=float)
    records = frame[props].astype(object).to_dict(orient="records")
    for i, row in enumerate(records):
        geom = None if np.isnan(lon[i]) else {"type": "Point", "coordinates": [float(lon[i]), float(lat[i])]}
        feats.append({"type": "Feature", "properties": {k: json_value(v) for k, v in row.items()}, "geometry": geom})
    return feats


def write_geo(frame: pd.DataFrame, path: str | Path, *, layer: str = "clusters") -> Path:
    """Write geocoded records as points (EPSG:4326) to GeoJSON or GeoPackage, atomically.

    Records that are not placed are written with an empty geometry: nothing is dropped.
    Both formats are byte-for-byte reproducible (GeoPackage timestamps are pinned).

    Raises
    ------
    InputError
        If the extension is neither ``.geojson`` nor ``.gpkg``.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".geojson":
        doc = {
            "type": "FeatureCollection",
            "name": layer,
            "crs": {"type": "name", "properties": {"name": "urn:ogc:def:crs:OGC:1.3:CRS84"}},
            "features": _features(frame),
        }
        with atomic_write(path, "w", encoding="utf-8") as f:
            json.dump(doc, f, ensure_ascii=False, indent=None, separators=(",", ":"))
            f.write("\n")
        return path
    if suffix == ".gpkg":
        import pyogrio

        from .geocode import to_geodataframe

        gdf = to_geodataframe(frame)
        for col in gdf.columns:
            if (
                (col != "geometry" and not pd.api.types.is_numeric_dtype(gdf[col]))
                or pd.api.types.is_bool_dtype(gdf[col])
                or str(gdf[col].dtype) in ("Int64", "boolean")
            ):
                gdf[col] = gdf[col].astype(object).where(gdf[col].notna(), None)
        pyogrio.set_gdal_config_options({"OGR_CURRENT_DATE": "2000-01-01T00:00:00.000Z"})
        with atomic_path(path) as tmp:
            pyogrio.write_dataframe(gdf, tmp, layer=layer, driver="GPKG")
        return path
    msg = f"{path}: cannot write {suffix or 'a file without extension'!r}; use .csv, .geojson or .gpkg."
    raise InputError(msg)


def check_output(path: str | Path, allowed: tuple[str, ...]) -> Path:
    """Check an output path's extension before any work is done.

    Raises
    ------
    InputError
        If the extension is not one of ``allowed``.
    """
    path = Path(path)
    if path.suffix.lower() not in allowed:
        msg = f"{path}: cannot write {path.suffix or 'a file without extension'!r}; use one of {', '.join(allowed)}."
        raise InputError(msg)
    if path.exists() and path.is_dir():
        msg = f"{path}: is a folder; give a file name ending in one of {', '.join(allowed)}."
        raise InputError(msg)
    return path


def write_records(frame: pd.DataFrame, path: str | Path) -> Path:
    """Write records to ``.csv``, ``.geojson`` or ``.gpkg`` by the path's extension."""
    path = check_output(path, TABLE_FORMATS + GEO_FORMATS)
    if path.suffix.lower() == ".csv":
        return write_csv(frame, path)
    return write_geo(frame, path)


def percent(share: float) -> str:
    """Write a share as a percentage to 0.1 (``"58.8%"``); missing is ``""``."""
    return "" if pd.isna(share) else f"{100 * share:.1f}%"


def _display(table: pd.DataFrame) -> pd.DataFrame:
    out = pd.DataFrame({"group": table["group"].astype(str)})
    if "code" in table:
        out["code"] = table["code"].astype(str)
    out["count"] = table["count"].astype(int).astype(str)
    out["share"] = [percent(v) for v in table["share"]]
    if "population_2024" in table:
        out["population 2024"] = [("" if pd.isna(v) else f"{int(v):,}") for v in table["population_2024"]]
        out["per million"] = [("" if pd.isna(v) else f"{v:.2f}") for v in table["per_million"]]
        out["location quotient"] = [("" if pd.isna(v) else f"{v:.2f}") for v in table["location_quotient"]]
    return out


def markdown_table(frame: pd.DataFrame, *, numeric: tuple[str, ...] = ()) -> str:
    """Render a frame of strings as a GitHub-flavoured Markdown table (pipes escaped)."""

    def cell(v: object) -> str:
        return str(v).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")

    head = "| " + " | ".join(cell(c) for c in frame.columns) + " |"
    rule = "|" + "|".join("---:" if c in numeric else "---" for c in frame.columns) + "|"
    rows = ["| " + " | ".join(cell(v) for v in row) + " |" for row in frame.itertuples(index=False)]
    return "\n".join([head, rule, *rows])


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


SHARE_FORMATS = ("table", "csv", "json", "md")


def format_shares(result: Any, fmt: str = "table") -> str:
    """Render a :class:`~clusteratlas.aggregate.Shares` as ``table``, ``csv``, ``json`` or ``md``."""
    if fmt == "json":
        return str(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    if fmt == "csv":
        return "".join(_csv_lines(result.table))
    numeric = ("count", "share", "population 2024", "per million", "location quotient")
    shown = _display(result.table)
    if fmt == "md":
        return markdown_table(shown, numeric=numeric)
    if fmt == "table":
        return text_table(shown, numeric=numeric) + f"\n\n{result.total} records; shares of all records."
    msg = f"unknown format {fmt!r}; use one of {', '.join(SHARE_FORMATS)}."
    raise InputError(msg)
