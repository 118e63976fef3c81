"""A study reproduced: its numbers recomputed from its own table, its claims checked (`clusteratlas reproduce`).

What is reproduced comes from a study profile (:mod:`clusteratlas.profile`): its records,
zones, claims, periods, figures and wording. By default the shipped ``study`` profile, or
the one ``CLUSTERATLAS_PROFILE`` names.
"""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Unpack

import pandas as pd

from . import reporting
from ._gis import csvt_text
from ._resources import VERSION, atomic_write, check_not_input, staged_folder
from .aggregate import Shares, Zones, load_zones, shares
from .claims import ClaimResult, claims_frame, evaluate_claims, load_claims
from .export import _display, markdown_table, markdown_text, write_csv, write_csvt, write_geo
from .geocode import unplaced
from .geography import pack
from .interactive import interactive_map, write_map
from .mapspec import describe, map_spec
from .options import ReadKwargs, ReadOptions, read_geocoded
from .presentation import texts
from .profile import Profile, load_profile
from .registry import UNITS
from .schema import count_placed
from .static import alt_path, caption_path, figure, journal_caption, save_figure
from .static.save import journal_alt

__all__ = [
    "GEOGRAPHIC_SHARES",
    "MAP_NAME",
    "Reproduction",
    "claims_table",
    "output_names",
    "reproduce",
    "reproduction_markdown",
    "results_status",
    "share_tables",
    "write_figures",
    "write_reports",
]

#: The groupings whose shares (with per-capita values) every reproduction writes.
GEOGRAPHIC_SHARES = ("zone", "region", "province")
#: The HTML map every reproduction writes.
MAP_NAME = "clusters.html"


@dataclass(frozen=True)
class Reproduction:
    """What :func:`reproduce` computed and wrote.

    Attributes
    ----------
    records : pandas.DataFrame
        The geocoded records.
    shares : dict of str to Shares
        By ``zone``, ``region``, ``province``, then the profile's columns
        (:attr:`clusteratlas.profile.Profile.shares`).
    claims : list of ClaimResult
        The published claims against the recomputed values.
    files : list of Path
        Every file written, in order.
    """

    records: pd.DataFrame
    shares: dict[str, Shares]
    claims: list[ClaimResult]
    files: list[Path] = field(default_factory=list)


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _unplaced(records: pd.DataFrame) -> list[dict[str, str]]:
    return [
        {"name": who, "city": city, "reason": reason} for who, city, reason in unplaced(records).itertuples(index=False)
    ]


def _same_file(path: Path, own: Path) -> bool:
    """Whether ``path`` is the profile's own data: the same file, or the same bytes (a copy of it)."""
    try:
        if path.resolve() == own.resolve():
            return True
        return path.stat().st_size == own.stat().st_size and path.read_bytes() == own.read_bytes()
    except OSError:  # unreadable: the reader says so
        return False


