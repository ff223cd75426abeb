"""Loaders on tiny real-format exports: every quirk of SPEC §3.1 and every broken case."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cx_cli.errors import InputError
from cx_cli.io.loaders import (
    ORDER_STATUSES,
    ORDER_TIME_FIELDS,
    STRING,
    ColumnMapping,
    ParseSettings,
    _key_columns,
    _may_repeat,
    duplicate_losers,
    load_comments,
    load_orders,
    load_returns,
    load_reviews,
    load_tickets,
)

DATA = Path(__file__).parent / "data"
US = ParseSettings()
ID = ParseSettings(tz="Asia/Jakarta", day_first=True, decimal_comma=True)
BR = ParseSettings(tz="America/Sao_Paulo", day_first=True, decimal_comma=True)


def orders(*names: str, settings: ParseSettings = US):
    return load_orders([DATA / n for n in names], settings)


def ts(text: str, tz: str = "America/Los_Angeles") -> pd.Timestamp:
    return pd.Timestamp(text, tz=tz)


def test_us_export_description_row_tabs_and_12_hour_times():
    loaded = orders("orders_us.csv")
    df = loaded.frame
    assert len(df) == 5
    assert loaded.report.description_rows == 1
    first = df.iloc[0]
    # 18- and 19-digit IDs survive exactly, tab stripped, never floats
    assert first["order_id"] == "576461413938923452"
    assert first["sku_id"] == "1729384756102938475"
    assert first["created_at"] == ts("2026-11-02 09:30:33")
    assert first["delivered_at"] == ts("2026-11-06 13:05:00")
    assert first["order_amount"] == 1022.25
    assert first["status"] == "completed"
    assert first["buyer_message"] == 'Please ship fast,\nit\'s a gift "for mom"'


def test_midnight_and_noon_in_12_hour_clock():
    df = orders("orders_us.csv").frame.set_index("order_id")
    row = df.loc["576461413938923999"]
    assert row["created_at"] == ts("2026-11-20 23:59:59")
    assert row["paid_at"] == ts("2026-11-21 00:00:01")


def test_empty_markers_tab_and_slash_are_missing_times():
    df = orders("orders_us.csv").frame.set_index("order_id")
    row = df.loc["576461413938923999"]
    assert pd.isna(row["delivered_at"])  # a lone tab
    assert pd.isna(row["cancelled_at"])  # "/"
    assert row["status"] == "in_transit"


def test_seller_sku_falls_back_to_sku_id():
    df = orders("orders_us.csv").frame
    line = df[df["sku_id"] == "1729384756102938476"].iloc[0]
    assert line["sku"] == "1729384756102938476"


def test_statuses_and_return_types_normalised():
    df = orders("orders_us.csv").frame.set_index("order_id")
    assert df.loc["576461413938924000", "status"] == "cancelled"
    assert df.loc["576461413938924000", "return_type"] == "cancel"
    assert df.loc["576461413938924001", "return_type"] == "return_refund"
    assert df.loc["576461413938924001", "returned_quantity"] == 1
    assert df.loc["576461413938923452", "return_type"].tolist() == ["none", "none"]


def test_times_are_in_shop_timezone():
    df = orders("orders_us.csv").frame
    assert str(df["created_at"].dt.tz) == "America/Los_Angeles"


def test_leading_apostrophe_ids_without_description_row():
    loaded = orders("orders_apostrophe.csv")
    assert loaded.report.description_rows == 0
    assert loaded.frame["order_id"].tolist() == ["576461413938923452"] * 2
    assert loaded.frame["sku_id"].iloc[0] == "1729384756102938475"


def test_overlapping_exports_keep_the_latest_event():
    loaded = orders("orders_overlap_a.csv", "orders_overlap_b.csv")
    df = loaded.frame.set_index("order_id")
    assert loaded.report.duplicates_dropped == 1
    assert len(df) == 3
    assert df.loc["576461413938925001", "status"] == "in_transit"
    assert df.loc["576461413938925001", "shipped_at"] == ts("2026-11-11 15:00:00")


def test_overlap_order_of_files_does_not_matter_for_latest_event():
    a = orders("orders_overlap_b.csv", "orders_overlap_a.csv").frame.set_index("order_id")
    assert a.loc["576461413938925001", "status"] == "in_transit"


def test_duplicate_tie_goes_to_more_advanced_status_then_later_file(tmp_path):
    src = (DATA / "orders_overlap_a.csv").read_text(encoding="utf-8-sig")
    # same times, status advanced only in the first file: status rank wins over file order
    advanced = src.replace("To ship,Awaiting shipment", "To ship,Awaiting collection")
    (tmp_path / "1.csv").write_text(advanced, encoding="utf-8")
    (tmp_path / "2.csv").write_text(src, encoding="utf-8")
    df = load_orders([tmp_path / "1.csv", tmp_path / "2.csv"], US).frame.set_index("order_id")
    assert df.loc["576461413938925001", "status"] == "awaiting_collection"
    # identical rows: the later file wins (its row number is reported)
    (tmp_path / "3.csv").write_text(src, encoding="utf-8")
    loaded = load_orders([tmp_path / "2.csv", tmp_path / "3.csv"], US)
    assert loaded.report.duplicates_dropped == 2
    assert set(loaded.frame["_file"]) == {1}


@pytest.mark.parametrize("old_id, new_id", [
    ("576461413938925001", "576461413938925001"),  # plain digits: hashed as integers
    ("576461413938925001", "0576461413938925001"),  # a leading zero: hashed as text
    ("576461413938925001", "A576461413938925001"),
])
def test_deduplication_is_the_same_whatever_the_id_shape(tmp_path, old_id, new_id):
    """'0576…' and '576…' are two orders, never one, even on the integer path."""
    a = (DATA / "orders_overlap_a.csv").read_text(encoding="utf-8-sig")
    b = (DATA / "orders_overlap_b.csv").read_text(encoding="utf-8-sig")
    (tmp_path / "a.csv").write_text(a.replace(old_id, new_id), encoding="utf-8")
    (tmp_path / "b.csv").write_text(b.replace(old_id, new_id), encoding="utf-8")
    (tmp_path / "b0.csv").write_text(b, encoding="utf-8")
    same = load_orders([tmp_path / "a.csv", tmp_path / "b.csv"], US)
    assert same.report.duplicates_dropped == 1
    assert same.frame.set_index("order_id").loc[new_id, "status"] == "in_transit"
    apart = load_orders([tmp_path / "a.csv", tmp_path / "b0.csv"], US)
    assert apart.report.duplicates_dropped == (1 if new_id == old_id else 0)


def test_utf16_tab_delimited():
    df = orders("orders_utf16.txt").frame
    assert df["order_id"].tolist() == ["576461413938923452"] * 2
    assert df["sku"].iloc[0] == "SERUM-30ML"


def test_semicolon_cp1252():
    df = orders("orders_semicolon_cp1252.csv").frame
    assert df["buyer_message"].iloc[0] == "Café au lait colour please"
    assert df["buyer"].iloc[0] == "josé_ç"


def test_indonesian_export_localized_statuses_day_first_and_dot_thousands():
    loaded = orders("orders_id_localized.csv", settings=ID)
    assert loaded.report.bad_rows == 0
    df = loaded.frame.set_index("order_id")
    assert df["status"].tolist() == ["completed", "in_transit", "awaiting_shipment", "cancelled"]
    assert df.loc["580000000000000001", "created_at"] == ts("2026-11-05 23:22:02", "Asia/Jakarta")
    assert df.loc["580000000000000001", "order_amount"] == 82912.0
    assert df.loc["580000000000000002", "order_amount"] == 1082912.0


def test_brazil_decimal_comma_and_portuguese_statuses():
    df = orders("orders_br.csv", settings=BR).frame.set_index("order_id")
    assert df.loc["590000000000000001", "order_amount"] == pytest.approx(35.91)
    assert df.loc["590000000000000002", "order_amount"] == pytest.approx(1035.91)
    assert df["status"].tolist() == ["cancelled", "unpaid"]


@pytest.mark.parametrize("name", ["orders.xlsx", "orders_stale_dimension.xlsx"])
def test_xlsx_real_dates_serials_and_stale_dimension(name):
    loaded = orders(name)
    df = loaded.frame.set_index("order_id")
    assert loaded.report.description_rows == 1
    assert len(df) == 2
    assert df.loc["576461413938923452", "created_at"] == ts("2026-11-02 09:30:33")
    # Excel serial 46347.5 is 2026-11-21 12:00
    assert df.loc["576461413938923453", "created_at"] == ts("2026-11-21 12:00:00")
    assert df.loc["576461413938923453", "paid_at"] == ts("2026-11-20 09:00:00")
    assert df.loc["576461413938923453", "quantity"] == 2


def test_bad_rows_are_excluded_and_reported_with_row_numbers():
    loaded = orders("orders_bad_rows.csv")
    report = loaded.report
    assert len(loaded.frame) == 1
    assert report.bad_rows == 2
    lines = report.warning_lines()
    assert any("Order Status" in line and "'Teleported'" in line and "rows 4" in line
               for line in lines)
    assert any("Created Time" in line and "31/31/2026" in line and "rows 5" in line
               for line in lines)


def test_dates_that_read_only_the_other_way_stop_the_load_naming_the_setting():
    # A US export read with a day-first market's default (shop.market: vn, id, ...):
    # "11/26/2026" reads only month first, and no date needs day first. Its dates with
    # a day up to 12 would be kept with day and month swapped: exit 2, with the fix.
    with pytest.raises(InputError, match=r"Created Time reads month first") as err:
        orders("orders_us.csv", settings=ID)
    assert err.value.hint == "set shop.day_first: false in cx.yaml"
    assert "swapped" in err.value.message
    with pytest.raises(InputError, match=r"reads day first") as err:
        orders("orders_id_localized.csv", settings=US)
    assert err.value.hint == "set shop.day_first: true in cx.yaml"


def test_one_typo_in_the_other_order_is_a_bad_row_not_a_verdict_on_the_file(tmp_path):
    # Days up to 12 (they read both ways) and one "11/13/2026": a typo, not a US export.
    p = tmp_path / "t.csv"
    p.write_text("ticket_id,created_at\n" + "".join(
        f"T{i},0{i}/11/2026 09:00:00\n" for i in range(1, 10)) + "T10,11/13/2026 09:00:00\n",
        encoding="utf-8")
    loaded = load_tickets([p], ID)
    assert len(loaded.frame) == 9 and loaded.report.bad_rows == 1


def test_a_date_in_the_other_order_among_the_shops_own_is_a_bad_row_naming_the_setting(
        tmp_path):
    # Mostly day-first dates (25/11 needs day first), one that only reads month first:
    # no whole-file verdict, the row is excluded and the warning says what it reads as.
    p = tmp_path / "t.csv"
    p.write_text("ticket_id,created_at\nT1,25/11/2026 09:00:00\nT2,11/26/2026 09:00:00\n",
                 encoding="utf-8")
    loaded = load_tickets([p], ID)
    assert loaded.frame["ticket_id"].tolist() == ["T1"]
    assert any("expected a date/time with the day first (shop.day_first: true)" in line
               and "which reads month first: set shop.day_first: false in cx.yaml" in line
               for line in loaded.report.warning_lines())
    # A date that is no date either way keeps the plain reason.
    lines = orders("orders_bad_rows.csv").report.warning_lines()
    assert any("expected a date/time, found '31/31/2026" in line for line in lines), lines


def test_ids_a_spreadsheet_wrote_in_scientific_notation_are_reported_not_merged(tmp_path):
    """Excel re-saves an 18-digit Order ID as 5.7646E+17: every order of that block
    would share one ID and dedup would merge them. Those rows are excluded and named."""
    src = (DATA / "orders_overlap_a.csv").read_text(encoding="utf-8-sig")
    ids = sorted(set(loaded_ids := orders("orders_overlap_a.csv").frame["order_id"]))
    assert len(ids) >= 2 and len(loaded_ids) >= 2
    mangled = src
    for order_id in ids:
        mangled = mangled.replace(order_id, "5.7646E+17")
    (tmp_path / "sci.csv").write_text(mangled, encoding="utf-8")
    loaded = load_orders([tmp_path / "sci.csv"], US)
    assert len(loaded.frame) == 0
    assert loaded.report.duplicates_dropped == 0
    assert loaded.report.bad_rows == len(loaded_ids)
    assert any("Order ID" in line and "scientific notation" in line and "'5.7646E+17'" in line
               for line in loaded.report.warning_lines())
    # Digits with a plus elsewhere (a seller SKU like "KIT-E+2") stay as they are.
    (tmp_path / "ok.csv").write_text(src.replace("SERUM-30ML", "KIT-E+2"), encoding="utf-8")
    assert load_orders([tmp_path / "ok.csv"], US).report.bad_rows == 0


def test_header_only_file_is_valid_and_empty():
    loaded = orders("orders_header_only.csv")
    assert len(loaded.frame) == 0
    assert loaded.report.bad_rows == 0


@pytest.mark.parametrize(("name", "expected"), [
    ("empty.csv", "is empty (0 bytes)"),
    ("not_a_table.csv", "not a text table"),
    ("orders_missing_status.csv", "missing 'Order Status' (status); closest header: 'Order Stat'"),
    ("orders_duplicate_header.csv", "'Order ID' (order_id) appears 2 times"),
])
def test_unusable_files_raise_one_clear_error(name, expected):
    with pytest.raises(InputError) as info:
        orders(name)
    assert expected in info.value.message
    assert name in info.value.message


def test_column_map_override():
    text = (DATA / "orders_us.csv").read_text(encoding="utf-8-sig")
    mapping = ColumnMapping(overrides={"buyer": "Recipient"})
    path = DATA / "orders_us.csv"
    df = load_orders([path], US, mapping).frame
    assert "Anna K" in df["buyer"].tolist()
    assert text  # the file itself is untouched


@pytest.mark.parametrize(("cells", "mangled"), [
    (["576400103679796819", "5.764E+17", "5.76400103679797E+17", "6E+18", "5.764e+17"],
     [False, True, True, True, True]),
    (["KIT-E+2", "SET+2", "5.764E17", "", None], [False] * 5),
])
def test_mangled_ids_finds_scientific_notation_only(cells, mangled):
    import pyarrow as pa

    from cx_cli.io.parse import mangled_ids

    arr = pa.array(["x+", *cells], pa.string())
    assert mangled_ids(arr.slice(1)).tolist() == mangled  # a slice: its own cells only
    assert mangled_ids(pa.array(cells, pa.string())).tolist() == mangled


def test_a_mapped_header_the_file_lacks_is_an_error_not_a_silent_fallback(tmp_path):
    """columns.tickets.map says where first responses are: a file without that header
    must not load with every ticket unanswered."""
    p = tmp_path / "t.csv"
    p.write_text("ticket_id,created_at,First Reply At,status\n"
                 "T1,2026-11-02 10:00:00,2026-11-02 10:30:00,solved\n", encoding="utf-8")
    typo = ColumnMapping(overrides={"first_response_at": "First Reply Time"})
    with pytest.raises(InputError) as info:
        load_tickets([p], US, typo)
    message = info.value.message
    assert "no column 'First Reply Time'" in message
    assert "columns.tickets.map.first_response_at" in message
    assert "closest header: 'First Reply At'" in message
    assert "t.csv" in message
    right = ColumnMapping(overrides={"first_response_at": "first reply at"})  # any case
    frame = load_tickets([p], US, right).frame
    assert frame["first_response_at"].notna().all()


def test_unknown_preset_is_an_error():
    with pytest.raises(InputError, match="unknown column preset 'shopify'"):
        load_orders([DATA / "orders_us.csv"], US, ColumnMapping(preset="shopify"))


def test_tickets_generic_with_offsets_converted_to_shop_time(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text(
        "ticket_id,order_id,buyer,created_at,first_response_at,resolved_at,status,subject\n"
        "T1,576461413938923452,anna,2026-11-02T17:00:00Z,2026-11-02 10:30:00,,open,Where?\n"
        "T2,,ben,2026-11-03 08:00:00,,,Solved,Broken\n",
        encoding="utf-8")
    df = load_tickets([p], US).frame.set_index("ticket_id")
    assert df.loc["T1", "created_at"] == ts("2026-11-02 09:00:00")
    assert df.loc["T1", "first_response_at"] == ts("2026-11-02 10:30:00")
    assert df.loc["T2", "status"] == "solved"
    assert pd.isna(df.loc["T2", "first_response_at"])


def test_tickets_zendesk_preset_minutes_and_tags(tmp_path):
    p = tmp_path / "z.csv"
    p.write_text(
        "Id,Requester,Subject,Tags,Status,Via,Created at,Solved at,First reply time in minutes\n"
        "101,Anna,Box was empty,missing_parts vip,closed,Web,2026-11-02 09:00:00,,90\n"
        "102,Ben,Hello,,open,Email,2026-11-02 10:00:00,,\n",
        encoding="utf-8")
    df = load_tickets([p], US, ColumnMapping(preset="zendesk")).frame.set_index("ticket_id")
    assert df.loc["101", "first_response_at"] == ts("2026-11-02 10:30:00")
    assert df.loc["101", "subcategory"] == "missing_parts"
    assert df.loc["101", "category"] == "product_issue"
    assert df.loc["101", "status"] == "solved"
    assert pd.isna(df.loc["102", "first_response_at"])


def test_ticket_reply_times_that_cannot_be_are_reported_not_counted(tmp_path):
    """A first response before the ticket (clock or export error) would be a negative
    response time; reply minutes of 'abc' would read as unanswered. Both are bad rows."""
    p = tmp_path / "t.csv"
    p.write_text("ticket_id,created_at,first_response_at,status\n"
                 "T1,2026-11-02 10:00:00,2026-11-02 09:15:00,solved\n"
                 "T2,2026-11-02 10:00:00,2026-11-02 10:00:00,solved\n"
                 "T3,2026-11-02 10:00:00,,open\n", encoding="utf-8")
    loaded = load_tickets([p], US)
    assert sorted(loaded.frame["ticket_id"]) == ["T2", "T3"]
    assert any("first_response_at" in line and "before" in line and "(rows 2)" in line
               for line in loaded.report.warning_lines())
    z = tmp_path / "z.csv"
    z.write_text("Id,Subject,Status,Created at,First reply time in minutes\n"
                 "101,Hi,open,2026-11-02 09:00:00,abc\n"
                 "102,Hi,open,2026-11-02 09:00:00,-5\n"
                 "103,Hi,open,2026-11-02 09:00:00,15\n", encoding="utf-8")
    zendesk = load_tickets([z], US, ColumnMapping(preset="zendesk"))
    assert list(zendesk.frame["ticket_id"]) == ["103"]
    assert zendesk.report.bad_rows == 2
    assert any("First reply time in minutes" in line and "'abc'" in line
               for line in zendesk.report.warning_lines())


def test_tickets_gorgias_preset(tmp_path):
    p = tmp_path / "g.csv"
    p.write_text(
        "id,channel,created_datetime,first_response_datetime,closed_datetime,status,tags\n"
        "9,chat,2026-11-02T09:00:00-08:00,2026-11-02T09:45:00-08:00,,closed,damaged\n",
        encoding="utf-8")
    df = load_tickets([p], US, ColumnMapping(preset="gorgias")).frame
    assert df["subcategory"].iloc[0] == "damaged"
    delta = df["first_response_at"].iloc[0] - df["created_at"].iloc[0]
    assert delta == pd.Timedelta(minutes=45)


def test_reviews_rating_must_be_whole_1_to_5_and_media_flags(tmp_path):
    p = tmp_path / "r.csv"
    p.write_text(
        "review_id,order_id,sku,buyer,rating,review_text,has_media,created_at\n"
        "R1,1,A,x,5,Great,YES,2026-11-02 09:00:00\n"
        "R2,1,A,x,4.5,Ok,0,2026-11-02 09:00:00\n"
        "R3,1,A,x,6,Ok,t,2026-11-02 09:00:00\n"
        "R4,1,A,x,3.0,Fine,Y,2026-11-02 09:00:00\n"
        "R5,1,A,x,2,Meh,no,2026-11-02 09:00:00\n"
        "R6,1,A,x,,Meh,no,2026-11-02 09:00:00\n",
        encoding="utf-8")
    loaded = load_reviews([p], US)
    df = loaded.frame.set_index("review_id")
    assert list(df.index) == ["R1", "R4", "R5"]
    assert df["rating"].tolist() == [5, 3, 2]
    assert df["has_media"].tolist() == [True, True, False]
    assert loaded.report.bad_rows == 3
    # The empty rating is said once, as empty; the others as what they are.
    lines = loaded.report.warning_lines()
    assert sum("(rows 7)" in line for line in lines) == 1
    assert any("rating: empty required value (rows 7)" in line for line in lines)
    assert any("found '4.5'" in line and "(rows 3, 4)" in line for line in lines)


def test_comments_and_returns_load(tmp_path):
    c = tmp_path / "c.csv"
    c.write_text("comment_id,video_id,created_at,author,text\n"
                 "C1,V1,2026-11-02 09:00:00,@a,\"love it,\nreally\"\n", encoding="utf-8")
    assert load_comments([c], US).frame["text"].iloc[0] == "love it,\nreally"
    r = tmp_path / "r.csv"
    r.write_text("Return Order ID,Order ID,Seller SKU,Time Requested,Return Quantity,"
                 "Return Reason,Return Type,Return Status\n"
                 "RT1,576461413938923452\t,SERUM-30ML,11/08/2026 10:00:00 AM,1,"
                 "Defective item,Return and refund,Refunded\n", encoding="utf-8")
    df = load_returns([r], US).frame
    assert df["return_status"].iloc[0] == "refunded"
    assert df["order_id"].iloc[0] == "576461413938923452"


def test_returns_without_a_seller_sku_are_kept(tmp_path):
    # A shop that sets no Seller SKUs: every return row has the column empty.
    r = tmp_path / "r.csv"
    r.write_text("Return Order ID,Order ID,Seller SKU,Time Requested,Return Quantity,"
                 "Return Reason,Return Type,Return Status\n"
                 "RT1,576461413938923452,,11/08/2026 10:00:00 AM,1,"
                 "Defective item,Refund only,Refunded\n", encoding="utf-8")
    loaded = load_returns([r], US)
    assert loaded.report.bad_rows == 0 and len(loaded.frame) == 1
    assert pd.isna(loaded.frame["sku"].iloc[0])


def test_dst_fall_back_ambiguous_time_takes_the_first_occurrence(tmp_path):
    p = tmp_path / "t.csv"
    p.write_text("ticket_id,created_at,first_response_at\n"
                 "T1,2026-11-01 00:30:00,2026-11-01 03:30:00\n", encoding="utf-8")
    df = load_tickets([p], US).frame
    # 00:30 PDT -> 03:30 PST is 4 real hours across the fall-back change
    assert df["first_response_at"].iloc[0] - df["created_at"].iloc[0] == pd.Timedelta(hours=4)


def test_line_breaks_inside_cells_survive_block_boundaries(tmp_path, monkeypatch):
    """Quoted line breaks that straddle pyarrow's parallel blocks are read exactly."""
    from cx_cli.io import tables

    monkeypatch.setattr(tables, "BLOCK_SIZE", 256)
    lines = ["Order ID,Order Status,SKU ID,Created Time,Buyer Message"]
    expected = {}
    for i in range(60):
        message = f"line one of {i},\nline two, with \"quotes\"\nand three" if i % 3 else "plain"
        oid = f"5764614139389{i:05d}"
        expected[oid] = message
        quoted = message.replace('"', '""')
        lines.append(f'{oid}\t,Completed,17293847561029{i:05d},11/02/2026 9:30:33 AM,"{quoted}"')
    path = tmp_path / "multiline.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    loaded = load_orders([path], US)
    assert loaded.report.bad_rows == 0
    got = dict(zip(loaded.frame["order_id"], loaded.frame["buyer_message"], strict=True))
    assert got == expected


