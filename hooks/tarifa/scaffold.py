"""`tarifa new DIR`: a complete small pricing site that builds at once.

It writes `mkdocs.yml` (Material, mkdocs-static-i18n when there is more than one language, and the
`tarifa` plugin), a starter catalogue with one model of each kind and its JSON Schema, three pages
with Tarifa's markers, a message template and an empty catalogue per other language (the site
shows English text until they are translated), a README and a `.gitignore`. The starter files
live in `tarifa/starter/`; `$provider` and friends are filled in.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from string import Template

from babel import Locale, UnknownLocaleError
from babel.numbers import list_currencies

from tarifa.build import atomic
from tarifa.catalogue.load import load_catalog
from tarifa.catalogue.model import SCHEMA_FILE, schema_text
from tarifa.l10n import messages
from tarifa.l10n.add_language import material_languages, native_name
from tarifa.l10n.domains import SOURCE_LOCALE, Domains
from tarifa.pages.labels import N_
from tarifa.problems import Problem, TarifaError

STARTER = Path(__file__).parent / "starter"
#: The names of the header's light/dark toggle (Material reads them out); translated from Tarifa's
#: interface catalogue for each language of a new site.
DARK = N_("Switch to dark mode")
LIGHT = N_("Switch to light mode")
#: Languages written right to left need nothing more: Material sets `dir` from the language.
GITIGNORE = "site/\n.*.tarifa-*/\n.cache/\n__pycache__/\n"


def _check(folder: Path, provider: str, languages: list[str], currency: str) -> None:
    problems = []
    if folder.exists() and any(folder.iterdir()):
        problems.append(Problem("tarifa new", 1, 1, "DIR", "an empty or new folder", f"{str(folder)!r}"))
    if not provider.strip() or any(c in provider for c in "<>\n\r\t"):
        problems.append(
            Problem("tarifa new", 1, 1, "--provider", "a name on one line, without < or >", repr(provider))
        )
    if not languages:
        problems.append(
            Problem("tarifa new", 1, 1, "--languages", "at least one language, such as en", "none")
        )
    supported = material_languages()
    for locale in languages:
        try:
            Locale.parse(locale)
        except (UnknownLocaleError, ValueError):
            problems.append(
                Problem("tarifa new", 1, 1, "--languages", "CLDR locales such as en,de,ar", repr(locale))
            )
            continue
        if supported is not None and locale not in supported:
            expected = "languages Material for MkDocs has a theme file for"
            problems.append(Problem("tarifa new", 1, 1, "--languages", expected, repr(locale)))
    if len(set(languages)) != len(languages):
        problems.append(Problem("tarifa new", 1, 1, "--languages", "each language once", ",".join(languages)))
    if currency not in list_currencies():
        problems.append(
            Problem("tarifa new", 1, 1, "--currency", "an ISO 4217 code such as USD", repr(currency))
        )
    if problems:
        raise TarifaError(problems)


def _interface(locale: str, text: str) -> str:
    """`text` in Tarifa's shipped translation for `locale` (English when it has none)."""
    return Domains(STARTER / "pricing" / "locales").interface(locale).gettext(text)


