"""``reproduce`` credits the study's own table by the profile's label, whether it is given or not."""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path

import pytest

from clusteratlas.profile import load_profile
from clusteratlas.reproduction import _same_file, reproduce


def test_the_study_table_given_explicitly_is_the_study_table(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    own = load_profile(None).data
    monkeypatch.chdir(own.parent.parent)  # `make atlas` passes data/clusters.csv from the checkout
    assert _same_file(Path("data") / own.name, own)
    copy = tmp_path / "clusters.csv"
    shutil.copyfile(own, copy)
    assert _same_file(copy, own)  # a copy: the same bytes
    edited = tmp_path / "edited.csv"
    edited.write_bytes(own.read_bytes().replace(b"Casablanca", b"Casablanka", 1))
    assert not _same_file(edited, own)
    assert not _same_file(tmp_path / "missing.csv", own)


def test_reproduce_credits_the_profile_label_for_its_own_file(tmp_path: Path) -> None:
    own = load_profile(None).data
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the study's unplaced record (Digipole)
        reproduce(own, tmp_path / "maps", claims=[], figures=True)
    alt = (tmp_path / "maps" / "clusters_points.alt.txt").read_text(encoding="utf-8")
    assert load_profile(None).data_label in alt
