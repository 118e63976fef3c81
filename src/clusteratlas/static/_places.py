"""_places."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..export import number
from ..mapspec import (
    UNKNOWN_COLOR,
    MapSpec,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

from ._basemap import _project_points
from ._furniture import _nice_length
from ._style import DENSITY_RAMP, TEXT_PT, _halo, _thousands, clean_name

#: Radius (pt) of a one-record symbol, and the largest symbol; area grows with the records at a place.
SYMBOL_PT = 2.6


SYMBOL_MAX_PT = 9.0


#: With more places to label than this in one map, markers are numbered and keyed in the caption.
NUMBER_ABOVE = 40


#: Most numbered places keyed in a caption.
KEY_MAX = 40


#: Marker of a low-confidence location.
UNCERTAIN_MARKER = "D"


def _places(points: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
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
    x, y = _project_points(points["lon"].to_numpy(), points["lat"].to_numpy())
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


def _radius_pt(area: np.ndarray, scale: float = 1.0) -> np.ndarray:
    """Symbol radius in points: area proportional to the records at a place, capped."""
    return np.asarray(np.minimum(SYMBOL_PT * scale * np.sqrt(np.maximum(area, 0.05)), SYMBOL_MAX_PT * scale))


def _crowding(places: int) -> float:
    """Symbol scale for a map with this many places: smaller symbols when there are many (0.6 to 1)."""
    return float(np.clip(np.sqrt(80 / max(places, 1)), 0.6, 1.0))


def _data_per_pt(ax: Axes) -> float:
    x0, x1 = ax.get_xlim()
    width_px = ax.get_window_extent().width
    dpi = ax.get_figure(root=True).dpi  # type: ignore[union-attr]
    return float((x1 - x0) / max(width_px, 1.0) * dpi / 72)


def _draw_symbols(
    ax: Axes, spec: MapSpec, places: pd.DataFrame, mix: list[list[tuple[str, int]]], *, scale: float = 1.0
) -> np.ndarray:
    """Draw one symbol per place and return the symbols' radii in points.

    A circle (a diamond if low confidence, a square if coarse), cut as a pie when its
    records fall in several categories.
    """
    from matplotlib.patches import Circle, Polygon, Rectangle, Wedge

    r_pt = _radius_pt(places["area"].to_numpy(), scale)
    k = _data_per_pt(ax)
    edge = {"edgecolor": "#1a1a1a", "linewidth": 0.5}
    # Large symbols first, so that small ones stay visible on top.
    for i in np.argsort(-r_pt, kind="stable"):
        px, py = float(places["x"].iat[i]), float(places["y"].iat[i])
        r = float(r_pt[i]) * k
        if bool(places["coarse"].iat[i]):
            shape: Any = Rectangle((px - 0.9 * r, py - 0.9 * r), 1.8 * r, 1.8 * r)
            kind = "coarse"
        elif bool(places["uncertain"].iat[i]):
            d = 1.25 * r
            shape = Polygon([(px, py + d), (px + d, py), (px, py - d), (px - d, py)], closed=True)
            kind = "uncertain"
        else:
            shape = Circle((px, py), r)
            kind = "certain"
        parts = mix[i]
        z = 16 + float(i) / (10 * max(len(places), 1))
        if len(parts) == 1:
            shape.set(facecolor=spec.colors.get(parts[0][0], UNKNOWN_COLOR), zorder=z, gid=f"place-{kind}", **edge)
            ax.add_artist(shape)
            continue
        shape.set(facecolor="none", zorder=z + 0.01, gid=f"place-{kind}", **edge)
        ax.add_artist(shape)
        total = sum(c for _, c in parts)
        start = 90.0
        for cat, c in parts:
            sweep = 360.0 * c / total
            wedge = Wedge((px, py), 1.5 * r, start - sweep, start, facecolor=spec.colors.get(cat, UNKNOWN_COLOR))
            wedge.set(edgecolor="white", linewidth=0.3, zorder=z, gid="place-wedge")
            ax.add_artist(wedge)
            wedge.set_clip_path(shape)
            start -= sweep
    return r_pt


def _mix(spec: MapSpec, points: pd.DataFrame, place_of: np.ndarray, count: int) -> list[list[tuple[str, int]]]:
    """Count the records per category at each place, in legend order."""
    order = {c: i for i, c in enumerate(spec.colors)}
    table = pd.DataFrame({"place": place_of, "category": points["category"].to_numpy()})
    sizes = table.groupby(["place", "category"], sort=False).size()
    out: list[list[tuple[str, int]]] = [[] for _ in range(count)]
    for (p, cat), c in sizes.items():
        out[int(p)].append((str(cat), int(c)))
    for parts in out:
        parts.sort(key=lambda kv: order.get(kv[0], len(order)))
    return out


def _place_text(names: list[str], city: str, n: int, spec: MapSpec, *, detailed: bool) -> list[str]:
    """Labels of a place, in order of preference: its name(s), narrower, then "City: 8 records"."""
    cleaned = sorted(clean_name(v) for v in names if clean_name(v))
    summary = spec.texts["n_records" if n != 1 else "one_record"].format(n=_thousands(n, spec.lang))
    if city:
        summary = f"{clean_name(city, 24)}: {summary}"
    options: list[str] = []
    joined = ", ".join(cleaned)
    if n == 1 and cleaned:
        options = [joined, textwrap.fill(joined, 20)]
    elif detailed and n <= 8 and cleaned:
        options = [textwrap.fill(joined, 30), textwrap.fill(joined, 18)]
    elif n <= 3 and len(joined) <= 36 and cleaned:
        options = [joined, textwrap.fill(joined, 18)]
    if n > 1 or not options:
        options.append(summary)
    if city and n > 1:
        options.append(textwrap.fill(summary, 14))
    return list(dict.fromkeys(options))


def _measure(fig: Figure, texts: list[list[str]], renderer: Any) -> list[np.ndarray]:
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
                box = probe.get_window_extent(renderer)
                cache[text] = (box.width, box.height)
        out.append(np.array([cache[t] for t in options], dtype=float))
    return out


def _box(artist: Any, renderer: Any, grow: float = 1.0) -> tuple[float, float, float, float]:
    b = artist.get_window_extent(renderer)
    return (b.x0 - grow, b.y0 - grow, b.x1 + grow, b.y1 + grow)


@dataclass
class _Layer:
    """What was drawn on one map frame: its places and which of them were labelled."""

    places: pd.DataFrame
    options: list[list[str]]
    keys: list[str]
    labelled: int = 0
    candidates: int = 0
    key: list[str] = field(default_factory=list)
    #: Radius (pt) of each place's symbol, once drawn.
    radii: np.ndarray = field(default_factory=lambda: np.zeros(0))


def _label_places(
    ax: Axes,
    layer: _Layer,
    *,
    obstacles: list[tuple[float, float, float, float]],
    skip: np.ndarray | None = None,
    numbered: bool | None = None,
    limit: int | None = None,
    start: int = 0,
    covered: list[tuple[float, float, float, float]] | None = None,
) -> None:
    """Label the places of one frame with the collision-free engine; numbers and a key when crowded.

    The symbols' radii are the layer's (``layer.radii``, in points).
    """
    from ._placer import Spacing, place_labels

    fig = ax.get_figure(root=True)
    renderer = fig.canvas.get_renderer()  # type: ignore[union-attr]
    places = layer.places
    xy = ax.transData.transform(np.column_stack([places["x"].to_numpy(), places["y"].to_numpy()]))
    frame = ax.get_window_extent(renderer)
    inside = (xy[:, 0] > frame.x0) & (xy[:, 0] < frame.x1) & (xy[:, 1] > frame.y0) & (xy[:, 1] < frame.y1)
    want = inside.copy()
    for bx0, by0, bx1, by1 in covered or []:  # markers under an inset are labelled there, or not at all
        want &= ~((xy[:, 0] > bx0) & (xy[:, 0] < bx1) & (xy[:, 1] > by0) & (xy[:, 1] < by1))
    if skip is not None:
        want &= ~skip
    # Priority: most records first, then by label text (deterministic).
    idx = np.flatnonzero(want)
    idx = np.array(sorted(idx, key=lambda i: (-int(places["n"].iat[i]), layer.options[i][0])), dtype=int)
    layer.candidates = len(idx)
    if numbered is None:
        numbered = len(idx) > (NUMBER_ABOVE if limit is None else limit)
    if numbered:
        idx = idx[: max(0, KEY_MAX - start)]
    elif limit is not None:
        idx = idx[:limit]
    if not len(idx):
        return
    px_per_pt = fig.dpi / 72  # type: ignore[union-attr]
    texts = [[str(start + j + 1)] if numbered else layer.options[i] for j, i in enumerate(idx)]
    sizes = _measure(fig, texts, renderer)  # type: ignore[arg-type]
    radii_pt = layer.radii
    markers = np.column_stack([xy[:, 0], xy[:, 1], radii_pt * px_per_pt * 1.25])
    result = place_labels(
        xy[idx],
        radii_pt[idx] * px_per_pt * 1.25,
        sizes,
        frame=(frame.x0, frame.y0, frame.x1, frame.y1),
        markers=markers,
        owners=idx,
        obstacles=obstacles,
        spacing=Spacing(gap=1.2 * px_per_pt, pad=1.0 * px_per_pt),
    )
    _draw_labels(
        ax, layer, [(int(idx[j]), texts[j], placed) for j, placed in enumerate(result)], start, numbered=numbered
    )


def _draw_labels(
    ax: Axes, layer: _Layer, results: list[tuple[int, list[str], Any]], start: int, *, numbered: bool
) -> None:
    """Draw the placed labels (place, its texts, its :class:`~clusteratlas._labels.Placement` or None) and leaders."""
    from matplotlib.lines import Line2D

    places = layer.places
    to_data = ax.transData.inverted()
    number = start
    for i, texts, placed in results:
        if placed is None:
            continue
        x0, y0, x1, _ = placed.box
        tx = {"left": x0, "right": x1, "center": (x0 + x1) / 2}[placed.ha]
        dx, dy = to_data.transform((tx, y0))
        label = texts[placed.option]
        if numbered:
            number += 1
            label = str(number)
            layer.key.append(f"{number} {layer.keys[i]}")
        artist = ax.text(
            dx,
            dy,
            label,
            ha=placed.ha,
            va="bottom",
            multialignment=placed.ha,
            fontsize=TEXT_PT,
            zorder=18,
            gid="cluster-label",
            parse_math=False,
            path_effects=_halo(),
        )
        artist.place_xy = (float(places["x"].iat[i]), float(places["y"].iat[i]))  # type: ignore[attr-defined]
        if placed.leader is not None:
            (a, b), (c, d) = to_data.transform([placed.leader[:2], placed.leader[2:]])
            ax.add_line(Line2D([a, c], [b, d], color="#4d4d4d", linewidth=0.4, zorder=17, gid="label-leader"))
        layer.labelled += 1


def _place_layer(spec: MapSpec, points: pd.DataFrame, *, detailed: bool) -> tuple[_Layer, list[list[tuple[str, int]]]]:
    places, place_of = _places(points)
    members = _members(place_of, len(places))
    names = points["label"].to_numpy()
    places["name"] = _place_names(points, place_of, len(places))
    options, keys = [], []
    for m, city in zip(members, places["name"], strict=True):
        options.append(_place_text(list(names[m]), city, len(m), spec, detailed=detailed))
        keys.append(_place_text(list(names[m]), city, len(m), spec, detailed=False)[0].replace("\n", " "))
    return _Layer(places=places, options=options, keys=keys), _mix(spec, points, place_of, len(places))


def _most_common(place_of: np.ndarray, values: pd.Series, count: int) -> pd.Series:
    """Return the most common non-empty value at each place (ties: the first in sort order), NA where none."""
    table = pd.DataFrame({"place": place_of, "value": values.astype("string").fillna("").to_numpy()})
    table = table[table["value"].str.strip().ne("")]
    sizes = table.groupby(["place", "value"], sort=True).size().rename("n").reset_index()
    sizes = sizes.sort_values(["place", "n", "value"], ascending=[True, False, True], kind="mergesort")
    best = sizes.drop_duplicates("place").set_index("place")["value"]
    return best.reindex(range(count)).astype("string")


def _place_names(points: pd.DataFrame, place_of: np.ndarray, count: int) -> np.ndarray:
    """Name each place: its gazetteer name when the geocoder matched one, else the data's most common spelling."""
    empty = pd.Series("", index=points.index)
    canonical = _most_common(place_of, points.get("place", empty), count)
    spelled = _most_common(place_of, points.get("city", empty), count)
    return np.asarray(canonical.fillna(spelled).fillna("").to_numpy(dtype=object))


