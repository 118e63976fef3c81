"""Regional share reports: an observatory-style profile of the records, with the claims checked.

A :class:`Report` is a list of sections, each with paragraphs and tables; every table keeps
its raw numbers (for CSV and JSON) beside its display strings. It renders to one
self-contained HTML page (figure embedded, print CSS, accessible tables) or to
GitHub-flavoured Markdown. Every number comes from :func:`clusteratlas.shares` and
:func:`clusteratlas.evaluate_claims`, so the report and the command line agree.
"""

from __future__ import annotations

import base64
import functools
import hashlib
import html
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypedDict, Unpack

import numpy as np
import pandas as pd
from markupsafe import Markup

from . import __version__
from ._resources import atomic_write, data_path
from .aggregate import FEW_RECORDS, UNDATED, UNKNOWN, UNPLACED, Periods, Shares, Zones, is_category, load_zones, shares
from .aggregate import periods as fit_periods
from .claims import ClaimResult, claims_frame, evaluate_claims
from .errors import InputError
from .export import markdown_table, markdown_text, number, percent, write_csv
from .gazetteer import normalize_name
from .options import ReadOptions
from .presentation import LANGUAGES, catalogue, points, texts
from .records import LEVER_SHORT, LEVERS


def __getattr__(name: str) -> dict[str, dict[str, str]]:
    """``TEXT``: the ``report`` catalogue section in every language, with the pack in use (never at import)."""
    if name == "TEXT":
        return catalogue("report")
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def _status_words(lang: str) -> dict[str, str]:
    """Return the geocoder's and the claims' status words in ``lang`` (the ``status`` catalogue section)."""
    return texts("status", lang)


#: Columns the report never tabulates as categories: ours, names, places, years and levers.
NOT_CATEGORIES = frozenset(
    {"name", "city", "year", "lat", "lon", "region", "province", "region_code", "province_code", "sector_group"}
    | {"governance", "financing", "labeling", "location_source", "location_confidence"}
    | set(LEVERS)
)

#: Above this many records a list is summarised, not written out: a region's profile gives
#: its most frequent places and categories with counts and shares, the summary its most
#: frequent places not found, the provenance counts by precision, confidence and source.
#: Nothing is dropped: the rest is counted in an "other" row and every record stays in the
#: user's table and its geocoded CSV. At or below it the report lists every record.
RECORDS_LISTED_MAX = 200

#: How many places, categories or unplaced spellings a summarised list names.
TOP_LISTED = 15


def _top(frame: pd.DataFrame, k: int) -> tuple[pd.DataFrame, int, int]:
    """Count the distinct rows of ``frame`` (text columns, no missing values), most frequent first.

    Returns
    -------
    tuple
        The ``k`` most frequent rows with a ``count`` column (ties in text order), then the
        records and the distinct rows of the rest.
    """
    cols = list(frame.columns)
    counted = frame.groupby(cols, sort=True).size().reset_index(name="count")
    counted = counted.sort_values("count", ascending=False, kind="stable", ignore_index=True)
    rest = counted.iloc[k:]
    return counted.head(k), int(rest["count"].sum()), len(rest)


def _top_places(part: pd.DataFrame, k: int) -> tuple[pd.DataFrame, int, int]:
    """Count records by place (province and coordinates to about 100 m), named by their most frequent spelling.

    Returns
    -------
    tuple
        The ``k`` places with most records (``province``, ``lat``, ``lon``, ``city``: the most
        frequent spelling, ``spellings``: how many, ``count``), then the records and the
        places of the rest.
    """
    from .mapspec import PLACE_DECIMALS

    frame = pd.DataFrame(
        {
            "province": _text(part, "province"),
            "lat": pd.to_numeric(part["lat"], errors="coerce").round(PLACE_DECIMALS) if "lat" in part else np.nan,
            "lon": pd.to_numeric(part["lon"], errors="coerce").round(PLACE_DECIMALS) if "lon" in part else np.nan,
            "city": _text(part, "city"),
        }
    )
    spellings = frame.groupby(list(frame.columns), sort=True, dropna=False).size().reset_index(name="count")
    spellings = spellings.sort_values("count", ascending=False, kind="stable")
    places = (
        spellings.groupby(["province", "lat", "lon"], sort=False, dropna=False)
        .agg(city=("city", "first"), spellings=("city", "size"), count=("count", "sum"))
        .reset_index()
        .sort_values("count", ascending=False, kind="stable", ignore_index=True)
    )
    rest = places.iloc[k:]
    return places.head(k), int(rest["count"].sum()), len(rest)


def _text(frame: pd.DataFrame, col: str) -> pd.Series:
    """Return a column as stripped strings ("" for missing values or an absent column)."""
    if col not in frame:
        return pd.Series("", index=frame.index, dtype="string")
    return frame[col].astype("string").fillna("").str.strip()


@dataclass(frozen=True)
class Table:
    """A report table: display strings, and the raw values behind them."""

    name: str
    caption: str
    display: pd.DataFrame
    raw: pd.DataFrame
    numeric: tuple[str, ...] = ()


@dataclass
class Section:
    """A report section: a heading, paragraphs, bullet items, tables and optional figure."""

    key: str
    title: str
    paragraphs: list[str] = field(default_factory=list)
    items: list[str] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    figure_png: bytes | None = None
    figure_alt: str = ""


@dataclass(frozen=True)
class Report:
    """A built report; render it with :func:`render_html` or :func:`render_markdown`."""

    title: str
    lang: str
    sections: list[Section]

    def tables(self) -> list[Table]:
        """Every table of every section, in order."""
        return [t for s in self.sections for t in s.tables]


def _group_names(t: dict[str, str], zones: Zones | None, lang: str) -> dict[str, str]:
    names = {k: t[k] for k in (UNPLACED, UNKNOWN, "Other regions")} | {UNDATED: t["undated"]}
    if zones is not None and lang == "fr":
        names |= zones.names_fr
    return names


