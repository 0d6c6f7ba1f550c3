"""`tarifa check` beyond the catalogues' mechanics: glossary, typography, pages like their source,
stale pages.

Each check fails on hand-written fixtures in `tests/fixtures/proofread/` (the first lines of each
say which lines are wrong; the expected problems below were written from those lines) and passes
on the example's shipped translations.
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from conftest import ROOT, copy_project
from tarifa import cli, site_config
from tarifa.l10n import glossary, pagetext, proofread
from tarifa.l10n import status as l10n_status
from tarifa.project import Project

FIXTURES = ROOT / "tests" / "fixtures" / "proofread"
GLOSSARY = glossary.load(FIXTURES / "glossary" / "de.yaml", "de", "glossary/de.yaml")
DE = "as glossary/de.yaml:{line} says"
NBSP = "a no-break space (U+202F or U+00A0)"

PAGES = {
    "good.de.md": [],
    "headings.de.md": [
        "10:1: headings[0]: expected a level-2 heading with the anchor #limits (guide.md:8), found a "
        "level-2 heading with the anchor #ratenlimits"
    ],
    "links.de.md": [
        "8:1: links[0]: expected a link to pricing.md#batch (guide.md:6), found a link to pricing.md"
    ],
    "markers.de.md": [
        "20:1: markers[0]: expected the marker <!-- tarifa:rate-limits --> (guide.md:20), found none "
        "(0 markers here, 1 in the English page)"
    ],
    "lists.de.md": [
        "14:1: lists[0]: expected a list of 2 items (guide.md:12), found a list of 1 item",
        # The dropped item held the term: the section says so too.
        "10:4: glossary 'request': expected 'request' translated as 'Anfrage' or 'Anfragen', "
        + DE.format(line=19)
        + ", found another translation in 'Ratenlimits\\nJeder Tarif hat eigene Raten'",
    ],
    "tables.de.md": [
        "17:1: tables[0]: expected a table of 3 rows and 2 columns (guide.md:15), found a table of 2 rows "
        "and 2 columns",
        "10:4: glossary 'Developer': expected 'Developer' translated as 'Entwickler', "
        + DE.format(line=29)
        + ", found another translation in 'Ratenlimits\\nJeder Tarif hat eigene Raten'",
    ],
    "glossary.de.md": [
        "3:8: glossary 'batch processing': expected 'batch processing' translated as 'Batch-Verarbeitung', "
        + DE.format(line=3)
        + ", found another translation in 'Stapelverarbeitung'",
        "12:1: glossary 'tier': expected 'tier' translated as 'Tarif' or 'Tarife' or 'Tarifs', "
        + DE.format(line=11)
        + ", found another translation in 'Jedes Angebot hat eigene Ratenlimits:'",
        "26:1: glossary 'batch processing': expected 'batch processing' translated as 'Batch-Verarbeitung', "
        + DE.format(line=3)
        + ", found another translation in 'Gibt es Stapelverarbeitung im kostenlose'",
    ],
    "bidi.de.md": [
        "26:59: typography: expected visible text without bidi controls (the site isolates numbers "
        "itself), found U+200F in 'sen Tarif? Lesen Sie\\u200f die …Preisseite………'"
    ],
    "typography.fr.md": [
        f'12:45: typography: expected {NBSP} before ":", found an ordinary space in '
        "'es limites de débit :'",
        f'26:56: typography: expected {NBSP} after "«", found no space in \'nible dans l’offre «Gratuit»? '
        "Lisez la …'",
        f'26:63: typography: expected {NBSP} before "»", found no space in \'ans l’offre «Gratuit»? Lisez '
        "la …page de'",
        f'26:64: typography: expected {NBSP} before "?", found no space in \'ns l’offre «Gratuit»? Lisez la '
        "…page des'",
    ],
    "typography.es.md": [
        '26:123: typography: expected "¿" before the "?", found a "?" without its "¿" in '
        "'………. Está disponible?'"
    ],
    "typography.ar.md": [
        '12:28: typography: expected "،" (Arabic punctuation in Arabic text), found "," in '
        "'ة حدود معدل خاصة بها, وهي:'",
        '26:47: typography: expected "؟" (Arabic punctuation in Arabic text), found "?" in '
        "'ت في الباقة المجانية? اقرأ …صفحة الأسعار'",
    ],
}
CATALOGUES = {
    "glossary.de.po": [
        "16:1: msgid 'Batch processing': expected 'batch processing' translated as 'Batch-Verarbeitung', "
        + DE.format(line=3)
        + ", found 'Stapelverarbeitung'",
        "26:1: msgid '%(num)s tier' msgstr[1]: expected 'tier' translated as 'Tarif' or 'Tarife' or "
        "'Tarifs', " + DE.format(line=11) + ", found '%(num)s Angebote'",
    ],
    "typography.fr.po": [
        f"10:1: msgid '%(feature)s: %(value)s': expected {NBSP} before \":\", found an ordinary space in "
        "'%(feature)s : %(value)s'",
        f"13:1: msgid 'Need more?': expected {NBSP} before \"?\", found no space in 'Besoin de plus?'",
    ],
    "typography.es.po": [
        '9:1: msgid \'Need more?\': expected "¿" before the "?", found a "?" without its "¿" in '
        "'Necesita más?'",
        '12:1: msgid \'Start for free!\': expected a "!" after the "¡", found a "¡" never closed in '
        "'¡Empiece gratis.'",
    ],
    "typography.ar.po": [
        "10:1: msgid '%(provider)s, checked on %(date)s': expected \"،\" (Arabic punctuation in Arabic "
        "text), found \",\" in '%(provider)s, تم التحقق في %(date)s'",
        '13:1: msgid \'Need more?\': expected "؟" (Arabic punctuation in Arabic text), found "?" in '
        "'هل تحتاج إلى المزيد?'",
    ],
}


def _read(name: str) -> pagetext.PageText:
    return pagetext.read((FIXTURES / "pages" / name).read_text(encoding="utf-8"), name)


@pytest.mark.parametrize("name", sorted(PAGES))
def test_a_translated_page_is_checked_against_its_english_source(name: str) -> None:
    locale = name.split(".")[-2]
    terms = GLOSSARY if locale == "de" else None
    found = proofread.page_problems(_read("guide.md"), _read(name), locale, terms)
    assert [str(p) for p in found] == [f"{name}:{line}" for line in PAGES[name]]


@pytest.mark.parametrize("name", sorted(CATALOGUES))
def test_catalogue_entries_keep_to_the_glossary_and_the_typography(name: str) -> None:
    locale = name.split(".")[-2]
    catalogue = proofread.Catalogue(FIXTURES / "po" / name, name)
    found = proofread.po_problems(catalogue, locale, GLOSSARY if locale == "de" else None)
    assert [str(p) for p in found] == [f"{name}:{line}" for line in CATALOGUES[name]]


def test_every_fixture_is_a_case() -> None:
    assert sorted(p.name for p in (FIXTURES / "pages").glob("*.*.md")) == sorted(PAGES)
    assert sorted(p.name for p in (FIXTURES / "po").glob("*.po")) == sorted(CATALOGUES)


def test_a_broken_glossary_names_its_lines(tmp_path: Path) -> None:
    path = tmp_path / "de.yaml"
    path.write_text("terms:\n  tier: Tarif\n  model:\n    translation: Modell\n    forms: Modelle\n")
    with pytest.raises(l10n_status.TarifaError) as caught:
        glossary.load(path, "de", "de.yaml")
    assert [str(p) for p in caught.value.problems] == [
        "de.yaml:2:3: terms.tier: expected a mapping with a translation, found 'Tarif'",
        "de.yaml:3:3: terms.model.forms: expected a list of texts, found 'Modelle'",
    ]


# ── Stale and unmarked pages ────────────────────────────────────────────────────────────
def _site(tmp_path: Path) -> site_config.SiteConfig:
    docs = tmp_path / "docs"
    docs.mkdir()
    languages = [site_config.Language("en", "English", default=True), site_config.Language("de", "Deutsch")]
    return site_config.SiteConfig(tmp_path / "mkdocs.yml", docs, languages)


def _problems(site: site_config.SiteConfig) -> list[str]:
    rows = l10n_status.page_status(site, l10n_status.english_sources(site))["de"]
    return [str(p) for row in rows if (p := l10n_status.page_problem(site, row)) is not None]


def test_a_stale_or_unmarked_page_fails_unless_it_ships_stale_on_purpose(tmp_path: Path) -> None:
    site = _site(tmp_path)
    (site.docs_dir / "index.md").write_text("# Home\n\nWelcome.\n")
    (site.docs_dir / "pricing.md").write_text("# Pricing\n")
    (site.docs_dir / "index.de.md").write_text("# Start\n\nWillkommen.\n")
    page = site.docs_dir / "pricing.de.md"
    page.write_text("# Preise\n")
    l10n_status.mark_translated(page, site)
    assert _problems(site) == [
        "docs/index.de.md:1:1: source_hash: expected a source_hash recording which version of docs/index.md "
        "it translates (update it, then run `tarifa mark-translated docs/index.de.md`; or ship it as it is "
        "with `outdated_ok: true` in its front matter), found none"
    ]
    (site.docs_dir / "index.de.md").unlink()
    (site.docs_dir / "pricing.md").write_text("# Pricing\n\nNew prices.\n")
    digest = l10n_status.recorded_hash(page.read_text())
    assert _problems(site) == [
        "docs/pricing.de.md:2:1: source_hash: expected a translation of the current docs/pricing.md (update "
        "it, then run `tarifa mark-translated docs/pricing.de.md`; or ship it as it is with `outdated_ok: "
        f"true` in its front matter), found {digest}, the hash of an older version: the English page "
        "changed since"
    ]
    page.write_text(page.read_text().replace("---\n\n", "outdated_ok: true\n---\n\n"))
    assert _problems(site) == []
    l10n_status.mark_translated(page, site)  # updated: the key has to go
    assert _problems(site) == [
        "docs/pricing.de.md:3:1: outdated_ok: expected no outdated_ok: the translation is up to date with "
        "docs/pricing.md, found true"
    ]


# ── The example: every check passes on the shipped translations; the CLI fails on a stale page ──
def run(project: Path, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(project), *args])
    return code, out.getvalue(), err.getvalue()


def test_the_shipped_translations_pass_every_check() -> None:
    """The example's glossaries, texts (both domains) and pages keep to the glossary, the
    typography and their English sources, and no page is stale or unmarked."""
    project = Project.at(ROOT)
    config = site_config.load(ROOT / "mkdocs.yml")
    status = l10n_status.collect(project, config)
    assert project.glossary is not None
    assert sorted(p.stem for p in project.glossary.glob("*.yaml")) == ["ar", "de", "es", "fr"]
    found = proofread.problems(project, status, project.glossary)
    found += [
        p for p in l10n_status.problems(status) if p.path in (l10n_status.HASH_KEY, l10n_status.OUTDATED_KEY)
    ]
    assert [str(p) for p in found] == []


def test_check_fails_on_a_stale_page_and_a_glossary_term_and_names_them(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    english = project / "docs" / "index.md"
    english.write_text(english.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    folder = tmp_path / "terms"
    folder.mkdir()
    (folder / "de.yaml").write_text("terms:\n  model:\n    translation: Sprachmodell\n", encoding="utf-8")
    config = project / "mkdocs.yml"
    config.write_text(
        config.read_text(encoding="utf-8").replace(
            "  - tarifa:\n", f"  - tarifa:\n      glossary: {folder}\n"
        ),
        encoding="utf-8",
    )
    code, _, err = run(project, "check")
    assert code == 1
    lines = err.splitlines()
    for locale in ("de", "fr", "es", "ar"):
        assert any(line.startswith(f"docs/index.{locale}.md:") and "source_hash" in line for line in lines), (
            err
        )
    assert any(
        "glossary 'model': expected 'model' translated as 'Sprachmodell'" in line and "docs/" in line
        for line in lines
    ), err
    assert lines[-1].startswith("tarifa check: ")
