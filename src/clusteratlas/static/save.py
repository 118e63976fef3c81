"""Saving figures: the one draw-and-save path, byte-reproducible files, alt text beside them.

:func:`render` draws a kind of figure once and writes it to every file asked for, each
with its alt text; :func:`write_figure` is it for one file. The products, ``reproduce``
and the report draw and save through here.
"""

from __future__ import annotations

import io
import warnings
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._resources import atomic_path, atomic_write
from ..errors import InputError
from ..mapspec import MapSpec, describe
from ..registry import FIGURE_FORMATS, output_format
from ._style import WIDTH_MM, styled
from .drawing import Drawing
from .kinds import draw

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = ["FORMATS", "alt_path", "figure_bytes", "render", "save_figure", "write_figure"]

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
    path = Path(path)
    suffix = output_format(FIGURE_FORMATS, path)
    metadata = _METADATA[suffix]
    with styled(), warnings.catch_warnings(), atomic_path(path) as tmp:
        warnings.simplefilter("ignore", UserWarning)
        fig.savefig(tmp, dpi=dpi, metadata=metadata, format=suffix[1:])
    if alt_text is not None:
        with atomic_write(alt_path(path), "w", encoding="utf-8") as f:
            f.write(alt_text.strip() + "\n")
    return path


def figure_bytes(fig: Figure, fmt: str = "png", *, dpi: int = 300) -> bytes:
    """Return a figure as bytes (``png``, ``svg`` or ``pdf``), with the same settings as :func:`save_figure`."""
    suffix = f".{fmt}"
    if suffix not in _METADATA:
        msg = f"`fmt`: cannot render {fmt!r} figures; use one of {', '.join(e[1:] for e in FORMATS)}."
        raise InputError(msg)
    metadata = _METADATA[suffix]
    buffer = io.BytesIO()
    with styled(), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)
        fig.savefig(buffer, dpi=dpi, metadata=metadata, format=fmt)
    return buffer.getvalue()


def alt_path(path: str | Path) -> Path:
    """Return the alt-text file of a figure: ``maps/clusters_points.png`` → ``maps/clusters_points.alt.txt``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.alt.txt")


def render(
    spec: MapSpec,
    kind: str,
    outputs: Sequence[str | Path] = (),
    *,
    dpi: int = 300,
    width_mm: float = WIDTH_MM,
    south: str = "frame",
) -> Drawing[Any]:
    """Draw a kind of figure once and write it to each of ``outputs``, each with its alt text beside it.

    Parameters
    ----------
    spec : MapSpec
    kind : str
        A figure kind (:data:`~.kinds.KINDS`).
    outputs : sequence of str or Path, optional
        ``.png``, ``.svg`` or ``.pdf`` files, written in order; none to only draw.
    dpi : int, default 300
    width_mm : float, default 174
    south : {"frame", "inset"}, default "frame"

    Returns
    -------
    Drawing
        The figure and the record of what it shows (:func:`~.kinds.draw`).
    """
    drawing = draw(spec, kind, width_mm=width_mm, south=south)
    if outputs:
        alt = describe(spec, kind)
        for path in outputs:
            save_figure(drawing.figure, path, dpi=dpi, alt_text=alt)
    return drawing


def write_figure(
    spec: MapSpec, kind: str, path: str | Path, *, dpi: int = 300, width_mm: float = WIDTH_MM, south: str = "frame"
) -> Path:
    """Draw a kind of figure from a spec and save it with its alt text; return the path (:func:`render`)."""
    render(spec, kind, [path], dpi=dpi, width_mm=width_mm, south=south)
    return Path(path)
