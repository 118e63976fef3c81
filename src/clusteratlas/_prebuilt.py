"""Gazetteer structures built once, at build time, and read back in milliseconds.

Every process that geocodes names builds the same tables from the shipped CSVs: the
gazetteer's names and keys (:func:`~clusteratlas.gazetteer.load_gazetteer`), the typo pool,
the quarters and sites, the shipped sites and the names a town cell is read against. Built,
they take a fifth of a second, more than the geocoding of a thousand rows. ``python
scripts/build_prebuilt.py`` builds them once and writes them, pickled, to ``_prebuilt.pickle``
beside this module (``make`` runs it); a process then reads each structure from there when
its *key* matches, else builds it as before. Nothing is ever written at run time.

The geography's structures for placing points are kept the same way: the full-detail
provinces (as WKB, the same doubles, and their codes) and the grid of cells each wholly
inside one province (:mod:`clusteratlas.geography`), keyed by the pack's GeoJSON; one
mechanism for every start-up structure.

The key of a structure is a BLAKE2 hash of what it is built from: the bytes of the data
files it reads (their SHA-256, which processors compute in hardware: 3 ms for the provinces'
5 MB against 10 ms with BLAKE2), the source of the modules that build it (:data:`SOURCES`), the Python
version and the versions of numpy, pandas and pyarrow (a pickle is read back by the library
that wrote it; a caller adds what else its structure depends on, such as shapely's and GEOS'
versions). A data file edited, a builder changed, another library version, or
``CLUSTERATLAS_DATA`` (or ``CLUSTERATLAS_GEOGRAPHY``) pointing at other files: the key
differs and the structure is built from the files, so the cache can make a run slower, never
different. The file is an index (a small pickle: each structure's key, offset and length)
followed by each structure pickled on its own: a process reads and unpickles only the ones it
asks for (placing points reads neither the gazetteer nor the typo pool). The file
is written in one order with no set in it (sets pickle in the order of the process' string
hashes): the same inputs give the same bytes on every machine. ``CLUSTERATLAS_NO_PREBUILT=1``
turns it off (to measure it, or to build it again).
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO, Any, TypeVar, cast

import numpy as np
import pandas as pd
import pyarrow as pa

from ._resources import atomic_path

__all__ = ["FILE", "OFF_ENV", "SOURCES", "cached", "entry_key", "is_stored", "read_entry", "write"]

#: The prebuilt structures, beside this module (package code, never a user's folder).
FILE = Path(__file__).with_name("_prebuilt.pickle")
#: Set to ``1`` to build every structure from the files (the cache neither read nor trusted).
OFF_ENV = "CLUSTERATLAS_NO_PREBUILT"
#: The modules whose code builds the structures (package-relative paths): a change to one
#: makes every key differ.
SOURCES = (
    "_prebuilt.py",
    "_csvin.py",
    "gazetteer.py",
    "_typos.py",
    "_subplaces.py",
    "aliases.py",
    "_cells.py",
    "geography.py",
)
#: The format of the file; changed when its layout changes.
_FORMAT = b"clusteratlas-prebuilt-3"
_PROTOCOL = 5

T = TypeVar("T")

#: The index this process read (name -> key, offset and length of its pickle) and what it built, by name.
_loaded: dict[str, dict[str, tuple[str, int, int]]] = {}
_built: dict[str, tuple[str, Any]] = {}
_digests: dict[Path, bytes] = {}


def _digest(path: Path) -> bytes:
    """SHA-256 digest of one file's bytes (read once per process)."""
    if path not in _digests:
        _digests[path] = hashlib.sha256(path.read_bytes()).digest()
    return _digests[path]


def entry_key(name: str, inputs: Iterable[Path], depends: str = "") -> str:
    """Return the key of the structure ``name`` built from the files ``inputs``.

    Parameters
    ----------
    name : str
        The structure's name.
    inputs : iterable of Path
        The data files it is built from, in a fixed order.
    depends : str, default ""
        What else the structure depends on (the versions of a library that builds it).

    Returns
    -------
    str
        Hexadecimal BLAKE2 digest of the format, the library versions, ``depends``, the
        name, and the bytes of the inputs and of :data:`SOURCES`.
    """
    h = hashlib.blake2b(_FORMAT, digest_size=16)
    versions = (sys.version_info[:2], np.__version__, pd.__version__, pa.__version__, depends)
    h.update(repr(versions).encode())
    h.update(name.encode())
    here = Path(__file__).parent
    for path in (*inputs, *(here / s for s in SOURCES)):
        h.update(path.name.encode() + b"\x00" + _digest(path))
    return h.hexdigest()


