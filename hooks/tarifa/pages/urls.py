"""Where Tarifa's generated files and pages live in a built site, from its language's root."""

#: The price-changes page and each language's Atom feed of price changes.
CHANGES_PATH = "price-changes/"
FEED_PATH = "price-changes/feed.xml"
#: The open-data files, written once at the site's root: format version 2 (every price), and the
#: frozen version 1 at its first addresses.
V2_JSON_PATH = "api/v2/pricing.json"
V2_SCHEMA_PATH = "api/v2/pricing.schema.json"
V2_CSV_PATH = "api/v2/pricing.csv"
JSON_PATH = "api/pricing.json"
SCHEMA_PATH = "api/pricing.schema.json"
CSV_PATH = "api/pricing.csv"
OPEN_DATA = (V2_JSON_PATH, V2_SCHEMA_PATH, V2_CSV_PATH, JSON_PATH, SCHEMA_PATH, CSV_PATH)
#: The folder of the model pages.
MODELS_PATH = "models/"
#: Catalogues with more models of a kind than the overview shows list them all, a page at a time:
#: `all-models/chat/`, `all-models/chat/2/`, ...
LISTS_PATH = "all-models/"
#: Every model of the language (name, id, kind, main prices, page), which the overview's search
#: loads when the overview does not show them all.
FINDER_PATH = "models/finder.json"
