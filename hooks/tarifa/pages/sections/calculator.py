"""The cost calculator on the pricing page: its form, first result and data, in the visitor's
language. The arithmetic is `tarifa.catalogue.costs`; the page's JavaScript repeats it exactly.

The page carries what its start values need (the first model's prices, the tiers, the service
tiers, regions and words); every model's prices are a JSON file per language
(`assets/tarifa/calculator/<locale>.json`, written by the plugin at the end of the build), which
the script fetches the first time a visitor uses the calculator.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import OrderedDict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from babel import Locale
from babel.numbers import get_currency_precision
from markupsafe import Markup

from tarifa.catalogue import costs, prices
from tarifa.catalogue.costs import (
    DEFAULTS,
    MONTH_DAYS,
    SHOWN_DECIMALS,
    Usage,
    calculator_tiers,
    estimate,
    plain,
    shown,
)
from tarifa.catalogue.model import AnyModel, AnyPrice, SpeechModel, Tier, TranscriptionModel, current_price
from tarifa.pages.labels import KIND_TITLES, N_, duration, n_
from tarifa.pages.output import Output, Page
from tarifa.pages.views import Context, approximate_price, off_peak_window, seconds

#: Where each language's model data is written, from the site's root.
DATA_PATH = "assets/tarifa/calculator/{locale}.json"
#: The calculator's form, beside its page: the page carries a placeholder that tarifa.js fills with
#: this file when the calculator comes near the screen (the form is useless without JavaScript).
FORM_FILE = "calculator-form.htm"
_FORM = re.compile(r"<!--tarifa:calculator-form-->\n?(.*?)\n?<!--/tarifa:calculator-form-->", re.S)


def split_form(output: str) -> tuple[str, str | None]:
    """The page without its calculator form (a placeholder instead), and the form; or the page as
    it is and None.

    >>> marked = "<!--tarifa:calculator-form-->\\n<i>f</i>\\n<!--/tarifa:calculator-form-->"
    >>> page, form = split_form("<p>a</p>" + marked)
    >>> form
    '<i>f</i>'
    >>> page
    '<p>a</p><div class="tarifa-calc" data-tarifa-calculator-form="calculator-form.htm" hidden></div>'
    """
    match = _FORM.search(output)
    if match is None:
        return output, None
    placeholder = f'<div class="tarifa-calc" data-tarifa-calculator-form="{FORM_FILE}" hidden></div>'
    return output[: match.start()] + placeholder + output[match.end() :], match.group(1)


#: The most options the model list shows at once (type more to narrow it).
LIST_MAX = 50

# ── Words ─────────────────────────────────────────────────────────────────────────────
#: The usage fields' labels (`hours` has one per kind: see `_field_label`).
FIELD_LABELS = {
    "requests": N_("Requests per day"),
    "input_tokens": N_("Input tokens per request"),
    "cached_share": N_("Input tokens read from the prompt cache, in percent"),
    "cache_write_share": N_("Input tokens written to the prompt cache, in percent"),
    "output_tokens": N_("Output tokens per request"),
    "audio_input_tokens": N_("Audio input tokens per request"),
    "audio_output_tokens": N_("Audio output tokens per request"),
    "image_input_tokens": N_("Image input tokens per request"),
    "image_output_tokens": N_("Image output tokens per request"),
    "video_input_tokens": N_("Video input tokens per request"),
    "characters": N_("Characters per day"),
    "minutes": N_("Minutes of audio per day"),
    "searches": N_("Searches per day"),
    "images": N_("Images per day"),
}
#: The breakdown's lines (`hour` has one per kind).
LINE_LABELS = {
    "input": N_("Input tokens"),
    "cached_input": N_("Cached input tokens"),
    "cache_write": N_("Cache writes"),
    "output": N_("Output tokens"),
    "audio_input": N_("Audio input tokens"),
    "audio_output": N_("Audio output tokens"),
    "image_input": N_("Image input tokens"),
    "image_output": N_("Image output tokens"),
    "video_input": N_("Video input tokens"),
    "characters": N_("Characters"),
    "minute": N_("Minutes of audio"),
    "requests": N_("Requests"),
    "searches": N_("Searches"),
    "image": N_("Images"),
}
#: The usage fields that take decimals (the others are counts).
DECIMAL_FIELDS = {"minutes", "hours", *costs.PERCENT_FIELDS}


def _field_label(ctx: Context, name: str) -> str:
    if name == "off_peak_share":
        return ctx._("Usage in the off-peak window (%(window)s), in percent") % {
            "window": off_peak_window(ctx)
        }
    return ctx._(FIELD_LABELS[name])


def _hours_labels(ctx: Context) -> dict[str, str]:
    """The label of the hours field and of its line, for transcription and for tools."""
    return {
        "hoursAudio": ctx._("Hours of audio per day"),
        "hoursUse": ctx._("Hours of use per day"),
        "lineAudio": ctx._("Hours of audio"),
        "lineUse": ctx._("Hours of use"),
    }


def plural_forms(ctx: Context, singular: str, plural: str) -> dict[str, str]:
    """A message with a count, in each CLDR plural category of the locale (`one`, `few`, ...),
    with `%(num)s` left for the script: it picks the form with `Intl.PluralRules`."""
    rule = Locale.parse(ctx.locale).plural_form
    forms: dict[str, str] = {}
    for number in range(0, 1000):
        category = rule(number)
        if category not in forms:
            forms[category] = ctx.t.ngettext(singular, plural, number)
    return forms


# ── Data ──────────────────────────────────────────────────────────────────────────────
def offered_models(ctx: Context) -> list[AnyModel]:
    """The models the calculator offers: every model visitors can use that has a usage price."""
    return [
        m
        for m in ctx.catalog.models
        if m.status != "retired" and costs.usage_fields(ctx.catalog, m, current_price(m, ctx.today))
    ]


def model_note(ctx: Context, model: AnyModel, price: AnyPrice) -> str:
    """What the estimate of this model assumes, if anything."""
    if isinstance(model, TranscriptionModel) and model.min_billed_seconds:
        return ctx._(
            "Each request is billed at least %(seconds)s; the estimate assumes recordings at least that long."
        ) % {"seconds": seconds(ctx, model.min_billed_seconds)}
    if model.kind == "chat" and price.input is not None and price.cached_input is None:
        return ctx._("This model has no cached-input price: all input tokens are billed at the input price.")
    return ""


def model_record(ctx: Context, model: AnyModel, tiers: list[Tier]) -> dict[str, Any]:
    """One model as the script reads it: prices as decimal strings (standard, with the long-prompt
    steps; explicit service-tier prices), the service tiers, regions, limits and a note."""
    catalog = ctx.catalog
    entry = current_price(model, ctx.today)
    record: dict[str, Any] = {
        "id": model.id,
        "name": ctx.model_name(model),
        "kind": model.kind,
        "p": {k: plain(v) for k, v in costs.base_prices(entry).items()},
    }
    explicit = {
        tier: {p.key: plain(p.amount) for p in prices.points(given) if p.dimension in costs.LINES}
        for tier, given in entry.service_tiers.items()
    }
    if explicit:
        record["x"] = explicit
    services = prices.service_tiers(catalog, model)[1:]
    if services:
        record["s"] = services
    regions = prices.regions_of(catalog, model)
    if regions:
        record["r"] = regions
    if prices.off_peak_applies(catalog, model):
        record["o"] = 1
    asked = costs.usage_fields(catalog, model, entry)
    limits = {t.id: costs.checked_limits(catalog, model, t, entry, asked) for t in tiers}
    limits = {tier: values for tier, values in limits.items() if values}
    if limits:
        record["l"] = limits
    note = model_note(ctx, model, entry)
    if note:
        record["note"] = note
    return record


def data_document(ctx: Context) -> str:
    """The JSON file of every model the calculator offers, in the context's language."""
    key = (ctx.locale, ctx.today, id(ctx.catalog), id(ctx.t), id(ctx.texts))
    cached = _DOCUMENTS.get(key)
    if cached is not None and cached[0] is ctx.catalog and cached[1] is ctx.t and cached[2] is ctx.texts:
        return cached[3]
    tiers = calculator_tiers(ctx.catalog.tiers)
    data = {"models": [model_record(ctx, m, tiers) for m in offered_models(ctx)]}
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=False) + "\n"
    _DOCUMENTS[key] = (ctx.catalog, ctx.t, ctx.texts, text)  # the objects keep their ids unique
    while len(_DOCUMENTS) > 12:
        _DOCUMENTS.popitem(last=False)
    return text


