"""The sections of the pricing overview and of the model pages: tier cards, price tables,
batch and caching facts, billing, the tier comparison, rate limits, the model index and a
model's own page."""

from __future__ import annotations

from markupsafe import escape

from tarifa.pages import markup, views
from tarifa.pages.output import Output, Page, md_text
from tarifa.pages.sections import changes


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
        out.html(markup.paragraph(css="tarifa-display-note", text=text, href="", link=""))


def price_tables(page: Page, out: Output, arg: str | None) -> None:
    ctx = page.ctx
    display_note(page, out)
    for table in views.price_tables(ctx):
        out.heading(2, table.caption, table.id)
        if table.id != "tool" or not ctx.catalog.tool_groups:
            page.table(out, table, labelledby=table.id)
            continue
        # Tools of one agent system together, each group with its own heading and table.
        groups = views.tool_groups(ctx)
        grouped = {m.page_slug for _, _, members in groups for m in members}
        parts = [(name, summary, {m.page_slug for m in members}) for name, summary, members in groups]
        rest = [row for row in table.body if row.anchor not in grouped]
        if rest:
            parts.append((ctx._("Other tools"), "", {row.anchor for row in rest}))
        for number, (name, summary, members) in enumerate(parts, 1):
            anchor = f"tool-group-{number}"
            out.heading(3, name, anchor)
            if summary:
                out.html(markup.paragraph(css="tarifa-group-summary", text=summary))
            rows = [row for row in table.body if row.anchor in members]
            part = views.Table(f"tool-{number}", name, table.columns, rows)
            page.table(out, part, labelledby=anchor)


def batch_caching(page: Page, out: Output, arg: str | None) -> None:
    page.facts(out, views.batch_facts(page.ctx), page.ctx._("Batch and caching"))


def billing_facts(page: Page, out: Output, arg: str | None) -> None:
    page.facts(out, views.billing_facts(page.ctx), page.ctx._("Billing"))


def tier_matrix(page: Page, out: Output, arg: str | None) -> None:
    table = views.tier_matrix(page.ctx)
    if table is None:
        return  # a catalogue without features: nothing to compare
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
                markup.paragraph(
                    css="tarifa-custom-limits",
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
    model = ctx.catalog.by_slug(arg or "")
    out.lines.append(f"# {md_text(ctx.model_name(model))}\n")
    badge = views.status_badge(ctx, model)
    if badge:
        out.html(markup.paragraph(css=f"tarifa-status tarifa-status--{model.status}", text=badge))
    if model.description:
        out.html(markup.paragraph(css="tarifa-lead", text=ctx.cat("model_description", model.description)))
    # The prices first: they are what a visitor comes for, on the first screen of a phone too.
    table = views.model_price_table(ctx, model)
    out.heading(2, table.caption, "prices")
    display_note(page, out)
    page.table(out, table, labelledby="prices")
    for note in views.service_notes(ctx, model):
        out.html(markup.paragraph(css="tarifa-service-note", text=note))
    changes.announcement(page, out, model)
    out.heading(2, ctx._("About this model"), "about")
    page.facts(out, views.model_facts(ctx, model), ctx._("Summary"))
    limits = views.model_limit_table(ctx, model)
    custom = views.custom_limit_tiers(ctx)
    if limits is not None or custom:
        out.heading(2, ctx._("Rate limits"), "limits")
    if limits is not None:
        page.table(out, limits, labelledby="limits")
    if custom:
        out.html(
            markup.paragraph(
                css="tarifa-custom-limits",
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
    changes.model_history(page, out, model)
