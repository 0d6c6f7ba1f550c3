"""What `tarifa check` reads beyond the catalogues' mechanics: terminology, typography, pages.

For every language the site is built in:

* each translated entry of both gettext domains, as the site shows them (the provider's
  `pricing.po`; its own `tarifa.po`, else Tarifa's), against the language's glossary and its
  typography (`tarifa.l10n.glossary`, `tarifa.l10n.typography`);
* each hand-written translated page against its English source: the same structure
  (`tarifa.l10n.equivalence`), the glossary's terms block by block, typography and no bidi
  controls in its prose.

Every problem names the file and line to fix; Tarifa's own interface files are named as the
package holds them (`tarifa/l10n/locales/…`), to be corrected in the provider's own `tarifa.po`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tarifa.l10n import equivalence, glossary, pagetext, po_reader, typography
from tarifa.l10n.domains import INTERFACE, PACKAGE_LOCALES, po_path
from tarifa.l10n.glossary import Glossary
from tarifa.l10n.pagetext import Block, PageText
from tarifa.l10n.status import STALE, Sources, Status
from tarifa.problems import Problem, TarifaError


@dataclass(frozen=True)
class Catalogue:
    """A `.po` file as the site reads it, and the name problems give it."""

    path: Path
    shown: str


def problems(project: Sources, status: Status, glossary_dir: Path) -> list[Problem]:
    """Every terminology, typography and page-structure problem of the site's translations."""
    found: list[Problem] = []
    config = status.config
    for locale in config.shipped:
        terms = _glossary(project, glossary_dir, locale, found)
        for catalogue in catalogues(project, locale):
            found += po_problems(catalogue, locale, terms)
        for row in status.pages.get(locale, []):
            if row.path is None:
                continue
            path, source = config.docs_dir / row.path, config.docs_dir / row.source
            english = pagetext.read(source.read_text(encoding="utf-8"), project.display(source))
            translated = pagetext.read(path.read_text(encoding="utf-8"), project.display(path))
            # A page that translates an older English text is compared with nothing but itself:
            # the stale check says what to do about it.
            older = row.state == STALE or row.outdated_ok
            found += page_problems(english, translated, locale, terms, compare=not older)
    return found


def catalogues(project: Sources, locale: str) -> list[Catalogue]:
    """The provider's texts and Tarifa's interface in `locale`, as the site shows them."""
    found = []
    texts = po_path(project.locales, locale)
    if texts.exists():
        found.append(Catalogue(texts, project.display(texts)))
    own, shipped = po_path(project.locales, locale, INTERFACE), po_path(PACKAGE_LOCALES, locale, INTERFACE)
    if own.exists():
        found.append(Catalogue(own, project.display(own)))
    elif shipped.exists():
        found.append(Catalogue(shipped, f"tarifa/l10n/locales/{locale}/LC_MESSAGES/{INTERFACE}.po"))
    return found


def _glossary(project: Sources, folder: Path, locale: str, found: list[Problem]) -> Glossary | None:
    path = glossary.path_for(folder, locale)
    if not path.exists():
        return None
    try:
        return glossary.load(path, locale, project.display(path))
    except TarifaError as error:
        found.extend(error.problems)
        return None


def po_problems(catalogue: Catalogue, locale: str, terms: Glossary | None) -> list[Problem]:
    """Glossary and typography problems of the translated, reviewed entries of one `.po` file."""
    try:
        po = po_reader.read(catalogue.path, catalogue.shown)
    except TarifaError:
        return []  # `tarifa check` reports the file as unreadable already
    found: list[Problem] = []
    for entry in po.messages:
        if entry.fuzzy or not entry.translated:
            continue
        english = entry.msgid + ("\n" + entry.msgid_plural if entry.msgid_plural else "")
        reported: set[str] = set()
        for index, text in sorted(entry.strings.items()):
            line = entry.string_lines.get(index, entry.line)
            where = f"{entry.describe()} msgstr[{index}]" if entry.plural else entry.describe()
            for term in terms.missing(english, text) if terms else []:
                if term.english not in reported:  # once per entry, at the first form without it
                    reported.add(term.english)
                    found.append(Problem(po.path, line, 1, where, glossary.describe(term, terms), repr(text)))  # type: ignore[arg-type]
            for offset, expected, seen in typography.problems(text, locale):
                found.append(
                    Problem(po.path, line, 1, where, expected, f"{seen} in {_excerpt(text, offset)!r}")
                )
    return found


def page_problems(
    english: PageText, translated: PageText, locale: str, terms: Glossary | None, *, compare: bool = True
) -> list[Problem]:
    """Structure, glossary, typography and bidi problems of one translated page (structure and
    glossary only when `compare`: the page translates the English page as it is now)."""
    found = equivalence.problems(english, translated) if compare else []
    for block in translated.blocks:
        if block.kind == "marker":
            continue
        text = pagetext.prose(block.text)
        for offset, expected, seen in typography.problems(text, locale) + typography.bidi_controls(
            block.text
        ):
            line, column = pagetext.position(block, offset)
            found.append(
                Problem(
                    translated.path,
                    line,
                    column,
                    "typography",
                    expected,
                    f"{seen} in {_excerpt(text, offset)!r}",
                )
            )
    if terms is not None and compare:
        for mine, theirs in _aligned(english, translated):
            for term in terms.missing(pagetext.prose(theirs.text), pagetext.prose(mine.text)):
                found.append(
                    Problem(
                        translated.path,
                        mine.line,
                        mine.column,
                        f"glossary {term.english!r}",
                        glossary.describe(term, terms),
                        f"another translation in {_excerpt(pagetext.prose(mine.text), 0)!r}",
                    )
                )
    return found


def _aligned(english: PageText, translated: PageText) -> list[tuple[Block, Block]]:
    """Pairs of (translated block, English block) that say the same thing.

    Pages of the same structure pair block by block; otherwise the sections between headings
    pair as a whole, and if even their number differs the whole pages do (the structure check
    reports why)."""

    def blocks(page: PageText) -> list[Block]:
        return [b for b in page.blocks if b.kind != "marker"]

    mine, theirs = blocks(translated), blocks(english)
    if [b.kind for b in mine] == [b.kind for b in theirs]:
        return list(zip(mine, theirs, strict=True))
    sections_mine, sections_theirs = _sections(mine), _sections(theirs)
    if len(sections_mine) != len(sections_theirs):
        sections_mine, sections_theirs = [mine], [theirs]
    return [(_joined(a), _joined(b)) for a, b in zip(sections_mine, sections_theirs, strict=True) if a and b]


def _sections(blocks: list[Block]) -> list[list[Block]]:
    sections: list[list[Block]] = [[]]
    for block in blocks:
        if block.kind == "heading":
            sections.append([])
        sections[-1].append(block)
    return sections


def _joined(blocks: list[Block]) -> Block:
    return Block("section", blocks[0].line, "\n".join(b.text for b in blocks), column=blocks[0].column)


def _excerpt(text: str, offset: int, width: int = 40) -> str:
    start = max(0, offset - width // 2)
    return text[start : start + width].replace(pagetext.MASK, "…")
