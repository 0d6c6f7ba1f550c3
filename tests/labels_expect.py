"""What each price point is called in a locale, worked out without Tarifa (feeds and JSON-LD).

The wording is the one the pages document: a label per dimension, then the conditions: `, 1 hour
cache`, `, 1024×1024, hd`, `, prompts over 200,000 tokens`. Translations come from the `.po` files
through Babel and the standard library's gettext (plural forms included); an untranslated string
stays English, as on the pages.
"""

from __future__ import annotations

import gettext
import io
from functools import cache

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal

from conftest import po_files
from transparency_expect import tr

DIMENSION_LABELS = {
    "input": "Input per 1M tokens",
    "cached_input": "Cached input per 1M tokens",
    "cache_write": "Cache writes per 1M tokens",
    "cache_storage": "Cache storage per 1M tokens per hour",
    "output": "Output per 1M tokens",
    "audio_input": "Audio input per 1M tokens",
    "audio_output": "Audio output per 1M tokens",
    "image_input": "Image input per 1M tokens",
    "image_output": "Image output per 1M tokens",
    "video_input": "Video input per 1M tokens",
    "characters": "Price per 1M characters",
    "minute": "Price per minute of audio",
    "requests": "Price per 1,000 requests",
    "searches": "Price per 1,000 searches",
    "image": "Price per image",
    "fine_tuning.training": "Fine-tuning: training per 1M tokens",
    "fine_tuning.training_hour": "Fine-tuning: training per hour",
    "fine_tuning.hosting_hour": "Fine-tuned model hosting per hour",
    "fine_tuning.input": "Fine-tuned model: input per 1M tokens",
    "fine_tuning.output": "Fine-tuned model: output per 1M tokens",
}
UNITS = {"s": "second", "m": "minute", "h": "hour", "d": "day"}


@cache
def interface(locale: str) -> gettext.NullTranslations:
    """Tarifa's interface in `locale` (its `.po` compiled here), for plural forms."""
    if locale == "en":
        return gettext.NullTranslations()
    with po_files(locale)[0].open("rb") as handle:
        catalog = read_po(handle, locale=locale)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)  # fuzzy entries are left out, as msgfmt does
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def duration(written: str, locale: str) -> str:
    """`5m` → `5 minutes`, `1h` → `1 hour`."""
    count, unit = int(written[:-1]), UNITS[written[-1]]
    singular, plural = f"%(num)s {unit}", f"%(num)s {unit}s"
    return interface(locale).ngettext(singular, plural, count) % {"num": format_decimal(count, locale=locale)}


def label(model_kind: str, point: dict[str, object], locale: str) -> str:
    """The label of a price point (see points_expect.point) of a model of `model_kind`."""
    dimension = str(point["dimension"])
    if dimension == "hour":
        text = tr(locale, "Price per hour of audio" if model_kind == "asr" else "Price per hour of use")
    else:
        text = tr(locale, DIMENSION_LABELS[dimension])
    if point["duration"]:
        cached = {"price": text, "duration": duration(str(point["duration"]), locale)}
        text = tr(locale, "%(price)s, %(duration)s cache") % cached
    if point["size"]:
        size = str(point["size"]).replace("x", "×")
        if point["quality"]:
            quality = tr(locale, str(point["quality"]), "image quality")  # the provider's word, translated
            sized = {"price": text, "size": size, "quality": quality}
            text = tr(locale, "%(price)s, %(size)s, %(quality)s") % sized
        else:
            text = tr(locale, "%(price)s, %(size)s") % {"price": text, "size": size}
    if point["above"] is not None:
        tokens = format_decimal(int(str(point["above"])), locale=locale)
        text = tr(locale, "%(price)s, prompts over %(tokens)s tokens") % {"price": text, "tokens": tokens}
    return text
