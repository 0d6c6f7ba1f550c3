"""Plain view-models of the catalogue for one locale: every string already translated and formatted.

Templates only place these strings; they never format a number or pick a translation.
"""

from __future__ import annotations

import datetime as dt
import gettext
from dataclasses import dataclass, field
from decimal import Decimal

from tarifa.catalogue.comparisons import LoadedComparisons
from tarifa.catalogue.exchange import SMALL, Display, approximate
from tarifa.catalogue.model import (
    LIMIT_KEYS,
    AnyModel,
    Catalog,
    CharPrice,
    ChatModel,
    ChatPrice,
    HourPrice,
    SpeechModel,
    ToolPrice,
    TranscriptionModel,
    current_price,
)
from tarifa.l10n.domains import CONTEXTS
from tarifa.l10n.formatting import Formatter, formatter, per_dollar


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


@dataclass
class Table:
    id: str
    caption: str
    columns: list[Cell]
    rows: list[list[Cell]]


@dataclass
class Card:
    id: str
    name: str
    price: str
    price_note: str
    summary: str
    limits_title: str
    limits: list[tuple[str, str]]
    includes: list[str]
    action: str = ""
    action_href: str = ""


@dataclass
class Context:
    """Everything a template needs for one locale of one build."""

    catalog: Catalog
    locale: str
    fmt: Formatter
    #: Tarifa's interface (the `tarifa` domain) in this locale.
    t: gettext.NullTranslations
    today: dt.date
    base_url: str = ""
    #: The provider's texts (the `pricing` domain): tier and model names, descriptions, ...
    texts: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)
    models_url: str = "models/"
    extra: dict[str, str] = field(default_factory=dict)
    #: The locale's display currency, when it shows approximate converted prices.
    display: Display | None = None
    #: Other providers' offers (pricing/comparisons.yaml), when the project has them.
    comparisons: LoadedComparisons | None = None

    # ── translation helpers ─────────────────────────────────────────────────────────
    def _(self, message: str) -> str:
        return self.t.gettext(message)

    def n_(self, singular: str, plural: str, count: int, **values: str) -> str:
        values.setdefault("num", self.fmt.integer(count))
        return self.t.ngettext(singular, plural, count) % values

    def p_(self, context: str, message: str) -> str:
        """A string whose English has more than one meaning: `context` says which (msgctxt)."""
        return self.t.pgettext(context, message)

    def cat(self, kind: str, message: str) -> str:
        """A translatable string from the catalogue (the provider's domain), with its msgctxt."""
        return self.texts.pgettext(CONTEXTS[kind], message)

    def model_name(self, model: AnyModel) -> str:
        return self.cat("model_name", model.name) if model.translate_name else model.name

    def model_href(self, model: AnyModel) -> str:
        return f"{self.base_url}{self.models_url}{model.id}/"


def batch_price(ctx: Context, price: Decimal) -> Decimal:
    return price * (100 - ctx.catalog.batch.discount_percent) / 100


def _none(ctx: Context) -> Cell:
    return Cell("—", numeric=True, sr=ctx._("not available"), missing=True)


def price_cell(ctx: Context, amount: Decimal | None, *, tokens: bool = False) -> Cell:
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
    approx = approximate_price(ctx, amount)
    label = ctx._("approximately") if approx else ""
    return Cell(
        ctx.fmt.price(amount), numeric=True, note=note, sort=str(amount), approx=approx, approx_label=label
    )


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
    return Cell(ctx.model_name(model), href=ctx.model_href(model), note=note)


def _description(ctx: Context, model: AnyModel) -> str:
    return ctx.cat("model_description", model.description) if model.description else ""


# ── Price tables ────────────────────────────────────────────────────────────────────────
def chat_table(ctx: Context) -> Table:
    columns = [
        Cell(ctx._("Model")),
        Cell(ctx._("Speed (tokens per second)"), numeric=True),
        Cell(ctx._("Context window (tokens)"), numeric=True),
        Cell(ctx._("Input per 1M tokens"), numeric=True),
        Cell(ctx._("Cached input per 1M tokens"), numeric=True),
        Cell(ctx._("Output per 1M tokens"), numeric=True),
    ]
    rows = []
    for model in ctx.catalog.models_of("chat"):
        assert isinstance(model, ChatModel)
        price = current_price(model, ctx.today)
        assert isinstance(price, ChatPrice)
        rows.append(
            [
                name_cell(ctx, model),
                int_cell(ctx, model.speed_tps),
                int_cell(ctx, model.context_window),
                price_cell(ctx, price.input, tokens=True),
                price_cell(ctx, price.cached_input, tokens=True),
                price_cell(ctx, price.output, tokens=True),
            ]
        )
    return Table("chat", ctx._("Chat models"), columns, rows)


def tts_table(ctx: Context) -> Table:
    columns = [Cell(ctx._("Model")), Cell(ctx._("Price per 1M characters"), numeric=True)]
    rows = []
    for model in ctx.catalog.models_of("tts"):
        price = current_price(model, ctx.today)
        assert isinstance(price, CharPrice)
        rows.append([name_cell(ctx, model), price_cell(ctx, price.characters)])
    return Table("tts", ctx._("Text to speech"), columns, rows)


