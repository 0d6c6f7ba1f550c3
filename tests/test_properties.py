"""Property tests: random valid catalogues survive load → pages → HTML read back, in every locale.

Catalogues are drawn by Hypothesis and written as YAML text by a small emitter here (strings in
double quotes, numbers as written), read by Tarifa's loader, rendered the way the hooks render
them (marker sections → Python-Markdown → slots) and parsed back with BeautifulSoup. Names and
descriptions are random Unicode, full of `<`, `&`, quotes and Markdown characters: they must
come back as the same text, in the same cell, without adding a single element or attribute.

The expected prices are Babel's own formatting of the drawn values (never Tarifa's). One test
builds a real site with `mkdocs build` from one drawn catalogue; the others stay in-process.
Time is bounded: few examples, no deadline per example (a rendering is ~0.2 s), no shrinking
on the build test. `HYPOTHESIS_PROFILE=thorough` draws more.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import pickle
import random
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import markdown
import pytest
from babel.numbers import format_currency
from bs4 import BeautifulSoup, Tag
from hypothesis import HealthCheck, Phase, find, given, settings
from hypothesis import strategies as st

from conftest import ARTIFACTS, LOCALES, ROOT, build_site, heading_text, prefix
from tarifa.catalogue.load import load_catalog
from tarifa.pages.markers import expand, fill
from tarifa.pages.output import Page, md_text
from tarifa.problems import TarifaError
from tarifa.project import Project
from test_catalogue_errors import copy_project
from transparency_expect import tr

settings.register_profile(
    "ci", max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.register_profile(
    "thorough", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

TODAY = dt.date(2026, 11, 1)
DISPLAY = {"de": "EUR", "fr": "EUR", "es": "EUR"}
MARKDOWN_EXTENSIONS = ["attr_list", "admonition", "tables", "toc"]  # as in mkdocs.yml
_MARKDOWN = markdown.Markdown(extensions=MARKDOWN_EXTENSIONS)


def to_html(text: str) -> str:
    return _MARKDOWN.reset().convert(text)


PRICE_KEYS = ("input", "cached_input", "output", "characters", "hour", "requests")
#: Characters a text may not contain (the catalogue refuses them; YAML cannot carry some).
REFUSED = "".join(chr(c) for c in range(0x20)) + "\x7f\u2028\u2029\u202a\u202b\u202c\u202d\u202e"
REFUSED += "\u200e\u200f\u061c"  # direction marks: the catalogue refuses them too (they reorder text)
REFUSED += "\u2066\u2067\u2068\u2069\ufeff\ufffe\uffff"
#: Presentation characters Tarifa or Babel may add around a number in right-to-left text.
BIDI = dict.fromkeys(map(ord, "\u2066\u2067\u2068\u2069\u200e\u200f\u061c"))


# ── Strategies ──────────────────────────────────────────────────────────────────────────
def texts(max_size: int, *, angle_brackets: bool) -> st.SearchStrategy[str]:
    """Random text as an editor could type it: any script, symbols, Markdown and HTML characters."""
    alphabet = st.one_of(
        st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zl", "Zp"), exclude_characters=REFUSED),
        st.sampled_from([*"<>&\"'`*_[]()#|\\!{}:-.~+=;/%$€٠١", "&amp;", "<b>", "</td>", "</script>", "]]>"]),
    )
    text = st.lists(alphabet, min_size=1, max_size=max_size).map("".join)
    if not angle_brackets:
        text = text.map(lambda s: s.replace("<", "‹").replace(">", "›"))
    return text.filter(lambda s: s.strip() == s and s != "" and len(s) <= max_size)


names = texts(40, angle_brackets=False)
descriptions = texts(80, angle_brackets=True)
prices = st.builds(lambda n, places: Decimal(n).scaleb(-places), st.integers(0, 10**7), st.integers(0, 6))
counts = st.integers(1, 10**9)
dates = st.dates(dt.date(2020, 1, 1), dt.date(2030, 12, 31))


@st.composite
def price_history(draw: st.DrawFn, kind: str) -> list[dict[str, Any]]:
    days = sorted(draw(st.sets(dates, min_size=1, max_size=3)))
    entries = []
    for day in days:
        if kind == "chat":
            entry = {"input": draw(prices), "output": draw(prices)}
            if draw(st.booleans()):
                entry["cached_input"] = draw(prices)
        elif kind == "tts":
            entry = {"characters": draw(prices)}
        elif kind == "asr":
            entry = {"hour": draw(prices)}
        else:
            entry = {draw(st.sampled_from(["requests", "hour"])): draw(prices)}
        entries.append({"since": day, **entry})
    return entries


@st.composite
def catalogues(draw: st.DrawFn) -> dict[str, Any]:
    tiers = [
        {"id": "free", "name": draw(names), "pricing": "free", "summary": draw(descriptions)},
        {"id": "developer", "name": draw(names), "pricing": "pay_per_use", "summary": draw(descriptions)},
        {
            "id": "enterprise",
            "name": draw(names),
            "pricing": "on_request",
            "summary": draw(descriptions),
            "custom_limits": True,
        },
    ]
    kinds = draw(st.lists(st.sampled_from(["chat", "tts", "asr", "tool"]), min_size=1, max_size=6))
    model_names = draw(st.lists(names, min_size=len(kinds), max_size=len(kinds), unique=True))
    # tools of one agent system: a group, which some tools (or none) belong to
    groups = (
        [{"id": "agent", "name": draw(names), "summary": draw(descriptions)}] if draw(st.booleans()) else []
    )
    models = []
    for number, (kind, name) in enumerate(zip(kinds, model_names, strict=True)):
        model: dict[str, Any] = {"id": f"m{number}-{kind}", "kind": kind, "name": name}
        if kind == "tool" and groups and draw(st.booleans()):
            model["group"] = "agent"
        if draw(st.booleans()):
            model["description"] = draw(descriptions)
        if kind == "chat":
            model["context_window"] = draw(counts)
        if kind == "asr":
            model["min_billed_seconds"] = draw(st.integers(1, 600))
        model["batch"] = draw(st.booleans())
        model["prices"] = draw(price_history(kind))
        limit_keys = st.sampled_from(["rpm", "rpd", "tpm", "tpd", "ash", "asd"])
        model["limits"] = {
            tier: draw(st.dictionaries(limit_keys, st.integers(0, 10**9), min_size=1, max_size=3))
            for tier in ("free", "developer")
        }
        models.append(model)
    currency = draw(st.sampled_from(["USD", "GBP", "JPY", "CHF", "INR"]))
    features = [
        {"id": f"f{number}", "name": draw(names), "values": {t["id"]: draw(feature_values) for t in tiers}}
        for number in range(draw(st.integers(0, 3)))
    ]
    catalogue: dict[str, Any] = {
        "schema_version": 1,
        "provider": {"name": draw(names)},
        "currency": currency,
        "batch": {"discount_percent": draw(st.integers(1, 99)), "window_min_hours": 24, "window_max_days": 7},
        "billing": {
            "invoice_thresholds": draw(st.lists(prices, min_size=1, max_size=3)),
            "spend_alerts_percent": [50, 90],
            "payment_methods": draw(st.lists(descriptions, min_size=1, max_size=2)),
        },
        "tiers": tiers,
        "features": features,
        "exchange_rates": [{"currency": "EUR", "rate": Decimal("0.8611"), "date": dt.date(2026, 11, 2)}],
        "models": models,
    }
    if groups:
        catalogue["tool_groups"] = groups
    return catalogue


feature_values = st.one_of(st.booleans(), descriptions)


# ── YAML text, written without a YAML library ───────────────────────────────────────────
def scalar(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | Decimal):
        return format(value, "f") if isinstance(value, Decimal) else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def to_yaml(value: Any, indent: str = "") -> str:
    lines = []
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                lines.append(f"{indent}{key}:\n{to_yaml(item, indent + '  ')}")
            else:
                text = "[]" if isinstance(item, list) else "{}" if isinstance(item, dict) else scalar(item)
                lines.append(f"{indent}{key}: {text}\n")
    else:
        for item in value:
            if isinstance(item, dict | list):
                body = to_yaml(item, indent + "  ")
                lines.append(f"{indent}- {body[len(indent) + 2 :]}")
            else:
                lines.append(f"{indent}- {scalar(item)}\n")
    return "".join(lines)


def write(data: dict[str, Any], folder: Path) -> Path:
    path = folder / "catalogue.yaml"
    path.write_text(to_yaml(data), encoding="utf-8")
    return path


# ── Reading the HTML back ───────────────────────────────────────────────────────────────
def money(amount: Decimal, currency: str, locale: str) -> str:
    """Babel's exact price, without the direction marks that only steer right-to-left display;
    a price of zero is "Free"."""
    if amount == 0:
        return tr(locale, "Free", "price")
    return format_currency(amount, currency, locale=locale, decimal_quantization=False).translate(BIDI)


def shown(cell: Tag) -> str:
    """The first isolated value of a cell (the exact price comes before any approximation)."""
    bdi = cell.find("bdi")
    return (bdi or cell).get_text().translate(BIDI)


def current(model: dict[str, Any]) -> dict[str, Any]:
    effective = [p for p in model["prices"] if p["since"] <= TODAY]
    return effective[-1] if effective else model["prices"][0]


def check_tables(soup: BeautifulSoup) -> None:
    """Every row of every table spans as many columns as the table has (the line of other prices
    under a row is one cell across all of them)."""
    for table in soup.find_all("table"):
        width = len(table.select("thead tr th"))
        for row in table.select("tbody tr"):
            cells = row.find_all(["th", "td"], recursive=False)
            assert sum(int(c.get("colspan", 1)) for c in cells) == width, table.get("id")


def row_prices(row: Tag) -> list[str]:
    """The prices of a model on the overview: in its row's price columns, then in the line of
    other prices under the row."""
    found = [shown(td) for td in row.find_all("td", class_="price", recursive=False)]
    more = row.find_next_sibling("tr")
    if more is not None and "tarifa-more" in (more.get("class") or []):
        found += [shown(price) for price in more.select(".price")]
    return found


def tool_table(soup: BeautifulSoup, data: dict[str, Any], model: dict[str, Any], locale: str) -> Tag:
    """The table of a tool: one for all tools, or with tool groups, one per group that has tools
    (in the groups' order, under the group's name and summary), then one of the other tools."""
    if "tool_groups" not in data:
        table = soup.select_one("#table-tool")
        assert table is not None
        return table
    tools = [m for m in data["models"] if m["kind"] == "tool"]
    parts = [g for g in data["tool_groups"] if any(t.get("group") == g["id"] for t in tools)]
    if any("group" not in t for t in tools):
        parts.append({"id": None, "name": tr(locale, "Other tools")})
    number = [g["id"] for g in parts].index(model.get("group")) + 1
    table = soup.select_one(f"#table-tool-{number}")
    heading = soup.select_one(f"h3#tool-group-{number}")
    assert table is not None and heading is not None, number
    group = parts[number - 1]
    assert heading.get_text() == group["name"]
    summary = heading.find_next_sibling()
    if group.get("summary"):
        assert summary is not None and "tarifa-group-summary" in summary.get("class", [])
        assert summary.get_text() == group["summary"]
    assert soup.select_one(f"#table-tool-{len(parts) + 1}") is None
    return table


def check_no_markup_from_text(soup: BeautifulSoup, baseline: set[str]) -> None:
    """No element or event attribute that the templates do not make for the example catalogue;
    the only scripts are JSON data islands that parse (a drawn `</script>` cannot break out)."""
    tags = {tag.name for tag in soup.find_all(True)}
    assert tags <= baseline, tags - baseline
    for tag in soup.find_all(True):
        assert not any(name.lower().startswith("on") for name in tag.attrs), tag
    for script in soup.find_all("script"):
        assert script.get("type") == "application/json", script
        json.loads(script.string or "")
    assert not soup.find_all(["img", "iframe", "object", "embed", "b", "i", "em", "strong", "style"])


def render(project: Project, locale: str, source: str) -> BeautifulSoup:
    ctx = project.context(locale, today=TODAY)
    ctx.extra.update(site_root="", site_url="https://pricing.example/")
    page = Page(ctx, project.renderer, pricing_href="pricing/")
    expanded = expand(source, page)
    text, slots = expanded.markdown, expanded.slots
    html = fill(to_html(text), slots)
    return BeautifulSoup(html, "lxml")


def pricing_source() -> str:
    return (ROOT / "docs" / "pricing.md").read_text(encoding="utf-8").split("---", 2)[2]


def project_for(catalogue: Path) -> Project:
    project = Project.at(ROOT)
    project.catalogue = catalogue
    project.display_currencies = dict(DISPLAY)
    project.comparisons_file = catalogue.parent / "no-comparisons.yaml"  # none: other ids
    return project


@pytest.fixture(scope="module")
def baseline_tags() -> set[str]:
    """The elements the templates make for the example catalogue, in every locale."""
    project = project_for(ROOT / "pricing" / "catalogue.yaml")
    source = pricing_source() + "".join(f"\n<!-- tarifa:model {m.id} -->\n" for m in project.catalog.models)
    tags: set[str] = set()
    for locale in ("en", "de"):  # with and without a display currency
        tags |= {tag.name for tag in render(project, locale, source).find_all(True)}
    return tags


# ── Properties ──────────────────────────────────────────────────────────────────────────
@given(catalogues())
def test_a_random_catalogue_loads_exactly_as_written(data: dict[str, Any]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        catalog = load_catalog(write(data, Path(folder)))
    assert catalog.provider.name == data["provider"]["name"]
    for model, drawn in zip(catalog.models, data["models"], strict=True):
        assert (model.id, model.name) == (drawn["id"], drawn["name"])
        assert model.description == drawn.get("description")
        for price, written in zip(model.prices, drawn["prices"], strict=True):
            assert price.since == written["since"]
            for key, amount in written.items():
                if key != "since":
                    value = getattr(price, key)
                    assert isinstance(value, Decimal) and str(value) == str(amount), (key, value, amount)
    for tier, drawn_tier in zip(catalog.tiers, data["tiers"], strict=True):
        assert (tier.name, tier.summary) == (drawn_tier["name"], drawn_tier["summary"])


@given(catalogues(), st.sampled_from(LOCALES))
def test_random_names_and_prices_come_back_from_the_pages(
    baseline_tags: set[str], data: dict[str, Any], locale: str
) -> None:
    """The pricing page and every model page of one locale per example (the build reads all)."""
    with tempfile.TemporaryDirectory() as folder:
        project = project_for(write(data, Path(folder)))
        assert project.catalog.currency == data["currency"]
        currency = data["currency"]
        soup = render(project, locale, pricing_source())
        check_tables(soup)
        check_no_markup_from_text(soup, baseline_tags)
        for model in data["models"]:
            kind = model["kind"]
            table = (
                tool_table(soup, data, model, locale) if kind == "tool" else soup.select_one(f"#table-{kind}")
            )
            assert table is not None, kind
            link = table.select_one(f'a[href$="models/{model["id"]}/"]')
            assert link is not None and link.get_text() == model["name"], model["id"]
            if "description" in model:
                note = link.find_next_sibling(class_="tarifa-note")
                assert note is not None and note.get_text() == model["description"]
            row = link.find_parent("tr")
            assert row is not None
            expected = [
                money(current(model)[key], currency, locale) for key in PRICE_KEYS if key in current(model)
            ]
            assert sorted(row_prices(row)) == sorted(expected), (model["id"], locale)
        for tier in data["tiers"]:
            card = soup.select_one(f".tarifa-card--{tier['id']}")
            assert card is not None
            title = card.select_one(f"#card-{tier['id']}")  # the element the card is labelled by
            assert title is not None and title.get_text() == tier["name"]
            assert tier["summary"] in [p.get_text() for p in card.find_all("p")]
        for model in data["models"]:
            page = render(project, locale, f"<!-- tarifa:model {model['id']} -->\n")
            check_tables(page)
            check_no_markup_from_text(page, baseline_tags)
            heading = page.find("h1")  # Markdown: the name went through md_text
            assert heading is not None and heading.get_text() == model["name"]


MINIMAL = (Path(__file__).parent / "catalogues" / "valid" / "minimal.yaml").read_bytes()
_PIECES = [*":-[]{},&*!|>'\"#%@`?\t\n ~.0123456789abcnoyeuTF<", "\n  ", "\n- ", ": ", "&a ", "*a", "!!str "]
_PIECES += ["<<: ", "---\n", "...\n", "\ufeff", "\x00", "é", "1e99999", ".nan", "0o7", "1.10", "[" * 40]
_YAMLISH = st.lists(st.sampled_from(_PIECES), max_size=60).map("".join)


def _spliced(at_and_text: tuple[int, str]) -> bytes:
    at, text = at_and_text
    return MINIMAL[:at] + text.encode() + MINIMAL[at:]


@settings(max_examples=150)
@given(
    st.one_of(
        st.binary(max_size=200),
        _YAMLISH.map(str.encode),
        st.tuples(st.integers(0, len(MINIMAL)), _YAMLISH).map(_spliced),
    )
)
def test_any_bytes_are_a_catalogue_or_a_clear_refusal(raw: bytes) -> None:
    """Garbage, or a valid file with garbage spliced in: never a crash, always one line per problem."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "catalogue.yaml"
        path.write_bytes(raw)
        try:
            load_catalog(path, "catalogue.yaml")
        except TarifaError as error:
            assert error.problems
            for problem in error.problems:
                assert "\n" not in str(problem) and problem.line >= 1 and problem.column >= 1, str(problem)


