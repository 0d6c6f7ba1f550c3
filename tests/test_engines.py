"""The example builds the same with ProperDocs, the maintained drop-in fork of MkDocs 1.x.

MkDocs 1.6 is unmaintained and Material for MkDocs is in maintenance mode until May 2027; the
plugin must keep working on the fork a provider is likely to move to. Both builds run here, from
one snapshot of the project and with one SOURCE_DATE_EPOCH, and every file is compared. The one
difference, documented in the README: the `generator` meta tag names the engine.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from conftest import build_site, copy_project

GENERATOR = re.compile(rb'<meta name="generator" content="[^"]*">')


def test_properdocs_builds_the_same_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    epoch = {"SOURCE_DATE_EPOCH": "1795377710"}
    mkdocs = build_site(project / "mkdocs.yml", tmp_path / "mkdocs", env=epoch)
    assert mkdocs.returncode == 0, mkdocs.stderr
    properdocs = subprocess.run(
        [sys.executable, "-m", "properdocs", "build", "--strict", "-d", str(tmp_path / "properdocs")],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, **epoch, "NO_MKDOCS_2_WARNING": "1", "DISABLE_MKDOCS_2_WARNING": "true"},
        check=False,
    )
    assert properdocs.returncode == 0, properdocs.stderr
    a, b = tmp_path / "mkdocs", tmp_path / "properdocs"
    files = sorted(str(p.relative_to(a)) for p in a.rglob("*") if p.is_file())
    assert files == sorted(str(p.relative_to(b)) for p in b.rglob("*") if p.is_file())
    differ = []
    generators = set()
    for name in files:
        x, y = (a / name).read_bytes(), (b / name).read_bytes()
        if x == y:
            continue
        generators.update(GENERATOR.findall(x) + GENERATOR.findall(y))
        if GENERATOR.sub(b"", x) != GENERATOR.sub(b"", y):
            differ.append(name)
    assert not differ, differ
    assert generators == {
        b'<meta name="generator" content="mkdocs-1.6.1, mkdocs-material-9.8.1">',
        b'<meta name="generator" content="mkdocs-ProperDocs 1.6.7, mkdocs-material-9.8.1">',
    }, generators
