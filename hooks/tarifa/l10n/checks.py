"""Checks of the gettext catalogues: what `tarifa check` fails on, and what `tarifa status` counts.

Every problem names the `.po` line to fix. A translation is *broken* when the build would show it
wrongly: a placeholder missing, renamed or added (Python's `%` would raise or drop a value), a
plural form too many or too few for the language, or markup that the site would print as text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from tarifa.l10n.plurals import form_mapping, parse_header, plural_rule, same_rule
from tarifa.l10n.po_reader import Entry, PoFile
from tarifa.l10n.po_reader import read as read_po
from tarifa.problems import UNSAFE, Problem, TarifaError

PLACEHOLDER = re.compile(r"%\((\w+)\)")
#: printf-style conversions without a name (`%s`, `%d`, `%.2f`): never what Tarifa passes. Not a
#: percent sign before a word ("10 % de remise", "100%sur"), which prose writes all the time.
POSITIONAL = re.compile(r"%(?!\()[-#0+]*[0-9*]*(?:\.[0-9*]+)?[diouxXeEfFgGcrsa](?![^\W\d_])")
#: Markup a translation must not contain, by the name used in problems.
MARKUP = [
    # Any `<` that could open a tag, closed or not: the theme's own markup may supply the `>`.
    ("HTML tag", re.compile(r"<[A-Za-z/!?][^<>]{0,40}>?")),
    ("HTML entity", re.compile(r"&(?:[A-Za-z][A-Za-z0-9]*|#[0-9]+|#x[0-9A-Fa-f]+);")),
    ("Markdown link", re.compile(r"!?\[[^\]\n]+\](?:\([^)\n]*\)|\[[^\]\n]*\])")),
    ("Markdown emphasis", re.compile(r"(?<![\w*])\*{1,3}(?![\s*])[^*\n]+?(?<![\s*])\*{1,3}(?![\w*])")),
    ("Markdown emphasis", re.compile(r"(?<![\w_])_{1,3}(?![\s_])[^_\n]+?(?<![\s_])_{1,3}(?![\w_])")),
    ("Markdown code", re.compile(r"`[^`\n]+`")),
]
Key = tuple[str | None, str]


@dataclass
class Template:
    """The messages every `.po` should translate: (msgctxt, msgid) → plural msgid or None."""

    messages: dict[Key, str | None]

    @classmethod
    def of(cls, entries: Iterable[tuple[str | None, str, str | None]]) -> Template:
        return cls({(context, msgid): plural for context, msgid, plural in entries})


@dataclass
class LocaleReport:
    """One locale's catalogue, counted against the template, with its problems."""

    locale: str
    path: str
    total: int = 0
    translated: int = 0
    fuzzy: int = 0
    missing: int = 0
    broken: int = 0
    obsolete: int = 0
    problems: list[Problem] = field(default_factory=list)
    #: Entries to finish (fuzzy or untranslated), reported only when the locale is incomplete.
    unfinished: list[Problem] = field(default_factory=list)

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def format_error(text: str, names: set[str]) -> str | None:
    """Why `text % values` would fail with the placeholders the code passes, or None."""
    try:
        text % dict.fromkeys(names, 1)
    except KeyError as error:
        return f"unknown placeholder %({error.args[0]})s"
    except (ValueError, TypeError) as error:
        return f"an invalid format ({error}; write %% for a percent sign)"
    return None


def markup(text: str, english: str) -> list[tuple[str, str]]:
    """(kind, excerpt) of every piece of markup in `text` that the English text does not have."""
    found = []
    for kind, pattern in MARKUP:
        for match in pattern.finditer(text):
            if match.group(0) not in english:
                found.append((match.start(), kind, match.group(0)))
    return [(kind, excerpt) for _, kind, excerpt in sorted(found)]


def expected_plurals(locale: str) -> tuple[int, str]:
    """Number of plural forms and the gettext expression of `locale`, from CLDR (`tarifa.l10n.plurals`)."""
    rule = plural_rule(locale)
    return rule.nplurals, rule.expr


