"""The sections of a report: what each says, built from geocoded records.

A :class:`Section` holds paragraphs, bullet items, tables and an optional figure; a
:class:`Table` keeps its raw numbers (for CSV and JSON) beside its display strings. Every
builder here reads a :class:`Context` (the records, the texts, the language, the zones)
and returns sections; :func:`clusteratlas.reporting.build_report` puts them in order.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from .. import schema
from .._resources import VERSION
from ..aggregate import (
    FEW_RECORDS,
    PROVINCE_UNKNOWN,
    UNDATED,
    UNKNOWN,
    UNPLACED,
    Periods,
    Shares,
    Zones,
    is_category,
    lever_counts,
    resolve_column,
    shares,
)
from ..aggregate import periods as fit_periods
from ..claims import ClaimResult, claims_frame, evaluate_claims
from ..errors import InputError
from ..geocode import unrecognised_address
from ..geography import pack
from ..mapspec import describe, map_spec, unplaced_list
from ..presentation import number, one, percent, texts, typeset
from ..profile import Profile, levers_of, profile_for
from ..records import address_column
from ..static import figure_bytes, render
from ._places import place_labels, top_places
from ._rows import duplicates_text, left_out_text, note_heads, row_word, rows_text, said_otherwise, unplaced_rows

__all__ = [
    "FIGURE_DPI",
    "NOT_CATEGORIES",
    "RECORDS_LISTED_MAX",
    "TOP_LISTED",
    "UNPLACED_LISTED_MAX",
    "Context",
    "Section",
    "Table",
    "category_columns",
    "claims_section",
    "group_names",
    "has_values",
    "levers_section",
    "method_section",
    "profiles_section",
    "provenance_section",
    "report_texts",
    "share_sections",
    "summary_section",
]

#: Columns the report never tabulates as categories: ours, names, places and years (and a
#: profile's own columns and levers, tabulated on their own: :func:`category_columns`).
NOT_CATEGORIES = frozenset(
    {"name", "city", "year", "lat", "lon", "region", "province", "region_code", "province_code"}
    | {"location_source", "location_confidence"}
)

#: Above this many records a list is summarised, not written out: a region's profile gives
#: its most frequent places and categories with counts and shares, the summary its most
#: frequent places not found, the provenance counts by precision, confidence and source.
#: Nothing is dropped: the rest is counted in an "other" row and every record stays in the
#: user's table and its geocoded CSV. At or below it the report lists every record.
RECORDS_LISTED_MAX = 200

#: How many places, categories or unplaced spellings a summarised list names.
TOP_LISTED = 15

#: Above this many records not placed, the summary (the report's opening) names the most
#: frequent places not found instead of every record: the provenance lists the records.
UNPLACED_LISTED_MAX = 20

#: Resolution of the report's map (PNG).
FIGURE_DPI = 130


@dataclass(frozen=True)
class Table:
    """A report table: display strings, and the raw values behind them.

    Attributes
    ----------
    name : str
        What the report calls the table (``by_zone``, ``by_{column}``, ``profile_{code}``).
    caption : str
        Its caption, in the report's language.
    display, raw : pandas.DataFrame
        The strings shown, and the values written to CSV and JSON.
    numeric : tuple of str
        The display columns aligned as numbers.
    file : tuple of str
        The parts of its files' names, when any comes from the data: our words (``by_column``,
        ``profile``) and the data's (a column, a region code), which
        :func:`clusteratlas.reporting.table_files` turns into slugs. Empty: the name, which is ours.
    """

    name: str
    caption: str
    display: pd.DataFrame
    raw: pd.DataFrame
    numeric: tuple[str, ...] = ()
    file: tuple[str, ...] = ()


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


def report_texts(lang: str, profile: Profile | None) -> dict[str, str]:
    """Return the ``report`` catalogue section in ``lang``, with ``profile``'s wording over it."""
    t = texts("report", lang)
    return {**t, **profile.texts("report", lang)} if profile is not None else t


def _status_words(lang: str) -> dict[str, str]:
    """Return the geocoder's and the claims' status words in ``lang`` (the ``status`` catalogue section)."""
    return texts("status", lang)


