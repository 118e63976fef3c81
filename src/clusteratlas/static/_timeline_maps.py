"""The timeline's period maps: one small map per period, its records as pies, groups or hexagons, and its title.

Each map shows the placed records created in its period: one pie per place when they fit
the panel, else per province or per region (:func:`fit_levels`); above
:data:`~clusteratlas.mapspec.DENSITY_PLACES` places, records per hexagon on one scale shared
by every period (:func:`shared_density`). A table of a few regions is drawn zoomed to them
(:func:`period_extent`), each zoomed map with a scale bar true at its latitude.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd

from ..aggregate import period_label
from ..mapspec import DENSITY_PLACES, MapSpec, place_count
from ._basemap import draw_regions, extent, project_points, regions_bounds
from ._coarse import CoarseLayer, coarse_handle, draw_coarse, split_coarse
from ._density import hold_hexagons
from ._furniture import place_scale_bar
from ._legends import SizeKey, density_handles, size_legend
from ._places import (
    SYMBOL_MAX_PT,
    SYMBOL_PT,
    draw_density,
    draw_symbols,
    group_places,
    place_layer,
    radius_pt,
    shade_density,
)
from ._spread import spread
from ._style import DENSITY_GREYS, TEXT_PT, plain, renderer_of, root_figure, thousands, word_width, wrap_text
from .drawing import Density, Frame, Layer, PeriodMap, ScaleBar

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "BAR_SPOTS",
    "EDGE_MM",
    "FULL_PANEL_MM",
    "GROUP_LEVELS",
    "KEY_CLASSES",
    "KEY_COLUMNS",
    "LEADER_MAX_PT",
    "PERIOD_TITLE_PT",
    "SMALL_MAP_MM",
    "SMALL_MAP_TOLERANCE",
    "SYMBOLS_PER_MM",
    "SYMBOL_SCALE",
    "TITLE_LINE_PT",
    "TITLE_PAD_PT",
    "ZOOM_MARGIN",
    "ZOOM_SHARE",
    "PanelPlan",
    "draw_size_key",
    "fit_levels",
    "key_columns",
    "period_count",
    "period_counts",
    "period_extent",
    "period_maps",
    "period_splits",
    "period_title",
    "shared_density",
    "size_key",
    "square_label",
    "titles_mm",
]

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
#: A period title's line (7 pt type set 1.2 apart) and the room between it and its map (pt).
TITLE_LINE_PT = 1.2 * PERIOD_TITLE_PT
TITLE_PAD_PT = 5.0
#: Where a zoomed period map's scale bar may go (axes fraction of its left end), best first.
BAR_SPOTS = [(x, y) for y in (0.04, 0.86, 0.2, 0.7) for x in (0.04, 0.55)]


class PanelPlan(NamedTuple):
    """Where the period maps go: their axes (figure fractions), their width (mm), the density key's anchor, columns."""

    rects: list[tuple[float, float, float, float]]
    width_mm: float
    key: tuple[float, float]
    key_cols: int = 3


#: The least room (mm) between the density key and the page's right edge.
EDGE_MM = 1.5
#: The most classes a density key has (:func:`~._places.draw_density`), and the columns it is set in at most.
KEY_CLASSES = 6
KEY_COLUMNS = 3


def key_columns(spec: MapSpec, room_mm: float) -> int:
    """Return the columns of the period maps' density key that fit ``room_mm``: at most :data:`KEY_COLUMNS`, at least 1.

    Its widest entry is taken as a range of two counts as long as the records' count
    ("10,001–18,540" for 100,000 records is measured as "100,000–100,000"), with
    matplotlib's handle, its pad and the gap between columns (2, 0.8 and 2 em).
    """
    count = thousands(max(len(spec.points), 1), spec.lang)
    entry = word_width(f"{count}–{count}", TEXT_PT) + 2.8 * TEXT_PT
    room = room_mm * 72 / 25.4
    return next((k for k in range(KEY_COLUMNS, 1, -1) if k * entry + (k - 1) * 2.0 * TEXT_PT <= room), 1)


