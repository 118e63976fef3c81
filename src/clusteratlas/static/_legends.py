"""Legends of a map: the spec's legend items as matplotlib handles, this figure's own keys, and their stacking.

The categories, flags, classes and zones come from :meth:`MapSpec.legend_items
<clusteratlas.mapspec.MapSpec.legend_items>`, shared with the HTML map; the key of symbol
sizes, the size key of ``size_by`` and the density classes belong to this figure.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, NamedTuple, cast

import numpy as np

from ..aggregate import FEW_RECORDS
from ..export import number
from ..mapspec import UNKNOWN_COLOR, MapSpec, size_unit
from ..presentation import value_text
from ._basemap import few_record_codes
from ._patterns import HATCH_WIDTH, class_hatch_style, draw_marks, hatch_style, hatches
from ._places import UNCERTAIN_MARKER, Box, crowding, radius_pt
from ._sizing import Sizing
from ._style import (
    EMPTY_HATCH,
    EMPTY_HATCH_COLOR,
    FEW_LINE,
    FEW_LINE_COLOR,
    FEW_LINE_WIDTH,
    TEXT_PT,
    plain,
    renderer_of,
    root_figure,
    thousands,
    word_width,
    wrap_text,
)
from .drawing import Density, Layer, LegendRecord

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = [
    "SIZE_LABEL_GAP_PT",
    "SIZE_LABEL_STEP_PT",
    "SIZE_TICK_PT",
    "LegendGroup",
    "SizeKey",
    "add_legend",
    "below_span",
    "category_patterns",
    "class_handles",
    "compact_labels",
    "compact_points",
    "density_handles",
    "legend_handles",
    "legend_record",
    "legends_below",
    "legends_clash",
    "pattern_rule",
    "point_handles",
    "shelf_pack",
    "size_handles",
    "size_key_layout",
    "size_legend",
    "stack_legends",
]


class LegendGroup(NamedTuple):
    """One legend to draw: its handles, title and gid; ``sized`` when its symbols are a size key.

    ``columns`` of entries; ``width`` (pt), when set, the most its box may be wide (set under
    the map, it wraps its lines to that rather than to the page).
    """

    handles: list[Any]
    title: str
    gid: str
    sized: bool = False
    columns: int = 1
    width: float = 0.0


def legend_handles(spec: MapSpec, groups: tuple[str, ...]) -> list[Any]:
    """Draw the spec's legend items of ``groups`` (:meth:`MapSpec.legend_items`) as matplotlib handles."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle, Patch

    markers = {"circle": ("o", 5.2), "diamond": (UNCERTAIN_MARKER, 5.0), "box": ("s", 4.8)}
    table = category_patterns(spec)
    handles: list[Any] = []
    for item in spec.legend_items():
        if item.group not in groups:
            continue
        label = plain(item.text)
        if item.marker == "patch":
            handles.append(Patch(facecolor=item.color, edgecolor="#3a3a3a", linewidth=0.4, label=label))
        elif item.marker in ("line", "blank"):
            style = cast(Any, item.line_style or "")
            handles.append(Line2D([], [], color=item.color, linestyle=style, linewidth=item.line_width, label=label))
        elif item.group == "categories" and item.marker == "circle":  # its colour and its pattern
            face = item.color
            swatch = Circle((0, 0), 1, facecolor=face, edgecolor="#1a1a1a", linewidth=0.5, label=label)
            swatch.set(**hatch_style(face, table))
            handles.append(swatch)
        else:
            marker, size = markers[item.marker]
            handles.append(_symbol(marker, size, item.color, label))
    return handles


def category_patterns(spec: MapSpec) -> dict[str, str]:
    """Return the pattern of each category colour of ``spec`` (:func:`._patterns.hatches`), the same on every figure."""
    return hatches([*spec.colors.values(), UNKNOWN_COLOR])


