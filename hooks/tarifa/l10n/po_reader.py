"""A line-exact reader of gettext `.po` files, for checking them.

Babel's reader is made for using a catalogue: it merges duplicate entries, pads or drops plural
forms to fit the header and forgets where each entry was written. The checks need the file as
written, so this reader keeps every entry (duplicates and obsolete ones included), every plural
form that is there and the line of each part.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from tarifa.problems import Problem, TarifaError

_ESCAPES = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "a": "\a", "b": "\b", "f": "\f", "v": "\v"}
_KEYWORD = re.compile(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[(\d+)\])?)\s+(".*")\s*$')
_STRING = re.compile(r'^(".*")\s*$')


@dataclass
class Entry:
    """One entry of a `.po` file as written."""

    #: First line of the entry (its first comment), and the line of its msgid.
    line: int
    msgid_line: int = 0
    msgid: str = ""
    msgid_plural: str | None = None
    context: str | None = None
    #: msgstr (one item) or msgstr[0], msgstr[1], ... with the line where each starts.
    strings: dict[int, str] = field(default_factory=dict)
    string_lines: dict[int, int] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    obsolete: bool = False
    auto_comments: list[str] = field(default_factory=list)
    locations: list[str] = field(default_factory=list)
    previous: list[str] = field(default_factory=list)
    #: For the header entry: the line of each field ("Language" → 13).
    field_lines: dict[str, int] = field(default_factory=dict)

    @property
    def is_header(self) -> bool:
        return self.msgid == "" and self.context is None

    @property
    def fuzzy(self) -> bool:
        return "fuzzy" in self.flags

    @property
    def plural(self) -> bool:
        return self.msgid_plural is not None

    @property
    def key(self) -> tuple[str | None, str]:
        return self.context, self.msgid

    @property
    def translated(self) -> bool:
        """Every form has a translation (fuzzy or not)."""
        return bool(self.strings) and all(self.strings.values())

    def describe(self) -> str:
        """How a person finds this entry: its context and English text, shortened."""
        text = self.msgid if len(self.msgid) <= 50 else self.msgid[:47] + "..."
        return f"msgctxt {self.context!r} msgid {text!r}" if self.context else f"msgid {text!r}"


@dataclass
class PoFile:
    path: str
    entries: list[Entry]

    @property
    def header(self) -> Entry | None:
        return next((e for e in self.entries if e.is_header and not e.obsolete), None)

    def headers(self) -> dict[str, str]:
        header = self.header
        if header is None:
            return {}
        values: dict[str, str] = {}
        for line in header.strings.get(0, "").splitlines():
            name, sep, value = line.partition(":")
            if sep:
                values[name.strip()] = value.strip()
        return values

    def header_line(self, name: str) -> int:
        """The line of a header field (the header entry's line if it is not written)."""
        header = self.header
        if header is None:
            return 1
        return header.field_lines.get(name, header.line)

    @property
    def messages(self) -> list[Entry]:
        """The entries that are translations: no header, no obsolete ones."""
        return [e for e in self.entries if not e.is_header and not e.obsolete]


def unescape(quoted: str) -> str:
    """The text of a C string literal as written in a `.po` file (without its quotes)."""
    body = quoted[1:-1]
    out = []
    i = 0
    while i < len(body):
        char = body[i]
        if char == "\\" and i + 1 < len(body):
            out.append(_ESCAPES.get(body[i + 1], body[i + 1]))
            i += 2
            continue
        out.append(char)
        i += 1
    return "".join(out)


def read(path: Path, display: str | None = None) -> PoFile:
    """Parse a `.po` file; a line that is no part of the format is a problem with its line."""
    name = display or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise TarifaError(
            [Problem(name, 1, 1, "", "a catalogue encoded as UTF-8", f"undecodable byte ({error.reason})")]
        ) from None
    return parse(text, name)


def parse(text: str, name: str) -> PoFile:
    entries: list[Entry] = []
    problems: list[Problem] = []
    current: Entry | None = None
    #: Which string a continuation line ("...") extends.
    target: tuple[str, int] | None = None
    seen_keyword = False

    def finish() -> None:
        nonlocal current, target, seen_keyword
        if current is not None and seen_keyword:
            entries.append(current)
        current, target, seen_keyword = None, None, False

    def entry(lineno: int, obsolete: bool) -> Entry:
        nonlocal current
        if current is None:
            current = Entry(line=lineno, obsolete=obsolete)
        return current

    # Lines end at \n only, as for gettext: str.splitlines would also break at U+2028 or \x1c
    # inside a msgstr, and misplace every later line number.
    for lineno, raw in enumerate(text.split("\n"), start=1):
        line = raw.strip(" \t\r")
        obsolete = False
        if line.startswith("#~"):
            obsolete = True
            line = line[2:].strip()
            if line.startswith("|"):
                entry(lineno, True)
                continue
        if not line:
            if not obsolete:
                finish()
            continue
        if line.startswith("#"):
            if seen_keyword:
                finish()
            e = entry(lineno, obsolete)
            if line.startswith("#,"):
                e.flags |= {f.strip() for f in line[2:].split(",") if f.strip()}
            elif line.startswith("#."):
                e.auto_comments.append(line[2:].strip())
            elif line.startswith("#:"):
                e.locations.extend(line[2:].split())
            elif line.startswith("#|"):
                e.previous.append(line[2:].strip())
            continue
        match = _KEYWORD.match(line)
        if match:
            keyword, index, quoted = match.group(1), match.group(2), match.group(3)
            # A msgctxt after any keyword, or a msgid after a msgstr, starts the next entry.
            if current is not None and (
                (keyword == "msgctxt" and seen_keyword) or (keyword == "msgid" and current.strings)
            ):
                finish()
            e = entry(lineno, obsolete)
            e.obsolete = e.obsolete or obsolete
            seen_keyword = True
            value = unescape(quoted)
            if keyword == "msgctxt":
                e.context = value
                target = ("msgctxt", 0)
            elif keyword == "msgid":
                e.msgid = value
                e.msgid_line = lineno
                target = ("msgid", 0)
            elif keyword == "msgid_plural":
                e.msgid_plural = value
                target = ("msgid_plural", 0)
            else:
                number = int(index) if index is not None else 0
                e.strings[number] = value
                e.string_lines[number] = lineno
                target = ("msgstr", number)
            continue
        match = _STRING.match(line)
        if match and current is not None and target is not None:
            value = unescape(match.group(1))
            kind, number = target
            if kind == "msgctxt":
                current.context = (current.context or "") + value
            elif kind == "msgid":
                current.msgid += value
            elif kind == "msgid_plural":
                current.msgid_plural = (current.msgid_plural or "") + value
            else:
                if current.is_header and ":" in value:
                    current.field_lines.setdefault(value.partition(":")[0].strip(), lineno)
                current.strings[number] += value
            continue
        problems.append(
            Problem(name, lineno, 1, "", "a gettext keyword, a quoted string or a comment", repr(raw[:40]))
        )
    finish()
    if problems:
        raise TarifaError(problems)
    return PoFile(name, entries)
