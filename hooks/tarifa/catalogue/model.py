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
    Discriminator,
    Field,
    StrictBool,
    StrictInt,
    Tag,
    TypeAdapter,
    ValidationInfo,
    WithJsonSchema,
    field_validator,
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
#: What editors are told a price is (the JSON Schema of every price field).
_PRICE_SCHEMA = {
    "anyOf": [
        {"type": "number", "minimum": 0, "exclusiveMaximum": 1_000_000_000},
        {"type": "string", "pattern": r"^(0|[1-9][0-9]{0,8})(\.[0-9]{1,10})?$"},
    ],
    "description": "An exact price in the billing currency, such as 0.075.",
    "examples": [0.59, 0.075],
}
#: A price in the billing currency: exact, finite and not negative.
Price = Annotated[
    Decimal, BeforeValidator(_to_price), AfterValidator(_non_negative), WithJsonSchema(_PRICE_SCHEMA)
]
#: A price that may be left out; written, it must be a price (an empty `input:` is refused, not
#: read as "no price").
OptionalPrice = Annotated[
    Decimal | None, BeforeValidator(_to_price), AfterValidator(_non_negative), WithJsonSchema(_PRICE_SCHEMA)
]
Count = Annotated[StrictInt, Field(ge=0)]
Positive = Annotated[StrictInt, Field(gt=0)]
Slug = Annotated[str, Field(pattern=_SLUG, min_length=1, max_length=80)]
#: A model's id as the provider's API writes it: `heron-20b`, `openai/gpt-oss-20b`,
#: `ft:gpt-4o-mini:org::id`, `mistral-nemo:free`. Its page's address is a slug made from it.
MODEL_ID_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9._:/@+-]*$"
ModelId = Annotated[str, Field(pattern=MODEL_ID_PATTERN, min_length=1, max_length=120)]
#: A link a visitor follows: https, or mailto for e-mail.
Link = Annotated[str, Field(pattern=r"^(https://|mailto:)[^\s<>\"'`]+$", max_length=500)]
#: A time of day, 24-hour clock: `16:30` (in quotes or not: YAML 1.2 reads it as text).
TIME_OF_DAY_PATTERN = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"
TimeOfDay = Annotated[str, Field(pattern=TIME_OF_DAY_PATTERN)]
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

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        str_strip_whitespace=True,
        json_schema_extra={
            "oneOf": [
                {
                    "required": ["window_hours"],
                    "not": {"anyOf": [{"required": ["window_min_hours"]}, {"required": ["window_max_days"]}]},
                },
                {"required": ["window_min_hours", "window_max_days"], "not": {"required": ["window_hours"]}},
            ]
        },
    )

    discount_percent: Annotated[
        Decimal,
        BeforeValidator(_to_price),
        Field(gt=0, lt=100),
        WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 100}),
    ] = Field(description="Discount on the regular price of models that support batch, in percent.")
    window_hours: Positive | None = Field(
        None, description="The completion window when it is one length, in hours: `window_hours: 24`."
    )
    window_min_hours: Positive | None = Field(
        None,
        description="Shortest completion window of a range, in hours: `window_min_hours: 24` (with "
        "window_max_days).",
    )
    window_max_days: Positive | None = Field(
        None,
        description="Longest completion window of a range, in days: `window_max_days: 7` (with "
        "window_min_hours).",
    )

    @model_validator(mode="after")
    def _window(self) -> Batch:
        ranged = self.window_min_hours is not None or self.window_max_days is not None
        if (self.window_hours is not None) == ranged or (
            ranged and None in (self.window_min_hours, self.window_max_days)
        ):
            fields = ("window_hours", "window_min_hours", "window_max_days")
            written = [f"`{f}`" for f in fields if getattr(self, f) is not None]
            found = " and ".join([", ".join(written[:-1]), written[-1]] if len(written) > 2 else written)
            raise ValueError(
                "either `window_hours` (one completion window) or both `window_min_hours` and "
                f"`window_max_days` (a range), found {found or 'no window'}"
            )
        return self


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
    card_model: ModelId | None = Field(
        None, description="The model whose limits the tier's card shows upfront."
    )
    signup_url: Link | None = Field(
        None, description="The tier card's call to action (sign up, get an API key, contact sales)."
    )


FeatureValue = StrictBool | Text


class Feature(Strict):
    """A row of the tier comparison matrix."""

    id: Slug
    name: Text = Field(description="Feature name (translated).")
    values: dict[str, FeatureValue] = Field(
        description="Per tier id: true, false, or a short text (translated)."
    )


