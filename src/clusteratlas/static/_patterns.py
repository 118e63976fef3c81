"""Patterns that tell categories apart in grey, not only by colour.

Printed in grey, two category colours of about the same lightness look alike. Every
category keeps its colour and, where another category's colour prints as a grey within
:data:`GREY_STEP` (CIEDE2000) of its own, gets a different hatch pattern: the
categories sorted by lightness, each takes the first pattern of :data:`HATCHES` that no
category of nearly its lightness has taken. Shapes keep their meanings (a diamond: a
low-confidence location; a square: placed by province or region only), so patterns are the
channel left: on symbols, pie wedges, the timeline's bars and the legend.

A matplotlib hatch is laid on a grid fixed to the page (one line every 0.7 to 2 mm): a symbol
1 to 3 mm across shows one line of it, or none, wherever the grid falls, so that on a map two
small symbols of one grey looked alike whatever their patterns. Symbols, wedges and key
swatches therefore draw their pattern as *marks* (:func:`draw_marks`): the same directions of
line, but centred on the symbol and spaced from its centre, so that the smallest symbol shows
a line through its middle in each of its pattern's directions (``/``, a backslash, ``|``, ``-``,
``x``, ``+`` or two of them) and a larger one more lines, :data:`MARK_SPACING` apart. The
timeline's bars, wide enough for any grid, keep the hatch.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

import numpy as np

from ..mapspec import CLASS_PATTERN

if TYPE_CHECKING:
    from matplotlib.axes import Axes
    from matplotlib.patches import PathPatch

__all__ = [
    "CLASS_HATCHES",
    "CLASS_HATCH_COLOR",
    "GREY_STEP",
    "HATCHES",
    "HATCH_WIDTH",
    "MARK_SPACING",
    "MARK_WIDTH",
    "MIN_MARK",
    "TICK_INK",
    "TICK_PT",
    "TICK_STEPS",
    "class_hatch_style",
    "draw_marks",
    "grey_difference",
    "hatch_ink",
    "hatch_style",
    "hatches",
    "lightness",
    "mark_angles",
    "mark_reach",
    "mark_segments",
    "marks_of",
    "marks_segments",
    "rim_tick",
    "sector_segments",
    "shows_pattern",
]

#: Two colours that print as greys less than this apart (CIEDE2000, :func:`grey_difference`) get
#: different patterns (a difference of L* alone let yellow and white, 6.5 apart, share none).
GREY_STEP = 10.0
#: The patterns, in the order they are given: none first, then lines and crossings. Lines only:
#: a dot or circle hatch is written into SVG and PDF as hundreds of Bézier curves per tile
#: (570 KB a pattern), a line hatch as a few dozen straight segments (1 KB).
HATCHES = ("", "//////", "//||", "\\\\\\\\\\\\", "||||||", "xxxx", "------", "++++", "\\\\\\\\--")
#: The width of a pattern's lines (points), on symbols, wedges, bars and legend swatches alike:
#: one width, so that SVG and PDF define each pattern once.
HATCH_WIDTH = 0.35
#: Width (pt) of a pattern's marks on symbols and key swatches: wider than a hatch line, so that
#: the one line across a 1 mm symbol still prints.
MARK_WIDTH = 0.5
#: Distance (pt) between two parallel marks, counted from the symbol's centre (a symbol of radius
#: under this shows one line a direction).
MARK_SPACING = 2.2
#: The shortest mark (pt) that reads as a line of its pattern: a wedge whose marks in any direction of
#: its pattern are all shorter (a thin wedge the chords miss or cross at a corner) is marked at its rim
#: instead (:func:`rim_tick`).
MIN_MARK = 1.2
#: Length (pt) of a rim tick's lines, each direction of the pattern crossing at one point just
#: outside the wedge's arc: long enough to read its direction, short enough to stay by its wedge.
TICK_PT = 2.6
#: The spots a rim tick may take along its wedge's radius, a tick's length apart (:func:`rim_tick`).
TICK_STEPS = 3
#: The directions (degrees from the x-axis) each character of a pattern of :data:`HATCHES` draws.
_DIRECTIONS: dict[str, tuple[float, ...]] = {
    "/": (45.0,),
    "\\": (135.0,),
    "|": (90.0,),
    "-": (0.0,),
    "x": (45.0, 135.0),
    "+": (0.0, 90.0),
}
#: A rim tick's ink (:func:`rim_tick`): near-black, on its white casing.
TICK_INK = "#1a1a1a"
#: Where the rim ticks of each pie cross, by axes and pie centre (:func:`rim_tick`), forgotten with the axes.
_TICKS: weakref.WeakKeyDictionary[Any, dict[tuple[float, float], list[tuple[float, float]]]] = (
    weakref.WeakKeyDictionary()
)
#: The marks drawn on each patch (:func:`marks_of`), forgotten with the patch.
_MARKS: weakref.WeakKeyDictionary[Any, Any] = weakref.WeakKeyDictionary()
#: A pattern is drawn white on colours darker than this lightness, dark on lighter ones.
_DARK_L = 50.0
#: The hatch of each choropleth class pattern (:data:`clusteratlas.mapspec.CLASS_PATTERN`): sparse
#: lines (about an eighth of the area), so that a hatched class keeps nearly its grey.
CLASS_HATCHES = {CLASS_PATTERN: "///"}
#: Class patterns are drawn in black on every grey: a darker line never makes a class read lighter
#: than the next darker class (white lines on dark greys did, by up to 15 L*).
CLASS_HATCH_COLOR = "#000000"


def lightness(color: str) -> float:
    """Return the CIELAB lightness L* (D65) of a ``#rrggbb`` colour: the grey it prints as."""
    hex_ = color.lstrip("#")
    srgb = np.array([int(hex_[i : i + 2], 16) / 255 for i in (0, 2, 4)])
    lin = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    y = float(lin @ np.array([0.2126729, 0.7151522, 0.0721750]))
    f = np.cbrt(y) if y > (6 / 29) ** 3 else y / (3 * (6 / 29) ** 2) + 4 / 29
    return float(116 * f - 16)


