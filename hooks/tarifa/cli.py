"""`tarifa` — the command line of translators and editors.

tarifa extract            write overrides/locales/tarifa.pot from code, templates and catalogue
tarifa update [LOCALE]    extract, then merge the .pot into each .po (changed strings become fuzzy)
tarifa status             per language: messages translated, fuzzy, missing, broken; stale pages
tarifa check              fail on broken, obsolete, duplicate or missing translations (CI runs it)
tarifa mark-translated P  record in translated page P the hash of the English page it translates
tarifa add-language LOC   create LOC's catalogue and add LOC to mkdocs.yml; the site builds at once
tarifa validate           load the catalogue and print every problem, one per line
tarifa schema             write the catalogue's JSON Schema
tarifa check-site DIR  check a built site: internal links, anchors, titles, descriptions, hreflang
tarifa build [-j N]       build the site with each language in its own process, on every core
                          (the output equals `mkdocs build`'s byte for byte; tarifa/parallel.py)
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from babel.messages.catalog import Catalog as PoCatalog

from . import addlang, l10n_config, l10n_status, messages, parallel, sitecheck
from .catalog import SCHEMA_FILE, schema_text
from .errors import Problem, TarifaError
from .project import Project


def _locales(project: Project) -> list[str]:
    return sorted(p.name for p in project.locales.iterdir() if (p / "LC_MESSAGES").is_dir())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="tarifa", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    parser.add_argument("--catalogue", help="default: extra.tarifa.catalogue of mkdocs.yml")
    parser.add_argument("--config", default="mkdocs.yml", help="the site configuration (default: mkdocs.yml)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("extract", help="write the .pot")
    upd = sub.add_parser("update", help="extract, then merge the .pot into the .po files")
    upd.add_argument("locales", nargs="*", help="locales to update (default: all)")
    upd.add_argument("--drop-obsolete", action="store_true", help="delete obsolete (#~) entries")
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
    sub.add_parser("validate", help="check the catalogue")
    sub.add_parser("schema", help="write the catalogue's JSON Schema")
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
    root = args.root.resolve()
    try:
        return _run(args, root)
    except TarifaError as error:
        _report(error.problems)
        return 1


def _run(args: argparse.Namespace, root: Path) -> int:
    config_path = root / args.config
    config = l10n_config.load(config_path) if config_path.exists() else None
    catalogue = args.catalogue or (config.catalogue if config else "pricing/catalogue.yaml")
    project = Project.at(root, catalogue)
    if config is not None:
        project.comparisons_file = root / config.comparisons
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
    elif args.command == "extract":
        pot = _extract(project)
        path = messages.write_pot(pot, project.locales)
        print(f"{project.display(path)}: {len(pot)} messages")
        return _lint(pot)
    elif args.command == "update":
        pot = _extract(project)
        messages.write_pot(pot, project.locales)
        for locale in args.locales or _locales(project):
            result = messages.update(project.locales, locale, pot, drop_obsolete=args.drop_obsolete)
            print(f"{project.display(result.path)}: {result.summary()}")
        return _lint(pot)
    elif args.command in ("status", "check"):
        status = l10n_status.collect(project, _needs(config, config_path))
        if args.command == "status":
            print(l10n_status.format_text(status))
            return 0
        problems = l10n_status.problems(status, args.required)
        behind = (l10n_status.STALE, l10n_status.UNMARKED)
        outdated = [p for rows in status.pages.values() for p in rows if p.state in behind]
        if outdated:
            print(f"note: {len(outdated)} translated pages are stale or unmarked (see `tarifa status`)")
        if problems:
            _report(problems)
            print(f"tarifa check: {len(problems)} problems", file=sys.stderr)
            return 1
        print(f"tarifa check: {len(status.catalogues)} languages, {len(status.sources)} pages: OK")
    elif args.command == "mark-translated":
        site = _needs(config, config_path)
        for page in args.pages:
            page = page if page.is_absolute() else root / page
            digest = l10n_status.mark_translated(page, site, project.display(page))
            print(f"{project.display(page)}: {l10n_status.HASH_KEY}: {digest}")
    elif args.command == "add-language":
        for line in addlang.add_language(project, config_path, args.locale, args.name):
            print(line)
        print(
            f"Next: translate {args.locale}'s catalogue (`tarifa status` shows what is left), copy the "
            "pages you translate from docs/NAME.md to docs/NAME."
            f"{args.locale}.md, and run `tarifa mark-translated` on each."
        )
    return 0


def counted(count: int, noun: str) -> str:
    """`1 tier`, `12 models`: the command line's messages are English, with English plurals."""
    return f"{count:,} {noun}{'' if count == 1 else 's'}"


def _needs(config: l10n_config.SiteConfig | None, path: Path) -> l10n_config.SiteConfig:
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


def _extract(project: Project) -> PoCatalog:
    return messages.extract(
        project.root / "hooks", project.templates, project.catalogue, project.catalog, project.root
    )


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
