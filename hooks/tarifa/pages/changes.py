"""View-models of the price history and of the open-data files: rows and wording, localized.

The sections that place them are in `tarifa.pages.sections.changes`; the Atom feed and the
JSON-LD reuse the wording (`change_text`, and `tarifa.pages.labels` for the prices' names).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from tarifa.catalogue.history import PriceChange
from tarifa.catalogue.model import slug_of
from tarifa.catalogue.prices import DIMENSIONS
from tarifa.pages.labels import dimension_label, key_label, labelled
from tarifa.pages.urls import CSV_PATH, JSON_PATH, SCHEMA_PATH, V2_CSV_PATH, V2_JSON_PATH, V2_SCHEMA_PATH
from tarifa.pages.views import Cell, Context, Table, name_cell


def change_text(ctx: Context, change: PriceChange) -> str:
    """`+25%`, `-16.67 %`, or words: "new price" for a price that appears or that was zero (no
    percentage of change from zero exists), "no longer offered" for a price that goes."""
    if change.direction == "withdrawn":
        return ctx._("no longer offered")
    percent = change.percent
    return ctx._("new price") if percent is None else ctx.fmt.signed_percent(percent)


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
    #: The mark and the words of an increase and of a decrease: up and down are told apart by
    #: shape and words, not by colour alone.
    directions: dict[str, tuple[str, str]]


def change_row(ctx: Context, change: PriceChange) -> ChangeRow:
    return ChangeRow(
        anchor=f"change-{change.model.page_slug}-{change.since.isoformat()}-{slug_of(change.kind)}",
        model_id=change.model_id,
        model=name_cell(ctx, change.model, describe=False),
        kind=key_label(ctx, change.model.kind, change.kind),
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
        directions={  # the shape, and the words a screen reader says before the percentage
            "up": ("▲", labelled(ctx, ctx._("Price increase"))[0]),
            "down": ("▼", labelled(ctx, ctx._("Price decrease"))[0]),
        },
    )


def open_data_table(ctx: Context) -> Table:
    """The open-data files with their links (relative to the site root) and formats."""
    root = ctx.extra.get("site_root", ctx.base_url)
    site_url = ctx.extra.get("site_url", "")
    contents = {
        V2_JSON_PATH: (
            ctx._("Every price: tiers, service tiers, regions, models with their prices and history"),
            "application/json",
        ),
        V2_SCHEMA_PATH: (ctx._("JSON Schema of the JSON file"), "application/schema+json"),
        V2_CSV_PATH: (
            ctx._("One row per model, price and service tier"),
            "text/csv; charset=utf-8; header=present",
        ),
        JSON_PATH: (
            ctx._("Format version 1, kept for the programs that read it: the prices it can name"),
            "application/json",
        ),
        SCHEMA_PATH: (ctx._("JSON Schema of version 1"), "application/schema+json"),
        CSV_PATH: (
            ctx._("Version 1: one row per model and price"),
            "text/csv; charset=utf-8; header=present",
        ),
    }
    rows = [
        [
            Cell(site_url.rstrip("/") + "/" + path if site_url else "/" + path, href=root + path),
            Cell(text),
            Cell(media, literal=True),
        ]
        for path, (text, media) in contents.items()
    ]
    columns = [Cell(ctx._("File")), Cell(ctx._("Contents")), Cell(ctx._("Format"))]
    return Table("open-data", ctx._("Open data files"), columns, rows)


def price_kinds_table(ctx: Context) -> Table:
    """The dimensions of the open data: id, quantity and unit priced per, label on the pages."""
    rows = []
    for dimension, per in DIMENSIONS.items():
        labels = (
            [dimension_label(ctx, "asr", dimension), dimension_label(ctx, "tool", dimension)]
            if dimension == "hour"
            else [dimension_label(ctx, "chat", dimension)]
        )
        rows.append(
            [
                Cell(json.dumps(dimension), literal=True),  # as written in the JSON file: a string
                Cell(ctx.fmt.integer(per.quantity), numeric=True, sort=str(per.quantity)),
                Cell(json.dumps(per.unit), literal=True),
                Cell(" · ".join(labels)),  # two labels, each with its capital: not a sentence
            ]
        )
    columns = [
        Cell(ctx._("Dimension")),
        Cell(ctx._("Quantity"), numeric=True),
        Cell(ctx._("Unit")),
        Cell(ctx._("Shown on the pages as")),
    ]
    return Table("price-kinds", ctx._("Dimensions"), columns, rows)
