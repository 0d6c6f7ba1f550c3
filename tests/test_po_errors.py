"""Broken `.po` files are refused by the build with the file and line; what passes is text, never markup.

Each case writes a small catalogue by hand, so the line of every mistake is known from the text
below (the header takes lines 1-9; the first entry starts on line 10).
"""

from __future__ import annotations

import datetime as dt
import shutil
from gettext import NullTranslations
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, build_site
from tarifa.catalogue.load import load_catalog
from tarifa.l10n.domains import compile_po
from tarifa.l10n.formatting import formatter
from tarifa.l10n.plurals import plural_rule
from tarifa.pages import markup, views
from tarifa.problems import Problem, TarifaError
from test_catalogue_errors import copy_project

#: The Plural-Forms header of each language, from CLDR (through Babel).
PLURALS = {locale: plural_rule(locale).header for locale in ("de", "ar")}


def po_text(body: str, locale: str = "de", plural_forms: str | None = None) -> str:
    return (
        'msgid ""\n'
        'msgstr ""\n'
        f'"Language: {locale}\\n"\n'
        f'"Plural-Forms: {plural_forms or PLURALS[locale]}\\n"\n'
        '"MIME-Version: 1.0\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n'
        '"Content-Transfer-Encoding: 8bit\\n"\n'
        "\n"
        "# first entry\n" + body
    )


def refused(tmp_path: Path, text: str | bytes, locale: str = "de") -> list[Problem]:
    path = tmp_path / f"{locale}.po"
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    with pytest.raises(TarifaError) as caught:
        compile_po(path, locale)
    problems = caught.value.problems
    assert all(p.file.endswith(f"{locale}.po") for p in problems)
    assert all("\n" not in str(p) for p in problems)
    return problems


def where(problems: list[Problem]) -> list[tuple[int, str]]:
    return [(p.line, p.path) for p in problems]


# ── Refused, with the line ──────────────────────────────────────────────────────────────
def test_a_string_that_is_never_closed(tmp_path: Path) -> None:
    problems = refused(tmp_path, po_text('msgid "Models"\nmsgstr "Modelle\n'))
    assert where(problems) == [(11, "")]
    assert problems[0].found == "'msgstr \"Modelle'"


def test_a_msgstr_without_quotes(tmp_path: Path) -> None:
    problems = refused(tmp_path, po_text('msgid "Models"\nmsgstr Modelle\n'))
    assert where(problems) == [(11, "")]


def test_a_file_in_another_encoding_names_each_line(tmp_path: Path) -> None:
    text = po_text('msgid "Models"\nmsgstr "Modèle"\n\nmsgid "Price"\nmsgstr "Précio"\n')
    problems = refused(tmp_path, text.encode("latin-1"))
    assert [(p.line, p.column) for p in problems] == [(11, 12), (14, 11)]  # è, é
    assert problems[0].found == "the byte 0xe8, which is not UTF-8"


def test_a_renamed_placeholder(tmp_path: Path) -> None:
    body = '#, python-format\nmsgid "%(tier)s tier"\nmsgstr "Tarif %(tarif)s"\n'
    problems = refused(tmp_path, po_text(body))
    assert where(problems) == [(12, "msgid '%(tier)s tier'")]
    assert "%(tier)s" in problems[0].found and "%(tarif)s" in problems[0].found


def test_a_dropped_placeholder(tmp_path: Path) -> None:
    """A dropped %(price)s would silently remove a price from the page."""
    body = '#, python-format\nmsgid "From %(price)s per hour"\nmsgstr "Pro Stunde"\n'
    problems = refused(tmp_path, po_text(body))
    assert where(problems) == [(12, "msgid 'From %(price)s per hour'")]
    assert "%(price)s" in problems[0].found


def test_a_lone_percent_sign_that_would_crash_the_formatting(tmp_path: Path) -> None:
    body = '#, python-format\nmsgid "%(share)s off"\nmsgstr "%(share)s Rabatt, bis 100 %"\n'
    problems = refused(tmp_path, po_text(body))
    assert where(problems) == [(12, "msgid '%(share)s off'")]
    assert "%%" in problems[0].found


