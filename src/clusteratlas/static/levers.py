"""The levers matrix: records (or, for many records, categories) by intervention lever.

The levers, their order and their labels in the figure's language come from the spec's
profile (:func:`clusteratlas.profile.levers_of`): this module names none of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd

from ..aggregate import lever_counts
from ..errors import InputError
from ..export import percent
from ..mapspec import LEVER_ROWS_MAX, MapSpec
from ..profile import levers_of
from ._style import (
    CAPTION_LINE_MM,
    MAX_HEIGHT_MM,
    TEXT_PT,
    WIDTH_MM,
    caption_width,
    clean_name,
    new_figure,
    plain,
    root_figure,
    styled,
    thousands,
    word_width,
    wrap_text,
)
from .drawing import Drawing, LeversRecord

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["draw_levers", "plot_levers"]

#: Fills of a cell: yes, no, unknown. Neutral: the categorical colours keep their meaning on the maps.
YES, NO, UNKNOWN = "#525252", "white", "#d9d9d9"


def plot_levers(spec: MapSpec, ax: Axes | None = None, *, width_mm: float = WIDTH_MM) -> Axes:
    """Draw the levers matrix: records by the profile's intervention levers; unknown cells shown as unknown.

    With more than :data:`~clusteratlas.mapspec.LEVER_ROWS_MAX` records, a row per category
    instead, each cell its share of "yes". The record of what was drawn comes with
    :func:`draw_levers`.
    """
    return levers_drawing(spec, ax, width_mm=width_mm)[0]


def draw_levers(spec: MapSpec, *, width_mm: float = WIDTH_MM, south: str = "frame") -> Drawing[LeversRecord]:
    """Draw the ``levers`` figure in the house style on a new figure; return it and its record.

    ``south`` is taken for the signature every figure kind shares; a matrix has no map.
    """
    with styled():
        ax, record = levers_drawing(spec, None, width_mm=width_mm)
    return Drawing(root_figure(ax), record)


def levers_drawing(spec: MapSpec, ax: Axes | None, *, width_mm: float) -> tuple[Axes, LeversRecord]:
    """Draw the matrix of a record per row, or of a category per row for many records; return the axes and record."""
    records = spec.records
    levers = [lever.column for lever in levers_of(spec.profile)]
    cols = [c for c in levers if c in records]
    if not cols:
        named = f" ({', '.join(levers)})" if levers else " (a study profile's yes/no columns)"
        msg = f"a levers matrix needs lever columns{named}; add them or choose another `kind`."
        raise InputError(msg)
    if len(records) > LEVER_ROWS_MAX:  # one row per category: a row per record would be unreadable
        return _by_category(spec, cols, ax, width_mm=width_mm)
    return _by_record(spec, cols, ax, width_mm=width_mm)


def _labels(spec: MapSpec) -> tuple[dict[str, str], dict[str, str]]:
    """Return lever column -> short label and -> long label, in the spec's language."""
    levers = levers_of(spec.profile)
    return (
        {lever.column: lever.short[spec.lang] for lever in levers},
        {lever.column: lever.label[spec.lang] for lever in levers},
    )


def _page(spec: MapSpec, width_mm: float, height: float, rect: tuple[float, float, float, float]) -> Axes:
    """Make a matrix's figure: ``height`` mm tall, the matrix at ``rect`` (figure fraction), the title above."""
    fig = new_figure(width_mm, height)
    ax = fig.add_axes(rect)
    fig.suptitle(spec.texts["levers"], x=0.01, y=1 - 2 / height, ha="left", va="top", fontsize=9, fontweight="bold")
    return ax


def _matrix_room(
    rows: list[str], keys: list[str], width_mm: float, usual: tuple[float, float], key_at: float
) -> tuple[float, float]:
    """Return the matrix's left edge and width (figure fraction): its row labels and its key on the page.

    ``usual`` is the left edge and width on a wide page; a narrow one (84 mm) moves the matrix
    right of its widest row label and narrows it so that its key (at ``key_at`` of its width)
    ends within the page.
    """
    mm = 25.4 / 72
    name_mm = (max((word_width(r, TEXT_PT) for r in rows), default=0.0) + 4.0) * mm + 1.5  # tick pad, margin
    key_mm = (max(word_width(k, TEXT_PT) for k in keys) + 4.5 * TEXT_PT) * mm + 1.5  # pads, swatch, margin
    left = max(usual[0], name_mm / width_mm)
    return left, min(usual[1], (1 - left - key_mm / width_mm) / key_at)


