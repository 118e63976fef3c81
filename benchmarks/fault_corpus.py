"""The fault corpus of issue 21: hostile inputs through the command line and the library.

    python benchmarks/fault_corpus.py [--out DIR] [--only SUBSTRING] [--jobs N] [--json REPORT.json]
    python benchmarks/fault_corpus.py --list

Each case writes one hostile file (a malformed CSV, workbook, GeoJSON, GeoPackage or Parquet
file, a zip or shared-string bomb, a huge cell, NUL bytes, a wrong encoding, a column name
such as ``../../x``, formula cells, duplicate and empty headers, a hostile side file for
``--aliases``, ``--zones``, ``--claims`` or ``--renames`` …) into a folder of its own, with
an earlier output already in place, and runs the command on it in a fresh process with
HOME and TMPDIR inside that folder, then the library (``read_records``, ``geocode``,
``shares``) in another. A case fails when:

- the command exits with anything but 0 or 2, prints a traceback, or exits 2 with more
  than one ``error:`` line;
- it runs over :data:`TIMEOUT` seconds (a hang) or its peak memory is over
  :data:`MEMORY_MB` (``ru_maxrss`` of the process);
- a file appears anywhere but at the output paths (outside the output folder, or a
  temporary file left behind), or the earlier output is changed by a run that failed;
- a run that succeeds writes a CSV without one of the input's columns (lost silently);
- the library raises an exception that is not a ``ClusterAtlasError``.

It prints one line per failing case and a summary (cases, runs, failures by check), and
exits 1 if any case failed. Cases are deterministic; the corpus is written under ``--out``
(default a temporary folder, removed at the end).
"""

from __future__ import annotations

import argparse
import json
import os
import pty
import re
import resource
import signal
import stat
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO
from xml.etree import ElementTree

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fault_cases import EARLIER, Case, cases

#: Seconds a run may take before it counts as a hang (and is killed).
TIMEOUT = 60
#: Peak resident memory a run may reach, in MiB.
MEMORY_MB = 2048
#: Address space a run may map (a safety net for the machine; a bomb beyond it fails as over memory).
ADDRESS_SPACE = 6 << 30


# --------------------------------------------------------------------------- running


@dataclass
class Outcome:
    """What one run of a case did, and the checks it failed."""

    case: str
    run: str
    code: int | None
    seconds: float
    peak_mb: float
    stderr: str
    failures: list[str] = field(default_factory=list)


def _files(folder: Path) -> dict[str, tuple[int, int]]:
    """Every file under ``folder`` (symbolic links and FIFOs too): relative path -> (size, mtime_ns)."""
    found = {}
    for dirpath, dirnames, filenames in os.walk(folder):
        for name in [*filenames, *dirnames]:
            path = Path(dirpath) / name
            st = path.lstat()
            if name in dirnames and not path.is_symlink():
                continue
            found[str(path.relative_to(folder))] = (st.st_size, st.st_mtime_ns)
    return found


def _limits() -> None:
    """In the child: its own process group, an address-space cap that protects the machine."""
    resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))


def _copy_terminal(leader: int, out: IO[bytes]) -> None:
    """Copy what a run writes to its (pseudo-)terminal into ``out``, until the terminal closes."""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        out.write(chunk)
    os.close(leader)


def _spawn(
    argv: list[str], cwd: Path, env: dict[str, str], log: Path, *, terminal: bool = False
) -> tuple[int | None, float, float, str]:
    """Run ``argv``; return its exit code (``None`` when killed after :data:`TIMEOUT`), seconds, peak MiB, stderr.

    With ``terminal``, stdout is a pseudo-terminal (what it shows is copied to the ``.out`` file).
    """
    start = time.monotonic()
    with (log.with_suffix(".out")).open("wb") as out, log.open("wb") as err:
        leader, follower = pty.openpty() if terminal else (-1, -1)
        copier = threading.Thread(target=_copy_terminal, args=(leader, out)) if terminal else None
        proc = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdout=follower if terminal else out,
            stderr=err,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
            preexec_fn=_limits,
        )
        if copier is not None:
            os.close(follower)
            copier.start()
        killed = threading.Event()

        def kill() -> None:
            killed.set()
            os.killpg(proc.pid, signal.SIGKILL)

        timer = threading.Timer(TIMEOUT, kill)
        timer.start()
        _, status, usage = os.wait4(proc.pid, 0)
        timer.cancel()
        if copier is not None:
            copier.join(timeout=10)
        proc.returncode = os.waitstatus_to_exitcode(status)
    code = None if killed.is_set() else proc.returncode
    return code, time.monotonic() - start, usage.ru_maxrss / 1024, log.read_text(encoding="utf-8", errors="replace")


