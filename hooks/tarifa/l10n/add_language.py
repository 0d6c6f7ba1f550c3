"""`tarifa add-language LOCALE`: everything a new language needs to build.

1. its gettext catalogue, with CLDR's plural rule (from Babel) and every message untranslated;
2. its entry in the i18n plugin's `languages` in `mkdocs.yml`, inserted as text after the last
   language so that comments and layout survive.

No page stubs are written. mkdocs-static-i18n falls back to the English page for every page
without a translation, Tarifa's tables on it are still in the new language, and a notice at the
top says that the text is not translated yet and links to the English original. Copies of the
English pages would only be English text that nobody marks stale; `tarifa status` lists the
pages still missing, and a translator creates one by copying the English file when starting.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.messages.pofile import read_po

from tarifa import site_config
from tarifa.l10n import messages
from tarifa.l10n.domains import INTERFACE, PACKAGE_LOCALES, po_path, pot_path
from tarifa.l10n.status import Sources
from tarifa.problems import Problem, TarifaError

_PLUGIN = re.compile(r"^(?P<indent>[ \t]*)(?:- )?i18n:[ \t]*(#.*)?$")
_LANGUAGES = re.compile(r"^(?P<indent>[ \t]*)languages:[ \t]*(#.*)?$")


def material_languages() -> set[str] | None:
    """Languages Material for MkDocs has a file for, or None if Material is not installed."""
    spec = importlib.util.find_spec("material")
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations))) / "templates" / "partials" / "languages"
    return {p.stem for p in folder.glob("*.html")} if folder.is_dir() else None


def native_name(locale: str) -> str:
    """The language's name in itself, as a language switcher shows it: `עברית`, `日本語`."""
    parsed = Locale.parse(locale)
    name = parsed.get_display_name(parsed) or locale
    return name[:1].upper() + name[1:]


_SITE_TEXT = re.compile(r"^(?P<key>site_name|site_description|copyright):[ \t]*(?P<value>\S.*?)[ \t]*$")


def site_texts(text: str) -> list[tuple[str, str]]:
    """The site's own texts at the top level of `mkdocs.yml` (name, description, copyright), as
    written there: a new language gets them to translate in its `languages` entry."""
    return [
        (match["key"], match["value"])
        for line in text.splitlines()
        if (match := _SITE_TEXT.match(line)) and not match["value"].startswith(("!", "&", "*", "|", ">"))
    ]


def insert_language(text: str, locale: str, name: str, config_name: str) -> str:
    """`mkdocs.yml` text with one more entry in the i18n plugin's `languages`, as the last one,
    with the site's name, description and copyright in English for a translator to translate."""
    lines = text.splitlines(keepends=True)
    start = next((i for i, line in enumerate(lines) if _PLUGIN.match(line.rstrip("\r\n"))), None)
    if start is None:
        raise TarifaError(
            [Problem(config_name, 1, 1, "plugins", "the i18n plugin (mkdocs-static-i18n)", "none")]
        )
    plugin_indent = len(_PLUGIN.match(lines[start].rstrip("\r\n")).group("indent"))  # type: ignore[union-attr]
    header = None
    for i in range(start + 1, len(lines)):
        stripped = lines[i].strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(lines[i]) - len(lines[i].lstrip())
        if indent <= plugin_indent:
            break
        if _LANGUAGES.match(lines[i].rstrip("\r\n")):
            header = i
            break
    if header is None:
        raise TarifaError([Problem(config_name, start + 1, 1, "plugins.i18n", "a languages: list", "none")])
    header_indent = len(lines[header]) - len(lines[header].lstrip())
    item_indent: int | None = None
    last = header
    for i in range(header + 1, len(lines)):
        stripped = lines[i].strip()
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(lines[i]) - len(lines[i].lstrip())
        if item_indent is None:
            if not stripped.startswith("- ") or indent < header_indent:
                break
            item_indent = indent
        if indent < item_indent or (indent == item_indent and not stripped.startswith("- ")):
            break
        last = i
    if item_indent is None:
        raise TarifaError(
            [Problem(config_name, header + 1, 1, "plugins.i18n.languages", "a list of languages", "none")]
        )
    newline = "\r\n" if lines[header].endswith("\r\n") else "\n"
    pad = " " * item_indent
    entry = [
        f"{pad}- locale: {locale}{newline}",
        f"{pad}  name: {_yaml_text(name)}{newline}",
        f"{pad}  build: true{newline}",
    ]
    texts = site_texts(text)
    if texts:
        entry.append(
            f"{pad}  # In English until translated into {locale}: translate these three lines.{newline}"
        )
        entry += [f"{pad}  {key}: {value}{newline}" for key, value in texts]
    if not lines[last].endswith(("\n", "\r")):
        lines[last] += newline
    return "".join([*lines[: last + 1], *entry, *lines[last + 1 :]])


