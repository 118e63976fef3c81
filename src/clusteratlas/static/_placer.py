"""Point labelling that cannot collide: candidate positions, greedy placement, a grid index.

Everything here works in display coordinates (pixels of the figure being drawn): boxes are
``(x0, y0, x1, y1)``. :func:`place_labels` tries, for each label in priority order, eight
positions around its marker (right, upper right, lower right, left, upper left, lower
left, above, below), then the same eight a little farther out with a short leader line.
A candidate is kept only if its box stays inside the frame and touches no placed label, no
marker but its own, no obstacle (legends, insets, scale bar, north arrow) and no leader
line, and if its leader crosses none of these either. A name (not a number, read through its
key) stands nearer its own symbol than any other, on a leader too. Labels that fit nowhere are
dropped.

Data drawn under the labels (a density's hexagons, ``soft`` boxes) is avoided in three
passes: first every candidate off the data (near, then far out on a leader no longer than
:attr:`Spacing.longest`: a coastal town's name at sea); then one covering less than
:attr:`Spacing.cover` of each box it touches; then any (the label is kept, drawn with a
thin halo: :attr:`Placement.over`), unless it is ``clean`` (then dropped). A label standing
farther than :attr:`Spacing.lead` from its symbol's drawn edge gets a leader line, even in
the first ring.

A uniform grid over the frame holds every placed box and leader, so each test looks only at
the few items near the candidate: placing ``n`` labels costs about ``O(n)``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

import numpy as np

__all__ = ["Placement", "Spacing", "place_labels"]

#: A box in display coordinates: ``(x0, y0, x1, y1)``.
_Box = tuple[float, float, float, float]

#: Directions of the eight candidate positions, in order of preference (unit vectors).
_DIRS = (
    (1.0, 0.0),
    (math.sqrt(0.5), math.sqrt(0.5)),
    (math.sqrt(0.5), -math.sqrt(0.5)),
    (-1.0, 0.0),
    (-math.sqrt(0.5), math.sqrt(0.5)),
    (-math.sqrt(0.5), -math.sqrt(0.5)),
    (0.0, 1.0),
    (0.0, -1.0),
)
#: Directions of the far rings: sixteen, every 22.5 degrees from the right, counter-clockwise.
_FAR_DIRS = tuple((math.cos(k * math.pi / 8), math.sin(k * math.pi / 8)) for k in range(16))


@dataclass(frozen=True)
class Placement:
    """Where one label went.

    Attributes
    ----------
    index : int
        Position of the label in the input arrays.
    option : int
        Which of the label's texts (sizes) was placed.
    box : tuple of float
        ``(x0, y0, x1, y1)`` of the label, display coordinates.
    ha : str
        Horizontal alignment that keeps the label's text against its marker.
    leader : tuple of float or None
        ``(x0, y0, x1, y1)`` of the leader line, from the marker's edge to the label.
    over : bool
        Whether the label lies over data drawn under it (``soft`` boxes of :func:`place_labels`).
    """

    index: int
    option: int
    box: tuple[float, float, float, float]
    ha: str
    leader: tuple[float, float, float, float] | None
    over: bool = False


@dataclass(frozen=True)
class Spacing:
    """How far labels keep from their markers and from everything else (display units).

    Attributes
    ----------
    gap : float
        Distance between a marker's edge and its label.
    pad : float
        Clearance kept around every label.
    rings : int
        How many rings of candidates: the first touches the marker, the others get a leader.
    far : int
        Rings beyond the first tried, with the first, in the sixteen directions of
        :data:`_FAR_DIRS` by a label that fits in none of the first (a number in a crowd, on
        a leader that may pass over other symbols if ``cross``, never over a label, a leader
        or an obstacle); 0: none.
    lead : float
        Distance from a symbol's drawn edge to its label's box beyond which the label gets a
        leader line, whatever its ring (default: only the rings beyond the first).
    core : float
        A symbol's drawn radius, as a share of its marker's (the marker counts its reach).
    cover : float
        Most of any ``soft`` box's area a label may cover in the second pass (:func:`place_labels`).
    longest : float
        Longest leader line a label may have (display units; default: no limit). A name far
        out on a long leader is read as another place's: it gets a number, or none.
    cross : bool
        Whether a far ring's leader may pass over other symbols (never over a label, a
        leader or an obstacle) when no far spot is free with a leader clear of them.
    """

    gap: float = 2.0
    pad: float = 1.5
    rings: int = 3
    far: int = 0
    lead: float = math.inf
    core: float = 1.0
    cover: float = 0.5
    longest: float = math.inf
    cross: bool = True


@dataclass(frozen=True)
class _Mark:
    """The label being placed: its position in the input, its marker's centre and radius, its marker's row.

    ``keyed``: a number, read through the key (not held to stand nearest its own symbol).
    """

    index: int
    cx: float
    cy: float
    r: float
    own: int
    keyed: bool = False


def _boxes_overlap(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _segment_hits_box(s: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Liang–Barsky: does segment ``s`` pass through the interior of box ``b``."""
    x0, y0, x1, y1 = s
    dx, dy = x1 - x0, y1 - y0
    t0, t1 = 0.0, 1.0
    for p, q in ((-dx, x0 - b[0]), (dx, b[2] - x0), (-dy, y0 - b[1]), (dy, b[3] - y0)):
        if p == 0:
            if q <= 0:
                return False
            continue
        r = q / p
        if p < 0:
            t0 = max(t0, r)
        else:
            t1 = min(t1, r)
        if t0 >= t1:
            return False
    return True


