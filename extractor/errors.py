"""Errors the extractor raises, each with a stable code users can search for."""


class DiariumError(Exception):
    """Base class: a one-line, user-facing message."""

    code = "D000"

    def __str__(self) -> str:
        return f"[{self.code}] {super().__str__()}"


class UnreadableDocument(DiariumError):
    """A file that cannot be read as a document; names the file and the reason."""

    code = "D101"

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")
