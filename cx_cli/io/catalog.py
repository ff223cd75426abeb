"""The product catalog (YAML or CSV, keyed by seller SKU).

SKUs that appear in orders but not here still work with their category's defaults;
``cx validate`` lists them. SKUs match exactly: an entry that differs from a sold SKU
only in case is named wherever that SKU is reported missing (``near_skus``).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
)

from cx_cli.errors import InputError
from cx_cli.io.sniff import XLSX_MAGIC, detect_delimiter, detect_encoding
from cx_cli.yaml_text import (
    NotUtf8,
    RepeatedKey,
    load_yaml,
    no_yes_no_for_numbers,
    yaml_mistake,
)

Category = Literal["consumable", "skincare", "apparel", "device", "accessory", "other"]

# Days after delivery before a review request, by category (SPEC §4).
REVIEW_DELAY_DAYS: dict[str, int] = {
    "consumable": 10, "skincare": 14, "apparel": 5, "device": 7, "accessory": 7, "other": 7,
}
DEFAULT_CATEGORY = "other"
DEFAULT_PROCESSING_DAYS = 2
SEE_FIELDS = "see the catalog fields in README (Product catalog)"
ONE_ENTRY_PER_SKU = "keep one entry per SKU: merge the two, or fix the SKU of one"


# A step number the seller wrote ("1. ", "2) ", "Step 3: ", "Step 1 of 3:", "(4) "):
# messages, replies and insert cards number quick_start steps and fixes themselves.
_STEP_NUMBER = re.compile(r"^(?:step\s*\d{1,2}(?:\s*(?:of|/)\s*\d{1,2})?\s*[.):\-–—]?|"
                          r"\d{1,2}\s*[.):]|\(\d{1,2}\))"
                          r"\s+(?=\S)", re.IGNORECASE)


class Product(BaseModel):
    model_config = ConfigDict(extra="forbid")

    sku: str
    name: str | None = None
    category: Category = DEFAULT_CATEGORY
    processing_days: int = Field(DEFAULT_PROCESSING_DAYS, ge=0, le=60)
    in_the_box: list[str] = Field(default_factory=list)
    quick_start: list[str] = Field(default_factory=list, max_length=3)
    common_issue: str | None = None
    fixes: list[str] = Field(default_factory=list)
    care_tips: str | None = None
    usage_cycle_days: float | None = Field(None, gt=0, le=3650)
    review_delay_days: int | None = Field(None, ge=0, le=365)
    checkin: bool | None = None
    locale: str | None = None

    @field_validator("processing_days", "usage_cycle_days", "review_delay_days", mode="before")
    @classmethod
    def _numbers_are_numbers(cls, value, info: ValidationInfo):
        return no_yes_no_for_numbers(cls, value, info)

    @field_validator("name", "common_issue", "care_tips", mode="before")
    @classmethod
    def _blank_is_none(cls, value):
        # "  " is no name: the product falls back to its SKU, a card to being skipped.
        if isinstance(value, str):
            return value.strip() or None
        return value

    @field_validator("category", mode="before")
    @classmethod
    def _category_any_case(cls, value):
        # "Skincare" in a spreadsheet catalog is skincare; a blank cell is the default.
        if isinstance(value, str):
            return value.strip().lower() or DEFAULT_CATEGORY
        return value

    @field_validator("in_the_box", "quick_start", "fixes", mode="before")
    @classmethod
    def _split_lists(cls, value):
        # In a CSV catalog a list is one cell separated by "|" or ";".
        if isinstance(value, str):
            sep = "|" if "|" in value else ";"
            return [v.strip() for v in value.split(sep) if v.strip()]
        # A YAML list with blank entries ("" or "  "): an insert card would print an
        # empty bullet or step, a message an empty line.
        if isinstance(value, list):
            return [v.strip() if isinstance(v, str) else v for v in value
                    if not (isinstance(v, str) and not v.strip())]
        return value

    @field_validator("quick_start", "fixes")
    @classmethod
    def _no_step_numbers(cls, value: list[str]) -> list[str]:
        # "1. Fill the tank" would print as "1. 1. Fill the tank": the number is dropped
        # once ("1.5 cups", "2 scoops" and "3:1" are no step numbers).
        return [_STEP_NUMBER.sub("", step, count=1) if isinstance(step, str) else step
                for step in value]

    @property
    def review_delay(self) -> int:
        if self.review_delay_days is not None:
            return self.review_delay_days
        return REVIEW_DELAY_DAYS[self.category]

    @property
    def display_name(self) -> str:
        return self.name or self.sku


class Catalog(dict[str, Product]):
    """sku -> Product; ``get_or_default`` never fails for an unknown SKU."""

    def get_or_default(self, sku: str) -> Product:
        return self.get(sku) or Product(sku=sku)


def near_skus(catalog: Iterable[str], skus: Iterable[str]) -> dict[str, str]:
    """Each SKU of ``skus`` the catalog lacks -> the catalog's SKU that differs from it
    only in case or surrounding spaces (``SERUM-30ML`` -> ``serum-30ml``).

    SKUs match exactly (they are ids): such an entry is never applied, and its orders
    get the category defaults, so whatever reports a SKU missing names the entry too.
    """
    entries = set(catalog)
    folded: dict[str, str] = {}
    for entry in sorted(entries):
        folded.setdefault(entry.strip().casefold(), entry)
    near = {}
    for sku in skus:
        entry = folded.get(str(sku).strip().casefold())
        if entry is not None and sku not in entries:
            near[str(sku)] = entry
    return near


def near_sku_note(sku: str, entry: str) -> str:
    """What to say about a SKU that ``near_skus`` found."""
    return (f"{sku} is not in the catalog; the catalog has {entry!r} — SKUs must match "
            "exactly (case too)")


def load_catalog(paths: list[Path]) -> Catalog:
    catalog = Catalog()
    source: dict[str, str] = {}  # sku -> the file (and entry) that gave it
    for path in paths:
        for sku, fields, where in _records(path):
            if sku in source:  # within one file the reader already said so
                raise InputError(f"product catalog {path}{where}: SKU '{sku}' is already in "
                                 f"{source[sku]}", ONE_ENTRY_PER_SKU)
            source[sku] = f"{path}{where}"
            named = fields.get("sku", sku)
            if str(named).strip() != sku:
                raise InputError(f"product catalog {path}{where}: SKU '{sku}' has a 'sku' "
                                 f"field that says {named!r}",
                                 "the key of an entry is its SKU: drop the 'sku' field, or "
                                 "move the entry under the SKU it names")
            try:
                catalog[sku] = Product.model_validate({**fields, "sku": sku})
            except ValidationError as exc:
                err = exc.errors()[0]
                key = ".".join(str(p) for p in err["loc"])
                if err["type"] in ("extra_forbidden", "invalid_key"):
                    problem = f"unknown field '{key}'"
                else:
                    problem = f"'{key}': {err['msg'].removeprefix('Value error, ')}"
                    if not isinstance(err.get("input"), dict | list):
                        problem += f" (found {_short(err['input'])})"
                raise InputError(f"product catalog {path}{where}: SKU '{sku}', {problem}",
                                 SEE_FIELDS) from None
    return catalog


def _short(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 4] + "...'"


def _records(path: Path):
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"product catalog {path} does not exist") from None
    except OSError as exc:
        raise InputError(f"cannot read product catalog {path}: {exc}") from None
    if data.startswith(XLSX_MAGIC):
        raise InputError(f"product catalog {path} is a workbook (XLSX); the catalog is YAML "
                         "or CSV", "in your spreadsheet: Save As, CSV UTF-8")
    yaml_file = path.suffix.lower() in (".yaml", ".yml")
    text = _decode(path, data, yaml_file)
    if not text.strip():
        raise InputError(f"product catalog {path} is empty")
    if yaml_file:
        yield from _yaml_records(path, text)
    else:
        yield from _csv_records(path, text)


def _decode(path: Path, data: bytes, yaml_file: bool) -> str:
    """UTF-8 (with or without BOM); a CSV also in the encodings the exports are read in
    (UTF-16, Windows' cp1252), as a spreadsheet saves it."""
    encoding = "utf-8-sig" if yaml_file else detect_encoding(data, whole=True)
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        line = data[:exc.start].count(b"\n") + 1
        raise InputError(f"product catalog {path} line {line}: not UTF-8 text",
                         NotUtf8.hint) from None


def _yaml_records(path: Path, text: str):
    try:
        # SKUs as written: YAML would read 007 as 7, 1.50 as 1.5 and YES as true.
        data = load_yaml(text, text_keys=True, text_values=frozenset({"sku"}))
    except RepeatedKey as repeated:
        raise InputError(f"product catalog {path} line {repeated.again}: {repeated}",
                         ONE_ENTRY_PER_SKU) from None
    except yaml.YAMLError as exc:
        line, problem = yaml_mistake(exc)
        where = f" line {line}" if line else ""
        raise InputError(f"product catalog {path}{where}: not valid YAML ({problem})") from None
    if isinstance(data, dict) and "products" in data and isinstance(data["products"], dict | list):
        others = [str(k) for k in data if k != "products"]
        if others:
            raise InputError(f"product catalog {path}: {', '.join(map(repr, others))} beside "
                             "the 'products:' section", "put every SKU under 'products:', "
                             "or leave that section out and key the file by SKU")
        data = data["products"]
    if isinstance(data, list):
        yield from _yaml_list_records(path, data)
        return
    if not isinstance(data, dict):
        raise InputError(f"product catalog {path}: expected a mapping of SKU -> fields "
                         "or a list of entries with a 'sku' key", SEE_FIELDS)
    for sku, fields in data.items():
        if sku is None or not str(sku).strip():
            raise InputError(f"product catalog {path}: an entry has no SKU (found the key "
                             f"{'null' if sku is None else repr(sku)})",
                             "key every entry by its seller SKU: SERUM-30ML: {name: ...}")
        if not isinstance(fields, dict):
            raise InputError(f"product catalog {path}: SKU '{sku}' should map to its fields")
        yield str(sku).strip(), fields, ""


def _yaml_list_records(path: Path, items: list):
    """A list of entries, each a mapping with its 'sku' and the product's fields."""
    first: dict[str, int] = {}
    for number, item in enumerate(items, start=1):
        where = f" entry {number}"
        if not isinstance(item, dict):
            raise InputError(f"product catalog {path}{where}: expected a mapping with a 'sku' "
                             f"key and the product's fields, found {item!r}", SEE_FIELDS)
        sku = "" if item.get("sku") is None else str(item["sku"]).strip()
        if not sku:
            raise InputError(f"product catalog {path}{where}: no 'sku' (found keys "
                             f"{', '.join(map(str, item)) or 'none'})",
                             "give every entry its seller SKU: - sku: SERUM-30ML")
        if sku in first:
            raise InputError(f"product catalog {path}{where}: SKU '{sku}' is already entry "
                             f"{first[sku]}", ONE_ENTRY_PER_SKU)
        first[sku] = number
        yield sku, {k: v for k, v in item.items() if k != "sku"}, where


def _csv_records(path: Path, text: str):
    """A row per SKU; a list field is one cell with its items separated by "|" or ";"."""
    # "|" separates a list field's items, so it is no delimiter here.
    delimiter = detect_delimiter(text.lstrip("\r\n").split("\n", 1)[0], (",", ";", "\t"))
    # strict: a quote never closed, or text after a closing quote, is an error rather
    # than cells silently run together.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records = _csv_rows(path, reader)
    header = next(records, (1, None))[1]
    names = [h.strip().lower() for h in header or []]
    if "sku" not in names:
        raise InputError(f"product catalog {path} has no 'sku' column"
                         + (f" (the header: {', '.join(map(repr, names))})" if names else ""),
                         SEE_FIELDS)
    twice = sorted({n for n in names if n and names.count(n) > 1})
    if twice:
        raise InputError(f"product catalog {path}: column '{twice[0]}' appears "
                         f"{names.count(twice[0])} times in the header",
                         "keep one column per field")
    first: dict[str, int] = {}
    for line_no, cells in records:
        cells = [c.strip() for c in cells]
        lost = [i for i, c in enumerate(cells) if c and (i >= len(names) or not names[i])]
        if lost:
            column = lost[0] + 1
            raise InputError(f"product catalog {path} row {line_no}: {cells[lost[0]]!r} in "
                             f"column {column}, which has no header"
                             + (f" (the header has {len(names)} columns)"
                                if lost[0] >= len(names) else ""),
                             "name the column, or quote a cell that holds the delimiter "
                             f"{delimiter!r}")
        clean = dict(zip(names, cells, strict=False))
        clean.pop("", None)
        sku = clean.pop("sku", "")
        fields = {k: v for k, v in clean.items() if v != ""}
        if not sku:
            if fields:  # a row of empty cells is spreadsheet padding, not a product
                raise InputError(f"product catalog {path} row {line_no}: no 'sku' (the row "
                                 f"has {', '.join(fields)})", "fill in the seller SKU")
            continue
        if sku in first:
            raise InputError(f"product catalog {path} row {line_no}: SKU '{sku}' is already "
                             f"in row {first[sku]}", ONE_ENTRY_PER_SKU)
        first[sku] = line_no
        yield sku, fields, f" row {line_no}"


def _csv_rows(path: Path, reader):
    """(row number, cells) of each record; a record csv cannot read is an InputError."""
    number = 1
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise InputError(f"product catalog {path} row {number}: cannot be read as CSV "
                             f"({exc})", "a cell that starts with a quote must end with one "
                             '(write a quote inside it as ""); or save the sheet as CSV '
                             "again") from None
        yield number, cells
        number += 1