def _ccw(ax: float, ay: float, bx: float, by: float, cx: float, cy: float) -> float:
    return (bx - ax) * (cy - ay) - (by - ay) * (cx - ax)


def _segments_cross(s: tuple[float, float, float, float], t: tuple[float, float, float, float]) -> bool:
    d1 = _ccw(t[0], t[1], t[2], t[3], s[0], s[1])
    d2 = _ccw(t[0], t[1], t[2], t[3], s[2], s[3])
    d3 = _ccw(s[0], s[1], s[2], s[3], t[0], t[1])
    d4 = _ccw(s[0], s[1], s[2], s[3], t[2], t[3])
    return d1 * d2 < 0 and d3 * d4 < 0


class _Grid:
    """Uniform grid of boxes and segments; each item is listed in every cell its bounding box touches."""

    def __init__(self, frame: tuple[float, float, float, float], cell: float) -> None:
        self.x0, self.y0 = frame[0], frame[1]
        self.cell = max(cell, 1.0)
        self.cells: dict[tuple[int, int], list[int]] = {}
        self.items: list[tuple[str, tuple[float, float, float, float], int]] = []

    def _range(self, b: tuple[float, float, float, float]) -> tuple[range, range]:
        c = self.cell
        return (
            range(math.floor((b[0] - self.x0) / c), math.floor((b[2] - self.x0) / c) + 1),
            range(math.floor((b[1] - self.y0) / c), math.floor((b[3] - self.y0) / c) + 1),
        )

    def add(self, kind: str, geom: tuple[float, float, float, float], owner: int = -1) -> None:
        bbox = (min(geom[0], geom[2]), min(geom[1], geom[3]), max(geom[0], geom[2]), max(geom[1], geom[3]))
        k = len(self.items)
        self.items.append((kind, geom, owner))
        xs, ys = self._range(bbox)
        for i in xs:
            for j in ys:
                self.cells.setdefault((i, j), []).append(k)

    def near(self, b: tuple[float, float, float, float]) -> set[int]:
        xs, ys = self._range(b)
        found: set[int] = set()
        for i in xs:
            for j in ys:
                found.update(self.cells.get((i, j), ()))
        return found