@settings(max_examples=300)
@given(descriptions)
def test_any_text_survives_a_markdown_heading(text: str) -> None:
    """Headings are Markdown (for the table of contents): the text must come back, as text."""
    html = to_html(f"# {md_text(text)} {{ #anchor }}\n")
    heading = BeautifulSoup(html, "lxml").find("h1")
    assert heading is not None and heading.get_text() == text, html
    assert heading.find(True) is None, html  # no element inside: nothing became markup


# ── One real build from one drawn catalogue ─────────────────────────────────────────────
def rich(data: dict[str, Any]) -> bool:
    """A catalogue worth one whole build: every kind, and names full of special characters."""
    kinds = {m["kind"] for m in data["models"]}
    special = sum(any(c in m["name"] for c in "&\"'*_[]#|\\`") for m in data["models"])
    return kinds == {"chat", "tts", "asr", "tool"} and special >= 2


def test_one_site_built_from_a_random_catalogue(tmp_path: Path) -> None:
    """`mkdocs build --strict` on the first rich catalogue Hypothesis draws; model pages read back.

    The draw is random on every run. A seed alone does not draw the same catalogue again in
    another process (Hypothesis also draws constants from the modules that process imported), so
    a failure saves what was drawn in artifacts/ and names it: TARIFA_BUILD_CATALOGUE=<file>
    builds that catalogue again.
    """
    replay = os.environ.get("TARIFA_BUILD_CATALOGUE")
    if replay:
        data = pickle.loads(Path(replay).read_bytes())
        _build_and_read_back(tmp_path, data, f"TARIFA_BUILD_CATALOGUE={replay}")
        return
    seed = random.randrange(1_000_000)
    data = find(
        catalogues(),
        rich,
        settings=settings(max_examples=2000, phases=[Phase.generate], database=None, deadline=None),
        random=random.Random(seed),
    )
    saved = ARTIFACTS / f"random-catalogue-{seed}.pickle"
    try:
        _build_and_read_back(tmp_path, data, f"TARIFA_BUILD_CATALOGUE={saved}")
    except AssertionError:
        ARTIFACTS.mkdir(exist_ok=True)
        saved.write_bytes(pickle.dumps(data))
        raise


