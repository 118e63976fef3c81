"""Fault scenarios of issue 21 through the command line: a full disk, read-only folders and HOME,
special files as outputs, a closed stdout and a broken pipe, Ctrl-C, concurrent runs, long paths.

Each runs ``clusteratlas`` in a fresh process, on records made by ``tests/randomdata.py``,
with an earlier output in place, and checks the exit status, the one ``error:`` line (naming
the file), that no temporary file is left and that the earlier output is intact.

A full disk is a file size limit (``RLIMIT_FSIZE``, with SIGXFSZ ignored, so a write fails
with EFBIG), which works without root and on any file system. A read-only folder is one the
run can't write (mode 0555); as root, the run first drops the capabilities that let root
write anywhere (it keeps its user id, so the interpreter and the data stay readable).
"""

from __future__ import annotations

import os
import resource
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.randomdata import random_records

SRC = Path(__file__).resolve().parents[1] / "src"
EARLIER = b"earlier output, kept by a failed run\n"


def _env(home: Path | None = None) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(SRC), "PYTHONDONTWRITEBYTECODE": "1"}
    if home is not None:
        env["HOME"] = str(home)
    return env


def _run(
    args: list[str], *, preexec: Callable[[], None] | None = None, home: Path | None = None, **kw: object
) -> subprocess.CompletedProcess[str]:
    """Run ``clusteratlas ARGS -q``; return the finished process (stdout and stderr as text)."""
    options: dict[str, object] = {"capture_output": True, **kw} if "stdout" not in kw else dict(kw)
    return subprocess.run(  # type: ignore[call-overload,no-any-return]
        [sys.executable, "-m", "clusteratlas", *args, "-q"],
        env=_env(home),
        preexec_fn=preexec,
        text=True,
        timeout=300,
        check=False,
        **options,
    )


def _one_error(err: str, *names: str) -> str:
    """The single ``error:`` line of a failed run, checked to name each of ``names``."""
    lines = [line for line in err.splitlines() if line and not line.startswith("warning:")]
    assert len(lines) == 1 and lines[0].startswith("error:"), err
    assert "Traceback" not in err
    for name in names:
        assert name in lines[0], lines[0]
    return lines[0]


def _hidden(folder: Path) -> list[str]:
    """Temporary files (hidden names) left anywhere under ``folder``."""
    return sorted(str(p.relative_to(folder)) for p in folder.rglob(".*"))


@pytest.fixture
def register(tmp_path: Path) -> Path:
    path = tmp_path / "in.csv"
    random_records(21, 300).to_csv(path, index=False)
    return path


# --------------------------------------------------------------------------- a full disk


def _file_limit(size: int) -> Callable[[], None]:
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))

    return limit


FULL_DISK = [
    (["geocode"], "out.csv"),
    (["geocode"], "out.gpkg"),
    (["geocode"], "out.parquet"),
    (["figure", "--kind", "points"], "f.png"),
    (["map"], "m.html"),
]


