"""The ``clusteratlas`` command: one subcommand per library function.

It parses, calls the library, formats, and maps exceptions to exit codes: 0 success,
2 bad input or usage (one ``error:`` line on stderr, no output file written), 3 with
``--strict`` when some records could not be placed.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import re
import sys
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO, TypeVar

import click

from . import __version__
from ._text import one_line
from .errors import ClusterAtlasError, ClusterAtlasWarning, InputError, UnresolvedError
from .options import ReadOptions
from .registry import (
    FIGURE_FORMATS,
    FIGURE_KINDS,
    LANGUAGES,
    RECORD_FORMATS,
    REPORT_FORMATS,
    SCHEMES,
    SHARE_FORMATS,
    SOUTH,
    TILES,
    VALUES,
    Registry,
    output_format,
)
from .registry import TABLE_FORMATS as REPORT_TABLE_FORMATS

if TYPE_CHECKING:
    from .aliases import Aliases

log = logging.getLogger("clusteratlas")

EXIT_INPUT = 2
EXIT_UNRESOLVED = 3


class _LowerLevel(logging.Formatter):
    """``warning: …`` lines, each one terminal-safe line whatever the data hold."""

    def format(self, record: logging.LogRecord) -> str:
        record = logging.makeLogRecord(record.__dict__)  # a copy: other handlers see the record as logged
        record.levelname = record.levelname.lower()
        if record.name.startswith("clusteratlas") and isinstance(record.msg, str):
            record.msg = with_flags(record.msg)  # the library's own words, not the data in its args
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


def _choice(registry: Registry[Any]) -> click.Choice:
    """Return a ``click.Choice`` of a registry's keys (the registry is the one list of valid values)."""
    return click.Choice(list(registry.choices()))


def _scheme_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--scheme and --k, shared by ``figure`` and ``map``; the schemes come from the registry."""
    func = click.option("--k", type=click.IntRange(1, 8), help="Number of classes (default: up to 5).")(func)
    return click.option(
        "--scheme",
        type=_choice(SCHEMES),
        default="fisher_jenks",
        show_default=True,
        help=f"Classification of the choropleth: {SCHEMES.help()}.",
    )(func)


_lang_option = click.option(
    "--lang", type=_choice(LANGUAGES), default="en", show_default=True, help="Language of labels and legends."
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


def _load_aliases(ctx: click.Context, param: click.Parameter, value: Path | None) -> Aliases | None:
    """Read --aliases as soon as it is parsed, so a bad file is reported before any work."""
    from .aliases import load_aliases

    return load_aliases(value) if value is not None else None


_aliases_option = click.option(
    "--aliases",
    type=click.Path(dir_okay=False, path_type=Path),
    callback=_load_aliases,
    help="Your names for places the gazetteer lacks (CSV: name + lat/lon, place, province or region).",
)
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


def _engine_run(path: Path, chunksize: int | None, read: _Reading) -> tuple[str, dict[str, Any]] | None:
    """Return the engine and its options the command line asks for; None for the in-memory default."""
    meta = click.get_current_context().meta
    engine, scheduler = meta.get("clusteratlas.engine"), meta.get("clusteratlas.scheduler")
    if engine in (None, "memory") and chunksize is None and scheduler is None:
        return None  # the in-memory default reads every format and option
    name = engine or ("dask" if scheduler else "stream")
    flags = (("`engine` " + str(engine), engine), ("`chunksize`", chunksize), ("`scheduler`", scheduler))
    passed = " and ".join(flag for flag, value in flags if value is not None)
    if name == "stream":
        _check_streamed(path, passed, read)
    if read.name_column is not None:
        msg = f"`name_column` is read by the in-memory engine (the default); drop {passed} or `name_column`."
        raise InputError(msg)
    given = {"chunksize": chunksize, "scheduler": scheduler, "sheet": read.sheet, "layer": read.layer}
    return name, {k: v for k, v in given.items() if v is not None}


def _check_streamed(path: Path, passed: str, read: _Reading) -> None:
    """Refuse what streaming can't read, naming the options ``passed`` (``--engine stream``, ``--chunksize``)."""
    from .stream import STREAMED

    suffix = path.suffix.lower()
    if suffix not in STREAMED and not path.is_dir() and not set("*?[") & set(path.name):
        verb = "read" if " and " in passed else "reads"
        msg = f"{path}: {passed} {verb} {', '.join(STREAMED)} files, not {suffix or '(none)'!r}; drop {passed}."
        raise InputError(msg)
    for option, value in (("sheet", read.sheet), ("layer", read.layer)):
        if value is not None:
            msg = f"`{option}` reads a workbook or a GeoPackage, which can't be streamed; drop {passed} or `{option}`."
            raise InputError(msg)


