"""The words of a map: alt text, captions and the list of records not placed.

:func:`describe` writes a figure's alt text from the data it shows, in the spec's language;
:func:`unplaced_caption` the caption's line on the records not shown; :func:`unplaced_list`
names them with why.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from .._notes import translate_note
from ..aggregate import FEW_RECORDS, UNDATED, lever_counts, locale_key
from ..aggregate import periods as fit_periods
from ..geocode import bracketed, unrecognised_address
from ..geocode import unplaced as unplaced_records
from ..presentation import number, percent, texts, value_text
from ..records.rows import row_numbers
from ..registry import VALUES
from ..schema import is_placed, row_label
from .points import DENSITY_PLACES, OTHER_LABEL, PLACE_DECIMALS, place_count

if TYPE_CHECKING:
    from .spec import MapSpec

__all__ = [
    "ALT_PLACES_MAX",
    "ALT_UNPLACED_MAX",
    "LEVER_ROWS_MAX",
    "UNPLACED_LISTED",
    "describe",
    "few_record_note",
    "few_record_regions",
    "lower_first",
    "other_categories",
    "other_note",
    "plain_text",
    "region_values",
    "unplaced_caption",
    "unplaced_list",
    "unplaced_reasons",
    "weight_skipped_caption",
]


def alt_texts(spec: MapSpec) -> dict[str, str]:
    """Return the ``alt`` catalogue section in the spec's language and unit (the study's "clusters", or "records").

    The figure says its unit ("8 clusters" in the size key); its alt text says the same word.

    Parameters
    ----------
    spec : MapSpec

    Returns
    -------
    dict of str to str
    """
    words = texts("alt", spec.lang)
    if spec.unit == "clusters":
        words.update(texts("alt_clusters", spec.lang))
    return words


def _sep(lang: str) -> str:
    """Return what separates the items of a list in ``lang``: "; ", in French a narrow no-break space before."""
    return "\u202f; " if lang == "fr" else "; "


#: Above this many records the levers matrix has one row per category (its share of "yes"
#: per lever), not one per record: drawing a cell per record and lever grows with the rows.
LEVER_ROWS_MAX = 200


def unplaced_list(geocoded: pd.DataFrame, lang: str = "en") -> list[str]:
    """Name each record not placed, with why: the geocoder's note in English, a French phrase in French.

    A record with no town and no unrecognised address whose note names places (the address
    names places that disagree) is given its note in French, as the report gives it, not
    "aucun lieu indiqué".
    """
    rows = unplaced_records(geocoded)
    t = texts("map", lang)
    if lang == "en":  # the geocoder's own note
        return [
            t["unplaced_reason"].format(who=who, reason=bracketed(_with_spelling(city, reason)))
            for who, city, reason in rows.itertuples(index=False)
        ]
    address = unrecognised_address(rows["reason"]).tolist()
    told = _told_otherwise(rows, lang)
    # a cell of blanks, "-" or "?" is no place given, not a place not found
    rows = rows.assign(city=rows["city"].where(~rows["reason"].str.contains(_NO_PLACE, regex=True), ""))
    return [
        t["unplaced_city" if city else "unplaced_address" if said else "unplaced_none"].format(
            who=who, city=city, address=said
        )
        if not why
        else t["unplaced_reason"].format(who=who, reason=bracketed(why))
        for (who, city, _), said, why in zip(rows.itertuples(index=False), address, told, strict=True)
    ]


def _with_spelling(city: str, reason: str) -> str:
    """Return ``reason`` led by the spelling not found ("Zardrisa: not in the gazetteer; closest: …")."""
    return f"{city}: {reason}" if city and reason.startswith(_NOT_FOUND) else reason


#: The geocoder's note on a town cell it did not find (the note does not repeat the cell).
_NOT_FOUND = "not in the gazetteer"


def _told_otherwise(rows: pd.DataFrame, lang: str) -> list[str]:
    """Return, per record not placed, its note in ``lang`` where it names no town yet names places, or a place abroad.

    Those records (the address or the town cell names places that disagree) are not "no
    place given", and a town abroad is not "lieu introuvable": they are written as the
    report writes them (the whole note in ``lang``: "Paris (FR) est un lieu hors Maroc").
    """
    notes = rows["reason"].astype("string").fillna("")
    unnamed = rows["city"].astype("string").fillna("").str.strip().eq("") & unrecognised_address(notes).eq("")
    said = unnamed & notes.str.contains(_DISAGREE, regex=True) & ~notes.str.contains(_NO_PLACE, regex=True)
    said |= notes.str.contains(_ABROAD, regex=True)  # found, but abroad: not "lieu introuvable"
    codes, uniques = pd.factorize(notes.where(said, ""))
    written = np.array([translate_note(str(note), lang) for note in uniques], dtype=object)
    return [str(w) for w in written[codes]]


#: Up to this many records not placed are named one by one in a figure's caption; above
#: it the caption counts them by reason (the geocoded CSV lists every one).
UNPLACED_LISTED = 5

#: Notes of records whose address or town cell names places in different regions.
_DISAGREE = r"names places that disagree"
#: Notes of records placed outside the country (a town abroad, coordinates outside).
_ABROAD = r"outside"
#: Notes of records that name no place at all ("no place given" says it).
_NO_PLACE = r"no place name given|no location given"

#: Why a record is not placed, read from its geocode note (first pattern that matches).
_REASONS = (
    ("reason_address", r"^address not recognised"),
    ("reason_no_place", _NO_PLACE),
    ("reason_abroad", _ABROAD),
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
        Catalogue key (``reason_address``, ``reason_not_found``, ``reason_abroad``,
        ``reason_no_place``, ``reason_other``) -> records; only reasons that occur. Ties keep that order.
    """
    bad = ~is_placed(geocoded)
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
        return t["not_shown"].format(n=n, names=_sep(spec.lang).join(spec.unplaced))
    reasons = ", ".join(t[k].format(n=number(c, spec.lang)) for k, c in unplaced_reasons(spec.records).items())
    return t["not_shown_summary"].format(n=number(n, spec.lang), reasons=reasons)