def period_counts(
    spec: MapSpec, periods: tuple[tuple[int, int], ...], period_of: pd.Series
) -> list[tuple[pd.DataFrame, int]]:
    """Return each period's placed records (of ``spec.points``) and its count of records, placed or not."""
    totals = period_of.value_counts()
    placed = period_of.reindex(spec.points.index)
    out = []
    for a, b in periods:
        label = period_label(a, b)
        out.append((spec.points[placed.eq(label).to_numpy()], int(totals.get(label, 0))))
    return out


#: The hatched squares' size on a period map, of the points map's (the small maps are a third as wide).
SMALL_COARSE = 0.5


Split = tuple[pd.DataFrame, pd.DataFrame]


def period_splits(spec: MapSpec, counts: list[tuple[pd.DataFrame, int]]) -> list[Split] | None:
    """Split each period's placed records once: at a point, and only at a province or region (none: not densities).

    The period maps draw the first as hexagons and the second as hatched squares; the page
    keeps room for the squares' key, and the caption counts them, from this one split.
    """
    if place_count(spec.points) <= DENSITY_PLACES:
        return None
    return [split_coarse(sel) for sel, _ in counts]


def square_label(spec: MapSpec, records: int, room_mm: float) -> str:
    """Return the squares' key entry, wrapped to ``room_mm`` less its swatch: "165 records placed only at …"."""
    text = plain(spec.texts["coarse_squares"].format(k=thousands(records, spec.lang)))
    return wrap_text(text, room_mm * 72 / 25.4 - 2.8 * TEXT_PT)


def period_maps(
    fig: Figure,
    spec: MapSpec,
    periods: tuple[tuple[int, int], ...],
    counts: list[tuple[pd.DataFrame, int]],
    panels: PanelPlan,
    splits: list[Split] | None = None,
) -> tuple[tuple[PeriodMap, ...], Density | None, str]:
    """Draw one map of every region per period, with the placed records created in it (``counts``).

    Above :data:`~clusteratlas.mapspec.DENSITY_PLACES` places (as on the points map), each
    map shows records per hexagon, on one scale shared by all periods; returns it. Records
    placed only at a province or region are not in the hexagons: a hatched square at its
    centre each, as on the points map, on one scale for every period; the density key says
    what they are and how many (:func:`_square_key`). ``splits``: each
    period's records split once (:func:`period_splits`), else split here. Otherwise
    each shows pies at the finest level that fits its panel (:func:`fit_levels`); returns
    that level (``place``, or the column the records were grouped by). Zoomed maps carry a
    scale bar each.
    """
    ext = period_extent(spec)
    zoomed = ext != extent("frame")
    dense = place_count(spec.points) > DENSITY_PLACES
    axes = _panels(fig, spec, panels, ext)
    selections = [sel for sel, _ in counts]
    splits = (period_splits(spec, counts) if splits is None else splits) if dense else None
    level, layers, scale = ("place", [None] * len(axes), SYMBOL_SCALE) if dense else fit_levels(spec, axes, selections)
    densities, squares = _draw_densities(axes, splits or [])  # as on the points map: hexagons, squares for the rest
    maps = []
    for ax, (a, b), (sel, total), layer in zip(axes, periods, counts, layers, strict=True):
        drawn = None if layer is None or dense else replace(layer, radii=draw_symbols(ax, spec, layer, scale=scale))
        title = period_title(spec, period_label(a, b), len(sel), total, panels.width_mm * 72 / 25.4)
        ax.set_title(title, fontsize=PERIOD_TITLE_PT, pad=TITLE_PAD_PT)
        maps.append(PeriodMap(period=period_label(a, b), count=total, frame=Frame("period-map", ax, drawn)))
    hold_hexagons(axes)  # every hexagon whole in its frame (La Güera's at the tip), one scale for all the maps
    density = _with_squares(fig, spec, shared_density(fig, spec, maps, densities, panels.key, panels.key_cols), squares)
    if zoomed:  # after the hexagons are shaded: the bar keeps off them and the symbols
        maps = [
            replace(m, frame=replace(m.frame, scale_bar=_scale_bar(m.frame.axes, sel)))
            for m, (sel, _) in zip(maps, counts, strict=True)
        ]
    return tuple(maps), density, level


