"""Groups of places too crowded for a number each: a dashed circle round them, one number, the key names them all.

After a frame's places are named or numbered (:func:`._places.label_places`), the places
left without a label (``Labelling.missed``) are gathered into groups of near neighbours
(the squares of a grid, ``O(n)``); each group gets a dashed circle round its symbols and
one number on a leader, placed by the same collision-free engine (never over a symbol, a
label or a leader), and its key line names every place in it, north to south. A group
whose number fits nowhere tries farther out, then is merged with its neighbours at a
wider reach (:data:`_ROUNDS`).
Every place a frame could label is then named, numbered or in a numbered group. A "group" of
one place is that place's own number (no circle; its key line is the place's own).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING, Any

import numpy as np

from ..mapspec import MapSpec
from ._numbering import Labelling, Numbered, true_xy
from ._placer import Spacing, place_labels
from ._places import LEADER_MAX_MM, LEADER_MM, NUMBER_FAR, NUMBER_RINGS, Box, draw_label, frame_segments, measure_texts
from ._style import renderer_of, root_figure

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["GROUP_CELL_PT", "GROUP_GID", "GROUP_MAX_PT", "GROUP_REACH_MM", "group_gain", "mark_groups"]

#: The gid of a group's dashed circle.
GROUP_GID = "group-mark"
#: Places in one square of a grid this wide (pt) are one group: a group's circle stays small.
GROUP_CELL_PT = 24.0
#: Rounds for the groups whose number found no room: the grid's cell (times :data:`GROUP_CELL_PT`) and the far
#: rings a number may try (beyond the usual); groups merge only in the last rounds.
_ROUNDS = ((0.4, 0), (0.6, 0), (1.0, 0), (2.0, 0))
#: Largest radius of a group's circle (pt): a larger group is not marked (a circle over half a map says nothing).
GROUP_MAX_PT = 16.0
#: Room between a group's symbols and its dashed circle (pt).
_RIM_PT = 1.5
#: Farthest a group's symbol stands from its circle's centre (mm at print size): a group gathers places really
#: close, and its circle no other place's symbol; one farther is split off, to its own number or group (at 84 mm a
#: circle of 4.9 mm gathered Martil, Tétouan and Meknès, 200 km apart, round other places' symbols).
GROUP_REACH_MM = 2.0


def _groups(xy: np.ndarray, cell: float) -> list[np.ndarray]:
    """Return groups of positions (indices): those in one square of a grid ``cell`` wide (``O(n)``)."""
    keys = np.floor(xy / cell).astype(np.int64)
    _, which = np.unique(keys, axis=0, return_inverse=True)
    which = which.ravel()
    order = np.argsort(which, kind="stable")
    return np.split(order, np.flatnonzero(np.diff(which[order])) + 1)


def _split(rows: np.ndarray, symbols: tuple[np.ndarray, np.ndarray], reach: float, rim: float) -> list[np.ndarray]:
    """Split a group (``rows``) until each part's circle is round close places only, and none of another's symbols.

    ``symbols``: every symbol's centre and radius. The symbol farthest from the centre
    leaves while one is farther than ``reach`` or another place's symbol stands inside the
    circle (a reader would take it for one of the group); those that left are split
    likewise, in their order (their own number when alone).
    """
    xy, radii = symbols
    out = []
    rest = rows
    while len(rest):
        core = rest
        while len(core) > 1:
            cx, cy, r = _circle(xy[core], radii[core], rim)
            far = np.hypot(xy[core, 0] - cx, xy[core, 1] - cy)
            inside = int((np.hypot(xy[:, 0] - cx, xy[:, 1] - cy) < r).sum())
            if far.max() <= reach and inside == len(core):
                break
            core = np.delete(core, int(np.argmax(far)))
        out.append(core)
        rest = rest[~np.isin(rest, core)]
    return out


def _circle(xy: np.ndarray, radii: np.ndarray, rim: float) -> tuple[float, float, float]:
    """Return a circle (centre x, y and radius) round the given symbols with ``rim`` to spare."""
    cx, cy = xy.mean(axis=0)
    return float(cx), float(cy), float(np.max(np.hypot(xy[:, 0] - cx, xy[:, 1] - cy) + radii) + rim)


def mark_groups(
    ax: Axes,
    layer: Any,
    labelling: Labelling,
    *,
    obstacles: list[Box],
    widest: int,
    spec: MapSpec,
) -> Labelling:
    """Mark the places ``labelling`` left without a label in numbered groups; return the labelling with them.

    A group's number is provisional, as every number is (:func:`._numbering.number_in_order`);
    its key line names each of its places ("in the dashed circle: Salé, Témara: 2 records").
    A place whose symbol is under an obstacle (an inset, a legend) is not shown: not marked.
    """
    if not labelling.missed or not len(layer.radii):
        return labelling
    px = root_figure(ax).dpi / 72
    xy = ax.transData.transform(layer.places[["x", "y"]].to_numpy(dtype=float))
    missed = _shown(np.asarray(labelling.missed, dtype=int), xy, obstacles)
    if not len(missed):
        return labelling
    symbols = (xy, np.asarray(layer.radii, dtype=float) * px)
    text = str(max(widest, len(labelling.numbered) + len(missed)))
    taken = [*obstacles, *_label_boxes(labelling)]
    lines = frame_segments(ax, layer) + _label_leaders(ax, labelling)  # no number's leader crosses one
    found, missed = _plan(ax, (missed, symbols), text, taken, lines)
    added = [_draw_group(ax, layer, rows, circle, where, text, spec) for rows, circle, where in found]
    if not added:
        return labelling
    labels = (*labelling.labels, *(n.label for n in added))
    left = tuple(int(i) for i in missed)
    return replace(labelling, labels=labels, numbered=(*labelling.numbered, *added), missed=left)


def group_gain(
    ax: Axes, layer: Any, missed: np.ndarray, placed: list[Any], *, obstacles: list[Box], widest: int = 0
) -> tuple[int, int]:
    """Return how many of the ``missed`` places :func:`mark_groups` would mark beside the labels ``placed``, and groups.

    ``placed``: the :class:`~._placer.Placement` of each label of a naming round, not drawn
    yet (:func:`._places.label_places` keeps the round whose labels and groups identify most).
    """
    if not len(missed) or not len(layer.radii):
        return 0, 0
    px = root_figure(ax).dpi / 72
    xy = ax.transData.transform(layer.places[["x", "y"]].to_numpy(dtype=float))
    rows = _shown(np.asarray(missed, dtype=int), xy, obstacles)
    if not len(rows):
        return 0, 0
    taken = [*obstacles, *((p.box[0] - 1, p.box[1] - 1, p.box[2] + 1, p.box[3] + 1) for p in placed)]
    lines = frame_segments(ax, layer) + [p.leader for p in placed if p.leader is not None]
    text = str(max(widest, len(placed) + len(rows)))
    found, _ = _plan(ax, (rows, (xy, np.asarray(layer.radii, dtype=float) * px)), text, taken, lines)
    return sum(len(group) for group, _, _ in found), len(found)


def _plan(
    ax: Axes, places: tuple[np.ndarray, tuple[np.ndarray, np.ndarray]], text: str, taken: list[Box], lines: list[Box]
) -> tuple[list[tuple[np.ndarray, tuple[float, float, float], Any]], np.ndarray]:
    """Group the rows left (``places``: rows, and every symbol's centre and radius) in rounds (:data:`_ROUNDS`).

    Returns the groups placed (rows, circle, placement of their number ``text``) and the rows left.
    """
    missed, symbols = places
    px = root_figure(ax).dpi / 72
    size = measure_texts(root_figure(ax), [(text,)], renderer_of(ax))[0]
    found: list[tuple[np.ndarray, tuple[float, float, float], Any]] = []
    for wider, far in _ROUNDS:
        more, missed = _round(ax, (missed, symbols), (wider * GROUP_CELL_PT * px, far, size), taken, lines)
        found += more
        if not len(missed):
            break
    return found, missed


def _shown(rows: np.ndarray, xy: np.ndarray, obstacles: list[Box]) -> np.ndarray:
    """Return the ``rows`` whose symbol centre (``xy``, display) is under none of the ``obstacles``."""
    for x0, y0, x1, y1 in obstacles:
        at = xy[rows]
        rows = rows[~((at[:, 0] > x0) & (at[:, 0] < x1) & (at[:, 1] > y0) & (at[:, 1] < y1))]
    return rows


def _round(
    ax: Axes,
    places: tuple[np.ndarray, tuple[np.ndarray, np.ndarray]],
    how: tuple[float, int, np.ndarray],
    taken: list[Box],
    lines: list[Box],
) -> tuple[list[tuple[np.ndarray, tuple[float, float, float], Any]], np.ndarray]:
    """Group the rows left (``places``: rows, and every symbol's centre and radius) on a grid; place their numbers.

    ``how``: the grid's cell (display units), the far rings, the number's size. Returns the
    groups placed (rows, circle, placement), adding their numbers' boxes to ``taken`` and
    leaders to ``lines``, and the rows left.
    """
    missed, symbols = places
    xy, radii = symbols
    cell, far, size = how
    px = root_figure(ax).dpi / 72
    reach = GROUP_REACH_MM / 25.4 * 72 * px
    groups = [part for g in _groups(xy[missed], cell) for part in _split(missed[g], symbols, reach, _RIM_PT * px)]
    circles = [_circle(xy[g], radii[g], _RIM_PT * px) for g in groups]
    small = [k for k, c in enumerate(circles) if c[2] <= GROUP_MAX_PT * px]  # a larger circle says nothing
    placed = _place_numbers(ax, [circles[k] for k in small], size, (taken, lines), symbols, far)
    found = []
    done = np.zeros(len(groups), dtype=bool)
    for k, where in zip(small, placed, strict=True):
        if where is not None:
            found.append((groups[k], circles[k], where))
            taken.append(where.box)
            lines.extend([where.leader] if where.leader is not None else [])
            done[k] = True
    left = [groups[k] for k in np.flatnonzero(~done)]
    return found, np.concatenate(left) if left else np.zeros(0, dtype=int)


def _label_leaders(ax: Axes, labelling: Labelling) -> list[Box]:
    """Return the leaders of the labels already drawn, in display units."""
    out: list[Box] = []
    for label in labelling.labels:
        if label.leader is not None:
            (a, b), (c, d) = ax.transData.transform([label.leader[:2], label.leader[2:]])
            out.append((float(a), float(b), float(c), float(d)))
    return out


def _label_boxes(labelling: Labelling) -> list[Box]:
    """Return the boxes (display units) of the labels already drawn, with a little air.

    A number is drawn provisional ("9") in the room it was placed with ("17"): its box is
    that room, grown from its aligned side, which it fills once numbered in order.
    """
    rooms = {id(n.label.artist): n.room for n in labelling.numbered}
    out: list[Box] = []
    for label in labelling.labels:
        b = label.artist.get_window_extent()
        extra = b.width * (max(rooms.get(id(label.artist), 0), len(label.text)) / max(len(label.text), 1) - 1)
        left, right = {"left": (0.0, extra), "right": (extra, 0.0)}.get(label.ha, (extra / 2, extra / 2))
        out.append((b.x0 - 1 - left, b.y0 - 1, b.x1 + 1 + right, b.y1 + 1))
    return out


def _place_numbers(
    ax: Axes,
    circles: list[tuple[float, float, float]],
    size: np.ndarray,
    avoid: tuple[list[Box], list[Box]],
    symbols: tuple[np.ndarray, np.ndarray],
    far: int,
) -> list[Any]:
    """Place one number by each group's circle, clear of every symbol, label, leader and obstacle.

    ``far``: rings beyond the usual that a number may try, on a leader (passing over symbols, not labels).
    """
    px = root_figure(ax).dpi / 72
    extent = ax.get_window_extent()
    xy, radii = symbols
    taken, lines = avoid
    anchors = np.array([(c[0], c[1]) for c in circles]).reshape(-1, 2)
    return place_labels(
        anchors,
        np.array([c[2] for c in circles]),
        [size] * len(circles),
        frame=(extent.x0, extent.y0, extent.x1, extent.y1),
        markers=np.column_stack([xy, radii * 1.25]),
        owners=np.full(len(circles), -3),
        obstacles=taken,
        # a number farther than the rule from its dashed circle (the drawn edge of what it names) gets a leader
        spacing=Spacing(
            gap=1.2 * px,
            pad=1.0 * px,
            rings=NUMBER_RINGS,
            far=NUMBER_FAR + far,
            lead=LEADER_MM * px * 72 / 25.4,
            longest=LEADER_MAX_MM * px * 72 / 25.4,
        ),
        segments=lines,
    )


def _draw_group(
    ax: Axes, layer: Any, rows: np.ndarray, circle: tuple[float, float, float], placed: Any, text: str, spec: MapSpec
) -> Numbered:
    """Draw a group's dashed circle and number; return the number with the group's key line."""
    from matplotlib.patches import Circle

    to_data, px = ax.transData.inverted(), root_figure(ax).dpi / 72
    true = true_xy(layer.places)[rows]
    order = np.lexsort((true[:, 0], -true[:, 1]))  # north to south, then west to east
    keys = list(dict.fromkeys(layer.keys[int(rows[k])] for k in order))  # a town once, not once a point
    if len(rows) > 1:  # a group of one place is that place's number: no circle, its own key line
        (cx, cy), (ex, _) = to_data.transform([(circle[0], circle[1]), (circle[0] + circle[2], circle[1])])
        ring = Circle((cx, cy), ex - cx, fill=False, edgecolor="#333333", linewidth=0.5, linestyle=(0, (2.0, 1.5)))
        ring.set(zorder=15.8, gid=GROUP_GID)
        ax.add_patch(ring)
    near = ax.transData.transform(layer.places[["x", "y"]].to_numpy(dtype=float)[rows])
    bx, by = (placed.box[0] + placed.box[2]) / 2, (placed.box[1] + placed.box[3]) / 2
    closest = int(rows[int(np.argmin(np.hypot(near[:, 0] - bx, near[:, 1] - by)))])  # the label's anchor
    anchor = (float(layer.places["x"].iat[closest]), float(layer.places["y"].iat[closest]))
    if len(rows) == 1 and placed.leader is not None:  # no circle: the leader starts at the symbol's edge
        placed = replace(placed, leader=_from_edge(placed.leader, circle, float(layer.radii[closest]) * px))
    label, leader = draw_label(ax, to_data, text, anchor, placed)
    at = true_xy(layer.places)[closest]
    where = (float(at[0]), float(at[1]))  # numbered in order where the place its number stands by is
    if len(rows) == 1:
        return Numbered(label, keys[0], where, leader, len(text))
    members = tuple((float(x), float(y)) for x, y in true)
    return Numbered(label, spec.texts["key_group"].format(names=", ".join(keys)), where, leader, len(text), members)


def _from_edge(leader: Box, circle: tuple[float, float, float], radius: float) -> Box:
    """Return ``leader`` (starting on ``circle``) started instead at ``radius`` from the circle's centre."""
    cx, cy, r = circle
    k = radius / r if r else 1.0
    return (cx + (leader[0] - cx) * k, cy + (leader[1] - cy) * k, leader[2], leader[3])
