"""Every number, price, percentage and date of the site, formatted for a locale by Babel.

Prices keep every decimal the catalogue gives and at least the currency's own digits:

>>> from decimal import Decimal
>>> Formatter("en", "USD").price(Decimal("0.075"))
'$0.075'
>>> Formatter("de", "USD").price(Decimal("0.0375"))
'0,0375\\xa0$'
>>> Formatter("fr", "USD").integer(14400)
'14\\u202f400'
>>> Formatter("ar", "USD").percent(Decimal("50"))
'50%'

French writes the first day of a month as an ordinal, which CLDR's patterns do not say:

>>> import datetime as dt
>>> Formatter("fr", "USD").date(dt.date(2025, 4, 1)), Formatter("fr", "USD").date(dt.date(2025, 4, 2))
('1er avr. 2025', '2 avr. 2025')
>>> Formatter("fr", "USD").long_date(dt.date(2025, 4, 1))
'1er avril 2025'
>>> Formatter("en", "USD").date(dt.date(2025, 4, 1))
'Apr 1, 2025'

Arabic uses the Latin digits that plain `ar` has in CLDR (as most Arabic technical and
pricing pages do); a locale such as `ar_EG` would switch to Arabic-Indic digits.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from functools import lru_cache, wraps
from typing import TypeVar, cast

from babel import Locale
from babel.dates import format_date, format_time
from babel.lists import format_list
from babel.numbers import (
    format_compact_decimal,
    format_currency,
    format_decimal,
    format_percent,
    get_currency_name,
    get_currency_symbol,
    get_minus_sign_symbol,
    get_plus_sign_symbol,
)

MILLION = Decimal(1_000_000)
#: Languages whose readers take CLDR's short compact numbers for large derived figures ("1.69M",
#: "1,69 Mio."). Elsewhere the full number, grouped, reads better: French and Spanish "333,33 k"
#: looks like a unit, and Arabic "5 مليون" breaks the agreement of counted nouns ("5 ملايين").
COMPACT_LANGUAGES = frozenset({"en", "de"})
#: The suffix of the first day of a month, where a language writes it as an ordinal ("1er avril").
FIRST_OF_MONTH = {"fr": "er"}
#: The day field of a CLDR date pattern: `d`, not `dd` and not inside a quoted literal.
_DAY_FIELD = re.compile(r"'[^']*'|(?<!d)d(?!d)")
_Method = TypeVar("_Method", bound=Callable[..., str])


def _memo(method: _Method) -> _Method:
    """Format each value once per formatter: a catalogue repeats its limits and prices on many
    pages and in every table, and Babel re-reads its number pattern on every call (formatting
    was a third of Tarifa's build time). The key is the value's type and text, so that 0.5 and
    0.50, equal but written differently, are formatted separately."""
    name = f"_memo_{method.__name__}"

    @wraps(method)
    def cached(self: Formatter, value: Decimal | int | dt.date) -> str:
        memo: dict[tuple[type, str], str] = self.__dict__.setdefault(name, {})
        key = (type(value), str(value))
        text = memo.get(key)
        if text is None:
            text = memo[key] = method(self, value)
        return text

    return cast(_Method, cached)


class Formatter:
    """Formats values for one locale and one billing currency."""

    def __init__(self, locale: str, currency: str) -> None:
        self.locale = Locale.parse(locale)
        self.currency = currency
        self.rtl = right_to_left(locale)

    @_memo
    def price(self, amount: Decimal) -> str:
        """The exact amount, never rounded: 0.075 stays 0.075."""
        text = format_currency(amount, self.currency, locale=self.locale, decimal_quantization=False)
        return self._isolate_symbol(text)

    def _isolate_symbol(self, text: str) -> str:
        """In right-to-left text a Latin symbol such as `US$` must keep its own direction.

        Without isolation the bidi algorithm moves the `$` of `US$` to the far side (`$US`).
        The symbol is wrapped in LEFT-TO-RIGHT ISOLATE … POP DIRECTIONAL ISOLATE, plain
        characters that work in HTML text, attributes and JSON alike.
        """
        if not self.rtl:
            return text
        symbol = self.currency_symbol
        if any(ch.isascii() and ch.isalpha() for ch in symbol):
            return text.replace(symbol, f"\u2066{symbol}\u2069")
        return text

    @_memo
    def whole_price(self, amount: Decimal) -> str:
        """An amount such as an invoice threshold, without decimals when it has none."""
        if amount == amount.to_integral_value():
            pattern = self.locale.currency_formats["standard"].pattern.replace(".00", "")
            return self._isolate_symbol(
                format_currency(
                    amount, self.currency, format=pattern, locale=self.locale, currency_digits=False
                )
            )
        return self.price(amount)

    @_memo
    def integer(self, value: int) -> str:
        return format_decimal(value, locale=self.locale)

    @_memo
    def decimal(self, value: Decimal) -> str:
        return format_decimal(value, locale=self.locale, decimal_quantization=False)

    @_memo
    def compact(self, value: Decimal | int) -> str:
        """Large derived figures such as tokens per $1, in the style a native reader accepts.

        >>> [formatter(locale, "USD").compact(1694915) for locale in ("en", "de", "fr", "es", "ar")]
        ['1.69M', '1,69\xa0Mio.', '1\u202f694\u202f915', '1.694.915', '1,694,915']
        >>> formatter("fr", "USD").compact(333333), formatter("de", "USD").compact(333333)
        ('333\u202f333', '333.333')

        German has no short form below a million (Babel writes 333333): there too the full
        number, grouped.
        """
        if self.locale.language not in COMPACT_LANGUAGES:
            return format_decimal(value, locale=self.locale)
        short = format_compact_decimal(value, locale=self.locale, fraction_digits=2)
        if any(ch.isdigit() for ch in short) and short.replace("\u00a0", "").isdigit():
            return format_decimal(value, locale=self.locale)
        return short

    def join(self, items: list[str]) -> str:
        """A list in the locale's words: `$1, $10 and $100`, `1 و2 و3`."""
        return format_list(items, locale=self.locale)

    @_memo
    def percent(self, percent: Decimal | int) -> str:
        """`50` → `50%` (or `50 %`): the argument is in percent, not a fraction."""
        return format_percent(Decimal(percent) / 100, locale=self.locale, decimal_quantization=False)

    @_memo
    def signed_percent(self, percent: Decimal) -> str:
        """A change such as `+25%` or `-16.67 %`, with the locale's own plus and minus signs."""
        text = self.percent(abs(percent))
        if percent == 0:
            return text
        sign = get_plus_sign_symbol(self.locale) if percent > 0 else get_minus_sign_symbol(self.locale)
        return f"{sign}{text}"

    @_memo
    def date(self, value: dt.date) -> str:
        return self._date(value, "medium")

    def time(self, value: dt.time) -> str:
        """A time of day as the locale writes it: `4:30 PM`, `16:30`.

        >>> Formatter("en", "USD").time(dt.time(16, 30)), Formatter("de", "USD").time(dt.time(0, 30))
        ('4:30\u202fPM', '00:30')
        """
        return format_time(value, "short", locale=self.locale)

    @_memo
    def long_date(self, value: dt.date) -> str:
        return self._date(value, "long")

    def _date(self, value: dt.date, length: str) -> str:
        suffix = FIRST_OF_MONTH.get(self.locale.language)
        if suffix is None or value.day != 1:
            return format_date(value, length, locale=self.locale)
        pattern = self.locale.date_formats[length].pattern
        ordinal = _DAY_FIELD.sub(lambda m: m.group(0) if m.group(0) != "d" else f"d'{suffix}'", pattern)
        return format_date(value, ordinal, locale=self.locale)

    @property
    def currency_symbol(self) -> str:
        return get_currency_symbol(self.currency, locale=self.locale)

    def currency_name(self, code: str | None = None) -> str:
        """The currency's name in this locale ('US dollars', 'US-Dollar'), for prose."""
        return get_currency_name(code or self.currency, count=2, locale=self.locale)


def per_dollar(price_per_million: Decimal) -> Decimal | None:
    """Units one currency unit buys at a price per 1M units; None when the price is zero."""
    if price_per_million == 0:
        return None
    return (MILLION / price_per_million).to_integral_value()


@lru_cache(maxsize=64)
def right_to_left(locale: str) -> bool:
    """Whether `locale` writes from right to left (Arabic, Hebrew, Persian, Urdu …), from CLDR."""
    return bool(Locale.parse(locale).character_order == "right-to-left")


@lru_cache(maxsize=64)
def formatter(locale: str, currency: str) -> Formatter:
    """One formatter per locale and currency for the whole process."""
    return Formatter(locale, currency)
