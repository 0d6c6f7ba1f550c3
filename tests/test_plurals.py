"""Plural forms: CLDR's categories in GNU gettext's order, and English for what is not translated.

The expected headers below are GNU gettext's documented ones ("Additional functions for plural
forms" in its manual) and Weblate's CLDR-based ones, written by hand; the rule must give every
count the same form as CLDR (read through Babel) and the same as those headers.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from babel import Locale, localedata
from babel.messages.pofile import read_po

from conftest import DOMAINS
from tarifa.l10n import domains, messages
from tarifa.l10n.plurals import CHECKED, form_mapping, plural_rule, same_rule

MSGFMT = shutil.which("msgfmt")
#: Plural-Forms as GNU gettext's manual and Weblate write them (CLDR's categories, GNU's order).
GNU = {
    "ar": (6, "n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5"),
    "he": (3, "n==1 ? 0 : n==2 ? 1 : 2"),
    "ja": (1, "0"),
    "de": (2, "n != 1"),
    "fr": (2, "n>1"),
    "es": (2, "n != 1"),
    "ru": (3, "n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2"),
    "pl": (3, "n==1 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2"),
    "cs": (3, "(n==1) ? 0 : (n>=2 && n<=4) ? 1 : 2"),
}
COUNTED = re.compile(r"%\(num\)s (\S+)")  # the counted noun follows the count
LEGACY_AR = (
    "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    "n%100>=0 && n%100<=2 ? 4 : 5);"
)


@pytest.mark.parametrize("locale", sorted(GNU))
def test_the_rule_is_gnu_gettexts(locale: str) -> None:
    nplurals, expr = GNU[locale]
    rule = plural_rule(locale)
    assert rule.nplurals == nplurals
    assert same_rule(expr, rule.expr)


def test_every_cldr_locale_gets_cldrs_category_for_every_count() -> None:
    for locale in (name for name in localedata.locale_identifiers() if "_" not in name):
        rule, cldr = plural_rule(locale), Locale.parse(locale).plural_form
        assert [rule.categories[rule.form(n)] for n in CHECKED] == [cldr(n) for n in CHECKED], locale


def test_hebrew_has_cldrs_three_forms_and_arabic_counts_11_to_99_in_form_4() -> None:
    assert plural_rule("he").categories == ("one", "two", "other")
    ar = plural_rule("ar")
    counts = (0, 1, 2, 3, 10, 11, 99, 100, 102, 103, 111)
    assert [ar.form(n) for n in counts] == [0, 1, 2, 3, 3, 4, 4, 5, 5, 3, 4]


@pytest.mark.parametrize("locale", ["ar", "he", "ja", "fr", "ru", "cy"])
def test_gnu_msgfmt_accepts_a_new_catalogue(tmp_path: Path, locale: str) -> None:
    assert MSGFMT is not None, "GNU gettext is missing: run `make chromium` (apt-get install gettext)"
    pot = messages.new_po("en")
    pot.add(("%(num)s day", "%(num)s days"), locations=[("x.py", 1)], flags={"python-format"})
    messages.update(tmp_path, locale, pot)
    path = domains.po_path(tmp_path, locale)
    text = path.read_text(encoding="utf-8")
    rule = plural_rule(locale)
    assert f"Plural-Forms: {rule.header}" in text.replace('"\n"', "")
    assert text.count("msgstr[") == rule.nplurals
    result = subprocess.run([MSGFMT, "-c", "-o", os.devnull, str(path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_shipped_arabic_catalogues_put_11_to_99_in_form_4() -> None:
    """Arabic counts 11-99 take the singular accusative (tanween: 11 رمزًا), 100 the genitive (100 رمز)."""
    rule = plural_rule("ar")
    checked = 0
    for folder, domain in DOMAINS:
        with domains.po_path(folder, "ar", domain).open("rb") as handle:
            po = read_po(handle, locale="ar")
        for message in po:
            if message.id and message.pluralizable and message.string[4] != message.string[5]:
                # The counted noun: the word after the number.
                eleven, hundred = (COUNTED.search(message.string[rule.form(n)]) for n in (11, 100))
                assert eleven and "\u064b" in eleven.group(1), message.id
                assert hundred and "\u064b" not in hundred.group(1), message.id
                checked += 1
    assert checked >= 4


# ── tarifa update moves the forms of a catalogue written with another rule ─────────────
def _write(tmp_path: Path, locale: str, header: str, forms: list[str]) -> Path:
    path = domains.po_path(tmp_path, locale)
    path.parent.mkdir(parents=True)
    strings = "".join(f'msgstr[{i}] "{text}"\n' for i, text in enumerate(forms))
    path.write_text(
        f'msgid ""\nmsgstr ""\n"Language: {locale}\\n"\n"Plural-Forms: {header}\\n"\n'
        '"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'#, python-format\nmsgid "%(num)s day"\nmsgid_plural "%(num)s days"\n{strings}',
        encoding="utf-8",
    )
    return path


def _template() -> messages.PoCatalog:
    pot = messages.new_po("en")
    pot.add(("%(num)s day", "%(num)s days"), locations=[("x.py", 1)], flags={"python-format"})
    return pot


def test_update_moves_babels_legacy_arabic_forms_into_cldrs_order(tmp_path: Path) -> None:
    forms = ["0 يوم", "يوم واحد", "يومان", "%(num)s أيام", "%(num)s يوم", "%(num)s يومًا"]
    path = _write(tmp_path, "ar", LEGACY_AR, forms)
    assert form_mapping(LEGACY_AR, plural_rule("ar")) == [0, 1, 2, 3, 5, 4]
    result = messages.update(tmp_path, "ar", _template())
    assert result.old_plural_forms == LEGACY_AR
    assert "plural forms moved to CLDR's rule" in result.summary()
    with path.open("rb") as handle:
        po = read_po(handle, locale="ar")
    assert po.plural_forms == plural_rule("ar").header
    message = po.get("%(num)s day")
    assert message.string == tuple(forms[i] for i in (0, 1, 2, 3, 5, 4))
    assert not message.fuzzy  # the same translations, in their new places
    assert messages.update(tmp_path, "ar", _template()).old_plural_forms is None


def test_update_gives_babels_two_form_hebrew_cldrs_third_form_for_review(tmp_path: Path) -> None:
    path = _write(tmp_path, "he", "nplurals=2; plural=(n != 1);", ["יום אחד", "%(num)s ימים"])
    result = messages.update(tmp_path, "he", _template())
    assert result.old_plural_forms == "nplurals=2; plural=(n != 1);"
    with path.open("rb") as handle:
        po = read_po(handle, locale="he")
    message = po.get("%(num)s day")
    assert message.string == ("יום אחד", "%(num)s ימים", "%(num)s ימים")  # "two" copied from the plural
    assert message.fuzzy  # to review: Hebrew says יומיים for two days


# ── Untranslated plural messages fall back to the English form of each count ──────────
ENGLISH = {1: "%(num)s day", 0: "%(num)s days", 2: "%(num)s days", 11: "%(num)s days", 100: "%(num)s days"}


@pytest.mark.parametrize("locale", ["ja", "he", "ar", "de"])
def test_an_untranslated_plural_message_shows_the_english_form_of_each_count(
    tmp_path: Path, locale: str
) -> None:
    messages.update(tmp_path, locale, _template())
    translations = domains.compile_po(domains.po_path(tmp_path, locale), locale)
    for count, english in ENGLISH.items():
        assert translations.ngettext("%(num)s day", "%(num)s days", count) == english, (locale, count)


def test_a_providers_untranslated_plural_message_does_not_hide_tarifas_translation(tmp_path: Path) -> None:
    """A provider's `tarifa.po` with the entry empty: the page shows Tarifa's German, not English."""
    messages.update(tmp_path, "de", messages.new_po("en"), domain=domains.INTERFACE)
    with domains.pot_path(domains.PACKAGE_LOCALES, domains.INTERFACE).open("rb") as handle:
        messages.update(tmp_path, "de", read_po(handle), domain=domains.INTERFACE)
    interface = domains.Domains(tmp_path).interface("de")
    assert interface.ngettext("%(num)s day", "%(num)s days", 30) == "%(num)s Tage"
