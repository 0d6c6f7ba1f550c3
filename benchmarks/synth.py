"""Synthetic variants of the example project, generated in temporary folders.

* `with_models(root, dest, n)`: the example with a catalogue of exactly `n` models. Up to the
  example's own count it keeps the models other files refer to (tier cards, comparisons) and one
  of each kind; beyond it, it adds copies of the example's models under new ids and names, so
  the mix of kinds, prices, limits and price histories stays the example's.
* `with_pages(root, dest, n)`: the example with `n` more hand-written Markdown pages in every
  language (headings, prose, a list, a table, code, an admonition), listed in the navigation.
"""

from __future__ import annotations

import random
import re
import shutil
from pathlib import Path

IGNORE = shutil.ignore_patterns(
    ".venv",
    "site",
    ".git",
    "artifacts",
    "node_modules",
    ".*cache",
    ".hypothesis",
    "__pycache__",
    "benchmarks",
)
ENTRY = re.compile(r"^  - id: (?P<id>\S+)\n", re.M)


def copy_project(root: Path, dest: Path) -> Path:
    if dest.exists():
        shutil.rmtree(dest)
    shutil.copytree(root, dest, ignore=IGNORE)
    return dest


def languages(project: Path) -> list[str]:
    """The locales of the i18n plugin, default first (read from mkdocs.yml's text)."""
    text = (project / "mkdocs.yml").read_text(encoding="utf-8")
    return re.findall(r"^\s+- locale: (\S+)", text, re.M)


# ── Catalogues of n models ──────────────────────────────────────────────────────────────
def _split_models(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The catalogue's text before its model list, and each model entry's (id, text)."""
    start = text.index("\nmodels:\n") + len("\nmodels:\n")
    head, body = text[:start], text[start:]
    matches = list(ENTRY.finditer(body))
    entries = []
    for match, following in zip(matches, [*matches[1:], None], strict=True):
        end = following.start() if following else len(body)
        chunk = body[match.start() : end]
        # Keep only the entry's own lines (not a comment that introduces the next group).
        chunk = re.sub(r"(\n  # [^\n]*)+\n*\Z", "\n", chunk)
        if following is None:  # the last entry ends where the list ends
            rest = re.search(r"\n(?=\S)", chunk)
            chunk = chunk[: rest.start() + 1] if rest else chunk
        entries.append((match.group("id"), chunk))
    if not entries:
        raise ValueError("no models found in the catalogue")
    return head, entries


def _kind(entry: str) -> str:
    match = re.search(r"^    kind: (\S+)", entry, re.M)
    return match.group(1) if match else ""


def catalogue_with(text: str, n: int, referenced: set[str]) -> str:
    """The catalogue `text` with exactly `n` models."""
    head, entries = _split_models(text)
    if n <= len(entries):
        chosen: list[tuple[str, str]] = [e for e in entries if e[0] in referenced]
        kinds = {_kind(e[1]) for e in chosen}
        for entry in entries:  # one of each kind next, then the others in order
            if entry not in chosen and _kind(entry[1]) not in kinds:
                chosen.append(entry)
                kinds.add(_kind(entry[1]))
        chosen += [e for e in entries if e not in chosen]
        chosen = [e for e in entries if e in chosen[:n]]  # the catalogue's own order
        if len(chosen) < min(n, len(referenced)):
            raise ValueError(f"{n} models cannot keep the {len(referenced)} referenced ones")
        return head + "".join(chunk for _, chunk in chosen)
    out = [chunk for _, chunk in entries]
    for copy in range(len(entries), n):
        model_id, chunk = entries[copy % len(entries)]
        number = copy // len(entries)
        chunk = chunk.replace(f"  - id: {model_id}\n", f"  - id: {model_id}-s{number}\n", 1)
        chunk = re.sub(r"^(    name: .*)$", rf"\1 S{number}", chunk, count=1, flags=re.M)
        out.append(chunk)
    return head + "".join(out)


def referenced_models(project: Path) -> set[str]:
    """Model ids that other parts of the project name (tier cards, comparisons)."""
    found: set[str] = set()
    for path in (project / "pricing").glob("*.yaml"):
        found |= set(re.findall(r"(?:card_model|compare_with):\s*(\S+)", path.read_text(encoding="utf-8")))
    return found


def with_models(root: Path, dest: Path, n: int) -> Path:
    project = copy_project(root, dest)
    catalogue = project / "pricing" / "catalogue.yaml"
    text = catalogue.read_text(encoding="utf-8")
    catalogue.write_text(catalogue_with(text, n, referenced_models(project)), encoding="utf-8")
    return project


# ── n more Markdown pages per language ─────────────────────────────────────────────────
_WORDS = (
    "token price model batch request limit tier window cache invoice usage account region "
    "latency throughput context output input stream quota project key team audit report "
    "export schedule retry error budget alert threshold currency discount contract capacity "
    "support endpoint"
)
WORDS = _WORDS.split()


def _sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(8, 18))]
    if rng.random() < 0.3:
        words[rng.randrange(len(words))] = f"**{rng.choice(WORDS)}**"
    if rng.random() < 0.2:
        words[rng.randrange(len(words))] = f"`{rng.choice(WORDS)}_{rng.choice(WORDS)}`"
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(3, 6)))


def page_markdown(number: int, locale: str) -> str:
    """One synthetic guide page: the same content in every language, titled per language."""
    rng = random.Random(number)
    lines = [f"# Guide {number} ({locale})", "", _paragraph(rng), ""]
    for section in range(1, rng.randint(4, 6) + 1):
        lines += [f"## Section {number}.{section}", "", _paragraph(rng), ""]
        choice = section % 4
        if choice == 0:
            lines += [f"- {_sentence(rng)}" for _ in range(4)] + [""]
        elif choice == 1:
            lines += ["| Item | Amount | Note |", "|---|--:|---|"]
            lines += [
                f"| {rng.choice(WORDS)} | {rng.randint(1, 99999)} | {rng.choice(WORDS)} |" for _ in range(5)
            ]
            lines += [""]
        elif choice == 2:
            lines += ["```python", f"client.{rng.choice(WORDS)}(limit={rng.randint(1, 500)})", "```", ""]
        else:
            lines += ["!!! note", "", f"    {_sentence(rng)}", ""]
        lines += [f"### Details {number}.{section}", "", _paragraph(rng), ""]
    return "\n".join(lines)


def with_pages(root: Path, dest: Path, n: int) -> Path:
    project = copy_project(root, dest)
    locales = languages(project)
    guides = project / "docs" / "guides"
    guides.mkdir(parents=True, exist_ok=True)
    for number in range(1, n + 1):
        for index, locale in enumerate(locales):
            suffix = "" if index == 0 else f".{locale}"
            (guides / f"guide-{number:03d}{suffix}.md").write_text(
                page_markdown(number, locale), encoding="utf-8"
            )
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    nav = "".join(f"      - guides/guide-{number:03d}.md\n" for number in range(1, n + 1))
    text, count = re.subn(
        r"^nav:\n((?:  .*\n)+)", lambda m: m.group(0) + "  - Guides:\n" + nav, text, flags=re.M
    )
    if count != 1:
        raise ValueError("mkdocs.yml has no nav: list to extend")
    config.write_text(text, encoding="utf-8")
    return project
