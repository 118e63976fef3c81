"""The figures' house style: sizes, type, colours, rc settings, text measured and wrapped.

Nothing here changes matplotlib's global state: :func:`styled` applies :data:`STYLE` for
the duration of a drawing (``matplotlib.rc_context``), and :func:`new_figure` builds a
:class:`matplotlib.figure.Figure` with its own Agg canvas, outside pyplot, so the caller's
figures and backend are untouched.
"""

from __future__ import annotations

import re
from contextlib import AbstractContextManager
from functools import cache
from typing import TYPE_CHECKING, Any, cast

from ..export import number
from ..mapspec import DENSITY_COLORS, RAMP

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "CAPTION_LINE_MM",
    "DENSITY_GREYS",
    "DENSITY_RAMP",
    "DETAIL_COLOR",
    "EMPTY_HATCH",
    "EMPTY_HATCH_COLOR",
    "FEW_HATCH",
    "FEW_HATCH_COLOR",
    "FEW_INSET_PT",
    "FEW_LINE",
    "FEW_LINE_COLOR",
    "FEW_LINE_WIDTH",
    "LAND",
    "MAX_HEIGHT_MM",
    "NAME_MAX",
    "NEIGHBOUR",
    "SEA",
    "STYLE",
    "TEXT_PT",
    "WIDTH_MM",
    "caption_width",
    "clean_name",
    "halo",
    "inches",
    "new_figure",
    "plain",
    "renderer_of",
    "root_figure",
    "styled",
    "thousands",
    "word_width",
    "wrap_text",
]

#: Default width: a two-column journal figure (Elsevier: 174 mm; Springer: 174 mm).
WIDTH_MM = 174.0
#: Tallest figure: a journal page's type area (Elsevier: 174 × 230 mm at most).
MAX_HEIGHT_MM = 230.0
#: Smallest type on any figure, in points at the figure's final size.
TEXT_PT = 7.0
#: Height of one caption line (7 pt type, line spacing 1.25: 8.75 pt).
CAPTION_LINE_MM = 3.1
#: Sea tint (the axes background), land without a value, neighbouring countries, the detail frame.
#: Sea and neighbours sit between the "0 / none" class and the lightest class in grey, apart
#: from both (CIEDE2000 >= 10.4 in colour, grey, deuteranopia and protanopia: CIELAB L* 82, where
#: 88.5 left the "0 / none" class 6.4 from them in grey).
SEA = "#becfdb"
LAND = "#ffffff"
NEIGHBOUR = "#ceccc7"
DETAIL_COLOR = "#262626"
#: Density ramp of records per hexagon (:data:`clusteratlas.mapspec.DENSITY_COLORS`): distinct from the grey choropleth.
DENSITY_RAMP = DENSITY_COLORS  # mapspec's classes, so that every renderer shades alike
#: Density ramp of a figure that also draws category colours (the timeline's bars, over blank
#: land): the choropleth's greys, which no category colour is (CIEDE2000 >= 20.6 from each of
#: :data:`~clusteratlas.mapspec.PALETTE`'s twelve in colour, >= 7.3 from the first seven under
#: deuteranopia and protanopia), where :data:`DENSITY_RAMP`'s first class is 3.2 from Okabe-Ito's
#: orange (the first category, "Aeronautics" in the review) and its second 6.4 from its vermillion.
DENSITY_GREYS = RAMP
#: Hatching formerly drawn over the regions whose per-capita value rests on fewer than
#: FEW_RECORDS records (it darkened their class); kept for callers that still name it.
FEW_HATCH = "////"
FEW_HATCH_COLOR = "#1a1a1a"
#: The outline that marks those regions instead, inside their border: dash-dot (zones are
#: solid, dashed or dotted), its colour, width (pt) and distance inside the border (pt).
FEW_LINE: Any = (0, (4.0, 1.5, 1.0, 1.5))
FEW_LINE_COLOR = "#1a1a1a"
FEW_LINE_WIDTH = 0.8
FEW_INSET_PT = 2.0
#: Hatching of the regions a location-quotient map has no records for (their fill is white,
#: the quotient's middle class near-white: the hatching tells them apart, in grey too).
EMPTY_HATCH = "xxx"
EMPTY_HATCH_COLOR = "#8c8c8c"
#: Names longer than this are cut with an ellipsis before they are measured or drawn.
NAME_MAX = 40

_ASCII_SPACE = re.compile(r"[ \t\r\n\f\v]+")

