from __future__ import annotations

import warnings
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from clusteratlas import geocode, read_records
from clusteratlas._resources import data_path
from clusteratlas.cli import main

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def clusters_csv() -> Path:
    return data_path("clusters.csv")


@pytest.fixture(scope="session")
def geocoded(clusters_csv: Path) -> pd.DataFrame:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(read_records(clusters_csv))


class Result:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.code, self.out, self.err = code, out, err


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Callable[..., Result]:
    def _run(*args: str) -> Result:
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        return Result(code, captured.out, captured.err)

    return _run


def geocode_cities(*cities: str, **columns: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame({"name": [f"r{i}" for i in range(len(cities))], "city": list(cities), **columns})
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return geocode(frame)
