"""Tarifa's Jinja templates, autoescaped, with the visitor's translations.

Templates come from the site's theme folder first (`<custom_dir>/tarifa/*.html`, Material's way
of overriding a theme's templates), then from Tarifa's package (`tarifa/pages/templates/`).
"""

from __future__ import annotations

import contextlib
import sys
import traceback
from pathlib import Path
from typing import Any

from jinja2 import (
    Environment,
    FileSystemLoader,
    StrictUndefined,
    TemplateError,
    TemplateSyntaxError,
    select_autoescape,
)
from markupsafe import Markup, escape

from tarifa.pages import markup
from tarifa.pages.views import Context
from tarifa.problems import Problem, TarifaError

#: Tarifa's own templates, package data.
TEMPLATES = Path(__file__).parent / "templates"


def template_problem(error: Exception, folder: Path) -> Problem:
    """A template error as one problem line: the template file and line, and Jinja's message.

    A syntax error knows its line; an error while rendering (an undefined value) is found in the
    traceback, whose frames Jinja rewrites to point at the template's lines.
    """
    file, line = str(getattr(error, "filename", None) or getattr(error, "name", None) or folder), 1
    if isinstance(error, TemplateSyntaxError):
        line = error.lineno or 1
    else:
        for frame in reversed(traceback.extract_tb(sys.exc_info()[2])):
            if frame.filename.endswith(".html"):
                file, line = frame.filename, frame.lineno or 1
                break
    with contextlib.suppress(ValueError):
        file = str(Path(file).resolve().relative_to(Path.cwd()))
    return Problem(file, line, 1, "template", "a template that renders", f"{type(error).__name__}: {error}")


class Renderer:
    """Tarifa's Jinja templates (under `overrides/tarifa/`), autoescaped, with gettext."""

    def __init__(self, templates: Path | list[Path] = TEMPLATES) -> None:
        """`templates`: the folders to look in, first match wins (overrides, then Tarifa's)."""
        folders = [templates] if isinstance(templates, Path) else templates
        self.templates = folders[0]
        self.env = Environment(
            loader=FileSystemLoader([str(folder) for folder in folders]),
            autoescape=select_autoescape(default=True, default_for_string=True),
            extensions=["jinja2.ext.i18n"],
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals["cell"] = markup.cell

    def render(self, ctx: Context, template: str, **values: Any) -> str:
        t = ctx.t

        # Translations are text, never markup: escaped, then formatted with escaped values. A
        # message is %-formatted only when it has placeholders (or plural forms), as in Python
        # code: Jinja's own new-style gettext formats every message, so a translation such as
        # "bis 100 %" of a message without placeholders would crash the build.
        def fill(text: str, variables: dict[str, Any]) -> Markup:
            safe = Markup(escape(text))
            return safe % variables if variables else safe

        def ngettext(s: str, p: str, n: int, **variables: Any) -> Markup:
            return fill(t.ngettext(s, p, n), {"num": n, **variables})

        def npgettext(c: str, s: str, p: str, n: int, **variables: Any) -> Markup:
            return fill(t.npgettext(c, s, p, n), {"num": n, **variables})

        self.env.globals.update(
            _=lambda s, **variables: fill(t.gettext(s), variables),
            gettext=lambda s, **variables: fill(t.gettext(s), variables),
            ngettext=ngettext,
            pgettext=lambda c, s, **variables: fill(t.pgettext(c, s), variables),
            npgettext=npgettext,
        )
        try:
            return self.env.get_template(template).render(**values)
        except (TemplateError, TypeError, ValueError, KeyError) as error:
            raise TarifaError([template_problem(error, self.templates)]) from None