def weight_skipped_caption(spec: MapSpec) -> str:
    """Return the lines saying how many records the sums leave out ("" when none).

    Those without a weight (``--missing-weight skip``; with ``zero``: counted as 0), and those whose ``--value`` cell is
    empty or unknown ("n.d."): a region's sum of that column counts none of them.
    """
    lines = []
    for n, many, one in (
        (spec.weight_skipped, "weight_skipped", "weight_skipped_one"),
        (spec.weight_zeroed, "weight_zeroed", "weight_zeroed_one"),
    ):
        if n and spec.weight is not None:
            lines.append(spec.texts[one if n == 1 else many].format(n=number(n, spec.lang), weight=spec.weight))
    k = spec.value_skipped
    if k and spec.value not in VALUES:
        key = "value_skipped_one" if k == 1 else "value_skipped"
        lines.append(spec.texts[key].format(n=number(k, spec.lang), value=spec.column_title(spec.value)))
    return " ".join(lines)


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
        parts.append(weight_skipped_caption(spec))
    groups = spec.zone_groups if spec.zone_groups is not None else spec.zones
    if kind != "timeline" and len(groups):
        zones = _sep(spec.lang).join(
            f"{g} {number(c, spec.lang)} ({percent(s, spec.lang)})"
            for g, c, s in zip(groups["label"], groups["count"], groups["share"], strict=True)
        )
        parts.append(alt_texts(spec)["zones"].format(zones=zones))
    if spec.unplaced:
        parts.append(_describe_unplaced(spec))
    parts.append(spec.source)
    return " ".join(p for p in parts if p)


#: The alt text names at most this many records not shown, with their file rows, then says
#: how many more there are and where they are listed (the PDF's Subject and the report's
#: paragraph under a map are the alt text: the same cap).
ALT_UNPLACED_MAX = 10
#: The alt text names at most this many places of a points or hexagon map, with their records.
ALT_PLACES_MAX = 10


def plain_text(text: str) -> str:
    """Return ``text`` on one line: tabs, line breaks and runs of spaces become one space.

    No-break spaces (French typography's, before ``:`` and ``;``) are kept as they are.
    """
    return re.sub(r"[ \t\n\r\f\v\x1c-\x1f\x85\u2028\u2029]+", " ", text).strip(" ")


