"""The translators' workflow: `tarifa update`, `status`, `check`, `mark-translated`, `add-language`.

`check` is tested against hand-written catalogues in `tests/fixtures/po/`, one per kind of
failure; the first line of each says which line is wrong, and the expected problems below were
written from those lines, not copied from the program. Where GNU gettext checks the same thing
(`msgfmt -c`: placeholders, plural forms, duplicates), the test also asks msgfmt for its verdict.
The build tests copy the project, change it as a translator would, build it and read the HTML.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import difflib
import hashlib
import io
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
import yaml
from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.pofile import read_po, write_po
from babel.numbers import format_currency, format_decimal, format_percent
from bs4 import BeautifulSoup

from conftest import (
    DOMAINS,
    ROOT,
    build_day,
    build_site,
    copy_project,
    heading_text,
    pot_files,
    prefix,
    visible,
)
from tarifa import cli, site_config
from tarifa.l10n import checks, domains, messages
from tarifa.l10n import status as l10n_status
from tarifa.l10n.plurals import plural_rule
from tarifa.project import Project

FIXTURES = ROOT / "tests" / "fixtures" / "po"
#: Every shipped catalogue: Tarifa's interface (package data) and the example's texts.
SHIPPED = sorted(path for folder, domain in DOMAINS for path in folder.glob(f"*/LC_MESSAGES/{domain}.po"))
#: The example provider's translations, in a project (or a copy of one).
PROVIDER = Path("pricing") / "locales"
INTERFACE = ROOT / "hooks" / "tarifa" / "l10n" / "locales"
#: The five messages of tests/fixtures/po/tarifa.pot: (msgctxt, msgid) → msgid_plural.
TEMPLATE = checks.Template(
    {
        (None, "Models"): None,
        (None, "%(tier)s tier"): None,
        (None, "%(num)s hour"): "%(num)s hours",
        ("tier name", "Free"): None,
        (None, "%(feature)s: %(value)s"): None,
    }
)
PLAIN = "plain text (the site shows a translation as text, never as markup)"
MSGFMT = shutil.which("msgfmt")


# ── check: one fixture per kind of failure ─────────────────────────────────────────────
CASES = {
    "good.de.po": [],
    "good.ar.po": [],
    "placeholder-missing.de.po": [
        "20:1: msgid '%(tier)s tier': expected the placeholders %(tier)s as in the English text, "
        "found missing %(tier)s"
    ],
    "placeholder-renamed.de.po": [
        "20:1: msgid '%(tier)s tier': expected the placeholders %(tier)s as in the English text, "
        "found missing %(tier)s; unknown %(stufe)s"
    ],
    "placeholder-extra.de.po": [
        "34:1: msgid '%(feature)s: %(value)s': expected the placeholders %(feature)s, %(value)s as in "
        "the English text, found unknown %(tier)s"
    ],
    "placeholder-plural.de.po": [
        "26:1: msgid '%(num)s hour' msgstr[1]: expected the placeholders %(num)s as in the English "
        "text, found missing %(num)s; unknown %(anzahl)s"
    ],
    "placeholder-format.de.po": [
        "20:1: msgid '%(tier)s tier': expected a valid Python %-format, found an invalid format "
        "(incomplete format; write %% for a percent sign)"
    ],
    "plural-count.de.po": [
        "25:1: msgid '%(num)s hour': expected 2 plural forms (msgstr[0] to msgstr[1]), "
        "found 3: msgstr[0], msgstr[1], msgstr[2]"
    ],
    "plural-count.ar.po": [
        "24:1: msgid '%(num)s hour': expected 6 plural forms (msgstr[0] to msgstr[5]), "
        "found 2: msgstr[0], msgstr[1]"
    ],
    "plural-rule.ar.po": [
        "9:1: header Plural-Forms: expected 'nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : "
        "n%100>=3 && n%100<=10 ? 3 : n%100>=11 && n%100<=99 ? 4 : 5);' (CLDR's rule for ar: zero, "
        "one, two, few, many, other); `tarifa update` moves the translations into its forms, found "
        "'nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
        "n%100>=0 && n%100<=2 ? 4 : 5);'"
    ],
    "obsolete.de.po": [
        "36:1: msgid 'Old heading': expected no obsolete entries: reuse the translation elsewhere, "
        "then delete the entry (`tarifa update --drop-obsolete` deletes them all), found an obsolete "
        "entry (#~)"
    ],
    "duplicate.de.po": [
        "36:1: msgid 'Models': expected one entry per msgctxt and msgid, found a second entry "
        "(the first is on line 15)"
    ],
    "unused.de.po": [
        "36:1: msgid 'Old heading': expected only messages of the template (run `tarifa update`), "
        "found a message that the code, templates and catalogue no longer use"
    ],
    "markup-html.de.po": [f"16:1: msgid 'Models': expected {PLAIN}, found HTML tag '<b>', HTML tag '</b>'"],
    "markup-markdown.de.po": [
        f"16:1: msgid 'Models': expected {PLAIN}, found Markdown emphasis '**Modelle**'",
        f"20:1: msgid '%(tier)s tier': expected {PLAIN}, found Markdown code '`%(tier)s`'",
        f"30:1: msgctxt 'tier name' msgid 'Free': expected {PLAIN}, found Markdown link "
        "'[Kostenlos](https://example.com/)'",
    ],
    "markup-unclosed.de.po": [
        f"16:1: msgid 'Models': expected {PLAIN}, found HTML tag '<img src=x onerror=alert(1)'"
    ],
    "bidi-control.de.po": [
        "16:1: msgid 'Models': expected visible text without control or bidi characters (the site "
        "isolates numbers and names itself), found U+202E"
    ],
    "percent.de.po": [
        "16:1: msgid 'Models': expected plain text without printf conversions, found %d",
        "20:1: msgid '%(tier)s tier': expected a valid Python %-format, found an invalid format "
        "(incomplete format; write %% for a percent sign)",
    ],
    "header.de.po": [
        "8:1: header Language: expected 'de', found 'fr'",
        "11:1: header Content-Type: expected 'text/plain; charset=UTF-8', found "
        "'text/plain; charset=ISO-8859-1'",
    ],
}
#: Fixtures that GNU msgfmt -c refuses too (it does not look at markup, headers or obsolete ones).
MSGFMT_REFUSES = {
    "placeholder-missing.de.po",
    "placeholder-renamed.de.po",
    "placeholder-extra.de.po",
    "placeholder-plural.de.po",
    "placeholder-format.de.po",
    "percent.de.po",
    "plural-count.de.po",
    "plural-count.ar.po",
    "duplicate.de.po",
}


def check(name: str) -> checks.LocaleReport:
    return checks.check_po(FIXTURES / name, name.split(".")[-2], TEMPLATE, name)


@pytest.mark.parametrize("name", sorted(CASES))
def test_check_names_file_and_line_of_every_problem(name: str) -> None:
    assert [str(p) for p in check(name).problems] == [f"{name}:{line}" for line in CASES[name]]


def test_every_fixture_is_a_case() -> None:
    assert sorted(p.name for p in FIXTURES.glob("*.po")) == sorted([*CASES, "incomplete.de.po"])


@pytest.mark.parametrize("name", sorted(CASES))
def test_gnu_msgfmt_agrees_where_it_checks_the_same(name: str) -> None:
    assert MSGFMT is not None, "GNU gettext is missing: run `make chromium` (apt-get install gettext)"
    result = subprocess.run([str(MSGFMT), "-c", "-o", os.devnull, str(FIXTURES / name)], capture_output=True)
    assert (result.returncode != 0) == (name in MSGFMT_REFUSES), result.stderr.decode()


def test_counts_of_an_unfinished_catalogue() -> None:
    # incomplete.de.po: "Models" empty, "%(tier)s tier" fuzzy, "%(feature)s: %(value)s" absent.
    report = check("incomplete.de.po")
    assert (report.total, report.translated, report.fuzzy, report.missing, report.broken) == (5, 2, 1, 2, 0)
    assert report.problems == []


def test_a_language_below_its_required_completeness_fails_with_what_is_left() -> None:
    report = check("incomplete.de.po")
    assert [str(p) for p in checks.check_required(report, 100)] == [
        "incomplete.de.po:1:1: completeness: expected at least 100 % of 5 messages translated "
        "(the tarifa plugin's required_completeness in mkdocs.yml), found 40.0 % (2 untranslated, 1 fuzzy, "
        "0 broken)",
        "incomplete.de.po:14:1: msgid 'Models': expected a translation, found an empty msgstr",
        "incomplete.de.po:19:1: msgid '%(tier)s tier': expected a reviewed translation, found a fuzzy "
        "one (check it against the English text, then delete the fuzzy flag)",
        "incomplete.de.po:1:1: msgid '%(feature)s: %(value)s': expected an entry with a translation, "
        "found no entry (run `tarifa update`)",
    ]
    assert checks.check_required(report, 40) == []  # 2 of 5 is exactly 40 %


def test_broken_translations_do_not_count_as_translated() -> None:
    report = check("markup-markdown.de.po")
    assert (report.translated, report.broken) == (2, 3)


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Ein <i>Tarif</i>", ["<i>", "</i>"]),
        ("Tarif &amp; Preis", ["&amp;"]),
        ("__fett__ und _kursiv_", ["__fett__", "_kursiv_"]),
        ("![Bild](x.png)", ["![Bild](x.png)"]),
        ("[Preise][1]", ["[Preise][1]"]),
        # Not markup: a lone star, snake_case, arithmetic, a price and bare brackets.
        ("Preis* pro Token", []),
        ("max_output_tokens", []),
        ("2 * 3 = 6, 10 % Rabatt", []),
        ("[Beta] Modell (neu)", []),
    ],
)
def test_markup_detection(text: str, found: list[str]) -> None:
    assert [excerpt for _, excerpt in checks.markup(text, "")] == found


def test_the_shipped_catalogues_pass_gnu_msgfmt() -> None:
    assert MSGFMT is not None, "GNU gettext is missing: run `make chromium` (apt-get install gettext)"
    assert len(SHIPPED) == 8
    for path in SHIPPED:
        result = subprocess.run([MSGFMT, "-c", "-o", os.devnull, str(path)], capture_output=True, text=True)
        assert result.returncode == 0, result.stderr


def test_the_shipped_catalogues_have_cldr_headers() -> None:
    for path in SHIPPED:
        locale = path.parent.parent.name
        with path.open("rb") as handle:
            po = read_po(handle)
        headers = dict(po.mime_headers)
        assert headers["Language"] == locale
        assert headers["Plural-Forms"] == plural_rule(locale).header
        assert headers["Content-Type"].lower().replace(" ", "") == "text/plain;charset=utf-8"


# ── extract: where each string appears, and a msgctxt for every second meaning ──────────
def test_lint_asks_for_a_context_and_for_where_a_string_appears() -> None:
    pot = PoCatalog()
    pot.add(
        "Batch processing",
        locations=[("pricing/catalogue.yaml", 50)],
        context="feature name",
        auto_comments=["catalogue: features[2].name"],
    )
    pot.add(
        "Batch processing",
        locations=[("hooks/tarifa/views.py", 490)],
        auto_comments=["code: views.model_facts"],
    )
    pot.add("Speed", locations=[("hooks/tarifa/other.py", 7)])
    assert [str(p) for p in messages.lint(pot)] == [
        "hooks/tarifa/other.py:7:1: msgid 'Speed': expected a translator comment saying where the "
        "text appears (# TRANSLATORS: ...), found none",
        "hooks/tarifa/views.py:490:1: msgid 'Batch processing': expected a msgctxt "
        "(ctx.p_(context, text) in Python, pgettext in templates), because the same English text has "
        "another meaning with msgctxt 'feature name', found no msgctxt",
    ]


def test_every_shipped_message_says_where_it_appears() -> None:
    where = re.compile(r"^(catalogue: \S|code: \w+(\.\w+)*$|template: [\w/.-]+\.html$)")
    pots = {}
    for path in pot_files():
        with path.open("rb") as handle:
            pots[path.stem] = pot = read_po(handle)
        for message in pot:
            if message.id:
                assert any(where.match(c) for c in message.auto_comments), (message.id, message.auto_comments)
    # Catalogue strings carry their kind as context, so the tier "Free" is its own entry, and they
    # are the provider's to translate: they are not in Tarifa's interface.
    assert pots["pricing"].get("Free", "tier name") is not None
    assert not any(m.context == "tier name" for m in pots["tarifa"])


def test_the_code_gives_second_meanings_a_context() -> None:
    """`Batch processing` is a feature name and a fact on model pages: two entries."""
    provider = l10n_status.extract(Project.at(ROOT))
    interface = messages.extract_interface(ROOT / "hooks" / "tarifa")
    assert messages.lint(provider) == messages.lint(interface) == []
    assert provider.get("Batch processing", "feature name") is not None
    assert interface.get("Batch processing", "model fact") is not None
    assert provider.get("Batch processing") is interface.get("Batch processing") is None


# ── update: fuzzy with the old English as a hint, obsolete kept, counts ────────────────
def _po(entries: list[tuple[str, str]], locale: str = "de") -> PoCatalog:
    po = messages.new_po(locale)
    for msgid, msgstr in entries:
        po.add(msgid, msgstr, locations=[("x.py", 1)])
    return po


def test_update_marks_a_changed_string_fuzzy_and_keeps_the_old_english(tmp_path: Path) -> None:
    path = domains.po_path(tmp_path, "de")
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        write_po(handle, _po([("Price per hour of audio", "Preis pro Audiostunde"), ("Gone", "Weg")]))
    pot = _po([("Price per hour of recorded audio", ""), ("Brand new", "")], "en")

    result = messages.update(tmp_path, "de", pot)
    assert (result.new, result.changed, result.obsolete) == (1, 1, 1)
    assert (result.translated, result.fuzzy, result.untranslated) == (0, 1, 1)
    text = path.read_text(encoding="utf-8")
    assert (
        '#, fuzzy\n#| msgid "Price per hour of audio"\nmsgid "Price per hour of recorded audio"\n'
        'msgstr "Preis pro Audiostunde"\n'
    ) in text
    assert 'msgid "Brand new"\nmsgstr ""\n' in text
    assert '#~ msgid "Gone"\n#~ msgstr "Weg"\n' in text

    # Updating again keeps the hint (Babel alone would turn it into a comment "# | msgid ...").
    again = messages.update(tmp_path, "de", pot)
    assert (again.new, again.changed, again.fuzzy) == (0, 0, 1)
    text = path.read_text(encoding="utf-8")
    assert text.count('#| msgid "Price per hour of audio"') == 1
    assert "# |" not in text

    # Once reviewed (fuzzy flag deleted), the hint goes; --drop-obsolete deletes obsolete entries.
    path.write_text(text.replace('#, fuzzy\n#| msgid "Price per hour of audio"\n', ""), encoding="utf-8")
    final = messages.update(tmp_path, "de", pot, drop_obsolete=True)
    assert (final.translated, final.fuzzy, final.obsolete) == (1, 0, 0)
    text = path.read_text(encoding="utf-8")
    assert 'Price per hour of audio"' not in text
    assert "#~" not in text


def test_update_writes_a_long_old_english_that_gettext_reads(tmp_path: Path) -> None:
    """A long msgid that changed: its old English is `#| msgid` lines of whole quoted strings, as
    GNU gettext writes them (Babel's own writer cut them mid-string: msgattrib and Poedit refuse
    such a file), and reading the file back gives the old English exactly."""
    old = (
        "Usage in the %(tier)s tier costs nothing; the calculator tells you whether it fits within "
        "the tier's limits."
    )
    path = domains.po_path(tmp_path, "es")
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        write_po(handle, _po([(old, "El uso no cuesta nada.")], "es"))
    pot = _po([(old.replace("fits within", "stays within"), "")], "en")
    assert messages.update(tmp_path, "es", pot).changed == 1
    msgattrib = shutil.which("msgattrib")
    assert msgattrib is not None, "GNU gettext is missing: run `make chromium` (apt-get install gettext)"
    result = subprocess.run([msgattrib, "--only-fuzzy", str(path)], capture_output=True, text=True)
    assert result.returncode == 0 and not result.stderr, result.stderr
    assert "#| msgid" in result.stdout
    with path.open("rb") as handle:
        po = read_po(handle)
    assert list(messages._take_previous(po).values()) == [[old]]  # as the next update reads it


def test_update_brings_back_an_obsolete_translation_for_review(tmp_path: Path) -> None:
    path = domains.po_path(tmp_path, "de")
    path.parent.mkdir(parents=True)
    path.write_text('msgid ""\nmsgstr ""\n"Language: de\\n"\n\n#~ msgid "Support"\n#~ msgstr "Support"\n')
    result = messages.update(tmp_path, "de", _po([("Support", "")], "en"))
    assert (result.fuzzy, result.obsolete) == (1, 0)
    assert '#, fuzzy\nmsgid "Support"\nmsgstr "Support"' in path.read_text(encoding="utf-8")


# ── pages: the hash of the English source ──────────────────────────────────────────────
def _site(tmp_path: Path) -> site_config.SiteConfig:
    docs = tmp_path / "docs"
    docs.mkdir()
    languages = [site_config.Language("en", "English", default=True), site_config.Language("de", "Deutsch")]
    return site_config.SiteConfig(tmp_path / "mkdocs.yml", docs, languages)


def _sha(text: str) -> str:
    return hashlib.sha256(text.strip().encode()).hexdigest()[:12]


def test_mark_translated_records_the_english_hash_and_status_follows_it(tmp_path: Path) -> None:
    site = _site(tmp_path)
    english = "---\ntitle: Pricing\n---\n\nPrices.\n"
    (site.docs_dir / "pricing.md").write_text(english)
    (site.docs_dir / "index.md").write_text("# Home\n")
    page = site.docs_dir / "pricing.de.md"
    page.write_text("---\ntitle: Preise\nhide: [toc]\n---\n\nPreise.\n")

    assert l10n_status.mark_translated(page, site) == _sha(english)
    assert (
        page.read_text() == f"---\ntitle: Preise\nhide: [toc]\nsource_hash: {_sha(english)}\n---\n\nPreise.\n"
    )
    state = {p.source: p.state for p in l10n_status.page_status(site, ["index.md", "pricing.md"])["de"]}
    assert state == {"index.md": "missing", "pricing.md": "current"}

    (site.docs_dir / "pricing.md").write_text(english + "\nBatch prices.\n")
    assert l10n_status.page_status(site, ["pricing.md"])["de"][0].state == "stale"
    # Marking again replaces the hash in place.
    l10n_status.mark_translated(page, site)
    assert page.read_text().count("source_hash:") == 1
    assert l10n_status.page_status(site, ["pricing.md"])["de"][0].state == "current"


def test_mark_translated_refuses_an_untranslated_copy_and_adds_front_matter(tmp_path: Path) -> None:
    site = _site(tmp_path)
    (site.docs_dir / "index.md").write_text("# Home\n\nWelcome.\n")
    copy = site.docs_dir / "index.de.md"
    copy.write_text("# Home\n\nWelcome.\n")
    with pytest.raises(l10n_status.TarifaError) as caught:
        l10n_status.mark_translated(copy, site, "docs/index.de.md")
    assert str(caught.value) == (
        "docs/index.de.md:1:1: (top level): expected a translated page, found a copy of index.md "
        "(translate it first)"
    )
    copy.write_text("# Startseite\n\nWillkommen.\n")
    l10n_status.mark_translated(copy, site)
    digest = _sha("# Home\n\nWelcome.")
    assert copy.read_text() == f"---\nsource_hash: {digest}\n---\n\n# Startseite\n\nWillkommen.\n"
    assert l10n_status.page_status(site, ["index.md"])["de"][0].state == "current"


def test_a_page_without_a_hash_is_unmarked(tmp_path: Path) -> None:
    site = _site(tmp_path)
    (site.docs_dir / "index.md").write_text("# Home\n")
    (site.docs_dir / "index.de.md").write_text("# Start\n")
    assert l10n_status.page_status(site, ["index.md"])["de"][0].state == "unmarked"


def test_the_status_command_prints_catalogues_and_pages(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["--root", str(ROOT), "status"]) == 0
    out = capsys.readouterr().out
    header = next(line for line in out.splitlines() if line.startswith("locale"))
    assert header.split() == [
        "locale",
        "total",
        "translated",
        "fuzzy",
        "missing",
        "broken",
        "complete",
        "required",
        "interface",
    ]
    with (ROOT / PROVIDER / "pricing.pot").open("rb") as handle:
        total = sum(1 for m in read_po(handle) if m.id)
    rows = {
        line.split()[0]: line.split() for line in out.splitlines() if line[:3] in {"de ", "fr ", "es ", "ar "}
    }
    assert sorted(rows) == ["ar", "de", "es", "fr"]
    assert all(int(row[1]) == total for row in rows.values())
    assert all(row[-2:] == ["100.0", "%"] for row in rows.values())  # Tarifa's interface, shipped
    assert re.search(r"^pricing\.md\s+\S+\s+\S+\s+\S+\s+\S+$", out, re.M)


# ── mkdocs serve: a saved .po shows at the next rebuild ───────────────────────────────
def test_a_saved_catalogue_is_read_again_without_a_restart(tmp_path: Path) -> None:
    """The plugin keeps compiled catalogues and the status page for the whole `mkdocs serve`
    session, and takes a saved `.po` file at the next rebuild."""
    from tarifa.l10n.domains import Domains
    from tarifa.plugin import TarifaPlugin

    project = copy_project(tmp_path / "project")
    locales = project / PROVIDER
    compiled = Domains(locales)
    assert compiled.provider("de").pgettext("tier name", "Free") != "Gratis (neu)"
    languages = site_config.load(project / "mkdocs.yml").languages
    i18n = SimpleNamespace(
        config=SimpleNamespace(languages=[SimpleNamespace(**vars(lang)) for lang in languages])
    )
    config: Any = SimpleNamespace(
        config_file_path=str(project / "mkdocs.yml"), docs_dir=str(project / "docs"), plugins={"i18n": i18n}
    )
    plugin = TarifaPlugin()
    plugin.load_config({})
    plugin.project = Project.configured(project, plugin.config)
    before = plugin._translation_status(config).catalogues["de"]

    path = domains.po_path(locales, "de")
    text = path.read_text(encoding="utf-8")
    text, renamed = re.subn(
        r'(\nmsgctxt "tier name"\nmsgid "Free"\nmsgstr )"[^"]*"', r'\1"Gratis (neu)"', text, count=1
    )
    text, emptied = re.subn(
        r'(\nmsgctxt "tier name"\nmsgid "Developer"\nmsgstr )"[^"]+"', r'\1""', text, count=1
    )
    assert renamed == emptied == 1
    path.write_text(text, encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

    assert compiled.provider("de").pgettext("tier name", "Free") == "Gratis (neu)"
    assert plugin._translation_status(config).catalogues["de"].missing == before.missing + 1


# ── Build tests on a copied project ────────────────────────────────────────────────────
def run(project: Path, *args: str) -> tuple[int, str, str]:
    """`tarifa --root PROJECT ARGS`: exit status, output and errors (in this process: extraction
    results are cached per file content, which saves seconds per call)."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["--root", str(project), *args])
    return code, out.getvalue(), err.getvalue()


