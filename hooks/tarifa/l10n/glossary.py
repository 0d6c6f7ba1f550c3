"""A glossary per language, and the check that translations keep to it.

The glossary is the translators' file (`<glossary>/<locale>.yaml`, the `glossary` option of the
plugin; by default a `glossary` folder beside the catalogue):

```yaml
terms:
  rate limit:
    translation: Ratenlimit
    note: n.; pl. Ratenlimits.
    forms: [Ratenlimits]
```

Wherever the English text (a msgid of either gettext domain, a block of an English page) holds a
term, its translation must hold the term's `translation` or one of its `forms`, compared without
case, Arabic vowel marks and typographic variants of apostrophes and spaces; the translation
otherwise uses another word for the term ("Stapelverarbeitung" where the glossary says
"Batch-Verarbeitung").

English terms are whole words, plural `-s` or `-es` included ("tiers", "batches"); a term
written with a capital ("Free", the tier) matches only as written, one without matches at any
case ("Prices"). Where terms overlap, the longest wins: "chat model" is checked in "chat models",
"model" then is not. A translation may leave a term out on purpose: the term's `except` lists
English phrases ("Chat support", in the row named Support) whose texts are not checked for it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from tarifa.catalogue.yaml_source import Located, load_located
from tarifa.problems import Problem, TarifaError

#: Arabic vowel marks and tatweel, which a translation may write or leave out.
_ARABIC_MARKS = re.compile("[\u0640\u064b-\u065f\u0670]")
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_PLACEHOLDER = re.compile(r"%\(\w+\)[a-z]")


@dataclass(frozen=True)
class Term:
    english: str
    translation: str
    forms: tuple[str, ...]
    #: Where the term is written in the glossary file.
    line: int
    exceptions: frozenset[str] = frozenset()

    @property
    def accepted(self) -> tuple[str, ...]:
        return (self.translation, *self.forms)

    def pattern(self) -> re.Pattern[str]:
        words = [re.escape(w) for w in re.split(r"[\s-]+", self.english.strip())]
        body = r"[\s\u00a0-]+".join(words) + r"(?:e?s)?"
        flags = 0 if any(ch.isupper() for ch in self.english) else re.IGNORECASE
        return re.compile(rf"(?<![\w-]){body}(?![\w])", flags)


@dataclass
class Glossary:
    locale: str
    path: str
    terms: list[Term] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Longest first: "chat model" claims its words before "model" is looked for.
        self.terms.sort(key=lambda t: -len(t.english))
        self._patterns = [(t, t.pattern()) for t in self.terms]

    def missing(self, english: str, translation: str) -> list[Term]:
        """The terms that `english` holds and `translation` renders another way.

        >>> g = Glossary("de", "de.yaml", [Term("batch processing", "Batch-Verarbeitung", (), 1),
        ...                                Term("model", "Modell", ("Modelle",), 2),
        ...                                Term("chat model", "Chatmodell", ("Chatmodelle",), 3)])
        >>> english, german = "Batch processing for chat models", "Stapelverarbeitung für Chatmodelle"
        >>> [t.english for t in g.missing(english, german)]
        ['batch processing']
        >>> g.missing("Models", "MODELLE"), g.missing("Remodelled", "Umgebaut")
        ([], [])
        >>> g.missing("%(model)s", "%(model)s")  # a placeholder is no term
        []
        """
        found: list[Term] = []
        claimed = _PLACEHOLDER.sub(lambda m: "\0" * len(m.group(0)), english)  # %(model)s is no term
        text = normalize(translation)
        for term, pattern in self._patterns:
            hit = False

            def claim(match: re.Match[str]) -> str:
                nonlocal hit
                hit = True
                return "\0" * len(match.group(0))

            claimed = pattern.sub(claim, claimed)
            if not hit or any(phrase in english for phrase in term.exceptions):
                continue
            if not any(normalize(form) in text for form in term.accepted):
                found.append(term)
        return sorted(found, key=lambda t: t.line)


def normalize(text: str) -> str:
    """Text as the glossary compares it: NFC, no case, no Arabic vowel marks, one kind of space
    and apostrophe."""
    text = unicodedata.normalize("NFC", text).casefold()
    text = _ARABIC_MARKS.sub("", text).replace("\u2019", "'").replace("\u02bc", "'")
    return _SPACES.sub(" ", text)


def path_for(folder: Path, locale: str) -> Path:
    return folder / f"{locale}.yaml"


def load(path: Path, locale: str, display: str | None = None) -> Glossary:
    """Read a glossary, every mistake in it a problem with its line."""
    shown = display or str(path)
    located: Located = load_located(path, shown)
    data = located.data
    problems: list[Problem] = []
    terms: list[Term] = []
    if not isinstance(data, dict) or not isinstance(data.get("terms"), dict):
        raise TarifaError([Problem(shown, 1, 1, "terms", "a mapping of English terms", "none")])
    for english, entry in data["terms"].items():
        line, column = located.where(("terms", english), key=True)
        where = f"terms.{english}"
        if not isinstance(entry, dict) or not isinstance(entry.get("translation"), str):
            problems.append(Problem(shown, line, column, where, "a mapping with a translation", repr(entry)))
            continue
        forms = entry.get("forms") or []
        exceptions = entry.get("except") or []
        for key, value in (("forms", forms), ("except", exceptions)):
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                problems.append(
                    Problem(shown, line, column, f"{where}.{key}", "a list of texts", repr(value))
                )
        if problems:
            continue
        terms.append(Term(str(english), entry["translation"], tuple(forms), line, frozenset(exceptions)))
    if problems:
        raise TarifaError(problems)
    return Glossary(locale, shown, terms)


def describe(term: Term, glossary: Glossary) -> str:
    """What a problem expects: the term's translation and forms, and where the glossary says so."""
    accepted = " or ".join(repr(form) for form in term.accepted[:4])
    more = f" (or one of {len(term.accepted) - 4} more forms)" if len(term.accepted) > 4 else ""
    return f"{term.english!r} translated as {accepted}{more}, as {glossary.path}:{term.line} says"