def _build_and_read_back(tmp_path: Path, data: dict[str, Any], again: str) -> None:
    project = copy_project(tmp_path)
    # other providers' offers name the example's model ids: one offer against a drawn chat model
    chat = next(m["id"] for m in data["models"] if m["kind"] == "chat")
    offer = {
        "compare_with": chat,
        "provider": "Other Cloud",
        "model": "Other 8B",
        "input": Decimal("0.05"),
        "output": Decimal("0.08"),
        "currency": "USD",
        "source": "https://other.example/pricing",
        "checked": dt.date(2026, 10, 1),
    }
    (project / "pricing" / "comparisons.yaml").write_text(to_yaml({"offers": [offer]}), encoding="utf-8")
    catalogue = write(data, project / "pricing")
    out = tmp_path / "out"
    result = build_site(project / "mkdocs.yml", out, env={"SOURCE_DATE_EPOCH": "1793491200"})  # 2026-11-01
    assert result.returncode == 0, f"{again}\n{catalogue.read_text(encoding='utf-8')}{result.stderr[-3000:]}"
    for locale in LOCALES:
        for model in data["models"]:
            page = out / prefix(locale) / "models" / model["id"] / "index.html"
            soup = BeautifulSoup(page.read_text(encoding="utf-8"), "lxml")
            check_tables(soup)
            heading = soup.select_one("article h1")
            assert heading is not None, (again, locale)
            assert heading_text(heading) == model["name"], (again, locale, str(heading))
            prices = soup.select_one("#table-prices")
            assert prices is not None
            cells = [shown(row.find_all("td")[0]) for row in prices.select("tbody tr")]
            price = current(model)
            for key in PRICE_KEYS:
                if price.get(key) is not None:
                    expected = money(price[key], data["currency"], locale)
                    assert expected in cells, (again, locale, model["id"], key, cells)