def _share_table(
    result: Any,
    name: str,
    caption: str,
    t: dict[str, str],
    *,
    lang: str = "en",
    zones: Zones | None = None,
) -> Table:
    raw = result.table.copy()
    rename = _group_names(t, zones, lang)
    display = pd.DataFrame({t["group"]: raw["group"].astype(str).map(lambda g: rename.get(g, g))})
    if "code" in raw and raw["code"].astype(str).str.len().gt(0).any() and name != "by_zone":
        display[t["code"]] = raw["code"].astype(str)
    display[t["count"]] = [number(v, lang) for v in raw["count"]]
    display[t["share"]] = [percent(v, lang) for v in raw["share"]]
    numeric = [t["count"], t["share"]]
    if "population_2024" in raw:
        few = (
            raw["few_records"].fillna(False).astype(bool) if "few_records" in raw else pd.Series(False, index=raw.index)
        )
        mark = np.where(few & raw["population_2024"].notna(), " *", "")
        display[t["population"]] = [number(v, lang) for v in raw["population_2024"]]
        display[t["per_million"]] = [
            f"{number(v, lang, decimals=2)}{m}" if not pd.isna(v) else ""
            for v, m in zip(raw["per_million"], mark, strict=True)
        ]
        display[t["lq"]] = [
            f"{number(v, lang, decimals=2)}{m}" if not pd.isna(v) else ""
            for v, m in zip(raw["location_quotient"], mark, strict=True)
        ]
        numeric += [t["population"], t["per_million"], t["lq"]]
        if (few & raw["population_2024"].notna()).any():
            total = t["caption_total"].format(n=number(result.total, lang))
            caption = f"{caption} ({total}). {t['few'].format(k=FEW_RECORDS)}"
            return Table(name, caption, display, raw, tuple(numeric))
    caption = f"{caption} ({t['caption_total'].format(n=number(result.total, lang))})"
    return Table(name, caption, display, raw, tuple(numeric))


def _period_shares(records: pd.DataFrame, fitted: Periods) -> Any:
    frame = records.copy()
    frame["period"] = fitted.labels
    counts = fitted.counts()
    if not counts[UNDATED]:
        counts.pop(UNDATED)
    total = len(records)
    table = pd.DataFrame({"group": list(counts), "count": list(counts.values())})
    table["count"] = table["count"].astype("int64")
    table["share"] = table["count"] / total if total else np.nan
    return Shares(by="period", total=total, table=table)


def category_columns(records: pd.DataFrame, group_by: list[str] | None = None) -> list[str]:
    """Columns the report tabulates: those named by ``group_by``, else every text column with 2–30 values.

    Identifiers (every value distinct), our own columns, places, years and the study's
    columns (tabulated on their own) are left out.
    """
    if group_by:
        from .aggregate import resolve_column

        cols = [resolve_column(records, c) for c in group_by]
        missing = [c for c in cols if c not in records]
        if missing:
            available = ", ".join(str(c) for c in records.columns if not str(c).startswith("geocode_"))
            msg = f"`group_by`: no column {missing[0]!r} in the records; use one of: {available}."
            raise InputError(msg)
        return list(dict.fromkeys(cols))
    out = []
    for col in records.columns:
        if col in NOT_CATEGORIES or str(col).startswith("geocode_"):
            continue
        if is_category(records[col]):
            out.append(str(col))
    return out


def has_values(records: pd.DataFrame, col: str) -> bool:
    """Whether a column exists and holds at least one non-empty value."""
    if col not in records:
        return False
    text = records[col].astype("string").str.strip()
    return bool((text.notna() & text.ne("")).any())


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _lever_lists(records: pd.DataFrame) -> list[str]:
    """Return :func:`_lever_list` of every record, by columns (no loop over the rows)."""
    have = pd.Series("", index=records.index, dtype=object)
    n_have = np.zeros(len(records), dtype=np.int64)
    known = np.zeros(len(records), dtype=np.int64)
    for c in (c for c in LEVERS if c in records):
        values = records[c].astype(object).to_numpy()
        yes = np.fromiter((v is True for v in values), dtype=bool, count=len(values))
        have = have + np.where(yes & (n_have > 0), ", ", "") + np.where(yes, LEVER_SHORT[c], "")
        n_have += yes
        known += ~pd.isna(values)
    counts = (
        pd.Series(n_have, index=records.index).astype(str) + "/" + pd.Series(known, index=records.index).astype(str)
    )
    out = np.where(known == 0, "?", np.where(n_have > 0, counts + ": " + have, counts))
    return [str(v) for v in out]


def _lever_list(row: pd.Series) -> str:
    have = [LEVER_SHORT[c] for c in LEVERS if c in row and row[c] is True]
    known = sum(1 for c in LEVERS if c in row and not pd.isna(row[c]))
    if not known:
        return "?"
    return f"{len(have)}/{known}: {', '.join(have)}" if have else f"0/{known}"


def _figure(
    geo: pd.DataFrame, zones: Zones, lang: str, data_label: str, title: str | None, breaks: Any, unit: str
) -> tuple[bytes, str]:
    import matplotlib.pyplot as plt

    from .mapspec import describe, map_spec
    from .static import figure, figure_bytes

    spec = map_spec(geo, zones=zones, lang=lang, data_label=data_label, title=title, periods=breaks, unit=unit)
    fig = figure(spec, "combined")
    try:
        png = figure_bytes(fig, "png", dpi=130)
    finally:
        plt.close(fig)
    return png, describe(spec, "combined")


def load_renames(path: str | Path | None = None) -> dict[str, str]:
    """Read a rename mapping (CSV with ``old,new``); default ``data/renames.csv``.

    Returns
    -------
    dict
        Match key of the old name -> match key of the new name.
    """
    from ._resources import check_input_file

    path = Path(path) if path is not None else data_path("renames.csv")
    check_input_file(path, "renames")
    try:
        frame = pd.read_csv(path, dtype=str, keep_default_na=False, comment="#", encoding="utf-8")
    except (pd.errors.ParserError, pd.errors.EmptyDataError, UnicodeDecodeError) as err:
        first = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        msg = f"{path}: not a renames CSV ({first}); give UTF-8 CSV with columns old,new."
        raise InputError(msg) from err
    if not {"old", "new"} <= set(frame.columns):
        msg = f"{path}: needs columns 'old' and 'new' (found {', '.join(frame.columns)})."
        raise InputError(msg)
    return {match_key(o): match_key(n) for o, n in zip(frame["old"], frame["new"], strict=True)}


#: Words left out when names are matched across datasets ("Menara Cluster" = "MENARA").
GENERIC_WORDS = ("cluster", "maroc", "morocco", "moroccan")


def match_key(name: object) -> str:
    """Key that matches a cluster across datasets: normalised, generic words dropped.

    Examples
    --------
    >>> match_key("Menara Cluster") == match_key("MENARA")
    True
    >>> match_key("CISE Maroc") == match_key("CISE")
    True
    """
    words = re.split(r"[\s\-–_/]+", str(name or ""))
    kept = [w for w in words if normalize_name(w) not in GENERIC_WORDS]
    return normalize_name(" ".join(kept)) or normalize_name(name)


def _match_keys(names: pd.Series) -> np.ndarray:
    """Return :func:`match_key` of each name, computed once per distinct name (missing names: ``""``)."""
    codes, uniques = pd.factorize(names)  # missing: -1, the last key
    keys = np.array([match_key(u) for u in uniques] + [match_key(None)], dtype=object)
    out: np.ndarray = keys[codes]
    return out


