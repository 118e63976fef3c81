"""Journal figures: the title, credits and numbered key taken out of the artwork, into a caption.

Journals (Springer, Elsevier, Taylor & Francis) set a figure's title and caption in the
text, under the figure: the artwork holds only what must be seen on it (the map, its
legends, scale bar and north arrow, the places' numbers). :func:`journal_caption` removes
the title, subtitle and caption lines a figure kind drew (every kind draws them the same
way: matplotlib's suptitle, texts with the ids ``subtitle`` and ``source-line``), crops the
room they took at the top and bottom (the width stays the journal's column width) and
returns their text, which the saving writes into a caption file and the alt text.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ._style import TEXT_PT, caption_width, inches, word_width

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from matplotlib.text import Text

__all__ = ["CAPTION_GIDS", "caption_path", "drawn_box", "journal_caption", "unwrap"]

#: The ids of the figure texts that belong in a caption (the title is the figure's suptitle).
CAPTION_GIDS = ("subtitle", "source-line")
#: Room kept around the artwork when it is cropped (mm).
_MARGIN_MM = 1.0


def unwrap(text: str, width_pt: float, size: float = TEXT_PT) -> str:
    """Join the lines a caption was wrapped into (:func:`~._style.wrap_text` at ``width_pt``); keep its own lines.

    A line was broken by the wrapping when the next line's first word would not have fitted
    after it, by the same measure; a line ending a sentence is always kept. In a caption
    file each of the caption's sentences (source, records not shown, labelled places, the
    key) is one line again.
    """
    space = word_width("a b", size) - word_width("ab", size)
    out: list[str] = []
    last = ""  # the previous line as drawn
    for line in text.splitlines():
        words = line.split(" ")
        if out and line:
            used = sum(word_width(w, size) for w in last.split(" ")) + space * last.count(" ")
            if not last.endswith(".") and used + space + word_width(words[0], size) > width_pt:
                out[-1] = f"{out[-1]} {line}"
                last = line
                continue
        out.append(line)
        last = line
    return "\n".join(line for line in out if line.strip())


def _caption_texts(fig: Figure) -> list[Text]:
    """Return the figure's title, subtitle and caption texts, top to bottom."""
    found: list[Text] = []
    suptitle = getattr(fig, "_suptitle", None)
    if suptitle is not None and suptitle.get_text().strip():
        found.append(suptitle)
    found += [t for gid in CAPTION_GIDS for t in fig.texts if t.get_gid() == gid and t.get_text().strip()]
    return found


def journal_caption(fig: Figure) -> str:
    """Take the title, subtitle and caption out of a figure, crop the room they took, return their text.

    Parameters
    ----------
    fig : matplotlib Figure
        A figure drawn by a kind of :mod:`clusteratlas.static`; changed in place.

    Returns
    -------
    str
        The title on the first line, then the subtitle, then the caption's sentences, one
        per line (``$`` as written, not escaped for matplotlib).
    """
    width_pt = caption_width(float(fig.get_size_inches()[0]) * 25.4)
    found = _caption_texts(fig)
    titled = bool(found) and found[0] is getattr(fig, "_suptitle", None)
    lines = [" — ".join(found[0].get_text().split("\n"))] if titled else []
    lines += [unwrap(t.get_text(), width_pt, float(t.get_fontsize())) for t in found[len(lines) :]]
    lines = [line.replace("\\$", "$") for line in lines]
    for text in found:
        if text is getattr(fig, "_suptitle", None):
            text.set_text("")
        else:
            text.remove()
    _crop(fig)
    return "\n".join(line for line in lines if line)


def _crop(fig: Figure) -> None:
    """Cut the empty room above and below what is drawn, every axes and text kept at its place on paper."""
    renderer = cast(Any, fig.canvas).get_renderer()
    bbox = drawn_box(fig, renderer)
    width, height = (float(v) for v in fig.get_size_inches())
    margin = inches(_MARGIN_MM)
    bottom = max(float(bbox.y0) - margin, 0.0)
    top = min(float(bbox.y1) + margin, height)
    new_height = top - bottom
    if new_height <= 0 or new_height >= height - 1e-6:
        return

    def moved(y: float) -> float:
        return (y * height - bottom) / new_height

    for ax in fig.axes:
        if ax.get_axes_locator() is not None:  # an inset placed by its frame: it follows
            continue
        x0, y0, w, h = ax.get_position().bounds
        ax.set_position((x0, moved(y0), w, h * height / new_height))
    for text in fig.texts:
        x, y = text.get_position()
        if text.get_transform() == fig.transFigure:
            text.set_position((x, moved(y)))
    _move_legends(fig, moved, height / new_height)
    fig.set_size_inches(width, new_height)


def drawn_box(fig: Figure, renderer: Any) -> Any:
    """Return the box (inches) of everything drawn on a figure, its legends included.

    matplotlib's tight box leaves out a legend added to an axes with ``add_artist`` (it is
    clipped to the axes, by its bookkeeping, though drawn whole): a map's legends set under
    its frame would be cropped away with the caption room.
    """
    from matplotlib.legend import Legend
    from matplotlib.transforms import Bbox

    boxes = [fig.get_tightbbox(renderer)]
    legends = [a for ax in fig.axes for a in ax.get_children() if isinstance(a, Legend) and a.get_visible()]
    scale = 1 / fig.dpi
    boxes += [a.get_window_extent(renderer).transformed(_scaled(scale)) for a in legends]
    return Bbox.union(boxes)


def _scaled(factor: float) -> Any:
    """Return the transform that scales display units (pixels) to inches by ``factor``."""
    from matplotlib.transforms import Affine2D

    return Affine2D().scale(factor)


def _move_legends(fig: Figure, moved: Callable[[float], float], stretch: float) -> None:
    """Move the figure's own legends (anchored in figure fraction) with the rest."""
    for legend in fig.legends:
        anchor = legend.get_bbox_to_anchor()
        box = anchor.transformed(fig.transFigure.inverted())
        legend.set_bbox_to_anchor((box.x0, moved(box.y0), box.width, box.height * stretch), transform=fig.transFigure)


def caption_path(path: str | Path) -> Path:
    """Return the caption file of a figure: ``maps/fig1.png`` → ``maps/fig1.caption.txt``."""
    path = Path(path)
    return path.with_name(f"{path.stem}.caption.txt")
