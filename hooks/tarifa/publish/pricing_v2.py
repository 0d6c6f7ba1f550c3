"""Open data, format version 2: every price of every model, at `api/v2/`.

* `api/v2/pricing.json` — provider, currency, batch terms, service tiers (flex, priority, ...),
  regions, the off-peak window, tool groups, tiers with their features and limits, and every model
  with its facts, status, current prices (each a price point: dimension, amount, what it is priced
  per and the conditions it applies under), its prices in each service tier, and its full history.
* `api/v2/pricing.schema.json` — the JSON Schema (draft 2020-12) of that file.
* `api/v2/pricing.csv` — one row per model, price point and service tier of the current prices,
  with the next announced amount (RFC 4180; text cells that a spreadsheet would run as a formula
  start with an apostrophe, as in version 1).

Migrating from version 1: `prices[].kind` is now `prices[].dimension` (the six names of version 1
are dimensions with the same names), and a point may carry conditions (`above_tokens`,
`cache_duration`, `image_size`, `image_quality`); `key` names a point uniquely within an entry.
Within version 2 changes are additive only; a version 3 would get its own path.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from typing import Any

from tarifa.catalogue import history, prices
from tarifa.catalogue.model import (
    KINDS,
    LIMIT_KEYS,
    AnyModel,
    Catalog,
    PriceEntry,
    current_price,
)
from tarifa.catalogue.prices import DIMENSIONS, Point
from tarifa.pages.urls import MODELS_PATH, V2_CSV_PATH, V2_JSON_PATH, V2_SCHEMA_PATH
from tarifa.publish.formats import COUNT, DATE, DECIMAL, TEXT, csv_text, decimal_text, object_schema

VERSION = 2
#: The facts a model may have, besides its prices.
MODEL_FACTS = (
    "context_window",
    "context_label",
    "max_output",
    "speed_tps",
    "speed_cps",
    "dimensions",
    "min_billed_seconds",
    "speed_factor",
)
CSV_COLUMNS = [
    "model_id",
    "model_name",
    "model_kind",
    "service_tier",
    "price_key",
    "dimension",
    "amount",
    "currency",
    "per_quantity",
    "unit",
    "above_tokens",
    "cache_duration",
    "image_size",
    "image_quality",
    "since",
    "announced_amount",
    "announced_since",
]


def point_data(point: Point) -> dict[str, Any]:
    return {
        "key": point.key,
        "dimension": point.dimension,
        "amount": decimal_text(point.amount),
        "per_quantity": point.per.quantity,
        "unit": point.per.unit,
        "above_tokens": point.above,
        "cache_duration": point.duration,
        "image_size": point.size,
        "image_quality": point.quality,
    }


def _entry(catalog: Catalog, model: AnyModel, entry: PriceEntry) -> dict[str, Any]:
    fine = entry.fine_tuning
    return {
        "prices": [point_data(p) for p in prices.points(entry)],
        "service_tier_prices": {
            tier: [point_data(p) for p in prices.tier_points(catalog, entry, tier)]
            for tier in prices.service_tiers(catalog, model)[1:]
        },
        "fine_tuning_tiers": fine.tiers if fine is not None else None,
    }


def _model(catalog: Catalog, model: AnyModel, today: dt.date, site_url: str) -> dict[str, Any]:
    base = site_url.rstrip("/") + "/" if site_url else "../../"
    current = current_price(model, today)
    data: dict[str, Any] = {
        "id": model.id,
        "page": model.page_slug,
        "kind": model.kind,
        "name": model.name,
        "description": model.description,
        "url": f"{base}{MODELS_PATH}{model.page_slug}/",
        "status": model.status,
        "retires": model.retires.isoformat() if model.retires else None,
        "batch": model.batch,
        "service_tiers": prices.service_tiers(catalog, model),
        "regions": prices.regions_of(catalog, model),
        "off_peak": prices.off_peak_applies(catalog, model),
        "group": getattr(model, "group", None),
        "facts": {
            name: getattr(model, name) for name in MODEL_FACTS if getattr(model, name, None) is not None
        },
        "since": current.since.isoformat() if current.since else None,
        **_entry(catalog, model, current),
    }
    data["history"] = [
        {
            "since": entry.since.isoformat() if entry.since else None,
            "until": until.isoformat() if (until := _until(model, entry.starts)) else None,
            "status": "announced" if entry.starts > today else "current" if entry is current else "past",
            **_entry(catalog, model, entry),
        }
        for entry in model.prices
    ]
    return data


def _until(model: AnyModel, since: dt.date) -> dt.date | None:
    following = history.next_date(model, since)
    return following - dt.timedelta(days=1) if following else None


def pricing_data(catalog: Catalog, today: dt.date, site_url: str = "") -> dict[str, Any]:
    """The JSON document (version 2) as Python data."""
    provider, batch, off_peak = catalog.provider, catalog.batch, catalog.off_peak
    return {
        "version": VERSION,
        "as_of": today.isoformat(),
        "provider": {"name": provider.name, "url": provider.url, "contact_url": provider.contact_url},
        "currency": catalog.currency,
        "batch": {
            "discount_percent": decimal_text(batch.discount_percent),
            "window_hours": batch.window_hours,
            "window_min_hours": batch.window_min_hours,
            "window_max_days": batch.window_max_days,
        },
        "service_tiers": [
            {"id": s.id, "name": s.name, "summary": s.summary, "multiplier": decimal_text(s.multiplier)}
            for s in catalog.service_tiers
        ],
        "regions": [
            {"id": r.id, "name": r.name, "uplift_percent": decimal_text(r.uplift_percent), "models": r.models}
            for r in catalog.regions
        ],
        "off_peak": None
        if off_peak is None
        else {
            "start": off_peak.start,
            "end": off_peak.end,
            "timezone": off_peak.timezone,
            "discount_percent": decimal_text(off_peak.discount_percent),
            "models": off_peak.models,
        },
        "tool_groups": [{"id": g.id, "name": g.name, "summary": g.summary} for g in catalog.tool_groups],
        "features": [{"id": f.id, "name": f.name} for f in catalog.features],
        "tiers": [
            {
                "id": tier.id,
                "name": tier.name,
                "pricing": tier.pricing,
                "summary": tier.summary,
                "custom_limits": tier.custom_limits,
                "signup_url": tier.signup_url,
                "features": {f.id: f.values[tier.id] for f in catalog.features if tier.id in f.values},
                "limits": {
                    model.id: model.limits[tier.id].given()
                    for model in catalog.models
                    if tier.id in model.limits
                },
            }
            for tier in catalog.tiers
        ],
        "models": [_model(catalog, model, today, site_url) for model in catalog.models],
    }


def pricing_json(catalog: Catalog, today: dt.date, site_url: str = "") -> str:
    return json.dumps(pricing_data(catalog, today, site_url), indent=2, ensure_ascii=False) + "\n"


def pricing_csv(catalog: Catalog, today: dt.date) -> str:
    """One row per model, price point and service tier of the current prices, with the next
    announced amount of the same point and tier."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for model in catalog.models:
        current = current_price(model, today)
        upcoming = [p for p in model.prices if p.starts > today]
        for tier in prices.service_tiers(catalog, model):
            now = prices.points(current) if tier == "standard" else prices.tier_points(catalog, current, tier)
            later: dict[str, Decimal] = {}
            if upcoming:
                following = (
                    prices.points(upcoming[0])
                    if tier == "standard"
                    else prices.tier_points(catalog, upcoming[0], tier)
                )
                later = {p.key: p.amount for p in following}
            for point in now:
                next_amount = later.get(point.key)
                writer.writerow(
                    [
                        csv_text(model.id),
                        csv_text(model.name),
                        model.kind,
                        tier,
                        point.key,
                        point.dimension,
                        decimal_text(point.amount),
                        catalog.currency,
                        point.per.quantity,
                        point.per.unit,
                        "" if point.above is None else point.above,
                        point.duration or "",
                        point.size or "",
                        point.quality or "",
                        current.since.isoformat() if current.since else "",
                        "" if next_amount is None else decimal_text(next_amount),
                        upcoming[0].starts.isoformat() if upcoming and next_amount is not None else "",
                    ]
                )
    return buffer.getvalue()


