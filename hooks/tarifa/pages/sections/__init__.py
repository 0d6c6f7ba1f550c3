"""The page sections, by the name of their marker (`<!-- tarifa:NAME [ARG] -->`)."""

from __future__ import annotations

from collections.abc import Callable

from tarifa.pages.output import Output, Page
from tarifa.pages.sections import calculator, changes, comparisons, pricing, translation

SECTIONS: dict[str, Callable[[Page, Output, str | None], None]] = {
    "tier-cards": pricing.tier_cards,
    "price-tables": pricing.price_tables,
    "batch-caching": pricing.batch_caching,
    "billing-facts": pricing.billing_facts,
    "tier-matrix": pricing.tier_matrix,
    "rate-limits": pricing.rate_limits,
    "model-index": pricing.model_index,
    "model": pricing.model_page,
    "model-list": pricing.model_list,
    "price-changes": changes.price_changes_section,
    "open-data-files": changes.open_data_section,
    "price-kinds": changes.price_kinds_section,
    "calculator": calculator.section,
    "comparisons": comparisons.section,
    "translation-status": translation.section,
}
