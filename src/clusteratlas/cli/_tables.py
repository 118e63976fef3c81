"""``clusteratlas geocode`` and ``clusteratlas shares``: the engines' two commands.

Each calls one library function (:func:`clusteratlas.engines.run_geocode`,
:func:`clusteratlas.engines.run_shares`), which chooses the engine from the options; the
command formats what it returns.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import click

from .._resources import atomic_write, check_not_input
from .._text import one_line, terminal_lines
from ..aggregate import Zones
from ..engines import ENGINES, run_geocode, run_shares
from ..geography import pack
from ..options import ReadOptions, ShareOptions, WriteOptions
from ..presentation import texts
from ..profile import default_profile
from ..registry import RECORD_FORMATS, SHARE_FORMATS
from ..share_text import format_result
from ._log import log, print_out
from ._params import (
    Args,
    chunksize_option,
    command,
    excel_option,
    input_argument,
    lang_option,
    option,
    reading_options,
    strict_option,
    verbosity,
    weight_options,
    zones_option,
)

__all__ = ["geocode", "shares"]


def _engine_options(func: Any) -> Any:
    """--engine and --scheduler, for ``geocode`` and ``shares``; the engines come from their registry."""
    func = option(
        "scheduler",
        metavar="ADDRESS",
        help="Dask scheduler (tcp://HOST:8786) for --engine dask; default: a local cluster.",
    )(func)
    return option("engine", choices=ENGINES, help=f"How to run: {ENGINES.help()} (default: memory).")(func)


@command("geocode", run_geocode, ReadOptions, WriteOptions)
@input_argument
@option(
    "output",
    "-o",
    type=click.Path(path_type=Path),
    required=True,
    help=f"Output file: {', '.join(RECORD_FORMATS)} (.parquet: GeoParquet; .xlsx: a workbook).",
)
@option(
    "layer_name",
    metavar="NAME",
    help="Layer name in a .gpkg (other layers of an existing file are kept) or a .geojson; default: INPUT's name.",
)
@lang_option
@reading_options
@strict_option
@excel_option
@chunksize_option
@_engine_options
@verbosity
def geocode(a: Args) -> None:
    """Geocode INPUT (CSV, XLSX, GeoJSON, GeoPackage, Parquet) and write OUTPUT."""
    done = run_geocode(
        a.input,
        a.output,
        read=a.of(ReadOptions),
        excel=a.excel,
        engine=a.engine,
        chunksize=a.chunksize,
        scheduler=a.scheduler,
        write=a.of(WriteOptions),
    )
    if done.records is None:
        log.info("wrote %s", done.path)
    else:
        log.info("placed %d of %d records; wrote %s", done.placed, done.records, done.path)


@command("shares", run_shares, format_result, ReadOptions, ShareOptions)
@input_argument
@option(
    "by",
    help="region, province, zone, or a column (sector, year, …); "
    "region,COLUMN (or province,COLUMN, zone,COLUMN) for a cross-table with location quotients.",
)
@zones_option
@weight_options("Shares of this column's sum (Effectif, Investissement), counts beside them.")
@option("per_capita", is_flag=True, help="Add population (HCP 2024), per million, location quotient.")
@option("fmt", "--format", choices=SHARE_FORMATS, help=f"{SHARE_FORMATS.help()}.")
@lang_option
@excel_option
@option(
    "output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    default=None,
    cli_only="where the text goes: standard output, or this file",
    help="Write to this file instead of standard output.",
)
@reading_options
@strict_option
@chunksize_option
@_engine_options
@verbosity
def shares(a: Args) -> None:
    """Count INPUT's records by region, province, zone or a column, with shares of all records."""
    if a.output is not None:
        check_not_input([a.output], [a.input, a.zones])
    counted = run_shares(
        a.input,
        by=a.by,
        zones=a.zones,
        read=a.of(ReadOptions),
        engine=a.engine,
        chunksize=a.chunksize,
        scheduler=a.scheduler,
        count=a.of(ShareOptions),
    )
    z = counted.zones
    zoned = a.by.split(",")[0].strip() == "zone"
    names = z.names_fr if z is not None and a.lang == "fr" and zoned else None
    text = format_result(counted.shares, a.fmt, lang=a.lang, excel=a.excel, names=names)
    if zoned and z is not None and a.fmt in ("table", "md"):  # whose zones these are, under the table
        text = text.rstrip("\n") + "\n\n" + _zones_line(z, a.lang)
    _emit(text, a)


def _zones_line(z: Zones, lang: str) -> str:
    """Say whose zones a zone table counts: the default ones (whose study), or the user's file."""
    t = texts("shares", lang)
    if Path(z.source).resolve() != pack().zones.resolve():
        return t["zones_file"].format(file=Path(z.source).name)
    profile = default_profile()
    own = profile is not None and Path(profile.zones).resolve() == Path(z.source).resolve()
    whose = t["zones_whose"].format(short=profile.citation.short) if own and profile else t["zones_pack"]
    return t["zones_of"].format(whose=whose)


def _emit(text: str, a: Args) -> None:
    """Print shares (terminal-safe) or write them atomically to --output."""
    if a.output is None:
        if a.fmt in ("table", "md"):  # for a terminal: no control character from the data
            text = "\n".join(one_line(line) for line in text.split("\n"))
        elif sys.stdout is not None and sys.stdout.isatty():  # csv, json on a terminal: controls as escapes
            text = terminal_lines(text)  # (lines kept; piped or redirected, or with -o, the data as they are)
        print_out(text.rstrip("\n"))
        return
    encoding = "utf-8-sig" if a.excel and a.fmt == "csv" else "utf-8"
    with atomic_write(a.output, "w", encoding=encoding, newline="") as f:
        f.write(text if text.endswith("\n") else text + "\n")
