"""Command-line options built from the library's declarations.

Each option of a subcommand sets one library parameter: a field of an options class
(:class:`~clusteratlas.mapspec.MapOptions`, :class:`~clusteratlas.reporting.ReportOptions`,
:class:`~clusteratlas.options.ReadOptions`) or a keyword of the function the subcommand calls
(:func:`clusteratlas.products.figure`, :func:`clusteratlas.engines.run_shares` …). The option
is named like that parameter (its flag is the name with dashes), and :func:`command` gives it
the default the library declares, so a default is written once, in the library. Options with
a fixed list of values take it from a registry (:mod:`clusteratlas.registry`). What is left
here is the command line's own: flags, help texts, and the few options that only the
command line has (``--no-claims``), each saying so. ``tests/test_cli.py`` checks every option
against its declaration.
"""

from __future__ import annotations

import dataclasses
import functools
import inspect
from collections.abc import Callable
from pathlib import Path
from typing import Any

import click

from .._weights import MISSING_WEIGHTS
from ..aliases import Aliases, load_aliases
from ..registry import LANGUAGES, SCHEMES, Registry
from ._log import adjust_level

__all__ = [
    "Args",
    "Declared",
    "breaks_option",
    "chunksize_option",
    "claims_option",
    "command",
    "declared_defaults",
    "excel_option",
    "input_argument",
    "lang_option",
    "no_claims_option",
    "no_zones_option",
    "option",
    "output_option",
    "periods_option",
    "reading_options",
    "scheme_options",
    "split_columns",
    "strict_option",
    "verbosity",
    "weight_options",
    "with_zones",
    "zones_option",
]

#: What decorates a command function with options.
Decorator = Callable[[Callable[..., Any]], Callable[..., Any]]


class Declared(click.Option):
    """An option that sets a library parameter: ``sets`` (its own name by default), or nothing.

    Parameters
    ----------
    sets : str, optional
        The library parameter the option sets, when it is not the option's own name.
    cli_only : str, optional
        Why the option sets no library parameter (``"sets claims=[]"`` for ``--no-claims``).
    library_default : bool
        Whether :func:`command` gives it the default the library declares.
    """

    def __init__(
        self, *args: Any, sets: str | None = None, cli_only: str | None = None, library_default: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.sets = None if cli_only else (sets or self.name)
        self.cli_only = cli_only
        self.library_default = library_default and self.sets is not None


def option(name: str, *flags: str, choices: Registry[Any] | None = None, **kwargs: Any) -> Decorator:
    """Declare the option setting the library parameter ``name``: ``--name-with-dashes``, and ``flags``.

    ``choices`` makes it a ``click.Choice`` of a registry's keys. Without ``default``, the
    option takes the library's (see :func:`command`), shown in ``--help``.
    """
    if not any(f.startswith("--") for f in flags):
        flags = (*flags, "--" + name.replace("_", "-"))
    if choices is not None:
        kwargs["type"] = click.Choice(list(choices.choices()))
    library_default = "default" not in kwargs
    if library_default and not kwargs.get("is_flag"):
        kwargs.setdefault("show_default", True)
    return click.option(*flags, name, cls=Declared, library_default=library_default, **kwargs)


def declared_defaults(*declarations: object) -> dict[str, Any]:
    """Return the default of every parameter the declarations name (the first declaration wins).

    A declaration is a dataclass (its fields) or a function (its keyword parameters); a
    parameter without a default maps to :data:`inspect.Parameter.empty`.
    """
    found: dict[str, Any] = {}
    for declaration in declarations:
        if dataclasses.is_dataclass(declaration):
            for f in dataclasses.fields(declaration):
                found.setdefault(f.name, inspect.Parameter.empty if f.default is dataclasses.MISSING else f.default)
        else:
            for p in inspect.signature(declaration).parameters.values():  # type: ignore[arg-type]
                if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL):
                    found.setdefault(p.name, p.default)
    return found


class Args:
    """A command's options, one attribute each; made by :func:`command` from the command's parameters."""

    #: The library parameter each option sets (options the command line alone has are left out).
    sets: dict[str, str] = {}  # noqa: RUF012 - replaced by each command's class

    def __getattr__(self, name: str) -> Any:
        # Never called for an option (a dataclass field); it tells type checkers every option is an attribute.
        raise AttributeError(name)

    def pick(self, declaration: object) -> dict[str, Any]:
        """Return the options that set a parameter of ``declaration``, by that parameter's name."""
        known = declared_defaults(declaration)
        return {target: getattr(self, name) for name, target in self.sets.items() if target in known}

    def of(self, cls: Callable[..., Any], **changes: Any) -> Any:
        """Build ``cls`` (an options dataclass) from the options that set its fields, and ``changes``."""
        return cls(**(self.pick(cls) | changes))


def command(name: str, *declarations: object) -> Callable[[Callable[[Any], None]], click.Command]:
    """Make a subcommand whose options set the parameters of ``declarations``.

    Each :class:`Declared` option without a default takes the declared one. The function is
    called with one object holding every option (:class:`Args`; its class is the callback's
    ``options_class``), and ``command.declarations`` keeps the declarations for the tests.
    """

    def decorate(func: Callable[[Any], None]) -> click.Command:
        made = click.command(name)(func)
        defaults = declared_defaults(*declarations)
        sets: dict[str, str] = {}
        for param in made.params:
            if isinstance(param, Declared) and param.sets is not None:
                sets[str(param.name)] = param.sets
                if param.sets not in defaults:
                    msg = f"{name} --{param.name}: no declaration has a parameter {param.sets!r}"
                    raise TypeError(msg)
                if param.library_default and defaults[param.sets] is not inspect.Parameter.empty:
                    param.default = defaults[param.sets]
        fields = [(str(p.name), Any) for p in made.params if p.expose_value]
        cls = dataclasses.make_dataclass(
            f"{name.title()}Args", fields, bases=(Args,), frozen=True, namespace={"sets": sets}
        )

        @functools.wraps(func)
        def callback(**options: Any) -> None:
            func(cls(**options))

        callback.options_class = cls  # type: ignore[attr-defined]
        made.callback = callback
        made.declarations = declarations  # type: ignore[attr-defined]
        return made

    return decorate


