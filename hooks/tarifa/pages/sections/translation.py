"""What visitors see of the translation work: the status page and the "not translated" notice.

Both are built from plain data (`l10n_status.Status`) in the visitor's language, with the same
templates, escaping and number formatting as the price tables.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import ROUND_FLOOR, Decimal

from tarifa.l10n import status as l10n_status
from tarifa.l10n.status import CURRENT, MISSING, STALE, UNMARKED, Status
from tarifa.pages.output import Output, Page
from tarifa.pages.views import Cell, Context, Table

#: href of a page (source file relative to docs/) in a language, relative to the current page.
Linker = Callable[[str, str], str]
#: The site's source language and its direction: ("en", "ltr").
Language = tuple[str, str]


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
        # TRANSLATORS: how much of Tarifa's own words (column names, units, the calculator) is
        # translated into the language; the other columns count the provider's texts.
        Cell(ctx._("Interface"), numeric=True),
    ]
    rows = []
    for locale, report in status.catalogues.items():
        interface = status.interface.get(locale)
        rows.append(
            [
                Cell(status.config.name(locale)),
                *(
                    Cell(ctx.fmt.integer(n), numeric=True, sort=str(n))
                    for n in (report.total, report.translated, report.fuzzy, report.missing, report.broken)
                ),
                Cell(ctx.fmt.percent(completeness(report.translated, report.total)), numeric=True),
                Cell(
                    ctx.fmt.percent(completeness(interface.translated, interface.total))
                    if interface
                    else "—",
                    numeric=True,
                ),
            ]
        )
    return Table("l10n-messages", ctx._("Texts of the price list, and Tarifa's interface"), columns, rows)


def pages_table(ctx: Context, status: Status, locale: str, link: Linker) -> Table:
    columns = [Cell(ctx._("Page")), Cell(ctx._("Translation"))]
    rows = []
    for row in status.pages[locale]:
        title = l10n_status.page_title(status.config, row.path or row.source)
        rows.append([Cell(title, href=link(locale, row.source)), Cell(state_text(ctx, row.state))])
    caption = ctx._("Pages in %(language)s") % {"language": status.config.name(locale)}
    return Table(f"l10n-pages-{locale}", caption, columns, rows)


def section(page: Page, out: Output, arg: str | None) -> None:
    """The marker `<!-- tarifa:translation-status -->`: messages per language, then pages."""
    if page.translation_status is None or page.link is None:
        raise KeyError("the translation-status marker needs the site's configuration")
    ctx, status, link = page.ctx, page.translation_status(), page.link
    out.heading(2, ctx._("Messages"), "messages")
    page.table(out, catalogue_table(ctx, status), labelledby="messages")
    out.heading(2, ctx._("Pages"), "pages")
    for locale in status.pages:
        anchor = f"pages-{locale}"
        out.heading(3, status.config.name(locale), anchor)
        page.table(out, pages_table(ctx, status, locale, link), labelledby=anchor)


def untranslated_notice(
    page: Page, english_href: str, *, interface_translated: bool, source: Language = ("en", "ltr")
) -> str:
    """The notice on a page whose text falls back to English, in the visitor's language. It says
    that the tables are in the visitor's language only when Tarifa's interface is translated
    into it (`Domains.interface_share`); otherwise only the numbers are formatted for it."""
    return page.renderer.render(
        page.ctx,
        "untranslated.html",
        href=english_href,
        interface_translated=interface_translated,
        english=_english(page, "Not translated yet", source),
    )


def outdated_notice(page: Page, english_href: str, state: str, source: Language = ("en", "ltr")) -> str:
    """The notice on a translated page that ships stale or unmarked on purpose (`outdated_ok`)."""
    return page.renderer.render(
        page.ctx,
        "outdated.html",
        href=english_href,
        state=state,
        english=_english(page, "Older translation", source),
    )


def _english(page: Page, title: str, source: Language) -> dict[str, str] | None:
    """The language and direction of a notice whose words are not translated (its title says)."""
    if page.ctx._(title) != title:
        return None
    return {"lang": source[0], "dir": source[1]}
