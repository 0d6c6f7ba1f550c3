"""A failed build leaves the previous site exactly as it was, in both build commands.

Deploy steps copy `site/` after the build: a build that fails early (a broken catalogue) or late
(a template that fails while pages are written, a warning that fails `--strict` after the last
page) must not leave a half-written or an empty folder there. Every file of the previous site,
and a hidden entry such as a `.git` of a gh-pages checkout, must be byte for byte as before.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOT, build_site, copy_project


def tree(folder: Path) -> dict[str, str]:
    """Every file under `folder` (hidden ones included) and the SHA-256 of its bytes."""
    return {
        str(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def parallel_build(config: Path, dest: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tarifa", "build", "-j", "2", "--strict", "-d", str(dest)],
        cwd=config.parent,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        check=False,
    )


def break_catalogue(project: Path) -> str:
    path = project / "pricing" / "catalogue.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("input: 0.06,", "input: 0x6,", 1), encoding="utf-8"
    )
    return "pricing/catalogue.yaml:"


def break_theme_template(project: Path) -> str:
    """Fails while the pages are written (the theme renders every page with it)."""
    path = project / "overrides" / "main.html"
    text = path.read_text(encoding="utf-8")
    path.write_text(
        text.replace("{{ super() }}", "{{ super() }}{{ undefined_thing.attribute }}"), encoding="utf-8"
    )
    return "overrides/main.html:"


def break_tarifa_template(project: Path) -> str:
    """Fails while the pricing page is written: the site's own version of Tarifa's tier cards
    (a template in `custom_dir/tarifa/`, which overrides Tarifa's) has a mistake."""
    path = project / "overrides" / "tarifa" / "cards.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    cards = (ROOT / "hooks" / "tarifa" / "pages" / "templates" / "cards.html").read_text(encoding="utf-8")
    path.write_text(cards + "{{ no_such_value.here }}\n", encoding="utf-8")
    return "overrides/tarifa/cards.html:"


def add_a_broken_link(project: Path) -> str:
    """A warning, which fails `--strict` only after every language is written."""
    path = project / "docs" / "open-data.ar.md"
    path.write_text(path.read_text(encoding="utf-8") + "\n[x](no-such-page.md)\n", encoding="utf-8")
    return "no-such-page.md"


BREAKAGES: dict[str, Callable[[Path], str]] = {
    "early: broken catalogue": break_catalogue,
    "late: theme template": break_theme_template,
    "late: Tarifa template": break_tarifa_template,
    "last: strict warning": add_a_broken_link,
}
BUILDS = {"mkdocs build": build_site, "tarifa build -j 2": parallel_build}


@pytest.fixture(scope="module")
def good_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A project and the site it builds, with a hidden folder a deploy step keeps in it."""
    root = tmp_path_factory.mktemp("output")
    project = copy_project(root / "project")
    site = root / "site"
    result = build_site(project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    (site / ".git").mkdir()
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    return project, site


@pytest.mark.parametrize("command", BUILDS)
@pytest.mark.parametrize("breakage", BREAKAGES)
def test_a_failed_build_leaves_the_previous_site_as_it_was(
    good_site: tuple[Path, Path], tmp_path: Path, command: str, breakage: str
) -> None:
    source, previous = good_site
    project = copy_project(tmp_path / "project", source)
    site = tmp_path / "site"
    shutil.copytree(previous, site)
    before = tree(site)
    assert ".git/HEAD" in before and "de/pricing/index.html" in before
    named = BREAKAGES[breakage](project)
    result = BUILDS[command](project / "mkdocs.yml", site)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert named in output, output
    assert "Traceback" not in output and "\x1b[" not in output, output
    assert tree(site) == before, "the previous site changed"
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert not leftovers, f"temporary folders left beside the site: {leftovers}"
    problems = [line for line in output.splitlines() if named in line]
    assert len(problems) == len(set(problems)), f"a problem printed twice:\n{output}"


@pytest.mark.parametrize("command", BUILDS)
def test_a_good_build_replaces_the_site_and_keeps_hidden_entries(tmp_path: Path, command: str) -> None:
    project = copy_project(tmp_path / "project")
    site = tmp_path / "site"
    (site / ".git").mkdir(parents=True)
    (site / ".git" / "HEAD").write_text("ref: refs/heads/gh-pages\n")
    (site / "stale.html").write_text("from an older build")
    result = BUILDS[command](project / "mkdocs.yml", site)
    assert result.returncode == 0, result.stderr
    assert (site / ".git" / "HEAD").read_text() == "ref: refs/heads/gh-pages\n"
    assert not (site / "stale.html").exists()
    assert (site / "de" / "pricing" / "index.html").exists()
    assert not [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
