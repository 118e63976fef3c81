"""One map specification for both renderers.

:func:`map_spec` decides, once, what a map shows: the choropleth's classes, colours and
legend text, the categories of the points and their colours, which points are drawn as
uncertain, and every label in English or French. The static figures (:mod:`.static`) and
the HTML map (:mod:`.interactive`) draw from the same :class:`MapSpec`, so they agree.
"""

from __future__ import annotations

import functools
import itertools
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, TypedDict, Unpack

import numpy as np
import pandas as pd

from .aggregate import FEW_RECORDS, UNDATED, UNPLACED, Periods, Zones, lever_counts, load_zones, locale_key, shares
from .aggregate import periods as fit_periods
from .errors import ClassificationWarning, InputError
from .geocode import shorten
from .geocode import unplaced as unplaced_records
from .presentation import LANGUAGES, catalogue, count_share, number, percent, texts, value_text
from .records import describe_values, parse_numbers, read_numbers

#: Okabe & Ito's colour-blind-safe categorical palette (black last).
OKABE_ITO = ("#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000")
#: Categorical palette for up to 12 categories: Okabe–Ito without black, then five of Paul
#: Tol's "muted" colours (wine, teal, olive, sand, indigo). Beyond 12, the 11 most frequent
#: categories keep a colour and the rest are drawn as "Other".
PALETTE = (*OKABE_ITO[:7], "#882255", "#44AA99", "#999933", "#DDCC77", "#332288")
#: Sequential ramp of the choropleth (neutral greys, light to dark), so that the coloured
#: point symbols and the blue sea tint keep one meaning each; and the "0 / none" class.
RAMP = ("#f0f0f0", "#dedede", "#cbcbcb", "#b5b5b5", "#9e9e9e", "#878787", "#707070", "#595959")
ZERO_COLOR = "#fcfcfc"
UNKNOWN_COLOR = "#ffffff"
OTHER_COLOR = "#bdbdbd"
OTHER_LABEL = "Other"
#: Grey of the flag symbols (low-confidence and coarse locations) in the legends.
FLAG_COLOR = "#d9d9d9"
#: Outline of each named zone: colour, width (pt) and dash pattern, distinguishable by all three.
ZONE_STYLES = (
    ("#b2182b", 1.7, "-"),
    ("#5e3c99", 1.25, "--"),
    ("#1b7837", 1.1, ":"),
    ("#8c510a", 0.9, "-."),
)

VALUES = ("count", "share", "per-capita")
SCHEMES = ("fisher_jenks", "quantiles", "equal_interval", "unique", "user")

#: Words for a table of records of any kind: used unless the data are the study's clusters.
RECORD_TEXTS = catalogue("map_records")

#: Above this many records the levers matrix has one row per category (its share of "yes"
#: per lever), not one per record: drawing a cell per record and lever grows with the rows.
LEVER_ROWS_MAX = 200


@dataclass(frozen=True)
class Classes:
    """Choropleth classes of the positive values; zero has a class of its own.

    Attributes
    ----------
    scheme : str
        The scheme actually used (``unique`` after a fallback).
    upper : tuple of float
        Upper bound of each class of positive values.
    labels : tuple of str
        Legend label of each class, ``"0 / none"`` first when some values are zero.
    colors : tuple of str
        Hex colour of each class, aligned with ``labels``.
    counts : tuple of int
        How many units fall in each class, aligned with ``labels``.
    index : numpy.ndarray
        Class of each unit (index into ``labels``).
    """

    scheme: str
    upper: tuple[float, ...]
    labels: tuple[str, ...]
    colors: tuple[str, ...]
    counts: tuple[int, ...]
    index: np.ndarray = field(repr=False)


def _ramp(k: int) -> tuple[str, ...]:
    if k <= 0:
        return ()
    idx = np.linspace(1, len(RAMP) - 1, k).round().astype(int) if k > 1 else np.array([4])
    return tuple(RAMP[i] for i in idx)


