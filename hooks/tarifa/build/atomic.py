"""Output that is all or nothing: a build writes into a new folder beside its target, and the
target is replaced by it only when the build succeeded.

A deploy step that copies `site/` after a failed build must find the previous site exactly as it
was, never half of a new one. So a build writes into `.site.tarifa-XXXX` in the same parent
folder (so that the final step is a rename, not a copy), and on success the two folders are
exchanged in one step (Linux's `renameat2(RENAME_EXCHANGE)`; two renames elsewhere) and the old
one is deleted. On failure the new folder is deleted and the target is not touched.

Hidden entries of the target (a `.git` of a `gh-pages` checkout, say) move into the new folder,
as `mkdocs build` keeps them when it cleans the folder.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import tempfile
from pathlib import Path

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def new_folder(target: Path) -> Path:
    """An empty folder beside `target` to build into."""
    target.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{target.name}.tarifa-", dir=target.parent))


def discard(folder: Path) -> None:
    shutil.rmtree(folder, ignore_errors=True)


def replace(target: Path, built: Path) -> None:
    """Put the folder `built` in place of `target` (which may not exist yet) and delete the old one."""
    if not target.exists():
        os.replace(built, target)
        return
    for entry in target.iterdir():
        if entry.name.startswith(".") and not (built / entry.name).exists():
            os.replace(entry, built / entry.name)
    if _exchange(built, target):
        discard(built)  # now the old site
        return
    old = Path(tempfile.mkdtemp(prefix=f".{target.name}.tarifa-old-", dir=target.parent))
    os.replace(target, old / target.name)
    os.replace(built, target)
    discard(old)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step where the system can (Linux 3.15+); False if it cannot."""
    name = ctypes.util.find_library("c")
    if name is None:
        return False
    try:
        libc = ctypes.CDLL(name, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return bool(result == 0)