def test_a_quote_never_closed_counts_every_line_it_swallowed(tmp_path):
    """An unclosed quote joins the rest of the file into one record: every line of it
    is a row lost, and the report says where it starts and why."""
    p = tmp_path / "r.csv"
    p.write_text("review_id,order_id,sku,rating,review_text,created_at\n"
                 "R0,1,A,5,fine,2026-11-02 10:00:00\n"
                 'R1,1,A,5,"nice,2026-11-02 10:00:00\n'
                 "R2,2,A,5,great,2026-11-02 10:00:00\n"
                 "R3,2,A,4,good,2026-11-02 10:00:00\n", encoding="utf-8")
    loaded = load_reviews([p], US)
    assert list(loaded.frame["review_id"]) == ["R0"]
    assert loaded.report.bad_rows == 3
    (line,) = loaded.report.warning_lines()
    assert "excluded 3 rows" in line
    assert "a quote is not closed, joining 3 lines into one record from 'R1,1,A,5,\"nice" \
        in line


def test_generic_preset_accepts_canonical_status_names(tmp_path):
    p = tmp_path / "o.csv"
    p.write_text("order_id,status,sku,created_at\n"
                 "1,awaiting_shipment,A,2026-11-02 09:00:00\n"
                 "2,in_transit,A,2026-11-02 09:00:00\n"
                 "3,awaiting_collection,A,2026-11-02 09:00:00\n"
                 "4,delivered,A,2026-11-02 09:00:00\n", encoding="utf-8")
    df = load_orders([p], US, ColumnMapping(preset="generic")).frame
    assert df["status"].tolist() == ["awaiting_shipment", "in_transit", "awaiting_collection",
                                     "delivered"]


