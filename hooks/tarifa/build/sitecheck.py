"""Checks on a built site that MkDocs does not make, run on the HTML as a visitor gets it.

- every internal link and `#fragment` leads somewhere: hrefs of `<a>`, `<link>`, `<script>`,
  `<img>`, `<source>` and `<iframe>` in every page of every language, the locations of the search
  index and, when the site's URL is known, the canonical links and the sitemap;
- every page has a `<title>`, a non-empty `<meta name="description">` and `lang` on `<html>`;
- in the text of every right-to-left page, numbers, percentages and Latin words are isolated
  (`<bdi>` or U+2066…U+2069), so that the bidi algorithm cannot reorder them (`check_bidi`);
- every page names, with `<link rel="alternate" hreflang>`, the same page in every language, and
  with `hreflang="x-default"` the default language's page (the 404 page, shared by all
  languages, names each language's home page).

Plain Python (the standard library's HTML parser, nothing from MkDocs); `tarifa check-site
site/` runs it. External links (http, https, mailto, tel, …) are not followed.
"""

from __future__ import annotations

import json
import posixpath
import sys
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

from tarifa.pages import bidi
from tarifa.publish.hreflang import X_DEFAULT

LINK_ATTRIBUTES = {
    "a": "href",
    "link": "href",
    "script": "src",
    "img": "src",
    "source": "src",
    "iframe": "src",
}
SITEMAP_NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}


@dataclass(frozen=True, order=True)
class Finding:
    """One problem of the built site: the file (relative to the site), its line, what is wrong."""

    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


@dataclass
class Document:
    """What the checks need to know about one HTML file."""

    path: str
    ids: set[str] = field(default_factory=set)
    links: list[tuple[int, str, str]] = field(default_factory=list)  # line, element, href
    title: str | None = None
    description: str | None = None
    lang: str | None = None
    #: `dir` of `<body>`, where Material writes the page's direction.
    direction: str | None = None
    alternates: dict[str, tuple[int, str]] = field(default_factory=dict)  # hreflang: line, href


class _Parser(HTMLParser):
    def __init__(self, document: Document) -> None:
        super().__init__(convert_charrefs=True)
        self.doc = document
        self._in_head_title = False
        self._in_head = False
        self._title: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        line = self.getpos()[0]
        if "id" in attributes:
            self.doc.ids.add(attributes["id"])
        if tag == "a" and "name" in attributes:
            self.doc.ids.add(attributes["name"])
        if tag == "html":
            self.doc.lang = attributes.get("lang")
        elif tag == "body":
            self.doc.direction = attributes.get("dir")
        elif tag == "head":
            self._in_head = True
        elif tag == "title" and self._in_head and self.doc.title is None:
            self._in_head_title = True
        elif tag == "meta" and attributes.get("name") == "description":
            self.doc.description = attributes.get("content", "")
        if tag == "link" and attributes.get("rel") == "alternate" and "hreflang" in attributes:
            self.doc.alternates[attributes["hreflang"]] = (line, attributes.get("href", ""))
        attribute = LINK_ATTRIBUTES.get(tag)
        if attribute and attribute in attributes:
            self.doc.links.append((line, tag, attributes[attribute]))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title" and self._in_head_title:
            self._in_head_title = False
            self.doc.title = "".join(self._title).strip()
        elif tag == "head":
            self._in_head = False

    def handle_data(self, data: str) -> None:
        if self._in_head_title:
            self._title.append(data)


def parse(site: Path, path: str) -> Document:
    """Read one HTML file of the site (`path` is relative to the site, with `/`)."""
    document = Document(path)
    parser = _Parser(document)
    parser.feed((site / path).read_text(encoding="utf-8"))
    parser.close()
    return document


