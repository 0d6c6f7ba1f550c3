"""`mkdocs serve` keeps serving the last good site while a rebuild fails.

MkDocs 1.6 alone does not: after a failed rebuild its server holds every page request until a
build succeeds ("the server will appear stuck"), and a build that fails after it has cleaned the
output folder leaves a half-written site. Here every rebuild writes into a second folder, and the
server switches to it only when the build succeeded; a failed build leaves the one-line errors in
the log and the previous site served as it was. Saving a fix rebuilds and switches, no restart.

Nothing here runs for `mkdocs build`. It leans on `LiveReloadServer` internals (`root`,
`builder`, `error_handler`, `_epoch_cond`, `_visible_epoch`, `_wanted_epoch`) of MkDocs 1.6.1, the
last 1.x release, pinned in pyproject.toml; tests/test_serve.py drives it end to end.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from mkdocs import utils
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.plugins import event_priority

log = logging.getLogger("mkdocs.hooks.tarifa_serve")

#: The folder the running rebuild writes into (empty: MkDocs' own choice, as in `mkdocs build`).
_target: list[str] = []
_spare: list[str] = []


@event_priority(100)  # before every other plugin reads config.site_dir
def on_config(config: MkDocsConfig) -> None:
    if _target:
        config.site_dir = _target[0]


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    build = server.builder
    clean_directory = utils.clean_directory
    _spare[:] = [tempfile.mkdtemp(prefix="mkdocs_tarifa_")]

    def build_then_switch() -> None:
        spare, first = os.path.abspath(_spare[0]), os.path.abspath(config.site_dir)
        target = spare if os.path.abspath(server.root) != spare else first
        _target[:] = [target]
        try:
            build()
        except Exception as error:  # any failure: keep serving the last good site
            # mkdocs-static-i18n swaps out clean_directory during its language builds and does
            # not put it back when one of them fails: do it, so later builds start clean.
            utils.clean_directory = clean_directory
            with server._epoch_cond:
                server._wanted_epoch = server._visible_epoch  # release the waiting requests
                server._epoch_cond.notify_all()
            if isinstance(error, SystemExit):  # MkDocs' Abort: its message says it all
                log.error(str(error))
            else:
                log.exception("The rebuild failed")
            log.warning("Tarifa: still serving the last good site; save a fix to rebuild")
            return
        finally:
            _target.clear()
        server.root = target

    def error_page(code: int) -> bytes | None:
        page = Path(server.root) / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None

    server.builder = build_then_switch
    server.error_handler = error_page
    return server


def on_shutdown() -> None:
    for folder in _spare:
        shutil.rmtree(folder, ignore_errors=True)
    _spare.clear()
