"""The cost calculator on the pricing page: its form, first result and data, in the visitor's
language. The arithmetic is `tarifa.catalogue.costs`; the page's JavaScript repeats it exactly."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from markupsafe import Markup

from tarifa.catalogue.costs import (
    DEFAULTS,
    MEASURED,
    MONTH_DAYS,
    SHOWN_DECIMALS,
    Usage,
    batch_allowed,
    billing_unit,
    calculator_tiers,
    estimate,
    plain,
    shown,
)
from tarifa.catalogue.model import AnyModel, AnyPrice, Tier, TranscriptionModel, current_price
from tarifa.pages.output import Output, Page
from tarifa.pages.views import Context, limit_label, seconds


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
    if isinstance(model, TranscriptionModel) and model.min_billed_seconds:
        return ctx._(
            "Each request is billed at least %(seconds)s; the estimate assumes recordings at least that long."
        ) % {"seconds": seconds(ctx, model.min_billed_seconds)}
    if model.kind == "chat" and price.cached_input is None:
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


def calculable(ctx: Context, model: AnyModel) -> bool:
    """Whether the calculator can price the model's current prices."""
    price = current_price(model, ctx.today)
    if model.status == "retired":
        return False
    if model.kind == "chat":
        return price.input is not None and price.output is not None
    return (
        (model.kind == "tts" and price.characters is not None)
        or (model.kind == "asr" and price.hour is not None)
        or model.kind == "tool"
    )


def calculator(ctx: Context) -> Calculator:
    """The calculator's view-model, with the result of the start values computed here."""
    catalog = ctx.catalog
    offered = [m for m in catalog.models if calculable(ctx, m)]
    tiers = calculator_tiers(catalog.tiers)
    if not tiers:
        raise ValueError("the calculator needs a tier that is not priced on request")
    tier = next((t for t in tiers if t.pricing == "pay_per_use"), tiers[0])
    model = offered[0]
    price = current_price(model, ctx.today)
    kinds = {
        "chat": ctx._("Chat models"),
        "tts": ctx._("Text to speech"),
        "asr": ctx._("Speech recognition"),
        "tool": ctx._("Built-in tools"),
    }
    groups = [
        Group(name, [Option(m.id, ctx.model_name(m), m is model) for m in offered if m.kind == kind])
        for kind, name in kinds.items()
        if any(m.kind == kind for m in offered)
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
        "models": [_model_data(ctx, m, tiers) for m in offered],
        "messages": messages,
    }
    batched = batch_allowed(model, tier)
    fields = usage_inputs(ctx)
    unit = billing_unit(model, price)
    cached = model.kind == "chat" and price.cached_input is not None
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
