"""Plain view-models of the catalogue for one locale: every string already translated and formatted.

Templates and `markup` only place these strings; they never format a number or pick a translation.
A table has a column only when some row has a value for it, and a fact only when it has one.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tarifa.catalogue import prices
from tarifa.catalogue.exchange import SMALL, approximate
from tarifa.catalogue.model import (
    LIMIT_KEYS,
    AnyModel,
    Catalog,
    ChatModel,
    EmbeddingModel,
    ModerationModel,
    PriceEntry,
    RerankModel,
    SpeechModel,
    Tool,
    TranscriptionModel,
    current_price,
    upcoming_prices,
)
from tarifa.catalogue.prices import Point
from tarifa.l10n.formatting import formatter, per_dollar
from tarifa.pages.context import Context
from tarifa.pages.labels import KIND_NAMES, KIND_TITLES, N_, dimension_label, point_label
from tarifa.pages.urls import LISTS_PATH

__all__ = ["Card", "Cell", "Context", "Row", "Table"]


@dataclass
class Cell:
    """A table cell: text, whether it is numeric (aligned to the end), and optional extras."""

    text: str
    numeric: bool = False
    note: str = ""
    href: str = ""
    missing: bool = False
    sort: str = ""
    sr: str = ""
    #: An approximate amount in the locale's display currency, shown after the billing price,
    #: and the word that introduces it to screen readers (the page shows "≈").
    approx: str = ""
    approx_label: str = ""
    #: The exact API id, shown (and copyable) under a model's name.
    code: str = ""
    #: The column's name, which a phone shows beside the value when rows become blocks.
    label: str = ""
    #: The price in each other service tier (`batch`, `flex`, ...): (text, note, approximation);
    #: an empty text: not offered in that tier. The tier toggle of the overview shows them.
    alts: dict[str, tuple[str, str, str]] = field(default_factory=dict)
    #: A model fact (speed, context window) rather than a price: a phone lists it after the prices.
    fact: bool = False
    #: A price: the largest figure of its row.
    price: bool = False
    #: Text as a program writes or reads it (a media type, a JSON string): shown as code.
    literal: bool = False


@dataclass
class Row:
    """A row of cells, its anchor (`#model-slug`), and prices that need a line of their own."""

    cells: list[Cell]
    anchor: str = ""
    details: list[tuple[str, Cell]] = field(default_factory=list)
    #: A short label in front of the row's name: preview, deprecated, retires on …
    badge: str = ""
    #: What the overview's filters match: words of the name, id and description; features.
    search: str = ""
    capabilities: tuple[str, ...] = ()


@dataclass
class Table:
    id: str
    caption: str
    columns: list[Cell]
    rows: list[list[Cell]] | list[Row]
    #: Visitors can sort it by any column (the overview's price tables).
    sortable: bool = False

    @property
    def body(self) -> list[Row]:
        return [row if isinstance(row, Row) else Row(row) for row in self.rows]


@dataclass
class Card:
    id: str
    name: str
    price: str
    price_note: str
    summary: str
    limits_title: str
    limits: list[tuple[str, str]]
    includes: list[tuple[str, str]]
    action: str = ""
    action_href: str = ""


def _none(ctx: Context) -> Cell:
    # TRANSLATORS: screen-reader text of an empty price or limit cell ("—"): this model has no such price.
    return Cell("—", numeric=True, sr=ctx.p_("price", "not offered"), missing=True)


def price_cell(ctx: Context, amount: Decimal | None, *, tokens: bool = False) -> Cell:
    """An exact price, with "N tokens per $1" beside token prices and the approximate amount in
    the locale's display currency; a price of zero reads "Free"."""
    if amount is None:
        return _none(ctx)
    note = ""
    if tokens:
        units = per_dollar(amount)
        if units is not None:
            note = ctx._("%(tokens)s tokens per %(one)s") % {
                "tokens": ctx.fmt.compact(units),
                "one": ctx.fmt.whole_price(Decimal(1)),
            }
    if amount == 0:
        # TRANSLATORS: a price of zero (a free model), shown instead of $0.00.
        return Cell(ctx.p_("price", "Free"), numeric=True, sort="0", price=True)
    approx = approximate_price(ctx, amount)
    label = ctx._("approximately") if approx else ""
    return Cell(
        ctx.fmt.price(amount),
        numeric=True,
        note=note,
        sort=str(amount),
        approx=approx,
        approx_label=label,
        price=True,
    )


