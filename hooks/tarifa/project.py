"""A provider's Tarifa project on disk: its catalogue, translations and templates, loaded once per
process and checked again only when a file changed (`mkdocs serve` rebuilds in one process).

Where everything is comes from the plugin's options (`tarifa.options`), read by the plugin from
MkDocs or by the command line from `mkdocs.yml` (`tarifa.site_config`).
"""

from __future__ import annotations

import datetime as dt
import gettext
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tarifa.catalogue import cache
from tarifa.catalogue.comparisons import LoadedComparisons, load_comparisons
from tarifa.catalogue.exchange import Display
from tarifa.catalogue.model import Catalog, exchange_rate
from tarifa.l10n.domains import Domains
from tarifa.l10n.formatting import formatter
from tarifa.pages.render import TEMPLATES, Renderer
from tarifa.pages.views import Context
from tarifa.problems import Problem, TarifaError

if TYPE_CHECKING:
    from tarifa.options import TarifaConfig


def build_date() -> dt.date:
    """Today, or the date of SOURCE_DATE_EPOCH so that builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


@dataclass
class Project:
    #: The folder of `mkdocs.yml`: every path of the options is relative to it.
    root: Path
    catalogue: Path
    #: The provider's translations (`<locales>/<locale>/LC_MESSAGES/pricing.po`).
    locales: Path
    #: Where Tarifa's templates are looked for: the theme's `custom_dir/tarifa` first.
    template_dirs: list[Path] = field(default_factory=lambda: [TEMPLATES])
    #: Display currency per locale (the `display_currency` option).
    display_currencies: dict[str, str] = field(default_factory=dict)
    #: Other providers' offers; the file is optional.
    comparisons_file: Path | None = None
    #: The translators' glossaries (`<glossary>/<locale>.yaml`), read by `tarifa check`.
    glossary: Path | None = None
    _catalog: tuple[float, Catalog] | None = field(default=None, repr=False)
    _comparisons: tuple[float, Catalog, LoadedComparisons] | None = field(default=None, repr=False)
    _renderer: Renderer | None = field(default=None, repr=False)
    _domains: Domains | None = field(default=None, repr=False)
    #: Inside a build the inputs do not change: no `stat` per page (`begin_build`).
    _stable: bool = field(default=False, repr=False)
    _translations: dict[str, tuple[gettext.NullTranslations, gettext.NullTranslations]] = field(
        default_factory=dict, repr=False
    )

    @classmethod
    def configured(cls, root: Path, options: TarifaConfig, custom_dir: Path | None = None) -> Project:
        """The project that the plugin's options describe (paths relative to `root`)."""
        catalogue = root / options.catalogue
        locales = root / options.locales if options.locales else catalogue.parent / "locales"
        dirs = ([custom_dir / "tarifa"] if custom_dir is not None else []) + [TEMPLATES]
        return cls(
            root,
            catalogue,
            locales,
            template_dirs=dirs,
            display_currencies=dict(options.display_currency),
            comparisons_file=root / options.comparisons,
            glossary=root / options.glossary if options.glossary else catalogue.parent / "glossary",
        )

    @classmethod
    def at(cls, root: Path, catalogue: str = "pricing/catalogue.yaml") -> Project:
        """A project with the default layout: the catalogue, and `locales` beside it."""
        path = root / catalogue
        return cls(root, path, path.parent / "locales", glossary=path.parent / "glossary")

    def display(self, path: Path) -> str:
        """A path as the editor knows it: relative to the project."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    @property
    def domains(self) -> Domains:
        if self._domains is None or self._domains.locales_dir != self.locales:
            self._domains = Domains(self.locales)
        return self._domains

    def begin_build(self, locales: list[str]) -> None:
        """Check every input once (re-read what changed since the last build) and keep it for
        the build: the pages of a build then skip the per-call `stat` of each file."""
        self._stable = False
        self._translations = {
            locale: (self.domains.interface(locale), self.domains.provider(locale)) for locale in locales
        }
        self.comparisons  # noqa: B018 (loads and validates, with the catalogue)
        self._stable = True

    def end_build(self) -> None:
        """Back to checking the files on every use (an edit may come before the next build)."""
        self._stable = False
        self._translations = {}

    @property
    def catalog(self) -> Catalog:
        """The validated catalogue; reloaded only when the file changed."""
        if self._stable and self._catalog is not None:
            return self._catalog[1]
        try:
            mtime = self.catalogue.stat().st_mtime
        except OSError as error:
            found = "no such file" if isinstance(error, FileNotFoundError) else (error.strerror or str(error))
            raise TarifaError(
                [Problem(self.display(self.catalogue), 1, 1, "", "the price catalogue (a YAML file)", found)]
            ) from None
        if self._catalog is None or self._catalog[0] != mtime:
            # Kept between builds in `.cache/tarifa/` (`tarifa.catalogue.cache`).
            loaded = cache.load(self.catalogue, self.display(self.catalogue), self.root / cache.FOLDER)
            self._catalog = (mtime, loaded)
        return self._catalog[1]

    @property
    def comparisons(self) -> LoadedComparisons | None:
        """The validated comparison file, or None when there is none; reloaded when it changed."""
        if self._stable:
            return self._comparisons[2] if self._comparisons is not None else None
        path = self.comparisons_file
        if path is None or not path.exists():
            self._comparisons = None
            return None
        mtime, catalog = path.stat().st_mtime, self.catalog
        if self._comparisons is None or self._comparisons[0] != mtime or self._comparisons[1] is not catalog:
            self._comparisons = (mtime, catalog, load_comparisons(path, catalog, self.display(path)))
        return self._comparisons[2]

    def display_currency(self, locale: str) -> Display | None:
        """The locale's display currency and its rate, if the options give it one the catalogue has."""
        code = self.display_currencies.get(locale)
        catalog = self.catalog
        rate = exchange_rate(catalog, code) if code and code != catalog.currency else None
        return Display(rate.currency, rate.rate, rate.date) if rate is not None else None

    @property
    def renderer(self) -> Renderer:
        if self._renderer is None:
            self._renderer = Renderer(self.template_dirs)
        return self._renderer

    def context(self, locale: str, *, today: dt.date | None = None, base_url: str = "") -> Context:
        catalog = self.catalog
        interface, texts = self._translations.get(locale) or (
            self.domains.interface(locale),
            self.domains.provider(locale),
        )
        return Context(
            catalog=catalog,
            locale=locale,
            fmt=formatter(locale, catalog.currency),
            t=interface,
            texts=texts,
            today=today or build_date(),
            base_url=base_url,
            display=self.display_currency(locale),
            comparisons=self.comparisons,
        )
