"""Hostile input for the example project: every text of the catalogue and chosen translations
replaced by text a prober would type, written into a copy of the project.

The catalogue is read with PyYAML's BaseLoader (every scalar is the text of the file, nothing of
Tarifa's is used) and written back with the property tests' small emitter; numbers, booleans and
dates keep their type, and every text field gets the payload.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from test_properties import to_yaml

#: Pieces of hostile text: markup (closed and unclosed), entities, quotes, template syntax,
#: Markdown, %-formats, bidi and control characters, astral characters, long runs.
PIECES = [
    "<img src=x onerror=alert(1)>",
    "<img src=x onerror=alert(2)",
    "<script>alert(3)</script>",
    '"><svg onload=alert(4)>',
    "</title><script>alert(5)</script>",
    "<!--",
    "]]>",
    "&lt;b&gt;",
    "&#x3C;i&#x3E;",
    "&amp;",
    "'",
    '"',
    "`",
    "{{ 7*7 }}",
    "{% raw %}",
    "{#",
    "[x](javascript:alert(6))",
    "*a*",
    "_b_",
    "# h",
    "|",
    "%",
    "100%",
    "%d",
    "%s",
    "%(tier)s",
    "%%",
    "\u202e",
    "\u2066",
    "\u200f",
    "\x1b[31m",
    "\n",
    "\t",
    "\x00",
    "🦈",
    "𝔘",
    "ﷺ",
    "عربي",
    "Ä",
    "a",
    " ",
]
_NUMBER = re.compile(r"(0|[1-9][0-9]*)")
_DECIMAL = re.compile(r"(0|[1-9][0-9]*)\.[0-9]+")
_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
#: Keys whose text is a proper name (no angle brackets allowed) or a free text.
NAME_PATHS = {("provider", "name"), ("models", "name")}
TEXT_KEYS = {"name", "summary", "description", "payment_methods", "values"}


def typed(value: str) -> Any:
    if value in ("true", "false"):
        return value == "true"
    if _NUMBER.fullmatch(value):
        return int(value)
    if _DECIMAL.fullmatch(value):
        return Decimal(value)
    if _DATE.fullmatch(value):
        return dt.date.fromisoformat(value)
    return value


def _fill(node: Any, path: tuple[str, ...], text: str, name: str) -> Any:
    if isinstance(node, dict):
        return {key: _fill(value, (*path, key), text, name) for key, value in node.items()}
    if isinstance(node, list):
        return [_fill(item, path, text, name) for item in node]
    value = typed(node)
    if not isinstance(value, str):
        return value
    section, key = (path[0] if path else ""), (path[-1] if path else "")
    if "values" in path and path[0] == "features":
        return text
    if key in TEXT_KEYS and section in ("provider", "tiers", "features", "models", "billing"):
        return name if (section, key) in NAME_PATHS else text
    return value


def hostile_catalogue(source: Path, dest: Path, text: str, name: str) -> None:
    """`source` with every free text replaced by `text` and every proper name by `name`; model
    names are numbered (two models may not share a name)."""
    with source.open(encoding="utf-8") as handle:
        data = yaml.load(handle, Loader=yaml.BaseLoader)
    data = _fill(data, (), text, name)
    for number, model in enumerate(data["models"]):
        model["name"] = f"{name} {number}" if name else f"{number}"
    dest.write_text(to_yaml(data), encoding="utf-8")


def po_string(text: str) -> str:
    """`text` as a `.po` string literal."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")
    return f'"{escaped}"'


def hostile_translation(po: Path, msgid: str, payload: str) -> str:
    """Put `payload` into the translation of `msgid` (after its text, so placeholders stay);
    returns the new translation."""
    lines = po.read_text(encoding="utf-8").split("\n")
    start = lines.index(f"msgid {po_string(msgid)}")
    number = start + 1
    assert lines[number].startswith("msgstr "), (msgid, lines[number])
    old = yaml.safe_load(lines[number][len("msgstr ") :])
    new = f"{old} {payload}"
    lines[number] = f"msgstr {po_string(new)}"
    po.write_text("\n".join(lines), encoding="utf-8")
    return new