#: matplotlib settings of every figure, applied while it is drawn and saved (never globally).
STYLE: Any = {
    "font.family": "DejaVu Sans",
    "font.size": 7,
    "axes.titlesize": 7.5,
    "axes.labelsize": 7,
    "xtick.labelsize": TEXT_PT,
    "ytick.labelsize": TEXT_PT,
    "legend.fontsize": TEXT_PT,
    "legend.title_fontsize": 7,
    "svg.hashsalt": "clusteratlas",
    "svg.fonttype": "none",
    "pdf.fonttype": 42,
    "path.simplify": True,
    # Glyphs unhinted: Agg's hinting snaps small type to whole pixels, so that at a low dpi (110)
    # a line measured at another grows by up to 1.5 mm and runs off the page; unhinted, a text's
    # width is the same on paper at every dpi (72-1200), as it is measured (:func:`word_width`).
    "text.hinting": "no_hinting",
}


def styled() -> AbstractContextManager[Any]:
    """Return a context in which :data:`STYLE` applies; the caller's settings come back on exit."""
    import matplotlib as mpl

    return mpl.rc_context(STYLE)


def inches(mm: float) -> float:
    """Convert millimetres to inches."""
    return mm / 25.4


def new_figure(width_mm: float, height_mm: float) -> Figure:
    """Return a new figure of this size with an Agg canvas, not registered with pyplot."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=(inches(width_mm), inches(height_mm)))
    FigureCanvasAgg(fig)
    return fig


def root_figure(ax: Axes) -> Figure:
    """Return the figure ``ax`` is drawn on (the root figure, not a subfigure)."""
    return cast("Figure", ax.get_figure(root=True))


def renderer_of(ax: Axes) -> Any:
    """Return the renderer of the figure ``ax`` is drawn on, to measure what is drawn."""
    return cast(Any, root_figure(ax).canvas).get_renderer()


def clean_name(name: object, limit: int = NAME_MAX) -> str:
    """Return a name on one line, whitespace collapsed, cut with an ellipsis beyond ``limit`` characters.

    >>> clean_name("Cluster" + chr(10) + "  " + "x" * 100, 12)
    'Cluster xxx…'
    """
    text = " ".join(_words(str(name)[: 4 * limit]))
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _words(text: str) -> list[str]:
    """Split text at ASCII whitespace only: a no-break space (French ``:``, ``;``, numbers) binds its words."""
    return _ASCII_SPACE.split(text.strip(" \t\r\n\f\v")) if text.strip(" \t\r\n\f\v") else []


def plain(text: str) -> str:
    """Escape dollar signs so matplotlib never reads a name as mathtext (legend entries)."""
    return text.replace("$", r"\$")


def halo(width: float = 1.8) -> list[Any]:
    """Return the white outline drawn around text and furniture so they read over any background."""
    from matplotlib import patheffects

    return [patheffects.withStroke(linewidth=width, foreground="white")]


def thousands(n: int, lang: str) -> str:
    """Return ``n`` with thousands separators (a narrow no-break space in French)."""
    return number(n, lang)


#: Text is measured at 10 × 72 dpi (unhinted, as :data:`STYLE` draws it: the same width at every dpi).
_MEASURE_SCALE = 10


@cache
def _text_renderer() -> Any:
    from matplotlib.backends.backend_agg import RendererAgg

    return RendererAgg(10, 10, 72 * _MEASURE_SCALE)  # type: ignore[no-untyped-call]


@cache
def word_width(word: str, size: float) -> float:
    """Width in points of ``word`` in the figure font at ``size`` points (measured once per process)."""
    import matplotlib as mpl
    from matplotlib.font_manager import FontProperties

    prop = FontProperties(family=STYLE["font.family"], size=size)
    with mpl.rc_context({"text.hinting": STYLE["text.hinting"]}):  # as drawn, whoever calls first
        width, _, _ = _text_renderer().get_text_width_height_descent(word, prop, ismath=False)
    return float(width) / _MEASURE_SCALE


def _fit_word(word: str, width_pt: float, size: float) -> tuple[str, float]:
    """Return a word cut with an ellipsis until it fits on a line, and its width."""
    w = word_width(word, size)
    while w > width_pt and len(word) > 2:
        word = word[: max(1, int(len(word) * width_pt / w) - 2)] + "…"
        w = word_width(word, size)
    return word, w


def wrap_text(text: str, width_pt: float, size: float = TEXT_PT) -> str:
    """Wrap text into lines no wider than ``width_pt`` points, measured with the figure font.

    A word wider than a line is cut with an ellipsis.
    """
    space = word_width("a b", size) - word_width("ab", size)
    lines: list[str] = []
    current: list[str] = []
    used = 0.0
    for each in _words(text):
        word, w = _fit_word(each, width_pt, size)
        extra = w if not current else used + space + w
        if current and extra > width_pt:
            lines.append(" ".join(current))
            current, used = [word], w
        else:
            current.append(word)
            used = extra
    if current:
        lines.append(" ".join(current))
    return "\n".join(lines)


def caption_width(width_mm: float) -> float:
    """Usable caption width in points: the figure's width less margins, with 3% to spare for kerning."""
    return (width_mm - 5) / 25.4 * 72 * 0.97
