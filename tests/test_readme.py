"""The README's examples run as written."""

from __future__ import annotations

import re
import shlex
import warnings
from collections.abc import Callable
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
COMMANDS = [
    line[2:]
    for block in re.findall(r"```console\n(.*?)```", README, re.S)
    for line in block.splitlines()
    if line.startswith("$ clusteratlas ")
]
#: Other shell lines of the console blocks (files the examples read), run first in the sandbox.
SETUP = [
    line[2:]
    for block in re.findall(r"```console\n(.*?)```", README, re.S)
    for line in block.splitlines()
    if line.startswith("$ ") and not line.startswith("$ clusteratlas ")
]
PYTHON = re.findall(r"```python\n(.*?)```", README, re.S)


@pytest.fixture
def in_sandbox(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    import subprocess

    (tmp_path / "data").symlink_to(ROOT / "data")
    monkeypatch.chdir(tmp_path)
    for line in SETUP:
        subprocess.run(["bash", "-c", line], cwd=tmp_path, check=True)
    return tmp_path


def test_readme_has_examples_for_every_subcommand() -> None:
    assert {c.split()[1] for c in COMMANDS} == {"reproduce", "geocode", "shares", "figure", "map", "report"}
    assert "make atlas" in README and "make test" in README


@pytest.mark.parametrize("command", COMMANDS)
def test_readme_command_runs(command: str, run: Callable, in_sandbox: Path) -> None:
    r = run(*shlex.split(command)[1:])
    assert r.code == 0, r.err
    assert "error" not in r.err


@pytest.mark.parametrize("code", PYTHON)
def test_readme_python_runs(code: str, in_sandbox: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(code, "README.md", "exec"), {})
    assert "zone_axis" in capsys.readouterr().out
