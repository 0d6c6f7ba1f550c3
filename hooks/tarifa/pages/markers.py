"""Turn marker comments in Markdown pages into localized headings and tables.

A page holds markers such as `<!-- tarifa:price-tables -->`. `expand` replaces each with the
Markdown and slots of its section (`tarifa.pages.sections.SECTIONS`); `fill` puts the rendered
HTML into the slots after Markdown has run, so nothing from the catalogue or a translation is
read as markup. A page Tarifa generates holds markers only: `expand` gives its headings and
slots as blocks too, which `tarifa.pages.direct` puts together without a Markdown pass.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from tarifa.pages.direct import Block
from tarifa.pages.output import Output, Page
from tarifa.pages.sections import SECTIONS

MARKER = re.compile(r"^<!-- tarifa:(?P<name>[a-z-]+)(?: (?P<arg>[a-z0-9.-]+))? -->[ \t]*$", re.M)
SLOT = re.compile(r"<!-- tarifa-slot:(\d+) -->")


@dataclass
class Expanded:
    """A page's Markdown with its markers replaced, the HTML of its slots, and the same as blocks."""

    markdown: str
    slots: list[str]
    #: The headings and slots in order (`tarifa.pages.direct`); None for a page with Markdown of
    #: its own, which only a Markdown pass can put together.
    blocks: list[Block] | None


def expand(markdown: str, page: Page) -> Expanded:
    """Replace every marker of `markdown` with its section's Markdown and slots."""
    unknown = [m.group("name") for m in MARKER.finditer(markdown) if m.group("name") not in SECTIONS]
    if unknown:
        raise KeyError(f"unknown Tarifa marker(s): {', '.join(unknown)}; known: {', '.join(SECTIONS)}")
    slots: list[str] = []
    blocks: list[Block] = []

    def replace(match: re.Match[str]) -> str:
        out = Output(slots=slots)
        SECTIONS[match.group("name")](page, out, match.group("arg"))
        blocks.extend(out.blocks)
        return out.markdown

    markers_only = not MARKER.sub("", markdown).strip()
    return Expanded(MARKER.sub(replace, markdown), slots, blocks if markers_only else None)


def fill(html_text: str, slots: list[str]) -> str:
    """Put each slot's HTML in place of its comment (the comment may sit inside a <p>)."""

    def replace(match: re.Match[str]) -> str:
        return slots[int(match.group(1))]

    html_text = re.sub(r"<p>\s*(<!-- tarifa-slot:\d+ -->)\s*</p>", r"\1", html_text)
    return SLOT.sub(replace, html_text)
