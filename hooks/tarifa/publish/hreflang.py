"""`hreflang="x-default"`: the page search engines show a visitor whose language the site lacks.

mkdocs-static-i18n names every language's version of a page (`<link rel="alternate" hreflang>`
in the head, `<xhtml:link>` in the sitemap) but not the fallback, which Google and Yandex read
from `x-default`. Here it is the default language's page: the language the site is written in,
at the root.

* `with_x_default` adds the head link next to the default language's own, with the same href;
* `SITEMAP_TEMPLATES` holds static-i18n's sitemap template with an `x-default` link in each
  entry, which the plugin puts before static-i18n's in the theme's folders.
"""

from __future__ import annotations

import re
from pathlib import Path

X_DEFAULT = "x-default"
SITEMAP_TEMPLATES = Path(__file__).parent / "templates"
_ALTERNATE = re.compile(r'<link rel="alternate" href="(?P<href>[^"]*)" hreflang="(?P<lang>[^"]+)">')


def with_x_default(html: str, default: str) -> str:
    """`html` with an x-default alternate beside the default language's one (once).

    >>> head = ('<link rel="alternate" href="../../pricing/" hreflang="en">\\n'
    ...         '<link rel="alternate" href="./" hreflang="de">')
    >>> print(with_x_default(head, "en"))
    <link rel="alternate" href="../../pricing/" hreflang="en">
    <link rel="alternate" href="../../pricing/" hreflang="x-default">
    <link rel="alternate" href="./" hreflang="de">
    >>> with_x_default(with_x_default(head, "en"), "en").count("x-default")
    1
    """
    head_end = html.find("</head>")
    head = html if head_end < 0 else html[:head_end]
    if f'hreflang="{X_DEFAULT}"' in head:
        return html
    for match in _ALTERNATE.finditer(head):
        if match.group("lang") == default:
            link = f'<link rel="alternate" href="{match.group("href")}" hreflang="{X_DEFAULT}">'
            end = match.end()
            indent = re.match(r"\s*", html[end:]).group(0) or "\n"  # type: ignore[union-attr]
            return html[:end] + indent + link + html[end:]
    return html
