"""Build the example site and read the HTML back: every page, every price, every limit, every locale.

Expected values are computed here from the catalogue as written (read without Tarifa) and
formatted with Babel directly; translated labels are read from the `.po` files with Babel.
"""

from __future__ import annotations

import re
import shutil
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import material
import pytest
from babel.numbers import format_currency, format_decimal
from bs4 import BeautifulSoup, Tag

from browser.reference import COLUMNS, KIND_TITLES, amounts, current, models, page_slug, price_label, since
from conftest import DEFAULT, LOCALES, ROOT, build_site, medium_date, prefix, visible
from transparency_expect import tr

sys.path.insert(0, str(ROOT / "benchmarks"))
import synth  # the benchmarks' catalogue generator

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
    paths = PAGES + [f"models/{page_slug(m)}/" for m in raw_catalogue["models"]]
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
    paths = PAGES + [f"models/{page_slug(m)}/" for m in raw_catalogue["models"]]
    for path in paths:
        soup = page(site, locale, path)
        here = site / prefix(locale) / path
        alternates = {
            link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')
        }
        assert sorted(alternates) == sorted([*LOCALES, "x-default"]), path
        for other, href in alternates.items():
            target = resolve(site, here, href)
            language = DEFAULT if other == "x-default" else other  # the default language's page
            assert target == (site / prefix(language) / path).resolve(), (locale, path, other, href)
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
        for path in PAGES + [f"models/{page_slug(m)}/" for m in raw_catalogue["models"]]:
            url = base + prefix(locale) + path
            assert url in urls, url
    entry = next(u for u in sitemap.find_all("url") if u.loc.get_text() == base + "de/models/heron-20b/")
    links = {link["hreflang"]: link["href"] for link in entry.find_all("xhtml:link")}
    expected = {loc: base + prefix(loc) + "models/heron-20b/" for loc in LOCALES}
    assert links == {**expected, "x-default": expected[DEFAULT]}


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
def amount_text(amount: str, locale: str, currency: str) -> str:
    """A price as the pages write it: exact, or the word for a price of zero."""
    return tr(locale, "Free", "price") if Decimal(amount) == 0 else money(amount, locale, currency)


def rows_by_model(soup: BeautifulSoup, kind: str) -> dict[str, tuple[Tag, list[Tag]]]:
    """The overview's rows of a kind's models (tools: over their groups' tables), by row id,
    each with the row of its other prices when it has one."""
    found: dict[str, tuple[Tag, list[Tag]]] = {}
    for table in soup.select(f"table#table-{kind}, table[id^='table-{kind}-']"):
        for row in table.select("tbody > tr[id^='model-']"):
            more = row.find_next_sibling("tr")
            found[row["id"]] = (
                row,
                [more] if more is not None and "tarifa-more" in more.get("class", []) else [],
            )
    return found


@pytest.mark.parametrize("locale", LOCALES)
def test_every_price_on_the_overview(site: Path, raw_catalogue: dict[str, Any], locale: str) -> None:
    """Each model's row shows each price of its kind's columns under that column; every other
    amount of its current price (cache writes, long prompts, per-image prices, fine-tuning) is
    in the line under it. Retired models are not on the overview."""
    currency = raw_catalogue["currency"]
    soup = page(site, locale, "pricing/")
    for kind in KIND_TITLES:
        listed = [m for m in models(raw_catalogue, kind) if m.get("status") != "retired"]
        rows = rows_by_model(soup, kind)
        assert sorted(rows) == sorted(f"model-{page_slug(m)}" for m in listed), kind
        for model in listed:
            row, more = rows[f"model-{page_slug(model)}"]
            price = current(model["prices"])
            table = row.find_parent("table")
            headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
            cells = row.find_all(["th", "td"], recursive=False)
            in_columns = set()
            for dimension in COLUMNS[kind]:
                label = price_label(locale, kind, dimension)
                if dimension in price and isinstance(price[dimension], str):
                    assert label in headers, (model["id"], label, headers)
                    cell = cells[headers.index(label)]
                    assert value(cell) == amount_text(price[dimension], locale, currency), (
                        model["id"],
                        label,
                    )
                    assert cell["data-label"] == label
                    in_columns.add(dimension)
                elif label in headers:
                    cell = cells[headers.index(label)]
                    assert value(cell) == "—" and cell.select_one(".tarifa-sr"), (model["id"], label)
            rest = dict(price)
            for dimension in in_columns:
                rest.pop(dimension)
            text = visible(" ".join(r.get_text(" ") for r in more))
            for amount in amounts(rest):
                assert amount_text(amount, locale, currency) in text, (model["id"], amount, text)


