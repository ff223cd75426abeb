"""Values from the seller's files print as written: rich never reads them as markup.

A SKU, product name, fix owner, ticket subject, comment or buyer name holding "[...]"
("[bundle]SERUM-30ML", "Serum [30ml]", "[ops] Luis") must show as it is in every table
and warning, never be swallowed, restyled or (a stray "[/]") stop the command.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cx_cli.cli.main import app

EXAMPLES = Path(__file__).parents[1] / "examples"
DAY = "2026-11-25"  # the morning after the sample shop's last order

SKU = "[bundle]SERUM-30ML"
NAME = "[b]x[/]Serum [30ml]"
OWNER = "[ops] Luis [/]"
SUBJECT = "[bold]x[/] Tracking [red]"
COMMENT = "[bold]x[/] insane [/] [1]"
BUYER = "[red]u[/]28803"
REPLY = "Hi [bold]x[/], [red]sorry[/] [1] about that."
BAD_DATE = "[/]x[red]"  # a ticket's created_at: the warning quotes it

runner = CliRunner()


def _replace(path: Path, old: str, new: str) -> None:
    data = path.read_bytes()
    assert old.encode() in data, (path, old)
    path.write_bytes(data.replace(old.encode(), new.encode()))


@pytest.fixture(scope="module")
def shop(tmp_path_factory) -> Path:
    shop = tmp_path_factory.mktemp("markup") / "shop"
    shutil.copytree(EXAMPLES, shop, ignore=shutil.ignore_patterns(".cx"))
    for path in [*shop.glob("*.csv"), *shop.glob("orders/*.csv")]:
        if b"SERUM-30ML" in path.read_bytes():
            _replace(path, "SERUM-30ML", SKU)
    for path in shop.glob("orders/*.csv"):
        _replace(path, "Vitamin C Brightening Face Serum 30ml, Fragrance Free", NAME)
        if b"user28803" in path.read_bytes():
            _replace(path, "user28803", BUYER)
    _replace(shop / "products.yaml", "SERUM-30ML:", f"'{SKU}':")
    _replace(shop / "products.yaml", "name: Vitamin C Brightening Serum", f"name: '{NAME}'")
    _replace(shop / "voc_fixes.csv", "Luis (ops)", OWNER)
    _replace(shop / "tickets.csv", "Tracking hasn't moved", SUBJECT)
    _replace(shop / "tickets.csv", "48001,,user269938,2026-08-03 03:35:01",
             f"48001,,user269938,{BAD_DATE}")
    _replace(shop / "comments.csv", "insane quality for the price", COMMENT)
    (shop / "templates" / "replies").mkdir(parents=True)
    (shop / "templates" / "replies" / "damaged.txt.j2").write_text(REPLY + "\n",
                                                                     encoding="utf-8")
    (shop / "cx.yaml").write_text((shop / "cx.yaml").read_text(encoding="utf-8")
                                  + "templates: templates\n", encoding="utf-8")
    return shop


def run(shop: Path, *args: str):
    result = runner.invoke(app, [*args, "--config", str(shop / "cx.yaml")],
                           terminal_width=120)
    assert result.exit_code == 0, (args, result.output, result.exception)
    return result


CASES = [
    (("scorecard", "--date", DAY), [SKU]),
    (("refunds", "--date", DAY), [SKU]),
    (("voc", "--date", DAY), [SKU, OWNER]),
    (("triage", "--date", DAY), [SUBJECT]),
    (("comments", "--date", DAY), [COMMENT]),
    (("messages", "due", "--date", DAY), [BUYER, "[b]x[/]Serum"]),
    (("retention", "--date", DAY), [SKU, NAME]),
    (("validate",), [f"found '{BAD_DATE}'"]),
    (("replies", "list"), [REPLY]),
    (("inserts", "-f", "text"), [SKU, NAME]),
]


@pytest.mark.parametrize(("args", "shown"), CASES,
                         ids=[" ".join(a for a in args if a not in ("--date", DAY))
                              for args, _ in CASES])
def test_tables_show_values_from_the_files_as_written(shop, args, shown):
    output = run(shop, *args).stdout
    for text in shown:
        assert text in output, (args, text)


def test_messages_history_shows_the_buyer_and_sku_as_written(shop, tmp_path):
    due = tmp_path / "due.csv"
    run(shop, "messages", "due", "--date", DAY, "-o", str(due))
    run(shop, "messages", "record", str(due))
    output = run(shop, "messages", "history").stdout
    assert BUYER in output
    assert SKU in output


def test_explain_shows_the_sku_as_written(shop):
    output = run(shop, "messages", "due", "--date", DAY,
                 "--explain", "576400040536175112").stdout  # an order of the serum
    assert f"({SKU})" in output


def test_a_warning_quotes_the_bad_value_as_written(shop):
    result = run(shop, "triage", "--date", DAY)
    assert f"Warning: {shop / 'tickets.csv'}: excluded 1 row: created_at: expected a " \
           f"date/time, found '{BAD_DATE}'" in " ".join(result.stderr.split())


def test_an_error_quotes_the_bad_value_as_written(shop):
    result = runner.invoke(app, ["triage", "--date", DAY, "--strict",
                                 "--config", str(shop / "cx.yaml")], terminal_width=120)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: rows were excluded and --strict is set:")
    assert f"found '{BAD_DATE}'" in result.stderr


def test_the_demo_shows_values_from_the_files_as_written(shop, monkeypatch, tmp_path):
    monkeypatch.setattr("cx_cli.resources.examples_dir", lambda: shop)
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))  # where its report goes
    result = runner.invoke(app, ["demo", "--date", DAY], terminal_width=120)
    assert result.exit_code == 0, (result.output, result.exception)
    for text in (SKU, OWNER, SUBJECT, COMMENT):
        assert text in result.stdout, text


def test_sample_data_names_the_folder_as_written(tmp_path):
    out = tmp_path / "[red]shop[/]"
    result = runner.invoke(app, ["sample-data", str(out), "-n", "20"], terminal_width=120)
    assert result.exit_code == 0, (result.output, result.exception)
    assert f"Next: cx validate --config {out / 'cx.yaml'}" in result.stderr
