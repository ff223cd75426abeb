"""Resolving the input paths from config and options, and loading the inputs a command needs."""

from __future__ import annotations

import glob
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cx_cli.config import INPUT_NAMES, Settings
from cx_cli.errors import BadRowsError, InputError
from cx_cli.io.catalog import Catalog, load_catalog, near_sku_note, near_skus
from cx_cli.io.report import InputReport

if TYPE_CHECKING:  # pandas is imported by the loaders, once the order exports are being read
    import pandas as pd

TABLE_INPUTS = ("orders", "returns", "tickets", "reviews", "comments", "fixes")


# What a folder given for an input is read for: the exports are tables, the catalog
# is YAML or CSV (cx_cli.io.catalog).
TABLE_SUFFIXES = ((".csv", ".tsv", ".txt", ".xlsx", ".xls"), "CSV/XLSX")
CATALOG_SUFFIXES = ((".yaml", ".yml", ".csv"), "YAML/CSV catalog")


def _lock_file(path: Path) -> bool:
    """Excel's lock file of an open workbook (~$orders.xlsx) or a macOS ._ file: never an
    export, and a 07:00 cron run must not fail because someone has the export open.
    (A glob skips other hidden files itself.)"""
    return path.name.startswith(("~$", "._"))


def _expand(spec: str | Path, base: Path,
            suffixes: tuple[tuple[str, ...], str] = TABLE_SUFFIXES) -> list[Path]:
    """A path or glob (relative to ``base``) -> the files it names, sorted; a folder
    -> its files with one of ``suffixes`` (extensions, and what to call them)."""
    text = str(spec)
    p = Path(text).expanduser()
    if not p.is_absolute():
        p = base / p
    if glob.has_magic(text):
        hits = sorted(Path(h) for h in glob.glob(_pattern(p), recursive=True)
                      if Path(h).is_file() and not _lock_file(Path(h)))
        if not hits:
            raise InputError(f"no file matches {text}", f"looked in {p.parent}")
        return hits
    if p.is_dir():
        extensions, kind = suffixes
        hits = sorted(q for q in p.iterdir() if q.suffix.lower() in extensions
                      and not q.name.startswith(".") and not _lock_file(q) and q.is_file())
        if not hits:
            zipped = sorted(q.name for q in p.iterdir() if q.suffix.lower() == ".zip")
            unzip = (f"; it holds {', '.join(zipped[:3])}{', …' if len(zipped) > 3 else ''}: "
                     "unzip the exports first") if zipped else ""
            raise InputError(f"folder {p} holds no {kind} files",
                             f"expected files ending in {', '.join(extensions)}{unzip}")
        return hits
    if not p.exists():
        raise InputError(f"input file {p} does not exist")
    return [p]


def _pattern(path: Path) -> str:
    """``path`` as a glob pattern whose leading folders that exist are read as names:
    "[Acme] shop/orders/*.csv" is the folder "[Acme] shop", not a character class."""
    parts = path.parts
    known = 0
    while known < len(parts) - 1 and Path(*parts[:known + 1]).is_dir():
        known += 1
    if known == 0:
        return str(path)
    return str(Path(glob.escape(str(Path(*parts[:known]))), *parts[known:]))


def _config_key(settings: Settings, name: str, item: int | None) -> str:
    """Where cx.yaml gives an input's path: "inputs.<name> at cx.yaml:<line> ..."
    (``item``: its place in a list). cx.yaml is read again for the line: only for an
    error."""
    key = f"inputs.{name}"
    if settings.path is None:
        return f"{key} of the configuration"
    loc: tuple[str | int, ...] = ("inputs", name) if item is None else ("inputs", name, item)
    line = settings.line_of(*loc)
    at = f"{settings.path}:{line}" if line else str(settings.path)
    return f"{key} at {at} (a relative path is read from that file's folder): correct it there"


def _given(error: InputError, where: str) -> InputError:
    """``error`` about a path, its hint ending with where the path was given."""
    hint = f"{error.hint}; " if error.hint else ""
    return InputError(error.message, f"{hint}the path is {where}")


