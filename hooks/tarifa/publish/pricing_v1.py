"""Open data, format version 1 (frozen): the catalogue as JSON (with its JSON Schema) and as CSV.

Version 1 names six kinds of price (input, output, cached input per 1M tokens; per 1M characters,
per hour, per 1,000 requests) of four kinds of model (chat, tts, asr, tool). It stays at its
addresses, unchanged, for the programs that read it: it lists the models and the prices it can
name, and nothing else. Every price of every model is in version 2 (`tarifa.publish.pricing_v2`,
`api/v2/…`).

* `api/pricing.json` — provider, currency, batch terms, tiers with their features and limits,
  models with their current prices, units, effective dates and full price history (announced
  prices included). Prices are decimal strings ("0.075"), never binary floats.
* `api/pricing.schema.json` — the JSON Schema (draft 2020-12) of that file.
* `api/pricing.csv` — one row per model and price kind (RFC 4180: CRLF line ends, a header row,
  UTF-8 without BOM). A text cell that a spreadsheet would run as a formula (it starts with `=`,
  `+`, `-`, `@`, a tab or a carriage return) starts with an apostrophe instead, as OWASP's "CSV
  injection" guidance advises: `=1+1` is written `'=1+1`. Numbers and dates are never changed.

Versioning: `version` is the major version of the format. Within a major version changes are
additive only (new fields, never renamed, removed or retyped ones); a new major version is
published at a new path (`api/v2/…`) beside the old one.

Everything is a pure function of the catalogue and the build date, so a build with a fixed
SOURCEDATE_EPOCH writes the same bytes every time.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

from tarifa.catalogue import history
from tarifa.catalogue.model import LIMIT_KEYS, AnyModel, Catalog, PriceEntry, current_price
from tarifa.pages.urls import CSV_PATH, JSON_PATH, SCHEMA_PATH
from tarifa.publish.formats import COUNT, DATE, DECIMAL, TEXT, csv_text, decimal_text, object_schema

VERSION = 1
#: The prices version 1 can name, with the quantity and unit each is priced per.
UNITS: dict[str, tuple[int, str]] = {
    "input": (1_000_000, "token"),
    "cached_input": (1_000_000, "token"),
    "output": (1_000_000, "token"),
    "characters": (1_000_000, "character"),
    "hour": (1, "hour"),
    "requests": (1_000, "request"),
}
KINDS = ("chat", "tts", "asr", "tool")
CSV_COLUMNS = [
    "model_id",
    "model_name",
    "model_kind",
    "price_kind",
    "amount",
    "currency",
    "per_quantity",
    "unit",
    "since",
    "announced_amount",
    "announced_since",
]
MODEL_FIELDS = ("context_window", "max_output", "speed_tps", "min_billed_seconds", "speed_factor")


def amounts(price: PriceEntry) -> dict[str, Decimal]:
    """The amounts of one price entry that version 1 can name, by its price kinds."""
    return {kind: value for kind in UNITS if isinstance(value := getattr(price, kind), Decimal)}


def listed(catalog: Catalog) -> list[AnyModel]:
    """The models version 1 can describe: of its kinds, every price dated and with a price it can
    name (a voice priced per minute has none: its schema wants at least one price per list)."""
    return [m for m in catalog.models if m.kind in KINDS and all(p.since and amounts(p) for p in m.prices)]


def _prices(price: PriceEntry) -> list[dict[str, Any]]:
    return [
        {"kind": kind, "amount": decimal_text(amount), "per_quantity": UNITS[kind][0], "unit": UNITS[kind][1]}
        for kind, amount in amounts(price).items()
    ]


def _status(since: dt.date, model: AnyModel, today: dt.date) -> str:
    if since > today:
        return "announced"
    return "current" if current_price(model, today).starts == since else "past"


def _model(model: AnyModel, today: dt.date, site_url: str) -> dict[str, Any]:
    base = site_url.rstrip("/") + "/" if site_url else "../"
    current = current_price(model, today)
    entry: dict[str, Any] = {
        "id": model.id,
        "kind": model.kind,
        "name": model.name,
        "description": model.description,
        "url": f"{base}models/{model.page_slug}/",
        "batch": model.batch,
    }
    for name in MODEL_FIELDS:
        if hasattr(model, name):
            entry[name] = getattr(model, name)
    entry["since"] = current.starts.isoformat()
    entry["prices"] = _prices(current)
    entry["history"] = [
        {
            "since": price.starts.isoformat(),
            "until": until.isoformat() if (until := _until(model, price.starts)) else None,
            "status": _status(price.starts, model, today),
            "prices": _prices(price),
        }
        for price in model.prices
    ]
    return entry


def _until(model: AnyModel, since: dt.date) -> dt.date | None:
    following = history.next_date(model, since)
    return following - dt.timedelta(days=1) if following else None


def pricing_data(catalog: Catalog, today: dt.date, site_url: str = "") -> dict[str, Any]:
    """The JSON document (version 1) as Python data."""
    provider = catalog.provider
    return {
        "version": VERSION,
        "as_of": today.isoformat(),
        "provider": {"name": provider.name, "url": provider.url, "contact_url": provider.contact_url},
        "currency": catalog.currency,
        "batch": {
            "discount_percent": decimal_text(catalog.batch.discount_percent),
            # one window of N hours reads as N hours to N hours (version 1 has only the range)
            "window_min_hours": catalog.batch.window_min_hours or catalog.batch.window_hours,
            "window_max_days": catalog.batch.window_max_days or -(-(catalog.batch.window_hours or 24) // 24),
        },
        "features": [{"id": f.id, "name": f.name} for f in catalog.features],
        "tiers": [
            {
                "id": tier.id,
                "name": tier.name,
                "pricing": tier.pricing,
                "summary": tier.summary,
                "custom_limits": tier.custom_limits,
                "features": {f.id: f.values[tier.id] for f in catalog.features if tier.id in f.values},
                "limits": {
                    model.id: model.limits[tier.id].given()
                    for model in listed(catalog)
                    if tier.id in model.limits
                },
            }
            for tier in catalog.tiers
        ],
        "models": [_model(model, today, site_url) for model in listed(catalog)],
    }


def files(catalog: Catalog, today: dt.date, site_url: str = "") -> dict[str, bytes]:
    return {
        JSON_PATH: pricing_json(catalog, today, site_url).encode("utf-8"),
        SCHEMA_PATH: schema_json(site_url).encode("utf-8"),
        CSV_PATH: pricing_csv(catalog, today).encode("utf-8"),
    }


def pricing_json(catalog: Catalog, today: dt.date, site_url: str = "") -> str:
    return json.dumps(pricing_data(catalog, today, site_url), indent=2, ensure_ascii=False) + "\n"


def pricing_csv(catalog: Catalog, today: dt.date) -> str:
    """One row per model and price kind of the current prices, with the next announced amount."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for model in listed(catalog):
        current = current_price(model, today)
        upcoming = [p for p in model.prices if p.starts > today]
        following = amounts(upcoming[0]) if upcoming else {}
        for kind, amount in amounts(current).items():
            quantity, unit = UNITS[kind]
            next_amount = following.get(kind)
            writer.writerow(
                [
                    csv_text(model.id),
                    csv_text(model.name),
                    model.kind,
                    kind,
                    decimal_text(amount),
                    catalog.currency,
                    quantity,
                    unit,
                    current.starts.isoformat(),
                    "" if next_amount is None else decimal_text(next_amount),
                    upcoming[0].starts.isoformat() if upcoming and next_amount is not None else "",
                ]
            )
    return buffer.getvalue()


