"""_legends."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, cast

import numpy as np

from ..aggregate import FEW_RECORDS
from ..mapspec import (
    MapSpec,
    size_unit,
)
from ..presentation import value_text

if TYPE_CHECKING:
    from matplotlib.axes import Axes

from ._basemap import _few_record_codes, _zone_lines
from ._places import SYMBOL_MAX_PT, SYMBOL_PT, UNCERTAIN_MARKER, _crowding, _Layer, _radius_pt
from ._style import FEW_HATCH, FEW_HATCH_COLOR, TEXT_PT, _plain, _thousands


def _legend_handles(spec: MapSpec, groups: tuple[str, ...]) -> list[Any]:
    """Draw the spec's legend items of ``groups`` (:meth:`MapSpec.legend_items`) as matplotlib handles."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    markers = {"circle": ("o", 5.2), "diamond": (UNCERTAIN_MARKER, 5.0), "box": ("s", 4.8)}
    handles: list[Any] = []
    for item in spec.legend_items():
        if item.group not in groups:
            continue
        label = _plain(item.text)
        if item.marker == "patch":
            handles.append(Patch(facecolor=item.color, edgecolor="#3a3a3a", linewidth=0.4, label=label))
        elif item.marker in ("line", "blank"):
            style = cast(Any, item.line_style or "")
            handles.append(Line2D([], [], color=item.color, linestyle=style, linewidth=item.line_width, label=label))
        else:
            marker, size = markers[item.marker]
            handles.append(_symbol(marker, size, item.color, label))
    return handles


def _symbol(marker: str, size: float, face: str, label: str) -> Any:
    """Return a legend handle showing one point symbol."""
    from matplotlib.lines import Line2D

    return Line2D(
        [],
        [],
        marker=marker,
        linestyle="",
        markersize=size,
        markerfacecolor=face,
        markeredgecolor="#1a1a1a",
        markeredgewidth=0.5,
        label=_plain(label),
    )


def _point_handles(spec: MapSpec, layer: _Layer | None) -> list[Any]:
    """Return the points' legend: the spec's categories and flags, then this figure's symbol sizes."""
    handles = _legend_handles(spec, ("categories", "flags"))
    if spec.size_by is not None:
        return handles  # the column's own size key is a legend of its own (_size_handles)
    if layer is not None and len(layer.places) and int(layer.places["n"].max()) > 1:
        top = int(layer.places["n"].max())
        steps = sorted({1, max(1, round(top / 4)), top}) if top > 2 else [1, top]
        for n in steps:
            r = float(_radius_pt(np.array([float(n)]), _crowding(len(layer.places)))[0])
            text = spec.texts["n_records" if n != 1 else "one_record"].format(n=_thousands(n, spec.lang))
            handles.append(_symbol("o", 2 * r, "white", text))
    return handles


def _nice(value: float) -> float:
    """Round to two significant digits (1 234 -> 1 200)."""
    if value <= 0:
        return 0.0
    step = 10 ** (math.floor(math.log10(value)) - 1)
    return float(max(step, round(value / step) * step))


def _size_handles(spec: MapSpec, layer: _Layer | None) -> list[Any]:
    """Return the size key of ``--size-by`` (its own legend): symbols for totals of that column at a place."""
    if layer is None or not len(layer.places) or spec.size_by is None:
        return []
    unit = size_unit(spec.points, spec.size_by)
    scale = _crowding(len(layer.places))
    top = float(layer.places["area"].max()) * unit
    # Symbols stop growing at SYMBOL_MAX_PT: the key goes up to the total where they do, "≥" it.
    capped = (SYMBOL_MAX_PT / (SYMBOL_PT * scale)) ** 2 * unit
    last = min(top, capped)
    steps = sorted({v for v in (_nice(last / 10), _nice(last / 3), _nice(last)) if v > 0})
    handles = []
    for total in steps:
        r = float(_radius_pt(np.array([total / unit]), scale)[0])
        shown = value_text(total, "number", spec.lang)
        if top > capped and total == steps[-1]:
            shown = f"≥ {shown}"
        handle = _symbol("o", 2 * r, "white", shown)
        handle.size_key = True
        handles.append(handle)
    return handles


