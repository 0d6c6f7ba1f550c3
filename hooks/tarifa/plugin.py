"""The `tarifa` MkDocs plugin: the only module that speaks to MkDocs (and to mkdocs-static-i18n).

Every event is a few lines; the work is done by the rest of the package, which imports nothing
from MkDocs. The plugin's state lives on the plugin object, which MkDocs makes once per
configuration: mkdocs-static-i18n runs every event from `on_config` to `on_post_build` once per
language on that one configuration, so what is loaded once (the catalogue, the translations, the
compiled templates) serves every language, and what belongs to one page is keyed by its URL.

What it does, event by event:

* `on_config` — refuses wrong options, loads and checks every input before anything is written
  (catalogue, comparisons, every language's translations), adds Tarifa's stylesheet and script,
  and points `mkdocs build` at a new folder beside the output, swapped in only when the whole
  build succeeded (`tarifa.build.atomic`).
* `on_files` — a page per model, in every language (a `GeneratedPage`, put together without a
  Markdown pass: `tarifa.pages.direct`); Material's bundle without its CDN requests.
* `on_nav` — the model pages in the navigation, under an escaped section title.
* `on_page_markdown` / `on_page_content` — the `<!-- tarifa:… -->` markers become headings and
  slots, then HTML (`tarifa.pages.markers`); a page whose text fell back to English gets a notice
  and its English text `lang="en" dir="ltr"` (`tarifa.pages.fallback`), a translated page that
  ships stale on purpose (`outdated_ok`) a notice that the English page is newer.
* `on_post_page` — JSON-LD, the link to the language's Atom feed and `hreflang="x-default"` in the
  page's head (and in the sitemap, through its template); on a right-to-left page, numbers and
  Latin words inside its text isolated (`tarifa.pages.bidi`); the table of contents' title of a
  page outside the navigation labels no missing control (`tarifa.build.theme`).
* `on_post_build` — each language's feed, the open data once, then the swap of the output.
"""

from __future__ import annotations

import json
import logging
import os
import posixpath
import re
import types
from collections.abc import Callable
from functools import partial
from importlib.metadata import version
from pathlib import Path, PurePosixPath
from typing import Any, ClassVar

import markdown
from jinja2 import pass_context
from markupsafe import Markup, escape
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.nav import Navigation, Section
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_build_timestamp

from tarifa.build import atomic, minify, search_index, sitemaps, theme
from tarifa.build.search_dedup import deduplicate
from tarifa.build.serve import LastGoodSite
from tarifa.build.template_cache import MemoryBytecodeCache
from tarifa.catalogue.comparisons import stale
from tarifa.catalogue.model import missing_rates
from tarifa.catalogue.yaml_source import KeyPath, format_path
from tarifa.l10n import status as l10n_status
from tarifa.l10n.domains import INTERFACE_TRANSLATED
from tarifa.l10n.formatting import right_to_left
from tarifa.options import TarifaConfig
from tarifa.pages import bidi, direct, fallback, views
from tarifa.pages.markers import MARKER, Expanded, expand, fill
from tarifa.pages.output import Page as SectionPage
from tarifa.pages.render import template_problem
from tarifa.pages.sections import calculator
from tarifa.pages.sections.translation import outdated_notice, untranslated_notice
from tarifa.pages.urls import FEED_PATH, FINDER_PATH, MODELS_PATH
from tarifa.problems import Problem, TarifaError
from tarifa.project import Project, build_date
from tarifa.publish import feed, hreflang, jsonld, opendata
from tarifa.publish.formats import write_atomically
from tarifa.site_config import SiteConfig

log = logging.getLogger("mkdocs.plugins.tarifa")

#: The mkdocs-static-i18n releases this plugin was written and tested against (it reads
#: static-i18n's per-file metadata and replaces its quadratic search de-duplication).
I18N_VERSIONS = ("1.3.1",)
ASSETS = Path(__file__).parent / "pages" / "assets"
#: Templates that replace Material's when Tarifa searches: the header's search box.
THEME = Path(__file__).parent / "pages" / "theme"
#: Where Tarifa's stylesheet and scripts are served from (a page in `docs/` with the same path wins).
ASSET_URL = "assets/tarifa/"
STYLESHEET = ASSET_URL + "tarifa.css"
#: The calculator's script and stylesheet are not listed: tarifa.js loads them when the calculator
#: comes near the screen (`assets/tarifa/calculator.js`, `calculator.css`).
SCRIPTS = (ASSET_URL + "tarifa.js",)
#: Markers that make a page a pricing page (full width when `pricing_layout` is on).
PRICING_MARKERS = frozenset({"tier-cards", "price-tables", "model", "model-list"})
STYLESHEETS = (STYLESHEET,)
MODEL_MARKER = re.compile(r"<!-- tarifa:model ([^ ]+) -->")
#: The start tag of a page's article in Material's base template.
ARTICLE = '<article class="md-content__inner md-typeset">'


class GeneratedPage(Page):
    """A page Tarifa generates (a model page, a page of a kind's list): markers only, so its
    headings and slots are put together without a Markdown pass (`tarifa.pages.direct`), with the
    site's own table-of-contents extension for ids, permalinks and the table of contents."""

    #: Set by the plugin's `on_page_markdown`: the Markdown it gave MkDocs and the same as blocks.
    #: Rendered from its Markdown as usual when there are none, or when a plugin after Tarifa's
    #: changed that Markdown (added a footer, say): what it added is then converted too.
    prepared: tuple[str, list[direct.Block]] | None = None
    #: A Markdown instance with the site's extensions (and their configuration, the key), reused
    #: by the pages of a build.
    site_markdown: ClassVar[tuple[str, markdown.Markdown] | None] = None

    def render(self, config: MkDocsConfig, files: Files) -> None:
        if self.prepared is None or self.prepared[0] != self.markdown:
            super().render(config, files)
            return
        rendered = direct.render(self._markdown(config), self.prepared[1])
        self.content = rendered.html
        self.toc = get_toc(rendered.toc)  # type: ignore[arg-type]  # Python-Markdown's tokens
        self._title_from_render = rendered.title
        self.present_anchor_ids = rendered.ids
        self.links_to_anchors = {}  # no links but in slots, which Markdown never read either

    @classmethod
    def _markdown(cls, config: MkDocsConfig) -> markdown.Markdown:
        key = repr((config["markdown_extensions"], config["mdx_configs"]))
        if cls.site_markdown is None or cls.site_markdown[0] != key:
            extensions, configs = config["markdown_extensions"], config["mdx_configs"] or {}
            cls.site_markdown = (key, markdown.Markdown(extensions=extensions, extension_configs=configs))
        return cls.site_markdown[1]


