"""The comparisons page and its data: every offer's prices and footnote on the built page, one-line
errors for a broken comparison file, and a warning (a failed strict build) for stale offers.

Offers are read here with PyYAML's BaseLoader (every value the text written), formatted by Babel.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.numbers import format_currency
from bs4 import BeautifulSoup, Tag

from browser.reference import catalogue, page_slug
from conftest import LOCALES, ROOT, build_day, build_site, copy_project, medium_date, prefix, visible
from tarifa.catalogue.comparisons import DEFAULT_MAX_AGE_DAYS, load_comparisons, stale
from tarifa.catalogue.load import load_catalog
from tarifa.problems import TarifaError

DATA = ROOT / "pricing" / "comparisons.yaml"


@pytest.fixture(scope="module")
def offers() -> list[dict[str, str]]:
    with DATA.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.load(handle, Loader=yaml.BaseLoader)
    return data["offers"]


def checked_lines() -> list[int]:
    """Line of each offer's `checked:`, found in the text itself."""
    return [
        n
        for n, line in enumerate(DATA.read_text(encoding="utf-8").splitlines(), 1)
        if line.strip().startswith("checked:")
    ]


def money(value: str, currency: str, locale: str) -> str:
    return visible(format_currency(Decimal(value), currency, locale=locale, decimal_quantization=False))


def first_bdi(cell: Tag) -> str:
    bdi = cell.find("bdi")
    assert bdi is not None, cell
    return visible(bdi.get_text())


def page(site: Path, locale: str) -> BeautifulSoup:
    return BeautifulSoup(
        (site / prefix(locale) / "comparisons" / "index.html").read_text(encoding="utf-8"), "lxml"
    )


def current(prices: list[dict[str, str]]) -> dict[str, str]:
    effective = [p for p in prices if p["since"] <= build_day().isoformat()]
    return effective[-1] if effective else prices[0]


# ── The page ──────────────────────────────────────────────────────────────────────────
@pytest.mark.parametrize("locale", LOCALES)
def test_every_offer_is_shown_with_its_prices_and_footnote(
    site: Path, offers: list[dict[str, str]], raw_catalogue: dict[str, Any], locale: str
) -> None:
    soup = page(site, locale)
    sources = soup.select("ol.tarifa-sources > li")
    assert sources, "no footnotes"
    numbered = {li["id"]: li for li in sources}
    assert list(numbered) == [f"source-{n}" for n in range(1, len(sources) + 1)], (
        "footnotes numbered in order"
    )
    for offer in offers:
        table = soup.select_one(f"#table-compare-{slug_of_id(offer['compare_with'])}")
        assert table is not None, offer["compare_with"]
        rows = [
            r for r in table.select("tbody tr") if r.th and r.th.get_text(strip=True) == offer["provider"]
        ]
        row = next(r for r in rows if r.find_all("td")[0].get_text(strip=True) == offer["model"])
        cells = row.find_all("td")
        assert first_bdi(cells[1]) == money(offer["input"], offer["currency"], locale)
        assert first_bdi(cells[2]) == money(offer["output"], offer["currency"], locale)
        link = cells[3].find("a")
        assert link is not None and link["href"].startswith("#source-")
        note = numbered[link["href"][1:]]
        assert visible(link.get_text()) == f"[{link['href'].removeprefix('#source-')}]"
        date = medium_date(dt.date.fromisoformat(offer["checked"]), locale)
        assert visible(date) in visible(note.get_text()), (locale, note.get_text())
        anchor = note.find("a")
        assert (
            anchor is not None and anchor["href"] == offer["source"] and anchor.get_text() == offer["source"]
        )
        assert set(anchor["rel"]) == {"nofollow", "noopener"}
    # our own model heads each table, at the catalogue's current price
    for model in raw_catalogue["models"]:
        table = soup.select_one(f"#table-compare-{page_slug(model)}")
        if table is None:
            continue
        ours = table.select_one("tbody tr.tarifa-compare__ours")
        assert (
            ours is not None
            and ours.th is not None
            and ours.th.get_text(strip=True) == raw_catalogue["provider"]["name"]
        )
        price = current(model["prices"])
        cells = ours.find_all("td")
        assert first_bdi(cells[1]) == money(price["input"], raw_catalogue["currency"], locale)
        assert first_bdi(cells[2]) == money(price["output"], raw_catalogue["currency"], locale)
    compared = {o["compare_with"] for o in offers}
    assert len(soup.select("table.tarifa-compare")) == len(compared)


def test_intro_prose_has_no_digits_and_the_page_is_in_the_nav(site: Path) -> None:
    for locale in LOCALES:
        suffix = "" if locale == "en" else f".{locale}"
        text = (ROOT / "docs" / f"comparisons{suffix}.md").read_text(encoding="utf-8").split("---", 2)[2]
        assert not re.search(r"\d", text), locale
        pricing = BeautifulSoup(
            (site / prefix(locale) / "pricing" / "index.html").read_text(encoding="utf-8"), "lxml"
        )
        assert pricing.select_one('.md-nav--primary a[href$="comparisons/"]') is not None, locale


# ── The data file ─────────────────────────────────────────────────────────────────────
def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "comparisons.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = """offers:
  - compare_with: heron-20b
    provider: Other
    model: Model
    input: 0.075
    output: 0.30
    currency: USD
    source: https://example.org/pricing
    checked: 2026-01-15
