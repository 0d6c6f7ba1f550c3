"""A Tarifa project on disk: its catalogue, translations and templates, loaded once per process."""

from __future__ import annotations

import datetime as dt
import gettext
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import translations
from .catalog import Catalog, exchange_rate
from .comparisons import DEFAULT_FILE, LoadedComparisons, load_comparisons
from .errors import Problem, TarifaError
from .exchange import Display
from .formatting import formatter
from .loader import load_catalog
from .render import Renderer
from .views import Context


def build_date() -> dt.date:
    """Today, or the date of SOURCE_DATE_EPOCH so that builds can be reproduced."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    return dt.date.today()


@dataclass
class Project:
    root: Path
    catalogue: Path
    locales: Path
    templates: Path
    #: Display currency per locale (mkdocs.yml `extra.tarifa.display_currency`), set by the hooks.
    display_currencies: dict[str, str] = field(default_factory=dict)
    #: Other providers' offers; the file is optional.
    comparisons_file: Path | None = None
    _catalog: tuple[float, Catalog] | None = field(default=None, repr=False)
    _comparisons: tuple[float, Catalog, LoadedComparisons] | None = field(default=None, repr=False)
    _renderer: Renderer | None = field(default=None, repr=False)
    #: Inside a build the inputs do not change: no `stat` per page (`begin_build`).
    _stable: bool = field(default=False, repr=False)
    _translations: dict[str, gettext.NullTranslations] = field(default_factory=dict, repr=False)

    @classmethod
    def at(cls, root: Path, catalogue: str = "pricing/catalogue.yaml") -> Project:
        return cls(root, root / catalogue, root / "overrides" / "locales", root / "overrides" / "tarifa")

    def display(self, path: Path) -> str:
        """A path as the editor knows it: relative to the project."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    def begin_build(self, locales: list[str]) -> None:
        """Check every input once (re-read what changed since the last build) and keep it for
        the build: the pages of a build then skip the per-call `stat` of each file."""
        self._stable = False
        self._translations = {locale: translations.load(self.locales, locale) for locale in locales}
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
            self._catalog = (mtime, load_catalog(self.catalogue, self.display(self.catalogue)))
        return self._catalog[1]

    @property
    def comparisons(self) -> LoadedComparisons | None:
        """The validated comparison file, or None when there is none; reloaded when it changed."""
        if self._stable:
            return self._comparisons[2] if self._comparisons is not None else None
        path = self.comparisons_file or self.root / DEFAULT_FILE
        if not path.exists():
            self._comparisons = None
            return None
        mtime, catalog = path.stat().st_mtime, self.catalog
        if self._comparisons is None or self._comparisons[0] != mtime or self._comparisons[1] is not catalog:
            self._comparisons = (mtime, catalog, load_comparisons(path, catalog, self.display(path)))
        return self._comparisons[2]

    def display_currency(self, locale: str) -> Display | None:
        """The locale's display currency and its rate, if mkdocs.yml gives it one the catalogue has."""
        code = self.display_currencies.get(locale)
        catalog = self.catalog
        rate = exchange_rate(catalog, code) if code and code != catalog.currency else None
        return Display(rate.currency, rate.rate, rate.date) if rate is not None else None

    @property
    def renderer(self) -> Renderer:
        if self._renderer is None:
            self._renderer = Renderer(self.templates)
        return self._renderer

    def context(self, locale: str, *, today: dt.date | None = None, base_url: str = "") -> Context:
        catalog = self.catalog
        return Context(
            catalog=catalog,
            locale=locale,
            fmt=formatter(locale, catalog.currency),
            t=self._translations.get(locale) or translations.load(self.locales, locale),
            today=today or build_date(),
            base_url=base_url,
            display=self.display_currency(locale),
            comparisons=self.comparisons,
        )


_shared: dict[tuple[Path, str], Project] = {}


def shared(root: Path, catalogue: str = "pricing/catalogue.yaml") -> Project:
    """The one `Project` of this process for `root`: every hook module shares its caches."""
    key = (root.resolve(), catalogue)
    if key not in _shared:
        _shared[key] = Project.at(key[0], catalogue)
    return _shared[key]