def entry_problems(po: PoFile, entry: Entry, nplurals: int) -> list[Problem]:
    """What makes one translated entry broken: placeholders, plural forms, markup."""
    problems: list[Problem] = []
    path = entry.describe()
    first = min(entry.string_lines.values(), default=entry.line)
    if entry.plural:
        indices = sorted(entry.strings)
        if indices != list(range(nplurals)):
            problems.append(
                Problem(
                    po.path,
                    first,
                    1,
                    path,
                    f"{nplurals} plural form{'s' if nplurals != 1 else ''} "
                    f"(msgstr[0] to msgstr[{nplurals - 1}])",
                    f"{len(indices)}: " + ", ".join(f"msgstr[{i}]" for i in indices),
                )
            )
    elif set(entry.strings) != {0}:
        problems.append(
            Problem(po.path, first, 1, path, "one msgstr (the English text has no plural)", "msgstr[n]")
        )
    wanted = placeholders(entry.msgid) | placeholders(entry.msgid_plural or "")
    english = entry.msgid + "\n" + (entry.msgid_plural or "")
    # A message with placeholders, and every plural message, is %-formatted where it is used
    # (in code and in templates alike); a message without them is shown as it is written.
    is_format = "%(" in english or "python-format" in entry.flags or bool(entry.plural)
    for index, text in sorted(entry.strings.items()):
        line = entry.string_lines.get(index, entry.line)
        form = f"{path} msgstr[{index}]" if entry.plural else path
        have = placeholders(text)
        if have != wanted:
            missing = ", ".join(f"%({n})s" for n in sorted(wanted - have))
            extra = ", ".join(f"%({n})s" for n in sorted(have - wanted))
            found = "; ".join(
                part
                for part in (f"missing {missing}" if missing else "", f"unknown {extra}" if extra else "")
                if part
            )
            expected = (
                "the placeholders " + ", ".join(f"%({n})s" for n in sorted(wanted))
                if wanted
                else "no placeholders"
            )
            problems.append(Problem(po.path, line, 1, form, f"{expected} as in the English text", found))
        elif is_format:
            error = format_error(text, wanted)
            if error:
                problems.append(Problem(po.path, line, 1, form, "a valid Python %-format", error))
        scanned = text.replace("%%", "  ") if is_format else text
        positional = [m.group(0) for m in POSITIONAL.finditer(scanned) if m.group(0) not in english]
        if positional:
            problems.append(
                Problem(
                    po.path,
                    line,
                    1,
                    form,
                    "named placeholders only, as in the English text (write %% for a percent sign)"
                    if is_format
                    else "plain text without printf conversions",
                    ", ".join(positional),
                )
            )
        # Control characters and bidi controls (marks, embeddings, overrides, isolates) reorder
        # or hide text: Tarifa isolates numbers and names itself.
        hidden = sorted({c for c in UNSAFE.findall(text) if c not in english})
        if hidden:
            named = {"\n": "a line break", "\t": "a tab"}
            problems.append(
                Problem(
                    po.path,
                    line,
                    1,
                    form,
                    "visible text without control or bidi characters (the site isolates numbers and "
                    "names itself)",
                    ", ".join(named.get(c, f"U+{ord(c):04X}") for c in hidden),
                )
            )
        pieces = markup(text, english)
        if pieces:
            problems.append(
                Problem(
                    po.path,
                    line,
                    1,
                    form,
                    "plain text (the site shows a translation as text, never as markup)",
                    ", ".join(f"{kind} {excerpt!r}" for kind, excerpt in pieces),
                )
            )
    return problems


def header_problems(po: PoFile, locale: str) -> list[Problem]:
    headers = po.headers()
    problems = []
    if po.header is None:
        return [Problem(po.path, 1, 1, "header", 'a header entry (msgid "")', "none")]
    if headers.get("Language") != locale:
        problems.append(
            Problem(
                po.path,
                po.header_line("Language"),
                1,
                "header Language",
                repr(locale),
                repr(headers.get("Language")),
            )
        )
    content_type = headers.get("Content-Type", "")
    if content_type.replace(" ", "").lower() != "text/plain;charset=utf-8":
        problems.append(
            Problem(
                po.path,
                po.header_line("Content-Type"),
                1,
                "header Content-Type",
                "'text/plain; charset=UTF-8'",
                repr(content_type) if content_type else "none",
            )
        )
    rule = plural_rule(locale)
    written = headers.get("Plural-Forms", "")
    if not _same_plural_rule(written, rule.nplurals, rule.expr):
        expected = f"{rule.header!r} (CLDR's rule for {locale}: {', '.join(rule.categories)})"
        if form_mapping(written, rule) is not None:
            expected += "; `tarifa update` moves the translations into its forms"
        problems.append(
            Problem(
                po.path,
                po.header_line("Plural-Forms"),
                1,
                "header Plural-Forms",
                expected,
                repr(written) if written else "none",
            )
        )
    return problems