def _fill(text: str, paths: dict[str, Path]) -> str:
    return text.format(**{k: str(v) for k, v in paths.items()})


def _check_exit(outcome: Outcome) -> None:
    """Exit 0 or 2; no traceback; exit 2 with exactly one ``error:`` line."""
    if outcome.code is None:
        outcome.failures.append(f"hang: killed after {TIMEOUT} s")
        return
    if outcome.peak_mb > MEMORY_MB:
        outcome.failures.append(f"memory: {outcome.peak_mb:.0f} MiB")
    if outcome.code not in (0, 2):
        outcome.failures.append(f"exit {outcome.code}")
    if "Traceback" in outcome.stderr:
        outcome.failures.append("traceback")
    errors = [line for line in outcome.stderr.splitlines() if line and not line.startswith("warning:")]
    if outcome.code == 2 and (len(errors) != 1 or not errors[0].startswith("error:")):
        outcome.failures.append(f"exit 2 with {len(errors)} lines that are not warnings")


def _allowed(rel: str, outputs: tuple[str, ...]) -> bool:
    """Whether ``rel`` is one of the case's outputs (a plain CSV's ``.csvt`` of column types included)."""
    also = tuple(f"{o[:-4]}.csvt" for o in outputs if o.endswith(".csv"))
    return any(rel == f"run/out/{o}" or (o.endswith("/") and rel.startswith(f"run/out/{o}")) for o in (*outputs, *also))


def _check_files(
    case: Case, outcome: Outcome, before: dict[str, tuple[int, int]], after: dict[str, tuple[int, int]], earlier: Path
) -> None:
    """No file but the outputs; none after a failure; the earlier output intact after a failure."""
    new = sorted(set(after) - set(before) - {"run/cli.log", "run/cli.out", "run/lib.log", "run/lib.out"})
    ok = outcome.code == 0
    stray = [rel for rel in new if not (ok and _allowed(rel, case.outputs))]
    temporary = [rel for rel in stray if rel.startswith("run/out/") and Path(rel).name.startswith(".")]
    outside = [rel for rel in stray if rel not in temporary]
    if temporary and outcome.code is not None:  # a run killed by the corpus can't clean up
        outcome.failures.append(f"temporary files left: {temporary[:3]}")
    if outside:
        outcome.failures.append(f"files outside the outputs: {outside[:3]}")
    if not ok and earlier.is_file() and earlier.read_bytes() != EARLIER:
        outcome.failures.append("earlier output damaged by a failed run")


def _check_columns(case: Case, outcome: Outcome, out: Path) -> None:
    """A run that succeeds keeps every column of the input (those the case names)."""
    target = out / "out.csv"
    if outcome.code != 0 or not case.keep or not target.is_file() or target.read_bytes() == EARLIER:
        return
    import csv

    with target.open(encoding="utf-8-sig", newline="") as f:
        header = next(csv.reader(f), [])
    lost = [c for c in case.keep if c not in header]
    if lost:
        outcome.failures.append(f"columns lost silently: {lost}")
    if b"\x00" in target.read_bytes():
        outcome.failures.append("NUL written into the CSV")


_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def _check_written(outcome: Outcome, out: Path, stdout: Path) -> None:
    """Every SVG written is well-formed XML; stdout holds no raw control character (ESC, BEL, C1)."""
    if outcome.code != 0:
        return
    for svg in out.rglob("*.svg"):
        try:
            ElementTree.parse(svg)
        except ElementTree.ParseError as err:
            outcome.failures.append(f"SVG not well-formed: {svg.name} ({err})")
    if _CONTROLS.search(stdout.read_text(encoding="utf-8", errors="replace")):
        outcome.failures.append("control characters printed raw to stdout")