#: Price fields priced per 1M tokens, in the order pages list them.
TOKEN_FIELDS = (
    "input",
    "cached_input",
    "cache_write",
    "cache_storage",
    "output",
    "audio_input",
    "audio_output",
    "image_input",
    "image_output",
    "video_input",
)
#: Price fields in other units: per 1M characters, per minute or hour (of audio, of a tool's use),
#: per 1,000 requests, per 1,000 searches.
UNIT_FIELDS = ("characters", "minute", "hour", "requests", "searches")
#: A cache duration as providers write it: `5m`, `1h`, `24h`.
DURATION_PATTERN = r"^[1-9][0-9]*(s|m|h|d)$"
Duration = Annotated[str, Field(pattern=DURATION_PATTERN)]
#: One price, or one per cache duration: a mapping is read as durations, anything else as a price
#: (so a mistake gets one problem, not one per reading).
CacheWrite = Annotated[
    Annotated[Price, Tag("price")] | Annotated[dict[Duration, Price], Field(min_length=1), Tag("durations")],
    Discriminator(lambda value: "durations" if isinstance(value, dict) else "price"),
]


def _present(value: object) -> object:
    if value is None:
        raise ValueError("a price, or prices by cache duration ({5m: 3.75, 1h: 6}), found nothing (null)")
    return value


#: A cache-write price that may be left out (an empty `cache_write:` is refused).
OptionalCacheWrite = Annotated[
    CacheWrite | None,
    BeforeValidator(_present),
    WithJsonSchema(
        {
            "oneOf": [
                TypeAdapter(Price).json_schema(),
                {
                    "type": "object",
                    "minProperties": 1,
                    "propertyNames": {"pattern": DURATION_PATTERN},
                    "additionalProperties": TypeAdapter(Price).json_schema(),
                    "description": "A price per cache duration: {5m: 3.75, 1h: 6}.",
                },
            ]
        }
    ),
]


class TokenPrices(Strict):
    """Prices per 1M tokens; each appears only where the provider charges it."""

    input: OptionalPrice = Field(None, description="Input (prompt) tokens, per 1M: `input: 0.59`.")
    cached_input: OptionalPrice = Field(
        None, description="Input tokens read from the prompt cache, per 1M: `cached_input: 0.295`."
    )
    cache_write: OptionalCacheWrite = Field(
        None,
        description="Input tokens written to the prompt cache, per 1M: one price (`cache_write: 3.75`), or "
        "one per cache duration (`cache_write: {5m: 3.75, 1h: 6.00}`).",
    )
    cache_storage: OptionalPrice = Field(
        None, description="Tokens kept in the prompt cache, per 1M tokens per hour: `cache_storage: 4.50`."
    )
    output: OptionalPrice = Field(
        None, description="Output (completion) tokens, per 1M: `output: 0.79`. Input-only models have none."
    )
    audio_input: OptionalPrice = Field(
        None,
        description="Audio input tokens, per 1M: `audio_input: 32.00` (realtime chat, or speech "
        "recognition billed per token with `output`).",
    )
    audio_output: OptionalPrice = Field(
        None,
        description="Audio output tokens, per 1M: `audio_output: 64.00` (realtime chat, or text to speech "
        "billed per token with `input`).",
    )
    image_input: OptionalPrice = Field(None, description="Image input tokens, per 1M: `image_input: 0.30`.")
    image_output: OptionalPrice = Field(
        None, description="Generated image tokens, per 1M: `image_output: 30.00`."
    )
    video_input: OptionalPrice = Field(None, description="Video input tokens, per 1M: `video_input: 0.50`.")


class UnitPrices(TokenPrices):
    """Token prices, and prices in other units."""

    characters: OptionalPrice = Field(
        None, description="Text to speech, per 1M characters: `characters: 40.00`."
    )
    minute: OptionalPrice = Field(
        None, description="Per minute of audio (text to speech or speech recognition): `minute: 0.015`."
    )
    hour: OptionalPrice = Field(
        None, description="Per hour of audio transcribed, or of a tool's use: `hour: 0.111`."
    )
    requests: OptionalPrice = Field(None, description="A tool's price per 1,000 requests: `requests: 5.00`.")
    searches: OptionalPrice = Field(
        None, description="A reranker's price per 1,000 searches: `searches: 2.00`."
    )


class Step(TokenPrices):
    """Token prices that apply to a request whose prompt is longer than `tokens`, instead of the
    entry's: `{tokens: 200000, input: 6.00, output: 22.50}`. Any number of steps, shortest first."""

    tokens: Positive = Field(
        description="The step's prices apply to a request whose prompt is longer than this many tokens: "
        "`tokens: 200000`."
    )


IMAGE_SIZE_PATTERN = r"^[1-9][0-9]{1,4}x[1-9][0-9]{1,4}$"


