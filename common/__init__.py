"""Pieces every app of the project shares: plain Python, no models."""
