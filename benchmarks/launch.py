"""Run `mkdocs build …` or `tarifa build …` in this process and report what a plain run hides.

    python benchmarks/launch.py --json OUT.json mkdocs build -q -d SITE
    python benchmarks/launch.py --json OUT.json tarifa build -j 2 -q -d SITE

Without timers (the build runs as the command would), except one around Pagefind's indexing
(`tarifa.build.search_index.index_site`, in trees that have it): OUT.json gets the seconds it
took and its process's peak memory, this process's own peak memory (`VmHWM`: for `tarifa build`
the parent's, not its workers'), and which `tarifa` package was imported (the tree measured is
the one on PYTHONPATH: this says so).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import timing


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--json", type=Path, required=True)
    parser.add_argument("tool", choices=["mkdocs", "tarifa"])
    parser.add_argument("args", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    record: dict[str, Any] = {}
    timing.watch_pagefind(record)
    code: int
    if args.tool == "mkdocs":
        from mkdocs.__main__ import cli

        try:
            cli.main(args=args.args, prog_name="mkdocs", standalone_mode=False)
            code = 0
        except SystemExit as exit:
            code = int(exit.code or 0)
    else:
        from tarifa.cli import main as tarifa

        code = tarifa(args.args)
    record["code"] = code
    record["peak_rss_mb"] = timing.peak_rss_kb() / 1024
    record["tarifa_file"] = getattr(sys.modules.get("tarifa"), "__file__", None)
    args.json.write_text(json.dumps(record, indent=2), encoding="utf-8")
    return code


if __name__ == "__main__":
    sys.exit(main())
