"""What a visitor should see, worked out without Tarifa: the catalogue as written (PyYAML's
BaseLoader, every scalar a string), translations read from the `.po` files with Babel, every
number and amount formatted by Babel itself.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from functools import cache
from typing import Any

import yaml
from babel import Locale
from babel.messages.pofile import read_po
from babel.numbers import format_currency, format_decimal, format_percent

from conftest import DEFAULT, ROOT, build_day, po_files, pot_files, prefix

LIMIT_KEYS = ("rpm", "rpd", "tpm", "tpd", "ash", "asd")
LIMIT_LABELS = {
    "rpm": "Requests per minute",
    "rpd": "Requests per day",
    "tpm": "Tokens per minute",
    "tpd": "Tokens per day",
    "ash": "Audio seconds per hour",
    "asd": "Audio seconds per day",
}
# Text-to-speech limits count characters, not tokens.
CHAR_LIMIT_LABELS = {"tpm": "Characters per minute", "tpd": "Characters per day"}
KIND_TITLES = {
    "chat": "Chat models",
    "embedding": "Embeddings",
    "moderation": "Moderation",
    "rerank": "Reranking",
    "image": "Image generation",
    "tts": "Text to speech",
    "asr": "Speech recognition",
    "tool": "Built-in tools",
}
#: The prices of a kind that the overview gives a column (when one of its models has them), and
#: the English label of each; every other price of a model is in the line under its row.
COLUMNS = {
    "chat": ("input", "cached_input", "output"),
    "embedding": ("input", "cached_input"),
    "moderation": ("input", "cached_input"),
    "rerank": ("searches",),
    "image": ("input", "image_output"),
    "tts": ("characters", "minute", "input", "audio_output"),
    "asr": ("hour", "minute", "audio_input", "output"),
    "tool": ("requests", "hour"),
}
PRICE_LABELS = {
    "input": "Input per 1M tokens",
    "cached_input": "Cached input per 1M tokens",
    "output": "Output per 1M tokens",
    "audio_input": "Audio input per 1M tokens",
    "audio_output": "Audio output per 1M tokens",
    "image_output": "Image output per 1M tokens",
    "characters": "Price per 1M characters",
    "minute": "Price per minute of audio",
    "requests": "Price per 1,000 requests",
    "searches": "Price per 1,000 searches",
}
HOUR_LABELS = {"asr": "Price per hour of audio", "tool": "Price per hour of use"}
# Invisible bidi controls (LRM, RLM, ALM, LRI, RLI, FSI, PDI, LRE…PDF, RLO, LRO). They steer the
# order of glyphs but are not text a visitor reads; Babel and the page may place them
# differently, so both sides are compared without them.
BIDI_CONTROLS = re.compile("[\u200e\u200f\u061c\u2066-\u2069\u202a-\u202e]")


def plain(text: str) -> str:
    """Text without bidi controls, with runs of ordinary white space collapsed."""
    return re.sub(r"[ \t\r\n]+", " ", BIDI_CONTROLS.sub("", text)).strip()


# ── Pages ─────────────────────────────────────────────────────────────────────────────
def written_pages() -> list[str]:
    """Paths of the hand-written pages (docs/<name>.md without a language suffix)."""
    names = sorted(p.stem for p in (ROOT / "docs").glob("*.md") if "." not in p.stem)
    return ["" if name == "index" else f"{name}/" for name in names]


def page_slug(model: dict[str, Any]) -> str:
    """A model page's folder: the catalogue's `slug`, else the id in lower case with every run of
    other characters than letters, digits and dots as one hyphen (`kestrel/orca-realtime` →
    `kestrel-orca-realtime`, `orca-8b-instant:free` → `orca-8b-instant-free`)."""
    if "slug" in model:
        return str(model["slug"])
    return re.sub(r"[^a-z0-9.]+", "-", model["id"].lower()).strip("-.")


def model_pages(raw: dict[str, Any]) -> list[str]:
    return [f"models/{page_slug(m)}/" for m in raw["models"]]


def url(base: str, locale: str, path: str) -> str:
    return f"{base}{prefix(locale)}{path}"


def slug(path: str) -> str:
    """A page's name in screenshot files: '' → index, 'models/x/' → models-x."""
    return path.strip("/").replace("/", "-") or "index"


# ── Translations ──────────────────────────────────────────────────────────────────────
@cache
def po(locale: str) -> dict[tuple[str, str | None], str | tuple[str, ...]]:
    """Translations actually used by a build (fuzzy and empty entries are not)."""
    if locale == DEFAULT:
        return {}
    out: dict[tuple[str, str | None], str | tuple[str, ...]] = {}
    for path in po_files(locale):  # both domains: Tarifa's interface and the catalogue's texts
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        for m in catalog:
            if not m.id or m.fuzzy:
                continue
            key = m.id[0] if isinstance(m.id, tuple) else m.id
            out[(key, m.context)] = m.string
    return out