def classify(
    values: np.ndarray | pd.Series,
    *,
    scheme: str = "fisher_jenks",
    k: int | None = None,
    breaks: list[float] | None = None,
    kind: str = "count",
    lang: str = "en",
) -> Classes:
    """Put values into choropleth classes with print-ready legend labels.

    Zero gets its own ``"0 / none"`` class. Positive values are classified with
    mapclassify; when they hold no more distinct values than ``k``, each value gets its own
    class (with a :class:`ClassificationWarning` if ``k`` asked for more classes than that).
    Labels give the range of the values actually in each class ("1–2", "9"), so no bound
    is printed twice.

    Parameters
    ----------
    values : array-like
        One value per unit (no NaN).
    scheme : {"fisher_jenks", "quantiles", "equal_interval", "unique", "user"}
        Classification scheme (``user`` takes ``breaks``).
    k : int, optional
        Number of classes of positive values; by default up to 5, quietly fewer when the
        values have fewer distinct values. An explicit ``k`` larger than that warns.
    breaks : list of float, optional
        Upper bounds for ``scheme="user"``.
    kind : {"count", "share", "per-capita"}
        How labels are written.
    lang : {"en", "fr"}
        Language of the zero class's label.

    Returns
    -------
    Classes

    Raises
    ------
    InputError
        For an unknown scheme, ``k < 1``, or ``user`` without breaks.
    """
    y = _checked_values(values, scheme=scheme, k=k, breaks=breaks)
    positive = y[y > 0]
    upper, used = _upper_bounds(positive, scheme=scheme, k=5 if k is None else k, explicit=k is not None, breaks=breaks)
    if used == "user":  # the user's classes, as given, empty ones too
        index_pos = np.searchsorted(upper, positive, side="left")
        labels, counts = _bound_labels(upper, breaks or [], index_pos, kind, lang)
    else:
        # Drop classes that hold no value (quantiles on ties), keep order.
        occupied, index_pos = np.unique(np.searchsorted(upper, positive, side="left"), return_inverse=True)
        upper = upper[occupied]
        labels, counts = _class_labels(positive, index_pos.reshape(-1), len(upper), kind, lang)
    colors = list(_ramp(len(upper)))
    has_zero = bool((y <= 0).any())
    index = np.zeros(len(y), dtype=int)
    index[y > 0] = index_pos.reshape(-1) + (1 if has_zero else 0)
    if has_zero:
        labels.insert(0, texts("map", lang)["zero"])
        colors.insert(0, ZERO_COLOR)
        counts.insert(0, int((y <= 0).sum()))
    return Classes(
        scheme=used,
        upper=tuple(float(u) for u in upper),
        labels=tuple(labels),
        colors=tuple(colors),
        counts=tuple(counts),
        index=index,
    )


def _checked_values(
    values: np.ndarray | pd.Series, *, scheme: str, k: int | None, breaks: list[float] | None
) -> np.ndarray:
    """Check the classification's options; return the values as floats."""
    if scheme not in SCHEMES:
        msg = f"unknown classification scheme {scheme!r}; use one of {', '.join(SCHEMES)}."
        raise InputError(msg)
    if k is not None and k < 1:
        msg = f"k (the number of classes) must be at least 1, not {k}."
        raise InputError(msg)
    if scheme == "user" and not breaks:
        msg = "scheme 'user' needs breaks (upper bounds, for example [1, 3, 10])."
        raise InputError(msg)
    if scheme == "user" and breaks and bool((np.diff(np.asarray(breaks, dtype=float)) <= 0).any()):
        given = ",".join(f"{b:g}" for b in breaks)
        msg = f"breaks must be increasing upper bounds, each once (e.g. 3,5,10), not {given}; put them in order."
        raise InputError(msg)
    y = np.asarray(values, dtype=float)
    if np.isnan(y).any():
        msg = "choropleth values must not be missing."
        raise InputError(msg)
    return y


def _upper_bounds(
    positive: np.ndarray, *, scheme: str, k: int, explicit: bool, breaks: list[float] | None
) -> tuple[np.ndarray, str]:
    """Return the upper bound of each class of the positive values, and the scheme used."""
    distinct = np.unique(positive)
    if scheme == "user":
        upper = np.array(breaks or [], dtype=float)
        if len(positive) and upper[-1] < positive.max():
            upper = np.append(upper, positive.max())
        return upper, scheme
    if len(distinct) <= k or scheme == "unique":
        if explicit and scheme != "unique" and len(distinct) < k and len(distinct):
            warnings.warn(
                f"{k} classes asked for, but the values have only {len(distinct)} distinct positive values; "
                "using one class per value.",
                ClassificationWarning,
                stacklevel=3,
            )
        return distinct, "unique"
    import mapclassify

    cls = {
        "fisher_jenks": mapclassify.FisherJenks,
        "quantiles": mapclassify.Quantiles,
        "equal_interval": mapclassify.EqualInterval,
    }[scheme]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.unique(np.asarray(cls(positive, k=k).bins, dtype=float)), scheme


def _class_labels(positive: np.ndarray, index: np.ndarray, k: int, kind: str, lang: str) -> tuple[list[str], list[int]]:
    """Label each class with the range of the values in it ("1–2", "9"), and count them."""
    lows = np.full(k, np.inf)
    highs = np.full(k, -np.inf)
    np.minimum.at(lows, index, positive)
    np.maximum.at(highs, index, positive)
    counts = np.bincount(index, minlength=k).tolist()
    labels = []
    for lo, hi in zip(lows, highs, strict=True):
        a, b = value_text(lo, kind, lang), value_text(hi, kind, lang)
        labels.append(a if a == b else f"{a}–{b}")
    return labels, [int(c) for c in counts]


def _bound_labels(
    upper: np.ndarray, breaks: list[float], index: np.ndarray, kind: str, lang: str
) -> tuple[list[str], list[int]]:
    """Label the user's classes by their bounds ("≤ 3", "3–5", "5–10", "> 10"), and count them."""
    text = [value_text(float(b), "number" if kind == "per-capita" else kind, lang) for b in breaks]
    labels = [f"≤ {text[0]}"] + [f"{a}–{b}" for a, b in itertools.pairwise(text)]
    if len(upper) > len(breaks):  # values above the last bound
        labels.append(f"> {text[-1]}")
    counts = np.bincount(index, minlength=len(upper)).tolist()
    return labels, [int(c) for c in counts]


