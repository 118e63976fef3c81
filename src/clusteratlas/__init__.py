"""clusteratlas: map Morocco's industrial clusters.

Offline geocoding to Moroccan cities, provinces and regions; counts and shares by region,
province, zone or any column; the published claims of a study recomputed from its table.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("clusteratlas")
except PackageNotFoundError:  # pragma: no cover - running from a source tree without install
    __version__ = "0+unknown"

from .aggregate import Shares, Zones, load_zones, shares
from .claims import ClaimResult, evaluate_claims, load_claims
from .errors import (
    ClassificationWarning,
    ClusterAtlasError,
    ClusterAtlasWarning,
    DataError,
    InputError,
    RegionConflictWarning,
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
from .reproduce import reproduce
from .static import plot_choropleth, plot_combined, plot_levers, plot_points, plot_timeline, save_figure

__all__ = [
    "ClaimResult",
    "ClassificationWarning",
    "ClusterAtlasError",
    "ClusterAtlasWarning",
    "DataError",
    "GeocodeOptions",
    "InputError",
    "MapOptions",
    "ReadOptions",
    "RegionConflictWarning",
    "Registry",
    "Report",
    "ReportOptions",
    "Shares",
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
