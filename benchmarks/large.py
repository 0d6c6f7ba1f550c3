"""A large catalogue as its visitors and search engines get it (a site built once).

* the overview (`/pricing/`) per language: HTML bytes (raw and gzip), its JSON-LD, the DOM
  once loaded in Chromium (elements, as Lighthouse counts DOM size, and every node, text
  included: DevTools' `Memory.getDOMCounters`);
* the sitemap files and their sizes, and the URLs they list;
* a model's price reached from the overview: the visitor types the model's name into the
  toolbar's find field (one interaction); timed inside the page from that input event to the
  model's row shown or a finder link to its page (`models/finder.json`, fetched on the first
  find). The finder's line shows the model's main prices; following the link is the second
  interaction.
"""

from __future__ import annotations

import gzip
import json
import re
from pathlib import Path
from typing import Any

import visitors

JSONLD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)

#: Records the find field's input event and the moment the model's row or finder link shows.
PROBE = """
() => {
  window.__find = {input: null, found: null, how: null};
  document.querySelector("#tarifa-find").addEventListener("input", () => {
    window.__find.input = performance.now();
    window.__find.found = null;
  }, true);
}
"""
WATCH = """
([rowId, href]) => new Promise((resolve) => {
  const deadline = performance.now() + 30000;
  function look() {
    const row = document.getElementById(rowId);
    const link = [...document.querySelectorAll(".tarifa-finder__list a")].find((a) => a.href.endsWith(href));
    if (row && !row.hidden && row.getClientRects().length) return "row";
    if (link && link.getClientRects().length) return "finder";
    return null;
  }
  function step() {
    const how = look();
    if (how) {
      window.__find.found = performance.now();
      window.__find.how = how;
      const links = [...document.querySelectorAll(".tarifa-finder__list a")];
      const item = how === "finder"
        ? links.find((a) => a.href.endsWith(href)).closest("li")
        : document.getElementById(rowId);
      resolve({how, ms: window.__find.found - window.__find.input,
               text: item.textContent.replace(/\\s+/g, " ").trim().slice(0, 300)});
    } else if (performance.now() > deadline) resolve({how: null, ms: null, text: "not found in 30 s"});
    else requestAnimationFrame(step);
  }
  step();
})
"""


def gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def overview_files(site: Path, locales: list[str]) -> dict[str, dict[str, Any]]:
    """Per language: the overview's HTML and JSON-LD bytes."""
    out: dict[str, dict[str, Any]] = {}
    for index, locale in enumerate(locales):
        path = site / ("" if index == 0 else locale) / "pricing" / "index.html"
        data = path.read_bytes()
        blocks = [m.group(1).encode() for m in JSONLD.finditer(data.decode("utf-8"))]
        out[locale] = {
            "path": f"{'' if index == 0 else locale + '/'}pricing/",
            "html_bytes": len(data),
            "html_gzip": gz(data),
            "jsonld_bytes": sum(map(len, blocks)),
            "jsonld_gzip": gz(b"".join(blocks)),
            "jsonld_blocks": len(blocks),
            "rows": data.count(b'<tr id="model-'),
        }
    return out


def sitemap_files(site: Path) -> dict[str, Any]:
    files = sorted(p for p in site.glob("sitemap*") if p.is_file())
    index = (site / "sitemap.xml").read_text(encoding="utf-8") if (site / "sitemap.xml").exists() else ""
    urls = sum(p.read_text(encoding="utf-8").count("<url>") for p in files if p.suffix == ".xml")
    return {
        "files": [(p.name, p.stat().st_size) for p in files],
        "is_index": "<sitemapindex" in index[:500],
        "urls": urls,
    }


def dom_size(browser: Any, server: visitors.GzipServer, path: str) -> dict[str, int]:
    context, page = visitors.open_page(browser, visitors.DESKTOP)
    try:
        page.goto(server.base + path, wait_until="load")
        visitors.settle(page)
        elements = page.evaluate("document.getElementsByTagName('*').length")
        cdp = context.new_cdp_session(page)
        counters = cdp.send("Memory.getDOMCounters")
    finally:
        context.close()
    return {"elements": elements, "nodes": counters["nodes"]}


def sample(site: Path, prefix: str, count: int = 6) -> list[dict[str, Any]]:
    """Models of the finder spread over the catalogue, with a vendor/… and an ft:… id among them."""
    models: list[dict[str, Any]] = json.loads((site / prefix / "models" / "finder.json").read_text("utf-8"))[
        "models"
    ]
    n = len(models)
    chosen = [models[i] for i in sorted({0, n // 3, (2 * n) // 3, n - 1})]
    for test in (lambda m: "/" in m["id"], lambda m: m["id"].startswith("ft:")):
        extra = next((m for m in reversed(models) if test(m) and m not in chosen), None)
        if extra is not None and len(chosen) < count:
            chosen.append(extra)
    return chosen


def price_shown(prices: str, text: str) -> bool:
    """Whether the finder's price line of a model (its first price's amount) is in `text`."""
    if not prices:
        return False
    first = prices.split(" · ")[0]
    amounts = re.findall(r"\d[\d.,]*\d|\d", first)
    return (amounts[-1] if amounts else first.split()[-1]) in text


def reach(
    browser: Any,
    server: visitors.GzipServer,
    prefix: str,
    models: list[dict[str, Any]],
    profile: visitors.Profile,
) -> dict[str, Any]:
    """From the overview of `prefix`, each model found by typing its name (one visit)."""
    context, page = visitors.open_page(browser, profile)
    found: list[dict[str, Any]] = []
    try:
        page.goto(f"{server.base}{prefix}pricing/", wait_until="load")
        visitors.settle(page)
        page.evaluate(PROBE)
        field = page.locator("#tarifa-find")
        if profile.mobile:
            field.tap()
        else:
            field.click()
        mark = server.mark()
        for number, model in enumerate(models):
            slug = model["href"].strip("/")
            href = f"/{prefix}models/{model['href']}"
            field.fill("")
            field.fill(model["name"])  # one input event with the whole name
            try:
                result = page.evaluate(WATCH, [f"model-{slug}", href])
            except Exception as error:
                result = {"how": None, "ms": None, "text": str(error)[:200]}
            if number == 0:
                visitors.settle(page)
                first_sent = server.since(mark)
            found.append(
                {
                    "id": model["id"],
                    "name": model["name"],
                    "how": result["how"],
                    "ms": result["ms"],
                    "prices_shown": price_shown(model.get("prices") or "", result["text"]),
                    "text": result["text"],
                }
            )
    finally:
        context.close()
    return {
        "models": found,
        "first_find_bytes": sum(s.wire for s in first_sent),
        "first_find_files": [(s.path, s.wire) for s in first_sent],
    }


def measure(site: Path, locales: list[str], reach_locales: list[str], runs: int = 1) -> dict[str, Any]:
    """Everything above for the built `site` (languages `locales`, the default first)."""
    files = overview_files(site, locales)
    result: dict[str, Any] = {"overview": files, "sitemaps": sitemap_files(site), "reach": {}}
    with visitors.serving(site) as server, visitors.chromium() as browser:
        for info in files.values():
            info["dom"] = dom_size(browser, server, info["path"])
        for locale in reach_locales:
            prefix = "" if locale == locales[0] else f"{locale}/"
            models = sample(site, prefix)
            visitors.visit(browser, server, f"{prefix}pricing/", visitors.DESKTOP)  # warm the server
            result["reach"][locale] = [
                reach(browser, server, prefix, models, visitors.PHONE) for _ in range(runs)
            ]
    return result
