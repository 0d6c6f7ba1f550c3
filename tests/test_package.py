"""Tarifa as a provider gets it: a wheel installed on its own, `tarifa new`, and the plugin in a
Material site that has pages of its own; and the package's own shape (no import cycle, MkDocs
imported by the plugin only).

The wheel is built with `python -m build` and installed into a new virtual environment with
pip, with no editable install and no repository on `sys.path`: every command runs in a folder
outside the repository, with the environment's own `tarifa` and `mkdocs`.
"""

from __future__ import annotations

import ast
import os
import re
import subprocess
import sys
import venv
from pathlib import Path
from string import Template
from urllib.parse import urljoin

import pytest
from babel.numbers import format_currency
from bs4 import BeautifulSoup

from conftest import ROOT, heading_text, visible

PACKAGE = ROOT / "hooks" / "tarifa"
CLEAN_ENV = {
    key: value for key, value in os.environ.items() if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")
} | {"NO_MKDOCS_2_WARNING": "1"}


def run(command: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=CLEAN_ENV, check=False)
    assert result.returncode == 0, f"{' '.join(command)}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with nothing but Tarifa's wheel and what it depends on."""
    root = tmp_path_factory.mktemp("wheel")
    run([sys.executable, "-m", "build", "--wheel", "--outdir", str(root / "dist"), str(ROOT)], root)
    (wheel,) = (root / "dist").glob("tarifa-*.whl")
    venv.create(root / "venv", with_pip=True)
    bin_dir = root / "venv" / "bin"
    run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], root)
    where = run([str(bin_dir / "python"), "-c", "import tarifa; print(tarifa.__file__)"], root).stdout
    assert where.startswith(str(root / "venv")), where  # the installed package, not the repository
    return bin_dir


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")


def test_tarifa_new_builds_a_three_language_site_from_the_wheel(installed: Path, tmp_path: Path) -> None:
    run(
        [str(installed / "tarifa"), "new", "acme", "--provider", "Acme AI", "--languages", "en,de,ar"],
        tmp_path,
    )
    site = tmp_path / "acme"
    run([str(installed / "mkdocs"), "build", "--strict"], site)
    out = site / "site"
    # A new site searches with Pagefind: an index per language, not Material's shared one.
    assert (out / "pagefind" / "pagefind.js").exists() and not (out / "search" / "search_index.json").exists()
    for locale, prefix, direction in (("en", "", "ltr"), ("de", "de/", "ltr"), ("ar", "ar/", "rtl")):
        page = soup(out / prefix / "pricing" / "index.html")
        assert page.html["lang"] == locale
        assert page.body.get("dir", "ltr") == direction
        # The starter chat model's input price (0.10 per 1M tokens), as Babel writes it there.
        expected = visible(format_currency("0.10", "USD", locale=locale, decimal_quantization=False))
        cells = [visible(td.get_text()) for td in page.select("#table-chat td")]
        assert any(cell.startswith(expected) for cell in cells), (locale, expected, cells)
        # The language switcher leads to the same page in every language.
        here = f"https://acme.example/{prefix}pricing/"
        switcher = {
            a.get("hreflang"): urljoin(here, a["href"]) for a in page.select(".md-select__link[hreflang]")
        }
        assert switcher == {
            "en": "https://acme.example/pricing/",
            "de": "https://acme.example/de/pricing/",
            "ar": "https://acme.example/ar/pricing/",
        }, switcher
    assert (out / "assets" / "tarifa" / "tarifa.css").exists()


PLAIN_SITE = {
    "mkdocs.yml": """site_name: Example Docs
theme:
  name: material
  font: false
nav:
  - index.md
  - Guide: guide.md
  - pricing.md
markdown_extensions:
  - toc:
      permalink: true
plugins:
  - search
  - tarifa:
      catalogue: data/prices.yaml
""",
    "docs/index.md": "# Example Docs\n\nOur own home page.\n",
    "docs/guide.md": "# Guide\n\nHow to call the API.\n",
    "docs/pricing.md": "# Pricing\n\n<!-- tarifa:tier-cards -->\n\n<!-- tarifa:price-tables -->\n",
}


