"""The translators' side of gettext: extract a `.pot`, merge it into every `.po`.

Tarifa's interface (the `tarifa` domain) comes from Tarifa's Jinja templates and Python code
(calls of `_`, `n_`, `p_` and `N_`); the provider's texts (the `pricing` domain) are the English
strings of the catalogue (tier names, feature names and values, descriptions, ...). Every
message carries a translator comment saying where it appears: `catalogue: tiers[0].name`,
`code: pages.views.chat_table` (the function that shows it) or
`template: cards.html`, plus any `TRANSLATORS:` comment written in the code. Catalogue strings
carry a context (msgctxt) naming what they are, so the tier "Free" and any other "Free" are
translated separately; `lint` refuses English text used both with and without a context.
"""

from __future__ import annotations

import ast
import datetime as dt
import hashlib
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO, cast

from babel import Locale
from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.catalog import Message
from babel.messages.extract import extract_from_dir, extract_python
from babel.messages.pofile import normalize, read_po, write_po
from jinja2.ext import babel_extract

from tarifa.catalogue.model import Catalog
from tarifa.catalogue.yaml_source import Located, format_path, load_located
from tarifa.l10n.domains import CONTEXTS, PROVIDER, po_path, pot_path
from tarifa.l10n.plurals import form_mapping, plural_rule, same_rule
from tarifa.l10n.po_reader import unescape
from tarifa.problems import Problem

PROJECT = "Tarifa"
#: Fixed dates keep extraction reproducible; the `.po` history lives in git.
STAMP = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
PYTHON_KEYWORDS = {"_": None, "n_": (1, 2), "N_": None, "p_": ((1, "c"), 2)}
TEMPLATE_KEYWORDS = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2)}
#: Prefixes of the comments that say where a message appears.
WHERE = ("catalogue: ", "code: ", "template: ")
WIDTH = 100

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
        for j, entry in enumerate(model.prices):
            for k, image in enumerate(entry.images):
                if image.quality:  # the provider's word for it (`hd`), shown beside the image size
                    yield "image_quality", image.quality, ("models", i, "prices", j, "images", k, "quality")
    for i, method in enumerate(catalog.billing.payment_methods):
        yield "payment_method", method, ("billing", "payment_methods", i)
    for i, service in enumerate(catalog.service_tiers):
        yield "service_tier_name", service.name, ("service_tiers", i, "name")
        if service.summary:
            yield "service_tier_summary", service.summary, ("service_tiers", i, "summary")
    for i, region in enumerate(catalog.regions):
        yield "region_name", region.name, ("regions", i, "name")
    for i, group in enumerate(catalog.tool_groups):
        yield "tool_group_name", group.name, ("tool_groups", i, "name")
        if group.summary:
            yield "tool_group_summary", group.summary, ("tool_groups", i, "summary")


def _template() -> PoCatalog:
    return PoCatalog(
        project=PROJECT, version="1", creation_date=STAMP, revision_date=STAMP, charset="utf-8", fuzzy=False
    )


def extract_interface(package: Path, root: Path | None = None) -> PoCatalog:
    """Tarifa's own interface (the `tarifa` domain): its Python code and its templates."""
    root = root or package.parent
    pot = _template()
    for filename, lineno, message, comments, context in extract_from_dir(
        str(package),
        method_map=[("**.py", cast(Any, _python))],
        keywords=PYTHON_KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
    ):
        where = f"code: {_scope(package / filename, lineno, _module(filename))}"
        pot.add(
            message,
            locations=[(_rel(package / filename, root), lineno)],
            auto_comments=[where, *comments],
            context=context,
            flags=_flags(message),
        )
    templates = package / "pages" / "templates"
    for filename, lineno, message, comments, context in extract_from_dir(
        str(templates),
        method_map=[("**.html", cast(Any, _jinja2))],
        keywords=TEMPLATE_KEYWORDS,
        comment_tags=("TRANSLATORS:",),
        strip_comment_tags=True,
        options_map={"**.html": {"trimmed": "true"}},
    ):
        pot.add(
            message,
            locations=[(_rel(templates / filename, root), lineno)],
            auto_comments=[f"template: {Path(filename).as_posix()}", *comments],
            context=context,
            flags=_flags(message),
        )
    return pot


def extract_provider(catalogue: Path, catalog: Catalog, root: Path) -> PoCatalog:
    """The provider's texts (the `pricing` domain): the catalogue's translatable strings."""
    pot = _template()
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