def _sheet_layer(func: Callable[..., Any]) -> Callable[..., Any]:
    """--sheet, --layer and --name-column, for every subcommand that reads records."""
    func = click.option(
        "--name-column",
        metavar="COLUMN",
        help="The column that names the records, as your header writes it (default: name, nom, Raison sociale, …).",
    )(func)
    func = click.option("--layer", help="GeoPackage layer to read (needed when it has several).")(func)
    return click.option("--sheet", help="Workbook sheet to read (needed when several hold data).")(func)


A = TypeVar("A")


def _collect(cls: type[A]) -> Callable[[Callable[[A], None]], Callable[..., None]]:
    """Hand a command its options as one typed object: ``cls(**options)``, one field per option.

    Click calls a command with one keyword per option; commands with many options take
    them as a dataclass instead of as many parameters (a test checks that each command's
    options and its dataclass's fields are the same).
    """

    def decorate(func: Callable[[A], None]) -> Callable[..., None]:
        @functools.wraps(func)
        def command(**options: Any) -> None:
            func(cls(**options))

        command.options_class = cls  # type: ignore[attr-defined]
        return command

    return decorate


@dataclass(frozen=True)
class _Reading:
    """What every command that reads records gets: --sheet, --layer, --name-column, --aliases."""

    sheet: str | None
    layer: str | None
    name_column: str | None
    aliases: Aliases | None

    def read(self, strict: bool = False) -> ReadOptions:
        return ReadOptions(
            sheet=self.sheet, layer=self.layer, name_column=self.name_column, aliases=self.aliases, strict=strict
        )


@dataclass(frozen=True)
class ReproduceArgs(_Reading):
    """Options of ``clusteratlas reproduce``."""

    data: Path | None
    out: Path
    zones: Path | None
    claims: Path | None
    no_claims: bool
    strict: bool


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
@_collect(ReproduceArgs)
def reproduce(a: ReproduceArgs) -> None:
    """Geocode the clusters, write shares and the claims check into OUT, print the claims."""
    from .export import text_table
    from .reproduce import claims_table, results_status
    from .reproduce import reproduce as run

    result = run(a.data, a.out, zones=a.zones, claims=[] if a.no_claims else a.claims, read=a.read(a.strict))
    click.echo(text_table(claims_table(result.claims)))
    counts = results_status(result.claims)
    click.echo(
        f"\n{counts.get('match', 0)} match, {counts.get('mismatch', 0)} mismatch, "
        f"{counts.get('not computable', 0)} not computable. Wrote {len(result.files)} files to {a.out}/."
    )
    for path in result.files:
        log.info("wrote %s", path)


@dataclass(frozen=True)
class GeocodeArgs(_Reading):
    """Options of ``clusteratlas geocode``."""

    input: Path
    output: Path
    strict: bool
    excel: bool
    chunksize: int | None


@cli.command()
@click.argument("input", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help=f"Output file: {', '.join(RECORD_FORMATS)} (.parquet: GeoParquet).",
)
@_sheet_layer
@_aliases_option
@_strict_option
@_excel_option
@_chunksize_option
@_engine_options
@_verbosity
@_collect(GeocodeArgs)
def geocode(a: GeocodeArgs) -> None:
    """Geocode INPUT (CSV, XLSX, GeoJSON, GeoPackage, Parquet) and write OUTPUT."""
    from ._resources import check_not_input
    from .export import write_records
    from .options import read_geocoded

    output_format(RECORD_FORMATS, a.output)
    check_not_input([a.output], [a.input])
    chosen = _engine_run(a.input, a.chunksize, a)
    if chosen is not None:
        from .engines import geocode_file

        geocode_file(
            a.input,
            a.output,
            engine=chosen[0],
            engine_kwds=chosen[1],
            aliases=a.aliases,
            strict=a.strict,
            excel=a.excel,
        )
        log.info("wrote %s", a.output)
        return
    geo = read_geocoded(a.input, a.read(a.strict))
    write_records(geo, a.output, excel=a.excel)
    placed = int(geo["region_code"].notna().sum())
    log.info("placed %d of %d records; wrote %s", placed, len(geo), a.output)


