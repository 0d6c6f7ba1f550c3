"""What `mkdocs.yml` says, read without building anything: the one reader of the site's
configuration for the command line, the parallel build and the translators' tools.

It needs the languages the site ships (mkdocs-static-i18n's `languages`, or the theme's one
language), where the pages and the output are, the theme's custom folder, and the `tarifa`
plugin's options, validated by the plugin's own option classes (`tarifa.options`).
`!ENV` tags are resolved as MkDocs resolves them; other tags (`!!python/name:…`) read as null.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

from tarifa.problems import Problem, TarifaError

if TYPE_CHECKING:
    from tarifa.options import TarifaConfig


class _Loader(yaml.SafeLoader):
    """Safe YAML with MkDocs' `!ENV`, and any other tag read as null."""


def _env(loader: yaml.SafeLoader, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    elif isinstance(node, yaml.SequenceNode):
        items = loader.construct_sequence(node)
        names, default = (items[:-1], items[-1]) if len(items) > 1 else (items, None)
    else:
        return None
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default


_Loader.add_constructor("!ENV", _env)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)
_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Language:
    locale: str
    name: str
    default: bool = False
    build: bool = True


@dataclass
class SiteConfig:
    """The parts of `mkdocs.yml` that Tarifa's tools depend on."""

    path: Path
    docs_dir: Path
    languages: list[Language]
    #: The `tarifa` plugin's options (its defaults when the plugin is not configured).
    options: TarifaConfig = field(default_factory=lambda: _default_options())
    site_dir: Path | None = None
    #: The theme's `custom_dir`, where `tarifa/*.html` override Tarifa's templates.
    custom_dir: Path | None = None
    #: The whole file as data, for the few tools that need more (the parallel build).
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def root(self) -> Path:
        return self.path.parent

    @property
    def default(self) -> str:
        return next((lang.locale for lang in self.languages if lang.default), "en")

    @property
    def built(self) -> list[str]:
        """Every language the site is built in, the default one first."""
        rest = [lang.locale for lang in self.languages if lang.build and lang.locale != self.default]
        return [self.default, *rest]

    @property
    def shipped(self) -> list[str]:
        """Languages built into the site, other than the default (the source language)."""
        return [lang.locale for lang in self.languages if lang.build and not lang.default]

    def name(self, locale: str) -> str:
        return next((lang.name for lang in self.languages if lang.locale == locale), locale)

    def required_for(self, locale: str) -> float:
        from tarifa.options import required_for

        return required_for(self.options, locale)


def _default_options() -> TarifaConfig:
    from tarifa import options

    return options.read({})[0]


def read_yaml(path: Path) -> dict[str, Any]:
    """`mkdocs.yml` as plain data, or one problem line if it is not valid YAML."""
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except OSError as error:
        raise TarifaError(
            [Problem(path.name, 1, 1, "", "the site configuration", error.strerror or "")]
        ) from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise TarifaError(
            [Problem(path.name, line, 1, "", "valid YAML", str(error).splitlines()[0])]
        ) from None
    return data if isinstance(data, dict) else {}


def plugin_options(data: dict[str, Any], name: str) -> dict[str, Any] | None:
    """The options of plugin `name` in `plugins:` (`{}` when listed without options), or None."""
    plugins = data.get("plugins") or []
    if isinstance(plugins, dict):
        plugins = [{key: value} for key, value in plugins.items()]
    for plugin in plugins:
        if plugin == name:
            return {}
        if isinstance(plugin, dict) and name in plugin:
            value = plugin[name]
            return value if isinstance(value, dict) else {}
    return None


def load(path: Path) -> SiteConfig:
    """Read `mkdocs.yml`: languages, folders and the `tarifa` plugin's options, checked."""
    from tarifa import options as options_module

    data = read_yaml(path)
    raw = plugin_options(data, "tarifa")
    options, failed = options_module.read(raw or {})
    if failed:
        raise TarifaError(
            [
                Problem(path.name, _line_of(path, key.split(".")[2] + ":"), 1, key, expected, found)
                for key, expected, found in failed
            ]
        )
    theme = data.get("theme") or {}
    custom = theme.get("custom_dir") if isinstance(theme, dict) else None
    site_dir = data.get("site_dir") or "site"
    return SiteConfig(
        path,
        path.parent / str(data.get("docs_dir") or "docs"),
        _languages(data),
        options,
        path.parent / str(site_dir),
        path.parent / str(custom) if custom else None,
        data,
    )


def _line_of(path: Path, text: str) -> int:
    """The line where `text` is first written in the file (1 if nowhere), for problems."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line.split("#")[0]:
            return number
    return 1


def _languages(data: dict[str, Any]) -> list[Language]:
    i18n = plugin_options(data, "i18n")
    languages = []
    for item in (i18n or {}).get("languages") or []:
        if isinstance(item, dict) and item.get("locale"):
            languages.append(
                Language(
                    str(item["locale"]),
                    str(item.get("name") or item["locale"]),
                    bool(item.get("default", False)),
                    bool(item.get("build", True)),
                )
            )
    if languages:
        return languages
    theme = data.get("theme") or {}
    locale = str(theme.get("language") or "en") if isinstance(theme, dict) else "en"
    return [Language(locale, locale, default=True)]
