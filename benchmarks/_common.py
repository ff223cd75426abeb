"""What the benchmarks share: the sample exports, timed subprocesses, DuckDB's parameters.

Every contender runs in its own subprocess, so wall time includes interpreter start-up and
imports, and peak memory (max RSS, from ``os.wait4``) is its own. On Linux a child's max
RSS starts at its parent's peak (fork and exec keep the high-water mark), so the
benchmark process itself never imports cx or pandas: generating the data and reading
cx's settings run in subprocesses too (``python benchmarks/_common.py ...``).

A contender may start processes of its own (cx starts a worker on a big day), and
``wait4`` gives the largest of them, not their sum: in a run that is not timed
(``run_measured(..., tree=True)``) the tree's memory is also sampled every 100 ms while
a worker runs (psutil), and the peak is the larger of the two. The sample sums PSS,
not RSS: a child between fork and exec shares every page of its parent, and RSS would
count them twice.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "bench-data"
SQL = Path(__file__).resolve().parent / "_sql.py"
AS_OF = "2026-11-26"   # the day after the data ends: 2026-W47 is the last complete week
DATA_END = date(2026, 11, 25)
BUDGET_RATIO = 1.5
BUDGET_MB = 1536       # 1.5 GiB
NO_CACHE = {"CX_NO_CACHE": "1"}
PARENT_MB_LIMIT = 150  # above this, children's peaks would read high


def ensure_data(folder: Path, lines: int, seed: int = 1) -> None:
    """Generate the sample exports once; later runs reuse them (a marker records how)."""
    marker = folder / ".generated.json"
    wanted = {"lines": lines, "seed": seed}
    if marker.exists() and json.loads(marker.read_text()) == wanted:
        return
    run = run_measured([sys.executable, __file__, "generate", str(folder), str(lines),
                        str(seed)])
    print(f"generated {lines:,} order lines in {run.seconds:.1f} s -> {folder}", flush=True)
    marker.write_text(json.dumps(wanted))


@dataclass
class Run:
    seconds: float
    rss_mb: float
    stdout: str

    def last_json(self) -> dict:
        """The JSON line a benchmark script prints last."""
        return json.loads(self.stdout.strip().splitlines()[-1])


def run_measured(cmd: list[str], env: dict | None = None, ok: tuple[int, ...] = (0,),
                 tree: bool = False) -> Run:
    """Run ``cmd``; wall seconds, peak RSS in MB (``wait4``) and stdout.

    With ``tree``, the peak is also the summed PSS of the process and a worker process
    it starts (``_TreeMemory``): reading it takes CPU from the command, so a run that
    measures this is not one that is timed.
    """
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    if own > PARENT_MB_LIMIT:
        raise SystemExit(f"the benchmark process itself peaked at {own:.0f} MB: its children's "
                         "max RSS would include it (keep cx and pandas out of it)")
    full_env = {**os.environ, **(env or {})}
    with tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        t = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, env=full_env)
        sampler = _TreeMemory(proc.pid) if tree else None
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - t
        tree_mb = sampler.stop() if sampler is not None else 0.0
        proc.returncode = code = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        if code not in ok:
            raise SystemExit(f"{' '.join(map(str, cmd[:5]))} … failed ({code}):\n"
                             f"{err.read()[-3000:]}")
        return Run(seconds, max(usage.ru_maxrss / 1024, tree_mb), out.read())


class _TreeMemory:
    """The peak summed PSS of a process and its descendants while it has any, sampled in
    a thread.

    Alone, a process's peak is its max RSS (``wait4``), exact and free. Reading PSS walks
    the page tables: 20-25 ms of CPU for a 1 GB process, which read every 20 ms took
    half a core of the 2-core machine from the command being measured. It is read only
    while a worker process runs beside it, every ``every`` seconds, and never in a timed
    run (``run_measured``'s ``tree``).
    """

    def __init__(self, pid: int, every: float = 0.1) -> None:
        import threading

        import psutil  # noqa: F401 - the bench extra's; missing, fail here, not in the thread

        self.peak_mb = 0.0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, args=(pid, every), daemon=True)
        self._thread.start()

    def _sample(self, pid: int, every: float) -> None:
        import psutil

        try:
            root = psutil.Process(pid)
        except psutil.NoSuchProcess:
            return
        while not self._done.is_set():
            total = 0
            try:
                # multiprocessing's resource tracker outlives the worker: not a worker.
                children = [c for c in root.children(recursive=True) if not _tracker(c)]
                if children:
                    for proc in [root, *children]:
                        with contextlib.suppress(psutil.NoSuchProcess):  # a worker just ended
                            total += proc.memory_full_info().pss
            except psutil.NoSuchProcess:
                return
            self.peak_mb = max(self.peak_mb, total / 2**20)
            self._done.wait(every)

    def stop(self) -> float:
        self._done.set()
        self._thread.join()
        return self.peak_mb


def _tracker(proc: Any) -> bool:
    try:
        return "resource_tracker" in " ".join(proc.cmdline())
    except Exception:  # gone already
        return True


def bench_config(folder: Path, work: Path) -> Path:
    """The data's cx.yaml with an empty ledger in ``work`` (never the data's own).

    It sits beside cx.yaml, so relative input paths and the parse cache (.cx/cache)
    stay the data folder's.
    """
    text = (folder / "cx.yaml").read_text(encoding="utf-8")
    config = folder / "cx-bench.yaml"
    config.write_text(text.replace(
        "inputs:", f"messages: {{ledger: {work / 'ledger.sqlite'}}}\ninputs:"), encoding="utf-8")
    return config


def duckdb_params(config: Path, as_of: str = AS_OF) -> dict:
    """What SQL cannot read from the exports: the catalog YAML, holidays, cx's settings."""
    return run_measured([sys.executable, __file__, "params", str(config), as_of]).last_json()


