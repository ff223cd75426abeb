"""Reading the YAML files a seller writes (cx.yaml, the catalog, rules files) strictly.

Plain YAML keeps the last of two equal keys in one mapping, so a second ``inputs:``
section or a SKU given twice would silently replace the first: here it is an error
that says where both are.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, get_args

import yaml

_BASE = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # the C parser when there is one


class RepeatedKey(ValueError):
    """A key given twice in one mapping: the key and the 1-based lines of both."""

    def __init__(self, key: object, first: int, again: int) -> None:
        super().__init__(f"'{key}' is given twice (first on line {first}); YAML would keep "
                         "only the second")
        self.key, self.first, self.again = key, first, again


class _UniqueKeyLoader(_BASE):  # type: ignore[misc, valid-type]
    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen: dict[object, int] = {}
        for key_node, _ in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                continue  # "<<: *defaults": merged by the base loader, keys may repeat
            key = self.construct_object(key_node, deep=deep)
            line = key_node.start_mark.line + 1
            if isinstance(key, str | int | float | bool) and key in seen:
                raise RepeatedKey(key, seen[key], line)
            seen[key] = line
        return super().construct_mapping(node, deep=deep)


# YAML 1.1 reads these plain scalars as numbers and booleans.
_TYPED_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("int", "float", "bool"))


class _TextKeyLoader(_UniqueKeyLoader):
    """Keys, and the values of ``text_values`` keys, as they are written: a seller SKU
    ``007`` or ``1.50`` is no number, and ``YES`` no boolean."""

    text_values: frozenset[str] = frozenset()

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        data = super().construct_mapping(node, deep=deep)
        out = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=deep)
            value = data[key]
            if _typed(key_node):
                key = key_node.value
            if key in self.text_values and _typed(value_node):
                value = value_node.value
            out[key] = value
        return out


def _typed(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag in _TYPED_TAGS


def load_yaml(text: str, text_keys: bool = False, text_values: frozenset[str] = frozenset(),
              ) -> Any:
    """``yaml.safe_load(text)``, but a key given twice in a mapping is ``RepeatedKey``
    (a ``yaml.YAMLError`` stays one).

    ``text_keys``: every key that YAML would read as a number or a boolean is kept as it
    is written, and so is the value of a key in ``text_values``.
    """
    if not text_keys:
        return yaml.load(text, Loader=_UniqueKeyLoader)
    loader = type("_Loader", (_TextKeyLoader,), {"text_values": text_values})
    return yaml.load(text, Loader=loader)


def yaml_mistake(exc: yaml.YAMLError) -> tuple[int | None, str]:
    """Where (1-based line, None when the parser names none) and what a YAML error is,
    in one line rather than PyYAML's several with the text quoted."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    return (mark.line + 1 if mark is not None else None), problem


def no_yes_no_for_numbers(model: Any, value: Any, info: Any) -> Any:
    """A pydantic "before" validator's body: ``value`` as it is, or a ValueError when it
    is a boolean given for a field of ``model`` that holds a number.

    YAML reads yes/no/on/off as booleans, and pydantic would take them as 1 and 0: a
    ``review_delay_days: no`` would become 0 days without a word.
    """
    if isinstance(value, bool):
        annotation = model.model_fields[info.field_name].annotation
        kinds = set(get_args(annotation)) or {annotation}
        if kinds & {int, float} and bool not in kinds:
            raise ValueError("expected a number, found a yes/no value")
    return value


def read_utf8(path: Path) -> str:
    """A hand-written file's text (UTF-8, with or without a BOM).

    Raises:
        NotUtf8: the file is in another encoding (Notepad's cp1252, Excel's UTF-16);
            it says on which line the first character that is not UTF-8 is.
    """
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise NotUtf8(data[:exc.start].count(b"\n") + 1) from None


class NotUtf8(ValueError):
    """A file that is not UTF-8 text; ``line`` holds its first other character."""

    hint = "save it as UTF-8 (in most editors: Save As, Encoding: UTF-8)"

    def __init__(self, line: int) -> None:
        super().__init__(f"line {line} is not UTF-8 text")
        self.line = line
