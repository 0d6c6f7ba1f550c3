"""The cost calculator: the Python model against arithmetic done here, the page's form, and the
JavaScript in Chromium against the Python model on many inputs, by keyboard, on a phone, in RTL.

The Python model (tarifa.catalogue.costs) is checked against exact fractions computed in this file
from the catalogue as written (PyYAML's BaseLoader: every price is the text written), with the
rules re-implemented here; a few figures are also worked out by hand. The browser tests then
compare the page's JavaScript with that model, exactly (data-value attributes) and as shown
(Babel's formatting of the rounded amount), on generated inputs that cross the long-prompt step,
use every cache duration, service tier, the region, the off-peak share, per-image, per-minute,
per-search and embedding prices.
"""

from __future__ import annotations

import doctest
import gzip
import json
import random
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from babel.numbers import format_currency, format_decimal
from bs4 import BeautifulSoup
from playwright.sync_api import Browser, BrowserContext, Page

from conftest import ARTIFACTS, LOCALES, ROOT, build_day, prefix, visible
from tarifa.catalogue import costs as calculator
from tarifa.catalogue import exchange
from tarifa.catalogue.costs import Usage, estimate
from tarifa.catalogue.load import load_catalog
from tarifa.catalogue.model import Catalog, current_price
from tarifa.pages.sections.calculator import script_json

MONTH = 30
MILLION = 1_000_000
PHONE: dict[str, Any] = {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True}
DESKTOP: dict[str, Any] = {"viewport": {"width": 1280, "height": 800}}


@cache
def catalog() -> Catalog:
    return load_catalog(ROOT / "pricing" / "catalogue.yaml")


def page_of(site: Path, locale: str) -> BeautifulSoup:
    """The pricing page as a visitor's browser has it once the calculator is near: its form comes
    from the file beside the page, in place of the placeholder."""
    folder = site / prefix(locale) / "pricing"
    soup = BeautifulSoup((folder / "index.html").read_text(encoding="utf-8"), "lxml")
    placeholder = soup.select_one("[data-tarifa-calculator-form]")
    assert placeholder is not None and not soup.select("[data-tarifa-calculator], #calc-form")
    form = BeautifulSoup(
        (folder / placeholder["data-tarifa-calculator-form"]).read_text(encoding="utf-8"), "lxml"
    )
    placeholder.replace_with(form.select_one("[data-tarifa-calculator]"))
    return soup


def current_raw(model: dict[str, Any]) -> dict[str, Any]:
    today = build_day().isoformat()
    effective = [p for p in model["prices"] if p.get("since", "2000-01-01") <= today]
    return effective[-1] if effective else model["prices"][0]


def shown(amount: Decimal) -> str:
    """The amount as the page shows it, worked out here: half up to six decimals."""
    rounded = amount.quantize(Decimal("0.000001"), rounding=ROUND_HALF_UP)
    text = format(rounded, "f").rstrip("0").rstrip(".")
    return text or "0"


# ── The rules, again, from the catalogue as written ────────────────────────────────────
TOKENS = ["input", "cached_input", "cache_write", "output", "audio_input", "audio_output"]
TOKENS += ["image_input", "image_output", "video_input"]
#: usage field (tokens per request) → the price that bills it
PER_REQUEST = {
    "input_tokens": "input",
    "output_tokens": "output",
    "audio_input_tokens": "audio_input",
    "audio_output_tokens": "audio_output",
    "image_input_tokens": "image_input",
    "image_output_tokens": "image_output",
    "video_input_tokens": "video_input",
}
#: usage field (per day) → (price, the number of units the price is for)
PER_DAY = {
    "characters": ("characters", MILLION),
    "minutes": ("minute", 1),
    "hours": ("hour", 1),
    "searches": ("searches", 1000),
    "images": ("image", 1),
}


def flat_prices(prices: dict[str, Any], suffix: str = "") -> dict[str, Fraction]:
    """Every amount of a price entry (or of a step, or of a service tier's prices) by a name of
    this test's own: `cache_write@1h`, `input@>200000`, `image@1024x1024@hd`."""
    out: dict[str, Fraction] = {}
    for name in TOKENS:
        value = prices.get(name)
        if isinstance(value, dict):
            out.update({f"{name}@{d}{suffix}": Fraction(a) for d, a in value.items()})
        elif value is not None:
            out[f"{name}{suffix}"] = Fraction(value)
    for name in ("characters", "minute", "hour", "requests", "searches"):
        if name in prices:
            out[name] = Fraction(prices[name])
    for image in prices.get("images", []):
        quality = f"@{image['quality']}" if "quality" in image else ""
        out[f"image@{image['size']}{quality}"] = Fraction(image["price"])
    for step in prices.get("above", []):
        out.update(flat_prices(step, f"@>{step['tokens']}"))
    return out


def service_prices(raw: dict[str, Any], entry: dict[str, Any], service: str) -> dict[str, Fraction]:
    standard = flat_prices(entry)
    if service == "standard":
        return standard
    explicit = flat_prices(entry.get("service_tiers", {}).get(service, {}))
    if service == "batch":
        factor = (100 - Fraction(raw["batch"]["discount_percent"])) / 100
    else:
        factor = Fraction(next(s["multiplier"] for s in raw["service_tiers"] if s["id"] == service))
    return {key: explicit.get(key, amount * factor) for key, amount in standard.items()}


def asked_fields(raw: dict[str, Any], model: dict[str, Any]) -> set[str]:
    """The usage the model has prices for (not its long-prompt steps)."""
    entry = current_raw(model)
    has = {k for k in entry if k in TOKENS or k in ("characters", "minute", "hour", "requests", "searches")}
    has |= {"image"} if entry.get("images") else set()
    fields = {f for f, price in PER_REQUEST.items() if price in has}
    fields |= {f for f, (price, _) in PER_DAY.items() if price in has}
    if fields & set(PER_REQUEST) or "requests" in has:
        fields.add("requests")
    if "input" in has and "cached_input" in has:
        fields.add("cached_share")
    if "input" in has and "cache_write" in has:
        fields.add("cache_write_share")
    window = raw.get("off_peak")
    if window and model["id"] in window.get("models", [model["id"]]) and fields & set(PER_REQUEST):
        fields.add("off_peak_share")
    return fields


