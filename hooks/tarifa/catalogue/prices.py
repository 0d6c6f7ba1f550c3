"""Every price a catalogue entry holds, as a flat list of price points, and the prices derived
from them: a service tier's (batch, flex, priority), a region's, the off-peak window's.

A price entry is written the way providers publish prices (one line for the common case, rare
dimensions only where used). Pages, the calculator, the history, the open data and the JSON-LD
all need the same thing from it: each amount with what it is priced per. `points` gives that, in
the order pages show it, each point with a stable key (`input`, `cache_write@1h`, `input@>200000`,
`image@1024x1024@hd`, `fine_tuning.training`) that the history compares from one entry to the next.

>>> from decimal import Decimal as D
>>> from tarifa.catalogue.model import PriceEntry
>>> entry = PriceEntry.model_validate({"input": "3", "output": "15", "cache_write": {"5m": "3.75", "1h": "6"},
...     "above": [{"tokens": 200000, "input": "6", "output": "22.50"}]})
>>> [p.key for p in points(entry)]
['input', 'cache_write@5m', 'cache_write@1h', 'output', 'input@>200000', 'output@>200000']
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import Decimal

from tarifa.catalogue.model import (
    TOKEN_FIELDS,
    UNIT_FIELDS,
    AnyModel,
    Catalog,
    PriceEntry,
    TokenPrices,
    UnitPrices,
)

MILLION = 1_000_000


@dataclass(frozen=True)
class Dimension:
    """What a price is charged for: per `quantity` `unit`s (per 1,000,000 tokens, per 1 image)."""

    quantity: int
    unit: str
    #: Token prices: "tokens per $1" helps compare them.
    per_currency_unit: bool = False


#: Every dimension, in the order pages list them.
DIMENSIONS: dict[str, Dimension] = {
    "input": Dimension(MILLION, "token", True),
    "cached_input": Dimension(MILLION, "token", True),
    "cache_write": Dimension(MILLION, "token", True),
    "cache_storage": Dimension(MILLION, "token-hour"),
    "output": Dimension(MILLION, "token", True),
    "audio_input": Dimension(MILLION, "token", True),
    "audio_output": Dimension(MILLION, "token", True),
    "image_input": Dimension(MILLION, "token", True),
    "image_output": Dimension(MILLION, "token", True),
    "video_input": Dimension(MILLION, "token", True),
    "characters": Dimension(MILLION, "character"),
    "minute": Dimension(1, "minute"),
    "hour": Dimension(1, "hour"),
    "requests": Dimension(1_000, "request"),
    "searches": Dimension(1_000, "search"),
    "image": Dimension(1, "image"),
    "fine_tuning.training": Dimension(MILLION, "token"),
    "fine_tuning.training_hour": Dimension(1, "hour"),
    "fine_tuning.hosting_hour": Dimension(1, "hour"),
    "fine_tuning.input": Dimension(MILLION, "token", True),
    "fine_tuning.output": Dimension(MILLION, "token", True),
}
#: The dimensions that are token usage: a batch discount, an off-peak discount and a region's
#: uplift apply to them (not to hosting or storage time).
USAGE = (
    *(f for f in TOKEN_FIELDS if f != "cache_storage"),
    *UNIT_FIELDS,
    "image",
    "fine_tuning.input",
    "fine_tuning.output",
)


@dataclass(frozen=True)
class Point:
    """One amount of a price entry and the conditions it applies under."""

    dimension: str
    amount: Decimal
    #: The prompt is longer than this many tokens (a long-context price).
    above: int | None = None
    #: The cache duration of a cache-write price (`5m`, `1h`).
    duration: str | None = None
    #: A generated image's size and quality.
    size: str | None = None
    quality: str | None = None

    @property
    def key(self) -> str:
        parts = [self.dimension]
        if self.duration:
            parts.append(self.duration)
        if self.size:
            parts.append(self.size)
            if self.quality:
                parts.append(self.quality)
        if self.above is not None:
            parts.append(f">{self.above}")
        return "@".join(parts)

    @property
    def per(self) -> Dimension:
        return DIMENSIONS[self.dimension]

    @classmethod
    def from_key(cls, key: str, amount: Decimal = Decimal(0)) -> Point:
        """The point a key names (`cache_write@1h`, `image@1024x1024@hd`, `input@>200000`).

        >>> Point.from_key("image@1024x1024@hd").quality, Point.from_key("input@>200000").above
        ('hd', 200000)
        """
        dimension, *parts = key.split("@")
        values: dict[str, object] = {}
        for part in parts:
            if part.startswith(">"):
                values["above"] = int(part[1:])
            elif re.fullmatch(r"[0-9]+x[0-9]+", part):
                values["size"] = part
            elif "size" in values:
                values["quality"] = part
            else:
                values["duration"] = part
        return cls(dimension, amount, **values)  # type: ignore[arg-type]


def _token_points(prices: TokenPrices, above: int | None = None) -> list[Point]:
    found = []
    for field in TOKEN_FIELDS:
        value = getattr(prices, field)
        if value is None:
            continue
        if isinstance(value, dict):
            found += [Point(field, amount, above, duration) for duration, amount in value.items()]
        else:
            found.append(Point(field, value, above))
    return found


def points(entry: UnitPrices) -> list[Point]:
    """Every amount of one price entry (or of a service tier's explicit prices), in page order."""
    found = _token_points(entry)
    found += [Point(f, getattr(entry, f)) for f in UNIT_FIELDS if getattr(entry, f) is not None]
    if isinstance(entry, PriceEntry):
        found += [Point("image", i.price, size=i.size, quality=i.quality) for i in entry.images]
        for step in entry.above:
            found += _token_points(step, step.tokens)
        if entry.fine_tuning is not None:
            for field in ("training", "training_hour", "hosting_hour", "input", "output"):
                value = getattr(entry.fine_tuning, field)
                if value is not None:
                    found.append(Point(f"fine_tuning.{field}", value))
    return found


def amounts(entry: PriceEntry) -> dict[str, Decimal]:
    """The entry's amounts by point key (what the history compares between two entries)."""
    return {p.key: p.amount for p in points(entry)}


# ── Derived prices ────────────────────────────────────────────────────────────────────
def scaled(value: Decimal, factor: Decimal) -> Decimal:
    """`value` × `factor`, exactly, without trailing zeros beyond the value's own decimals.

    >>> scaled(Decimal("0.59"), Decimal("0.5")), scaled(Decimal("3.00"), Decimal("1.8"))
    (Decimal('0.295'), Decimal('5.40'))
    """
    product = value * factor
    exponent = value.as_tuple().exponent
    if isinstance(exponent, int) and product == product.quantize(Decimal(1).scaleb(exponent)):
        return product.quantize(Decimal(1).scaleb(exponent))
    return product.normalize() if product != product.to_integral_value() else product.quantize(Decimal(1))


def service_tiers(catalog: Catalog, model: AnyModel) -> list[str]:
    """The service tiers a model is offered in: standard first, then batch, then the others."""
    return ["standard", *(["batch"] if model.batch else []), *model.service_tiers]


def factor(catalog: Catalog, tier: str) -> Decimal:
    """What a service tier's prices are, times the standard ones (batch: its discount)."""
    if tier == "standard":
        return Decimal(1)
    if tier == "batch":
        return (100 - catalog.batch.discount_percent) / Decimal(100)
    service = catalog.service_tier(tier)
    assert service is not None, tier
    return service.multiplier


def tier_points(catalog: Catalog, entry: PriceEntry, tier: str) -> list[Point]:
    """The entry's usage prices in a service tier: explicit ones where the catalogue gives them,
    else the standard price times the tier's factor (its discount or multiplier)."""
    standard = [p for p in points(entry) if p.dimension in USAGE]
    if tier == "standard":
        return standard
    explicit = {p.key: p for p in points(entry.service_tiers[tier])} if tier in entry.service_tiers else {}
    rate = factor(catalog, tier)
    return [explicit.get(p.key) or replace(p, amount=scaled(p.amount, rate)) for p in standard]


def uplifted(point: Point, percent: Decimal) -> Point:
    """A point in a region that costs `percent` more."""
    return replace(point, amount=scaled(point.amount, (100 + percent) / Decimal(100)))


def off_peak_applies(catalog: Catalog, model: AnyModel) -> bool:
    window = catalog.off_peak
    if window is None:
        return False
    listed = window.models
    return model.id in listed if listed is not None else any(f in TOKEN_FIELDS for f in _fields(model))


def regions_of(catalog: Catalog, model: AnyModel) -> list[str]:
    return [r.id for r in catalog.regions if r.models is None or model.id in r.models]


def _fields(model: AnyModel) -> set[str]:
    return {p.dimension for entry in model.prices for p in points(entry)}
