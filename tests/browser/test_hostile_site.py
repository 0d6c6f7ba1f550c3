"""A site built from hostile input runs no script of its input: every page is loaded in Chromium
with a dialog handler (each payload calls `alert`), and the test fails if any dialog opens.

The input is what the checks let through: markup and template syntax in every free text of the
catalogue (tier summaries, feature values, descriptions, payment methods), quotes, ampersands and
template syntax in every name, and in German and Arabic translations of navigation and table
strings. English, German and Arabic (right-to-left) are built.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Dialog

from conftest import ROOT, build_site, copy_project, served
from hostile import hostile_catalogue, hostile_translation

TEXT = (
    '<img src=x onerror=alert(1)> <script>alert(2)</script> "><svg onload=alert(3)> '
    "</title><script>alert(4)</script> <img src=x onerror=alert(5) {{ 7*7 }} {% raw %} 100% 🦈"
)
NAME = "Orca \"8B\" & 'co' {{ 7*7 }} %s 🦈 [x](javascript:alert(6)) *bold* &lt;b&gt;"
TRANSLATION = "& Co {{ 7*7 }} 🦈 \"'"
BUILT = ("en", "de", "ar")


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[str]]]:
    root = tmp_path_factory.mktemp("hostile-site")
    project = copy_project(root / "project")
    catalogue = project / "pricing" / "catalogue.yaml"
    hostile_catalogue(catalogue, catalogue, TEXT, NAME)
    for locale in ("de", "ar"):
        # the site's own version of Tarifa's interface translation (read before Tarifa's)
        po = project / "pricing" / "locales" / locale / "LC_MESSAGES" / "tarifa.po"
        po.write_bytes(
            (
                ROOT / "hooks" / "tarifa" / "l10n" / "locales" / locale / "LC_MESSAGES" / "tarifa.po"
            ).read_bytes()
        )
        for msgid in ("Models", "Input per 1M tokens", "Per day"):
            hostile_translation(po, msgid, TRANSLATION)
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for locale in ("fr", "es"):
        block = f"        - locale: {locale}\n"
        start = text.index(block)
        end = text.index("build: true", start)
        text = text[:end] + "build: false" + text[end + len("build: true") :]
    config.write_text(text, encoding="utf-8")
    site = root / "site"
    result = build_site(config, site)
    assert result.returncode == 0, result.stderr
    pages = sorted(str(p.parent.relative_to(site)) for p in site.rglob("index.html"))
    with served(site) as url:
        yield url, pages


@pytest.mark.browser
def test_no_script_of_the_input_runs_on_any_page(
    browser: Browser, hostile_site: tuple[str, list[str]]
) -> None:
    base, pages = hostile_site
    assert len(pages) > 3 * 20, pages  # every written page and model page, in three languages
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(f"{page.url}: {dialog.type} {dialog.message!r}")
        dialog.dismiss()

    page.on("dialog", on_dialog)
    page.on("pageerror", lambda error: errors.append(f"{page.url}: {error}"))
    try:
        for path in pages:
            page.goto(base + ("" if path == "." else path + "/"), wait_until="load")
            page.wait_for_timeout(50)  # handlers such as onerror run after the load event too
        page.goto(base + next(p for p in pages if "/models/" in f"/{p}") + "/", wait_until="load")
        shown = page.evaluate("() => document.body.innerText")
    finally:
        context.close()
    assert not dialogs, dialogs
    assert not errors, errors
    assert "Orca" in shown


@pytest.mark.browser
def test_names_and_translations_show_as_text(browser: Browser, hostile_site: tuple[str, list[str]]) -> None:
    base, _ = hostile_site
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(base + "de/models/orca-8b-instant/")
        heading = page.locator("article h1").inner_text()
        lead = page.locator(".tarifa-lead").inner_text()
        title = page.title()
        page.goto(base + "ar/pricing/")
        nav = page.locator("label.md-nav__link").all_inner_texts()
    finally:
        context.close()
    assert heading.rstrip("¶").strip() == f"{NAME} 0"
    assert lead == " ".join(TEXT.split())  # the browser shows runs of spaces as one
    assert title.startswith(f"{NAME} 0 - ")
    assert any(label.split() == f"النماذج {TRANSLATION}".split() for label in nav), nav