def asr_table(ctx: Context) -> Table:
    columns = [
        Cell(ctx._("Model")),
        Cell(ctx._("Speed (times real time)"), numeric=True),
        Cell(ctx._("Price per hour of audio"), numeric=True),
        Cell(ctx._("Minimum billed per request"), numeric=True),
    ]
    rows = []
    for model in ctx.catalog.models_of("asr"):
        assert isinstance(model, TranscriptionModel)
        price = current_price(model, ctx.today)
        assert isinstance(price, HourPrice)
        rows.append(
            [
                name_cell(ctx, model),
                int_cell(ctx, model.speed_factor),
                price_cell(ctx, price.hour),
                Cell(
                    seconds(ctx, model.min_billed_seconds), numeric=True, sort=str(model.min_billed_seconds)
                ),
            ]
        )
    return Table("asr", ctx._("Speech recognition"), columns, rows)


def tool_table(ctx: Context) -> Table:
    columns = [Cell(ctx._("Tool")), Cell(ctx._("Price"), numeric=True), Cell(ctx._("Billed"))]
    rows = []
    for model in ctx.catalog.models_of("tool"):
        price = current_price(model, ctx.today)
        assert isinstance(price, ToolPrice)
        amount, unit = tool_unit(ctx, price)
        rows.append([name_cell(ctx, model), price_cell(ctx, amount), Cell(unit)])
    return Table("tools", ctx._("Built-in tools"), columns, rows)


def tool_unit(ctx: Context, price: ToolPrice) -> tuple[Decimal, str]:
    if price.requests is not None:
        return price.requests, ctx._("per %(count)s requests") % {"count": ctx.fmt.integer(1000)}
    assert price.hour is not None
    return price.hour, ctx._("per hour of use")


def seconds(ctx: Context, count: int) -> str:
    return ctx.n_("%(num)s second", "%(num)s seconds", count)


def price_tables(ctx: Context) -> list[Table]:
    builders = {"chat": chat_table, "tts": tts_table, "asr": asr_table, "tool": tool_table}
    return [build(ctx) for kind, build in builders.items() if ctx.catalog.models_of(kind)]


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
        includes = []
        for feature in ctx.catalog.features:
            value = feature.values.get(tier.id)
            if value is True:
                includes.append(ctx.cat("feature_name", feature.name))
            elif isinstance(value, str) and feature.id != "price":
                label = {
                    "feature": ctx.cat("feature_name", feature.name),
                    "value": ctx.cat("feature_value", value),
                }
                includes.append(ctx._("%(feature)s: %(value)s") % label)
        action, href = "", ""
        if tier.pricing == "on_request" and ctx.catalog.provider.contact_url:
            action, href = ctx._("Contact sales"), ctx.catalog.provider.contact_url
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


def tier_matrix(ctx: Context) -> Table:
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


def rate_limit_tables(ctx: Context) -> list[Table]:
    """One table per tier and kind of model, so columns always mean the same unit."""
    tables = []
    kinds = {
        "chat": ctx._("Chat models"),
        "tts": ctx._("Text to speech"),
        "asr": ctx._("Speech recognition"),
        "tool": ctx._("Built-in tools"),
    }
    for tier in ctx.catalog.limited_tiers:
        tier_name = ctx.cat("tier_name", tier.name)
        for kind, kind_name in kinds.items():
            models = ctx.catalog.models_of(kind)
            if not models:
                continue
            keys = limit_keys_for(models, tier.id)
            columns = [Cell(ctx._("Model"))] + [
                Cell(limit_label(ctx, key, models[0]), numeric=True) for key in keys
            ]
            rows = [
                [name_cell(ctx, m, describe=False)]
                + [int_cell(ctx, getattr(m.limits[tier.id], key)) for key in keys]
                for m in models
            ]
            caption = ctx._("%(tier)s tier: %(kind)s") % {"tier": tier_name, "kind": kind_name}
            tables.append(Table(f"limits-{tier.id}-{kind}", caption, columns, rows))
    return tables


def custom_limit_tiers(ctx: Context) -> list[str]:
    return [ctx.cat("tier_name", t.name) for t in ctx.catalog.tiers if t.custom_limits]


# ── Facts ───────────────────────────────────────────────────────────────────────────────
def batch_facts(ctx: Context) -> list[tuple[str, str]]:
    batch = ctx.catalog.batch
    window = ctx._("from %(hours)s to %(days)s") % {
        "hours": ctx.n_("%(num)s hour", "%(num)s hours", batch.window_min_hours),
        "days": ctx.n_("%(num)s day", "%(num)s days", batch.window_max_days),
    }
    facts = [
        (ctx._("Batch discount"), ctx.fmt.percent(batch.discount_percent)),
        (ctx._("Batch completion window"), window),
    ]
    cached = [
        m
        for m in ctx.catalog.models_of("chat")
        if isinstance(m, ChatModel)
        and isinstance(p := current_price(m, ctx.today), ChatPrice)
        and p.cached_input is not None
    ]
    if cached:
        shares = sorted(
            {
                100 - (p.cached_input * 100 / p.input)
                for m in cached
                if isinstance(p := current_price(m, ctx.today), ChatPrice)
                and p.cached_input is not None
                and p.input
            }
        )
        text = (
            ctx.fmt.percent(shares[0])
            if len(shares) == 1
            else ctx._("%(low)s to %(high)s")
            % {"low": ctx.fmt.percent(shares[0]), "high": ctx.fmt.percent(shares[-1])}
        )
        facts.append((ctx._("Cached input discount"), text))
    return facts


