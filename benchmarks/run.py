"""Tarifa's benchmarks: one command, one run, every figure a ratio measured in that run.

    make bench                              # = .venv/bin/python benchmarks/run.py
    .venv/bin/python benchmarks/run.py --quick    # small sizes, one repeat: checks the benchmark

Writes benchmarks/RESULTS.md (and results.json beside it). Everything is built from a snapshot
of the project in a temporary folder, so edits made meanwhile do not leak into the figures.
Sections (`--only NAME …` runs some of them):

  hooks     the example's five-language build against the same site as static Markdown
            without hooks (benchmarks/baseline.py), and the cost of one generated page
  parallel  `mkdocs build` against `tarifa build -j N`, example site and 5×200 pages
  scale     synthetic catalogues of 10 … 5,000 models: build time, Tarifa's share, peak memory
  editing   `mkdocs serve`: from saving a price to the new page served, full and fast mode
  visitors  compressed bytes, first contentful paint, largest contentful paint in Chromium
  browser   run time of the browser test suite (`pytest -m browser -n 2`)

Timings are wall-clock seconds of whole processes, medians of `--repeats` runs, alternating the
two builds being compared so that both see the same machine. The run first waits (up to
`--wait` seconds) for the 1-minute load average to drop below 0.5 and records the load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import baseline  # noqa: E402
import editing  # noqa: E402
import synth  # noqa: E402
import visitors  # noqa: E402

PYTHON = sys.executable
SECTIONS = ["hooks", "parallel", "scale", "editing", "visitors", "browser"]


# ── Helpers ────────────────────────────────────────────────────────────────────────────
def load() -> float:
    return float(Path("/proc/loadavg").read_text().split()[0])


def wait_quiet(limit: float, threshold: float = 0.5) -> float:
    """Wait until the 1-minute load average is below `threshold` (at most `limit` seconds)."""
    deadline = time.monotonic() + limit
    while load() > threshold and time.monotonic() < deadline:
        time.sleep(10)
    return load()


def env(epoch: str, **extra: str) -> dict[str, str]:
    out = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": epoch, **extra}
    out.pop("TARIFA_LOCALE", None)
    out.update(extra)
    return out


def timed(argv: list[str], cwd: Path, environ: dict[str, str], timeout: float | None = None) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        argv, cwd=cwd, env=environ, capture_output=True, text=True, timeout=timeout, check=False
    )
    elapsed = time.perf_counter() - start
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{result.stderr[-3000:]}")
    return elapsed


def mkdocs_build(project: Path, dest: Path) -> list[str]:
    return [PYTHON, "-m", "mkdocs", "build", "-q", "-f", str(project / "mkdocs.yml"), "-d", str(dest)]


def parallel_build(project: Path, dest: Path, jobs: int) -> list[str]:
    """`tarifa build -j N`: each language in one of N processes, the output merged."""
    return [PYTHON, "-m", "tarifa", "--root", str(project), "build", "-q", "-j", str(jobs), "-d", str(dest)]


def compare(first: Callable[[], float], second: Callable[[], float], repeats: int) -> dict[str, Any]:
    """Run both `repeats` times, alternating (and alternating which goes first)."""
    a: list[float] = []
    b: list[float] = []
    for run in range(repeats):
        if run % 2 == 0:
            a.append(first())
            b.append(second())
        else:
            b.append(second())
            a.append(first())
    ratios = [y / x for x, y in zip(a, b, strict=True)]
    return {
        "first": a,
        "second": b,
        "first_median": statistics.median(a),
        "second_median": statistics.median(b),
        "ratio": statistics.median(b) / statistics.median(a),
        "ratio_per_run": ratios,
    }


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def timing_run(
    project: Path, dest: Path, environ: dict[str, str], timeout: float | None, bare: bool = False
) -> dict[str, Any]:
    out = dest.parent / f"{dest.name}.timing.json"
    argv = [
        PYTHON,
        str(HERE / "timing.py"),
        "-f",
        str(project / "mkdocs.yml"),
        "-d",
        str(dest),
        "--json",
        str(out),
    ]
    if bare:
        argv.append("--bare")
    timed(argv, project, environ, timeout)
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return data


def machine() -> dict[str, Any]:
    cpu = ""
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    memory = next(
        (
            line.split()[1]
            for line in Path("/proc/meminfo").read_text().splitlines()
            if line.startswith("MemTotal")
        ),
        "0",
    )

    def git(*args: str) -> str:
        result = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
        return result.stdout.strip()

    return {
        "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gb": round(int(memory) / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "commit": git("rev-parse", "--short", "HEAD"),
        "uncommitted_changes": bool(git("status", "--porcelain", "--untracked-files=no")),
    }


# ── Sections ───────────────────────────────────────────────────────────────────────────
def section_hooks(
    work: Path, example: Path, args: argparse.Namespace, environ: dict[str, str]
) -> dict[str, Any]:
    base = baseline.make_baseline(example, work / "baseline")
    real_out, base_out = work / "out-real", work / "out-baseline"
    result = compare(
        lambda: timed(mkdocs_build(base, base_out), base, environ),
        lambda: timed(mkdocs_build(example, real_out), example, environ),
        args.repeats,
    )
    # One page at a time: inclusive time of each page (Markdown, hooks, theme, search).
    real = timing_run(example, work / "out-real-timed", environ, None)
    static = timing_run(base, work / "out-baseline-timed", environ, None)
    groups: dict[str, list[float]] = {}
    for url, seconds in real["pages"].items():
        if url in static["pages"] and static["pages"][url] > 0:
            name = re.sub(r"^(?:[a-z]{2}/)?", "", url)
            group = "model page" if name.startswith("models/") else name or "home page"
            groups.setdefault(group, []).append(seconds / static["pages"][url])
    result["page_ratios"] = {group: statistics.median(values) for group, values in sorted(groups.items())}
    result["page_counts"] = {group: len(values) for group, values in groups.items()}
    result["tarifa_seconds"] = real["tarifa"]
    result["timed_wall"] = real["wall"]
    result["pages"] = len(real["pages"])
    return result


def rotate(runs: list[Callable[[], float]], repeats: int) -> list[list[float]]:
    """Run each of `runs` `repeats` times, in rotating order; the seconds of each."""
    times: list[list[float]] = [[] for _ in runs]
    for run in range(repeats):
        for k in range(len(runs)):
            index = (k + run) % len(runs)
            times[index].append(runs[index]())
    return times


def section_parallel(
    work: Path, example: Path, args: argparse.Namespace, environ: dict[str, str]
) -> dict[str, Any]:
    jobs = os.cpu_count() or 1
    results: dict[str, Any] = {"jobs": jobs}
    pages = synth.with_pages(example, work / "pages200", args.pages)
    for name, project in (("example", example), (f"5×{args.pages} pages", pages)):
        seq, par, more = (work / f"{kind}-{project.name}" for kind in ("seq", "par", "more"))
        runs: list[Callable[[], float]] = [
            functools.partial(lambda p, d: timed(mkdocs_build(p, d), p, environ), project, seq),
            functools.partial(lambda p, d: timed(parallel_build(p, d, jobs), p, environ), project, par),
            functools.partial(lambda p, d: timed(parallel_build(p, d, jobs + 1), p, environ), project, more),
        ]
        sequential, parallel, oversubscribed = rotate(runs, args.repeats)
        result: dict[str, Any] = {
            "sequential": sequential,
            "parallel": parallel,
            "oversubscribed": oversubscribed,
            "first_median": statistics.median(sequential),
            "second_median": statistics.median(parallel),
            "third_median": statistics.median(oversubscribed),
            "ratio": statistics.median(parallel) / statistics.median(sequential),
            "ratio_more": statistics.median(oversubscribed) / statistics.median(sequential),
        }
        expected, actual, actual_more = tree(seq), tree(par), tree(more)
        result["identical"] = expected == actual == actual_more
        result["files"] = len(expected)
        result["differing"] = sorted(
            p
            for p in expected.keys() | actual.keys() | actual_more.keys()
            if not expected.get(p) == actual.get(p) == actual_more.get(p)
        )[:20]
        results[name] = result
        for folder in (seq, par, more):
            shutil.rmtree(folder, ignore_errors=True)
    return results


def section_scale(
    work: Path, example: Path, args: argparse.Namespace, environ: dict[str, str]
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for size in args.sizes:
        project = synth.with_models(example, work / f"models-{size}", size)
        dest = work / f"site-{size}"
        try:
            data = timing_run(project, dest, environ, args.scale_timeout)
        except subprocess.TimeoutExpired:
            results[str(size)] = {"timeout": args.scale_timeout}
            continue
        html = sum(1 for _ in dest.rglob("*.html"))
        size_bytes = sum(p.stat().st_size for p in dest.rglob("*") if p.is_file())
        results[str(size)] = {
            "wall": data["wall"],
            "tarifa": data["tarifa"],
            "tarifa_share": data["tarifa"] / data["wall"],
            "peak_rss_mb": data["peak_rss_mb"],
            "html_pages": html,
            "output_mb": size_bytes / 1e6,
            "categories": data["categories"],
        }
        if str(size) not in args.keep_sites:
            shutil.rmtree(dest, ignore_errors=True)
    return results


def section_editing(
    work: Path, example: Path, args: argparse.Namespace, environ: dict[str, str]
) -> dict[str, Any]:
    project = synth.copy_project(example, work / "editing")
    os.environ["SOURCE_DATE_EPOCH"] = environ["SOURCE_DATE_EPOCH"]
    full = editing.latency(project, fast=False, repeats=args.repeats)
    fast = editing.latency(project, fast=True, repeats=args.repeats)
    return {
        "full": full,
        "fast": fast,
        "full_median": statistics.median(full),
        "fast_median": statistics.median(fast),
        "ratio": statistics.median(fast) / statistics.median(full),
    }


def section_visitors(
    work: Path, example: Path, args: argparse.Namespace, environ: dict[str, str]
) -> dict[str, Any]:
    results: dict[str, Any] = {}
    for size in args.visitor_sizes:
        dest = work / f"site-{size}"
        if not (dest / "index.html").exists():
            project = synth.with_models(example, work / f"models-{size}", size)
            timed(mkdocs_build(project, dest), project, environ)
        catalogue = (work / f"models-{size}" / "pricing" / "catalogue.yaml").read_text(encoding="utf-8")
        first_model = re.search(r"^models:\n(?:\s*#.*\n)*  - id: (\S+)", catalogue, re.M)
        assert first_model, "no model"
        paths = ["pricing/", f"models/{first_model.group(1)}/"]
        results[str(size)] = visitors.measure(dest, paths, runs=args.repeats)
    return results


def section_browser(
    work: Path, example: Path, args: argparse.Namespace, environ: dict[str, str]
) -> dict[str, Any]:
    start = time.perf_counter()
    result = subprocess.run(
        [PYTHON, "-m", "pytest", "-m", "browser", "-n", "2", "-q", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    elapsed = time.perf_counter() - start
    summary = next((line for line in reversed(result.stdout.splitlines()) if " in " in line), "")
    return {"seconds": elapsed, "returncode": result.returncode, "summary": summary.strip("= ")}


# ── The report ─────────────────────────────────────────────────────────────────────────
def _s(seconds: float | None) -> str:
    return "—" if seconds is None else f"{seconds:.2f} s"


def _x(ratio: float | None) -> str:
    return "—" if ratio is None else f"{ratio:.2f}×"


def _kb(size: float) -> str:
    return f"{size / 1024:,.0f} KB"


def report(results: dict[str, Any]) -> str:
    m = results["machine"]
    out = [
        "# Benchmark results",
        "",
        f"One run of `make bench` (`benchmarks/run.py`) on {m['date']}: {m['cpu']}, {m['cores']} cores, "
        f"{m['memory_gb']} GB, {m['os']}, Python {m['python']}, commit {m['commit']}"
        f"{' with uncommitted changes' if m['uncommitted_changes'] else ''}. 1-minute load average "
        f"{results['load_before']:.2f} at the start, {results['load_after']:.2f} at the end. Times are "
        f"medians of {results['repeats']} runs of whole processes; every ratio compares two figures "
        "of this run.",
        "",
    ]
    hooks = results.get("hooks")
    if hooks:
        out += [
            "## Hooks' cost",
            "",
            "The example site, five languages, `mkdocs build`: with Tarifa's hooks against the same "
            "pages as static Markdown without any hook (`benchmarks/baseline.py`: every generated "
            "table pasted into the page).",
            "",
            "| build | time | ratio |",
            "|---|--:|--:|",
            f"| static Markdown, no hooks (baseline) | {_s(hooks['first_median'])} | 1.00× |",
            f"| Tarifa's hooks | {_s(hooks['second_median'])} | **{_x(hooks['ratio'])}** (target ≤ 1.05×) |",
            "",
            f"Per-run ratios: {', '.join(f'{r:.2f}' for r in hooks['ratio_per_run'])}. Tarifa's own code "
            f"(light timers, `benchmarks/timing.py`): {_s(hooks['tarifa_seconds'])} "
            f"of {_s(hooks['timed_wall'])}.",
            "",
            "A generated page against the Markdown page it replaces (time per page: Markdown, hooks, "
            "theme and search; median over the page's languages):",
            "",
            "| page | pages | generated ÷ static |",
            "|---|--:|--:|",
        ]
        for group, ratio in hooks["page_ratios"].items():
            out.append(f"| {group} | {hooks['page_counts'][group]} | {_x(ratio)} |")
        out.append("")
    par = results.get("parallel")
    if par:
        out += [
            "## Parallel builds",
            "",
            f"`mkdocs build` against `tarifa build -j {par['jobs']}` (each language in "
            f"one of {par['jobs']} processes, the output merged) and with one process more than "
            "there are cores (`-j "
            f"{par['jobs'] + 1}`: the operating system shares the cores, which evens out five "
            "languages on two cores). Target ≤ 0.6×.",
            "",
            f"| site | files | sequential | `-j {par['jobs']}` | ratio | `-j {par['jobs'] + 1}` | ratio "
            "| output identical |",
            "|---|--:|--:|--:|--:|--:|--:|---|",
        ]
        for name, r in par.items():
            if name == "jobs":
                continue
            same = "yes, byte for byte" if r["identical"] else f"**no**: {', '.join(r['differing'])}"
            out.append(
                f"| {name} | {r['files']} | {_s(r['first_median'])} | {_s(r['second_median'])} | "
                f"**{_x(r['ratio'])}** | {_s(r['third_median'])} | **{_x(r['ratio_more'])}** | {same} |"
            )
        out.append("")
    scale = results.get("scale")
    if scale:
        out += [
            "## Scale",
            "",
            "Synthetic catalogues (the example's models, copied under new names: `benchmarks/synth.py`), "
            "five languages, `mkdocs build` in one process with light timers. Tarifa's own code is "
            "every event function of the hook modules and what they call. Target: ≤ 10 % at every "
            "size, linear growth.",
            "",
            "| models | HTML pages | build | per model | Tarifa's code | share | peak memory | output |",
            "|--:|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for size, r in scale.items():
            if "timeout" in r:
                out.append(f"| {int(size):,} | — | > {r['timeout']:.0f} s (stopped) | | | | | |")
                continue
            out.append(
                f"| {int(size):,} | {r['html_pages']:,} | {_s(r['wall'])} | "
                f"{1000 * r['wall'] / int(size):.1f} ms | "
                f"{_s(r['tarifa'])} | **{100 * r['tarifa_share']:.1f} %** | {r['peak_rss_mb']:.0f} MB | "
                f"{r['output_mb']:.0f} MB |"
            )
        out += ["", "Where the time goes (exclusive wall time per part, seconds):", ""]
        names: list[str] = []
        for r in scale.values():
            for name in r.get("categories", {}):
                if name not in names:
                    names.append(name)
        sizes = [s for s, r in scale.items() if "categories" in r]
        out.append("| part | " + " | ".join(f"{int(s):,}" for s in sizes) + " |")
        out.append("|---|" + "--:|" * len(sizes))
        for name in names:
            out.append(
                f"| {name} | "
                + " | ".join(f"{scale[s]['categories'].get(name, 0):.2f}" for s in sizes)
                + " |"
            )
        out.append("")
    ed = results.get("editing")
    if ed:
        out += [
            "## Editing",
            "",
            "`mkdocs serve` on a copy of the project: seconds from writing a changed price into "
            "`pricing/catalogue.yaml` to the pricing page served with the new price.",
            "",
            "| mode | runs | median | ratio |",
            "|---|---|--:|--:|",
            f"| full (five languages) | {', '.join(f'{v:.2f}' for v in ed['full'])} | "
            f"{_s(ed['full_median'])} | 1.00× |",
            f"| fast (`TARIFA_LOCALE=en`, `make serve-fast`) | {', '.join(f'{v:.2f}' for v in ed['fast'])} | "
            f"{_s(ed['fast_median'])} | {_x(ed['ratio'])} |",
            "",
        ]
    vis = results.get("visitors")
    if vis:
        out += [
            "## Visitors",
            "",
            "Debian's Chromium (headless) loads each page from 127.0.0.1 with an empty cache and waits "
            "for the network to go idle. Bytes: every response gzip-compressed (level 6); paints: "
            "median of the runs.",
            "",
            "| models | page | compressed | of which HTML | CSS | JS | search index "
            "| first contentful paint | largest contentful paint |",
            "|--:|---|--:|--:|--:|--:|--:|--:|--:|",
        ]
        for size, pages in vis.items():
            for path, r in pages.items():
                k = r["gzip_bytes_by_kind"]
                out.append(
                    f"| {int(size):,} | `/{path}` | {_kb(r['gzip_bytes'])} | {_kb(k.get('html', 0))} | "
                    f"{_kb(k.get('css', 0))} | {_kb(k.get('js', 0))} | {_kb(k.get('search index', 0))} | "
                    f"{r['fcp_ms'] or 0:.0f} ms | {r['lcp_ms'] or 0:.0f} ms |"
                )
        out.append("")
    br = results.get("browser")
    if br:
        out += [
            "## Browser test suite",
            "",
            f"`pytest -m browser -n 2`: {_s(br['seconds'])} ({br['summary'] or 'no summary'}; "
            f"exit code {br['returncode']}).",
            "",
        ]
    if results.get("notes"):
        out += ["## Notes", "", results["notes"].strip(), ""]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=SECTIONS)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--sizes", type=lambda s: [int(x) for x in s.split(",")], default=[10, 100, 1000, 5000]
    )
    parser.add_argument("--visitor-sizes", type=lambda s: s.split(","), default=["10", "1000"])
    parser.add_argument("--pages", type=int, default=200, help="Markdown pages per language (parallel)")
    parser.add_argument("--scale-timeout", type=float, default=3600, help="seconds per scale build")
    parser.add_argument("--wait", type=float, default=1800, help="seconds to wait for a quiet machine")
    parser.add_argument("--quick", action="store_true", help="sizes 10,100; 20 pages; one repeat")
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--notes", type=Path, default=HERE / "NOTES.md", help="appended to the report")
    args = parser.parse_args(argv)
    if args.quick:
        args.sizes, args.pages, args.repeats, args.visitor_sizes = [10, 100], 20, 1, ["10", "100"]
    args.keep_sites = set(args.visitor_sizes) if "visitors" in args.only else set()

    results: dict[str, Any] = {"machine": machine(), "repeats": args.repeats}
    results["load_before"] = wait_quiet(args.wait)
    epoch = str(int(time.time()))
    environ = env(epoch)
    work = Path(tempfile.mkdtemp(prefix="tarifa-bench-"))
    try:
        example = synth.copy_project(ROOT, work / "example")
        for name in SECTIONS:
            if name not in args.only:
                continue
            print(f"[bench] {name} …", file=sys.stderr, flush=True)
            started = time.perf_counter()
            section = globals()[f"section_{name}"]
            results[name] = section(work, example, args, environ)
            print(f"[bench] {name}: {time.perf_counter() - started:.0f} s", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    results["load_after"] = load()
    if args.notes.exists():
        results["notes"] = args.notes.read_text(encoding="utf-8")
    (args.out.parent / "results.json").write_text(
        json.dumps(results, indent=2, default=str), encoding="utf-8"
    )
    args.out.write_text(report(results), encoding="utf-8")
    print(args.out.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
