"""Map furniture: the north arrow, the scale bar, an inset's title and its stated scale."""

from __future__ import annotations

import math
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any

import numpy as np

from ._basemap import all_land, crs, land, project_points
from ._style import TEXT_PT, halo, renderer_of, root_figure, word_width
from ._under import hexagon_boxes
from .drawing import ScaleBar

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "CARD_GID",
    "NORTH_SPOTS",
    "TITLE_BAND_GID",
    "add_north_arrow",
    "add_scale_bar",
    "draw_scale_bar",
    "first_on_land",
    "first_over_data",
    "inset_title",
    "nice_length",
    "place_north_arrow",
    "place_scale_bar",
    "reaches_land",
    "round_scale",
    "scale_denominator",
    "title_band",
]


def add_north_arrow(ax: Axes, *, x: float = 0.95, y: float = 0.93, size: float = 0.06) -> Axes:
    """Draw a north arrow at axes fraction (x, y).

    The arrow is vertical when the projection's central meridian runs through the frame, as
    it does on every whole-country map drawn here: north is then up along that meridian,
    and a tilted arrow would read as an error. Elsewhere it points to true north where it
    stands.
    """
    theta = math.radians(90 + _convergence(ax, x, y))
    dx, dy = size * math.cos(theta), size * math.sin(theta) * ax.bbox.width / ax.bbox.height
    ax.annotate(
        "",
        xy=(x + dx / 2, y + dy / 2),
        xytext=(x - dx / 2, y - dy / 2),
        xycoords="axes fraction",
        arrowprops={"arrowstyle": "-|>,head_width=0.35,head_length=0.7", "color": "black", "lw": 0.8},
        zorder=20,
        gid="north-arrow",
    )
    ax.text(
        x + dx / 2,
        y + dy / 2 + 0.008,
        "N",
        transform=ax.transAxes,
        ha="center",
        va="bottom",
        fontsize=7,
        fontweight="bold",
        zorder=20,
        gid="north-arrow-label",
        path_effects=halo(),
    )
    return ax


#: Where the north arrow may go (axes fractions of its middle), best first: along the top from
#: the upper right, then down the left (the open sea of a whole-country map).
NORTH_SPOTS = [
    *[(float(x), y) for y in (0.9, 0.8) for x in np.arange(0.955, 0.3, -0.035)],
    *[(float(x), float(y)) for y in np.arange(0.7, 0.05, -0.1) for x in (0.05, 0.1, 0.15, 0.2)],
]


def place_north_arrow(ax: Axes, taken: list[tuple[float, float, float, float]], points: Any = None) -> None:
    """Draw the north arrow at the first of :data:`NORTH_SPOTS` clear of ``taken`` boxes, data and land.

    ``taken`` are display boxes (legends, insets); ``points`` the records (``lon``, ``lat``),
    if any. A spot is scored as the scale bar's are (records and symbols under it, then the
    land it covers); the first spot over none wins, else the least covered; when no spot is
    clear of ``taken``, the upper right.
    """
    renderer = root_figure(ax).canvas.get_renderer()  # type: ignore[attr-defined]
    data = _data_boxes(ax, points if points is not None else [], renderer)
    best: tuple[tuple[int, float], tuple[float, float]] | None = None
    for x, y in NORTH_SPOTS:
        b = _trial_box(ax, partial(add_north_arrow, ax, x=x, y=y), renderer)
        if _overlaps(b, taken) or not _inside(ax, b):
            continue
        hidden = int(((data[:, 0] < b[2]) & (data[:, 2] > b[0]) & (data[:, 1] < b[3]) & (data[:, 3] > b[1])).sum())
        score = (hidden, _land_share(ax, b))
        if best is None or score < best[0]:
            best = (score, (x, y))
        if score == (0, 0.0):
            break
    x, y = best[1] if best is not None else (0.955, 0.9)
    add_north_arrow(ax, x=x, y=y)


def _inside(ax: Axes, b: tuple[float, float, float, float]) -> bool:
    """Whether display box ``b`` (grown by 2) lies within the frame ``ax``."""
    frame = ax.bbox
    return bool(b[0] + 2 >= frame.x0 and b[1] + 2 >= frame.y0 and b[2] - 2 <= frame.x1 and b[3] - 2 <= frame.y1)


