"""Every price, limit and feature of the catalogue is visible in the right row and column of the
right table, in every locale, with and without JavaScript.

Tables are found by the title a visitor reads above them, rows by the name in their first
column, columns by their header; the value is the first visible line of the cell (notes such as
"20M tokens per $1" or an approximate amount in another currency follow on their own lines).
Expected values come from the catalogue as written, formatted by Babel, labels from the .po files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from playwright.sync_api import Page

from conftest import LOCALES, medium_date

from . import dom
from .conftest import Visit
from .reference import (
    COLUMNS,
    KIND_TITLES,
    LIMIT_KEYS,
    catalogue,
    current,
    integer,
    limit_label,
    model_name,
    models,
    money,
    page_slug,
    plain,
    price_label,
    tr,
    url,
    whole_money,
)


class Findings:
    """Collects every mismatch of a page, so one run reports them all."""

    def __init__(self, where: str) -> None:
        self.where = where
        self.problems: list[str] = []

    def find(self, table: dom.Table, row: str, column: str) -> dom.Cell | None:
        try:
            return table.row(row)[table.column(column)]
        except AssertionError as error:
            self.problems.append(str(error))
            return None

    def cell(self, table: dom.Table, row: str, column: str, expected: str, *, hidden_text: str = "") -> None:
        cell = self.find(table, row, column)
        if cell is None:
            return
        where = f"{table.title!r} / {row!r} / {column!r}"
        if not cell.shown:
            self.problems.append(f"{where}: the cell is not visible")
        if cell.value != expected:
            self.problems.append(f"{where}: shows {cell.value!r}, expected {expected!r}")
        if hidden_text and hidden_text not in cell.all:
            self.problems.append(f"{where}: {cell.value!r} is not explained by {hidden_text!r}")

    def table(self, tables: dict[str, dom.Table], title: str) -> dom.Table | None:
        if title not in tables:
            self.problems.append(f"no table titled {title!r}; tables: {list(tables)}")
            return None
        return tables[title]

    def check(self) -> None:
        assert not self.problems, f"{self.where}:\n  " + "\n  ".join(self.problems)


def missing(locale: str) -> dict[str, str]:
    """How a missing value reads: a dash for the eye, words for a screen reader."""
    return {"expected": "—", "hidden_text": tr(locale, "not offered", "price")}


def price_text(amount: str | Decimal, locale: str, currency: str) -> str:
    """A price as written: exact, or "Free" for zero."""
    return tr(locale, "Free", "price") if Decimal(amount) == 0 else money(amount, locale, currency)


def listed(raw: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [m for m in models(raw, kind) if m.get("status") != "retired"]


def table_title(locale: str, raw: dict[str, Any], model: dict[str, Any]) -> str:
    """The title above a model's table on the overview: its kind's, or its tool group's."""
    if model["kind"] != "tool" or not raw.get("tool_groups"):
        return tr(locale, KIND_TITLES[model["kind"]])
    group = next((g for g in raw["tool_groups"] if g["id"] == model.get("group")), None)
    return tr(locale, group["name"], "tool group name") if group else tr(locale, "Other tools")


FACTS = {  # the facts the overview gives a column, by kind: (catalogue key, English label)
    "chat": (("speed_tps", "Speed (tokens per second)"), ("context_window", "Context window (tokens)")),
    "asr": (("speed_factor", "Speed (times real time)"),),
}


def check_pricing_page(page: Page, locale: str, raw: dict[str, Any], found: Findings) -> None:
    currency = raw["currency"]
    tables = dom.tables(page)

    for kind in KIND_TITLES:
        for model in listed(raw, kind):
            table = found.table(tables, table_title(locale, raw, model))
            if not table:
                continue
            name, price = model_name(locale, model), current(model["prices"])
            for key, label in FACTS.get(kind, ()):
                if tr(locale, label) in table.head:
                    expected = integer(model[key], locale) if key in model else "—"
                    if key == "context_window" and "context_label" in model:  # 131,072 128k
                        expected += " " + model["context_label"]
                    found.cell(table, name, tr(locale, label), expected)
            for dimension in COLUMNS[kind]:
                label = price_label(locale, kind, dimension)
                if isinstance(price.get(dimension), str):
                    found.cell(table, name, label, price_text(price[dimension], locale, currency))
                elif label in table.head:
                    found.cell(table, name, label, **missing(locale))

    tiers = found.table(tables, tr(locale, "Compare the tiers"))
    if tiers:
        for feature in raw["features"]:
            name = tr(locale, feature["name"], "feature name")
            for tier in raw["tiers"]:
                column, value = tr(locale, tier["name"], "tier name"), feature["values"][tier["id"]]
                if value == "true":
                    found.cell(tiers, name, column, "✓", hidden_text=tr(locale, "included"))
                elif value == "false":
                    found.cell(tiers, name, column, "—", hidden_text=tr(locale, "not included"))
                else:
                    found.cell(tiers, name, column, tr(locale, value, "feature value"))

    for tier in raw["tiers"]:
        if tier.get("custom_limits") == "true":
            continue
        tier_name = tr(locale, tier["name"], "tier name")
        for kind, kind_title in KIND_TITLES.items():
            title = tr(locale, "%(tier)s: %(kind)s") % {
                "tier": tier_name,
                "kind": tr(locale, kind_title),
            }
            if not listed(raw, kind):
                continue
            table = found.table(tables, plain(title))
            if not table:
                continue
            for model in listed(raw, kind):
                limits = model["limits"][tier["id"]]
                for key in LIMIT_KEYS:
                    if key in limits:
                        label = limit_label(locale, key, kind)
                        found.cell(table, model_name(locale, model), label, integer(limits[key], locale))

    cards = dom.evaluate(
        page,
        """() => [...document.querySelectorAll('.md-content section')].filter((s) => !hidden(s)).map((s) => ({
            name: visibleLines(s.querySelector('h1, h2, h3, h4')).join(' '),
            lines: visibleLines(s),
        }))""",
    )
    by_name = {plain(c["name"]): [plain(line) for line in c["lines"]] for c in cards}
    for tier in raw["tiers"]:
        name = tr(locale, tier["name"], "tier name")
        if name not in by_name:
            found.problems.append(f"no card for the tier {name!r}; cards: {list(by_name)}")
        elif tier["pricing"] == "free" and not whole_money(0, locale, currency) & set(by_name[name]):
            found.problems.append(
                f"the {name!r} card does not show {whole_money(0, locale, currency)}: {by_name[name]}"
            )