def reproduce(  # noqa: PLR0913 - the inputs, then how the figures are drawn
    data: str | Path | None = None,
    out: str | Path = "maps",
    *,
    profile: Profile | str | Path | None = None,
    zones: str | Path | Zones | None = None,
    claims: str | Path | list[dict[str, Any]] | None = None,
    figures: bool = True,
    data_label: str | None = None,
    read: ReadOptions | None = None,
    journal: bool = False,
    **reading: Unpack[ReadKwargs],
) -> Reproduction:
    """Geocode a study's records, aggregate them and recompute every published claim.

    Parameters
    ----------
    data : str or Path, optional
        The records; defaults to the profile's (the study's ``data/clusters.csv``).
    out : str or Path, default "maps"
        Folder to write into (created).
    profile : Profile, str or Path, optional
        The study (:func:`~clusteratlas.profile.load_profile`; default ``CLUSTERATLAS_PROFILE``, else ``study``).
    zones : str, Path or Zones, optional
        Zones file (default: the profile's).
    claims : str, Path or list of dict, optional
        Claims file, or claims already loaded; defaults to the profile's. ``[]`` checks none.
    figures : bool, default True
        Also draw the profile's figures, the HTML map and the report.
    data_label : str, optional
        How figure source lines name the data (default: the profile's label for its own data, else the file's name).
    read : ReadOptions, optional
        Sheet, layer, aliases and ``strict`` (raise when some records can't be placed).
    journal : bool, default False
        Figures journal-style: title, credits and key in ``NAME.caption.txt`` and the alt text.
    **reading
        Fields of :class:`~clusteratlas.options.ReadOptions` that replace those of ``read``.

    Returns
    -------
    Reproduction
        Also written to ``out``: ``geocoded.gpkg`` and ``.csv``, ``shares_by_zone.csv`` (region,
        province, the profile's columns), ``claims.csv``, ``reproduction.json`` and ``.md``.
    """
    study = profile if isinstance(profile, Profile) else load_profile(profile)
    path = study.data if data is None else Path(data)
    label = data_label or (study.data_label if data is None or _same_file(path, study.data) else path.name)
    zones_obj, claim_list = _inputs(study, Path(out), path, zones, claims)
    geo = read_geocoded(path, read := replace(read or ReadOptions(), **reading))
    tables = share_tables(geo, zones_obj, profile=study)
    results = evaluate_claims(geo, claims=claim_list, zones=zones_obj)
    with staged_folder(out) as stage:  # all files or none: moved into `out` together at the end
        files = _write_results(geo, tables, results, stage, data=path, zones=zones_obj, profile=study)
        if figures:
            files += write_figures(geo, stage, zones=zones_obj, data_label=label, profile=study, journal=journal)
            files += write_reports(
                geo, stage, zones=zones_obj, claims=claim_list, data=path, data_label=label, read=read, profile=study
            )
    files = [Path(out) / f.relative_to(stage) for f in files]
    return Reproduction(records=geo, shares=tables, claims=results, files=files)


def _inputs(
    study: Profile, out: Path, data: Path, zones: str | Path | Zones | None, claims: str | Path | list[Any] | None
) -> tuple[Zones, list[dict[str, Any]]]:
    """Refuse, before any work, outputs that are inputs; read the zones and claims (the profile's by default)."""
    inputs = [data, None if isinstance(claims, list) else claims, None if isinstance(zones, Zones) else zones]
    check_not_input([out / name for name in output_names(study)], inputs)
    zones_obj = zones if isinstance(zones, Zones) else load_zones(study.zones if zones is None else zones)
    claim_list = claims if isinstance(claims, list) else load_claims(study.claims if claims is None else claims)
    return zones_obj, claim_list


def share_tables(geo: pd.DataFrame, zones: Zones, *, profile: Profile | None = None) -> dict[str, Shares]:
    """Return the shares :func:`reproduce` writes: by zone, region, province (per capita), by the profile's columns."""
    study = profile or load_profile()
    tables = {by: shares(geo, by=by, zones=zones, per_capita=True) for by in GEOGRAPHIC_SHARES}
    for column in study.shares:
        if column in geo:
            tables[column] = shares(geo, by=column)
    return tables


def _write_results(
    geo: pd.DataFrame,
    tables: dict[str, Shares],
    results: list[ClaimResult],
    out: Path,
    *,
    data: Path,
    zones: Zones,
    profile: Profile,
) -> list[Path]:
    """Write the geocoded records, the shares, the claims and the summaries (JSON, Markdown); return the paths."""
    files = [write_geo(geo, out / "geocoded.gpkg"), write_csv(geo, out / "geocoded.csv")]
    files.append(write_csvt(out / "geocoded.csv", csvt_text(geo)))  # its column types, for QGIS and GDAL
    for by, table in tables.items():
        files.append(write_csv(table.table, out / f"shares_by_{by}.csv"))
    files.append(write_csv(claims_frame(results), out / "claims.csv"))
    with atomic_write(out / "reproduction.json", "w", encoding="utf-8") as f:
        json.dump(_summary(geo, tables, results, data=data, zones=zones), f, ensure_ascii=False, indent=2)
        f.write("\n")
    files.append(out / "reproduction.json")
    with atomic_write(out / "reproduction.md", "w", encoding="utf-8") as f:
        f.write(reproduction_markdown(geo, tables, results, data=data, zones=zones, profile=profile))
    files.append(out / "reproduction.md")
    return files


