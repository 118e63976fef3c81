"""The vector reader: GeoJSON and GeoPackage point layers.

Each feature is a record; its point gives ``lat``/``lon`` (in WGS 84, reprojected if the
layer has another CRS), its properties the other columns, all as text.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import schema
from .._resources import check_input_file
from ..errors import InputError

__all__ = ["read_vector"]


def _read_layer(path: Path, layer: str | None) -> Any:
    """Return the layer asked for (or the only one, or the only point layer) as a GeoDataFrame."""
    import geopandas as gpd
    import pyogrio

    check_input_file(path)
    try:
        chosen = _layer_to_read(path, pyogrio.list_layers(path), layer)
        frame = gpd.read_file(path, layer=chosen)
        fields = [str(f) for f in pyogrio.read_info(path, layer=chosen)["fields"]]
    except InputError:
        raise
    except Exception as err:  # pyogrio's DataSourceError and friends
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        msg = f"{path}: cannot be read as GeoJSON/GeoPackage ({first}); check the file is valid."
        raise InputError(msg) from err
    shape = getattr(frame, "_geometry_column_name", None)
    if shape is not None and shape in fields:  # the shapes' column would replace the property of that name
        msg = (
            f"{path}: its features have a property named {shape!r}, the name their shapes are read under, "
            "so one would replace the other; rename that property."
        )
        raise InputError(msg)
    return frame


def _record_layers(names: list[str]) -> list[str]:
    """Return the layers that may hold records: not ``layer_styles`` nor a ``*_regions`` beside its records."""
    ours = {"layer_styles"} | {n for n in names if n.endswith("_regions") and n[: -len("_regions")] in names}
    return [n for n in names if n not in ours] or names


def _layer_to_read(path: Path, listed: Any, layer: str | None) -> str | None:
    """Return the layer to read: the one asked for, the only one, or the only point layer (our GeoPackages).

    Raises
    ------
    InputError
        If the layer asked for is missing, or none is asked for and several could be meant.
    """
    names = [str(n) for n in listed[:, 0]]
    choices = _record_layers(names)
    if layer is None and len(names) > 1:
        return _only_layer(path, listed, choices)
    if layer is not None and layer not in names:
        msg = f"{path}: has no layer {layer!r}; its layers are {', '.join(repr(n) for n in choices)}."
        raise InputError(msg)
    return layer


def _only_layer(path: Path, listed: Any, choices: list[str]) -> str:
    """Return the one layer of records among several: the only point layer, or the only record layer."""
    points = [str(n) for n, kind in listed if str(kind).startswith("Point")]
    if len(points) == 1:  # records beside their regions and styles
        return points[0]
    if len(choices) == 1:
        return choices[0]
    listing = ", ".join(repr(n) for n in choices)
    msg = f"{path}: has {len(choices)} layers ({listing}); name the one to read with `layer`."
    raise InputError(msg)


def _put_points(table: pd.DataFrame, frame: Any, path: Path) -> None:
    """Write the features' points as ``lat``/``lon`` text (empty for no geometry); refuse other shapes."""
    geom = frame.geometry
    if not (len(geom) and geom.notna().any() and not geom.is_empty.all()):
        return
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
    for col, coord in (("lat", geom[has].y), ("lon", geom[has].x)):
        cells = np.full(len(table), "", dtype=object)
        cells[has] = coord.map(repr).to_numpy()
        if col in table.columns:
            cells = _beside_property(table[col], cells, has, coord.to_numpy(), (path, col))
        table[col] = cells


def _beside_property(
    own: pd.Series, cells: np.ndarray, has: np.ndarray, coord: np.ndarray, where: tuple[Path, str]
) -> np.ndarray:
    """Merge a ``lat``/``lon`` property with the points: kept where no point; refused where they differ."""
    path, col = where
    given = pd.to_numeric(own.map(_cell).replace("", None), errors="coerce").to_numpy(dtype=float)
    filled = own.notna().to_numpy() & (own.map(_cell) != "").to_numpy()
    differ = np.zeros(len(own), dtype=bool)
    differ[has] = filled[has] & ~np.isclose(given[has], coord, atol=1e-7)
    if differ.any():
        first = int(np.flatnonzero(differ)[0]) + 1
        msg = (
            f"{path}: feature {first}: its {col!r} property ({_cell(own.iloc[first - 1])}) is not its point's; "
            f"remove the {col!r} property, or make it agree with the geometry."
        )
        raise InputError(msg)
    return np.where(has, cells, own.map(_cell).to_numpy(dtype=object))


def _cell(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and np.isnan(value)) else str(value)


def read_vector(path: Path, *, layer: str | None = None, chosen: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Read a GeoJSON or GeoPackage layer's features as records of text.

    Parameters
    ----------
    path : Path
        A ``.geojson``, ``.json`` or ``.gpkg`` file.
    layer : str, optional
        The layer to read; needed when the file has more than one.
    chosen : mapping, optional
        Unused here (the header is checked when the records are prepared); accepted as by
        every reader.

    Returns
    -------
    pandas.DataFrame
        One record per feature, in order, as strings, with ``lat``/``lon`` from the points.

    Raises
    ------
    InputError
        If the file can't be read, has several layers and none is named, or holds shapes
        other than points.
    """
    frame = _read_layer(path, layer)
    if getattr(frame, "_geometry_column_name", None) is None:  # a layer without geometry: a plain table
        table = pd.DataFrame(frame)
    else:
        table = pd.DataFrame(frame.drop(columns=frame.geometry.name))
        _put_points(table, frame, path)
    for col in table.columns:
        table[col] = table[col].map(_cell)
    schema.set_provenance(table, row_label="feature", row_offset=1, source=str(path))
    return table
