"""Inline SVG charts for the HTML report, drawn with matplotlib's SVG backend.

Each chart is a string of ``<svg …>…</svg>`` ready to paste into a page: no XML header,
no DOCTYPE, no metadata, no external references (text is ``<text>`` in a generic
sans-serif family, so the browser's own font draws it), ids prefixed with the chart's
name so several charts on one page never clash, and a ``viewBox`` without fixed width or
height, so CSS sizes it. Output is deterministic (fixed hash salt, no date), so a
rerun on the same data writes the same page.

Figures are made with ``matplotlib.figure.Figure`` directly, never pyplot: no global
figure registry, no GUI backend, nothing left open after a chart is drawn.
"""

from __future__ import annotations

import functools
import io
import itertools
import math
import re
from collections.abc import Callable, Sequence
from typing import Any

from cx_cli.render.output import readable_name, shorten

GOOD = "#1a7f37"
BAD = "#cf222e"
NEUTRAL = "#6e7781"
INK = "#24292f"
GRID = "#d8dee4"
ACCENT = "#0969da"
PALETTE = ["#0969da", "#bc4c00", "#8250df", "#1a7f37", "#bf8700", "#cf222e", "#57606a"]

_RC = {
    "svg.fonttype": "none",          # text stays text: small, selectable, no glyph paths
    "svg.hashsalt": "cx-report",     # stable ids, so the same data gives the same file
    "font.family": "sans-serif",
    "text.parse_math": False,        # a SKU like "PACK$2$" is text, not TeX
    "text.usetex": False,
    "font.size": 9,
    "axes.edgecolor": GRID,
    "axes.labelcolor": INK,
    "xtick.color": NEUTRAL,
    "ytick.color": NEUTRAL,
    "axes.spines.top": False,
    "axes.spines.right": False,
}
def _styled(draw: Callable[..., str]) -> Callable[..., str]:
    """Draw with cx's chart style; rcParams apply when artists are made, so the whole
    drawing runs inside the context, not just the save."""

    @functools.wraps(draw)
    def wrapper(*args: Any, **kwargs: Any) -> str:
        import matplotlib

        with matplotlib.rc_context(_RC):
            return draw(*args, **kwargs)

    return wrapper


def _figure(width: float, height: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width, height), dpi=72, facecolor="none")


def to_svg(fig: Any, name: str) -> str:
    """The figure as an inline ``<svg>`` element (see the module docstring).

    ``name`` prefixes the chart's ids, so it must be unique on the page (and only
    letters, digits, - and _): the metric name, "refunds", "voc".
    """
    import matplotlib

    buf = io.StringIO()
    with matplotlib.rc_context(_RC):  # again: svg.* settings are read at save time
        fig.savefig(buf, format="svg", transparent=True,
                    metadata={"Date": None, "Creator": None, "Format": None, "Type": None})
    return _clean(buf.getvalue(), name)


