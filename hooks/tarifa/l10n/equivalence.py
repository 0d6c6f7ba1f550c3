"""A translated page has the structure of its English source, as FastAPI's translation tools check.

Headings (their number, levels and `{ #id }` anchors: links and the table of contents point to
them), link targets in order, Tarifa's `<!-- tarifa:… -->` markers, list items and table shapes
must be the same as in the English page. A difference is a clause, a link or a row that the
translation dropped or added; each kind reports its first difference, at the translated line.

>>> from tarifa.l10n.pagetext import read
>>> english = read("## Tiers { #tiers }\\n\\nSee [prices](pricing.md).\\n\\n- a\\n- b\\n", "docs/x.md")
>>> french = read("## Offres { #offres }\\n\\nVoir les prix.\\n\\n- a\\n", "docs/x.fr.md")
>>> for problem in problems(english, french):
...     print(f"{problem.line} {problem.path}: {problem.expected}\\n  found {problem.found}")
1 headings[0]: a level-2 heading with the anchor #tiers (docs/x.md:1)
  found a level-2 heading with the anchor #offres
3 links[0]: a link to pricing.md (docs/x.md:3)
  found none (0 links here, 1 in the English page)
5 lists[0]: a list of 2 items (docs/x.md:5)
  found a list of 1 item
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TypeVar

from tarifa.l10n.pagetext import PageText
from tarifa.problems import Problem

T = TypeVar("T")


def problems(english: PageText, translated: PageText) -> list[Problem]:
    """The first difference of each kind between a translated page and its English source."""
    found: list[Problem] = []

    def compare(
        kind: str, noun: str, a: Sequence[tuple[int, T]], b: Sequence[tuple[int, T]], say: Callable[[T], str]
    ) -> None:
        problem = _first_difference(english.path, translated.path, kind, noun, a, b, say)
        if problem is not None:
            found.append(problem)

    compare("headings", "heading", _headings(english), _headings(translated), _heading)
    compare("links", "link", english.links, translated.links, lambda target: f"a link to {target}")
    compare(
        "markers", "marker", _markers(english), _markers(translated), lambda m: f"the marker <!-- {m} -->"
    )
    compare("lists", "list", _lists(english), _lists(translated), _list)
    compare("tables", "table", _tables(english), _tables(translated), _table)
    return found


def _first_difference(
    english_path: str,
    path: str,
    kind: str,
    noun: str,
    english: Sequence[tuple[int, T]],
    translated: Sequence[tuple[int, T]],
    say: Callable[[T], str],
) -> Problem | None:
    for index, ((line_e, want), (line_t, have)) in enumerate(zip(english, translated, strict=False)):
        if want != have:
            return Problem(
                path, line_t, 1, f"{kind}[{index}]", f"{say(want)} ({english_path}:{line_e})", say(have)
            )
    index = min(len(english), len(translated))
    plural = "s" if len(translated) != 1 else ""
    counts = f"{len(translated)} {noun}{plural} here, {len(english)} in the English page"
    if len(english) > len(translated):
        line_e, want = english[index]
        # Where it would be: after the last one the translation has, else where English has it.
        line_t = translated[-1][0] if translated else line_e
        return Problem(
            path, line_t, 1, f"{kind}[{index}]", f"{say(want)} ({english_path}:{line_e})", f"none ({counts})"
        )
    if len(translated) > len(english):
        line_t, have = translated[index]
        return Problem(path, line_t, 1, f"{kind}[{index}]", f"no more {noun}s ({counts})", say(have))
    return None


def _headings(page: PageText) -> list[tuple[int, tuple[int, str | None]]]:
    return [(b.line, (b.level, b.anchor)) for b in page.of_kind("heading")]


def _heading(value: tuple[int, str | None]) -> str:
    level, anchor = value
    return f"a level-{level} heading " + (f"with the anchor #{anchor}" if anchor else "without an anchor")


def _markers(page: PageText) -> list[tuple[int, str]]:
    return [(b.line, b.text) for b in page.of_kind("marker")]


def _lists(page: PageText) -> list[tuple[int, tuple[int, ...]]]:
    """Each list as the depths of its items: runs of list items with nothing else between them."""
    lists: list[tuple[int, list[int]]] = []
    previous = None
    for block in page.blocks:
        if block.kind == "item":
            if previous is None or previous.kind != "item":
                lists.append((block.line, []))
            lists[-1][1].append(block.level)
        previous = block
    return [(line, tuple(depths)) for line, depths in lists]


def _list(depths: tuple[int, ...]) -> str:
    nested = sum(1 for d in depths if d > 0)
    text = f"a list of {len(depths)} item{'s' if len(depths) != 1 else ''}"
    return text + (f" ({nested} nested)" if nested else "")


def _tables(page: PageText) -> list[tuple[int, tuple[int, int]]]:
    return [(line, (rows, columns)) for line, rows, columns in page.tables]


def _table(shape: tuple[int, int]) -> str:
    return f"a table of {shape[0]} rows and {shape[1]} columns"
