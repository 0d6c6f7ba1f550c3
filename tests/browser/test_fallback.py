"""English text on a right-to-left page reads left to right: after `tarifa add-language he`, the
full stop of an English fallback paragraph is drawn at the right end of its line, after the last
word, where English puts it (and, as a control, at the left end once the paragraph's `dir` is
taken away, which is what visitors saw before).
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Browser

from conftest import build_site, copy_project, served
from tarifa import cli

#: Where the full stop of a paragraph's last sentence is drawn, and the ends of its line.
FULL_STOP = """(selector) => {
    const paragraph = document.querySelector(selector);
    const walker = document.createTreeWalker(paragraph, NodeFilter.SHOW_TEXT);
    let last = null;
    while (walker.nextNode()) if (walker.currentNode.textContent.trim()) last = walker.currentNode;
    const at = last.textContent.lastIndexOf(".");
    const stop = document.createRange();
    stop.setStart(last, at);
    stop.setEnd(last, at + 1);
    const dot = stop.getBoundingClientRect();
    const whole = document.createRange();
    whole.selectNodeContents(paragraph);
    const line = [...whole.getClientRects()].filter((r) => r.width > 0 && Math.abs(r.top - dot.top) < 3);
    return {
        left: dot.left, right: dot.right,
        lineLeft: Math.min(...line.map((r) => r.left)), lineRight: Math.max(...line.map((r) => r.right)),
        direction: getComputedStyle(paragraph).direction, lang: paragraph.closest("[lang]").lang,
    };
}"""
PARAGRAPH = 'article div[lang="en"] > h2#tiers + p'  # three lines, ending "compares all three."
#: Tarifa's own sections in Hebrew, whose interface and the example's texts are not translated
#: into it: a tier card's summary, a sentence of the provider's (one line, ending in a full stop).
SUMMARY = "article .tarifa-card--free .tarifa-card__summary"


@pytest.fixture(scope="module")
def hebrew_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The example with Hebrew added by `tarifa add-language he`, built in English and Hebrew."""
    root = tmp_path_factory.mktemp("hebrew-site")
    project = copy_project(root / "project")
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(["--root", str(project), "add-language", "he"]) == 0
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    for locale in ("de", "fr", "es", "ar"):
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
def test_the_full_stop_of_english_fallback_text_stays_at_its_end(browser: Browser, hebrew_site: str) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(hebrew_site + "he/how-pricing-works/")
        assert page.evaluate("() => document.body.dir") == "rtl"
        drawn: dict[str, Any] = page.evaluate(FULL_STOP, PARAGRAPH)
        assert (drawn["direction"], drawn["lang"]) == ("ltr", "en")
        assert drawn["right"] >= drawn["lineRight"] - 0.5, drawn  # the last glyph on the right
        assert drawn["left"] > drawn["lineLeft"] + 50, drawn
        # Control: the same paragraph in the page's direction draws its full stop on the far left.
        page.evaluate(
            f"() => {{ const p = document.querySelector('{PARAGRAPH}'); p.removeAttribute('dir');"
            " p.parentElement.removeAttribute('dir'); }"
        )
        jumped: dict[str, Any] = page.evaluate(FULL_STOP, PARAGRAPH)
        assert jumped["direction"] == "rtl"
        assert jumped["left"] <= jumped["lineLeft"] + 0.5, jumped
    finally:
        context.close()


@pytest.mark.browser
def test_untranslated_sentences_in_tarifas_sections_keep_their_full_stop_at_their_end(
    browser: Browser, hebrew_site: str
) -> None:
    """A tier card's summary on the Hebrew pricing page (in English until translated): marked
    English and left to right, so its full stop is drawn after its last word; without the mark it
    jumps to the left end, as before."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    try:
        page.goto(hebrew_site + "he/pricing/")
        drawn: dict[str, Any] = page.evaluate(FULL_STOP, SUMMARY)
        assert (drawn["direction"], drawn["lang"]) == ("ltr", "en")
        assert drawn["right"] >= drawn["lineRight"] - 0.5 and drawn["left"] > drawn["lineLeft"] + 50, drawn
        page.evaluate(f"() => {{ const p = document.querySelector('{SUMMARY}'); p.removeAttribute('dir'); }}")
        jumped: dict[str, Any] = page.evaluate(FULL_STOP, SUMMARY)
        assert jumped["direction"] == "rtl" and jumped["left"] <= jumped["lineLeft"] + 0.5, jumped
    finally:
        context.close()
