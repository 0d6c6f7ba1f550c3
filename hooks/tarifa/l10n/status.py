"""How far each language is: its gettext catalogue and its hand-written pages.

A translated page records in its front matter the hash of the English file it was translated
from (`source_hash: 3f5a9c0e12ab`); it is *stale* once the English file hashes differently. The
hash covers the whole English file, front matter included, since its title and description are
translated too. `tarifa mark-translated docs/pricing.de.md` writes the current hash.

A stale or unmarked page fails `tarifa check`, unless its front matter says that it ships as it
is on purpose (`outdated_ok: true`): then its visitors see a notice that the English page is
newer, with a link to it. The key on an up-to-date page fails the check too, so that it does not
outlive the update it was waiting for.

The catalogues are counted against a fresh extraction (code, templates and catalogue as they are
now), so a string added since the last `tarifa update` counts as missing, as the build shows it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import yaml
from babel.messages.catalog import Catalog as PoCatalog
from babel.messages.pofile import read_po

from tarifa.catalogue.model import Catalog
from tarifa.l10n import checks, messages
from tarifa.l10n.checks import LocaleReport, Template
from tarifa.l10n.domains import INTERFACE, PACKAGE_LOCALES, po_path, pot_path
from tarifa.problems import Problem, TarifaError
from tarifa.site_config import SiteConfig

HASH_KEY = "source_hash"
#: Front matter of a translated page that ships stale on purpose.
OUTDATED_KEY = "outdated_ok"
HASH_LENGTH = 12
_FRONT = re.compile(r"\A---[ \t]*\r?\n(.*?\r?\n)?---[ \t]*(\r?\n|\Z)", re.S)
_HASH_LINE = re.compile(rf"^{HASH_KEY}:[ \t]*['\"]?([0-9a-fA-F]*)['\"]?[ \t]*$", re.M)
_OUTDATED_LINE = re.compile(rf"^{OUTDATED_KEY}:[ \t]*(true|True|TRUE|yes|on)[ \t]*(#.*)?$", re.M)

#: States of a page in one language.
CURRENT, STALE, UNMARKED, MISSING = "current", "stale", "unmarked", "missing"


@dataclass(frozen=True)
class PageStatus:
    source: str
    locale: str
    state: str
    #: The translated file (relative to docs/), when there is one.
    path: str | None = None
    #: The page says `outdated_ok: true`: it ships stale or unmarked on purpose.
    outdated_ok: bool = False


@dataclass
class Status:
    config: SiteConfig
    catalogues: dict[str, LocaleReport]
    pages: dict[str, list[PageStatus]]
    sources: list[str]
    #: Problems of the template itself (extraction lint, an out-of-date `.pot`).
    template_problems: list[Problem] = field(default_factory=list)
    #: Tarifa's interface per language, as the site shows it (Tarifa's file or the provider's).
    interface: dict[str, LocaleReport] = field(default_factory=dict)
    #: Languages whose interface the provider translates itself (its problems fail the check).
    own_interface: list[str] = field(default_factory=list)


# ── Pages ─────────────────────────────────────────────────────────────────────────────
def source_hash(text: str) -> str:
    """The hash a translation records: of the English file with normalised line endings."""
    text = _HASH_LINE.sub("", text.replace("\r\n", "\n")).strip()
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_LENGTH]


def recorded_hash(text: str) -> str | None:
    """The `source_hash` in a page's front matter, or None."""
    front = _FRONT.match(text)
    if not front:
        return None
    found = _HASH_LINE.search(front.group(1) or "")
    return found.group(1).lower() if found and found.group(1) else None


def outdated_ok(text: str) -> bool:
    """Whether a page's front matter says `outdated_ok: true`."""
    front = _FRONT.match(text)
    return bool(front and _OUTDATED_LINE.search(front.group(1) or ""))


def front_line(text: str, key: str) -> int:
    """The line of `key:` in a page's front matter, or 1."""
    front = _FRONT.match(text)
    if front:
        for number, line in enumerate((front.group(1) or "").splitlines(), start=2):
            if line.startswith(f"{key}:"):
                return number
    return 1


