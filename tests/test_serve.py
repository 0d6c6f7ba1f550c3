"""Editing with live reload: `mkdocs serve` on a copy of the project, the catalogue broken and fixed.

A broken catalogue prints the one-line errors and the last good site stays served (MkDocs alone
would hold every request until a build succeeds: hooks/tarifa_serve.py); a fix is picked up
without a restart. Also the fast mode for editors (one language, TARIFA_LOCALE).
"""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from babel.numbers import format_currency
from bs4 import BeautifulSoup

from conftest import build_day, build_site, copy_project

WAIT = 240.0  # seconds: a full five-language rebuild on a busy 2-core machine stays well under it


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> tuple[int, str]:
    """Status and page; the id MkDocs' live-reload script gives each request is left out."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            page = response.read().decode("utf-8")
            return response.status, re.sub(r"livereload\((\d+), \d+\)", r"livereload(\1, ...)", page)
    except urllib.error.HTTPError as error:
        return error.code, ""
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return 0, ""


def wait_for(what: str, check: Callable[[], bool], log: Path) -> None:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.3)
    tail = log.read_text(encoding="utf-8")[-4000:]
    raise AssertionError(f"timed out after {WAIT:.0f} s waiting for {what}; server log:\n{tail}")


class Serve:
    """`mkdocs serve` of a project on 127.0.0.1:<free port>, its output in a log file."""

    def __init__(self, project: Path, log: Path, env: dict[str, str] | None = None) -> None:
        self.url = f"http://127.0.0.1:{free_port()}/"
        self.log = log
        self._out = log.open("w", encoding="utf-8")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-a", self.url[7:-1]],
            cwd=project,
            stdout=self._out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
        )

    def output(self) -> str:
        return self.log.read_text(encoding="utf-8")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # MkDocs shuts down cleanly, removing its folders
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=20)
        self._out.close()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return copy_project(tmp_path / "project")


@pytest.fixture
def serve(project: Path, tmp_path: Path) -> Iterator[Serve]:
    server = Serve(project, tmp_path / "serve.log")
    try:
        yield server
    finally:
        server.stop()


def current_input_price(project: Path) -> tuple[int, str, str]:
    """The first chat model's price in effect: (its line index in the catalogue, model name, price)."""
    text = (project / "pricing" / "catalogue.yaml").read_text(encoding="utf-8")
    raw: dict[str, Any] = yaml.load(text, Loader=yaml.BaseLoader)
    model = next(m for m in raw["models"] if m["kind"] == "chat")
    effective = [p for p in model["prices"] if p["since"] <= build_day().isoformat()] or model["prices"][:1]
    price = effective[-1]
    lines = text.splitlines()
    own_id = re.compile(rf"\s*- id: {re.escape(model['id'])}\s*$")
    start = next(i for i, line in enumerate(lines) if own_id.match(line))
    index = next(
        i for i in range(start, len(lines)) if f"since: {price['since']}" in lines[i] and "input:" in lines[i]
    )
    return index, model["name"], price["input"]


def replace_line(file: Path, index: int, old: str, new: str) -> tuple[int, int]:
    """Replace `old` by `new` on line `index` (0-based); the 1-based line and column of `new`."""
    lines = file.read_text(encoding="utf-8").splitlines(keepends=True)
    assert old in lines[index], (old, lines[index])
    lines[index] = lines[index].replace(old, new, 1)
    file.write_text("".join(lines), encoding="utf-8")
    return index + 1, lines[index].index(new) + 1


def test_broken_inputs_keep_the_last_good_site_and_fixes_come_back(project: Path, serve: Serve) -> None:
    catalogue = project / "pricing" / "catalogue.yaml"
    po = project / "pricing" / "locales" / "de" / "LC_MESSAGES" / "pricing.po"
    page, de_page = serve.url + "pricing/", serve.url + "de/pricing/"
    wait_for("the first build", lambda: fetch(page)[0] == 200, serve.log)
    before, de_before = fetch(page), fetch(de_page)
    index, name, price = current_input_price(project)
    new_price = "0.0123"  # in no catalogue
    shown = format_currency(Decimal(new_price), "USD", locale="en", decimal_quantization=False)
    assert before[0] == 200 and name in before[1] and shown not in before[1]
    assert de_before[0] == 200

    def failed_builds() -> int:
        return serve.output().count("still serving the last good site")

    def error_lines(where: str) -> list[str]:
        return [x for x in serve.output().splitlines() if f"{where}: " in x]

    # Break a translation: the locale files are watched; one error line; the old site stays.
    po_lines = po.read_text(encoding="utf-8").splitlines()
    msgstr = po_lines.index('msgid "Free"') + 1  # the tier's name (msgctxt "tier name")
    translation = po_lines[msgstr]
    assert re.fullmatch(r'msgstr ".+"', translation), translation
    replace_line(po, msgstr, translation, translation[:-1])  # no closing quote
    wait_for("the translation error", lambda: failed_builds() == 1, serve.log)
    assert len(error_lines(f"pricing/locales/de/LC_MESSAGES/pricing.po:{msgstr + 1}:1")) == 1, serve.output()
    assert fetch(page) == before and fetch(de_page) == de_before

    # Break the catalogue: the same.
    line, col = replace_line(catalogue, index, f"input: {price}", "input: zero")
    error = f"pricing/catalogue.yaml:{line}:{col + len('input: ')}"  # where the value starts
    wait_for("the catalogue error", lambda: failed_builds() == 2, serve.log)
    errors = error_lines(error)
    assert len(errors) == 1, f"no line with {error!r} in:\n{serve.output()[-3000:]}"
    assert errors[0].startswith("ERROR") and "found text 'zero'" in errors[0], errors
    assert fetch(page) == before and fetch(de_page) == de_before
    assert serve.process.poll() is None

    # Fix both, with a new translation and a new price: served without a restart.
    replace_line(po, msgstr, translation[:-1], translation.replace('msgstr "', 'msgstr "Neu: ', 1))
    replace_line(catalogue, index, "input: zero", f"input: {new_price}")
    wait_for(f"the new price {shown}", lambda: shown in fetch(page)[1], serve.log)
    assert "Neu: " in fetch(de_page)[1]
    assert serve.process.poll() is None
    assert "Traceback" not in serve.output()


def test_fast_mode_builds_one_language_at_the_root(project: Path, tmp_path: Path) -> None:
    result = build_site(project / "mkdocs.yml", tmp_path / "fast", env={"TARIFA_LOCALE": "de"})
    assert result.returncode == 0, result.stderr
    site = tmp_path / "fast"
    assert not (site / "de").exists() and not (site / "fr").exists()
    html = (site / "pricing" / "index.html").read_text(encoding="utf-8")
    assert '<html lang="de"' in html
    # Every hand-written page in its German translation, not the English one (static-i18n alone
    # counts pricing.md as German in this mode, and it won over pricing.de.md).
    for source in sorted((project / "docs").glob("*.de.md")):
        name = source.name.removesuffix(".de.md")
        built = site / ("" if name == "index" else name) / "index.html"
        title = BeautifulSoup(built.read_text(encoding="utf-8"), "lxml").select_one("article h1")
        front = yaml.safe_load(source.read_text(encoding="utf-8").split("---\n")[1]) or {}
        heading = re.search(r"(?m)^# (.+?)(?: \{.*\})?$", source.read_text(encoding="utf-8"))
        expected = front.get("title") or (heading.group(1) if heading else None)
        assert title is not None and expected and title.get_text(strip=True) == expected, (source.name, title)
