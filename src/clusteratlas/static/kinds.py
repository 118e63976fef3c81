"""kinds."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..errors import InputError
from ..mapspec import (
    MapSpec,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

from ._style import STYLE, WIDTH_MM
from .levers import plot_levers
from .maps import plot_choropleth, plot_combined, plot_points
from .timeline import plot_timeline

KINDS = ("points", "choropleth", "combined", "timeline", "levers")


RENDERERS: dict[str, Callable[..., Any]] = {
    "points": plot_points,
    "choropleth": plot_choropleth,
    "combined": plot_combined,
    "timeline": plot_timeline,
    "levers": plot_levers,
}


def figure(spec: MapSpec, kind: str, *, width_mm: float = WIDTH_MM, south: str = "frame") -> Figure:
    """Draw one kind of figure on a new figure and return the figure.

    Raises
    ------
    InputError
        If ``kind`` is not one of :data:`KINDS`.
    """
    import matplotlib as mpl
    import matplotlib.pyplot as plt

    if kind not in RENDERERS:
        msg = f"unknown figure kind {kind!r}; use one of {', '.join(KINDS)}."
        raise InputError(msg)
    mpl.use("Agg")
    with mpl.rc_context(STYLE):
        plt.close("all")
        if kind == "timeline":
            return plot_timeline(spec, width_mm=width_mm)
        if kind == "levers":
            return plot_levers(spec, width_mm=width_mm).figure  # type: ignore[return-value]
        ax = RENDERERS[kind](spec, width_mm=width_mm, south=south)
        return ax.figure  # type: ignore[no-any-return]
