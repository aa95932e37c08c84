"""Every registration action, as a plain function: the only place that changes registrations."""
