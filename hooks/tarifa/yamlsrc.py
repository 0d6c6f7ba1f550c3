"""Read a YAML file into plain values, keeping where each value was written.

PyYAML resolves scalars by YAML 1.1 rules, where `no` is false, `010` is eight and `1.10` is the
float 1.1. A price list cannot afford that, so this module composes the node tree with PyYAML
and resolves plain scalars itself by the YAML 1.2 core schema: numbers with a fraction become
exact `Decimal`s, `no`/`on`/`yes` stay text, dates stay text for the schema to parse, and a
number with a leading zero stays text so that a number field refuses it. Duplicate keys, merge
keys and runaway alias expansion are reported instead of silently resolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, TarifaError

#: Path of a value inside the document: mapping keys and list indices.
KeyPath = tuple[str | int, ...]

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_INT_OCT_HEX = re.compile(r"0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"}
_NEG_INF = {"-.inf", "-.Inf", "-.INF"}
_NAN = {".nan", ".NaN", ".NAN"}

#: How many nodes alias expansion may produce before the file is refused ("billion laughs").
MAX_NODES = 2_000_000


def format_path(path: KeyPath) -> str:
    """`('models', 3, 'prices')` → `models[3].prices`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass
class Located:
    """A document's values and the (line, column) where each key path starts, 1-based."""

    file: str
    data: Any
    marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)
    key_marks: dict[KeyPath, tuple[int, int]] = field(default_factory=dict)

    def where(self, path: KeyPath, *, key: bool = False) -> tuple[int, int]:
        """The position of `path`, or of its nearest written ancestor."""
        table = self.key_marks if key else self.marks
        probe = tuple(path)
        while probe:
            if probe in table:
                return table[probe]
            if probe in self.marks:
                return self.marks[probe]
            probe = probe[:-1]
        return self.marks.get((), (1, 1))

    def problem(self, path: KeyPath, expected: str, found: str, *, key: bool = False) -> Problem:
        line, column = self.where(path, key=key)
        return Problem(self.file, line, column, format_path(path), expected, found)


def resolve_plain(text: str) -> Any:
    """Resolve a plain (unquoted) scalar by the YAML 1.2 core schema, exactly."""
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.fullmatch(text):
        return int(text)
    if _INT_OCT_HEX.fullmatch(text):
        return int(text, 0)
    if _FLOAT.fullmatch(text):
        return Decimal(text)
    if text in _INF:
        return Decimal("Infinity")
    if text in _NEG_INF:
        return Decimal("-Infinity")
    if text in _NAN:
        return Decimal("NaN")
    return text


class _Builder:
    def __init__(self, located: Located) -> None:
        self.located = located
        self.problems: list[Problem] = []
        self.count = 0

    def build(self, node: yaml.Node, path: KeyPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise _TooBig(node)
        mark = node.start_mark
        self.located.marks.setdefault(path, (mark.line + 1, mark.column + 1))
        if isinstance(node, yaml.ScalarNode):
            if node.tag not in ("tag:yaml.org,2002:str", "tag:yaml.org,2002:null") and not (
                node.tag.startswith("tag:yaml.org,2002:") and node.style is None
            ):
                self.problems.append(
                    self.located.problem(path, "a plain value (no YAML tags)", f"tag {node.tag}")
                )
            if node.style is None:
                return resolve_plain(node.value)
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [self.build(item, (*path, index)) for index, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path)
        raise AssertionError(f"unknown YAML node {node!r}")  # pragma: no cover

    def _mapping(self, node: yaml.MappingNode, path: KeyPath) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            key_column = key_node.start_mark.column + 1
            if key_node.tag == "tag:yaml.org,2002:merge":
                self.problems.append(
                    Problem(
                        self.located.file,
                        key_line,
                        key_column,
                        format_path(path),
                        "explicit keys (merge keys `<<` hide which value wins)",
                        "`<<`",
                    )
                )
                continue
            if not isinstance(key_node, yaml.ScalarNode):
                self.problems.append(
                    Problem(
                        self.located.file,
                        key_line,
                        key_column,
                        format_path(path),
                        "a text key",
                        "a list or mapping used as a key",
                    )
                )
                continue
            key = key_node.value
            if key in first_seen:
                self.problems.append(
                    Problem(
                        self.located.file,
                        key_line,
                        key_column,
                        format_path((*path, key)),
                        f"each key once (first written on line {first_seen[key]})",
                        f"key {key!r} again",
                    )
                )
                continue
            first_seen[key] = key_line
            self.located.key_marks[(*path, key)] = (key_line, key_column)
            result[key] = self.build(value_node, (*path, key))
        return result


class _TooBig(Exception):
    def __init__(self, node: yaml.Node) -> None:
        self.node = node


def load_located(path: Path, display: str | None = None) -> Located:
    """Load `path`; raise `TarifaError` naming every problem found on the way."""
    name = display or str(path)
    raw = path.read_bytes()
    problems: list[Problem] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raise TarifaError([Problem(name, 1, 1, "", "UTF-8 without a byte-order mark", "a byte-order mark")])
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        raise TarifaError(
            [
                Problem(
                    name,
                    line,
                    column,
                    "",
                    "UTF-8 text",
                    f"byte 0x{raw[error.start]:02x}, which is not UTF-8",
                )
            ]
        ) from None
    if not text.strip() or all(not row.strip() or row.lstrip().startswith("#") for row in text.splitlines()):
        raise TarifaError([Problem(name, 1, 1, "", "a YAML mapping of the catalogue", "an empty file")])
    for number, text_line in enumerate(text.splitlines(), start=1):
        stripped = text_line.lstrip(" ")
        if stripped.startswith("\t"):
            problems.append(
                Problem(
                    name,
                    number,
                    len(text_line) - len(stripped) + 1,
                    "",
                    "spaces for indentation",
                    "a tab character",
                )
            )
    if problems:
        raise TarifaError(problems)
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        what = " ".join(part for part in (error.context, error.problem) if part)
        raise TarifaError([Problem(name, line, column, "", "valid YAML", what)]) from None
    except yaml.YAMLError as error:  # pragma: no cover - PyYAML marks nearly everything
        raise TarifaError([Problem(name, 1, 1, "", "valid YAML", str(error))]) from None
    if node is None:
        raise TarifaError([Problem(name, 1, 1, "", "a YAML mapping of the catalogue", "an empty file")])
    located = Located(name, None)
    builder = _Builder(located)
    try:
        located.data = builder.build(node, ())
    except _TooBig as big:
        mark = big.node.start_mark
        raise TarifaError(
            [
                Problem(
                    name,
                    mark.line + 1,
                    mark.column + 1,
                    "",
                    f"at most {MAX_NODES:,} values after expanding aliases",
                    "more (aliases that multiply, as in a 'billion laughs' file)",
                )
            ]
        ) from None
    if builder.problems:
        raise TarifaError(builder.problems)
    return located
