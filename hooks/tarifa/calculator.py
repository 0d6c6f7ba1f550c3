"""The cost calculator: what a day and a month of usage cost, as exact decimals.

This module is the reference for the calculator on the pricing page: the JavaScript there
(`docs/javascripts/calculator.js`) follows the same rules with BigInt decimals, and a browser
test compares both on many inputs. The rules, also stated on the page:

- A month is 30 days: the monthly cost is the daily cost times 30.
- Chat models: input and output tokens per day at the prices per 1M tokens. The cached share
  (percent of the input tokens served from the prompt cache) is billed at the cached-input
  price when the model has one, and at the input price otherwise.
- Text to speech: characters per day at the price per 1M characters.
- Speech recognition: hours of audio per day at the price per hour. Each request is billed at
  least the model's minimum (10 seconds), which the page explains; the estimate assumes longer
  recordings, so that it stays exact (a second is a 3,600th of an hour, a repeating decimal).
- Tools: requests per day at the price per 1,000 requests, or hours per day at the price per hour.
- Batch: the discount applies to the whole cost of a model that supports batch, in a tier that
  pays per use.
- Free tier (and any tier that is not pay-per-use): no cost. Every tier with limits gets a check
  of the daily limits the inputs measure: tokens or characters per day (`tpd`), audio seconds
  per day (`asd`) and requests per day (`rpd`, for tools priced per request). Per-minute limits
  depend on how requests spread over the day and are not checked. Tiers priced on request
  (Enterprise) are not offered in the calculator.

>>> from decimal import Decimal as D
>>> from tarifa.catalog import ChatModel
>>> m = ChatModel.model_validate({"id": "m", "kind": "chat", "name": "M", "context_window": 1,
...     "batch": True, "prices": [{"since": "2025-01-01", "input": "0.075", "output": "0.30",
...     "cached_input": "0.0375"}]})
>>> cost(m, m.prices[0], Usage(input_tokens=D(1_000_000), output_tokens=D(200_000)),
...      cached_share=D(40), batch_discount=D(50))
Decimal('0.0600')
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, Inexact, localcontext
from typing import TYPE_CHECKING, Any

from markupsafe import Markup

from .catalog import (
    AnyPrice,
    CharPrice,
    ChatModel,
    ChatPrice,
    HourPrice,
    SpeechModel,
    Tier,
    Tool,
    ToolPrice,
    TranscriptionModel,
)
from .views import Context, current_price, limit_label, seconds

if TYPE_CHECKING:  # render imports this module: no import cycle at run time
    from .render import Output, Page

AnyModel = ChatModel | SpeechModel | TranscriptionModel | Tool

#: Days in the calculator's month.
MONTH_DAYS = 30
#: Fraction digits of the amounts shown (the exact amount is kept in a data attribute).
SHOWN_DECIMALS = 6
MILLION = Decimal(1_000_000)
THOUSAND = Decimal(1_000)
HOUR_SECONDS = 3600
ZERO = Decimal(0)
#: The usage the form starts with.
DEFAULTS = {
    "input_tokens": "1000000",
    "output_tokens": "200000",
    "characters": "100000",
    "hours": "1",
    "requests": "1000",
    "cached_share": "0",
}


@dataclass(frozen=True)
class Usage:
    """Usage per day, in the units models are billed by; every amount is zero or more."""

    input_tokens: Decimal = ZERO
    output_tokens: Decimal = ZERO
    characters: Decimal = ZERO
    hours: Decimal = ZERO
    requests: Decimal = ZERO

    def __post_init__(self) -> None:
        for name in ("input_tokens", "output_tokens", "characters", "hours", "requests"):
            value = getattr(self, name)
            if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
                raise ValueError(f"{name}: expected a finite amount of zero or more, found {value!r}")


@dataclass(frozen=True)
class Estimate:
    """The cost of a day and of a month, exact, and the daily limits the usage exceeds."""

    daily: Decimal
    monthly: Decimal
    exceeded: tuple[str, ...] = ()
    batch: bool = False


def billing_unit(model: AnyModel, price: AnyPrice) -> str:
    """What the calculator asks for: chat, tts, asr, tool-requests or tool-hours."""
    if isinstance(price, ToolPrice):
        return "tool-requests" if price.requests is not None else "tool-hours"
    return model.kind


#: The daily limit each kind of usage is checked against (per-minute limits are not checked).
MEASURED = {"chat": "tpd", "tts": "tpd", "asr": "asd", "tool-requests": "rpd"}


def cost(
    model: AnyModel,
    price: AnyPrice,
    usage: Usage,
    *,
    cached_share: Decimal = ZERO,
    batch_discount: Decimal | None = None,
) -> Decimal:
    """The exact cost of one day of `usage` at `price`; `batch_discount` in percent, if batched."""
    if not ZERO <= cached_share <= 100:
        raise ValueError(f"cached_share: expected a percentage from 0 to 100, found {cached_share}")
    with localcontext() as context:
        context.prec = 200  # every operation below is exact: products and shifts of decimals,
        context.traps[Inexact] = True  # and an amount too long for that would raise, not round
        daily: Decimal
        if isinstance(price, ChatPrice):
            cached = usage.input_tokens * cached_share / 100 if price.cached_input is not None else ZERO
            daily = (
                (usage.input_tokens - cached) * price.input
                + cached * (price.cached_input or ZERO)
                + usage.output_tokens * price.output
            ) / MILLION
        elif isinstance(price, CharPrice):
            daily = usage.characters * price.characters / MILLION
        elif isinstance(price, HourPrice):
            daily = usage.hours * price.hour
        elif price.requests is not None:
            daily = usage.requests * price.requests / THOUSAND
        else:
            assert price.hour is not None
            daily = usage.hours * price.hour
        if batch_discount is not None and model.batch:
            daily = daily * (100 - batch_discount) / 100
        return daily


def measured_usage(unit: str, usage: Usage) -> Decimal:
    """The usage that counts against the daily limit `MEASURED[unit]`."""
    if unit == "chat":
        return usage.input_tokens + usage.output_tokens
    if unit == "tts":
        return usage.characters
    if unit == "asr":
        return usage.hours * HOUR_SECONDS
    return usage.requests


def exceeded_limits(model: AnyModel, tier: Tier, price: AnyPrice, usage: Usage) -> tuple[str, ...]:
    """Keys of the tier's daily limits that `usage` goes beyond (at most one: see `MEASURED`)."""
    unit = billing_unit(model, price)
    key = MEASURED.get(unit)
    limits = model.limits.get(tier.id)
    if key is None or limits is None or getattr(limits, key) is None:
        return ()
    return (key,) if measured_usage(unit, usage) > getattr(limits, key) else ()