#: On a density map, the places with the most records are marked with a dot and named.
DENSITY_LABELS = 12


DOT_PT = 1.6


def _top_places(spec: MapSpec, points: pd.DataFrame, k: int) -> tuple[_Layer, int]:
    """Return the layer of the ``k`` places with the most records (ties by position) and the number of places."""
    places, place_of = _places(points)
    order = np.lexsort((places["y"].to_numpy(), places["x"].to_numpy(), -places["n"].to_numpy()))[:k]
    layer, _ = _place_layer(spec, points[np.isin(place_of, order)], detailed=False)
    return layer, len(places)


def _dense_group(x: np.ndarray, y: np.ndarray, n: np.ndarray, radius: float, minimum: int = 4) -> np.ndarray:
    """Return the places within ``radius`` of the place with the most records around it.

    Empty when fewer than ``minimum`` records or a single place would be shown.
    """
    if len(x) < 2:
        return np.array([], dtype=int)
    d = np.hypot(x[:, None] - x[None, :], y[:, None] - y[None, :])
    near = d <= radius
    records = (near * n[None, :]).sum(axis=1)
    places = near.sum(axis=1)
    ok = places >= 2
    if not ok.any():
        return np.array([], dtype=int)
    records = np.where(ok, records, -1)
    best = int(np.argmax(records))  # first of the densest: deterministic
    if records[best] < minimum:
        return np.array([], dtype=int)
    return np.flatnonzero(near[best])


