from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]


def test_sources_md_hashes_are_current() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "scripts" / "data_manifest.py"), "--check"], capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr


def test_clusters_csv_columns_and_provenance() -> None:
    frame = pd.read_csv(ROOT / "data" / "clusters.csv", dtype=str, keep_default_na=False)
    assert len(frame) == 17
    located = frame[frame["city"] != ""]
    assert (located["location_source"].str.contains("http")).all()
    assert set(located["location_confidence"]) <= {"high", "medium", "low"}
    digipole = frame.set_index("name").loc["Digipole"]
    assert digipole["city"] == "" and digipole["location_confidence"] == ""
    levers = [c for c in frame if c.startswith("lever_")]
    assert len(levers) == 7
    assert (digipole[levers] == "").all()  # unknown, not false


def test_clusters_2019_has_table_1() -> None:
    frame = pd.read_csv(ROOT / "data" / "clusters_2019.csv", dtype=str)
    assert len(frame) == 11
    assert frame.set_index("name").at["CE3M", "city"] == "Mohammedia"
