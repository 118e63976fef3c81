"""A wheel install finds the boundaries, the gazetteer and the data without the repository;
the package declares what it imports."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import tomllib
import zipfile
from functools import cache
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parents[1]
PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
#: Declared dependencies the package does not import itself, and why they are needed.
USED_INDIRECTLY = {
    "openpyxl": "pandas.read_excel reads .xlsx and .xlsm files with it",
    "mapclassify": "clusteratlas.registry.SCHEMES names its classifiers (Ref), imported on first use",
}
#: Test-extra tools run as commands or plugins rather than imported by a test.
TEST_TOOLS = {"hatchling", "mypy", "pytest-xdist", "ruff"}


def declared(*extras: str) -> set[str]:
    """The distributions ``dependencies`` (and the ``extras`` named) declare, by canonical name."""
    requirements = list(PROJECT["dependencies"])
    for extra in extras:
        requirements += PROJECT["optional-dependencies"][extra]
    return {canonicalize_name(Requirement(r).name) for r in requirements}


def third_party_imports(folder: Path, local: set[str]) -> dict[str, bool]:
    """Top-level name of every import under ``folder`` that is neither the standard library nor
    ``local`` -> whether some import of it is at module level (not inside a function)."""
    found: dict[str, bool] = {}

    def walk(node: ast.AST, in_function: bool) -> None:
        for child in ast.iter_child_nodes(node):
            names: list[str] = []
            if isinstance(child, ast.Import):
                names = [a.name for a in child.names]
            elif isinstance(child, ast.ImportFrom) and not child.level and child.module:
                names = [child.module]
            for name in {n.partition(".")[0] for n in names} - set(sys.stdlib_module_names) - local:
                found[name] = found.get(name, False) or not in_function
            walk(child, in_function or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef))

    for path in sorted(folder.rglob("*.py")):
        walk(ast.parse(path.read_text(encoding="utf-8")), False)
    return found


@cache
def _providers() -> dict[str, list[str]]:
    return packages_distributions()  # reads every installed distribution's file list: once


def distributions(name: str) -> set[str]:
    """The installed distributions providing the top-level import ``name``."""
    return {canonicalize_name(d) for d in _providers().get(name, [])}


SRC_IMPORTS = third_party_imports(ROOT / "src" / "clusteratlas", {"clusteratlas"})


def test_every_import_of_the_package_is_declared() -> None:
    undeclared = {name for name in SRC_IMPORTS if not distributions(name) & declared(*PROJECT["optional-dependencies"])}
    assert undeclared == set(), "add their distributions to [project] dependencies in pyproject.toml"


def test_every_dependency_is_imported_or_says_why() -> None:
    imported = set().union(*(distributions(name) for name in SRC_IMPORTS))
    assert declared("dask") - imported - set(USED_INDIRECTLY) == set(), "unused: remove, or say why in USED_INDIRECTLY"


def test_optional_dependencies_are_imported_only_inside_functions() -> None:
    """``import clusteratlas`` (and every module of it) works without the extras installed."""
    optional = declared(*PROJECT["optional-dependencies"]) - declared()
    at_top = {name for name, top in SRC_IMPORTS.items() if top and distributions(name) <= optional}
    assert at_top == set(), "import these inside the function that needs them, with a clear error when missing"


def test_the_test_extra_covers_what_the_tests_import() -> None:
    local = {p.stem for p in (ROOT / "benchmarks").glob("*.py")} | {"clusteratlas", "tests"}
    imports = third_party_imports(ROOT / "tests", local)
    wanted = declared("dask", "test")
    assert {name for name in imports if not distributions(name) & wanted} == set(), "add them to the test extra"
    used = set().union(*(distributions(name) for name in imports))
    assert declared("test") - declared("dask") - declared() - used - TEST_TOOLS == set()


def test_dask_is_an_extra_that_make_test_installs() -> None:
    assert {"dask", "distributed"} <= declared("dask") and not {"dask", "distributed"} & declared()
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "'.[test,dask]'" in makefile


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
        "profiles/study/zones.toml",
        "profiles/study/claims.toml",
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
