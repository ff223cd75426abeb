"""Cross-check: the scorecard's figures against DuckDB SQL written from SPEC §8 alone.

The SQL reads the generated exports as text (all_varchar), parses times with strptime,
deduplicates overlapping order files as SPEC §3.1 says, and computes each metric from
its definition — no cx code is involved on that side except the list of US holidays.
"""

from __future__ import annotations

from datetime import date

import pytest

duckdb = pytest.importorskip("duckdb")

from cx_cli.config import load_settings  # noqa: E402
from cx_cli.engines.metrics import MetricInputs  # noqa: E402
from cx_cli.engines.scorecard import build_scorecard  # noqa: E402
from cx_cli.engines.weeks import holiday_dates, parse_week  # noqa: E402
from cx_cli.io.dataset import load_dataset, resolve_inputs  # noqa: E402

WEEK = parse_week("2026-W47")
WEEKS = 8
AS_OF = date(2026, 11, 25)
US_TIME = "%m/%d/%Y %I:%M:%S %p"
ISO_TIME = "%Y-%m-%d %H:%M:%S"


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    generate = pytest.importorskip("cx_cli.sampledata").generate
    folder = tmp_path_factory.mktemp("sample")
    generate(folder, orders=3000, seed=7, end=date(2026, 11, 24))
    return folder


@pytest.fixture(scope="module")
def card(sample):
    settings = load_settings(sample / "cx.yaml")
    ds = load_dataset(settings, resolve_inputs(settings),
                      ("orders", "returns", "tickets", "reviews"))
    return build_scorecard(MetricInputs.from_dataset(ds), settings, AS_OF, WEEK, WEEKS)


def _db(folder) -> duckdb.DuckDBPyConnection:
    """Typed tables from the raw exports, following SPEC §3 and §3.1."""
    con = duckdb.connect()
    con.execute("SET TimeZone = 'America/Los_Angeles'")

    def ts(col: str, fmt: str) -> str:
        return f"try_strptime(nullif(nullif(trim({col}), ''), '/'), '{fmt}')"

    con.execute(f"""
    CREATE TABLE raw AS
    SELECT *, row_number() OVER () AS rownum
    FROM read_csv('{folder}/orders/*.csv', all_varchar=true, header=true, filename=true);
    CREATE TABLE lines AS
    WITH typed AS (
      SELECT trim("Order ID") AS order_id,
             coalesce(nullif(trim("SKU ID"), ''), trim("Seller SKU")) AS sku_id,
             coalesce(nullif(trim("Seller SKU"), ''), trim("SKU ID")) AS sku,
             lower(trim("Order Status")) AS status,
             lower(trim(coalesce("Cancelation/Return Type", ''))) AS return_type,
             coalesce(try_cast(trim("Sku Quantity of return") AS INTEGER), 0) AS returned_qty,
             lower(trim(coalesce("Cancel By", ''))) AS cancel_by,
             nullif(trim("Buyer Username"), '') AS buyer,
             {ts('"Created Time"', US_TIME)} AS created_at,
             {ts('"Paid Time"', US_TIME)} AS paid_at,
             {ts('"RTS Time"', US_TIME)} AS rts_at,
             {ts('"Shipped Time"', US_TIME)} AS shipped_at,
             {ts('"Delivered Time"', US_TIME)} AS delivered_at,
             {ts('"Cancelled Time"', US_TIME)} AS cancelled_at,
             filename, rownum
      FROM raw WHERE "Order ID" <> 'Platform unique order ID.'
    )
    SELECT * FROM typed
    QUALIFY row_number() OVER (
      PARTITION BY order_id, sku_id
      ORDER BY greatest(created_at, paid_at, rts_at, shipped_at, delivered_at, cancelled_at)
               DESC NULLS LAST,
               CASE status WHEN 'unpaid' THEN 0 WHEN 'to ship' THEN 1 WHEN 'shipped' THEN 3
                           WHEN 'completed' THEN 5 ELSE 6 END DESC,
               filename DESC, rownum DESC) = 1;
    CREATE TABLE returns AS
    SELECT trim("Order ID") AS order_id, trim("Seller SKU") AS sku,
           lower(trim("Return Status")) AS status, lower(trim("Return Type")) AS rtype
    FROM read_csv('{folder}/returns.csv', all_varchar=true, header=true);
    CREATE TABLE tickets AS
    SELECT trim(ticket_id) AS ticket_id,
           {ts('created_at', ISO_TIME)} AS created_at,
           {ts('first_response_at', ISO_TIME)} AS first_response_at
    FROM read_csv('{folder}/tickets.csv', all_varchar=true, header=true);
    """)
    return con


