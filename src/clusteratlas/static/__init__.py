"""Publication-ready static maps and charts (matplotlib)."""

from __future__ import annotations

from ..mapspec import LEVER_ROWS_MAX as LEVER_ROWS_MAX
from ._furniture import add_north_arrow, add_scale_bar
from ._places import DENSITY_LABELS, DOT_PT, KEY_MAX, NUMBER_ABOVE, SYMBOL_MAX_PT, SYMBOL_PT, UNCERTAIN_MARKER
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
from .kinds import KINDS, RENDERERS, figure
from .levers import plot_levers
from .maps import plot_choropleth, plot_combined, plot_points
from .save import FORMATS, alt_path, figure_bytes, save_figure, write_figure
from .timeline import PERIOD_MAPS_BOTTOM, PERIOD_TITLE_PT, PERIODS, plot_timeline

__all__ = [
    "CAPTION_LINE_MM",
    "DENSITY_LABELS",
    "DENSITY_RAMP",
    "DETAIL_COLOR",
    "DOT_PT",
    "FEW_HATCH",
    "FEW_HATCH_COLOR",
    "FORMATS",
    "KEY_MAX",
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
    "STYLE",
    "SYMBOL_MAX_PT",
    "SYMBOL_PT",
    "TEXT_PT",
    "UNCERTAIN_MARKER",
    "WIDTH_MM",
    "add_north_arrow",
    "add_scale_bar",
    "alt_path",
    "clean_name",
    "figure",
    "figure_bytes",
    "plot_choropleth",
    "plot_combined",
    "plot_levers",
    "plot_points",
    "plot_timeline",
    "save_figure",
    "wrap_text",
    "write_figure",
]
