"""Typography of translations: what a native proofreader corrects first, found by rule.

* French puts a no-break space before `:` `;` `?` `!` and inside `« »`: U+202F (narrow) or U+00A0.
  An ordinary space lets the sign start the next line; no space at all is English typography.
* Spanish opens every question and exclamation: `¿…?`, `¡…!`, each pair in one text.
* Arabic text takes Arabic punctuation: `،` `؛` `؟`, not `,` `;` `?` (a comma between digits, as
  in 1,000, is a number's).
* No translation holds bidi controls (marks, embeddings, overrides, isolates): they reorder or hide
  text, and the site isolates numbers and names itself. (`.po` entries are refused them already,
  by `checks.entry_problems`; hand-written pages are checked here.)

The text checked is prose: code, URLs, link targets, HTML and markers are masked beforehand
(`pagetext.prose`), placeholders such as `%(tier)s` count as words.

>>> for offset, expected, found in problems("Prix : 3 €; total ?", "fr"):
...     print(offset, expected, "-", found)
5 a no-break space (U+202F or U+00A0) before ":" - an ordinary space
10 a no-break space (U+202F or U+00A0) before ";" - no space
18 a no-break space (U+202F or U+00A0) before "?" - an ordinary space
>>> problems("Prix\\u00a0: 3 €\\u202f; « total\\u202f»", "fr")
[(14, 'a no-break space (U+202F or U+00A0) after "«"', 'an ordinary space')]
>>> [found for _, _, found in problems("¿Qué precio? Es gratis!", "es")]
['a "!" without its "¡"']
>>> [expected for _, expected, _ in problems("هل هذا مجاني? نعم, 1,000 رمز", "ar")]
['"؟" (Arabic punctuation in Arabic text)', '"،" (Arabic punctuation in Arabic text)']
"""

from __future__ import annotations

import re

#: Bidi controls: marks, the Arabic letter mark, embeddings and overrides, isolates.
BIDI_CONTROLS = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
NO_BREAK = "\u00a0\u202f"
_FRENCH_BEFORE = re.compile(r"[:;?!]")
_ARABIC_LETTER = re.compile("[\u0620-\u064a\u066e-\u06d3\u06d5\u06fa-\u06ff\u0750-\u077f]")
_LETTER = re.compile(r"[^\W\d_]")
_ARABIC_PUNCTUATION = {",": "،", ";": "؛", "?": "؟"}
Finding = tuple[int, str, str]


def problems(text: str, locale: str) -> list[Finding]:
    """(offset, expected, found) of every typographic mistake in `text` for `locale`."""
    language = locale.split("_")[0]
    found: list[Finding] = []
    if language == "fr":
        found += _french(text)
    elif language == "es":
        found += _spanish(text)
    elif language in ("ar", "fa", "ur"):
        found += _arabic(text)
    return sorted(found)


def bidi_controls(text: str) -> list[Finding]:
    """Every bidi control character in `text`."""
    return [
        (
            m.start(),
            "visible text without bidi controls (the site isolates numbers itself)",
            f"U+{ord(m.group(0)):04X}",
        )
        for m in BIDI_CONTROLS.finditer(text)
    ]


def _space(char: str) -> str:
    return "an ordinary space" if char == " " else "no space"


def _french(text: str) -> list[Finding]:
    found: list[Finding] = []
    for match in _FRENCH_BEFORE.finditer(text):
        at, sign = match.start(), match.group(0)
        before, after = text[at - 1 : at], text[at + 1 : at + 2]
        if not before or before in NO_BREAK or before in "?!:;\n":
            continue  # the start of the text, a no-break space, or the second sign of "?!"
        if sign == ":" and (after == "/" or (before.isdigit() and after.isdigit())):
            continue  # a URL's scheme, a time (10:30)
        found.append((at, f'a no-break space (U+202F or U+00A0) before "{sign}"', _space(before)))
    for match in re.finditer("«", text):
        after = text[match.end() : match.end() + 1]
        if after not in NO_BREAK:
            found.append((match.end(), 'a no-break space (U+202F or U+00A0) after "«"', _space(after)))
    for match in re.finditer("»", text):
        before = text[match.start() - 1] if match.start() else ""
        if before not in NO_BREAK:
            found.append((match.start(), 'a no-break space (U+202F or U+00A0) before "»"', _space(before)))
    return found


def _spanish(text: str) -> list[Finding]:
    found: list[Finding] = []
    for opening, closing in (("¿", "?"), ("¡", "!")):
        open_at: list[int] = []
        for match in re.finditer(f"[{opening}{re.escape(closing)}]", text):
            if match.group(0) == opening:
                open_at.append(match.start())
            elif open_at:
                open_at.pop()
            else:
                found.append(
                    (
                        match.start(),
                        f'"{opening}" before the "{closing}"',
                        f'a "{closing}" without its "{opening}"',
                    )
                )
        found += [
            (at, f'a "{closing}" after the "{opening}"', f'a "{opening}" never closed') for at in open_at
        ]
    return found


def _arabic(text: str) -> list[Finding]:
    found: list[Finding] = []
    for match in re.finditer(r"[,;?]", text):
        at, sign = match.start(), match.group(0)
        before, after = text[at - 1 : at], text[at + 1 : at + 2]
        if sign == "," and before.isdigit() and after.isdigit():
            continue  # 1,000
        if _arabic_side(text[:at][::-1]) or _arabic_side(text[at + 1 :]):
            expected = f'"{_ARABIC_PUNCTUATION[sign]}" (Arabic punctuation in Arabic text)'
            found.append((at, expected, f'"{sign}"'))
    return found


def _arabic_side(text: str) -> bool:
    """Whether the first letter in `text` (placeholders skipped) is Arabic."""
    text = re.sub(r"\)\w+\(%|%\(\w+\)\w", " ", text)  # placeholders, read either way
    letter = _LETTER.search(text)
    return bool(letter and _ARABIC_LETTER.match(letter.group(0)))
