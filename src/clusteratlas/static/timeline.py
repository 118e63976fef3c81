"""The timeline: records created per year by category, the cumulative count, and a map per period."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd

from ..aggregate import Periods, period_label
from ..aggregate import periods as fit_periods
from ..errors import InputError
from ..mapspec import DENSITY_PLACES, MapSpec, place_count
from ._basemap import extent
from ._layout import caption_text, trim
from ._legends import legend_handles, pattern_rule
from ._places import SYMBOL_MAX_PT, UNCERTAIN_MARKER
from ._style import (
    CAPTION_LINE_MM,
    MAX_HEIGHT_MM,
    TEXT_PT,
    WIDTH_MM,
    caption_width,
    new_figure,
    plain,
    renderer_of,
    styled,
    thousands,
    word_width,
    wrap_text,
)
from ._timeline_maps import (
    EDGE_MM,
    GROUP_LEVELS,
    KEY_CLASSES,
    LEADER_MAX_PT,
    PERIOD_TITLE_PT,
    SMALL_MAP_MM,
    SMALL_MAP_TOLERANCE,
    SYMBOL_SCALE,
    SYMBOLS_PER_MM,
    ZOOM_MARGIN,
    ZOOM_SHARE,
    PanelPlan,
    draw_size_key,
    key_columns,
    period_counts,
    period_extent,
    period_maps,
    period_splits,
    square_label,
    titles_mm,
)
from ._timeline_years import cumulative_panel, fit_left, tick_years, year_bars
from .drawing import Drawing, PeriodMap, TimelineRecord

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "COLUMN_GAP_EM",
    "GROUP_LEVELS",
    "LEADER_MAX_PT",
    "PERIODS",
    "PERIOD_MAPS_BOTTOM",
    "PERIOD_TITLE_PT",
    "SMALL_MAP_MM",
    "SMALL_MAP_TOLERANCE",
    "SYMBOLS_PER_MM",
    "ZOOM_MARGIN",
    "ZOOM_SHARE",
    "draw_timeline",
    "period_extent",
    "plot_timeline",
]

#: Periods of a timeline whose records have no year at all.
PERIODS = ((2010, 2014), (2015, 2019), (2020, 2023))
#: Bottom of the period maps (figure fraction) of the one-row layout before the grid (:func:`_page`); kept for callers.
PERIOD_MAPS_BOTTOM = 0.06
#: The page, in mm: the title's line, the year bars' and cumulative panels' heights (as a share of the
#: width, within bounds), the room left of them for counts and axis titles and under them for the years,
#: the gaps between maps, the caption's room before it grows (a period map's title takes what its lines need).
TITLE_MM = 8.0
BARS_SHARE, BARS_MM = 0.2, (20.0, 36.0)
CUMULATIVE_SHARE = 0.4
AXIS_LEFT_MM = 19.0
YEARS_MM = 10.0
MAP_GAP_MM = 2.0
CAPTION_MM = 9.0
#: Below this width (mm) the category legend goes under the year panels, else beside them.
NARROW_MM = 120.0
#: Room a legend entry takes (mm): its line's height, and its width at most (swatch and "Sector A (1,234)").
LEGEND_LINE_MM = 3.6
LEGEND_ENTRY_MM = 27.0
#: The category legend's height, as drawn at 7 pt (mm): its title, an entry, each line more of a wrapped entry
#: (measured: 13 entries 52.8 mm, 3 entries 14.2 mm, three lines more 10.9 mm; the lines' estimate was 0.9 mm
#: short at 84 mm, where the legend touched the period titles, and 3.5 mm long on wrapped entries).
LEGEND_TITLE_MM = 2.7
LEGEND_ROW_MM = 3.86
LEGEND_WRAP_MM = 3.62
#: Room kept for the period maps' size key (mm): its largest circle or its three labels, and a little air.
SIZE_KEY_MM = 3 * LEGEND_LINE_MM
#: Gap between the category legend's columns (em) when narrow.
COLUMN_GAP_EM = 1.0


Box = tuple[float, float, float, float]


@dataclass(frozen=True)
class _Page:
    """The timeline's page: its size and where each part goes, in mm from the top left corner.

    A box is ``(left, top, width, height)``; :meth:`rect` turns one into a figure fraction.
    """

    width: float
    height: float
    title: str
    bars: Box
    cumulative: Box
    legend: tuple[float, float]
    legend_cols: int
    key: tuple[float, float]
    maps: tuple[Box, ...]
    key_cols: int = 3

    def rect(self, b: Box) -> Box:
        """Return a box as matplotlib's axes rectangle (figure fractions from the bottom left)."""
        x, top, w, h = b
        return (x / self.width, 1 - (top + h) / self.height, w / self.width, h / self.height)

    def point(self, x: float, top: float) -> tuple[float, float]:
        """Return a point as a figure fraction."""
        return (x / self.width, 1 - top / self.height)