def _compare_side(frame: pd.DataFrame, renames: dict[str, str] | None) -> pd.DataFrame:
    """One dataset's records, in row order: match key (after ``renames``), its occurrence, name and place.

    The ``occurrence`` numbers records with the same key in row order, so that duplicates
    are matched one to one with the other dataset's, never collapsed.
    """
    none = pd.Series(None, index=frame.index, dtype=object)
    names: pd.Series = frame.get("name", none)
    own = pd.Series(_match_keys(names), index=frame.index, dtype=object)
    key = own.map(renames).fillna(own) if renames else own
    code = frame.get("province_code", none).astype("string")
    province = frame.get("province", none).astype(object).astype(str)
    side = pd.DataFrame(
        {
            "key": key.to_numpy(dtype=object),
            "own": own.to_numpy(dtype=object),
            "name": names.astype(object).astype(str).to_numpy(dtype=object),
            "code": code.fillna("\0").to_numpy(dtype=object),  # NUL: no code (never a real code)
            "place": np.where(code.fillna("").ne("").to_numpy(), province.to_numpy(dtype=object), UNPLACED),
            "row": np.arange(len(frame)),
        }
    )
    side["occurrence"] = side.groupby("key", sort=False).cumcount()
    return side


def match_records(before: pd.DataFrame, after: pd.DataFrame, *, renames: dict[str, str] | None = None) -> pd.DataFrame:
    """Match the records of two datasets one to one; say what became of each.

    Records are matched by :func:`match_key` of their name, after the declared renames;
    records sharing a key in one dataset are matched in row order with the other's (the
    first with the first, ...), so none is dropped.

    Returns
    -------
    pandas.DataFrame
        One row per record of ``before`` and per unmatched record of ``after``: ``change``
        (``added``, ``gone``, ``renamed``, ``moved`` or ``same``: a matched record whose
        province changed is ``moved``, renamed or not), ``before`` and ``after`` (names),
        ``place_before``, ``place_after`` (province, or "Unplaced") and ``row_before``,
        ``row_after`` (0-based rows, -1 for none). Added records come first in ``after``'s
        row order, then the others in ``before``'s. Every record of both is counted once.
    """
    old, new = _compare_side(before, renames), _compare_side(after, None)
    both = old.merge(
        new.drop(columns="key"),
        how="outer",
        left_on=["key", "occurrence"],
        right_on=["own", "occurrence"],
        suffixes=("_b", "_a"),
        indicator=True,
        sort=False,
    )
    matched = both["_merge"].eq("both").to_numpy()
    change = np.select(
        [
            both["_merge"].eq("right_only").to_numpy(),
            both["_merge"].eq("left_only").to_numpy(),
            matched & both["code_b"].ne(both["code_a"]).to_numpy(),
            matched & both["own_b"].ne(both["key"]).to_numpy(),
        ],
        ["added", "gone", "moved", "renamed"],
        "same",
    )
    out = pd.DataFrame(
        {
            "change": change,
            "before": both["name_b"].fillna("").to_numpy(dtype=object),
            "after": both["name_a"].fillna("").to_numpy(dtype=object),
            "place_before": both["place_b"].fillna("").to_numpy(dtype=object),
            "place_after": both["place_a"].fillna("").to_numpy(dtype=object),
            "row_before": both["row_b"].fillna(-1).astype(int).to_numpy(),
            "row_after": both["row_a"].fillna(-1).astype(int).to_numpy(),
        }
    )
    added = out["change"].eq("added")
    order = np.lexsort((np.where(added, out["row_after"], out["row_before"]), ~added.to_numpy()))
    return out.iloc[order].reset_index(drop=True)


def compare_records(
    before: pd.DataFrame, after: pd.DataFrame, *, renames: dict[str, str] | None = None, zones: Zones | None = None
) -> dict[str, Any]:
    """Compare two geocoded datasets: added, gone, renamed, moved records and zone shares.

    Records are matched one to one by :func:`match_key` of their name, after the declared
    renames (:func:`match_records`): each record of ``before`` is gone, renamed, moved or
    unchanged, each of ``after`` added, renamed, moved or unchanged, exactly once.

    Returns
    -------
    dict
        ``added``, ``gone`` (names), ``renamed`` (pairs), ``moved`` (name, from, to), ``same``
        (names), each in row order, ``records`` (:func:`match_records`' frame) and ``zones``
        (a frame of counts and shares before and after).
    """
    records = match_records(before, after, renames=renames)
    kind = {k: records[records["change"].eq(k)] for k in ("added", "gone", "renamed", "moved", "same")}
    z = zones or load_zones()
    a = shares(before, by="zone", zones=z).table.set_index("group")
    b = shares(after, by="zone", zones=z).table.set_index("group")
    groups = list(dict.fromkeys([*b.index, *a.index]))
    table = pd.DataFrame(
        {
            "group": groups,
            "count_before": [int(a["count"].get(g, 0)) for g in groups],
            "share_before": [float(a["share"].get(g, 0.0)) for g in groups],
            "count_after": [int(b["count"].get(g, 0)) for g in groups],
            "share_after": [float(b["share"].get(g, 0.0)) for g in groups],
        }
    )
    table["change_points"] = 100 * (table["share_after"] - table["share_before"])
    return {
        "added": kind["added"]["after"].tolist(),
        "gone": kind["gone"]["before"].tolist(),
        "renamed": list(zip(kind["renamed"]["before"], kind["renamed"]["after"], strict=True)),
        "moved": list(
            zip(kind["moved"]["after"], kind["moved"]["place_before"], kind["moved"]["place_after"], strict=True)
        ),
        "same": kind["same"]["after"].tolist(),
        "records": records,
        "zones": table,
    }


@dataclass(frozen=True)
class _Context:
    """What every section builder reads: the records, the texts, the language, the zones."""

    geocoded: pd.DataFrame
    t: dict[str, str]
    lang: str
    zones: Zones

    @property
    def headers(self) -> dict[str, str]:
        return dict(self.geocoded.attrs.get("headers", {}))

    def tr(self, value: object) -> str:
        """Translate a status or precision word in French reports."""
        return _status_words(self.lang).get(str(value), str(value))


