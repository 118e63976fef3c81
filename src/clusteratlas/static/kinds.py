"""The figure kinds: the one list of them, each with the function that draws it.

Every kind function has the same signature, ``(spec, *, width_mm, south) -> Drawing``:
it draws on a new figure in the house style (:data:`~._style.STYLE`, applied only while it
draws) and returns the figure with the record of what is on it. A registry of figure
kinds can hold these functions; :func:`draw` looks a kind up here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from ..errors import InputError
from ..mapspec import MapSpec
from ._fit import fit_page
from ._style import WIDTH_MM
from .drawing import Drawing
from .levers import draw_levers
from .lq import draw_lq
from .maps import draw_choropleth, draw_combined, draw_points
from .timeline import draw_timeline

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["KINDS", "RENDERERS", "Renderer", "draw", "figure"]


class Renderer(Protocol):
    """A figure kind's function: draw ``spec`` on a new figure; return it and its record."""

    def __call__(self, spec: MapSpec, *, width_mm: float = ..., south: str = ...) -> Drawing[Any]:
        """Draw a figure ``width_mm`` wide; ``south`` says how a map shows the pack's inset regions."""
        ...


#: Each figure kind and the function that draws it, in the order they are offered.
RENDERERS: dict[str, Renderer] = {
    "points": draw_points,
    "choropleth": draw_choropleth,
    "combined": draw_combined,
    "timeline": draw_timeline,
    "levers": draw_levers,
    "lq": draw_lq,
}
#: The figure kinds (:data:`clusteratlas.registry.FIGURE_KINDS` reads them).
KINDS = tuple(RENDERERS)


def draw(spec: MapSpec, kind: str, *, width_mm: float = WIDTH_MM, south: str = "frame") -> Drawing[Any]:
    """Draw one kind of figure on a new figure; return it with the record of what it shows.

    Every text of the page (title, subtitle, caption) is kept within its width
    (:func:`._fit.fit_page`).

    Parameters
    ----------
    spec : MapSpec
        From :func:`clusteratlas.mapspec.map_spec`.
    kind : str
        One of :data:`KINDS` (a caller that took it from a registry has checked it).
    width_mm : float, default 174
    south : {"frame", "inset"}, default "frame"
        How a map draws the pack's inset regions.

    Returns
    -------
    Drawing
        ``.figure`` (a :class:`matplotlib.figure.Figure`, outside pyplot) and ``.record``:
        a :class:`~.drawing.MapRecord`, :class:`~.drawing.TimelineRecord` or
        :class:`~.drawing.LeversRecord`.

    Raises
    ------
    InputError
        If there is no such kind.
    """
    try:
        renderer = RENDERERS[kind]
    except (KeyError, TypeError):
        msg = f"unknown figure kind {kind!r}; use one of {', '.join(KINDS)}."
        raise InputError(msg) from None
    drawing = renderer(spec, width_mm=width_mm, south=south)
    fit_page(drawing.figure, name=kind)  # a title or subtitle too long for the page is wrapped to it; too tall: warned
    return drawing


def figure(spec: MapSpec, kind: str, *, width_mm: float = WIDTH_MM, south: str = "frame") -> Figure:
    """Draw one kind of figure on a new figure and return the figure (:func:`draw` without the record).

    Raises
    ------
    InputError
        If ``kind`` is not one of :data:`KINDS`.
    """
    return draw(spec, kind, width_mm=width_mm, south=south).figure
