"""Files that misbehave while they are read, by name: for the bounds on reading processes.

``hang*`` spins on the CPU without end, ``crash*`` kills its reading process, ``huge*`` asks
for far more memory than any bound allows, ``killparent*`` kills the process that started the
reading process (on a cluster: the Dask worker; never use it in a local import); every other
file is read as usual. A local import
gets :func:`read` by patching ``index.importing.workers.read_and_extract`` (its workers are forked); a
cluster import names it as ``tests.faults:read``.
"""

from __future__ import annotations

import os
import signal
from pathlib import Path

from index.importing.workers import read_and_extract as _read_and_extract


def read(path, ocr=True):
    name = Path(path).name
    if name.startswith("hang"):
        while True:  # bounded by CPU time, whatever the machine's load
            pass
    if name.startswith("crash"):
        os._exit(3)
    if name.startswith("killparent"):
        os.kill(os.getppid(), signal.SIGKILL)
        signal.pause()
    if name.startswith("huge"):
        return [bytearray(64 << 20) for _ in range(1000)]
    return _read_and_extract(path, ocr)