def grey_difference(l1: float, l2: float) -> float:
    """Return the CIEDE2000 difference of two greys of lightness ``l1`` and ``l2`` (L*).

    For greys CIEDE2000 is the lightness difference over its weight ``S_L``, which grows away
    from L* 50: two very light (or very dark) greys 10 L* apart differ by less than 10.
    """
    mean = (l1 + l2) / 2
    weight = 1 + 0.015 * (mean - 50) ** 2 / float(np.sqrt(20 + (mean - 50) ** 2))
    return abs(l1 - l2) / weight


def hatches(colors: Iterable[str]) -> dict[str, str]:
    """Return a pattern for each colour: different for any two colours less than :data:`GREY_STEP` apart in grey.

    Deterministic: colours of equal lightness are taken in the order given. Beyond
    :data:`HATCHES` patterns within one step (never with the house palettes), the least used
    pattern nearby is shared.
    """
    unique = list(dict.fromkeys(c.lower() for c in colors))
    light = {c: lightness(c) for c in unique}
    out: dict[str, str] = {}
    for c in sorted(unique, key=lambda c: light[c]):  # stable: ties keep their order
        near = [out[d] for d in out if grey_difference(light[d], light[c]) < GREY_STEP]
        free = [h for h in HATCHES if h not in near]
        out[c] = free[0] if free else min(HATCHES, key=near.count)
    return out


def hatch_style(color: str, table: dict[str, str]) -> dict[str, object]:
    """Return the patch properties that draw ``color``'s pattern of ``table`` (none: no pattern)."""
    pattern = table.get(color.lower(), "")
    if not pattern:
        return {}
    return {"hatch": pattern, "hatchcolor": hatch_ink(color), "hatch_linewidth": HATCH_WIDTH}


def class_hatch_style(pattern: str) -> dict[str, object]:
    """Return the patch properties that draw a choropleth class's pattern (``""``: none)."""
    hatch = CLASS_HATCHES.get(pattern, "")
    if not hatch:
        return {}
    return {"hatch": hatch, "hatchcolor": CLASS_HATCH_COLOR, "hatch_linewidth": HATCH_WIDTH}


