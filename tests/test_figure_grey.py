"""Categories told apart in grey: any two differ by pattern, or by at least 10 in CIELAB lightness (L*).

Read back from the drawn artists (symbols, pie wedges, legend swatches, the timeline's bars):
each category colour is drawn with one pattern everywhere, and two colours that print as
nearly the same grey never share one. The legend says what the patterns are for.
"""

from __future__ import annotations

import itertools

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.colors import to_hex
from matplotlib.legend import Legend
from matplotlib.patches import Patch

from clusteratlas.mapspec import PALETTE
from clusteratlas.static import draw
from clusteratlas.static._patterns import hatches, mark_angles, marks_of, marks_segments

from .colourvision import seen
from .randomdata import random_spec

SYMBOLS = {"place-certain", "place-uncertain", "place-coarse", "place-wedge", "year-bars"}


def _directions(patch) -> tuple[float, ...]:
    """The directions (degrees) of the lines of a patch's pattern: its hatch's, or those of the marks drawn on it."""
    marks = marks_of(patch)
    if marks is None:
        return tuple(sorted(mark_angles(patch.get_hatch() or "")))
    ends = marks_segments(marks)
    dx, dy = (ends[:, 1] - ends[:, 0]).T
    return tuple(sorted({float(round(np.degrees(np.arctan2(y, x))) % 180) for x, y in zip(dx, dy, strict=True)}))


def _patterns_drawn(fig) -> dict[str, set[tuple[float, ...]]]:
    """Each fill colour drawn on a category's symbol, wedge, bar or legend swatch, and the patterns it is drawn with.

    A pattern is read as the directions of its lines: a bar's hatch, a symbol's or swatch's marks.
    """
    from matplotlib.legend import Legend
    from matplotlib.patches import Circle, Patch

    found: dict[str, set[tuple[float, ...]]] = {}
    patches = [p for p in fig.findobj(Patch) if p.get_gid() in SYMBOLS]
    for legend in fig.findobj(Legend):
        if legend.get_gid() in ("legend-points", None):  # the map's category legend; the timeline's
            patches += [h for h in legend.legend_handles if isinstance(h, (Circle, plt.Rectangle))]
    for patch in patches:
        face = patch.get_facecolor()
        if face[3] == 0:  # a pie's outline: its wedges carry the colours
            continue
        found.setdefault(to_hex(face, keep_alpha=False), set()).add(_directions(patch))
    return found


def _assert_told_apart(found: dict[str, set[str]]) -> None:
    assert all(len(p) == 1 for p in found.values()), found  # one pattern per category colour, everywhere
    colours = sorted(found)
    grey = dict(zip(colours, seen(colours, "grey")[:, 0], strict=True))  # L* of each, printed in grey
    for a, b in itertools.combinations(colours, 2):
        if found[a] == found[b]:
            assert abs(grey[a] - grey[b]) >= 10, (a, b, grey[a], grey[b], found[a])


def test_patterns_split_every_pair_of_colours_that_print_alike() -> None:
    table = hatches(PALETTE)
    light = dict(zip(PALETTE, seen(list(PALETTE), "grey")[:, 0], strict=True))
    close = [(a, b) for a, b in itertools.combinations(PALETTE, 2) if abs(light[a] - light[b]) < 10]
    assert len(close) >= 5  # the palette has colours that print alike: the patterns are needed
    assert all(table[a.lower()] != table[b.lower()] for a, b in close)
    assert hatches(PALETTE) == table  # deterministic


@pytest.mark.parametrize(
    ("seed", "n", "lang", "kind"),
    [(3, 150, "en", "points"), (2, 60, "fr", "points"), (3, 150, "fr", "combined"), (3, 150, "en", "timeline")],
)
def test_categories_differ_in_grey_by_pattern_or_lightness(seed: int, n: int, lang: str, kind: str) -> None:
    spec = random_spec(seed, n, lang)
    fig = draw(spec, kind).figure
    try:
        found = _patterns_drawn(fig)
        assert len(found) >= 6, found  # the walk finds the categories
        swatches = [h for leg in fig.findobj(Legend) for h in leg.legend_handles if isinstance(h, Patch)]
        assert any(_directions(h) for h in swatches)  # the legend shows the patterns too
        assert any(p != {()} for p in found.values())  # and some patterns
        _assert_told_apart(found)
        texts = [t.get_text() for t in fig.findobj(plt.Text)]
        assert spec.texts["patterns"] in texts  # the legend says what the patterns are for
    finally:
        plt.close(fig)
