"""Build the languages of a mkdocs-static-i18n site in separate processes, on all cores.

    python -m tarifa.parallel [-j JOBS] [-f mkdocs.yml] [-d SITE_DIR] [--strict] [-q]

The output is the sequential `mkdocs build`'s, byte for byte. How:

* Each worker is an ordinary `mkdocs build` of the whole configuration (every language stays
  configured, so language switchers, `hreflang` links and alternates are the usual ones) into a
  private folder. Worker k starts with the k-th language instead of the default one, and
  static-i18n's loop over the other languages builds only the languages this worker *claims*
  (an atomic `mkdir` in a shared folder): a worker that is done with a language takes the next
  unclaimed one, so the cores stay busy whatever each language costs.
* A worker notes which files each language build wrote (size, mtime and inode before and after
  each build), the sitemap entries each language added and the search index entries it
  produced.
* The merge takes every file from the worker whose language build wrote it *last* in the
  sequential order (default language, then the others as configured; work after static-i18n's
  loop last); that is what the sequential build leaves on disk, because every language build
  writes into the same folder and the last write wins. The two files that static-i18n
  accumulates over all languages are assembled from every worker's part, as static-i18n does:
  `sitemap.xml` (+ `.gz`) from each language's entries in build order, and the search index
  from each language's entries in build order, with static-i18n's own de-duplication.

What this needs from hooks and plugins: a language build's output may depend on its language
and on the sources, not on an earlier language build of the same process (i.e. no state
carried from one language to the next except static-i18n's sitemap and search index).

This module runs in a small parent process and in the workers. It imports only the standard
library at module level (the parent starts in ~50 ms); a worker loads it by path so that the
project's own `hooks/` folder provides the `tarifa` package its hooks import.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import io
import json
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tarifa.build import atomic, search_index, sitemaps

log = logging.getLogger("tarifa.parallel")

SITEMAP = sitemaps.SITEMAP
POST = "<after the language loop>"  # the work static-i18n does after building every language
_BOOTSTRAP = """
import importlib.util, sys
spec = importlib.util.spec_from_file_location("_tarifa_parallel_worker", sys.argv[1])
module = importlib.util.module_from_spec(spec)
sys.modules[spec.name] = module
spec.loader.exec_module(module)
module.exit_now(module.worker(sys.argv[2:]))
"""


# ── The parent: start the workers, merge their folders ───────────────────────────────────
def build(
    config_file: Path,
    site_dir: Path | None = None,
    *,
    jobs: int | None = None,
    strict: bool | None = None,
    quiet: bool = False,
) -> int:
    """Build the site at `config_file` into `site_dir` with `jobs` processes; 0 on success."""
    started = time.perf_counter()
    config_file = config_file.resolve()
    from tarifa.site_config import read_yaml  # `!ENV` resolved as MkDocs does

    settings = read_yaml(config_file)
    dest = (site_dir or config_file.parent / str(settings.get("site_dir") or "site")).resolve()
    languages = _count_languages(settings)
    jobs = max(1, min(jobs or os.cpu_count() or 1, languages or 1))
    env = {**os.environ, "NO_MKDOCS_2_WARNING": os.environ.get("NO_MKDOCS_2_WARNING", "1")}
    if jobs == 1:  # one language, one core or no static-i18n: nothing to share out
        argv = [sys.executable, "-m", "mkdocs", "build", "-f", str(config_file), "-d", str(dest)]
        argv += [*(["--strict"] if strict else []), *(["-q"] if quiet else [])]
        return subprocess.run(argv, env=env, check=False).returncode
    dest.parent.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix=f".{dest.name}.parallel-", dir=dest.parent))
    try:
        (work / "claims").mkdir()
        workers = []
        for index in range(jobs):
            folder = work / f"w{index}"
            folder.mkdir()
            argv = [
                sys.executable, "-c", _BOOTSTRAP, __file__,
                "--config-file", str(config_file),
                "--site-dir", str(folder / "site"),
                "--claims", str(work / "claims"),
                "--report", str(folder / "report.json"),
                "--index", str(index), "--jobs", str(jobs),
            ]  # fmt: skip
            if strict is not None:
                argv.append("--strict" if strict else "--no-strict")
            if quiet:
                argv.append("--quiet")
            with (folder / "log.txt").open("wb") as output:
                workers.append((folder, subprocess.Popen(argv, env=env, stderr=output)))
        succeeded = _wait(process for _, process in workers)
        _print_logs([folder / "log.txt" for folder, _ in workers])
        if not succeeded:
            log.error("Tarifa: the parallel build failed; %s is left as it was", dest)
            return 1
        reports = [
            Report.load(folder / "site", folder / "report.json")
            for folder, _ in workers
            if (folder / "report.json").exists()
        ]
        building = atomic.new_folder(dest)
        try:
            merge(reports, building)
            if _searches(settings):  # each worker indexed its languages: one bundle, as `mkdocs build` writes
                bundles = [r.pagefind for r in reports if r.pagefind is not None]
                if len(bundles) != len([r for r in reports if r.languages]):
                    raise search_index.SearchIndexError("a worker wrote no Pagefind index")
                search_index.merge_bundles(bundles, building / "pagefind")
                search_index.name_first_files(building / search_index.SCRIPT, building / "pagefind")
        except search_index.SearchIndexError as error:
            atomic.discard(building)
            log.error("Tarifa: %s; %s is left as it was", error, dest)
            return 1
        except BaseException:
            atomic.discard(building)
            raise
        atomic.replace(dest, building)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if not quiet:
        shares = " | ".join(", ".join(r.languages) for r in reports if r.languages)
        print(
            f"INFO    -  Tarifa: built the languages with {jobs} processes ({shares}) into {dest} "
            f"in {time.perf_counter() - started:.2f} seconds",
            file=sys.stderr,
        )
    return 0


def _print_logs(logs: list[Path]) -> None:
    """The workers' messages, each line once: every worker checks the same inputs, and the same
    problem found by two workers is one problem."""
    seen: set[str] = set()
    for path in logs:
        if not path.exists():
            continue
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            if line not in seen:
                seen.add(line)
                print(line, file=sys.stderr)


def _wait(processes: Iterable[subprocess.Popen[bytes]]) -> bool:
    """Wait for every process; True if all succeeded. After a failure, stop the others."""
    running = list(processes)
    while running:
        for process in list(running):
            if process.poll() is None:
                continue
            running.remove(process)
            if process.returncode != 0:
                for other in running:
                    other.terminate()
                for other in running:
                    other.wait()
                return False
        time.sleep(0.02)
    return True


def _searches(settings: dict[str, Any]) -> bool:
    """Whether the tarifa plugin searches with Pagefind: its `search` option, or when unset,
    whether the site does without Material's search plugin (as TarifaPlugin decides)."""
    from tarifa.site_config import plugin_options

    options = plugin_options(settings, "tarifa")
    if options is None:
        return False
    if options.get("search") is not None:
        return options["search"] is not False
    return all(plugin_options(settings, name) is None for name in ("search", "material/search"))