def pattern_rule(spec: MapSpec) -> list[Any]:
    """Return the legend line that says what the patterns mean, when a category has one (else nothing)."""
    from matplotlib.lines import Line2D

    if not any(category_patterns(spec).get(c.lower()) for c in spec.colors.values()):
        return []
    return [Line2D([], [], linestyle="none", label=plain(spec.texts["patterns"]))]


def _circle_swatch(
    legend: Any, orig_handle: Any, xdescent: float, ydescent: float, width: float, height: float, fontsize: float
) -> Any:
    """Draw a category's swatch as a circle (its colour and pattern), centred in the handle box."""
    from matplotlib.patches import Circle

    return Circle((width / 2 - xdescent, height / 2 - ydescent), 3.2)


def _SwatchHandler(**kwargs: Any) -> Any:  # noqa: N802 - builds a handler, as a class would
    """Return a legend handler that draws a category's swatch with its pattern as the map's marks.

    The swatch's pattern is drawn as on the map's symbols (:func:`._patterns.draw_marks`),
    centred on it, so that a key entry and the small symbols it names look alike in grey.
    """
    from matplotlib.legend_handler import HandlerPatch

    class Handler(HandlerPatch):
        def create_artists(self, *args: Any) -> list[Any]:
            swatch: Any = super().create_artists(*args)[0]
            marks = draw_marks(None, swatch, tuple(swatch.center), swatch.radius - 0.25, 1.0)
            return [swatch] if marks is None else [swatch, marks]

    return Handler(**kwargs)


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
        label=plain(label),
    )


def point_handles(spec: MapSpec, layer: Layer | None) -> list[Any]:
    """Return the points' legend: the spec's categories and flags (the symbol sizes are :func:`size_handles`)."""
    return legend_handles(spec, ("categories", "flags"))


class SizeKey(NamedTuple):
    """A size key: circles nested on one bottom point, largest last, each with its label on a tick to the right.

    Attributes
    ----------
    radii : tuple of float
        Each circle's radius (pt), ascending: the map's own symbol sizes.
    labels : tuple of str
        What each circle stands for ("8 records", "≥ 1,200").
    """

    radii: tuple[float, ...]
    labels: tuple[str, ...]

    def get_label(self) -> str:
        """No label of its own in the legend: the key draws its labels."""
        return ""


#: A size key's ticks: from a circle's top to the right of the largest circle, and on to its label (pt).
SIZE_TICK_PT = 3.0
SIZE_LABEL_GAP_PT = 1.5
#: Least distance between two labels' centres in a size key (pt): they never touch.
SIZE_LABEL_STEP_PT = 1.15 * TEXT_PT


def size_key_layout(key: SizeKey) -> tuple[np.ndarray, float, float]:
    """Return where a size key's labels go (centre heights, pt above the shared bottom), its width and height (pt).

    A label sits at its circle's top, pushed up as little as needed to keep
    :data:`SIZE_LABEL_STEP_PT` from the one below; the key is as tall as its largest circle
    or its top label.
    """
    tops = 2 * np.asarray(key.radii, dtype=float)
    ys = tops.copy()
    half = 0.65 * TEXT_PT  # half a label's height, descenders included, and a little air
    ys[0] = max(ys[0], half)  # never below the bottom line
    for i in range(1, len(ys)):  # a handful of sizes: pushed up one after the other
        ys[i] = max(ys[i], ys[i - 1] + SIZE_LABEL_STEP_PT)
    widest = max(word_width(label, TEXT_PT) for label in key.labels)
    width = 2 * max(key.radii) + 2 * SIZE_TICK_PT + SIZE_LABEL_GAP_PT + widest * 1.03
    height = max(float(tops.max()), float(ys.max()) + half)
    return ys, float(width), float(height)


