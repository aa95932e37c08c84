class RegistrationError(Exception):
    """A refused action, with a machine-readable code and a message for the user."""

    def __init__(self, code: str, message: str, **detail):
        super().__init__(message)
        self.code, self.message, self.detail = code, str(message), detail
