"""MkDocs hooks of issue 5's transparency half: Atom feeds, open data and schema.org JSON-LD.

* Each language build writes its Atom feed of price changes (`<lang>/price-changes/feed.xml`)
  at `on_post_build`, and every page's head links to it (`overrides/main.html`).
* The default-language build writes the open-data files once, at the site root (`api/…`).
* The pricing overview (the page holding the `price-tables` marker) and each model page carry
  schema.org JSON-LD, inserted into the page's head.

The work is done by `tarifa.feed`, `tarifa.opendata` and `tarifa.jsonld`; this file only wires
them to MkDocs. mkdocs-static-i18n runs every event once per language on one config object.
"""

from __future__ import annotations

import logging
import posixpath
from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority
from mkdocs.structure.files import Files
from mkdocs.structure.nav import Navigation
from mkdocs.structure.pages import Page

from tarifa import feed, jsonld, opendata
from tarifa.hookkit import current_language, default_language, prefix
from tarifa.project import Project, build_date, shared
from tarifa.render import MARKER
from tarifa.transparency import FEED_PATH

log = logging.getLogger("mkdocs.hooks.tarifa_transparency")

_project: list[Project] = []
_jsonld: dict[str, str] = {}


def on_config(config: MkDocsConfig) -> None:
    settings = config.extra.get("tarifa", {})
    root = Path(config.config_file_path).parent
    _project[:] = [shared(root, settings.get("catalogue", "pricing/catalogue.yaml"))]
    _jsonld.clear()


@event_priority(50)  # before tarifa_hooks replaces the markers
def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    markers = {(m.group("name"), m.group("arg")) for m in MARKER.finditer(markdown)}
    names = {name for name, _ in markers}
    if not names & {"price-tables", "model"}:
        return markdown
    language = current_language(config)
    ctx = project().context(language)
    here = url_for(config, page, page.url)
    if "price-tables" in names:
        models = url_for(config, page, prefix(config, language) + "models/")
        document = jsonld.catalogue_document(ctx, page.title or config.site_name, here, models + "{id}/")
    else:
        model_id = next(arg for name, arg in markers if name == "model")
        document = jsonld.model_document(ctx, ctx.catalog.model(model_id or ""), here)
    _jsonld[page.url] = jsonld.script(document)
    return markdown


def on_page_context(context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
    """The head link to this language's feed (read by overrides/main.html)."""
    language = current_language(config)
    ctx = project().context(language)
    context["tarifa_feed"] = {
        "href": relative(prefix(config, language) + FEED_PATH, page.url),
        "title": ctx._("%(provider)s price changes") % {"provider": ctx.catalog.provider.name},
    }
    return context


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    script = _jsonld.pop(page.url, None)
    if script is None:
        return output
    head = output.find("</head>")
    if head < 0:
        return output
    return output[:head] + script + "\n" + output[head:]


def on_post_build(config: MkDocsConfig) -> None:
    language = current_language(config)
    site_dir = Path(config.site_dir)
    ctx = project().context(language)
    path = prefix(config, language) + FEED_PATH
    opendata.write_atomically(
        site_dir / path, feed.atom_feed(ctx, site_url=config.site_url or "", prefix=prefix(config, language))
    )
    if language == default_language(config):
        opendata.write(site_dir, project().catalog, build_date(), config.site_url or "")


# ── Helpers ───────────────────────────────────────────────────────────────────────────
def project() -> Project:
    assert _project, "on_config has not run"
    return _project[0]





def relative(target: str, page_url: str) -> str:
    """The link from the page at `page_url` ('de/pricing/') to `target` (a path from the site root)."""
    return posixpath.relpath(target or ".", page_url or ".") + ("/" if target.endswith("/") else "")


def url_for(config: MkDocsConfig, page: Page, target: str) -> str:
    """The absolute URL of `target` when the site has a `site_url`, else a link from `page`."""
    if config.site_url:
        return config.site_url.rstrip("/") + "/" + target
    return relative(target, page.url)
