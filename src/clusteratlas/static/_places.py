"""Places on a map: records grouped by place, their symbols and pies, their labels, or a density.

Records at the same coordinates (to about 100 m) are one place, drawn as one symbol whose
area grows with its records and cut as a pie when they fall in several categories. Labels
are placed by the collision-free engine of :mod:`._placer`, in display coordinates, then
drawn back in data coordinates; each drawn label is recorded (:class:`.drawing.Label`).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..mapspec import UNKNOWN_COLOR, MapSpec
from ._basemap import project_points
from ._density import draw_density, shade_density
from ._numbering import (
    Judge,
    Labelling,
    Numbered,
    is_among,
    labelled_places,
    number_in_order,
    remove_labels,
    too_narrow,
    true_xy,
)
from ._patterns import draw_marks, hatch_style, hatches, mark_reach
from ._placer import Spacing, place_labels
from ._placetexts import key_text as _key_text
from ._placetexts import place_text as _place_text
from ._placetexts import short_name
from ._sizing import Sizing
from ._spread import spread
from ._style import TEXT_PT, halo, renderer_of, root_figure
from ._under import data_boxes
from .drawing import Label, Layer, Part

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

__all__ = [
    "DENSITY_LABELS",
    "DOT_PT",
    "LEADER_MAX_MM",
    "LEADER_MM",
    "NUMBER_ABOVE",
    "SYMBOL_MAX_PT",
    "SYMBOL_PT",
    "THIN_HALO_PT",
    "UNCERTAIN_MARKER",
    "Box",
    "Labelling",
    "Numbered",
    "box",
    "crowding",
    "draw_density",
    "draw_dots",
    "draw_label",
    "draw_symbols",
    "frame_segments",
    "group_places",
    "is_among",
    "label_places",
    "labelled_places",
    "measure_texts",
    "number_in_order",
    "place_layer",
    "radius_pt",
    "remove_labels",
    "shade_density",
    "short_name",
    "spread_layer",
    "symbol_radii",
    "too_narrow",
    "top_places",
]

#: Radius (pt) of a one-record symbol, and the largest symbol; area grows with the records at a place.
SYMBOL_PT = 2.6
SYMBOL_MAX_PT = 9.0
#: With more places to label than this in one map, markers are numbered and keyed in the caption.
NUMBER_ABOVE = 40
#: Rings of candidate positions a number tries around its symbol, as a name does; the outer ones get a leader.
NUMBER_RINGS = 3
#: Rings farther out that a number tries, in sixteen directions, when the first are full (on a leader that
#: may pass over other symbols): three, so that a number stays within about five lines of its symbol.
NUMBER_FAR = 3
#: Marker of a low-confidence location.
UNCERTAIN_MARKER = "D"
#: On a density map, the places with the most records are marked with a dot and named.
DENSITY_LABELS = 12
DOT_PT = 1.6

#: A box in display coordinates: ``(x0, y0, x1, y1)``.
Box = tuple[float, float, float, float]
#: A place, its label texts and where its label went (a :class:`~._placer.Placement`, or None).
_Placed = tuple[int, tuple[str, ...], Any]
#: A round of labels: each place, its texts and placement; how many are numbers; the most numbers it has room for.
_Round = tuple[list[_Placed], int, int]


def group_places(points: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """Group records by place: same coordinates to about 100 m (a city placement is one place).

    Returns
    -------
    places : pandas.DataFrame
        One row per place, sorted by position: ``x``, ``y`` (projected), ``n`` records,
        ``area`` (sum of the records' size factors), ``uncertain`` (any record of low
        confidence), ``coarse`` (all placed by province or region only).
    place_of : numpy.ndarray
        The place of each record (row of ``places``).
    """
    x, y = project_points(points["lon"].to_numpy(), points["lat"].to_numpy())
    frame = pd.DataFrame(
        {
            "kx": np.round(x / 100).astype(np.int64),
            "ky": np.round(y / 100).astype(np.int64),
            "x": x,
            "y": y,
            "uncertain": points["uncertain"].to_numpy(dtype=bool),
            "coarse": points["coarse"].to_numpy(dtype=bool),
            "size": points["size"].to_numpy(dtype=float),
        }
    )
    grouped = frame.groupby(["kx", "ky"], sort=True)
    places = grouped.agg(
        x=("x", "mean"),
        y=("y", "mean"),
        n=("x", "size"),
        area=("size", "sum"),
        uncertain=("uncertain", "any"),
        coarse=("coarse", "all"),
    ).reset_index(drop=True)
    return places, grouped.ngroup().to_numpy()


def _members(place_of: np.ndarray, count: int) -> list[np.ndarray]:
    """Record positions of each place, in record order (one pass, no loop over records)."""
    order = np.argsort(place_of, kind="stable")
    bounds = np.cumsum(np.bincount(place_of, minlength=count))[:-1]
    return np.split(order, bounds)


def radius_pt(area: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """Symbol radius in points: area proportional to the records at a place, capped."""
    return np.asarray(np.minimum(SYMBOL_PT * scale * np.sqrt(np.maximum(area, 0.05)), SYMBOL_MAX_PT * scale))


def crowding(places: int) -> float:
    """Symbol scale for a map with this many places: smaller symbols when there are many (0.6 to 1)."""
    return float(np.clip(np.sqrt(80 / max(places, 1)), 0.6, 1.0))


def _data_per_pt(ax: Axes) -> float:
    x0, x1 = ax.get_xlim()
    width_px = ax.get_window_extent().width
    dpi = root_figure(ax).dpi
    return float((x1 - x0) / max(width_px, 1.0) * dpi / 72)


def _shape(px: float, py: float, r: float, *, coarse: bool, uncertain: bool) -> tuple[Any, str]:
    """Return a place's symbol and its kind: a square if coarse, a diamond if uncertain, else a circle.

    The three have the area of the circle of radius ``r``: a symbol's area is its records'.
    """
    from matplotlib.patches import Circle, Polygon, Rectangle

    if coarse:
        side = _SQUARE * r
        return Rectangle((px - side / 2, py - side / 2), side, side), "coarse"
    if uncertain:
        d = _DIAMOND * r
        return Polygon([(px, py + d), (px + d, py), (px, py - d), (px - d, py)], closed=True), "uncertain"
    return Circle((px, py), r), "certain"


#: Side of a square and half-diagonal of a diamond of the area of a circle of radius 1.
_SQUARE = float(np.sqrt(np.pi))
_DIAMOND = float(np.sqrt(np.pi / 2))
#: A symbol's reach beyond its radius (a diamond's corners: 1.25) and the room kept between two (pt).
_REACH = 1.25
_SPREAD_GAP_PT = 0.6
#: The farthest a symbol is moved from its place, in radii of the layer's largest symbol (with its reach).
_SPREAD_CAP = 2.0


def symbol_radii(area: np.ndarray, scale: float = 1.0, sizing: Sizing | None = None) -> np.ndarray:
    """Return the symbols' radii (pt): from the figure's :class:`~._sizing.Sizing`, else :func:`radius_pt`."""
    return radius_pt(area, scale) if sizing is None else sizing.radii(area)


def spread_layer(
    ax: Axes,
    layer: Layer,
    *,
    scale: float = 1.0,
    radii_pt: np.ndarray | None = None,
    sizing: Sizing | None = None,
) -> Layer:
    """Return ``layer`` with its places moved apart on ``ax`` so that no symbol hides another (:func:`._spread.spread`).

    The places' true positions are kept as ``x_true`` and ``y_true``; :func:`draw_symbols`
    joins a moved symbol to its true place by a leader line. ``radii_pt``: the symbols' radii
    (pt) when they are not sized by their records (the dots of a density map); ``sizing``:
    the figure's symbol sizes (else :func:`radius_pt` at ``scale``).
    """
    places = layer.places
    if not len(places):
        return layer
    k = _data_per_pt(ax)
    r_pt = symbol_radii(places["area"].to_numpy(), scale, sizing) if radii_pt is None else radii_pt
    radii = r_pt * _REACH * k
    xy = places[["x", "y"]].to_numpy(dtype=float)
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    cap = _SPREAD_CAP * float(radii.max()) + _SPREAD_GAP_PT * k  # a symbol stays by its place
    moved = spread(xy, radii, gap=_SPREAD_GAP_PT * k, bounds=(x0, x1, y0, y1), cap=cap)  # none cut at the frame
    out = places.assign(x=moved[:, 0], y=moved[:, 1], x_true=xy[:, 0], y_true=xy[:, 1])
    return replace(layer, places=out)


def _draw_leaders(ax: Axes, places: pd.DataFrame, r_pt: np.ndarray, k: float) -> None:
    """Join each moved symbol to a dot at its true place (symbols moved by less than a third of their radius: none)."""
    from matplotlib.collections import LineCollection

    if "x_true" not in places:
        return
    x, y = places["x"].to_numpy(), places["y"].to_numpy()
    tx, ty = places["x_true"].to_numpy(), places["y_true"].to_numpy()
    moved = _moved(places, r_pt, k)
    if not moved.any():
        return
    segments = np.stack([np.column_stack([tx[moved], ty[moved]]), np.column_stack([x[moved], y[moved]])], axis=1)
    ax.add_collection(
        LineCollection(list(segments), colors="#333333", linewidths=0.45, zorder=15.5, gid="symbol-leader")
    )
    ax.scatter(tx[moved], ty[moved], s=1.6**2, c="#1a1a1a", linewidths=0, zorder=15.6, gid="symbol-origin")


def draw_symbols(
    ax: Axes, spec: MapSpec, layer: Layer, *, scale: float = 1.0, sizing: Sizing | None = None
) -> np.ndarray:
    """Draw one symbol per place of ``layer`` and return the symbols' radii in points.

    A circle (a diamond if low confidence, a square if coarse), cut as a pie when its
    records fall in several categories. A place moved by :func:`spread_layer` is joined to
    its true position by a leader line. ``sizing``: the figure's symbol sizes, area
    proportional to the records (else :func:`radius_pt` at ``scale``, capped).
    """
    places = layer.places
    r_pt = symbol_radii(places["area"].to_numpy(), scale, sizing)
    k = _data_per_pt(ax)
    _draw_leaders(ax, places, r_pt, k)
    edge = {"edgecolor": "#1a1a1a", "linewidth": 0.5}
    table = hatches([*spec.colors.values(), UNKNOWN_COLOR])  # a pattern where colours print alike in grey
    # Large symbols first, so that small ones stay visible on top.
    for i in np.argsort(-r_pt, kind="stable"):
        px, py = float(places["x"].iat[i]), float(places["y"].iat[i])
        r = float(r_pt[i]) * k
        shape, kind = _shape(
            px, py, r, coarse=bool(places["coarse"].iat[i]), uncertain=bool(places["uncertain"].iat[i])
        )
        parts = layer.mix[i]
        z = 16 + float(i) / (10 * max(len(places), 1))
        if len(parts) == 1:
            face = spec.colors.get(parts[0][0], UNKNOWN_COLOR)
            shape.set(facecolor=face, zorder=z, gid=f"place-{kind}", **edge, **hatch_style(face, table))
            ax.add_artist(shape)
            draw_marks(ax, shape, (px, py), mark_reach(r, k, kind), k)  # its pattern, centred: seen at any size
            continue
        shape.set(facecolor="none", zorder=z + 0.01, gid=f"place-{kind}", **edge)
        ax.add_artist(shape)
        _draw_pie(ax, spec, (px, py, 1.5 * r), parts, (shape, table), z)
        for wedge in [a for a in ax.patches if a.get_gid() == "place-wedge" and a.get_hatch()]:  # this pie's
            draw_marks(ax, wedge, (px, py), mark_reach(r, k, kind), k)
    return r_pt


def _draw_pie(
    ax: Axes,
    spec: MapSpec,
    circle: tuple[float, float, float],
    parts: tuple[Part, ...],
    clip: tuple[Any, dict[str, str]],
    z: float,
) -> None:
    """Draw a place's categories as wedges from twelve o'clock, clockwise, clipped to its symbol.

    ``clip`` is the symbol and the categories' patterns (:func:`._patterns.hatches`).
    """
    from matplotlib.patches import Wedge

    shape, table = clip
    px, py, radius = circle
    total = sum(c for _, c in parts)
    start = 90.0
    for cat, c in parts:
        sweep = 360.0 * c / total
        face = spec.colors.get(cat, UNKNOWN_COLOR)
        wedge = Wedge((px, py), radius, start - sweep, start, facecolor=face)
        wedge.set(edgecolor="white", linewidth=0.3, zorder=z, gid="place-wedge", **hatch_style(face, table))
        ax.add_artist(wedge)
        wedge.set_clip_path(shape)
        start -= sweep


def draw_dots(ax: Axes, layer: Layer) -> None:
    """Mark the places of ``layer`` with small dots (the named places of a density map), moved ones on a leader."""
    _draw_leaders(ax, layer.places, np.full(len(layer.places), DOT_PT), _data_per_pt(ax))
    ax.scatter(
        layer.places["x"],
        layer.places["y"],
        s=(2 * DOT_PT) ** 2,
        c="#1a1a1a",
        edgecolors="white",
        linewidths=0.5,
        zorder=16,
        gid="density-dot",
    )


def _mix(spec: MapSpec, points: pd.DataFrame, place_of: np.ndarray, count: int) -> tuple[tuple[Part, ...], ...]:
    """Count the records per category at each place, in legend order."""
    order = {c: i for i, c in enumerate(spec.colors)}
    table = pd.DataFrame({"place": place_of, "category": points["category"].to_numpy()})
    sizes = table.groupby(["place", "category"], sort=False).size()
    out: list[list[Part]] = [[] for _ in range(count)]
    for (p, cat), c in sizes.items():
        out[int(p)].append((str(cat), int(c)))
    for parts in out:
        parts.sort(key=lambda kv: order.get(kv[0], len(order)))
    return tuple(tuple(parts) for parts in out)


def place_layer(spec: MapSpec, points: pd.DataFrame, *, detailed: bool, counted: bool = False) -> Layer:
    """Group ``points`` by place and give each its names, label texts, key text and categories.

    ``counted`` as in :func:`._placetexts.place_text`.
    """
    places, place_of = group_places(points)
    members = _members(place_of, len(places))
    names = points["label"].to_numpy()
    places["name"] = _place_names(points, place_of, len(places))
    options, keys = [], []
    for m, city in zip(members, places["name"], strict=True):
        options.append(_place_text(list(names[m]), city, len(m), spec, detailed=detailed, counted=counted))
        keys.append(_key_text(list(names[m]), city, len(m), spec))
    return Layer(places=places, options=tuple(options), keys=tuple(keys), mix=_mix(spec, points, place_of, len(places)))


def _most_common(place_of: np.ndarray, values: pd.Series, count: int) -> pd.Series:
    """Return the most common non-empty value at each place (ties: the first in sort order), NA where none."""
    table = pd.DataFrame({"place": place_of, "value": values.astype("string").fillna("").to_numpy()})
    table = table[table["value"].str.strip().ne("")]
    sizes = table.groupby(["place", "value"], sort=True).size().rename("n").reset_index()
    sizes = sizes.sort_values(["place", "n", "value"], ascending=[True, False, True], kind="mergesort")
    best = sizes.drop_duplicates("place").set_index("place")["value"]
    return best.reindex(range(count)).astype("string")


def _place_names(points: pd.DataFrame, place_of: np.ndarray, count: int) -> np.ndarray:
    """Name each place: its gazetteer name when the geocoder matched one, else the data's most common spelling.

    A place of records placed only by province or region takes that area's name.
    """
    empty = pd.Series("", index=points.index)
    name = _most_common(place_of, points.get("place", empty), count)
    for column in ("city", "province", "region"):
        name = name.fillna(_most_common(place_of, points.get(column, empty), count))
    return np.asarray(name.fillna("").to_numpy(dtype=object))


def top_places(spec: MapSpec, points: pd.DataFrame, k: int) -> tuple[Layer, int]:
    """Return the layer of the ``k`` places with the most records (ties by position) and the number of places."""
    places, place_of = group_places(points)
    order = np.lexsort((places["y"].to_numpy(), places["x"].to_numpy(), -places["n"].to_numpy()))[:k]
    layer = place_layer(spec, points[np.isin(place_of, order)], detailed=False, counted=True)
    return layer, len(places)


# ------------------------------------------------------------------------------------ labels


def box(artist: Any, renderer: Any, grow: float = 1.0) -> Box:
    """Return an artist's window extent grown by ``grow`` pixels on each side."""
    b = artist.get_window_extent(renderer)
    return (b.x0 - grow, b.y0 - grow, b.x1 + grow, b.y1 + grow)


