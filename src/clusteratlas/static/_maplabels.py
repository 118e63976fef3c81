"""A map's labels and caption: the last steps of :mod:`.maps` (7 and 8), once the records and legends are drawn.

The places of the insets are labelled first, then those of the main frame; every place is
numbered north to south over all frames; the caption then says how many are labelled and
gives the numbered key.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, Any

from ._fit import MARGIN_MM
from ._furniture import title_band
from ._groups import group_gain, mark_groups
from ._layout import MapPage, caption_text, write_caption
from ._numbering import Judge, named_places, unlabelled_keys
from ._places import (
    Box,
    Labelling,
    box,
    is_among,
    label_places,
    labelled_places,
    number_in_order,
    remove_labels,
    too_narrow,
)
from ._style import renderer_of, thousands
from .drawing import Frame, Layer, MapRecord

if TYPE_CHECKING:
    from matplotlib.axes import Axes

    from ._insets import Inset
    from ._mapstate import MapState, Records

__all__ = ["label_map", "label_obstacles", "map_caption_width", "write_map_caption"]


def map_caption_width(width_mm: float) -> float:
    """Return the width (pt) a map's caption is wrapped to: the page less its margins, as wide as the map frame.

    1% to spare: the words are measured in the figure's font, as drawn
    (:func:`._style.word_width`); a line that still ran past the margin would be wrapped
    again (:func:`._fit.fit_page`).
    """
    return (width_mm - 2 * MARGIN_MM) / 25.4 * 72 * 0.99


def label_obstacles(ax: Axes, insets: list[Inset], legends: list[Any]) -> list[Box]:
    """Boxes the main frame's labels keep clear of: the insets, the legends, the scale bar and north arrow."""
    renderer = renderer_of(ax)
    obstacles = [box(inset.axes, renderer, 3) for inset in insets]  # as drawn now (legends may have grown the page)
    obstacles += [box(leg, renderer, 2) for leg in legends]
    for artist in ax.get_children():
        gid = artist.get_gid() or ""
        if gid.startswith(("scale-bar", "north-arrow")):
            obstacles.append(box(artist, renderer, 2))
    return obstacles


def label_map(m: MapState, records: Records, insets: list[Inset], obstacles: list[Box], bar: Any) -> MapRecord:
    """Label the places of the main frame, then of each inset; return the map's record (legends, caption to come)."""
    if records.top is not None:
        return _label_density(m, records, insets, obstacles, bar)
    layer = records.layer
    frames = [inset.frame() for inset in insets]
    if not m.show.labels or (layer is None and all(inset.layer is None for inset in insets)):
        return MapRecord(Frame("map", m.ax, layer, bar), tuple(frames))
    labelled_insets = [k for k, inset in enumerate(insets) if inset.layer is not None]
    done, key = _label_frames(m, layer, [insets[k] for k in labelled_insets], obstacles, 0)
    widest = too_narrow(done)
    if widest:  # a number wider than its room (the figure's numbers ran past 9, 99 …): once more at that width
        remove_labels(done)
        done, key = _label_frames(m, layer, [insets[k] for k in labelled_insets], obstacles, widest)
    for k, labelling in zip(labelled_insets, done[1:], strict=True):
        frames[k] = insets[k].frame(labelling)
    main = Frame("map", m.ax, layer, bar, done[0].labels, done[0].candidates)
    labelled, candidates = _distinct_places([main, *frames], sum(d.candidates for d in done))
    return MapRecord(main, tuple(frames), labelled=labelled, candidates=candidates, key=key)


def _label_frames(
    m: MapState, layer: Layer | None, insets: list[Inset], obstacles: list[Box], widest: int
) -> tuple[list[Labelling], tuple[str, ...]]:
    """Label the insets, then the main map, numbers at least as wide as ``widest``; number them in order.

    A place an inset labels is not labelled again on the main map; one it does not label
    (under its title, say) is. Returns the labellings, main map first, and the key.
    """
    done: list[Labelling] = []
    for inset in insets:
        done.append(_label_inset(m, inset, widest=widest, before=sum(len(d.numbered) for d in done)))
    shown = labelled_places([(inset.layer, d) for inset, d in zip(insets, done, strict=True)])
    covered = [inset for inset in insets if inset.layer is not None]
    if layer is None:  # every place is in an inset (a table of the southern regions alone, say)
        done.insert(0, Labelling())
    else:
        main = _label_main(m, layer, covered, obstacles, shown, (widest, sum(len(d.numbered) for d in done)))
        done.insert(0, mark_groups(m.ax, layer, main, obstacles=obstacles, widest=widest, spec=m.spec))
    return number_in_order(done)  # one number a place, north to south over every frame


