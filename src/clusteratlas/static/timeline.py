"""The timeline: records created per year by category, the cumulative count, and a map per period."""

from __future__ import annotations

import math
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..aggregate import Periods, period_label
from ..aggregate import periods as fit_periods
from ..errors import InputError
from ..mapspec import DENSITY_PLACES, UNKNOWN_COLOR, MapSpec, place_count
from ._basemap import draw_regions, extent, project_points, regions_bounds
from ._layout import caption_text, trim
from ._legends import category_patterns, density_handles, pattern_rule
from ._patterns import hatch_style
from ._places import SYMBOL_MAX_PT, SYMBOL_PT, draw_density, draw_symbols, place_layer, radius_pt, shade_density
from ._spread import spread
from ._style import (
    CAPTION_LINE_MM,
    MAX_HEIGHT_MM,
    TEXT_PT,
    WIDTH_MM,
    caption_width,
    new_figure,
    plain,
    renderer_of,
    root_figure,
    styled,
    thousands,
    wrap_text,
)
from .drawing import Density, Drawing, Frame, Layer, PeriodMap, TimelineRecord

if TYPE_CHECKING:
    from matplotlib.axes import Axes
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
#: a period map's title (two lines of 7 pt), the gaps between maps, the caption's room before it grows.
TITLE_MM = 8.0
BARS_SHARE, BARS_MM = 0.2, (20.0, 36.0)
CUMULATIVE_SHARE = 0.4
AXIS_LEFT_MM = 19.0
YEARS_MM = 10.0
MAP_TITLE_MM = 7.5
MAP_GAP_MM = 2.0
CAPTION_MM = 9.0
#: Below this width (mm) the category legend goes under the year panels, else beside them.
NARROW_MM = 120.0
#: Room a legend entry takes (mm): its line's height, and its width at most (swatch and "Sector A (1,234)").
LEGEND_LINE_MM = 3.6
LEGEND_ENTRY_MM = 27.0
#: Gap between the category legend's columns (em) when narrow.
COLUMN_GAP_EM = 1.0
#: Type size of the period maps' titles.
PERIOD_TITLE_PT = 7.0
#: Simplification of the period maps' shapes (metres), at least: 2 km is 0.03 mm on a 28 mm map; a
#: narrower map is simplified to :data:`SMALL_MAP_MM` on paper (smaller files: six panels of 100,000 records
#: made a 1 MB SVG), in steps of 500 m.
SMALL_MAP_TOLERANCE = 2_000.0
SMALL_MAP_MM = 0.1
#: Scale of the period maps' symbols (of the points map's) in a panel :data:`FULL_PANEL_MM` wide or wider;
#: narrower panels (more periods) scale grouped symbols down with the square root of their width.
SYMBOL_SCALE = 0.7
FULL_PANEL_MM = 55.0
#: Coarser groupings the period maps fall back on, finest first, when places do not fit: one pie per
#: province, then per region (the geocoded table's columns).
GROUP_LEVELS = ("province_code", "region_code")
#: Longest leader (pt) from a symbol moved apart to its true place, and the smallest group's radius (pt).
LEADER_MAX_PT = 12.0
GROUP_MIN_PT = 1.4
#: A symbol's reach beyond its radius (a diamond's corners), the room kept between two symbols and
#: between a symbol and the panel's edge (pt), and the rounds of pushing apart and pulling back inside.
SYMBOL_REACH = 1.25
GAP_PT = 0.6
EDGE_PT = 0.8
FIT_ROUNDS = 3
#: The period maps zoom to the regions holding records (and a margin of :data:`ZOOM_MARGIN` of their
#: larger side) when those take at most :data:`ZOOM_SHARE` of the whole map's area.
ZOOM_SHARE = 0.25
ZOOM_MARGIN = 0.08
#: Most symbols a period map holds per millimetre of its width: more do not read at that size (one
#: per 2 mm: 28 on a 57 mm panel, 14 on a 28 mm one), and the records are grouped more coarsely.
SYMBOLS_PER_MM = 0.5


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

    def rect(self, b: Box) -> Box:
        """Return a box as matplotlib's axes rectangle (figure fractions from the bottom left)."""
        x, top, w, h = b
        return (x / self.width, 1 - (top + h) / self.height, w / self.width, h / self.height)

    def point(self, x: float, top: float) -> tuple[float, float]:
        """Return a point as a figure fraction."""
        return (x / self.width, 1 - top / self.height)


