"""Write a report: the page (HTML, or Markdown with its map beside it) and, on request, every table.

The data never steer a file name. A table's files are named by :func:`table_files`: our
words, and slugs of the data's words (ASCII letters, digits and ``_`` only, at most
:data:`SLUG_MAX` characters, an index when nothing is left), unique even on a
case-insensitive file system. The user's columns are ``by_column_…``, so a column called
``zone`` or ``period`` never replaces our ``by_zone`` or ``by_period``.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

from .._resources import atomic_write, check_not_input
from ..export import write_csv
from ..registry import REPORT_FORMATS, TABLE_FORMATS, output_format
from .model import Report
from .render import render_html, render_markdown

__all__ = ["SLUG_MAX", "report_outputs", "table_files", "write_report"]

#: The most characters a file name takes from one word of the data (a column, a region code).
SLUG_MAX = 40

#: Names Windows reserves for devices, whatever the extension.
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"{d}{i}" for d in ("com", "lpt") for i in range(10))})

_NOT_SLUG = re.compile(r"[^a-z0-9]+")


def _slug(text: str) -> str:
    """Return ``text`` as a file-name word: ASCII letters and digits joined by ``_``, lower case, bounded.

    Accents are dropped (``Région`` → ``region``); every other character (slashes and backslashes,
    ``.``, NUL, spaces, letters without an ASCII form) separates words, so no slug holds a
    path separator or ``..``. The result may be empty.
    """
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return _NOT_SLUG.sub("_", plain.lower()).strip("_")[:SLUG_MAX].strip("_")


def table_files(report: Report) -> list[str]:
    """Return the name (without extension) of each table's files, in table order.

    Each is made of the parts of :attr:`Table.file` (or the table's name) turned into slugs
    and joined by ``_``; a part with nothing left becomes the table's number (from 1). A
    name already taken gets ``_2``, ``_3``…; a name Windows reserves gets a trailing ``_``.

    Examples
    --------
    >>> import pandas as pd
    >>> from clusteratlas.reporting import Report, Section, Table
    >>> frame = pd.DataFrame()
    >>> tables = [Table(n, "", frame, frame, file=f) for n, f in [
    ...     ("by_zone", ()), ("by_zone", ("by_column", "zone")), ("x", ("by_column", "../../Zone")),
    ...     ("y", ("by_column", "مدينة"))]]
    >>> table_files(Report("t", "en", [Section("s", "S", tables=tables)]))
    ['by_zone', 'by_column_zone', 'by_column_zone_2', 'by_column_4']
    """
    stems: list[str] = []
    taken: set[str] = set()
    for i, table in enumerate(report.tables(), start=1):
        stem = "_".join(_slug(part) or str(i) for part in (table.file or (table.name,)))
        stem = f"{stem}_" if stem in _RESERVED else stem
        unique, n = stem, 1
        while unique in taken:
            n += 1
            unique = f"{stem}_{n}"
        stems.append(unique)
        taken.add(unique)
    return stems


def report_outputs(report: Report | None, path: str | Path, *, tables_dir: str | Path | None = None) -> list[Path]:
    """Every file :func:`write_report` may write (``report=None``: those known before building it).

    Raises
    ------
    InputError
        If ``path``'s extension is not one of :data:`clusteratlas.registry.REPORT_FORMATS`.
    """
    path = Path(path)
    output_format(REPORT_FORMATS, path)
    paths = [path, path.with_name(f"{path.stem}_map.png")]
    if report is not None and tables_dir is not None:
        paths += [Path(tables_dir) / f"{stem}{ext}" for stem in table_files(report) for ext in TABLE_FORMATS]
    return paths


def write_report(
    report: Report, path: str | Path, *, tables_dir: str | Path | None = None, inputs: Sequence[str | Path | None] = ()
) -> list[Path]:
    """Write a report to ``.html`` or ``.md`` (and every table as CSV and JSON into ``tables_dir``).

    Parameters
    ----------
    report : Report
        From :func:`report` or :func:`build_report`.
    path : str or Path
        ``.html``/``.htm`` or ``.md`` (:data:`clusteratlas.registry.REPORT_FORMATS`).
    tables_dir : str or Path, optional
        Folder for the tables, named by :func:`table_files`.
    inputs : sequence of path, optional
        Files that must not be overwritten (the report's inputs); ``None`` items are skipped.

    Returns
    -------
    list of Path
        Every file written.

    Raises
    ------
    InputError
        If the extension is not a report format, or a file to write is one of ``inputs``.
    """
    path = Path(path)
    check_not_input(report_outputs(report, path, tables_dir=tables_dir), list(inputs))
    written: list[Path] = []
    if path.suffix.lower() == ".md":
        figure_name = None
        for s in report.sections:
            if s.figure_png:
                figure_name = f"{path.stem}_map.png"
                with atomic_write(path.with_name(figure_name), "wb") as f:
                    f.write(s.figure_png)
                written.append(path.with_name(figure_name))
        text = render_markdown(report, figure_path=figure_name)
    else:
        text = render_html(report)
    with atomic_write(path, "w", encoding="utf-8") as f:
        f.write(text)
    written.append(path)
    if tables_dir is not None:
        written += _write_tables(report, Path(tables_dir))
    return written


def _write_tables(report: Report, folder: Path) -> list[Path]:
    written: list[Path] = []
    for t, stem in zip(report.tables(), table_files(report), strict=True):
        written.append(write_csv(t.raw, folder / f"{stem}.csv"))
        records = json.loads(t.raw.to_json(orient="records", force_ascii=False))
        with atomic_write(folder / f"{stem}.json", "w", encoding="utf-8") as f:
            json.dump({"name": t.name, "caption": t.caption, "rows": records}, f, ensure_ascii=False, indent=2)
            f.write("\n")
        written.append(folder / f"{stem}.json")
    return written
