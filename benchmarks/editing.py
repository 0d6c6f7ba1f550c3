"""From saving a changed price to the rebuilt page being served, under `mkdocs serve`.

`mkdocs serve` runs on a copy of the project; the benchmark changes the current input price of
the catalogue's first model, writes the file, and polls the pricing page until it shows the new
price. Full mode builds all languages; fast mode (TARIFA_LOCALE, `make serve-fast`) builds one.
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
from pathlib import Path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def set_price(catalogue: Path, price: str) -> None:
    """Give the first model's latest price entry the input price `price`."""
    text = catalogue.read_text(encoding="utf-8")
    start = text.index("\nmodels:\n")
    entry = re.compile(r"^  - id: .*?(?=^  - id: |\Z)", re.M | re.S).search(text, start)
    assert entry, "no model in the catalogue"
    lines = list(re.finditer(r"^      - \{since: [^\n]*input: ([0-9.]+)", entry.group(0), re.M))
    assert lines, "the first model has no input price"
    value = lines[-1]
    begin = entry.start() + value.start(1)
    catalogue.write_text(text[:begin] + price + text[entry.start() + value.end(1) :], encoding="utf-8")


def latency(project: Path, *, fast: bool, repeats: int = 3, locale: str = "en") -> list[float]:
    """Seconds from writing the catalogue to the new price on the served pricing page."""
    port = free_port()
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    env.pop("TARIFA_LOCALE", None)
    if fast:
        env["TARIFA_LOCALE"] = locale
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "-q", "-a", f"127.0.0.1:{port}"],
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    url = f"http://127.0.0.1:{port}/pricing/"
    catalogue = project / "pricing" / "catalogue.yaml"
    original = catalogue.read_text(encoding="utf-8")
    results = []
    try:
        deadline = time.monotonic() + 300
        while fetch(url) is None:
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(
                    f"mkdocs serve did not start: {server.stderr.read() if server.stderr else ''}"
                )
            time.sleep(0.2)
        time.sleep(1.0)  # let the watcher settle after the first build
        for run in range(repeats):
            price = f"0.05{17 + run}"  # shown as $0.0517 … in English
            set_price(catalogue, price)
            saved = time.perf_counter()
            while True:
                page = fetch(url)
                if page is not None and f"${price}" in page:
                    break
                if time.perf_counter() - saved > 300:
                    raise RuntimeError("the new price never appeared")
                time.sleep(0.01)
            results.append(time.perf_counter() - saved)
            time.sleep(1.0)
    finally:
        catalogue.write_text(original, encoding="utf-8")
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return results
