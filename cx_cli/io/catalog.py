"""The product catalog (YAML or CSV, keyed by seller SKU).

SKUs that appear in orders but not here still work with their category's defaults;
``cx validate`` lists them.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from cx_cli.errors import InputError
from cx_cli.yaml_text import RepeatedKey, load_yaml, yaml_mistake

Category = Literal["consumable", "skincare", "apparel", "device", "accessory", "other"]

# Days after delivery before a review request, by category (SPEC §4).
REVIEW_DELAY_DAYS: dict[str, int] = {
    "consumable": 10, "skincare": 14, "apparel": 5, "device": 7, "accessory": 7, "other": 7,
}
DEFAULT_CATEGORY = "other"
DEFAULT_PROCESSING_DAYS = 2
SEE_FIELDS = "see the catalog fields in README (Product catalog)"
ONE_ENTRY_PER_SKU = "keep one entry per SKU: merge the two, or fix the SKU of one"


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

    @field_validator("name", "common_issue", "care_tips", mode="before")
    @classmethod
    def _blank_is_none(cls, value):
        # "  " is no name: the product falls back to its SKU, a card to being skipped.
        if isinstance(value, str):
            return value.strip() or None
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


def load_catalog(paths: list[Path]) -> Catalog:
    catalog = Catalog()
    for path in paths:
        for sku, fields, where in _records(path):
            try:
                catalog[sku] = Product(sku=sku, **fields)
            except ValidationError as exc:
                err = exc.errors()[0]
                key = ".".join(str(p) for p in err["loc"])
                raise InputError(f"product catalog {path}{where}: SKU '{sku}', '{key}': "
                                 f"{err['msg']}", SEE_FIELDS) from None
    return catalog


def _records(path: Path):
    try:
        text = path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise InputError(f"product catalog {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"cannot read product catalog {path}: {exc}") from None
    if not text.strip():
        raise InputError(f"product catalog {path} is empty")
    if path.suffix.lower() in (".yaml", ".yml"):
        yield from _yaml_records(path, text)
    else:
        yield from _csv_records(path, text)


def _yaml_records(path: Path, text: str):
    try:
        data = load_yaml(text)
    except RepeatedKey as repeated:
        raise InputError(f"product catalog {path} line {repeated.again}: {repeated}",
                         ONE_ENTRY_PER_SKU) from None
    except yaml.YAMLError as exc:
        line, problem = yaml_mistake(exc)
        where = f" line {line}" if line else ""
        raise InputError(f"product catalog {path}{where}: not valid YAML ({problem})") from None
    if isinstance(data, dict) and "products" in data and isinstance(data["products"], dict | list):
        data = data["products"]
    if isinstance(data, list):
        yield from _yaml_list_records(path, data)
        return
    if not isinstance(data, dict):
        raise InputError(f"product catalog {path}: expected a mapping of SKU -> fields "
                         "or a list of entries with a 'sku' key", SEE_FIELDS)
    for sku, fields in data.items():
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
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or "sku" not in [f.strip().lower() for f in reader.fieldnames]:
        raise InputError(f"product catalog {path} has no 'sku' column")
    first: dict[str, int] = {}
    for line_no, row in enumerate(reader, start=2):
        clean = {k.strip().lower(): (v or "").strip() for k, v in row.items() if k}
        sku = clean.pop("sku")
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
