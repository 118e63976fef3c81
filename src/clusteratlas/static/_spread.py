"""Symbols pushed apart: no symbol hides another, each joined to its true place by a leader line.

:func:`spread` moves overlapping circles apart in a few vectorised rounds: each round finds
the overlapping pairs with a k-d tree (``O(n log n)``, never every pair) and moves both
circles of a pair apart along the line between them, the smaller one further. Symbols that
do not overlap never move. The maps draw a moved symbol with a thin leader line to a dot at
its true place.
"""

from __future__ import annotations

import numpy as np

__all__ = ["ROUNDS", "spread"]

#: The most rounds of pushing apart (a round costs ``O(n log n)``); crowds of hundreds settle in far fewer.
ROUNDS = 200
#: Each round moves a pair by this share of their overlap (damped: a symbol in several pairs is not thrown out).
_STEP = 1.0
#: Circles are pushed apart as if this much larger: the pushes settle clear of every overlap.
_ROOM = 1.1
#: The golden angle (radians): the direction coincident symbols are pushed in, different for every pair.
_GOLDEN = np.pi * (3 - np.sqrt(5))
#: A frame's limits: ``(x0, x1, y0, y1)``.
_Bounds = tuple[float, float, float, float]


def _clamp(pos: np.ndarray, radii: np.ndarray, bounds: _Bounds | None, keep: np.ndarray) -> None:
    """Move the circles of ``keep`` inside ``bounds`` by their radius, in place: none cut at the edge."""
    if bounds is None or not keep.any():
        return
    x0, x1, y0, y1 = bounds
    r = np.minimum(radii[keep], [min(x1 - x0, y1 - y0) / 2])
    pos[keep, 0] = np.clip(pos[keep, 0], x0 + r, x1 - r)
    pos[keep, 1] = np.clip(pos[keep, 1], y0 + r, y1 - r)


def _inside(pos: np.ndarray, bounds: _Bounds | None) -> np.ndarray:
    """Return which centres are inside ``bounds`` (none without bounds)."""
    if bounds is None:
        return np.zeros(len(pos), dtype=bool)
    x0, x1, y0, y1 = bounds
    return np.asarray((pos[:, 0] > x0) & (pos[:, 0] < x1) & (pos[:, 1] > y0) & (pos[:, 1] < y1))


def spread(
    xy: np.ndarray,
    radii: np.ndarray,
    *,
    gap: float = 0.0,
    rounds: int = ROUNDS,
    bounds: _Bounds | None = None,
    cap: float | None = None,
) -> np.ndarray:
    """Move circles apart until none overlaps another; return their new centres.

    Parameters
    ----------
    xy, radii : numpy.ndarray
        Centres, shape ``(n, 2)``, and radii in the units of ``xy``.
    gap : float, default 0
        Room to leave between two circles.
    bounds : tuple of float, optional
        ``(x0, x1, y0, y1)``: a circle whose centre is inside is kept whole inside (never cut).
    cap : float, optional
        The farthest a circle moves from its place (a crowd is not flung across the map).

    Returns
    -------
    numpy.ndarray
        The centres ``(n, 2)``, the same for circles that overlapped nothing (no randomness).
    """
    from scipy.spatial import cKDTree

    pos = np.array(xy, dtype=float, copy=True)
    radii = np.asarray(radii, dtype=float) * _ROOM
    _clamp(pos, radii / _ROOM, bounds, keep := _inside(pos, bounds))
    if len(pos) < 2:
        return pos
    reach = 2 * float(radii.max()) + gap
    weight = np.maximum(radii, 1e-12) ** 2
    for _ in range(rounds):
        pairs = cKDTree(pos).query_pairs(reach, output_type="ndarray")
        if not len(pairs):
            break
        i, j = pairs[:, 0], pairs[:, 1]
        d = pos[j] - pos[i]
        dist = np.hypot(d[:, 0], d[:, 1])
        need = radii[i] + radii[j] + gap - dist
        hit = need > 1e-9 * reach
        if not hit.any():
            break
        i, j, d, dist, need = i[hit], j[hit], d[hit], dist[hit], need[hit]
        same = dist < 1e-9 * reach
        angle = (i[same] + 2 * j[same]) * _GOLDEN
        d[same] = np.column_stack([np.cos(angle), np.sin(angle)])
        dist[same] = 1.0
        unit = d / dist[:, None]
        share_j = weight[i] / (weight[i] + weight[j])  # the smaller circle moves further
        move = np.zeros_like(pos)
        np.add.at(move, i, -unit * (_STEP * need * (1 - share_j))[:, None])
        np.add.at(move, j, unit * (_STEP * need * share_j)[:, None])
        pos += move
        _clamp(_limit(pos, xy, cap), radii / _ROOM, bounds, keep)
    return pos


def _limit(pos: np.ndarray, xy: np.ndarray, cap: float | None) -> np.ndarray:
    """Pull every centre back to at most ``cap`` from where it started, in place (none without a cap)."""
    if cap is None:
        return pos
    shift = pos - xy
    length = np.hypot(shift[:, 0], shift[:, 1])
    far = length > cap
    pos[far] = xy[far] + shift[far] * (cap / length[far])[:, None]
    return pos