def _panels(fig: Figure, spec: MapSpec, panels: PanelPlan, ext: tuple[float, float, float, float]) -> list[Axes]:
    """Add the period maps' axes at ``panels``, each with every region (simplified for its size) at ``ext``."""
    tolerance = max(SMALL_MAP_TOLERANCE, 500.0 * round((ext[1] - ext[0]) / panels.width_mm * SMALL_MAP_MM / 500.0))
    axes = []
    for rect in panels.rects:
        ax = fig.add_axes(rect, gid="period-map")
        draw_regions(ax, spec, shaded=False, provinces=False, tolerance=tolerance)
        ax.set_xlim(ext[0], ext[1])
        ax.set_ylim(ext[2], ext[3])
        ax.set_aspect("equal", adjustable="box")
        ax.apply_aspect()  # the panel's drawn size, which fitting the symbols measures
        axes.append(ax)
    return axes


def _draw_densities(axes: list[Axes], splits: list[Split]) -> tuple[list[Density], list[CoarseLayer]]:
    """Draw each period's records at a point as hexagons and the rest as squares, all on one scale (none: no splits).

    The squares are sized on the most records of any period's square, so that a square of
    ``n`` records is one size on every map.
    """
    top = max((float(group_places(c)[0]["n"].max()) for _, c in splits if len(c)), default=0.0)
    densities, squares = [], []
    for ax, (fine, coarse) in zip(axes, splits, strict=False):
        x, y = project_points(fine["lon"].to_numpy(), fine["lat"].to_numpy())
        densities.append(draw_density(ax, x, y, across=15, ramp=DENSITY_GREYS))
        squares.append(draw_coarse(ax, coarse, scale=SMALL_COARSE, top=top))
    return densities, squares


def _with_squares(fig: Figure, spec: MapSpec, density: Density | None, squares: list[CoarseLayer]) -> Density | None:
    """Return the shared density with the squares it left out counted, and key them (:func:`_square_key`), if any."""
    if density is None or not any(c.records for c in squares):
        return density
    density = replace(density, coarse=sum(c.records for c in squares), coarse_places=sum(c.places for c in squares))
    _square_key(fig, spec, density.coarse)
    return density


def _square_key(fig: Figure, spec: MapSpec, records: int) -> Any:
    """Key the period maps' hatched squares under their density key ("165 records placed only at …"), left-aligned."""
    key = next(g for g in fig.legends if g.get_gid() == "legend-density")
    box = key.get_window_extent(renderer_of(fig.axes[0])).transformed(fig.transFigure.inverted())
    room_mm = (1 - box.x0) * fig.get_size_inches()[0] * 25.4 - EDGE_MM
    (handle,) = coarse_handle(spec, CoarseLayer(records=records))
    square = fig.legend(
        handles=[handle],
        labels=[square_label(spec, records, room_mm)],
        loc="upper left",
        bbox_to_anchor=(box.x0, box.y0 - 0.3 * TEXT_PT / 72 / fig.get_size_inches()[1]),
        frameon=False,
        borderaxespad=0,
        borderpad=0,
    )
    square.set_gid("legend-squares")
    return square


def _scale_bar(ax: Axes, points: pd.DataFrame) -> ScaleBar:
    """Draw a zoomed period map's scale bar, true at its latitude, at the first spot clear of its records."""
    return place_scale_bar(ax, BAR_SPOTS, [], points)


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