def hatch_ink(color: str) -> str:
    """Return the colour a pattern is drawn in on ``color``: white on dark colours, near-black on light ones."""
    return "#ffffff" if lightness(color) < _DARK_L else "#1a1a1a"


def mark_angles(pattern: str) -> tuple[float, ...]:
    """Return the directions (degrees) of the lines of ``pattern``, in the order first drawn.

    >>> mark_angles("//||"), mark_angles("xxxx"), mark_angles("")
    ((45.0, 90.0), (45.0, 135.0), ())
    """
    out: list[float] = []
    for ch in dict.fromkeys(pattern):
        out.extend(a for a in _DIRECTIONS.get(ch, ()) if a not in out)
    return tuple(out)


def mark_reach(r: float, unit: float, kind: str) -> float:
    """Return the radius a symbol's marks reach: inside its shape and its 0.5 pt edge.

    A circle (``certain``) of radius ``r``; a square or diamond of its area holds a circle of 0.886 ``r``;
    ``unit`` is one point.
    """
    return (r if kind == "certain" else 0.886 * r) - 0.25 * unit


def mark_segments(centre: tuple[float, float], radius: float, pattern: str, unit: float) -> np.ndarray:
    """Return the marks of ``pattern`` on a symbol: chords of its circle, shape ``(n, 2, 2)``.

    Parameters
    ----------
    centre : tuple of float
        The symbol's centre.
    radius : float
        The radius the marks reach (the symbol's, less half its edge), in the same units.
    pattern : str
        A pattern of :data:`HATCHES` (``""``: no marks).
    unit : float
        Length of one point in those units.

    Returns
    -------
    numpy.ndarray
        In each direction of the pattern, the chord through the centre and those
        :data:`MARK_SPACING` apart on either side, where longer than one spacing.
    """
    cx, cy = centre
    step = MARK_SPACING * unit
    segments: list[tuple[tuple[float, float], tuple[float, float]]] = []
    for angle in mark_angles(pattern):
        t = np.radians(angle)
        dx, dy = float(np.cos(t)), float(np.sin(t))
        reach = int(radius // step) if step > 0 else 0
        for j in sorted(range(-reach, reach + 1), key=abs):
            d = j * step
            half = float(np.sqrt(max(radius**2 - d**2, 0.0)))
            if j and half < step / 2:  # a stub at the rim reads as noise, not a line
                continue
            ox, oy = cx - d * dy, cy + d * dx
            segments.append(((ox - half * dx, oy - half * dy), (ox + half * dx, oy + half * dy)))
    return np.array(segments, dtype=float).reshape(-1, 2, 2)


def sector_segments(segments: np.ndarray, centre: tuple[float, float], angles: tuple[float, float]) -> np.ndarray:
    """Return the parts of ``segments`` (``(n, 2, 2)``) inside a sector of a circle centred on ``centre``.

    The sector runs anticlockwise from ``angles[0]`` to ``angles[1]`` (degrees): the two
    half-planes of its edges, both (a sector up to 180°) or either (a wider one).

    >>> sector_segments(np.array([[[-1.0, 0.0], [1.0, 0.0]]]), (0.0, 0.0), (0.0, 90.0)).tolist()
    [[[0.0, 0.0], [1.0, 0.0]]]
    """
    cx, cy = centre
    out: list[np.ndarray] = []
    edges = [np.radians(angles[0]), np.radians(angles[1])]
    wide = (angles[1] - angles[0]) % 360 > 180
    for a, b in segments:
        d = b - a
        spans = []
        for k, t in enumerate(edges):  # left of the first edge, right of the second: f0 + f1 * s >= 0
            u = np.array([np.cos(t), np.sin(t)]) * (1 if k == 0 else -1)
            f0 = u[0] * (a[1] - cy) - u[1] * (a[0] - cx)
            f1 = u[0] * d[1] - u[1] * d[0]
            spans.append(_half_line(f0, f1))
        for lo, hi in _combine(spans, wide):
            if hi - lo > 1e-9:
                out.append(np.array([a + lo * d, a + hi * d]))
    return np.array(out, dtype=float).reshape(-1, 2, 2)


def shows_pattern(segments: np.ndarray, pattern: str, unit: float) -> bool:
    """Whether ``segments`` hold, in every direction of ``pattern``, a mark :data:`MIN_MARK` long at least."""
    if not len(segments):
        return False
    d = segments[:, 1] - segments[:, 0]
    length = np.hypot(d[:, 0], d[:, 1])
    angle = np.degrees(np.arctan2(d[:, 1], d[:, 0])) % 180.0
    for a in mark_angles(pattern):
        off = np.abs((angle - a + 90.0) % 180.0 - 90.0)
        if not bool(((off < 1.0) & (length >= MIN_MARK * unit)).any()):
            return False
    return True


def rim_tick(
    centre: tuple[float, float],
    radius: float,
    angles: tuple[float, float],
    pattern: str,
    unit: float,
    taken: list[tuple[float, float]] | None = None,
) -> np.ndarray:
    """Return a thin wedge's pattern as a tick at its rim: one line a direction, crossing just outside its arc.

    The lines, :data:`TICK_PT` long, cross on the wedge's middle radius half their length
    beyond the arc (``radius``): the wedge keeps its true angle, and its pattern reads where
    the marks inside it would be too short. ``taken``: where the ticks of the pie's other
    wedges cross; this one moves out along its radius, a tick's length at a time, until clear
    of them, and is added. Shape ``(n, 2, 2)``.

    >>> rim_tick((0.0, 0.0), 2.0, (-10.0, 10.0), "||||", 1.0).round(2).tolist()
    [[[3.3, -1.3], [3.3, 1.3]]]
    """
    mid = np.radians(angles[0] + ((angles[1] - angles[0]) % 360.0) / 2)
    half = TICK_PT / 2 * unit
    taken = [] if taken is None else taken
    best: tuple[float, float, float] | None = None
    for step in range(TICK_STEPS):  # the first clear spot out along its radius, else the clearest
        at = radius + half * (1 + 2 * step)
        cx, cy = centre[0] + at * float(np.cos(mid)), centre[1] + at * float(np.sin(mid))
        room = min((float(np.hypot(cx - x, cy - y)) for x, y in taken), default=np.inf)
        if best is None or room > best[0] + 1e-9:
            best = (room, cx, cy)
        if room >= 2 * half:
            break
    _, cx, cy = best if best is not None else (0.0, centre[0], centre[1])
    taken.append((cx, cy))
    lines = []
    for a in mark_angles(pattern):
        dx, dy = half * float(np.cos(np.radians(a))), half * float(np.sin(np.radians(a)))
        lines.append(((cx - dx, cy - dy), (cx + dx, cy + dy)))
    return np.array(lines, dtype=float).reshape(-1, 2, 2)


def _half_line(f0: float, f1: float) -> tuple[float, float]:
    """Return the part of ``[0, 1]`` where ``f0 + f1 * s >= 0`` (empty: ``lo > hi``)."""
    if abs(f1) < 1e-12:
        return (0.0, 1.0) if f0 >= 0 else (1.0, 0.0)
    root = -f0 / f1
    return (max(0.0, root), 1.0) if f1 > 0 else (0.0, min(1.0, root))


def _combine(spans: list[tuple[float, float]], wide: bool) -> list[tuple[float, float]]:
    """Return the intersection of two spans of ``[0, 1]`` or, for a sector wider than 180°, their union."""
    (a0, a1), (b0, b1) = spans
    if not wide:
        return [(max(a0, b0), min(a1, b1))]
    parts = sorted(p for p in spans if p[1] > p[0])
    if len(parts) == 2 and parts[1][0] <= parts[0][1]:
        return [(parts[0][0], max(parts[0][1], parts[1][1]))]
    return parts


def draw_marks(
    ax: Axes | None, patch: Any, centre: tuple[float, float], radius: float, unit: float
) -> PathPatch | None:
    """Draw ``patch``'s hatch as marks centred on it (:func:`mark_segments`), and take its hatch off.

    Parameters
    ----------
    ax : matplotlib.axes.Axes or None
        Where to add the marks (None: the caller adds them, as a legend handler does).
    patch : matplotlib.patches.Patch
        A symbol, wedge or key swatch whose hatch (:func:`hatch_style`) says its pattern; its
        transform is set. The marks stay inside ``radius`` and, on a pie's wedge, are cut to
        its sector: no clip path (one each, written into SVG and PDF, made files 40 KB larger).
    centre, radius : tuple of float, float
        The symbol's centre and the radius its marks reach, in ``patch``'s coordinates.
    unit : float
        Length of one point in those coordinates.

    Returns
    -------
    matplotlib.patches.PathPatch or None
        The marks, one path of line segments (gid ``pattern-marks``; one element in SVG), or
        None when the patch has no pattern. A wedge too thin for its marks (none in some
        direction of its pattern :data:`MIN_MARK` long) gets a tick at its rim instead
        (:func:`rim_tick`, gid ``pattern-tick``), cased in white.
    """
    from matplotlib.colors import to_hex
    from matplotlib.patches import Wedge

    pattern = patch.get_hatch() or ""
    if not mark_angles(pattern):
        return None
    patch.set_hatch(None)
    segments = mark_segments(centre, radius, pattern, unit)
    ink, tick = hatch_ink(to_hex(patch.get_facecolor(), keep_alpha=False)), False
    if isinstance(patch, Wedge):  # a chord of the circle crosses the other wedges: cut to this one's sector
        owner = ax if ax is not None else patch
        segments, tick = _wedge_marks(owner, patch, segments, pattern, (centre, radius, unit))
        ink = TICK_INK if tick else ink
    if not len(segments):
        return None
    marks = _marks_patch(patch, segments, ink, tick)
    _MARKS[patch] = marks
    if ax is not None:
        ax.add_artist(marks)
    return marks


def _marks_patch(patch: Any, segments: np.ndarray, ink: str, tick: bool) -> PathPatch:
    """Return ``segments`` as one path of marks in ``ink`` over ``patch`` (a rim tick: over its outline, cased)."""
    from matplotlib.patches import PathPatch
    from matplotlib.path import Path

    codes = np.tile([Path.MOVETO, Path.LINETO], len(segments))
    marks = PathPatch(
        Path(segments.reshape(-1, 2), codes),
        facecolor="none",
        edgecolor=ink,
        linewidth=MARK_WIDTH,
        capstyle="butt",
        zorder=patch.get_zorder() + (0.05 if tick else 0.001),  # a tick over the symbol's outline
        transform=patch.get_data_transform(),
        gid="pattern-tick" if tick else "pattern-marks",
    )
    if tick:  # cased in white: it reads on any ground, a region's shade or a neighbour
        from matplotlib import patheffects

        marks.set_path_effects([patheffects.withStroke(linewidth=MARK_WIDTH + 1.0, foreground="white")])
    return marks


def _wedge_marks(
    owner: Any, wedge: Any, segments: np.ndarray, pattern: str, circle: tuple[tuple[float, float], float, float]
) -> tuple[np.ndarray, bool]:
    """Return a wedge's marks of ``pattern`` cut to its sector, or a tick at its rim if too short; and which.

    ``circle``: the pie's centre, the radius its marks reach and one point; ``owner`` (the
    axes) keeps where the pie's ticks are (:data:`_TICKS`).
    """
    centre, radius, unit = circle
    angles = (float(wedge.theta1), float(wedge.theta2))
    cut = sector_segments(segments, centre, angles)
    if shows_pattern(cut, pattern, unit):
        return cut, False
    taken = _TICKS.setdefault(owner, {}).setdefault((round(centre[0], 9), round(centre[1], 9)), [])
    return rim_tick(centre, radius, angles, pattern, unit, taken), True


def marks_segments(marks: PathPatch) -> np.ndarray:
    """Return the line segments of marks drawn by :func:`draw_marks`, shape ``(n, 2, 2)``."""
    return np.asarray(marks.get_path().vertices, dtype=float).reshape(-1, 2, 2)


def marks_of(patch: Any) -> PathPatch | None:
    """Return the marks :func:`draw_marks` drew on ``patch`` (None: it has none; its hatch, if any, is drawn)."""
    return _MARKS.get(patch)
