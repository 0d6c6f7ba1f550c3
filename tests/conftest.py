"""Shared fixtures: the example site built once per test process, served on 127.0.0.1.

Tests read the catalogue independently of Tarifa's loader (PyYAML's BaseLoader keeps every
scalar as the text written, so prices become exact Decimals without Tarifa's help) and compare
the built pages with Babel's own formatting of those values.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import http.server
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.dates import format_date

ROOT = Path(__file__).resolve().parent.parent
LOCALES = ["en", "de", "fr", "es", "ar"]
DEFAULT = "en"
CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = ROOT / "artifacts"


#: Invisible bidi controls: Babel puts U+200F before Arabic prices, and Tarifa isolates Latin
#: currency symbols in right-to-left text with U+2066 … U+2069.
BIDI_CONTROLS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u2066\u2067\u2068\u2069"))


#: The two gettext domains of the example: Tarifa's interface (package data) and the provider's
#: texts (pricing/locales), as (folder of LOCALE/LC_MESSAGES/, domain).
DOMAINS = (
    (ROOT / "hooks" / "tarifa" / "l10n" / "locales", "tarifa"),
    (ROOT / "pricing" / "locales", "pricing"),
)


def po_files(locale: str) -> list[Path]:
    """The `.po` files of `locale` in both domains."""
    return [folder / locale / "LC_MESSAGES" / f"{domain}.po" for folder, domain in DOMAINS]


def pot_files() -> list[Path]:
    return [folder / f"{domain}.pot" for folder, domain in DOMAINS]


def visible(text: str) -> str:
    """Text as compared by tests: without invisible bidi controls."""
    return text.translate(BIDI_CONTROLS)


def heading_text(heading: Any) -> str:
    """A heading's text without its permalink (Markdown's `¶` anchor): a name may end in `¶` too."""
    return "".join(
        str(node) for node in heading.find_all(string=True) if not node.find_parent(class_="headerlink")
    )


def medium_date(value: dt.date, locale: str) -> str:
    """A date as the site writes it: Babel's medium format, with French "1er" for the first day
    of a month ("1er avr. 2025"), which CLDR's pattern does not write."""
    text = format_date(value, "medium", locale=locale)
    if locale.split("_")[0] == "fr" and value.day == 1:
        assert text.startswith("1 "), text
        text = "1er " + text[2:]
    return text


def prefix(locale: str) -> str:
    """URL path prefix of a locale: '' for English at the root, 'de/' for German."""
    return "" if locale == DEFAULT else f"{locale}/"


def build_day() -> dt.date:
    """The day the site is built for (which prices are current): SOURCE_DATE_EPOCH, as the
    reproducible-builds spec says (the Makefile sets it from the last commit), else today."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    return dt.datetime.fromtimestamp(int(epoch), tz=dt.UTC).date() if epoch else dt.date.today()


def build_site(
    config: Path, dest: Path, *extra: str, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `mkdocs build` the way a user does, in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "-d", str(dest), *extra],
        cwd=config.parent,
        capture_output=True,
        text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        check=False,
    )


def copy_project(dest: Path, source: Path = ROOT) -> Path:
    """A copy of the project (or of `source`, a copy made earlier) to break or edit in a test,
    without venv, builds, caches and history."""
    ignore = shutil.ignore_patterns(
        ".venv", "site", ".git", "artifacts", "node_modules", ".*cache", "*.egg-info"
    )
    shutil.copytree(source, dest, ignore=ignore)
    return dest


@pytest.fixture(scope="session")
def raw_catalogue() -> dict[str, Any]:
    """The example catalogue with every scalar as written (no YAML type guessing)."""
    with (ROOT / "pricing" / "catalogue.yaml").open(encoding="utf-8") as handle:
        data: dict[str, Any] = yaml.load(handle, Loader=yaml.BaseLoader)
    return data


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example site, built once per test process with `mkdocs build --strict`."""
    dest = tmp_path_factory.mktemp("site")
    result = build_site(ROOT / "mkdocs.yml", dest)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return dest


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture(scope="session")
def server(site: Path) -> Iterator[str]:
    """Base URL of the built site served on 127.0.0.1 (a free port)."""
    with served(site) as url:
        yield url


@contextlib.contextmanager
def served(site: Path) -> Iterator[str]:
    """A folder served on 127.0.0.1 (a free port) while the block runs: its base URL."""
    handler = functools.partial(QuietHandler, directory=str(site))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    """Debian's Chromium, never a downloaded one; it must be installed (see Makefile: chromium)."""
    assert shutil.which("chromium") or Path(CHROMIUM).exists(), (
        "Chromium is missing: run `make chromium` (apt-get install chromium)"
    )
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
        ],
    }