def measure_texts(fig: Figure, texts: list[tuple[str, ...]], renderer: Any) -> list[np.ndarray]:
    """Width and height (display units) of each text at the label size, measured once per distinct text."""
    from matplotlib.text import Text

    probe = Text(0, 0, "", fontsize=TEXT_PT, ha="left", va="bottom", parse_math=False)
    probe.set_figure(fig)
    cache: dict[str, tuple[float, float]] = {}
    out = []
    for options in texts:
        for text in options:
            if text not in cache:
                probe.set_text(text)
                extent = probe.get_window_extent(renderer)
                cache[text] = (extent.width, extent.height)
        out.append(np.array([cache[t] for t in options], dtype=float))
    return out


def _wanted(xy: np.ndarray, frame: Box, layer: Layer, skip: np.ndarray | None, covered: list[Box] | None) -> np.ndarray:
    """Places to label, most records first, then by label text: inside the frame, not skipped, not under an inset."""
    places = layer.places
    fx0, fy0, fx1, fy1 = frame
    want = (xy[:, 0] > fx0) & (xy[:, 0] < fx1) & (xy[:, 1] > fy0) & (xy[:, 1] < fy1)
    for bx0, by0, bx1, by1 in covered or []:  # markers under an inset are labelled there, or not at all
        want &= ~((xy[:, 0] > bx0) & (xy[:, 0] < bx1) & (xy[:, 1] > by0) & (xy[:, 1] < by1))
    if skip is not None:
        want &= ~skip
    idx = np.flatnonzero(want)
    return np.array(sorted(idx, key=lambda i: (-int(places["n"].iat[i]), layer.options[i][0])), dtype=int)