def place_labels(  # noqa: PLR0913 - the labels, the frame, what they avoid, how far they go
    anchors: np.ndarray,
    radii: np.ndarray,
    sizes: list[np.ndarray],
    *,
    frame: tuple[float, float, float, float],
    markers: np.ndarray | None = None,
    owners: np.ndarray | None = None,
    obstacles: list[tuple[float, float, float, float]] | None = None,
    spacing: Spacing | None = None,
    far: np.ndarray | None = None,
    segments: list[tuple[float, float, float, float]] | None = None,
    keyed: np.ndarray | None = None,
    soft: list[tuple[float, float, float, float]] | None = None,
    clean: np.ndarray | None = None,
) -> list[Placement | None]:
    """Place labels in the given order (first = highest priority); return one result per label.

    Parameters
    ----------
    anchors, radii : numpy.ndarray
        ``(n, 2)`` display position of each label's marker; ``(n,)`` its radius (display units).
    sizes : list of numpy.ndarray
        For each label, ``(k, 2)`` width and height of its ``k`` possible texts, preferred first.
    frame : tuple of float
        The box every label must stay inside.
    markers, owners : numpy.ndarray, optional
        ``(m, 3)`` x, y, radius of every marker drawn, avoided by labels; ``(n,)`` the row of each label's own.
    obstacles : list of tuple, optional
        Boxes no label may touch (legends, insets, scale bar, north arrow, titles).
    spacing : Spacing, optional
    far : numpy.ndarray, optional
        ``(n,)`` bool: which labels may go to the far rings (``spacing.far``); default all.
    segments : list of tuple, optional
        Lines (symbols' leaders) no label covers and no leader crosses.
    keyed : numpy.ndarray, optional
        ``(n,)`` bool: numbers read through a key; other labels, without a leader, stand nearest their own marker.
    soft, clean : list of tuple, numpy.ndarray, optional
        Boxes of data drawn under the labels (hexagons): avoided where possible (see the module's
        docstring), leaders may cross them; ``(n,)`` bool: labels placed only off them, else dropped.

    Returns
    -------
    list of Placement or None
        ``None`` where the label fits nowhere.
    """
    n = len(anchors)
    out: list[Placement | None] = [None] * n
    if not n:
        return out
    grid, spacing = _grid(frame, sizes, markers, obstacles, segments, soft), spacing or Spacing()
    for i in range(n):
        own = int(owners[i]) if owners is not None else -3
        cx, cy, r = float(anchors[i, 0]), float(anchors[i, 1]), float(radii[i])
        mark = _Mark(i, cx, cy, r, own, bool(keyed is not None and keyed[i]))
        reach = spacing if far is None or far[i] else replace(spacing, far=0)
        stages = _passes(bool(soft), clean is not None and bool(clean[i]))
        out[i] = next((p for stage in stages if (p := _best_fit(grid, mark, sizes[i], frame, reach, stage))), None)
        _take(grid, out[i])
    return out


def _passes(soft: bool, clean: bool) -> tuple[tuple[int, bool], ...]:
    """Return the passes of :data:`_PASSES` a label goes through (``soft``: data under labels; ``clean``: off it)."""
    if not soft:
        return (_PASSES[4], _PASSES[5])
    return tuple(p for p in _PASSES if p[0] == 0) if clean else _PASSES


def _take(grid: _Grid, placed: Placement | None) -> None:
    """Add a placed label's box and leader to the grid: later labels keep clear of them."""
    if placed is not None:
        grid.add("box", placed.box, owner=-1)
        if placed.leader is not None:
            grid.add("seg", placed.leader, owner=-1)


def _grid(
    frame: tuple[float, float, float, float],
    sizes: list[np.ndarray],
    markers: np.ndarray | None,
    obstacles: list[tuple[float, float, float, float]] | None,
    segments: list[tuple[float, float, float, float]] | None = None,
    soft: list[tuple[float, float, float, float]] | None = None,
) -> _Grid:
    """Index every marker (owned by its row), obstacle, segment and soft box on a grid of cells four label heights."""
    heights = np.array([float(np.min(o[:, 1])) for o in sizes])
    cell = float(max(4 * np.median(heights), 8.0))
    grid = _Grid(frame, cell)
    if markers is not None:
        for k, (mx, my, mr) in enumerate(markers):
            grid.add("box", (mx - mr, my - mr, mx + mr, my + mr), owner=k)
    for ob in obstacles or []:
        grid.add("box", ob, owner=-2)
    for segment in segments or []:
        grid.add("seg", segment, owner=-2)
    for data in soft or []:
        grid.add("soft", data, owner=-4)
    return grid


#: The passes of :func:`place_labels`: how much data under labels a label may cover (0 none, 1 less
#: than :attr:`Spacing.cover` of each box, 2 any) and whether it goes to the far rings. Off the data
#: near its symbol, then off it on a short leader (:attr:`Spacing.longest`: a coastal town's name at
#: sea), before covering part of the data; without data, the first near pass and the first far one
#: (the same candidates).
_PASSES = ((0, False), (0, True), (1, False), (1, True), (2, False), (2, True))


def _best_fit(
    grid: _Grid,
    mark: _Mark,
    sizes: np.ndarray,
    frame: tuple[float, float, float, float],
    spacing: Spacing,
    stage: tuple[int, bool] = (2, False),
) -> Placement | None:
    """Return the first free position of the label's first text that fits anywhere, or None.

    ``stage``: a pass of :data:`_PASSES`, how much data it may cover and whether it tries
    the far rings (the last text only) instead of the near ones (every text).
    """
    level, far_out = stage
    options = [(float(w), float(h)) for w, h in np.asarray(sizes, dtype=float)]
    if not far_out:
        for option, size in enumerate(options):
            placed = _first_fit(grid, mark, option, size, frame, spacing, level=level)
            if placed is not None:
                return placed
        return None
    if not spacing.far:
        return None
    # The last (shortest) text in sixteen directions, farther out: its leader clear of other symbols, else
    # (``cross``) passing over them.
    far, last = range(spacing.rings + spacing.far), len(options) - 1
    clear = _first_fit(grid, mark, last, options[-1], frame, replace(spacing, cross=False), rings=far, level=level)
    if clear is not None or not spacing.cross:
        return clear
    return _first_fit(grid, mark, last, options[-1], frame, spacing, rings=far, level=level)


