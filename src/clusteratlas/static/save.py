"""Saving figures: the one draw-and-save path, byte-reproducible files, alt text beside them.

:func:`render` draws a kind of figure once and writes it to every file asked for, each
with its alt text; :func:`write_figure` is it for one file. The products, ``reproduce``
and the report draw and save through here.
"""

from __future__ import annotations

import io
import re
import warnings
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, nullcontext
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from xml.dom.minidom import Document

from .._resources import atomic_write
from .._text import visible_controls
from ..errors import InputError
from ..mapspec import MapSpec, describe
from ..mapspec.captions import plain_text
from ..registry import FIGURE_FORMATS, output_format
from ._journal import caption_path, journal_caption
from ._style import WIDTH_MM, styled
from .drawing import Drawing, LeversRecord
from .kinds import draw
from .lq import lq_spec

if TYPE_CHECKING:
    from matplotlib.figure import Figure

__all__ = [
    "CREATOR",
    "FORMATS",
    "alt_path",
    "caption_path",
    "figure_bytes",
    "journal_alt",
    "journal_caption",
    "render",
    "save_figure",
    "write_figure",
]

#: The figure formats (:data:`clusteratlas.registry.FIGURE_FORMATS` reads the keys): each
#: extension with the metadata matplotlib would write and that changes between runs (dates,
#: versions), left out. A new format is one entry here and its help in the registry.
_METADATA: dict[str, dict[str, Any]] = {
    ".png": {"Software": None},
    ".svg": {"Date": None, "Creator": None},
    ".pdf": {"CreationDate": None, "ModDate": None, "Producer": None, "Creator": None},
}
FORMATS = tuple(_METADATA)
#: What made the file, written in the PDF's Creator field (no version: same bytes across releases). The PDF
#: names no Author: the program is not the figure's author, and the command line asks for none.
CREATOR = "clusteratlas"


def _described(suffix: str, title: str, alt_text: str | None) -> dict[str, Any]:
    """Return :data:`_METADATA`'s metadata with the figure's title and alt text where the format holds them."""
    metadata = dict(_METADATA[suffix])
    if suffix == ".pdf":
        metadata.update(Title=title, Creator=CREATOR, Subject=(alt_text or title).strip())
    elif suffix == ".svg":
        metadata.update(Title=title, Description=(alt_text or title).strip())
    return metadata


def _figure_title(fig: Figure, alt_text: str | None) -> str:
    """Return the figure's title: its drawn title, else the alt text's first sentence, else empty."""
    suptitle = getattr(fig, "_suptitle", None)
    # its wrapped lines joined, French typography's no-break spaces kept (str.split() would split them)
    drawn = plain_text(suptitle.get_text().replace("\\$", "$")) if suptitle is not None else ""
    if drawn:
        return drawn
    first = (alt_text or "").strip().split(". ")[0]
    return first.rstrip(".")


def _svg_with_title(svg: bytes, title: str, desc: str) -> bytes:
    """Put ``<title>`` and ``<desc>`` first in the SVG's root element, and name the image by them.

    The elements are built by :mod:`xml.dom.minidom`, which escapes their text.
    """
    text = svg.decode("utf-8")
    found = re.search(r"<svg\b[^>]*>", text)
    if found is None:
        return svg
    doc = Document()
    elements = []
    for name, gid, value in (("title", "figure-title", title), ("desc", "figure-desc", desc)):
        element = doc.createElement(name)
        element.setAttribute("id", gid)
        element.appendChild(doc.createTextNode(value))
        elements.append(element.toxml())
    root = found.group(0)[:-1] + ' role="img" aria-labelledby="figure-title figure-desc">'
    inner = "".join("\n " + e for e in elements)
    return "".join((text[: found.start()], root, inner, text[found.end() :])).encode("utf-8")


