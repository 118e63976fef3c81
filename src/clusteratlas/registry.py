"""Registries: every choice a user can make, what implements it, and its help, in one place.

In the style of mapclassify's ``_classifiers`` dict, a :class:`Registry` maps a key (a figure
kind, a classification scheme, an output extension …) to what implements it and a one-line
help. The command line's ``click.Choice`` lists, its ``--help`` texts and the error that lists
the valid keys (with a "did you mean") all come from a registry, so adding a choice is one
entry, and no other module lists the keys again.

An implementation may be *named* instead of held: ``Ref("clusteratlas.static:plot_points")``
is imported the first time :meth:`Registry.get` asks for it, then kept. So this module imports
nothing of the package: the renderers import it, never the reverse (no import cycle), and the
command line reads every choice and its help without importing matplotlib, folium or pandas.
A test resolves every entry of every registry, so a name that no longer exists fails there.
Claim kinds (:data:`clusteratlas.claims.RULES`) and engines (:data:`clusteratlas.engines.ENGINES`)
are registries declared beside their implementations.
"""

from __future__ import annotations

import difflib
import importlib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from .errors import InputError

__all__ = [
    "ENTRIES",
    "FIGURE_FORMATS",
    "FIGURE_KINDS",
    "LANGUAGES",
    "MAP_FORMATS",
    "RECORD_FORMATS",
    "REPORT_FORMATS",
    "SCHEMES",
    "SHARE_FORMATS",
    "SOUTH",
    "TABLE_FORMATS",
    "TILES",
    "UNITS",
    "VALUES",
    "Entry",
    "Ref",
    "Registry",
    "output_format",
]

T = TypeVar("T")
F = TypeVar("F")


@dataclass(frozen=True)
class Ref:
    """An object named by ``"package.module:attribute"``, imported when first used.

    Examples
    --------
    >>> Ref("json:dumps").resolve()({"a": 1})
    '{"a": 1}'
    """

    target: str

    def resolve(self) -> Any:
        """Import the module and return the attribute (dotted attributes are followed)."""
        module, _, attribute = self.target.partition(":")
        found: Any = importlib.import_module(module)
        for part in attribute.split(".") if attribute else ():
            found = getattr(found, part)
        return found


@dataclass(frozen=True)
class Entry(Generic[T]):
    """One registered choice: its key, what implements it (or a :class:`Ref` to it), a one-line help."""

    key: str
    value: T | Ref
    help: str


class Registry(Generic[T]):
    """An ordered mapping of keys to implementations, with help and helpful errors.

    Parameters
    ----------
    what : str
        What a key is, for messages ("figure kind").
    param : str
        The parameter that takes a key ("kind"): errors name it in backticks, and the
        command line translates it to its flag.

    Examples
    --------
    >>> shapes = Registry[int]("shape", "shape")
    >>> _ = shapes.add("square", 4, "four sides")
    >>> shapes.choices(), shapes.get("square")
    (('square',), 4)
    >>> shapes.get("sqare")
    Traceback (most recent call last):
    ...
    clusteratlas.errors.InputError: `shape`: unknown shape 'sqare'; did you mean 'square'? Use one of: square.
    """

    def __init__(self, what: str, param: str) -> None:
        self.what = what
        self.param = param
        self._entries: dict[str, Entry[T]] = {}
        self._resolved: dict[str, T] = {}

    def add(self, key: str, value: T | Ref, help: str) -> T | Ref:
        """Register ``value`` (or a :class:`Ref` to it) under ``key``; return it. A key is registered once."""
        if key in self._entries:
            msg = f"{self.what} {key!r} is registered twice"
            raise ValueError(msg)
        self._entries[key] = Entry(key, value, help)
        return value

    def register(self, key: str, help: str) -> Callable[[F], F]:
        """Register the decorated function under ``key`` (``@RULES.register("share", "…")``)."""

        def decorate(func: F) -> F:
            self.add(key, func, help)  # type: ignore[arg-type]
            return func

        return decorate

    def choices(self) -> tuple[str, ...]:
        """Every key, in registration order."""
        return tuple(self._entries)

    def entry(self, key: str) -> Entry[T]:
        """Return the entry of ``key``.

        Raises
        ------
        InputError
            If ``key`` is not registered; the message names the parameter, suggests the
            closest key and lists every valid one.
        """
        try:
            return self._entries[key]
        except (KeyError, TypeError):
            raise InputError(self.unknown(key)) from None

    def get(self, key: str) -> T:
        """Return what implements ``key``, importing it the first time (see :meth:`entry` for the error)."""
        if key not in self._resolved:
            value = self.entry(key).value
            self._resolved[key] = value.resolve() if isinstance(value, Ref) else value
        return self._resolved[key]

    def check(self, key: str) -> str:
        """Return ``key`` if it is registered, else raise :class:`~clusteratlas.errors.InputError`."""
        return self.entry(key).key

    def items(self) -> Iterator[tuple[str, T]]:
        """Return each key with what implements it (imported if named by a :class:`Ref`)."""
        return ((key, self.get(key)) for key in self._entries)

    def values(self) -> Iterator[T]:
        """Return what implements each key, in order (see :meth:`items`)."""
        return (self.get(key) for key in self._entries)

    def unknown(self, key: object) -> str:
        """Return the message for an unregistered key: parameter, suggestion, valid keys."""
        close = difflib.get_close_matches(str(key), list(self._entries), n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]!r}?" if close else ";"
        return f"`{self.param}`: unknown {self.what} {key!r}{hint} Use one of: {', '.join(self._entries)}."

    def help(self) -> str:
        """One line per key: ``key: help`` (for ``--help`` texts and documentation)."""
        return "; ".join(f"{e.key}: {e.help}" for e in self._entries.values())

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __iter__(self) -> Iterator[str]:
        return iter(self._entries)

    def __len__(self) -> int:
        return len(self._entries)

    def __repr__(self) -> str:
        return f"Registry({self.what!r}: {', '.join(self._entries)})"


