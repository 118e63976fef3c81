"""The script's exit (``clusteratlas.cli.leave``): handlers run, output flushed, teardown skipped.

Each case runs a child Python that ends through :func:`clusteratlas.cli.leave`, the way the
``clusteratlas`` script and ``python -m clusteratlas`` end.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from clusteratlas.cli import EXIT_BROKEN_PIPE

ROOT = Path(__file__).resolve().parents[1]


def _child(code: str, **kwargs: object) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a child Python; return the finished process (text, stdout and stderr captured)."""
    buffered = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}  # stdout buffered, as by default
    args = {"capture_output": True, "text": True, "timeout": 120, "env": buffered, **kwargs}
    return subprocess.run([sys.executable, "-c", code], check=False, **args)  # type: ignore[call-overload, no-any-return]


def test_exit_handlers_run_and_the_code_is_kept(tmp_path: Path) -> None:
    mark = tmp_path / "ran.txt"
    code = (
        "import atexit, pathlib\n"
        f"atexit.register(lambda: pathlib.Path({str(mark)!r}).write_text('ran'))\n"
        "from clusteratlas.cli import leave\n"
        "leave(3)\n"
    )
    done = _child(code)
    assert done.returncode == 3, done.stderr
    assert mark.read_text() == "ran"
    assert done.stderr == ""


def test_buffered_stdout_is_written_whole() -> None:
    code = "import sys\nsys.stdout.write('x' * 200_000)\nfrom clusteratlas.cli import leave\nleave(0)\n"
    done = _child(code)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "x" * 200_000


def test_objects_are_not_freed_one_by_one(tmp_path: Path) -> None:
    """What ``leave`` saves: a module-level object's finaliser (teardown) does not run; sys.exit would run it."""
    mark = tmp_path / "freed.txt"
    body = (
        "import pathlib\n"
        "class Big:\n"
        f"    def __del__(self): pathlib.Path({str(mark)!r}).write_text('freed')\n"
        "KEPT = Big()\n"
    )
    assert _child(body + "import sys\nsys.exit(0)\n").returncode == 0
    assert mark.exists()  # the usual exit frees it
    mark.unlink()
    assert _child(body + "from clusteratlas.cli import leave\nleave(0)\n").returncode == 0
    assert not mark.exists()


def test_a_running_thread_is_waited_for(tmp_path: Path) -> None:
    mark = tmp_path / "thread.txt"
    code = (
        "import pathlib, threading, time\n"
        f"def work(): time.sleep(0.5); pathlib.Path({str(mark)!r}).write_text('done')\n"
        "threading.Thread(target=work).start()\n"
        "from clusteratlas.cli import leave\n"
        "leave(0)\n"
    )
    done = _child(code)
    assert done.returncode == 0, done.stderr
    assert mark.read_text() == "done"


def test_a_reader_gone_before_the_last_flush_is_quiet() -> None:
    code = (
        "import os, sys\n"
        "r, w = os.pipe()\nos.close(r)\nos.dup2(w, 1)\n"
        "sys.stdout.write('x' * 10)\n"
        "from clusteratlas.cli import leave\n"
        "leave(0)\n"
    )
    done = _child(code, stdout=subprocess.DEVNULL, capture_output=False, stderr=subprocess.PIPE)
    assert done.returncode == EXIT_BROKEN_PIPE
    assert done.stderr == ""


def test_a_full_stdout_says_so_in_one_line() -> None:
    code = "import sys\nsys.stdout.write('x' * 10)\nfrom clusteratlas.cli import leave\nleave(0)\n"
    with Path("/dev/full").open("w") as full:
        done = _child(code, stdout=full, capture_output=False, stderr=subprocess.PIPE)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("error: stdout can't be written (No space left on device)")


def test_the_script_and_python_m_end_through_leave() -> None:
    scripts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["clusteratlas"] == "clusteratlas.cli:run"
    main_py = (ROOT / "src" / "clusteratlas" / "__main__.py").read_text(encoding="utf-8")
    assert "run()" in main_py
    done = subprocess.run(
        [sys.executable, "-m", "clusteratlas", "--version"], capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode == 0
    assert done.stdout.startswith("clusteratlas, version ")
