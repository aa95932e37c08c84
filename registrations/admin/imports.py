"""Admin screens for importing guest lists (upload, column mapping, preview, apply)."""
