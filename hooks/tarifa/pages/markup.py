"""The markup of Tarifa's tables, facts and paragraphs, written in Python: a page of a large
catalogue holds thousands of cells, and a Jinja macro call per cell cost a third of Tarifa's
build time. (Blocks with more structure and words of their own stay Jinja templates.)

Every value is plain, already formatted text, escaped here (`markupsafe.escape`, which leaves
text a template has already made safe as it is); numbers are isolated with `<bdi>` so that they
read correctly in right-to-left text. Cells, notes and terms are separated by a space: the
search index joins their text without one, and words such as "120b301,0008,000" break its index
(no result for "Heron 120B").
"""

from __future__ import annotations

import json

from markupsafe import Markup, escape

from tarifa.pages.views import Cell, Table


def cell(c: Cell, tag: str = "td", scope: str = "", badge: str = "", label: str = "") -> Markup:
    """`<td>` (or `<th scope=…>`) of one cell: link, screen-reader text, number, note, approximation.

    `label` is the cell's column name, which a phone shows beside the value (`data-label`) when the
    rows of a table become blocks."""
    out = [f"<{tag}"]
    if scope:
        out.append(f' scope="{escape(scope)}"')
    css = " ".join(name for name, on in (("num", c.numeric), ("fact", c.fact), ("price", c.price)) if on)
    if css:
        out.append(f' class="{css}"')
    if c.sort:
        out.append(f' data-sort="{escape(c.sort)}"')
    label = label or c.label
    if label:
        out.append(f' data-label="{escape(label)}"')
    if c.alts:
        out.append(f' data-tiers="{escape(json.dumps(c.alts, ensure_ascii=False, separators=(",", ":")))}"')
    out.append(">")
    if c.href:
        out.append(f'<a href="{escape(c.href)}">{escape(c.text)}</a>')
    elif c.sr:
        out.append(
            f'<span aria-hidden="true">{escape(c.text)}</span><span class="tarifa-sr">{escape(c.sr)}</span>'
        )
    elif c.literal:
        out.append(f'<code dir="ltr" translate="no">{escape(c.text)}</code>')
    elif c.numeric:
        out.append(f"<bdi>{escape(c.text)}</bdi>")
    else:
        out.append(str(escape(c.text)))
    if badge:
        out.append(f' <span class="tarifa-badge">{escape(badge)}</span>')
    if c.code:
        out.append(
            ' <span class="tarifa-idline"><code class="tarifa-id" dir="ltr" translate="no">'
            f"{escape(c.code)}</code></span>"
        )
    if c.approx:
        out.append(
            ' <span class="tarifa-approx"><span aria-hidden="true">≈ </span>'
            f'<span class="tarifa-sr">{escape(c.approx_label)} </span><bdi>{escape(c.approx)}</bdi></span>'
        )
    if c.note:
        note = f"<bdi>{escape(c.note)}</bdi>" if c.numeric else str(escape(c.note))
        out.append(f' <span class="tarifa-note">{note}</span>')
    out.append(f"</{tag}>")
    return Markup("".join(out))


def table(t: Table, caption: bool = True, labelledby: str = "") -> Markup:
    """A table in its own scrolling box (keyboard-reachable, named by its caption or heading).

    A row's prices that have no column (cache writes, long prompts, per-image prices, ...) follow
    it in a row of their own, spanning the table, so that no column is empty for most models.
    Every cell after the first carries its column's name, which a phone shows beside the value."""
    name = f'aria-labelledby="{escape(labelledby)}"' if labelledby else f'aria-label="{escape(t.caption)}"'
    css = "tarifa-table tarifa-sortable" if t.sortable else "tarifa-table"
    out = [
        f'<div class="tarifa-scroll" role="region" tabindex="0" {name}>\n'
        f'<table class="{css}" id="table-{escape(t.id)}">'
    ]
    if caption:
        out.append(f"<caption>{escape(t.caption)}</caption>")
    # No whitespace between rows and cells: a table shows none, and each would be a text node
    # (thousands on a large catalogue's overview).
    out.append("<thead><tr>")
    out.extend(f"{cell(c, 'th', 'col')}" for c in t.columns)
    out.append("</tr></thead>\n<tbody>")
    for row in t.body:
        attributes = f' id="model-{escape(row.anchor)}"' if row.anchor else ""
        if row.search:
            attributes += f' data-search="{escape(row.search.casefold())}"'
        if row.capabilities:
            attributes += f' data-features="{escape(" ".join(row.capabilities))}"'
        out.append(f"<tr{attributes}>{cell(row.cells[0], 'th', 'row', row.badge)}")
        labels = [column.text for column in t.columns[1:]]
        out.extend(f"{cell(c, label=label)}" for c, label in zip(row.cells[1:], labels, strict=False))
        out.append("</tr>")
        if row.details:
            items = "".join(
                f'<li><span class="tarifa-more__label">{escape(label)}</span> {cell(value, "span")}</li>'
                for label, value in row.details
            )
            out.append(
                f'<tr class="tarifa-more"><td colspan="{len(t.columns)}"><ul class="tarifa-more__list">'
                f"{items}</ul></td></tr>"
            )
    out.append("</tbody>\n</table>\n</div>")
    return Markup("".join(out))


def paragraph(css: str, text: str, href: str = "", link: str = "") -> Markup:
    """A paragraph of generated text, with a link after it when there is one."""
    after = f' <a href="{escape(href)}">{escape(link)}</a>' if href else ""
    return Markup(f'<p class="{escape(css)}">{escape(text)}{after}</p>')


def facts(items: list[tuple[str, str]], label: str) -> Markup:
    """Terms and their values (a model's summary), each value isolated for right-to-left text."""
    rows = "".join(
        f" <div><dt>{escape(term)}</dt> <dd><bdi>{escape(value)}</bdi></dd></div>" for term, value in items
    )
    return Markup(f'<dl class="tarifa-facts" aria-label="{escape(label)}">{rows}</dl>')


def model_id(label: tuple[str, str], model_id: str, copy: str, copied: str) -> Markup:
    """A model's exact API id between the words of its label (`labels.labelled`), which Tarifa's
    script gives a copy button (words: `copy`, `copied`)."""
    before, after = label
    return Markup(
        f'<p class="tarifa-model-id" data-tarifa-copy="{escape(copy)}" data-tarifa-copied="{escape(copied)}">'
        f'{escape(before)}<code class="tarifa-id" dir="ltr" translate="no">{escape(model_id)}</code>'
        f"{escape(after)}</p>"
    )


def headline(items: list[tuple[str, Cell]], label: str) -> Markup:
    """A model's main prices, large, side by side, at the top of its page."""
    rows = "".join(f" <div><dt>{escape(term)}</dt> {cell(value, 'dd')}</div>" for term, value in items)
    return Markup(f'<dl class="tarifa-headline" aria-label="{escape(label)}">{rows}</dl>')
