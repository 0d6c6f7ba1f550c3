"""Hostile text in every text field of the catalogue and in translations: the build either
refuses it with one safe line per problem, or shows it verbatim and adds no element or attribute.

Each example copies the project, fills every free text of the catalogue (tier names and
summaries, feature names and values, descriptions, payment methods) with one drawn text and
every proper name (provider, models) with another, puts a third into German translations (the
navigation's "Models", a table header, a calculator label and a message with a placeholder), and
builds the German site with `mkdocs build --strict`. The result is compared, page by page, with
the same build of the untouched project: every (element, attribute) pair of a page must already
exist on that page of the clean build.

CI runs a few examples (seconds); `HYPOTHESIS_PROFILE=thorough` runs many.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import ROOT, build_site, copy_project, heading_text
from hostile import PIECES, hostile_catalogue, hostile_translation

GERMAN = {"TARIFA_LOCALE": "de", "SOURCE_DATE_EPOCH": "1793491200"}  # the German site only, 2026-11-01
#: The site's own German translation of Tarifa's interface (read before Tarifa's own file).
PO = Path("pricing") / "locales" / "de" / "LC_MESSAGES" / "tarifa.po"
SHIPPED_PO = ROOT / "hooks" / "tarifa" / "l10n" / "locales" / "de" / "LC_MESSAGES" / "tarifa.po"
MESSAGES = ["Models", "Input per 1M tokens", "Per day", "%(tier)s: %(kind)s"]
#: One problem as `mkdocs build` prints it: level, file:line:column, key path, expected, found.
PROBLEM = re.compile(r"^ERROR\s+-\s+\S+:\d+:\d+: .+: expected .+, found .+$")
#: A line that only frames problems (MkDocs' and Tarifa's own summaries).
FRAME = re.compile(
    r"^(ERROR\s+-\s+Tarifa: (\d+ problems? in .+ \(listed above\)|the build failed; .+ is left as it was)"
    r"|Aborted with a BuildError!|ERROR\s+-\s+Error building page .+)$"
)

hostile = st.lists(st.sampled_from(PIECES), min_size=1, max_size=6).map("".join)
#: What each kind of field accepts: free text anything visible; a name no angle brackets; a
#: translation no markup at all (tags, entities, Markdown) and, without placeholders, any `%`.
VISIBLE = [p for p in PIECES if not re.search("[\x00-\x1f\u200f\u202e\u2066]", p)]
IN_NAMES = [p for p in VISIBLE if "<" not in p and ">" not in p]
IN_TRANSLATIONS = [
    "'",
    '"',
    "{{ 7*7 }}",
    "{% raw %}",
    "{#",
    "|",
    "100% ",  # a space after it: "100%a" would be a printf conversion (%a), which is refused
    "🦈",
    "𝔘",
    "ﷺ",
    "عربي",
    "Ä",
    "a",
    " ",
]


def texts(pieces: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(pieces), min_size=1, max_size=6).map("".join).filter(str.strip)


def shape(site: Path) -> dict[str, set[tuple[str, str]]]:
    """Per page: every element name, and every (element, attribute) pair."""
    pages = {}
    for path in site.rglob("*.html"):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        pairs: set[tuple[str, str]] = set()
        for tag in soup.find_all(True):
            pairs.add((tag.name, ""))
            pairs.update((tag.name, attribute) for attribute in tag.attrs)
        pages[str(path.relative_to(site))] = pairs
    return pages


@pytest.fixture(scope="module")
def clean(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, dict[str, set[tuple[str, str]]]]:
    """The untouched project and the shape of its German site."""
    root = tmp_path_factory.mktemp("hostile")
    project = copy_project(root / "project")
    result = build_site(project / "mkdocs.yml", root / "site", env=GERMAN)
    assert result.returncode == 0, result.stderr
    return project, shape(root / "site")


EXAMPLES = 100 if os.environ.get("HYPOTHESIS_PROFILE") == "thorough" else 4


@settings(max_examples=EXAMPLES)
@given(text=hostile, name=hostile, translation=hostile)
def test_hostile_text_is_refused_in_one_line_or_shown_verbatim(
    clean: tuple[Path, dict[str, set[tuple[str, str]]]],
    tmp_path_factory: pytest.TempPathFactory,
    text: str,
    name: str,
    translation: str,
) -> None:
    check(clean, tmp_path_factory, text, name, translation, must_build=False)


@settings(max_examples=EXAMPLES)
@given(text=texts(VISIBLE), name=texts(IN_NAMES), translation=texts(IN_TRANSLATIONS))
def test_hostile_text_that_each_field_accepts_is_shown_verbatim(
    clean: tuple[Path, dict[str, set[tuple[str, str]]]],
    tmp_path_factory: pytest.TempPathFactory,
    text: str,
    name: str,
    translation: str,
) -> None:
    """Markup in descriptions, quotes and template syntax in names and translations: accepted,
    and shown as the text it is."""
    check(clean, tmp_path_factory, text, name, translation, must_build=True)


def check(
    clean: tuple[Path, dict[str, set[tuple[str, str]]]],
    tmp_path_factory: pytest.TempPathFactory,
    text: str,
    name: str,
    translation: str,
    *,
    must_build: bool,
) -> None:
    source, baseline = clean
    work = tmp_path_factory.mktemp("example")
    project = copy_project(work / "project", source)
    catalogue = project / "pricing" / "catalogue.yaml"
    hostile_catalogue(catalogue, catalogue, text, name)
    messages = MESSAGES if not must_build else [m for m in MESSAGES if "%(" not in m]
    (project / PO).write_bytes(SHIPPED_PO.read_bytes())
    shown = {msgid: hostile_translation(project / PO, msgid, translation) for msgid in messages}
    result = build_site(project / "mkdocs.yml", work / "site", env=GERMAN)
    output = result.stdout + result.stderr
    try:
        assert result.returncode == 0 or not must_build, output
        if result.returncode != 0:
            lines = [line for line in output.splitlines() if line.strip() and not line.startswith("INFO")]
            problems = [line for line in lines if PROBLEM.match(line)]
            assert problems, output
            assert all(PROBLEM.match(line) or FRAME.match(line) for line in lines), output
            assert "Traceback" not in output and "\x1b" not in output, output
            assert not (work / "site").exists(), "a refused build wrote a site"
            return
        site = work / "site"
        for page, pairs in shape(site).items():
            assert pairs <= baseline.get(page, set()), (page, pairs - baseline.get(page, set()))
        pricing = BeautifulSoup((site / "pricing" / "index.html").read_text(encoding="utf-8"), "lxml")
        # The theme prints navigation titles between its own whitespace: compare word by word.
        nav = [label.get_text(" ", strip=True).split() for label in pricing.select("label.md-nav__link")]
        assert shown["Models"].split() in nav, nav
        model = BeautifulSoup(
            (site / "models" / "orca-8b-instant" / "index.html").read_text(encoding="utf-8"), "lxml"
        )
        heading = model.select_one("article h1")
        assert heading is not None and heading_text(heading) == f"{name} 0".strip(), heading
        description = model.select_one('meta[name="description"]')
        assert description is not None and description["content"] == text.strip()
        lead = model.select_one(".tarifa-lead")
        assert lead is not None and lead.get_text() == text.strip()
    finally:
        shutil.rmtree(work, ignore_errors=True)
