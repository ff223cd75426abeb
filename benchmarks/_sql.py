"""DuckDB computing cx's figures from the same CSV exports: the benchmarks' baseline.

    python benchmarks/_sql.py TASKS PARAMS.json OUT.json

TASKS is a comma-separated list of ``scorecard`` (SPEC §8, 8 weeks), ``refunds`` (refund
rate by SKU over the last 28 days), ``voc`` (SPEC §9) and ``due`` (the due set of SPEC
§4); ``report`` means all four. The exports are read once per process and shared by the
tasks, as `cx report` loads its inputs once. PARAMS holds what SQL cannot read from the
exports (the catalog YAML, holidays, settings); ``_common.duckdb_params`` writes it.
Prints one JSON line: seconds per step (after imports) and the total.

Everything is read with ``all_varchar`` and typed here: ids lose their tab/space padding
and a leading apostrophe (as cx's loaders do), times are parsed with ``strptime``, and the
overlapping order files are deduplicated on (order_id, sku_id), latest event first.
Figures that need cx's text classifiers have no SQL equivalent: DuckDB counts the
export's tags only (tagged tickets; 1–2 star reviews as ``low_rating``; no comments).
"""

from __future__ import annotations

import json
import math
import sys
import time
from datetime import date, timedelta
from pathlib import Path

US, ISO = "%m/%d/%Y %I:%M:%S %p", "%Y-%m-%d %H:%M:%S"
VOID_RETURNS = ("('rejected', 'reception rejected', 'request closed', 'closed', "
                "'cancelled', 'canceled')")
TASKS = ("scorecard", "refunds", "voc", "due")
FIX_WINDOW_DAYS = 28


def ts(col: str, fmt: str) -> str:
    return f"try_strptime(nullif(nullif(trim({col}), ''), '/'), '{fmt}')"


def idc(col: str) -> str:
    """Ids as the loaders keep them: no tabs/spaces, no leading apostrophe."""
    return f"nullif(ltrim(trim({col}, chr(32) || chr(9)), chr(39)), '')"


def name(col: str) -> str:
    """Issue names as cx types them: 'Missing Parts ' -> 'missing_parts'."""
    return f"nullif(trim(regexp_replace(lower(trim({col})), '[\\s/-]+', '_', 'g'), '_'), '')"


def end_of(day: str) -> str:
    return f"(DATE '{day}' + INTERVAL 1 DAY)"


# --- the inputs, read once -----------------------------------------------------------------

