"""Walking the files and folders given to ``diarium import``, safely.

Every file found comes out as a :class:`Found`: the path to read it by (exactly as the
system names it, which may not be UTF-8), the name to show and store (see :func:`shown`),
and, when it is not to be read, why. The rules:

* a symbolic link is followed only when it leads to a file or folder inside one of the
  folders given (a link to ``/etc/passwd`` from an archive is skipped, with the reason); a
  link to a folder is never descended (its target is walked where it lies, or not at all),
  and a broken link is skipped;
* anything but a regular file (a pipe, a socket, a device) is skipped, so nothing blocks;
* a subfolder that cannot be listed is reported as failed, under its own name, and the
  walk goes on;
* hidden files and folders (a leading dot) are passed over; a file whose format no reader
  knows is skipped.

Names are shown and stored as the user's path (the link, never its target), made
printable: bytes that are not UTF-8 become ``\\xNN`` and control characters (line breaks,
escape sequences) become ``\\n``, ``\\x1b`` and so on, so no name can break a terminal,
the store or a summary, and personal identity numbers in names are masked.
"""

from __future__ import annotations

import os
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator, Optional

from extractor.errors import printable


@dataclass
class Found:
    """One file (or unreadable folder) met by the walk."""

    path: str              # to open it by, as given (may hold surrogate escapes for non-UTF-8 bytes)
    name: str              # to show and store: absolute, printable, personnummer masked
    status: str = "file"   # ``file`` to read, ``skipped`` or ``failed`` with a reason
    reason: Optional[str] = None


def shown(path) -> str:
    """The absolute path as shown and stored: printable, personal numbers masked, the
    user's own spelling (symbolic links are not resolved)."""
    from extractor.identifiers.personnummer import mask_name

    return mask_name(printable(os.path.abspath(os.fspath(path))))


def walk(paths: Iterable, suffixes: Optional[Iterable[str]] = None) -> Iterator[Found]:
    """Every file named, or found under a folder named, sorted per folder."""
    if suffixes is None:
        from extractor.reading.readers import SUPPORTED_SUFFIXES as suffixes
    suffixes = {s.lower() for s in suffixes}
    for given in paths:
        given = os.fspath(given)
        if os.path.isdir(given):
            yield from _walk_folder(given, suffixes)
        else:
            yield _file(given, None, suffixes, named=True)


def _walk_folder(top: str, suffixes: set) -> Iterator[Found]:
    root = os.path.realpath(top)
    problems: list[OSError] = []
    for folder, dirs, files in os.walk(top, onerror=problems.append):
        while problems:
            yield _unreadable(problems.pop(0))
        keep = []
        for name in sorted(dirs):
            if name.startswith("."):
                continue
            full = os.path.join(folder, name)
            if os.path.islink(full):
                target = os.path.realpath(full)
                inside = _inside(target, root)
                yield Found(full, shown(full), "skipped",
                            "symbolic link to a folder inside the imported folder; not followed" if inside
                            else "symbolic link leads outside the imported folder; not followed")
            else:
                keep.append(name)
        dirs[:] = keep
        for name in sorted(files):
            if name.startswith("."):
                continue
            yield _file(os.path.join(folder, name), root, suffixes)
    while problems:
        yield _unreadable(problems.pop(0))


def _unreadable(exc: OSError) -> Found:
    path = exc.filename or "?"
    return Found(path, shown(path), "failed", f"folder could not be read: {exc.strerror or exc}")


def _inside(target: str, root: str) -> bool:
    return target == root or target.startswith(root.rstrip(os.sep) + os.sep)


def _file(path: str, root: Optional[str], suffixes: set, named: bool = False) -> Found:
    name = shown(path)
    try:
        if os.path.islink(path):
            if not os.path.exists(path):
                return Found(path, name, "skipped", "broken symbolic link")
            if root is not None and not _inside(os.path.realpath(path), root):
                return Found(path, name, "skipped", "symbolic link leads outside the imported folder; not followed")
        mode = os.stat(path).st_mode
    except OSError as exc:
        return Found(path, name, "failed", exc.strerror or str(exc))
    if not stat.S_ISREG(mode):
        return Found(path, name, "skipped", "not a regular file")
    suffix = Path(path).suffix.lower()
    if not named and suffix not in suffixes:
        return Found(path, name, "skipped", f"format '{printable(suffix) or '(none)'}' is not one Diarium reads")
    return Found(path, name, "file")  # a file named by the user: the readers decide from its content
