"""The cost calculator: the Python model against arithmetic done here, the page's form, and the
JavaScript in Chromium against the Python model on many inputs, by keyboard, on a phone, in RTL.

The Python model (tarifa.calculator) is checked against exact fractions computed in this file from
the catalogue as written; the browser tests then compare the page's JavaScript with that model,
exactly (the outputs' data-value) and as shown (Babel's formatting of the rounded amount).
"""

from __future__ import annotations

import doctest
import json
import random
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from babel.numbers import format_currency, format_decimal
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, Page

from conftest import LOCALES, ROOT, build_day, prefix, visible
from tarifa.catalogue import costs as calculator
from tarifa.catalogue import exchange
from tarifa.catalogue.costs import Usage, estimate
from tarifa.catalogue.load import load_catalog
from tarifa.catalogue.model import Catalog, current_price
from tarifa.pages.sections.calculator import script_json

MONTH = 30
USAGE_FIELDS = {
    "chat": ("input-tokens", "output-tokens", "cached-share"),
    "tts": ("characters",),
    "asr": ("audio-hours",),
    "tool-requests": ("requests",),
    "tool-hours": ("tool-hours",),
}


@cache
def catalog() -> Catalog:
    return load_catalog(ROOT / "pricing" / "catalogue.yaml")


def page_of(site: Path, locale: str) -> BeautifulSoup:
    return BeautifulSoup(
        (site / prefix(locale) / "pricing" / "index.html").read_text(encoding="utf-8"), "lxml"
    )


def current_raw(model: dict[str, Any]) -> dict[str, str]:
    today = build_day()
    effective = [p for p in model["prices"] if p["since"] <= today.isoformat()]
    return effective[-1] if effective else model["prices"][0]


def shown(amount: Decimal) -> str:
    """The amount as the page shows it, worked out here: half up to six decimals, by Babel."""
    rounded = amount.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    text = format(rounded, "f").rstrip("0").rstrip(".")
    return text or "0"


# ── The Python model, against exact fractions ──────────────────────────────────────────
def test_doctests_of_the_calculator_and_the_conversion() -> None:
    for module in (calculator, exchange):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__


USAGE = {
    "input_tokens": "1234567.89",
    "output_tokens": "98765.4321",
    "characters": "4321.5",
    "hours": "2.75",
    "requests": "12345",
}
SHARE = "37.5"


def reference_daily(raw: dict[str, Any], model: dict[str, Any], batch: bool) -> Fraction:
    """A day's cost, from the catalogue as written, with fractions (never Decimal rounding)."""
    price = {k: Fraction(v) for k, v in current_raw(model).items() if k != "since"}
    u = {k: Fraction(v) for k, v in USAGE.items()}
    if model["kind"] == "chat":
        cached = u["input_tokens"] * Fraction(SHARE) / 100 if "cached_input" in price else Fraction(0)
        cost = (
            (u["input_tokens"] - cached) * price["input"]
            + cached * price.get("cached_input", Fraction(0))
            + u["output_tokens"] * price["output"]
        ) / 1_000_000
    elif model["kind"] == "tts":
        cost = u["characters"] * price["characters"] / 1_000_000
    elif "requests" in price:
        cost = u["requests"] * price["requests"] / 1000
    else:
        cost = u["hours"] * price["hour"]
    if batch and model.get("batch") == "true":
        cost = cost * (100 - Fraction(raw["batch"]["discount_percent"])) / 100
    return cost


@pytest.mark.parametrize("batch", [False, True])
def test_python_model_is_exact_for_every_model(raw_catalogue: dict[str, Any], batch: bool) -> None:
    cat = catalog()
    developer = cat.tier("developer")
    usage = Usage(**{k: Decimal(v) for k, v in USAGE.items()})
    for raw in raw_catalogue["models"]:
        model = cat.model(raw["id"])
        result = estimate(
            model,
            developer,
            current_price(model, build_day()),
            usage,
            batch=batch,
            cached_share=Decimal(SHARE),
            batch_discount=cat.batch.discount_percent,
        )
        expected = reference_daily(raw_catalogue, raw, batch)
        assert Fraction(result.daily) == expected, raw["id"]
        assert Fraction(result.monthly) == expected * MONTH, raw["id"]
        assert result.batch == (batch and raw.get("batch") == "true")


