"""What a page knows of its language: the catalogue, the visitor's locale and its formats, the
two translation domains, the day of the build and the page's place in the site."""

from __future__ import annotations

import datetime as dt
import gettext
from dataclasses import dataclass, field

from tarifa.catalogue.comparisons import LoadedComparisons
from tarifa.catalogue.exchange import Display
from tarifa.catalogue.model import AnyModel, Catalog
from tarifa.l10n.domains import CONTEXTS
from tarifa.l10n.formatting import Formatter
from tarifa.pages.urls import MODELS_PATH


@dataclass
class Context:
    """Everything a template needs for one locale of one build."""

    catalog: Catalog
    locale: str
    fmt: Formatter
    #: Tarifa's interface (the `tarifa` domain) in this locale.
    t: gettext.NullTranslations
    today: dt.date
    base_url: str = ""
    #: The provider's texts (the `pricing` domain): tier and model names, descriptions, ...
    texts: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)
    models_url: str = MODELS_PATH
    extra: dict[str, str] = field(default_factory=dict)
    #: The locale's display currency, when it shows approximate converted prices.
    display: Display | None = None
    #: Other providers' offers (pricing/comparisons.yaml), when the project has them.
    comparisons: LoadedComparisons | None = None

    # ── translation helpers ─────────────────────────────────────────────────────────
    def _(self, message: str) -> str:
        return self.t.gettext(message)

    def n_(self, singular: str, plural: str, count: int, **values: str) -> str:
        values.setdefault("num", self.fmt.integer(count))
        return self.t.ngettext(singular, plural, count) % values

    def p_(self, context: str, message: str) -> str:
        """A string whose English has more than one meaning: `context` says which (msgctxt)."""
        return self.t.pgettext(context, message)

    def cat(self, kind: str, message: str) -> str:
        """A translatable string from the catalogue (the provider's domain), with its msgctxt."""
        return self.texts.pgettext(CONTEXTS[kind], message)

    def model_name(self, model: AnyModel) -> str:
        return self.cat("model_name", model.name) if model.translate_name else model.name

    def model_href(self, model: AnyModel) -> str:
        return f"{self.base_url}{self.models_url}{model.page_slug}/"
