"""Open data at stable URLs: the catalogue as JSON (with its JSON Schema) and as CSV.

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
SOURCE_DATE_EPOCH writes the same bytes every time.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

from tarifa.catalogue import history
from tarifa.catalogue.model import LIMIT_KEYS, AnyModel, Catalog, current_price
from tarifa.pages.urls import CSV_PATH, JSON_PATH, SCHEMA_PATH

VERSION = 1
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


def decimal_text(value: Decimal) -> str:
    """A decimal as plain digits, exactly as precise as the catalogue: never an exponent."""
    return format(value, "f")


def _prices(price: Any) -> list[dict[str, Any]]:
    return [
        {
            "kind": kind,
            "amount": decimal_text(amount),
            "per_quantity": history.UNITS[kind][0],
            "unit": history.UNITS[kind][1],
        }
        for kind, amount in history.amounts(price).items()
    ]


def _status(since: dt.date, model: AnyModel, today: dt.date) -> str:
    if since > today:
        return "announced"
    return "current" if current_price(model, today).since == since else "past"


def _model(model: AnyModel, today: dt.date, site_url: str) -> dict[str, Any]:
    base = site_url.rstrip("/") + "/" if site_url else "../"
    current = current_price(model, today)
    entry: dict[str, Any] = {
        "id": model.id,
        "kind": model.kind,
        "name": model.name,
        "description": model.description,
        "url": f"{base}models/{model.id}/",
        "batch": model.batch,
    }
    for name in MODEL_FIELDS:
        if hasattr(model, name):
            entry[name] = getattr(model, name)
    entry["since"] = current.since.isoformat()
    entry["prices"] = _prices(current)
    entry["history"] = [
        {
            "since": price.since.isoformat(),
            "until": until.isoformat() if (until := _until(model, price.since)) else None,
            "status": _status(price.since, model, today),
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
            "window_min_hours": catalog.batch.window_min_hours,
            "window_max_days": catalog.batch.window_max_days,
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
                    model.id: {
                        key: value
                        for key in LIMIT_KEYS
                        if (value := getattr(model.limits[tier.id], key)) is not None
                    }
                    for model in catalog.models
                    if tier.id in model.limits
                },
            }
            for tier in catalog.tiers
        ],
        "models": [_model(model, today, site_url) for model in catalog.models],
    }


#: The first characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """A text cell that no spreadsheet runs as a formula.

    >>> csv_text("=1+1"), csv_text("-1+1"), csv_text("@SUM(1,1)"), csv_text("Heron 20B")
    ("'=1+1", "'-1+1", "'@SUM(1,1)", 'Heron 20B')
    """
    return "'" + text if text.startswith(FORMULA_START) else text


def pricing_json(catalog: Catalog, today: dt.date, site_url: str = "") -> str:
    return json.dumps(pricing_data(catalog, today, site_url), indent=2, ensure_ascii=False) + "\n"


def pricing_csv(catalog: Catalog, today: dt.date) -> str:
    """One row per model and price kind of the current prices, with the next announced amount."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(CSV_COLUMNS)
    for model in catalog.models:
        current = current_price(model, today)
        upcoming = [p for p in model.prices if p.since > today]
        following = history.amounts(upcoming[0]) if upcoming else {}
        for kind, amount in history.amounts(current).items():
            quantity, unit = history.UNITS[kind]
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
                    current.since.isoformat(),
                    "" if next_amount is None else decimal_text(next_amount),
                    upcoming[0].since.isoformat() if upcoming and next_amount is not None else "",
                ]
            )
    return buffer.getvalue()


# ── JSON Schema ─────────────────────────────────────────────────────────────────────────
_DECIMAL = {"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?$", "description": "An exact decimal."}
_DATE = {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
_COUNT = {"type": "integer", "minimum": 0}
_TEXT = {"type": "string", "minLength": 1}


def _object(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def schema(site_url: str = "") -> dict[str, Any]:
    """The JSON Schema of `pricing.json`, version 1."""
    price = _object(
        {
            "kind": {"enum": list(history.UNITS)},
            "amount": {**_DECIMAL, "description": "Price in `currency` per `per_quantity` `unit`s."},
            "per_quantity": {"type": "integer", "minimum": 1},
            "unit": {"enum": sorted({unit for _, unit in history.UNITS.values()})},
        }
    )
    model_properties: dict[str, Any] = {
        "id": _TEXT,
        "kind": {"enum": ["chat", "tts", "asr", "tool"]},
        "name": _TEXT,
        "description": {"type": ["string", "null"]},
        "url": {"type": "string", "format": "uri-reference"},
        "batch": {"type": "boolean", "description": "Available through the Batch API."},
        **{name: {"type": ["integer", "null"], "minimum": 1} for name in MODEL_FIELDS},
        "since": {**_DATE, "description": "The date the current prices took effect."},
        "prices": {"type": "array", "items": price, "minItems": 1, "description": "Prices in effect."},
        "history": {
            "type": "array",
            "minItems": 1,
            "description": "Every dated price list, oldest first, announced ones included.",
            "items": _object(
                {
                    "since": _DATE,
                    "until": {"anyOf": [_DATE, {"type": "null"}], "description": "Last day in effect."},
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
        **_object(
            {
                "version": {"const": VERSION, "description": "Major version of this format."},
                "as_of": {**_DATE, "description": "The date the file was built for."},
                "provider": _object(
                    {
                        "name": _TEXT,
                        "url": {"type": ["string", "null"], "format": "uri"},
                        "contact_url": {"type": ["string", "null"], "format": "uri"},
                    }
                ),
                "currency": {"type": "string", "pattern": "^[A-Z]{3}$", "description": "ISO 4217 code."},
                "batch": _object(
                    {
                        "discount_percent": _DECIMAL,
                        "window_min_hours": {"type": "integer", "minimum": 1},
                        "window_max_days": {"type": "integer", "minimum": 1},
                    }
                ),
                "features": {"type": "array", "items": _object({"id": _TEXT, "name": _TEXT})},
                "tiers": {
                    "type": "array",
                    "minItems": 1,
                    "items": _object(
                        {
                            "id": _TEXT,
                            "name": _TEXT,
                            "pricing": {"enum": ["free", "pay_per_use", "on_request"]},
                            "summary": _TEXT,
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
                                    "additionalProperties": _COUNT,
                                },
                            },
                        }
                    ),
                },
                "models": {
                    "type": "array",
                    "minItems": 1,
                    "items": _object(
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


# ── Writing ─────────────────────────────────────────────────────────────────────────────
def files(catalog: Catalog, today: dt.date, site_url: str = "") -> dict[str, bytes]:
    """Every open-data file by its path under the site root."""
    return {
        JSON_PATH: pricing_json(catalog, today, site_url).encode("utf-8"),
        SCHEMA_PATH: schema_json(site_url).encode("utf-8"),
        CSV_PATH: pricing_csv(catalog, today).encode("utf-8"),
    }


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write(site_dir: Path, catalog: Catalog, today: dt.date, site_url: str = "") -> list[Path]:
    written = []
    for relative, data in files(catalog, today, site_url).items():
        target = site_dir / relative
        write_atomically(target, data)
        written.append(target)
    return written
