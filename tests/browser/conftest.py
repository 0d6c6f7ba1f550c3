"""Browser fixtures: one Chromium per test process (pytest-playwright's session `browser`), one
context per viewport kept for the whole session (pages share its cache) with one tab each, and a
visit that navigates that tab and records every request, console message and script error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, ConsoleMessage, Page, Request

from conftest import ARTIFACTS

from .reference import url

SCREENSHOTS = ARTIFACTS / "screenshots"
VIEWPORTS: dict[str, dict[str, Any]] = {
    "desktop": {"viewport": {"width": 1280, "height": 800}},
    # A real phone: touch, and a layout viewport that widens if the page is too wide for it
    # (so `innerWidth` itself shows a page that does not fit).
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
}
LOCAL_HOST = "127.0.0.1"


@dataclass
class Visit:
    """A page opened the way a visitor opens it, with what it did on the way."""

    page: Page
    requests: list[str] = field(default_factory=list)
    console_errors: list[tuple[str, str]] = field(default_factory=list)  # (text, resource URL)
    script_errors: list[str] = field(default_factory=list)

    def outside_requests(self) -> list[str]:
        """Requests to any host but 127.0.0.1 (data: and blob: URLs never leave the page)."""
        return [
            u
            for u in self.requests
            if urlsplit(u).scheme not in ("data", "blob") and urlsplit(u).hostname != LOCAL_HOST
        ]

    def unexpected_console_errors(self) -> list[str]:
        """Every console error and script error (none is expected: Material's requests for a
        `sitemap.xml` beside each alternate link, which ended in 404s, are gone)."""
        return [f"{text} ({where})" for text, where in self.console_errors] + [
            f"script error: {e}" for e in self.script_errors
        ]


@pytest.fixture(scope="session")
def contexts(browser: Browser) -> Iterator[Callable[[str], BrowserContext]]:
    """Browser contexts of this test process, made on first use: 'desktop', 'phone', 'nojs', and
    'dark' and 'phone-dark' (the system asks for a dark colour scheme)."""
    made: dict[str, BrowserContext] = {}

    def get(name: str) -> BrowserContext:
        if name not in made:
            options = dict(VIEWPORTS["phone" if name.startswith("phone") else "desktop"])
            options["color_scheme"] = "dark" if name.endswith("dark") else "light"
            made[name] = browser.new_context(**options, java_script_enabled=name != "nojs", locale="en-US")
            made[name].set_default_timeout(15_000)
        return made[name]

    yield get
    for context in made.values():
        context.close()


@pytest.fixture(scope="session")
def tabs(contexts: Callable[[str], BrowserContext]) -> Callable[[str], Page]:
    """One tab per context for the whole test process, navigated from page to page.

    A new tab costs Chromium a new renderer process: three times the CPU of the page load
    itself (18 pages: 15 s of CPU in new tabs against 5 s in one tab). Every visit is a full
    navigation, so nothing of one page's document survives into the next.
    """
    made: dict[str, Page] = {}

    def get(name: str) -> Page:
        if name not in made or made[name].is_closed():
            made[name] = contexts(name).new_page()
        return made[name]

    return get


@pytest.fixture
def visit(server: str, tabs: Callable[[str], Page]) -> Iterator[Callable[..., Visit]]:
    """`visit(locale, path, viewport="desktop")` opens a page of the built site in Chromium."""
    listening: list[tuple[Page, str, Callable[..., None]]] = []

    def open_page(locale: str, path: str, viewport: str = "desktop") -> Visit:
        page = tabs(viewport)
        seen = Visit(page)

        def on_request(request: Request) -> None:
            seen.requests.append(request.url)

        def on_console(message: ConsoleMessage) -> None:
            if message.type == "error":
                seen.console_errors.append((message.text, message.location.get("url", "")))

        def on_error(error: Exception) -> None:
            seen.script_errors.append(str(error))

        page.goto("about:blank")  # the previous page's late requests and messages end here
        for event, handler in (("request", on_request), ("console", on_console), ("pageerror", on_error)):
            page.on(event, handler)
            listening.append((page, event, handler))
        response = page.goto(url(server, locale, path))
        assert response is not None and response.status == 200, (
            f"{locale}/{path}: {response and response.status}"
        )
        return seen

    yield open_page
    for page, event, handler in listening:
        if not page.is_closed():
            page.remove_listener(event, handler)


@pytest.fixture(scope="session")
def screenshots() -> Callable[[Page, str], None]:
    """`shoot(page, name)` writes a full-page screenshot to artifacts/screenshots/<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def shoot(page: Page, name: str) -> None:
        page.screenshot(path=SCREENSHOTS / f"{name}.png", full_page=True, animations="disabled")

    return shoot
