"""The page of a map: its size, title, subtitle and caption, and trimming unused room.

A map's figure is sized before anything is drawn: the title's lines, the map at the
frame's aspect and the most lines its caption can take (:func:`caption_reserve`). Once
the labels are placed and the caption is known, the unused caption room is cut off the
bottom (:func:`trim`), every axes and text keeping its place on the page.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from ..aggregate import FEW_RECORDS
from ..mapspec import MapSpec, few_record_note, few_record_regions, other_note, unplaced_caption, weight_skipped_caption
from ._places import NUMBER_ABOVE
from ._style import (
    CAPTION_LINE_MM,
    MAX_HEIGHT_MM,
    TEXT_PT,
    caption_width,
    clean_name,
    inches,
    new_figure,
    plain,
    word_width,
    wrap_text,
)
from .drawing import Layer

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "MIN_MAP_SCALE",
    "MapPage",
    "caption_reserve",
    "caption_text",
    "map_page",
    "map_scale",
    "trim",
    "write_caption",
]

#: The least a map is narrowed to fit its page's height (:func:`map_scale`): smaller, its symbols and labels crowd.
MIN_MAP_SCALE = 0.7


#: Binds the words of a name while a caption line is wrapped (a no-break space never written as such).
_BIND = "\u2060\u00a0"


class MapPage(NamedTuple):
    """A new map figure: the figure, its map frame, and where its caption starts (figure fraction)."""

    figure: Figure
    ax: Axes
    caption_left: float
    caption_top: float


def caption_text(
    spec: MapSpec, extra: list[str], key: list[str], width_pt: float, *, categories: bool = False, shaded: bool = False
) -> str:
    """Return the caption: source, what is not shown, ``extra`` lines, regions of few records, the key; wrapped.

    ``categories``: the figure draws the records' categories (symbols or pies with a category
    key); only then does the caption say which categories "Other" holds. ``shaded``: the
    regions are shaded by their value; only then does it say which records a weight's sums leave out.
    """
    lines = [spec.source]
    lines.append(unplaced_caption(spec))
    if shaded:
        lines.append(weight_skipped_caption(spec))
    lines += [e for e in extra if e]
    if categories:  # a choropleth or a density map shows no "Other" to explain
        lines.append(other_note(spec))
    wrapped = [wrap_text(clean_name(line, 4000), width_pt) for line in lines if line]
    few = few_record_regions(spec)
    if few:  # a region's name is never cut across lines: bound while wrapped, plain spaces after
        bound = ", ".join(name.replace(" ", _BIND) for name in few)
        # said in words: no "*" on the map would point at these regions (they are outlined, as the legend says)
        note = spec.texts[few_record_note(spec)].format(k=FEW_RECORDS, names=bound).lstrip("* ")
        line = wrap_text(clean_name(note, 4000), width_pt)
        wrapped.append(line.replace(_BIND, " "))
    if key:
        sep = "\u00a0; " if spec.lang == "fr" else "; "  # French sets a no-break space before ";"
        counted = spec.texts["labelled_value"].format(label="", value="")  # ": ", "\u00a0: "
        title = spec.texts["key"]
        if any(counted not in k for k in key):  # a place keyed without its count has one record: say so
            title = spec.texts["key_one"].format(key=title, one=spec.texts["one_record"])
        line = spec.texts["labelled_value"].format(label=title, value=sep.join(key)) + "."
        wrapped.append(wrap_text(clean_name(line, 4000), width_pt))
    return "\n".join(wrapped)


def trim(fig: Figure, mm: float) -> float | None:
    """Cut ``mm`` off the bottom of a figure (add room if negative), every axes and text kept at its place.

    Returns
    -------
    float or None
        The ratio of the old height to the new (None when nothing changed): a position
        ``y`` (figure fraction) placed before is now at ``1 - (1 - y) * ratio``.
    """
    if mm == 0:
        return None
    w, h = fig.get_size_inches()
    new_h = h - inches(mm)
    ratio = float(h / new_h)
    for ax in fig.axes:
        x0, y0, width, height = ax.get_position().bounds
        top = 1 - (1 - (y0 + height)) * ratio
        ax.set_position((x0, top - height * ratio, width, height * ratio))
    for text in [*fig.texts, getattr(fig, "_suptitle", None)]:
        if text is not None:
            x, y = text.get_position()
            text.set_position((x, 1 - (1 - y) * ratio))
    fig.set_size_inches(w, new_h)
    return ratio


def _map_title(spec: MapSpec, width_mm: float, *, shaded: bool) -> str:
    """Return the map's title; a per-capita choropleth's says what it shows, on a second line if need be."""
    if not (shaded and spec.value == "per-capita"):
        return plain(spec.title)
    what = spec.legend_title()
    joined = spec.texts["labelled_value"].format(label=spec.title, value=what[:1].lower() + what[1:])
    if word_width(joined, 9) * 1.12 <= caption_width(width_mm):  # bold type is about 12% wider
        return plain(joined)
    return plain(f"{spec.title}\n{what}")


def map_page(
    spec: MapSpec,
    ext: tuple[float, float, float, float],
    *,
    width_mm: float,
    caption_lines: int,
    shaded: bool,
    scale: float = 1.0,
) -> MapPage:
    """Make a map's figure: title (and subtitle), the map frame at the extent's aspect, room for the caption.

    The figure is ``width_mm`` wide and at most :data:`MAX_HEIGHT_MM` tall; a map too tall
    for it is narrowed, centred. ``scale`` narrows the map further, centred (its height with
    it): the second drawing of a map whose legends under it made the page too tall
    (:func:`map_scale`).
    """
    title = _map_title(spec, width_mm, shaded=shaded)
    aspect = (ext[3] - ext[2]) / (ext[1] - ext[0])
    extra_mm = 4.2 * title.count("\n")
    title_mm = (12.5 if spec.subtitle else 8.5) + extra_mm
    caption_mm = 2.0 + CAPTION_LINE_MM * caption_lines
    map_w = width_mm - 3
    map_h = map_w * aspect
    room = MAX_HEIGHT_MM - title_mm - caption_mm - 1
    if map_h > room:
        map_h, map_w = room, room / aspect
    map_h, map_w = map_h * scale, map_w * scale
    height = title_mm + map_h + caption_mm + 1
    fig = new_figure(width_mm, height)
    left = (width_mm - map_w) / 2 / width_mm
    ax = fig.add_axes((left, caption_mm / height, map_w / width_mm, map_h / height), gid="map")
    fig.suptitle(title, x=left, y=1 - 2 / height, ha="left", va="top", fontsize=9, fontweight="bold")
    if spec.subtitle:
        fig.text(
            left,
            1 - (7.0 + extra_mm) / height,
            spec.subtitle,
            ha="left",
            va="top",
            fontsize=7,
            color="#333333",
            gid="subtitle",
            parse_math=False,
        )
    return MapPage(fig, ax, 1.5 / width_mm, (caption_mm - 1.2) / height)  # wrapped to the page, not the map


def map_scale(fig: Figure, ax: Axes, scale: float = 1.0) -> float | None:
    """Return the scale of the map frame ``ax`` (drawn at ``scale``) at which its page fits :data:`MAX_HEIGHT_MM`.

    None when the page fits. The legends and caption under the map keep their height (they
    are as wide as the page, :func:`~._legends.below_span`), so the map's height gives up all
    the page's excess, and 2 mm to spare for a caption that gains a line. A map that would
    need narrowing below :data:`MIN_MAP_SCALE` is narrowed to it (the page comes closer to
    fitting; :func:`~._fit.fit_page` says if it still does not); None when it is drawn at
    that scale already.
    """
    height_mm = float(fig.get_size_inches()[1]) * 25.4
    excess = height_mm - MAX_HEIGHT_MM
    if excess <= 0:
        return None
    map_mm = ax.get_position().height * height_mm
    smaller = max(MIN_MAP_SCALE, scale * (map_mm - excess - 2.0) / map_mm)
    return smaller if smaller < scale - 0.01 else None


def caption_reserve(
    spec: MapSpec,
    layer: Layer | None,
    width_pt: float,
    *,
    labelled: bool,
    categories: bool = False,
    shaded: bool = False,
) -> int:
    """Return the most lines the caption can take (the key is known only after placement).

    ``categories`` and ``shaded`` as in :func:`caption_text`.
    """
    reserve_key: list[str] = []
    extra = [spec.texts["labelled"].format(k=0, n=0)] if labelled else []
    if layer is not None and labelled and len(layer.places) > NUMBER_ABOVE:
        # The longest the key can be: every place numbered, the longest first, and a line to spare for the
        # wrapping of another order (the figure is trimmed afterwards).
        longest = sorted(layer.keys, key=len, reverse=True)
        reserve_key = [f"{j + 1} {text}" for j, text in enumerate(longest)]
    spare = 1 if reserve_key else 0
    text = caption_text(spec, extra, reserve_key, width_pt, categories=categories, shaded=shaded)
    return text.count("\n") + 1 + spare


def write_caption(page: MapPage, text: str, reserved_lines: int) -> None:
    """Trim the caption room left unused and write the caption under the map."""
    ratio = trim(page.figure, (reserved_lines - (text.count("\n") + 1)) * CAPTION_LINE_MM)
    top = page.caption_top if ratio is None else 1 - (1 - page.caption_top) * ratio
    page.figure.text(
        page.caption_left,
        top,
        text,
        fontsize=TEXT_PT,
        color="#333333",
        ha="left",
        va="top",
        gid="source-line",
        parse_math=False,
        linespacing=1.25,
    )
