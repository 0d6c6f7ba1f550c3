"""Open data at stable URLs, written once per build at the site's root: format version 2 with
every price (`api/v2/`, see `pricing_v2`), and the frozen version 1 (`api/`, see `pricing_v1`).

Everything is a pure function of the catalogue and the build date, so a build with a fixed
SOURCE_DATE_EPOCH writes the same bytes every time.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tarifa.catalogue.model import Catalog
from tarifa.publish import pricing_v1, pricing_v2
from tarifa.publish.formats import write_atomically


def files(catalog: Catalog, today: dt.date, site_url: str = "") -> dict[str, bytes]:
    """Every open-data file by its path under the site root."""
    return {**pricing_v2.files(catalog, today, site_url), **pricing_v1.files(catalog, today, site_url)}


def write(site_dir: Path, catalog: Catalog, today: dt.date, site_url: str = "") -> list[Path]:
    written = []
    for relative, data in files(catalog, today, site_url).items():
        target = site_dir / relative
        write_atomically(target, data)
        written.append(target)
    return written