def point_cell(ctx: Context, point: Point | None) -> Cell:
    if point is None:
        return _none(ctx)
    return price_cell(ctx, point.amount, tokens=point.per.per_currency_unit)


def approximate_price(ctx: Context, amount: Decimal) -> str:
    """The amount in the locale's display currency, formatted, or '' when the locale has none."""
    if ctx.display is None:
        return ""
    converted = approximate(amount, ctx.display.rate, ctx.display.currency)
    return formatter(ctx.locale, ctx.display.currency).price(converted)


def display_note(ctx: Context) -> str:
    """The sentence above converted prices: what they are, at which rate, from which day."""
    if ctx.display is None:
        return ""
    shown = formatter(ctx.locale, ctx.display.currency)
    return ctx._(
        "Prices are billed in %(billing)s. Amounts marked ≈ are approximate amounts in %(currency)s for "
        "reading only, converted at %(one)s = %(rate)s (the rate of %(date)s) and rounded to the cent, "
        "or to two significant digits below %(small)s."
    ) % {
        "billing": ctx.fmt.currency_name(),
        "currency": ctx.fmt.currency_name(ctx.display.currency),
        "one": ctx.fmt.whole_price(Decimal(1)),
        "rate": shown.price(ctx.display.rate),
        "date": ctx.fmt.date(ctx.display.date),
        "small": shown.price(SMALL),
    }


def int_cell(ctx: Context, value: int | None) -> Cell:
    if value is None:
        return _none(ctx)
    return Cell(ctx.fmt.integer(value), numeric=True, sort=str(value))


def name_cell(ctx: Context, model: AnyModel, *, describe: bool = True) -> Cell:
    note = _description(ctx, model) if describe else ""
    code = model.id if describe and model.id != ctx.model_name(model) else ""
    return Cell(ctx.model_name(model), href=ctx.model_href(model), note=note, code=code)


def _description(ctx: Context, model: AnyModel) -> str:
    return ctx.cat("model_description", model.description) if model.description else ""


def status_badge(ctx: Context, model: AnyModel) -> str:
    """A model's place in its life, in a few words: Preview, Retires on 30 Jun 2027, Retired."""
    if model.status == "preview":
        return ctx._("Preview")
    if model.status == "deprecated" and model.retires is not None:
        return ctx._("Retires on %(date)s") % {"date": ctx.fmt.date(model.retires)}
    if model.status == "retired":
        return ctx._("Retired")
    return ""


# ── Price tables ────────────────────────────────────────────────────────────────────────
#: Per kind, the dimensions that get a column of their own (when some model uses them); every
#: other price of a model (cache writes, audio and image tokens, long prompts, per-image prices,
#: fine-tuning) is listed in a line under its row.
COLUMNS = {
    "chat": ("input", "cached_input", "output"),
    "embedding": ("input", "cached_input"),
    "moderation": ("input", "cached_input"),
    "rerank": ("searches",),
    "image": ("input", "image_output"),
    "tts": ("characters", "minute", "input", "audio_output"),
    "asr": ("hour", "minute", "audio_input", "output"),
    "tool": ("requests", "hour"),
}


def _plain(points: list[Point]) -> dict[str, Point]:
    """The points without conditions (no cache duration, size or prompt length), by dimension."""
    return {p.dimension: p for p in points if p.above is None and p.duration is None and p.size is None}


