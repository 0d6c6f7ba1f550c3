"""The pricing page as a visitor uses it, in every locale, on a laptop and on a phone: a model's
prices together on screen, finding a model by sorting, filtering and searching, the service-tier
and currency switches, price-history charts, the direction of price changes, the wide pricing
layout with the tier cards' calls to action, headers that stay in view, copying an API id.

Expected values come from the catalogue as written and Babel (`reference`), never from the page.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from babel.numbers import parse_decimal
from playwright.sync_api import Page

from conftest import LOCALES

from . import dom
from .conftest import Visit
from .reference import (
    KIND_TITLES,
    catalogue,
    current,
    integer,
    models,
    money,
    page_slug,
    plain,
    price_label,
    tr,
)

#: A chat model with input, cached input and output prices, batch and a priority tier.
NAMED = "orca-70b-versatile"
#: A chat model whose prices changed (and change again on an announced date).
CHANGED = "orca-70b-versatile"


def model(model_id: str) -> dict[str, Any]:
    return next(m for m in catalogue()["models"] if m["id"] == model_id)


def listed(kind: str) -> list[dict[str, Any]]:
    """The kind's models on the overview, in the catalogue's order (retired ones are not)."""
    return [m for m in models(catalogue(), kind) if m.get("status") != "retired"]


def price_text(amount: str | Decimal, locale: str) -> str:
    """A price as written on the pages: exact, or "Free" for zero."""
    if Decimal(amount) == 0:
        return tr(locale, "Free", "price")
    return money(amount, locale, catalogue()["currency"])


def cents(amount: Decimal) -> Decimal:
    """An exact amount without trailing zeros beyond the cents (0.2950 → 0.295, 1.500 → 1.50)."""
    amount = amount.normalize()
    return amount.quantize(Decimal("0.01")) if amount.as_tuple().exponent > -2 else amount  # type: ignore[operator]


def tier_price(entry: dict[str, Any], tier: str, dimension: str) -> Decimal | None:
    """A usage price in a service tier: explicit in the entry, else the standard price with the
    tier's discount (batch) or multiplier (flex, priority, ...)."""
    raw = catalogue()
    explicit = entry.get("service_tiers", {}).get(tier, {})
    if dimension in explicit:
        return Decimal(explicit[dimension])
    if not isinstance(entry.get(dimension), str):
        return None
    if tier == "batch":
        factor = (100 - Decimal(raw["batch"]["discount_percent"])) / 100
    else:
        factor = Decimal(next(t["multiplier"] for t in raw["service_tiers"] if t["id"] == tier))
    return cents(Decimal(entry[dimension]) * factor)


def offers(m: dict[str, Any], tier: str) -> bool:
    return (m.get("batch") == "true") if tier == "batch" else tier in m.get("service_tiers", [])


# ── Geometry on a phone ─────────────────────────────────────────────────────────────────
_SEEN = r"""([rowId, labels]) => {
  const row = document.getElementById(rowId);
  row.scrollIntoView({block: 'start'});
  window.scrollBy(0, -document.querySelector('.md-header').getBoundingClientRect().height - 8);
  const root = document.documentElement;
  return {
    page: root.scrollWidth, width: root.clientWidth, height: innerHeight,
    cells: labels.map((label) => {
      const cell = [...row.cells].find((c) => c.dataset.label === label);
      if (!cell) return {label, missing: true};
      const price = cell.querySelector('bdi') || cell;
      const r = price.getBoundingClientRect();
      const probe = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return {label, text: price.textContent.trim(), onTop: probe !== null && price.contains(probe),
              left: r.left, right: r.right, top: r.top, bottom: r.bottom};
    }),
  };
}"""