def load_inputs(con, folder: str) -> None:
    con.execute(f'''
CREATE TABLE lines AS
WITH raw AS (
  SELECT "Order ID" AS oid, "SKU ID" AS sid, "Seller SKU" AS ssku, "Order Status" AS st,
         "Order Substatus" AS sst,
         "Cancelation/Return Type" AS rt, "Sku Quantity of return" AS rq, "Quantity" AS qty,
         "Cancel By" AS cb, "Buyer Username" AS buyer,
         "Created Time" AS c, "Paid Time" AS p, "RTS Time" AS r, "Shipped Time" AS s,
         "Delivered Time" AS d, "Cancelled Time" AS x, filename
  FROM read_csv('{folder}/orders/*.csv', all_varchar=true, header=true, filename=true)
  WHERE "Order ID" <> 'Platform unique order ID.'
), typed AS (
  SELECT {idc('oid')} AS order_id, coalesce({idc('sid')}, {idc('ssku')}) AS sku_id,
         coalesce({idc('ssku')}, {idc('sid')}) AS sku, lower(trim(st)) AS status,
         lower(trim(coalesce(sst, ''))) AS substatus,
         lower(trim(coalesce(rt, ''))) AS return_type,
         coalesce(try_cast(trim(rq) AS INTEGER), 0) AS returned_qty,
         coalesce(try_cast(trim(qty) AS INTEGER), 1) AS quantity,
         lower(trim(coalesce(cb, ''))) AS cancel_by, nullif(trim(buyer), '') AS buyer,
         {ts('c', US)} AS created_at, {ts('p', US)} AS paid_at, {ts('r', US)} AS rts_at,
         {ts('s', US)} AS shipped_at, {ts('d', US)} AS delivered_at,
         {ts('x', US)} AS cancelled_at, filename
  FROM raw
)
SELECT * EXCLUDE (filename) FROM typed
QUALIFY row_number() OVER (PARTITION BY order_id, sku_id
  ORDER BY greatest(created_at, paid_at, rts_at, shipped_at, delivered_at, cancelled_at)
           DESC NULLS LAST,
           CASE status WHEN 'unpaid' THEN 0 WHEN 'to ship' THEN 1 WHEN 'shipped' THEN 3
                       WHEN 'completed' THEN 5 ELSE 6 END DESC, filename DESC) = 1;

CREATE TABLE returns AS
SELECT {idc('"Order ID"')} AS order_id, {idc('"Seller SKU"')} AS sku,
       lower(trim("Return Status")) AS status, lower(coalesce("Return Type", '')) AS type,
       {ts('"Time Requested"', US)} AS requested_at
FROM read_csv('{folder}/returns.csv', all_varchar=true, header=true);

CREATE TABLE tickets AS
SELECT {idc('ticket_id')} AS ticket_id, {idc('order_id')} AS order_id, {idc('sku')} AS sku,
       {ts('created_at', ISO)} AS created_at,
       {ts('first_response_at', ISO)} AS first_response_at,
       {ts('resolved_at', ISO)} AS resolved_at, lower(trim(status)) AS status,
       {name('category')} AS category, {name('subcategory')} AS subcategory,
       {name('root_cause')} AS root_cause
FROM read_csv('{folder}/tickets.csv', all_varchar=true, header=true);

CREATE TABLE reviews AS
SELECT {idc('review_id')} AS review_id, {idc('order_id')} AS order_id, {idc('sku')} AS sku,
       {ts('created_at', ISO)} AS created_at, try_cast(trim(rating) AS INTEGER) AS rating,
       review_text, lower(trim(has_media)) IN ('true', '1', 'yes', 'y', 't') AS media
FROM read_csv('{folder}/reviews.csv', all_varchar=true, header=true);
''')


def ensure_sale(con) -> None:
    """Paid, not-cancelled lines and whether a valid return (not void, not a replacement)
    refunded them: the refund rate's lines (scorecard, refunds by SKU, VoC fix checks)."""
    con.execute(f'''
CREATE TABLE IF NOT EXISTS sale AS
SELECT l.order_id, l.sku, l.paid_at, v.order_id IS NOT NULL AS refunded
FROM lines l
LEFT JOIN (SELECT DISTINCT order_id, sku FROM returns
           WHERE status NOT IN {VOID_RETURNS} AND type NOT LIKE '%replace%') v
  ON v.order_id = l.order_id AND v.sku = l.sku
WHERE l.paid_at IS NOT NULL AND l.return_type <> 'cancel'
''')


def rows(con, sql: str) -> list[list]:
    return [list(r) for r in con.execute(sql).fetchall()]


def wilson_by_sku(where: str, min_lines: int) -> str:
    """Refund rate per SKU of the sale lines ``where`` holds, flagged like `cx refunds`."""
    return f'''
WITH c AS (SELECT sku, count(*) AS n, count(*) FILTER (WHERE refunded) AS k
           FROM sale WHERE {where} GROUP BY sku),
     shop AS (SELECT sum(k) / sum(n) AS rate FROM c),
     wil AS (SELECT sku, n, k, k / n AS p, 1.959964 AS z FROM c),
     lo AS (SELECT *, greatest(0, (p + z*z/(2*n) - z*sqrt(p*(1-p)/n + z*z/(4*n*n)))
                                  / (1 + z*z/n)) AS lo FROM wil)
SELECT sku, n, k, p, lo, n >= {min_lines} AND lo > (SELECT rate FROM shop) AS flagged
FROM lo ORDER BY flagged DESC, p DESC, n DESC, sku'''


# --- scorecard (SPEC §8) ---------------------------------------------------------------------

