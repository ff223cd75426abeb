"""The due set remembered beside the parsed inputs, for a second run on the same day.

``timeline.compute`` is a pure function of the exports, the catalog, the settings, the
day, the recent tickets' labels and the ledger. With all of them unchanged (a
``cx report`` after ``cx messages due``, a re-run of a cron job) the due set is read
back from the result cache instead of computed again. The ledger enters the key by its
stamp (rows and the last row id: cx only ever adds rows), so recording a message is a
miss and the next run lists what is still due.
"""

from __future__ import annotations

import hashlib
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from cx_cli import config
from cx_cli.engines import columns, lint, refunds, retention, timeline, timeline_snapshot
from cx_cli.engines import stages as stages_module
from cx_cli.engines.timeline import DueMessage, TimelineResult
from cx_cli.io import catalog as catalog_module
from cx_cli.io import ledger as ledger_module
from cx_cli.io import schemas

TIMELINE_INPUTS = ("orders", "tickets", "reviews", "returns")
# Every module whose code decides the due set: a change to any of them is a miss.
_CODE = (timeline, timeline_snapshot, stages_module, refunds, retention, columns, lint, config,
         schemas, catalog_module, ledger_module, sys.modules[__name__])


def compute_remembered(orders: pd.DataFrame, *, memo: Callable[..., Any] | None,
                       inputs: dict[str, Any], ledger_inputs: Callable[[], dict[str, Any]],
                       ledger_stamp: Any, catalog_files: Sequence[Path] = (),
                       stages: Sequence[str] | None = None) -> TimelineResult:
    """``timeline.compute(orders, **inputs, **ledger_inputs(), stages=stages)``, remembered.

    Args:
        memo: ``Dataset.memo`` (None: compute every time).
        inputs: the frames, catalog, settings, day and ticket labels ``compute`` takes.
        ledger_inputs: reads ``ledger_keys`` and ``sent_log`` (only on a miss).
        ledger_stamp: what identifies the ledger's content (``Ledger.stamp``).
    """
    def run() -> TimelineResult:
        return timeline.compute(orders, stages=stages, **inputs, **ledger_inputs())

    if memo is None:
        return run()
    from cx_cli.io.cache import file_digest

    fresh: list[TimelineResult] = []

    def compute() -> pd.DataFrame:
        fresh.append(run())
        return result_frame(fresh[0])

    needs = [f"{name}:files" for name in TIMELINE_INPUTS
             if name == "orders" or inputs.get(name) is not None]
    parts = {"as_of": inputs["as_of"].isoformat(),
             "settings": inputs["settings"].model_dump_json(),
             "stages": sorted(stages or []), "ledger": ledger_stamp,
             "labels": frame_digest(inputs.get("ticket_labels")),
             "catalog": [file_digest(p) for p in catalog_files]}
    frame = memo("timeline", needs, compute, parts, code=_CODE)
    if fresh:
        return fresh[0]
    try:
        return result_from_frame(frame, inputs["as_of"])
    except (KeyError, ValueError, TypeError):
        # An entry in a shape this version does not read: compute as if it were absent.
        return run()


def frame_digest(frame: pd.DataFrame | None) -> str | None:
    """A content hash of a small frame (the recent tickets' labels)."""
    if frame is None:
        return None
    rows = pd.util.hash_pandas_object(frame, index=False).to_numpy()
    columns = json.dumps([str(c) for c in frame.columns]).encode()
    return hashlib.blake2b(rows.tobytes() + columns, digest_size=16).hexdigest()


def result_frame(result: TimelineResult) -> pd.DataFrame:
    """The result as one frame: a row per due or deferred message, then a summary row."""
    messages = [*result.due, *result.deferred]
    kinds = ["due"] * len(result.due) + ["deferred"] * len(result.deferred) + ["summary"]
    columns: dict[str, list[Any]] = {"kind": kinds}
    for name in ("message_id", "stage", "order_id", "sku", "buyer", "template"):
        columns[name] = [getattr(m, name) for m in messages] + [None]
    for name in ("due_date", "last_date"):
        columns[name] = [getattr(m, name).toordinal() for m in messages] + [0]
    columns["priority"] = [m.priority for m in messages] + [result.in_ledger]
    columns["skus"] = [json.dumps(list(m.skus)) if m.skus else "" for m in messages] + [""]
    columns["quantity"] = [m.quantity for m in messages] + [0]
    return pd.DataFrame(columns)


def result_from_frame(frame: pd.DataFrame, day: date) -> TimelineResult:
    """``result_frame`` read back, a column at a time (a day's 100,000 messages share a
    few dozen dates and SKU lists: each is made once)."""
    summary = frame["kind"] == "summary"
    result = TimelineResult(day, [], [], in_ledger=int(frame.loc[summary, "priority"].iloc[0]))
    frame = frame.loc[~summary]
    kinds = frame["kind"].tolist()

    def distinct(name: str, make: Callable[[Any], Any]) -> list[Any]:
        made: dict[Any, Any] = {}
        return [made[v] if v in made else made.setdefault(v, make(v))
                for v in frame[name].tolist()]

    def text(name: str) -> list[str | None]:
        column = frame[name]
        return column.astype(object).where(column.notna(), None).tolist()

    columns = [frame["message_id"].tolist(), frame["stage"].tolist(),
               frame["order_id"].tolist(), text("sku"), text("buyer"),
               distinct("due_date", date.fromordinal), distinct("last_date", date.fromordinal),
               frame["template"].tolist(), frame["priority"].astype("int64").tolist(),
               distinct("skus", lambda skus: tuple(json.loads(skus)) if skus else ()),
               frame["quantity"].astype("int64").tolist()]
    messages = list(map(DueMessage._make, zip(*columns, strict=True)))
    for kind, message in zip(kinds, messages, strict=True):
        if kind == "due":
            result.due.append(message)
        elif kind == "deferred":
            result.deferred.append(message)
    return result