def _page(
    spec: MapSpec,
    width_mm: float,
    titles: list[tuple[str, int, int]],
    dense: bool,
    caption_mm: float = CAPTION_MM,
    legend_mm: float | None = None,
    beside: float | None = None,
    squares: int = 0,
) -> _Page:
    """Lay the timeline out at ``width_mm``: the year panels, the legends, then a map per period as large as fit.

    ``titles``: each period's label, placed records and records, whose titles take one line
    or two over their maps (:func:`._timeline_maps.titles_mm`). ``legend_mm``: the category
    legend's height as drawn, else estimated (:func:`_legend_mm`). The maps go in the grid
    of columns that makes them largest with the page at most :data:`MAX_HEIGHT_MM` high;
    the page is as high as what it holds. ``beside``: where (mm from the left) the symbols'
    size key goes beside the category legend, at its top, when it fits there (else under it).
    ``squares``: records drawn as hatched squares on density maps, whose key line(s) go under
    the density key.
    """
    title = plain(spec.texts["labelled_value"].format(label=spec.title, value=spec.texts["per_year"].lower()))
    title = wrap_text(title, (width_mm - 4) * 72 / 25.4 / 1.15, 9)  # bold type is 12-15% wider
    y = 3.0 + 4.2 * (title.count("\n") + 1) + 1.0
    narrow = width_mm < NARROW_MM
    bars_h = float(np.clip(BARS_SHARE * width_mm, *BARS_MM))
    panel_w = width_mm - AXIS_LEFT_MM - 3 if narrow else 0.55 * width_mm - AXIS_LEFT_MM
    bars = (AXIS_LEFT_MM, y, panel_w, bars_h)
    cumulative = (AXIS_LEFT_MM, y + bars_h + 3, panel_w, CUMULATIVE_SHARE * bars_h)
    below = cumulative[1] + cumulative[3] + YEARS_MM
    cols = max(1, int((width_mm - 4) // LEGEND_ENTRY_MM)) if narrow else 1
    legend = (2.0, below) if narrow else (0.62 * width_mm, y)
    estimate = _legend_mm(spec, _legend_room(width_mm, legend[0], cols), cols, flags=not dense)
    # the tallest column: the categories (a long name on two lines or more), the rule; measured before drawing, a
    # legend with a marker's row (the diamond) came out 2.3 mm shorter than drawn: the larger of the two
    if legend_mm is None or (not dense and _diamond(spec)):
        legend_mm = max(legend_mm or 0.0, estimate)
    legend_end = legend[1] + legend_mm
    # 2.5 mm under the legend beside the panels: hinted type (a screen's) sets it 2.2 mm taller than measured
    key = (2.0, legend_end + 1) if narrow else (0.62 * width_mm, legend_end + 2.5)
    key_cols = key_columns(spec, width_mm - EDGE_MM - key[0])  # beside the year panels, never across them
    key_end = key[1] + (_density_key_mm(spec, key_cols, squares, width_mm - EDGE_MM - key[0]) if dense else 0)
    top = max(below, legend_end, key_end) + 1 if not narrow else key_end + 1
    maps, height = _grid(width_mm, top, len(titles), _aspect(), caption_mm, lambda w: titles_mm(spec, titles, w))
    if not dense and len(spec.points) > place_count(spec.points):  # symbols of more than one size: their key
        key, top = _size_key_at(spec, maps, key if beside is None else (beside, legend[1]), top, free=beside is None)
        maps, height = _grid(width_mm, top, len(titles), _aspect(), caption_mm, lambda w: titles_mm(spec, titles, w))
    return _Page(width_mm, height, title, bars, cumulative, legend, cols, key, maps, key_cols)


def _size_key_at(
    spec: MapSpec, maps: tuple[Box, ...], key: tuple[float, float], top: float, *, free: bool
) -> tuple[tuple[float, float], float]:
    """Return where the size key goes (mm, its upper left) and the maps' top.

    In the maps' empty cell when ``free`` (not beside the legend) and the cell is wide enough
    for it; else at ``key``, the maps under it.
    """
    cell = _empty_cell(maps)
    if free and cell[2] >= _size_key_mm(spec):
        return (cell[0], cell[1]), top
    return key, max(top, key[1] + SIZE_KEY_MM + 1)


def _empty_cell(maps: tuple[Box, ...]) -> tuple[float, float, float]:
    """Return the left, top and width (mm) of the cell after the last map, when its row has room for one more map."""
    cols = sum(1 for b in maps if b[1] == maps[0][1])
    last = maps[-1]
    return (last[0] + last[2] + MAP_GAP_MM, last[1], last[2]) if len(maps) % cols else (0.0, 0.0, 0.0)


def _density_key_mm(spec: MapSpec, cols: int, squares: int, room_mm: float) -> float:
    """Return the room (mm) the density key takes in ``cols`` columns, with the squares' key under it if any."""
    lines = 1 + math.ceil(KEY_CLASSES / cols)
    if squares:  # the squares' entry, as wrapped to ``room_mm``
        lines += square_label(spec, squares, room_mm).count("\n") + 1
    return LEGEND_LINE_MM * lines


def _diamond(spec: MapSpec) -> list[Any]:
    """Return the legend's entries for the period maps' diamonds and squares, if any.

    A diamond is a low-confidence place; a square, records placed only at a province or
    region (drawn so at the places' level, as on the points map).
    """
    shapes = (UNCERTAIN_MARKER, "s")
    return [h for h in legend_handles(spec, ("flags",)) if getattr(h, "get_marker", lambda: "")() in shapes]


def _hide_undrawn_flags(fig: Figure, maps: tuple[PeriodMap, ...]) -> None:
    """Hide the category legend's diamond or square when no period map drew one (groups are circles).

    They are the legend's last entries: hiding them leaves no gap between others.
    """
    drawn = [m.frame.layer.places for m in maps if m.frame.layer is not None]
    flags = {UNCERTAIN_MARKER: "uncertain", "s": "coarse"}
    for legend in fig.legends:
        for handle, text in zip(legend.legend_handles, legend.get_texts(), strict=False):
            flag = flags.get(str(getattr(handle, "get_marker", lambda: "")()))
            if handle is not None and flag is not None and not any(bool(p[flag].any()) for p in drawn if flag in p):
                handle.set_visible(False)
                text.set_visible(False)


def _size_key_mm(spec: MapSpec) -> float:
    """Return the widest the period maps' size key can be (mm): its largest circle, ticks and longest label."""
    label = spec.texts["n_records"].format(n=thousands(len(spec.points), spec.lang))
    return float((2 * SYMBOL_MAX_PT * SYMBOL_SCALE + 7.5 + word_width(label, TEXT_PT) * 1.03) * 25.4 / 72)


def _legend_room(width_mm: float, left_mm: float, cols: int) -> float:
    """Return the width (pt) of a category legend entry's text: its column less the swatch (and the columns' gap)."""
    room_mm = width_mm - left_mm - 2 if cols == 1 else (width_mm - 4) / cols
    handle = 2.8 if cols == 1 else 2.8 + COLUMN_GAP_EM  # matplotlib's handle and pad, 2 and 0.8 em; the columns' gap
    return float(room_mm * 72 / 25.4 - handle * TEXT_PT)


def _legend_mm(spec: MapSpec, room_pt: float, cols: int, *, flags: bool = False) -> float:
    """Return the category legend's height (mm): its title and its tallest column, each entry wrapped to ``room_pt``.

    Matplotlib fills the columns in order (``numpy.array_split``: the first ones take one
    entry more); the patterns' rule comes last. A column is :data:`LEGEND_ROW_MM` per entry
    and :data:`LEGEND_WRAP_MM` per line an entry is wrapped onto.
    """
    count = thousands(len(spec.records), spec.lang)  # the largest count an entry can show
    labels = (plain(f"{spec.group_name(c)} ({count})") for c in spec.colors)
    rule = [str(h.get_label()) for h in pattern_rule(spec)]  # "Patterns tell categories apart in grey"
    rule += [str(h.get_label()) for h in _diamond(spec)] if flags else []
    lines = np.array([wrap_text(label, room_pt).count("\n") + 1 for label in [*labels, *rule]])
    tallest = max(LEGEND_ROW_MM * len(c) + LEGEND_WRAP_MM * (c.sum() - len(c)) for c in np.array_split(lines, cols))
    return LEGEND_TITLE_MM + float(tallest)


def _aspect() -> float:
    """Return the period maps' height over width (the frame of every region)."""
    ext = extent("frame")
    return float((ext[3] - ext[2]) / (ext[1] - ext[0]))


def _grid(
    width_mm: float,
    top: float,
    count: int,
    aspect: float,
    caption_mm: float = CAPTION_MM,
    title_mm: Callable[[float], float] = lambda _w: 7.5,
) -> tuple[tuple[Box, ...], float]:
    """Return ``count`` map boxes under ``top`` in the grid that makes them largest, and the page's height.

    ``title_mm`` gives the room a map's title takes over it at a map's width (mm);
    ``caption_mm`` is kept under the maps for the caption, so that the page stays within
    :data:`MAX_HEIGHT_MM` with it.
    """
    best = (0.0, 1, 1, 0.0)
    room = MAX_HEIGHT_MM - top - caption_mm
    for cols in range(1, max(count, 1) + 1):
        rows = math.ceil(count / cols)
        size = across = (width_mm - 2 - (cols - 1) * MAP_GAP_MM) / cols
        above = 0.0
        while size > 0 and title_mm(size) > above:  # a narrower map may wrap its title onto one more line
            above = title_mm(size)
            size = min(across, (room / rows - above - MAP_GAP_MM) / aspect)
        if size > best[0]:
            best = (size, cols, rows, above)
    size, cols, rows, above = best
    left = (width_mm - cols * size - (cols - 1) * MAP_GAP_MM) / 2
    step = above + size * aspect + MAP_GAP_MM
    boxes = tuple(
        (left + (j % cols) * (size + MAP_GAP_MM), top + (j // cols) * step + above, size, size * aspect)
        for j in range(count)
    )
    return boxes, top + rows * step + caption_mm


def plot_timeline(
    spec: MapSpec,
    fig: Figure | None = None,
    *,
    width_mm: float = WIDTH_MM,
    periods: tuple[tuple[int, int], ...] | None = None,
) -> Figure:
    """Draw records created per year by category, the cumulative count in its own panel, and a map per period.

    Returns
    -------
    matplotlib Figure
        Top left: bars per year; under them, sharing the years, the cumulative count;
        bottom: one map of every region per period with every record created in it. The
        record of what was drawn comes with :func:`draw_timeline`.
    """
    return timeline_drawing(spec, fig, width_mm=width_mm, periods=periods).figure


def draw_timeline(spec: MapSpec, *, width_mm: float = WIDTH_MM, south: str = "frame") -> Drawing[TimelineRecord]:
    """Draw the ``timeline`` figure in the house style on a new figure; return it and its record.

    ``south`` is taken for the signature every figure kind shares: the period maps always
    show every region in one frame.

    A page taller than :data:`MAX_HEIGHT_MM` (its caption grew by the period maps' grouping
    note, known once they are drawn) is drawn again with that much more room kept for the
    caption: the maps give it up. Period maps grouped by province or region draw neither
    diamonds nor squares: their key entries, kept room for, are left out and the page drawn
    again without them (:func:`_unkeyed`).
    """
    with styled():
        caption = _caption(spec, width_mm, int(_years(spec).isna().sum()))  # composed once for every drawing
        drawing, spare = timeline_drawing(spec, None, width_mm=width_mm, periods=None, composed=caption), 0.0
        spec, drawing = _unkeyed(spec, drawing, width_mm, caption)
        for _ in range(3):  # the maps' grid changes by steps: once or twice more, with what is still over
            excess = float(drawing.figure.get_size_inches()[1]) * 25.4 - MAX_HEIGHT_MM
            if excess <= 0.05:
                break
            spare += excess + 0.5
            drawing = timeline_drawing(spec, None, width_mm=width_mm, periods=None, spare_mm=spare, composed=caption)
        return drawing


def _unkeyed(
    spec: MapSpec, drawing: Drawing[TimelineRecord], width_mm: float, caption: _Caption
) -> tuple[MapSpec, Drawing[TimelineRecord]]:
    """Return the spec and drawing without the legend's diamond and square when the period maps drew none.

    Drawn again from a spec whose records carry no such flag; kept only if its maps are
    grouped too (else they would draw circles where diamonds and squares belong).
    """
    flagged = [f for f in ("uncertain", "coarse") if f in spec.points and bool(spec.points[f].any())]
    if drawing.record.density is not None or not flagged or drawing.record.level == "place":
        return spec, drawing
    plain_spec = replace(spec, points=spec.points.assign(**dict.fromkeys(flagged, False)))
    other = timeline_drawing(plain_spec, None, width_mm=width_mm, periods=None, composed=caption)
    return (plain_spec, other) if other.record.level != "place" else (spec, drawing)


def _years(spec: MapSpec) -> pd.Series:
    """Return the records' creation years (NaN where none), or raise when the table has no year column."""
    if "year" not in spec.records:
        msg = "a timeline needs a 'year' column (the creation year) in the records; add one or choose another `kind`."
        raise InputError(msg)
    return pd.to_numeric(spec.records["year"], errors="coerce")


def _fitted(spec: MapSpec, periods: tuple[tuple[int, int], ...] | None) -> Periods:
    """Return the spec's periods, those starting at ``periods``' first years, or periods fitted to the years."""
    if periods is None:
        return spec.periods if spec.periods is not None else fit_periods(spec.records)
    return fit_periods(spec.records, breaks=[a for a, _ in periods])


def timeline_drawing(
    spec: MapSpec,
    fig: Figure | None,
    *,
    width_mm: float,
    periods: tuple[tuple[int, int], ...] | None,
    spare_mm: float = 0.0,
    composed: _Caption | None = None,
) -> Drawing[TimelineRecord]:
    """Draw a timeline on ``fig`` or a new figure (:func:`plot_timeline`); return it and its record.

    ``spare_mm`` more is kept for the caption, under the maps (:func:`draw_timeline`);
    ``composed``: the caption as composed for this width (:func:`_caption`), else composed here.
    """
    years = _years(spec)
    fitted = _fitted(spec, periods)
    bounds = fitted.bounds or PERIODS
    span = _span(years, bounds)
    if fig is not None:  # a given figure keeps its width; the page is laid out at it, as high as it needs
        width_mm = float(fig.get_size_inches()[0]) * 25.4
    unknown = int(years.isna().sum())
    caption = composed or _caption(spec, width_mm, unknown)  # composed once: its room reserved, then written
    caption = caption._replace(mm=caption.mm + spare_mm)
    counts = period_counts(spec, bounds, fitted.labels)
    titles = [(period_label(a, b), len(sel), n) for (a, b), (sel, n) in zip(bounds, counts, strict=True)]
    dense = place_count(spec.points) > DENSITY_PLACES
    splits = period_splits(spec, counts)  # once: the hexagons, the squares and their key
    squares = sum(len(coarse) for _, coarse in splits or [])
    page = _page(spec, width_mm, titles, dense, caption.mm, squares=squares)
    if fig is None:
        fig = new_figure(width_mm, page.height)
    fig.set_size_inches(page.width / 25.4, page.height / 25.4)
    fig.suptitle(page.title, x=0.01, y=page.point(0, 2.5)[1], ha="left", va="top", fontsize=9, fontweight="bold")
    legend_mm, legend_right = _year_panels(fig, spec, years, span, page)
    beside = legend_right + 3 if legend_right + 3 + _size_key_mm(spec) <= width_mm - EDGE_MM else None
    drawn = _page(spec, width_mm, titles, dense, caption.mm, legend_mm, beside, squares)
    if drawn.height != page.height:  # the maps laid out under the legend as drawn, not as estimated
        _grow(fig, drawn.height - page.height)
    page = drawn
    panels = PanelPlan([page.rect(m) for m in page.maps], page.maps[0][2], page.point(*page.key), page.key_cols)
    maps, density, level = period_maps(fig, spec, bounds, counts, panels, splits)
    _hide_undrawn_flags(fig, maps)
    text = _write_caption(fig, caption, _grouping(spec, maps, level), page.width)  # the squares: in the density key
    if density is None:  # the symbols' sizes, keyed where a density's key goes, on the page as the caption left it
        height_mm = float(fig.get_size_inches()[1]) * 25.4
        draw_size_key(fig, spec, maps, (page.key[0] / page.width, 1 - page.key[1] / height_mm))
    record = TimelineRecord(
        years=tuple(int(y) for y in span), undated=unknown, periods=maps, caption=text, density=density, level=level
    )
    return Drawing(fig, record)


def _span(years: pd.Series, bounds: tuple[tuple[int, int], ...]) -> np.ndarray:
    """Return the years the panels show: every year of the records and of the periods."""
    known = years.dropna()
    lo = int(min(known.min(), bounds[0][0])) if len(known) else bounds[0][0]
    hi = int(max(known.max(), bounds[-1][1] - 1)) if len(known) else bounds[-1][1]
    return np.arange(lo, hi + 1)


def _no_year(spec: MapSpec, unknown: int) -> list[str]:
    """Return the caption's line on records without a year, if any."""
    return [spec.texts["no_year"].format(n=unknown)] if unknown else []


def _grouping(spec: MapSpec, maps: tuple[PeriodMap, ...], level: str) -> list[str]:
    """Return the caption's line on period maps grouped by province or region: where a pie is, how big."""
    if level == "place":
        return []
    layers = [m.frame.layer for m in maps if m.frame.layer is not None]
    top = max(int(layer.places["n"].max()) for layer in layers)
    by = spec.texts["period_by_province" if level == "province_code" else "period_by_region"]
    return [spec.texts["period_grouped"].format(by=by, n=thousands(top, spec.lang))]


def _caption_mm(caption: str, height_mm: float) -> float:
    """Return the height a caption takes at the foot of a page ``height_mm`` high (its lines and margins)."""
    return CAPTION_LINE_MM * (caption.count("\n") + 1) + 1.0 + 0.008 * height_mm


class _Caption(NamedTuple):
    """The timeline's caption, composed once before the page is laid out: its text and the room (mm) kept for it."""

    text: str
    mm: float


def _caption(spec: MapSpec, width_mm: float, unknown: int) -> _Caption:
    """Compose the caption (source, what is not shown, undated records, "Other"); keep at least CAPTION_MM for it.

    The room has 1 mm to spare; the period maps' grouping note, known once they are drawn,
    is added by :func:`_write_caption`.
    """
    text = caption_text(spec, _no_year(spec, unknown), [], caption_width(width_mm), categories=True)
    return _Caption(text, max(CAPTION_MM, _caption_mm(text, MAX_HEIGHT_MM) + 1.0))


def _write_caption(fig: Figure, caption: _Caption, notes: list[str], width_mm: float) -> str:
    """Write the caption and ``notes`` under it at the bottom; return the text written.

    The period maps leave ``caption.mm`` for it; a longer one (a grouping note) makes the
    figure taller at the bottom (nothing moves or shrinks), so it never runs over the maps.
    """
    text = "\n".join([caption.text, *(wrap_text(note, caption_width(width_mm)) for note in notes)])
    need_mm = _caption_mm(text, fig.get_size_inches()[1] * 25.4)
    if need_mm > caption.mm - 1.0:
        _grow(fig, need_mm - caption.mm + 1.0)
    fig.text(
        0.01,
        0.008,
        text,
        fontsize=TEXT_PT,
        color="#333333",
        ha="left",
        va="bottom",
        gid="source-line",
        parse_math=False,
    )
    return text


def _grow(fig: Figure, mm: float) -> None:
    """Add ``mm`` at the bottom of the figure, every axes, text and legend kept at its place from the top.

    The legends are anchored at figure fractions: without this they slid down with a
    taller page, onto the period maps' titles.
    """
    to_fraction = fig.transFigure.inverted()
    anchors = [(legend, to_fraction.transform(legend.get_bbox_to_anchor().p0)) for legend in fig.legends]
    ratio = trim(fig, -mm)
    if ratio is None:
        return
    for legend, (x, y) in anchors:
        legend.set_bbox_to_anchor((float(x), 1 - (1 - float(y)) * ratio), transform=fig.transFigure)


def _year_panels(fig: Figure, spec: MapSpec, years: pd.Series, span: np.ndarray, page: _Page) -> tuple[float, float]:
    """Draw the bars of records per year by category, the cumulative count under them, and their legend.

    Returns the legend's height and its right edge (mm from the page's left) as drawn.
    """
    top = fig.add_axes(page.rect(page.bars))  # room at the left for "80,000" and the axis titles
    low = fig.add_axes(page.rect(page.cumulative), sharex=top)
    bottom = year_bars(top, spec, years, span)
    cumulative_panel(low, spec, span, np.cumsum(bottom))
    tick_years(low, span, fit_left([top, low]))  # the counts and axis titles whole, then the years as fit
    for panel in (top, low):
        panel.spines[["top", "right"]].set_visible(False)
    handles, labels = top.get_legend_handles_labels()
    rule = pattern_rule(spec)  # what the bars' patterns are for; every entry wrapped to the legend's column
    if place_count(spec.points) <= DENSITY_PLACES:  # the period maps' symbols: diamonds and squares
        rule += _diamond(spec)
    room_pt = _legend_room(page.width, page.legend[0], page.legend_cols)
    handles, labels = [*handles, *rule], [wrap_text(t, room_pt) for t in [*labels, *(h.get_label() for h in rule)]]
    legend = fig.legend(
        handles,
        labels,
        loc="upper left",
        bbox_to_anchor=page.point(*page.legend),
        frameon=False,
        title=plain(spec.category_title()),
        alignment="left",
        ncols=page.legend_cols,
        columnspacing=COLUMN_GAP_EM,
        borderaxespad=0,
        borderpad=0,
    )
    # columns from the title down: on the baseline, a column whose first entry took two lines pushed the others down
    legend._legend_handle_box.align = "top"  # type: ignore[attr-defined]
    drawn = legend.get_window_extent(renderer_of(top))
    return float(drawn.height / fig.dpi * 25.4), float(drawn.x1 / fig.dpi * 25.4)
