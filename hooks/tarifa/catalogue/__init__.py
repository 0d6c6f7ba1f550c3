"""The price catalogue: its typed model, the YAML reader that locates every value, the checks,
price history, comparisons with other providers, display currencies and the cost arithmetic."""
