"""A fast start: the package and ``--version`` import no heavy library; names resolve lazily."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("pandas", "numpy", "matplotlib", "folium", "jinja2", "dask", "pyogrio", "geopandas", "shapely")


def _modules_after(code: str) -> set[str]:
    """The top-level modules loaded by a fresh interpreter that runs ``code``."""
    script = f"import sys, json\n{code}\nprint(json.dumps(sorted({{m.split('.')[0] for m in sys.modules}})))"
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return set(json.loads(out.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    "code",
    [
        "import clusteratlas",
        "from clusteratlas import __version__, ClusterAtlasError",
        "from clusteratlas.cli import main\ntry:\n    main(['--version'])\nexcept SystemExit:\n    pass",
    ],
)
def test_start_imports_no_heavy_library(code: str) -> None:
    loaded = _modules_after(code)
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_public_names_resolve_to_their_objects() -> None:
    import clusteratlas
    import clusteratlas.geocode as module  # the submodule import never hides the function

    assert callable(clusteratlas.geocode) and clusteratlas.geocode is module
    from clusteratlas.geocode import geocode

    assert clusteratlas.geocode is geocode
    for name in clusteratlas.__all__:
        assert getattr(clusteratlas, name) is not None, name
    assert set(clusteratlas.__all__) <= set(dir(clusteratlas))
    assert clusteratlas.export.write_records.__module__ == "clusteratlas.export"  # submodules as before
    with pytest.raises(AttributeError, match="no attribute 'nothing_here'"):
        _ = clusteratlas.nothing_here  # type: ignore[attr-defined]


def test_a_warning_without_parameters_loads_no_other_subcommand() -> None:
    code = (
        "from clusteratlas.cli import with_flags, cli\n"
        "assert with_flags('12 of 40 records could not be placed') == '12 of 40 records could not be placed'\n"
        "assert not cli.commands._loaded, sorted(cli.commands._loaded)"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
