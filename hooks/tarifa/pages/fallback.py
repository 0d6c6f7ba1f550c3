"""A page whose text fell back to the default language inside another language's build.

mkdocs-static-i18n shows the English page where a translation is missing, while Tarifa's
sections on it (headings, tables, cards) are written in the visitor's language. The English text
is marked as such: `lang="en"` (so that screen readers and hyphenation use English) and
`dir="ltr"` (so that on an Arabic or Hebrew page the full stop of an English sentence stays at
its end instead of jumping to the left of its first word). Tarifa's own sections are left in the
page's language and direction.

The sections are found by comments around each marker, put in before Markdown runs
(`mark_sections`) and taken out after (`wrap_text`):

>>> markdown = mark_sections("Intro.\\n\\n<!-- tarifa:rate-limits -->\\n\\nOutro.\\n")
>>> html = markdown.replace("Intro.", "<p>Intro.</p>").replace("Outro.", "<p>Outro.</p>")
>>> html = html.replace("<!-- tarifa:rate-limits -->", "<table>…</table>")
>>> print(wrap_text(html, "en"))
<div lang="en" dir="ltr">
<p>Intro.</p>
</div>
<table>…</table>
<div lang="en" dir="ltr">
<p>Outro.</p>
</div>
"""

from __future__ import annotations

import re

from tarifa.pages.markers import MARKER

START, END = "<!-- tarifa-section -->", "<!-- /tarifa-section -->"
_SPLIT = re.compile(rf"(?:<p>\s*)?({re.escape(START)}|{re.escape(END)})(?:\s*</p>)?")


def mark_sections(markdown: str) -> str:
    """Every marker between the comments that `wrap_text` splits the page's HTML at."""
    return MARKER.sub(lambda m: f"{START}\n\n{m.group(0)}\n\n{END}", markdown)


def wrap_text(html: str, language: str, direction: str = "ltr") -> str:
    """The page's HTML with each stretch of text outside Tarifa's sections in an element that
    says its language and direction."""
    out: list[str] = []
    depth = 0
    for index, part in enumerate(_SPLIT.split(html)):
        if index % 2:  # a comment
            depth += 1 if part == START else -1
            continue
        if depth > 0 or not part.strip():
            out.append(part.strip("\n"))
        else:
            out.append(f'<div lang="{language}" dir="{direction}">\n{part.strip()}\n</div>')
    return "\n".join(p for p in out if p)