def label_places(  # noqa: PLR0913 - the frame, its places, what to avoid, how to number
    ax: Axes,
    layer: Layer,
    *,
    obstacles: list[Box],
    skip: np.ndarray | None = None,
    numbered: bool | None = None,
    limit: int | None = None,
    start: int = 0,
    covered: list[Box] | None = None,
    widest: int = 0,
    judge: Judge | None = None,
) -> Labelling:
    """Label the places of one frame with the collision-free engine; numbers and a key when crowded.

    The symbols' radii are the layer's (``layer.radii``, in points). Numbers continue from
    ``start`` (the keys of frames labelled before); they are placed at the width of this
    frame's largest, or of ``widest`` if wider, so that :func:`number_in_order` can number
    every frame's places again in geographic order (:func:`too_narrow` says when a number
    it gave is wider than the room it was placed in). ``judge``: how many of the places a
    round of labels leaves out would still be marked (in numbered groups, :mod:`._groups`);
    of several rounds, the one whose labels and marks identify the most places is kept
    (:func:`_best`).
    """
    renderer = renderer_of(ax)
    xy = ax.transData.transform(np.column_stack([layer.places["x"].to_numpy(), layer.places["y"].to_numpy()]))
    extent = ax.get_window_extent(renderer)
    frame = (extent.x0, extent.y0, extent.x1, extent.y1)
    idx = _wanted(xy, frame, layer, skip, covered)
    candidates = len(idx)
    if numbered is None:
        numbered = len(idx) > (NUMBER_ABOVE if limit is None else limit)
    if not numbered and limit is not None:
        idx = idx[:limit]
    if not len(idx):
        return Labelling(candidates=candidates)
    if not numbered:  # names; a place whose name fits nowhere gets a number and a key line
        names, numbers = _names_and_numbers(
            ax, layer, xy, idx, frame=frame, obstacles=obstacles, start=start, widest=widest, judge=judge
        )
        labels, _ = _draw_labels(ax, layer, names, start, False)
        more, key = _draw_labels(ax, layer, numbers, start, True)
        missed = tuple(i for i, _, p in [*names, *numbers] if p is None)
        return Labelling((*labels, *(n.label for n in more)), candidates, key, more, missed)
    # Numbers are placed at the width of the largest, and given north to south once placed.
    texts: list[tuple[str, ...]] = [(str(max(widest, start + len(idx))),)] * len(idx)
    result = _numbers(ax, layer, xy, idx, texts, frame=frame, obstacles=obstacles, judge=judge)
    drawn, key = _draw_labels(ax, layer, [(int(idx[j]), texts[j], p) for j, p in enumerate(result)], start, True)
    missed = tuple(int(idx[j]) for j, p in enumerate(result) if p is None)
    return Labelling(tuple(n.label for n in drawn), candidates, key, drawn, missed)