def _convergence(ax: Axes, x: float, y: float) -> float:
    """Meridian convergence (degrees) at axes fraction (x, y); 0 when the central meridian is in the frame."""
    from pyproj import Proj, Transformer

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    if x0 <= 0.0 <= x1:  # the central meridian is x = 0 in the drawing CRS
        return 0.0
    px, py = x0 + x * (x1 - x0), y0 + y * (y1 - y0)
    lon, lat = Transformer.from_crs(crs(), "EPSG:4326", always_xy=True).transform(px, py)
    return float(Proj(crs()).get_factors(lon, lat).meridian_convergence)


def nice_length(width_m: float) -> float:
    """Return a round length in km, about a fifth of ``width_m`` metres (5 km at least)."""
    target = width_m / 5 / 1000
    for km in (1000, 500, 400, 300, 250, 200, 150, 100, 50, 25, 20, 10, 5):
        if km <= target:
            return float(km)
    return 5.0


def add_scale_bar(ax: Axes, *, length_km: float | None = None, x: float = 0.05, y: float = 0.05) -> Axes:
    """Draw a metric scale bar, exact at its latitude, at axes fraction (x, y).

    The bar's projected length is ``length × k``, where ``k`` is the projection's scale
    factor along the parallel at the bar's midpoint, so the bar measures ``length`` on the
    ground where it stands. The maps record each bar they draw (:class:`ScaleBar`, in
    :attr:`Frame.scale_bar <clusteratlas.static.Frame.scale_bar>`).
    """
    draw_scale_bar(ax, length_km=length_km, x=x, y=y)
    return ax


