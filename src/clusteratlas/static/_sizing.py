"""Symbol sizes of one figure: each symbol's area proportional to its place's records, scaled from the largest.

A figure's symbols share one :class:`Sizing`: the largest place of the figure (main map and
insets alike) gets the largest radius chosen for the figure's width, every other place a
symbol whose *area* is in the ratio of its records (or of its ``size_by`` total) to the
largest's. A place too small to see is drawn at a minimum radius; the size key then says
from which count symbols are drawn at that minimum ("≤ 3 records").
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

__all__ = [
    "MAX_PT_AT_WIDTH",
    "MAX_PT_RANGE",
    "MIN_PT",
    "ONE_PT",
    "REFERENCE_WIDTH_MM",
    "Sizing",
    "figure_sizing",
]

#: Radius (pt) of the largest symbol on a figure :data:`REFERENCE_WIDTH_MM` wide; it scales with
#: the figure's width, within :data:`MAX_PT_RANGE`.
MAX_PT_AT_WIDTH = 7.0
REFERENCE_WIDTH_MM = 174.0
MAX_PT_RANGE = (4.5, 9.0)
#: Smallest radius drawn (pt): a symbol that would be smaller is drawn this size, and the size key says so.
MIN_PT = 1.5
#: Largest radius of a one-record place (pt): on a figure whose places hold a few records each, the
#: largest symbol is ``ONE_PT * sqrt(most records)`` when that is less than the width's maximum.
ONE_PT = 3.0


@dataclass(frozen=True)
class Sizing:
    """How a figure's symbols are sized: area proportional to the value, the largest at ``max_pt``.

    Attributes
    ----------
    top : float
        The largest value (records, or ``size_by`` total in units) of any place on the figure.
    max_pt : float
        Radius (pt) of that place's symbol.
    min_pt : float
        Smallest radius drawn (pt).
    """

    top: float
    max_pt: float
    min_pt: float = MIN_PT

    def radii(self, area: np.ndarray) -> np.ndarray:
        """Return the radius (pt) of a symbol for each value of ``area``: ``max_pt * sqrt(area / top)``, clamped."""
        values = np.maximum(np.asarray(area, dtype=float), 0.0)
        exact = self.max_pt * np.sqrt(values / max(self.top, 1e-12))
        return np.asarray(np.maximum(exact, self.min_pt))

    @property
    def floor(self) -> float:
        """The value at and under which a symbol is drawn at the minimum radius (0 when none is clamped)."""
        return float(self.top * (self.min_pt / self.max_pt) ** 2)


def figure_sizing(area: np.ndarray, width_mm: float, scale: float = 1.0) -> Sizing:
    """Return the sizing of a figure ``width_mm`` wide whose places have the values ``area``.

    ``scale`` shrinks the largest radius on a crowded map (:func:`._places.crowding`), never
    under the least of :data:`MAX_PT_RANGE`; a figure of few records a place draws its
    largest at most ``ONE_PT * sqrt(top)`` (one record: :data:`ONE_PT`).
    """
    values = np.asarray(area, dtype=float)
    top = float(values.max()) if len(values) else 1.0
    top = top if top > 0 else 1.0
    lo, hi = MAX_PT_RANGE
    largest = max(lo, float(np.clip(MAX_PT_AT_WIDTH * width_mm / REFERENCE_WIDTH_MM, lo, hi)) * scale)
    return Sizing(top=top, max_pt=min(largest, ONE_PT * float(np.sqrt(max(top, 1.0)))))
