"""Small measuring tools shared by the benchmarks: summaries, RSS sampling, the machine.

The benchmark scripts are run as files (``python bench/run.py``), so ``bench/`` is
first on ``sys.path`` and this module is imported by its own name.
"""

from __future__ import annotations

import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
BENCH_DB = "souk_bench"


def source_paths() -> None:
    """Put the repository and its two source folders on ``sys.path`` (as config.wsgi does)."""
    for folder in (ROOT, ROOT / "platform", ROOT / "tenants"):
        if str(folder) not in sys.path:
            sys.path.append(str(folder))


def percentile(samples: list[float], pct: float) -> float:
    """Nearest-rank percentile: the smallest sample with ``pct`` % of samples at or below.

    With 20 samples p95 is the 19th smallest: one sample in twenty may be slower.
    """
    ordered = sorted(samples)
    rank = max(1, math.ceil(pct / 100 * len(ordered)))
    return ordered[rank - 1]


def summary(samples: list[float]) -> dict:
    return {
        "n": len(samples),
        "median": statistics.median(samples),
        "p95": percentile(samples, 95),
        "min": min(samples),
        "max": max(samples),
        "mean": statistics.fmean(samples),
        "samples": samples,
    }


def max_rss_mib() -> float:
    """Peak RSS of this process so far (``ru_maxrss`` is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def mib(n_bytes: int) -> float:
    return n_bytes / (1024 * 1024)


class RssSampler:
    """Samples the RSS of some processes in a thread; ``peak()`` since the last ``reset()``.

    ``pids`` is a callable so the set can change while sampling (gunicorn workers).
    """

    def __init__(self, pids, interval: float = 0.01) -> None:
        self._pids = pids
        self._interval = interval
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._peak_total = 0
        self._peak_each: dict[int, int] = {}
        self._thread = threading.Thread(target=self._run, daemon=True)

    def __enter__(self) -> RssSampler:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.sample()
            self._stop.wait(self._interval)

    def sample(self) -> None:
        total = 0
        each = {}
        for pid in self._pids():
            try:
                each[pid] = psutil.Process(pid).memory_info().rss
            except psutil.Error:
                continue
            total += each[pid]
        with self._lock:
            self._peak_total = max(self._peak_total, total)
            for pid, rss in each.items():
                self._peak_each[pid] = max(self._peak_each.get(pid, 0), rss)

    def reset(self) -> None:
        with self._lock:
            self._peak_total = 0
            self._peak_each = {}

    def peak(self) -> dict:
        self.sample()
        with self._lock:
            return {
                "total_mib": mib(self._peak_total),
                "max_process_mib": mib(max(self._peak_each.values(), default=0)),
                "processes": len(self._peak_each),
            }


def machine() -> dict:
    cpu = platform.processor() or "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "python": platform.python_version(),
        "os": f"{platform.system()} {platform.release()}",
        "commit": _git_commit(),
    }


def _git_commit() -> str:
    try:
        out = subprocess.run(
            ["git", "-C", str(ROOT), "describe", "--always", "--dirty"],
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        )
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return out.stdout.strip()


def now() -> float:
    return time.perf_counter()
