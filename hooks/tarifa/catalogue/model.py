"""The typed model of a pricing catalogue.

Prices are `Decimal`s, never floats: what the YAML says is what every page shows. The model is
strict (unknown fields are refused, booleans are only `true`/`false`) and its JSON Schema is
published beside the catalogue so that editors validate while typing.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property
from typing import Annotated, Literal

from babel.numbers import list_currencies
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StrictBool,
    StrictInt,
    WithJsonSchema,
    model_validator,
)

from tarifa.problems import describe, did_you_mean, some_of

SCHEMA_VERSION = 1

_SLUG = r"^[a-z0-9]+(?:[-.][a-z0-9]+)*$"
_DECIMAL_TEXT = re.compile(r"(0|[1-9][0-9]*)(\.[0-9]+)?")
_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_BASE_PREFIX = re.compile(r"[-+]?0[xXoObB][0-9a-fA-F_]*")
#: Dates a price list can mean: a price, a rate or a check outside these years is a typo.
FIRST_DATE = dt.date(2000, 1, 1)
LAST_DATE = dt.date(2099, 12, 31)
#: Every price is printed in full, so it is kept to a printable size: below a billion, 10 decimals.
PRICE_LIMIT = Decimal(1_000_000_000)  # 10 ** 9: a price's `adjusted()` exponent stays below 9
PRICE_DECIMALS = 10
_NOT_FINITE = {"NaN": ".nan (not a number)", "Infinity": ".inf (infinity)", "-Infinity": "-.inf (infinity)"}


def _to_price(value: object) -> object:
    """Accept a plain number or a quoted decimal string; refuse anything a reader could misread."""
    if value is None or isinstance(value, bool):
        raise ValueError(f"a decimal number such as 0.59, found {describe(value)}")
    if isinstance(value, int):
        value = Decimal(value)
    elif isinstance(value, str):
        text = value.strip()
        if _BASE_PREFIX.fullmatch(text):
            raise ValueError(
                f"a decimal number written in base 10 (0x is hexadecimal, 0o octal), found text {value!r}"
            )
        if re.fullmatch(r"0[0-9]+(\.[0-9]+)?", text):
            raise ValueError(
                f"a decimal number without leading zeros (YAML 1.1 reads 010 as octal), found text {value!r}"
            )
        if not _DECIMAL_TEXT.fullmatch(text):
            raise ValueError(
                "a plain decimal number such as 0.59 (no currency sign, no thousands separator, "
                f"a dot for decimals), found text {value!r}"
            )
        value = Decimal(text)
    elif not isinstance(value, Decimal):
        raise ValueError(f"a decimal number such as 0.59, found {describe(value)}")
    if not value.is_finite():
        raise ValueError(f"a finite number, found {_NOT_FINITE.get(str(value), str(value))}")
    exponent = value.as_tuple().exponent
    if value.adjusted() >= 9 or (isinstance(exponent, int) and exponent < -PRICE_DECIMALS):
        raise ValueError(
            f"a number below {PRICE_LIMIT:,} with at most {PRICE_DECIMALS} decimals, found {describe(value)}"
        )
    return value


def _non_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError(f"a price of zero or more, found {describe(value)}")
    return value


def _iso_date(value: object) -> object:
    """Only a date written YYYY-MM-DD, between 2000 and 2099: a number (seconds since 1970 to
    pydantic), a time, or a year such as 1 or 9999 (a typo that would print as "01.01.1") is refused."""
    date: dt.date | None = None
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        date = value
    elif isinstance(value, str) and _DATE_TEXT.fullmatch(value.strip()):
        try:
            date = dt.date.fromisoformat(value.strip())
        except ValueError as error:
            raise ValueError(f"a date written YYYY-MM-DD, found text {value!r} ({error})") from None
    if date is None:
        raise ValueError(f"a date written YYYY-MM-DD, found {describe(value)}")
    if not FIRST_DATE <= date <= LAST_DATE:
        raise ValueError(
            f"a date between {FIRST_DATE.isoformat()} and {LAST_DATE.isoformat()}, found {date.isoformat()}"
        )
    return date


#: A day written YYYY-MM-DD in this century (see `_iso_date`).
Date = Annotated[
    dt.date,
    BeforeValidator(_iso_date),
    WithJsonSchema({"type": "string", "format": "date", "pattern": r"^20[0-9]{2}-[0-9]{2}-[0-9]{2}$"}),
]
#: A price in the billing currency: exact, finite and not negative.
Price = Annotated[
    Decimal,
    BeforeValidator(_to_price),
    AfterValidator(_non_negative),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "number", "minimum": 0, "exclusiveMaximum": 1_000_000_000},
                {"type": "string", "pattern": r"^(0|[1-9][0-9]{0,8})(\.[0-9]{1,10})?$"},
            ],
            "description": "An exact price in the billing currency, such as 0.075.",
            "examples": [0.59, 0.075],
        }
    ),
]
Count = Annotated[StrictInt, Field(ge=0)]
Positive = Annotated[StrictInt, Field(gt=0)]
Slug = Annotated[str, Field(pattern=_SLUG, min_length=1, max_length=80)]
#: Control characters (line breaks included) and bidirectional controls (marks, embeddings,
#: overrides, isolates), refused in every text: Tarifa isolates numbers and names itself.
_CONTROL = r"\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069"
Text = Annotated[str, Field(min_length=1, max_length=500, pattern=f"^[^{_CONTROL}]*$")]
#: A proper name: shown in page titles and navigation, so it may not contain angle brackets.
Name = Annotated[str, Field(min_length=1, max_length=120, pattern=f"^[^<>{_CONTROL}]*$")]


def _currency(code: str) -> str:
    if code not in list_currencies():
        raise ValueError(f"an ISO 4217 currency code such as USD or EUR, found text {code!r}")
    return code


Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$"), AfterValidator(_currency)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=True)


class ExchangeRate(Strict):
    """A dated exchange rate, used only to show approximate prices in a locale's display currency."""

    currency: Currency = Field(description="ISO 4217 code of the display currency, such as EUR.")
    rate: Annotated[
        Decimal,
        BeforeValidator(_to_price),
        Field(gt=0),
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 1_000_000_000},
                    {"type": "string", "pattern": r"^(0|[1-9][0-9]{0,8})(\.[0-9]{1,10})?$"},
                ]
            }
        ),
    ] = Field(description="Units of this currency for one unit of the billing currency.")
    date: Date = Field(description="The day the rate was taken, shown beside every converted price.")