def _summary_section(
    c: _Context, *, figure: bool, data_label: str, map_title: str | None, periods: Any, unit: str
) -> Section:
    geocoded, t, lang, z, tr = c.geocoded, c.t, c.lang, c.zones, c.tr
    n = len(geocoded)
    placed = int(geocoded["region_code"].notna().sum())
    summary = Section("summary", t["summary"])
    summary.paragraphs.append(
        t["records"].format(n=number(n, lang), placed=number(placed, lang), unplaced=number(n - placed, lang))
    )
    summary.items += _unplaced_items(c, summary)
    status = geocoded.groupby(["geocode_status", "geocode_precision"], sort=True).size().reset_index(name="count")
    summary.tables.append(
        Table(
            "geocode_status",
            t["status_table"],
            pd.DataFrame(
                {
                    t["status"]: [tr(v) for v in status["geocode_status"]],
                    t["precision"]: [tr(v) for v in status["geocode_precision"]],
                    t["count"]: [number(v, lang) for v in status["count"]],
                }
            ),
            status,
            (t["count"],),
        )
    )
    if figure:
        png, alt = _figure(geocoded, z, lang, data_label, map_title, periods, unit)
        summary.figure_png, summary.figure_alt = png, alt
    return summary


def _unplaced_items(c: _Context, summary: Section) -> list[str]:
    """Name each record not placed; above :data:`RECORDS_LISTED_MAX` of them, the most frequent places not found.

    The summarised list says how many records and spellings it leaves out and where they
    are (a paragraph of ``summary``); the status table counts every record.
    """
    from .mapspec import unplaced_list

    t, lang = c.t, c.lang
    bad = c.geocoded[c.geocoded["region_code"].isna()]
    if len(bad) <= RECORDS_LISTED_MAX:
        return unplaced_list(c.geocoded, lang)
    status = bad["geocode_status"] if "geocode_status" in bad else pd.Series("", index=bad.index)
    top, rest, others = _top(pd.DataFrame({"city": _text(bad, "city"), "status": status.astype(str)}), TOP_LISTED)
    summary.paragraphs.append(
        t["unplaced_summary"].format(
            n=number(len(bad), lang),
            k=number(len(top) + others, lang),
            top=len(top),
            rest=number(rest, lang),
            others=number(others, lang),
        )
    )
    return [
        t["unplaced_group"].format(city=city or t["no_place"], status=c.tr(status), n=number(n, lang))
        for city, status, n in top.itertuples(index=False)
    ]


def _share_sections(c: _Context, *, group_by: list[str] | None, periods: Any) -> list[Section]:
    geocoded, t, lang, z, headers = c.geocoded, c.t, c.lang, c.zones, c.headers
    sections: list[Section] = []
    share_section = Section("zones", t["by_zone"])
    sections.append(share_section)
    share_section.tables.append(
        _share_table(
            shares(geocoded, by="zone", zones=z, per_capita=True), "by_zone", t["by_zone"], t, lang=lang, zones=z
        )
    )
    region_section = Section("regions", t["by_region"])
    region_section.tables.append(
        _share_table(shares(geocoded, by="region", per_capita=True), "by_region", t["by_region"], t, lang=lang)
    )
    sections.append(region_section)
    other = Section("columns", t["columns"])
    headers = geocoded.attrs.get("headers", {})
    for col in ("sector_group", *category_columns(geocoded, group_by)):
        if has_values(geocoded, col):
            label = str(headers.get(col, col))
            key = f"by_{col}" if f"by_{col}" in t else "by_column"
            caption = t[key].format(col=label)
            other.tables.append(_share_table(shares(geocoded, by=col), f"by_{col}", caption, t, lang=lang))
    fitted = fit_periods(geocoded, breaks=periods)
    if fitted.bounds:
        other.paragraphs.append(
            t["periods_note"].format(periods=", ".join(fitted.names), undated=number(fitted.undated, lang))
        )
        other.tables.append(_share_table(_period_shares(geocoded, fitted), "by_period", t["by_period"], t, lang=lang))
    for col in ("governance", "financing", "labeling"):
        if has_values(geocoded, col):
            other.tables.append(_share_table(shares(geocoded, by=col), f"by_{col}", t[f"by_{col}"], t, lang=lang))
    if other.tables:
        sections.append(other)

    return sections


def _profiles_section(c: _Context, lever_cols: list[str]) -> Section:
    geocoded, t, headers = c.geocoded, c.t, c.headers
    intro = t["profile_intro"] if lever_cols else t["profile_intro_plain"]
    profiles = Section("profiles", t["profiles"], paragraphs=[intro])
    placed = geocoded[geocoded["region_code"].notna()]
    if placed.groupby("region_code").size().gt(RECORDS_LISTED_MAX).any():
        profiles.paragraphs.append(t["profile_summarised"].format(max=RECORDS_LISTED_MAX, k=TOP_LISTED))
    for code, part in placed.groupby("region_code", sort=True):
        region = str(part["region"].iloc[0])
        if len(part) > RECORDS_LISTED_MAX:
            profiles.tables += _profile_summary(c, str(code), region, part, lever_cols)
            continue
        raw = pd.DataFrame(
            {
                "name": part.get("name", pd.Series("", index=part.index)).astype("string").fillna(""),
                "sector": part.get("sector", pd.Series("", index=part.index)).astype("string").fillna(""),
                "year": part.get("year", pd.Series(pd.NA, index=part.index)),
                "city": part.get("city", pd.Series("", index=part.index)).astype("string").fillna(""),
                "province": part["province"].astype("string").fillna(""),
                "levers": _lever_lists(part),
            }
        )
        display = pd.DataFrame(
            {
                t["name"]: raw["name"],
                t["sector"]: raw["sector"],
                t["year"]: [("" if pd.isna(y) else str(int(y))) for y in raw["year"]],
                t["city"]: raw["city"],
                t["province"]: raw["province"],
                t["levers_col"]: raw["levers"],
            }
        )
        own = {
            t[k]: str(headers[k])[:1].upper() + str(headers[k])[1:]
            for k in ("name", "sector", "year", "city", "province")
            if headers.get(k) and headers[k] != k
        }
        display = display.rename(columns=own)  # the file's own column names, as written
        if not lever_cols:
            raw = raw.drop(columns="levers")
            display = display.drop(columns=t["levers_col"])
        profiles.tables.append(
            Table(
                f"profile_{code}",
                t["profile_caption"].format(region=region, code=code, n=number(len(part), c.lang)),
                display,
                raw,
            )
        )
    return profiles


def _own_header(c: _Context, key: str) -> str:
    """Return the report's word for one of our columns, or the file's own name for it."""
    header = c.headers.get(key)
    if header and header != key:
        return str(header)[:1].upper() + str(header)[1:]
    return c.t.get(key) or texts("fields", c.lang).get(key, key)