"""


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("input: 0.075", 'input: "$0.075"'),
            r"^comparisons\.yaml:5:12: offers\[0\]\.input: expected a plain decimal number",
        ),
        (
            ("model: Model", "modell: Model"),
            r"(?m)^comparisons\.yaml:4:5: offers\[0\]\.modell: expected one of the known fields "
            r".*did you mean 'model'\?\)$",
        ),
        (
            ("compare_with: heron-20b", "compare_with: nope"),
            r"^comparisons\.yaml:2:19: offers\[0\]\.compare_with: "
            r"expected the id of one of our chat models \(.*\), found 'nope'$",
        ),
        (
            ("compare_with: heron-20b", "compare_with: heron-2b"),
            r"^comparisons\.yaml:2:19: offers\[0\]\.compare_with: "
            r"expected the id of one of our chat models \(.*\), "
            r"found 'heron-2b' \(did you mean 'heron-20b'\?\)$",
        ),
        (
            ("https://example.org/pricing", "http://example.org/pricing"),
            r"^comparisons\.yaml:8:13: offers\[0\]\.source: expected an https:// address",
        ),
        (
            ("checked: 2026-01-15", "checked: 15.01.2026"),
            r"^comparisons\.yaml:9:14: offers\[0\]\.checked: expected a date written YYYY-MM-DD",
        ),
        (
            ("currency: USD", "currency: XYZ"),
            r"^comparisons\.yaml:7:15: offers\[0\]\.currency: expected an ISO 4217 currency code",
        ),
        (
            ("    checked: 2026-01-15\n", ""),
            r"^comparisons\.yaml:2:5: offers\[0\]: expected the required field 'checked'",
        ),
    ],
)
def test_problems_are_one_line_each_with_file_line_and_column(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    catalog = load_catalog(ROOT / "pricing" / "catalogue.yaml")
    assert load_comparisons(write(tmp_path, GOOD), catalog).offers
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(TarifaError) as error:
        load_comparisons(path, catalog, "comparisons.yaml")
    text = str(error.value)
    assert re.search(expected, text), text
    assert all(
        re.match(r"comparisons\.yaml:\d+:\d+: \S+: expected .+, found .+$", line)
        for line in text.splitlines()
    )


def slug_of_id(model_id: str) -> str:
    return page_slug(next(m for m in catalogue()["models"] if m["id"] == model_id))


def test_a_mistyped_model_among_thousands_is_one_short_line(tmp_path: Path) -> None:
    """At 3,000 models the problem once listed every id (a line of 107,867 characters)."""
    text = (ROOT / "pricing" / "catalogue.yaml").read_text(encoding="utf-8")
    first = text.index("  - id: orca-8b-instant")
    end = text.index("  - id: orca-70b-versatile")
    model = text[first:end]
    many = "".join(
        model.replace("orca-8b-instant", f"orca-{n}").replace("Orca 8B Instant", f"Orca {n}")
        for n in range(3000)
    )
    (tmp_path / "catalogue.yaml").write_text(text[:first] + many + text[first:], encoding="utf-8")
    catalog = load_catalog(tmp_path / "catalogue.yaml")
    path = write(tmp_path, GOOD.replace("compare_with: heron-20b", "compare_with: orca-2999x"))
    with pytest.raises(TarifaError) as error:
        load_comparisons(path, catalog, "comparisons.yaml")
    (line,) = str(error.value).splitlines()
    assert len(line) < 400, line
    assert line.endswith("found 'orca-2999x' (did you mean 'orca-2999'?)"), line
    ours = [m for m in yaml.safe_load(text)["models"] if m["kind"] == "chat" and m.get("status") != "retired"]
    assert f"{3000 + len(ours):,} chat models" in line, line


def test_stale_and_future_offers_are_named_by_line(tmp_path: Path) -> None:
    catalog = load_catalog(ROOT / "pricing" / "catalogue.yaml")
    loaded = load_comparisons(write(tmp_path, GOOD), catalog, "comparisons.yaml")
    checked = dt.date(2026, 1, 15)
    assert stale(loaded, checked + dt.timedelta(days=180), 180) == []
    (problem,) = stale(loaded, checked + dt.timedelta(days=181), 180)
    assert str(problem).startswith(
        "comparisons.yaml:9:14: offers[0].checked: expected a price checked at most 180 days before the "
        "build date 2026-07-15 (on or after 2026-01-16), found 2026-01-15, 181 days old; check the price"
    ), str(problem)
    assert stale(loaded, checked + dt.timedelta(days=400), 500) == []
    (future,) = stale(loaded, checked - dt.timedelta(days=1), 180)
    assert "on or before the build date 2026-01-14" in str(future)
    assert DEFAULT_MAX_AGE_DAYS == 180


def test_stale_comparisons_fail_the_strict_build(tmp_path: Path, offers: list[dict[str, str]]) -> None:
    """A build dated long after the last check warns once per offer, naming its line: --strict fails."""
    project = copy_project(tmp_path / "project")
    future = dt.datetime(2031, 1, 1, tzinfo=dt.UTC)
    result = build_site(
        project / "mkdocs.yml", tmp_path / "out", env={"SOURCE_DATE_EPOCH": str(int(future.timestamp()))}
    )
    assert result.returncode != 0
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    lines = checked_lines()
    assert len(lines) == len(offers)
    for line, offer in zip(lines, offers, strict=True):
        age = (future.date() - dt.date.fromisoformat(offer["checked"])).days
        hits = [w for w in warnings if f"pricing/comparisons.yaml:{line}:" in w and f"{age} days old" in w]
        assert len(hits) == 1, (line, warnings)
    assert re.search(rf"Aborted with {len(warnings)} warnings? in strict mode", result.stdout), result.stdout
