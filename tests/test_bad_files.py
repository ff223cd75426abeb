"""Files that are no export at all: a saved web page, a ZIP left zipped (SPEC §3.7)."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cx_cli.cli.main import app

DATA = Path(__file__).parent / "data"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_a_web_page_saved_as_the_export_is_named_as_one(tmp_path):
    # The export link's sign-in page, saved under the export's name.
    page = tmp_path / "orders.csv"
    page.write_text("\n<!DOCTYPE html>\n<html><head><title>Seller Center</title></head>"
                    "<body>Log in</body></html>\n", encoding="utf-8")
    result = run("validate", "--orders", str(page))
    assert result.exit_code == 2
    assert f"Error: {page} is a web page (HTML/XML), not a CSV or XLSX export" in result.stdout
    assert "missing 'Order ID'" not in result.stdout
    tickets = tmp_path / "tickets.csv"
    tickets.write_text("<html>\n<body><table><tr><td>ticket_id</td></tr></table></body></html>")
    result = run("triage", "--tickets", str(tickets))
    assert result.exit_code == 2
    assert f"Error: {tickets} is a web page (HTML/XML)" in result.stderr


def test_a_web_page_that_opens_with_a_comment_is_named_as_one(tmp_path):
    # What a browser's "Save page as" writes first: a comment naming where it came from.
    page = tmp_path / "orders.csv"
    page.write_text("<!-- saved from url=(0041)https://seller-us.tiktok.com/order -->\n"
                    "<html><head><title>Seller Center</title></head></html>\n",
                    encoding="utf-8")
    result = run("validate", "--orders", str(page))
    assert result.exit_code == 2
    assert f"Error: {page} is a web page (HTML/XML), not a CSV or XLSX export" in result.stdout


@pytest.mark.parametrize("text", ["<head><title>Seller Center</title></head><body>Log in</body>\n",
                                  "<BODY>\n<p>Session expired</p>\n</BODY>\n"])
def test_a_page_fragment_without_its_html_tag_is_named_as_a_web_page(tmp_path, text):
    # A page that opens with <head> or <body> was read as an export missing 'Order ID'.
    page = tmp_path / "orders.csv"
    page.write_text(text, encoding="utf-8")
    result = run("validate", "--orders", str(page))
    assert result.exit_code == 2
    assert f"Error: {page} is a web page (HTML/XML), not a CSV or XLSX export" in result.stdout


def test_a_header_that_starts_with_html_in_its_name_is_still_a_header(tmp_path):
    path = tmp_path / "comments.csv"
    path.write_text("comment_id,video_id,created_at,author,text,html_snippet\n"
                    "1,9,2026-11-10 10:00:00,ann,nice,<b>x</b>\n", encoding="utf-8")
    result = run("validate", "--comments", str(path), "-f", "json")
    assert result.exit_code == 0, result.output
    assert '"rows": 1' in result.stdout


def test_a_zip_archive_is_named_as_one_with_what_it_holds(tmp_path):
    archive = tmp_path / "orders.xlsx"
    with zipfile.ZipFile(archive, "w") as z:
        z.writestr("orders_2026-11.csv", (DATA / "orders_us.csv").read_text(encoding="utf-8"))
    result = run("validate", "--orders", str(archive))
    assert result.exit_code == 2
    assert (f"Error: {archive} is a ZIP archive ('orders_2026-11.csv'), not a workbook"
            in result.stdout)
    assert "unzip it" in result.stdout
    # A real workbook still reads.
    result = run("validate", "--orders", str(DATA / "orders.xlsx"))
    assert result.exit_code == 0, result.output


def test_a_folder_holding_only_zipped_exports_says_to_unzip_them(tmp_path):
    folder = tmp_path / "orders"
    folder.mkdir()
    with zipfile.ZipFile(folder / "export-1.zip", "w") as z:
        z.writestr("orders.csv", "Order ID\n")
    result = run("validate", "--orders", str(folder))
    assert result.exit_code == 2
    assert f"Error: folder {folder} holds no CSV/XLSX files" in result.stderr
    assert "it holds export-1.zip: unzip the exports first" in result.stderr


REVIEWS = ("review_id,order_id,sku,buyer,rating,review_text,has_media,created_at\n"
           "R1,O1,MUG,ann,4 stars,ok,false,2026-11-10 10:00:00\n"
           "R2,O2,MUG,bob,0,bad,false,2026-11-10 11:00:00\n"
           "R3,O3,MUG,cy,5,fine,false,2026-11-10 12:00:00\n"
           "R4,O4,MUG,di,6,great,false,2026-11-10 13:00:00\n")


@pytest.mark.parametrize("cached", [False, True])
def test_each_excluded_row_names_the_value_it_holds(tmp_path, monkeypatch, cached):
    """`cx validate --format json` lists rows 2, 3 and 5: each with its own rating, not the
    first row's '4 stars' three times; the warning stays one line for the reason."""
    if cached:
        monkeypatch.delenv("CX_NO_CACHE", raising=False)
    path = tmp_path / "reviews.csv"
    path.write_text(REVIEWS, encoding="utf-8")
    (tmp_path / "cx.yaml").write_text("inputs: {reviews: reviews.csv}\n")
    monkeypatch.chdir(tmp_path)
    for _ in range(2 if cached else 1):  # the second run reads the cache
        result = run("validate", "-f", "json")
        assert result.exit_code == 0, result.output
        issues = json.loads(result.stdout)["inputs"]["reviews"]["issues"]
        assert [(i["row"], i["message"]) for i in issues] == [
            (2, "expected a whole-number rating 1–5, found '4 stars'"),
            (3, "expected a whole-number rating 1–5, found '0'"),
            (5, "expected a whole-number rating 1–5, found '6'")]
    result = run("validate")
    assert ("excluded 3 rows: rating: expected a whole-number rating 1–5, found '4 stars' "
            "(rows 2, 3, 5)") in result.stdout


