"""The baseline of the hooks' cost: the same site as static Markdown, without any hook.

    python benchmarks/baseline.py PROJECT DEST     # writes the baseline project into DEST

1. Build PROJECT in this process (all languages, the usual hooks) and keep, for every page of
   every language, its metadata and its final HTML content (after every hook ran) and the
   default language's navigation.
2. Write DEST: a copy of PROJECT whose docs/ holds one static Markdown file per page and
   language (`pricing.md`, `pricing.de.md`, `models/heron-20b.de.md` …). Headings stay Markdown
   headings with their anchors (so the table of contents, permalinks and search sections are
   the same); everything between two headings, generated tables included, is pasted as HTML,
   which Markdown passes through. mkdocs.yml loses `hooks:`, and its `nav:` becomes the
   navigation the hooks produced (the generated model pages included).

Building DEST costs what the site costs without Tarifa: the same pages, languages, theme,
search and sitemap, with the tables already written.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from synth import copy_project  # noqa: E402

HEADING = re.compile(r"<h([1-6])((?:\s[^>]*)?)>(.*?)</h\1>", re.S)
HEADERLINK = re.compile(r'<a class="headerlink"[^>]*>.*?</a>', re.S)
BLOCK = re.compile(
    r"\s*<(?:p|div|table|ul|ol|dl|pre|blockquote|section|form|details|figure|hr|nav|aside|h[1-6]|script|style)\b"
)


def capture(project: Path) -> dict[str, Any]:
    """Build `project` in a subprocess and return every page's final content and the nav."""
    out = project.parent / f"{project.name}-capture.json"
    subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--capture", str(project), str(out)],
        check=True,
        cwd=project,
    )
    data: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    out.unlink()
    return data


def _capture_here(project: Path, out: Path) -> None:
    import os
    import tempfile

    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.commands import build
    from mkdocs.config import load_config
    from mkdocs.structure.nav import Section
    from mkdocs.structure.pages import Page

    site = tempfile.mkdtemp(prefix="tarifa-baseline-")
    config = load_config(config_file=str(project / "mkdocs.yml"), site_dir=site)
    i18n = config.plugins.get("i18n")
    pages: list[dict[str, Any]] = []
    navs: dict[str, Any] = {}

    def language() -> str:
        return str(i18n.current_language or i18n.default_language) if i18n else "en"

    def on_page_content(html: str, page: Any, config: Any, files: Any) -> str:
        meta = {k: v for k, v in page.meta.items() if isinstance(v, str | int | float | bool | list | dict)}
        meta.setdefault("title", page.title)
        pages.append({"language": language(), "url": page.url, "meta": meta, "html": html})
        return html

    def item(entry: Any) -> Any:
        if isinstance(entry, Section):
            return {"section": entry.title, "children": [item(child) for child in entry.children]}
        if isinstance(entry, Page):
            return {"url": entry.url}
        return {"link": entry.title, "href": entry.url}

    def on_nav(nav: Any, config: Any, files: Any) -> Any:
        navs[language()] = [item(entry) for entry in nav.items]
        return nav

    for event, handler in (("page_content", on_page_content), ("nav", on_nav)):
        handler.mkdocs_priority = -10_000  # type: ignore[union-attr]  # after every hook
        config.plugins.events[event].append(handler)
    config.plugins.on_startup(command="build", dirty=False)
    try:
        build.build(config)
    finally:
        config.plugins.on_shutdown()
        shutil.rmtree(site, ignore_errors=True)
    default = i18n.default_language if i18n else "en"
    out.write_text(json.dumps({"default": default, "pages": pages, "nav": navs[default]}), encoding="utf-8")


TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>")
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def _depth(html: str, start: int, end: int) -> int:
    """How many elements opened in html[start:end] are still open at `end`."""
    depth = 0
    for match in TAG.finditer(html, start, end):
        closing, name, self_closing = match.groups()
        if name.lower() in VOID or self_closing:
            continue
        depth += -1 if closing else 1
    return depth


def to_markdown(html: str) -> str:
    """Headings as Markdown headings with their ids; the HTML between them as raw HTML blocks."""
    out: list[str] = []
    position = 0

    def raw(chunk: str) -> None:
        chunk = chunk.strip()
        if not chunk:
            return
        if not BLOCK.match(chunk):
            chunk = f"<div>\n{chunk}\n</div>"
        out.append(chunk)

    for match in HEADING.finditer(html):
        if _depth(html, position, match.start()) != 0:
            continue  # a heading inside a block (a card's title) stays in that block's HTML
        raw(html[position : match.start()])
        level, attributes, text = match.groups()
        anchor = re.search(r'\sid="([^"]*)"', attributes)
        text = " ".join(HEADERLINK.sub("", text).split())
        out.append("#" * int(level) + " " + text + (f" {{ #{anchor.group(1)} }}" if anchor else ""))
        position = match.end()
    raw(html[position:])
    return "\n\n".join(out) + "\n"


def source_path(url: str, language: str, default: str) -> str:
    """Where the suffix structure expects the page of `url` in `language`."""
    path = url if language == default else url.removeprefix(f"{language}/")
    path = path.strip("/") or "index"
    if path.endswith(".html"):
        path = path[: -len(".html")]
    return f"{path}.md" if language == default else f"{path}.{language}.md"


def _nav_yaml(items: list[dict[str, Any]], default: str, indent: int = 2) -> str:
    lines = []
    pad = " " * indent
    for entry in items:
        if "section" in entry:
            lines.append(f"{pad}- {json.dumps(entry['section'], ensure_ascii=False)}:")
            lines.append(_nav_yaml(entry["children"], default, indent + 4).rstrip("\n"))
        elif "url" in entry:
            lines.append(f"{pad}- {source_path(entry['url'], default, default)}")
        else:
            lines.append(
                f"{pad}- {json.dumps(entry['link'], ensure_ascii=False)}: {json.dumps(entry['href'])}"
            )
    return "\n".join(lines) + "\n"


def _without_block(text: str, key: str) -> str:
    """mkdocs.yml's text without the top-level `key:` and its indented lines."""
    return re.sub(rf"^{key}:.*\n(?:(?:[ \t]+.*|[ \t]*)\n)*", "", text, flags=re.M)


def make_baseline(project: Path, dest: Path) -> Path:
    data = capture(project)
    baseline = copy_project(project, dest)
    docs = baseline / "docs"
    for path in docs.rglob("*.md"):
        path.unlink()
    default = data["default"]
    for page in data["pages"]:
        target = docs / source_path(page["url"], page["language"], default)
        target.parent.mkdir(parents=True, exist_ok=True)
        front = "".join(
            f"{key}: {json.dumps(value, ensure_ascii=False)}\n" for key, value in page["meta"].items()
        )
        target.write_text(f"---\n{front}---\n\n{to_markdown(page['html'])}", encoding="utf-8")
    config = baseline / "mkdocs.yml"
    text = _without_block(config.read_text(encoding="utf-8"), "hooks")
    text = _without_block(text, "nav")
    text = text.replace("\nstrict: true\n", "\nstrict: false\n")
    text += "\nnav:\n" + _nav_yaml(data["nav"], default)
    config.write_text(text, encoding="utf-8")
    return baseline


if __name__ == "__main__":
    if sys.argv[1] == "--capture":
        _capture_here(Path(sys.argv[2]).resolve(), Path(sys.argv[3]).resolve())
    else:
        print(make_baseline(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()))