def kind_table(
    ctx: Context, kind: str, limit: int | None = None, window: tuple[int, int] | None = None
) -> Table | None:
    """The overview's table of one kind of model (its first `limit` models, or the models in
    `window`); None when the catalogue has none. Its columns are those the shown models use."""
    every = ctx.catalog.models_of(kind)
    if not every:
        return None
    start, stop = window if window is not None else (0, limit if limit is not None else len(every))
    models = shown = every[start:stop]
    current = {m.id: prices.points(current_price(m, ctx.today)) for m in models}
    used = [d for d in COLUMNS[kind] if any(d in _plain(current[m.id]) for m in models)]
    facts = _fact_columns(ctx, kind, models)
    columns = [Cell(ctx._("Tool") if kind == "tool" else ctx._("Model"))]
    columns += [Cell(label, numeric=True) for label, _ in facts]
    columns += [Cell(dimension_label(ctx, kind, d), numeric=True) for d in used]
    tiers = overview_tiers(ctx)
    rows = []
    for model in shown:
        entry = current_price(model, ctx.today)
        points = current[model.id]
        plain = _plain(points)
        offered = prices.service_tiers(ctx.catalog, model)
        alternatives = {
            tier: _plain(prices.tier_points(ctx.catalog, entry, tier)) if tier in offered else {}
            for tier in tiers[1:]
        }
        cells = [name_cell(ctx, model)]
        for _, value in facts:
            fact = value(model)
            fact.fact = True
            cells.append(fact)
        for dimension in used:
            cell = point_cell(ctx, plain.get(dimension))
            cell.alts = {tier: _alt(ctx, alternatives[tier].get(dimension)) for tier in alternatives}
            cells.append(cell)
        seen = {plain[d].key for d in used if d in plain}
        details = [(point_label(ctx, kind, p), point_cell(ctx, p)) for p in points if p.key not in seen]
        rows.append(
            Row(
                cells,
                anchor=model.page_slug,
                details=details,
                badge=status_badge(ctx, model),
                # The kind's name: the script finds a row by it and by its first cell's text
                # (name, API id, description), which the page already holds.
                search=ctx._(KIND_NAMES[model.kind]),
                capabilities=capabilities(ctx, model, points),
            )
        )
    return Table(kind, ctx._(KIND_TITLES[kind]), columns, rows, sortable=True)


def headline_prices(ctx: Context, model: AnyModel) -> list[tuple[str, Cell]]:
    """A model's main standard prices (the columns of its kind's table), for the top of its page."""
    plain = _plain(prices.points(current_price(model, ctx.today)))
    kind = model.kind
    return [(dimension_label(ctx, kind, d), point_cell(ctx, plain[d])) for d in COLUMNS[kind] if d in plain]


def _alt(ctx: Context, point: Point | None) -> tuple[str, str, str]:
    if point is None:
        return ("", "", "")
    cell = point_cell(ctx, point)
    return (cell.text, cell.note, cell.approx)


def overview_tiers(ctx: Context) -> list[str]:
    """The service tiers the overview can switch between: standard, then those some model has."""
    found = ["standard"]
    if any(m.batch for m in ctx.catalog.models):
        found.append("batch")
    models = ctx.catalog.models
    found += [t.id for t in ctx.catalog.service_tiers if any(t.id in m.service_tiers for m in models)]
    return found


def tier_name(ctx: Context, tier: str) -> str:
    if tier == "standard":
        return ctx._("Standard")
    if tier == "batch":
        return ctx._("Batch")
    service = ctx.catalog.service_tier(tier)
    return ctx.cat("service_tier_name", service.name) if service else tier


#: The features the overview's filter offers, by the word its button shows.
CAPABILITIES = {
    "free": N_("Free models"),
    "batch": N_("Batch"),
    "cache": N_("Prompt caching"),
    "long": N_("Long prompts"),
    "audio": N_("Audio"),
    "images": N_("Images"),
    "video": N_("Video"),
    "fine-tuning": N_("Fine-tuning"),
}


def capabilities(ctx: Context, model: AnyModel, points: list[Point]) -> tuple[str, ...]:
    dimensions = {p.dimension for p in points}
    found = []
    if points and all(p.amount == 0 for p in points):
        found.append("free")
    if model.batch:
        found.append("batch")
    if dimensions & {"cached_input", "cache_write"}:
        found.append("cache")
    if any(p.above is not None for p in points):
        found.append("long")
    if dimensions & {"audio_input", "audio_output", "minute"} or model.kind in ("tts", "asr"):
        found.append("audio")
    if dimensions & {"image_input", "image_output", "image"}:
        found.append("images")
    if "video_input" in dimensions:
        found.append("video")
    if any(d.startswith("fine_tuning.") for d in dimensions):
        found.append("fine-tuning")
    return tuple(found)


