"""Load a catalogue file into a `Catalog`, or explain every problem in it at once."""

from __future__ import annotations

import difflib
import re
import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel, TypeAdapter, ValidationError

from tarifa.catalogue.model import (
    CONTEXT_LABEL_PATTERN,
    DURATION_PATTERN,
    IMAGE_SIZE_PATTERN,
    KIND_PRICES,
    MODEL_ID_PATTERN,
    TIME_OF_DAY_PATTERN,
    AnyModel,
    Catalog,
    PriceEntry,
    Reference,
    check_references,
    entry_fields_of,
)
from tarifa.catalogue.yaml_source import KeyPath, Located, format_path, load_located
from tarifa.problems import Problem, TarifaError, describe

#: Each model kind and its class, in the order of `KIND_PRICES` (the order messages list them).
_KIND_CLASSES: dict[str, type[BaseModel]] = {
    typing.get_args(cls.model_fields["kind"].annotation)[0]: cls for cls in typing.get_args(AnyModel)
}
_KIND_CLASSES = {kind: _KIND_CLASSES[kind] for kind in KIND_PRICES}

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
_COMPARISONS = {
    "greater_than_equal": "a number of {} or more",
    "greater_than": "a number greater than {}",
    "less_than": "a number less than {}",
    "less_than_equal": "a number of at most {}",
}
#: Plain words that YAML 1.1 tools read as booleans; YAML 1.2 (and Tarifa) read them as text.
_YAML11_BOOLEANS = {"yes", "no", "on", "off", "y", "n"}


def load_catalog(path: Path, display: str | None = None, raw: bytes | None = None) -> Catalog:
    """Read (unless `raw` holds its bytes), validate and cross-check the catalogue at `path`."""
    located = load_located(path, display, raw)
    return validate(located)


def validate(located: Located) -> Catalog:
    if not isinstance(located.data, dict):
        raise TarifaError(
            [located.problem((), "a mapping of the catalogue's sections", describe(located.data))]
        )
    try:
        catalog = Catalog.model_validate(located.data)
    except ValidationError as error:
        raise TarifaError(_merge(located, error.errors()) + _partial_references(located)) from None
    references = check_references(catalog)
    if references:
        raise TarifaError([_reference(located, r) for r in references])
    return catalog


def _reference(located: Located, reference: Reference) -> Problem:
    # an unknown tier id inside `limits` or `values` is a key: point at the key, not its value
    key = reference.key or (len(reference.path) >= 2 and reference.path[-2] in ("limits", "values"))
    return located.problem(reference.path, reference.expected, reference.found, key=key)


#: Each list section of the catalogue and a validator of one of its items.
_SECTIONS = {
    name: TypeAdapter(typing.get_args(field.annotation)[0])
    for name, field in Catalog.model_fields.items()
    if typing.get_origin(field.annotation) is list
}


def _partial_references(located: Located) -> list[Problem]:
    """The cross-reference problems among the items that are valid by themselves.

    A file with schema problems still hears at once about its unknown tiers, duplicate ids and
    misordered dates. Items that failed validation are left out, and so is any reference to an
    id that only such an item has (its own problem is reported already).
    """
    sections: dict[str, list[Any]] = {}
    kept: dict[str, list[int]] = {}
    dropped: set[str] = set()
    for name, adapter in _SECTIONS.items():
        items = located.data.get(name, [])
        if not isinstance(items, list):
            return []
        sections[name], kept[name] = [], []
        for index, item in enumerate(items):
            try:
                sections[name].append(adapter.validate_python(item))
                kept[name].append(index)
            except ValidationError:
                if isinstance(item, dict) and isinstance(item.get("id"), str):
                    dropped.add(item["id"])
    values: dict[str, Any] = {"currency": located.data.get("currency"), **sections}
    partial = Catalog.model_construct(**values)
    problems = []
    for reference in check_references(partial):
        if reference.path[-1] in dropped or any(repr(ident) in reference.found for ident in dropped):
            continue
        section, place, *rest = reference.path
        if section in kept and isinstance(place, int):
            place = kept[str(section)][place]
        found = re.sub(
            r"\b(\w+)\[(\d+)\]",
            lambda m: f"{m[1]}[{kept[m[1]][int(m[2])]}]" if m[1] in kept else m[0],
            reference.found,
        )
        problems.append(_reference(located, Reference((section, place, *rest), reference.expected, found)))
    return problems