def _prepare(case: Case, folder: Path) -> tuple[dict[str, Path], Path]:
    """Write the case's input and its earlier output; return the paths the command names, and the earlier output."""
    run = folder / "run"
    paths = {"folder": run / "in", "out": run / "out"}
    for sub in ("in", "out", "home", "tmp"):
        (run / sub).mkdir(parents=True, exist_ok=True)
    paths["input"] = case.build(paths["folder"])
    earlier = paths["out"] / (case.outputs[0] if case.outputs and not case.outputs[0].endswith("/") else "earlier.csv")
    earlier.write_bytes(EARLIER)
    for arg in case.command:  # special files as outputs: a FIFO, a device (a link to /dev/null)
        if arg.startswith("{out}/fifo"):
            os.mkfifo(_fill(arg, paths))
        elif arg.startswith("{out}/device"):
            Path(_fill(arg, paths)).symlink_to(os.devnull)
    return paths, earlier


def _check_special(case: Case, outcome: Outcome, paths: dict[str, Path]) -> None:
    """A FIFO or device named as output is still what it was: refused, never replaced by a file."""
    for arg in case.command:
        path = Path(_fill(arg, paths))
        if arg.startswith("{out}/fifo") and not stat.S_ISFIFO(path.lstat().st_mode):
            outcome.failures.append(f"special output replaced: {path.name} is no longer a FIFO")
        if arg.startswith("{out}/device") and not (path.is_symlink() and str(path.readlink()) == os.devnull):
            outcome.failures.append(f"special output replaced: {path.name} is no longer the link to {os.devnull}")


