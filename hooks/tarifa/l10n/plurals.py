"""The gettext plural rule of a language, derived from CLDR's plural categories.

Babel offers two rules and neither is the one translators' tools use:

* `babel.messages.plurals.get_plural` is a table older than CLDR's current data: Hebrew has 2 forms
  (CLDR: one, two, other), and Arabic orders its forms [4] = 100–102, [5] = 11–99, the reverse of
  GNU gettext, Poedit and Weblate, so a translator puts "11 tokens" in the slot of "100 tokens";
* `babel.plural.to_gettext(Locale.parse(locale).plural_form)` follows CLDR but keeps categories
  that only decimals or compact exponents reach (French and Spanish get a third form depending on
  `e`, which is no variable of a gettext expression; Russian a fourth, for fractions).

A count in a gettext message is a whole number, so the rule here keeps the categories CLDR gives
to the whole numbers 0 to 1000 (the numbers `tarifa check` compares rules on), in CLDR's order
(zero, one, two, few, many, other): the numbering GNU gettext's documentation, Poedit and Weblate
use. Where Babel's table has an equivalent expression it is written as that table writes it
(`n != 1`), so that headers stay the ones every tool knows:

>>> for locale in ("he", "ja", "de", "fr", "es"):
...     rule = plural_rule(locale)
...     print(locale, rule.header, " ".join(rule.categories))
he nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2); one two other
ja nplurals=1; plural=0; other
de nplurals=2; plural=(n != 1); one other
fr nplurals=2; plural=(n > 1); one other
es nplurals=2; plural=(n != 1); one other
>>> arabic = plural_rule("ar")
>>> arabic.categories
('zero', 'one', 'two', 'few', 'many', 'other')
>>> print(arabic.header.replace(" : ", " :\\n"))
nplurals=6; plural=(n==0 ? 0 :
n==1 ? 1 :
n==2 ? 2 :
n%100>=3 && n%100<=10 ? 3 :
n%100>=11 && n%100<=99 ? 4 :
5);
"""

from __future__ import annotations

import gettext
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.messages.plurals import get_plural

#: CLDR's plural categories, in the order of their forms in a gettext catalogue.
CATEGORIES = ("zero", "one", "two", "few", "many", "other")
#: The whole numbers on which two rules must agree to be the same rule.
CHECKED = range(1001)
_HEADER = re.compile(r"\s*nplurals\s*=\s*(\d+)\s*;\s*plural\s*=\s*(.+?)\s*;?\s*")


@dataclass(frozen=True)
class PluralRule:
    """A language's plural forms: how many, the gettext expression, the CLDR category of each."""

    nplurals: int
    expr: str
    categories: tuple[str, ...]

    @property
    def header(self) -> str:
        """The value of a catalogue's Plural-Forms header."""
        return f"nplurals={self.nplurals}; plural={self.expr};"

    def form(self, n: int) -> int:
        return _compiled(self.expr)(n)


@lru_cache(maxsize=64)
def plural_rule(locale: str) -> PluralRule:
    """The rule a catalogue of `locale` must have (see the module's docstring)."""
    cldr = Locale.parse(locale).plural_form
    seen = {cldr(n) for n in CHECKED}
    categories = tuple(c for c in CATEGORIES if c in seen)
    rules = dict(cldr.abstract)
    branches = [(_condition(rules[c]), index) for index, c in enumerate(categories[:-1])]
    expr = " : ".join(f"{cond} ? {index}" for cond, index in branches)
    expr = f"({expr} : {len(categories) - 1})" if branches else "0"
    legacy = get_plural(locale)
    if legacy.num_plurals == len(categories) and same_rule(legacy.plural_expr, expr):
        expr = legacy.plural_expr  # the same rule, as GNU gettext's documentation writes it
    return PluralRule(len(categories), expr, categories)


def parse_header(written: str) -> tuple[int, str] | None:
    """(nplurals, expression) of a Plural-Forms header, or None if it is not one."""
    match = _HEADER.fullmatch(written)
    if not match:
        return None
    try:
        _compiled(match.group(2))
    except (ValueError, SyntaxError):
        return None
    return int(match.group(1)), match.group(2)


def same_rule(theirs: str, ours: str) -> bool:
    """Whether two gettext expressions give every whole number from 0 to 1000 the same form."""
    try:
        a, b = _compiled(theirs), _compiled(ours)
    except (ValueError, SyntaxError):
        return False
    return all(a(n) == b(n) for n in CHECKED)


