"""Generated pages without a Markdown pass (`tarifa.pages.direct`): the same HTML, table of
contents, title and ids as Python-Markdown gives for their Markdown, under the example's
configuration and under other configurations of the table-of-contents extension.

The oracle is Python-Markdown itself, run on the Markdown the sections write (`Output.markdown`),
with the extensions MkDocs always adds and the ones a site configures.
"""

from __future__ import annotations

import html
from pathlib import Path
from typing import Any

import markdown
import pytest
from bs4 import BeautifulSoup
from mkdocs.structure.pages import _ExtractTitleTreeprocessor

from conftest import LOCALES, ROOT, build_site, copy_project
from tarifa.pages import direct
from tarifa.pages.markers import expand, fill
from tarifa.pages.output import Output, Page
from tarifa.pages.sections.pricing import KIND_TITLES
from tarifa.project import Project

#: MkDocs' built-in extensions, then the example's (mkdocs.yml).
EXAMPLE = (["toc", "tables", "fenced_code", "attr_list", "admonition"], {"toc": {"permalink": True}})
CONFIGURATIONS = {
    "example": EXAMPLE,
    # MkDocs' defaults and attr_list, which the plugin adds for the ids of its headings
    "mkdocs defaults": (["toc", "tables", "fenced_code", "attr_list"], {}),
    "symbol, title, class, leading": (
        ["toc", "attr_list"],
        {
            "toc": {
                "permalink": "#",
                "permalink_title": "Link",
                "permalink_class": "anchor",
                "permalink_leading": True,
            }
        },
    ),
    "anchor links, base level, depth": (
        ["toc", "attr_list"],
        {"toc": {"anchorlink": True, "baselevel": 2, "toc_depth": "1-2"}},
    ),
    "pymdownx slugs and blocks": (
        [
            "toc",
            "attr_list",
            "md_in_html",
            "def_list",
            "footnotes",
            "pymdownx.superfences",
            "pymdownx.details",
        ],
        {"toc": {"permalink": "¶", "slugify": __import__("pymdownx.slugs").slugs.slugify(case="lower")}},
    ),
}


Converted = tuple[str, list[dict[str, Any]], str | None]


def converted(text: str, extensions: list[str], configs: dict[str, Any]) -> Converted:
    """What MkDocs' Page.render takes from Python-Markdown: the HTML, the toc tokens, the title."""
    md = markdown.Markdown(extensions=extensions, extension_configs=configs)
    title = _ExtractTitleTreeprocessor()
    title._register(md)
    return md.convert(text), getattr(md, "toc_tokens", []), title.title


def heading_ids(page: str) -> set[str]:
    soup = BeautifulSoup(page, "html.parser")
    return {str(h["id"]) for h in soup.find_all(["h1", "h2", "h3", "h4", "h5", "h6"]) if h.has_attr("id")}


def generated_pages() -> list[tuple[str, str]]:
    """(locale, marker) of every model page of the example and a page of each kind's list."""
    catalog = Project.at(ROOT).catalog
    markers = [f"<!-- tarifa:model {model.page_slug} -->\n" for model in catalog.models]
    markers += [f"<!-- tarifa:model-list {kind}.1 -->\n" for kind in KIND_TITLES]
    return [(locale, marker) for locale in LOCALES for marker in markers]


@pytest.fixture(scope="module")
def project() -> Project:
    return Project.at(ROOT)


@pytest.mark.parametrize("configuration", CONFIGURATIONS)
def test_generated_pages_as_markdown_gives_them(project: Project, configuration: str) -> None:
    """Every generated page of the example in every language: byte for byte the HTML (slots filled),
    the table of contents, the title and the headings' ids that Python-Markdown gives."""
    extensions, configs = CONFIGURATIONS[configuration]
    md = markdown.Markdown(extensions=extensions, extension_configs=configs)  # reused, as the plugin does
    pages = generated_pages()
    kinds_with_models = {model.kind for model in project.catalog.models}
    checked = 0
    for locale, marker in pages:
        if "model-list" in marker and marker.split()[2].split(".")[0] not in kinds_with_models:
            continue
        page = Page(project.context(locale), project.renderer, pricing_href="../")
        expanded = expand(marker, page)
        text, slots, blocks = expanded.markdown, expanded.slots, expanded.blocks
        assert blocks is not None
        want_html, want_toc, want_title = converted(text, extensions, configs)
        got = direct.render(md, blocks)
        assert fill(got.html, slots) == fill(want_html, slots), (configuration, locale, marker)
        assert got.toc == want_toc, (configuration, locale, marker)
        assert got.title == want_title, (configuration, locale, marker)
        assert got.ids == heading_ids(want_html), (configuration, locale, marker)
        checked += 1
    assert checked >= 5 * (len(project.catalog.models) + 1)


