"""Numbers of a figure's places: given once, in geographic order over every frame, and their key.

A figure's frames (the main map and its insets) are labelled one after the other, each
drawing provisional numbers (:mod:`._places`); :func:`number_in_order` then gives every
number again, 1 to n, north to south by the places' true positions (ties west to east),
so that a reader finds the numbers where the eye goes, and the key lists them so.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

import numpy as np
import pandas as pd

from .drawing import Label, Layer

__all__ = [
    "Judge",
    "Labelling",
    "Numbered",
    "is_among",
    "labelled_places",
    "named_places",
    "number_in_order",
    "remove_labels",
    "too_narrow",
    "true_xy",
    "unlabelled_keys",
]


@dataclass(frozen=True, eq=False)
class Numbered:
    """A number drawn for a place, before the figure's numbers are given in geographic order (:func:`number_in_order`).

    Attributes
    ----------
    label : Label
        The number as drawn (a provisional number).
    key : str
        The place's line in the key, without its number.
    true : tuple of float
        The place's true position (drawing CRS), where its symbol would be if not moved.
    leader : Any
        The label's leader line artist, or None.
    room : int
        How many digits the number was placed with room for.
    members : tuple
        The true positions of the places a group's number stands for (:mod:`._groups`).
    """

    label: Label
    key: str
    true: tuple[float, float]
    leader: Any = None
    room: int = 1
    members: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True)
class Labelling:
    """The labels drawn on one frame, how many places could have been labelled, and the key of numbered ones.

    ``numbered``: the numbers among ``labels``, with their places' key lines and true
    positions, for :func:`number_in_order`; ``missed``: the rows of the places that could
    have been labelled and were not (marked in groups by :mod:`._groups`).
    """

    labels: tuple[Label, ...] = ()
    candidates: int = 0
    key: tuple[str, ...] = ()
    numbered: tuple[Numbered, ...] = ()
    missed: tuple[int, ...] = ()


@dataclass(frozen=True)
class Judge:
    """How a frame's rounds of labels are judged (:func:`._places.label_places` keeps the best).

    Attributes
    ----------
    gain : callable
        ``gain(left, placed)``: of the places a round left without a label (rows), how many
        numbered groups would still mark beside its labels (placements, not drawn yet), and
        how many numbers they take (:func:`._groups.group_gain`).
    before : int
        The numbers given on the frames labelled before: a round whose numbers would run
        past the digits they were placed with (99 to 100) costs a labelling again, wider.
    """

    gain: Callable[[np.ndarray, list[Any]], tuple[int, int]]
    before: int = 0


def true_xy(places: pd.DataFrame) -> np.ndarray:
    """Return the places' true positions ``(n, 2)``: where they are, not where their symbols were moved."""
    columns = ["x_true", "y_true"] if "x_true" in places else ["x", "y"]
    return np.asarray(places[columns].to_numpy(dtype=float))


def _where(xy: np.ndarray) -> list[tuple[float, float]]:
    """Round positions (drawing CRS, metres) to the metre: one place's true position on every frame."""
    return [(float(x), float(y)) for x, y in np.round(np.asarray(xy, dtype=float).reshape(-1, 2), 0)]


def labelled_places(frames: list[tuple[Layer | None, Labelling]]) -> set[tuple[float, float]]:
    """Return the true positions (to the metre) of the places labelled on these frames (their layers and labels)."""
    out: set[tuple[float, float]] = set()
    for layer, labelling in frames:
        if layer is None or not labelling.labels:
            continue
        true = dict(zip(_where(layer.places[["x", "y"]].to_numpy()), _where(true_xy(layer.places)), strict=True))
        anchors = _where(np.array([label.anchor for label in labelling.labels]))
        out.update(true[a] for a in anchors if a in true)
        for n in labelling.numbered:  # every place of a group
            out.update(_where(np.array(n.members)) if n.members else [])
    return out