@dataclass(frozen=True)
class Context:
    """What every section builder reads: the records, the texts, the language, the zones, the profile.

    ``t`` holds the report's texts with the profile's wording over them (:func:`report_texts`).
    """

    geocoded: pd.DataFrame
    t: dict[str, str]
    lang: str
    zones: Zones
    profile: Profile | None = None

    @property
    def lever_short(self) -> dict[str, str]:
        """Lever column -> short label in the report's language (the profile's levers, else the default's)."""
        return {lever.column: lever.short[self.lang] for lever in levers_of(self.profile)}

    @property
    def lever_labels(self) -> dict[str, str]:
        """Lever column -> long label in the report's language."""
        return {lever.column: lever.label[self.lang] for lever in levers_of(self.profile)}

    @property
    def headers(self) -> dict[str, str]:
        """The user's header of each renamed column (:func:`clusteratlas.schema.headers`)."""
        return schema.headers(self.geocoded)

    def tr(self, value: object) -> str:
        """Translate a status or precision word in French reports."""
        return _status_words(self.lang).get(str(value), str(value))


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


def _text(frame: pd.DataFrame, col: str) -> pd.Series:
    """Return a column as stripped strings ("" for missing values or an absent column)."""
    if col not in frame:
        return pd.Series("", index=frame.index, dtype="string")
    return frame[col].astype("string").fillna("").str.strip()


def group_names(t: dict[str, str], zones: Zones | None, lang: str) -> dict[str, str]:
    """Return how the report names our groups (unplaced, unknown, other regions, undated) and, in French, the zones."""
    names = {k: t[k] for k in (UNPLACED, PROVINCE_UNKNOWN, UNKNOWN, "Other regions")} | {UNDATED: t["undated"]}
    if zones is not None and lang == "fr":
        names |= zones.names_fr
    return names


def _per_capita_columns(display: pd.DataFrame, raw: pd.DataFrame, t: dict[str, str], lang: str) -> pd.Series:
    """Add population, per-million and location-quotient columns to ``display``; return the few-records marks.

    Values computed from fewer than :data:`clusteratlas.aggregate.FEW_RECORDS` records are
    marked with an asterisk.
    """
    few = raw["few_records"].fillna(False).astype(bool) if "few_records" in raw else pd.Series(False, index=raw.index)
    few = few & raw["population_2024"].notna()
    mark = np.where(few, " *", "")
    display[t["population"]] = [number(v, lang) for v in raw["population_2024"]]
    display[t["per_million"]] = [
        f"{number(v, lang, decimals=2)}{m}" if not pd.isna(v) else ""
        for v, m in zip(raw["per_million"], mark, strict=True)
    ]
    display[t["lq"]] = [
        f"{number(v, lang, decimals=2)}{m}" if not pd.isna(v) else ""
        for v, m in zip(raw["location_quotient"], mark, strict=True)
    ]
    return few


def _share_table(
    result: Shares,
    name: str,
    caption: str,
    t: dict[str, str],
    *,
    lang: str = "en",
    zones: Zones | None = None,
    file: tuple[str, ...] = (),
    names: dict[str, str] | None = None,
) -> Table:
    """Return a table of counts and shares (with population, per million and quotient when known).

    ``names``: the display names of the groups the profile names (its sector groups in French).
    """
    raw = result.table.copy()
    rename = group_names(t, zones, lang) | (names or {})
    display = pd.DataFrame({t["group"]: raw["group"].astype(str).map(lambda g: rename.get(g, g))})
    if "code" in raw and raw["code"].astype(str).str.len().gt(0).any() and name != "by_zone":
        display[t["code"]] = raw["code"].astype(str)
    display[t["count"]] = [number(v, lang) for v in raw["count"]]
    display[t["share"]] = [percent(v, lang) for v in raw["share"]]
    numeric = [t["count"], t["share"]]
    caption = f"{caption} ({t['caption_total'].format(n=number(result.total, lang))})"
    if "population_2024" in raw:
        few = _per_capita_columns(display, raw, t, lang)
        numeric += [t["population"], t["per_million"], t["lq"]]
        if few.any():
            caption = f"{caption}. {t['few'].format(k=FEW_RECORDS)}"
    return Table(name, caption, display, raw, tuple(numeric), file)


