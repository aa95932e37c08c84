"""Guest logistics: travel, transfers, hotels, needs, interpreters, visa letters, seating, itineraries."""
