"""`cx report` end to end on the small shop in tests/data/report_shop (as of 2026-11-25).

The shop (make_shop.py): a glass kettle refunded far more often than the rest (flagged
over the last 28 days), late dispatches over TikTok's 4% in 2026-W47, a handful of
tickets with a phone number, an e-mail and a street address typed into them, and a
buyer, maria.lopez, with messages due on the day. One run is shared by most tests;
the others each make their own.
"""

from __future__ import annotations

import csv
import html as html_lib
import io
import itertools
import json
import os
import re
import shutil
import threading
import time
import types
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from filelock import FileLock
from typer.testing import CliRunner

from cx_cli.cli.main import app
from cx_cli.engines.pseudonyms import pseudonym, shop_salt
from cx_cli.engines.report import FailOn, parse_fail_on
from cx_cli.errors import CxError
from cx_cli.io import publish
from cx_cli.render.charts import refund_chart, tick_text, trend_chart
from cx_cli.render.output import FORMULA_PREFIXES
from cx_cli.render.report import HTML_MESSAGES, FileTexts, index_html

SHOP = Path(__file__).parent / "data" / "report_shop"
DAY = "2026-11-25"
WEEK = "2026-W47"
PAYLOAD = '=HYPERLINK("http://x","click")'
FAIL_ON = ("--fail-on", "late_dispatch_rate>0.04", "--fail-on", "refund_rate>=50%")
EXPECTED_FILES = sorted([
    "index.html",
    *(f"{WEEK}/{name}-{WEEK}.{ext}" for name in ("scorecard", "health", "voc")
      for ext in ("md", "csv", "json")),
    *(f"{WEEK}/{name}-{DAY}.{ext}" for name in ("refunds", "messages")
      for ext in ("md", "csv", "json")),
    f"{WEEK}/report-{DAY}.html", f"{WEEK}/run-{DAY}.json",
])
# What the export and the tickets hold that must never reach a report.
PRIVATE = ["415-555-0134", "(+1)415555", "4155550", "maria.lopez@example.com",
           "Market Street", "Baker Street", "Buyer Number"]