def lint(pot: PoCatalog) -> list[Problem]:
    """What a translator could not work out from the template: where a string appears, its meaning.

    - every message needs a comment saying where it appears (see `WHERE`);
    - English text used with a msgctxt somewhere (the tier "Free", the feature "Batch
      processing") must have one everywhere, so each meaning is its own entry.
    """
    problems: list[Problem] = []
    by_text: dict[str, list[Message]] = defaultdict(list)
    for message in pot:
        if not message.id:
            continue
        by_text[_singular(message)].append(message)
        if not any(comment.startswith(WHERE) for comment in message.auto_comments):
            file, line = _where(message)
            problems.append(
                Problem(
                    file,
                    line,
                    1,
                    f"msgid {_singular(message)!r}",
                    "a translator comment saying where the text appears (# TRANSLATORS: ...)",
                    "none",
                )
            )
    for text, messages in by_text.items():
        contexts = sorted(m.context for m in messages if m.context)
        if not contexts:
            continue
        for message in messages:
            if message.context:
                continue
            for file, line in message.locations:
                problems.append(
                    Problem(
                        file,
                        line or 1,
                        1,
                        f"msgid {text!r}",
                        "a msgctxt (ctx.p_(context, text) in Python, pgettext in templates), because "
                        "the same English text has another meaning with msgctxt "
                        + ", ".join(map(repr, contexts)),
                        "no msgctxt",
                    )
                )
    return problems


def write_pot(pot: PoCatalog, locales: Path, domain: str = PROVIDER) -> Path:
    path = pot_path(locales, domain)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, pot, width=WIDTH, sort_output=False, include_previous=False)
    return path


@dataclass(frozen=True)
class Updated:
    """What `update` did to one locale's `.po`, and what is left to translate."""

    path: Path
    locale: str
    #: Messages added without a translation.
    new: int
    #: Messages whose English changed: the old translation is kept, marked fuzzy, with `#| msgid`.
    changed: int
    #: Entries no longer used, kept at the end as `#~` (or dropped on request).
    obsolete: int
    translated: int
    fuzzy: int
    untranslated: int
    #: The Plural-Forms header it had, when it was not CLDR's rule and the forms were moved.
    old_plural_forms: str | None = None

    def summary(self) -> str:
        text = (
            f"{self.new} new, {self.changed} changed (fuzzy), {self.obsolete} obsolete; "
            f"{self.translated} translated, {self.fuzzy} fuzzy, {self.untranslated} untranslated"
        )
        if self.old_plural_forms is not None:
            text += f"; plural forms moved to CLDR's rule (was {self.old_plural_forms!r})"
        return text


def new_po(locale: str) -> PoCatalog:
    """An empty catalogue for `locale` with CLDR's plural rule (`tarifa.l10n.plurals`) in its header."""
    english = Locale.parse(locale).english_name or locale
    po = PoCatalog(
        locale=locale,
        project=PROJECT,
        version="1",
        creation_date=STAMP,
        revision_date=STAMP,
        last_translator="Tarifa translators",
        language_team=english,
        header_comment=(
            f"# {english} translations for Tarifa.\n"
            "# This file is distributed under the same license as the Tarifa project.\n#"
        ),
        fuzzy=False,
    )
    _set_plural_rule(po, locale)
    return po


def _set_plural_rule(po: PoCatalog, locale: str) -> None:
    """CLDR's rule in the catalogue's header: Babel would write its own table's (see plurals)."""
    rule = plural_rule(locale)
    vars(po).update(_num_plurals=rule.nplurals, _plural_expr=rule.expr)


def adopt_plural_rule(po: PoCatalog, locale: str) -> str | None:
    """Give a catalogue written with another Plural-Forms header CLDR's rule, moving each
    translation's forms to where the rule wants them; return the old header, or None if the
    catalogue had CLDR's rule already (or one that no mapping of forms can turn into it).

    Babel's legacy Arabic order only swaps forms 4 and 5, which keeps every translation as it
    was. A written form that now serves two forms (Babel's 2-form Hebrew: its plural is now
    "two" and "other") is copied into both, and the entry is marked fuzzy for review.
    """
    rule = plural_rule(locale)
    written = po.plural_forms
    if same_rule(po.plural_expr, rule.expr) and po.num_plurals == rule.nplurals:
        return None
    mapping = form_mapping(written, rule)
    if mapping is None:
        return None
    split = len(set(mapping)) < len(mapping)
    for message in [*po, *po.obsolete.values()]:
        if not message.id or not isinstance(message.id, list | tuple):
            continue
        forms = list(message.string) if isinstance(message.string, list | tuple) else [message.string]
        forms += [""] * (po.num_plurals - len(forms))
        message.string = tuple(forms[old] for old in mapping)
        if split and any(forms):
            message.flags.add("fuzzy")
    _set_plural_rule(po, locale)
    return written