def resolve_inputs(settings: Settings, overrides: Mapping[str, Sequence[str]] | None = None,
                   cwd: Path | None = None, needed: Iterable[str] | None = None,
                   unread: list[str] | None = None) -> dict[str, list[Path]]:
    """input name -> files. Command-line paths (relative to cwd) win over the config's.

    ``needed``: the inputs the command reads (default: every one). The others are not
    resolved, so a path in cx.yaml a command does not read cannot stop it; what is wrong
    with those paths is added to ``unread`` (lines for a warning), when given.
    """
    overrides = overrides or {}
    cwd = cwd or Path.cwd()
    wanted = INPUT_NAMES if needed is None else tuple(needed)
    out: dict[str, list[Path]] = {}
    wrong: list[InputError] = []  # every path that names no file, reported together
    for name in INPUT_NAMES:
        cli_specs = [s for s in overrides.get(name) or [] if s]
        if cli_specs:
            specs, base = cli_specs, cwd
        else:
            value = getattr(settings.inputs, name)
            if value is None:
                continue
            specs = [value] if isinstance(value, str) else list(value)
            base = settings.base_dir
        suffixes = CATALOG_SUFFIXES if name == "products" else TABLE_SUFFIXES
        if name not in wanted:
            if unread is not None and not cli_specs:
                _check_unread(name, specs, base, suffixes, unread)
            continue
        files: list[Path] = []
        for i, spec in enumerate(specs):
            try:
                files.extend(_expand(spec, base, suffixes))
            except InputError as exc:
                if cli_specs:
                    where = f"--{name} (a relative path is read from the current folder, {cwd})"
                else:
                    where = _config_key(settings, name, None if isinstance(value, str) else i)
                wrong.append(_given(exc, where))
        # Duplicated names (a glob and a path for the same file) are read once.
        out[name] = sorted(dict.fromkeys(files))
    if len(wrong) == 1:
        raise wrong[0]
    if wrong:
        raise InputError(f"{len(wrong)} input paths name no file:\n  "
                         + "\n  ".join(f"{e.message} — {e.hint}" for e in wrong),
                         "correct each where it is given, then run the command again")
    return out


def _check_unread(name: str, specs: list[str], base: Path,
                  suffixes: tuple[tuple[str, ...], str], lines: list[str]) -> None:
    for spec in specs:
        try:
            _expand(spec, base, suffixes)
        except InputError as exc:
            lines.append(f"inputs.{name}: {exc.message}; this command does not read "
                         f"{name}, but the commands that do will stop here")
            return


@dataclass
class Dataset:
    """The loaded inputs of one run. A missing input is None (its metrics are null)."""

    orders: pd.DataFrame | None = None
    returns: pd.DataFrame | None = None
    tickets: pd.DataFrame | None = None
    reviews: pd.DataFrame | None = None
    comments: pd.DataFrame | None = None
    fixes: pd.DataFrame | None = None
    catalog: Catalog = field(default_factory=Catalog)
    reports: dict[str, InputReport] = field(default_factory=dict)
    paths: dict[str, list[Path]] = field(default_factory=dict)
    # The parse cache's folder and its key per input read through it (none when off).
    cache_dir: Path | None = None
    cache_keys: dict[str, str] = field(default_factory=dict)
    # What load_dataset's ``meanwhile`` returned (None without one).
    meanwhile: Any = None
    # The inputs parsed in this run, not read back from the parse cache: a run on
    # freshly parsed exports will most likely compute everything after them too.
    parsed: set[str] = field(default_factory=set)

    def warning_lines(self) -> list[str]:
        return [line for r in self.reports.values() for line in r.warning_lines()]

    def catalog_lines(self) -> list[str]:
        """A SKU sold that the catalog has only in another case (``serum-30ml`` for
        ``SERUM-30ML``): its orders would silently get the category defaults."""
        if not self.catalog or self.orders is None or "sku" not in self.orders.columns:
            return []
        sold = [s for s in self.orders["sku"].dropna().unique().tolist()
                if s not in self.catalog]
        return [f"{near_sku_note(sku, entry)}, so its orders get the category defaults"
                for sku, entry in sorted(near_skus(self.catalog, sold).items())]

    def memo(self, kind: str, needs: Iterable[str],
             compute: Callable[[], pd.DataFrame | None], parts: dict | None = None,
             code: Iterable[object] = ()) -> pd.DataFrame | None:
        """``compute()``, remembered in the cache next to the parsed inputs it reads
        (see ``cx_cli.io.cache.ResultCache``); computed afresh when the cache is off.

        ``needs`` names inputs as parsed for this command (``"orders"``: its columns)
        or as files (``"orders:files"``: any command reading the same exports the same
        way), for results that do not depend on which columns were read. When rows were
        excluded for a bad value, ``"orders:files"`` also names those exclusions.
        """
        return self.memoizer()(kind, needs, compute, parts, code)

    def memoizer(self) -> Memo:
        """``memo`` without the frames: for holding on after the dataset is let go."""
        return Memo(self.cache_dir, dict(self.cache_keys))

    @property
    def remembering(self) -> Memo | None:
        """``memoizer()`` when the cache is on, else None: a caller that keeps its own
        result then skips building the frame the cache would store."""
        return self.memoizer() if self.cache_dir is not None else None


