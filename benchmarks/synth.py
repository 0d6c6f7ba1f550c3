"""Synthetic variants of the example project, generated in temporary folders.

* `with_models(root, dest, n)`: the example with a catalogue of exactly `n` models. Up to the
  example's own count it keeps the models other parts refer to (tier cards, comparisons, the
  off-peak window's and regions' model lists) and one of each kind; beyond it, it adds copies of
  the example's models, so the mix stays the example's, which uses every price dimension: kinds
  (chat, embedding, rerank, image, speech, tools), cache writes by duration and cache storage,
  audio/image/video tokens, long-prompt steps, per-image prices, explicit service-tier prices,
  fine-tuning, lifecycle (preview, deprecated, retired), prices known since launch, free models,
  tool groups. A copy is not a clone: its id takes the forms providers use (`heron-20b-s3`,
  `lab7/heron-20b-s3`, `ft:heron-20b:org3::s3`), its prices are scaled by a factor of its own
  (0.50 to 2.00, exact decimals: amounts vary as in a real list, and a history keeps its ups
  and downs), every other copy of an embedding model is a moderation model, and a copy joins
  the off-peak window and regions its original is in.
* `with_pages(root, dest, n)`: the example with `n` more hand-written Markdown pages in every
  language (headings, prose, a list, a table, code, an admonition), listed in the navigation.
"""

from __future__ import annotations

import random
import re
import shutil
from decimal import Decimal
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
#: Keys whose number is a price (a cache duration's too: `{5m: 1.25, 1h: 2.00}`).
PRICE = re.compile(
    r"(?P<key>\b(?:input|cached_input|cache_storage|output|audio_input|audio_output|image_input|image_output"
    r"|video_input|characters|minute|hour|requests|searches|training|training_hour|hosting_hour|price"
    r"|[1-9][0-9]*[smhd])): (?P<amount>[0-9]+(?:\.[0-9]+)?)\b"
)
#: A model list in the catalogue's head (`off_peak.models`, a region's `models`).
MODEL_LIST = re.compile(r"^(?P<lead>\s+models: \[)(?P<ids>[^\]]*)(?P<end>\])", re.M)


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


def scale_prices(chunk: str, factor: Decimal) -> str:
    """A model entry with every price (not its limits, dates or step lengths) times `factor`."""
    start, end = chunk.find("\n    prices:\n"), chunk.find("\n    limits:")
    if start < 0:
        return chunk
    end = end if end > start else len(chunk)

    def times(match: re.Match[str]) -> str:
        amount = Decimal(match.group("amount")) * factor
        return f"{match.group('key')}: {format(amount, 'f')}"

    return chunk[:start] + PRICE.sub(times, chunk[start:end]) + chunk[end:]


def factor(copy: int) -> Decimal:
    """The price factor of the `copy`-th model: 0.50 to 2.00, exact, varied from copy to copy."""
    return Decimal(50 + (copy * 37) % 151) / 100


def copy_id(model_id: str, number: int, kind: str) -> str:
    """A copy's id, in one of the forms providers write: plain, with a vendor, fine-tuned."""
    if number % 5 == 4:
        return f"lab{number % 30}/{model_id}-s{number}"
    if number % 13 == 12 and kind == "chat":
        return f"ft:{model_id}:org{number}::s{number}"
    return f"{model_id}-s{number}"


def as_moderation(chunk: str) -> str:
    """An embedding model's copy as a moderation model (input-only too, without vectors)."""
    chunk = chunk.replace("    kind: embedding\n", "    kind: moderation\n", 1)
    return re.sub(r"^    dimensions: .*\n", "", chunk, flags=re.M)


def catalogue_with(text: str, n: int, referenced: set[str]) -> str:
    """The catalogue `text` with exactly `n` models."""
    head, entries = _split_models(text)
    referenced = referenced | listed_models(head)
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
    copies: dict[str, list[str]] = {}
    for copy in range(len(entries), n):
        model_id, chunk = entries[copy % len(entries)]
        number = copy // len(entries)
        new_id = copy_id(model_id, number, _kind(chunk))
        copies.setdefault(model_id, []).append(new_id)
        chunk = chunk.replace(f"  - id: {model_id}\n", f"  - id: {new_id}\n", 1)
        chunk = re.sub(r"^(    name: .*)$", rf"\1 S{number}", chunk, count=1, flags=re.M)
        chunk = scale_prices(chunk, factor(copy))
        if _kind(chunk) == "embedding" and number % 2:
            chunk = as_moderation(chunk)
        out.append(chunk)

    def extended(match: re.Match[str]) -> str:
        ids = [i.strip() for i in match.group("ids").split(",") if i.strip()]
        ids += [c for i in list(ids) for c in copies.get(i, [])]
        return f"{match.group('lead')}{', '.join(ids)}{match.group('end')}"

    return MODEL_LIST.sub(extended, head) + "".join(out)


def listed_models(head: str) -> set[str]:
    """Model ids in the lists of the catalogue's head (off-peak window, regions)."""
    return {i.strip() for m in MODEL_LIST.finditer(head) for i in m.group("ids").split(",") if i.strip()}


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