def _period_shares(records: pd.DataFrame, fitted: Periods) -> Shares:
    """Count the records of each creation period (undated ones last, when there are any)."""
    counts = fitted.counts()
    if not counts[UNDATED]:
        counts.pop(UNDATED)
    total = len(records)
    table = pd.DataFrame({"group": list(counts), "count": list(counts.values())})
    table["count"] = table["count"].astype("int64")
    table["share"] = table["count"] / total if total else np.nan
    return Shares(by="period", total=total, table=table)


def category_columns(
    records: pd.DataFrame, group_by: list[str] | None = None, profile: Profile | None = None
) -> list[str]:
    """Columns the report tabulates: those named by ``group_by``, else every text column with 2–30 values.

    Identifiers (every value distinct), our own columns, places, years and the columns of
    the profile (``profile``, by default the one that applies to ``records``: tabulated on
    their own) are left out.

    Raises
    ------
    InputError
        If a column of ``group_by`` is not in the records.
    """
    if group_by:
        cols = [resolve_column(records, c) for c in group_by]
        missing = [c for c in cols if c not in records]
        if missing:
            available = schema.header_list(records)
            msg = f"`group_by`: no column {missing[0]!r} in the records; use one of: {available}."
            raise InputError(msg)
        return list(dict.fromkeys(cols))
    study = profile if profile is not None else profile_for(records)
    skip = (
        NOT_CATEGORIES | set(study.own_columns if study is not None else ()) | {address_column(list(records.columns))}
    )
    return [
        str(col)
        for col in records.columns
        if col not in skip and not str(col).startswith("geocode_") and is_category(records[col])
    ]


def has_values(records: pd.DataFrame, col: str) -> bool:
    """Whether a column exists and holds at least one non-empty value."""
    if col not in records:
        return False
    text = records[col].astype("string").str.strip()
    return bool((text.notna() & text.ne("")).any())


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _lever_lists(records: pd.DataFrame, short: dict[str, str]) -> list[str]:
    """Return :func:`_lever_list` of every record, by columns (no loop over the rows); ``short``: lever -> label."""
    have = pd.Series("", index=records.index, dtype=object)
    n_have = np.zeros(len(records), dtype=np.int64)
    known = np.zeros(len(records), dtype=np.int64)
    for c in (c for c in short if c in records):
        values = records[c].astype(object).to_numpy()
        yes = np.fromiter((v is True for v in values), dtype=bool, count=len(values))
        have = have + np.where(yes & (n_have > 0), ", ", "") + np.where(yes, short[c], "")
        n_have += yes
        known += ~pd.isna(values)
    counts = (
        pd.Series(n_have, index=records.index).astype(str) + "/" + pd.Series(known, index=records.index).astype(str)
    )
    out = np.where(known == 0, "?", np.where(n_have > 0, counts + ": " + have, counts))
    return [str(v) for v in out]


def _lever_list(row: pd.Series, short: dict[str, str]) -> str:
    """Say which levers one record has, of those known (``"2/5: A, B"``, ``"0/7"``; ``"?"`` when none is known)."""
    have = [short[c] for c in short if c in row and row[c] is True]
    known = sum(1 for c in short if c in row and not pd.isna(row[c]))
    if not known:
        return "?"
    return f"{len(have)}/{known}: {', '.join(have)}" if have else f"0/{known}"


def _figure(c: Context, *, data_label: str, title: str | None, breaks: Any, unit: str) -> tuple[bytes, str]:
    """Draw the combined map (:func:`clusteratlas.static.render`); return its PNG and alt text."""
    spec = map_spec(
        c.geocoded, zones=c.zones, lang=c.lang, data_label=data_label, title=title, periods=breaks, unit=unit
    )
    png = figure_bytes(render(spec, "combined").figure, "png", dpi=FIGURE_DPI)  # in memory: no file to fail
    return png, describe(spec, "combined")


