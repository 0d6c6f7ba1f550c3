"""Other providers' list prices beside ours: the marker `<!-- tarifa:comparisons -->`, a table
per compared model and the sources as footnotes (the offers are `tarifa.catalogue.comparisons`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from tarifa.catalogue.comparisons import LoadedComparisons
from tarifa.catalogue.model import ChatModel, current_price
from tarifa.l10n.formatting import formatter
from tarifa.pages.output import Output, Page
from tarifa.pages.views import Cell, Context, price_cell


# ── View-model and section ────────────────────────────────────────────────────────────
@dataclass
class Source:
    """A footnote: the page a price was read from and when."""

    number: int
    label: str
    provider: str
    url: str
    checked: str


@dataclass
class Row:
    provider: str
    model: Cell
    input: Cell
    output: Cell
    source: Source | None


@dataclass
class ComparisonTable:
    id: str
    caption: str
    rows: list[Row]


@dataclass
class ComparisonView:
    columns: list[str]
    tables: list[ComparisonTable]
    sources: list[Source] = field(default_factory=list)


def money_cell(ctx: Context, amount: Decimal, currency: str) -> Cell:
    """A price in `currency`: exact, and with the display-currency approximation for billing prices."""
    if currency == ctx.catalog.currency:
        return price_cell(ctx, amount)
    return Cell(formatter(ctx.locale, currency).price(amount), numeric=True, sort=str(amount))


def view(ctx: Context, loaded: LoadedComparisons) -> ComparisonView:
    """One table per model of ours that has comparisons: our price first, then the offers in file order."""
    sources: dict[tuple[str, dt.date], Source] = {}
    tables = []
    for model in ctx.catalog.models_of("chat"):
        offers = [o for o in loaded.offers if o.compare_with == model.id]
        if not offers:
            continue
        assert isinstance(model, ChatModel)
        price = current_price(model, ctx.today)
        assert price.input is not None and price.output is not None
        rows = [
            Row(
                ctx.catalog.provider.name,
                Cell(ctx.model_name(model), href=ctx.model_href(model)),
                money_cell(ctx, price.input, ctx.catalog.currency),
                money_cell(ctx, price.output, ctx.catalog.currency),
                None,
            )
        ]
        for offer in offers:
            key = (offer.source, offer.checked)
            if key not in sources:
                number = len(sources) + 1
                sources[key] = Source(
                    number,
                    ctx.fmt.integer(number),
                    offer.provider,
                    offer.source,
                    ctx.fmt.date(offer.checked),
                )
            rows.append(
                Row(
                    offer.provider,
                    Cell(offer.model),
                    money_cell(ctx, offer.input, offer.currency),
                    money_cell(ctx, offer.output, offer.currency),
                    sources[key],
                )
            )
        caption = ctx._("Compared with %(model)s") % {"model": ctx.model_name(model)}
        tables.append(ComparisonTable(f"compare-{model.page_slug}", caption, rows))
    columns = [
        ctx._("Provider"),
        ctx._("Model"),
        ctx._("Input per 1M tokens"),
        ctx._("Output per 1M tokens"),
        ctx._("Source"),
    ]
    return ComparisonView(columns, tables, list(sources.values()))


def section(page: Page, out: Output, arg: str | None) -> None:
    """The marker `<!-- tarifa:comparisons -->`: a table per compared model, then the sources."""
    ctx = page.ctx
    if ctx.comparisons is None:
        return  # a site without a comparisons file: the marker shows nothing
    data = view(ctx, ctx.comparisons)
    for table in data.tables:
        out.heading(2, table.caption, table.id)
        out.html(page.renderer.render(ctx, "comparisons.html", columns=data.columns, t=table, sources=[]))
    out.heading(2, ctx._("Sources"), "sources")
    out.html(page.renderer.render(ctx, "comparisons.html", columns=[], t=None, sources=data.sources))
