"""QR passes, check-in points, devices, scans and badges: everything at the gate."""
