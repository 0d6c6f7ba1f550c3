"""The sections of the pricing overview and of the model pages: tier cards, price tables,
batch and caching facts, billing, the tier comparison, rate limits, the model index and a
model's own page."""

from __future__ import annotations

from markupsafe import escape

from tarifa.pages import markup, views
from tarifa.pages.labels import KIND_TITLES, labelled
from tarifa.pages.output import Output, Page
from tarifa.pages.sections import changes
from tarifa.pages.urls import FINDER_PATH


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


def toolbar(page: Page, out: Output, tables: list[views.Table]) -> None:
    """Find, filter and switch above the price tables (see toolbar.html)."""
    ctx = page.ctx
    kinds = [(t.id, t.caption) for t in tables]
    present = {f for t in tables for row in t.body for f in row.capabilities}
    if views.truncated(ctx, page.overview_models):
        present = set(views.CAPABILITIES)  # the search covers models the page does not show
    features = [(key, ctx._(label)) for key, label in views.CAPABILITIES.items() if key in present]
    tiers = [(tier, views.tier_name(ctx, tier)) for tier in views.overview_tiers(ctx)]
    currency = ""
    if ctx.display is not None:
        currency = ctx._("Also show approximate amounts in %(currency)s") % {
            "currency": ctx.fmt.currency_name(ctx.display.currency)
        }
    index = ctx.base_url + FINDER_PATH if views.truncated(ctx, page.overview_models) else ""
    out.html(
        page.renderer.render(
            ctx, "toolbar.html", kinds=kinds, features=features, tiers=tiers, currency=currency, index=index
        )
    )


def shown_note(page: Page, out: Output, kind: str, *, limits: bool = False) -> None:
    """Under a kind's table that does not show all its models: how many, and the link to all
    (`limits`: a table of rate limits, which every model's own page has)."""
    ctx = page.ctx
    total = len(ctx.catalog.models_of(kind))
    limit = page.overview_models
    if limit is None or total <= limit:
        return
    text = ctx.n_(
        "Showing %(shown)s of %(num)s model.",
        "Showing %(shown)s of %(num)s models.",
        total,
        shown=ctx.fmt.integer(limit),
    )
    if limits:
        text += " " + ctx._("Every model's page lists its rate limits.")
    link = ctx._("All %(models)s") % {"models": ctx._(KIND_TITLES[kind])}
    href = ctx.base_url + views.list_path(kind)
    out.html(markup.paragraph(css="tarifa-shown", text=text, href=href, link=link))


def price_tables(page: Page, out: Output, arg: str | None) -> None:
    ctx = page.ctx
    tables = views.price_tables(ctx, page.overview_models)
    toolbar(page, out, tables)
    display_note(page, out)
    for table in tables:
        out.heading(2, table.caption, table.id)
        if table.id != "tool" or not ctx.catalog.tool_groups:
            page.table(out, table, labelledby=table.id)
            shown_note(page, out, table.id)
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
            rows = [row for row in table.body if row.anchor in members]
            if not rows:
                continue
            out.heading(3, name, anchor)
            if summary:
                out.html(markup.paragraph(css="tarifa-group-summary", text=summary))
            part = views.Table(f"tool-{number}", name, table.columns, rows, sortable=True)
            page.table(out, part, labelledby=anchor)
        shown_note(page, out, table.id)


def model_list(page: Page, out: Output, arg: str | None) -> None:
    """One page of a kind's list of all its models (`chat.2`: chat models, second page)."""
    ctx = page.ctx
    kind, _, number = (arg or "").partition(".")
    pages = views.list_page_count(ctx, kind)
    current = int(number or 1)
    title = ctx._(KIND_TITLES[kind])
    if pages > 1:
        title = ctx._("%(models)s, page %(page)s of %(pages)s") % {
            "models": title,
            "page": ctx.fmt.integer(current),
            "pages": ctx.fmt.integer(pages),
        }
    out.title(title)
    table = views.list_table(ctx, kind, current)
    display_note(page, out)
    page.table(out, table, caption=False, labelledby="")
    out.html(page.renderer.render(ctx, "pagination.html", links=views.pagination(ctx, kind, current, pages)))


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
    tables = views.rate_limit_tables(ctx, page.overview_models)
    for tier in ctx.catalog.tiers:
        name = ctx.cat("tier_name", tier.name)
        out.heading(3, name, f"limits-{tier.id}")  # the tier's name alone: no grammar to agree with
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
                shown_note(page, out, table.id.rpartition("-")[2], limits=True)


def model_index(page: Page, out: Output, arg: str | None) -> None:
    for kind, name, cells in views.model_index(page.ctx, page.overview_models):
        out.html(f"<h3>{escape(name)}</h3>")
        out.html(page.renderer.render(page.ctx, "model_index.html", cells=cells))
        shown_note(page, out, kind)


def model_page(page: Page, out: Output, arg: str | None) -> None:
    ctx = page.ctx
    model = ctx.catalog.by_slug(arg or "")
    out.title(ctx.model_name(model))
    badge = views.status_badge(ctx, model)
    if badge:
        out.html(markup.paragraph(css=f"tarifa-status tarifa-status--{model.status}", text=badge))
    if model.description:
        out.html(markup.paragraph(css="tarifa-lead", text=ctx.cat("model_description", model.description)))
    out.html(markup.model_id(labelled(ctx, ctx._("Model id")), model.id, ctx._("Copy"), ctx._("Copied")))
    # The prices first: they are what a visitor comes for, on the first screen of a phone too.
    headline = views.headline_prices(ctx, model)
    if headline:
        out.html(markup.headline(headline, ctx._("Standard prices")))
    table = views.model_price_table(ctx, model)
    out.heading(2, table.caption, "prices")
    page.table(out, table, labelledby="prices")
    display_note(page, out)
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
                # TRANSLATORS: the tiers' names follow a colon, as a list: no article or case to agree.
                text=ctx.n_(
                    "Limits set in your contract in this tier: %(tiers)s.",
                    "Limits set in your contract in these tiers: %(tiers)s.",
                    len(custom),
                    tiers=ctx.fmt.join(custom),
                ),
                href=page.pricing_href + "#compare",
                link=ctx._("Compare the tiers"),
            )
        )
    changes.model_history(page, out, model)
