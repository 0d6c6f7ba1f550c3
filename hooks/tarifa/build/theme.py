"""What Tarifa changes in Material for MkDocs' own files: no request to any third party, none
that is bound to fail, and no label for a control that is not there.

Material's JavaScript bundle loads two scripts from a CDN (unpkg.com): a ResizeObserver polyfill
for browsers that lack ResizeObserver, and Mermaid when a page has a diagram. A pricing site
makes no third-party request, in any browser: the polyfill is served from the site itself
(`assets/tarifa/vendor/resize-observer.js`, vendored with its MIT licence), and Mermaid from
`assets/tarifa/mermaid.min.js`, which a site that draws diagrams must add to its own files.

Material also fetches `sitemap.xml` beside every `<link rel="alternate">` of a page, to map the
page onto another *version* of the site. mkdocs-static-i18n's alternates are the page itself in
each language (and the Atom feed), so every page view asked for `/fr/pricing/sitemap.xml` and the
like and logged a 404 in the console. Those links need no mapping: the bundle's query for them is
narrowed to links that say `data-md-sitemap`, which no page has.

>>> print(local_scripts('x=_t("https://unpkg.com/resize-observer-polyfill")'))
x=_t(new URL("assets/tarifa/vendor/resize-observer.js",__md_scope).href)
>>> print(local_scripts('e.pipe(b(()=>M("link[rel=alternate]")))'))
e.pipe(b(()=>M("link[rel=alternate][data-md-sitemap]")))

Material's table of contents has a title that is a `<label for="__toc">` of a checkbox which only
the page's own entry in the navigation writes. A page outside the navigation (a retired model's,
every model's when the catalogue has more than `nav_models_max`, a list of all models) had a
label for no control, which is invalid HTML: there the title loses its `for`, and nothing else
changes (a label for a missing control does nothing when clicked).

>>> print(toc_title('<label class="md-nav__title" for="__toc">'))
<label class="md-nav__title">
>>> print(toc_title('<input id="__toc"> <label class="md-nav__title" for="__toc">'))
<input id="__toc"> <label class="md-nav__title" for="__toc">
"""

from __future__ import annotations

import re

#: The CDN addresses in Material 9.8's bundle, and the site's own file that replaces each.
LOCAL = {
    "https://unpkg.com/resize-observer-polyfill": "assets/tarifa/vendor/resize-observer.js",
    "https://unpkg.com/mermaid@11/dist/mermaid.min.js": "assets/tarifa/mermaid.min.js",
}
BUNDLE = re.compile(r"^assets/javascripts/bundle\.[0-9a-f]+\.min\.js$")
#: Any absolute address left in the bundle that a script could be loaded from.
_CDN = re.compile(r"https://unpkg\.com/[^\"'`]*")


#: The query for alternate links whose sitemap the bundle fetches, and what it becomes.
ALTERNATES = ('M("link[rel=alternate]")', 'M("link[rel=alternate][data-md-sitemap]")')


def local_scripts(bundle: str) -> str:
    """The bundle with each CDN address replaced by the site's own file (resolved against the
    site's root, `__md_scope`, which Material's page template defines before the bundle runs),
    and no sitemap fetched for the pages in other languages."""
    if bundle.count(ALTERNATES[0]) > 1:
        raise ValueError(f"Material's bundle queries {ALTERNATES[0]} more than once: check tarifa.theme")
    bundle = bundle.replace(*ALTERNATES)
    for remote, local in LOCAL.items():
        bundle = bundle.replace(f'"{remote}"', f'new URL("{local}",__md_scope).href')
    left = _CDN.findall(bundle)
    if left:
        raise ValueError(f"Material's bundle loads {', '.join(left)}: add it to tarifa.theme.LOCAL")
    return bundle


#: The title of Material's table of contents (partials/toc.html), and the checkbox it labels
#: (partials/nav-item.html, written for the current page only if the page is in the navigation).
TOC_TITLE = '<label class="md-nav__title" for="__toc">'
TOC_TOGGLE = 'id="__toc"'