def _weeks_table(con, shift_days: int = 0) -> None:
    """weeks(i, ws, we): the 8 weeks of the series, optionally moved back ``shift_days``."""
    first = WEEK.shift(1 - WEEKS).start
    con.execute(f"""
    CREATE OR REPLACE TABLE weeks AS
    SELECT i, DATE '{first}' + INTERVAL (7 * i) DAY - INTERVAL ({shift_days}) DAY AS ws,
              DATE '{first}' + INTERVAL (7 * i + 7) DAY - INTERVAL ({shift_days}) DAY AS we
    FROM range({WEEKS}) t(i)""")


def test_refund_rate_by_sku_matches_sql(sample, card):
    con = _db(sample)
    # A line is refunded when the returns export has a return for it that was not
    # rejected or cancelled (closed requests and replacements are not refunds either).
    con.execute("""
    CREATE TABLE sale AS
    SELECT l.sku, l.paid_at,
           EXISTS (SELECT 1 FROM returns r WHERE r.order_id = l.order_id AND r.sku = l.sku
                   AND r.status NOT IN ('rejected', 'reception rejected', 'request closed',
                                        'cancelled', 'canceled')
                   AND r.rtype NOT LIKE '%replace%') AS refunded
    FROM lines l WHERE l.paid_at IS NOT NULL AND l.return_type <> 'cancel'""")
    _weeks_table(con, shift_days=14)
    weekly = con.execute("""
    SELECT w.i, count(s.paid_at) AS n, count(s.paid_at) FILTER (WHERE s.refunded) AS k
    FROM weeks w LEFT JOIN sale s ON s.paid_at >= w.ws AND s.paid_at < w.we
    GROUP BY w.i ORDER BY w.i""").fetchall()
    expected = [k / n if n else None for _, n, k in weekly]
    assert card.series("refund_rate") == pytest.approx(expected)

    by_sku = con.execute("""
    SELECT s.sku, count(*), count(*) FILTER (WHERE s.refunded)
    FROM sale s, weeks w WHERE w.i = 7 AND s.paid_at >= w.ws AND s.paid_at < w.we
    GROUP BY s.sku""").fetchall()
    got = {r["sku"]: (r["lines"], r["refunded"]) for r in card.cohort.rows}
    assert got == {sku: (n, k) for sku, n, k in by_sku}
    total = sum(n for _, n, _ in by_sku)
    assert card.cohort.lines == total


def test_first_response_time_matches_sql(sample, card):
    con = _db(sample)
    _weeks_table(con)
    rows = con.execute("""
    WITH t AS (
      SELECT created_at,
             -- real elapsed hours: both wall-clock times placed in the shop's zone
             epoch(timezone('America/Los_Angeles', first_response_at))
               - epoch(timezone('America/Los_Angeles', created_at)) AS secs
      FROM tickets)
    SELECT w.i, quantile_cont(t.secs / 3600.0, 0.5), quantile_cont(t.secs / 3600.0, 0.9),
           count(t.created_at) FILTER (WHERE t.secs IS NULL),
           count(t.created_at) FILTER (WHERE t.secs <= 12 * 3600) / nullif(count(t.created_at), 0)
    FROM weeks w LEFT JOIN t ON t.created_at >= w.ws AND t.created_at < w.we
    GROUP BY w.i ORDER BY w.i""").fetchall()
    assert card.series("frt_median_hours") == pytest.approx([r[1] for r in rows])
    assert card.series("frt_p90_hours") == pytest.approx([r[2] for r in rows])
    assert card.series("unanswered_tickets") == [r[3] for r in rows]
    assert card.series("answered_within_12h_share") == pytest.approx([r[4] for r in rows])


