"""Reading the YAML files a seller writes (cx.yaml, the catalog, rules files) strictly.

Plain YAML keeps the last of two equal keys in one mapping, so a second ``inputs:``
section or a SKU given twice would silently replace the first: here it is an error
that says where both are.
"""

from __future__ import annotations

from typing import Any

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


def load_yaml(text: str) -> Any:
    """``yaml.safe_load(text)``, but a key given twice in a mapping is ``RepeatedKey``
    (a ``yaml.YAMLError`` stays one)."""
    return yaml.load(text, Loader=_UniqueKeyLoader)


def yaml_mistake(exc: yaml.YAMLError) -> tuple[int | None, str]:
    """Where (1-based line, None when the parser names none) and what a YAML error is,
    in one line rather than PyYAML's several with the text quoted."""
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    return (mark.line + 1 if mark is not None else None), problem
