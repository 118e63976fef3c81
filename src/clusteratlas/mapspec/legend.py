"""Legend entries: one finished list that the static figures and the HTML map both draw.

:func:`legend_items` turns a :class:`~clusteratlas.mapspec.MapSpec` into
:class:`LegendItem` entries: the choropleth's classes, the points' categories and flags,
then the zones and the groups no outline shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from ..presentation import count_share, number, one, percent
from .zones import ZONE_STYLES

if TYPE_CHECKING:
    from .spec import MapSpec

__all__ = ["FLAG_COLOR", "LegendItem", "legend_items"]

#: Grey of the flag symbols (low-confidence and coarse locations) in the legends.
FLAG_COLOR = "#d9d9d9"


@dataclass(frozen=True)
class LegendItem:
    """One finished legend entry, the same in the static figures and the HTML map.

    Attributes
    ----------
    group : str
        ``classes`` (choropleth), ``categories`` (point colours), ``flags`` (uncertain
        or coarse locations) or ``zones``.
    label : str
        What the entry names: a class's range, a category, a flag, a zone.
    color : str
        Fill colour (hex), or the zone's line colour; ``"none"`` for a zone not outlined.
    count : int or None
        How many regions (classes) or records (the other groups) it stands for.
    detail : str
        The count as written, in brackets after the label: "3 regions", "2",
        "1 on the map, 2 in all", or for zones "9 (52.9%)".
    text : str
        The entry as shown: label and detail.
    marker : str
        ``patch``, ``circle``, ``diamond``, ``box``, ``line`` or ``blank``.
    line_width : float
        A zone's outline width in points (0 otherwise).
    line_style : str
        A zone's matplotlib dash style (``-``, ``--``, ``:``, ``-.``), empty otherwise.
    regions : tuple of str
        An outlined zone's region codes (what its line goes around), empty otherwise.
    """

    group: str
    label: str
    color: str
    count: int | None
    detail: str
    text: str
    marker: str = "patch"
    line_width: float = 0.0
    line_style: str = ""
    regions: tuple[str, ...] = ()


def _class_items(spec: MapSpec) -> list[LegendItem]:
    t, lang = spec.texts, spec.lang
    out = []
    for label, color, n in zip(spec.classes.labels, spec.classes.colors, spec.classes.counts, strict=True):
        detail = f"{number(n, lang)} {t['region'] if one(n, lang) else t['regions'].lower()}"  # "0 région" in French
        out.append(LegendItem("classes", label, color, int(n), detail, f"{label} ({detail})"))
    return out


def _point_items(spec: MapSpec) -> list[LegendItem]:
    t, lang = spec.texts, spec.lang
    placed = spec.points["category"].value_counts()
    every = spec.categories(spec.records).value_counts()
    out = []
    for cat, color in spec.colors.items():
        n, total = int(placed.get(cat, 0)), int(every.get(cat, 0))
        detail = number(n, lang)
        if total > n:
            detail = t["on_map"].format(placed=detail, total=number(total, lang))
        label = spec.group_name(cat)
        out.append(LegendItem("categories", label, color, n, detail, f"{label} ({detail})", marker="circle"))
    for flag, marker in (("uncertain", "diamond"), ("coarse", "box")):
        n = int(spec.points[flag].sum())
        if n:
            label, detail = t[flag], number(n, lang)
            out.append(LegendItem("flags", label, FLAG_COLOR, n, detail, f"{label} ({detail})", marker=marker))
    return out


def _zone_items(spec: MapSpec) -> list[LegendItem]:
    out = []
    named = spec.zones[spec.zones["group"] != spec.zone_rest]
    for i, row in enumerate(named.itertuples(index=False)):
        if not len(row.regions):
            continue
        color, width, style = ZONE_STYLES[i % len(ZONE_STYLES)]
        regions = tuple(sorted(str(r) for r in row.regions))
        out.append(_zone_item(spec, row, marker="line", color=color, width=width, style=style, regions=regions))
    if spec.zone_groups is not None:
        # Every zone group, outlined or not: the rest of the regions and the records not placed.
        for row in spec.zone_groups[~spec.zone_groups["outlined"]].itertuples(index=False):
            out.append(_zone_item(spec, row, marker="blank", color="none", width=0.0, style=""))
    return out


def _zone_item(
    spec: MapSpec, row: Any, *, marker: str, color: str, width: float, style: str, regions: tuple[str, ...] = ()
) -> LegendItem:
    text = count_share(str(row.label), row.count, row.share, spec.lang)
    detail = f"{number(row.count, spec.lang)} ({percent(row.share, spec.lang)})"
    label, count = str(row.label), int(row.count)
    return LegendItem("zones", label, color, count, detail, text, marker, float(width), style, regions)


def legend_items(spec: MapSpec) -> list[LegendItem]:
    """Return every legend entry of ``spec``, in order: classes, categories and flags, zones.

    See :meth:`clusteratlas.mapspec.MapSpec.legend_items`.
    """
    return [*_class_items(spec), *_point_items(spec), *_zone_items(spec)]