def _profile_summary(c: _Context, code: str, region: str, part: pd.DataFrame, lever_cols: list[str]) -> list[Table]:
    """Summarise a region of many records: its most frequent places and categories, with counts and shares.

    The other places (categories) are counted in a last row, so the counts add up to the
    region's records.
    """
    t, lang, n = c.t, c.lang, len(part)
    places, rest, others = _top_places(part, TOP_LISTED)
    caption = t["profile_places"].format(
        region=region, code=code, n=number(n, lang), k=len(places), p=number(len(places) + others, lang)
    )
    if lever_cols:
        from .aggregate import lever_counts

        counted = lever_counts(part, lever_cols)
        per = ", ".join(f"{LEVER_SHORT[col]} {row.yes}/{row.known}" for col, row in counted.iterrows())
        caption = f"{caption} {t['profile_levers'].format(levers=per)}"
    raw = places.assign(places=1)
    if rest:
        raw = pd.concat([raw, pd.DataFrame({"city": [""], "province": [""], "count": [rest], "places": [others]})])
    raw = raw.reset_index(drop=True).assign(share=lambda f: f["count"] / n)
    spelled = [
        t["place_spellings"].format(city=city, n=number(k, lang)) if k > 1 else city
        for city, k in zip(raw["city"], raw["spellings"].fillna(1), strict=True)
    ]
    other = t["other_places"].format(n=number(others, lang))
    display = pd.DataFrame(
        {
            _own_header(c, "city"): pd.Series(spelled, index=raw.index).where(raw["places"].eq(1), other),
            _own_header(c, "province"): raw["province"],
            t["count"]: [number(v, lang) for v in raw["count"]],
            t["share"]: [percent(v, lang) for v in raw["share"]],
        }
    )
    tables = [Table(f"profile_{code}_places", caption, display, raw, (t["count"], t["share"]))]
    category = next((col for col in ("sector_group", "sector") if has_values(c.geocoded, col)), None)
    if category is not None:
        tables.append(_profile_categories(c, code, region, part, category))
    return tables


def _profile_categories(c: _Context, code: str, region: str, part: pd.DataFrame, col: str) -> Table:
    """Count a region's records by category (the most frequent :data:`TOP_LISTED`, then the rest)."""
    t, lang, n = c.t, c.lang, len(part)
    top, rest, others = _top(pd.DataFrame({"value": _text(part, col)}), TOP_LISTED)
    raw = top.assign(values=1)
    if rest:
        raw = pd.concat([raw, pd.DataFrame({"value": [""], "count": [rest], "values": [others]})])
    raw = raw.reset_index(drop=True).assign(share=lambda f: f["count"] / n)
    label = _own_header(c, col)
    shown = raw["value"].where(raw["value"].ne(""), t["Unknown"])
    display = pd.DataFrame(
        {
            label: shown.where(raw["values"].eq(1), t["other_values"].format(n=number(others, lang))),
            t["count"]: [number(v, lang) for v in raw["count"]],
            t["share"]: [percent(v, lang) for v in raw["share"]],
        }
    )
    caption = t["profile_categories"].format(region=region, code=code, col=label, n=number(n, lang))
    return Table(f"profile_{code}_{col}", caption, display, raw, (t["count"], t["share"]))


def _levers_section(ctx: _Context, cols: list[str]) -> Section | None:
    if not cols:
        return None
    geocoded, t, lang = ctx.geocoded, ctx.t, ctx.lang
    from .aggregate import lever_counts

    counted = lever_counts(geocoded, cols)
    yes, known = counted["yes"].tolist(), counted["known"].tolist()
    raw = pd.DataFrame(
        {
            "lever": cols,
            "label": [LEVERS[c] for c in cols],
            "yes": yes,
            "known": known,
            "share_of_known": [y / k if k else np.nan for y, k in zip(yes, known, strict=True)],
        }
    )
    display = pd.DataFrame(
        {
            t["lever"]: raw["label"],
            t["yes"]: raw["yes"].astype(str),
            t["known"]: raw["known"].astype(str),
            t["share_known"]: [percent(v, lang) for v in raw["share_of_known"]],
        }
    )
    table = Table("levers", t["levers"], display, raw, (t["yes"], t["known"], t["share_known"]))
    return Section("levers", t["levers"], tables=[table])


def _claims_section(ctx: _Context, claims: str | Path | list[dict[str, Any]] | None) -> Section | None:
    if not claims:
        return None
    t, tr = ctx.t, ctx.tr
    results: list[ClaimResult] = evaluate_claims(ctx.geocoded, claims=claims, zones=ctx.zones)
    counts = {s: sum(r.status == s for r in results) for s in ("match", "mismatch", "not computable")}
    raw = claims_frame(results)
    display = pd.DataFrame(
        {
            t["claim"]: raw["text"],
            t["where"]: raw["location"],
            t["published"]: raw["published"],
            t["recomputed"]: raw["recomputed"],
            t["status"]: [tr(v) for v in raw["status"]],
            t["why"]: raw["explanation"],
        }
    )
    intro = t["claims_intro"].format(match=counts["match"], mismatch=counts["mismatch"], nc=counts["not computable"])
    return Section("claims", t["claims"], paragraphs=[intro], tables=[Table("claims", t["claims"], display, raw)])


@dataclass(frozen=True)
class ReportOptions:
    """How a report is written: everything but the data, zones, claims and comparison.

    Parameters
    ----------
    lang : {"en", "fr"}
        Language of headings and fixed text.
    figure : bool, default True
        Embed the combined map.
    title : str, optional
        Defaults to what is true of the data ("… 26 records in Morocco, from {data_label}").
    periods : list of int, optional
        First year of each creation period; by default fitted to the years present
        (:func:`clusteratlas.aggregate.periods`, as in the timeline figure).
    group_by : list of str, optional
        Columns to tabulate (the file's names or ours); by default every text column with 2–30
        distinct values.
    unit : {"records", "clusters"}
        What the map's legends count (the study's report says "clusters").
    data_label : str, optional
        How the report names the data; defaults to the input file's name, else "records".
    data_file : Path, optional
        The input file, whose SHA-256 the provenance section gives (set by :func:`report`).
    compare_label : str, optional
        How the report names the compared dataset; defaults to its file's name.
    """

    lang: str = "en"
    figure: bool = True
    title: str | None = None
    periods: Sequence[int] | None = None
    group_by: Sequence[str] | None = None
    unit: str = "records"
    data_label: str | None = None
    data_file: Path | None = None
    compare_label: str | None = None


class ReportKwargs(TypedDict, total=False):
    """The fields of :class:`ReportOptions`, as keywords (``build_report(geo, lang="fr")``)."""

    lang: str
    figure: bool
    title: str | None
    periods: Sequence[int] | None
    group_by: Sequence[str] | None
    unit: str
    data_label: str | None
    data_file: Path | None
    compare_label: str | None


