"""What the price history, feeds, open data and JSON-LD must say, worked out without Tarifa.

The catalogue is read with PyYAML's BaseLoader (every scalar is the text written), prices become
Decimals from that text, percentages are computed with fractions, and every figure is formatted
by Babel directly. Translated labels come from the `.po` files, read with Babel.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from fractions import Fraction
from functools import cache
from typing import Any

from babel.messages.pofile import read_po
from babel.numbers import (
    format_currency,
    format_decimal,
    format_percent,
    get_minus_sign_symbol,
    get_plus_sign_symbol,
)
from bs4 import Tag

from conftest import medium_date, po_files, visible

#: Price kinds in the order the pages list them, with the quantity and unit they are priced per.
KINDS = {
    "input": (1_000_000, "token"),
    "cached_input": (1_000_000, "token"),
    "output": (1_000_000, "token"),
    "characters": (1_000_000, "character"),
    "hour": (1, "hour"),
    "requests": (1_000, "request"),
}


@cache
def po(locale: str) -> dict[tuple[str, str | None], str]:
    if locale == "en":
        return {}
    found = {}
    for path in po_files(locale):  # both domains: Tarifa's interface and the catalogue's texts
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale)
        found.update(
            {
                (m.id, m.context): m.string
                for m in catalog
                if m.id and isinstance(m.id, str) and isinstance(m.string, str) and not m.fuzzy
            }
        )
    return found


def tr(locale: str, message: str, context: str | None = None) -> str:
    return po(locale).get((message, context)) or message


def money(value: str | Decimal, locale: str, currency: str) -> str:
    return format_currency(Decimal(value), currency, locale=locale, decimal_quantization=False)


def value(cell: Tag) -> str:
    """The visible value of a table cell: its isolated number, its glyph, or its text."""
    shown = cell.find("bdi") or cell.find(attrs={"aria-hidden": "true"}) or cell
    return visible(shown.get_text())


def date_text(value: dt.date, locale: str) -> str:
    return medium_date(value, locale)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def amounts(entry: dict[str, str]) -> dict[str, str]:
    """The prices of one dated entry of the raw catalogue, by kind, in page order."""
    return {kind: entry[kind] for kind in KINDS if kind in entry}


def current(model: dict[str, Any], today: dt.date) -> dict[str, str]:
    effective = [p for p in model["prices"] if day(p["since"]) <= today]
    return effective[-1] if effective else model["prices"][0]


def upcoming(model: dict[str, Any], today: dt.date) -> list[dict[str, str]]:
    return [p for p in model["prices"] if day(p["since"]) > today]


def percent(old: str, new: str) -> Decimal:
    """The change in percent, rounded half to even to two decimals, as a plain Decimal."""
    exact = (Fraction(new) - Fraction(old)) / Fraction(old) * 100
    rounded = round(exact, 2)
    value = Decimal(rounded.numerator) / Decimal(rounded.denominator)  # exact: 100 is a multiple
    return Decimal(int(value)) if value == value.to_integral_value() else value.normalize()


def signed_percent(value: Decimal, locale: str) -> str:
    text = format_percent(abs(value) / 100, locale=locale, decimal_quantization=False)
    if value > 0:
        return get_plus_sign_symbol(locale) + text
    if value < 0:
        return get_minus_sign_symbol(locale) + text
    return text


def changes(raw: dict[str, Any], today: dt.date, model_id: str | None = None) -> list[dict[str, Any]]:
    """Every change of the catalogue (or of one model), newest first, then in catalogue order."""
    found = []
    for model in raw["models"]:
        if model_id is not None and model["id"] != model_id:
            continue
        model_changes = []
        for before, after in zip(model["prices"], model["prices"][1:], strict=False):
            old, new = amounts(before), amounts(after)
            for kind in KINDS:
                if (kind in old or kind in new) and (
                    kind not in old or kind not in new or Decimal(old[kind]) != Decimal(new[kind])
                ):
                    since = day(after["since"])
                    model_changes.append(
                        {
                            "model": model,
                            "kind": kind,
                            "old": old.get(kind),
                            "new": new.get(kind),
                            "since": since,
                            "announced": since > today,
                        }
                    )
        found += sorted(model_changes, key=lambda c: c["since"], reverse=True)
    return sorted(found, key=lambda c: c["since"], reverse=True)


def change_text(change: dict[str, Any], locale: str) -> str:
    if change["old"] is None:
        return tr(locale, "new price")
    if change["new"] is None:
        return tr(locale, "no longer offered")
    return signed_percent(percent(change["old"], change["new"]), locale)


def kind_label(model: dict[str, Any], kind: str, locale: str) -> str:
    labels = {
        "input": "Input per 1M tokens",
        "cached_input": "Cached input per 1M tokens",
        "output": "Output per 1M tokens",
        "characters": "Price per 1M characters",
    }
    if kind in labels:
        return tr(locale, labels[kind])
    if kind == "hour" and model["kind"] == "asr":
        return tr(locale, "Price per hour of audio")
    if kind == "hour":
        return tr(locale, "Price") + " " + tr(locale, "per hour of use")
    count = format_decimal(1000, locale=locale)
    return tr(locale, "Price") + " " + tr(locale, "per %(count)s requests") % {"count": count}


def model_name(model: dict[str, Any], locale: str) -> str:
    translated = model.get("translate_name", "true" if model["kind"] == "tool" else "false") == "true"
    return tr(locale, model["name"], "model name") if translated else model["name"]
