"""Search latency in the browser: Pagefind behind the header's search box, as a visitor uses it.

A visit (fresh context, empty cache, a `visitors.Profile`) loads a page and lets it settle; then
the visitor taps the header's magnifier (on a desktop: clicks the search field), which opens the
box and starts loading the search (`partials/search.html`), and the whole query arrives in one
`input` event right after (`keyboard.insert_text`: the worst case, nothing of the loading is
hidden behind the visitor's typing). Timed inside the page (`performance.now()`): from that
input event to the first result link rendered in the result list. The box is then cleared and a
second query typed: the same measure, with Pagefind loaded. Bytes are the server's log of each
search (`visitors.GzipServer`: the web worker's requests included).

A typed visit (phone profile) is the same visit as a visitor types: the first key `TYPED_PAUSE_MS`
after the tap (a phone's keyboard slides in first), then one key every `TYPED_KEY_MS` (a fast
thumb); timed from the last key's input event to the first result link of the whole query.
"""

from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

import visitors

#: Records the time of the search box's input event and of the first result link after it.
PROBE = """
() => {
  const input = document.querySelector("#tarifa-search-input");
  const list = document.querySelector("#tarifa-search-results");
  window.__search = {input: null, result: null, focus: null};
  input.addEventListener("focus", () => { window.__search.focus ??= performance.now(); }, true);
  input.addEventListener("input", () => {
    window.__search.input = performance.now();
    window.__search.result = null;
  }, true);
  new MutationObserver(() => {
    const s = window.__search;
    if (s.input !== null && s.result === null && input.value.trim() &&
        list.querySelector(".md-search-result__item a")) s.result = performance.now();
  }).observe(list, {childList: true, subtree: true});
}
"""
RESULT = "() => window.__search.result !== null"
#: A typed visit: the first key this long after the tap, then one key every TYPED_KEY_MS.
TYPED_PAUSE_MS = 300
TYPED_KEY_MS = 100
FIRST = "() => [...document.querySelectorAll('.md-search-result__item a')].map((a) => a.pathname)"


def searched(sent: list[visitors.Sent]) -> list[visitors.Sent]:
    """The search's requests (not a late favicon): Pagefind's files, search.js and search.css."""
    return [s for s in sent if "/pagefind/" in s.path or "/assets/tarifa/search." in s.path]


def _query(page: Any, text: str, typed: bool = False) -> tuple[float, float | None, list[str]]:
    if typed:
        page.wait_for_timeout(TYPED_PAUSE_MS)
        page.keyboard.type(text, delay=TYPED_KEY_MS)
    else:
        page.keyboard.insert_text(text)
    page.wait_for_function(RESULT, timeout=120_000)
    timing = page.evaluate("window.__search")
    links: list[str] = page.evaluate(FIRST)
    since_focus = timing["result"] - timing["focus"] if timing["focus"] is not None else None
    return timing["result"] - timing["input"], since_focus, links


def one_visit(
    browser: Any,
    server: visitors.GzipServer,
    path: str,
    queries: tuple[str, str],
    profile: visitors.Profile,
    typed: bool = False,
) -> dict[str, Any]:
    context, page = visitors.open_page(browser, profile)
    try:
        page.goto(server.base + path, wait_until="load")
        visitors.settle(page)
        page.evaluate(PROBE)
        before = server.mark()
        if profile.mobile:
            page.locator("label.md-header__button[for=__search]").tap()
        else:
            page.locator("#tarifa-search-input").click()
        first_ms, from_focus_ms, first_links = _query(page, queries[0], typed)
        visitors.settle(page)
        first_sent = searched(server.since(before))
        page.locator("#tarifa-search-input").fill("")  # clears the results (an input event)
        between = server.mark()
        second_ms, _, second_links = _query(page, queries[1])
        visitors.settle(page)
        second_sent = searched(server.since(between))
    finally:
        context.close()
    return {
        "first_ms": first_ms,
        "first_from_tap_ms": from_focus_ms,
        "second_ms": second_ms,
        "first_bytes": sum(s.wire for s in first_sent),
        "first_by_kind": visitors.by_kind(first_sent),
        "first_requests": len(first_sent),
        "second_bytes": sum(s.wire for s in second_sent),
        "second_by_kind": visitors.by_kind(second_sent),
        "second_requests": len(second_sent),
        "first_results": first_links[:3],
        "first_count": len(first_links),
        "second_results": second_links[:3],
    }


def measure(
    site: Path,
    cases: list[tuple[str, tuple[str, str]]],
    profiles: list[visitors.Profile],
    runs: int = 3,
) -> dict[str, dict[str, dict[str, Any]]]:
    """{profile: {path: figures}} for each (page path, (first query, second query)) of `cases`."""
    results: dict[str, dict[str, dict[str, Any]]] = {p.name: {} for p in profiles}
    with visitors.serving(site) as server, visitors.chromium() as browser:
        for path, queries in cases:
            one_visit(browser, server, path, queries, visitors.DESKTOP)  # warm-up: the server's cache
            for profile in profiles:
                done = [one_visit(browser, server, path, queries, profile) for _ in range(runs)]
                typed = []
                if profile.mobile:
                    typed = [one_visit(browser, server, path, queries, profile, True) for _ in range(runs)]
                last = done[-1]
                results[profile.name][path] = {
                    "queries": list(queries),
                    "first_ms": statistics.median(d["first_ms"] for d in done),
                    "first_from_tap_ms": statistics.median(
                        d["first_from_tap_ms"] for d in done if d["first_from_tap_ms"] is not None
                    ),
                    "second_ms": statistics.median(d["second_ms"] for d in done),
                    "first_runs": [d["first_ms"] for d in done],
                    "typed_ms": statistics.median(d["first_ms"] for d in typed) if typed else None,
                    "typed_runs": [d["first_ms"] for d in typed],
                    "second_runs": [d["second_ms"] for d in done],
                    "first_bytes": statistics.median(d["first_bytes"] for d in done),
                    "second_bytes": statistics.median(d["second_bytes"] for d in done),
                    "first_by_kind": last["first_by_kind"],
                    "second_by_kind": last["second_by_kind"],
                    "first_requests": last["first_requests"],
                    "second_requests": last["second_requests"],
                    "first_results": last["first_results"],
                    "first_count": last["first_count"],
                    "second_results": last["second_results"],
                }
    return results