@dataclass(frozen=True)
class SharesArgs(_Reading):
    """Options of ``clusteratlas shares``."""

    input: Path
    by: str
    zones: Path | None
    per_capita: bool
    fmt: str
    output: Path | None
    strict: bool
    lang: str
    excel: bool
    chunksize: int | None


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
@click.option(
    "--format", "fmt", type=_choice(SHARE_FORMATS), default="table", show_default=True, help=f"{SHARE_FORMATS.help()}."
)
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
@_collect(SharesArgs)
def shares(a: SharesArgs) -> None:
    """Count INPUT's records by region, province, zone or a column, with shares of all records."""
    from ._resources import check_not_input
    from .aggregate import load_zones
    from .export import format_shares

    zone_obj = load_zones(a.zones) if a.by == "zone" or a.zones is not None else None
    if a.output is not None:
        check_not_input([a.output], [a.input, a.zones])
    chosen = _engine_run(a.input, a.chunksize, a)
    if chosen is not None:
        from .engines import shares_file

        result = shares_file(
            a.input,
            by=a.by,
            zones=zone_obj,
            per_capita=a.per_capita,
            engine=chosen[0],
            engine_kwds=chosen[1],
            aliases=a.aliases,
            strict=a.strict,
        )
    else:
        from .aggregate import shares as run
        from .records import read_records

        records = read_records(a.input, sheet=a.sheet, layer=a.layer, name_column=a.name_column)
        result = run(records, by=a.by, zones=zone_obj, per_capita=a.per_capita, geocode=a.read(a.strict))
    names = zone_obj.names_fr if zone_obj is not None and a.lang == "fr" and a.by == "zone" else None
    _emit_shares(format_shares(result, a.fmt, lang=a.lang, excel=a.excel, names=names), a)


def _emit_shares(text: str, a: SharesArgs) -> None:
    """Print shares (terminal-safe) or write them atomically to --output."""
    from ._resources import atomic_write

    if a.output is None:
        if a.fmt in ("table", "md"):  # for a terminal: no control character from the data
            text = "\n".join(one_line(line) for line in text.split("\n"))
        click.echo(text.rstrip("\n"))
        return
    encoding = "utf-8-sig" if a.excel and a.fmt == "csv" else "utf-8"
    with atomic_write(a.output, "w", encoding=encoding, newline="") as f:
        f.write(text if text.endswith("\n") else text + "\n")


def _breaks(ctx: click.Context, param: click.Parameter, value: str | None) -> list[float] | None:
    if value is None:
        return None
    try:
        return [float(v) for v in value.split(",") if v.strip()]  # in the given order: classify refuses unsorted
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


def _columns(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
    columns = [c.strip() for c in (value or "").split(",") if c.strip()]
    return columns or None


_periods_option = click.option(
    "--periods",
    callback=_periods,
    help="First year of each creation period, e.g. 1980,2000,2010,2020 (default: fitted to the years present).",
)


@dataclass(frozen=True)
class _MapArgs(_Reading):
    """What ``figure`` and ``map`` share: the input, the output and the map's decisions."""

    input: Path
    output: Path
    color_by: str | None
    scheme: str
    k: int | None
    lang: str
    title: str | None
    zones: Path | None

    def keywords(self) -> dict[str, Any]:
        """Return the map options ``figure`` and ``map`` share, as keywords of :func:`clusteratlas.map_spec`."""
        return {
            "zones": self.zones,
            "color_by": self.color_by,
            "scheme": self.scheme,
            "k": self.k,
            "lang": self.lang,
            "title": self.title,
        }


@dataclass(frozen=True)
class FigureArgs(_MapArgs):
    """Options of ``clusteratlas figure``."""

    kind: str
    size_by: str | None
    value: str
    breaks: list[float] | None
    dpi: int
    width_mm: float
    periods: list[int] | None
    subtitle: str
    south: str


@cli.command()
@click.argument("input", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help=f"Figure file: {', '.join(FIGURE_FORMATS)} (alt text written beside it).",
)
@click.option(
    "--kind", type=_choice(FIGURE_KINDS), default="combined", show_default=True, help=f"{FIGURE_KINDS.help()}."
)
@click.option("--color-by", help="Column that colours the points (default: sector_group, else sector).")
@click.option("--size-by", help="Numeric column that sizes the points.")
@click.option(
    "--value",
    default="count",
    show_default=True,
    help=f"Choropleth value: {', '.join(VALUES)}, or a numeric column (summed per region).",
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
    type=_choice(SOUTH),
    default="frame",
    show_default=True,
    help=f"{SOUTH.help()}.",
)
@_zones_option
@_sheet_layer
@_aliases_option
@_verbosity
@_collect(FigureArgs)
def figure(a: FigureArgs) -> None:
    """Draw a publication-ready figure of INPUT's records."""
    import matplotlib.pyplot as plt

    from .products import figure as draw

    fig = draw(
        a.input,
        a.kind,
        output=a.output,
        dpi=a.dpi,
        width_mm=a.width_mm,
        south=a.south,
        read=a.read(),
        value=a.value,
        breaks=a.breaks,
        size_by=a.size_by,
        subtitle=a.subtitle,
        periods=a.periods,
        **a.keywords(),
    )
    plt.close(fig)
    log.info("wrote %s and its alt text", a.output)


#: ``map --choropleth``: a choropleth value, or none.
CHOROPLETHS = (*VALUES.choices(), "none")


@dataclass(frozen=True)
class MapArgs(_MapArgs):
    """Options of ``clusteratlas map``."""

    choropleth: str
    tiles: str
    max_zoom: int


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
    type=click.Choice(CHOROPLETHS),
    default="count",
    show_default=True,
    help=f"What shades the regions: {VALUES.help()}; none: no shading.",
)
@_scheme_options
@_lang_option
@click.option("--tiles", type=_choice(TILES), default="none", show_default=True, help=f"{TILES.help()}.")
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
@_collect(MapArgs)
def map_command(a: MapArgs) -> None:
    """Write a self-contained interactive HTML map of INPUT's records."""
    from .products import web_map

    web_map(
        a.input,
        output=a.output,
        choropleth=a.choropleth != "none",
        tiles=a.tiles,
        max_zoom=a.max_zoom,
        read=a.read(),
        value="count" if a.choropleth == "none" else a.choropleth,
        **a.keywords(),
    )
    log.info("wrote %s", a.output)


