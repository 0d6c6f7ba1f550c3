"""View-models and page sections of the price history and of the open-data files.

Sections are registered in `render.SECTIONS` (markers `<!-- tarifa:price-changes -->`,
`<!-- tarifa:open-data-files -->` and `<!-- tarifa:price-kinds -->`); `render.model_page` calls
`announcement` and `model_history`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING

from . import history, markup
from .history import AnyModel, PriceChange
from .views import Cell, Context, Table, name_cell

if TYPE_CHECKING:  # render imports this module: no import cycle at run time
    from .render import Output, Page

FEED_PATH = "price-changes/feed.xml"
CHANGES_PATH = "price-changes/"
OPEN_DATA = ("api/pricing.json", "api/pricing.schema.json", "api/pricing.csv")


def kind_label(ctx: Context, model_kind: str, kind: str) -> str:
    """The label of a price kind of a kind of model, as the model's price table shows it."""
    if kind == "input":
        return ctx._("Input per 1M tokens")
    if kind == "cached_input":
        return ctx._("Cached input per 1M tokens")
    if kind == "output":
        return ctx._("Output per 1M tokens")
    if kind == "characters":
        return ctx._("Price per 1M characters")
    if kind == "hour" and model_kind == "asr":
        return ctx._("Price per hour of audio")
    if kind == "hour":
        return ctx._("Price") + " " + ctx._("per hour of use")
    return ctx._("Price") + " " + ctx._("per %(count)s requests") % {"count": ctx.fmt.integer(1000)}


#: The kinds of model each price kind is used by.
KIND_USERS = {
    "input": ("chat",),
    "cached_input": ("chat",),
    "output": ("chat",),
    "characters": ("tts",),
    "hour": ("asr", "tool"),
    "requests": ("tool",),
}


def change_text(ctx: Context, change: PriceChange) -> str:
    """`+25%`, `-16.67 %`, or words for a price that appears or goes."""
    if change.direction == "new":
        return ctx._("new price")
    if change.direction == "withdrawn":
        return ctx._("no longer offered")
    percent = change.percent
    return "—" if percent is None else ctx.fmt.signed_percent(percent)


def date_text(ctx: Context, change: PriceChange) -> str:
    date = ctx.fmt.date(change.since)
    return ctx._("from %(date)s") % {"date": date} if change.announced else date


@dataclass
class ChangeRow:
    anchor: str
    model_id: str
    model: Cell
    kind: str
    old: str
    new: str
    change: str
    direction: str
    date: str
    iso: str
    announced: str  # the "announced" label, or "" for a change in effect


@dataclass
class ChangeTable:
    id: str
    caption: str
    columns: list[Cell]
    rows: list[ChangeRow]
    show_model: bool
    arrow: str
    becomes: str


def change_row(ctx: Context, change: PriceChange) -> ChangeRow:
    return ChangeRow(
        anchor=f"change-{change.model_id}-{change.since.isoformat()}-{change.kind}",
        model_id=change.model_id,
        model=name_cell(ctx, change.model, describe=False),
        kind=kind_label(ctx, change.model.kind, change.kind),
        old="—" if change.old is None else ctx.fmt.price(change.old),
        new="—" if change.new is None else ctx.fmt.price(change.new),
        change=change_text(ctx, change),
        direction=change.direction,
        date=date_text(ctx, change),
        iso=change.since.isoformat(),
        announced=ctx._("announced") if change.announced else "",
    )


def changes_table(
    ctx: Context, changes: list[PriceChange], *, model: bool = True, table_id: str = "changes"
) -> ChangeTable:
    columns = [Cell(ctx._("Model"))] if model else []
    columns += [
        Cell(ctx._("Price")),
        Cell(ctx._("Old price → new price"), numeric=True),
        Cell(ctx._("Change"), numeric=True),
        Cell(ctx._("Effective date")),
    ]
    return ChangeTable(
        id=table_id,
        caption=ctx._("Price changes, newest first"),
        columns=columns,
        rows=[change_row(ctx, c) for c in changes],
        show_model=model,
        arrow="←" if ctx.fmt.rtl else "→",
        becomes=ctx._("becomes"),
    )


def open_data_table(ctx: Context) -> Table:
    """The open-data files with their links (relative to the site root) and formats."""
    root = ctx.extra.get("site_root", ctx.base_url)
    site_url = ctx.extra.get("site_url", "")
    contents = {
        "api/pricing.json": (
            ctx._("Provider, currency, tiers with features and limits, models with prices and history"),
            "application/json",
        ),
        "api/pricing.schema.json": (
            ctx._("JSON Schema of the JSON file"),
            "application/schema+json",
        ),
        "api/pricing.csv": (
            ctx._("One row per model and price"),
            "text/csv; charset=utf-8; header=present",
        ),
    }
    rows = [
        [
            Cell(site_url.rstrip("/") + "/" + path if site_url else "/" + path, href=root + path),
            Cell(text),
            Cell(media),
        ]
        for path, (text, media) in contents.items()
    ]
    columns = [Cell(ctx._("File")), Cell(ctx._("Contents")), Cell(ctx._("Format"))]
    return Table("open-data", ctx._("Open data files"), columns, rows)


def price_kinds_table(ctx: Context) -> Table:
    """The price kinds of the open data: id, quantity and unit priced per, label on the pages."""
    rows = [
        [
            Cell(json.dumps(kind)),  # as written in the JSON file: a string
            Cell(ctx.fmt.integer(quantity), numeric=True, sort=str(quantity)),
            Cell(json.dumps(unit)),
            Cell(ctx.fmt.join([kind_label(ctx, model_kind, kind) for model_kind in KIND_USERS[kind]])),
        ]
        for kind, (quantity, unit) in history.UNITS.items()
    ]
    columns = [
        Cell(ctx._("Price kind")),
        Cell(ctx._("Quantity"), numeric=True),
        Cell(ctx._("Unit")),
        Cell(ctx._("Shown on the pages as")),
    ]
    return Table("price-kinds", ctx._("Price kinds"), columns, rows)


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
    upcoming = [p for p in model.prices if p.since > ctx.today]
    if upcoming:
        _paragraph(
            page,
            out,
            "tarifa-announced",
            ctx._("New prices announced from %(date)s.") % {"date": ctx.fmt.date(upcoming[0].since)},
            "#history",
            ctx._("Price history"),
        )


def model_history(page: Page, out: Output, model: AnyModel) -> None:
    """A model page's own price history, announced changes included."""
    ctx = page.ctx
    out.heading(2, ctx._("Price history"), "history")
    changes = history.model_changes(model, ctx.today)
    if changes:
        table = changes_table(ctx, changes, model=False, table_id="history")
        out.html(page.renderer.render(ctx, "price_changes.html", t=table, labelledby="history"))
        text = ""
    else:
        text = ctx._("Prices unchanged since %(date)s.") % {"date": ctx.fmt.date(model.prices[0].since)}
    _paragraph(
        page, out, "tarifa-history-more", text, ctx.base_url + CHANGES_PATH, ctx._("All price changes")
    )


def open_data_section(page: Page, out: Output, arg: str | None) -> None:
    page.table(out, open_data_table(page.ctx), caption=True)


def price_kinds_section(page: Page, out: Output, arg: str | None) -> None:
    page.table(out, price_kinds_table(page.ctx), caption=True)