@pytest.mark.parametrize("with_description", [True, False])
def test_two_exports_pasted_into_one_file_load_as_both(tmp_path, with_description):
    """The second export's header (and its description row) in the middle of the file
    is skipped and said, not 2 bad rows 'found Cancelation/Return Type'; every order
    line of both exports is kept, as when they are given as two files."""
    a = (DATA / "orders_overlap_a.csv").read_text(encoding="utf-8-sig").splitlines()
    b = (DATA / "orders_overlap_b.csv").read_text(encoding="utf-8-sig").splitlines()
    assert b[1].startswith("Platform unique order ID.")
    second = b if with_description else b[:1] + b[2:]
    # The header pasted again as a spreadsheet shows it: stray spaces, other case.
    second = [" " + second[0].upper().replace(",", " ,"), *second[1:]]
    joined = tmp_path / "orders.csv"
    joined.write_text("\n".join(a + second) + "\n", encoding="utf-8")
    result = run("validate", "--orders", str(joined), "-f", "json")
    assert result.exit_code == 0, result.output
    orders = json.loads(result.stdout)["inputs"]["orders"]
    apart = json.loads(run("validate", "--orders", str(DATA / "orders_overlap_a.csv"),
                           "--orders", str(DATA / "orders_overlap_b.csv"), "-f",
                           "json").stdout)["inputs"]["orders"]
    assert (orders["rows"], orders["duplicates_dropped"], orders["bad_rows"]) == (
        apart["rows"], apart["duplicates_dropped"], 0) == (3, 1, 0)
    result = run("validate", "--orders", str(joined), "--strict")
    assert result.exit_code == 0, result.output
    skipped = "rows 5, 6" if with_description else "row 5"
    n = 2 if with_description else 1
    assert (f"orders: skipped {n} row{'s' if n > 1 else ''} repeating the header (two exports "
            f"pasted into one file): {skipped}") in result.stdout
