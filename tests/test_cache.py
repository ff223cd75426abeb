"""The parse cache: a second run on unchanged files reads Parquet, any change is a miss."""

from __future__ import annotations

import json
import os
import shutil
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from cx_cli.config import parse_settings_text
from cx_cli.io import loaders
from cx_cli.io.dataset import load_dataset, resolve_inputs

DATA = Path(__file__).parent / "data"


@pytest.fixture
def shop(tmp_path, monkeypatch):
    monkeypatch.delenv("CX_NO_CACHE", raising=False)
    shutil.copy(DATA / "orders_bad_rows.csv", tmp_path / "orders.csv")
    (tmp_path / "cx.yaml").write_text("inputs: {orders: orders.csv}\n")
    return tmp_path


def _settings(folder: Path, extra: str = ""):
    s = parse_settings_text("inputs: {orders: orders.csv}\n" + extra)
    s._base_dir = folder
    return s


def _load(folder: Path, extra: str = ""):
    s = _settings(folder, extra)
    return load_dataset(s, resolve_inputs(s), ["orders"])


def _count_loads(monkeypatch) -> list[int]:
    calls = []
    real = loaders.load_orders

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setitem(loaders.LOADERS, "orders", counting)
    return calls


def test_second_run_reads_the_cache_with_identical_frame_and_report(shop, monkeypatch):
    calls = _count_loads(monkeypatch)
    first = _load(shop)
    second = _load(shop)
    assert len(calls) == 1
    pd.testing.assert_frame_equal(first.orders, second.orders)
    assert second.reports["orders"].bad_rows == first.reports["orders"].bad_rows == 2
    assert second.warning_lines() == first.warning_lines()
    assert list((shop / ".cx" / "cache").glob("orders.*.parquet"))


def test_the_dataset_says_which_inputs_were_parsed_in_this_run(shop, monkeypatch):
    assert _load(shop).parsed == {"orders"}
    assert _load(shop).parsed == set()  # read back from the cache
    monkeypatch.setenv("CX_NO_CACHE", "1")
    assert _load(shop).parsed == {"orders"}


def test_a_rerun_on_cached_exports_starts_no_worker_ahead(tmp_path, monkeypatch):
    """On freshly parsed exports long enough for a big day, `report` starts its worker
    before the day is worked out; on cached ones (a rerun, its messages and charts most
    likely remembered) it does not."""
    from cx_cli.render import worker as worker_module

    _sample_shop(tmp_path, monkeypatch)
    monkeypatch.setattr(worker_module, "LINES_PER_MESSAGE", 0)
    sent = []
    real = worker_module.Worker.submit
    monkeypatch.setattr(worker_module.Worker, "submit",
                        lambda self, fn, *a: sent.append(fn.__name__) or real(self, fn, *a))
    args = ["report", "--date", "2026-11-25", "--quiet"]
    _invoke(*args, "--out", str(tmp_path / "first"))
    assert sent[:2] == ["_import_all", "_draw_all"]
    sent.clear()
    _invoke(*args, "--out", str(tmp_path / "again"))
    assert sent == []


def test_changed_file_is_a_miss(shop, monkeypatch):
    calls = _count_loads(monkeypatch)
    _load(shop)
    path = shop / "orders.csv"
    path.write_text(path.read_text(encoding="utf-8-sig").replace("Teleported", "Completed"),
                    encoding="utf-8")
    os.utime(path, ns=(1, 1))
    again = _load(shop)
    assert len(calls) == 2
    assert len(again.orders) == 2
    # the stale entry was pruned
    assert len(list((shop / ".cx" / "cache").glob("orders.*.parquet"))) == 1


def test_editing_the_parsing_code_is_a_miss(shop, monkeypatch):
    """A new cx whose loaders parse differently must not be served the old frames."""
    from cx_cli.io import cache

    calls = _count_loads(monkeypatch)
    _load(shop)
    parse_py = Path(cache.__file__).with_name("parse.py")
    st = parse_py.stat()
    monkeypatch.setattr(cache, "_path_stamp", lambda path: [path.name, st.st_size, 1]
                        if path.name == "parse.py" else [path.name, 0, 0])
    _load(shop)
    _load(shop)
    assert len(calls) == 2