def save_figure(
    fig: Figure, path: str | Path, *, dpi: int = 300, alt_text: str | None = None, caption: str | None = None
) -> Path:
    """Write a figure to PNG, SVG or PDF atomically, with no date in it, and its alt text beside it.

    Parameters
    ----------
    fig : matplotlib Figure
    path : str or Path
        ``.png``, ``.svg`` or ``.pdf``.
    dpi : int, default 300
        Resolution of a PNG (vector formats ignore it but for embedded images).
    alt_text : str, optional
        Written to ``PATH.alt.txt`` (e.g. ``map.png`` → ``map.alt.txt``).
    caption : str, optional
        A journal figure's title and caption (:func:`journal_caption`), written to
        ``PATH.caption.txt`` (``map.png`` → ``map.caption.txt``).

    Returns
    -------
    Path
    """
    path = Path(path)
    suffix = output_format(FIGURE_FORMATS, path)
    data = _figure_data(fig, suffix, dpi, alt_text)
    texts = [(alt_path(path), alt_text), (caption_path(path), caption)]
    with atomic_write(path, "wb") as f:
        f.write(data)
    for where, text in texts:
        if text is not None:
            with atomic_write(where, "w", encoding="utf-8") as f:
                f.write(text.strip() + "\n")
    return path


def journal_alt(alt_text: str, caption: str) -> str:
    """Return a journal figure's alt text: the figure's own, then what its caption adds (the key, labelled places).

    The title and credits are in the alt text already; the lines of the caption it does
    not hold (the numbered key, above all: the numbers on the map are explained nowhere
    else once the key is out of the artwork) follow it.
    """
    added = [line for line in caption.splitlines()[1:] if line and line not in alt_text]
    return " ".join([alt_text.strip(), *added])


def figure_bytes(fig: Figure, fmt: str = "png", *, dpi: int = 300) -> bytes:
    """Return a figure as bytes (``png``, ``svg`` or ``pdf``), with the same settings as :func:`save_figure`."""
    suffix = f".{fmt}"
    if suffix not in _METADATA:
        msg = f"`fmt`: cannot render {fmt!r} figures; use one of {', '.join(e[1:] for e in FORMATS)}."
        raise InputError(msg)
    return _figure_data(fig, suffix, dpi, None)


@contextmanager
def _visible_text(fig: Figure) -> Iterator[None]:
    r"""While a file is written, show control characters in the figure's texts as escapes (``\x1b``).

    A name holding ESC or BEL would be a box in a PNG, and make an SVG that is not XML.
    """
    from matplotlib.text import Text

    changed = [(t, t.get_text()) for t in cast("list[Text]", fig.findobj(Text))]
    changed = [(t, old) for t, old in changed if visible_controls(old) != old]
    for text, old in changed:
        text.set_text(visible_controls(old))
    try:
        yield
    finally:
        for text, old in changed:
            text.set_text(old)


#: The font features turned off in a PDF: a ligature ("fi" of "fiches") is a glyph of its own, which
#: matplotlib puts in a second copy of the font: every font would be embedded twice.
_NO_LIGATURES = ("-liga", "-clig")


@contextmanager
def _single_glyphs(fig: Figure, suffix: str) -> Iterator[None]:
    """While a PDF is written, embed each font once: no ligatures, and no 256-character font copies.

    matplotlib 3.11 sizes a PDF's font subsets by ``ps.fonttype`` (3: 256 characters, so an
    en dash or a narrow no-break space starts a second copy of the font); 42 holds them all.
    A ligature is a glyph of its own, in a copy of its own: single-line texts are set
    without (matplotlib passes no font features to a text of several lines).
    """
    import matplotlib as mpl
    from matplotlib.text import Text

    texts = cast("list[Text]", fig.findobj(Text)) if suffix == ".pdf" else []
    features = [(t, t.get_fontfeatures()) for t in texts]
    for text, _ in features:
        text.set_fontfeatures(_NO_LIGATURES)
    try:
        with mpl.rc_context({"ps.fonttype": 42}):
            yield
    finally:
        for text, old in features:
            text.set_fontfeatures(old)


