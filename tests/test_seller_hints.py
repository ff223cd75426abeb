"""What a seller reads when something is off: the message, and where to look."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cx_cli.cli.main import app

EXAMPLES = Path(__file__).parents[1] / "examples"
runner = CliRunner()


def run(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def shop(tmp_path) -> Path:
    """The sample shop, copied to a folder of its own to break things in."""
    folder = tmp_path / "shop"
    shutil.copytree(EXAMPLES, folder)
    return folder


def _set(config: Path, old: str, new: str) -> None:
    text = config.read_text(encoding="utf-8")
    assert old in text
    config.write_text(text.replace(old, new), encoding="utf-8")


def _line(config: Path, text: str) -> int:
    return next(i for i, line in enumerate(config.read_text().splitlines(), 1) if text in line)


# --- 1. a missing input file ---------------------------------------------------------------

def test_a_missing_file_names_the_cx_yaml_key_and_line_it_came_from(shop):
    config = shop / "cx.yaml"
    _set(config, "returns: returns.csv", "returns: return.csv")
    result = run("refunds", "-c", str(config))
    assert result.exit_code == 2
    assert result.stderr.splitlines()[0] == (
        f"Error: input file {shop / 'return.csv'} does not exist")
    line = _line(config, "returns: return.csv")
    assert (f"Hint: the path is inputs.returns at {config}:{line} (a relative path is read "
            "from that file's folder): correct it there") in result.stderr


def test_a_missing_file_in_a_list_names_the_item_s_line(shop):
    config = shop / "cx.yaml"
    _set(config, "returns: returns.csv", "returns:\n    - returns.csv\n    - more.csv")
    result = run("refunds", "-c", str(config))
    assert result.exit_code == 2
    assert f"inputs.returns at {config}:{_line(config, '- more.csv')} " in result.stderr


def test_a_missing_file_given_as_an_option_names_the_option(shop, monkeypatch):
    monkeypatch.chdir(shop)
    result = run("refunds", "--returns", "nope.csv")
    assert result.exit_code == 2
    assert f"Error: input file {shop / 'nope.csv'} does not exist" in result.stderr
    assert ("Hint: the path is --returns (a relative path is read from the current folder, "
            f"{shop})") in result.stderr


def test_a_glob_matching_nothing_names_where_it_came_from(shop):
    config = shop / "cx.yaml"
    _set(config, "orders: orders/*.csv", "orders: order/*.csv")
    result = run("refunds", "-c", str(config))
    assert result.exit_code == 2
    assert "Error: no file matches order/*.csv" in result.stderr
    assert f"the path is inputs.orders at {config}:{_line(config, 'order/')}" in result.stderr


def test_every_wrong_input_path_is_named_at_once(shop):
    """A seller fixing cx.yaml path by path ran validate once per mistake."""
    config = shop / "cx.yaml"
    _set(config, "returns: returns.csv", "returns: nada/*.csv")
    _set(config, "comments: comments.csv", "comments: nope.csv")
    result = run("validate", "-c", str(config))
    assert result.exit_code == 2
    error = result.stderr
    assert "Error: 2 input paths name no file:" in error
    assert (f"no file matches nada/*.csv — looked in {shop / 'nada'}; the path is "
            f"inputs.returns at {config}:{_line(config, 'nada/')}") in error
    assert (f"input file {shop / 'nope.csv'} does not exist — the path is inputs.comments "
            f"at {config}:{_line(config, 'nope.csv')}") in error


def test_a_shop_folder_with_brackets_in_its_name_finds_its_exports(tmp_path):
    """A relative glob is read from the config's folder; that folder's name is a name,
    not a pattern: "[Acme] shop" matched no file ("no file matches orders/*.csv")."""
    folder = tmp_path / "[Acme] shop"
    shutil.copytree(EXAMPLES, folder)
    result = run("scorecard", "-c", str(folder / "cx.yaml"), "--date", "2026-11-25",
                 "-f", "json")
    assert result.exit_code == 0, result.output
    shutil.copytree(EXAMPLES, tmp_path / "shop")
    plain = run("scorecard", "-c", str(tmp_path / "shop" / "cx.yaml"), "--date",
                "2026-11-25", "-f", "json")
    assert json.loads(result.stdout) == json.loads(plain.stdout)
    # The same glob written out whole, as a shell completes it.
    absolute = run("scorecard", "-c", str(folder / "cx.yaml"), "--date", "2026-11-25",
                   "-f", "json", "--orders", str(folder / "orders" / "*.csv"))
    assert absolute.exit_code == 0, absolute.output
    assert json.loads(absolute.stdout) == json.loads(plain.stdout)


@pytest.mark.parametrize("command", [("messages", "due"), ("refunds",), ("retention",),
                                     ("inserts",)])
def test_a_missing_file_a_command_does_not_read_is_a_warning_not_an_error(shop, command):
    config = shop / "cx.yaml"
    _set(config, "comments: comments.csv", "comments: nocomments.csv")
    result = run(*command, "-c", str(config))
    assert result.exit_code == 0, result.output
    assert (f"Warning: inputs.comments: input file {shop / 'nocomments.csv'} does not exist; "
            "this command does not read comments, but the commands that do will stop here"
            ) in result.stderr


@pytest.mark.parametrize("command", [("validate",), ("scorecard",), ("voc",), ("comments",)])
def test_the_commands_reading_the_input_still_stop_at_its_missing_file(shop, command):
    config = shop / "cx.yaml"
    _set(config, "comments: comments.csv", "comments: nocomments.csv")
    result = run(*command, "-c", str(config))
    assert result.exit_code == 2
    assert f"Error: input file {shop / 'nocomments.csv'} does not exist" in result.stderr
    assert f"inputs.comments at {config}:" in result.stderr


# --- 2. a title row above the header -------------------------------------------------------

def _tickets_with_a_title(shop: Path) -> Path:
    """The sample tickets as a workbook with "Ticket info" merged across row 1."""
    import csv

    import openpyxl

    rows = list(csv.reader((shop / "tickets.csv").open(encoding="utf-8", newline="")))
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Ticket info"])
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(rows[0]))
    for row in rows:
        sheet.append(row)
    path = shop / "tickets.xlsx"
    book.save(path)
    return path


HEADER_BELOW = ("Hint: the header must be on the first row; row {} looks like the header: "
                "delete the rows above it")


def test_a_workbook_with_a_title_row_says_where_the_header_is(shop):
    path = _tickets_with_a_title(shop)
    result = run("triage", "-c", str(shop / "cx.yaml"), "--tickets", str(path))
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"Error: tickets export {path} is missing 'ticket_id' (ticket_id)",
        HEADER_BELOW.format(2)]


def test_validate_says_where_the_header_is_too(shop):
    path = _tickets_with_a_title(shop)
    result = run("validate", "-c", str(shop / "cx.yaml"), "--tickets", str(path))
    assert result.exit_code == 2
    assert HEADER_BELOW.format(2).removeprefix("Hint: ") in result.output


@pytest.mark.parametrize("above", ["Ticket info\n", "Ticket info,,,,\n\n",
                                   "\ufeffExported 2026-11-30\n"])
def test_a_csv_with_rows_above_the_header_says_where_the_header_is(shop, above):
    path = shop / "tickets.csv"
    path.write_text(above + path.read_text(encoding="utf-8"), encoding="utf-8")
    result = run("triage", "-c", str(shop / "cx.yaml"))
    assert result.exit_code == 2
    assert HEADER_BELOW.format(above.count("\n") + 1) in result.stderr


def test_a_semicolon_csv_with_a_title_row_says_where_the_header_is(shop):
    path = shop / "tickets.csv"
    header = path.read_text(encoding="utf-8").splitlines()[0].replace(",", ";")
    path.write_text(f"Ticket info\n{header}\n", encoding="utf-8")
    result = run("triage", "-c", str(shop / "cx.yaml"))
    assert result.exit_code == 2
    assert HEADER_BELOW.format(2) in result.stderr


def test_a_header_that_is_only_wrong_keeps_the_mapping_hint(shop):
    path = shop / "tickets.csv"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("ticket_id,", "ticket,", 1), encoding="utf-8")
    result = run("triage", "-c", str(shop / "cx.yaml"))
    assert result.exit_code == 2
    assert "looks like the header" not in result.stderr
    assert "Hint: set columns.tickets.map.ticket_id in cx.yaml" in result.stderr


# --- 3. a template Jinja cannot compile ----------------------------------------------------

BROKEN = "Hi {{ buyer }},\n{% if carrier %}\nwe are on it.\n"  # no endif: Jinja stops at line 3
STALLED = ("messages due", "--date", "2026-11-29", "--stage", "tracking_stalled")


def test_a_syntax_error_in_the_seller_s_template_names_its_file_and_line(shop):
    own = shop / "my_templates" / "messages"
    own.mkdir(parents=True)
    (own / "tracking_stalled.txt.j2").write_text(BROKEN, encoding="utf-8")
    with (shop / "cx.yaml").open("a", encoding="utf-8") as fh:
        fh.write("templates: my_templates\n")
    result = run(*STALLED[0].split(), *STALLED[1:], "-c", str(shop / "cx.yaml"))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"Error: template {own / 'tracking_stalled.txt.j2'} line 3: Unexpected end of template.")
    assert "Hint: fix the Jinja syntax in the template" in result.stderr


def test_a_syntax_error_in_a_bundled_template_names_the_bundled_file(shop, tmp_path,
                                                                     monkeypatch):
    from cx_cli.render import templating
    from cx_cli.resources import templates_dir

    bundled = tmp_path / "bundled"
    shutil.copytree(templates_dir(), bundled)
    (bundled / "messages" / "tracking_stalled.txt.j2").write_text(BROKEN, encoding="utf-8")
    monkeypatch.setattr(templating, "templates_dir", lambda: bundled)
    result = run(*STALLED[0].split(), *STALLED[1:], "-c", str(shop / "cx.yaml"))
    assert result.exit_code == 2
    assert result.stderr.startswith(
        f"Error: template {bundled / 'messages' / 'tracking_stalled.txt.j2'} line 3: ")


# --- 4. narrow terminals -------------------------------------------------------------------

SAMPLE = ("-c", str(EXAMPLES / "cx.yaml"), "--date", "2026-11-29")
LABELS = ["Refund rate (cohort)", "First response median", "First response p90",
          "Unanswered tickets", "Missing-parts tickets", "Missing parts / 1k shipped",
          "Reviews", "Average rating", "Review words (mean)", "Detailed reviews",
          "Reviews with media", "Repeat rate 30d", "Repeat rate 60d", "Repeat rate 90d",
          "Negative comments"]


def _table_cells(text: str, column: int) -> list[str]:
    """The cells of one column of a rich table's body, a cell's lines joined."""
    cells: list[str] = []
    for line in text.splitlines():
        if "│" not in line:
            continue
        parts = [p.strip() for p in line.strip("│").split("│")]
        if column >= len(parts):
            continue
        value = parts[column]
        if parts[1].strip() or not cells:  # a row's first line has its figures
            cells.append(value)
        elif value:
            cells[-1] += ("" if cells[-1].endswith("-") else " ") + value
    return cells


@pytest.mark.parametrize("width", [50, 40])
def test_the_scorecard_keeps_names_and_figures_whole_at_a_narrow_terminal(monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    result = run("scorecard", *SAMPLE)
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert max(map(len, lines)) <= width
    table = "\n".join(lines[:lines.index("Moved the wrong way — the common fix:")])
    assert "…" not in result.stdout
    assert _table_cells(table, 0) == LABELS
    # Each week's figure and its change, whole, on the metric's row.
    this_week = _table_cells(table, 1)
    assert len(this_week) == len(LABELS) and "51.2 h" in this_week and "43.8%" in this_week
    assert "+15.6 pp" in _table_cells(table, 2)
    words = " ".join(result.stdout.split())
    assert "Left out at this width: Previous, 8 weeks (-f md has them)." in words


@pytest.mark.parametrize("width", [50, 40])
def test_refunds_keep_every_rate_and_sku_whole_at_a_narrow_terminal(monkeypatch, width):
    monkeypatch.setenv("COLUMNS", str(width))
    rows = json.loads(run("refunds", *SAMPLE, "-f", "json").stdout)
    result = run("refunds", *SAMPLE)
    assert result.exit_code == 0
    assert max(map(len, result.stdout.splitlines())) <= width
    assert "…" not in result.stdout
    assert _table_cells(result.stdout, 0) == [r["sku"] for r in rows]
    assert _table_cells(result.stdout, 2) == [f"{r['rate'] * 100:.1f}%" for r in rows]
    assert "FLAGGED" in result.stdout
    assert "Left out at this width: Refunded, 95% CI (-f md has them)." in " ".join(
        result.stdout.split())
    if width == 50:  # room for the SKUs on one line
        assert "│ SHELF-FLOAT-3PC │" in result.stdout


def test_a_wide_terminal_still_shows_every_column(monkeypatch):
    monkeypatch.setenv("COLUMNS", "120")
    result = run("refunds", *SAMPLE)
    assert "95% CI" in result.stdout and "Refunded" in result.stdout
    assert "Left out" not in result.stdout
