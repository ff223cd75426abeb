"""Retention: cohort repeat rates (matured only), reorder intervals, bundle candidates.

Expected numbers are counted by hand from the inline orders. Runs are as of
2026-11-25, so a month is matured at N days when its last day + N days ends by Nov 25.
"""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from typer.testing import CliRunner

from cx_cli.cli.main import app
from cx_cli.engines.retention import (
    cohort_repeat_rates,
    cycle_bucket,
    observed_reorder_intervals,
    pair_candidates,
    reorder_stats,
    replacement_sets,
    retention,
    two_pack_candidates,
)
from cx_cli.io.catalog import Catalog, Product

TZ = "America/Los_Angeles"
AS_OF = date(2026, 11, 25)


def orders(rows: list[tuple]) -> pd.DataFrame:
    """(order_id, buyer, sku, paid time[, return_type]) rows, one line each."""
    def col(i, default=None):
        return pd.Series([r[i] if len(r) > i else default for r in rows], dtype="string")

    paid = pd.Series(pd.to_datetime([r[3] for r in rows])).dt.tz_localize(TZ)
    return pd.DataFrame({
        "order_id": col(0), "buyer": col(1), "sku": col(2), "sku_id": col(2),
        "status": pd.Series(["completed"] * len(rows), dtype="string"),
        "return_type": col(4, "none"),
        "paid_at": paid.astype(f"datetime64[s, {TZ}]"),
        "created_at": paid.astype(f"datetime64[s, {TZ}]"),
    })


COHORT_ORDERS = [
    # July: b1 again after 26 days, b2 after 67 days, b3 never -> 1/3, 1/3, 2/3
    ("o1", "b1", "X", "2026-07-10 10:00"), ("o2", "b1", "X", "2026-08-05 10:00"),
    ("o3", "b2", "X", "2026-07-20 10:00"), ("o4", "b2", "X", "2026-09-25 10:00"),
    ("o5", "b3", "X", "2026-07-31 23:00"),
    # August: b4's second order has the very same paid time (no repeat), the third is
    # 48 days later; b5's cancelled order does not qualify, the next is 52 days later.
    ("o6", "b4", "X", "2026-08-03 09:00"), ("o7", "b4", "Y", "2026-08-03 09:00"),
    ("o8", "b4", "X", "2026-09-20 09:00"),
    ("o9", "b5", "X", "2026-08-10 09:00"), ("o10", "b5", "X", "2026-08-15 09:00", "cancel"),
    ("o11", "b5", "X", "2026-10-01 09:00"),
    ("o12", "", "X", "2026-08-10 09:00"),  # no buyer: ignored
    # September: b7 again after 25 days
    ("o13", "b7", "X", "2026-09-05 09:00"), ("o14", "b7", "X", "2026-09-30 09:00"),
    # October: not matured at 30 days by Nov 25 (Nov 1 + 30 days > Nov 25)
    ("o15", "b8", "X", "2026-10-02 09:00"),
    # paid after as_of: does not exist yet
    ("o16", "b9", "X", "2026-11-27 09:00"),
]


def test_cohorts_only_where_matured():
    rows = cohort_repeat_rates(orders(COHORT_ORDERS), as_of=AS_OF)
    assert [r["cohort"] for r in rows] == ["2026-07", "2026-08", "2026-09"]
    july, august, september = rows
    assert july["buyers"] == 3
    assert (july["repeat_30"], july["repeat_60"], july["repeat_90"]) == \
        pytest.approx((1 / 3, 1 / 3, 2 / 3))
    assert august["buyers"] == 2
    assert (august["repeaters_30"], august["repeaters_60"]) == (0, 2)
    assert august["repeat_60"] == 1.0
    assert august["repeat_90"] is None  # Sep 1 + 90 days is after Nov 25
    assert september["repeat_30"] == 1.0 and september["repeat_60"] is None