class ImagePrice(Strict):
    """The price of one generated image of a size and quality:
    `{size: 1024x1024, quality: standard, price: 0.039}`."""

    size: Annotated[str, Field(pattern=IMAGE_SIZE_PATTERN)] = Field(
        description="Width x height in pixels: `size: 1024x1024`."
    )
    quality: Slug | None = Field(
        None, description="The provider's quality level, if it has several: `quality: hd`."
    )
    price: Price = Field(description="Per generated image: `price: 0.039`.")


#: The prices of fine-tuning, in page order.
FINE_TUNING_FIELDS = ("training", "training_hour", "hosting_hour", "input", "output")


class FineTuning(Strict):
    """Training, hosting and inference of a model fine-tuned (or with a LoRA adapter) from this one:
    `{training: 3.00, hosting_hour: 0.10, input: 0.15, output: 0.60, tiers: [developer]}`."""

    training: OptionalPrice = Field(None, description="Training, per 1M tokens: `training: 3.00`.")
    training_hour: OptionalPrice = Field(None, description="Training, per hour: `training_hour: 90`.")
    hosting_hour: OptionalPrice = Field(
        None, description="Per hour a fine-tuned model or LoRA adapter is deployed: `hosting_hour: 0.10`."
    )
    input: OptionalPrice = Field(
        None, description="Inference of the fine-tuned model or adapter: input, per 1M tokens: `input: 0.15`."
    )
    output: OptionalPrice = Field(
        None,
        description="Inference of the fine-tuned model or adapter: output, per 1M tokens: `output: 0.60`.",
    )
    tiers: list[Slug] | None = Field(
        None,
        description="The tiers that offer it (default: every tier that pays); LoRA in the Developer tier: "
        "`tiers: [developer, enterprise]`.",
    )


class PriceEntry(UnitPrices):
    """A model's prices from a date on (`since`), only the fields it is billed: the common case is
    one line, `- {since: 2025-04-01, input: 0.59, output: 0.79}`. Each model kind uses the fields
    that fit it."""

    since: Date | None = Field(
        None,
        description="The day these prices take effect: `since: 2026-07-01`. Only the first entry may omit "
        "it (prices since launch); a date after the build is an announced price.",
    )
    above: list[Step] = Field(
        default_factory=list,
        description="Prices for long prompts, shortest step first, each below the context window: `above: "
        "[{tokens: 200000, input: 6.00, output: 22.50}]`.",
    )
    images: list[ImagePrice] = Field(
        default_factory=list,
        description="Per generated image, by size and quality: `images: [{size: 1024x1024, quality: hd, "
        "price: 0.08}]`.",
    )
    service_tiers: dict[Slug, UnitPrices] = Field(
        default_factory=dict,
        description="Explicit prices in a service tier the model is offered in, where they are not the "
        "catalogue's discount or multiplier: `service_tiers: {batch: {input: 0.04, output: 0.16}}`.",
    )
    fine_tuning: FineTuning | None = Field(
        None,
        description="Fine-tuning and LoRA adapters of a chat model: `fine_tuning: {training: 3.00, "
        "hosting_hour: 0.10, input: 0.15, output: 0.60, tiers: [developer, enterprise]}`.",
    )

    @property
    def starts(self) -> dt.date:
        """The day the entry takes effect; `FIRST_DATE` for a first price known since launch."""
        return self.since or FIRST_DATE


class Limits(Strict):
    """Rate limits of one model in one tier. Absent means not applicable."""

    rpm: Count | None = Field(None, description="Requests per minute.")
    rpd: Count | None = Field(None, description="Requests per day.")
    tpm: Count | None = Field(None, description="Tokens (or characters) per minute.")
    tpd: Count | None = Field(None, description="Tokens (or characters) per day.")
    ash: Count | None = Field(None, description="Audio seconds per hour.")
    asd: Count | None = Field(None, description="Audio seconds per day.")

    def given(self) -> dict[str, int]:
        """The limits that are set, in `LIMIT_KEYS` order."""
        return {key: value for key in LIMIT_KEYS if (value := getattr(self, key)) is not None}


#: Per kind of model: the price fields it may use, and the groups of which one must be given.
KIND_PRICES: dict[str, tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]] = {
    "chat": (TOKEN_FIELDS, (("input", "output"),)),
    "embedding": (("input", "cached_input"), (("input",),)),
    "moderation": (("input", "cached_input"), (("input",),)),
    "rerank": (("searches",), (("searches",),)),
    "image": (
        ("input", "cached_input", "output", "image_input", "image_output"),
        (("images",), ("image_output",)),
    ),
    "tts": (
        ("characters", "minute", "input", "audio_output"),
        (("characters",), ("minute",), ("input", "audio_output")),
    ),
    "asr": (("hour", "minute", "audio_input", "output"), (("hour",), ("minute",), ("audio_input", "output"))),
    "tool": (("requests", "hour"), (("requests",), ("hour",))),
}
KINDS = tuple(KIND_PRICES)
#: A model's place in its life: offered, to try (no stable price yet), leaving on a date, gone.
Status = Literal["available", "preview", "deprecated", "retired"]