def copy_shop(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for path in SHOP.iterdir():
        if path.suffix in (".csv", ".yaml"):
            shutil.copy(path, folder / path.name)
    return folder


def cx_report(shop: Path, out: Path, *args: str, day: str = DAY):
    return CliRunner().invoke(app, ["report", "--config", str(shop / "cx.yaml"), "--date", day,
                                    "--out", str(out), *args], catch_exceptions=False)


def files_under(out: Path) -> list[str]:
    return sorted(p.relative_to(out).as_posix() for p in out.rglob("*")
                  if p.is_file() and not p.name.startswith("."))


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """One report run shared by the read-only tests: (result, output folder)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("CX_NO_CACHE", "1")
        mp.delenv("CX_CONFIG", raising=False)
        mp.setenv("NO_COLOR", "1")
        shop = copy_shop(tmp_path_factory.mktemp("shop"))
        out = tmp_path_factory.mktemp("reports")
        result = cx_report(shop, out, *FAIL_ON)
    return result, out, shop


# --- the files ----------------------------------------------------------------------------


def test_run_writes_every_file_named_by_week_and_date(run):
    result, out, _ = run
    assert files_under(out) == EXPECTED_FILES
    # One log line per file written, in cron-friendly plain text.
    logged = [line.removeprefix("wrote ") for line in result.stderr.splitlines()
              if line.startswith("wrote ")]
    assert sorted(Path(p).relative_to(out).as_posix() for p in logged) == EXPECTED_FILES
    assert "\x1b[" not in result.stderr


@pytest.mark.parametrize("name", [
    f"scorecard-{WEEK}.md", f"scorecard-{WEEK}.json", f"health-{WEEK}.md",
    f"health-{WEEK}.json", f"voc-{WEEK}.md", f"voc-{WEEK}.json", f"refunds-{DAY}.md",
    f"refunds-{DAY}.json", f"messages-{DAY}.md", f"messages-{DAY}.json", f"run-{DAY}.json",
])
def test_golden(run, golden, name):
    _, out, _ = run
    golden(f"report/{name}", (out / WEEK / name).read_text(encoding="utf-8"))


def test_fail_on_breach_exits_1_after_writing_everything(run):
    result, out, _ = run
    assert result.exit_code == 1
    assert "Threshold breached: late_dispatch_rate is 12.5% in 2026-W47 (--fail-on " \
           "late_dispatch_rate > 0.04)" in result.stderr
    assert "refund_rate" not in result.stderr.split("Threshold breached")[-1]
    manifest = json.loads((out / WEEK / f"run-{DAY}.json").read_text(encoding="utf-8"))
    assert manifest["breaches"] == [{"metric": "late_dispatch_rate",
                                     "rule": "late_dispatch_rate > 0.04", "value": 0.125}]
    assert (out / "index.html").is_file()


def test_the_report_agrees_with_the_commands(run):
    """The sections are what cx scorecard / refunds / voc / messages due print."""
    _, out, shop = run
    for command, name in ((["scorecard"], f"scorecard-{WEEK}"), (["refunds"], f"refunds-{DAY}"),
                          (["voc"], f"voc-{WEEK}"), (["messages", "due"], f"messages-{DAY}")):
        result = CliRunner().invoke(app, [*command, "-f", "json", "--date", DAY, "--config",
                                          str(shop / "cx.yaml")], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        expected = json.loads(result.stdout)
        written = json.loads((out / WEEK / f"{name}.json").read_text(encoding="utf-8"))
        assert written == expected, command


def test_no_phone_email_or_address_in_any_file(run):
    _, out, _ = run
    for path in out.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            for private in PRIVATE:
                assert private not in text, (path.name, private)


# --- the HTML page ------------------------------------------------------------------------


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def parse_page(path: Path) -> tuple[_Page, str]:
    html = path.read_text(encoding="utf-8")
    page = _Page()
    page.feed(html)
    return page, html


def test_html_has_the_charts_and_the_numbers(run):
    _, out, _ = run
    page, html = parse_page(out / WEEK / f"report-{DAY}.html")
    svgs = [attrs for tag, attrs in page.tags if tag == "svg"]
    # 15 scorecard trends (the business-hour ones are not configured), 4 health trends,
    # refunds by SKU, issues by week.
    assert len(svgs) == 21
    text = " ".join(" ".join(page.text).split())
    assert f"Week {WEEK} (2026-11-16 to 2026-11-22" in text
    assert "25.0%" in text                       # this week's cohort refund rate
    assert "shop rate 20.0%" in text             # refunds, last 28 days
    assert "KETTLE-GLS : 50.0% of 14 lines refunded (95% interval 26.8%–73.2%)" in text
    assert "Moved the wrong way — the common fix" in text
    assert "over threshold" in text and "needs owner" in text
    assert "Messages due today (11)" in text and "review request 8" in text
    # Each chart is well-formed SVG on its own.
    for chunk in re.findall(r"<svg\b.*?</svg>", html, flags=re.S):
        ET.fromstring(chunk)
    # Chart ids are unique across the page.
    ids = re.findall(r'\bid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_html_tables_scroll_in_their_box_on_a_phone(run):
    # At 420 px the VoC table is about 1,050 px wide: without a scrolling wrapper the
    # whole page scrolls sideways and the health table's Status column sits past the
    # edge of its box.
    _, out, _ = run
    _, html = parse_page(out / WEEK / f"report-{DAY}.html")
    tables = len(re.findall(r"<table\b", html))
    assert tables >= 4
    assert len(re.findall(r'<div class="scroll"><table\b', html)) == tables
    assert re.search(r"\.scroll \{ overflow-x: auto; \}", html)


def test_html_needs_no_network(run):
    _, out, _ = run
    for name in (f"{WEEK}/report-{DAY}.html", "index.html"):
        page, html = parse_page(out / name)
        for tag, attrs in page.tags:
            for key in ("src", "href", "xlink:href", "action", "data"):
                value = (attrs.get(key) or "").strip().lower()
                assert not value.startswith(("http://", "https://", "//")), (tag, key, value)
        assert not re.search(r"url\(\s*['\"]?(https?:)?//", html)
        assert "@import" not in html and "<script" not in html.lower()


def test_index_links_the_run(run):
    _, out, _ = run
    page, _ = parse_page(out / "index.html")
    hrefs = [attrs["href"] for tag, attrs in page.tags if tag == "a"]
    assert f"{WEEK}/report-{DAY}.html" in hrefs
    assert f"{WEEK}/messages-{DAY}.csv" in hrefs
    assert all((out / h).is_file() for h in hrefs)


def test_index_lists_runs_newest_first(tmp_path):
    def fake_run(week: str, day: str, manifest: bool = True) -> None:
        folder = tmp_path / week
        folder.mkdir(exist_ok=True)
        (folder / f"report-{day}.html").write_text("<html></html>", encoding="utf-8")
        if manifest:
            (folder / f"run-{day}.json").write_text(json.dumps({
                "date": day, "week": week, "html": f"report-{day}.html", "shop": "Acme",
                "files": [f"report-{day}.html", f"missing-{day}.csv"],
                "headline": {"refund_rate": 0.05, "messages_due": 3}}), encoding="utf-8")

    fake_run("2026-W46", "2026-11-18")
    fake_run("2026-W47", "2026-11-25")
    fake_run("2026-W47", "2026-11-24", manifest=False)
    (tmp_path / "2026-W47" / "run-2026-11-23.json").write_text("{not json", encoding="utf-8")
    (tmp_path / "2026-W47" / "report-2026-11-23.html").write_text("x", encoding="utf-8")
    runs = publish.scan_runs(tmp_path)
    page = _Page()
    page.feed(index_html(runs))
    links = [a["href"] for tag, a in page.tags if tag == "a"]
    assert [link for link in links if "report-" in link] == [
        "2026-W47/report-2026-11-25.html", "2026-W47/report-2026-11-24.html",
        "2026-W47/report-2026-11-23.html", "2026-W46/report-2026-11-18.html"]
    assert not any("missing-" in link for link in links)  # listed files must exist
    assert "5.0%" in " ".join(page.text)


# --- unattended safety --------------------------------------------------------------------


def test_a_rerun_for_the_same_date_replaces_its_files(run, tmp_path):
    _, first, shop = run
    out = tmp_path / "out"
    shutil.copytree(first, out)
    result = cx_report(shop, out, *FAIL_ON, "--quiet")
    assert result.exit_code == 1
    assert result.stderr.startswith("Threshold breached")  # --quiet: no file lines
    assert files_under(out) == EXPECTED_FILES
    for name in EXPECTED_FILES:  # the same data gives byte-identical files
        assert (out / name).read_bytes() == (first / name).read_bytes(), name


def test_a_backfill_leaves_the_weeks_files_of_the_later_run(run, tmp_path):
    """The index promises the week's scorecard, health and VoC files are the newest
    run's: a run for an earlier day of the same week writes only its own day's files."""
    _, first, shop = run  # 2026-11-25
    out = tmp_path / "out"
    shutil.copytree(first, out)
    later = "2026-11-26"  # the same week, W47, is the last complete one
    assert cx_report(shop, out, "-q", day=later).exit_code == 0
    weekly = out / WEEK / f"scorecard-{WEEK}.json"
    assert json.loads(weekly.read_text(encoding="utf-8"))["as_of"] == later
    before = {p.name: p.read_bytes() for p in (out / WEEK).glob(f"*-{WEEK}.*")}
    assert cx_report(shop, out, "-q").exit_code == 0  # 2026-11-25 again: a backfill
    assert {p.name: p.read_bytes() for p in (out / WEEK).glob(f"*-{WEEK}.*")} == before
    manifest = json.loads((out / WEEK / f"run-{DAY}.json").read_text(encoding="utf-8"))
    assert not [f for f in manifest["files"] if WEEK in f]
    assert (out / WEEK / f"messages-{DAY}.json").is_file()
    page = (out / WEEK / f"report-{DAY}.html").read_text(encoding="utf-8")
    assert f"later run of {later}; this run left them as they were" in page
    # The later day's rerun still writes them.
    assert cx_report(shop, out, "-q", day=later).exit_code == 0
    assert json.loads(weekly.read_text(encoding="utf-8"))["as_of"] == later


def test_a_rerun_without_a_section_removes_that_sections_older_files(run, tmp_path):
    """The week's newest run wins: run again without tickets, reviews and comments, the
    week has no VoC, and the earlier run's VoC files go rather than sit beside a
    manifest (and an index) that no longer lists them."""
    _, first, shop = run
    out = tmp_path / "out"
    shutil.copytree(first, out)
    voc = [f"voc-{WEEK}.{ext}" for ext in ("md", "csv", "json")]
    assert all((out / WEEK / name).is_file() for name in voc)
    config = shop / "cx.yaml"
    text = config.read_text(encoding="utf-8")
    config.write_text("".join(line for line in text.splitlines(keepends=True)
                              if not line.strip().startswith(("tickets:", "reviews:",
                                                              "comments:"))),
                      encoding="utf-8")
    try:
        result = cx_report(shop, out)
    finally:
        config.write_text(text, encoding="utf-8")
    assert result.exit_code in (0, 1), result.output
    assert not any((out / WEEK / name).exists() for name in voc)
    assert f"removed {out / WEEK / voc[0]}" in result.stderr
    manifest = json.loads((out / WEEK / f"run-{DAY}.json").read_text(encoding="utf-8"))
    assert not [f for f in manifest["files"] if f.startswith("voc-")]
    assert (out / WEEK / f"scorecard-{WEEK}.json").is_file()


def test_a_locked_folder_waits_then_exits_2_naming_the_lock(run, tmp_path):
    _, _, shop = run
    out = tmp_path / "out"
    out.mkdir()
    lock = out / ".cx-report.lock"
    started = time.monotonic()
    with FileLock(str(lock)):
        result = cx_report(shop, out, "--lock-timeout", "0.3")
    assert time.monotonic() - started >= 0.3
    assert result.exit_code == 2
    assert f"another cx report is writing to {out} (lock {lock} held" in result.stderr
    assert files_under(out) == []


def test_a_folder_where_the_lock_cannot_be_made_is_exit_2_not_a_traceback(run, tmp_path):
    """A read-only folder (or a folder in the lock's place) is an input error like any
    unwritable --out, before anything is loaded."""
    _, _, shop = run
    out = tmp_path / "out"
    (out / ".cx-report.lock").mkdir(parents=True)
    result = CliRunner().invoke(app, ["report", "--config", str(shop / "cx.yaml"), "--date",
                                      DAY, "--out", str(out), "--lock-timeout", "0.2"])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert f"Error: cannot lock the report folder {out}" in result.stderr
    assert files_under(out) == []


def test_an_out_that_is_a_file_or_goes_through_one_says_so(run, tmp_path):
    # `--out weekly.html`: "cannot create the report folder weekly.html: File exists".
    _, _, shop = run
    page = tmp_path / "weekly.html"
    page.write_text("mine")
    for out, said, hint in [
            (page, f"the report folder {page} is a file: cx report writes a folder of files",
             "give --out (or reports.out in cx.yaml) a folder; cx creates it"),
            (page / "w", f"cannot create the report folder {page / 'w'}: {page} is a file, "
             "not a folder", "give --out (or reports.out in cx.yaml) a folder path that does "
             f"not go through the file {page}")]:
        result = CliRunner().invoke(app, ["report", "--config", str(shop / "cx.yaml"),
                                          "--date", DAY, "--out", str(out)])
        assert result.exit_code == 2, result.output
        assert f"Error: {said}" in result.stderr
        assert f"Hint: {hint}" in " ".join(result.stderr.split())
    assert page.read_text() == "mine"
    # A folder where a report file goes (made by hand): moving it aside is the way out.
    out = tmp_path / "out"
    (out / WEEK / f"scorecard-{WEEK}.md").mkdir(parents=True)
    result = CliRunner().invoke(app, ["report", "--config", str(shop / "cx.yaml"), "--date",
                                      DAY, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert f"Hint: move the folder {out / WEEK / f'scorecard-{WEEK}.md'} aside" in \
        " ".join(result.stderr.split())


def test_a_run_clears_the_temp_files_of_a_run_killed_mid_write(run, tmp_path):
    """A run killed while writing (SIGKILL, a power cut) leaves its temp file beside the
    target; the next run, holding the lock, removes them, so half-written copies of a big
    day's messages do not pile up. Other hidden files are left alone."""
    _, _, shop = run
    out = tmp_path / "out"
    killed = [out / WEEK / f".messages-{DAY}.json.k2x_9a1q.tmp",
              out / "2026-W45" / ".report-2026-11-10.html.abcdefgh.tmp",
              out / ".index.html.0p9o8i7u.tmp"]
    kept = [out / WEEK / ".notes.txt.tmp", out / WEEK / ".keep"]
    for path in killed + kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text('{"half": ', encoding="utf-8")
    assert cx_report(shop, out, "-q").exit_code == 0
    assert [p for p in killed if p.exists()] == []
    assert all(p.exists() for p in kept)


def test_two_runs_never_interleave(tmp_path, monkeypatch):
    """Two writers on one folder (threads, as two cron runs would be processes): one
    waits for the other's lock, so each run's files are written as one block."""
    events: list[str] = []
    real = publish.write_atomic

    def slow_write(path: Path, text: str, encoding: str = "utf-8") -> None:
        events.append(text[0])  # the run that wrote it
        time.sleep(0.01)
        real(path, text, encoding)

    monkeypatch.setattr(publish, "write_atomic", slow_write)

    def one_run(name: str) -> None:
        with publish.report_lock(tmp_path, timeout=10):
            publish.write_files(tmp_path, {f"{name}-{i}.txt": name * 50 for i in range(6)})
            publish.write_one(tmp_path / "index.html", name)

    threads = [threading.Thread(target=one_run, args=(n,), name=n) for n in "ab"]
    for t in threads:
        t.start()
    for t in threads:
        t.join(10)
    assert len(events) == 14
    switches = sum(1 for x, y in itertools.pairwise(events) if x != y)
    assert switches == 1, events
    assert (tmp_path / "index.html").read_text() == events[-1]
    for name in "ab":
        assert all((tmp_path / f"{name}-{i}.txt").read_text() == name * 50 for i in range(6))


class _HalfWriter:
    """A file that writes half of what it is given, then fails like a full disk."""

    def __init__(self, fh) -> None:
        self.fh = fh

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> bool:
        self.fh.close()
        return False

    def write(self, data) -> None:
        self.fh.write(data[: len(data) // 2])
        self.fh.flush()
        raise OSError(28, "No space left on device")


def _fail_writing(monkeypatch, name: str) -> None:
    """Make cx_cli.io.files write half of the file called ``name``, then fail."""
    import tempfile

    import cx_cli.io.files as files

    current = {"prefix": ""}
    fake_tempfile = types.ModuleType("tempfile")
    fake_tempfile.__dict__.update(vars(tempfile))

    def mkstemp(*args, **kwargs):
        current["prefix"] = kwargs.get("prefix", "")
        return tempfile.mkstemp(*args, **kwargs)

    fake_os = types.ModuleType("os")
    fake_os.__dict__.update(vars(os))

    def fdopen(fd, *args, **kwargs):
        fh = os.fdopen(fd, *args, **kwargs)
        return _HalfWriter(fh) if current["prefix"] == f".{name}." else fh

    fake_tempfile.mkstemp = mkstemp  # type: ignore[attr-defined]
    fake_os.fdopen = fdopen  # type: ignore[attr-defined]
    monkeypatch.setattr(files, "tempfile", fake_tempfile)
    monkeypatch.setattr(files, "os", fake_os)


def test_the_next_file_is_made_while_one_is_written(tmp_path, monkeypatch):
    """A big day's messages files take 0.2–0.3 s each to reach the disk: the next text
    is made meanwhile, but only one file is written at a time, and in order."""
    events: list[str] = []
    real = publish.write_atomic

    def slow_write(path: Path, text: str, encoding: str = "utf-8") -> None:
        events.append(f"write {path.name}")
        time.sleep(0.2)
        real(path, text, encoding)
        events.append(f"wrote {path.name}")

    def made(name: str):
        def text() -> str:
            events.append(f"make {name}")
            return name * 10
        return text

    monkeypatch.setattr(publish, "write_atomic", slow_write)
    files = FileTexts()
    for name in ("a.md", "b.csv", "c.json"):
        files[name] = made(name)
    heard: list[str] = []
    written = publish.write_files(tmp_path, files, on_write=lambda p: heard.append(p.name))
    assert [p.name for p in written] == heard == ["a.md", "b.csv", "c.json"]
    at = {event: i for i, event in enumerate(events)}
    assert at["make b.csv"] < at["wrote a.md"] < at["write b.csv"]  # made while a is written
    assert at["make c.json"] < at["wrote b.csv"] < at["write c.json"]
    assert at["make a.md"] < at["write a.md"] and len(events) == 9
    assert (tmp_path / "c.json").read_text() == "c.json" * 10


def test_a_file_written_before_the_next_text_fails_is_still_reported(tmp_path):
    def broken() -> str:
        raise CxError("the next text cannot be made")

    files = FileTexts()
    files["a.md"] = "aaa\n"
    files["b.csv"] = broken
    heard: list[str] = []
    with pytest.raises(CxError, match="the next text"):
        publish.write_files(tmp_path, files, on_write=lambda p: heard.append(p.name))
    assert heard == ["a.md"] and (tmp_path / "a.md").read_text() == "aaa\n"


def test_a_failed_write_leaves_no_partial_file(tmp_path, monkeypatch):
    _fail_writing(monkeypatch, "b.md")
    (tmp_path / "b.md").write_text("previous run\n", encoding="utf-8")
    with pytest.raises(CxError, match=r"cannot write .*b\.md: No space left on device"):
        publish.write_files(tmp_path, {"a.md": "new a\n", "b.md": "x" * 4000,
                                       "c.md": "new c\n"})
    assert (tmp_path / "a.md").read_text() == "new a\n"
    assert (tmp_path / "b.md").read_text() == "previous run\n"   # not truncated
    assert not (tmp_path / "c.md").exists()                     # never started
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.md", "b.md"]  # no temp file


def test_a_run_killed_mid_write_keeps_the_previous_file(run, tmp_path, monkeypatch):
    _, _, shop = run
    out = tmp_path / "out"
    target = out / WEEK / f"scorecard-{WEEK}.json"
    target.parent.mkdir(parents=True)
    target.write_text("previous run\n", encoding="utf-8")
    _fail_writing(monkeypatch, target.name)
    result = cx_report(shop, out)
    assert result.exit_code == 2
    assert f"cannot write {target}: No space left on device" in result.stderr
    assert target.read_text(encoding="utf-8") == "previous run\n"
    assert [p.name for p in out.rglob("*.tmp")] == []
    assert files_under(out) == [f"{WEEK}/scorecard-{WEEK}.csv", f"{WEEK}/scorecard-{WEEK}.json",
                                f"{WEEK}/scorecard-{WEEK}.md"]
    with FileLock(str(out / ".cx-report.lock"), timeout=0):  # released
        pass


# --- safe output --------------------------------------------------------------------------


def _rewrite(path: Path, change) -> None:
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.reader(fh))
    rows = [rows[0], *(change(dict(zip(rows[0], r, strict=True))) for r in rows[1:])]
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(
            [rows[0], *([r[c] for c in rows[0]] for r in rows[1:])])


def test_formulas_are_neutralised_in_every_csv_and_html_is_escaped(tmp_path):
    shop = copy_shop(tmp_path / "shop")

    def orders(row):
        if row["Order ID"] == "576400100066":      # its confirmation is due on the day
            row["Buyer Username"] = PAYLOAD
        if row["Order ID"] == "576400100040":      # in W47's cohort and the 28 days
            row["Seller SKU"] = PAYLOAD
        return row

    def tickets(row):
        if row["ticket_id"] == "T10":
            row["subcategory"] = PAYLOAD
        if row["ticket_id"] == "T07":
            row["subject"] = f"<script>alert(1)</script> {PAYLOAD} where is my order?"
        return row

    _rewrite(shop / "orders.csv", orders)
    _rewrite(shop / "tickets.csv", tickets)
    out = tmp_path / "out"
    assert cx_report(shop, out, "-q").exit_code == 0
    carried = set()
    for path in sorted(out.rglob("*.csv")):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8"))):
            for cell in row:
                if cell.startswith(FORMULA_PREFIXES):
                    float(cell)  # only numbers may start like a formula (-0.2)
                if cell.startswith("'=") and "HYPERLINK" in cell.upper():
                    carried.add(path.name.split("-")[0])
    assert carried == {"scorecard", "refunds", "voc", "messages"}
    html = (out / WEEK / f"report-{DAY}.html").read_text(encoding="utf-8")
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_messages_the_lint_refuses_exit_1_and_are_counted_without_their_contacts(tmp_path):
    """A template that puts a phone number and an e-mail in messages: the report leaves
    those messages out, says so on stderr even with -q, counts them in the manifest and
    the index, and exits 1 after writing every file. The page lists the findings with
    the contact details masked."""
    shop = copy_shop(tmp_path / "shop")
    own = shop / "my_templates" / "messages"
    own.mkdir(parents=True)
    (own / "order_confirmation.txt.j2").write_text(
        "Thanks {{ order.buyer }}! Questions? WhatsApp us at +44 7700 900123 or email "
        "help@acme.com\n", encoding="utf-8")
    config = shop / "cx.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "templates: my_templates\n",
                      encoding="utf-8")
    out = tmp_path / "out"
    result = cx_report(shop, out, "-q")
    assert result.exit_code == 1
    assert files_under(out) == EXPECTED_FILES
    assert "Refused by the policy lint:" in result.stderr
    assert f"not in messages-{DAY}.csv" in result.stderr
    manifest = json.loads((out / WEEK / f"run-{DAY}.json").read_text(encoding="utf-8"))
    refused = manifest["headline"]["messages_refused"]
    assert refused > 0
    listed = json.loads((out / WEEK / f"messages-{DAY}.json").read_text(encoding="utf-8"))
    assert manifest["headline"]["messages_due"] == len(listed)
    assert f"{refused} refused" in (out / "index.html").read_text(encoding="utf-8")
    for path in out.rglob("*.*"):
        body = path.read_text(encoding="utf-8")
        assert "7700 900123" not in body and "help@acme.com" not in body, path.name
    page = (out / WEEK / f"report-{DAY}.html").read_text(encoding="utf-8")
    assert "Refused by the policy lint" in page and "CX201" in page


def test_redact_leaves_no_buyer_name_in_any_file(tmp_path):
    """--redact, with the output folder from cx.yaml (reports.out) and --fail-on
    flagged_skus: one run for three things a cron job relies on."""
    shop = copy_shop(tmp_path / "shop")
    with open(shop / "cx.yaml", "a", encoding="utf-8") as fh:
        fh.write("reports: {out: weekly}\n")
    # Names written in another case, and a commenter's handle, in texts VoC quotes.
    with open(shop / "tickets.csv", "a", encoding="utf-8") as fh:
        for i in range(3):
            fh.write(f"TQ{i},,user1004,2026-11-1{i} 10:00:00,,,chat,open,,,,,"
                     "Hey USER1004 here - can I change the address?,\n")
    with open(shop / "comments.csv", "a", encoding="utf-8") as fh:
        for i in range(3):
            fh.write(f"CQ{i},V1,2026-11-1{i} 10:00:00,kelly.smith22,"
                     "@Kelly.Smith22 here - when is the restock of the kettle?\n")
    result = CliRunner().invoke(app, ["report", "--config", str(shop / "cx.yaml"), "--date",
                                      DAY, "--redact", "-q", "--fail-on", "flagged_skus>=1"],
                                catch_exceptions=False)
    assert result.exit_code == 1  # KETTLE-GLS is flagged
    # Flagged over the refunds section's 28 days, not in the week the report is of.
    assert result.stderr == ("Threshold breached: flagged_skus is 1 in the lines paid "
                             "2026-10-28 to 2026-11-24 (--fail-on flagged_skus >= 1)\n")
    out = shop / "weekly"
    names = set()
    for source, column in (("orders.csv", "Buyer Username"), ("tickets.csv", "buyer"),
                           ("reviews.csv", "buyer"), ("comments.csv", "author")):
        with open(shop / source, encoding="utf-8", newline="") as fh:
            names |= {r[column] for r in csv.DictReader(fh) if r[column]}
    assert {"maria.lopez", "kelly.smith22"} <= names
    everything = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file())
    found = sorted(n for n in names if len(n) >= 3 and re.search(
        rf"(?<![\w.]){re.escape(n)}(?![\w])", everything, re.IGNORECASE))
    assert found == []
    # Both questions are quoted, their names redacted.
    assert "here - when is the restock of the kettle?" in everything
    assert "here - can I change the address?" in everything
    maria = pseudonym("maria.lopez", shop_salt("Kettle & Co"))
    rows = json.loads((out / WEEK / f"messages-{DAY}.json").read_text(encoding="utf-8"))
    confirmation = next(r for r in rows if r["order_id"] == "576400100066")
    assert confirmation["buyer"] == maria
    assert confirmation["text"].startswith(f"Hi {maria}, thanks for your order")
    voc = json.loads((out / WEEK / f"voc-{WEEK}.json").read_text(encoding="utf-8"))
    assert f"{maria} here: is the kettle dishwasher safe?" in \
        [q["question"] for q in voc["top_questions"]]
    manifest = json.loads((out / WEEK / f"run-{DAY}.json").read_text(encoding="utf-8"))
    assert manifest["redacted"] is True
    assert "buyer names pseudonymised" in (out / WEEK / f"report-{DAY}.html").read_text(
        encoding="utf-8")


def test_redact_gives_a_buyer_one_pseudonym_in_every_section(tmp_path):
    """maria.lopez's messages show her pseudonym; her tickets, signed with her name on
    her order ("Maria Lopez") or her username in capitals, show the same one."""
    shop = copy_shop(tmp_path / "shop")
    with open(shop / "tickets.csv", "a", encoding="utf-8") as fh:
        for i in range(3):
            fh.write(f"TM{i},576400100048,Maria Lopez,2026-11-1{i} 10:00:00,,,chat,open,,,,,"
                     "Maria Lopez here - does the kettle come with a filter?,\n")
            fh.write(f"TN{i},,user1018,2026-11-1{i} 11:00:00,,,chat,open,,,,,"
                     "MARIA.LOPEZ again - can I pay in two parts?,\n")
    out = tmp_path / "out"
    assert cx_report(shop, out, "--redact", "-q").exit_code == 0
    maria = pseudonym("maria.lopez", shop_salt("Kettle & Co"))
    rows = json.loads((out / WEEK / f"messages-{DAY}.json").read_text(encoding="utf-8"))
    assert maria in {r["buyer"] for r in rows}
    voc = json.loads((out / WEEK / f"voc-{WEEK}.json").read_text(encoding="utf-8"))
    questions = [q["question"] for q in voc["top_questions"]]
    assert f"{maria} here - does the kettle come with a filter?" in questions
    assert f"{maria} again - can I pay in two parts?" in questions
    page = (out / WEEK / f"report-{DAY}.html").read_text(encoding="utf-8")
    assert f"{maria} here - does the kettle come with a filter?" in page
    assert "maria" not in page.lower().replace(maria, "")


def _due_buyers(out: Path) -> list[tuple[str, str]]:
    """(order id, buyer) of each row of the messages file a report wrote under ``out``."""
    rows = json.loads(next(out.rglob("messages-*.json")).read_text(encoding="utf-8"))
    return [(r["order_id"], r["buyer"]) for r in rows]


def test_the_buyer_column_is_the_pseudonym_and_never_a_contact_detail(tmp_path, monkeypatch):
    """On the bundled sample shop: with --redact every message's buyer column (files and
    page) is the pseudonym of its order's buyer. Without it, a username that is a phone
    number (a buyer typed "call 415-555-0199" as her name) is masked in the buyer column
    as it is in the text."""
    from cx_cli.resources import examples_dir

    monkeypatch.setenv("CX_NO_CACHE", "1")
    shop = tmp_path / "shop"
    shutil.copytree(examples_dir(), shop)
    usernames = {}
    for path in sorted((shop / "orders").glob("*.csv")):
        with open(path, encoding="utf-8-sig", newline="") as fh:
            usernames |= {r["Order ID"].strip(): r["Buyer Username"] for r in csv.DictReader(fh)}
    day = "2026-11-25"
    redacted = tmp_path / "redacted"
    assert cx_report(shop, redacted, "--redact", "-q", day=day).exit_code == 0
    due = _due_buyers(redacted)
    assert len(due) > 100
    salt = shop_salt("Brightside Home & Beauty")
    assert all(buyer == pseudonym(usernames[order], salt) for order, buyer in due)
    page = next(redacted.rglob("report-*.html")).read_text(encoding="utf-8")
    markdown = next(redacted.rglob("messages-*.md")).read_text(encoding="utf-8")
    assert all(f"| {buyer} |" in markdown for _, buyer in due)
    assert all(f">{buyer}</td>" in page for _, buyer in due[:HTML_MESSAGES])  # as many as it shows
    everything = "\n".join(p.read_text(encoding="utf-8") for p in redacted.rglob("*.*"))
    assert not {usernames[order] for order, _ in due} & set(re.findall(r"[\w.]+", everything))

    order = due[0][0]
    for path in (shop / "orders").glob("*.csv"):
        lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
        path.write_text("".join(
            line.replace(f",{usernames[order]},", ",call 415-555-0199,", 1)
            if line.startswith(order) else line for line in lines), encoding="utf-8")
    plain = tmp_path / "plain"
    assert cx_report(shop, plain, "-q", day=day).exit_code == 0
    assert dict(_due_buyers(plain))[order] == "call [phone]"
    for path in plain.rglob("*.*"):
        assert "555-0199" not in path.read_text(encoding="utf-8"), path.name


def test_redact_masks_the_products_beside_each_message_on_the_page(tmp_path):
    """The page's messages table shows each message's products beside its text: with
    --redact a buyer's name in a product name (a personalised item) is replaced there
    as it is in the text on the same row."""
    shop = copy_shop(tmp_path / "shop")
    with open(shop / "orders.csv", "a", encoding="utf-8") as fh:
        fh.write("576400100066,Awaiting shipment,,NAME-TAG,Name tag for Maria.Lopez,1,0,"
                 "2026-11-24 18:00:00,2026-11-24 18:07:00,,,,,,,"
                 "maria.lopez,Gifts,Buyer Number66,(+1)4155550066,166 Market Street\n")
    result = cx_report(shop, tmp_path / "out", "--redact", "-q")
    assert result.exit_code == 0, result.output
    page = (tmp_path / "out" / WEEK / f"report-{DAY}.html").read_text(encoding="utf-8")
    maria = pseudonym("maria.lopez", shop_salt("Kettle & Co"))
    assert page.count(f"Name tag for {maria}") == 2  # the products and the text
    assert "maria.lopez" not in page.lower()


# --- --fail-on ----------------------------------------------------------------------------


@pytest.mark.parametrize(("expression", "expected"), [
    ("refund_rate>0.08", FailOn("refund_rate", ">", 0.08, "refund_rate > 0.08")),
    (" late_dispatch_rate >= 4% ", FailOn("late_dispatch_rate", ">=", 0.04,
                                          "late_dispatch_rate >= 4%")),
    ("AVG_RATING<4.2", FailOn("avg_rating", "<", 4.2, "avg_rating < 4.2")),
    ("unanswered_tickets!=0", FailOn("unanswered_tickets", "!=", 0.0,
                                     "unanswered_tickets != 0")),
])
def test_parse_fail_on(expression, expected):
    assert parse_fail_on(expression) == expected


@pytest.mark.parametrize(("expression", "message"), [
    ("refund_rate~0.08", "is not METRIC OP NUMBER"),
    ("refund_rate>", "is not METRIC OP NUMBER"),
    ("refund_rate>abc", "is not METRIC OP NUMBER"),
    ("refund_rat>0.08", "unknown metric 'refund_rat'"),
    ("avg_rating<4%", "avg_rating is not a rate, so a percentage means nothing for it"),
    ("flagged_skus>=1%", "flagged_skus is not a rate"),
])
def test_bad_fail_on_exits_2_before_loading_anything(tmp_path, expression, message):
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["report", "--out", str(out), "--orders",
                                      str(tmp_path / "missing.csv"), "--fail-on", expression])
    assert result.exit_code == 2
    assert message in result.stderr
    if "unknown" in message:
        assert "did you mean refund_rate?" in result.stderr
    assert not out.exists()


