"""Tarifa: a pricing catalogue in YAML becomes a multilingual pricing site.

The `tarifa` MkDocs plugin (`tarifa.plugin`) is the only module that imports MkDocs; the rest of
the package is plain Python: `catalogue` (the typed model and its YAML), `l10n` (formats and
translations), `pages` (what the markers of a page become), `publish` (open data, feeds,
JSON-LD) and `build` (atomic and parallel builds, serve, site checks). `cli` is the command line.
"""

__version__ = "0.2.0"