class _ModelBase(Strict):
    id: ModelId = Field(
        description="The id exactly as your API takes it, shown and copyable: `id: openai/gpt-oss-20b`, "
        "`ft:gpt-4o-mini:org::id`, `mistral-nemo:free`."
    )
    slug: Slug | None = Field(
        None,
        description="The page's folder under models/ (default: the id in lower case, other characters as "
        "hyphens: openai/gpt-oss-20b is at models/openai-gpt-oss-20b/): `slug: gpt-oss-20b`. Two models "
        "may not share one.",
    )
    name: Name = Field(description="The model's name; never translated unless translate_name.")
    description: Text | None = Field(None, description="One sentence (translated).")
    status: Status = Field(
        "available",
        description="`available` (the default), `preview`, `deprecated` (with `retires`) or `retired` "
        "(kept for its price history).",
    )
    retires: Date | None = Field(
        None,
        description="The day a deprecated (or retired) model stops (or stopped) working: `retires: "
        "2027-06-30`.",
    )
    batch: StrictBool = Field(
        False,
        description="Available through the Batch API, at the catalogue's batch discount unless an entry "
        "sets its batch prices: `batch: true`.",
    )
    service_tiers: list[Slug] = Field(
        default_factory=list,
        description="Service tiers of the catalogue the model is offered in, besides standard and batch: "
        "`service_tiers: [flex, priority]`.",
    )
    limits: dict[str, Limits] = Field(
        default_factory=dict, description="Rate limits per tier id (every tier without custom_limits)."
    )
    translate_name: StrictBool = False
    prices: list[PriceEntry] = Field(
        min_length=1,
        description="Price lists, oldest first, each from its `since` date: `- {since: 2025-04-01, input: "
        "0.59, output: 0.79}`. A free model has price 0 (with its limits).",
    )

    @property
    def page_slug(self) -> str:
        """The model page's folder: the slug if given, else made from the id (see `slug_of`)."""
        return self.slug or slug_of(self.id)


CONTEXT_LABEL_PATTERN = r"^[0-9]+(\.[0-9]+)?[kKmM]?$"


class ChatModel(_ModelBase):
    kind: Literal["chat"]
    context_window: Positive = Field(description="Context window in tokens.")
    context_label: Annotated[str, Field(pattern=CONTEXT_LABEL_PATTERN)] | None = Field(
        None,
        description="The context window as you write it elsewhere, shown beside the exact number: "
        "`context_label: 128k`.",
    )
    max_output: Positive | None = Field(None, description="Longest completion in tokens.")
    speed_tps: Positive | None = Field(None, description="Typical output speed, tokens per second.")


class EmbeddingModel(_ModelBase):
    """Input-only token models: embeddings, priced `input` (and `cached_input`) per 1M tokens,
    never an output price: `- {since: 2026-10-01, input: 0.02}`."""

    kind: Literal["embedding"]
    context_window: Positive | None = Field(None, description="Longest input in tokens.")
    dimensions: Positive | None = Field(None, description="Length of the vectors it returns.")


class ModerationModel(_ModelBase):
    """Input-only token models: classifiers of prompts and responses, priced `input` per 1M tokens:
    `- {since: 2026-01-01, input: 0.01}`."""

    kind: Literal["moderation"]
    context_window: Positive | None = Field(None, description="Longest input in tokens.")


class RerankModel(_ModelBase):
    """Rerankers, priced per 1,000 searches: `- {since: 2026-10-01, searches: 2.00}`."""

    kind: Literal["rerank"]
    context_window: Positive | None = Field(None, description="Longest query and document, in tokens.")


class ImageModel(_ModelBase):
    """Image generation: per image by size and quality (`images`), or per 1M image tokens
    (`image_output`), or both; text and image input per 1M tokens."""

    kind: Literal["image"]


class SpeechModel(_ModelBase):
    """Text to speech, billed one way: per 1M characters (`characters: 40.00`), per minute of audio
    (`minute: 0.015`), or per 1M tokens (`input: 0.60` with `audio_output: 12.00`)."""

    kind: Literal["tts"]
    speed_cps: Positive | None = Field(None, description="Typical speed, characters per second.")


