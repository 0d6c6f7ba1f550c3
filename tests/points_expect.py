"""Every price of a catalogue as price points, worked out without Tarifa (for the open data, the
history and the JSON-LD tests).

The catalogue is read with PyYAML's BaseLoader, so every scalar is the text written and amounts
become Decimals from that text. The rules are restated here from the documentation, not imported:

- A price entry's points, in page order: the token prices (a cache write per duration as written),
  the prices in other units, each generated image (size, then quality), the token prices of each
  long-prompt step (`above`), then fine-tuning (training, training per hour, hosting per hour,
  input, output).
- A point's key: its dimension, then `@duration`, `@size`, `@quality`, `@>tokens` where they apply.
- A service tier (batch, flex, priority, ...) has the usage prices only (not cache storage, not
  fine-tuning training or hosting): the entry's explicit price for that tier where the catalogue
  writes one, else the standard price times the tier's factor (batch: 1 − discount; others: their
  multiplier).
- The current entry is the last one in effect on the build day (an entry without `since` is in
  effect since launch); later ones are announced.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

MILLION = 1_000_000
TOKEN_FIELDS = (
    "input",
    "cached_input",
    "cache_write",
    "cache_storage",
    "output",
    "audio_input",
    "audio_output",
    "image_input",
    "image_output",
    "video_input",
)
UNIT_FIELDS = ("characters", "minute", "hour", "requests", "searches")
FINE_TUNING_FIELDS = ("training", "training_hour", "hosting_hour", "input", "output")
#: What each dimension is priced per: (quantity, unit).
PER = {
    **{f: (MILLION, "token") for f in TOKEN_FIELDS},
    "cache_storage": (MILLION, "token-hour"),
    "characters": (MILLION, "character"),
    "minute": (1, "minute"),
    "hour": (1, "hour"),
    "requests": (1_000, "request"),
    "searches": (1_000, "search"),
    "image": (1, "image"),
    "fine_tuning.training": (MILLION, "token"),
    "fine_tuning.training_hour": (1, "hour"),
    "fine_tuning.hosting_hour": (1, "hour"),
    "fine_tuning.input": (MILLION, "token"),
    "fine_tuning.output": (MILLION, "token"),
}
#: Points that are not usage: no service tier, discount or uplift changes them.
NOT_USAGE = ("cache_storage", "fine_tuning.training", "fine_tuning.training_hour", "fine_tuning.hosting_hour")
#: The price kinds format version 1 of the open data can name.
V1_KINDS = {
    "input": (MILLION, "token"),
    "cached_input": (MILLION, "token"),
    "output": (MILLION, "token"),
    "characters": (MILLION, "character"),
    "hour": (1, "hour"),
    "requests": (1_000, "request"),
}
LAUNCH = dt.date(2000, 1, 1)


def point(dimension: str, amount: str, **conditions: Any) -> dict[str, Any]:
    """One price point: its key, dimension, exact amount (as written) and conditions."""
    parts = [dimension]
    for name in ("duration", "size", "quality"):
        if conditions.get(name):
            parts.append(conditions[name])
    if conditions.get("above") is not None:
        parts.append(f">{conditions['above']}")
    return {
        "key": "@".join(parts),
        "dimension": dimension,
        "amount": Decimal(amount),
        "above": conditions.get("above"),
        "duration": conditions.get("duration"),
        "size": conditions.get("size"),
        "quality": conditions.get("quality"),
    }


def token_points(prices: dict[str, Any], above: int | None = None) -> list[dict[str, Any]]:
    found = []
    for field in TOKEN_FIELDS:
        if field not in prices:
            continue
        value = prices[field]
        if isinstance(value, dict):  # a cache write per duration, in the order written
            found += [
                point(field, amount, duration=duration, above=above) for duration, amount in value.items()
            ]
        else:
            found.append(point(field, value, above=above))
    return found


def points(entry: dict[str, Any]) -> list[dict[str, Any]]:
    """Every amount of one price entry (or of a tier's explicit prices), in page order."""
    found = token_points(entry)
    found += [point(f, entry[f]) for f in UNIT_FIELDS if f in entry]
    found += [
        point("image", i["price"], size=i["size"], quality=i.get("quality")) for i in entry.get("images", [])
    ]
    for step in entry.get("above", []):
        found += token_points(step, int(step["tokens"]))
    tuning = entry.get("fine_tuning", {})
    found += [point(f"fine_tuning.{f}", tuning[f]) for f in FINE_TUNING_FIELDS if f in tuning]
    return found


def factor(catalogue: dict[str, Any], tier: str) -> Decimal:
    if tier == "batch":
        return (100 - Decimal(catalogue["batch"]["discount_percent"])) / 100
    return Decimal(next(t["multiplier"] for t in catalogue.get("service_tiers", []) if t["id"] == tier))


def tiers_of(model: dict[str, Any]) -> list[str]:
    """standard, batch if the model has it, then the model's other service tiers."""
    return ["standard", *(["batch"] if model.get("batch") == "true" else []), *model.get("service_tiers", [])]


def tier_points(catalogue: dict[str, Any], entry: dict[str, Any], tier: str) -> list[dict[str, Any]]:
    """The usage points of an entry in a service tier (explicit where written, else scaled)."""
    usage = [p for p in points(entry) if p["dimension"] not in NOT_USAGE]
    if tier == "standard":
        return usage
    explicit = {p["key"]: p for p in points(entry.get("service_tiers", {}).get(tier, {}))}
    rate = factor(catalogue, tier)
    return [explicit.get(p["key"]) or {**p, "amount": p["amount"] * rate} for p in usage]


def starts(entry: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(entry["since"]) if "since" in entry else LAUNCH


def current(model: dict[str, Any], today: dt.date) -> dict[str, Any]:
    effective = [p for p in model["prices"] if starts(p) <= today]
    return effective[-1] if effective else model["prices"][0]


def upcoming(model: dict[str, Any], today: dt.date) -> list[dict[str, Any]]:
    return [p for p in model["prices"] if starts(p) > today]


def slug(model: dict[str, Any]) -> str:
    """The model page's folder: `slug:` if written, else the id in lower case with every run of
    characters other than letters, digits and dots as one hyphen."""
    if "slug" in model:
        return str(model["slug"])
    out, hyphen = "", False
    for character in model["id"].lower():
        if character.isascii() and (character.isalnum() or character == "."):
            out += ("-" if hyphen and out else "") + character
            hyphen = False
        else:
            hyphen = True
    return out.strip(".")


def v1_amounts(entry: dict[str, Any]) -> dict[str, str]:
    """The prices of an entry that version 1 can name, as written, in its order."""
    return {kind: entry[kind] for kind in V1_KINDS if kind in entry and not isinstance(entry[kind], dict)}


def v1_listed(catalogue: dict[str, Any]) -> list[dict[str, Any]]:
    """The models version 1 describes: of its four kinds, every price dated and nameable."""
    return [
        m
        for m in catalogue["models"]
        if m["kind"] in ("chat", "tts", "asr", "tool")
        and all("since" in p and v1_amounts(p) for p in m["prices"])
    ]


def changes(model: dict[str, Any], today: dt.date) -> list[dict[str, Any]]:
    """The changes of one model between consecutive entries, by point key, newest first."""
    found = []
    for before, after in zip(model["prices"], model["prices"][1:], strict=False):
        old = {p["key"]: p for p in points(before)}
        new = {p["key"]: p for p in points(after)}
        since = starts(after)
        for key in [*old, *(k for k in new if k not in old)]:
            was, now = old.get(key, {}).get("amount"), new.get(key, {}).get("amount")
            if was != now:
                change = {"kind": key, "old": was, "new": now, "since": since, "announced": since > today}
                found.append({**change, "point": new.get(key) or old[key]})
    return sorted(found, key=lambda c: c["since"], reverse=True)
