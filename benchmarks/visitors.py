"""What a visitor downloads and waits for: Chromium (Debian's) loads built pages from 127.0.0.1.

For each page and run a fresh browser context (empty cache) loads the page and waits for the
network to go idle (Material fetches the search index from a worker). Every response body is
gzip-compressed (level 6, the usual web server setting) and summed: the bytes a visitor's first
visit transfers with compression on. First contentful paint comes from the Paint Timing API,
largest contentful paint from a PerformanceObserver registered before the page's own scripts.
"""

from __future__ import annotations

import functools
import gzip
import http.server
import statistics
import threading
from pathlib import Path
from typing import Any

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
LCP = """
window.__lcp = null;
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) window.__lcp = entry.startTime;
}).observe({type: "largest-contentful-paint", buffered: true});
"""


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


def kind(url: str, content_type: str) -> str:
    if "search_index" in url:
        return "search index"
    for name, marker in (("html", "text/html"), ("css", "css"), ("js", "javascript")):
        if marker in content_type:
            return name
    return "other"


def measure(site: Path, paths: list[str], runs: int = 3) -> dict[str, dict[str, Any]]:
    from playwright.sync_api import sync_playwright

    handler = functools.partial(Quiet, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    results: dict[str, dict[str, Any]] = {}
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
            for path in paths:
                fcp, lcp, totals = [], [], []
                by_kind: dict[str, int] = {}
                raw_total = 0
                for _ in range(runs):
                    context = browser.new_context()
                    responses: list[Any] = []
                    context.on("response", functools.partial(_append, responses))
                    page = context.new_page()
                    page.add_init_script(LCP)
                    page.goto(base + path, wait_until="networkidle")
                    page.wait_for_timeout(300)
                    fcp.append(page.evaluate(
                        "performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null"
                    ))  # fmt: skip
                    lcp.append(page.evaluate("window.__lcp"))
                    by_kind, raw_total = {}, 0
                    for response in responses:
                        try:
                            body = response.body()
                        except Exception:  # redirects and aborted requests have no body
                            continue
                        size = len(gzip.compress(body, compresslevel=6, mtime=0))
                        name = kind(response.url, response.headers.get("content-type", ""))
                        by_kind[name] = by_kind.get(name, 0) + size
                        raw_total += len(body)
                    totals.append(sum(by_kind.values()))
                    context.close()
                results[path] = {
                    "gzip_bytes": statistics.median(totals),
                    "gzip_bytes_by_kind": by_kind,
                    "raw_bytes": raw_total,
                    "fcp_ms": _median(fcp),
                    "lcp_ms": _median(lcp),
                }
            browser.close()
    finally:
        httpd.shutdown()
    return results


def _append(responses: list[Any], response: Any) -> None:
    responses.append(response)


def _median(values: list[Any]) -> float | None:
    numbers = [v for v in values if isinstance(v, int | float)]
    return statistics.median(numbers) if numbers else None