def _clean(text: str, prefix: str) -> str:
    text = text[text.index("<svg"):]
    text = re.sub(r"<metadata>.*?</metadata>\s*", "", text, flags=re.S)
    # Sized by CSS: keep the viewBox, drop the fixed width and height in points.
    text = re.sub(r'(<svg[^>]*?)\s(?:width|height)="[^"]*"', r"\1", text, count=1)
    text = re.sub(r'(<svg[^>]*?)\s(?:width|height)="[^"]*"', r"\1", text, count=1)
    text = text.replace("<svg ", f'<svg class="chart" role="img" aria-label="{prefix}" ', 1)
    ids = set(re.findall(r'\bid="([^"]+)"', text))
    if ids:
        pattern = re.compile(r'(\bid="|xlink:href="#|href="#|url\(#)(' +
                             "|".join(re.escape(i) for i in sorted(ids, key=len, reverse=True))
                             + r')(?=[")])')
        text = pattern.sub(lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", text)
    return text.strip() + "\n"


# --- value formatting on axes -------------------------------------------------------------


def tick_text(value: float, fmt: str) -> str:
    """An axis label: 2.5%, 20%, 12 h, 4.5 — as precise as the ticks need, no more."""
    def short(number: float) -> str:
        return f"{number:.1f}".rstrip("0").rstrip(".") if abs(number) < 100 else \
            f"{number:,.0f}"

    if fmt == "pct":
        return f"{short(value * 100)}%"
    if fmt == "hours":
        return f"{short(value)} h"
    if fmt == "count":
        return f"{value:,.0f}"
    return short(value)


def _formatter(fmt: str) -> Any:
    from matplotlib.ticker import FuncFormatter

    return FuncFormatter(lambda v, _pos: tick_text(v, fmt))


def _nan(values: Sequence[float | None]) -> list[float]:
    return [math.nan if v is None else float(v) for v in values]


def _y_range(low: float, high: float, fmt: str) -> tuple[float, float]:
    """Axis limits with some air; counts, hours and rates never go below 0, rates never
    above 100% (a flat 100% series sits on the top edge rather than among 104% ticks),
    ratings stay within 1 to 5."""
    pad = (high - low) * 0.15 or (abs(high) * 0.1 or 0.01)
    bottom, top = low - pad, high + pad
    if low >= 0 and fmt != "stars":
        bottom = max(bottom, 0.0)
    if fmt == "pct" and high <= 1.0:
        top = min(top, 1.0)
        if top - bottom < 0.05:
            bottom = max(top - 0.1, 0.0)
    elif fmt != "pct" and top - bottom < 0.4:
        # Ticks show one decimal: a narrower axis labels every tick alike ("0", "0").
        middle = (bottom + top) / 2
        bottom, top = middle - 0.2, middle + 0.2
        if low >= 0 and fmt != "stars" and bottom < 0:
            bottom, top = 0.0, 0.4
    if fmt == "stars":
        # Ratings are 1 to 5: a steady 5.0 sits on the top edge, not under a 5.5 tick.
        bottom, top = max(bottom, 1.0), min(top, 5.0)
        if top - bottom < 0.4:
            bottom, top = (top - 0.4, top) if top > 1.4 else (bottom, bottom + 0.4)
    if fmt == "count":
        top = max(top, 1.0)
    return bottom, top


class ChartBatch:
    """The charts of one page, drawn together at the end.

    With ``memo`` (``Dataset.memo``) a page whose charts were drawn before from the
    same data reads the SVGs back: a second report on unchanged exports does not even
    import matplotlib. The key is every chart's function and arguments, this module
    and matplotlib's version.

    ``start`` hands the drawing to a worker process (``cx_cli.render.worker``), so it
    runs on another core while the caller goes on; ``draw`` then collects it.
    """

    def __init__(self) -> None:
        self._wanted: list[tuple[dict, str, Callable[..., str], tuple, dict]] = []
        self._drawing: Any = None  # the worker's Job
        self._remembered: list[str] | None = None  # what start found in the memo

    def later(self, target: dict, key: str, draw: Callable[..., str], *args: Any,
              **kwargs: Any) -> None:
        """Set ``target[key]`` to the chart ``draw(*args, **kwargs)`` (as Markup) on ``draw``."""
        target[key] = None
        self._wanted.append((target, key, draw, args, kwargs))

    def start(self, worker: Any, memo: Any = None) -> None:
        """Start drawing in ``worker``, unless the memo has the charts already."""
        if not self._wanted or self._drawing is not None or self._remembered is not None:
            return
        frame = None if memo is None else memo.peek("charts", (), *self._memo_key())
        if frame is not None:
            self._remembered = frame["svg"].tolist()  # draw uses it: one read, not two
            return
        self._drawing = worker.submit(_draw_all, self._calls())

    def draw(self, memo: Any = None) -> None:
        from markupsafe import Markup

        def compute() -> Any:
            import pandas as pd

            return pd.DataFrame({"svg": self._drawn()})

        if not self._wanted:
            return
        if self._remembered is not None:
            svgs = self._remembered
        elif memo is None:
            svgs = self._drawn()
        else:
            frame = memo("charts", (), compute, *self._memo_key())
            svgs = frame["svg"].tolist()
        for (target, key, *_), svg in zip(self._wanted, svgs, strict=True):
            target[key] = Markup(svg)

    def _calls(self) -> list[tuple[Callable[..., str], tuple, dict]]:
        return [(draw, args, kwargs) for _, _, draw, args, kwargs in self._wanted]

    def _drawn(self) -> list[str]:
        return self._drawing.result() if self._drawing is not None else _draw_all(self._calls())

    def _memo_key(self) -> tuple[dict, tuple]:
        import hashlib
        import sys
        from importlib.metadata import version

        calls = repr([(draw.__name__, args, sorted(kwargs.items()))
                      for draw, args, kwargs in self._calls()])
        parts = {"charts": hashlib.blake2b(calls.encode(), digest_size=16).hexdigest(),
                 "matplotlib": version("matplotlib")}
        return parts, (sys.modules[__name__],)


def _draw_all(calls: list[tuple[Callable[..., str], tuple, dict]]) -> list[str]:
    """Every chart of a batch, in order (also what the worker process runs).

    A matplotlib figure is held together by reference cycles (the demo's charts leave
    about 70,000 objects), and the `cx` executable runs without the cycle collector
    (``cx_cli.cli.main.run``): they are collected here, once per page. What existed
    before the drawing is frozen meanwhile, so the collection looks only at what the
    drawing made, not at a million-line run's heap.
    """
    import gc

    if gc.isenabled():
        return [draw(*args, **kwargs) for draw, args, kwargs in calls]
    gc.freeze()
    try:
        svgs = [draw(*args, **kwargs) for draw, args, kwargs in calls]
        gc.collect()
    finally:
        gc.unfreeze()
    return svgs


# --- the charts ---------------------------------------------------------------------------


@_styled
def trend_chart(weeks: Sequence[str], values: Sequence[float | None], fmt: str, *,
                state: str = "neutral", threshold: float | None = None,
                name: str = "trend") -> str:
    """One small multiple: a metric's weekly values, the last week's point coloured by
    whether it moved the right way (``state`` good/bad/neutral), and an optional
    threshold line (platform health)."""
    from matplotlib.ticker import MaxNLocator

    fig = _figure(2.6, 1.25)
    ax = fig.add_axes((0.2, 0.2, 0.76, 0.72))
    ys = _nan(values)
    xs = list(range(len(ys)))
    color = {"good": GOOD, "bad": BAD}.get(state, NEUTRAL)
    ax.plot(xs, ys, color=ACCENT, linewidth=1.6, marker="o", markersize=2.5,
            solid_capstyle="round", clip_on=False)
    if ys and not math.isnan(ys[-1]):
        ax.plot([xs[-1]], [ys[-1]], marker="o", markersize=6, color=color, zorder=3,
                clip_on=False)
    present = [y for y in ys if not math.isnan(y)]
    if threshold is not None:
        ax.axhline(threshold, color=BAD, linewidth=0.9, linestyle=(0, (3, 2)))
        present.append(threshold)
    if present:
        ax.set_ylim(*_y_range(min(present), max(present), fmt))
    else:
        ax.set_ylim(0, 1)
        ax.text(0.5, 0.5, "no data", transform=ax.transAxes, ha="center", va="center",
                color=NEUTRAL)
    ax.yaxis.set_major_locator(MaxNLocator(3, integer=fmt == "count"))
    ax.yaxis.set_major_formatter(_formatter(fmt))
    ax.set_xticks(xs, [w.split("-")[-1] for w in weeks], fontsize=7)
    if len(xs) > 6:
        for i, label in enumerate(ax.get_xticklabels()):
            label.set_visible(i % 2 == (len(xs) - 1) % 2)
    ax.tick_params(axis="y", labelsize=7, length=0)
    ax.tick_params(axis="x", length=0)
    ax.grid(axis="y", color=GRID, linewidth=0.6)
    ax.set_xlim(-0.3, max(len(xs) - 0.7, 0.7))
    return to_svg(fig, name)


# The most characters of a refund chart's row label that fit its left margin.
LABEL_CHARS = 40


@_styled
def refund_chart(rows: Sequence[dict[str, Any]], shop_rate: float | None, *, key: str = "sku",
                 limit: int = 15, name: str = "refunds") -> str:
    """Refund rate per SKU with its Wilson 95% interval as error bars, flagged SKUs in red,
    and the shop-wide rate of the same lines as a dashed line."""
    shown = list(rows[:limit])
    n = max(len(shown), 1)
    height = 0.75 + 0.3 * n  # inches: a row per SKU plus the axis and the shop-rate label
    fig = _figure(11, height)
    # The labels' margin is at most 0.35 of the width: a longer SKU is cut at its end
    # (its start tells it apart), not clipped at the chart's left edge.
    labels = [shorten(str(r[key]), LABEL_CHARS) if r[key] is not None else "—" for r in shown]
    longest = max((len(label) for label in labels), default=6)
    left = min(0.03 + 0.0075 * longest, 0.35)
    ax = fig.add_axes((left, 0.42 / height, 0.97 - left, 1 - 0.72 / height))
    ys = list(range(len(shown)))[::-1]
    for y, r in zip(ys, shown, strict=True):
        color = BAD if r["flagged"] else ACCENT
        ax.plot([r["ci_low"], r["ci_high"]], [y, y], color=color, linewidth=2.2,
                alpha=0.35, solid_capstyle="round")
        ax.errorbar([r["rate"]], [y], xerr=[[r["rate"] - r["ci_low"]],
                                            [r["ci_high"] - r["rate"]]],
                    fmt="o", color=color, ecolor=color, elinewidth=1.1, capsize=3,
                    markersize=5)
    if shop_rate is not None:
        ax.axvline(shop_rate, color=INK, linewidth=1, linestyle=(0, (4, 3)))
        ax.text(shop_rate, len(shown) - 0.35, f" shop {shop_rate * 100:.1f}%", color=INK,
                fontsize=9, va="bottom", ha="left")
    ax.set_yticks(ys, labels)
    for label, r in zip(ax.get_yticklabels(), shown, strict=True):
        if r["flagged"]:
            label.set_color(BAD)
            label.set_fontweight("bold")
    high = max([r["ci_high"] for r in shown] + [shop_rate or 0, 0.05])
    right = min(1.0, high * 1.08)
    ax.set_xlim(-right * 0.015, right)  # a 0% dot is drawn whole, not cut by the axis
    ax.set_ylim(-0.6, len(shown) - 0.4)
    ax.xaxis.set_major_formatter(_formatter("pct"))
    ax.tick_params(axis="y", length=0, labelsize=9)
    ax.tick_params(axis="x", labelsize=9)
    ax.grid(axis="x", color=GRID, linewidth=0.6)
    ax.spines["left"].set_visible(False)
    if not shown:
        ax.text(0.5, 0.5, "no lines in the window", transform=ax.transAxes, ha="center",
                color=NEUTRAL)
    return to_svg(fig, name)


@_styled
def issues_chart(weeks: Sequence[str], issues: Sequence[dict[str, Any]], *, top: int = 6,
                 name: str = "voc") -> str:
    """Mentions per week of the top issues (stacked bars), the rest as "other"."""
    main = [i for i in issues if i.get("kind") != "root_cause"]
    ranked = sorted(main, key=lambda i: -i["mentions"])
    head, tail = ranked[:top], ranked[top:]
    series = [(i["issue"], [i["per_week"].get(w, 0) for w in weeks]) for i in head]
    other = [sum(i["per_week"].get(w, 0) for i in tail) for w in weeks]
    if any(other):
        series.append(("other", other))
    fig = _figure(7.2, 2.5)
    ax = fig.add_axes((0.07, 0.14, 0.6, 0.8))
    xs = list(range(len(weeks)))
    bottom = [0] * len(weeks)
    for (label, counts), color in zip(series, itertools.cycle(PALETTE)):
        ax.bar(xs, counts, bottom=bottom, color=color if label != "other" else "#afb8c1",
               width=0.62, label=readable_name(label), linewidth=0)
        bottom = [b + c for b, c in zip(bottom, counts, strict=True)]
    ax.set_xticks(xs, list(weeks), fontsize=8)
    ax.tick_params(axis="x", length=0)
    ax.tick_params(axis="y", labelsize=8, length=0)
    from matplotlib.ticker import MaxNLocator

    ax.yaxis.set_major_locator(MaxNLocator(5, integer=True))
    ax.set_ylabel("mentions", fontsize=8)
    ax.grid(axis="y", color=GRID, linewidth=0.6)
    ax.set_axisbelow(True)
    if series:
        handles, labels = ax.get_legend_handles_labels()
        ax.legend(handles[::-1], labels[::-1], loc="upper left", bbox_to_anchor=(1.02, 1.0),
                  frameon=False, fontsize=8)
    else:
        ax.text(0.5, 0.5, "no issues in the period", transform=ax.transAxes, ha="center",
                color=NEUTRAL)
    return to_svg(fig, name)