def with_hash(text: str, digest: str) -> str:
    """`text` with `source_hash: digest` in its front matter (replaced in place, or added last)."""
    line = f"{HASH_KEY}: {digest}"
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].strip() != "---":
        return f"---\n{line}\n---\n\n{text}"
    close = next((i for i in range(1, len(lines)) if lines[i].strip() == "---"), None)
    if close is None:
        return f"---\n{line}\n---\n\n{text}"
    newline = "\r\n" if lines[0].endswith("\r\n") else "\n"
    for i in range(1, close):
        if _HASH_LINE.match(lines[i].rstrip("\r\n")):
            lines[i] = line + newline
            return "".join(lines)
    lines.insert(close, line + newline)
    return "".join(lines)


def _body(text: str) -> str:
    front = _FRONT.match(text)
    return text[front.end() :] if front else text


def page_title(config: SiteConfig, name: str) -> str:
    """A page's title: its front matter `title`, else its first heading, else its file name."""
    text = (config.docs_dir / name).read_text(encoding="utf-8")
    front = _FRONT.match(text)
    if front:
        try:
            meta = yaml.safe_load(front.group(1) or "") or {}
        except yaml.YAMLError:
            meta = {}
        if isinstance(meta, dict) and meta.get("title"):
            return str(meta["title"])
    heading = re.search(r"^#[ \t]+(.+?)[ \t#]*$", _body(text), re.M)
    if heading:
        return re.sub(r"\s*\{[^}]*\}$", "", heading.group(1))
    return Path(name).stem.split(".")[0].replace("-", " ").capitalize()


def english_sources(config: SiteConfig) -> list[str]:
    """The English pages (relative to docs/): Markdown files without a language suffix."""
    suffixes = {lang.locale for lang in config.languages}
    found = []
    for path in sorted(config.docs_dir.rglob("*.md")):
        stem_suffix = path.suffixes[-2][1:] if len(path.suffixes) >= 2 else ""
        if stem_suffix not in suffixes:
            found.append(path.relative_to(config.docs_dir).as_posix())
    return found


def translated_name(source: str, locale: str) -> str:
    """`pricing.md` → `pricing.de.md`."""
    return f"{source[: -len('.md')]}.{locale}.md"


def source_of(page: Path, config: SiteConfig) -> tuple[Path, str]:
    """The English file a translated page translates, and the page's locale."""
    name = page.name
    for lang in config.languages:
        suffix = f".{lang.locale}.md"
        if name.endswith(suffix) and not lang.default:
            return page.with_name(name[: -len(suffix)] + ".md"), lang.locale
    raise TarifaError(
        [
            Problem(
                str(page),
                1,
                1,
                "",
                "a translated page named NAME.LOCALE.md for a configured language "
                f"({', '.join(config.shipped)})",
                f"{name!r}",
            )
        ]
    )


def mark_translated(page: Path, config: SiteConfig, display: str | None = None) -> str:
    """Record in `page` the hash of its English source; return the hash."""
    shown = display or str(page)
    if not page.exists():
        raise TarifaError([Problem(shown, 1, 1, "", "an existing translated page", "no such file")])
    source, _ = source_of(page, config)
    if not source.exists():
        raise TarifaError([Problem(shown, 1, 1, "", f"an English page {source.name}", "none")])
    english = source.read_text(encoding="utf-8")
    text = page.read_text(encoding="utf-8")
    if _body(text).strip() == _body(english).strip():
        raise TarifaError(
            [Problem(shown, 1, 1, "", "a translated page", f"a copy of {source.name} (translate it first)")]
        )
    digest = source_hash(english)
    updated = with_hash(text, digest)
    if updated != text:
        page.write_text(updated, encoding="utf-8")
    return digest


def page_status(config: SiteConfig, sources: list[str]) -> dict[str, list[PageStatus]]:
    out: dict[str, list[PageStatus]] = {}
    for locale in config.shipped:
        rows = []
        for source in sources:
            name = translated_name(source, locale)
            path = config.docs_dir / name
            if not path.exists():
                rows.append(PageStatus(source, locale, MISSING))
                continue
            text = path.read_text(encoding="utf-8")
            recorded = recorded_hash(text)
            current = source_hash((config.docs_dir / source).read_text(encoding="utf-8"))
            state = UNMARKED if recorded is None else CURRENT if recorded == current else STALE
            rows.append(PageStatus(source, locale, state, name, outdated_ok(text)))
        out[locale] = rows
    return out