def scorecard(con, p: dict) -> dict:
    week_start, n_weeks, as_of = p["week_start"], p["weeks"], p["as_of"]
    ensure_sale(con)

    def weeks(shift: int = 0) -> str:
        return (f"(SELECT i, DATE '{week_start}' + INTERVAL (7 * i - {shift}) DAY AS ws, "
                f"DATE '{week_start}' + INTERVAL (7 * i + 7 - {shift}) DAY AS we "
                f"FROM range({n_weeks}) t(i))")

    con.execute('''
CREATE TABLE sc_orders AS
SELECT order_id, any_value(buyer) AS buyer, min(paid_at) AS paid_at,
       min(shipped_at) AS shipped_at, min(delivered_at) AS delivered_at,
       bool_or(status IN ('canceled', 'cancelled')) AS cancelled,
       bool_or(status IN ('canceled', 'cancelled'))
         AND bool_or(cancel_by = 'seller') AS seller_cancel,
       bool_or(return_type <> 'cancel') AS sale_line
FROM lines GROUP BY order_id''')
    q = {}
    q["refund"] = rows(con, f'''
SELECT w.i, count(s.paid_at), count(s.paid_at) FILTER (WHERE s.refunded)
FROM {weeks(14)} w LEFT JOIN sale s ON s.paid_at >= w.ws AND s.paid_at < w.we
GROUP BY w.i ORDER BY w.i''')
    last = f"(SELECT ws FROM {weeks(14)} WHERE i = {n_weeks} - 1)"
    last_end = f"(SELECT we FROM {weeks(14)} WHERE i = {n_weeks} - 1)"
    q["skus"] = rows(con, wilson_by_sku(f"paid_at >= {last} AND paid_at < {last_end}",
                                        p["scorecard_min_lines"]))
    q["tickets"] = rows(con, f'''
WITH t AS (SELECT created_at, subcategory,
                  epoch(timezone('America/Los_Angeles', first_response_at))
                    - epoch(timezone('America/Los_Angeles', created_at)) AS secs FROM tickets)
SELECT w.i, quantile_cont(t.secs / 3600, 0.5), quantile_cont(t.secs / 3600, 0.9),
       count(t.created_at) FILTER (WHERE t.secs IS NULL),
       count(t.created_at) FILTER (WHERE t.subcategory = 'missing_parts'),
       count(t.created_at) FILTER (WHERE t.secs <= 43200) / nullif(count(t.created_at), 0)
FROM {weeks()} w LEFT JOIN t ON t.created_at >= w.ws AND t.created_at < w.we
GROUP BY w.i ORDER BY w.i''')
    q["orders_in_week"] = rows(con, f'''
SELECT w.i,
  (SELECT count(*) FROM sc_orders o WHERE o.shipped_at >= w.ws AND o.shipped_at < w.we),
  (SELECT count(*) FROM sc_orders o WHERE o.delivered_at >= w.ws AND o.delivered_at < w.we)
FROM {weeks()} w ORDER BY w.i''')
    q["reviews"] = rows(con, f'''
WITH r AS (
  SELECT created_at, rating, media,
         coalesce(len(list_filter(string_split_regex(review_text, '\\s+'),
                                  lambda w: w <> '')), 0) AS words
  FROM reviews)
SELECT w.i, count(r.created_at), avg(r.rating), avg(r.words),
       avg(CASE WHEN r.words >= 11 THEN 1 ELSE 0 END), avg(CASE WHEN r.media THEN 1 ELSE 0 END),
       count(r.created_at) FILTER (WHERE r.rating <= 2)
FROM {weeks()} w LEFT JOIN r ON r.created_at >= w.ws AND r.created_at < w.we
GROUP BY w.i ORDER BY w.i''')
    for n in (30, 60, 90):
        q[f"repeat_{n}"] = rows(con, f'''
WITH qo AS (SELECT buyer, paid_at FROM sc_orders
            WHERE paid_at IS NOT NULL AND sale_line AND buyer IS NOT NULL),
     f AS (SELECT buyer, min(paid_at) AS fp FROM qo GROUP BY buyer),
     nx AS (SELECT qo.buyer, min(qo.paid_at) AS np FROM qo JOIN f USING (buyer)
            WHERE qo.paid_at > f.fp GROUP BY qo.buyer),
     b AS (SELECT f.fp, nx.np IS NOT NULL AND nx.np <= f.fp + INTERVAL {n} DAY AS rep
           FROM f LEFT JOIN nx USING (buyer))
SELECT w.i, count(b.fp), count(b.fp) FILTER (WHERE b.rep)
FROM {weeks(n)} w LEFT JOIN b ON b.fp >= w.ws AND b.fp < w.we
GROUP BY w.i ORDER BY w.i''')
    con.execute("CREATE TABLE hol(d DATE)")
    con.executemany("INSERT INTO hol VALUES (?)", [[h] for h in p["holidays"]])
    q["dispatch"] = rows(con, f'''
WITH days AS (SELECT CAST(d AS DATE) AS d
              FROM range(DATE '2026-01-01', DATE '2027-06-01', INTERVAL 1 DAY) t(d)),
     bd AS (SELECT d, isodow(d) <= 5 AND d NOT IN (SELECT d FROM hol) AS open FROM days),
     numbered AS (SELECT d, open, sum(CASE WHEN open THEN 1 ELSE 0 END)
                  OVER (ORDER BY d) AS n FROM bd),
     deadline AS (SELECT a.d AS paid_day, b.d AS due FROM numbered a
                  JOIN numbered b ON b.open AND b.n = a.n + 2),
     o AS (SELECT o.*, dl.due FROM sc_orders o
           JOIN deadline dl ON dl.paid_day = CAST(o.paid_at AS DATE))
SELECT w.i,
       count(o.order_id) FILTER (WHERE NOT o.cancelled),
       count(o.order_id) FILTER (WHERE NOT o.cancelled AND CASE WHEN o.shipped_at IS NULL
             THEN o.due < DATE '{as_of}' ELSE CAST(o.shipped_at AS DATE) > o.due END),
       count(o.order_id), count(o.order_id) FILTER (WHERE o.seller_cancel)
FROM {weeks()} w LEFT JOIN o ON o.paid_at >= w.ws AND o.paid_at < w.we
GROUP BY w.i ORDER BY w.i''')
    return q