@pytest.mark.parametrize("locale", LOCALES)
def test_facts_on_the_overview(site: Path, raw_catalogue: dict[str, Any], locale: str) -> None:
    table = page(site, locale, "pricing/").select_one("#table-chat")
    assert table is not None
    headers = [th.get_text(" ", strip=True) for th in table.select("thead th")]
    for key, label in (
        ("context_window", "Context window (tokens)"),
        ("speed_tps", "Speed (tokens per second)"),
    ):
        index = headers.index(tr(locale, label))
        for model in models(raw_catalogue, "chat"):
            if model.get("status") == "retired":
                continue
            cells = table.select_one(f"#model-{page_slug(model)}").find_all(["th", "td"], recursive=False)
            expected = format_decimal(int(model[key]), locale=locale) if key in model else "—"
            assert value(cells[index]) == expected, (model["id"], key)
            assert "fact" in cells[index]["class"]


@pytest.mark.parametrize("locale", LOCALES)
def test_prices_with_many_decimals_are_shown_exactly(
    site: Path, raw_catalogue: dict[str, Any], locale: str
) -> None:
    text = visible(page(site, locale, "pricing/").get_text())
    fine = {
        amount
        for model in raw_catalogue["models"]
        if model.get("status") != "retired"
        for amount in amounts(current(model["prices"]))
        if -Decimal(amount).as_tuple().exponent > 2  # type: ignore[operator]
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
            if model.get("status") == "retired":
                continue
            table = soup.select_one(f"#table-limits-{tier['id']}-{model['kind']}")
            assert table is not None, (tier["id"], model["kind"])
            first = table.select_one("thead th").get_text(strip=True)  # the name column, as on the overview
            assert first == tr(locale, "Tool" if model["kind"] == "tool" else "Model"), (locale, first)
            name = tr(locale, model["name"], "model name") if model["kind"] == "tool" else model["name"]
            cells = row_of(table, name)
            written = [v for v in cells[1:] if value(v) != "—"]
            expected = [
                format_decimal(int(model["limits"][tier["id"]][key]), locale=locale)
                for key in LIMIT_KEYS
                if key in model["limits"][tier["id"]]
            ]
            assert [value(c) for c in written] == expected, (locale, tier["id"], model["id"])


def cents(amount: Decimal) -> Decimal:
    """An exact amount without trailing zeros beyond the cents (0.2950 → 0.295, 1.500 → 1.50)."""
    amount = amount.normalize()
    return amount.quantize(Decimal("0.01")) if amount.as_tuple().exponent > -2 else amount  # type: ignore[operator]


def tier_price(raw: dict[str, Any], entry: dict[str, Any], tier: str, dimension: str) -> Decimal | None:
    """A usage price in a service tier: the entry's explicit price, else the standard price with
    the tier's discount (batch) or multiplier (flex, priority, ...)."""
    explicit = entry.get("service_tiers", {}).get(tier, {})
    if dimension in explicit:
        return Decimal(explicit[dimension])
    if dimension not in entry or not isinstance(entry[dimension], str):
        return None
    if tier == "batch":
        factor = (100 - Decimal(raw["batch"]["discount_percent"])) / 100
    else:
        factor = Decimal(next(t["multiplier"] for t in raw["service_tiers"] if t["id"] == tier))
    return Decimal(entry[dimension]) * factor


@pytest.mark.parametrize("locale", LOCALES)
def test_model_pages(site: Path, raw_catalogue: dict[str, Any], locale: str) -> None:
    """A model page shows every amount of its current price, each service tier's price under the
    tier's column (explicit or derived), its limits per tier, and the date its price took effect."""
    currency = raw_catalogue["currency"]
    tier_names = {t["id"]: t["name"] for t in raw_catalogue["service_tiers"]}
    for model in raw_catalogue["models"]:
        soup = page(site, locale, f"models/{page_slug(model)}/")
        prices = soup.select_one("#table-prices")
        assert prices is not None
        price = current(model["prices"])
        text = visible(prices.get_text(" "))
        for amount in amounts(price, service_tiers=True):
            assert amount_text(amount, locale, currency) in text, (model["id"], amount)
        headers = [th.get_text(" ", strip=True) for th in prices.select("thead th")]
        tiers = (["batch"] if model.get("batch") == "true" else []) + list(model.get("service_tiers", []))
        for tier in tiers:
            if tier == "batch":
                label = tr(locale, "With Batch API")
            else:
                label = tr(locale, tier_names[tier], "service tier name")
            assert label in headers, (model["id"], label, headers)
            column_cells = {
                visible(row.find("th").get_text(" ", strip=True)): row.find_all(["td", "th"], recursive=False)
                for row in prices.select("tbody tr")
            }
            column_cells = {name: cells[headers.index(label)] for name, cells in column_cells.items()}
            for dimension in COLUMNS[model["kind"]]:
                expected = tier_price(raw_catalogue, price, tier, dimension)
                if expected is None:
                    continue
                cell = column_cells[price_label(locale, model["kind"], dimension)]
                shown = money(str(cents(expected)), locale, currency)
                assert value(cell) == shown, (model["id"], tier, dimension, value(cell), shown)
        limits = soup.select_one("#table-limits")
        assert limits is not None
        for tier_id, values in model["limits"].items():
            tier = next(t for t in raw_catalogue["tiers"] if t["id"] == tier_id)
            cells = row_of(limits, tr(locale, tier["name"], "tier name"))
            shown = [value(c) for c in cells[1:] if value(c) != "—"]
            assert shown == [format_decimal(int(values[k]), locale=locale) for k in LIMIT_KEYS if k in values]
        if "since" in price:
            assert medium_date(since(price), locale) in soup.get_text()


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


# ── A provider's list without what the example has ─────────────────────────────────────
def test_empty_sections_and_columns_do_not_render(tmp_path: Path) -> None:
    """The starter site (`tarifa new`) with no features, no billing facts, no model speeds and a
    batch window of one length: no empty tier comparison, no labels without values, no column of
    dashes, and the window written as one length."""
    import contextlib
    import io

    from conftest import build_site
    from tarifa import cli

    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["new", str(tmp_path / "gap"), "--provider", "Gap AI", "--languages", "en"]) == 0
    catalogue = tmp_path / "gap" / "pricing" / "catalogue.yaml"
    text = catalogue.read_text(encoding="utf-8")
    text = re.sub(r"(?m)^features:\n(?:  .*\n|\n(?=  ))*", "features: []\n", text)
    text = re.sub(
        r"(?m)^(  (?:invoice_thresholds|spend_alerts_percent|payment_methods)): \[.*\]$", r"\1: []", text
    )
    text = re.sub(r"(?m)^  window_min_hours: 24\n  window_max_days: 7\n", "  window_hours: 24\n", text)
    text = re.sub(r"(?m)^    speed_tps: \d+\n", "", text)
    assert "features: []" in text and "window_hours: 24" in text and "speed_tps" not in text
    catalogue.write_text(text, encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(tmp_path / "gap" / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr

    pricing = BeautifulSoup((site / "pricing" / "index.html").read_text(encoding="utf-8"), "lxml")
    assert pricing.select_one("#compare") is None and pricing.select_one("#table-tiers") is None
    chat = pricing.select_one("#table-chat")
    assert chat is not None
    headers = [visible(th.get_text(" ", strip=True)) for th in chat.select("thead th")]
    assert not [h for h in headers if "Speed" in h], headers
    assert all(visible(td.get_text(strip=True)) not in ("", "—") for td in chat.select("tbody td")), chat
    works = BeautifulSoup((site / "how-pricing-works" / "index.html").read_text(encoding="utf-8"), "lxml")
    billing = works.select_one("h2#billing")
    assert billing is not None
    after = billing.find_next_sibling()
    assert after is None or after.name == "h2", after  # nothing: no label without a value
    batch = " ".join(works.select_one("h2#batch").find_next("dl").get_text(" ").split())
    assert "24 hours" in batch and "day" not in batch, batch


def test_the_palette_stylesheet_holds_the_sites_colours_only(site: Path) -> None:
    """Material's palette.css, loaded by every page, keeps the dark scheme and the colours of the
    site's palette (indigo in mkdocs.yml), not the other primaries and accents (1.3 KB gzip)."""
    import yaml as pyyaml

    config = pyyaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=pyyaml.BaseLoader)
    used = {entry[kind] for entry in config["theme"]["palette"] for kind in ("primary", "accent")}
    assert used == {"indigo"}
    (served,) = (site / "assets" / "stylesheets").glob("palette.*.min.css")
    css = served.read_text(encoding="utf-8")
    colours = set(re.findall(r"\[data-md-color-(?:primary|accent)=([a-z-]+)\]", css))
    assert colours == used, colours
    assert "[data-md-color-scheme=slate]" in css and css.count("{") == css.count("}")
    import material

    stylesheets = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    (original,) = stylesheets.glob("palette.*.min.css")
    assert served.name == original.name and len(css) < len(original.read_text(encoding="utf-8")) / 2


def test_the_main_stylesheet_keeps_only_icons_a_page_can_show(site: Path) -> None:
    """Material's main.css, loaded by every page, without the SVG icons of features the example
    does not use (a repository, a blog, tags, task lists, admonition types no page has…): each rule
    that used one styles a class that no built page has; the icons of what the pages show stay."""
    import material

    (served,) = (site / "assets" / "stylesheets").glob("main.*.min.css")
    stylesheets = Path(material.__file__).parent / "templates" / "assets" / "stylesheets"
    (original,) = stylesheets.glob("main.*.min.css")
    assert served.name == original.name
    css, before = served.read_text(encoding="utf-8"), original.read_text(encoding="utf-8")
    icon = r'(--md-[a-z-]+):url\("data:'
    kept, all_icons = set(re.findall(icon, css)), set(re.findall(icon, before))
    removed = all_icons - kept
    assert {"--md-source-stars-icon", "--md-tag-icon", "--md-admonition-icon--bug"} <= removed, removed
    # The notices of Tarifa's pages, the search results' icon, the menu's arrows.
    assert {
        "--md-admonition-icon--note", "--md-admonition-icon--warning", "--md-admonition-icon--info",
        "--md-search-result-icon", "--md-nav-icon--next", "--md-details-icon",
    } <= kept  # fmt: skip
    declaration = r'(--md-[a-z-]+):url\("[^"]*"\);?'
    assert css == re.sub(declaration, lambda m: "" if m.group(1) in removed else m.group(0), before)
    classes: set[str] = set()
    for path in site.rglob("*.html"):
        for value in re.findall(r'class="([^"]*)"', path.read_text(encoding="utf-8")):
            classes.update(value.split())
    for name in removed:
        for selectors in re.findall(r"([^{}]*)\{[^{}]*var\(" + re.escape(name) + r"\)", before):
            for selector in selectors.split(","):
                needs = set(re.findall(r"\.([\w-]+)", selector))
                assert needs - classes, (name, selector)  # some class of it is on no page


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_history_styles_are_linked_only_where_they_style_something(
    site: Path, raw_catalogue: dict[str, Any], locale: str
) -> None:
    """history.css (price changes, charts, headline prices, comparisons) right after tarifa.css on
    the pages that show them; the pricing page, which shows none of them, does without it."""
    for path, linked in (("pricing/", False), ("price-changes/", True), ("comparisons/", True)):
        sheets = [link["href"] for link in page(site, locale, path).select("link[rel=stylesheet]")]
        names = [href.rsplit("/", 1)[-1] for href in sheets]
        assert ("history.css" in names) == linked, (locale, path, names)
        if linked:
            assert names.index("history.css") == names.index("tarifa.css") + 1, names
    for model in raw_catalogue["models"]:
        names = [
            link["href"].rsplit("/", 1)[-1]
            for link in page(site, locale, f"models/{page_slug(model)}/").select("link[rel=stylesheet]")
        ]
        assert "history.css" in names, (locale, model["id"])  # headline prices at least


def test_tarifas_own_admonitions_keep_their_icons() -> None:
    """The admonition types of Tarifa's templates are those whose icons always stay
    (`tarifa.build.theme.TARIFA_ADMONITIONS`), and the sources' own syntax keeps the others."""
    from tarifa.build import theme

    templates = ROOT / "hooks" / "tarifa" / "pages" / "templates"
    named = {
        kind
        for path in templates.rglob("*.html")
        for value in re.findall(r'class="admonition ([^"]*)"', path.read_text(encoding="utf-8"))
        for kind in value.split()
        if kind in theme.ADMONITIONS
    }
    assert named and named | {"note"} == theme.TARIFA_ADMONITIONS, named
    source = '!!! tip\n    a\n\n??? danger "Title"\n\n???+ quote\n\n<p class="md-typeset example">'
    unused = theme.unused_icons(
        classes=theme.used_classes(source), features=set(), plugins=set(), extensions=set(),
        repository=False, version=False, status=False,
    )  # fmt: skip
    kept = {k for k in theme.ADMONITIONS if f"--md-admonition-icon--{k}" not in unused}
    assert kept == {"note", "warning", "info", "tip", "danger", "quote", "example"}, kept


def test_navigation_rendered_once_is_materials_own(tmp_path: Path) -> None:
    """Model pages outside the navigation (a catalogue above `nav_models_max`) share one rendering
    of Material's navigation and tabs per language and depth (Tarifa's partials/nav.html and
    tabs.html): the site is byte for byte the one that Material's own partials write."""
    project = synth.with_models(ROOT, tmp_path / "project", 60)
    # A page outside the navigation one level deeper than the model pages (its own rendering).
    deep = project / "docs" / "notes" / "archive" / "old.md"
    deep.parent.mkdir(parents=True)
    deep.write_text("# Old notes\n\nKept for reference.\n", encoding="utf-8")
    materials = tmp_path / "materials"
    shutil.copytree(project, materials)
    partials = Path(material.__file__).parent / "templates" / "partials"
    (materials / "overrides" / "partials").mkdir(parents=True, exist_ok=True)
    for name in ("nav.html", "tabs.html"):  # the site's own overrides come first: Material's files
        shutil.copyfile(partials / name, materials / "overrides" / "partials" / name)
    sites = {name: tmp_path / f"site-{name}" for name in ("tarifa", "material")}
    for name, root in (("tarifa", project), ("material", materials)):
        result = build_site(root / "mkdocs.yml", sites[name], "-q", env={"SOURCE_DATE_EPOCH": "1790000000"})
        assert result.returncode == 0, result.stderr[-3000:]
    pages = sorted(p.relative_to(sites["tarifa"]) for p in sites["tarifa"].rglob("*.html"))
    assert pages == sorted(p.relative_to(sites["material"]) for p in sites["material"].rglob("*.html"))
    models = [p for p in pages if p.parts[0] == "models" and len(p.parts) == 3]
    assert len(models) == 60 and Path("de/notes/archive/old/index.html") in pages
    model = BeautifulSoup((sites["tarifa"] / models[0]).read_text("utf-8"), "lxml")
    nav = model.select_one("nav.md-nav--primary")
    assert nav is not None and not nav.select('a[href*="models/"]')  # not in the navigation: shared
    for page in pages:
        assert (sites["tarifa"] / page).read_bytes() == (sites["material"] / page).read_bytes(), page