@dataclass
class Case:
    model: str
    tier: str = "developer"
    service: str = "standard"
    region: str = ""
    values: dict[str, str] = field(default_factory=dict)
    cache_duration: str = ""
    image: str = ""


def reference(raw: dict[str, Any], case: Case) -> tuple[dict[str, Fraction], tuple[str, ...]]:
    """(daily cost by line, exceeded daily limits) from the catalogue as written, with fractions."""
    model = next(m for m in raw["models"] if m["id"] == case.model)
    entry = current_raw(model)
    asked = asked_fields(raw, model)
    paying = next(t for t in raw["tiers"] if t["id"] == case.tier)["pricing"] == "pay_per_use"
    prices = service_prices(raw, entry, case.service if paying else "standard")

    def u(name: str) -> Fraction:
        return Fraction(case.values.get(name, "0")) if name in asked else Fraction(0)

    prompt = u("input_tokens")
    steps = [int(s["tokens"]) for s in entry.get("above", []) if prompt > int(s["tokens"])]

    def price(key: str) -> Fraction:
        return prices.get(f"{key}@>{max(steps)}", prices[key]) if steps else prices[key]

    cached, written = u("cached_share"), u("cache_write_share")
    per_request: dict[str, tuple[Fraction, str]] = {}
    if "input_tokens" in asked:
        per_request["input"] = (prompt * (100 - cached - written) / 100, "input")
        if "cached_share" in asked:
            per_request["cached_input"] = (prompt * cached / 100, "cached_input")
        if "cache_write_share" in asked:
            durations = entry["cache_write"]
            chosen = case.cache_duration or (next(iter(durations)) if isinstance(durations, dict) else "")
            key = "cache_write" if not isinstance(durations, dict) else f"cache_write@{chosen}"
            per_request["cache_write"] = (prompt * written / 100, key)
    for name, key in PER_REQUEST.items():
        if name != "input_tokens" and name in asked:
            per_request[key] = (u(name), key)
    discount = Fraction(raw["off_peak"]["discount_percent"]) if "off_peak_share" in asked else Fraction(0)
    off_peak = 1 - u("off_peak_share") / 100 * discount / 100
    lines = {
        line: u("requests") * count * price(key) / MILLION * off_peak
        for line, (count, key) in per_request.items()
    }
    if "requests" in entry:
        lines["requests"] = u("requests") * price("requests") / 1000
    for name, (key, per) in PER_DAY.items():
        if name in asked:
            lines[key] = u(name) * price(f"image@{case.image}" if key == "image" else key) / per
    if case.region:
        uplift = Fraction(next(r["uplift_percent"] for r in raw["regions"] if r["id"] == case.region))
        lines = {k: v * (100 + uplift) / 100 for k, v in lines.items()}
    if not paying:
        lines = dict.fromkeys(lines, Fraction(0))
    # The daily limits: requests (or searches, or images), tokens (or characters), audio seconds.
    used: dict[str, Fraction] = {}
    counted = [f for f in ("requests", "searches", "images") if f in asked]
    if counted:
        used["rpd"] = u(counted[0])
    token_fields = [f for f in PER_REQUEST if f in asked]
    if token_fields or "characters" in asked:
        used["tpd"] = u("requests") * sum((u(f) for f in token_fields), Fraction(0)) + u("characters")
    if "minutes" in asked or (model["kind"] == "asr" and "hours" in asked):
        used["asd"] = u("minutes") * 60 + (u("hours") * 3600 if model["kind"] == "asr" else 0)
    limits = model["limits"].get(case.tier, {})
    exceeded = tuple(
        k for k in ("rpd", "tpd", "asd") if k in used and k in limits and used[k] > int(limits[k])
    )
    return lines, exceeded


def python_estimate(case: Case) -> calculator.Estimate:
    cat = catalog()
    model = cat.model(case.model)
    usage = Usage.of(case.values, cache_duration=case.cache_duration or None, image=case.image or None)
    return estimate(
        cat,
        model,
        cat.tier(case.tier),
        current_price(model, build_day()),
        usage,
        service=case.service,
        region=case.region or None,
    )


# ── The Python model, against exact fractions ──────────────────────────────────────────
def test_doctests_of_the_calculator_and_the_conversion() -> None:
    for module in (calculator, exchange):
        result = doctest.testmod(module)
        assert result.attempted > 0 and result.failed == 0, module.__name__


EVERYTHING = {
    "requests": "1234.5",
    "input_tokens": "250000.25",
    "output_tokens": "98765.4321",
    "audio_input_tokens": "1500",
    "audio_output_tokens": "2500.5",
    "image_input_tokens": "765",
    "image_output_tokens": "4160",
    "video_input_tokens": "33333.3",
    "characters": "4321.5",
    "minutes": "95.25",
    "hours": "2.75",
    "searches": "12345",
    "images": "37",
    "cached_share": "37.5",
    "cache_write_share": "12.25",
    "off_peak_share": "40",
}


def every_choice(raw: dict[str, Any]) -> Iterator[Case]:
    """Every offered model with every service tier, region, cache duration and image size."""
    cat = catalog()
    for model in cat.models:
        if model.status == "retired":
            continue
        entry = current_price(model, build_day())
        for service in ["standard", *(["batch"] if model.batch else []), *model.service_tiers]:
            for region in ["", *(r["id"] for r in raw["regions"])]:
                for duration in calculator.cache_durations(entry) or [""]:
                    for image in calculator.image_options(entry) or [""]:
                        yield Case(model.id, "developer", service, region, EVERYTHING, duration, image)


def test_python_model_is_exact_for_every_model_and_choice(raw_catalogue: dict[str, Any]) -> None:
    count = 0
    for case in every_choice(raw_catalogue):
        result = python_estimate(case)
        lines, exceeded = reference(raw_catalogue, case)
        assert {k: Fraction(v) for k, v in result.lines.items()} == lines, case
        assert Fraction(result.daily) == sum(lines.values()), case
        assert Fraction(result.monthly) == sum(lines.values()) * MONTH, case
        assert result.exceeded == exceeded, case
        count += 1
    assert count > 60  # every model, with batch, flex, priority, the region, both cache durations, ...


