"""What a static figure drew: typed, frozen records that tests and callers read.

Every figure kind returns a :class:`Drawing`: the matplotlib figure and a record of what is
on it (:class:`MapRecord`, :class:`TimelineRecord` or :class:`LeversRecord`). Nothing is
stored on matplotlib objects; the positions are in the drawing CRS of the geography pack
(:func:`clusteratlas.geography.pack`), the same as the axes' data coordinates.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Generic, TypeVar

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from matplotlib.text import Text

__all__ = [
    "Density",
    "Drawing",
    "Frame",
    "Label",
    "Layer",
    "LegendRecord",
    "LeversRecord",
    "MapRecord",
    "PeriodMap",
    "Record",
    "ScaleBar",
    "TimelineRecord",
]

#: A category and how many of a place's records are in it.
Part = tuple[str, int]


@dataclass(frozen=True)
class ScaleBar:
    """A scale bar as drawn: its ends on the axes (drawing CRS) and what it measures on the ground.

    Attributes
    ----------
    x0, x1 : float
        Its left and right ends.
    y : float
        Its baseline.
    km : float
        Its length on the ground at its latitude.
    crs : str
        The drawing CRS (a PROJ string).
    """

    x0: float
    x1: float
    y: float
    km: float
    crs: str


@dataclass(frozen=True)
class Density:
    """The records-per-hexagon layer drawn instead of symbols when a map has many places.

    Attributes
    ----------
    km : float
        Width of a hexagon on the ground, about.
    gridsize : int
        Hexagons across the frame.
    cells : int
        Hexagons holding at least one record.
    classes : tuple of (int, int)
        Lowest and highest count of each colour class.
    colors : tuple of str
        The colour of each class.
    coarse : int
        Records placed only to their province or region: left out of the hexagons, drawn as
        squares at the area's centre (gid ``coarse-place``).
    coarse_places : int
        The squares drawn.
    """

    km: float
    gridsize: int
    cells: int
    classes: tuple[tuple[int, int], ...]
    colors: tuple[str, ...]
    coarse: int = 0
    coarse_places: int = 0


@dataclass(frozen=True, eq=False)
class Layer:
    """The places of one map frame: where they are, what they can be called, how big they are drawn.

    Attributes
    ----------
    places : pandas.DataFrame
        One row per place: ``x``, ``y`` (drawing CRS), ``n`` records, ``area`` (sum of the
        records' size factors), ``uncertain``, ``coarse`` and ``name``.
    options : tuple of tuple of str
        Each place's label texts, in order of preference.
    keys : tuple of str
        Each place's text in a caption key (when its symbol is numbered).
    mix : tuple
        Each place's records per category, ``(category, count)`` in legend order.
    radii : numpy.ndarray
        Radius (pt) of each place's symbol; empty before the symbols are drawn.
    """

    places: pd.DataFrame
    options: tuple[tuple[str, ...], ...]
    keys: tuple[str, ...]
    mix: tuple[tuple[Part, ...], ...]
    radii: np.ndarray = field(default_factory=lambda: np.zeros(0))


@dataclass(frozen=True, eq=False)
class Label:
    """One place label as drawn.

    Attributes
    ----------
    text : str
        The text drawn (a number when the places are keyed in the caption).
    anchor : tuple of float
        Position of the labelled place (drawing CRS).
    position : tuple of float
        Where the text is anchored (its baseline, at ``ha``), in the same coordinates.
    ha : str
        Horizontal alignment: ``left``, ``right`` or ``center``.
    leader : tuple of float or None
        ``(x0, y0, x1, y1)`` of the leader line from the symbol to the label, if any.
    artist : matplotlib.text.Text
        The text artist.
    """

    text: str
    anchor: tuple[float, float]
    position: tuple[float, float]
    ha: str
    leader: tuple[float, float, float, float] | None
    artist: Text


@dataclass(frozen=True, eq=False)
class Frame:
    """One map frame (the main map, an inset or a period map) and what was drawn on it.

    Attributes
    ----------
    name : str
        ``map``, ``south-inset``, ``detail-inset`` or ``period-map`` (the axes' gid).
    axes : matplotlib.axes.Axes
    layer : Layer or None
        Its places; on a density map, the places marked with a dot and named.
    scale_bar : ScaleBar or None
    labels : tuple of Label
        The place labels drawn on it.
    candidates : int
        The places that could have been labelled.
    """

    name: str
    axes: Axes
    layer: Layer | None = None
    scale_bar: ScaleBar | None = None
    labels: tuple[Label, ...] = ()
    candidates: int = 0


@dataclass(frozen=True)
class LegendRecord:
    """One legend as drawn: its gid (``legend-points`` …), title and entries in order."""

    gid: str
    title: str
    entries: tuple[str, ...]


@dataclass(frozen=True, eq=False)
class MapRecord:
    """What a map (points, choropleth or combined) drew.

    Attributes
    ----------
    main : Frame
        The main frame.
    insets : tuple of Frame
        The inset of the southern regions and the detail inset, in that order, if drawn.
    density : Density or None
        The density layer, when the places were too many for symbols.
    legends : tuple of LegendRecord
        In reading order.
    labelled, candidates : int
        As the caption says: places labelled, and places that could have been (on a
        density map: the places in all).
    key : tuple of str
        The caption's key of numbered places.
    caption : str or None
        The caption under the map (None when drawn on a given Axes).
    """

    main: Frame
    insets: tuple[Frame, ...] = ()
    density: Density | None = None
    legends: tuple[LegendRecord, ...] = ()
    labelled: int = 0
    candidates: int = 0
    key: tuple[str, ...] = ()
    caption: str | None = None

    def frames(self) -> tuple[Frame, ...]:
        """Return the main frame and the insets."""
        return (self.main, *self.insets)

    def labels(self) -> tuple[Label, ...]:
        """Return every place label, of the main frame first."""
        return tuple(label for frame in self.frames() for label in frame.labels)

    def legend(self, gid: str) -> LegendRecord:
        """Return the legend of ``gid`` (``legend-points``, ``legend-classes`` …); KeyError if not drawn."""
        for legend in self.legends:
            if legend.gid == gid:
                return legend
        raise KeyError(gid)


@dataclass(frozen=True, eq=False)
class PeriodMap:
    """One map of a timeline: a period and its records.

    Attributes
    ----------
    period : str
        Its label (``2010–2014``).
    count : int
        Records created in the period, placed or not.
    frame : Frame
        The map, its layer holding the placed records of the period.
    """

    period: str
    count: int
    frame: Frame


@dataclass(frozen=True, eq=False)
class TimelineRecord:
    """What a timeline drew: its years, the records without one, a map per period; the shared density, if drawn.

    ``level``: what a period map's symbol stands for, ``place`` or the column its records were
    grouped by (``province_code``, ``region_code``).
    """

    years: tuple[int, ...]
    undated: int
    periods: tuple[PeriodMap, ...]
    caption: str
    density: Density | None = None
    level: str = "place"


@dataclass(frozen=True)
class LeversRecord:
    """What a levers matrix drew: its columns, its rows, and whether a row is a record or a category."""

    columns: tuple[str, ...]
    rows: tuple[str, ...]
    by_category: bool


Record = MapRecord | TimelineRecord | LeversRecord
#: The record type of a drawing.
R = TypeVar("R")


@dataclass(frozen=True, eq=False)
class Drawing(Generic[R]):
    """A drawn figure and the record of what is on it.

    Attributes
    ----------
    figure : matplotlib.figure.Figure
        Save it with :func:`clusteratlas.static.save_figure`.
    record : MapRecord, TimelineRecord or LeversRecord
    """

    figure: Figure
    record: R
