"""Markdown being assembled for a page, and what a section knows of the page it is placed on.

A section writes Markdown headings (so the table of contents and anchors work as for
hand-written headings) and slots; the HTML of each slot is put in place after Markdown ran
(`tarifa.pages.markers`), so Markdown never parses generated markup.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from tarifa.l10n.status import Status
from tarifa.pages import markup, views
from tarifa.pages.direct import Block, slot
from tarifa.pages.render import Renderer
from tarifa.pages.views import Context

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")


def md_text(text: str) -> str:
    """Plain text made safe as Markdown inline content: no markup, no HTML.

    `~` is not one of Python-Markdown's escapable characters (`\\~` would show its backslash), so
    it becomes a character reference, which every Markdown extension leaves alone.
    """
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)).replace("~", "&#126;")


@dataclass
class Output:
    """A section's headings and the HTML of its slots, in order: as Markdown (`markdown`), or as
    blocks for a generated page rendered without Markdown (`tarifa.pages.direct`)."""

    slots: list[str] = field(default_factory=list)
    blocks: list[Block] = field(default_factory=list)

    def title(self, text: str) -> None:
        """The page's `<h1>`, its id made from its text (as Markdown's table of contents does)."""
        self.blocks.append((1, text, None))

    def heading(self, level: int, text: str, anchor: str) -> None:
        self.blocks.append((level, text, anchor))

    def html(self, markup: str) -> None:
        self.blocks.append(len(self.slots))
        self.slots.append(markup)

    @property
    def markdown(self) -> str:
        return "\n".join(_markdown(block) for block in self.blocks)


def _markdown(block: Block) -> str:
    if isinstance(block, int):
        return f"\n{slot(block)}\n"
    level, text, anchor = block
    if anchor is None:  # the title
        return f"{'#' * level} {md_text(text)}\n"
    return f"\n{'#' * level} {md_text(text)} {{ #{anchor} }}\n"


@dataclass
class Page:
    """What a section needs to know about the page it is placed on."""

    ctx: Context
    renderer: Renderer
    pricing_href: str
    #: The translation status of the site, for the page that shows it (computed on demand).
    translation_status: Callable[[], Status] | None = None
    #: The link from this page to a page (source file) in a language: `link("de", "pricing.md")`.
    link: Callable[[str, str], str] | None = None
    #: At most this many models of each kind on the overview and the model index (the rest are
    #: on the kind's list pages); None: all of them.
    overview_models: int | None = None

    def table(self, out: Output, table: views.Table, *, caption: bool = False, labelledby: str = "") -> None:
        out.html(markup.table(table, caption=caption, labelledby=labelledby))

    def facts(self, out: Output, items: list[tuple[str, str]], label: str) -> None:
        if items:  # no empty list (a catalogue without billing facts, say)
            out.html(markup.facts(items, label))