#: Names no catalogue of the example has: markup characters, an id another heading has, right-to-left
#: text, emoji. Each is text, shown as written.
NAMES = [
    "R&D <b>8B</b>",
    "&lt;b&gt; &amp; &#65; &copy",
    "Prices",
    'Heron\'s "120B"',
    "a*b*c _d_ `e` [f](g) \\h",
    "Ends with #",
    "~tilde~ and ^caret^",
    "نموذج ٨ب الفوري",
    "Orca 🚀 8B",
    "",
]


@pytest.mark.parametrize("configuration", CONFIGURATIONS)
@pytest.mark.parametrize("name", NAMES)
def test_headings_are_the_text_they_were_given(configuration: str, name: str) -> None:
    """A title and headings with markup characters read as the same text, with the same ids and the
    same table of contents as Markdown gives for their escaped Markdown (`md_text`)."""
    extensions, configs = CONFIGURATIONS[configuration]
    out = Output()
    out.title(name)
    out.html("<p>first</p>")
    out.heading(2, "Prices & limits", "prices")
    out.html("<p>second</p>")
    out.heading(3, name or "Empty", "detail")
    want_html, want_toc, want_title = converted(out.markdown, extensions, configs)
    got = direct.render(markdown.Markdown(extensions=extensions, extension_configs=configs), out.blocks)

    def shown(page: str) -> list[tuple[str, str, str]]:
        soup = BeautifulSoup(fill(page, out.slots), "html.parser")
        return [(h.name, str(h.get("id", "")), h.get_text()) for h in soup.find_all(True)]

    def toc(tokens: list[dict[str, Any]]) -> list[Any]:
        return [(t["level"], t["id"], html.unescape(t["name"]), toc(t["children"])) for t in tokens]

    assert shown(got.html) == shown(want_html)
    assert got.html.count("\n") == want_html.count("\n")
    assert toc(got.toc) == toc(want_toc)
    assert (got.title and html.unescape(got.title)) == (want_title and html.unescape(want_title))
    assert got.ids == heading_ids(want_html)


def test_a_page_with_markdown_of_its_own_is_not_rendered_directly(project: Project) -> None:
    page = Page(project.context("en"), project.renderer, pricing_href="../")
    assert expand("Some words.\n\n<!-- tarifa:model orca-8b-instant -->\n", page).blocks is None
    assert expand("<!-- tarifa:tier-cards -->\n\n<!-- tarifa:price-tables -->\n", page).blocks
    with pytest.raises(KeyError, match="unknown Tarifa marker"):
        expand("<!-- tarifa:no-such-section -->\n", page)


def test_what_a_later_plugin_adds_to_a_generated_page_is_converted(tmp_path: Path) -> None:
    """A plugin or hook after Tarifa's that changes a generated page's Markdown (a footer, say) has
    its Markdown converted as on any page: the page then goes through Markdown as a whole, and
    looks as the pages rendered directly do."""
    project = copy_project(tmp_path / "project")
    (project / "footer.py").write_text(
        "def on_page_markdown(markdown, page, **kwargs):\n"
        "    if page.url.endswith('models/heron-20b/'):\n"
        "        return markdown + '\\n\\nAdded by a *hook*.\\n'\n"
        "    return markdown\n",
        encoding="utf-8",
    )
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8") + "\nhooks:\n  - footer.py\n", encoding="utf-8")
    site = tmp_path / "site"
    result = build_site(config, site, env={"TARIFA_LOCALE": "en", "SOURCE_DATE_EPOCH": "1790000000"})
    assert result.returncode == 0, result.stderr[-3000:]
    changed = BeautifulSoup((site / "models/heron-20b/index.html").read_text(encoding="utf-8"), "lxml")
    other = BeautifulSoup((site / "models/heron-120b/index.html").read_text(encoding="utf-8"), "lxml")
    assert [str(p) for p in changed.select("article p") if "hook" in p.get_text()] == [
        "<p>Added by a <em>hook</em>.</p>"
    ]
    assert not [p for p in other.select("article p") if "hook" in p.get_text()]

    def outline(soup: BeautifulSoup) -> list[tuple[str, str, str]]:
        return [(h.name, str(h.get("id")), h.get_text()) for h in soup.select("article h1, article h2")]

    assert [h[:2] for h in outline(changed)] == [("h1", "heron-20b"), *[h[:2] for h in outline(other)[1:]]]
    assert changed.select_one(".tarifa-scroll table") is not None  # the slots filled as on the others


def test_a_page_that_starts_with_a_slot_has_no_title_from_its_headings() -> None:
    """MkDocs takes a title from the page's first element only, when it is an `<h1>`."""
    out = Output()
    out.html("<p>first</p>")
    out.title("Later")
    extensions, configs = EXAMPLE
    want_html, want_toc, want_title = converted(out.markdown, extensions, configs)
    got = direct.render(markdown.Markdown(extensions=extensions, extension_configs=configs), out.blocks)
    assert want_title is None and got.title is None
    assert fill(got.html, out.slots) == fill(want_html, out.slots) and got.toc == want_toc