def test_fail_on_breach_rules():
    rule = parse_fail_on("refund_rate>0.08")
    assert rule.breached(0.09) and not rule.breached(0.08) and not rule.breached(None)


# --- charts -------------------------------------------------------------------------------


def test_charts_are_inline_svg_without_external_references():
    svg = trend_chart(["2026-W46", "2026-W47"], [0.1, None], "pct", state="bad",
                      threshold=0.04, name="t")
    assert svg.startswith("<svg ") and "<?xml" not in svg and "DOCTYPE" not in svg
    assert "<metadata" not in svg and 'width="' not in svg.split(">", 1)[0]
    assert not re.search(r'href="(?!#)', svg)
    ET.fromstring(svg)
    rows = [{"sku": "A&B <1> $x^2$", "lines": 30, "refunded": 9, "rate": 0.3, "ci_low": 0.16,
             "ci_high": 0.49, "flagged": True}]
    chart = refund_chart(rows, 0.05)
    assert "A&amp;B &lt;1&gt; $x^2$" in chart  # SKU text is escaped, and never TeX
    ET.fromstring(chart)


def test_a_long_sku_is_cut_at_its_end_in_the_refund_chart_not_at_the_left_edge():
    # A 66-character SKU overran the chart's label margin and lost its first characters
    # ("ML-FRAGRANCE-FREE-…" for SERUM-VITC-30ML-FRAGRANCE-FREE-…).
    sku = "SERUM-VITC-30ML-FRAGRANCE-FREE-SENSITIVE-SKIN-LIMITED-EDITION-2026"
    rows = [{"sku": sku, "lines": 30, "refunded": 3, "rate": 0.1, "ci_low": 0.03,
             "ci_high": 0.26, "flagged": False},
            {"sku": "MOP-PAD-2PK", "lines": 30, "refunded": 0, "rate": 0.0, "ci_low": 0.0,
             "ci_high": 0.11, "flagged": False}]
    chart = refund_chart(rows, 0.05)
    texts = [t.text for t in ET.fromstring(chart).iter("{http://www.w3.org/2000/svg}text")]
    label = next(t for t in texts if t and t.startswith("SERUM-VITC-30ML"))
    assert label.endswith("…") and len(label) <= 40
    assert sku not in chart and "MOP-PAD-2PK" in texts


