"""Validation of all inputs: load each one, collect what was found, never stop at the first."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from cx_cli.config import Settings
from cx_cli.errors import InputError
from cx_cli.io.report import InputReport


@dataclass
class ValidationResult:
    reports: dict[str, InputReport] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # input -> fatal message
    error_files: dict[str, list[str]] = field(default_factory=dict)  # the files it named
    hints: dict[str, str] = field(default_factory=dict)
    catalog_skus: int | None = None
    missing_skus: list[str] = field(default_factory=list)
    # A missing SKU -> the catalog entry that differs from it only in case or spaces.
    near_skus: dict[str, str] = field(default_factory=dict)
    # Catalog SKUs that no order line has (a typo there is as silent as a missing one).
    unsold_skus: list[str] = field(default_factory=list)
    # A catalog entry's locale -> its SKUs (the languages the messages are written in).
    catalog_locales: dict[str, list[str]] = field(default_factory=dict)
    not_given: list[str] = field(default_factory=list)
    # Files in the templates folder cx never uses: {"file", "did_you_mean", "message"}.
    unused_templates: list[dict[str, str | None]] = field(default_factory=list)
    # Templates there that cannot render (syntax, unknown filter): {"file", "line", "message"}.
    broken_templates: list[dict[str, str | int]] = field(default_factory=list)

    @property
    def bad_rows(self) -> int:
        return sum(r.bad_rows for r in self.reports.values())

    def as_dict(self) -> dict:
        inputs: dict[str, dict] = {}
        for name, report in self.reports.items():
            inputs[name] = {**report.as_dict(), "error": None}
        for name, message in self.errors.items():
            inputs[name] = {"files": self.error_files.get(name, []), "rows": 0,
                            "duplicates_dropped": 0, "bad_rows": 0, "issues": [],
                            "error": message}
        return {
            "inputs": inputs,
            "catalog": {"skus": self.catalog_skus, "missing_skus": self.missing_skus,
                        "near_skus": self.near_skus, "unsold_skus": self.unsold_skus},
            "not_given": self.not_given,
            "templates": {"unused": self.unused_templates, "broken": self.broken_templates},
        }


def validate_inputs(settings: Settings, paths: dict[str, list[Path]]) -> ValidationResult:
    from cx_cli.io.catalog import load_catalog, near_skus
    from cx_cli.io.dataset import TABLE_INPUTS, load_dataset

    result = ValidationResult()
    orders = None
    for name in TABLE_INPUTS:
        if not paths.get(name):
            result.not_given.append(name)
            continue
        try:
            ds = load_dataset(settings, {name: paths[name]}, [name])
        except InputError as exc:
            result.errors[name] = exc.message
            result.error_files[name] = [str(p) for p in paths[name]]
            if exc.hint:
                result.hints[name] = exc.hint
            continue
        result.reports[name] = ds.reports[name]
        if name == "orders":
            orders = ds.orders
    if paths.get("products"):
        try:
            catalog = load_catalog(paths["products"])
            result.catalog_skus = len(catalog)
            for sku, product in catalog.items():
                if product.locale:
                    result.catalog_locales.setdefault(product.locale, []).append(sku)
            if orders is not None:
                sold = orders["sku"].dropna().unique().tolist()
                result.missing_skus = sorted(str(s) for s in sold if s not in catalog)
                result.near_skus = near_skus(catalog, result.missing_skus)
                if sold:  # (with no Seller SKU column every entry would be listed)
                    sold_set = set(sold)
                    result.unsold_skus = sorted(s for s in catalog if s not in sold_set)
        except InputError as exc:
            result.errors["products"] = exc.message
            result.error_files["products"] = [str(p) for p in paths["products"]]
            if exc.hint:
                result.hints["products"] = exc.hint
    else:
        result.not_given.append("products")
    return result