def toc_title(page: str) -> str:
    """The page, with the table of contents' title a label of nothing if its checkbox is missing."""
    if TOC_TITLE not in page or TOC_TOGGLE in page:
        return page
    return page.replace(TOC_TITLE, '<label class="md-nav__title">')


#: Material's palette stylesheet: the colours of every primary and accent it offers.
PALETTE = re.compile(r"^assets/stylesheets/palette\.[0-9a-f]+\.min\.css$")
_COLOUR = re.compile(r"\[data-md-color-(primary|accent)=([a-z-]+)\]")


def palette_css(css: str, colours: dict[str, set[str]]) -> str:
    """Material's palette stylesheet with only the colours the site's palette uses
    (`colours`: {"primary": {...}, "accent": {...}}): every page loads it, and the other 20
    primaries and 16 accents are 60 % of it. Rules of other colours go; a selector list keeps
    the selectors that still apply; everything else (the schemes, `:root`) is unchanged.

    >>> css = "[data-md-color-primary=red]{a:1}@media screen{[data-md-color-accent=red],"
    >>> css += "[data-md-color-accent=indigo] .x{b:2}}:root{c:3}"
    >>> palette_css(css, {"primary": {"indigo"}, "accent": {"indigo"}})
    '@media screen{[data-md-color-accent=indigo] .x{b:2}}:root{c:3}'
    """
    out: list[str] = []
    position = 0
    while position < len(css):
        brace = css.find("{", position)
        if brace < 0:
            out.append(css[position:])
            break
        prelude = css[position:brace]
        if prelude.lstrip().startswith("@"):  # a block of rules: filter what is inside
            depth, end = 1, brace + 1
            while depth and end < len(css):
                depth += {"{": 1, "}": -1}.get(css[end], 0)
                end += 1
            inner = palette_css(css[brace + 1 : end - 1], colours)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
            position = end
            continue
        end = css.index("}", brace) + 1
        kept = [
            selector
            for selector in prelude.split(",")
            if all(value in colours[kind] for kind, value in _COLOUR.findall(selector))
        ]
        if kept:
            out.append(",".join(kept) + css[brace:end])
        position = end
    return "".join(out)


def palette_colours(palette: object) -> dict[str, set[str]]:
    """The primaries and accents of Material's `theme.palette` (one entry or a list of toggles)."""
    entries = palette if isinstance(palette, list) else [palette] if isinstance(palette, dict) else []
    colours: dict[str, set[str]] = {"primary": set(), "accent": set()}
    for entry in entries:
        for kind in colours:
            value = entry.get(kind) if isinstance(entry, dict) else None
            # Material's base template writes indigo when an entry names no colour.
            colours[kind].add(value.lower().replace(" ", "-") if isinstance(value, str) else "indigo")
    return colours


#: Material's main stylesheet: every feature's icon is a custom property holding an SVG.
MAIN = re.compile(r"^assets/stylesheets/main\.[0-9a-f]+\.min\.css$")
_ICON = re.compile(r'(--md-[a-z-]+):url\("data:image/svg\+xml;[^"]*"\);?')
#: Material's types of admonition; `note` is also the icon of one that names no known type.
ADMONITIONS = (
    "note", "abstract", "info", "tip", "success", "question",
    "warning", "failure", "danger", "bug", "example", "quote",
)  # fmt: skip
#: The admonitions of Tarifa's own pages (templates/outdated.html, templates/untranslated.html).
TARIFA_ADMONITIONS = frozenset({"note", "warning", "info"})
_ADMONITION_SYNTAX = re.compile(r"^[ \t]*(?:!!!|\?\?\?\+?)[ \t]+([\w-]+)", re.MULTILINE)
_CLASSES = re.compile(r"""class=["']([^"']*)["']|\{:?([^{}\n]*)\}""")


def used_classes(sources: str) -> set[str]:
    """The admonition types and classes that a site's own Markdown, HTML and templates name:
    `!!! tip`, `??? bug`, `class="annotate"`, `{ .copy }`.

    >>> sorted(used_classes('!!! tip "A"\\n???+ bug\\n<div class="admonition quote">\\n``` { .copy }'))
    ['admonition', 'bug', 'copy', 'quote', 'tip']
    """
    used = set(_ADMONITION_SYNTAX.findall(sources))
    for attribute, attr_list in _CLASSES.findall(sources):
        words = attribute.split() if attribute else [w[1:] for w in attr_list.split() if w.startswith(".")]
        used.update(words)
    return used