def summary_section(
    c: Context, *, figure: bool, data_label: str, map_title: str | None, periods: Any, unit: str
) -> Section:
    """Return the summary: records placed and not, the geocoding statuses and the map."""
    geocoded, t, lang, tr = c.geocoded, c.t, c.lang, c.tr
    n = len(geocoded)
    placed = schema.count_placed(geocoded)
    summary = Section("summary", t["summary"])
    summary.paragraphs.append(
        t["records_one" if one(n, lang) else "records"].format(
            n=number(n, lang),
            placed=number(placed, lang),
            placed_word=t["placed_word_one" if one(placed, lang) else "placed_word"],
            unplaced=number(n - placed, lang),
            unplaced_word=t["unplaced_word_one" if one(n - placed, lang) else "unplaced_word"],
        )
    )
    summary.items += _unplaced_items(c, summary)
    left = left_out_text(t, geocoded)
    if left is not None:  # next to the records not placed: every input row is accounted for
        summary.paragraphs.append(left)
    repeated = duplicates_text(t, geocoded)
    if repeated is not None:
        summary.paragraphs.append(repeated)
    status = geocoded.groupby(["geocode_status", "geocode_precision"], sort=True).size().reset_index(name="count")
    display = pd.DataFrame(
        {
            t["status"]: [tr(v) for v in status["geocode_status"]],
            t["precision"]: [tr(v) for v in status["geocode_precision"]],
            t["count"]: [number(v, lang) for v in status["count"]],
        }
    )
    summary.tables.append(Table("geocode_status", t["status_table"], display, status, (t["count"],)))
    if figure:
        png, alt = _figure(c, data_label=data_label, title=map_title, breaks=periods, unit=unit)
        summary.figure_png, summary.figure_alt = png, alt
    return summary


def _unplaced_items(c: Context, summary: Section) -> list[str]:
    """Name each record not placed; above :data:`UNPLACED_LISTED_MAX` of them, the most frequent places not found.

    The summarised list says how many records and spellings it leaves out and where they
    are (a paragraph of ``summary``); the status table counts every record.
    """
    t, lang = c.t, c.lang
    bad = schema.unplaced(c.geocoded)
    label, rows = row_word(t, c.geocoded), unplaced_rows(c.geocoded)
    if len(bad) <= UNPLACED_LISTED_MAX:
        listed = np.array(unplaced_list(c.geocoded, lang), dtype=object)  # places that disagree: said there
        notes = _text(bad, "geocode_note")
        odd = said_otherwise(bad) & (lang != "en") & ~notes.str.contains("names places that disagree").to_numpy(bool)
        reasons = note_heads(notes[odd], lang, whole=True).tolist()  # the note says why, not "(no place given)"
        listed[odd] = [f"{i.rsplit(' (', 1)[0]} ({r})" for i, r in zip(listed[odd], reasons, strict=True)]
        return [t["unplaced_row"].format(label=label, row=r, item=i) for r, i in zip(rows, listed, strict=True)]
    status = bad["geocode_status"] if "geocode_status" in bad else pd.Series("", index=bad.index)
    said = unrecognised_address(_text(bad, "geocode_note"))
    before, after = t["address_group"].split("{address}")
    where = _text(bad, "city").where(lambda c: (c != "") | (said == ""), before + said + after)
    where = where.where(~said_otherwise(bad), "(" + note_heads(_text(bad, "geocode_note"), lang) + ")")
    groups = pd.DataFrame({"city": where, "status": status.astype(str)})
    top, rest, others = _top(groups, TOP_LISTED)
    lines = groups.assign(row=rows).groupby(["city", "status"], sort=False)["row"].agg(list)
    summary.paragraphs.append(_unplaced_summary(t, lang, len(bad), len(top), rest, others))
    return [
        t["unplaced_group"].format(
            city=city or t["no_place"],
            status=c.tr(status),
            rows=rows_text(t, label, lines[(city, status)]),
            n=number(n, lang),
        )
        for city, status, n in top.itertuples(index=False)
    ]