_DOCUMENTS: OrderedDict[tuple[Any, ...], tuple[Any, Any, Any, str]] = OrderedDict()


def data_url(ctx: Context) -> str:
    """The page's link to its language's data file, with a version that changes with the file."""
    version = hashlib.sha256(data_document(ctx).encode()).hexdigest()[:12]
    return f"{ctx.extra.get('site_root', '')}{DATA_PATH.format(locale=ctx.locale)}?v={version}"


def script_json(data: Any) -> Markup:
    r"""JSON that is safe inside <script type="application/json">: no `<`, `>` or `&` in its text.

    >>> str(script_json({"a": "</script><b>&"}))
    '{"a":"\\u003c/script\\u003e\\u003cb\\u003e\\u0026"}'
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char in "<>&\u2028\u2029":
        text = text.replace(char, f"\\u{ord(char):04x}")
    return Markup(text)


#: A daily limit with its count, for the sentence of a result above the limits ("more than 500,000
#: tokens per day"): a plural-aware message, so the counted noun agrees in every language.
LIMIT_COUNTS = {
    "rpd": n_("%(num)s request per day", "%(num)s requests per day"),
    "tpd": n_("%(num)s token per day", "%(num)s tokens per day"),
    "tpdChars": n_("%(num)s character per day", "%(num)s characters per day"),
    "asd": n_("%(num)s second of audio per day", "%(num)s seconds of audio per day"),
}


def _statuses(ctx: Context, tier: Tier) -> dict[str, str]:
    """The tier's two sentences under the results; `%(limits)s` is left for the list of limits.
    The tier's name is a label before a colon, never inside the sentence: no agreement needed."""
    name = ctx.cat("tier_name", tier.name)
    return {
        "above": ctx._("%(tier)s: more than %(limits)s.").replace("%(tier)s", name),
        "within": ctx._("%(tier)s: within the daily limits.") % {"tier": name},
    }