def test_orders_narrowed_to_the_fields_a_command_reads():
    loaded = load_orders([DATA / "orders_us.csv"], US, fields=["buyer", "paid_at"])
    cols = set(loaded.frame.columns)
    assert {"buyer", "paid_at", "order_id", "sku_id", "status", "created_at",
            "delivered_at"} <= cols
    assert "buyer_message" not in cols and "order_amount" not in cols
    assert loaded.frame["buyer"].iloc[0] == "buyer_anna"
    # a map override for a field that is not read is still a known field
    narrowed = load_orders([DATA / "orders_us.csv"], US,
                           ColumnMapping(overrides={"buyer_message": "Buyer Message"}),
                           fields=["buyer"])
    assert len(narrowed.frame) == 5


def _colliding_keys() -> tuple[tuple[int, int], tuple[int, int]]:
    """Two different (order_id, sku_id) pairs that the integer pre-hash mixes alike."""
    k, mask = 0x9E3779B97F4A7C15, (1 << 64) - 1
    first = (576461413938925001, 1729384756102938475)
    for order in range(576461413938925002, 576461413938926000):
        sku = ((first[0] * k) & mask) ^ first[1] ^ ((order * k) & mask)
        if 10**17 <= sku < 2**63:
            return first, (order, sku)
    raise AssertionError("no collision found")


