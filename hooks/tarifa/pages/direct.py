"""A generated page's HTML without a Markdown pass: its headings and its slots, put together.

A model page is Tarifa's own: a title, a few headings and the slots of its sections
(`tarifa.pages.output.Output`), no Markdown written by anyone. Converting that with Markdown cost
0.6–0.8 ms a page (a new `Markdown` with every extension, then its block parser, inline patterns
and serializer over a dozen blocks): 3–4 s of CPU in a 1,000-model, five-language build. Here
the headings are elements given to the site's own table-of-contents extension (its ids, its
permalinks, its table of contents: whatever the site configured for `toc`) and serialized as
Markdown serializes them; the slots stay comments that the plugin fills as on any page.

A heading's text is the text the catalogue or a translation gave, never read as Markdown: an
extension that would turn part of a name into markup (emoji, smart quotes, links) has nothing to
act on, as the sections' escaping (`md_text`) intends.

>>> md = markdown.Markdown(extensions=["toc", "attr_list"], extension_configs={"toc": {"permalink": True}})
>>> page = render(md, [(1, "R&D 8B", None), 0, (2, "Prices", "prices"), 1])
>>> print(page.html)
<h1 id="rd-8b">R&amp;D 8B<a class="headerlink" href="#rd-8b" title="Permanent link">&para;</a></h1>
<!-- tarifa-slot:0 -->
<BLANKLINE>
<h2 id="prices">Prices<a class="headerlink" href="#prices" title="Permanent link">&para;</a></h2>
<!-- tarifa-slot:1 -->
>>> [(t["level"], t["id"], t["name"], [c["id"] for c in t["children"]]) for t in page.toc]
[(1, 'rd-8b', 'R&amp;D 8B', ['prices'])]
>>> page.title, sorted(page.ids)
('R&amp;D 8B', ['prices', 'rd-8b'])
"""

from __future__ import annotations

import copy
import html
import re
import xml.etree.ElementTree as etree
from dataclasses import dataclass
from typing import Any

import markdown

#: A block of a generated page: a heading (level, text, explicit id or None) or a slot's number.
Block = tuple[int, str, str | None] | int


def slot(number: int) -> str:
    """The comment that stands for a slot until the plugin fills it (`tarifa.pages.markers.fill`)."""
    return f"<!-- tarifa-slot:{number} -->"


@dataclass
class Rendered:
    """What MkDocs takes from a page's Markdown conversion."""

    html: str
    #: The table of contents, as Python-Markdown's `toc_tokens`.
    toc: list[dict[str, Any]]
    #: The text of the page's first block when it is an `<h1>` (HTML-escaped, as MkDocs takes it).
    title: str | None
    #: Every id the page's headings have.
    ids: set[str]


def render(md: markdown.Markdown, blocks: list[Block]) -> Rendered:
    """The page made of `blocks`, as `md.convert` gives it for their Markdown (`Output.markdown`),
    the headings' texts taken as plain text. `md` is reset and reused: only its `toc`
    treeprocessor, serializer and postprocessors run."""
    md.reset()
    root = etree.Element("div")
    headings: list[etree.Element] = []
    for block in blocks:
        if isinstance(block, int):
            continue
        level, text, anchor = block
        element = etree.SubElement(root, f"h{level}")
        # Escaped as `md_text` escapes it: Markdown's serializer leaves character references as
        # they are, so a name that reads "&lt;b&gt;" must reach it as "&amp;lt;b&amp;gt;".
        element.text = html.escape(text.strip(), quote=False)
        if anchor:
            element.set("id", anchor)
        headings.append(element)
    if "toc" in md.treeprocessors:
        md.treeprocessors["toc"].run(root)
    parts: list[str] = []
    serialized = iter(headings)
    for block in blocks:
        if isinstance(block, int):
            parts += [slot(block), "\n\n"]  # Markdown's raw HTML block: a blank line after it
            continue
        text = md.serializer(next(serialized))
        for postprocessor in md.postprocessors:
            text = postprocessor.run(text)
        parts += [text, "\n"]
    ids = {h.get("id", "") for h in headings} - {""}
    # MkDocs looks at the page's first element only: a slot first (a paragraph in Markdown's tree) gives none
    title = _title(headings[0], md) if blocks and not isinstance(blocks[0], int) else None
    return Rendered("".join(parts).strip(), getattr(md, "toc_tokens", []), title, ids)


def _title(first: etree.Element, md: markdown.Markdown) -> str | None:
    """The page's title as MkDocs takes it from the first element once the table of contents ran
    (`mkdocs.utils.rendering.get_heading_text`): its inner HTML without a trailing permalink, tags
    stripped, spaces collapsed; None unless that element is an `<h1>`."""
    if first.tag != "h1":
        return None
    heading = copy.deepcopy(first)
    if len(heading) and heading[-1].tag == "a" and heading[-1].get("class") == "headerlink":
        del heading[-1]
    text = md.serializer(heading)
    text = text[text.index(">") + 1 : text.rindex("<")].strip()
    for postprocessor in md.postprocessors:
        text = postprocessor.run(text)
    return " ".join(re.sub(r"<[^>]*>", "", text).split())
