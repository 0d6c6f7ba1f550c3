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
    model = ctx.catalog.model(arg or "")
    out.lines.append(f"# {md_text(ctx.model_name(model))}\n")
    if model.description:
        out.html(
            markup.paragraph(
                css="tarifa-lead",
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
    changes.announcement(page, out, model)
    out.heading(2, ctx._("Rate limits"), "limits")
    limits = views.model_limit_table(ctx, model)
    if limits is not None:
        page.table(out, limits, labelledby="limits")
    custom = views.custom_limit_tiers(ctx)
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