def _describe_unplaced(spec: MapSpec) -> str:
    """Name the first :data:`ALT_UNPLACED_MAX` records not shown with their rows, then "and N more: see …"."""
    first = unplaced_records(spec.records, limit=ALT_UNPLACED_MAX)
    rows = row_numbers(spec.records, np.flatnonzero(~is_placed(spec.records))[:ALT_UNPLACED_MAX])
    label = row_label(spec.records)
    where = texts("report", spec.lang).get(f"label_{label}", label)  # "ligne" in French
    colon = "\u00a0:" if spec.lang == "fr" else ":"
    names = [f"{where} {r}{colon} {u}" for r, u in zip(rows, spec.unplaced[: len(first)], strict=True)]
    a = alt_texts(spec)
    if len(spec.unplaced) > len(names):
        names.append(a["more_unplaced"].format(n=number(len(spec.unplaced) - len(names), spec.lang)))
    listed = plain_text(_sep(spec.lang).join(names)).replace(_PARAMETER_HINT, a["aliases_hint"])
    return spec.texts["not_shown"].format(n=number(len(spec.unplaced), spec.lang), names=listed) + "."


#: The geocoder's hint names the Python parameter; a figure's reader is told the command line's option too.
_PARAMETER_HINT = "[`aliases`]"


def _region_map(spec: MapSpec) -> str:
    words = alt_texts(spec)["region_map"]
    return words[0].upper() + words[1:]