_PREVIOUS_FLAG = "tarifa-previous-"


def po_bytes(po: PoCatalog, *, drop_obsolete: bool = False) -> bytes:
    r"""The `.po` file of `po`, with each fuzzy entry's old English as `#| msgid` lines that GNU
    gettext, Poedit and Babel all read: Babel's writer wraps a long old msgid like a comment,
    cutting its quoted strings across lines (msgattrib: "end-of-line within string").

    >>> po = new_po("de")
    >>> message = po.add("New " * 30, "Alt", flags=["fuzzy"])
    >>> message.previous_id = ("Old " * 30,)
    >>> text = po_bytes(po).decode()
    >>> print(text[text.index("#, fuzzy") : text.index("msgid \"\"\n\"New")])
    #, fuzzy
    #| msgid ""
    #| "Old Old Old Old Old Old Old Old Old Old"
    #| " Old Old Old Old Old Old Old Old Old "
    #| "Old Old Old Old Old Old Old Old Old Old"
    #| " Old "
    <BLANKLINE>
    """
    marked: dict[str, tuple[str, ...]] = {}
    for number, message in enumerate(m for m in po if m.id):
        if message.previous_id:
            flag = f"{_PREVIOUS_FLAG}{number}"
            marked[flag] = tuple(message.previous_id)
            message.flags.add(flag)
    out = BytesIO()
    try:
        write_po(out, po, width=WIDTH, include_previous=False, ignore_obsolete=drop_obsolete)
    finally:
        for message in po:
            message.flags -= {f for f in message.flags if f.startswith(_PREVIOUS_FLAG)}
    lines = out.getvalue().decode("utf-8").split("\n")
    for index, line in enumerate(lines):
        if not line.startswith("#,") or _PREVIOUS_FLAG not in line:
            continue
        flags = [f.strip() for f in line[2:].split(",")]
        previous = marked[next(f for f in flags if f.startswith(_PREVIOUS_FLAG))]
        kept = [f for f in flags if not f.startswith(_PREVIOUS_FLAG)]
        written = [f"#, {', '.join(kept)}"] if kept else []
        for keyword, text in zip(("msgid", "msgid_plural"), previous, strict=False):
            written.append(f"#| {keyword} {normalize(text, prefix='#| ', width=WIDTH)}")
        lines[index] = "\n".join(written)
    return "\n".join(lines).encode("utf-8")


def update(
    locales: Path, locale: str, pot: PoCatalog, *, drop_obsolete: bool = False, domain: str = PROVIDER
) -> Updated:
    """Merge the `.pot` into one locale's `.po` (created if missing).

    New strings get an empty translation; a string whose English changed keeps its old
    translation marked fuzzy with the old English as a `#| msgid` hint; strings no longer used
    stay at the end as obsolete `#~` entries (their translation may be reused) unless dropped.
    A string that comes back gets its obsolete translation back, marked fuzzy.
    """
    path = po_path(locales, locale, domain)
    if path.exists():
        with path.open("rb") as handle:
            po = read_po(handle, locale=locale)
    else:
        path.parent.mkdir(parents=True, exist_ok=True)
        po = new_po(locale)
    old_rule = adopt_plural_rule(po, locale)
    previous = _take_previous(po)
    _revive(po, pot)
    before = {(_singular(m), m.context) for m in po if m.id}
    po.update(pot, update_header_comment=False, update_creation_date=False)
    po.revision_date = STAMP
    messages = [m for m in po if m.id]
    new = sum(1 for m in messages if (_singular(m), m.context) not in before and not m.previous_id)
    changed = sum(1 for m in messages if m.previous_id and m.fuzzy)
    for message in messages:
        key = (_singular(message), message.context)
        if message.fuzzy and not message.previous_id and key in previous:
            message.previous_id = previous[key]
    if drop_obsolete:
        po.obsolete.clear()
    fuzzy = sum(1 for m in messages if m.fuzzy)
    untranslated = sum(1 for m in messages if not m.fuzzy and not _complete(m))
    path.write_bytes(po_bytes(po, drop_obsolete=drop_obsolete))
    translated = len(messages) - fuzzy - untranslated
    return Updated(path, locale, new, changed, len(po.obsolete), translated, fuzzy, untranslated, old_rule)


