"""Price history: the price-changes page, each model's history and the Atom feeds, in every locale.

Expected rows are worked out from the catalogue as written (price points by points_expect, their
labels by labels_expect, every figure by Babel). Two extra builds pin "today" with
SOURCE_DATE_EPOCH to the day before and the day of the catalogue's last announced change, to see
that price take effect without any edit.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from itertools import groupby
from pathlib import Path
from typing import Any

import feedparser
import pytest
import yaml
from bs4 import BeautifulSoup, Tag

import labels_expect
import points_expect as px
from conftest import LOCALES, ROOT, build_day, prefix, visible
from tarifa.catalogue import history
from tarifa.catalogue.load import load_catalog
from tarifa.pages.changes import change_text as worded
from tarifa.project import Project
from tarifa.publish import feed
from test_opendata import expected_price_table, price_table
from transparency_expect import (
    date_text,
    model_name,
    money,
    percent,
    signed_percent,
    tr,
)

SITE_URL = "https://pricing.kestrel.example/"


def soup_of(site: Path, locale: str, path: str) -> BeautifulSoup:
    file = site / prefix(locale) / path / "index.html"
    assert file.exists(), f"missing page {file}"
    return BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")


def text(tag: Tag | None) -> str:
    """The visible text of a tag (without invisible bidi controls)."""
    assert tag is not None
    return visible(tag.get_text())


@pytest.fixture(scope="session")
def switch_date(raw_catalogue: dict[str, Any]) -> dt.date:
    """The date of the catalogue's latest price: announced, and far enough ahead to stay so."""
    date = max(px.starts(p) for m in raw_catalogue["models"] for p in m["prices"])
    assert date > dt.date(2026, 12, 31), "the example should announce a change well ahead of time"
    return date


#: A model description no page may let out of its text: it tries to close every context.
HOSTILE = "Evil </script><script>alert(1)</script> <!-- \"quoted\" & 'single' --> ]]>"


@pytest.fixture(scope="session")
def pinned(tmp_path_factory: pytest.TempPathFactory, switch_date: dt.date) -> dict[str, Path]:
    """A copy of the example built as on the day before `switch_date` and as on that day.

    Both builds read the same files. The copy differs from the repository in two ways: its
    comparisons never count as stale (these builds are dated in the future), and one model
    description is HOSTILE (checked in test_hostile_description_cannot_escape).
    """
    project = tmp_path_factory.mktemp("pinned") / "project"
    shutil.copytree(
        ROOT,
        project,
        ignore=shutil.ignore_patterns(
            ".venv", "site", ".git", "artifacts", "node_modules", ".*cache", "tests"
        ),
    )
    config = project / "mkdocs.yml"
    config.write_text(
        re.sub(r"comparison_max_age_days: *[0-9]+", "comparison_max_age_days: 36500", config.read_text()),
        encoding="utf-8",
    )
    catalogue = project / "pricing" / "catalogue.yaml"
    source = catalogue.read_text(encoding="utf-8")
    assert source.count("description: Open-weight reasoning model with tool use.") == 1
    catalogue.write_text(
        source.replace(
            "description: Open-weight reasoning model with tool use.", f"description: {json.dumps(HOSTILE)}"
        ),
        encoding="utf-8",
    )
    dates = {"before": switch_date - dt.timedelta(days=1), "on": switch_date}
    running = {}
    for name, date in dates.items():
        dest = project.parent / f"site-{name}"
        epoch = int(dt.datetime.combine(date, dt.time(12), tzinfo=dt.UTC).timestamp())
        env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": str(epoch)}
        command = [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(dest)]
        process = subprocess.Popen(
            command, cwd=project, env=env, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL
        )
        running[name] = (dest, process)
    for _dest, process in running.values():
        _, stderr = process.communicate()
        assert process.returncode == 0, stderr.decode()
    return {name: dest for name, (dest, _) in running.items()}


