"""Every page of the site, in every locale, on a desktop and on a phone, as a visitor gets it.

One visit per page and viewport checks what holds for any page: language and direction, no
request outside 127.0.0.1, no console or script error (except Material's sitemap.xml 404s);
on the desktop, the language switcher and the hreflang alternates point to this page in every
language (clicking them is `test_switcher`), no empty cell, no None/nan/undefined or unfilled
placeholder and no English source string on a non-English page; on the phone, nothing wider
than the screen. Hand-written pages are also photographed:
artifacts/screenshots/<locale>-<viewport>-<page>.png.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

import pytest
from playwright.sync_api import Page

from conftest import LOCALES

from . import dom
from .conftest import VIEWPORTS, Visit
from .reference import (
    catalogue,
    model_pages,
    names_not_translated,
    plain,
    slug,
    source_strings,
    translated_forms,
    url,
    written_pages,
)

PAGES = written_pages() + model_pages(catalogue())
# Screenshots of the hand-written pages (the pricing page among them); the model pages share one
# template and are all checked, but 17 near-identical pictures per locale would only slow CI.
SCREENSHOT_PAGES = written_pages()
BROKEN_VALUE = re.compile(r"(?<!\w)(?:None|nan|NaN|undefined|null|Infinity|Decimal\(|%\(\w+\)[sd]|\{\{|\}\})")

_OVERFLOW = r"""() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      if (['auto', 'scroll'].includes(getComputedStyle(p).overflowX)) return true;
    }
    return false;
  };
  const out = [];
  for (const el of document.querySelectorAll('.md-content *')) {
    if (hidden(el) || scrolls(el)) continue;
    const r = el.getBoundingClientRect();
    if (r.width > 0 && (r.left < -0.5 || r.right > width + 0.5)) {
      const text = JSON.stringify(el.textContent.trim().slice(0, 40));
      out.push(`${el.tagName.toLowerCase()}.${[...el.classList].join('.')} ${text} ` +
               `spans ${Math.round(r.left)}..${Math.round(r.right)}`);
    }
  }
  return {inner: innerWidth, scroll: document.documentElement.scrollWidth, width, out: out.slice(0, 10)};
}"""


@cache
def english_patterns(locale: str) -> list[tuple[str, re.Pattern[str]]]:
    """What gives away each English source string (.pot msgid) left on a page of `locale`.

    A msgid whose translation is the same text (a name, or a word both languages share), whose
    words all are in its translation, or that a translation keeps as a name, cannot be told apart
    and is skipped, as are msgids of placeholders and punctuation only. One-word
    msgids must make up a whole line ("Model" is not found in "Modell"); longer ones are looked
    for anywhere, their placeholders matching any text on the same line.
    """
    names = names_not_translated(catalogue())
    # Every translation of the language: an English name a translation keeps ("واجهة Batch API")
    # is not a leftover where it shows.
    kept = "\n".join(f for m, c, _ in source_strings() for f in translated_forms(locale, m, c))
    patterns = []
    for msgid, context, forms in source_strings():
        translated = translated_forms(locale, msgid, context)
        own_words = {w.lower() for t in translated for w in re.findall(r"[^\W\d_]{2,}", t)}
        for form in forms:
            if form in translated or form in names:
                continue
            parts = re.split(r"%\(\w+\)[sd]", form)
            literal = "".join(parts).strip()
            if not re.search(r"[^\W\d_]{2}", literal):
                continue
            words = {w.lower() for w in re.findall(r"[^\W\d_]{2,}", literal)}
            if words <= own_words:  # its words are the translation's too ("cache" in French)
                continue
            if len(parts) == 1 and form in kept:
                continue
            if len(parts) == 1 and " " not in literal:
                pattern = rf"^{re.escape(form)}$"
            else:
                pattern = r"(?<!\w)" + r"[^\n]+?".join(re.escape(p) for p in parts) + r"(?!\w)"
            patterns.append((f"{form!r}" + (f" ({context})" if context else ""), re.compile(pattern, re.M)))
    return patterns


def english_leftovers(text: str, locale: str) -> list[str]:
    """English source strings that show on a page of `locale`; names never translated (the
    provider, the models) are taken out of the text first."""
    for name in names_not_translated(catalogue()):
        text = text.replace(name, "\u2063")
    text = "\n".join(plain(line) for line in text.split("\n"))
    return [label for label, pattern in english_patterns(locale) if pattern.search(text)]


@pytest.mark.browser
@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_page_as_a_visitor_sees_it(
    visit: Callable[..., Visit],
    server: str,
    screenshots: Callable[[Page, str], None],
    viewport: str,
    locale: str,
    path: str,
) -> None:
    seen = visit(locale, path, viewport)
    page = seen.page
    problems: list[str] = []

    lang, direction = page.evaluate(
        "() => [document.documentElement.lang, "
        "getComputedStyle(document.querySelector('.md-content')).direction]"
    )
    if lang != locale:
        problems.append(f"<html lang> is {lang!r}, expected {locale!r}")
    expected_dir = "rtl" if locale == "ar" else "ltr"
    if direction != expected_dir:
        problems.append(f"the content is laid out {direction}, expected {expected_dir}")

    if viewport == "desktop":  # the text is the same on a phone
        expected = {other: url(server, other, path) for other in LOCALES}
        problems += dom.link_problems(page.evaluate(dom.SWITCHER_LINKS), expected)
        problems += dom.content_problems(page)
        text = dom.page_text(page)
        for match in BROKEN_VALUE.finditer(text):
            line = text[text.rfind("\n", 0, match.start()) + 1 : text.find("\n", match.end())]
            problems.append(f"broken value {match.group(0)!r} in {line.strip()[:80]!r}")
        if locale != "en":
            problems += [f"English source string shown: {s}" for s in english_leftovers(text, locale)]
    else:
        fit = dom.evaluate(page, _OVERFLOW)
        if fit["inner"] != VIEWPORTS["phone"]["viewport"]["width"] or fit["scroll"] > fit["width"]:
            problems.append(
                f"the page is {fit['scroll']} px wide on a 360 px screen (layout viewport {fit['inner']})"
            )
        problems += [f"wider than the screen: {o}" for o in fit["out"]]

    if path in SCREENSHOT_PAGES:
        screenshots(page, f"{locale}-{viewport}-{slug(path)}")
    problems += [f"request outside 127.0.0.1: {u}" for u in seen.outside_requests()]
    problems += [f"console: {e}" for e in seen.unexpected_console_errors()]
    assert not problems, f"{locale}/{path} ({viewport}):\n  " + "\n  ".join(problems)
