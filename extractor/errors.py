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
    from extractor.personnummer import mask

    return mask(printable(text))


class DiariumError(Exception):
    """Base class: a one-line, user-facing message."""

    code = "D000"

    def __str__(self) -> str:
        return f"[{self.code}] {shown(super().__str__())}"


class UnreadableDocument(DiariumError):
    """A file that cannot be read as a document; names the file and the reason."""

    code = "D101"

    def __init__(self, path, reason: str):
        self.path = shown(str(path))
        self.reason = shown(reason)
        super().__init__(f"{self.path}: {reason}")
