"""The ``clusteratlas`` command: one subcommand per library function.

It parses, calls the library, formats, and maps exceptions to exit codes: 0 success,
2 bad input or usage (one ``error:`` line on stderr, no output file written), 3 with
``--strict`` when some records could not be placed.
"""

from __future__ import annotations

import contextlib
import logging
import re
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

import click

from . import __version__
from ._text import one_line
from .errors import ClusterAtlasError, ClusterAtlasWarning, UnresolvedError
from .static import KINDS as FIGURE_KINDS

log = logging.getLogger("clusteratlas")

EXIT_INPUT = 2
EXIT_UNRESOLVED = 3


class _LowerLevel(logging.Formatter):
    """``warning: …`` lines, each one terminal-safe line whatever the data hold."""

    def format(self, record: logging.LogRecord) -> str:
        record.levelname = record.levelname.lower()
        return one_line(super().format(record))


class _ForeignLog(logging.Filter):
    """Log records of libraries (matplotlib, adjustText, pyogrio …) reworded in our voice."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.name.startswith("clusteratlas"):
            return True
        text = record.getMessage()
        if "labels are too long" in text:
            text = "some labels are too long to place without overlap; shorten the names or use --kind choropleth"
        else:
            text = f"{record.name.split('.')[0]} says: {text.strip().splitlines()[0] if text.strip() else ''}"
        record.msg, record.args = text, None
        return True


def _setup_logging(verbose: int, quiet: int) -> None:
    level = logging.WARNING - 10 * verbose + 10 * quiet
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_LowerLevel("%(levelname)s: %(message)s"))
    handler.addFilter(_ForeignLog())
    log.handlers[:] = [handler]
    log.setLevel(max(logging.DEBUG, min(level, logging.CRITICAL)))
    log.propagate = False
    # Libraries log through the root logger; without a handler Python prints their bare text.
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(max(logging.WARNING, log.level))


_GLYPH = re.compile(r"Glyph (\d+) .*missing from (?:current )?font")


def _library_warning(message: str, category: type[Warning], filename: str) -> tuple[int, str]:
    """Reword a warning from a library in our voice, without its file path; return (level, text)."""
    first = message.strip().splitlines()[0] if message.strip() else category.__name__
    glyph = _GLYPH.search(first)
    if glyph:
        char = chr(int(glyph.group(1)))
        text = f"the figure's font has no glyph for {char!r} (U+{ord(char):04X}) in the data; it is drawn as a box"
        return logging.WARNING, text
    package = re.search(r"site-packages[/\\]([A-Za-z0-9_]+)", filename)
    origin = package.group(1) if package else "python"
    if issubclass(category, DeprecationWarning | PendingDeprecationWarning | FutureWarning):
        return logging.DEBUG, f"{origin}: {first}"
    return logging.WARNING, f"{origin} says: {first}"


@contextlib.contextmanager
def _warnings_to_log() -> Iterator[None]:
    """Route every warning raised during a command to the log: ours as written, others reworded once."""
    seen: set[str] = set()

    def show(
        message: Warning | str,
        category: type[Warning],
        filename: str,
        lineno: int,
        file: TextIO | None = None,
        line: str | None = None,
    ) -> None:
        text = str(message)
        if category.__module__.startswith("clusteratlas") or issubclass(category, ClusterAtlasWarning):
            level = logging.WARNING
        else:
            level, text = _library_warning(text, category, filename)
        if text not in seen:
            seen.add(text)
            log.log(level, "%s", text)

    with warnings.catch_warnings():
        warnings.simplefilter("always")
        warnings.showwarning = show
        yield


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="clusteratlas")
@click.option("-v", "--verbose", count=True, help="More messages on stderr (repeatable).")
@click.option("-q", "--quiet", count=True, help="Fewer messages on stderr (repeatable).")
def cli(verbose: int, quiet: int) -> None:
    """Map Morocco's industrial clusters: geocode, aggregate, reproduce a study's numbers."""
    _setup_logging(verbose, quiet)


def _adjust_level(ctx: click.Context, param: click.Parameter, value: int) -> None:
    if value:
        step = -10 if param.name == "verbose" else 10
        log.setLevel(max(logging.DEBUG, min(log.level + step * value, logging.CRITICAL)))


def _verbosity(func: Callable[..., Any]) -> Callable[..., Any]:
    """Accept -v/-q after the subcommand too (``clusteratlas reproduce -q``)."""
    func = click.option(
        "-v", "--verbose", count=True, expose_value=False, callback=_adjust_level, help="More messages on stderr."
    )(func)
    return click.option(
        "-q", "--quiet", count=True, expose_value=False, callback=_adjust_level, help="Fewer messages on stderr."
    )(func)


def _scheme_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--scheme and --k, shared by ``figure`` and ``map``; the schemes come from the registry."""
    from .mapspec import SCHEMES

    func = click.option("--k", type=click.IntRange(1, 8), help="Number of classes (default: up to 5).")(func)
    return click.option(
        "--scheme",
        type=click.Choice(list(SCHEMES)),
        default="fisher_jenks",
        show_default=True,
        help="Classification of the choropleth.",
    )(func)


