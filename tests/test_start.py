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


def test_help_lists_the_subcommands_importing_none_of_them() -> None:
    code = (
        "from clusteratlas.cli import main, cli\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "assert not cli.commands._loaded, sorted(cli.commands._loaded)\n"
        "assert not [m for m in sys.modules if m.startswith('clusteratlas.cli._') and m != 'clusteratlas.cli._log']"
    )
    loaded = _modules_after(code)
    assert not loaded & {"pandas", "numpy", "matplotlib", "folium"}, sorted(loaded & set(HEAVY))
    out = subprocess.run(
        [sys.executable, "-m", "clusteratlas", "--help"], capture_output=True, text=True, check=True
    ).stdout
    from clusteratlas.cli import COMMANDS

    listed = out.split("Commands:", 1)[1]
    assert [line.split()[0] for line in listed.strip().splitlines()] == sorted(COMMANDS)


@pytest.mark.parametrize("limit", [30, 45, 80, 1000])
def test_declared_one_liners_are_the_commands_own(limit: int) -> None:
    """``COMMANDS`` holds each subcommand's one-line help: the same as click makes from its help."""
    import click

    from clusteratlas.cli import COMMANDS, cli

    assert set(COMMANDS) == set(cli.commands)
    for name, (_, summary) in COMMANDS.items():
        command = cli.commands[name]
        assert click.Command(name, help=summary).get_short_help_str(limit) == command.get_short_help_str(limit), name
