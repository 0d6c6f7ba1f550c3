"""One `mkdocs build` in this process, with light timers around the parts that cost time.

    python benchmarks/timing.py -f mkdocs.yml -d /tmp/out --json /tmp/timing.json

Each timer measures the *exclusive* wall time of a function (time spent in functions timed by
another timer is subtracted), so the categories add up to the build's wall time. A timer costs
about a microsecond per call; cProfile would inflate MkDocs' many small calls several times over.

"tarifa" is the time spent in Tarifa's own code: every event function of every hook module in
`hooks:` (Tarifa's and whoever else's `hooks/tarifa_*.py`), and any Jinja filter or global those
modules or the `tarifa` package install. Work they call (their own Jinja templates, Babel, YAML,
pydantic) is counted as theirs even where another timer would claim it, except Pagefind: the
search index is "search index (Pagefind)" (`tarifa.build.search_index.index_site`, which runs
Pagefind's own process after the site is written), as Material's search plugin is
"search index" in builds that use it. Pagefind's peak memory is its process's own (`VmHWM`).
"""

from __future__ import annotations

import time

START = time.perf_counter()  # before the heavy imports: start-up is part of the build

import argparse  # noqa: E402
import functools  # noqa: E402
import json  # noqa: E402
import logging  # noqa: E402
import os  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402
import threading  # noqa: E402
from collections import defaultdict  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402
from typing import Any  # noqa: E402

TARIFA = "tarifa"
PAGEFIND = "search index (Pagefind)"


def peak_rss_kb() -> int:
    """This process's peak resident set size. `VmHWM` belongs to the process's own memory map,
    made new by `exec`; `getrusage(RUSAGE_SELF).ru_maxrss` survives `exec` on Linux, so a child
    started from a big parent reports the parent's peak (a 10-model build showed 353 MB)."""
    status = Path("/proc/self/status")
    if status.exists():
        for line in status.read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def children_of(pid: int) -> list[int]:
    """Every process descended from `pid` (from /proc)."""
    parents: dict[int, list[int]] = defaultdict(list)
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        parents[int(fields[1])].append(int(stat.parent.name))
    found, queue = [], [pid]
    while queue:
        for child in parents.get(queue.pop(), []):
            found.append(child)
            queue.append(child)
    return found


def hwm_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class ChildPeak:
    """The largest peak resident set (VmHWM) of any descendant process while the block runs,
    read every 0.1 s (a process's VmHWM only grows: the last reading is within 0.1 s of its end)."""

    def __init__(self) -> None:
        self.peak_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._watch, daemon=True)

    def _watch(self) -> None:
        me = os.getpid()
        while not self._stop.wait(0.1):
            for pid in children_of(me):
                self.peak_kb = max(self.peak_kb, hwm_kb(pid))

    def __enter__(self) -> ChildPeak:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def watch_pagefind(record: dict[str, float], timers: Timers | None = None) -> None:
    """Time `tarifa.build.search_index.index_site` and `Indexer.finish` (if this tree has them)
    into `record` (pagefind_seconds: what the build waits for Pagefind at its end;
    pagefind_peak_mb), and into `timers` as its own category. In trees where Pagefind runs
    beside the build (`Indexer`), `pagefind_process_seconds` adds up its processes' own times."""
    try:
        import tarifa.build.search_index as search_index
    except ImportError:
        return
    record.setdefault("pagefind_seconds", 0.0)
    record.setdefault("pagefind_peak_mb", 0.0)
    lock = threading.Lock()

    def measured(original: Any, seconds: str) -> Any:
        """`original`, adding its wall time to `record[seconds]` and its children's peak memory."""

        @functools.wraps(original)
        def wrapper(*args: Any, **kwargs: Any) -> Any:  # in the Indexer's threads too
            start = time.perf_counter()
            with ChildPeak() as peak:
                try:
                    return original(*args, **kwargs)
                finally:
                    with lock:
                        record[seconds] = record.get(seconds, 0.0) + time.perf_counter() - start
                        record["pagefind_peak_mb"] = max(record["pagefind_peak_mb"], peak.peak_kb / 1024)

        return wrapper

    def waited(original: Any) -> Any:
        wrapper = measured(original, "pagefind_seconds")
        return timers.wrap(PAGEFIND, wrapper) if timers else wrapper

    search_index.index_site = waited(search_index.index_site)
    indexer = getattr(search_index, "Indexer", None)
    if indexer is None:
        return
    indexer.finish = waited(indexer.finish)
    record.setdefault("pagefind_process_seconds", 0.0)
    search_index._index = measured(search_index._index, "pagefind_process_seconds")


