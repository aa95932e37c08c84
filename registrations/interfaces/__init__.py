"""Ways in and out of the registrations app: guest-list importers and exporters."""