def form_mapping(written: str, rule: PluralRule) -> list[int] | None:
    """Where each form of `rule` is in a catalogue written with another Plural-Forms header.

    `result[new] = old`: the numbers that take form `new` under `rule` all took form `old` under
    the written rule. None when there is no such mapping (a form of `rule` was split over two
    written ones, or the header is no rule). A permutation moves forms (Babel's legacy Arabic
    order); a mapping that uses a written form twice splits it (Babel's 2-form Hebrew, whose
    plural form now serves "two" and "other"), and the copies need a translator's review.

    >>> legacy = ("nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : "
    ...           "n%100>=0 && n%100<=2 ? 4 : 5);")
    >>> form_mapping(legacy, plural_rule("ar"))
    [0, 1, 2, 3, 5, 4]
    >>> form_mapping("nplurals=2; plural=(n != 1);", plural_rule("he"))
    [0, 1, 1]
    """
    parsed = parse_header(written)
    if parsed is None:
        return None
    nplurals, old = parsed[0], _compiled(parsed[1])
    mapping: dict[int, int] = {}
    for n in CHECKED:
        form = old(n)
        if not 0 <= form < nplurals or mapping.setdefault(rule.form(n), form) != form:
            return None
    if sorted(mapping) != list(range(rule.nplurals)):
        return None
    return [mapping[i] for i in range(rule.nplurals)]


@lru_cache(maxsize=256)
def _compiled(expr: str) -> Callable[[int], int]:
    return gettext.c2py(expr)


# ── CLDR's rule as a gettext condition on a whole number ────────────────────────────────
# Operands of a whole number n: i = n, and v, w, f, t, c, e (decimals, exponent) are all 0.
# Each node compiles to a constant (bool or int) or to C text with its precedence, so that
# `v = 0` disappears and a condition reads as GNU gettext's documentation writes it.
_OR, _AND, _CMP, _ARITH = 1, 2, 3, 4
Compiled = tuple[int, str] | bool | int


def _condition(node: Any) -> str:
    result = _compile(node)
    if isinstance(result, bool):
        return "1" if result else "0"
    assert isinstance(result, tuple)
    return result[1]


def _wrap(item: tuple[int, str], level: int) -> str:
    return f"({item[1]})" if item[0] < level else item[1]


def _compile(node: Any) -> Compiled:
    op: str = node[0]
    args = node[1]
    if op in ("n", "i"):
        return (_ARITH + 1, "n")
    if op in ("v", "w", "f", "t", "c", "e"):
        return 0
    if op == "value":
        return int(args[0])
    if op == "mod":
        left, right = (_compile(a) for a in args)
        if isinstance(left, int) and isinstance(right, int):
            return left % right
        assert isinstance(left, tuple) and isinstance(right, int)
        return (_ARITH, f"{_wrap(left, _ARITH)}%{right}")
    if op == "not":
        inner = _compile(args[0])
        if isinstance(inner, bool):
            return not inner
        assert isinstance(inner, tuple)
        if inner[0] == _CMP and "==" in inner[1] and inner[1].count("=") == 2:
            return (_CMP, inner[1].replace("==", "!="))
        return (_ARITH + 1, f"!({inner[1]})")
    if op in ("and", "or"):
        level = _AND if op == "and" else _OR
        parts = [_compile(a) for a in args]
        keep: list[tuple[int, str]] = []
        for part in parts:
            if isinstance(part, bool):
                if part == (op == "or"):
                    return part  # x || true, x && false
                continue
            assert isinstance(part, tuple)
            keep.append(part)
        if not keep:
            return op == "and"
        joiner = " && " if op == "and" else " || "
        return keep[0] if len(keep) == 1 else (level, joiner.join(_wrap(p, level + 1) for p in keep))
    if op == "relation":
        method, expr, range_list = args
        del method  # `in` and `within` agree on whole numbers
        value = _compile(expr)
        ranges = [(_compile(a), _compile(b)) for a, b in range_list[1]]
        if isinstance(value, int):
            return bool(any(low <= value <= high for low, high in ranges))  # type: ignore[operator]
        assert isinstance(value, tuple)
        text = _wrap(value, _ARITH)
        tests: list[tuple[int, str]] = [
            (_CMP, f"{text}=={low}") if low == high else (_AND, f"{text}>={low} && {text}<={high}")
            for low, high in ranges
        ]
        return tests[0] if len(tests) == 1 else (_OR, " || ".join(_wrap(t, _OR + 1) for t in tests))
    raise ValueError(f"unknown plural rule node {op!r}")