class TarifaPlugin(BasePlugin[TarifaConfig]):
    """Pricing pages from a YAML catalogue, in every language of the site."""

    supports_multiple_instances = False

    def __init__(self) -> None:
        self.project: Project | None = None
        self.command = "build"
        self.dirty = False
        #: The one slot store: the HTML of each page's generated slots, and of its head.
        self.slots: dict[str, list[str]] = {}
        self.head: dict[str, str] = {}
        #: The model pages of each language build.
        self.model_pages: dict[str, list[File]] = {}
        #: Pagefind searches the site (the `search` option, or its default: see TarifaConfig).
        self.pagefind = True
        #: Pagefind at work on the languages already written (see search_index.Indexer), and
        #: where its bundles wait (`tarifa build -j`'s worker: outside its site; else the site);
        #: `index_beside_workers`: the other cores build too (a worker of `tarifa build -j`).
        self.indexer: search_index.Indexer | None = None
        self.index_work: Path | None = None
        self.index_beside_workers = False
        #: Theme and asset files as served, by (path, rewrite): see `_rewritten`.
        self.rewritten: dict[tuple[str, str], str] = {}
        #: Theme fragments rendered once per build, by key (see `_once`).
        self.fragments: dict[tuple[object, ...], str] = {}
        #: The icons of Material's stylesheet no page of the site can show (see `_unused_icons`).
        self.icons: set[str] | None = None
        #: The languages whose pages have a calculator (their model data is written at the end).
        self.calculators: set[str] = set()
        #: An atomic `mkdocs build`: the folder it replaces, the one it writes, the warnings so far.
        self.output: dict[str, Any] = {}
        #: `tarifa.build.parallel`'s workers write their own folders (their parent swaps).
        self.atomic_output = True
        self.serving = LastGoodSite()
        self.templates = MemoryBytecodeCache()
        self._status: tuple[tuple[tuple[str, float], ...], l10n_status.Status] | None = None
        self._i18n_checked = False

    # ── Configuration ────────────────────────────────────────────────────────────────
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command, self.dirty = command, dirty

    @event_priority(100)  # before any other plugin reads config.site_dir
    def _configure(self, config: MkDocsConfig) -> MkDocsConfig:
        i18n = config.plugins.get("i18n")
        if not getattr(i18n, "building", False):  # a build, not a language inside static-i18n's loop
            # Once per build, not per language: a file changed under `mkdocs serve` is read again.
            self.rewritten.clear()
            self.fragments.clear()
            self.icons = None
            self._stop_indexing()  # a previous build of `mkdocs serve` that stopped half-way
        if self.command == "serve" and self.config.serve_last_good_site:
            config.site_dir = self.serving.site_dir(config.site_dir)
        if "tarifa" in config.extra:
            raise PluginError(
                "extra.tarifa is no longer read: its settings are now options of the tarifa plugin "
                "(plugins: - tarifa: {catalogue: …, display_currency: …}); see the README"
            )
        root = Path(config.config_file_path).parent
        if self.project is None:
            self.project = Project.configured(root, self.config, _custom_dir(config))
        self._check_i18n(config)
        material_search = any(config.plugins.get(name) is not None for name in ("material/search", "search"))
        self.pagefind = self.config.search if self.config.search is not None else not material_search
        if self.config.search is None and material_search:
            log.info(
                "Tarifa: Material's search plugin is on, so search stays Material's (one index of every "
                "language); remove it from plugins: for Pagefind, an index per language"
            )
        self._guard(lambda: self._check_options(config))
        if self.pagefind:  # Pagefind behind the header's search box (tarifa/build/search_index.py)
            dirs = config.theme.dirs
            if str(THEME) not in dirs:
                theme_at = [i for i, d in enumerate(dirs) if Path(d).parts[-2:] == ("material", "templates")]
                dirs.insert(theme_at[0] if theme_at else len(dirs), str(THEME))
        languages = _languages(config)
        project = self.project
        self._guard(lambda: project.begin_build(languages))  # every .po, read once for the build
        for language in languages:
            self._guard(lambda language=language: project.context(language))
        i18n = config.plugins.get("i18n")
        if i18n is not None and i18n.current_language not in (None, i18n.default_language):
            # One 404 page for the whole site, the default language's: without this, every language
            # build rewrites /404.html and the last one (Arabic) wins, with the last page's alternates.
            config.theme.static_templates.discard("404.html")
        if "attr_list" not in config.markdown_extensions:
            config.markdown_extensions.append("attr_list")  # the anchors of Tarifa's headings
        for index, sheet in enumerate(STYLESHEETS):
            if sheet not in config.extra_css:
                config.extra_css.insert(index, sheet)  # first, so that a site's own styles win
        for script in SCRIPTS:
            if script not in [str(s) for s in config.extra_javascript]:
                config.extra_javascript.append(script)
        self._begin_output(config)
        return config

    @event_priority(-200)  # after mkdocs-static-i18n has put its sitemap template first
    def _sitemap_template(self, config: MkDocsConfig) -> MkDocsConfig:
        """static-i18n's sitemap with an x-default alternate per page, unless the site has its own."""
        custom = _custom_dir(config)
        if config.plugins.get("i18n") is None or (custom is not None and (custom / "sitemap.xml").exists()):
            return config
        folder = str(hreflang.SITEMAP_TEMPLATES)
        if folder in config.theme.dirs:
            config.theme.dirs.remove(folder)
        config.theme.dirs.insert(0, folder)
        return config

    on_config = CombinedEvent(_configure, _sitemap_template)

    def _check_i18n(self, config: MkDocsConfig) -> None:
        """mkdocs-static-i18n: a version this plugin knows, with linear-time search de-duplication."""
        i18n = config.plugins.get("i18n")
        if i18n is None or self._i18n_checked:
            return
        found = version("mkdocs-static-i18n")
        if found not in I18N_VERSIONS:
            raise PluginError(
                f"tarifa: written for mkdocs-static-i18n {' or '.join(I18N_VERSIONS)}, found {found}; "
                f"install mkdocs-static-i18n=={I18N_VERSIONS[-1]}"
            )
        # static-i18n de-duplicates the shared search index in quadratic time (11 s at 400 models,
        # hours at 5,000): the same result in linear time, on this instance only.
        i18n.reconfigure_search_duplicates = types.MethodType(
            lambda plugin, entries: deduplicate(entries, plugin.build_languages), i18n
        )
        self._i18n_checked = True

    def _check_options(self, config: MkDocsConfig) -> None:
        """What the option types cannot say, each a problem at its line in mkdocs.yml."""
        problems = []
        i18n = config.plugins.get("i18n")
        languages = [str(lang) for lang in i18n.all_languages] if i18n is not None else _languages(config)
        if self.config.search:  # asked for explicitly
            for name in ("material/search", "search"):
                if config.plugins.get(name) is not None:
                    problems.append(_search_problem(config))
                    break
        for locale in self.config.display_currency:
            if locale not in languages:
                expected = f"a locale the site is built in ({', '.join(languages)})"
                problems.append(
                    _option_problem(config, ("display_currency", locale), expected, repr(locale), key=True)
                )
        project = self.project
        assert project is not None
        catalog = project.catalog
        for locale, currency in missing_rates(catalog, dict(self.config.display_currency)):
            codes = ", ".join(r.currency for r in catalog.exchange_rates) or "none yet"
            expected = f"a currency with an exchange rate in {project.display(project.catalogue)} ({codes})"
            problems.append(_option_problem(config, ("display_currency", locale), expected, repr(currency)))
        for name in ("comparison_max_age_days", "nav_models_max", "overview_models"):
            value = self.config[name]
            least = 0 if name == "nav_models_max" else 1
            if value < least:
                expected = f"a whole number, {least} or more"
                problems.append(_option_problem(config, (name,), expected, repr(value)))
        if problems:
            raise TarifaError(problems)

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        """Warn once per build (in the first language's pass) about every stale comparison."""
        i18n = config.plugins.get("i18n")
        if i18n is not None:
            built = [str(lang) for lang in i18n.build_languages]
            first = i18n.default_language if i18n.default_language in built or not built else built[0]
            if i18n.current_language not in (None, first):  # `build_only_locale` builds one language
                return
        loaded = self._guard(lambda: self._project().comparisons)
        if loaded is not None:
            for problem in stale(loaded, build_date(), self.config.comparison_max_age_days):
                log.warning(str(problem))

    # ── Files, navigation, templates ─────────────────────────────────────────────────
    @event_priority(-50)  # before mkdocs-static-i18n chooses this language's files
    def _one_language_sources(self, files: Files, *, config: MkDocsConfig) -> Files:
        """Fast mode (`build_only_locale`, `make serve-fast LOCALE=de`): static-i18n 1.3.1 makes the
        built language the default one there, so an English `pricing.md` counts as German and wins
        over `pricing.de.md` (the later of the two); leave only the translation."""
        i18n = config.plugins.get("i18n")
        only = getattr(getattr(i18n, "config", None), "build_only_locale", None)
        if not only or i18n.config.docs_structure != "suffix":  # type: ignore[union-attr]
            return files
        translated = {
            f.src_uri[: -len(f".{only}.md")] + ".md" for f in files if f.src_uri.endswith(f".{only}.md")
        }
        for file in [f for f in files if f.src_uri in translated]:
            files.remove(file)
        return files

    @event_priority(-200)  # after mkdocs-static-i18n has chosen this language's files
    def _files(self, files: Files, *, config: MkDocsConfig) -> Files:
        language = _current_language(config)
        catalog = self._guard(lambda: self._project().catalog)
        self._add_assets(files, config)
        colours = theme.palette_colours(config.theme.get("palette"))
        for file in list(files):
            source = file.abs_src_path
            if theme.BUNDLE.match(file.src_uri) and source:  # its polyfill from the site
                text = self._rewritten(source, "local scripts", theme.local_scripts)
            elif theme.PALETTE.match(file.src_uri) and source and colours["primary"]:  # the site's colours
                text = self._rewritten(
                    source, f"colours {colours}", lambda css: theme.palette_css(css, colours)
                )
            elif theme.MAIN.match(file.src_uri) and source:  # without the icons of unused features
                unused = self._unused_icons(config)
                how = f"icons {sorted(unused)}"
                text = self._rewritten(source, how, partial(theme.main_css, unused=unused))
            else:
                continue
            files.remove(file)
            files.append(File.generated(config, file.src_uri, content=text))
        pages = []
        for model in catalog.models:
            # No front matter: the title and description are set in on_page_markdown, as
            # markup-safe text, so no YAML quoting of names (emoji included) can go wrong.
            file = File.generated(
                config,
                f"{MODELS_PATH}{model.page_slug}.md",
                content=f"<!-- tarifa:model {model.page_slug} -->\n",
                inclusion=InclusionLevel.NOT_IN_NAV,
            )
            _localize(file, config, language, f"{MODELS_PATH}{model.page_slug}/")
            GeneratedPage(None, file, config)
            files.append(file)
            pages.append(file)
        self.model_pages[language] = pages
        # A kind with more models than the overview shows: all of them, a page at a time.
        lists = []
        for kind in views.list_kinds(catalog, self.config.overview_models):
            for number in range(1, views.list_page_count(catalog, kind) + 1):
                path = views.list_path(kind, number)
                file = File.generated(
                    config,
                    path.rstrip("/") + ".md",
                    content=f"<!-- tarifa:model-list {kind}.{number} -->\n",
                    inclusion=InclusionLevel.NOT_IN_NAV,
                )
                _localize(file, config, language, path)
                GeneratedPage(None, file, config)
                files.append(file)
                lists.append(file)
        i18n = config.plugins.get("i18n")
        if i18n is not None:
            i18n.i18n_files_per_language.setdefault(language, []).extend(pages + lists)
        return files

    def _add_assets(self, files: Files, config: MkDocsConfig) -> None:
        """Tarifa's stylesheet and scripts, unless the site's docs have a file of the same path."""
        for path in sorted(p for p in ASSETS.rglob("*") if p.is_file()):
            uri = ASSET_URL + path.relative_to(ASSETS).as_posix()
            if files.get_file_from_path(uri) is not None:
                continue
            if path.parent == ASSETS and path.suffix in (".js", ".css"):  # not vendor/: its licence stays
                # served without comments and indentation (the package keeps the sources)
                rewrite = minify.script if path.suffix == ".js" else minify.stylesheet
                text = self._rewritten(str(path), "minified", rewrite)
                files.append(File.generated(config, uri, content=text))
            else:
                files.append(File.generated(config, uri, abs_src_path=str(path)))

    def _unused_icons(self, config: MkDocsConfig) -> set[str]:
        """The icons of Material's stylesheet that no page of this site can show (see
        `tarifa.build.theme.unused_icons`): from the configuration and the site's own sources
        (every language's Markdown and HTML, the theme's custom templates), so the same for
        every language and every worker of `tarifa build -j`."""
        if self.icons is None:
            folders = [Path(config.docs_dir)] + ([custom] if (custom := _custom_dir(config)) else [])
            texts = [
                path.read_text(encoding="utf-8", errors="replace")
                for folder in folders
                for path in sorted(folder.rglob("*"))
                if path.suffix in (".md", ".html", ".htm") and path.is_file()
            ]
            sources = "\n".join(texts)
            extra: dict[str, Any] = dict(config.extra or {})
            self.icons = theme.unused_icons(
                classes=theme.used_classes(sources),
                features=set(config.theme.get("features") or ()),
                plugins=set(config.plugins),
                extensions={str(name) for name in config.markdown_extensions},
                repository=bool(config.repo_url),
                version=bool(extra.get("version")),
                status=bool(extra.get("status")) or bool(re.search(r"(?m)^status:[ \t]*\S", sources)),
            )
        return self.icons

    def _rewritten(self, path: str, how: str, rewrite: Callable[[str], str]) -> str:
        """A file of the theme or of Tarifa as the site serves it (`rewrite` of its text, named
        `how`): the same in every language, so rewritten once per build, not once per language."""
        key = (path, how)
        if key not in self.rewritten:
            self.rewritten[key] = rewrite(Path(path).read_text(encoding="utf-8"))
        return self.rewritten[key]

    on_files = CombinedEvent(_one_language_sources, _files)

    def on_nav(self, nav: Navigation, *, config: MkDocsConfig, files: Files) -> Navigation:
        language = _current_language(config)
        pages = [f.page for f in self.model_pages.get(language, []) if f.page is not None]
        if not pages or len(pages) > self.config.nav_models_max:
            # The theme writes the whole navigation into every page: with a model per entry, each
            # page grows with the catalogue and the build with its square (1,000 models: 5,000
            # pages of ~280 KB). Large catalogues reach model pages from the model index instead.
            return nav
        ctx = self._project().context(language)
        # Retired models keep their page (links to it still work) but leave the menu.
        retired = {m.page_slug for m in ctx.catalog.models if m.status == "retired"}
        listed = [p for p in pages if PurePosixPath(p.file.src_uri).stem not in retired]
        section = Section(_theme_text(ctx._("Models")), listed)  # type: ignore[arg-type]
        for page in listed:
            page.parent = section
        # Right after the part of the menu that holds the pricing page (visitors' pages), before
        # any other part (translators' pages, say); at the end when the menu has no parts.
        place = len(nav.items)
        pricing = _prefix(config, language) + _source_url(self.config.pricing_page, config.use_directory_urls)
        for number, item in enumerate(nav.items):
            children = item.children or [] if item.is_section else []
            if any(getattr(child, "url", None) == pricing for child in children):
                place = number + 1
        nav.items.insert(place, section)
        nav.pages.extend(listed)
        for previous, page in zip([None, *nav.pages[:-1]], nav.pages, strict=True):
            page.previous_page = previous
            if previous is not None:
                previous.next_page = page
        nav.pages[-1].next_page = None
        return nav

    @event_priority(100)  # before any other handler loads a template
    def on_env(self, env: Any, *, config: MkDocsConfig, files: Files) -> Any:
        """Compile the theme's templates once per process, not once per language (see
        template_cache), and make a mistake in one of them one line, not a traceback."""
        env.bytecode_cache = self.templates
        reraise = env.handle_exception

        def handle_exception(source: str | None = None) -> None:
            try:
                reraise(source)
            except PluginError:
                raise  # an included or extended template's own error, already one line
            except Exception as error:
                folder = Path(env.loader.searchpath[0]) if env.loader else Path()
                raise PluginError(str(template_problem(error, folder))) from None

        env.handle_exception = handle_exception
        env.globals["tarifa_once"] = pass_context(
            lambda context, name, *, caller: self._once(context, name, caller=caller)
        )
        return env

    def _once(self, context: Any, name: str, *, caller: Callable[[], str]) -> str:
        """`{% call tarifa_once("name") %}…{% endcall %}` in a theme template: the block rendered
        once per build for each language and page depth (`base_url`) and reused, for blocks that
        are the same on every such page (the header's search box, 0.2 ms a page otherwise; the
        navigation of the pages outside it)."""
        language = context.get("i18n_page_locale", "")
        key = (name, context.get("base_url"), language, context["config"].theme.get("language"))
        if key not in self.fragments:
            self.fragments[key] = caller()
        return self.fragments[key]

    # ── Pages ────────────────────────────────────────────────────────────────────────
    def on_page_markdown(self, markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        if "<!-- tarifa:" not in markdown:
            return markdown
        language = _current_language(config)
        if _fell_back(page, config):
            markdown = fallback.mark_sections(markdown)  # Tarifa's sections stay in `language`
        project = self._project()
        base = _relative(_prefix(config, language), page.url)
        ctx = self._guard(lambda: project.context(language, base_url=base))
        ctx.extra.update(site_root=_relative("", page.url), site_url=config.site_url or "")
        self._page_meta(page, ctx, markdown)
        self._jsonld(page, config, ctx, markdown)
        names = {m.group("name") for m in MARKER.finditer(markdown)}
        if self.config.pricing_layout and names & PRICING_MARKERS:
            page.meta.setdefault("hide", ["navigation", "toc"])
        if "calculator" in names:
            self.calculators.add(language)

        def link(locale: str, source: str) -> str:
            return (
                _relative("", page.url)
                + _prefix(config, locale)
                + _source_url(source, config.use_directory_urls)
            )

        section_page = SectionPage(
            ctx,
            project.renderer,
            pricing_href=base + _source_url(self.config.pricing_page, config.use_directory_urls),
            translation_status=lambda: self._translation_status(config),
            link=link,
            overview_models=self.config.overview_models,
        )
        try:
            expanded: Expanded = self._guard(lambda: expand(markdown, section_page))
        except KeyError as error:
            raise PluginError(f"{page.file.src_uri}: {error.args[0]}") from None
        self.slots[page.url] = expanded.slots
        if isinstance(page, GeneratedPage):
            page.prepared = (expanded.markdown, expanded.blocks) if expanded.blocks is not None else None
        return expanded.markdown

    def _page_meta(self, page: Page, ctx: Any, markdown: str) -> None:
        """A model page's title and description: the model's name and description in this language."""
        match = MODEL_MARKER.match(markdown)
        if match is None or page.file.generated_by is None:
            return
        model = ctx.catalog.by_slug(match.group(1))
        page.meta["title"] = _theme_text(ctx.model_name(model))
        if model.description:
            page.meta["description"] = _theme_text(ctx.cat("model_description", model.description))

    def _jsonld(self, page: Page, config: MkDocsConfig, ctx: Any, markdown: str) -> None:
        """schema.org JSON-LD for the pricing overview and each model page."""
        markers = {(m.group("name"), m.group("arg")) for m in MARKER.finditer(markdown)}
        names = {name for name, _ in markers}
        if not names & {"price-tables", "model"}:
            return
        language = _current_language(config)
        here = _url_for(config, page, page.url)
        if "price-tables" in names:
            models = _url_for(config, page, _prefix(config, language) + MODELS_PATH)
            document = jsonld.catalogue_document(ctx, page.title or config.site_name, here, models + "{id}/")
        else:
            model_id = next(arg for name, arg in markers if name == "model")
            document = jsonld.model_document(ctx, ctx.catalog.by_slug(model_id or ""), here)
        self.head[page.url] = self.head.get(page.url, "") + jsonld.script(document) + "\n"

    def on_page_content(self, html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        slots = self.slots.pop(page.url, None)
        if slots:
            html = fill(html, slots)
        language = _current_language(config)
        if language == _default_language(config):
            return html
        fell_back = _fell_back(page, config)
        state = None if fell_back else self._outdated_state(page, config)
        if not fell_back and state is None:
            return html
        root = _relative("", page.url)
        english = root + page.url[len(_prefix(config, language)) :]
        project = self._project()
        section_page = SectionPage(
            self._guard(lambda: project.context(language, base_url=root)), project.renderer, pricing_href=""
        )
        default = _default_language(config)
        source = (default, "rtl" if right_to_left(default) else "ltr")
        if state is not None:
            outdated: str = self._guard(lambda: outdated_notice(section_page, english, state, source))
            return outdated + html
        # The page's text is the English page's: marked as English (its title too, which the
        # theme would add outside it), with a notice that says what is in the visitor's language.
        title = ""
        if "<h1" not in html:
            title = fallback.wrap_text(f"<h1>{escape(page.title or config.site_name)}</h1>", *source)
        translated = project.domains.interface_share(language) >= INTERFACE_TRANSLATED
        notice: str = self._guard(
            lambda: untranslated_notice(section_page, english, interface_translated=translated, source=source)
        )
        return title + notice + fallback.wrap_text(html, *source)

    def _outdated_state(self, page: Page, config: MkDocsConfig) -> str | None:
        """`stale` or `unmarked` for a translated page that ships so on purpose (`outdated_ok`)."""
        if not page.meta.get(l10n_status.OUTDATED_KEY) or not page.file.abs_src_path:
            return None
        site = SiteConfig(
            Path(config.config_file_path), Path(config.docs_dir), _configured_languages(config), self.config
        )
        source, _ = l10n_status.source_of(Path(page.file.abs_src_path), site)
        if not source.exists():
            return None
        recorded = l10n_status.recorded_hash(Path(page.file.abs_src_path).read_text(encoding="utf-8"))
        if recorded is None:
            return l10n_status.UNMARKED
        current = l10n_status.source_hash(source.read_text(encoding="utf-8"))
        return l10n_status.STALE if recorded != current else None

    def on_page_context(self, context: Any, *, page: Page, config: MkDocsConfig, nav: Navigation) -> Any:
        """The head link to this language's feed of price changes, for every page."""
        language = _current_language(config)
        ctx = self._project().context(language)
        title = ctx._("%(provider)s price changes") % {"provider": ctx.catalog.provider.name}
        href = _link(_prefix(config, language) + FEED_PATH, page.url)
        feed_type = "application/atom+xml"
        link = f'<link rel="alternate" type="{feed_type}" href="{escape(href)}" title="{escape(title)}">'
        self.head[page.url] = link + "\n" + self.head.get(page.url, "")
        return context

    def on_post_page(self, output: str, *, page: Page, config: MkDocsConfig) -> str:
        output = theme.toc_title(output)  # a page outside the navigation: see tarifa.build.theme
        if config.plugins.get("i18n") is not None:
            output = hreflang.with_x_default(output, _default_language(config))
        if right_to_left(_current_language(config)):
            # English sentences still untranslated read left to right; other Latin runs are isolated.
            output = _in_article(output, lambda html: bidi.isolate(bidi.mark_english(html)))
        output = _with_history_styles(output)
        output, form = calculator.split_form(output)
        if form is not None:  # beside the page, fetched when the calculator comes near the screen
            target = Path(page.file.abs_dest_path).parent / calculator.FORM_FILE
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(form, encoding="utf-8")
        if self.pagefind:
            output = self._searchable(output, page, config)
        extra = self.head.pop(page.url, None)
        head = output.find("</head>")
        if extra is not None and head >= 0:
            output = output[:head] + extra + output[head:]
        return self._minified(output)

    def _minified(self, output: str) -> str:
        """A page or the 404 page without its templates' indentation (the option `minify_html`)."""
        return minify.html(output) if self.config.minify_html else output

    def _searchable(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """What Pagefind indexes: the page's article; a page in the default language's words
        says so (`fallback`), and pages other than model pages have their tables left out."""
        article = output.find(ARTICLE)
        if article < 0:
            return output
        attributes = " data-pagefind-body"
        language = _current_language(config)
        content_language = getattr(page.file, "locale", language)
        if content_language != language:
            attributes += f' data-pagefind-meta="fallback:{escape(content_language)}"'
        if not (page.file.generated_by and page.file.src_uri.startswith(MODELS_PATH)):
            attributes += " data-tarifa-listing"  # a model's own page keeps its tables
        at = article + len(ARTICLE) - 1  # before the tag's ">"
        return output[:at] + attributes + output[at:]

    def on_post_template(self, output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
        """The 404 page, a static template, names every language's home page (x-default too) and
        loses its indentation as pages do."""
        if not template_name.endswith(".html"):
            return output_content
        if config.plugins.get("i18n") is not None:
            output_content = hreflang.with_x_default(output_content, _default_language(config))
        return self._minified(output_content)

    # ── The end of a build ───────────────────────────────────────────────────────────
    @event_priority(0)
    def _publish(self, config: MkDocsConfig) -> None:
        """Each language's Atom feed; the open data once, with the default language."""
        language = _current_language(config)
        project = self._project()
        site_dir = Path(config.site_dir)
        ctx = project.context(language)
        path = _prefix(config, language) + FEED_PATH
        data = feed.atom_feed(ctx, site_url=config.site_url or "", prefix=_prefix(config, language))
        write_atomically(site_dir / path, data)
        if views.truncated(ctx, self.config.overview_models):
            finder = json.dumps(views.finder(ctx), ensure_ascii=False, separators=(",", ":"))
            write_atomically(site_dir / (_prefix(config, language) + FINDER_PATH), finder.encode())
        if language in self.calculators:  # every model's prices, fetched when a visitor uses it
            self.calculators.discard(language)
            document = calculator.data_document(ctx)
            write_atomically(site_dir / calculator.DATA_PATH.format(locale=language), document.encode())
        if language == _default_language(config):
            opendata.write(site_dir, project.catalog, build_date(), config.site_url or "")
        self._index_language(config, language)

    def _index_language(self, config: MkDocsConfig, language: str) -> None:
        """Start Pagefind on a language whose pages are all written, beside the build of the
        next one (search_index.Indexer); `_finish` (or the parallel worker) waits for it. A site
        of one language is indexed at the end, at once."""
        languages = _languages(config)
        if not self.pagefind or len(languages) < 2 or language not in languages:
            return
        if self.indexer is None:
            site = Path(config.site_dir)
            prefixes = {lang: _prefix(config, lang) for lang in languages}
            self.indexer = search_index.Indexer(
                site, prefixes, self.index_work or site, yield_to_build=self.index_beside_workers
            )
        self.indexer.add(language)

    def finish_indexing(self, config: MkDocsConfig, site: Path, languages: list[str], bundle: Path) -> int:
        """Pagefind's bundle of `languages` (of `site`) in `bundle`, the number of pages: the
        languages indexed since they were written, finished, or all of them now (a site of one
        language). `mkdocs build` and each worker of `tarifa build -j` end with it."""
        indexer, self.indexer = self.indexer, None
        if indexer is not None:
            return indexer.finish(languages, bundle)
        prefixes = {language: _prefix(config, language) for language in languages}
        return search_index.index_site(site, languages, bundle, prefixes)

    def _stop_indexing(self) -> None:
        indexer, self.indexer = self.indexer, None
        if indexer is not None:
            indexer.close()

    @event_priority(-1000)  # after every plugin, mkdocs-static-i18n's loop over the languages included
    def _finish(self, config: MkDocsConfig) -> None:
        self._project().end_build()
        i18n = config.plugins.get("i18n")
        if i18n is not None and i18n.building:
            return  # a language inside static-i18n's loop: the whole site is not written yet
        if self.atomic_output:  # not one language of `tarifa build -j`: it does this after merging
            site = Path(self.output.get("building", config.site_dir))
            sitemaps.split_in_place(site, config.site_url or "", get_build_timestamp())
            if self.pagefind:
                try:
                    pages = self.finish_indexing(config, site, _languages(config), site / "pagefind")
                    search_index.name_first_files(site / search_index.SCRIPT, site / "pagefind")
                except search_index.SearchIndexError as error:
                    raise PluginError(f"Tarifa: {error}") from None
                log.info("Tarifa: Pagefind indexed %s pages", pages)
        if "building" not in self.output:
            return
        counter = self.output.get("counter")
        if config.strict and counter is not None and counter.get_counts():
            return  # `mkdocs build --strict` fails after this event: on_build_error cleans up
        target, building = self.output.pop("target"), self.output.pop("building")
        self._stop_counting()
        atomic.replace(target, building)
        config.site_dir = str(target)

    on_post_build = CombinedEvent(_publish, _finish)

    def on_build_error(self, *, error: Exception) -> None:
        """A failed build leaves the previous output exactly as it was (see tarifa/build/atomic.py)."""
        self._stop_indexing()  # no Pagefind writing into what is removed below
        building = self.output.pop("building", None)
        if building is not None:
            atomic.discard(building)
            self._stop_counting()
            log.error("the build failed; %s is left as it was", self.output.pop("target"))
        if self.project is not None:
            self.project.end_build()

    def _begin_output(self, config: MkDocsConfig) -> None:
        """Point `mkdocs build` at a new folder beside its target (once, not per language)."""
        if "building" in self.output or self.command != "build" or self.dirty or not self.atomic_output:
            return
        from mkdocs.utils import CountHandler

        target = Path(config.site_dir)
        counter = CountHandler()
        counter.setLevel(logging.WARNING)
        logging.getLogger("mkdocs").addHandler(counter)
        self.output.update(target=target, building=atomic.new_folder(target), counter=counter)
        config.site_dir = str(self.output["building"])

    def _stop_counting(self) -> None:
        counter = self.output.pop("counter", None)
        if counter is not None:
            logging.getLogger("mkdocs").removeHandler(counter)

    # ── mkdocs serve ─────────────────────────────────────────────────────────────────
    def on_serve(self, server: Any, *, config: MkDocsConfig, builder: Any) -> Any:
        project = self._project()
        server.watch(str(project.catalogue.parent))
        if project.locales.exists():
            server.watch(str(project.locales))
        for folder in project.template_dirs[:-1]:
            if folder.exists():
                server.watch(str(folder))
        if self.config.serve_last_good_site:
            self.serving.install(server, config)
        return server

    def on_shutdown(self) -> None:
        self.serving.close()

    # ── Helpers ──────────────────────────────────────────────────────────────────────
    def _project(self) -> Project:
        assert self.project is not None, "on_config has not run"
        return self.project

    def _guard(self, action: Any) -> Any:
        """Run `action`; Tarifa's problems become one log line each (and a GitHub annotation in
        Actions) and a clean build failure."""
        try:
            return action()
        except TarifaError as error:
            for problem in error.problems:
                log.error(str(problem))
                if os.environ.get("GITHUB_ACTIONS") == "true":
                    print(problem.github_annotation(), flush=True)
            count = len(error.problems)
            raise PluginError(
                f"Tarifa: {count} problem{'s' if count != 1 else ''} in the input (listed above)"
            ) from None

    def _translation_status(self, config: MkDocsConfig) -> l10n_status.Status:
        """The status of every language, computed again only when one of its inputs changed.

        The page counts against the committed `.pot`, the template translators work from;
        `tarifa check`, in CI, fails on a stale `.pot`."""
        project = self._project()
        site = SiteConfig(
            Path(config.config_file_path),
            Path(config.docs_dir),
            _configured_languages(config),
            self.config,
        )
        paths = [site.path, project.catalogue]
        for folder, pattern in ((project.locales, "*.po*"), (site.docs_dir, "*.md")):
            paths.extend(folder.rglob(pattern))
        fingerprint = tuple(sorted((str(p), p.stat().st_mtime) for p in paths if p.exists()))
        if self._status is None or self._status[0] != fingerprint:
            status = self._guard(
                lambda: l10n_status.collect(project, site, l10n_status.committed_pot(project))
            )
            self._status = (fingerprint, status)
        return self._status[1]


# ── MkDocs and mkdocs-static-i18n, read ──────────────────────────────────────────────────
def _current_language(config: MkDocsConfig) -> str:
    """The language this pass of the build writes (static-i18n builds one language per pass)."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return str(config.theme.get("language") or "en")
    return str(i18n.current_language or i18n.default_language)


def _default_language(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    return str(i18n.default_language) if i18n is not None else _current_language(config)


def _languages(config: MkDocsConfig) -> list[str]:
    i18n = config.plugins.get("i18n")
    return [str(lang) for lang in i18n.build_languages] if i18n is not None else [_current_language(config)]


def _configured_languages(config: MkDocsConfig) -> list[Any]:
    from tarifa.site_config import Language

    i18n = config.plugins.get("i18n")
    if i18n is None:
        return [Language(_current_language(config), _current_language(config), default=True)]
    return [
        Language(str(lang.locale), str(lang.name or lang.locale), bool(lang.default), bool(lang.build))
        for lang in i18n.config.languages
    ]


def _prefix(config: MkDocsConfig, language: str) -> str:
    """The URL folder of a language's pages: '' for the default language, else 'de/'."""
    return "" if language == _default_language(config) else f"{language}/"


def _custom_dir(config: MkDocsConfig) -> Path | None:
    custom = config.theme.custom_dir
    return Path(custom) if custom else None


def _fell_back(page: Page, config: MkDocsConfig) -> bool:
    """Whether the page's text is the default language's, inside another language's build
    (mkdocs-static-i18n's fallback; `page.file.locale` is the language of the content)."""
    language = _current_language(config)
    return language != _default_language(config) and getattr(page.file, "locale", language) != language


def _in_article(output: str, change: Callable[[str], str]) -> str:
    """`output` with `change` applied to the page's article, Material's `<article>` element."""
    start, end = output.find("<article"), output.rfind("</article>")
    if start < 0 or end < start:
        return output
    return output[:start] + change(output[start:end]) + output[end:]


def _relative(root: str, page_url: str) -> str:
    """The relative link from a page (`de/pricing/`) to a language's root (`de/`, or `` for the
    site's root), ending in `/` (empty on the root page itself)."""
    rel = posixpath.relpath(root or ".", page_url or ".")
    return "" if rel == "." else rel + "/"


def _link(target: str, page_url: str) -> str:
    """The link from the page at `page_url` ('de/pricing/') to `target` (a path from the site root)."""
    return posixpath.relpath(target or ".", page_url or ".") + ("/" if target.endswith("/") else "")


def _url_for(config: MkDocsConfig, page: Page, target: str) -> str:
    """The absolute URL of `target` when the site has a `site_url`, else a link from `page`."""
    if config.site_url:
        return config.site_url.rstrip("/") + "/" + target
    return _link(target, page.url)


def _source_url(source: str, directory_urls: bool) -> str:
    """`pricing.md` → `pricing/`, `index.md` → ``, `a/index.md` → `a/` (or `.html` files)."""
    stem = source[: -len(".md")]
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem[: -len("index")]
    return stem + "/"


def _theme_text(text: str) -> Markup:
    """Text for the theme, which prints titles and names without escaping them (and sometimes with
    `| e`): escaped once here, and marked safe so that the theme's `| e` does not escape it twice."""
    return Markup(escape(text))


def _localize(file: File, config: MkDocsConfig, language: str, path: str) -> None:
    """Give a generated page the place and the metadata that mkdocs-static-i18n gives real ones."""
    i18n = config.plugins.get("i18n")
    default = _default_language(config)
    prefix = "" if language == default else f"{language}/"
    file.dest_uri = f"{prefix}{path}index.html"
    file.url = f"{prefix}{path}"
    if i18n is None:
        return
    languages = list(i18n.build_languages)
    file.locale = language  # type: ignore[attr-defined]
    file.locale_alternate_of = language  # type: ignore[attr-defined]
    file.localization = None if language == default else language  # type: ignore[attr-defined]
    file.norm_src_uri = file.src_uri  # type: ignore[attr-defined]
    file.alternates = {  # type: ignore[attr-defined]
        lang: (
            file
            if lang == language
            else types.SimpleNamespace(
                url=("" if lang == default else f"{lang}/") + path, page=None, locale=lang
            )
        )
        for lang in sorted(languages)
    }


#: Classes of the sections styled by assets/tarifa/history.css (price changes and history, charts,
#: a model's headline prices, comparisons).
_HISTORY_CLASSES = ("tarifa-changes", "tarifa-announced", "tarifa-chart", "tarifa-headline", "tarifa-compare")
_TARIFA_CSS = re.compile(r'<link rel="stylesheet" href="([^"]*?)tarifa\.css">')


def _with_history_styles(output: str) -> str:
    """history.css linked right after tarifa.css (before a site's own styles), on the pages that
    show what it styles: the pricing page does without it."""
    if not any(name in output for name in _HISTORY_CLASSES):
        return output
    link = _TARIFA_CSS.search(output)
    if link is None:  # a site that replaced Tarifa's stylesheet
        return output
    extra = f'<link rel="stylesheet" href="{link.group(1)}history.css">'
    return output[: link.end()] + extra + output[link.end() :]


def _search_problem(config: MkDocsConfig) -> Problem:
    """Material's search plugin beside Tarifa's search, at its line in mkdocs.yml."""
    file = Path(config.config_file_path)
    line = 1
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except OSError:
        lines = []
    for number, text in enumerate(lines, 1):
        if re.match(r"^\s*-\s*(material/)?search\s*(:.*)?$", text):
            line = number
            break
    return Problem(
        str(file.name),
        line,
        1,
        "plugins.search",
        "no search plugin: Tarifa searches with Pagefind, an index per language (or the tarifa "
        "option search: false to keep Material's search)",
        "Material's search plugin",
    )


def _option_problem(
    config: MkDocsConfig, path: KeyPath, expected: str, found: str, *, key: bool = False
) -> Problem:
    """A problem with one of the plugin's options, at its line and column in mkdocs.yml."""
    import yaml

    file = Path(config.config_file_path)
    full: KeyPath = ("plugins", "tarifa", *path)
    line, column = 1, 1
    try:  # composing builds no values, so tags such as !ENV do not matter
        node: yaml.Node | None = yaml.compose(file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        node = None
    for index, part in enumerate(full):
        if isinstance(node, yaml.SequenceNode):  # the plugins list: the item that holds `tarifa`
            node = next(
                (
                    item
                    for item in node.value
                    if isinstance(item, yaml.MappingNode)
                    and any(isinstance(k, yaml.ScalarNode) and k.value == part for k, _ in item.value)
                ),
                None,
            )
        if not isinstance(node, yaml.MappingNode):
            break
        pair = next(
            ((k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part), None
        )
        if pair is None:
            break
        mark = (pair[0] if key and index == len(full) - 1 else pair[1]).start_mark
        line, column = mark.line + 1, mark.column + 1
        node = pair[1]
    return Problem(file.name, line, column, format_path(full), expected, found)