def _column_labels(ax: Axes, labels: list[str]) -> None:
    """Label the lever columns at their middles, slanted."""
    ax.set_xticks(np.arange(len(labels)) + 0.5)
    ax.set_xticklabels(labels, rotation=35, ha="right", rotation_mode="anchor", fontsize=TEXT_PT)


def _key(ax: Axes, handles: list[Any], x: float) -> None:
    """Put the matrix's key to the right of it, its top level with the matrix's."""
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(x, 1.0), frameon=False)


def _caption(ax: Axes, caption: str) -> None:
    """Write the caption at the lower left of the figure (when the axes belong to one that takes text)."""
    if ax.figure is not None and hasattr(ax.figure, "text"):
        ax.figure.text(0.01, 0.01, caption, fontsize=TEXT_PT, color="#333333", va="bottom", gid="source-line")


def _by_record(spec: MapSpec, cols: list[str], ax: Axes | None, *, width_mm: float) -> tuple[Axes, LeversRecord]:
    """Draw a row per record: yes dark, no white, unknown hatched; totals per lever and per record."""
    from matplotlib.patches import Patch

    records = spec.records
    raw = records["name"].astype(str).tolist() if "name" in records else [str(i + 1) for i in range(len(records))]
    names = [plain(clean_name(v, 32)) for v in raw]
    n = len(names)
    short, label = _labels(spec)
    full = ", ".join(f"{short[c]} = {label[c]}" for c in cols)
    caption = wrap_text(f"{full}.", caption_width(width_mm)) + "\n" + spec.texts["levers_source"]
    caption_mm = 3 + CAPTION_LINE_MM * (caption.count("\n") + 1)
    if ax is None:
        height = min(MAX_HEIGHT_MM, 4.6 * n + 32 + caption_mm)
        bottom = (caption_mm + 17) / height
        keys = [spec.texts[k] for k in ("yes", "no", "lever_unknown")]
        left, wide = _matrix_room(names, keys, width_mm, (0.22, 0.58), 1.08)
        ax = _page(spec, width_mm, height, (left, bottom, wide, 1 - bottom - 11 / height))
    _draw_cells(ax, records, cols)
    counted = lever_counts(records, cols)
    totals, known = counted["yes"].tolist(), counted["known"].tolist()
    ax.set_xlim(0, len(cols))
    ax.set_ylim(0, n)
    _column_labels(ax, [f"{short[c]} {t}/{k}" for c, t, k in zip(cols, totals, known, strict=True)])
    ax.set_yticks(np.arange(n) + 0.5)
    ax.set_yticklabels(list(reversed(names)), fontsize=TEXT_PT)
    ax.tick_params(length=0)
    _row_totals(ax, records, cols)
    ax.set_aspect("auto")
    handles = [
        Patch(facecolor=YES, edgecolor="#666666", label=spec.texts["yes"]),
        Patch(facecolor=NO, edgecolor="#666666", label=spec.texts["no"]),
        Patch(facecolor=UNKNOWN, edgecolor="#666666", hatch="////", label=spec.texts["lever_unknown"]),
    ]
    _key(ax, handles, 1.08)
    _caption(ax, caption)
    return ax, LeversRecord(columns=tuple(cols), rows=tuple(names), by_category=False)


def _draw_cells(ax: Axes, records: pd.DataFrame, cols: list[str]) -> None:
    """Draw a cell per record and lever, the first record at the top."""
    from matplotlib.patches import Rectangle

    n = len(records)
    for j, col in enumerate(cols):
        values = records[col]
        for i in range(n):
            v = values.iloc[i]
            face = UNKNOWN if pd.isna(v) else (YES if bool(v) else NO)
            ax.add_patch(
                Rectangle(
                    (j, n - 1 - i),
                    1,
                    1,
                    facecolor=face,
                    edgecolor="#666666",
                    linewidth=0.4,
                    hatch="////" if pd.isna(v) else None,
                    gid="lever-cell",
                )
            )


