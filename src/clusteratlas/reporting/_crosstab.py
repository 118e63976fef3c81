"""The report's specialisation section: weighted shares and a cross-table with location quotients.

Asked for with ``weight`` (``report --weight Effectif``) and ``cross_by`` (``report --by
Secteur``): the figures are :func:`clusteratlas.shares` and
:func:`clusteratlas.crosstab.crosstab`'s, displayed as ``clusteratlas shares`` displays them
(:mod:`clusteratlas.share_text`), so the report and the command line agree to the digit.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..aggregate import shares
from ..crosstab import CrossTable, crosstab, split_by
from ..export import SHARES_TEXT
from ..presentation import fill, number
from ..share_text import weight_decimals, weighted_display
from .sections import Context, Section, Table, group_names

__all__ = ["cross_grouping", "crosstab_sections"]


def _heading(text: str) -> str:
    """Return one of our column headings as the report writes them: a capital first letter."""
    return text[:1].upper() + text[1:]


def cross_grouping(cross_by: str) -> tuple[str, str]:
    """Return the grouping and column of a report's ``cross_by``: ``"Secteur"`` is ``("region", "Secteur")``."""
    split = split_by(cross_by)
    return split if split is not None else ("region", cross_by.strip())


def _weighted_table(c: Context, weight: str, missing_weight: str) -> Table:
    """Shares of the weight by region, with records, population, per million and quotients of the weight."""
    result = shares(c.geocoded, by="region", per_capita=True, weight=weight, missing_weight=missing_weight)
    shown, numeric = weighted_display(result, c.lang, group_names(c.t, None, c.lang))
    ours = {col: _heading(str(col)) for col in shown.columns if col != result.weight}
    shown, numeric = shown.rename(columns=ours), tuple(ours.get(col, col) for col in numeric)
    caption = fill(c.t["weighted_caption"], c.lang, weight=result.weight, n=number(result.total, c.lang))
    if result.skipped:
        caption += ". " + fill(SHARES_TEXT[c.lang]["skipped"], c.lang, skipped=result.skipped, weight=result.weight)
    return Table("by_region_weighted", caption, shown, result.table, numeric)


def _matrix(result: CrossTable, values: list[str] | pd.Series, names: dict[str, str]) -> pd.DataFrame:
    """Lay the cells out as groups × categories (the long table is ordered that way): one value per cell."""
    n_cats = len(result.categories)
    groups = result.table["group"].to_numpy(dtype=object)[::n_cats]
    codes = result.table["code"].to_numpy(dtype=object)[::n_cats]
    grid = np.asarray(values).reshape(-1, n_cats)
    out = pd.DataFrame({"group": [names.get(g, g) for g in groups], "code": codes})
    wide = pd.DataFrame(grid, columns=[names.get(k, k) for k in result.categories])
    return pd.concat([out, wide], axis=1)


def _cross_tables(c: Context, result: CrossTable) -> list[Table]:
    """Return the cross-table as two matrices: the quotients (``*`` where fragile), and the counts or weights."""
    t, lang = SHARES_TEXT[c.lang], c.lang
    names = group_names(c.t, c.zones, lang)
    few = result.table["few_records"].to_numpy(dtype=bool)
    quotients = [number(v, lang, decimals=2) for v in result.table["location_quotient"]]
    marked = [q + "*" if q and f else q for q, f in zip(quotients, few, strict=True)]
    lq = _matrix(result, marked, names).rename(columns={"group": _heading(t["group"]), "code": _heading(t["code"])})
    measure = result.table["weight" if result.weight is not None else "count"]
    decimals = weight_decimals(result) if result.weight is not None else 0
    amounts = [number(v, lang, decimals=decimals) for v in measure]
    what = result.weight if result.weight is not None else t["count"]
    sums = _matrix(result, amounts, names).rename(columns={"group": _heading(t["group"]), "code": _heading(t["code"])})
    categories = tuple(str(col) for col in lq.columns[2:])
    grouping = c.t[f"grouping_{result.by}"]
    lq_caption = fill(c.t["crosstab_lq"], lang, col=result.column, by=grouping)
    if few.any():
        lq_caption += ". " + t["few cells"]
    sums_caption = fill(c.t["crosstab_sums"], lang, what=what, col=result.column, by=grouping)
    file = ("crosstab", result.column)
    return [
        Table(f"lq_{result.column}", lq_caption, lq, result.table, categories, (*file, "lq")),
        Table(f"sums_{result.column}", sums_caption, sums, _matrix(result, measure, {}), categories, (*file, "sums")),
    ]


def crosstab_sections(c: Context, *, cross_by: str | None, weight: str | None, missing_weight: str) -> list[Section]:
    """Return the specialisation section when the report is asked for a weight or a cross-table; else nothing."""
    if cross_by is None and weight is None:
        return []
    section = Section("specialisation", c.t["specialisation"])
    if weight is not None:
        section.tables.append(_weighted_table(c, weight, missing_weight))
    if cross_by is not None:
        by = ",".join(cross_grouping(cross_by))
        result = crosstab(c.geocoded, by=by, zones=c.zones, weight=weight, missing_weight=missing_weight)
        section.paragraphs.append(SHARES_TEXT[c.lang]["lq note"])
        section.tables += _cross_tables(c, result)
    return [section]