def _env(folder: Path, shared: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k in ("PATH", "PYTHONPATH", "LANG", "LC_ALL")}
    if "PYTHONPATH" in env:  # the runs start in the case's folder: a relative entry would name nothing
        env["PYTHONPATH"] = os.pathsep.join(str(Path(p).resolve()) for p in env["PYTHONPATH"].split(os.pathsep) if p)
    env.update(
        HOME=str(folder / "run" / "home"),
        TMPDIR=str(folder / "run" / "tmp"),
        MPLCONFIGDIR=str(shared / "mpl"),
        XDG_CACHE_HOME=str(shared / "cache"),
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def run_case(case: Case, root: Path) -> list[Outcome]:
    """Run a case through the command line and the library; return what each run did."""
    folder = root / "cases" / case.name
    paths, earlier = _prepare(case, folder)
    env = _env(folder, root / "shared")
    before = _files(folder)
    argv = [sys.executable, "-m", "clusteratlas", *(_fill(a, paths) for a in case.command)]
    code, seconds, peak, err = _spawn(argv, folder / "run", env, folder / "run" / "cli.log", terminal=case.terminal)
    cli = Outcome(case.name, "cli", code, seconds, peak, err)
    _check_exit(cli)
    _check_files(case, cli, before, _files(folder), earlier)
    _check_columns(case, cli, paths["out"])
    _check_written(cli, paths["out"], folder / "run" / "cli.out")
    _check_special(case, cli, paths)
    outcomes = [cli]
    if case.library:
        argv = [sys.executable, str(Path(__file__).resolve()), "--library", str(paths["input"])]
        argv += ["--api", case.api, "--out", str(paths["out"])] if case.api else []
        code, seconds, peak, err = _spawn(argv, folder / "run", env, folder / "run" / "lib.log")
        lib = Outcome(case.name, "library", code, seconds, peak, err)
        if code is None:
            lib.failures.append(f"hang: killed after {TIMEOUT} s")
        elif code != 0:
            lib.failures.append("not a ClusterAtlasError: " + (err.strip().splitlines() or ["?"])[-1][:200])
        if peak > MEMORY_MB:
            lib.failures.append(f"memory: {peak:.0f} MiB")
        outcomes.append(lib)
    return outcomes


def _api_probe(name: str, path: str, out: Path) -> None:
    """Make one of the library calls of ``fault_cases.API_PROBES`` on the records of ``path``."""
    import clusteratlas as ca
    from clusteratlas.export import write_csv

    geo = ca.geocode(ca.read_records(path))
    probes = {
        "nul-in-path": lambda: ca.read_records(path + "\x00.csv"),
        "nul-in-output": lambda: write_csv(geo, out / "o\x00.csv"),
        "negative-width": lambda: ca.figure(geo, "points", output=out / "f.png", width_mm=-5),
        "nan-width": lambda: ca.figure(geo, "points", output=out / "f.png", width_mm=float("nan")),
        "huge-dpi": lambda: ca.figure(geo, "points", output=out / "f.png", dpi=1_000_000),
        "nan-breaks": lambda: ca.figure(geo, "choropleth", output=out / "f.png", breaks=[float("nan"), 1.0]),
        "dict-column-map": lambda: ca.web_map(geo.assign(nom=[{"a": 1}] * len(geo)), output=out / "m.html"),
        "dict-column-report": lambda: ca.write_report(ca.report(geo.assign(nom=[{"a": 1}] * len(geo))), out / "r.html"),
        "list-column-figure": lambda: ca.figure(geo.assign(secteur=[[1, 2]] * len(geo)), "points"),
        "save-figure-huge-dpi": lambda: ca.save_figure(ca.figure(geo, "points"), out / "f.png", dpi=10**6),
        "report-tables-slashes": lambda: ca.write_report(
            ca.report(geo.rename(columns={"secteur": "../../x/PWNED"})), out / "r.html", tables_dir=out / "tables"
        ),
    }
    probes[name]()


def library_run(path: str, api: str = "", out: Path | None = None) -> int:
    """In a child: read, geocode and count ``path`` (or make an API probe); 3 if an exception is not ours."""
    import warnings

    from clusteratlas import ClusterAtlasError, geocode, read_records, shares

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            if api:
                _api_probe(api, path, out or Path(path).parent)
            else:
                shares(geocode(read_records(path)), by="region")
    except ClusterAtlasError:
        return 0
    except BaseException as err:
        print(f"{type(err).__name__}: {str(err)[:300]!r}", file=sys.stderr)
        return 3
    return 0


#: The writers SIGTERM is sent to mid-run: (name, command, the output it writes).
SIGNALLED = (
    ("csv", ("geocode", "{input}", "-o", "{out}/out.csv"), "out.csv"),
    ("csv-stream", ("geocode", "{input}", "-o", "{out}/out.csv", "--chunksize", "5000"), "out.csv"),
    ("gpkg", ("geocode", "{input}", "-o", "{out}/out.gpkg"), "out.gpkg"),
    ("parquet", ("geocode", "{input}", "-o", "{out}/out.parquet"), "out.parquet"),
    ("geojson", ("geocode", "{input}", "-o", "{out}/out.geojson"), "out.geojson"),
    ("png", ("figure", "{input}", "-o", "{out}/f.png"), "f.png"),
    ("pdf", ("figure", "{input}", "-o", "{out}/f.pdf"), "f.pdf"),
    ("svg", ("figure", "{input}", "-o", "{out}/f.svg"), "f.svg"),
    ("map", ("map", "{input}", "-o", "{out}/m.html"), "m.html"),
    ("report-html", ("report", "{input}", "-o", "{out}/r.html"), "r.html"),
    ("report-md", ("report", "{input}", "-o", "{out}/r.md"), "r.md"),
)
#: When SIGTERM is sent: fractions of the time the same run takes uninterrupted (writes come last).
FRACTIONS = (0.6, 0.8, 0.9, 0.97)


def _terminated(argv: list[str], cwd: Path, env: dict[str, str], delay: float) -> int:
    """Run ``argv``, send it SIGTERM after ``delay`` seconds; return its exit code."""
    with (cwd / "sig.log").open("wb") as err:
        proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=err, start_new_session=True)
        try:
            proc.wait(timeout=delay)
        except subprocess.TimeoutExpired:
            proc.send_signal(signal.SIGTERM)
        try:
            return proc.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            return proc.wait()


