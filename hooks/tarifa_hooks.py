"""MkDocs hooks: a few lines per event; the work is done by the `tarifa` package beside this file.

mkdocs-static-i18n runs every event from `on_config` to `on_post_build` once per language, on the
same config object; the catalogue, templates and compiled translations are loaded once per
process and reused by every language.
"""

from __future__ import annotations

import logging
import os
import posixpath
import re
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs_static_i18n.reconfigure import ExtendedPlugin  # type: ignore[import-untyped]

from tarifa import atomic, theme
from tarifa.hookkit import current_language, default_language, guard, prefix
from tarifa.project import Project, shared
from tarifa.render import Page as RenderPage
from tarifa.render import expand, fill, template_problem
from tarifa.searchdedup import deduplicate
from tarifa.templatecache import TEMPLATES

log = logging.getLogger("mkdocs.hooks.tarifa")

_project: Project | None = None
_slots: dict[str, list[str]] = {}
_generated: dict[str, list[File]] = {}
_command: dict[str, Any] = {"name": "build", "dirty": False}
#: An atomic build (see tarifa/atomic.py): the folder it replaces, the folder it writes, and
#: the warnings so far (in strict mode a warning fails the build after on_post_build).
_output: dict[str, Any] = {}
MODEL_MARKER = re.compile(r"<!-- tarifa:model ([^ ]+) -->")
#: Catalogues with more models than this (extra.tarifa.nav_models_max) list none in the navigation.
NAV_MODELS_MAX = 50


def _deduplicate_search(self: Any, entries: list[dict[str, Any]]) -> None:
    deduplicate(entries, self.build_languages)


# mkdocs-static-i18n de-duplicates the shared search index in quadratic time (11 s at 400 models,
# hours at 5,000): the same result in linear time, see tarifa/searchdedup.py.
ExtendedPlugin.reconfigure_search_duplicates = _deduplicate_search


# ── Hooks ─────────────────────────────────────────────────────────────────────────────
def on_startup(command: str, dirty: bool) -> None:
    _command.update(name=command, dirty=dirty)


def on_config(config: MkDocsConfig) -> None:
    global _project
    root = Path(config.config_file_path).parent
    settings = config.extra.get("tarifa", {})
    _project = shared(root, settings.get("catalogue", "pricing/catalogue.yaml"))
    # Check every input before anything is written: the catalogue and each language's .po.
    _guard(lambda: project().catalog)
    i18n = config.plugins.get("i18n")
    languages = list(i18n.build_languages) if i18n is not None else [current_language(config)]
    _guard(lambda: project().begin_build(languages))  # every .po, read once for the whole build
    for language in languages:
        _guard(lambda language=language: project().context(language))
    if i18n is not None and i18n.current_language not in (None, i18n.default_language):
        # One 404 page for the whole site, the default language's: without this, every language
        # build rewrites /404.html and the last one (Arabic) wins, with the last page's alternates.
        config.theme.static_templates.discard("404.html")
    _begin_output(config)


def on_build_error(error: Exception) -> None:
    """A failed build leaves the previous output exactly as it was (see tarifa/atomic.py)."""
    building = _output.pop("building", None)
    if building is not None:
        atomic.discard(building)
        _output.pop("counter", None)
        log.error("Tarifa: the build failed; %s is left as it was", _output.pop("target"))
    if _project is not None:
        _project.end_build()


@event_priority(-1000)  # after every plugin, mkdocs-static-i18n's loop over the languages included
def on_post_build(config: MkDocsConfig) -> None:
    project().end_build()
    i18n = config.plugins.get("i18n")
    if "building" not in _output or (i18n is not None and i18n.building):
        return  # a language inside static-i18n's loop: the whole site is not written yet
    counter = _output.get("counter")
    if config.strict and counter is not None and counter.get_counts():
        return  # `mkdocs build --strict` fails after this event: on_build_error cleans up
    target, building = _output.pop("target"), _output.pop("building")
    _output.clear()
    atomic.replace(target, building)
    config.site_dir = str(target)


@event_priority(100)  # before any other handler loads a template
def on_env(env: Any, config: MkDocsConfig, files: Files) -> Any:
    """Compile the theme's templates once per process, not once per language (see templatecache)."""
    env.bytecode_cache = TEMPLATES
    _one_line_template_errors(env)
    return env


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    server.watch(str(project().catalogue.parent))
    server.watch(str(project().locales))
    server.watch(str(project().templates))
    return server


@event_priority(-200)  # after mkdocs-static-i18n has chosen this language's files
def on_files(files: Files, config: MkDocsConfig) -> Files:
    language = current_language(config)
    catalog = _guard(lambda: project().catalog)
    _local_scripts(files, config)
    pages = []
    for model in catalog.models:
        # No front matter: the title and description are set in on_page_markdown (`_page_meta`),
        # as markup-safe text, so no YAML quoting of names (emoji included) can go wrong.
        content = f"<!-- tarifa:model {model.id} -->\n"
        file = File.generated(
            config, f"models/{model.id}.md", content=content, inclusion=InclusionLevel.NOT_IN_NAV
        )
        _localize(file, config, language, f"models/{model.id}/")
        files.append(file)
        pages.append(file)
    _generated[language] = pages
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        i18n.i18n_files_per_language.setdefault(language, []).extend(pages)
    return files


