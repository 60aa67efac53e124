"""The organization's live definitions: the document, its loading, and fetching it from a URL."""
