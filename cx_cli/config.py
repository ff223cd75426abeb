"""The cx.yaml configuration: validated with pydantic, unknown keys are errors.

Precedence for finding the file: ``--config`` > ``CX_CONFIG`` > ``./cx.yaml``; with
none of them cx runs on defaults and ``--orders/--tickets/...`` options. Relative
paths inside the file resolve against the file's folder.
"""

from __future__ import annotations

import re
from datetime import time
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import yaml
from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    ValidationError,
    ValidationInfo,
    field_validator,
    model_validator,
)

from cx_cli.config_path import CONFIG_FILE_NAME, find_config_path
from cx_cli.errors import ConfigError, did_you_mean
from cx_cli.markets import DEFAULT_MARKET, MARKETS, Market, known_markets, market_code
from cx_cli.resources import bundled
from cx_cli.yaml_text import (
    NotUtf8,
    RepeatedKey,
    load_yaml,
    no_yes_no_for_numbers,
    read_utf8,
    yaml_mistake,
)

INPUT_NAMES = ("orders", "returns", "tickets", "reviews", "comments", "products", "fixes")
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

PathSpec = str | list[str] | None


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="before")
    @classmethod
    def _numbers_are_numbers(cls, value: Any, info: ValidationInfo) -> Any:
        return no_yes_no_for_numbers(cls, value, info)


def _named(value: str, what: str) -> str:
    # An empty path would be the config's own folder: the ledger, the cache or the
    # reports written among the seller's files.
    if not value.strip():
        raise ValueError(f"is empty: give a {what} (relative to cx.yaml's folder)")
    return value


class SupportHours(_Strict):
    start: str = "09:00"
    end: str = "18:00"
    days: list[str] = Field(default_factory=lambda: list(WEEKDAYS[:5]))

    @field_validator("start", "end")
    @classmethod
    def _clock(cls, value: str) -> str:
        if not re.fullmatch(r"([01]?\d|2[0-3]):[0-5]\d", value):
            raise ValueError(f"expected a time like 09:00, found {value!r}")
        return value

    @field_validator("days")
    @classmethod
    def _days(cls, value: list[str]) -> list[str]:
        if not value:
            # No support day would be no support hour: every response time would read
            # 0 business hours, the best figure there is.
            raise ValueError("is empty: list the days support works, e.g. [mon, tue, wed, "
                             "thu, fri]")
        days = [d.lower()[:3] for d in value]
        bad = [d for d in days if d not in WEEKDAYS]
        if bad:
            raise ValueError(f"unknown day {bad[0]!r}; use mon, tue, wed, thu, fri, sat, sun")
        return days

    def start_time(self) -> time:
        return time.fromisoformat(self.start.zfill(5))

    def end_time(self) -> time:
        return time.fromisoformat(self.end.zfill(5))


class Shop(_Strict):
    name: str = "My TikTok Shop"
    market: str = DEFAULT_MARKET
    timezone: str | None = None
    day_first: bool | None = None
    decimal_comma: bool | None = None
    currency: str | None = None
    holidays: str | None = None
    locale: str = "en"
    support_hours: SupportHours | None = None
    dispatch_days: int = Field(2, ge=0, le=30)

    @model_validator(mode="after")
    def _market_locale(self) -> Shop:
        # A Mexican shop writes to its buyers in Spanish unless shop.locale says otherwise.
        if "locale" not in self.model_fields_set:
            self.locale = self.market_defaults.locale
        return self

    @field_validator("market")
    @classmethod
    def _market(cls, value: str) -> str:
        code = market_code(value)
        if code is None:
            raise ValueError(f"unknown market {value!r}; known: {known_markets()}")
        return code

    @field_validator("timezone")
    @classmethod
    def _tz(cls, value: str | None) -> str | None:
        if value is None:
            return value
        from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown timezone {value!r} (use an IANA name)") from None
        return value

    @property
    def market_defaults(self) -> Market:
        return MARKETS[self.market]

    @property
    def tz(self) -> str:
        return self.timezone or self.market_defaults.timezone

    @property
    def dayfirst(self) -> bool:
        return self.market_defaults.day_first if self.day_first is None else self.day_first

    @property
    def decimal_is_comma(self) -> bool:
        d = self.market_defaults.decimal_comma
        return d if self.decimal_comma is None else self.decimal_comma

    @property
    def currency_code(self) -> str:
        return self.currency or self.market_defaults.currency

    @property
    def holiday_country(self) -> str | None:
        value = self.holidays if self.holidays is not None else self.market_defaults.holidays
        return None if value.lower() in ("", "none") else value