def _size_key_handler() -> Any:
    """Return the legend handler that draws a :class:`SizeKey` (matplotlib imported only when drawing)."""
    from matplotlib.legend_handler import HandlerBase
    from matplotlib.lines import Line2D
    from matplotlib.patches import Circle
    from matplotlib.text import Text

    class _Handler(HandlerBase):
        def legend_artist(self, legend: Any, orig_handle: Any, fontsize: float, handlebox: Any) -> Any:
            key = cast(SizeKey, orig_handle)
            ys, _, _ = size_key_layout(key)
            x0, y0 = -handlebox.xdescent, -handlebox.ydescent
            big = max(key.radii)
            cx, end = x0 + big, x0 + 2 * big + SIZE_TICK_PT
            first = None
            for r, y, label in sorted(zip(key.radii, ys, key.labels, strict=True), reverse=True):
                circle = Circle((cx, y0 + r), r, facecolor="white", edgecolor="#1a1a1a", linewidth=0.5)
                circle.set_gid("size-key-circle")
                tick = Line2D(
                    [cx, end, end + SIZE_TICK_PT], [y0 + 2 * r, y0 + 2 * r, y0 + y], color="#4d4d4d", linewidth=0.4
                )
                tick.set_gid("size-key-tick")
                text = Text(end + SIZE_TICK_PT + SIZE_LABEL_GAP_PT, y0 + y, label, fontsize=TEXT_PT, va="center")
                text.set_gid("size-key-label")
                for artist in (circle, tick, text):
                    handlebox.add_artist(artist)
                first = first or circle
            return first

    return _Handler()


def _nice(value: float, *, down: bool = False) -> float:
    """Round to two significant digits (1 234 -> 1 200); ``down``: never up (1 299 -> 1 200)."""
    if value <= 0:
        return 0.0
    step = 10 ** (math.floor(math.log10(value)) - 1)
    return float(max(step, (math.floor(value / step) if down else round(value / step)) * step))


def size_handles(spec: MapSpec, layer: Layer | None, sizing: Sizing | None = None) -> list[Any]:
    """Return the size key of the map's symbols (its own legend): one :class:`SizeKey`, or nothing.

    The circles are the map's true sizes (``sizing``, the figure's; else the symbols of
    :func:`._places.radius_pt`): records at a place (1, about a quarter of the most, the
    most), or totals of ``size_by``. Where the smallest places are drawn at the minimum
    radius, the smallest circle is that minimum and says up to which value ("≤ 3 records").
    """
    if layer is None or not len(layer.places):
        return []
    if sizing is None:
        sizing = _legacy_sizing(layer)
    least = float(layer.places["area"].min())
    clamped = sizing.floor if least <= sizing.floor else 0.0
    key = _value_steps if spec.size_by is not None else _record_key
    steps, labels = key(spec, sizing, clamped)
    if len(steps) < 2:
        return []
    if clamped and (spec.size_by is not None or int(clamped) > 1):  # a count is never under 1: "1 record", not "≤ 1"
        labels[0] = f"≤ {labels[0]}"
    radii = tuple(float(r) for r in sizing.radii(np.asarray(steps, dtype=float)))
    return [SizeKey(radii, tuple(plain(t) for t in labels))]


def _record_key(spec: MapSpec, sizing: Sizing, clamped: float) -> tuple[list[float], list[str]]:
    """Return the records shown in the key and their labels (:func:`_record_steps`)."""
    steps = _record_steps(round(sizing.top), int(clamped))
    return [float(n) for n in steps], [_records_text(spec, n) for n in steps]


def _value_steps(spec: MapSpec, sizing: Sizing, clamped: float) -> tuple[list[float], list[str]]:
    """Return the ``size_by`` totals shown in the key (in units of one record) and their labels.

    About a tenth, a third and the largest total; the total up to which symbols are the
    minimum first when some are.
    """
    assert spec.size_by is not None
    unit = size_unit(spec.points, spec.size_by)
    top = sizing.top * unit
    totals = [*sorted({v for v in (_nice(top / 10), _nice(top / 3)) if clamped * unit < v < top}), top]
    labels = [value_text(v, "number", spec.lang) for v in totals]
    if clamped:
        least = value_text(_nice(clamped * unit, down=True), "number", spec.lang)
        totals, labels = [clamped * unit, *totals], [least, *labels]
    return [v / unit for v in totals], labels


