"""Header mapping: which Upflow column or custom field each header is."""