class Inputs(_Strict):
    orders: PathSpec = None
    returns: PathSpec = None
    tickets: PathSpec = None
    reviews: PathSpec = None
    comments: PathSpec = None
    products: PathSpec = None
    fixes: PathSpec = None

    @field_validator("*")
    @classmethod
    def _not_empty(cls, value: PathSpec) -> PathSpec:
        # An empty path would be the config's own folder: every CSV there read as this input.
        paths = [value] if isinstance(value, str) else value or []
        if any(not p.strip() for p in paths):
            raise ValueError("is empty: give a file, a folder or a glob, or leave the key out")
        return value


class ColumnSpec(_Strict):
    preset: str | None = None
    map: dict[str, str] = Field(default_factory=dict)


class Columns(_Strict):
    orders: ColumnSpec = Field(default_factory=ColumnSpec)
    returns: ColumnSpec = Field(default_factory=ColumnSpec)
    tickets: ColumnSpec = Field(default_factory=ColumnSpec)
    reviews: ColumnSpec = Field(default_factory=ColumnSpec)
    comments: ColumnSpec = Field(default_factory=ColumnSpec)
    fixes: ColumnSpec = Field(default_factory=ColumnSpec)


class StageConfig(_Strict):
    """One message stage. Built-in stages take their defaults from the stage table."""

    enabled: bool | None = None
    anchor: Literal["paid_at", "rts_at", "shipped_at", "delivered_at"] | None = None
    # Days are bounded: beyond a year no message makes sense, and far beyond it no
    # calendar can hold the dates.
    offset_days: int | None = Field(None, ge=-365, le=365)
    window_days: int | None = Field(None, ge=0, le=365)
    template: str | None = None
    categories: list[str] | None = None
    # Extra conditions on a stage. Review-request stages filtered on rating,
    # sentiment, refunds or ticket outcome are review gating (lint CX105).
    filters: dict[str, Any] = Field(default_factory=dict)

    @field_validator("template")
    @classmethod
    def _template_name(cls, value: str | None) -> str | None:
        """The template's base name, also when written as its file (``spring.txt.j2``,
        ``messages/spring.txt.j2``): cx adds the folder, the variants and the suffix."""
        if value is None:
            return None
        name = value.strip().removeprefix("templates/").removeprefix("messages/")
        name = name.removesuffix(".j2").removesuffix(".txt")
        if not name or "/" in name or "\\" in name:
            raise ValueError(f"{value!r} is not a template name; write the file's name "
                             "without its folder and .txt.j2, e.g. spring_restock")
        return name


class Replenishment(_Strict):
    cycle: Literal["catalog", "observed"] = "catalog"


class Messages(_Strict):
    ledger: str = ".cx/ledger.sqlite"
    max_per_buyer_per_day: int = Field(2, ge=0)
    checkin_ticket_rate: float = Field(0.03, ge=0, le=1)
    replenish_at: float = Field(0.7, gt=0, le=5)
    channel: str = "tiktok_chat"
    stages: dict[str, StageConfig] = Field(default_factory=dict)
    replenishment: Replenishment = Field(default_factory=Replenishment)

    @field_validator("ledger")
    @classmethod
    def _ledger_named(cls, value: str) -> str:
        return _named(value, "file")


class Scorecard(_Strict):
    refund_lag_days: int = Field(14, ge=0, le=365)
    min_lines: int = Field(20, ge=1)
    detailed_words: int = Field(11, ge=1)
    weeks: int = Field(8, ge=1, le=104)


class Triage(_Strict):
    rules: str | None = None


class Comments(_Strict):
    rules: str | None = None
    escalate_after: int = Field(3, ge=1)
    cluster_days: int = Field(7, ge=1, le=365)