def _row_totals(ax: Axes, records: pd.DataFrame, cols: list[str]) -> None:
    """Write each record's levers "yes" of those known ("3/7"), or "?" when none is known, right of its row."""
    n = len(records)
    row_tot = [
        (
            int((records.loc[records.index[i], cols] == True).sum()),  # noqa: E712
            int(records.loc[records.index[i], cols].notna().sum()),
        )
        for i in range(n)
    ]
    for i, (t, k) in enumerate(row_tot):
        ax.text(len(cols) + 0.15, n - 1 - i + 0.5, f"{t}/{k}" if k else "?", va="center", fontsize=TEXT_PT)


class _Shares(NamedTuple):
    """Per category (rows, in legend order): records, share of "yes" of those known, whether none is known."""

    order: list[str]
    n: np.ndarray
    share: np.ndarray
    none_known: np.ndarray
    totals: list[int]
    counts: list[int]


def _shares(spec: MapSpec, cols: list[str]) -> _Shares:
    """Count, per category and lever, the share of "yes" among the records whose value is known."""
    records = spec.records
    category = spec.categories(records).astype(str).to_numpy()
    order = [c for c in spec.colors if (category == c).any()]
    order += sorted(set(category) - set(order))
    yes = pd.DataFrame({c: records[c].eq(True).fillna(False).to_numpy(dtype=bool) for c in cols})
    known = pd.DataFrame({c: records[c].notna().to_numpy(dtype=bool) for c in cols})
    n = yes.groupby(category).size().reindex(order).to_numpy()
    known_n = known.groupby(category).sum().reindex(order).to_numpy()
    share = yes.groupby(category).sum().reindex(order).to_numpy() / np.maximum(known_n, 1)
    totals = [int(yes[c].sum()) for c in cols]
    counts = [int(known[c].sum()) for c in cols]
    return _Shares(order, n, share, known_n == 0, totals, counts)


def _by_category(spec: MapSpec, cols: list[str], ax: Axes | None, *, width_mm: float) -> tuple[Axes, LeversRecord]:
    """Draw the levers matrix of many records: one row per category, each cell its share of "yes".

    The share is of the category's records whose value is known (as the column totals);
    a cell with no known value says so.
    """
    from matplotlib.patches import Patch

    s = _shares(spec, cols)
    lang, short = spec.lang, _labels(spec)[0]
    rows = [f"{plain(clean_name(c, 32))} ({thousands(int(k), lang)})" for c, k in zip(s.order, s.n, strict=True)]
    if ax is None:
        height = min(MAX_HEIGHT_MM, 7 * len(s.order) + 52)
        keys = [f"{spec.texts['yes']} {percent(v, lang)}" for v in (1.0, 0.0)]
        left, wide = _matrix_room(rows, keys, width_mm, (0.3, 0.5), 1.02)
        ax = _page(spec, width_mm, height, (left, 36 / height, wide, 1 - 48 / height))
    _draw_shares(ax, spec, s, len(cols))
    _column_labels(
        ax,
        [
            f"{short[c]} {thousands(t, lang)}/{thousands(k, lang)}"
            for c, t, k in zip(cols, s.totals, s.counts, strict=True)
        ],
    )
    ax.set_yticks(np.arange(len(s.order)) + 0.5)
    ax.set_yticklabels(rows, fontsize=TEXT_PT)
    ax.tick_params(length=0)
    handles = [
        Patch(facecolor=YES, edgecolor="#666666", label=f"{spec.texts['yes']} {percent(1.0, lang)}"),
        Patch(facecolor=NO, edgecolor="#666666", label=f"{spec.texts['yes']} {percent(0.0, lang)}"),
    ]
    _key(ax, handles, 1.02)
    _caption(ax, spec.texts["levers_source"])
    return ax, LeversRecord(columns=tuple(cols), rows=tuple(rows), by_category=True)


def _draw_shares(ax: Axes, spec: MapSpec, s: _Shares, columns: int) -> None:
    """Shade each cell by its share of "yes" (grey, darker for more) and write the share in it."""
    ax.imshow(
        s.share,
        cmap="Greys",
        vmin=0,
        vmax=1.4,
        aspect="auto",
        interpolation="nearest",
        extent=(0, columns, len(s.order), 0),
    )
    for (i, j), v in np.ndenumerate(s.share):
        label = spec.texts["lever_unknown"] if s.none_known[i, j] else percent(v, spec.lang)
        ax.text(
            j + 0.5, i + 0.5, label, ha="center", va="center", fontsize=TEXT_PT, color="white" if v > 0.6 else "black"
        )