def test_keys_that_only_share_a_hash_are_not_duplicates():
    (o1, s1), (o2, s2) = _colliding_keys()
    ids = [(o1, s1), (o2, s2), (7, 8), (7, 8)]
    stamp = pd.Timestamp("2026-11-02 09:00", tz="America/Los_Angeles")
    lines = pd.DataFrame({
        "order_id": pd.array([str(o) for o, _ in ids], dtype=STRING),
        "sku_id": pd.array([str(s) for _, s in ids], dtype=STRING),
        "status": pd.array(["delivered"] * 4, dtype=STRING),
        "_file": [0, 1, 0, 1], "_row": [2, 2, 3, 3],
        **{f: pd.Series([stamp] * 4) for f in ORDER_TIME_FIELDS}})
    assert _may_repeat(_key_columns(lines)).tolist() == [True] * 4  # the hash collides
    assert duplicate_losers(lines).tolist() == [False, False, True, False]


_ID_TEXTS = ["576400102644231140", "576400102644231141", "1729384756102938475", "A-17",
             "a-17", None]


_HOURS = st.sampled_from([None, 1, 2, 3])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_ID_TEXTS[:3]), st.sampled_from(_ID_TEXTS),
                          st.sampled_from(ORDER_STATUSES),
                          st.tuples(*[_HOURS] * len(ORDER_TIME_FIELDS)),
                          st.integers(0, 2)), min_size=1, max_size=40),
       st.booleans())