@pytest.mark.parametrize(("command", "name"), FULL_DISK, ids=[n for _, n in FULL_DISK])
def test_a_full_disk_names_the_file_and_keeps_the_earlier_output(
    tmp_path: Path, register: Path, command: list[str], name: str
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    if not name.endswith(".gpkg"):
        (out / name).write_bytes(EARLIER)
    else:  # a GeoPackage output takes a layer into an earlier GeoPackage
        small = tmp_path / "small.csv"
        small.write_text("nom;ville\nA;Rabat\n", encoding="utf-8")
        assert _run(["geocode", str(small), "-o", str(out / name)]).returncode == 0
    earlier = (out / name).read_bytes()
    done = _run([command[0], str(register), *command[1:], "-o", str(out / name)], preexec=_file_limit(8_000))
    assert done.returncode == 2, done.stderr
    line = _one_error(done.stderr, name)
    assert "larger than this system lets a file be" in line or "free space" in line
    assert (out / name).read_bytes() == earlier
    assert _hidden(out) == []
    assert sorted(p.name for p in out.iterdir()) == [name]


def test_a_full_disk_writes_no_report_and_no_table(tmp_path: Path, register: Path) -> None:
    out = tmp_path / "out"
    (out / "tables").mkdir(parents=True)
    (out / "r.html").write_bytes(EARLIER)
    args = ["report", str(register), "-o", str(out / "r.html"), "--tables-dir", str(out / "tables")]
    done = _run(args, preexec=_file_limit(30_000))
    assert done.returncode == 2, done.stderr
    _one_error(done.stderr, "r.html")
    assert (out / "r.html").read_bytes() == EARLIER
    assert list((out / "tables").iterdir()) == []
    assert _hidden(out) == []


@pytest.mark.slow
def test_reproduce_on_a_full_disk_replaces_none_of_an_earlier_folder(tmp_path: Path) -> None:
    out = tmp_path / "maps"
    out.mkdir()
    earlier = {name: EARLIER + name.encode() for name in ("geocoded.csv", "claims.csv", "clusters_points.png")}
    for name, data in earlier.items():
        (out / name).write_bytes(data)
    done = _run(["reproduce", "--out", str(out)], preexec=_file_limit(60_000))
    assert done.returncode == 2, done.stderr
    _one_error(done.stderr, str(out))
    assert {p.name: p.read_bytes() for p in out.iterdir()} == earlier  # none replaced, none added
    assert _hidden(out) == []


# --------------------------------------------------------------------------- read-only folders and HOME


#: Linux capabilities that let root write where the permissions say no: DAC_OVERRIDE,
#: DAC_READ_SEARCH, FOWNER (capability.h).
_ROOT_OVERRIDES = (1, 2, 3)
_PR_CAPBSET_DROP = 24


def _unprivileged() -> None:
    """In the child: as root, drop from the bounding set what lets root ignore permissions.

    Root keeps its user id (the interpreter and the data stay readable), but after exec it
    can't write into a folder whose mode says it is read-only, as any user.
    """
    if os.geteuid() != 0:
        return
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for cap in _ROOT_OVERRIDES:
        if libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP) failed")


def _read_only_setup(folder: Path) -> tuple[Path, Path, Path]:
    data = folder / "in.csv"
    random_records(22, 200).to_csv(data, index=False)
    data.chmod(0o644)
    out = folder / "ro"
    out.mkdir()
    (out / "out.csv").write_bytes(EARLIER)
    home = folder / "home"
    home.mkdir()
    for path in (out, home):
        path.chmod(0o555)
    return data, out, home


@pytest.mark.parametrize("name", ["out.csv", "f.png", "r.html"])
def test_a_read_only_folder_is_one_clear_error(tmp_path: Path, name: str) -> None:
    data, out, home = _read_only_setup(tmp_path)
    command = {"out.csv": ["geocode"], "f.png": ["figure", "--kind", "points"], "r.html": ["report"]}[name]
    done = _run([command[0], str(data), *command[1:], "-o", str(out / name)], preexec=_unprivileged, home=home)
    assert done.returncode == 2, done.stderr
    _one_error(done.stderr, name)
    assert sorted(p.name for p in out.iterdir()) == ["out.csv"]
    assert (out / "out.csv").read_bytes() == EARLIER


def test_a_read_only_home_still_draws_a_figure(tmp_path: Path) -> None:
    data, _, home = _read_only_setup(tmp_path)
    writable = tmp_path / "w"
    writable.mkdir()  # matplotlib and our caches must cope with a HOME they can't write
    done = _run(
        ["figure", str(data), "--kind", "points", "-o", str(writable / "f.png")], preexec=_unprivileged, home=home
    )
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    assert (writable / "f.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


# --------------------------------------------------------------------------- special files as outputs


def test_an_existing_fifo_is_refused_as_output_and_left_alone(tmp_path: Path, register: Path) -> None:
    fifo = tmp_path / "out.csv"
    os.mkfifo(fifo)
    done = _run(["geocode", str(register), "-o", str(fifo)])
    assert done.returncode == 2, done.stderr
    _one_error(done.stderr, "out.csv", "FIFO")
    assert stat.S_ISFIFO(fifo.lstat().st_mode)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]  # no .csvt beside it


