class DomainError(Exception):
    """A workflow step was refused; the message is for the user (translated)."""

    def __init__(self, message, *, problems=None):
        super().__init__(str(message))
        self.message = message
        self.problems = problems or []