def category_colors(values: list[str]) -> dict[str, str]:
    """Assign colour-blind-safe colours to categories in sorted order; "Unknown" is white, "Other" grey.

    Up to 7 categories take Okabe–Ito's colours, up to 12 :data:`PALETTE`; callers fold
    the rarest categories into "Other" beyond that (see :func:`fold_categories`).
    """
    cats = sorted({v for v in values if v not in (UNKNOWN_LABEL, OTHER_LABEL)}, key=lambda c: (locale_key(c), c))
    out = {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(cats)}
    if OTHER_LABEL in values:
        out[OTHER_LABEL] = OTHER_COLOR
    if UNKNOWN_LABEL in values:
        out[UNKNOWN_LABEL] = UNKNOWN_COLOR
    return out


def fold_categories(cat: pd.Series, limit: int = len(PALETTE)) -> pd.Series:
    """Keep the ``limit - 1`` most frequent categories (ties by name) and call the rest "Other".

    With at most ``limit`` distinct categories (besides "Unknown") nothing changes.
    """
    known = cat[cat != UNKNOWN_LABEL]
    counts = known.value_counts()
    if len(counts) <= limit:
        return cat
    order = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    keep = {c for c, _ in order[: limit - 1]}
    return cat.where(cat.isin(keep) | cat.eq(UNKNOWN_LABEL), OTHER_LABEL)


UNKNOWN_LABEL = "Unknown"
#: ``color_by`` when the records have no category column: one colour for all.
ALL_RECORDS = "(all records)"


@dataclass(frozen=True)
class MapSpec:
    """What a map shows, decided once for every renderer.

    Attributes
    ----------
    value : str
        ``count``, ``share`` or ``per-capita``.
    regions : pandas.DataFrame
        One row per region: ``region_code``, ``region``, ``count``, ``share``, ``value``,
        ``class_index``, ``color``, ``label``.
    classes : Classes
        The choropleth classes.
    color_by : str
        The column the points are coloured by.
    colors : dict
        Category -> colour, sorted; only categories present.
    points : pandas.DataFrame
        Placed records with ``lon``, ``lat``, ``category``, ``color``, ``uncertain``
        (low confidence) and ``coarse`` (province or region precision).
    unplaced : list of str
        Names of records not on the map, with the reason.
    zones : pandas.DataFrame
        ``group``, ``count``, ``share``, ``regions``, ``label`` of each zone.
    zone_rest : str
        Name of the zone holding the regions no zone names (not outlined).
    texts : dict
        Labels in the chosen language.
    lang : str
    title : str
    source : str
    """

    value: str
    regions: pd.DataFrame
    classes: Classes
    color_by: str
    colors: dict[str, str]
    points: pd.DataFrame
    unplaced: list[str]
    zones: pd.DataFrame
    zone_rest: str
    texts: dict[str, str]
    lang: str
    title: str
    source: str
    records: pd.DataFrame = field(repr=False)
    subtitle: str = ""
    periods: Periods | None = field(default=None, repr=False)
    zone_groups: pd.DataFrame | None = field(default=None, repr=False)
    size_by: str | None = None

    def column_title(self, column: str) -> str:
        """Return a column's name as the user's file gives it ("Effectif" for ``employees``)."""
        header = str(self.records.attrs.get("headers", {}).get(column) or "")
        return header or column

    def group_name(self, group: str) -> str:
        """Return a group's name in the spec's language ("Unplaced" -> "Non localisés")."""
        fixed = {
            UNPLACED: self.texts["unplaced"],
            UNKNOWN_LABEL: self.texts["unknown"],
            OTHER_LABEL: self.texts["other"],
        }
        return fixed.get(group, group)

    def category_title(self) -> str:
        """Return the title of the points' legend."""
        if self.color_by == "sector_group":
            return self.texts["sector_group"]
        if self.color_by == ALL_RECORDS:
            return self.texts["all_records"]
        header = str(self.records.attrs.get("headers", {}).get(self.color_by) or "")
        if header and header != self.color_by:  # the user's own name for the column
            return header[:1].upper() + header[1:]
        if self.color_by == "sector":
            return self.texts["sector"]
        return self.color_by.replace("_", " ").capitalize()

    def categories(self, frame: pd.DataFrame) -> pd.Series:
        """Return the category of each row of ``frame`` (``Unknown`` for empty values)."""
        if self.color_by == ALL_RECORDS or self.color_by not in frame:
            return pd.Series(self.texts["all_records"], index=frame.index, dtype=object)
        cat = frame[self.color_by].astype("string").str.strip()
        cat = cat.where(cat.notna() & cat.ne(""), UNKNOWN_LABEL).astype(str)
        if OTHER_LABEL in self.colors:
            cat = cat.where(cat.isin(list(self.colors)), OTHER_LABEL)
        return cat

    def legend_title(self) -> str:
        """Return the choropleth legend's title."""
        if self.value in self.texts:
            return self.texts[self.value]
        return f"{self.texts['sum_of']} {self.value}"

    def legend_titles(self) -> dict[str, str]:
        """Return the title of each legend: ``classes``, ``points`` (categories and flags), ``zones``."""
        return {"classes": self.legend_title(), "points": self.category_title(), "zones": self.texts["zones"]}

    def legend_items(self) -> list[LegendItem]:
        """Return every legend entry both renderers draw, finished, in order.

        The choropleth's classes ("1–2 (3 regions)"), the points' categories ("Chimie (2)")
        and flags ("Low-confidence location (1)"), then the zones ("Zone A: 9 (52.9%)")
        and the groups no outline shows (the other regions, the unplaced records).

        A category's count is of the records drawn on the map, since the legend explains
        the symbols; when some of its records are not placed, the entry also gives the
        total ("1 on the map, 2 in all"), the number the map's filters and the report's
        tables count, so the two never seem to disagree. A class's count says what it
        counts ("3 regions"): a bare "(3)" beside a class of record counts reads as records.

        Returns
        -------
        list of LegendItem
        """
        return [*_class_items(self), *_point_items(self), *_zone_items(self)]


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
        detail = f"{number(n, lang)} {t['region'] if n == 1 else t['regions'].lower()}"
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


