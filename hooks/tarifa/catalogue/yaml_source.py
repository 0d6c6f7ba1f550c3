"""Read a YAML file into plain values, keeping where each value was written.

PyYAML resolves scalars by YAML 1.1 rules, where `no` is false, `010` is eight and `1.10` is the
float 1.1. A price list cannot afford that, so this module composes the node tree with PyYAML
(with every implicit type guess switched off) and resolves plain scalars itself by the YAML 1.2
core schema: numbers with a fraction become exact `Decimal`s, `no`/`on`/`yes` stay text, dates
stay text for the schema to parse, and a number with a leading zero stays text so that a number
field refuses it. Duplicate keys, merge keys, explicit tags, tabs, runaway alias expansion and
absurd nesting are reported instead of silently resolved, and every problem names the file, line,
column and key path.

Valid files are parsed by libyaml's C parser when PyYAML has it (five times faster on a
5,000-model catalogue); a file with any problem is read again by PyYAML's own parser, whose
messages the problems are worded from, so a refusal reads the same on every machine.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from yaml.composer import Composer
from yaml.constructor import SafeConstructor
from yaml.resolver import Resolver

from tarifa.problems import Problem, TarifaError

#: Path of a value inside the document: mapping keys and list indices.
KeyPath = tuple[str | int, ...]

_NULL = {"", "~", "null", "Null", "NULL"}
_TRUE = {"true", "True", "TRUE"}
_FALSE = {"false", "False", "FALSE"}
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_LEADING_ZERO = re.compile(r"[-+]?0[0-9]+")
_INT_OCT_HEX = re.compile(r"0o[0-7]+|0x[0-9a-fA-F]+")
_FLOAT = re.compile(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?")
_INF = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"}
_NEG_INF = {"-.inf", "-.Inf", "-.INF"}
_NAN = {".nan", ".NaN", ".NAN"}

#: Values that alias expansion may add beyond the values written in the file ("billion laughs").
ALIAS_BUDGET = 100_000
#: How deeply collections may nest (a catalogue needs 6 levels).
MAX_DEPTH = 32
#: Digits a plain number may have (Python refuses to read integers of more than 4,300 digits).
MAX_DIGITS = 40

_BOMS = {
    b"\xff\xfe\x00\x00": "UTF-32",
    b"\x00\x00\xfe\xff": "UTF-32",
    b"\xff\xfe": "UTF-16",
    b"\xfe\xff": "UTF-16",
}


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
    """Resolve a plain (unquoted) scalar by the YAML 1.2 core schema, exactly.

    Two deliberate differences: a number with a leading zero (`010`) stays text, because YAML 1.1
    tools read it as octal, and so do hexadecimal and octal numbers (`0x10`, `0o17`), which no
    price list means; the schema then refuses them wherever a number is expected.
    """
    if text in _NULL:
        return None
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    if _INT.fullmatch(text):
        return int(text)
    if _LEADING_ZERO.fullmatch(text):
        return text
    if _INT_OCT_HEX.fullmatch(text):
        return text  # 0x10 is 16 and 0o17 is 15 to YAML 1.2: a price list writes base 10 only
    if _FLOAT.fullmatch(text):
        return Decimal(text)
    if text in _INF:
        return Decimal("Infinity")
    if text in _NEG_INF:
        return Decimal("-Infinity")
    if text in _NAN:
        return Decimal("NaN")
    return text


class _TooDeep(Exception):
    def __init__(self, mark: yaml.Mark) -> None:
        self.mark = mark


class _Checks(Composer):
    """PyYAML's composer with no implicit typing, a nesting limit and a record of explicit tags.

    It reads events from either PyYAML's pure-Python parser (`_Loader`, whose error messages the
    problems are worded from) or libyaml's C parser (`_FastLoader`, five times faster on a large
    catalogue); both give the same events and marks.
    """

    yaml_implicit_resolvers: dict[Any, Any] = {}  # noqa: RUF012 - every plain scalar stays `str`

    def _start(self) -> None:
        self.depth = 0
        self.written = 0
        self.tagged: dict[int, str] = {}
        #: Where each alias is written: (id of the parent node, list index or id of the key node).
        self.aliases: dict[tuple[int, int], Any] = {}

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()  # type: ignore[attr-defined]
        if isinstance(event, yaml.AliasEvent):
            place = index if isinstance(index, int) else id(index)
            self.aliases[(id(parent), place)] = event.start_mark
            return super().compose_node(parent, index)
        self.depth += 1
        self.written += 1
        try:
            if self.depth > MAX_DEPTH:
                raise _TooDeep(event.start_mark)
            tag = getattr(event, "tag", None)
            node = super().compose_node(parent, index)
            if tag is not None:
                self.tagged[id(node)] = str(tag)
            return node
        finally:
            self.depth -= 1


class _Loader(_Checks, yaml.SafeLoader):
    def __init__(self, stream: str) -> None:
        yaml.SafeLoader.__init__(self, stream)
        self._start()


_FastLoader: Callable[[str], _Checks] = _Loader
if yaml.__with_libyaml__:
    from yaml._yaml import CParser

    class _CLoader(_Checks, CParser, SafeConstructor, Resolver):
        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            SafeConstructor.__init__(self)
            Resolver.__init__(self)
            Composer.__init__(self)
            self._start()

    _FastLoader = _CLoader


#: Where an alias that is being expanded was written: its key path and its position.
_Origin = tuple[KeyPath, Any]


class _TooBig(Exception):
    def __init__(self, origin: _Origin, deep: bool) -> None:
        self.origin = origin
        self.deep = deep


class _Builder:
    def __init__(self, located: Located, loader: _Checks) -> None:
        self.located = located
        self.tagged = loader.tagged
        self.aliases = loader.aliases
        self.budget = max(ALIAS_BUDGET, loader.written)
        self.problems: list[Problem] = []
        self.repeated = 0

    def build(self, node: yaml.Node, path: KeyPath, origin: _Origin | None = None) -> Any:
        """The value of `node`; `origin` is the alias this node is reached through, if any."""
        if origin is not None:
            self.repeated += 1
            if self.repeated > self.budget or len(path) > MAX_DEPTH:
                raise _TooBig(origin, deep=len(path) > MAX_DEPTH)
        mark = node.start_mark
        self.located.marks.setdefault(path, (mark.line + 1, mark.column + 1))
        if id(node) in self.tagged:
            tag = self.tagged[id(node)]
            self.problems.append(
                self.located.problem(
                    path,
                    "a plain value without a YAML tag (write text in quotes instead of !!str)",
                    f"the tag {tag.replace('tag:yaml.org,2002:', '!!')}",
                )
            )
        if isinstance(node, yaml.ScalarNode):
            if not node.style:  # plain: None from PyYAML, "" from libyaml
                return self._plain(node.value, path)
            return node.value
        if isinstance(node, yaml.SequenceNode):
            return [
                self.build(item, (*path, index), self._origin(origin, node, index, (*path, index)))
                for index, item in enumerate(node.value)
            ]
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, path, origin)
        raise AssertionError(f"unknown YAML node {node!r}")  # pragma: no cover

    def _origin(self, origin: _Origin | None, parent: yaml.Node, place: int, path: KeyPath) -> _Origin | None:
        if origin is not None:
            return origin
        mark = self.aliases.get((id(parent), place))
        return (path, mark) if mark is not None else None

    def _plain(self, text: str, path: KeyPath) -> Any:
        digits = sum(c.isdigit() for c in text)
        if digits > MAX_DIGITS and _FLOAT.fullmatch(text):
            self.problems.append(
                self.located.problem(path, f"a number of at most {MAX_DIGITS} digits", f"{digits} digits")
            )
            return None
        return resolve_plain(text)

    def _mapping(self, node: yaml.MappingNode, path: KeyPath, origin: _Origin | None) -> dict[str, Any]:
        result: dict[str, Any] = {}
        first_seen: dict[str, tuple[int, int]] = {}
        for key_node, value_node in node.value:
            key_line = key_node.start_mark.line + 1
            key_column = key_node.start_mark.column + 1
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
            if key_node.value == "<<" and not key_node.style:
                self.problems.append(
                    Problem(
                        self.located.file,
                        key_line,
                        key_column,
                        format_path(path),
                        "explicit keys (a merge key `<<` hides which value wins)",
                        "the merge key `<<`",
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
                        "each key once (first written at line {}, column {})".format(*first_seen[key]),
                        f"the key {key!r} again",
                    )
                )
                continue
            first_seen[key] = (key_line, key_column)
            self.located.key_marks.setdefault((*path, key), (key_line, key_column))
            child = (*path, key)
            result[key] = self.build(value_node, child, self._origin(origin, node, id(key_node), child))
        return result


# ── Where a broken file went wrong ──────────────────────────────────────────────────────
def path_at(text: str, line: int, column: int) -> KeyPath:
    """The key path being read at (line, column), from the YAML events that come before it.

    Used when the document cannot be composed (a syntax error, a byte that is not UTF-8): the
    events up to the problem are still well formed and say which key the editor was writing.
    """
    position = (line, column)
    stack: list[list[Any]] = []  # [is mapping, key or index, expecting a key, is a key itself]
    inside = False

    def at(mark: Any) -> tuple[int, int]:
        return (mark.line + 1, mark.column + 1) if mark is not None else (0, 0)

    def done() -> None:
        if stack:
            top = stack[-1]
            if top[0]:
                top[2] = True
            else:
                top[1] += 1

    try:
        for event in yaml.parse(text, Loader=_Loader):
            if at(event.start_mark) > position:
                break
            if isinstance(event, yaml.CollectionEndEvent):
                if not stack.pop()[3]:
                    done()
                continue
            if not isinstance(event, yaml.NodeEvent):
                continue
            top = stack[-1] if stack else None
            is_key = top is not None and top[0] and top[2]
            if top is not None and is_key:
                top[1] = event.value if isinstance(event, yaml.ScalarEvent) else "?"
                top[2] = False
            if isinstance(event, yaml.MappingStartEvent):
                stack.append([True, None, True, is_key])
            elif isinstance(event, yaml.SequenceStartEvent):
                stack.append([False, 0, False, is_key])
            elif at(event.end_mark) >= position:
                inside = True  # the problem sits inside this value, or right after it
                break
            elif not is_key:
                done()
    except yaml.YAMLError:
        pass
    path: list[str | int] = []
    for depth, (is_mapping, key_or_index, expecting_key, is_key) in enumerate(stack):
        if is_key:
            break
        if is_mapping:
            if expecting_key or key_or_index is None:
                break
            path.append(key_or_index)
        elif depth < len(stack) - 1 or inside:
            path.append(key_or_index)
        else:
            break
    return tuple(path)


_TOKENS = {
    "<block end>": "the end of the indented block",
    "<block mapping start>": "a key indented differently from the keys above it",
    "<block sequence start>": "a list item indented differently from the items above it",
    "<stream end>": "the end of the file",
    "<document start>": "a new document (---)",
    "<scalar>": "a value",
    "?": "a key",
    "-": "a list item '-'",
}
_CONTEXTS = {
    "block mapping": "the keys that start",
    "block collection": "the block that starts",
    "flow sequence": "the [ ] list that starts",
    "flow mapping": "the { } mapping that starts",
    "quoted scalar": "the quoted text that starts",
    "double-quoted scalar": "the quoted text that starts",
    "single-quoted scalar": "the quoted text that starts",
    "simple key": "the key that starts",
    "plain scalar": "the value that starts",
    "block scalar": "the block of text that starts",
}


def _where(mark: yaml.Mark | None) -> str:
    return f"at line {mark.line + 1}, column {mark.column + 1}" if mark is not None else ""


def _syntax(error: yaml.MarkedYAMLError, text: str) -> tuple[yaml.Mark | None, str, str]:
    """PyYAML's wording turned into where, what was expected and what was found."""
    problem = (error.problem or "").strip()
    context = (error.context or "").strip()
    mark = error.problem_mark or error.context_mark
    phrase = next((p for name, p in _CONTEXTS.items() if context.endswith(name)), "")
    inside = f" (in {phrase} {_where(error.context_mark)})" if phrase and error.context_mark else ""
    if problem == "found character '\\t' that cannot start any token":
        return mark, "spaces (a tab is not allowed here)", "a tab character"
    if match := re.fullmatch(r"found character '(.+)' that cannot start any token", problem):
        character = match.group(1)
        return mark, f"a value (one that starts with {character} must be put in quotes)", repr(character)
    if problem == "mapping values are not allowed here":
        return (
            mark,
            "one `key: value` per line, lined up with the keys above it "
            "(a value that contains ': ' must be put in quotes)",
            "a ':' where no key can start",
        )
    if problem == "found unexpected end of stream" and "quoted" in context and error.context_mark:
        quote = text[error.context_mark.index]
        return error.context_mark, f"a closing {quote} for the text that starts here", "the end of the file"
    if match := re.fullmatch(r"found undefined alias '(.+)'", problem):
        name = match.group(1)
        return mark, f"an anchor &{name} before its alias", f"only the alias *{name}"
    if context.startswith("found duplicate anchor"):
        name = context.split("'")[1] if "'" in context else ""
        first = _where(error.context_mark)
        return mark, f"each anchor once (&{name} is first written {first})", f"&{name} again"
    if context == "expected a single document in the stream":
        return mark, "a single YAML document", "a second document (a line '---' or '...')"
    if problem == "could not find expected ':'":
        return mark, f"a ':' after the key{inside}", "none"
    if match := re.fullmatch(r"expected (.+), but (?:found|got) (.+)", problem):
        expected, found = (part.strip("'") for part in match.groups())
        found = _TOKENS.get(found, repr(found))
        if expected == "<block end>" and phrase:
            return mark, f"lines indented to match {phrase} {_where(error.context_mark)}", found
        return mark, _TOKENS.get(expected, match.group(1)) + inside, found
    if problem.startswith("found "):
        return mark, f"valid YAML{inside}", problem.removeprefix("found ")
    return mark, f"valid YAML{inside}", problem or context or "a syntax error"