def _summary(
    geo: pd.DataFrame, tables: dict[str, Shares], results: list[ClaimResult], *, data: Path, zones: Zones
) -> dict[str, Any]:
    """Return the content of ``reproduction.json``."""
    return {
        "clusteratlas": VERSION,
        "data": {"file": data.name, "sha256": _sha256(data)},
        "zones": Path(zones.source).name,
        "records": len(geo),
        "placed": count_placed(geo),
        "geocode_status": {k: int(v) for k, v in geo["geocode_status"].value_counts().sort_index().items()},
        "unplaced": _unplaced(geo),
        "shares": {by: t.to_dict() for by, t in tables.items()},
        "claims": [r.as_row() for r in results],
    }


def output_names(profile: Profile | None = None) -> list[str]:
    """Return the name of every file :func:`reproduce` may write into its folder (the default profile's by default)."""
    study = profile or load_profile()
    names = ["geocoded.gpkg", "geocoded.csv", "claims.csv", "reproduction.json", "reproduction.md"]
    names += [f"shares_by_{by}.csv" for by in (*GEOGRAPHIC_SHARES, *study.shares)]
    names += [MAP_NAME, "report.html", "report.md", "report_map.png"]
    for fig in study.figures:
        names += [f"{fig.name}{ext}" for ext in fig.formats] + [f"{fig.name}.alt.txt", f"{fig.name}.caption.txt"]
    return names


def _missing_column(kind: str, geo: pd.DataFrame, study: Profile) -> str | None:
    """Return the column a figure kind needs and the records lack ("year", "lever"), or ``None``."""
    if kind == "timeline" and "year" not in geo:
        return "year"
    if kind == "levers" and not any(c in geo for c in study.lever_columns):
        return "lever"
    return None


def write_figures(
    geo: pd.DataFrame,
    out: Path,
    *,
    zones: Zones,
    data_label: str,
    profile: Profile | None = None,
    journal: bool = False,
) -> list[Path]:
    """Draw the profile's figures and the HTML map into ``out``; return the paths.

    Titles are the catalogue's ``map.title`` (naming the pack's country); the creation
    periods and wording are the profile's (the default profile's by default). With
    ``journal``, each figure's title, credits and key go into ``NAME.caption.txt``.
    """
    import matplotlib.pyplot as plt

    study = profile or load_profile()
    section = UNITS.get(study.unit)  # the figures' unit word: "16 of 17 clusters placed" (M17)
    words = texts("map", "en") | (texts(section, "en") if section else {})
    subtitle = f"{words['placed_of'].format(placed=count_placed(geo), total=len(geo))}; {pack().texts['en']['frame']}"
    spec = map_spec(
        geo,
        zones=zones,
        data_label=data_label,
        subtitle=subtitle,
        title=texts("map", "en")["title"],
        periods=study.periods,
        unit=study.unit,
        profile=study,
    )
    written: list[Path] = [write_map(interactive_map(spec), out / MAP_NAME)]
    for fig_spec in study.figures:
        missing = _missing_column(fig_spec.kind, geo, study)
        if missing is not None:
            logging.getLogger("clusteratlas").info(
                "no %s figure: the records have no %s column", fig_spec.kind, missing
            )
            continue
        fig = figure(spec, fig_spec.kind)
        try:
            alt, caption = describe(spec, fig_spec.kind), journal_caption(fig) if journal else None
            alt = alt if caption is None else journal_alt(alt, caption)
            for ext in fig_spec.formats:
                written.append(save_figure(fig, out / f"{fig_spec.name}{ext}", alt_text=alt, caption=caption))
        finally:
            plt.close(fig)
        written += [alt_path(out / f"{fig_spec.name}.png")] + ([caption_path(out / fig_spec.name)] if journal else [])
    return written


