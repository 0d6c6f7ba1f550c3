"""Reading a rendered page the way a visitor perceives it: visible text, geometry, computed style.

Each helper runs one small script in the page and returns plain data; the tests decide.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from playwright.sync_api import Page

from .reference import plain

# Shared by the scripts below: what a sighted visitor can read.
_JS_COMMON = r"""
const hidden = (el) => {
  if (!el.checkVisibility({visibilityProperty: true, opacityProperty: true})) return true;
  const r = el.getBoundingClientRect();
  return r.width <= 1 && r.height <= 1;          // visually hidden (screen-reader only) text
};
// The lines of text a visitor reads in `el` (text that is only for screen readers removed).
const visibleLines = (el) => {
  if (hidden(el)) return [];
  let text = el.innerText;
  for (const d of el.querySelectorAll('*')) {
    if (d.innerText && hidden(d)) text = text.replace(d.innerText, '\n');
  }
  return text.split('\n').map((s) => s.trim()).filter(Boolean);
};
const headingText = (el) => {
  const copy = el.cloneNode(true);
  copy.querySelectorAll('.headerlink').forEach((a) => a.remove());   // the ¶ permalink
  return copy.textContent.trim();
};
// A table's title as a visitor sees it: its caption, else the nearest heading above it.
const titleOf = (table) => {
  if (table.caption && !hidden(table.caption)) return headingText(table.caption);
  const all = [...document.querySelectorAll('.md-content :is(h1, h2, h3, h4)')];
  const above = all.filter((h) => h.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING);
  return above.length ? headingText(above[above.length - 1]) : '';
};
"""

_READ_TABLES = (
    "() => {"
    + _JS_COMMON
    + r"""
  return [...document.querySelectorAll('.md-content table')].map((t) => ({
    id: t.id,
    title: titleOf(t),
    head: t.tHead ? [...t.tHead.rows[0].cells].map((c) => visibleLines(c).join(' ')) : [],
    // A row's other prices (the line under it) belong to the row; a row's name is its first
    // cell's link (a badge such as "Preview" follows it).
    rows: [...t.tBodies[0].rows].filter((r) => !r.classList.contains('tarifa-more'))
      .map((r) => [...r.cells].map((c, i) => {
      const box = c.getBoundingClientRect();
      const link = i === 0 && c.querySelector(':scope > a');
      const lines = link ? [link.innerText.trim(), ...visibleLines(c).slice(1)] : visibleLines(c);
      return {lines, all: c.innerText.trim(), shown: !hidden(c) && box.width > 0};
    })),
  }));
}"""
)

_PAGE_TEXT = (
    "() => {"
    + _JS_COMMON
    + r"""
  // Code is quoted literally (a placeholder such as %(tier)s in the translators' guide): not prose.
  let body = document.body.innerText;
  for (const code of document.querySelectorAll(':is(pre, code, kbd, samp):not(:is(pre, code) *)')) {
    if (code.innerText) body = body.replace(code.innerText, '\n');
  }
  const parts = [document.title, body];
  for (const el of document.querySelectorAll('[aria-label], [title], img[alt]')) {
    for (const name of ['aria-label', 'title', 'alt']) {
      if (el.hasAttribute(name)) parts.push(el.getAttribute(name));
    }
  }
  return parts.join('\n');
}"""
)

_CONTENT_PROBLEMS = (
    "() => {"
    + _JS_COMMON
    + r"""
  const out = [];
  const where = (el) => {
    const t = el.closest('table');
    const label = t ? '#' + (t.id || '?') + ' ' : '';
    const text = (el.closest('tr') || el).innerText.slice(0, 80);
    return label + el.tagName.toLowerCase() + ' ' + JSON.stringify(text);
  };
  for (const el of document.querySelectorAll('.md-content :is(th, td, dt, dd)')) {
    if (!visibleLines(el).length) out.push('empty cell: ' + where(el));
  }
  return out;
}"""
)


@dataclass
class Cell:
    lines: list[str]  # visible lines, bidi controls removed
    all: str  # every text, including text only for screen readers
    shown: bool

    @property
    def value(self) -> str:
        """The cell's main value: its first visible line (notes follow on their own lines)."""
        return self.lines[0] if self.lines else ""


@dataclass
class Table:
    id: str
    title: str
    head: list[str]
    rows: list[list[Cell]]

    def column(self, header: str) -> int:
        assert header in self.head, f"table {self.title!r}: no column {header!r} in {self.head}"
        return self.head.index(header)

    def row(self, name: str) -> list[Cell]:
        names = [r[0].value for r in self.rows]
        assert names.count(name) == 1, f"table {self.title!r}: row {name!r} not found once in {names}"
        return self.rows[names.index(name)]


def tables(page: Page) -> dict[str, Table]:
    """Every table of the page's content, by the title a visitor reads above it."""
    found: dict[str, Table] = {}
    for t in page.evaluate(_READ_TABLES):
        table = Table(
            t["id"],
            plain(t["title"]),
            [plain(h) for h in t["head"]],
            [
                [Cell([plain(s) for s in c["lines"]], plain(c["all"]), c["shown"]) for c in r]
                for r in t["rows"]
            ],
        )
        assert table.title not in found, f"two tables are titled {table.title!r}"
        found[table.title] = table
    return found


def page_text(page: Page) -> str:
    """Every text the page shows or reads out (body, title, labels, alternative texts), without
    code, which quotes text literally."""
    text: str = page.evaluate(_PAGE_TEXT)
    return text


def content_problems(page: Page) -> list[str]:
    problems: list[str] = page.evaluate(_CONTENT_PROBLEMS)
    return problems


def evaluate(page: Page, script: str, arg: Any = None) -> Any:
    """Run a script that may use the shared helpers (hidden, visibleLines, titleOf)."""
    return page.evaluate("(arg) => {" + _JS_COMMON + "return (" + script + ")(arg); }", arg)


SWITCHER_LINKS = """() => {
    const pairs = (css) => [...document.querySelectorAll(css)].map((a) => [a.hreflang, a.href]);
    return {switcher: pairs('.md-select__link[hreflang]'),
            alternate: pairs('link[rel=alternate][hreflang]')};
}"""


def link_problems(
    links: dict[str, list[list[str]]], expected: dict[str, str], default: str = "en"
) -> list[str]:
    """What is wrong with a page's switcher links and hreflang alternates (`SWITCHER_LINKS`): the
    alternates also name the default language's page as `x-default`."""
    problems = []
    for kind in ("switcher", "alternate"):
        want = {**expected, "x-default": expected[default]} if kind == "alternate" else expected
        got = dict(links[kind])
        if len(got) != len(links[kind]) or got != want:
            problems.append(f"{kind} links {links[kind]}, expected {sorted(want.items())}")
    return problems