def _fact_columns(ctx: Context, kind: str, models: list[AnyModel]) -> list[tuple[str, Callable[[Any], Cell]]]:
    """Columns of model facts that some model of the kind has: speed, context window, ..."""
    candidates: list[tuple[str, str, Callable[[Any], Cell]]] = []
    if kind == "chat":
        candidates = [
            ("speed_tps", ctx._("Speed (tokens per second)"), lambda m: int_cell(ctx, m.speed_tps)),
            ("context_window", ctx._("Context window (tokens)"), lambda m: context_cell(ctx, m)),
        ]
    elif kind in ("embedding", "moderation", "rerank"):
        candidates = [("context_window", ctx._("Context window (tokens)"), lambda m: context_cell(ctx, m))]
    elif kind == "tts":
        candidates = [
            ("speed_cps", ctx._("Speed (characters per second)"), lambda m: int_cell(ctx, m.speed_cps))
        ]
    elif kind == "asr":
        candidates = [
            ("speed_factor", ctx._("Speed (times real time)"), lambda m: int_cell(ctx, m.speed_factor)),
            (
                "min_billed_seconds",
                ctx._("Minimum billed per request"),
                lambda m: (
                    Cell(seconds(ctx, m.min_billed_seconds), numeric=True, sort=str(m.min_billed_seconds))
                    if m.min_billed_seconds
                    else _none(ctx)
                ),
            ),
        ]
    return [(label, make) for name, label, make in candidates if any(getattr(m, name, None) for m in models)]


def context_cell(ctx: Context, model: AnyModel) -> Cell:
    window = getattr(model, "context_window", None)
    if window is None:
        return _none(ctx)
    label = getattr(model, "context_label", None)
    return Cell(ctx.fmt.integer(window), numeric=True, sort=str(window), note=label or "")


def tool_groups(ctx: Context) -> list[tuple[str, str, list[Tool]]]:
    """(name, summary, tools) of each tool group that has tools, then the tools of no group."""
    tools = ctx.catalog.models_of("tool")
    out = []
    for group in ctx.catalog.tool_groups:
        members = [t for t in tools if isinstance(t, Tool) and t.group == group.id]
        if members:
            summary = ctx.cat("tool_group_summary", group.summary) if group.summary else ""
            out.append((ctx.cat("tool_group_name", group.name), summary, members))
    return out


def seconds(ctx: Context, count: int) -> str:
    return ctx.n_("%(num)s second", "%(num)s seconds", count)


def price_tables(ctx: Context, limit: int | None = None) -> list[Table]:
    return [table for kind in KIND_TITLES if (table := kind_table(ctx, kind, limit)) is not None]


# ── Tiers ───────────────────────────────────────────────────────────────────────────────
def limit_label(ctx: Context, key: str, model: AnyModel | None = None) -> str:
    chars = isinstance(model, SpeechModel)
    labels = {
        "rpm": ctx._("Requests per minute"),
        "rpd": ctx._("Requests per day"),
        "tpm": ctx._("Characters per minute") if chars else ctx._("Tokens per minute"),
        "tpd": ctx._("Characters per day") if chars else ctx._("Tokens per day"),
        "ash": ctx._("Audio seconds per hour"),
        "asd": ctx._("Audio seconds per day"),
    }
    return labels[key]


def tier_price(ctx: Context, pricing: str) -> tuple[str, str]:
    if pricing == "free":
        return ctx.fmt.whole_price(Decimal(0)), ctx._("no card needed")
    if pricing == "pay_per_use":
        return ctx._("Pay per use"), ctx._("billed per token, character, hour or request")
    return ctx._("On request"), ctx._("priced per contract")


def tier_cards(ctx: Context) -> list[Card]:
    cards = []
    for tier in ctx.catalog.tiers:
        price, note = tier_price(ctx, tier.pricing)
        limits: list[tuple[str, str]] = []
        limits_title = ""
        if tier.custom_limits:
            limits_title = ctx._("Rate limits agreed for your workload")
        elif tier.card_model:
            model = ctx.catalog.model(tier.card_model)
            limits_title = ctx._("Limits with %(model)s") % {"model": ctx.model_name(model)}
            values = model.limits[tier.id]
            limits = [
                (limit_label(ctx, key, model), ctx.fmt.integer(getattr(values, key)))
                for key in LIMIT_KEYS
                if getattr(values, key) is not None
            ]
        # What the tier includes: a feature's name, and its value in this tier when it has one
        # (shown as a label above the value, not joined by a colon: "Assistance : Par chat").
        includes: list[tuple[str, str]] = []
        for feature in ctx.catalog.features:
            value = feature.values.get(tier.id)
            if value is True:
                includes.append((ctx.cat("feature_name", feature.name), ""))
            elif isinstance(value, str) and feature.id != "price":
                includes.append((ctx.cat("feature_name", feature.name), ctx.cat("feature_value", value)))
        action, href = _call_to_action(ctx, tier)
        cards.append(
            Card(
                tier.id,
                ctx.cat("tier_name", tier.name),
                price,
                note,
                ctx.cat("tier_summary", tier.summary),
                limits_title,
                limits,
                includes,
                action,
                href,
            )
        )
    return cards