def fit_levels(
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


def shared_density(
    fig: Figure,
    spec: MapSpec,
    maps: list[PeriodMap],
    densities: list[Density],
    at: tuple[float, float],
    cols: int = KEY_COLUMNS,
) -> Density | None:
    """Shade every period's hexagons on one scale (the busiest hexagon of any period) and key it once.

    The key is set at ``at`` (figure fraction of its upper left) in ``cols`` columns, fewer
    when it would run past the page's right edge.
    """
    if not densities:
        return None
    top = max([c[-1][1] for d in densities for c in (d.classes,) if d.cells] or [1])
    classes, colors = densities[0].classes, densities[0].colors
    for m in maps:
        for hexagons in (c for c in m.frame.axes.collections if c.get_gid() == "density"):
            classes, colors = shade_density(hexagons, top, DENSITY_GREYS)
    density = replace(densities[0], classes=classes, colors=colors, cells=sum(d.cells for d in densities))
    renderer = renderer_of(maps[0].frame.axes)
    for k in range(max(cols, 1), 0, -1):  # fewer columns, rather than across the year panels or off the page
        key = fig.legend(  # in its place of the page, above the period maps' titles, never on them
            handles=density_handles(density, spec.lang),
            loc="upper left",
            bbox_to_anchor=at,
            frameon=False,
            title=plain(spec.texts["density"].format(km=density.km)),
            alignment="left",
            ncols=k,
            borderaxespad=0,
            borderpad=0,
        )
        key.set_gid("legend-density")
        over = key.get_window_extent(renderer).x1 - (fig.bbox.width - EDGE_MM * fig.dpi / 25.4)
        if over <= 0 or k == 1:
            break
        key.remove()
    if over > 0:  # one column too wide still: moved left, whole within the figure
        x, y = at
        key.set_bbox_to_anchor((x - over / fig.bbox.width, y), transform=fig.transFigure)
    return density


def size_key(spec: MapSpec, maps: tuple[PeriodMap, ...]) -> SizeKey | None:
    """Return the key of the period maps' symbol sizes, as drawn: fewest records, a quarter of the most, the most.

    Each circle is the radius a symbol of that many records has on the maps (places or
    groups); none when every symbol has one size.
    """
    drawn: dict[int, float] = {}
    for m in maps:
        layer = m.frame.layer
        if layer is None or layer.radii is None:
            continue
        counts = layer.places["n"] if "n" in layer.places else layer.places["area"]
        for n, r in zip(counts.to_numpy(dtype=float), np.asarray(layer.radii, dtype=float), strict=True):
            drawn.setdefault(round(n), float(r))
    if len({round(r, 3) for r in drawn.values()}) < 2:
        return None
    lo, hi = min(drawn), max(drawn)
    mid = min(drawn, key=lambda n: abs(n - hi / 4))
    steps = sorted({lo, hi, *([mid] if lo < mid < hi and drawn[lo] < drawn[mid] < drawn[hi] else [])})
    texts = [spec.texts["n_records" if n != 1 else "one_record"].format(n=thousands(n, spec.lang)) for n in steps]
    return SizeKey(tuple(drawn[n] for n in steps), tuple(plain(t) for t in texts))


def draw_size_key(fig: Figure, spec: MapSpec, maps: tuple[PeriodMap, ...], at: tuple[float, float]) -> Any:
    """Key the period maps' symbol sizes (:func:`size_key`) at ``at`` (figure fraction, upper left), if they vary."""
    key = size_key(spec, maps)
    return None if key is None else size_legend(fig, key, at)


def period_count(spec: MapSpec, shown: int, total: int) -> str:
    """Return a period's count with its unit: "37 records", "1 fiche", "5 of 6 records placed", "aucune fiche"."""
    t = spec.texts
    if shown == total:
        key = "period_none" if total == 0 else "period_one" if total == 1 else "period_many"
        return t[key].format(n=thousands(total, spec.lang))
    key = "period_placed_one" if shown <= 1 else "period_placed"
    return t[key].format(k=thousands(shown, spec.lang), n=thousands(total, spec.lang))


def period_title(spec: MapSpec, period: str, shown: int, total: int, width_pt: float) -> str:
    """Title a period map: "Created 2010–2019: 37 records"; on two lines, after the colon, when wider than the map.

    "Créées 2010–2019 : 37 fiches" in French (a no-break space before the colon); the
    count says how many are placed when some are not: "5 of 6 records placed".
    """
    label = spec.texts["period_any"].format(p=period)
    count = period_count(spec, shown, total)
    whole = plain(spec.texts["labelled_value"].format(label=label, value=count))
    if word_width(whole, PERIOD_TITLE_PT) <= width_pt:
        return whole
    head = plain(spec.texts["labelled_value"].format(label=label, value="").rstrip())
    return "\n".join(wrap_text(line, width_pt, PERIOD_TITLE_PT) for line in (head, plain(count)))


def titles_mm(spec: MapSpec, titles: list[tuple[str, int, int]], width_mm: float) -> float:
    """Return the room (mm) the tallest period title takes above a map ``width_mm`` wide: its lines and its pad.

    ``titles``: each period's label, placed records and records (:func:`period_title`).
    """
    width_pt = width_mm * 72 / 25.4
    lines = max((period_title(spec, p, k, n, width_pt).count("\n") + 1 for p, k, n in titles), default=1)
    return (TITLE_PAD_PT + lines * TITLE_LINE_PT) * 25.4 / 72
