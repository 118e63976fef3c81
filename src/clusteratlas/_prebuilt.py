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
different. Each structure is pickled on its own inside the file and unpickled only when a
process asks for it (placing points reads neither the gazetteer nor the typo pool). The file
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
from typing import Any, TypeVar, cast

import numpy as np
import pandas as pd
import pyarrow as pa

from ._resources import atomic_path

__all__ = ["FILE", "OFF_ENV", "SOURCES", "cached", "entry_key", "is_stored", "write"]

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
_FORMAT = b"clusteratlas-prebuilt-2"
_PROTOCOL = 5

T = TypeVar("T")

#: What this process read (name -> key and the structure's own pickle) and what it built, by structure name.
_loaded: dict[str, dict[str, tuple[str, bytes]]] = {}
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


def _stored() -> dict[str, tuple[str, bytes]]:
    """Return the structures in :data:`FILE`, each still pickled (read once; empty when absent or unreadable)."""
    if "file" not in _loaded:
        try:
            with FILE.open("rb") as f:
                data = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            data = {}
        entries = data.items() if isinstance(data, dict) else ()
        _loaded["file"] = {
            n: v
            for n, v in entries
            if isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], str) and isinstance(v[1], bytes)
        }
    return _loaded["file"]


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
    if not _off():
        stored = _stored().get(name)
        if stored is not None and stored[0] == key:
            try:
                return cast(T, pickle.loads(stored[1]))
            except (pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
                pass  # unreadable: built below, as without the file
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
    payload = {n: (_built[n][0], pickle.dumps(_built[n][1], protocol=_PROTOCOL)) for n in names}
    with atomic_path(path) as tmp:
        Path(tmp).write_bytes(pickle.dumps(payload, protocol=_PROTOCOL))
    return names