# ── Loading ───────────────────────────────────────────────────────────────────────────────
def _decode(name: str, raw: bytes) -> tuple[str, list[Problem]]:
    """The text of `raw`, with a problem for a byte-order mark and each line that is not UTF-8."""
    for bom, encoding in _BOMS.items():
        if raw.startswith(bom):
            raise TarifaError(
                [Problem(name, 1, 1, "", "UTF-8 text (save the file as UTF-8)", f"a {encoding} file")]
            )
    problems: list[Problem] = []
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
        problems.append(
            Problem(name, 1, 1, "", "UTF-8 without a byte-order mark", "a byte-order mark (EF BB BF)")
        )
    try:
        return raw.decode("utf-8"), problems
    except UnicodeDecodeError:
        pass
    text = raw.decode("utf-8", errors="replace")
    for number, row in enumerate(raw.split(b"\n"), start=1):
        try:
            row.decode("utf-8")
        except UnicodeDecodeError as error:
            column = len(row[: error.start].decode("utf-8", errors="replace")) + 1
            problems.append(
                Problem(
                    name,
                    number,
                    column,
                    format_path(path_at(text, number, column)),
                    "UTF-8 text (save the file as UTF-8)",
                    f"the byte 0x{row[error.start]:02x}, which is not UTF-8",
                )
            )
    raise TarifaError(problems)


