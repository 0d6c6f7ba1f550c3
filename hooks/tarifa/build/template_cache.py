"""Compiled Jinja templates, kept for the whole process.

mkdocs-static-i18n builds every language with a new Jinja environment (MkDocs creates one per
build), so without a cache the theme's ~40 templates are compiled again for every language;
compiling was a third of the five-language build of the example site. A bytecode cache shared
by these environments compiles each template once per process (`mkdocs serve` included) and
recompiles it when its source changes (Jinja checks the source's checksum).

Only environments with the same syntax settings share code: the settings are part of the key.
"""

from __future__ import annotations

from typing import Any

from jinja2 import BytecodeCache, Environment
from jinja2.bccache import Bucket


def _settings(env: Environment) -> tuple[Any, ...]:
    autoescape = env.autoescape if isinstance(env.autoescape, bool) else id(env.autoescape)
    return (
        autoescape,
        env.trim_blocks,
        env.lstrip_blocks,
        env.keep_trailing_newline,
        env.newline_sequence,
        env.block_start_string,
        env.block_end_string,
        env.variable_start_string,
        env.variable_end_string,
        env.comment_start_string,
        env.comment_end_string,
        env.line_statement_prefix,
        env.line_comment_prefix,
        env.optimized,
        tuple(sorted(env.extensions)),
    )


class MemoryBytecodeCache(BytecodeCache):
    def __init__(self) -> None:
        self._code: dict[tuple[str, tuple[Any, ...]], bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get((bucket.key, _settings(bucket.environment)))
        if code is not None:
            bucket.bytecode_from_string(code)  # ignored if the source's checksum changed

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[(bucket.key, _settings(bucket.environment))] = bucket.bytecode_to_string()

    def clear(self) -> None:
        self._code.clear()


#: The cache of this process.
TEMPLATES = MemoryBytecodeCache()
