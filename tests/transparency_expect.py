"""How the price history, feeds, open data and JSON-LD write what they say, worked out without
Tarifa: translations read from the `.po` files with Babel, prices, percentages (computed with
fractions) and dates formatted by Babel directly. What the prices are comes from points_expect
(price points of the catalogue as written), what they are called from labels_expect.
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
    format_percent,
    get_minus_sign_symbol,
    get_plus_sign_symbol,
)
from bs4 import Tag

from conftest import medium_date, po_files, visible


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


def model_name(model: dict[str, Any], locale: str) -> str:
    translated = model.get("translate_name", "true" if model["kind"] == "tool" else "false") == "true"
    return tr(locale, model["name"], "model name") if translated else model["name"]