def test_missing_plural_forms(tmp_path: Path) -> None:
    body = (
        'msgid "%(num)s day"\nmsgid_plural "%(num)s days"\nmsgstr[0] "%(num)s يوم"\nmsgstr[1] "%(num)s يوم"\n'
    )
    problems = refused(tmp_path, po_text(body, "ar"), "ar")
    assert where(problems) == [(12, "msgid '%(num)s day'")]
    assert "6 plural forms" in problems[0].expected


def test_an_empty_plural_form(tmp_path: Path) -> None:
    body = 'msgid "%(num)s day"\nmsgid_plural "%(num)s days"\nmsgstr[0] "%(num)s Tag"\nmsgstr[1] ""\n'
    problems = refused(tmp_path, po_text(body))
    assert where(problems) == [(12, "msgid '%(num)s day'")]
    assert problems[0].found == "msgstr[1] empty"


def test_a_plural_rule_that_does_not_fit_the_language(tmp_path: Path) -> None:
    text = po_text('msgid "Models"\nmsgstr "النماذج"\n', "ar", "nplurals=2; plural=(n != 1);")
    problems = refused(tmp_path, text, "ar")
    assert where(problems) == [(4, "header Plural-Forms")]


@pytest.mark.parametrize(
    "translation",
    ["<b>Modelle</b>", "[Modelle](https://evil.example)", "Modelle<script>alert(1)</script>", "&lt;Modelle"],
)
def test_markup_in_a_translation(tmp_path: Path, translation: str) -> None:
    problems = refused(tmp_path, po_text(f'msgid "Models"\nmsgstr "{translation}"\n'))
    assert {p.line for p in problems} == {11}
    assert all(p.expected.startswith("plain text") for p in problems)


def test_an_unclosed_tag_that_the_theme_would_close(tmp_path: Path) -> None:
    """`Modelle <img src=x onerror=alert(1)` has no `>`: the theme's next tag would supply it."""
    problems = refused(tmp_path, po_text('msgid "Models"\nmsgstr "Modelle <img src=x onerror=alert(1)"\n'))
    assert [(p.line, p.found) for p in problems] == [(11, "HTML tag '<img src=x onerror=alert(1)'")]


@pytest.mark.parametrize("control", ["\u202e", "\u2066", "\u200f", "\u061c", "\u2028", "\x1b"])
def test_bidi_and_control_characters_in_a_translation(tmp_path: Path, control: str) -> None:
    """U+202E would show "1 $ = 0,8611 €" as "€ 1168,0 = $ 1"."""
    body = f'#, python-format\nmsgid "%(one)s = %(rate)s"\nmsgstr "{control}%(one)s = %(rate)s"\n'
    problems = refused(tmp_path, po_text(body))
    assert [(p.line, p.found) for p in problems] == [(12, f"U+{ord(control):04X}")]
    assert "\n" not in str(problems[0]) and control not in str(problems[0])


@pytest.mark.parametrize("translation", ["Pro Tag %d", "Pro Tag %s", "%.2f pro Tag"])
def test_printf_conversions_in_a_message_without_placeholders(tmp_path: Path, translation: str) -> None:
    problems = refused(tmp_path, po_text(f'msgid "Per day"\nmsgstr "{translation}"\n'))
    assert [p.line for p in problems] == [11]
    assert problems[0].expected == "plain text without printf conversions"


def test_percent_signs_in_template_strings_show_as_written(tmp_path: Path) -> None:
    """A template message without placeholders is not %-formatted, so "100%" stays "100%"; one
    with placeholders is, so its translation must write %% (and `tarifa check` says so)."""
    from tarifa.pages.render import Renderer

    body = (
        'msgid "Per day"\nmsgstr "Pro Tag (100%)"\n\n'
        '#, python-format\nmsgid "%(share)s off"\nmsgstr "%(share)s Rabatt (100 %%)"\n'
    )
    path = tmp_path / "de.po"
    path.write_text(po_text(body), encoding="utf-8")
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "t.html").write_text('{{ _("Per day") }}|{{ _("%(share)s off", share="<50 %>") }}')
    catalog = load_catalog(Path(__file__).parent / "catalogues" / "valid" / "minimal.yaml")
    ctx = views.Context(
        catalog, "de", formatter("de", catalog.currency), compile_po(path, "de"), dt.date(2026, 1, 1)
    )
    assert Renderer(templates).render(ctx, "t.html") == "Pro Tag (100%)|&lt;50 %&gt; Rabatt (100 %)"


