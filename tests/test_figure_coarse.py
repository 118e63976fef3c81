"""Hexagon maps draw records placed only to their province as squares of their own, and say so.

On a generated register with about a fifth of its records given only a province, the
hexagons count only the records placed at a town or coordinates; the province-only ones are
hatched squares at the provinces' centres, their areas in the ratio of their records; the
legend, the caption and the alt text give their number.
"""

from __future__ import annotations

import numpy as np
import pytest

from clusteratlas.mapspec import describe
from clusteratlas.static import draw

from .coarsedata import province_spec


def _squares(ax: object) -> list[object]:
    return [c for c in ax.collections if c.get_gid() == "coarse-place"]  # type: ignore[attr-defined]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_province_only_records_are_squares_not_hexagons(lang: str) -> None:
    spec = province_spec(3, 3000, lang)
    coarse = int(spec.points["coarse"].sum())
    assert 0.15 * len(spec.points) < coarse < 0.3 * len(spec.points)  # the register has them
    drawing = draw(spec, "points")
    record = drawing.record
    assert record.density is not None and record.density.coarse == coarse
    ax = record.main.axes
    hexagons = next(c for c in ax.collections if c.get_gid() == "density")
    assert int(np.asarray(hexagons.get_array()).sum()) == len(spec.points) - coarse  # not counted in the hexagons
    (squares,) = _squares(ax)
    centres = spec.points.loc[spec.points["coarse"], ["lat", "lon"]].round(3).drop_duplicates()
    assert len(squares.get_paths()) == record.density.coarse_places == len(centres)
    count = f"{coarse:,}".replace(",", "\u202f" if lang == "fr" else ",")
    entry = record.legend("legend-density").entries[-1]
    assert entry.startswith(count) and ("province" in entry)
    assert count in (record.caption or "")
    alt = describe(spec, "points")
    assert count.replace("\u202f", "\u202f") in alt and ("squares" in alt or "carrés" in alt)


def test_square_areas_are_in_the_ratio_of_their_records() -> None:
    spec = province_spec(3, 3000, "en")
    ax = draw(spec, "points").record.main.axes
    (squares,) = _squares(ax)
    sides = np.array([np.ptp(p.vertices[:, 0]) for p in squares.get_paths()])
    centres = np.array([p.vertices[:4].mean(axis=0) for p in squares.get_paths()])
    coarse = spec.points[spec.points["coarse"]]
    from clusteratlas.static._basemap import project_points

    x, y = project_points(coarse["lon"].to_numpy(), coarse["lat"].to_numpy())
    counts = np.array([np.sum(np.hypot(x - cx, y - cy) < 200) for cx, cy in centres])
    assert counts.sum() == len(coarse)
    big = sides > sides.min() * 1.01  # above the smallest drawn size
    ratio = sides[big] ** 2 / counts[big]
    assert big.sum() >= 10 and np.ptp(ratio) / ratio.mean() < 0.02
