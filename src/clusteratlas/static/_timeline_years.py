"""The timeline's year panels: records created per year by category, the cumulative count, the years ticked as fit.

The years under the panels are ticked every 1, 2, 5, 10… years: the finest step whose
labels, measured in the figure font, stand at least :data:`TICK_GAP_PT` apart at the
panel's drawn width (a 100-year span at 84 mm is ticked every 20 years, five years at
174 mm every year).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from ..mapspec import UNKNOWN_COLOR, MapSpec
from ._legends import category_patterns
from ._patterns import hatch_style
from ._style import TEXT_PT, plain, renderer_of, root_figure, thousands, word_width, wrap_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "COUNT_STEP_PT",
    "LEFT_MARGIN_MM",
    "TICK_GAP_PT",
    "YEAR_STEPS",
    "counts_formatter",
    "cumulative_panel",
    "fit_left",
    "round_top",
    "tick_years",
    "year_bars",
    "year_ticks",
]

#: The least room between two year labels under the panels (pt): half an em of their 7 pt type.
TICK_GAP_PT = 3.5
#: The least room (mm) left of the year panels' counts and axis titles, to the figure's edge.
LEFT_MARGIN_MM = 1.0
#: The least height (pt) per count ticked up a panel: two and a half lines of 7 pt (ten counts
#: crowded the bars' 26 mm at 100,000 records, four the cumulative panel's 8 mm).
COUNT_STEP_PT = 2.5 * TEXT_PT
#: The steps the years are ticked at, finest first.
YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000)


def year_ticks(span: np.ndarray, view: tuple[float, float], width_pt: float, size: float = TEXT_PT) -> np.ndarray:
    """Return the years to tick on an axis ``width_pt`` wide showing ``view`` (years, as drawn).

    The finest step of :data:`YEAR_STEPS` whose labels (measured at ``size``) stand at least
    :data:`TICK_GAP_PT` apart; the multiples of the step within ``span``, or its first
    year when there is none.

    >>> year_ticks(np.arange(1985, 2025), (1983.0, 2026.0), 176.0).tolist()
    [1990, 2000, 2010, 2020]
    >>> year_ticks(np.arange(2019, 2024), (2018.4, 2023.6), 400.0).tolist()
    [2019, 2020, 2021, 2022, 2023]
    """
    per_year = width_pt / max(view[1] - view[0], 1e-9)
    widest = max((word_width(str(int(y)), size) for y in span[[0, -1]]), default=0.0)
    for step in YEAR_STEPS:
        if step * per_year >= widest + TICK_GAP_PT:
            break
    ticks = span[span % step == 0]
    return ticks if len(ticks) else span[:1]


def year_bars(top: Axes, spec: MapSpec, years: pd.Series, span: np.ndarray) -> np.ndarray:
    """Stack the records of each year by category, in legend order; return each year's total."""
    from matplotlib.ticker import MaxNLocator

    cat = spec.categories(spec.records)
    known = years.notna()
    bottom = np.zeros(len(span))
    colors = dict(spec.colors)
    for c in sorted(set(cat)):
        colors.setdefault(c, UNKNOWN_COLOR)
    table = pd.crosstab(years[known].astype(int), cat[known]).reindex(index=span, fill_value=0)
    patterns = category_patterns(spec)  # the same pattern for a category as on the maps
    for c in colors:
        counts = table[c].to_numpy() if c in table else np.zeros(len(span), dtype=int)
        if counts.sum() == 0:
            continue
        bars = top.bar(
            span,
            counts,
            bottom=bottom,
            color=colors[c],
            edgecolor="#1a1a1a",
            linewidth=0.3,
            width=0.75,
            label=plain(f"{spec.group_name(c)} ({thousands(int(counts.sum()), spec.lang)})"),
            gid="year-bars",
        )
        for bar in bars:
            bar.set(**hatch_style(colors[c], patterns))
        bottom += counts
    height_pt = top.get_position().height * root_figure(top).get_size_inches()[1] * 72
    top.set_ylabel(wrap_text(spec.texts["per_year"], height_pt, TEXT_PT), labelpad=4)  # along the panel's height
    top.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=max(2, int(height_pt // COUNT_STEP_PT))))
    top.yaxis.set_major_formatter(counts_formatter(spec.lang))
    top.set_ylim(0, max(1, bottom.max()) * 1.12)
    top.tick_params(labelbottom=False)
    return bottom


def counts_formatter(lang: str) -> Any:
    """Return a tick formatter writing counts with the thousands separator ("80,000", "80 000")."""
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: thousands(round(v), lang))


def cumulative_panel(low: Axes, spec: MapSpec, span: np.ndarray, cumulative: np.ndarray) -> None:
    """Draw the cumulative count of records as a step line (the years are ticked by :func:`tick_years`).

    Its counts stand :data:`COUNT_STEP_PT` apart at least: a panel too low for three (8 mm
    at 84 mm) is ticked at its foot and at a round top (:func:`round_top`), its full height.
    """
    from matplotlib.ticker import FixedLocator, MaxNLocator

    low.step(span, cumulative, where="mid", color="#1a1a1a", linewidth=1, gid="cumulative")
    height_pt = low.get_position().height * root_figure(low).get_size_inches()[1] * 72
    bins = int(height_pt // COUNT_STEP_PT)
    if bins >= 2:
        low.set_ylim(0, max(1, cumulative.max()) * 1.15)
        low.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=bins))
    else:
        top = round_top(float(cumulative.max()))
        low.set_ylim(0, top)
        low.yaxis.set_major_locator(FixedLocator([0, top]))
    low.yaxis.set_major_formatter(counts_formatter(spec.lang))
    low.set_ylabel(spec.texts["cumulative"], labelpad=4)
    low.set_xlabel(spec.texts["year"])


def round_top(count: float) -> int:
    """Return the first round count (1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25 … times a power of ten) 5% above ``count``.

    >>> round_top(17), round_top(2000), round_top(6256), round_top(100_000), round_top(0)
    (20, 2500, 8000, 120000, 2)
    """
    for power in range(16):
        for m in (10, 12, 15, 20, 25, 30, 40, 50, 60, 80):
            if (m * 10**power) % 10 == 0 and m * 10**power // 10 >= max(count, 1) * 1.05:
                return int(m * 10**power // 10)
    return int(count * 1.2)


def fit_left(panels: list[Axes], margin_mm: float = LEFT_MARGIN_MM) -> float:
    """Narrow the year panels from the left until their counts and axis titles start ``margin_mm`` inside the figure.

    Returns the panels' width (mm) after: "2,250" and a title on three lines need more
    room than "25" and one line.
    """
    fig = root_figure(panels[0])
    renderer = renderer_of(panels[0])
    left = min(ax.get_tightbbox(renderer).x0 for ax in panels)  # type: ignore[union-attr]
    short = (margin_mm / 25.4 * fig.dpi - left) / fig.bbox.width  # figure fraction
    if short > 0:
        for ax in panels:
            x0, y0, w, h = ax.get_position().bounds
            ax.set_position((x0 + short, y0, w - short, h))
    return float(panels[0].get_position().width * fig.get_size_inches()[0] * 25.4)


def tick_years(low: Axes, span: np.ndarray, width_mm: float) -> None:
    """Tick the years under the panels as fit ``width_mm`` (:func:`year_ticks`), the view kept as drawn."""
    x0, x1 = low.get_xlim()  # the years as drawn: the bars' and their margins
    ticks = year_ticks(span, (x0, x1), width_mm * 72 / 25.4)
    low.set_xticks(ticks)
    low.set_xticklabels([str(v) for v in ticks])
    low.set_xlim(x0, x1)