def unused_icons(
    *,
    classes: set[str],
    features: set[str],
    plugins: set[str],
    extensions: set[str],
    repository: bool,
    version: bool,
    status: bool,
) -> set[str]:
    """The icons of Material's main stylesheet that no page of the site can show: those of
    features it does not use (a repository, versions, a blog, tags, page status, code copy and
    select buttons, code annotations, task lists, tabs, footnotes) and of admonition types that
    neither its sources (`classes`, see `used_classes`) nor Tarifa's pages name. Each is a
    `data:` SVG in every page's stylesheet (3.4 KB of its 22.8 KB gzip for the example site).

    >>> sorted(unused_icons(classes={"tip"}, features=set(), plugins={"material/blog"},
    ...     extensions={"footnotes", "pymdownx.tabbed"}, repository=True, version=False,
    ...     status=False))  # doctest: +NORMALIZE_WHITESPACE
    ['--md-admonition-icon--abstract', '--md-admonition-icon--bug', '--md-admonition-icon--danger',
     '--md-admonition-icon--example', '--md-admonition-icon--failure',
     '--md-admonition-icon--question', '--md-admonition-icon--quote',
     '--md-admonition-icon--success', '--md-annotation-bg-icon', '--md-annotation-icon',
     '--md-clipboard-icon', '--md-code-copy-icon', '--md-code-select-icon', '--md-status',
     '--md-status--deprecated', '--md-status--encrypted', '--md-status--new', '--md-tag-icon',
     '--md-tasklist-icon', '--md-tasklist-icon--checked', '--md-version-icon']
    """
    plugins = {name.removeprefix("material/") for name in plugins}
    copy = "content.code.copy" in features or "copy" in classes
    needed = {
        ("--md-source-forks-icon", "--md-source-repositories-icon", "--md-source-stars-icon",
         "--md-source-version-icon"): repository,
        ("--md-version-icon",): version,
        ("--md-post-pin-icon",): "blog" in plugins,
        ("--md-tag-icon",): "tags" in plugins,
        ("--md-status", "--md-status--new", "--md-status--deprecated", "--md-status--encrypted"): status,
        ("--md-clipboard-icon", "--md-code-copy-icon"): copy,
        ("--md-code-select-icon",): "content.code.select" in features or "select" in classes,
        ("--md-annotation-bg-icon", "--md-annotation-icon"): "content.code.annotate" in features
        or "annotate" in classes,
        ("--md-tasklist-icon", "--md-tasklist-icon--checked"): "pymdownx.tasklist" in extensions
        or "task-list-item" in classes,
        ("--md-tabbed-icon--prev", "--md-tabbed-icon--next"): "pymdownx.tabbed" in extensions
        or "pymdownx.blocks.tab" in extensions,
        ("--md-footnotes-icon",): "footnotes" in extensions or "pymdownx.blocks.footnotes" in extensions,
    }  # fmt: skip
    unused = {name for names, used in needed.items() if not used for name in names}
    kept = TARIFA_ADMONITIONS | classes
    unused.update(f"--md-admonition-icon--{kind}" for kind in ADMONITIONS if kind not in kept)
    return unused


def main_css(css: str, unused: set[str]) -> str:
    """Material's main stylesheet without the `unused` icons (see `unused_icons`). A rule that
    refers to one only styles markup of a feature the site lacks; nothing else changes.

    >>> main_css(':root{--md-a:url("data:image/svg+xml;charset=utf-8,<svg/>");--md-b:url('
    ...          '"data:image/svg+xml;charset=utf-8,<svg/>")}.x{color:red}', {"--md-a"})
    ':root{--md-b:url("data:image/svg+xml;charset=utf-8,<svg/>")}.x{color:red}'
    """
    return _ICON.sub(lambda m: "" if m.group(1) in unused else m.group(0), css)