def build_report(
    geocoded: pd.DataFrame,
    *,
    zones: Zones | str | Path | None = None,
    claims: str | Path | list[dict[str, Any]] | None = None,
    compare: pd.DataFrame | None = None,
    renames: dict[str, str] | None = None,
    options: ReportOptions | None = None,
    **changes: Unpack[ReportKwargs],
) -> Report:
    """Build the regional share report of geocoded records (:func:`report` reads files first).

    Parameters
    ----------
    geocoded : pandas.DataFrame
        From :func:`clusteratlas.geocode`.
    zones : Zones or path, optional
        Zones; defaults to the study's.
    claims : path or list of dict, optional
        Claims to check (a claims file, or claims already loaded). Without them the report
        has no claims section: a study's claims are only judged when asked for.
    compare : pandas.DataFrame, optional
        Another geocoded dataset (the earlier one) to compare with.
    renames : dict, optional
        Declared renames for the comparison (:func:`load_renames`).
    options : ReportOptions, optional
        Language, figure, title, periods, columns, labels.
    **changes
        Fields of :class:`ReportOptions` that replace those of ``options``
        (``build_report(geo, lang="fr", figure=False)``).

    Returns
    -------
    Report

    Raises
    ------
    InputError
        If ``lang`` is not a language of the report, or ``group_by`` names no column.
    """
    o = replace(options or ReportOptions(), **changes)
    if o.lang not in LANGUAGES:
        msg = f"`lang`: unknown language {o.lang!r}; use one of {', '.join(LANGUAGES)}."
        raise InputError(msg)
    t = texts("report", o.lang)
    z = zones if isinstance(zones, Zones) else load_zones(zones)
    c = _Context(geocoded, t, o.lang, z)
    data_label = o.data_label or "records"
    title = o.title if o.title is not None else t["title_data"].format(n=number(len(geocoded), o.lang), data=data_label)
    periods = list(o.periods) if o.periods is not None else None
    group_by = list(o.group_by) if o.group_by is not None else None
    lever_cols = [col for col in LEVERS if has_values(geocoded, col)]
    sections = [
        # the map keeps its own default title ("26 records in Morocco, from …")
        _summary_section(c, figure=o.figure, data_label=data_label, map_title=o.title, periods=periods, unit=o.unit),
        *_share_sections(c, group_by=group_by, periods=periods),
        _profiles_section(c, lever_cols),
    ]
    optional = [_levers_section(c, lever_cols), _claims_section(c, claims)]
    if compare is not None:
        optional.append(_compare_section(c, compare, renames, o.compare_label or "", data_label))
    sections += [s for s in optional if s is not None]
    sections.append(_provenance(geocoded, t, o.data_file, data_label, o.lang))
    sections.append(_method(z, t, o.lang))
    return Report(title=title, lang=o.lang, sections=sections)


def report(
    data: str | Path | pd.DataFrame,
    *,
    zones: Zones | str | Path | None = None,
    claims: str | Path | list[dict[str, Any]] | None = None,
    compare: str | Path | pd.DataFrame | None = None,
    renames: str | Path | dict[str, str] | None = None,
    read: ReadOptions | None = None,
    options: ReportOptions | None = None,
    **changes: Unpack[ReportKwargs],
) -> Report:
    """Read, geocode and report on records: what ``clusteratlas report`` does, as a function.

    Parameters
    ----------
    data : str, Path or pandas.DataFrame
        A records file (any format :func:`clusteratlas.read_records` reads) or records,
        geocoded or not (ungeocoded records are geocoded).
    zones : Zones or path, optional
        Zones; defaults to the study's.
    claims : path or list of dict, optional
        Claims to check; without them the report has no claims section.
    compare : str, Path or pandas.DataFrame, optional
        An earlier dataset (read and geocoded like ``data``, without its sheet or layer):
        the report lists what was added, gone, renamed or moved.
    renames : path or dict, optional
        Renames for ``compare`` (CSV ``old,new``, or :func:`load_renames`'s mapping);
        defaults to the shipped ``data/renames.csv``.
    read : ReadOptions, optional
        Sheet, layer, aliases and strictness for reading and geocoding.
    options : ReportOptions, optional
        Language, figure, title, periods, columns, labels.
    **changes
        Fields of :class:`ReportOptions` that replace those of ``options``.

    Returns
    -------
    Report
        Write it with :func:`write_report`.

    Raises
    ------
    InputError
        If a file can't be read, or an option is wrong; the message names the parameter.
    """
    from .claims import load_claims
    from .options import read_geocoded

    read = read or ReadOptions()
    o = replace(options or ReportOptions(), **changes)
    z = zones if isinstance(zones, Zones) else load_zones(zones)
    claim_list = load_claims(claims) if claims is not None and not isinstance(claims, list) else claims
    if not isinstance(data, pd.DataFrame):
        o = replace(o, data_label=o.data_label or Path(data).name, data_file=o.data_file or Path(data))
    before, rename_map = None, None
    if compare is not None:
        rename_map = renames if isinstance(renames, dict) else load_renames(renames)
        if not isinstance(compare, pd.DataFrame):
            o = replace(o, compare_label=o.compare_label or Path(compare).name)
        before = read_geocoded(compare, ReadOptions(aliases=read.aliases, strict=read.strict))
    geocoded = read_geocoded(data, read)
    return build_report(geocoded, zones=z, claims=claim_list, compare=before, renames=rename_map, options=o)


def _compare_section(
    c: _Context,
    before: pd.DataFrame,
    renames: dict[str, str] | None,
    before_label: str,
    after_label: str,
) -> Section:
    t, lang = c.t, c.lang
    diff = compare_records(before, c.geocoded, renames=renames, zones=c.zones)
    labels = t["compare_labels"].format(
        before_word=t["before"], before=before_label, after_word=t["after"], after=after_label
    )
    sec = Section("compare", t["compare"], paragraphs=[labels])
    records: pd.DataFrame = diff["records"]
    summarised = _compare_summarised(records)
    shown = records.groupby("change", sort=False).head(TOP_LISTED) if summarised else records
    if summarised:
        unlisted = len(records) - len(shown)
        sec.paragraphs.append(
            t["compare_summarised"].format(
                max=RECORDS_LISTED_MAX,
                k=TOP_LISTED,
                rest=number(unlisted, lang),
                before=before_label,
                after=after_label,
            )
        )
    sec.items += _compare_items(c, records, shown)
    raw = diff["zones"]
    names = _group_names(t, c.zones, lang)

    def col(when: str, what: str) -> str:
        return t["compare_column"].format(when=t[when], what=t[what])

    display = pd.DataFrame(
        {
            t["group"]: [names.get(g, g) for g in raw["group"]],
            col("before", "count"): [number(v, lang) for v in raw["count_before"]],
            col("before", "share"): [percent(v, lang) for v in raw["share_before"]],
            col("after", "count"): [number(v, lang) for v in raw["count_after"]],
            col("after", "share"): [percent(v, lang) for v in raw["share_after"]],
            t["change"]: [points(v, lang) for v in raw["change_points"]],
        }
    )
    sec.tables.append(Table("compare_zones", t["compare_zones"], display, raw, tuple(display.columns[1:])))
    changes = _compare_changes(shown)
    words = changes.assign(change=[t[f"change_{k}"] for k in changes["change"]])
    sec.tables.append(
        Table(
            "compare_records",
            t["compare_records"],
            words.rename(columns={"change": t["status"], "before": t["before"], "after": t["after"]}),
            changes,
        )
    )
    return sec


