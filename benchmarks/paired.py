"""Time two commands in alternation and report paired medians (wall, CPU, peak memory).

    python benchmarks/paired.py [-n RUNS] [--warmup N] --vs 'COMMAND B' -- COMMAND A ...

Runs A and B in turn (A B A B ...) after ``--warmup`` unmeasured runs of each, reads each
finished child's own accounting from the operating system (``os.wait4``: user and system
CPU seconds, peak resident memory) and its wall time, and prints for A, for B and for the
ratio A/B taken pair by pair the minimum, median and maximum. Pairing is what makes a ratio
hold on a shared machine whose speed drifts during the runs: each A is compared with the B
run next to it. Without ``--vs`` it times A alone. Commands are split as a shell splits
words and are not run through a shell; their output is discarded. Exit status 0 when every
run finished, 1 when a run failed (its exit status is printed).

Only the standard library; runs on any POSIX system.
"""

from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass

__all__ = ["Run", "main", "run_once"]


@dataclass(frozen=True)
class Run:
    """One finished run: wall, user and system seconds, peak RSS in MiB, exit status."""

    wall: float
    user: float
    sys: float
    rss_mib: float
    status: int

    @property
    def cpu(self) -> float:
        """User plus system CPU seconds."""
        return self.user + self.sys


def run_once(argv: list[str]) -> Run:
    """Run ``argv`` once with its output discarded and return its accounting.

    Parameters
    ----------
    argv : list of str
        The command and its arguments.

    Returns
    -------
    Run
        Wall time, CPU times, peak resident memory (``ru_maxrss``, KiB on Linux) and
        exit status of the finished child.
    """
    start = time.perf_counter()
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    return Run(wall, usage.ru_utime, usage.ru_stime, usage.ru_maxrss / 1024, proc.returncode)


def _spread(values: list[float]) -> str:
    return f"{min(values):9.3f} {statistics.median(values):9.3f} {max(values):9.3f}"


def _report(label: str, runs: list[Run]) -> list[str]:
    lines = [f"{label}   (min / median / max over {len(runs)} runs)"]
    for name in ("wall", "cpu", "user", "sys", "rss_mib"):
        lines.append(f"  {name:8s}{_spread([getattr(r, name) for r in runs])}")
    return lines


def _ratios(a_runs: list[Run], b_runs: list[Run]) -> list[str]:
    lines = ["A/B pair by pair (min / median / max)"]
    for name in ("wall", "cpu", "rss_mib"):
        pairs = [getattr(a, name) / max(getattr(b, name), 1e-9) for a, b in zip(a_runs, b_runs, strict=True)]
        lines.append(f"  {name:8s}{_spread(pairs)}")
    return lines


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments, run the commands in alternation and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=5, help="measured runs of each command")
    parser.add_argument("--warmup", type=int, default=1, help="unmeasured runs of each first")
    parser.add_argument("--vs", default=None, help="command B, one string split like a shell")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="command A after --")
    args = parser.parse_args(argv)
    a = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not a:
        parser.error("give command A after --")
    b = shlex.split(args.vs) if args.vs else None
    for _ in range(args.warmup):
        run_once(a)
        if b:
            run_once(b)
    a_runs: list[Run] = []
    b_runs: list[Run] = []
    for _ in range(args.n):
        a_runs.append(run_once(a))
        if b:
            b_runs.append(run_once(b))
    load = os.getloadavg()
    lines = [f"load average at the end: {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}"]
    lines += _report("A: " + shlex.join(a), a_runs)
    if b:
        lines += _report("B: " + shlex.join(b), b_runs) + _ratios(a_runs, b_runs)
    failed = [r.status for r in a_runs + b_runs if r.status != 0]
    if failed:
        lines.append(f"runs that failed, exit statuses: {failed}")
    print("\n".join(lines))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
