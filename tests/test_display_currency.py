"""Display currencies: in the locales mkdocs.yml gives one, every price cell shows the billing price
first and an approximate converted amount beside it, and a sentence states the rate and its date.

The rate, the prices and the locales' currencies are read here from the files as written; the
conversion rule is worked out here from its statement on the page (exact product, half up to the
cent, two significant digits below 0.10) and every amount is formatted by Babel.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.numbers import format_currency
from bs4 import BeautifulSoup, Tag

from browser.reference import amounts, current, page_slug
from conftest import LOCALES, ROOT, build_site, copy_project, medium_date, prefix, visible


def settings() -> dict[str, Any]:
    text = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    config: dict[str, Any] = yaml.load(text, Loader=yaml.BaseLoader)
    tarifa: dict[str, Any] = next(
        p["tarifa"] for p in config["plugins"] if isinstance(p, dict) and "tarifa" in p
    )
    return tarifa


DISPLAY: dict[str, str] = settings().get("display_currency", {})


def rate_of(raw: dict[str, Any], currency: str) -> dict[str, str]:
    return next(r for r in raw["exchange_rates"] if r["currency"] == currency)


def approx(amount: Decimal, rate: Decimal) -> Decimal:
    exact = amount * rate
    if exact == 0:
        return Decimal("0.00")
    step = Decimal("0.01")
    if exact < Decimal("0.1"):  # two significant digits
        step = Decimal(1).scaleb(exact.adjusted() - 1)
    return exact.quantize(step, rounding=ROUND_HALF_UP)


def money(amount: Decimal | str, currency: str, locale: str) -> str:
    return visible(format_currency(Decimal(amount), currency, locale=locale, decimal_quantization=False))


def soup_of(site: Path, locale: str, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / prefix(locale) / path / "index.html").read_text(encoding="utf-8"), "lxml")


def price_cells(soup: BeautifulSoup) -> list[Tag]:
    return [
        td
        for td in soup.select("table.tarifa-table td.num[data-sort]")
        if td.find("bdi") and "$" in td.get_text()
    ]


def test_the_example_declares_euros_for_german_french_and_spanish(raw_catalogue: dict[str, Any]) -> None:
    assert DISPLAY == {"de": "EUR", "fr": "EUR", "es": "EUR"}
    assert rate_of(raw_catalogue, "EUR")["rate"] == "0.8611"


def test_the_rounding_rule_by_hand() -> None:
    rate = Decimal("0.8611")
    assert approx(Decimal("0.59"), rate) == Decimal("0.51")  # 0.508049
    assert approx(Decimal("0.075"), rate) == Decimal("0.065")  # 0.0645825
    assert approx(Decimal("0.0375"), rate) == Decimal("0.032")  # 0.03229125
    assert approx(Decimal("50.00"), rate) == Decimal("43.06")  # 43.055: half up
    assert approx(Decimal("3.00"), rate) == Decimal("2.58")  # 2.5833


@pytest.mark.parametrize("locale", LOCALES)
def test_price_cells_show_billing_price_first_and_the_approximation_beside_it(
    site: Path, raw_catalogue: dict[str, Any], locale: str
) -> None:
    billing = raw_catalogue["currency"]
    free = {  # a model whose every price is zero shows "Free": nothing to convert
        f"models/{page_slug(m)}"
        for m in raw_catalogue["models"]
        if all(Decimal(a) == 0 for a in amounts(current(m["prices"])))
    }
    pages = ["pricing", "comparisons", *(f"models/{page_slug(m)}" for m in raw_catalogue["models"])]
    for path in pages:
        soup = soup_of(site, locale, path)
        cells = price_cells(soup)
        assert bool(cells) != (path in free), path
        for cell in cells:
            amount = Decimal(cell["data-sort"])
            shown = [visible(b.get_text()) for b in cell.find_all("bdi")]
            assert shown[0] == money(amount, billing, locale), (path, shown)
            extra = cell.select_one(".tarifa-approx")
            if locale not in DISPLAY:
                assert extra is None, (locale, path)
                continue
            currency = DISPLAY[locale]
            rate = Decimal(rate_of(raw_catalogue, currency)["rate"])
            assert extra is not None, (locale, path, shown)
            assert visible(extra.find("bdi").get_text()) == money(approx(amount, rate), currency, locale)
            marker = extra.find(attrs={"aria-hidden": "true"})
            assert marker is not None and marker.get_text().strip() == "≈"
            assert extra.select_one(".tarifa-sr").get_text(strip=True), "screen readers hear a word"


@pytest.mark.parametrize("locale", LOCALES)
def test_a_sentence_states_the_rate_and_its_date(
    site: Path, raw_catalogue: dict[str, Any], locale: str
) -> None:
    for path in ("pricing", f"models/{page_slug(raw_catalogue['models'][0])}"):
        soup = soup_of(site, locale, path)
        note = soup.select_one(".tarifa-display-note")
        if locale not in DISPLAY:
            assert note is None
            continue
        assert note is not None, path
        rate = rate_of(raw_catalogue, DISPLAY[locale])
        text = visible(note.get_text())
        assert money(rate["rate"], DISPLAY[locale], locale) in text
        assert medium_date(dt.date.fromisoformat(rate["date"]), locale) in text
        assert "≈" in text
        # Above the overview's tables; on a model page right under its price table (the prices
        # come first on a phone's screen).
        order = soup.find_all(True)
        first_table = soup.select_one("table.tarifa-table")
        assert first_table is not None
        if path == "pricing":
            assert order.index(note) < order.index(first_table), "the sentence comes first"
        else:
            box = first_table.find_parent(class_="tarifa-scroll")
            assert box is not None and box.find_next_sibling() is note, "the sentence follows the prices"


def test_a_display_currency_without_a_rate_stops_the_build(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "display_currency: {de: EUR, fr: EUR, es: EUR}" in text
    config.write_text(text.replace("{de: EUR, fr: EUR, es: EUR}", "{de: EUR, fr: CHF}"), encoding="utf-8")
    line = next(
        n
        for n, row in enumerate(config.read_text(encoding="utf-8").splitlines(), 1)
        if "display_currency:" in row
    )
    result = build_site(config, tmp_path / "out")
    assert result.returncode != 0
    errors = [row for row in result.stderr.splitlines() if row.startswith("ERROR")]
    assert any(
        f"mkdocs.yml:{line}:" in row
        and "plugins.tarifa.display_currency.fr: expected a currency with an exchange rate in "
        "pricing/catalogue.yaml (EUR), found 'CHF'"
        in row
        for row in errors
    ), result.stderr
    assert not (tmp_path / "out").exists() or not any((tmp_path / "out").rglob("*.html")), (
        "nothing half-written"
    )


@pytest.mark.parametrize(
    ("rates", "expected"),
    [
        (
            "[{currency: USD, rate: 1, date: 2026-11-02}]",
            "exchange_rates[0].currency: expected a currency other than the billing currency USD, found USD",
        ),
        (
            "[{currency: EUR, rate: 0.86, date: 2026-11-02}, {currency: EUR, rate: 0.87, date: 2026-11-03}]",
            "exchange_rates[1].currency: expected one rate per currency, found EUR again",
        ),
        (
            "[{currency: EUR, rate: 0, date: 2026-11-02}]",
            "exchange_rates[0].rate: expected a number greater than 0",
        ),
        ("[{currency: EUR, rate: 0.86}]", "exchange_rates[0]: expected the required field 'date'"),
    ],
)
def test_bad_exchange_rates_are_one_line_problems(tmp_path: Path, rates: str, expected: str) -> None:
    from tarifa.catalogue.load import load_catalog
    from tarifa.problems import TarifaError

    source = (ROOT / "pricing" / "catalogue.yaml").read_text(encoding="utf-8")
    start = source.index("exchange_rates:")
    end = source.index("\n\n", start)
    path = tmp_path / "catalogue.yaml"
    path.write_text(source[:start] + f"exchange_rates: {rates}" + source[end:], encoding="utf-8")
    line = source[:start].count("\n") + 1
    with pytest.raises(TarifaError) as error:
        load_catalog(path, "catalogue.yaml")
    assert str(error.value).startswith(f"catalogue.yaml:{line}:"), str(error.value)
    assert expected in str(error.value) and len(str(error.value).splitlines()) == 1