def _yaml_text(text: str) -> str:
    """A YAML scalar for `text`: plain when it is only words, else a double-quoted string."""
    return text if re.fullmatch(r"[^\W\d_][\w .()]*(?<! )", text) else json.dumps(text, ensure_ascii=False)


def add_language(
    project: Sources, config_path: Path, locale: str, name: str | None = None, *, interface: bool = False
) -> list[str]:
    """Create the catalogue and the configuration of `locale`; return what was done, line by line.

    With `interface`, also a `tarifa.po` of Tarifa's own interface in the provider's locales
    folder, to translate it there when Tarifa does not ship the language (or to correct it)."""
    shown = project.display(config_path)
    try:
        Locale.parse(locale)
    except (UnknownLocaleError, ValueError):
        raise TarifaError(
            [Problem("add-language", 1, 1, "LOCALE", "a CLDR locale such as he, ja or pt_BR", repr(locale))]
        ) from None
    supported = material_languages()
    if supported is not None and locale not in supported:
        raise TarifaError(
            [
                Problem(
                    "add-language",
                    1,
                    1,
                    "LOCALE",
                    "a language Material for MkDocs has a theme file for "
                    "(material/templates/partials/languages/)",
                    repr(locale),
                )
            ]
        )
    config = site_config.load(config_path)
    done = []
    path = po_path(project.locales, locale)
    if path.exists():
        done.append(f"{project.display(path)}: already there")
    else:
        pot = messages.extract_provider(project.catalogue, project.catalog, project.root)
        messages.write_pot(pot, project.locales)
        result = messages.update(project.locales, locale, pot)
        done.append(f"{project.display(path)}: created, {result.untranslated} messages to translate")
    shipped = po_path(PACKAGE_LOCALES, locale, INTERFACE).exists()
    own = po_path(project.locales, locale, INTERFACE)
    if interface and not own.exists():
        with pot_path(PACKAGE_LOCALES, INTERFACE).open("rb") as handle:
            template = read_po(handle)
        result = messages.update(project.locales, locale, template, domain=INTERFACE)
        done.append(f"{project.display(own)}: created, {result.untranslated} messages of Tarifa's interface")
    elif not shipped and not own.exists():
        done.append(
            f"Tarifa's interface is not translated into {locale} yet: it shows in English "
            f"(`tarifa add-language {locale} --interface` creates its catalogue to translate here)"
        )
    if any(lang.locale == locale for lang in config.languages):
        done.append(f"{shown}: {locale} is already configured")
    else:
        text = config_path.read_text(encoding="utf-8")
        updated = insert_language(text, locale, name or native_name(locale), shown)
        config_path.write_text(updated, encoding="utf-8")
        if not any(lang.locale == locale for lang in site_config.load(config_path).languages):
            config_path.write_text(text, encoding="utf-8")
            raise TarifaError(
                [Problem(shown, 1, 1, "plugins.i18n.languages", f"a place for {locale!r}", "an odd layout")]
            )
        done.append(f"{shown}: added {locale} to the i18n plugin's languages")
    return done