#: The kinds of change of a comparison, in the order the report gives them.
CHANGES = ("added", "gone", "renamed", "moved", "same")


def _compare_summarised(records: pd.DataFrame) -> bool:
    """Whether a comparison's lists are summarised: one of them, or the table of changes, is too long."""
    counts = records["change"].value_counts()
    return bool(counts.max() > RECORDS_LISTED_MAX or counts.drop("same", errors="ignore").sum() > RECORDS_LISTED_MAX)


def _compare_items(c: _Context, records: pd.DataFrame, shown: pd.DataFrame) -> list[str]:
    """One item per kind of change: its count and the names of the records ``shown`` (with how many more)."""
    t, lang = c.t, c.lang
    texts_of = {
        "added": shown["after"],
        "gone": shown["before"],
        "renamed": shown["before"] + " → " + shown["after"],
        "moved": shown["after"] + " (" + shown["place_before"] + " → " + shown["place_after"] + ")",
        "same": shown["after"],
    }
    counts = records["change"].value_counts()
    items = []
    for key in CHANGES:
        names = texts_of[key][shown["change"].eq(key)].tolist()
        n = int(counts.get(key, 0))
        listed = ", ".join(names) or t["none"]
        if n > len(names):
            listed = t["compare_more"].format(names=listed, n=number(n - len(names), lang))
        items.append(t["compare_item"].format(what=t[key], n=number(n, lang), names=listed))
    return items


def _compare_changes(shown: pd.DataFrame) -> pd.DataFrame:
    """Return the table of changes: added, gone, renamed then moved records, each with its names before and after."""
    parts = []
    for key in CHANGES[:-1]:
        part = shown[shown["change"].eq(key)]
        before, after = part["before"], part["after"]
        if key == "moved":
            before = before + " (" + part["place_before"] + ")"
            after = after + " (" + part["place_after"] + ")"
        parts.append(pd.DataFrame({"change": key, "before": before, "after": after}))
    return pd.concat(parts, ignore_index=True).astype(object)


def _provenance(
    geo: pd.DataFrame, t: dict[str, str], data_file: Path | None, data_label: str, lang: str = "en"
) -> Section:
    sec = Section("provenance", t["provenance"])
    if data_file is not None and data_file.is_file():
        sec.paragraphs.append(t["generated"].format(version=__version__, file=data_label, sha=_sha256(data_file)))
    cols = {
        "name": t["name"],
        "city": t["city"],
        "geocode_precision": t["precision"],
        "location_confidence": t["confidence"],
        "location_source": t["source"],
    }
    if len(geo) > RECORDS_LISTED_MAX:
        sec.tables.append(_provenance_counts(geo, t, lang))
    else:
        raw = pd.DataFrame({k: geo[k].astype("string").fillna("") if k in geo else "" for k in cols})
        shown = raw.copy()
        words = _status_words(lang)
        shown["geocode_precision"] = [words.get(v, v) for v in shown["geocode_precision"]]
        sec.tables.append(Table("provenance_records", t["prov_records"], shown.rename(columns=cols), raw))
    from .geography import pack

    geo = pack()
    manifest = geo.manifest_data()
    rows = [
        {
            "file": line.file,
            "source": line.source[lang],
            "version": manifest[line.version_of]["version"],
            "licence": line.licence[lang],
            "sha256": _sha256(line.sha256_of),
        }
        for line in geo.provenance
    ]
    raw_sources = pd.DataFrame(rows)
    sec.tables.append(
        Table(
            "provenance_data",
            t["prov_data"],
            raw_sources.rename(
                columns={
                    "file": t["file"],
                    "source": t["source"],
                    "version": t["version"],
                    "licence": t["licence"],
                    "sha256": t["sha256"],
                }
            ),
            raw_sources,
        )
    )
    return sec


def _provenance_counts(geo: pd.DataFrame, t: dict[str, str], lang: str) -> Table:
    """Count the records by precision, confidence and source (every combination, most frequent first)."""
    cols = {
        "geocode_precision": t["precision"],
        "location_confidence": t["confidence"],
        "location_source": t["source"],
    }
    raw, rest, others = _top(pd.DataFrame({k: _text(geo, k) for k in cols}), RECORDS_LISTED_MAX)
    if rest:  # free-text sources: the rarest combinations in one row
        raw = pd.concat([raw, pd.DataFrame({k: [""] for k in cols} | {"count": [rest]})], ignore_index=True)
    raw = raw.assign(share=raw["count"] / len(geo))
    words = _status_words(lang)
    display = pd.DataFrame({label: raw[k] for k, label in cols.items()})
    display[t["precision"]] = [words.get(v, v) for v in raw["geocode_precision"]]
    if rest:
        display.iloc[-1, 0] = t["other_values"].format(n=number(others, lang))
    display[t["count"]] = [number(v, lang) for v in raw["count"]]
    display[t["share"]] = [percent(v, lang) for v in raw["share"]]
    caption = t["prov_counted"].format(n=number(len(geo), lang))
    return Table("provenance_counts", caption, display, raw, (t["count"], t["share"]))


def _method(zones: Zones, t: dict[str, str], lang: str) -> Section:
    names = _group_names(t, zones, lang)
    zone_text = t["method_zone_separator"].join(
        t["method_zone"].format(name=names.get(name, name), codes=", ".join(zones.regions_of(name)))
        for name in zones.names
    )
    items = [t["method_zones"].format(zones=zone_text)]
    items += [t[f"method_{key}"] for key in ("denominators", "per_million", "rounding", "placement")]
    return Section("method", t["method"], items=items)


# ---------------------------------------------------------------- rendering

_URL = re.compile(r"^https?://[^\s|<>\"']+$")