def _count_languages(settings: dict[str, Any]) -> int:
    """How many languages static-i18n builds (0: unknown); there is no use for more workers."""
    from tarifa.site_config import plugin_options

    options = plugin_options(settings, "i18n")
    if not isinstance(options, dict):
        return 0
    if options.get("build_only_locale"):
        return 1
    languages = options.get("languages") or []
    return sum(1 for lang in languages if isinstance(lang, dict) and lang.get("build", True))


@dataclass
class Report:
    """What one worker built, and what its language builds wrote."""

    site: Path
    order: list[str]
    languages: list[str]
    events: dict[str, list[str]]
    sitemap: dict[str, Any] | None
    search: dict[str, Any] | None
    default: str = ""
    site_url: str = ""
    gz_mtime: int | None = None
    #: The Pagefind bundle of the worker's languages (None: the site does not search with Pagefind).
    pagefind: Path | None = None

    @classmethod
    def load(cls, site: Path, path: Path) -> Report:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            site=site,
            order=data["order"],
            languages=data["languages"],
            events=data["events"],
            sitemap=data["sitemap"],
            search=data["search"],
            default=data["default"],
            site_url=data.get("site_url") or "",
            gz_mtime=data.get("gz_mtime"),
            pagefind=Path(data["pagefind"]) if data.get("pagefind") else None,
        )