def _page(spec: MapSpec, width_mm: float, count: int, dense: bool, caption_mm: float = CAPTION_MM) -> _Page:
    """Lay the timeline out at ``width_mm``: the year panels, the legends, then ``count`` maps as large as fit.

    The maps go in the grid of columns that makes them largest with the page at most
    :data:`MAX_HEIGHT_MM` high; the page is as high as what it holds.
    """
    title = plain(spec.texts["labelled_value"].format(label=spec.title, value=spec.texts["per_year"].lower()))
    title = wrap_text(title, (width_mm - 4) * 72 / 25.4 / 1.12, 9)  # bold type is about 12% wider
    y = 3.0 + 4.2 * (title.count("\n") + 1) + 1.0
    narrow = width_mm < NARROW_MM
    bars_h = float(np.clip(BARS_SHARE * width_mm, *BARS_MM))
    panel_w = width_mm - AXIS_LEFT_MM - 3 if narrow else 0.55 * width_mm - AXIS_LEFT_MM
    bars = (AXIS_LEFT_MM, y, panel_w, bars_h)
    cumulative = (AXIS_LEFT_MM, y + bars_h + 3, panel_w, CUMULATIVE_SHARE * bars_h)
    below = cumulative[1] + cumulative[3] + YEARS_MM
    cols = max(1, int((width_mm - 4) // LEGEND_ENTRY_MM)) if narrow else 1
    legend = (2.0, below) if narrow else (0.62 * width_mm, y)
    # the tallest column: the categories (a long name on two lines or more), the patterns' line (two lines)
    entries, wrapped = _legend_lines(spec, _legend_room(width_mm, legend[0], cols), cols)
    legend_end = legend[1] + (entries + 1 + wrapped) * LEGEND_LINE_MM  # its title, and a line when wrapped
    key = (2.0, legend_end + 1) if narrow else (0.62 * width_mm, legend_end + 2)
    key_end = key[1] + (3 * LEGEND_LINE_MM if dense else 0)
    top = max(below, legend_end, key_end) + 1 if not narrow else key_end + 1
    maps, height = _grid(width_mm, top, count, _aspect(), caption_mm)
    return _Page(width_mm, height, title, bars, cumulative, legend, cols, key, maps)


def _legend_room(width_mm: float, left_mm: float, cols: int) -> float:
    """Return the width (pt) of a category legend entry's text: its column less the swatch (and the columns' gap)."""
    room_mm = width_mm - left_mm - 2 if cols == 1 else (width_mm - 4) / cols
    handle = 2.8 if cols == 1 else 2.8 + COLUMN_GAP_EM  # matplotlib's handle and pad, 2 and 0.8 em; the columns' gap
    return float(room_mm * 72 / 25.4 - handle * TEXT_PT)


def _legend_lines(spec: MapSpec, room_pt: float, cols: int) -> tuple[int, int]:
    """Return the lines of the category legend's tallest column, each entry wrapped to ``room_pt``.

    Matplotlib fills the columns in order (``numpy.array_split``: the first ones take one
    entry more); the patterns' rule comes last. Second: 1 when a category's entry is wrapped
    (its lines are set a little further apart than entries), else 0.
    """
    count = thousands(len(spec.records), spec.lang)  # the largest count an entry can show
    labels = (plain(f"{spec.group_name(c)} ({count})") for c in spec.colors)
    rule = [str(h.get_label()) for h in pattern_rule(spec)]  # "Patterns tell categories apart in grey"
    lines = [wrap_text(label, room_pt).count("\n") + 1 for label in [*labels, *rule]]
    tallest = max(int(column.sum()) for column in np.array_split(np.array(lines), cols))
    return tallest, int(max(lines[: len(lines) - len(rule)], default=1) > 1)


def _aspect() -> float:
    """Return the period maps' height over width (the frame of every region)."""
    ext = extent("frame")
    return float((ext[3] - ext[2]) / (ext[1] - ext[0]))


def _grid(
    width_mm: float, top: float, count: int, aspect: float, caption_mm: float = CAPTION_MM
) -> tuple[tuple[Box, ...], float]:
    """Return ``count`` map boxes under ``top`` in the grid that makes them largest, and the page's height.

    ``caption_mm`` is kept under the maps for the caption, so that the page stays within
    :data:`MAX_HEIGHT_MM` with it.
    """
    best = (0.0, 1, 1)
    room = MAX_HEIGHT_MM - top - caption_mm
    for cols in range(1, max(count, 1) + 1):
        rows = math.ceil(count / cols)
        across = (width_mm - 2 - (cols - 1) * MAP_GAP_MM) / cols
        down = (room / rows - MAP_TITLE_MM - MAP_GAP_MM) / aspect
        size = min(across, down)
        if size > best[0]:
            best = (size, cols, rows)
    size, cols, rows = best
    left = (width_mm - cols * size - (cols - 1) * MAP_GAP_MM) / 2
    step = MAP_TITLE_MM + size * aspect + MAP_GAP_MM
    boxes = tuple(
        (left + (j % cols) * (size + MAP_GAP_MM), top + (j // cols) * step + MAP_TITLE_MM, size, size * aspect)
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
    """
    with styled():
        return timeline_drawing(spec, None, width_mm=width_mm, periods=None)


def _fitted(spec: MapSpec, periods: tuple[tuple[int, int], ...] | None) -> Periods:
    """Return the spec's periods, those starting at ``periods``' first years, or periods fitted to the years."""
    if periods is None:
        return spec.periods if spec.periods is not None else fit_periods(spec.records)
    return fit_periods(spec.records, breaks=[a for a, _ in periods])


def timeline_drawing(
    spec: MapSpec, fig: Figure | None, *, width_mm: float, periods: tuple[tuple[int, int], ...] | None
) -> Drawing[TimelineRecord]:
    """Draw a timeline on ``fig`` or a new figure (:func:`plot_timeline`); return it and its record."""
    records = spec.records
    if "year" not in records:
        msg = "a timeline needs a 'year' column (the creation year) in the records; add one or choose another `kind`."
        raise InputError(msg)
    years = pd.to_numeric(records["year"], errors="coerce")
    known = years.notna()
    fitted = _fitted(spec, periods)
    bounds = fitted.bounds or PERIODS
    lo = int(min(years[known].min(), bounds[0][0])) if known.any() else bounds[0][0]
    hi = int(max(years[known].max(), bounds[-1][1] - 1)) if known.any() else bounds[-1][1]
    span = np.arange(lo, hi + 1)
    dense = place_count(spec.points) > DENSITY_PLACES
    if fig is not None:  # a given figure keeps its width; the page is laid out at it, as high as it needs
        width_mm = float(fig.get_size_inches()[0]) * 25.4
    room = _caption_room(spec, width_mm, int((~known).sum()))
    page = _page(spec, width_mm, len(bounds), dense, room)
    if fig is None:
        fig = new_figure(width_mm, page.height)
    fig.set_size_inches(page.width / 25.4, page.height / 25.4)
    fig.suptitle(page.title, x=0.01, y=page.point(0, 2.5)[1], ha="left", va="top", fontsize=9, fontweight="bold")
    _year_panels(fig, spec, years, span, page)
    maps, density, level = _period_maps(fig, spec, bounds, fitted.labels, page)
    unknown = int((~known).sum())
    caption = _write_caption(fig, spec, [*_no_year(spec, unknown), *_grouping(spec, maps, level)], page.width, room)
    record = TimelineRecord(
        years=tuple(int(y) for y in span), undated=unknown, periods=maps, caption=caption, density=density
    )
    return Drawing(fig, record)


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


def _caption_room(spec: MapSpec, width_mm: float, unknown: int) -> float:
    """Return the caption's height (mm), at least CAPTION_MM (a grouping note, drawn later, may add a line)."""
    caption = caption_text(spec, _no_year(spec, unknown), [], caption_width(width_mm), categories=True)
    return max(CAPTION_MM, _caption_mm(caption, MAX_HEIGHT_MM) + 1.0)  # the 1 mm _write_caption keeps spare


def _write_caption(fig: Figure, spec: MapSpec, extra: list[str], width_mm: float, room_mm: float = CAPTION_MM) -> str:
    """Write the caption at the bottom, making the figure taller if it needs more than the room left for it."""
    # the bars are coloured by category, "Other" among them: the caption says what it holds
    caption = caption_text(spec, extra, [], caption_width(width_mm), categories=True)
    # The period maps leave ``room_mm`` for the caption; a longer one makes the figure
    # taller at the bottom (nothing moves or shrinks), so it never runs over the maps.
    height_mm = fig.get_size_inches()[1] * 25.4
    need_mm = _caption_mm(caption, height_mm)
    if need_mm > room_mm - 1.0:
        trim(fig, room_mm - 1.0 - need_mm)
    fig.text(
        0.01,
        0.008,
        caption,
        fontsize=TEXT_PT,
        color="#333333",
        ha="left",
        va="bottom",
        gid="source-line",
        parse_math=False,
    )
    return caption


def _year_panels(fig: Figure, spec: MapSpec, years: pd.Series, span: np.ndarray, page: _Page) -> None:
    """Draw the bars of records per year by category, the cumulative count under them, and their legend."""
    top = fig.add_axes(page.rect(page.bars))  # room at the left for "80,000" and the axis titles
    low = fig.add_axes(page.rect(page.cumulative), sharex=top)
    bottom = _year_bars(top, spec, years, span)
    _cumulative(low, spec, span, np.cumsum(bottom), page.cumulative[2])
    for panel in (top, low):
        panel.spines[["top", "right"]].set_visible(False)
    handles, labels = top.get_legend_handles_labels()
    rule = pattern_rule(spec)  # what the bars' patterns are for; every entry wrapped to the legend's column
    room_pt = _legend_room(page.width, page.legend[0], page.legend_cols)
    handles, labels = [*handles, *rule], [wrap_text(t, room_pt) for t in [*labels, *(h.get_label() for h in rule)]]
    fig.legend(
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


def _year_bars(top: Axes, spec: MapSpec, years: pd.Series, span: np.ndarray) -> np.ndarray:
    """Stack the records of each year by category, in legend order; return each year's total."""
    from matplotlib.ticker import MaxNLocator

    cat = spec.categories(spec.records)
    known = years.notna()
    bottom = np.zeros(len(span))
    colors = dict(spec.colors)
    for c in sorted(set(cat)):
        colors.setdefault(c, UNKNOWN_COLOR)
    table = pd.crosstab(years[known].astype(int), cat[known]).reindex(index=span, fill_value=0)
    patterns = category_patterns(spec)  # the same pattern for a category as on the maps
    for c in colors:
        counts = table[c].to_numpy() if c in table else np.zeros(len(span), dtype=int)
        if counts.sum() == 0:
            continue
        bars = top.bar(
            span,
            counts,
            bottom=bottom,
            color=colors[c],
            edgecolor="#1a1a1a",
            linewidth=0.3,
            width=0.75,
            label=plain(f"{spec.group_name(c)} ({thousands(int(counts.sum()), spec.lang)})"),
            gid="year-bars",
        )
        for bar in bars:
            bar.set(**hatch_style(colors[c], patterns))
        bottom += counts
    height_pt = top.get_position().height * root_figure(top).get_size_inches()[1] * 72
    top.set_ylabel(wrap_text(spec.texts["per_year"], height_pt, TEXT_PT), labelpad=4)  # along the panel's height
    top.yaxis.set_major_locator(MaxNLocator(integer=True))
    top.yaxis.set_major_formatter(_counts(spec.lang))
    top.set_ylim(0, max(1, bottom.max()) * 1.12)
    top.tick_params(labelbottom=False)
    return bottom


def _counts(lang: str) -> Any:
    """Return a tick formatter writing counts with the thousands separator ("80,000", "80 000")."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: thousands(round(v), lang))


def _cumulative(low: Axes, spec: MapSpec, span: np.ndarray, cumulative: np.ndarray, width_mm: float) -> None:
    """Draw the cumulative count of records as a step line, the years under it (as many as fit ``width_mm``)."""
    from matplotlib.ticker import MaxNLocator

    low.step(span, cumulative, where="mid", color="#1a1a1a", linewidth=1, gid="cumulative")
    low.set_ylim(0, max(1, cumulative.max()) * 1.15)
    low.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=3))
    low.yaxis.set_major_formatter(_counts(spec.lang))
    low.set_ylabel(spec.texts["cumulative"], labelpad=4)
    low.set_xlabel(spec.texts["year"])
    fits = max(1, int(width_mm // 9))  # a year written at 7 pt is about 7 mm wide
    step = next((k for k in (1, 2, 5, 10, 20, 25, 50, 100) if len(span) / k <= fits), 100)
    ticks = span[span % step == 0] if step > 1 else span
    low.set_xticks(ticks)
    low.set_xticklabels([str(v) for v in ticks])


def _period_maps(
    fig: Figure, spec: MapSpec, periods: tuple[tuple[int, int], ...], period_of: pd.Series, page: _Page
) -> tuple[tuple[PeriodMap, ...], Density | None, str]:
    """Draw one map of every region per period, with the placed records created in it.

    Above :data:`~clusteratlas.mapspec.DENSITY_PLACES` places (as on the points map), each
    map shows records per hexagon, on one scale shared by all periods; returns it. Otherwise
    each shows pies at the finest level that fits its panel (:func:`_fit_levels`); returns
    that level (``place``, or the column the records were grouped by).
    """
    ext = period_extent(spec)
    dense = place_count(spec.points) > DENSITY_PLACES
    panel_mm = page.maps[0][2]
    tolerance = max(SMALL_MAP_TOLERANCE, 500.0 * round((ext[1] - ext[0]) / panel_mm * SMALL_MAP_MM / 500.0))
    axes, selections = [], []
    for (a, b), panel in zip(periods, page.maps, strict=True):
        ax = fig.add_axes(page.rect(panel), gid="period-map")
        draw_regions(ax, spec, shaded=False, provinces=False, tolerance=tolerance)
        ax.set_xlim(ext[0], ext[1])
        ax.set_ylim(ext[2], ext[3])
        ax.set_aspect("equal", adjustable="box")
        ax.apply_aspect()  # the panel's drawn size, which fitting the symbols measures
        axes.append(ax)
        selections.append(spec.points[period_of.reindex(spec.points.index).eq(period_label(a, b)).to_numpy()])
    level, layers, scale = ("place", [None] * len(axes), SYMBOL_SCALE) if dense else _fit_levels(spec, axes, selections)
    maps, densities = [], []
    for ax, (a, b), sel, layer in zip(axes, periods, selections, layers, strict=True):
        label = period_label(a, b)
        drawn = None
        if dense:
            x, y = project_points(sel["lon"].to_numpy(), sel["lat"].to_numpy())
            densities.append(draw_density(ax, x, y, across=15))
        elif layer is not None:
            drawn = replace(layer, radii=draw_symbols(ax, spec, layer, scale=scale))
        total = int(period_of.eq(label).sum())
        title = _period_title(spec, label, len(sel), total, panel_mm * 72 / 25.4)
        ax.set_title(title, fontsize=PERIOD_TITLE_PT)
        maps.append(PeriodMap(period=label, count=total, frame=Frame("period-map", ax, drawn)))
    return tuple(maps), _shared_density(fig, spec, maps, densities, page), level


def period_extent(spec: MapSpec) -> tuple[float, float, float, float]:
    """Return the period maps' extent: every region, or the regions holding records when they are a small part.

    A table of one or a few regions is drawn on their bounds and the records', with a margin
    of :data:`ZOOM_MARGIN`, at the whole map's aspect (the page's panels keep their shape),
    when that takes at most :data:`ZOOM_SHARE` of the whole map's area.
    """
    full = extent("frame")
    points = spec.points
    codes = points["region_code"].dropna().astype(str).unique().tolist() if "region_code" in points else []
    found = regions_bounds(codes)
    if found is None or points.empty:
        return full
    x, y = project_points(points["lon"].to_numpy(dtype=float), points["lat"].to_numpy(dtype=float))
    ok = np.isfinite(x) & np.isfinite(y)
    minx, miny = min(found[0], float(x[ok].min(initial=found[0]))), min(found[1], float(y[ok].min(initial=found[1])))
    maxx, maxy = max(found[2], float(x[ok].max(initial=found[2]))), max(found[3], float(y[ok].max(initial=found[3])))
    pad = ZOOM_MARGIN * max(maxx - minx, maxy - miny)
    w, h = maxx - minx + 2 * pad, maxy - miny + 2 * pad
    aspect = (full[3] - full[2]) / (full[1] - full[0])
    w, h = max(w, h / aspect), max(h, w * aspect)  # the whole map's shape
    if w * h > ZOOM_SHARE * (full[1] - full[0]) * (full[3] - full[2]):
        return full
    cx, cy = (minx + maxx) / 2, (miny + maxy) / 2
    return cx - w / 2, cx + w / 2, cy - h / 2, cy + h / 2


def _grouped(points: pd.DataFrame, level: str) -> pd.DataFrame:
    """Return ``points`` moved to the place with the most records of their ``level`` (province or region).

    A record without a value at that level keeps its region (or its own place). The moved
    records are drawn as one circle per group: neither square nor diamond, since a group is
    not one placement.
    """
    key = points[level].astype("string").fillna("")
    if level != "region_code":
        key = key.where(key.str.strip().ne(""), "region:" + points["region_code"].astype("string").fillna(""))
    spot = pd.DataFrame(
        {"key": key.to_numpy(), "lat": points["lat"].round(3).to_numpy(), "lon": points["lon"].round(3).to_numpy()}
    )
    sizes = spot.groupby(["key", "lat", "lon"], sort=True).size().rename("n").reset_index()
    sizes = sizes.sort_values(["key", "n", "lat", "lon"], ascending=[True, False, False, True], kind="mergesort")
    main = sizes.drop_duplicates("key").set_index("key")
    return points.assign(
        lat=spot["key"].map(main["lat"]).to_numpy(),
        lon=spot["key"].map(main["lon"]).to_numpy(),
        uncertain=False,
        coarse=False,
    )


def _sized(layers: list[Layer | None], scale: float) -> list[Layer | None]:
    """Size every group's symbol by its records, the largest of all periods :data:`SYMBOL_MAX_PT` at ``scale``.

    Areas are proportional to the records (no cap below the largest), with a floor of
    :data:`GROUP_MIN_PT` so that a group of one record stays visible.
    """
    top = max([float(layer.places["n"].max()) for layer in layers if layer is not None] or [1.0])
    out: list[Layer | None] = []
    for layer in layers:
        if layer is None:
            out.append(None)
            continue
        r = np.maximum(SYMBOL_MAX_PT * scale * np.sqrt(layer.places["n"].to_numpy(dtype=float) / top), GROUP_MIN_PT)
        out.append(replace(layer, places=layer.places.assign(area=(r / (SYMBOL_PT * scale)) ** 2)))
    return out


def _fit_levels(
    spec: MapSpec, axes: list[Axes], selections: list[pd.DataFrame]
) -> tuple[str, list[Layer | None], float]:
    """Return the finest grouping whose symbols fit every panel, the layers moved apart, and the symbol scale.

    Places first (as the points map), then one pie per province, then per region: the first
    where, in every panel, there are at most :data:`SYMBOLS_PER_MM` symbols per millimetre of
    its width, and symbols moved apart stay within :data:`LEADER_MAX_PT` of their place and
    inside the panel. Groups are sized by their records (:func:`_sized`); the
    regions are taken when nothing finer fits.
    """
    panel_mm = axes[0].get_window_extent().width / root_figure(axes[0]).dpi * 25.4
    small = SYMBOL_SCALE * min(1.0, float(np.sqrt(panel_mm / FULL_PANEL_MM)))
    levels = ["place", *(c for c in GROUP_LEVELS if c in spec.points)]
    most = SYMBOLS_PER_MM * panel_mm
    fitted: list[Layer | None] = []
    for level in levels:
        scale = SYMBOL_SCALE if level == "place" else small
        layers = _level_layers(spec, selections, level, scale)
        fitted, fits = [], all(layer is None or len(layer.places) <= most for layer in layers)
        for ax, layer in zip(axes, layers, strict=True):
            moved, ok = (None, True) if layer is None else _fit(ax, layer, scale)
            fitted.append(moved)
            fits = fits and ok
        if fits:
            return level, fitted, scale
    return levels[-1], fitted, scale


def _level_layers(spec: MapSpec, selections: list[pd.DataFrame], level: str, scale: float) -> list[Layer | None]:
    """Return each period's layer at ``level``: its places, or its groups sized by records (none when empty)."""
    if level == "place":
        return [place_layer(spec, sel, detailed=False) if not sel.empty else None for sel in selections]
    grouped = [place_layer(spec, _grouped(sel, level), detailed=False) if not sel.empty else None for sel in selections]
    return _sized(grouped, scale)


def _fit(ax: Axes, layer: Layer, scale: float) -> tuple[Layer, bool]:
    """Move ``layer``'s symbols apart inside the panel; return it and whether every leader is short enough.

    The symbols are pushed apart (:func:`._spread.spread`) and pulled back inside the panel
    in turn, so that no symbol is cut by the panel's edge; each keeps its true place as
    ``x_true``, ``y_true`` for its leader line. It fits when no leader is longer than
    :data:`LEADER_MAX_PT` and no two symbols overlap.
    """
    places = layer.places
    k = _data_per_pt(ax)
    reach = radius_pt(places["area"].to_numpy(), scale) * SYMBOL_REACH * k
    xy = places[["x", "y"]].to_numpy(dtype=float)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    pad = EDGE_PT * k
    low = np.column_stack([x0 + reach + pad, y0 + reach + pad])
    high = np.column_stack([x1 - reach - pad, y1 - reach - pad])
    pos = np.clip(xy, low, high)
    for _ in range(FIT_ROUNDS):
        pos = np.clip(spread(pos, reach, gap=GAP_PT * k), low, high)
    moved = places.assign(x=pos[:, 0], y=pos[:, 1], x_true=xy[:, 0], y_true=xy[:, 1])
    leaders = np.hypot(*(pos - xy).T) / k
    return replace(layer, places=moved), bool(leaders.max() <= LEADER_MAX_PT and not _overlapping(pos, reach))


def _data_per_pt(ax: Axes) -> float:
    """Drawing units per point on ``ax`` as drawn (its aspect applied)."""
    x0, x1 = ax.get_xlim()
    return float((x1 - x0) / max(ax.get_window_extent().width, 1.0) * root_figure(ax).dpi / 72)


def _overlapping(xy: np.ndarray, reach: np.ndarray) -> bool:
    """Whether any two symbols of reach ``reach`` centred at ``xy`` overlap (more than a hair)."""
    from scipy.spatial import cKDTree

    if len(xy) < 2:
        return False
    pairs = cKDTree(xy).query_pairs(2 * float(reach.max()), output_type="ndarray")
    if not len(pairs):
        return False
    i, j = pairs[:, 0], pairs[:, 1]
    gap = np.hypot(*(xy[i] - xy[j]).T) - (reach[i] + reach[j]) / SYMBOL_REACH
    return bool((gap < -0.02 * (reach[i] + reach[j])).any())


def _shared_density(
    fig: Figure, spec: MapSpec, maps: list[PeriodMap], densities: list[Density], page: _Page
) -> Density | None:
    """Shade every period's hexagons on one scale (the busiest hexagon of any period) and key it once."""
    if not densities:
        return None
    top = max([c[-1][1] for d in densities for c in (d.classes,) if d.cells] or [1])
    classes, colors = densities[0].classes, densities[0].colors
    for m in maps:
        for hexagons in (c for c in m.frame.axes.collections if c.get_gid() == "density"):
            classes, colors = shade_density(hexagons, top)
    density = replace(densities[0], classes=classes, colors=colors, cells=sum(d.cells for d in densities))
    renderer = renderer_of(maps[0].frame.axes)
    key = fig.legend(  # in its place of the page, above the period maps' titles, never on them
        handles=density_handles(density, spec.lang),
        loc="upper left",
        bbox_to_anchor=page.point(*page.key),
        frameon=False,
        title=plain(spec.texts["density"].format(km=density.km)),
        alignment="left",
        ncols=3,
        borderaxespad=0,
        borderpad=0,
    )
    key.set_gid("legend-density")
    over = key.get_window_extent(renderer).x1 - fig.bbox.width * 0.995  # "1,001–2,405" makes it wider
    if over > 0:  # moved left, whole within the figure
        x, y = page.point(*page.key)
        key.set_bbox_to_anchor((x - over / fig.bbox.width, y), transform=fig.transFigure)
    return density


def _period_title(spec: MapSpec, period: str, shown: int, total: int, width_pt: float) -> str:
    """Title a period map: the period, then "8 records" or "8 of 10" (the rest not placed), each wrapped to the map."""
    if shown == total:
        count = spec.texts["n_records" if total != 1 else "one_record"].format(n=thousands(total, spec.lang))
    else:
        count = spec.texts["count_of"].format(k=thousands(shown, spec.lang), n=thousands(total, spec.lang))
    lines = [spec.texts["period_any"].format(p=period), count]
    return "\n".join(wrap_text(line, width_pt, PERIOD_TITLE_PT) for line in lines)
