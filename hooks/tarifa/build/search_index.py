"""Search with Pagefind: the built site indexed once, one index per `<html lang>`.

Material's search plugin writes one index of every language and every page downloads all of it
before anyone searches (at 3,298 models: 32 MB, a first result after 8 s). Pagefind splits its
index by language and into fragments; the browser loads the fragments a query needs, on the
visitor's first intent to search (`partials/search.html`, `assets/tarifa/search.js`).

Indexed: each page's article (`data-pagefind-body`, set by the plugin), without what would only
repeat the catalogue (the model index, the calculator, the tables of the pricing page and the
other listing pages: a model's prices are found on its own page) and without the heading
permalinks. A page whose text fell back to the default language says so (`fallback` meta) and
the results mark it.

Plain Python, no MkDocs: the plugin starts Pagefind on each language as soon as its pages are
written, beside the build of the next language (`Indexer`), and merges the languages' bundles at
the end of `mkdocs build` and `mkdocs serve`; each worker of `tarifa build -j` does the same for
the languages it built, and the parent merges their bundles (`merge_bundles`).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

#: Not indexed (Pagefind skips them and everything inside).
EXCLUDE = (
    ".headerlink",  # the ¶ after every heading (else titles read "Heron 120B¶")
    ".tarifa-model-index",  # the home page's list of every model
    ".tarifa-calc",  # the calculator's form
    "noscript",
    ".tarifa-untranslated",  # the "not translated yet" notice (the page keeps meta "fallback")
    "[data-tarifa-listing] .tarifa-scroll",  # price, limit and change tables of listing pages
    ".tarifa-toolbar",
    ".tarifa-chart",
)
GLOB = "**/index.html"  # pages only: not 404.html, not the Atom feeds
#: Where Pagefind starts reading a page: Material's `<main>`, which holds the article, not the
#: header, the footer and the scripts around it. The same bundle as from the whole page, and 0.2 s
#: less of Pagefind's CPU per language at 1,000 models. (Not the article itself: a selector of
#: EXCLUDE that starts at the article's own attribute would no longer match.)
ROOT_SELECTOR = "main"
#: Pagefind's own search interfaces: unused (assets/tarifa/search.js is the interface), 430 KB.
UNUSED = ("pagefind-ui.*", "pagefind-component-ui.*", "pagefind-modular-ui.*", "pagefind-highlight.js")
ENTRY = "pagefind-entry.json"
#: Tarifa's search interface in the built site (tarifa/pages/assets/search.js).
SCRIPT = "assets/tarifa/search.js"
#: What search.js says until `name_first_files` writes the bundle's file names in its place.
FIRST_FILES = '"tarifa:pagefind-files"'
#: A language whose index chunks weigh this much or less has them all fetched on the first
#: intent to search (the example's: 27–35 KB); a larger index loads the chunks a query needs.
CHUNKS_AT_ONCE = 64 * 1024


class SearchIndexError(RuntimeError):
    """Pagefind failed, or did not index every language."""


def index_site(
    site: Path, languages: Iterable[str], bundle: Path | None = None, prefixes: dict[str, str] | None = None
) -> int:
    """Write `site/pagefind/` (or `bundle`); the number of pages indexed.

    With `prefixes` (each language's folder: "" for the default language, "de/"…), one Pagefind
    run per language, as many at a time as there are cores, merged (`merge_bundles`): the same
    bundle as one run over the whole site, with the memory of one language per core (one run over
    five languages took 1.9 GB at 5,000 models)."""
    bundle = bundle or site / "pagefind"
    languages = list(languages)
    if not prefixes or len(languages) < 2:
        return _index(site, GLOB, bundle, languages)
    # Every language at once: `Indexer` without a build beside it, on every core.
    return Indexer(site, prefixes, bundle.parent).finish(languages, bundle)


def _language_glob(site: Path, prefix: str, prefixes: Iterable[str]) -> str:
    """The pages of one language: its folder's, or for the default language (at the root) every
    folder but the other languages'."""
    if prefix:
        return f"{prefix}{GLOB}"
    others = {p.rstrip("/") for p in prefixes if p}
    folders = sorted(
        d.name
        for d in site.iterdir()
        if d.is_dir() and d.name not in others and d.name != "pagefind" and not d.name.startswith(".")
    )
    return "{" + ",".join(["index.html", *(f"{name}/{GLOB}" for name in folders)]) + "}"


#: The Pagefind processes running now, in any thread, and the indexers that may start more
#: (`stop_all` ends them).
_RUNNING: set[subprocess.Popen[str]] = set()
_INDEXERS: set[Indexer] = set()
_RUNNING_LOCK = threading.Lock()


def _index(
    site: Path,
    glob: str,
    bundle: Path,
    languages: list[str],
    threads: int | None = None,
    *,
    aside: bool = False,
) -> int:
    # The command line, not pagefind.index.PagefindIndex: the Python API stops its Pagefind
    # process as soon as "WriteFiles" answers, and once left pagefind.js cut at 32 KiB.
    # `threads`: Pagefind's threads (Rayon's RAYON_NUM_THREADS; all cores unless said).
    env = {**os.environ, "RAYON_NUM_THREADS": str(threads)} if threads else None
    process = subprocess.Popen(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--glob", glob,
         "--root-selector", ROOT_SELECTOR, "--exclude-selectors", ", ".join(EXCLUDE),
         "--output-path", str(bundle.resolve()), "--silent"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env,
    )  # fmt: skip
    if aside:
        _yield_to_build(process.pid)
    with _RUNNING_LOCK:
        _RUNNING.add(process)
    try:
        _, stderr = process.communicate()
    except BaseException:  # stopped (Ctrl-C, SIGTERM): Pagefind must not write on afterwards
        process.kill()
        process.wait()
        raise
    finally:
        with _RUNNING_LOCK:
            _RUNNING.discard(process)
    entry = bundle / ENTRY
    if process.returncode != 0 or not entry.exists():
        raise SearchIndexError(f"Pagefind failed ({process.returncode}): {stderr.strip()[-2000:]}")
    data = json.loads(entry.read_text(encoding="utf-8"))
    _write_entry(entry, data)
    found = data["languages"]
    missing = set(languages) - set(found)
    if missing:
        raise SearchIndexError(f"Pagefind found no page in {sorted(missing)} (indexed: {sorted(found)})")
    for pattern in UNUSED:
        for path in bundle.glob(pattern):
            path.unlink()
    return sum(int(language["page_count"]) for language in found.values())


#: How much nicer than the build a Pagefind process runs beside the workers of `tarifa build -j`.
ASIDE_NICENESS = 10


def _yield_to_build(pid: int) -> None:
    """Pagefind beside the workers of `tarifa build -j`, which take every core, gives way to
    them (niceness +10): it runs on what they leave, and the last language's build, which the
    whole build waits for, is not slowed by it (1,000 models, `-j 2`: 20.8 s against 24.2 s, the
    medians of four alternated runs). `python -m pagefind` execs Pagefind in the same process,
    which keeps the niceness."""
    if not hasattr(os, "setpriority"):
        return
    with contextlib.suppress(OSError):  # the process ended already, or a platform that refuses
        own = os.getpriority(os.PRIO_PROCESS, 0)
        os.setpriority(os.PRIO_PROCESS, pid, min(19, own + ASIDE_NICENESS))


def stop_all() -> None:
    """End every Pagefind process of this process and start no other (a build that stops,
    `tarifa build -j`'s worker stopped by its parent among them, leaves none writing)."""
    with _RUNNING_LOCK:
        for indexer in list(_INDEXERS):
            indexer.stopped = True
            indexer.pool.shutdown(wait=False, cancel_futures=True)
        running = list(_RUNNING)
    for process in running:
        process.kill()
    for process in running:
        process.wait()


class Indexer:
    """Pagefind over each language as soon as its pages are written, beside the build of the
    next language, then merged into the bundle of one Pagefind run over the finished site (byte
    for byte: `merge_bundles`; `index_site` is this with every language at the end).
    While languages are still being built, Pagefind takes the cores the build leaves free (one
    process of one thread on two cores); `finish` lets the rest run on every core.

    `yield_to_build` (a worker of `tarifa build -j`, where every core builds): every run gives way
    to the builds (`_yield_to_build`), those `finish` starts too, since another worker may still
    be building the last language, which the whole build waits for; and a language is indexed as
    soon as it is written, one process of one thread each, not one language after the other, so
    that a core a worker leaves idle is used at once.

    `work` is where the languages' bundles wait for the merge: a folder that nothing else
    watches (a worker of `tarifa build -j` notes every file its languages write into its site)."""

    def __init__(
        self, site: Path, prefixes: dict[str, str], work: Path, *, yield_to_build: bool = False
    ) -> None:
        self.site, self.prefixes = site, dict(prefixes)
        self.yield_to_build = yield_to_build  # other processes build on the other cores
        self.work = Path(tempfile.mkdtemp(prefix=".pagefind-", dir=work))
        cores = os.cpu_count() or 1
        self.pool = ThreadPoolExecutor(max_workers=max(cores, len(self.prefixes)))
        # Pagefind's runs at once until `finish`: the cores the build leaves free; beside the
        # workers, every language written (each gives way to the builds); then every core.
        self.spare = len(self.prefixes) if yield_to_build else max(1, cores - 1)
        self.held = max(0, cores - self.spare)
        self.building = True
        self.free = threading.Semaphore(self.spare)
        self.jobs: dict[str, Future[int]] = {}
        self.stopped = False
        with _RUNNING_LOCK:
            _INDEXERS.add(self)

    def add(self, language: str) -> None:
        """Start indexing `language`, whose pages are all written."""
        if language in self.jobs:
            return
        glob = _language_glob(self.site, self.prefixes[language], self.prefixes.values())
        self.jobs[language] = self.pool.submit(self._run, glob, self.work / language, language)

    def _run(self, glob: str, part: Path, language: str) -> int:
        with self.free:
            if self.stopped:
                raise SearchIndexError("stopped")
            # Beside a build: `spare` runs at most, one thread each; after it, every core. Beside
            # the workers every run may take every core, at the lower priority: the last one,
            # which the build waits for, then uses the cores the workers leave as they end.
            threads = 1 if self.building and not self.yield_to_build else None
            return _index(self.site, glob, part, [language], threads, aside=self.yield_to_build)

    def finish(self, languages: list[str], bundle: Path) -> int:
        """Index what is left of `languages`, wait, and write their bundle; the number of pages."""
        try:
            self.building = False
            for _ in range(self.held):
                self.free.release()
            self.held = 0
            for language in languages:
                self.add(language)
            for language in languages:
                self.jobs[language].result()  # the first error, if any, is raised here
            return merge_bundles([self.work / language for language in languages], bundle)
        finally:
            self.close()

    def close(self) -> None:
        """Stop: no Pagefind left running, nothing left in `work`."""
        self.stopped = True
        stop_all()
        self.pool.shutdown(wait=True)
        with _RUNNING_LOCK:
            _INDEXERS.discard(self)
        shutil.rmtree(self.work, ignore_errors=True)


def _write_entry(entry: Path, data: dict[str, object]) -> None:
    # Reproducible builds: Pagefind writes the languages in a random order (a hash map).
    entry.write_text(json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False), "utf-8")