def test_free_tier_costs_nothing_and_checks_its_daily_limit(raw_catalogue: dict[str, Any]) -> None:
    cat = catalog()
    raw = next(m for m in raw_catalogue["models"] if m["kind"] == "chat")
    model, free = cat.model(raw["id"]), cat.tier("free")
    price = current_price(model, build_day())
    tpd = int(raw["limits"]["free"]["tpd"])

    def run(input_tokens: int, output_tokens: int) -> calculator.Estimate:
        usage = Usage(input_tokens=Decimal(input_tokens), output_tokens=Decimal(output_tokens))
        return estimate(model, free, price, usage, batch=True, batch_discount=cat.batch.discount_percent)

    at_limit = run(tpd - 1000, 1000)
    assert (at_limit.daily, at_limit.monthly, at_limit.exceeded, at_limit.batch) == (0, 0, (), False)
    assert run(tpd - 1000, 1001).exceeded == ("tpd",)


def test_each_kind_is_checked_against_the_daily_limit_it_measures(raw_catalogue: dict[str, Any]) -> None:
    cat = catalog()
    expected_key = {"chat": "tpd", "tts": "tpd", "asr": "asd"}
    for raw in raw_catalogue["models"]:
        model = cat.model(raw["id"])
        price = current_price(model, build_day())
        unit = calculator.billing_unit(model, price)
        key = expected_key.get(raw["kind"]) or ("rpd" if "requests" in current_raw(raw) else None)
        for tier in ("free", "developer"):
            limit = raw["limits"][tier].get(key) if key else None
            big = Usage(*(Decimal(10) ** 15,) * 5)
            exceeded = estimate(
                model, cat.tier(tier), price, big, batch_discount=cat.batch.discount_percent
            ).exceeded
            assert exceeded == ((key,) if limit else ()), (raw["id"], tier, unit)


def test_bad_usage_is_refused() -> None:
    with pytest.raises(ValueError, match="input_tokens"):
        Usage(input_tokens=Decimal(-1))
    cat = catalog()
    model = cat.models[0]
    with pytest.raises(ValueError, match="cached_share"):
        calculator.cost(model, model.prices[-1], Usage(), cached_share=Decimal("100.01"))
    with pytest.raises(ValueError, match="on request"):
        estimate(model, cat.tier("enterprise"), model.prices[-1], Usage(), batch_discount=Decimal(50))


def test_embedded_json_cannot_end_its_script() -> None:
    text = str(script_json({"name": "</script><script>alert(1)</script>&\u2028"}))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script>&\u2028"}


# ── The page, without a browser ─────────────────────────────────────────────────────────
@pytest.mark.parametrize("locale", LOCALES)
def test_calculator_follows_the_price_tables_and_is_a_real_form(site: Path, locale: str) -> None:
    soup = page_of(site, locale)
    order = [
        el.get("id") or el.get("class", [""])[0]
        for el in soup.select("#table-tools, .tarifa-facts, #calculator, #compare")
    ]
    assert order == ["table-tools", "tarifa-facts", "calculator", "compare"], order
    root = soup.select_one("[data-tarifa-calculator]")
    assert root is not None and root.has_attr("hidden"), "the form waits for the script"
    assert soup.select_one("noscript .tarifa-calc__noscript") is not None
    assert soup.select_one(".tarifa-calc__intro") is not None and not soup.select_one(
        ".tarifa-calc__intro"
    ).find_parent(attrs={"hidden": True})
    form = root.find("form")
    assert form is not None and len(form.find_all("fieldset")) == 3
    assert all(f.find("legend") for f in form.find_all("fieldset"))
    for control in form.select("input, select"):
        label = form.select_one(f"label[for='{control['id']}']")
        assert label is not None and label.get_text(strip=True), control["id"]
    for number in form.select("input:not([type=checkbox])"):
        assert (
            number["type"] == "number"
            and number["inputmode"] in ("numeric", "decimal")
            and number["min"] == "0"
        )
    outputs = form.find_all("output")
    assert len(outputs) == 3 and all(o["aria-live"] == "polite" for o in outputs)


