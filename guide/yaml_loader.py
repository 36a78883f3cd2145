"""Strict YAML reading for policy files: duplicate keys fail, dates stay text, numbers stay exact.

Besides the data, it returns the line of every node by its path, so schema errors (which carry a
dotted path) can point at a line.

Hostile or damaged files are refused before the data is built (issue 18), each with file, line and field
path: more than MAX_FILE_BYTES, bytes that are not UTF-8, nesting deeper than MAX_DEPTH (libyaml's
composer recurses in C and crashes the process on ~100,000 levels), anchors and aliases (an alias bomb
expands a few lines into gigabytes), merge keys, explicit tags, keys that are not plain text, and numbers
longer than MAX_NUMBER_CHARS or with an exponent beyond MAX_EXPONENT.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

MAX_FILE_BYTES = 1024 * 1024  # the largest real file is about 30 KB
MAX_DEPTH = 20  # the real files nest 6 deep
MAX_NUMBER_CHARS = 30
MAX_EXPONENT = 30
_INT_TAG, _FLOAT_TAG = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"


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


def _scan_text(text: str) -> None:
    loader = _Loader(text)
    try:
        _scan(loader)
    finally:
        loader.dispose()


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


class _Refused(Exception):
    """A limit broken while scanning the events: turned into a YamlError with the file."""

    def __init__(self, mark, path: list, en: str, zh: str):
        self.line = mark.line + 1 if mark else None
        self.path, self.en, self.zh = ".".join(str(p) for p in path), en, zh


def _read_text(file: Path) -> str:
    """The file as text: at most MAX_FILE_BYTES, valid UTF-8 (the line of the first bad byte otherwise)."""
    with open(file, "rb") as f:
        data = f.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise YamlError(file, None, "", f"the file is larger than {MAX_FILE_BYTES // 1024} KB",
                        f"文件超过 {MAX_FILE_BYTES // 1024} KB 的上限")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        byte = data[exc.start: exc.start + 1].hex()
        raise YamlError(file, line, "", f"the file is not valid UTF-8 (byte 0x{byte}); save it as UTF-8",
                        f"文件不是有效的 UTF-8 编码（字节 0x{byte}），请另存为 UTF-8") from None


def _check_number(event, loader: _Loader, path: list) -> None:
    """Plain scalars that YAML reads as numbers: bounded length and exponent, finite."""
    if event.style or not event.implicit[0]:
        return
    tag = loader.resolve(yaml.ScalarNode, event.value, (True, False))
    if tag not in (_INT_TAG, _FLOAT_TAG):
        return
    text = event.value.replace("_", "")
    if len(text) > MAX_NUMBER_CHARS:
        raise _Refused(event.start_mark, path, f"the number has more than {MAX_NUMBER_CHARS} characters",
                       f"数字超过 {MAX_NUMBER_CHARS} 个字符")
    if tag == _FLOAT_TAG:
        try:
            number = Decimal(text)
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite() or abs(number.adjusted()) > MAX_EXPONENT:
            raise _Refused(event.start_mark, path, f"'{event.value}' is not a number of a sensible size",
                           f"“{event.value}”不是大小合理的数字")


def _refuse_markup(event, path: list) -> None:
    """Anchors, aliases and explicit tags: never needed in a policy file, and the way to alias bombs."""
    if isinstance(event, yaml.AliasEvent):
        raise _Refused(event.start_mark, path, f"aliases (*{event.anchor}) are not allowed; write the value out",
                       f"不允许使用别名（*{event.anchor}），请直接写出取值")
    if getattr(event, "anchor", None):
        raise _Refused(event.start_mark, path, f"anchors (&{event.anchor}) are not allowed",
                       f"不允许使用锚点（&{event.anchor}）")
    if getattr(event, "tag", None) and not (isinstance(event, yaml.ScalarEvent) and event.tag == "!"):
        raise _Refused(event.start_mark, path, f"explicit tags ({event.tag}) are not allowed",
                       f"不允许使用显式类型标签（{event.tag}）")


def _scan(loader: _Loader) -> None:
    """Walk the event stream (flat, no recursion) and refuse what the limits forbid, before composing."""
    frames: list[list] = []  # [is_mapping, expecting_key, key (None before the first) or index]
    path: list = []
    while loader.check_event():
        event = loader.get_event()
        path = [f[2] for f in frames if f[2] is not None]
        _refuse_markup(event, path)
        if isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            frames.pop()
            _advance(frames)
        elif isinstance(event, (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            top = frames[-1] if frames else None
            if top is not None and top[0] and top[1]:  # a key
                if not isinstance(event, yaml.ScalarEvent):
                    raise _Refused(event.start_mark, path, "a key must be plain text", "键必须是普通文本")
                if event.value == "<<" and not event.style:
                    raise _Refused(event.start_mark, path, "merge keys (<<) are not allowed", "不允许使用合并键（<<）")
                top[1], top[2] = False, event.value
                continue
            if isinstance(event, yaml.ScalarEvent):
                _check_number(event, loader, path)
                _advance(frames)
            else:
                if len(frames) >= MAX_DEPTH:
                    raise _Refused(event.start_mark, path, f"nested more than {MAX_DEPTH} levels deep",
                                   f"嵌套超过 {MAX_DEPTH} 层")
                is_mapping = isinstance(event, yaml.MappingStartEvent)
                frames.append([is_mapping, True, None if is_mapping else 0])


def _advance(frames: list[list]) -> None:
    """A value is complete: a mapping expects its next key, a sequence its next index."""
    if frames:
        top = frames[-1]
        if top[0]:
            top[1] = True
        else:
            top[2] += 1


def load_yaml(file: Path) -> tuple[object, dict[tuple[str, ...], int]]:
    """(data, {path tuple: line}) for one file; YamlError with file, line and field on any problem."""
    text = _read_text(file)
    try:
        _scan_text(text)
    except _Refused as exc:
        raise YamlError(file, exc.line, exc.path, exc.en, exc.zh) from None
    except yaml.reader.ReaderError as exc:
        # libyaml reports a byte offset, the Python reader a character offset: find the character instead.
        line = text[: max(text.find(chr(exc.character)), 0)].count("\n") + 1
        raise YamlError(file, line, "", f"character #x{exc.character:04x} is not allowed in a YAML file",
                        f"YAML 文件中不允许出现字符 #x{exc.character:04x}") from None
    except yaml.YAMLError:
        pass  # a syntax error: reported with its line by the parse below
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
    except (TypeError, ValueError, ArithmeticError) as exc:  # a constructor refusing a value the scan let through
        raise YamlError(file, None, "", f"unreadable value: {exc}", f"无法读取的取值：{exc}") from None
    finally:
        loader.dispose()
    lines: dict[tuple[str, ...], int] = {}
    if node is not None:
        _lines(node, (), lines)
    return data, lines
