"""The cost calculator: what a day and a month of usage cost, as exact decimals.

This module is the reference for the calculator on the pricing page: the JavaScript there
(`tarifa/pages/assets/calculator.js`) follows the same rules with BigInt decimals, and a browser
test compares both on many inputs. The rules, also stated on the page:

- Usage is given per day: requests per day and, per request, the tokens each kind of token the
  model has a price for (input, that is the prompt; output; audio, image and video tokens);
  characters, minutes or hours of audio, hours of a tool's use, searches and images per day.
  A model is asked only for what it has prices for (`usage_fields`); anything else is ignored.
- The prompt is split by two shares: the cached share (percent of the prompt read from the
  cache, at the cached-input price) and the cache-write share (percent written to the cache, at
  the cache-write price of the chosen cache duration); the rest is fresh input. The shares add up
  to 100 at most. A model without a cached-input (or cache-write) price has no such share.
- Long prompts: when the prompt is longer than a step's `tokens`, the whole request is billed at
  that step's prices, each price where the step gives one and the base price otherwise; of
  several steps the highest one below the prompt's length applies.
- Service tier: standard, batch (models with `batch: true`) and the model's own service tiers
  (flex, priority), only in a tier that pays per use. Their prices are `prices.tier_points`: the
  catalogue's explicit prices, else the standard price times the tier's factor.
- Off-peak: for models the window applies to, the off-peak share of the usage (percent) gets the
  window's discount on token prices.
- Region: every price is (100 + uplift) / 100 times the price, in the chosen region.
- Not in the estimate: cache storage, fine-tuning (training, hosting, inference of fine-tuned
  models); they are priced per hour or per training run, not per day of usage.
- A month is 30 days: the monthly cost is the daily cost times 30.
- A tier that does not pay per use (Free) costs nothing; every tier with limits gets a check of
  the daily limits the usage measures: tokens (or characters) per day `tpd`, audio seconds per
  day `asd` (minutes of audio, and hours of transcribed audio) and requests per day `rpd` (the
  requests, or for models without requests each search, or each image, is one request).
  Per-minute limits depend on how requests spread over the day and are not checked. Tiers
  priced on request (Enterprise) are not offered in the calculator.
- Every operation is exact (a result that would need rounding raises); amounts are shown
  rounded half up to six decimals.

>>> from decimal import Decimal as D
>>> from tarifa.catalogue.model import Catalog
>>> catalog = Catalog.model_validate({"schema_version": 1, "provider": {"name": "P"}, "currency": "USD",
...     "batch": {"discount_percent": 50, "window_hours": 24},
...     "billing": {"invoice_thresholds": [], "spend_alerts_percent": [], "payment_methods": []},
...     "tiers": [{"id": "dev", "name": "Dev", "pricing": "pay_per_use", "summary": "S"}],
...     "models": [{"id": "m", "kind": "chat", "name": "M", "context_window": 400000, "batch": True,
...         "prices": [{"input": "1", "output": "4", "cached_input": "0.1",
...                     "above": [{"tokens": 200000, "input": "2"}]}], "limits": {"dev": {"tpd": 10}}}]})
>>> m, dev = catalog.models[0], catalog.tiers[0]
>>> # 10 requests a day of a 250,000-token prompt (over the step: input at 2, output and cached
>>> # input at the base price), 20 % of it from the cache, with the Batch API (50 % off):
>>> usage = Usage(requests=D(10), input_tokens=D(250000), output_tokens=D(1000), cached_share=D(20))
>>> result = estimate(catalog, m, dev, m.prices[0], usage, service="batch")
>>> {line: plain(amount) for line, amount in result.lines.items()}
{'input': '2', 'cached_input': '0.025', 'output': '0.02'}
>>> plain(result.daily), plain(result.monthly), result.exceeded
('2.045', '61.35', ('tpd',))
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from decimal import ROUND_HALF_UP, Decimal, Inexact, localcontext

from tarifa.catalogue import prices
from tarifa.catalogue.model import TOKEN_FIELDS, UNIT_FIELDS, AnyModel, AnyPrice, Catalog, Tier

#: Days in the calculator's month.
MONTH_DAYS = 30
#: Fraction digits of the amounts shown (the exact amount is kept in a data attribute).
SHOWN_DECIMALS = 6
#: A usage number has at most this many digits before and after the decimal point.
INTEGER_DIGITS = 15
FRACTION_DIGITS = 9
HUNDRED = Decimal(100)
ZERO = Decimal(0)
#: Usage per request, in tokens, and the dimension that prices each (per 1M tokens).
PER_REQUEST = {
    "input_tokens": "input",
    "output_tokens": "output",
    "audio_input_tokens": "audio_input",
    "audio_output_tokens": "audio_output",
    "image_input_tokens": "image_input",
    "image_output_tokens": "image_output",
    "video_input_tokens": "video_input",
}
#: Usage per day in other units, and the dimension that prices each (per `DIMENSIONS` quantity).
PER_DAY = {
    "characters": "characters",
    "minutes": "minute",
    "hours": "hour",
    "searches": "searches",
    "images": "image",
}
#: The prompt's split: percent read from the cache and percent written to it.
SHARES = {"cached_share": "cached_input", "cache_write_share": "cache_write"}
#: Every usage field, in the order the form shows them.
FIELDS = (
    "requests",
    "input_tokens",
    "cached_share",
    "cache_write_share",
    "output_tokens",
    "audio_input_tokens",
    "audio_output_tokens",
    "image_input_tokens",
    "image_output_tokens",
    "video_input_tokens",
    "characters",
    "minutes",
    "hours",
    "searches",
    "images",
    "off_peak_share",
)
PERCENT_FIELDS = ("cached_share", "cache_write_share", "off_peak_share")
#: The dimensions the calculator prices; the lines of its breakdown, in this order.
LINES = (
    *(f for f in TOKEN_FIELDS if f != "cache_storage"),  # storage is priced per hour: not estimated
    *UNIT_FIELDS,
    "image",
)
#: The daily limits the usage measures, in the order they are named.
MEASURED = ("rpd", "tpd", "asd")
#: The usage the form starts with.
DEFAULTS = {
    "requests": "1000",
    "input_tokens": "1000",
    "output_tokens": "200",
    "audio_input_tokens": "0",
    "audio_output_tokens": "0",
    "image_input_tokens": "0",
    "image_output_tokens": "0",
    "video_input_tokens": "0",
    "characters": "100000",
    "minutes": "60",
    "hours": "1",
    "searches": "1000",
    "images": "100",
    "cached_share": "0",
    "cache_write_share": "0",
    "off_peak_share": "0",
}


@contextmanager
def exact() -> Iterator[None]:
    """Decimal arithmetic that never rounds: a result too long for 200 digits raises `Inexact`."""
    with localcontext() as context:
        context.prec = 200
        context.traps[Inexact] = True
        yield


@dataclass(frozen=True)
class Usage:
    """Usage per day (tokens per request); amounts are zero or more, shares percentages."""

    requests: Decimal = ZERO
    input_tokens: Decimal = ZERO
    output_tokens: Decimal = ZERO
    audio_input_tokens: Decimal = ZERO
    audio_output_tokens: Decimal = ZERO
    image_input_tokens: Decimal = ZERO
    image_output_tokens: Decimal = ZERO
    video_input_tokens: Decimal = ZERO
    characters: Decimal = ZERO
    minutes: Decimal = ZERO
    hours: Decimal = ZERO
    searches: Decimal = ZERO
    images: Decimal = ZERO
    cached_share: Decimal = ZERO
    cache_write_share: Decimal = ZERO
    off_peak_share: Decimal = ZERO
    #: The cache duration of cache writes (`5m`, `1h`): one of the model's, the first by default.
    cache_duration: str | None = None
    #: The generated images' size and quality (`1024x1024@hd`): the model's first by default.
    image: str | None = None

    @classmethod
    def of(
        cls, values: Mapping[str, str], *, cache_duration: str | None = None, image: str | None = None
    ) -> Usage:
        """Usage from decimal texts by field name (`{"requests": "1000", "cached_share": "12.5"}`)."""
        unknown = sorted(set(values) - set(FIELDS))
        if unknown:
            raise ValueError(f"{', '.join(unknown)}: expected usage fields ({', '.join(FIELDS)})")
        amounts = {name: Decimal(text) for name, text in values.items()}
        return cls(**amounts, cache_duration=cache_duration, image=image)

    def __post_init__(self) -> None:
        for item in fields(self):
            value = getattr(self, item.name)
            if item.name in FIELDS and not _amount(value):
                raise ValueError(
                    f"{item.name}: expected an amount of zero or more with at most {INTEGER_DIGITS} "
                    f"digits before the decimal point and {FRACTION_DIGITS} after, found {value!r}"
                )
        for name in PERCENT_FIELDS:
            if getattr(self, name) > HUNDRED:
                raise ValueError(f"{name}: expected a percentage from 0 to 100, found {getattr(self, name)}")


def _amount(value: object) -> bool:
    if not isinstance(value, Decimal) or not value.is_finite() or value < 0:
        return False
    _, digits, exponent = value.as_tuple()
    assert isinstance(exponent, int)
    return len(digits) + exponent <= INTEGER_DIGITS and -exponent <= FRACTION_DIGITS


@dataclass(frozen=True)
class Estimate:
    """The cost of a day and of a month, exact, by line, and the daily limits the usage exceeds."""

    daily: Decimal
    monthly: Decimal
    #: Each line's daily cost (`input`, `cached_input`, `cache_write`, ... `image`): zero in a
    #: tier that does not pay per use.
    lines: dict[str, Decimal]
    exceeded: tuple[str, ...] = ()
    #: The service tier the prices are of (`standard` in a tier that does not pay per use).
    service: str = "standard"


# ── What a model is asked for ─────────────────────────────────────────────────────────
def base_prices(entry: AnyPrice) -> dict[str, Decimal]:
    """The entry's standard prices that the calculator uses, by point key (steps included)."""
    return {p.key: p.amount for p in prices.points(entry) if p.dimension in LINES}


