"""Build the example site and read the HTML back: every page, every price, every limit, every locale.

Expected values are computed here from the catalogue as written (read without Tarifa) and
formatted with Babel directly; translated labels are read from the `.po` files with Babel.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal
from bs4 import BeautifulSoup, Tag

from browser.reference import current, models
from conftest import LOCALES, ROOT, prefix, visible
from transparency_expect import tr

PAGES = ["", "pricing/", "how-pricing-works/"]
LIMIT_KEYS = ["rpm", "rpd", "tpm", "tpd", "ash", "asd"]


def money(value: str, locale: str, currency: str) -> str:
    return visible(format_currency(Decimal(value), currency, locale=locale, decimal_quantization=False))


def page(site: Path, locale: str, path: str) -> BeautifulSoup:
    file = site / prefix(locale) / path / "index.html"
    assert file.exists(), f"missing page {file}"
    return BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")


def row_of(table: Tag, name: str) -> list[Tag]:
    for tr_ in table.select("tbody tr"):
        cells = tr_.find_all(["th", "td"], recursive=False)
        head = cells[0].find("a") or cells[0]
        if head.get_text(strip=True) == name:
            return cells
    raise AssertionError(f"no row {name!r} in table {table.get('id')}")


def resolve(site: Path, here: Path, href: str) -> Path:
    """Where a link on the page at `here` leads inside the built site."""
    href = href.split("#")[0]
    target = site / href.lstrip("/") if href.startswith("/") else here / href
    return target.resolve()


def value(cell: Tag) -> str:
    """The visible value of a cell: its isolated number, its glyph, or its text."""
    shown = cell.find("bdi") or cell.find(attrs={"aria-hidden": "true"}) or cell
    return visible(shown.get_text())


def column(table: Tag, header: str) -> int:
    headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    assert header in headers, f"{header!r} not in {headers}"
    return headers.index(header)


# ── Pages and languages ─────────────────────────────────────────────────────────────
@pytest.mark.parametrize("locale", LOCALES)
def test_every_page_exists_in_every_locale(site: Path, raw_catalogue: dict[str, Any], locale: str) -> None:
    paths = PAGES + [f"models/{m['id']}/" for m in raw_catalogue["models"]]
    for path in paths:
        soup = page(site, locale, path)
        assert soup.html is not None and soup.html["lang"] == locale
        assert soup.body is not None
        assert soup.body.get("dir") == ("rtl" if locale == "ar" else "ltr")
        title = soup.title.get_text() if soup.title else ""
        assert title.strip(), f"{locale}/{path} has no title"


@pytest.mark.parametrize("locale", LOCALES)
def test_switcher_and_hreflang_lead_to_the_same_page(
    site: Path, raw_catalogue: dict[str, Any], locale: str
) -> None:
    paths = PAGES + [f"models/{m['id']}/" for m in raw_catalogue["models"]]
    for path in paths:
        soup = page(site, locale, path)
        here = site / prefix(locale) / path
        alternates = {
            link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')
        }
        assert sorted(alternates) == sorted(LOCALES), path
        for other, href in alternates.items():
            target = resolve(site, here, href)
            assert target == (site / prefix(other) / path).resolve(), (locale, path, other, href)
        switcher = [a["href"] for a in soup.select(".md-select__link[hreflang]")]
        assert len(switcher) == len(LOCALES), path
        for a in soup.select(".md-select__link[hreflang]"):
            target = resolve(site, here, a["href"])
            assert target == (site / prefix(a["hreflang"]) / path).resolve(), (locale, path, a["href"])


def test_sitemap_lists_every_page_with_its_alternates(site: Path, raw_catalogue: dict[str, Any]) -> None:
    sitemap = BeautifulSoup((site / "sitemap.xml").read_text(encoding="utf-8"), "xml")
    base = "https://pricing.kestrel.example/"
    urls = {loc.get_text() for loc in sitemap.find_all("loc")}
    for locale in LOCALES:
        for path in PAGES + [f"models/{m['id']}/" for m in raw_catalogue["models"]]:
            url = base + prefix(locale) + path
            assert url in urls, url
    entry = next(u for u in sitemap.find_all("url") if u.loc.get_text() == base + "de/models/heron-20b/")
    links = {link["hreflang"]: link["href"] for link in entry.find_all("xhtml:link")}
    assert links == {loc: base + prefix(loc) + "models/heron-20b/" for loc in LOCALES}


def test_no_request_leaves_the_site(site: Path) -> None:
    external = re.compile(r"""(?:src|href)=["'](?:https?:)?//(?!pricing\.kestrel\.example)""")
    for file in site.rglob("*.html"):
        text = file.read_text(encoding="utf-8")
        for match in re.finditer(r"<(?:script|link|img|iframe)[^>]*>", text):
            tag = match.group(0)
            if 'rel="alternate"' in tag or 'rel="canonical"' in tag:
                continue
            assert not external.search(tag), f"{file}: {tag}"
    css = "\n".join(f.read_text(encoding="utf-8") for f in site.rglob("*.css"))
    assert "fonts.googleapis" not in css and "@import url(http" not in css


