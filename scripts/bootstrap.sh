#!/usr/bin/env bash
# Make .venv with Diarium installed; with "dev", also the test tools.
# Installs Debian's python3-venv first when the interpreter cannot make a venv (needs root).
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "bootstrap: Python 3.11 or newer is needed (found: $("$python" --version 2>&1))" >&2
    exit 1
fi
if ! "$python" -m venv --help >/dev/null 2>&1 || ! "$python" -c 'import ensurepip' 2>/dev/null; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
    else
        echo "bootstrap: python3-venv is missing; install it (apt-get install python3-venv)" >&2
        exit 1
    fi
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >&2
if [ "$extras" = dev ]; then
    .venv/bin/python -m pip install -q -e '.[dev]' >&2
else
    .venv/bin/python -m pip install -q -e . >&2
fi