def _dimensions(entry: AnyPrice) -> set[str]:
    """The dimensions of the entry's base prices (not of its long-prompt steps)."""
    return {p.dimension for p in prices.points(entry) if p.dimension in LINES and p.above is None}


def usage_fields(catalog: Catalog, model: AnyModel, entry: AnyPrice) -> tuple[str, ...]:
    """The usage fields that the model has a price for, in form order."""
    dims = _dimensions(entry)
    tokens = [f for f, d in PER_REQUEST.items() if d in dims]
    wanted = set(tokens) | {f for f, d in PER_DAY.items() if d in dims}
    if tokens or "requests" in dims:
        wanted.add("requests")
    if "input" in dims:
        wanted.update(share for share, d in SHARES.items() if d in dims)
    if tokens and prices.off_peak_applies(catalog, model):
        wanted.add("off_peak_share")
    return tuple(f for f in FIELDS if f in wanted)


def cache_durations(entry: AnyPrice) -> list[str]:
    """The cache durations of the entry's cache-write prices (`''` for a single price)."""
    return [
        p.duration or "" for p in prices.points(entry) if p.dimension == "cache_write" and p.above is None
    ]


def image_options(entry: AnyPrice) -> list[str]:
    """The sizes and qualities of the entry's per-image prices: `1024x1024@hd`, `1792x1024`."""
    return [f"{i.size}@{i.quality}" if i.quality else i.size for i in entry.images]