def _call_to_action(ctx: Context, tier: object) -> tuple[str, str]:
    """The card's button: the tier's own link, or contact sales for a tier priced on request."""
    pricing, url = getattr(tier, "pricing", ""), getattr(tier, "signup_url", None)
    if pricing == "on_request":
        href = url or ctx.catalog.provider.contact_url
        return (ctx._("Contact sales"), href) if href else ("", "")
    if url is None:
        return "", ""
    # TRANSLATORS: the button of the free tier's card.
    return (ctx._("Start for free") if pricing == "free" else ctx._("Get an API key")), url


def tier_matrix(ctx: Context) -> Table | None:
    """The features of every tier side by side; None when the catalogue lists no features."""
    if not ctx.catalog.features:
        return None
    columns = [Cell(ctx._("Feature"))] + [Cell(ctx.cat("tier_name", tier.name)) for tier in ctx.catalog.tiers]
    rows = []
    for feature in ctx.catalog.features:
        row = [Cell(ctx.cat("feature_name", feature.name))]
        for tier in ctx.catalog.tiers:
            value = feature.values[tier.id]
            if value is True:
                row.append(Cell("✓", sr=ctx._("included"), sort="1"))
            elif value is False:
                row.append(Cell("—", sr=ctx._("not included"), sort="0"))
            else:
                row.append(Cell(ctx.cat("feature_value", value)))
        rows.append(row)
    return Table("tiers", ctx._("Compare the tiers"), columns, rows)


def limit_keys_for(models: list[AnyModel], tier_id: str) -> list[str]:
    return [
        key
        for key in LIMIT_KEYS
        if any(getattr(m.limits[tier_id], key) is not None for m in models if tier_id in m.limits)
    ]


def rate_limit_tables(ctx: Context, limit: int | None = None) -> list[Table]:
    """One table per tier and kind of model, so columns always mean the same unit (each with
    the kind's first `limit` models)."""
    tables = []
    for tier in ctx.catalog.limited_tiers:
        tier_name = ctx.cat("tier_name", tier.name)
        for kind, title in KIND_TITLES.items():
            models = ctx.catalog.models_of(kind)[:limit]
            keys = limit_keys_for(models, tier.id)
            if not models or not keys:
                continue
            columns = [Cell(ctx._("Tool") if kind == "tool" else ctx._("Model"))] + [
                Cell(limit_label(ctx, key, models[0]), numeric=True) for key in keys
            ]
            rows = [
                [name_cell(ctx, m, describe=False)]
                + [int_cell(ctx, getattr(m.limits[tier.id], key)) for key in keys]
                for m in models
            ]
            # TRANSLATORS: a table's caption, a label: the tier's name, then the kind of model.
            caption = ctx._("%(tier)s: %(kind)s") % {"tier": tier_name, "kind": ctx._(title)}
            tables.append(Table(f"limits-{tier.id}-{kind}", caption, columns, rows))
    return tables


def custom_limit_tiers(ctx: Context) -> list[str]:
    return [ctx.cat("tier_name", t.name) for t in ctx.catalog.tiers if t.custom_limits]


# ── Facts ───────────────────────────────────────────────────────────────────────────────
def batch_window(ctx: Context) -> str:
    batch = ctx.catalog.batch
    if batch.window_hours is not None:
        return ctx._("within %(hours)s") % {
            "hours": ctx.n_("%(num)s hour", "%(num)s hours", batch.window_hours)
        }
    assert batch.window_min_hours is not None and batch.window_max_days is not None
    return ctx._("from %(hours)s to %(days)s") % {
        "hours": ctx.n_("%(num)s hour", "%(num)s hours", batch.window_min_hours),
        "days": ctx.n_("%(num)s day", "%(num)s days", batch.window_max_days),
    }