# ── Catalogues ────────────────────────────────────────────────────────────────────────
def template_of(pot: PoCatalog) -> Template:
    return Template.of(
        (
            m.context,
            m.id if isinstance(m.id, str) else m.id[0],
            None if isinstance(m.id, str) else m.id[1],
        )
        for m in pot
        if m.id
    )


class Sources(Protocol):
    """Where a project's catalogue and translations are (a `tarifa.project.Project`)."""

    root: Path
    catalogue: Path
    locales: Path

    @property
    def catalog(self) -> Catalog: ...

    def display(self, path: Path) -> str: ...


def extract(project: Sources) -> PoCatalog:
    """The provider's messages as the catalogue holds them now."""
    return messages.extract_provider(project.catalogue, project.catalog, project.root)


def committed_pot(project: Sources) -> PoCatalog | None:
    """The committed message template, or None when there is none (then `collect` extracts)."""
    path = pot_path(project.locales)
    if not path.exists():
        return None
    with path.open("rb") as handle:
        return read_po(handle)


def pot_problems(project: Sources, fresh: Template) -> list[Problem]:
    """The committed `.pot` must hold the messages that the catalogue uses."""
    path = pot_path(project.locales)
    shown = project.display(path)
    if not path.exists():
        return [Problem(shown, 1, 1, "", "the message template (run `tarifa update`)", "no file")]
    with path.open("rb") as handle:
        committed = template_of(read_po(handle))
    added = [key for key in fresh.messages if key not in committed.messages]
    gone = [key for key in committed.messages if key not in fresh.messages]
    if not added and not gone:
        return []
    sample = ", ".join(repr(k[1][:40]) for k in (added + gone)[:3])
    return [
        Problem(
            shown,
            1,
            1,
            "",
            "the messages that the catalogue uses now (run `tarifa update`)",
            f"{len(added)} missing and {len(gone)} no longer used, e.g. {sample}",
        )
    ]


def interface_template() -> Template:
    """Tarifa's interface messages, from the `.pot` shipped in the package."""
    with pot_path(PACKAGE_LOCALES, INTERFACE).open("rb") as handle:
        return template_of(read_po(handle))


def interface_report(project: Sources, locale: str, template: Template) -> tuple[LocaleReport, bool]:
    """Tarifa's interface in `locale` as the site shows it, and whether the provider translates
    it (a `tarifa.po` in its own locales folder, read before Tarifa's own file)."""
    own = po_path(project.locales, locale, INTERFACE)
    shipped = po_path(PACKAGE_LOCALES, locale, INTERFACE)
    path = own if own.exists() else shipped
    if not path.exists():
        report = LocaleReport(
            locale, "(English: Tarifa does not ship this language)", total=len(template.messages)
        )
        report.missing = report.total
        return report, False
    shown = project.display(path) if path == own else f"tarifa/l10n/locales/{locale}/LC_MESSAGES/tarifa.po"
    return checks.check_po(path, locale, template, shown), path == own


def collect(project: Sources, config: SiteConfig, pot: PoCatalog | None = None) -> Status:
    """Status of every shipped language: both domains' counts and the page states."""
    pot = pot if pot is not None else extract(project)
    template = template_of(pot)
    catalogues = {}
    interface = {}
    own_interface = []
    tarifa_template = interface_template()
    for locale in config.shipped:
        path = po_path(project.locales, locale)
        if path.exists():
            catalogues[locale] = checks.check_po(path, locale, template, project.display(path))
        else:
            report = LocaleReport(locale, project.display(path), total=len(template.messages))
            report.missing = report.total
            report.problems.append(
                Problem(report.path, 1, 1, "", f"a catalogue (run `tarifa add-language {locale}`)", "no file")
            )
            catalogues[locale] = report
        interface[locale], own = interface_report(project, locale, tarifa_template)
        if own:
            own_interface.append(locale)
    sources = english_sources(config)
    problems = messages.lint(pot) + pot_problems(project, template)
    return Status(
        config, catalogues, page_status(config, sources), sources, problems, interface, own_interface
    )