@dataclass(frozen=True)
class MapOptions:
    """What a map shows, as one bundle of the options of :func:`map_spec`.

    Attributes
    ----------
    color_by : str, optional
        Column that colours the points (categorical). By default ``sector_group``, else
        ``sector``, else one colour for every record.
    value : str
        What the choropleth shows per region: ``count``, ``share``, ``per-capita`` or a
        numeric column (summed per region).
    scheme : str
        Classification scheme, see :func:`classify`.
    k : int, optional
        Number of classes, see :func:`classify`.
    breaks : list of float, optional
        Upper bounds for ``scheme="user"``.
    size_by : str, optional
        Numeric column that sizes the points.
    zones : Zones or path, optional
        Zones to outline; defaults to the study's.
    lang : {"en", "fr"}
        Language of every label.
    title : str, optional
        Defaults to what is true of the data: "26 records in Morocco, from {data_label}".
    subtitle : str
        A line under the title of the static figures.
    data_label : str
        How the source line names the data.
    periods : list of int, optional
        First year of each creation period (see :func:`clusteratlas.aggregate.periods`);
        by default fitted to the years present.
    unit : {"records", "clusters"}
        What the legends count: "clusters" (the study's word, the library's default) or
        "records" (what the command line uses for any table).
    """

    color_by: str | None = None
    value: str = "count"
    scheme: str = "fisher_jenks"
    k: int | None = None
    breaks: list[float] | None = None
    size_by: str | None = None
    zones: Zones | str | Path | None = None
    lang: str = "en"
    title: str | None = None
    subtitle: str = ""
    data_label: str = "records"
    periods: list[int] | tuple[int, ...] | None = None
    unit: str = "clusters"


class MapKeywords(TypedDict, total=False):
    """The fields of :class:`MapOptions`, as keywords of :func:`map_spec`."""

    color_by: str | None
    value: str
    scheme: str
    k: int | None
    breaks: list[float] | None
    size_by: str | None
    zones: Zones | str | Path | None
    lang: str
    title: str | None
    subtitle: str
    data_label: str
    periods: list[int] | tuple[int, ...] | None
    unit: str


def map_spec(geocoded: pd.DataFrame, *, options: MapOptions | None = None, **keywords: Unpack[MapKeywords]) -> MapSpec:
    """Decide what a map of geocoded records shows.

    Parameters
    ----------
    geocoded : pandas.DataFrame
        From :func:`clusteratlas.geocode`.
    options : MapOptions, optional
        Every choice at once; keywords given beside it override its fields.
    **keywords
        Any field of :class:`MapOptions` (``color_by``, ``value``, ``scheme``, ``k``,
        ``breaks``, ``size_by``, ``zones``, ``lang``, ``title``, ``subtitle``,
        ``data_label``, ``periods``, ``unit``), documented there.

    Returns
    -------
    MapSpec

    Raises
    ------
    InputError
        Unknown ``value``, ``lang``, ``unit`` or ``color_by`` column, a ``size_by`` or
        ``value`` column that is not numeric, or a bad classification (see :func:`classify`).
    TypeError
        For a keyword that is no field of :class:`MapOptions`.

    Examples
    --------
    >>> from clusteratlas import geocode
    >>> frame = geocode(pd.DataFrame({"name": ["a", "b"], "city": ["Rabat", "Fès"]}))
    >>> map_spec(frame, lang="fr", unit="records").title
    "2 fiches au Maroc, d'après records"
    """
    o = replace(options or MapOptions(), **keywords)
    from .aggregate import resolve_column  # the user's own headers name columns too (Secteur → sector)

    color, size = o.color_by, o.size_by
    o = replace(o, color_by=color and resolve_column(geocoded, color), size_by=size and resolve_column(geocoded, size))
    color_by = _check_options(geocoded, o)
    texts_ = texts("map", o.lang) if o.unit == "clusters" else {**texts("map", o.lang), **texts("map_records", o.lang)}
    numbers = _with_numbers(geocoded, o)  # the value and size columns as numbers; the records keep their text
    regions, classes = _regions(numbers, o)
    placed, colors = _points(numbers, color_by, o.size_by, texts_)
    z = o.zones if isinstance(o.zones, Zones) else load_zones(o.zones)
    zt, every = _zone_tables(geocoded, z, o.lang, texts_)
    n = len(geocoded)
    title = o.title
    if title is None:
        title = texts_["title_data_one" if n == 1 else "title_data"].format(n=number(n, o.lang), data=o.data_label)
    return MapSpec(
        value=o.value,
        regions=regions,
        classes=classes,
        color_by=color_by,
        colors=colors,
        points=placed,
        unplaced=unplaced_list(geocoded, o.lang),
        zones=zt,
        zone_rest=z.rest,
        texts=texts_,
        lang=o.lang,
        title=title,
        subtitle=o.subtitle,
        source=texts_["source"].format(data=o.data_label),
        records=geocoded,
        periods=fit_periods(geocoded, breaks=o.periods),
        zone_groups=every,
        size_by=o.size_by,
    )


