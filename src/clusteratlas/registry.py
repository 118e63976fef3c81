"""Registries: every choice a user can make, in one place, with its help.

In the style of mapclassify's ``_classifiers`` dict, a :class:`Registry` maps a key (a claim
kind, a choropleth value, an output extension …) to what implements it and a one-line help.
The command line's ``click.Choice`` lists, its ``--help`` texts and the error that lists the
valid keys (with a "did you mean") all come from here, so adding a choice is one entry.

Registries of choices implemented elsewhere read the tuples those modules export
(:data:`clusteratlas.mapspec.VALUES`, :data:`clusteratlas.interactive.TILES` …), so the
implementing module stays the single source of its keys; a test checks that every key has
its help here. Claim kinds are registered next to their rules (:data:`clusteratlas.claims.RULES`).

This module imports the modules whose tuples it reads; they, in turn, import it only inside
functions (or import only :class:`Registry`, as :mod:`clusteratlas.claims` does), so that no
import cycle forms.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from .errors import InputError

T = TypeVar("T")
F = TypeVar("F")


@dataclass(frozen=True)
class Entry(Generic[T]):
    """One registered choice: its key, what implements it, and a one-line help."""

    key: str
    value: T
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

    def add(self, key: str, value: T, help: str) -> T:
        """Register ``value`` under ``key``; return it. A key is registered once."""
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
        """Return what implements ``key`` (see :meth:`entry` for the error)."""
        return self.entry(key).value

    def check(self, key: str) -> str:
        """Return ``key`` if it is registered, else raise :class:`~clusteratlas.errors.InputError`."""
        return self.entry(key).key

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


def from_keys(what: str, param: str, keys: tuple[str, ...], helps: Mapping[str, str]) -> Registry[str]:
    """Build a registry of choices implemented elsewhere: ``keys`` as exported there, ``helps`` here.

    Raises
    ------
    ValueError
        If a key has no help or a help has no key (caught by the test suite, not by users).
    """
    if set(keys) != set(helps):
        msg = f"{what}: keys {sorted(keys)} and helps {sorted(helps)} differ"
        raise ValueError(msg)
    registry = Registry[str](what, param)
    for key in keys:
        registry.add(key, key, helps[key])
    return registry


#: The help of every key of the registries below, by registry: (what a key is, parameter, helps).
HELP: dict[str, tuple[str, str, dict[str, str]]] = {
    "values": (
        "choropleth value",
        "value",
        {
            "count": "records per region",
            "share": "share of all records per region",
            "per-capita": "records per million inhabitants (HCP 2024)",
        },
    ),
    "schemes": (
        "classification scheme",
        "scheme",
        {
            "fisher_jenks": "natural breaks, Fisher-Jenks",
            "quantiles": "equal numbers of regions per class",
            "equal_interval": "classes of equal width",
            "unique": "one class per value",
            "user": "your own upper bounds (breaks)",
        },
    ),
    "tiles": (
        "tile layer",
        "tiles",
        {"none": "the regions are the basemap, no network", "osm": "OpenStreetMap tiles, online"},
    ),
    "figure_kinds": (
        "figure kind",
        "kind",
        {
            "points": "one symbol per place, sized by its records",
            "choropleth": "regions shaded by a value",
            "combined": "choropleth and points together",
            "timeline": "records by creation year and period",
            "levers": "a matrix of the intervention levers",
        },
    ),
    "share_formats": (
        "shares format",
        "fmt",
        {"table": "aligned text", "csv": "CSV", "json": "JSON", "md": "Markdown table"},
    ),
    "languages": ("language", "lang", {"en": "English", "fr": "French (Babel number formats)"}),
    "record_formats": (
        "records format",
        "output",
        {
            ".csv": "CSV (UTF-8; Excel flavour with excel=True)",
            ".geojson": "GeoJSON points",
            ".gpkg": "GeoPackage points",
            ".parquet": "GeoParquet",
        },
    ),
    "figure_formats": ("figure format", "output", {".png": "PNG raster", ".svg": "SVG vector", ".pdf": "PDF vector"}),
    "map_formats": ("map format", "output", {".html": "self-contained page", ".htm": "same as .html"}),
    "report_formats": (
        "report format",
        "output",
        {".html": "self-contained page", ".htm": "same as .html", ".md": "Markdown, map beside it as PNG"},
    ),
    "table_formats": ("report table format", "tables_dir", {".csv": "raw values", ".json": "caption and rows"}),
    "south": (
        "layout of the south",
        "south",
        {
            "frame": "the whole territory in the main map",
            "inset": "the pack's inset regions in an inset at their own stated scale",
        },
    ),
}


def _build() -> dict[str, Registry[str]]:
    """Build every registry from the keys its implementing module exports and its help above."""
    from .export import SHARE_FORMATS, WRITERS
    from .interactive import FORMATS as _MAP_FORMATS
    from .interactive import TILES as _TILES
    from .mapspec import SCHEMES as _SCHEMES
    from .mapspec import VALUES as _VALUES
    from .presentation import LANGUAGES as _LANGUAGES
    from .static import FORMATS as _FIGURE_FORMATS
    from .static import KINDS as _KINDS

    keys: dict[str, tuple[str, ...]] = {
        "values": _VALUES,
        "schemes": _SCHEMES,
        "tiles": _TILES,
        "figure_kinds": _KINDS,
        "share_formats": SHARE_FORMATS,
        "languages": _LANGUAGES,  # the languages with a text catalogue
        "record_formats": tuple(WRITERS),
        "figure_formats": _FIGURE_FORMATS,
        "map_formats": _MAP_FORMATS,
        "report_formats": (".html", ".htm", ".md"),  # report.write_report reads this registry
        "table_formats": (".csv", ".json"),
        "south": ("frame", "inset"),  # static._extent's two layouts; static exports no tuple yet
    }
    return {name: from_keys(*HELP[name][:2], keys[name], HELP[name][2]) for name in HELP}


_ALL = _build()

#: Choropleth values (:data:`clusteratlas.mapspec.VALUES`).
VALUES = _ALL["values"]
#: Classification schemes (:data:`clusteratlas.mapspec.SCHEMES`).
SCHEMES = _ALL["schemes"]
#: Tile layers of the HTML map (:data:`clusteratlas.interactive.TILES`).
TILES = _ALL["tiles"]
#: Figure kinds (:data:`clusteratlas.static.KINDS`).
FIGURE_KINDS = _ALL["figure_kinds"]
#: Formats of ``clusteratlas shares`` (:data:`clusteratlas.export.SHARE_FORMATS`).
SHARE_FORMATS = _ALL["share_formats"]
#: Languages of labels, legends and reports.
LANGUAGES = _ALL["languages"]
#: Output extensions, one registry per product.
RECORD_FORMATS = _ALL["record_formats"]
FIGURE_FORMATS = _ALL["figure_formats"]
MAP_FORMATS = _ALL["map_formats"]
REPORT_FORMATS = _ALL["report_formats"]
TABLE_FORMATS = _ALL["table_formats"]
#: How a figure draws the southern regions.
SOUTH = _ALL["south"]


def output_format(registry: Registry[str], path: object) -> str:
    """Return the extension of ``path`` if ``registry`` has it (lower case), else raise a clear error.

    Raises
    ------
    InputError
        Naming the file, its extension and the ones that can be written.
    """
    from pathlib import Path

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
