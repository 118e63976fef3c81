"""What a map being drawn knows: what it shows, its spec and frame, and its records as drawn (:mod:`.maps`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ._coarse import CoarseLayer

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

    from ..mapspec import MapSpec
    from ._sizing import Sizing
    from .drawing import Density, Layer

__all__ = ["MapState", "Records", "Show"]


@dataclass(frozen=True)
class Show:
    """What a map shows: regions shaded by value, the records, their labels, the zones' outlines."""

    shaded: bool
    points: bool
    labels: bool = False
    zones: bool = False


@dataclass(frozen=True, eq=False)
class MapState:
    """A map being drawn: its spec, frame and what it shows; its records and, unless too many, their places."""

    spec: MapSpec
    ax: Axes
    show: Show
    south: str
    pts: pd.DataFrame
    dense: bool
    planned: Layer | None
    sizing: Sizing | None = None
    main: Layer | None = None


@dataclass(frozen=True, eq=False)
class Records:
    """The records as drawn on the main frame: their places with symbols, or a density and its dotted places."""

    layer: Layer | None = None
    density: Density | None = None
    top: Layer | None = None
    total: int = 0
    coarse: CoarseLayer = field(default_factory=CoarseLayer)
