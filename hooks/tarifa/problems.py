"""Problems a person can act on: file, line, column, key path, expected, found."""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

#: Characters that would break a problem's line or act on the terminal: control characters
#: (line breaks, ESC), Unicode line separators and bidi controls (which reorder what follows).
UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
#: The longest part of a problem line (key path, expected, found) before it is cut.
PART_LIMIT = 300
#: How many known names a problem lists before it names only the closest ones.
LIST_LIMIT = 12


def safe(text: str, limit: int = PART_LIMIT) -> str:
    """`text` as one printable line: unsafe characters as escapes (`\\n`, `\\x1b`, `\\u202e`),
    at most `limit` characters, the cut said.

    >>> safe("a\\nb\\x1b[31m")
    'a\\\\nb\\\\x1b[31m'
    >>> safe("x" * 400, 10)
    'xxxxxxxxxx… (390 more characters)'
    """
    cut = ""
    if len(text) > limit:
        cut = f"… ({len(text) - limit:,} more characters)"
        text = text[:limit]
    return UNSAFE.sub(_escape, text) + cut


def _escape(match: re.Match[str]) -> str:
    character = match.group(0)
    named = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}
    if character in named:
        return named[character]
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def did_you_mean(name: object, known: Sequence[str]) -> str:
    """`name` as found, and the closest known name if one is close: `'nope' (did you mean 'heron'?)`."""
    text = repr(name) if isinstance(name, str) else describe(name)
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.6) if isinstance(name, str) else []
    return f"{text} (did you mean {close[0]!r}?)" if close else text


def some_of(known: Sequence[str], what: str) -> str:
    """The known names, or only how many there are when they are too many to list on one line."""
    if len(known) <= LIST_LIMIT:
        return ", ".join(known)
    return f"{len(known):,} {what}, such as {', '.join(known[:3])}"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with an input file, located as precisely as the source allows."""

    file: str
    line: int
    column: int
    path: str
    expected: str
    found: str

    def __str__(self) -> str:
        """One line, whatever the input held: control characters escaped, long parts cut."""
        where = f"{safe(self.file)}:{self.line}:{self.column}"
        return f"{where}: {self.message}"

    @property
    def message(self) -> str:
        path = safe(self.path) if self.path else "(top level)"
        return f"{path}: expected {safe(self.expected)}, found {safe(self.found)}"

    def github_annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command."""
        message = self.message.replace("%", "%25")
        file = safe(self.file).replace("%", "%25").replace(",", "%2C").replace(":", "%3A")
        return f"::error file={file},line={self.line},col={self.column}::{message}"


class TarifaError(Exception):
    """Raised with every problem of an input at once; its text is one line per problem."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))


def describe(value: object) -> str:
    """Name a found value the way an editor would recognise it in the file."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"boolean {str(value).lower()}"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = str(value)
    if isinstance(value, Decimal) and value.is_finite() and -30 < value.adjusted() < 30:
        text = format(value, "f")  # 0.000000000075 as written, not 7.5E-11
    if len(text) > 60:
        text = text[:57] + "..."
    if isinstance(value, str):
        return f"text {text!r}"
    return f"number {text}"
