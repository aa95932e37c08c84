"""Check-in actions: issuing and verifying passes, deciding every scan."""