def _limit_key(model: AnyModel, key: str) -> str:
    return "tpdChars" if key == "tpd" and isinstance(model, SpeechModel) else key


def _limit_text(ctx: Context, model: AnyModel, key: str, value: int) -> str:
    singular, plural = LIMIT_COUNTS[_limit_key(model, key)]
    return ctx.t.ngettext(singular, plural, value) % {"num": ctx.fmt.integer(value)}


def status_text(ctx: Context, model: AnyModel, tier: Tier, entry: AnyPrice, exceeded: tuple[str, ...]) -> str:
    """The sentence of the result: within the tier's daily limits, or which ones are exceeded."""
    limits = costs.checked_limits(ctx.catalog, model, tier, entry)
    if not limits:
        return ""
    statuses = _statuses(ctx, tier)
    if not exceeded:
        return statuses["within"]
    items = [_limit_text(ctx, model, k, limits[k]) for k in exceeded]
    return statuses["above"].replace("%(limits)s", ctx.fmt.join(items))


def page_data(ctx: Context, start: AnyModel, tiers: list[Tier], offered: list[AnyModel]) -> dict[str, Any]:
    """What the page carries: the start model, and the words and rules of the whole catalogue."""
    catalog = ctx.catalog
    durations = {d for m in offered for d in costs.cache_durations(current_price(m, ctx.today)) if d}
    services: dict[str, dict[str, str]] = {
        "batch": {"name": ctx._("Batch API"), "factor": plain(prices.factor(catalog, "batch"))}
    }
    for service in catalog.service_tiers:
        name = ctx.cat("service_tier_name", service.name)
        services[service.id] = {"name": name, "factor": plain(service.multiplier)}
    display = None
    if ctx.display is not None:
        display = {
            "currency": ctx.display.currency,
            "rate": plain(ctx.display.rate),
            "digits": get_currency_precision(ctx.display.currency),
        }
    return {
        "currency": catalog.currency,
        "monthDays": MONTH_DAYS,
        "decimals": SHOWN_DECIMALS,
        "services": services,
        "regions": {
            r.id: {"name": region_label(ctx, r.id), "uplift": plain(r.uplift_percent)}
            for r in catalog.regions
        },
        "offPeak": plain(catalog.off_peak.discount_percent) if catalog.off_peak else None,
        "tiers": [{"id": t.id, "pricing": t.pricing, **_statuses(ctx, t)} for t in tiers],
        "display": display,
        "kinds": {kind: ctx._(title) for kind, title in KIND_TITLES.items()},
        "durations": {d: duration(ctx, d) for d in sorted(durations)},
        "limits": {key: plural_forms(ctx, *forms) for key, forms in LIMIT_COUNTS.items()},
        "lines": {line: ctx._(label) for line, label in LINE_LABELS.items()},
        "words": {
            **_hours_labels(ctx),
            "standard": ctx._("Standard processing"),
            "imageOption": ctx._("%(size)s, %(quality)s"),
            "noRegion": ctx.p_("region", "None"),
            "invalid": ctx._(
                "Enter numbers of zero or more, and shares from 0 to 100 that add up to 100 at most."
            ),
            "noService": ctx._("Only standard processing is offered in tiers that do not pay per use."),
            "step": ctx._(
                "Prompts longer than %(tokens)s tokens: the whole request is billed at the "
                "long-prompt prices."
            ),
            "noMatch": ctx._("No model matches."),
            "loading": ctx._("Loading the models…"),
            "failed": ctx._("The list of models could not be loaded. Reload the page to try again."),
            "copied": ctx._("Link copied."),
            "noCopy": ctx._("Copy the link from the address bar."),
        },
        "plurals": {
            "found": plural_forms(ctx, *n_("%(num)s model found.", "%(num)s models found.")),
            "more": plural_forms(
                ctx,
                *n_(
                    "%(num)s more model: keep typing to narrow the list.",
                    "%(num)s more models: keep typing to narrow the list.",
                ),
            ),
        },
        "listMax": LIST_MAX,
        "start": model_record(ctx, start, tiers),
    }