@dataclass(frozen=True)
class Memo:
    cache_dir: Path | None
    cache_keys: dict[str, str]

    def __call__(self, kind: str, needs: Iterable[str],
                 compute: Callable[[], pd.DataFrame | None], parts: dict | None = None,
                 code: Iterable[object] = ()) -> pd.DataFrame | None:
        if self.cache_dir is None:
            return compute()
        from cx_cli.io.cache import ResultCache

        return ResultCache(self.cache_dir, self.cache_keys).frame(kind, needs, compute,
                                                                  parts, code)

    def peek(self, kind: str, needs: Iterable[str], parts: dict | None = None,
             code: Iterable[object] = ()) -> pd.DataFrame | None:
        """The remembered frame, or None (not remembered, or the cache is off)."""
        if self.cache_dir is None:
            return None
        from cx_cli.io.cache import ResultCache

        return ResultCache(self.cache_dir, self.cache_keys).peek(kind, needs, parts, code)

    def text(self, kind: str, needs: Iterable[str], compute: Callable[[], str],
             parts: dict | None = None, code: Iterable[object] = ()) -> str:
        """As calling the memo, for one big text (``ResultCache.text``)."""
        if self.cache_dir is None:
            return compute()
        from cx_cli.io.cache import ResultCache

        return ResultCache(self.cache_dir, self.cache_keys).text(kind, needs, compute, parts,
                                                                 code)


def parse_settings_of(settings: Settings):
    from cx_cli.io.exports import ParseSettings

    shop = settings.shop
    return ParseSettings(tz=shop.tz, day_first=shop.dayfirst, decimal_comma=shop.decimal_is_comma)


def _run_overlapped(load: Callable, jobs: list, progress: Callable[[str], None] | None,
                    meanwhile: Callable[[], None] | None = None) -> None:
    """``load(job)`` for every job, then ``meanwhile()``: the orders in this thread, the
    rest and then ``meanwhile`` in another, so both cores work while the orders parse.

    Errors surface in the order of ``jobs``, a load's before ``meanwhile``'s.
    """
    rest = jobs[1:] if jobs and jobs[0][0] == "orders" else jobs
    if len(rest) == len(jobs) or (not rest and meanwhile is None):
        for job in jobs:
            if progress:
                progress(job[0])
            load(job)
        if meanwhile is not None:
            meanwhile()
        return
    import threading

    failed = threading.Event()
    errors: list[BaseException] = []

    def second_thread() -> None:
        try:
            for job in rest:
                if failed.is_set():
                    return
                load(job)
            if meanwhile is not None and not failed.is_set():
                meanwhile()
        except BaseException as exc:  # handed to this thread, in order (below)
            errors.append(exc)

    # A daemon: when the orders fail, their error is shown at once and the process may
    # exit without waiting for the other thread's classifying.
    other = threading.Thread(target=second_thread, name="cx-load", daemon=True)
    other.start()
    try:
        if progress:
            progress(jobs[0][0])
        load(jobs[0])
    except BaseException:
        failed.set()  # the other thread stops at its next step
        raise
    for job in rest:
        if progress:
            progress(job[0])
    other.join()
    if errors:
        raise errors[0]


def cache_enabled(settings: Settings) -> bool:
    return settings.cache.enabled and not os.environ.get("CX_NO_CACHE")


def _load_cached(settings: Settings, name: str, files: list[Path], parse_settings, mapping,
                 fields: Iterable[str] | None = None, cache=None, key: str | None = None,
                 reads=None):
    """Load one input, through the Parquet cache when ``cache`` and ``key`` are given.

    ``reads``: the orders' files already being read (``exports.start_reading``).
    Returns the frame, its report, its cache key (None without the cache) and whether
    the files were parsed (not read back from the cache).
    """
    from cx_cli.io.loaders import LOADERS, frame_dtypes

    kwargs = {"fields": sorted(fields)} if fields is not None and name == "orders" else {}
    if reads is not None:
        kwargs["reads"] = reads
    if cache is None or key is None:
        loaded = LOADERS[name](files, parse_settings, mapping, **kwargs)
        return loaded.frame, loaded.report, None, True
    hit = cache.get(key, frame_dtypes(name, parse_settings))
    if hit is not None:
        return *hit, key, False
    loaded = LOADERS[name](files, parse_settings, mapping, **kwargs)
    cache.put(key, loaded.frame, loaded.report)
    return loaded.frame, loaded.report, key, True


def _order_fields(name: str, fields: Mapping[str, Iterable[str]] | None) -> list[str] | None:
    wanted = (fields or {}).get(name)
    return sorted(wanted) if wanted is not None and name == "orders" else None