@pytest.mark.browser
@pytest.mark.parametrize("locale", LOCALES)
def test_a_phone_shows_a_models_input_and_output_prices_together(
    visit: Callable[..., Visit], locale: str
) -> None:
    """On a 360 px phone, scrolled to the model's row: its input, cached input and output prices
    all on screen at once, uncovered, with no sideways scrolling of the page."""
    entry = current(model(NAMED)["prices"])
    dimensions = ("input", "cached_input", "output")
    labels = [price_label(locale, "chat", d) for d in dimensions]
    page = visit(locale, "pricing/", "phone").page
    seen = dom.evaluate(page, _SEEN, [f"model-{NAMED}", labels])
    assert seen["page"] <= seen["width"], f"the page is {seen['page']} px wide on a {seen['width']} px phone"
    for dimension, cell in zip(dimensions, seen["cells"], strict=True):
        where = f"{locale} phone, {NAMED} / {cell['label']}"
        assert not cell.get("missing"), f"{where}: no cell labelled so in the row"
        assert plain(cell["text"]) == price_text(entry[dimension], locale), where
        assert cell["left"] >= 0 and cell["right"] <= seen["width"], f"{where}: off screen sideways {cell}"
        assert cell["top"] > 0 and cell["bottom"] <= seen["height"], f"{where}: off screen {cell}"
        assert cell["onTop"], f"{where}: something covers the price"


_FIRST_SCREEN = r"""(selector) => [...document.querySelectorAll(selector)].map((el) => {
  const r = el.getBoundingClientRect();
  return {text: el.innerText.trim(), top: r.top, bottom: r.bottom, left: r.left, right: r.right,
          width: innerWidth, height: innerHeight};
})"""


@pytest.mark.browser
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("locale", LOCALES)
def test_a_model_page_shows_its_prices_on_the_first_screen(
    visit: Callable[..., Visit], locale: str, viewport: str
) -> None:
    entry = current(model(NAMED)["prices"])
    page = visit(locale, f"models/{page_slug(model(NAMED))}/", viewport).page
    shown = dom.evaluate(page, _FIRST_SCREEN, ".tarifa-headline dd > bdi:first-child")
    assert [plain(s["text"]) for s in shown] == [
        price_text(entry[d], locale) for d in ("input", "cached_input", "output")
    ]
    for s in shown:
        assert s["bottom"] <= s["height"] and s["left"] >= 0 and s["right"] <= s["width"], (
            locale,
            viewport,
            s,
        )


@pytest.mark.browser
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
@pytest.mark.parametrize("locale", LOCALES)
def test_the_free_tiers_exact_limits_are_on_the_first_screen(
    visit: Callable[..., Visit], locale: str, viewport: str
) -> None:
    raw = catalogue()
    free = next(t for t in raw["tiers"] if t["id"] == "free")
    limits = model(free["card_model"])["limits"]["free"]
    page = visit(locale, "pricing/", viewport).page
    shown = dom.evaluate(page, _FIRST_SCREEN, ".tarifa-card--free .tarifa-card__limits dd")
    assert [plain(s["text"]) for s in shown] == [integer(v, locale) for v in limits.values()]
    for s in shown:
        assert s["bottom"] <= s["height"] and s["left"] >= 0 and s["right"] <= s["width"], (
            locale,
            viewport,
            s,
        )


# ── Find, filter, sort ─────────────────────────────────────────────────────────────────
_VISIBLE_ROWS = r"""(tableId) => [...document.querySelectorAll(
    tableId ? `#${tableId} tbody tr[id^="model-"]` : 'table.tarifa-sortable tbody tr[id^="model-"]')]
  .filter((row) => row.offsetParent !== null && !row.closest('[hidden]')).map((row) => row.id)"""


def visible_rows(page: Page, table: str = "") -> list[str]:
    rows: list[str] = page.evaluate(_VISIBLE_ROWS, table)
    return rows


def open_filters(page: Page) -> int:
    """Open the filters on a phone (one interaction); on a laptop they are open already."""
    details = page.locator(".tarifa-toolbar__more")
    if details.get_attribute("open") is None:
        details.locator("summary").click()
        return 1
    return 0