def _same_plural_rule(written: str, nplurals: int, expr: str) -> bool:
    """A header is CLDR's rule when it gives every whole number from 0 to 1000 the same form."""
    parsed = parse_header(written)
    return parsed is not None and parsed[0] == nplurals and same_rule(parsed[1], expr)


def check_po(path: Path, locale: str, template: Template, display: str | None = None) -> LocaleReport:
    """Count one locale's catalogue against the template and collect everything wrong with it."""
    report = LocaleReport(locale, display or str(path))
    try:
        po = read_po(path, report.path)
    except TarifaError as error:
        report.total = len(template.messages)
        report.missing = report.total
        report.problems.extend(error.problems)
        return report
    report.problems.extend(header_problems(po, locale))
    nplurals, _ = expected_plurals(locale)
    first_line: dict[Key, int] = {}
    entries: dict[Key, Entry] = {}
    for entry in po.entries:
        if entry.is_header:
            continue
        if entry.obsolete:
            report.obsolete += 1
            report.problems.append(
                Problem(
                    po.path,
                    entry.msgid_line,
                    1,
                    entry.describe(),
                    "no obsolete entries: reuse the translation elsewhere, then delete the entry "
                    "(`tarifa update --drop-obsolete` deletes them all)",
                    "an obsolete entry (#~)",
                )
            )
            continue
        if entry.key in first_line:
            report.problems.append(
                Problem(
                    po.path,
                    entry.msgid_line,
                    1,
                    entry.describe(),
                    "one entry per msgctxt and msgid",
                    f"a second entry (the first is on line {first_line[entry.key]})",
                )
            )
            continue
        first_line[entry.key] = entry.msgid_line
        entries[entry.key] = entry
        if entry.key not in template.messages:
            report.problems.append(
                Problem(
                    po.path,
                    entry.msgid_line,
                    1,
                    entry.describe(),
                    "only messages of the template (run `tarifa update`)",
                    "a message that the code, templates and catalogue no longer use",
                )
            )
    for key in template.messages:
        report.total += 1
        found = entries.get(key)
        if found is None:
            report.missing += 1
            context, msgid = key
            what = f"msgctxt {context!r} msgid {msgid[:50]!r}" if context else f"msgid {msgid[:50]!r}"
            report.unfinished.append(
                Problem(po.path, 1, 1, what, "an entry with a translation", "no entry (run `tarifa update`)")
            )
            continue
        entry = found
        if entry.fuzzy:
            report.fuzzy += 1
            report.unfinished.append(
                Problem(
                    po.path,
                    entry.msgid_line,
                    1,
                    entry.describe(),
                    "a reviewed translation",
                    "a fuzzy one (check it against the English text, then delete the fuzzy flag)",
                )
            )
        elif not entry.translated:
            report.missing += 1
            report.unfinished.append(
                Problem(po.path, entry.msgid_line, 1, entry.describe(), "a translation", "an empty msgstr")
            )
        else:
            broken = entry_problems(po, entry, nplurals)
            if broken:
                report.broken += 1
                report.problems.extend(broken)
            else:
                report.translated += 1
    return report


def check_required(report: LocaleReport, required: float) -> list[Problem]:
    """The report's problems, plus what is unfinished when it is below the required completeness."""
    problems = list(report.problems)
    if report.percent + 1e-9 < required:
        problems.append(
            Problem(
                report.path,
                1,
                1,
                "completeness",
                f"at least {required:g} % of {report.total} messages translated "
                "(the tarifa plugin's required_completeness in mkdocs.yml)",
                f"{report.percent:.1f} % ({report.missing} untranslated, {report.fuzzy} fuzzy, "
                f"{report.broken} broken)",
            )
        )
        problems.extend(report.unfinished)
    return problems
