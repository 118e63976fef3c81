"""The ``lq`` figure: one category's location quotient per region, on a diverging scale centred on 1.

``figure --kind lq --color-by Secteur --category Automobile [--weight Effectif]`` maps, for
each region, the category's share of the region's records (or weights) divided by its share
of all records: 1 (as in the whole table) is the neutral middle class, specialised regions
are warm, under-represented ones cool. The classes are fixed and symmetric on a log scale
(½ and 2, 0.8 and 1.25), so two maps compare; regions without records are a class of their
own ("No records"), named so in the legend and the alt text. The
quotients are the cross-table's (:func:`clusteratlas.crosstab.crosstab`), so the figure, the
report and ``clusteratlas shares --by region,COLUMN`` agree.
"""

from __future__ import annotations

import itertools
from dataclasses import replace
from typing import TYPE_CHECKING

import numpy as np

from ..errors import InputError
from ..mapspec import CLASS_PATTERN, Classes, MapSpec
from ..presentation import fill, number
from ._style import WIDTH_MM
from .drawing import Drawing, MapRecord
from .maps import draw_choropleth

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["LQ_BOUNDS", "LQ_COLORS", "LQ_PATTERNS", "draw_lq", "lq_classes", "lq_spec"]

#: Upper bounds of the quotient's classes but the last: symmetric around 1 on a log scale.
LQ_BOUNDS = (0.5, 0.8, 1.25, 2.0)
#: Colour of each class, cool (under-represented) to warm (specialised), neutral at 1
#: (ColorBrewer RdBu, reversed: readable by colour-blind readers). In grey a class and its
#: mirror print alike (½ and 2: 3.6 apart, 0.8 and 1.25: 1.6), so the specialised classes
#: carry the class pattern (:data:`LQ_PATTERNS`), on the map and in the legend.
LQ_COLORS = ("#2166ac", "#92c5de", "#f7f7f7", "#f4a582", "#b2182b")
#: The pattern of each class: the specialised ones (1.25 and above) hatched.
LQ_PATTERNS = ("", "", "", CLASS_PATTERN, CLASS_PATTERN)
#: Colour of regions without records (no quotient).
NO_RECORDS = "#ffffff"


def lq_classes(quotients: np.ndarray, lang: str, none_label: str) -> Classes:
    """Put quotients into the fixed diverging classes (``NaN``: no records, a class of its own, last)."""
    q = np.asarray(quotients, dtype=float)
    index = np.searchsorted(np.array(LQ_BOUNDS), q, side="right")
    edges = [number(b, lang, decimals=2) for b in LQ_BOUNDS]
    labels = [f"< {edges[0]}", *(f"{a}–{b}" for a, b in itertools.pairwise(edges)), f"≥ {edges[-1]}"]
    colors, patterns = list(LQ_COLORS), list(LQ_PATTERNS)
    missing = np.isnan(q)
    if missing.any():
        labels.append(none_label)
        colors.append(NO_RECORDS)
        patterns.append("")  # hatched otherwise, as "no records" (static._basemap)
        index = np.where(missing, len(LQ_COLORS), index)
    counts = np.bincount(index, minlength=len(labels))
    upper = (*LQ_BOUNDS, float("inf"))
    return Classes("lq", upper, tuple(labels), tuple(colors), tuple(int(c) for c in counts), index, tuple(patterns))


def lq_spec(spec: MapSpec) -> MapSpec:
    """Return ``spec`` with its regions shaded by the location quotient of its ``specialisation`` category.

    Raises
    ------
    InputError
        If the spec has no category (``category`` was not given to :func:`~clusteratlas.mapspec.map_spec`).
    """
    cells: pd.DataFrame | None = spec.specialisation
    if cells is None or cells.empty:
        msg = "the lq figure maps one category: give `category`, a value of `color_by` (e.g. Automobile)."
        raise InputError(msg)
    t = spec.texts
    category = str(cells["category"].iat[0])
    by_code = cells.set_index("code")["location_quotient"]
    regions = spec.regions.copy()
    regions["value"] = regions["region_code"].map(by_code).astype(float)
    classes = lq_classes(regions["value"].to_numpy(), spec.lang, t["lq_none"])
    regions["class_index"] = classes.index
    regions["color"] = np.asarray(classes.colors, dtype=object)[classes.index]
    regions["label"] = np.asarray(classes.labels, dtype=object)[classes.index]
    what = spec.weight or t["lq_what"]
    title = fill(t["lq"], spec.lang, category=category)  # French elides: "d'Industrie", "d'IT"
    note = fill(t["lq_note"], spec.lang, what=what)  # "Sa part d'Effectif"
    subtitle = f"{spec.subtitle} · {note}" if spec.subtitle else note
    texts = {**t, "lq": title}
    return replace(spec, value="lq", regions=regions, classes=classes, texts=texts, subtitle=subtitle)


def draw_lq(spec: MapSpec, *, width_mm: float = WIDTH_MM, south: str = "frame") -> Drawing[MapRecord]:
    """Draw the ``lq`` figure: the regions shaded by one category's location quotient, centred on 1."""
    return draw_choropleth(lq_spec(spec), width_mm=width_mm, south=south)