def test_cache_can_be_disabled(shop, monkeypatch):
    calls = _count_loads(monkeypatch)
    _load(shop, "cache: {enabled: false}\n")
    _load(shop, "cache: {enabled: false}\n")
    assert len(calls) == 2
    assert not (shop / ".cx").exists()
    monkeypatch.setenv("CX_NO_CACHE", "1")
    _load(shop)
    assert len(calls) == 3


def test_unwritable_cache_folder_only_costs_speed(shop, monkeypatch):
    (shop / "blocked").write_text("a file where the cache folder should be")
    result = _load(shop, "cache: {dir: blocked/cache}\n")
    assert len(result.orders) == 1


def test_no_cache_option_bypasses_the_cache(shop, monkeypatch):
    from typer.testing import CliRunner

    from cx_cli.cli.main import app

    monkeypatch.chdir(shop)
    result = CliRunner().invoke(app, ["--no-cache", "validate"])
    assert result.exit_code == 0, result.output
    assert not (shop / ".cx").exists()
    monkeypatch.delenv("CX_NO_CACHE")  # the option set it for the (single) process
    result = CliRunner().invoke(app, ["validate"])
    assert (shop / ".cx" / "cache").exists()


# --- results computed from cached inputs (classifier labels, the order table) ----------


def _memo_counting(ds, calls: list, frame: pd.DataFrame, **kwargs):
    def compute():
        calls.append(1)
        return frame

    return ds.memo("probe", ("orders",), compute, **kwargs)


def test_a_remembered_result_comes_back_with_its_dtypes(shop, monkeypatch):
    frame = pd.DataFrame({
        "id": pd.Series(["a", None, "c"], dtype=pd.ArrowDtype(pa.string())),
        "name": pd.array(["a", None, "c"], dtype="string"),
        "plain": pd.Series(["x", None, "z"], dtype=object),
        "text": ["x", None, "z"],  # pandas 3: the str dtype
        "when": pd.to_datetime(["2026-03-08 01:59:59", None, "2026-11-01 01:30:00"]).astype(
            "datetime64[s]").tz_localize("America/Los_Angeles", ambiguous=True),
        "flag": [True, False, True], "n": [1, 2, 3],
    })
    calls: list = []
    first = _memo_counting(_load(shop), calls, frame)
    second = _memo_counting(_load(shop), calls, frame)
    assert len(calls) == 1
    pd.testing.assert_frame_equal(first, frame)
    pd.testing.assert_frame_equal(second, frame)
    assert second["plain"].tolist() == ["x", None, "z"]


def test_a_result_is_computed_again_when_its_input_parts_or_code_change(shop, monkeypatch):
    import types

    frame = pd.DataFrame({"n": [1]})
    calls: list = []
    _memo_counting(_load(shop), calls, frame, parts={"rules": "v1"})
    _memo_counting(_load(shop), calls, frame, parts={"rules": "v1"})
    assert len(calls) == 1
    _memo_counting(_load(shop), calls, frame, parts={"rules": "v2"})
    assert len(calls) == 2
    module = types.SimpleNamespace(__file__=str(shop / "orders.csv"))
    _memo_counting(_load(shop), calls, frame, parts={"rules": "v2"}, code=(module,))
    assert len(calls) == 3
    path = shop / "orders.csv"
    path.write_text(path.read_text(encoding="utf-8-sig") + "\n", encoding="utf-8")
    os.utime(path, ns=(1, 1))
    _memo_counting(_load(shop), calls, frame, parts={"rules": "v2"}, code=(module,))
    assert len(calls) == 4


def test_without_the_cache_a_result_is_always_computed(shop, monkeypatch):
    monkeypatch.setenv("CX_NO_CACHE", "1")
    calls: list = []
    for _ in range(2):
        _memo_counting(_load(shop), calls, pd.DataFrame({"n": [1]}))
    assert len(calls) == 2
    assert not (shop / ".cx").exists()


