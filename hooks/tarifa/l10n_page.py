"""What visitors see of the translation work: the status page and the "not translated" notice.

Both are built from plain data (`l10n_status.Status`) in the visitor's language, with the same
templates, escaping and number formatting as the price tables.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import ROUND_FLOOR, Decimal

from . import l10n_status
from .l10n_status import CURRENT, MISSING, STALE, UNMARKED, Status
from .render import Output, Page
from .views import Cell, Context, Table

MARKER = "<!-- tarifa:translation-status -->"

#: href of a page (source file relative to docs/) in a language, relative to the current page.
Linker = Callable[[str, str], str]


def state_text(ctx: Context, state: str) -> str:
    texts = {
        CURRENT: ctx._("Translated and up to date"),
        # TRANSLATORS: a translated page whose English original has changed since.
        STALE: ctx._("Translated, but older than the English page"),
        # TRANSLATORS: a translated page that does not record which English version it translates.
        UNMARKED: ctx._("Translated, not yet checked against the English page"),
        MISSING: ctx._("Not translated: shown in English"),
    }
    return texts[state]


def completeness(translated: int, total: int) -> Decimal:
    """Percent translated, rounded down to a tenth: 99.96 % is not shown as 100 %."""
    if not total:
        return Decimal(100)
    return (Decimal(translated * 100) / total).quantize(Decimal("0.1"), rounding=ROUND_FLOOR).normalize()


def catalogue_table(ctx: Context, status: Status) -> Table:
    columns = [
        Cell(ctx._("Language")),
        Cell(ctx._("Messages"), numeric=True),
        Cell(ctx._("Translated"), numeric=True),
        # TRANSLATORS: gettext's "fuzzy": a translation kept from an older English text, to review.
        Cell(ctx._("To review"), numeric=True),
        Cell(ctx._("Missing"), numeric=True),
        # TRANSLATORS: translations with a wrong placeholder, plural form or markup, not shown.
        Cell(ctx._("Broken"), numeric=True),
        Cell(ctx._("Complete"), numeric=True),
    ]
    rows = []
    for locale, report in status.catalogues.items():
        rows.append(
            [
                Cell(status.config.name(locale)),
                *(
                    Cell(ctx.fmt.integer(n), numeric=True, sort=str(n))
                    for n in (report.total, report.translated, report.fuzzy, report.missing, report.broken)
                ),
                Cell(ctx.fmt.percent(completeness(report.translated, report.total)), numeric=True),
            ]
        )
    return Table("l10n-messages", ctx._("Messages of the generated tables and pages"), columns, rows)


def pages_table(ctx: Context, status: Status, locale: str, link: Linker) -> Table:
    columns = [Cell(ctx._("Page")), Cell(ctx._("Translation"))]
    rows = []
    for row in status.pages[locale]:
        title = l10n_status.page_title(status.config, row.path or row.source)
        rows.append([Cell(title, href=link(locale, row.source)), Cell(state_text(ctx, row.state))])
    caption = ctx._("Pages in %(language)s") % {"language": status.config.name(locale)}
    return Table(f"l10n-pages-{locale}", caption, columns, rows)


def status_section(page: Page, out: Output, status: Status, link: Linker) -> None:
    """The translation-status page's generated part: messages per language, then pages."""
    ctx = page.ctx
    out.heading(2, ctx._("Messages"), "messages")
    page.table(out, catalogue_table(ctx, status), labelledby="messages")
    out.heading(2, ctx._("Pages"), "pages")
    for locale in status.pages:
        anchor = f"pages-{locale}"
        out.heading(3, status.config.name(locale), anchor)
        page.table(out, pages_table(ctx, status, locale, link), labelledby=anchor)


def untranslated_notice(page: Page, english_href: str) -> str:
    """The notice on a page whose text falls back to English, in the visitor's language."""
    return page.renderer.render(page.ctx, "untranslated.html", href=english_href)


_SLOT = re.compile(r"<!-- tarifa-l10n-slot:(\d+) -->")


def rename_slots(markdown: str) -> str:
    """Give this module's slots their own name, apart from those of the price tables."""
    return markdown.replace("<!-- tarifa-slot:", "<!-- tarifa-l10n-slot:")


def fill(html: str, slots: list[str]) -> str:
    """Put each slot's HTML in place of its comment (the comment may sit inside a <p>)."""
    html = re.sub(r"<p>\s*(<!-- tarifa-l10n-slot:\d+ -->)\s*</p>", r"\1", html)
    return _SLOT.sub(lambda match: slots[int(match.group(1))], html)
