"""A study reproduced: its numbers recomputed from its own table, its claims checked (`clusteratlas reproduce`)."""

from __future__ import annotations

import hashlib
import json
import logging
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Unpack

import pandas as pd

from . import __version__
from ._resources import atomic_write, check_not_input, data_path
from .aggregate import Shares, Zones, load_zones, shares
from .claims import ClaimResult, claims_frame, evaluate_claims, load_claims
from .export import _display, markdown_table, markdown_text, write_csv, write_geo
from .geocode import unplaced
from .geography import pack
from .options import ReadKwargs, ReadOptions, read_geocoded
from .presentation import texts
from .records import LEVERS
from .schema import count_placed


@dataclass(frozen=True)
class Reproduction:
    """What :func:`reproduce` computed and wrote.

    Attributes
    ----------
    records : pandas.DataFrame
        The geocoded records.
    shares : dict of str to Shares
        By ``zone``, ``region``, ``sector_group`` …
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


def reproduce(
    data: str | Path | None = None,
    out: str | Path = "maps",
    *,
    zones: str | Path | Zones | None = None,
    claims: str | Path | list[dict[str, Any]] | None = None,
    figures: bool = True,
    data_label: str | None = None,
    read: ReadOptions | None = None,
    **reading: Unpack[ReadKwargs],
) -> Reproduction:
    """Geocode the study's clusters, aggregate them and recompute every published claim.

    Parameters
    ----------
    data : str or Path, optional
        Cluster records; defaults to the shipped ``data/clusters.csv``.
    out : str or Path, default "maps"
        Folder to write into (created).
    zones : str, Path or Zones, optional
        Zones file; defaults to the study's.
    claims : str, Path or list of dict, optional
        Claims file, or claims already loaded; defaults to the study's. ``[]`` checks none.
    figures : bool, default True
        Also draw the paper figures (see :data:`FIGURES`).
    data_label : str, optional
        How figure source lines name the data; defaults to the file name.
    read : ReadOptions, optional
        Sheet, layer, aliases and ``strict`` (raise when some records can't be placed).
    **reading
        Fields of :class:`~clusteratlas.options.ReadOptions` that replace those of ``read``
        (``reproduce(strict=True)``).

    Returns
    -------
    Reproduction
        Also written to ``out``: ``geocoded.gpkg``, ``geocoded.csv``, ``shares_by_zone.csv``,
        ``shares_by_region.csv``, ``shares_by_province.csv``, ``shares_by_sector_group.csv``,
        ``reproduction.json`` and ``reproduction.md``.
    """
    if data is None:
        data = data_path("clusters.csv")
        data_label = (
            data_label or "clusteratlas data/clusters.csv (Tables 2-3 of Errajaoui & Nokairi, sourced locations)"
        )
    data = Path(data)
    inputs = [data, None if isinstance(claims, list) else claims, None if isinstance(zones, Zones) else zones]
    check_not_input([Path(out) / name for name in output_names()], inputs)
    zones_obj = zones if isinstance(zones, Zones) else load_zones(zones)
    claim_list = claims if isinstance(claims, list) else load_claims(claims)
    read = replace(read or ReadOptions(), **reading)
    geo = read_geocoded(data, read)
    tables = share_tables(geo, zones_obj)
    results = evaluate_claims(geo, claims=claim_list, zones=zones_obj)
    files = _write_results(geo, tables, results, Path(out), data=data, zones=zones_obj)
    if figures:
        label = data_label or data.name
        files += write_figures(geo, Path(out), zones=zones_obj, data_label=label)
        files += write_reports(
            geo, Path(out), zones=zones_obj, claims=claim_list, data=data, data_label=label, read=read
        )
    return Reproduction(records=geo, shares=tables, claims=results, files=files)


def share_tables(geo: pd.DataFrame, zones: Zones) -> dict[str, Shares]:
    """Return the shares :func:`reproduce` writes: by zone, region and province (per capita), by sector group."""
    tables = {
        by: shares(geo, by=by, zones=zones, per_capita=by in ("zone", "region", "province"))
        for by in ("zone", "region", "province")
    }
    if "sector_group" in geo:
        tables["sector_group"] = shares(geo, by="sector_group")
    return tables


def _write_results(
    geo: pd.DataFrame, tables: dict[str, Shares], results: list[ClaimResult], out: Path, *, data: Path, zones: Zones
) -> list[Path]:
    """Write the geocoded records, the shares, the claims and the summaries (JSON, Markdown); return the paths."""
    files = [write_geo(geo, out / "geocoded.gpkg"), write_csv(geo, out / "geocoded.csv")]
    for by, table in tables.items():
        files.append(write_csv(table.table, out / f"shares_by_{by}.csv"))
    files.append(write_csv(claims_frame(results), out / "claims.csv"))
    with atomic_write(out / "reproduction.json", "w", encoding="utf-8") as f:
        json.dump(_summary(geo, tables, results, data=data, zones=zones), f, ensure_ascii=False, indent=2)
        f.write("\n")
    files.append(out / "reproduction.json")
    with atomic_write(out / "reproduction.md", "w", encoding="utf-8") as f:
        f.write(reproduction_markdown(geo, tables, results, data=data, zones=zones))
    files.append(out / "reproduction.md")
    return files


def _summary(
    geo: pd.DataFrame, tables: dict[str, Shares], results: list[ClaimResult], *, data: Path, zones: Zones
) -> dict[str, Any]:
    """Return the content of ``reproduction.json``."""
    return {
        "clusteratlas": __version__,
        "data": {"file": data.name, "sha256": _sha256(data)},
        "zones": Path(zones.source).name,
        "records": len(geo),
        "placed": count_placed(geo),
        "geocode_status": {k: int(v) for k, v in geo["geocode_status"].value_counts().sort_index().items()},
        "unplaced": _unplaced(geo),
        "shares": {by: t.to_dict() for by, t in tables.items()},
        "claims": [r.as_row() for r in results],
    }


#: The figures `reproduce` draws: file stem -> (kind, formats).
FIGURES: dict[str, tuple[str, tuple[str, ...]]] = {
    "clusters_points": ("points", (".png", ".svg", ".pdf")),
    "clusters_choropleth": ("choropleth", (".png",)),
    "clusters_combined": ("combined", (".png", ".pdf")),
    "clusters_timeline": ("timeline", (".png",)),
    "clusters_levers": ("levers", (".png",)),
}


def output_names() -> list[str]:
    """Return the name of every file :func:`reproduce` may write into its folder."""
    names = ["geocoded.gpkg", "geocoded.csv", "claims.csv", "reproduction.json", "reproduction.md"]
    names += [f"shares_by_{by}.csv" for by in ("zone", "region", "province", "sector_group")]
    names += ["clusters.html", "report.html", "report.md", "report_map.png"]
    for stem, (_, formats) in FIGURES.items():
        names += [f"{stem}{ext}" for ext in formats] + [f"{stem}.alt.txt"]
    return names


#: The study's creation periods (other tables get titles and periods from their data). Its
#: titles are the catalogue's ``map.title`` and ``report.title``, naming the pack's country.
STUDY_PERIODS = (2010, 2015, 2020)


def write_figures(geo: pd.DataFrame, out: Path, *, zones: Zones, data_label: str) -> list[Path]:
    """Draw every figure of :data:`FIGURES` and the HTML map into ``out``; return the paths."""
    import matplotlib.pyplot as plt

    from .interactive import interactive_map, write_map
    from .mapspec import describe, map_spec
    from .static import alt_path, figure, save_figure

    placed = count_placed(geo)
    subtitle = f"{placed} of {len(geo)} records placed; {pack().texts['en']['frame']}"
    spec = map_spec(
        geo,
        zones=zones,
        data_label=data_label,
        subtitle=subtitle,
        title=texts("map", "en")["title"],
        periods=STUDY_PERIODS,
        unit="clusters",
    )
    written: list[Path] = [write_map(interactive_map(spec), out / "clusters.html")]
    for stem, (kind, formats) in FIGURES.items():
        if (kind == "timeline" and "year" not in geo) or (kind == "levers" and not any(c in geo for c in LEVERS)):
            logging.getLogger("clusteratlas").info(
                "no %s figure: the records have no %s column", kind, "year" if kind == "timeline" else "lever"
            )
            continue
        fig = figure(spec, kind)
        try:
            for ext in formats:
                written.append(save_figure(fig, out / f"{stem}{ext}", alt_text=describe(spec, kind)))
        finally:
            plt.close(fig)
        written.append(alt_path(out / f"{stem}.png"))
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
) -> list[Path]:
    """Write ``report.html`` and ``report.md`` with :func:`clusteratlas.report` (2019 compared when it ships)."""
    from .reporting import report as make_report
    from .reporting import write_report

    earlier = data_path("clusters_2019.csv")
    shipped = data.resolve() == data_path("clusters.csv").resolve() and earlier.is_file()
    read = read or ReadOptions()
    built = make_report(
        geo,
        zones=zones,
        claims=claims,
        compare=earlier if shipped else None,
        read=ReadOptions(aliases=read.aliases),
        data_label=data_label,
        data_file=data,
        title=texts("report", "en")["title"],
        periods=STUDY_PERIODS,
        unit="clusters",
    )
    return write_report(built, out / "report.html") + write_report(built, out / "report.md")


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
    geo: pd.DataFrame, tables: dict[str, Shares], results: list[ClaimResult], *, data: Path, zones: Zones
) -> str:
    """Render the reproduction as Markdown: summary, zone and region shares, claims, method."""
    n = len(geo)
    placed = count_placed(geo)
    status = {k: int(v) for k, v in results_status(results).items()}
    lines = [
        "# Reproduction of the study's cluster geography",
        "",
        f"Data: {markdown_text(data.name)} ({n} records, {placed} placed, {n - placed} unplaced). "
        f"Zones: {markdown_text(Path(zones.source).name)}. clusteratlas {__version__}.",
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
        markdown_table(
            pd.DataFrame(
                {
                    "claim": [f"{r.text} ({r.location})" for r in results],
                    "published": [r.published for r in results],
                    "recomputed": [r.recomputed for r in results],
                    "status": [r.status for r in results],
                    "why": [r.explanation for r in results],
                }
            )
        ),
        "",
    ]
    missing = _unplaced(geo)
    if missing:
        lines += ["## Unplaced records", ""]
        lines += ["- " + markdown_text(f"{u['name']}: {u['reason']}") for u in missing]
        lines.append("")
    lines += [
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
    return "\n".join(lines)


def results_status(results: list[ClaimResult]) -> dict[str, int]:
    """Count claims by status."""
    out: dict[str, int] = {}
    for r in results:
        out[r.status] = out.get(r.status, 0) + 1
    return out
