"""schema.org JSON-LD of the prices: an `Offer` per model with one `UnitPriceSpecification` per price.

The pricing overview carries an `OfferCatalog` of every model, each model page its own `Offer`.
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

from tarifa.catalogue import history
from tarifa.catalogue.model import AnyModel, current_price
from tarifa.pages.changes import kind_label
from tarifa.pages.views import Context
from tarifa.publish.opendata import decimal_text

#: What one unit of each price kind is, in words for machines (schema.org `unitText`).
UNIT_TEXT = {
    "input": "input tokens",
    "cached_input": "cached input tokens",
    "output": "output tokens",
    "characters": "characters",
    "hour": "hours",
    "requests": "requests",
}
QUANTITY_TEXT = {"token": "tokens", "character": "characters", "hour": "hours", "request": "requests"}


def _until(model: AnyModel, since: dt.date) -> str | None:
    following = history.next_date(model, since)
    return (following - dt.timedelta(days=1)).isoformat() if following else None


def price_specifications(ctx: Context, model: AnyModel) -> list[dict[str, Any]]:
    """The current prices and the announced ones of a model."""
    current = current_price(model, ctx.today)
    dated = [current] + [p for p in model.prices if p.since > current.since]
    specs = []
    for price in dated:
        until = _until(model, price.since)
        for kind, amount in history.amounts(price).items():
            quantity, unit = history.UNITS[kind]
            spec: dict[str, Any] = {
                "@type": "UnitPriceSpecification",
                "name": kind_label(ctx, model.kind, kind),
                "price": decimal_text(amount),
                "priceCurrency": ctx.catalog.currency,
                "unitText": UNIT_TEXT[kind],
                "referenceQuantity": {
                    "@type": "QuantitativeValue",
                    "value": quantity,
                    "unitText": QUANTITY_TEXT[unit],
                },
                "validFrom": price.since.isoformat(),
            }
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
        "validFrom": current.since.isoformat(),
        "priceSpecification": price_specifications(ctx, model),
    }
    return result


def model_document(ctx: Context, model: AnyModel, url: str) -> dict[str, Any]:
    return {"@context": "https://schema.org", **offer(ctx, model, url)}


def catalogue_document(ctx: Context, name: str, url: str, model_url: str) -> dict[str, Any]:
    """Every model's offer; `model_url` is a format string with `{id}`."""
    return {
        "@context": "https://schema.org",
        "@type": "OfferCatalog",
        "name": name,
        "url": url,
        "itemListElement": [offer(ctx, m, model_url.format(id=m.id)) for m in ctx.catalog.models],
    }


def script(document: dict[str, Any]) -> str:
    """A `<script type="application/ld+json">` element that nothing inside can break out of."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return f'<script type="application/ld+json">{text}</script>'
