"""View-models of the price history and of the open-data files: rows and wording, localized.

The sections that place them are in `tarifa.pages.sections.changes`; the Atom feed and the
JSON-LD reuse the wording (`change_text`, `kind_label`).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from tarifa.catalogue import history
from tarifa.catalogue.history import PriceChange
from tarifa.pages.views import Cell, Context, Table, name_cell


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