class Site:
    """A built site on disk: its files and, read on demand, its HTML documents."""

    def __init__(self, root: Path, *, site_url: str | None = None) -> None:
        self.root = root
        self.files = {p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file()}
        self.site_url = site_url.rstrip("/") + "/" if site_url else None
        self.base_path = urlsplit(self.site_url).path if self.site_url else "/"
        self._documents: dict[str, Document] = {}

    @property
    def pages(self) -> list[str]:
        return sorted(f for f in self.files if f.endswith(".html"))

    def document(self, path: str) -> Document:
        if path not in self._documents:
            self._documents[path] = parse(self.root, path)
        return self._documents[path]

    def target(self, source: str, href: str) -> tuple[str, str] | str | None:
        """Where `href` on the page `source` leads: (file, fragment), None if external, or why not."""
        if self.site_url and href.startswith(self.site_url):
            href = self.base_path + href[len(self.site_url) :]
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return None
        path, fragment = unquote(parts.path), unquote(parts.fragment)
        if not path:
            return source, fragment
        if path.startswith("/"):
            if not path.startswith(self.base_path):
                return f"is outside the site's path {self.base_path}"
            joined = path[len(self.base_path) :]
        else:
            joined = posixpath.join(posixpath.dirname(source), path)
        file = posixpath.normpath(joined) if joined else "."
        if file == ".." or file.startswith("../"):
            return "leads outside the site"
        if file == ".":
            file = ""
        if file not in self.files:
            index = posixpath.join(file, "index.html") if file else "index.html"
            if index in self.files:
                file = index
            else:
                return f"leads to {file or '/'}, which does not exist"
        return file, fragment

    def check_href(self, source: str, line: int, element: str, href: str) -> Finding | None:
        target = self.target(source, href)
        if target is None:
            return None
        if isinstance(target, str):
            return Finding(source, line, f"broken link <{element}> {href!r}: it {target}")
        file, fragment = target
        if fragment and file.endswith(".html") and fragment not in self.document(file).ids:
            where = "this page" if file == source else file
            return Finding(source, line, f"broken anchor <{element}> {href!r}: no id {fragment!r} in {where}")
        return None


def check_links(site: Site) -> list[Finding]:
    """Every internal link and anchor of every page, the search index and (with a site URL) sitemap."""
    findings: list[Finding] = []
    for path in site.pages:
        for line, element, href in site.document(path).links:
            finding = site.check_href(path, line, element, href)
            if finding:
                findings.append(finding)
    findings += _check_search_index(site)
    findings += _check_sitemap(site)
    return findings


def _check_search_index(site: Site) -> list[Finding]:
    index = "search/search_index.json"
    if index not in site.files:
        return []
    docs = json.loads((site.root / index).read_text(encoding="utf-8")).get("docs", [])
    findings = []
    for number, entry in enumerate(docs):
        location = entry.get("location", "")
        found = site.check_href("index.html", 1, "search result", location)
        if found:
            findings.append(Finding(index, 1, f"docs[{number}]: {found.message}"))
    return findings


def _check_sitemap(site: Site) -> list[Finding]:
    if "sitemap.xml" not in site.files or not site.site_url:
        return []
    tree = ET.parse(site.root / "sitemap.xml")
    urls = [e.text or "" for e in tree.iterfind(".//s:loc", SITEMAP_NS)]
    urls += [e.get("href", "") for e in tree.iterfind(".//x:link", SITEMAP_NS)]
    findings = []
    for url in urls:
        if not url.startswith(site.site_url):
            findings.append(Finding("sitemap.xml", 1, f"{url!r} is not under the site URL {site.site_url}"))
            continue
        found = site.check_href("index.html", 1, "loc", url)
        if found:
            findings.append(Finding("sitemap.xml", 1, found.message))
    return findings


def site_locales(site: Site) -> list[str]:
    """The languages the pages name in hreflang, the default one (built at the root) first."""
    names: set[str] = set()
    for path in site.pages:
        names.update(site.document(path).alternates)
    at_root = sorted(n for n in names if f"{n}/index.html" not in site.files)
    return at_root[:1] + sorted(names - set(at_root[:1]))


