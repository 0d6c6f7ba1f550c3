"""Turn marker comments in Markdown pages into localized headings and tables.

A page holds markers such as `<!-- tarifa:price-tables -->`. `expand` replaces each with
Markdown headings (so the table of contents and anchors work as for hand-written headings) and
slot comments; `fill` puts the rendered HTML into the slots after Markdown has run, so Markdown
never parses generated markup and nothing from the catalogue or a translation is read as markup.
"""

from __future__ import annotations

import contextlib
import html
import re
import sys
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    select_autoescape,
)
from markupsafe import Markup, escape

from . import calculator, comparisons, markup, transparency, views
from .errors import Problem, TarifaError
from .views import Context

MARKER = re.compile(r"^<!-- tarifa:(?P<name>[a-z-]+)(?: (?P<arg>[a-z0-9.-]+))? -->[ \t]*$", re.M)
SLOT = re.compile(r"<!-- tarifa-slot:(\d+) -->")
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|>])")


def md_text(text: str) -> str:
    """Plain text made safe as Markdown inline content: no markup, no HTML.

    `~` is not one of Python-Markdown's escapable characters (`\\~` would show its backslash), so
    it becomes a character reference, which every Markdown extension leaves alone.
    """
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=False)).replace("~", "&#126;")


def template_problem(error: Exception, folder: Path) -> Problem:
    """A template error as one problem line: the template file and line, and Jinja's message.

    A syntax error knows its line; an error while rendering (an undefined value) is found in the
    traceback, whose frames Jinja rewrites to point at the template's lines.
    """
    file, line = str(getattr(error, "filename", None) or getattr(error, "name", None) or folder), 1
    if isinstance(error, TemplateSyntaxError):
        line = error.lineno or 1
    else:
        for frame in reversed(traceback.extract_tb(sys.exc_info()[2])):
            if frame.filename.endswith(".html"):
                file, line = frame.filename, frame.lineno or 1
                break
    with contextlib.suppress(ValueError):
        file = str(Path(file).resolve().relative_to(Path.cwd()))
    return Problem(file, line, 1, "template", "a template that renders", f"{type(error).__name__}: {error}")