class Timers:
    """Exclusive wall time per category; a call inside Tarifa's code is Tarifa's."""

    def __init__(self) -> None:
        self.totals: dict[str, float] = defaultdict(float)
        self.calls: dict[str, int] = defaultdict(int)
        self.stack: list[list[Any]] = []  # [category, start, time of timed children]
        self.pages: dict[str, float] = defaultdict(float)
        self.detail: dict[str, float] = defaultdict(float)  # Tarifa's time per hook function

    def wrap(self, category: str, function: Callable[..., Any], label: str = "") -> Callable[..., Any]:
        if getattr(function, "_bench_timed", False):
            return function

        @functools.wraps(function)
        def timed(*args: Any, **kwargs: Any) -> Any:
            inside_tarifa = category != PAGEFIND and any(frame[0] == TARIFA for frame in self.stack)
            frame: list[Any] = [TARIFA if inside_tarifa else category, time.perf_counter(), 0.0]
            self.stack.append(frame)
            try:
                return function(*args, **kwargs)
            finally:
                elapsed = time.perf_counter() - frame[1]
                self.stack.pop()
                self.totals[frame[0]] += elapsed - frame[2]
                self.calls[frame[0]] += 1
                if label and frame[0] == TARIFA:
                    self.detail[label] += elapsed - frame[2]
                if self.stack:
                    self.stack[-1][2] += elapsed

        timed._bench_timed = True  # type: ignore[attr-defined]
        return timed

    def patch(self, owner: Any, name: str, category: str) -> None:
        setattr(owner, name, self.wrap(category, getattr(owner, name)))


def per_page(timers: Timers, function: Callable[..., Any]) -> Callable[..., Any]:
    """Inclusive wall time per page (Markdown, hooks, theme, search), summed over both steps."""

    @functools.wraps(function)
    def timed(page: Any, *args: Any, **kwargs: Any) -> Any:
        start = time.perf_counter()
        try:
            return function(page, *args, **kwargs)
        finally:
            timers.pages[page.url] += time.perf_counter() - start

    return timed


def instrument(timers: Timers) -> None:
    """Time MkDocs, Material, Jinja and Markdown where the build spends its time."""
    import jinja2
    import material.plugins.search.plugin as search  # type: ignore[import-untyped]
    import mkdocs.commands.build as build
    import mkdocs.structure.files as files
    import mkdocs.structure.pages as pages
    import mkdocs_static_i18n.plugin as i18n_plugin  # type: ignore[import-untyped]
    import mkdocs_static_i18n.reconfigure as i18n  # type: ignore[import-untyped]

    timers.patch(build, "build", "other (MkDocs core, plugins)")
    for name in ("_populate_page", "_build_page"):
        setattr(build, name, per_page(timers, getattr(build, name)))
    i18n_plugin.build = build.build  # static-i18n imported the function itself
    timers.patch(build, "_build_page", "theme templates (pages)")
    timers.patch(build, "_build_theme_template", "theme templates (sitemap, 404)")
    timers.patch(pages.Page, "render", "markdown")
    timers.patch(pages.Page, "read_source", "read sources")
    timers.patch(jinja2.Environment, "compile", "template compilation")
    timers.patch(files.Files, "add_files_from_theme", "theme file scan")
    timers.patch(files.Files, "copy_static_files", "copy assets")
    timers.patch(search.SearchIndex, "add_entry_from_context", "search index")
    timers.patch(search.SearchPlugin, "on_post_build", "search index")
    timers.patch(i18n.ExtendedPlugin, "reconfigure_files", "static-i18n")
    timers.patch(i18n.ExtendedPlugin, "reconfigure_search_index", "search index")