def _merge(located: Located, errors: list[Any]) -> list[Problem]:
    """One problem per error, except that the members of a union (such as a feature value, true,
    false or text) that all refuse the same value make one problem together."""
    problems: list[Problem] = []
    unions: dict[str, Problem] = {}
    for error in errors:
        problem = problem_of(located, error)
        if not _data_path(located.data, tuple(error["loc"]))[2]:
            problems.append(problem)
            continue
        first = unions.get(problem.path)
        if first is None or first.expected == problem.expected:
            unions[problem.path] = first or problem
            continue
        found = max(first.found, problem.found, key=len)
        expected = f"{first.expected}, or {problem.expected}"
        unions[problem.path] = Problem(first.file, first.line, first.column, first.path, expected, found)
    return problems + list(unions.values())


def _data_path(data: Any, loc: tuple[int | str, ...]) -> tuple[KeyPath, list[str], bool]:
    """Drop pydantic's union tags from `loc`, keeping the keys that exist in the document.

    Returns the path, the model kinds met on the way, and whether the error came from one member
    of a union of plain types (such as `bool` in `bool | str`).
    """
    path: list[str | int] = []
    tags: list[str] = []
    member = False
    current = data
    for index, part in enumerate(loc):
        in_dict = isinstance(current, dict) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and part < len(current)
        if in_dict or in_list:
            path.append(part)
            current = current[part]
        elif isinstance(part, str) and part in _KIND_CLASSES:
            tags.append(part)
        elif isinstance(current, dict) and index == len(loc) - 1:
            path.append(part)  # a missing or unknown field
            current = None
        else:
            # the name of a union member (`bool`, `constrained-str`) after the value was reached
            member = True
    return tuple(path), tags, member


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
    kind: str | None = None
    for part in path:
        if isinstance(part, int):
            continue
        nested: list[type[BaseModel]] = []
        for cls in classes:
            field = cls.model_fields.get(part)
            if field is not None:
                nested.extend(_unwrap(field.annotation))
        if not nested:
            # a free-form key, such as a tier id inside `limits`: keep the mapping's value type
            continue
        if set(nested) >= set(_KIND_CLASSES.values()):
            kind = next(tag_iter, None)
            nested = [_KIND_CLASSES[kind]] if kind else nested
        classes = nested
    if classes == [PriceEntry] and kind is not None:
        return entry_fields_of(kind)  # a chat model's price: not the fields of a tool's
    names: list[str] = []
    for cls in classes:
        names.extend(n for n in cls.model_fields if n not in names)
    if "kind" in names and "id" in names:  # a model's id and kind first, as catalogues write them
        names.remove("kind")
        names.insert(names.index("id") + 1, "kind")
    return names


def _value_at(data: Any, path: KeyPath) -> Any:
    for part in path:
        in_dict = isinstance(data, dict) and part in data
        if in_dict or (isinstance(data, list) and isinstance(part, int) and part < len(data)):
            data = data[part]
        else:
            return None
    return data


def _closest(name: str, options: list[str]) -> str | None:
    close = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    return close[0] if close else None