class Renderer:
    """Tarifa's Jinja templates (under `overrides/tarifa/`), autoescaped, with gettext."""

    def __init__(self, templates: Path) -> None:
        self.templates = templates
        self.env = Environment(
            loader=FileSystemLoader(str(templates)),
            autoescape=select_autoescape(default=True, default_for_string=True),
            extensions=["jinja2.ext.i18n"],
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals["cell"] = markup.cell

    def render(self, ctx: Context, template: str, **values: Any) -> str:
        t = ctx.t

        # Translations are text, never markup: escaped, then formatted with escaped values. A
        # message is %-formatted only when it has placeholders (or plural forms), as in Python
        # code: Jinja's own new-style gettext formats every message, so a translation such as
        # "bis 100 %" of a message without placeholders would crash the build.
        def fill(text: str, variables: dict[str, Any]) -> Markup:
            safe = Markup(escape(text))
            return safe % variables if variables else safe

        def ngettext(s: str, p: str, n: int, **variables: Any) -> Markup:
            return fill(t.ngettext(s, p, n), {"num": n, **variables})

        def npgettext(c: str, s: str, p: str, n: int, **variables: Any) -> Markup:
            return fill(t.npgettext(c, s, p, n), {"num": n, **variables})

        self.env.globals.update(
            _=lambda s, **variables: fill(t.gettext(s), variables),
            gettext=lambda s, **variables: fill(t.gettext(s), variables),
            ngettext=ngettext,
            pgettext=lambda c, s, **variables: fill(t.pgettext(c, s), variables),
            npgettext=npgettext,
        )
        try:
            return self.env.get_template(template).render(**values)
        except (TemplateError, TypeError, ValueError, KeyError) as error:
            raise TarifaError([template_problem(error, self.templates)]) from None


@dataclass
class Output:
    """Markdown being assembled, with the HTML that goes into its slots."""

    lines: list[str] = field(default_factory=list)
    slots: list[str] = field(default_factory=list)

    def heading(self, level: int, text: str, anchor: str) -> None:
        self.lines.append(f"\n{'#' * level} {md_text(text)} {{ #{anchor} }}\n")

    def html(self, markup: str) -> None:
        self.lines.append(f"\n<!-- tarifa-slot:{len(self.slots)} -->\n")
        self.slots.append(markup)

    @property
    def markdown(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Page:
    """What a section needs to know about the page it is placed on."""

    ctx: Context
    renderer: Renderer
    pricing_href: str

    def table(self, out: Output, table: views.Table, *, caption: bool = False, labelledby: str = "") -> None:
        out.html(markup.table(table, caption=caption, labelledby=labelledby))

    def facts(self, out: Output, items: list[tuple[str, str]], label: str) -> None:
        out.html(markup.facts(items, label))


# ── Sections ──────────────────────────────────────────────────────────────────────────
def tier_cards(page: Page, out: Output, arg: str | None) -> None:
    out.html(
        page.renderer.render(
            page.ctx, "cards.html", cards=views.tier_cards(page.ctx), limits_href=page.pricing_href
        )
    )


def display_note(page: Page, out: Output) -> None:
    """Above prices with approximate conversions: the rate, its date and the rounding rule."""
    text = views.display_note(page.ctx)
    if text:
        out.html(
            markup.paragraph(css="tarifa-display-note", text=text, href="", link=""
            )
        )


def price_tables(page: Page, out: Output, arg: str | None) -> None:
    display_note(page, out)
    for table in views.price_tables(page.ctx):
        out.heading(2, table.caption, table.id)
        page.table(out, table, labelledby=table.id)


def batch_caching(page: Page, out: Output, arg: str | None) -> None:
    page.facts(out, views.batch_facts(page.ctx), page.ctx._("Batch and caching"))


def billing_facts(page: Page, out: Output, arg: str | None) -> None:
    page.facts(out, views.billing_facts(page.ctx), page.ctx._("Billing"))


def tier_matrix(page: Page, out: Output, arg: str | None) -> None:
    table = views.tier_matrix(page.ctx)
    out.heading(2, table.caption, "compare")
    page.table(out, table, labelledby="compare")


def rate_limits(page: Page, out: Output, arg: str | None) -> None:
    ctx = page.ctx
    out.heading(2, ctx._("Rate limits"), "rate-limits")
    tables = views.rate_limit_tables(ctx)
    for tier in ctx.catalog.tiers:
        name = ctx.cat("tier_name", tier.name)
        out.heading(3, ctx._("%(tier)s tier") % {"tier": name}, f"limits-{tier.id}")
        if tier.custom_limits:
            out.html(
                markup.paragraph(css="tarifa-custom-limits",
                    text=ctx._("Rate limits in this tier are set for your workload in your contract."),
                    href=ctx.catalog.provider.contact_url or "",
                    link=ctx._("Contact sales"),
                )
            )
            continue
        for table in tables:
            if table.id.startswith(f"limits-{tier.id}-"):
                page.table(out, table, caption=True)


def model_index(page: Page, out: Output, arg: str | None) -> None:
    for name, cells in views.model_index(page.ctx):
        out.html(f"<h3>{escape(name)}</h3>")
        out.html(page.renderer.render(page.ctx, "model_index.html", cells=cells))


def model_page(page: Page, out: Output, arg: str | None) -> None:
    ctx = page.ctx
    model = ctx.catalog.model(arg or "")
    out.lines.append(f"# {md_text(ctx.model_name(model))}\n")
    if model.description:
        out.html(
            markup.paragraph(css="tarifa-lead",
                text=ctx.cat("model_description", model.description),
                href="",
                link="",
            )
        )
    page.facts(out, views.model_facts(ctx, model), ctx._("Summary"))
    table = views.model_price_table(ctx, model)
    out.heading(2, table.caption, "prices")
    display_note(page, out)
    page.table(out, table, labelledby="prices")
    transparency.announcement(page, out, model)
    out.heading(2, ctx._("Rate limits"), "limits")
    limits = views.model_limit_table(ctx, model)
    if limits is not None:
        page.table(out, limits, labelledby="limits")
    custom = views.custom_limit_tiers(ctx)
    if custom:
        out.html(
            markup.paragraph(css="tarifa-custom-limits",
                text=ctx.n_(
                    "%(tiers)s tier: limits set in your contract.",
                    "%(tiers)s tiers: limits set in your contract.",
                    len(custom),
                    tiers=ctx.fmt.join(custom),
                ),
                href=page.pricing_href + "#compare",
                link=ctx._("Compare the tiers"),
            )
        )
    transparency.model_history(page, out, model)


SECTIONS: dict[str, Callable[[Page, Output, str | None], None]] = {
    "tier-cards": tier_cards,
    "price-tables": price_tables,
    "batch-caching": batch_caching,
    "billing-facts": billing_facts,
    "tier-matrix": tier_matrix,
    "rate-limits": rate_limits,
    "model-index": model_index,
    "model": model_page,
    "price-changes": transparency.price_changes_section,
    "open-data-files": transparency.open_data_section,
    "price-kinds": transparency.price_kinds_section,
    "calculator": calculator.section,
    "comparisons": comparisons.section,
}


def expand(markdown: str, page: Page) -> tuple[str, list[str]]:
    """Replace every marker of `markdown`; return the new Markdown and its slots' HTML."""
    slots: list[str] = []
    unknown = [m.group("name") for m in MARKER.finditer(markdown) if m.group("name") not in SECTIONS]
    if unknown:
        raise KeyError(f"unknown Tarifa marker(s): {', '.join(unknown)}; known: {', '.join(SECTIONS)}")

    def replace(match: re.Match[str]) -> str:
        out = Output(slots=slots)
        SECTIONS[match.group("name")](page, out, match.group("arg"))
        return out.markdown

    return MARKER.sub(replace, markdown), slots


def fill(html_text: str, slots: list[str]) -> str:
    """Put each slot's HTML in place of its comment (the comment may sit inside a <p>)."""

    def replace(match: re.Match[str]) -> str:
        return slots[int(match.group(1))]

    html_text = re.sub(r"<p>\s*(<!-- tarifa-slot:\d+ -->)\s*</p>", r"\1", html_text)
    return SLOT.sub(replace, html_text)


__all__ = ["Markup", "Page", "Renderer", "expand", "fill", "md_text"]
