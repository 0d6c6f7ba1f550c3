"""A Tarifa project on disk: its catalogue, translations and templates, loaded once per process."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import translations
from .catalog import Catalog
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
    _catalog: tuple[float, Catalog] | None = field(default=None, repr=False)
    _renderer: Renderer | None = field(default=None, repr=False)

    @classmethod
    def at(cls, root: Path, catalogue: str = "pricing/catalogue.yaml") -> Project:
        return cls(root, root / catalogue, root / "overrides" / "locales", root / "overrides" / "tarifa")

    def display(self, path: Path) -> str:
        """A path as the editor knows it: relative to the project."""
        try:
            return str(path.relative_to(self.root))
        except ValueError:
            return str(path)

    @property
    def catalog(self) -> Catalog:
        """The validated catalogue; reloaded only when the file changed."""
        mtime = self.catalogue.stat().st_mtime
        if self._catalog is None or self._catalog[0] != mtime:
            self._catalog = (mtime, load_catalog(self.catalogue, self.display(self.catalogue)))
        return self._catalog[1]

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
            t=translations.load(self.locales, locale),
            today=today or build_date(),
            base_url=base_url,
        )


_shared: dict[tuple[Path, str], Project] = {}


def shared(root: Path, catalogue: str = "pricing/catalogue.yaml") -> Project:
    """The one `Project` of this process for `root`: every hook module shares its caches."""
    key = (root.resolve(), catalogue)
    if key not in _shared:
        _shared[key] = Project.at(key[0], catalogue)
    return _shared[key]
