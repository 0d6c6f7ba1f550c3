"""The options of the `tarifa` plugin, as a provider writes them in `mkdocs.yml`:

```yaml
plugins:
  - search
  - i18n: {...}
  - tarifa:
      catalogue: pricing/catalogue.yaml
      display_currency: {de: EUR}
```

MkDocs checks each option's type and names the option in its message; `check` adds what a type
cannot say (a display currency for a language the site is not built in, an exchange rate the
catalogue lacks). The command line reads the same options from `mkdocs.yml` through the same
class (`tarifa.site_config`), so the build and `tarifa check` never disagree.
"""

from __future__ import annotations

from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as c

from tarifa.catalogue.comparisons import DEFAULT_MAX_AGE_DAYS

#: Percentage of messages a built language must have translated (`tarifa check`, CI).
DEFAULT_REQUIRED = 100.0


class Completeness(base.BaseConfigOption[dict[str, float]]):
    """A percentage, or a mapping of locale (or `default`) to a percentage."""

    def __init__(self) -> None:
        super().__init__()
        self.default = {"default": DEFAULT_REQUIRED}

    def run_validation(self, value: object) -> dict[str, float]:
        if isinstance(value, int | float) and not isinstance(value, bool):
            value = {"default": value}
        if not isinstance(value, dict):
            raise base.ValidationError(
                f"expected a percentage or a mapping such as {{default: 100, ja: 80}}, found {value!r}"
            )
        out: dict[str, float] = {}
        for locale, percent in value.items():
            if isinstance(percent, bool) or not isinstance(percent, int | float) or not 0 <= percent <= 100:
                raise base.ValidationError(
                    f"{locale}: expected a percentage from 0 to 100, found {percent!r}"
                )
            out[str(locale)] = float(percent)
        return out


class Currencies(base.BaseConfigOption[dict[str, str]]):
    """A mapping of locale to an ISO 4217 code: `{de: EUR}`."""

    def __init__(self) -> None:
        super().__init__()
        self.default: dict[str, str] = {}

    def run_validation(self, value: object) -> dict[str, str]:
        if value is None:
            return {}
        if not isinstance(value, dict) or not all(
            isinstance(k, str) and isinstance(v, str) and len(v) == 3 and v.isupper()
            for k, v in value.items()
        ):
            raise base.ValidationError(
                f"expected a mapping of locale to a currency code such as {{de: EUR}}, found {value!r}"
            )
        return dict(value)


class TarifaConfig(base.Config):
    catalogue = c.Type(str, default="pricing/catalogue.yaml")
    """The price catalogue (YAML), relative to `mkdocs.yml`."""

    locales = c.Optional(c.Type(str))
    """Your translations of the catalogue's texts: `LOCALE/LC_MESSAGES/pricing.po` under this
    folder (default: `locales` beside the catalogue). A `tarifa.po` there translates or corrects
    Tarifa's own interface for that language."""

    glossary = c.Optional(c.Type(str))
    """The translators' glossaries: `LOCALE.yaml` under this folder (default: `glossary` beside
    the catalogue), each English term with the one translation to use and its accepted forms.
    `tarifa check` flags a term translated another way in either gettext domain and in the
    translated pages; a language without a file is not checked."""

    comparisons = c.Type(str, default="pricing/comparisons.yaml")
    """Other providers' list prices to compare with (optional: no file, no comparisons)."""

    comparison_max_age_days = c.Type(int, default=DEFAULT_MAX_AGE_DAYS)
    """A comparison checked longer ago than this many days is a build warning (so `--strict` fails)."""

    display_currency = Currencies()
    """Per locale, a currency to show approximate prices in beside the billing price
    (`{de: EUR}`); the catalogue needs a dated rate for it under `exchange_rates`."""

    required_completeness = Completeness()
    """Percent of your messages each built language needs translated for `tarifa check`
    (`100`, or `{default: 100, ja: 80}` while a language is being translated)."""

    nav_models_max = c.Type(int, default=50)
    """Catalogues with more models than this list no model pages in the navigation (the theme
    writes the whole navigation into every page); the model index links them all."""

    pricing_page = c.Type(str, default="pricing.md")
    """The page with the price tables (`<!-- tarifa:price-tables -->`), which tier cards and
    model pages link to."""

    serve_last_good_site = c.Type(bool, default=True)
    """`mkdocs serve` keeps serving the last site that built while a rebuild fails."""

    overview_models = c.Type(int, default=25)
    """At most this many models of each kind on the pricing page and the model index, in the
    catalogue's order (list your most popular first); a kind with more gets list pages of all
    its models (`all-models/KIND/`), and the pricing page's search finds every model."""

    search = c.Optional(c.Type(bool))
    """Search with Pagefind: an index per language, loaded in small parts when the visitor
    first searches. Unset: Pagefind, unless the site lists Material's `search` plugin (a site
    that adds Tarifa keeps the search it has, and the build says how to switch); `true` asks for
    Pagefind (and refuses Material's plugin beside it); `false` keeps Material's search."""

    minify_html = c.Type(bool, default=True)
    """Every page without the indentation and blank lines of its templates (a fifth of a model
    page's bytes); the text of `pre`, `code`, `kbd`, `samp`, `textarea`, `script` and `style` is
    kept as it is. Turn it off for a site whose own stylesheet keeps spaces elsewhere
    (`white-space: pre`)."""

    pricing_layout = c.Type(bool, default=True)
    """The pricing page and the model pages use the whole width: no docs navigation or table
    of contents beside them (a page's own `hide:` wins). Pair it with Material's
    `navigation.tabs`, so that visitors still see the site's sections."""


def required_for(options: TarifaConfig, locale: str) -> float:
    """The completeness (percent) `locale` needs: its own setting, else `default`."""
    required: dict[str, float] = options.required_completeness
    return required.get(locale, required.get("default", DEFAULT_REQUIRED))


def read(raw: Any) -> tuple[TarifaConfig, list[tuple[str, str, str]]]:
    """Options from their `mkdocs.yml` mapping, validated as MkDocs validates them, and each
    wrong one as (key path, expected, found): `('plugins.tarifa.required_completeness.default',
    'a percentage from 0 to 100', '120')`."""
    options = TarifaConfig()
    options.load_dict(raw if isinstance(raw, dict) else {})
    failed, _warnings = options.validate()
    problems = []
    for name, error in failed:
        path, message = f"plugins.tarifa.{name}", str(error)
        key, sep, rest = message.partition(": expected ")
        if sep and " " not in key:  # an item of a mapping option: "de: expected ..., found ..."
            path, message = f"{path}.{key}", "expected " + rest
        expected, sep, found = (
            message.removeprefix("expected ").removeprefix("Expected ").partition(", found ")
        )
        problems.append((path, expected, found) if sep else (path, "a valid value", message))
    return options, problems
