"""`tarifa` — the command line of translators and editors.

tarifa extract         update overrides/locales/tarifa.pot from code, templates and catalogue
tarifa update          merge the .pot into every locale's .po (changed strings become fuzzy)
tarifa validate        load the catalogue and print every problem, one per line
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from babel.messages.catalog import Catalog as PoCatalog

from . import messages
from .catalog import SCHEMA_FILE, schema_text
from .errors import TarifaError
from .project import Project


def _locales(project: Project) -> list[str]:
    return sorted(p.name for p in project.locales.iterdir() if (p / "LC_MESSAGES").is_dir())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="tarifa", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--root", type=Path, default=Path.cwd(), help="project folder (default: here)")
    parser.add_argument("--catalogue", default="pricing/catalogue.yaml")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("extract", help="write the .pot")
    upd = sub.add_parser("update", help="merge the .pot into the .po files")
    upd.add_argument("locales", nargs="*", help="locales to update (default: all)")
    sub.add_parser("validate", help="check the catalogue")
    sub.add_parser("schema", help="write the catalogue's JSON Schema")
    args = parser.parse_args(argv)
    project = Project.at(args.root.resolve(), args.catalogue)
    try:
        if args.command == "validate":
            catalog = project.catalog
            print(
                f"{project.display(project.catalogue)}: {len(catalog.models)} models, "
                f"{len(catalog.tiers)} tiers: OK"
            )
        elif args.command == "schema":
            path = project.catalogue.parent / SCHEMA_FILE
            path.write_text(schema_text(), encoding="utf-8")
            print(f"{project.display(path)} written")
        elif args.command == "extract":
            pot = _extract(project)
            path = messages.write_pot(pot, project.locales)
            print(f"{project.display(path)}: {len(pot)} messages")
        elif args.command == "update":
            pot = _extract(project)
            messages.write_pot(pot, project.locales)
            for locale in args.locales or _locales(project):
                path, new, fuzzy = messages.update(project.locales, locale, pot)
                print(f"{project.display(path)}: {new} new, {fuzzy} fuzzy")
    except TarifaError as error:
        for problem in error.problems:
            print(str(problem), file=sys.stderr)
            if os.environ.get("GITHUB_ACTIONS") == "true":
                print(problem.github_annotation())
        return 1
    return 0


def _extract(project: Project) -> PoCatalog:
    return messages.extract(
        project.root / "hooks", project.templates, project.catalogue, project.catalog, project.root
    )


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())