class TranscriptionModel(_ModelBase):
    """Speech recognition, billed one way: per hour of audio (`hour: 0.111`), per minute
    (`minute: 0.003`), or per 1M tokens (`audio_input: 6.00` with `output: 10.00`)."""

    kind: Literal["asr"]
    min_billed_seconds: Positive | None = Field(
        None, description="Each request is billed at least this long."
    )
    speed_factor: Positive | None = Field(None, description="Times faster than real time.")


class Tool(_ModelBase):
    """A built-in tool, billed one way: per 1,000 requests (`requests: 5.00`) or per hour of use
    (`hour: 0.20`); `group` puts it with the other tools of one agent system."""

    kind: Literal["tool"]
    translate_name: StrictBool = True
    group: Slug | None = Field(
        None,
        description="The tool group (an agent system) it belongs to, one of `tool_groups`: `group: "
        "browsing`.",
    )


Model = Annotated[
    ChatModel
    | EmbeddingModel
    | ModerationModel
    | RerankModel
    | ImageModel
    | SpeechModel
    | TranscriptionModel
    | Tool,
    Field(discriminator="kind"),
]
AnyModel = (
    ChatModel
    | EmbeddingModel
    | ModerationModel
    | RerankModel
    | ImageModel
    | SpeechModel
    | TranscriptionModel
    | Tool
)
AnyPrice = PriceEntry
#: Rate-limit keys, in the order tables show them: requests, tokens (or characters), audio seconds.
LIMIT_KEYS = ("rpm", "rpd", "tpm", "tpd", "ash", "asd")


class ServiceTier(Strict):
    """A way of processing requests at another price than standard: flex, priority, ...
    `{id: flex, name: Flex, multiplier: 0.5}`. Models list the tiers they are offered in."""

    id: Slug = Field(description="flex, priority, or your own; `standard` and `batch` are built in.")
    name: Text = Field(description="Its name (translated).")
    summary: Text | None = Field(None, description="One sentence on what it trades (translated).")
    multiplier: Annotated[
        Decimal,
        BeforeValidator(_to_price),
        Field(gt=0),
        WithJsonSchema({"type": "number", "exclusiveMinimum": 0}),
    ] = Field(
        description="Its prices are the standard prices times this, unless an entry sets them: "
        "`multiplier: 0.5` (half), `multiplier: 1.8` (80 % more)."
    )


class Region(Strict):
    """A data-residency region billed with an uplift on every usage price:
    `{id: eu, name: EU data residency, uplift_percent: 10}`."""

    id: Slug
    name: Text = Field(description="Its name (translated): EU data residency.")
    uplift_percent: Annotated[
        Decimal,
        BeforeValidator(_to_price),
        Field(gt=0, le=1000),
        WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "maximum": 1000}),
    ] = Field(description="How much more every usage price costs there, in percent: `uplift_percent: 10`.")
    models: list[ModelId] | None = Field(
        None, description="The models offered there (default: all): `models: [heron-120b, swift-1t]`."
    )


class OffPeak(Strict):
    """Lower token prices during a daily window (UTC):
    `{start: "16:30", end: "00:30", discount_percent: 50, models: [swift-1t]}`."""

    start: TimeOfDay = Field(
        description='When the window opens, 24-hour clock, UTC: `start: "16:30"`. Pages show it in the '
        "visitor's time format."
    )
    end: TimeOfDay = Field(description='When it closes; may be after midnight: `end: "00:30"`.')
    timezone: Literal["UTC"] = "UTC"
    discount_percent: Annotated[
        Decimal,
        BeforeValidator(_to_price),
        Field(gt=0, lt=100),
        WithJsonSchema({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 100}),
    ] = Field(description="Discount on token prices inside the window, in percent.")
    models: list[ModelId] | None = Field(
        None,
        description="The models it applies to (default: every model with token prices): `models: "
        "[swift-1t]`.",
    )

    @field_validator("end")
    @classmethod
    def _window(cls, end: str, info: ValidationInfo) -> str:
        if info.data.get("start") == end:
            raise ValueError(f"an end other than the start (a window of some length), found {end} again")
        return end


class ToolGroup(Strict):
    """Tools that belong to one agent system, listed together:
    `{id: browsing, name: Browsing agent, summary: Tools that search and read the web.}`."""

    id: Slug
    name: Text = Field(description="The group's name (translated).")
    summary: Text | None = Field(None, description="One sentence (translated).")


