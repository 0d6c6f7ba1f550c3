"""Layout measured by geometry: mirrored in Arabic, numbers at the end of the line, and on a
phone, tables whose rows are blocks that fit the screen, each value under its column's name.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import pytest
from babel.numbers import NumberFormatError, get_currency_symbol, parse_decimal

from conftest import LOCALES

from . import dom
from .conftest import Visit
from .reference import catalogue, models, page_slug, plain, url

# Where the text of every line of every cell of every table ends, and where it could end.
_CELL_LINES = r"""() => {
  const rtl = (el) => getComputedStyle(el).direction === 'rtl';
  const out = [];
  const cells = [...document.querySelectorAll('.md-content :is(table th, table td, .tarifa-card dd)')];
  for (const cell of cells) {
    if (hidden(cell)) continue;
    const style = getComputedStyle(cell);
    const box = cell.getBoundingClientRect();
    const left = box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft);
    const right = box.right - parseFloat(style.borderRightWidth) - parseFloat(style.paddingRight);
    // Line boxes of the visible text: one rectangle per line and text node, merged per line.
    const lines = new Map();
    const walker = document.createTreeWalker(cell, NodeFilter.SHOW_TEXT);
    // A sortable header's line is its button: the column's name and the arrow after it.
    const rects = [...cell.querySelectorAll('.tarifa-sort')].flatMap((b) => [...b.getClientRects()]);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      const parent = node.parentElement;
      if (!node.textContent.trim() || hidden(parent) || parent.closest('.tarifa-sort')) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      rects.push(...range.getClientRects());
    }
    for (const r of rects) {
      if (r.width < 1) continue;
      const key = Math.round(r.top);
      const line = lines.get(key) || {left: Infinity, right: -Infinity};
      line.left = Math.min(line.left, r.left);
      line.right = Math.max(line.right, r.right);
      lines.set(key, line);
    }
    const table = cell.closest('table');
    out.push({
      where: (table ? '#' + table.id : 'card') + ' ' + JSON.stringify(visibleLines(cell)[0] || ''),
      text: visibleLines(cell)[0] || '',
      head: cell.closest('thead') !== null,
      column: cell.cellIndex === undefined ? -1 : cell.cellIndex,
      table: table ? table.id : '',
      rtl: rtl(cell),
      left, right,
      lines: [...lines.values()],
    });
  }
  return out;
}"""


def is_number(text: str, locale: str, symbols: list[str]) -> bool:
    """A price, a count, a percentage or the dash of a missing value, in the locale's way of
    writing numbers (Babel parses it strictly, so a date such as 01.02.2026 is not one)."""
    for symbol in symbols:
        text = text.replace(symbol, "")
    text = re.sub(r"[\s\u200e\u200f\u061c\u2066-\u2069]", "", text).removesuffix("%").lstrip("+-")
    if text == "—":
        return True
    try:
        parse_decimal(text, locale=locale, strict=True)
    except NumberFormatError:
        return False
    return True


_SIDES = """() => ['.md-sidebar--primary', '.md-sidebar--secondary', '.md-content'].map((s) => {
    const r = document.querySelector(s).getBoundingClientRect();
    return {left: r.left, right: r.right, width: r.width};
})"""
_ROWS = """() => [...document.querySelectorAll('.md-content table')].flatMap((t) => [...t.rows].map((row) => {
    const cells = [...row.cells].map((c) => c.getBoundingClientRect());
    const table = t.getBoundingClientRect();
    return {table: t.id, first: {left: cells[0].left, right: cells[0].right},
            others: cells.slice(1).map((c) => ({left: c.left, right: c.right})),
            edge: {left: table.left, right: table.right}};
}))"""


@pytest.mark.browser
@pytest.mark.parametrize("locale", LOCALES)
def test_direction_mirrors_the_layout(visit: Callable[..., Visit], server: str, locale: str) -> None:
    """The navigation, and the first column of every table, sit where the language starts reading:
    at the left in LTR, at the right in Arabic; the table of contents takes the other side."""
    rtl = locale == "ar"
    page = visit(locale, "how-pricing-works/").page  # a documentation page, with both sidebars
    nav, toc, content = page.evaluate(_SIDES)
    assert nav["width"] > 0 and toc["width"] > 0, "both sidebars should show at 1280 px"
    if rtl:
        assert nav["left"] >= content["right"] - 1, (
            f"the navigation {nav} is not right of the content {content}"
        )
        assert toc["right"] <= content["left"] + 1, (
            f"the contents {toc} are not left of the content {content}"
        )
    else:
        assert nav["right"] <= content["left"] + 1, (
            f"the navigation {nav} is not left of the content {content}"
        )
        assert toc["left"] >= content["right"] - 1, (
            f"the contents {toc} are not right of the content {content}"
        )

    wrong = []
    model = page_slug(models(catalogue(), "chat")[0])
    for path in ("pricing/", f"models/{model}/"):
        page.goto(url(server, locale, path))
        rows = page.evaluate(_ROWS)
        assert rows, f"no table on {path}"
        for row in rows:
            first, others = row["first"], row["others"]
            if rtl:
                at_start = abs(first["right"] - row["edge"]["right"]) <= 1
                ok = at_start and all(o["right"] <= first["left"] + 1 for o in others)
            else:
                at_start = abs(first["left"] - row["edge"]["left"]) <= 1
                ok = at_start and all(o["left"] >= first["right"] - 1 for o in others)
            if not ok:
                wrong.append(f"{path} #{row['table']}: first cell {first}, table {row['edge']}")
    side = "right" if rtl else "left"
    assert not wrong, f"{locale}: the first column is not at the {side}:\n  " + "\n  ".join(wrong[:10])


@pytest.mark.browser
@pytest.mark.parametrize("locale", LOCALES)
def test_numbers_align_at_the_end_of_the_line(visit: Callable[..., Visit], server: str, locale: str) -> None:
    """Every line of a numeric cell ends at the cell's end edge: right in LTR, left in RTL.

    Numeric cells are recognised by what they show (a price, a count, a dash), not by markup; a
    column counts as numeric when all its body cells are. Headers of such columns align the same.
    """
    raw = catalogue()
    symbols = sorted({get_currency_symbol(raw["currency"], locale), raw["currency"]}, key=len, reverse=True)
    page = visit(locale, "pricing/").page
    paths = ["pricing/"] + [f"models/{page_slug(models(raw, kind)[0])}/" for kind in ("chat", "tool")]
    measured: list[dict[str, Any]] = []
    for path in paths:
        if path != "pricing/":
            page.goto(url(server, locale, path))
        cells = dom.evaluate(page, _CELL_LINES)
        numeric_columns: dict[tuple[str, int], bool] = {}
        for c in cells:
            if c["table"] and not c["head"]:
                key = (c["table"], c["column"])
                numeric_columns[key] = numeric_columns.get(key, True) and is_number(
                    c["text"], locale, symbols
                )
        for c in cells:
            column_numeric = numeric_columns.get((c["table"], c["column"]), False) if c["table"] else False
            if column_numeric or (not c["table"] and is_number(c["text"], locale, symbols)):
                c["where"] = plain(f"{path} {c['where']}")  # no bidi controls in messages
                measured.append(c)
    assert len(measured) > 50, f"too few numeric cells found ({len(measured)})"

    misplaced, slack = [], 0
    for c in measured:
        for line in c["lines"]:
            end_gap = (line["left"] - c["left"]) if c["rtl"] else (c["right"] - line["right"])
            start_gap = (c["right"] - line["right"]) if c["rtl"] else (line["left"] - c["left"])
            if end_gap > 1.5:
                misplaced.append(
                    f"{c['where']}: {end_gap:.0f} px from the end, {start_gap:.0f} px from the start"
                )
            if start_gap + end_gap > 8:  # room to spare: where the line sits shows its alignment
                slack += 1
    side = "left (the end in Arabic)" if locale == "ar" else "right"
    assert not misplaced, f"{locale}: numbers not aligned to the {side}:\n  " + "\n  ".join(misplaced[:12])
    assert slack > 20, "the cells are too tight to tell whether numbers align at the start or the end"


_BLOCKS = r"""() => {
  const width = document.documentElement.clientWidth;
  const out = [];
  for (const table of document.querySelectorAll('.md-content table')) {
    let box = table.parentElement;
    while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
    const own = box && box !== document.documentElement && box !== document.body;
    if (own && box.scrollWidth > box.clientWidth + 1) {
      out.push(`#${table.id} scrolls sideways in its box`);
    }
    for (const row of table.tBodies[0].rows) {
      if (row.hidden || row.classList.contains('tarifa-more')) continue;
      const r = row.getBoundingClientRect();
      const name = row.cells[0].innerText.trim().split('\n')[0];
      const where = `#${table.id} ${name}`;
      if (r.left < -0.5 || r.right > width + 0.5) out.push(`${where}: row spans ${r.left}..${r.right}`);
      const first = row.cells[0].getBoundingClientRect();
      if (first.width < r.width * 0.8) out.push(`${where}: its name is not across the block`);
      for (const cell of [...row.cells].slice(1)) {
        const label = cell.dataset.label;
        const shown = getComputedStyle(cell, '::before').content;
        if (!label || shown !== JSON.stringify(label)) out.push(`${where}: a value without its label`);
        const c = cell.getBoundingClientRect();
        if (c.left < r.left - 0.5 || c.right > r.right + 0.5) out.push(`${where}: ${label} outside`);
      }
    }
  }
  return {out, page: document.documentElement.scrollWidth, width};
}"""


@pytest.mark.browser
@pytest.mark.parametrize("locale", LOCALES)
def test_table_rows_are_blocks_that_fit_a_phone(
    visit: Callable[..., Visit], server: str, locale: str
) -> None:
    """On a 360 px phone no table scrolls sideways: each row is a block as wide as the screen at
    most, its name across the top, every value under its column's name."""
    raw = catalogue()
    page = visit(locale, "pricing/", "phone").page
    problems = []
    for path in (
        "pricing/",
        "price-changes/",
        "comparisons/",
        f"models/{page_slug(models(raw, 'chat')[0])}/",
    ):
        if path != "pricing/":
            page.goto(url(server, locale, path))
        found = dom.evaluate(page, _BLOCKS)
        if found["page"] > found["width"]:
            problems.append(f"{path}: the page is {found['page']} px wide on a {found['width']} px phone")
        problems += [f"{path} {p}" for p in found["out"]]
    assert not problems, f"{locale} (phone):\n  " + "\n  ".join(problems[:15])
