"""Other providers' list prices for models like ours, each with its source and the day it was checked.

The data lives in `pricing/comparisons.yaml`, read exactly like the catalogue (YAML 1.2, every
value located) and validated by the small model below; every problem is one line with file,
line, column and key path. A comparison goes stale: `stale` names each offer checked longer ago
than the configured maximum age, and the build warns about it (so `mkdocs build --strict` fails).
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, Field, ValidationError

from tarifa.catalogue.load import problem_of
from tarifa.catalogue.model import Catalog, Currency, Date, Name, Price, Slug, Strict
from tarifa.catalogue.yaml_source import Located, load_located
from tarifa.problems import Problem, TarifaError, describe, did_you_mean, some_of

#: Offers checked longer ago than this are stale, unless mkdocs.yml sets another age.
DEFAULT_MAX_AGE_DAYS = 180
DEFAULT_FILE = "pricing/comparisons.yaml"

#: A source address: https, on one line, nothing that could close an attribute.
Url = Annotated[str, Field(pattern=r"^https://[^\s<>\"'`]+$", max_length=500)]


class Offer(Strict):
    """One other provider's list price for a model similar to one of ours."""

    compare_with: Slug = Field(description="The id of our chat model this offer is compared with.")
    provider: Name = Field(description="The other provider's name.")
    model: Name = Field(description="The other provider's model, as it names it.")
    input: Price = Field(description="Price per 1M input tokens, in `currency`.")
    output: Price = Field(description="Price per 1M output tokens, in `currency`.")
    currency: Currency
    source: Url = Field(description="The page the price was read from (https).")
    checked: Date = Field(description="The day the price was read at `source`.")


class Comparisons(Strict):
    """The comparison file: a list of offers."""

    offers: list[Offer] = Field(min_length=1)


@dataclass(frozen=True)
class LoadedComparisons:
    """The validated offers and where each one is written (for warnings that name a line)."""

    comparisons: Comparisons
    located: Located

    @property
    def offers(self) -> list[Offer]:
        return self.comparisons.offers


def load_comparisons(path: Path, catalog: Catalog, display: str | None = None) -> LoadedComparisons:
    """Read and validate the comparison file; every problem at once, as a `TarifaError`."""
    located = load_located(path, display)
    if not isinstance(located.data, dict):
        raise TarifaError([located.problem((), "a mapping with a list of `offers`", describe(located.data))])
    try:
        comparisons = Comparisons.model_validate(located.data)
    except ValidationError as error:
        raise TarifaError([_located_problem(located, e) for e in error.errors()]) from None
    chat = [m.id for m in catalog.models_of("chat")]
    known = set(chat)
    problems = [
        located.problem(
            ("offers", index, "compare_with"),
            f"the id of one of our chat models ({some_of(chat, 'chat models')})",
            did_you_mean(offer.compare_with, chat),
        )
        for index, offer in enumerate(comparisons.offers)
        if offer.compare_with not in known
    ]
    if problems:
        raise TarifaError(problems)
    return LoadedComparisons(comparisons, located)


def _fields(model: type[BaseModel]) -> list[str]:
    return list(model.model_fields)


def _located_problem(located: Located, error: Any) -> Problem:
    """The catalogue loader's wording, with this file's own field names for unknown or missing keys."""
    loc = tuple(error["loc"])
    model: type[BaseModel] = Offer if len(loc) > 2 and loc[0] == "offers" else Comparisons
    if error["type"] == "extra_forbidden":
        allowed = _fields(model)
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1, cutoff=0.6)
        hint = f"did you mean {close[0]!r}?" if close else "no known field is close"
        return located.problem(
            loc,
            f"one of the known fields ({', '.join(allowed)})",
            f"the unknown field {loc[-1]!r} ({hint})",
            key=True,
        )
    if error["type"] == "missing":
        found = "no such field"
        written = located.data
        for part in loc[:-1]:
            written = written[part]
        unknown = [k for k in written if k not in _fields(model)] if isinstance(written, dict) else []
        close = difflib.get_close_matches(str(loc[-1]), unknown, n=1, cutoff=0.6)
        if close:
            line, _ = located.where((*loc[:-1], close[0]), key=True)
            found += f", only {close[0]!r} on line {line}, which looks misspelt"
        return located.problem(loc[:-1], f"the required field {loc[-1]!r}", found, key=True)
    return problem_of(located, error)


def stale(loaded: LoadedComparisons, today: dt.date, max_age_days: int) -> list[Problem]:
    """Offers checked more than `max_age_days` before `today`, or dated after it."""
    problems = []
    oldest = today - dt.timedelta(days=max_age_days)
    for index, offer in enumerate(loaded.offers):
        path = ("offers", index, "checked")
        if offer.checked < oldest:
            age = (today - offer.checked).days
            problems.append(
                loaded.located.problem(
                    path,
                    f"a price checked at most {max_age_days} days before the build date "
                    f"{today.isoformat()} (on or after {oldest.isoformat()})",
                    f"{offer.checked.isoformat()}, {age} days old; check the price at its source again, "
                    "then update it and this date",
                )
            )
        elif offer.checked > today:
            problems.append(
                loaded.located.problem(
                    path, f"a date on or before the build date {today.isoformat()}", offer.checked.isoformat()
                )
            )
    return problems
