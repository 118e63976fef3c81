"""One map specification for both renderers.

:func:`map_spec` decides, once, what a map shows: the choropleth's classes, colours and
legend text, the categories of the points and their colours, which points are drawn as
uncertain, and every label in English or French. The static figures (:mod:`.static`) and
the HTML map (:mod:`.interactive`) draw from the same :class:`MapSpec`, so they agree.

The package has one module per job:

- :mod:`.spec`: :class:`MapSpec`, :class:`MapOptions` and :func:`map_spec`;
- :mod:`.classes`: choropleth classes (:func:`classify`);
- :mod:`.points`: the points' categories, colours, flags, sizes and places;
- :mod:`.zones`: zone counts, outlines and line styles;
- :mod:`.legend`: the legend entries both renderers draw (:class:`LegendItem`);
- :mod:`.captions`: alt text (:func:`describe`), captions and the records not placed.
"""

from __future__ import annotations

from ..errors import ClassificationWarning
from ..presentation import catalogue
from .captions import (
    ALT_UNPLACED_MAX,
    LEVER_ROWS_MAX,
    UNPLACED_LISTED,
    describe,
    few_record_note,
    few_record_regions,
    other_categories,
    other_note,
    unplaced_caption,
    unplaced_list,
    unplaced_reasons,
    weight_skipped_caption,
)
from .classes import CLASS_PATTERN, DENSITY_COLORS, RAMP, SCHEMES, STEP_DE, ZERO_COLOR, Classes, classify
from .legend import FLAG_COLOR, LegendItem
from .points import (
    ALL_RECORDS,
    DENSITY_PLACES,
    OKABE_ITO,
    OTHER_COLOR,
    OTHER_LABEL,
    PALETTE,
    PLACE_DECIMALS,
    UNKNOWN_COLOR,
    UNKNOWN_LABEL,
    canonical_places,
    category_colors,
    fold_categories,
    place_count,
    size_unit,
)
from .spec import RECORD_TEXTS, VALUES, MapKeywords, MapOptions, MapSpec, map_spec
from .zones import ZONE_STYLES, zone_outline

__all__ = [
    "ALL_RECORDS",
    "ALT_UNPLACED_MAX",
    "CLASS_PATTERN",
    "DENSITY_COLORS",
    "DENSITY_PLACES",
    "FLAG_COLOR",
    "LEVER_ROWS_MAX",
    "OKABE_ITO",
    "OTHER_COLOR",
    "OTHER_LABEL",
    "PALETTE",
    "PLACE_DECIMALS",
    "RAMP",
    "RECORD_TEXTS",
    "SCHEMES",
    "STEP_DE",
    "UNKNOWN_COLOR",
    "UNKNOWN_LABEL",
    "UNPLACED_LISTED",
    "VALUES",
    "ZERO_COLOR",
    "ZONE_STYLES",
    "Classes",
    "ClassificationWarning",
    "LegendItem",
    "MapKeywords",
    "MapOptions",
    "MapSpec",
    "canonical_places",
    "category_colors",
    "classify",
    "describe",
    "few_record_note",
    "few_record_regions",
    "fold_categories",
    "map_spec",
    "other_categories",
    "other_note",
    "place_count",
    "size_unit",
    "unplaced_caption",
    "unplaced_list",
    "unplaced_reasons",
    "weight_skipped_caption",
    "zone_outline",
]


def __getattr__(name: str) -> dict[str, dict[str, str]]:
    """``TEXTS`` and ``ALT``: the ``map`` and ``alt`` catalogue sections in every language.

    Made when asked for, with the geography pack in use then (their texts name its country),
    never at import.
    """
    if name in ("TEXTS", "ALT"):
        return catalogue("map" if name == "TEXTS" else "alt")
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