def test_a_cohort_matures_on_the_last_observed_day():
    # September at 60 days: every buyer observed through Oct 30 + ... = Nov 29 end.
    rows = cohort_repeat_rates(orders(COHORT_ORDERS), as_of=date(2026, 11, 29))
    assert [r["repeat_60"] is not None for r in rows] == [True, True, True]
    rows = cohort_repeat_rates(orders(COHORT_ORDERS), as_of=date(2026, 11, 28))
    assert rows[2]["repeat_60"] is None



def test_cohorts_count_orders_whose_lines_carry_no_sku():
    """A repeat is about orders, not SKUs: lines with neither a seller SKU nor a SKU ID
    (a generic export) still make a buyer a repeater, as on the scorecard."""
    frame = orders([("n1", "b1", None, "2026-07-10 10:00"), ("n2", "b1", None, "2026-07-20 10:00"),
                    ("n3", "b2", "X", "2026-07-12 10:00")])
    rows = cohort_repeat_rates(frame, as_of=AS_OF)
    assert [(r["cohort"], r["buyers"], r["repeaters_30"]) for r in rows] == [("2026-07", 2, 1)]
    result = retention(frame, as_of=AS_OF, min_repeaters=1)
    assert [(r["buyers"], r["repeaters_30"]) for r in result.cohorts] == [(2, 1)]
    # The per-SKU figures still read only the lines that name a SKU.
    assert [r["sku"] for r in result.intervals] == []


INTERVAL_ORDERS = [
    # FILTER gaps: x1 30 and 32, x2 28, x4 40; x3's two orders share a day (one purchase)
    ("f1", "x1", "FILTER", "2026-06-01 10:00"), ("f2", "x1", "FILTER", "2026-07-01 09:00"),
    ("f3", "x1", "FILTER", "2026-08-02 10:00"),
    ("f4", "x2", "FILTER", "2026-06-01 10:00"), ("f5", "x2", "FILTER", "2026-06-29 10:00"),
    ("f6", "x3", "FILTER", "2026-06-01 10:00"), ("f7", "x3", "FILTER", "2026-06-01 18:00"),
    ("f8", "x4", "FILTER", "2026-06-01 10:00"), ("f9", "x4", "FILTER", "2026-07-11 10:00"),
    ("f10", "x4", "FILTER", "2026-07-20 10:00", "cancel"),  # a cancelled line: no purchase
    ("f11", "x5", "LAMP", "2026-06-01 10:00"), ("f12", "x5", "LAMP", "2026-06-11 10:00"),
]


def test_observed_interval_is_the_median_gap_once_enough_buyers_reordered():
    frame = orders(INTERVAL_ORDERS)
    assert observed_reorder_intervals(frame, min_repeaters=3) == {"FILTER": 31.0}
    assert observed_reorder_intervals(frame, min_repeaters=4) == {}
    assert observed_reorder_intervals(frame, min_repeaters=1) == {"FILTER": 31.0, "LAMP": 10.0}
    # as_of cuts the later orders: only x2's 28-day gap is left by June 30
    assert observed_reorder_intervals(frame, min_repeaters=1, as_of=date(2026, 6, 30)) == \
        {"FILTER": 28.0, "LAMP": 10.0}
    stats = reorder_stats(frame).set_index("sku")
    assert stats.loc["FILTER", ["buyers", "repeaters", "reorders"]].tolist() == [4, 3, 4]


def test_two_pack_candidates_rank_by_repeaters():
    stats = reorder_stats(orders(INTERVAL_ORDERS))
    assert two_pack_candidates(stats, min_repeaters=1) == [
        {"sku": "FILTER", "buyers": 4, "repeaters": 3, "repeat_share": 0.75,
         "median_days": 31.0},
        {"sku": "LAMP", "buyers": 1, "repeaters": 1, "repeat_share": 1.0, "median_days": 10.0},
    ]