def draw_scale_bar(ax: Axes, *, length_km: float | None = None, x: float = 0.05, y: float = 0.05) -> ScaleBar:
    """Draw a scale bar as :func:`add_scale_bar` does; return where it is and what it measures."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    km = length_km or nice_length(x1 - x0)
    bx, by = x0 + x * (x1 - x0), y0 + y * (y1 - y0)
    length = _true_length(bx, by, km)
    height_pt = ax.get_window_extent().height * 72 / root_figure(ax).dpi
    h = (y1 - y0) * 2.2 / max(height_pt, 1.0)
    _draw_bar(ax, bx, by, length, h)
    length_pt = length / (x1 - x0) * ax.get_window_extent().width * 72 / root_figure(ax).dpi
    _label_bar(ax, bx, by + 1.5 * h, length, km, wide=length / (x1 - x0) >= 0.25, short=length_pt < _marks_pt(km))
    return ScaleBar(x0=bx, x1=bx + length, y=by, km=km, crs=crs())


def place_scale_bar(
    ax: Axes,
    spots: list[tuple[float, float]],
    taken: list[tuple[float, float, float, float]],
    points: Any,
) -> ScaleBar:
    """Draw the scale bar at the first of ``spots`` (axes fractions) clear of ``taken`` boxes, data and land.

    ``taken`` are display boxes (legends, insets, the north arrow); ``points`` the records
    (``lon``, ``lat``). A spot is scored by the records and drawn symbols under the bar and
    its marks, then by the land it covers: the first spot over none of them wins, else the
    least covered. When no spot is clear at the bar's usual length (:func:`nice_length`),
    a bar of half that length is tried too (a narrow inset's sea). When no spot is clear of
    ``taken``, the bar goes to the first spot.
    """
    renderer = root_figure(ax).canvas.get_renderer()  # type: ignore[attr-defined]
    data = _data_boxes(ax, points, renderer)
    x0, x1 = ax.get_xlim()
    usual = nice_length(x1 - x0)
    best: tuple[tuple[int, float], tuple[float, float], float] | None = None
    for km in (usual, nice_length((x1 - x0) / 2)):
        for spot in spots:
            b = _trial_box(ax, partial(draw_scale_bar, ax, length_km=km, x=spot[0], y=spot[1]), renderer)
            if _overlaps(b, taken) or b[2] > ax.bbox.x1 or b[3] > ax.bbox.y1:
                continue
            score = _score(ax, b, data)
            if best is None or score < best[0]:
                best = (score, spot, km)
            if score == (0, 0.0):
                break
        if best is None or best[0] == (0, 0.0) or km <= 5:
            break
    (x, y), km = (best[1], best[2]) if best is not None else (spots[0], usual)
    bar = draw_scale_bar(ax, length_km=km, x=x, y=y)
    if best is not None and best[0][1] > 0:  # no spot off land: the bar on a card of its own, legible
        _card(ax, _trial_box(ax, partial(draw_scale_bar, ax, length_km=km, x=x, y=y), renderer))
    return bar


#: The opaque card under a scale bar that found no spot off land.
CARD_GID = "scale-card"


def _card(ax: Axes, b: tuple[float, float, float, float]) -> None:
    """Draw an opaque white card (display box ``b``) under the scale bar, as under an inset's title."""
    from matplotlib.patches import Rectangle

    (x0, y0), (x1, y1) = ax.transData.inverted().transform([(b[0], b[1]), (b[2], b[3])])
    card = Rectangle((x0, y0), x1 - x0, y1 - y0, facecolor="white", edgecolor="#4d4d4d", linewidth=0.4)
    card.set(zorder=19.5, gid=CARD_GID)
    ax.add_patch(card)


def _overlaps(b: tuple[float, float, float, float], boxes: list[tuple[float, float, float, float]]) -> bool:
    return any(b[0] < t[2] and t[0] < b[2] and b[1] < t[3] and t[1] < b[3] for t in boxes)


def first_over_data(ax: Axes, boxes: list[tuple[float, float, float, float]], points: Any = None) -> int:
    """Return the index of the first display box that covers a record's point (``lon``, ``lat``) or a symbol.

    ``len(boxes)`` when none does; the records and symbols are measured once for all boxes.
    """
    data = _data_boxes(ax, points if points is not None else [], renderer_of(ax))
    for i, b in enumerate(boxes):
        if ((data[:, 0] < b[2]) & (data[:, 2] > b[0]) & (data[:, 1] < b[3]) & (data[:, 3] > b[1])).any():
            return i
    return len(boxes)


def first_on_land(ax: Axes, boxes: list[tuple[float, float, float, float]], *, tolerance_mm: float = 0.3) -> int:
    """Return the index of the first display box that covers Moroccan land (any region), ``len(boxes)`` when none does.

    A key never hides a region: a box that reaches more than ``tolerance_mm`` into the
    regions' union anywhere (the box shrunk by ``tolerance_mm`` on every side meets it) is on
    land, whatever the region shows (a class, hatching, plain land under an inset). The depth
    is measured where the land goes deepest, not averaged along the box's side: a key's
    corner over a region's corner (n2000 at 174 mm, 0.29 mm averaged) reached 4 mm into it.
    """
    on = reaches_land(ax, np.asarray(boxes, dtype=float).reshape(-1, 4), tolerance_mm)
    return int(np.argmax(on)) if on.any() else len(boxes)


def reaches_land(ax: Axes, boxes: np.ndarray, tolerance_mm: float) -> np.ndarray:
    """Return which display boxes ``(n, 4)`` reach more than ``tolerance_mm`` into Moroccan land (any region).

    A box reaches in when the box shrunk by ``tolerance_mm`` on every side meets the regions' union.
    """
    import shapely

    if not len(boxes):
        return np.zeros(0, dtype=bool)
    inset = tolerance_mm * root_figure(ax).dpi / 25.4
    inner = boxes + np.array([inset, inset, -inset, -inset])
    inner[:, 2], inner[:, 3] = np.maximum(inner[:, 0], inner[:, 2]), np.maximum(inner[:, 1], inner[:, 3])
    to_data = ax.transData.inverted()
    lo, hi = to_data.transform(inner[:, :2]).reshape(-1, 2), to_data.transform(inner[:, 2:]).reshape(-1, 2)
    shapes = shapely.box(lo[:, 0], lo[:, 1], hi[:, 0], hi[:, 1])
    return np.asarray(shapely.intersects(shapes, land()), dtype=bool)


def _data_boxes(ax: Axes, points: Any, renderer: Any) -> np.ndarray:
    """Display boxes ``(n, 4)`` of what furniture must not cover: each record's point, drawn symbol and hexagon."""
    xy = np.empty((0, 2))
    if len(points):
        px, py = project_points(points["lon"].to_numpy(), points["lat"].to_numpy())
        xy = ax.transData.transform(np.column_stack([px, py])[np.isfinite(px) & np.isfinite(py)])
    boxes = [np.hstack([xy, xy])]
    symbols = [a for a in ax.patches if (a.get_gid() or "").startswith(("place-", "density"))]
    if symbols:
        boxes.append(np.array([tuple(a.get_window_extent(renderer).extents) for a in symbols], dtype=float))
    hexagons = [c for c in ax.collections if c.get_gid() == "density" and len(np.asarray(c.get_offsets()))]
    boxes.extend(np.asarray(hexagon_boxes(ax, c), dtype=float).reshape(-1, 4) for c in hexagons)
    return np.vstack(boxes)


def _score(ax: Axes, b: tuple[float, float, float, float], data: np.ndarray) -> tuple[int, float]:
    """Score a display box: the records and symbols under it, then its share over land."""
    hidden = int(((data[:, 0] < b[2]) & (data[:, 2] > b[0]) & (data[:, 1] < b[3]) & (data[:, 3] > b[1])).sum())
    return hidden, _land_share(ax, b)


def _land_share(ax: Axes, b: tuple[float, float, float, float]) -> float:
    """Share of display box ``b`` over land (the territory and its neighbours), 0 to 1."""
    import shapely

    (x0, y0), (x1, y1) = ax.transData.inverted().transform([(b[0], b[1]), (b[2], b[3])])
    area = shapely.box(x0, y0, x1, y1)
    return float(round(area.intersection(all_land()).area / max(area.area, 1e-9), 4))


def _trial_box(ax: Axes, draw: Callable[[], object], renderer: Any) -> tuple[float, float, float, float]:
    """Draw some furniture, measure it (display box grown by 2), and take it away."""
    before = set(map(id, ax.get_children()))
    draw()
    drawn = [a for a in ax.get_children() if id(a) not in before]
    boxes = [a.get_window_extent(renderer) for a in drawn]
    for a in drawn:
        a.remove()
    return (
        min(b.x0 for b in boxes) - 2,
        min(b.y0 for b in boxes) - 2,
        max(b.x1 for b in boxes) + 2,
        max(b.y1 for b in boxes) + 2,
    )


def _true_length(bx: float, by: float, km: float) -> float:
    """Projected length of ``km`` starting at (bx, by): exact at the bar's midpoint (the parallel's scale factor)."""
    from pyproj import Proj, Transformer

    drawing = crs()
    inv = Transformer.from_crs(drawing, "EPSG:4326", always_xy=True)
    proj = Proj(drawing)
    lon, lat = inv.transform(bx, by)
    length = km * 1000 * proj.get_factors(lon, lat).parallel_scale
    # Refine at the bar's midpoint.
    lon_mid, lat_mid = inv.transform(bx + length / 2, by)
    return float(km * 1000 * proj.get_factors(lon_mid, lat_mid).parallel_scale)


def _draw_bar(ax: Axes, bx: float, by: float, length: float, h: float) -> None:
    """Draw the bar as four alternating black and white quarters."""
    from matplotlib.patches import Rectangle

    for i in range(4):
        ax.add_patch(
            Rectangle(
                (bx + i * length / 4, by),
                length / 4,
                h,
                facecolor="black" if i % 2 == 0 else "white",
                edgecolor="black",
                linewidth=0.5,
                zorder=20,
                gid="scale-bar",
                path_effects=halo(1.5),
            )
        )


def _marks_pt(km: float) -> float:
    """Length (points) a bar needs for its "0" and end marks, centred on its ends, not to touch."""
    return (word_width("0", TEXT_PT) + word_width(f"{km:g}", TEXT_PT)) / 2 + 3


def _label_bar(ax: Axes, bx: float, ty: float, length: float, km: float, *, wide: bool, short: bool = False) -> None:
    """Write the bar's marks (0, the middle when wide, its length) and the unit.

    On a bar too ``short`` for its "0" and its length centred on its ends (the southern
    inset's 150 km bar is 2.7 mm at 84 mm), the length and unit follow the bar's end on the
    right, and the "0" stays over its start.
    """
    marks: list[tuple[float, str]] = (
        [(0, "0"), (0.5, f"{km / 2:g}"), (1, f"{km:g}")] if wide else [(0, "0"), (1, f"{km:g}")]
    )
    marks = marks[:1] if short else marks
    for frac, text in marks:
        ax.text(
            bx + frac * length,
            ty,
            text,
            ha="center",
            va="bottom",
            fontsize=TEXT_PT,
            zorder=20,
            gid="scale-bar-label",
            path_effects=halo(),
        )
    end = 0.0
    if short:  # the length after the bar's end, on the marks' line
        end = word_width(f"{km:g}", TEXT_PT) + SHORT_GAP_PT
        _mark(ax, (bx + length, ty), f"{km:g}", SHORT_GAP_PT)
    # The unit follows the last number on its line (DejaVu digits are 0.64 em wide).
    _mark(ax, (bx + length, ty), "km", end + len(f"{km:g}") * 0.32 * TEXT_PT + 1.5 if not short else end + 1.5)


#: Room between a short bar's end and its length (pt).
SHORT_GAP_PT = 1.5


def _mark(ax: Axes, xy: tuple[float, float], text: str, offset_pt: float) -> None:
    """Write a scale bar's mark ``offset_pt`` right of ``xy`` (data), on the marks' line."""
    ax.annotate(
        text,
        xy=xy,
        xytext=(offset_pt, 0),
        textcoords="offset points",
        ha="left",
        va="bottom",
        fontsize=TEXT_PT,
        zorder=20,
        gid="scale-bar-label",
        path_effects=halo(),
    )


def scale_denominator(ax: Axes) -> int:
    """Nominal scale 1:N of a map frame (at the projection's standard parallels), rounded to two digits."""
    x0, x1 = ax.get_xlim()
    width_m = ax.get_window_extent().width / root_figure(ax).dpi * 0.0254
    return round_scale((x1 - x0) / max(width_m, 1e-9))


def round_scale(n: float) -> int:
    """Round a scale's denominator to two significant digits: 18,437,112 → 18,000,000."""
    digits = max(0, math.floor(math.log10(n)) - 1)
    return int(round(n / 10**digits) * 10**digits)


def inset_title(inset: Axes, text: str) -> Any:
    """Write an inset's title in its upper left corner, on a white band across the inset; return the text artist.

    The band (:data:`TITLE_BAND_GID`) runs the inset's whole width from the title's foot to
    its top, ruled under: a header, not a box set on the land (the insets keep their places
    below that strip, :func:`._insets._strip_in`).
    """
    title = inset.text(
        0.02,
        0.98,
        text,
        transform=inset.transAxes,
        ha="left",
        va="top",
        fontsize=TEXT_PT,
        zorder=30,
        gid="inset-title",
        parse_math=False,
        bbox={"boxstyle": "square,pad=0.25", "facecolor": "white", "edgecolor": "none", "alpha": 1.0},
    )
    _title_band(inset, title)
    return title


#: The white band under an inset's title, across the inset.
TITLE_BAND_GID = "inset-title-band"


def _title_band(inset: Axes, title: Any) -> None:
    """Draw the band under ``title``: from the foot of its box (its pad, 0.25 em, included) to the inset's top."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    renderer = renderer_of(inset)
    frame = inset.get_window_extent(renderer)
    foot = title.get_window_extent(renderer).y0 - 0.25 * TEXT_PT * root_figure(inset).dpi / 72
    y = (foot - frame.y0) / max(frame.height, 1.0)
    band = Rectangle((0, y), 1, 1 - y, transform=inset.transAxes, facecolor="white", edgecolor="none", zorder=29)
    band.set_gid(TITLE_BAND_GID)
    inset.add_patch(band)
    rule = Line2D([0, 1], [y, y], transform=inset.transAxes, color="#1a1a1a", linewidth=0.5, zorder=29)
    rule.set_gid(TITLE_BAND_GID)
    inset.add_line(rule)


def title_band(inset: Axes) -> list[Any]:
    """Return the artists of an inset's title band (:func:`inset_title`): what else in the inset keeps clear of."""
    return [a for a in inset.get_children() if a.get_gid() == TITLE_BAND_GID]
