"""Price history: every change between two consecutive dated prices of a model, newest first.

A model's `prices` are listed oldest first; each entry takes effect on its `since` date. A change
is one price point (input, output, cache writes for one hour, input above 200K tokens, …: see
`tarifa.catalogue.prices`) whose amount differs between two consecutive entries. A change dated
after "today" (the build date) is *announced*: it becomes an ordinary past change on its date, at
the next build, without any edit.

>>> from decimal import Decimal
>>> change_percent(Decimal("0.10"), Decimal("0.075"))
(Decimal('-25'), True)
>>> change_percent(Decimal("0.06"), Decimal("0.05"))
(Decimal('-16.67'), False)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from itertools import groupby

from tarifa.catalogue.model import AnyModel, Catalog
from tarifa.catalogue.prices import amounts

#: Percentages of change are given to this many decimals (exactly, when they terminate sooner).
PERCENT_DECIMALS = 2


def change_percent(old: Decimal, new: Decimal) -> tuple[Decimal, bool]:
    """The change from `old` to `new` in percent, and whether that figure is exact.

    Computed with fractions: exact when it has at most two decimals, otherwise rounded half to
    even to two decimals (a third of a cent more is +33.33 %, flagged as not exact).
    """
    if old == 0:
        raise ValueError("no percentage of change from a price of zero")
    exact = (Fraction(new) - Fraction(old)) / Fraction(old) * 100
    rounded = round(exact, PERCENT_DECIMALS)
    value = Decimal(rounded.numerator) / Decimal(rounded.denominator)
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return value, rounded == exact


@dataclass(frozen=True)
class PriceChange:
    """One price point of one model changing on one date."""

    model: AnyModel
    #: The point's key (`input`, `cache_write@1h`, `input@>200000`, see `prices.Point.key`).
    kind: str
    old: Decimal | None  # None: the kind was not offered before (a new price)
    new: Decimal | None  # None: the kind is no longer offered
    since: dt.date
    announced: bool  # takes effect after the build date

    @property
    def model_id(self) -> str:
        return self.model.id

    @property
    def percent(self) -> Decimal | None:
        """Change in percent (see `change_percent`); None for a new or withdrawn price, or from zero."""
        if self.old is None or self.new is None or self.old == 0:
            return None
        return change_percent(self.old, self.new)[0]

    @property
    def percent_exact(self) -> bool:
        old, new = self.old, self.new
        return old is not None and new is not None and old != 0 and change_percent(old, new)[1]

    @property
    def direction(self) -> str:
        """up, down, new (kind added) or withdrawn (kind removed)."""
        if self.old is None:
            return "new"
        if self.new is None:
            return "withdrawn"
        return "up" if self.new > self.old else "down"


def model_changes(model: AnyModel, today: dt.date) -> list[PriceChange]:
    """The changes of one model, newest first."""
    changes: list[PriceChange] = []
    for before, after in zip(model.prices, model.prices[1:], strict=False):
        old, new = amounts(before), amounts(after)
        since = after.starts
        for key in [*old, *(k for k in new if k not in old)]:
            if old.get(key) != new.get(key):
                changes.append(PriceChange(model, key, old.get(key), new.get(key), since, since > today))
    return sorted(changes, key=lambda c: c.since, reverse=True)


def price_changes(catalog: Catalog, today: dt.date) -> list[PriceChange]:
    """Every change of the catalogue, newest first (then in catalogue and page order)."""
    changes = [change for model in catalog.models for change in model_changes(model, today)]
    return sorted(changes, key=lambda c: c.since, reverse=True)


def events(changes: list[PriceChange]) -> list[list[PriceChange]]:
    """Changes grouped by model and date (one new price list), keeping their order."""
    return [list(group) for _, group in groupby(changes, key=lambda c: (c.model_id, c.since))]


def next_date(model: AnyModel, since: dt.date) -> dt.date | None:
    """The date the entry starting on `since` is replaced, if a later entry exists."""
    later = [p.starts for p in model.prices if p.starts > since]
    return min(later) if later else None
