"""Patterns that tell categories apart in grey, not only by colour.

Printed in grey, two category colours of about the same lightness look alike. Every
category keeps its colour and, where another category's colour is within
:data:`GREY_STEP` of its CIELAB lightness (L*), gets a different hatch pattern: the
categories sorted by lightness, each takes the first pattern of :data:`HATCHES` that no
category of nearly its lightness has taken. Shapes keep their meanings (a diamond: a
low-confidence location; a square: placed by province or region only), so patterns are the
channel left: on symbols, pie wedges, the timeline's bars and the legend.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

__all__ = ["GREY_STEP", "HATCHES", "HATCH_WIDTH", "hatch_style", "hatches", "lightness"]

#: Two colours whose lightness differs by less than this (CIELAB L*) get different patterns.
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


def lightness(color: str) -> float:
    """Return the CIELAB lightness L* (D65) of a ``#rrggbb`` colour: the grey it prints as."""
    hex_ = color.lstrip("#")
    srgb = np.array([int(hex_[i : i + 2], 16) / 255 for i in (0, 2, 4)])
    lin = np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)
    y = float(lin @ np.array([0.2126729, 0.7151522, 0.0721750]))
    f = np.cbrt(y) if y > (6 / 29) ** 3 else y / (3 * (6 / 29) ** 2) + 4 / 29
    return float(116 * f - 16)


def hatches(colors: Iterable[str]) -> dict[str, str]:
    """Return a pattern for each colour: different for any two colours less than :data:`GREY_STEP` apart in L*.

    Deterministic: colours of equal lightness are taken in the order given. Beyond
    :data:`HATCHES` patterns within one step (never with the house palettes), the least used
    pattern nearby is shared.
    """
    unique = list(dict.fromkeys(c.lower() for c in colors))
    light = {c: lightness(c) for c in unique}
    out: dict[str, str] = {}
    for c in sorted(unique, key=lambda c: light[c]):  # stable: ties keep their order
        near = [out[d] for d in out if abs(light[d] - light[c]) < GREY_STEP]
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
