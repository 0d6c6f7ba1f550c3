"""The validated catalogue kept between builds, in the project's `.cache/tarifa/` (where Material's
own plugins keep theirs).

Reading and validating a catalogue of 1,000 models takes 0.44 s, and each process of a build does
it (`tarifa build -j 2`: both workers, side by side, before their first page); unpickling the
result takes 0.01 s. A cached catalogue is used only for the same bytes of the same file, read by
the same Tarifa (its version and the source of `tarifa.catalogue`, which defines what a catalogue
is), so an edit or an upgrade reads the file again; a catalogue with problems is never cached, so
its problems are reported on every build. Anything wrong with the cache (missing, unreadable,
half-written, from another Python) means reading the file, as without it; a folder that cannot be
written means no cache, silently.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import os
import pickle
import re
import tempfile
from pathlib import Path

from tarifa.catalogue.load import load_catalog
from tarifa.catalogue.model import Catalog

#: The cache's folder, relative to the project (the folder of `mkdocs.yml`).
FOLDER = Path(".cache") / "tarifa"


@functools.cache
def _code() -> bytes:
    """What makes a cached catalogue this Tarifa's: its version and the catalogue package's source."""
    from tarifa import __version__

    digest = hashlib.sha256(__version__.encode())
    for source in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(source.name.encode() + b"\0" + source.read_bytes())
    return digest.digest()


def _key(data: bytes, display: str) -> str:
    return hashlib.sha256(_code() + display.encode() + b"\0" + data).hexdigest()[:32]


def _name(display: str) -> str:
    """The cache files of one catalogue share this prefix (an older one is removed by the next)."""
    return "catalogue-" + re.sub(r"[^A-Za-z0-9]+", "-", display).strip("-") + "-"


def load(path: Path, display: str, folder: Path | None) -> Catalog:
    """The catalogue at `path`, validated (`load_catalog`): from `folder` if it holds the result
    for these bytes, else read and then kept there. `folder` None: no cache."""
    if folder is None:
        return load_catalog(path, display)
    try:
        data = path.read_bytes()
    except OSError:
        return load_catalog(path, display)  # its own message for a file it cannot read
    prefix = _name(display)
    kept = folder / f"{prefix}{_key(data, display)}.pickle"
    with contextlib.suppress(Exception):  # any failure: read the catalogue instead
        catalog = pickle.loads(kept.read_bytes())
        if isinstance(catalog, Catalog):
            return catalog
    catalog = load_catalog(path, display, data)  # the very bytes of the key
    with contextlib.suppress(OSError):
        _keep(folder, prefix, kept, catalog)
    return catalog


def _keep(folder: Path, prefix: str, kept: Path, catalog: Catalog) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".", suffix=".tmp", dir=folder)
    try:
        with os.fdopen(handle, "wb") as out:
            pickle.dump(catalog, out, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, kept)  # whole or not at all, whoever else writes it at once
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
    for older in folder.glob(f"{prefix}*.pickle"):
        if older != kept:
            with contextlib.suppress(OSError):
                older.unlink()