# ── JSON Schema ─────────────────────────────────────────────────────────────────────────
def schema(site_url: str = "") -> dict[str, Any]:
    """The JSON Schema of `v2/pricing.json`."""
    nullable_text = {"type": ["string", "null"]}
    point = object_schema(
        {
            "key": {**TEXT, "description": "Unique within a price list: dimension@conditions."},
            "dimension": {"enum": list(DIMENSIONS)},
            "amount": {**DECIMAL, "description": "Price in `currency` per `per_quantity` `unit`s."},
            "per_quantity": {"type": "integer", "minimum": 1},
            "unit": {"enum": sorted({d.unit for d in DIMENSIONS.values()})},
            "above_tokens": {
                "type": ["integer", "null"],
                "minimum": 1,
                "description": "For prompts over this.",
            },
            "cache_duration": {
                **nullable_text,
                "description": "How long written tokens stay cached (5m, 1h).",
            },
            "image_size": {**nullable_text, "description": "Width x height of a generated image."},
            "image_quality": nullable_text,
        }
    )
    points = {"type": "array", "items": point}
    entry = {
        "prices": {**points, "minItems": 1},
        "service_tier_prices": {
            "type": "object",
            "description": "Per service tier (batch, flex, priority, ...): its prices.",
            "additionalProperties": points,
        },
        "fine_tuning_tiers": {"type": ["array", "null"], "items": TEXT},
    }
    model = object_schema(
        {
            "id": TEXT,
            "page": {**TEXT, "description": "The model page's folder under models/."},
            "kind": {"enum": list(KINDS)},
            "name": TEXT,
            "description": nullable_text,
            "url": {"type": "string", "format": "uri-reference"},
            "status": {"enum": ["available", "preview", "deprecated", "retired"]},
            "retires": {"anyOf": [DATE, {"type": "null"}]},
            "batch": {"type": "boolean"},
            "service_tiers": {"type": "array", "items": TEXT, "minItems": 1},
            "regions": {"type": "array", "items": TEXT},
            "off_peak": {"type": "boolean"},
            "group": nullable_text,
            "facts": {"type": "object", "additionalProperties": {"type": ["integer", "string"]}},
            "since": {"anyOf": [DATE, {"type": "null"}], "description": "null: since launch."},
            **entry,
            "history": {
                "type": "array",
                "minItems": 1,
                "items": object_schema(
                    {
                        "since": {"anyOf": [DATE, {"type": "null"}]},
                        "until": {"anyOf": [DATE, {"type": "null"}]},
                        "status": {"enum": ["past", "current", "announced"]},
                        **entry,
                    }
                ),
            },
        }
    )
    tier = object_schema(
        {
            "id": TEXT,
            "name": TEXT,
            "pricing": {"enum": ["free", "pay_per_use", "on_request"]},
            "summary": TEXT,
            "custom_limits": {"type": "boolean"},
            "signup_url": nullable_text,
            "features": {"type": "object", "additionalProperties": {"type": ["boolean", "string"]}},
            "limits": {
                "type": "object",
                "additionalProperties": {
                    "type": "object",
                    "propertyNames": {"enum": list(LIMIT_KEYS)},
                    "additionalProperties": COUNT,
                },
            },
        }
    )
    result: dict[str, Any] = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Tarifa open pricing data",
        "description": "Every price, tier and limit of an API provider, with history (format version 2).",
        **object_schema(
            {
                "version": {"const": VERSION},
                "as_of": DATE,
                "provider": object_schema({"name": TEXT, "url": nullable_text, "contact_url": nullable_text}),
                "currency": {"type": "string", "pattern": "^[A-Z]{3}$"},
                "batch": object_schema(
                    {
                        "discount_percent": DECIMAL,
                        "window_hours": {"type": ["integer", "null"], "minimum": 1},
                        "window_min_hours": {"type": ["integer", "null"], "minimum": 1},
                        "window_max_days": {"type": ["integer", "null"], "minimum": 1},
                    }
                ),
                "service_tiers": {
                    "type": "array",
                    "items": object_schema(
                        {"id": TEXT, "name": TEXT, "summary": nullable_text, "multiplier": DECIMAL}
                    ),
                },
                "regions": {
                    "type": "array",
                    "items": object_schema(
                        {
                            "id": TEXT,
                            "name": TEXT,
                            "uplift_percent": DECIMAL,
                            "models": {"type": ["array", "null"], "items": TEXT},
                        }
                    ),
                },
                "off_peak": {
                    "anyOf": [
                        {"type": "null"},
                        object_schema(
                            {
                                "start": TEXT,
                                "end": TEXT,
                                "timezone": TEXT,
                                "discount_percent": DECIMAL,
                                "models": {"type": ["array", "null"], "items": TEXT},
                            }
                        ),
                    ]
                },
                "tool_groups": {
                    "type": "array",
                    "items": object_schema({"id": TEXT, "name": TEXT, "summary": nullable_text}),
                },
                "features": {"type": "array", "items": object_schema({"id": TEXT, "name": TEXT})},
                "tiers": {"type": "array", "minItems": 1, "items": tier},
                "models": {"type": "array", "minItems": 1, "items": model},
            }
        ),
    }
    if site_url:
        result = {"$id": site_url.rstrip("/") + "/" + V2_SCHEMA_PATH, **result}
    return result


def files(catalog: Catalog, today: dt.date, site_url: str = "") -> dict[str, bytes]:
    return {
        V2_JSON_PATH: pricing_json(catalog, today, site_url).encode("utf-8"),
        V2_SCHEMA_PATH: (json.dumps(schema(site_url), indent=2, ensure_ascii=False) + "\n").encode("utf-8"),
        V2_CSV_PATH: pricing_csv(catalog, today).encode("utf-8"),
    }