# ── View-model for the template ─────────────────────────────────────────────────────
@dataclass
class Option:
    value: str
    label: str
    selected: bool = False


@dataclass
class Input:
    """A text field of the usage fieldset, for the usage field `key`; `choice` is a select that
    belongs to it (the cache duration, the image size)."""

    key: str
    label: str
    value: str
    inputmode: str = "numeric"
    percent: bool = False
    shown: bool = True
    choice: Input | None = None
    options: list[Option] = field(default_factory=list)

    @property
    def id(self) -> str:
        return "calc-" + self.key.replace("_", "-")


@dataclass
class Line:
    id: str
    label: str
    daily: str
    daily_value: str
    monthly: str
    monthly_value: str


@dataclass
class Calculator:
    """Everything calculator.html places: options, start values, the first result and the data."""

    intro: str
    model: Option
    model_hint: str
    tiers: list[Option]
    services: list[Option]
    regions: list[Option]
    fields: list[Input]
    inputs: str
    month_label: str
    note: str
    daily: str
    daily_value: str
    monthly: str
    monthly_value: str
    approx_daily: str
    approx_monthly: str
    approx_label: str
    status: str
    state: str
    exceeded: str
    lines: list[Line]
    paying: bool
    data: Markup
    src: str


def intro(ctx: Context) -> list[str]:
    """The sentences above the calculator: what it computes and how (always visible)."""
    sentences = [
        ctx._("Estimate what your daily usage costs per day and per month, at the prices listed above."),
        ctx.n_("A month counts as %(num)s day.", "A month counts as %(num)s days.", MONTH_DAYS),
        ctx._("Amounts are rounded to six decimal places."),
    ]
    entries = [current_price(m, ctx.today) for m in ctx.catalog.models if m.status != "retired"]
    if any(e.cache_storage is not None or e.fine_tuning is not None for e in entries):
        sentences.append(
            ctx._(
                "Cache storage and fine-tuning (training, and hosting and use of fine-tuned models) are "
                "not part of the estimate."
            )
        )
    free = [t for t in ctx.catalog.tiers if t.pricing == "free"]
    if free:
        sentences.append(
            ctx._(
                "%(tier)s: usage costs nothing; the calculator tells you whether it stays within the daily "
                "limits (per-minute limits depend on how you spread your requests)."
            )
            % {"tier": ctx.cat("tier_name", free[0].name)}
        )
    return sentences


def usage_inputs(ctx: Context, model: AnyModel, entry: AnyPrice) -> list[Input]:
    """Every usage field, with the start values; those the model has no price for are hidden."""
    asked = costs.usage_fields(ctx.catalog, model, entry)
    out = []
    for key in costs.FIELDS:
        if key == "hours":
            hours = _hours_labels(ctx)
            label = hours["hoursUse"] if model.kind == "tool" else hours["hoursAudio"]
        else:
            label = _field_label(ctx, key) if key != "off_peak_share" or ctx.catalog.off_peak else ""
        if not label:
            continue
        value = ctx.fmt.decimal(Decimal(DEFAULTS[key]))
        item = Input(
            key,
            label,
            value,
            inputmode="decimal" if key in DECIMAL_FIELDS else "numeric",
            percent=key in costs.PERCENT_FIELDS,
            shown=key in asked,
        )
        if key == "cache_write_share":
            durations = costs.cache_durations(entry)
            item.choice = Input("cache_duration", ctx._("Cache duration"), "")
            item.choice.options = [
                Option(d, duration(ctx, d) if d else "", n == 0) for n, d in enumerate(durations)
            ]
            item.choice.shown = len(durations) > 1 or any(durations)
        if key == "images":
            item.choice = Input("image", ctx._("Image size and quality"), "")
            item.choice.options = [
                Option(o, image_label(ctx, o), n == 0) for n, o in enumerate(costs.image_options(entry))
            ]
        out.append(item)
    return out


