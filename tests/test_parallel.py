"""The parallel build writes the same site as `mkdocs build`, byte for byte.

Two builds of the example site with the same SOURCE_DATE_EPOCH: `mkdocs build --strict` and
`tarifa build -j 2 --strict` (each language in one of two processes). Every file
is compared: pages, language switchers, hreflang links, sitemap.xml(.gz), the search index,
assets, and whatever files other hooks write.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import SimpleNamespace

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import LOCALES, ROOT, build_site, prefix

IGNORE = [".venv", "site", ".git", "artifacts", "node_modules", ".*cache", "__pycache__"]
#: Both builds see the same "now" (today: the catalogue refuses dates after the build date).
EPOCH = {"SOURCE_DATE_EPOCH": str(int(time.time()))}


def tree(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


def test_parallel_build_equals_sequential_build(tmp_path: Path) -> None:
    # A snapshot of the project, so that nobody's edit lands between the two builds.
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(*IGNORE))
    sequential = build_site(project / "mkdocs.yml", tmp_path / "sequential", env=EPOCH)
    assert sequential.returncode == 0, sequential.stderr
    parallel = subprocess.run(
        [sys.executable, "-m", "tarifa", "--root", str(project), "build", "-j", "2", "--strict",
         "-d", str(tmp_path / "parallel")],
        cwd=project,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **EPOCH},
        check=False,
    )  # fmt: skip
    assert parallel.returncode == 0, parallel.stderr
    # Two processes really shared the languages (else this compares two sequential builds).
    shares = re.search(r"with 2 processes \(([^)]*)\)", parallel.stderr)
    assert shares, parallel.stderr
    built = [share.split(", ") for share in shares.group(1).split(" | ")]
    assert len(built) == 2 and sorted(language for share in built for language in share) == sorted(LOCALES), (
        shares.group(0)
    )

    expected, actual = tree(tmp_path / "sequential"), tree(tmp_path / "parallel")
    for locale in LOCALES:
        assert f"{prefix(locale)}pricing/index.html" in expected
    assert {
        "sitemap.xml",
        "sitemap.xml.gz",
        "pagefind/pagefind-entry.json",
        "pagefind/pagefind.js",
    } <= expected.keys()
    assert sorted(actual.keys() - expected.keys()) == [], "files only in the parallel build"
    assert sorted(expected.keys() - actual.keys()) == [], "files missing from the parallel build"
    differing = sorted(path for path in expected if expected[path] != actual[path])
    assert differing == [], f"files that differ: {differing}"


# ── The search index de-duplication both builds use ─────────────────────────────────────
LANGUAGES = ["en", "de", "fr"]
entry_parts = st.tuples(
    st.sampled_from(["", "a/", "a/#x", "b/", "ab/"]), st.sampled_from("TU"), st.sampled_from("tu")
)


@settings(max_examples=300, deadline=None)
@given(
    defaults=st.lists(entry_parts, max_size=8),
    others=st.lists(st.tuples(st.sampled_from(["de", "fr"]), entry_parts), max_size=16),
)
def test_search_deduplication_equals_static_i18n(
    defaults: list[tuple[str, str, str]], others: list[tuple[str, tuple[str, str, str]]]
) -> None:
    """Same entries removed as static-i18n 1.3.1's own (quadratic) code, neighbours included."""
    from mkdocs_static_i18n.reconfigure import ExtendedPlugin

    from tarifa.build.search_dedup import deduplicate

    entries = [{"location": loc, "title": title, "text": text} for loc, title, text in defaults]
    entries += [{"location": f"{lang}/{loc}", "title": t, "text": x} for lang, (loc, t, x) in others]
    expected = [dict(entry) for entry in entries]
    ExtendedPlugin.reconfigure_search_duplicates(SimpleNamespace(build_languages=LANGUAGES), expected)
    actual = [dict(entry) for entry in entries]
    deduplicate(actual, LANGUAGES)
    assert actual == expected


def test_search_deduplication_removes_fallback_duplicates() -> None:
    """The property test above cannot pass vacuously: here entries really go, and one stays."""
    from tarifa.build.search_dedup import deduplicate

    page = {"location": "pricing/", "title": "Prices", "text": "same"}
    entries = [
        page,
        {**page, "location": "de/pricing/"},  # a fallback copy: removed
        {**page, "location": "fr/pricing/"},  # its neighbour: kept, as static-i18n keeps it
        {**page, "location": "fr/x/", "text": "other"},
        {**page, "location": "es/pricing/"},  # removed
        {**page, "location": "de/other/"},  # another page: kept
    ]
    deduplicate(entries, [*LANGUAGES, "es"])
    assert [e["location"] for e in entries] == ["pricing/", "fr/pricing/", "fr/x/", "de/other/"]