def _numbers(
    ax: Axes,
    layer: Layer,
    xy: np.ndarray,
    idx: np.ndarray,
    texts: list[tuple[str, ...]],
    *,
    frame: Box,
    obstacles: list[Box],
    judge: Judge | None = None,
) -> list[Any]:
    """Place the numbers of ``idx``; those that find no room go first in another round (:data:`_NAMING_ROUNDS`).

    Returns the placements in the order of ``idx``: of the round that identifies the most
    places (:func:`_best`; the first of ties).
    """
    order = np.arange(len(idx))
    rounds: list[_Round] = []
    room = 10 ** len(texts[0][0]) - 1 if texts else 0
    for _ in range(_NAMING_ROUNDS):
        result = _place(
            ax, layer, xy, idx[order], texts, frame=frame, obstacles=obstacles, rings=(NUMBER_RINGS, NUMBER_FAR)
        )
        back: list[Any] = [None] * len(idx)
        for k, j in enumerate(order):
            back[int(j)] = result[k]
        placed = [(int(i), texts[0], p) for i, p in zip(idx, back, strict=True)]
        rounds.append((placed, sum(p is not None for p in back), room))
        lost = np.array([p is None for p in result], dtype=bool)
        if not _again(lost):
            break
        order = np.concatenate([order[lost], order[~lost]])
    return [p for _, _, p in rounds[_best(rounds, judge, last=False)][0]]