def test_a_long_prompt_crosses_the_step_by_hand() -> None:
    """Swift 1T: prompts over 200,000 tokens pay 2.00 input, 0.20 cached, 4.50 output; cache
    writes are not in the step, so they keep their 1-hour price of 2.00."""
    values = {"requests": "10", "input_tokens": "250000", "output_tokens": "1000"}
    values |= {"cached_share": "20", "cache_write_share": "10"}
    result = python_estimate(Case("swift-1t", values=values, cache_duration="1h"))
    # 175,000 fresh, 50,000 cached, 25,000 written tokens and 1,000 output tokens, ten times:
    assert result.lines == {
        "input": Decimal("3.5"),
        "cached_input": Decimal("0.1"),
        "cache_write": Decimal("0.5"),
        "output": Decimal("0.045"),
    }
    assert (result.daily, result.monthly) == (Decimal("4.145"), Decimal("124.35"))
    below = python_estimate(
        Case("swift-1t", values={**values, "input_tokens": "200000"}, cache_duration="5m")
    )
    # exactly 200,000 is not longer than the step: 140,000 × 1.00 + 40,000 × 0.10 + 20,000 × 1.25 + 1,000 × 3
    assert below.daily == Decimal("1.72")


def test_service_tiers_region_and_off_peak_by_hand() -> None:
    base = {"requests": "1000", "input_tokens": "1000", "output_tokens": "200", "cached_share": "50"}
    # Heron 20B's batch prices are set one by one (0.04 / 0.16); its cached input is half of 0.0375.
    batch = python_estimate(Case("heron-20b", service="batch", values=base))
    assert batch.daily == Decimal("0.061375") and batch.service == "batch"
    # Flex is half of Orca 8B Instant's standard prices (0.05 / 0.025 / 0.08), priority 1.8 times
    # Orca 70B's (0.59 / 0.295 / 0.79).
    assert python_estimate(Case("orca-8b-instant", service="flex", values=base)).daily == Decimal("0.0267500")
    assert python_estimate(Case("orca-70b-versatile", service="priority", values=base)).daily == Decimal(
        "1.0809"
    )
    # The EU region is 10 % more; the off-peak share of Heron 120B's usage is half price.
    eu = python_estimate(Case("heron-20b", region="eu", values=base))
    assert eu.daily == Decimal("0.127875")  # (0.0375 + 0.01875 + 0.06) × 1.1
    off = python_estimate(Case("heron-120b", values={**base, "off_peak_share": "40"}))
    assert off.daily == Decimal("0.2325") * Decimal("0.8")  # 40 % of the usage at half price
    # In the Free tier nothing is billed, whatever the service tier asked for.
    free = python_estimate(Case("heron-20b", tier="free", service="batch", values=base))
    assert (free.daily, free.service, free.lines["input"]) == (0, "standard", 0)


def test_other_units_by_hand() -> None:
    images = python_estimate(
        Case("kite-image-1", values={"requests": "0", "images": "100"}, image="1024x1024@hd")
    )
    assert images.lines["image"] == Decimal("8") and images.daily == Decimal("8")
    assert python_estimate(Case("listen-mini", values={"minutes": "90"})).daily == Decimal("0.27")
    assert python_estimate(Case("echo-tts-lite", values={"minutes": "60"})).daily == Decimal("0.9")
    assert python_estimate(Case("kestrel-rerank-v1", values={"searches": "2500"})).daily == Decimal("5")
    embed = python_estimate(Case("kestrel-embed-v2", values={"requests": "100", "input_tokens": "500"}))
    assert embed.lines == {"input": Decimal("0.001")}
    realtime = python_estimate(
        Case("kestrel/orca-realtime", values={"requests": "10", "audio_input_tokens": "1000"})
    )
    assert realtime.lines["audio_input"] == Decimal("0.32")


