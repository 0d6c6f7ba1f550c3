"""Open data (`api/pricing.json`, its schema, `api/pricing.csv`) and the schema.org JSON-LD.

Every export is compared with the catalogue as written (PyYAML BaseLoader: every scalar is the
text of the file) and with what the built pages show, formatted by Babel.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from babel.numbers import format_decimal
from bs4 import BeautifulSoup
from jsonschema import Draft202012Validator

from conftest import LOCALES, build_day, prefix, visible
from transparency_expect import KINDS, amounts, current, day, kind_label, money, tr, upcoming, value

SITE_URL = "https://pricing.kestrel.example/"
CSV_HEADER = [
    "model_id",
    "model_name",
    "model_kind",
    "price_kind",
    "amount",
    "currency",
    "per_quantity",
    "unit",
    "since",
    "announced_amount",
    "announced_since",
]


def load(site: Path, name: str) -> Any:
    return json.loads((site / "api" / name).read_text(encoding="utf-8"))


def soup_of(site: Path, locale: str, path: str) -> BeautifulSoup:
    return BeautifulSoup((site / prefix(locale) / path / "index.html").read_text(encoding="utf-8"), "lxml")


def json_ld(soup: BeautifulSoup) -> Any:
    scripts = soup.select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].get_text())


def is_plain_decimal(text: str) -> bool:
    return text.replace(".", "", 1).isdigit() and not text.startswith(".") and not text.endswith(".")


# ── Files ───────────────────────────────────────────────────────────────────────────
def test_open_data_is_written_once_at_the_site_root(site: Path) -> None:
    assert sorted(p.name for p in (site / "api").iterdir()) == [
        "pricing.csv",
        "pricing.json",
        "pricing.schema.json",
    ]
    for locale in LOCALES[1:]:
        assert not (site / locale / "api").exists()


@pytest.mark.parametrize("locale", LOCALES)
def test_open_data_page_links_every_file(site: Path, locale: str) -> None:
    page = site / prefix(locale) / "open-data" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    links = soup.select("#table-open-data tbody a")
    targets = sorted((page.parent / str(a["href"])).resolve() for a in links)
    assert targets == sorted(
        (site / "api" / n).resolve() for n in ("pricing.csv", "pricing.json", "pricing.schema.json")
    )
    assert [a.get_text() for a in links] == [
        SITE_URL + "api/" + n for n in ("pricing.json", "pricing.schema.json", "pricing.csv")
    ]


@pytest.mark.parametrize("locale", LOCALES)
def test_open_data_page_lists_the_price_kinds(site: Path, locale: str) -> None:
    rows = soup_of(site, locale, "open-data/").select("#table-price-kinds tbody tr")
    shown = [[value(c) for c in row.find_all(["th", "td"])][:3] for row in rows]
    assert shown == [
        [f'"{kind}"', visible(format_decimal(q, locale=locale)), f'"{unit}"']
        for kind, (q, unit) in KINDS.items()
    ]


# ── JSON against its schema and the catalogue ───────────────────────────────────────
def test_json_validates_against_its_versioned_schema(site: Path) -> None:
    schema = load(site, "pricing.schema.json")
    Draft202012Validator.check_schema(schema)
    data = load(site, "pricing.json")
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []
    assert data["version"] == 1 and schema["properties"]["version"] == {
        **schema["properties"]["version"],
        "const": 1,
    }
    assert schema["$id"] == SITE_URL + "api/pricing.schema.json"
    # The schema is strict: a mistyped price or an unknown field is refused.
    broken = json.loads(json.dumps(data))
    broken["models"][0]["prices"][0]["amount"] = 0.05
    assert not validator.is_valid(broken)
    broken = json.loads(json.dumps(data))
    broken["models"][0]["surprise"] = True
    assert not validator.is_valid(broken)


def test_json_holds_the_catalogue(site: Path, raw_catalogue: dict[str, Any]) -> None:
    data = load(site, "pricing.json")
    today = build_day()
    assert data["as_of"] == today.isoformat()
    assert data["currency"] == raw_catalogue["currency"]
    assert data["provider"] == {
        key: raw_catalogue["provider"].get(key) for key in ("name", "url", "contact_url")
    }
    batch = raw_catalogue["batch"]
    assert Decimal(data["batch"]["discount_percent"]) == Decimal(batch["discount_percent"])
    assert data["batch"]["window_min_hours"] == int(batch["window_min_hours"])
    assert [f["id"] for f in data["features"]] == [f["id"] for f in raw_catalogue["features"]]
    assert [t["id"] for t in data["tiers"]] == [t["id"] for t in raw_catalogue["tiers"]]
    for tier, raw in zip(data["tiers"], raw_catalogue["tiers"], strict=True):
        assert tier["name"] == raw["name"] and tier["pricing"] == raw["pricing"]
        assert tier["custom_limits"] == (raw.get("custom_limits") == "true")
        features = {
            f["id"]: {"true": True, "false": False}.get(f["values"][raw["id"]], f["values"][raw["id"]])
            for f in raw_catalogue["features"]
        }
        assert tier["features"] == features
        limits = {
            m["id"]: {k: int(v) for k, v in m["limits"][raw["id"]].items()}
            for m in raw_catalogue["models"]
            if raw["id"] in m.get("limits", {})
        }
        assert tier["limits"] == limits
    assert [m["id"] for m in data["models"]] == [m["id"] for m in raw_catalogue["models"]]
    for model, raw in zip(data["models"], raw_catalogue["models"], strict=True):
        assert model["url"] == f"{SITE_URL}models/{raw['id']}/"
        price = current(raw, today)
        assert model["since"] == price["since"]
        exported = {p["kind"]: p for p in model["prices"]}
        assert list(exported) == list(amounts(price))
        for kind, amount in amounts(price).items():
            assert exported[kind]["amount"] == amount and is_plain_decimal(amount), (raw["id"], kind)
            assert (exported[kind]["per_quantity"], exported[kind]["unit"]) == KINDS[kind]
        assert len(model["history"]) == len(raw["prices"])
        following = [p["since"] for p in raw["prices"][1:]] + [None]
        for entry, dated, after in zip(model["history"], raw["prices"], following, strict=True):
            assert entry["since"] == dated["since"]
            assert {p["kind"]: p["amount"] for p in entry["prices"]} == amounts(dated)
            until = None if after is None else (day(after) - dt.timedelta(days=1)).isoformat()
            assert entry["until"] == until
            status = "announced" if day(dated["since"]) > today else "current" if dated is price else "past"
            assert entry["status"] == status, (raw["id"], dated["since"])


# ── CSV ─────────────────────────────────────────────────────────────────────────────
def test_csv_is_rfc4180_and_holds_the_current_prices(site: Path, raw_catalogue: dict[str, Any]) -> None:
    data = (site / "api" / "pricing.csv").read_bytes()
    assert not data.startswith(b"\xef\xbb\xbf"), "UTF-8 without a byte order mark"
    text = data.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", "")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[0] == CSV_HEADER
    today = build_day()
    expected = []
    for model in raw_catalogue["models"]:
        price = current(model, today)
        later = upcoming(model, today)
        following = amounts(later[0]) if later else {}
        for kind, amount in amounts(price).items():
            quantity, unit = KINDS[kind]
            announced = following.get(kind, "")
            expected.append(
                [
                    model["id"],
                    model["name"],
                    model["kind"],
                    kind,
                    amount,
                    raw_catalogue["currency"],
                    str(quantity),
                    unit,
                    price["since"],
                    announced,
                    later[0]["since"] if announced else "",
                ]
            )
    assert rows[1:] == expected
    assert any(row[9] for row in rows[1:]), "the example announces a change"


# ── Exports against the pages ───────────────────────────────────────────────────────
@pytest.mark.parametrize("locale", LOCALES)
def test_exported_prices_are_the_prices_the_pages_show(
    site: Path, raw_catalogue: dict[str, Any], locale: str
) -> None:
    currency = raw_catalogue["currency"]
    data = load(site, "pricing.json")
    rows = list(
        csv.DictReader(io.StringIO((site / "api" / "pricing.csv").read_text(encoding="utf-8"), newline=""))
    )
    overview = soup_of(site, locale, "pricing/")
    for model in data["models"]:
        shown = [visible(money(p["amount"], locale, currency)) for p in model["prices"]]
        assert [r["amount"] for r in rows if r["model_id"] == model["id"]] == [
            p["amount"] for p in model["prices"]
        ]
        page = soup_of(site, locale, f"models/{model['id']}/")
        standard = [value(r.find("td")) for r in page.select("#table-prices tbody tr")]
        assert [s for s in standard if s != "—"] == shown, (locale, model["id"])
        link = overview.select_one(f'.tarifa-table tbody th a[href$="models/{model["id"]}/"]')
        assert link is not None, model["id"]
        row = link.find_parent("tr")
        assert row is not None
        prices_in_row = [visible(b.get_text()) for b in row.select("td bdi")]
        for price in shown:
            assert price in prices_in_row, (locale, model["id"], price)


# ── schema.org JSON-LD ──────────────────────────────────────────────────────────────
def check_offer(offer: dict[str, Any], raw: dict[str, Any], catalogue: dict[str, Any], locale: str) -> None:
    today = build_day()
    assert offer["@type"] == "Offer"
    assert offer["url"] == f"{SITE_URL}{prefix(locale)}models/{raw['id']}/"
    assert offer["seller"] == {
        "@type": "Organization",
        "name": catalogue["provider"]["name"],
        "url": catalogue["provider"]["url"],
    }
    assert offer["itemOffered"]["@type"] == "Service"
    price = current(raw, today)
    assert offer["validFrom"] == price["since"]
    expected = []
    for dated in [price, *upcoming(raw, today)]:
        for kind, amount in amounts(dated).items():
            quantity, unit = KINDS[kind]
            expected.append((dated["since"], kind_label(raw, kind, locale), amount, quantity, unit + "s"))
    specs = offer["priceSpecification"]
    assert [
        (
            s["validFrom"],
            s["name"],
            s["price"],
            s["referenceQuantity"]["value"],
            s["referenceQuantity"]["unitText"],
        )
        for s in specs
    ] == expected
    for spec in specs:
        assert (
            spec["@type"] == "UnitPriceSpecification"
            and spec["referenceQuantity"]["@type"] == "QuantitativeValue"
        )
        assert spec["priceCurrency"] == catalogue["currency"] and isinstance(spec["price"], str)
    later = upcoming(raw, today)
    if later:
        valid = {s["validThrough"] for s in specs if s["validFrom"] == price["since"]}
        assert valid == {(day(later[0]["since"]) - dt.timedelta(days=1)).isoformat()}


@pytest.mark.parametrize("locale", LOCALES)
def test_json_ld_offers_on_the_pricing_page(site: Path, raw_catalogue: dict[str, Any], locale: str) -> None:
    data = json_ld(soup_of(site, locale, "pricing/"))
    assert data["@context"] == "https://schema.org" and data["@type"] == "OfferCatalog"
    assert data["url"] == f"{SITE_URL}{prefix(locale)}pricing/"
    offers = data["itemListElement"]
    assert len(offers) == len(raw_catalogue["models"])
    for offer, raw in zip(offers, raw_catalogue["models"], strict=True):
        check_offer(offer, raw, raw_catalogue, locale)
        if raw.get("description"):
            description = tr(locale, raw["description"], "model description")
            assert offer["itemOffered"]["description"] == description


@pytest.mark.parametrize("locale", LOCALES)
def test_json_ld_offer_on_every_model_page(site: Path, raw_catalogue: dict[str, Any], locale: str) -> None:
    for raw in raw_catalogue["models"]:
        data = json_ld(soup_of(site, locale, f"models/{raw['id']}/"))
        assert data["@context"] == "https://schema.org"
        check_offer(data, raw, raw_catalogue, locale)


def test_json_ld_only_where_prices_are(site: Path) -> None:
    for path in ("", "how-pricing-works/", "price-changes/", "open-data/"):
        assert not soup_of(site, "en", path).select('script[type="application/ld+json"]'), path


# ── CSV injection (OWASP) ───────────────────────────────────────────────────────────
FORMULAS = ["=1+1", "+1", "-1+1", "@SUM(1,1)", '=HYPERLINK("https://evil.example","x")', "Heron 20B"]


@pytest.mark.parametrize("name", FORMULAS)
def test_csv_cells_never_start_a_formula(name: str, tmp_path: Path) -> None:
    """A model named like a formula is written with an apostrophe first; other text unchanged.
    (Tabs and carriage returns, the other two OWASP names, cannot be in a name at all.)"""
    from tarifa.catalogue.load import load_catalog
    from tarifa.publish.opendata import pricing_csv

    text = (Path(__file__).parent / "catalogues" / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "catalogue.yaml"
    path.write_text(text.replace("name: Small", f"name: {json.dumps(name)}"), encoding="utf-8")
    rows = list(csv.reader(io.StringIO(pricing_csv(load_catalog(path), dt.date(2026, 1, 1)))))
    names = [row[1] for row in rows[1:] if row[0] == "small"]
    # OWASP: cells starting with = + - @ TAB CR are prefixed with a single quote.
    written = "'" + name if name[0] in "=+-@\t\r" else name
    assert names and all(cell == written for cell in names), names
    for row in rows[1:]:
        assert row[4][0].isdigit(), "amounts are numbers, never prefixed"