@pytest.mark.browser
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("locale", LOCALES)
def test_find_filter_and_sort_reach_a_model_in_two_interactions(
    visit: Callable[..., Visit], locale: str, viewport: str
) -> None:
    page = visit(locale, "pricing/", viewport).page
    everything = visible_rows(page)
    assert sorted(everything) == sorted(f"model-{page_slug(m)}" for k in KIND_TITLES for m in listed(k))

    # Find: one interaction (typing the name) leaves only the named model.
    target = model(NAMED)
    page.locator("#tarifa-find").fill(target["name"].lower())
    assert visible_rows(page) == [f"model-{NAMED}"], f"{locale}: searching {target['name']!r}"
    status = plain(page.locator("#tarifa-found").inner_text())
    assert status, "the number of models shown is announced"
    page.locator("#tarifa-find").fill("")
    assert visible_rows(page) == everything

    # Filter: the kind's chip (the phone opens the filters first): only that kind's models.
    interactions = open_filters(page)
    page.locator(".tarifa-chip[data-kind]", has_text=tr(locale, KIND_TITLES["embedding"])).click()
    interactions += 1
    assert interactions <= 2
    assert visible_rows(page) == [f"model-{page_slug(m)}" for m in listed("embedding")]
    page.locator(".tarifa-chip[data-kind]", has_text=tr(locale, KIND_TITLES["embedding"])).click()
    # A feature: models with prompt caching are those with a cached input price or cache writes.
    page.locator(".tarifa-chip[data-feature='cache']").click()
    cached = [
        f"model-{page_slug(m)}"
        for k in KIND_TITLES
        for m in listed(k)
        if {"cached_input", "cache_write"} & set(current(m["prices"]))
    ]
    assert visible_rows(page) == cached
    page.locator(".tarifa-chip[data-feature='cache']").click()
    assert visible_rows(page) == everything

    # Sort: one click on a column's header puts the cheapest first, a second the dearest.
    label = price_label(locale, "chat", "input")
    headers = [
        plain(t).removesuffix("↕").strip() for t in page.locator("#table-chat thead th").all_inner_texts()
    ]
    header = page.locator("#table-chat thead th button").nth(headers.index(label))
    chat = listed("chat")
    header.click()
    ascending = sorted(chat, key=lambda m: Decimal(current(m["prices"])["input"]))
    assert visible_rows(page, "table-chat") == [f"model-{page_slug(m)}" for m in ascending]
    header.click()
    descending = sorted(chat, key=lambda m: -Decimal(current(m["prices"])["input"]))
    assert visible_rows(page, "table-chat") == [f"model-{page_slug(m)}" for m in descending]
    header.click()
    assert visible_rows(page, "table-chat") == [f"model-{page_slug(m)}" for m in chat], (
        "back to the catalogue's order"
    )


# ── Switches ───────────────────────────────────────────────────────────────────────────
_CELLS = r"""([kind, labels]) => [...document.querySelectorAll(`#table-${kind} tbody tr[id^="model-"]`)]
  .map((row) => [
  row.id, labels.map((label) => {
    const cell = [...row.cells].find((c) => c.dataset.label === label);
    if (!cell) return null;
    const price = cell.querySelector('bdi') || cell.querySelector('[aria-hidden]') || cell;
    return price.textContent.trim();
  })])"""


@pytest.mark.browser
@pytest.mark.parametrize("viewport", ["desktop", "phone"])
@pytest.mark.parametrize("locale", LOCALES)
def test_the_service_tier_switch_shows_each_tiers_prices(
    visit: Callable[..., Visit], locale: str, viewport: str
) -> None:
    raw = catalogue()
    page = visit(locale, "pricing/", viewport).page
    dimensions = ("input", "cached_input", "output")
    labels = [price_label(locale, "chat", d) for d in dimensions]
    names = {"standard": tr(locale, "Standard"), "batch": tr(locale, "Batch")}
    names |= {t["id"]: tr(locale, t["name"], "service tier name") for t in raw["service_tiers"]}
    for tier in ("batch", "flex", "priority", "standard"):
        page.locator(".tarifa-segmented label", has_text=names[tier]).first.click()
        shown = dict(page.evaluate(_CELLS, ["chat", labels]))
        for m in listed("chat"):
            entry = current(m["prices"])
            for dimension, text in zip(dimensions, shown[f"model-{page_slug(m)}"], strict=True):
                where = f"{locale} {viewport} {tier}: {m['id']} {dimension}"
                if tier == "standard":
                    expected = price_text(entry[dimension], locale) if dimension in entry else "—"
                elif not offers(m, tier) or (amount := tier_price(entry, tier, dimension)) is None:
                    expected = "—"
                else:
                    expected = price_text(amount, locale)
                assert text is not None and plain(text) == expected, (
                    f"{where}: {text!r}, expected {expected!r}"
                )