def merge(reports: list[Report], dest: Path) -> None:
    """Put the sequential build's output into `dest` from the workers' folders."""
    reports = [r for r in reports if r.languages]
    if not reports:
        raise RuntimeError("no worker built a language")
    order = reports[0].order
    if any(r.order != order for r in reports):
        raise RuntimeError("the workers disagree on the languages to build")
    rank = {language: index for index, language in enumerate(order)}

    # The last writer of every file, in the sequential order of events.
    winner: dict[str, tuple[tuple[int, int], Report]] = {}
    for report in reports:
        for event, paths in report.events.items():
            # After the loop: prefer the worker that built the default language (it ran the
            # loop of the sequential build).
            key = (rank[event], 0) if event in rank else (len(order), int(order[0] in report.languages))
            for path in paths:
                if path not in winner or winner[path][0] < key:
                    winner[path] = (key, report)

    generated: dict[str, bytes] = {}
    generated.update(_merge_sitemap(reports, order))
    generated.update(_merge_search(reports, order))

    _clean_directory(dest)
    # A top-level folder whose every file one worker wrote last (a language's folder, the default
    # language's model pages) moves in one rename, not file by file (5,000 pages: a second).
    owners: dict[str, set[int]] = {}
    for path, (_, report) in winner.items():
        top, folder, _ = path.partition("/")
        owners.setdefault(top if folder and path not in generated else "", set()).add(id(report))
    moved: set[str] = set()
    for report in reports:
        for top, ids in owners.items():
            if top and ids == {id(report)} and (report.site / top).is_dir():
                with contextlib.suppress(OSError):  # another file system: file by file below
                    os.replace(report.site / top, dest / top)
                    moved.add(top)
    made: set[str] = set()
    for path, (_, report) in winner.items():
        if path in generated or path.partition("/")[0] in moved:
            continue
        target = dest / path
        parent = str(target.parent)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        try:
            os.replace(report.site / path, target)
        except OSError:  # another file system
            shutil.copyfile(report.site / path, target)
    for path, content in generated.items():
        target = dest / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    # A sitemap above the protocol's limits becomes an index, as after `mkdocs build`.
    gz_mtime = next((r.gz_mtime for r in reports if r.gz_mtime), None)
    if gz_mtime is None:
        from mkdocs.utils import get_build_timestamp

        gz_mtime = get_build_timestamp()
    sitemaps.split_in_place(dest, reports[0].site_url, gz_mtime)


def _clean_directory(path: Path) -> None:
    """Empty `path` as `mkdocs build` does (hidden entries such as `.git` stay)."""
    if not path.exists():
        path.mkdir(parents=True)
        return
    for entry in path.iterdir():
        if entry.name.startswith("."):
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()