def service_tiers(catalog: Catalog, model: AnyModel, tier: Tier) -> list[str]:
    """The service tiers the calculator offers for `model` in `tier`: only standard unless the
    tier pays per use."""
    offered = prices.service_tiers(catalog, model)
    return offered if tier.pricing == "pay_per_use" else offered[:1]


def step_of(entry: AnyPrice, prompt: Decimal) -> int | None:
    """The long-prompt step a prompt of `prompt` tokens is billed at: the highest one below it."""
    return max((s.tokens for s in entry.above if prompt > s.tokens), default=None)


# ── Cost ───────────────────────────────────────────────────────────────────────────────
def daily_lines(
    catalog: Catalog,
    model: AnyModel,
    entry: AnyPrice,
    usage: Usage,
    *,
    service: str = "standard",
    region: str | None = None,
) -> dict[str, Decimal]:
    """The exact cost of one day of `usage`, by line, in a service tier and a region."""
    asked = usage_fields(catalog, model, entry)
    if service not in prices.service_tiers(catalog, model):
        raise ValueError(f"service tier {service!r}: the model {model.id!r} is not offered in it")
    uplift = ZERO
    if region is not None:
        if region not in prices.regions_of(catalog, model):
            raise ValueError(f"region {region!r}: the model {model.id!r} is not offered there")
        uplift = next(r.uplift_percent for r in catalog.regions if r.id == region)

    def get(name: str) -> Decimal:
        return getattr(usage, name) if name in asked else ZERO

    cached, written = get("cached_share"), get("cache_write_share")
    if cached + written > HUNDRED:
        raise ValueError(f"cached_share + cache_write_share: expected 100 at most, found {cached + written}")
    durations, images = cache_durations(entry), image_options(entry)
    duration = usage.cache_duration if usage.cache_duration is not None else (durations or [""])[0]
    image = usage.image if usage.image is not None else (images or [""])[0]
    if "cache_write_share" in asked and duration not in durations:
        raise ValueError(f"cache_duration: expected one of {durations}, found {duration!r}")
    if "images" in asked and image not in images:
        raise ValueError(f"image: expected one of {images}, found {image!r}")

    with localcontext() as context:
        context.prec = 200  # long enough that the tier's prices are exact (`scaled` rounds to compare)
        table = {p.key: p.amount for p in prices.tier_points(catalog, entry, service)}
    with exact():
        step = step_of(entry, get("input_tokens"))

        def price(key: str) -> Decimal:
            if step is not None and f"{key}@>{step}" in table:
                return table[f"{key}@>{step}"]
            return table[key]

        requests, prompt = get("requests"), get("input_tokens")
        tokens: dict[str, tuple[Decimal, str]] = {}  # line: (tokens per request, price key)
        if "input_tokens" in asked:
            tokens["input"] = (prompt * (HUNDRED - cached - written) / HUNDRED, "input")
            if "cached_share" in asked:
                tokens["cached_input"] = (prompt * cached / HUNDRED, "cached_input")
            if "cache_write_share" in asked:
                key = f"cache_write@{duration}" if duration else "cache_write"
                tokens["cache_write"] = (prompt * written / HUNDRED, key)
        for name, dimension in PER_REQUEST.items():
            if name != "input_tokens" and name in asked:
                tokens[dimension] = (get(name), dimension)
        off_peak = HUNDRED * HUNDRED
        if "off_peak_share" in asked:
            assert catalog.off_peak is not None
            off_peak -= get("off_peak_share") * catalog.off_peak.discount_percent
        lines: dict[str, Decimal] = {}
        for line, (count, key) in tokens.items():
            per_million = prices.DIMENSIONS[line].quantity
            lines[line] = requests * count * price(key) / per_million * off_peak / (HUNDRED * HUNDRED)
        if "requests" in asked and "requests" in table:
            lines["requests"] = requests * price("requests") / prices.DIMENSIONS["requests"].quantity
        for name, dimension in PER_DAY.items():
            if name in asked:
                key = f"image@{image}" if dimension == "image" else dimension
                lines[dimension] = get(name) * price(key) / prices.DIMENSIONS[dimension].quantity
        return {
            line: lines[line] * (HUNDRED + uplift) / HUNDRED if uplift else lines[line]
            for line in LINES
            if line in lines
        }


