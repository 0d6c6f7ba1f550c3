r"""Tarifa's own stylesheets and scripts, without their comments and indentation, as the site
serves them (the package keeps the commented sources); and each page's HTML without its
indentation (`html`).

Conservative on purpose: only whole-line comments and leading whitespace go, so nothing inside a
string, a regular expression or a CSS `content` can change. On the example's pricing page that is
2.8 KB of 10 KB compressed.

>>> print(script('  /* a\n   comment */\n  var a = "/* kept */"; // kept\n  // gone\n\n  f(a);\n'))
var a = "/* kept */"; // kept
f(a);
<BLANKLINE>
>>> stylesheet('/* gone */\n.a {\n  color: red; /* gone */\n  content: "x";\n}\n')
'.a {\ncolor: red;\ncontent: "x";\n}\n'
"""

from __future__ import annotations

import re

_BLOCK_LINE = re.compile(r"^[ \t]*/\*(?:(?!\*/).)*\*/[ \t]*\n", re.M | re.S)
_LINE_COMMENT = re.compile(r"^[ \t]*//.*\n", re.M)
_INDENT = re.compile(r"^[ \t]+|[ \t]+$", re.M)
_BLANK = re.compile(r"\n{2,}")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def script(text: str) -> str:
    """JavaScript without whole-line comments, indentation and blank lines (no template
    literals span lines in Tarifa's scripts: a test checks)."""
    text = _LINE_COMMENT.sub("", _BLOCK_LINE.sub("", text))
    return _BLANK.sub("\n", _INDENT.sub("", text)).lstrip("\n")


def stylesheet(text: str) -> str:
    """CSS without comments (Tarifa's stylesheets have no `/*` in a string: a test checks),
    indentation and blank lines."""
    return _BLANK.sub("\n", _INDENT.sub("", _CSS_COMMENT.sub("", text))).lstrip("\n")


#: Elements whose text keeps every space: raw text (`script`, `style`, `textarea`) and what the
#: theme draws with `white-space: pre-wrap` (Material: `pre`, `code`, `kbd`; `samp` by habit).
_KEEP_SPACES = re.compile(r"<(pre|code|kbd|samp|textarea|script|style)\b.*?</\1\s*>", re.S | re.I)
_LINE_BREAK = re.compile(r"\n[ \t\r\n]*")


def html(text: str) -> str:
    r"""A page without the indentation and blank lines of the templates it was made of: every
    line break and the spaces after it become one line break, which the browser draws as the
    same one space (a fifth of a model page's bytes: smaller sites to write, upload and parse).
    The text of `pre`, `code`, `kbd`, `samp`, `textarea`, `script` and `style` is left as it is.

    >>> print(html('<ul>\n    <li>a\n\n      b</li>\n</ul>\n<pre>x\n    y</pre>\n  <script>\n  f()</script>'))
    <ul>
    <li>a
    b</li>
    </ul>
    <pre>x
        y</pre>
    <script>
      f()</script>
    """
    out, last = [], 0
    for kept in _KEEP_SPACES.finditer(text):
        out += [_LINE_BREAK.sub("\n", text[last : kept.start()]), kept.group(0)]
        last = kept.end()
    out.append(_LINE_BREAK.sub("\n", text[last:]))
    return "".join(out)