# ── JSON Schema ─────────────────────────────────────────────────────────────────────────
def schema(site_url: str = "") -> dict[str, Any]:
    """The JSON Schema of `pricing.json`, version 1."""
    price = object_schema(
        {
            "kind": {"enum": list(UNITS)},
            "amount": {**DECIMAL, "description": "Price in `currency` per `per_quantity` `unit`s."},
            "per_quantity": {"type": "integer", "minimum": 1},
            "unit": {"enum": sorted({unit for _, unit in UNITS.values()})},
        }
    )
    model_properties: dict[str, Any] = {
        "id": TEXT,
        "kind": {"enum": ["chat", "tts", "asr", "tool"]},
        "name": TEXT,
        "description": {"type": ["string", "null"]},
        "url": {"type": "string", "format": "uri-reference"},
        "batch": {"type": "boolean", "description": "Available through the Batch API."},
        **{name: {"type": ["integer", "null"], "minimum": 1} for name in MODEL_FIELDS},
        "since": {**DATE, "description": "The date the current prices took effect."},
        "prices": {"type": "array", "items": price, "minItems": 1, "description": "Prices in effect."},
        "history": {
            "type": "array",
            "minItems": 1,
            "description": "Every dated price list, oldest first, announced ones included.",
            "items": object_schema(
                {
                    "since": DATE,
                    "until": {"anyOf": [DATE, {"type": "null"}], "description": "Last day in effect."},
                    "status": {"enum": ["past", "current", "announced"]},
                    "prices": {"type": "array", "items": price, "minItems": 1},
                }
            ),
        },
    }
    result: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Tarifa open pricing data",
        "description": "Prices, tiers and limits of an API provider, with their history (format version 1).",
        **object_schema(
            {
                "version": {"const": VERSION, "description": "Major version of this format."},
                "as_of": {**DATE, "description": "The date the file was built for."},
                "provider": object_schema(
                    {
                        "name": TEXT,
                        "url": {"type": ["string", "null"], "format": "uri"},
                        "contact_url": {"type": ["string", "null"], "format": "uri"},
                    }
                ),
                "currency": {"type": "string", "pattern": "^[A-Z]{3}$", "description": "ISO 4217 code."},
                "batch": object_schema(
                    {
                        "discount_percent": DECIMAL,
                        "window_min_hours": {"type": "integer", "minimum": 1},
                        "window_max_days": {"type": "integer", "minimum": 1},
                    }
                ),
                "features": {"type": "array", "items": object_schema({"id": TEXT, "name": TEXT})},
                "tiers": {
                    "type": "array",
                    "minItems": 1,
                    "items": object_schema(
                        {
                            "id": TEXT,
                            "name": TEXT,
                            "pricing": {"enum": ["free", "pay_per_use", "on_request"]},
                            "summary": TEXT,
                            "custom_limits": {"type": "boolean"},
                            "features": {
                                "type": "object",
                                "additionalProperties": {"type": ["boolean", "string"]},
                                "description": "Per feature id: included, not included, or a short text.",
                            },
                            "limits": {
                                "type": "object",
                                "description": "Per model id: the model's rate limits in this tier.",
                                "additionalProperties": {
                                    "type": "object",
                                    "propertyNames": {"enum": list(LIMIT_KEYS)},
                                    "additionalProperties": COUNT,
                                },
                            },
                        }
                    ),
                },
                "models": {
                    "type": "array",
                    "minItems": 1,
                    "items": object_schema(
                        model_properties,
                        required=[
                            "id",
                            "kind",
                            "name",
                            "description",
                            "url",
                            "batch",
                            "since",
                            "prices",
                            "history",
                        ],
                    ),
                },
            }
        ),
    }
    if site_url:
        result = {"$id": site_url.rstrip("/") + "/" + SCHEMA_PATH, **result}
    return result


def schema_json(site_url: str = "") -> str:
    return json.dumps(schema(site_url), indent=2, ensure_ascii=False) + "\n"
