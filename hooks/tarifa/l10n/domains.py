"""The two gettext domains of a Tarifa site, compiled in memory at build time.

* `tarifa` — Tarifa's own interface (column names, headings, units, the calculator): package
  data in `tarifa/l10n/locales/<locale>/LC_MESSAGES/tarifa.po`, translated upstream for every
  language Tarifa ships (en, de, fr, es, ar). A provider may add `tarifa.po` for another
  language, or to correct one, in its own locales folder: it is read first, and Tarifa's file
  fills what it does not translate. A language nobody translated shows the interface in English.
* `pricing` — the provider's own texts (tier names and summaries, feature names and values,
  model names and descriptions, payment methods): `<locales>/<locale>/LC_MESSAGES/pricing.po` in
  the provider's repository (`locales` option of the plugin).

`.mo` files are never written. Compiled catalogues are kept per process and compiled again when
the `.po` file changes, so `mkdocs serve` shows a saved translation at the next rebuild.
"""

from __future__ import annotations

import gettext
from functools import lru_cache
from io import BytesIO
from pathlib import Path
from typing import Any

from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from tarifa.l10n import checks, po_reader
from tarifa.problems import Problem, TarifaError

#: Tarifa's interface, and the provider's texts.
INTERFACE = "tarifa"
PROVIDER = "pricing"
SOURCE_LOCALE = "en"
#: Tarifa's own translations (package data).
PACKAGE_LOCALES = Path(__file__).parent / "locales"

#: Context (msgctxt) of each kind of translatable catalogue string.
CONTEXTS = {
    "tier_name": "tier name",
    "tier_summary": "tier summary",
    "feature_name": "feature name",
    "feature_value": "feature value",
    "model_name": "model name",
    "model_description": "model description",
    "payment_method": "payment method",
    "service_tier_name": "service tier name",
    "service_tier_summary": "service tier summary",
    "region_name": "region name",
    "tool_group_name": "tool group name",
    "tool_group_summary": "tool group summary",
    "image_quality": "image quality",
}


#: Share of Tarifa's interface messages a language needs translated for its tables to count as
#: being in that language (the notice on a page that fell back to English says so, or not).
INTERFACE_TRANSLATED = 0.9


def po_path(locales_dir: Path, locale: str, domain: str = PROVIDER) -> Path:
    return locales_dir / locale / "LC_MESSAGES" / f"{domain}.po"


def pot_path(locales_dir: Path, domain: str = PROVIDER) -> Path:
    return locales_dir / f"{domain}.pot"


def shipped_interface() -> list[str]:
    """The languages Tarifa's package translates its interface into (besides English)."""
    return sorted(p.parent.parent.name for p in PACKAGE_LOCALES.glob(f"*/LC_MESSAGES/{INTERFACE}.po"))


class Domains:
    """Compiled catalogues of one process, recompiled when their `.po` file changes."""

    def __init__(self, locales_dir: Path) -> None:
        self.locales_dir = locales_dir
        self._compiled: dict[Path, tuple[float, gettext.NullTranslations]] = {}

    def interface(self, locale: str) -> gettext.NullTranslations:
        """Tarifa's interface in `locale`: the provider's `tarifa.po`, then Tarifa's own, then English."""
        found = [
            path
            for path in (
                po_path(self.locales_dir, locale, INTERFACE),
                po_path(PACKAGE_LOCALES, locale, INTERFACE),
            )
            if locale != SOURCE_LOCALE and path.exists()
        ]
        if not found:
            return gettext.NullTranslations()
        compiled = [self._compile(path, locale) for path in reversed(found)]
        if len(compiled) == 1:
            return compiled[0]
        merged = Translations()  # Tarifa's translations, with the provider's own over them
        merged._catalog = {k: v for c in compiled for k, v in c._catalog.items()}  # type: ignore[attr-defined]
        merged.plural = compiled[0].plural  # type: ignore[attr-defined]
        return merged

    def interface_share(self, locale: str) -> float:
        """How much of Tarifa's interface is translated into `locale`, as the site shows it (0 to 1)."""
        if locale == SOURCE_LOCALE:
            return 1.0
        catalog: dict[Any, str] = getattr(self.interface(locale), "_catalog", {})
        keys = interface_keys()
        return sum(1 for key in keys if catalog.get(key)) / len(keys) if keys else 1.0

    def provider(self, locale: str) -> gettext.NullTranslations:
        """The provider's texts in `locale` (English, the source, translates to itself)."""
        if locale == SOURCE_LOCALE:
            return gettext.NullTranslations()
        path = po_path(self.locales_dir, locale, PROVIDER)
        if not path.exists():
            raise TarifaError(
                [
                    Problem(
                        str(path),
                        1,
                        1,
                        "",
                        f"your translations for {locale!r} (`tarifa add-language {locale}` creates the file)",
                        "no file",
                    )
                ]
            )
        return self._compile(path, locale)

    def _compile(self, path: Path, locale: str) -> gettext.NullTranslations:
        mtime = path.stat().st_mtime
        cached = self._compiled.get(path)
        if cached and cached[0] == mtime:
            return cached[1]
        compiled = compile_po(path, locale)
        self._compiled[path] = (mtime, compiled)
        return compiled


@lru_cache(maxsize=1)
def interface_keys() -> tuple[Any, ...]:
    """The interface's messages as compiled catalogues key them: `msgid`, `context\x04msgid`, or
    `(msgid, 0)` for a plural message."""
    with pot_path(PACKAGE_LOCALES, INTERFACE).open("rb") as handle:
        template = read_po(handle)
    keys: list[Any] = []
    for message in template:
        if not message.id:
            continue
        singular = message.id if isinstance(message.id, str) else message.id[0]
        text = f"{message.context}\x04{singular}" if message.context else singular
        keys.append(text if isinstance(message.id, str) else (text, 0))
    return tuple(keys)


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
    for message in list(catalog):
        # Babel writes an untranslated plural entry into the .mo with the English singular as
        # form 0 and the plural as every other form: "30 day" in Japanese (one form), "0 token"
        # in Arabic (form 0 is zero). Left out, gettext falls back to the English rule.
        if message.pluralizable and isinstance(message.string, tuple | list) and not all(message.string):
            catalog.delete(message.id, context=message.context)
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=path.stem)


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
        po = po_reader.parse(raw.decode("utf-8"), name)
    except TarifaError as error:
        return list(error.problems)
    problems += [p for p in checks.header_problems(po, locale) if p.path == "header Plural-Forms"]
    nplurals, _ = checks.expected_plurals(locale)
    for entry in po.messages:
        if entry.fuzzy or not any(entry.strings.values()):
            continue  # not used: the page shows the English text
        if not entry.translated:
            empty = ", ".join(f"msgstr[{i}]" for i, text in sorted(entry.strings.items()) if not text)
            line = min(entry.string_lines.values(), default=entry.line)
            expected = "a translation in every plural form"
            problems.append(Problem(name, line, 1, entry.describe(), expected, f"{empty} empty"))
            continue
        problems += checks.entry_problems(po, entry, nplurals)
    return problems
