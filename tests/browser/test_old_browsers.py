"""A browser without ResizeObserver (older Safari and Chrome) makes no third-party request either:
Material's bundle asks a CDN for a polyfill there, and Tarifa's site serves it itself."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser


@pytest.mark.browser
@pytest.mark.parametrize("path", ["pricing/", "de/models/heron-20b/", "ar/pricing/"])
def test_the_polyfill_comes_from_the_site(browser: Browser, server: str, path: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_init_script("delete window.ResizeObserver")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    try:
        page.goto(server + path, wait_until="networkidle")
        # the bundle loads the polyfill, then goes on: wait for it (a loaded machine is slow)
        page.wait_for_function("() => typeof window.ResizeObserver === 'function'", timeout=15_000)
        polyfilled = page.evaluate("() => typeof window.ResizeObserver")
    finally:
        context.close()
    outside = [u for u in requests if urlsplit(u).hostname != "127.0.0.1" and not u.startswith("data:")]
    assert not outside, outside
    assert server + "assets/tarifa/vendor/resize-observer.js" in requests, requests
    assert polyfilled == "function"