def test_embedded_prices_are_the_catalogue_s_as_decimal_strings(
    site: Path, raw_catalogue: dict[str, Any]
) -> None:
    script = page_of(site, "en").select_one("script#calc-data")
    assert script is not None and script["type"] == "application/json"
    assert "<" not in script.string
    data = json.loads(script.string)
    assert data["currency"] == raw_catalogue["currency"] and data["monthDays"] == MONTH
    assert data["batchDiscount"] == raw_catalogue["batch"]["discount_percent"]
    by_id = {m["id"]: m for m in data["models"]}
    for raw in raw_catalogue["models"]:
        written = {k: v for k, v in current_raw(raw).items() if k != "since"}
        embedded = by_id[raw["id"]]["prices"]
        assert all(isinstance(v, str) for v in embedded.values())
        assert {k: Decimal(v) for k, v in embedded.items()} == {k: Decimal(v) for k, v in written.items()}


def test_start_values_are_computed_by_the_build(site: Path, raw_catalogue: dict[str, Any]) -> None:
    """The outputs carry the result of the start values; the script recomputes the same."""
    soup = page_of(site, "en")
    model = raw_catalogue["models"][0]
    price = {k: Decimal(v) for k, v in current_raw(model).items() if k != "since"}
    values = {i["id"]: Decimal(i["value"]) for i in soup.select("form input[type=number]")}
    daily = (
        values["calc-input-tokens"] * price["input"] + values["calc-output-tokens"] * price["output"]
    ) / 1_000_000
    assert values["calc-cached-share"] == 0
    assert Decimal(soup.select_one("#calc-daily")["data-value"]) == daily
    assert Decimal(soup.select_one("#calc-monthly")["data-value"]) == daily * MONTH


# ── In Chromium ────────────────────────────────────────────────────────────────────────
AWKWARD = {
    "input-tokens": [
        "0",
        "1",
        "7",
        "999",
        "123456.789",
        "1e6",
        "2.5e3",
        "987654321",
        "333333.3333",
        "0.000001",
    ],
    "output-tokens": ["0", "3", "1000", "45678.9", "1e5", "50000001", "0.5"],
    "cached-share": ["0", "12.5", "33.3333", "99.99", "100", "0.001"],
    "characters": ["0", "1", "3600", "3601", "123456789", "0.5", "2000001"],
    "audio-hours": ["0", "0.25", "1", "8.5", "23.999", "1e2", "0.0001"],
    "tool-hours": ["0", "0.1", "1", "7.25", "24", "0.0003"],
    "requests": ["0", "1", "999", "1000", "100001", "12345.5"],
}


@dataclass
class Case:
    model: str
    tier: str
    batch: bool
    values: dict[str, str]


def cases(count: int, seed: int) -> list[Case]:
    """`count` combinations: every model in turn, random tiers, batch and awkward usage."""
    cat = catalog()
    rng = random.Random(seed)
    out = []
    for index in range(count):
        model = cat.models[index % len(cat.models)]
        unit = calculator.billing_unit(model, current_price(model, build_day()))
        values = {name: rng.choice(AWKWARD[name]) for name in USAGE_FIELDS[unit]}
        out.append(Case(model.id, rng.choice(["free", "developer"]), rng.random() < 0.5, values))
    return out


def python_estimate(case: Case) -> calculator.Estimate:
    cat = catalog()
    model = cat.model(case.model)
    price = current_price(model, build_day())
    get = case.values.get
    usage = Usage(
        input_tokens=Decimal(get("input-tokens", "0")),
        output_tokens=Decimal(get("output-tokens", "0")),
        characters=Decimal(get("characters", "0")),
        hours=Decimal(get("audio-hours") or get("tool-hours") or "0"),
        requests=Decimal(get("requests", "0")),
    )
    return estimate(
        model,
        cat.tier(case.tier),
        price,
        usage,
        batch=case.batch,
        cached_share=Decimal(get("cached-share", "0")),
        batch_discount=cat.batch.discount_percent,
    )


