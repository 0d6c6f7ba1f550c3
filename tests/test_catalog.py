"""The catalogue model: the example loads, references are checked, prices stay exact, schema agrees.

Expected values come from the catalogue as written, read with PyYAML's BaseLoader (every scalar
the text typed), never from Tarifa's own loader.
"""

from __future__ import annotations

import copy
import json
import re
import textwrap
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

import points_expect
from conftest import ROOT
from tarifa.catalogue.load import load_catalog, validate
from tarifa.catalogue.model import (
    KINDS,
    SCHEMA_FILE,
    TOKEN_FIELDS,
    UNIT_FIELDS,
    Batch,
    Catalog,
    FineTuning,
    check_references,
    schema_text,
)
from tarifa.catalogue.yaml_source import Located, load_located, resolve_plain
from tarifa.problems import TarifaError

EXAMPLE = ROOT / "pricing" / "catalogue.yaml"
MINIMAL = Path(__file__).parent / "catalogues" / "valid" / "minimal.yaml"
BROKEN = Path(__file__).parent / "catalogues" / "broken"


def minimal() -> dict[str, Any]:
    data: dict[str, Any] = load_located(MINIMAL).data
    return data


def references(data: dict[str, Any]) -> list[tuple[tuple[str | int, ...], str, str]]:
    return [(r.path, r.expected, r.found) for r in check_references(Catalog.model_validate(data))]


# ── The example ─────────────────────────────────────────────────────────────────────────
def test_the_example_catalogue_loads(raw_catalogue: dict[str, Any]) -> None:
    catalog = load_catalog(EXAMPLE)
    assert [m.id for m in catalog.models] == [m["id"] for m in raw_catalogue["models"]]
    assert [t.id for t in catalog.tiers] == [t["id"] for t in raw_catalogue["tiers"]]
    assert catalog.currency == raw_catalogue["currency"]
    assert check_references(catalog) == []


# ── Every dimension, read exactly ───────────────────────────────────────────────────────
EVERY_DIMENSION = Path(__file__).parent / "catalogues" / "valid" / "every-dimension.yaml"
#: Both catalogues that use the new dimensions: the example and the test corpus's own.
RICH = {"example": EXAMPLE, "every-dimension": EVERY_DIMENSION}


def raw_of(path: Path) -> dict[str, Any]:
    with path.open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.load(handle, Loader=yaml.BaseLoader)
    return data


def same(value: object, written: str) -> bool:
    """`value` is the Decimal written: the same digits and exponent (0.30 stays 0.30, 5.0 stays 5.0)."""
    return isinstance(value, Decimal) and value.as_tuple() == Decimal(written).as_tuple()


def check_prices(prices: Any, written: dict[str, Any], where: object) -> set[str]:
    """Token and unit prices (a cache write per duration too); returns the keys it compared."""
    for field in (*points_expect.TOKEN_FIELDS, *points_expect.UNIT_FIELDS):
        value = getattr(prices, field, None)
        if field not in written:
            assert value is None, (where, field)
        elif isinstance(written[field], dict):
            assert isinstance(value, dict) and list(value) == list(written[field]), (where, field)
            assert all(same(value[d], a) for d, a in written[field].items()), (where, field)
        else:
            assert same(value, written[field]), (where, field, value)
    return {f for f in written if f in (*points_expect.TOKEN_FIELDS, *points_expect.UNIT_FIELDS)}


def check_entry(entry: Any, written: dict[str, Any], where: object) -> None:
    """Every field of one dated price entry is the value written, and none is left unread."""
    compared = check_prices(entry, written, where) | {
        "since",
        "above",
        "images",
        "service_tiers",
        "fine_tuning",
    }
    assert set(written) <= compared, (where, set(written) - compared)
    assert (entry.since and entry.since.isoformat()) == written.get("since"), where
    assert len(entry.above) == len(written.get("above", [])), where
    for number, (step, raw_step) in enumerate(zip(entry.above, written.get("above", []), strict=True)):
        assert step.tokens == int(raw_step["tokens"]), where
        assert check_prices(step, raw_step, (where, number)) | {"tokens"} == set(raw_step)
    images = [(i.size, i.quality, i.price) for i in entry.images]
    assert len(images) == len(written.get("images", [])), where
    for (size, quality, price), raw_image in zip(images, written.get("images", []), strict=True):
        assert (size, quality) == (raw_image["size"], raw_image.get("quality")) and same(
            price, raw_image["price"]
        )
    assert list(entry.service_tiers) == list(written.get("service_tiers", {})), where
    for tier, explicit in entry.service_tiers.items():
        raw_tier = written["service_tiers"][tier]
        assert check_prices(explicit, raw_tier, (where, tier)) == set(raw_tier)
    tuning = written.get("fine_tuning")
    assert (entry.fine_tuning is None) == (tuning is None), where
    if entry.fine_tuning is not None:
        for field in points_expect.FINE_TUNING_FIELDS:
            value = getattr(entry.fine_tuning, field)
            assert same(value, tuning[field]) if field in tuning else value is None, (where, field)
        assert entry.fine_tuning.tiers == tuning.get("tiers"), where


