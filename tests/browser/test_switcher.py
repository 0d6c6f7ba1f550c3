"""The language switcher, from every page, lands on the same page in the chosen language; every
hreflang alternate points to that page and answers 200.

Each page is toured through all five languages by clicking the switcher (hover the language
button, click the language), with a different stride per page, so every language is left and
reached from every page and every ordered pair of languages is clicked somewhere.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from conftest import LOCALES

from .conftest import Visit
from .reference import catalogue, model_pages, url, written_pages

PAGES = written_pages() + model_pages(catalogue())


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
def test_switcher_and_alternates_lead_to_the_same_page(
    visit: Callable[..., Visit], server: str, path: str
) -> None:
    stride = 1 + PAGES.index(path) % (len(LOCALES) - 1)  # 1..4: each visits all five languages
    order = [LOCALES[(i * stride) % len(LOCALES)] for i in range(len(LOCALES))] + [LOCALES[0]]
    seen = visit(order[0], path)
    page = seen.page
    expected = {locale: url(server, locale, path) for locale in LOCALES}
    alternates: set[str] = set()
    for here, there in itertools.pairwise(order):
        links = page.evaluate(
            """() => {
                const pairs = (css) => [...document.querySelectorAll(css)].map((a) => [a.hreflang, a.href]);
                return {switcher: pairs('.md-select__link[hreflang]'),
                        alternate: pairs('link[rel=alternate][hreflang]')};
            }"""
        )
        for kind in ("switcher", "alternate"):
            got = dict(links[kind])
            assert len(got) == len(links[kind]) and got == expected, f"{here}/{path}: {kind} links {got}"
        alternates.update(href for _, href in links["alternate"])

        page.hover(".md-header .md-select")
        page.click(f".md-header .md-select__link[hreflang='{there}']")
        page.wait_for_url(expected[there], wait_until="domcontentloaded")
        lang = page.evaluate("() => document.documentElement.lang")
        assert lang == there, f"switching from {here}/{path} to {there} gave a page in {lang!r}"

    for href in sorted(alternates):
        response = page.request.get(href)
        assert response.status == 200, f"{href} answers {response.status}"
    assert not seen.outside_requests(), seen.outside_requests()
