"""Search with Pagefind in the browser: nothing loads before the visitor searches, results are
in the page's language only (fallback pages marked), the keyboard works, axe finds nothing."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from conftest import LOCALES, build_site, copy_project, prefix, served

from .conftest import Visit

RESULT_LINKS = "() => [...document.querySelectorAll('.md-search-result__item a')].map((a) => a.pathname)"


def search(page: Page, query: str) -> list[str]:
    page.keyboard.type(query, delay=30)
    page.wait_for_function(
        "() => document.querySelector('.md-search-result__item a') !== null", timeout=15_000
    )
    links: list[str] = page.evaluate(RESULT_LINKS)
    return links


@pytest.mark.browser
@pytest.mark.parametrize("locale", LOCALES)
def test_nothing_of_the_search_loads_before_the_visitor_searches(
    visit: Callable[..., Visit], site: Path, locale: str
) -> None:
    seen = visit(locale, "pricing/", "phone")
    seen.page.wait_for_load_state("networkidle")
    loaded = [u for u in seen.requests if "/pagefind/" in u or "search" in u.rsplit("/", 1)[-1]]
    assert loaded == [], loaded
    seen.page.locator("label.md-header__button[for=__search]").click()
    expect(seen.page.locator(".md-search__input")).to_be_focused()
    links = search(seen.page, "heron")
    assert links and all(link.startswith(f"/{prefix(locale)}") for link in links), links
    if locale != "en":
        assert all(link.startswith(f"/{locale}/") for link in links), links
    assert not seen.unexpected_console_errors(), seen.unexpected_console_errors()
    assert not seen.outside_requests(), seen.outside_requests()
    # Only this language's index: its metadata, chunks, fragments and WebAssembly; and the entry
    # file at the address search.js names in advance (the bundle's tag), not a new one each time.
    files = [u.split("/pagefind/", 1)[1] for u in seen.requests if "/pagefind/" in u]
    shared = {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json"}
    own = (f"pagefind.{locale}_", f"index/{locale}_", f"fragment/{locale}_", f"wasm.{locale}.")
    assert all(f.split("?")[0] in shared or f.startswith(own) for f in files), files
    assert any(f.startswith(f"pagefind.{locale}_") for f in files), files
    entry = (site / "pagefind" / "pagefind-entry.json").read_bytes()
    tag = hashlib.sha256(entry).hexdigest()[:12]
    entries = {f for f in files if f.startswith("pagefind-entry.json")}
    assert entries == {f"pagefind-entry.json?ts={tag}"}, files


@pytest.fixture(scope="module")
def fallback_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example in English, German and Arabic, with a page written in English only: its
    German and Arabic versions fall back to the English text."""
    root = tmp_path_factory.mktemp("fallback-site")
    project = copy_project(root / "project")
    (project / "docs" / "billing-faq.md").write_text(
        "# Billing questions\n\nWhen is the invoice sent? Once per calendar month, itemised by model.\n",
        encoding="utf-8",
    )
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace(
        "      - open-data.md\n", "      - open-data.md\n      - billing-faq.md\n"
    )
    for locale in ("fr", "es"):
        start = text.index(f"        - locale: {locale}\n")
        end = text.index("build: true", start)
        text = text[:end] + "build: false" + text[end + len("build: true") :]
    config.write_text(text, encoding="utf-8")
    site = root / "site"
    result = build_site(config, site)
    assert result.returncode == 0, result.stderr
    with served(site) as url:
        yield url


@pytest.mark.browser
@pytest.mark.parametrize("locale", ["de", "ar"])
def test_english_fallback_pages_are_marked(
    tabs: Callable[[str], Page], fallback_site: str, locale: str
) -> None:
    page = tabs("desktop")
    page.goto(f"{fallback_site}{locale}/")
    page.locator(".md-search__input").click()
    links = search(page, "invoice")
    assert links and all(link.startswith(f"/{locale}/") for link in links), links
    assert any(link.startswith(f"/{locale}/billing-faq/") for link in links), links
    badge = page.locator(".md-search-result__item .tarifa-search__lang").first
    expect(badge).to_have_attribute("lang", "en")
    expect(badge).to_have_text("English")
    # The page's "not translated yet" notice keeps its icon: Material's stylesheet is served
    # without the icons no page shows (tarifa.build.theme.unused_icons), not without this one.
    page.goto(f"{fallback_site}{locale}/billing-faq/")
    icon = page.evaluate(
        "() => { const s = getComputedStyle(document.querySelector("
        "'.tarifa-untranslated .admonition-title'), '::before');"
        " return [s.maskImage || s.webkitMaskImage, s.width]; }"
    )
    assert icon[0].startswith('url("data:image/svg+xml') and icon[1] != "0px", icon


@pytest.mark.browser
def test_keyboard(visit: Callable[..., Visit]) -> None:
    page = visit("de", "pricing/", "desktop").page
    page.keyboard.press("/")
    box = page.locator(".md-search__input")
    expect(box).to_be_focused()
    assert page.locator("#__search").is_checked()
    search(page, "orca")
    page.keyboard.press("ArrowDown")
    first = page.locator(".md-search-result__item a").first
    expect(first).to_be_focused()
    page.keyboard.press("ArrowUp")
    expect(box).to_be_focused()
    page.keyboard.press("Escape")
    assert not page.locator("#__search").is_checked()
    expect(box).not_to_be_focused()
    page.keyboard.press("s")  # shortcut again; Enter opens the first result
    expect(box).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/de/models/orca-[^/]+/$"))


@pytest.mark.browser
@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_open_search_with_results_has_no_serious_axe_violation(
    visit: Callable[..., Visit], viewport: str
) -> None:
    page = visit("ar", "pricing/", viewport).page
    page.keyboard.press("/")
    search(page, "حدود")
    results = Axe().run(page, context=".md-search").response
    serious = [
        f"{v['id']}: {[n['target'] for n in v['nodes']]}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, serious
