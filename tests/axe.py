"""axe-core, the accessibility rules engine the browser tests run on every page type.

Fetched from the npm registry at one pinned version and checked against the registry's
published SHA-512 integrity before a byte of it is kept; the script is cached under
``.cache/axe-core/VERSION/`` in the repository (``scripts/bootstrap.sh dev`` fetches it,
and the browser tests fetch it when it is missing). A tarball that does not match is refused.

    python -m tests.axe     # fetch and check it; prints the path of axe.min.js
"""

from __future__ import annotations

import base64
import hashlib
import io
import sys
import tarfile
import urllib.request
from pathlib import Path

VERSION = "4.14.1"
TARBALL = f"https://registry.npmjs.org/axe-core/-/axe-core-{VERSION}.tgz"
# the registry's dist.integrity of that version (https://registry.npmjs.org/axe-core/4.14.1)
INTEGRITY = "sha512-FHfa+lmNjQZfJz1q8wKqIDwC6DExcHt/pkjNQb09a3NPjCKg2rhu5qb2S4r76ASyFNNtuFooJpZe37OgudVGtQ=="
CACHE = Path(__file__).resolve().parent.parent / ".cache" / "axe-core" / VERSION
SCRIPT = CACHE / "axe.min.js"
MEMBER = "package/axe.min.js"


class BadDownload(Exception):
    """The tarball fetched is not the one the registry vouches for."""


def check(data: bytes, integrity: str = INTEGRITY) -> None:
    algorithm, _, expected = integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode("ascii")
    if actual != expected:
        raise BadDownload(f"{TARBALL}: {algorithm} is {actual}, the registry says {expected}")


def ensure() -> Path:
    """The path of the checked ``axe.min.js``, fetched first when it is not cached."""
    if SCRIPT.exists():
        return SCRIPT
    with urllib.request.urlopen(TARBALL, timeout=60) as answer:
        data = answer.read()
    check(data)
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        script = tar.extractfile(MEMBER).read()
    CACHE.mkdir(parents=True, exist_ok=True)
    partial = SCRIPT.with_suffix(".part")
    partial.write_bytes(script)
    partial.replace(SCRIPT)
    return SCRIPT


if __name__ == "__main__":
    try:
        print(ensure())
    except (OSError, BadDownload) as exc:
        print(f"axe-core: {exc}", file=sys.stderr)
        sys.exit(1)