def _merge_sitemap(reports: list[Report], order: list[str]) -> dict[str, bytes]:
    """static-i18n's sitemap lists every language's pages, in build order."""
    parts = [r.sitemap for r in reports if r.sitemap is not None]
    if not parts:
        return {}
    if len(parts) != len(reports) or len({(p["head"], p["tail"]) for p in parts}) != 1:
        raise RuntimeError("the workers' sitemaps do not have the same frame")
    blocks: dict[str, str] = {}
    for part in parts:
        blocks.update(part["blocks"])
    text = parts[0]["head"] + "".join(blocks.get(language, "") for language in order) + parts[0]["tail"]
    data = text.encode("utf-8")
    last = next(p for r, p in zip(reports, parts, strict=True) if order[-1] in r.languages)
    files = {SITEMAP: data}
    if last.get("gz_mtime") is not None:
        # As MkDocs writes it: GzipFile with the sitemap's name and the build date as mtime.
        buffer = io.BytesIO()
        with gzip.GzipFile(fileobj=buffer, filename=SITEMAP + ".gz", mode="wb", mtime=last["gz_mtime"]) as gz:
            gz.write(data)
        files[SITEMAP + ".gz"] = buffer.getvalue()
    return files


def _merge_search(reports: list[Report], order: list[str]) -> dict[str, bytes]:
    """One search index for all languages, as static-i18n rebuilds it after its loop."""
    parts = [r.search for r in reports if r.search is not None]
    if not parts:
        return {}
    if len(parts) != len(reports):
        raise RuntimeError("only some workers wrote a search index")
    entries_of: dict[str, list[Any]] = {}
    for part in parts:
        entries_of.update(part["entries"])
    entries = [entry for language in order for entry in entries_of.get(language, [])]
    first = parts[0]
    if first["deduplicate"]:
        from tarifa.build.search_dedup import deduplicate  # static-i18n's algorithm, in linear time

        deduplicate(entries, first["build_languages"])
    # Material's SearchIndex.generate_search_index, byte for byte.
    data = json.dumps({"config": first["config"], "docs": entries}, separators=(",", ":"), default=str)
    return {first["path"]: data.encode("utf-8")}


# ── A worker: one `mkdocs build` that builds only the languages it claims ─────────────
def worker(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="tarifa-parallel-worker")
    parser.add_argument("--config-file", required=True)
    parser.add_argument("--site-dir", required=True)
    parser.add_argument("--claims", required=True, type=Path)
    parser.add_argument("--report", required=True, type=Path)
    parser.add_argument("--index", required=True, type=int, help="this worker's number, from 0")
    parser.add_argument("--jobs", required=True, type=int, help="how many workers there are")
    parser.add_argument("--strict", action=argparse.BooleanOptionalAction, default=None)
    parser.add_argument("--quiet", action="store_true")
    args = parser.parse_args(argv)
    _log_like_mkdocs(args.quiet)
    # Stopped by the parent (another worker failed): exit through Python, so that a running
    # Pagefind (subprocess.run) is killed with this worker instead of writing on afterwards.
    signal.signal(signal.SIGTERM, _stop)

    import mkdocs_static_i18n.plugin as i18n_module  # type: ignore[import-untyped]
    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config

    config = load_config(config_file=args.config_file, site_dir=args.site_dir, strict=args.strict)
    tarifa = config.plugins.get("tarifa")
    if tarifa is not None:
        tarifa.atomic_output = False  # each worker writes its own folder; `dest` changes in the parent
        tarifa.index_work = args.report.parent  # Pagefind's bundles outside the tracked site
        tarifa.index_beside_workers = True  # every core builds: Pagefind takes what they leave
    i18n = config.plugins.get("i18n")
    if i18n is None:
        raise SystemExit("tarifa.parallel: the configuration has no i18n plugin")
    default = i18n.default_language
    order = [default] + [language for language in i18n.build_languages if language != default]

    # Worker k starts with the k-th language: every worker builds one at least, however slowly
    # it starts. The other languages go to whoever is free first.
    reserved = order[: args.jobs]

    def claim(language: str) -> bool:
        if language in reserved:
            return False
        try:
            (args.claims / language).mkdir()
        except FileExistsError:
            return False
        return True

    first = order[args.index] if args.index < len(order) else None
    tracker = Tracker(Path(config.site_dir), i18n)
    if first is not None:
        i18n.current_language = first  # static-i18n starts with the default language otherwise
        tracker.start(first)
        original = i18n_module.build

        def build_claimed(config: Any, *, dirty: bool = False, **kwargs: Any) -> None:
            """static-i18n's loop calls this for each other language: build it if it is ours."""
            tracker.boundary(POST)
            language = i18n.current_language
            if language in tracker.built or not claim(language):
                return
            tracker.boundary(language)
            original(config, dirty=dirty, **kwargs)
            tracker.boundary(POST)

        i18n_module.build = build_claimed
        config.plugins.on_startup(command="build", dirty=False)
        try:
            mkdocs_build.build(config, dirty=False)
        finally:
            config.plugins.on_shutdown()
            i18n_module.build = original
        tracker.boundary(None)
    bundle = None
    if tarifa is not None and tarifa.pagefind and tracker.built:  # indexed here, on this core
        bundle = args.report.parent / "pagefind"
        try:
            tarifa.finish_indexing(config, Path(config.site_dir), tracker.built, bundle)
        except search_index.SearchIndexError as error:
            logging.getLogger("mkdocs").error("Tarifa: %s", error)
            return 1
    report = {
        "order": order,
        "default": default,
        "languages": tracker.built,
        "events": tracker.events,
        "sitemap": tracker.sitemap_report(config) if first is not None else None,
        "search": _search_report(config, i18n, tracker) if first is not None else None,
        "site_url": config.site_url or "",
        "gz_mtime": tracker.gz_mtime,
        "pagefind": str(bundle) if bundle is not None else None,
    }
    args.report.write_text(json.dumps(report, default=str), encoding="utf-8")
    return 0


