"""The catalogue model: the example loads, references are checked, prices stay exact, schema agrees.

Expected values come from the catalogue as written, read with PyYAML's BaseLoader (every scalar
the text typed), never from Tarifa's own loader.
"""

from __future__ import annotations

import copy
import json
from decimal import Decimal
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from conftest import ROOT
from tarifa.catalogue.load import load_catalog, validate
from tarifa.catalogue.model import SCHEMA_FILE, Catalog, check_references, schema_text
from tarifa.catalogue.yaml_source import Located, load_located, resolve_plain
from tarifa.problems import TarifaError

EXAMPLE = ROOT / "pricing" / "catalogue.yaml"
MINIMAL = Path(__file__).parent / "catalogues" / "valid" / "minimal.yaml"
BROKEN = Path(__file__).parent / "catalogues" / "broken"
PRICE_KEYS = ("input", "output", "cached_input", "characters", "hour", "requests")


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


def test_every_price_is_the_exact_decimal_written(raw_catalogue: dict[str, Any]) -> None:
    catalog = load_catalog(EXAMPLE)
    compared = 0
    for model, raw in zip(catalog.models, raw_catalogue["models"], strict=True):
        for price, written in zip(model.prices, raw["prices"], strict=True):
            assert price.since.isoformat() == written["since"]
            for key in PRICE_KEYS:
                value = getattr(price, key, None)
                if key in written:
                    assert isinstance(value, Decimal)
                    assert str(value) == written[key], (model.id, key)  # 0.30 stays 0.30, 0.075 stays 0.075
                    compared += 1
                else:
                    assert value is None
    assert compared > 30
    thresholds = [str(a) for a in catalog.billing.invoice_thresholds]
    assert thresholds == raw_catalogue["billing"]["invoice_thresholds"]


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


def test_the_example_validates_against_the_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(schema())
    errors = list(jsonschema.Draft202012Validator(schema()).iter_errors(load_located(EXAMPLE).data))
    assert errors == []


def test_the_example_read_as_an_editor_reads_it_validates_too() -> None:
    """Editors read YAML 1.1-ish JSON: plain numbers as floats, dates as strings."""
    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8").replace("\t", " "))
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
    ],
)
def test_broken_catalogues_do_not_validate_against_the_schema(kind: str) -> None:
    data = load_located(BROKEN / f"{kind}.yaml").data
    assert list(jsonschema.Draft202012Validator(schema()).iter_errors(data)), kind
