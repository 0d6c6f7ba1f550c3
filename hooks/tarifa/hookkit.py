"""What every Tarifa hook module asks of MkDocs and mkdocs-static-i18n: the language being built,
the default one, a language's URL prefix, and how Tarifa's problems end a build.

Nothing here imports MkDocs at module level (the `tarifa` package stays importable without it);
the configuration is only read, through the attributes MkDocs and static-i18n give it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from .errors import TarifaError

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig

T = TypeVar("T")


def current_language(config: MkDocsConfig) -> str:
    """The language this pass of the build writes (static-i18n builds one language per pass)."""
    i18n = config.plugins.get("i18n")
    if i18n is None:
        return str(config.theme.get("language") or "en")
    return str(i18n.current_language or i18n.default_language)


def default_language(config: MkDocsConfig) -> str:
    i18n = config.plugins.get("i18n")
    return str(i18n.default_language) if i18n is not None else current_language(config)


def prefix(config: MkDocsConfig, language: str) -> str:
    """The URL folder of a language's pages: '' for the default language, else 'de/'."""
    return "" if language == default_language(config) else f"{language}/"


def guard(action: Callable[[], T], log: logging.Logger, inputs: str = "the input") -> T:
    """Run `action`; turn Tarifa's problems into one log line each (and a GitHub annotation in
    Actions) and a clean build failure."""
    try:
        return action()
    except TarifaError as error:
        from mkdocs.exceptions import PluginError

        for problem in error.problems:
            log.error(str(problem))
            if os.environ.get("GITHUB_ACTIONS") == "true":
                print(problem.github_annotation(), flush=True)
        count = len(error.problems)
        raise PluginError(
            f"Tarifa: {count} problem{'s' if count != 1 else ''} in {inputs} (listed above)"
        ) from None