def exit_now(code: int) -> None:
    """End a worker that has written its report: flushed, then gone without Python's teardown,
    which frees a build's objects one by one (0.5 s at 1,000 models, while the parent waits).
    Nothing of the worker outlives it: its Pagefind runs are finished, its files are written, and
    its folder is the parent's to remove."""
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


def _stop(signum: int, frame: object) -> None:
    search_index.stop_all()  # Pagefind at work beside the build (threads) must not write on
    raise SystemExit(128 + signum)


def _log_like_mkdocs(quiet: bool) -> None:
    """The logging of `mkdocs build` (`-q`: errors only) and its handling of Python warnings."""
    from mkdocs.__main__ import _enable_warnings

    handler = logging.StreamHandler()  # into a file that the parent prints: no colour codes
    handler.setFormatter(logging.Formatter("%(levelname)-8s-  %(message)s"))
    for name in ("mkdocs", "tarifa"):
        logger = logging.getLogger(name)
        logger.addHandler(handler)
        logger.setLevel(logging.ERROR if quiet else logging.INFO)
        logger.propagate = False
    _enable_warnings()  # type: ignore[no-untyped-call]


Snapshot = dict[str, tuple[int, int, int]]


class Tracker:
    """Which files each language build wrote, and its sitemap entries and search entries."""

    def __init__(self, site: Path, i18n: Any) -> None:
        self.site = site
        self.i18n = i18n
        self.current: str | None = None
        self.built: list[str] = []
        self.events: dict[str, list[str]] = {}
        self.snapshot: Snapshot = {}
        self.sitemaps: list[tuple[str, str]] = []  # (language, sitemap.xml after its build)
        self.gz_mtime: int | None = None
        self.entries: dict[str, list[Any]] = {}
        self._entries_seen = 0

    def start(self, language: str) -> None:
        self.current = language
        self.built.append(language)

    def boundary(self, next_event: str | None) -> None:
        """The event `self.current` ended: note what it wrote; `next_event` begins."""
        if self.current is not None and next_event != self.current:
            snapshot = _scan(self.site)
            changed = [path for path, stat in snapshot.items() if self.snapshot.get(path) != stat]
            if changed:
                self.events.setdefault(self.current, []).extend(changed)
            self.snapshot = snapshot
            if self.current != POST:
                self._language_done(self.current)
        if next_event is not None and next_event != POST and next_event not in self.built:
            self.built.append(next_event)
        self.current = next_event

    def _language_done(self, language: str) -> None:
        sitemap = self.site / SITEMAP
        if sitemap.exists():
            self.sitemaps.append((language, sitemap.read_text(encoding="utf-8")))
            gz = self.site / (SITEMAP + ".gz")
            if gz.exists():
                self.gz_mtime = int.from_bytes(gz.read_bytes()[4:8], "little")
        entries = self.i18n.search_entries
        self.entries[language] = list(entries[self._entries_seen :])
        self._entries_seen = len(entries)

    def sitemap_report(self, config: Any) -> dict[str, Any] | None:
        """Each language's `<url>` entries, cut out of the cumulative sitemap after its build."""
        if not any("custom_i18n_sitemap" in str(folder) for folder in config.theme.dirs):
            return None  # not static-i18n's sitemap: the last language's file, like any other
        blocks: dict[str, str] = {}
        previous = ""
        head = tail = None
        for language, text in self.sitemaps:
            start = text.index(">", text.index("<urlset")) + 1
            end = text.rindex("</urlset>")
            body = text[start:end].rstrip()
            frame = (text[:start], text[start + len(body) :])
            if head is not None and (head, tail) != frame:
                raise RuntimeError("sitemap.xml changed its frame between two languages")
            head, tail = frame
            if not body.startswith(previous):
                raise RuntimeError(f"sitemap.xml of {language!r} does not extend the previous one")
            blocks[language] = body[len(previous) :]
            previous = body
        if head is None:
            return None
        return {"head": head, "tail": tail, "blocks": blocks, "gz_mtime": self.gz_mtime}