def _tabs(name: str, text: str) -> list[Problem]:
    """Every tab of the file: tabs look like spaces but YAML tools disagree on what they mean."""
    problems = []
    spaced = text.replace("\t", " ")
    for number, row in enumerate(text.splitlines(), start=1):
        indent = len(row) - len(row.lstrip(" \t"))
        for index, char in enumerate(row):
            if char != "\t":
                continue
            expected = "spaces for indentation" if index < indent else "spaces (a tab is not allowed here)"
            where = format_path(path_at(spaced, number, index + 1))
            problems.append(Problem(name, number, index + 1, where, expected, "a tab character"))
            break  # one problem per line
    return problems


def _compose_fast(text: str) -> tuple[yaml.Node | None, _Checks | None]:
    """The node tree by libyaml's parser, or (None, None) when the text has any problem."""
    try:
        loader = _FastLoader(text)
        return loader.get_single_node(), loader
    except (yaml.YAMLError, _TooDeep):
        return None, None


def load_located(path: Path, display: str | None = None, raw: bytes | None = None) -> Located:
    """Load `path` (or `raw`, its bytes read already); raise `TarifaError` naming every problem
    found on the way."""
    name = display or str(path)
    if raw is None:
        try:
            raw = path.read_bytes()
        except OSError as error:
            found = (error.strerror or type(error).__name__).lower()
            raise TarifaError([Problem(name, 1, 1, "", "a readable YAML file", found)]) from None
    text, problems = _decode(name, raw)
    if all(not row.strip() or row.lstrip().startswith("#") for row in text.splitlines()):
        found = "an empty file" if not text.strip() else "only comments"
        raise TarifaError([*problems, Problem(name, 1, 1, "", "the catalogue's sections", found)])
    tabs = _tabs(name, text)
    if tabs:
        raise TarifaError(problems + tabs)
    node, loader = _compose_fast(text)
    try:
        if loader is None:  # broken: read it again with PyYAML, whose messages the problems use
            loader = _Loader(text)
            node = loader.get_single_node()
    except _TooDeep as deep:
        line, column = deep.mark.line + 1, deep.mark.column + 1
        raise TarifaError(
            [
                *problems,
                Problem(
                    name,
                    line,
                    column,
                    format_path(path_at(text, line, column)),
                    f"lists and mappings nested at most {MAX_DEPTH} deep",
                    "deeper nesting",
                ),
            ]
        ) from None
    except yaml.MarkedYAMLError as error:
        mark, expected, found = _syntax(error, text)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        where = format_path(path_at(text, line, column))
        raise TarifaError([*problems, Problem(name, line, column, where, expected, found)]) from None
    except yaml.reader.ReaderError as error:
        before = text[: error.position]
        line = before.count("\n") + 1
        column = error.position - (before.rfind("\n") + 1) + 1
        character = chr(error.character) if isinstance(error.character, int) else str(error.character)
        where = format_path(path_at(text.replace(character, " "), line, column))
        found = f"the control character U+{ord(character):04X}"
        raise TarifaError([*problems, Problem(name, line, column, where, "printable text", found)]) from None
    if node is None:
        raise TarifaError([*problems, Problem(name, 1, 1, "", "the catalogue's sections", "an empty file")])
    assert loader is not None
    located = Located(name, None)
    builder = _Builder(located, loader)
    try:
        located.data = builder.build(node, ())
    except _TooBig as big:
        alias_path, mark = big.origin
        if big.deep:
            expected = f"lists and mappings nested at most {MAX_DEPTH} deep"
            found = "deeper nesting through aliases"
        else:
            expected = f"aliases that repeat at most {builder.budget:,} values"
            found = "more: aliases that multiply (a 'billion laughs' file)"
        problem = Problem(name, mark.line + 1, mark.column + 1, format_path(alias_path), expected, found)
        raise TarifaError([*problems, problem]) from None
    problems += builder.problems
    if problems:
        raise TarifaError(problems)
    return located