def _index(f: IO[bytes]) -> dict[str, tuple[str, int, int]]:
    """Read the file's index (name -> key, offset and length of the structure's pickle); empty when unreadable."""
    try:
        data = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return {}
    entries = data.items() if isinstance(data, dict) else ()
    ok = (tuple, str, int, int)
    return {n: v for n, v in entries if isinstance(v, ok[0]) and len(v) == 3 and all(map(isinstance, v, ok[1:]))}


def _stored() -> dict[str, tuple[str, int, int]]:
    """Return the index of :data:`FILE` (read once; empty when absent or unreadable)."""
    if "file" not in _loaded:
        try:
            with FILE.open("rb") as f:
                _loaded["file"] = _index(f)
        except OSError:
            _loaded["file"] = {}
    return _loaded["file"]


def _read(name: str, key: str) -> tuple[bool, Any]:
    """Read back the structure ``name`` stored under ``key``: (True, it), or (False, None) when it is not there.

    The file is opened again and its index read again, so that the structure comes from the
    same file as the key it is checked against (a file replaced meanwhile is never mixed in).
    """
    try:
        with FILE.open("rb") as f:
            entry = _index(f).get(name)
            if entry is None or entry[0] != key:
                return False, None
            f.seek(entry[1], os.SEEK_CUR)
            blob = f.read(entry[2])
        return True, pickle.loads(blob)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return False, None


def _off() -> bool:
    """Whether ``CLUSTERATLAS_NO_PREBUILT`` turns the file off."""
    return os.environ.get(OFF_ENV, "") in ("1", "true", "yes")


def is_stored(name: str, inputs: Iterable[Path], depends: str = "") -> bool:
    """Whether :data:`FILE` holds the structure ``name`` with the key of ``inputs`` (so :func:`cached` reads it back).

    For a caller that uses a structure only when it costs nothing to have (the points' grid);
    the arguments are :func:`cached`'s.
    """
    try:
        key = entry_key(name, inputs, depends)
    except OSError:
        return False
    stored = _stored().get(name)
    return not _off() and stored is not None and stored[0] == key


def cached(name: str, inputs: Iterable[Path], build: Callable[[], T], depends: str = "") -> T:
    """Return the prebuilt structure ``name`` when its key matches, else ``build()``.

    Parameters
    ----------
    name : str
        The structure's name in :data:`FILE`.
    inputs : iterable of Path
        The data files ``build`` reads.
    build : callable
        Builds the structure from the files (same result as the stored one).
    depends : str, default ""
        What else the structure depends on (:func:`entry_key`).

    Returns
    -------
    object
        The structure. What was built is kept for :func:`write`.
    """
    try:
        key = entry_key(name, inputs, depends)
    except OSError:  # a file unreadable (a frozen install without sources): build; the builder says what is missing
        return build()
    stored = _stored().get(name)
    if not _off() and stored is not None and stored[0] == key:
        found, value = _read(name, key)
        if found:
            return cast(T, value)
    value = build()
    _built[name] = (key, value)
    return value


def write(path: Path = FILE) -> list[str]:
    """Write the structures this process built (:func:`cached`) to ``path``, whole, sorted by name.

    Returns
    -------
    list of str
        The names written.
    """
    names = sorted(_built)
    blobs = [pickle.dumps(_built[n][1], protocol=_PROTOCOL) for n in names]
    ends = np.cumsum([0, *(len(b) for b in blobs)]).tolist()
    index = {n: (_built[n][0], ends[i], len(blobs[i])) for i, n in enumerate(names)}
    with atomic_path(path) as tmp:
        Path(tmp).write_bytes(pickle.dumps(index, protocol=_PROTOCOL) + b"".join(blobs))
    return names


def read_entry(path: Path, name: str) -> Any:
    """Return the structure ``name`` stored in the file ``path`` whatever its key (for tests and checks)."""
    with path.open("rb") as f:
        _key, offset, length = _index(f)[name]
        f.seek(offset, os.SEEK_CUR)
        return pickle.loads(f.read(length))
