"""Open data (`api/v2/` with every price, the frozen version 1 at `api/`) and the schema.org JSON-LD.

Every export is compared with the catalogue as written (PyYAML BaseLoader: every scalar is the
text of the file; price points worked out by `points_expect`, not by Tarifa) and with what the
built pages show, formatted by Babel. Besides the example site, the format functions are run on
tests/catalogues/valid/every-dimension.yaml, which uses what the example does not.
"""

from __future__ import annotations

import csv
import datetime as dt
import gettext
import io
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import markdown
import pytest
import yaml
from babel.numbers import format_decimal
from bs4 import BeautifulSoup, Tag
from jsonschema import Draft202012Validator

import labels_expect
import points_expect as px
from conftest import LOCALES, ROOT, build_day, prefix, visible
from tarifa.catalogue.load import load_catalog
from tarifa.l10n.formatting import Formatter
from tarifa.pages.context import Context
from tarifa.pages.markers import expand, fill
from tarifa.pages.output import Page
from tarifa.project import Project
from tarifa.publish import jsonld, pricing_v1, pricing_v2
from transparency_expect import day, model_name, money, tr, value

SITE_URL = "https://pricing.kestrel.example/"
EVERY_DIMENSION = Path(__file__).parent / "catalogues" / "valid" / "every-dimension.yaml"
#: The day the every-dimension catalogue is published for: changes past, and one announced.
EVERY_DAY = dt.date(2026, 11, 29)
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


def words(cell: Tag) -> str:
    """The whole visible text of a cell (in right-to-left text, Latin words and numbers are in
    <bdi>s of their own: `value` would read the first of them only)."""
    return visible(cell.get_text())


def is_plain_decimal(text: str) -> bool:
    return text.replace(".", "", 1).isdigit() and not text.startswith(".") and not text.endswith(".")


# ── Files ───────────────────────────────────────────────────────────────────────────
def test_open_data_is_written_once_at_the_site_root(site: Path) -> None:
    files = ["pricing.csv", "pricing.json", "pricing.schema.json"]
    assert sorted(p.name for p in (site / "api").iterdir()) == [*files, "v2"]
    assert sorted(p.name for p in (site / "api" / "v2").iterdir()) == files
    for locale in LOCALES[1:]:
        assert not (site / locale / "api").exists()


#: The open-data files the page links, in its order: version 2 (every price), then the frozen
#: version 1 at its first addresses.
OPEN_DATA_FILES = [
    "api/v2/pricing.json",
    "api/v2/pricing.schema.json",
    "api/v2/pricing.csv",
    "api/pricing.json",
    "api/pricing.schema.json",
    "api/pricing.csv",
]
MEDIA_TYPES = {
    "json": "application/json",
    "schema.json": "application/schema+json",
    "csv": "text/csv; charset=utf-8; header=present",
}


@pytest.mark.parametrize("locale", LOCALES)
def test_open_data_page_links_every_file(site: Path, locale: str) -> None:
    """Every file under api/ in the built site, each once, by its full address and its media type."""
    page = site / prefix(locale) / "open-data" / "index.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
    rows = soup.select("#table-open-data tbody tr")
    links = [row.find("a") for row in rows]
    assert all(link is not None for link in links)
    targets = [(page.parent / str(a["href"])).resolve() for a in links]
    assert targets == [(site / path).resolve() for path in OPEN_DATA_FILES]
    assert sorted(targets) == sorted(p.resolve() for p in (site / "api").rglob("*") if p.is_file())
    assert [a.get_text() for a in links] == [SITE_URL + path for path in OPEN_DATA_FILES]
    media = [words(row.find_all(["th", "td"])[-1]) for row in rows]
    assert media == [MEDIA_TYPES[path.split("/")[-1].split(".", 1)[1]] for path in OPEN_DATA_FILES]


#: The dimensions of the open data in the order the page lists them (the order of a price list's
#: points: token prices, prices in other units, images, fine-tuning).
DIMENSION_ORDER = [
    *px.TOKEN_FIELDS,
    *px.UNIT_FIELDS,
    "image",
    *(f"fine_tuning.{f}" for f in px.FINE_TUNING_FIELDS),
]


def dimension_labels(dimension: str, locale: str) -> str:
    """How the pages name a dimension: per hour of audio for speech recognition, per hour of use
    for tools; the same for every kind otherwise."""
    kinds = ["asr", "tool"] if dimension == "hour" else ["chat"]
    point = px.point(dimension, "0")
    return " · ".join(labels_expect.label(kind, point, locale) for kind in kinds)


@pytest.mark.parametrize("locale", LOCALES)
def test_open_data_page_lists_the_price_kinds(site: Path, locale: str) -> None:
    """Every dimension of version 2: its name in the files, the quantity and unit it is priced
    per, and the words the pages use for it."""
    rows = soup_of(site, locale, "open-data/").select("#table-price-kinds tbody tr")
    cells = [row.find_all(["th", "td"]) for row in rows]
    shown = [
        [words(name), value(quantity), words(unit), words(label)] for name, quantity, unit, label in cells
    ]
    assert sorted(DIMENSION_ORDER) == sorted(px.PER)
    assert shown == [
        [
            f'"{dimension}"',
            visible(format_decimal(px.PER[dimension][0], locale=locale)),
            f'"{px.PER[dimension][1]}"',
            visible(dimension_labels(dimension, locale)),
        ]
        for dimension in DIMENSION_ORDER
    ]
    # version 1's six kinds are dimensions of the same names, quantities and units
    assert all(px.PER[kind] == per for kind, per in px.V1_KINDS.items())