def estimate(
    model: AnyModel,
    tier: Tier,
    price: AnyPrice,
    usage: Usage,
    *,
    batch_discount: Decimal,
    batch: bool = False,
    cached_share: Decimal = ZERO,
) -> Estimate:
    """Daily and monthly cost of `usage` of `model` in `tier` (`batch_discount` in percent)."""
    if tier.pricing == "on_request":
        raise ValueError(f"tier {tier.id!r} is priced on request; the calculator has no price for it")
    batched = batch and batch_allowed(model, tier)
    daily = cost(
        model, price, usage, cached_share=cached_share, batch_discount=batch_discount if batched else None
    )
    if tier.pricing != "pay_per_use":
        daily = ZERO
    with localcontext() as context:
        context.prec = 200
        context.traps[Inexact] = True
        monthly = daily * MONTH_DAYS
    return Estimate(daily, monthly, exceeded_limits(model, tier, price, usage), batched)


def batch_allowed(model: AnyModel, tier: Tier) -> bool:
    """Batch processing: for models that support it, in a tier that pays per use."""
    return model.batch and tier.pricing == "pay_per_use"


def calculator_tiers(tiers: list[Tier]) -> list[Tier]:
    """The tiers the calculator offers: those with a public price (not 'on request')."""
    return [t for t in tiers if t.pricing != "on_request"]


