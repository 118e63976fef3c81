"""Write a report: the page (HTML, or Markdown with its map beside it) and, on request, every table."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

from .._resources import atomic_write, check_not_input
from ..export import write_csv
from ..registry import REPORT_FORMATS, TABLE_FORMATS, output_format
from .model import Report
from .render import render_html, render_markdown

__all__ = ["report_outputs", "write_report"]


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
        paths += [Path(tables_dir) / f"{t.name}{ext}" for t in report.tables() for ext in TABLE_FORMATS]
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
        Folder for the tables.
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
    for t in report.tables():
        written.append(write_csv(t.raw, folder / f"{t.name}.csv"))
        records = json.loads(t.raw.to_json(orient="records", force_ascii=False))
        with atomic_write(folder / f"{t.name}.json", "w", encoding="utf-8") as f:
            json.dump({"name": t.name, "caption": t.caption, "rows": records}, f, ensure_ascii=False, indent=2)
            f.write("\n")
        written.append(folder / f"{t.name}.json")
    return written
