"""What a build publishes besides pages: open data (JSON, its schema, CSV), Atom feeds of price
changes and schema.org JSON-LD."""
