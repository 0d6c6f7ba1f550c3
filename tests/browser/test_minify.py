"""Pages without their templates' indentation (`minify_html`, on by default): the same pages as
with the option off, but for spaces the browser draws as one, and drawn the same in Chromium.

The site built with the option off is the reference: every page of both sites is compared here
(the words and tags, the text of every element that keeps its spaces, and no indentation left);
then Chromium draws pages with code blocks, tables and right-to-left text from both sites, and
their text as drawn (`innerText`) and the height of every block are the same.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import Page

from conftest import build_site, copy_project, served

#: Elements whose text keeps its spaces: raw text, and what Material draws with `pre-wrap`.
KEPT = re.compile(r"<(pre|code|kbd|samp|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)


@pytest.fixture(scope="module")
def unminified(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site built with `minify_html: false`."""
    root = tmp_path_factory.mktemp("unminified")
    project = copy_project(root / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert text.count("\n  - tarifa:\n") == 1
    config.write_text(text.replace("\n  - tarifa:\n", "\n  - tarifa:\n      minify_html: false\n"), "utf-8")
    result = build_site(config, root / "site")
    assert result.returncode == 0, result.stderr
    return root / "site"


def pages(site: Path) -> list[str]:
    return sorted(str(p.relative_to(site)) for p in site.rglob("*.html"))


def test_every_page_differs_only_in_spaces_drawn_as_one(site: Path, unminified: Path) -> None:
    assert pages(site) == pages(unminified) and len(pages(site)) > 40
    smaller = 0
    for name in pages(site):
        small = (site / name).read_text(encoding="utf-8")
        full = (unminified / name).read_text(encoding="utf-8")
        # The same words and tags, once every run of spaces is one space.
        assert re.sub(r"\s+", " ", small) == re.sub(r"\s+", " ", full), name
        # Code, preformatted text and scripts exactly as they were.
        assert [m.group(0) for m in KEPT.finditer(small)] == [m.group(0) for m in KEPT.finditer(full)], name
        # No indentation and no blank line left outside them.
        rest = KEPT.sub("\x00", small)
        assert not re.search(r"\n[ \t\r\n]", rest), (name, re.search(r".*\n[ \t\r\n].*", rest))
        smaller += len(full) - len(small)
    assert smaller > 0.1 * sum((unminified / name).stat().st_size for name in pages(site))


#: Pages with code blocks (translating), tables, cards and the calculator (pricing), in a
#: left-to-right and the right-to-left language.
DRAWN = ["translating/", "de/pricing/", "ar/pricing/", "ar/translating/"]

_BLOCKS = """() => {
  const out = [];
  for (const el of document.querySelectorAll('.md-content :is(p, li, pre, td, th, h1, h2, h3, dd, dt)')) {
    const box = el.getBoundingClientRect();
    out.push([el.tagName, Math.round(box.width), Math.round(box.height)]);
  }
  return out;
}"""


@pytest.mark.parametrize("path", DRAWN)
def test_chromium_draws_both_pages_the_same(
    path: str, server: str, unminified: Path, tabs: Callable[[str], Page]
) -> None:
    page = tabs("desktop")

    def drawn(base: str) -> tuple[str, list[list[object]], list[str]]:
        page.goto(base + path)
        blocks = page.locator(".md-content pre")
        code = [blocks.nth(i).inner_text() for i in range(blocks.count())]
        return page.inner_text("body"), page.evaluate(_BLOCKS), code

    small_text, small_blocks, small_code = drawn(server)
    with served(unminified) as other:
        full_text, full_blocks, full_code = drawn(other)
    assert len(small_blocks) > 10
    if path.endswith("translating/"):  # the YAML example's indentation, as written
        assert any("\n  - tarifa:\n      required_completeness" in code for code in small_code), small_code
    assert small_code == full_code
    assert small_text == full_text
    assert small_blocks == full_blocks
