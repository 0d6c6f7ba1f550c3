"""Numbers, percentages and Latin words inside right-to-left text are isolated in the built pages.

`tarifa.pages.bidi` isolates them in every right-to-left page's article; `check_bidi` (also run
by `tarifa check-site`) finds any that is not. Both are tested on hand-written HTML, then on
the example's Arabic pages.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from tarifa.build.sitecheck import Site, check_bidi, check_site
from tarifa.pages.bidi import isolate, unisolated

CASES = [
    # (HTML, the runs that need isolating)
    ("<p>خصم 50% و75% و90%.</p>", ["50%", "75%", "90%"]),
    ("<p>أرسل طلباتك عبر Batch API خلال 24 ساعة.</p>", ["Batch API", "24"]),
    ("<p>السعر 1,000.50 US$ (تقريبًا).</p>", ["1,000.50 US$"]),
    ("<p>من 3–10 طلبات لكل Kestrel Cloud.</p>", ["3–10", "Kestrel Cloud"]),
    # Character references stay whole: inside a run, or left alone.
    ("<p>شركة R&amp;D و=&amp;amp; x</p>", ["R&amp;D", "amp", "x"]),
    # Left alone: no right-to-left letter in the text, code, its own direction, text-only elements.
    ("<p>Kestrel Cloud: 50% off.</p>", []),
    ("<p>شغّل <code>tarifa check 2</code></p>", []),
    ('<p dir="ltr">النص 50%</p>', []),
    ("<select><option>نموذج Heron 20B</option></select>", []),
    ('<span class="tarifa-sr">السعر 0.59 من 01/12/2025</span>', []),  # never drawn
    # Isolated already, by an element or by characters.
    ("<p>خصم <bdi>50%</bdi></p>", []),
    ("<p>السعر 0.59\u00a0\u2066US$\u2069</p>", ["0.59"]),
]


@pytest.mark.parametrize(("html", "runs"), CASES)
def test_runs_in_right_to_left_text_are_found_and_isolated(html: str, runs: list[str]) -> None:
    assert [run for _, run in unisolated(html)] == runs
    isolated = isolate(html)
    assert unisolated(isolated) == []
    assert re.sub(r"</?bdi>", "", isolated) == re.sub(r"</?bdi>", "", html)  # nothing else changes
    assert isolated.count("<bdi>") == html.count("<bdi>") + len(runs)


def test_the_site_check_names_each_run_with_its_page_and_line(tmp_path: Path) -> None:
    (tmp_path / "ar").mkdir()
    page = (
        '<html lang="ar"><head><title>x</title></head>\n<body dir="rtl">\n<nav>Kestrel 2</nav>\n'
        '<article class="md-content__inner">\n<p>خصم <bdi>50%</bdi> و75%</p>\n<p>عبر Batch API.</p>\n'
        "</article></body></html>"
    )
    (tmp_path / "ar" / "index.html").write_text(page, encoding="utf-8")
    (tmp_path / "index.html").write_text(page.replace('dir="rtl"', 'dir="ltr"'), encoding="utf-8")
    assert [str(f) for f in check_bidi(Site(tmp_path))] == [
        "ar/index.html:5: '75%' in right-to-left text is not isolated (<bdi> or U+2066…U+2069)",
        "ar/index.html:6: 'Batch API' in right-to-left text is not isolated (<bdi> or U+2066…U+2069)",
    ]
    assert any("'75%'" in str(f) for f in check_site(tmp_path))


def test_the_example_arabic_pages_isolate_every_number_and_latin_word(site: Path) -> None:
    assert check_bidi(Site(site)) == []
    page = BeautifulSoup(
        (site / "ar" / "how-pricing-works" / "index.html").read_text(encoding="utf-8"), "lxml"
    )
    article = page.select_one("article")
    percents = [t for t in article.find_all(string=re.compile(r"\d%")) if re.search("[\u0600-\u06ff]", t)]
    assert percents == []  # every percentage stands in a text of its own, inside a <bdi>
    assert any(b.get_text() == "Kestrel Cloud" for b in article.find_all("bdi"))
