"""mkdocs-static-i18n's de-duplication of the shared search index, in linear time.

After building every language, static-i18n (1.3.1, `reconfigure_search_duplicates`) removes
the entries of a language folder (`de/pricing/#chat`) that repeat an entry of the default
language word for word (fallback pages): for every default entry it scans every language
entry, which is quadratic: 11 s at 400 models, hours at 5,000. This function gives the same
result in linear time, including a quirk of the original: it removes entries from the list it
is iterating over, so of two neighbouring duplicates of the same entry only the first goes.

The result equals the original's whenever its assumptions hold (default-language entries first,
no two equal language entries); otherwise it runs the original algorithm itself.
tests/test_parallel.py compares the two on generated indexes.
"""

from __future__ import annotations

import json
from typing import Any

Entry = dict[str, Any]


def deduplicate(entries: list[Entry], languages: list[str]) -> None:
    """Remove, in place, the entries static-i18n removes (`languages`: its build languages)."""
    prefixes = tuple(f"{language}/" for language in languages)
    targets = [i for i, entry in enumerate(entries) if entry["location"].startswith(prefixes)]
    if not targets:
        return
    first_target = targets[0]
    interleaved = any(
        not entries[i]["location"].startswith(prefixes) for i in range(first_target, len(entries))
    )
    keys = {json.dumps(entries[i], sort_keys=True, default=str) for i in targets}
    if interleaved or len(keys) != len(targets):
        original(entries, languages)
        return

    # The language entries as a linked list (positions 0…n-1 in `targets`; n is the end).
    n = len(targets)
    following = list(range(1, n + 1))
    preceding = list(range(-1, n - 1))
    alive = [True] * n
    groups: dict[tuple[Any, Any], list[int]] = {}
    for position, index in enumerate(targets):
        groups.setdefault((entries[index]["title"], entries[index]["text"]), []).append(position)
    removed: set[int] = set()
    for index in range(first_target):
        entry = entries[index]
        members = groups.get((entry["title"], entry["text"]))
        if not members:
            continue
        location = entry["location"]
        skipped = -1  # the entry after the one just removed: the original's iterator jumps it
        for position in members:
            if not alive[position] or not entries[targets[position]]["location"].endswith(location):
                continue
            if position == skipped:
                continue
            skipped = following[position]
            alive[position] = False
            if preceding[position] >= 0:
                following[preceding[position]] = following[position]
            if following[position] < n:
                preceding[following[position]] = preceding[position]
            removed.add(targets[position])
        groups[(entry["title"], entry["text"])] = [p for p in members if alive[p]]
    if removed:
        entries[:] = [entry for index, entry in enumerate(entries) if index not in removed]


def original(entries: list[Entry], languages: list[str]) -> None:
    """static-i18n 1.3.1's algorithm, as written there (quadratic)."""
    prefixes = tuple(f"{language}/" for language in languages)
    default_entries = filter(lambda x: not x["location"].startswith(prefixes), entries)
    target_entries = list(filter(lambda x: x["location"].startswith(prefixes), entries))
    for default in default_entries:

        def same(x: Entry, d: Entry = default) -> bool:
            return bool(
                x["title"] == d["title"] and x["location"].endswith(d["location"]) and x["text"] == d["text"]
            )

        for duplicate in filter(same, target_entries):
            entries.remove(duplicate)
            target_entries.remove(duplicate)
