"""Problems a person can act on: file, line, column, key path, expected, found."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal


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
        where = f"{self.file}:{self.line}:{self.column}"
        path = self.path or "(top level)"
        return f"{where}: {path}: expected {self.expected}, found {self.found}"

    def github_annotation(self) -> str:
        """The same problem as a GitHub Actions workflow command."""
        message = f"{self.path or '(top level)'}: expected {self.expected}, found {self.found}"
        message = message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error file={self.file},line={self.line},col={self.column}::{message}"


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