def image_label(ctx: Context, option: str) -> str:
    """`1024x1024@hd` → `1024×1024, hd`."""
    size, _, quality = option.partition("@")
    size = size.replace("x", "×")
    if not quality:
        return size
    return ctx._("%(size)s, %(quality)s") % {"size": size, "quality": ctx.cat("image_quality", quality)}


def _money(ctx: Context, amount: Decimal) -> str:
    return ctx.fmt.price(shown(amount))


def calculator(ctx: Context) -> Calculator:
    """The calculator's view-model, with the result of the start values computed here."""
    catalog = ctx.catalog
    offered = offered_models(ctx)
    tiers = calculator_tiers(catalog.tiers)
    if not tiers or not offered:
        raise ValueError("the calculator needs a model and a tier that is not priced on request")
    tier = next((t for t in tiers if t.pricing == "pay_per_use"), tiers[0])
    model = offered[0]
    entry = current_price(model, ctx.today)
    usage = Usage.of(DEFAULTS)
    result = estimate(catalog, model, tier, entry, usage)
    fields = usage_inputs(ctx, model, entry)
    ids = [f.id for f in fields] + [f.choice.id for f in fields if f.choice is not None]
    month_label = ctx.n_("Per month of %(num)s day", "Per month of %(num)s days", MONTH_DAYS)
    labels = {**{k: ctx._(v) for k, v in LINE_LABELS.items()}, "hour": _hours_labels(ctx)["lineAudio"]}
    if model.kind == "tool":
        labels["hour"] = _hours_labels(ctx)["lineUse"]
    lines = [
        Line(
            line,
            labels[line],
            _money(ctx, amount),
            plain(amount),
            _money(ctx, amount * MONTH_DAYS),
            plain(amount * MONTH_DAYS),
        )
        for line, amount in result.lines.items()
    ]
    status = status_text(ctx, model, tier, entry, result.exceeded)
    services = [
        Option(
            s,
            ctx._("Standard processing") if s == "standard" else page_service_name(ctx, s),
            s == "standard",
        )
        for s in prices.service_tiers(catalog, model)
    ]
    regions = [Option("", ctx.p_("region", "None"), True)] + [
        Option(r.id, region_label(ctx, r.id))
        for r in catalog.regions
        if r.id in prices.regions_of(catalog, model)
    ]
    count = len(offered)
    return Calculator(
        intro=" ".join(intro(ctx)),
        model=Option(model.id, ctx.model_name(model)),
        model_hint=ctx.n_(
            "Type a name or an id to search %(num)s model.",
            "Type a name or an id to search %(num)s models.",
            count,
        ),
        tiers=[Option(t.id, ctx.cat("tier_name", t.name), t is tier) for t in tiers],
        services=services,
        regions=regions if catalog.regions else [],
        fields=fields,
        inputs=" ".join(ids),
        month_label=month_label,
        note=model_note(ctx, model, entry),
        daily=_money(ctx, result.daily),
        daily_value=plain(result.daily),
        monthly=_money(ctx, result.monthly),
        monthly_value=plain(result.monthly),
        approx_daily=approximate_price(ctx, result.daily),
        approx_monthly=approximate_price(ctx, result.monthly),
        approx_label=ctx._("approximately"),
        status=status,
        state=("over" if result.exceeded else "within") if status else "",
        exceeded=" ".join(result.exceeded),
        lines=lines,
        paying=tier.pricing == "pay_per_use",
        data=script_json(page_data(ctx, model, tiers, offered)),
        src=data_url(ctx),
    )


def page_service_name(ctx: Context, service: str) -> str:
    if service == "batch":
        return ctx._("Batch API")
    declared = ctx.catalog.service_tier(service)
    assert declared is not None
    return ctx.cat("service_tier_name", declared.name)


def region_label(ctx: Context, region_id: str) -> str:
    region = next(r for r in ctx.catalog.regions if r.id == region_id)
    return ctx._("%(region)s (+%(uplift)s)") % {
        "region": ctx.cat("region_name", region.name),
        "uplift": ctx.fmt.percent(region.uplift_percent),
    }


def section(page: Page, out: Output, arg: str | None) -> None:
    """The marker `<!-- tarifa:calculator -->`: a heading, the intro, the form and its data."""
    out.heading(2, page.ctx._("Cost calculator"), "calculator")
    out.html(page.renderer.render(page.ctx, "calculator.html", c=calculator(page.ctx)))
