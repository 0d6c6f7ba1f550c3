"""Search with Pagefind (tarifa.build.search_index): what the build writes.

- Material's search is gone: no search_index.json, and no page has the markup that makes
  Material's JavaScript fetch it or start its search worker.
- Pagefind wrote one index per language, with every page of that language (English fallback
  pages included, marked with meta "fallback").
- tarifa/pages/theme/partials/header.html is Material's own, but for the search block.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
import time
from pathlib import Path

import material
import pytest

from conftest import LOCALES, ROOT, prefix

THEME = ROOT / "hooks" / "tarifa" / "pages" / "theme"


def test_no_material_search_index_and_no_markup_that_loads_it(site: Path) -> None:
    assert not (site / "search" / "search_index.json").exists()
    for page in site.rglob("index.html"):
        html = page.read_text(encoding="utf-8")
        # Material's bundle fetches the index if a form is named "search", and starts its search
        # worker for an element with data-md-component="search".
        assert not re.search(r'<form[^>]*\bname="search"', html), page
        assert 'data-md-component="search' not in html, page
        assert "data-tarifa-search" in html, page


def test_one_pagefind_index_per_language(site: Path) -> None:
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text(encoding="utf-8"))
    assert entry["version"] == "1.5.2"
    assert sorted(entry["languages"]) == sorted(LOCALES)
    pages = {
        locale: sum(1 for _ in (site / locale if locale != "en" else site).rglob("index.html"))
        for locale in LOCALES
    }
    english = pages["en"] - sum(pages[locale] for locale in LOCALES if locale != "en")
    pages["en"] = english  # the root holds the other languages' folders too
    for locale in LOCALES:
        assert entry["languages"][locale]["page_count"] == pages[locale], locale


def test_header_is_materials_except_the_search_block() -> None:
    upstream = (Path(material.__file__).parent / "templates" / "partials" / "header.html").read_text("utf-8")
    ours = (THEME / "partials" / "header.html").read_text("utf-8")
    material_block = re.compile(
        r'\n    \{% if "material/search" in config\.plugins %\}.*?\n    \{% endif %\}\n', re.S
    )
    our_block = re.compile(
        r'\n    \{#- Tarifa: the search box.*?\{% include "partials/search\.html" %\}\n', re.S
    )
    comment = re.compile(r"\A\{#-.*?-#\}\n", re.S)
    assert material_block.search(upstream) and our_block.search(ours)
    assert comment.sub("", material_block.sub("\n@search@\n", upstream)) == comment.sub(
        "", our_block.sub("\n@search@\n", ours)
    )


def test_search_js_names_what_a_first_search_needs(site: Path) -> None:
    """The served search.js names this bundle's entry (by a hash of it), each language's
    metadata, and every index chunk of a language whose chunks are small (the example's all are):
    files that exist, of that language, so a first search fetches them at once."""
    script = (site / "assets" / "tarifa" / "search.js").read_text(encoding="utf-8")
    found = re.search(r"const FILES = (\{.*?\});\n", script)
    assert found and "tarifa:pagefind-files" not in script
    files = json.loads(found.group(1))
    bundle = site / "pagefind"
    entry_bytes = (bundle / "pagefind-entry.json").read_bytes()
    assert files["tag"] == hashlib.sha256(entry_bytes).hexdigest()[:12]
    entry = json.loads(entry_bytes)
    assert sorted(files["languages"]) == sorted(LOCALES) == sorted(entry["languages"])
    for locale in LOCALES:
        named = files["languages"][locale]
        assert named["meta"] == entry["languages"][locale]["hash"]
        assert (bundle / f"pagefind.{named['meta']}.pf_meta").is_file()
        chunks = sorted(p.stem for p in (bundle / "index").glob(f"{locale}_*.pf_index"))
        assert chunks and named["chunks"] == chunks, (locale, named, chunks)


def test_indexing_each_language_as_it_is_written_gives_the_bundle_of_one_pass(
    site: Path, tmp_path: Path
) -> None:
    """The build starts Pagefind on each language as soon as its pages are written
    (search_index.Indexer, beside the build of the next language): the bundle it wrote is, file
    for file, the one that indexing the finished site in one pass writes."""
    from tarifa.build import search_index

    prefixes = {locale: prefix(locale) for locale in LOCALES}
    once = tmp_path / "once"
    search_index.index_site(site, LOCALES, once, prefixes)
    built = site / "pagefind"
    files = sorted(p.relative_to(once) for p in once.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(built) for p in built.rglob("*") if p.is_file())
    for name in files:
        assert (once / name).read_bytes() == (built / name).read_bytes(), name


def test_reading_pages_from_main_gives_the_bundle_of_the_whole_pages(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Pagefind reads each page from its `<main>` (search_index.ROOT_SELECTOR): the bundle is,
    file for file, the one Pagefind writes reading the whole pages."""
    from tarifa.build import search_index

    monkeypatch.setattr(search_index, "ROOT_SELECTOR", "html")  # Pagefind's default
    whole = tmp_path / "whole"
    search_index.index_site(site, LOCALES, whole, {locale: prefix(locale) for locale in LOCALES})
    built = site / "pagefind"
    files = sorted(p.relative_to(whole) for p in whole.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(built) for p in built.rglob("*") if p.is_file())
    for name in files:
        assert (whole / name).read_bytes() == (built / name).read_bytes(), name


def test_a_stopped_indexer_leaves_no_pagefind_running_and_no_files(site: Path, tmp_path: Path) -> None:
    from tarifa.build import search_index

    indexer = search_index.Indexer(site, {locale: prefix(locale) for locale in LOCALES}, tmp_path)
    for locale in LOCALES:
        indexer.add(locale)
    work = indexer.work
    assert work.is_dir()
    indexer.close()
    assert not search_index._RUNNING and not work.exists() and list(tmp_path.iterdir()) == []


def empty_bundle(bundle: Path) -> int:
    """What a stand-in for a Pagefind run writes: a bundle with an entry and no language."""
    from tarifa.build import search_index

    bundle.mkdir(parents=True)
    (bundle / search_index.ENTRY).write_text('{"version":"x","languages":{}}', encoding="utf-8")
    return 0


def indexing_with(monkeypatch: pytest.MonkeyPatch, index: object) -> dict[str, str]:
    """Pagefind's runs replaced by `index`, on two cores; each language's folder."""
    from tarifa.build import search_index

    monkeypatch.setattr(search_index, "_index", index)
    monkeypatch.setattr(search_index.os, "cpu_count", lambda: 2)
    return {locale: prefix(locale) for locale in LOCALES}


def test_beside_the_workers_of_a_parallel_build_pagefind_always_gives_way(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """In a worker of `tarifa build -j` (every core builds), every Pagefind run is nicer than the
    builds, those `finish` starts too (another worker may still build the last language), and may
    use every core; in a plain `mkdocs build` (a core to spare) none is, and the runs beside the
    build take one thread each until `finish`."""
    from tarifa.build import search_index

    calls: list[tuple[str, int | None, bool]] = []

    def index(
        _site: Path, _glob: str, bundle: Path, languages: list[str], threads: int | None = None,
        *, aside: bool = False,
    ) -> int:  # fmt: skip
        calls.append((languages[0], threads, aside))
        return empty_bundle(bundle)

    prefixes = indexing_with(monkeypatch, index)
    expected = {
        True: [("en", None, True), ("de", None, True)],
        False: [("en", 1, False), ("de", None, False)],
    }
    for beside_workers in (True, False):
        calls.clear()
        indexer = search_index.Indexer(site, prefixes, tmp_path, yield_to_build=beside_workers)
        indexer.add("en")
        indexer.jobs["en"].result()
        indexer.finish(["en", "de"], tmp_path / f"bundle-{beside_workers}")
        assert calls == expected[beside_workers]


def test_beside_the_workers_each_written_language_is_indexed_at_once(
    site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker does not index its languages one after the other: a language written while an
    earlier one is still being indexed starts at once (a core another worker leaves idle is used);
    beside a plain `mkdocs build` on two cores, one run at a time until `finish`."""
    import threading

    from tarifa.build import search_index

    release = threading.Event()
    running: list[str] = []
    lock = threading.Lock()

    def index(_site: Path, _glob: str, bundle: Path, languages: list[str], *_: object, **__: object) -> int:
        with lock:
            running.append(languages[0])
        release.wait(60)
        return empty_bundle(bundle)

    prefixes = indexing_with(monkeypatch, index)
    for beside_workers, at_once in ((True, ["en", "de"]), (False, ["en"])):
        running.clear()
        release.clear()
        indexer = search_index.Indexer(site, prefixes, tmp_path, yield_to_build=beside_workers)
        try:
            indexer.add("en")
            indexer.add("de")
            deadline = time.monotonic() + 5
            while len(running) < len(at_once) and time.monotonic() < deadline:
                time.sleep(0.01)
            time.sleep(0.2)  # a second run that is held back would have started by now
            with lock:
                assert sorted(running) == sorted(at_once)
        finally:
            release.set()
        indexer.finish(["en", "de"], tmp_path / f"bundle-at-once-{beside_workers}")
        assert sorted(running) == ["de", "en"]


def test_a_process_given_way_runs_ten_steps_nicer(tmp_path: Path) -> None:
    from tarifa.build import search_index

    process = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        search_index._yield_to_build(process.pid)
        own = os.getpriority(os.PRIO_PROCESS, 0)
        assert os.getpriority(os.PRIO_PROCESS, process.pid) == min(19, own + search_index.ASIDE_NICENESS)
    finally:
        process.kill()
        process.wait()
