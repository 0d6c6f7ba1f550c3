"""MkDocs hooks of issue 5's second half: display currencies and comparisons with other providers.

Settings under `extra.tarifa` in mkdocs.yml:

* `display_currency` — a mapping of locale to ISO 4217 code (`{de: EUR}`): that locale's price
  cells show an approximate amount in the currency beside the billing price. The catalogue must
  hold a dated rate for each currency (`exchange_rates`).
* `comparisons` — the comparison file (default `pricing/comparisons.yaml`).
* `comparison_max_age_days` — an offer checked longer ago than this is stale (default 180): the
  build logs a WARNING naming file:line of each stale offer, so `mkdocs build --strict` fails.
  "Today" is `tarifa.project.build_date()` (SOURCE_DATE_EPOCH when set).

The configuration is read before `tarifa_hooks.on_config` checks every language's context, so
that a missing rate or a broken comparison file stops the build before anything is written.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import yaml
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

from tarifa.catalog import missing_rates
from tarifa.comparisons import DEFAULT_FILE, DEFAULT_MAX_AGE_DAYS, stale
from tarifa.errors import Problem, TarifaError
from tarifa.hookkit import guard
from tarifa.project import Project, build_date, shared
from tarifa.yamlsrc import KeyPath, format_path

log = logging.getLogger("mkdocs.hooks.tarifa.comparisons")

_project: list[Project] = []
_max_age: list[int] = [DEFAULT_MAX_AGE_DAYS]


# ── Hooks ─────────────────────────────────────────────────────────────────────────────
@event_priority(50)  # before tarifa_hooks.on_config builds every language's context
def on_config(config: MkDocsConfig) -> None:
    root = Path(config.config_file_path).parent
    settings = config.extra.get("tarifa", {})
    project = shared(root, settings.get("catalogue", "pricing/catalogue.yaml"))
    _project[:] = [project]
    _guard(lambda: _configure(project, config, settings))


def on_pre_build(config: MkDocsConfig) -> None:
    """Warn once per build (in the first language's pass) about every stale comparison."""
    i18n = config.plugins.get("i18n")
    if i18n is not None:
        built = [str(lang) for lang in i18n.build_languages]
        first = i18n.default_language if i18n.default_language in built or not built else built[0]
        if i18n.current_language not in (None, first):  # `build_only_locale` builds one language
            return
    loaded = _guard(lambda: _project[0].comparisons)
    if loaded is None:
        return
    for problem in stale(loaded, build_date(), _max_age[0]):
        log.warning(str(problem))


# ── Helper functions ──────────────────────────────────────────────────────────────────
def _configure(project: Project, config: MkDocsConfig, settings: dict[str, Any]) -> None:
    problems: list[Problem] = []
    display = settings.get("display_currency", {}) or {}
    if not isinstance(display, dict) or not all(
        isinstance(k, str) and isinstance(v, str) for k, v in display.items()
    ):
        problems.append(
            _config_problem(
                config,
                ("extra", "tarifa", "display_currency"),
                "a mapping of locale to currency code, such as {de: EUR}",
                repr(display),
            )
        )
        display = {}
    i18n = config.plugins.get("i18n")
    # every configured language, built or not (fast mode builds one: TARIFA_LOCALE)
    languages = [str(lang) for lang in i18n.all_languages] if i18n is not None else []
    for locale in display:
        if languages and locale not in languages:
            problems.append(
                _config_problem(
                    config,
                    ("extra", "tarifa", "display_currency", locale),
                    f"a locale the site is built in ({', '.join(languages)})",
                    repr(locale),
                    key=True,
                )
            )
    catalog = project.catalog
    for locale, currency in missing_rates(catalog, display):
        codes = ", ".join(r.currency for r in catalog.exchange_rates) or "none yet"
        problems.append(
            _config_problem(
                config,
                ("extra", "tarifa", "display_currency", locale),
                f"a currency with an exchange rate in {project.display(project.catalogue)} ({codes})",
                repr(currency),
            )
        )
    max_age = settings.get("comparison_max_age_days", DEFAULT_MAX_AGE_DAYS)
    if isinstance(max_age, bool) or not isinstance(max_age, int) or max_age < 1:
        problems.append(
            _config_problem(
                config,
                ("extra", "tarifa", "comparison_max_age_days"),
                "a whole number of days, 1 or more",
                repr(max_age),
            )
        )
        max_age = DEFAULT_MAX_AGE_DAYS
    if problems:
        raise TarifaError(problems)
    project.display_currencies = dict(display)
    project.comparisons_file = project.root / str(settings.get("comparisons", DEFAULT_FILE))
    _max_age[0] = max_age
    project.comparisons  # noqa: B018 - load and check the file now, before anything is written


def _config_problem(
    config: MkDocsConfig, path: KeyPath, expected: str, found: str, *, key: bool = False
) -> Problem:
    """A problem in mkdocs.yml, at the line and column where `path` (or its nearest parent) is."""
    file = Path(config.config_file_path)
    line, column = 1, 1
    try:  # composing builds no values, so tags such as !ENV do not matter
        node: yaml.Node | None = yaml.compose(file.read_text(encoding="utf-8"), Loader=yaml.SafeLoader)
    except (OSError, yaml.YAMLError):
        node = None
    for part in path:
        if not isinstance(node, yaml.MappingNode):
            break
        pairs = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode) and k.value == part]
        pair = pairs[0] if pairs else None
        if pair is None:
            break
        mark = (pair[0] if key and part == path[-1] else pair[1]).start_mark
        line, column = mark.line + 1, mark.column + 1
        node = pair[1]
    return Problem(file.name, line, column, format_path(path), expected, found)


def _guard(action: Any) -> Any:
    return guard(action, log)
