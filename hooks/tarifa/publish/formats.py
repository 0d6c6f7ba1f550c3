"""What every open-data file is made of: exact decimals as text, CSV cells that no spreadsheet
runs, JSON Schema building blocks, and files written whole or not at all."""

from __future__ import annotations

import os
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any


def decimal_text(value: Decimal) -> str:
    """A decimal as plain digits, exactly as precise as the catalogue: never an exponent."""
    return format(value, "f")


#: The first characters that make a spreadsheet read a cell as a formula (OWASP, CSV injection).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(text: str) -> str:
    """A text cell that no spreadsheet runs as a formula.

    >>> csv_text("=1+1"), csv_text("-1+1"), csv_text("@SUM(1,1)"), csv_text("Heron 20B")
    ("'=1+1", "'-1+1", "'@SUM(1,1)", 'Heron 20B')
    """
    return "'" + text if text.startswith(FORMULA_START) else text


DECIMAL = {"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?$", "description": "An exact decimal."}
DATE = {"type": "string", "format": "date", "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"}
COUNT = {"type": "integer", "minimum": 0}
TEXT = {"type": "string", "minLength": 1}


def object_schema(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties) if required is None else required,
        "additionalProperties": False,
    }


def write_atomically(path: Path, data: bytes) -> None:
    """Write `data` to `path` through a temporary file: readers never see half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