def _twin(text: Any) -> Any:
    """Return a copy of ``text`` without path effects, at the same place, not yet added to a figure."""
    from matplotlib.text import Annotation, Text

    if isinstance(text, Annotation):
        twin: Text = Annotation(
            text.get_text(), text.xy, xytext=text.xyann, xycoords=text.xycoords, textcoords=text.anncoords
        )
    else:
        x, y = text.get_position()
        twin = Text(x, y, text.get_text())
        twin.set_transform(text.get_transform())
    twin.update_from(text)
    twin.set_path_effects([])
    return twin


#: The gid of the white copy drawn under a haloed text in SVG (:func:`_real_text`), numbered.
_HALO_GID = "text-halo"


def _halo_width(text: Any) -> float:
    """Return the width (points) of the white outline a text's path effects draw, 0 if none."""
    widths = [float(getattr(e, "_gc", {}).get("linewidth", 0.0)) for e in text.get_path_effects()]
    return max(widths, default=0.0)


@contextmanager
def _real_text(fig: Figure, suffix: str) -> Iterator[dict[str, float]]:
    """While a vector file is written, write each haloed text as text (searchable, editable), not outlines.

    matplotlib draws text with a path effect (the white halo) as glyph outlines, tens of
    kilobytes a label. In a PDF the copy without the effect, at the same place, writes it as
    text over them. In an SVG the text loses its effect and a white copy under it, numbered
    ``text-halo-N``, is given the halo's stroke (:func:`_stroke_halos`); yields those widths.
    The copies are removed and the effects restored after.
    """
    from matplotlib.text import Text

    twins: list[Text] = []
    widths: dict[str, float] = {}
    haloed = fig.findobj(lambda a: isinstance(a, Text) and bool(a.get_path_effects()))
    shown = [t for t in cast("list[Text]", haloed) if t.get_visible() and t.get_text().strip()]
    effects = [(t, t.get_path_effects()) for t in shown]
    for text in shown:
        twin = _twin(text)
        owner = text.axes if text.axes is not None else text.figure
        if suffix == ".svg":
            gid = f"{_HALO_GID}-{len(widths)}"
            widths[gid] = _halo_width(text)
            twin.set(color="#ffffff", gid=gid, zorder=text.get_zorder() - 1e-3)
            text.set_path_effects([])
        else:
            twin.set_zorder(text.get_zorder() + 1e-3)
        cast(Any, owner).add_artist(twin)
        twins.append(twin)
    try:
        yield widths
    finally:
        for twin in twins:
            twin.remove()
        for text, effect in effects:
            text.set_path_effects(effect)


def _short_paths(svg: bytes) -> bytes:
    """Cut the coordinates of an SVG's paths to two decimals of a point (7 µm): a third of the bytes of a map."""
    text = svg.decode("utf-8")
    return re.sub(r' d="[^"]*"', lambda m: _TOO_FINE.sub(r"\1", m.group(0)), text).encode("utf-8")


#: A number's decimals past the second.
_TOO_FINE = re.compile(r"(\.\d\d)\d+")


def _stroke_halos(svg: bytes, widths: dict[str, float]) -> bytes:
    """Give each white halo copy of an SVG (:func:`_real_text`) a white stroke of its halo's width."""
    if not widths:
        return svg

    def stroke(found: re.Match[str]) -> str:
        width = widths.get(found.group(1), 0.0)
        return f'{found.group(0)[:-1]}; stroke: #ffffff; stroke-width: {width:g}; stroke-linejoin: round"'

    pattern = r'<g id="(text-halo-\d+)">\s*<text\b[^>]*?style="[^"]*"'  # the ids of _HALO_GID
    return re.sub(pattern, stroke, svg.decode("utf-8")).encode("utf-8")