PAIR_ORDERS = [
    # u1-u3 buy P and Q in one order; u4-u6 buy R 20 days after P; u7-u9 buy S 45 days
    # after P (too far apart); u10-u19 buy only T.
    *((f"pq{i}", f"u{i}", sku, "2026-09-01 10:00") for i in (1, 2, 3) for sku in ("P", "Q")),
    *((f"p{i}", f"u{i}", "P", "2026-09-01 10:00") for i in (4, 5, 6)),
    *((f"r{i}", f"u{i}", "R", "2026-09-21 10:00") for i in (4, 5, 6)),
    *((f"p{i}", f"u{i}", "P", "2026-09-01 10:00") for i in (7, 8, 9)),
    *((f"s{i}", f"u{i}", "S", "2026-10-16 10:00") for i in (7, 8, 9)),
    *((f"t{i}", f"u{i}", "T", "2026-09-01 10:00") for i in range(10, 20)),
]


def test_pairs_bought_together_or_within_30_days():
    pairs = pair_candidates(orders(PAIR_ORDERS), min_buyers=3)
    # lift = 3 buyers x 19 buyers / (9 P-buyers x 3 Q-buyers) = 2.11
    assert pairs == [
        {"skus": ["P", "Q"], "buyers": 3, "same_order": 3, "lift": 2.11},
        {"skus": ["P", "R"], "buyers": 3, "same_order": 0, "lift": 2.11},
    ]
    assert pair_candidates(orders(PAIR_ORDERS), min_buyers=4) == []
    assert [p["skus"] for p in pair_candidates(orders(PAIR_ORDERS), min_buyers=3,
                                               window_days=45)] == \
        [["P", "Q"], ["P", "R"], ["P", "S"]]


def test_cycle_buckets_and_replacement_sets():
    assert [cycle_bucket(d) for d in (31, 45, 59, 72, 80, 120)] == [30, None, 60, 60, 90, None]
    catalog = Catalog({
        "FILTER": Product(sku="FILTER", category="consumable", usage_cycle_days=30),
        "PADS": Product(sku="PADS", category="consumable", usage_cycle_days=60),
        "SHIRT": Product(sku="SHIRT", category="apparel"),
    })
    sets = replacement_sets({"FILTER": (31.0, "observed"), "PADS": (60.0, "catalog"),
                             "BRUSH": (29.0, "observed"), "SHIRT": (30.0, "observed")},
                            catalog)
    assert sets == [
        {"cycle_days": 30, "skus": [{"sku": "BRUSH", "cycle_days": 29.0, "source": "observed"},
                                    {"sku": "FILTER", "cycle_days": 31.0,
                                     "source": "observed"}]},
        {"cycle_days": 60, "skus": [{"sku": "PADS", "cycle_days": 60.0, "source": "catalog"}]},
    ]


def test_retention_puts_the_observed_interval_beside_the_catalog():
    catalog = Catalog({"FILTER": Product(sku="FILTER", name="Water filter",
                                         category="consumable", usage_cycle_days=30),
                       "SOAP": Product(sku="SOAP", category="consumable", usage_cycle_days=45)})
    result = retention(orders(INTERVAL_ORDERS), as_of=AS_OF, catalog=catalog, min_repeaters=3,
                       min_buyers=1)
    rows = {r["sku"]: r for r in result.intervals}
    assert rows["FILTER"] == {"sku": "FILTER", "name": "Water filter", "buyers": 4,
                              "repeaters": 3, "reorders": 4, "observed_days": 31.0,
                              "usage_cycle_days": 30.0}
    assert rows["LAMP"]["observed_days"] is None  # 1 repeater < 3
    assert rows["SOAP"]["buyers"] == 0 and rows["SOAP"]["usage_cycle_days"] == 45.0
    assert result.replacement_sets == [{"cycle_days": 30, "skus": [
        {"sku": "FILTER", "cycle_days": 31.0, "source": "observed"}]}]
    data = result.as_dict()
    assert set(data) >= {"cohorts", "reorder_intervals", "bundles"}
    assert set(data["bundles"]) == {"two_pack", "routine", "replacement_sets"}


# --- the command -----------------------------------------------------------------------------

