#!/usr/bin/env bash
# Make .venv with Diarium installed; with "dev", also the test tools (axe-core included) and the Dask cluster extra.
# Installs the Debian packages it needs first (python3-venv, tesseract-ocr with Swedish;
# chromium, chromium-driver and LibreOffice Writer with "dev"), which needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
extras="${1:-}"
python="${PYTHON:-python3}"
if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    echo "bootstrap: Python 3.11 or newer is needed (found: $("$python" --version 2>&1))" >&2
    exit 1
fi
# System packages: OCR with the Swedish language data always; with "dev" the browser for the web
# tests and LibreOffice Writer (headless) for the tests on word-processor PDFs.
need=()
if ! "$python" -m venv --help >/dev/null 2>&1 || ! "$python" -c 'import ensurepip' 2>/dev/null; then
    need+=(python3-venv)
fi
command -v tesseract >/dev/null && tesseract --list-langs 2>/dev/null | grep -qx swe || need+=(tesseract-ocr tesseract-ocr-swe)
if [ "$extras" = dev ]; then
    command -v chromium >/dev/null || need+=(chromium)
    command -v chromedriver >/dev/null || need+=(chromium-driver)
    command -v soffice >/dev/null || need+=(libreoffice-writer-nogui)
fi
if [ ${#need[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "bootstrap: installing ${need[*]}" >&2
        apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
    else
        echo "bootstrap: missing system packages; install them: apt-get install ${need[*]}" >&2
        exit 1
    fi
fi
[ -x .venv/bin/python ] || "$python" -m venv .venv
.venv/bin/python -m pip install -q --upgrade pip >&2
if [ "$extras" = dev ]; then
    .venv/bin/python -m pip install -q -e '.[dev,cluster]' >&2
    # axe-core for the browser tests' accessibility checks: one pinned version from the npm
    # registry, its SHA-512 integrity checked (tests/axe.py), cached in .cache/axe-core/
    .venv/bin/python -m tests.axe >/dev/null
else
    .venv/bin/python -m pip install -q -e . >&2
fi