@pytest.mark.parametrize("name", RICH)
def test_every_price_is_the_exact_decimal_written(name: str) -> None:
    catalog, raw = load_catalog(RICH[name]), raw_of(RICH[name])
    entries = 0
    for model, written in zip(catalog.models, raw["models"], strict=True):
        assert len(model.prices) == len(written["prices"]), model.id
        for number, (entry, raw_entry) in enumerate(zip(model.prices, written["prices"], strict=True)):
            check_entry(entry, raw_entry, (model.id, number))
            entries += 1
    assert entries >= 20
    thresholds = [a.as_tuple() for a in catalog.billing.invoice_thresholds]
    assert thresholds == [Decimal(t).as_tuple() for t in raw["billing"]["invoice_thresholds"]]


#: A model's facts besides its prices, by kind, as whole numbers.
FACTS = (
    "context_window",
    "max_output",
    "speed_tps",
    "dimensions",
    "speed_cps",
    "min_billed_seconds",
    "speed_factor",
)


@pytest.mark.parametrize("name", RICH)
def test_every_model_option_is_read_as_written(name: str) -> None:
    catalog, raw = load_catalog(RICH[name]), raw_of(RICH[name])
    for model, written in zip(catalog.models, raw["models"], strict=True):
        assert (model.id, model.kind, model.name) == (written["id"], written["kind"], written["name"])
        assert model.status == written.get("status", "available"), model.id
        assert (model.retires and model.retires.isoformat()) == written.get("retires"), model.id
        assert model.page_slug == points_expect.slug(written), model.id
        assert catalog.by_slug(model.page_slug) is model
        assert model.batch == (written.get("batch") == "true"), model.id
        assert model.service_tiers == written.get("service_tiers", []), model.id
        assert getattr(model, "group", None) == written.get("group"), model.id
        assert getattr(model, "context_label", None) == written.get("context_label"), model.id
        for fact in FACTS:
            value = getattr(model, fact, None)
            assert value == (int(written[fact]) if fact in written else None), (model.id, fact)
    batch = raw["batch"]
    for field in ("window_hours", "window_min_hours", "window_max_days"):
        value = getattr(catalog.batch, field)
        assert value == (int(batch[field]) if field in batch else None), field
    assert same(catalog.batch.discount_percent, batch["discount_percent"])
    tiers = [(t.id, t.name, t.summary, t.multiplier) for t in catalog.service_tiers]
    assert len(tiers) == len(raw.get("service_tiers", []))
    for (ident, title, summary, multiplier), written in zip(tiers, raw.get("service_tiers", []), strict=True):
        assert (ident, title, summary) == (written["id"], written["name"], written.get("summary"))
        assert same(multiplier, written["multiplier"])
    regions = raw.get("regions", [])
    assert [(r.id, r.name, r.models) for r in catalog.regions] == [
        (r["id"], r["name"], r.get("models")) for r in regions
    ]
    assert all(
        same(r.uplift_percent, w["uplift_percent"]) for r, w in zip(catalog.regions, regions, strict=True)
    )
    off_peak = raw.get("off_peak")
    assert (catalog.off_peak is None) == (off_peak is None)
    if catalog.off_peak is not None:
        window = catalog.off_peak
        assert (window.start, window.end, window.timezone, window.models) == (
            off_peak["start"],
            off_peak["end"],
            off_peak.get("timezone", "UTC"),
            off_peak.get("models"),
        )
        assert same(window.discount_percent, off_peak["discount_percent"])
    assert [(g.id, g.name, g.summary) for g in catalog.tool_groups] == [
        (g["id"], g["name"], g.get("summary")) for g in raw.get("tool_groups", [])
    ]