input_argument = click.argument("input", type=click.Path(path_type=Path))


def verbosity(func: Callable[..., Any]) -> Callable[..., Any]:
    """Accept -v/-q after the subcommand too (``clusteratlas reproduce -q``)."""
    func = click.option(
        "-v", "--verbose", count=True, expose_value=False, callback=adjust_level, help="More messages on stderr."
    )(func)
    return click.option(
        "-q", "--quiet", count=True, expose_value=False, callback=adjust_level, help="Fewer messages on stderr."
    )(func)


def _load_aliases(ctx: click.Context, param: click.Parameter, value: Path | None) -> Aliases | None:
    """Read --aliases as soon as it is parsed, so a bad file is reported before any work."""
    return load_aliases(value) if value is not None else None


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


def split_columns(ctx: click.Context, param: click.Parameter, value: str | None) -> list[str] | None:
    """Parse ``a, b,c`` into column names (``None`` when none are given)."""
    columns = [c.strip() for c in (value or "").split(",") if c.strip()]
    return columns or None


def scheme_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--scheme and --k, shared by ``figure`` and ``map``; the schemes come from the registry."""
    func = option("k", type=click.IntRange(1, 8), show_default=False, help="Number of classes (default: up to 5).")(
        func
    )
    return option("scheme", choices=SCHEMES, help=f"Classification of the choropleth: {SCHEMES.help()}.")(func)


breaks_option = option("breaks", callback=_breaks, help="Upper class bounds for --scheme user, e.g. 1,3,10.")
lang_option = option("lang", choices=LANGUAGES, help="Language of labels and legends.")
zones_option = option(
    "zones",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Zones file (TOML: [[zone]] name and regions); default: the study's zones, drawn for the study's table only.",
)
no_zones_option = option(
    "no_zones", is_flag=True, cli_only="sets zones to false", help="No zones, even for the study's table."
)


def with_zones(a: Args) -> dict[str, Any]:
    """Return the ``zones`` a command passes: ``False`` for ``--no-zones``, else ``--zones`` (or its default).

    Raises
    ------
    click.UsageError
        If both are given.
    """
    if a.no_zones and a.zones is not None:
        msg = "--zones and --no-zones contradict each other: give one"
        raise click.UsageError(msg)
    return {"zones": False if a.no_zones else a.zones}


claims_option = option(
    "claims",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Claims file (TOML) to check against the data; reproduce defaults to the study's, report to none.",
)
no_claims_option = option("no_claims", is_flag=True, cli_only="sets claims to none", help="Check no claims.")
strict_option = option("strict", is_flag=True, help="Exit with code 3 when some records can't be placed.")
excel_option = option(
    "excel", is_flag=True, help="CSV for French Excel: ';' separators, decimal commas, UTF-8 with BOM."
)
periods_option = option(
    "periods",
    callback=_periods,
    help="First year of each creation period, e.g. 1980,2000,2010,2020 (default: fitted to the years present).",
)
chunksize_option = option(
    "chunksize",
    type=click.IntRange(min=1),
    help="Stream a CSV or Parquet input this many records at a time (bounded memory; output .csv).",
)


def output_option(help: str, *, sets: str | None = None) -> Decorator:
    """Return the required ``-o``/``--output`` file option of a product (``figure``, ``map``, ``report``)."""
    named: dict[str, Any] = {"sets": sets} if sets is not None else {}
    return option("output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True, help=help, **named)


def weight_options(help: str) -> Decorator:
    """Return ``--weight COLUMN`` (what the weight does: ``help``) and ``--missing-weight``, in that order."""
    weight = option("weight", metavar="COLUMN", help=help)
    said = f"Records without a weight: {MISSING_WEIGHTS.help()}."
    missing = option("missing_weight", choices=MISSING_WEIGHTS, help=said)

    def apply(func: Callable[..., Any]) -> Callable[..., Any]:
        return weight(missing(func))

    return apply


def reading_options(func: Callable[..., Any]) -> Callable[..., Any]:
    """--sheet, --layer, --name-column, --city-column …, --aliases: the fields of ReadOptions but ``strict``."""
    func = option(
        "aliases",
        type=click.Path(dir_okay=False, path_type=Path),
        callback=_load_aliases,
        help="Your names for places the gazetteer lacks (CSV: name + lat/lon, place, province or region).",
    )(func)
    for role in ("region", "province", "city"):
        func = option(
            f"{role}_column",
            metavar="COLUMN",
            help=f"The {role}'s column, as your header writes it (when its name is not recognised, or several are).",
        )(func)
    func = option(
        "name_column",
        metavar="COLUMN",
        help="The column that names the records, as your header writes it (default: name, nom, Raison sociale, …).",
    )(func)
    func = option("layer", help="GeoPackage layer to read (needed when it has several).")(func)
    return option("sheet", help="Workbook sheet to read (needed when several hold data).")(func)
