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


def _profile(folder: Path, data: Path) -> Path:
    """A profile of our own: the study's, reading ``data``, tabulating ``sector``, with its own title."""
    from clusteratlas._resources import data_path

    study = data_path("profiles", "study")
    folder.mkdir()
    for name in ("zones.toml", "claims.toml"):
        (folder / name).write_bytes((study / name).read_bytes())
    text = (study / "profile.toml").read_text(encoding="utf-8")
    text = text.replace('"../../clusters.csv"', f'"{data.as_posix()}"').replace(
        'compare = "../../clusters_2019.csv"\n', ""
    )
    text = text.replace('shares = ["sector_group"]', 'shares = ["sector"]')
    text = text.replace("Reproduction of the study's cluster geography", "Reproduction of my register")
    (folder / "profile.toml").write_text(text, encoding="utf-8")
    return folder


def test_reproduce_follows_the_profile_it_is_given(data: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from clusteratlas.profile import PROFILE_ENV
    from clusteratlas.reproduction import output_names

    folder = _profile(tmp_path / "mine", data)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = reproduce(out=tmp_path / "out", profile=folder, claims=[], figures=False)
    assert list(result.shares) == ["zone", "region", "province", "sector"]
    assert (tmp_path / "out" / "shares_by_sector.csv").is_file()
    assert (
        (tmp_path / "out" / "reproduction.md").read_text(encoding="utf-8").startswith("# Reproduction of my register")
    )
    assert "shares_by_sector_group.csv" in output_names() and "shares_by_sector.csv" not in output_names()
    monkeypatch.setenv(PROFILE_ENV, str(folder))
    assert "shares_by_sector.csv" in output_names()


def test_the_study_reproduction_writes_the_profile_tables(tmp_path: Path) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = reproduce(out=tmp_path / "out", figures=False)
    assert list(result.shares) == ["zone", "region", "province", "sector_group"]
    text = (tmp_path / "out" / "reproduction.md").read_text(encoding="utf-8")
    assert text.startswith("# Reproduction of the study's cluster geography")
    assert "Claims: 17 match, 5 mismatch, 4 not computable." in text
    assert "Zones: zones.toml." in text