def test_each_key_keeps_its_latest_then_most_advanced_then_last_line(rows, digit_skus):
    """The winner of every (order_id, sku_id) key, checked against the rule itself: the
    latest of its event times, then the more advanced status, the later file, the later
    row; a missing id is a key of its own. Digit-only keys take the integer path."""
    if digit_skus:
        rows = [(o, _ID_TEXTS[i % 3], s, t, f) for i, (o, _, s, t, f) in enumerate(rows)]
    base = pd.Timestamp("2026-11-02 09:00", tz="America/Los_Angeles")
    lines = pd.DataFrame({
        "order_id": pd.array([o for o, *_ in rows], dtype=STRING),
        "sku_id": pd.array([k for _, k, *_ in rows], dtype=STRING),
        "status": pd.array([s for _, _, s, _, _ in rows], dtype=STRING),
        "_file": np.array([f for *_, f in rows], dtype=np.int32),
        "_row": np.arange(2, len(rows) + 2, dtype=np.int64),
        **{field: pd.Series([None if hours[j] is None else base + pd.Timedelta(hours=hours[j])
                             for _, _, _, hours, _ in rows],
                            dtype="datetime64[s, America/Los_Angeles]")
           for j, field in enumerate(ORDER_TIME_FIELDS)}})
    rank = {s: i for i, s in enumerate(ORDER_STATUSES)}
    winners: dict[tuple, tuple] = {}
    for i, ((order, sku, status, hours, file), row) in enumerate(
            zip(rows, lines["_row"], strict=True)):
        latest = max((h for h in hours if h is not None), default=-1)
        claim = (latest, rank[status], file, row, i)
        winners[(order, sku)] = max(winners.get((order, sku), claim), claim)
    kept = {claim[-1] for claim in winners.values()}
    assert duplicate_losers(lines).tolist() == [i not in kept for i in range(len(rows))]


