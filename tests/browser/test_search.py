"""Search, in each language, finds a model page by the model's name (as that language writes it:
tools' names are translated), typed into the header's search box like a visitor types it, and
offers only that language's pages."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from conftest import LOCALES

from .conftest import Visit
from .reference import KIND_TITLES, catalogue, model_name, models, page_slug, url


def searched(locale: str, kind: str) -> dict[str, str]:
    """A different model of the kind in each language, so that more names get searched."""
    of_kind = [m for m in models(catalogue(), kind) if m.get("status") != "retired"]
    return of_kind[LOCALES.index(locale) % len(of_kind)]


@pytest.mark.browser
@pytest.mark.parametrize("locale", LOCALES)
def test_search_finds_model_pages_by_their_names(
    visit: Callable[..., Visit], server: str, locale: str
) -> None:
    page = visit(locale, "").page
    box = page.locator(".md-search__input")
    results = page.locator(".md-search-result__item")
    others = [f"/{other}/" for other in LOCALES if other not in ("en", locale)]
    for kind in KIND_TITLES:
        if not [m for m in models(catalogue(), kind) if m.get("status") != "retired"]:
            continue
        model = searched(locale, kind)
        query = model_name(locale, model)
        target = url(server, locale, f"models/{page_slug(model)}/")
        box.click()
        box.fill("")
        expect(results).to_have_count(0)  # no stale results of the previous query
        box.type(query, delay=30)
        try:
            page.wait_for_function(
                "(target) => [...document.querySelectorAll('.md-search-result__item a')]"
                ".some((a) => a.href === target)",
                arg=target,
                timeout=30_000,  # the first query waits for the search index to load
            )
        except PlaywrightTimeoutError:
            shown = page.evaluate(
                "() => [...document.querySelectorAll('.md-search-result__item a')].map((a) => a.href)"
            )
            pytest.fail(
                f"searching {query!r} on the {locale} site did not offer {target}; results: {shown[:12]}"
            )
        shown = page.evaluate(
            "() => [...document.querySelectorAll('.md-search-result__item a')].map((a) => a.pathname)"
        )
        elsewhere = [
            p
            for p in shown
            if any(p.startswith(o) for o in others) or (locale != "en" and not p.startswith(f"/{locale}/"))
        ]
        assert not elsewhere, (
            f"searching {query!r} on the {locale} site offered other languages' pages: {elsewhere}"
        )