def test_a_pages_charts_leave_no_cycles_behind_with_the_collector_off():
    """The `cx` executable runs without the cycle collector; matplotlib's figures are
    cycles, so drawing a page's charts collects them (else thousands of objects stay)."""
    import gc

    from cx_cli.render.charts import _draw_all

    calls = [(trend_chart, (["2026-W46", "2026-W47"], [0.1, 0.2], "pct"), {})] * 3
    gc.collect()
    gc.disable()
    try:
        svgs = _draw_all(calls)
        left = gc.collect()
    finally:
        gc.enable()
    assert len(svgs) == 3 and left < 100


@pytest.mark.parametrize(("value", "fmt", "text"), [
    (0.125, "pct", "12.5%"), (0.2, "pct", "20%"), (0.0, "pct", "0%"), (12.0, "hours", "12 h"),
    (2.5, "hours", "2.5 h"), (1200, "count", "1,200"), (4.25, "stars", "4.2"),
])
def test_tick_text(value, fmt, text):
    assert tick_text(value, fmt) == text


def test_missing_orders_exits_2_before_creating_the_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["report", "--out", str(out)])
    assert result.exit_code == 2
    assert "Error: no orders export given" in result.stderr
    assert not out.exists()


# --- a big day: side work in a worker process ----------------------------------------------


