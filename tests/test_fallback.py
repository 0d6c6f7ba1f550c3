"""What a visitor sees where a translation is missing or older than the English page.

One project, changed as a provider would: `tarifa add-language he` (no interface translation),
`tarifa add-language ja --interface` (an interface catalogue with nothing translated yet), the
French how-pricing-works page deleted (its text falls back to English, Tarifa's interface is
translated), and the English home page changed after its translations, the German one shipped
stale on purpose (`outdated_ok: true`).
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path
from types import SimpleNamespace

import pytest
from babel.messages.pofile import read_po
from bs4 import BeautifulSoup

from conftest import ROOT, build_site, copy_project
from tarifa import cli
from tarifa.build.sitecheck import Site, check_bidi, check_pages
from tarifa.l10n.domains import INTERFACE_TRANSLATED

INTERFACE = ROOT / "hooks" / "tarifa" / "l10n" / "locales"
TRANSLATED = (
    "The text of this page has not been translated into your language yet, so it is shown in English. "
    "Prices and tables are in your language."
)
NUMBERS_ONLY = (
    "The text of this page has not been translated into your language yet, so it is shown in English. "
    "Numbers, prices and dates are written the way your language writes them."
)
COUNTED = re.compile(r"(?<![\w.,])(\d[\d,.\u202f\u00a0]*) (token|second|day|hour)(s?)\b")


def run(project: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(project), *args])
    return code, out.getvalue(), err.getvalue()


@pytest.fixture(scope="module")
def fallback_site(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    tmp = tmp_path_factory.mktemp("fallback")
    project = copy_project(tmp / "project")
    steps = SimpleNamespace(project=project)
    steps.add_he = run(project, "add-language", "he")
    steps.add_ja = run(project, "add-language", "ja", "--interface")
    (project / "docs" / "how-pricing-works.fr.md").unlink()
    index = project / "docs" / "index.md"
    index.write_text(
        index.read_text(encoding="utf-8") + "\nPrices change at most once a month.\n", encoding="utf-8"
    )
    german = project / "docs" / "index.de.md"
    german.write_text(
        german.read_text(encoding="utf-8").replace("---\n", "---\noutdated_ok: true\n", 1), encoding="utf-8"
    )
    steps.check = run(project, "check")
    steps.site = tmp / "site"
    steps.build = build_site(project / "mkdocs.yml", steps.site)
    assert steps.build.returncode == 0, steps.build.stderr
    return steps


def soup(site: Path, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / path).read_text(encoding="utf-8"), "lxml")


def interface_share(locale: str) -> float:
    """Tarifa's interface translated into `locale`, counted from the `.pot` and `.po` themselves."""
    with (INTERFACE / "tarifa.pot").open("rb") as handle:
        keys = [(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(handle) if m.id]
    po_file = INTERFACE / locale / "LC_MESSAGES" / "tarifa.po"
    if not po_file.exists():
        return 0.0
    with po_file.open("rb") as handle:
        po = {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in read_po(handle) if m.id}
    done = [
        k
        for k in keys
        if k in po
        and not po[k].fuzzy
        and all(po[k].string if isinstance(po[k].string, tuple) else [po[k].string])
    ]
    return len(done) / len(keys)


# ── Counts in English fallback ─────────────────────────────────────────────────────────
@pytest.mark.parametrize("locale", ["he", "ja"])
def test_untranslated_counts_take_the_english_form_of_their_number(
    fallback_site: SimpleNamespace, locale: str
) -> None:
    seen = 0
    for page in sorted((fallback_site.site / locale).rglob("index.html")):
        text = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").get_text(" ")
        for number, noun, plural in COUNTED.findall(text):
            one = number.strip() == "1"
            assert (plural == "") == one, f"{page}: {number} {noun}{plural}"
            seen += 1
    assert seen >= 10
    pricing = soup(fallback_site.site, f"{locale}/pricing/index.html").get_text(" ")
    assert "A month counts as 30 days." in pricing


# ── The English text of a fallback page, marked as English ─────────────────────────────
@pytest.mark.parametrize(("locale", "direction"), [("he", "rtl"), ("ja", "ltr"), ("fr", "ltr")])
def test_fallback_text_is_marked_english_and_tarifas_sections_are_not(
    fallback_site: SimpleNamespace, locale: str, direction: str
) -> None:
    page = soup(fallback_site.site, f"{locale}/how-pricing-works/index.html")
    assert page.body["dir"] == direction
    article = page.select_one("article")
    english = article.select('div[lang="en"][dir="ltr"]')
    assert english, locale
    english_text = " ".join(div.get_text(" ") for div in english)
    assert "This page explains how Kestrel Cloud bills its API" in english_text
    assert article.select_one("h1").find_parent("div", attrs={"lang": "en"}) is not None  # its title too
    # Tarifa's sections stay in the page's language: none of them inside the English text.
    facts = article.select(".tarifa-facts, .tarifa-table, .tarifa-scroll")
    assert facts and all(f.find_parent("div", attrs={"lang": "en"}) is None for f in facts)
    # A translated page has no English text to mark.
    other = soup(
        fallback_site.site,
        f"{locale}/pricing/index.html" if locale == "fr" else "de/how-pricing-works/index.html",
    )
    assert not other.select('article div[lang="en"]')


@pytest.mark.parametrize("locale", ["he", "ja", "fr"])
def test_the_notice_says_the_tables_are_translated_only_when_they_are(
    fallback_site: SimpleNamespace, locale: str
) -> None:
    notice = soup(fallback_site.site, f"{locale}/how-pricing-works/index.html").select_one(
        ".tarifa-untranslated"
    )
    text = " ".join(notice.select("p")[1].get_text(" ").split())
    translated = locale == "fr" and interface_share("fr") >= INTERFACE_TRANSLATED
    if locale in ("he", "ja"):
        assert text.startswith(NUMBERS_ONLY), text
        # Nobody translated the notice: it is English, and says so.
        assert (notice.get("lang"), notice.get("dir")) == ("en", "ltr")
    else:
        with (INTERFACE / "fr" / "LC_MESSAGES" / "tarifa.po").open("rb") as handle:
            french = read_po(handle, locale="fr")
        expected = french.get(TRANSLATED if translated else NUMBERS_ONLY)
        assert " ".join(expected.string.split()) in text
        assert notice.get("lang") is None


# ── A translated page that ships stale on purpose ──────────────────────────────────────
def test_a_stale_page_fails_check_unless_it_ships_stale_on_purpose(fallback_site: SimpleNamespace) -> None:
    code, out, err = fallback_site.check
    assert code == 1
    stale = [
        line
        for line in err.splitlines()
        if "source_hash: expected a translation of the current docs/index.md" in line
    ]
    assert sorted(line.split(":")[0] for line in stale) == [
        "docs/index.ar.md",
        "docs/index.es.md",
        "docs/index.fr.md",
    ]
    assert "docs/index.de.md" not in err
    shipped_stale = [
        page
        for page in (fallback_site.project / "docs").glob("*.*.md")
        if "\noutdated_ok: true\n" in page.read_text(encoding="utf-8")
    ]
    assert "docs/index.de.md" in [f"docs/{page.name}" for page in shipped_stale]
    assert f"note: {len(shipped_stale)} translated page" in out and "ship stale on purpose" in out


def test_a_page_shipped_stale_tells_visitors_that_the_english_page_is_newer(
    fallback_site: SimpleNamespace,
) -> None:
    with (INTERFACE / "de" / "LC_MESSAGES" / "tarifa.po").open("rb") as handle:
        german = read_po(handle, locale="de")
    page = soup(fallback_site.site, "de/index.html")
    notice = page.select_one("article .tarifa-outdated")
    assert notice is not None
    body = (
        "The English page has been updated since this page was translated, so some of it may be out of date."
    )
    assert german.get(body).string in notice.get_text(" ")
    link = notice.find("a")
    assert (
        link["hreflang"] == "en"
        and (fallback_site.site / "de" / link["href"] / "index.html").resolve()
        == (fallback_site.site / "index.html").resolve()
    )
    for other in ("fr/index.html", "de/pricing/index.html", "index.html"):
        assert soup(fallback_site.site, other).select_one(".tarifa-outdated") is None, other


# ── The new languages' pages: x-default, isolation in right-to-left text ───────────────
def test_the_new_languages_pass_the_site_checks(fallback_site: SimpleNamespace) -> None:
    site = Site(fallback_site.site)
    assert check_pages(site) == []
    assert check_bidi(site) == []