def _user_columns(geocoded: pd.DataFrame) -> str:
    headers = geocoded.attrs.get("headers", {})
    return ", ".join(str(headers.get(c, c)) for c in geocoded.columns if not str(c).startswith("geocode_"))


def _check_value(geocoded: pd.DataFrame, value: str) -> None:
    """Check that ``value`` is a kind of value or a numeric column."""
    if value not in VALUES and value not in geocoded:
        msg = f"value {value!r} is neither {', '.join(VALUES)} nor a column; columns: {_user_columns(geocoded)}."
        raise InputError(msg)
    if value in VALUES:
        return
    example = _not_numbers(geocoded, value)  # numbers as people write them: "2 880", "5,4", "12 MDH"
    if example:
        msg = (
            f"value {value!r} is not a numeric column ({example}); a choropleth of a column sums "
            "its numbers per region: give a numeric column, or count, share or per-capita."
        )
        raise InputError(msg)


def _with_numbers(geocoded: pd.DataFrame, o: MapOptions) -> pd.DataFrame:
    """Return a copy of the records with the value and size columns read as numbers ("2 880", "12 MDH")."""
    numbers = geocoded.copy()
    for column in [c for c in (None if o.value in VALUES else o.value, o.size_by) if c is not None]:
        numbers[column] = parse_numbers(geocoded[column], column=column, table=geocoded).values  # says the unit
    return numbers


def _not_numbers(geocoded: pd.DataFrame, column: str) -> str:
    """Say which cells of a column are no number (their rows and values), or that it is empty; "" if numbers."""
    values, bad, _ = read_numbers(geocoded[column])
    if len(bad):
        return describe_values(geocoded, column, (bad, "not a number"))
    return "all empty" if values.isna().all() else ""


def _check_options(geocoded: pd.DataFrame, o: MapOptions) -> str:
    """Check the options against the data; return the column (or :data:`ALL_RECORDS`) the points are coloured by."""
    _check_value(geocoded, o.value)
    if o.size_by is not None:
        if o.size_by not in geocoded:
            msg = f"no column {o.size_by!r} to size the points by (size_by); columns: {_user_columns(geocoded)}."
            raise InputError(msg)
        example = _not_numbers(geocoded, o.size_by)
        if example:
            msg = f"size_by {o.size_by!r} is not a numeric column ({example}); give a column of numbers."
            raise InputError(msg)
    if o.lang not in LANGUAGES:
        msg = f"unknown language {o.lang!r}; use en or fr."
        raise InputError(msg)
    color_by = o.color_by
    if color_by is None:
        color_by = next((c for c in ("sector_group", "sector") if c in geocoded), ALL_RECORDS)
    if color_by not in geocoded and color_by != ALL_RECORDS:
        msg = f"no column {color_by!r} to colour the points by (color_by); use one of: {_user_columns(geocoded)}."
        raise InputError(msg)
    if o.unit not in ("records", "clusters"):
        msg = f"unit must be 'records' or 'clusters', not {o.unit!r}."
        raise InputError(msg)
    return color_by


def _regions(geocoded: pd.DataFrame, o: MapOptions) -> tuple[pd.DataFrame, Classes]:
    """Return one row per region with its value, class, colour and legend label, and the classes."""
    table = shares(geocoded, by="region", per_capita=True).table
    regions = table[table["group"] != UNPLACED].rename(columns={"group": "region", "code": "region_code"})
    regions = regions.reset_index(drop=True)
    custom = o.value not in VALUES
    if custom:
        placed_all = geocoded[geocoded["region_code"].notna()]
        sums = pd.to_numeric(placed_all[o.value], errors="coerce").groupby(placed_all["region_code"]).sum()
        regions["value"] = regions["region_code"].map(sums).fillna(0.0).astype(float)
    else:
        column = {"count": "count", "share": "share", "per-capita": "per_million"}[o.value]
        regions["value"] = regions[column].astype(float)
    kind = "number" if custom else o.value
    classes = classify(regions["value"].to_numpy(), scheme=o.scheme, k=o.k, breaks=o.breaks, kind=kind, lang=o.lang)
    regions["class_index"] = classes.index
    regions["color"] = np.asarray(classes.colors, dtype=object)[classes.index]
    regions["label"] = np.asarray(classes.labels, dtype=object)[classes.index]
    return regions, classes


