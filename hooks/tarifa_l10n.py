"""MkDocs hooks of the translators' workflow: a few lines per event, the work is in `tarifa`.

- The page holding `<!-- tarifa:translation-status -->` gets the status of every language
  (messages and pages), computed at build time and written in the visitor's language.
- A page whose text fell back to English inside another language's build (mkdocs-static-i18n's
  fallback: `page.file.locale` is the content's language, not the build's) gets a notice, in the
  visitor's language, that it is not translated yet, with a link to the English original.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page

from tarifa import l10n_config, l10n_page, l10n_status
from tarifa.hookkit import current_language, default_language, guard, prefix
from tarifa.project import Project, shared
from tarifa.render import Output
from tarifa.render import Page as RenderPage

log = logging.getLogger("mkdocs.hooks.tarifa_l10n")

_slots: dict[str, list[str]] = {}
_status: dict[str, Any] = {}


# ── Hooks ─────────────────────────────────────────────────────────────────────────────
@event_priority(10)  # before tarifa_hooks, which refuses markers it does not know
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if l10n_page.MARKER not in markdown:
        return markdown
    language = current_language(config)
    render_page = RenderPage(
        _guard(lambda: project(config).context(language, base_url=_root(page))),
        project(config).renderer,
        pricing_href=f"{_root(page)}{prefix(config, language)}pricing/",
    )
    out = Output()

    def link(locale: str, source: str) -> str:
        return _root(page) + prefix(config, locale) + _url(source, config.use_directory_urls)

    _guard(lambda: l10n_page.status_section(render_page, out, status(config), link))
    _slots[page.url] = out.slots
    return markdown.replace(l10n_page.MARKER, l10n_page.rename_slots(out.markdown))


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    slots = _slots.pop(page.url, None)
    if slots:
        html = l10n_page.fill(html, slots)
    language = current_language(config)
    content_language = getattr(page.file, "locale", language)
    if content_language == language or language == default_language(config):
        return html
    ctx = _guard(lambda: project(config).context(language, base_url=_root(page)))
    english = _root(page) + page.url[len(prefix(config, language)) :]
    render_page = RenderPage(ctx, project(config).renderer, pricing_href="")
    notice: str = _guard(lambda: l10n_page.untranslated_notice(render_page, english))
    return notice + html


# ── Helper functions ──────────────────────────────────────────────────────────────────
def _guard(action: Any) -> Any:
    return guard(action, log, "the translations")


def project(config: MkDocsConfig) -> Project:
    settings = config.extra.get("tarifa", {})
    return shared(Path(config.config_file_path).parent, settings.get("catalogue", "pricing/catalogue.yaml"))


def status(config: MkDocsConfig) -> l10n_status.Status:
    """The status of every language, computed again only when one of its inputs changed.

    The page counts against the committed `.pot`, the template translators work from (reading
    it takes 20 ms; extracting the messages again from code and templates takes 0.5 s of every
    build). `tarifa check`, in `make test` and CI, extracts afresh and fails on a stale `.pot`.
    """
    path = Path(config.config_file_path)
    fingerprint = _fingerprint(path, project(config), Path(config.docs_dir))
    if _status.get("fingerprint") != fingerprint:
        site = _guard(lambda: l10n_config.load(path))
        _status["value"] = _guard(
            lambda: l10n_status.collect(project(config), site, l10n_status.committed_pot(project(config)))
        )
        _status["fingerprint"] = fingerprint
    value: l10n_status.Status = _status["value"]
    return value


def _fingerprint(config_file: Path, proj: Project, docs: Path) -> tuple[tuple[str, float], ...]:
    paths = [config_file, proj.catalogue]
    for folder, pattern in ((proj.locales, "*.po*"), (proj.templates, "*.html"), (docs, "*.md")):
        paths.extend(folder.rglob(pattern))
    paths.extend((proj.root / "hooks").rglob("*.py"))
    return tuple(sorted((str(p), p.stat().st_mtime) for p in paths if p.exists()))





def _root(page: Page) -> str:
    """The relative link from a page to the site root: `de/pricing/` → `../../`."""
    return "../" * page.url.count("/")


def _url(source: str, directory_urls: bool) -> str:
    """`pricing.md` → `pricing/`, `index.md` → ``, `a/index.md` → `a/` (or `.html` files)."""
    stem = source[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"