def _legacy_sizing(layer: Layer) -> Sizing:
    """Return the sizes of :func:`._places.radius_pt` as a sizing, for a map drawn without one (the old calls)."""
    scale = crowding(len(layer.places))
    top = float(layer.places["area"].max())
    return Sizing(top=top, max_pt=float(radius_pt(np.array([top]), scale)[0]), min_pt=0.0)


def _record_steps(top: int, clamped: int) -> list[int]:
    """Return the records shown in the key: the least (``clamped``, or 1), about a quarter of ``top``, ``top``."""
    if top < 2:
        return [top]
    least = max(1, clamped)
    quarter = max(1, round(top / 4))
    return sorted({least, *([quarter] if least < quarter < top else []), top})


def _records_text(spec: MapSpec, n: int) -> str:
    """Return "1 record", "8 records" in the figure's language, with thousands separators."""
    return spec.texts["n_records" if n != 1 else "one_record"].format(n=thousands(n, spec.lang))


def class_handles(spec: MapSpec) -> list[Any]:
    """Return the choropleth's legend: its classes, then the outline of regions with few records, if any."""
    from matplotlib.patches import Patch

    handles = legend_handles(spec, ("classes",))
    for i, handle in enumerate(handles):  # the class's pattern, as on the map (more classes than greys)
        handle.set(**class_hatch_style(spec.classes.pattern(i)))
    if spec.value == "lq" and spec.regions["value"].isna().any():  # the regions without records are hatched
        for handle in handles:
            if str(handle.get_label()).startswith(plain(spec.texts["lq_none"])):
                handle.set_hatch(EMPTY_HATCH)
                handle.set_edgecolor(EMPTY_HATCH_COLOR)
    few = few_record_codes(spec)
    if few:  # the outline inside the regions' border (:func:`~._basemap._outline_few`), on a blank patch
        label = f"{spec.texts['few_hatched'].format(k=FEW_RECORDS)} ({len(few)})"
        handles.append(
            Patch(
                facecolor="white",
                edgecolor=FEW_LINE_COLOR,
                linestyle=FEW_LINE,
                linewidth=FEW_LINE_WIDTH,
                label=plain(label),
            )
        )
    return handles


def density_handles(density: Density, lang: str) -> list[Any]:
    """Return the density's legend: one patch per class of records per hexagon ("1", "2–3" …)."""
    from matplotlib.patches import Patch

    def label(lo: int, hi: int) -> str:
        a, b = number(lo, lang), number(hi, lang)
        return a if lo == hi else f"{a}–{b}"

    return [
        Patch(facecolor=c, edgecolor="#666666", linewidth=0.3, label=label(lo, hi))
        for c, (lo, hi) in zip(density.colors, density.classes, strict=True)
    ]


def _key_room(handles: list[Any], *, sized: bool) -> dict[str, Any]:
    """Return legend spacing: a size key's handle box is the key itself (its labels inside), others the usual."""
    if sized and handles and isinstance(handles[0], SizeKey):
        _, width, height = size_key_layout(handles[0])
        return {
            "handletextpad": 0.0,
            "handlelength": width / TEXT_PT,
            # matplotlib's handle box is handleheight em tall less a descent of 0.35 em per (handleheight - 0.7)
            "handleheight": (height / TEXT_PT - 0.245) / 0.65,
            "handler_map": {SizeKey: _size_key_handler()},
        }
    return {"handletextpad": 0.5, "labelspacing": 0.35}


def size_legend(fig: Any, key: SizeKey, at: tuple[float, float]) -> Any:
    """Set a size key on its own, frameless, on figure ``fig`` with its upper left at ``at`` (figure fraction)."""
    legend = fig.legend(
        handles=[key],
        labels=[""],
        loc="upper left",
        bbox_to_anchor=at,
        frameon=False,
        borderaxespad=0,
        borderpad=0,
        fontsize=TEXT_PT,
        **_key_room([key], sized=True),
    )
    legend.set_gid("legend-size")
    return legend


