"""The command line's warnings name its flags (--aliases), not the library's parameters (`aliases`)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def test_a_warning_names_the_command_line_flag(run: Callable, tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("name,city,adresse\nA,n.d.,Route de Rabat km 8\nB,Fès,\n", encoding="utf-8")
    r = run("shares", path, "--by", "region")
    assert r.code == 0, r.err
    assert "aliases file" in r.err  # the record not placed, and how to name its place
    assert "--aliases" in r.err and "`aliases`" not in r.err