def test_the_tarifa_command_runs_as_a_program(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tarifa", "--root", str(tmp_path), "mark-translated", "nowhere.de.md"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == "mkdocs.yml:1:1: (top level): expected the site configuration, found no file\n"


def soup(path: Path) -> BeautifulSoup:
    assert path.exists(), f"missing page {path}"
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def po_string(project: Path, locale: str, msgid: str, context: str | None = None) -> str:
    """A translation as the site shows it: the provider's texts, else Tarifa's interface."""
    for path in (domains.po_path(project / PROVIDER, locale), domains.po_path(INTERFACE, locale, "tarifa")):
        with path.open("rb") as handle:
            message = read_po(handle, locale=locale).get(msgid, context)
        if message is not None:
            assert isinstance(message.string, str)
            return message.string
    raise AssertionError((locale, msgid, context))


def set_translation(project: Path, locale: str, msgid: str, context: str | None, text: str) -> None:
    """What a translator does in Poedit: write the translation, mark it reviewed (not fuzzy).

    A message of Tarifa's interface is translated in the provider's own `tarifa.po` (a copy of
    Tarifa's, which the provider's file then overrides), as a provider corrects Tarifa's wording."""
    path = domains.po_path(project / PROVIDER, locale)
    with path.open("rb") as handle:
        found = read_po(handle, locale=locale).get(msgid, context) is not None
    if not found:
        path = domains.po_path(project / PROVIDER, locale, "tarifa")
        if not path.exists():
            shutil.copyfile(domains.po_path(INTERFACE, locale, "tarifa"), path)
    with path.open("rb") as handle:
        po = read_po(handle, locale=locale)
    message = po.get(msgid, context)
    assert message is not None, (locale, msgid)
    message.string = text
    message.flags.discard("fuzzy")
    message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    with path.open("wb") as handle:
        write_po(handle, po, width=100)


NEW_SUMMARY = {
    "en": "Build and experiment for free, with no payment card needed.",
    "de": "Kostenlos entwickeln und ausprobieren, ganz ohne Zahlungskarte.",
    "fr": "Développez et expérimentez gratuitement, sans carte bancaire.",
    "es": "Desarrolle y experimente gratis, sin tarjeta de pago.",
    "ar": "ابنِ وجرّب مجانًا، دون الحاجة إلى بطاقة دفع.",
}


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """Change an English catalogue string, then do what a translator does, step by step."""
    tmp = tmp_path_factory.mktemp("round-trip")
    project = copy_project(tmp / "project")
    steps = SimpleNamespace(project=project, first=run(project, "update"))
    catalogue = project / "pricing" / "catalogue.yaml"
    old = yaml.load(catalogue.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["tiers"][0]["summary"]
    text = catalogue.read_text(encoding="utf-8")
    assert text.count(f"summary: {old}\n") == 1
    catalogue.write_text(
        text.replace(f"summary: {old}\n", f"summary: {NEW_SUMMARY['en']}\n"), encoding="utf-8"
    )
    steps.old = old
    steps.update = run(project, "update")
    steps.po_text = {
        locale: domains.po_path(project / PROVIDER, locale).read_text(encoding="utf-8")
        for locale in ("de", "fr", "es", "ar")
    }
    steps.status = run(project, "status")
    steps.check_before = run(project, "check")
    for locale in ("de", "fr", "es", "ar"):
        set_translation(project, locale, NEW_SUMMARY["en"], "tier summary", NEW_SUMMARY[locale])
    steps.check_after = run(project, "check")
    (project / "docs" / "how-pricing-works.fr.md").unlink()
    steps.site = tmp / "site"
    steps.build = build_site(project / "mkdocs.yml", steps.site)
    return steps


def test_round_trip_update_marks_the_changed_string_fuzzy_in_every_language(
    round_trip: SimpleNamespace,
) -> None:
    code, out, err = round_trip.update
    assert code == 0, err
    for locale in ("ar", "de", "es", "fr"):
        assert re.search(
            rf"^pricing/locales/{locale}/LC_MESSAGES/pricing.po: 0 new, 1 changed \(fuzzy\)", out, re.M
        )
        entry = round_trip.po_text[locale].split(f'msgid "{NEW_SUMMARY["en"]}"')[0].rsplit("\n\n", 1)[1]
        assert "#, fuzzy" in entry
        assert f'#| msgid "{round_trip.old}"' in entry


def test_round_trip_status_shows_it_fuzzy_and_check_names_it(round_trip: SimpleNamespace) -> None:
    code, out, _ = round_trip.status
    assert code == 0
    columns = next(line for line in out.splitlines() if line.startswith("locale")).split()
    for locale in ("de", "fr", "es", "ar"):
        row = next(line for line in out.splitlines() if line.startswith(f"{locale} ")).split()
        assert row[columns.index("fuzzy")] == "1"
    code, _, err = round_trip.check_before
    assert code == 1
    for locale in ("de", "fr", "es", "ar"):
        assert re.search(
            rf"^pricing/locales/{locale}/LC_MESSAGES/pricing.po:\d+:1: msgctxt 'tier summary' msgid "
            rf"'{re.escape(NEW_SUMMARY['en'][:47])}\.\.\.': expected a reviewed translation, "
            "found a fuzzy one",
            err,
            re.M,
        ), err


def test_round_trip_check_passes_and_the_site_shows_the_new_translation(round_trip: SimpleNamespace) -> None:
    code, out, err = round_trip.check_after
    assert code == 0, err
    assert re.search(r"^tarifa check: 4 languages, \d+ pages: OK$", out, re.M), out
    assert round_trip.build.returncode == 0, round_trip.build.stderr
    for locale in ("en", "de", "fr", "es", "ar"):
        page = soup(round_trip.site / prefix(locale) / "pricing" / "index.html")
        summary = page.select_one(".tarifa-card--free .tarifa-card__summary")
        assert summary is not None and summary.get_text() == NEW_SUMMARY[locale]


def test_round_trip_untranslated_page_has_a_notice_in_the_visitors_language(
    round_trip: SimpleNamespace,
) -> None:
    assert round_trip.build.returncode == 0, round_trip.build.stderr
    project, site = round_trip.project, round_trip.site
    page_path = site / "fr" / "how-pricing-works" / "index.html"
    page = soup(page_path)
    notice = page.select_one("article .tarifa-untranslated")
    assert notice is not None
    assert notice.select_one(".admonition-title").get_text() == po_string(project, "fr", "Not translated yet")
    link = notice.find("a")
    assert link.get_text() == po_string(project, "fr", "Read the English original")
    assert link["hreflang"] == "en"
    target = (page_path.parent / link["href"] / "index.html").resolve()
    assert target == (site / "how-pricing-works" / "index.html").resolve()
    # The prose is the English page's, the facts table is French.
    assert soup(target).select_one("article p:not(.admonition-title)") is not None
    assert po_string(project, "fr", "Batch discount") in page.get_text()
    # Translated pages and English pages have no notice.
    for other in (
        site / "de" / "how-pricing-works" / "index.html",
        site / "how-pricing-works" / "index.html",
    ):
        assert soup(other).select_one(".tarifa-untranslated") is None


#: A catalogue string that looks like markup, and a translation with the same markup. `check` lets
#: markup through only where the English text has it (then it is text in English too).
HOSTILE = {
    "en": "Pay <b>only</b> for what you use, see [details](https://evil.example/).",
    "de": "Zahlen Sie <b>nur</b> für Ihre Nutzung, siehe [details](https://evil.example/).",
}


@pytest.fixture(scope="module")
def new_languages(tmp_path_factory: pytest.TempPathFactory) -> SimpleNamespace:
    """`tarifa add-language he` and `ja`, plus translations that look like markup, in one project."""
    tmp = tmp_path_factory.mktemp("languages")
    project = copy_project(tmp / "project")
    steps = SimpleNamespace(
        project=project, config_before=(project / "mkdocs.yml").read_text(encoding="utf-8")
    )
    steps.add_he = run(project, "add-language", "he")
    steps.add_ja = run(project, "add-language", "ja")
    steps.add_again = run(project, "add-language", "he")
    # Markup in German translations of plain English: `check` (and the build) refuse it.
    de = domains.po_path(project / PROVIDER, "de")
    saved = de.read_text(encoding="utf-8")
    set_translation(project, "de", "Rate limits", None, "<b>Ratenlimits</b>")
    set_translation(project, "de", "Free", "tier name", "**Gratis** [Klick](https://evil.example/)")
    steps.check = run(project, "check")
    de.write_text(saved, encoding="utf-8")
    domains.po_path(project / PROVIDER, "de", "tarifa").unlink()
    # English catalogue text that looks like markup, translated with the same markup: allowed.
    catalogue = project / "pricing" / "catalogue.yaml"
    old = yaml.load(catalogue.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["tiers"][1]["summary"]
    text = catalogue.read_text(encoding="utf-8")
    assert text.count(f"summary: {old}\n") == 1
    catalogue.write_text(text.replace(f"summary: {old}\n", f'summary: "{HOSTILE["en"]}"\n'), encoding="utf-8")
    steps.update = run(project, "update", "--drop-obsolete")
    set_translation(project, "de", HOSTILE["en"], "tier summary", HOSTILE["de"])
    steps.check_mirrored = run(project, "check")
    steps.site = tmp / "site"
    steps.build = build_site(project / "mkdocs.yml", steps.site)
    return steps


def test_add_language_creates_a_standard_catalogue(new_languages: SimpleNamespace) -> None:
    project = new_languages.project
    for locale, (code, out, err) in (("he", new_languages.add_he), ("ja", new_languages.add_ja)):
        assert code == 0, err
        assert f"pricing/locales/{locale}/LC_MESSAGES/pricing.po: created" in out
        assert f"Tarifa's interface is not translated into {locale} yet: it shows in English" in out
        path = domains.po_path(project / PROVIDER, locale)
        with path.open("rb") as handle:
            po = read_po(handle, locale=locale)
        headers = dict(po.mime_headers)
        assert headers["Language"] == locale
        assert headers["Plural-Forms"] == plural_rule(locale).header
        assert "charset=utf-8" in headers["Content-Type"].lower()
        assert all(not (m.string if isinstance(m.string, str) else "".join(m.string)) for m in po if m.id)
        if MSGFMT:
            result = subprocess.run(
                [MSGFMT, "-c", "-o", os.devnull, str(path)], capture_output=True, text=True
            )
            assert result.returncode == 0, result.stderr
    code, out, _ = new_languages.add_again
    assert code == 0
    assert "already" in out


def test_add_language_edits_mkdocs_yml_as_text(new_languages: SimpleNamespace) -> None:
    """One block inserted after the last language; every other line, comments included, unchanged."""
    before = new_languages.config_before.splitlines()
    after = (new_languages.project / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    changes = [
        op
        for op in difflib.SequenceMatcher(None, before, after, autojunk=False).get_opcodes()
        if op[0] != "equal"
    ]
    assert len(changes) == 1 and changes[0][0] == "insert", changes
    _, at, _, start, end = changes[0]
    last = max(i for i, line in enumerate(before) if line.strip().startswith("- locale:"))
    assert before[at - 1].startswith(before[last][: before[last].index("-")] + " ")  # inside that entry
    indent = before[last][: before[last].index("-")]
    site = [line for line in before if line.startswith(("site_name:", "site_description:", "copyright:"))]
    assert len(site) == 3, before  # the project writes all three: each new language gets them
    assert after[start:end] == [
        f"{indent}- locale: he",
        f"{indent}  name: עברית",
        f"{indent}  build: true",
        f"{indent}  # In English until translated into he: translate these three lines.",
        *(f"{indent}  {line}" for line in site),
        f"{indent}- locale: ja",
        f"{indent}  name: 日本語",
        f"{indent}  build: true",
        f"{indent}  # In English until translated into ja: translate these three lines.",
        *(f"{indent}  {line}" for line in site),
    ]
    config = yaml.load("\n".join(after), Loader=TolerantLoader)
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    assert [lang["locale"] for lang in i18n["languages"]][-2:] == ["he", "ja"]
    for lang in i18n["languages"][-2:]:  # the site's texts, ready to translate, equal to the English ones
        assert {key: lang[key] for key in ("site_name", "site_description", "copyright")} == {
            key: config[key] for key in ("site_name", "site_description", "copyright")
        }


class TolerantLoader(yaml.SafeLoader):
    """mkdocs.yml may hold MkDocs' Python tags: read them as null."""


TolerantLoader.add_multi_constructor("", lambda loader, suffix, node: None)


def test_check_reports_the_new_languages_missing_and_markup(new_languages: SimpleNamespace) -> None:
    code, _, err = new_languages.check
    assert code == 1
    for locale in ("he", "ja"):
        assert re.search(
            rf"^pricing/locales/{locale}/LC_MESSAGES/pricing.po:1:1: completeness: expected at least 100 % "
            rf"of \d+ messages translated .*, found 0.0 % \(\d+ untranslated, 0 fuzzy, 0 broken\)$",
            err,
            re.M,
        ), err
        assert re.search(
            rf"^pricing/locales/{locale}/LC_MESSAGES/pricing.po:\d+:1: msgctxt 'tier name' msgid 'Free': "
            r"expected a translation, found an empty msgstr$",
            err,
            re.M,
        )
    # The provider's own translation of Tarifa's interface is checked like its own texts.
    assert re.search(
        r"^pricing/locales/de/LC_MESSAGES/tarifa.po:\d+:1: msgid 'Rate limits': expected plain "
        r"text .*, found HTML tag '<b>', HTML tag '</b>'$",
        err,
        re.M,
    ), err
    assert re.search(
        r"^pricing/locales/de/LC_MESSAGES/pricing.po:\d+:1: msgctxt 'tier name' msgid 'Free': "
        r"expected plain text .*, found Markdown emphasis '\*\*Gratis\*\*', Markdown link",
        err,
        re.M,
    )


@pytest.mark.parametrize(("locale", "direction"), [("he", "rtl"), ("ja", "ltr")])
def test_a_new_language_builds_with_its_direction_and_number_formats(
    new_languages: SimpleNamespace, raw_catalogue: dict[str, Any], locale: str, direction: str
) -> None:
    assert new_languages.build.returncode == 0, new_languages.build.stderr
    page = soup(new_languages.site / locale / "pricing" / "index.html")
    assert page.html["lang"] == locale
    assert page.body["dir"] == direction
    # The chat table shows the first chat model's input price as Babel formats it for the locale.
    model = next(m for m in raw_catalogue["models"] if m["kind"] == "chat")
    effective = [p for p in model["prices"] if dt.date.fromisoformat(p["since"]) <= build_day()]
    price = (effective[-1] if effective else model["prices"][0])["input"]
    expected = visible(format_currency(Decimal(price), "USD", locale=locale, decimal_quantization=False))
    cells = [visible(td.get_text()) for td in page.select("#table-chat td")]
    assert any(expected in cell for cell in cells), (expected, cells[:6])
    # Untranslated messages fall back to English, the page's text too (with the notice).
    assert "Rate limits" in [heading_text(h).strip() for h in page.select("article h2")]
    assert page.select_one("article .tarifa-untranslated") is not None
    # The status page lists the new language with every message missing.
    status = soup(new_languages.site / locale / "translation-status" / "index.html")
    with (new_languages.project / PROVIDER / "pricing.pot").open("rb") as handle:
        total = sum(1 for m in read_po(handle) if m.id)
    row = next(
        tr
        for tr in status.select("#table-l10n-messages tbody tr")
        if tr.th.get_text() == new_languages_name(locale)
    )
    numbers = [visible(td.get_text()) for td in row.find_all("td")]
    assert numbers[0] == format_decimal(total, locale=locale)
    assert numbers[1] == format_decimal(0, locale=locale)
    assert numbers[3] == format_decimal(total, locale=locale)


def new_languages_name(locale: str) -> str:
    return {"he": "עברית", "ja": "日本語"}[locale]


def test_markup_that_the_english_text_has_too_passes_check(new_languages: SimpleNamespace) -> None:
    code, _, err = new_languages.update
    assert code == 0, err
    code, _, err = new_languages.check_mirrored
    assert code == 1  # he and ja are still untranslated
    assert "LC_MESSAGES/pricing.po" in err
    assert "/de/" not in err, err


def test_markup_in_catalogue_text_and_translations_is_shown_as_text(new_languages: SimpleNamespace) -> None:
    assert new_languages.build.returncode == 0, new_languages.build.stderr
    for locale in ("en", "de"):
        page = soup(new_languages.site / prefix(locale) / "pricing" / "index.html")
        summary = page.select_one(".tarifa-card--developer .tarifa-card__summary")
        assert summary is not None and summary.get_text() == HOSTILE[locale]
        assert summary.find(["b", "a"]) is None
        assert page.select_one("article").find("b") is None
        assert not page.select('a[href^="https://evil.example"]')


# ── The translation-status page of the example site ──────────────────────────────────
def _translations(locale: str, domain: str = "pricing") -> dict[tuple[str | None, str], Any]:
    if locale == "en":
        return {}
    folder = ROOT / PROVIDER if domain == "pricing" else INTERFACE
    with domains.po_path(folder, locale, domain).open("rb") as handle:
        return {(m.context, m.id if isinstance(m.id, str) else m.id[0]): m for m in read_po(handle) if m.id}


def _tr(locale: str, msgid: str) -> str:
    message = _translations(locale, "tarifa").get((None, msgid))
    return message.string if message is not None and message.string and not message.fuzzy else msgid


def _recorded(path: Path) -> str | None:
    """The `source_hash` in a page's front matter (read as text: a hash may look like a number)."""
    text = path.read_text(encoding="utf-8")
    front = text[4 : text.index("\n---", 4)] if text.startswith("---\n") else ""
    found = re.search(r"^source_hash: *(\S+) *$", front, re.M)
    return found.group(1) if found else None


@pytest.mark.parametrize("visitor", ["en", "de", "fr", "es", "ar"])
def test_the_status_page_counts_every_language_in_the_visitors_language(site: Path, visitor: str) -> None:
    page = soup(site / prefix(visitor) / "translation-status" / "index.html")
    table = page.select_one("#table-l10n-messages")
    columns = [
        "Language",
        "Messages",
        "Translated",
        "To review",
        "Missing",
        "Broken",
        "Complete",
        "Interface",
    ]
    assert [th.get_text(strip=True) for th in table.select("thead th")] == [_tr(visitor, c) for c in columns]
    with (ROOT / PROVIDER / "pricing.pot").open("rb") as handle:
        keys = [(m.context, m.id if isinstance(m.id, str) else m.id[0]) for m in read_po(handle) if m.id]
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=TolerantLoader)
    i18n = next(p["i18n"] for p in config["plugins"] if isinstance(p, dict) and "i18n" in p)
    names = {lang["locale"]: lang["name"] for lang in i18n["languages"] if not lang.get("default")}
    rows = {
        tr.th.get_text(): [visible(td.get_text()) for td in tr.find_all("td")]
        for tr in table.select("tbody tr")
    }
    assert sorted(rows) == sorted(names.values())
    for locale, name in names.items():
        po = _translations(locale)
        done = sum(
            1
            for key in keys
            if key in po
            and not po[key].fuzzy
            and all(po[key].string if isinstance(po[key].string, tuple) else [po[key].string])
        )
        assert rows[name][:2] == [
            format_decimal(len(keys), locale=visitor),
            format_decimal(done, locale=visitor),
        ]
        # Tarifa ships its interface in every language of the example, complete.
        assert rows[name][-1] == visible(format_percent(1, locale=visitor))


def test_the_status_page_tells_each_pages_state(site: Path) -> None:
    docs = ROOT / "docs"
    sources = sorted(p.name for p in docs.glob("*.md") if p.name.count(".") == 1)
    page = soup(site / "de" / "translation-status" / "index.html")
    for locale in ("de", "fr", "es", "ar"):
        table = page.select_one(f"#table-l10n-pages-{locale}")
        rows = table.select("tbody tr")
        assert len(rows) == len(sources)
        for row, source in zip(rows, sources, strict=True):
            translated = docs / f"{source[:-3]}.{locale}.md"
            if not translated.exists():
                state = "Not translated: shown in English"
            elif _recorded(translated) is None:
                state = "Translated, not yet checked against the English page"
            else:
                english = hashlib.sha256(
                    (docs / source).read_text(encoding="utf-8").strip().encode()
                ).hexdigest()
                current = _recorded(translated) == english[:12]
                state = (
                    "Translated and up to date" if current else "Translated, but older than the English page"
                )
            assert row.find_all("td")[0].get_text() == _tr("de", state), source
            link = row.th.find("a")
            target = site / "de" / "translation-status" / link["href"] / "index.html"
            assert target.resolve().is_file(), (source, link["href"])


# ── Configuration: the required completeness ─────────────────────────────────────────
def test_required_completeness_per_language(tmp_path: Path) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text(
        "site_name: x\n"
        "plugins:\n  - i18n:\n      languages:\n        - {locale: en, name: English, default: true}\n"
        "        - {locale: ja, name: 日本語}\n        - {locale: de, name: Deutsch, build: false}\n"
        "  - tarifa:\n      required_completeness: {default: 90, ja: 0}\n",
        encoding="utf-8",
    )
    config = site_config.load(path)
    assert (config.required_for("ja"), config.required_for("fr")) == (0, 90)
    assert config.shipped == ["ja"]


def test_a_wrong_required_completeness_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "mkdocs.yml"
    path.write_text("site_name: x\nplugins:\n  - tarifa:\n      required_completeness: {default: 120}\n")
    with pytest.raises(l10n_status.TarifaError) as caught:
        site_config.load(path)
    assert str(caught.value) == (
        "mkdocs.yml:4:1: plugins.tarifa.required_completeness.default: expected a percentage from 0 to 100, "
        "found 120"
    )


def test_tier_names_stand_as_labels_never_inside_a_sentence() -> None:
    """A translated tier name cannot agree with the words around it ("Offre Gratuit", "Im Tarif
    Kostenlos"): in every message of Tarifa's interface a tier's name is a label before a colon, or
    a list after one."""
    from babel.messages.pofile import read_po

    with (ROOT / "hooks" / "tarifa" / "l10n" / "locales" / "tarifa.pot").open("rb") as handle:
        template = read_po(handle)
    placed = re.compile(r"^%\(tiers?\)s:|: %\(tiers?\)s\.?$")
    found = []
    for message in template:
        for text in message.id if isinstance(message.id, tuple) else (message.id,):
            if re.search(r"%\(tiers?\)s", text or ""):
                found.append(text)
                assert placed.search(text) and len(re.findall(r"%\(tiers?\)s", text)) == 1, text
    assert len(found) >= 6, found  # the calculator's, the rate limits', the cards', fine-tuning's