def _start_reading_orders(jobs: list, fields: Mapping[str, Iterable[str]] | None, cache):
    """Start reading the order exports (unless the cache has them), before anything
    imports pandas: pyarrow reads with the GIL released, so the imports cost no time."""
    job = next((j for j in jobs if j[0] == "orders"), None)
    if job is None or (cache is not None and job[3] is not None and cache.has(job[3])):
        return None
    from cx_cli.io.exports import start_reading
    from cx_cli.io.schemas import ORDER_DEDUP_FIELDS, SCHEMAS

    _, files, mapping, _ = job
    return start_reading(files, SCHEMAS["orders"], mapping, (fields or {}).get("orders"),
                         ORDER_DEDUP_FIELDS)


def load_dataset(settings: Settings, paths: dict[str, list[Path]], needed: Iterable[str],
                 *, strict: bool = False, require: Iterable[str] = (),
                 progress: Callable[[str], None] | None = None,
                 fields: Mapping[str, Iterable[str]] | None = None,
                 meanwhile: Callable[[Dataset], Any] | None = None) -> Dataset:
    """Load the inputs in ``needed`` that have files; ``require`` ones must have files.

    ``fields`` narrows an input to the canonical columns a command uses (orders only,
    where it pays); without it every column of the schema is loaded. The smaller inputs
    load in a second thread while the orders load (pyarrow's readers and kernels release
    the GIL); results and errors come back in the order of ``needed`` all the same.

    ``meanwhile(ds)``, when given, runs once every input but the orders has loaded, in
    that second thread while the orders still parse; its result is kept as
    ``ds.meanwhile``. It is for work on the smaller inputs (classifying their texts) that
    need not wait for a million order lines, and must not read ``ds.orders``.
    """
    from cx_cli.io.exports import ColumnMapping
    from cx_cli.memory import limit_malloc_arenas

    limit_malloc_arenas()  # before the loading threads first allocate
    needed = tuple(needed)
    for name in require:
        if not paths.get(name):
            raise InputError(f"no {name} export given",
                             f"pass --{name} PATH or set inputs.{name} in cx.yaml")
    ds = Dataset(paths=paths)
    cache = None
    if cache_enabled(settings):
        from cx_cli.io.cache import ParseCache

        ds.cache_dir = settings.resolve(settings.cache.dir)
        cache = ParseCache(ds.cache_dir)
    parse_settings = parse_settings_of(settings)
    jobs = []
    for name in needed:
        files = paths.get(name)
        if not files:
            continue
        if name == "products":
            jobs.append((name, files, None, None))
            continue
        spec = getattr(settings.columns, name)
        mapping = ColumnMapping(spec.preset, dict(spec.map))
        key = None
        if cache is not None:
            from cx_cli.io.cache import cache_key

            # Keys first, in this thread: content hashes are remembered in one file.
            key = cache_key(name, files, parse_settings, mapping, _order_fields(name, fields),
                            memo=cache.hashes)
            ds.cache_keys[f"{name}:files"] = cache_key(name, files, parse_settings, mapping,
                                                       None, memo=cache.hashes)
        jobs.append((name, files, mapping, key))

    reads = _start_reading_orders(jobs, fields, cache)

    def load(job) -> None:
        """Load one input and put it on ``ds`` (each input is set by one thread only)."""
        name, files, mapping, key = job
        if name == "products":
            ds.catalog = load_catalog(files)
            return
        frame, report, key, parsed = _load_cached(
            settings, name, files, parse_settings, mapping, (fields or {}).get(name), cache,
            key, reads if name == "orders" else None)
        if parsed:
            ds.parsed.add(name)  # (a set: each thread adds its own inputs)
        if key is not None:
            from cx_cli.io.cache import with_exclusions

            ds.cache_keys[name] = key
            files_key = f"{name}:files"
            ds.cache_keys[files_key] = with_exclusions(ds.cache_keys[files_key], report)
        setattr(ds, name, frame)
        ds.reports[name] = report

    def run_meanwhile() -> None:
        ds.meanwhile = meanwhile(ds)

    try:
        _run_overlapped(load, jobs, progress, run_meanwhile if meanwhile is not None else None)
    finally:
        if reads is not None:
            reads.cancel()  # reads not started yet, after an error (or a late cache hit)
    # Reports in the order of ``needed`` whichever thread finished first.
    ds.reports = {name: ds.reports[name] for name in needed if name in ds.reports}
    if strict:
        lines = ds.warning_lines()
        if lines:
            raise BadRowsError("rows were excluded and --strict is set:\n  " + "\n  ".join(lines),
                               "fix the rows in the export, or run without --strict")
    return ds
