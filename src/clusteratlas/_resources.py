"""Where the package data live, and how files are written.

Installed from a wheel, the data ship inside the package (``clusteratlas/_data``). In a
source checkout (editable install) they are read from the repository's ``data/`` folder.
``CLUSTERATLAS_DATA`` overrides both.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from importlib import resources
from pathlib import Path
from typing import IO, Any

from .errors import DataError


def data_dir() -> Path:
    """Return the folder holding ``clusters.csv``, ``zones.toml``, ``claims.toml`` and ``geo/``.

    Returns
    -------
    Path
        The first of ``$CLUSTERATLAS_DATA``, the package's ``_data`` folder (wheel
        install) and the repository's ``data/`` folder (source checkout) that exists.
    """
    env = os.environ.get("CLUSTERATLAS_DATA")
    candidates = [Path(env)] if env else []
    packaged = resources.files("clusteratlas") / "_data"
    candidates.append(Path(str(packaged)))
    candidates.append(Path(__file__).resolve().parents[2] / "data")
    for folder in candidates:
        if (folder / "geo" / "regions.geojson").is_file():
            return folder
    tried = ", ".join(str(c) for c in candidates)
    msg = f"clusteratlas' data files were not found (looked in {tried}); reinstall clusteratlas."
    raise DataError(msg)


def read_toml(path: Path, what: str) -> dict[str, Any]:
    """Read a TOML file, or raise one :class:`InputError` saying which file and how to fix it.

    ``what`` names the kind of file ("zones", "claims") and its shipped example.
    """
    import tomllib

    from .errors import InputError

    if not path.is_file():
        msg = f"{path}: no such {what} file; check the path."
        raise InputError(msg)
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as err:
        msg = f"{path}: not a valid TOML file ({err}); see data/{what}.toml for the format."
        raise InputError(msg) from err


def data_path(*parts: str) -> Path:
    """Return the path of a package data file, e.g. ``data_path("geo", "regions.geojson")``."""
    return data_dir().joinpath(*parts)


def _umask_mode(path: Path) -> None:
    """Give a temporary file the mode a plain ``open`` would have (mkstemp makes it 0600)."""
    mask = os.umask(0)
    os.umask(mask)
    path.chmod(0o666 & ~mask)


@contextlib.contextmanager
def atomic_write(path: str | Path, mode: str = "w", **kwargs: object) -> Iterator[IO[Any]]:
    """Open a temporary file beside ``path`` and move it onto ``path`` only on success.

    Parent folders are created. If the block raises, ``path`` is left as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".part", dir=path.parent)
    os.close(fd)
    try:
        with open(tmp, mode, **kwargs) as f:  # type: ignore[call-overload]  # noqa: PTH123
            yield f
        _umask_mode(Path(tmp))
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_path(path: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside ``path`` for writers that take a filename (GDAL, matplotlib).

    The file is moved onto ``path`` when the block ends without error, and removed otherwise.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.stem}.", suffix=path.suffix, dir=path.parent)
    os.close(fd)
    Path(tmp).unlink()
    try:
        yield Path(tmp)
        _umask_mode(Path(tmp))
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