def _points(
    geocoded: pd.DataFrame, color_by: str, size_by: str | None, t: dict[str, str]
) -> tuple[pd.DataFrame, dict[str, str]]:
    """Return the placed records with their category, colour, flags, label and size, and the category colours."""
    placed = geocoded[geocoded["region_code"].notna() & geocoded["lat"].notna()].copy()
    if color_by == ALL_RECORDS:
        cat = pd.Series(t["all_records"], index=placed.index, dtype="string")
    else:
        cat = placed[color_by].astype("string").str.strip()
    placed["category"] = fold_categories(cat.where(cat.notna() & cat.ne(""), UNKNOWN_LABEL).astype(str))
    colors = category_colors(list(placed["category"]))
    placed["color"] = placed["category"].map(colors)
    conf = placed["location_confidence"].astype("string").str.lower() if "location_confidence" in placed else None
    placed["uncertain"] = conf.eq("low").fillna(False).to_numpy(dtype=bool) if conf is not None else False
    placed["coarse"] = placed["geocode_precision"].isin(["province", "region"]).to_numpy()
    name = geocoded["name"].astype("string") if "name" in geocoded else pd.Series("", index=geocoded.index)
    placed["label"] = shorten(name.loc[placed.index].fillna("")).astype(str)
    placed["place"] = canonical_places(placed)
    if size_by is not None:
        # A record weighs its value over the mean value: a place's area is then proportional
        # to the column's total there (a place of average records looks as with counts).
        size = pd.to_numeric(placed[size_by], errors="coerce").fillna(0).clip(lower=0)
        placed["size"] = (size / size_unit(placed, size_by)).to_numpy(dtype=float)
    else:
        placed["size"] = 1.0
    return placed, colors


#: Statuses whose ``geocode_match`` names a gazetteer place (alternate names and aliases too).
_MATCHED = ("exact", "alias", "fuzzy", "commune")


def canonical_places(geocoded: pd.DataFrame) -> pd.Series:
    """Return the gazetteer's own name of the place each record was matched to, "" where none.

    A record spelled "Casablnca", "CASABLANCA" or "Casa" gets "Casablanca": the name the
    gazetteer gives the place, not the data's spelling nor the alternate name matched.
    Records placed by their coordinates, or by province or region only, get "".
    Each distinct matched name is resolved once.

    Parameters
    ----------
    geocoded : pandas.DataFrame
        From :func:`clusteratlas.geocode`.

    Returns
    -------
    pandas.Series of str
        Indexed like ``geocoded``.
    """
    from .gazetteer import load_gazetteer, normalize_names, resolve_keys

    out = pd.Series("", index=geocoded.index, dtype=object)
    if "geocode_match" not in geocoded or "geocode_status" not in geocoded:
        return out
    match = geocoded["geocode_match"].astype("string").fillna("").str.strip()
    ok = geocoded["geocode_status"].isin(_MATCHED).to_numpy(dtype=bool) & match.ne("").to_numpy(dtype=bool)
    if "geocode_precision" in geocoded:
        ok &= geocoded["geocode_precision"].astype("string").eq("city").fillna(False).to_numpy(dtype=bool)
    if not ok.any():
        return out
    distinct = pd.unique(match[ok].to_numpy(dtype=object))
    keys = normalize_names(list(distinct))
    gaz = load_gazetteer()
    ids = resolve_keys(list(dict.fromkeys(keys)), gaz)["place_id"]
    by_key = dict(zip(dict.fromkeys(keys), ids.to_numpy(dtype=object), strict=True))
    names = gaz.places["name"]
    resolved = {}
    for m, k in zip(distinct, keys, strict=True):  # one per distinct name, not per record
        pid = by_key.get(k)
        resolved[m] = str(names.get(pid, m)) if isinstance(pid, str) else str(m)
    out[ok] = match[ok].map(resolved).to_numpy(dtype=object)
    return out


def size_unit(points: pd.DataFrame, size_by: str) -> float:
    """Return the value of ``size_by`` that weighs as much as one record: the mean of its positive values."""
    size = pd.to_numeric(points[size_by], errors="coerce")
    positive = size[size > 0]
    return float(positive.mean()) if len(positive) else 1.0


