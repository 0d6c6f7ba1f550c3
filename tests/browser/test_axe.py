"""axe-core (bundled with axe-playwright-python, offline) finds no serious or critical violation
in any locale, except the few that stock Material for MkDocs causes, listed here with the reason.

Pages checked, on a desktop: every hand-written page, the first chat model's page (standard and
batch prices) and the first tool's page (a translated name); in the dark scheme: the pricing
page, the price changes and a model page with its chart; on a phone: the pricing page in both
schemes. All model pages share one template and differ only in their values.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe

from conftest import LOCALES

from .conftest import Visit
from .reference import catalogue, models, page_slug, written_pages

# (rule id, target selector) → why it is not Tarifa's to fix. Nothing else may be reported.
STOCK_MATERIAL = {
    ("aria-dialog-name", ".md-search"): (
        "Material's search overlay (partials/search.html) has role=dialog without an accessible name"
    ),
    ("color-contrast", ".md-copyright"): (
        "Material's footer colours its copyright line at 4.47:1 on the footer background (4.5:1 needed)"
    ),
}
SERIOUS = {"serious", "critical"}
PAGES = [("desktop", path) for path in written_pages()] + [
    ("desktop", f"models/{page_slug(models(catalogue(), kind)[0])}/") for kind in ("chat", "tool")
]
# The dark scheme (the system's setting), on the pages with the most colour: prices, changes,
# a model page with its chart; and the pricing page on a phone in both schemes.
PAGES += [
    ("dark", "pricing/"),
    ("dark", "price-changes/"),
    ("dark", f"models/{page_slug(models(catalogue(), 'chat')[1])}/"),
]
PAGES += [("phone", "pricing/"), ("phone-dark", "pricing/")]

_axe = Axe()


def serious_violations(results: dict[str, Any]) -> list[str]:
    found = []
    for violation in results["violations"]:
        if violation["impact"] not in SERIOUS:
            continue
        for node in violation["nodes"]:
            target = " ".join(str(t) for t in node["target"])
            if (violation["id"], target) in STOCK_MATERIAL:
                continue
            found.append(
                f"{violation['id']} ({violation['impact']}) at {target}: {node['failureSummary']!r}"[:300]
            )
    return found


@pytest.mark.browser
@pytest.mark.parametrize(("viewport", "path"), PAGES)
@pytest.mark.parametrize("locale", LOCALES)
def test_no_serious_accessibility_violation(
    visit: Callable[..., Visit], locale: str, viewport: str, path: str
) -> None:
    page = visit(locale, path, viewport).page
    results = _axe.run(page).response
    found = serious_violations(results)
    assert not found, f"{locale}/{path} ({viewport}):\n  " + "\n  ".join(found)
