from registrations.logistics import protocol_hooks  # noqa: F401