def _first_fit(
    grid: _Grid,
    mark: _Mark,
    option: int,
    size: tuple[float, float],
    frame: tuple[float, float, float, float],
    spacing: Spacing,
    *,
    rings: range | None = None,
    level: int = 2,
) -> Placement | None:
    """Return the first free candidate position of one text (width, height) of a label, or None.

    The candidates are the eight directions at each of the first ``spacing.rings``, or the
    sixteen of :data:`_FAR_DIRS` at each of ``rings``, whose leaders may pass over other
    symbols (never the text); ``level`` as in :func:`_best_fit`: at level 2, the free
    candidate covering the least of any ``soft`` box (the first off them all).
    """
    over = rings is not None and spacing.cross
    dirs = _DIRS if rings is None else _FAR_DIRS
    step = 0.9 * size[1]
    best: tuple[float, Placement | None] = (math.inf, None)
    limit = (0.0, spacing.cover, math.inf)[level]
    for ring in range(spacing.rings) if rings is None else rings:
        d = mark.r + spacing.gap + ring * step
        for ux, uy in dirs:
            box = _candidate(mark, ux, uy, d, size)
            if not _inside(box, frame, spacing.pad):
                continue
            free, leader = _fits(grid, mark, box, ring, spacing, over)
            if not free or (leader is not None and _length(leader) > spacing.longest):
                continue
            covers = _covers(grid, box)
            if covers > limit:
                continue
            placed = Placement(mark.index, option, box, _HA[int(ux > 0.1) - int(ux < -0.1)], leader, covers > 0)
            if level < 2 or not covers:
                return placed
            best = min(best, (covers, placed), key=lambda b: b[0])
    return best[1]


#: Alignment of a label's text against its marker, by the side it stands on (-1 left, 0 above or below, 1 right).
_HA = {-1: "right", 0: "center", 1: "left"}


def _fits(grid: _Grid, mark: _Mark, box: _Box, ring: int, spacing: Spacing, over: bool) -> tuple[bool, _Box | None]:
    """Whether a candidate box (of ``ring``) is free, with its leader, if it has one (:func:`_first_fit`)."""
    pad = spacing.pad
    padded = (box[0] - pad, box[1] - pad, box[2] + pad, box[3] + pad)
    leader = _leader(mark, box, pad) if ring else None
    if leader is None and _away(mark, box, spacing):  # from the symbol's drawn edge: its reach is air
        leader = _leader(mark, box, pad, mark.r * spacing.core)
    # A name stands nearest its own symbol, on a leader too (a number is read through the key)
    beside = mark.keyed or _nearest_own(grid, mark, box)
    return beside and _free(grid, padded, leader, mark.own, over=over), leader


def _length(segment: _Box) -> float:
    """Return the length of a line ``(x0, y0, x1, y1)``."""
    return math.hypot(segment[2] - segment[0], segment[3] - segment[1])


def _away(mark: _Mark, box: _Box, spacing: Spacing) -> bool:
    """Whether a label's box stands farther than ``spacing.lead`` from its symbol's drawn edge (then: a leader)."""
    if math.isinf(spacing.lead):
        return False
    nx, ny = min(max(mark.cx, box[0]), box[2]), min(max(mark.cy, box[1]), box[3])
    return math.hypot(nx - mark.cx, ny - mark.cy) - mark.r * spacing.core > spacing.lead


def _covers(grid: _Grid, box: _Box) -> float:
    """Return the largest share of any ``soft`` box's area that ``box`` covers (0: it touches none)."""
    most = 0.0
    for k in grid.near(box):
        kind, geom, _ = grid.items[k]
        if kind != "soft" or not _boxes_overlap(box, geom):
            continue
        w = min(box[2], geom[2]) - max(box[0], geom[0])
        h = min(box[3], geom[3]) - max(box[1], geom[1])
        area = max((geom[2] - geom[0]) * (geom[3] - geom[1]), 1e-9)
        most = max(most, w * h / area)
    return most