def batch_facts(ctx: Context) -> list[tuple[str, str]]:
    batch = ctx.catalog.batch
    facts = [
        (ctx._("Batch discount"), ctx.fmt.percent(batch.discount_percent)),
        (ctx._("Batch completion window"), batch_window(ctx)),
    ]
    shares = set()
    for model in ctx.catalog.models:
        if model.status == "retired":
            continue
        plain = _plain(prices.points(current_price(model, ctx.today)))
        if "cached_input" in plain and "input" in plain and plain["input"].amount:
            shares.add(100 - plain["cached_input"].amount * 100 / plain["input"].amount)
    if shares:
        ordered = sorted(shares)
        text = (
            ctx.fmt.percent(ordered[0])
            if len(ordered) == 1
            else ctx._("%(low)s to %(high)s")
            % {"low": ctx.fmt.percent(ordered[0]), "high": ctx.fmt.percent(ordered[-1])}
        )
        facts.append((ctx._("Cached input discount"), text))
    for service in ctx.catalog.service_tiers:
        name = ctx.cat("service_tier_name", service.name)
        facts.append((name, multiplier_text(ctx, service.multiplier)))
    for region in ctx.catalog.regions:
        facts.append((ctx.cat("region_name", region.name), "+" + ctx.fmt.percent(region.uplift_percent)))
    if ctx.catalog.off_peak is not None:
        window = ctx.catalog.off_peak
        facts.append(
            (
                ctx._("Off-peak discount, %(window)s") % {"window": off_peak_window(ctx)},
                ctx.fmt.percent(window.discount_percent),
            )
        )
    return facts


def multiplier_text(ctx: Context, multiplier: Decimal) -> str:
    """`0.5` → `50% of the standard price`, `1.8` → `180% of the standard price`."""
    return ctx._("%(percent)s of the standard price") % {"percent": ctx.fmt.percent(multiplier * 100)}


def off_peak_window(ctx: Context) -> str:
    """The off-peak window in the visitor's time format: `4:30 PM to 12:30 AM UTC`."""
    window = ctx.catalog.off_peak
    assert window is not None
    start, end = (dt.time.fromisoformat(t) for t in (window.start, window.end))
    return ctx._("%(start)s to %(end)s %(zone)s") % {
        "start": ctx.fmt.time(start),
        "end": ctx.fmt.time(end),
        "zone": window.timezone,
    }


def billing_facts(ctx: Context) -> list[tuple[str, str]]:
    """Invoicing, spend alerts and payment methods: only those the catalogue lists."""
    billing = ctx.catalog.billing
    facts = [
        (
            ctx._("Invoices issued when usage reaches"),
            ctx.fmt.join([ctx.fmt.whole_price(a) for a in billing.invoice_thresholds]),
        ),
        (
            ctx._("Spend limit alerts at"),
            ctx.fmt.join([ctx.fmt.percent(p) for p in billing.spend_alerts_percent]),
        ),
        (
            ctx._("Payment methods"),
            ctx.fmt.join([ctx.cat("payment_method", m) for m in billing.payment_methods]),
        ),
    ]
    return [(label, value) for label, value in facts if value]


# ── Model pages ─────────────────────────────────────────────────────────────────────────
def model_facts(ctx: Context, model: AnyModel) -> list[tuple[str, str]]:
    facts = [(ctx._("Kind"), ctx._(KIND_NAMES[model.kind]))]
    facts.append((ctx._("Model id"), model.id))
    badge = status_badge(ctx, model)
    if badge:
        facts.append((ctx._("Status"), badge))
    if isinstance(model, ChatModel | EmbeddingModel | ModerationModel | RerankModel) and model.context_window:
        text = ctx.n_("%(num)s token", "%(num)s tokens", model.context_window)
        label = getattr(model, "context_label", None)
        facts.append((ctx._("Context window"), f"{text} ({label})" if label else text))
    if isinstance(model, ChatModel):
        if model.max_output:
            facts.append(
                (ctx._("Longest output"), ctx.n_("%(num)s token", "%(num)s tokens", model.max_output))
            )
        if model.speed_tps:
            facts.append(
                (
                    ctx._("Speed"),
                    ctx.n_("%(num)s token per second", "%(num)s tokens per second", model.speed_tps),
                )
            )
    if isinstance(model, EmbeddingModel) and model.dimensions:
        facts.append((ctx._("Vector length"), ctx.fmt.integer(model.dimensions)))
    if isinstance(model, SpeechModel) and model.speed_cps:
        facts.append(
            (
                ctx._("Speed"),
                ctx.n_("%(num)s character per second", "%(num)s characters per second", model.speed_cps),
            )
        )
    if isinstance(model, TranscriptionModel):
        if model.min_billed_seconds:
            facts.append((ctx._("Minimum billed per request"), seconds(ctx, model.min_billed_seconds)))
        if model.speed_factor:
            facts.append(
                (
                    ctx._("Speed"),
                    # TRANSLATORS: how many times faster than real time a transcription runs (189×).
                    ctx.n_("%(num)s× real time", "%(num)s× real time", model.speed_factor),
                )
            )
    batch = ctx._("available") if model.batch else ctx._("not available")
    facts.append((ctx.p_("model fact", "Batch processing"), batch))
    price = current_price(model, ctx.today)
    since = ctx.fmt.date(price.since) if price.since else ctx._("launch")
    facts.append((ctx._("Prices in effect since"), since))
    return facts


