"""Property tests of the static figures on random datasets drawn from the gazetteer.

Every dataset is drawn, then every text of the figure is checked through the renderer's
window extents: no two texts overlap, none is cut by the figure's edge or lies under an
inset or a legend it does not belong to, every place label sits in the frame of its marker,
and the caption says how many places are labelled.
"""

from __future__ import annotations

import re
import warnings

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pytest
import shapely
from matplotlib.text import Text

from clusteratlas import geocode
from clusteratlas.mapspec import map_spec
from clusteratlas.static import TEXT_PT, clean_name, draw, figure
from clusteratlas.static._placer import place_labels

from .randomdata import random_records

#: 50 datasets per run: sizes 5..500, log-uniform (most are small or medium), with 200 and 500 always in.
_rng = np.random.default_rng(20261123)
SIZES = [200, 500, *np.exp(_rng.uniform(np.log(5), np.log(500), size=48)).round().astype(int).tolist()]
CASES = [(seed, int(size), "combined" if seed % 5 == 0 else "points") for seed, size in enumerate(SIZES)]


def _texts(fig) -> list[Text]:
    out = []
    for t in fig.findobj(Text):
        if t.get_visible() and t.get_text().strip() and t.get_figure(root=True) is fig:
            out.append(t)
    return out


def _boxes(items, renderer, shrink: float = 0.5) -> list:
    boxes = []
    for t in items:
        b = t.get_window_extent(renderer)
        boxes.append(shapely.box(b.x0 + shrink, b.y0 + shrink, b.x1 - shrink, b.y1 - shrink))
    return boxes


def _owner_axes(t: Text):
    return t.axes


def _check_labels_clear_of_marks(axes: list, labels: list[Text], anchors: dict, renderer) -> None:
    """5. No label covers a symbol, but its own may touch it."""
    for ax in axes:
        marks = [
            p for p in ax.get_children() if (p.get_gid() or "").startswith("place-") and p.get_gid() != "place-wedge"
        ]
        mark_boxes = [(p, p.get_window_extent(renderer)) for p in marks]
        for t in [t for t in labels if t.axes is ax]:
            b = t.get_window_extent(renderer)
            box = shapely.box(b.x0 + 0.5, b.y0 + 0.5, b.x1 - 0.5, b.y1 - 0.5)
            own = ax.transData.transform(anchors[id(t)])
            for _p, mb in mark_boxes:
                cx, cy = (mb.x0 + mb.x1) / 2, (mb.y0 + mb.y1) / 2
                if abs(cx - own[0]) < 1 and abs(cy - own[1]) < 1:
                    continue
                assert not box.intersects(shapely.box(mb.x0, mb.y0, mb.x1, mb.y1)), t.get_text()


def check_figure(drawing) -> dict[str, int]:
    """Assert the text properties on a drawn figure (a Drawing: the figure and its record); return what was found."""
    fig = drawing.figure
    anchors = {id(label.artist): label.anchor for label in drawing.record.labels()}
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    texts = _texts(fig)
    boxes = _boxes(texts, renderer)
    # 1. No two texts overlap (legend entries, labels, titles, caption, scale bars).
    tree = shapely.STRtree(boxes)
    pairs = tree.query(boxes, predicate="intersects")
    clashes = [(texts[i].get_text()[:30], texts[j].get_text()[:30]) for i, j in pairs.T if i < j]
    assert clashes == []
    # 2. Nothing cut by the figure's edge.
    frame = fig.bbox
    for t, b in zip(texts, boxes, strict=True):
        x0, y0, x1, y1 = b.bounds
        assert x0 >= frame.x0 - 0.5 and y0 >= frame.y0 - 0.5, t.get_text()[:40]
        assert x1 <= frame.x1 + 0.5 and y1 <= frame.y1 + 0.5, t.get_text()[:40]
    main = next(ax for ax in fig.axes if ax.get_gid() == "map")
    insets = list(main.child_axes)
    legends = [a for a in main.get_children() if a.__class__.__name__ == "Legend"]
    labels = [t for t in texts if t.get_gid() == "cluster-label"]
    assert {id(t) for t in labels} == set(anchors)  # the record lists every label drawn
    # 3. Labels of the main frame never under an inset or a legend; every label inside its own frame.
    inset_boxes = [shapely.box(*ax.get_window_extent(renderer).extents) for ax in insets]
    legend_boxes = [shapely.box(*leg.get_window_extent(renderer).extents) for leg in legends]
    for t in labels:
        b = t.get_window_extent(renderer)
        box = shapely.box(b.x0 + 0.5, b.y0 + 0.5, b.x1 - 0.5, b.y1 - 0.5)
        ax = _owner_axes(t)
        if ax is main:
            assert not any(box.intersects(o) for o in inset_boxes + legend_boxes), t.get_text()
        frame_ax = ax.get_window_extent(renderer)
        assert frame_ax.x0 <= b.x0 and b.x1 <= frame_ax.x1 and frame_ax.y0 <= b.y0 and b.y1 <= frame_ax.y1
        # 4. The label's marker is in the same frame, close to it.
        mx, my = ax.transData.transform(anchors[id(t)])
        assert frame_ax.x0 < mx < frame_ax.x1 and frame_ax.y0 < my < frame_ax.y1, t.get_text()
        distance = box.distance(shapely.Point(mx, my))
        # in a crowd a number may stand up to three rings out, on a leader: about five lines away
        assert distance <= 14 * fig.dpi / 72 + 5 * b.height, (t.get_text(), distance)
    _check_labels_clear_of_marks([main, *insets], labels, anchors, renderer)
    # 6. No symbol of the main frame hides under a legend or an inset.
    for p in main.get_children():
        if (p.get_gid() or "").startswith("place-") and p.get_gid() != "place-wedge":
            c = p.get_window_extent(renderer)
            centre = shapely.Point((c.x0 + c.x1) / 2, (c.y0 + c.y1) / 2)
            assert not any(o.contains(centre) for o in legend_boxes), "symbol under a legend"
    # 7. Leader lines never cross one another, nor a label.
    leaders = []
    for ax in [main, *insets]:
        for line in ax.lines:
            if line.get_gid() == "label-leader":
                xy = ax.transData.transform(np.column_stack(line.get_data()))
                leaders.append(shapely.LineString(xy))
    for i, a in enumerate(leaders):
        for b in leaders[i + 1 :]:
            assert not a.crosses(b)
        assert not any(a.crosses(lb) and a.intersection(lb).length > 1.0 for lb in _boxes(labels, renderer, 1.0))
    return {"labels": len(labels), "insets": len(insets), "leaders": len(leaders)}