@pytest.mark.parametrize("days", [30, 60, 90])
def test_repeat_rates_match_sql(sample, card, days):
    con = _db(sample)
    _weeks_table(con, shift_days=days)
    rows = con.execute(f"""
    WITH orders AS (   -- qualifying orders: paid, a line that is not a cancel, a buyer
      SELECT order_id, any_value(buyer) AS buyer, min(paid_at) AS paid_at
      FROM lines GROUP BY order_id
      HAVING min(paid_at) IS NOT NULL AND bool_or(return_type <> 'cancel')),
    firsts AS (
      SELECT buyer, min(paid_at) AS first_paid FROM orders WHERE buyer IS NOT NULL
      GROUP BY buyer),
    flagged AS (
      SELECT f.buyer, f.first_paid,
             EXISTS (SELECT 1 FROM orders o WHERE o.buyer = f.buyer
                     AND o.paid_at > f.first_paid
                     AND o.paid_at <= f.first_paid + INTERVAL {days} DAY) AS repeated
      FROM firsts f)
    SELECT w.i, count(f.buyer), count(f.buyer) FILTER (WHERE f.repeated)
    FROM weeks w LEFT JOIN flagged f ON f.first_paid >= w.ws AND f.first_paid < w.we
    GROUP BY w.i ORDER BY w.i""").fetchall()
    expected = [k / n if n else None for _, n, k in rows]
    assert card.series(f"repeat_rate_{days}") == pytest.approx(expected)


def test_late_dispatch_matches_sql(sample, card):
    con = _db(sample)
    _weeks_table(con)
    holidays = [str(d) for d in holiday_dates("US", 2026, 2027)]
    con.execute("CREATE TABLE hol(d DATE)")
    con.executemany("INSERT INTO hol VALUES (?)", [[h] for h in holidays])
    rows = con.execute(f"""
    WITH days AS (
      SELECT CAST(d AS DATE) AS d FROM range(DATE '2026-01-01', DATE '2027-03-01',
                                             INTERVAL 1 DAY) t(d)),
    bdays AS (
      SELECT d, row_number() OVER (ORDER BY d) AS n FROM days
      WHERE isodow(d) <= 5 AND d NOT IN (SELECT d FROM hol)),
    orders AS (
      SELECT order_id, min(paid_at) AS paid_at, min(shipped_at) AS shipped_at,
             bool_or(status IN ('canceled', 'cancelled')) AS cancelled
      FROM lines GROUP BY order_id),
    due AS (
      SELECT o.*,
             -- roll back to the last business day on or before the paid date, then 2 on
             (SELECT b2.d FROM bdays b2 WHERE b2.n = (
                 SELECT max(b.n) FROM bdays b WHERE b.d <= CAST(o.paid_at AS DATE)) + 2)
               AS deadline
      FROM orders o WHERE o.paid_at IS NOT NULL AND NOT o.cancelled)
    SELECT w.i, count(d.order_id),
           count(d.order_id) FILTER (WHERE CASE WHEN d.shipped_at IS NOT NULL
                 THEN CAST(d.shipped_at AS DATE) > d.deadline
                 ELSE d.deadline < DATE '{AS_OF}' END)
    FROM weeks w LEFT JOIN due d ON d.paid_at >= w.ws AND d.paid_at < w.we
    GROUP BY w.i ORDER BY w.i""").fetchall()
    expected = [k / n if n else None for _, n, k in rows]
    assert card.series("late_dispatch_rate") == pytest.approx(expected)
    assert any(v for v in expected)  # the sample does have late orders
