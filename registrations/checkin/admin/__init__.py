"""The check-in desk in the Wagtail admin: the "Check-in" tab of an event."""
