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
  visitors  Chromium on a desktop, a throttled phone and slow 4G (benchmarks/visitors.py): bytes
            on the wire (gzip) before any search, first and largest contentful paint; the
            example's pricing page in en, de, ar and a model page, and a large catalogue's
  search    Pagefind in the header's search box on the phone: from typing a query to the first
            result, first search of the visit and a second one, bytes (benchmarks/searching.py)
  catalogue a large catalogue (--catalogue-models, five languages, built once): the overview's
            HTML, DOM, JSON-LD, a model page's bytes, the sitemaps, a model's price reached from
            the overview by typing its name (benchmarks/large.py)
  builds    --build-models models, five languages: `mkdocs build` and `tarifa build -j 2` of
            this tree against the baseline commit (a git worktree), alternated; search indexing's
            share of each (Material's search plugin before, Pagefind now)
  big       --big-models models: build time and peak memory of this tree and of the baseline
  browser   run time of the browser test suite (`pytest -m browser -n 2`)

Timings are wall-clock seconds of whole processes, medians of `--repeats` runs, alternating the
two builds being compared so that both see the same machine. The run first waits (up to
`--wait` seconds) for the 1-minute load average to drop below 0.5 and records the load, and the
load at the start and end of each section. Builds of this tree import `tarifa` from this tree's
hooks/ (PYTHONPATH), the baseline's from the baseline worktree's: each run records which.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import platform
import re
import resource
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
import large  # noqa: E402
import searching  # noqa: E402
import synth  # noqa: E402
import visitors  # noqa: E402

PYTHON = sys.executable
SECTIONS = [
    "hooks",
    "parallel",
    "scale",
    "editing",
    "visitors",
    "search",
    "catalogue",
    "builds",
    "big",
    "browser",
]
#: The previous round's tree, built beside this one (`builds`, `big`), and its figures.
BASELINE_COMMIT = "20e4fa7"
BASELINE_TREE = Path("/tmp/bench-baseline")
PREVIOUS: dict[str, Any] = {
    "report": "40f1e5d",
    "issue_sequential_1000": 28.0,  # the issue's figures for a 1,000-model five-language build
    "issue_parallel_1000": 18.0,
    "build_5000": 234.29,  # benchmarks/RESULTS.md of 40f1e5d, scale section
    "peak_5000_mb": 908.0,
}
#: The files a run writes (not uncommitted changes of the code measured).
RESULTS = ("RESULTS.md", "results.json")
#: Search queries per language: (first search, second search).
QUERIES = {"en": ("orca", "heron"), "de": ("Orca", "Heron"), "ar": ("الاستدلال", "المحادثة")}


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
    """The builds' environment: this tree's `tarifa` first on the path (the venv's editable install
    may point to another checkout)."""
    out = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": epoch, **extra}
    out["PYTHONPATH"] = os.pathsep.join([str(ROOT / "hooks"), *filter(None, [os.environ.get("PYTHONPATH")])])
    out.pop("TARIFA_LOCALE", None)
    out.update(extra)
    return out


def which_tarifa(project: Path, environ: dict[str, str]) -> str:
    """The `tarifa` package a build in `project` with `environ` imports."""
    result = subprocess.run(
        [PYTHON, "-c", "import tarifa; print(tarifa.__file__)"],
        cwd=project,
        env=environ,
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


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
        # The previous results (RESULTS.md, results.json) are rewritten by this run: not changes.
        "uncommitted_changes": bool(
            git(
                "status",
                "--porcelain",
                "--untracked-files=no",
                "--",
                ".",
                *(f":!benchmarks/{n}" for n in RESULTS),
            )
        ),
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


def first_model(project: Path) -> str:
    catalogue = (project / "pricing" / "catalogue.yaml").read_text(encoding="utf-8")
    found = re.search(r"^models:\n(?:\s*#.*\n)*  - id: (\S+)", catalogue, re.M)
    assert found, "no model"
    return found.group(1)


def site_for(
    work: Path, example: Path, size: str, environ: dict[str, str]
) -> tuple[Path, Path, dict[str, Any]]:
    """The built site of the example ("example") or of `size` models (built once per run): the
    site, its project, and how its build went."""
    project = example if size == "example" else work / f"models-{size}"
    dest = work / f"visit-site-{size}"
    info_file = work / f"visit-site-{size}.json"
    if not (dest / "index.html").exists():
        if size != "example":
            synth.with_models(example, project, int(size))
        started = time.perf_counter()
        timed(mkdocs_build(project, dest), project, environ)
        info = {
            "build_seconds": time.perf_counter() - started,
            "tarifa": which_tarifa(project, environ),
            "html_pages": sum(1 for _ in dest.rglob("*.html")),
            "output_mb": sum(p.stat().st_size for p in dest.rglob("*") if p.is_file()) / 1e6,
        }
        info_file.write_text(json.dumps(info), encoding="utf-8")
    return dest, project, json.loads(info_file.read_text(encoding="utf-8"))


def section_visitors(
    work: Path, example: Path, args: argparse.Namespace, environ: dict[str, str]
) -> dict[str, Any]:
    profiles = [visitors.DESKTOP, visitors.PHONE, visitors.SLOW_4G]
    results: dict[str, Any] = {"profiles": {p.name: p.describe() for p in profiles}, "sites": {}}
    for size in ("example", str(args.catalogue_models)):
        site, project, info = site_for(work, example, size, environ)
        model = f"models/{first_model(project)}/"
        paths = (
            ["pricing/", "de/pricing/", "ar/pricing/", model] if size == "example" else ["pricing/", model]
        )
        results["sites"][size] = {
            "build": info,
            "model_page": model,
            "pages": visitors.measure(site, paths, profiles, runs=args.repeats),
        }
    return results


def section_search(
    work: Path, example: Path, args: argparse.Namespace, environ: dict[str, str]
) -> dict[str, Any]:
    profiles = [visitors.PHONE, visitors.SLOW_4G]
    results: dict[str, Any] = {"profiles": {p.name: p.describe() for p in profiles}, "sites": {}}
    cases = [(("" if lang == "en" else f"{lang}/") + "pricing/", QUERIES[lang]) for lang in QUERIES]
    for size in ("example", str(args.catalogue_models)):
        site, _, info = site_for(work, example, size, environ)
        results["sites"][size] = {
            "build": info,
            "pagefind_files": sum(1 for _ in (site / "pagefind").rglob("*")),
            "pagefind_mb": sum(p.stat().st_size for p in (site / "pagefind").rglob("*") if p.is_file()) / 1e6,
            "pages": searching.measure(site, cases, profiles, runs=args.repeats),
        }
    return results


def section_catalogue(
    work: Path, example: Path, args: argparse.Namespace, environ: dict[str, str]
) -> dict[str, Any]:
    size = str(args.catalogue_models)
    site, project, info = site_for(work, example, size, environ)
    locales = synth.languages(project)
    result = large.measure(site, locales, ["en", "ar"])
    model = f"models/{first_model(project)}/"
    pages = visitors.measure(site, [model], [visitors.PHONE], runs=1)
    result.update(models=int(size), build=info, model_page=model, model_visit=pages["phone"][model])
    return result


# ── Two trees side by side ──────────────────────────────────────────────────────────────
def baseline_tree(path: Path, commit: str) -> Path:
    """The baseline commit's worktree (made if missing; it must be that commit, unchanged)."""
    if not path.exists():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(path), commit], check=True)
    head = subprocess.run(
        ["git", "-C", str(path), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    )
    wanted = subprocess.run(
        ["git", "-C", str(ROOT), "rev-parse", commit], capture_output=True, text=True, check=True
    )
    if head.stdout.strip() != wanted.stdout.strip():
        raise RuntimeError(f"{path} is not at {commit}")
    dirty = subprocess.run(
        ["git", "-C", str(path), "status", "--porcelain", "--untracked-files=no"],
        capture_output=True,
        text=True,
        check=True,
    )
    if dirty.stdout.strip():
        raise RuntimeError(f"{path} has changes: {dirty.stdout[:500]}")
    return path


def baseline_models(tree: Path, dest: Path, n: int) -> Path:
    """The baseline's example with `n` models, made by the baseline's own synth.py (the catalogue
    format differs between the two trees)."""
    code = (
        "import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); import synth; "
        "synth.with_models(Path(sys.argv[2]), Path(sys.argv[3]), int(sys.argv[4]))"
    )
    subprocess.run([PYTHON, "-c", code, str(tree / "benchmarks"), str(tree), str(dest), str(n)], check=True)
    return dest


def launched(tool: str, project: Path, dest: Path, environ: dict[str, str], jobs: int = 0) -> dict[str, Any]:
    """One plain build through benchmarks/launch.py: wall seconds, Pagefind's time, peak memory."""
    out = dest.parent / f"{dest.name}.launch.json"
    argv = [PYTHON, str(HERE / "launch.py"), "--json", str(out), tool, "build", "-q"]
    if tool == "tarifa":
        argv += ["-j", str(jobs)]
    else:
        argv += ["-f", str(project / "mkdocs.yml")]
    argv += ["-d", str(dest)]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    wall = timed(argv, project, environ)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    data["wall"] = wall
    # The CPU of the build and of every process it waited for (workers, Pagefind), and what
    # they wrote (blocks of 512 bytes, counted when written, not when the disk took them).
    data["cpu"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    data["system"] = after.ru_stime - before.ru_stime
    data["written_mb"] = (after.ru_oublock - before.ru_oublock) * 512 / 1e6
    data["html_pages"] = sum(1 for _ in dest.rglob("*.html"))
    shutil.rmtree(dest, ignore_errors=True)
    settle()
    return data


def settle(pause: float = 5.0) -> None:
    """Let the disk finish the last build's writes and deletions before the next build starts
    (`sync`, then a pause): on this machine a build that starts while a deleted site's blocks are
    still being released is slowed by seconds (the same project: 16.9 s, then 21.4, 22.8 and
    24.7 s in four back-to-back runs)."""
    os.sync()
    time.sleep(pause)


def search_seconds(categories: dict[str, float]) -> float:
    return sum(v for k, v in categories.items() if k.startswith("search index"))


def section_builds(
    work: Path, example: Path, args: argparse.Namespace, environ: dict[str, str]
) -> dict[str, Any]:
    n, jobs = args.build_models, 2
    tree = baseline_tree(args.baseline, args.baseline_commit)
    base_env = {**environ, "PYTHONPATH": str(tree / "hooks")}
    trees = {
        "baseline": (baseline_models(tree, work / f"base-models-{n}", n), base_env),
        "current": (synth.with_models(example, work / f"cur-models-{n}", n), environ),
    }
    # The search change alone: this tree with Material's search plugin instead of Pagefind.
    trees["material"] = (with_materials_search(trees["current"][0], work / f"cur-material-{n}"), environ)
    result: dict[str, Any] = {"models": n, "jobs": jobs, "baseline_commit": args.baseline_commit, "runs": {}}
    result["tarifa"] = {name: which_tarifa(project, e) for name, (project, e) in trees.items()}
    runs: dict[str, list[dict[str, Any]]] = {
        f"{name} {kind}": [] for kind in ("sequential", "parallel") for name in trees
    }
    for repeat in range(args.repeats):
        names = list(trees) if repeat % 2 == 0 else list(reversed(trees))
        for kind in ("sequential", "parallel"):
            for name in names:
                project, e = trees[name]
                dest = work / f"build-{name}-{kind}"
                tool = "mkdocs" if kind == "sequential" else "tarifa"
                runs[f"{name} {kind}"].append(launched(tool, project, dest, e, jobs))
                print(f"[bench]   {name} {kind}: {runs[f'{name} {kind}'][-1]['wall']:.1f} s", file=sys.stderr)
    result["runs"] = runs
    for key, values in runs.items():
        result[key] = statistics.median(v["wall"] for v in values)
    for kind in ("sequential", "parallel"):
        result[f"ratio {kind}"] = result[f"current {kind}"] / result[f"baseline {kind}"]
        result[f"search ratio {kind}"] = result[f"current {kind}"] / result[f"material {kind}"]
    result["pagefind_sequential"] = statistics.median(
        v.get("pagefind_seconds", 0) for v in runs["current sequential"]
    )
    result["pagefind_parallel"] = statistics.median(
        v.get("pagefind_seconds", 0) for v in runs["current parallel"]
    )
    # Where the time goes: one sequential build of each with light timers (benchmarks/timing.py).
    timed_runs: dict[str, Any] = {}
    for name, (project, e) in trees.items():
        data = timing_run(project, work / f"timed-{name}", e, None)
        shutil.rmtree(work / f"timed-{name}", ignore_errors=True)
        timed_runs[name] = {
            "wall": data["wall"],
            "search": search_seconds(data["categories"]),
            "tarifa": data["tarifa"],
            "categories": data["categories"],
            "peak_rss_mb": data["peak_rss_mb"],
            "pagefind_peak_mb": data.get("pagefind_peak_mb"),
            "pagefind_process_seconds": data.get("pagefind_process_seconds"),
            "tarifa_file": data.get("tarifa_file"),
        }
    result["timed"] = timed_runs
    return result


def with_materials_search(project: Path, dest: Path) -> Path:
    """A copy of `project` that searches with Material's plugin (`search: false` keeps it)."""
    shutil.copytree(project, dest, ignore=shutil.ignore_patterns("site"))
    config = dest / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    if text.count("\n  - tarifa:\n") != 1:
        raise RuntimeError(f"{config}: no `- tarifa:` entry under plugins")
    text = text.replace("\n  - tarifa:\n", "\n  - search\n  - tarifa:\n      search: false\n")
    config.write_text(text, encoding="utf-8")
    return dest


def section_big(
    work: Path, example: Path, args: argparse.Namespace, environ: dict[str, str]
) -> dict[str, Any]:
    n = args.big_models
    projects: dict[str, tuple[Path, dict[str, str]]] = {}
    if args.big_baseline:
        tree = baseline_tree(args.baseline, args.baseline_commit)
        base_env = {**environ, "PYTHONPATH": str(tree / "hooks")}
        projects["baseline"] = (baseline_models(tree, work / f"base-models-{n}", n), base_env)
    projects["current"] = (synth.with_models(example, work / f"cur-models-{n}", n), environ)
    result: dict[str, Any] = {"models": n, "baseline_commit": args.baseline_commit, "trees": {}}
    for name, (project, e) in projects.items():
        dest = work / f"big-{name}"
        data = timing_run(project, dest, e, args.scale_timeout)
        result["trees"][name] = {
            "wall": data["wall"],
            "peak_rss_mb": data["peak_rss_mb"],
            "search": search_seconds(data["categories"]),
            "pagefind_peak_mb": data.get("pagefind_peak_mb"),
            "tarifa": data["tarifa"],
            "categories": data["categories"],
            "tarifa_file": data.get("tarifa_file"),
            "html_pages": sum(1 for _ in dest.rglob("*.html")),
            "output_mb": sum(p.stat().st_size for p in dest.rglob("*") if p.is_file()) / 1e6,
        }
        print(f"[bench]   {name}: {data['wall']:.1f} s, {data['peak_rss_mb']:.0f} MB", file=sys.stderr)
        shutil.rmtree(dest, ignore_errors=True)
    return result


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
    return f"{size / 1024:,.1f} KB" if 0 < size < 10 * 1024 else f"{size / 1024:,.0f} KB"


KB = 1024  # the report's KB and MB are 1,024 bytes and 1,024 KB, as Chromium's DevTools show them
TARGET_LCP_MS = 1000
TARGET_PRICING_BYTES = 80 * KB
TARGET_MODEL_BYTES = 100 * KB
TARGET_SEARCH_MS = {"example": 300, "large": 1000}
TARGET_OVERVIEW_BYTES = 1.5 * KB * KB
TARGET_DOM = 15_000
TARGET_BIG = 1.2


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f} ms"


def _mb(size: float) -> str:
    return f"{size / KB / KB:,.2f} MB"


def _met(ok: bool, miss: str = "") -> str:
    return "met" if ok else f"**not met**{' (' + miss + ')' if miss else ''}"


def _site(size: str) -> str:
    return "example" if size == "example" else f"{int(size):,} models"


def _kinds(by_kind: dict[str, int], order: tuple[str, ...]) -> list[str]:
    return [_kb(by_kind.get(k, 0)) if by_kind.get(k) else "—" for k in order]


def report_visitors(vis: dict[str, Any]) -> list[str]:
    out = [
        "## Visitors",
        "",
        "Debian's Chromium (headless) loads each page from 127.0.0.1 in a fresh context (empty cache) "
        "and waits until the network is idle for 500 ms. The server (`benchmarks/visitors.py`) sends "
        "HTML, CSS, JavaScript, JSON and SVG with `Content-Encoding: gzip` (level 6) and "
        "`Cache-Control: max-age=600`; bytes are what it wrote (headers included) before any search. "
        "Paints are medians of the runs. KB = 1,024 bytes. Profiles:",
        "",
    ]
    out += [f"- **{name}**: {text}" for name, text in vis["profiles"].items()]
    out += [
        "",
        "| profile | site | page | first contentful paint | largest contentful paint | load event "
        "| transferred | HTML | CSS | JS | JSON | SVG | other | requests |",
        "|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for profile in vis["profiles"]:
        for size, site in vis["sites"].items():
            for path, r in site["pages"][profile].items():
                out.append(
                    f"| {profile} | {_site(size)} | `/{path}` | {_ms(r['fcp_ms'])} | {_ms(r['lcp_ms'])} | "
                    f"{_ms(r['load_ms'])} | {_kb(r['bytes'])} | "
                    + " | ".join(_kinds(r["bytes_by_kind"], ("html", "css", "js", "json", "svg", "other")))
                    + f" | {r['requests']} |"
                )
    out += [
        "",
        "Against the targets (phone profile):",
        "",
        "| target | page | figure | |",
        "|---|---|--:|---|",
    ]
    for size, site in vis["sites"].items():
        phone = site["pages"]["phone"]
        for path, r in phone.items():
            if path.endswith("pricing/"):
                lcp = r["lcp_ms"] or 0
                out.append(
                    f"| pricing page LCP ≤ 1 s | {_site(size)} `/{path}` | {_ms(lcp)} | "
                    f"{_met(lcp <= TARGET_LCP_MS, f'+{lcp - TARGET_LCP_MS:,.0f} ms')} |"
                )
        for path, r in phone.items():
            if size == "example" and path.endswith("pricing/"):
                miss = r["bytes"] - TARGET_PRICING_BYTES
                out.append(
                    f"| example pricing page ≤ 80 KB before search | `/{path}` | {_kb(r['bytes'])} | "
                    f"{_met(miss <= 0, f'+{miss / KB:,.1f} KB')} |"
                )
            if size != "example" and path == site["model_page"]:
                miss = r["bytes"] - TARGET_MODEL_BYTES
                out.append(
                    f"| {_site(size)}: model page ≤ 100 KB before search | `/{path}` | {_kb(r['bytes'])} | "
                    f"{_met(miss <= 0, f'+{miss / KB:,.1f} KB')} |"
                )
    out += ["", "Largest responses (phone, last run):", ""]
    for size, site in vis["sites"].items():
        for path, r in site["pages"]["phone"].items():
            files = ", ".join(f"`{name}` {_kb(wire)}" for name, wire in r["largest"])
            out.append(f"- {_site(size)} `/{path}`: {files}")
    out.append("")
    for size, site in vis["sites"].items():
        b = site["build"]
        out.append(
            f"{_site(size)}: built once with `mkdocs build` in {_s(b['build_seconds'])} ({b['html_pages']:,} "
            f"HTML files, {b['output_mb']:,.0f} MB; `tarifa` from `{b['tarifa']}`). "
        )
    out.append("")
    return out


def report_search(srch: dict[str, Any]) -> list[str]:
    out = [
        "## Search",
        "",
        "Pagefind behind the header's search box (`partials/search.html`, `assets/tarifa/search.js`). "
        "On the loaded, idle page the visitor taps the magnifier (which opens the box and starts "
        "loading the search) and the whole query arrives at once right after (the worst case: "
        "nothing of the loading hides behind typing). Timed in the page, from the query's `input` "
        "event to the first result link in the list; then the box is cleared and a second query "
        "typed. Bytes: the search's requests (Pagefind's script, worker, WebAssembly, metadata, "
        "index chunks, fragments; search.js and search.css) as the server sent them, medians of "
        "the runs. Results: the result links in the list when the first one appeared (the first "
        "result's fragment is fetched alone, the others after it).",
        "",
        "| profile | site | page | queries | first search | from the tap | second search "
        "| first: bytes | of which JS | WASM | index | fragments | second: bytes | results |",
        "|---|---|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for profile in srch["profiles"]:
        for size, site in srch["sites"].items():
            for path, r in site["pages"][profile].items():
                k = r["first_by_kind"]
                out.append(
                    f"| {profile} | {_site(size)} | `/{path}` | {' → '.join(r['queries'])} | "
                    f"{_ms(r['first_ms'])} | {_ms(r['first_from_tap_ms'])} | {_ms(r['second_ms'])} | "
                    f"{_kb(r['first_bytes'])} | {_kb(k.get('js', 0))} | {_kb(k.get('wasm', 0))} | "
                    f"{_kb(k.get('index', 0))} | {_kb(k.get('fragments', 0))} | {_kb(r['second_bytes'])} | "
                    f"{r['first_count']} |"
                )
    out += [
        "",
        "Against the targets (phone profile, first search of the visit). Pasted: the whole query "
        "in one input event right after the tap, as in the table above (the worst case). Typed: "
        f"the visitor types the query, the first key {searching.TYPED_PAUSE_MS} ms after the tap "
        f"(the phone's keyboard slides in), then a key every {searching.TYPED_KEY_MS} ms; timed "
        "from the last key to the first result link of the whole query.",
        "",
    ]
    out += [
        "| target | page | pasted | runs | | typed | runs | |",
        "|---|---|--:|---|---|--:|---|---|",
    ]
    for size, site in srch["sites"].items():
        limit = TARGET_SEARCH_MS["example" if size == "example" else "large"]
        for path, r in site["pages"]["phone"].items():
            runs = ", ".join(f"{v:.0f}" for v in r["first_runs"])
            over = r["first_ms"] - limit
            row = (
                f"| {_site(size)} ≤ {limit:,} ms | `/{path}` | {_ms(r['first_ms'])} | {runs} | "
                f"{_met(r['first_ms'] <= limit, f'+{over:,.0f} ms')} |"
            )
            if r.get("typed_ms") is not None:
                typed_runs = ", ".join(f"{v:.0f}" for v in r["typed_runs"])
                typed_over = r["typed_ms"] - limit
                row += (
                    f" {_ms(r['typed_ms'])} | {typed_runs} | "
                    f"{_met(r['typed_ms'] <= limit, f'+{typed_over:,.0f} ms')} |"
                )
            else:
                row += " — | | |"
            out.append(row)
    out.append("")
    for size, site in srch["sites"].items():
        out.append(
            f"{_site(size)}: the Pagefind bundle has {site['pagefind_files']:,} files, "
            f"{site['pagefind_mb']:,.1f} MB on disk (every language)."
        )
    out.append("")
    return out


def report_catalogue(cat: dict[str, Any]) -> list[str]:
    n = cat["models"]
    out = [
        f"## Large catalogue ({n:,} models)",
        "",
        f"The example's catalogue grown to {n:,} models (`benchmarks/synth.py`), five languages, built "
        f"once with `mkdocs build` ({_s(cat['build']['build_seconds'])}, {cat['build']['html_pages']:,} "
        "HTML files). The overview per language: HTML on disk and gzip (level 6), its JSON-LD, and the "
        "DOM once loaded in Chromium (elements, as Lighthouse's DOM size counts them; nodes: DevTools' "
        "`Memory.getDOMCounters`, text nodes included).",
        "",
        "| language | HTML | gzip | rows | DOM elements | DOM nodes | JSON-LD | JSON-LD gzip | HTML ≤ 1.5 MB "
        "| DOM ≤ 15,000 |",
        "|---|--:|--:|--:|--:|--:|--:|--:|---|---|",
    ]
    for locale, r in cat["overview"].items():
        dom = r["dom"]
        html_ok = r["html_bytes"] <= TARGET_OVERVIEW_BYTES
        dom_note = "met" if dom["elements"] <= TARGET_DOM else "**not met**"
        if dom["elements"] <= TARGET_DOM < dom["nodes"]:
            dom_note = f"met in elements; nodes {dom['nodes'] - TARGET_DOM:+,}"
        out.append(
            f"| {locale} | {_mb(r['html_bytes'])} | {_kb(r['html_gzip'])} | {r['rows']:,} | "
            f"{dom['elements']:,} | {dom['nodes']:,} | {_kb(r['jsonld_bytes'])} | {_kb(r['jsonld_gzip'])} | "
            f"{_met(html_ok)} | {dom_note} |"
        )
    visit = cat["model_visit"]
    miss = visit["bytes"] - TARGET_MODEL_BYTES
    out += [
        "",
        f"A model page (`/{cat['model_page']}`, phone profile) transfers {_kb(visit['bytes'])} before any "
        f"search (HTML {_kb(visit['bytes_by_kind'].get('html', 0))}, CSS "
        f"{_kb(visit['bytes_by_kind'].get('css', 0))}, "
        f"JS {_kb(visit['bytes_by_kind'].get('js', 0))}): target "
        f"≤ 100 KB {_met(miss <= 0, f'+{miss / KB:,.1f} KB')}.",
        "",
    ]
    sm = cat["sitemaps"]
    files = ", ".join(f"`{name}` {_mb(size)}" for name, size in sm["files"])
    too_big = sm["urls"] > 50_000 or any(
        size > 50 * 1000 * 1000 for name, size in sm["files"] if name.endswith(".xml")
    )
    out += [
        f"Sitemaps: {files}; {sm['urls']:,} URLs, "
        f"{'a sitemap index' if sm['is_index'] else 'one sitemap, no index'}: "
        f"{_met(sm['is_index'] == too_big)} (an index only above 50,000 URLs or 50 MB).",
        "",
        "A model's price from the overview (phone profile, one visit per language): the visitor types "
        "the model's name into the toolbar's find field; time from that input event to the model's "
        "row shown (models on the overview) or a finder link to its page (the others). The finder's "
        "line shows the model's main prices: the price after one interaction; its page after two.",
        "",
        "| language | model | id | found as | time | prices shown | interactions to its price |",
        "|---|---|---|---|--:|---|--:|",
    ]
    all_found = True
    for locale, visits in cat["reach"].items():
        for m in visits[0]["models"]:
            found = m["how"] is not None
            all_found &= found
            interactions = "1" if found and m["prices_shown"] else ("2" if found else "—")
            shown = ("in the row" if m["how"] == "row" else "in the finder") if m["prices_shown"] else "no"
            out.append(
                f"| {locale} | {m['name']} | `{m['id']}` | {m['how'] or '**not found**'} | {_ms(m['ms'])} | "
                f"{shown} | {interactions} |"
            )
    first = {locale: visits[0]["first_find_bytes"] for locale, visits in cat["reach"].items()}
    out += [
        "",
        "The first find of a visit fetches the finder ("
        + ", ".join(f"{locale}: {_kb(size)}" for locale, size in first.items())
        + f"). Any model's price in ≤ 2 interactions: {_met(all_found)}.",
        "",
    ]
    return out


def _side_by_side(
    b: dict[str, Any], before: str, ratio: str, issue: dict[str, float] | None = None
) -> list[str]:
    """A row per kind of build, `before` against this tree: medians and their ratio (`ratio`),
    the fastest runs (the least disturbed) and their ratio, every run, and the issue's figure."""
    rows = []
    for kind, label in (("sequential", "`mkdocs build`"), ("parallel", f"`tarifa build -j {b['jobs']}`")):
        walls = {name: [r["wall"] for r in b["runs"][f"{name} {kind}"]] for name in (before, "current")}
        runs = "; ".join(", ".join(f"{w:.1f}" for w in walls[name]) for name in walls)
        fastest = {name: min(values) for name, values in walls.items()}
        cells = [
            label, _s(b[f"{before} {kind}"]), _s(b[f"current {kind}"]), f"**{_x(b[f'{ratio} {kind}'])}**",
            _s(fastest[before]), _s(fastest["current"]), f"**{_x(fastest['current'] / fastest[before])}**",
            runs, *([_s(issue[kind])] if issue else []),
        ]  # fmt: skip
        rows.append("| " + " | ".join(cells) + " |")
    return rows


def _builds_table(b: dict[str, Any]) -> list[str]:
    """Medians, the least disturbed runs (the fastest of each tree) and every run."""
    issue = {"sequential": PREVIOUS["issue_sequential_1000"], "parallel": PREVIOUS["issue_parallel_1000"]}
    return [
        "| build | baseline | current | current ÷ baseline | fastest: baseline | current | ratio "
        "| runs in order (baseline; current) | issue's figure |",
        "|---|--:|--:|--:|--:|--:|--:|---|--:|",
        *_side_by_side(b, "baseline", "ratio", issue),
    ]


def _cost_table(b: dict[str, Any]) -> list[str]:
    """The medians of what each build cost besides time: CPU (its processes together) and the
    bytes written. Less disturbed by other work on the machine than the wall time."""
    names = [name for name in ("baseline", "current", "material") if f"{name} sequential" in b["runs"]]
    if "cpu" not in b["runs"][f"{names[0]} sequential"][0]:
        return []
    heads = {"baseline": "baseline", "current": "current", "material": "current, Material's search"}
    out = [
        "What each build cost besides time (medians of the runs above; CPU of every process of the "
        "build, user + system, and the bytes its processes wrote):",
        "",
        "| build | " + " | ".join(f"{heads[n]}: CPU | system | written" for n in names) + " |",
        "|---|" + "--:|--:|--:|" * len(names),
    ]
    for kind, label in (("sequential", "`mkdocs build`"), ("parallel", f"`tarifa build -j {b['jobs']}`")):
        cells = []
        for name in names:
            runs = b["runs"][f"{name} {kind}"]
            cells += [
                _s(statistics.median(r["cpu"] for r in runs)),
                _s(statistics.median(r["system"] for r in runs)),
                f"{statistics.median(r['written_mb'] for r in runs):.0f} MB",
            ]
        out.append(f"| {label} | " + " | ".join(cells) + " |")
    return [*out, ""]


def _search_change_table(b: dict[str, Any]) -> list[str]:
    """This tree with Material's search against the same tree with Pagefind: the search change
    alone (the baseline also differs in everything else since)."""
    if "material sequential" not in b["runs"]:
        return []
    return [
        "The search change alone: this tree as it is (Pagefind) against the same tree and catalogue "
        "with Material's search plugin (`search: false` and `- search` in `mkdocs.yml`), alternated in "
        "the same rounds:",
        "",
        "| build | Material's search | Pagefind | Pagefind ÷ Material | fastest: Material | Pagefind "
        "| ratio | runs in order (Material; Pagefind) |",
        "|---|--:|--:|--:|--:|--:|--:|---|",
        *_side_by_side(b, "material", "search ratio"),
        "",
    ]


def _search_share(b: dict[str, Any]) -> str:
    t = b["timed"]
    beside = t["current"].get("pagefind_process_seconds")
    if beside:  # Pagefind runs beside the build (search_index.Indexer)
        wait, base = t["current"]["search"], t["baseline"]
        return (
            "Search indexing's share (one sequential build of each with light timers, "
            f"`benchmarks/timing.py`): baseline, Material's search plugin {_s(base['search'])} "
            f"of {_s(base['wall'])} (**{100 * base['search'] / base['wall']:.1f} %**); "
            f"current, Pagefind's processes ran {_s(beside)} in all (the largest peaked at "
            f"{t['current']['pagefind_peak_mb'] or 0:,.0f} MB), each language's beside the build of the "
            f"next one, and the build waited {_s(wait)} of its {_s(t['current']['wall'])} for them at its "
            f"end (**{100 * wait / t['current']['wall']:.1f} %**). In the plain runs the build waited "
            f"{_s(b['pagefind_sequential'])} (median) at the end of `mkdocs build`; with `-j {b['jobs']}` "
            "each worker does the same for the languages it builds and the parent merges the bundles."
        )
    pagefind_runs = ", ".join(f"{r.get('pagefind_seconds', 0):.1f}" for r in b["runs"]["current parallel"])
    return (
        "Search indexing's share (one sequential build of each with light timers, `benchmarks/timing.py`): "
        f"baseline, Material's search plugin {_s(t['baseline']['search'])} of {_s(t['baseline']['wall'])} "
        f"(**{100 * t['baseline']['search'] / t['baseline']['wall']:.1f} %**); current, Pagefind "
        f"{_s(t['current']['search'])} of {_s(t['current']['wall'])} "
        f"(**{100 * t['current']['search'] / t['current']['wall']:.1f} %**, its process's peak memory "
        f"{t['current']['pagefind_peak_mb'] or 0:,.0f} MB). In the plain runs Pagefind took "
        f"{_s(b['pagefind_sequential'])} of the sequential build (median)"
        + (
            f" and {_s(b['pagefind_parallel'])} of `-j {b['jobs']}` ({pagefind_runs} s), where it indexes "
            "the merged site once, after the workers, in one process."
            if b["pagefind_parallel"]
            else f"; with `-j {b['jobs']}` each worker indexes the languages it built, on its own core, "
            "inside the workers' time, and the parent merges the bundles."
        )
    )


def report_builds(b: dict[str, Any], replaced: dict[str, Any] | None = None) -> list[str]:
    n = b["models"]
    out = [
        f"## Builds side by side ({n:,} models, five languages)",
        "",
        f"This tree against the baseline commit {b['baseline_commit']} (a git worktree; its own "
        "example and `synth.py`, as the catalogue format changed), each with its own `tarifa` "
        f"(baseline: `{b['tarifa']['baseline']}`; current: `{b['tarifa']['current']}`). Plain "
        "builds (`benchmarks/launch.py`: no timers but one around Pagefind), "
        f"{len(b['runs']['current sequential'])} runs each, alternated (baseline, current, then current, "
        "baseline …). On a shared machine a run that another process slowed stands out in the list of "
        "runs; the fastest run of each tree is the least disturbed.",
        "",
        *_builds_table(b),
        "",
        *_cost_table(b),
        *_search_change_table(b),
        _search_share(b),
        "",
    ]
    if replaced:
        old = replaced["figures"]
        load = replaced.get("section") or {"load": [0, 0]}
        out += [
            f"The same section in the run of {replaced['date']} (load {load['load'][0]:.2f} at its start, "
            f"{load['load'][1]:.2f} at its end; replaced by the figures above):",
            "",
            *_builds_table(old),
            "",
            _search_share(old),
            "",
        ]
    timed = [("", b["timed"])]
    if replaced:
        timed.append((f" ({replaced['date'][11:]})", replaced["figures"]["timed"]))
    names_of = {"baseline": "baseline", "current": "current", "material": "current, Material's search"}
    heads = [f"{names_of[tree]}{when}" for when, t in timed for tree in names_of if tree in t]
    out += [
        "Where the time goes (exclusive seconds, the timed builds"
        + (f"; the run of {replaced['date']} beside" if replaced else "")
        + "):",
        "",
        "| part | " + " | ".join(heads) + " |",
        "|---|" + "--:|" * len(heads),
    ]
    columns = [t[tree] for _, t in timed for tree in names_of if tree in t]
    names = list(dict.fromkeys(name for column in columns for name in column["categories"]))
    for name in names:
        values = [column["categories"].get(name, 0) for column in columns]
        if max(values) >= 0.005:
            out.append(f"| {name} | " + " | ".join(f"{v:.2f}" for v in values) + " |")
    out += [
        "| **wall** | " + " | ".join(f"**{column['wall']:.2f}**" for column in columns) + " |",
        "| peak memory (the build's process) | "
        + " | ".join(f"{column['peak_rss_mb']:.0f} MB" for column in columns)
        + " |",
        "",
    ]
    return out


def report_big(big: dict[str, Any], cores: int = 1) -> list[str]:
    n = big["models"]
    trees = big["trees"]
    out = [
        f"## {n:,} models",
        "",
        "`mkdocs build` in one process with light timers (`benchmarks/timing.py`, as the previous "
        "report's scale section), five languages. Peak memory: the build process's `VmHWM`; Pagefind "
        "runs after the pages are written, while the build still holds its memory, one process per "
        f"language, {cores} at a time (one per core): its peak is the largest of its processes, and "
        f"together is the build's peak plus {cores} times that (at most; not measured at once).",
        "",
        "| tree | HTML files | build | search indexing | build's peak memory | Pagefind's peak | together |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for name, r in trees.items():
        pf = r.get("pagefind_peak_mb") or 0
        out.append(
            f"| {name} | {r['html_pages']:,} | {_s(r['wall'])} | {_s(r['search'])} | "
            f"{r['peak_rss_mb']:,.0f} MB | "
            f"{f'{pf:,.0f} MB' if pf else '—'} | {r['peak_rss_mb'] + cores * pf:,.0f} MB |"
        )
    cur = trees["current"]
    together = cur["peak_rss_mb"] + cores * (cur.get("pagefind_peak_mb") or 0)
    out += ["", "| ratio | time | memory (build) | memory (with Pagefind) |", "|---|--:|--:|--:|"]
    if "baseline" in trees:
        base = trees["baseline"]
        out.append(
            f"| current ÷ baseline, this run | **{_x(cur['wall'] / base['wall'])}** | "
            f"**{_x(cur['peak_rss_mb'] / base['peak_rss_mb'])}** | {_x(together / base['peak_rss_mb'])} |"
        )
    if n == 5000:
        out.append(
            f"| current ÷ previous report ({_s(PREVIOUS['build_5000'])}, {PREVIOUS['peak_5000_mb']:.0f} MB; "
            f"another run, commit {PREVIOUS['report']}) | {_x(cur['wall'] / PREVIOUS['build_5000'])} | "
            f"{_x(cur['peak_rss_mb'] / PREVIOUS['peak_5000_mb'])} | "
            f"{_x(together / PREVIOUS['peak_5000_mb'])} |"
        )
    ok_time = cur["wall"] / trees["baseline"]["wall"] if "baseline" in trees else None
    ok_mem = cur["peak_rss_mb"] / trees["baseline"]["peak_rss_mb"] if "baseline" in trees else None
    if ok_time is not None and ok_mem is not None:
        out += [
            "",
            f"Target ≤ {TARGET_BIG:.1f}× (this run's baseline): time {_met(ok_time <= TARGET_BIG)}, "
            f"memory of the build {_met(ok_mem <= TARGET_BIG)}, memory with Pagefind's process "
            f"{_met(together / trees['baseline']['peak_rss_mb'] <= TARGET_BIG)}.",
        ]
    out += ["", "Where the time goes (exclusive seconds):", "", "| part | " + " | ".join(trees) + " |"]
    out.append("|---|" + "--:|" * len(trees))
    names = list(dict.fromkeys(k for r in trees.values() for k in r["categories"]))
    for name in names:
        values = [r["categories"].get(name, 0) for r in trees.values()]
        if max(values) >= 0.005:
            out.append(f"| {name} | " + " | ".join(f"{v:.2f}" for v in values) + " |")
    out.append("")
    return out


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
    for again in results.get("merged", []):
        out += [
            f"Sections {', '.join(again['only'])} were run again on {again['date']} (commit {again['commit']}"
            f"{' with uncommitted changes' if again['uncommitted_changes'] else ''}; load "
            f"{again['load_before']:.2f} at the start, {again['load_after']:.2f} at the end): their "
            "figures below are from that run.",
            "",
        ]
    if results.get("sections"):
        out += [
            "The machine is shared (2 cores); the 1-minute load average at the start and the end of "
            "each section:",
            "",
            "| section | started | duration | load at start | load at end |",
            "|---|---|--:|--:|--:|",
        ]
        for name, info in results["sections"].items():
            out.append(
                f"| {name} | {info.get('started', '')} | {info['seconds']:.0f} s | {info['load'][0]:.2f} | "
                f"{info['load'][1]:.2f} |"
            )
        out.append("")
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
    for name in ("visitors", "search", "catalogue"):
        if results.get(name):
            out += globals()[f"report_{name}"](results[name])
    if results.get("builds"):
        out += report_builds(results["builds"], results.get("replaced", {}).get("builds"))
    if results.get("big"):
        out += report_big(results["big"], min(int(results["machine"].get("cores") or 1), 5))
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


def keep_replaced(results: dict[str, Any], earlier: dict[str, Any], names: list[str]) -> None:
    """Keep the earlier figures of sections run again (under "replaced"), for the report."""
    for name in names:
        if name in earlier:
            section = earlier.get("sections", {}).get(name) or {}
            day, started = earlier["machine"]["date"][:10], section.get("started")
            results.setdefault("replaced", {})[name] = {
                "figures": earlier[name],
                "section": section,
                # when the section itself ran (a merged run keeps the first run's machine date)
                "date": f"{day} {started}" if started else earlier["machine"]["date"],
            }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--only", nargs="+", choices=SECTIONS, default=SECTIONS)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument(
        "--sizes", type=lambda s: [int(x) for x in s.split(",")], default=[10, 100, 1000, 5000]
    )
    parser.add_argument("--catalogue-models", type=int, default=3000, help="visitors, search, catalogue")
    parser.add_argument("--build-models", type=int, default=1000, help="builds: models of both trees")
    parser.add_argument("--big-models", type=int, default=5000, help="big: models of both trees")
    parser.add_argument(
        "--big-baseline", action=argparse.BooleanOptionalAction, default=True, help="big: the baseline too"
    )
    parser.add_argument("--baseline", type=Path, default=BASELINE_TREE, help="the baseline's git worktree")
    parser.add_argument("--baseline-commit", default=BASELINE_COMMIT)
    parser.add_argument("--pages", type=int, default=200, help="Markdown pages per language (parallel)")
    parser.add_argument("--scale-timeout", type=float, default=3600, help="seconds per scale build")
    parser.add_argument("--wait", type=float, default=1800, help="seconds to wait for a quiet machine")
    parser.add_argument(
        "--quick", action="store_true", help="small sizes (10,100 scale; 100, 50, 200 models), one repeat"
    )
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    parser.add_argument("--notes", type=Path, default=HERE / "NOTES.md", help="appended to the report")
    parser.add_argument("--report-only", type=Path, help="rewrite the report from this results.json")
    parser.add_argument(
        "--merge",
        type=Path,
        help="start from this results.json: the sections run now replace its own (each section "
        "records when it ran and the load)",
    )
    args = parser.parse_args(argv)
    if args.report_only:
        stored: dict[str, Any] = json.loads(args.report_only.read_text(encoding="utf-8"))
        stored.pop("notes", None)
        if args.notes.exists():
            stored["notes"] = args.notes.read_text(encoding="utf-8")
        args.out.write_text(report(stored), encoding="utf-8")
        return 0
    if args.quick:
        args.sizes, args.pages, args.repeats = [10, 100], 20, 1
        args.catalogue_models, args.build_models, args.big_models = 100, 50, 200

    results: dict[str, Any] = {"machine": machine(), "repeats": args.repeats}
    if args.merge:
        earlier: dict[str, Any] = json.loads(args.merge.read_text(encoding="utf-8"))
        earlier.pop("notes", None)
        results = {
            **earlier,
            "merged": [*earlier.get("merged", []), {**results["machine"], "only": args.only}],
        }
        keep_replaced(results, earlier, args.only)
    # A merged run's own load goes with its entry; the report's first line stays the first run's.
    record = results["merged"][-1] if args.merge else results
    record["load_before"] = wait_quiet(args.wait)
    epoch = str(int(time.time()))
    environ = env(epoch)
    work = Path(tempfile.mkdtemp(prefix="tarifa-bench-"))
    try:
        example = synth.copy_project(ROOT, work / "example")
        for name in SECTIONS:
            if name not in args.only:
                continue
            print(f"[bench] {name} …", file=sys.stderr, flush=True)
            started, load_start, when = time.perf_counter(), load(), dt.datetime.now(dt.UTC)
            section = globals()[f"section_{name}"]
            results[name] = section(work, example, args, environ)
            seconds = time.perf_counter() - started
            results.setdefault("sections", {})[name] = {
                "seconds": seconds,
                "load": [load_start, load()],
                "started": when.strftime("%H:%M UTC"),
            }
            print(f"[bench] {name}: {seconds:.0f} s", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    record["load_after"] = load()
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