@pytest.mark.parametrize(("renders_there", "charts_early"),
                         [(False, False), (True, False), (True, True)],
                         ids=["masks", "renders-a-share", "charts-while-the-day-is-worked-out"])
def test_a_big_day_draws_and_masks_in_a_worker_and_writes_the_same_files(tmp_path,
                                                                         monkeypatch,
                                                                         renders_there,
                                                                         charts_early):
    """From REPORT_WORKER_MESSAGES due, the charts and the masking of the messages (a
    render batch at a time) are done in a worker process; from RENDER_WORKER_MESSAGES,
    the worker renders and masks the last REPORT_WORKER_SHARE of the messages instead,
    and this process masks its own. With orders long enough for such a day, the worker
    starts before the day is worked out and draws the charts as soon as the weekly
    figures are in, beside the timeline. Every file is byte for byte what the
    in-process run writes, with redaction on and some messages refused on both sides."""
    import functools
    import threading

    from cx_cli.render import messages as messages_module
    from cx_cli.render import report as report_module
    from cx_cli.render import worker as worker_module
    from cx_cli.render.worker import Worker

    shop = copy_shop(tmp_path / "shop")
    own = shop / "my_templates" / "messages"
    own.mkdir(parents=True)
    # Review requests for orders ending in an even digit break the policy: refused.
    for name in ("", ".apparel", ".consumable", ".device", ".es"):
        (own / f"review_request{name}.txt.j2").write_text(
            "Hi {{ order.buyer or 'there' }}, how is the {{ item.name }}? We are at 221 Baker "
            "Street"
            "{% if order.order_id[-1] in '02468' %} Leave a 5-star review and get 10% off "
            "your next order.{% endif %}\n", encoding="utf-8")
    with open(shop / "cx.yaml", "a", encoding="utf-8") as fh:
        fh.write("templates: my_templates\n")
    monkeypatch.setenv("CX_NO_CACHE", "1")
    monkeypatch.setattr(messages_module, "render_messages",
                        functools.partial(messages_module.render_messages, batch=2))
    sent, jobs, threads = [], [], []

    def submit(self, fn, *args):
        sent.append(fn.__name__)
        threads.append(threading.current_thread().name)
        jobs.append(real_submit(self, fn, *args))
        return jobs[-1]

    real_submit = Worker.submit
    monkeypatch.setattr(Worker, "submit", submit)
    # A job the worker has not begun when its result is wanted is done here instead; on
    # a slow machine (a fresh install compiling every import) that would be any of them.
    monkeypatch.setattr(worker_module.Job, "take_back", lambda self: False)

    def files(out: Path) -> dict[str, bytes]:
        result = cx_report(shop, out, "--redact", "-q")
        assert result.exit_code == 1, result.output  # the refused messages need a human
        assert "Refused by the policy lint" in result.stderr
        return {name: (out / name).read_bytes() for name in files_under(out)
                if not name.startswith("index")}

    in_process = files(tmp_path / "in-process")
    assert sent == []
    monkeypatch.setattr(report_module, "REPORT_WORKER_MESSAGES", 1)
    if renders_there:
        monkeypatch.setattr(report_module, "RENDER_WORKER_MESSAGES", 1)
        monkeypatch.setattr(messages_module, "REPORT_WORKER_SHARE", 0.5)
    if charts_early:
        monkeypatch.setattr(worker_module, "LINES_PER_MESSAGE", 0)
    in_worker = files(tmp_path / "worker")
    if charts_early:
        assert sent == ["_import_all", "_draw_all", "render_share"]
        assert threads[1] == "cx-beside"  # the weekly figures' thread, beside the timeline
        del sent[0], jobs[0], threads[0]
    if renders_there:
        assert sent == ["_draw_all", "render_share"]
        share = jobs[1].result()
        assert not jobs[1].ran_here and share[4] is not None  # masked there too
        assert len(share[4]) == len(share[1])
    else:
        assert sent[0] == "_draw_all" and set(sent[1:]) == {"mask_all"} and len(sent) > 3
    assert all(job.collected and not job.worker_failed for job in jobs)
    assert in_worker == in_process
    rows = json.loads(in_worker[f"{WEEK}/messages-{DAY}.json"])
    asked = [r for r in rows if r["stage"] == "review_request"]
    assert 0 < len(asked) < 8  # some refused, the others kept, in order
    assert all(r["order_id"][-1] in "13579" for r in asked)
    # The worker's masking: the buyer's name in the text is the row's pseudonym.
    assert all(r["text"].startswith(f"Hi {r['buyer']}, how is the") for r in asked)
    assert all(r["buyer"].startswith("buyer-") for r in asked)
    assert all(r["text"].endswith("We are at [address]\n") for r in asked)  # masked both sides


