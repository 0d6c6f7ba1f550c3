"""Turn marker comments in Markdown pages into localized headings and tables.

A page holds markers such as `<!-- tarifa:price-tables -->`. `expand` replaces each with the
Markdown and slots of its section (`tarifa.pages.sections.SECTIONS`); `fill` puts the rendered
HTML into the slots after Markdown has run, so nothing from the catalogue or a translation is
read as markup. A page Tarifa generates holds markers only: `expand_blocks` gives its headings
and slots, which `tarifa.pages.direct` puts together without a Markdown pass.
"""

from __future__ import annotations

import re

from tarifa.pages.direct import Block
from tarifa.pages.output import Output, Page
from tarifa.pages.sections import SECTIONS

MARKER = re.compile(r"^<!-- tarifa:(?P<name>[a-z-]+)(?: (?P<arg>[a-z0-9.-]+))? -->[ \t]*$", re.M)
SLOT = re.compile(r"<!-- tarifa-slot:(\d+) -->")


def expand(markdown: str, page: Page) -> tuple[str, list[str]]:
    """Replace every marker of `markdown`; return the new Markdown and its slots' HTML."""
    slots: list[str] = []
    _known(markdown)

    def replace(match: re.Match[str]) -> str:
        out = Output(slots=slots)
        SECTIONS[match.group("name")](page, out, match.group("arg"))
        return out.markdown

    return MARKER.sub(replace, markdown), slots


def expand_blocks(markdown: str, page: Page) -> tuple[list[Block], list[str]] | None:
    """The blocks and slots of a page that holds markers only (a page Tarifa generates), for
    `tarifa.pages.direct`; None for a page with Markdown of its own."""
    if MARKER.sub("", markdown).strip():
        return None
    _known(markdown)
    blocks: list[Block] = []
    slots: list[str] = []
    for match in MARKER.finditer(markdown):
        out = Output(slots=slots)
        SECTIONS[match.group("name")](page, out, match.group("arg"))
        blocks += out.blocks
    return blocks, slots


def _known(markdown: str) -> None:
    unknown = [m.group("name") for m in MARKER.finditer(markdown) if m.group("name") not in SECTIONS]
    if unknown:
        raise KeyError(f"unknown Tarifa marker(s): {', '.join(unknown)}; known: {', '.join(SECTIONS)}")


def fill(html_text: str, slots: list[str]) -> str:
    """Put each slot's HTML in place of its comment (the comment may sit inside a <p>)."""

    def replace(match: re.Match[str]) -> str:
        return slots[int(match.group(1))]

    html_text = re.sub(r"<p>\s*(<!-- tarifa-slot:\d+ -->)\s*</p>", r"\1", html_text)
    return SLOT.sub(replace, html_text)