def mkdocs_yml(provider: str, languages: list[str]) -> str:
    """The site's configuration: Material without web fonts, the languages, the tarifa plugin."""
    name = json.dumps(f"{provider} pricing", ensure_ascii=False)
    description = json.dumps(f"Exact prices, tiers and rate limits of {provider}.", ensure_ascii=False)
    lines = [
        f"site_name: {name}",
        f"site_description: {description}",
        "# site_url: https://pricing.example.com/   # absolute links in the sitemap, feeds and JSON-LD",
        "",
        "theme:",
        "  name: material",
        "  font: false            # no web fonts: the site makes no third-party request",
        f"  language: {languages[0]}",
        "  features:",
        "    - navigation.tabs     # the pricing pages use the whole width: the menu is in tabs",
        "    - navigation.sections",
        "  palette:               # light or dark as the visitor's system says, with a toggle",
        '    - media: "(prefers-color-scheme: light)"',
        "      scheme: default",
        "      primary: indigo",
        "      accent: indigo",
        f"      toggle: {{icon: material/weather-night, name: {json.dumps(DARK)}}}",
        '    - media: "(prefers-color-scheme: dark)"',
        "      scheme: slate",
        "      primary: indigo",
        "      accent: indigo",
        f"      toggle: {{icon: material/weather-sunny, name: {json.dumps(LIGHT)}}}",
        "",
        "nav:",
        "  - index.md",
        "  - pricing.md",
        "  - how-pricing-works.md",
        "",
        "markdown_extensions:",
        "  - attr_list",
        "  - admonition",
        "  - tables",
        "  - toc:",
        "      permalink: true",
        "",
        "plugins:  # Tarifa searches with Pagefind (an index per language): no `search` plugin",
    ]
    if len(languages) > 1:
        lines += [
            "  - i18n:",
            "      docs_structure: suffix",
            "      fallback_to_default: true",
            "      reconfigure_material: true",
            "      languages:",
        ]
        for index, locale in enumerate(languages):
            lines += [
                f"        - locale: {locale}",
                f"          name: {json.dumps(native_name(locale), ensure_ascii=False)}",
                *(["          default: true"] if index == 0 else []),
                "          build: true",
            ]
            dark, light = (_interface(locale, text) for text in (DARK, LIGHT))
            if index > 0 and (dark, light) != (DARK, LIGHT):  # the toggle's name, in Tarifa's words
                lines += [
                    "          theme:",
                    "            palette:",
                    f"              - toggle: {{name: {json.dumps(dark, ensure_ascii=False)}}}",
                    f"              - toggle: {{name: {json.dumps(light, ensure_ascii=False)}}}",
                ]
    lines += [
        "  - tarifa:",
        "      catalogue: pricing/catalogue.yaml",
        "",
        "watch:",
        "  - pricing",
        "",
    ]
    return "\n".join(lines)


def new_site(folder: Path, provider: str, languages: list[str], currency: str = "USD") -> list[str]:
    """Write a new pricing site into `folder`; return what was written, line by line."""
    _check(folder, provider, languages, currency)
    values = {
        "provider": provider,
        "provider_yaml": json.dumps(provider, ensure_ascii=False),
        "currency": currency,
        "languages_text": ", ".join(Locale.parse(lang).english_name or lang for lang in languages),
    }
    written: list[str] = []
    final, folder = folder, atomic.new_folder(folder)  # all or nothing, like a build
    try:
        _write(folder, values, provider, languages, written)
    except BaseException:
        atomic.discard(folder)
        raise
    if final.exists():
        final.rmdir()  # empty (checked above)
    os.replace(folder, final)
    return [f"{final}: {path}" for path in sorted(written)] + [
        f"Next: cd {final} && mkdocs serve   (then edit pricing/catalogue.yaml and docs/)"
    ]


def _write(
    folder: Path, values: dict[str, str], provider: str, languages: list[str], written: list[str]
) -> None:
    for source in sorted(STARTER.rglob("*")):
        if source.is_dir():
            continue
        target = folder / source.relative_to(STARTER)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(Template(source.read_text(encoding="utf-8")).substitute(values), encoding="utf-8")
        written.append(str(target.relative_to(folder)))
    (folder / "mkdocs.yml").write_text(mkdocs_yml(provider, languages), encoding="utf-8")
    (folder / ".gitignore").write_text(GITIGNORE, encoding="utf-8")
    catalogue = folder / "pricing" / "catalogue.yaml"
    (catalogue.parent / SCHEMA_FILE).write_text(schema_text(), encoding="utf-8")
    written += ["mkdocs.yml", ".gitignore", f"pricing/{SCHEMA_FILE}"]
    catalog = load_catalog(catalogue, "pricing/catalogue.yaml")
    locales = catalogue.parent / "locales"
    pot = messages.extract_provider(catalogue, catalog, folder)
    messages.write_pot(pot, locales)
    written.append("pricing/locales/pricing.pot")
    for locale in [lang for lang in languages if lang != SOURCE_LOCALE]:
        result = messages.update(locales, locale, pot)
        written.append(f"{result.path.relative_to(folder)} ({result.untranslated} texts to translate)")
