"""Names and numbers on the static maps stand by their own place, off the data (issue 20, session 11).

The review of session 10 found, on density maps, names set over hexagons far from their
place ("Tanger : 122 fiches" 14 mm south, over the Fès area), a leader across another
place's dot, and on point maps names nearer another symbol than their own and number
leaders across other symbols. Now, over hexagons no label (name or number) covers one: it
stands by its place on a short leader (:data:`._places.LEADER_DATA_MM`), at sea for a coastal
town, or it is left out and the caption names it. A name stands nearer its own symbol than
any other, on a leader too; a leader passes over no other symbol (``Spacing.cross``). The
caption says how many places carry only a number.
"""

from __future__ import annotations

import re

import matplotlib.pyplot as plt
import numpy as np
import pytest
from matplotlib.figure import Figure

from clusteratlas.static import draw
from clusteratlas.static._groups import _label_boxes
from clusteratlas.static._numbering import Labelling, Numbered, remove_labels
from clusteratlas.static._placer import Spacing, place_labels
from clusteratlas.static._places import LEADER_DATA_MM
from clusteratlas.static._under import data_boxes
from clusteratlas.static.drawing import Label

from .randomdata import random_spec

#: Label A (40 x 10 px) at (100, 100), row 0. A wall of other symbols right of it, another place's symbol B at
#: (165, 100), obstacles above, below and left of a strip: the only free spot is right of B, far out on a leader
#: over the wall and B, nearer B than A.
_ANCHOR, _RADIUS, _SIZE = np.array([[100.0, 100.0]]), np.array([3.0]), [np.array([[40.0, 10.0]])]
_MARKERS = np.array([[100.0, 100.0, 3.0], [115.0, 100.0, 8.0], [131.0, 100.0, 8.0], [165.0, 100.0, 4.0]])
_WHERE = {
    "frame": (0.0, 0.0, 300.0, 300.0),
    "markers": _MARKERS,
    "owners": np.array([0]),
    "obstacles": [(0.0, 113.0, 300.0, 300.0), (0.0, 0.0, 300.0, 87.0), (0.0, 87.0, 95.0, 113.0)],
}


def test_a_name_far_out_stands_nearer_its_own_symbol_than_any_other() -> None:
    """Before: the name went right of B on a leader, read as B's. Now: nowhere (it gets a number); a number goes."""
    spacing = Spacing(gap=1.0, pad=1.0, far=10)
    (name,) = place_labels(_ANCHOR, _RADIUS, _SIZE, spacing=spacing, **_WHERE)
    assert name is None
    (number,) = place_labels(_ANCHOR, _RADIUS, _SIZE, spacing=spacing, keyed=np.array([True]), **_WHERE)
    assert number is not None and number.leader is not None and number.box[0] > 169.0


def test_a_leader_passes_over_no_other_symbol_unless_allowed() -> None:
    """``cross=False``: the number's leader would pass over the wall and B, so it is not placed."""
    keyed = np.array([True])
    (over,) = place_labels(_ANCHOR, _RADIUS, _SIZE, spacing=Spacing(gap=1.0, pad=1.0, far=10), keyed=keyed, **_WHERE)
    assert over is not None
    clear = Spacing(gap=1.0, pad=1.0, far=10, cross=False)
    (none,) = place_labels(_ANCHOR, _RADIUS, _SIZE, spacing=clear, keyed=keyed, **_WHERE)
    assert none is None


def _density_labels(drawing) -> tuple[int, float, list[str]]:
    """Labels crossing a hexagon's box, the longest leader (mm), the texts drawn."""
    fig = drawing.figure
    fig.canvas.draw()
    frame = drawing.record.main
    soft = data_boxes(frame.axes)
    crossing, longest, texts = 0, 0.0, []
    for label in frame.labels:
        e = label.artist.get_window_extent()
        crossing += any(e.x0 < s[2] and s[0] < e.x1 and e.y0 < s[3] and s[1] < e.y1 for s in soft)
        texts.append(label.text)
        if label.leader is not None:
            (a, b), (c, d) = frame.axes.transData.transform([label.leader[:2], label.leader[2:]])
            longest = max(longest, float(np.hypot(c - a, d - b)) / (fig.dpi / 25.4))
    return crossing, longest, texts