def test_scorecard_and_voc_are_the_same_from_a_warm_cache(tmp_path, monkeypatch):
    """The sample shop, cold then warm: classifier labels and the order table come back
    from the cache and every figure is unchanged."""
    from typer.testing import CliRunner

    from cx_cli.cli.main import app

    monkeypatch.delenv("CX_NO_CACHE", raising=False)
    # Not a cache a run in the examples folder left there.
    shutil.copytree(Path(__file__).parents[1] / "examples", tmp_path / "shop",
                    ignore=shutil.ignore_patterns(".cx"))
    monkeypatch.chdir(tmp_path / "shop")
    outputs = []
    for _ in range(2):
        for command in (["scorecard", "-f", "json"], ["voc", "-f", "json"]):
            result = CliRunner().invoke(app, [*command, "--date", "2026-11-25"])
            assert result.exit_code == 0, result.output
            outputs.append(result.stdout)
    assert outputs[:2] == outputs[2:]
    kinds = {p.name.split("-")[0] for p in (tmp_path / "shop" / ".cx" / "cache").glob(
        "result.*.parquet")}
    assert {"result.ticket_labels", "result.comment_labels", "result.order_table"} <= kinds


def test_an_entry_copied_over_another_is_a_miss_not_its_data(tmp_path, monkeypatch):
    """A cache file restored or copied over another entry holds other columns: the run
    parses (or computes) again, with the same figures, instead of failing."""
    shop = _sample_shop(tmp_path, monkeypatch)
    first = _invoke("scorecard", "-f", "json", "--date", "2026-11-25")
    cache = shop / ".cx" / "cache"
    orders = next(cache.glob("orders.*.parquet"))
    tickets = next(cache.glob("tickets.*.parquet"))
    shutil.copy(tickets, orders)
    labels = next(cache.glob("result.ticket_labels*.parquet"))
    table = next(p for p in cache.glob("result.order_table*.parquet"))
    shutil.copy(table, labels)
    assert _invoke("scorecard", "-f", "json", "--date", "2026-11-25") == first


def _sample_shop(tmp_path, monkeypatch) -> Path:
    monkeypatch.delenv("CX_NO_CACHE", raising=False)
    # Not a cache a run in the examples folder left there.
    shutil.copytree(Path(__file__).parents[1] / "examples", tmp_path / "shop",
                    ignore=shutil.ignore_patterns(".cx"))
    monkeypatch.chdir(tmp_path / "shop")
    return tmp_path / "shop"


def _invoke(*args: str) -> str:
    from typer.testing import CliRunner

    from cx_cli.cli.main import app

    result = CliRunner().invoke(app, list(args))
    assert result.exit_code in (0, 1), result.output
    return result.stdout


def test_rendered_messages_are_remembered_and_shared_with_the_report(tmp_path, monkeypatch):
    """messages due renders; a second run and the report read the texts back, and every
    file is what a run without the cache writes."""
    from cx_cli.render import messages as rendering

    shop = _sample_shop(tmp_path, monkeypatch)
    due = ["messages", "due", "--date", "2026-11-25", "-f", "json"]
    first = _invoke(*due)
    assert json.loads(first)
    calls = []
    real = rendering.render_messages
    monkeypatch.setattr(rendering, "render_messages",
                        lambda *a, **k: calls.append(1) or real(*a, **k))
    assert _invoke(*due) == first
    _invoke("report", "--date", "2026-11-25", "--out", str(tmp_path / "warm"), "--quiet")
    assert calls == []
    monkeypatch.setenv("CX_NO_CACHE", "1")
    _invoke("report", "--date", "2026-11-25", "--out", str(tmp_path / "cold"), "--quiet")
    warm = sorted(p for p in (tmp_path / "warm").rglob("*-*.*")
                  if not p.name.startswith("run-"))
    assert {p.name.split("-")[0] for p in warm} >= {"messages", "scorecard", "voc", "health"}
    for path in warm:
        cold = tmp_path / "cold" / path.relative_to(tmp_path / "warm")
        assert path.read_bytes() == cold.read_bytes(), path.name
    kinds = {p.name.split("-")[0] for p in (shop / ".cx" / "cache").glob("result.*")}
    assert {"result.ticket_labels.report", "result.comment_labels.report",
            "result.review_labels.report", "result.rendered_messages",
            "result.timeline"} <= kinds


