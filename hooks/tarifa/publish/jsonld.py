"""schema.org JSON-LD of the prices: an `Offer` per model with one `UnitPriceSpecification` per price.

The pricing overview carries an `OfferCatalog` of the first `OVERVIEW_OFFERS` models (with the
total in `numberOfItems`: a catalogue of thousands of models would otherwise put megabytes into
the overview's head), each model page its own complete `Offer`.
Current prices run `validFrom` their date `validThrough` the day before an announced change;
announced prices are listed too, `validFrom` their date. Prices are decimal strings.

`script` makes the JSON safe inside HTML: `<`, `>` and `&` are written as `\\u003c`, `\\u003e`
and `\\u0026` (the same JSON to a parser), so no text from the catalogue or a translation can
close the `<script>` element or open a comment.
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from tarifa.catalogue import history, prices
from tarifa.catalogue.model import AnyModel, current_price
from tarifa.pages.labels import point_label
from tarifa.pages.views import Context
from tarifa.publish.formats import decimal_text

#: The most models the overview's OfferCatalog lists (a name and a link each); every model page
#: has its model's complete Offer.
OVERVIEW_OFFERS = 100
#: What one unit of each dimension is, in words for machines (schema.org `unitText`).
UNIT_TEXT = {
    "input": "input tokens",
    "cached_input": "cached input tokens",
    "cache_write": "cache write tokens",
    "cache_storage": "cached token-hours",
    "output": "output tokens",
    "audio_input": "audio input tokens",
    "audio_output": "audio output tokens",
    "image_input": "image input tokens",
    "image_output": "image output tokens",
    "video_input": "video input tokens",
    "characters": "characters",
    "minute": "minutes of audio",
    "hour": "hours",
    "requests": "requests",
    "searches": "searches",
    "image": "images",
    "fine_tuning.training": "training tokens",
    "fine_tuning.training_hour": "training hours",
    "fine_tuning.hosting_hour": "hosting hours",
    "fine_tuning.input": "fine-tuned input tokens",
    "fine_tuning.output": "fine-tuned output tokens",
}
QUANTITY_TEXT = {
    "token": "tokens",
    "token-hour": "token-hours",
    "character": "characters",
    "minute": "minutes",
    "hour": "hours",
    "request": "requests",
    "search": "searches",
    "image": "images",
}


def _until(model: AnyModel, since: dt.date) -> str | None:
    following = history.next_date(model, since)
    return (following - dt.timedelta(days=1)).isoformat() if following else None


def unit_text(point: prices.Point) -> str:
    text = UNIT_TEXT[point.dimension]
    conditions = [c for c in (point.duration and f"{point.duration} cache", point.size, point.quality) if c]
    if point.above is not None:
        conditions.append(f"prompts over {point.above} tokens")
    return f"{text} ({', '.join(conditions)})" if conditions else text


def price_specifications(ctx: Context, model: AnyModel) -> list[dict[str, Any]]:
    """The current prices and the announced ones of a model."""
    current = current_price(model, ctx.today)
    dated = [current] + [p for p in model.prices if p.starts > current.starts]
    specs = []
    for price in dated:
        until = _until(model, price.starts)
        for point in prices.points(price):
            spec: dict[str, Any] = {
                "@type": "UnitPriceSpecification",
                "name": point_label(ctx, model.kind, point),
                "price": decimal_text(point.amount),
                "priceCurrency": ctx.catalog.currency,
                "unitText": unit_text(point),
                "referenceQuantity": {
                    "@type": "QuantitativeValue",
                    "value": point.per.quantity,
                    "unitText": QUANTITY_TEXT[point.per.unit],
                },
            }
            if price.since is not None:
                spec["validFrom"] = price.since.isoformat()
            if until:
                spec["validThrough"] = until
            specs.append(spec)
    return specs


def seller(ctx: Context) -> dict[str, Any]:
    provider = ctx.catalog.provider
    organization: dict[str, Any] = {"@type": "Organization", "name": provider.name}
    if provider.url:
        organization["url"] = provider.url
    return organization


def offer(ctx: Context, model: AnyModel, url: str) -> dict[str, Any]:
    current = current_price(model, ctx.today)
    service: dict[str, Any] = {"@type": "Service", "name": ctx.model_name(model)}
    description = ctx.cat("model_description", model.description) if model.description else ""
    if description:
        service["description"] = description
    result: dict[str, Any] = {
        "@type": "Offer",
        "name": ctx.model_name(model),
        "url": url,
        "itemOffered": service,
        "seller": seller(ctx),
        "priceCurrency": ctx.catalog.currency,
        "priceSpecification": price_specifications(ctx, model),
    }
    if current.since is not None:
        result["validFrom"] = current.since.isoformat()
    return result


def model_document(ctx: Context, model: AnyModel, url: str) -> dict[str, Any]:
    return {"@context": "https://schema.org", **offer(ctx, model, url)}


def catalogue_document(ctx: Context, name: str, url: str, model_url: str) -> dict[str, Any]:
    """A summary of the first `OVERVIEW_OFFERS` models still offered: an `OfferCatalog` whose items
    are `ListItem`s naming each model and linking to its page, where its complete `Offer` is (the
    pattern schema.org and search engines use for a summary page); `model_url` is a format string
    with `{id}` (the model page's folder). About 130 bytes per model, so the pricing page stays light."""
    models = [m for m in ctx.catalog.models if m.status != "retired"]
    return {
        "@context": "https://schema.org",
        "@type": "OfferCatalog",
        "name": name,
        "url": url,
        "numberOfItems": len(models),
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": ctx.model_name(m),
                "url": model_url.format(id=m.page_slug),
            }
            for position, m in enumerate(models[:OVERVIEW_OFFERS], 1)
        ],
    }


def script(document: dict[str, Any]) -> str:
    """A `<script type="application/ld+json">` element that nothing inside can break out of."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return f'<script type="application/ld+json">{text}</script>'