def tr(locale: str, message: str, context: str | None = None) -> str:
    found = po(locale).get((message, context))
    if isinstance(found, tuple):
        found = found[0]
    return found or message


@cache
def source_strings() -> list[tuple[str, str | None, tuple[str, ...]]]:
    """Every English source string of the templates and the catalogue (the .pot), as
    (msgid, msgctxt, English forms: the singular and the plural, if any)."""
    out = []
    for path in pot_files():
        with path.open("rb") as handle:
            catalog = read_po(handle)
        for m in catalog:
            if not m.id:
                continue
            forms = tuple(m.id) if isinstance(m.id, tuple) else (m.id,)
            out.append((forms[0], m.context, forms))
    return out


def translated_forms(locale: str, msgid: str, context: str | None) -> tuple[str, ...]:
    found = po(locale).get((msgid, context)) or ()
    return (found,) if isinstance(found, str) else tuple(f for f in found if f)


# ── The catalogue ─────────────────────────────────────────────────────────────────────
@cache
def catalogue() -> dict[str, Any]:
    """pricing/catalogue.yaml with every scalar as written (also needed to list the pages when
    tests are collected, before fixtures exist)."""
    with (ROOT / "pricing" / "catalogue.yaml").open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.load(handle, Loader=yaml.BaseLoader)
    return data


def since(entry: dict[str, Any]) -> dt.date:
    """The day a price entry takes effect (a first entry without `since`: since launch)."""
    return dt.date.fromisoformat(entry["since"]) if "since" in entry else dt.date.min


def current(prices: list[dict[str, Any]]) -> dict[str, Any]:
    """The price in effect on the day the site is built for (the first one if all are later)."""
    today = build_day()
    effective = [p for p in prices if since(p) <= today]
    return effective[-1] if effective else prices[0]


def amounts(entry: dict[str, Any], *, service_tiers: bool = False) -> list[str]:
    """Every amount written in a price entry, as written: plain prices, cache writes by duration,
    long-prompt steps, per-image prices, fine-tuning (and explicit service-tier prices)."""
    found: list[str] = []
    for key, value in entry.items():
        if key in ("since", "tokens", "size", "quality", "tiers") or (
            key == "service_tiers" and not service_tiers
        ):
            continue
        if isinstance(value, dict):
            found += amounts(value, service_tiers=service_tiers)
        elif isinstance(value, list):
            for item in value:
                found += amounts(item, service_tiers=service_tiers)
        else:
            found.append(value)
    return found


def price_label(locale: str, kind: str, dimension: str) -> str:
    english = HOUR_LABELS[kind] if dimension == "hour" else PRICE_LABELS[dimension]
    return tr(locale, english)


def models(raw: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [m for m in raw["models"] if m["kind"] == kind]


def translates_name(model: dict[str, Any]) -> bool:
    """Tools' names are words ("Web search") and are translated; model names are names."""
    default = "true" if model["kind"] == "tool" else "false"
    return str(model.get("translate_name", default)).lower() == "true"


def model_name(locale: str, model: dict[str, Any]) -> str:
    return tr(locale, model["name"], "model name") if translates_name(model) else model["name"]


def names_not_translated(raw: dict[str, Any]) -> list[str]:
    """Names that read the same in every language: the provider and the models."""
    names = [raw["provider"]["name"]] + [m["name"] for m in raw["models"] if not translates_name(m)]
    return sorted(names, key=len, reverse=True)


def limit_label(locale: str, key: str, kind: str) -> str:
    label = CHAR_LIMIT_LABELS.get(key, LIMIT_LABELS[key]) if kind == "tts" else LIMIT_LABELS[key]
    return tr(locale, label)


# ── Babel's formatting ────────────────────────────────────────────────────────────────
def money(value: str | Decimal, locale: str, currency: str) -> str:
    """An exact amount as Babel writes it (no rounding: 0.075 stays 0.075)."""
    return plain(format_currency(Decimal(value), currency, locale=locale, decimal_quantization=False))


def whole_money(value: str | Decimal, locale: str, currency: str) -> set[str]:
    """A whole amount as Babel writes it, with or without the currency's decimals."""
    amount = Decimal(value)
    pattern = Locale.parse(locale).currency_formats["standard"].pattern.replace(".00", "")
    short = format_currency(amount, currency, format=pattern, locale=locale, currency_digits=False)
    return {money(amount, locale, currency), plain(short)}


def integer(value: str | int, locale: str) -> str:
    return plain(format_decimal(int(value), locale=locale))


def percent(value: str | Decimal, locale: str) -> str:
    return plain(format_percent(Decimal(value) / 100, locale=locale, decimal_quantization=False))
