"""Localization: number and date formats (Babel), the two gettext domains, the translators'
commands (extract, update, status, check, add-language) and their checks."""