# ── Version 2: every price ──────────────────────────────────────────────────────────
def raw_of(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.load(handle, Loader=yaml.BaseLoader)
    return data


def every_dimension() -> tuple[Any, dict[str, Any]]:
    return load_catalog(EVERY_DIMENSION), raw_of(EVERY_DIMENSION)


def text_of(value: Decimal) -> str:
    """An exact amount as plain decimal text, as precise as written: no exponent, no rounding."""
    return format(value, "f")


def exported_points(points: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    """Exported points, comparable with `expected_points` (amounts as Decimals: derived prices are
    compared by value, exactly; every amount must be plain decimal text)."""
    for p in points:
        assert is_plain_decimal(p["amount"]), p
    return [
        (
            p["key"],
            p["dimension"],
            Decimal(p["amount"]),
            p["per_quantity"],
            p["unit"],
            p["above_tokens"],
            p["cache_duration"],
            p["image_size"],
            p["image_quality"],
        )
        for p in points
    ]


def expected_points(points: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    conditions = ("above", "duration", "size", "quality")
    return [
        (p["key"], p["dimension"], p["amount"], *px.PER[p["dimension"]], *(p[c] for c in conditions))
        for p in points
    ]


def check_entry(
    exported: dict[str, Any], raw: dict[str, Any], model: dict[str, Any], entry: dict[str, Any]
) -> None:
    """One price list: every point as written, and every service tier's prices (explicit, or the
    standard price times the tier's factor), exactly."""
    where = (model["id"], entry.get("since"))
    assert exported_points(exported["prices"]) == expected_points(px.points(entry)), where
    # standard prices are the text written, to the digit
    written = [text_of(p["amount"]) for p in px.points(entry)]
    assert [p["amount"] for p in exported["prices"]] == written, where
    tiers = px.tiers_of(model)[1:]
    assert list(exported["service_tier_prices"]) == tiers, where
    for tier in tiers:
        expected = expected_points(px.tier_points(raw, entry, tier))
        assert exported_points(exported["service_tier_prices"][tier]) == expected, (where, tier)
    assert exported["fine_tuning_tiers"] == entry.get("fine_tuning", {}).get("tiers"), where


def off_peak_for(raw: dict[str, Any], model: dict[str, Any]) -> bool:
    window = raw.get("off_peak")
    if window is None:
        return False
    if "models" in window:
        return model["id"] in window["models"]
    return any(f in entry for entry in model["prices"] for f in px.TOKEN_FIELDS)


FACTS = ("context_window", "context_label", "max_output", "speed_tps", "speed_cps", "dimensions")
FACTS += ("min_billed_seconds", "speed_factor")
WINDOWS = ("window_hours", "window_min_hours", "window_max_days")


def check_v2(data: dict[str, Any], raw: dict[str, Any], today: dt.date, site_url: str) -> None:
    """pricing.json (version 2) holds the catalogue `raw`, as published on `today`."""
    assert data["version"] == 2 and data["as_of"] == today.isoformat()
    assert data["currency"] == raw["currency"]
    assert data["provider"] == {key: raw["provider"].get(key) for key in ("name", "url", "contact_url")}
    batch = raw["batch"]
    assert data["batch"] == {
        "discount_percent": batch["discount_percent"],
        **{k: int(batch[k]) if k in batch else None for k in WINDOWS},
    }
    assert data["service_tiers"] == [
        {"id": t["id"], "name": t["name"], "summary": t.get("summary"), "multiplier": t["multiplier"]}
        for t in raw.get("service_tiers", [])
    ]
    assert data["regions"] == [
        {"id": r["id"], "name": r["name"], "uplift_percent": r["uplift_percent"], "models": r.get("models")}
        for r in raw.get("regions", [])
    ]
    window = raw.get("off_peak")
    assert data["off_peak"] == (
        None
        if window is None
        else {
            "start": window["start"],
            "end": window["end"],
            "timezone": window.get("timezone", "UTC"),
            "discount_percent": window["discount_percent"],
            "models": window.get("models"),
        }
    )
    assert data["tool_groups"] == [
        {"id": g["id"], "name": g["name"], "summary": g.get("summary")} for g in raw.get("tool_groups", [])
    ]
    assert [t["id"] for t in data["tiers"]] == [t["id"] for t in raw["tiers"]]
    for tier, written in zip(data["tiers"], raw["tiers"], strict=True):
        limits = {
            m["id"]: {k: int(v) for k, v in m["limits"][written["id"]].items()}
            for m in raw["models"]
            if written["id"] in m.get("limits", {})
        }
        assert tier["limits"] == limits
    assert [m["id"] for m in data["models"]] == [m["id"] for m in raw["models"]]
    for model, written in zip(data["models"], raw["models"], strict=True):
        slug = px.slug(written)
        assert (model["page"], model["url"]) == (slug, f"{site_url or '../../'}models/{slug}/")
        assert (model["kind"], model["name"], model["description"]) == (
            written["kind"],
            written["name"],
            written.get("description"),
        )
        assert model["status"] == written.get("status", "available")
        assert model["retires"] == written.get("retires")
        assert model["batch"] == (written.get("batch") == "true")
        assert model["service_tiers"] == px.tiers_of(written)
        assert model["regions"] == [
            r["id"] for r in raw.get("regions", []) if "models" not in r or written["id"] in r["models"]
        ]
        assert model["off_peak"] == off_peak_for(raw, written), written["id"]
        assert model["group"] == written.get("group")
        facts = {f: written[f] for f in FACTS if f in written}
        assert model["facts"] == {f: v if f == "context_label" else int(v) for f, v in facts.items()}
        entry = px.current(written, today)
        assert model["since"] == entry.get("since")
        check_entry(model, raw, written, entry)
        assert len(model["history"]) == len(written["prices"])
        following = [px.starts(p) for p in written["prices"][1:]] + [None]
        for exported, dated, after in zip(model["history"], written["prices"], following, strict=True):
            assert exported["since"] == dated.get("since")
            until = None if after is None else (after - dt.timedelta(days=1)).isoformat()
            assert exported["until"] == until
            status = "announced" if px.starts(dated) > today else "current" if dated is entry else "past"
            assert exported["status"] == status, (written["id"], dated.get("since"))
            check_entry(exported, raw, written, dated)


def v2_validator(schema: dict[str, Any]) -> Draft202012Validator:
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_v2_json_validates_against_its_schema(site: Path) -> None:
    schema = load(site, "v2/pricing.schema.json")
    data = load(site, "v2/pricing.json")
    validator = v2_validator(schema)
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)]
    assert errors == []
    assert data["version"] == 2 and schema["properties"]["version"]["const"] == 2
    assert schema["$id"] == SITE_URL + "api/v2/pricing.schema.json"
    # The schema is strict: a price as a binary number or with an exponent, an unknown field,
    # an unknown dimension.
    cases: list[tuple[tuple[str | int, ...], object]] = [
        (("models", 0, "prices", 0, "amount"), 0.05),
        (("models", 0, "service_tier_prices", "batch", 0, "amount"), "1E-3"),
        (("models", 0, "surprise"), True),
        (("models", 0, "prices", 0, "dimension"), "tokens"),
    ]
    for path, bad in cases:
        broken = json.loads(json.dumps(data))
        target = broken
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = bad
        assert not validator.is_valid(broken), path


def test_v2_schema_is_published_as_built(site: Path) -> None:
    assert load(site, "v2/pricing.schema.json") == pricing_v2.schema(SITE_URL)


def test_v2_json_of_every_dimension_validates_against_its_schema() -> None:
    catalog, _ = every_dimension()
    data = pricing_v2.pricing_data(catalog, EVERY_DAY, SITE_URL)
    validator = v2_validator(pricing_v2.schema())
    assert [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(data)] == []


def test_v2_json_holds_every_price_of_the_example(site: Path, raw_catalogue: dict[str, Any]) -> None:
    check_v2(load(site, "v2/pricing.json"), raw_catalogue, build_day(), SITE_URL)


def test_v2_json_holds_every_price_of_every_dimension() -> None:
    catalog, raw = every_dimension()
    check_v2(pricing_v2.pricing_data(catalog, EVERY_DAY, SITE_URL), raw, EVERY_DAY, SITE_URL)
    check_v2(pricing_v2.pricing_data(catalog, EVERY_DAY), raw, EVERY_DAY, "")


def test_v2_tier_prices_worked_out_by_hand() -> None:
    """A few figures of every-dimension.yaml, computed here by hand (not by a rule)."""
    catalog, _ = every_dimension()
    data = pricing_v2.pricing_data(catalog, EVERY_DAY)
    large = next(m for m in data["models"] if m["id"] == "acme/large-2")

    def amount(points: list[dict[str, Any]], key: str) -> Decimal:
        return Decimal(next(p["amount"] for p in points if p["key"] == key))

    tiers = large["service_tier_prices"]
    assert [p["amount"] for p in large["prices"] if p["key"] in ("cache_write@5m", "output@>200000")] == [
        "3.125",
        "22.50",
    ]
    assert amount(tiers["batch"], "input") == Decimal("1.20")  # explicit, not 2.50 × 0.6
    assert amount(tiers["batch"], "cached_input") == Decimal("0.15")  # 0.25 × 0.6
    assert amount(tiers["batch"], "cache_write@1h") == Decimal("2.40")  # explicit
    assert amount(tiers["batch"], "cache_write@5m") == Decimal("1.875")  # 3.125 × 0.6
    assert amount(tiers["flex"], "input@>128000") == Decimal("1.875")  # 3.75 × 0.5
    assert amount(tiers["priority"], "output") == Decimal("20")  # explicit
    assert amount(tiers["priority"], "input") == Decimal("4.375")  # 2.50 × 1.75
    assert amount(tiers["priority"], "fine_tuning.output") == Decimal("26.25")  # 15 × 1.75
    for tier in tiers.values():  # storage time, training and hosting cost the same in every tier
        assert not {p["dimension"] for p in tier} & set(px.NOT_USAGE)
    image = next(m for m in data["models"] if m["id"] == "acme-paint-1")
    assert [p["key"] for p in image["prices"]] == [
        "input",
        "image_input",
        "image_output",
        "image@1024x1024@low",
        "image@1024x1024@high",
        "image@1536x1024",
    ]
    assert amount(image["service_tier_prices"]["batch"], "image@1024x1024@high") == Decimal("0.1002")


# ── Version 2 CSV ───────────────────────────────────────────────────────────────────
V2_HEADER = [
    "model_id",
    "model_name",
    "model_kind",
    "service_tier",
    "price_key",
    "dimension",
    "amount",
    "currency",
    "per_quantity",
    "unit",
    "above_tokens",
    "cache_duration",
    "image_size",
    "image_quality",
    "since",
    "announced_amount",
    "announced_since",
]


def cell(text: str) -> str:
    """A text cell as OWASP advises: an apostrophe before = + - @ tab or carriage return."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def rfc4180_rows(data: bytes) -> list[list[str]]:
    assert not data.startswith(b"\xef\xbb\xbf"), "UTF-8 without a byte order mark"
    text = data.decode("utf-8")
    assert text.endswith("\r\n") and "\n" not in text.replace("\r\n", ""), "CRLF line ends only"
    return list(csv.reader(io.StringIO(text, newline="")))


def expected_v2_rows(raw: dict[str, Any], today: dt.date) -> list[list[Any]]:
    """One row per model, service tier and price point of the current prices (amounts as
    Decimals), with the next announced amount of the same point in the same tier."""
    rows = []
    for model in raw["models"]:
        entry = px.current(model, today)
        later = px.upcoming(model, today)
        for tier in px.tiers_of(model):
            now = px.points(entry) if tier == "standard" else px.tier_points(raw, entry, tier)
            following = {}
            if later:
                points = px.points(later[0]) if tier == "standard" else px.tier_points(raw, later[0], tier)
                following = {p["key"]: p["amount"] for p in points}
            for p in now:
                announced = following.get(p["key"])
                quantity, unit = px.PER[p["dimension"]]
                rows.append(
                    [
                        cell(model["id"]),
                        cell(model["name"]),
                        model["kind"],
                        tier,
                        p["key"],
                        p["dimension"],
                        p["amount"],
                        raw["currency"],
                        str(quantity),
                        unit,
                        "" if p["above"] is None else str(p["above"]),
                        p["duration"] or "",
                        p["size"] or "",
                        p["quality"] or "",
                        entry.get("since", ""),
                        "" if announced is None else announced,
                        later[0]["since"] if announced is not None else "",
                    ]
                )
    return rows


def comparable(rows: list[list[str]]) -> list[list[Any]]:
    """CSV rows with the amount columns as Decimals (after checking they are plain decimals)."""
    out = []
    for row in rows:
        for column in (6, 15):
            assert row[column] == "" or is_plain_decimal(row[column]), row
        out.append([Decimal(c) if i in (6, 15) and c else c for i, c in enumerate(row)])
    return out


def test_v2_csv_is_rfc4180_and_holds_every_current_price(site: Path, raw_catalogue: dict[str, Any]) -> None:
    rows = rfc4180_rows((site / "api" / "v2" / "pricing.csv").read_bytes())
    assert rows[0] == V2_HEADER
    assert comparable(rows[1:]) == expected_v2_rows(raw_catalogue, build_day())
    assert {row[3] for row in rows[1:]} == {"standard", "batch", "flex", "priority"}
    assert any(row[15] for row in rows[1:]), "the example announces a change"


def test_v2_csv_of_every_dimension() -> None:
    catalog, raw = every_dimension()
    rows = rfc4180_rows(pricing_v2.pricing_csv(catalog, EVERY_DAY).encode("utf-8"))
    assert rows[0] == V2_HEADER
    assert comparable(rows[1:]) == expected_v2_rows(raw, EVERY_DAY)
    standard = {(r[0], r[4]): r for r in rows[1:] if r[3] == "standard"}
    assert standard[("acme/large-2", "cache_write@5m")][6:8] == ["3.125", "USD"]
    assert standard[("acme/large-2", "cache_write@5m")][15:] == ["2.50", "2027-09-01"]
    assert standard[("acme/large-2", "cache_storage")][15:] == ["", ""], "withdrawn: nothing announced"
    assert standard[("acme/large-2", "input")][14] == "2026-03-01"
    assert standard[("acme/large-2:free", "input")][6] == "0"


# ── Version 1, frozen: what it can name, in its unchanged format ──────────────────────
V1_SCHEMA = Path(__file__).parent / "fixtures" / "opendata-v1.schema.json"


def test_v1_format_is_unchanged() -> None:
    """The schema of version 1 is the one published before version 2 existed (written by the
    generator of commit 87d13eb into tests/fixtures/opendata-v1.schema.json)."""
    frozen = json.loads(V1_SCHEMA.read_text(encoding="utf-8"))
    assert pricing_v1.schema() == frozen
    assert pricing_v1.schema(SITE_URL) == {"$id": SITE_URL + "api/pricing.schema.json", **frozen}
    assert pricing_v1.CSV_COLUMNS == CSV_HEADER


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


def check_v1(data: dict[str, Any], raw: dict[str, Any], today: dt.date) -> None:
    """Version 1 lists the models it can describe (chat, tts, asr, tool; every price dated and
    nameable), with only the prices it can name, as before."""
    listed = px.v1_listed(raw)
    assert [m["id"] for m in data["models"]] == [m["id"] for m in listed]
    for tier, written in zip(data["tiers"], raw["tiers"], strict=True):
        limits = {
            m["id"]: {k: int(v) for k, v in m["limits"][written["id"]].items()}
            for m in listed
            if written["id"] in m.get("limits", {})
        }
        assert tier["limits"] == limits
    for model, written in zip(data["models"], listed, strict=True):
        assert model["url"] == f"{SITE_URL}models/{px.slug(written)}/"
        price = px.current(written, today)
        assert model["since"] == price["since"]
        exported = {p["kind"]: p for p in model["prices"]}
        assert {k: p["amount"] for k, p in exported.items()} == px.v1_amounts(price), written["id"]
        for kind, p in exported.items():
            assert (p["per_quantity"], p["unit"]) == px.V1_KINDS[kind]
        assert len(model["history"]) == len(written["prices"])
        following = [p["since"] for p in written["prices"][1:]] + [None]
        for entry, dated, after in zip(model["history"], written["prices"], following, strict=True):
            assert entry["since"] == dated["since"]
            assert {p["kind"]: p["amount"] for p in entry["prices"]} == px.v1_amounts(dated)
            until = None if after is None else (day(after) - dt.timedelta(days=1)).isoformat()
            assert entry["until"] == until
            status = "announced" if day(dated["since"]) > today else "current" if dated is price else "past"
            assert entry["status"] == status, (written["id"], dated["since"])


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
    check_v1(data, raw_catalogue, today)
    # what version 1 cannot describe is left out, never distorted
    left_out = {m["id"] for m in raw_catalogue["models"]} - {m["id"] for m in data["models"]}
    assert {"kestrel/orca-realtime", "kestrel-embed-v2", "kite-image-1", "echo-tts-lite"} <= left_out


def test_v1_json_of_every_dimension_validates_against_the_frozen_schema() -> None:
    catalog, raw = every_dimension()
    data = pricing_v1.pricing_data(catalog, EVERY_DAY, SITE_URL)
    validator = Draft202012Validator(json.loads(V1_SCHEMA.read_text(encoding="utf-8")))
    assert [e.message for e in validator.iter_errors(data)] == []
    check_v1(data, raw, EVERY_DAY)
    # one window of 24 hours reads, in version 1's range, as from 24 hours to 1 day
    assert data["batch"] == {"discount_percent": "40", "window_min_hours": 24, "window_max_days": 1}


# ── CSV ─────────────────────────────────────────────────────────────────────────────
def test_csv_is_rfc4180_and_holds_the_current_prices(site: Path, raw_catalogue: dict[str, Any]) -> None:
    rows = rfc4180_rows((site / "api" / "pricing.csv").read_bytes())
    assert rows[0] == CSV_HEADER
    today = build_day()
    expected = []
    for model in px.v1_listed(raw_catalogue):
        price = px.current(model, today)
        later = px.upcoming(model, today)
        following = px.v1_amounts(later[0]) if later else {}
        for kind, amount in px.v1_amounts(price).items():
            quantity, unit = px.V1_KINDS[kind]
            announced = following.get(kind, "")
            expected.append(
                [
                    cell(model["id"]),
                    cell(model["name"]),
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
def price_text(amount: Decimal, locale: str, currency: str) -> str:
    """A price as the pages write it: exact, or "Free" for zero."""
    return tr(locale, "Free", "price") if amount == 0 else visible(money(amount, locale, currency))


def expected_price_table(
    raw: dict[str, Any], model: dict[str, Any], today: dt.date, locale: str
) -> list[list[str]]:
    """A model page's table of prices, worked out from the catalogue as written: a row per price
    point of the current prices (its label, then its price in each column), a column per service
    tier (standard, batch, then the model's others), per region the model is offered in (usage
    prices plus the region's uplift) and for the off-peak window (usage prices per token less its
    discount). A price that a column does not change (storage time, training, hosting) is "—"."""
    currency = raw["currency"]
    entry = px.current(model, today)
    tiers = px.tiers_of(model)
    regions = [r for r in raw.get("regions", []) if "models" not in r or model["id"] in r["models"]]
    off_peak = off_peak_for(raw, model)
    header = [tr(locale, "Price"), tr(locale, "Standard")]
    names = {t["id"]: t["name"] for t in raw.get("service_tiers", [])}
    header += [
        tr(locale, "With Batch API") if t == "batch" else tr(locale, names[t], "service tier name")
        for t in tiers[1:]
    ]
    header += [tr(locale, r["name"], "region name") for r in regions]
    header += [tr(locale, "Off-peak")] if off_peak else []
    by_tier = {t: {p["key"]: p["amount"] for p in px.tier_points(raw, entry, t)} for t in tiers[1:]}

    def shown(amount: Decimal | None) -> str:
        return "—" if amount is None else price_text(amount, locale, currency)

    rows = [header]
    for p in px.points(entry):
        usage = p["dimension"] not in px.NOT_USAGE
        row = [labels_expect.label(model["kind"], p, locale), shown(p["amount"])]
        row += [shown(by_tier[t].get(p["key"])) for t in tiers[1:]]
        row += [
            shown(p["amount"] * (100 + Decimal(r["uplift_percent"])) / 100 if usage else None)
            for r in regions
        ]
        if off_peak:
            discount = Decimal(raw["off_peak"]["discount_percent"])
            per_token = px.PER[p["dimension"]][1] == "token"
            row.append(shown(p["amount"] * (100 - discount) / 100 if usage and per_token else None))
        rows.append(row)
    return rows


def price_table(soup: BeautifulSoup) -> list[list[str]]:
    """The table of prices of a model page as read: its header, then each row's label and prices."""
    table = soup.select_one("#table-prices")
    assert table is not None
    header = [words(th) for th in table.select("thead th")]
    rows = []
    for row in table.select("tbody tr"):
        label, *prices = row.find_all(["th", "td"], recursive=False)
        rows.append([words(label), *(value(cell) for cell in prices)])
    return [header, *rows]


def overview_prices(overview: BeautifulSoup, slug: str) -> list[str] | None:
    """The prices in a model's row of the overview and in the line under it, or None when the
    overview does not list the model."""
    row = overview.find("tr", id=f"model-{slug}")
    if row is None:
        return None
    found = [value(cell) for cell in row.select("td.price")]
    more = row.find_next_sibling("tr")
    if more is not None and "tarifa-more" in (more.get("class") or []):
        found += [value(cell) for cell in more.select(".price")]
    return found


@pytest.mark.parametrize("locale", LOCALES)
def test_exported_prices_are_the_prices_the_pages_show(
    site: Path, raw_catalogue: dict[str, Any], locale: str
) -> None:
    """Each model page's table of prices is the catalogue's, in every column; its standard and
    service-tier columns are the prices of pricing.json and pricing.csv (version 2), which
    version 1 repeats where it can name them; the overview shows every standard price of each
    model it lists (in a column or in the line under the row), and no retired model."""
    currency = raw_catalogue["currency"]
    today = build_day()
    data = load(site, "v2/pricing.json")
    v1 = {m["id"]: m for m in load(site, "pricing.json")["models"]}
    csv_rows = list(
        csv.DictReader(
            io.StringIO((site / "api" / "v2" / "pricing.csv").read_text(encoding="utf-8"), newline="")
        )
    )
    overview = soup_of(site, locale, "pricing/")
    assert [m["id"] for m in data["models"]] == [m["id"] for m in raw_catalogue["models"]]
    for model, raw in zip(data["models"], raw_catalogue["models"], strict=True):
        table = price_table(soup_of(site, locale, f"models/{model['page']}/"))
        assert table == expected_price_table(raw_catalogue, raw, today, locale), (locale, model["id"])
        exported = {"standard": model["prices"], **model["service_tier_prices"]}
        for column, points in enumerate(exported.values(), 1):
            assert [row[column] for row in table[1:] if row[column] != "—"] == [
                price_text(Decimal(p["amount"]), locale, currency) for p in points
            ], (locale, model["id"], column)
        assert [
            (r["service_tier"], r["price_key"], r["amount"])
            for r in csv_rows
            if r["model_id"] == cell(model["id"])
        ] == [(tier, p["key"], p["amount"]) for tier, points in exported.items() for p in points]
        if model["id"] in v1:
            plain = {p["key"]: p["amount"] for p in model["prices"]}
            for p in v1[model["id"]]["prices"]:
                assert p["amount"] == plain[p["kind"]], (model["id"], p["kind"])
        shown = overview_prices(overview, model["page"])
        if model["status"] == "retired":
            assert shown is None, model["id"]
        else:
            standard = [price_text(Decimal(p["amount"]), locale, currency) for p in model["prices"]]
            assert shown is not None and sorted(shown) == sorted(standard), (locale, model["id"])


def rendered_model_page(catalogue: Path, slug: str, locale: str, today: dt.date) -> BeautifulSoup:
    """A model page of `catalogue` as the plugin renders it (marker → Markdown → slots)."""
    project = Project.at(ROOT)
    project.catalogue = catalogue
    ctx = project.context(locale, today=today)
    ctx.extra.update(site_root="", site_url=SITE_URL)
    page = Page(ctx, project.renderer, pricing_href="pricing/")
    expanded = expand(f"<!-- tarifa:model {slug} -->\n", page)
    text, slots = expanded.markdown, expanded.slots
    html = markdown.markdown(text, extensions=["attr_list", "admonition", "tables", "toc"])
    return BeautifulSoup(fill(html, slots), "lxml")


@pytest.mark.parametrize("locale", ["en", "ar"])
def test_model_page_prices_of_every_dimension(locale: str) -> None:
    """The table of prices of every model of every-dimension.yaml: explicit and derived service-tier
    prices, two regions (one for some models), the off-peak window on every model with token
    prices, and fine-tuning, whose training and hosting no tier, region or off-peak window changes."""
    raw = raw_of(EVERY_DIMENSION)
    for model in raw["models"]:
        soup = rendered_model_page(EVERY_DIMENSION, px.slug(model), locale, EVERY_DAY)
        expected = expected_price_table(raw, model, EVERY_DAY, locale)
        assert price_table(soup) == expected, model["id"]


# ── schema.org JSON-LD ──────────────────────────────────────────────────────────────
def check_offer(offer: dict[str, Any], raw: dict[str, Any], catalogue: dict[str, Any], locale: str) -> None:
    """A model's Offer on a built page: its page, name, description and seller, and a
    UnitPriceSpecification per price point of its current and announced prices (see
    expected_specifications)."""
    today = build_day()
    assert offer["@type"] == "Offer"
    assert offer["url"] == f"{SITE_URL}{prefix(locale)}models/{px.slug(raw)}/"
    assert offer["name"] == model_name(raw, locale)
    assert offer["seller"] == {
        "@type": "Organization",
        "name": catalogue["provider"]["name"],
        "url": catalogue["provider"]["url"],
    }
    assert offer["priceCurrency"] == catalogue["currency"]
    service = {"@type": "Service", "name": model_name(raw, locale)}
    if raw.get("description"):
        service["description"] = tr(locale, raw["description"], "model description")
    assert offer["itemOffered"] == service
    assert offer.get("validFrom") == px.current(raw, today).get("since"), raw["id"]
    specs = exported_specifications(offer, catalogue["currency"])
    assert specs == expected_specifications(raw, today, locale), (locale, raw["id"])


@pytest.mark.parametrize("locale", LOCALES)
def test_json_ld_offers_on_the_pricing_page(site: Path, raw_catalogue: dict[str, Any], locale: str) -> None:
    """An OfferCatalog that lists every model still offered (the example has fewer than the 100
    the overview lists at most), in the catalogue's order, by its name in the page's language and
    a link to its page, where its complete Offer is; retired models are left out."""
    data = json_ld(soup_of(site, locale, "pricing/"))
    assert data["@context"] == "https://schema.org" and data["@type"] == "OfferCatalog"
    assert data["url"] == f"{SITE_URL}{prefix(locale)}pricing/"
    offered = [m for m in raw_catalogue["models"] if m.get("status") != "retired"]
    assert len(offered) < len(raw_catalogue["models"]), "the example has a retired model"
    assert len(offered) <= jsonld.OVERVIEW_OFFERS
    assert data["numberOfItems"] == len(offered)
    items = data["itemListElement"]
    assert [i["url"] for i in items] == [f"{SITE_URL}{prefix(locale)}models/{px.slug(m)}/" for m in offered]
    assert [i["position"] for i in items] == list(range(1, len(offered) + 1))
    assert {i["@type"] for i in items} == {"ListItem"}
    names = [model_name(raw, locale) for raw in offered]
    assert [i["name"] for i in items] == names
    for item, raw in zip(items, offered, strict=True):  # the complete Offer is on the linked page
        page = json_ld(soup_of(site, locale, item["url"].removeprefix(SITE_URL + prefix(locale))))
        assert page["@type"] == "Offer" and page["url"] == item["url"], raw["id"]


@pytest.mark.parametrize("locale", LOCALES)
def test_json_ld_offer_on_every_model_page(site: Path, raw_catalogue: dict[str, Any], locale: str) -> None:
    """Every model page has its model's complete Offer, a retired model's page included."""
    for raw in raw_catalogue["models"]:
        data = json_ld(soup_of(site, locale, f"models/{px.slug(raw)}/"))
        assert data["@context"] == "https://schema.org"
        check_offer(data, raw, raw_catalogue, locale)


def test_json_ld_only_where_prices_are(site: Path) -> None:
    for path in ("", "how-pricing-works/", "price-changes/", "open-data/"):
        assert not soup_of(site, "en", path).select('script[type="application/ld+json"]'), path


# ── CSV injection (OWASP) ───────────────────────────────────────────────────────────
FORMULAS = ["=1+1", "+1", "-1+1", "@SUM(1,1)", '=HYPERLINK("https://evil.example","x")', "Heron 20B"]


@pytest.mark.parametrize("name", FORMULAS)
@pytest.mark.parametrize("version", ["v1", "v2"])
def test_csv_cells_never_start_a_formula(name: str, version: str, tmp_path: Path) -> None:
    """A model named like a formula is written with an apostrophe first; other text unchanged,
    in both versions. (Tabs and carriage returns, the other two OWASP names, cannot be in a name.)"""
    text = (Path(__file__).parent / "catalogues" / "valid" / "minimal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "catalogue.yaml"
    path.write_text(text.replace("name: Small", f"name: {json.dumps(name)}"), encoding="utf-8")
    writer = {"v1": pricing_v1, "v2": pricing_v2}[version]
    rows = list(csv.reader(io.StringIO(writer.pricing_csv(load_catalog(path), dt.date(2026, 1, 1)))))
    names = [row[1] for row in rows[1:] if row[0] == "small"]
    # OWASP: cells starting with = + - @ TAB CR are prefixed with a single quote.
    written = "'" + name if name[0] in "=+-@\t\r" else name
    assert names and all(cell == written for cell in names), names
    amount = rows[0].index("amount")
    for row in rows[1:]:
        assert row[amount][0].isdigit(), "amounts are numbers, never prefixed"


# ── schema.org JSON-LD, as data ─────────────────────────────────────────────────────
#: What one unit of each dimension is, in words for machines (schema.org `unitText`).
UNIT_TEXT = {
    "input": "input tokens",
    "cached_input": "cached input tokens",
    "cache_write": "cache write tokens",
    "cache_storage": "cached token-hours",
    "output": "output tokens",
    "audio_input": "audio input tokens",
    "audio_output": "audio output tokens",
    "image_input": "image input tokens",
    "image_output": "image output tokens",
    "video_input": "video input tokens",
    "characters": "characters",
    "minute": "minutes of audio",
    "hour": "hours",
    "requests": "requests",
    "searches": "searches",
    "image": "images",
    "fine_tuning.training": "training tokens",
    "fine_tuning.training_hour": "training hours",
    "fine_tuning.hosting_hour": "hosting hours",
    "fine_tuning.input": "fine-tuned input tokens",
    "fine_tuning.output": "fine-tuned output tokens",
}
QUANTITY_TEXT = {
    "token": "tokens",
    "token-hour": "token-hours",
    "character": "characters",
    "minute": "minutes",
    "hour": "hours",
    "request": "requests",
    "search": "searches",
    "image": "images",
}


def unit_text(point: dict[str, Any]) -> str:
    """`input tokens`, `cache write tokens (1h cache)`, `images (1024x1024, hd)`,
    `output tokens (prompts over 200000 tokens)`."""
    conditions = [f"{point['duration']} cache"] if point["duration"] else []
    conditions += [c for c in (point["size"], point["quality"]) if c]
    if point["above"] is not None:
        conditions.append(f"prompts over {point['above']} tokens")
    text = UNIT_TEXT[point["dimension"]]
    return f"{text} ({', '.join(conditions)})" if conditions else text


def expected_specifications(raw: dict[str, Any], today: dt.date, locale: str) -> list[tuple[Any, ...]]:
    """The current price list and the announced ones, a specification per point."""
    entry = px.current(raw, today)
    dated = raw["prices"][raw["prices"].index(entry) :]
    starts = [px.starts(p) for p in raw["prices"]]
    specs = []
    for written in dated:
        later = [s for s in starts if s > px.starts(written)]
        until = (min(later) - dt.timedelta(days=1)).isoformat() if later else None
        for point in px.points(written):
            quantity, unit = px.PER[point["dimension"]]
            name = labels_expect.label(raw["kind"], point, locale)
            price = text_of(point["amount"])
            specs.append(
                (written.get("since"), until, name, price, unit_text(point), quantity, QUANTITY_TEXT[unit])
            )
    return specs


def exported_specifications(offer: dict[str, Any], currency: str) -> list[tuple[Any, ...]]:
    found = []
    for spec in offer["priceSpecification"]:
        assert spec["@type"] == "UnitPriceSpecification" and spec["priceCurrency"] == currency
        assert spec["referenceQuantity"]["@type"] == "QuantitativeValue"
        quantity = spec["referenceQuantity"]
        found.append(
            (
                spec.get("validFrom"),
                spec.get("validThrough"),
                spec["name"],
                spec["price"],
                spec["unitText"],
                quantity["value"],
                quantity["unitText"],
            )
        )
    return found


def context_for(catalogue: Path, locale: str, today: dt.date) -> Any:
    project = Project.at(ROOT)
    project.catalogue = catalogue
    return project.context(locale, today=today)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("name", ["example", "every-dimension"])
def test_json_ld_offer_names_each_price_with_its_conditions(name: str, locale: str) -> None:
    """Each model's Offer has a UnitPriceSpecification per price point of its current and
    announced prices: its label, exact price, unitText with the point's conditions (cache duration,
    image size and quality, prompt length) and reference quantity; dates where the catalogue has them."""
    path, today = (
        (ROOT / "pricing" / "catalogue.yaml", dt.date(2026, 12, 1))
        if name == "example"
        else (
            EVERY_DIMENSION,
            EVERY_DAY,
        )
    )
    ctx = context_for(path, locale, today)
    raw = raw_of(path)
    for model, written in zip(ctx.catalog.models, raw["models"], strict=True):
        offer = jsonld.offer(ctx, model, f"{SITE_URL}models/{model.page_slug}/")
        assert exported_specifications(offer, raw["currency"]) == expected_specifications(
            written, today, locale
        )
        assert offer.get("validFrom") == px.current(written, today).get("since"), written["id"]


def test_json_ld_unit_texts_worked_out_by_hand() -> None:
    ctx = context_for(ROOT / "pricing" / "catalogue.yaml", "en", dt.date(2026, 12, 1))
    swift = {
        s["unitText"]: s for s in jsonld.offer(ctx, ctx.catalog.model("swift-1t"), "x")["priceSpecification"]
    }
    assert swift["cache write tokens (1h cache)"]["price"] == "2.00"
    assert swift["input tokens (prompts over 200000 tokens)"]["price"] == "2.00"
    assert swift["cached token-hours"]["referenceQuantity"] == {
        "@type": "QuantitativeValue",
        "value": 1_000_000,
        "unitText": "token-hours",
    }
    image = {
        s["unitText"]: s
        for s in jsonld.offer(ctx, ctx.catalog.model("kite-image-1"), "x")["priceSpecification"]
    }
    assert image["images (1024x1024, hd)"]["price"] == "0.08"
    assert image["images (1024x1024, hd)"]["referenceQuantity"]["value"] == 1
    realtime = jsonld.offer(ctx, ctx.catalog.model("kestrel/orca-realtime"), "x")
    assert "validFrom" not in realtime, "prices since launch have no start date"
    assert all("validFrom" not in s for s in realtime["priceSpecification"])


def generated_catalogue(count: int, retired: int) -> Any:
    """The minimal catalogue with `count` chat models still offered and `retired` retired ones
    among them (every fourth, from the start)."""
    from tarifa.catalogue.model import Catalog, check_references
    from tarifa.catalogue.yaml_source import load_located

    data = load_located(Path(__file__).parent / "catalogues" / "valid" / "minimal.yaml").data
    chat = data["models"][0]
    models = []
    for number in range(count + retired):
        model = {**chat, "id": f"acme/model-{number:03d}", "name": f"Model {number}"}
        if number % 4 == 0 and number // 4 < retired:
            model = {**model, "status": "retired", "retires": "2025-06-30"}
        models.append(model)
    data["models"] = models
    catalog = Catalog.model_validate(data)
    assert check_references(catalog) == []
    return catalog


def test_json_ld_overview_lists_at_most_100_offers() -> None:
    """A generated 150-model catalogue (and 3 retired models): the OfferCatalog says 150 items and
    lists the first 100 models still offered, in catalogue order; retired models are left out."""
    catalog = generated_catalogue(150, 3)
    ctx = Context(catalog, "en", Formatter("en", "USD"), gettext.NullTranslations(), dt.date(2026, 1, 1))
    document = jsonld.catalogue_document(ctx, "Prices", SITE_URL + "pricing/", SITE_URL + "models/{id}/")
    assert document["@type"] == "OfferCatalog" and document["numberOfItems"] == 150
    offered = [m for m in catalog.models if m.status != "retired"]
    assert len(offered) == 150 and len(catalog.models) == 153
    items = document["itemListElement"]
    assert len(items) == 100
    assert [i["url"] for i in items] == [f"{SITE_URL}models/{m.page_slug}/" for m in offered[:100]]
    assert [(i["position"], i["name"]) for i in items] == [
        (n, m.name) for n, m in enumerate(offered[:100], 1)
    ]
    assert len(json.dumps(document)) < 100 * 150  # bounded: a name and a link per model listed
    small = jsonld.catalogue_document(
        Context(
            generated_catalogue(7, 1),
            "en",
            Formatter("en", "USD"),
            gettext.NullTranslations(),
            dt.date(2026, 1, 1),
        ),
        "Prices",
        "u",
        "{id}",
    )
    assert (small["numberOfItems"], len(small["itemListElement"])) == (7, 7)
