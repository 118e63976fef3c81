"""`reproduce`: reading options as one object or as keywords."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from clusteratlas import ReadOptions, UnresolvedError, reproduce

ROWS = "name,city,sector\nA,Casablanca,x\nB,Nowhere-at-all-xyz,y\nC,Agadir,x\n"


@pytest.fixture
def data(tmp_path: Path) -> Path:
    path = tmp_path / "mine.csv"
    path.write_text(ROWS, encoding="utf-8")
    return path


@pytest.mark.parametrize("how", [{"strict": True}, {"read": ReadOptions(strict=True)}], ids=["keyword", "object"])
def test_strict_refuses_unplaced_records_before_writing(data: Path, tmp_path: Path, how: dict) -> None:
    with pytest.raises(UnresolvedError, match="Nowhere-at-all-xyz"):
        reproduce(data, tmp_path / "out", claims=[], figures=False, **how)
    assert not (tmp_path / "out").exists()


def test_keywords_replace_the_options_object(data: Path, tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = reproduce(
            data, tmp_path / "out", claims=[], figures=False, read=ReadOptions(strict=True), strict=False
        )
    assert len(result.records) == 3 and int(result.records["region_code"].isna().sum()) == 1
    assert (tmp_path / "out" / "reproduction.json").is_file()
