"""Check-in data: passes and keys, check-in points, devices, scans."""