def problem_of(located: Located, error: Any) -> Problem:
    """One pydantic validation error as a problem line, worded for people (comparisons use it too)."""
    path, tags, _ = _data_path(located.data, tuple(error["loc"]))
    kind = error["type"]
    value = error.get("input")
    ctx = error.get("ctx") or {}
    if kind == "extra_forbidden":
        name = str(path[-1])
        allowed = _fields_at(path[:-1], tags)
        close = _closest(name, allowed)
        hint = f"did you mean {close!r}?" if close else "no known field is close"
        expected = f"one of the known fields ({', '.join(allowed)})"
        return located.problem(path, expected, f"the unknown field {name!r} ({hint})", key=True)
    if kind == "missing":
        name = str(path[-1])
        written = _value_at(located.data, path[:-1])
        found = "no such field"
        if isinstance(written, dict):
            unknown = [k for k in written if k not in _fields_at(path[:-1], tags)]
            lookalike = _closest(name, unknown)
            if lookalike is not None:
                line, _ = located.where((*path[:-1], lookalike), key=True)
                found += f", only {lookalike!r} on line {line}, which looks misspelt"
        return located.problem(path[:-1], f"the required field {name!r}", found, key=True)
    if kind == "union_tag_invalid":
        written = _value_at(located.data, (*path, "kind"))
        return located.problem(
            (*path, "kind"), _one_of(list(_KIND_CLASSES)), _did_you_mean(written, list(_KIND_CLASSES))
        )
    if kind == "union_tag_not_found":
        return located.problem(
            path, f"the required field 'kind' ({', '.join(_KIND_CLASSES)})", "no such field", key=True
        )
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        options = [o.strip("'") for o in expected.replace(" or ", ", ").split(", ")]
        expected = f"one of {expected}" if " " in expected else expected
        if path == ("schema_version",):
            expected += " (the only format version this Tarifa reads)"
        return located.problem(path, expected, _did_you_mean(value, options))
    if kind == "string_pattern_mismatch":
        # a mapping's key that breaks the pattern (a cache duration `5min`): point at the key
        on_key = error["loc"][-1] == "[key]"
        return located.problem(path, _pattern_text(str(ctx.get("pattern", ""))), describe(value), key=on_key)
    if kind in _COMPARISONS:
        bound = next(iter(ctx.values()), "")
        return located.problem(path, _COMPARISONS[kind].format(bound), describe(value))
    if kind in ("too_short", "too_long"):
        limit = ctx.get("min_length" if kind == "too_short" else "max_length")
        word = "least" if kind == "too_short" else "most"
        items = "item" if limit == 1 else "items"
        actual = ctx.get("actual_length", len(value) if isinstance(value, list | dict) else "")
        container = "mapping" if isinstance(value, dict) else "list"
        if container == "mapping":
            items = "entry" if limit == 1 else "entries"
        found = f"an empty {container}" if actual == 0 else f"{actual} {'item' if actual == 1 else 'items'}"
        return located.problem(path, f"a {container} of at {word} {limit} {items}", found)
    if kind in ("string_too_short", "string_too_long"):
        if kind == "string_too_short":
            return located.problem(path, "some text", "only spaces" if value else "empty text")
        limit = ctx.get("max_length")
        return located.problem(path, f"text of at most {limit} characters", f"{len(str(value))} characters")
    if kind == "value_error":
        message = str(ctx.get("error", error["msg"]))
        expected, _, found = message.partition(", found ")
        return located.problem(path, expected, found or describe(value))
    expected = _EXPECTED.get(kind, error["msg"])
    found = describe(value)
    if kind.startswith("int") and isinstance(value, str) and re.match(r"[-+]?0[xXoObB]", value):
        found += " (write whole numbers in base 10: 0x is hexadecimal, 0o octal)"
    elif kind.startswith("int") and isinstance(value, str) and value.lstrip("+-").startswith("0"):
        found += " (a leading zero is ambiguous: YAML 1.1 reads it as octal)"
    if kind == "bool_type" and isinstance(value, str):
        if value.lower() in _YAML11_BOOLEANS:
            found += " (YAML 1.1 tools read it as a boolean; write true or false)"
        elif value.lower() in ("true", "false"):
            found += " (in quotes, so text; write it without quotes)"
    if kind == "string_type" and value is not None and not isinstance(value, dict | list):
        found += "; put it in quotes if it is meant as text"
    if kind.startswith("date") and ctx.get("error"):
        found += f" ({ctx['error']})"
    return located.problem(path, expected, found)


def _did_you_mean(value: Any, options: list[str]) -> str:
    close = _closest(value, options) if isinstance(value, str) else None
    return describe(value) + (f" (did you mean {close!r}?)" if close else "")


def _one_of(options: list[str]) -> str:
    quoted = [repr(o) for o in options]
    return f"one of {', '.join(quoted[:-1])} or {quoted[-1]}"


#: What the catalogue's patterns mean, in words.
_PATTERNS = {
    MODEL_ID_PATTERN: "a model id as your API takes it (letters, digits and . _ : / @ + -, "
    "starting with a letter or digit)",
    DURATION_PATTERN: "a cache duration such as 5m or 1h (a whole number, then s, m, h or d)",
    TIME_OF_DAY_PATTERN: "a time of day on the 24-hour clock, 00:00 to 23:59, such as 16:30",
    IMAGE_SIZE_PATTERN: "an image size in pixels written WIDTHxHEIGHT, such as 1024x1024",
    CONTEXT_LABEL_PATTERN: "a length as you write it elsewhere, such as 128k, 1M or 32768",
}


def _pattern_text(pattern: str) -> str:
    if pattern in _PATTERNS:
        return _PATTERNS[pattern]
    if pattern.startswith("^[a-z0-9]"):
        return "an id of lowercase letters and digits, joined by single hyphens or dots"
    if pattern == "^[A-Z]{3}$":
        return "an ISO 4217 currency code of three capital letters"
    if pattern.startswith("^[^<>"):
        return "a name on one line, without < or > or control characters"
    if pattern.startswith("^[^"):
        return "text on one line, without control characters"
    if pattern.startswith("^https"):
        return "an https:// address"
    if pattern.startswith("^(https"):
        return "an https:// or mailto: address"
    return f"text matching {pattern}"


__all__ = ["format_path", "load_catalog", "validate"]