def _links(text: str) -> list[str]:
    """Return the URLs of a cell made only of http(s) URLs separated by " | " (none otherwise)."""
    parts = [p.strip() for p in text.split(" | ")]
    return parts if parts and all(_URL.match(p) for p in parts) else []


def _cell_text(v: object) -> str:
    return "" if v is None or (isinstance(v, float) and np.isnan(v)) else str(v)


def _table_rows(table: Table) -> list[list[dict[str, Any]]]:
    """Each row of a table as cells for the template: text, class, links (the first cell heads the row)."""
    cols = list(table.display.columns)
    rows = []
    for values in table.display.itertuples(index=False):
        cells = []
        for j, (c, v) in enumerate(zip(cols, values, strict=True)):
            text = _cell_text(v)
            cls = "num" if c in table.numeric else ""
            if table.name == "claims" and j == 4:
                cls = "status-" + text.replace(" ", "-")
            links = _links(text) if j and text.lstrip().startswith("http") else []  # the regex only where it can match
            cells.append({"text": text, "cls": cls, "links": links})
        rows.append(cells)
    return rows


def _escape(value: object) -> Markup:
    """Escape a value for the report page as :func:`html.escape` does (quotes included)."""
    return value if isinstance(value, Markup) else Markup(html.escape(str(value)))


@functools.cache
def _template() -> Any:
    """Return the report page template (``_web/report.html.j2``): Jinja2, every value escaped."""
    import jinja2

    env = jinja2.Environment(
        autoescape=True,
        finalize=_escape,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    return env.from_string(_web_file("report.html.j2"))


def _web_file(name: str) -> str:
    from importlib import resources

    return (resources.files("clusteratlas") / "_web" / name).read_text(encoding="utf-8")


def render_html(report: Report) -> str:
    """Render a report as one self-contained HTML page (figure embedded, print CSS)."""
    sections = [
        {
            "key": s.key,
            "title": s.title,
            "paragraphs": s.paragraphs,
            "bullets": s.items,
            "figure": base64.b64encode(s.figure_png).decode("ascii") if s.figure_png else "",
            "figure_alt": s.figure_alt,
            "tables": [
                {"name": t.name, "caption": t.caption, "columns": list(t.display.columns), "numeric": t.numeric}
                | {"rows": _table_rows(t)}
                for t in s.tables
            ],
        }
        for s in report.sections
    ]
    page = _template().render(
        lang=report.lang,
        title=report.title,
        css=Markup(_web_file("report.css")),
        sections=sections,
        version=__version__,
    )
    return str(page)


def render_markdown(report: Report, *, figure_path: str | None = None) -> str:
    """Render a report as GitHub-flavoured Markdown (tables as pipe tables).

    Like :func:`render_html`, which escapes every string, every title, paragraph, item,
    caption and alt text is shown as text (:func:`clusteratlas.export.markdown_text`): the
    report's strings mix fixed texts with names from the data, and a name must never become
    a link, an image, HTML, a heading or a new list item.
    """
    from urllib.parse import quote

    lines = [f"# {markdown_text(report.title)}", ""]
    for s in report.sections:
        lines += [f"## {markdown_text(s.title)}", ""]
        for p in s.paragraphs:
            lines += [markdown_text(p), ""]
        if s.items:
            lines += [f"- {markdown_text(i)}" for i in s.items] + [""]
        if s.figure_png and figure_path:
            lines += [f"![{markdown_text(s.figure_alt)}]({quote(figure_path)})", ""]
        for t in s.tables:
            caption = markdown_text(t.caption).strip()  # bold needs no blank inside its ends
            lines += [f"**{caption}**", ""] if caption else []
            lines += [markdown_table(t.display, numeric=t.numeric), ""]
    return "\n".join(lines)


def report_outputs(report: Report | None, path: str | Path, *, tables_dir: str | Path | None = None) -> list[Path]:
    """Every file :func:`write_report` may write (``report=None``: those known before building it).

    Raises
    ------
    InputError
        If ``path``'s extension is not one of :data:`clusteratlas.registry.REPORT_FORMATS`.
    """
    from .registry import REPORT_FORMATS, TABLE_FORMATS, output_format

    path = Path(path)
    output_format(REPORT_FORMATS, path)
    paths = [path, path.with_name(f"{path.stem}_map.png")]
    if report is not None and tables_dir is not None:
        paths += [Path(tables_dir) / f"{t.name}{ext}" for t in report.tables() for ext in TABLE_FORMATS]
    return paths


def write_report(
    report: Report, path: str | Path, *, tables_dir: str | Path | None = None, inputs: Sequence[str | Path | None] = ()
) -> list[Path]:
    """Write a report to ``.html`` or ``.md`` (and every table as CSV and JSON into ``tables_dir``).

    Parameters
    ----------
    report : Report
        From :func:`report` or :func:`build_report`.
    path : str or Path
        ``.html``/``.htm`` or ``.md`` (:data:`clusteratlas.registry.REPORT_FORMATS`).
    tables_dir : str or Path, optional
        Folder for the tables.
    inputs : sequence of path, optional
        Files that must not be overwritten (the report's inputs); ``None`` items are skipped.

    Returns
    -------
    list of Path
        Every file written.

    Raises
    ------
    InputError
        If the extension is not a report format, or a file to write is one of ``inputs``.
    """
    from ._resources import check_not_input

    path = Path(path)
    check_not_input(report_outputs(report, path, tables_dir=tables_dir), list(inputs))
    written: list[Path] = []
    if path.suffix.lower() == ".md":
        figure_name = None
        for s in report.sections:
            if s.figure_png:
                figure_name = f"{path.stem}_map.png"
                with atomic_write(path.with_name(figure_name), "wb") as f:
                    f.write(s.figure_png)
                written.append(path.with_name(figure_name))
        text = render_markdown(report, figure_path=figure_name)
    else:
        text = render_html(report)
    with atomic_write(path, "w", encoding="utf-8") as f:
        f.write(text)
    written.append(path)
    if tables_dir is not None:
        written += _write_tables(report, Path(tables_dir))
    return written


def _write_tables(report: Report, folder: Path) -> list[Path]:
    written: list[Path] = []
    for t in report.tables():
        written.append(write_csv(t.raw, folder / f"{t.name}.csv"))
        records = json.loads(t.raw.to_json(orient="records", force_ascii=False))
        with atomic_write(folder / f"{t.name}.json", "w", encoding="utf-8") as f:
            json.dump({"name": t.name, "caption": t.caption, "rows": records}, f, ensure_ascii=False, indent=2)
            f.write("\n")
        written.append(folder / f"{t.name}.json")
    return written