def _unplaced_summary(t: dict[str, str], lang: str, n: int, top: int, rest: int, others: int) -> str:
    """Say how many records are not placed, under how many spellings, which follow and where the rest are.

    Each count agrees with its noun ("1 spelling", in French "0 graphie"); the sentence on
    the rest is left out when nothing is left out.
    """
    k = top + others
    parts = [
        t["unplaced_summary_one" if one(k, lang) else "unplaced_summary"].format(n=number(n, lang), k=number(k, lang))
    ]
    if others:
        parts.append(t["unplaced_top"].format(top=top))
    else:
        parts.append(t["unplaced_top_all_one" if one(top, lang) else "unplaced_top_all"].format(top=top))
    if rest:
        key = (
            "unplaced_rest_one"
            if one(rest, lang)
            else "unplaced_rest_spelling"
            if one(others, lang)
            else "unplaced_rest"
        )
        parts += [t[key].format(rest=number(rest, lang), others=number(others, lang)), t["unplaced_tail"]]
    else:
        parts.append(t["unplaced_tail_alone"])
    return "".join(parts)


def share_sections(c: Context, *, group_by: list[str] | None, periods: Any) -> list[Section]:
    """Return the shares by zone, by region, and by each column and period (when any has values)."""
    geocoded, t, lang, z = c.geocoded, c.t, c.lang, c.zones
    by_region = shares(geocoded, by="region", per_capita=True)
    sections = [
        Section("regions", t["by_region"], tables=[_share_table(by_region, "by_region", t["by_region"], t, lang=lang)]),
    ]
    if z.names:  # the study's zones, or the user's (--zones)
        by_zone = shares(geocoded, by="zone", zones=z, per_capita=True)
        table = _share_table(by_zone, "by_zone", t["by_zone"], t, lang=lang, zones=z)
        sections.insert(0, Section("zones", t["by_zone"], tables=[table]))
    other = Section("columns", t["columns"])
    # the user's columns name their files "by_column_…": never one of ours ("by_zone", "by_period")
    study = c.profile
    first = [(study.category, ())] if study is not None else []
    columns = [*first, *((col, ("by_column", col)) for col in category_columns(geocoded, group_by, study))]
    for col, file in columns:
        if has_values(geocoded, col):
            key = f"by_{col}" if f"by_{col}" in t else "by_column"
            caption = t[key].format(col=schema.header(geocoded, col))
            named = _value_names(c, col)
            table = _share_table(shares(geocoded, by=col), f"by_{col}", caption, t, lang=lang, file=file, names=named)
            other.tables.append(table)
    fitted = fit_periods(geocoded, breaks=periods)
    if fitted.bounds:
        other.paragraphs.append(
            t[_plural("periods_note", fitted.undated, lang)].format(
                periods=", ".join(fitted.names), undated=number(fitted.undated, lang)
            )
        )
        other.tables.append(_share_table(_period_shares(geocoded, fitted), "by_period", t["by_period"], t, lang=lang))
    rest = [col for col in study.columns if col != study.category] if study is not None else []
    for col in rest:
        if has_values(geocoded, col):
            caption = t.get(f"by_{col}") or t["by_column"].format(col=_own_header(c, col))
            named = _value_names(c, col)
            other.tables.append(_share_table(shares(geocoded, by=col), f"by_{col}", caption, t, lang=lang, names=named))
    if other.tables:
        sections.append(other)
    return sections


def _value_names(c: Context, col: str) -> dict[str, str]:
    """Return the profile's display names of a column's values in the report's language, where they differ."""
    names = c.profile.value_labels(col, c.lang) if c.profile is not None else {}
    return {value: name for value, name in names.items() if name != value}


def _own_header(c: Context, key: str) -> str:
    """Return the report's word for one of our columns, or the file's own name for it."""
    header = c.headers.get(key)
    if header and header != key:
        return str(header)[:1].upper() + str(header)[1:]
    ours = c.profile.column_label(key, c.lang) if c.profile is not None else None
    return c.t.get(key) or texts("fields", c.lang).get(key) or ours or key