def add_legend(ax: Axes, group: LegendGroup, anchor: tuple[float, float], loc: Any = "lower right") -> Any:
    """Add one legend to ``ax``, its ``loc`` corner at ``anchor`` (axes fraction)."""
    import matplotlib as mpl
    from matplotlib.patches import Circle

    room = _key_room(group.handles, sized=group.sized)
    room["handler_map"] = {Circle: _SwatchHandler(patch_func=_circle_swatch), **room.get("handler_map", {})}
    if group.gid == "legend-patterns":  # a line of text: no handle
        room.update(handlelength=0.0, handletextpad=0.0)
    with mpl.rc_context({"hatch.linewidth": HATCH_WIDTH}):  # a swatch's copy keeps no hatch width of its own
        legend = _legend(ax, group, anchor, loc, room)
    legend.get_frame().set_linewidth(0.35)
    legend.set_gid(group.gid)
    legend.set_zorder(40)
    ax.add_artist(legend)
    return legend


def _wrapped(ax: Axes, group: LegendGroup, room: dict[str, Any]) -> tuple[str, list[str]]:
    """Return a legend's title and entries, wrapped to the room under the map frame ``ax`` when set under it.

    A legend under the frame (:func:`legends_below`, anchored at its upper left) is never
    wider than that room (:func:`below_span`): a long category, weight or file name ("Quotient de localisation
    d'Agroalimentaire et industries …") goes on as many lines as it needs, within the page
    at every width. A legend inside the frame keeps its lines: one too wide for the frame
    sends the legends under it, rather than cover more of the map.
    """
    import matplotlib as mpl

    if room.get("loc") != "upper left":
        return plain(group.title), [str(h.get_label()) for h in group.handles]

    left, right = below_span(ax)
    frame_pt = (right - left) * 72 / root_figure(ax).dpi
    inner = frame_pt - 2 * 4.0 - 2 * 0.5 * TEXT_PT - 2.0  # the stacking margins, the border pad, the frame
    handle = float(room.get("handlelength", mpl.rcParams["legend.handlelength"]))
    pad = float(room.get("handletextpad", mpl.rcParams["legend.handletextpad"]))
    if group.width:  # narrowed to stand beside another legend
        inner = min(inner, group.width - 2 * 0.5 * TEXT_PT - 2.0)
    k = group.columns
    column = (inner - (k - 1) * _COLUMN_SPACING * TEXT_PT) / k  # each column's share of the room
    entry = column - (handle + pad) * TEXT_PT

    def wrap(text: str, width: float) -> str:
        return text if not text or word_width(text, TEXT_PT) <= width else wrap_text(text, width * 0.97)

    title = wrap(plain(group.title), inner)
    if group.gid == "legend-patterns":  # a line of text: half the room, so that it goes beside another legend
        entry = max(inner / 2, 0.6 * inner - (handle + pad) * TEXT_PT)
    return title, [wrap(str(h.get_label()), entry) for h in group.handles]


#: Room between two columns of a legend's entries (em).
_COLUMN_SPACING = 1.2


def _legend(ax: Axes, group: LegendGroup, anchor: tuple[float, float], loc: Any, room: dict[str, Any]) -> Any:
    """Return the matplotlib legend of ``group`` at ``anchor`` (axes fraction), not yet added."""
    title, labels = _wrapped(ax, group, {**room, "loc": loc})
    return ax.legend(
        handles=group.handles,
        labels=labels,
        title=title,
        ncols=group.columns,
        columnspacing=_COLUMN_SPACING,
        loc=loc,
        bbox_to_anchor=anchor,
        bbox_transform=ax.transAxes,
        frameon=True,
        fancybox=False,
        framealpha=1.0,
        edgecolor="#9a9a9a",
        borderpad=0.5,
        alignment="left",
        fontsize=TEXT_PT,
        title_fontsize=7,
        **room,
    )