# --- refunds by SKU, the last 28 days (the report's refunds section) ---------------------------

def refunds(con, p: dict) -> list[list]:
    as_of = date.fromisoformat(p["as_of"])
    since = as_of - timedelta(days=28)
    ensure_sale(con)
    return rows(con, wilson_by_sku(f"paid_at >= DATE '{since}' AND paid_at < DATE '{as_of}'",
                                   p["scorecard_min_lines"]))


# --- voice of customer (SPEC §9) ---------------------------------------------------------------

def voc(con, p: dict) -> dict:
    """Per issue (tagged subcategory; root cause) and 1–2 star reviews (``low_rating``):
    mentions per week over the period, the equally long stretch before it, orders
    affected, the top 3 SKUs; orders paid in the period; each shipped fix's refund rate
    of its SKUs 28 days before vs after with the pooled two-proportion z."""
    start, end, previous = p["voc_start"], p["voc_end"], p["voc_previous"]
    ensure_sale(con)
    con.execute(f'''
CREATE TABLE voc_m AS
SELECT *, created >= TIMESTAMP '{start}' AS cur,
       CAST(date_trunc('week', created) AS DATE) AS week
FROM (SELECT 'ticket' AS source, ticket_id AS ref, created_at AS created, subcategory AS issue,
             root_cause, order_id, sku
      FROM tickets WHERE subcategory IS NOT NULL AND subcategory <> 'general'
      UNION ALL
      SELECT 'review', review_id, created_at, 'low_rating', NULL, order_id, sku
      FROM reviews WHERE rating <= 2)
WHERE created >= TIMESTAMP '{previous}' AND created < TIMESTAMP '{end}';

CREATE TABLE voc_named AS
SELECT 'issue' AS kind, issue AS name, * FROM voc_m
UNION ALL
SELECT 'root_cause', root_cause, * FROM voc_m
WHERE root_cause IS NOT NULL AND root_cause NOT IN (SELECT issue FROM voc_m);
''')
    out: dict = {}
    for kind, name_, mentions, previous_n, affected, tickets, reviews in rows(con, '''
SELECT kind, name, count(*) FILTER (WHERE cur), count(*) FILTER (WHERE NOT cur),
       count(DISTINCT order_id) FILTER (WHERE cur),
       count(*) FILTER (WHERE cur AND source = 'ticket'),
       count(*) FILTER (WHERE cur AND source = 'review')
FROM voc_named GROUP BY ALL ORDER BY ALL'''):
        out.setdefault("issues", {})[name_] = {
            "kind": kind, "mentions": mentions, "previous": previous_n,
            "orders_affected": affected, "ticket": tickets, "review": reviews,
            "per_week": {}, "skus": []}
    issues = out.get("issues", {})
    for name_, week, n in rows(con, "SELECT name, week, count(*) FROM voc_named WHERE cur "
                                    "GROUP BY ALL ORDER BY ALL"):
        issues[name_]["per_week"][str(week)] = n
    for name_, sku, n in rows(con, '''
WITH c AS (SELECT name, ref, source, order_id, sku FROM voc_named WHERE cur),
     os AS (SELECT DISTINCT order_id, sku FROM lines WHERE sku IS NOT NULL
            AND order_id IN (SELECT order_id FROM c WHERE sku IS NULL)),
     pairs AS (SELECT DISTINCT name, ref, source, sku FROM (
                 SELECT name, ref, source, sku FROM c WHERE sku IS NOT NULL
                 UNION ALL
                 SELECT c.name, c.ref, c.source, os.sku FROM c JOIN os USING (order_id)
                 WHERE c.sku IS NULL))
SELECT name, sku, count(*) AS n FROM pairs GROUP BY name, sku
QUALIFY row_number() OVER (PARTITION BY name ORDER BY count(*) DESC, sku) <= 3
ORDER BY name, n DESC, sku'''):
        issues[name_]["skus"].append([sku, n])
    out["orders_in_period"] = con.execute(f'''
SELECT count(DISTINCT order_id) FROM lines
WHERE paid_at >= TIMESTAMP '{start}' AND paid_at < TIMESTAMP '{end}' ''').fetchone()[0]

    as_of = p["as_of"]
    fixes = []
    for issue, shipped, n1, k1, n2, k2, z in rows(con, f'''
WITH f AS (SELECT {name('issue')} AS issue, {idc('sku')} AS sku,
                  try_cast(trim(shipped_date) AS DATE) AS shipped
           FROM read_csv('{p["fixes"]}', all_varchar=true, header=true)),
     latest AS (SELECT issue, max(shipped) AS shipped FROM f
                WHERE shipped <= DATE '{as_of}' GROUP BY issue),
     fix AS (SELECT issue, shipped, bool_or(f.sku IS NULL) AS shop_wide, list(f.sku) AS skus
             FROM latest JOIN f USING (issue, shipped) GROUP BY ALL),
     counts AS (
       SELECT x.issue, x.shipped,
              count(s.day) FILTER (WHERE s.day < x.shipped) AS n1,
              count(s.day) FILTER (WHERE s.day < x.shipped AND s.refunded) AS k1,
              count(s.day) FILTER (WHERE s.day >= x.shipped) AS n2,
              count(s.day) FILTER (WHERE s.day >= x.shipped AND s.refunded) AS k2
       FROM fix x
       LEFT JOIN (SELECT sku, CAST(paid_at AS DATE) AS day, refunded FROM sale
                  WHERE paid_at < {end_of(as_of)}) s
         ON s.day >= x.shipped - {FIX_WINDOW_DAYS} AND s.day < x.shipped + {FIX_WINDOW_DAYS}
        AND (x.shop_wide OR list_contains(x.skus, s.sku))
       GROUP BY ALL),
     pooled AS (SELECT *, (k1 + k2) / (n1 + n2) AS pp FROM counts)
SELECT issue, shipped, n1, k1, n2, k2,
       (k1 / n1 - k2 / n2) / nullif(sqrt(pp * (1 - pp) * (1 / n1 + 1 / n2)), 0) AS z
FROM pooled ORDER BY issue'''):
        pv = None if z is None else math.erfc(abs(z) / math.sqrt(2))
        days = (date.fromisoformat(as_of) - shipped).days
        if days < FIX_WINDOW_DAYS or n1 < p["voc_min_lines"] or n2 < p["voc_min_lines"]:
            verdict = "too_early"
        elif k2 / n2 < k1 / n1 and pv is not None and pv < 0.05:
            verdict = "dropped"
        else:
            verdict = "no_change"
        fixes.append({"issue": issue, "shipped": str(shipped), "lines_before": n1,
                      "refunded_before": k1, "lines_after": n2, "refunded_after": k2,
                      "p_value": pv, "verdict": verdict})
    out["fixes"] = fixes
    return out