class Provider(Strict):
    """Who publishes the prices."""

    name: Name = Field(description="The provider's name; a proper name, never translated.")
    url: Annotated[str, Field(pattern=r"^https://")] | None = Field(
        None, description="The provider's home page."
    )
    contact_url: Annotated[str, Field(pattern=r"^(https://|mailto:)")] | None = Field(
        None, description="Where Enterprise customers ask for an offer."
    )


class Batch(Strict):
    """The Batch API: asynchronous processing at a discount."""

    discount_percent: Annotated[
        Decimal,
        BeforeValidator(_to_price),
        Field(gt=0, lt=100),
        WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 100}),
    ] = Field(description="Discount on the regular price of models that support batch, in percent.")
    window_min_hours: Positive = Field(description="Shortest completion window, in hours.")
    window_max_days: Positive = Field(description="Longest completion window, in days.")


class Billing(Strict):
    """How the Developer tier is invoiced and capped."""

    invoice_thresholds: list[Price] = Field(
        description="Usage amounts at which an invoice is issued, ascending."
    )
    spend_alerts_percent: list[Annotated[StrictInt, Field(gt=0, le=100)]] = Field(
        description="Shares of the monthly spend limit at which an alert is sent."
    )
    payment_methods: list[Text] = Field(description="Accepted ways to pay (translated).")


TierPricing = Literal["free", "pay_per_use", "on_request"]


class Tier(Strict):
    """A service tier: Free, Developer or Enterprise."""

    id: Slug
    name: Text = Field(description="Display name (translated).")
    pricing: TierPricing = Field(description="free: $0; pay_per_use: per token; on_request: contact sales.")
    summary: Text = Field(description="One sentence on who the tier is for (translated).")
    custom_limits: StrictBool = Field(
        False, description="Rate limits are agreed per contract; models list no limits for it."
    )
    card_model: Slug | None = Field(None, description="The model whose limits the tier's card shows upfront.")


FeatureValue = StrictBool | Text


class Feature(Strict):
    """A row of the tier comparison matrix."""

    id: Slug
    name: Text = Field(description="Feature name (translated).")
    values: dict[str, FeatureValue] = Field(
        description="Per tier id: true, false, or a short text (translated)."
    )


class Limits(Strict):
    """Rate limits of one model in one tier. Absent means not applicable."""

    rpm: Count | None = Field(None, description="Requests per minute.")
    rpd: Count | None = Field(None, description="Requests per day.")
    tpm: Count | None = Field(None, description="Tokens (or characters) per minute.")
    tpd: Count | None = Field(None, description="Tokens (or characters) per day.")
    ash: Count | None = Field(None, description="Audio seconds per hour.")
    asd: Count | None = Field(None, description="Audio seconds per day.")


