"""What a report is, and how it is built: :class:`Report`, its options, :func:`build_report` and :func:`report`.

A :class:`Report` is a title, a language and a list of sections (:mod:`.sections`), in the
order a reader meets them: summary and map, shares, regional profiles, levers, claims,
comparison, provenance, method. Every number comes from :func:`clusteratlas.shares` and
:func:`clusteratlas.evaluate_claims`, so the report and the command line agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, TypedDict, Unpack

import pandas as pd

from ..aggregate import Zones, load_zones
from ..claims import load_claims
from ..mapspec.zones import zones_for
from ..options import ReadOptions, read_geocoded
from ..presentation import number
from ..profile import profile_for
from ..registry import LANGUAGES
from . import sections as s
from ._crosstab import crosstab_sections
from .compare import compare_section, load_renames
from .sections import Section, Table

__all__ = ["Report", "ReportKwargs", "ReportOptions", "build_report", "report"]

#: Claims as :func:`build_report` and :func:`report` take them: a file, or claims already loaded.
_Claims = str | Path | list[dict[str, Any]] | None


@dataclass(frozen=True)
class Report:
    """A built report; render it with :func:`render_html` or :func:`render_markdown`."""

    title: str
    lang: str
    sections: list[Section]

    def tables(self) -> list[Table]:
        """Every table of every section, in order."""
        return [t for sec in self.sections for t in sec.tables]


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
    cross_by : str, optional
        A column to cross with the regions (``"Secteur"``, or ``"province,Secteur"``): a
        specialisation section with each cell's location quotient and its records or weights.
    weight : str, optional
        A column of numbers: the specialisation section gives the regions' shares of its sum
        (and the cross-table sums it); see :func:`clusteratlas.shares`.
    missing_weight : {"error", "zero", "skip"}, default "error"
        What a record without a weight counts for.
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
    cross_by: str | None = None
    weight: str | None = None
    missing_weight: str = "error"


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
    cross_by: str | None
    weight: str | None
    missing_weight: str


def _checked(options: ReportOptions | None, changes: ReportKwargs) -> ReportOptions:
    """Return ``options`` with ``changes`` applied, its language checked.

    Raises
    ------
    InputError
        If ``lang`` is not a language of the report.
    """
    o = replace(options or ReportOptions(), **changes)
    LANGUAGES.check(o.lang)  # the registry's error names the parameter and lists the languages
    return o


def _context(geocoded: pd.DataFrame, lang: str, zones: Zones | str | Path | bool | None) -> s.Context:
    """Return what the sections read: the texts with the profile's wording, the zones, the profile that applies."""
    study = profile_for(geocoded)
    return s.Context(geocoded, s.report_texts(lang, study), lang, zones_for(zones, study, geocoded), study)


def build_report(
    geocoded: pd.DataFrame,
    *,
    zones: Zones | str | Path | bool | None = None,
    claims: _Claims = None,
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
    zones : Zones, path or bool, optional
        Zones (a zones file): by default the study profile's for the study's table and none
        for any other (no zones section); ``False`` for none.
    claims : path or list of dict, optional
        Claims to check (a claims file, or claims already loaded). Without them the report
        has no claims section: a study's claims are only judged when asked for.
    compare : pandas.DataFrame, optional
        Another geocoded dataset (the earlier one) to compare with.
    renames : dict, optional
        Declared renames for the comparison (:func:`load_renames`).
    options : ReportOptions, optional
        Language, figure, title, periods, columns, labels, cross-table and weight.
    **changes
        Fields of :class:`ReportOptions` that replace those of ``options`` (``lang="fr"``).

    Returns
    -------
    Report

    Raises
    ------
    InputError
        If ``lang`` is not a language of the report, or ``group_by`` names no column.
    """
    o = _checked(options, changes)
    c = _context(geocoded, o.lang, zones)
    t = c.t
    data_label = o.data_label or "records"
    title = o.title if o.title is not None else t["title_data"].format(n=number(len(geocoded), o.lang), data=data_label)
    periods = list(o.periods) if o.periods is not None else None
    lever_cols = [col for col in c.lever_short if s.has_values(geocoded, col)]
    sections = [
        # the map keeps its own default title ("26 records in Morocco, from …")
        s.summary_section(c, figure=o.figure, data_label=data_label, map_title=o.title, periods=periods, unit=o.unit),
        *s.share_sections(c, group_by=list(o.group_by) if o.group_by is not None else None, periods=periods),
        *crosstab_sections(c, cross_by=o.cross_by, weight=o.weight, missing_weight=o.missing_weight),
        s.profiles_section(c, lever_cols),
    ]
    optional = [s.levers_section(c, lever_cols), s.claims_section(c, claims)]
    if compare is not None:
        optional.append(compare_section(c, compare, renames, o.compare_label or "", data_label))
    sections += [sec for sec in optional if sec is not None]
    sections += [s.provenance_section(c, o.data_file, data_label), s.method_section(c)]
    return Report(title=title, lang=o.lang, sections=sections)


def report(
    data: str | Path | pd.DataFrame,
    *,
    zones: Zones | str | Path | bool | None = None,
    claims: _Claims = None,
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
    zones : Zones, path or bool, optional
        Zones (a zones file): by default the study profile's for the study's table and none
        for any other (no zones section); ``False`` for none.
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
    read = read or ReadOptions()
    o = replace(options or ReportOptions(), **changes)
    z = load_zones(zones) if isinstance(zones, str | Path) else zones  # read once, before the data
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