def _best(rounds: list[_Round], judge: Judge | None, *, last: bool) -> int:
    """Return which of the ``rounds`` identifies the most places: labelled, or marked in groups (``judge``).

    A round whose numbers, with those of the frames before, run past the digits they were
    placed with is kept only if every round does. Ties: the first round, or the ``last``.
    One round: no need to judge it; more than :data:`_JUDGED_LEFT` places left out: judged
    on its labels alone.
    """
    if len(rounds) == 1:
        return 0
    best, which = (False, -1), 0
    for k, (placed, numbers, room) in enumerate(rounds):
        labelled = [p for _, _, p in placed if p is not None]
        left = np.array([i for i, _, p in placed if p is None], dtype=int)
        marked, more = judge.gain(left, labelled) if judge is not None and 0 < len(left) <= _JUDGED_LEFT else (0, 0)
        value = (judge is None or judge.before + numbers + more <= room, len(labelled) + marked)
        if value > best or (last and value == best):
            best, which = value, k
    return which


#: A round leaving out more places than this is judged on its labels alone (:func:`_best`): in a crowd that full the
#: groups' numbers find little room, and looking for it costs the most (1,000 heaped places: 7 s to 20 s).
_JUDGED_LEFT = 100


#: Another round is run for the numbers that found no room only while they are at most this share of the labels: a
#: crowd with room to share (a saturated one gains nothing, and in a dense one at 84 mm the numbers' rounds took
#: the room of the groups' numbers: 93 of 112 places identified with half, 97 with a quarter, 96 in one round).
_RETRY_SHARE = 0.5