def slug_of(model_id: str) -> str:
    """A page address made from a model id: lower case, other characters as single hyphens.

    >>> slug_of("openai/gpt-oss-20b"), slug_of("ft:Heron-20B:acme::demo"), slug_of("mistral-nemo:free")
    ('openai-gpt-oss-20b', 'ft-heron-20b-acme-demo', 'mistral-nemo-free')
    """
    text = re.sub(r"[^a-z0-9.]+", "-", model_id.lower())
    text = re.sub(r"\.{2,}", ".", text)
    return text.strip("-.") or "model"


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
    batch: Batch = Field(
        description="The Batch API's discount and completion window: `{discount_percent: 50, window_hours: "
        "24}`."
    )
    billing: Billing
    tiers: list[Tier] = Field(min_length=1)
    features: list[Feature] = Field(default_factory=list)
    models: list[Model] = Field(min_length=1)
    exchange_rates: list[ExchangeRate] = Field(
        default_factory=list,
        description="Dated rates for locales that show approximate prices in a display currency.",
    )
    service_tiers: list[ServiceTier] = Field(
        default_factory=list,
        description="Service tiers besides standard and batch: `- {id: flex, name: Flex, multiplier: 0.5}`.",
    )
    regions: list[Region] = Field(
        default_factory=list,
        description="Data-residency regions with an uplift: `- {id: eu, name: EU data residency, "
        "uplift_percent: 10}`.",
    )
    off_peak: OffPeak | None = Field(
        None,
        description='Lower token prices during a daily window: `{start: "16:30", end: "00:30", '
        "discount_percent: 50}`.",
    )
    tool_groups: list[ToolGroup] = Field(
        default_factory=list,
        description="Tools that belong to one agent system, listed together: `- {id: browsing, name: "
        "Browsing agent}`.",
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
        """The models of a kind that visitors can still use (retired models are history only)."""
        return [m for m in self.models if m.kind == kind and m.status != "retired"]

    def by_slug(self, slug: str) -> AnyModel:
        """The model whose page is at `models/<slug>/`."""
        return self._models_by_slug[slug]

    @cached_property
    def _models_by_slug(self) -> dict[str, AnyModel]:
        return {m.page_slug: m for m in self.models}

    def service_tier(self, tier_id: str) -> ServiceTier | None:
        return next((t for t in self.service_tiers if t.id == tier_id), None)

    @property
    def limited_tiers(self) -> list[Tier]:
        return [t for t in self.tiers if not t.custom_limits]


@dataclass(frozen=True)
class Reference:
    """A cross-reference problem: where, what was expected, what was found."""

    path: tuple[str | int, ...]
    expected: str
    found: str
    #: The problem is the key itself (a field in the wrong place, an unknown id as a key).
    key: bool = False


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
    slugs: dict[str, int] = {}
    service_ids = [t.id for t in catalog.service_tiers]
    group_ids = [g.id for g in catalog.tool_groups]
    for index, declared in enumerate(catalog.service_tiers):
        if declared.id in ("standard", "batch"):
            errors.append(
                Reference(
                    ("service_tiers", index, "id"),
                    "an id other than standard and batch (both built in: batch prices are set in `batch`)",
                    repr(declared.id),
                )
            )
    for index, model in enumerate(catalog.models):
        slug = model.page_slug
        if slug in slugs and catalog.models[slugs[slug]].id != model.id:  # (a same id: reported above)
            other = catalog.models[slugs[slug]]
            errors.append(
                Reference(
                    ("models", index, "id"),
                    f"an id whose page address is its own (models[{slugs[slug]}] {other.id!r} is at "
                    f"models/{slug}/ too; set `slug:` on one of them)",
                    repr(model.id),
                )
            )
        slugs.setdefault(slug, index)
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
        for number, service in enumerate(model.service_tiers):
            if service not in service_ids:
                known = some_of(service_ids, "tiers") or "none declared"
                expected = f"a service tier of the catalogue's `service_tiers` ({known})"
                errors.append(
                    Reference(
                        ("models", index, "service_tiers", number), expected, unknown(service, service_ids)
                    )
                )
        if model.status == "deprecated" and model.retires is None:
            expected = "the date a deprecated model stops working (it has `status: deprecated`)"
            errors.append(Reference(("models", index, "retires"), expected, "none"))
        if model.retires is not None and model.status not in ("deprecated", "retired"):
            written = "status" in model.model_fields_set
            status = f"`status: {model.status}`" if written else "no status (available)"
            expected = "`status: deprecated` (or `retired`) beside a retirement date"
            errors.append(Reference(("models", index, "retires"), expected, status))
        if isinstance(model, Tool) and model.group is not None and model.group not in group_ids:
            errors.append(
                Reference(
                    ("models", index, "group"),
                    f"a group of `tool_groups` ({some_of(group_ids, 'groups') or 'none declared'})",
                    unknown(model.group, group_ids),
                )
            )
        errors.extend(_price_fields(model, index))
        previous: dt.date | None = None
        offered = ["batch"] if model.batch else []
        offered += model.service_tiers
        for number, price in enumerate(model.prices):
            where = ("models", index, "prices", number)
            if price.since is None and number > 0:
                errors.append(
                    Reference(
                        (*where, "since"), "a date (only the first price may be known since launch)", "none"
                    )
                )
            elif price.since is not None and previous is not None and price.since <= previous:
                errors.append(
                    Reference(
                        (*where, "since"),
                        f"a date after {previous.isoformat()} (prices are listed oldest first, one per date)",
                        price.since.isoformat(),
                    )
                )
            previous = price.since or previous
            pairs = zip(price.above, price.above[1:], strict=False)
            for step_number, (shorter, step) in enumerate(pairs, start=1):
                if step.tokens <= shorter.tokens:
                    errors.append(
                        Reference(
                            (*where, "above", step_number, "tokens"),
                            f"a prompt length above {shorter.tokens} (steps are listed shortest first, "
                            "each length once)",
                            str(step.tokens),
                        )
                    )
            window = getattr(model, "context_window", None)
            for step_number, step in enumerate(price.above):
                if window is not None and step.tokens >= window:
                    errors.append(
                        Reference(
                            (*where, "above", step_number, "tokens"),
                            f"a prompt length below the context window ({window})",
                            str(step.tokens),
                        )
                    )
            for service in price.service_tiers:
                if service not in offered:
                    none = "none; add `batch: true` or `service_tiers: [...]` to the model"
                    named = ", ".join(offered) or none
                    expected = f"a service tier the model is offered in ({named})"
                    errors.append(
                        Reference((*where, "service_tiers", service), expected, repr(service), key=True)
                    )
            if price.fine_tuning is not None:
                for tier_number, tier_id in enumerate(price.fine_tuning.tiers or []):
                    if tier_id not in tier_ids:
                        errors.append(
                            Reference(
                                (*where, "fine_tuning", "tiers", tier_number),
                                f"a tier id ({known_tiers})",
                                unknown(tier_id, tier_ids),
                            )
                        )
    lists: list[tuple[tuple[str | int, ...], list[str] | None]] = [
        *((("regions", n, "models"), r.models) for n, r in enumerate(catalog.regions)),
        (("off_peak", "models"), catalog.off_peak.models if catalog.off_peak else None),
    ]
    for at, listed in lists:
        for number, model_id in enumerate(listed or []):
            if model_id not in model_ids:
                errors.append(
                    Reference((*at, number), "the id of a model under `models`", unknown(model_id, model_ids))
                )
            elif at[0] == "off_peak" and not any(
                f in TOKEN_FIELDS for entry in catalog.model(model_id).prices for f in _given(entry)
            ):
                kind = catalog.model(model_id).kind
                expected = "a model with token prices (the off-peak discount applies to token prices)"
                errors.append(Reference((*at, number), expected, f"{model_id!r}, {_a(kind)} model"))
    unique(service_ids, "service_tiers")
    unique([r.id for r in catalog.regions], "regions")
    unique(group_ids, "tool_groups")
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


#: Kinds billed one way in a price entry: the calculator asks for one quantity (characters or
#: minutes of speech, hours or minutes of audio, requests or hours of a tool's use).
ONE_WAY = ("tts", "asr", "tool")
#: Every price field of an entry, in page order (`images`: the per-image list).
_PRICE_ORDER = (*TOKEN_FIELDS, *UNIT_FIELDS, "images")
#: Prices that do not depend on the service tier (time the cache holds tokens).
_NOT_PER_TIER = ("cache_storage",)


def _a(word: str) -> str:
    """`word` with its indefinite article: an embedding model, a chat model."""
    return f"{'an' if word[0] in 'aeiou' else 'a'} {word}"


def _and(fields: tuple[str, ...] | list[str]) -> str:
    """`a`, `a` and `b`, `a`, `b` and `c`."""
    quoted = [f"`{f}`" for f in fields]
    return quoted[0] if len(quoted) == 1 else f"{', '.join(quoted[:-1])} and {quoted[-1]}"


def _given(prices: TokenPrices) -> list[str]:
    found = [f for f in _PRICE_ORDER[:-1] if getattr(prices, f, None) is not None]
    return found + (["images"] if isinstance(prices, PriceEntry) and prices.images else [])


def _durations(value: object) -> list[str]:
    return list(value) if isinstance(value, dict) else ["one price for every duration"]


def price_fields_of(kind: str) -> list[str]:
    """The price fields a price entry of a model of `kind` may use, in page order.

    >>> price_fields_of("embedding"), price_fields_of("tool")
    (['input', 'cached_input'], ['hour', 'requests'])
    """
    allowed, groups = KIND_PRICES[kind]
    return [f for f in _PRICE_ORDER if f in allowed or any(f in group for group in groups)]


def entry_fields_of(kind: str) -> list[str]:
    """Every field a price entry of a model of `kind` may use: its date, its prices, then the
    long-prompt steps (token prices only), service-tier prices and fine-tuning (chat only)."""
    fits = price_fields_of(kind)
    steps = ["above"] if any(f in TOKEN_FIELDS for f in fits) else []
    return ["since", *fits, *steps, "service_tiers", *(["fine_tuning"] if kind == "chat" else [])]


def _price_fields(model: AnyModel, index: int) -> list[Reference]:
    """Each price entry uses the fields of its model's kind, and one complete way of billing;
    its long-prompt steps and service-tier prices refine the prices it has."""
    allowed, groups = KIND_PRICES[model.kind]
    fits = price_fields_of(model.kind)
    kind = f"{_a(model.kind)} model"
    ways = [f"`{group[0]}`" if len(group) == 1 else f"both {_and(group)}" for group in groups]
    need = (
        ways[0] if len(ways) == 1 else f"{', '.join(ways[:-1])}{',' if len(ways) > 2 else ''} or {ways[-1]}"
    )
    errors = []
    for number, entry in enumerate(model.prices):
        where = ("models", index, "prices", number)
        given = _given(entry)
        for field in given:
            if field not in fits:
                expected = f"a price of {kind} ({', '.join(fits)})"
                errors.append(Reference((*where, field), expected, f"the price {field!r}", key=True))
        complete = [group for group in groups if all(f in given for f in group)]
        if not complete:
            found = f"only {_and(given)}" if given else "no price"
            errors.append(Reference(where, f"{kind}'s price: {need}", found))
        elif model.kind in ONE_WAY and len(complete) > 1:
            both = _and([f for group in complete for f in group])
            errors.append(Reference(where, f"one way of billing {kind}: {need}", both))
        if entry.above and not any(f in allowed for f in TOKEN_FIELDS):
            expected = f"no `above` steps on {kind} (it has no token prices)"
            errors.append(Reference((*where, "above"), expected, "long-prompt steps", key=True))
        for step_number, step in enumerate(entry.above):
            at = (*where, "above", step_number)
            step_given = _given(step)
            if not step_given:
                expected = f"prices for prompts longer than {step.tokens} tokens ({', '.join(given)})"
                errors.append(Reference(at, expected, "no price"))
            for field in step_given:
                if field not in given:
                    expected = f"a price the entry has for shorter prompts too ({', '.join(given)})"
                    errors.append(Reference((*at, field), expected, f"the price {field!r}", key=True))
        seen: dict[tuple[str, str | None], int] = {}
        for image_number, image in enumerate(entry.images):
            size = (image.size, image.quality)
            if size in seen:
                written = " ".join(s for s in size if s)
                found = f"{written} again (as images[{seen[size]}])"
                errors.append(
                    Reference((*where, "images", image_number), "one price per size and quality", found)
                )
            seen.setdefault(size, image_number)
        per_tier = [f for f in given if f not in _NOT_PER_TIER]
        for service, explicit in entry.service_tiers.items():
            for field in _given(explicit):
                place: tuple[str | int, ...] = (*where, "service_tiers", service, field)
                if field not in per_tier:
                    expected = f"a price the entry has in the standard tier ({', '.join(per_tier)})"
                    errors.append(Reference(place, expected, f"the price {field!r}", key=True))
                elif field == "cache_write":
                    standard = _durations(entry.cache_write)
                    expected = f"a cache duration of the standard price ({', '.join(standard)})"
                    if not isinstance(explicit.cache_write, dict) and isinstance(entry.cache_write, dict):
                        errors.append(Reference(place, expected, "one price for every duration"))
                    for duration in explicit.cache_write if isinstance(explicit.cache_write, dict) else []:
                        if duration not in standard:
                            errors.append(Reference((*place, duration), expected, duration, key=True))
        if entry.fine_tuning is not None and model.kind != "chat":
            expected = f"no `fine_tuning` on {kind} (only chat models are fine-tuned)"
            errors.append(Reference((*where, "fine_tuning"), expected, "fine-tuning prices", key=True))
        elif entry.fine_tuning is not None and not any(
            getattr(entry.fine_tuning, f) is not None for f in FINE_TUNING_FIELDS
        ):
            expected = f"at least one fine-tuning price ({', '.join(FINE_TUNING_FIELDS)})"
            errors.append(Reference((*where, "fine_tuning"), expected, "no price"))
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
    effective = [p for p in model.prices if p.starts <= today]
    return effective[-1] if effective else model.prices[0]


def upcoming_prices(model: AnyModel, today: dt.date) -> list[AnyPrice]:
    return [p for p in model.prices if p.starts > today]
