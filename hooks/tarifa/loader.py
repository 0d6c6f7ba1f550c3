"""Load a catalogue file into a `Catalog`, or explain every problem in it at once."""

from __future__ import annotations

import difflib
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from .catalog import Catalog, ChatModel, SpeechModel, Tool, TranscriptionModel, check_references
from .errors import Problem, TarifaError, describe
from .yamlsrc import KeyPath, Located, load_located

_KIND_CLASSES: dict[str, type[BaseModel]] = {
    "chat": ChatModel,
    "tts": SpeechModel,
    "asr": TranscriptionModel,
    "tool": Tool,
}

_EXPECTED = {
    "string_type": "text",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "int_parsing": "a whole number",
    "bool_type": "true or false",
    "dict_type": "a mapping of keys to values",
    "model_type": "a mapping of keys to values",
    "model_attributes_type": "a mapping of keys to values",
    "list_type": "a list",
    "date_type": "a date written YYYY-MM-DD",
    "date_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_parsing": "a date written YYYY-MM-DD",
    "date_from_datetime_inexact": "a date written YYYY-MM-DD",
    "decimal_type": "a decimal number",
    "decimal_parsing": "a decimal number",
}


def load_catalog(path: Path, display: str | None = None) -> Catalog:
    """Read, validate and cross-check the catalogue at `path`."""
    located = load_located(path, display)
    return validate(located)


def validate(located: Located) -> Catalog:
    if not isinstance(located.data, dict):
        raise TarifaError(
            [located.problem((), "a mapping of the catalogue's sections", describe(located.data))]
        )
    try:
        catalog = Catalog.model_validate(located.data)
    except ValidationError as error:
        raise TarifaError([_problem(located, e) for e in error.errors()]) from None
    references = check_references(catalog)
    if references:
        raise TarifaError([located.problem(r.path, r.expected, r.found) for r in references])
    return catalog


def _data_path(data: Any, loc: tuple[int | str, ...]) -> tuple[KeyPath, list[str]]:
    """Drop pydantic's union tags from `loc`, keeping the keys that exist in the document."""
    path: list[str | int] = []
    tags: list[str] = []
    current = data
    for part in loc:
        in_dict = isinstance(current, dict) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and part < len(current)
        if in_dict or in_list:
            path.append(part)
            current = current[part]
        elif isinstance(part, str) and part in _KIND_CLASSES:
            tags.append(part)
        else:
            path.append(part)
            current = None
    return tuple(path), tags


def _unwrap(annotation: Any) -> list[type[BaseModel]]:
    """The model classes that an annotation can hold (through lists, dicts and unions)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(annotation)[0])
    if origin in (list, typing.Union, types.UnionType):
        return [c for arg in typing.get_args(annotation) for c in _unwrap(arg)]
    if origin is dict:
        return _unwrap(typing.get_args(annotation)[1])
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return []


def _fields_at(path: KeyPath, tags: list[str]) -> list[str]:
    """Field names allowed at the mapping that `path` points into."""
    classes: list[type[BaseModel]] = [Catalog]
    tag_iter = iter(tags)
    for part in path:
        if isinstance(part, int):
            continue
        nested: list[type[BaseModel]] = []
        for cls in classes:
            field = cls.model_fields.get(part)
            if field is not None:
                nested.extend(_unwrap(field.annotation))
            elif part not in cls.model_fields and not cls.model_fields:
                nested.append(cls)
        if not nested:
            # a free-form key, such as a tier id inside `limits`: keep the mapping's value type
            continue
        if set(nested) >= set(_KIND_CLASSES.values()):
            kind = next(tag_iter, None)
            nested = [_KIND_CLASSES[kind]] if kind else nested
        classes = nested
    names: list[str] = []
    for cls in classes:
        names.extend(n for n in cls.model_fields if n not in names)
    return names


def _problem(located: Located, error: Any) -> Problem:
    path, tags = _data_path(located.data, tuple(error["loc"]))
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        name = str(path[-1])
        allowed = [n for n in _fields_at(path[:-1], tags)]
        close = difflib.get_close_matches(name, allowed, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}? " if close else ""
        return located.problem(
            path,
            f"one of the known fields ({', '.join(allowed)})",
            f"unknown field {name!r} ({hint.strip() or 'no close match'})".replace("? )", "?)"),
            key=True,
        )
    if kind == "missing":
        return located.problem(path[:-1], f"the required field {path[-1]!r}", "it missing", key=True)
    if kind == "union_tag_invalid":
        return located.problem(
            (*path, "kind"), f"kind one of {ctx.get('expected_tags', '')}", describe(ctx.get("tag"))
        )
    if kind == "union_tag_not_found":
        return located.problem(path, "a field 'kind' (chat, tts, asr or tool)", "no kind")
    if kind == "literal_error":
        return located.problem(path, f"one of {ctx.get('expected', '')}", describe(value))
    if kind == "string_pattern_mismatch":
        return located.problem(path, _pattern_text(str(ctx.get("pattern", ""))), describe(value))
    if kind in ("greater_than_equal", "greater_than", "less_than", "less_than_equal"):
        sign = {"greater_than_equal": "≥", "greater_than": ">", "less_than": "<", "less_than_equal": "≤"}[
            kind
        ]
        bound = next(iter(ctx.values()), "")
        return located.problem(path, f"a number {sign} {bound}", describe(value))
    if kind in ("too_short", "too_long", "string_too_short", "string_too_long"):
        return located.problem(path, error["msg"].replace("should have", "").strip().lower(), describe(value))
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
        expected, _, found = message.partition(", found ")
        return located.problem(path, expected, found or describe(value))
    expected = _EXPECTED.get(kind, error["msg"])
    found = describe(value)
    if kind.startswith("int") and isinstance(value, str) and value.lstrip("+-").startswith("0"):
        found += " (a leading zero is ambiguous: YAML 1.1 reads it as octal)"
    if kind == "string_type" and value is not None and not isinstance(value, (dict, list)):
        found += "; put it in quotes if it is meant as text"
    return located.problem(path, expected, found)


def _pattern_text(pattern: str) -> str:
    if pattern.startswith("^[a-z0-9]"):
        return "an id of lowercase letters, digits and hyphens"
    if pattern == "^[A-Z]{3}$":
        return "an ISO 4217 currency code of three capital letters"
    if pattern == "^[^<>]*$":
        return "a name without < or >"
    if pattern.startswith("^https"):
        return "an https:// address"
    return f"text matching {pattern}"
