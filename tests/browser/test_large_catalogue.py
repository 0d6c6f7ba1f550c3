"""A catalogue of a thousand models: the overview stays small and every model stays reachable.

The example's models copied under new ids, with prices of their own (`benchmarks/synth.py`, the
generator the benchmarks use), built once per test process in English only (fast mode: the budgets
are per page of one language). Expectations come from the generated YAML, read as written.
"""

from __future__ import annotations

import gzip
import json
import math
import os
import subprocess
import sys
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup
from playwright.sync_api import Browser

import points_expect as px
from conftest import ROOT, served

from .reference import current, money

sys.path.insert(0, str(ROOT / "benchmarks"))
import synth

SIZE = 1000
#: The overview's models per kind (the plugin's `overview_models`, left at its default).
SHOWN = 25
#: Models per list page (`all-models/chat/2/`).
PER_PAGE = 100
#: The overview's budget on load (issue: 15,000 DOM nodes at 3,000 models; it does not grow).
NODES = 15_000


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SimpleNamespace]:
    root = tmp_path_factory.mktemp("large")
    project = synth.with_models(ROOT, root / "project", SIZE)
    site = root / "site"
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "-d", str(site)],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TARIFA_LOCALE": "en"},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    with (project / "pricing" / "catalogue.yaml").open(encoding="utf-8") as handle:
        raw: dict[str, Any] = yaml.load(handle, Loader=yaml.BaseLoader)
    assert len(raw["models"]) == SIZE
    with served(site) as url:
        yield SimpleNamespace(site=site, raw=raw, server=url)


def offered(raw: dict[str, Any], kind: str | None = None) -> list[dict[str, Any]]:
    """The models visitors can still use, of one kind or all, in the catalogue's order."""
    return [m for m in raw["models"] if m.get("status") != "retired" and kind in (None, m["kind"])]


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path / "index.html").read_text(encoding="utf-8"), "lxml")


def row_ids(page: BeautifulSoup, table: str) -> list[str]:
    return [row["id"].removeprefix("model-") for row in page.select(f"#{table} tbody tr[id^='model-']")]


def test_the_overview_shows_the_first_models_and_lists_pages_hold_them_all(large: SimpleNamespace) -> None:
    raw, site = large.raw, large.site
    chat = offered(raw, "chat")
    assert len(chat) > 3 * PER_PAGE, "enough chat models for several list pages"
    overview = soup(site, "pricing")
    # The first models of the kind, in the catalogue's order, and a link to all of them.
    assert row_ids(overview, "table-chat") == [px.slug(m) for m in chat[:SHOWN]]
    assert overview.select_one("a[href$='all-models/chat/']") is not None
    size = len((site / "pricing" / "index.html").read_bytes())
    assert size < 1_500_000, size

    # The list pages: every chat model once, in order, a hundred per page, linked to each other.
    pages = math.ceil(len(chat) / PER_PAGE)
    listed: list[str] = []
    for number in range(1, pages + 1):
        path = "all-models/chat" + (f"/{number}" if number > 1 else "")
        page = soup(site, path)
        rows = row_ids(page, "table-chat")
        assert 0 < len(rows) <= PER_PAGE, (path, len(rows))
        listed += rows
        nav = page.select_one("nav.tarifa-pages")
        assert nav is not None and nav.select_one("a[aria-current='page']").get_text() == f"{number:,}"
        assert (nav.select_one("a[rel=prev]") is not None) == (number > 1), path
        assert (nav.select_one("a[rel=next]") is not None) == (number < pages), path
    assert listed == [px.slug(m) for m in chat]
    assert not (site / "all-models" / "chat" / str(pages + 1)).exists()

    # The finder's file: every model still offered, with its page and its main prices.
    finder = json.loads((site / "models" / "finder.json").read_text(encoding="utf-8"))
    models = offered(raw)
    assert [m["id"] for m in finder["models"]] == [m["id"] for m in models]
    for entry, model in zip(finder["models"], models, strict=True):
        assert (site / "models" / entry["href"] / "index.html").is_file(), entry
        if model["kind"] == "chat":
            price = current(model["prices"])["input"]
            shown = money(price, "en", raw["currency"])
            # An exact price; a free model's is a word, never "$0.00".
            assert (shown in entry["prices"]) == (Decimal(price) > 0) and entry["prices"], entry

    # The overview's JSON-LD: bounded, counting every model.
    data = json.loads(overview.select_one('script[type="application/ld+json"]').get_text())
    assert data["numberOfItems"] == len(models) and len(data["itemListElement"]) == 100
    # Every list page is in the sitemap, which stays one file at this size.
    sitemap = (site / "sitemap.xml").read_text(encoding="utf-8")
    assert sitemap.count("/all-models/chat/") >= pages and "<sitemapindex" not in sitemap
    assert len(gzip.compress((site / "pricing" / "index.html").read_bytes())) < 100_000


@pytest.mark.browser
def test_the_overview_keeps_its_node_budget_and_any_price_is_two_interactions_away(
    browser: Browser, large: SimpleNamespace
) -> None:
    """On load the overview stays within its DOM budget; typing the name of a model it does not
    show (1) lists it with its prices, and a click on it (2) opens its page with its price."""
    raw = large.raw
    paid = [m for m in offered(raw, "chat") if Decimal(current(m["prices"]).get("input", "0")) > 0]
    target = paid[-1]  # the overview shows none of the last ones
    price = money(current(target["prices"])["input"], "en", raw["currency"])
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(large.server + "pricing/", wait_until="networkidle")
        nodes = page.evaluate("() => document.getElementsByTagName('*').length")
        assert nodes <= NODES, nodes
        assert page.locator(f"#model-{px.slug(target)}").count() == 0  # not on the overview
        assert not [u for u in requests if u.endswith("finder.json")]  # fetched on first use only
        page.fill("#tarifa-find", target["name"])  # 1
        link = page.locator(".tarifa-finder__list a", has_text=target["name"]).first
        link.wait_for()
        item = page.locator(".tarifa-finder__list li").filter(has_text=target["name"]).first
        assert price in item.inner_text().replace("\u00a0", " "), item.inner_text()
        link.click()  # 2
        page.wait_for_url(f"**/models/{px.slug(target)}/")
        assert price in page.locator("article").inner_text()
    finally:
        context.close()