@pytest.mark.parametrize(("loader", "names", "settings"), [
    (load_orders, ["orders_us.csv"], US),
    (load_orders, ["orders_bad_rows.csv"], US),
    (load_orders, ["orders_br.csv"], BR),
    (load_orders, ["orders_overlap_a.csv", "orders_overlap_b.csv"], US),
    (load_tickets, ["triage_tickets.csv"], US),
])
def test_a_big_file_parsed_two_columns_at_a_time_loads_the_same(monkeypatch, loader, names,
                                                                  settings):
    """From PARALLEL_PARSE_ROWS rows an input's last file parses its columns in two
    threads: the same frame, the same rows excluded, the same reasons."""
    from cx_cli.io import loaders

    one_at_a_time = loader([DATA / n for n in names], settings)
    monkeypatch.setattr(loaders, "PARALLEL_PARSE_ROWS", 0)
    calls = []
    real_each = loaders.each
    monkeypatch.setattr(loaders, "each", lambda *a: calls.append(a[2]) or real_each(*a))
    two_at_a_time = loader([DATA / n for n in names], settings)
    assert any(calls)  # the threaded road was taken
    pd.testing.assert_frame_equal(two_at_a_time.frame, one_at_a_time.frame)
    assert two_at_a_time.report == one_at_a_time.report


def test_validate_issues_are_listed_by_file_then_row():
    from cx_cli.io.report import InputReport

    report = InputReport("orders")
    report.add_bad("b.csv", "Order Status", "expected a known order status", [7])
    report.add_bad("a.csv", "Order Status", "expected a known order status", [5, 2])
    report.add_bad("a.csv", "Created Time", "expected a date/time", [3])
    report.add_bad("a.csv", None, "expected 6 columns (malformed record)", [None])
    assert [(i["file"], i["row"]) for i in report.as_dict()["issues"]] == [
        ("a.csv", 2), ("a.csv", 3), ("a.csv", 5), ("a.csv", None), ("b.csv", 7)]


def test_many_malformed_records_keep_a_few_row_numbers_and_the_full_count(tmp_path):
    p = tmp_path / "r.csv"
    rows = [f"R{i},1,A,5,fine,2026-11-02 10:00:00" + (",extra" if i % 2 else "")
            for i in range(400)]
    p.write_text("review_id,order_id,sku,rating,review_text,created_at\n" + "\n".join(rows)
                 + "\n", encoding="utf-8")
    loaded = load_reviews([p], US)
    assert len(loaded.frame) == 200 and loaded.report.bad_rows == 200
    assert len(loaded.report.issues) <= 5  # one reason: a few row numbers, not 200 issues
    (line,) = loaded.report.warning_lines()
    assert "excluded 200 rows: expected 6 columns (malformed record)" in line


def test_times_landing_in_the_repeated_fall_back_hour_load_without_a_traceback(tmp_path):
    # 09:30Z and 10:30Z are 01:30 PST and 02:30 PST on the fall-back day: the first is a
    # wall time that occurs twice; a Zendesk reply 40 minutes after 00:50 PDT lands in it too.
    p = tmp_path / "t.csv"
    p.write_text("ticket_id,created_at,first_response_at\n"
                 "T1,2026-11-01T08:30:00.250Z,2026-11-01T09:30:00Z\n", encoding="utf-8")
    df = load_tickets([p], US).frame
    assert df["created_at"].iloc[0] == pd.Timestamp("2026-11-01 08:30:00", tz="UTC")
    assert df["first_response_at"].iloc[0] - df["created_at"].iloc[0] == pd.Timedelta(hours=1)
    z = tmp_path / "z.csv"
    z.write_text("Id,Requester,Subject,Status,Via,Created at,Solved at,"
                 "First reply time in minutes\n"
                 "101,Anna,Hi,open,Web,2026-11-01 00:50:00,,100.5\n", encoding="utf-8")
    zd = load_tickets([z], US, ColumnMapping(preset="zendesk")).frame
    # 00:50 PDT + 100.5 min = 01:30:30 PST (second occurrence), floored to the second
    assert zd["first_response_at"].iloc[0] - zd["created_at"].iloc[0] == \
        pd.Timedelta(minutes=100, seconds=30)
# --- money, years and encodings that read wrong without a word ---------------------------

ORDER_HEADER = "Order ID,Order Status,SKU ID,Order Amount,Created Time\n"


@pytest.mark.parametrize(("text", "us", "decimal_comma"), [
    ("25.00", 25.0, 25.0),            # two decimals: a decimal point in every market
    ("IDR 150000.50", 150000.5, 150000.5),
    ("35,91", 35.91, 35.91),          # two decimals after a comma: a decimal comma
    ("1022.125", 1022.125, 1022.125),  # four digits before the mark: no thousands
    ("1.234.567₫", 1234567.0, 1234567.0),  # a separator seen twice groups thousands
    ("82.912₫", 82.912, 82912.0),     # "d.ddd" alone: the market decides
    ("$1,022", 1022.0, 1.022),
    ("$1,022.25", 1022.25, 1022.25),
    ("BRL 1.035,91", 1035.91, 1035.91),
])
def test_money_only_an_ambiguous_separator_is_read_by_market(text, us, decimal_comma):
    from cx_cli.io.parse import parse_money

    for comma, expected in ((False, us), (True, decimal_comma)):
        values, bad = parse_money(pa.array([text]), decimal_comma=comma)
        assert not bad[0]
        assert values[0] == pytest.approx(expected)


@pytest.mark.parametrize("text", ["1.2.3", "12,34,567", "1,22.5"])
def test_money_with_separators_not_between_groups_of_three_is_a_bad_value(text):
    from cx_cli.io.parse import parse_money

    for comma in (False, True):
        assert parse_money(pa.array([text]), decimal_comma=comma)[1][0]


@pytest.mark.parametrize(("text", "expected"), [
    ("1e+16", 1e16), (" 1.2345678901234568E+16 ", 1.2345678901234568e16), ("+2e3", 2000.0),
    ("(5.00)", -5.0), ("($1,022.25)", -1022.25), ("( 35,91 )", -35.91),
    ("1e5 USD", None),  # an exponent with anything else: a bad value, not 15
])
def test_money_in_exponent_or_accounting_form_is_read_or_bad_never_misread(text, expected):
    """Letters and signs are stripped from amounts, so "1e+16" (how a big number cell
    comes out of a spreadsheet) read as 116 and "(5.00)" as +5.00, neither flagged."""
    from cx_cli.io.parse import parse_money

    for comma in (False, True):
        values, bad = parse_money(pa.array([text]), decimal_comma=comma)
        if expected is None:
            assert bad[0]
        else:
            assert not bad[0] and values[0] == pytest.approx(expected)


