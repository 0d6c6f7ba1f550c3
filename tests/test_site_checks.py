"""Checks on the built site: internal links and anchors, HTML validity (vnu), title, description
and hreflang on every page of every locale; and proof that the link checker catches a broken link.

The checker is `tarifa.sitecheck` (also `tarifa check-site site/`); the HTML validator is the
Nu Html Checker from the npm package `vnu-jar` (tests/tools, installed by `make setup`).
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections import Counter
from pathlib import Path

from bs4 import BeautifulSoup

from conftest import LOCALES, ROOT, copy_project, prefix
from tarifa.build.sitecheck import Site, check_links, check_pages, check_site

VNU = ROOT / "tests" / "tools" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SITE_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M)

# The errors vnu reports in Material for MkDocs 9.8.1's own templates, matched exactly: message
# and the element vnu quotes. Nothing else is allowed.
MATERIAL_ERRORS = {
    # base.html's drawer and search toggles: <input class="md-toggle" type="checkbox" autocomplete="off">
    "checkbox-autocomplete": (
        "Attribute “autocomplete” is only allowed when the input type is “color”, “date”, "
        "“datetime-local”, “email”, “hidden”, “month”, “number”, “password”, “range”, “search”, "
        "“tel”, “text”, “time”, “url”, or “week”.",
        re.compile(
            r'<input class="md-toggle" data-md-toggle="(drawer|search)" type="checkbox" id="__\1"'
            r' autocomplete="off">'
        ),
    ),
    # partials/nav-item.html writes tabindex="{{ tabindex }}", empty on section labels
    # (navigation.sections); browsers ignore an invalid tabindex, as if there were none.
    "section-label-tabindex": (
        "Bad value “” for attribute “tabindex” on element “label”: The empty string is not a valid integer.",
        re.compile(r'<label class="md-nav__link" for="__nav_[0-9_]+" id="__nav_[0-9_]+_label" tabindex="">'),
    ),
}


def site_url() -> str:
    assert SITE_URL, "mkdocs.yml has no site_url"
    return SITE_URL.group(1)


def html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


# ── The example site ──────────────────────────────────────────────────────────────────
def test_no_broken_internal_link_or_anchor_in_any_locale(site: Path) -> None:
    checked = Site(site, site_url=site_url())
    findings = check_links(checked)
    assert not findings, "broken links:\n" + "\n".join(map(str, findings))
    # The checker saw every page of every locale, and the links in them.
    assert len(checked.pages) == len(html_files(site))
    for locale in LOCALES:
        links = checked.document(f"{prefix(locale)}pricing/index.html").links
        assert len([href for _, element, href in links if element == "a" and "#" in href]) > 10, locale


def test_every_page_has_title_description_and_hreflang_for_every_locale(site: Path) -> None:
    findings = check_pages(Site(site), LOCALES)
    assert not findings, "\n".join(map(str, findings))
    # The same, read independently with BeautifulSoup.
    for file in html_files(site):
        text = file.read_text(encoding="utf-8")
        soup = BeautifulSoup(text[: text.index("</head>")], "lxml")  # what is checked is in <head>
        name = file.relative_to(site)
        assert soup.title is not None and soup.title.get_text(strip=True), name
        meta = soup.select_one('head meta[name="description"]')
        assert meta is not None and str(meta.get("content", "")).strip(), name
        links = soup.select('head link[rel="alternate"][hreflang]')
        hreflangs = sorted(str(link["hreflang"]) for link in links)
        assert hreflangs == sorted([*LOCALES, "x-default"]), name
        x_default = next(link["href"] for link in links if link["hreflang"] == "x-default")
        assert x_default == next(link["href"] for link in links if link["hreflang"] == LOCALES[0]), name


def test_html_is_valid_except_materials_known_errors(site: Path, tmp_path: Path) -> None:
    """Every page, and each calculator form (a fragment the page fetches: checked inside a minimal
    document of its page's language, as the browser places it)."""
    assert VNU.exists(), f"{VNU} is missing: run `make setup` (npm ci --prefix tests/tools)"
    fragments = []
    for form in sorted(site.rglob("calculator-form.htm")):
        lang = form.relative_to(site).parts[0] if form.parent.parent != site else "en"
        lang = lang if (site / lang / "index.html").exists() else "en"
        wrapped = tmp_path / f"{lang}-calculator-form.html"
        wrapped.write_text(
            f'<!DOCTYPE html><html lang="{lang}"><head><title>form</title></head><body><main>'
            f"{form.read_text(encoding='utf-8')}</main></body></html>",
            encoding="utf-8",
        )
        fragments.append(str(wrapped))
    assert len(fragments) == 5, fragments  # one pricing page per language
    result = subprocess.run(
        [
            "java",
            "-jar",
            str(VNU),
            "--errors-only",
            "--format",
            "json",
            *map(str, html_files(site)),
            *fragments,
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(result.stderr or result.stdout)["messages"]
    seen: Counter[str] = Counter()
    unexpected = []
    for message in messages:
        known = [
            name
            for name, (text, element) in MATERIAL_ERRORS.items()
            if message.get("type") == "error"
            and message.get("message") == text
            and element.search(message.get("extract", ""))
        ]
        if known:
            seen[known[0]] += 1
        else:
            where = f"{message.get('url', '').removeprefix(f'file:{site}/')}:{message.get('lastLine')}"
            where = where.removeprefix(f"file:{tmp_path}/")
            unexpected.append(f"{where}: {message.get('type')}: {message.get('message')}")
    assert not unexpected, "vnu:\n" + "\n".join(unexpected)
    # vnu really read every page: Material's checkbox error is in each one.
    pages = {m["url"] for m in messages if m.get("message") == MATERIAL_ERRORS["checkbox-autocomplete"][0]}
    assert len(pages) == len(html_files(site)), (len(pages), len(html_files(site)))


# ── The checker catches what MkDocs does not ──────────────────────────────────────────
BROKEN_PAGE = """\
---
title: Broken links
description: A page with links that lead nowhere.
---

# Broken links

A [Markdown link to a missing anchor](pricing.md#no-such-section) (MkDocs only logs it).

<p><a href="no-such-page/">A raw HTML link to a missing page</a>
and <a href="#nowhere">a raw HTML link to a missing anchor</a>.</p>
"""


def build_broken_site(tmp: Path) -> Path:
    """The example project plus docs/broken.md, built the way `make site` builds it."""
    project = copy_project(tmp / "project")
    (project / "docs" / "broken.md").write_text(BROKEN_PAGE, encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp / "site")],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )
    # MkDocs' strict build lets all three through: that is why the site checks exist.
    assert result.returncode == 0, result.stderr
    return tmp / "site"


def test_checker_reports_each_broken_link_and_anchor_with_file_and_href(tmp_path: Path) -> None:
    broken_site = build_broken_site(tmp_path)
    findings = [str(f) for f in check_site(broken_site, site_url=site_url(), locales=LOCALES)]
    for locale in LOCALES:
        page = f"{prefix(locale)}broken/index.html"
        mine = [f for f in findings if f.startswith(page + ":")]
        missing_page = f"broken link <a> 'no-such-page/': it leads to {prefix(locale)}broken/no-such-page,"
        assert any(missing_page in f for f in mine), mine
        assert any("broken anchor <a> '#nowhere': no id 'nowhere' in this page" in f for f in mine), mine
        assert any(
            "broken anchor <a> '../pricing/#no-such-section': no id 'no-such-section' in "
            f"{prefix(locale)}pricing/index.html" in f
            for f in mine
        ), mine
        assert len(mine) == 3, mine
    # Nothing else is wrong with that site.
    assert len(findings) == 3 * len(LOCALES), "\n".join(findings)

    # The same from the command line: one line per broken link, a count, exit code 1.
    result = subprocess.run(
        [sys.executable, "-m", "tarifa", "check-site", str(broken_site), "--site-url", site_url()],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, result
    lines = result.stderr.splitlines()
    assert f"{broken_site.as_posix()}/broken/index.html:" in result.stderr
    assert lines[-1] == f"{broken_site}: {3 * len(LOCALES)} problems", lines[-1]
    one_line = re.compile(rf"{re.escape(broken_site.as_posix())}/\S+\.html:\d+: broken (link|anchor) <a> '")
    assert all(one_line.match(line) for line in lines[:-1]), lines


def test_checker_reports_a_page_without_title_description_or_alternates(tmp_path: Path) -> None:
    (tmp_path / "de").mkdir()
    (tmp_path / "index.html").write_text(
        '<html lang="en"><head><title>Home</title><meta name="description" content="Hi">'
        '<link rel="alternate" hreflang="en" href="./"><link rel="alternate" hreflang="de" href="de/">'
        "</head><body></body></html>",
        encoding="utf-8",
    )
    (tmp_path / "de" / "index.html").write_text(
        '<html lang="en"><head><title> </title><link rel="alternate" hreflang="en" href="../other/">'
        "</head><body></body></html>",
        encoding="utf-8",
    )
    findings = sorted(str(f) for f in check_site(tmp_path, locales=["en", "de"]))
    assert findings == [
        "de/index.html:1: <html lang> is 'en', expected 'de'",
        "de/index.html:1: broken link <link> '../other/': it leads to other, which does not exist",
        'de/index.html:1: no <meta name="description"> (or an empty one)',
        "de/index.html:1: no <title> (or an empty one)",
        "de/index.html:1: no hreflang alternate for de, x-default",
        "index.html:1: no hreflang alternate for x-default",
    ], findings
