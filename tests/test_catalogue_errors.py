"""Broken and hostile catalogues: each is refused with the exact, hand-written message expected.

The corpus lives in tests/catalogues/broken/: `<kind>.yaml` is the smallest valid catalogue
(tests/catalogues/valid/minimal.yaml) with one kind of mistake, and `<kind>.expected` holds the
lines Tarifa must print, one problem per line, written by hand from the fixture (line, column and
key path counted in the file, not copied from the program's output).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, build_site
from tarifa.catalogue.load import load_catalog
from tarifa.problems import TarifaError

CORPUS = Path(__file__).parent / "catalogues"
BROKEN = sorted((CORPUS / "broken").glob("*.yaml"))
#: file:line:column: key path: expected ..., found ...
LINE = re.compile(
    r"^(?P<file>[^:\n]+):(?P<line>\d+):(?P<column>\d+): (?P<path>[^:\n]+): expected .+, found .+$"
)


def expected(fixture: Path, name: str | None = None) -> list[str]:
    lines = fixture.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    if name is not None:
        lines = [name + line.removeprefix(fixture.name) for line in lines]
    return lines


def problems_of(fixture: Path) -> list[str]:
    with pytest.raises(TarifaError) as caught:
        load_catalog(fixture, fixture.name)
    return str(caught.value).splitlines()


# ── The corpus ──────────────────────────────────────────────────────────────────────────
def test_the_corpus_is_complete() -> None:
    kinds = {f.stem for f in BROKEN}
    answers = {f.stem for f in (CORPUS / "broken").glob("*.expected")}
    assert kinds == answers, "every broken catalogue needs its .expected file, and the reverse"
    assert len(kinds) >= 30


def test_the_minimal_catalogue_is_valid() -> None:
    catalog = load_catalog(CORPUS / "valid" / "minimal.yaml")
    assert [m.id for m in catalog.models] == ["small", "voice"]


@pytest.mark.parametrize("fixture", BROKEN, ids=[f.stem for f in BROKEN])
def test_broken_catalogue_is_refused_with_the_expected_message(fixture: Path) -> None:
    assert problems_of(fixture) == expected(fixture)


@pytest.mark.parametrize("fixture", BROKEN, ids=[f.stem for f in BROKEN])
def test_every_problem_points_into_the_file(fixture: Path) -> None:
    """Whatever the wording: one line per problem, a key path, and a place that exists."""
    raw = fixture.read_bytes()
    rows = raw.split(b"\n")
    for text in problems_of(fixture):
        match = LINE.match(text)
        assert match, text
        assert match["file"] == fixture.name
        line, column = int(match["line"]), int(match["column"])
        assert 1 <= line <= max(len(rows), 1), text
        row = rows[line - 1].decode("utf-8", errors="replace") if rows else ""
        assert 1 <= column <= len(row) + 1, text


def test_all_problems_of_a_file_are_reported_at_once() -> None:
    lines = problems_of(CORPUS / "broken" / "many-problems.yaml")
    assert len(lines) == 6
    paths = {LINE.match(line)["path"] for line in lines}  # type: ignore[index]
    # schema problems and cross-reference problems (an unknown tier) together
    assert {"currency", "models[0].prices[0].input", "models[1].limits.fre"} <= paths


def test_a_misspelt_field_names_the_closest_valid_one() -> None:
    for kind, wrong, right in [
        ("misspelt-field", "context_windw", "context_window"),
        ("misspelt-top-level", "curency", "currency"),
        ("misspelt-limit", "tmp", "tpm"),
    ]:
        text = "\n".join(problems_of(CORPUS / "broken" / f"{kind}.yaml"))
        assert f"the unknown field {wrong!r} (did you mean {right!r}?)" in text


def test_a_folder_in_place_of_the_file(tmp_path: Path) -> None:
    with pytest.raises(TarifaError) as caught:
        load_catalog(tmp_path, "catalogue.yaml")
    assert str(caught.value) == (
        "catalogue.yaml:1:1: (top level): expected a readable YAML file, found is a directory"
    )


def test_an_alias_bomb_is_refused_quickly() -> None:
    """Refused after ~100,000 values, not 10**9: CPU time (the machine may be busy), ~0.2 s."""
    import time

    start = time.process_time()
    problems_of(CORPUS / "broken" / "alias-bomb.yaml")
    assert time.process_time() - start < 5


# ── The command line ────────────────────────────────────────────────────────────────────
def run_tarifa(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tarifa", "--root", str(root), *args],
        capture_output=True,
        text=True,
        env={**os.environ, "GITHUB_ACTIONS": "", **(env or {})},
        check=False,
    )


@pytest.mark.parametrize("kind", ["many-problems", "syntax-unclosed-list", "not-utf8", "alias-bomb"])
def test_tarifa_validate_prints_one_line_per_problem(tmp_path: Path, kind: str) -> None:
    fixture = CORPUS / "broken" / f"{kind}.yaml"
    (tmp_path / "pricing").mkdir()
    shutil.copyfile(fixture, tmp_path / "pricing" / "catalogue.yaml")
    result = run_tarifa(tmp_path, "validate")
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == expected(fixture, "pricing/catalogue.yaml")
    assert "Traceback" not in result.stderr


def test_tarifa_validate_annotates_github_pull_requests(tmp_path: Path) -> None:
    fixture = CORPUS / "broken" / "price-currency-sign.yaml"
    (tmp_path / "pricing").mkdir()
    shutil.copyfile(fixture, tmp_path / "pricing" / "catalogue.yaml")
    result = run_tarifa(tmp_path, "validate", env={"GITHUB_ACTIONS": "true"})
    assert result.returncode == 1
    assert result.stdout.startswith(
        "::error file=pricing/catalogue.yaml,line=34,col=36::models[0].prices[0].input: expected a plain"
    ), result.stdout


def test_tarifa_validate_accepts_the_minimal_catalogue(tmp_path: Path) -> None:
    (tmp_path / "pricing").mkdir()
    shutil.copyfile(CORPUS / "valid" / "minimal.yaml", tmp_path / "pricing" / "catalogue.yaml")
    result = run_tarifa(tmp_path, "validate")
    assert result.returncode == 0, result.stderr
    assert result.stdout == "pricing/catalogue.yaml: 2 models, 2 tiers: OK\n"


# ── The site build ──────────────────────────────────────────────────────────────────────
def copy_project(tmp_path: Path) -> Path:
    """The project without its tests, virtualenv and outputs, to break one input of."""
    project = tmp_path / "project"
    skip = (".venv", "site", ".git", "artifacts", "node_modules", ".*cache", "tests")
    shutil.copytree(ROOT, project, ignore=shutil.ignore_patterns(*skip))
    return project


def test_mkdocs_build_refuses_a_broken_catalogue(tmp_path: Path) -> None:
    """`mkdocs build` exits non-zero with the one-line problems, no traceback and no site."""
    project = copy_project(tmp_path)
    fixture = CORPUS / "broken" / "many-problems.yaml"
    shutil.copyfile(fixture, project / "pricing" / "catalogue.yaml")
    out = tmp_path / "out"
    result = build_site(project / "mkdocs.yml", out)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    errors = [line.split(" - ", 1)[1].strip() for line in output.splitlines() if line.startswith("ERROR")]
    for line in expected(fixture, "pricing/catalogue.yaml"):
        assert line in errors, f"{line}\nnot in:\n{output}"
    assert "Traceback" not in output
    looks_like_a_site = out.exists() and any(out.rglob("*.html"))
    assert not looks_like_a_site, sorted(str(p.relative_to(out)) for p in out.rglob("*"))[:20]


def test_a_missing_catalogue_is_one_line(tmp_path: Path) -> None:
    """Not a FileNotFoundError traceback: the file it looked for, in `tarifa validate` and the build."""
    project = copy_project(tmp_path)
    (project / "pricing" / "catalogue.yaml").unlink()
    for command in (
        [sys.executable, "-m", "tarifa", "validate"],
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-d", str(tmp_path / "out")],
    ):
        result = subprocess.run(
            command,
            cwd=project,
            capture_output=True,
            text=True,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
        )
        output = result.stdout + result.stderr
        assert result.returncode == 1, output
        assert (
            "pricing/catalogue.yaml:1:1: (top level): expected the price catalogue (a YAML file), "
            "found no such file" in output
        )
        assert "Traceback" not in output, output


def test_tarifa_validate_reads_the_comparisons_file(tmp_path: Path) -> None:
    """It said OK where the build failed: it checks what the build checks."""
    project = copy_project(tmp_path)
    comparisons = project / "pricing" / "comparisons.yaml"
    comparisons.write_text(
        comparisons.read_text(encoding="utf-8").replace(
            "compare_with: heron-20b", "compare_with: heron-2b", 1
        ),
        encoding="utf-8",
    )
    result = subprocess.run(
        [sys.executable, "-m", "tarifa", "validate"], cwd=project, capture_output=True, text=True
    )
    assert result.returncode == 1, result.stdout
    assert re.search(
        r"^pricing/comparisons\.yaml:\d+:\d+: offers\[\d+\]\.compare_with: .*did you mean 'heron-20b'",
        result.stderr,
        re.M,
    ), result.stderr
    ok = subprocess.run(
        [sys.executable, "-m", "tarifa", "validate"],
        cwd=copy_project(tmp_path / "good"),
        capture_output=True,
        text=True,
    )
    assert ok.returncode == 0 and ok.stdout.endswith("3 offers: OK\n"), ok.stdout