def direction(change: dict[str, Any]) -> str:
    """up or down; new for a price that appears, withdrawn for one that goes."""
    if change["old"] is None:
        return "new"
    if change["new"] is None:
        return "withdrawn"
    return "up" if change["new"] > change["old"] else "down"


#: The mark and the words (for screen readers) of an increase and of a decrease.
MARKS = {"up": ("▲", "Price increase"), "down": ("▼", "Price decrease")}


def check_rows(rows: list[Tag], expected: list[dict[str, Any]], locale: str, *, with_model: bool) -> None:
    """Each row of a table of changes: model, the price point's label, old and new price, the
    change in words or percent with its direction marked by shape and words, and the date."""
    currency = "USD"
    assert len(rows) == len(expected), [r.get("id") for r in rows]
    for row, change in zip(rows, expected, strict=True):
        model = change["model"]
        where = (locale, model["id"], change["kind"], change["since"])
        assert row["data-model"] == model["id"], where
        cells = row.find_all(["th", "td"], recursive=False)
        if with_model:
            link = cells[0].find("a")
            assert link is not None and link.get_text() == model_name(model, locale), where
            assert str(link["href"]).endswith(f"models/{px.slug(model)}/"), where
            cells = cells[1:]
        assert cells[0].get_text() == labels_expect.label(model["kind"], change["point"], locale), where
        for key in ("old", "new"):
            shown = text(row.select_one(f".tarifa-{key}"))
            assert shown == ("—" if change[key] is None else visible(money(change[key], locale, currency))), (
                where
            )
        assert text(row.select_one(".tarifa-percent")) == visible(expected_change_text(change, locale)), where
        moved = direction(change)
        assert f"tarifa-change--{moved}" in row["class"], where
        mark = row.select_one(".tarifa-direction")
        if moved in MARKS:
            shape, words = MARKS[moved]
            assert mark is not None and mark.get_text() == shape and mark["aria-hidden"] == "true", where
            spoken = mark.find_next_sibling(class_="tarifa-sr")
            spoken_words = tr(locale, "%(label)s: %(value)s") % {"label": tr(locale, words), "value": ""}
            assert spoken is not None and text(spoken) == spoken_words, where
        else:
            assert mark is None, where
        time = row.find("time")
        assert time is not None and time["datetime"] == change["since"].isoformat(), where
        date = visible(date_text(change["since"], locale))
        if change["announced"]:
            assert text(time) == visible(tr(locale, "from %(date)s")) % {"date": date}, where
            assert "tarifa-change--announced" in row["class"], where
            assert text(row.select_one(".tarifa-badge")) == tr(locale, "announced"), where
        else:
            assert text(time) == date, where
            assert "tarifa-change--announced" not in row["class"], where
            assert row.select_one(".tarifa-badge") is None, where


# ── The example catalogue ───────────────────────────────────────────────────────────
EVERY_DIMENSION = Path(__file__).parent / "catalogues" / "valid" / "every-dimension.yaml"
#: The day the every-dimension catalogue is built for: changes past, and one announced.
EVERY_DAY = dt.date(2026, 11, 29)