def _registry(what: str, param: str, entries: Mapping[str, tuple[Any, str]]) -> Registry[Any]:
    """Build a registry from ``{key: (implementation, help)}``, in order."""
    registry = Registry[Any](what, param)
    for key, (value, help_) in entries.items():
        registry.add(key, value, help_)
    return registry


#: Choropleth values: the column of the regions' shares table each one maps
#: (:func:`clusteratlas.shares` with ``per_capita=True``).
VALUES: Registry[str] = _registry(
    "choropleth value",
    "value",
    {
        "count": ("count", "records per region"),
        "share": ("share", "share of all records per region"),
        "per-capita": ("per_million", "records per million inhabitants (HCP 2024)"),
    },
)
#: Classification schemes: the mapclassify classifier of each; ``None`` where the classes need
#: none (one class per value; the user's own bounds).
SCHEMES: Registry[type | None] = _registry(
    "classification scheme",
    "scheme",
    {
        "fisher_jenks": (Ref("mapclassify:FisherJenks"), "natural breaks, Fisher-Jenks"),
        "quantiles": (Ref("mapclassify:Quantiles"), "equal numbers of regions per class"),
        "equal_interval": (Ref("mapclassify:EqualInterval"), "classes of equal width"),
        "unique": (None, "one class per value"),
        "user": (None, "your own upper bounds (breaks)"),
    },
)
#: Tile layers of the HTML map: the folium tile set of each (``None``: no tiles).
TILES: Registry[str | None] = _registry(
    "tile layer",
    "tiles",
    {
        "none": (None, "the regions are the basemap, no network"),
        "osm": ("OpenStreetMap", "OpenStreetMap tiles, online"),
    },
)
#: Figure kinds: the function that draws each (:mod:`clusteratlas.static`).
FIGURE_KINDS: Registry[Callable[..., Any]] = _registry(
    "figure kind",
    "kind",
    {
        "points": (Ref("clusteratlas.static:plot_points"), "one symbol per place, sized by its records"),
        "choropleth": (Ref("clusteratlas.static:plot_choropleth"), "regions shaded by a value"),
        "combined": (Ref("clusteratlas.static:plot_combined"), "choropleth and points together"),
        "timeline": (Ref("clusteratlas.static:plot_timeline"), "records by creation year and period"),
        "levers": (Ref("clusteratlas.static:plot_levers"), "a matrix of the intervention levers"),
        "lq": (Ref("clusteratlas.static.lq:draw_lq"), "one category's location quotient per region, centred on 1"),
    },
)
#: Formats of ``clusteratlas shares``: what renders each (:func:`clusteratlas.export.format_shares`).
SHARE_FORMATS: Registry[Callable[..., str]] = _registry(
    "format of shares",
    "fmt",
    {
        "table": (Ref("clusteratlas.export:text_table"), "aligned text"),
        "csv": (Ref("clusteratlas.export:csv_text"), "CSV"),
        "json": (Ref("json:dumps"), "JSON"),
        "md": (Ref("clusteratlas.export:markdown_table"), "Markdown table"),
    },
)
#: Languages of labels, legends and reports: the text catalogue of each (in the package).
LANGUAGES: Registry[str] = _registry(
    "language",
    "lang",
    {"en": ("_locale/en.toml", "English"), "fr": ("_locale/fr.toml", "French (Babel number formats)")},
)
#: Output extensions of records: the writer of each (:mod:`clusteratlas.export`).
RECORD_FORMATS: Registry[Any] = _registry(
    "records format",
    "output",
    {
        ".csv": (Ref("clusteratlas.export:write_csv"), "CSV (UTF-8; Excel flavour with excel=True)"),
        ".xlsx": (Ref("clusteratlas.export:write_xlsx"), "Excel workbook (typed cells, codes as text)"),
        ".gpkg": (Ref("clusteratlas.export:write_gpkg"), "GeoPackage points"),
        ".geojson": (Ref("clusteratlas.export:write_geojson"), "GeoJSON points"),
        ".parquet": (Ref("clusteratlas.export:write_parquet"), "GeoParquet"),
    },
)
#: Output extensions of figures: the metadata matplotlib would write and that changes between
#: runs (dates, versions), left out so that the same figure is the same bytes.
FIGURE_FORMATS: Registry[Mapping[str, None]] = _registry(
    "figure format",
    "output",
    {
        ".png": ({"Software": None}, "PNG raster"),
        ".svg": ({"Date": None, "Creator": None}, "SVG vector"),
        ".pdf": ({"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None}, "PDF vector"),
    },
)
#: Output extensions of the HTML map: the writer of each.
MAP_FORMATS: Registry[Callable[..., Path]] = _registry(
    "map format",
    "output",
    {
        ".html": (Ref("clusteratlas.interactive:write_map"), "self-contained page"),
        ".htm": (Ref("clusteratlas.interactive:write_map"), "same as .html"),
    },
)
#: Output extensions of reports: the renderer of each.
REPORT_FORMATS: Registry[Callable[..., str]] = _registry(
    "report format",
    "output",
    {
        ".html": (Ref("clusteratlas.reporting:render_html"), "self-contained page"),
        ".htm": (Ref("clusteratlas.reporting:render_html"), "same as .html"),
        ".md": (Ref("clusteratlas.reporting:render_markdown"), "Markdown, map beside it as PNG"),
    },
)
#: Formats of a report's tables (``tables_dir``): the writer of each.
TABLE_FORMATS: Registry[Callable[..., Any]] = _registry(
    "report table format",
    "tables_dir",
    {".csv": (Ref("clusteratlas.export:write_csv"), "raw values"), ".json": (Ref("json:dump"), "caption and rows")},
)
#: Layouts of the south of a figure: whether the pack's inset regions go to an inset.
SOUTH: Registry[bool] = _registry(
    "layout of the south",
    "south",
    {
        "frame": (False, "the whole territory in the main map"),
        "inset": (True, "the pack's inset regions in an inset at their own stated scale"),
    },
)

#: What a map's legends and texts call the records: the text catalogue section worded over
#: the ``map`` section for each (``None``: the ``map`` section as it is).
UNITS: Registry[str | None] = _registry(
    "unit",
    "unit",
    {
        "clusters": (None, "the study's word, the library's default"),
        "records": ("map_records", "any table, what the command line uses"),
    },
)

#: Every registry of this module, by name.
ENTRIES: dict[str, Registry[Any]] = {
    "values": VALUES,
    "schemes": SCHEMES,
    "tiles": TILES,
    "figure_kinds": FIGURE_KINDS,
    "share_formats": SHARE_FORMATS,
    "languages": LANGUAGES,
    "record_formats": RECORD_FORMATS,
    "figure_formats": FIGURE_FORMATS,
    "map_formats": MAP_FORMATS,
    "report_formats": REPORT_FORMATS,
    "table_formats": TABLE_FORMATS,
    "south": SOUTH,
    "units": UNITS,
}


def output_format(registry: Registry[Any], path: object) -> str:
    """Return the extension of ``path`` if ``registry`` has it (lower case), else raise a clear error.

    Raises
    ------
    InputError
        Naming the file, its extension and the ones that can be written.
    """
    p = Path(str(path))
    suffix = p.suffix.lower()
    if suffix not in registry:
        shown = p.suffix or "a file without extension"
        msg = f"{p}: cannot write {shown!r} as a {registry.what}; use one of {', '.join(registry)}."
        raise InputError(msg)
    if p.is_dir():
        msg = f"{p}: is a folder; give a file name ending in one of {', '.join(registry)}."
        raise InputError(msg)
    return suffix