def _earlier(target: Path, folder: Path, env: dict[str, str]) -> bytes:
    """Put an earlier output at ``target`` and return its bytes: a real GeoPackage for ``.gpkg``.

    A GeoPackage output takes its layer into an earlier GeoPackage, and refuses a file that
    is none: the earlier output must be one for a run to succeed.
    """
    if target.suffix != ".gpkg":
        target.write_bytes(EARLIER)
        return EARLIER
    small = folder / "small.csv"
    small.write_text("nom;ville\nA;Rabat\n", encoding="utf-8")
    argv = [sys.executable, "-m", "clusteratlas", "geocode", str(small), "-o", str(target), "-q"]
    subprocess.run(argv, env=env, check=True, capture_output=True)
    return target.read_bytes()


def signal_scenarios(root: Path, rows: int) -> list[dict[str, object]]:
    """Send SIGTERM to every writer mid-run; report what each left: temporary files, a damaged earlier output."""
    root.mkdir(parents=True, exist_ok=True)
    data = root / "register.csv"
    maker = Path(__file__).resolve().parent / "make_register.py"
    subprocess.run([sys.executable, str(maker), str(rows), str(data)], check=True, capture_output=True)
    found = reproduce_signals(root, data)
    for name, command, target in SIGNALLED:
        whole = float(TIMEOUT)
        complete: dict[str, int] = {}
        for fraction in (None, *FRACTIONS):
            folder = root / "signals" / f"{name}-{fraction or 'whole'}"
            out = folder / "run" / "out"
            out.mkdir(parents=True)
            paths = {"input": data, "out": out, "folder": folder}
            earlier = _earlier(out / target, folder, _env(folder, root / "shared"))
            argv = [sys.executable, "-m", "clusteratlas", *(_fill(a, paths) for a in command)]
            start = time.monotonic()
            delay = TIMEOUT if fraction is None else whole * fraction
            code = _terminated(argv, folder / "run", _env(folder, root / "shared"), delay)
            if fraction is None:  # the run uninterrupted: its time, and what a complete run writes
                whole = time.monotonic() - start
                complete = {p.name: p.stat().st_size for p in out.iterdir()}
                continue
            left = sorted(p.name for p in out.iterdir() if p.name not in complete)
            written = (out / target).read_bytes() if (out / target).is_file() else b""
            intact = written == earlier or len(written) == complete.get(target)  # the earlier, or a complete new one
            found.append(
                {"writer": name, "delay_s": round(delay, 1), "exit": code, "left": left, "earlier_intact": intact}
            )
    return found


def _outputs(out: Path) -> dict[str, bytes]:
    """The files under ``out`` (hidden ones left out), relative path -> bytes."""
    return {
        str(p.relative_to(out)): p.read_bytes()
        for p in out.rglob("*")
        if p.is_file() and not any(part.startswith(".") for part in p.relative_to(out).parts)
    }


def reproduce_signals(root: Path, data: Path) -> list[dict[str, object]]:
    """SIGTERM ``reproduce --out`` over an earlier folder: it must hold all the old files or all the new."""
    argv = [sys.executable, "-m", "clusteratlas", "reproduce", "--data", str(data), "--no-claims", "-q", "--out"]
    folder = root / "signals" / "reproduce-whole"
    (folder / "run").mkdir(parents=True)
    start = time.monotonic()
    _terminated([*argv, str(folder / "run" / "out")], folder / "run", _env(folder, root / "shared"), TIMEOUT * 3)
    whole, names = time.monotonic() - start, sorted(_outputs(folder / "run" / "out"))
    found: list[dict[str, object]] = []
    for fraction in (*FRACTIONS, 0.99):
        folder = root / "signals" / f"reproduce-{fraction}"
        out = folder / "run" / "out"
        earlier = {name: EARLIER + name.encode() for name in names}
        for name, data_bytes in earlier.items():
            (out / name).parent.mkdir(parents=True, exist_ok=True)
            (out / name).write_bytes(data_bytes)
        code = _terminated([*argv, str(out)], folder / "run", _env(folder, root / "shared"), whole * fraction)
        now = _outputs(out)
        old = [n for n in names if now.get(n) == earlier[n]]
        intact = sorted(now) == names and len(old) in (0, len(names))  # all old or all new, never a mix
        left = sorted(str(p.relative_to(out)) for p in out.rglob(".*"))
        found.append(
            {
                "writer": "reproduce",
                "delay_s": round(whole * fraction, 1),
                "exit": code,
                "left": left,
                "earlier_intact": intact,
                "old_files": len(old),
                "files": len(names),
            }
        )
    return found