class _Dated(Strict):
    since: Date = Field(description="The date this price takes effect.")


class ChatPrice(_Dated):
    """Prices of a chat model per 1M tokens, from a date on."""

    input: Price
    output: Price
    cached_input: Price | None = None


class CharPrice(_Dated):
    """Price of a text-to-speech model per 1M characters, from a date on."""

    characters: Price


class HourPrice(_Dated):
    """Price per hour (of audio transcribed, or of a tool running), from a date on."""

    hour: Price


class ToolPrice(_Dated):
    """Price of a built-in tool per 1,000 requests or per hour, from a date on."""

    requests: Price | None = Field(None, description="Price per 1,000 requests.")
    hour: Price | None = Field(None, description="Price per hour of use.")

    @model_validator(mode="after")
    def _one_unit(self) -> ToolPrice:
        if (self.requests is None) == (self.hour is None):
            found = "both" if self.requests is not None else "neither"
            raise ValueError(f"exactly one of `requests` (per 1,000) or `hour`, found {found}")
        return self


class _ModelBase(Strict):
    id: Slug
    name: Name = Field(description="The model's name; never translated unless translate_name.")
    description: Text | None = Field(None, description="One sentence (translated).")
    batch: StrictBool = Field(False, description="Available through the Batch API.")
    limits: dict[str, Limits] = Field(
        default_factory=dict, description="Rate limits per tier id (every tier without custom_limits)."
    )
    translate_name: StrictBool = False


class ChatModel(_ModelBase):
    kind: Literal["chat"]
    context_window: Positive = Field(description="Context window in tokens.")
    max_output: Positive | None = Field(None, description="Longest completion in tokens.")
    speed_tps: Positive | None = Field(None, description="Typical output speed, tokens per second.")
    prices: list[ChatPrice] = Field(min_length=1)


class SpeechModel(_ModelBase):
    kind: Literal["tts"]
    prices: list[CharPrice] = Field(min_length=1)


class TranscriptionModel(_ModelBase):
    kind: Literal["asr"]
    min_billed_seconds: Positive = Field(description="Each request is billed at least this long.")
    speed_factor: Positive | None = Field(None, description="Times faster than real time.")
    prices: list[HourPrice] = Field(min_length=1)


class Tool(_ModelBase):
    kind: Literal["tool"]
    translate_name: StrictBool = True
    prices: list[ToolPrice] = Field(min_length=1)


Model = Annotated[ChatModel | SpeechModel | TranscriptionModel | Tool, Field(discriminator="kind")]
AnyModel = ChatModel | SpeechModel | TranscriptionModel | Tool
AnyPrice = ChatPrice | CharPrice | HourPrice | ToolPrice
KINDS = ("chat", "tts", "asr", "tool")
#: Rate-limit keys, in the order tables show them: requests, tokens (or characters), audio seconds.
LIMIT_KEYS = ("rpm", "rpd", "tpm", "tpd", "ash", "asd")


