"""Benchmark: subcommands on register-like tables of 1k to 1M (or 10M) rows.

    python benchmarks/bench_scale.py [--rows 1000 10000 100000 1000000] [--commands geocode shares]
                                     [--dir /tmp/clusteratlas-bench] [--repeat 1]

Generates each table with :mod:`make_register` (cached under ``--dir``, never in git), times
``pandas.read_csv`` of the same file in a child process, then runs each subcommand as a child
process (``clusteratlas geocode -o .csv``, ``shares --by region``, and on request ``figure``,
``map``, ``report``) and prints its wall time, the ratio to ``read_csv``, the child's peak
memory (max RSS, from ``wait4``) and the output size.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_register import make_register

CLI = [sys.executable, "-m", "clusteratlas"]
COMMANDS = {
    "geocode": lambda src, out: [*CLI, "geocode", str(src), "-o", str(out / "geocoded.csv")],
    "shares": lambda src, out: [*CLI, "shares", str(src), "--by", "region", "-o", str(out / "shares.csv")],
    "figure": lambda src, out: [*CLI, "figure", str(src), "--kind", "choropleth", "-o", str(out / "figure.png")],
    "map": lambda src, out: [*CLI, "map", str(src), "-o", str(out / "map.html")],
    "report": lambda src, out: [*CLI, "report", str(src), "-o", str(out / "report")],
}


def run(cmd: list[str]) -> tuple[float, float, int]:
    """Run a child; return wall seconds, peak RSS in MB and the exit code.

    Its stderr goes to a temporary file (a pipe would block a child that writes more than
    the pipe holds, such as a warning quoting a 100,000-character name).
    """
    with tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        proc.returncode = code
        if code != 0:
            err.seek(0)
            last = err.read().decode(errors="replace").strip().splitlines()[-1:]
            print(f"  ! exit {code}: {last[0][:300] if last else ''}", file=sys.stderr)
    return wall, usage.ru_maxrss / 1024, code


def size_of(path: Path) -> int:
    if path.is_dir():
        return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())


def human(size: int) -> str:
    """Return a byte count as kB or MB."""
    return f"{size / 1e6:.1f} MB" if size >= 1e6 else f"{size / 1e3:.1f} kB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, nargs="+", default=[1000, 10000, 100000, 1000000])
    parser.add_argument("--commands", nargs="+", default=["geocode", "shares"], choices=list(COMMANDS))
    parser.add_argument("--dir", type=Path, default=Path("/tmp/clusteratlas-bench"))
    parser.add_argument("--repeat", type=int, default=1, help="runs per cell; the median is shown")
    args = parser.parse_args()
    args.dir.mkdir(parents=True, exist_ok=True)
    print("| rows | distinct cities | command | time | × read_csv | peak RSS | output |")
    print("|---:|---:|---|---:|---:|---:|---:|")
    for rows in args.rows:
        src = args.dir / f"register_{rows}.csv"
        if not src.exists():
            make_register(rows).to_csv(src, index=False)
        import pandas as pd

        distinct = pd.read_csv(src, usecols=["city"], dtype=str, keep_default_na=False)["city"].nunique()
        read_cmd = [sys.executable, "-c", f"import pandas as pd; pd.read_csv({str(src)!r})"]
        base = sorted(run(read_cmd)[0] for _ in range(args.repeat))[args.repeat // 2]
        print(f"| {rows:,} | {distinct:,} | `pandas.read_csv` | {base:.2f} s | 1.0 | | |", flush=True)
        for name in args.commands:
            out = args.dir / f"out_{rows}_{name}"
            shutil.rmtree(out, ignore_errors=True)
            out.mkdir()
            runs = sorted((run(COMMANDS[name](src, out)) for _ in range(args.repeat)), key=lambda r: r[0])
            wall, rss, code = runs[args.repeat // 2]
            status = "" if code == 0 else f" (exit {code})"
            print(
                f"| {rows:,} | {distinct:,} | `{name}` | {wall:.2f} s{status} | {wall / base:.1f} "
                f"| {rss:,.0f} MB | {human(size_of(out))} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