def check_model_page(
    page: Page, locale: str, model: dict[str, Any], raw: dict[str, Any], found: Findings
) -> None:
    """The Standard column has each price of the kind's main dimensions, the batch column (when
    the model has batch) each at the catalogue's discount unless the entry sets it, and the
    limits table each limit of each tier."""
    currency = raw["currency"]
    discount = Decimal(raw["batch"]["discount_percent"])
    tables = dom.tables(page)
    price = current(model["prices"])
    batch = model.get("batch") == "true"

    prices = found.table(tables, tr(locale, "Prices"))
    if prices:
        expected_head = [tr(locale, "Price"), tr(locale, "Standard")] + (
            [tr(locale, "With Batch API")] if batch else []
        )
        if prices.head[: len(expected_head)] != expected_head:
            found.problems.append(f"price table columns {prices.head}, expected {expected_head} first")
        explicit = price.get("service_tiers", {}).get("batch", {})
        for dimension in COLUMNS[model["kind"]]:
            amount = price.get(dimension)
            if not isinstance(amount, str):
                continue
            label = price_label(locale, model["kind"], dimension)
            found.cell(prices, label, tr(locale, "Standard"), price_text(amount, locale, currency))
            if batch:
                cheaper = (
                    Decimal(explicit[dimension])
                    if dimension in explicit
                    else Decimal(amount) * (100 - discount) / 100
                )
                found.cell(
                    prices,
                    label,
                    tr(locale, "With Batch API"),
                    price_text(
                        cheaper.normalize() if cheaper.as_tuple().exponent < -2 else cheaper, locale, currency
                    ),
                )  # type: ignore[operator]

    limits = found.table(tables, tr(locale, "Rate limits"))
    if limits:
        for tier in raw["tiers"]:
            if tier.get("custom_limits") == "true" or tier["id"] not in model["limits"]:
                continue
            values = model["limits"][tier["id"]]
            for key in LIMIT_KEYS:
                if key in values:
                    label = limit_label(locale, key, model["kind"])
                    tier_name = tr(locale, tier["name"], "tier name")
                    found.cell(limits, tier_name, label, integer(values[key], locale))

    if "since" in price:
        since = medium_date(dt.date.fromisoformat(price["since"]), locale)
        if plain(since) not in plain(dom.page_text(page)):
            found.problems.append(f"the date the prices took effect ({since!r}) is not shown")


@pytest.mark.browser
@pytest.mark.parametrize("locale", LOCALES)
def test_pricing_page_shows_every_price_limit_and_feature(visit: Callable[..., Visit], locale: str) -> None:
    seen = visit(locale, "pricing/")
    found = Findings(f"{locale}/pricing/")
    check_pricing_page(seen.page, locale, catalogue(), found)
    found.check()


@pytest.mark.browser
@pytest.mark.parametrize("locale", LOCALES)
def test_model_pages_show_their_prices_and_limits(
    visit: Callable[..., Visit], server: str, locale: str
) -> None:
    raw = catalogue()
    page = visit(locale, "").page
    found = Findings(f"{locale} model pages")
    for model in raw["models"]:
        page.goto(url(server, locale, f"models/{page_slug(model)}/"))
        before = len(found.problems)
        check_model_page(page, locale, model, raw, found)
        found.problems[before:] = [f"{model['id']}: {p}" for p in found.problems[before:]]
    found.check()


@pytest.mark.browser
@pytest.mark.parametrize("locale", LOCALES)
def test_prices_show_without_javascript(contexts: Callable[[str], Any], server: str, locale: str) -> None:
    raw = catalogue()
    page = contexts("nojs").new_page()
    try:
        found = Findings(f"{locale}, JavaScript disabled")
        page.goto(url(server, locale, "pricing/"))
        assert page.evaluate("() => typeof document$ === 'undefined'"), "scripts ran although disabled"
        check_pricing_page(page, locale, raw, found)
        for kind in ("chat", "tool"):
            model = models(raw, kind)[0]
            page.goto(url(server, locale, f"models/{page_slug(model)}/"))
            check_model_page(page, locale, model, raw, found)
        found.check()
    finally:
        page.close()