def billing_facts(ctx: Context) -> list[tuple[str, str]]:
    billing = ctx.catalog.billing
    return [
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


# ── Model pages ─────────────────────────────────────────────────────────────────────────
def N_(message: str) -> str:
    """Mark a string for extraction; it is translated where it is used."""
    return message


KIND_NAMES = {
    "chat": N_("Chat model"),
    "tts": N_("Text-to-speech model"),
    "asr": N_("Speech-recognition model"),
    "tool": N_("Built-in tool"),
}


def model_facts(ctx: Context, model: AnyModel) -> list[tuple[str, str]]:
    facts = [(ctx._("Kind"), ctx._(KIND_NAMES[model.kind]))]
    facts.append((ctx._("Model id"), model.id))
    if isinstance(model, ChatModel):
        facts.append(
            (ctx._("Context window"), ctx.n_("%(num)s token", "%(num)s tokens", model.context_window))
        )
        if model.max_output:
            facts.append(
                (ctx._("Longest output"), ctx.n_("%(num)s token", "%(num)s tokens", model.max_output))
            )
        if model.speed_tps:
            facts.append(
                (
                    ctx._("Speed"),
                    ctx._("%(speed)s tokens per second") % {"speed": ctx.fmt.integer(model.speed_tps)},
                )
            )
    if isinstance(model, TranscriptionModel):
        facts.append((ctx._("Minimum billed per request"), seconds(ctx, model.min_billed_seconds)))
        if model.speed_factor:
            facts.append(
                (
                    ctx._("Speed"),
                    ctx._("%(factor)s times real time") % {"factor": ctx.fmt.integer(model.speed_factor)},
                )
            )
    batch = ctx._("available") if model.batch else ctx._("not available")
    facts.append((ctx.p_("model fact", "Batch processing"), batch))
    price = current_price(model, ctx.today)
    facts.append((ctx._("Prices in effect since"), ctx.fmt.date(price.since)))
    return facts


def price_rows(
    ctx: Context, model: AnyModel, price: ChatPrice | CharPrice | HourPrice | ToolPrice
) -> list[tuple[str, Decimal | None, bool]]:
    """(label, amount, priced per token) for each price of one dated price entry."""
    if isinstance(price, ChatPrice):
        return [
            (ctx._("Input per 1M tokens"), price.input, True),
            (ctx._("Cached input per 1M tokens"), price.cached_input, True),
            (ctx._("Output per 1M tokens"), price.output, True),
        ]
    if isinstance(price, CharPrice):
        return [(ctx._("Price per 1M characters"), price.characters, False)]
    if isinstance(price, HourPrice):
        return [(ctx._("Price per hour of audio"), price.hour, False)]
    amount, unit = tool_unit(ctx, price)
    return [(ctx._("Price") + " " + unit, amount, False)]


def model_price_table(ctx: Context, model: AnyModel) -> Table:
    price = current_price(model, ctx.today)
    columns = [Cell(ctx._("Price")), Cell(ctx._("Standard"), numeric=True)]
    if model.batch:
        columns.append(Cell(ctx._("With Batch API"), numeric=True))
    rows = []
    for label, amount, tokens in price_rows(ctx, model, price):
        row = [Cell(label), price_cell(ctx, amount, tokens=tokens)]
        if model.batch:
            row.append(price_cell(ctx, None if amount is None else batch_price(ctx, amount), tokens=tokens))
        rows.append(row)
    return Table("prices", ctx._("Prices"), columns, rows)


def model_limit_table(ctx: Context, model: AnyModel) -> Table | None:
    tiers = [t for t in ctx.catalog.limited_tiers if t.id in model.limits]
    if not tiers:
        return None
    keys = [k for k in LIMIT_KEYS if any(getattr(model.limits[t.id], k) is not None for t in tiers)]
    columns = [Cell(ctx._("Tier"))] + [Cell(limit_label(ctx, k, model), numeric=True) for k in keys]
    rows = [
        [Cell(ctx.cat("tier_name", t.name))] + [int_cell(ctx, getattr(model.limits[t.id], k)) for k in keys]
        for t in tiers
    ]
    return Table("limits", ctx._("Rate limits"), columns, rows)


def model_index(ctx: Context) -> list[tuple[str, list[Cell]]]:
    kinds = {
        "chat": ctx._("Chat models"),
        "tts": ctx._("Text to speech"),
        "asr": ctx._("Speech recognition"),
        "tool": ctx._("Built-in tools"),
    }
    return [
        (name, [name_cell(ctx, m) for m in ctx.catalog.models_of(kind)])
        for kind, name in kinds.items()
        if ctx.catalog.models_of(kind)
    ]