def test_the_plugin_joins_a_plain_material_site(installed: Path, tmp_path: Path) -> None:
    """One language, no i18n plugin, the site's own pages and navigation, a catalogue elsewhere."""
    site = tmp_path / "docs-site"
    for name, text in PLAIN_SITE.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_text(text, encoding="utf-8")
    starter = Template((PACKAGE / "starter" / "pricing" / "catalogue.yaml").read_text(encoding="utf-8"))
    (site / "data").mkdir()
    (site / "data" / "prices.yaml").write_text(
        starter.substitute(provider="Example", provider_yaml="Example", currency="EUR"), encoding="utf-8"
    )
    built = run([str(installed / "mkdocs"), "build", "--strict"], site)
    out = site / "site"
    # The site keeps the search it has (Material's), and the build says how to switch to Pagefind.
    assert (out / "search" / "search_index.json").exists() and not (out / "pagefind").exists()
    assert "remove it from plugins: for Pagefind" in built.stderr
    assert soup(out / "index.html").select_one("article p").get_text() == "Our own home page."
    assert heading_text(soup(out / "guide" / "index.html").select_one("article h1")) == "Guide"
    pricing = soup(out / "pricing" / "index.html")
    assert pricing.select(".tarifa-card")
    cells = [visible(td.get_text()) for td in pricing.select("#table-chat td")]
    assert any(cell.startswith("€0.10") for cell in cells), cells
    assert (out / "models" / "starter-chat" / "index.html").exists()
    labels = [" ".join(a.get_text().split()) for a in pricing.select(".md-nav--primary .md-nav__link")]
    assert "Guide" in labels and "Models" in labels, labels
    # Tarifa's headings carry their anchors: attr_list is switched on for them.
    assert pricing.select_one("h2#chat") is not None

    # Asking for Pagefind with Material's search still listed: one line at the plugin's place.
    config = site / "mkdocs.yml"
    config.write_text(PLAIN_SITE["mkdocs.yml"] + "      search: true\n", encoding="utf-8")
    refused = subprocess.run(
        [str(installed / "mkdocs"), "build", "--strict"],
        cwd=site,
        capture_output=True,
        text=True,
        env=CLEAN_ENV,
    )
    assert refused.returncode == 1
    assert "mkdocs.yml:13:1: plugins.search: expected no search plugin" in refused.stderr, refused.stderr
    assert (out / "search" / "search_index.json").exists()  # the previous site stays as it was
    # Without Material's plugin, the default is Pagefind: an index per language.
    config.write_text(PLAIN_SITE["mkdocs.yml"].replace("  - search\n", ""), encoding="utf-8")
    run([str(installed / "mkdocs"), "build", "--strict"], site)
    assert (out / "pagefind" / "pagefind.js").exists() and not (out / "search" / "search_index.json").exists()


# ── The package's shape ───────────────────────────────────────────────────────────────
def imports_of(path: Path) -> set[str]:
    """Every `tarifa` module that `path` imports, at module level or inside a function or a
    TYPE_CHECKING block alike."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            base = node.module
            if node.level:
                base = ".".join([*package.split(".")[: -node.level], node.module])
            if base.startswith("tarifa"):
                found.add(base)
                found.update(f"{base}.{alias.name}" for alias in node.names)
        elif isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names if alias.name.startswith("tarifa"))
    return found


def modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def test_the_package_has_no_import_cycle() -> None:
    known = modules()
    graph = {
        name: {i for i in imports_of(path) if i in known and i != name and not name.startswith(i + ".")}
        for name, path in known.items()
    }
    # A package's __init__ importing its own modules is not a cycle of the code.
    state: dict[str, int] = {}
    cycles = []

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph[node]):
            if state.get(nxt) == 1:
                cycles.append(" → ".join([*stack[stack.index(nxt) :], nxt]))
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not cycles, "\n".join(cycles)


def test_only_the_plugin_needs_mkdocs() -> None:
    """Every module but the MkDocs glue imports without MkDocs (a future engine can use them)."""
    glue = {"tarifa.plugin", "tarifa.options", "tarifa.__main__"}
    names = sorted(set(modules()) - glue)
    code = (
        "import sys\n"
        "class Blocked:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'mkdocs' or name.startswith(('mkdocs.', 'mkdocs_static_i18n', 'material')):\n"
        "            raise ImportError('MkDocs is not allowed here: ' + name)\n"
        "sys.meta_path.insert(0, Blocked())\n"
        "import importlib\n"
        f"for name in {names!r}:\n"
        "    importlib.import_module(name)\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_the_readme_documents_every_option() -> None:
    """The README's options table has a row for every option, with its default."""
    from tarifa.options import TarifaConfig

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = dict(re.findall(r"^\| `(\w+)` \| ([^|]*) \|", readme, re.M))
    for name, option in TarifaConfig._schema:
        assert name in rows, f"README: no row for the option {name!r}"
        default = option.default
        if isinstance(default, str | int | bool) and not isinstance(default, dict):
            shown = str(default).lower() if isinstance(default, bool) else str(default)
            assert shown in rows[name], (name, rows[name])


def test_tarifas_scripts_and_stylesheets_are_served_without_comments_and_keep_their_code() -> None:
    """The site serves Tarifa's assets minified the conservative way (tarifa.build.minify): that is
    safe only while no template literal spans lines in a script and no `/*` is inside a CSS string;
    every code line of the source is kept, in order."""
    from tarifa.build import minify

    assets = ROOT / "hooks" / "tarifa" / "pages" / "assets"
    sources = sorted(assets.glob("*.js")) + sorted(assets.glob("*.css"))
    assert {p.name for p in sources} >= {"tarifa.js", "tarifa.css", "calculator.js", "search.js"}
    for path in sources:
        text = path.read_text(encoding="utf-8")
        served = (minify.script if path.suffix == ".js" else minify.stylesheet)(text)
        assert served is not None and len(served) < 0.85 * len(text), path.name
        if path.suffix == ".js":
            code = re.sub(r"/\*(?:(?!\*/).)*\*/", "", text, flags=re.S)  # a comment may hold a backtick
            assert "`" not in code, path.name
        else:
            assert not re.search(r"[\"'][^\"'\n]*/\*", text), path.name
        if path.suffix == ".css":  # a comment may end a line of code there
            text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
        kept = [line.strip() for line in served.splitlines()]
        source = [line.strip() for line in text.splitlines() if line.strip() in kept]
        assert kept == [line for line in source if line], path.name  # the same code, in order