def _midline_distance(cx: float, cy: float, box: _Box) -> float:
    """Return the distance from ``(cx, cy)`` to a label's middle line (its text's horizontal axis, end to end)."""
    ym = (box[1] + box[3]) / 2
    return math.hypot(cx - min(max(cx, box[0]), box[2]), cy - ym)


def _nearest_own(grid: _Grid, mark: _Mark, box: _Box) -> bool:
    """Whether a label without a leader is nearer its own symbol than any other symbol.

    Distances run from each symbol's edge to the label's middle line (where the eye joins a
    text to a symbol): a name set against another place's symbol would be read as its name.
    A label of no symbol (a group's number, ``own < 0``) is not tested.
    """
    if mark.own < 0:
        return True
    mine = _midline_distance(mark.cx, mark.cy, box) - mark.r
    reach = max(mine, 0.0) + (box[3] - box[1])
    query = (box[0] - reach, box[1] - reach, box[2] + reach, box[3] + reach)
    for k in grid.near(query):
        kind, geom, owner = grid.items[k]
        if kind != "box" or owner < 0 or owner == mark.own:
            continue
        r = (geom[2] - geom[0]) / 2
        if _midline_distance((geom[0] + geom[2]) / 2, (geom[1] + geom[3]) / 2, box) - r <= mine:
            return False
    return True


def _candidate(mark: _Mark, ux: float, uy: float, d: float, size: tuple[float, float]) -> _Box:
    """Return the box of a text of ``size`` at distance ``d`` from the marker's centre in direction (ux, uy).

    The text lies on the far side of that point: to its right when going right, above when
    going up, centred across a vertical or horizontal direction.
    """
    w, h = size
    px, py = mark.cx + ux * d, mark.cy + uy * d
    x0 = px if ux > 0.1 else (px - w if ux < -0.1 else px - w / 2)
    y0 = py if uy > 0.1 else (py - h if uy < -0.1 else py - h / 2)
    return (x0, y0, x0 + w, y0 + h)


def _inside(box: tuple[float, float, float, float], frame: tuple[float, float, float, float], pad: float) -> bool:
    """Whether ``box`` stays inside ``frame`` with ``pad`` to spare on every side."""
    fx0, fy0, fx1, fy1 = frame
    return not (box[0] < fx0 + pad or box[1] < fy0 + pad or box[2] > fx1 - pad or box[3] > fy1 - pad)


def _leader(mark: _Mark, box: _Box, gap: float = 0.0, start: float | None = None) -> _Box:
    """Return the leader line from the marker's edge to the nearest point of ``box`` grown by ``gap``.

    It ends ``gap`` short of the text's box: it touches no letter of its own label.
    ``start``: its distance from the marker's centre (default: the marker's radius).
    """
    cx, cy, r = mark.cx, mark.cy, mark.r if start is None else start
    grown = (box[0] - gap, box[1] - gap, box[2] + gap, box[3] + gap)
    nx, ny = min(max(cx, grown[0]), grown[2]), min(max(cy, grown[1]), grown[3])
    length = math.hypot(nx - cx, ny - cy)
    return (cx + (nx - cx) * r / length, cy + (ny - cy) * r / length, nx, ny)


def _free(
    grid: _Grid,
    box: tuple[float, float, float, float],
    leader: tuple[float, float, float, float] | None,
    own: int,
    *,
    over: bool = False,
) -> bool:
    """Whether a label's box (and its leader) touch nothing placed; ``over``: see :func:`_first_fit`."""
    query = box
    if leader is not None:
        query = (
            min(box[0], leader[0]),
            min(box[1], leader[1]),
            max(box[2], leader[0]),
            max(box[3], leader[1]),
        )
    for k in grid.near(query):
        kind, geom, owner = grid.items[k]
        if kind == "soft":  # data under the labels: weighed by the passes (_covers), leaders cross it
            continue
        if kind == "box":
            if not _clear_of(box, leader, (geom, owner), own, over):
                return False
        else:
            if _segment_hits_box(geom, box):
                return False
            if leader is not None and _segments_cross(leader, geom):
                return False
    return True


def _clear_of(box: _Box, leader: _Box | None, placed: tuple[_Box, int], own: int, over: bool) -> bool:
    """Whether a label's box and leader keep clear of one placed box.

    ``placed`` is the box and its owner: a symbol (its row, >= 0), a label (-1) or an
    obstacle (-2). Its own symbol is never in the way; with ``over`` the leader may pass
    over other symbols.
    """
    geom, owner = placed
    if owner == own:
        return True
    if _boxes_overlap(box, geom):
        return False
    return leader is None or (over and owner >= 0) or not _segment_hits_box(leader, geom)