@pytest.mark.parametrize(("seed", "size", "kind"), CASES, ids=[f"{k}-{n}-s{s}" for s, n, k in CASES])
def test_random_dataset_texts_never_collide(seed: int, size: int, kind: str) -> None:
    frame = random_records(seed, size)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        geo = geocode(frame)
    spec = map_spec(geo, data_label="random.csv")
    with matplotlib.rc_context({"figure.dpi": 72}):
        drawing = draw(spec, kind)
        fig = drawing.figure
        found = check_figure(drawing)
    caption = next(t.get_text() for t in fig.texts if t.get_gid() == "source-line")
    counted = r"Labelled(?: by a number)?: (\d+) of (\d+) places|All (\d+) places labelled|Named: (\d+) of the"
    said = re.search(counted, caption)
    assert said is not None, caption
    labelled = int(said.group(1) or said.group(3) or said.group(4))
    # A place is counted once even when it is labelled both on the main map and in the detail inset.
    in_insets = sum(len(f.labels) for f in drawing.record.insets)
    assert labelled <= found["labels"] <= labelled + in_insets
    width, height = fig.get_size_inches() * 25.4
    assert width <= 174.01 and height <= 230.01
    plt.close(fig)


def test_every_text_is_at_least_six_and_a_half_points(geocoded) -> None:
    spec = map_spec(geocoded, data_label="clusters.csv", subtitle="a subtitle")
    for kind in ("points", "choropleth", "combined", "timeline", "levers"):
        fig = figure(spec, kind)
        fig.canvas.draw()
        small = [(t.get_text()[:30], t.get_fontsize()) for t in _texts(fig) if t.get_fontsize() < TEXT_PT]
        assert small == [], kind
        width, height = fig.get_size_inches() * 25.4
        assert width <= 174.01 and height <= 230.01, kind
        plt.close(fig)


def test_engine_is_near_linear_and_collision_free() -> None:
    rng = np.random.default_rng(1)
    n = 3000
    anchors = rng.uniform(0, 2000, size=(n, 2))
    sizes = [np.array([[rng.uniform(20, 80), 9.0]]) for _ in range(n)]
    result = place_labels(
        anchors,
        np.full(n, 3.0),
        sizes,
        frame=(0, 0, 2000, 2000),
        markers=np.column_stack([anchors, np.full(n, 3.0)]),
        owners=np.arange(n),
    )
    placed = [p for p in result if p is not None]
    assert 300 < len(placed) < n
    boxes = [shapely.box(*p.box) for p in placed]
    tree = shapely.STRtree(boxes)
    pairs = tree.query(boxes, predicate="intersects")
    assert [(i, j) for i, j in pairs.T if i < j] == []
    # No label covers any marker but its own.
    for p in placed:
        hits = np.flatnonzero(
            (anchors[:, 0] + 3 > p.box[0])
            & (anchors[:, 0] - 3 < p.box[2])
            & (anchors[:, 1] + 3 > p.box[1])
            & (anchors[:, 1] - 3 < p.box[3])
        )
        assert set(hits.tolist()) <= {p.index}


def test_long_and_hostile_names_are_cut_before_drawing() -> None:
    assert clean_name("A" * 100_000) == "A" * 39 + "…"
    assert clean_name(" a\n\tb ") == "a b"
    assert clean_name("$x^2$") == "$x^2$"  # drawn with parse_math=False
