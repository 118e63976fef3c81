"""save."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._resources import atomic_path, atomic_write
from ..errors import InputError
from ..mapspec import (
    MapSpec,
    describe,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure

from ._style import STYLE, WIDTH_MM
from .kinds import figure

#: The figure formats (:data:`clusteratlas.registry.FIGURE_FORMATS` reads the keys): each
#: extension with the metadata matplotlib would write and that changes between runs (dates,
#: versions), left out. A new format is one entry here and its help in the registry.
_METADATA: dict[str, dict[str, Any]] = {
    ".png": {"Software": None},
    ".svg": {"Date": None, "Creator": None},
    ".pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}


FORMATS = tuple(_METADATA)


def save_figure(fig: Figure, path: str | Path, *, dpi: int = 300, alt_text: str | None = None) -> Path:
    """Write a figure to PNG, SVG or PDF atomically, with no date in it, and its alt text beside it.

    Parameters
    ----------
    fig : matplotlib Figure
    path : str or Path
        ``.png``, ``.svg`` or ``.pdf``.
    dpi : int, default 300
        Resolution of a PNG (vector formats ignore it but for embedded images).
    alt_text : str, optional
        Written to ``PATH.alt.txt`` (e.g. ``map.png.alt.txt`` → ``map.alt.txt``).

    Returns
    -------
    Path
    """
    import matplotlib as mpl

    from ..registry import FIGURE_FORMATS, output_format

    path = Path(path)
    suffix = output_format(FIGURE_FORMATS, path)
    metadata = _METADATA[suffix]
    with mpl.rc_context(STYLE), warnings.catch_warnings(), atomic_path(path) as tmp:
        warnings.simplefilter("ignore", UserWarning)
        fig.savefig(tmp, dpi=dpi, metadata=metadata, format=suffix[1:])
    if alt_text is not None:
        with atomic_write(alt_path(path), "w", encoding="utf-8") as f:
            f.write(alt_text.strip() + "\n")
    return path


def figure_bytes(fig: Figure, fmt: str = "png", *, dpi: int = 300) -> bytes:
    """Return a figure as bytes (``png``, ``svg`` or ``pdf``), with the same settings as :func:`save_figure`."""
    import io

    import matplotlib as mpl

    from ..registry import FIGURE_FORMATS

    suffix = f".{fmt}"
    if suffix not in FIGURE_FORMATS:
        msg = f"`fmt`: cannot render {fmt!r} figures; use one of {', '.join(e[1:] for e in FIGURE_FORMATS)}."
        raise InputError(msg)
    metadata = _METADATA[suffix]
    buffer = io.BytesIO()
    with mpl.rc_context(STYLE), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        fig.savefig(buffer, dpi=dpi, metadata=metadata, format=fmt)
    return buffer.getvalue()


def alt_path(path: str | Path) -> Path:
    """Return the alt-text file of a figure: ``maps/clusters_points.png`` → ``maps/clusters_points.alt.txt``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.alt.txt")


def write_figure(
    spec: MapSpec, kind: str, path: str | Path, *, dpi: int = 300, width_mm: float = WIDTH_MM, south: str = "frame"
) -> Path:
    """Draw a kind of figure from a spec and save it with its alt text; return the path."""
    import matplotlib.pyplot as plt

    fig = figure(spec, kind, width_mm=width_mm, south=south)
    try:
        return save_figure(fig, path, dpi=dpi, alt_text=describe(spec, kind))
    finally:
        plt.close(fig)
