"""Approximate prices in a locale's display currency, from a dated rate in the catalogue.

Billing happens in the catalogue's currency only; a converted amount is a reading aid. It is the
exact product of price and rate, rounded half up to the cent (the currency's minor unit), except
that an amount below a tenth of a unit keeps two significant digits, so that per-token prices
such as $0.0375 do not all collapse to €0.03:

>>> from decimal import Decimal
>>> approximate(Decimal("0.59"), Decimal("0.8611"), "EUR")
Decimal('0.51')
>>> approximate(Decimal("0.075"), Decimal("0.8611"), "EUR")
Decimal('0.065')
>>> approximate(Decimal("50.00"), Decimal("0.8611"), "EUR")
Decimal('43.06')
>>> approximate(Decimal("0"), Decimal("0.8611"), "EUR")
Decimal('0.00')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, localcontext

from babel.numbers import get_currency_precision

#: Amounts below this many units keep two significant digits instead of being rounded to the cent.
SMALL = Decimal("0.1")


@dataclass(frozen=True)
class Display:
    """A locale's display currency and the dated rate that converts billing prices into it."""

    currency: str
    rate: Decimal
    date: dt.date


def approximate(amount: Decimal, rate: Decimal, currency: str) -> Decimal:
    """`amount` × `rate`, rounded for reading (see the module's docstring for the rule)."""
    with localcontext() as context:
        context.prec = 60
        exact = amount * rate
        digits = get_currency_precision(currency)
        exponent = -digits
        if exact and abs(exact) < SMALL:
            exponent = min(exponent, exact.adjusted() - 1)
        return exact.quantize(Decimal(1).scaleb(exponent), rounding=ROUND_HALF_UP)