@pytest.mark.parametrize("text,expected", [
    ("Rp. 15.000", 15000), ("Rp.15.000", 15000), ("15.000 Rp.", 15000),
    ("Rp. 1.500.000", 1500000), ("kr. 1.234,50", 1234.5), ("Rp. 15.000,50", 15000.5),
])
def test_money_after_an_abbreviated_currency_keeps_its_amount(text, expected):
    """The dot of "Rp." is no decimal mark: an Indonesian export's amounts read as
    before the separator rules, not as bad values."""
    from cx_cli.io.parse import parse_money

    values, bad = parse_money(pa.array([text]), decimal_comma=True)
    assert not bad[0]
    assert values[0] == pytest.approx(expected)


@settings(max_examples=300, deadline=None)
@given(st.integers(-10**9, 10**9), st.sampled_from(["", "$", "BRL ", "R$ "]),
       st.booleans(), st.booleans())
def test_amounts_with_cents_read_the_same_in_every_market(cents, symbol, comma_style,
                                                           grouped):
    """An amount written with two decimals, in either convention, grouped or not, is
    never ambiguous: both markets read its value."""
    from cx_cli.io.parse import parse_money

    text = f"{abs(cents) / 100:{',' if grouped else ''}.2f}"
    if comma_style:
        text = text.translate(str.maketrans(",.", ".,"))
    text = ("-" if cents < 0 else "") + symbol + text
    for market_comma in (False, True):
        values, bad = parse_money(pa.array([text]), decimal_comma=market_comma)
        assert not bad[0], text
        assert values[0] == pytest.approx(cents / 100), (text, market_comma)


def test_xlsx_number_cells_are_not_read_by_the_decimal_comma(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "OrderSKUList"
    sheet.append(ORDER_HEADER.strip().split(","))
    for i, amount in enumerate([1022.25, 35.9, 1.125, 82912]):
        sheet.append([f"59000000000000000{i}", "Completed", "1", amount, "05/11/2026 10:00:00"])
    book.save(tmp_path / "br.xlsx")
    df = load_orders([tmp_path / "br.xlsx"], BR).frame
    assert df["order_amount"].tolist() == pytest.approx([1022.25, 35.9, 1.125, 82912.0])


def test_two_digit_years_of_a_resaved_export_are_this_century(tmp_path):
    path = tmp_path / "o.csv"
    path.write_text(ORDER_HEADER + "1,Completed,9,1.00,12/15/25 9:30 AM\n"
                    "2,Completed,9,1.00,2/29/24 23:59\n"
                    "3,Completed,9,1.00,12/15/0025 9:30:33 AM\n", encoding="utf-8")
    loaded = load_orders([path], US)
    df = loaded.frame.set_index("order_id")
    assert df.loc["1", "created_at"] == ts("2025-12-15 09:30:00")
    assert df.loc["2", "created_at"] == ts("2024-02-29 23:59:00")
    # The year 25 is no order time: reported, not kept.
    assert "3" not in df.index
    assert any("'12/15/0025 9:30:33 AM'" in line for line in loaded.report.warning_lines())


def test_cp1252_file_ending_in_an_accent_with_a_short_record(tmp_path):
    """A small file is read whole: a non-UTF-8 byte at its very end is no character cut
    by the sniffing, and the file is cp1252, not unreadable."""
    path = tmp_path / "c.csv"
    path.write_bytes(b"comment_id,created_at,text\r\n1,2026-11-02 10:00:00,ok\r\n2,\xf2\r\n")
    loaded = load_comments([path], US)
    assert loaded.frame["comment_id"].tolist() == ["1"]
    assert loaded.report.bad_rows == 1


def test_cp1252_accent_past_the_sniffed_head_on_a_short_record(tmp_path, monkeypatch):
    """pyarrow decodes a record it cannot split as UTF-8 inside its callback: the read
    fails there, is retried as cp1252, and nothing is printed on stderr."""
    import sys

    lines = ["comment_id,created_at,text"]
    lines += [f"{i},2026-11-02 10:00:00,hello {i}" for i in range(3000)]
    lines.insert(2500, "9999,café ragged")
    path = tmp_path / "c.csv"
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("cp1252"))
    assert path.stat().st_size > 64 * 1024
    printed = []
    monkeypatch.setattr(sys, "unraisablehook", printed.append)
    loaded = load_comments([path], US)
    assert printed == []
    assert sys.unraisablehook == printed.append
    assert len(loaded.frame) == 3000
    assert loaded.report.bad_rows == 1


def test_a_short_record_is_reported_by_row_and_the_rows_after_it_keep_theirs(tmp_path):
    path = tmp_path / "o.csv"
    path.write_text(ORDER_HEADER + "1,Completed,9,1.00,12/15/2025 9:30 AM\n"
                    "2,Completed\n"
                    "3,Teleported,9,1.00,12/15/2025 9:30 AM\n"
                    "4,Completed,9,1.00,12/15/2025 9:30 AM\n", encoding="utf-8")
    loaded = load_orders([path], US)
    assert loaded.frame["_row"].tolist() == [2, 5]
    lines = loaded.report.warning_lines()
    assert any("malformed record" in line and "(rows 3)" in line for line in lines), lines
    assert any("'Teleported'" in line and "(rows 4)" in line for line in lines), lines


def test_a_spreadsheets_blank_padding_rows_are_skipped_not_bad_rows(tmp_path):
    # Excel writes ",,,,," for rows that were formatted but left empty.
    p = tmp_path / "t.csv"
    p.write_text("ticket_id,created_at,first_response_at,subject\n"
                 "T1,2026-11-02 09:00:00,,late\n"
                 ",,,\n"
                 ",,,\n"
                 "T2,2026-11-03 09:00:00,,\n"
                 ",2026-11-04 09:00:00,,no id\n", encoding="utf-8")
    loaded = load_tickets([p], US)
    assert loaded.frame["ticket_id"].tolist() == ["T1", "T2"]
    assert loaded.report.blank_rows == 2
    # a row with something in it but no id is still a bad row, at its own row number
    assert loaded.report.bad_rows == 1
    assert [(i.row, i.column) for i in loaded.report.issues] == [(6, "ticket_id")]
    from typer.testing import CliRunner

    from cx_cli.cli.main import app

    shown = CliRunner().invoke(app, ["validate", "--tickets", str(p)])
    assert "tickets: skipped 2 blank rows (no value in any column cx reads)" in shown.output


