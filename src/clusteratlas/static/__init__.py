"""Publication-ready static maps and charts (matplotlib).

Every ``plot_*`` function takes a :class:`~clusteratlas.mapspec.MapSpec`, draws on
``ax`` (or a new figure) and returns the Axes (the timeline: the Figure);
:func:`save_figure` writes PNG, SVG or PDF, byte-for-byte reproducible, with an alt-text
file beside it.

One level lower, :func:`draw` (or a kind's own function, :data:`RENDERERS`) draws a kind
of figure in the house style and returns a :class:`Drawing`: the figure and a frozen
record of what is on it (:class:`MapRecord`: frames, scale bars, places, labels and their
anchors, legends, caption; :class:`TimelineRecord`; :class:`LeversRecord`).
:func:`render` draws once and saves to every file asked for; with ``journal=True`` the
title, credits and numbered key go into a caption file beside each (:func:`journal_caption`). Nothing touches pyplot's
state: figures are built outside pyplot and the style applies only while drawing and
saving.

Projection: the geography pack's equal-area CRS (:func:`clusteratlas.geography.pack`; for
Morocco an Albers conic with standard parallels 23°N and 34°N, central meridian 9°W, WGS84).
Equal area keeps the choropleth honest (a region's ink is proportional to its area); between
the standard parallels the scale along parallels is within 1.6% of true, and the scale bar is
drawn exact at its own latitude using the projection's local scale factor.

Modules, in drawing order: ``_style`` (sizes, type, colours, rc), ``_basemap`` (boundaries,
regions, zones), ``_layout`` (page, title, caption), ``_insets``, ``_places`` (symbols,
pies, labels, density; the placement engine in ``_placer``), ``_furniture`` (north arrow,
scale bar), ``_legends``; the figures ``maps``, ``timeline``, ``levers``; ``drawing`` (the
records), ``kinds`` (the one list of figure kinds) and ``save``.
"""

from __future__ import annotations

from ..mapspec import LEVER_ROWS_MAX as LEVER_ROWS_MAX  # moved to mapspec; importable here as before
from ._basemap import SOUTH
from ._furniture import add_north_arrow, add_scale_bar
from ._places import DENSITY_LABELS, DOT_PT, NUMBER_ABOVE, SYMBOL_MAX_PT, SYMBOL_PT, UNCERTAIN_MARKER
from ._style import (
    CAPTION_LINE_MM,
    DENSITY_RAMP,
    DETAIL_COLOR,
    FEW_HATCH,
    FEW_HATCH_COLOR,
    LAND,
    MAX_HEIGHT_MM,
    NAME_MAX,
    NEIGHBOUR,
    SEA,
    STYLE,
    TEXT_PT,
    WIDTH_MM,
    clean_name,
    wrap_text,
)
from .drawing import (
    Density,
    Drawing,
    Frame,
    Label,
    Layer,
    LegendRecord,
    LeversRecord,
    MapRecord,
    PeriodMap,
    Record,
    ScaleBar,
    TimelineRecord,
)
from .kinds import KINDS, RENDERERS, Renderer, draw, figure
from .levers import draw_levers, plot_levers
from .maps import draw_choropleth, draw_combined, draw_points, plot_choropleth, plot_combined, plot_points
from .save import FORMATS, alt_path, caption_path, figure_bytes, journal_caption, render, save_figure, write_figure
from .timeline import PERIOD_MAPS_BOTTOM, PERIOD_TITLE_PT, PERIODS, draw_timeline, plot_timeline

__all__ = [
    "CAPTION_LINE_MM",
    "DENSITY_LABELS",
    "DENSITY_RAMP",
    "DETAIL_COLOR",
    "DOT_PT",
    "FEW_HATCH",
    "FEW_HATCH_COLOR",
    "FORMATS",
    "KINDS",
    "LAND",
    "MAX_HEIGHT_MM",
    "NAME_MAX",
    "NEIGHBOUR",
    "NUMBER_ABOVE",
    "PERIODS",
    "PERIOD_MAPS_BOTTOM",
    "PERIOD_TITLE_PT",
    "RENDERERS",
    "SEA",
    "SOUTH",
    "STYLE",
    "SYMBOL_MAX_PT",
    "SYMBOL_PT",
    "TEXT_PT",
    "UNCERTAIN_MARKER",
    "WIDTH_MM",
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
    "Renderer",
    "ScaleBar",
    "TimelineRecord",
    "add_north_arrow",
    "add_scale_bar",
    "alt_path",
    "caption_path",
    "clean_name",
    "draw",
    "draw_choropleth",
    "draw_combined",
    "draw_levers",
    "draw_points",
    "draw_timeline",
    "figure",
    "figure_bytes",
    "journal_caption",
    "plot_choropleth",
    "plot_combined",
    "plot_levers",
    "plot_points",
    "plot_timeline",
    "render",
    "save_figure",
    "wrap_text",
    "write_figure",
]
