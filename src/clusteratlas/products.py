"""Figures and HTML maps from records in one call: what ``clusteratlas figure`` and ``map`` do.

:func:`figure` and :func:`web_map` check their options, read a file (or take records,
geocoded or not, or a finished :class:`~clusteratlas.mapspec.MapSpec`), read the zones file,
geocode, decide the map (:func:`clusteratlas.map_spec`) and draw it with
:mod:`clusteratlas.static` or :mod:`clusteratlas.interactive`; given ``output``, they also
write it. They read every file once and hand the tables down: nothing below them reads a
file. The command line parses its options and calls them, as ``clusteratlas report`` calls
:func:`clusteratlas.report`.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias, Unpack

import pandas as pd

from ._resources import check_not_input
from .aggregate import load_zones
from .errors import InputError
from .interactive import interactive_map, write_map
from .mapspec import MapKeywords, MapOptions, MapSpec, describe, map_spec
from .options import ReadOptions, read_geocoded
from .registry import FIGURE_FORMATS, FIGURE_KINDS, MAP_FORMATS, SOUTH, TILES, output_format
from .static import WIDTH_MM, alt_path, caption_path, journal_caption, save_figure
from .static import figure as draw
from .static.lq import lq_spec
from .static.save import journal_alt

if TYPE_CHECKING:
    import folium
    from matplotlib.figure import Figure

__all__ = ["Data", "figure", "spec_of", "web_map"]

#: What a file, records or a finished specification can be.
Data: TypeAlias = str | Path | pd.DataFrame | MapSpec


def spec_of(
    data: Data, *, read: ReadOptions | None = None, options: MapOptions | None = None, **keywords: Unpack[MapKeywords]
) -> MapSpec:
    """Read, geocode and decide the map of ``data`` (a :class:`MapSpec` is returned as it is).

    Parameters
    ----------
    data : str, Path, pandas.DataFrame or MapSpec
        A records file, records (geocoded or not), or a specification already decided.
    read : ReadOptions, optional
        Sheet, layer, aliases and strictness for reading and geocoding.
    options : MapOptions, optional
        What the map shows; keywords override its fields. Without them, the data are
        "records" (``unit="records"``) named by their file (``data_label``).
    **keywords
        Fields of :class:`~clusteratlas.mapspec.MapOptions`.

    Returns
    -------
    MapSpec

    Raises
    ------
    InputError
        If the file can't be read, a scheme or language is unknown, or options are given with
        a finished ``MapSpec``.
    """
    if isinstance(data, MapSpec):
        if read is not None or options is not None or keywords:
            msg = "`data` is a finished MapSpec: give the map's options to map_spec(), not here."
            raise InputError(msg)
        return data
    o = replace(options or MapOptions(unit="records"), **keywords)
    if not isinstance(data, pd.DataFrame) and "data_label" not in keywords and o.data_label == "records":
        o = replace(o, data_label=Path(data).name)
    # the choices (scheme, language, unit) were checked once, by their registries, as the options were made
    if isinstance(o.zones, str | Path):
        o = replace(o, zones=load_zones(o.zones))  # read here, once and before the data
    return map_spec(read_geocoded(data, read), options=o)


#: The resolutions and widths a figure may have: a bound on the memory a figure takes (the command
#: line's ranges are narrower).
DPI_RANGE = (10, 2400)
WIDTH_MM_RANGE = (20.0, 1000.0)


def _check_figure(kind: str, south: str, dpi: object, width_mm: object) -> None:
    """Refuse an unknown kind or south, a dpi or width not a number in :data:`DPI_RANGE`, :data:`WIDTH_MM_RANGE`."""
    FIGURE_KINDS.check(kind)
    SOUTH.check(south)
    for name, value, (low, high) in (("dpi", dpi, DPI_RANGE), ("width_mm", width_mm, WIDTH_MM_RANGE)):
        number = float(value) if isinstance(value, int | float) and not isinstance(value, bool) else None
        if number is None or not low <= number <= high:  # NaN fails the comparison too
            msg = f"`{name}` is {value!r}; give a number from {low} to {high}."
            raise InputError(msg)


def _check_paths(outputs: list[Path], data: Data, options: MapOptions | None, zones: object) -> None:
    """Refuse, before any work, to write over a file read (the data or the zones)."""
    inputs = [data if isinstance(data, str | Path) else None]
    inputs += [z if isinstance(z, str | Path) else None for z in (zones, options.zones if options else None)]
    check_not_input(outputs, inputs)


def figure(  # noqa: PLR0913 - the figure's own options (file, size, style) beside the map's bundles
    data: Data,
    kind: str = "combined",
    *,
    output: str | Path | None = None,
    dpi: int = 300,
    width_mm: float = WIDTH_MM,
    south: str = "frame",
    journal: bool = False,
    read: ReadOptions | None = None,
    options: MapOptions | None = None,
    **keywords: Unpack[MapKeywords],
) -> Figure:
    """Draw a publication-ready figure of records; with ``output``, write it and its alt text.

    Parameters
    ----------
    data : str, Path, pandas.DataFrame or MapSpec
        See :func:`spec_of`.
    kind : str, default "combined"
        A key of :data:`clusteratlas.registry.FIGURE_KINDS` (``points``, ``choropleth``,
        ``combined``, ``timeline``, ``levers``, ``lq``: one ``category``'s location quotient).
    output : str or Path, optional
        A ``.png``, ``.svg`` or ``.pdf`` file (:data:`clusteratlas.registry.FIGURE_FORMATS`),
        written atomically with ``NAME.alt.txt`` beside it; checked before any work.
    dpi : int, default 300
    width_mm : float, default 174
    south : {"frame", "inset"}, default "frame"
        How the southern regions are drawn (:data:`clusteratlas.registry.SOUTH`).
    journal : bool, default False
        Title, credits and numbered key out of the artwork, into ``NAME.caption.txt`` and the alt text.
    read : ReadOptions, optional
    options : MapOptions, optional
    **keywords
        Fields of :class:`~clusteratlas.mapspec.MapOptions` (``value``, ``scheme``, ``k``,
        ``lang``, ``title``, ``periods`` …).

    Returns
    -------
    matplotlib.figure.Figure
        Close it with ``matplotlib.pyplot.close`` when done.

    Raises
    ------
    InputError
        An unknown ``kind`` or ``south``, ``dpi`` or ``width_mm`` out of :data:`DPI_RANGE`,
        :data:`WIDTH_MM_RANGE`, an extension that can't be written, an output that is an
        input, or anything :func:`spec_of` refuses.
    """
    _check_figure(kind, south, dpi, width_mm)
    if output is not None:
        output_format(FIGURE_FORMATS, output)
        written = [Path(output), alt_path(output)] + ([caption_path(output)] if journal else [])
        _check_paths(written, data, options, keywords.get("zones"))
    spec = spec_of(data, read=read, options=options, **keywords)
    fig = draw(spec, kind, width_mm=width_mm, south=south)
    caption = journal_caption(fig) if journal else None
    if output is not None:
        _save(fig, spec, kind, output, dpi=dpi, caption=caption)
    return fig


def _save(fig: Figure, spec: MapSpec, kind: str, output: str | Path, *, dpi: int, caption: str | None) -> None:
    """Write a figure with its alt text (a journal figure's with what its caption adds) and caption."""
    alt = describe(lq_spec(spec), "choropleth") if kind == "lq" else describe(spec, kind)
    if caption is not None:
        alt = journal_alt(alt, caption)
    save_figure(fig, output, dpi=dpi, alt_text=alt, caption=caption)


def web_map(
    data: Data,
    *,
    output: str | Path | None = None,
    choropleth: bool = True,
    tiles: str = "none",
    max_zoom: int = 11,
    read: ReadOptions | None = None,
    options: MapOptions | None = None,
    **keywords: Unpack[MapKeywords],
) -> folium.Map:
    """Build the self-contained interactive map of records; with ``output``, write the page.

    Parameters
    ----------
    data : str, Path, pandas.DataFrame or MapSpec
        See :func:`spec_of`.
    output : str or Path, optional
        An ``.html`` file (:data:`clusteratlas.registry.MAP_FORMATS`), written atomically;
        checked before any work.
    choropleth : bool, default True
        Shade the regions by the spec's ``value``.
    tiles : {"none", "osm"}, default "none"
        :data:`clusteratlas.registry.TILES`.
    max_zoom : int, default 11
    read : ReadOptions, optional
    options : MapOptions, optional
    **keywords
        Fields of :class:`~clusteratlas.mapspec.MapOptions`.

    Returns
    -------
    folium.Map

    Raises
    ------
    InputError
        An unknown ``tiles``, an extension that can't be written, an output that is an
        input, or anything :func:`spec_of` refuses.
    """
    TILES.check(tiles)
    if output is not None:
        output_format(MAP_FORMATS, output)
        _check_paths([Path(output)], data, options, keywords.get("zones"))
    m = interactive_map(
        spec_of(data, read=read, options=options, **keywords), choropleth=choropleth, tiles=tiles, max_zoom=max_zoom
    )
    if output is not None:
        write_map(m, output)
    return m
