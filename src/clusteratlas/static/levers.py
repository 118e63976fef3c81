"""The levers matrix: records (or, for many records, categories) by intervention lever.

The levers, their order and their labels in the figure's language come from the spec's
profile (:func:`clusteratlas.profile.levers_of`): this module names none of them.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np
import pandas as pd

from ..aggregate import lever_counts
from ..errors import InputError
from ..export import percent
from ..mapspec import LEVER_ROWS_MAX, MapSpec
from ..presentation import typeset
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
    from matplotlib.figure import Figure

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


#: Least pitch of the rows (mm): two rows' 7 pt labels never touch.
ROW_MM = 1.3 * TEXT_PT * 25.4 / 72
#: A row's height where the page has room (mm), as on a wide page.
ROW_USUAL_MM = 4.6
#: A category's row where the page has room (mm): its label may take two lines.
CATEGORY_ROW_MM = 7.0
#: Widest cell (mm).
CELL_MAX_MM = 12.0
#: Least room for the row labels of a panel (mm), about ten characters: narrower, no more panels.
NAME_MIN_MM = 15.0
#: Slant of the column labels (degrees) where the cells are wide enough; upright where not.
SLANT = 35.0
_MM = 25.4 / 72
#: Room of the title, of the key under it, between two panels, and the page's margin (mm).
_TITLE_MM, _KEY_MM, _GAP_MM, _MARGIN_MM = 8.0, 6.5, 3.0, 1.5
#: Height of a line of 7 pt text (mm), and the pad between a label and its cells.
_LINE_MM, _PAD_MM = TEXT_PT * 1.2 * _MM, 1.2


class _Grid(NamedTuple):
    """How a matrix is set on its page: panels side by side, each with its own row and column labels (mm).

    ``per`` rows a panel (the last may have fewer), ``shown`` rows in all (fewer than the
    matrix's when no more fit: the caption says so).
    """

    panels: int
    per: int
    shown: int
    name: float
    cell: float
    row: float
    slant: bool
    block: float
    totals: float = 0.0


def _label_block(labels: list[str], cell_mm: float, room_mm: float) -> tuple[bool, float]:
    """Return whether the column labels slant, and the height (mm) they take under the matrix.

    Slanted labels a cell apart stand ``cell * sin(SLANT)`` apart across their lines: they
    slant when that clears a line of text and when none reaches further left of the cells
    than ``room_mm`` (the row labels' room); they stand upright otherwise.
    """
    widths = [word_width(t, TEXT_PT) * _MM for t in labels]
    cos = math.cos(math.radians(SLANT))
    reach = max(w * cos + _PAD_MM - (j + 0.5) * cell_mm for j, w in enumerate(widths))
    slant = cell_mm * math.sin(math.radians(SLANT)) >= _LINE_MM + 0.3 and reach <= room_mm
    angle = math.radians(SLANT if slant else 90.0)
    return slant, max(widths) * math.sin(angle) + _LINE_MM * math.cos(angle) + 2 * _PAD_MM


def _grid(
    n: int, name_mm: float, labels: list[str], width_mm: float, *, fixed_mm: float, side: tuple[float, float, float]
) -> _Grid:
    """Return the fewest panels that hold ``n`` rows of at least :data:`ROW_MM` on a page of :data:`MAX_HEIGHT_MM`.

    ``side`` is the room right of the cells (row totals), the least cell width and the
    least row pitch (mm). A panel's row labels may be narrowed down to
    :data:`NAME_MIN_MM` (cut with an ellipsis); when even the most panels of that width hold
    fewer than ``n`` rows, the grid shows as many as they hold.
    """
    totals, least_cell, least_row = side
    usable, m = width_mm - 2 * _MARGIN_MM, len(labels)
    best: _Grid | None = None
    for p in range(1, 9):
        panel = (usable - (p - 1) * _GAP_MM) / p
        name = min(name_mm, panel - totals - m * least_cell)
        if best is not None and name < min(name_mm, NAME_MIN_MM):
            break
        cell = max(least_cell, min(CELL_MAX_MM, (panel - name - totals) / m))
        slant, block = _label_block(labels, cell, name + (_MARGIN_MM if p == 1 else _GAP_MM))
        room = MAX_HEIGHT_MM - fixed_mm - block
        per = max(1, int(room // least_row))
        if p * per >= n:
            per = math.ceil(n / p)
            usual = max(least_row, ROW_USUAL_MM if least_row < CATEGORY_ROW_MM else CATEGORY_ROW_MM)
            return _Grid(p, per, n, name, cell, min(usual, room / per), slant, block, totals)
        best = _Grid(p, per, p * per, name, cell, least_row, slant, block, totals)
    assert best is not None
    return best


def _fitted(text: str, width_mm: float) -> str:
    """Return ``text`` cut with an ellipsis to ``width_mm`` at 7 pt (whole when it fits)."""
    limit = len(text)
    while limit > 2 and word_width(clean_name(text, limit), TEXT_PT) * _MM > width_mm:
        limit -= 1
    return clean_name(text, limit)


def _page(spec: MapSpec, width_mm: float, height: float) -> Figure:
    """Make a matrix's figure ``height`` mm tall, its title at the top."""
    fig = new_figure(width_mm, height)
    fig.suptitle(
        spec.texts["levers"],
        x=_MARGIN_MM / width_mm,
        y=1 - 2 / height,
        ha="left",
        va="top",
        fontsize=9,
        fontweight="bold",
    )
    return fig


def _panels(fig: Figure, grid: _Grid, n: int, m: int) -> list[tuple[Axes, int, int]]:
    """Add the grid's panels (axes) to ``fig``, top-aligned under the key; return each with its rows (start, stop)."""
    width_mm, height = (float(v) * 25.4 for v in fig.get_size_inches())
    panel = grid.name + m * grid.cell + grid.totals  # centred on a page with room to spare
    slack = width_mm - 2 * _MARGIN_MM - grid.panels * panel - (grid.panels - 1) * _GAP_MM
    panel += max(0.0, slack) / grid.panels
    top = height - _TITLE_MM - _KEY_MM
    out = []
    for k in range(grid.panels):
        start, stop = k * grid.per, min(grid.shown, (k + 1) * grid.per)
        if start >= stop:
            break
        left = _MARGIN_MM + k * (panel + _GAP_MM) + grid.name + max(0.0, slack) / grid.panels / 2
        tall = (stop - start) * grid.row
        rect = (left / width_mm, (top - tall) / height, m * grid.cell / width_mm, tall / height)
        out.append((fig.add_axes(rect, gid=f"levers-panel-{k}"), start, stop))
    return out


def _column_labels(ax: Axes, labels: list[str], *, slant: bool = True) -> None:
    """Label the lever columns at their middles, slanted (or upright, for narrow cells), none touching the next."""
    ax.set_xticks(np.arange(len(labels)) + 0.5)
    angle = SLANT if slant else 90.0
    ax.set_xticklabels(labels, rotation=angle, ha="right", va="center", rotation_mode="anchor", fontsize=TEXT_PT)
    ax.tick_params(axis="x", pad=_PAD_MM / _MM)


def _key(fig: Figure, handles: list[Any]) -> None:
    """Put the matrix's key on one line under the title, at the page's left margin."""
    width_mm, height = (float(v) * 25.4 for v in fig.get_size_inches())
    fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(_MARGIN_MM / width_mm, 1 - (_TITLE_MM - 1.0) / height),
        ncol=len(handles),
        frameon=False,
        borderaxespad=0.0,
        borderpad=0.2,
        columnspacing=1.2,
        fontsize=TEXT_PT,
    ).set_gid("levers-key")


def _caption(fig: Figure, caption: str) -> None:
    """Write the caption at the lower left of the page."""
    width_mm, height = (float(v) * 25.4 for v in fig.get_size_inches())
    fig.text(
        _MARGIN_MM / width_mm,
        1.5 / height,
        caption,
        fontsize=TEXT_PT,
        color="#333333",
        va="bottom",
        gid="source-line",
        linespacing=1.25,
        parse_math=False,
    )


def _fixed(caption: str) -> float:
    """Height of a matrix page less its rows and column labels (mm): title, key, caption, margins."""
    return _TITLE_MM + _KEY_MM + _caption_mm(caption) + 4


def _caption_mm(caption: str) -> float:
    """Height of a caption of 7 pt lines and its margin under it (mm)."""
    return 2.5 + CAPTION_LINE_MM * (caption.count("\n") + 1)


def _by_record(spec: MapSpec, cols: list[str], ax: Axes | None, *, width_mm: float) -> tuple[Axes, LeversRecord]:
    """Draw a row per record: yes dark, no white, unknown hatched; totals per lever and per record.

    On a new page the rows are set in as many panels side by side as the page's height
    needs (:func:`_grid`); rows that still do not fit are left out, and the caption says
    how many are shown.
    """
    records = spec.records
    raw = records["name"].astype(str).tolist() if "name" in records else [str(i + 1) for i in range(len(records))]
    names = [plain(clean_name(v, 32)) for v in raw]
    short, label = _labels(spec)
    counted = lever_counts(records, cols)
    heads = [f"{short[c]} {t}/{k}" for c, t, k in zip(cols, counted["yes"], counted["known"], strict=True)]
    key = typeset(f"{', '.join(f'{short[c]} = {label[c]}' for c in cols)}.", spec.lang)  # fr: "l’innovation"
    caption = wrap_text(key, caption_width(width_mm))
    caption += "\n" + wrap_text(spec.texts["levers_source"], caption_width(width_mm))
    if ax is not None:
        _record_panel(ax, records, cols, names, heads, slant=True)
        ax.legend(handles=_record_key(spec), loc="upper left", bbox_to_anchor=(1.08, 1.0), frameon=False)
        return ax, LeversRecord(columns=tuple(cols), rows=tuple(names), by_category=False)
    totals = max(word_width(t, TEXT_PT) for t in ["7/7", *_row_totals_text(records, cols)]) * _MM + 2 * _PAD_MM
    name_mm = max(word_width(t, TEXT_PT) for t in names) * _MM + 2 * _PAD_MM
    side = (totals, _LINE_MM + 0.6, ROW_MM)
    grid = _grid(len(names), name_mm, heads, width_mm, fixed_mm=_fixed(caption), side=side)
    base = caption
    for _ in range(3):  # said, never cut silently: the caption's lines take rows, which the caption counts
        if grid.shown == len(names):
            break
        cut = spec.texts["levers_cut"].format(shown=grid.shown, n=len(names), width=f"{width_mm:g}")
        caption = base + "\n" + wrap_text(cut, caption_width(width_mm))
        again = _grid(len(names), name_mm, heads, width_mm, fixed_mm=_fixed(caption), side=side)
        if again.shown == grid.shown:
            break
        grid = again
    if grid.shown < len(names):  # the caption counts the rows drawn
        cut = spec.texts["levers_cut"].format(shown=grid.shown, n=len(names), width=f"{width_mm:g}")
        caption = base + "\n" + wrap_text(cut, caption_width(width_mm))
    height = _TITLE_MM + _KEY_MM + grid.per * grid.row + grid.block + _caption_mm(caption) + 1.5
    fig = _page(spec, width_mm, height)
    shown = [_fitted(t, grid.name - 2 * _PAD_MM) for t in names[: grid.shown]]
    panels = _panels(fig, grid, grid.shown, len(cols))
    for panel, start, stop in panels:
        _record_panel(panel, records.iloc[start:stop], cols, shown[start:stop], heads, slant=grid.slant)
    _key(fig, _record_key(spec))
    _caption(fig, caption)
    return panels[0][0], LeversRecord(columns=tuple(cols), rows=tuple(shown), by_category=False)


def _record_key(spec: MapSpec) -> list[Any]:
    """Return the key of a matrix of records: yes, no, unknown."""
    from matplotlib.patches import Patch

    return [
        Patch(facecolor=YES, edgecolor="#666666", label=spec.texts["yes"]),
        Patch(facecolor=NO, edgecolor="#666666", label=spec.texts["no"]),
        Patch(facecolor=UNKNOWN, edgecolor="#666666", hatch="////", label=spec.texts["lever_unknown"]),
    ]


def _record_panel(
    ax: Axes, records: pd.DataFrame, cols: list[str], names: list[str], heads: list[str], *, slant: bool
) -> None:
    """Draw a panel of a matrix of records: its cells, row labels, row totals and column labels."""
    n = len(records)
    _draw_cells(ax, records, cols)
    ax.set_xlim(0, len(cols))
    ax.set_ylim(0, n)
    _column_labels(ax, heads, slant=slant)
    ax.set_yticks(np.arange(n) + 0.5)
    ax.set_yticklabels(list(reversed(names)), fontsize=TEXT_PT)
    ax.tick_params(length=0)
    ax.tick_params(axis="y", pad=_PAD_MM / _MM)
    for i, text in enumerate(_row_totals_text(records, cols)):
        ax.text(len(cols) + 0.15, n - 1 - i + 0.5, text, va="center", fontsize=TEXT_PT)
    ax.set_aspect("auto")


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


def _row_totals_text(records: pd.DataFrame, cols: list[str]) -> list[str]:
    """Return each record's levers "yes" of those known ("3/7"), or "?" when none is known."""
    known = records[cols].notna().sum(axis=1).to_numpy()
    yes = (records[cols] == True).sum(axis=1).to_numpy()  # noqa: E712
    return [f"{int(t)}/{int(k)}" if k else "?" for t, k in zip(yes, known, strict=True)]


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
    a cell with no known value says so ("?" in cells too narrow for the word, and the key
    says what it means). On a narrow page the shares lose their decimal, and a long
    category's row label goes on two lines.
    """
    s = _shares(spec, cols)
    lang, short = spec.lang, _labels(spec)[0]
    heads = [
        f"{short[c]} {thousands(t, lang)}/{thousands(k, lang)}"
        for c, t, k in zip(cols, s.totals, s.counts, strict=True)
    ]
    rows = [f"{plain(clean_name(c, 32))} ({thousands(int(k), lang)})" for c, k in zip(s.order, s.n, strict=True)]
    caption = wrap_text(spec.texts["levers_source"], caption_width(width_mm))
    fixed = _fixed(caption)
    name_mm = max(word_width(r, TEXT_PT) for r in rows) * _MM + 2 * _PAD_MM
    word = spec.texts["lever_unknown"]
    looks = [_Look(1, word), _Look(1, "?"), _Look(0, "?")] if s.none_known.any() else [_Look(1, word), _Look(0, word)]
    look = looks[0]
    for look in looks:
        said = [percent(1.0, lang, decimals=look.decimals)] + ([look.unknown] if s.none_known.any() else [])
        cell = max(word_width(t, TEXT_PT) for t in said) * _MM
        grid = _grid(len(rows), name_mm, heads, width_mm, fixed_mm=fixed, side=(0.0, cell + 1.0, CATEGORY_ROW_MM))
        if grid.name >= min(name_mm, 2 * NAME_MIN_MM):
            break
    if ax is not None:
        _category_panel(ax, spec, s, heads, rows, look)
        ax.legend(handles=_share_key(spec, look), loc="upper left", bbox_to_anchor=(1.02, 1.0), frameon=False)
        return ax, LeversRecord(columns=tuple(cols), rows=tuple(rows), by_category=True)
    labels = [_two_lines(r, grid.name - 2 * _PAD_MM) for r in rows]
    height = _TITLE_MM + _KEY_MM + grid.per * grid.row + grid.block + _caption_mm(caption) + 1.5
    fig = _page(spec, width_mm, height)
    panels = _panels(fig, grid, len(rows), len(cols))
    for panel, start, stop in panels:
        part = s._replace(order=s.order[start:stop], share=s.share[start:stop], none_known=s.none_known[start:stop])
        _category_panel(panel, spec, part, heads, labels[start:stop], look, slant=grid.slant)
    _key(fig, _share_key(spec, look))
    _caption(fig, caption)
    return panels[0][0], LeversRecord(columns=tuple(cols), rows=tuple(rows), by_category=True)


class _Look(NamedTuple):
    """How a share is written in its cell: its decimals, and what a cell with no known value says."""

    decimals: int
    unknown: str


def _share_key(spec: MapSpec, look: _Look) -> list[Any]:
    """Return the key of a matrix of shares: the darkest and lightest cells, and "?" when cells say so."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    lang = spec.lang
    handles: list[Any] = [
        Patch(
            facecolor=YES,
            edgecolor="#666666",
            label=f"{spec.texts['yes']} {percent(1.0, lang, decimals=look.decimals)}",
        ),
        Patch(
            facecolor=NO, edgecolor="#666666", label=f"{spec.texts['yes']} {percent(0.0, lang, decimals=look.decimals)}"
        ),
    ]
    if look.unknown == "?":  # chosen only where a cell says so
        label = spec.texts["labelled_value"].format(label="?", value=spec.texts["lever_unknown"])
        handles.append(Line2D([], [], linestyle="none", label=label))
    return handles


def _two_lines(text: str, width_mm: float) -> str:
    """Return ``text`` on at most two lines of ``width_mm`` at 7 pt; a longer name is cut, its count kept."""
    name, _, count = text.rpartition(" (")
    room = width_mm / _MM + 0.5  # the room is the widest label's measured width: it stays on one line
    wrapped = wrap_text(text, room)
    limit = len(name)
    while wrapped.count("\n") > 1 and limit > 3:
        limit -= 1
        wrapped = wrap_text(f"{clean_name(name, limit)} ({count}", room)
    return wrapped


def _category_panel(
    ax: Axes, spec: MapSpec, s: _Shares, heads: list[str], rows: list[str], look: _Look, *, slant: bool = True
) -> None:
    """Draw a panel of a matrix of categories: its shaded cells, row labels and column labels."""
    _draw_shares(ax, spec, s, len(heads), look)
    _column_labels(ax, heads, slant=slant)
    ax.set_yticks(np.arange(len(s.order)) + 0.5)
    ax.set_yticklabels(rows, fontsize=TEXT_PT, linespacing=1.0)
    ax.tick_params(length=0)
    ax.tick_params(axis="y", pad=_PAD_MM / _MM)


def _draw_shares(ax: Axes, spec: MapSpec, s: _Shares, columns: int, look: _Look) -> None:
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
        label = look.unknown if s.none_known[i, j] else percent(v, spec.lang, decimals=look.decimals)
        ax.text(
            j + 0.5, i + 0.5, label, ha="center", va="center", fontsize=TEXT_PT, color="white" if v > 0.6 else "black"
        )