def measured_keys(kind: str, asked: Sequence[str]) -> tuple[str, ...]:
    """The daily limits that usage of these fields measures (in `MEASURED` order)."""
    keys = []
    if any(f in asked for f in ("requests", "searches", "images")):
        keys.append("rpd")
    if any(f in PER_REQUEST for f in asked) or "characters" in asked:
        keys.append("tpd")
    if "minutes" in asked or ("hours" in asked and kind == "asr"):
        keys.append("asd")
    return tuple(keys)


def measured_usage(catalog: Catalog, model: AnyModel, entry: AnyPrice, usage: Usage) -> dict[str, Decimal]:
    """What the usage counts against each daily limit it measures (see `measured_keys`)."""
    asked = usage_fields(catalog, model, entry)
    out: dict[str, Decimal] = {}
    with exact():
        for key in measured_keys(model.kind, asked):
            if key == "rpd":
                counted = next(f for f in ("requests", "searches", "images") if f in asked)
                out[key] = getattr(usage, counted)
            elif key == "tpd":
                tokens = sum((getattr(usage, f) for f in PER_REQUEST if f in asked), ZERO)
                out[key] = usage.requests * tokens + (usage.characters if "characters" in asked else ZERO)
            else:
                hours = usage.hours * 3600 if "hours" in asked and model.kind == "asr" else ZERO
                out[key] = (usage.minutes * 60 if "minutes" in asked else ZERO) + hours
    return out


def checked_limits(
    catalog: Catalog, model: AnyModel, tier: Tier, entry: AnyPrice, asked: Sequence[str] | None = None
) -> dict[str, int]:
    """The tier's daily limits that the calculator checks for `model`: those its usage measures
    (`asked`: the model's usage fields, when the caller has them already)."""
    limits = model.limits.get(tier.id)
    if limits is None:
        return {}
    fields = usage_fields(catalog, model, entry) if asked is None else asked
    return {
        k: getattr(limits, k) for k in measured_keys(model.kind, fields) if getattr(limits, k) is not None
    }


def estimate(
    catalog: Catalog,
    model: AnyModel,
    tier: Tier,
    entry: AnyPrice,
    usage: Usage,
    *,
    service: str = "standard",
    region: str | None = None,
) -> Estimate:
    """Daily and monthly cost of `usage` of `model` in `tier`, and the daily limits it exceeds."""
    if tier.pricing == "on_request":
        raise ValueError(f"tier {tier.id!r} is priced on request; the calculator has no price for it")
    paying = tier.pricing == "pay_per_use"
    applied = service if paying else "standard"
    lines = daily_lines(catalog, model, entry, usage, service=applied, region=region)
    with exact():
        if not paying:
            lines = dict.fromkeys(lines, ZERO)
        daily = sum(lines.values(), ZERO)
        monthly = daily * MONTH_DAYS
    measured = measured_usage(catalog, model, entry, usage)
    limits = checked_limits(catalog, model, tier, entry)
    exceeded = tuple(k for k, limit in limits.items() if measured[k] > limit)
    return Estimate(daily, monthly, lines, exceeded, applied)


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