def merge_bundles(bundles: list[Path], dest: Path) -> int:
    """One bundle from bundles of disjoint languages (`tarifa build -j`: each worker indexes the
    languages it built, side by side): Pagefind indexes each language on its own, its files are
    named by their content, so the union of the files and of the entry's languages is the bundle
    one run over the whole site writes. The number of pages."""
    languages: dict[str, dict[str, object]] = {}
    frame: dict[str, object] | None = None
    for bundle in bundles:
        data = json.loads((bundle / ENTRY).read_text(encoding="utf-8"))
        found = data.pop("languages")
        if frame is not None and data != frame:
            raise SearchIndexError(f"Pagefind bundles of different versions or settings: {data} and {frame}")
        frame = data
        languages.update(found)
        for path in sorted(bundle.rglob("*")):
            target = dest / path.relative_to(bundle)
            if path.is_dir() or path.name == ENTRY or target.exists():
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            path.replace(target)
    if frame is None:
        raise SearchIndexError("no Pagefind bundle to merge")
    dest.mkdir(parents=True, exist_ok=True)
    _write_entry(dest / ENTRY, {**frame, "languages": languages})
    return sum(int(str(language["page_count"])) for language in languages.values())


def first_files(bundle: Path) -> dict[str, object]:
    """What the browser needs before a first search, named so that search.js can fetch it all at
    once on the visitor's first intent: Pagefind itself fetches its entry file, then the
    language's metadata, then an index chunk, one after the other. `tag` names this bundle's
    entry file (Pagefind's `metaCacheTag`: a new bundle, a new address, never a stale entry);
    `meta`, each language's metadata; `chunks`, every index chunk of a small language.

    >>> import tempfile
    >>> bundle = Path(tempfile.mkdtemp())
    >>> (bundle / "index").mkdir()
    >>> _ = (bundle / "index" / "de_51d1972.pf_index").write_bytes(b"x" * 10)
    >>> _ = (bundle / ENTRY).write_text('{"languages":{"de":{"hash":"de_e2d3d8db9e","page_count":3}}}')
    >>> files = first_files(bundle)
    >>> files["languages"]
    {'de': {'meta': 'de_e2d3d8db9e', 'chunks': ['de_51d1972']}}
    >>> files["tag"] == hashlib.sha256((bundle / ENTRY).read_bytes()).hexdigest()[:12]
    True
    """
    entry = (bundle / ENTRY).read_bytes()
    languages: dict[str, dict[str, object]] = {}
    for language, index in sorted(json.loads(entry)["languages"].items()):
        prefix = str(index["hash"]).rsplit("_", 1)[0] + "_"
        chunks = sorted((bundle / "index").glob(f"{prefix}*.pf_index"))
        small = sum(path.stat().st_size for path in chunks) <= CHUNKS_AT_ONCE
        languages[language] = {"meta": index["hash"], "chunks": [p.stem for p in chunks] if small else []}
    return {"tag": hashlib.sha256(entry).hexdigest()[:12], "languages": languages}


def name_first_files(script: Path, bundle: Path) -> bool:
    """Write `first_files(bundle)` into the site's search.js (in place of `FIRST_FILES`), once the
    bundle is complete: after `mkdocs build` has indexed every language, after `tarifa build -j`
    has merged its workers' bundles. False if the script has no such place (a site's own)."""
    if not script.is_file():
        return False
    text = script.read_text(encoding="utf-8")
    if FIRST_FILES not in text:
        return False
    named = json.dumps(first_files(bundle), sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    script.write_text(text.replace(FIRST_FILES, named, 1), encoding="utf-8")
    return True