def problems(status: Status, required: float | None = None) -> list[Problem]:
    """Everything `tarifa check` fails on: the provider's catalogues, and its own translations
    of Tarifa's interface if it has any (Tarifa's shipped files are Tarifa's to keep right)."""
    found = list(status.template_problems)
    for locale, report in status.catalogues.items():
        need = required if required is not None else status.config.required_for(locale)
        found.extend(checks.check_required(report, need))
    for locale in status.own_interface:
        found.extend(status.interface[locale].problems)
    for rows in status.pages.values():
        found.extend(p for row in rows if (p := page_problem(status.config, row)) is not None)
    return found


def page_problem(config: SiteConfig, row: PageStatus) -> Problem | None:
    """A translated page that is stale or unmarked without saying so, or says so needlessly."""
    if row.path is None or row.state == MISSING:
        return None
    docs = (
        config.docs_dir.relative_to(config.root).as_posix()
        if config.docs_dir.is_relative_to(config.root)
        else str(config.docs_dir)
    )
    shown = f"{docs}/{row.path}"
    text = (config.docs_dir / row.path).read_text(encoding="utf-8")
    if row.state == CURRENT:
        if not row.outdated_ok:
            return None
        return Problem(
            shown,
            front_line(text, OUTDATED_KEY),
            1,
            OUTDATED_KEY,
            f"no {OUTDATED_KEY}: the translation is up to date with {docs}/{row.source}",
            "true",
        )
    if row.outdated_ok:
        return None
    fix = (
        f"update it, then run `tarifa mark-translated {shown}`; or ship it as it is with "
        f"`{OUTDATED_KEY}: true` in its front matter"
    )
    if row.state == STALE:
        expected = f"a translation of the current {docs}/{row.source} ({fix})"
        found = f"{recorded_hash(text)}, the hash of an older version: the English page changed since"
    else:
        expected = f"a {HASH_KEY} recording which version of {docs}/{row.source} it translates ({fix})"
        found = "none"
    return Problem(shown, front_line(text, HASH_KEY), 1, HASH_KEY, expected, found)


# ── Text output ───────────────────────────────────────────────────────────────────────
def format_text(status: Status) -> str:
    """`tarifa status`: a table of catalogues, then a table of pages."""
    lines = ["Your texts (LOCALE/LC_MESSAGES/pricing.po) and Tarifa's interface (tarifa.po)", ""]
    head = (
        "locale",
        "total",
        "translated",
        "fuzzy",
        "missing",
        "broken",
        "complete",
        "required",
        "interface",
    )
    rows: list[tuple[str, ...]] = [head]
    for locale, r in status.catalogues.items():
        rows.append(
            (
                locale,
                str(r.total),
                str(r.translated),
                str(r.fuzzy),
                str(r.missing),
                str(r.broken),
                f"{r.percent:.1f} %",
                f"{status.config.required_for(locale):g} %",
                _interface(status, locale),
            )
        )
    lines += _table(rows)
    legend = (
        f"Pages ({status.config.docs_dir.name}/): {CURRENT}, {STALE} (the English page changed since), "
        f"{UNMARKED} (no {HASH_KEY} yet), {MISSING} (the English page is shown)"
    )
    lines += ["", legend, ""]
    locales = list(status.pages)
    page_rows: list[tuple[str, ...]] = [("page", *locales)]
    for i, source in enumerate(status.sources):
        page_rows.append((source, *(status.pages[locale][i].state for locale in locales)))
    lines += _table(page_rows)
    return "\n".join(lines)


def _interface(status: Status, locale: str) -> str:
    report = status.interface.get(locale)
    if report is None:
        return ""
    whose = " (yours)" if locale in status.own_interface else ""
    return f"{report.percent:.1f} %{whose}"


def _table(rows: list[tuple[str, ...]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    out = []
    for row in rows:
        cells = [
            cell.ljust(width) if i == 0 else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(row, widths, strict=True))
        ]
        out.append("  ".join(cells).rstrip())
    return out
