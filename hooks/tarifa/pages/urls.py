"""Where Tarifa's generated files and pages live in a built site, from its language's root."""

#: The price-changes page and each language's Atom feed of price changes.
CHANGES_PATH = "price-changes/"
FEED_PATH = "price-changes/feed.xml"
#: The open-data files, written once at the site's root.
JSON_PATH = "api/pricing.json"
SCHEMA_PATH = "api/pricing.schema.json"
CSV_PATH = "api/pricing.csv"
OPEN_DATA = (JSON_PATH, SCHEMA_PATH, CSV_PATH)
#: The folder of the model pages.
MODELS_PATH = "models/"