def test_free_tier_costs_nothing_and_checks_its_daily_limits(raw_catalogue: dict[str, Any]) -> None:
    raw = next(m for m in raw_catalogue["models"] if m["kind"] == "chat")
    tpd, rpd = int(raw["limits"]["free"]["tpd"]), int(raw["limits"]["free"]["rpd"])

    def run(requests: int, prompt: int, output: int) -> calculator.Estimate:
        values = {"requests": str(requests), "input_tokens": str(prompt), "output_tokens": str(output)}
        return python_estimate(Case(raw["id"], "free", "batch", values=values))

    at_limit = run(10, tpd // 10 - 100, 100)
    assert (at_limit.daily, at_limit.monthly, at_limit.exceeded) == (0, 0, ())
    assert run(10, tpd // 10 - 100, 101).exceeded == ("tpd",)
    assert run(rpd + 1, 0, 0).exceeded == ("rpd",)
    assert run(rpd + 1, tpd, 0).exceeded == ("rpd", "tpd")


def test_each_kind_is_checked_against_the_daily_limits_it_measures(raw_catalogue: dict[str, Any]) -> None:
    big = dict.fromkeys(EVERYTHING, "100000000000")
    big |= {"cached_share": "0", "cache_write_share": "0", "off_peak_share": "0"}
    seen = set()
    for raw in raw_catalogue["models"]:
        if raw.get("status") == "retired":
            continue
        entry = catalog().model(raw["id"]).prices[-1]
        for tier in ("free", "developer"):
            case = Case(raw["id"], tier, values=big, image=(calculator.image_options(entry) or [""])[0])
            want = reference(raw_catalogue, case)[1]
            assert python_estimate(case).exceeded == want, (raw["id"], tier)
            seen.update(want)
    assert seen == {"rpd", "tpd", "asd"}


def test_bad_usage_is_refused() -> None:
    with pytest.raises(ValueError, match="input_tokens"):
        Usage(input_tokens=Decimal(-1))
    with pytest.raises(ValueError, match="requests"):
        Usage(requests=Decimal("1234567890123456"))  # 16 digits
    with pytest.raises(ValueError, match="cached_share"):
        Usage(cached_share=Decimal("100.01"))
    with pytest.raises(ValueError, match=r"100 at most"):
        python_estimate(Case("swift-1t", values={"cached_share": "60", "cache_write_share": "41"}))
    with pytest.raises(ValueError, match="service tier"):
        python_estimate(Case("wren-guard-12b", service="batch"))
    with pytest.raises(ValueError, match="cache_duration"):
        python_estimate(Case("swift-1t", cache_duration="2h"))
    cat = catalog()
    model = cat.models[0]
    with pytest.raises(ValueError, match="on request"):
        estimate(cat, model, cat.tier("enterprise"), model.prices[-1], Usage())


def test_embedded_json_cannot_end_its_script() -> None:
    text = str(script_json({"name": "</script><script>alert(1)</script>&\u2028"}))
    assert "<" not in text and ">" not in text and "&" not in text and "\u2028" not in text
    assert json.loads(text) == {"name": "</script><script>alert(1)</script>&\u2028"}


# ── The page, without a browser ─────────────────────────────────────────────────────────
def data_file(site: Path, locale: str) -> dict[str, Any]:
    return json.loads((site / "assets" / "tarifa" / "calculator" / f"{locale}.json").read_text("utf-8"))


@pytest.mark.parametrize("locale", LOCALES)
def test_calculator_follows_the_price_tables_and_is_a_real_form(site: Path, locale: str) -> None:
    soup = page_of(site, locale)
    order = [
        el.get("id") or el.get("class", [""])[0]
        for el in soup.select("[id^=table-tool-], .tarifa-facts, #calculator, #compare")
    ]
    assert order == ["table-tool-1", "table-tool-2", "tarifa-facts", "calculator", "compare"], order
    root = soup.select_one("[data-tarifa-calculator]")
    assert root is not None and root.has_attr("hidden"), "the form waits for the script"
    assert soup.select_one("noscript .tarifa-calc__noscript") is not None
    intro = soup.select_one(".tarifa-calc__intro")
    assert intro is not None and not intro.find_parent(attrs={"hidden": True})
    form = root.find("form")
    assert form is not None and len(form.find_all("fieldset")) == 2
    assert all(f.find("legend") for f in form.find_all("fieldset"))
    for control in form.select("input:not([type=hidden]), select"):
        label = form.select_one(f"label[for='{control['id']}']")
        assert label is not None and label.get_text(strip=True), control["id"]
    for number in form.select(".tarifa-calc__usage input"):
        assert number["type"] == "text" and number["inputmode"] in ("numeric", "decimal")
    combo = form.select_one("#calc-model")
    assert combo is not None and combo["role"] == "combobox" and combo["aria-controls"] == "calc-model-list"
    assert form.select_one("#calc-model-list")["role"] == "listbox"
    assert not form.select("select#calc-model"), "no select of every model"
    assert form.select_one("#calc-status")["role"] == "status"
    for asset in ("calculator.css", "calculator.js"):  # loaded by tarifa.js near the calculator
        assert (site / "assets" / "tarifa" / asset).exists()
        assert not soup.select(f"link[href$='assets/tarifa/{asset}'], script[src$='assets/tarifa/{asset}']")


@pytest.mark.parametrize("locale", ["en", "de", "ar"])
def test_the_page_carries_the_start_model_and_the_file_every_model(
    site: Path, raw_catalogue: dict[str, Any], locale: str
) -> None:
    script = page_of(site, locale).select_one("script#calc-data")
    assert script is not None and script["type"] == "application/json" and "<" not in script.string
    data = json.loads(script.string)
    assert data["currency"] == raw_catalogue["currency"] and data["monthDays"] == MONTH
    assert "models" not in data and data["start"]["id"] == raw_catalogue["models"][0]["id"]
    offered = [m for m in raw_catalogue["models"] if m.get("status") != "retired"]
    by_id = {m["id"]: m for m in data_file(site, locale)["models"]}
    assert list(by_id) == [m["id"] for m in offered]
    assert by_id[data["start"]["id"]] == data["start"]
    for raw in offered:
        written = {k: Fraction(v) for k, v in flat_prices(current_raw(raw)).items()}
        assert {k: Fraction(v) for k, v in by_id[raw["id"]]["p"].items()} == written, raw["id"]
        explicit = current_raw(raw).get("service_tiers", {})
        assert {
            t: {k: Fraction(v) for k, v in p.items()} for t, p in by_id[raw["id"]].get("x", {}).items()
        } == {t: flat_prices(p) for t, p in explicit.items()}
    assert data["display"] == ({"currency": "EUR", "rate": "0.8611", "digits": 2} if locale == "de" else None)


def test_start_values_are_computed_by_the_build(site: Path, raw_catalogue: dict[str, Any]) -> None:
    """The outputs carry the result of the start values; the script recomputes the same."""
    soup = page_of(site, "de")
    model = raw_catalogue["models"][0]
    price = {k: Decimal(v) for k, v in current_raw(model).items() if k != "since"}
    values = {
        i["name"]: Decimal(i["value"].replace(".", "").replace(",", "."))
        for i in soup.select(".tarifa-calc__usage input")
    }
    per_request = values["input_tokens"] * price["input"] + values["output_tokens"] * price["output"]
    daily = values["requests"] * per_request / MILLION
    assert values["cached_share"] == 0 and values["requests"] == 1000
    assert Decimal(soup.select_one("#calc-daily")["data-value"]) == daily
    assert Decimal(soup.select_one("#calc-monthly")["data-value"]) == daily * MONTH
    approx = soup.select_one("[data-approx=daily] bdi").get_text()
    assert visible(approx) == visible(
        format_currency(
            exchange.approximate(daily, Decimal("0.8611"), "EUR"),
            "EUR",
            locale="de",
            decimal_quantization=False,
        )
    )


# ── In Chromium ────────────────────────────────────────────────────────────────────────
AWKWARD = {
    "requests": ["0", "1", "7", "999", "1000", "14401", "123456.5", "500001"],
    "input_tokens": ["0", "1", "999", "123456.789", "199999", "200000", "200001", "250000.5", "0.5"],
    "output_tokens": ["0", "3", "1000", "45678.9", "50000001", "0.5"],
    "audio_input_tokens": ["0", "17", "2500.5"],
    "audio_output_tokens": ["0", "42", "1000000"],
    "image_input_tokens": ["0", "765", "1.5"],
    "image_output_tokens": ["0", "4160"],
    "video_input_tokens": ["0", "33333.3"],
    "cached_share": ["0", "12.5", "33.3333", "50", "0.001"],
    "cache_write_share": ["0", "10", "25.25", "49.999"],
    "off_peak_share": ["0", "40", "100", "66.6"],
    "characters": ["0", "1", "3600", "3601", "123456789", "0.5"],
    "minutes": ["0", "0.25", "60", "480.5", "481"],
    "hours": ["0", "0.25", "1", "8.5", "23.999", "0.0001"],
    "searches": ["0", "1", "999", "1001", "123456"],
    "images": ["0", "1", "49", "51", "1000"],
}


def cases(raw: dict[str, Any], count: int, seed: int) -> list[Case]:
    """`count` combinations: every offered model in turn, random tiers, service tiers, regions,
    cache durations, image sizes and awkward usage."""
    cat = catalog()
    rng = random.Random(seed)
    offered = [m for m in cat.models if m.status != "retired"]
    out = []
    for index in range(count):
        model = offered[index % len(offered)]
        entry = current_price(model, build_day())
        asked = calculator.usage_fields(cat, model, entry)
        values = {name: rng.choice(AWKWARD[name]) for name in asked}
        if "cached_share" in values and "cache_write_share" in values:
            values["cache_write_share"] = str(
                min(Decimal(values["cache_write_share"]), 100 - Decimal(values["cached_share"]))
            )
        tier = rng.choice(["free", "developer", "developer"])
        services = ["standard", *(["batch"] if model.batch else []), *model.service_tiers]
        service = rng.choice(services) if tier == "developer" else "standard"
        region = rng.choice(["", "eu"])
        duration = rng.choice(calculator.cache_durations(entry) or [""])
        image = rng.choice(calculator.image_options(entry) or [""])
        out.append(Case(model.id, tier, service, region, values, duration, image))
    return out


def typed(value: str, locale: str) -> str:
    """How a visitor writes a number: with the locale's decimal separator, without grouping."""
    return value.replace(".", format_decimal(Decimal("0.5"), locale=locale)[1])


def open_calculator(page: Page, server: str, locale: str, query: str = "") -> None:
    page.goto(f"{server}{prefix(locale)}pricing/{query}")
    if not query:  # a shared estimate loads the calculator at once; else it loads near the screen
        page.locator("#calculator").scroll_into_view_if_needed()
    page.wait_for_selector("[data-tarifa-calculator][data-ready]", state="attached")


def choose_model(page: Page, model_id: str) -> None:
    if page.input_value("#calc-model-id") == model_id:
        return
    page.fill("#calc-model", model_id)
    page.press("#calc-model", "Enter")
    page.wait_for_function(f"document.querySelector('#calc-model-id').value === {json.dumps(model_id)}")


def enter(page: Page, case: Case, locale: str) -> None:
    """Fill the form: the model with its search field and the keyboard, then the tier, service
    tier, region, choices and the shown fields, each with the event a visitor's edit fires
    (one round trip to the page; typing itself is tested on its own)."""
    choose_model(page, case.model)
    page.evaluate(
        """(c) => {
            const set = (id, value) => {
                const el = document.getElementById(id);
                if (!el || el.closest('[hidden]') || el.disabled) return;
                el.value = value;
                el.dispatchEvent(new Event(el.tagName === 'SELECT' ? 'change' : 'input', {bubbles: true}));
            };
            set('calc-tier', c.tier);
            set('calc-service', c.service);
            set('calc-region', c.region);
            if (c.duration) set('calc-cache-duration', c.duration);
            if (c.image) set('calc-image', c.image);
            for (const [name, value] of Object.entries(c.values)) {
                set('calc-' + name.replaceAll('_', '-'), value);
            }
        }""",
        {
            "tier": case.tier,
            "service": case.service,
            "region": case.region,
            "duration": case.cache_duration,
            "image": case.image,
            "values": {name: typed(value, locale) for name, value in case.values.items()},
        },
    )


def read(page: Page) -> dict[str, Any]:
    return page.evaluate(
        """() => {
            const q = (s) => document.querySelector(s);
            const approx = q('[data-approx=daily]');
            return {
                daily: q('#calc-daily').dataset.value,
                dailyText: q('#calc-daily').textContent,
                monthly: q('#calc-monthly').dataset.value,
                monthlyText: q('#calc-monthly').textContent,
                approx: approx ? approx.dataset.value : null,
                approxText: approx ? approx.querySelector('bdi').textContent : null,
                lines: Object.fromEntries([...document.querySelectorAll('#calc-breakdown tbody tr')].map(
                    (r) => [r.dataset.line, [r.cells[1].dataset.value, r.cells[2].dataset.value]])),
                exceeded: q('#calc-status').dataset.exceeded,
                state: q('#calc-result').dataset.state,
                status: q('#calc-status').textContent,
            };
        }"""
    )


def check(page: Page, case: Case, locale: str, currency: str) -> list[str]:
    got = read(page)
    want = python_estimate(case)
    problems = []
    if Decimal(got["daily"]) != want.daily or Decimal(got["monthly"]) != want.monthly:
        problems.append(f"{case}: JS {got['daily']}/{got['monthly']}, Python {want.daily}/{want.monthly}")
    lines = {k: (Decimal(d), Decimal(m)) for k, (d, m) in got["lines"].items()}
    if lines != {k: (v, v * MONTH) for k, v in want.lines.items()}:
        problems.append(f"{case}: lines {got['lines']}, Python {want.lines}")
    for key, amount in (("dailyText", want.daily), ("monthlyText", want.monthly)):
        expected = visible(
            format_currency(Decimal(shown(amount)), currency, locale=locale, decimal_quantization=False)
        )
        if visible(got[key]) != expected:
            problems.append(f"{case}: shown {got[key]!r}, expected {expected!r}")
    if locale == "de":
        approx = exchange.approximate(want.daily, Decimal("0.8611"), "EUR")
        text = format_currency(approx, "EUR", locale="de", decimal_quantization=False)
        if Decimal(got["approx"]) != approx or visible(got["approxText"]) != visible(text):
            problems.append(f"{case}: ≈ {got['approx']} {got['approxText']!r}, expected {approx} {text!r}")
    if got["exceeded"].split() != list(want.exceeded):
        problems.append(f"{case}: exceeded {got['exceeded']!r}, Python {want.exceeded}")
    return problems


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(**PHONE)
    yield context.new_page()
    context.close()


@pytest.mark.browser
@pytest.mark.parametrize(("locale", "viewport"), [("en", "desktop"), ("de", "desktop"), ("ar", "phone")])
def test_javascript_equals_python_on_many_inputs(
    browser: Browser, server: str, raw_catalogue: dict[str, Any], locale: str, viewport: str
) -> None:
    context = browser.new_context(**(PHONE if viewport == "phone" else DESKTOP))
    try:
        page = context.new_page()
        open_calculator(page, server, locale)
        problems: list[str] = []
        generated = cases(raw_catalogue, 28, seed=LOCALES.index(locale))
        # The cases this test must cover, whatever the seed draws.
        generated += [
            Case(
                "swift-1t",
                values={
                    "requests": "3",
                    "input_tokens": "200001",
                    "output_tokens": "7",
                    "cached_share": "10",
                    "cache_write_share": "5",
                    "off_peak_share": "25",
                },
                cache_duration="1h",
                service="priority",
                region="eu",
            ),
            Case(
                "swift-1t",
                values={
                    "requests": "3",
                    "input_tokens": "250000",
                    "output_tokens": "7",
                    "cached_share": "10",
                    "cache_write_share": "5",
                    "off_peak_share": "0",
                },
                cache_duration="5m",
                service="flex",
            ),
            Case(
                "heron-20b",
                service="batch",
                values={
                    "requests": "1000",
                    "input_tokens": "1000",
                    "output_tokens": "200",
                    "cached_share": "50",
                },
            ),
            Case(
                "kite-image-1",
                values={"requests": "5", "input_tokens": "100", "image_output_tokens": "4160", "images": "3"},
                image="1792x1024@standard",
            ),
            Case("echo-tts-lite", values={"minutes": "61"}),
            Case("kestrel-rerank-v1", tier="free", values={"searches": "1001"}),
        ]
        assert {"batch", "flex", "priority"} <= {c.service for c in generated}
        for case in generated:
            enter(page, case, locale)
            problems.extend(check(page, case, locale, raw_catalogue["currency"]))
        assert not problems, "\n".join(problems)
    finally:
        context.close()


@pytest.mark.browser
@pytest.mark.parametrize(
    ("locale", "typed_text", "shown_text", "value"),
    [
        ("de", "5000000", "5.000.000", "5000000"),
        ("de", "1234567,25", "1.234.567,25", "1234567.25"),
        ("fr", "1234567,5", "1\u202f234\u202f567,5", "1234567.5"),
        ("ar", "5000000", "5,000,000", "5000000"),
        ("en", "2500000.75", "2,500,000.75", "2500000.75"),
    ],
)
def test_digits_are_grouped_while_typing_and_read_back_exactly(
    page: Page, server: str, locale: str, typed_text: str, shown_text: str, value: str
) -> None:
    open_calculator(page, server, locale)
    field = page.locator("#calc-requests")
    field.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Backspace")
    page.keyboard.type(typed_text, delay=5)
    assert field.input_value() == shown_text
    assert page.evaluate("document.querySelector('#calc-requests').selectionStart") == len(shown_text)
    got = read(page)
    per_request = Decimal(1000) * Decimal("0.05") + Decimal(200) * Decimal("0.08")
    assert Decimal(got["daily"]) == Decimal(value) * per_request / MILLION
    # A digit typed in the middle keeps the caret after it; the group separators move.
    page.evaluate("document.querySelector('#calc-requests').setSelectionRange(1, 1)")  # after the first digit
    page.keyboard.type("9")
    text = field.input_value()
    caret = page.evaluate("document.querySelector('#calc-requests').selectionStart")
    assert text[:caret].rstrip(".,\u202f")[-1] == "9" and text[0] == value[0]


@pytest.mark.browser
def test_a_shared_link_restores_the_inputs(page: Page, server: str, raw_catalogue: dict[str, Any]) -> None:
    open_calculator(page, server, "de")
    case = Case(
        "swift-1t",
        "developer",
        "priority",
        "eu",
        {
            "requests": "1500",
            "input_tokens": "210000",
            "output_tokens": "800.5",
            "cached_share": "20",
            "cache_write_share": "5",
            "off_peak_share": "30",
        },
        "1h",
    )
    enter(page, case, "de")
    page.wait_for_function("location.search === new URL(document.querySelector('#calc-share').href).search")
    link = page.get_attribute("#calc-share", "href")
    assert link is not None and urlsplit(link).query == urlsplit(page.url).query
    before = read(page)
    assert check(page, case, "de", raw_catalogue["currency"]) == []
    shared = page.context.new_page()
    shared.goto(f"{server}de/pricing/{link.split('pricing/')[-1]}")
    shared.wait_for_selector("[data-tarifa-calculator][data-restored]", state="attached")
    assert read(shared) == before
    assert shared.input_value("#calc-model") == "Swift 1T"
    assert shared.input_value("#calc-input-tokens") == "210.000"
    assert shared.input_value("#calc-output-tokens") == "800,5"
    for select, value in (
        ("tier", "developer"),
        ("service", "priority"),
        ("region", "eu"),
        ("cache-duration", "1h"),
    ):
        assert shared.input_value(f"#calc-{select}") == value
    shared.close()


def status_look(page: Page) -> dict[str, str]:
    return page.evaluate(
        """() => {
            const bar = getComputedStyle(document.querySelector('#calc-result'));
            const status = getComputedStyle(document.querySelector('#calc-status'));
            const icon = getComputedStyle(document.querySelector('.tarifa-calc__icon'), '::before');
            return {border: bar.borderTopWidth, weight: status.fontWeight, background: status.backgroundColor,
                    icon: icon.content, display: status.display};
        }"""
    )


@pytest.mark.browser
@pytest.mark.parametrize("locale", ["en", "ar"])
def test_over_the_limit_is_unmistakable(
    page: Page, server: str, raw_catalogue: dict[str, Any], locale: str
) -> None:
    open_calculator(page, server, locale)
    raw = raw_catalogue["models"][0]
    tpd = int(raw["limits"]["free"]["tpd"])
    within = Case(raw["id"], "free", values={"requests": "1", "input_tokens": str(tpd), "output_tokens": "0"})
    enter(page, within, locale)
    assert read(page)["state"] == "within" and read(page)["exceeded"] == ""
    calm = status_look(page)
    page.fill("#calc-output-tokens", "1")
    got = read(page)
    assert (got["state"], got["exceeded"], got["daily"]) == ("over", "tpd", "0")
    assert format_decimal(tpd, locale=locale) in visible(got["status"])
    alarm = status_look(page)
    assert page.get_attribute("#calc-status", "role") == "status"
    # Not colour alone: a thicker box, bold words and a warning sign instead of a check mark.
    assert float(alarm["border"][:-2]) > float(calm["border"][:-2])
    assert alarm["weight"] == "700" and calm["weight"] == "400"
    assert "⚠" in alarm["icon"] and "✓" in calm["icon"] and alarm["background"] != calm["background"]


@pytest.mark.browser
@pytest.mark.parametrize("locale", ["de", "ar"])
def test_the_open_list_and_the_over_limit_state_pass_axe(browser: Browser, server: str, locale: str) -> None:
    """axe-core on the calculator in the states the page does not start in, in the light and the
    dark colour scheme (the visitor's system setting, which the site's palette follows)."""
    from axe_playwright_python.sync_playwright import Axe

    for scheme in ("light", "dark"):
        context = browser.new_context(**PHONE, color_scheme=scheme)  # a new one: no saved palette
        page = context.new_page()
        open_calculator(page, server, locale)
        shown_scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert shown_scheme == ("slate" if scheme == "dark" else "default")
        page.click("#calc-model")
        page.wait_for_selector("[data-tarifa-calculator][data-loaded]", state="attached")
        page.keyboard.press("ArrowDown")
        page.keyboard.press("ArrowDown")
        found = Axe().run(page, context="[data-tarifa-calculator]").response["violations"]
        assert not found, (scheme, [(v["id"], [n["target"] for n in v["nodes"]]) for v in found])
        page.keyboard.press("Escape")
        page.select_option("#calc-tier", "free")
        page.fill("#calc-requests", "99999999")
        assert read(page)["state"] == "over"
        found = Axe().run(page, context="[data-tarifa-calculator]").response["violations"]
        assert not found, (scheme, [(v["id"], [n["target"] for n in v["nodes"]]) for v in found])
        context.close()


@pytest.mark.browser
def test_invalid_input_shows_no_amount(page: Page, server: str) -> None:
    open_calculator(page, server, "en")
    for bad in ("-5", "12abc", "1.2.3", "1234567890123456"):
        page.fill("#calc-input-tokens", bad)
        got = read(page)
        assert (got["daily"], got["monthly"], got["dailyText"], got["state"]) == ("", "", "—", "invalid"), bad
        assert page.get_attribute("#calc-input-tokens", "aria-invalid") == "true" and got["status"]
    page.fill("#calc-input-tokens", "5")
    assert read(page)["daily"] != "" and page.get_attribute("#calc-input-tokens", "aria-invalid") is None
    choose_model(page, "swift-1t")
    page.fill("#calc-cached-share", "60")
    page.fill("#calc-cache-write-share", "41")  # 101 % of the prompt
    assert read(page)["state"] == "invalid"
    page.fill("#calc-cache-write-share", "40")
    assert read(page)["daily"] != ""


@pytest.mark.browser
def test_model_data_loads_only_when_the_visitor_uses_the_calculator(browser: Browser, server: str) -> None:
    """No request for the models' file until the calculator is touched; sizes are written to
    artifacts/calculator-payload.json (the figures of benchmarks/RESULTS.md)."""
    context = browser.new_context(**PHONE)
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(f"{server}de/pricing/", wait_until="networkidle")
        # The first screen does not fetch the calculator's script or styles…
        assert not [u for u in requests if "/calculator" in u], requests
        assert page.locator("[data-tarifa-calculator]").count() == 0  # only the form's placeholder
        assert page.locator("[data-tarifa-calculator-form]").count() == 1
        # …scrolling towards it does, the stylesheet before the script (the form never shows unstyled).
        page.locator("#calculator").scroll_into_view_if_needed()
        page.wait_for_selector("[data-tarifa-calculator][data-ready]", state="attached")
        assets = [urlsplit(u).path.rsplit("/", 1)[-1] for u in requests if "/calculator" in u]
        assert sorted(assets[:2]) == ["calculator-form.htm", "calculator.css"], assets  # side by side
        assert assets[2:] == ["calculator.js"], assets  # then the script
        order = page.evaluate(
            "() => [...document.querySelectorAll('link[rel=stylesheet]')].map((l) => l.href.split('/').pop())"
        )
        assert order.index("calculator.css") == order.index("tarifa.css") + 1, order
        assert (
            page.evaluate("getComputedStyle(document.querySelector('.tarifa-calc__form')).display") != "none"
        )
        page.mouse.wheel(0, 3000)  # reading the page, even scrolling past the calculator, is not using it
        page.wait_for_timeout(300)
        assert not [u for u in requests if "/calculator/" in u]
        sizes = page.evaluate(
            """() => ({html: document.querySelector('[data-tarifa-calculator]').outerHTML.length
                        + document.querySelector('.tarifa-calc__intro').outerHTML.length,
                       json: document.querySelector('#calc-data').textContent.length})"""
        )
        started = time.perf_counter()
        with page.expect_response(lambda r: "/assets/tarifa/calculator/de.json" in r.url) as waited:
            page.click("#calc-model")
        response = waited.value
        page.wait_for_selector("[data-tarifa-calculator][data-loaded]", state="attached")
        loaded_ms = (time.perf_counter() - started) * 1000
        body = response.body()
        assert [u for u in requests if "/calculator/" in u] == [response.url]
        assert urlsplit(response.url).hostname == "127.0.0.1"
        page.keyboard.type("heron", delay=10)
        assert page.locator("#calc-model-list [role=option]").count() == 2
        page.fill("#calc-requests", "7")  # more use: no second request
        assert len([u for u in requests if "/calculator/" in u]) == 1
    finally:
        context.close()
    assets = ROOT / "hooks" / "tarifa" / "pages" / "assets"
    figures = {
        "page_calculator_html_bytes": sizes["html"],
        "page_calculator_json_bytes": sizes["json"],
        "calculator_js_bytes": len((assets / "calculator.js").read_bytes()),
        "calculator_js_gzip_bytes": len(gzip.compress((assets / "calculator.js").read_bytes(), 9)),
        "calculator_css_bytes": len((assets / "calculator.css").read_bytes()),
        "lazy_json_bytes": len(body),
        "lazy_json_gzip_bytes": len(gzip.compress(body, 9)),
        "lazy_load_ms": round(loaded_ms),
    }
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "calculator-payload.json").write_text(json.dumps(figures, indent=2) + "\n")
    assert sizes["json"] < 4000 and figures["lazy_json_bytes"] > sizes["json"], figures


@pytest.mark.browser
@pytest.mark.parametrize("locale", ["en", "ar"])
def test_model_search_by_keyboard_alone(
    page: Page, server: str, raw_catalogue: dict[str, Any], locale: str
) -> None:
    open_calculator(page, server, locale)
    page.locator("#calculator .headerlink").focus()  # where the table of contents leads
    order = []
    for _ in range(7):
        page.keyboard.press("Tab")
        order.append(page.evaluate("document.activeElement.id"))
    assert order == [
        "calc-model",
        "calc-tier",
        "calc-service",
        "calc-region",
        "calc-requests",
        "calc-input-tokens",
        "calc-cached-share",
    ]
    for _ in range(6):
        page.keyboard.press("Shift+Tab")
    assert page.evaluate("document.activeElement.id") == "calc-model"
    page.wait_for_selector("[data-tarifa-calculator][data-loaded]", state="attached")
    # The whole list opens with the arrow key; the first option is the current model.
    page.keyboard.press("ArrowDown")
    assert page.get_attribute("#calc-model", "aria-expanded") == "true"
    first = page.get_attribute("#calc-model", "aria-activedescendant")
    assert first and page.get_attribute(f"#{first}", "aria-selected") == "true"
    offered = [m for m in raw_catalogue["models"] if m.get("status") != "retired"]
    assert page.locator("#calc-model-list [role=option]").count() == len(offered)
    # Escape closes it and keeps the model; typing filters by name, id or kind.
    page.keyboard.type("rerank")
    options = page.locator("#calc-model-list [role=option]")
    assert options.count() == 1 and "kestrel-rerank-v1" in options.first.inner_text()
    page.keyboard.press("Escape")
    assert page.get_attribute("#calc-model", "aria-expanded") == "false"
    assert page.input_value("#calc-model-id") == offered[0]["id"]
    page.keyboard.press("Control+A")
    page.keyboard.type("lark")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    lark = [m for m in offered if m["id"].startswith("lark")][1]
    assert page.input_value("#calc-model-id") == lark["id"]
    assert page.input_value("#calc-model") == lark["name"]
    assert page.is_visible("#calc-image-input-tokens") and not page.is_visible("#calc-cached-share")
    url = page.url
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")  # submitting does not leave the page
    assert page.url.split("?")[0] == url.split("?")[0]
    page.fill("#calc-model", "no such model")
    assert (
        page.text_content("#calc-model-found") and page.locator("#calc-model-list [role=option]").count() == 0
    )


@pytest.mark.browser
@pytest.mark.parametrize("locale", ["en", "ar"])
def test_on_a_phone_the_result_stays_in_view_and_arabic_reads_right_to_left(
    phone: Page, server: str, locale: str
) -> None:
    page = phone
    open_calculator(page, server, locale)
    page.locator("#calc-model").scroll_into_view_if_needed()
    page.locator("#calc-requests").click()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for control in page.locator(
        "#calc-form select:visible, #calc-form input:visible, #calc-form output"
    ).all():
        box = control.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 360, box
    for editing in ("#calc-model", "#calc-requests", "#calc-output-tokens"):
        page.locator(editing).focus()
        page.keyboard.press("End")
        page.keyboard.type("1")
        bar, daily = page.locator("#calc-result").bounding_box(), page.locator("#calc-daily").bounding_box()
        focused = page.locator(editing).bounding_box()
        assert bar and daily and focused
        assert daily["y"] >= 0 and daily["y"] + daily["height"] <= 740, (editing, daily)
        assert bar["height"] < 740 / 3, bar  # a bar, not a screen
        assert focused["y"] + focused["height"] <= bar["y"] + 1, (editing, focused, bar)  # not under it
        page.keyboard.press("Escape")
    direction = page.evaluate("getComputedStyle(document.querySelector('#calc-form')).direction")
    assert direction == ("rtl" if locale == "ar" else "ltr")
    label, field = (
        page.locator("label[for=calc-tier]").bounding_box(),
        page.locator("#calc-tier").bounding_box(),
    )
    assert label is not None and field is not None
    if locale == "ar":  # the label starts at the right edge of its field
        assert abs((label["x"] + label["width"]) - (field["x"] + field["width"])) < 2
    else:
        assert abs(label["x"] - field["x"]) < 2


@pytest.mark.browser
@pytest.mark.parametrize("locale", ["en", "ar"])
def test_free_tier_stays_above_the_fold(page: Page, server: str, locale: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{server}{prefix(locale)}pricing/")
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
    context: BrowserContext = browser.new_context(java_script_enabled=False, **DESKTOP)
    try:
        page = context.new_page()
        page.goto(f"{server}pricing/")
        assert not page.locator("[data-tarifa-calculator]").is_visible()
        assert page.locator(".tarifa-calc__noscript").is_visible()
        assert page.locator(".tarifa-calc__intro").is_visible()
        for table in ("chat", "embedding", "rerank", "image", "tts", "asr", "tool-1"):
            assert page.locator(f"#table-{table}").is_visible()
    finally:
        context.close()
