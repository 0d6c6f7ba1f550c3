"""Tarifa: a pricing catalogue in YAML becomes a multilingual pricing site.

The package imports nothing from MkDocs; `hooks/tarifa_hooks.py` is the thin MkDocs side.
"""

__version__ = "0.1.0"
