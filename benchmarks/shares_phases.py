"""Where the CPU time of ``clusteratlas shares`` goes, phase by phase, in one process.

    python benchmarks/shares_phases.py REG.csv [--by region]

Runs ``clusteratlas -q shares REG.csv --by BY`` in this process with a CPU timer
(``time.process_time``) around the steps of reading and geocoding, and prints the seconds
each took, then the process's total user + system CPU time (``resource.getrusage``) and its
system share. Imports are timed from the start of this script to the command's start.
Phases nest (``geocode`` holds ``typo candidates``), so they do not add up to the total.
Only for measuring: the steps are found by name and wrapped, so a renamed step is reported
as missing, not timed.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections.abc import Callable
from typing import Any

START = time.process_time()

import clusteratlas.cli._tables  # noqa: E402,F401  (the shares command's imports)
from clusteratlas.cli import main as cli_main  # noqa: E402

__all__ = ["PHASES", "main"]

#: (module, attribute, label) of each timed step, outermost first.
PHASES = (
    ("clusteratlas.engines", "read_records", "read the table"),
    ("clusteratlas.records.read", "read_table", "  the file parsed"),
    ("clusteratlas.records.read", "say_duplicates", "  exact duplicates"),
    ("clusteratlas.records.read", "check_coordinates", "  coordinates read as numbers"),
    ("clusteratlas.options", "geocode", "geocode"),
    ("clusteratlas.geocode", "_with_aliases", "  city column normalised, aliases"),
    ("clusteratlas.geocode", "locate", "  points placed (coordinates)"),
    ("clusteratlas.geocode", "place_cities", "  towns placed"),
    ("clusteratlas.gazetteer", "typo_candidates", "    typo candidates"),
    ("clusteratlas.gazetteer", "decide", "    typo decisions"),
    ("clusteratlas.geocode", "reread_cells", "  town cells read word by word"),
    ("clusteratlas._cells", "close_runs", "    runs of words nearly one name (typos again)"),
    ("clusteratlas.geocode", "_finish", "  output columns"),
    ("clusteratlas.cli._tables", "format_result", "the shares table written"),
)


def _timed(function: Callable[..., Any], label: str, seconds: dict[str, float]) -> Callable[..., Any]:
    """Return ``function`` adding its CPU seconds to ``seconds[label]`` at each call."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            seconds[label] = seconds.get(label, 0.0) + time.process_time() - start

    return wrapper


def main(argv: list[str] | None = None) -> int:
    """Time the phases of one ``shares`` run and print them; return 0."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("table")
    parser.add_argument("--by", default="region")
    args = parser.parse_args(argv)
    seconds = {"imports": time.process_time() - START}
    for module_name, attribute, label in PHASES:
        module = sys.modules[module_name]
        if not hasattr(module, attribute):
            print(f"{label.strip()}: step {module_name}.{attribute} not found", file=sys.stderr)
            continue
        setattr(module, attribute, _timed(getattr(module, attribute), label, seconds))
    try:
        cli_main(["-q", "shares", args.table, "--by", args.by])
    except SystemExit as done:
        if done.code:
            return int(done.code) if isinstance(done.code, int) else 1
    usage = resource.getrusage(resource.RUSAGE_SELF)
    for label, value in seconds.items():
        print(f"{label:38s} {value:7.3f} s", file=sys.stderr)
    print(f"{'total CPU (user + system)':38s} {usage.ru_utime + usage.ru_stime:7.3f} s", file=sys.stderr)
    print(f"{'  of which system':38s} {usage.ru_stime:7.3f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
