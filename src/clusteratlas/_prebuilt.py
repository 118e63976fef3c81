"""Gazetteer structures built once, at build time, and read back in milliseconds.

Every process that geocodes names builds the same tables from the shipped CSVs: the
gazetteer's names and keys (:func:`~clusteratlas.gazetteer.load_gazetteer`), the typo pool,
the quarters and sites, the shipped sites and the names a town cell is read against. Built,
they take a fifth of a second, more than the geocoding of a thousand rows. ``python
scripts/build_prebuilt.py`` builds them once and writes them, pickled, to ``_prebuilt.pickle``
beside this module (``make`` runs it); a process then reads each structure from there when
its *key* matches, else builds it as before. Nothing is ever written at run time.

The key of a structure is a BLAKE2 hash of what it is built from: the bytes of the data
files it reads, the source of the modules that build it (:data:`SOURCES`), the Python
version and the versions of numpy, pandas and pyarrow (a pickle is read back by the library
that wrote it). A data file edited, a builder changed, another library version, or
``CLUSTERATLAS_DATA`` pointing at other files: the key differs and the structure is built
from the files, so the cache can make a run slower, never different. The file is written
in one order with no set in it (sets pickle in the order of the process' string hashes):
the same inputs give the same bytes on every machine. ``CLUSTERATLAS_NO_PREBUILT=1`` turns
it off (to measure it, or to build it again).
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

__all__ = ["FILE", "OFF_ENV", "SOURCES", "cached", "entry_key", "write"]

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
_FORMAT = b"clusteratlas-prebuilt-1"
_PROTOCOL = 5

T = TypeVar("T")

#: What this process read (``None``: not yet) and what it built, by structure name.
_loaded: dict[str, dict[str, tuple[str, Any]]] = {}
_built: dict[str, tuple[str, Any]] = {}
_digests: dict[Path, bytes] = {}


def _digest(path: Path) -> bytes:
    """BLAKE2 digest of one file's bytes (read once per process)."""
    if path not in _digests:
        _digests[path] = hashlib.blake2b(path.read_bytes(), digest_size=16).digest()
    return _digests[path]


def entry_key(name: str, inputs: Iterable[Path]) -> str:
    """Return the key of the structure ``name`` built from the files ``inputs``.

    Parameters
    ----------
    name : str
        The structure's name.
    inputs : iterable of Path
        The data files it is built from, in a fixed order.

    Returns
    -------
    str
        Hexadecimal BLAKE2 digest of the format, the library versions, the name, and the
        bytes of the inputs and of :data:`SOURCES`.
    """
    h = hashlib.blake2b(_FORMAT, digest_size=16)
    versions = (sys.version_info[:2], np.__version__, pd.__version__, pa.__version__)
    h.update(repr(versions).encode())
    h.update(name.encode())
    here = Path(__file__).parent
    for path in (*inputs, *(here / s for s in SOURCES)):
        h.update(path.name.encode() + b"\x00" + _digest(path))
    return h.hexdigest()


def _stored() -> dict[str, tuple[str, Any]]:
    """Return the structures in :data:`FILE` (read once per process; empty when absent or unreadable)."""
    if "file" not in _loaded:
        try:
            with FILE.open("rb") as f:
                data = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
            data = {}
        _loaded["file"] = data if isinstance(data, dict) else {}
    return _loaded["file"]


def cached(name: str, inputs: Iterable[Path], build: Callable[[], T]) -> T:
    """Return the prebuilt structure ``name`` when its key matches, else ``build()``.

    Parameters
    ----------
    name : str
        The structure's name in :data:`FILE`.
    inputs : iterable of Path
        The data files ``build`` reads.
    build : callable
        Builds the structure from the files (same result as the stored one).

    Returns
    -------
    object
        The structure. What was built is kept for :func:`write`.
    """
    try:
        key = entry_key(name, inputs)
    except OSError:  # a file unreadable (a frozen install without sources): build; the builder says what is missing
        return build()
    if os.environ.get(OFF_ENV, "") not in ("1", "true", "yes"):
        stored = _stored().get(name)
        if stored is not None and stored[0] == key:
            return cast(T, stored[1])
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
    payload = {n: _built[n] for n in names}
    with atomic_path(path) as tmp:
        Path(tmp).write_bytes(pickle.dumps(payload, protocol=_PROTOCOL))
    return names