def uses(raw: dict[str, Any]) -> set[str]:
    """Every dimension and option a catalogue (read with BaseLoader) uses, by name."""
    found: set[str] = set()
    for model in raw["models"]:
        found |= {f"kind:{model['kind']}", f"status:{model.get('status', 'available')}"}
        found |= {f for f in ("slug", "context_label", "group", "retires") if f in model}
        found |= {f"model.{f}" for f in ("service_tiers", "batch") if f in model}
        found |= {"id:/"} if "/" in model["id"] else set()
        found |= {"id::"} if ":" in model["id"] else set()
        for entry in model["prices"]:
            found |= {f for f in entry if f != "since"} | (
                {"since:launch"} if "since" not in entry else set()
            )
            if isinstance(entry.get("cache_write"), dict):
                found.add("cache_write:durations")
            elif "cache_write" in entry:
                found.add("cache_write:one price")
            if entry.get("input") == "0" and entry.get("output") == "0":
                found.add("free model")
            found |= {f"fine_tuning.{f}" for f in entry.get("fine_tuning", {})}
            found |= {f"explicit:{tier}" for tier in entry.get("service_tiers", {})}
    found |= {f"catalogue.{f}" for f in ("service_tiers", "regions", "off_peak", "tool_groups") if f in raw}
    found |= {f"batch.{f}" for f in raw["batch"]}
    return found


def test_the_example_uses_the_new_dimensions(raw_catalogue: dict[str, Any]) -> None:
    """The bundled example shows what a provider writes: the dimensions the issue lists."""
    wanted = {
        "cache_write:durations",
        "cache_storage",
        "audio_input",
        "audio_output",
        "image_input",
        "image_output",
        "video_input",
        "above",
        "images",
        "explicit:batch",
        "fine_tuning",
        "minute",
        "searches",
        "characters",
        "hour",
        "requests",
        "kind:embedding",
        "kind:rerank",
        "kind:image",
        "status:preview",
        "status:deprecated",
        "status:retired",
        "since:launch",
        "free model",
        "group",
        "context_label",
        "id:/",
        "id::",
        "catalogue.service_tiers",
        "catalogue.regions",
        "catalogue.off_peak",
        "catalogue.tool_groups",
    }
    assert wanted <= uses(raw_catalogue), sorted(wanted - uses(raw_catalogue))


def test_the_two_rich_catalogues_use_every_field_of_the_model() -> None:
    """Between them, the example and every-dimension.yaml use every price field, kind, status,
    fine-tuning price and batch window of the typed model (so no field goes untested)."""
    used = uses(raw_of(EXAMPLE)) | uses(raw_of(EVERY_DIMENSION))
    prices = {*TOKEN_FIELDS, *UNIT_FIELDS, "images", "above", "service_tiers", "fine_tuning"}
    kinds = {f"kind:{k}" for k in KINDS}
    statuses = {f"status:{s}" for s in ("available", "preview", "deprecated", "retired")}
    tuning = {f"fine_tuning.{f}" for f in FineTuning.model_fields}
    windows = {f"batch.{f}" for f in Batch.model_fields}
    options = {"cache_write:durations", "cache_write:one price", "free model", "since:launch", "slug"}
    wanted = prices | kinds | statuses | tuning | windows | options
    assert wanted <= used, sorted(wanted - used)