def _describe_levers(spec: MapSpec) -> str:
    """Describe the levers matrix: the profile's levers, named in the spec's language."""
    a = alt_texts(spec)
    study = spec.profile
    label = study.lever_labels(spec.lang) if study is not None else {}
    short = study.lever_short(spec.lang) if study is not None else {}
    counted = lever_counts(spec.records, list(label))
    per = _sep(spec.lang).join(
        a["lever"].format(short=short[c], label=label[c], yes=int(row.yes), known=int(row.known))
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
    a = alt_texts(spec)
    years = pd.to_numeric(spec.records["year"], errors="coerce") if "year" in spec.records else pd.Series()
    known = years.dropna()
    every = spec.categories(spec.records).value_counts()
    listing = _sep(spec.lang).join(
        spec.texts["labelled_value"].format(label=spec.group_name(c), value=number(every.get(c, 0), spec.lang))
        for c in sorted(every.index, key=lambda c: (locale_key(c), c))
    )
    listing += _other_holds(spec)
    span = a["span"].format(a=int(known.min()), b=int(known.max())) if len(known) else ""
    known_n, n = number(len(known), spec.lang), number(len(spec.records), spec.lang)
    out = a["timeline"].format(span=span, known=known_n, n=n, listing=listing, periods=_period_placed(spec))
    if place_count(spec.points) > DENSITY_PLACES:  # the small maps draw hexagons, as the points map does
        out += " " + a["timeline_density"]
        coarse = int(spec.points["coarse"].sum()) if "coarse" in spec.points else 0
        if coarse:
            out += " " + a["coarse"].format(k=number(coarse, spec.lang))
    return out


def _period_placed(spec: MapSpec) -> str:
    """Return each period's placed records of those created in it, as its map's title ("2005–2009: 446 of 510").

    A period map draws only the placed records (``spec.points``); the records without a year
    have no map (the sentence gives their number already).
    """
    a, lang = alt_texts(spec), spec.lang
    p = spec.periods or fit_periods(spec.records)
    placed = p.labels.reindex(spec.points.index).value_counts()
    return _sep(lang).join(
        spec.texts["labelled_value"].format(
            label=k, value=a["period_of"].format(placed=number(int(placed.get(k, 0)), lang), n=number(v, lang))
        )
        for k, v in p.counts().items()
        if k != UNDATED
    )


def other_categories(spec: MapSpec) -> list[tuple[str, int]]:
    """Return the categories drawn as "Other" (:func:`~.points.fold_categories`) with their records on the map.

    Most records first, ties by name; empty when nothing was merged.
    """
    points = spec.points
    if OTHER_LABEL not in spec.colors or spec.color_by not in points:
        return []
    merged = points.loc[points["category"].eq(OTHER_LABEL).to_numpy(dtype=bool), spec.color_by]
    counts = merged.astype("string").str.strip().value_counts()
    return sorted(((str(c), int(n)) for c, n in counts.items()), key=lambda cn: (-cn[1], locale_key(cn[0]), cn[0]))


def other_note(spec: MapSpec) -> str:
    """Return the note that says which categories "Other" holds, with their records ("" when none)."""
    merged = other_categories(spec)
    if not merged:
        return ""
    names = ("\u00a0; " if spec.lang == "fr" else "; ").join(f"{c} ({number(n, spec.lang)})" for c, n in merged)
    return spec.texts["labelled_value"].format(label=spec.texts["other"], value=names) + "."


def _other_holds(spec: MapSpec) -> str:
    """Return " (Other: 4 categories merged, A 372, B 366 …)" after a list of categories, "" when none merged."""
    merged = other_categories(spec)
    if not merged:
        return ""
    held = ", ".join(f"{c} {number(n, spec.lang)}" for c, n in merged)
    return " " + spec.texts["other_holds"].format(k=len(merged), names=held)


def _describe_points(spec: MapSpec) -> list[str]:
    a, lang = alt_texts(spec), spec.lang
    counts = spec.points["category"].value_counts()
    value = spec.texts["labelled_value"]
    listing = _sep(spec.lang).join(
        value.format(label=spec.group_name(c), value=number(counts.get(c, 0), lang)) for c in spec.colors
    )
    listing += _other_holds(spec)
    places = place_count(spec.points)
    shown, n, by = number(len(spec.points), lang), number(len(spec.records), lang), spec.category_title()
    if places > DENSITY_PLACES:  # hexagons show the records' density only, not their categories
        out = [a["points_density"].format(map=_region_map(spec), shown=shown, n=n, by=by, listing=listing)]
        coarse = int(spec.points["coarse"].sum()) if "coarse" in spec.points else 0
        if coarse:
            out.append(a["coarse"].format(k=number(coarse, lang)))
    else:
        how = _sized(spec, places)
        out = [a["points"].format(map=_region_map(spec), shown=shown, n=n, how=how, by=by, listing=listing)]
        out.append(_size_unknown(spec))
    if places:
        out.append(_describe_places(spec))
    if spec.points["uncertain"].any():
        uncertain = a["uncertain_density" if places > DENSITY_PLACES else "uncertain"]  # no diamonds on hexagons
        out.append(uncertain.format(k=number(int(spec.points["uncertain"].sum()), lang)))
    return out


def _sized(spec: MapSpec, places: int) -> str:
    """Say what sizes the symbols: the number of records, or the sum of ``size_by``."""
    a, count = alt_texts(spec), number(places, spec.lang)
    if spec.size_by is None:
        return a["places"].format(places=count)
    return a["places_sized"].format(places=count, column=spec.column_title(spec.size_by))


def _size_unknown(spec: MapSpec) -> str:
    """Say how many records shown have no ``size_by`` value (they add nothing to a symbol's size); "" if none."""
    k = spec.size_skipped  # counted where the spec read the column as numbers
    if spec.size_by is None or not k:
        return ""
    key = "size_unknown_one" if k == 1 else "size_unknown"
    return alt_texts(spec)[key].format(k=number(k, spec.lang), column=spec.column_title(spec.size_by))


def _describe_places(spec: MapSpec) -> str:
    """Name the :data:`ALT_PLACES_MAX` places with most records, each with its records, then "and N more"."""
    points, lang = spec.points, spec.lang
    name = points["place"].astype("string").fillna("") if "place" in points else pd.Series("", index=points.index)
    if "city" in points:
        name = name.where(name.ne(""), points["city"].astype("string").fillna(""))
    table = pd.DataFrame(
        {
            "lat": points["lat"].round(PLACE_DECIMALS).to_numpy(),
            "lon": points["lon"].round(PLACE_DECIMALS).to_numpy(),
            "name": name.map(plain_text).to_numpy(),
        }
    )
    counted = table.groupby(["lat", "lon"], sort=True).agg(name=("name", "max"), n=("name", "size")).reset_index()
    counted = counted.sort_values(["n", "name"], ascending=[False, True], kind="mergesort")
    top = counted.head(ALT_PLACES_MAX if len(counted) > ALT_PLACES_MAX + 1 else ALT_PLACES_MAX + 1)  # no "and 1 more"
    said = [f"{nm or '?'} {number(int(n), lang)}" for nm, n in zip(top["name"], top["n"], strict=True)]
    a = alt_texts(spec)
    if len(counted) > len(top):
        said.append(a["more"].format(n=number(len(counted) - len(top), lang)))
    return a["top_places"].format(places=("\u00a0; " if lang == "fr" else "; ").join(said)) + "."


def region_values(spec: MapSpec) -> list[str]:
    """Return each region with its own value as the legend writes values, highest first ("Casablanca-Settat 9").

    Ties keep the regions' order. Every region is named, those with no record too, so the
    alt text gives what a sighted reader sees on the map, not only the class ranges.
    """
    ranked = spec.regions.sort_values("value", ascending=False, kind="mergesort")
    custom = spec.value not in ("count", "share", "per-capita")
    kind = "number" if custom or (spec.weight is not None and spec.value == "count") else spec.value
    none = lower_first(spec.texts["lq_none"])  # no value (a quotient without records): what the map shows
    pairs = zip(ranked["region"], ranked["value"], strict=True)
    return [f"{r} ({none})" if pd.isna(v) else f"{r} {value_text(float(v), kind, spec.lang)}" for r, v in pairs]


def lower_first(text: str) -> str:
    """Return ``text`` with its first letter lowercased, unless it begins an acronym; the rest as written.

    A title set inside a sentence keeps the user's names as they wrote them.

    Examples
    --------
    >>> lower_first("Location quotient of Textile et cuir"), lower_first("IT share")
    ('location quotient of Textile et cuir', 'IT share')
    """
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def _describe_choropleth(spec: MapSpec, *, lead: bool) -> list[str]:
    a = alt_texts(spec)
    top = _sep(spec.lang).join(region_values(spec))
    start = a["choropleth_lead"].format(map=_region_map(spec)) if lead else a["combined_lead"]
    # French class bounds carry decimal commas ("0,19"): the classes are then set apart by semicolons.
    between = _sep(spec.lang) if spec.lang == "fr" else ", "
    what, labels = lower_first(spec.legend_title()), between.join(spec.classes.labels)
    out = [a["choropleth"].format(lead=start, what=what, k=len(spec.classes.labels), labels=labels, top=top)]
    few = few_record_regions(spec)
    if few:
        out.append(spec.texts[few_record_note(spec)].format(k=FEW_RECORDS, names=", ".join(few)).lstrip("* "))
    return out


def few_record_regions(spec: MapSpec) -> list[str]:
    """Regions whose shaded value rests on few records: per-capita values on 1 to 4, quotients on a cell under 5.

    Empty for other values. A location-quotient figure's spec (``value="lq"``) names the
    regions with a quotient whose cell of the category holds fewer than
    :data:`~clusteratlas.aggregate.FEW_RECORDS` records (0 included: a zero resting on a
    handful of records is as fragile).
    """
    if spec.value == "lq" and spec.specialisation is not None:
        cells = spec.specialisation
        fragile = cells["few_records"].astype(bool) & cells["location_quotient"].notna()
        codes = set(cells.loc[fragile, "code"].astype(str))
        return [str(r) for r, c in zip(spec.regions["region"], spec.regions["region_code"], strict=True) if c in codes]
    if spec.value != "per-capita":
        return []
    few = spec.regions[(spec.regions["count"] > 0) & (spec.regions["count"] < FEW_RECORDS)]
    return [str(r) for r in few["region"]]


def few_record_note(spec: MapSpec) -> str:
    """Return the catalogue key of the note on regions of few records: ``few`` (per capita) or ``few_lq``."""
    return "few_lq" if spec.value == "lq" else "few"