def _density(ax: Axes, x: np.ndarray, y: np.ndarray, spec: MapSpec) -> list[Any]:
    """Draw records per hexagon in the projected CRS, in at most six classes; return the legend handles."""
    from matplotlib.colors import BoundaryNorm, ListedColormap
    from matplotlib.patches import Patch

    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    km = _nice_length((x1 - x0) / 9)  # about 45 hexagons across the frame
    gridsize = max(4, round((x1 - x0) / (km * 1000)))
    steps = [1, 3, 10, 30, 100, 300, 1000, 3000, 10_000, 30_000, 100_000, 300_000, 1_000_000]
    hb = ax.hexbin(
        x,
        y,
        gridsize=gridsize,
        extent=(x0, x1, y0, y1),
        mincnt=1,
        linewidths=0.2,
        edgecolors="white",
        zorder=14,
        gid="density",
    )
    values = np.asarray(hb.get_array(), dtype=float)
    top = int(values.max()) if len(values) else 1
    uppers = [*[s for s in steps if s < top][-5:], top]
    lowers = [1, *[u + 1 for u in uppers[:-1]]]
    colors = DENSITY_RAMP[len(DENSITY_RAMP) - len(uppers) :] if len(uppers) < len(DENSITY_RAMP) else DENSITY_RAMP
    bounds = [0.5, *[u + 0.5 for u in uppers]]
    hb.set_cmap(ListedColormap(list(colors)))
    hb.set_norm(BoundaryNorm(bounds, len(colors)))

    def label(lo: int, hi: int) -> str:
        a, b = number(lo, spec.lang), number(hi, spec.lang)
        return a if lo == hi else f"{a}–{b}"

    handles: list[Any] = [
        Patch(facecolor=c, edgecolor="#666666", linewidth=0.3, label=label(lo, hi))
        for c, lo, hi in zip(colors, lowers, uppers, strict=True)
    ]
    ax.density = {"km": km, "gridsize": gridsize, "cells": len(values)}  # type: ignore[attr-defined]
    return handles