def tier_columns(ctx: Context, model: AnyModel) -> list[tuple[str, str]]:
    """(service tier id, column title) of the tiers the model is offered in."""
    out = [("standard", ctx._("Standard"))]
    for tier in prices.service_tiers(ctx.catalog, model)[1:]:
        if tier == "batch":
            out.append((tier, ctx._("With Batch API")))
        else:
            service = ctx.catalog.service_tier(tier)
            assert service is not None
            out.append((tier, ctx.cat("service_tier_name", service.name)))
    return out


def model_price_table(ctx: Context, model: AnyModel, entry: PriceEntry | None = None) -> Table:
    """Every price of the model, a row each, with a column per service tier it is offered in, per
    region, and for the off-peak window."""
    entry = entry or current_price(model, ctx.today)
    tiers = tier_columns(ctx, model)
    by_tier = {tier: {p.key: p for p in prices.tier_points(ctx.catalog, entry, tier)} for tier, _ in tiers}
    regions = [r for r in ctx.catalog.regions if r.id in prices.regions_of(ctx.catalog, model)]
    off_peak = prices.off_peak_applies(ctx.catalog, model)
    columns = [Cell(ctx._("Price"))] + [Cell(title, numeric=True) for _, title in tiers]
    columns += [Cell(ctx.cat("region_name", r.name), numeric=True) for r in regions]
    if off_peak:
        columns.append(Cell(ctx._("Off-peak"), numeric=True))
    rows = []
    for point in prices.points(entry):
        row = [Cell(point_label(ctx, model.kind, point)), point_cell(ctx, point)]
        usage = point.dimension in prices.USAGE
        for tier, _ in tiers[1:]:
            row.append(point_cell(ctx, by_tier[tier].get(point.key) if usage else None))
        for region in regions:
            row.append(point_cell(ctx, prices.uplifted(point, region.uplift_percent) if usage else None))
        if off_peak:
            assert ctx.catalog.off_peak is not None
            discounted = prices.uplifted(point, -ctx.catalog.off_peak.discount_percent)
            row.append(point_cell(ctx, discounted if usage and point.per.unit == "token" else None))
        rows.append(row)
    return Table("prices", ctx._("Prices"), columns, rows)


def service_notes(ctx: Context, model: AnyModel) -> list[str]:
    """Sentences under a model's prices: what each service tier, region and the off-peak window mean."""
    notes = []
    for tier in model.service_tiers:
        service = ctx.catalog.service_tier(tier)
        if service is not None and service.summary:
            notes.append(
                ctx._("%(tier)s: %(summary)s")
                % {
                    "tier": ctx.cat("service_tier_name", service.name),
                    "summary": ctx.cat("service_tier_summary", service.summary),
                }
            )
    if prices.off_peak_applies(ctx.catalog, model):
        assert ctx.catalog.off_peak is not None
        notes.append(
            ctx._("Off-peak: token prices are %(discount)s lower from %(window)s every day.")
            % {
                "discount": ctx.fmt.percent(ctx.catalog.off_peak.discount_percent),
                "window": off_peak_window(ctx),
            }
        )
    fine = current_price(model, ctx.today).fine_tuning
    if fine is not None and fine.tiers:
        names = [ctx.cat("tier_name", ctx.catalog.tier(t).name) for t in fine.tiers]
        notes.append(ctx._("Fine-tuning is offered in: %(tiers)s.") % {"tiers": ctx.fmt.join(names)})
    return notes