# ── The README's examples ──────────────────────────────────────────────────────────────
def readme_examples() -> list[str]:
    """The YAML blocks of the README's "Every kind of price" section, dedented."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split("### Every kind of price", 1)[1].split("\n## ", 1)[0]
    return [textwrap.dedent(block) for block in re.findall(r"```yaml\n(.*?)```", section, re.S)]


def test_the_readme_describes_every_dimension_with_a_valid_example(tmp_path: Path) -> None:
    """Each example, put into the example catalogue (a model replaces the one with its id, a price
    entry becomes a chat model of its own with a 400K context window, a section replaces the
    catalogue's; rate limits, which the examples leave out, are added), loads without a problem,
    and together they show every dimension the README promises."""
    examples = readme_examples()
    assert len(examples) >= 13
    data = load_located(EXAMPLE).data
    limits = {"free": {"rpm": 1}, "developer": {"rpm": 1}}
    written: list[str] = []
    for number, example in enumerate(examples):
        path = tmp_path / f"example-{number}.yaml"
        path.write_text(example, encoding="utf-8")
        written.append(example)
        parsed = load_located(path).data
        sections = parsed if isinstance(parsed, dict) else {"models": parsed}
        for key, value in sections.items():
            if key != "models":
                data[key] = value
                continue
            for item in value:
                if "id" not in item:  # a price entry
                    item = {
                        "id": f"readme-{number}",
                        "kind": "chat",
                        "name": "README",
                        "context_window": 400000,
                        "prices": [item],
                    }
                item.setdefault("limits", limits)
                data["models"] = [m for m in data["models"] if m["id"] != item["id"]] + [item]
    validate(Located("README.md", data))
    shown = "\n".join(written)
    for field in (
        "cache_write:",
        "cache_storage:",
        "audio_input:",
        "audio_output:",
        "image_input:",
        "video_input:",
        "above:",
        "kind: embedding",
        "kind: rerank",
        "searches:",
        "images:",
        "image_output:",
        "service_tiers:",
        "multiplier:",
        "regions:",
        "off_peak:",
        "characters:",
        "minute:",
        "speed_cps:",
        "fine_tuning:",
        "training:",
        "hosting_hour:",
        "tiers: [developer",
        "slug:",
        "id: openai/",
        "status: deprecated",
        "retires:",
        "input: 0, output: 0",
        "tool_groups:",
        "group:",
        "context_label:",
        "window_hours:",
    ):
        assert field in shown, field


# ── YAML 1.2, exactly ───────────────────────────────────────────────────────────────────
@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("no", "no"),
        ("on", "on"),
        ("yes", "yes"),
        ("off", "off"),
        ("true", True),
        ("False", False),
        ("~", None),
        ("", None),
        ("010", "010"),  # YAML 1.1 reads eight: it stays text, so a number field refuses it
        ("0o10", "0o10"),  # octal and hexadecimal stay text, refused where a number is expected
        ("0x1e", "0x1e"),
        ("42", 42),
        ("-7", -7),
        ("2025-01-01", "2025-01-01"),
        ("12:30", "12:30"),  # YAML 1.1 reads 750 (base 60)
    ],
)
def test_plain_scalars_resolve_by_yaml_1_2(written: str, value: object) -> None:
    resolved = resolve_plain(written)
    assert resolved == value and type(resolved) is type(value)


@pytest.mark.parametrize("written", ["1.10", "0.075", "0.30", "1e3", "-0.5", ".5", "3."])
def test_fractions_become_the_exact_decimal(written: str) -> None:
    resolved = resolve_plain(written)
    assert isinstance(resolved, Decimal)
    assert resolved == Decimal(written) and str(resolved) == str(Decimal(written))


def test_quoted_scalars_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "quoted.yaml"
    path.write_text("a: \"1.10\"\nb: 'no'\nc: \"010\"\nd: '2025-01-01'\n", encoding="utf-8")
    assert load_located(path).data == {"a": "1.10", "b": "no", "c": "010", "d": "2025-01-01"}


def test_libyaml_and_pure_python_read_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Valid files are read by libyaml's parser (fast), broken ones again by PyYAML's (for the
    wording of problems): both must give the same values and the same positions."""
    from tarifa.catalogue import yaml_source as yamlsrc

    unicode = tmp_path / "unicode.yaml"
    unicode.write_text(
        "a: \"é✓𝄞 x\"\nb: [ü, 'ß', {c: 日本語}]\nd: |\n  multi ✓\n  line\n# ✓\ne: &x [1, 2.50]\nf: *x\ng:\n",
        encoding="utf-8",
    )
    files = [EXAMPLE, MINIMAL, unicode]
    fast = [load_located(f) for f in files]
    monkeypatch.setattr(yamlsrc, "_FastLoader", yamlsrc._Loader)
    slow = [load_located(f) for f in files]
    for a, b in zip(fast, slow, strict=True):
        assert (a.data, a.marks, a.key_marks) == (b.data, b.marks, b.key_marks)


def test_positions_are_one_based_lines_and_columns(tmp_path: Path) -> None:
    path = tmp_path / "marks.yaml"
    path.write_text("a:\n  b: [1, 2]\n  c: x\n", encoding="utf-8")
    located = load_located(path)
    assert located.where(("a", "b", 1)) == (2, 10)
    assert located.where(("a", "c"), key=True) == (3, 3)
    assert located.where(("a", "c")) == (3, 6)
    assert located.where(("a", "missing")) == (2, 3)  # the nearest written ancestor: the mapping


# ── Prices: exact, finite, printable ────────────────────────────────────────────────────
@pytest.mark.parametrize("amount", ["0.075", "0.0000000001", "999999999.99", "0", "12", "0.30"])
def test_prices_that_are_kept_exactly(amount: str) -> None:
    data = minimal()
    data["models"][0]["prices"][0]["input"] = Decimal(amount)
    catalog = Catalog.model_validate(data)
    kept = catalog.models[0].prices[0].input  # type: ignore[union-attr]
    assert kept.as_tuple() == Decimal(amount).as_tuple()  # the same digits and exponent


@pytest.mark.parametrize(
    "amount",
    [
        Decimal("0.00000000001"),
        Decimal("1E+9"),
        Decimal("-0.01"),
        Decimal("NaN"),
        Decimal("Infinity"),
        "0,59",
        "$0.59",
        "0.59 USD",
        "010",
        "1,000",
        True,
        None,
    ],
)
def test_prices_that_are_refused(amount: object) -> None:
    data = minimal()
    data["models"][0]["prices"][0]["input"] = amount
    with pytest.raises(ValueError):  # pydantic's ValidationError is a ValueError
        Catalog.model_validate(data)


def test_a_quoted_price_is_read_exactly() -> None:
    data = minimal()
    data["models"][0]["prices"][0]["input"] = "0.0375"
    assert str(Catalog.model_validate(data).models[0].prices[0].input) == "0.0375"  # type: ignore[union-attr]


# ── Cross-references ────────────────────────────────────────────────────────────────────
def test_the_minimal_catalogue_has_no_reference_problem() -> None:
    assert references(minimal()) == []


def test_duplicate_ids() -> None:
    data = minimal()
    data["models"][1]["id"] = "small"
    data["tiers"].append({**data["tiers"][0]})
    found = references(data)
    assert (("tiers", 2, "id"), "a unique id", "'free' again (as tiers[0])") in found
    assert (("models", 1, "id"), "a unique id", "'small' again (as models[0])") in found


def test_references_to_tiers_and_models_that_do_not_exist() -> None:
    data = minimal()
    data["tiers"][0]["card_model"] = "smal"
    data["features"][0]["values"]["pro"] = True
    data["models"][1]["limits"] = {"fre": {"rpm": 1}}
    found = references(data)
    tier_id = "a tier id (free, enterprise)"
    model_id = "the id of a model under `models`"
    assert (("tiers", 0, "card_model"), model_id, "'smal' (did you mean 'small'?)") in found
    assert (("features", 0, "values", "pro"), tier_id, "'pro'") in found
    assert (("models", 1, "limits", "fre"), tier_id, "'fre' (did you mean 'free'?)") in found
    assert (("models", 1, "limits"), "limits for tier 'free'", "none") in found


def test_incomplete_feature_values_and_custom_limits() -> None:
    data = minimal()
    del data["features"][0]["values"]["enterprise"]
    data["models"][0]["limits"]["enterprise"] = {"rpm": 5}
    data["tiers"][1]["card_model"] = "small"
    found = {path for path, _, _ in references(data)}
    assert found == {
        ("features", 0, "values"),
        ("models", 0, "limits", "enterprise"),
        ("tiers", 1, "card_model"),
    }


@pytest.mark.parametrize(("first", "second"), [("2025-06-01", "2025-01-01"), ("2025-01-01", "2025-01-01")])
def test_price_history_runs_forward_one_price_per_date(first: str, second: str) -> None:
    data = minimal()
    entry = data["models"][0]["prices"][0]
    data["models"][0]["prices"] = [{**entry, "since": first}, {**entry, "since": second}]
    found = references(data)
    assert [path for path, _, _ in found] == [("models", 0, "prices", 1, "since")]
    assert found[0][2] == second


def test_schema_problems_and_reference_problems_come_together(tmp_path: Path) -> None:
    data = minimal()
    data["currency"] = "usd"  # a schema problem
    data["models"][1]["limits"] = {"fre": {"rpm": 1}}  # a reference problem in a valid model
    located = Located("test.yaml", copy.deepcopy(data))
    with pytest.raises(TarifaError) as caught:
        validate(located)
    paths = [p.path for p in caught.value.problems]
    assert paths == ["currency", "models[1].limits", "models[1].limits.fre"]


# ── The published JSON Schema ───────────────────────────────────────────────────────────
def schema() -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((ROOT / "pricing" / SCHEMA_FILE).read_text(encoding="utf-8"))
    return loaded


def test_the_committed_schema_is_the_model_s_schema() -> None:
    assert (ROOT / "pricing" / SCHEMA_FILE).read_text(encoding="utf-8") == schema_text(), (
        "run `tarifa schema` and commit pricing/catalogue.schema.json"
    )


@pytest.mark.parametrize("name", RICH)
def test_the_example_validates_against_the_schema(name: str) -> None:
    jsonschema.Draft202012Validator.check_schema(schema())
    errors = list(jsonschema.Draft202012Validator(schema()).iter_errors(load_located(RICH[name]).data))
    assert errors == []


@pytest.mark.parametrize("name", RICH)
def test_the_example_read_as_an_editor_reads_it_validates_too(name: str) -> None:
    """Editors read YAML 1.1-ish JSON: plain numbers as floats, dates as strings."""
    data = yaml.safe_load(RICH[name].read_text(encoding="utf-8").replace("\t", " "))
    text = json.dumps(data, default=str)
    errors = list(jsonschema.Draft202012Validator(schema()).iter_errors(json.loads(text)))
    assert errors == []


@pytest.mark.parametrize(
    "kind",
    [
        "price-currency-sign",
        "price-decimal-comma",
        "price-negative",
        "unknown-field",
        "missing-field",
        "schema-version",
        "markup-in-name",
        "line-break-in-name",
        "bad-id",
        "empty-prices",
        "yaml11-yes",
        "date-as-number",
        "text-for-number",
        "currency-lowercase",
        "unknown-kind",
        "bad-status",
        "bad-context-label",
        "bad-cache-write-duration",
        "bad-image-size",
        "bad-off-peak-time",
        "batch-window-both",
    ],
)
def test_broken_catalogues_do_not_validate_against_the_schema(kind: str) -> None:
    data = load_located(BROKEN / f"{kind}.yaml").data
    assert list(jsonschema.Draft202012Validator(schema()).iter_errors(data)), kind


# ── The benchmarks' generated catalogues ────────────────────────────────────────────────
def test_the_benchmarks_generated_catalogue_uses_every_kind_and_loads(tmp_path: Path) -> None:
    """benchmarks/synth.py grows the example to N models (the 5,000-model build uses it): the
    result loads, has every kind of model, ids in the forms providers use, prices of its own
    (a copy's amounts are its original's times one exact factor), and its copies join the
    off-peak window of their originals."""
    import sys

    sys.path.insert(0, str(ROOT / "benchmarks"))
    import synth

    project = synth.with_models(ROOT, tmp_path / "project", 400)
    catalog = load_catalog(project / "pricing" / "catalogue.yaml")
    raw = raw_of(project / "pricing" / "catalogue.yaml")
    assert len(catalog.models) == 400
    assert {m.kind for m in catalog.models} == set(KINDS)
    assert any("/" in m.id and m.id.startswith("lab") for m in catalog.models)
    assert any(m.id.startswith("ft:") for m in catalog.models)
    example = {m["id"]: m for m in raw_of(EXAMPLE)["models"]}
    copies = 0
    for written in raw["models"]:
        form = re.fullmatch(
            r"(?:lab[0-9]+/)?(?P<id>.+)-s[0-9]+|ft:(?P<ft>.+):org[0-9]+::s[0-9]+", written["id"]
        )
        if form is None:
            assert written["id"] in example
            continue
        original = example[form["id"] or form["ft"]]
        ratios = {
            Decimal(price[f]) / Decimal(source[f])
            for price, source in zip(written["prices"], original["prices"], strict=True)
            for f in ("input", "output", "characters", "hour", "requests", "searches", "minute")
            if f in source and Decimal(source[f]) != 0
        }
        assert len(ratios) <= 1, written["id"]
        copies += 1
    assert copies == 400 - len(example)
    assert catalog.off_peak is not None and catalog.off_peak.models is not None
    assert any(i.startswith("swift-1t-s") for i in catalog.off_peak.models)
    small = load_catalog(synth.with_models(ROOT, tmp_path / "small", 8) / "pricing" / "catalogue.yaml")
    assert set(catalog.off_peak.models[:2]) <= {m.id for m in small.models}, "listed models are kept"
