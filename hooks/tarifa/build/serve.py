"""`mkdocs serve` keeps serving the last good site while a rebuild fails.

MkDocs 1.6 alone does not: after a failed rebuild its server holds every page request until a
build succeeds ("the server will appear stuck"), and a build that fails after it has cleaned the
output folder leaves a half-written site. Here every rebuild writes into a second folder, and the
server switches to it only when the build succeeded; a failed build leaves the one-line errors in
the log and the previous site served as it was. Saving a fix rebuilds and switches, no restart.

Nothing here runs for `mkdocs build`. It leans on `LiveReloadServer` internals (`root`,
`builder`, `error_handler`, `_epoch_cond`, `_visible_epoch`, `_wanted_epoch`) of MkDocs 1.6.1, the
last 1.x release, pinned in pyproject.toml; tests/test_serve.py drives it end to end. The plugin
turns it on unless `serve_last_good_site: false`.
"""

from __future__ import annotations

import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

log = logging.getLogger("mkdocs.plugins.tarifa")


class LastGoodSite:
    """Rebuilds of one `mkdocs serve` session, each into the folder not being served."""

    def __init__(self) -> None:
        #: The folder the running rebuild writes into (None: MkDocs' own choice).
        self.target: str | None = None
        self.spare: str | None = None

    def site_dir(self, configured: str) -> str:
        """Where this build writes: the rebuild's folder during a rebuild, else MkDocs' own."""
        return self.target or configured

    def install(self, server: Any, config: Any) -> None:
        """Wrap the server's builder: build into the spare folder, switch only on success."""
        from mkdocs import utils

        build = server.builder
        clean_directory = utils.clean_directory
        self.spare = tempfile.mkdtemp(prefix="mkdocs_tarifa_")

        def build_then_switch() -> None:
            assert self.spare is not None
            spare, first = os.path.abspath(self.spare), os.path.abspath(config.site_dir)
            target = spare if os.path.abspath(server.root) != spare else first
            self.target = target
            try:
                build()
            except Exception as error:  # any failure: keep serving the last good site
                # mkdocs-static-i18n swaps out clean_directory during its language builds and
                # does not put it back when one of them fails: do it, so later builds start clean.
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
                self.target = None
            server.root = target

        def error_page(code: int) -> bytes | None:
            page = Path(server.root) / f"{code}.html"
            return page.read_bytes() if code in (404, 500) and page.is_file() else None

        server.builder = build_then_switch
        server.error_handler = error_page

    def close(self) -> None:
        if self.spare is not None:
            shutil.rmtree(self.spare, ignore_errors=True)
            self.spare = None