def raw_of(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.load(handle, Loader=yaml.BaseLoader)
    return data


def all_changes(raw: dict[str, Any], today: dt.date) -> list[dict[str, Any]]:
    """Every change of the catalogue by price point, newest first, then in catalogue order."""
    found = [{**c, "model": m} for m in raw["models"] for c in px.changes(m, today)]
    return sorted(found, key=lambda c: c["since"], reverse=True)


def test_example_has_increases_decreases_and_announced_changes(raw_catalogue: dict[str, Any]) -> None:
    found = all_changes(raw_catalogue, dt.date(2026, 12, 31))
    directions = {"up" if c["new"] > c["old"] else "down" for c in found if c["old"] and c["new"]}
    assert directions == {"up", "down"}
    assert len({(c["model"]["id"], c["since"]) for c in found if not c["announced"]}) >= 4
    assert any(c["announced"] for c in found)
    assert any(c["old"] is None for c in found), "a price added later (cached input, cache writes)"
    assert any("@" in c["kind"] for c in found), "a price with conditions (a cache duration, a step)"


# ── The history of price points ─────────────────────────────────────────────────────
def as_tuples(changes: list[Any]) -> list[tuple[Any, ...]]:
    return [
        (c.model_id, c.kind, c.old, c.new, c.since, c.announced)
        if isinstance(c, history.PriceChange)
        else (c["model"]["id"], c["kind"], c["old"], c["new"], c["since"], c["announced"])
        for c in changes
    ]


@pytest.mark.parametrize(
    ("path", "today"),
    [(ROOT / "pricing" / "catalogue.yaml", dt.date(2026, 12, 31)), (EVERY_DIMENSION, EVERY_DAY)],
)
def test_price_changes_are_the_changes_of_the_price_points(path: Path, today: dt.date) -> None:
    """Every change of every point key (a cache duration, a long-prompt step, an image size, a
    fine-tuning price), a price that appears (old: none) or goes (new: none), newest first."""
    found = history.price_changes(load_catalog(path), today)
    assert as_tuples(found) == as_tuples(all_changes(raw_of(path), today))
    assert found, path


def test_swift_1t_adds_cache_writes_and_a_long_prompt_step() -> None:
    """Worked out by hand from the example: on 2026-07-01 Swift 1T's cached input goes from 0.50
    to 0.10, and cache writes (5-minute and 1-hour), cache storage and prices for prompts over
    200K tokens appear; input and output do not change, so they are not listed."""
    model = load_catalog(ROOT / "pricing" / "catalogue.yaml").model("swift-1t")
    found = [(c.kind, c.old, c.new, c.direction) for c in history.model_changes(model, dt.date(2026, 12, 31))]
    new = "new"
    assert found == [
        ("cached_input", Decimal("0.50"), Decimal("0.10"), "down"),
        ("cache_write@5m", None, Decimal("1.25"), new),
        ("cache_write@1h", None, Decimal("2.00"), new),
        ("cache_storage", None, Decimal("4.50"), new),
        ("input@>200000", None, Decimal("2.00"), new),
        ("cached_input@>200000", None, Decimal("0.20"), new),
        ("output@>200000", None, Decimal("4.50"), new),
    ]
    change = history.model_changes(model, dt.date(2026, 12, 31))[0]
    assert (change.percent, change.percent_exact) == (Decimal("-80"), True)
    ctx = Project.at(ROOT).context("en", today=dt.date(2026, 12, 31))
    assert [worded(ctx, c) for c in history.model_changes(model, dt.date(2026, 12, 31))] == [
        signed_percent(Decimal("-80"), "en"),
        *["new price"] * 6,
    ]


def every_dimension_context(locale: str) -> Any:
    project = Project.at(ROOT)
    project.catalogue = EVERY_DIMENSION
    return project.context(locale, today=EVERY_DAY)


def expected_change_text(change: dict[str, Any], locale: str) -> str:
    """A percentage, or words: a price that appears or was zero is a new price (there is no
    percentage of change from zero), a price that goes is no longer offered."""
    if change["new"] is None:
        return tr(locale, "no longer offered")
    if change["old"] is None or change["old"] == 0:
        return tr(locale, "new price")
    return signed_percent(percent(str(change["old"]), str(change["new"])), locale)


@pytest.mark.parametrize("locale", LOCALES)
def test_a_price_up_from_zero_is_a_new_price_not_a_dash(locale: str) -> None:
    """Small, fine-tuned was free in preview (0) and costs 0.30 and 1.20 from 2026-07-01: no
    percentage exists, the history says "new price" (never "—") in every language."""
    ctx = every_dimension_context(locale)
    model = ctx.catalog.model("ft:acme-small:org::a1b2")
    found = history.model_changes(model, EVERY_DAY)
    assert [(c.kind, c.old, c.new) for c in found] == [
        ("input", Decimal(0), Decimal("0.30")),
        ("output", Decimal(0), Decimal("1.20")),
        ("cache_write", None, Decimal("0.375")),
    ]
    assert all(c.percent is None and not c.percent_exact and c.direction in ("up", "new") for c in found)
    assert [worded(ctx, c) for c in found] == [tr(locale, "new price")] * 3
    for change in history.price_changes(ctx.catalog, EVERY_DAY):
        assert worded(ctx, change) not in ("—", ""), (change.model_id, change.kind)


# ── Atom feeds ──────────────────────────────────────────────────────────────────────
def events(raw: dict[str, Any], today: dt.date) -> list[list[dict[str, Any]]]:
    found = all_changes(raw, today)
    return [list(group) for _, group in groupby(found, key=lambda c: (c["model"]["id"], c["since"]))]


def check_feed(
    parsed: Any, raw: dict[str, Any], today: dt.date, locale: str, site_url: str, authority: str
) -> None:
    """An Atom feed lists every change of `raw`: an entry per model and date, a line per point."""
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    feed = parsed.feed
    provider = raw["provider"]["name"]
    assert visible(feed.title) == visible(tr(locale, "%(provider)s price changes") % {"provider": provider})
    rtl = locale == "ar"  # a right-to-left feed: each line starts with a right-to-left mark
    assert feed.title.startswith("\u200f") == rtl
    assert feed.language == locale
    page_url = site_url + prefix(locale) + "price-changes/"
    assert {link.rel: link.href for link in feed.links} == {
        "alternate": page_url,
        "self": page_url + "feed.xml",
    }
    expected = events(raw, today)
    assert feed.updated.startswith(expected[0][0]["since"].isoformat())
    assert [(e.link, e.updated[:10]) for e in parsed.entries] == [
        (
            f"{site_url}{prefix(locale)}models/{px.slug(event[0]['model'])}/#history",
            event[0]["since"].isoformat(),
        )
        for event in expected
    ]
    ids = [e.id for e in parsed.entries]
    assert len(set(ids)) == len(ids) and all(i.startswith(f"tag:{authority},") for i in ids)
    currency = raw["currency"]
    for entry, event in zip(parsed.entries, expected, strict=True):
        model = event[0]["model"]
        title = tr(locale, "%(model)s: new prices from %(date)s") % {
            "model": model_name(model, locale),
            "date": date_text(event[0]["since"], locale),
        }
        assert visible(entry.title) == visible(title)
        assert entry.title.startswith("\u200f") == rtl, entry.title
        assert all(line.startswith("\u200f") == rtl for line in entry.summary.split("\n")), entry.summary
        lines = [
            tr(locale, "%(price)s: %(old)s → %(new)s (%(change)s)")
            % {
                "price": labels_expect.label(model["kind"], c["point"], locale),
                "old": "—" if c["old"] is None else money(c["old"], locale, currency),
                "new": "—" if c["new"] is None else money(c["new"], locale, currency),
                "change": expected_change_text(c, locale),
            }
            for c in event
        ]
        assert [visible(line) for line in entry.summary.split("\n")] == [visible(line) for line in lines]


@pytest.mark.parametrize("locale", LOCALES)
def test_feed_parses_and_lists_the_catalogues_changes(
    site: Path, raw_catalogue: dict[str, Any], locale: str
) -> None:
    parsed = feedparser.parse((site / prefix(locale) / "price-changes" / "feed.xml").read_bytes())
    check_feed(parsed, raw_catalogue, build_day(), locale, SITE_URL, "pricing.kestrel.example")
    # Every entry's page exists in the built site.
    for entry in parsed.entries:
        assert (site / entry.link.removeprefix(SITE_URL).split("#")[0] / "index.html").exists()


@pytest.mark.parametrize("locale", LOCALES)
def test_feed_of_every_dimension(locale: str) -> None:
    """Cache durations, long-prompt steps, image sizes, fine-tuning, a price up from zero, a price
    withdrawn, an id with a slash: every line of the feed, in every language."""
    ctx = every_dimension_context(locale)
    site_url = "https://prices.acme.example/"
    document = feed.atom_feed(ctx, site_url=site_url, prefix=prefix(locale))
    parsed = feedparser.parse(document)
    check_feed(parsed, raw_of(EVERY_DIMENSION), EVERY_DAY, locale, site_url, "prices.acme.example")
    assert any("(" + tr(locale, "no longer offered") + ")" in e.summary for e in parsed.entries)


# ── Pages ───────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("locale", LOCALES)
def test_price_changes_page_lists_every_change_newest_first(
    site: Path, raw_catalogue: dict[str, Any], locale: str
) -> None:
    soup = soup_of(site, locale, "price-changes/")
    rows = soup.select("#table-changes tbody tr")
    check_rows(rows, all_changes(raw_catalogue, build_day()), locale, with_model=True)
    dates = [row["data-date"] for row in rows]
    assert dates == sorted(dates, reverse=True)
    feed = soup.select_one(".tarifa-feed a")
    assert feed is not None and feed.get_text() == tr(locale, "Atom feed of price changes")
    target = (site / prefix(locale) / "price-changes" / str(feed["href"])).resolve()
    assert target == (site / prefix(locale) / "price-changes" / "feed.xml").resolve() and target.exists()


def history_section(soup: BeautifulSoup) -> list[Tag]:
    """The elements under a model page's "Price history" heading, up to the next heading."""
    heading = soup.select_one("article h2#history")
    assert heading is not None
    found = []
    for element in heading.find_next_siblings():
        if element.name in ("h1", "h2"):
            break
        found.append(element)
    return found


@pytest.mark.parametrize("locale", LOCALES)
def test_each_model_page_shows_its_own_history(
    site: Path, raw_catalogue: dict[str, Any], locale: str
) -> None:
    """A model page ends with its price history: a chart of its dated prices, then its changes
    (or since when its prices are unchanged), and a notice of announced prices above."""
    today = build_day()
    for model in raw_catalogue["models"]:
        soup = soup_of(site, locale, f"models/{px.slug(model)}/")
        headings = [h.get("id") for h in soup.select("article h2")]
        assert headings.index("history") > headings.index("limits"), "the history comes after the limits"
        section = history_section(soup)
        charts = [e for e in section if e.name == "figure" and "tarifa-chart" in e.get("class", [])]
        dated = any("since" in p for p in model["prices"])
        assert len(charts) == (1 if dated else 0), (locale, model["id"])
        expected = [{**c, "model": model} for c in px.changes(model, today)]
        rows = soup.select("#table-history tbody tr")
        if expected:
            check_rows(rows, expected, locale, with_model=False)
            holds = [
                i
                for i, e in enumerate(section)
                if e.get("id") == "table-history" or e.select_one("#table-history")
            ]
            assert holds, "the changes are in the history section"
            if charts:
                assert section.index(charts[0]) < holds[0], "the chart comes before the table"
        else:
            assert not rows
            first = model["prices"][0]
            unchanged = (
                tr(locale, "Prices unchanged since %(date)s.") % {"date": date_text(px.starts(first), locale)}
                if "since" in first
                else tr(locale, "Prices unchanged since launch.")
            )
            more = soup.select_one(".tarifa-history-more")
            assert more is not None and visible(unchanged) in text(more), (locale, model["id"])
        notice = soup.select_one(".tarifa-announced")
        later = px.upcoming(model, today)
        if later:
            date = date_text(px.starts(later[0]), locale)
            assert notice is not None
            assert visible(tr(locale, "New prices announced from %(date)s.") % {"date": date}) in text(notice)
        else:
            assert notice is None


@pytest.mark.parametrize("locale", LOCALES)
def test_every_page_head_links_its_languages_feed(site: Path, locale: str) -> None:
    root = site / prefix(locale)
    pages = [
        p for p in root.rglob("index.html") if locale != "en" or p.relative_to(site).parts[0] not in LOCALES
    ]
    assert len(pages) > 20
    for file in pages:
        soup = BeautifulSoup(file.read_text(encoding="utf-8"), "lxml")
        links = soup.select('head link[rel="alternate"][type="application/atom+xml"]')
        assert len(links) == 1, file
        target = (file.parent / str(links[0]["href"])).resolve()
        assert target == (root / "price-changes" / "feed.xml").resolve(), file
        title = tr(locale, "%(provider)s price changes") % {"provider": "Kestrel Cloud"}
        assert links[0]["title"] == title


def test_feeds_do_not_depend_on_the_build_date(site: Path, pinned: dict[str, Path]) -> None:
    """Feed readers see the same entries, ids and dates whatever day the site is rebuilt."""
    for locale in LOCALES:
        feed = Path(prefix(locale)) / "price-changes" / "feed.xml"
        built = {(root / feed).read_bytes() for root in (site, pinned["before"], pinned["on"])}
        assert len(built) == 1, locale


# ── An announced price takes effect on its date, with no edit ──────────────────────
def written(points: list[dict[str, Any]]) -> dict[str, str]:
    """Price points by key, each amount as the catalogue writes it."""
    return {p["key"]: format(p["amount"], "f") for p in points}


def test_an_announced_price_becomes_current_on_its_date(
    pinned: dict[str, Path], raw_catalogue: dict[str, Any], switch_date: dt.date
) -> None:
    """The same files built the day before and on the day of the last announced change: pages,
    open data (both versions) and JSON-LD switch to the new prices on that day."""
    switching = [m for m in raw_catalogue["models"] if any(px.starts(p) == switch_date for p in m["prices"])]
    assert switching
    for when, today in (("before", switch_date - dt.timedelta(days=1)), ("on", switch_date)):
        site = pinned[when]
        data = json.loads((site / "api" / "v2" / "pricing.json").read_text(encoding="utf-8"))
        v1 = json.loads((site / "api" / "pricing.json").read_text(encoding="utf-8"))
        assert data["as_of"] == v1["as_of"] == today.isoformat()
        v2_csv = list(csv.DictReader(io.StringIO((site / "api" / "v2" / "pricing.csv").read_text("utf-8"))))
        v1_csv = list(csv.DictReader(io.StringIO((site / "api" / "pricing.csv").read_text("utf-8"))))
        for model in switching:
            price = px.current(model, today)
            assert (px.starts(price) == switch_date) == (when == "on")
            announced = px.upcoming(model, today)
            for locale in ("en", "ar"):
                soup = soup_of(site, locale, f"models/{px.slug(model)}/")
                assert price_table(soup) == expected_price_table(raw_catalogue, model, today, locale)
                rows = [
                    r
                    for r in soup.select("#table-history tbody tr")
                    if r["data-date"] == switch_date.isoformat()
                ]
                assert rows and all(
                    ("tarifa-change--announced" in r["class"]) == (when == "before") for r in rows
                )
                assert (soup.select_one(".tarifa-announced") is not None) == bool(announced)
                changes_page = soup_of(site, locale, "price-changes/")
                rows = changes_page.select(
                    f'#table-changes tr[data-model="{model["id"]}"][data-date="{switch_date}"]'
                )
                assert rows and all(
                    ("tarifa-change--announced" in r["class"]) == (when == "before") for r in rows
                )
            # version 2: the current prices, their status, and the CSV's announced columns
            exported = next(m for m in data["models"] if m["id"] == model["id"])
            assert {p["key"]: p["amount"] for p in exported["prices"]} == written(px.points(price))
            statuses = {h["since"]: h["status"] for h in exported["history"]}
            assert statuses[switch_date.isoformat()] == ("current" if when == "on" else "announced")
            following = written(px.points(announced[0])) if announced else {}
            standard = [r for r in v2_csv if r["model_id"] == model["id"] and r["service_tier"] == "standard"]
            assert [(r["price_key"], r["amount"]) for r in standard] == list(
                written(px.points(price)).items()
            )
            for row in standard:
                expected = (
                    (following[row["price_key"]], switch_date.isoformat())
                    if row["price_key"] in following
                    else ("", "")
                )
                assert (row["announced_amount"], row["announced_since"]) == expected
            assert any(r["announced_amount"] for r in standard) == (when == "before")
            # version 1 names the same prices, where it can
            if model["id"] in {m["id"] for m in px.v1_listed(raw_catalogue)}:
                old = next(m for m in v1["models"] if m["id"] == model["id"])
                assert {p["kind"]: p["amount"] for p in old["prices"]} == px.v1_amounts(price)
                rows_v1 = [r for r in v1_csv if r["model_id"] == model["id"]]
                assert {r["price_kind"]: r["amount"] for r in rows_v1} == px.v1_amounts(price)
                assert all((r["announced_amount"] == "") == (when == "on") for r in rows_v1)
            # JSON-LD: the announced prices from their day, the current ones until the day before
            ld = json_ld(soup_of(site, "en", f"models/{px.slug(model)}/"))
            specs = [s for s in ld["priceSpecification"] if s.get("validFrom") == switch_date.isoformat()]
            assert sorted(s["price"] for s in specs) == sorted(
                written(px.points(model["prices"][-1])).values()
            )
            assert all("validThrough" not in s for s in specs)
            if when == "before":
                valid = {
                    s.get("validThrough")
                    for s in ld["priceSpecification"]
                    if s.get("validFrom") == price.get("since")
                }
                assert valid == {(switch_date - dt.timedelta(days=1)).isoformat()}
                assert ld.get("validFrom") == price.get("since")
            else:
                assert ld["validFrom"] == switch_date.isoformat()


def json_ld(soup: BeautifulSoup) -> Any:
    scripts = soup.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].get_text())


