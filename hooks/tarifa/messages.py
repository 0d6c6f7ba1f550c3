"""The translators' side of gettext: extract the `.pot`, merge it into every `.po`.

Messages come from three places: Tarifa's Jinja templates, Tarifa's Python view code (calls of
`_`, `n_` and `N_`), and the English strings of the catalogue (tier names, feature names and
values, descriptions, ...). Catalogue strings carry a context (msgctxt) naming what they are, so
the tier "Free" and any other "Free" are translated separately, and a translator comment with
their key path.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

from .catalog import Catalog
from .translations import CONTEXTS, po_path, pot_path
from .yamlsrc import Located, format_path, load_located

PROJECT = "Tarifa"
#: Fixed dates keep extraction reproducible; the `.po` history lives in git.
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
PYTHON_KEYWORDS = {"_": None, "n_": (1, 2), "N_": None}
TEMPLATE_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}

CatalogueMessage = tuple[str, str, tuple[str | int, ...]]


def catalogue_messages(catalog: Catalog) -> Iterator[CatalogueMessage]:
    """(context kind, English text, key path) of every translatable catalogue string."""
    for i, tier in enumerate(catalog.tiers):
        yield "tier_name", tier.name, ("tiers", i, "name")
        yield "tier_summary", tier.summary, ("tiers", i, "summary")
    for i, feature in enumerate(catalog.features):
        yield "feature_name", feature.name, ("features", i, "name")
        for tier_id, value in feature.values.items():
            if isinstance(value, str):
                yield "feature_value", value, ("features", i, "values", tier_id)
    for i, model in enumerate(catalog.models):
        if model.translate_name:
            yield "model_name", model.name, ("models", i, "name")
        if model.description:
            yield "model_description", model.description, ("models", i, "description")
    for i, method in enumerate(catalog.billing.payment_methods):
        yield "payment_method", method, ("billing", "payment_methods", i)


def extract(hooks_dir: Path, templates: Path, catalogue: Path, catalog: Catalog, root: Path) -> PoCatalog:
    """Build the template catalogue (`.pot`) from code, templates and the catalogue."""
    pot = PoCatalog(
        project=PROJECT, version="1", creation_date=STAMP, revision_date=STAMP, charset="utf-8", fuzzy=False
    )
    for filename, lineno, message, comments, context in extract_from_dir(
        str(hooks_dir),
        method_map=[("**.py", "python")],
        keywords=PYTHON_KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        pot.add(
            message,
            locations=[(_rel(hooks_dir / filename, root), lineno)],
            auto_comments=comments,
            context=context,
            flags=_flags(message),
        )
    for filename, lineno, message, comments, context in extract_from_dir(
        str(templates),
        method_map=[("**.html", "jinja2")],
        keywords=TEMPLATE_KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
        options_map={"**.html": {"trimmed": "true"}},
    ):
        pot.add(
            message,
            locations=[(_rel(templates / filename, root), lineno)],
            auto_comments=comments,
            context=context,
            flags=_flags(message),
        )
    located = load_located(catalogue, _rel(catalogue, root))
    for kind, text, path in catalogue_messages(catalog):
        line = _line(located, path)
        existing = pot.get(text, CONTEXTS[kind])
        comment = f"catalogue: {format_path(path)}"
        if existing is not None:
            existing.locations.append((located.file, line))
            existing.auto_comments.append(comment)
            continue
        pot.add(text, locations=[(located.file, line)], auto_comments=[comment], context=CONTEXTS[kind])
    return pot


def write_pot(pot: PoCatalog, locales: Path) -> Path:
    path = pot_path(locales)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, pot, width=100, sort_output=False, include_previous=False)
    return path


def update(locales: Path, locale: str, pot: PoCatalog) -> tuple[Path, int, int]:
    """Merge the `.pot` into one locale's `.po`: new strings empty, changed ones fuzzy.

    Returns the path, the number of new and of fuzzy messages.
    """
    path = po_path(locales, locale)
    if path.exists():
        with path.open("rb") as handle:
            po = read_po(handle, locale=locale)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        po = PoCatalog(
            locale=locale, project=PROJECT, version="1", creation_date=STAMP, revision_date=STAMP, fuzzy=False
        )
    before = {(m.id if isinstance(m.id, str) else m.id[0], m.context) for m in po if m.id}
    po.update(pot, update_header_comment=False, update_creation_date=False)
    po.revision_date = STAMP
    new = sum(
        1 for m in po if m.id and ((m.id if isinstance(m.id, str) else m.id[0]), m.context) not in before
    )
    fuzzy = sum(1 for m in po if m.id and m.fuzzy)
    with path.open("wb") as handle:
        write_po(handle, po, width=100, include_previous=True, ignore_obsolete=False)
    return path, new, fuzzy


def _flags(message: str | tuple[str, ...]) -> set[str]:
    text = message if isinstance(message, str) else " ".join(message)
    return {"python-format"} if "%(" in text else set()


def _rel(path: Path, root: Path) -> str:
    try:
        return str(path.resolve().relative_to(root.resolve()))
    except ValueError:
        return str(path)


def _line(located: Located, path: tuple[str | int, ...]) -> int:
    return located.where(path)[0]