def _again(lost: np.ndarray) -> bool:
    """Whether to place the numbers again, those ``lost`` (found no room) first: see :data:`_RETRY_SHARE`."""
    return bool(lost.any()) and int(lost.sum()) <= _RETRY_SHARE * len(lost)


#: Rounds of naming: each gives a number to the places whose names fitted nowhere, placed first in the next; a
#: number that found no room goes before the other numbers in the next round. The round labelling most is kept.
_NAMING_ROUNDS = 6


def _names_and_numbers(  # noqa: PLR0913 - the places, the frame, what to avoid, how to number and judge
    ax: Axes,
    layer: Layer,
    xy: np.ndarray,
    idx: np.ndarray,
    *,
    frame: Box,
    obstacles: list[Box],
    start: int,
    widest: int = 0,
    judge: Judge | None = None,
) -> tuple[list[_Placed], list[_Placed]]:
    """Place the names of ``idx`` (in priority order); return the named places and the numbered ones.

    A place whose name fits nowhere gets a number; in the next round the numbers are placed
    first (beside their symbols, or far out on a leader; a number that found no room before
    the others), then the names, until every label fits or :data:`_NAMING_ROUNDS` have run;
    the round that identifies the most places is kept (:func:`_best`). Over data drawn under the labels (a density's
    hexagons), where the busiest places' names are the spots' first claim, every label is
    placed in priority order, numbers too.
    """
    numbered, failed = np.zeros(len(idx), dtype=bool), np.zeros(len(idx), dtype=bool)
    by_rank = bool(data_boxes(ax))
    rounds: list[_Round] = []
    kinds: list[np.ndarray] = []
    for _ in range(_NAMING_ROUNDS):
        order = np.arange(len(idx)) if by_rank else _round_order(numbered, failed)
        width = (str(max(widest, start + max(int(numbered.sum()), 1))),)  # numbers placed at the largest's width
        texts = [width if numbered[j] else layer.options[idx[j]] for j in order]
        # every label may go far out on a leader, names in priority order: a busy place's name before a number;
        # over data (hexagons) every label clear of it: a name else numbered, a number else left out
        reach = (NUMBER_RINGS, NUMBER_FAR, np.ones(len(order), dtype=bool), numbered[order])
        clean = order >= NAMED_OVER_DATA
        result = _place(ax, layer, xy, idx[order], texts, frame=frame, obstacles=obstacles, rings=reach, clean=clean)
        none = np.array([p is None for p in result], dtype=bool)
        rounds.append(_round_of(idx[order], texts, result, numbered[order], width[0]))
        kinds.append(numbered[order])
        missed, lost = none & ~numbered[order], none & numbered[order]  # names that fit nowhere; numbers
        if not missed.any() and (by_rank or not _again(lost)):
            break
        numbered[order[missed]] = True
        failed[order[lost]] = True
    best = _best(rounds, judge, last=True)  # the last of ties
    placed, numbered = rounds[best][0], kinds[best]
    names = [p for p, k in zip(placed, numbered, strict=True) if not k]
    return names, [p for p, k in zip(placed, numbered, strict=True) if k]


