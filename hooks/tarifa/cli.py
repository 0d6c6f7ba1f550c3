"""`tarifa` — the command line of providers, editors and translators.

tarifa new DIR             start a pricing site: mkdocs.yml, a starter catalogue, pages, translations
tarifa validate            check the catalogue and the comparisons, one line per problem
tarifa schema              write the catalogue's JSON Schema beside it
tarifa extract             write your messages' template (LOCALES/pricing.pot) from the catalogue
tarifa update [LOCALE]     extract, then merge the template into each .po (changed texts become fuzzy)
tarifa status              per language: your texts and Tarifa's interface translated; stale pages
tarifa check               fail on broken, missing or stale translations, glossary terms translated
                           another way, typography, pages unlike their English source (CI runs it)
tarifa mark-translated P   record in translated page P the hash of the English page it translates
tarifa add-language LOC    create LOC's catalogue and add LOC to mkdocs.yml; the site builds at once
tarifa check-site DIR      check a built site: links, anchors, titles, descriptions, hreflang, bidi isolation
tarifa build [-j N]        build the site with each language in its own process, on every core

Where the catalogue and the translations are comes from the `tarifa` plugin's options in
mkdocs.yml (`--config`), exactly as the build reads them.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from babel.messages.catalog import Catalog as PoCatalog

from tarifa import site_config
from tarifa.build import parallel, sitecheck
from tarifa.catalogue.model import SCHEMA_FILE, schema_text
from tarifa.l10n import add_language, messages, proofread
from tarifa.l10n import status as l10n_status
from tarifa.l10n.domains import INTERFACE, PACKAGE_LOCALES
from tarifa.problems import Problem, TarifaError
from tarifa.project import Project


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="tarifa", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    parser.add_argument("--config", default="mkdocs.yml", help="the site configuration (default: mkdocs.yml)")
    sub = parser.add_subparsers(dest="command", required=True)
    new = sub.add_parser("new", help="start a new pricing site in DIR")
    new.add_argument("dir", type=Path, help="an empty or new folder")
    new.add_argument("--provider", required=True, help='your name, as visitors see it: "Acme AI"')
    new.add_argument("--languages", default="en", help="comma-separated, the default first: en,de,ar")
    new.add_argument("--currency", default="USD", help="ISO 4217 code of the billing currency")
    sub.add_parser("validate", help="check the catalogue and the comparisons")
    sub.add_parser("schema", help="write the catalogue's JSON Schema")
    ext = sub.add_parser("extract", help="write the .pot of your texts")
    upd = sub.add_parser("update", help="extract, then merge the .pot into the .po files")
    upd.add_argument("locales", nargs="*", help="locales to update (default: all)")
    upd.add_argument("--drop-obsolete", action="store_true", help="delete obsolete (#~) entries")
    for command in (ext, upd):
        command.add_argument(
            "--interface",
            action="store_true",
            help="Tarifa's own interface, in a checkout of Tarifa (for Tarifa's maintainers)",
        )
    sub.add_parser("status", help="translation status per language: catalogues and pages")
    check = sub.add_parser("check", help="fail on anything wrong or missing in the translations")
    check.add_argument(
        "--required", type=float, help="completeness (percent) every language needs (default: mkdocs.yml)"
    )
    mark = sub.add_parser("mark-translated", help="record the English page's hash in translated pages")
    mark.add_argument("pages", nargs="+", type=Path, help="translated pages, e.g. docs/pricing.de.md")
    add = sub.add_parser("add-language", help="add a language: its catalogue and its mkdocs.yml entry")
    add.add_argument("locale", help="a CLDR locale such as he or ja")
    add.add_argument("--name", help="its name in the language switcher (default: from CLDR)")
    add.add_argument(
        "--interface", action="store_true", help="also a catalogue of Tarifa's interface, to translate here"
    )
    chk = sub.add_parser("check-site", help="check a built site: links, anchors, titles, hreflang")
    chk.add_argument("site", type=Path, nargs="?", default=Path("site"), help="default: site")
    chk.add_argument("--site-url", help="check canonical links and the sitemap under this URL too")
    chk.add_argument("--locales", help="e.g. en,de,fr (default language first; default: read from pages)")
    build = sub.add_parser("build", help="build the site, each language in its own process")
    build.add_argument("-j", "--jobs", type=int, help="processes (default: one per core)")
    build.add_argument("-d", "--site-dir", type=Path, help="output folder (default: the config's site_dir)")
    build.add_argument("-s", "--strict", action=argparse.BooleanOptionalAction, default=None)
    build.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    if args.command == "check-site":
        return sitecheck.main(args.site, site_url=args.site_url, locales=args.locales)
    if args.command == "build":
        site_dir = args.site_dir.resolve() if args.site_dir else None
        return parallel.build(
            args.root / args.config, site_dir, jobs=args.jobs, strict=args.strict, quiet=args.quiet
        )
    try:
        return _run(args, args.root.resolve())
    except TarifaError as error:
        _report(error.problems)
        return 1
    except BrokenPipeError:  # `tarifa status | head`: the reader has what it wanted
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


def _run(args: argparse.Namespace, root: Path) -> int:
    if args.command == "new":
        from tarifa import scaffold

        languages = [lang.strip() for lang in args.languages.split(",") if lang.strip()]
        for line in scaffold.new_site(args.dir, args.provider, languages, args.currency):
            print(line)
        return 0
    config_path = root / args.config
    config = site_config.load(config_path) if config_path.exists() else None
    if config is not None:
        project = Project.configured(root, config.options, config.custom_dir)
    else:
        project = Project.at(root)
    if args.command == "validate":
        catalog = project.catalog
        report = (
            f"{project.display(project.catalogue)}: {counted(len(catalog.models), 'model')}, "
            f"{counted(len(catalog.tiers), 'tier')}"
        )
        loaded = project.comparisons  # what the build reads, checked the same way
        if loaded is not None and project.comparisons_file is not None:
            report += f"; {project.display(project.comparisons_file)}: {counted(len(loaded.offers), 'offer')}"
        print(report + ": OK")
    elif args.command == "schema":
        path = project.catalogue.parent / SCHEMA_FILE
        path.write_text(schema_text(), encoding="utf-8")
        print(f"{project.display(path)} written")
    elif args.command in ("extract", "update"):
        return _messages(args, project)
    elif args.command in ("status", "check"):
        status = l10n_status.collect(project, _needs(config, config_path))
        if args.command == "status":
            print(l10n_status.format_text(status))
            return 0
        problems = l10n_status.problems(status, args.required)
        problems += proofread.problems(project, status, project.glossary or root / "glossary")
        behind = (l10n_status.STALE, l10n_status.UNMARKED)
        outdated = [p for rows in status.pages.values() for p in rows if p.state in behind and p.outdated_ok]
        if outdated:
            print(
                f"note: {counted(len(outdated), 'translated page')} ship stale on purpose "
                f"({l10n_status.OUTDATED_KEY}: true; see `tarifa status`)"
            )
        if problems:
            _report(problems)
            print(f"tarifa check: {counted(len(problems), 'problem')}", file=sys.stderr)
            return 1
        checked = f"{counted(len(status.catalogues), 'language')}, {counted(len(status.sources), 'page')}"
        print(f"tarifa check: {checked}: OK")
    elif args.command == "mark-translated":
        site = _needs(config, config_path)
        for page in args.pages:
            page = page if page.is_absolute() else root / page
            digest = l10n_status.mark_translated(page, site, project.display(page))
            print(f"{project.display(page)}: {l10n_status.HASH_KEY}: {digest}")
    elif args.command == "add-language":
        done = add_language.add_language(
            project, config_path, args.locale, args.name, interface=args.interface
        )
        for line in done:
            print(line)
        docs = _needs(config, config_path).docs_dir.name
        print(
            f"Next: translate {args.locale}'s catalogue (`tarifa status` shows what is left), copy the "
            f"pages you translate from {docs}/NAME.md to {docs}/NAME.{args.locale}.md, and run "
            "`tarifa mark-translated` on each."
        )
    return 0


def _messages(args: argparse.Namespace, project: Project) -> int:
    """`extract` and `update`, of the provider's texts or (`--interface`) of Tarifa's own."""
    if args.interface:
        package = Path(__file__).parent
        pot = messages.extract_interface(package, package.parent)
        folder, domain = PACKAGE_LOCALES, INTERFACE
        shown = "tarifa/l10n/locales/"
    else:
        pot = messages.extract_provider(project.catalogue, project.catalog, project.root)
        folder, domain = project.locales, "pricing"
        shown = ""
    path = messages.write_pot(pot, folder, domain)
    print(f"{shown or project.display(path)}{path.name if shown else ''}: {counted(len(pot), 'message')}")
    if args.command == "update":
        locales = args.locales or sorted(
            p.parent.parent.name for p in folder.glob(f"*/LC_MESSAGES/{domain}.po")
        )
        for locale in locales:
            result = messages.update(folder, locale, pot, drop_obsolete=args.drop_obsolete, domain=domain)
            print(f"{project.display(result.path)}: {result.summary()}")
    return _lint(pot)


def counted(count: int, noun: str) -> str:
    """`1 tier`, `12 models`, `3 translated pages`: English plurals for the command line."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _needs(config: site_config.SiteConfig | None, path: Path) -> site_config.SiteConfig:
    if config is None:
        raise TarifaError([Problem(path.name, 1, 1, "", "the site configuration", "no file")])
    return config


def _lint(pot: PoCatalog) -> int:
    """Print what translators could not work out from the template; 1 if anything."""
    problems = messages.lint(pot)
    _report(problems)
    return 1 if problems else 0


def _report(problems: list[Problem]) -> None:
    for problem in problems:
        print(str(problem), file=sys.stderr)
        if os.environ.get("GITHUB_ACTIONS") == "true":
            print(problem.github_annotation())


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
