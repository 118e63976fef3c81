"""An output is on the disk before its name is: each new file is flushed (``fsync``) before the rename.

Without the flush, a crash or a power cut just after the rename can leave the output's name on a
file whose blocks were never written: the earlier output gone, the new one empty. A flush that
fails (a full disk found only when the blocks are allocated) is an ``OutputError`` naming the
output, and the earlier file stays as it was.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest

from clusteratlas import OutputError
from clusteratlas._resources import atomic_path, atomic_write, staged_folder


def _record_syncs(monkeypatch: pytest.MonkeyPatch, targets: list[Path]) -> list[tuple[str, list[str]]]:
    """Record, for each fsync, the file flushed and what each target held at that moment."""
    seen: list[tuple[str, list[str]]] = []
    real = os.fsync

    def fsync(fd: int) -> None:
        flushed = Path(f"/proc/self/fd/{fd}").readlink()
        held = [t.read_text(encoding="utf-8") if t.exists() else "" for t in targets]
        seen.append((flushed.read_text(encoding="utf-8"), held))
        real(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    return seen


def test_a_file_is_flushed_before_it_replaces_the_output(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "out.csv"
    target.write_text("earlier", encoding="utf-8")
    seen = _record_syncs(monkeypatch, [target])
    with atomic_write(target) as f:
        f.write("new")
    assert seen == [("new", ["earlier"])]  # flushed while the output still held the earlier text
    assert target.read_text(encoding="utf-8") == "new"


def test_a_file_written_by_name_is_flushed_too(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "fig.svg"
    seen = _record_syncs(monkeypatch, [target])
    with atomic_path(target) as tmp:
        tmp.write_text("<svg/>", encoding="utf-8")
    assert seen == [("<svg/>", [""])]


def test_every_staged_file_is_flushed_before_any_is_moved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    out = tmp_path / "maps"
    out.mkdir()
    (out / "a.csv").write_text("earlier a", encoding="utf-8")
    seen = _record_syncs(monkeypatch, [out / "a.csv", out / "b.csv"])
    with staged_folder(out) as stage:
        (stage / "a.csv").write_text("new a", encoding="utf-8")
        (stage / "b.csv").write_text("new b", encoding="utf-8")
    assert seen == [("new a", ["earlier a", ""]), ("new b", ["earlier a", ""])]
    assert (out / "b.csv").read_text(encoding="utf-8") == "new b"


@pytest.mark.parametrize("staged", [False, True])
def test_a_flush_that_fails_leaves_the_earlier_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, staged: bool
) -> None:
    out = tmp_path / "maps"
    out.mkdir()
    target = out / "a.csv"
    target.write_text("earlier", encoding="utf-8")

    def fsync(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(OutputError, match=r"a.csv: cannot be written \(No space left on device\); the disk is full"):
        if staged:
            with staged_folder(out) as stage:
                (stage / "a.csv").write_text("new", encoding="utf-8")
        else:
            with atomic_write(target) as f:
                f.write("new")
    assert target.read_text(encoding="utf-8") == "earlier"
    assert sorted(p.name for p in out.iterdir()) == ["a.csv"]


def test_a_signal_as_the_temporary_file_is_made_leaves_none(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # SIGTERM (here Ctrl-C) arriving just after mkstemp: before, the file was made outside the
    # block that removes it, and a loaded machine's signal test found ".out.xxxx.part" left over.
    from clusteratlas import _resources

    real_close = os.close

    def interrupted(fd: int) -> None:
        real_close(fd)
        raise KeyboardInterrupt

    monkeypatch.setattr(_resources.os, "close", interrupted)
    target = tmp_path / "out.csv"
    target.write_text("earlier")
    for make in (lambda: _resources.atomic_write(target), lambda: _resources.atomic_path(target)):
        with pytest.raises(KeyboardInterrupt), make():
            pass
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.csv"]
    assert target.read_text() == "earlier"