def _scan(root: Path) -> Snapshot:
    """Size, mtime and inode of every file under `root`, by path relative to it."""
    found: Snapshot = {}
    stack = [(str(root), "")]
    while stack:
        folder, prefix = stack.pop()
        with os.scandir(folder) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append((entry.path, f"{prefix}{entry.name}/"))
                else:
                    stat = entry.stat(follow_symlinks=False)
                    found[prefix + entry.name] = (stat.st_mtime_ns, stat.st_size, stat.st_ino)
    return found


def _search_report(config: Any, i18n: Any, tracker: Tracker) -> dict[str, Any] | None:
    for name, plugin in config.plugins.items():
        if name not in ("search", "material/search"):
            continue
        index = getattr(plugin, "search_index", None)
        if index is None or type(plugin).__module__ != "material.plugins.search.plugin":
            raise RuntimeError("tarifa.parallel supports Material's search plugin only")
        if not plugin.config.enabled:
            return None
        return {
            "path": "search/search_index.json",
            "config": {key: index.config[key] for key in ["lang", "separator", "pipeline", "fields"]},
            "entries": tracker.entries,
            "deduplicate": bool(i18n.config.reconfigure_search),
            "build_languages": list(i18n.build_languages),
        }
    return None


# ── Command line ─────────────────────────────────────────────────────────────────────────
def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tarifa.parallel",
        description="Build every language in its own process; the output equals `mkdocs build`'s.",
    )
    parser.add_argument("-f", "--config-file", type=Path, default=Path("mkdocs.yml"))
    parser.add_argument("-d", "--site-dir", type=Path, help="output folder (default: the config's site_dir)")
    parser.add_argument("-j", "--jobs", type=int, help="processes (default: one per core)")
    parser.add_argument("-s", "--strict", action=argparse.BooleanOptionalAction, default=None)
    parser.add_argument("-q", "--quiet", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(format="%(levelname)-7s -  %(message)s")
    site_dir = args.site_dir.resolve() if args.site_dir else None
    return build(args.config_file, site_dir, jobs=args.jobs, strict=args.strict, quiet=args.quiet)


if __name__ == "__main__":
    raise SystemExit(main())
