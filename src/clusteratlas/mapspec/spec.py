"""The map specification: what a map shows, decided once for both renderers.

:func:`map_spec` takes geocoded records and :class:`MapOptions` and returns a
:class:`MapSpec`: the choropleth's regions and classes, the points with their categories
and colours, the zones, the records not placed, and every label in the chosen language.
It reads no records file and geocodes nothing: the products (:func:`clusteratlas.figure`,
:func:`clusteratlas.web_map`, :func:`clusteratlas.report`, :func:`clusteratlas.reproduce`)
read and geocode once and hand it the table.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TypedDict, Unpack

import numpy as np
import pandas as pd

from .._weights import with_unit
from ..aggregate import PROVINCE_UNKNOWN, UNPLACED, Periods, Zones, resolve_column, shares
from ..aggregate import periods as fit_periods
from ..crosstab import crosstab
from ..errors import InputError
from ..presentation import catalogue, fill, number, texts, typeset
from ..profile import Profile, profile_for
from ..records import describe_values, parse_numbers, read_numbers
from ..registry import LANGUAGES, SCHEMES, UNITS, VALUES
from ..schema import header, headers, placed
from .captions import unplaced_list
from .classes import Classes, classify
from .legend import LegendItem, legend_items
from .points import ALL_RECORDS, OTHER_LABEL, UNKNOWN_LABEL, placed_points
from .zones import zone_tables, zones_for

__all__ = ["RECORD_TEXTS", "VALUES", "MapKeywords", "MapOptions", "MapSpec", "map_spec"]


#: Words for a table of records of any kind: used unless the data are the study's clusters.
RECORD_TEXTS = catalogue("map_records")


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
    weight : str or None
        The weight column's header when the choropleth sums a weight.
    specialisation : pandas.DataFrame or None
        With ``category``: that category's cells of the region × ``color_by`` cross-table
        (:meth:`clusteratlas.crosstab.CrossTable.category`), for the ``lq`` figure.
    unit : {"clusters", "records"}
        What a record is: a named cluster (the study's) or any record (a register's firm).
    weight_skipped : int
        Records left out of the weight's sums for want of a weight (``missing_weight="skip"``).
    value_skipped : int
        Placed records whose ``value`` column is empty or unknown ("n.d."): left out of its sums.
    weight_zeroed : int
        Records counted with a weight of 0 for want of one (``missing_weight="zero"``).
    value_unit : str or None
        The unit the ``value`` column's numbers share ("MDH" of "12,5 MDH"), said in its legend.
    size_skipped : int
        Placed records whose ``size_by`` column is empty or unknown: they add nothing to a symbol.
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
    profile: Profile | None = field(default=None, repr=False)
    weight: str | None = None
    specialisation: pd.DataFrame | None = field(default=None, repr=False)
    unit: str = "clusters"
    weight_skipped: int = 0
    value_skipped: int = 0
    weight_zeroed: int = 0
    size_skipped: int = 0
    value_unit: str | None = None

    def column_title(self, column: str) -> str:
        """Return a column's name as the user's file gives it ("Effectif" for ``employees``)."""
        header = str(headers(self.records).get(column) or "")
        return header or column

    def heading(self, column: str) -> str:
        """Return a column's header when nothing names it: the profile's label, else its name made readable.

        In another language than English, a core column takes the catalogue's name
        (``[fields]``: "sector" -> "Secteur"). Else underscores become spaces and the first letter
        is capitalised; the rest stays as written ("vocation" -> "Vocation", "code_ICE" -> "Code ICE").
        """
        label = self.profile.column_label(column, self.lang) if self.profile else None
        if label:
            return label
        if self.lang != "en":  # the catalogue's name of a core column ("sector" -> "Secteur"); English reads as named
            named = texts("fields", self.lang).get(column)
            if named:
                return named
        text = column.replace("_", " ").strip()
        return text[:1].upper() + text[1:]

    def group_name(self, group: str) -> str:
        """Return a group's name in the spec's language ("Unplaced" -> "Non localisés")."""
        fixed = {
            UNPLACED: self.texts["unplaced"],
            PROVINCE_UNKNOWN: self.texts["province_unknown"],
            UNKNOWN_LABEL: self.texts["unknown"],
            OTHER_LABEL: self.texts["other"],
        }
        return fixed.get(group, group)

    def category_title(self) -> str:
        """Return the title of the points' legend."""
        label = self.profile.column_label(self.color_by, self.lang) if self.profile else None
        if label:  # the profile's name for one of its columns
            return label
        if self.color_by == ALL_RECORDS:
            return self.texts["all_records"]
        header = str(headers(self.records).get(self.color_by) or "")
        if header and header != self.color_by:  # the user's own name for the column
            return header[:1].upper() + header[1:]
        if self.color_by == "sector":
            return self.texts["sector"]
        return self.heading(self.color_by)

    def categories(self, frame: pd.DataFrame) -> pd.Series:
        """Return the category of each row of ``frame`` (``Unknown`` for empty values), as the points show it.

        A value the profile names in the spec's language is shown by that name (the study's
        sector groups in French), as on the points.
        """
        if self.color_by == ALL_RECORDS or self.color_by not in frame:
            return pd.Series(self.texts["all_records"], index=frame.index, dtype=object)
        cat = frame[self.color_by].astype("string").str.strip()
        cat = _named(
            cat.where(cat.notna() & cat.ne(""), UNKNOWN_LABEL).astype(str),
            _value_names(self.profile, self.color_by, self.lang),
        )
        if OTHER_LABEL in self.colors:
            cat = cat.where(cat.isin(list(self.colors)), OTHER_LABEL)
        return cat

    def named(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Return ``frame`` with the values its profile names shown by their names in the spec's language.

        The study's sector groups read in French on a French page; ``frame`` itself is left
        as it is (the data keep their values), and returned as it is when nothing is named.
        """
        study = self.profile
        columns = [c for c in (study.values if study is not None else {}) if c in frame]
        names = {c: _value_names(study, c, self.lang) for c in columns}
        named = {c: _named(frame[c], n) for c, n in names.items() if n}
        return frame.assign(**named) if named else frame

    def legend_title(self) -> str:
        """Return the choropleth legend's title."""
        if self.value in self.texts:
            return self.texts[self.value]
        return with_unit(fill(self.texts["sum_of"] + " {value}", self.lang, value=self.value), self.value_unit)

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
        return legend_items(self)


@dataclass(frozen=True)
class MapOptions:
    """What a map shows, as one bundle of the options of :func:`map_spec`.

    Attributes
    ----------
    color_by : str, optional
        Column that colours the points (categorical). By default the profile's category
        column (:attr:`clusteratlas.profile.Profile.category`) when a profile applies, else
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
    zones : Zones, path or bool, optional
        Zones to outline and count (a zones file): by default the study profile's for the
        study's table and none for any other; ``False`` for none (see
        :func:`~clusteratlas.mapspec.zones.zones_for`).
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
    profile : Profile, str, Path or bool, optional
        The study profile whose column names and wording the map uses (see
        :func:`clusteratlas.profile.profile_for`): by default the default profile when
        the records carry one of its columns, none otherwise; ``False`` for none, ``True``
        for the default profile, or a profile (object, folder or shipped name).
    weight : str, optional
        A column of numbers: ``count``, ``share`` and ``per-capita`` are then its sum, its
        share and its sum per million inhabitants (see :func:`clusteratlas.shares`).
    missing_weight : {"error", "zero", "skip"}
        What a record without a weight counts for.
    category : str, optional
        A value of ``color_by``: the ``lq`` figure maps its location quotient per region.
    """

    color_by: str | None = None
    value: str = "count"
    scheme: str = "fisher_jenks"
    k: int | None = None
    breaks: list[float] | None = None
    size_by: str | None = None
    zones: Zones | str | Path | bool | None = None
    lang: str = "en"
    title: str | None = None
    subtitle: str = ""
    data_label: str = "records"
    periods: list[int] | tuple[int, ...] | None = None
    unit: str = "clusters"
    profile: Profile | str | Path | bool | None = None
    weight: str | None = None
    missing_weight: str = "error"
    category: str | None = None

    def __post_init__(self) -> None:
        """Check the choices of a registry once, as the options are made (before any data are read)."""
        SCHEMES.check(self.scheme)
        LANGUAGES.check(self.lang)
        UNITS.check(self.unit)


class MapKeywords(TypedDict, total=False):
    """The fields of :class:`MapOptions`, as keywords of :func:`map_spec`."""

    color_by: str | None
    value: str
    scheme: str
    k: int | None
    breaks: list[float] | None
    size_by: str | None
    zones: Zones | str | Path | bool | None
    lang: str
    title: str | None
    subtitle: str
    data_label: str
    periods: list[int] | tuple[int, ...] | None
    unit: str
    profile: Profile | str | Path | bool | None
    weight: str | None
    missing_weight: str
    category: str | None


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
        ``data_label``, ``periods``, ``unit``, ``profile``), documented there.

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
    '2 fiches au Maroc, d’après le tableau'
    """
    o = _resolved(geocoded, replace(options or MapOptions(), **keywords))
    study = profile_for(geocoded, o.profile)
    color_by = _check_options(geocoded, o, study)
    words = _texts(o, study)
    if o.weight is not None and o.value in VALUES:  # the legend says what is summed
        weight = header(geocoded, resolve_column(geocoded, o.weight))
        words[o.value] = fill(words[f"weighted_{o.value}"], o.lang, weight=weight)
    return _decided(geocoded, o, color_by, words, study)


def _texts(o: MapOptions, study: Profile | None) -> dict[str, str]:
    """Return the labels in ``o.lang``: the catalogue's, the words for any records, the profile's wording."""
    words = texts("map", o.lang)
    section = UNITS.get(o.unit)
    if section is not None:
        words |= texts(section, o.lang)
    if study is not None:  # typeset as the catalogue is (French spaces before ":")
        words |= {k: typeset(v, o.lang) for k, v in study.texts("map", o.lang).items()}
    return words


def _resolved(geocoded: pd.DataFrame, o: MapOptions) -> MapOptions:
    """Check that the records are geocoded; name ``color_by`` and ``size_by`` by our columns.

    The user's own headers name columns too (``Secteur`` is ``sector``).
    """
    missing = [c for c in ("region_code", "lat", "lon", "geocode_precision") if c not in geocoded]
    if missing:
        msg = (
            f"map_spec needs geocoded records (no {', '.join(repr(c) for c in missing)} column); geocode "
            "them first (clusteratlas.geocode), or give the file to clusteratlas.figure or web_map, which read "
            "and geocode it."
        )
        raise InputError(msg)
    color, size = o.color_by, o.size_by
    return replace(
        o, color_by=color and resolve_column(geocoded, color), size_by=size and resolve_column(geocoded, size)
    )


def _decided(
    geocoded: pd.DataFrame, o: MapOptions, color_by: str, texts_: dict[str, str], study: Profile | None
) -> MapSpec:
    """Compute every part of the specification from checked options."""
    numbers, value_unit = _with_numbers(geocoded, o)  # the value and size columns as numbers; records keep their text
    regions, classes, (skipped, zeroed) = _regions(numbers, o)
    value_skipped = 0 if o.value in VALUES else int(placed(numbers)[o.value].isna().sum())
    size_skipped = 0 if o.size_by is None else int(placed(numbers)[o.size_by].isna().sum())
    points, colors = placed_points(numbers, color_by, o.size_by, texts_, lang=o.lang)
    shown = _value_names(study, color_by, o.lang)  # the study's sector groups in French; the data keep them
    points, colors = points.assign(category=_named(points["category"], shown)), _keys_named(colors, shown)
    specialisation = _specialisation(geocoded, o, color_by)
    if specialisation is not None:
        specialisation = specialisation.assign(category=_named(specialisation["category"], shown))
    z = zones_for(o.zones, study, None if o.profile not in (None, False) else geocoded)  # asked for: its own
    zt, every = zone_tables(geocoded, z, o.lang, texts_)
    n = len(geocoded)
    title = o.title
    data = texts_["data_default"] if o.data_label == "records" else o.data_label  # the default, in the language
    if title is None:
        title = texts_["title_data_one" if n == 1 else "title_data"].format(n=number(n, o.lang), data=data)
    return MapSpec(
        value=o.value,
        regions=regions,
        classes=classes,
        color_by=color_by,
        colors=colors,
        points=points,
        unplaced=unplaced_list(geocoded, o.lang),
        zones=zt,
        zone_rest=z.rest,
        texts=texts_,
        lang=o.lang,
        title=title,
        subtitle=o.subtitle,
        source=texts_["source"].format(data=data),
        records=geocoded,
        periods=fit_periods(geocoded, breaks=o.periods),
        zone_groups=every,
        size_by=o.size_by,
        profile=study,
        weight=o.weight and header(geocoded, resolve_column(geocoded, o.weight)),
        specialisation=specialisation,
        unit=o.unit,
        weight_skipped=skipped,
        value_skipped=value_skipped,
        weight_zeroed=zeroed,
        size_skipped=size_skipped,
        value_unit=value_unit,
    )


def _value_names(study: Profile | None, column: str, lang: str) -> dict[str, str]:
    """Return the profile's display names of ``column``'s values in ``lang`` that differ from the values."""
    names = study.value_labels(column, lang) if study is not None else {}
    return {value: name for value, name in names.items() if name != value}


def _named(values: pd.Series, names: dict[str, str]) -> pd.Series:
    """Return ``values`` with each one ``names`` gives a display name for shown by it."""
    return values.map(lambda v: names.get(v, v)) if names else values


def _keys_named(colors: dict[str, str], names: dict[str, str]) -> dict[str, str]:
    """Return the category colours keyed by the categories' display names, in the same order."""
    return {names.get(k, k): v for k, v in colors.items()}