def stack_legends(ax: Axes, groups: list[LegendGroup], avoid: tuple[Box, ...] = ()) -> list[Any]:
    """Stack legends inside the frame from its lower-right corner upwards, then leftwards in columns.

    A legend that would reach the frame's top, or any box of ``avoid`` above it (the north
    arrow; display units), starts a new column. Groups without handles are skipped; returns
    the legends drawn.
    """
    renderer = renderer_of(ax)
    frame = ax.get_window_extent(renderer)
    margin = 4 * root_figure(ax).dpi / 72

    def frac(x: float, y: float) -> tuple[float, float]:
        return (x - frame.x0) / frame.width, (y - frame.y0) / frame.height

    right, bottom, column_left = frame.x1 - margin, frame.y0 + margin, frame.x1 - margin
    legends = []
    for group in groups:
        if not group.handles:
            continue
        legend = add_legend(ax, group, frac(right, bottom))
        extent = legend.get_window_extent(renderer)
        ceiling = min([frame.y1, *(b[1] for b in avoid if b[0] < extent.x1 and b[2] > extent.x0)]) - margin
        if extent.y1 > ceiling and bottom > frame.y0 + margin + 1:
            # Too tall for this column: start a new one to the left.
            right, bottom = column_left - margin, frame.y0 + margin
            legend.set_bbox_to_anchor(frac(right, bottom), transform=ax.transAxes)
            extent = legend.get_window_extent(renderer)
        column_left = min(column_left, extent.x0)
        bottom = extent.y1 + margin
        legends.append(legend)
    ax.legend_ = None
    return legends


def legends_clash(ax: Axes, legends: list[Any], taken: list[Box]) -> bool:
    """Whether stacked legends leave the frame or cover any of the ``taken`` boxes (display units)."""
    renderer = renderer_of(ax)
    frame = ax.get_window_extent(renderer)
    for legend in legends:
        b = legend.get_window_extent(renderer)
        if b.x0 < frame.x0 or b.y0 < frame.y0 or b.y1 > frame.y1 or b.x1 > frame.x1:
            return True
        if any(b.x0 < t[2] and t[0] < b.x1 and b.y0 < t[3] and t[1] < b.y1 for t in taken):
            return True
    return False


def below_span(ax: Axes) -> tuple[float, float]:
    """Return the left and right (display units) of the room under the map frame: the page less its margins.

    As wide as the frame on a map the width of the page; wider than a map narrowed to fit
    the page's height (:func:`~._layout.map_page`), so that its legends are no taller.
    """
    fig = root_figure(ax)
    frame = ax.get_window_extent(renderer_of(ax))
    margin = 1.5 / 25.4 * fig.dpi  # the maps' margin (mm), in pixels
    return min(frame.x0, fig.bbox.x0 + margin), max(frame.x1, fig.bbox.x1 - margin)


def legends_below(ax: Axes, groups: list[LegendGroup], spec: MapSpec | None = None) -> tuple[list[Any], float]:
    """Set the legends under the map frame, side by side where they fit; return them and the height they take (inches).

    For figures too narrow to hold the legends inside the frame: each legend is drawn and
    measured, then packed on shelves, tallest first (:func:`shelf_pack`), within the page's
    width (:func:`below_span`). The caller makes room under the frame (:func:`~._layout.trim`)
    and moves the caption down by the height.

    With ``spec``, the points' legend is made shorter (:func:`compact_points`): the line on
    patterns joins it, a category's counts are written "12/13" under a title that says what
    they count, and its entries go in two columns when that takes fewer lines.
    """
    renderer = renderer_of(ax)
    frame = ax.get_window_extent(renderer)
    dpi = root_figure(ax).dpi
    gap = 1.5 / 25.4 * dpi  # 1.5 mm, in pixels
    left, right = below_span(ax)
    top = frame.y0 - gap

    def anchor(x: float, y: float) -> tuple[float, float]:
        return (x - frame.x0) / frame.width, (y - frame.y0) / frame.height

    if spec is not None:
        groups = compact_points(spec, groups)
    drawn = [g for g in groups if g.handles]
    legends = [add_legend(ax, g, anchor(left, top), "upper left") for g in drawn]
    sizes = _sizes(legends, left, top, renderer)
    places = shelf_pack(sizes, right - left, gap)
    for i, group in enumerate(drawn):  # other layouts of each legend, kept where the page is shorter
        for variant, room in _variants(group, sizes, i, right - left, gap):
            trial = add_legend(ax, variant._replace(width=room * 72 / dpi), anchor(left, top), "upper left")
            tried = [*sizes[:i], *_sizes([trial], left, top, renderer), *sizes[i + 1 :]]
            packed = shelf_pack(tried, right - left, gap)
            fits = (not room or tried[i][0] <= room + 0.5) and not _cuts_words(trial, variant)  # never "0 (6 ré…"
            if fits and _depth(packed, tried) < _depth(places, sizes) - 1.0:
                legends[i].remove()
                legends[i], sizes, places = trial, tried, packed
            else:
                trial.remove()
    bottom = top - _depth(places, sizes)
    for legend, (dx, dy) in zip(legends, places, strict=True):
        legend.set_bbox_to_anchor(anchor(left + dx, top - dy), ax.transAxes)
    ax.legend_ = None
    return legends, (frame.y0 - bottom) / dpi


