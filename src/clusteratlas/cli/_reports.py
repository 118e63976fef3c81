"""``clusteratlas report`` and ``reproduce``: :func:`clusteratlas.report` and :func:`clusteratlas.reproduce`."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import reporting
from .._resources import check_not_input
from ..errors import InputError
from ..export import text_table
from ..options import ReadOptions
from ..registry import REPORT_FORMATS, TABLE_FORMATS
from ..reporting import ReportOptions, report_outputs, write_report
from ..reporting.model import report as declared_report  # as defined, whatever replaces reporting.report
from ..reproduction import claims_table, results_status
from ..reproduction import reproduce as run
from ._log import log, print_out
from ._params import (
    Args,
    claims_option,
    command,
    input_argument,
    lang_option,
    no_claims_option,
    no_zones_option,
    option,
    output_option,
    periods_option,
    reading_options,
    split_columns,
    strict_option,
    verbosity,
    weight_options,
    with_zones,
    zones_option,
)

__all__ = ["report", "reproduce"]


@command("reproduce", run, ReadOptions)
@option(
    "data",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Cluster records; default: the shipped data/clusters.csv.",
)
@option("out", type=click.Path(file_okay=False, path_type=Path), help="Folder to write into.")
@reading_options
@zones_option
@claims_option
@no_claims_option
@strict_option
@option("journal", is_flag=True, help="Figures for a journal: titles, credits and keys in NAME.caption.txt files.")
@verbosity
def reproduce(a: Args) -> None:
    """Geocode the clusters, write shares and the claims check into OUT, print the claims."""
    if sys.stdout is None:  # checked first: the run writes nothing when it can't print its summary
        msg = (
            "stdout is closed, so reproduce could not print its claims summary; nothing was written. "
            "Run with stdout open (add >/dev/null to discard the summary)."
        )
        raise InputError(msg)
    claims = [] if a.no_claims else a.claims
    result = run(a.data, a.out, zones=a.zones, claims=claims, read=a.of(ReadOptions), journal=a.journal)
    counts = results_status(result.claims)
    summary = (
        f"{text_table(claims_table(result.claims))}\n\n{counts.get('match', 0)} match, "
        f"{counts.get('mismatch', 0)} mismatch, {counts.get('not computable', 0)} not computable. "
        f"Wrote {len(result.files)} files to {a.out}/."
    )
    try:
        print_out(summary)
    except InputError as err:  # the files are written whole; say so, with why the summary is missing
        why = err.__cause__.strerror if isinstance(err.__cause__, OSError) else None
        msg = (
            f"wrote {len(result.files)} files to {a.out}/ (complete), but stdout can't be written "
            f"({why or err.__cause__ or 'closed'}), so the claims summary was not printed; "
            f"it is in {a.out}/reproduction.md."
        )
        raise InputError(msg) from err
    for path in result.files:
        log.info("wrote %s", path)


@command("report", declared_report, ReportOptions, write_report, ReadOptions)
@input_argument
@output_option(f"Report file: {REPORT_FORMATS.help()}.", sets="path")
@zones_option
@no_zones_option
@claims_option
@no_claims_option
@option(
    "compare",
    type=click.Path(dir_okay=False, path_type=Path),
    help="An earlier dataset: list what was added, gone, renamed or moved.",
)
@option(
    "renames",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Renames for --compare (CSV old,new); default data/renames.csv.",
)
@option(
    "tables_dir",
    type=click.Path(file_okay=False, path_type=Path),
    help=f"Also write every table as {' and '.join(e[1:].upper() for e in TABLE_FORMATS)} here.",
)
@lang_option
@option("no_figure", is_flag=True, cli_only="sets figure to false", help="Leave the map out.")
@option("title", help="Report title (default: what the data are, e.g. '26 records in Morocco, from FILE').")
@periods_option
@option(
    "group_by",
    callback=split_columns,
    help="Columns to tabulate, comma-separated, as the file names them (default: every text column with 2-30 values).",
)
@option(
    "cross_by",
    "--by",
    "--cross-by",
    metavar="COLUMN",
    help="A specialisation section: COLUMN (or province,COLUMN) by region, with location quotients.",
)
@weight_options("A specialisation section: the regions' shares of this column's sum.")
@reading_options
@verbosity
def report(a: Args) -> None:
    """Write a regional share report of INPUT (with a study's claims checked when --claims is given)."""
    inputs = [a.input, a.zones, a.claims, a.compare, a.renames]
    check_not_input(report_outputs(None, a.output), inputs)
    built = reporting.report(  # looked up when the command runs, as reproduce does
        a.input,
        **with_zones(a),
        claims=None if a.no_claims else a.claims,
        compare=a.compare,
        renames=a.renames,
        read=a.of(ReadOptions),
        figure=not a.no_figure,
        **a.pick(ReportOptions),
    )
    for path in write_report(built, a.output, tables_dir=a.tables_dir, inputs=inputs):
        log.info("wrote %s", path)
