"""Choropleth classes: values put into classes with print-ready legend labels.

:func:`classify` is the one entry: zero gets a class of its own, positive values are
classified with mapclassify (or the user's bounds), and each class is labelled with the
range of the values in it.
"""

from __future__ import annotations

import itertools
import warnings
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from ..errors import ClassificationWarning, InputError
from ..presentation import texts, value_text
from ..registry import SCHEMES

__all__ = ["CLASS_PATTERN", "DENSITY_COLORS", "RAMP", "SCHEMES", "STEP_DE", "ZERO_COLOR", "Classes", "classify"]

#: Smallest colour difference (CIEDE2000) between two adjacent classes, in colour, in grey and
#: under deuteranopia and protanopia (Machado et al. 2009), and between the first class and the
#: neighbouring countries and the sea (tests/test_figure_classes.py measures every scheme drawn).
STEP_DE = 10.0
#: Sequential ramp of the choropleth (neutral greys, light to dark), so that the coloured
#: point symbols and the blue sea tint keep one meaning each; and the "0 / none" class.
#: Five greys at CIELAB L* 67.7, 55.5, 44.8, 32.7, 18.5: each at least 10.4 (CIEDE2000) from the
#: next in every vision, the first 10.4 from the neighbouring countries and the sea, which stand
#: 10.4 below the "0 / none" class (it was 6.4 from them in grey). These are the only greys that
#: fit between white and black: more than five classes take greys in between (closer than
#: :data:`STEP_DE`) and every other one is drawn with :data:`CLASS_PATTERN` (see ``Classes.patterns``).
RAMP = ("#a5a5a5", "#858585", "#6a6a6a", "#4d4d4d", "#2d2d2d")
ZERO_COLOR = "#fcfcfc"
#: The pattern that tells apart two adjacent classes of more than :data:`RAMP`'s five: every
#: other class, counted from the darkest (never hatched), is drawn with it.
CLASS_PATTERN = "diagonal"
#: Classes of records per hexagon on a density map (light to dark, orange to brown): five
#: at L* 68 down to 16.5, adjacent ones at least 10.5 apart in colour, grey, deuteranopia and
#: protanopia, the first 10.5 from the neighbouring countries and the sea in grey (YlOrBr's six
#: were 5.4 apart in grey and its first 1.5 from the neighbours).
DENSITY_COLORS = ("#e19500", "#c36f39", "#9f5530", "#852d07", "#471c10")


@dataclass(frozen=True)
class Classes:
    """Choropleth classes of the positive values; zero has a class of its own.

    Attributes
    ----------
    scheme : str
        The scheme actually used (``unique`` after a fallback).
    upper : tuple of float
        Upper bound of each class of positive values.
    labels : tuple of str
        Legend label of each class, ``"0 / none"`` first when some values are zero.
    colors : tuple of str
        Hex colour of each class, aligned with ``labels``.
    counts : tuple of int
        How many units fall in each class, aligned with ``labels``.
    index : numpy.ndarray
        Class of each unit (index into ``labels``).
    patterns : tuple of str
        The pattern drawn over each class, aligned with ``labels``: ``""`` (none) or
        :data:`CLASS_PATTERN`; empty when no class has one (five classes or fewer).
    """

    scheme: str
    upper: tuple[float, ...]
    labels: tuple[str, ...]
    colors: tuple[str, ...]
    counts: tuple[int, ...]
    index: np.ndarray = field(repr=False)
    patterns: tuple[str, ...] = ()

    def pattern(self, i: int) -> str:
        """Return the pattern of class ``i`` (``""``: none)."""
        return self.patterns[i] if i < len(self.patterns) else ""