def named_places(frames: list[tuple[Layer | None, tuple[Label, ...]]]) -> int:
    """Return how many places carry their name (not a number) on these frames (a layer and its labels), each once."""
    out: set[tuple[float, float]] = set()
    for layer, labels in frames:
        named = [label.anchor for label in labels if not label.text.isdigit()]
        if layer is None or not named:
            continue
        true = dict(zip(_where(layer.places[["x", "y"]].to_numpy()), _where(true_xy(layer.places)), strict=True))
        out.update(true[a] for a in _where(np.array(named)) if a in true)
    return len(out)


def unlabelled_keys(layer: Layer, labels: tuple[Label, ...]) -> list[str]:
    """Return the key lines of the places of ``layer`` that carry no label, most records first."""
    at = set(_where(np.array([label.anchor for label in labels]))) if labels else set()
    rows = [i for i, xy in enumerate(_where(layer.places[["x", "y"]].to_numpy())) if xy not in at]
    return [layer.keys[i] for i in sorted(rows, key=lambda i: -int(layer.places["n"].iat[i]))]


def is_among(layer: Layer, positions: set[tuple[float, float]]) -> np.ndarray:
    """Return which places of ``layer`` have their true position among ``positions`` (to the metre)."""
    return np.array([p in positions for p in _where(true_xy(layer.places))], dtype=bool)


def number_in_order(labellings: list[Labelling]) -> tuple[list[Labelling], tuple[str, ...]]:
    """Give the numbers of every frame of a figure once, in geographic order; return the labellings and the key.

    The numbers drawn on the main map and the insets are given again, 1 to n, north to
    south by the places' true positions (ties west to east), and the key lists them in that
    order. A place numbered on two frames (on an inset's edge) keeps its first number; the
    other is removed. Places of the same key text (points of one town) share one key line.
    """
    seen: set[tuple[float, float]] = set()
    entries: list[tuple[float, float, int, Numbered]] = []
    dropped: set[int] = set()
    for f, each in enumerate(labellings):
        for n in each.numbered:
            where = _where(np.array(n.true))[0]
            if where in seen:
                dropped.add(id(n.label))
                _remove(n)
                continue
            seen.add(where)
            entries.append((-where[1], where[0], f, n))
    entries.sort(key=lambda e: (e[0], e[1], e[2]))
    given: dict[int, Label] = {}
    shared: dict[str, list[str]] = {}  # places of one name and count share a line: "13, 16, 17 Kénitra"
    for k, (_, _, _, n) in enumerate(entries, start=1):
        n.label.artist.set_text(str(k))
        given[id(n.label)] = replace(n.label, text=str(k))
        shared.setdefault(n.key, []).append(str(k))
    key = [f"{', '.join(given_to)} {text}" for text, given_to in shared.items()]
    out = []
    for each in labellings:
        labels = tuple(given.get(id(lab), lab) for lab in each.labels if id(lab) not in dropped)
        numbers = tuple(replace(n, label=given[id(n.label)]) for n in each.numbered if id(n.label) in given)
        lines = tuple(f"{n.label.text} {n.key}" for n in numbers)
        out.append(replace(each, labels=labels, key=lines, numbered=numbers))
    return out, tuple(key)


def too_narrow(labellings: list[Labelling]) -> int:
    """Return the widest number given (digits) if any was placed with room for fewer digits, else 0."""
    numbers = [n for each in labellings for n in each.numbered]
    if any(len(n.label.text) > n.room for n in numbers):
        return max(int(n.label.text) for n in numbers)
    return 0


def remove_labels(labellings: list[Labelling]) -> None:
    """Remove every label drawn on these frames, its leader and a group's dashed circle (to label them again)."""
    axes: dict[int, Any] = {id(label.artist.axes): label.artist.axes for each in labellings for label in each.labels}
    for ax in axes.values():
        for artist in [*ax.texts, *ax.lines, *ax.patches]:
            if artist.get_gid() in ("cluster-label", "label-leader", "group-mark"):
                artist.remove()


def _remove(numbered: Numbered) -> None:
    """Remove a number's text and leader from its axes."""
    numbered.label.artist.remove()
    if numbered.leader is not None:
        numbered.leader.remove()