@pytest.mark.parametrize("name", ["out.csv", "f.png", "m.html", "r.html"])
def test_a_device_is_refused_as_output(tmp_path: Path, register: Path, name: str) -> None:
    device = tmp_path / name
    device.symlink_to(os.devnull)  # a link to /dev/null: a character device, as root or not
    command = {"out.csv": "geocode", "f.png": "figure", "m.html": "map", "r.html": "report"}[name]
    done = _run([command, str(register), "-o", str(device)])
    assert done.returncode == 2, done.stderr
    _one_error(done.stderr, name, "device")
    assert device.is_symlink() and str(device.readlink()) == os.devnull


# --------------------------------------------------------------------------- stdout


def _names(tmp_path: Path, n: int) -> Path:
    path = tmp_path / "many.csv"
    path.write_text("nom;ville\n" + "".join(f"firm {i};Rabat\n" for i in range(n)), encoding="utf-8")
    return path


def test_a_closed_stdout_is_an_error_not_a_silent_success(tmp_path: Path, register: Path) -> None:
    done = _run(["shares", str(register), "--by", "region", "--format", "csv"], preexec=lambda: os.close(1))
    assert done.returncode == 2, done.stderr
    _one_error(done.stderr, "stdout is closed")


def test_a_broken_pipe_ends_quietly_with_141(tmp_path: Path) -> None:
    data = _names(tmp_path, 20_000)  # far more output than a pipe holds
    args = [sys.executable, "-m", "clusteratlas", "shares", str(data), "--by", "nom", "--format", "csv", "-q"]
    with subprocess.Popen(args, env=_env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()  # `| head -1`
        err = proc.stderr.read().decode()
        code = proc.wait(timeout=120)
    assert first.startswith(b"group,")
    assert code == 141, err
    assert err == ""


def _on_a_terminal(args: list[str]) -> tuple[int, str]:
    """Run ``clusteratlas ARGS -q`` with stdout a terminal (a pseudo-terminal); return its exit and output."""
    import pty

    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "clusteratlas", *args, "-q"], env=_env(), stdout=follower, stderr=subprocess.PIPE
    )
    os.close(follower)
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the terminal closes when the run ends
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(leader)
    _, err = proc.communicate(timeout=120)
    assert not err, err
    return proc.returncode, b"".join(chunks).decode("utf-8")


def test_shares_on_a_terminal_shows_control_characters_as_escapes(tmp_path: Path) -> None:
    data = tmp_path / "in.csv"
    data.write_text("nom;ville;secteur\nA;Rabat;\x1b[31m\x07\x9bred\nB;Fès;ok\n", encoding="utf-8")
    for fmt in ("csv", "json"):
        code, out = _on_a_terminal(["shares", str(data), "--by", "secteur", "--format", fmt])
        assert code == 0
        assert not any(c in out for c in "\x1b\x07\x9b"), out
        assert "\\x1b[31m" in out or "\\u001b[31m" in out
    piped = _run(["shares", str(data), "--by", "secteur", "--format", "csv"])
    assert "\x1b[31m\x07\x9bred" in piped.stdout  # piped or redirected: the data as they are
    written = tmp_path / "s.csv"
    _run(["shares", str(data), "--by", "secteur", "--format", "csv", "-o", str(written)])
    assert "\x1b[31m\x07\x9bred" in written.read_text(encoding="utf-8")  # a file keeps the data


# --------------------------------------------------------------------------- Ctrl-C, concurrent runs


def _sigint_default() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)  # a background job may have it ignored


@pytest.mark.slow
def test_ctrl_c_exits_130_removing_temporary_files(tmp_path: Path) -> None:
    data = tmp_path / "in.csv"
    random_records(23, 300_000).to_csv(data, index=False)
    out = tmp_path / "out.csv"
    args = [sys.executable, "-m", "clusteratlas", "geocode", str(data), "-o", str(out), "-q"]
    for _attempt in range(3):
        out.write_bytes(EARLIER)
        proc = subprocess.Popen(args, env=_env(), stderr=subprocess.PIPE, text=True, preexec_fn=_sigint_default)
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if any(p.name.startswith(".out") for p in tmp_path.iterdir()):
                break
            time.sleep(0.002)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=60)
        if proc.returncode != 0:
            break
    assert proc.returncode == 130, err
    _one_error(err, "interrupted")
    assert out.read_bytes() == EARLIER
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.csv"]