# ── Prices and limits, by reading the tables ──────────────────────────────────────────
@pytest.mark.parametrize("locale", LOCALES)
def test_chat_prices_on_the_overview(site: Path, raw_catalogue: dict[str, Any], locale: str) -> None:
    currency = raw_catalogue["currency"]
    table = page(site, locale, "pricing/").select_one("#table-chat")
    assert table is not None
    columns = {
        "input": column(table, tr(locale, "Input per 1M tokens")),
        "cached_input": column(table, tr(locale, "Cached input per 1M tokens")),
        "output": column(table, tr(locale, "Output per 1M tokens")),
        "context_window": column(table, tr(locale, "Context window (tokens)")),
        "speed_tps": column(table, tr(locale, "Speed (tokens per second)")),
    }
    for model in models(raw_catalogue, "chat"):
        cells = row_of(table, model["name"])
        price = current(model["prices"])
        for key in ("input", "cached_input", "output"):
            cell = cells[columns[key]]
            if key in price:
                assert value(cell) == money(price[key], locale, currency), (model["id"], key)
            else:
                assert value(cell) == "—" and cell.select_one(".tarifa-sr")
        for key in ("context_window", "speed_tps"):
            expected = format_decimal(int(model[key]), locale=locale)
            assert value(cells[columns[key]]) == expected, (model["id"], key)


@pytest.mark.parametrize("locale", LOCALES)
def test_other_prices_on_the_overview(site: Path, raw_catalogue: dict[str, Any], locale: str) -> None:
    currency = raw_catalogue["currency"]
    soup = page(site, locale, "pricing/")
    for kind, table_id, key in (("tts", "tts", "characters"), ("asr", "asr", "hour")):
        table = soup.select_one(f"#table-{table_id}")
        assert table is not None
        for model in models(raw_catalogue, kind):
            cells = row_of(table, model["name"])
            assert value(cells[1 if kind == "tts" else 2]) == money(
                current(model["prices"])[key], locale, currency
            )
    table = soup.select_one("#table-tools")
    assert table is not None
    for model in models(raw_catalogue, "tool"):
        cells = row_of(table, tr(locale, model["name"], "model name"))
        price = current(model["prices"])
        amount = price.get("requests") or price["hour"]
        assert value(cells[1]) == money(amount, locale, currency)


@pytest.mark.parametrize("locale", LOCALES)
def test_prices_with_many_decimals_are_shown_exactly(
    site: Path, raw_catalogue: dict[str, Any], locale: str
) -> None:
    text = visible(page(site, locale, "pricing/").get_text())
    fine = {
        amount
        for model in raw_catalogue["models"]
        for key, amount in current(model["prices"]).items()
        if key != "since" and -Decimal(amount).as_tuple().exponent > 2  # type: ignore[operator]
    }
    assert len(fine) >= 3, "the example should exercise prices with three or four decimals"
    for amount in fine:
        assert money(amount, locale, raw_catalogue["currency"]) in text, (locale, amount)


