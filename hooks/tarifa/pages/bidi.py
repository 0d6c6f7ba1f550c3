"""Left-to-right runs inside right-to-left text, isolated so that the bidi algorithm cannot move
their neighbours: numbers, percentages and Latin words in Arabic or Hebrew prose.

Without isolation a browser draws "50% و75%" as "%50 و%75", pulls a full stop or a parenthesis
to the wrong end of "Kestrel Cloud." and joins a number to the Latin name before it. Each run in a
text that holds right-to-left letters becomes `<bdi>…</bdi>` (HTML's own isolate, which needs no
invisible characters). Text already isolated (inside `<bdi>`, or an element with its own `dir`,
such as the English text of a page that fell back to English), code, and elements that may hold
only text (`<option>`, `<title>`), and text for screen readers only (never drawn) are left as they are.

>>> print(isolate('<p>خصم 50% على Batch API، حتى 1,000 طلب.</p>'))
<p>خصم <bdi>50%</bdi> على <bdi>Batch API</bdi>، حتى <bdi>1,000</bdi> طلب.</p>
>>> print(isolate('<p>Kestrel Cloud: 50%</p><p dir="ltr">نص 3</p><code>رمز 5</code>'))
<p>Kestrel Cloud: 50%</p><p dir="ltr">نص 3</p><code>رمز 5</code>
>>> unisolated('<p>\\n<bdi>50%</bdi> و75%</p>')
[(2, '75%')]
>>> print(isolate('<td><bdi>50% و75%</bdi></td>'))
<td><bdi><bdi>50%</bdi> و<bdi>75%</bdi></bdi></td>
>>> unisolated('<p>السعر 0.59\\xa0\\u2066US$\\u2069</p>')  # a currency symbol isolated by characters
[(1, '0.59')]
"""

from __future__ import annotations

import re

#: Letters of the right-to-left scripts (Hebrew, Arabic, Syriac, Thaana, N'Ko, their presentation forms).
RTL_LETTER = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
#: A left-to-right run: Latin letters and European digits, with the signs that belong inside one
#: (1,000.5  3–10  50%  US$  e-mail  gpt-4o  R&amp;D), never starting or ending on a space or
#: inside a character reference (masked as \x01 before runs are looked for).
_STRONG = r"[A-Za-z0-9\u00c0-\u024f]"
_INSIDE = r"(?:[A-Za-z0-9\u00c0-\u024f%$€£¥.,:/+\-–_'’@#\x01]| (?=[A-Za-z0-9\u00c0-\u024f]))"
#: A character reference (`&amp;`): part of a run (R&amp;D), never cut, never the start of one.
_ENTITY = re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#[xX][0-9A-Fa-f]+);")
_RUN = re.compile(rf"{_STRONG}(?:{_INSIDE}*(?:{_STRONG}|[%$€£¥]))?")
#: A run isolated by characters: LRI, RLI or FSI … PDI (Tarifa's currency symbols).
_ISOLATED = re.compile("[\u2066-\u2068][^\u2069]*\u2069")
_TOKEN = re.compile(r"<!--.*?-->|<![^>]*>|<[^>]+>", re.S)
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)([^>]*?)(/?)>", re.S)
#: Elements whose text is left alone: isolated already, code, or text-only content.
_SKIP = frozenset(
    {"bdo", "code", "pre", "kbd", "samp", "script", "style", "svg", "math", "textarea", "option",
     "optgroup", "select", "title", "template"}
)  # fmt: skip
#: Text for screen readers only: it is never drawn, so nothing in it can be drawn out of order.
_HIDDEN = frozenset({"tarifa-sr", "md-visually-hidden", "sr-only", "visually-hidden"})
_CLASS = re.compile(r"""\sclass\s*=\s*["']([^"']*)["']""")
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)


