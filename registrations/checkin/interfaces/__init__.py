"""Renderers of the check-in app: QR codes, badges."""