def _cuts_words(legend: Any, group: LegendGroup) -> bool:
    """Whether ``legend`` cut a word of its title or entries with an ellipsis to fit its room (:func:`wrap_text`)."""
    given = [plain(group.title), *(str(h.get_label()) for h in group.handles)]
    drawn = [legend.get_title().get_text(), *(t.get_text() for t in legend.get_texts())]
    return any(t.count("…") > g.count("…") for t, g in zip(drawn, given, strict=False))


def _sizes(legends: list[Any], left: float, top: float, renderer: Any) -> list[tuple[float, float]]:
    """Return each legend's room (display units): its box and its pad inside an anchor at ``left``, ``top``."""
    boxes = [legend.get_window_extent(renderer) for legend in legends]
    return [(b.width + (b.x0 - left), b.height + (top - b.y1)) for b in boxes]


def _depth(places: list[tuple[float, float]], sizes: list[tuple[float, float]]) -> float:
    """Return how far below the top the packed boxes reach."""
    return max((y + h for (_, y), (_, h) in zip(places, sizes, strict=True)), default=0.0)


def _rooms_beside(sizes: list[tuple[float, float]], i: int, width: float, gap: float) -> list[float]:
    """Return the widths box ``i`` could be narrowed to (not under 40% of its own) to stand beside another box."""
    own = sizes[i][0]
    rooms = {round(width - w - gap, 1) for j, (w, _) in enumerate(sizes) if j != i}
    return sorted((r for r in rooms if 0.4 * own <= r < own - 1.0), reverse=True)[:3]


#: The fewest entries a points' legend set under the map is tried in two columns for.
_TWO_COLUMNS_FROM = 6


def _variants(
    group: LegendGroup, sizes: list[tuple[float, float]], i: int, width: float, gap: float
) -> list[tuple[LegendGroup, float]]:
    """Return the other layouts of legend ``i`` to try: the points' in two columns, each narrowed beside another box.

    Each comes with the width (display units) it is narrowed to, 0 for the room under the map.
    """
    columns = (1, 2) if group.gid == "legend-points" and len(group.handles) >= _TWO_COLUMNS_FROM else (1,)
    rooms = [0.0, *_rooms_beside(sizes, i, width, gap)]
    return [(group._replace(columns=k), room) for k in columns for room in rooms if (k, room) != (group.columns, 0.0)]


def compact_points(spec: MapSpec, groups: list[LegendGroup]) -> list[LegendGroup]:
    """Return ``groups`` with the points' legend made shorter for the room under a narrow map.

    The line saying what the patterns are for becomes the points' legend's last entry
    (one legend, not two); a category with records not on the map is counted "12/13"
    rather than "12 on the map, 13 in all", its legend's title saying what the two numbers
    count (:func:`compact_labels`). Other groups are kept as they are.
    """
    points = next((g for g in groups if g.gid == "legend-points" and g.handles), None)
    if points is None:
        return groups
    rule = [h for g in groups if g.gid == "legend-patterns" for h in g.handles]
    labels = compact_labels(spec)
    for handle in points.handles:
        handle.set_label(labels.get(str(handle.get_label()), handle.get_label()))
    title = points.title
    if any(v != k for k, v in labels.items()):
        title = spec.texts["on_map_title"].format(title=title)
    merged = points._replace(handles=[*points.handles, *rule], title=title)
    return [merged if g is points else g for g in groups if g.gid != "legend-patterns" or not rule]