# ── Nothing from the catalogue escapes its text ─────────────────────────────────────
@pytest.mark.parametrize("locale", ["en", "ar"])
def test_hostile_description_cannot_escape(pinned: dict[str, Path], site: Path, locale: str) -> None:
    """A description that tries to close the JSON-LD script (and attributes, comments, CDATA)
    stays text: each page has the same elements as the ordinary build, and reads back intact."""
    hostile = pinned["before"]
    for path in ("models/heron-20b/", "pricing/"):
        raw = (hostile / prefix(locale) / path / "index.html").read_text(encoding="utf-8")
        assert "<script>alert(1)" not in raw and "</script><script>" not in raw
        soup = BeautifulSoup(raw, "lxml")
        ordinary = soup_of(site, locale, path)
        for name in ("script", "meta", "link", "style", "iframe"):
            assert len(soup.find_all(name)) == len(ordinary.find_all(name)), (path, name)
        for script in soup.find_all("script"):
            if script.get("type") != "application/ld+json":
                assert "alert" not in script.get_text(), path
        data = json_ld(soup)
        if path.startswith("models/"):  # the overview lists names and links; the Offer is here
            assert data["itemOffered"]["description"] == HOSTILE
            meta = soup.find("meta", attrs={"name": "description"})
            assert meta is not None and meta["content"] == HOSTILE
    exported = json.loads((hostile / "api" / "pricing.json").read_text(encoding="utf-8"))
    assert next(m for m in exported["models"] if m["id"] == "heron-20b")["description"] == HOSTILE