class Lint(_Strict):
    allow_domains: list[str] = Field(default_factory=list)
    disable: list[str] = Field(default_factory=list)

    @field_validator("allow_domains")
    @classmethod
    def _domains(cls, domains: list[str]) -> list[str]:
        # A link is allowed when its host is one of these or under one: a URL, a
        # wildcard or a blank here matches no host, so it would allow nothing.
        for domain in domains:
            name = domain.strip().lstrip(".")
            if not re.fullmatch(r"[\w-]+(\.[\w-]+)+", name):
                raise ValueError(f"{domain!r} is not a domain; write it as example.com "
                                 "(its subdomains are allowed with it)")
        return domains

    @field_validator("disable")
    @classmethod
    def _known_rules(cls, codes: list[str]) -> list[str]:
        # A code (CX201) or a prefix (CX2: every CX2xx rule) that turns some rule off: a
        # typo would otherwise leave the rule on without a word.
        from cx_cli.lint_codes import RULES

        for code in codes:
            wanted = code.strip().upper()
            if not wanted or not any(rule.startswith(wanted) for rule in RULES):
                raise ValueError(f"'{code}' is not a lint rule or a prefix of one; rules: "
                                 + ", ".join(RULES))
        return codes


class Voc(_Strict):
    weeks: int = Field(4, ge=1, le=52)
    min_lines: int = Field(20, ge=1)


class Retention(_Strict):
    min_repeaters: int = Field(20, ge=1)


class Reports(_Strict):
    out: str = "reports"
    redact: bool = False

    @field_validator("out")
    @classmethod
    def _out_named(cls, value: str) -> str:
        return _named(value, "folder")


class Cache(_Strict):
    enabled: bool = True
    dir: str = ".cx/cache"

    @field_validator("dir")
    @classmethod
    def _dir_named(cls, value: str) -> str:
        return _named(value, "folder")


class Settings(_Strict):
    shop: Shop = Field(default_factory=Shop)
    inputs: Inputs = Field(default_factory=Inputs)
    columns: Columns = Field(default_factory=Columns)
    messages: Messages = Field(default_factory=Messages)
    scorecard: Scorecard = Field(default_factory=Scorecard)
    triage: Triage = Field(default_factory=Triage)
    comments: Comments = Field(default_factory=Comments)
    lint: Lint = Field(default_factory=Lint)
    voc: Voc = Field(default_factory=Voc)
    retention: Retention = Field(default_factory=Retention)
    reports: Reports = Field(default_factory=Reports)
    # A folder of the seller's own templates; a file there overrides the bundled one
    # of the same name (e.g. review_request.consumable.txt.j2).
    templates: str | None = None
    cache: Cache = Field(default_factory=Cache)

    # Not part of the YAML: where the file was, so relative paths can be resolved.
    _path: Path | None = None
    _base_dir: Path = Path(".")

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def base_dir(self) -> Path:
        return self._base_dir

    def located(self, error: ConfigError) -> ConfigError:
        """``error`` about a key (its message starts with the dotted key, as in
        "messages.stages.spring: a new stage needs an anchor"), with the config file and
        the key's line in front when the key is written there."""
        key = error.message.split(":", 1)[0].split(" ", 1)[0]
        if "." not in key:
            return error
        line = self.line_of(*key.split("."))
        if line is None:
            return error
        return ConfigError(f"{self._path}:{line}: {error.message}", error.hint)

    def line_of(self, *loc: str | int) -> int | None:
        """The line of cx.yaml the key at ``loc`` ("inputs", "orders") is written on
        (an int: an item of a list), or None (no file, or the key is not in it)."""
        if self._path is None:
            return None
        try:
            root = yaml.compose(read_utf8(self._path), Loader=yaml.SafeLoader)
        except (OSError, ValueError, yaml.YAMLError):
            return None
        return yaml_line_of(root, loc)

    def resolve(self, value: str | Path) -> Path:
        """A path from the config, relative to the config file's folder."""
        p = Path(value).expanduser()
        return p if p.is_absolute() else self._base_dir / p