def _zone_tables(geocoded: pd.DataFrame, z: Zones, lang: str, t: dict[str, str]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the placed zones (with regions and label) and every zone group (the unplaced records too)."""
    every = shares(geocoded, by="zone", zones=z).table
    zt = every[every["group"] != UNPLACED].copy()
    zt["regions"] = [z.regions_of(g) for g in zt["group"]]
    if lang == "fr":
        zt["label"] = [z.names_fr.get(g, t["rest"] if g == z.rest == "Other regions" else g) for g in zt["group"]]
    else:
        zt["label"] = zt["group"]
    names = dict(zip(zt["group"], zt["label"], strict=True))
    every["label"] = [t["unplaced"] if g == UNPLACED else names.get(g, g) for g in every["group"]]
    every["outlined"] = ~every["group"].isin([z.rest, UNPLACED])
    return zt.reset_index(drop=True), every.reset_index(drop=True)


def unplaced_list(geocoded: pd.DataFrame, lang: str = "en") -> list[str]:
    """Name each record not placed, with why: the geocoder's note in English, a French phrase in French."""
    rows = unplaced_records(geocoded)
    t = texts("map", lang)
    if lang == "en":  # the geocoder's own note
        return [t["unplaced_reason"].format(who=who, reason=reason) for who, _, reason in rows.itertuples(index=False)]
    return [
        t["unplaced_city" if city else "unplaced_none"].format(who=who, city=city)
        for who, city, _ in rows.itertuples(index=False)
    ]


#: Up to this many records not placed are named one by one in a figure's caption; above
#: it the caption counts them by reason (the geocoded CSV lists every one).
UNPLACED_LISTED = 5

#: Why a record is not placed, read from its geocode note (first pattern that matches).
_REASONS = (
    ("reason_no_place", r"no place name given|no location given"),
    ("reason_abroad", r"outside"),
    ("reason_not_found", r"not in the gazetteer"),
)


def unplaced_reasons(geocoded: pd.DataFrame) -> dict[str, int]:
    """Count the records placed in no region by reason, most frequent first.

    Parameters
    ----------
    geocoded : pandas.DataFrame
        From :func:`clusteratlas.geocode`.

    Returns
    -------
    dict
        Catalogue key (``reason_not_found``, ``reason_abroad``, ``reason_no_place``,
        ``reason_other``) -> records; only reasons that occur. Ties keep that order.
    """
    bad = geocoded["region_code"].isna().to_numpy()
    note = geocoded.loc[bad, "geocode_note"] if "geocode_note" in geocoded else pd.Series("", index=geocoded.index[bad])
    note = note.astype("string").fillna("")
    reason = pd.Series("reason_other", index=note.index, dtype=object)
    for key, pattern in reversed(_REASONS):
        reason = reason.mask(note.str.contains(pattern, regex=True).to_numpy(dtype=bool), key)
    order = [k for k, _ in _REASONS] + ["reason_other"]
    counts = reason.value_counts()
    ranked = sorted((k for k in order if k in counts.index), key=lambda k: (-int(counts[k]), order.index(k)))
    return {k: int(counts[k]) for k in ranked}


def unplaced_caption(spec: MapSpec) -> str:
    """Return the caption's line on the records not shown: each named when few, else counted by reason."""
    n = len(spec.unplaced)
    if n == 0:
        return ""
    t = spec.texts
    if n <= UNPLACED_LISTED:
        return t["not_shown"].format(n=n, names="; ".join(spec.unplaced))
    reasons = ", ".join(t[k].format(n=number(c, spec.lang)) for k, c in unplaced_reasons(spec.records).items())
    return t["not_shown_summary"].format(n=number(n, spec.lang), reasons=reasons)


#: Above this many distinct places, point figures show a density layer instead of symbols.
DENSITY_PLACES = 300


def zone_outline(regions: Iterable[str], *, crs: str | None = None) -> Any:
    """Return a zone's outline: the boundary of the union of its regions (the boundaries' print copy).

    Both renderers draw zones with it (the figures in their CRS, the HTML map in EPSG:4326), so
    each zone is dissolved once per process, geography pack, set of regions and CRS.

    Parameters
    ----------
    regions : iterable of str
        The zone's region codes (:meth:`clusteratlas.Zones.regions_of`, a legend item's ``regions``).
    crs : str, optional
        Dissolve in this CRS (the regions projected first); default EPSG:4326.

    Returns
    -------
    shapely.Geometry
        A (multi)line string; empty when no region has one of the codes.
    """
    from .geography import pack

    return _zone_outline(pack(), tuple(sorted(set(regions))), crs)


@functools.cache
def _zone_outline(geo: Any, codes: tuple[str, ...], crs: str | None) -> Any:
    import shapely

    from .geography import _boundaries_of

    regions = _boundaries_of(geo, "region", True)
    if crs is not None:
        regions = regions.to_crs(crs)
    union = shapely.union_all(regions[regions[geo.level("region").code].isin(codes)].geometry.to_numpy())
    return shapely.LineString() if union.is_empty else shapely.boundary(union)


#: Decimals of a degree that make one place: 3, about 100 m (figures' place counts, report profiles).
PLACE_DECIMALS = 3


def place_count(points: pd.DataFrame) -> int:
    """Return how many distinct places (coordinates rounded to :data:`PLACE_DECIMALS`) the points occupy."""
    if points.empty:
        return 0
    key = pd.DataFrame({"lat": points["lat"].round(PLACE_DECIMALS), "lon": points["lon"].round(PLACE_DECIMALS)})
    return len(key.drop_duplicates())


def __getattr__(name: str) -> dict[str, dict[str, str]]:
    """``TEXTS`` and ``ALT``: the ``map`` and ``alt`` catalogue sections in every language.

    Made when asked for, with the geography pack in use then (their texts name its country),
    never at import.
    """
    if name in ("TEXTS", "ALT"):
        return catalogue("map" if name == "TEXTS" else "alt")
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)


