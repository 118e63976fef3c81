"""levers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..aggregate import lever_counts
from ..errors import InputError
from ..mapspec import (
    LEVER_ROWS_MAX,
    MapSpec,
)
from ..records import LEVER_SHORT, LEVERS

if TYPE_CHECKING:
    from matplotlib.axes import Axes

from ._style import (
    CAPTION_LINE_MM,
    MAX_HEIGHT_MM,
    TEXT_PT,
    WIDTH_MM,
    _caption_width,
    _mm,
    _plain,
    _thousands,
    clean_name,
    wrap_text,
)


def plot_levers(spec: MapSpec, ax: Axes | None = None, *, width_mm: float = WIDTH_MM) -> Axes:
    """Draw the Table 3 matrix: clusters by the seven intervention levers; unknown cells shown as unknown."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch, Rectangle

    records = spec.records
    cols = [c for c in LEVERS if c in records]
    if not cols:
        msg = f"a levers matrix needs lever columns ({', '.join(LEVERS)}); add them or choose another `kind`."
        raise InputError(msg)
    if len(records) > LEVER_ROWS_MAX:  # one row per category: a row per record would be unreadable
        return _plot_levers_by_category(spec, cols, ax, width_mm=width_mm)
    raw = records["name"].astype(str).tolist() if "name" in records else [str(i + 1) for i in range(len(records))]
    names = [_plain(clean_name(v, 32)) for v in raw]
    n = len(names)
    full = ", ".join(f"{LEVER_SHORT[c]} = {LEVERS[c]}" for c in cols)
    caption = wrap_text(f"{full}.", _caption_width(width_mm)) + "\n" + spec.texts["levers_source"]
    caption_mm = 3 + CAPTION_LINE_MM * (caption.count("\n") + 1)
    if ax is None:
        height = min(MAX_HEIGHT_MM, 4.6 * n + 32 + caption_mm)
        fig = plt.figure(figsize=(_mm(width_mm), _mm(height)))
        bottom = (caption_mm + 17) / height
        ax = fig.add_axes((0.22, bottom, 0.58, 1 - bottom - 11 / height))
        fig.suptitle(spec.texts["levers"], x=0.01, y=1 - 2 / height, ha="left", va="top", fontsize=9, fontweight="bold")
    # Neutral fills: the categorical colours keep their meaning (sector groups) on the maps.
    yes_c, no_c, unk_c = "#525252", "white", "#d9d9d9"
    for j, col in enumerate(cols):
        values = records[col]
        for i in range(n):
            v = values.iloc[i]
            face = unk_c if pd.isna(v) else (yes_c if bool(v) else no_c)
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
    counted = lever_counts(records, cols)
    totals, known = counted["yes"].tolist(), counted["known"].tolist()
    ax.set_xlim(0, len(cols))
    ax.set_ylim(0, n)
    ax.set_xticks(np.arange(len(cols)) + 0.5)
    ax.set_xticklabels(
        [f"{LEVER_SHORT[c]} {t}/{k}" for c, t, k in zip(cols, totals, known, strict=True)],
        rotation=35,
        ha="right",
        rotation_mode="anchor",
        fontsize=TEXT_PT,
    )
    ax.set_yticks(np.arange(n) + 0.5)
    ax.set_yticklabels(list(reversed(names)), fontsize=TEXT_PT)
    ax.tick_params(length=0)
    row_tot = [
        (
            int((records.loc[records.index[i], cols] == True).sum()),  # noqa: E712
            int(records.loc[records.index[i], cols].notna().sum()),
        )
        for i in range(n)
    ]
    for i, (t, k) in enumerate(row_tot):
        ax.text(len(cols) + 0.15, n - 1 - i + 0.5, f"{t}/{k}" if k else "?", va="center", fontsize=TEXT_PT)
    ax.set_aspect("auto")
    handles = [
        Patch(facecolor=yes_c, edgecolor="#666666", label=spec.texts["yes"]),
        Patch(facecolor=no_c, edgecolor="#666666", label=spec.texts["no"]),
        Patch(facecolor=unk_c, edgecolor="#666666", hatch="////", label=spec.texts["lever_unknown"]),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.08, 1.0), frameon=False)
    if ax.figure is not None and hasattr(ax.figure, "text"):
        ax.figure.text(
            0.01,
            0.01,
            caption,
            fontsize=TEXT_PT,
            color="#333333",
            va="bottom",
            gid="source-line",
        )
    return ax