@pytest.mark.browser
@pytest.mark.parametrize("locale", ["de", "fr", "es"])
def test_the_currency_switch_hides_and_shows_approximations(visit: Callable[..., Visit], locale: str) -> None:
    page = visit(locale, "pricing/").page
    approximations = page.locator("#table-chat .tarifa-approx")
    assert approximations.first.is_visible()
    page.locator("[data-tarifa-approx]").uncheck()
    assert not approximations.first.is_visible()
    assert page.locator("#table-chat td.price bdi").first.is_visible(), "the billing price stays"
    page.locator("[data-tarifa-approx]").check()
    assert approximations.first.is_visible()


# ── Pictures ───────────────────────────────────────────────────────────────────────────
_CHART = r"""() => {
  const svg = document.querySelector('.tarifa-chart svg[role="img"]');
  if (!svg) return null;
  const name = (svg.getAttribute('aria-labelledby') || '').split(' ')
    .map((id) => document.getElementById(id)).filter(Boolean).map((el) => el.textContent).join(' ');
  const items = document.querySelectorAll('.tarifa-chart__legend li');
  const legend = [...items].map((li) => li.textContent.trim());
  const lines = svg.querySelectorAll('.tarifa-chart__line').length;
  return {name, transform: getComputedStyle(svg).transform, lines, legend};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("locale", LOCALES)
def test_a_price_history_chart_with_its_text_alternative(visit: Callable[..., Visit], locale: str) -> None:
    """A model whose prices changed has a chart whose accessible text names each price it took;
    in Arabic time runs from right to left (the plot is mirrored)."""
    changed = model(CHANGED)
    page = visit(locale, f"models/{page_slug(changed)}/").page
    chart = page.evaluate(_CHART)
    assert chart is not None, "no chart"
    name = plain(chart["name"])
    for entry in changed["prices"]:
        for dimension in ("input", "cached_input", "output"):
            if dimension in entry:
                assert price_text(entry[dimension], locale) in name, (locale, dimension, name)
    assert chart["lines"] == 3
    assert len([li for li in chart["legend"] if li]) >= 3
    mirrored = chart["transform"].startswith("matrix(-1, 0, 0, 1")
    assert mirrored == (locale == "ar"), chart["transform"]


_CHANGES = r"""() => [...document.querySelectorAll('table.tarifa-changes tbody tr')].map((row) => ({
  old: (row.querySelector('.tarifa-old') || {}).textContent,
  now: (row.querySelector('.tarifa-new') || {}).textContent,
  mark: (row.querySelector('.tarifa-direction') || {}).textContent || '',
  words: [...row.querySelectorAll('.tarifa-sr')].map((s) => s.textContent.trim()).join(' '),
  color: getComputedStyle(row.querySelector('.tarifa-percent')).color,
}))"""


def amount_of(text: str, locale: str) -> Decimal | None:
    number = re.sub(r"[^\d.,\u066b\u066c-]", "", plain(text))
    try:
        return Decimal(parse_decimal(number, locale=locale)) if number else None
    except Exception:  # "—", "Free"
        return Decimal(0) if plain(text) == tr(locale, "Free", "price") else None


@pytest.mark.browser
@pytest.mark.parametrize("locale", LOCALES)
def test_price_increases_and_decreases_are_marked_by_shape_and_words(
    visit: Callable[..., Visit], locale: str
) -> None:
    page = visit(locale, "price-changes/", "phone").page
    rows = page.evaluate(_CHANGES)
    assert rows
    seen = set()
    for row in rows:
        old, new = amount_of(row["old"] or "", locale), amount_of(row["now"] or "", locale)
        if old is None or new is None or old == 0:
            continue
        direction = "up" if new > old else "down"
        seen.add(direction)
        mark, words = (
            ("▲", tr(locale, "Price increase")) if direction == "up" else ("▼", tr(locale, "Price decrease"))
        )
        assert row["mark"] == mark, (locale, row)
        assert words in row["words"], (locale, row)
    assert seen == {"up", "down"}, "the example has increases and decreases"
    colours = {row["color"] for row in rows if row["mark"]}
    assert len(colours) == 2, "increases and decreases also differ in colour"


# ── The pricing layout ─────────────────────────────────────────────────────────────────
_LAYOUT = r"""() => {
  const shown = (s) => { const el = document.querySelector(s); return !!el && el.checkVisibility(); };
  const content = document.querySelector('.md-content').getBoundingClientRect();
  const head = document.querySelector('#table-chat thead th');
  return {nav: shown('.md-sidebar--primary'), toc: shown('.md-sidebar--secondary'), width: content.width,
          actions: [...document.querySelectorAll('.tarifa-card')].map((card) => [
            card.className.match(/tarifa-card--(\S+)/)[1],
            (card.querySelector('.tarifa-card__action a') || {}).href || null])};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("locale", LOCALES)
def test_the_pricing_page_uses_the_whole_width_with_a_call_to_action_per_tier(
    visit: Callable[..., Visit], locale: str
) -> None:
    raw = catalogue()
    page = visit(locale, "pricing/").page
    layout = page.evaluate(_LAYOUT)
    assert not layout["nav"] and not layout["toc"], "no docs navigation or contents beside the prices"
    assert layout["width"] >= 1100, f"the content is {layout['width']} px of 1280"
    expected = {
        t["id"]: t.get("signup_url")
        or (raw["provider"]["contact_url"] if t["pricing"] == "on_request" else None)
        for t in raw["tiers"]
    }
    assert dict(layout["actions"]) == expected
    # Visitors' pages and translators' pages are separate parts of the menu (the tabs).
    tabs = page.evaluate(
        "() => [...document.querySelectorAll('.md-tabs__link')].map((a) => [a.textContent.trim(), a.href])"
    )
    assert len(tabs) >= 3
    hrefs = [href for _, href in tabs]
    assert any(h.endswith("/translating/") for h in hrefs), tabs
    # The models' part follows the prices' part and leads to a model page.
    assert "/models/" in hrefs[1], tabs


_STICKY = r"""() => {
  const table = document.querySelector('#table-chat');
  const rows = table.tBodies[0].rows;
  rows[Math.floor(rows.length / 2)].scrollIntoView({block: 'center'});
  const header = document.querySelector('.md-header').getBoundingClientRect();
  const head = table.tHead.rows[0].cells[0].getBoundingClientRect();
  const probe = document.elementFromPoint(head.left + 20, head.top + head.height / 2);
  return {header: header.bottom, top: head.top, onTop: probe !== null && table.tHead.contains(probe)};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("locale", LOCALES)
def test_column_headers_stay_in_view_while_a_long_table_scrolls(
    visit: Callable[..., Visit], locale: str
) -> None:
    page = visit(locale, "pricing/").page
    found = page.evaluate(_STICKY)
    assert abs(found["top"] - found["header"]) <= 2 and found["onTop"], found


@pytest.mark.browser
def test_an_api_id_is_copied_in_one_click(visit: Callable[..., Visit]) -> None:
    page = visit("de", "pricing/").page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    row = page.locator(f"#model-{page_slug(model('kestrel/orca-realtime'))}")
    row.locator(".tarifa-copy").click()
    assert page.evaluate("() => navigator.clipboard.readText()") == "kestrel/orca-realtime"
    assert plain(row.locator(".tarifa-copy").inner_text()) == tr("de", "Copied")


@pytest.mark.browser
@pytest.mark.parametrize("locale", LOCALES)
def test_without_javascript_every_model_is_listed_in_the_catalogues_order(
    visit: Callable[..., Visit], locale: str
) -> None:
    page = visit(locale, "pricing/", "nojs").page
    assert not page.locator("[data-tarifa-toolbar]").is_visible(), "no controls that cannot work"
    for kind in KIND_TITLES:
        expected = listed(kind)
        if kind == "tool":  # tools of one group together, in the order of the groups, then the others
            groups = [g["id"] for g in catalogue().get("tool_groups", [])]
            expected = sorted(
                expected, key=lambda m: groups.index(m["group"]) if "group" in m else len(groups)
            )
        rows = page.evaluate(
            "(kind) => [...document.querySelectorAll(`table[id^='table-${kind}'] tbody tr[id^='model-']`)]"
            ".map((r) => r.id)",
            kind,
        )
        assert rows == [f"model-{page_slug(m)}" for m in expected], kind
