"""A wheel install finds the boundaries, the gazetteer and the data without the repository."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    # Offline: hatchling comes from the test extras, no build isolation, no index.
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--no-index",
            "-w",
            str(out),
            str(ROOT),
        ],
        check=True,
    )
    (found,) = out.glob("clusteratlas-*.whl")
    return found


@pytest.mark.slow
def test_wheel_carries_the_data(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for member in (
        "geo/regions.geojson",
        "geo/provinces.geojson",
        "geo/regions_simplified.geojson",
        "geo/places.csv",
        "geo/place_names.csv",
        "geo/foreign_places.csv",
        "geo/geography.toml",
        "clusters.csv",
        "zones.toml",
        "claims.toml",
        "aliases.csv",
    ):
        assert f"clusteratlas/_data/{member}" in names
    assert "clusteratlas/py.typed" in names
    assert {"clusteratlas/_locale/en.toml", "clusteratlas/_locale/fr.toml"} <= names


@pytest.mark.slow
def test_installed_wheel_runs_from_another_folder(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--no-deps",
            "--no-index",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = {k: v for k, v in os.environ.items() if k != "CLUSTERATLAS_DATA"}
    env["PYTHONPATH"] = str(target)
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import clusteratlas, clusteratlas._resources as r; print(clusteratlas.__file__); print(r.data_dir())",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    module_file, data_dir = probe.stdout.split()
    assert module_file.startswith(str(target)) and data_dir.startswith(str(target))
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "clusteratlas",
            "shares",
            str(Path(data_dir) / "clusters.csv"),
            "--by",
            "zone",
            "--format",
            "json",
            "-q",
        ],
        cwd=elsewhere,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    groups = {g["group"]: g["count"] for g in json.loads(done.stdout)["groups"]}
    assert groups["Casablanca–Settat–Rabat axis"] == 10 and groups["Unplaced"] == 1