def check_pages(site: Site, locales: Iterable[str] | None = None) -> list[Finding]:
    """Title, description, language and hreflang alternates of every page.

    `locales`: every language of the site, the default one (built at the root) first; read from
    the pages' own hreflang links when not given.
    """
    languages = list(locales) if locales is not None else site_locales(site)
    default = languages[0] if languages else None
    findings: list[Finding] = []
    for path in site.pages:
        doc = site.document(path)
        first = path.split("/", 1)[0]
        locale = first if first in languages[1:] and "/" in path else default
        key = path[len(first) + 1 :] if locale != default else path
        if not doc.title:
            findings.append(Finding(path, 1, "no <title> (or an empty one)"))
        if not (doc.description or "").strip():
            findings.append(Finding(path, 1, 'no <meta name="description"> (or an empty one)'))
        if locale is not None and doc.lang != locale:
            findings.append(Finding(path, 1, f"<html lang> is {doc.lang!r}, expected {locale!r}"))
        if not languages:
            continue
        missing = [lang for lang in [*languages, X_DEFAULT] if lang not in doc.alternates]
        extra = sorted(set(doc.alternates) - {*languages, X_DEFAULT})
        if missing:
            findings.append(Finding(path, 1, f"no hreflang alternate for {', '.join(missing)}"))
        if extra:
            unknown = ", ".join(extra)
            findings.append(Finding(path, 1, f"hreflang alternate for an unknown language: {unknown}"))
        for lang in [*languages, X_DEFAULT]:
            if lang not in doc.alternates:
                continue
            line, href = doc.alternates[lang]
            prefix = "" if lang in (default, X_DEFAULT) else f"{lang}/"
            expected = prefix + ("index.html" if key == "404.html" else key)
            target = site.target(path, href)
            if isinstance(target, tuple) and target[0] != expected:
                message = f"hreflang {lang!r} alternate {href!r} leads to {target[0]}, expected {expected}"
                findings.append(Finding(path, line, message))
    return findings


def check_bidi(site: Site) -> list[Finding]:
    """Every left-to-right run (a number, a percentage, Latin words) in the right-to-left text of
    a page's article that is not isolated: the browser may draw "50%" as "%50", or move the full
    stop of "Kestrel Cloud." to its far side."""
    findings = []
    for path in site.pages:
        if site.document(path).direction != "rtl":
            continue
        html = (site.root / path).read_text(encoding="utf-8")
        start, end = html.find("<article"), html.rfind("</article>")
        if start < 0 or end < start:
            continue
        offset = html.count("\n", 0, start)
        for line, run in bidi.unisolated(html[start:end]):
            message = f"{run!r} in right-to-left text is not isolated (<bdi> or U+2066…U+2069)"
            findings.append(Finding(path, offset + line, message))
    return findings


def check_site(
    root: Path, *, site_url: str | None = None, locales: Iterable[str] | None = None
) -> list[Finding]:
    """Every check of this module on the site built in `root`, sorted by file and line."""
    site = Site(root, site_url=site_url)
    return sorted(set(check_links(site) + check_pages(site, locales) + check_bidi(site)))


def main(root: Path, *, site_url: str | None = None, locales: str | None = None) -> int:
    """`tarifa check-site`: print one line per finding; 1 if there is any, else 0."""
    if not (root / "index.html").is_file():
        print(f"{root}: no built site here (no index.html); build it first", file=sys.stderr)
        return 2
    languages = [lang.strip() for lang in locales.split(",")] if locales else None
    findings = check_site(root, site_url=site_url, locales=languages)
    for finding in findings:
        print(f"{root.as_posix().rstrip('/')}/{finding}", file=sys.stderr)
    site = Site(root)
    if findings:
        print(f"{root}: {len(findings)} problem{'s' if len(findings) != 1 else ''}", file=sys.stderr)
        return 1
    print(f"{root}: {len(site.pages)} pages checked: OK")
    return 0
