"""Hand-written Markdown pages read for the translation checks: blocks, links and prose, by line.

Not a Markdown renderer: just enough structure to compare a translated page with its English
source (headings, links, markers, lists, tables) and to read its prose (the text a visitor reads,
without code, URLs, link targets, HTML, attribute lists and markers) with the line and column of
every character, so that a problem names the place to fix.

>>> page = read('''---
... title: Prices
... source_hash: 3f5a9c0e12ab
... ---
...
... # Pricing { #top }
...
... See the [price list](pricing.md) and `tarifa check`.
...
... - one
... - two
...
... | a | b |
... |---|---|
... | 1 | 2 |
...
... <!-- tarifa:price-tables -->
... ''', "docs/x.md")
>>> [(b.kind, b.line) for b in page.blocks]  # doctest: +NORMALIZE_WHITESPACE
[('front', 2), ('heading', 6), ('paragraph', 8), ('item', 10), ('item', 11),
 ('row', 13), ('row', 15), ('marker', 17)]
>>> page.blocks[1].level, page.blocks[1].anchor
(1, 'top')
>>> page.links, page.tables
([(8, 'pricing.md')], [(13, 2, 2)])
>>> prose(page.blocks[2].text).replace(MASK, "_")
'See the _price list_____________ and ______________.'
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field

#: What stands in the prose for a character that is not prose (code, a URL, a link target, HTML):
#: not a space, so that a French colon after a code span still needs its no-break space.
MASK = "\ufffc"
#: Front-matter keys whose values are text a visitor reads.
TEXT_KEYS = ("title", "description")

_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(\r?\n|\Z)", re.S)
_FENCE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_HEADING = re.compile(r"^(#{1,6})[ \t]+(.*?)[ \t]*(?:\{([^}]*)\})?[ \t#]*$")
_ANCHOR = re.compile(r"#([\w-]+)")
_MARKER = re.compile(r"^<!-- tarifa:(?P<name>[a-z-]+)(?: (?P<arg>[a-z0-9.-]+))? -->[ \t]*$")
_COMMENT = re.compile(r"^<!--.*-->[ \t]*$")
_ITEM = re.compile(r"^(?P<indent>[ \t]*)(?P<bullet>[-*+]|\d+[.)])[ \t]+")
_ROW = re.compile(r"^[ \t]*\|.*\|[ \t]*$")
_SEPARATOR = re.compile(r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$")
_ADMONITION = re.compile(r'^(?:!!!|\?\?\?\+?)[ \t]+[\w-]+(?:[ \t]+"(?P<title>[^"]*)")?[ \t]*$')
#: Links: inline (and images), reference definitions, autolinks, raw HTML attributes.
_INLINE_LINK = re.compile(r"!?\[(?P<text>[^\]\n]*)\]\(\s*<?(?P<target>[^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
_REFERENCE = re.compile(r"^[ \t]*\[[^\]\n]+\]:[ \t]*<?(?P<target>\S+?)>?(?:[ \t]+\"[^\"]*\")?[ \t]*$")
_AUTOLINK = re.compile(r"<(?P<target>(?:https?|mailto):[^>\s]+)>")
_HTML_LINK = re.compile(r"\b(?:href|src)=\"(?P<target>[^\"]*)\"")
#: What is not prose inside a line (masked, not removed, so that columns stay right).
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_NOT_PROSE = [
    _CODE_SPAN,
    re.compile(r"<!--.*?-->"),
    re.compile(r"</?[A-Za-z][^<>]*>"),
    re.compile(r"\{[ \t]*[#.:][^}\n]*\}"),  # attribute lists: { #id }, {: .class }
    re.compile(r"\b(?:https?|mailto|ftp)://[^\s)>\]]+|\bmailto:[^\s)>\]]+"),
    re.compile(r"&(?:[A-Za-z]+|#\d+|#x[0-9A-Fa-f]+);"),
]


@dataclass(frozen=True)
class Block:
    """One unit of a page: a heading, a paragraph, a list item, a table row, a marker, or a
    front-matter text (`key` says which)."""

    kind: str
    line: int
    text: str
    level: int = 0
    anchor: str | None = None
    key: str = ""
    #: The column (1-based) where `text` starts on its first line.
    column: int = 1


@dataclass
class PageText:
    path: str
    blocks: list[Block] = field(default_factory=list)
    #: (line, target) of every link, in order.
    links: list[tuple[int, str]] = field(default_factory=list)
    #: (line, rows, columns) of every table; rows without the separator row.
    tables: list[tuple[int, int, int]] = field(default_factory=list)
    #: The front matter's raw lines, by key (for keys such as `outdated_ok`).
    front: dict[str, tuple[int, str]] = field(default_factory=dict)

    def of_kind(self, *kinds: str) -> list[Block]:
        return [b for b in self.blocks if b.kind in kinds]


def read(text: str, path: str) -> PageText:
    """Split a page into blocks, links and tables, each with the line it starts on."""
    page = PageText(path)
    lines = text.replace("\r\n", "\n").split("\n")
    start = 0
    match = _FRONT.match(text.replace("\r\n", "\n"))
    if match:
        count = match.group(0).count("\n")
        for number in range(2, count):
            raw = lines[number - 1]
            key, sep, value = raw.partition(":")
            if sep and key and not key.startswith((" ", "\t", "#")):
                page.front[key.strip()] = (number, value.strip())
                if key.strip() in TEXT_KEYS and value.strip():
                    column = len(raw) - len(raw[len(key) + 1 :].lstrip()) + 1
                    page.blocks.append(
                        Block("front", number, _unquote(value.strip()), key=key, column=column)
                    )
        start = count
    _read_body(page, lines, start)
    return page


def _unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
        return value[1:-1]
    return value


def _read_body(page: PageText, lines: list[str], start: int) -> None:
    fence: str | None = None
    paragraph: list[str] = []
    paragraph_line = 0
    item: tuple[int, int, list[str], int] | None = None  # line, depth, lines, column
    table: list[tuple[int, str]] = []

    def close() -> None:
        nonlocal paragraph, item, table
        if paragraph:
            page.blocks.append(Block("paragraph", paragraph_line, "\n".join(paragraph)))
            paragraph = []
        if item is not None:
            page.blocks.append(Block("item", item[0], "\n".join(item[2]), level=item[1], column=item[3]))
            item = None
        if table:
            rows = [(n, row) for n, row in table if not _SEPARATOR.match(row)]
            columns = len(_cells(rows[0][1])) if rows else 0
            page.tables.append((table[0][0], len(rows), columns))
            page.blocks.extend(Block("row", n, row) for n, row in rows)
            table = []

    for index in range(start, len(lines)):
        number, raw = index + 1, lines[index]
        if fence is not None:
            if raw.strip().startswith(fence):
                fence = None
            continue
        opened = _FENCE.match(raw)
        if opened:
            close()
            fence = opened.group(1)[0] * 3
            continue
        for link in _links(raw):
            page.links.append((number, link))
        stripped = raw.strip()
        if not stripped:
            close()
            continue
        if _ROW.match(raw) or (table and _SEPARATOR.match(raw)):
            if not table:
                close()
            table.append((number, raw))
            continue
        if table:
            close()
        heading = _HEADING.match(raw)
        if heading:
            close()
            found = _ANCHOR.search(heading.group(3) or "")
            page.blocks.append(
                Block(
                    "heading",
                    number,
                    heading.group(2),
                    level=len(heading.group(1)),
                    anchor=found.group(1) if found else None,
                    column=raw.index(heading.group(2)) + 1 if heading.group(2) else 1,
                )
            )
            continue
        marker = _MARKER.match(stripped)
        if marker:
            close()
            page.blocks.append(Block("marker", number, stripped[len("<!-- ") : -len(" -->")]))
            continue
        if _COMMENT.match(stripped) or _REFERENCE.match(raw):
            close()
            continue
        admonition = _ADMONITION.match(stripped)
        if admonition:
            close()
            if admonition.group("title"):
                page.blocks.append(Block("paragraph", number, admonition.group("title")))
            continue
        bullet = _ITEM.match(raw)
        if bullet:
            close()
            depth = len(bullet.group("indent").expandtabs(4)) // 2
            item = (number, depth, [raw[bullet.end() :]], bullet.end() + 1)
            continue
        if item is not None and (raw[:1] in " \t" or not paragraph):
            item[2].append(stripped)
            continue
        if not paragraph:
            paragraph_line = number
        paragraph.append(stripped)
    close()


def _cells(row: str) -> list[str]:
    body = row.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") else body
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", _mask_code(body))]


def _mask_code(text: str) -> str:
    return _CODE_SPAN.sub(lambda m: MASK * len(m.group(0)), text)


def _links(line: str) -> Iterator[str]:
    """Link targets in one line, in order (none inside code spans)."""
    text = _mask_code(line)
    found: list[tuple[int, str]] = []
    for pattern in (_INLINE_LINK, _AUTOLINK, _HTML_LINK):
        found += [(m.start(), m.group("target")) for m in pattern.finditer(text)]
    reference = _REFERENCE.match(text)
    if reference:
        found.append((reference.start(), reference.group("target")))
    yield from (target for _, target in sorted(found))


def prose(text: str) -> str:
    """`text` with everything that is not prose replaced by `MASK`, character for character."""
    out = text
    for pattern in _NOT_PROSE:
        out = pattern.sub(lambda m: MASK * len(m.group(0)), out)
    # Links: keep the text, mask the brackets and the target.
    out = _INLINE_LINK.sub(
        lambda m: MASK * (m.start("text") - m.start()) + m.group("text") + MASK * (m.end() - m.end("text")),
        out,
    )
    return out


def position(block: Block, offset: int) -> tuple[int, int]:
    """(line, column) of the character at `offset` in a block's text."""
    before = block.text[:offset]
    line = block.line + before.count("\n")
    if "\n" in before:
        return line, len(before) - before.rindex("\n")
    return line, block.column + len(before)
