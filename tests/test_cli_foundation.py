"""CLI tests for validate, init and the start-up contract."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cx_cli.cli.main import app

DATA = Path(__file__).parent / "data"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_version():
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout.startswith("cx ")


def test_validate_table_counts_rows_and_duplicates():
    result = run("validate", "--orders", str(DATA / "orders_overlap_a.csv"),
                 "--orders", str(DATA / "orders_overlap_b.csv"))
    assert result.exit_code == 0, result.output
    assert "│ orders │     2 │         3 │                  1 │             0 │ ok" in result.stdout
    assert "skipped the column-description row in 2 files" in result.stdout


def test_validate_glob_input():
    result = run("validate", "--orders", str(DATA / "orders_overlap_*.csv"), "-f", "json")
    data = json.loads(result.stdout)
    assert len(data["inputs"]["orders"]["files"]) == 2


def test_validate_json_contract():
    result = run("validate", "--orders", str(DATA / "orders_bad_rows.csv"), "-f", "json")
    assert result.exit_code == 0
    orders = json.loads(result.stdout)["inputs"]["orders"]
    assert set(orders) >= {"files", "rows", "duplicates_dropped", "bad_rows", "issues"}
    assert orders["rows"] == 1 and orders["bad_rows"] == 2
    assert {"file", "row", "column", "message"} <= set(orders["issues"][0])
    assert {i["column"] for i in orders["issues"]} == {"Order Status", "Created Time"}


def test_validate_json_names_the_files_of_an_input_it_could_not_read():
    """An input that failed to load was listed with "files": [], as if none were given:
    a script reading the JSON could not tell which file to fix."""
    tickets = DATA / "orders_bad_rows.csv"  # an orders export given as the tickets
    result = run("validate", "--orders", str(DATA / "orders_overlap_*.csv"),
                 "--tickets", str(tickets), "-f", "json")
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    failed = data["inputs"]["tickets"]
    assert set(failed) == {"files", "rows", "duplicates_dropped", "bad_rows", "issues", "error"}
    assert [Path(f).name for f in failed["files"]] == ["orders_bad_rows.csv"]
    assert "ticket_id" in failed["error"]
    assert data["inputs"]["orders"]["error"] is None
    assert len(data["inputs"]["orders"]["files"]) == 2
    assert "reviews" in data["not_given"] and "reviews" not in data["inputs"]


def test_bad_rows_warn_and_strict_makes_them_an_error():
    result = run("validate", "--orders", str(DATA / "orders_bad_rows.csv"), "--strict")
    assert result.exit_code == 2
    assert "excluded 1 row" in result.stdout


def test_unusable_file_exit_2_with_file_column_and_closest_header():
    result = run("validate", "--orders", str(DATA / "orders_missing_status.csv"))
    assert result.exit_code == 2
    assert "is missing 'Order Status' (status); closest header: 'Order Stat'" in result.stdout
    assert "columns.orders.map.status" in result.stdout


def test_missing_input_file_is_one_error_line_on_stderr():
    result = run("validate", "--orders", "no/such/file.csv")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: input file")
    assert "Traceback" not in result.output


def test_config_error_exit_2(tmp_path):
    cfg = tmp_path / "cx.yaml"
    cfg.write_text("shop:\n  colour: blue\n")
    result = run("validate", "--config", str(cfg))
    assert result.exit_code == 2
    assert f"{cfg}:2: unknown key 'shop.colour'" in result.stderr


def test_validate_catalog_lists_missing_skus(tmp_path):
    catalog = tmp_path / "products.yaml"
    catalog.write_text("SERUM-30ML: {name: Glow Serum, category: skincare}\n")
    result = run("validate", "--orders", str(DATA / "orders_us.csv"), "--products",
                 str(catalog), "-f", "json")
    data = json.loads(result.stdout)
    assert data["catalog"]["skus"] == 1
    assert "MOP-PAD-2PK" in data["catalog"]["missing_skus"]


TWICE = "Hint: keep one entry per SKU"


def test_validate_catalog_day_counts_beyond_any_calendar_are_an_error(tmp_path):
    catalog = tmp_path / "products.yaml"
    catalog.write_text("SERUM-30ML: {name: Serum, review_delay_days: 999999999999}\n")
    result = run("validate", "--products", str(catalog))
    assert result.exit_code == 2
    assert "review_delay_days" in result.stdout and "Traceback" not in result.output


@pytest.mark.parametrize(("name", "text", "expected", "hint"), [
    ("products.yaml", "- sku: MUG-01\n  name: Mug\n- name: Lid\n",
     "entry 2: no 'sku' (found keys name)", None),
    ("products.yaml", "- MUG-01\n- LID-01\n",
     "entry 1: expected a mapping with a 'sku' key and the product's fields, found 'MUG-01'",
     None),
    ("products.csv", "sku,name\nMUG-01,Mug\n,Lid\n", "row 3: no 'sku' (the row has name)", None),
    ("products.csv", "sku,name\nMUG-01,Mug\nLID-01,Lid\nMUG-01,Big mug\n",
     "row 4: SKU 'MUG-01' is already in row 2", TWICE),
    ("products.yaml", "- sku: MUG-01\n  name: Mug\n- sku: MUG-01\n  name: Big mug\n",
     "entry 2: SKU 'MUG-01' is already entry 1", TWICE),
    ("products.yaml", "MUG-01: {name: Mug}\nLID-01: {}\nMUG-01: {name: Big mug}\n",
     "line 3: 'MUG-01' is given twice (first on line 1)", TWICE),
])
def test_validate_catalog_entry_without_a_sku_or_twice_is_an_error(tmp_path, name, text,
                                                                   expected, hint):
    catalog = tmp_path / name
    catalog.write_text(text)
    result = run("validate", "--products", str(catalog))
    assert result.exit_code == 2
    assert f"Error: product catalog {catalog} {expected}" in result.stdout
    assert "Catalog:" not in result.stdout
    assert hint is None or hint in result.stdout


def test_a_catalog_that_is_not_yaml_names_the_line_in_one_line(tmp_path):
    catalog = tmp_path / "products.yaml"
    catalog.write_text("MUG-01:\n  name: Mug\n  care: [hand wash\nLID-01: {}\n")
    result = run("validate", "--products", str(catalog))
    assert result.exit_code == 2
    error = next(line for line in result.stdout.splitlines() if line.startswith("Error:"))
    assert error.startswith(f"Error: product catalog {catalog} line ")
    assert "not valid YAML (" in result.stdout and "Traceback" not in result.output


def test_a_products_folder_is_read_for_yaml_and_csv_catalogs(tmp_path):
    folder = tmp_path / "catalog"
    folder.mkdir()
    (folder / "notes.xlsx").write_bytes(b"")
    result = run("validate", "--products", str(folder))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: folder {folder} holds no YAML/CSV catalog files")
    (folder / "products.yaml").write_text("MUG-01: {name: Mug}\n")
    result = run("validate", "--products", str(folder))
    assert result.exit_code == 0, result.output
    assert "Catalog: 1 SKU\n" in result.stdout


def test_a_config_folder_is_said_to_be_a_folder(tmp_path):
    (tmp_path / "cx.yaml").write_text("shop: {name: Acme}\n")
    result = run("validate", "--config", str(tmp_path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: config {tmp_path} is a folder; a cx.yaml file "
                                    "is expected")
    assert f"Hint: pass --config {tmp_path / 'cx.yaml'}" in result.stderr


def test_init_writes_starter_files_and_refuses_to_overwrite(tmp_path):
    result = run("init", str(tmp_path / "shop"), "--name", "Acme")
    assert result.exit_code == 0, result.output
    assert 'name: "Acme"' in (tmp_path / "shop" / "cx.yaml").read_text()
    assert (tmp_path / "shop" / "products.yaml").exists()
    assert (tmp_path / "shop" / "exports" / "orders").is_dir()
    again = run("init", str(tmp_path / "shop"))
    assert again.exit_code == 2 and "already exists" in again.stderr
    # the starter config and catalog are valid
    from cx_cli.config import parse_settings_file
    from cx_cli.io.catalog import load_catalog

    parse_settings_file(tmp_path / "shop" / "cx.yaml")
    assert "EXAMPLE-SKU" in load_catalog([tmp_path / "shop" / "products.yaml"])


def test_validate_table_goes_to_the_output_file(tmp_path):
    target = tmp_path / "inputs.txt"
    result = run("validate", "--orders", str(DATA / "orders_overlap_a.csv"), "--orders",
                 str(DATA / "orders_overlap_b.csv"), "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    text = target.read_text()
    assert "│ orders │     2 │         3 │                  1 │             0 │ ok" in text
    assert "skipped the column-description row in 2 files" in text


def test_init_finds_an_xlsx_order_export_in_the_starter_folder(tmp_path, monkeypatch):
    assert run("init", str(tmp_path)).exit_code == 0
    shutil.copy(DATA / "orders.xlsx", tmp_path / "exports" / "orders" / "orders.xlsx")
    monkeypatch.chdir(tmp_path)
    result = run("validate", "-f", "json")
    assert result.exit_code == 0, result.output
    orders = json.loads(result.stdout)["inputs"]["orders"]
    assert [Path(f).name for f in orders["files"]] == ["orders.xlsx"]
    assert orders["rows"] == 2


@pytest.mark.parametrize("name", ["Glow #1 Shop", "Kawaii: Tokyo Finds", "@home", "ショップ"])
def test_init_keeps_a_shop_name_yaml_would_misread(tmp_path, name):
    from cx_cli.config import parse_settings_file

    assert run("init", str(tmp_path / "shop"), "--name", name).exit_code == 0
    assert parse_settings_file(tmp_path / "shop" / "cx.yaml").shop.name == name


def test_sample_data_into_a_shop_folder_needs_force(tmp_path):
    shop = tmp_path / "shop"
    assert run("init", str(shop), "--name", "Mine").exit_code == 0
    mine = (shop / "cx.yaml").read_text()
    result = run("sample-data", str(shop), "-n", "50")
    assert result.exit_code == 2
    assert f"{shop} is not empty" in result.stderr and "--force" in result.stderr
    assert (shop / "cx.yaml").read_text() == mine
    assert run("sample-data", str(shop), "-n", "50", "--force").exit_code == 0
    assert (shop / "cx.yaml").read_text() != mine


@pytest.mark.parametrize("command", [("init",), ("sample-data", "-n", "10")])
def test_init_and_sample_data_on_a_file_name_it(tmp_path, command):
    existing = tmp_path / "cx.yaml"
    existing.write_text("shop: {name: Mine}\n")
    result = run(command[0], str(existing), *command[1:])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: {existing} is a file, not a folder")
    assert "Traceback" not in result.output
    assert existing.read_text() == "shop: {name: Mine}\n"


def test_help_imports_neither_pandas_nor_pyarrow():
    code = ("import sys\n"
            "from typer.testing import CliRunner\n"
            "from cx_cli.cli.main import app\n"
            "r = CliRunner().invoke(app, ['--help'])\n"
            "assert r.exit_code == 0, r.output\n"
            "heavy = ('pandas', 'pyarrow', 'numpy', 'matplotlib')\n"
            "heavy = [m for m in heavy if m in sys.modules]\n"
            "print(','.join(heavy))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_init_imports_neither_pandas_nor_pyarrow(tmp_path):
    code = ("import sys\n"
            "from typer.testing import CliRunner\n"
            "from cx_cli.cli.main import app\n"
            "r = CliRunner().invoke(app, ['init'])\n"
            "assert r.exit_code == 0, r.output\n"
            "print(','.join(m for m in ('pandas', 'pyarrow', 'numpy') if m in sys.modules))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, cwd=tmp_path)
    assert out.stdout.strip() == ""
    assert (tmp_path / "cx.yaml").is_file()


REPORT_SHOP = DATA / "report_shop"


@pytest.mark.parametrize(("extra", "files", "expected"), [
    ("messages:\n  stages:\n    spring_restock: {offset_days: 45}\n", {},
     "messages.stages.spring_restock: a new stage needs an anchor"),
    ("messages:\n  stages:\n    review_request: {categories: [food]}\n", {},
     "messages.stages.review_request.categories: unknown category 'food'"),
    # a stage of your own, or a misspelt template, stopped `messages due` the day one was due
    ("messages:\n  stages:\n    how_to_video: {anchor: shipped_at, categories: [device]}\n",
     {}, "messages.stages.how_to_video: no template messages/how_to_video.txt.j2"),
    ("messages:\n  stages:\n    review_request: {template: review_requst}\n", {},
     "messages.stages.review_request: no template messages/review_requst.txt.j2"),
    ("shop:\n  holidays: XX\n", {}, "shop.holidays: unknown holiday country 'XX'"),
    # "sun" and "jan" are weekday and month numbers in the holidays library: a traceback.
    ("shop:\n  holidays: sun\n", {}, "shop.holidays: unknown holiday country 'SUN'"),
    ("templates: my_templates\n", {}, "my_templates does not exist"),
    ("triage:\n  rules: triage_rules.yaml\n", {"triage_rules.yaml": "version: 1\n"},
     "invalid triage rules file"),
    ("comments:\n  rules: comment_rules.yaml\n", {}, "comment_rules.yaml does not exist"),
    ("comments:\n  rules: comment_rules.yaml\n",
     {"comment_rules.yaml": "version: 1\n# café\n".encode("cp1252")},
     "comment_rules.yaml:2: not UTF-8 text"),
])
def test_validate_checks_what_later_commands_read_from_cx_yaml(tmp_path, extra, files,
                                                                expected):
    """These were found only by `messages due`, `scorecard` or `triage`, after a clean
    `cx validate`."""
    config = tmp_path / "cx.yaml"
    base = (REPORT_SHOP / "cx.yaml").read_text().replace("messages:\n  ledger: .cx/ledger.sqlite"
                                                         "\n", "")
    config.write_text(base.replace("shop:\n  name: Kettle & Co\n  market: us\n", "") + extra)
    for name, content in files.items():
        if isinstance(content, bytes):
            (tmp_path / name).write_bytes(content)
        else:
            (tmp_path / name).write_text(content)
    for name in ("orders.csv", "tickets.csv", "reviews.csv", "comments.csv", "voc_fixes.csv",
                 "products.yaml"):
        shutil.copy(REPORT_SHOP / name, tmp_path / name)
    result = run("validate", "--config", str(config))
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith("Error: ")
    assert expected in result.stderr


def test_validate_says_when_the_fix_log_has_no_shipped_date(tmp_path):
    """Without the column every fix is unshipped: none was checked, and nothing said so."""
    fixes = tmp_path / "voc_fixes.csv"
    fixes.write_text("issue,sku,fix,owner\ntracking_not_updating,,Pickup at 3 pm,Lee\n")
    result = run("validate", "--fixes", str(fixes))
    assert result.exit_code == 0, result.output
    assert ("fixes: no shipped_date column: every fix is taken as not shipped yet, and none "
            "is checked against refunds") in result.stdout


def test_a_stage_error_names_the_config_file_and_the_stage_line(tmp_path):
    config = tmp_path / "cx.yaml"
    config.write_text("shop:\n  name: Kettle & Co\nmessages:\n  stages:\n"
                      "    review_request: {enabled: true}\n"
                      "    spring_restock:\n      offset_days: 45\n")
    result = run("messages", "due", "--config", str(config), "--orders",
                 str(REPORT_SHOP / "orders.csv"), "--date", "2026-11-25")
    assert result.exit_code == 2, result.output
    assert result.stderr.startswith(
        f"Error: {config}:6: messages.stages.spring_restock: a new stage needs an anchor")


def test_validate_says_when_the_orders_have_no_paid_or_delivered_time(tmp_path):
    """A typo in a header ('Payd Time') left the column out without a word: validate said
    ok, then refunds showed 0 lines, the repeat rates were blank and, without the
    delivery time, every shipped order was sent a 'tracking stalled' message."""
    text = (DATA / "orders_us.csv").read_text(encoding="utf-8-sig")
    header, rest = text.split("\n", 1)
    orders = tmp_path / "orders.csv"
    orders.write_text(header.replace("Paid Time", "Payd Time")
                      .replace("Delivered Time", "Delivery Date") + "\n" + rest,
                      encoding="utf-8")
    result = run("validate", "--orders", str(orders))
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert "orders: no paid time column (paid_at; 'Paid Time' in a Seller Center export)" in out
    assert "orders: no delivery time column (delivered_at; 'Delivered Time' in a Seller " \
        "Center export)" in out
    assert "columns.orders.map" in out
    whole = run("validate", "--orders", str(DATA / "orders_us.csv"))
    assert "no paid time column" not in whole.stdout


def test_validate_says_when_the_orders_have_no_seller_sku(tmp_path):
    """With 'Seller SKU' renamed, validate said ok and listed the platform's SKU IDs as
    sold but not in the catalog, without saying why."""
    text = (DATA / "orders_us.csv").read_text(encoding="utf-8-sig")
    header, rest = text.split("\n", 1)
    assert "Seller SKU" in header
    orders = tmp_path / "orders.csv"
    orders.write_text(header.replace("Seller SKU", "SellerSKU") + "\n" + rest,
                      encoding="utf-8")
    result = run("validate", "--orders", str(orders))
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert ("orders: no seller SKU column (sku; 'Seller SKU' in a Seller Center export): "
            "lines are known by the platform's SKU ID instead") in out
    assert "set columns.orders.map.sku in cx.yaml" in out
    whole = run("validate", "--orders", str(DATA / "orders_us.csv"))
    assert "no seller SKU column" not in whole.stdout


def test_counts_of_a_thousand_and_more_read_the_same_in_every_view(tmp_path):
    """The scorecard, refunds and the cut-table warning wrote 1,234, while validate,
    retention and the messages summary wrote 1234: '… first 1,000 of 1,234 messages'
    was followed by '1234 message(s) due'."""
    rows = ["Order ID,Order Status,Seller SKU,Created Time,Paid Time,Buyer Username"]
    for n in range(1234):
        rows.append(f"5764{n:06d}1,Completed,SOAP,2026-07-02 10:00:00,2026-07-02 10:00:00,b{n}")
        rows.append(f"5764{n:06d}2,Awaiting shipment,SOAP,2026-11-24 10:00:00,"
                    f"2026-11-24 10:00:00,b{n}")
    orders = tmp_path / "orders.csv"
    orders.write_text("\n".join(rows) + "\n", encoding="utf-8")
    (tmp_path / "cx.yaml").write_text("shop: {name: Acme, market: us}\n"
                                      f"inputs: {{orders: {orders.name}}}\n")
    config = ["--config", str(tmp_path / "cx.yaml")]
    validate = run("validate", *config)
    assert "│ 2,468 │" in " ".join(validate.stdout.split())
    retention = run("retention", *config, "--date", "2026-11-25")
    assert "│ 2026-07 │ 1,234 │" in " ".join(retention.stdout.split())
    due = run("messages", "due", *config, "--date", "2026-11-25", "--stage",
              "order_confirmation")
    assert due.exit_code == 0, due.output
    assert "the first 1,000 of 1,234 messages" in due.stderr
    assert "1,234 message(s) due 2026-11-25" in due.stderr


def test_a_run_with_no_cx_yaml_and_no_export_says_nothing_was_read(tmp_path, monkeypatch):
    """In a folder without cx.yaml, `cx validate` printed an empty table and `cx scorecard`
    a page of "—", both exit 0, with no word that nothing had been read."""
    monkeypatch.chdir(tmp_path)
    for command in ("validate", "scorecard"):
        result = run(command, "--date", "2026-11-25") if command == "scorecard" \
            else run(command)
        assert result.exit_code == 0, result.output
        assert " ".join(result.stderr.split()).startswith(
            "Warning: no cx.yaml here (nor in $CX_CONFIG) and no export given, so nothing "
            "was read: run cx in your shop's folder, pass --config PATH or the exports")
    (tmp_path / "cx.yaml").write_text("shop:\n  name: Kettle & Co\n")
    result = run("validate")
    assert f"{tmp_path / 'cx.yaml'} sets none of inputs.orders" in \
        " ".join(result.stderr.split())
    given = run("validate", "--orders", str(DATA / "orders_us.csv"))
    assert "nothing was read" not in given.stderr


SAMPLE = Path(__file__).parents[1] / "examples" / "cx.yaml"  # the sample shop


@pytest.mark.parametrize("command", [
    ("validate",), ("scorecard",), ("voc",), ("retention",), ("refunds",),
    ("replies", "list"), ("messages", "history")])
def test_a_layout_written_to_a_file_has_no_trailing_spaces(tmp_path, command):
    """rich pads every line of a table (and a title, a heading) to the layout's width:
    the files -o wrote ended their lines in runs of spaces."""
    out = tmp_path / "out.txt"
    dated = ("--date", "2026-11-25") if command[0] in ("scorecard", "voc", "retention",
                                                       "refunds") else ()
    result = run(*command, "--config", str(SAMPLE), *dated, "-o", str(out))
    assert result.exit_code == 0, result.output
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 1 and lines[0] and lines[0] == lines[0].strip()
    assert [line for line in lines if line != line.rstrip()] == []


@pytest.mark.parametrize("terminal", [True, False])
def test_stderr_lines_wrap_between_words_on_a_terminal_only(monkeypatch, terminal):
    """The summaries were printed as one long line even on a terminal, which then cut
    words in two at its edge ("expectation_mis" / "match"). On a terminal they wrap
    between words at its width; into a file or a pipe each stays one line, for grep."""
    from cx_cli.cli import common

    monkeypatch.setattr(common, "stderr_is_terminal", lambda: terminal)
    monkeypatch.setenv("COLUMNS", "80")
    result = runner.invoke(app, ["triage", "--config", str(SAMPLE), "--date", "2026-11-25",
                                 "-f", "json"], terminal_width=80)
    assert result.exit_code == 0, result.output
    summary = ("Triage: 147 tickets (79 tagged, 68 by rules) — shipping 53 · product_issue "
               "57 · usage 16 · expectation_mismatch 12 · unclassified 9 — escalate 29")
    lines = result.stderr.splitlines()
    if terminal:
        assert len(lines) == 2 and max(map(len, lines)) <= 80
        assert " ".join(line.rstrip() for line in lines) == summary  # no word cut
    else:
        assert lines == [summary]


@pytest.mark.parametrize(("width", "left_out"), [(60, "files"),
                                                 (40, "files, duplicates dropped")])
def test_validate_keeps_every_figure_and_sku_whole_on_a_narrow_terminal(monkeypatch, width,
                                                                        left_out):
    """At 40 columns the inputs table cut its figures ("3,…" for 3,000 rows) and names
    ("or…"), and on a terminal a detail line ran past the edge for the terminal to
    break inside a SKU. Now the headers wrap, then the files and duplicates columns go
    (a line says so), and a detail line wraps between words."""
    import re

    from _tables import table_rows
    from rich.cells import cell_len

    sample = Path(__file__).parents[1] / "examples" / "cx.yaml"
    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("TTY_COMPATIBLE", "1")  # standard output is a terminal
    result = runner.invoke(app, ["validate", "--config", str(sample)], terminal_width=width)
    assert result.exit_code == 0, result.output
    text = re.sub(r"\x1b\[[0-9;]*m", "", result.stdout)
    assert max(map(cell_len, text.splitlines())) <= width
    assert "…" not in text
    rows = table_rows(text, key=0)
    assert rows[0][:2] == ["orders", "3,000"] and rows[-1][0] == "fixes"
    assert f"Left out at this width: {left_out} (-f md has them)." in " ".join(text.split())
    assert any(line.rstrip().endswith("SCRUNCHIE-6PK") for line in text.splitlines())


def test_validate_says_when_the_tickets_have_no_order_id(tmp_path):
    """Without an order ID column no ticket is linked to its order; validate said ok."""
    tickets = tmp_path / "tickets.csv"
    tickets.write_text("Id,Subject,Status,Created at,Order No [int]\n"
                       "101,Where is it,open,2026-11-02 09:00:00,576400000000000001\n")
    config = tmp_path / "cx.yaml"
    config.write_text("inputs: {tickets: tickets.csv}\ncolumns: {tickets: {preset: zendesk}}\n")
    result = run("validate", "-c", str(config))
    assert result.exit_code == 0, result.output
    out = " ".join(result.stdout.split())
    assert ("tickets: no order ID column (order_id, or the preset's header for it): tickets "
            "are not matched to orders, so review requests are not held for buyers with an "
            "open ticket") in out
    assert "set columns.tickets.map.order_id in cx.yaml" in out
    # Zendesk's custom field "Order ID [int]" is the preset's "Order ID".
    tickets.write_text(tickets.read_text().replace("Order No [int]", "Order ID [int]"))
    assert "no order ID column" not in run("validate", "-c", str(config)).stdout


def test_init_in_the_current_folder_says_run_cx_validate_here(tmp_path, monkeypatch):
    """`cx init` with no folder ended "run `cx validate` in ."."""
    monkeypatch.chdir(tmp_path)
    result = run("init")
    assert result.exit_code == 0, result.output
    assert result.stderr.splitlines()[-1] == (
        "Next: put your order exports in exports/orders and run `cx validate`")
    other = run("init", "shop")
    assert other.stderr.splitlines()[-1] == (
        "Next: put your order exports in shop/exports/orders and run `cx validate` in shop")


@pytest.mark.parametrize(("market", "own", "other"), [("us", None, "es"), ("mx", "es", None)])
def test_init_copies_the_templates_in_the_market_s_language_only(tmp_path, market, own,
                                                                  other):
    result = run("init", str(tmp_path / "shop"), "--market", market)
    assert result.exit_code == 0, result.output
    messages = tmp_path / "shop" / "templates" / "messages"
    names = {p.name for p in messages.iterdir()}
    # English and the product-type variants always; another language's never.
    assert {"review_request.txt.j2", "review_request.device.txt.j2",
            "delivery_day.txt.j2"} <= names
    locales = {n.split(".")[-3] for n in names if n.count(".") == 3} - {
        "apparel", "consumable", "device"}
    assert locales == ({own} if own else set())
    assert (own is None) == ("delivery_day.es.txt.j2" not in names)
    if other:
        assert not list(messages.glob(f"*.{other}.txt.j2"))
    # What is not copied is still shipped: cx lint sees no unused file, validate passes.
    lint = run("lint", "--config", str(tmp_path / "shop" / "cx.yaml"))
    assert lint.exit_code == 0, lint.output


def test_validate_checks_a_stage_of_your_own_in_every_language_of_the_catalog(tmp_path):
    """A stage written only in the shop's language (Thai) stopped `messages due` the day
    one was due for a product whose catalog entry is in Spanish; `cx validate` checked
    the shop's language only."""
    own = tmp_path / "templates" / "messages"
    own.mkdir(parents=True)
    (own / "spring_restock.th.txt.j2").write_text("สวัสดีค่ะ\n{{ shop.name }}\n")
    (tmp_path / "products.yaml").write_text(
        "LAMP-1: {name: Lamp}\nJABON-1: {name: Jabón, locale: es}\n"
        "JABON-2: {name: Jabón grande, locale: es}\n")
    config = tmp_path / "cx.yaml"
    config.write_text("shop: {market: th}\ntemplates: templates\n"
                      "inputs: {products: products.yaml}\n"
                      "messages:\n  stages:\n    spring_restock: {anchor: delivered_at}\n")
    result = run("validate", "--config", str(config))
    assert result.exit_code == 2, result.output
    assert "messages.stages.spring_restock: no template" in result.stderr
    assert "for the catalog's locale es products: JABON-1, JABON-2" in result.stderr
    # In the buyer's language too, it passes.
    (own / "spring_restock.es.txt.j2").write_text("Hola\n{{ shop.name }}\n")
    result = run("validate", "--config", str(config))
    assert "spring_restock" not in result.stderr, result.stderr