def _specialisation(geocoded: pd.DataFrame, o: MapOptions, color_by: str) -> pd.DataFrame | None:
    """Return the cells of ``o.category`` in the region × ``color_by`` cross-table, or ``None`` without a category."""
    if o.category is None:
        return None
    table = crosstab(geocoded, by=("region", color_by), weight=o.weight, missing_weight=o.missing_weight, geocode=False)
    return table.category(o.category)


def _user_columns(geocoded: pd.DataFrame) -> str:
    given = headers(geocoded)
    return ", ".join(str(given.get(c, c)) for c in geocoded.columns if not str(c).startswith("geocode_"))


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


def _with_numbers(geocoded: pd.DataFrame, o: MapOptions) -> tuple[pd.DataFrame, str | None]:
    """Return the records with the value and size columns read as numbers ("2 880", "12 MDH"), and the value's unit."""
    numbers, value_unit = geocoded.copy(), None
    for column in [c for c in (None if o.value in VALUES else o.value, o.size_by) if c is not None]:
        read = parse_numbers(geocoded[column], column=column, table=geocoded)  # says the unit
        numbers[column] = read.values
        value_unit = read.unit if column == o.value else value_unit
    return numbers, value_unit


def _not_numbers(geocoded: pd.DataFrame, column: str) -> str:
    """Say which cells of a column are no number (their rows and values), or that it is empty; "" if numbers."""
    values, bad, _ = read_numbers(geocoded[column])
    if len(bad):
        return describe_values(geocoded, column, (bad, "not a number"))
    return "all empty" if values.isna().all() else ""