def _is_tarifa(function: Any, hook_modules: set[str]) -> bool:
    module = getattr(function, "__module__", "") or ""
    return module in hook_modules or module == TARIFA or module.startswith(TARIFA + ".")


def time_hooks(timers: Timers, config: Any) -> None:
    """Wrap every event function of the hook modules, and what they put in the Jinja env."""
    hook_modules = {module.__name__ for module in config.hooks.values()}
    for handlers in config.plugins.events.values():
        for index, handler in enumerate(handlers):
            if _is_tarifa(handler, hook_modules):
                label = f"{Path(handler.__module__).stem}.{handler.__name__}"
                wrapped = timers.wrap(TARIFA, handler, label)
                if hasattr(handler, "mkdocs_priority"):
                    wrapped.mkdocs_priority = handler.mkdocs_priority  # type: ignore[attr-defined]
                handlers[index] = wrapped

    def on_env(env: Any, config: Any, files: Any) -> Any:
        for table in (env.filters, env.globals):
            for name, value in list(table.items()):
                if callable(value) and _is_tarifa(value, hook_modules):
                    table[name] = timers.wrap(TARIFA, value, f"jinja {name}")
        return env

    on_env.mkdocs_priority = -10_000  # type: ignore[attr-defined]
    config.plugins.events["env"].append(on_env)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("-f", "--config-file", default="mkdocs.yml")
    parser.add_argument("-d", "--site-dir", required=True)
    parser.add_argument("--json", help="write the figures to this file")
    parser.add_argument("--bare", action="store_true", help="no timers: wall time and memory only")
    args = parser.parse_args(argv)
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(message)s")

    from mkdocs.commands import build
    from mkdocs.config import load_config

    timers = Timers()
    pagefind: dict[str, float] = {}
    if not args.bare:
        instrument(timers)
    watch_pagefind(pagefind, None if args.bare else timers)
    imported = time.perf_counter()
    config = load_config(config_file=args.config_file, site_dir=args.site_dir, strict=True)
    if not args.bare:
        time_hooks(timers, config)
    configured = time.perf_counter()
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build.build(config, dirty=False)
    finally:
        config.plugins.on_shutdown()
    end = time.perf_counter()
    totals = dict(timers.totals)
    # The time before the first timer started: interpreter, imports, configuration.
    totals["start-up (imports, config)"] = configured - START
    peak_kb = peak_rss_kb()
    result: dict[str, Any] = {
        "wall": end - START,
        "import": imported - START,
        "config": configured - imported,
        "build": end - configured,
        "categories": dict(sorted(totals.items(), key=lambda kv: -kv[1])),
        "calls": dict(timers.calls),
        "tarifa": totals.get(TARIFA, 0.0),
        "pages": dict(timers.pages),
        "tarifa_detail": dict(sorted(timers.detail.items(), key=lambda kv: -kv[1])),
        "peak_rss_mb": peak_kb / 1024,
        **pagefind,
        "tarifa_file": getattr(sys.modules.get(TARIFA), "__file__", None),
    }
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(result, handle, indent=2)
    else:
        width = max(map(len, result["categories"]))
        for name, seconds in result["categories"].items():
            print(f"{name:<{width}}  {seconds:7.3f} s  {100 * seconds / result['wall']:5.1f} %")
        print(f"{'total':<{width}}  {result['wall']:7.3f} s   peak RSS {result['peak_rss_mb']:.0f} MB")
        for name, seconds in result["tarifa_detail"].items():
            print(f"  tarifa: {name:<40} {seconds:7.3f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