def on_nav(nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
    language = current_language(config)
    pages = [f.page for f in _generated.get(language, []) if f.page is not None]
    if not pages or len(pages) > int(config.extra.get("tarifa", {}).get("nav_models_max", NAV_MODELS_MAX)):
        # The theme writes the whole navigation into every page: with a model per entry, each
        # page grows with the catalogue and the build with its square (1,000 models: 5,000
        # pages of ~280 KB). Large catalogues reach model pages from the model index instead.
        return nav
    ctx = project().context(language)
    section = Section(theme_text(ctx._("Models")), pages)  # type: ignore[arg-type]
    for page in pages:
        page.parent = section
    nav.items.append(section)
    nav.pages.extend(pages)
    for previous, page in zip([None, *nav.pages[:-1]], nav.pages, strict=True):
        page.previous_page = previous
        if previous is not None:
            previous.next_page = page
    nav.pages[-1].next_page = None
    return nav


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    if "<!-- tarifa:" not in markdown:
        return markdown
    language = current_language(config)
    base = _relative(prefix(config, language), page.url)
    ctx = _guard(lambda: project().context(language, base_url=base))
    ctx.extra.update(site_root=_relative("", page.url), site_url=config.site_url or "")
    _page_meta(page, ctx, markdown)
    render_page = RenderPage(ctx, project().renderer, pricing_href=f"{base}pricing/")
    try:
        markdown, slots = _guard(lambda: expand(markdown, render_page))
    except KeyError as error:
        raise PluginError(f"{page.file.src_uri}: {error.args[0]}") from None
    _slots[page.url] = slots
    return markdown


def on_page_content(html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    slots = _slots.pop(page.url, None)
    return fill(html, slots) if slots else html


# ── Helper functions ──────────────────────────────────────────────────────────────────
def _local_scripts(files: Files, config: MkDocsConfig) -> None:
    """Material's bundle, loading its polyfill from the site instead of a CDN (tarifa/theme.py)."""
    for file in list(files):
        if theme.BUNDLE.match(file.src_uri) and file.abs_src_path:
            text = Path(file.abs_src_path).read_text(encoding="utf-8")
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=theme.local_scripts(text)))


def _one_line_template_errors(env: Any) -> None:
    """A mistake in a theme template (`overrides/main.html`, say) stops the build with one line
    naming the template file and line, instead of a Python traceback.

    Jinja sends every error of compiling or rendering a template through the environment's
    `handle_exception`, which raises it again with the template's lines in its traceback; this
    environment's (and only this one's) raises a PluginError made of those lines instead."""
    reraise = env.handle_exception

    def handle_exception(source: str | None = None) -> None:
        try:
            reraise(source)
        except PluginError:
            raise  # an included or extended template's own error, already one line
        except Exception as error:
            problem = template_problem(error, Path(env.loader.searchpath[0]) if env.loader else Path())
            raise PluginError(str(problem)) from None

    env.handle_exception = handle_exception


def _begin_output(config: MkDocsConfig) -> None:
    """Point `mkdocs build` at a new folder beside its target (once, not per language)."""
    if "building" in _output or _command["name"] != "build" or _command["dirty"]:
        return
    if os.environ.get("TARIFA_IN_PLACE"):  # tarifa.parallel's workers write their own folders
        return
    from mkdocs.utils import CountHandler

    target = Path(config.site_dir)
    counter = CountHandler()
    counter.setLevel(logging.WARNING)
    logging.getLogger("mkdocs").addHandler(counter)
    _output.update(target=target, building=atomic.new_folder(target), counter=counter)
    config.site_dir = str(_output["building"])


def _guard(action: Any) -> Any:
    return guard(action, log)


def project() -> Project:
    assert _project is not None, "on_config has not run"
    return _project





def theme_text(text: str) -> Markup:
    """Text for the theme, which prints titles and names without escaping them (and sometimes with
    `| e`): escaped once here, and marked safe so that the theme's `| e` does not escape it twice."""
    return Markup(escape(text))


def _page_meta(page: Page, ctx: Any, markdown: str) -> None:
    """A model page's title and description: the model's name and description in this language."""
    match = MODEL_MARKER.match(markdown)
    if match is None or page.file.generated_by is None:
        return
    model = ctx.catalog.model(match.group(1))
    page.meta["title"] = theme_text(ctx.model_name(model))
    if model.description:
        page.meta["description"] = theme_text(ctx.cat("model_description", model.description))


def _relative(root: str, page_url: str) -> str:
    """The relative link from a page (`de/pricing/`) to its language root (`de/`)."""
    rel = posixpath.relpath(root or ".", page_url or ".")
    return "" if rel == "." else rel + "/"


def _localize(file: File, config: MkDocsConfig, language: str, path: str) -> None:
    """Give a generated page the place and the metadata that mkdocs-static-i18n gives real ones."""
    i18n = config.plugins.get("i18n")
    default = default_language(config)
    prefix = "" if language == default else f"{language}/"
    file.dest_uri = f"{prefix}{path}index.html"
    file.url = f"{prefix}{path}"
    if i18n is None:
        return
    languages = [lang for lang in i18n.build_languages]
    file.locale = language  # type: ignore[attr-defined]
    file.locale_alternate_of = language  # type: ignore[attr-defined]
    file.localization = None if language == default else language  # type: ignore[attr-defined]
    file.norm_src_uri = file.src_uri  # type: ignore[attr-defined]
    file.alternates = {  # type: ignore[attr-defined]
        lang: (
            file
            if lang == language
            else SimpleNamespace(url=("" if lang == default else f"{lang}/") + path, page=None, locale=lang)
        )
        for lang in sorted(languages)
    }