#: The most pixels a figure file may have (a 400 mm wide figure at 1200 dpi has about 2e8).
MAX_PIXELS = 400_000_000


def _check_pixels(fig: Figure, dpi: object) -> None:
    """Refuse a ``dpi`` that is not a positive number, or that makes more than :data:`MAX_PIXELS` pixels."""
    width, height = fig.get_size_inches()
    ok = isinstance(dpi, int | float) and not isinstance(dpi, bool) and dpi > 0
    if not ok or width * height * float(dpi) ** 2 > MAX_PIXELS:  # type: ignore[arg-type]
        msg = f"`dpi` is {dpi!r}: the figure would be over {MAX_PIXELS:,} pixels or none; give a smaller positive dpi."
        raise InputError(msg)


def _figure_data(fig: Figure, suffix: str, dpi: int, alt_text: str | None) -> bytes:
    """Render a figure in a format, titled and described (PDF metadata; SVG ``<title>``, ``<desc>``)."""
    _check_pixels(fig, dpi)
    title = visible_controls(_figure_title(fig, alt_text))
    alt_text = None if alt_text is None else visible_controls(alt_text)
    buffer = io.BytesIO()
    vector = suffix in (".svg", ".pdf")
    halos: dict[str, float] = {}
    texts = _real_text(fig, suffix) if vector else nullcontext(halos)
    with styled(), warnings.catch_warnings(), _visible_text(fig), texts as halos, _single_glyphs(fig, suffix):
        warnings.simplefilter("ignore", UserWarning)
        fig.savefig(buffer, dpi=dpi, metadata=_described(suffix, title, alt_text), format=suffix[1:])
    data = buffer.getvalue()
    if suffix == ".svg":
        data = _svg_with_title(_short_paths(_stroke_halos(data, halos)), title, (alt_text or title).strip())
    return data


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
    journal: bool = False,
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
    journal : bool, default False
        Leave the title, credits and numbered key out of the artwork: they go into a caption
        file beside each output (``NAME.caption.txt``) and into the alt text.

    Returns
    -------
    Drawing
        The figure and the record of what it shows (:func:`~.kinds.draw`).
    """
    drawing = draw(spec, kind, width_mm=width_mm, south=south)
    caption = journal_caption(drawing.figure) if journal else None
    if outputs:
        alt = describe(lq_spec(spec), "choropleth") if kind == "lq" else describe(spec, kind)  # its quotients
        alt += _rows_cut(spec, drawing.record, width_mm)
        if caption is not None:
            alt = journal_alt(alt, caption)
        for path in outputs:
            save_figure(drawing.figure, path, dpi=dpi, alt_text=alt, caption=caption)
    return drawing


def _rows_cut(spec: MapSpec, record: object, width_mm: float) -> str:
    """Return what the alt text adds when a levers matrix left rows out (its caption's line), else "".

    Parameters
    ----------
    spec : MapSpec
    record : object
        The drawing's record (:class:`~.drawing.LeversRecord` for a levers matrix).
    width_mm : float
        The page width the rows were fitted to.

    Returns
    -------
    str
        " Rows: the first 48 of 120 (no more fit at 84 mm wide); …", or "".
    """
    if not isinstance(record, LeversRecord) or record.by_category or len(record.rows) >= len(spec.records):
        return ""
    cut = spec.texts["levers_cut"].format(shown=len(record.rows), n=len(spec.records), width=f"{width_mm:g}")
    return " " + cut


def write_figure(
    spec: MapSpec,
    kind: str,
    path: str | Path,
    *,
    dpi: int = 300,
    width_mm: float = WIDTH_MM,
    south: str = "frame",
    journal: bool = False,
) -> Path:
    """Draw a kind of figure from a spec and save it with its alt text (and caption); return the path."""
    render(spec, kind, [path], dpi=dpi, width_mm=width_mm, south=south, journal=journal)
    return Path(path)
