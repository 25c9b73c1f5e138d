"""Errors the extractor raises, each with a stable code users can search for, and the
printable form of names that go into messages."""

_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """``text`` safe for a terminal and for UTF-8: bytes that were not UTF-8 (surrogate
    escapes) as ``\\xNN``, control characters escaped (``\\n``, ``\\x1b``), the rest as it is."""
    out = []
    for ch in str(text):
        code = ord(ch)
        if 0xDC80 <= code <= 0xDCFF:
            out.append(f"\\x{code - 0xDC00:02x}")
        elif 0xD800 <= code <= 0xDFFF:
            out.append(f"\\u{code:04x}")
        elif ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif code < 0x20 or 0x7F <= code < 0xA0 or code in (0x2028, 0x2029):
            out.append(f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)


def terminal(text: str) -> str:
    """Text for a terminal, line by line: each line :func:`printable` (so a document's escape
    sequences or stray carriage returns cannot rewrite the screen), line breaks kept."""
    return "\n".join(printable(line) for line in str(text).split("\n"))


def shown(text: str) -> str:
    """A name or message as it may be shown: printable, personal identity numbers masked."""
    from extractor.identifiers.personnummer import mask

    return mask(printable(text))


# Every error code users see, with the HTTP status the web page answers it with: the user's
# input (4xx) or the index and the machine (5xx). The README's table of error codes lists the
# same codes; a test holds the two and the error classes together.
HTTP_STATUS = {
    "D000": 500,  # an unexpected error
    "D101": 422,  # a file cannot be read as a document
    "D201": 503,  # no index in the folder
    "D202": 503,  # another process is writing to the index
    "D203": 503,  # no search index yet
    "D204": 503,  # the search index cannot be read
    "D205": 400,  # a search the index cannot answer (the user's query or filters)
    "D206": 507,  # the disk is full
    "D207": 503,  # the index folder is read-only
    "D208": 400,  # no such search engine
    "D209": 422,  # an organisation corrections file that cannot be used
    "D210": 503,  # the Dask cluster cannot be reached or lost the work
    "D211": 400,  # a search too broad for its time budget
    "D301": 404,  # no such case or document
    "D601": 500,  # an export cannot be written
}


class DiariumError(Exception):
    """Base class: a one-line, user-facing message."""

    code = "D000"

    def __str__(self) -> str:
        return f"[{self.code}] {shown(super().__str__())}"

    @property
    def http_status(self) -> int:
        return HTTP_STATUS.get(self.code, 500)


class UnreadableDocument(DiariumError):
    """A file that cannot be read as a document; names the file and the reason."""

    code = "D101"

    def __init__(self, path, reason: str):
        self.path = shown(str(path))
        self.reason = shown(reason)
        super().__init__(f"{self.path}: {reason}")