@pytest.mark.parametrize(("value", "day_first"), [
    ("2026-11-31 10:00:00", False), ("11/31/2026 10:00:00 AM", False),
    ("2026-02-30 10:00:00", False), ("31/11/2026 10:00:00", True), ("29.02.2026", True)])
def test_a_day_the_month_lacks_is_a_bad_value_not_the_next_month(tmp_path, value, day_first):
    # strptime rolls 11/31 over to Dec 1: a date that never was must not become one.
    p = tmp_path / "t.csv"
    p.write_text(f"ticket_id,created_at\nT1,{value}\nT2,2026-12-01 10:00:00\n"
                 "T3,2028-02-29 10:00:00\n", encoding="utf-8")
    loaded = load_tickets([p], ID if day_first else US)
    assert loaded.frame["ticket_id"].tolist() == ["T2", "T3"]
    assert loaded.report.bad_rows == 1


def _tickets_book(sheets: dict[str, list[list]]):
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    return book


TICKET_ROWS = [["ticket_id", "created_at"], ["T1", "2026-11-02 09:00:00"]]


def test_an_export_split_over_two_sheets_is_an_error_not_half_the_rows(tmp_path):
    # A seller keeps one sheet per month: cx reads one sheet, so the other month's
    # tickets would be missing from every figure, without a word.
    book = _tickets_book({"Oct": TICKET_ROWS,
                          "Nov": [TICKET_ROWS[0], ["T2", "2026-11-20 09:00:00"]]})
    book.save(tmp_path / "t.xlsx")
    with pytest.raises(InputError, match=r"same columns on more than one sheet "
                       r"\('Oct', 'Nov'\).*rows on 'Nov' would be left out") as err:
        load_tickets([tmp_path / "t.xlsx"], US)
    assert "save each sheet as its own CSV" in err.value.hint
    # A sheet of something else (a summary, notes) is no part of the export.
    book = _tickets_book({"Tickets": TICKET_ROWS, "Notes": [["checked by", "Ana"]]})
    book.save(tmp_path / "ok.xlsx")
    assert load_tickets([tmp_path / "ok.xlsx"], US).frame["ticket_id"].tolist() == ["T1"]


def test_a_chart_sheet_beside_the_export_does_not_stop_the_workbook(tmp_path):
    """Another sheet is read only to see whether it repeats the export's columns: one
    that cannot be read as rows (a chart) is no part of the export."""
    from openpyxl.chart import BarChart, Reference

    book = _tickets_book({"Tickets": TICKET_ROWS})
    chart = BarChart()
    chart.add_data(Reference(book["Tickets"], min_col=1, min_row=1, max_row=2))
    book.create_chartsheet("Chart").add_chart(chart)
    book.save(tmp_path / "t.xlsx")
    assert load_tickets([tmp_path / "t.xlsx"], US).frame["ticket_id"].tolist() == ["T1"]


def test_a_missing_column_in_a_workbook_of_several_sheets_names_the_sheet_read(tmp_path):
    book = _tickets_book({"Summary": [["total", 1]], "Tickets": TICKET_ROWS})
    book.save(tmp_path / "t.xlsx")
    with pytest.raises(InputError, match=r"missing 'ticket_id'.*cx read the sheet 'Summary' "
                       r"of 2 \('Summary', 'Tickets'\)") as err:
        load_tickets([tmp_path / "t.xlsx"], US)
    assert err.value.hint.startswith("move the export's sheet to the front of the workbook")


def test_an_old_xls_or_a_password_protected_workbook_says_so(tmp_path):
    # Both are OLE files, whatever their name; cx reads .xlsx (a zip) and CSV.
    path = tmp_path / "orders.xlsx"
    path.write_bytes(bytes.fromhex("d0cf11e0a1b11ae1") + b"\0" * 2048)
    with pytest.raises(InputError, match=r"old-format Excel workbook \(\.xls\) or a "
                       "password-protected one") as err:
        load_tickets([path], US)
    assert "remove any password and save it as .xlsx" in err.value.hint


def test_zendesk_custom_fields_are_read_under_their_field_type_suffix(tmp_path):
    """Zendesk names a custom field's column with its type ("Order ID [int]", "SKU
    [list]"): the preset's 'Order ID' was never found, so no ticket was linked to its
    order — review requests went out to buyers with an open ticket, without a word."""
    p = tmp_path / "z.csv"
    p.write_text(
        "Id,Subject,Status,Created at,First reply time in minutes,Order ID [int],"
        "SKU [list],Category [txt]\n"
        "101,Box was empty,open,2026-11-02 09:00:00,,576400000000000001,MOP-1,\n",
        encoding="utf-8")
    df = load_tickets([p], US, ColumnMapping(preset="zendesk")).frame
    assert df["order_id"].tolist() == ["576400000000000001"]
    assert df["sku"].tolist() == ["MOP-1"]
    # A header without the suffix still wins over one with it.
    p.write_text(
        "Id,Subject,Status,Created at,SKU [list],SKU\n"
        "101,Box was empty,open,2026-11-02 09:00:00,MOP-1,MOP-2\n", encoding="utf-8")
    df = load_tickets([p], US, ColumnMapping(preset="zendesk")).frame
    assert df["sku"].tolist() == ["MOP-2"]


def test_a_helpdesk_export_read_with_the_other_preset_names_the_preset_that_fits(tmp_path):
    """A Gorgias export under `preset: zendesk` said only "choose another preset"."""
    p = tmp_path / "g.csv"
    p.write_text("id,channel,created_datetime,closed_datetime,status,tags\n"
                 "9,chat,2026-11-02T09:00:00-08:00,,closed,damaged\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_tickets([p], US, ColumnMapping(preset="zendesk"))
    assert caught.value.message == (f"tickets export {p} is missing 'Created at' "
                                    "(created_at); closest header: 'created_datetime'")
    assert caught.value.hint == ("the file's headers are the gorgias preset's: set "
                                 "columns.tickets.preset: gorgias in cx.yaml")
    # A file no preset fits keeps the general hint.
    p.write_text("id,channel,opened,status\n9,chat,2026-11-02,closed\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_tickets([p], US, ColumnMapping(preset="zendesk"))
    assert caught.value.hint.startswith("set columns.tickets.map.created_at in cx.yaml")
