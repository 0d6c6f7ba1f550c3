"""gettext catalogues of the generated pages: read from `.po`, compiled in memory at build time.

The `.po` files live in `overrides/locales/<locale>/LC_MESSAGES/tarifa.po`; `.mo` files are never
written to the repository. Compiled catalogues are cached per process and recompiled when the
`.po` file changes, so `mkdocs serve` shows a saved translation at the next rebuild.
"""

from __future__ import annotations

import gettext
from io import BytesIO
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from . import i18ncheck, poparse
from .errors import Problem, TarifaError

DOMAIN = "tarifa"
SOURCE_LOCALE = "en"

#: Context (msgctxt) of each kind of translatable catalogue string.
CONTEXTS = {
    "tier_name": "tier name",
    "tier_summary": "tier summary",
    "feature_name": "feature name",
    "feature_value": "feature value",
    "model_name": "model name",
    "model_description": "model description",
    "payment_method": "payment method",
}

_cache: dict[tuple[Path, str], tuple[float, gettext.NullTranslations]] = {}


def po_path(locales_dir: Path, locale: str) -> Path:
    return locales_dir / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def pot_path(locales_dir: Path) -> Path:
    return locales_dir / f"{DOMAIN}.pot"


def load(locales_dir: Path, locale: str) -> gettext.NullTranslations:
    """The compiled translations of `locale` (English, the source, translates to itself)."""
    if locale == SOURCE_LOCALE:
        return gettext.NullTranslations()
    path = po_path(locales_dir, locale)
    if not path.exists():
        raise TarifaError(
            [Problem(str(path), 1, 1, "", f"a translation catalogue for {locale!r}", "no file")]
        )
    mtime = path.stat().st_mtime
    cached = _cache.get((locales_dir, locale))
    if cached and cached[0] == mtime:
        return cached[1]
    translations = compile_po(path, locale)
    _cache[(locales_dir, locale)] = (mtime, translations)
    return translations


def compile_po(path: Path, locale: str) -> Translations:
    """Compile a `.po` file into translations in memory, refusing a broken file.

    The file is first read as written (`poparse`, which keeps every line) and each entry the
    pages would use is checked as `tarifa check` does (`i18ncheck`): a placeholder renamed,
    dropped or added, a plural form missing, markup, or a Plural-Forms header that does not fit
    the language is refused with the file and line, so no price or count silently disappears and
    no `%` crashes the build. Fuzzy and untranslated entries are left out: those show English.
    """
    problems = _problems(path, locale)
    if problems:
        raise TarifaError(problems)
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale, abort_invalid=True)
    except PoFileError as error:  # pragma: no cover - poparse refuses these first
        line = getattr(error, "lineno", 1) or 1
        raise TarifaError(
            [Problem(str(path), line, 1, "", "a valid gettext catalogue", str(error))]
        ) from None
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


def _problems(path: Path, locale: str) -> list[Problem]:
    """Everything in the `.po` file at `path` that would make a page wrong, with its line."""
    try:
        name = str(path.resolve().relative_to(Path.cwd()))  # as the editor sees it
    except ValueError:
        name = str(path)
    raw = path.read_bytes()
    problems: list[Problem] = []
    for number, row in enumerate(raw.split(b"\n"), start=1):
        try:
            row.decode("utf-8")
        except UnicodeDecodeError as error:
            column = len(row[: error.start].decode("utf-8", errors="replace")) + 1
            found = f"the byte 0x{row[error.start]:02x}, which is not UTF-8"
            expected = "UTF-8 text (save the file as UTF-8)"
            problems.append(Problem(name, number, column, "", expected, found))
    if problems:
        return problems
    try:
        po = poparse.parse(raw.decode("utf-8"), name)
    except TarifaError as error:
        return list(error.problems)
    problems += [p for p in i18ncheck.header_problems(po, locale) if p.path == "header Plural-Forms"]
    nplurals, _ = i18ncheck.expected_plurals(locale)
    for entry in po.messages:
        if entry.fuzzy or not any(entry.strings.values()):
            continue  # not used: the page shows the English text
        if not entry.translated:
            empty = ", ".join(f"msgstr[{i}]" for i, text in sorted(entry.strings.items()) if not text)
            line = min(entry.string_lines.values(), default=entry.line)
            expected = "a translation in every plural form"
            problems.append(Problem(name, line, 1, entry.describe(), expected, f"{empty} empty"))
            continue
        problems += i18ncheck.entry_problems(po, entry, nplurals)
    return problems