def _distinct_places(frames: list[Frame], candidates: int) -> tuple[int, int]:
    """Count the places labelled on any frame, and the places there are, each place once.

    A place near the detail inset's edge is shown (and labelled) on the main map and in the
    inset: it is one place. Places are told apart by their true position (``x_true``,
    ``y_true``), not where their symbols were moved to. The places there are: every place of
    the frames' layers (``candidates``, the frames' own sum, when none has a layer).
    """
    labelled: set[tuple[float, float]] = set()
    every: set[tuple[float, float]] = set()
    for frame in frames:
        if frame.layer is None:
            continue
        places = frame.layer.places
        true = places[["x_true", "y_true"]] if "x_true" in places else places[["x", "y"]]
        truth = dict(
            zip(zip(places["x"], places["y"], strict=True), true.itertuples(index=False, name=None), strict=True)
        )
        every.update(truth.values())
        labelled.update(truth[label.anchor] for label in frame.labels if label.anchor in truth)
    return len(labelled), len(every) if every else candidates


def _label_density(m: MapState, records: Records, insets: list[Inset], obstacles: list[Box], bar: Any) -> MapRecord:
    """Name the busiest places of a density map (no numbers); the candidates are all its places."""
    assert records.top is not None
    done, key = number_in_order([label_places(m.ax, records.top, obstacles=obstacles, numbered=False, limit=None)])
    named = done[0]  # a place whose name fits nowhere is numbered and named in the key
    main = Frame("map", m.ax, records.top, bar, named.labels, named.candidates)
    frames = tuple(inset.frame() for inset in insets)
    return MapRecord(main, frames, records.density, labelled=len(named.labels), candidates=records.total, key=key)


def _label_main(
    m: MapState,
    layer: Layer,
    insets: list[Inset],
    obstacles: list[Box],
    shown: set[tuple[float, float]],
    numbers: tuple[int, int],
) -> Labelling:
    """Label the main frame's places, but those an inset labelled (``shown``, true positions) or an inset covers.

    ``numbers``: the widest number to place (digits as :func:`label_places`' ``widest``) and how many the insets gave.
    """
    widest, before = numbers
    renderer = renderer_of(m.ax)
    skip = is_among(layer, shown)
    covered = [box(inset.axes, renderer, 0) for inset in insets if inset.layer is not None]
    judge = Judge(partial(group_gain, m.ax, layer, obstacles=obstacles, widest=widest), before)  # groups count too
    return label_places(m.ax, layer, obstacles=obstacles, skip=skip, covered=covered, widest=widest, judge=judge)


def _label_inset(m: MapState, inset: Inset, *, widest: int = 0, before: int = 0) -> Labelling:
    """Label an inset's places (at most 12, or numbered when crowded), clear of its title and bar.

    ``widest``: numbers are placed at least as wide as this one; ``before``: numbers given on the frames before.
    """
    assert inset.layer is not None
    renderer = renderer_of(m.ax)
    inner = [box(a, renderer, 2) for a in (inset.title, *title_band(inset.axes))]
    inner += [box(a, renderer, 2) for a in inset.axes.get_children() if (a.get_gid() or "").startswith("scale-bar")]
    judge = Judge(partial(group_gain, inset.axes, inset.layer, obstacles=inner, widest=widest), before)
    labelling = label_places(inset.axes, inset.layer, obstacles=inner, widest=widest, judge=judge)  # names first
    return mark_groups(inset.axes, inset.layer, labelling, obstacles=inner, widest=widest, spec=m.spec)


def write_map_caption(
    m: MapState, page: MapPage, record: MapRecord, records: Records, width_pt: float, reserve: int
) -> str:
    """Write the caption under a map: source, unplaced records, how many places are labelled, the key."""
    spec = m.spec
    lines = []
    if m.show.points and m.show.labels and (records.layer is not None or records.top is not None):
        if records.top is not None:
            top = len(records.top.places)
            n = thousands(record.candidates, spec.lang)
            lines.append(spec.texts["density_named"].format(k=record.labelled, top=top, n=n))
            if left := unlabelled_keys(records.top, record.main.labels):  # no room clear of the hexagons
                sep = "\u00a0; " if spec.lang == "fr" else "; "
                lines.append(spec.texts["density_unnamed"].format(places=sep.join(left)))
            if records.coarse.records:
                lines.append(spec.texts["density_coarse"].format(k=thousands(records.coarse.records, spec.lang)))
        else:
            tmpl = "labelled_all" if record.labelled == record.candidates else "labelled"
            named = named_places([(f.layer, f.labels) for f in (record.main, *record.insets)])
            if named < record.labelled:  # say how many carry only a number: all of them, not "0 by name"
                tmpl += "_numbered" if named else "_by_number"
            lines.append(spec.texts[tmpl].format(k=record.labelled, n=record.candidates, named=named))
    drawn = m.show.points and not m.dense and not m.pts.empty  # categories drawn (symbols), not a density
    text = caption_text(spec, lines, list(record.key), width_pt, categories=drawn, shaded=m.show.shaded)
    write_caption(page, text, reserve)
    return text