def test_the_due_set_is_remembered_until_a_message_is_recorded(tmp_path, monkeypatch):
    from cx_cli.engines import timeline

    _sample_shop(tmp_path, monkeypatch)
    due = ["messages", "due", "--date", "2026-11-25", "-f", "json"]
    first = _invoke(*due)
    calls = []
    real = timeline.compute
    monkeypatch.setattr(timeline, "compute", lambda *a, **k: calls.append(1) or real(*a, **k))
    assert _invoke(*due) == first
    assert calls == []
    listed = json.loads(first)
    sent = tmp_path / "sent.json"
    sent.write_text(json.dumps(listed[:1]), encoding="utf-8")
    _invoke("messages", "record", str(sent))
    after = json.loads(_invoke(*due))
    assert calls == [1]  # the ledger changed: computed again
    assert [m["message_id"] for m in after] == [m["message_id"] for m in listed[1:]]


def test_a_due_set_reads_back_exactly():
    from datetime import date

    from cx_cli.engines.timeline import DueMessage, TimelineResult
    from cx_cli.engines.timeline_memo import result_frame, result_from_frame

    day = date(2026, 11, 26)
    due = [DueMessage("a1", "replenishment", "576", "SKU-1", None, day, date(2026, 12, 3),
                      "replenishment", 8, ("SKU-1",), 3),
           DueMessage("b2", "support_checkin", "577", None, "zoë", day, day,
                      "support_checkin", 5, ("S-2", "S-3"))]
    deferred = [DueMessage("c3", "in_transit", "578", None, "Kim", day, day, "in_transit", 2)]
    for result in (TimelineResult(day, due, deferred, in_ledger=4),
                   TimelineResult(day, [], [], in_ledger=0)):
        assert result_from_frame(result_frame(result), day) == result


def test_a_due_set_reads_back_exactly_from_its_parquet_entry(tmp_path):
    """As a second run reads it: Arrow's text columns, a missing SKU or buyer None."""
    from datetime import date

    from cx_cli.engines.timeline import DueMessage, TimelineResult
    from cx_cli.engines.timeline_memo import result_frame, result_from_frame
    from cx_cli.io.cache import ResultCache

    day = date(2026, 11, 26)
    result = TimelineResult(day, [
        DueMessage("a1", "replenishment", "576", "SKU-1", None, day, date(2026, 12, 3),
                   "replenishment", 8, ("SKU-1",), 3),
        DueMessage("b2", "support_checkin", "577", None, "zoë", day, day, "support_checkin",
                   5, ("S-2", "S-3"))],
        [DueMessage("c3", "in_transit", "578", None, "Kim", day, day, "in_transit", 2)],
        in_ledger=4)
    cache = ResultCache(tmp_path, {})
    cache.frame("timeline", [], lambda: result_frame(result))
    stored = cache.frame("timeline", [], lambda: None)  # read back, not computed
    assert stored is not None
    back = result_from_frame(stored, day)
    assert back == result
    assert [type(m.due_date) for m in back.due] == [date, date]
    assert [m.sku for m in back.due] == ["SKU-1", None]


def test_an_edited_template_renders_the_messages_again(tmp_path, monkeypatch):
    shop = _sample_shop(tmp_path, monkeypatch)
    due = ["messages", "due", "--date", "2026-11-25", "-f", "json"]
    _invoke(*due)
    own = shop / "my-templates" / "messages"
    own.mkdir(parents=True)
    bundled = Path(__file__).parents[1] / "templates" / "messages"
    text = (bundled / "review_request.txt.j2").read_text(encoding="utf-8")
    (own / "review_request.txt.j2").write_text(text.replace("Hi", "Hello there"),
                                               encoding="utf-8")
    config = shop / "cx.yaml"
    config.write_text(config.read_text(encoding="utf-8") + "\ntemplates: my-templates\n",
                      encoding="utf-8")
    edited = sum("Hello there" in r["text"] for r in json.loads(_invoke(*due)))
    assert edited  # (review requests for some categories have templates of their own)
    (own / "review_request.txt.j2").write_text(text.replace("Hi", "Hey"), encoding="utf-8")
    os.utime(own / "review_request.txt.j2", ns=(1, 1))
    texts = [r["text"] for r in json.loads(_invoke(*due))]
    assert not any("Hello there" in t for t in texts)
    assert sum(t.startswith("Hey ") for t in texts) == edited