def plain(amount: Decimal) -> str:
    """An exact amount as plain decimal text without trailing zeros: the data attribute's form.

    >>> plain(Decimal("12.3450000")), plain(Decimal("0E-12")), plain(Decimal("1E+3"))
    ('12.345', '0', '1000')
    """
    text = format(amount, "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text


def shown(amount: Decimal) -> Decimal:
    """The amount as displayed: rounded half up to six decimals, trailing zeros dropped.

    >>> shown(Decimal("0.0000025")), shown(Decimal("12.5"))
    (Decimal('0.000003'), Decimal('12.5'))
    """
    rounded = amount.quantize(Decimal(1).scaleb(-SHOWN_DECIMALS), rounding=ROUND_HALF_UP)
    return Decimal(plain(rounded))


# ── View-model for the template ─────────────────────────────────────────────────────
@dataclass
class Option:
    value: str
    label: str
    selected: bool = False


@dataclass
class Group:
    label: str
    options: list[Option] = field(default_factory=list)


@dataclass
class Input:
    """A number input of the usage fieldset, shown for the billing units in `units`."""

    name: str
    key: str
    units: str
    label: str
    value: str
    step: str = "1"
    inputmode: str = "numeric"
    max: str = ""
    cached: bool = False
    shown: bool = True


@dataclass
class Calculator:
    """Everything calculator.html places: options, start values, the first result and the JSON data."""

    intro: str
    models: list[Group]
    tiers: list[Option]
    fields: list[Input]
    inputs: str
    month_label: str
    batch_enabled: bool
    batch_label: str
    batch_hint: str
    note: str
    daily: str
    daily_value: str
    monthly: str
    monthly_value: str
    status: str
    exceeded: str
    data: Markup


def script_json(data: Any) -> Markup:
    r"""JSON that is safe inside <script type="application/json">: no `<`, `>` or `&` in its text.

    >>> str(script_json({"a": "</script><b>&"}))
    '{"a":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return Markup(text)


def _prices(price: AnyPrice) -> dict[str, str]:
    keys = ("input", "cached_input", "output", "characters", "hour", "requests")
    return {k: str(getattr(price, k)) for k in keys if getattr(price, k, None) is not None}


def _statuses(ctx: Context, tier: Tier) -> dict[str, str]:
    """The tier's two sentences under the results; `%(limits)s` is left for the list of limits."""
    name = ctx.cat("tier_name", tier.name)
    return {
        "above": ctx._("Above the daily limits of the %(tier)s tier: %(limits)s.").replace("%(tier)s", name),
        "within": ctx._("Within the daily limits of the %(tier)s tier.") % {"tier": name},
    }


def _limit_text(ctx: Context, model: AnyModel, key: str, value: int) -> str:
    label = limit_label(ctx, key, model)
    return ctx._("%(limit)s: %(value)s") % {"limit": label, "value": ctx.fmt.integer(value)}


def status_text(ctx: Context, model: AnyModel, tier: Tier, price: AnyPrice, exceeded: tuple[str, ...]) -> str:
    """The sentence under the results: within the tier's daily limits, or which ones are exceeded."""
    key = MEASURED.get(billing_unit(model, price))
    limits = model.limits.get(tier.id)
    if key is None or limits is None or getattr(limits, key) is None:
        return ""
    statuses = _statuses(ctx, tier)
    if not exceeded:
        return statuses["within"]
    items = [_limit_text(ctx, model, k, getattr(limits, k)) for k in exceeded]
    return statuses["above"].replace("%(limits)s", ctx.fmt.join(items))


def model_note(ctx: Context, model: AnyModel, price: AnyPrice) -> str:
    """What the estimate of this model assumes, if anything."""
    if isinstance(model, TranscriptionModel):
        return ctx._(
            "Each request is billed at least %(seconds)s; the estimate assumes recordings at least that long."
        ) % {"seconds": seconds(ctx, model.min_billed_seconds)}
    if isinstance(price, ChatPrice) and price.cached_input is None:
        return ctx._("This model has no cached-input price: all input tokens are billed at the input price.")
    return ""


def _model_data(ctx: Context, model: AnyModel, tiers: list[Tier]) -> dict[str, Any]:
    price = current_price(model, ctx.today)
    unit = billing_unit(model, price)
    key = MEASURED.get(unit)
    limits: dict[str, dict[str, Any]] = {}
    for tier in tiers:
        values = model.limits.get(tier.id)
        if key is not None and values is not None and getattr(values, key) is not None:
            limit = getattr(values, key)
            limits[tier.id] = {"key": key, "max": limit, "text": _limit_text(ctx, model, key, limit)}
    return {
        "id": model.id,
        "unit": unit,
        "batch": model.batch,
        "prices": _prices(price),
        "limits": limits,
        "note": model_note(ctx, model, price),
    }


def usage_inputs(ctx: Context) -> list[Input]:
    """The usage fields: `key` is the `Usage` field (or `cached_share`) each one sets."""
    d = DEFAULTS
    return [
        Input("input-tokens", "input_tokens", "chat", ctx._("Input tokens per day"), d["input_tokens"]),
        Input("output-tokens", "output_tokens", "chat", ctx._("Output tokens per day"), d["output_tokens"]),
        Input(
            "cached-share",
            "cached_share",
            "chat",
            ctx._("Input tokens read from the prompt cache, in percent"),
            d["cached_share"],
            step="any",
            inputmode="decimal",
            max="100",
            cached=True,
        ),
        Input("characters", "characters", "tts", ctx._("Characters per day"), d["characters"]),
        Input("audio-hours", "hours", "asr", ctx._("Hours of audio per day"), d["hours"], "any", "decimal"),
        Input(
            "tool-hours", "hours", "tool-hours", ctx._("Hours of use per day"), d["hours"], "any", "decimal"
        ),
        Input("requests", "requests", "tool-requests", ctx._("Requests per day"), d["requests"]),
    ]


def intro(ctx: Context) -> list[str]:
    """The sentences above the calculator: what it computes and how (always visible)."""
    sentences = [
        ctx._("Estimate what your daily usage costs per day and per month, at the prices listed above."),
        ctx.n_("A month counts as %(num)s day.", "A month counts as %(num)s days.", MONTH_DAYS),
        ctx._("Amounts are rounded to six decimal places."),
    ]
    free = [t for t in ctx.catalog.tiers if t.pricing == "free"]
    if free:
        sentences.append(
            ctx._(
                "Usage in the %(tier)s tier costs nothing; the calculator tells you whether it fits within "
                "the tier's daily limits (per-minute limits depend on how you spread your requests)."
            )
            % {"tier": ctx.cat("tier_name", free[0].name)}
        )
    return sentences


def calculator(ctx: Context) -> Calculator:
    """The calculator's view-model, with the result of the start values computed here."""
    catalog = ctx.catalog
    tiers = calculator_tiers(catalog.tiers)
    if not tiers:
        raise ValueError("the calculator needs a tier that is not priced on request")
    tier = next((t for t in tiers if t.pricing == "pay_per_use"), tiers[0])
    model = catalog.models[0]
    price = current_price(model, ctx.today)
    kinds = {
        "chat": ctx._("Chat models"),
        "tts": ctx._("Text to speech"),
        "asr": ctx._("Speech recognition"),
        "tool": ctx._("Built-in tools"),
    }
    groups = [
        Group(name, [Option(m.id, ctx.model_name(m), m is model) for m in catalog.models_of(kind)])
        for kind, name in kinds.items()
        if catalog.models_of(kind)
    ]
    usage = Usage(**{k: Decimal(v) for k, v in DEFAULTS.items() if k != "cached_share"})
    result = estimate(
        model,
        tier,
        price,
        usage,
        batch_discount=catalog.batch.discount_percent,
        cached_share=Decimal(DEFAULTS["cached_share"]),
    )
    messages = {
        "invalid": ctx._("Enter numbers of zero or more, and a cached share from 0 to 100."),
        "noBatchModel": ctx._("This model is not available through the Batch API."),
        "noBatchTier": ctx._("The Batch API is available in tiers that pay per use."),
    }
    data = {
        "currency": catalog.currency,
        "monthDays": MONTH_DAYS,
        "decimals": SHOWN_DECIMALS,
        "batchDiscount": str(catalog.batch.discount_percent),
        "tiers": [{"id": t.id, "pricing": t.pricing, **_statuses(ctx, t)} for t in tiers],
        "models": [_model_data(ctx, m, tiers) for m in catalog.models],
        "messages": messages,
    }
    batched = batch_allowed(model, tier)
    fields = usage_inputs(ctx)
    unit = billing_unit(model, price)
    cached = isinstance(price, ChatPrice) and price.cached_input is not None
    for f in fields:
        f.shown = unit in f.units.split() and (cached or not f.cached)
    return Calculator(
        intro=" ".join(intro(ctx)),
        models=groups,
        tiers=[Option(t.id, ctx.cat("tier_name", t.name), t is tier) for t in tiers],
        fields=fields,
        inputs=" ".join(f"calc-{f.name}" for f in fields),
        month_label=ctx.n_("Per month of %(num)s day", "Per month of %(num)s days", MONTH_DAYS),
        batch_enabled=batched,
        batch_label=ctx._("Use the Batch API (%(discount)s off)")
        % {"discount": ctx.fmt.percent(catalog.batch.discount_percent)},
        batch_hint="" if batched else messages["noBatchModel" if not model.batch else "noBatchTier"],
        note=model_note(ctx, model, price),
        daily=ctx.fmt.price(shown(result.daily)),
        daily_value=plain(result.daily),
        monthly=ctx.fmt.price(shown(result.monthly)),
        monthly_value=plain(result.monthly),
        status=status_text(ctx, model, tier, price, result.exceeded),
        exceeded=" ".join(result.exceeded),
        data=script_json(data),
    )


def section(page: Page, out: Output, arg: str | None) -> None:
    """The marker `<!-- tarifa:calculator -->`: a heading, the intro, the form and its data."""
    out.heading(2, page.ctx._("Cost calculator"), "calculator")
    out.html(page.renderer.render(page.ctx, "calculator.html", c=calculator(page.ctx)))