def open_calculator(page: Page, server: str, locale: str) -> None:
    page.goto(f"{server}{prefix(locale)}pricing/")
    page.wait_for_selector("[data-tarifa-calculator][data-ready]")


def enter(page: Page, case: Case) -> None:
    """Fill the form the way a visitor does (only the fields shown for the model)."""
    page.select_option("#calc-model", case.model)
    page.select_option("#calc-tier", case.tier)
    batch = page.locator("#calc-batch")
    if batch.is_enabled():
        batch.set_checked(case.batch)
    for name, value in case.values.items():
        if page.locator(f"#calc-{name}").is_visible():
            page.fill(f"#calc-{name}", value)


def read(page: Page) -> dict[str, str]:
    return page.evaluate(
        """() => ({
            daily: document.querySelector('#calc-daily').dataset.value,
            dailyText: document.querySelector('#calc-daily').textContent,
            monthly: document.querySelector('#calc-monthly').dataset.value,
            monthlyText: document.querySelector('#calc-monthly').textContent,
            exceeded: document.querySelector('#calc-status').dataset.exceeded,
            status: document.querySelector('#calc-status').textContent,
        })"""
    )


def check(page: Page, case: Case, locale: str, currency: str) -> list[str]:
    got = read(page)
    want = python_estimate(case)
    problems = []
    if Decimal(got["daily"]) != want.daily or Decimal(got["monthly"]) != want.monthly:
        problems.append(f"{case}: JS {got['daily']}/{got['monthly']}, Python {want.daily}/{want.monthly}")
    for key, amount in (("dailyText", want.daily), ("monthlyText", want.monthly)):
        expected = visible(
            format_currency(Decimal(shown(amount)), currency, locale=locale, decimal_quantization=False)
        )
        if visible(got[key]) != expected:
            problems.append(f"{case}: shown {got[key]!r}, expected {expected!r}")
    if got["exceeded"].split() != list(want.exceeded):
        problems.append(f"{case}: exceeded {got['exceeded']!r}, Python {want.exceeded}")
    return problems


@pytest.mark.browser
@pytest.mark.parametrize("locale", ["en", "ar", "de"])
def test_javascript_equals_python_on_many_inputs(
    page: Page, server: str, raw_catalogue: dict[str, Any], locale: str
) -> None:
    open_calculator(page, server, locale)
    problems: list[str] = []
    for case in cases(40, seed=LOCALES.index(locale)):
        enter(page, case)
        problems.extend(check(page, case, locale, raw_catalogue["currency"]))
    assert not problems, "\n".join(problems)


@pytest.mark.browser
def test_exceeded_free_limit_is_named_with_its_value(
    page: Page, server: str, raw_catalogue: dict[str, Any]
) -> None:
    open_calculator(page, server, "ar")
    raw = next(m for m in raw_catalogue["models"] if m["kind"] == "chat")
    tpd = int(raw["limits"]["free"]["tpd"])
    case = Case(
        raw["id"], "free", False, {"input-tokens": str(tpd), "output-tokens": "1", "cached-share": "0"}
    )
    enter(page, case)
    assert check(page, case, "ar", raw_catalogue["currency"]) == []
    got = read(page)
    assert got["exceeded"] == "tpd" and format_decimal(tpd, locale="ar") in visible(got["status"])
    page.fill("#calc-output-tokens", "0")
    assert read(page)["exceeded"] == "" and read(page)["status"]