def _engine_modules_run_by(name: str) -> set[str]:
    """The engine module ``name`` and every engine module it imports, and theirs."""
    import ast

    engines = Path(__file__).parents[1] / "cx_cli" / "engines"
    seen, todo = set(), [name]
    while todo:
        module = todo.pop()
        if module in seen or not (engines / module).exists():
            continue
        seen.add(module)
        for node in ast.walk(ast.parse((engines / module).read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module == "cx_cli.engines":
                todo += [f"{a.name}.py" for a in node.names]
            elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                    "cx_cli.engines."):
                todo.append(node.module.split(".")[2] + ".py")
    return seen


def test_remembered_labels_are_recomputed_when_any_module_of_their_classifier_changes(
        tmp_path, monkeypatch):
    """Labels kept by `cx voc` and `cx report` are keyed on every engine module the
    classifier runs: an edited signal matcher or rules reader is a miss, not stale
    labels (the report's comment labels were keyed on comments.py alone)."""
    from cx_cli.io.dataset import Memo

    _sample_shop(tmp_path, monkeypatch)
    keyed: dict[str, set[str]] = {}
    real = Memo.__call__

    def recording(self, kind, needs, compute, parts=None, code=()):
        keyed[kind] = {Path(m.__file__).name for m in code}
        return real(self, kind, needs, compute, parts, code)

    monkeypatch.setattr(Memo, "__call__", recording)
    _invoke("voc", "--date", "2026-11-25")
    _invoke("report", "--date", "2026-11-25", "--quiet", "--out", str(tmp_path / "out"))
    runs = {"ticket": _engine_modules_run_by("triage.py"),
            "review": _engine_modules_run_by("triage.py"),
            "comment": _engine_modules_run_by("comments.py")}
    assert {"text_signals.py", "triage_rules.py", "clusters.py"} <= runs["comment"]
    labels = [kind for kind in keyed if "_labels" in kind]
    assert {"ticket_labels", "review_labels", "comment_labels", "ticket_labels.report",
            "review_labels.report", "comment_labels.report"} <= set(labels)
    for kind in labels:
        missing = runs[kind.split("_")[0]] - keyed[kind]
        assert not missing, (kind, missing)


def test_remembered_messages_are_rendered_again_when_the_template_sandbox_changes(
        tmp_path, monkeypatch):
    """The rendered texts are keyed on the module that writes a template's values and
    sets its limits (render/sandbox.py), as on templating.py: an edit of the sandbox
    alone kept handing out the texts (or the errors) of the sandbox before."""
    import ast

    from cx_cli.io.dataset import Memo

    _sample_shop(tmp_path, monkeypatch)
    keyed: dict[str, set[str]] = {}
    real = Memo.__call__

    def recording(self, kind, needs, compute, parts=None, code=()):
        keyed[kind] = {Path(m.__file__).name for m in code}
        return real(self, kind, needs, compute, parts, code)

    monkeypatch.setattr(Memo, "__call__", recording)
    _invoke("messages", "due", "--date", "2026-11-25", "-f", "json")
    # ...and on every render module templating.py imports, and on the skeletons messages
    # share (a fix there must not hand out the texts made before).
    templating = Path(__file__).parents[1] / "cx_cli" / "render" / "templating.py"
    renders = {f"{node.module.split('.')[2]}.py"
               for node in ast.parse(templating.read_text(encoding="utf-8")).body
               if isinstance(node, ast.ImportFrom)
               and (node.module or "").startswith("cx_cli.render.")}
    assert "sandbox.py" in renders
    assert renders | {"templating.py", "skeletons.py", "messages.py",
                      "message_context.py"} <= keyed["rendered_messages"]


@pytest.mark.parametrize("redact", [False, True])
def test_the_reports_private_texts_are_remembered(tmp_path, monkeypatch, redact):
    from cx_cli.engines import privacy

    _sample_shop(tmp_path, monkeypatch)
    args = ["report", "--date", "2026-11-25", "--quiet"] + (["--redact"] if redact else [])
    _invoke(*args, "--out", str(tmp_path / "first"))
    scrubbed = []  # texts handed to scrub_all
    real = privacy.scrub_all
    monkeypatch.setattr(privacy, "scrub_all", lambda texts: scrubbed.extend(texts) or real(texts))
    _invoke(*args, "--out", str(tmp_path / "warm"))
    warm_texts = len(scrubbed)
    monkeypatch.setenv("CX_NO_CACHE", "1")
    _invoke(*args, "--out", str(tmp_path / "cold"))
    assert len(scrubbed) > warm_texts + 10  # the cold run scrubbed every message again
    files = sorted(p for p in (tmp_path / "warm").rglob("*-*.*")
                   if not p.name.startswith("run-"))
    assert {p.suffix for p in files if p.name.startswith("messages-")} == {".md", ".csv",
                                                                         ".json"}
    assert any(p.name.startswith("report-") for p in files)  # the page, its charts read back
    for path in files:
        cold = tmp_path / "cold" / path.relative_to(tmp_path / "warm")
        assert path.read_bytes() == cold.read_bytes(), path.name
        if redact and path.name.startswith("messages-") and path.suffix == ".json":
            buyers = {m["buyer"] for m in json.loads(path.read_text(encoding="utf-8"))}
            assert buyers and all(b.startswith("buyer-") for b in buyers if b)


def test_the_messages_markdown_and_csv_are_read_back_for_the_same_rows(tmp_path, monkeypatch):
    from cx_cli.render import report as report_files

    _sample_shop(tmp_path, monkeypatch)
    made = []
    for name in ("dump_csv", "dump_markdown"):
        real = getattr(report_files, name)
        monkeypatch.setattr(report_files, name,
                            lambda rows, *a, real=real, name=name: made.append(name)
                            or real(rows, *a))
    args = ["report", "--date", "2026-11-25", "--quiet"]

    def messages_made() -> int:
        return sum(n in ("dump_csv", "dump_markdown") for n in made)

    _invoke(*args, "--out", str(tmp_path / "first"))
    first = messages_made()
    assert first >= 2
    _invoke(*args, "--out", str(tmp_path / "warm"))
    assert messages_made() - first == first - 2  # the two message files came from the cache
    csv_name = "messages-2026-11-25.csv"
    warm = next((tmp_path / "warm").rglob(csv_name)).read_bytes()
    assert warm == next((tmp_path / "first").rglob(csv_name)).read_bytes()
    before = messages_made()
    _invoke(*args, "--redact", "--out", str(tmp_path / "redacted"))  # other rows: made anew
    assert messages_made() - before >= 2
    assert next((tmp_path / "redacted").rglob(csv_name)).read_bytes() != warm


def test_a_pages_charts_are_drawn_once_for_the_same_data(tmp_path):
    from cx_cli.io.dataset import Memo
    from cx_cli.render.charts import ChartBatch, trend_chart

    memo = Memo(tmp_path, {})
    drawn = []

    def chart(weeks, values, fmt, **kwargs):
        drawn.append(values)
        return trend_chart(weeks, values, fmt, **kwargs)

    def page(values):
        views = [{}, {}]
        batch = ChartBatch()
        for view in views:
            batch.later(view, "chart", chart, ["2026-W46", "2026-W47"], values, "pct",
                        state="bad", name="refund_rate")
        batch.draw(memo)
        return [str(v["chart"]) for v in views]

    first = page([0.1, 0.2])
    assert first[0].startswith("<svg") and len(drawn) == 2
    assert page([0.1, 0.2]) == first and len(drawn) == 2  # read back
    assert page([0.1, 0.3]) != first and len(drawn) == 4  # other data: drawn again


def test_charts_go_to_the_worker_only_when_they_are_not_remembered(tmp_path):
    from cx_cli.io.dataset import Memo
    from cx_cli.render.charts import ChartBatch, trend_chart
    from cx_cli.render.worker import Worker

    class Recording(Worker):
        def __init__(self) -> None:
            super().__init__()
            self.sent = 0

        def submit(self, fn, *args):
            self.sent += 1
            self.job = super().submit(fn, *args)
            return self.job

    memo = Memo(tmp_path, {})

    def page(values):
        view: dict = {}
        batch = ChartBatch()
        batch.later(view, "chart", trend_chart, ["2026-W46", "2026-W47"], values, "pct")
        with Recording() as worker:
            batch.start(worker, memo)
            batch.draw(memo)
        if worker.sent:
            assert worker.job.collected and not worker.job.worker_failed
        return str(view["chart"]), worker.sent

    drawn, sent = page([0.1, 0.2])
    assert drawn.startswith("<svg") and sent == 1
    assert page([0.1, 0.2]) == (drawn, 0)  # remembered: no worker started
    assert page([0.1, 0.3])[1] == 1


def test_results_are_shared_across_column_sets_only_when_they_exclude_the_same_rows(shop):
    """A bad value excludes its row only where its column is read, so a result keyed on
    the files (the due set, the rendered texts) is shared only between loads that
    excluded the same rows."""
    import csv

    s = _settings(shop)
    few = {"orders": ("order_id", "sku", "status")}  # the amount is not read

    def files_keys(bad_rows: int) -> list[str]:
        loads = [load_dataset(s, resolve_inputs(s), ["orders"], fields=f) for f in (few, None)]
        assert [d.reports["orders"].bad_rows for d in loads] == [bad_rows[0], bad_rows[1]]
        return [d.cache_keys["orders:files"] for d in loads]

    # A bad status and a bad time: both loads read them, both exclude the same rows.
    same = files_keys((2, 2))
    assert same[0] == same[1]

    shutil.copy(DATA / "orders_us.csv", shop / "orders.csv")
    clean = files_keys((0, 0))
    assert clean[0] == clean[1]

    # A bad amount: only the load that reads the amount excludes the row.
    rows = list(csv.reader((DATA / "orders_us.csv").open(encoding="utf-8-sig", newline="")))
    rows[2][rows[0].index("Order Amount")] = "not a price"
    with (shop / "orders.csv").open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    os.utime(shop / "orders.csv", ns=(1, 1))
    narrow, full = files_keys((0, 1))
    assert full != narrow


def test_a_due_set_entry_this_version_cannot_read_is_computed_again(monkeypatch):
    from datetime import date

    from cx_cli.engines import timeline
    from cx_cli.engines.timeline import TimelineResult
    from cx_cli.engines.timeline_memo import compute_remembered

    day = date(2026, 11, 26)
    fresh = TimelineResult(day, [], [], in_ledger=3)
    monkeypatch.setattr(timeline, "compute", lambda *a, **k: fresh)
    stale = pd.DataFrame({"kind": ["summary"], "message_id": [None]})  # an older layout
    out = compute_remembered(pd.DataFrame(), memo=lambda *a, **k: stale,
                             inputs={"as_of": day, "settings": parse_settings_text("")},
                             ledger_inputs=dict, ledger_stamp=None)
    assert out is fresh


def test_a_remembered_text_is_a_plain_file_read_back_until_its_key_changes(tmp_path):
    from cx_cli.io.dataset import Memo

    memo = Memo(tmp_path, {})
    made = []

    def make(text: str):
        return lambda: made.append(text) or text

    assert memo.text("page", (), make("día 1\n"), {"rows": "a"}) == "día 1\n"
    assert memo.text("page", (), make("other"), {"rows": "a"}) == "día 1\n"  # read back
    assert memo.text("page", (), make("día 2\n"), {"rows": "b"}) == "día 2\n"
    assert made == ["día 1\n", "día 2\n"]
    for i in range(6):
        memo.text("page", (), make(str(i)), {"rows": i})
    assert len(list(tmp_path.glob("result.page-*.txt"))) == 4  # the newest few are kept
    assert Memo(None, {}).text("page", (), make("no cache"), {"rows": "a"}) == "no cache"
    odd = "a buyer's \r\n and a lone \r stay as they were\n"
    assert memo.text("odd", (), make(odd)) == odd
    assert memo.text("odd", (), make("recomputed")) == odd  # read back byte for byte


@pytest.mark.parametrize("damage", ["empty", "cut", "other entry"])
def test_a_damaged_remembered_text_is_made_again_not_served(tmp_path, damage):
    """A text entry cut short (a crash before the disk had it, a full disk) or copied over
    another one must not become a report's messages file: it is made again."""
    from cx_cli.io.dataset import Memo

    memo = Memo(tmp_path, {})
    full = "message_id,text\n" + "".join(f"{i},Hi ana, your order {i}\n" for i in range(50))
    assert memo.text("message_files.csv", (), lambda: full, {"rows": "a"}) == full
    other = "something else\n"
    assert memo.text("message_files.csv", (), lambda: other, {"rows": "b"}) == other
    entries = tmp_path.glob("result.message_files.csv-*.txt")
    entry, copy = sorted(entries, key=lambda p: b"your order" not in p.read_bytes())
    if damage == "empty":
        entry.write_bytes(b"")
    elif damage == "cut":
        entry.write_bytes(entry.read_bytes()[:-200])
    else:
        entry.write_bytes(copy.read_bytes())
    assert memo.text("message_files.csv", (), lambda: full, {"rows": "a"}) == full
    assert memo.text("message_files.csv", (), lambda: "made again", {"rows": "a"}) == full


def test_the_messages_markdown_of_another_day_is_not_read_back(tmp_path):
    from types import SimpleNamespace

    from cx_cli.io.dataset import Memo
    from cx_cli.render.report import _message_files

    rows = [{"message_id": "m1", "stage": "review_request", "order_id": "1", "sku": None,
             "buyer": "ana", "due_date": date(2026, 11, 20), "last_date": date(2026, 11, 30),
             "channel": "chat", "text": "Hi"}]

    def md(day: date) -> str:
        data = SimpleNamespace(timeline=object(), as_of=day, memo=Memo(tmp_path, {}))
        return _message_files(data, rows)["md"]()

    assert md(date(2026, 11, 24)).startswith("# Messages due 2026-11-24 (1)")
    assert md(date(2026, 11, 25)).startswith("# Messages due 2026-11-25 (1)")


def test_remembered_triage_labels_do_not_outlive_a_reply_the_rules_name(tmp_path, monkeypatch):
    """A seller's rules name their own saved reply; once it is deleted, a run on cached
    labels fails as an uncached one does, instead of reading labels that name it."""
    from typer.testing import CliRunner

    from cx_cli.cli.main import app

    shop = _sample_shop(tmp_path, monkeypatch)
    bundled = Path(__file__).parents[1] / "cx_cli" / "engines" / "rules" / "triage.yaml"
    rules = bundled.read_text(encoding="utf-8").replace("    reply: damaged\n",
                                                        "    reply: our_damaged\n", 1)
    (shop / "rules.yaml").write_text(rules, encoding="utf-8")
    own = shop / "mine" / "replies"
    own.mkdir(parents=True)
    (own / "our_damaged.txt.j2").write_text("So sorry, we'll make it right.\n")
    config = shop / "cx.yaml"
    config.write_text(config.read_text(encoding="utf-8")
                      + "\ntemplates: mine\ntriage:\n  rules: rules.yaml\n", encoding="utf-8")
    voc = ["voc", "--date", "2026-11-25", "-f", "json"]
    _invoke(*voc)
    (own / "our_damaged.txt.j2").unlink()
    result = CliRunner().invoke(app, voc)
    assert result.exit_code == 2, result.output
    assert "no saved reply named 'our_damaged'" in result.stderr