def _ramp(k: int) -> tuple[str, ...]:
    """Return the greys of ``k`` classes: spread over :data:`RAMP` up to its length, interpolated beyond."""
    if k <= 0:
        return ()
    if k <= len(RAMP):
        idx = np.linspace(0, len(RAMP) - 1, k).round().astype(int) if k > 1 else np.array([len(RAMP) // 2])
        return tuple(RAMP[i] for i in idx)
    first, last = int(RAMP[0][1:3], 16), int(RAMP[-1][1:3], 16)
    return tuple(f"#{v:02x}{v:02x}{v:02x}" for v in np.linspace(first, last, k).round().astype(int))


def _patterns(k: int, has_zero: bool) -> tuple[str, ...]:
    """Return the patterns of ``k`` classes of positive values (after the zero class, if any).

    Up to :data:`RAMP`'s five greys, none: adjacent greys are :data:`STEP_DE` apart. Beyond,
    adjacent greys are closer, and every other class from the darkest (which stays plain: a
    dark pattern would not show on it) is hatched, so that two adjacent classes never look alike.
    """
    if k <= len(RAMP):
        return ()
    positive = tuple(CLASS_PATTERN if (k - 1 - i) % 2 else "" for i in range(k))
    return ("",) * has_zero + positive


def classify(
    values: np.ndarray | pd.Series,
    *,
    scheme: str = "fisher_jenks",
    k: int | None = None,
    breaks: list[float] | None = None,
    kind: str = "count",
    lang: str = "en",
) -> Classes:
    """Put values into choropleth classes with print-ready legend labels.

    Zero gets its own ``"0 / none"`` class. Positive values are classified with
    mapclassify; when they hold no more distinct values than ``k``, each value gets its own
    class (with a :class:`ClassificationWarning` if ``k`` asked for more classes than that).
    Labels give the range of the values actually in each class ("1–2", "9"), so no bound
    is printed twice.

    Parameters
    ----------
    values : array-like
        One value per unit (no NaN).
    scheme : {"fisher_jenks", "quantiles", "equal_interval", "unique", "user"}
        Classification scheme (``user`` takes ``breaks``).
    k : int, optional
        Number of classes of positive values; by default up to 5, quietly fewer when the
        values have fewer distinct values. An explicit ``k`` larger than that warns.
    breaks : list of float, optional
        Upper bounds for ``scheme="user"``.
    kind : {"count", "share", "per-capita"}
        How labels are written.
    lang : {"en", "fr"}
        Language of the zero class's label.

    Returns
    -------
    Classes

    Raises
    ------
    InputError
        For an unknown scheme, ``k < 1``, or ``user`` without breaks.
    """
    classifier = SCHEMES.get(scheme)  # the one check of the scheme: its registry's, listing the valid ones
    y = _checked_values(values, scheme=scheme, k=k, breaks=breaks)
    positive = y[y > 0]
    upper, used = _upper_bounds(
        positive, scheme=scheme, classifier=classifier, k=5 if k is None else k, explicit=k is not None, breaks=breaks
    )
    upper, index_pos, labels, counts = _positive_classes(positive, upper, used == "user", breaks, kind, lang)
    colors = list(_ramp(len(upper)))
    has_zero = bool((y <= 0).any())
    index = np.zeros(len(y), dtype=int)
    index[y > 0] = index_pos + (1 if has_zero else 0)
    if has_zero:
        labels.insert(0, texts("map", lang)["zero_share" if kind == "share" else "zero"])  # "0 %": a share's unit
        colors.insert(0, ZERO_COLOR)
        counts.insert(0, int((y <= 0).sum()))
    patterns = _patterns(len(upper), has_zero)
    return Classes(used, tuple(float(u) for u in upper), tuple(labels), tuple(colors), tuple(counts), index, patterns)


def _positive_classes(
    positive: np.ndarray, upper: np.ndarray, user: bool, breaks: list[float] | None, kind: str, lang: str
) -> tuple[np.ndarray, np.ndarray, list[str], list[int]]:
    """Return the classes of the positive values: bounds, each value's class, labels and counts.

    The user's classes are kept as given, empty ones too; other schemes drop the classes
    that hold no value (quantiles on ties), in order.
    """
    if user:
        index_pos = np.searchsorted(upper, positive, side="left")
        labels, counts = _bound_labels(upper, breaks or [], index_pos, kind, lang)
        return upper, index_pos.reshape(-1), labels, counts
    occupied, index_pos = np.unique(np.searchsorted(upper, positive, side="left"), return_inverse=True)
    upper = upper[occupied]
    labels, counts = _class_labels(positive, index_pos.reshape(-1), len(upper), kind, lang)
    return upper, index_pos.reshape(-1), labels, counts


def _checked_values(
    values: np.ndarray | pd.Series, *, scheme: str, k: int | None, breaks: list[float] | None
) -> np.ndarray:
    """Check the classification's options (the scheme is the registry's to check); return the values as floats."""
    if k is not None and k < 1:
        msg = f"k (the number of classes) must be at least 1, not {k}."
        raise InputError(msg)
    if scheme == "user" and not breaks:
        msg = "scheme 'user' needs breaks (upper bounds, for example [1, 3, 10])."
        raise InputError(msg)
    if scheme == "user" and breaks and bool((np.diff(np.asarray(breaks, dtype=float)) <= 0).any()):
        given = ",".join(f"{b:g}" for b in breaks)
        msg = f"breaks must be increasing upper bounds, each once (e.g. 3,5,10), not {given}; put them in order."
        raise InputError(msg)
    y = np.asarray(values, dtype=float)
    if np.isnan(y).any():
        msg = "choropleth values must not be missing."
        raise InputError(msg)
    return y


def _upper_bounds(
    positive: np.ndarray, *, scheme: str, classifier: type | None, k: int, explicit: bool, breaks: list[float] | None
) -> tuple[np.ndarray, str]:
    """Return the upper bound of each class of the positive values, and the scheme used.

    ``classifier`` is the scheme's mapclassify class (:data:`clusteratlas.registry.SCHEMES`).
    """
    distinct = np.unique(positive)
    if scheme == "user":
        upper = np.array(breaks or [], dtype=float)
        if len(positive) and upper[-1] < positive.max():
            upper = np.append(upper, positive.max())
        return upper, scheme
    if len(distinct) <= k or scheme == "unique":
        if explicit and scheme != "unique" and len(distinct) < k and len(distinct):
            warnings.warn(
                f"{k} classes asked for, but the values have only {len(distinct)} distinct positive values; "
                "using one class per value.",
                ClassificationWarning,
                stacklevel=3,
            )
        return distinct, "unique"
    if classifier is None:  # only unique and user have no classifier, both handled above
        return distinct, "unique"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return np.unique(np.asarray(classifier(positive, k=k).bins, dtype=float)), scheme


def _class_labels(positive: np.ndarray, index: np.ndarray, k: int, kind: str, lang: str) -> tuple[list[str], list[int]]:
    """Label each class with the range of the values in it ("1–2", "9"), and count them."""
    lows = np.full(k, np.inf)
    highs = np.full(k, -np.inf)
    np.minimum.at(lows, index, positive)
    np.maximum.at(highs, index, positive)
    counts = np.bincount(index, minlength=k).tolist()
    labels = []
    for lo, hi in zip(lows, highs, strict=True):
        a, b = value_text(lo, kind, lang), value_text(hi, kind, lang)
        labels.append(a if a == b else f"{a}–{b}")
    return labels, [int(c) for c in counts]


def _bound_labels(
    upper: np.ndarray, breaks: list[float], index: np.ndarray, kind: str, lang: str
) -> tuple[list[str], list[int]]:
    """Label the user's classes by their bounds ("≤ 3", "3–5", "5–10", "> 10"), and count them."""
    text = [value_text(float(b), "number" if kind == "per-capita" else kind, lang) for b in breaks]
    labels = [f"≤ {text[0]}"] + [f"{a}–{b}" for a, b in itertools.pairwise(text)]
    if len(upper) > len(breaks):  # values above the last bound
        labels.append(f"> {text[-1]}")
    counts = np.bincount(index, minlength=len(upper)).tolist()
    return labels, [int(c) for c in counts]