def _round_of(
    rows: np.ndarray, texts: list[tuple[str, ...]], result: list[Any], numbers: np.ndarray, width: str
) -> _Round:
    """Return a naming round for :func:`_best`: each place (``rows``), its texts and placement, its numbers, their room.

    ``numbers``: which labels are numbers, placed at the ``width`` of the largest (room for its digits).
    """
    placed = [(int(i), t, p) for i, t, p in zip(rows, texts, result, strict=True)]
    count = sum(p is not None for p, k in zip(result, numbers, strict=True) if k)
    return placed, count, 10 ** len(width) - 1


def _round_order(numbered: np.ndarray, failed: np.ndarray) -> np.ndarray:
    """Return the order of a naming round: the numbers that found no room before, the other numbers, the names.

    Each in priority order (most records first).
    """
    first = [np.flatnonzero(numbered & failed), np.flatnonzero(numbered & ~failed), np.flatnonzero(~numbered)]
    return np.concatenate(first)


def _place(  # noqa: PLR0913 - the places, their texts, the frame, what to avoid, how far, how clean
    ax: Axes,
    layer: Layer,
    xy: np.ndarray,
    idx: np.ndarray,
    texts: list[tuple[str, ...]],
    *,
    frame: Box,
    obstacles: list[Box],
    rings: tuple[int, int] | tuple[int, int, np.ndarray, np.ndarray] = (3, 0),
    clean: np.ndarray | None = None,
) -> list[Any]:
    """Run the placement engine on the chosen places, in display units (symbols a quarter larger, for air).

    ``rings``: the rings of candidates around a symbol, the far rings tried when those are
    full, which places may go there and which are numbers (default: all far, all numbers);
    ``clean``: which labels stand only off the data drawn under them (:func:`._placer.place_labels`).
    """
    fig, renderer = root_figure(ax), renderer_of(ax)
    px_per_pt, soft = fig.dpi / 72, data_boxes(ax)
    sizes = measure_texts(fig, texts, renderer)
    radii_pt = layer.radii
    markers = np.column_stack([xy[:, 0], xy[:, 1], radii_pt * px_per_pt * _REACH])
    lead = LEADER_MM * fig.dpi / 25.4
    spacing = Spacing(
        gap=1.2 * px_per_pt,
        pad=1.0 * px_per_pt,
        rings=rings[0],
        far=rings[1],
        lead=lead,
        core=1 / _REACH,
        longest=(LEADER_DATA_MM if soft else LEADER_MAX_MM) * fig.dpi / 25.4,
        cross=not soft,  # a leader over other symbols: only where no other spot is free, and never over data
    )
    return place_labels(
        xy[idx],
        radii_pt[idx] * px_per_pt * _REACH,
        sizes,
        frame=frame,
        markers=markers,
        owners=idx,
        obstacles=obstacles,
        spacing=spacing,
        far=rings[2] if len(rings) > 2 else None,
        segments=frame_segments(ax, layer),
        keyed=rings[3] if len(rings) > 3 else np.ones(len(idx), dtype=bool),
        soft=soft,
        clean=clean,
    )


#: Over data drawn under the labels (hexagons), this many of the busiest places may set a label over it: none.
NAMED_OVER_DATA = 0
#: A label farther than this (mm) from its symbol's drawn edge is joined to it by a leader line.
LEADER_MM = 1.5
#: The longest leader line (mm at print size) a label may have: farther out, a name reads as another place's.
LEADER_MAX_MM = 12.0
#: The longest leader (mm) over data drawn under the labels (hexagons): a name stands by its place (a coastal town's
#: at sea) or is numbered, and a number finds a spot clear of the data or is left out (the caption names it).
LEADER_DATA_MM = 6.0
#: Halo (pt) of a label set over data (hexagons): thin, so the data's colour shows round its letters.
THIN_HALO_PT = 0.5


def frame_segments(ax: Axes, layer: Layer) -> list[Box]:
    """Return the lines no label on ``ax`` covers: the layer's symbol leaders and a detail view's frame edges."""
    return _leader_segments(ax, layer) + _frame_edges(ax)