def compact_labels(spec: MapSpec) -> dict[str, str]:
    """Return each category's legend entry (as drawn) and the same with its counts written "12/13"."""
    every = spec.categories(spec.records).value_counts()
    out = {}
    for item in spec.legend_items():
        if item.group != "categories" or item.count is None:
            continue
        total = int(every.get(next((c for c in spec.colors if spec.group_name(c) == item.label), item.label), 0))
        if total > item.count:
            short = spec.texts["on_map_short"].format(
                placed=number(item.count, spec.lang), total=number(total, spec.lang)
            )
            out[plain(item.text)] = plain(f"{item.label} ({short})")
    return out


class _Column(NamedTuple):
    """A column of legends on a shelf: its left (display units), widest legend and height used so far."""

    x: float
    width: float
    used: float


def shelf_pack(sizes: list[tuple[float, float]], width: float, gap: float) -> list[tuple[float, float]]:
    """Pack boxes on shelves, tallest first; return each box's offset (right of the left edge, down from the top).

    First-fit decreasing by height: each box, tallest first (ties in their given order), goes
    to the first shelf where it fits: under the boxes of one of its columns, within the
    shelf's height (its first, tallest box), or in a new column to their right, within
    ``width``; else it starts a new shelf under the others. Deterministic: the same sizes
    give the same places.

    Parameters
    ----------
    sizes : list of (float, float)
        Each box's width and height.
    width : float
        The width the boxes share; a box wider than it gets a shelf of its own.
    gap : float
        Room between two boxes, across and down.

    Returns
    -------
    list of (float, float)
        Each box's left and top offset, in the order of ``sizes``.
    """
    places: list[tuple[float, float]] = [(0.0, 0.0)] * len(sizes)
    shelves: list[tuple[float, float, list[_Column]]] = []  # top, height, columns
    for i in sorted(range(len(sizes)), key=lambda j: (-sizes[j][1], j)):
        w, h = sizes[i]
        spot = next((s for s in (_on_shelf(shelf, w, h, width, gap) for shelf in shelves) if s is not None), None)
        if spot is None:
            top = shelves[-1][0] + shelves[-1][1] + gap if shelves else 0.0
            shelves.append((top, h, [_Column(0.0, w, h)]))
            spot = (0.0, top)
        places[i] = spot
    return places


def _on_shelf(
    shelf: tuple[float, float, list[_Column]], w: float, h: float, width: float, gap: float
) -> tuple[float, float] | None:
    """Place a ``w`` × ``h`` box on ``shelf`` (its columns updated); return its offset, or None if it fits nowhere."""
    top, height, columns = shelf
    for k, col in enumerate(columns):
        limit = (columns[k + 1].x - gap if k + 1 < len(columns) else width) - col.x
        if w <= limit and col.used + gap + h <= height:
            columns[k] = col._replace(width=max(col.width, w), used=col.used + gap + h)
            return col.x, top + col.used + gap
    x = columns[-1].x + columns[-1].width + gap
    if x + w <= width and h <= height:
        columns.append(_Column(x, w, h))
        return x, top
    return None


def legend_record(legend: Any) -> LegendRecord:
    """Return what a drawn legend says: its gid, title and entries."""
    from matplotlib.text import Text

    entries = tuple(t.get_text() for t in legend.get_texts() if t.get_text())
    entries += tuple(t.get_text() for t in legend.findobj(Text) if t.get_gid() == "size-key-label")
    return LegendRecord(gid=legend.get_gid() or "", title=legend.get_title().get_text(), entries=entries)
