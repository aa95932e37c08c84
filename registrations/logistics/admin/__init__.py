"""The back office of logistics: one event tab, "Logistics", with its own screens."""