def describe(spec: MapSpec, kind: str) -> str:
    """Return alt text for a figure, in the spec's language, generated from the data it shows.

    Parameters
    ----------
    spec : MapSpec
    kind : {"points", "choropleth", "combined", "timeline", "levers"}

    Returns
    -------
    str
        One paragraph: the title, what each layer shows with its counts, the zones, the
        records not shown and the source.
    """
    if kind == "levers":
        return _describe_levers(spec)
    parts: list[str] = [spec.title + "."]
    if kind == "timeline":
        parts.append(_describe_timeline(spec))
    if kind in ("points", "combined"):
        parts += _describe_points(spec)
    if kind in ("choropleth", "combined"):
        parts += _describe_choropleth(spec, lead=kind == "choropleth")
    if kind != "timeline":
        groups = spec.zone_groups if spec.zone_groups is not None else spec.zones
        zones = "; ".join(
            f"{g} {number(c, spec.lang)} ({percent(s, spec.lang)})"
            for g, c, s in zip(groups["label"], groups["count"], groups["share"], strict=True)
        )
        parts.append(texts("alt", spec.lang)["zones"].format(zones=zones))
    if spec.unplaced:
        parts.append(_describe_unplaced(spec))
    parts.append(spec.source)
    return " ".join(parts)


#: The alt text names at most this many records not shown, then says how many more there are.
ALT_UNPLACED_MAX = 50


def _describe_unplaced(spec: MapSpec) -> str:
    """Name the records not shown (the first :data:`ALT_UNPLACED_MAX`, then "and N more")."""
    names = "; ".join(spec.unplaced[:ALT_UNPLACED_MAX])
    if len(spec.unplaced) > ALT_UNPLACED_MAX:
        more = texts("alt", spec.lang)["more"].format(n=number(len(spec.unplaced) - ALT_UNPLACED_MAX, spec.lang))
        names = f"{names}; {more}"
    return spec.texts["not_shown"].format(n=len(spec.unplaced), names=names) + "."


def _region_map(spec: MapSpec) -> str:
    words = texts("alt", spec.lang)["region_map"]
    return words[0].upper() + words[1:]


def _describe_levers(spec: MapSpec) -> str:
    from .records import LEVER_SHORT, LEVERS

    a = texts("alt", spec.lang)
    counted = lever_counts(spec.records, list(LEVERS))
    per = "; ".join(
        a["lever"].format(short=LEVER_SHORT[c], label=LEVERS[c], yes=int(row.yes), known=int(row.known))
        for c, row in counted.iterrows()
    )
    if len(spec.records) > LEVER_ROWS_MAX:  # static draws one row per category, each cell its share of yes
        n_categories = int(spec.categories(spec.records).nunique())
        return a["levers_by_category"].format(
            title=spec.texts["levers"],
            n=number(len(spec.records), spec.lang),
            rows=n_categories,
            by=spec.category_title(),
            k=len(counted),
            per=per,
        )
    return a["levers"].format(title=spec.texts["levers"], n=len(spec.records), k=len(counted), per=per)


def _describe_timeline(spec: MapSpec) -> str:
    a = texts("alt", spec.lang)
    years = pd.to_numeric(spec.records["year"], errors="coerce") if "year" in spec.records else pd.Series()
    known = years.dropna()
    every = spec.categories(spec.records).value_counts()
    listing = "; ".join(
        f"{spec.group_name(c)}: {every.get(c, 0)}" for c in sorted(every.index, key=lambda c: (locale_key(c), c))
    )
    span = a["span"].format(a=int(known.min()), b=int(known.max())) if len(known) else ""
    p = spec.periods or fit_periods(spec.records)
    per = "; ".join(f"{k if k != UNDATED else spec.texts['undated']}: {v}" for k, v in p.counts().items())
    return a["timeline"].format(span=span, known=len(known), n=len(spec.records), listing=listing, periods=per)


def _describe_points(spec: MapSpec) -> list[str]:
    a = texts("alt", spec.lang)
    counts = spec.points["category"].value_counts()
    listing = "; ".join(f"{spec.group_name(c)}: {counts.get(c, 0)}" for c in spec.colors)
    places = place_count(spec.points)
    how = a["density"] if places > DENSITY_PLACES else a["places"].format(places=places)
    shown, n, by = len(spec.points), len(spec.records), spec.category_title()
    out = [a["points"].format(map=_region_map(spec), shown=shown, n=n, how=how, by=by, listing=listing)]
    if spec.points["uncertain"].any():
        out.append(a["uncertain"].format(k=int(spec.points["uncertain"].sum())))
    return out


def _describe_choropleth(spec: MapSpec, *, lead: bool) -> list[str]:
    a = texts("alt", spec.lang)
    ranked = spec.regions.sort_values("value", ascending=False, kind="mergesort")
    top = ", ".join(f"{r} {lab}" for r, lab in zip(ranked["region"].head(3), ranked["label"].head(3), strict=True))
    start = a["choropleth_lead"].format(map=_region_map(spec)) if lead else a["combined_lead"]
    what, labels = spec.legend_title().lower(), ", ".join(spec.classes.labels)
    out = [a["choropleth"].format(lead=start, what=what, k=len(spec.classes.labels), labels=labels, top=top)]
    few = few_record_regions(spec)
    if few:
        out.append(spec.texts["few"].format(k=FEW_RECORDS, names=", ".join(few)).lstrip("* "))
    return out


def few_record_regions(spec: MapSpec) -> list[str]:
    """Regions whose per-capita value rests on 1 to 4 records, when the choropleth shows per-capita values."""
    if spec.value != "per-capita":
        return []
    few = spec.regions[(spec.regions["count"] > 0) & (spec.regions["count"] < FEW_RECORDS)]
    return [str(r) for r in few["region"]]
