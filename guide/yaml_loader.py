"""Strict YAML reading for policy files: duplicate keys fail, dates stay text, numbers stay exact.

Besides the data, it returns the line of every node by its path, so schema errors (which carry a
dotted path) can point at a line.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import yaml


class YamlError(ValueError):
    def __init__(self, file: Path, line: int | None, path: str, en: str, zh: str):
        self.file, self.line, self.path, self.en, self.zh = file, line, path, en, zh
        where = f"{file}:{line}" if line else str(file)
        super().__init__(f"{where}: {path}: {en} / {zh}" if path else f"{where}: {en} / {zh}")


# libyaml's parser when PyYAML has it (about 10x faster; the constructors below are the same Python code).
class _Loader(yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader):
    pass


def _no_duplicates(loader: _Loader, node: yaml.MappingNode, deep: bool = False):
    seen: dict = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=deep)
        if key in seen:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key '{key}' (first at line {seen[key]})", key_node.start_mark
            )
        seen[key] = key_node.start_mark.line + 1
    return loader.construct_mapping(node, deep=deep)


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _no_duplicates)
# Dates are validated by the schema from their text; YAML's own timestamp type would accept 2025-1-5.
_Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda loader, node: loader.construct_scalar(node))
# Floats become exact decimals from the text as written: 0.0005 stays 0.0005.
_Loader.add_constructor("tag:yaml.org,2002:float", lambda loader, node: Decimal(loader.construct_scalar(node)))


def _lines(node: yaml.Node, prefix: tuple[str, ...], out: dict[tuple[str, ...], int]) -> None:
    out[prefix] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for k, v in node.value:
            key = (*prefix, str(k.value))
            out[key] = k.start_mark.line + 1
            _lines(v, key, out)
            out[key] = k.start_mark.line + 1  # the key's line reads better than the value's
    elif isinstance(node, yaml.SequenceNode):
        for i, v in enumerate(node.value):
            _lines(v, (*prefix, str(i)), out)


def load_yaml(file: Path) -> tuple[object, dict[tuple[str, ...], int]]:
    """(data, {path tuple: line}) for one file; YamlError with file and line on any syntax problem."""
    text = file.read_text(encoding="utf-8")
    loader = _Loader(text)
    try:  # one parse: the node tree gives the lines, the same tree is constructed into data
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        raise YamlError(file, line, "", f"YAML error: {exc.problem or exc}",
                        f"YAML 语法错误：{exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise YamlError(file, None, "", f"YAML error: {exc}", f"YAML 语法错误：{exc}") from None
    finally:
        loader.dispose()
    lines: dict[tuple[str, ...], int] = {}
    if node is not None:
        _lines(node, (), lines)
    return data, lines
