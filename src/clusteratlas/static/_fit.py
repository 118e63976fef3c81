"""Nothing runs off the page: the figure's own texts (title, subtitle, caption) wrapped to its width.

Every figure kind sets its title and subtitle on one line each, measured for the usual
names. A long file name, category or weight column ("Quotient de localisation
d'Agroalimentaire et industries de transformation …") makes them wider than a narrow page
(84 mm). :func:`fit_page` runs after a figure is drawn: a figure text that reaches past
the page's right margin is wrapped to it, and the page grows by the lines it gained,
under that text, so that nothing below moves onto it (the map, its legends and the
caption keep their places on paper, lower by that much).
"""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING, Any, cast

from ..errors import ClusterAtlasWarning
from ._style import MAX_HEIGHT_MM, inches, styled, wrap_text

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.text import Text

__all__ = ["MARGIN_MM", "check_height", "fit_page", "page_texts"]

#: Least room between a text and the page's left or right edge (mm): the maps' own margin.
MARGIN_MM = 1.5
#: Bold type is about this much wider than the regular type :func:`~._style.wrap_text` measures.
_BOLD = 1.12


def page_texts(fig: Figure) -> list[Text]:
    """Return the figure's own visible texts (title, subtitle, caption …), placed in figure fraction, top first."""
    texts = [t for t in [getattr(fig, "_suptitle", None), *fig.texts] if t is not None]
    shown = [t for t in texts if t.get_visible() and t.get_text().strip() and t.get_transform() == fig.transFigure]
    return sorted(shown, key=lambda t: -float(t.get_position()[1]))


def fit_page(fig: Figure, *, name: str = "figure") -> int:
    """Wrap each figure text that runs past the page's right margin, growing the page under it; return how many.

    A page still taller than :data:`~._style.MAX_HEIGHT_MM` is said so in a warning
    (:func:`check_height`), never left so silently.

    Parameters
    ----------
    fig : matplotlib Figure
        A figure drawn by a kind of :mod:`clusteratlas.static`; changed in place.
    name : str, default "figure"
        What the figure is (its kind), for the warning.

    Returns
    -------
    int
        The texts wrapped (0 when everything was on the page).
    """
    renderer = cast(Any, fig.canvas).get_renderer()
    right = fig.bbox.x1 - inches(MARGIN_MM) * fig.dpi
    wrapped = 0
    with styled():  # measured as drawn and saved (unhinted), not in the caller's settings
        for text in page_texts(fig):
            box = text.get_window_extent(renderer)
            if box.x1 <= right + 0.5:
                continue
            before = box.height
            _wrap_to(text, right - box.x0, renderer)
            grown = (text.get_window_extent(renderer).height - before) / fig.dpi
            if grown > 0:
                _insert_room(fig, box.y0 / fig.dpi, grown)
            wrapped += 1
    check_height(fig, name)
    return wrapped


def check_height(fig: Figure, name: str) -> bool:
    """Warn when ``fig`` is taller than a journal page's type area (:data:`~._style.MAX_HEIGHT_MM`); return if it fits.

    The warning (:class:`~clusteratlas.errors.ClusterAtlasWarning`) names the figure, its
    height and how to make it fit.
    """
    width_mm, height_mm = (float(v) * 25.4 for v in fig.get_size_inches())
    if height_mm <= MAX_HEIGHT_MM + 0.05:
        return True
    msg = (
        f"the {name} figure is {height_mm:.0f} mm tall at {width_mm:.0f} mm wide, over the {MAX_HEIGHT_MM:.0f} mm "
        "of a journal page (what it holds does not fit at this width); give a wider `width_mm`, "
        "a `color_by` column of fewer categories, or `journal` (the numbered key goes to the caption file)."
    )
    warnings.warn(msg, ClusterAtlasWarning, stacklevel=3)
    return False


def _wrap_to(text: Text, width_px: float, renderer: Any) -> None:
    """Wrap ``text`` until it is no wider than ``width_px`` (display units), narrowing the measure as needed."""
    size = float(text.get_fontsize())
    bold = str(text.get_fontweight()) in ("bold", "700", "heavy", "black", "semibold", "demibold")
    dpi = text.get_figure(root=True).dpi  # type: ignore[union-attr]
    lines = text.get_text().split("\n")  # a line break of the text's own stays
    width_pt = width_px * 72 / dpi / (_BOLD if bold else 1.0)
    for _ in range(8):  # the measure is close: a step or two at most
        text.set_text("\n".join(wrap_text(line, width_pt * 0.97, size) for line in lines))
        if text.get_window_extent(renderer).width <= width_px:
            return
        width_pt *= 0.95


def _insert_room(fig: Figure, at: float, room: float) -> None:
    """Add ``room`` inches to the page at ``at`` inches from its bottom.

    What is above keeps its distance to the top (the text that grew, anchored at its top,
    among it), what is below its distance to the bottom.
    """
    from matplotlib.text import Text

    width, height = (float(v) for v in fig.get_size_inches())
    new_height = height + room

    def moved(y: float) -> float:  # a height, figure fraction before, to figure fraction after
        inch = y * height
        return (inch + room if inch >= at else inch) / new_height

    for ax in fig.axes:
        if ax.get_axes_locator() is not None:  # an inset placed by its frame: it follows
            continue
        x0, y0, w, h = ax.get_position().bounds
        top = moved(y0 + h)
        ax.set_position((x0, top - h * height / new_height, w, h * height / new_height))
    for text in [getattr(fig, "_suptitle", None), *fig.texts]:
        if isinstance(text, Text) and text.get_transform() == fig.transFigure:
            x, y = text.get_position()
            text.set_position((x, moved(y)))
    for legend in fig.legends:
        box = legend.get_bbox_to_anchor().transformed(fig.transFigure.inverted())
        stretch = height / new_height
        legend.set_bbox_to_anchor((box.x0, moved(box.y0), box.width, box.height * stretch), transform=fig.transFigure)
    fig.set_size_inches(width, new_height)