# --- the week's figures and the day's messages at once -------------------------------------


def test_the_weeks_figures_run_in_a_second_thread_beside_the_timeline():
    import threading

    from cx_cli.threads import at_once

    assert at_once(threading.get_ident, threading.get_ident)[0] != threading.get_ident()
    assert at_once(lambda: 1, lambda: 2) == (1, 2)


@pytest.mark.parametrize("here_fails", [False, True])
def test_an_error_of_the_weeks_figures_is_raised_first(here_fails):
    """As when they ran one after the other: the scorecard's error before the timeline's,
    even when the timeline fails first."""
    import time

    from cx_cli.errors import CxError
    from cx_cli.threads import at_once

    def other():
        time.sleep(0.2)
        raise CxError("scorecard")

    def here():
        if here_fails:
            raise ValueError("timeline")
        return 2

    def timeline():
        raise ValueError("timeline")

    with pytest.raises(CxError, match="scorecard"):
        at_once(other, here)
    with pytest.raises(ValueError, match="timeline"):
        at_once(lambda: 1, timeline)


def test_ctrl_c_does_not_wait_for_the_weeks_figures():
    import time

    from cx_cli.threads import at_once

    def interrupted():
        raise KeyboardInterrupt

    start = time.perf_counter()
    with pytest.raises(KeyboardInterrupt):
        at_once(lambda: time.sleep(3), interrupted)
    assert time.perf_counter() - start < 1