def _params(config: Path, as_of: str) -> dict:
    from cx_cli.config import load_settings
    from cx_cli.engines.voc import voc_period
    from cx_cli.engines.weeks import holiday_dates, last_complete_week, series_weeks
    from cx_cli.io.dataset import load_dataset, resolve_inputs

    settings = load_settings(config)
    paths = resolve_inputs(settings)
    catalog = load_dataset(settings, paths, ("products",)).catalog
    day = date.fromisoformat(as_of)
    weeks = series_weeks(last_complete_week(day), settings.scorecard.weeks)
    period = voc_period(day, settings.voc.weeks)
    m = settings.messages
    return {
        "folder": str(config.parent), "as_of": as_of,
        "week_start": str(weeks[0].start), "weeks": len(weeks),
        "holidays": [str(d) for d in holiday_dates("US", 2025, 2027)],
        "scorecard_min_lines": settings.scorecard.min_lines,
        "voc_start": str(period.start), "voc_end": str(period.end),
        "voc_previous": str(period.previous_start), "voc_min_lines": settings.voc.min_lines,
        "fixes": str(paths["fixes"][0]),
        "catalog": [[sku, p.category, p.review_delay_days, p.usage_cycle_days, p.checkin]
                    for sku, p in catalog.items()],
        "cap": m.max_per_buyer_per_day, "checkin_rate": m.checkin_ticket_rate,
        "replenish_at": m.replenish_at,
    }


def duckdb_cmd(tasks: str, params: dict, work: Path, out: Path) -> list[str]:
    """The command that runs ``tasks`` of ``_sql.py`` in one DuckDB process."""
    path = work / "duckdb-params.json"
    path.write_text(json.dumps(params), encoding="utf-8")
    return [sys.executable, str(SQL), tasks, str(path), str(out)]


def cx_cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "cx_cli", *map(str, args)]


def median(values: list[float]) -> float:
    return statistics.median(values)


def machine() -> str:
    """One line: cores, CPU model, RAM, Python and the libraries that matter."""
    from importlib.metadata import version

    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        kb = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text()
                  .splitlines() if line.startswith("MemTotal"))
        ram = f"{kb / 1024 ** 2:.0f} GB RAM"
    except (OSError, StopIteration):
        ram = "RAM unknown"
    libs = ", ".join(f"{name} {version(name)}" for name in
                     ("pandas", "pyarrow", "numpy", "duckdb", "typer", "cx-cli"))
    return (f"{os.cpu_count()} cores ({cpu}), {ram}, {platform.system()} "
            f"{platform.release()}, Python {platform.python_version()}, {libs}")


def markdown_table(header: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(header) + " |",
             "|" + "|".join("---" if i == 0 else "---:" for i in range(len(header))) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1] == "generate":
        from cx_cli.sampledata import generate

        generate(Path(sys.argv[2]), orders=int(sys.argv[3]), seed=int(sys.argv[4]),
                 end=DATA_END)
    elif sys.argv[1] == "params":
        print(json.dumps(_params(Path(sys.argv[2]), sys.argv[3])))
