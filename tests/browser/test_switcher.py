"""The language switcher, from every page, lands on the same page in the chosen language; every
hreflang alternate points to that page and answers 200.

Where each link of every page in every language points is read in `test_pages` (it visits them
all). Here the switcher is used the way a visitor uses it: hover the language button, click a
language. Each page is left from one language for another, chosen so that every ordered pair of
languages is clicked somewhere, and the page's `<html lang>` after the click is the chosen one.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable

import pytest

from conftest import LOCALES

from .conftest import Visit
from .dom import SWITCHER_LINKS, link_problems
from .reference import catalogue, model_pages, url, written_pages

PAGES = written_pages() + model_pages(catalogue())
# Every ordered pair of languages (20 for five), then again from the start: one per page.
PAIRS = list(itertools.permutations(LOCALES, 2))
TOURS = [(path, *PAIRS[i % len(PAIRS)]) for i, path in enumerate(PAGES)]


def test_every_pair_of_languages_is_clicked() -> None:
    assert len(TOURS) >= len(PAIRS), "fewer pages than language pairs: some pair is never clicked"
    assert {(a, b) for _, a, b in TOURS} == set(PAIRS)


@pytest.mark.browser
@pytest.mark.parametrize(("path", "here", "there"), TOURS)
def test_switcher_and_alternates_lead_to_the_same_page(
    visit: Callable[..., Visit], server: str, path: str, here: str, there: str
) -> None:
    seen = visit(here, path)
    page = seen.page
    expected = {locale: url(server, locale, path) for locale in LOCALES}
    links = page.evaluate(SWITCHER_LINKS)
    assert not link_problems(links, expected), f"{here}/{path}: {link_problems(links, expected)}"

    page.hover(".md-header .md-select")
    page.click(f".md-header .md-select__link[hreflang='{there}']")
    page.wait_for_url(expected[there], wait_until="domcontentloaded")
    lang = page.evaluate("() => document.documentElement.lang")
    assert lang == there, f"switching from {here}/{path} to {there} gave a page in {lang!r}"

    for _, href in sorted(links["alternate"]):
        response = page.request.get(href)
        assert response.status == 200, f"{href} answers {response.status}"
    assert not seen.outside_requests(), seen.outside_requests()
