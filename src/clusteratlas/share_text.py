"""Weighted shares and cross-tables as text: ``table``, ``csv``, ``json`` and ``md``.

Counted shares are rendered by :func:`clusteratlas.export.format_shares` (unchanged); this
module adds the weight column beside the counts, and renders cross-tables
(:class:`~clusteratlas.crosstab.CrossTable`) in the same four formats. ``csv`` and ``json``
are data (plain numbers, our column names, codes as text); ``table`` and ``md`` are for
reading (headings, numbers and percentages in the language, the user's own headers).
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from .aggregate import Shares
from .crosstab import CrossTable
from .export import (
    SHARE_FORMATS,
    SHARES_TEXT,
    csv_text,
    markdown_table,
    markdown_text,
    shares_display,
    shares_text,
    text_table,
)
from .presentation import fill, number, one, percent
from .registry import LANGUAGES

__all__ = ["crosstab_display", "format_result", "weight_decimals", "weighted_display"]


def weight_decimals(result: Shares | CrossTable) -> int:
    """Digits to show of a table's weights: none when the input's are whole, else at least two.

    The sums keep the input's digits (:attr:`Shares.weight_decimals`: as many as its most
    precise cell, at most 6) in CSV, JSON and workbooks; a table shows them all, and two at
    least when any is not whole (12,5 MDH is shown "12,50", as money is written).
    """
    return max(2, result.weight_decimals) if result.weight_decimals else 0


def weighted_display(
    result: Shares, lang: str = "en", names: dict[str, str] | None = None
) -> tuple[pd.DataFrame, tuple[str, ...]]:
    """Return weighted shares for display (the weight after the count) and the names of the numeric columns."""
    t = SHARES_TEXT[lang]
    shown = shares_display(result.table.drop(columns="weight"), lang, names)
    heading = str(result.weight)
    decimals = weight_decimals(result)
    values = [number(v, lang, decimals=decimals) for v in result.table["weight"]]
    shown = shown.rename(columns={t["count"]: t["records"]})  # "records" beside the weight, never "effectif"
    shown.insert(shown.columns.get_loc(t["records"]) + 1, heading, values)
    if "population_2024" not in result.table:  # no quotient to carry the mark: the share carries it
        few = result.table["few_records"].fillna(False).to_numpy(dtype=bool)
        shown[t["share"]] = [v + "*" if f and v else v for v, f in zip(shown[t["share"]], few, strict=True)]
    numeric = tuple(t[k] for k in ("records", "share", "population 2024", "per million", "location quotient"))
    return shown, (*numeric, heading)


def crosstab_display(result: CrossTable, lang: str = "en", names: dict[str, str] | None = None) -> pd.DataFrame:
    """Return a cross-table as display strings: headings and numbers in ``lang``, ``*`` on fragile quotients."""
    t = SHARES_TEXT[lang]
    table = result.table
    rename = {k: t[k] for k in ("Unplaced", "Province unknown", "Unknown", "Other regions")} | (names or {})
    out = pd.DataFrame({t["group"]: table["group"].astype(str).map(lambda g: rename.get(g, g))})
    out[t["code"]] = table["code"].astype(str)
    out[result.column] = table["category"].astype(str).map(lambda g: rename.get(g, g))
    out[t["count"] if result.weight is None else t["records"]] = [number(v, lang) for v in table["count"]]
    if result.weight is not None:
        decimals = weight_decimals(result)
        out[result.weight] = [number(v, lang, decimals=decimals) for v in table["weight"]]
    out[t["share"]] = [percent(v, lang) for v in table["share"]]
    out[t["row share"]] = [percent(v, lang) for v in table["row_share"]]
    out[t["column share"]] = [percent(v, lang) for v in table["column_share"]]
    mark = np.where(table["few_records"].to_numpy(dtype=bool), "*", "")
    lq = [number(v, lang, decimals=2) for v in table["location_quotient"]]
    out[t["location quotient"]] = [v + m if v else v for v, m in zip(lq, mark, strict=True)]
    return out


def _notes(result: Shares | CrossTable, lang: str) -> list[str]:
    """Return the lines under a table: totals, records left out, what the quotient and the ``*`` mean."""
    t = SHARES_TEXT[lang]
    lines = []
    if result.weight is not None:
        total_weight = result.total_weight or 0.0
        decimals = weight_decimals(result)
        total = number(result.total, lang)
        summed = number(total_weight, lang, decimals=decimals)
        lines.append(fill(t["weighted"], lang, total=total, weight=result.weight, sum=summed))
        if result.skipped:
            lines.append(t["skipped"].format(skipped=number(result.skipped, lang), weight=result.weight))
    else:
        lines.append(t["total_one" if one(result.total, lang) else "total"].format(total=result.total))
    if isinstance(result, CrossTable):
        lines.append(t["lq note"])
        if result.table["few_records"].any():
            lines.append(t["few cells"])
    elif result.table["few_records"].fillna(False).astype(bool).any():
        lines.append(t["few"] if "population_2024" in result.table else t["few weighted"])
    return lines


def format_result(
    result: Shares | CrossTable,
    fmt: str = "table",
    *,
    lang: str = "en",
    excel: bool = False,
    names: dict[str, str] | None = None,
) -> str:
    """Render shares (counted or weighted) or a cross-table as ``table``, ``csv``, ``json`` or ``md``.

    Counted shares are :func:`~clusteratlas.export.format_shares`' output, byte for byte.
    ``csv`` and ``json`` are data: plain numbers and our column names (``excel`` writes the
    CSV for French Excel); ``table`` and ``md`` show headings, the user's headers and
    numbers in ``lang``, then the totals and what ``*`` means.

    Raises
    ------
    InputError
        For an unknown language or format.
    """
    LANGUAGES.check(lang)  # each choice checked once, by its registry (its error lists the valid ones)
    SHARE_FORMATS.check(fmt)
    if isinstance(result, Shares) and result.weight is None:
        return shares_text(result, fmt, lang=lang, excel=excel, names=names)
    if fmt == "json":
        return str(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
    if fmt == "csv":
        return csv_text(result.table, excel=excel)
    t = SHARES_TEXT[lang]
    if isinstance(result, CrossTable):
        shown = crosstab_display(result, lang, names)
        keys = (
            "count" if result.weight is None else "records",
            "share",
            "row share",
            "column share",
            "location quotient",
        )
        numeric = (*(t[k] for k in keys), *((result.weight,) if result.weight else ()))
    else:
        shown, numeric = weighted_display(result, lang, names)
    notes = _notes(result, lang)
    if fmt == "md":
        return markdown_table(shown, numeric=numeric) + "".join(f"\n\n{markdown_text(n)}" for n in notes)
    return text_table(shown, numeric=numeric) + "".join(f"\n\n{n}" for n in notes)