def _plot_levers_by_category(spec: MapSpec, cols: list[str], ax: Axes | None, *, width_mm: float) -> Axes:
    """Draw the levers matrix of many records: one row per category, each cell its share of "yes".

    The share is of the category's records whose value is known (as the column totals);
    a cell with no known value says so.
    """
    import matplotlib.pyplot as plt
    from matplotlib.patches import Patch

    from ..export import percent

    records = spec.records
    category = spec.categories(records).astype(str).to_numpy()
    order = [c for c in spec.colors if (category == c).any()]
    order += sorted(set(category) - set(order))
    yes = pd.DataFrame({c: records[c].eq(True).fillna(False).to_numpy(dtype=bool) for c in cols})
    known = pd.DataFrame({c: records[c].notna().to_numpy(dtype=bool) for c in cols})
    n = yes.groupby(category).size().reindex(order).to_numpy()
    known_n = known.groupby(category).sum().reindex(order).to_numpy()
    none_known = known_n == 0
    share = yes.groupby(category).sum().reindex(order).to_numpy() / np.maximum(known_n, 1)
    caption = spec.texts["levers_source"]
    if ax is None:
        height = min(MAX_HEIGHT_MM, 7 * len(order) + 52)
        fig = plt.figure(figsize=(_mm(width_mm), _mm(height)))
        ax = fig.add_axes((0.3, 36 / height, 0.5, 1 - 48 / height))
        fig.suptitle(spec.texts["levers"], x=0.01, y=1 - 2 / height, ha="left", va="top", fontsize=9, fontweight="bold")
    ax.imshow(
        share,
        cmap="Greys",
        vmin=0,
        vmax=1.4,
        aspect="auto",
        interpolation="nearest",
        extent=(0, len(cols), len(order), 0),
    )
    for (i, j), v in np.ndenumerate(share):
        label = spec.texts["lever_unknown"] if none_known[i, j] else percent(v, spec.lang)
        ax.text(
            j + 0.5, i + 0.5, label, ha="center", va="center", fontsize=TEXT_PT, color="white" if v > 0.6 else "black"
        )
    totals = [int(yes[c].sum()) for c in cols]
    counts = [int(known[c].sum()) for c in cols]
    ax.set_xticks(np.arange(len(cols)) + 0.5)
    ax.set_xticklabels(
        [
            f"{LEVER_SHORT[c]} {_thousands(t, spec.lang)}/{_thousands(k, spec.lang)}"
            for c, t, k in zip(cols, totals, counts, strict=True)
        ],
        rotation=35,
        ha="right",
        rotation_mode="anchor",
        fontsize=TEXT_PT,
    )
    ax.set_yticks(np.arange(len(order)) + 0.5)
    ax.set_yticklabels(
        [f"{_plain(clean_name(c, 32))} ({_thousands(int(k), spec.lang)})" for c, k in zip(order, n, strict=True)],
        fontsize=TEXT_PT,
    )
    ax.tick_params(length=0)
    handles = [
        Patch(facecolor="#525252", edgecolor="#666666", label=f"{spec.texts['yes']} {percent(1.0, spec.lang)}"),
        Patch(facecolor="white", edgecolor="#666666", label=f"{spec.texts['yes']} {percent(0.0, spec.lang)}"),
    ]
    ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False)
    if ax.figure is not None and hasattr(ax.figure, "text"):
        ax.figure.text(0.01, 0.01, caption, fontsize=TEXT_PT, color="#333333", va="bottom", gid="source-line")
    return ax
