"""The 5,000-model build: does a very large catalogue build, and what does it cost?

    .venv/bin/python benchmarks/big_catalogue.py                 # 5,000 models, every language
    .venv/bin/python benchmarks/big_catalogue.py --models 500    # a quicker look
    .venv/bin/python benchmarks/big_catalogue.py --locale en     # one language (TARIFA_LOCALE)

The catalogue is the example's, grown to N models by `synth.with_models`: copies of the example's
models under new ids (plain, `vendor/model` and `ft:` forms) with prices of their own, so the mix
of kinds, price dimensions (cache writes and storage, per-modality tokens, long-prompt steps,
images, service tiers, fine-tuning, off-peak and regions), lifecycles and histories stays the
example's, which uses every one. Each step runs in its own child process, so its peak memory is
measured alone:

1. `tarifa validate`: YAML → exact values → pydantic model → cross-references;
2. `mkdocs build --strict` of the whole site.

Time is wall-clock and CPU (user + system: on a busy shared machine the CPU figure is the one
that carries over to a quiet CI runner); peak memory is the child's maximum resident set size
(`getrusage`). The result is printed and written as JSON (`--json` to choose where).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import synth  # the benchmarks' shared generator, beside this file

ROOT = Path(__file__).resolve().parent.parent


def run_child(argv: list[str], cwd: Path, env: dict[str, str], timeout: float | None) -> dict[str, Any]:
    """Run one child process; its wall time, exit code, peak RSS and the tail of its output."""
    # ru_maxrss of RUSAGE_CHILDREN is the largest of all waited-for children: run each step in a
    # fresh intermediate Python, so the figure is this step's own.
    probe = (
        "import resource, subprocess, sys, json, time\n"
        "start = time.perf_counter()\n"
        "done = subprocess.run(sys.argv[1:], capture_output=True, text=True)\n"
        "wall = time.perf_counter() - start\n"
        "usage = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps({'code': done.returncode, 'wall': wall, 'cpu': usage.ru_utime + usage.ru_stime,"
        " 'peak_kb': usage.ru_maxrss, 'tail': (done.stdout + done.stderr)[-4000:]}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe, *argv],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=True,
    )
    data: dict[str, Any] = json.loads(result.stdout)
    return data


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--models", type=int, default=5000)
    parser.add_argument("--locale", help="build one language only (TARIFA_LOCALE)")
    parser.add_argument("--work", type=Path, help="folder for the project and the site (default: a temp dir)")
    parser.add_argument("--json", type=Path, help="where to write the result (default: <work>/result.json)")
    parser.add_argument("--timeout", type=float, default=None, help="seconds before the build is stopped")
    parser.add_argument("--keep", action="store_true", help="keep the generated project and site")
    args = parser.parse_args(argv)

    work = args.work or Path(tempfile.mkdtemp(prefix="tarifa-big-"))
    work.mkdir(parents=True, exist_ok=True)
    project = synth.with_models(ROOT, work / "project", args.models)
    catalogue = project / "pricing" / "catalogue.yaml"
    site = work / "site"
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1793491200"}
    if args.locale:
        env["TARIFA_LOCALE"] = args.locale
    bin_dir = Path(sys.executable).parent

    validate = run_child([str(bin_dir / "tarifa"), "validate"], project, env, args.timeout)
    build = run_child(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(site)], project, env, args.timeout
    )
    pages = sum(1 for _ in site.rglob("index.html")) if site.exists() else 0
    output = sum(p.stat().st_size for p in site.rglob("*") if p.is_file()) if site.exists() else 0
    biggest = max((p.stat().st_size for p in site.rglob("*.html")), default=0) if site.exists() else 0
    result = {
        "models": args.models,
        "languages": args.locale or "all",
        "catalogue_bytes": catalogue.stat().st_size,
        "validate": {k: validate[k] for k in ("code", "wall", "cpu", "peak_kb")},
        "build": {k: build[k] for k in ("code", "wall", "cpu", "peak_kb")},
        "pages": pages,
        "output_bytes": output,
        "largest_page_bytes": biggest,
        "cpus": os.cpu_count(),
        "load_average": os.getloadavg(),
        "when": time.strftime("%Y-%m-%d %H:%M:%S"),
    }
    if build["code"] != 0:
        result["build_output_tail"] = build["tail"]
    (args.json or work / "result.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")

    print(f"catalogue: {args.models:,} models, {result['catalogue_bytes'] / 1e6:.1f} MB of YAML")
    for name, step in (("validate", validate), ("build", build)):
        peak = step["peak_kb"] / 1024
        print(
            f"{name + ':':<10} exit {step['code']}, {step['wall']:.1f} s wall, {step['cpu']:.1f} s CPU, "
            f"peak {peak:,.0f} MB"
        )
    print(f"site:      {pages:,} pages, {output / 1e6:,.0f} MB, largest page {biggest / 1e6:.2f} MB")
    print(f"machine:   {os.cpu_count()} CPUs, load average {result['load_average'][0]:.1f} at the end")
    if build["code"] != 0:
        print(build["tail"], file=sys.stderr)
    if not args.keep and args.work is None:
        shutil.rmtree(work / "project", ignore_errors=True)
        shutil.rmtree(site, ignore_errors=True)
        print(f"result:    {(args.json or work / 'result.json')}")
    return 0 if build["code"] == 0 and validate["code"] == 0 else 1


if __name__ == "__main__":
    raise SystemExit(main())
