"""Patterns that tell categories apart in grey, not only by colour.

Printed in grey, two category colours of about the same lightness look alike. Every
category keeps its colour and, where another category's colour prints as a grey within
:data:`GREY_STEP` (CIEDE2000) of its own, gets a different hatch pattern: the
categories sorted by lightness, each takes the first pattern of :data:`HATCHES` that no
category of nearly its lightness has taken. Shapes keep their meanings (a diamond: a
low-confidence location; a square: placed by province or region only), so patterns are the
channel left: on symbols, pie wedges, the timeline's bars and the legend.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

from ..mapspec import CLASS_PATTERN

__all__ = [
    "CLASS_HATCHES",
    "CLASS_HATCH_COLOR",
    "GREY_STEP",
    "HATCHES",
    "HATCH_WIDTH",
    "class_hatch_style",
    "grey_difference",
    "hatch_style",
    "hatches",
    "lightness",
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
    ink = "#ffffff" if lightness(color) < _DARK_L else "#1a1a1a"
    return {"hatch": pattern, "hatchcolor": ink, "hatch_linewidth": HATCH_WIDTH}


def class_hatch_style(pattern: str) -> dict[str, object]:
    """Return the patch properties that draw a choropleth class's pattern (``""``: none)."""
    hatch = CLASS_HATCHES.get(pattern, "")
    if not hatch:
        return {}
    return {"hatch": hatch, "hatchcolor": CLASS_HATCH_COLOR, "hatch_linewidth": HATCH_WIDTH}
