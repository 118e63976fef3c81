"""Write a report: the page (HTML, or Markdown with its map beside it) and, on request, every table.

Two promises hold for every file written here:

- **The data never steer a file name.** A table's files are named by :func:`table_files`:
  our words, and slugs of the data's words (ASCII letters, digits and ``_`` only, at most
  :data:`SLUG_MAX` characters, an index when nothing is left), unique even on a
  case-insensitive file system. The user's columns are ``by_column_…``, so a column called
  ``zone`` or ``period`` never replaces our ``by_zone`` or ``by_period``.
- **All or nothing.** Every output is first written to a temporary file beside its target;
  they are moved into place only when all of them were written. A failure (a read-only
  folder, a full disk, an interrupt) removes the temporary files and the folders made for
  them, and leaves the files already there as they were.
"""

from __future__ import annotations

import contextlib
import json
import re
import stat
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from .._resources import atomic_path, check_not_input, output_error
from ..errors import InputError
from ..export import write_csv
from ..registry import REPORT_FORMATS, TABLE_FORMATS, output_format
from .model import Report
from .render import render_html, render_markdown
from .sections import Table

__all__ = ["SLUG_MAX", "report_outputs", "table_files", "write_report"]

#: The most characters a file name takes from one word of the data (a column, a region code).
SLUG_MAX = 40

#: Names Windows reserves for devices, whatever the extension.
_RESERVED = frozenset({"con", "prn", "aux", "nul", *(f"{d}{i}" for d in ("com", "lpt") for i in range(10))})

_NOT_SLUG = re.compile(r"[^a-z0-9]+")

#: Writes one output to the (temporary) path it is given.
_Writer = Callable[[Path], object]


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
    paths = [path, _figure_path(path)]
    if report is not None and tables_dir is not None:
        paths += [Path(tables_dir) / f"{stem}{ext}" for stem in table_files(report) for ext in TABLE_FORMATS]
    return paths


def write_report(
    report: Report, path: str | Path, *, tables_dir: str | Path | None = None, inputs: Sequence[str | Path | None] = ()
) -> list[Path]:
    """Write a report to ``.html`` or ``.md`` (and every table as CSV and JSON into ``tables_dir``), all or nothing.

    Parameters
    ----------
    report : Report
        From :func:`report` or :func:`build_report`.
    path : str or Path
        ``.html``/``.htm`` or ``.md`` (:data:`clusteratlas.registry.REPORT_FORMATS`). A
        Markdown report's map is written beside it as ``{stem}_map.png``.
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
        If the extension is not a report format, a file to write is one of ``inputs``, or
        is there already and is not a regular file (a folder, a FIFO, a device).
    OSError
        If a file can't be written (naming it); then no file was written or replaced.
    """
    path = Path(path)
    check_not_input(report_outputs(report, path, tables_dir=tables_dir), list(inputs))
    outputs = _page(report, path)
    if tables_dir is not None:
        outputs += _tables(report, Path(tables_dir))
    _check_targets(target for target, _ in outputs)
    return _commit(outputs)


def _check_targets(targets: Iterable[Path]) -> None:
    """Refuse to replace anything but a regular file (or a link to one) with an output.

    Raises
    ------
    InputError
        Naming the first output that is a folder, a FIFO, a device or a socket.
    """
    for target in targets:
        try:
            mode = target.stat().st_mode
        except OSError:  # not there yet (or unreachable: writing it will say why)
            continue
        if not stat.S_ISREG(mode):
            what = "a folder" if stat.S_ISDIR(mode) else "a special file (FIFO, device or socket)"
            msg = f"{target}: is {what}, not a file; write the report under another name or in another folder."
            raise InputError(msg)


def _figure_path(path: Path) -> Path:
    """Return where a Markdown report's map goes: beside it, ``{stem}_map.png``."""
    return path.with_name(f"{path.stem}_map.png")


def _page(report: Report, path: Path) -> list[tuple[Path, _Writer]]:
    """Return the page (rendered now) and, for Markdown, its map, each with its writer."""
    if path.suffix.lower() != ".md":
        return [(path, _text(render_html(report)))]
    figures = [s.figure_png for s in report.sections if s.figure_png]
    if not figures:
        return [(path, _text(render_markdown(report)))]
    figure = _figure_path(path)
    text = render_markdown(report, figure_path=figure.name)
    return [(figure, _binary(figures[-1])), (path, _text(text))]


def _tables(report: Report, folder: Path) -> list[tuple[Path, _Writer]]:
    """Return every table's files (:func:`table_files`), each with its writer."""
    writers = {".csv": _table_csv, ".json": _table_json}
    return [
        (folder / f"{stem}{ext}", writers[ext](table))
        for table, stem in zip(report.tables(), table_files(report), strict=True)
        for ext in TABLE_FORMATS
    ]


def _text(text: str) -> _Writer:
    return lambda tmp: tmp.write_text(text, encoding="utf-8")


def _binary(data: bytes) -> _Writer:
    return lambda tmp: tmp.write_bytes(data)


def _table_csv(table: Table) -> _Writer:
    return lambda tmp: write_csv(table.raw, tmp)


def _table_json(table: Table) -> _Writer:
    def write(tmp: Path) -> None:
        rows = json.loads(table.raw.to_json(orient="records", force_ascii=False))
        doc = {"name": table.name, "caption": table.caption, "rows": rows}
        tmp.write_text(json.dumps(doc, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

    return write


def _commit(outputs: list[tuple[Path, _Writer]]) -> list[Path]:
    """Write every output to a temporary file beside its target, then move them all into place.

    Nothing is moved before every file is written. On any failure, or an interrupt, every
    temporary file and every folder made for them is removed, and the error names the
    output that failed.

    Returns
    -------
    list of Path
        The targets, in order.
    """
    made = _missing_folders(target.parent for target, _ in outputs)
    try:
        with contextlib.ExitStack() as stack:
            for target, write in outputs:
                try:
                    write(stack.enter_context(atomic_path(target)))
                except OSError as err:
                    raise output_error(target, err) from err
    except BaseException:
        for folder in made:
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise
    return [target for target, _ in outputs]


def _missing_folders(folders: Iterable[Path]) -> list[Path]:
    """Return the folders (and their parents) that don't exist yet, deepest first."""
    missing: set[Path] = set()
    for folder in folders:
        while not folder.exists() and folder != folder.parent:
            missing.add(folder)
            folder = folder.parent
    return sorted(missing, key=lambda p: len(p.parts), reverse=True)