# --- the due set of `cx messages due` (SPEC §4) ------------------------------------------------

def due(con, p: dict) -> list[list]:
    D, cap, rate, replenish_at = p["as_of"], p["cap"], p["checkin_rate"], p["replenish_at"]
    E = end_of(D)

    def asof(col: str) -> str:
        return f"CASE WHEN {col} < {E} THEN {col} END"

    con.execute("CREATE TABLE catalog(sku VARCHAR, category VARCHAR, delay INTEGER, "
                "cycle DOUBLE, checkin BOOLEAN)")
    if p["catalog"]:
        con.executemany("INSERT INTO catalog VALUES (?, ?, ?, ?, ?)", p["catalog"])
    con.execute(f'''
-- As of D: orders created after D do not exist, later events have not happened.
CREATE TABLE l AS
SELECT l.order_id, l.sku, l.buyer, l.quantity, l.created_at,
       {asof('l.paid_at')} AS paid_at, {asof('l.rts_at')} AS rts_at,
       {asof('l.shipped_at')} AS shipped_at, {asof('l.delivered_at')} AS delivered_at,
       l.status IN ('canceled', 'cancelled')
         AND (l.cancelled_at IS NULL OR l.cancelled_at < {E}) AS cancelled_on_d,
       l.return_type IN ('cancel', 'cancellation') AS rt_cancel,
       -- the export's status says it arrived; with no delivery time, and nothing after D
       l.status = 'completed' OR (l.status = 'shipped' AND l.substatus = 'delivered')
         AS arrived,
       l.delivered_at IS NOT NULL AS dated,
       coalesce(l.paid_at >= {E} OR l.rts_at >= {E} OR l.shipped_at >= {E}, false) AS later,
       -- a refund stops the messages: the returns export's (as of D) for the lines it has
       -- any return for, else the order export's
       v.order_id IS NOT NULL OR (k.order_id IS NULL AND (l.returned_qty > 0
         OR l.return_type IN ('return/refund', 'refund only'))) AS refunded,
       coalesce(c.category, 'other') AS category,
       coalesce(c.delay, CASE coalesce(c.category, 'other') WHEN 'consumable' THEN 10
                WHEN 'skincare' THEN 14 WHEN 'apparel' THEN 5 ELSE 7 END) AS delay,
       c.cycle, c.checkin
FROM lines l
LEFT JOIN (SELECT DISTINCT order_id, sku FROM returns
           WHERE status NOT IN {VOID_RETURNS} AND type NOT LIKE '%replace%'
             AND coalesce(requested_at, TIMESTAMP '1970-01-01') < {E}
          ) v ON v.order_id = l.order_id AND v.sku = l.sku
LEFT JOIN (SELECT DISTINCT order_id, sku FROM returns) k
          ON k.order_id = l.order_id AND k.sku = l.sku
LEFT JOIN catalog c ON c.sku = l.sku
WHERE l.created_at < {E};

CREATE TABLE o AS
SELECT order_id, any_value(buyer) AS buyer, min(created_at) AS created_at,
       CAST(max(paid_at) AS DATE) AS paid, CAST(max(rts_at) AS DATE) AS rts,
       CAST(max(shipped_at) AS DATE) AS shipped, CAST(max(delivered_at) AS DATE) AS delivered,
       bool_or(cancelled_on_d) AS cancelled, bool_or(refunded) AS refund_any,
       bool_or(arrived) AND NOT bool_or(dated) AND NOT bool_or(later) AS arrived_undated,
       coalesce(max(delay) FILTER (WHERE NOT (cancelled_on_d OR rt_cancel)), 0) AS delay
FROM l GROUP BY order_id;

CREATE TABLE t AS SELECT * FROM tickets WHERE created_at < {E};

CREATE TABLE tk AS
SELECT order_id, count(*) AS n,
       count(*) FILTER (WHERE NOT (coalesce(resolved_at < {E}, false)
                                   OR (resolved_at IS NULL AND status IN
                                       ('solved', 'closed', 'resolved', 'done')))) AS unsolved,
       CAST(max(resolved_at) FILTER (WHERE resolved_at < {E}) AS DATE) AS resolved
FROM t WHERE order_id IS NOT NULL GROUP BY order_id;

-- Check-in: usage/setup tickets per SKU vs its delivered lines, both over 30 days.
CREATE TABLE needs AS
WITH usage AS (
  SELECT ticket_id, order_id, sku FROM t
  WHERE CAST(created_at AS DATE) BETWEEN DATE '{D}' - 29 AND DATE '{D}'
    AND (category = 'usage' OR subcategory IN ('doesnt_work', 'sizing_fit', 'setup_error'))
), pairs AS (
  SELECT DISTINCT ticket_id, sku FROM (
    SELECT ticket_id, sku FROM usage WHERE sku IS NOT NULL
    UNION ALL
    SELECT u.ticket_id, l.sku FROM usage u JOIN l ON l.order_id = u.order_id
    WHERE u.sku IS NULL)
), tickets_per_sku AS (SELECT sku, count(*) AS n FROM pairs GROUP BY sku),
delivered_per_sku AS (
  SELECT l.sku, count(*) AS n FROM l JOIN o USING (order_id)
  WHERE o.delivered BETWEEN DATE '{D}' - 29 AND DATE '{D}'
    AND NOT (l.cancelled_on_d OR l.rt_cancel) GROUP BY l.sku)
SELECT s.sku, coalesce(c.checkin, coalesce(tp.n, 0) > 0
       AND coalesce(tp.n, 0) >= {rate} * coalesce(dp.n, 0) - 1e-9) AS needs
FROM (SELECT DISTINCT sku FROM l) s
LEFT JOIN catalog c USING (sku) LEFT JOIN tickets_per_sku tp USING (sku)
LEFT JOIN delivered_per_sku dp USING (sku);

CREATE TABLE reviewed AS
SELECT DISTINCT order_id FROM reviews WHERE created_at < {E} AND order_id IS NOT NULL;
''')
    return rows(con, f'''
WITH x AS (
  SELECT o.*, coalesce(tk.n, 0) AS n_tickets, coalesce(tk.unsolved, 0) AS unsolved,
         tk.resolved, r.order_id IS NOT NULL AS reviewed,
         EXISTS (SELECT 1 FROM l JOIN needs USING (sku) WHERE l.order_id = o.order_id
                 AND needs.needs AND NOT (l.cancelled_on_d OR l.rt_cancel)) AS checkin
  FROM o LEFT JOIN tk USING (order_id) LEFT JOIN reviewed r USING (order_id)
  WHERE NOT o.cancelled
), windows AS (
  SELECT 0 AS priority, 'order_confirmation' AS stage, order_id, NULL AS sku, buyer,
         paid AS first, paid + 1 AS last FROM x WHERE paid IS NOT NULL
  UNION ALL
  SELECT 1, 'label_created', order_id, NULL, buyer, rts, rts + 2 FROM x
  WHERE rts IS NOT NULL AND shipped IS NULL AND delivered IS NULL AND NOT arrived_undated
  UNION ALL
  SELECT 2, 'in_transit', order_id, NULL, buyer, shipped, shipped + 2 FROM x
  WHERE shipped IS NOT NULL AND delivered IS NULL AND NOT arrived_undated
  UNION ALL
  SELECT 3, 'tracking_stalled', order_id, NULL, buyer,
         CASE WHEN shipped IS NOT NULL THEN shipped + 7 ELSE rts + 3 END,
         CASE WHEN shipped IS NOT NULL THEN shipped + 10 ELSE rts + 6 END FROM x
  WHERE delivered IS NULL AND (shipped IS NOT NULL OR rts IS NOT NULL)
    AND NOT arrived_undated
  UNION ALL
  SELECT 4, 'delivery_day', order_id, NULL, buyer, delivered, delivered + 1 FROM x
  WHERE delivered IS NOT NULL AND NOT refund_any
  UNION ALL
  SELECT 5, 'support_checkin', order_id, NULL, buyer, delivered + 3, delivered + 14 FROM x
  WHERE delivered IS NOT NULL AND NOT refund_any AND n_tickets = 0 AND checkin
  UNION ALL
  SELECT 6, 'review_request', order_id, NULL, buyer, f, f + 7 FROM (
    SELECT *, CASE WHEN resolved + 3 > delivered + delay THEN resolved + 3
                   ELSE delivered + delay END AS f FROM x) y
  WHERE delivered IS NOT NULL AND NOT reviewed AND unsolved = 0
  UNION ALL
  SELECT 8, 'replenishment', l.order_id, l.sku, l.buyer, a + d, a + d + 7 FROM (
    SELECT l.*, coalesce(o.delivered, o.paid + 5) AS a,
           CAST(ceil(round({replenish_at} * l.cycle * greatest(l.quantity, 1), 6)) AS INTEGER)
             AS d
    FROM l JOIN o USING (order_id)
    WHERE l.cycle IS NOT NULL AND NOT o.cancelled AND NOT l.cancelled_on_d
      AND NOT l.rt_cancel AND NOT l.refunded) l
  WHERE a IS NOT NULL AND NOT EXISTS (
    SELECT 1 FROM l l2 JOIN o o2 ON o2.order_id = l2.order_id
    WHERE l.buyer IS NOT NULL AND l2.buyer = l.buyer AND l2.sku = l.sku
      AND o2.paid IS NOT NULL AND NOT o2.cancelled AND NOT l2.rt_cancel
      AND o2.created_at > (SELECT created_at FROM o o3 WHERE o3.order_id = l.order_id))
), candidates AS (
  SELECT * FROM windows WHERE DATE '{D}' BETWEEN first AND last
)
SELECT stage, order_id, sku FROM candidates
QUALIFY {cap} = 0 OR row_number() OVER (
  PARTITION BY coalesce(buyer, '#' || order_id)
  ORDER BY priority, last, order_id, coalesce(sku, '')) <= {cap}
ORDER BY stage, order_id, sku''')


def main() -> None:
    t0 = time.perf_counter()
    import duckdb

    tasks = TASKS if sys.argv[1] == "report" else tuple(sys.argv[1].split(","))
    params = json.loads(Path(sys.argv[2]).read_text(encoding="utf-8"))
    con = duckdb.connect()
    con.execute("SET TimeZone = 'America/Los_Angeles'")  # times stay naive shop-local
    con.execute("SET enable_progress_bar = false")
    steps = {"import": time.perf_counter() - t0}
    t = time.perf_counter()
    load_inputs(con, params["folder"])
    steps["read exports"] = time.perf_counter() - t
    out = {}
    for task in tasks:
        t = time.perf_counter()
        out[task] = globals()[task](con, params)
        steps[task] = time.perf_counter() - t
    Path(sys.argv[3]).write_text(json.dumps(out, default=str), encoding="utf-8")
    print(json.dumps({"seconds": time.perf_counter() - t0, "steps": steps}))


if __name__ == "__main__":
    main()