def load_settings(explicit: Path | None = None, cwd: Path | None = None) -> Settings:
    """Find, read and validate the configuration (defaults when there is none)."""
    path = find_config_path(explicit, cwd)
    if path is None:
        settings = Settings()
        settings._base_dir = (cwd or Path.cwd()).resolve()
        return settings
    return parse_settings_file(path)


def parse_settings_file(path: Path) -> Settings:
    if path.is_dir():
        inside = path / CONFIG_FILE_NAME
        raise ConfigError(
            f"config {path} is a folder; a {CONFIG_FILE_NAME} file is expected",
            f"pass --config {inside}" if inside.is_file() else
            f"pass the path of the {CONFIG_FILE_NAME} file, or run `cx init {path}` to write one",
        )
    if not path.is_file():
        # /dev/null, a pipe or a socket exists, but is no config file either.
        raise ConfigError(
            f"config file {path} " + ("is not a file" if path.exists() else "does not exist"),
            "pass --config PATH, set CX_CONFIG, or run `cx init` to write a starter cx.yaml",
        )
    try:
        text = read_utf8(path)
    except NotUtf8 as exc:
        raise ConfigError(f"{path}:{exc.line}: not UTF-8 text", exc.hint) from None
    except OSError as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from None
    settings = parse_settings_text(text, str(path))
    settings._path = path
    settings._base_dir = path.resolve().parent
    return settings


def parse_settings_text(text: str, source: str = "<config>") -> Settings:
    try:
        data = load_yaml(text)
    except RepeatedKey as repeated:
        raise ConfigError(f"{source}:{repeated.again}: key {repeated}",
                          "merge the two into one") from None
    except yaml.YAMLError as exc:
        line, problem = yaml_mistake(exc)
        where = f" line {line}" if line else ""
        raise ConfigError(f"{source}{where}: not valid YAML ({problem})") from None
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise ConfigError(f"{source}: expected a mapping of sections (shop, inputs, ...) at top")
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        root = yaml.compose(text, Loader=yaml.SafeLoader)  # node marks, for line numbers
        lines = []
        for err in exc.errors():
            loc = tuple(err["loc"])
            key = ".".join(str(p) for p in loc)
            line = yaml_line_of(root, loc)
            where = f"{source}:{line}" if line else source
            if err["type"] == "extra_forbidden":
                msg = f"unknown key '{key}'{did_you_mean(str(loc[-1]), _keys_beside(loc))}"
            else:
                msg = f"'{key}': {err['msg'].removeprefix('Value error, ')}"
                if ("input" in err and not isinstance(err["input"], dict | list)
                        and repr(err["input"]) not in msg):
                    msg += f" (found {err['input']!r})"
            lines.append(f"{where}: {msg}")
        raise ConfigError(
            "invalid configuration:\n  " + "\n  ".join(lines),
            f"every key is documented in {bundled('config.example.yaml')}",
        ) from None


def _keys_beside(loc: tuple[Any, ...]) -> list[str]:
    """The keys cx.yaml knows in the section that holds the key at ``loc``."""
    model: Any = Settings
    parts = list(loc[:-1])
    while parts:
        field = model.model_fields.get(str(parts.pop(0)))
        if field is None:
            return []
        model = _section_model(field.annotation)
        if isinstance(model, tuple):  # a mapping of names to sections: skip the name
            if not parts:
                return []
            parts.pop(0)
            model = model[0]
        if model is None:
            return []
    return list(model.model_fields)


def _section_model(annotation: Any) -> Any:
    """The section model a field holds (X, X | None), or (X,) for dict[str, X]."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    args = get_args(annotation)
    if get_origin(annotation) is dict and len(args) == 2:
        inner = _section_model(args[1])
        return (inner,) if inner is not None and not isinstance(inner, tuple) else None
    for arg in args:
        if isinstance(arg, type) and issubclass(arg, BaseModel):
            return arg
    return None


def yaml_line_of(node: Any, loc: tuple[Any, ...]) -> int | None:
    """Line number (1-based) of the YAML node at a pydantic error location."""
    line = None
    for part in loc:
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == str(part):
                    line = key_node.start_mark.line + 1
                    node = value_node
                    break
            else:
                return line
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            if part >= len(node.value):
                return line
            node = node.value[part]
            line = node.start_mark.line + 1
        else:
            return line
    return line
