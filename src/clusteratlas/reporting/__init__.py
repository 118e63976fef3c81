"""Regional share reports: an observatory-style profile of the records, with the claims checked.

A :class:`Report` is a list of sections, each with paragraphs and tables; every table keeps
its raw numbers (for CSV and JSON) beside its display strings. It renders to one
self-contained HTML page (figure embedded, print CSS, accessible tables) or to
GitHub-flavoured Markdown. Every number comes from :func:`clusteratlas.shares` and
:func:`clusteratlas.evaluate_claims`, so the report and the command line agree.

Modules, in the order data flow through them:

- :mod:`.sections`: what each section says (summary and map, shares, profiles, levers,
  claims, provenance, method), as :class:`Section` and :class:`Table` objects;
- :mod:`.compare`: matching two datasets record by record (``report --compare``);
- :mod:`.model`: :class:`Report`, :class:`ReportOptions`, :func:`build_report` (sections in
  order) and :func:`report` (read, geocode, build);
- :mod:`.render`: the HTML page (Jinja2 template) and the Markdown text;
- :mod:`.write`: the files, the tables folder included, named by :func:`table_files` (never
  by the data) and written all or nothing.
"""

from __future__ import annotations

from ..presentation import catalogue
from .compare import compare_records, load_renames, match_key, match_records
from .model import Report, ReportKwargs, ReportOptions, build_report, report
from .render import render_html, render_markdown
from .sections import RECORDS_LISTED_MAX, TOP_LISTED, UNPLACED_LISTED_MAX, Section, Table, category_columns, has_values
from .write import report_outputs, table_files, write_report

__all__ = [
    "RECORDS_LISTED_MAX",
    "TOP_LISTED",
    "UNPLACED_LISTED_MAX",
    "Report",
    "ReportKwargs",
    "ReportOptions",
    "Section",
    "Table",
    "build_report",
    "category_columns",
    "compare_records",
    "has_values",
    "load_renames",
    "match_key",
    "match_records",
    "render_html",
    "render_markdown",
    "report",
    "report_outputs",
    "table_files",
    "write_report",
]


def __getattr__(name: str) -> dict[str, dict[str, str]]:
    """``TEXT``: the ``report`` catalogue section in every language, with the pack in use (never at import)."""
    if name == "TEXT":
        return catalogue("report")
    msg = f"module {__name__!r} has no attribute {name!r}"
    raise AttributeError(msg)
