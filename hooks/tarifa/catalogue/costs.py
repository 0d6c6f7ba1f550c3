"""The cost calculator: what a day and a month of usage cost, as exact decimals.

This module is the reference for the calculator on the pricing page: the JavaScript there
(`tarifa/pages/assets/calculator.js`) follows the same rules with BigInt decimals, and a browser
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
>>> from tarifa.catalogue.model import ChatModel
>>> m = ChatModel.model_validate({"id": "m", "kind": "chat", "name": "M", "context_window": 1,
...     "batch": True, "prices": [{"since": "2025-01-01", "input": "0.075", "output": "0.30",
...     "cached_input": "0.0375"}]})
>>> cost(m, m.prices[0], Usage(input_tokens=D(1_000_000), output_tokens=D(200_000)),
...      cached_share=D(40), batch_discount=D(50))
Decimal('0.0600')
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, Inexact, localcontext

from tarifa.catalogue.model import (
    AnyModel,
    AnyPrice,
    Tier,
)

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
    if model.kind == "tool":
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
        if model.kind == "chat":
            assert price.input is not None and price.output is not None
            cached = usage.input_tokens * cached_share / 100 if price.cached_input is not None else ZERO
            daily = (
                (usage.input_tokens - cached) * price.input
                + cached * (price.cached_input or ZERO)
                + usage.output_tokens * price.output
            ) / MILLION
        elif price.characters is not None:
            daily = usage.characters * price.characters / MILLION
        elif model.kind == "asr" and price.hour is not None:
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