def _frame_edges(ax: Axes) -> list[Box]:
    """Return the edges of the rectangles on ``ax`` that frame a detail inset's view, in display coordinates."""
    edges: list[Box] = []
    for patch in ax.patches:
        if patch.get_gid() == "detail-frame":
            (x0, y0), (x1, y1) = patch.get_window_extent().get_points()
            edges += [(x0, y0, x1, y0), (x1, y0, x1, y1), (x1, y1, x0, y1), (x0, y1, x0, y0)]
    return edges


def _leader_segments(ax: Axes, layer: Layer) -> list[Box]:
    """Return the leaders of the layer's moved symbols (:func:`_draw_leaders`) in display coordinates."""
    places = layer.places
    if "x_true" not in places or not len(layer.radii):
        return []
    moved = _moved(places, layer.radii, _data_per_pt(ax))
    ends = places.loc[moved, ["x_true", "y_true", "x", "y"]].to_numpy(dtype=float)
    start, end = ax.transData.transform(ends[:, :2]), ax.transData.transform(ends[:, 2:])
    return [tuple(float(v) for v in row) for row in np.hstack([start, end])]  # type: ignore[misc]


def _moved(places: pd.DataFrame, r_pt: np.ndarray, k: float) -> np.ndarray:
    """Which symbols were moved from their true place by more than a third of their radius (drawn on a leader)."""
    x, y = places["x"].to_numpy(), places["y"].to_numpy()
    tx, ty = places["x_true"].to_numpy(), places["y_true"].to_numpy()
    return np.asarray(np.hypot(x - tx, y - ty) > r_pt * k / 3)


def _draw_labels(
    ax: Axes, layer: Layer, results: list[tuple[int, tuple[str, ...], Any]], start: int, numbered: bool
) -> tuple[Any, tuple[str, ...]]:
    """Draw the placed labels (place, its texts, its :class:`~._placer.Placement` or None) and leaders.

    Returns the labels drawn (when numbered, as :class:`Numbered`, north to south by true
    position) and, when numbered, the key lines ("3 Casablanca: 8 records").
    """
    places = layer.places
    to_data = ax.transData.inverted()
    true = true_xy(places)
    drawn: list[Any] = []
    key: list[str] = []
    if numbered:  # north to south, then west to east: a reader finds a number where the eye goes
        results = sorted(results, key=lambda r: (-float(true[r[0], 1]), float(true[r[0], 0])))
    for i, texts, placed in results:
        if placed is None:
            continue
        text = texts[placed.option]
        if numbered:
            text = str(start + len(key) + 1)
            key.append(f"{text} {layer.keys[i]}")
        anchor = (float(places["x"].iat[i]), float(places["y"].iat[i]))
        label, leader = draw_label(ax, to_data, text, anchor, placed)
        position = (float(true[i, 0]), float(true[i, 1]))
        room = len(texts[placed.option])
        drawn.append(Numbered(label, layer.keys[i], position, leader, room) if numbered else label)
    return tuple(drawn), tuple(key)


def draw_label(ax: Axes, to_data: Any, text: str, anchor: tuple[float, float], placed: Any) -> tuple[Label, Any]:
    """Draw one label where the engine placed it, with its leader line if it has one; return it and the leader."""
    from matplotlib.lines import Line2D

    x0, y0, x1, _ = placed.box
    tx = {"left": x0, "right": x1, "center": (x0 + x1) / 2}[placed.ha]
    dx, dy = to_data.transform((tx, y0))
    artist = ax.text(
        dx,
        dy,
        text,
        ha=placed.ha,
        va="bottom",
        multialignment=placed.ha,
        fontsize=TEXT_PT,
        zorder=18,
        gid="cluster-label",
        parse_math=False,
        path_effects=halo(THIN_HALO_PT) if getattr(placed, "over", False) else halo(),
    )
    leader, line = None, None
    if placed.leader is not None:
        (a, b), (c, d) = to_data.transform([placed.leader[:2], placed.leader[2:]])
        line = Line2D([a, c], [b, d], color="#4d4d4d", linewidth=0.4, zorder=17, gid="label-leader")
        line.set_path_effects(halo(1.1))  # a white edge: the leader reads over a dark region too
        ax.add_line(line)
        leader = (float(a), float(b), float(c), float(d))
    label = Label(text=text, anchor=anchor, position=(float(dx), float(dy)), ha=placed.ha, leader=leader, artist=artist)
    return label, line