def test_a_template_error_is_one_line_naming_the_template(tmp_path: Path) -> None:
    from tarifa.pages.render import Renderer

    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "broken.html").write_text("<p>\n{% if %}</p>\n")
    (templates / "undefined.html").write_text("<p>\n\n{{ nothing.here }}</p>\n")
    catalog = load_catalog(Path(__file__).parent / "catalogues" / "valid" / "minimal.yaml")
    ctx = views.Context(
        catalog, "en", formatter("en", catalog.currency), NullTranslations(), dt.date(2026, 1, 1)
    )
    for name, line in (("broken.html", 2), ("undefined.html", 3)):
        with pytest.raises(TarifaError) as caught:
            Renderer(templates).render(ctx, name)
        (problem,) = caught.value.problems
        assert problem.file.endswith(name) and problem.line == line, str(problem)
        assert "\n" not in str(problem)


def test_every_problem_of_a_file_at_once(tmp_path: Path) -> None:
    body = (
        'msgid "Models"\nmsgstr "<i>Modelle</i>"\n\n#, python-format\nmsgid "%(tier)s tier"\nmsgstr "Tarif"\n'
    )
    problems = refused(tmp_path, po_text(body))
    assert sorted({p.line for p in problems}) == [11, 15]


# ── Accepted: unused entries are ignored, and text stays text ──────────────────────────
def test_fuzzy_and_untranslated_entries_fall_back_to_english(tmp_path: Path) -> None:
    body = '#, fuzzy, python-format\nmsgid "%(tier)s tier"\nmsgstr "Tarif"\n\nmsgid "Models"\nmsgstr ""\n'
    path = tmp_path / "de.po"
    path.write_text(po_text(body), encoding="utf-8")
    t = compile_po(path, "de")
    assert t.gettext("%(tier)s tier") == "%(tier)s tier"
    assert t.gettext("Models") == "Models"


def test_angle_brackets_and_ampersands_in_a_translation_are_shown_as_text(tmp_path: Path) -> None:
    """`<` followed by a space is no tag: it passes the check, and the page escapes it."""
    header = "Modell < 1 & Co >"
    path = tmp_path / "de.po"
    path.write_text(po_text(f'msgid "Model"\nmsgstr "{header}"\n'), encoding="utf-8")
    t = compile_po(path, "de")
    catalog = load_catalog(Path(__file__).parent / "catalogues" / "valid" / "minimal.yaml")
    ctx = views.Context(catalog, "de", formatter("de", catalog.currency), t, dt.date(2026, 1, 1))
    table = views.price_tables(ctx)[0]
    html = str(markup.table(table))
    assert "Modell &lt; 1 &amp; Co &gt;" in html
    soup = BeautifulSoup(html, "lxml")
    assert soup.select("thead th")[0].get_text() == header


# ── The build ───────────────────────────────────────────────────────────────────────────
def test_mkdocs_build_refuses_a_broken_po_file(tmp_path: Path) -> None:
    project = copy_project(tmp_path)
    # Tarifa's interface translation, as a provider's correction of it would be (read first)
    po = project / "pricing" / "locales" / "de" / "LC_MESSAGES" / "tarifa.po"
    shutil.copyfile(ROOT / "hooks" / "tarifa" / "l10n" / "locales" / "de" / "LC_MESSAGES" / "tarifa.po", po)
    lines = po.read_text(encoding="utf-8").splitlines(keepends=True)
    number = next(i for i, line in enumerate(lines) if line.startswith('msgid "Models"')) + 1
    assert lines[number].startswith("msgstr ")
    lines[number] = 'msgstr "<b>Modelle</b>"\n'
    po.write_text("".join(lines), encoding="utf-8")
    out = tmp_path / "out"
    result = build_site(project / "mkdocs.yml", out)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    where = f"pricing/locales/de/LC_MESSAGES/tarifa.po:{number + 1}:1: msgid 'Models': expected plain text"
    assert where in output, output
    assert "Traceback" not in output
    assert not (out.exists() and any(out.rglob("*.html")))