def model_limit_table(ctx: Context, model: AnyModel) -> Table | None:
    tiers = [t for t in ctx.catalog.limited_tiers if t.id in model.limits]
    if not tiers:
        return None
    keys = [k for k in LIMIT_KEYS if any(getattr(model.limits[t.id], k) is not None for t in tiers)]
    if not keys:
        return None
    columns = [Cell(ctx._("Tier"))] + [Cell(limit_label(ctx, k, model), numeric=True) for k in keys]
    rows = [
        [Cell(ctx.cat("tier_name", t.name))] + [int_cell(ctx, getattr(model.limits[t.id], k)) for k in keys]
        for t in tiers
    ]
    return Table("limits", ctx._("Rate limits"), columns, rows)


def upcoming(ctx: Context, model: AnyModel) -> PriceEntry | None:
    later = upcoming_prices(model, ctx.today)
    return later[0] if later else None


def model_index(ctx: Context, limit: int | None = None) -> list[tuple[str, str, list[Cell]]]:
    """Per kind: its id, its title and links to its models (the first `limit`)."""
    return [
        (kind, ctx._(title), [name_cell(ctx, m) for m in ctx.catalog.models_of(kind)[:limit]])
        for kind, title in KIND_TITLES.items()
        if ctx.catalog.models_of(kind)
    ]


# ── Large catalogues: list pages and the finder ───────────────────────────────────────────
#: Models per list page (`all-models/chat/2/`).
LIST_PAGE_SIZE = 100


def truncated(ctx: Context, limit: int | None) -> bool:
    """Whether the overview leaves out some models (a kind has more than `limit`)."""
    return limit is not None and any(len(ctx.catalog.models_of(kind)) > limit for kind in KIND_TITLES)


def list_kinds(catalog: Catalog, limit: int | None) -> list[str]:
    """The kinds with more models than the overview shows: each gets list pages."""
    return [k for k in KIND_TITLES if limit is not None and len(catalog.models_of(k)) > limit]


def list_page_count(ctx: Context | Catalog, kind: str) -> int:
    catalog = ctx.catalog if isinstance(ctx, Context) else ctx
    return max(1, -(-len(catalog.models_of(kind)) // LIST_PAGE_SIZE))


def list_path(kind: str, number: int = 1) -> str:
    """`all-models/chat/`, `all-models/chat/2/` (from the language's root)."""
    return f"{LISTS_PATH}{kind}/" + (f"{number}/" if number > 1 else "")


def list_table(ctx: Context, kind: str, number: int) -> Table:
    start = (number - 1) * LIST_PAGE_SIZE
    table = kind_table(ctx, kind, window=(start, start + LIST_PAGE_SIZE))
    assert table is not None
    return table


def pagination(ctx: Context, kind: str, current: int, pages: int) -> list[tuple[str, str, str]]:
    """The links of a list page's pagination: (text, href or "" for the current page, rel)."""
    here = ctx.base_url
    links: list[tuple[str, str, str]] = []
    if current > 1:
        links.append((ctx._("Previous page"), here + list_path(kind, current - 1), "prev"))
    previous = 0
    for number in sorted({1, pages, *range(max(1, current - 2), min(pages, current + 2) + 1)}):
        if number - previous > 1:
            links.append(("…", "", "gap"))
        href = "" if number == current else here + list_path(kind, number)
        links.append((ctx.fmt.integer(number), href, "page"))
        previous = number
    if current < pages:
        links.append((ctx._("Next page"), here + list_path(kind, current + 1), "next"))
    return links


def finder(ctx: Context) -> dict[str, Any]:
    """Every model of the language for the overview's search: name, id, kind, main prices, page
    (relative to `models/`), features."""
    models = []
    for model in ctx.catalog.models:
        if model.status == "retired":
            continue
        plain = _plain(prices.points(current_price(model, ctx.today)))
        main = [
            f"{dimension_label(ctx, model.kind, d)} {point_cell(ctx, plain[d]).text}"
            for d in COLUMNS[model.kind]
            if d in plain
        ]
        models.append(
            {
                "name": ctx.model_name(model),
                "id": model.id,
                "kind": model.kind,
                "kind_name": ctx._(KIND_NAMES[model.kind]),
                "prices": " · ".join(main),
                "href": f"{model.page_slug}/",
                "status": model.status,
                "features": list(capabilities(ctx, model, prices.points(current_price(model, ctx.today)))),
            }
        )
    return {"locale": ctx.locale, "models": models}
