"""Building the site: atomic output, parallel per-language builds, `mkdocs serve`'s last good
site, checks of a built site, and what Tarifa changes in Material's own files."""