def write_orders(path: Path, rows: list[tuple]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh)
        w.writerow(["Order ID", "Order Status", "Cancelation/Return Type", "Seller SKU",
                    "Created Time", "Paid Time", "Buyer Username"])
        for r in rows:
            w.writerow([r[0], "Completed", "Cancel" if len(r) > 4 and r[4] == "cancel" else "",
                        r[2], r[3] + ":00", r[3] + ":00", r[1]])
    return path


def test_cli_json(tmp_path):
    path = write_orders(tmp_path / "orders.csv", COHORT_ORDERS + INTERVAL_ORDERS)
    result = CliRunner().invoke(app, ["retention", "--orders", str(path), "--date",
                                      "2026-11-25", "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["as_of"] == "2026-11-25"
    assert data["min_repeaters"] == 20
    cohorts = {c["cohort"]: c for c in data["cohorts"]}
    assert cohorts["2026-07"]["repeat_90"] == pytest.approx(2 / 3)
    assert cohorts["2026-06"]["buyers"] == 5  # x1..x5 of the interval orders
    assert {r["sku"] for r in data["reorder_intervals"]} >= {"FILTER", "X"}
    assert all(r["observed_days"] is None for r in data["reorder_intervals"])


def test_cli_table_md_csv(tmp_path):
    path = write_orders(tmp_path / "orders.csv", COHORT_ORDERS + PAIR_ORDERS)
    base = ["retention", "--orders", str(path), "--date", "2026-11-25"]
    table = CliRunner().invoke(app, base)
    assert table.exit_code == 0, table.output
    assert "Repeat purchase by first-order month" in table.stdout
    md = CliRunner().invoke(app, [*base, "-f", "md"])
    assert md.exit_code == 0 and "### Bundle candidates" in md.stdout
    out = tmp_path / "cohorts.csv"
    written = CliRunner().invoke(app, [*base, "-f", "csv", "-o", str(out)])
    assert written.exit_code == 0
    assert out.read_text().splitlines()[0].startswith("cohort,buyers,repeaters_30,repeat_30")


def test_cli_needs_orders():
    result = CliRunner().invoke(app, ["retention"])
    assert result.exit_code == 2
    assert "no orders export given" in result.stderr


def test_cli_table_at_80_columns_shows_each_sku_whole(tmp_path, monkeypatch):
    """The reorder-interval table used to cut the SKU to 'SHELF-FLOA…' at 80 columns
    while the product name wrapped over four lines beside it."""
    rows = [(f"{sku}-{buyer}-{month}", f"b{buyer}", sku, f"2026-0{month}-0{buyer + 1} 10:00")
            for sku in ("SHELF-FLOAT-3PC", "PHONE-MOUNT-MAG") for buyer in range(3)
            for month in (6, 8)]  # every buyer orders again two months later
    path = write_orders(tmp_path / "orders.csv", rows)
    catalog = tmp_path / "products.yaml"
    catalog.write_text("SHELF-FLOAT-3PC: {name: Floating Wall Shelves (set of 3), "
                       "category: other}\n"
                       "PHONE-MOUNT-MAG: {name: Magnetic Car Phone Mount, category: device}\n")
    monkeypatch.setenv("COLUMNS", "80")
    result = CliRunner().invoke(app, ["retention", "--orders", str(path), "--products",
                                      str(catalog), "--date", "2026-11-25"],
                                terminal_width=80)
    assert result.exit_code == 0, result.output
    assert max(map(len, result.stdout.splitlines())) <= 80
    table = result.stdout.split("Reorder interval per SKU")[1]
    assert "│ SHELF-FLOAT-3PC " in table and "│ PHONE-MOUNT-MAG " in table


def test_the_sample_shop_fits_an_80_column_terminal(monkeypatch):
    """Retention in a standard terminal: no row is cropped, every interval row keeps its
    figures, and a bundle line too long for the line wraps under its own text."""
    monkeypatch.setenv("COLUMNS", "80")
    config = Path(__file__).resolve().parents[1] / "examples" / "cx.yaml"
    result = CliRunner().invoke(app, ["retention", "-c", str(config), "--date", "2026-11-25"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert all(len(line.rstrip()) <= 80 for line in lines)
    table = lines[lines.index(next(x for x in lines if x.startswith("Reorder interval"))):]
    serum = next(x for x in table if x.startswith("│ SERUM-30ML"))
    # buyers, reordered, observed median days, catalog days: all there, none cut.
    assert [c.strip() for c in serum.split("│")[3:7]] == ["304", "77", "32", "30"]
    assert "│ BLENDER-PORT " in "\n".join(table) and "(5/20" not in result.stdout
    routine = lines.index("  Routine bundles")
    first, wrapped = lines[routine + 1], lines[routine + 2]
    assert first.startswith("    CLEANSER-150 + SERUM-30ML — 67 buyers within 30 days")
    assert wrapped.startswith("    lift ") or wrapped.startswith("    (")


@pytest.mark.parametrize(("width", "left_out"), [
    (60, "name, buyers, catalog days"), (40, "name, buyers, catalog days")])
def test_the_sample_shop_keeps_skus_and_figures_whole_below_80_columns(monkeypatch, width,
                                                                      left_out):
    """At 60 columns the reorder table ran off the right edge (the median and catalog
    days gone, unsaid) and at 40 the cohorts' months and rates were cut ("2026…",
    "24.…"). Now figures' headers wrap, then columns are left out (a line says which)
    and every SKU, month and figure is whole."""
    from _tables import table_rows
    from rich.cells import cell_len

    monkeypatch.setenv("COLUMNS", str(width))
    config = Path(__file__).resolve().parents[1] / "examples" / "cx.yaml"
    args = ["retention", "-c", str(config), "--date", "2026-11-25"]
    result = CliRunner().invoke(app, args, terminal_width=width)
    assert result.exit_code == 0, result.output
    assert max(map(cell_len, result.stdout.splitlines())) <= width
    data = json.loads(CliRunner().invoke(app, [*args, "-f", "json"]).stdout)
    cohorts, intervals = result.stdout.split("Reorder interval per SKU")
    intervals = intervals.split("Bundle candidates")[0]
    assert "…" not in cohorts + intervals
    rates = {c["cohort"]: f"{c['repeat_30'] * 100:.1f}%" for c in data["cohorts"]}
    shown = {line.strip("│┃ ").split()[0]: line for line in cohorts.splitlines()
             if line.strip("│ ")[:4].isdigit()}
    assert list(shown) == list(rates)
    assert all(rates[month] in line for month, line in shown.items())
    rows = table_rows(intervals, key=0)
    assert [r[0] for r in rows] == [i["sku"] for i in data["reorder_intervals"]]
    serum = next(r for r in rows if r[0] == "SERUM-30ML")
    assert serum[1:] == ["77", "32"]  # reordered, median days
    assert f"Left out at this width: {left_out} (-f md has them)." in " ".join(
        intervals.split())


# --- one hand-computed shop through the command (SPEC §8, §9a) ----------------------------

# Shop time is America/Los_Angeles (the US default). One line per row.
HAND_ORDERS = ("Order ID,Order Status,Cancelation/Return Type,Seller SKU,Created Time,"
               "Paid Time,Delivered Time,Buyer Username\n") + """\
A1,Completed,,FILTER,2026-06-01 00:05:00,2026-06-01 00:05:00,,ann
A2,Completed,,FILTER,2026-07-01 10:00:00,2026-07-01 10:00:00,,ann
B1,Completed,,FILTER,2026-06-10 09:00:00,2026-06-10 09:00:00,,bob
B2,Completed,,FILTER,2026-06-10 18:00:00,2026-06-10 18:00:00,,bob
B3,Completed,,FILTER,2026-07-13 09:00:00,2026-07-13 09:00:00,,bob
C1,Completed,,FILTER,2026-06-15 12:00:00,2026-06-15 12:00:00,,cat
C1,Completed,,SOAP,2026-06-15 12:00:00,2026-06-15 12:00:00,,cat
C2,Completed,,LAMP,2026-06-15 12:00:00,2026-06-15 12:00:00,,cat
D1,Canceled,Cancel,SOAP,2026-06-20 10:00:00,2026-06-20 10:00:00,,dan
D2,Completed,Return/Refund,SOAP,2026-06-25 10:00:00,2026-06-25 10:00:00,,dan
D3,Completed,,SOAP,2026-08-20 10:00:00,2026-08-20 10:00:00,,dan
E1,Unpaid,,SERUM,2026-06-28 10:00:00,,,eve
E2,Completed,,SERUM,2026-07-05 10:00:00,2026-07-05 10:00:00,,eve
E3,Completed,,SERUM,2026-10-02 10:00:00,2026-10-02 10:00:00,,eve
F1,Completed,,SERUM,2026-08-01T06:30:00Z,2026-08-01T06:30:00Z,,fay
F2,Completed,,SERUM,2026-08-30 10:00:00,2026-08-30 10:00:00,,fay
G1,Completed,,SERUM,2026-09-30 22:00:00,2026-09-30 22:00:00,,gus
G2,Completed,,SERUM,2026-10-30 21:00:00,2026-10-30 21:00:00,,gus
H1,Completed,,SERUM,2026-10-05 10:00:00,2026-10-05 10:00:00,,hal
H2,Completed,,SERUM,2026-10-31 10:00:00,2026-10-31 10:00:00,,hal
K1,Delivered,,FILTER,2026-09-28 12:00:00,2026-09-28 12:00:00,2026-10-01 12:00:00,kim
"""
HAND_CATALOG = """\
FILTER: {name: Water filter, category: consumable, usage_cycle_days: 30}
SOAP: {category: consumable, usage_cycle_days: 45}
SERUM: {category: skincare, usage_cycle_days: 60}
LAMP: {category: device}
"""


def hand_run(tmp_path: Path, day: str, *extra: str, config: str = "") -> dict:
    (tmp_path / "orders.csv").write_text(HAND_ORDERS, encoding="utf-8")
    (tmp_path / "products.yaml").write_text(HAND_CATALOG, encoding="utf-8")
    (tmp_path / "cx.yaml").write_text(config or "retention: {min_repeaters: 2}\n",
                                      encoding="utf-8")
    result = CliRunner().invoke(app, ["retention", "-c", str(tmp_path / "cx.yaml"),
                                      "--orders", str(tmp_path / "orders.csv"),
                                      "--products", str(tmp_path / "products.yaml"),
                                      "--date", day, "-f", "json", *extra])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_hand_counted_cohorts(tmp_path):
    """Who counts, and when a month is ripe (SPEC §8 repeat purchase, §9a months).

    First qualifying order (paid, a line not Cancel; refunds count) per buyer:
      ann  Jun 1 00:05 (the data's first day)  next Jul 1 10:00 = 30 d 9 h 55 min:
           not within 30 days, within 60 and 90
      bob  Jun 10 09:00  next Jun 10 18:00 (another order the same day): 30/60/90
      cat  Jun 15 12:00  C2 has the very same paid time: no repeat, no other order
      dan  D1 is Cancel (does not count): Jun 25 10:00 (D2, refunded: counts),
           next Aug 20 10:00 = 56 d: 60/90
      eve  E1 unpaid (does not count): Jul 5 10:00, next Oct 2 10:00 = 89 d: 90 only
      fay  06:30 UTC on Aug 1 = Jul 31 23:30 shop time: July;
           next Aug 30 10:00 = 29 d 10.5 h: 30/60/90
      gus  Sep 30 22:00, next Oct 30 21:00 = 29 d 23 h: 30
      hal  Oct 5 (October cannot be ripe at 30 days before Nov 30); H2 is after --date
      kim  Sep 28 12:00, never again
    June 4 buyers: 30d 1 (bob), 60d 3, 90d 3. July 2 buyers: 30d 1 (fay), 60d 1, 90d 2.
    August: nobody's first order, not listed. September 2 buyers (gus, kim): 30d 1.
    Ripe at N days when the month's end + N days <= the end of --date:
      July at 90: Aug 1 + 90 d = Oct 30 00:00, ripe as of Oct 29, not Oct 28;
      September at 30: Oct 1 + 30 d = Oct 31 00:00, ripe as of Oct 30, not Oct 29.
    """
    cohorts = [[c["cohort"], c["buyers"], *(c[f"repeaters_{n}"] for n in (30, 60, 90))]
               for c in hand_run(tmp_path, "2026-10-30")["cohorts"]]
    assert cohorts == [["2026-06", 4, 1, 3, 3], ["2026-07", 2, 1, 1, 2],
                       ["2026-09", 2, 1, None, None]]
    june = hand_run(tmp_path, "2026-10-30")["cohorts"][0]
    assert (june["repeat_30"], june["repeat_60"], june["repeat_90"]) == (0.25, 0.75, 0.75)
    on_29 = hand_run(tmp_path, "2026-10-29")["cohorts"]
    assert [(c["cohort"], c["repeaters_90"]) for c in on_29] == [("2026-06", 3), ("2026-07", 2)]
    on_28 = hand_run(tmp_path, "2026-10-28")["cohorts"]
    assert [(c["cohort"], c["repeaters_60"], c["repeaters_90"]) for c in on_28] == [
        ("2026-06", 3, 3), ("2026-07", 1, None)]


def test_hand_counted_reorder_intervals(tmp_path):
    """Median shop-calendar days between a buyer's consecutive purchases of a SKU.

    FILTER: ann Jun 1 -> Jul 1 = 30; bob Jun 10 (twice: one purchase) -> Jul 13 = 33;
            cat and kim once. 3 + 1 buyers, 2 reordered; median of 30, 33 = 31.5.
    SERUM:  eve Jul 5 -> Oct 2 = 89; fay Jul 31 (shop day) -> Aug 30 = 30 (29 if read
            as UTC's Aug 1); gus Sep 30 -> Oct 30 = 30; hal once (H2 after --date).
            4 buyers, 3 reordered, median 30. As of Oct 29 (no G2): 89, 30 -> 59.5.
    SOAP:   cat once; dan Jun 25 -> Aug 20 = 56 (D1 was cancelled): 1 reordered.
    LAMP:   nobody reordered and no catalog cycle: not listed.
    With min_repeaters 2, FILTER's exactly 2 reorderers are enough; with 3 it is not.
    """
    def table(data):
        return {r["sku"]: (r["buyers"], r["repeaters"], r["observed_days"],
                           r["usage_cycle_days"]) for r in data["reorder_intervals"]}

    data = hand_run(tmp_path, "2026-10-30")
    assert table(data) == {"FILTER": (4, 2, 31.5, 30), "SERUM": (4, 3, 30, 60),
                           "SOAP": (2, 1, None, 45)}
    # Replacement sets: cycles within 20 % of 30/60/90 days, observed where shown.
    assert data["bundles"]["replacement_sets"] == [{"cycle_days": 30, "skus": [
        {"sku": "FILTER", "cycle_days": 31.5, "source": "observed"},
        {"sku": "SERUM", "cycle_days": 30.0, "source": "observed"}]}]
    # 2-packs need 3 buyers who reordered: only SERUM (3 of 4).
    assert [(t["sku"], t["repeaters"], t["buyers"]) for t in data["bundles"]["two_pack"]] \
        == [("SERUM", 3, 4)]
    earlier = hand_run(tmp_path, "2026-10-29")
    assert table(earlier)["SERUM"] == (4, 2, 59.5, 60)
    three = hand_run(tmp_path, "2026-10-30", config="retention: {min_repeaters: 3}\n")
    assert table(three)["FILTER"] == (4, 2, None, 30)
    assert three["bundles"]["replacement_sets"] == [{"cycle_days": 30, "skus": [
        {"sku": "FILTER", "cycle_days": 30.0, "source": "catalog"},
        {"sku": "SERUM", "cycle_days": 30.0, "source": "observed"}]}]


def test_hand_counted_table_shows_the_half_day_median(tmp_path):
    hand_run(tmp_path, "2026-10-30")  # writes the files
    result = CliRunner().invoke(app, ["retention", "-c", str(tmp_path / "cx.yaml"),
                                      "--orders", str(tmp_path / "orders.csv"),
                                      "--products", str(tmp_path / "products.yaml"),
                                      "--date", "2026-10-30", "-f", "md"])
    assert result.exit_code == 0, result.output
    assert "| FILTER | Water filter | 4 | 2 | 31.5 | 30 |" in result.stdout
    assert "| SOAP | SOAP | 2 | 1 | — | 45 |" in result.stdout


@pytest.mark.parametrize(("cycle", "due"), [("observed", "2026-10-24"),
                                            ("catalog", "2026-10-22")])
def test_hand_counted_observed_cycle_times_the_replenishment(tmp_path, cycle, due):
    """kim's FILTER was delivered Oct 1. Observed 31.5 days (2 reorderers, min 2):
    0.7 x 31.5 = 22.05 -> 23 days -> Oct 24; the catalog's 30: 0.7 x 30 = 21 -> Oct 22."""
    hand_run(tmp_path, "2026-10-30")  # writes the files
    (tmp_path / "cx.yaml").write_text(
        "retention: {min_repeaters: 2}\n"
        f"messages: {{max_per_buyer_per_day: 0, replenishment: {{cycle: {cycle}}}}}\n",
        encoding="utf-8")
    result = CliRunner().invoke(app, ["messages", "due", "-c", str(tmp_path / "cx.yaml"),
                                      "--orders", str(tmp_path / "orders.csv"),
                                      "--products", str(tmp_path / "products.yaml"),
                                      "--date", "2026-10-24", "--explain", "K1",
                                      "-f", "json"])
    assert result.exit_code == 0, result.output
    row = next(r for r in json.loads(result.stdout) if r["stage"] == "replenishment")
    assert (row["sku"], row["due_date"]) == ("FILTER", due)


def test_n_days_are_counted_on_the_shop_clock_across_a_clock_change():
    """Oct 15 10:00 PDT -> Nov 14 10:00 PST is 30 days on the shop's clock (30 days and
    an hour of real time): a repeat within 30 days, as on the scorecard."""
    frame = orders([("d1", "b1", "X", "2026-10-15 10:00"), ("d2", "b1", "X", "2026-11-14 10:00"),
                    ("d3", "b2", "X", "2026-10-15 10:00"), ("d4", "b2", "X", "2026-11-14 10:01")])
    rows = cohort_repeat_rates(frame, as_of=date(2026, 11, 30))
    assert [(r["cohort"], r["buyers"], r["repeaters_30"]) for r in rows] == [("2026-10", 2, 1)]


def test_pairs_within_30_shop_days_inclusive():
    """u1-u3 buy R 30 days after P (counts), u4-u6 buy S 31 days after P (does not);
    u7-u12 buy only T. lift(P, R) = 3 pair buyers x 12 buyers / (6 P x 3 R) = 2."""
    rows = [*((f"p{i}", f"u{i}", "P", "2026-09-01 23:30") for i in range(1, 7)),
            *((f"r{i}", f"u{i}", "R", "2026-10-01 00:30") for i in (1, 2, 3)),
            *((f"s{i}", f"u{i}", "S", "2026-10-02 00:30") for i in (4, 5, 6)),
            *((f"t{i}", f"u{i}", "T", "2026-09-01 10:00") for i in range(7, 13))]
    assert pair_candidates(orders(rows), min_buyers=3) == [
        {"skus": ["P", "R"], "buyers": 3, "same_order": 0, "lift": 2.0}]