class Catalog(Strict):
    """A provider's whole public price list."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        title="Tarifa pricing catalogue",
        json_schema_extra={"$id": "https://tarifa.invalid/catalogue.schema.json"},
    )

    schema_version: Literal[1] = Field(description="Version of this file's format.")
    provider: Provider
    currency: Currency = Field(description="ISO 4217 code of the billing currency.")
    batch: Batch
    billing: Billing
    tiers: list[Tier] = Field(min_length=1)
    features: list[Feature] = Field(default_factory=list)
    models: list[Model] = Field(min_length=1)
    exchange_rates: list[ExchangeRate] = Field(
        default_factory=list,
        description="Dated rates for locales that show approximate prices in a display currency.",
    )

    def tier(self, tier_id: str) -> Tier:
        return next(t for t in self.tiers if t.id == tier_id)

    def model(self, model_id: str) -> AnyModel:
        """The model with this id (KeyError if none): a page per model looks its model up, and a
        scan of the list made a 5,000-model build quadratic."""
        return self._models_by_id[model_id]

    @cached_property
    def _models_by_id(self) -> dict[str, AnyModel]:
        return {m.id: m for m in self.models}

    def models_of(self, kind: str) -> list[AnyModel]:
        return [m for m in self.models if m.kind == kind]

    @property
    def limited_tiers(self) -> list[Tier]:
        return [t for t in self.tiers if not t.custom_limits]


@dataclass(frozen=True)
class Reference:
    """A cross-reference problem: where, what was expected, what was found."""

    path: tuple[str | int, ...]
    expected: str
    found: str


def check_references(catalog: Catalog) -> list[Reference]:
    """Everything the schema alone cannot see: unique ids, references, complete limits, dates."""
    errors: list[Reference] = []
    tier_ids = [t.id for t in catalog.tiers]
    model_ids = [m.id for m in catalog.models]

    def unique(ids: list[str], where: str) -> None:
        seen: dict[str, int] = {}
        for index, ident in enumerate(ids):
            if ident in seen:
                first = f"{where}[{seen[ident]}]"
                errors.append(Reference((where, index, "id"), "a unique id", f"{ident!r} again (as {first})"))
            seen.setdefault(ident, index)

    unknown = did_you_mean

    unique(tier_ids, "tiers")
    unique(model_ids, "models")
    unique([f.id for f in catalog.features], "features")
    known_tiers = some_of(tier_ids, "tiers")
    for index, tier in enumerate(catalog.tiers):
        if tier.card_model is not None and tier.card_model not in model_ids:
            errors.append(
                Reference(
                    ("tiers", index, "card_model"),
                    "the id of a model under `models`",
                    unknown(tier.card_model, model_ids),
                )
            )
        elif tier.card_model is not None and tier.custom_limits:
            errors.append(
                Reference(
                    ("tiers", index, "card_model"),
                    "no card_model in a tier with custom_limits (its card shows no limits)",
                    repr(tier.card_model),
                )
            )
    for index, feature in enumerate(catalog.features):
        for tier_id in feature.values:
            if tier_id not in tier_ids:
                errors.append(
                    Reference(
                        ("features", index, "values", tier_id),
                        f"a tier id ({known_tiers})",
                        unknown(tier_id, tier_ids),
                    )
                )
        for tier_id in tier_ids:
            if tier_id not in feature.values:
                errors.append(
                    Reference(("features", index, "values"), f"a value for tier {tier_id!r}", "none")
                )
    for index, model in enumerate(catalog.models):
        for tier_id in model.limits:
            if tier_id not in tier_ids:
                errors.append(
                    Reference(
                        ("models", index, "limits", tier_id),
                        f"a tier id ({known_tiers})",
                        unknown(tier_id, tier_ids),
                    )
                )
            elif catalog.tier(tier_id).custom_limits:
                errors.append(
                    Reference(
                        ("models", index, "limits", tier_id),
                        f"no limits for tier {tier_id!r} (its limits are custom)",
                        "limits",
                    )
                )
        for tier in catalog.tiers:
            if not tier.custom_limits and tier.id not in model.limits:
                errors.append(Reference(("models", index, "limits"), f"limits for tier {tier.id!r}", "none"))
        previous: dt.date | None = None
        for number, price in enumerate(model.prices):
            if previous is not None and price.since <= previous:
                errors.append(
                    Reference(
                        ("models", index, "prices", number, "since"),
                        f"a date after {previous.isoformat()} (prices are listed oldest first, one per date)",
                        price.since.isoformat(),
                    )
                )
            previous = price.since
    currencies: set[str] = set()
    for index, rate in enumerate(catalog.exchange_rates):
        if rate.currency == catalog.currency:
            errors.append(
                Reference(
                    ("exchange_rates", index, "currency"),
                    f"a currency other than the billing currency {catalog.currency}",
                    rate.currency,
                )
            )
        elif rate.currency in currencies:
            errors.append(
                Reference(
                    ("exchange_rates", index, "currency"), "one rate per currency", f"{rate.currency} again"
                )
            )
        currencies.add(rate.currency)
    return errors


def exchange_rate(catalog: Catalog, currency: str) -> ExchangeRate | None:
    """The catalogue's rate for `currency`, if it has one."""
    return next((r for r in catalog.exchange_rates if r.currency == currency), None)


def missing_rates(catalog: Catalog, display: dict[str, str]) -> list[tuple[str, str]]:
    """(locale, currency) of every display currency that the catalogue has no exchange rate for."""
    return [
        (locale, currency)
        for locale, currency in display.items()
        if currency != catalog.currency and exchange_rate(catalog, currency) is None
    ]


SCHEMA_FILE = "catalogue.schema.json"


def schema_text() -> str:
    """The catalogue's JSON Schema, as committed beside the catalogue."""
    return json.dumps(Catalog.model_json_schema(), indent=2, ensure_ascii=False, sort_keys=True) + "\n"


def current_price(model: AnyModel, today: dt.date) -> AnyPrice:
    """The price in effect on `today` (the first one if every price is announced for later)."""
    effective = [p for p in model.prices if p.since <= today]
    return effective[-1] if effective else model.prices[0]


def upcoming_prices(model: AnyModel, today: dt.date) -> list[AnyPrice]:
    return [p for p in model.prices if p.since > today]
