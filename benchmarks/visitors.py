"""What a visitor downloads and waits for: Chromium (Debian's) loads built pages from 127.0.0.1.

The site is served by `GzipServer`, which behaves like a static host: text types (HTML, CSS,
JavaScript, JSON, SVG, XML) are sent with `Content-Encoding: gzip` (level 6), every response
has `Cache-Control: max-age=600` (GitHub Pages' header), and the server logs each response's
bytes on the wire (status line and headers included). Byte figures come from that log: it also
sees the requests of Pagefind's web worker, which the page's DevTools session does not.

Profiles (`PROFILES`): a desktop without throttling; a phone, 360×740 CSS pixels at device
scale factor 2, mobile and touch, CPU slowed 4× (`Emulation.setCPUThrottlingRate`) and a network
of 40 ms round trip, 10 Mbit/s down and 5 Mbit/s up (`Network.emulateNetworkConditions`); and
the same phone on slow 4G (150 ms, 1.6 Mbit/s down, 0.75 Mbit/s up: Lighthouse's mobile
preset). DevTools throttles per request (latency added to each request, bandwidth shared):
TCP's slow start and connection set-up are not modelled.

Each visit is a fresh browser context (empty cache). The page loads, then the network stays
idle for 500 ms: the bytes counted are everything a visit transfers before any search. First
contentful paint comes from the Paint Timing API, largest contentful paint from a
PerformanceObserver registered before the page's own scripts.
"""

from __future__ import annotations

import dataclasses
import functools
import gzip
import http.server
import io
import os
import statistics
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from contextlib import contextmanager
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
#: Compressed on the fly, as a static host does (Pagefind's own files are gzip already).
COMPRESSIBLE = ("text/", "javascript", "json", "svg", "xml")
CACHE_CONTROL = "max-age=600"
MBIT = 1_000_000 / 8  # bytes per second


# ── Profiles ─────────────────────────────────────────────────────────────────────────────
@dataclasses.dataclass(frozen=True)
class Profile:
    name: str
    viewport: tuple[int, int]
    scale: float = 1
    mobile: bool = False
    cpu: float = 1  # slowdown factor
    latency_ms: float | None = None  # None: no network throttling
    down_mbit: float = 0
    up_mbit: float = 0

    def context_options(self) -> dict[str, Any]:
        options: dict[str, Any] = {
            "viewport": {"width": self.viewport[0], "height": self.viewport[1]},
            "device_scale_factor": self.scale,
            "locale": "en-US",
        }
        if self.mobile:
            options.update(is_mobile=True, has_touch=True, user_agent=PHONE_AGENT)
        return options

    def apply(self, cdp: Any) -> None:
        """Throttle the page's CPU and network (before it navigates)."""
        if self.cpu != 1:
            cdp.send("Emulation.setCPUThrottlingRate", {"rate": self.cpu})
        if self.latency_ms is not None:
            cdp.send("Network.enable")
            cdp.send(
                "Network.emulateNetworkConditions",
                {
                    "offline": False,
                    "latency": self.latency_ms,
                    "downloadThroughput": self.down_mbit * MBIT,
                    "uploadThroughput": self.up_mbit * MBIT,
                },
            )

    def describe(self) -> str:
        parts = [f"{self.viewport[0]}×{self.viewport[1]}"]
        if self.scale != 1:
            parts.append(f"DPR {self.scale:g}")
        if self.mobile:
            parts.append("mobile, touch")
        if self.cpu != 1:
            parts.append(f"CPU ÷{self.cpu:g}")
        if self.latency_ms is None:
            parts.append("no network throttling")
        else:
            parts.append(f"{self.latency_ms:g} ms, {self.down_mbit:g}/{self.up_mbit:g} Mbit/s")
        return ", ".join(parts)


PHONE_AGENT = (
    "Mozilla/5.0 (Linux; Android 14; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/131.0.0.0 Mobile Safari/537.36"
)
DESKTOP = Profile("desktop", (1280, 800))
PHONE = Profile("phone", (360, 740), 2, True, 4, 40, 10, 5)
SLOW_4G = Profile("slow 4G", (360, 740), 2, True, 4, 150, 1.6, 0.75)
PROFILES = {p.name: p for p in (DESKTOP, PHONE, SLOW_4G)}


# ── The server ─────────────────────────────────────────────────────────────────────────
@dataclasses.dataclass
class Sent:
    path: str
    status: int
    content_type: str
    header_bytes: int
    body_bytes: int
    gzip: bool
    at: float

    @property
    def wire(self) -> int:
        return self.header_bytes + self.body_bytes


class GzipHandler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server: GzipServer

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def send_head(self) -> Any:  # the parent's, with gzip and a byte log
        parsed = urllib.parse.urlsplit(self.path)
        path = self.translate_path(self.path)
        if os.path.isdir(path):
            if not parsed.path.endswith("/"):
                self.send_response(301)
                location = urllib.parse.urlunsplit(("", "", parsed.path + "/", parsed.query, ""))
                self.send_header("Location", location)
                self.send_header("Content-Length", "0")
                self.end_headers()
                self._log(301, "", 0, False)
                return None
            path = os.path.join(path, "index.html")
        if not os.path.isfile(path):
            self.send_error(404, "File not found")
            self._log(404, "text/html", 0, False)
            return None
        content_type = self.guess_type(path)
        compress = any(marker in content_type for marker in COMPRESSIBLE) and "gzip" in self.headers.get(
            "Accept-Encoding", ""
        )
        body = self.server.body(path, compress)
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", CACHE_CONTROL)
        if compress:
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Vary", "Accept-Encoding")
        self.end_headers()
        self._log(200, content_type, len(body), compress)
        return io.BytesIO(body)

    def end_headers(self) -> None:
        self._header_bytes = sum(len(line) for line in getattr(self, "_headers_buffer", [])) + 2
        super().end_headers()

    def _log(self, status: int, content_type: str, size: int, compressed: bool) -> None:
        headers = getattr(self, "_header_bytes", 0)
        self.server.sent.append(
            Sent(
                urllib.parse.urlsplit(self.path).path,
                status,
                content_type,
                headers,
                size,
                compressed,
                time.perf_counter(),
            )
        )


class GzipServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        """A visitor's context closed while a response was on its way: not an error here."""
        error = sys.exc_info()[1]
        if not isinstance(error, ConnectionError):
            super().handle_error(request, client_address)

    def __init__(self, site: Path) -> None:
        super().__init__(("127.0.0.1", 0), functools.partial(GzipHandler, directory=str(site)))
        self.sent: list[Sent] = []
        self._bodies: dict[tuple[str, bool], bytes] = {}
        self._lock = threading.Lock()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}/"

    def body(self, path: str, compress: bool) -> bytes:
        key = (path, compress)
        with self._lock:
            cached = self._bodies.get(key)
        if cached is None:
            data = Path(path).read_bytes()
            cached = gzip.compress(data, compresslevel=6, mtime=0) if compress else data
            with self._lock:
                self._bodies[key] = cached
        return cached

    def mark(self) -> int:
        return len(self.sent)

    def since(self, mark: int) -> list[Sent]:
        return list(self.sent[mark:])


@contextmanager
def serving(site: Path) -> Iterator[GzipServer]:
    server = GzipServer(site)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            yield browser
        finally:
            browser.close()


# ── Bytes ─────────────────────────────────────────────────────────────────────────────
def kind(sent: Sent) -> str:
    """html, css, js, json, svg, or Pagefind's parts (wasm, index, fragments, meta), or other."""
    name = sent.path.rsplit("/", 1)[-1]
    if "/pagefind/" in sent.path:
        if name.startswith("wasm."):
            return "wasm"
        if name.endswith(".pf_index"):
            return "index"
        if name.endswith(".pf_fragment"):
            return "fragments"
        if name.endswith((".pf_meta", ".json")):
            return "meta"
    content = sent.content_type
    for label, marker in (("html", "text/html"), ("css", "css"), ("js", "javascript"), ("json", "json")):
        if marker in content:
            return label
    if "svg" in content:
        return "svg"
    return "other"


def by_kind(sent: list[Sent]) -> dict[str, int]:
    out: dict[str, int] = {}
    for s in sent:
        out[kind(s)] = out.get(kind(s), 0) + s.wire
    return out


def largest(sent: list[Sent], count: int = 3) -> list[tuple[str, int]]:
    return [(s.path, s.wire) for s in sorted(sent, key=lambda s: -s.wire)[:count]]


# ── A visit ────────────────────────────────────────────────────────────────────────────
def open_page(browser: Any, profile: Profile) -> tuple[Any, Any]:
    """A fresh context (empty cache) and its page, throttled as `profile` says."""
    context = browser.new_context(**profile.context_options())
    context.set_default_timeout(120_000)
    page = context.new_page()
    page.add_init_script(LCP)
    cdp = context.new_cdp_session(page)
    profile.apply(cdp)
    return context, page


def settle(page: Any) -> None:
    page.wait_for_load_state("load")
    page.wait_for_load_state("networkidle")


def visit(browser: Any, server: GzipServer, path: str, profile: Profile) -> dict[str, Any]:
    """Load one page once: its paints and what it transferred before any search."""
    context, page = open_page(browser, profile)
    try:
        mark = server.mark()
        page.goto(server.base + path, wait_until="load")
        settle(page)
        fcp = page.evaluate("performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null")
        lcp = page.evaluate("window.__lcp")
        load = page.evaluate("performance.getEntriesByType('navigation')[0]?.loadEventEnd ?? null")
        sent = server.since(mark)
    finally:
        context.close()
    return {
        "fcp_ms": fcp,
        "lcp_ms": lcp,
        "load_ms": load,
        "bytes": sum(s.wire for s in sent),
        "bytes_by_kind": by_kind(sent),
        "requests": len(sent),
        "largest": largest(sent),
        "searched": any("/pagefind/" in s.path or "search." in s.path for s in sent),
    }


def measure(
    site: Path, paths: list[str], profiles: list[Profile], runs: int = 3
) -> dict[str, dict[str, dict[str, Any]]]:
    """{profile: {path: figures}}: medians of `runs` visits, after one visit that is not counted
    (it fills the server's gzip cache)."""
    results: dict[str, dict[str, dict[str, Any]]] = {p.name: {} for p in profiles}
    with serving(site) as server, chromium() as browser:
        for path in paths:
            visit(browser, server, path, DESKTOP)  # warm-up
            for profile in profiles:
                visits = [visit(browser, server, path, profile) for _ in range(runs)]
                last = visits[-1]
                results[profile.name][path] = {
                    "fcp_ms": _median([v["fcp_ms"] for v in visits]),
                    "lcp_ms": _median([v["lcp_ms"] for v in visits]),
                    "load_ms": _median([v["load_ms"] for v in visits]),
                    "lcp_runs": [v["lcp_ms"] for v in visits],
                    "bytes": statistics.median(v["bytes"] for v in visits),
                    "bytes_by_kind": last["bytes_by_kind"],
                    "requests": last["requests"],
                    "largest": last["largest"],
                    "searched": any(v["searched"] for v in visits),
                }
    return results


def _median(values: list[Any]) -> float | None:
    numbers = [v for v in values if isinstance(v, int | float)]
    return statistics.median(numbers) if numbers else None
