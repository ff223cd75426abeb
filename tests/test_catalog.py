"""The product catalog as sellers write it: SKUs kept as written, every cell read or the
file refused with the row and the reason, never a traceback."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from cx_cli.cli.main import app
from cx_cli.errors import InputError
from cx_cli.io.catalog import load_catalog

runner = CliRunner()


def catalog_file(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


def refused(path: Path) -> str:
    """The `Error:` line `cx validate` gives for the catalog (exit 2, no traceback)."""
    result = runner.invoke(app, ["validate", "--products", str(path)])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), \
        result.exception
    assert "Traceback" not in result.output
    return next(line for line in result.output.splitlines() if line.startswith("Error:"))


def test_yaml_skus_are_kept_as_written(tmp_path):
    # YAML 1.1 reads 007 as 7, 0012 as octal 10, 1.50 as 1.5 and YES as true: none of
    # them would match the Seller SKU column of the orders export.
    text = ("007: {name: Agent}\n'1.50': {name: Quoted}\n1.75: {name: Float}\n"
            "YES: {name: Yes box}\noff: {name: Off switch}\n2024: {name: Year}\n"
            "products_list: {name: Plain}\n")
    catalog = load_catalog([catalog_file(tmp_path, "products.yaml", text)])
    assert list(catalog) == ["007", "1.50", "1.75", "YES", "off", "2024", "products_list"]
    assert catalog["007"].name == "Agent"


def test_the_sku_of_a_list_entry_is_kept_as_written(tmp_path):
    path = catalog_file(tmp_path, "products.yaml",
                        "- sku: 0012\n  name: Twelve\n- sku: 1.50\n  name: Price tag\n")
    assert list(load_catalog([path])) == ["0012", "1.50"]


@pytest.mark.parametrize(("text", "expected"), [
    # a field key YAML reads as a number
    ("MUG-01:\n  name: Mug\n  1: x\n", "SKU 'MUG-01', unknown field '1'"),
    ("- sku: MUG-01\n  2: x\n", "entry 1: SKU 'MUG-01', unknown field '2'"),
    # a 'sku' field inside an entry keyed by another SKU
    ("MUG-01:\n  sku: LID-01\n  name: Mug\n", "SKU 'MUG-01' has a 'sku' field that says "
                                              "'LID-01'"),
    # no SKU at all
    ("~:\n  name: Mug\n", "an entry has no SKU (found the key null)"),
    ("'':\n  name: Mug\n", "an entry has no SKU (found the key '')"),
    # yes/no where a number belongs (pydantic would take them as 1 and 0)
    ("MUG-01: {review_delay_days: no}\n", "'review_delay_days': expected a number, found a "
                                          "yes/no value (found False)"),
    ("MUG-01: {usage_cycle_days: yes}\n", "'usage_cycle_days': expected a number"),
    ("MUG-01: {processing_days: on}\n", "'processing_days': expected a number"),
    # the products: section with something beside it, which would be dropped
    ("products:\n  MUG-01: {name: Mug}\nLID-01: {name: Lid}\n", "'LID-01' beside the "
                                                               "'products:' section"),
])
def test_yaml_catalog_mistakes_are_named(tmp_path, text, expected):
    path = catalog_file(tmp_path, "products.yaml", text)
    assert expected in refused(path)


def test_a_sku_field_that_repeats_its_key_is_fine(tmp_path):
    path = catalog_file(tmp_path, "products.yaml", "MUG-01:\n  sku: MUG-01\n  name: Mug\n")
    assert load_catalog([path])["MUG-01"].name == "Mug"


def test_a_wrong_value_is_quoted_in_the_error(tmp_path):
    path = catalog_file(tmp_path, "products.csv",
                        "sku,processing_days\nMUG-01,two\nLID-01," + "9" * 500 + "\n")
    error = refused(path)
    assert "row 2: SKU 'MUG-01', 'processing_days'" in error and "(found 'two')" in error


@pytest.mark.parametrize(("text", "expected"), [
    # a cell longer than Python's csv allows: was a csv.Error traceback
    ("sku,name\nMUG-01," + "x" * 200_000 + "\n", "row 2: cannot be read as CSV (field larger"),
    # a quote never closed swallowed the rest of the file into one cell
    ('sku,name,category\nMUG-01,"Mug,device\nLID-01,Lid,other\n',
     "row 2: cannot be read as CSV (unexpected end of data)"),
    # text after a closing quote was run together with the quoted text
    ('sku,name\nMUG-01,"Mug"gy\n', "row 2: cannot be read as CSV"),
    # two columns for one field: the second silently won
    ("sku,name,SKU\nMUG-01,Mug,LID-01\n", "column 'sku' appears 2 times in the header"),
    ("sku,name,Name \nMUG-01,Mug,Big mug\n", "column 'name' appears 2 times in the header"),
    # a value under no header, or past the last header: silently dropped
    ("sku,,name\nMUG-01,dishwasher safe,Mug\n",
     "row 2: 'dishwasher safe' in column 2, which has no header"),
    ("sku,name\nMUG-01,Mug,device\n",
     "row 2: 'device' in column 3, which has no header (the header has 2 columns)"),
])
def test_csv_catalog_cells_are_all_read_or_refused(tmp_path, text, expected):
    path = catalog_file(tmp_path, "products.csv", text)
    assert expected in refused(path)


@pytest.mark.parametrize(("name", "data"), [
    ("semicolon.csv", "sku;name;category\nMUG-01;Café mug;other\n".encode()),
    ("tab.csv", "sku\tname\tcategory\nMUG-01\tCafé mug\tother\n".encode()),
    ("excel.csv", "sku,name,category\nMUG-01,Café mug,other\n".encode("cp1252")),
    ("unicode.txt", "sku\tname\tcategory\nMUG-01\tCafé mug\tother\n".encode("utf-16")),
])
def test_csv_catalogs_load_as_spreadsheets_save_them(tmp_path, name, data):
    # The encodings and delimiters the exports are read in.
    path = catalog_file(tmp_path, name, data)
    product = load_catalog([path])["MUG-01"]
    assert (product.name, product.category) == ("Café mug", "other")


def test_a_category_is_read_in_any_case(tmp_path):
    # "Skincare" typed in a spreadsheet was refused; a blank cell is the default category.
    path = catalog_file(tmp_path, "products.csv",
                        "sku,category\nSERUM-01,Skincare\nTEE-01, APPAREL \nMUG-01,\n")
    catalog = load_catalog([path])
    assert [catalog[s].category for s in ("SERUM-01", "TEE-01", "MUG-01")] == [
        "skincare", "apparel", "other"]
    assert catalog["SERUM-01"].review_delay == 14
    assert "'category'" in refused(catalog_file(tmp_path, "bad.csv", "sku,category\nX,food\n"))


def test_a_workbook_is_said_to_be_one(tmp_path):
    path = catalog_file(tmp_path, "products.csv", b"PK\x03\x04" + b"\x00" * 40)
    assert "is a workbook (XLSX); the catalog is YAML or CSV" in refused(path)


def test_a_yaml_catalog_in_another_encoding_says_so(tmp_path):
    path = catalog_file(tmp_path, "products.yaml",
                        "MUG-01: {name: Mug}\nLID-01: {name: Café}\n".encode("cp1252"))
    assert refused(path) == f"Error: product catalog {path} line 2: not UTF-8 text"


def test_a_sku_in_two_catalog_files_is_an_error(tmp_path):
    folder = tmp_path / "catalog"
    folder.mkdir()
    catalog_file(folder, "a.yaml", "MUG-01: {name: Mug}\n")
    catalog_file(folder, "b.csv", "sku,name\nLID-01,Lid\nMUG-01,Big mug\n")
    with pytest.raises(InputError) as caught:
        load_catalog(sorted(folder.iterdir()))
    assert caught.value.message == (f"product catalog {folder / 'b.csv'} row 3: SKU 'MUG-01' "
                                    f"is already in {folder / 'a.yaml'}")


# --- a catalog key that differs from the Seller SKU only in case -----------------------

def sample_shop(tmp_path: Path, monkeypatch, catalog_edit=None) -> Path:
    """The sample shop in a temporary folder (the working folder), its catalog edited."""
    import shutil

    from cx_cli.resources import examples_dir

    shop = tmp_path / "shop"
    shutil.copytree(examples_dir(), shop, ignore=shutil.ignore_patterns(".cx"))
    if catalog_edit is not None:
        products = shop / "products.yaml"
        products.write_text(catalog_edit(products.read_text(encoding="utf-8")),
                            encoding="utf-8")
    monkeypatch.chdir(shop)
    return shop


def lowercase_serum(text: str) -> str:
    assert "\nSERUM-30ML:\n" in text
    return text.replace("\nSERUM-30ML:\n", "\nserum-30ml:\n")


NEAR_NOTE = ("SERUM-30ML is not in the catalog; the catalog has 'serum-30ml' — SKUs must "
             "match exactly (case too)")


def test_validate_names_the_catalog_entry_that_differs_only_in_case(tmp_path, monkeypatch):
    sample_shop(tmp_path, monkeypatch, lowercase_serum)
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert ("SKUs sold but not in the catalog (category defaults apply): SCRUNCHIE-6PK, "
            "SERUM-30ML") in lines
    assert NEAR_NOTE in lines
    # The entry matches no Seller SKU at all, which is said from the catalog's side too.
    assert ("Catalog SKUs no order has (check them against the orders' Seller SKU): "
            "serum-30ml") in lines

    data = runner.invoke(app, ["validate", "-f", "json"]).stdout
    import json

    catalog = json.loads(data)["catalog"]
    assert catalog["near_skus"] == {"SERUM-30ML": "serum-30ml"}
    assert catalog["unsold_skus"] == ["serum-30ml"]


def test_validate_lists_catalog_entries_no_order_has(tmp_path, monkeypatch):
    """A catalog SKU with a typo other than case (SERUM-30M) matches nothing either."""
    sample_shop(tmp_path, monkeypatch,
                lambda text: text + "SERUM-30M:\n  name: Serum\n  category: skincare\n")
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert ("Catalog SKUs no order has (check them against the orders' Seller SKU): "
            "SERUM-30M") in result.stdout.splitlines()
    assert "SKUs must match exactly" not in result.stdout


def test_the_sample_shop_has_no_catalog_notes(tmp_path, monkeypatch):
    sample_shop(tmp_path, monkeypatch)
    result = runner.invoke(app, ["validate"])
    assert result.exit_code == 0, result.output
    assert "SKUs must match exactly" not in result.stdout
    assert "Catalog SKUs no order has" not in result.stdout
    due = runner.invoke(app, ["messages", "due", "--date", "2026-11-20", "-f", "csv"])
    assert due.exit_code == 0, due.output
    assert "catalog" not in due.stderr


def test_messages_due_warns_of_a_catalog_entry_in_another_case(tmp_path, monkeypatch):
    """The serum's review delay and usage cycle are not applied while its key is written
    in another case: the run says so, rather than quietly sending other messages."""
    sample_shop(tmp_path, monkeypatch, lowercase_serum)
    due = runner.invoke(app, ["messages", "due", "--date", "2026-11-20", "-f", "csv"])
    assert due.exit_code == 0, due.output
    assert f"Warning: {NEAR_NOTE}, so its orders get the category defaults" in \
        " ".join(due.stderr.split())


def test_replies_and_inserts_name_the_entry_in_another_case(tmp_path, monkeypatch):
    sample_shop(tmp_path, monkeypatch, lowercase_serum)
    reply = runner.invoke(app, ["replies", "show", "damaged", "--sku", "SERUM-30ML"])
    assert reply.exit_code == 0, reply.output
    assert NEAR_NOTE in " ".join(reply.stderr.split())
    cards = runner.invoke(app, ["inserts", "SERUM-30ML", "-o", str(tmp_path / "cards.html")])
    assert cards.exit_code == 2
    assert "Hint: did you mean 'serum-30ml'?" in cards.output


def test_a_step_number_the_seller_wrote_is_dropped_once(tmp_path):
    """cx numbers quick_start steps and fixes itself: "1. Fill the tank" is read as
    "Fill the tank", from YAML and CSV alike; a number that is part of the text stays."""
    yaml_file = tmp_path / "products.yaml"
    yaml_file.write_text(
        "KETTLE:\n  quick_start: ['1. Fill the tank', 'Step 2: Plug it in', '3) Press start']\n"
        "  fixes: ['(1) Hold reset for 5 seconds', '1. 1. Numbered twice', "
        "'2 scoops per cup', '1.5 cups of water', 'Mix 3: 1 with water']\n")
    product = load_catalog([yaml_file])["KETTLE"]
    assert product.quick_start == ["Fill the tank", "Plug it in", "Press start"]
    assert product.fixes == ["Hold reset for 5 seconds", "1. Numbered twice",
                             "2 scoops per cup", "1.5 cups of water", "Mix 3: 1 with water"]
    csv_file = tmp_path / "products.csv"
    csv_file.write_text("sku,quick_start\nKETTLE,1. Fill the tank|STEP 2 - Plug it in|"
                        "Step 3 of 3: Press start\n")
    # "Step 3 of 3:" kept "of 3: Press start"
    assert load_catalog([csv_file])["KETTLE"].quick_start == ["Fill the tank", "Plug it in",
                                                               "Press start"]
