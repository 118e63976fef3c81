"""Fixtures shared by the tests, and the markers ``browser``, ``scale`` and ``slow``.

``make test-fast`` runs ``pytest -m "not browser and not scale and not slow"``; the markers
are applied here, by rule, so a new test in ``test_browser.py`` or one that uses Playwright's
``page`` is a browser test without saying so. ``make test`` runs every test.
"""

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

#: Tests driving Chromium: every test of these files, and every test using these fixtures.
BROWSER_FILES = frozenset({"test_browser.py"})
BROWSER_FIXTURES = frozenset({"page", "browser"})
#: Tests of 50,000-row tables and of the Dask engine: these files, the fixtures building such
#: tables (file, fixture), and any test whose parameters name Dask.
SCALE_FILES = frozenset({"test_engines.py", "test_scale_outputs.py"})
SCALE_FIXTURES = frozenset({("test_stream.py", "register")})
#: The slowest of the rest (``pytest --durations=60`` on the 2-core machine): ``file::test``
#: (every parameter of a parametrized test) or ``file::test[id]`` (that one);
#: tests/test_architecture.py checks that each test still exists.
SLOW_TESTS = frozenset(
    {
        "test_fuzz.py::test_geocoded_csv_round_trip",
        "test_figure_journal.py::test_reproduce_journal_writes_each_figure_with_its_caption_file",
        "test_gazetteer.py::test_bulk_resolution_equals_the_per_name_resolver",
        "test_gazetteer.py::test_no_populous_foreign_city_is_matched",
        "test_interactive.py::test_a_large_table_travels_as_counts_by_place_and_value_and_its_first_records",
        "test_labels.py::test_every_text_is_at_least_six_and_a_half_points",
        "test_labels.py::test_random_dataset_texts_never_collide",
        "test_outputs.py::test_reproduce_cli_prints_the_claims_table",
        "test_outputs.py::test_reproduce_writes_everything_and_is_byte_identical",
        "test_readme.py::test_readme_command_runs[clusteratlas reproduce --data data/clusters.csv --out maps/]",
        "test_register_e2e.py::test_every_command_runs_on_the_register",
        "test_report.py::test_compare_counts_every_record_once",
        "test_static.py::test_other_datasets_region_only_and_no_category",
        "test_user_data.py::test_no_claims_everywhere",
    }
)


def markers_of(item: pytest.Item) -> set[str]:
    """Say which of ``browser``, ``scale`` and ``slow`` a collected test gets."""
    name = item.path.name
    fixtures = set(getattr(item, "fixturenames", ()))
    found = set()
    if name in BROWSER_FILES or fixtures & BROWSER_FIXTURES:
        found.add("browser")
    params = getattr(getattr(item, "callspec", None), "id", "")
    if name in SCALE_FILES or {(name, f) for f in fixtures} & SCALE_FIXTURES or "dask" in params.lower():
        found.add("scale")
    if {f"{name}::{item.name}", f"{name}::{getattr(item, 'originalname', item.name)}"} & SLOW_TESTS:
        found.add("slow")
    return found


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Mark the browser, scale and slow tests (see :func:`markers_of`)."""
    for item in items:
        for marker in sorted(markers_of(item) - {m.name for m in item.iter_markers()}):
            item.add_marker(getattr(pytest.mark, marker))


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
