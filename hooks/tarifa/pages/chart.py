"""A model's price history as a picture: a static SVG step chart drawn at build time.

No script draws it and no request loads it. The plot holds lines only; every word and number
(the price at the top of the scale, the first and last dates, the legend) is HTML around it, so
it stays legible when a phone scales the plot down, and right-to-left pages mirror the plot
(time runs from right to left) without mirroring any text. Lines differ by colour *and* dash
pattern, and the legend repeats each pattern. The chart's text alternative names every price
and the date it took effect; the table of changes under it is the full record.

>>> from decimal import Decimal as D
>>> steps([(dt.date(2025, 1, 1), D("0.30")), (dt.date(2025, 7, 1), D("0.20"))],
...       start=dt.date(2025, 1, 1), end=dt.date(2026, 1, 1), top=D("0.40"))
'M0,40.0 H297.5 V80.0 H600'
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from markupsafe import Markup, escape

from tarifa.catalogue.model import AnyModel
from tarifa.catalogue.prices import DIMENSIONS, points
from tarifa.pages.context import Context
from tarifa.pages.labels import dimension_label

WIDTH, HEIGHT = 600, 160
#: At most this many lines in one chart (a kind's main prices: input, cached input, output).
MAX_SERIES = 4
#: The dimensions a chart draws for each kind of model, first the one that sets the unit.
SERIES = {
    "chat": ("input", "cached_input", "output"),
    "embedding": ("input", "cached_input"),
    "moderation": ("input", "cached_input"),
    "rerank": ("searches",),
    "image": ("input", "image_output", "image"),
    "tts": ("characters", "minute", "input", "audio_output"),
    "asr": ("hour", "minute", "audio_input", "output"),
    "tool": ("requests", "hour"),
}


@dataclass
class Series:
    label: str
    steps: list[tuple[dt.date, Decimal]]  # (first day, amount); None-free: a withdrawn price ends


def _x(day: dt.date, start: dt.date, end: dt.date) -> float:
    span = max((end - start).days, 1)
    return round(WIDTH * (day - start).days / span, 1)


def _y(amount: Decimal, top: Decimal) -> float:
    return round(HEIGHT * (1 - float(amount / top)), 1) if top else float(HEIGHT)


def steps(changes: list[tuple[dt.date, Decimal]], start: dt.date, end: dt.date, top: Decimal) -> str:
    """The SVG path of one price over time: level from each date to the next change."""
    path = []
    for number, (day, amount) in enumerate(changes):
        x, y = _x(max(day, start), start, end), _y(amount, top)
        path.append(f"M{x:g},{y}" if number == 0 else f"H{x:g} V{y}")
    path.append(f"H{WIDTH}")
    return " ".join(path)


def series(ctx: Context, model: AnyModel) -> list[Series]:
    """The lines of a model's chart: its kind's main prices that share one unit."""
    per_entry = []
    for entry in model.prices:
        plain = {p.dimension: p.amount for p in points(entry) if p.key == p.dimension}
        per_entry.append((entry.starts, plain))
    wanted = [d for d in SERIES[model.kind] if any(d in plain for _, plain in per_entry)]
    if not wanted:
        return []
    unit = DIMENSIONS[wanted[0]]
    found = []
    for dimension in [d for d in wanted if DIMENSIONS[d] == unit][:MAX_SERIES]:
        line: list[tuple[dt.date, Decimal]] = []
        for day, plain in per_entry:
            amount = plain.get(dimension)
            if amount is not None and (not line or line[-1][1] != amount):
                line.append((day, amount))
        found.append(Series(dimension_label(ctx, model.kind, dimension), line))
    return found


def chart(ctx: Context, model: AnyModel, chart_id: str = "chart") -> Markup:
    """The figure, or nothing when the model has no dated price to draw."""
    lines = series(ctx, model)
    dated = [entry.since for entry in model.prices if entry.since is not None]
    if not lines or not dated:
        return Markup("")
    start = min(dated)
    last = max(ctx.today, max(dated))
    end = last
    if last == max(dated):  # a change today or announced: its level needs some width
        end += dt.timedelta(days=max(1, (end - start).days // 12))
    top = max(amount for s in lines for _, amount in s.steps)
    paths = []
    for number, s in enumerate(lines, 1):
        shown = [(max(day, start), amount) for day, amount in s.steps]
        paths.append(
            f'<path class="tarifa-chart__line tarifa-chart__line--{number}"'
            f' d="{steps(shown, start, end, top)}" vector-effect="non-scaling-stroke"/>'
        )
    if ctx.today < max(dated):  # an announced change: mark today
        x = _x(ctx.today, start, end)
        paths.append(
            f'<path class="tarifa-chart__today" d="M{x:g},0 V{HEIGHT}" vector-effect="non-scaling-stroke"/>'
        )
    described = [
        ctx._("%(price)s: %(steps)s.")
        % {
            "price": s.label,
            "steps": ctx.fmt.join(
                [
                    ctx._("%(amount)s from %(date)s") % {"amount": ctx.fmt.price(a), "date": ctx.fmt.date(d)}
                    if d in dated
                    else ctx._("%(amount)s since launch") % {"amount": ctx.fmt.price(a)}
                    for d, a in s.steps
                ]
            ),
        }
        for s in lines
    ]
    legend = "".join(
        f'<li><svg class="tarifa-chart__key" viewBox="0 0 24 8" aria-hidden="true">'
        f'<path class="tarifa-chart__line tarifa-chart__line--{number}" d="M0,4 H24"/></svg>'
        f" {escape(s.label)}</li>"
        for number, s in enumerate(lines, 1)
    )
    if ctx.today < max(dated):  # the dotted line of today, with the announced prices after it
        today = ctx._("Today")
        legend += (
            '<li><svg class="tarifa-chart__key" viewBox="0 0 24 8" aria-hidden="true">'
            '<path class="tarifa-chart__today" d="M12,0 V8"/></svg>'
            f" {escape(today)} (<bdi>{escape(ctx.fmt.date(ctx.today))}</bdi>)</li>"
        )
    caption = ctx._("Prices over time")
    return Markup(
        f'<figure class="tarifa-chart" id="{escape(chart_id)}">'
        f'<figcaption id="{escape(chart_id)}-caption">{escape(caption)}</figcaption>'
        f'<p class="tarifa-sr" id="{escape(chart_id)}-text">{escape(" ".join(described))}</p>'
        '<div class="tarifa-chart__body">'
        f'<div class="tarifa-chart__scale" aria-hidden="true"><bdi>{escape(ctx.fmt.price(top))}</bdi>'
        f"<bdi>{escape(ctx.fmt.whole_price(Decimal(0)))}</bdi></div>"
        f'<svg class="tarifa-chart__plot" viewBox="0 0 {WIDTH} {HEIGHT}" preserveAspectRatio="none"'
        f' role="img" aria-labelledby="{escape(chart_id)}-caption {escape(chart_id)}-text">'
        f'<path class="tarifa-chart__grid" d="M0,0 H{WIDTH} M0,{HEIGHT} H{WIDTH}"'
        ' vector-effect="non-scaling-stroke"/>'
        f"{''.join(paths)}</svg></div>"
        f'<div class="tarifa-chart__dates" aria-hidden="true"><bdi>{escape(ctx.fmt.date(start))}</bdi>'
        f"<bdi>{escape(ctx.fmt.date(last))}</bdi></div>"
        f'<ul class="tarifa-chart__legend">{legend}</ul></figure>'
    )
