"""What the site configuration says about languages, read from `mkdocs.yml` without MkDocs.

The command line needs the languages the site ships (the i18n plugin's `languages`), where the
pages are (`docs_dir`) and how complete each language must be
(`extra.tarifa.required_completeness`), so that `tarifa check` and the build agree.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .errors import Problem, TarifaError

#: Percentage of translated messages a shipped language needs unless the configuration says so.
DEFAULT_REQUIRED = 100.0


class _Loader(yaml.SafeLoader):
    """Safe YAML that tolerates MkDocs' Python tags (`!!python/name:...`, `!ENV`) as null."""


def _ignore(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> None:
    return None


_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _ignore)
_Loader.add_multi_constructor("!", _ignore)


@dataclass(frozen=True)
class Language:
    locale: str
    name: str
    default: bool = False
    build: bool = True


@dataclass
class SiteConfig:
    """The parts of `mkdocs.yml` that translation work depends on."""

    path: Path
    docs_dir: Path
    languages: list[Language]
    required: dict[str, float] = field(default_factory=dict)
    catalogue: str = "pricing/catalogue.yaml"
    #: Other providers' offers (optional file).
    comparisons: str = "pricing/comparisons.yaml"

    @property
    def default(self) -> str:
        return next((lang.locale for lang in self.languages if lang.default), "en")

    @property
    def shipped(self) -> list[str]:
        """Languages built into the site, other than the default (the source language)."""
        return [lang.locale for lang in self.languages if lang.build and not lang.default]

    def name(self, locale: str) -> str:
        return next((lang.name for lang in self.languages if lang.locale == locale), locale)

    def required_for(self, locale: str) -> float:
        """The completeness (percent) `locale` needs: its own setting, else `default`."""
        return self.required.get(locale, self.required.get("default", DEFAULT_REQUIRED))


def load(path: Path) -> SiteConfig:
    """Read `mkdocs.yml`; a missing or odd i18n setup means one language (English), no error."""
    display = path.name
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        raise TarifaError([Problem(display, line, 1, "", "valid YAML", str(error).splitlines()[0])]) from None
    docs_dir = path.parent / str(data.get("docs_dir") or "docs")
    extra = (data.get("extra") or {}).get("tarifa") or {}
    line = _line_of(path, "required_completeness:")
    required = _required(extra.get("required_completeness"), display, line)
    languages = _languages(data)
    return SiteConfig(
        path,
        docs_dir,
        languages,
        required,
        str(extra.get("catalogue") or "pricing/catalogue.yaml"),
        str(extra.get("comparisons") or "pricing/comparisons.yaml"),
    )


def _line_of(path: Path, text: str) -> int:
    """The line where `text` is first written in the file (1 if nowhere), for problems."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line.split("#")[0]:
            return number
    return 1


def _required(value: Any, display: str, line: int) -> dict[str, float]:
    if value is None:
        return {}
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = {"default": value}
    if not isinstance(value, dict):
        raise TarifaError(
            [
                Problem(
                    display,
                    line,
                    1,
                    "extra.tarifa.required_completeness",
                    "a percentage or a mapping such as {default: 100, ja: 80}",
                    type(value).__name__,
                )
            ]
        )
    out: dict[str, float] = {}
    for locale, percent in value.items():
        if isinstance(percent, bool) or not isinstance(percent, int | float) or not 0 <= percent <= 100:
            raise TarifaError(
                [
                    Problem(
                        display,
                        line,
                        1,
                        f"extra.tarifa.required_completeness.{locale}",
                        "a percentage from 0 to 100",
                        repr(percent),
                    )
                ]
            )
        out[str(locale)] = float(percent)
    return out


def _languages(data: dict[str, Any]) -> list[Language]:
    for plugin in data.get("plugins") or []:
        if isinstance(plugin, dict) and "i18n" in plugin:
            options = plugin["i18n"] or {}
            languages = []
            for item in options.get("languages") or []:
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
