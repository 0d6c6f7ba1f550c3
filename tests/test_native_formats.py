"""Numbers and dates as a native reader writes them, beyond what CLDR's patterns give.

- French writes the first day of a month as an ordinal: "1er avr. 2025" (the build tests compare
  every date with `conftest.medium_date`, which says so; here the pages are read for it);
- the tokens one dollar buys are a compact number only where readers take one ("1.69M",
  "1,69 Mio."): French and Spanish "333,33 k" reads as a unit, Arabic "5 مليون" breaks the
  agreement of the counted noun, so those pages show the full number, grouped.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from babel.numbers import format_compact_decimal, format_decimal
from bs4 import BeautifulSoup

from conftest import build_day, prefix, visible


def _current(model: dict[str, Any]) -> dict[str, str]:
    """The price in effect on the build day (a price without `since` always is)."""
    effective = [
        p for p in model["prices"] if "since" not in p or dt.date.fromisoformat(p["since"]) <= build_day()
    ]
    return (effective or model["prices"])[-1]  # type: ignore[no-any-return]


@pytest.mark.parametrize(
    ("locale", "compact"), [("en", True), ("de", True), ("fr", False), ("es", False), ("ar", False)]
)
def test_tokens_per_dollar_are_compact_only_where_readers_take_it(
    site: Path, raw_catalogue: dict[str, Any], locale: str, compact: bool
) -> None:
    page = BeautifulSoup(
        (site / prefix(locale) / "pricing" / "index.html").read_text(encoding="utf-8"), "lxml"
    )
    text = visible(page.select_one("#table-chat").get_text(" "))
    checked = 0
    for model in (m for m in raw_catalogue["models"] if m["kind"] == "chat"):
        price = Decimal(_current(model)["input"])
        if price == 0:
            continue
        units = (Decimal(1_000_000) / price).to_integral_value()
        full = format_decimal(units, locale=locale)
        short = format_compact_decimal(units, locale=locale, fraction_digits=2)
        if compact and short.replace("\xa0", "").isdigit():
            short = full  # no short form for this size (German below a million)
        assert visible(short if compact else full) in text, (locale, model["id"])
        checked += 1
    assert checked >= 3


FRENCH_MONTHS = "janv|févr|mars|avr|mai|juin|juil|août|sept|oct|nov|déc"


def test_french_pages_write_the_first_of_the_month_as_an_ordinal(
    site: Path, raw_catalogue: dict[str, Any]
) -> None:
    firsts = {
        dt.date.fromisoformat(p["since"])
        for m in raw_catalogue["models"]
        for p in m["prices"]
        if "since" in p and dt.date.fromisoformat(p["since"]).day == 1
    }
    assert firsts
    text = " ".join(
        visible(BeautifulSoup(page.read_text(encoding="utf-8"), "lxml").get_text(" "))
        for page in (site / "fr").rglob("index.html")
    )
    assert not re.search(rf"(?<![\d.,])1 (?:{FRENCH_MONTHS})", text)  # never "1 avr. 2025"
    shown = [day for day in firsts if re.search(rf"1er (?:{FRENCH_MONTHS})\w*\.? {day.year}", text)]
    assert shown, firsts  # the price history lists them: "1er avr. 2025"


def test_french_pages_put_a_no_break_space_before_high_punctuation(site: Path) -> None:
    """What French visitors read, generated text included ("Identifiant du modèle : …", the words a
    screen reader says before a percentage): never a letter, digit or closing bracket directly
    before `: ; ? !`, nor an ordinary space there (the translations are checked by tarifa check;
    this reads the built pages, where code joins labels and values)."""
    wrong = re.compile(r"[\w)»\]](?:[:;?!])(?=\s|$)|[ ][:;?!](?=\s|$)")
    checked = 0
    for path in sorted((site / "fr").rglob("index.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "lxml")
        article = soup.select_one("article")
        if article is None:
            continue
        for skipped in article.select("code, pre, script, style, kbd, time, .tarifa-id"):
            skipped.decompose()
        for element in article.find_all(string=True):
            found = wrong.search(str(element))
            assert found is None, (path.relative_to(site).as_posix(), str(element)[:120])
        checked += 1
    assert checked > 20