def _class_handles(spec: MapSpec) -> list[Any]:
    from matplotlib.patches import Patch

    handles = _legend_handles(spec, ("classes",))
    few = _few_record_codes(spec)
    if few:
        label = f"{spec.texts['few_hatched'].format(k=FEW_RECORDS)} ({len(few)})"
        handles.append(
            Patch(facecolor="white", edgecolor=FEW_HATCH_COLOR, hatch=FEW_HATCH, linewidth=0.4, label=_plain(label))
        )
    return handles


def _key_room(handles: list[Any]) -> dict[str, float]:
    """Return legend spacing that gives a size key's symbols their width and height (others: the usual)."""
    sizes = [h.get_markersize() for h in handles if getattr(h, "size_key", False)]
    if not sizes:
        return {"handletextpad": 0.5, "labelspacing": 0.35}
    widest = max(sizes) / TEXT_PT  # in font sizes (em)
    return {"handletextpad": 0.5, "labelspacing": max(0.35, widest - 0.9), "handlelength": max(2.0, widest + 0.2)}


def _stack_legends(ax: Axes, groups: list[tuple[list[Any], str, str]]) -> list[Any]:
    """Stack legends inside the frame from its lower-right corner upwards, then leftwards in columns."""
    fig = ax.get_figure(root=True)
    renderer = fig.canvas.get_renderer()  # type: ignore[union-attr]
    frame = ax.get_window_extent(renderer)
    margin = 4 * fig.dpi / 72  # type: ignore[union-attr]

    def frac(x: float, y: float) -> tuple[float, float]:
        return (x - frame.x0) / frame.width, (y - frame.y0) / frame.height

    right, bottom, column_left = frame.x1 - margin, frame.y0 + margin, frame.x1 - margin
    legends = []
    for handles, title, gid in groups:
        if not handles:
            continue
        legend = ax.legend(
            handles=handles,
            title=_plain(title),
            loc="lower right",
            bbox_to_anchor=frac(right, bottom),
            bbox_transform=ax.transAxes,
            frameon=True,
            fancybox=False,
            framealpha=0.92,
            edgecolor="#9a9a9a",
            borderpad=0.5,
            alignment="left",
            fontsize=TEXT_PT,
            title_fontsize=7,
            **_key_room(handles),
        )
        legend.get_frame().set_linewidth(0.35)
        legend.set_gid(gid)
        legend.set_zorder(40)
        ax.add_artist(legend)
        box = legend.get_window_extent(renderer)
        if box.y1 > frame.y1 - margin and bottom > frame.y0 + margin + 1:
            # Too tall for this column: start a new one to the left.
            right, bottom = column_left - margin, frame.y0 + margin
            legend.set_bbox_to_anchor(frac(right, bottom), transform=ax.transAxes)
            box = legend.get_window_extent(renderer)
        column_left = min(column_left, box.x0)
        bottom = box.y1 + margin
        legends.append(legend)
    ax.legend_ = None
    return legends


def _draw_zones(ax: Axes, spec: MapSpec) -> list[Any]:
    """Outline the spec's zones (its ``zones`` legend items drawn as lines); return the zones' legend handles."""
    from matplotlib.collections import LineCollection

    for item in spec.legend_items():
        lines = _zone_lines(tuple(sorted(item.regions))) if item.marker == "line" else ()
        if lines:
            style = cast(Any, item.line_style)
            width = item.line_width
            outline = LineCollection(list(lines), colors=item.color, linewidths=width, linestyles=style, zorder=6)
            outline.set_gid("zone-outline")
            ax.add_collection(outline)
    return _legend_handles(spec, ("zones",))
