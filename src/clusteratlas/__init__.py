"""clusteratlas: map Morocco's industrial clusters.

Offline geocoding to Moroccan cities, provinces and regions; counts and shares by region,
province, zone or any column; the published claims of a study recomputed from its table.

The names below are the public API, one line each by stage (ARCHITECTURE.md draws them);
everything else is reached through its module (``clusteratlas.export.write_records``).

Products, a file or a table in, an output out
    :func:`figure`, :func:`web_map`, :func:`report` (with :func:`write_report`,
    :class:`Report`, :class:`ReportOptions`), :func:`reproduce` (the study's outputs).
Read and geocode
    :func:`read_records` (:class:`ReadOptions`), :func:`geocode` (:class:`GeocodeOptions`),
    :func:`normalize_name` (the one name normaliser every lookup uses).
The territory
    :func:`boundaries`, :func:`admin_table`.
Aggregate and check
    :func:`shares` (:class:`Shares`), :func:`load_zones` (:class:`Zones`),
    :func:`load_claims`, :func:`evaluate_claims` (:class:`ClaimResult`).
Map specification and renderers
    :func:`map_spec` (:class:`MapOptions`); static figures :func:`plot_points`,
    :func:`plot_choropleth`, :func:`plot_combined`, :func:`plot_timeline`,
    :func:`plot_levers`, :func:`save_figure`; the HTML map :func:`interactive_map`,
    :func:`write_map`.
Registries and errors
    :class:`Registry` (name → implementation, errors listing the valid names); the
    exceptions and warnings of :mod:`clusteratlas.errors`.

``clusteratlas.geocode`` is the function here, not its module (kept for now: import the
module's other names with ``from clusteratlas.geocode import ...``).

Importing the package is cheap: each name is imported from its module the first time it is
used (:pep:`562`), so ``clusteratlas --version`` or a ``shares`` run loads neither matplotlib
nor folium, and only what the command needs.
"""

from __future__ import annotations

import importlib
import sys
import types
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._resources import VERSION as __version__  # noqa: N811
    from .aggregate import Shares, Zones, load_zones, shares
    from .claims import ClaimResult, evaluate_claims, load_claims
    from .errors import (
        AmbiguousNumberWarning,
        ClassificationWarning,
        ClusterAtlasError,
        ClusterAtlasWarning,
        DataError,
        InputError,
        OutputError,
        ReaderGone,
        RegionConflictWarning,
        Terminated,
        UnresolvedError,
        UnresolvedWarning,
    )
    from .gazetteer import normalize_name
    from .geocode import geocode
    from .geography import admin_table, boundaries
    from .interactive import interactive_map, write_map
    from .mapspec import MapOptions, map_spec
    from .options import GeocodeOptions, ReadOptions
    from .products import figure, web_map
    from .records import read_records
    from .registry import Registry
    from .reporting import Report, ReportOptions, report, write_report
    from .reproduction import reproduce
    from .static import plot_choropleth, plot_combined, plot_levers, plot_points, plot_timeline, save_figure

#: Each public name's module (relative to the package).
_HOMES = {
    "Shares": ".aggregate",
    "Zones": ".aggregate",
    "load_zones": ".aggregate",
    "shares": ".aggregate",
    "ClaimResult": ".claims",
    "evaluate_claims": ".claims",
    "load_claims": ".claims",
    "AmbiguousNumberWarning": ".errors",
    "ClassificationWarning": ".errors",
    "ClusterAtlasError": ".errors",
    "ClusterAtlasWarning": ".errors",
    "DataError": ".errors",
    "InputError": ".errors",
    "OutputError": ".errors",
    "ReaderGone": ".errors",
    "RegionConflictWarning": ".errors",
    "Terminated": ".errors",
    "UnresolvedError": ".errors",
    "UnresolvedWarning": ".errors",
    "normalize_name": ".gazetteer",
    "geocode": ".geocode",
    "admin_table": ".geography",
    "boundaries": ".geography",
    "interactive_map": ".interactive",
    "write_map": ".interactive",
    "MapOptions": ".mapspec",
    "map_spec": ".mapspec",
    "GeocodeOptions": ".options",
    "ReadOptions": ".options",
    "figure": ".products",
    "web_map": ".products",
    "read_records": ".records",
    "Registry": ".registry",
    "Report": ".reporting",
    "ReportOptions": ".reporting",
    "report": ".reporting",
    "write_report": ".reporting",
    "reproduce": ".reproduction",
    "plot_choropleth": ".static",
    "plot_combined": ".static",
    "plot_levers": ".static",
    "plot_points": ".static",
    "plot_timeline": ".static",
    "save_figure": ".static",
}


def __getattr__(name: str) -> Any:
    """Import a public name from its module, or a submodule, the first time it is used."""
    home = _HOMES.get(name)
    if name == "__version__":  # read from the installed metadata when asked for, not at each start
        value = importlib.import_module("._resources", __name__).VERSION
    elif home is not None:
        value = getattr(importlib.import_module(home, __name__), name)
    else:
        try:
            value = importlib.import_module(f".{name}", __name__)
        except ModuleNotFoundError as e:
            if e.name != f"{__name__}.{name}":
                raise
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    """Return the public names (:data:`__all__`) beside the module's own."""
    return sorted({*globals(), *__all__})


class _Package(types.ModuleType):
    """The package's module: a submodule imported later never hides the public name it shares.

    ``clusteratlas.geocode`` stays the function when the ``clusteratlas.geocode`` module is
    imported (the import system sets the submodule on its package).
    """

    def __setattr__(self, name: str, value: object) -> None:
        if isinstance(value, types.ModuleType) and _HOMES.get(name) == f".{name}":
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package

__all__ = [
    "AmbiguousNumberWarning",
    "ClaimResult",
    "ClassificationWarning",
    "ClusterAtlasError",
    "ClusterAtlasWarning",
    "DataError",
    "GeocodeOptions",
    "InputError",
    "MapOptions",
    "OutputError",
    "ReadOptions",
    "ReaderGone",
    "RegionConflictWarning",
    "Registry",
    "Report",
    "ReportOptions",
    "Shares",
    "Terminated",
    "UnresolvedError",
    "UnresolvedWarning",
    "Zones",
    "__version__",
    "admin_table",
    "boundaries",
    "evaluate_claims",
    "figure",
    "geocode",
    "interactive_map",
    "load_claims",
    "load_zones",
    "map_spec",
    "normalize_name",
    "plot_choropleth",
    "plot_combined",
    "plot_levers",
    "plot_points",
    "plot_timeline",
    "read_records",
    "report",
    "reproduce",
    "save_figure",
    "shares",
    "web_map",
    "write_map",
    "write_report",
]