def test_an_error_in_a_template_the_report_page_includes_names_that_file(tmp_path):
    """The seller's report page includes a header of their own with a misspelt field:
    the error is at the header's line, and says where the page includes it."""
    shop = copy_shop(tmp_path / "shop")
    own = shop / "my_templates" / "report"
    own.mkdir(parents=True)
    (own / "report.html.j2").write_text(
        "<html>\n<body>\n{% include 'report/_header.html.j2' %}\n</body>\n</html>\n",
        encoding="utf-8")
    (own / "_header.html.j2").write_text("<h1>{{ shop }}</h1>\n<p>{{ week.nmae }}</p>\n",
                                         encoding="utf-8")
    config = shop / "cx.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "templates: my_templates\n",
                      encoding="utf-8")
    result = cx_report(shop, tmp_path / "out", "-q")
    assert result.exit_code == 2, result.output
    assert (f"Error: template {own / '_header.html.j2'} line 2 (included from "
            f"{own / 'report.html.j2'} line 3) uses 'week.nmae' which is not available") \
        in " ".join(result.stderr.split())


@pytest.mark.parametrize(("values", "fmt"), [
    ([0.0, 0.0, 0.0, 0.0], "per1000"),   # no missing-parts tickets: 0.00 every week
    ([0.0, 0.0, None, None], "hours"),
    ([4.02, 4.05, 4.03, 4.04], "stars"),  # a steady rating
    ([0.5, 0.5, 0.5, 0.5], "words"),
    ([5.0, 5.0, 5.0, 5.0], "stars"),  # every review five stars
    ([1.0, 1.0, None, 1.0], "stars"),
])
def test_a_flat_or_steady_trend_has_axis_labels_a_seller_can_tell_apart(values, fmt):
    # A week of zeros per 1,000 shipped drew three y labels all reading "0".
    weeks = ["2026-W44", "2026-W45", "2026-W46", "2026-W47"]
    svg = trend_chart(weeks, values, fmt, name="t")
    texts = [t.text for t in ET.fromstring(svg).iter("{http://www.w3.org/2000/svg}text")]
    y_labels = [t for t in texts if t and not t.startswith("W")]
    assert len(y_labels) >= 2
    assert len(set(y_labels)) == len(y_labels), y_labels
    if fmt == "stars":
        # A rating axis reads 1 to 5: no "5.5" tick over a steady five stars.
        assert all(1.0 <= float(t) <= 5.0 for t in y_labels), y_labels


def _section(html: str, section_id: str) -> str:
    """The text of one <section id=...> of the page, tags removed, spaces collapsed."""
    chunk = re.search(rf'<section class="box" id="{section_id}">(.*?)</section>', html,
                      flags=re.S).group(1)
    return chunk, " ".join(re.sub(r"<[^>]+>", " ", chunk).split())


