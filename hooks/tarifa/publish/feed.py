"""The Atom feed of price changes, one per locale (RFC 4287).

The feed depends on the catalogue and the translations only, never on the clock or the build
date: `updated` is the date of the newest change, each entry's id is a `tag:` URI built from the
site's host, the change date and the model, and an announced change reads "new prices from
<date>" before and after that date. Two builds of the same inputs give the same bytes.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from urllib.parse import urlsplit

from tarifa.catalogue import history
from tarifa.pages.changes import change_text
from tarifa.pages.labels import key_label
from tarifa.pages.urls import CHANGES_PATH, MODELS_PATH
from tarifa.pages.views import Context

ATOM = "http://www.w3.org/2005/Atom"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: Characters XML 1.0 cannot carry at all.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    return _NOT_XML.sub("", value)


#: Feed readers show plain text with the direction of its first strong letter: an Arabic title
#: that starts with a Latin model name would read left to right. A right-to-left mark starts each
#: line of a right-to-left feed, and names are isolated (FSI … PDI) inside it.
RLM, FSI, PDI = "\u200f", "\u2068", "\u2069"


def _directed(ctx: Context, text: str) -> str:
    return "\n".join(RLM + line for line in text.split("\n")) if ctx.fmt.rtl else text


def _isolated(ctx: Context, name: str) -> str:
    return f"{FSI}{name}{PDI}" if ctx.fmt.rtl else name


def _stamp(date: dt.date) -> str:
    return f"{date.isoformat()}T00:00:00Z"


def tag_authority(site_url: str, provider_url: str | None) -> str:
    """The host that names this site in `tag:` URIs."""
    for url in (site_url, provider_url or ""):
        host = urlsplit(url).hostname
        if host:
            return host
    return "tarifa.invalid"


def entry_id(authority: str, locale: str, change: history.PriceChange) -> str:
    return f"tag:{authority},{change.since.isoformat()}:price-changes/{locale}/{change.model.page_slug}"


def _element(parent: ET.Element, name: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{name}", attributes)
    if text is not None:
        element.text = _text(text)
    return element


def atom_feed(ctx: Context, *, site_url: str, prefix: str) -> bytes:
    """The feed of every price change for `ctx.locale`; `prefix` is the language's path ('de/')."""
    catalog = ctx.catalog
    base = f"{site_url.rstrip('/')}/{prefix}" if site_url else "../"
    page_url = base + CHANGES_PATH
    authority = tag_authority(site_url, catalog.provider.url)
    provider = catalog.provider.name
    changes = history.price_changes(catalog, ctx.today)
    dates = [p.starts for m in catalog.models for p in m.prices]
    newest = max((c.since for c in changes), default=max(dates))

    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {XML_LANG: ctx.locale})
    _element(feed, "id", page_url if site_url else f"tag:{authority},{min(dates)}:price-changes/{ctx.locale}")
    title = ctx._("%(provider)s price changes") % {"provider": _isolated(ctx, provider)}
    _element(feed, "title", _directed(ctx, title))
    _element(feed, "subtitle", _directed(ctx, ctx._("Every change of a price, announced changes included.")))
    _element(feed, "updated", _stamp(newest))
    _element(feed, "link", rel="alternate", type="text/html", href=page_url, hreflang=ctx.locale)
    if site_url:
        _element(feed, "link", rel="self", type="application/atom+xml", href=page_url + "feed.xml")
    author = _element(feed, "author")
    _element(author, "name", provider)
    if catalog.provider.url:
        _element(author, "uri", catalog.provider.url)
    _element(feed, "generator", "Tarifa")

    for event in history.events(changes):
        first = event[0]
        model = first.model
        entry = _element(feed, "entry")
        _element(entry, "id", entry_id(authority, ctx.locale, first))
        title = ctx._("%(model)s: new prices from %(date)s") % {
            "model": _isolated(ctx, ctx.model_name(model)),
            "date": ctx.fmt.date(first.since),
        }
        _element(entry, "title", _directed(ctx, title))
        _element(entry, "updated", _stamp(first.since))
        _element(entry, "published", _stamp(first.since))
        _element(
            entry,
            "link",
            rel="alternate",
            type="text/html",
            href=f"{base}{MODELS_PATH}{model.page_slug}/#history",
        )
        lines = [
            ctx._("%(price)s: %(old)s → %(new)s (%(change)s)")
            % {
                "price": key_label(ctx, model.kind, change.kind),
                "old": "—" if change.old is None else ctx.fmt.price(change.old),
                "new": "—" if change.new is None else ctx.fmt.price(change.new),
                "change": change_text(ctx, change),
            }
            for change in event
        ]
        _element(entry, "summary", _directed(ctx, "\n".join(lines)), type="text")
    ET.indent(feed)
    document: bytes = ET.tostring(feed, encoding="utf-8", xml_declaration=True)
    return document + b"\n"