def _caption(fig: Figure) -> str:
    return next(t.get_text() for t in fig.texts if t.get_gid() == "source-line")


@pytest.mark.parametrize(("width_mm", "lang"), [(84.0, "fr"), (174.0, "en")])
def test_density_labels_cover_no_hexagon_and_stand_by_their_place(width_mm: float, lang: str) -> None:
    """2,000 records: before, 4 labels of 12 crossed hexagons at 84 mm, 3 at 174, on leaders up to 11 mm."""
    drawing = draw(random_spec(11, 2000, lang), "points", width_mm=width_mm)
    try:
        assert drawing.record.density is not None
        crossing, longest, texts = _density_labels(drawing)
        assert crossing == 0, texts
        assert longest <= LEADER_DATA_MM + 0.05, longest
        top = drawing.record.main.layer
        assert top is not None and len(top.places) == 12
        caption = _caption(drawing.figure).replace("\n", " ")
        left = 12 - drawing.record.labelled
        unnamed = re.search(r"(?:Not named|Non nommés) \([^)]*\)\s?: (.*?)\.( |$)", caption)
        # every place left out is named in the caption, once
        assert (unnamed is None) == (left == 0), caption
        if unnamed is not None:
            assert len(re.split(r"\s?; ", unnamed.group(1))) == left, unnamed.group(1)
    finally:
        plt.close(drawing.figure)


def test_the_caption_says_how_many_places_carry_only_a_number() -> None:
    """150 records at 84 mm, most places numbered: before, "All 96 places labelled." whatever they carried."""
    drawing = draw(random_spec(3, 150, "en"), "points", width_mm=84.0)
    try:
        numbers = sum(label.text.isdigit() for f in (drawing.record.main, *drawing.record.insets) for label in f.labels)
        assert numbers > 0
        caption = _caption(drawing.figure).replace("\n", " ")
        said = re.search(r"(?:All \d+ places labelled|Labelled: \d+ of \d+ places),? ?:? (\d+) by name", caption)
        if said is None:  # every place numbered: said so, not "0 by name" (session 14)
            said = re.search(r"(?:All \d+ places labelled|Labelled) by a number", caption)
            assert said is not None, caption
            frames = (drawing.record.main, *drawing.record.insets)
            assert all(label.text.isdigit() for f in frames for label in f.labels)
        else:
            assert int(said.group(1)) < drawing.record.labelled
    finally:
        plt.close(drawing.figure)


def _number(ax, text: str, room: int) -> tuple[Label, Numbered]:
    artist = ax.text(0.5, 0.5, text, ha="left", va="bottom", fontsize=7, gid="cluster-label")
    label = Label(text=text, anchor=(0.0, 0.0), position=(0.5, 0.5), ha="left", leader=None, artist=artist)
    return label, Numbered(label, "Somewhere", (0.0, 0.0), room=room)


def test_a_group_keeps_clear_of_the_room_a_number_was_placed_with() -> None:
    """A number drawn "9" in room for "17" (renumbered later): a group's number keeps clear of the two digits."""
    fig = Figure(dpi=100)
    ax = fig.add_subplot()
    fig.canvas.draw()
    label, numbered = _number(ax, "9", 2)
    (narrow,) = _label_boxes(Labelling((label,), 1, (), ()))
    (wide,) = _label_boxes(Labelling((label,), 1, (), (numbered,)))
    one = label.artist.get_window_extent().width
    assert wide[0] == pytest.approx(narrow[0]) and wide[2] - narrow[2] == pytest.approx(one)


def test_labelling_again_removes_the_groups_dashed_circles() -> None:
    """Before: a figure labelled twice (numbers past 9) kept the first pass's dashed circles (7 drawn for 2 groups)."""
    from matplotlib.patches import Circle

    fig = Figure(dpi=100)
    ax = fig.add_subplot()
    label, numbered = _number(ax, "3", 1)
    ax.add_patch(Circle((0.5, 0.5), 0.1, gid="group-mark"))
    remove_labels([Labelling((label,), 1, (), (numbered,))])
    assert not [p for p in ax.patches if p.get_gid() == "group-mark"]
    assert not [t for t in ax.texts if t.get_gid() == "cluster-label"] and not ax.texts