def _check_options(geocoded: pd.DataFrame, o: MapOptions, study: Profile | None) -> str:
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
    color_by = o.color_by
    if color_by is None:
        defaults = (study.category, "sector") if study is not None else ("sector",)
        color_by = next((c for c in defaults if c in geocoded), ALL_RECORDS)
    if color_by not in geocoded and color_by != ALL_RECORDS:
        msg = f"no column {color_by!r} to colour the points by (color_by); use one of: {_user_columns(geocoded)}."
        raise InputError(msg)
    return color_by


def _regions(geocoded: pd.DataFrame, o: MapOptions) -> tuple[pd.DataFrame, Classes, tuple[int, int]]:
    """Return one row per region with its value, class, colour and legend label, and the classes.

    And the records a weight's sums leave out (``missing_weight="skip"``) and those they
    count as 0 (``"zero"``).
    """
    counted = shares(
        geocoded, by="region", per_capita=True, geocode=False, weight=o.weight, missing_weight=o.missing_weight
    )
    table = counted.table
    regions = table[table["group"] != UNPLACED].rename(columns={"group": "region", "code": "region_code"})
    regions = regions.reset_index(drop=True)
    custom = o.value not in VALUES
    if custom:
        placed_all = placed(geocoded)
        sums = pd.to_numeric(placed_all[o.value], errors="coerce").groupby(placed_all["region_code"]).sum()
        regions["value"] = regions["region_code"].map(sums).fillna(0.0).astype(float)
    else:
        column = "weight" if o.weight is not None and o.value == "count" else VALUES.get(o.value)
        regions["value"] = regions[column].astype(float)
    if o.weight is not None:  # count and share stay the records' (tooltips, captions); the value is the weight's
        regions["share"] = regions["count"] / max(int(table["count"].sum()), 1)
    kind = "number" if custom or (o.weight is not None and o.value == "count") else o.value
    classes = classify(regions["value"].to_numpy(), scheme=o.scheme, k=o.k, breaks=o.breaks, kind=kind, lang=o.lang)
    regions["class_index"] = classes.index
    regions["color"] = np.asarray(classes.colors, dtype=object)[classes.index]
    regions["label"] = np.asarray(classes.labels, dtype=object)[classes.index]
    return regions, classes, (counted.skipped, counted.zeroed)
