"""The exceptions and warnings clusteratlas raises.

Every exception derives from :class:`ClusterAtlasError` and also from the built-in that
fits, so ``except ValueError`` keeps working for callers who don't know this package.
"""

from __future__ import annotations

__all__ = [
    "ClassificationWarning",
    "ClusterAtlasError",
    "ClusterAtlasWarning",
    "DataError",
    "InputError",
    "OutputError",
    "ReaderGone",
    "RegionConflictWarning",
    "Terminated",
    "UnresolvedError",
    "UnresolvedWarning",
]


class ClusterAtlasError(Exception):
    """Base class of every clusteratlas error."""


class InputError(ClusterAtlasError, ValueError):
    """An input file, column, value or option is wrong; the message says where and how to fix it."""


class OutputError(ClusterAtlasError, OSError):
    """An output can't be written (a full disk, a read-only folder, a name too long); the message names the file.

    Also an :class:`OSError`, with ``errno`` and ``filename`` set; nothing was written or
    replaced.
    """

    def __str__(self) -> str:
        return str(self.strerror)


class DataError(ClusterAtlasError, RuntimeError):
    """The package's own data files are missing or damaged (reinstall clusteratlas)."""


class UnresolvedError(ClusterAtlasError, LookupError):
    """Some records could not be placed and ``strict=True`` was asked for."""


class ClusterAtlasWarning(UserWarning):
    """Base class of every clusteratlas warning."""


class UnresolvedWarning(ClusterAtlasWarning):
    """Some records could not be placed; they are kept with ``geocode_status='unresolved'``."""


class RegionConflictWarning(UnresolvedWarning):
    """Some records are placed by their city outside the region or province their own columns give.

    They keep the city's place with ``geocode_status='conflict'``. A kind of
    :class:`UnresolvedWarning`, so that code silencing or collecting those (chunked engines)
    treats these alike.
    """


class AmbiguousNumberWarning(ClusterAtlasWarning):
    """Cells such as ``1.250`` were read as decimals (1.25) because other cells of the column use a decimal dot."""


class ClassificationWarning(ClusterAtlasWarning):
    """A classification asked for more classes than the values have distinct values; one class per value is used."""


class ReaderGone(Exception):  # noqa: N818 - not an error: the reader of stdout chose to stop
    """The reader of the command line's stdout went away (``| head -1``): the run ends quietly, exit 141.

    Not an :class:`OSError`, so that click leaves it to ``clusteratlas.cli.main``.
    """


class Terminated(BaseException):
    """SIGTERM arrived: the command line unwinds the run (temporary files removed, earlier outputs kept)."""
