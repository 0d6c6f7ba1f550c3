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
    """Compile a `.po` file into translations in memory, refusing a broken file."""
    try:
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=locale, abort_invalid=True)
    except PoFileError as error:
        line = getattr(error, "lineno", 1) or 1
        raise TarifaError(
            [Problem(str(path), line, 1, "", "a valid gettext catalogue", str(error))]
        ) from None
    except UnicodeDecodeError as error:
        raise TarifaError(
            [
                Problem(
                    str(path), 1, 1, "", "a catalogue encoded as UTF-8", f"undecodable byte ({error.reason})"
                )
            ]
        ) from None
    buffer = BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)