@pytest.mark.browser
def test_invalid_input_shows_no_amount(page: Page, server: str) -> None:
    open_calculator(page, server, "en")
    page.fill("#calc-input-tokens", "-5")
    got = read(page)
    assert (got["daily"], got["monthly"], got["dailyText"]) == ("", "", "—")
    assert page.get_attribute("#calc-input-tokens", "aria-invalid") == "true" and got["status"]
    page.fill("#calc-input-tokens", "5")
    assert read(page)["daily"] != "" and page.get_attribute("#calc-input-tokens", "aria-invalid") is None


@pytest.mark.browser
@pytest.mark.parametrize("locale", ["en", "ar"])
def test_operated_by_keyboard_alone(
    page: Page, server: str, raw_catalogue: dict[str, Any], locale: str
) -> None:
    open_calculator(page, server, locale)
    page.locator("#calculator .headerlink").focus()  # where the table of contents leads
    order = []
    for _ in range(6):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id"))
    assert order == [
        "calc-model",
        "calc-tier",
        "calc-batch",
        "calc-input-tokens",
        "calc-output-tokens",
        "calc-cached-share",
    ]
    for _ in range(5):
        page.keyboard.press("Shift+Tab")
    first, second = (m["id"] for m in raw_catalogue["models"][:2])
    assert page.input_value("#calc-model") == first
    page.keyboard.press("ArrowDown")
    assert page.input_value("#calc-model") == second
    page.keyboard.press("Tab")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    typed = {"input-tokens": "2500000", "output-tokens": "400000.5", "cached-share": "25"}
    for value in typed.values():
        page.keyboard.press("Tab")
        page.keyboard.press("Control+A")
        page.keyboard.type(value)
    url = page.url
    page.keyboard.press("Enter")  # submitting does not leave the page
    assert page.url == url and page.is_checked("#calc-batch")
    case = Case(second, "developer", True, typed)
    assert check(page, case, locale, raw_catalogue["currency"]) == []
    assert read(page)["daily"] != "0"


@pytest.mark.browser
@pytest.mark.parametrize("locale", ["en", "ar"])
def test_fits_a_phone_and_reads_right_to_left_in_arabic(page: Page, server: str, locale: str) -> None:
    page.set_viewport_size({"width": 360, "height": 740})
    open_calculator(page, server, locale)
    form = page.locator("#calc-form")
    form.scroll_into_view_if_needed()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for control in page.locator("#calc-form select, #calc-form input:visible, #calc-form output").all():
        box = control.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    direction = page.evaluate("getComputedStyle(document.querySelector('#calc-form')).direction")
    assert direction == ("rtl" if locale == "ar" else "ltr")
    label, select = (
        page.locator("label[for=calc-model]").bounding_box(),
        page.locator("#calc-model").bounding_box(),
    )
    assert label is not None and select is not None
    if locale == "ar":  # the label starts at the right edge of its field
        assert abs((label["x"] + label["width"]) - (select["x"] + select["width"])) < 2
    else:
        assert abs(label["x"] - select["x"]) < 2
    page.fill("#calc-output-tokens", "1")
    assert read(page)["daily"]


@pytest.mark.browser
@pytest.mark.parametrize("locale", ["en", "ar"])
def test_free_tier_stays_above_the_fold(page: Page, server: str, locale: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    open_calculator(page, server, locale)
    for part in (
        "#card-free",
        ".tarifa-card--free .tarifa-card__price",
        ".tarifa-card--free .tarifa-card__limits",
    ):
        box = page.locator(part).bounding_box()  # the tier's name, price and limits
        assert box is not None and box["y"] >= 0 and box["y"] + box["height"] <= 800, (part, box)
    calc = page.locator("#calculator").bounding_box()
    assert calc is not None and calc["y"] > 800


@pytest.mark.browser
def test_without_javascript_the_calculator_hides_and_every_price_stays(browser: Browser, server: str) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(f"{server}pricing/")
        assert not page.locator("[data-tarifa-calculator]").is_visible()
        assert page.locator(".tarifa-calc__noscript").is_visible()
        assert page.locator(".tarifa-calc__intro").is_visible()
        for table in ("chat", "tts", "asr", "tools"):
            assert page.locator(f"#table-{table}").is_visible()
    finally:
        context.close()