def write_reports(
    geo: pd.DataFrame,
    out: Path,
    *,
    zones: Zones,
    claims: list[dict[str, object]],
    data: Path,
    data_label: str,
    read: ReadOptions | None = None,
    profile: Profile | None = None,
) -> list[Path]:
    """Write ``report.html`` and ``report.md`` with :func:`clusteratlas.report`.

    The report of the profile's own data is compared with its earlier table
    (:attr:`~clusteratlas.profile.Profile.compare`) when there is one.
    """
    study = profile or load_profile()
    earlier = study.compare
    own = data.resolve() == study.data.resolve() and earlier is not None and earlier.is_file()
    read = read or ReadOptions()
    built = reporting.report(  # looked up when called: the report's tests spy on it
        geo,
        zones=zones,
        claims=claims,
        compare=earlier if own else None,
        read=ReadOptions(aliases=read.aliases),
        data_label=data_label,
        data_file=data,
        title=texts("report", "en")["title"],
        periods=study.periods,
        unit=study.unit,
    )
    return reporting.write_report(built, out / "report.html") + reporting.write_report(built, out / "report.md")


def claims_table(results: list[ClaimResult]) -> pd.DataFrame:
    """Return the claims as a display table: claim, published, recomputed, status."""
    return pd.DataFrame(
        {
            "claim": [r.id for r in results],
            "published": [r.published for r in results],
            "recomputed": [r.recomputed for r in results],
            "status": [r.status for r in results],
        }
    )


def reproduction_markdown(
    geo: pd.DataFrame,
    tables: dict[str, Shares],
    results: list[ClaimResult],
    *,
    data: Path,
    zones: Zones,
    profile: Profile | None = None,
) -> str:
    """Render the reproduction as Markdown: summary, zone and region shares, claims, method.

    Its title is the profile's (``[texts.en.reproduction] title``); the default profile's by default.
    """
    n = len(geo)
    placed = count_placed(geo)
    status = {k: int(v) for k, v in results_status(results).items()}
    lines = [
        "# " + (profile or load_profile()).texts("reproduction", "en")["title"],
        "",
        f"Data: {markdown_text(data.name)} ({n} records, {placed} placed, {n - placed} unplaced). "
        f"Zones: {markdown_text(Path(zones.source).name)}. clusteratlas {VERSION}.",
        "",
        f"Claims: {status.get('match', 0)} match, {status.get('mismatch', 0)} mismatch, "
        f"{status.get('not computable', 0)} not computable.",
        "",
        "## Shares by zone",
        "",
        "Shares are of all records; unplaced records are their own group.",
        "",
        markdown_table(_display(tables["zone"].table), numeric=("count", "share")),
        "",
        "## Shares by region",
        "",
        markdown_table(_display(tables["region"].table), numeric=("count", "share")),
        "",
        "## Published claims against the data",
        "",
        _claims_markdown(results),
        "",
    ]
    return "\n".join(lines + _unplaced_markdown(geo) + _method_markdown(zones))


def _claims_markdown(results: list[ClaimResult]) -> str:
    """Return the claims as a Markdown table: claim (where), published, recomputed, status, why."""
    return markdown_table(
        pd.DataFrame(
            {
                "claim": [f"{r.text} ({r.location})" for r in results],
                "published": [r.published for r in results],
                "recomputed": [r.recomputed for r in results],
                "status": [r.status for r in results],
                "why": [r.explanation for r in results],
            }
        )
    )


def _unplaced_markdown(geo: pd.DataFrame) -> list[str]:
    """Return the lines listing the unplaced records with why, none when every record is placed."""
    missing = _unplaced(geo)
    if not missing:
        return []
    return ["## Unplaced records", "", *("- " + markdown_text(f"{u['name']}: {u['reason']}") for u in missing), ""]


def _method_markdown(zones: Zones) -> list[str]:
    """Return the method notes: placement, the zones' regions, how claims are judged."""
    return [
        "## Method",
        "",
        "- Records are placed from their city (GeoNames, HCP communes) or coordinates; region and province "
        "come from point-in-polygon against the 2015 boundaries (data/geo/SOURCES.md).",
        "- Zones: "
        + "; ".join(markdown_text(f"{z} = regions {', '.join(zones.regions_of(z))}") for z in zones.names)
        + ".",
        "- A claim matches when the recomputed value is within the study's rounding of the published one "
        "(stated per claim); the data are never adjusted to make a claim match.",
        "",
    ]


def results_status(results: list[ClaimResult]) -> dict[str, int]:
    """Count claims by status."""
    out: dict[str, int] = {}
    for r in results:
        out[r.status] = out.get(r.status, 0) + 1
    return out