@dataclass(frozen=True)
class ReportArgs(_Reading):
    """Options of ``clusteratlas report``."""

    input: Path
    output: Path
    zones: Path | None
    claims: Path | None
    no_claims: bool
    compare: Path | None
    renames: Path | None
    tables_dir: Path | None
    lang: str
    no_figure: bool
    title: str | None
    periods: list[int] | None
    group_by: list[str] | None


@cli.command()
@click.argument("input", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    required=True,
    help=f"Report file: {REPORT_FORMATS.help()}.",
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
    help=f"Also write every table as {' and '.join(e[1:].upper() for e in REPORT_TABLE_FORMATS)} here.",
)
@_lang_option
@click.option("--no-figure", is_flag=True, help="Leave the map out.")
@click.option("--title", help="Report title (default: what the data are, e.g. '26 records in Morocco, from FILE').")
@_periods_option
@click.option(
    "--group-by",
    callback=_columns,
    help="Columns to tabulate, comma-separated, as the file names them (default: every text column with 2-30 values).",
)
@_sheet_layer
@_aliases_option
@_verbosity
@_collect(ReportArgs)
def report(a: ReportArgs) -> None:
    """Write a regional share report of INPUT (with a study's claims checked when --claims is given)."""
    from ._resources import check_not_input
    from .reporting import report as build
    from .reporting import report_outputs, write_report

    inputs = [a.input, a.zones, a.claims, a.compare, a.renames]
    check_not_input(report_outputs(None, a.output), inputs)
    built = build(
        a.input,
        zones=a.zones,
        claims=None if a.no_claims else a.claims,
        compare=a.compare,
        renames=a.renames,
        read=a.read(),
        lang=a.lang,
        figure=not a.no_figure,
        title=a.title,
        periods=a.periods,
        group_by=a.group_by,
    )
    for path in write_report(built, a.output, tables_dir=a.tables_dir, inputs=inputs):
        log.info("wrote %s", path)


#: Library parameters whose flag is not the parameter's name with dashes (``fmt`` is ``--format``).
#: Every other parameter of a command is found from its click options: see :func:`flag_names`.
_FLAG_OVERRIDES = {"input": "INPUT", "data": "--data", "out": "--out"}

_PARAM = re.compile(r"`([A-Za-z_][A-Za-z0-9_]*)`")


@functools.cache
def flag_names() -> dict[str, str]:
    """Map each library parameter name to the command-line flag that sets it (``per_capita`` -> ``--per-capita``)."""
    names: dict[str, str] = {}
    for command in cli.commands.values():
        for param in command.params:
            if isinstance(param, click.Option) and param.name:
                longest = max(param.opts, key=len)
                names.setdefault(param.name, longest)
    return names | _FLAG_OVERRIDES


def with_flags(message: str) -> str:
    """Reword a library message for the command line: `` `per_capita` `` becomes ``--per-capita``.

    Examples
    --------
    >>> with_flags("`per_capita` needs a geographic `by`")
    '--per-capita needs a geographic --by'
    """
    names = flag_names()
    return _PARAM.sub(lambda m: names.get(m.group(1), m.group(1)), message)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code (used by the ``clusteratlas`` script)."""
    try:
        with _warnings_to_log():
            cli.main(args=list(argv) if argv is not None else None, prog_name="clusteratlas", standalone_mode=False)
    except UnresolvedError as err:
        click.echo(
            one_line(f"error: {with_flags(str(err))} (run without --strict to keep them as unresolved)"), err=True
        )
        return EXIT_UNRESOLVED
    except ClusterAtlasError as err:
        click.echo(one_line(f"error: {with_flags(str(err))}"), err=True)
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