def test_two_runs_to_the_same_output_leave_one_complete_file(tmp_path: Path) -> None:
    outs = {}
    for seed in (24, 25):
        data = tmp_path / f"in{seed}.csv"
        random_records(seed, 3000).to_csv(data, index=False)
        outs[seed] = data
    target = tmp_path / "out" / "out.csv"
    target.parent.mkdir()
    args = [[sys.executable, "-m", "clusteratlas", "geocode", str(d), "-o", str(target), "-q"] for d in outs.values()]
    procs = [subprocess.Popen(a, env=_env(), stderr=subprocess.PIPE, text=True) for a in args]
    errors = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], errors
    complete = set()
    for seed, data in outs.items():
        alone = tmp_path / f"alone{seed}.csv"
        assert _run(["geocode", str(data), "-o", str(alone)]).returncode == 0
        complete.add(alone.read_bytes())
    assert target.read_bytes() in complete
    assert sorted(p.name for p in target.parent.iterdir()) == ["out.csv", "out.csvt"]


# --------------------------------------------------------------------------- long paths, NUL


def test_a_long_name_is_written_and_a_too_long_one_is_one_error(tmp_path: Path, register: Path) -> None:
    longest = tmp_path / ("n" * 250 + ".csv")  # 254 bytes: the temporary file's name must fit too
    done = _run(["geocode", str(register), "-o", str(longest), "--excel"])
    assert done.returncode == 0, done.stderr
    assert longest.is_file()
    too_long = tmp_path / ("n" * 300 + ".csv")
    done = _run(["geocode", str(register), "-o", str(too_long)])
    assert done.returncode == 2, done.stderr
    _one_error(done.stderr, "too long")
    deep = tmp_path.joinpath(*["d" * 200] * 25, "out.csv")  # over PATH_MAX
    done = _run(["geocode", str(register), "-o", str(deep)])
    assert done.returncode == 2, done.stderr
    _one_error(done.stderr)
    assert _hidden(tmp_path) == []


NUL_FILES = {
    "csv": ("in.csv", None),
    "aliases": ("a.csv", "--aliases"),
    "zones": ("z.toml", "--zones"),
    "claims": ("c.toml", "--claims"),
    "renames": ("r.csv", "--renames"),
}


@pytest.mark.parametrize("kind", list(NUL_FILES))
def test_nul_anywhere_in_a_text_file_is_refused(tmp_path: Path, kind: str) -> None:
    name, option = NUL_FILES[kind]
    plain = tmp_path / "plain.csv"
    plain.write_text("nom;ville\nA;Rabat\n", encoding="utf-8")
    bodies = {
        "csv": "nom;ville\n" + "A;Rabat\n" * 2000 + "B\x00;Fès\n",
        "aliases": "name,region\n" + "X,06\n" * 2000 + "Y\x00,04\n",
        "zones": '[zones.North]\nregions = ["01"]\n' + "# pad\n" * 2000 + '[zones.S\x00]\nregions = ["06"]\n',
        "claims": "# pad\n" * 2000 + '[[claims]]\nid = "x\x00"\n',
        "renames": "old,new\n" + "A,B\n" * 2000 + "C\x00,D\n",
    }
    side = tmp_path / name
    side.write_text(bodies[kind], encoding="utf-8")
    command = "shares" if kind == "zones" else ("report" if kind in ("claims", "renames") else "geocode")
    out = tmp_path / {"geocode": "o.csv", "shares": "s.csv", "report": "r.html"}[command]
    args = [command, str(side if option is None else plain), "-o", str(out)]
    if option is not None:
        args += [option, str(side)]
    if command == "shares":
        args += ["--by", "zone"]
    if kind == "renames":  # renames are read for a comparison
        args += ["--compare", str(plain)]
    done = _run(args)
    assert done.returncode == 2, done.stderr
    _one_error(done.stderr, name)
    assert not out.exists()