def profiles_section(c: Context, lever_cols: list[str]) -> Section:
    """Return a profile of each region: its records, or above :data:`RECORDS_LISTED_MAX`, its top places."""
    t = c.t
    intro = t["profile_intro"] if lever_cols else t["profile_intro_plain"]
    profiles = Section("profiles", t["profiles"], paragraphs=[intro])
    placed = schema.placed(c.geocoded)
    if placed.groupby("region_code").size().gt(RECORDS_LISTED_MAX).any():
        profiles.paragraphs.append(t["profile_summarised"].format(max=RECORDS_LISTED_MAX, k=TOP_LISTED))
    for code, part in placed.groupby("region_code", sort=True):
        region = str(part["region"].iloc[0])
        if len(part) > RECORDS_LISTED_MAX:
            profiles.tables += _profile_summary(c, str(code), region, part, lever_cols)
        else:
            profiles.tables.append(_profile_records(c, str(code), region, part, lever_cols))
    return profiles


def _profile_records(c: Context, code: str, region: str, part: pd.DataFrame, lever_cols: list[str]) -> Table:
    """List a region's records: name, sector, year, city, province and levers, under the file's own headers."""
    t, headers = c.t, c.headers

    def column(key: str) -> pd.Series:
        return part.get(key, pd.Series("", index=part.index)).astype("string").fillna("")

    raw = pd.DataFrame(
        {
            "name": column("name"),
            "sector": column("sector"),
            "year": part.get("year", pd.Series(pd.NA, index=part.index)),
            "city": column("city"),
            "province": part["province"].astype("string").fillna(""),
            "levers": _lever_lists(part, c.lever_short),
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
    key = "profile_caption_one" if len(part) == 1 else "profile_caption"  # "22 records", never a bare count
    caption = t[key].format(region=region, code=code, n=number(len(part), c.lang))
    return Table(f"profile_{code}", caption, display, raw, file=("profile", code))


def _profile_summary(c: Context, code: str, region: str, part: pd.DataFrame, lever_cols: list[str]) -> list[Table]:
    """Summarise a region of many records: its most frequent places and categories, with counts and shares.

    The other places (categories) are counted in a last row, so the counts add up to the
    region's records.
    """
    t, lang, n = c.t, c.lang, len(part)
    places, rest, others = top_places(part, TOP_LISTED, t, lang)
    caption = t["profile_places_one" if len(places) + others == 1 else "profile_places"].format(
        region=region, code=code, n=number(n, lang), k=len(places), p=number(len(places) + others, lang)
    )
    if lever_cols:
        counted = lever_counts(part, lever_cols)
        per = ", ".join(f"{c.lever_short[col]} {row.yes}/{row.known}" for col, row in counted.iterrows())
        caption = f"{caption} {t['profile_levers'].format(levers=per)}"
    raw = places.assign(name=place_labels(places, t, lang), places=1)
    if rest:
        raw = pd.concat([raw, pd.DataFrame({"city": [""], "province": [""], "count": [rest], "places": [others]})])
    raw = raw.reset_index(drop=True).assign(share=lambda f: f["count"] / n)
    spelled = raw["name"].fillna("")
    other = t["other_places"].format(n=number(others, lang))
    display = pd.DataFrame(
        {
            _own_header(c, "city"): pd.Series(spelled, index=raw.index).where(raw["places"].eq(1), other),
            _own_header(c, "province"): raw["province"],
            t["count"]: [number(v, lang) for v in raw["count"]],
            t["share"]: [percent(v, lang) for v in raw["share"]],
        }
    )
    tables = [
        Table(f"profile_{code}_places", caption, display, raw, (t["count"], t["share"]), ("profile", code, "places"))
    ]
    categories = (c.profile.category, "sector") if c.profile is not None else ("sector",)
    category = next((col for col in categories if has_values(c.geocoded, col)), None)
    if category is not None:
        tables.append(_profile_categories(c, code, region, part, category))
    return tables


def _profile_categories(c: Context, code: str, region: str, part: pd.DataFrame, col: str) -> Table:
    """Count a region's records by category (the most frequent :data:`TOP_LISTED`, then the rest)."""
    t, lang, n = c.t, c.lang, len(part)
    top, rest, others = _top(pd.DataFrame({"value": _text(part, col)}), TOP_LISTED)
    raw = top.assign(values=1)
    if rest:
        raw = pd.concat([raw, pd.DataFrame({"value": [""], "count": [rest], "values": [others]})])
    raw = raw.reset_index(drop=True).assign(share=lambda f: f["count"] / n)
    label = _own_header(c, col)
    shown = raw["value"].where(raw["value"].ne(""), t["Unknown"]).replace(_value_names(c, col))
    display = pd.DataFrame(
        {
            label: shown.where(raw["values"].eq(1), t["other_values"].format(n=number(others, lang))),
            t["count"]: [number(v, lang) for v in raw["count"]],
            t["share"]: [percent(v, lang) for v in raw["share"]],
        }
    )
    caption = t["profile_categories"].format(region=region, code=code, col=label, n=number(n, lang))
    return Table(f"profile_{code}_{col}", caption, display, raw, (t["count"], t["share"]), ("profile", code, col))


def levers_section(c: Context, cols: list[str]) -> Section | None:
    """Return how many records have each lever, of those known (``None`` without lever columns)."""
    if not cols:
        return None
    t, lang = c.t, c.lang
    counted = lever_counts(c.geocoded, cols)
    yes, known = counted["yes"].tolist(), counted["known"].tolist()
    raw = pd.DataFrame(
        {
            "lever": cols,
            "label": [c.lever_labels[col] for col in cols],
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


def claims_section(c: Context, claims: str | Path | list[dict[str, Any]] | None) -> Section | None:
    """Return each claim, published against recomputed, with its status (``None`` without claims)."""
    if not claims:
        return None
    t, tr = c.t, c.tr
    results: list[ClaimResult] = evaluate_claims(c.geocoded, claims=claims, zones=c.zones)
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


def provenance_section(c: Context, data_file: Path | None, data_label: str) -> Section:
    """Return where the data come from: the input's checksum, each record's source and the shipped data's."""
    geo, t, lang = c.geocoded, c.t, c.lang
    sec = Section("provenance", t["provenance"])
    if data_file is not None and data_file.is_file():
        sec.paragraphs.append(t["generated"].format(version=VERSION, file=data_label, sha=_sha256(data_file)))
    left = left_out_text(t, geo)
    if left is not None:
        sec.paragraphs.append(left)
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
    sec.tables.append(_provenance_data(t, lang))
    return sec


def _provenance_data(t: dict[str, str], lang: str) -> Table:
    """Return the geography pack's files: source, version, licence and checksum of each."""
    geography = pack()
    manifest = geography.manifest_data()
    rows = [
        {
            "file": line.file,
            "source": typeset(line.source[lang], lang),  # the pack's words, spaced as the language spaces
            "version": manifest[line.version_of]["version"],
            "licence": typeset(line.licence[lang], lang),
            "sha256": _sha256(line.sha256_of),
        }
        for line in geography.provenance
    ]
    raw = pd.DataFrame(rows)
    labels = {key: t[key] for key in ("file", "source", "version", "licence", "sha256")}
    return Table("provenance_data", t["prov_data"], raw.rename(columns=labels), raw)


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


def method_section(c: Context) -> Section:
    """Return the method: the zones and their regions, denominators, rounding and placement."""
    t, zones = c.t, c.zones
    names = group_names(t, zones, c.lang)
    zone_text = t["method_zone_separator"].join(
        t["method_zone"].format(name=names.get(name, name), codes=", ".join(zones.regions_of(name)))
        for name in zones.names
    )
    items = [t["method_zones"].format(zones=zone_text)] if zones.names else []
    items += [t[f"method_{key}"] for key in ("denominators", "per_million", "rounding", "placement")]
    return Section("method", t["method"], items=items)


def _plural(key: str, n: int, lang: str) -> str:
    """Return the catalogue key of a text for ``n`` things: ``key_one`` when ``n`` takes the singular in ``lang``."""
    return f"{key}_one" if one(n, lang) else key