@pytest.mark.parametrize("locale", LOCALES)
def test_rate_limits_per_tier(site: Path, raw_catalogue: dict[str, Any], locale: str) -> None:
    soup = page(site, locale, "pricing/")
    for tier in raw_catalogue["tiers"]:
        if tier.get("custom_limits") == "true":
            assert soup.select_one(f"#limits-{tier['id']}") is not None
            assert not soup.select(f"[id^='table-limits-{tier['id']}-']")
            continue
        for model in raw_catalogue["models"]:
            table = soup.select_one(
                f"#table-limits-{tier['id']}-{model['kind'] if model['kind'] != 'tool' else 'tool'}"
            )
            assert table is not None, (tier["id"], model["kind"])
            name = tr(locale, model["name"], "model name") if model["kind"] == "tool" else model["name"]
            cells = row_of(table, name)
            written = [v for v in cells[1:] if value(v) != "—"]
            expected = [
                format_decimal(int(model["limits"][tier["id"]][key]), locale=locale)
                for key in LIMIT_KEYS
                if key in model["limits"][tier["id"]]
            ]
            assert [value(c) for c in written] == expected, (locale, tier["id"], model["id"])


@pytest.mark.parametrize("locale", LOCALES)
def test_model_pages(site: Path, raw_catalogue: dict[str, Any], locale: str) -> None:
    currency = raw_catalogue["currency"]
    discount = Decimal(raw_catalogue["batch"]["discount_percent"])
    for model in raw_catalogue["models"]:
        soup = page(site, locale, f"models/{model['id']}/")
        prices = soup.select_one("#table-prices")
        assert prices is not None
        price = current(model["prices"])
        amounts = [
            price[k]
            for k in ("input", "cached_input", "output", "characters", "hour", "requests")
            if k in price
        ]
        standard = [value(row.find_all("td")[0]) for row in prices.select("tbody tr")]
        assert [s for s in standard if s != "—"] == [money(a, locale, currency) for a in amounts]
        if model.get("batch") == "true":
            batch = [value(row.find_all("td")[1]) for row in prices.select("tbody tr")]
            expected = [money(str(Decimal(a) * (100 - discount) / 100), locale, currency) for a in amounts]
            assert [b for b in batch if b != "—"] == expected
        limits = soup.select_one("#table-limits")
        assert limits is not None
        for tier_id, values in model["limits"].items():
            tier = next(t for t in raw_catalogue["tiers"] if t["id"] == tier_id)
            cells = row_of(limits, tr(locale, tier["name"], "tier name"))
            shown = [value(c) for c in cells[1:] if value(c) != "—"]
            assert shown == [format_decimal(int(values[k]), locale=locale) for k in LIMIT_KEYS if k in values]
        since = dt.date.fromisoformat(price["since"])
        assert format_date(since, "medium", locale=locale) in soup.get_text()


@pytest.mark.parametrize("locale", LOCALES)
def test_free_tier_card_shows_price_and_exact_limits(
    site: Path, raw_catalogue: dict[str, Any], locale: str
) -> None:
    card = page(site, locale, "pricing/").select_one(".tarifa-card--free")
    assert card is not None
    free = next(t for t in raw_catalogue["tiers"] if t["id"] == "free")
    zero = visible(format_currency(0, raw_catalogue["currency"], locale=locale)).replace("0,00", "0")
    price = card.select_one(".tarifa-card__price")
    assert price is not None and visible(price.get_text()) == zero.replace("0.00", "0")
    model = next(m for m in raw_catalogue["models"] if m["id"] == free["card_model"])
    shown = [visible(dd.get_text()) for dd in card.select(".tarifa-card__limits dd")]
    assert shown == [
        format_decimal(int(model["limits"]["free"][k]), locale=locale)
        for k in LIMIT_KEYS
        if k in model["limits"]["free"]
    ]


@pytest.mark.parametrize("locale", ["de", "fr", "es", "ar"])
def test_tables_take_the_build_language_on_a_fallback_page(tmp_path: Path, locale: str) -> None:
    """Remove a translated page: its prose falls back to English, its tables stay localized."""
    import shutil

    from conftest import build_site

    project = tmp_path / "project"
    shutil.copytree(
        ROOT,
        project,
        ignore=shutil.ignore_patterns(".venv", "site", ".git", "artifacts", "node_modules", ".*cache"),
    )
    (project / "docs" / f"pricing.{locale}.md").unlink()
    result = build_site(project / "mkdocs.yml", tmp_path / "out")
    assert result.returncode == 0, result.stderr
    soup = BeautifulSoup(
        (tmp_path / "out" / locale / "pricing" / "index.html").read_text(encoding="utf-8"), "lxml"
    )
    headers = [th.get_text(" ", strip=True) for th in soup.select("#table-chat thead th")]
    assert tr(locale, "Input per 1M tokens") in headers
    assert "Input per 1M tokens" not in headers
