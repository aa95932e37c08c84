"""The badges' hooks; the "badges" part fills this module in."""
