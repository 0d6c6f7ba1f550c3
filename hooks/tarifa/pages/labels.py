"""The words of every price point and kind of model, in the visitor's language.

One place names each price the same way on the overview, the model page, the price-changes page,
the feed and the JSON-LD: `Input per 1M tokens`, `Cache writes, 1-hour cache, per 1M tokens`,
`Input per 1M tokens, prompts over 200K tokens`, `Per image, 1024×1024, hd`.
"""

from __future__ import annotations

import re

from tarifa.catalogue.prices import Point
from tarifa.pages.context import Context


def N_(message: str) -> str:
    """Mark a string for extraction; it is translated where it is used."""
    return message


#: Section titles of the overview, per kind of model (plural: the models of that kind).
KIND_TITLES = {
    "chat": N_("Chat models"),
    "embedding": N_("Embeddings"),
    "moderation": N_("Moderation"),
    "rerank": N_("Reranking"),
    "image": N_("Image generation"),
    "tts": N_("Text to speech"),
    "asr": N_("Speech recognition"),
    "tool": N_("Built-in tools"),
}
#: What one model of a kind is, for its page's facts.
KIND_NAMES = {
    "chat": N_("Chat model"),
    "embedding": N_("Embedding model"),
    "moderation": N_("Moderation model"),
    "rerank": N_("Reranking model"),
    "image": N_("Image-generation model"),
    "tts": N_("Text-to-speech model"),
    "asr": N_("Speech-recognition model"),
    "tool": N_("Built-in tool"),
}
#: The label of each dimension (see `tarifa.catalogue.prices.DIMENSIONS`).
DIMENSION_LABELS = {
    "input": N_("Input per 1M tokens"),
    "cached_input": N_("Cached input per 1M tokens"),
    "cache_write": N_("Cache writes per 1M tokens"),
    "cache_storage": N_("Cache storage per 1M tokens per hour"),
    "output": N_("Output per 1M tokens"),
    "audio_input": N_("Audio input per 1M tokens"),
    "audio_output": N_("Audio output per 1M tokens"),
    "image_input": N_("Image input per 1M tokens"),
    "image_output": N_("Image output per 1M tokens"),
    "video_input": N_("Video input per 1M tokens"),
    "characters": N_("Price per 1M characters"),
    "minute": N_("Price per minute of audio"),
    "requests": N_("Price per 1,000 requests"),
    "searches": N_("Price per 1,000 searches"),
    "image": N_("Price per image"),
    "fine_tuning.training": N_("Fine-tuning: training per 1M tokens"),
    "fine_tuning.training_hour": N_("Fine-tuning: training per hour"),
    "fine_tuning.hosting_hour": N_("Fine-tuned model hosting per hour"),
    "fine_tuning.input": N_("Fine-tuned model: input per 1M tokens"),
    "fine_tuning.output": N_("Fine-tuned model: output per 1M tokens"),
}
_DURATION = re.compile(r"^([0-9]+)(s|m|h|d)$")


def labelled(ctx: Context, label: str) -> tuple[str, str]:
    """The words before and after a value shown with its label ("Model id: orca-8b"), as the
    visitor's language writes them (French: a no-break space before the colon)."""
    text = ctx._("%(label)s: %(value)s") % {"label": label, "value": "\0"}
    before, _, after = text.partition("\0")
    return before, after


def n_(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with a count for extraction; `ctx.n_` translates it with its count."""
    return singular, plural


_DURATIONS = {
    "s": n_("%(num)s second", "%(num)s seconds"),
    "m": n_("%(num)s minute", "%(num)s minutes"),
    "h": n_("%(num)s hour", "%(num)s hours"),
    "d": n_("%(num)s day", "%(num)s days"),
}


def duration(ctx: Context, written: str) -> str:
    """`5m` → `5 minutes`, `1h` → `1 hour`, in the visitor's language."""
    match = _DURATION.match(written)
    if match is None:
        return written
    count, unit = int(match.group(1)), match.group(2)
    singular, plural = _DURATIONS[unit]
    return ctx.n_(singular, plural, count)


def dimension_label(ctx: Context, model_kind: str, dimension: str) -> str:
    if dimension == "hour":
        return ctx._("Price per hour of audio") if model_kind == "asr" else ctx._("Price per hour of use")
    return ctx._(DIMENSION_LABELS[dimension])


def point_label(ctx: Context, model_kind: str, point: Point) -> str:
    """The label of one price point, with the conditions it applies under."""
    label = dimension_label(ctx, model_kind, point.dimension)
    if point.duration:
        label = ctx._("%(price)s, %(duration)s cache") % {
            "price": label,
            "duration": duration(ctx, point.duration),
        }
    if point.size:
        size = point.size.replace("x", "×")
        label = (
            ctx._("%(price)s, %(size)s, %(quality)s")
            % {"price": label, "size": size, "quality": ctx.cat("image_quality", point.quality)}
            if point.quality
            else ctx._("%(price)s, %(size)s") % {"price": label, "size": size}
        )
    if point.above is not None:
        label = ctx._("%(price)s, prompts over %(tokens)s tokens") % {
            "price": label,
            "tokens": ctx.fmt.integer(point.above),
        }
    return label


def key_label(ctx: Context, model_kind: str, key: str) -> str:
    """The label of a price point given by its key (as the price history names them)."""
    return point_label(ctx, model_kind, Point.from_key(key))