def _runs(html: str) -> list[tuple[int, int]]:
    """(start, end) of every run that needs isolating, in `html`."""
    found: list[tuple[int, int]] = []
    stack: list[bool] = []  # for each open element: whether its text is left alone
    position = 0
    for token in [*_TOKEN.finditer(html), None]:
        end = token.start() if token is not None else len(html)
        text = html[position:end]
        if text and not any(stack) and RTL_LETTER.search(text):
            text = _ISOLATED.sub(lambda m: " " * len(m.group(0)), text)  # isolated by characters
            text = _ENTITY.sub(lambda m: "\x01" * len(m.group(0)), text)
            found += [(position + m.start(), position + m.end()) for m in _RUN.finditer(text)]
        if token is None:
            break
        position = token.end()
        tag = _TAG.fullmatch(token.group(0))
        if tag is None:
            continue  # a comment or a declaration
        closing, name, attributes, self_closing = tag.groups()
        name = name.lower()
        if name in _VOID or self_closing:
            continue
        if closing:
            if stack:
                stack.pop()
        else:
            stack.append(_left_alone(name, attributes))
    return found


def _left_alone(name: str, attributes: str) -> bool:
    """Whether an element's text is not isolated: see the module's docstring."""
    if name in _SKIP or re.search(r"\sdir\s*=", attributes):
        return True
    classes = _CLASS.search(attributes)
    return classes is not None and not _HIDDEN.isdisjoint(classes.group(1).split())


def isolate(html: str) -> str:
    """`html` with every left-to-right run of its right-to-left text inside `<bdi>`."""
    out, last = [], 0
    for start, end in _runs(html):
        out += [html[last:start], "<bdi>", html[start:end], "</bdi>"]
        last = end
    out.append(html[last:])
    return "".join(out)


def unisolated(html: str) -> list[tuple[int, str]]:
    """(line, text) of every left-to-right run of right-to-left text that is not isolated."""
    return [(html.count("\n", 0, start) + 1, html[start:end]) for start, end in _runs(html)]


#: Elements that hold one block of text (none of them nests in itself).
_BLOCK = re.compile(r"<(p|dd|dt|figcaption|caption|h[1-6]|summary|legend)(\s[^>]*)?>(.*?)</\1\s*>", re.S)
_OWN_DIRECTION = re.compile(r"\s(?:lang|dir)\s*=")
#: The end of a sentence, which the bidi algorithm moves to the wrong end of a Latin sentence in
#: right-to-left text ("​.Start for free").
_SENTENCE_MARK = re.compile(r"[.!?:;…][\"'’”»)\]]*\s*$")


def mark_english(html: str) -> str:
    r"""Each block of a right-to-left page that holds an English sentence and no right-to-left
    letter (Tarifa's interface or a provider's text not yet translated into Hebrew, say) marked
    `lang="en" dir="ltr"`, so that its full stop stays at its end; names, ids and numbers, which
    end on no punctuation, are left as they are (the page's direction aligns them).

    >>> print(mark_english('<p class="x">Build at no cost, no card needed.</p><h1>Orca 8B (free)</h1>'))
    <p class="x" lang="en" dir="ltr">Build at no cost, no card needed.</p><h1>Orca 8B (free)</h1>
    >>> print(mark_english('<p>ابدأ مجانًا.</p><p>US$ 0.05</p><p dir="rtl">Kestrel Cloud.</p>'))
    <p>ابدأ مجانًا.</p><p>US$ 0.05</p><p dir="rtl">Kestrel Cloud.</p>
    """

    def mark(match: re.Match[str]) -> str:
        name, attributes, inner = match.group(1), match.group(2) or "", match.group(3)
        text = _ENTITY.sub(" ", _TOKEN.sub("", inner))
        if (
            _OWN_DIRECTION.search(attributes)
            or RTL_LETTER.search(text)
            or not re.search(r"[A-Za-z]{2}", text)
            or not _SENTENCE_MARK.search(text)
        ):
            return match.group(0)
        return f'<{name}{attributes} lang="en" dir="ltr">{inner}</{name}>'

    return _BLOCK.sub(mark, html)
