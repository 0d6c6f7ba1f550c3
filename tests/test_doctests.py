"""The examples in Tarifa's docstrings are tests: every module's doctests run and pass."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import tarifa

MODULES = sorted(
    name for _, name, _ in pkgutil.walk_packages(tarifa.__path__, prefix="tarifa.") if "__main__" not in name
)


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{name}: {result.failed} of {result.attempted} examples failed"
