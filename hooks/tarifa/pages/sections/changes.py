"""Page sections of the price history and of the open data: the markers
`<!-- tarifa:price-changes -->`, `<!-- tarifa:open-data-files -->` and
`<!-- tarifa:price-kinds -->`, and a model page's announcement and history."""

from __future__ import annotations

from tarifa.catalogue import history
from tarifa.catalogue.model import AnyModel
from tarifa.pages import chart, markup
from tarifa.pages.changes import changes_table, open_data_table, price_kinds_table
from tarifa.pages.output import Output, Page
from tarifa.pages.urls import CHANGES_PATH, FEED_PATH


# ── Sections ──────────────────────────────────────────────────────────────────────────
def _paragraph(page: Page, out: Output, css: str, text: str, href: str = "", link: str = "") -> None:
    out.html(markup.paragraph(css=css, text=text, href=href, link=link))


def price_changes_section(page: Page, out: Output, arg: str | None) -> None:
    """The price-changes page: a link to the feed, then every change, newest first."""
    ctx = page.ctx
    _paragraph(
        page,
        out,
        "tarifa-feed",
        ctx._("Follow every price change in your feed reader:"),
        ctx.base_url + FEED_PATH,
        ctx._("Atom feed of price changes"),
    )
    changes = history.price_changes(ctx.catalog, ctx.today)
    if not changes:
        _paragraph(page, out, "tarifa-no-changes", ctx._("No price has changed yet."))
        return
    out.html(page.renderer.render(ctx, "price_changes.html", t=changes_table(ctx, changes), labelledby=""))


def announcement(page: Page, out: Output, model: AnyModel) -> None:
    """Under a model's prices: the date of the next announced price, if any."""
    ctx = page.ctx
    upcoming = [p for p in model.prices if p.starts > ctx.today]
    if upcoming:
        _paragraph(
            page,
            out,
            "tarifa-announced",
            ctx._("New prices announced from %(date)s.") % {"date": ctx.fmt.date(upcoming[0].starts)},
            "#history",
            ctx._("Price history"),
        )


def model_history(page: Page, out: Output, model: AnyModel) -> None:
    """A model page's own price history, announced changes included."""
    ctx = page.ctx
    out.heading(2, ctx._("Price history"), "history")
    out.html(chart.chart(ctx, model))
    changes = history.model_changes(model, ctx.today)
    if changes:
        table = changes_table(ctx, changes, model=False, table_id="history")
        out.html(page.renderer.render(ctx, "price_changes.html", t=table, labelledby="history"))
        text = ""
    else:
        first = model.prices[0].since
        text = (
            ctx._("Prices unchanged since %(date)s.") % {"date": ctx.fmt.date(first)}
            if first
            else ctx._("Prices unchanged since launch.")
        )
    _paragraph(
        page, out, "tarifa-history-more", text, ctx.base_url + CHANGES_PATH, ctx._("All price changes")
    )


def open_data_section(page: Page, out: Output, arg: str | None) -> None:
    page.table(out, open_data_table(page.ctx), caption=True)


def price_kinds_section(page: Page, out: Output, arg: str | None) -> None:
    page.table(out, price_kinds_table(page.ctx), caption=True)