_lang_option = click.option(
    "--lang", type=click.Choice(["en", "fr"]), default="en", show_default=True, help="Language of labels and legends."
)
_zones_option = click.option(
    "--zones",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Zones file (TOML); default: the study's three zones.",
)
_claims_option = click.option(
    "--claims",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Claims file (TOML) to check against the data; reproduce defaults to the study's, report to none.",
)


def _store_aliases(ctx: click.Context, param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        from .aliases import load_aliases

        ctx.meta["clusteratlas.aliases"] = load_aliases(value)
        ctx.meta["clusteratlas.aliases_path"] = value


_aliases_option = click.option(
    "--aliases",
    type=click.Path(dir_okay=False, path_type=Path),
    expose_value=False,
    callback=_store_aliases,
    help="Your names for places the gazetteer lacks (CSV: name + lat/lon, place, province or region).",
)


def _geocode(records: Any, *, strict: bool = False) -> Any:
    """Geocode with the --aliases of the current command, warnings to the log."""
    from .geocode import geocode as do_geocode

    aliases = click.get_current_context().meta.get("clusteratlas.aliases")
    return do_geocode(records, strict=strict, aliases=aliases)


_excel_option = click.option(
    "--excel", is_flag=True, help="CSV for French Excel: ';' separators, decimal commas, UTF-8 with BOM."
)
_no_claims_option = click.option("--no-claims", is_flag=True, help="Check no claims.")
_strict_option = click.option("--strict", is_flag=True, help="Exit with code 3 when some records can't be placed.")


_chunksize_option = click.option(
    "--chunksize",
    type=click.IntRange(min=1),
    help="Stream a CSV or Parquet input this many records at a time (bounded memory; output .csv).",
)


def _store_engine(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        ctx.meta[f"clusteratlas.{param.name}"] = value


def _engine_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--engine and --scheduler, for ``geocode`` and ``shares``; the engines come from the registry."""
    from .engines import ENGINES

    func = click.option(
        "--scheduler",
        metavar="ADDRESS",
        expose_value=False,
        callback=_store_engine,
        help="Dask scheduler (tcp://HOST:8786) for --engine dask; default: a local cluster.",
    )(func)
    return click.option(
        "--engine",
        type=click.Choice(list(ENGINES)),
        expose_value=False,
        callback=_store_engine,
        help="How to run: " + "; ".join(f"{name}: {e.help}" for name, e in ENGINES.items()) + " (default: memory).",
    )(func)


def _engine_run(chunksize: int | None, sheet: str | None, layer: str | None) -> tuple[str, dict[str, Any]] | None:
    """Return the engine and its options the command line asks for; None for the in-memory default."""
    meta = click.get_current_context().meta
    engine, scheduler = meta.get("clusteratlas.engine"), meta.get("clusteratlas.scheduler")
    if engine is None and chunksize is None and scheduler is None:
        return None
    name = engine or ("dask" if scheduler else "stream")
    if name == "stream":
        from .stream import no_sheet_layer

        no_sheet_layer(sheet, layer)
    given = {"chunksize": chunksize, "scheduler": scheduler, "sheet": sheet, "layer": layer}
    return name, {k: v for k, v in given.items() if v is not None}


def _sheet_layer(func: Callable[..., Any]) -> Callable[..., Any]:
    """--sheet and --layer, for every subcommand that reads records."""
    func = click.option("--layer", help="GeoPackage layer to read (needed when it has several).")(func)
    return click.option("--sheet", help="Workbook sheet to read (needed when several hold data).")(func)


@cli.command()
@click.option(
    "--data",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Cluster records; default: the shipped data/clusters.csv.",
)
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("maps"),
    show_default=True,
    help="Folder to write into.",
)
@_sheet_layer
@_aliases_option
@_zones_option
@_claims_option
@_no_claims_option
@_strict_option
@_verbosity
def reproduce(
    data: Path | None,
    out: Path,
    sheet: str | None,
    layer: str | None,
    zones: Path | None,
    claims: Path | None,
    no_claims: bool,
    strict: bool,
) -> None:
    """Geocode the clusters, write shares and the claims check into OUT, print the claims."""
    from .export import text_table
    from .reproduce import claims_table, results_status
    from .reproduce import reproduce as run

    result = run(
        data,
        out,
        zones=zones,
        claims=[] if no_claims else claims,
        strict=strict,
        sheet=sheet,
        layer=layer,
        aliases=click.get_current_context().meta.get("clusteratlas.aliases"),
    )
    click.echo(text_table(claims_table(result.claims)))
    counts = results_status(result.claims)
    click.echo(
        f"\n{counts.get('match', 0)} match, {counts.get('mismatch', 0)} mismatch, "
        f"{counts.get('not computable', 0)} not computable. Wrote {len(result.files)} files to {out}/."
    )
    for path in result.files:
        log.info("wrote %s", path)


@cli.command()
@click.argument("input", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="Output file: .csv, .geojson, .gpkg or .parquet (GeoParquet).",
)
@_sheet_layer
@_aliases_option
@_strict_option
@_excel_option
@_chunksize_option
@_engine_options
@_verbosity
def geocode(
    input: Path, output: Path, sheet: str | None, layer: str | None, strict: bool, excel: bool, chunksize: int | None
) -> None:
    """Geocode INPUT (CSV, XLSX, GeoJSON, GeoPackage, Parquet) and write OUTPUT."""
    from ._resources import check_not_input
    from .export import GEO_FORMATS, TABLE_FORMATS, check_output, write_records
    from .records import read_records

    check_output(output, TABLE_FORMATS + GEO_FORMATS)
    check_not_input([output], [input])
    chosen = _engine_run(chunksize, sheet, layer)
    if chosen is not None:
        from .engines import geocode_file

        aliases = click.get_current_context().meta.get("clusteratlas.aliases")
        geocode_file(
            input, output, engine=chosen[0], engine_kwds=chosen[1], aliases=aliases, strict=strict, excel=excel
        )
        log.info("wrote %s", output)
        return
    geo = _geocode(read_records(input, sheet=sheet, layer=layer), strict=strict)
    write_records(geo, output, excel=excel)
    placed = int(geo["region_code"].notna().sum())
    log.info("placed %d of %d records; wrote %s", placed, len(geo), output)


@cli.command()
@click.argument("input", type=click.Path(path_type=Path))
@click.option(
    "--by",
    default="region",
    show_default=True,
    help="region, province, zone, or a column (sector_group, year, governance, …).",
)
@_zones_option
@click.option("--per-capita", is_flag=True, help="Add population (HCP 2024), per million, location quotient.")
@click.option("--format", "fmt", type=click.Choice(["table", "csv", "json", "md"]), default="table", show_default=True)
@_lang_option
@_excel_option
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write to this file instead of standard output.",
)
@_sheet_layer
@_aliases_option
@_strict_option
@_chunksize_option
@_engine_options
@_verbosity
def shares(
    input: Path,
    by: str,
    zones: Path | None,
    per_capita: bool,
    fmt: str,
    output: Path | None,
    sheet: str | None,
    layer: str | None,
    strict: bool,
    lang: str,
    excel: bool,
    chunksize: int | None,
) -> None:
    """Count INPUT's records by region, province, zone or a column, with shares of all records."""
    from ._resources import atomic_write, check_not_input
    from .aggregate import GEOGRAPHIC, load_zones
    from .aggregate import shares as run
    from .export import format_shares
    from .records import read_records

    zone_obj = load_zones(zones) if by == "zone" or zones is not None else None
    if output is not None:
        check_not_input([output], [input, zones])
    chosen = _engine_run(chunksize, sheet, layer)
    if chosen is not None:
        from .engines import shares_file

        aliases = click.get_current_context().meta.get("clusteratlas.aliases")
        result = shares_file(
            input,
            by=by,
            zones=zone_obj,
            per_capita=per_capita,
            engine=chosen[0],
            engine_kwds=chosen[1],
            aliases=aliases,
            strict=strict,
        )
    else:
        records = read_records(input, sheet=sheet, layer=layer)
        if by in GEOGRAPHIC or strict:
            records = _geocode(records, strict=strict)
        result = run(records, by=by, zones=zone_obj, per_capita=per_capita)
    names = zone_obj.names_fr if zone_obj is not None and lang == "fr" and by == "zone" else None
    text = format_shares(result, fmt, lang=lang, excel=excel, names=names)
    if output is None:
        if fmt in ("table", "md"):  # for a terminal: no control character from the data
            text = "\n".join(one_line(line) for line in text.split("\n"))
        click.echo(text.rstrip("\n"))
    else:
        encoding = "utf-8-sig" if excel and fmt == "csv" else "utf-8"
        with atomic_write(output, "w", encoding=encoding, newline="") as f:
            f.write(text if text.endswith("\n") else text + "\n")


def _spec(input_path: Path, zones: Path | None, sheet: str | None, layer: str | None, **options: Any) -> Any:
    """Read and geocode a file, then decide its map (shared by ``figure`` and ``map``)."""
    from .aggregate import load_zones
    from .mapspec import map_spec
    from .records import read_records

    zone_obj = load_zones(zones)
    geo = _geocode(read_records(input_path, sheet=sheet, layer=layer))
    return map_spec(geo, zones=zone_obj, data_label=input_path.name, unit="records", **options)


def _breaks(ctx: click.Context, param: click.Parameter, value: str | None) -> list[float] | None:
    if value is None:
        return None
    try:
        return sorted(float(v) for v in value.split(",") if v.strip())
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a comma-separated list of numbers, e.g. 1,3,10") from None


def _periods(ctx: click.Context, param: click.Parameter, value: str | None) -> list[int] | None:
    if value is None:
        return None
    try:
        years = sorted(int(v) for v in value.split(",") if v.strip())
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not a comma-separated list of years, e.g. 1980,2000,2010,2020"
        ) from None
    if not years:
        raise click.BadParameter("give at least one year, e.g. 1980,2000,2010,2020")
    return years


_periods_option = click.option(
    "--periods",
    callback=_periods,
    help="First year of each creation period, e.g. 1980,2000,2010,2020 (default: fitted to the years present).",
)


@cli.command()
@click.argument("input", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Figure file: .png, .svg or .pdf (alt text written beside it).",
)
@click.option(
    "--kind",
    type=click.Choice(list(FIGURE_KINDS)),
    default="combined",
    show_default=True,
)
@click.option("--color-by", help="Column that colours the points (default: sector_group, else sector).")
@click.option("--size-by", help="Numeric column that sizes the points.")
@click.option(
    "--value",
    default="count",
    show_default=True,
    help="Choropleth value: count, share, per-capita, or a numeric column (summed per region).",
)
@_scheme_options
@click.option("--breaks", callback=_breaks, help="Upper class bounds for --scheme user, e.g. 1,3,10.")
@_lang_option
@click.option("--dpi", type=click.IntRange(72, 1200), default=300, show_default=True)
@click.option("--width-mm", type=click.FloatRange(60, 400), default=174.0, show_default=True)
@click.option("--subtitle", default="", help="A line under the title.")
@click.option("--title", help="Figure title (default: what the data are, e.g. '26 records in Morocco, from FILE').")
@_periods_option
@click.option(
    "--south",
    type=click.Choice(["frame", "inset"]),
    default="frame",
    show_default=True,
    help="frame: the whole territory in the main map; inset: regions 11-12 in an inset at their own stated scale.",
)
@_zones_option
@_sheet_layer
@_aliases_option
@_verbosity
def figure(
    input: Path,
    output: Path,
    kind: str,
    color_by: str,
    size_by: str | None,
    value: str,
    scheme: str,
    k: int | None,
    breaks: list[float] | None,
    lang: str,
    dpi: int,
    width_mm: float,
    title: str | None,
    periods: list[int] | None,
    subtitle: str,
    south: str,
    zones: Path | None,
    sheet: str | None,
    layer: str | None,
) -> None:
    """Draw a publication-ready figure of INPUT's records."""
    from ._resources import check_not_input
    from .export import check_output
    from .static import FORMATS, alt_path, write_figure

    check_output(output, FORMATS)
    check_not_input([output, alt_path(output)], [input, zones])
    spec = _spec(
        input,
        zones,
        sheet,
        layer,
        color_by=color_by,
        value=value,
        scheme=scheme,
        k=k,
        breaks=breaks,
        size_by=size_by,
        lang=lang,
        title=title,
        subtitle=subtitle,
        periods=periods,
    )
    write_figure(spec, kind, output, dpi=dpi, width_mm=width_mm, south=south)
    log.info("wrote %s and its alt text", output)


@cli.command(name="map")
@click.argument("input", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="The page to write (.html): self-contained, works offline.",
)
@click.option("--color-by", help="Column that colours the markers (default: sector_group, else sector).")
@click.option(
    "--choropleth",
    type=click.Choice(["count", "share", "per-capita", "none"]),
    default="count",
    show_default=True,
    help="What shades the regions.",
)
@_scheme_options
@_lang_option
@click.option(
    "--tiles",
    type=click.Choice(["none", "osm"]),
    default="none",
    show_default=True,
    help="none: the regions are the basemap, no network; osm: OpenStreetMap tiles, online.",
)
@click.option("--title", help="Page title.")
@_zones_option
@_sheet_layer
@_aliases_option
@click.option(
    "--max-zoom",
    type=click.IntRange(5, 18),
    default=11,
    show_default=True,
    help="Deepest zoom; 11 is what the embedded boundaries (about 1 km) support.",
)
@_verbosity
def map_command(
    input: Path,
    output: Path,
    color_by: str,
    choropleth: str,
    scheme: str,
    k: int | None,
    lang: str,
    tiles: str,
    title: str | None,
    zones: Path | None,
    sheet: str | None,
    layer: str | None,
    max_zoom: int,
) -> None:
    """Write a self-contained interactive HTML map of INPUT's records."""
    from ._resources import check_not_input
    from .export import check_output
    from .interactive import interactive_map, write_map

    check_output(output, (".html", ".htm"))
    check_not_input([output], [input, zones])
    value = "count" if choropleth == "none" else choropleth
    spec = _spec(input, zones, sheet, layer, color_by=color_by, value=value, scheme=scheme, k=k, lang=lang, title=title)
    write_map(interactive_map(spec, choropleth=choropleth != "none", tiles=tiles, max_zoom=max_zoom), output)
    log.info("wrote %s", output)


@cli.command()
@click.argument("input", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help="Report file: .html (self-contained, printable) or .md.",
)
@_zones_option
@_claims_option
@_no_claims_option
@click.option(
    "--compare",
    type=click.Path(dir_okay=False, path_type=Path),
    help="An earlier dataset: list what was added, gone, renamed or moved.",
)
@click.option(
    "--renames",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Renames for --compare (CSV old,new); default data/renames.csv.",
)
@click.option(
    "--tables-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Also write every table as CSV and JSON here.",
)
@_lang_option
@click.option("--no-figure", is_flag=True, help="Leave the map out.")
@click.option("--title", help="Report title (default: what the data are, e.g. '26 records in Morocco, from FILE').")
@_periods_option
@click.option(
    "--group-by",
    help="Columns to tabulate, comma-separated, as the file names them (default: every text column with 2-30 values).",
)
@_sheet_layer
@_aliases_option
@_verbosity
def report(
    input: Path,
    output: Path,
    zones: Path | None,
    claims: Path | None,
    no_claims: bool,
    compare: Path | None,
    renames: Path | None,
    tables_dir: Path | None,
    lang: str,
    no_figure: bool,
    title: str | None,
    periods: list[int] | None,
    group_by: str | None,
    sheet: str | None,
    layer: str | None,
) -> None:
    """Write a regional share report of INPUT (with a study's claims checked when --claims is given)."""
    from ._resources import check_not_input
    from .aggregate import load_zones
    from .claims import load_claims
    from .export import check_output
    from .records import read_records
    from .report import build_report, load_renames, write_report

    check_output(output, (".html", ".htm", ".md"))
    inputs = [input, zones, claims, compare, renames]
    check_not_input([output, output.with_name(f"{output.stem}_map.png")], inputs)
    zone_obj = load_zones(zones)
    claim_list = load_claims(claims) if claims is not None else None  # checked even with --no-claims
    if no_claims:
        claim_list = None
    rename_map = load_renames(renames) if compare is not None else None
    geo = _geocode(read_records(input, sheet=sheet, layer=layer))
    before = _geocode(read_records(compare)) if compare is not None else None
    built = build_report(
        geo,
        zones=zone_obj,
        claims=claim_list,
        compare=before,
        compare_label=compare.name if compare else "",
        renames=rename_map,
        lang=lang,
        data_label=input.name,
        data_file=input,
        figure=not no_figure,
        title=title,
        periods=periods,
        group_by=[c.strip() for c in group_by.split(",") if c.strip()] if group_by else None,
    )
    if tables_dir is not None:
        check_not_input([tables_dir / f"{t.name}{ext}" for t in built.tables() for ext in (".csv", ".json")], inputs)
    for path in write_report(built, output, tables_dir=tables_dir):
        log.info("wrote %s", path)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (used by the ``clusteratlas`` script)."""
    try:
        with _warnings_to_log():
            cli.main(args=list(argv) if argv is not None else None, prog_name="clusteratlas", standalone_mode=False)
    except UnresolvedError as err:
        click.echo(one_line(f"error: {err} (run without --strict to keep them as unresolved)"), err=True)
        return EXIT_UNRESOLVED
    except ClusterAtlasError as err:
        click.echo(one_line(f"error: {err}"), err=True)
        return EXIT_INPUT
    except click.exceptions.NoSuchOption as err:
        click.echo(one_line(f"error: {err.format_message()} (see clusteratlas --help)"), err=True)
        return EXIT_INPUT
    except click.UsageError as err:
        where = f"clusteratlas {err.ctx.info_name} --help" if err.ctx and err.ctx.parent else "clusteratlas --help"
        click.echo(one_line(f"error: {err.format_message()} (see {where})"), err=True)
        return EXIT_INPUT
    except click.exceptions.Abort:
        click.echo("error: aborted", err=True)
        return 1
    except OSError as err:
        click.echo(
            one_line(f"error: {err.filename or ''}: {err.strerror or err}; check the path and permissions."), err=True
        )
        return EXIT_INPUT
    except click.exceptions.Exit as exc:
        return int(exc.exit_code)
    except Exception as err:  # a bug, not bad input: say so in one line, traceback with -v
        if log.isEnabledFor(logging.INFO):
            raise
        click.echo(
            one_line(
                f"error: internal error ({type(err).__name__}: {err}); rerun with -v for the traceback "
                "and please report it."
            ),
            err=True,
        )
        return 1
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
