#!/usr/bin/env bash
# Set up Diarium and run it on the shipped sample corpus: the facts of every document.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
.venv/bin/diarium extract corpus/documents "$@"