def test_a_quiet_spell_says_nothing_was_measured_not_that_all_is_well(tmp_path,
                                                                      monkeypatch):
    # A run long after the shop's last order: the refunds section showed a green "No
    # SKU's refund rate is clearly above the shop's" over an empty table's headings,
    # the Flagged SKUs card a green 0 and the Platform health card a green "0 of 4"
    # with every health rate "—".
    monkeypatch.setenv("CX_NO_CACHE", "1")
    shop = copy_shop(tmp_path / "shop")
    result = cx_report(shop, tmp_path / "out", day="2027-03-03")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / "2027-W08" / "report-2027-03-03.html").read_text("utf-8")
    chunk, text = _section(html, "refunds")
    refunds_part = chunk.split("This week's refund cohort")[0]
    assert "<table" not in refunds_part
    assert "clearly above" not in text
    assert "No order lines were paid from 2027-02-03 to 2027-03-02" in text
    for target in ("refunds", "health"):
        card = re.search(rf'<a class="card (\w+)" href="#{target}">(.*?)</a>', html,
                         flags=re.S)
        assert card.group(1) == "neutral", target
        assert '<div class="value">—</div>' in card.group(2), target


def test_the_health_card_counts_only_the_rates_it_could_measure(run, tmp_path, monkeypatch):
    # W47: late dispatch 12.5% and answered within 12 h 75% are outside, the other two
    # inside: "2 of 4". Without the tickets export the 12-hour share is "—": the card
    # said "1 of 4" as if it were inside; now "1 of 3 … (1 not measured)".
    def health_card(html: str) -> str:
        card = re.search(r'<a class="card bad" href="#health">(.*?)</a>', html, flags=re.S)
        return html_lib.unescape(" ".join(re.sub(r"<[^>]+>", " ", card.group(1)).split()))

    _, out, _ = run
    html = (out / WEEK / f"report-{DAY}.html").read_text("utf-8")
    assert health_card(html) == "Platform health 2 of 4 outside TikTok's thresholds"
    monkeypatch.setenv("CX_NO_CACHE", "1")
    shop = copy_shop(tmp_path / "shop")
    config = (shop / "cx.yaml").read_text("utf-8").replace("  tickets: tickets.csv\n", "")
    (shop / "cx.yaml").write_text(config, "utf-8")
    assert cx_report(shop, tmp_path / "out").exit_code == 0
    html = (tmp_path / "out" / WEEK / f"report-{DAY}.html").read_text("utf-8")
    assert health_card(html) == ("Platform health 1 of 3 outside TikTok's thresholds "
                                 "(1 not measured)")


def test_the_weeks_cohort_table_on_the_page_says_how_many_skus_it_leaves_out(tmp_path,
                                                                            monkeypatch):
    # The sample shop's W47 cohort has 13 SKUs; the page showed 10 and said nothing.
    monkeypatch.setenv("CX_NO_CACHE", "1")
    monkeypatch.chdir(Path(__file__).parents[1] / "examples")
    out = tmp_path / "out"
    result = CliRunner().invoke(app, ["report", "--date", "2026-11-29", "--out", str(out)],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    html = (out / "2026-W47" / "report-2026-11-29.html").read_text("utf-8")
    _, text = _section(html, "refunds")
    cohort = text.split("This week's refund cohort")[1]
    assert "3 more SKUs in scorecard-2026-W47.csv and scorecard-2026-W47.json" in cohort


def test_issue_names_on_the_page_read_as_words(tmp_path, monkeypatch):
    # "doesnt_work" showed as "doesnt work" in the VoC section.
    monkeypatch.setenv("CX_NO_CACHE", "1")
    shop = copy_shop(tmp_path / "shop")
    with (shop / "tickets.csv").open("a", encoding="utf-8") as f:
        f.write("T99,576400100009,user1010,2026-11-18 10:00:00,2026-11-18 11:00:00,,chat,"
                "open,,doesnt_work,,MUG-SET,It won't turn on,Nothing happens.\n")
    result = cx_report(shop, tmp_path / "out")
    assert result.exit_code == 0, result.output
    html = (tmp_path / "out" / WEEK / f"report-{DAY}.html").read_text(encoding="utf-8")
    _, text = _section(html, "voc")
    assert "doesn&#39;t work" in text or "doesn't work" in text
    assert "doesnt" not in text


def with_display_names(shop: Path, names: dict[str, str]) -> None:
    """The shop's orders export with a Buyer Nickname column (the display name, as
    newer US exports have it) for the buyers in ``names`` (username -> name)."""
    path = shop / "orders.csv"
    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        row["Buyer Nickname"] = names.get(row["Buyer Username"], "")
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def test_messages_greet_the_display_name_unless_redacted(tmp_path):
    """A message greets its buyer by the display name the export gives (Buyer Nickname),
    not by the username; the buyer column stays the username. With --redact it greets
    the buyer's pseudonym, and the display name is nowhere in the report."""
    shop = copy_shop(tmp_path / "shop")
    with_display_names(shop, {"maria.lopez": "Maria L."})
    assert cx_report(shop, tmp_path / "plain", "-q").exit_code == 0
    rows = json.loads((tmp_path / "plain" / WEEK / f"messages-{DAY}.json").read_text(
        encoding="utf-8"))
    confirmation = next(r for r in rows if r["order_id"] == "576400100066")
    assert confirmation["buyer"] == "maria.lopez"
    assert confirmation["text"].startswith("Hi Maria L., thanks for your order")
    # A buyer the export gives no display name for is greeted by the username.
    assert any(r["text"].startswith(f"Hi {r['buyer']},") for r in rows
               if r["buyer"] != "maria.lopez")
    assert cx_report(shop, tmp_path / "redacted", "-q", "--redact").exit_code == 0
    out = tmp_path / "redacted"
    everything = "\n".join(p.read_text(encoding="utf-8") for p in out.rglob("*") if p.is_file())
    assert "Maria L." not in everything
    maria = pseudonym("maria.lopez", shop_salt("Kettle & Co"))
    rows = json.loads((out / WEEK / f"messages-{DAY}.json").read_text(encoding="utf-8"))
    confirmation = next(r for r in rows if r["order_id"] == "576400100066")
    assert confirmation["text"].startswith(f"Hi {maria}, thanks for your order")


def test_voc_reads_the_labels_of_untagged_tickets_only():
    """A ticket the export tags keeps its tag; VoC reads the classifier's label of the
    others (ids compared as text, whatever their dtype; a label without a ticket is not
    read)."""
    import pandas as pd

    from cx_cli.engines.report import _untagged

    labels = pd.DataFrame({"ticket_id": pd.Series(["T1", "T2", "T3", None, "T9"],
                                                  dtype="string"),
                           "subcategory": ["damaged", "sizing_fit", None, "damaged", "x"]})
    tickets = pd.DataFrame({"ticket_id": ["T1", "T2", "T3", "T4"],
                            "subcategory": ["damaged", None, None, None]})
    assert _untagged(labels, tickets)["ticket_id"].tolist() == ["T2", "T3"]
    tickets["subcategory"] = "damaged"
    assert _untagged(labels, tickets) is None
    assert _untagged(None, tickets) is None and _untagged(labels, None) is None