def _signal_failures(found: list[dict[str, object]]) -> list[str]:
    """What the SIGTERM runs got wrong: temporary files left; the earlier output changed by a killed run."""
    bad = []
    for f in found:
        problems = []
        if f["left"]:
            problems.append(f"left {f['left']}")
        if f["exit"] != 0 and not f["earlier_intact"]:
            problems.append("a killed run left the output neither the earlier one nor complete")
        if f["exit"] not in (0, 143, -15):
            problems.append(f"exit {f['exit']} (SIGTERM's convention is 143)")
        if problems:
            bad.append(f"SIGTERM {f['writer']} after {f['delay_s']} s: {'; '.join(problems)}")
    return bad


def _summary(outcomes: list[Outcome]) -> dict[str, object]:
    failed = [o for o in outcomes if o.failures]
    checks: dict[str, int] = {}
    for o in failed:
        for f in o.failures:
            key = f.split(":")[0] if not f.startswith("exit") else f.split(" with")[0]
            checks[key] = checks.get(key, 0) + 1
    return {
        "cases": len({o.case for o in outcomes}),
        "runs": len(outcomes),
        "failed_runs": len(failed),
        "by_check": dict(sorted(checks.items())),
        "slowest_s": round(max((o.seconds for o in outcomes), default=0), 1),
        "peak_mb": round(max((o.peak_mb for o in outcomes), default=0)),
        "failures": [{"case": o.case, "run": o.run, "code": o.code, "failures": o.failures} for o in failed],
    }


def main(argv: list[str] | None = None) -> int:
    """Run the corpus (or one library run, for a child); print failures and a summary."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path)
    parser.add_argument("--only", default="")
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--json", type=Path)
    parser.add_argument("--list", action="store_true")
    parser.add_argument("--library")
    parser.add_argument("--api", default="")
    parser.add_argument("--signals", type=int, metavar="ROWS", help="also send SIGTERM to every writer on ROWS records")
    args = parser.parse_args(argv)
    if args.library:
        return library_run(args.library, args.api, args.out)
    chosen = [c for c in cases() if args.only in c.name]
    if args.list:
        print("\n".join(f"{c.group:8} {c.name}" for c in chosen))
        return 0
    with tempfile.TemporaryDirectory(prefix="fault-corpus-") as tmp:
        root = (args.out or Path(tmp)).resolve()
        with ThreadPoolExecutor(max_workers=max(args.jobs, 1)) as pool:
            outcomes = [o for runs in pool.map(lambda c: run_case(c, root), chosen) for o in runs]
        signalled = signal_scenarios(root, args.signals) if args.signals else []
    for o in outcomes:
        if o.failures:
            print(f"FAIL {o.case} [{o.run}] exit {o.code}: {'; '.join(o.failures)}")
    summary = _summary(outcomes)
    signal_failures = _signal_failures(signalled)
    summary["signals"] = signalled
    summary["signal_failures"] = signal_failures
    for line in signal_failures:
        print(f"FAIL {line}")
    if args.json:
        args.json.write_text(json.dumps(summary, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    shown = {k: v for k, v in summary.items() if k not in ("failures", "signals", "signal_failures")}
    print(json.dumps(shown, ensure_ascii=False))
    return 1 if summary["failed_runs"] or signal_failures else 0


if __name__ == "__main__":
    sys.exit(main())