def _take_previous(po: PoCatalog) -> dict[tuple[str, str | None], list[str]]:
    """The `#| msgid` hints of fuzzy entries, which Babel reads as translator comments.

    Babel writes them but reads them back as comments starting with `|`, so they would pile up
    and outlive the fuzzy flag. Take them out; `update` puts them back on entries still fuzzy.
    """
    found: dict[tuple[str, str | None], list[str]] = {}
    for message in [*po, *po.obsolete.values()]:
        hints = [c for c in message.user_comments if c.startswith("|")]
        if not message.id or not hints:
            continue
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
        parts: dict[str, str] = {}
        field = ""
        for hint in hints:
            keyword, _, rest = hint[1:].strip().partition(" ")
            if keyword in ("msgctxt", "msgid", "msgid_plural"):
                field, parts[keyword] = keyword, unescape(rest.strip())
            elif field and keyword.startswith('"'):
                parts[field] += unescape(hint[1:].strip())
        if message.fuzzy and "msgid" in parts:
            ids = [parts["msgid"]] + ([parts["msgid_plural"]] if "msgid_plural" in parts else [])
            found[(_singular(message), message.context)] = ids
    return found


def _revive(po: PoCatalog, pot: PoCatalog) -> None:
    """Bring back obsolete entries whose English is used again, fuzzy, for review."""
    for key, message in list(po.obsolete.items()):
        if (
            pot.get(_singular(message), message.context) is not None
            and po.get(_singular(message), message.context) is None
        ):
            message.flags |= {"fuzzy"}
            po[message.id] = message
            del po.obsolete[key]


def _complete(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return bool(strings) and all(strings)


def _singular(message: Message) -> str:
    return message.id if isinstance(message.id, str) else message.id[0]


def _where(message: Message) -> tuple[str, int]:
    if message.locations:
        file, line = message.locations[0]
        return file, line or 1
    return "(unknown)", 1


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


_extracted: dict[tuple[str, str], list[Any]] = {}


def _cached(method: str) -> Callable[..., list[Any]]:
    """Babel's extractor `method`, remembering each file's messages by its content.

    Tokenizing every Python file is most of an extraction's time; `mkdocs serve` (which shows the
    translation status) and the tests extract again and again from files that did not change.
    """
    function: Callable[..., Any] = babel_extract if method == "jinja2" else extract_python

    def extract(fileobj: BinaryIO, keywords: Any, comment_tags: Any, options: Any) -> list[Any]:
        data = fileobj.read()
        key = (method, hashlib.sha256(data + repr((keywords, comment_tags, options)).encode()).hexdigest())
        if key not in _extracted:
            _extracted[key] = list(function(BytesIO(data), keywords, comment_tags, options))
        return _extracted[key]

    return extract


_python = _cached("python")
_jinja2 = _cached("jinja2")


def _module(filename: str) -> str:
    """`tarifa/views.py` → `views`, `tarifa_hooks.py` → `tarifa_hooks`."""
    parts = list(Path(filename).with_suffix("").parts)
    if parts and parts[0] == "tarifa":
        parts = parts[1:] or parts
    return ".".join(parts)


def _scope(path: Path, lineno: int, module: str) -> str:
    """The function (or module-level name) whose code holds line `lineno`: `views.chat_table`."""
    for start, end, name in _scopes(path, path.stat().st_mtime):
        if start <= lineno <= end:
            return f"{module}.{name}"
    return module


@cache
def _scopes(path: Path, mtime: float) -> list[tuple[int, int, str]]:
    """(first line, last line, qualified name) of every definition, innermost first."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: list[tuple[int, int, str]] = []

    def visit(node: ast.AST, prefix: str) -> None:
        for child in ast.iter_child_nodes(node):
            if isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
                name = f"{prefix}{child.name}"
                visit(child, name + ".")
                found.append((child.lineno, child.end_lineno or child.lineno, name))
            elif not prefix and isinstance(child, ast.Assign | ast.AnnAssign):
                targets = child.targets if isinstance(child, ast.Assign) else [child.target]
                names = [t.id for t in targets if isinstance(t, ast.Name)]
                if names:
                    found.append((child.lineno, child.end_lineno or child.lineno, names[0]))

    visit(tree, "")
    return found
