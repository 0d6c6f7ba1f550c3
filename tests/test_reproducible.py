"""Two builds of the same tree are byte-identical, and their dates come from git, not the clock.

The Makefile exports SOURCE_DATE_EPOCH from the last commit (`git log -1 --format=%ct`); MkDocs
takes the sitemap's lastmod and the gzip header's mtime from it, Tarifa the day that decides
which prices are current. Here the builds get the same SOURCE_DATE_EPOCH as `make` would give.
"""

from __future__ import annotations

import datetime as dt
import filecmp
import gzip
import re
import struct
import subprocess
import time
from pathlib import Path

from conftest import ROOT, build_site, copy_project


def commit_epoch() -> str:
    """SOURCE_DATE_EPOCH as the Makefile sets it; a fixed day when there is no git history."""
    result = subprocess.run(
        ["git", "-C", str(ROOT), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=False
    )
    return result.stdout.strip() if result.returncode == 0 and result.stdout.strip() else "1767225600"


def tree(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*"))


def test_two_builds_are_byte_identical_and_dated_by_git(tmp_path: Path) -> None:
    # One snapshot of the tree (others may be editing the checkout), built twice.
    project = copy_project(tmp_path / "project")
    epoch = commit_epoch()
    builds, seconds = [], []
    for name in ("first", "second"):
        dest = tmp_path / name / "site"
        start = time.monotonic()
        result = build_site(project / "mkdocs.yml", dest, env={"SOURCE_DATE_EPOCH": epoch})
        seconds.append(time.monotonic() - start)
        assert result.returncode == 0, result.stderr
        builds.append(dest)
    first, second = builds
    print(f"full build (5 languages): {seconds[0]:.1f} s, {seconds[1]:.1f} s")
    assert tree(first) == tree(second)
    files = [f for f in tree(first) if (first / f).is_file()]
    assert "sitemap.xml.gz" in files and len(files) > 100
    _, mismatch, errors = filecmp.cmpfiles(first, second, files, shallow=False)
    assert not mismatch and not errors, f"differ: {mismatch[:20]}, unreadable: {errors[:20]}"

    # Their dates come from SOURCE_DATE_EPOCH, not from the clock.
    date = dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date()
    day = date.isoformat()
    sitemap = (first / "sitemap.xml").read_text(encoding="utf-8")
    assert set(re.findall(r"<lastmod>([^<]+)</lastmod>", sitemap)) == {day}
    raw = (first / "sitemap.xml.gz").read_bytes()
    midnight = dt.datetime.combine(date, dt.time(), tzinfo=dt.UTC).timestamp()  # MkDocs: the pages' day
    assert struct.unpack("<I", raw[4:8])[0] == int(midnight), "gzip header mtime"
    assert gzip.decompress(raw).decode("utf-8") == sitemap
    today = dt.date.today().isoformat()
    if today != day:  # the clock's date is nowhere in the output (unless the sources have it)
        sources = [*project.glob("pricing/*.yaml"), *project.glob("docs/*.md")]
        if not any(today in s.read_text(encoding="utf-8") for s in sources):
            texts = [f for f in files if f.endswith((".html", ".xml", ".json"))]
            leaked = [f for f in texts if today in (first / f).read_text(encoding="utf-8")]
            assert not leaked, leaked
